//! Exports read back through our own parsers: WebVTT and SRT to the same
//! speakers, turns and segment times; Markdown and plain text to the same
//! speakers and texts where their module docs say they do; JSON is the CLI's
//! report.

mod common;

use std::path::Path;

use proptest::prelude::*;
use transcript_core::export::{available, export, report, subset, ExportError, ExportFormat};
use transcript_core::synth::{generate, SynthFormat};
use transcript_core::{parse, Format, Transcript, TranscriptBuilder, TurnKind};

use common::{bundled, fixture};

/// Exported times are rounded to the millisecond.
fn same_time(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.0005 + 1e-9
}

/// Speaker names in order of first appearance in the turns.
fn speaking(t: &Transcript) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for turn in &t.turns {
        if let Some(name) = t.speaker_name(turn) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// Asserts that `back` (a re-parsed cue export of `t`) has the same speakers
/// and turns: speaker, kind, text, start, end and segment times. An end the
/// source did not have must have been estimated: present, not before the
/// start. Segments without a start were merged into the cue before them.
fn assert_cues_round_trip(t: &Transcript, back: &Transcript, what: &str) {
    assert_eq!(speaking(t), speaking(back), "{what}: speakers");
    assert_eq!(t.turns.len(), back.turns.len(), "{what}: turn count");
    for (i, (a, b)) in t.turns.iter().zip(&back.turns).enumerate() {
        let at = format!("{what}: turn {i} {:?}", a.text);
        assert_eq!(t.speaker_name(a), back.speaker_name(b), "{at}");
        assert_eq!(a.kind, b.kind, "{at}");
        assert_eq!(a.text, b.text, "{at}");
        let (start, back_start) = (a.start.unwrap(), b.start.unwrap());
        assert!(
            same_time(start, back_start),
            "{at}: start {start} {back_start}"
        );
        let back_end = b.end.unwrap();
        match a.end {
            Some(end) if a.segments.last().is_some_and(|s| s.end.is_some()) => {
                assert!(same_time(end, back_end), "{at}: end {end} {back_end}")
            }
            _ => assert!(back_end >= back_start, "{at}: estimated end"),
        }
        let timed: Vec<_> = a.segments.iter().filter(|s| s.start.is_some()).collect();
        assert_eq!(timed.len(), b.segments.len(), "{at}: segments");
        for (sa, sb) in timed.iter().zip(&b.segments) {
            assert!(same_time(sa.start.unwrap(), sb.start.unwrap()), "{at}");
            if let Some(end) = sa.end {
                assert!(same_time(end, sb.end.unwrap()), "{at}: segment end");
            }
            assert_eq!(
                a.text.get(sa.offset..).map(|s| s.split(' ').next()),
                b.text.get(sb.offset..).map(|s| s.split(' ').next()),
                "{at}: segment text"
            );
        }
    }
}

fn round_trip(t: &Transcript, what: &str) {
    for format in [ExportFormat::WebVtt, ExportFormat::Srt] {
        let text = export(t, format).unwrap();
        let back = parse(&text).unwrap();
        let expected = if format == ExportFormat::WebVtt {
            Format::WebVtt
        } else {
            Format::Srt
        };
        assert_eq!(back.metadata.format, expected, "{what}");
        assert_cues_round_trip(t, &back, &format!("{what} as {}", format.label()));
    }
}

/// The text fixtures (the Word documents are binary: `tests/docx.rs`).
fn fixture_names() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".docx"))
        .collect();
    names.sort();
    names
}

#[test]
fn every_timed_fixture_round_trips_through_webvtt_and_srt() {
    let mut timed = Vec::new();
    for name in fixture_names() {
        let t = parse(&fixture(&name)).unwrap();
        if available(&t).contains(&ExportFormat::WebVtt) {
            round_trip(&t, &name);
            timed.push(name);
        } else {
            assert!(t.turns.iter().any(|turn| turn.start.is_none()), "{name}");
            assert!(matches!(
                export(&t, ExportFormat::Srt),
                Err(ExportError::NoTimes("SRT"))
            ));
        }
    }
    // Cue files, every JSON with times, Rev, Otter, noScribe, podcast HTML.
    assert!(timed.len() >= 20, "{timed:?}");
    for must in [
        "vtt_youtube_auto_rolling.vtt",
        "rev_speaker_headers_with_times.txt",
    ] {
        assert!(timed.iter().any(|n| n == must), "{must}");
    }
}

