//! Scripts (plain `Name: text`, Rev, Otter, YouTube copied) and Markdown
//! interviews: detection and parsing of small fixtures modelled on real
//! exports, and of the bundled transcripts the app ships with.

mod common;
use common::{bundled_text as bundled, fixture, speakers};

use transcript_core::{detect, parse, Format, Section, Transcript, TurnKind};

/// (speaker or "?", text) per turn.
fn turns(t: &Transcript) -> Vec<(&str, &str)> {
    t.turns
        .iter()
        .map(|turn| (t.speaker_name(turn).unwrap_or("?"), turn.text.as_str()))
        .collect()
}

fn starts(t: &Transcript) -> Vec<Option<f64>> {
    t.turns.iter().map(|turn| turn.start).collect()
}

fn section(title: &str, turn: usize) -> Section {
    Section {
        title: title.into(),
        turn,
    }
}

#[test]
fn plain_script_title_date_and_a_one_off_note() {
    let text = fixture("script_title_date_and_one_off_note.txt");
    assert_eq!(detect(&text).format, Format::PlainScript);
    let t = parse(&text).unwrap();
    assert_eq!(t.title.as_deref(), Some("Weekly Sync"));
    assert_eq!(t.metadata.date.as_deref(), Some("2024-01-02"));
    assert_eq!(speakers(&t), ["Ana", "Ben"]);
    assert_eq!(
        turns(&t),
        [
            ("Ana", "Morning. Shall we start with the budget?"),
            (
                "Ben",
                "Yes. The numbers are in. Note: the audio cut out here"
            ),
            ("Ana", "Sorry, you dropped for a second."),
            ("Ben", "I said the numbers are in."),
        ]
    );
}

#[test]
fn screenplay_caps_names_and_stage_directions() {
    let text = fixture("script_screenplay_caps_and_directions.txt");
    assert_eq!(detect(&text).format, Format::PlainScript);
    let t = parse(&text).unwrap();
    assert_eq!(speakers(&t), ["AGNES", "WALTER"]);
    assert_eq!(
        turns(&t),
        [
            ("AGNES", "Where were you last night?"),
            ("?", "[Door slams]"),
            ("WALTER", "Out."),
            ("AGNES", "Out where? (beat)"),
            ("WALTER", "Just out."),
            ("?", "[MUSIC]"),
        ]
    );
    assert_eq!(t.turns[1].kind, TurnKind::NonSpeech);
    assert_eq!(t.turns[5].kind, TurnKind::NonSpeech);
}

#[test]
fn whisperx_speaker_brackets() {
    let text = fixture("script_whisperx_speaker_brackets.txt");
    assert_eq!(detect(&text).format, Format::PlainScript);
    let t = parse(&text).unwrap();
    assert_eq!(speakers(&t), ["Speaker 1", "Speaker 2"]);
    assert_eq!(t.turns.len(), 4);
    assert_eq!(turns(&t)[1], ("Speaker 2", "Mostly noise, to be honest."));
}

#[test]
fn bracketed_names_alone_or_before_text_and_music_cues() {
    let text = fixture("script_bracket_names_and_music.txt");
    let t = parse(&text).unwrap();
    assert_eq!(speakers(&t), ["Ana", "Ben"]);
    assert_eq!(
        turns(&t),
        [
            ("Ana", "Did the build pass?"),
            ("Ben", "It did, after the retry."),
            ("Ana", "Good."),
            ("?", "[Music]"),
            ("Ben", "Then we ship."),
        ]
    );
    assert_eq!(t.turns[3].kind, TurnKind::NonSpeech);
}

#[test]
fn news_article_with_said_lines_is_not_a_script() {
    let text = fixture("script_news_article_said_lines.txt");
    let format = detect(&text).format;
    assert!(
        !matches!(
            format,
            Format::PlainScript
                | Format::Rev
                | Format::Otter
                | Format::YoutubeCopied
                | Format::Markdown
        ),
        "{format:?}"
    );
}

#[test]
fn rev_headers_give_turn_start_times() {
    let text = fixture("rev_speaker_headers_with_times.txt");
    assert_eq!(detect(&text).format, Format::Rev);
    let t = parse(&text).unwrap();
    assert_eq!(t.metadata.format, Format::Rev);
    assert_eq!(
        turns(&t),
        [
            ("Maria Lopez", "Thanks for joining us today."),
            ("Tom Reed", "Happy to be here. It has been a while."),
            ("Maria Lopez", "Let us begin with the launch."),
            ("Tom Reed", "It went well, mostly."),
        ]
    );
    assert_eq!(starts(&t), [Some(2.0), Some(5.0), Some(70.0), Some(3723.0)]);
}

