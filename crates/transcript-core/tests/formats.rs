//! The formats of issue 19 other than Word: TTML / DFXP (Apple Podcasts
//! too), YouTube's SBV, srv3 XML and json3, ASS, Webex WebVTT and the
//! speech-to-text JSONs (Google, Amazon, Azure, Speechmatics, OpenAI).
//! Each fixture is written for this project, modelled on public files of
//! that shape: detection, speakers, turn count, first time and text.

mod common;
use common::{fixture, speakers};

use transcript_core::{detect, parse, Format, Transcript, TurnKind};

/// Speaker (or `-`) and text of each turn.
fn turns(t: &Transcript) -> Vec<(&str, &str)> {
    t.turns
        .iter()
        .map(|turn| (t.speaker_name(turn).unwrap_or("-"), turn.text.as_str()))
        .collect()
}

/// Detects and parses a fixture, checking both agree on `format`.
fn read(name: &str, format: Format) -> Transcript {
    let text = fixture(name);
    assert_eq!(detect(&text).format, format, "{name}");
    let t = parse(&text).unwrap();
    assert_eq!(t.metadata.format, format, "{name}");
    assert!(t.warnings.is_empty(), "{name}: {:?}", t.warnings);
    t
}

#[test]
fn apple_podcasts_ttml_joins_word_spans_with_spaces() {
    let t = read("ttml_apple_podcasts_word_spans.ttml", Format::Ttml);
    assert_eq!(speakers(&t), ["Speaker 1", "Speaker 2"]);
    assert_eq!(
        turns(&t),
        [
            (
                "Speaker 1",
                "Welcome back to the Garden Hour. Today we talk tomatoes & beans."
            ),
            ("Speaker 2", "Thanks for having me."),
            ("Speaker 1", "Let's start."),
        ]
    );
    assert_eq!(t.turns[0].start, Some(0.86));
    assert_eq!(t.turns[0].end, Some(6.12));
    assert_eq!(t.turns[2].start, Some(10.2));
}

#[test]
fn dfxp_named_agents_ticks_frames_offsets_and_line_breaks() {
    let t = read("ttml_dfxp_named_agents_ticks_br.dfxp", Format::Ttml);
    assert_eq!(t.title.as_deref(), Some("Council meeting, 4 March"));
    assert_eq!(speakers(&t), ["Maria Ortega", "Tom Baker"]);
    assert_eq!(
        turns(&t),
        [
            ("Maria Ortega", "Good evening, and welcome. Let us begin."),
            ("Tom Baker", "Roll call is complete."),
            ("-", "[gavel]"),
            ("Maria Ortega", "Item one: the park & ride."),
        ]
    );
    assert_eq!(t.turns[2].kind, TurnKind::NonSpeech);
    // 10000000 ticks at 10 MHz; the second cue ends at frame 12 of 25.
    assert_eq!(t.turns[0].start, Some(1.0));
    assert_eq!(t.turns[0].end, Some(7.48));
    // `begin="8s" dur="2.5s"`.
    assert_eq!((t.turns[1].start, t.turns[1].end), (Some(8.0), Some(10.5)));
}

#[test]
fn youtube_srv3_auto_captions() {
    let t = read("youtube_srv3_auto_captions.xml", Format::YoutubeTimedText);
    assert!(t.speakers.is_empty());
    assert_eq!(
        turns(&t),
        [
            ("-", "so today we're going to look at sourdough starters"),
            ("-", "[Music]"),
            ("-", "and flour & water"),
        ]
    );
    assert_eq!(t.turns[0].start, Some(0.32));
    assert_eq!(t.turns[2].start, Some(7.7));
}

#[test]
fn youtube_json3_events_with_append_lines_and_literal_markup() {
    let t = read(
        "json_youtube_json3_auto_captions.json",
        Format::YoutubeTimedText,
    );
    assert_eq!(
        turns(&t),
        [
            ("-", "hey everyone welcome back to the <kitchen>"),
            ("-", "[Music]"),
            ("-", "salt & pepper"),
        ]
    );
    assert_eq!(t.turns[0].start, Some(0.16));
    assert_eq!(t.turns[1].kind, TurnKind::NonSpeech);
}