#[test]
fn fixtures_with_every_time_known_round_trip_exactly() {
    // Where every segment has both times nothing is estimated: the re-parsed
    // turns equal the source's, field for field, up to rounding to the ms.
    let mut exact = 0;
    for name in fixture_names() {
        let t = parse(&fixture(&name)).unwrap();
        let complete = t
            .turns
            .iter()
            .flat_map(|turn| &turn.segments)
            .all(|s| s.start.is_some() && s.end.is_some());
        if !complete || t.turns.is_empty() {
            continue;
        }
        for format in [ExportFormat::WebVtt, ExportFormat::Srt] {
            let back = parse(&export(&t, format).unwrap()).unwrap();
            let offsets = |t: &Transcript| -> Vec<Vec<usize>> {
                t.turns
                    .iter()
                    .map(|turn| turn.segments.iter().map(|s| s.offset).collect())
                    .collect()
            };
            assert_eq!(offsets(&t), offsets(&back), "{name}");
        }
        exact += 1;
    }
    assert!(exact >= 12, "{exact}");
}

#[test]
fn synthetic_files_round_trip_exactly() {
    for (synth, seed) in [
        (SynthFormat::WebVtt, 1),
        (SynthFormat::Srt, 2),
        (SynthFormat::WhisperJson, 3),
    ] {
        let t = parse(&generate(synth, 200_000, seed)).unwrap();
        assert!(t.turns.len() > 300, "{synth:?}");
        round_trip(&t, &format!("{synth:?}"));
        for format in [ExportFormat::WebVtt, ExportFormat::Srt] {
            let back = parse(&export(&t, format).unwrap()).unwrap();
            let names = |t: &Transcript| common::speakers(t).join("|");
            assert_eq!(names(&t), names(&back), "{synth:?}");
        }
    }
}

#[test]
fn a_filtered_view_exports_only_its_turns_and_reads_back() {
    let t = parse(&generate(SynthFormat::WebVtt, 30_000, 9)).unwrap();
    // The second turn's speaker, whoever the generator cast.
    let who = t.speaker_name(&t.turns[1]).unwrap().to_string();
    let ben: Vec<usize> = (0..t.turns.len())
        .filter(|&i| t.speaker_name(&t.turns[i]) == Some(who.as_str()))
        .collect();
    assert!(ben.len() >= 3);
    let view = subset(&t, &ben);
    assert_eq!(view.speakers, t.speakers);
    let vtt = export(&view, ExportFormat::WebVtt).unwrap();
    let back = parse(&vtt).unwrap();
    assert_eq!(speaking(&back), [who.as_str()]);
    // One speaker's turns are no longer kept apart by anyone: they merge,
    // with every word and every cue time kept; the long run that makes is
    // then cut into paragraphs (of that one speaker) at cue boundaries.
    assert!(back.turns.len() < view.turns.len(), "{}", back.turns.len());
    let words: usize = view.turns.iter().map(|t| t.text.split(' ').count()).sum();
    let back_words: usize = back.turns.iter().map(|t| t.text.split(' ').count()).sum();
    assert_eq!(back_words, words);
    let cues: usize = view.turns.iter().map(|t| t.segments.len()).sum();
    let back_cues: usize = back.turns.iter().map(|t| t.segments.len()).sum();
    assert_eq!(back_cues, cues);
}

#[test]
fn webvtt_keeps_the_title_and_notes_the_date_and_sections() {
    let mut b = TranscriptBuilder::new(Format::WebVtt);
    b.set_title("-- FILE <one> & two");
    b.set_date("Jan 28, 2025");
    b.section("Opening --> remarks");
    b.push(
        Some("Dr. Ana O'Neil"),
        Some(0.0),
        Some(1.5),
        "Good <evening> & welcome.",
    );
    b.section("Q&A");
    b.push(Some("Ben"), Some(3_600.0 * 120.0), None, "A late question?");
    let t = b.finish();
    let vtt = export(&t, ExportFormat::WebVtt).unwrap();
    assert!(vtt.contains("\nNOTE Date: Jan 28, 2025\n\n"), "{vtt}");
    assert!(vtt.contains("\nNOTE Opening --&gt; remarks\n\n"), "{vtt}");
    assert!(vtt.contains("\n120:00:00.000 --> 120:00:01.200\n"), "{vtt}");
    let back = parse(&vtt).unwrap();
    assert_eq!(back.title, t.title);
    assert!(back.sections.is_empty());
    assert_cues_round_trip(&t, &back, "titled");
    // SRT has no title: the turns still come back.
    let back = parse(&export(&t, ExportFormat::Srt).unwrap()).unwrap();
    assert_eq!(back.title, None);
    assert_cues_round_trip(&t, &back, "srt");
}

