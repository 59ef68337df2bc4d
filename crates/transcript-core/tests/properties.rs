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

// ------------------------------------------------------ paragraph pass

/// One speaker-less segment: (gap before it in seconds, duration, text).
fn segments() -> impl Strategy<Value = Vec<(u8, u8, String)>> {
    let word = prop_oneof![
        Just("word".to_string()),
        Just("end.".to_string()),
        Just("what?".to_string()),
        Just("“quoted.”".to_string()),
        Just("naïve".to_string()),
        Just("字。".to_string()),
        "[a-z]{1,8}",
    ];
    let text = prop::collection::vec(word, 0..40).prop_map(|w| w.join(" "));
    prop::collection::vec((0u8..6, 0u8..20, text), 0..80)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The paragraph pass never panics, keeps every word in order, keeps
    /// each paragraph's times within its segments', and keeps starts
    /// monotonic when the segments' were.
    #[test]
    fn paragraphs_keep_all_text_in_order_and_times_monotonic(
        segs in segments(),
        timed in any::<bool>(),
        speaker in any::<bool>(),
    ) {
        use transcript_core::{TranscriptBuilder, Transcript};
        let build = || {
            let mut b = TranscriptBuilder::new(Format::WhisperJson);
            let mut time = 0.0;
            for (gap, length, text) in &segs {
                time += f64::from(*gap) * 0.7;
                let end = time + f64::from(*length);
                let (start, end) = if timed { (Some(time), Some(end)) } else { (None, None) };
                b.push(speaker.then_some("Ana"), start, end, text);
                time = end.unwrap_or(time);
            }
            b.finish()
        };
        let before: Transcript = build();
        let mut after = before.clone();
        transcript_core::paragraphs::split_long_turns(&mut after);
        let words = |t: &Transcript| -> Vec<String> {
            t.turns.iter().flat_map(|x| x.text.split_whitespace().map(str::to_string)).collect()
        };
        prop_assert_eq!(words(&before), words(&after));
        prop_assert!(after.turns.len() >= before.turns.len());
        let mut last = f64::NEG_INFINITY;
        for turn in &after.turns {
            prop_assert!(!turn.text.is_empty());
            prop_assert_eq!(turn.segments.first().map(|s| s.offset), Some(0));
            prop_assert!(turn.segments.windows(2).all(|w| w[0].offset < w[1].offset));
            prop_assert!(turn.segments.iter().all(|s| turn.text.is_char_boundary(s.offset) && s.offset < turn.text.len()));
            prop_assert_eq!(turn.speaker.is_some(), speaker);
            if let Some(start) = turn.start {
                prop_assert!(start >= last, "{} after {}", start, last);
                last = start;
                if let Some(end) = turn.end {
                    prop_assert!(end >= start, "{} .. {}", start, end);
                }
            } else {
                prop_assert!(!timed);
            }
            if timed || speaker {
                continue;
            }
            prop_assert!(word_count(&turn.text) <= transcript_core::paragraphs::SPLIT_UNTIMED_OVER
                || turn.text.split(' ').count() <= transcript_core::paragraphs::HARD_WORDS);
        }
    }
}

/// Captions with no punctuation and no pauses (auto-captions) are still cut
/// into paragraphs of readable length, on short and long files alike.
#[test]
fn paragraphs_of_a_long_caption_file_are_all_readable_length() {
    use transcript_core::TranscriptBuilder;
    for n in [4_000usize, 16_000] {
        let mut b = TranscriptBuilder::new(Format::WebVtt);
        for i in 0..n {
            let t = i as f64 * 3.0;
            b.push(
                None,
                Some(t),
                Some(t + 2.5),
                "and so we went on talking about it",
            );
        }
        let mut t = b.finish();
        transcript_core::paragraphs::split_long_turns(&mut t);
        assert!(t.turns.len() >= n * 8 / 160, "{}", t.turns.len());
        for turn in &t.turns {
            let words = word_count(&turn.text);
            assert!(
                words <= transcript_core::paragraphs::MAX_WORDS + 8,
                "{words}"
            );
        }
    }
}
