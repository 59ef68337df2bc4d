//! WebVTT captions and transcripts: W3C files, Microsoft Teams (`<v Name>`
//! spans, GUID cue ids), Zoom (`Name: text` in cues), YouTube auto-captions
//! (rolling lines with inline word timings) and Podcasting 2.0 `.vtt`.
//!
//! The header line's text (`WEBVTT - Interview`) becomes the title; other
//! header lines (`Kind:`, `Language:`) and NOTE/STYLE/REGION blocks are
//! ignored. Cue reading and speaker rules are shared with SRT in `cue`.
//! This module must never panic and never use per-cue regular expressions:
//! it is benchmarked against JavaScript parsers on 10 MB files.

use crate::format::{Detection, Format};
use crate::model::Transcript;
use crate::parse::cue;

/// `WEBVTT` at the start, after an optional BOM and whitespace, followed by
/// the end of the line or a space/tab (the spec's header rule).
pub fn sniff(text: &str) -> Option<Detection> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    let rest = text.strip_prefix("WEBVTT")?;
    let boundary = rest.is_empty() || rest.starts_with([' ', '\t', '\n', '\r']);
    boundary.then(|| Detection {
        format: Format::WebVtt,
        evidence: if webex_ids(rest) {
            "starts with WEBVTT; cue ids name the speakers (Webex)"
        } else {
            "starts with WEBVTT"
        }
        .to_string(),
    })
}

/// Bytes of the start searched for a Webex cue id.
const SNIFF_BYTES: usize = 4096;

/// Whether a cue id in the first bytes is a Webex one (`1 "Ana" (123)`
/// above a timing line).
fn webex_ids(text: &str) -> bool {
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut lines = text.get(..end).unwrap_or_default().lines().peekable();
    while let Some(line) = lines.next() {
        if cue::webex_name(line).is_some()
            && lines.peek().is_some_and(|l| cue::parse_timing(l).is_some())
        {
            return true;
        }
    }
    false
}

pub fn parse(text: &str) -> Transcript {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    cue::parse(text, Format::WebVtt, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_header_only_at_the_start() {
        assert!(sniff("\u{feff}WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nHi").is_some());
        assert!(sniff("  \nWEBVTT - Title\n").is_some());
        assert!(sniff("WEBVTT").is_some());
        assert!(sniff("WEBVTTX\n").is_none());
        assert!(sniff("Notes about WEBVTT\n").is_none());
    }

    #[test]
    fn header_title_and_voice_spans() {
        let t = parse(
            "WEBVTT - Interview\nKind: captions\nLanguage: en\n\nNOTE a note\n\n\
             00:01.000 --> 00:02.000\n<v Ana>Hello</v>\n\n00:02.000 --> 00:03.000\nthere.\n\n\
             00:03.000 --> 00:04.000\n<v.loud Ben>Hi!",
        );
        assert_eq!(t.title.as_deref(), Some("Interview"));
        let turns: Vec<_> = t
            .turns
            .iter()
            .map(|turn| (t.speaker_name(turn).unwrap_or("?"), turn.text.as_str()))
            .collect();
        assert_eq!(turns, [("Ana", "Hello there."), ("Ben", "Hi!")]);
    }

    #[test]
    fn cr_only_lines_and_a_cue_right_after_the_header() {
        let t = parse("WEBVTT\r00:01.000 --> 00:02.000\r<v Ana>Hi\r\r00:02 --> 00:03\r- Ben: Yo");
        let turns: Vec<_> = t
            .turns
            .iter()
            .map(|turn| {
                (
                    t.speaker_name(turn).unwrap_or("?"),
                    turn.start,
                    turn.text.as_str(),
                )
            })
            .collect();
        assert_eq!(turns, [("Ana", Some(1.0), "Hi"), ("Ben", Some(2.0), "Yo")]);
        assert_eq!(t.title, None);
        assert_eq!(parse("WEBVTT FILE\n\n00:01 --> 00:02\nHi").title, None);
    }
}