#[test]
fn otter_headers_unknown_speaker_and_footer_with_crlf_and_bom() {
    let text = fixture("otter_unknown_speaker_footer_crlf_bom.txt");
    assert_eq!(detect(&text).format, Format::Otter);
    let t = parse(&text).unwrap();
    assert_eq!(speakers(&t), ["Emma", "Unknown Speaker", "Ali"]);
    assert_eq!(
        turns(&t),
        [
            ("Emma", "Welcome back to the show."),
            ("Unknown Speaker", "Hi, everyone."),
            ("Emma", "Today we talk about hooks. They are functions."),
            ("Ali", "That is right."),
        ]
    );
    assert_eq!(starts(&t), [Some(0.0), Some(4.0), Some(6.0), Some(3723.0)]);
    // Two headers of one speaker in a row are one turn that keeps both times.
    let emma = &t.turns[2];
    assert_eq!(emma.segments.len(), 2);
    assert_eq!(emma.segments[1].start, Some(9.0));
    assert!(!t.turns.iter().any(|turn| turn.text.contains("otter.ai")));
}

#[test]
fn youtube_chapters_music_and_pauses() {
    let text = fixture("youtube_chapters_music_and_pauses.txt");
    assert_eq!(detect(&text).format, Format::YoutubeCopied);
    let t = parse(&text).unwrap();
    assert!(t.speakers.is_empty());
    assert_eq!(
        turns(&t),
        [
            (
                "?",
                "welcome back to the channel today we are building a bird feeder"
            ),
            ("?", "[Music]"),
            ("?", "first measure twice then cut once"),
            ("?", "after a short break we sand the edges"),
            ("?", "thanks for watching"),
        ]
    );
    assert_eq!(t.turns[1].kind, TurnKind::NonSpeech);
    assert_eq!(
        t.sections,
        [section("Intro", 0), section("Cutting the Wood", 2)]
    );
    assert_eq!(
        starts(&t),
        [Some(0.0), Some(6.0), Some(25.0), Some(45.0), Some(3723.0)]
    );
    // Each segment ends where the next begins.
    assert_eq!(t.turns[0].end, Some(6.0));
    assert_eq!(t.turns[0].segments[1].start, Some(3.0));
}

#[test]
fn markdown_front_matter_bold_labels_and_wrapped_paragraphs() {
    let text = fixture("md_front_matter_bold_labels_wrapped.md");
    assert_eq!(detect(&text).format, Format::Markdown);
    let t = parse(&text).unwrap();
    assert_eq!(t.title.as_deref(), Some("Episode 7: Testing & Trust"));
    assert_eq!(t.metadata.date.as_deref(), Some("2021-03-04"));
    assert_eq!(speakers(&t), ["Lena", "Omar"]);
    assert_eq!(
        turns(&t),
        [
            (
                "Lena",
                "Welcome to the show. Today I am talking with Omar about tests that break \
                 for the wrong reasons — and how to fix them. Omar, thanks for coming."
            ),
            (
                "Omar",
                "Thanks. Glad to be here, and happy to talk about snapshot_tests and flaky suites."
            ),
            (
                "Lena",
                "What makes a test flaky? See my post for background."
            ),
            ("Omar", "Mostly timing. It is O(N^2) retries * luck."),
        ]
    );
    assert_eq!(starts(&t), [Some(2.0), Some(15.0), Some(65.0), Some(80.0)]);
    assert_eq!(t.sections, [section("Flaky tests", 2)]);
}

#[test]
fn markdown_qa_quotes_are_the_answers_of_the_person_in_the_title() {
    let text = fixture("md_qa_blockquote_answers.md");
    assert_eq!(detect(&text).format, Format::Markdown);
    let t = parse(&text).unwrap();
    assert_eq!(t.title.as_deref(), Some("Ada Lovelace interview"));
    assert_eq!(
        speakers(&t),
        [
            "Interviewer",
            "Ada Lovelace",
            "Audience Member (Roy)",
            "Moderator"
        ]
    );
    assert_eq!(
        turns(&t),
        [
            (
                "Interviewer",
                "Thank you for joining us. Let's start at the beginning."
            ),
            ("Ada Lovelace", "Happy to be here. It has been a long road."),
            ("Interviewer", "Why the Analytical Engine? And why then?"),
            (
                "Ada Lovelace",
                "Because it could weave algebraic patterns, just as the Jacquard loom \
                 weaves flowers & leaves."
            ),
            ("Interviewer", "Was it expensive?"),
            ("Ada Lovelace", "It cost more than $17,000."),
            (
                "Audience Member (Roy)",
                "Did you really write the first program?"
            ),
            ("Ada Lovelace", "I wrote the notes, yes."),
            ("Moderator", "Last one: what comes next?"),
            ("Ada Lovelace", "Poetical science. Thank you."),
        ]
    );
    assert_eq!(t.sections, [section("Audience Q&A Begins", 6)]);
}

#[test]
fn script_fixtures_are_not_markdown_and_markdown_is_not_a_script() {
    for name in [
        "script_title_date_and_one_off_note.txt",
        "script_screenplay_caps_and_directions.txt",
        "script_whisperx_speaker_brackets.txt",
        "script_bracket_names_and_music.txt",
    ] {
        assert_eq!(detect(&fixture(name)).format, Format::PlainScript, "{name}");
    }
    for name in [
        "md_qa_blockquote_answers.md",
        "md_front_matter_bold_labels_wrapped.md",
    ] {
        assert_eq!(
            transcript_core::parse::script::sniff(&fixture(name)).map(|d| d.format),
            None,
            "{name}"
        );
    }
}

