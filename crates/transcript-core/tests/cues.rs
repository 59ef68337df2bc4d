//! WebVTT and SRT: detection and parsing on fixtures modelled on real files.

mod common;
use common::fixture;

use transcript_core::{detect, parse, Format, Transcript, TurnKind};

const SPEECH: TurnKind = TurnKind::Speech;
const SOUND: TurnKind = TurnKind::NonSpeech;

fn turns(t: &Transcript) -> Vec<(Option<&str>, TurnKind, &str)> {
    t.turns
        .iter()
        .map(|turn| (t.speaker_name(turn), turn.kind, turn.text.as_str()))
        .collect()
}

fn starts(t: &Transcript) -> Vec<Option<f64>> {
    t.turns.iter().map(|turn| turn.start).collect()
}

fn segment_starts(t: &Transcript, turn: usize) -> Vec<Option<f64>> {
    t.turns[turn].segments.iter().map(|s| s.start).collect()
}

#[test]
fn webvtt_voice_spans_with_bom_crlf_header_blocks_and_long_hours() {
    let text = fixture("vtt_voice_spans_crlf_bom.vtt");
    assert!(text.starts_with('\u{feff}') && text.contains("\r\n"));
    assert_eq!(detect(&text).format, Format::WebVtt);
    let t = parse(&text).unwrap();
    assert_eq!(t.metadata.format, Format::WebVtt);
    assert_eq!(t.title.as_deref(), Some("Product & Design Interview"));
    assert_eq!(
        turns(&t),
        [
            (
                Some("Ana Lima"),
                SPEECH,
                "Welcome back to the show. Today I’m talking with Ben O'Neil about design."
            ),
            (
                Some("Ben O'Neil"),
                SPEECH,
                "Thanks & hello! It's great to be here."
            ),
            (Some("Ana Lima"), SPEECH, "So where do we start?"),
            (Some("Ben O'Neil"), SPEECH, "At the end, <obviously>."),
        ]
    );
    assert_eq!(t.speakers.len(), 2);
    assert_eq!(segment_starts(&t, 0), [Some(1.0), Some(4.5)]);
    assert_eq!(segment_starts(&t, 1), [Some(7.0), Some(9.0)]);
    assert_eq!(t.turns[1].end, Some(12.0));
    assert_eq!(t.turns[3].start, Some(442_800.0));
    assert_eq!(t.turns[3].end, Some(442_802.5));
    assert!(t.warnings.is_empty());
}

#[test]
fn webvtt_zoom_labels_inside_cues_and_untagged_cues_inherit() {
    let text = fixture("vtt_zoom_name_colon_in_cues.vtt");
    assert_eq!(detect(&text).format, Format::WebVtt);
    let t = parse(&text).unwrap();
    assert_eq!(t.title, None);
    assert_eq!(
        turns(&t),
        [
            (
                Some("Maya Chen"),
                SPEECH,
                "Okay, so we're recording. We have that setup. Check https://example.com later. And that"
            ),
            (
                Some("Leo Park"),
                SPEECH,
                "The meeting starts at 10:30 today. Note the time: 10:30 sharp."
            ),
            (Some("Maya Chen"), SPEECH, "Got it."),
        ]
    );
    assert_eq!(segment_starts(&t, 0), [Some(4.859), Some(9.54), Some(13.1)]);
}

#[test]
fn webvtt_youtube_rolling_auto_captions_say_each_line_once() {
    let text = fixture("vtt_youtube_auto_rolling.vtt");
    assert_eq!(detect(&text).format, Format::WebVtt);
    let t = parse(&text).unwrap();
    assert_eq!(
        turns(&t),
        [
            (
                None,
                SPEECH,
                "so today we're going to talk about how captions work"
            ),
            (None, SPEECH, "and that's it"),
            (None, SOUND, "[Music]"),
            (None, SPEECH, "thanks for watching"),
        ]
    );
    // Each line is timed by the cue where it is first spoken.
    assert_eq!(segment_starts(&t, 0), [Some(0.0), Some(2.76)]);
    assert_eq!(starts(&t), [Some(0.0), Some(5.2), Some(7.52), Some(9.01)]);
    assert_eq!(t.word_count(), 17);
}

