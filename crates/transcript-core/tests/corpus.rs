//! The real public transcripts in `../shared/corpus/` (beside the repo, not
//! committed): each is detected as its format and read into the speakers a
//! person reading the file would name. `./x test` runs this when the folder
//! is there: `cargo test -p transcript-core --test corpus -- --ignored`.

use std::path::PathBuf;

use transcript_core::{detect, parse, Format};

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

#[test]
#[ignore = "needs ../shared/corpus beside the repository; ./x test runs it when present"]
fn every_shared_sample_is_detected_and_read_into_its_speakers() {
    let cases: &[(&str, Format, &[&str], usize)] = &[
        (
            "TranscriptParsing_zoom-style_name-colon-in-cues.vtt",
            Format::WebVtt,
            &[
                "Andrew Knight",
                "Paul McCartney",
                "George Harrison",
                "Ringo Starr",
                "John Lennon",
            ],
            30,
        ),
        (
            "diarization_test_task_openai-whisper_ru.json",
            Format::WhisperJson,
            &[],
            1,
        ),
        (
            "ladybug-podcast_69-intermediate-react_otter-export.txt",
            Format::Otter,
            &["Emma", "Kelly", "Unknown Speaker", "Ali", "Sidney"],
            100,
        ),
        (
            "podcastindex_podcast-namespace_example.html",
            Format::PodcastHtml,
            &["Travis", "Sarah", "Gilon"],
            10,
        ),
        (
            "podcastindex_podcast-namespace_example.json",
            Format::PodcastJson,
            &["Darth Vader", "Luke"],
            2,
        ),
        (
            "podcastindex_podcast-namespace_example_speaker-prefixed.srt",
            Format::Srt,
            &["Travis", "Sarah", "Gilon"],
            10,
        ),
        (
            "podcastindex_podcast-namespace_example_voice-tags.vtt",
            Format::WebVtt,
            &["Sarah", "Gillian"],
            2,
        ),
        (
            "podlove-ui_podlovers-ep3_podlove-transcripts_de.json",
            Format::PodloveJson,
            &["Eric", "Simon", "Michi", "Alex"],
            200,
        ),
        (
            "se-unlocked_EP_13_Dan_Abramov_markdown-bold-speaker.md",
            Format::Markdown,
            &["Michaela", "Dan"],
            40,
        ),
        (
            "teams-transcript-formatter_teams-style_guid-cue-ids_voice-tags.vtt",
            Format::WebVtt,
            &["John Smith", "Jane Doe"],
            12,
        ),
        (
            "w3c-webvtt-spec_intro-interview_overlapping-cues_cue-settings.vtt",
            Format::WebVtt,
            &["Roger Bingham", "Neil deGrasse Tyson"],
            5,
        ),
        (
            "yt_transcript_parser_youtube-copied-transcript_2020.txt",
            Format::YoutubeCopied,
            &[],
            50,
        ),
    ];
    let dir = corpus_dir();
    assert!(dir.is_dir(), "no corpus at {}", dir.display());
    for (file, format, speakers, min_turns) in cases {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        assert_eq!(detect(&text).format, *format, "{file}");
        let t = parse(&text).unwrap();
        let names: Vec<&str> = t.speakers.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, *speakers, "{file}");
        assert!(
            t.turns.len() >= *min_turns,
            "{file}: {} turns",
            t.turns.len()
        );
        // Spoken text may mention a tag ("<p>-Tags"), but no closing tag or entity survives.
        for turn in &t.turns {
            assert!(
                !turn.text.contains("</") && !turn.text.contains("&amp;"),
                "{file}: markup in {:?}",
                turn.text
            );
        }
    }
}
