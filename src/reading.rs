//! How the worker read a text ("Read as…"), as it travels to the page: a
//! few lines of text, so the page needs neither a JSON parser nor the
//! core's format and shape tables for it.
//!
//! ```text
//! summary line
//! the menu's format for the reading applied (a `ReadAs` key)
//! key \t label \t key \t label …           (the menu's formats)
//! key \t turns \t checked \t label \t example   (one line per label shape found)
//! ```

use crate::state::{ReadingInfo, ShapeChoice};

/// One line's worth of `s`: tabs and line breaks become spaces.
fn flat(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The worker's side: what the page is told of `reading`.
pub fn encode(reading: &transcript_core::parse::Reading) -> String {
    use transcript_core::parse::format_choices;
    let formats: Vec<String> = format_choices()
        .into_iter()
        .map(|(how, label)| format!("{}\t{label}", how.menu_key()))
        .collect();
    let mut out = format!(
        "{}\n{}\n{}\n",
        flat(&reading.summary),
        reading.read_as.menu_key(),
        formats.join("\t")
    );
    for c in &reading.choices {
        let checked = c.read_as.shape.is_some() && c.read_as.shape == reading.read_as.shape;
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            c.read_as.key(),
            c.turns,
            u8::from(checked),
            flat(&c.label),
            flat(&c.example)
        ));
    }
    out
}

/// The page's side; `None` for text that is not an encoded reading.
pub fn decode(text: &str) -> Option<ReadingInfo> {
    let mut lines = text.lines();
    let summary = lines.next()?.to_string();
    let format = lines.next()?.to_string();
    let mut formats = Vec::new();
    let mut fields = lines.next()?.split('\t');
    while let (Some(key), Some(label)) = (fields.next(), fields.next()) {
        formats.push((key.to_string(), label.to_string()));
    }
    let choices = lines
        .filter_map(|line| {
            let mut f = line.splitn(5, '\t');
            Some(ShapeChoice {
                key: f.next()?.to_string(),
                turns: f.next()?.parse().ok()?,
                checked: f.next()? == "1",
                label: f.next()?.to_string(),
                example: f.next()?.to_string(),
            })
        })
        .collect();
    Some(ReadingInfo {
        summary,
        format,
        formats,
        choices,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use transcript_core::parse::{read, ReadAs};

    #[test]
    fn a_reading_round_trips_through_its_text() {
        let text = "Agenda: budget review.\nDecision: we keep\tthe plan.\nAction: Ana sends the numbers.\nDecision: hiring waits.\n";
        let reading = read(text, &ReadAs::AUTO).unwrap();
        assert!(!reading.choices.is_empty());
        let info = decode(&encode(&reading)).unwrap();
        assert_eq!(info.summary, reading.summary);
        assert_eq!(info.format, "plain-script");
        assert_eq!(
            info.formats.first(),
            Some(&("auto".to_string(), "Auto".to_string()))
        );
        assert!(info
            .formats
            .iter()
            .any(|(k, l)| k == "plain-text" && l == "Plain paragraphs"));
        assert_eq!(info.choices.len(), reading.choices.len());
        for (got, want) in info.choices.iter().zip(&reading.choices) {
            assert_eq!(got.key, want.read_as.key());
            assert_eq!(got.turns, want.turns);
            assert!(!got.example.contains('\t'));
        }
        assert_eq!(decode(""), None);
    }
}
