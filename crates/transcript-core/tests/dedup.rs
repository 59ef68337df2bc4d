//! Repeated passages on the bundled transcripts and on small scripts: the
//! article pasted twice, near duplicates, loops, short repeats left alone,
//! and a quote shared by two transcripts.

mod common;
use common::bundled;

use proptest::prelude::*;
use transcript_core::dedup::{find, find_across, Duplicates, Kind};
use transcript_core::{parse, passages, Transcript};

/// Every mark and loop lies on char boundaries of its turn, points to an
/// earlier passage, and the mark's text is what its group says.
fn check_ranges(ts: &[&Transcript], d: &Duplicates) {
    for m in d.marks() {
        let text = &ts[m.transcript].turns[m.turn].text;
        assert!(text.get(m.range.clone()).is_some(), "{m:?}");
        let of = &ts[m.of_transcript].turns[m.of_turn].text;
        assert!(of.get(m.of_range.clone()).is_some(), "{m:?}");
        assert!(
            (m.of_transcript, m.of_turn, m.of_range.start) < (m.transcript, m.turn, m.range.start),
            "a mark points back: {m:?}"
        );
    }
    for g in &d.groups {
        assert!(g.passages.len() >= 2);
        for p in &g.passages {
            assert_eq!(
                ts[p.transcript].turns[p.turn].text.get(p.range.clone()),
                Some(p.text.as_str())
            );
        }
    }
    for l in &d.loops {
        let text = &ts[l.transcript].turns[l.turn].text;
        assert_eq!(text.get(l.first.clone()), Some(l.phrase.as_str()));
        assert!(text.get(l.range.clone()).is_some());
        assert!(l.first.start == l.range.start && l.first.end <= l.range.end);
    }
    // No passage is kept in one group and marked in another... except as
    // a chain, and nothing is marked twice.
    let mut marked: Vec<_> = d
        .marks()
        .iter()
        .map(|m| (m.transcript, m.turn, m.range.start))
        .collect();
    let n = marked.len();
    marked.dedup();
    assert_eq!(marked.len(), n, "a passage is marked twice");
}

#[test]
fn the_second_copy_of_the_dealbook_article_is_marked_and_the_first_is_not() {
    let t = bundled("dealbook-2024-altman-article.txt");
    // Turn 0 is the introduction; turns 1..=18 are the body with its
    // correction line, and 19..=36 repeat them.
    assert_eq!(t.turns.len(), 37);
    let d = find(&t);
    check_ranges(&[&t], &d);
    for turn in 0..=18 {
        assert_eq!(
            d.marks_for_turn(turn),
            [],
            "turn {turn} is in the first copy"
        );
    }
    for turn in 19..=36 {
        let marks = d.marks_for_turn(turn);
        assert_eq!(marks.len(), 1, "turn {turn}: {marks:?}");
        let m = &marks[0];
        assert_eq!(m.range, 0..t.turns[turn].text.len(), "the whole paragraph");
        assert_eq!((m.kind, m.of_turn), (Kind::Exact, turn - 18));
        assert_eq!(m.of_range, 0..t.turns[turn - 18].text.len());
    }
    assert!(t.turns[36].text.starts_with("This post has been updated"));
    assert_eq!(d.groups.len(), 18);
    assert_eq!(d.loops, []);
    assert_eq!(d.hidden_count(), 18);

    // The JSON the CLI prints: kind, then the kept passage first.
    let json = serde_json::to_value(&d).unwrap();
    let first = &json["duplicates"][0];
    assert_eq!(first["kind"], "exact");
    assert_eq!(first["passages"][0]["turn"], 1);
    assert_eq!(first["passages"][1]["turn"], 19);
    assert_eq!(first["passages"][1]["text"], t.turns[19].text.as_str());
    assert_eq!(json["hidden"], 18);
}

