//! JSON, HTML and article parsing on small fixtures and the bundled news files.

mod common;
use common::{bundled_text as bundled, fixture, speakers};

use transcript_core::{detect, parse, Format, Transcript, TurnKind};

/// (speaker or "-", text) of every turn.
fn turns(t: &Transcript) -> Vec<(String, String)> {
    t.turns
        .iter()
        .map(|turn| {
            (
                t.speaker_name(turn).unwrap_or("-").to_string(),
                turn.text.clone(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn parsed(name: &str, format: Format) -> Transcript {
    let text = fixture(name);
    assert_eq!(detect(&text).format, format, "{name}");
    let t = parse(&text).unwrap();
    assert_eq!(t.metadata.format, format);
    for turn in &t.turns {
        assert!(!turn.text.contains('<'), "markup in {name}: {}", turn.text);
    }
    t
}

// ---------------------------------------------------------------- JSON

#[test]
fn whisper_without_speakers_breaks_turns_at_long_pauses() {
    let t = parsed("json_whisper_no_speakers_pause.json", Format::WhisperJson);
    assert_eq!(
        turns(&t),
        pairs(&[
            (
                "-",
                "Thanks for calling. How can I help? I would like to change my plan."
            ),
            ("-", "After a long pause, we are back."),
        ])
    );
    assert_eq!(t.turns[0].segments.len(), 3);
    assert_eq!(t.turns[0].segments[2].start, Some(4.6));
    assert_eq!(t.metadata.duration, Some(13.5));
}

#[test]
fn whisperx_speakers_merge_and_a_missing_speaker_is_unknown() {
    let t = parsed("json_whisperx_speaker_segments.json", Format::WhisperJson);
    // Machine ids are shown as "Speaker 1", "Speaker 2" in order of
    // appearance; the id stays with the speaker.
    assert_eq!(speakers(&t), ["Speaker 1", "Speaker 2"]);
    assert_eq!(t.speakers[0].id.as_deref(), Some("SPEAKER_00"));
    assert_eq!(t.speakers[1].id.as_deref(), Some("SPEAKER_01"));
    assert_eq!(
        turns(&t),
        pairs(&[
            ("Speaker 1", "Hello and welcome to the show."),
            ("Speaker 2", "Glad to be here."),
            (
                "Speaker 1",
                "Let's begin. Right away, with the first question."
            ),
            ("-", "Hmm."),
        ])
    );
    assert_eq!((t.turns[2].start, t.turns[2].end), (Some(4.1), Some(6.75)));
}

#[test]
fn assemblyai_letters_become_speaker_names_and_milliseconds_seconds() {
    let t = parsed("json_assemblyai_utterances_ms.json", Format::AssemblyaiJson);
    assert_eq!(speakers(&t), ["Speaker A", "Speaker B"]);
    assert_eq!(
        turns(&t),
        pairs(&[
            ("Speaker A", "Good morning."),
            ("Speaker B", "Morning! How are you?"),
            ("Speaker A", "Fine, thanks."),
        ])
    );
    assert_eq!((t.turns[1].start, t.turns[1].end), (Some(3.3), Some(6.02)));
}

#[test]
fn deepgram_utterances_and_the_paragraphs_fallback() {
    let t = parsed(
        "json_deepgram_utterances_seconds.json",
        Format::DeepgramJson,
    );
    assert_eq!(
        turns(&t),
        pairs(&[
            ("Speaker 1", "Hi, thanks for calling."),
            ("Speaker 2", "Hello."),
            ("Speaker 1", "How can I help?"),
        ])
    );
    assert_eq!(t.turns[0].start, Some(0.08));

    let t = parsed(
        "json_deepgram_paragraphs_no_utterances.json",
        Format::DeepgramJson,
    );
    assert_eq!(
        turns(&t),
        pairs(&[
            ("Speaker 1", "Welcome to the call. It is recorded."),
            ("Speaker 2", "Thanks. Let us start."),
        ])
    );
    assert_eq!(t.turns[1].segments[1].start, Some(3.8));

    let bare = r#"{"results":{"channels":[{"alternatives":[{"transcript":"Just one line."}]}]}}"#;
    let t = parse(bare).unwrap();
    assert_eq!(t.metadata.format, Format::DeepgramJson);
    assert_eq!(turns(&t), pairs(&[("-", "Just one line.")]));
}

#[test]
fn revai_elements_join_as_spaced_in_the_source() {
    let t = parsed("json_revai_monologues_punct.json", Format::RevaiJson);
    assert_eq!(speakers(&t), ["Ana Ruiz", "Speaker 1"]);
    assert_eq!(
        turns(&t),
        pairs(&[
            ("Ana Ruiz", "Hello, world."),
            ("Speaker 1", "Hi! It's me."),
            ("Ana Ruiz", "Great."),
        ])
    );
    assert_eq!((t.turns[0].start, t.turns[0].end), (Some(0.5), Some(1.4)));
}

#[test]
fn podlove_names_come_from_voice_then_speaker() {
    let t = parsed(
        "json_podlove_transcripts_voice_fallback.json",
        Format::PodloveJson,
    );
    assert_eq!(
        turns(&t),
        pairs(&[
            ("Eric", "Hallo und willkommen zur dritten Folge."),
            ("Speaker 1", "Hallo."),
            ("Eric", "Außerdem wieder mit Michi. Und mit Alex."),
        ])
    );
    assert_eq!(t.turns[0].start, Some(0.005));
    assert_eq!(t.turns[2].segments[1].start, Some(14.0));

    let list = r#"[{"start":"00:00:01.500","end":"00:00:02.000","speaker":"1","voice":"Alex","text":"Hi."}]"#;
    let t = parse(list).unwrap();
    assert_eq!(t.metadata.format, Format::PodloveJson);
    assert_eq!(turns(&t), pairs(&[("Alex", "Hi.")]));
    assert_eq!(t.turns[0].start, Some(1.5));
}

#[test]
fn podcast_json_words_merge_and_punctuation_sticks() {
    let t = parsed("json_podcast_one_word_segments.json", Format::PodcastJson);
    assert_eq!(t.title.as_deref(), Some("Empire, revisited"));
    assert_eq!(
        turns(&t),
        pairs(&[
            ("Darth Vader", "I am your father."),
            ("Luke", "No! That's impossible..."),
            ("Darth Vader", "Search your feelings."),
        ])
    );
    // One segment per word, with its punctuation.
    assert_eq!(t.turns[0].segments.len(), 4);
    assert_eq!((t.turns[0].start, t.turns[0].end), (Some(0.5), Some(2.55)));
}

#[test]
fn unknown_json_falls_through_to_plain_text() {
    let text = fixture("json_unknown_shape_package.json");
    assert_eq!(transcript_core::parse::json::sniff(&text), None);
    // Other sniffers may still find something in it; no JSON format does.
    assert!(!detect(&text).format.id().ends_with("-json"));
    let t = transcript_core::parse_as(Format::WhisperJson, &text).unwrap();
    assert_eq!(t.metadata.format, Format::PlainText);
    assert!(t.warnings[0].contains("Whisper JSON"));
}

// ---------------------------------------------------------------- HTML

#[test]
fn podcast_html_cites_times_and_entities() {
    let t = parsed("html_podcast_cite_time_entities.html", Format::PodcastHtml);
    assert_eq!(speakers(&t), ["Kim Lee", "Ravi"]);
    assert_eq!(
        turns(&t),
        pairs(&[
            (
                "Kim Lee",
                "Welcome back to the show. Today we talk about compost & soil, and why it's worth the trouble."
            ),
            ("Ravi", "Thanks for having me. It’s great to be here. I brought some notes."),
            ("Kim Lee", "Let’s start with the basics."),
        ])
    );
    let starts: Vec<_> = t.turns.iter().map(|t| t.start).collect();
    assert_eq!(starts, [Some(0.0), Some(12.0), Some(3930.0)]);
    assert_eq!(t.turns[1].segments.len(), 2);
}

#[test]
fn noscribe_labels_anchors_and_overlapping_speech() {
    let t = parsed(
        "html_noscribe_overlap_timestamps.html",
        Format::NoscribeHtml,
    );
    assert_eq!(t.title.as_deref(), Some("interview_garden"));
    assert_eq!(speakers(&t), ["Speaker 1", "Speaker 2"]);
    assert_eq!(
        turns(&t),
        pairs(&[
            (
                "Speaker 1",
                "So when did you start the garden? Was it before the move?"
            ),
            (
                "Speaker 2",
                "It was the spring after we moved, I think & the soil was awful."
            ),
            ("Speaker 1", "Really?"),
            (
                "Speaker 2",
                "Yes, mostly clay (..) so we built raised beds."
            ),
            ("Speaker 1", "That makes sense."),
        ])
    );
    assert_eq!((t.turns[0].start, t.turns[0].end), (Some(0.0), Some(6.1)));
    assert_eq!(t.turns[0].segments[1].start, Some(4.2));
    assert_eq!((t.turns[2].start, t.turns[2].end), (Some(9.8), Some(10.5)));
    assert!(t.turns.iter().all(|turn| !turn.text.contains("//")));
    assert!(!t.turns.iter().any(|turn| turn.text.contains("noScribe")));
}

#[test]
fn any_html_page_reads_as_paragraphs_without_scripts_or_styles() {
    let t = parsed("html_generic_page_script_style.html", Format::PodcastHtml);
    assert_eq!(t.title.as_deref(), Some("Garden Club – Meeting notes"));
    assert_eq!(
        turns(&t),
        pairs(&[
            (
                "-",
                "The chair opened the meeting at seven and welcomed two new members."
            ),
            (
                "-",
                "Minutes of the last meeting were approved without changes."
            ),
            ("-", "Tomato seeds were the most popular — again."),
            ("-", "Next swap is in May."),
        ])
    );
    let sections: Vec<_> = t
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.turn))
        .collect();
    assert_eq!(sections, [("Opening", 0), ("Seed swap", 2)]);
}

// ---------------------------------------------------------------- Articles

#[test]
fn article_fixture_quotes_wrapped_paragraphs_bullets_and_chrome() {
    let t = parsed("article_news_wrapped_quotes_chrome.txt", Format::Article);
    assert_eq!(t.metadata.date.as_deref(), Some("Updated March 3, 2024"));
    assert_eq!(
        t.title.as_deref(),
        Some("City opens new riverside library after five years of planning")
    );
    assert_eq!(speakers(&t), ["Maria Okafor", "Tom Reyes"]);
    assert_eq!(
        turns(&t),
        pairs(&[
            ("-", "The new library on Mill Street opened its doors on Saturday morning to a crowd of several hundred residents, many of whom had followed the project since the first public meeting in 2019."),
            ("-", "Head librarian Maria Okafor said the building was designed around the river views, with reading rooms on every floor facing the water."),
            ("Maria Okafor", "We wanted a place where people would simply like to sit. The books come second, and that is fine with us."),
            ("-", "Asked about the delays, Okafor was candid:"),
            ("Maria Okafor", "Every delay taught us something. I would not change the outcome, only the timeline."),
            ("-", "Mayor Tom Reyes said,"),
            ("Tom Reyes", "This is the best thing the city has built in a decade."),
            ("-", "Opening hours are 9 to 8 on weekdays."),
            ("-", "Children's events start next month."),
        ])
    );
}

#[test]
fn dealbook_article_is_narration_and_sam_altmans_answers() {
    let text = bundled("dealbook-2024-altman-article.txt");
    assert_eq!(detect(&text).format, Format::Article);
    let t = parse(&text).unwrap();
    assert_eq!(
        t.title.as_deref(),
        Some("Sam Altman denies OpenAI’s Microsoft deal is falling apart, teases product launches")
    );
    assert_eq!(speakers(&t), ["Sam Altman"]);
    let all = turns(&t);
    let answers = all.iter().filter(|(who, _)| who == "Sam Altman").count();
    // Eight quoted answers, and the body appears twice.
    assert_eq!(answers, 16);
    assert!(all[0]
        .1
        .starts_with("OpenAI CEO Sam Altman was interviewed today"));
    assert_eq!(
        all[1..3],
        pairs(&[
            ("-", "Altman was asked about reports that OpenAI’s $13 billion deal with Microsoft is in danger of falling apart:"),
            ("Sam Altman", "I don’t think we’re disentangling. I will not pretend that there are no misalignments or challenges. Obviously there are some. But on the whole, I think it’s been a tremendously positive thing for both companies."),
        ])
    );
    let at = |needle: &str| {
        all.iter()
            .position(|(_, text)| text.starts_with(needle))
            .unwrap()
    };
    // "Sorkin asked Altman …": Altman answers.
    let sorkin = at("Sorkin asked Altman");
    assert_eq!(all[sorkin].0, "-");
    assert_eq!(all[sorkin + 1].0, "Sam Altman");
    assert!(all[sorkin + 1]
        .1
        .starts_with("Look, it is weird that I didn’t get equity..."));
    // A lead-in ending in a quotation splits into narration and answer.
    let soured = at("Altman reflected on his personal relationship");
    assert_eq!(
        all[soured].1,
        "Altman reflected on his personal relationship with Musk, which has soured:"
    );
    assert_eq!(
        all[soured + 1],
        (
            "Sam Altman".to_string(),
            "I grew up with him as like a mega-hero... I’m still glad he exists.".to_string()
        )
    );
    // An inline quotation inside narration stays narration.
    assert_eq!(all[at("Some of the most interesting things")].0, "-");
    assert_eq!(all[at("When asked if reports")].0, "-");
    assert_eq!(all[at("When asked if reports") + 1].0, "Sam Altman");
    assert_eq!(
        all.last().unwrap().1,
        "This post has been updated to clarify a quote form Sam Altman."
    );
    assert!(t.turns.iter().all(|turn| turn.kind == TurnKind::Speech));
}

#[test]
fn microsoft_news_page_has_date_title_sections_and_no_chrome() {
    let text = bundled("altman-microsoft-partnership-2025-news.txt");
    assert_eq!(detect(&text).format, Format::Article);
    let t = parse(&text).unwrap();
    assert_eq!(t.metadata.date.as_deref(), Some("Jan 28, 2025, 12:00 AM"));
    assert_eq!(
        t.title.as_deref(),
        Some("Sam Altman promises stronger partnership with Microsoft")
    );
    assert!(t.speakers.is_empty());
    let sections: Vec<_> = t
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.turn))
        .collect();
    assert_eq!(sections, [("Highlights", 0), ("Story", 3)]);
    let all = turns(&t);
    // The story, one 340-word block, is cut into paragraphs at sentence
    // ends (60–150 words each).
    assert_eq!(all.len(), 8);
    assert_eq!(
        all[0].1,
        "OpenAI CEO Sam Altman posted on social media encouraging excitement over the future of his partnership with Microsoft."
    );
    assert!(all[3]
        .1
        .starts_with("In a recent social media post, OpenAI CEO Sam Altman indicated"));
    assert!(all[7].1.ends_with("set new standards in the AI industry."));
    for (_, text) in &all[3..] {
        assert!((40..=150).contains(&text.split(' ').count()), "{text}");
    }
    for (_, text) in &all {
        assert!(
            !text.contains("Opinions")
                && !text.contains("reached the end")
                && !text.contains("Jan 28")
        );
    }
}

#[test]
fn scripts_and_notes_are_not_articles() {
    let devday = bundled("devday-2024-altman-interview.txt");
    assert_eq!(transcript_core::parse::article::sniff(&devday), None);
    assert_ne!(detect(&devday).format, Format::Article);
    assert_eq!(
        detect("Buy milk.\n\nCall Ana about Sunday.\n\nFix the bike.").format,
        Format::PlainText
    );
    // Long HTML paragraphs are not an article (when the sniffer is asked directly).
    let long = "words ".repeat(40);
    let html = format!("<p>{long}</p>\n").repeat(3);
    assert_eq!(transcript_core::parse::article::sniff(&html), None);
    assert_eq!(
        transcript_core::parse::article::sniff(&format!("{long}\n").repeat(3)).map(|d| d.format),
        Some(Format::Article)
    );
    // CRLF and a BOM do not change the verdict.
    let dealbook = bundled("dealbook-2024-altman-article.txt");
    let crlf = format!("\u{feff}{}", dealbook.replace('\n', "\r\n"));
    assert_eq!(
        transcript_core::parse::article::sniff(&crlf).map(|d| d.format),
        Some(Format::Article)
    );
}

#[test]
fn whisper_json_with_lone_surrogate_escapes_keeps_its_segments() {
    // Tools that cut strings by UTF-16 units write half a surrogate pair;
    // a valid pair (😀) and an escaped backslash before `u` stay as they are.
    let json = r#"{"segments":[
        {"start":0,"end":1,"speaker":"A\ud800na","text":"cut \udc00 here \ud83d\ude00 and C:\\ud800"},
        {"start":1,"end":2,"speaker":"Ben","text":"tail \ud83d"}]}"#;
    let t = transcript_core::parse(json).expect("parses");
    assert_eq!(t.metadata.format, transcript_core::Format::WhisperJson);
    let names: Vec<_> = t.speakers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["A\u{fffd}na", "Ben"]);
    let texts: Vec<_> = t.turns.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        texts,
        ["cut \u{fffd} here \u{1f600} and C:\\ud800", "tail \u{fffd}"]
    );
    assert!(
        t.warnings.iter().any(|w| w.contains("3 broken character")),
        "{:?}",
        t.warnings
    );
}

