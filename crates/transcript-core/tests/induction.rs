//! Shapes that failed before label-shape induction (issue 15), on fixtures
//! modelled on real exports, and the `read` API the "Read as…" menu uses.

mod common;
use common::{fixture, speakers};

use proptest::prelude::*;
use transcript_core::parse::induce::{self, Shape};
use transcript_core::{detect, parse, read, Format, ReadAs, Transcript};

fn turns(t: &Transcript) -> Vec<(Option<&str>, Option<f64>, &str)> {
    t.turns
        .iter()
        .map(|turn| (t.speaker_name(turn), turn.start, turn.text.as_str()))
        .collect()
}

#[test]
fn markdown_bold_name_on_its_own_line_with_bracketed_time_and_entities() {
    let text = fixture("md_bold_own_line_bracket_time.md");
    let t = parse(&text).unwrap();
    assert_eq!(t.metadata.format, Format::Markdown);
    assert_eq!(t.title.as_deref(), Some("Episode 12: Shipping small"));
    assert_eq!(speakers(&t), ["Mara", "Tom"]);
    assert_eq!(t.turns.len(), 4);
    assert_eq!(
        turns(&t)[0],
        (
            Some("Mara"),
            Some(0.0),
            "Welcome back to the show. Today we're talking about shipping small changes, and why it matters."
        )
    );
    // Two paragraphs under one label are one turn; `[12:34]` is read.
    assert_eq!(
        turns(&t)[2],
        (
            Some("Mara"),
            Some(65.0),
            "Right. So where do you start? It's a hard question, I know."
        )
    );
    assert_eq!(
        turns(&t)[3],
        (
            Some("Tom"),
            Some(754.0),
            "You start with the smallest thing that \"works\" & ship it."
        )
    );
    assert!(t
        .turns
        .iter()
        .all(|x| !x.text.contains("**") && !x.text.contains("&#")));
    let r = read(&text, &ReadAs::AUTO).unwrap();
    assert_eq!(r.read_as.key(), "markdown/bold-own-line");
    assert_eq!(
        r.summary,
        "Read as Markdown interview, speakers from bold names on their own line"
    );
}

#[test]
fn zoom_vtt_typed_display_names_are_speakers() {
    let text = fixture("vtt_zoom_typed_names.vtt");
    let t = parse(&text).unwrap();
    assert_eq!(t.metadata.format, Format::WebVtt);
    assert_eq!(
        speakers(&t),
        ["Dana’s iPad", "Jo Park (TA)", "Jörg Müller", "DR. AMY CHEN"]
    );
    assert_eq!(t.turns.len(), 7);
    assert_eq!(
        turns(&t)[0],
        (Some("Dana’s iPad"), Some(1.2), "Can everyone hear me okay?")
    );
    // Named cues are never glued onto the speaker before them; a cue with
    // no name continues the previous speaker.
    assert_eq!(
        turns(&t)[2],
        (
            Some("Jörg Müller"),
            Some(8.1),
            "Hier auch, alles gut. I think we can start now."
        )
    );
    assert_eq!(
        turns(&t)[4],
        (
            Some("Dana’s iPad"),
            Some(16.5),
            "Which chapter was it again?"
        )
    );
    assert!(t.turns.iter().all(|x| !x.text.contains("iPad:")));
}

#[test]
fn an_odd_label_seen_once_in_a_zoom_file_stays_text() {
    // `the plan:` once is not a speaker even where labels are the shape.
    let text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAna: Hi.\n\n00:00:02.000 --> 00:00:03.000\nBen: Hello.\n\n00:00:03.000 --> 00:00:04.000\nAna: so the plan: we ship.\n\n00:00:04.000 --> 00:00:05.000\nthe plan: we ship.\n\n00:00:05.000 --> 00:00:06.000\nBen: Yes.\n";
    let t = parse(text).unwrap();
    assert_eq!(speakers(&t), ["Ana", "Ben"]);
}