#[test]
fn bundled_devday_interview_is_one_turn_per_line() {
    let text = bundled("devday-2024-altman-interview.txt");
    assert_eq!(detect(&text).format, Format::PlainScript);
    let t = parse(&text).unwrap();
    assert_eq!(speakers(&t), ["Unknown", "Sam Altman"]);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(t.turns.len(), lines.len());
    for (turn, line) in t.turns.iter().zip(&lines) {
        let (name, rest) = line.split_once(": ").unwrap();
        assert_eq!(t.speaker_name(turn), Some(name));
        assert_eq!(turn.text, rest.trim());
    }
    let turns = turns(&t);
    assert!(turns[0]
        .1
        .starts_with("Hello everyone. Welcome to OpenAI Dev Day. I am Harry Stebbings of 20VC"));
    assert_eq!(
        turns[18],
        (
            "Unknown",
            "Totally is. How will vision capabilities scale with new inference time paradigm set by o one?"
        )
    );
    assert_eq!(
        turns[19],
        (
            "Sam Altman",
            "Without spoiling anything, I would expect rapid progress in image based models."
        )
    );
}

#[test]
fn bundled_ascent_interview_reads_as_questions_and_answers() {
    let text = bundled("ascent-2025-altman-interview.md");
    assert_eq!(detect(&text).format, Format::Markdown);
    let t = parse(&text).unwrap();
    assert_eq!(t.title.as_deref(), Some("Sam Altman interview"));
    assert_eq!(
        speakers(&t),
        [
            "Interviewer",
            "Sam Altman",
            "Audience Member",
            "Moderator",
            "Audience Member (Roy)"
        ]
    );
    assert_eq!(t.sections, [section("Audience Q&A Begins", 40)]);
    let turns = turns(&t);
    assert_eq!(turns.len(), 79);
    assert_eq!(
        turns[1],
        (
            "Sam Altman",
            "This was our first office. That’s right. Oh, that’s right. Say that again. \
             Yeah, this was our first office. So, it’s nice to be back."
        )
    );
    assert_eq!(turns[3], ("Sam Altman", "2016"));
    assert_eq!(turns[8], ("Interviewer", "—Oh. —Versus what?"));
    assert_eq!(
        turns[20],
        ("Interviewer", "It launched in 2022 or something?")
    );
    assert_eq!(
        turns[32],
        (
            "Interviewer",
            "It’s rumored that you’re raising $40 billion or something like that, at a $340 billion valuation."
        )
    );
    assert_eq!(turns[40].0, "Audience Member");
    assert!(turns[40]
        .1
        .starts_with("What do you think the larger companies are getting wrong"));
    assert_eq!(turns[44], ("Moderator", "How do you use it inside OpenAI?"));
    assert_eq!(turns[52].0, "Audience Member (Roy)");
    // `**Sam:**` is the Sam Altman of the title.
    assert_eq!(
        turns[71],
        ("Moderator", "Can I close with a few quick questions?")
    );
    assert_eq!(turns[72], ("Sam Altman", "Great."));
    assert_eq!(turns[78], ("Sam Altman", "Appreciate it. Thank you."));
    // No markup or escapes survive.
    for (_, text) in &turns {
        assert!(!text.contains("**") && !text.contains('\\') && !text.starts_with('>'));
    }
}

#[test]
fn odd_inputs_never_panic_in_any_of_these_formats() {
    const PIECES: &[&str] = &[
        "**",
        "*",
        "_",
        "\\",
        "[",
        "]",
        "(",
        ")",
        ":",
        "0:03",
        "1:02:03",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "> ",
        "# ",
        "---",
        "Ana",
        "SPEAKER_00",
        "é",
        "😀",
        "&amp;",
        "&#x",
        "<b>",
        "<",
        "`",
        "~~",
        "!",
        "](",
        "00:00:02",
        "Transcribed by https://otter.ai",
        "[Music]",
        ".",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..(seed % 40) {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            text.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
        }
        let _ = detect(&text);
        for format in [
            Format::PlainScript,
            Format::Rev,
            Format::Otter,
            Format::YoutubeCopied,
            Format::Markdown,
        ] {
            let _ = transcript_core::parse_as(format, &text);
        }
    }
}

#[test]
fn a_short_paste_where_each_speaker_speaks_once_is_a_script() {
    let text = "Marta Ruiz: Thanks for joining us.\nLeo Park: Happy to be here.\n";
    assert_eq!(transcript_core::detect(text).format, Format::PlainScript);
    let t = transcript_core::parse(text).unwrap();
    assert_eq!(
        turns(&t),
        [
            ("Marta Ruiz", "Thanks for joining us."),
            ("Leo Park", "Happy to be here.")
        ]
    );
    // One labelled line among prose is still not a script.
    let prose = "Update: the launch moved.\nThe team will meet on Friday to plan the next steps.\n";
    assert_ne!(transcript_core::detect(prose).format, Format::PlainScript);
}