// ------------------------------------------- JSON shapes from issue 15

#[test]
fn podlove_older_json_with_clock_strings_slugs_and_unnamed_music() {
    let t = parsed(
        "json_podlove_clock_strings_slugs_intro.json",
        Format::PodloveJson,
    );
    // Slugs are shown as names, and kept as the speakers' ids.
    assert_eq!(speakers(&t), ["Tim Pritlove", "Anna Kuhn"]);
    assert_eq!(t.speakers[0].id.as_deref(), Some("tim-pritlove"));
    assert_eq!(t.turns.len(), 6);
    assert_eq!(turns(&t)[0], ("-".to_string(), "Musik.".to_string()));
    assert_eq!(t.turns[1].start, Some(14.501));
    assert_eq!(
        t.turns[1].text,
        "Hallo und herzlich willkommen zur zwölften Ausgabe von Denkraum, dem Gesprächspodcast über Forschung und Stadt. Heute zu Gast ist Anna Kuhn. Hallo!"
    );
    // `00:01:17.2`: a clock with tenths.
    assert_eq!(t.turns[3].start, Some(77.2));
    assert_eq!(t.speaker_name(&t.turns[5]), None);
    assert_eq!(t.turns[5].text, "Abspann mit Musik.");
    assert!(!t.turns.iter().any(|turn| turn.text.contains("\"start\"")));
}