#[test]
fn noscribe_03_inline_labels_and_metadata_lines() {
    let text = fixture("html_noscribe_v03_inline_labels.html");
    assert_eq!(detect(&text).format, Format::NoscribeHtml);
    let t = parse(&text).unwrap();
    // Machine ids are shown as "Speaker N", the id kept beside the name.
    assert_eq!(speakers(&t), ["Speaker 1", "Speaker 2"]);
    assert_eq!(t.speakers[0].id.as_deref(), Some("S00"));
    assert_eq!(t.speakers[1].id.as_deref(), Some("S01"));
    assert_eq!(t.turns.len(), 4);
    assert_eq!(
        turns(&t)[0],
        (
            Some("Speaker 1"),
            None,
            "Guten Tag, danke dass Sie sich Zeit nehmen."
        )
    );
    assert!(t
        .turns
        .iter()
        .all(|x| !x.text.contains("noScribe") && !x.text.contains("Audiodatei")));
}

#[test]
fn teams_vtt_unpadded_clocks_mixed_line_ends_guid_voices() {
    let text = fixture("vtt_teams_unpadded_guid_mixed_eol.vtt");
    assert!(text.contains("\r\n") && text.contains("</v>\n\n"));
    let t = parse(&text).unwrap();
    assert_eq!(t.metadata.format, Format::WebVtt);
    assert_eq!(speakers(&t), ["Ana Lima", "Speaker 1", "Ben Okafor"]);
    // The GUID voice is a machine id: shown as "Speaker 1", kept as its id.
    assert_eq!(
        t.speakers[1].id.as_deref(),
        Some("8d1e5b22-0c3f-4a7e-b2d9-6f4a1e0c9b33")
    );
    assert_eq!(t.turns.len(), 3);
    assert_eq!(
        turns(&t)[0],
        (
            Some("Ana Lima"),
            Some(3.49),
            "Good morning, everyone. Let us start with the budget."
        )
    );
    assert_eq!(t.turns[2].start, Some(62.5));
}

#[test]
fn headings_names_alone_and_time_then_name_are_induced() {
    let t = parse(&fixture("md_heading_names_paragraphs.md")).unwrap();
    assert_eq!(speakers(&t), ["Dr. Ana Ruiz", "Wilhelm Groß"]);
    assert_eq!(t.title.as_deref(), Some("Oral history: the mill, 1962"));
    // The preamble line, then four turns.
    assert_eq!(t.turns.len(), 5);
    assert_eq!(turns(&t)[0], (None, None, "Recorded at the village hall."));
    assert_eq!(
        turns(&t)[2].2,
        "I was fifteen. My father took me there on a Monday, and I stayed for thirty-one years. We worked in shifts, six days a week."
    );

    let t = parse(&fixture("txt_name_alone_above_paragraphs.txt")).unwrap();
    // A lower-case label with parentheses is taken once the shape is shown.
    assert_eq!(speakers(&t), ["Priya", "mr. o'brien (guest)", "Sam"]);
    assert_eq!(t.turns.len(), 7);
    assert_eq!(turns(&t)[0], (None, None, "Team sync, week 14"));

    let t = parse(&fixture("txt_time_then_name_lines.txt")).unwrap();
    assert_eq!(speakers(&t), ["Lena Hoffmann", "Q from audience"]);
    assert_eq!(t.turns.len(), 4);
    assert_eq!(
        turns(&t)[1],
        (
            Some("Q from audience"),
            Some(75.0),
            "Is the talk being recorded for those who could not come?"
        )
    );
}