#[test]
fn youtube_sbv_with_chevron_names_and_sound_cues() {
    let t = read("youtube_sbv_chevrons_names.sbv", Format::Sbv);
    assert_eq!(speakers(&t), ["ALICE", "JOHN"]);
    assert_eq!(t.turns.len(), 5);
    assert_eq!(
        turns(&t)[..2],
        [
            (
                "ALICE",
                "Hi, my name is Alice Miller and this is John Brown"
            ),
            ("JOHN", "and we're the owners of Miller Bakery."),
        ]
    );
    assert_eq!(turns(&t)[3], ("-", "[MUSIC]"));
    assert_eq!(t.turns[0].start, Some(0.599));
    assert_eq!(t.turns[1].start, Some(4.16));
}

#[test]
fn ass_actor_names_overrides_drawings_comments_and_time_order() {
    let t = read("ass_aegisub_actor_names.ass", Format::Ass);
    assert_eq!(t.title.as_deref(), Some("Harbour Lights, episode 3"));
    assert_eq!(speakers(&t), ["Mara", "Jonas"]);
    assert_eq!(
        turns(&t),
        [
            ("Mara", "Where were you last night?"),
            (
                "Jonas",
                "At the harbour, watching the lights. Alone, if you must know."
            ),
            ("Mara", "Hm. I don't believe you."),
        ]
    );
    assert_eq!(t.turns[0].start, Some(1.5));
    assert_eq!(t.turns[1].end, Some(9.4));
}

#[test]
fn webex_vtt_names_the_speaker_in_the_cue_id() {
    let text = fixture("vtt_webex_speaker_in_cue_id.vtt");
    let d = detect(&text);
    assert_eq!(d.format, Format::WebVtt);
    assert!(d.evidence.contains("Webex"), "{}", d.evidence);
    let t = parse(&text).unwrap();
    assert_eq!(speakers(&t), ["Priya Nair", "Daniel Okafor"]);
    assert_eq!(t.turns.len(), 3);
    assert_eq!(
        turns(&t)[0],
        (
            "Priya Nair",
            "Okay, I think everyone is here. Let's get started. First item is the release date."
        )
    );
    assert_eq!(t.turns[0].start, Some(3.12));
    assert_eq!(t.turns[1].start, Some(9.8));
    // A cue id in any other shape names nobody.
    let plain = parse("WEBVTT\n\nintro \"x\"\n00:01.000 --> 00:02.000\nHello\n").unwrap();
    assert!(plain.speakers.is_empty());
}

#[test]
fn google_stt_reads_the_diarized_last_result() {
    let t = read(
        "json_google_stt_diarized_speaker_tags.json",
        Format::GoogleSttJson,
    );
    assert_eq!(speakers(&t), ["Speaker 1", "Speaker 2"]);
    assert_eq!(
        turns(&t),
        [
            ("Speaker 1", "Hi Sam, thanks for calling."),
            ("Speaker 2", "My printer is offline."),
            ("Speaker 1", "Let me check."),
        ]
    );
    assert_eq!(t.turns[0].start, Some(0.4));
    assert_eq!(t.turns[1].start, Some(3.5));
    assert_eq!(t.turns[1].end, Some(5.0));
}

#[test]
fn google_stt_without_speakers_reads_each_result_as_a_paragraph() {
    let text = r#"{"results":[{"alternatives":[{"transcript":"first part","words":[{"startTime":{"seconds":"1","nanos":500000000},"word":"first"}]}],"resultEndTime":"4s"},{"alternatives":[{"transcript":" second part"}],"resultEndTime":"9.5s"}]}"#;
    let t = parse(text).unwrap();
    assert_eq!(t.metadata.format, Format::GoogleSttJson);
    assert_eq!(turns(&t), [("-", "first part"), ("-", "second part")]);
    assert_eq!((t.turns[0].start, t.turns[0].end), (Some(1.5), Some(4.0)));
    assert_eq!(t.turns[1].start, Some(4.0));
}

#[test]
fn amazon_transcribe_items_take_speakers_from_segments() {
    let t = read(
        "json_amazon_transcribe_items_speaker_segments.json",
        Format::AmazonTranscribeJson,
    );
    assert_eq!(speakers(&t), ["Speaker 1", "Speaker 2"]);
    assert_eq!(
        turns(&t),
        [
            ("Speaker 1", "Good morning, thanks for calling."),
            ("Speaker 2", "Hi, I need help with my order."),
        ]
    );
    assert_eq!(t.turns[0].start, Some(0.04));
    assert_eq!(t.turns[1].start, Some(3.02));
}