#[test]
fn the_other_bundled_transcripts_have_nothing_to_fold() {
    // Read as a reader would: the interviews and the news story repeat
    // short phrases ("Trying to play video games." twice, "The the the"),
    // which are speech, not copies.
    for name in [
        "devday-2024-altman-interview.txt",
        "ascent-2025-altman-interview.md",
        "altman-microsoft-partnership-2025-news.txt",
    ] {
        let t = bundled(name);
        let d = find(&t);
        assert_eq!(d.hidden_count(), 0, "{name}: {d:?}");
    }
    // Together, only the article's own copy is found: no passage of one
    // story is taken for another's.
    let all: Vec<Transcript> = [
        "devday-2024-altman-interview.txt",
        "dealbook-2024-altman-article.txt",
        "ascent-2025-altman-interview.md",
        "altman-microsoft-partnership-2025-news.txt",
    ]
    .iter()
    .map(|n| bundled(n))
    .collect();
    let refs: Vec<&Transcript> = all.iter().collect();
    let d = find_across(&refs);
    check_ranges(&refs, &d);
    assert_eq!(d.hidden_count(), 18);
    assert!(d
        .marks()
        .iter()
        .all(|m| m.transcript == 1 && m.of_transcript == 1));
}

const LONG: &str = "We are going to build a lot more compute next year because the demand \
                    for these models keeps growing faster than anyone expected";

#[test]
fn a_changed_word_or_a_fixed_typo_is_a_near_repeat() {
    let changed = LONG.replace("faster", "quicker");
    let typo = LONG.replace("models", "modles");
    let script = format!("Ana: {typo}\nBen: Right.\nAna: {LONG}\nBen: And then?\nAna: {changed}\n");
    let t = parse(&script).unwrap();
    let d = find(&t);
    check_ranges(&[&t], &d);
    assert_eq!(d.groups.len(), 1, "{d:?}");
    let g = &d.groups[0];
    assert_eq!(g.kind, Kind::Near);
    let turns: Vec<usize> = g.passages.iter().map(|p| p.turn).collect();
    assert_eq!(turns, [0, 2, 4], "the first (with the typo) is kept");
    assert_eq!(d.marks_for_turn(4)[0].of_turn, 0);
    assert_eq!(d.marks_for_turn(4)[0].kind, Kind::Near);
    assert_eq!(d.hidden_count(), 2);
}

#[test]
fn a_chain_of_small_edits_never_folds_a_passage_far_from_the_kept_one() {
    // Each line changes one more word: the last differs from the first by
    // three words, more than a small edit, so it stays visible.
    let b = LONG.replace("going", "planning");
    let c = b.replace("compute", "capacity");
    let d = c.replace("growing", "rising");
    let extra = format!("{LONG}. And that is why we are raising money now.");
    let script = format!("Ana: {LONG}\nBen: {b}\nAna: {c}\nBen: {d}\nAna: {extra}\n");
    let t = parse(&script).unwrap();
    let d = find(&t);
    check_ranges(&[&t], &d);
    assert_eq!(d.groups.len(), 2, "{d:?}");
    let turns: Vec<usize> = d.groups[0].passages.iter().map(|p| p.turn).collect();
    assert_eq!((d.groups[0].kind, turns), (Kind::Near, vec![0, 1, 2]));
    assert_eq!(d.marks_for_turn(3), [], "three words from the kept passage");
    // The same paragraph with a sentence added is not folded as a whole:
    // only its repeated sentence is, and the new one stays visible.
    let marks = d.marks_for_turn(4);
    assert_eq!(marks.len(), 1, "{marks:?}");
    assert_eq!((marks[0].kind, marks[0].of_turn), (Kind::Exact, 0));
    assert_eq!(&t.turns[4].text[marks[0].range.clone()], format!("{LONG}."));
}

#[test]
fn different_sentences_sharing_common_words_are_not_repeats() {
    let script = format!(
        "Ana: {LONG}\n\
         Ben: I think the models are going to get a lot better next year and the demand for compute is real\n\
         Ana: We are going to ship a lot more tools next year because developers keep asking us for them\n\
         Ben: The demand for these models keeps growing, and we are going to build what people ask for\n"
    );
    let t = parse(&script).unwrap();
    let d = find(&t);
    assert_eq!(d.hidden_count(), 0, "{d:?}");
}

