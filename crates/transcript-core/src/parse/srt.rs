//! SRT subtitles: numbered cues with `HH:MM:SS,mmm --> HH:MM:SS,mmm` timing
//! lines, and the same shape with `.` milliseconds or no index numbers.
//!
//! Speakers come from a `Name:` prefix where the speaker changes (later cues
//! without one continue that speaker), from closed-caption `>>` turn markers
//! and `>> NAME:` labels; `[APPLAUSE]`-style lines are sound cues. Cue reading
//! and speaker rules are shared with WebVTT in `cue`. This module must never
//! panic and never claim text whose first blocks are not cues.

use crate::format::{Detection, Format};
use crate::model::Transcript;
use crate::parse::cue;

/// Bytes of the text's start examined by [`sniff`].
const SNIFF_BYTES: usize = 8192;
/// Non-blank blocks examined by [`sniff`]: a cue must be among the first ones.
const SNIFF_BLOCKS: usize = 3;

/// An optional index (or cue id) line, then a timing line, in one of the
/// first blocks. Timing lines with `.` milliseconds and no WEBVTT header are
/// claimed too: they read the same way, and the evidence says so.
pub fn sniff(text: &str) -> Option<Detection> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = text.get(..end)?;
    // CR-only files are split on CR; CRLF leaves a CR that `trim` removes.
    let sep = if head.contains('\n') { '\n' } else { '\r' };
    let mut blocks = 0;
    let mut block_line = 0;
    let mut index_line = false;
    for line in head.split(sep) {
        let line = line.trim();
        if line.is_empty() {
            if block_line > 0 {
                blocks += 1;
                if blocks >= SNIFF_BLOCKS {
                    return None;
                }
            }
            block_line = 0;
            continue;
        }
        block_line += 1;
        let cue_position = block_line == 1 || (block_line == 2 && index_line);
        if cue_position {
            if let Some(timing) = cue::parse_timing(line) {
                let evidence = if timing.written.contains(',') {
                    format!("an SRT cue timing line ({})", timing.written)
                } else {
                    format!(
                        "cue timing lines with `-->` and `.` milliseconds ({}) but no WEBVTT header: read as SRT-like cues",
                        timing.written
                    )
                };
                return Some(Detection {
                    format: Format::Srt,
                    evidence,
                });
            }
        }
        // An SRT index, or a WebVTT-style cue id in a file without a header.
        index_line = block_line == 1 && cue::looks_like_id(line);
    }
    None
}

pub fn parse(text: &str) -> Transcript {
    cue::parse(text, Format::Srt, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_indexed_unindexed_and_dot_millisecond_cues() {
        let srt = sniff("1\r\n00:00:01,000 --> 00:00:02,000\r\nHi\r\n").unwrap();
        assert!(srt.evidence.contains("SRT cue timing line"));
        let dot = sniff("00:00:01.000 --> 00:00:02.000\nHi\n").unwrap();
        assert!(dot.evidence.contains("no WEBVTT header"));
        assert!(sniff("Title\n\n1\n00:00:01,000 --> 00:00:02,000\nHi").is_some());
        assert!(sniff("ab12-cd/3-0\r\n00:00:01.000 --> 00:00:02.000\r\nHi").is_some());
        assert!(sniff("\u{feff}1\r2\r00:00:01,000 --> 00:00:02,000\rHi").is_none());
        assert!(sniff("1\r00:00:01,000 --> 00:00:02,000\rHi").is_some());
    }

    #[test]
    fn does_not_claim_arrows_in_prose() {
        assert!(sniff("a --> b\n\nsome text").is_none());
        assert!(sniff("one\n\ntwo\n\nthree\n\n00:00:01,000 --> 00:00:02,000\nHi").is_none());
        assert!(sniff("Some text\n00:00:01,000 --> 00:00:02,000\n").is_none());
    }

    #[test]
    fn prefix_only_on_change_and_sound_cues() {
        let t = parse(
            "1\n00:00:01,000 --> 00:00:02,000\nAna: Hello\n\n2\n00:00:02,000 --> 00:00:03,000\nthere.\n\n\
             3\n00:00:03,000 --> 00:00:04,000\n[APPLAUSE]\n\n4\n00:00:04,000 --> 00:00:05,000\nBen: Hi.",
        );
        let turns: Vec<_> = t
            .turns
            .iter()
            .map(|turn| (t.speaker_name(turn).unwrap_or("-"), turn.text.as_str()))
            .collect();
        assert_eq!(
            turns,
            [("Ana", "Hello there."), ("-", "[APPLAUSE]"), ("Ben", "Hi.")]
        );
        assert_eq!(t.turns[1].kind, crate::model::TurnKind::NonSpeech);
    }
}