#[test]
fn read_as_offers_the_shapes_and_applies_a_choice() {
    let text = fixture("txt_name_alone_above_paragraphs.txt");
    let r = read(&text, &ReadAs::AUTO).unwrap();
    let first = r.choices.first().unwrap();
    assert_eq!(first.read_as.key(), "plain-script/alone");
    assert_eq!(first.turns, 7);
    assert_eq!(first.example, "Priya");
    // Forcing plain paragraphs reads no speakers and still lists shapes.
    let plain = read(&text, &ReadAs::from_key("plain-text").unwrap()).unwrap();
    assert!(plain.transcript.speakers.is_empty());
    assert_eq!(plain.read_as.key(), "plain-text");
    assert!(!plain.choices.is_empty());
    // Applying the choice gives the same reading as Auto.
    let chosen = read(&text, &first.read_as).unwrap();
    assert_eq!(chosen.transcript, r.transcript);
    assert_eq!(chosen.read_as, first.read_as);
    // A script read as `Name:` lines keeps its parser unless asked.
    let script = "Ana: Hello there.\nBen: Hi.\nAna: Bye now.\n";
    let r = read(script, &ReadAs::AUTO).unwrap();
    assert_eq!(r.read_as.key(), "plain-script");
    assert_eq!(
        r.choices.first().map(|c| c.read_as.key()).as_deref(),
        Some("plain-script/name-colon")
    );
    // JSON as a family: the tool's own format is what is applied.
    let json = fixture("json_assemblyai_utterances_ms.json");
    let r = read(&json, &ReadAs::from_key("json").unwrap()).unwrap();
    assert_eq!(r.read_as.key(), "assemblyai-json");
    assert!(r.choices.is_empty());
}

#[test]
fn parse_is_read_auto_on_every_fixture() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let r = read(&text, &ReadAs::AUTO).map(|r| r.transcript);
        assert_eq!(r, parse(&text), "{}", path.display());
    }
}

/// Lines of a transcript in a random label shape, with noise lines.
fn document() -> impl Strategy<Value = String> {
    let names = prop::sample::select(vec![
        "Ana",
        "Ben O'Neil",
        "jörg",
        "Dana’s iPad",
        "SPEAKER_00",
        "DR. X",
        "[Music]",
        "",
    ]);
    let line =
        (0usize..10, names, "[a-zA-Z ,.:*#\\[\\]()0-9&;]{0,60}").prop_map(|(shape, name, text)| {
            match shape {
                0 => format!("**{name}** [0:{:02}]\n\n{text}", text.len() % 60),
                1 => format!("{name}: {text}"),
                2 => format!("## {name}\n{text}"),
                3 => format!("{name}\n{text}"),
                4 => format!("[00:0{}:10] {name}: {text}", text.len() % 10),
                5 => format!("{name}  1:{:02}\n{text}", text.len() % 60),
                6 => format!("[{name}] {text}"),
                7 => name.to_uppercase(),
                8 => String::new(),
                _ => text,
            }
        });
    prop::collection::vec(line, 0..60).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn induction_and_every_reading_never_panic(doc in document(), key in "[a-z/-]{0,24}") {
        let _ = induce::candidates(&doc);
        for shape in Shape::ALL {
            let t = induce::read_with(&doc, shape, Format::PlainScript);
            prop_assert!(t.turns.iter().all(|x| !x.text.contains("**")));
        }
        if let Some(how) = ReadAs::from_key(&key) {
            let _ = read(&doc, &how);
        }
        let r = read(&doc, &ReadAs::AUTO);
        prop_assert_eq!(r.map(|r| r.transcript), parse(&doc));
    }

    /// Work grows linearly: the lines the induction looks at, counted (not
    /// timed), for n lines and 4n lines; and reading with a shape produces
    /// at most one turn per line.
    #[test]
    fn induction_work_is_linear(doc in document()) {
        let lines = doc.lines().count();
        let four = [doc.as_str(); 4].join("\n");
        let t1 = induce::read_with(&doc, Shape::NameColon, Format::PlainScript);
        let t4 = induce::read_with(&four, Shape::NameColon, Format::PlainScript);
        prop_assert!(t1.turns.len() <= lines.max(1));
        prop_assert!(t4.turns.len() <= 4 * lines.max(1) + 4);
        let steps1 = induce::steps(&doc);
        let steps4 = induce::steps(&four);
        prop_assert!(steps4 <= 4 * steps1 + 4 * Shape::ALL.len(), "{} vs {}", steps4, steps1);
    }
}