#[test]
fn assemblyai_words_carry_the_speakers_when_utterances_is_null() {
    let t = parsed(
        "json_assemblyai_words_speakers_null_utterances.json",
        Format::AssemblyaiJson,
    );
    assert_eq!(speakers(&t), ["Speaker A", "Speaker B"]);
    assert_eq!(
        turns(&t),
        pairs(&[
            ("Speaker A", "Morning everyone. Quick round today."),
            ("Speaker B", "I finished the export fix."),
            ("Speaker A", "Great, thanks."),
        ])
    );
    assert_eq!(t.turns[0].start, Some(1.24));
    assert_eq!(t.turns[0].end, Some(3.3));
    // A segment per sentence, each with its own time.
    assert_eq!(t.turns[0].segments.len(), 2);
    assert_eq!(t.turns[0].segments[1].start, Some(2.38));
    assert_eq!(t.turns[2].start, Some(5.9));

    // Without speaker labels the words still give timed text (not the
    // top-level `text` with no times).
    let unlabelled = r#"{"audio_url":"x","text":"Hi there. Bye.","utterances":null,
        "words":[{"text":"Hi","start":100,"end":200,"speaker":null},
                 {"text":"there.","start":200,"end":400,"speaker":null},
                 {"text":"Bye.","start":900,"end":1000,"speaker":null}]}"#;
    let t = parse(unlabelled).unwrap();
    assert_eq!(t.metadata.format, Format::AssemblyaiJson);
    assert_eq!(turns(&t), pairs(&[("-", "Hi there. Bye.")]));
    assert_eq!(t.turns[0].segments[1].start, Some(0.9));
}