#[test]
fn a_loop_of_one_phrase_becomes_one_occurrence_with_a_count() {
    let phrase = "and then we went back to the studio";
    let whisper = [phrase; 6].join(" ");
    let script = format!(
        "Chair: The ayes have it? Aye. Aye. Aye. Aye. Motion carried.\n\
         Guest: So {whisper} and recorded it.\n"
    );
    let t = parse(&script).unwrap();
    let d = find(&t);
    check_ranges(&[&t], &d);
    assert_eq!(d.loops.len(), 2, "{:?}", d.loops);
    let aye = &d.loops_for(0, 0)[0];
    assert_eq!((aye.phrase.as_str(), aye.count), ("Aye.", 4));
    assert_eq!(&t.turns[0].text[aye.range.clone()], "Aye. Aye. Aye. Aye.");
    assert_eq!(
        &t.turns[0].text[aye.first.end..aye.range.end],
        " Aye. Aye. Aye."
    );
    let long = &d.loops_for(0, 1)[0];
    assert_eq!((long.phrase.as_str(), long.count), (phrase, 6));
    // The loop's repetitions are not also reported as duplicates.
    assert_eq!(d.groups, []);
    assert_eq!(d.hidden_count(), 2);
}

#[test]
fn a_repeated_sentence_loop_inside_a_paragraph_is_one_loop() {
    let s = "Thank you all for coming out tonight to the launch.";
    let text = format!("Speaker: Well, hello. {s} {s} {s} It is great to see you here, truly.\n");
    let t = parse(&text).unwrap();
    let d = find(&t);
    assert_eq!(d.loops.len(), 1);
    assert_eq!((d.loops[0].phrase.as_str(), d.loops[0].count), (s, 3));
    assert_eq!(d.groups, [], "no duplicate marks on top of the loop");
}

#[test]
fn short_repeats_are_never_collapsed() {
    let mut script = String::new();
    for i in 0..20 {
        let who = if i % 2 == 0 { "Emma" } else { "Kelly" };
        script.push_str(&format!("{who}: Yeah.\n"));
        script.push_str("Ali: Right. I'm Kelly. Thank you so much.\n");
    }
    script.push_str("Emma: Yeah. Yeah. Yeah. No! No no no no, never.\n");
    let t = parse(&script).unwrap();
    assert!(t.turns.len() >= 40);
    let d = find(&t);
    assert_eq!(d.hidden_count(), 0, "{d:?}");
}

#[test]
fn the_same_quote_in_two_stories_is_found_across_transcripts() {
    let quote = "“I assume they will be a really serious competitor. Tremendous respect \
                 for how quickly they built that data center,”";
    let a = parse(&format!(
        "Altman spoke at the summit on Wednesday.\n\n\
         Referring to xAI, Altman said: {quote} before moving on to other questions from the host.\n\n\
         The interview lasted about an hour and touched on many topics.\n"
    ))
    .unwrap();
    let b = parse(&format!(
        "Musk's startup drew praise from an unlikely source this week.\n\n\
         {quote}\n\n\
         Altman added that competition is good for the field.\n"
    ))
    .unwrap();
    assert_eq!(find(&a).hidden_count(), 0);
    assert_eq!(find(&b).hidden_count(), 0);
    let d = find_across(&[&a, &b]);
    check_ranges(&[&a, &b], &d);
    // The quote's two sentences, each found inside the first story's
    // longer paragraph and as the second story's own paragraph.
    assert_eq!(d.groups.len(), 2, "{d:?}");
    for g in &d.groups {
        assert_eq!(g.kind, Kind::Exact);
        let where_: Vec<(usize, usize)> =
            g.passages.iter().map(|p| (p.transcript, p.turn)).collect();
        assert_eq!(where_, [(0, 1), (1, 1)]);
    }
    assert_eq!(
        d.groups[0].passages[0].text,
        "“I assume they will be a really serious competitor."
    );
    let marks = d.marks_for(1, 1);
    assert_eq!(marks.len(), 2);
    assert!(marks.iter().all(|m| (m.of_transcript, m.of_turn) == (0, 1)));
    assert_eq!(d.hidden_in(0), 0);
    assert_eq!(d.hidden_in(1), 2);
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["duplicates"][0]["passages"][1]["transcript"], 1);
}

