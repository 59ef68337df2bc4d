//! Search, the view filter, speaker edits and the URL fragment, on the
//! bundled transcripts and on any input.

use std::collections::BTreeSet;

mod common;
use common::bundled;

use proptest::prelude::*;
use transcript_core::search::{fold, SearchIndex, SearchMode};
use transcript_core::view::{speaker_stats, visible_turns, SpeakerEdits, ViewFilter, ViewState};
use transcript_core::Transcript;

fn speaker_id(t: &Transcript, name: &str) -> usize {
    t.speakers.iter().position(|s| s.name == name).unwrap()
}

#[test]
fn search_finds_curly_apostrophes_and_case_in_a_real_interview() {
    let t = bundled("ascent-2025-altman-interview.md");
    let index = SearchIndex::new(&t);
    let matches = index.find(&t, "THAT'S RIGHT");
    assert!(matches.len() >= 2, "{matches:?}");
    for m in &matches {
        let found = &t.turns[m.turn].text[m.range.clone()];
        assert_eq!(found.to_lowercase().replace('’', "'"), "that's right");
    }
    // Document order.
    assert!(matches
        .windows(2)
        .all(|w| (w[0].turn, w[0].range.start) < (w[1].turn, w[1].range.start)));
    // Every occurrence of a plain word is found: compare with a naive count.
    let naive: usize = t
        .turns
        .iter()
        .map(|turn| turn.text.to_lowercase().matches("office").count())
        .sum();
    assert!(naive > 0);
    assert_eq!(index.find(&t, "Office").len(), naive);
}

#[test]
fn speakers_topics_search_and_context_combine() {
    let t = bundled("ascent-2025-altman-interview.md");
    let index = SearchIndex::new(&t);
    let sam = speaker_id(&t, "Sam Altman");
    // Tag every third turn with topic 7 and every turn with topic 1.
    let topics: Vec<Vec<u32>> = (0..t.turns.len())
        .map(|i| if i % 3 == 0 { vec![1, 7] } else { vec![1] })
        .collect();

    let all = visible_turns(&t, &index, &ViewFilter::default(), &topics);
    assert_eq!(all.rows.len(), t.turns.len());
    assert_eq!((all.match_count, all.mode), (0, None));

    let filter = ViewFilter {
        speakers: Some(BTreeSet::from([sam])),
        topics: BTreeSet::from([7, 99]),
        query: "the".into(),
        context: false,
    };
    let view = visible_turns(&t, &index, &filter, &topics);
    assert!(!view.rows.is_empty());
    for row in &view.rows {
        assert!(!row.is_context);
        assert_eq!(t.turns[row.turn].speaker, Some(sam));
        assert_eq!(row.turn % 3, 0);
        assert!(!row.matches.is_empty());
    }
    let total: usize = view.rows.iter().map(|r| r.matches.len()).sum();
    assert_eq!(view.match_count, total);
    assert_eq!(view.mode, Some(SearchMode::Phrase));

    let with_context = visible_turns(
        &t,
        &index,
        &ViewFilter {
            context: true,
            ..filter.clone()
        },
        &topics,
    );
    assert_eq!(with_context.match_count, view.match_count);
    let turns: Vec<usize> = with_context.rows.iter().map(|r| r.turn).collect();
    assert!(
        turns.windows(2).all(|w| w[0] < w[1]),
        "ordered, no duplicates"
    );
    let matching: BTreeSet<usize> = view.rows.iter().map(|r| r.turn).collect();
    for row in &with_context.rows {
        if row.is_context {
            assert!(row.matches.is_empty());
            assert!(!matching.contains(&row.turn));
            assert!(
                matching.contains(&(row.turn + 1))
                    || row
                        .turn
                        .checked_sub(1)
                        .is_some_and(|b| matching.contains(&b))
            );
        }
    }
    for &m in &matching {
        for n in [m.checked_sub(1), Some(m + 1)].into_iter().flatten() {
            if n < t.turns.len() {
                assert!(turns.contains(&n), "neighbour {n} of {m}");
            }
        }
    }

    // A search that finds nothing shows nothing.
    let none = visible_turns(
        &t,
        &index,
        &ViewFilter {
            query: "zzzqqq".into(),
            ..ViewFilter::default()
        },
        &topics,
    );
    assert!(none.rows.is_empty());
    // Topic filtering with no tags for the turns shows nothing either.
    let untagged = visible_turns(
        &t,
        &index,
        &ViewFilter {
            topics: BTreeSet::from([1]),
            ..ViewFilter::default()
        },
        &[],
    );
    assert!(untagged.rows.is_empty());
}