#[test]
fn webvtt_overlapping_cues_stay_in_source_order() {
    let text = fixture("vtt_overlapping_cues_settings.vtt");
    let t = parse(&text).unwrap();
    assert_eq!(
        turns(&t),
        [
            (
                Some("Roger"),
                SPEECH,
                "And I want to do a follow-up on the last conversation we did. When we e-mailed—"
            ),
            (
                Some("Neil"),
                SPEECH,
                "Didn't we talk about enough in that conversation?"
            ),
            (
                Some("Roger"),
                SPEECH,
                "No! No no no no; 'cos 'cos obviously 'cos"
            ),
            (Some("Neil"), SPEECH, "Laughs"),
            (
                Some("Roger"),
                SPEECH,
                "You know I'm so excited my glasses are falling off here."
            ),
        ]
    );
    assert_eq!(
        starts(&t),
        [Some(27.0), Some(30.5), Some(32.0), Some(32.5), Some(35.5)]
    );
    assert_eq!(t.turns[0].end, Some(31.5));
}

#[test]
fn srt_speaker_prefix_only_when_the_speaker_changes() {
    let text = fixture("srt_speaker_prefix_on_change.srt");
    let d = detect(&text);
    assert_eq!(d.format, Format::Srt);
    assert!(d.evidence.contains("00:00:00,179 --> 00:00:02,399"));
    let t = parse(&text).unwrap();
    assert_eq!(
        turns(&t),
        [
            (
                Some("Tess"),
                SPEECH,
                "When you first get started in podcasting, it's almost guaranteed that you'll make a few mistakes."
            ),
            (
                Some("Omar"),
                SPEECH,
                "Creating good audio is key. So is a good microphone."
            ),
            (Some("Tess"), SPEECH, "Agreed. Thanks for having me."),
            (Some("Omar"), SPEECH, "Any time."),
        ]
    );
    assert_eq!(segment_starts(&t, 0), [Some(0.179), Some(2.4)]);
    // A label on a later line of a cue changes the speaker mid-cue.
    assert_eq!(segment_starts(&t, 2), [Some(9.6), Some(11.0)]);
    assert_eq!(t.turns[3].start, Some(11.0));
    assert_eq!(t.turns[1].end, Some(9.5));
}

#[test]
fn srt_closed_caption_chevrons_start_turns_and_sounds_are_not_speech() {
    let text = fixture("srt_closed_caption_chevrons_sound_cues.srt");
    assert_eq!(detect(&text).format, Format::Srt);
    let t = parse(&text).unwrap();
    assert_eq!(
        turns(&t),
        [
            (None, SPEECH, "GOOD EVENING, AND WELCOME TO THE BROADCAST."),
            (None, SOUND, "[APPLAUSE]"),
            (
                Some("MAYOR REYES"),
                SPEECH,
                "THANK YOU. IT'S GOOD TO BE HERE. WE HAVE A LOT TO COVER."
            ),
            (None, SPEECH, "LET'S START WITH THE BUDGET."),
            (Some("MAYOR REYES"), SPEECH, "SURE."),
        ]
    );
    assert_eq!(segment_starts(&t, 3), [Some(7.5), Some(9.0)]);
    assert_eq!(t.turns[1].start, Some(3.0));
}

#[test]
fn srt_with_dot_millis_missing_indexes_and_odd_blank_lines() {
    let text = fixture("srt_dot_millis_no_index_blank_lines.srt");
    let d = detect(&text);
    assert_eq!(d.format, Format::Srt);
    assert!(d.evidence.contains("no WEBVTT header"), "{}", d.evidence);
    let t = parse(&text).unwrap();
    assert_eq!(
        turns(&t),
        [(
            Some("Kim"),
            SPEECH,
            "First cue has no index. Second cue has tags and no blank line before it. Late. Very late. really."
        )]
    );
    assert_eq!(
        segment_starts(&t, 0),
        [
            Some(1.0),
            Some(2.5),
            Some(4.0),
            Some(359_999.5),
            Some(442_800.0)
        ]
    );
    assert_eq!(t.turns[0].end, Some(442_802.0));
}

#[test]
fn cue_parsers_survive_every_truncation_of_their_fixtures() {
    for name in [
        "vtt_voice_spans_crlf_bom.vtt",
        "vtt_youtube_auto_rolling.vtt",
        "srt_closed_caption_chevrons_sound_cues.srt",
        "srt_dot_millis_no_index_blank_lines.srt",
    ] {
        let text = fixture(name);
        for (i, _) in text.char_indices() {
            let _ = transcript_core::parse_as(Format::WebVtt, &text[..i]);
            let _ = transcript_core::parse_as(Format::Srt, &text[i..]);
            let _ = detect(&text[..i]);
        }
    }
}