#[test]
fn a_sentence_repeated_inside_long_paragraphs_is_marked_alone_on_char_boundaries() {
    let s = "Мы обязательно вернёмся к этому вопросу на следующей неделе, когда будут данные.";
    let a = format!(
        "Ведущий: Добрый вечер всем, кто нас слушает сегодня. {s} А пока поговорим о погоде и о том, что ждёт нас завтра.\n\
         Гость: Спасибо.\n\
         Ведущий: Итак, подводя итоги нашей длинной беседы о самых разных вещах. {s} До свидания, дорогие слушатели!\n"
    );
    let t = parse(&a).unwrap();
    let d = find(&t);
    check_ranges(&[&t], &d);
    assert_eq!(d.groups.len(), 1, "{d:?}");
    let m = &d.marks_for_turn(2)[0];
    assert_eq!(&t.turns[2].text[m.range.clone()], s);
    assert_eq!(&t.turns[0].text[m.of_range.clone()], s);
    assert_eq!(m.kind, Kind::Exact);
    // The passages a reader would see for the same text.
    let p = passages::split(&t);
    assert!(p
        .iter()
        .any(|p| p.turn == 2 && t.turns[2].text[p.range.clone()] == *s));
}

#[test]
fn case_punctuation_and_quote_style_do_not_hide_an_exact_repeat() {
    let t = parse(
        "Ana: “Don’t worry, we will ship the new model to everyone next week,” she said.\n\
         Ben: Okay.\n\
         Ana: don't worry we will SHIP the new model to everyone next week she said\n",
    )
    .unwrap();
    let d = find(&t);
    assert_eq!(d.groups.len(), 1);
    assert_eq!(d.groups[0].kind, Kind::Exact);
    assert_eq!(d.marks_for_turn(2)[0].of_turn, 0);
}

#[test]
#[ignore = "needs ../shared/corpus beside the repository"]
fn the_shared_corpus_has_nothing_silly_marked() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let mut all = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "SOURCES.md" {
            continue;
        }
        let t = parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let d = find(&t);
        check_ranges(&[&t], &d);
        assert_eq!(d.hidden_count(), 0, "{name}: {:?}", d.groups);
        all.push((name, t));
    }
    all.sort_by(|a, b| a.0.cmp(&b.0));
    // Across files, only the one episode given both as HTML and as SRT
    // repeats: each of its paragraphs once.
    let refs: Vec<&Transcript> = all.iter().map(|(_, t)| t).collect();
    let d = find_across(&refs);
    check_ranges(&refs, &d);
    let name = |i: usize| all[i].0.as_str();
    for m in d.marks() {
        assert_eq!(
            (name(m.of_transcript), name(m.transcript)),
            (
                "podcastindex_podcast-namespace_example.html",
                "podcastindex_podcast-namespace_example_speaker-prefixed.srt"
            )
        );
    }
    assert_eq!(d.hidden_count(), 10);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any text: no panic, every range on char boundaries, every mark
    /// points back to an earlier passage.
    #[test]
    fn any_transcript_gives_well_formed_results(
        lines in prop::collection::vec(
            prop_oneof![
                Just("Ana: Aye. Aye. Aye. Aye. Aye.".to_string()),
                Just(format!("Ben: {LONG}")),
                Just(format!("Ana: «{LONG}» — ok")),
                Just("Ben: Да, конечно. Я тоже так думаю, это правда очень важно для нас всех.".to_string()),
                "[A-Za-zé ,.!?'’“”—…]{0,80}",
                any::<String>(),
            ],
            0..24,
        )
    ) {
        let text = lines.join("\n");
        if let Ok(t) = parse(&text) {
            let d = find(&t);
            check_ranges(&[&t], &d);
            let d2 = find_across(&[&t, &t]);
            check_ranges(&[&t, &t], &d2);
        }
    }
}