#[test]
fn unnamed_speech_after_a_speaker_is_marked_as_a_new_turn() {
    let mut b = TranscriptBuilder::new(Format::Srt);
    b.push(None, Some(0.0), Some(1.0), "Before anyone.");
    b.push(Some("Ana"), Some(1.0), Some(2.0), "Hello.");
    b.push(None, Some(2.0), Some(3.0), "Someone else, unnamed.");
    b.push(None, Some(3.0), Some(4.0), "Still them.");
    b.push_non_speech(Some(4.0), Some(5.0), "[APPLAUSE]");
    b.push(None, Some(5.0), Some(6.0), "After the applause.");
    b.break_turn();
    b.push(None, Some(6.0), Some(7.0), "A new paragraph.");
    let t = b.finish();
    assert_eq!(t.turns.len(), 6);
    round_trip(&t, "unnamed");
    let srt = export(&t, ExportFormat::Srt).unwrap();
    // Markers only where the parser would otherwise join the text.
    assert_eq!(srt.matches(">> ").count(), 2, "{srt}");
}

#[test]
fn bundled_transcripts_have_no_times_and_markdown_reads_back() {
    for name in [
        "devday-2024-altman-interview.txt",
        "ascent-2025-altman-interview.md",
    ] {
        let t = bundled(name);
        assert_eq!(
            available(&t),
            [
                ExportFormat::Markdown,
                ExportFormat::Text,
                ExportFormat::Json
            ]
        );
        let md = export(&t, ExportFormat::Markdown).unwrap();
        let back = parse(&md).unwrap();
        assert_eq!(back.metadata.format, Format::Markdown, "{name}");
        assert_eq!(back.title, t.title, "{name}");
        assert_eq!(speaking(&back), speaking(&t), "{name}");
        let turns = |t: &Transcript| -> Vec<(Option<String>, String)> {
            t.turns
                .iter()
                .map(|u| (t.speaker_name(u).map(str::to_string), u.text.clone()))
                .collect()
        };
        assert_eq!(turns(&back), turns(&t), "{name}");
    }
    let t = bundled("devday-2024-altman-interview.txt");
    let back = parse(&export(&t, ExportFormat::Text).unwrap()).unwrap();
    assert_eq!(back.metadata.format, Format::PlainScript);
    assert_eq!(back.turns, t.turns);
}

#[test]
fn markdown_and_text_read_back_named_timed_fixtures() {
    for name in [
        "rev_speaker_headers_with_times.txt",
        "vtt_voice_spans_crlf_bom.vtt",
        "json_assemblyai_utterances_ms.json",
        "srt_speaker_prefix_on_change.srt",
        "html_podcast_cite_time_entities.html",
    ] {
        let t = parse(&fixture(name)).unwrap();
        for format in [ExportFormat::Markdown, ExportFormat::Text] {
            let back = parse(&export(&t, format).unwrap()).unwrap();
            assert_eq!(back.turns.len(), t.turns.len(), "{name} {format:?}");
            for (a, b) in t.turns.iter().zip(&back.turns) {
                assert_eq!(t.speaker_name(a), back.speaker_name(b), "{name}");
                assert_eq!(a.text, b.text, "{name} {format:?}");
                // Readable times are whole seconds.
                assert_eq!(a.start.map(f64::floor), b.start, "{name} {format:?}");
            }
        }
    }
}