#[test]
fn choosing_a_shape_on_a_huge_file_reads_a_bounded_sample() {
    // 200 000 lines: scoring looks at SAMPLE_LINES lines per shape.
    let big: String = (0..100_000)
        .map(|i| format!("Ana: line {i} of the talk.\nBen: reply {i}.\n"))
        .collect();
    assert_eq!(induce::steps(&big), induce::SAMPLE_LINES * Shape::ALL.len());
}

#[test]
fn shapes_seen_in_real_files_read_as_their_speakers() {
    // orbit.fm: `0:00:14.3 **Name** text`, detected as a YouTube copy.
    let t = parse(&fixture("txt_time_bold_name_inline.txt")).unwrap();
    assert_eq!(t.metadata.format, Format::PlainScript);
    assert_eq!(speakers(&t), ["Nora Alvarez", "Ike Brandt", "Pia Sommer"]);
    assert_eq!(t.turns.len(), 7);
    assert_eq!(t.turns[0].kind, transcript_core::TurnKind::NonSpeech);
    assert_eq!(
        turns(&t)[1],
        (
            Some("Nora Alvarez"),
            Some(14.3),
            "Welcome to Shelf Talk, episode four. I think it's four?"
        )
    );
    assert_eq!(
        turns(&t)[5].2,
        "I went with the mentoring pattern and reached out to someone. Second paragraph of the same answer, no time."
    );

    // An Otter export whose every line a tool stamped with `0:00`.
    let t = parse(&fixture("txt_stamped_lines_name_time_headers.txt")).unwrap();
    assert_eq!(speakers(&t), ["Lena Park", "Unknown Speaker"]);
    assert_eq!(t.turns.len(), 4);
    assert_eq!(
        turns(&t)[1],
        (Some("Unknown Speaker"), Some(9.0), "And I am Tom.")
    );

    // bitcointranscripts: `Name – 00:02:02:` with the speech inline or below,
    // under YAML front matter.
    let t = parse(&fixture("md_name_dash_time_colon_front_matter.md")).unwrap();
    assert_eq!(t.title.as_deref(), Some("Fees, Pinning and You"));
    assert_eq!(speakers(&t), ["Milo Reyes", "Ada Quist"]);
    assert_eq!(t.turns.len(), 5);
    assert_eq!(
        turns(&t)[1],
        (
            Some("Milo Reyes"),
            Some(122.0),
            "So on to the discussion with Ada. Welcome to the show."
        )
    );
    assert!(t.turns.iter().all(|x| !x.text.contains("title:")));

    // Google Meet captions saved by an extension: `(Name)` lines, `-` between
    // two speakers of one cue; `(laughs)` stays a sound.
    let t = parse(&fixture("vtt_meet_paren_name_lines.vtt")).unwrap();
    assert_eq!(speakers(&t), ["Rosa Vidal", "Omar Haddad"]);
    assert_eq!(t.turns.len(), 4);
    assert_eq!(
        turns(&t)[0],
        (
            Some("Rosa Vidal"),
            Some(8.0),
            "I wanted to start with a little background so we know who we're talking to. What is your background?"
        )
    );
    assert_eq!(
        turns(&t)[1],
        (
            Some("Omar Haddad"),
            Some(16.0),
            "Mostly chemistry, then software"
        )
    );
    assert_eq!(t.turns[2].kind, transcript_core::TurnKind::NonSpeech);
    assert!(t.turns.iter().all(|x| x.text != "-"));
}

#[test]
fn a_meeting_summary_with_name_headings_over_bullets_names_no_one() {
    // Modelled on a Word summary saved next to Otter exports: `Name (Org):`
    // over action items is not a conversation.
    let text = "Prep call summary - 3 October\n\nPlease find below a short summary of our call.\n\nACTION ITEMS\n\nFarhan (Climate Hub):\n\nSchedule next call with scenario-based agenda\n\nCoordinate summary distribution\n\nAnita (Degrees):\n\nShare the calendar and time slots\n\nSue:\n\nMonitor the group positions\n\nCONFIDENTIALITY\n\nInternal coordination only.\n";
    let t = parse(text).unwrap();
    assert!(t.speakers.is_empty(), "{:?}", speakers(&t));
}
