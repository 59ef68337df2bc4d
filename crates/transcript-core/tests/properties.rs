//! Properties that hold for any input: parsing never fails on text, never
//! panics, and never loses a word of a plain `Name: text` script.

use proptest::prelude::*;
use transcript_core::model::word_count;
use transcript_core::{detect, parse, parse_as, Format};

/// Text made of the pieces transcripts are made of, so the generator reaches
/// the parsers' interesting branches, not only the plain-text fallback.
fn transcriptish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("WEBVTT\n".to_string()),
        Just("00:01.000 --> 00:02.500".to_string()),
        Just("01:02:03,004 --> 01:02:05,000".to_string()),
        Just("<v Ana>".to_string()),
        Just("</v>".to_string()),
        Just(">> ".to_string()),
        Just("**Ana:** ".to_string()),
        Just("> ".to_string()),
        Just("# ".to_string()),
        Just("Ben: ".to_string()),
        Just("[SPEAKER_00]: ".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("&amp;".to_string()),
        Just("{\"segments\":[".to_string()),
        Just("<p><cite>".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        "[a-zA-Z0-9 .,:;!?'\"()\\[\\]<>/&#*_-]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_text_parses_or_is_rejected_with_a_reason(text in transcriptish()) {
        let _ = detect(&text);
        match parse(&text) {
            Ok(t) => {
                for turn in &t.turns {
                    prop_assert!(!turn.text.trim().is_empty());
                    prop_assert!(turn.speaker.is_none_or(|id| id < t.speakers.len()));
                    prop_assert!(turn.segments.iter().all(|s| turn.text.is_char_boundary(s.offset)));
                }
                prop_assert!(t.sections.iter().all(|s| s.turn < t.turns.len()));
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    /// The byte-walking count agrees with the standard library's idea of
    /// whitespace, Unicode's included.
    #[test]
    fn words_are_counted_as_split_whitespace_counts_them(
        text in prop_oneof![
            any::<String>(),
            // Long printable ASCII runs, where eight bytes go at a time,
            // broken by control characters and non-ASCII (white)space.
            "[ a-zA-Z0-9.,!~\u{7f}]{0,120}",
            "([ a-z]{0,20}[\u{0}-\u{20}\u{a0}é\u{3000}]?){0,8}",
            "[a-zé中 \t\n\r\u{0b}\u{0c}\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{feff}]{0,40}",
        ],
    ) {
        prop_assert_eq!(word_count(&text), text.split_whitespace().count());
    }

    #[test]
    fn every_format_survives_any_text(text in transcriptish(), which in 0..Format::ALL.len()) {
        let format = Format::ALL[which];
        let _ = parse_as(format, &text);
    }

    #[test]
    fn a_name_text_script_keeps_every_word(
        lines in prop::collection::vec(
            (prop::sample::select(vec!["Ana", "Ben Okafor", "Dr. Lee"]), "[a-z]{1,8}( [a-z]{1,8}){0,8}"),
            2..30,
        )
    ) {
        let text: String = lines.iter().map(|(who, said)| format!("{who}: {said}\n")).collect();
        let t = parse(&text).unwrap();
        prop_assert_eq!(t.metadata.format, Format::PlainScript);
        let out: Vec<&str> = t.turns.iter().flat_map(|turn| turn.text.split_whitespace()).collect();
        let expected: Vec<&str> = lines.iter().flat_map(|(_, said)| said.split_whitespace()).collect();
        prop_assert_eq!(out, expected);
        for turn in &t.turns {
            prop_assert!(t.speaker_name(turn).is_some());
        }
    }
}