#[test]
fn markdown_escapes_text_that_would_render_or_parse_as_markup() {
    let texts = [
        "# not a heading, and C#",
        "*not emphasis* and [not](a link) <i>nor a tag</i> \\ `code`",
        "&amp; stays written, & alone too, 5 > 3",
        "10:30 is a time, not a label: right?",
        "> not a quote",
        "- not a list item",
    ];
    let mut b = TranscriptBuilder::new(Format::Markdown);
    b.set_title("Escapes *and* #hash");
    b.set_date("2025-01-28");
    for (i, text) in texts.iter().enumerate() {
        b.push(
            Some(if i % 2 == 0 { "Ana" } else { "Ben" }),
            None,
            None,
            text,
        );
    }
    b.section("Part 2: the end");
    b.push(Some("Ana"), None, None, "Bye.");
    let t = b.finish();
    let md = export(&t, ExportFormat::Markdown).unwrap();
    assert!(md.starts_with("---\ndate: 2025-01-28\n---\n\n# Escapes \\*and\\* &#35;hash\n\n"));
    let back = parse(&md).unwrap();
    assert_eq!(back.title, t.title);
    assert_eq!(back.metadata.date, t.metadata.date);
    assert_eq!(back.sections, t.sections);
    let texts_back: Vec<&str> = back.turns.iter().map(|t| t.text.as_str()).collect();
    let texts: Vec<&str> = t.turns.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts_back, texts);
    assert_eq!(speaking(&back), ["Ana", "Ben"]);

    // An unnamed first paragraph that looks like a label stays text.
    let mut b = TranscriptBuilder::new(Format::Markdown);
    b.push(None, None, None, "Note: this is narration.");
    b.push(Some("Ana"), None, None, "Hi.");
    b.push(Some("Ben"), None, None, "Hello.");
    let t = b.finish();
    let back = parse(&export(&t, ExportFormat::Markdown).unwrap()).unwrap();
    assert_eq!(back.turns, t.turns);
}

#[test]
fn json_export_is_the_cli_report() {
    let t = parse(&fixture("vtt_voice_spans_crlf_bom.vtt")).unwrap();
    let json = export(&t, ExportFormat::Json).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let source = t.title.as_deref().unwrap_or("transcript");
    // Both sides through the same text, so floats parse the same way.
    let cli_line = serde_json::to_string(&report(source, &t)).unwrap();
    let cli: serde_json::Value = serde_json::from_str(&cli_line).unwrap();
    assert_eq!(value, cli);
    assert_eq!(value["format"], "webvtt");
    assert_eq!(value["turns"].as_array().unwrap().len(), t.turns.len());
    assert_eq!(value["speakers"][0]["name"], t.speakers[0].name.as_str());
}

#[test]
fn formats_are_listed_with_labels_extensions_and_types() {
    let ids: Vec<_> = ExportFormat::ALL.iter().map(|f| f.id()).collect();
    assert_eq!(ids, ["md", "txt", "json", "vtt", "srt"]);
    let labels: Vec<_> = ExportFormat::ALL.iter().map(|f| f.label()).collect();
    assert_eq!(labels, ["Markdown", "Plain text", "JSON", "WebVTT", "SRT"]);
    assert!(ExportFormat::WebVtt.mime().starts_with("text/vtt"));
    assert_eq!(ExportFormat::Srt.extension(), "srt");
}

// ---------------------------------------------------------------------------
// Generated transcripts.

/// Names our SRT parser reads as `Name:` labels (see the module doc).
const NAMES: [&str; 6] = [
    "Ana",
    "Ben Okafor",
    "李明",
    "Zoë Ångström",
    "SPEAKER_00",
    "Speaker 2",
];

#[derive(Debug, Clone)]
struct Piece {
    speaker: Option<usize>,
    sound: bool,
    words: Vec<String>,
    gap_ms: u64,
    dur_ms: u64,
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[^\\s\\p{C}]{1,7}",
        1 => prop::sample::select(vec![
            "<", "&", "-->", "&amp;", "&lt;b&gt;", "<v Ana>", "<b>", "<3", "a:b", "Ana:", "x>",
            "00:00:01.000", "[x]", "(y)", "NOTE", "WEBVTT",
        ])
        .prop_map(str::to_string),
    ]
    .prop_filter("`>>` is a turn marker", |w| !w.contains(">>"))
}

fn piece() -> impl Strategy<Value = Piece> {
    (
        prop::option::weighted(0.8, 0..NAMES.len()),
        prop::bool::weighted(0.1),
        // The first word is plain: a segment that is wholly bracketed is a
        // sound cue, and unnamed text opening with `Name:` is a label.
        "[A-Za-zé]{1,8}",
        prop::collection::vec(word(), 0..8),
        0u64..3000,
        100u64..6000,
    )
        .prop_map(|(speaker, sound, first, rest, gap_ms, dur_ms)| {
            let mut words = vec![first];
            words.extend(rest);
            Piece {
                speaker,
                sound,
                words,
                gap_ms,
                dur_ms,
            }
        })
}