#[test]
fn merging_two_audience_members_updates_names_counts_and_search() {
    let t = bundled("ascent-2025-altman-interview.md");
    let member = speaker_id(&t, "Audience Member");
    let roy = speaker_id(&t, "Audience Member (Roy)");
    let before = speaker_stats(&t);
    let mut edits = SpeakerEdits::default();
    edits.merge(roy, member);
    edits.rename(member, "Audience");
    let e = edits.apply(&t);
    assert!(e
        .speakers
        .iter()
        .all(|s| !s.name.starts_with("Audience Member")));
    let after = speaker_stats(&e);
    let audience = after.iter().find(|s| s.name == "Audience").unwrap();
    assert_eq!(
        audience.words,
        before[member].words + before[roy].words,
        "words are kept"
    );
    assert_eq!(e.word_count(), t.word_count());
    assert_eq!(after.len(), before.len() - 1);
    // Turns that became one speaker's run were merged.
    for pair in e.turns.windows(2) {
        assert!(pair[0].speaker.is_none() || pair[0].speaker != pair[1].speaker);
    }
    // The view state names the renamed speaker and reads back to its id.
    let state = ViewState {
        speakers: vec!["Audience".into()],
        ..ViewState::default()
    };
    let filter = state.filter(&e, &[]);
    let id = e
        .speakers
        .iter()
        .position(|s| s.name == "Audience")
        .unwrap();
    assert_eq!(filter.speakers, Some(BTreeSet::from([id])));
    let mut back = ViewState::default();
    back.set_filter(&e, &filter, &[]);
    assert_eq!(back.speakers, ["Audience"]);
}

fn text_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("ß".to_string()),
        Just("ẞ".to_string()),
        Just("ss".to_string()),
        Just("s".to_string()),
        Just("Æ".to_string()),
        Just("ae".to_string()),
        Just("ﬃ".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{301}".to_string()),
        Just("É".to_string()),
        Just("é".to_string()),
        Just("İ".to_string()),
        Just("ı".to_string()),
        Just("i".to_string()),
        Just("ΟΔΟΣ".to_string()),
        Just("ς".to_string()),
        Just("Ёлка".to_string()),
        Just("’".to_string()),
        Just(" ".to_string()),
        Just("  ".to_string()),
        Just("\u{a0}".to_string()),
        Just("\n\t".to_string()),
        Just("\u{ad}".to_string()),
        Just("K".to_string()),
        "[a-zA-Z ]{1,6}",
        any::<char>().prop_map(String::from),
    ]
}

