//! How the worker read a text ("Read as…"), as it travels to the page: a
//! few lines of text, so the page needs no JSON parser for it.
//!
//! ```text
//! summary line
//! applied key
//! key \t turns \t label \t example      (one line per label shape found)
//! ```

use crate::state::ReadingInfo;

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
    let mut out = format!("{}\n{}\n", flat(&reading.summary), reading.read_as.key());
    for c in &reading.choices {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            c.read_as.key(),
            c.turns,
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
    let applied = lines.next()?.to_string();
    let choices = lines
        .filter_map(|line| {
            let mut f = line.splitn(4, '\t');
            let key = f.next()?.to_string();
            let turns = f.next()?.parse().ok()?;
            Some((key, f.next()?.to_string(), f.next()?.to_string(), turns))
        })
        .collect();
    Some(ReadingInfo {
        summary,
        applied,
        choices,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use transcript_core::parse::{read, ReadAs};

    #[test]
    fn a_reading_round_trips_through_its_text() {
        let text = "**Mara** [0:00]\n\nWe start here.\n\n**Tom** [0:12]\n\nAnd\tgo on.\n\n**Mara** [0:30]\n\nThanks.\n";
        let reading = read(text, &ReadAs::AUTO).unwrap();
        let info = decode(&encode(&reading)).unwrap();
        assert_eq!(info.summary, reading.summary);
        assert_eq!(info.applied, reading.read_as.key());
        assert_eq!(info.choices.len(), reading.choices.len());
        for (got, want) in info.choices.iter().zip(&reading.choices) {
            assert_eq!(got.0, want.read_as.key());
            assert_eq!(got.3, want.turns);
            assert!(!got.2.contains('\t'));
        }
        assert_eq!(decode(""), None);
    }
}
