//! `Name: text` scripts: one speaker label per line, unlabelled lines continue
//! the previous turn.
//!
//! This is the minimal split of the foundation; the parsing issue extends it
//! to Rev, Otter, YouTube copied transcripts, WhisperX labels and screenplays.

use crate::detect::{Detection, Format};
use crate::model::{Transcript, TranscriptBuilder};

/// Longest label (in characters) taken as a speaker name.
const MAX_LABEL_CHARS: usize = 40;
/// Most words in a label taken as a speaker name.
const MAX_LABEL_WORDS: usize = 5;

/// Splits `Name: text` into the label and the text, if the label looks like a
/// speaker name: short, a few words, not a URL or a time.
pub fn split_label(line: &str) -> Option<(&str, &str)> {
    let (label, rest) = line.split_once(':')?;
    let label = label.trim();
    if label.is_empty()
        || label.chars().count() > MAX_LABEL_CHARS
        || label.split_whitespace().count() > MAX_LABEL_WORDS
        || label.chars().all(|c| c.is_ascii_digit())
        || rest.starts_with("//")
    {
        return None;
    }
    Some((label, rest.trim()))
}

pub fn sniff(text: &str) -> Option<Detection> {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(200)
        .collect();
    let labelled = lines.iter().filter(|l| split_label(l).is_some()).count();
    (labelled >= 2 && labelled * 2 >= lines.len()).then(|| Detection {
        format: Format::PlainScript,
        evidence: format!(
            "{labelled} of {} lines start with a speaker label",
            lines.len()
        ),
    })
}

pub fn parse(text: &str, format: Format) -> Transcript {
    let mut b = TranscriptBuilder::new(format);
    let mut current: Option<String> = None;
    for line in text.lines() {
        match split_label(line) {
            Some((label, rest)) => {
                current = Some(label.to_string());
                b.break_turn();
                b.push(Some(label), None, None, rest);
            }
            None => b.push(current.as_deref(), None, None, line),
        }
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_start_turns_and_unlabelled_lines_continue_them() {
        let t = parse(
            "Ana: Hello\nthere.\nBen: Hi.\nAna: Bye.",
            Format::PlainScript,
        );
        let turns: Vec<_> = t
            .turns
            .iter()
            .map(|turn| (t.speaker_name(turn).unwrap_or("?"), turn.text.as_str()))
            .collect();
        assert_eq!(
            turns,
            [("Ana", "Hello there."), ("Ben", "Hi."), ("Ana", "Bye.")]
        );
        assert_eq!(t.speakers.len(), 2);
    }

    #[test]
    fn urls_and_long_sentences_are_not_labels() {
        assert_eq!(split_label("see https://example.com"), None);
        assert_eq!(
            split_label("This is a sentence with many words: and more"),
            None
        );
        assert_eq!(split_label("Sam Altman: yes"), Some(("Sam Altman", "yes")));
    }
}