fn turn_text() -> impl Strategy<Value = String> {
    prop::collection::vec(text_piece(), 0..12).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn every_match_is_a_char_range_of_the_original_equal_to_the_query(
        turns in prop::collection::vec(turn_text(), 0..5),
        query in prop_oneof![turn_text(), prop::collection::vec(text_piece(), 1..3).prop_map(|p| p.concat())],
    ) {
        let index = SearchIndex::from_texts(turns.iter().map(String::as_str));
        let needle = fold(&query);
        for hits in [index.find(&turns, &query), index.search(&turns, &query).matches] {
            let mut last: Option<(usize, usize)> = None;
            for m in &hits {
                let text = &turns[m.turn];
                prop_assert!(m.range.start < m.range.end);
                let found = text.get(m.range.clone());
                prop_assert!(found.is_some(), "{:?} not on char boundaries of {:?}", m.range, text);
                let found = found.unwrap();
                if index.search(&turns, &query).mode == SearchMode::Phrase {
                    prop_assert_eq!(fold(found), needle.clone());
                } else {
                    prop_assert!(needle.split(' ').any(|w| fold(found) == w));
                }
                if let Some((turn, end)) = last {
                    prop_assert!(turn < m.turn || (turn == m.turn && end <= m.range.start));
                }
                last = Some((m.turn, m.range.end));
            }
        }
        if needle.is_empty() {
            prop_assert!(index.find(&turns, &query).is_empty());
        }
    }

    #[test]
    fn a_word_taken_from_a_turn_is_found_in_it(
        turns in prop::collection::vec(turn_text(), 1..4),
        which in any::<prop::sample::Index>(),
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
    ) {
        let turn = which.index(turns.len());
        let text = &turns[turn];
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let (mut start, mut end) = (bounds[a.index(bounds.len())], bounds[b.index(bounds.len())]);
        if start > end {
            std::mem::swap(&mut start, &mut end);
        }
        // A query that starts and ends with a letter or digit and has no
        // whitespace is found wherever it occurs: cut one out of the slice.
        let query = text[start..end]
            .split(char::is_whitespace)
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .find(|w| !w.is_empty());
        let Some(query) = query else { return Ok(()) };
        let index = SearchIndex::from_texts(turns.iter().map(String::as_str));
        let matches = index.find(&turns, query);
        prop_assert!(matches.iter().any(|m| m.turn == turn), "{query:?} in {text:?}");
        for m in &matches {
            prop_assert_eq!(turns[m.turn].get(m.range.clone()).map(fold), Some(fold(query)));
        }
    }

    #[test]
    fn any_view_state_round_trips_through_the_fragment(
        transcript in any::<String>(),
        speakers in prop::collection::vec(any::<String>(), 0..5),
        topics in prop::collection::vec(any::<String>(), 0..5),
        query in any::<String>(),
        turn in any::<Option<usize>>(),
        context in any::<bool>(),
    ) {
        let state = ViewState { transcript, speakers, topics, query, turn, context };
        let fragment = state.to_fragment();
        prop_assert!(fragment.bytes().all(|b| b.is_ascii_graphic()));
        prop_assert!(!fragment.contains('#'));
        prop_assert_eq!(ViewState::from_fragment(&fragment), Ok(state.clone()));
        prop_assert_eq!(ViewState::from_fragment(&format!("#{fragment}&later=%zz")), Ok(state));
    }

    #[test]
    fn any_fragment_is_read_or_refused_without_panic(
        fragment in prop_oneof![
            any::<String>(),
            "v1(&(t|sp|tp|q|turn|ctx|x)(=[a-z0-9%+&=#]{0,6})?){0,6}",
        ],
    ) {
        match ViewState::from_fragment(&fragment) {
            Ok(state) => {
                let again = ViewState::from_fragment(&state.to_fragment());
                prop_assert_eq!(again, Ok(state));
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}

#[test]
fn a_transcripts_topics_filter_its_turns() {
    let t = bundled("dealbook-2024-altman-article.txt");
    let topics = transcript_core::topics::Topics::extract(&t);
    let index = SearchIndex::new(&t);
    let microsoft = topics
        .tags
        .iter()
        .position(|tag| tag.label == "Microsoft")
        .unwrap();
    let filter = ViewFilter {
        topics: [u32::try_from(microsoft).unwrap()].into(),
        ..ViewFilter::default()
    };
    let shown = visible_turns(&t, &index, &filter, &topics);
    let turns: Vec<usize> = shown.rows.iter().map(|r| r.turn).collect();
    assert!(!turns.is_empty() && turns.len() < t.turns.len());
    assert_eq!(turns, topics.tags[microsoft].turns);
}

#[test]
fn edits_carried_to_another_reading_keep_speakers_found_by_name_and_drop_the_rest() {
    use transcript_core::parse::{read, ReadAs};
    let text = "Ana: Hello there, this is the first line.\nBen: Hi Ana.\nCy: Good morning.\nAna: Shall we start?\n";
    let script = read(text, &ReadAs::AUTO).unwrap().transcript;
    assert_eq!(script.speakers.len(), 3);
    let mut edits = SpeakerEdits::default();
    edits
        .renames
        .insert(speaker_id(&script, "Ana"), "Ana Lima".into());
    edits
        .merges
        .insert(speaker_id(&script, "Cy"), speaker_id(&script, "Ben"));
    // Read again the same way: everything is kept.
    let (same, dropped) = edits.carried(&script, &script);
    assert_eq!(same, edits);
    assert!(dropped.is_empty());
    // Read as plain paragraphs: no speakers, so every edit is dropped and named.
    let plain = read(text, &ReadAs::from_key("plain-text").unwrap())
        .unwrap()
        .transcript;
    assert!(plain.speakers.is_empty());
    let (none, dropped) = edits.carried(&script, &plain);
    assert!(none.is_empty());
    assert_eq!(dropped, vec!["Ana".to_string(), "Cy".to_string()]);
}