fn build(pieces: &[Piece]) -> Transcript {
    let mut b = TranscriptBuilder::new(Format::WebVtt);
    let mut ms = 0u64;
    for p in pieces {
        let start = (ms + p.gap_ms) as f64 / 1000.0;
        ms += p.gap_ms + p.dur_ms;
        let end = ms as f64 / 1000.0;
        if p.sound {
            b.push_non_speech(Some(start), Some(end), "[APPLAUSE]");
            continue;
        }
        let mut words = p.words.clone();
        if p.speaker.is_none() {
            // Unnamed text must not hold a `Name:` label (module doc).
            words.retain(|w| !w.contains(':'));
        }
        let name = p.speaker.and_then(|i| NAMES.get(i).copied());
        b.push(name, Some(start), Some(end), &words.join(" "));
    }
    b.finish()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_transcripts_round_trip_through_webvtt_and_srt(
        pieces in prop::collection::vec(piece(), 1..25)
    ) {
        let t = build(&pieces);
        prop_assume!(!t.turns.is_empty());
        round_trip(&t, "generated");
    }

    #[test]
    fn subsets_never_panic_and_keep_what_they_index(
        pieces in prop::collection::vec(piece(), 0..12),
        picks in prop::collection::vec(0usize..20, 0..15),
    ) {
        let mut t = build(&pieces);
        t.sections.push(transcript_core::Section { title: "S".into(), turn: 1 });
        let s = subset(&t, &picks);
        let mut want: Vec<usize> = picks.iter().copied().filter(|&i| i < t.turns.len()).collect();
        want.sort_unstable();
        want.dedup();
        prop_assert_eq!(s.turns.len(), want.len());
        for sec in &s.sections {
            prop_assert!(sec.turn < s.turns.len());
        }
        for format in ExportFormat::ALL {
            let out = export(&s, format);
            prop_assert_eq!(out.is_ok(), available(&s).contains(&format));
        }
    }
}

#[test]
fn odd_hand_made_turns_still_export() {
    // Segment offsets out of order or off a character boundary, a missing
    // segment start, an end before the start: no panic, every word written.
    let mut t = build(&[Piece {
        speaker: Some(0),
        sound: false,
        words: vec!["héllo".into(), "wörld".into(), "again".into()],
        gap_ms: 0,
        dur_ms: 1000,
    }]);
    let turn = &mut t.turns[0];
    turn.segments.push(transcript_core::Segment {
        start: None,
        end: Some(0.5),
        offset: 2,
    });
    turn.end = Some(-1.0);
    for format in ExportFormat::ALL {
        let out = export(&t, format).unwrap();
        assert!(out.contains("wörld"), "{format:?}: {out}");
    }
    t.turns[0].kind = TurnKind::NonSpeech;
    assert!(export(&t, ExportFormat::Srt).unwrap().contains("héllo"));
}

/// Which exports show a machine-id speaker's source id: the JSON export
/// keeps it beside the name (for programs matching the tool's output); the
/// reading exports write the name shown, renamed or "Speaker N".
#[test]
fn json_export_keeps_speaker_ids_and_reading_exports_show_names() {
    let text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v spk_0>Hello.\n\n00:02.500 --> 00:03.000\n<v spk_1>Hi.\n";
    let t = parse(text).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&export(&t, ExportFormat::Json).unwrap()).unwrap();
    assert_eq!(json["speakers"][0]["name"], "Speaker 1");
    assert_eq!(json["speakers"][0]["id"], "spk_0");
    assert_eq!(json["turns"][1]["speaker"], "Speaker 2");
    let vtt = export(&t, ExportFormat::WebVtt).unwrap();
    assert!(
        vtt.contains("<v Speaker 1>") && !vtt.contains("spk_0"),
        "{vtt}"
    );
    let md = export(&t, ExportFormat::Markdown).unwrap();
    assert!(md.contains("Speaker 2") && !md.contains("spk_1"), "{md}");
    // Read back, the names are names: no id is invented.
    let back = parse(&vtt).unwrap();
    assert_eq!(back.speakers[0].name, "Speaker 1");
    assert_eq!(back.speakers[0].id, None);
}