#[test]
fn amazon_transcribe_audio_segments_are_turns() {
    let t = read(
        "json_amazon_transcribe_audio_segments.json",
        Format::AmazonTranscribeJson,
    );
    assert_eq!(t.speakers.len(), 2);
    assert_eq!(
        turns(&t),
        [
            ("Speaker 1", "Welcome to episode seven."),
            ("Speaker 2", "Glad to be here."),
            ("Speaker 1", "Let's dive in."),
        ]
    );
    assert_eq!(t.turns[0].start, Some(0.5));
}

#[test]
fn azure_phrases_in_time_order_with_tick_offsets() {
    let t = read(
        "json_azure_batch_recognized_phrases.json",
        Format::AzureSpeechJson,
    );
    assert_eq!(speakers(&t), ["Speaker 1", "Speaker 2"]);
    assert_eq!(
        turns(&t),
        [
            ("Speaker 1", "Morning all. Shall we start?"),
            ("Speaker 2", "Yes, I'll go first."),
        ]
    );
    assert_eq!(t.turns[0].start, Some(0.36));
    assert_eq!(t.turns[1].start, Some(4.1));
    assert_eq!(t.turns[1].end, Some(6.6));
}

#[test]
fn azure_iso_durations_without_ticks() {
    let text = r#"{"recognizedPhrases":[{"speaker":1,"offset":"PT1M2.5S","duration":"PT1.5S","nBest":[{"lexical":"hello there"}]}]}"#;
    let t = parse(text).unwrap();
    assert_eq!(turns(&t), [("Speaker 1", "hello there")]);
    assert_eq!((t.turns[0].start, t.turns[0].end), (Some(62.5), Some(64.0)));
}

#[test]
fn speechmatics_words_and_attached_punctuation() {
    let t = read(
        "json_speechmatics_v2_words_punctuation.json",
        Format::SpeechmaticsJson,
    );
    assert_eq!(speakers(&t), ["Speaker 1", "Speaker 2"]);
    assert_eq!(
        turns(&t),
        [
            ("Speaker 1", "So what brings you here?"),
            ("Speaker 2", "Curiosity, mostly."),
        ]
    );
    assert_eq!(t.turns[0].start, Some(0.48));
    assert_eq!(t.turns[1].start, Some(2.4));
}

#[test]
fn openai_verbose_json_segments_then_words() {
    let t = read(
        "json_openai_verbose_json_segments_words.json",
        Format::OpenaiJson,
    );
    assert!(t.speakers.is_empty());
    assert_eq!(
        turns(&t),
        [
            ("-", "The quarterly numbers are in."),
            ("-", "Revenue is up eight percent."),
        ]
    );
    assert_eq!(t.turns[1].start, Some(5.2));
    // `timestamp_granularities: ["word"]` alone: words, no segments.
    let words = r#"{"task":"transcribe","language":"english","duration":2.0,"text":"Hi there.","words":[{"word":"Hi","start":0.1,"end":0.3},{"word":"there.","start":0.3,"end":0.8}]}"#;
    let t = parse(words).unwrap();
    assert_eq!(t.metadata.format, Format::OpenaiJson);
    assert_eq!(turns(&t), [("-", "Hi there.")]);
    assert_eq!((t.turns[0].start, t.turns[0].end), (Some(0.1), Some(0.8)));
}

#[test]
fn hostile_xml_is_read_as_text_within_its_length() {
    // Billion laughs: the entities are never expanded.
    let mut lol = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE tt [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        lol.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    lol.push_str("]>\n<tt><body><div><p begin=\"1s\" end=\"2s\">&lol9;</p></div></body></tt>");
    let t = parse(&lol).unwrap();
    assert_eq!(t.metadata.format, Format::Ttml);
    assert_eq!(turns(&t), [("-", "&lol9;")]);
    assert_eq!(
        t.warnings,
        ["The XML declares a DOCTYPE: its entities were not expanded and are shown as written."]
    );
    // 200 000 nested spans: no recursion, no stack to overflow.
    let deep = format!(
        "<tt><body><p begin=\"0s\">{}deep{}</p></body></tt>",
        "<span>".repeat(200_000),
        "</span>".repeat(200_000)
    );
    assert_eq!(turns(&parse(&deep).unwrap()), [("-", "deep")]);
    // Cut off inside a tag: what came before is kept.
    let cut = "<tt><body><p begin=\"1s\" end=\"2s\">One</p><p begin=\"3s\" end=\"4";
    assert_eq!(turns(&parse(cut).unwrap()), [("-", "One")]);
}