#[test]
fn deepgram_words_alone_give_turns_by_word_speaker() {
    let text = r#"{"results":{"channels":[{"alternatives":[{"transcript":"hello there hi",
        "words":[{"word":"hello","punctuated_word":"Hello","start":0.5,"end":0.9,"speaker":0},
                 {"word":"there","punctuated_word":"there.","start":0.9,"end":1.2,"speaker":0},
                 {"word":"hi","punctuated_word":"Hi!","start":1.8,"end":2.0,"speaker":1}]}]}]}}"#;
    let t = parse(text).unwrap();
    assert_eq!(t.metadata.format, Format::DeepgramJson);
    assert_eq!(t.turns.len(), 2);
    assert_eq!(t.turns[0].text, "Hello there.");
    assert_eq!(t.turns[1].text, "Hi!");
    assert_eq!(t.turns[1].start, Some(1.8));
    assert_ne!(t.turns[0].speaker, t.turns[1].speaker);
}

#[test]
fn whisper_family_top_level_text_is_not_shown_beside_the_segments() {
    let t = parsed("json_whisper_hf_chunks_top_text.json", Format::WhisperJson);
    assert!(t.speakers.is_empty());
    assert_eq!(
        turns(&t),
        pairs(&[(
            "-",
            "Good evening. Tonight we look at the river. It has changed a lot."
        )])
    );
    assert_eq!(t.turns[0].segments.len(), 3);
    assert_eq!(t.turns[0].start, Some(0.0));
    assert_eq!(t.turns[0].segments[2].start, Some(4.2));

    // OpenAI's verbose_json: `text` and `segments` say the same thing once.
    let verbose = r#"{"task":"transcribe","language":"english","duration":4.0,
        "text":"One. Two.","segments":[{"id":0,"start":0.0,"end":1.0,"text":" One."},
        {"id":1,"start":1.2,"end":2.0,"text":" Two."}]}"#;
    let t = parse(verbose).unwrap();
    assert_eq!(turns(&t), pairs(&[("-", "One. Two.")]));
}
