//! The reading view's rules (`view::rows`, `view::choices`, `view::layout`)
//! on the bundled transcripts, all four at once as "All transcripts" shows
//! them, and on small transcripts made to have repeats and sections.

mod common;
use common::bundled;

use std::ops::Range;

use transcript_core::dedup::{self, Duplicates};
use transcript_core::search::{fold, SearchIndex};
use transcript_core::topics::Topics;
use transcript_core::view::{
    speaker_choices, speaker_choices_across, speaker_stats, topic_choices, topic_choices_across,
    turn_pieces, Fold, Piece, Placeholder, Shown, ViewRows, ViewState, TOPIC_CHOICES,
};
use transcript_core::{Format, Transcript, TranscriptBuilder};

/// A transcript and what the app works out for it.
struct Loaded {
    t: Transcript,
    index: SearchIndex,
    topics: Topics,
    duplicates: Duplicates,
}

fn load(t: Transcript) -> Loaded {
    Loaded {
        index: SearchIndex::new(&t),
        topics: Topics::extract(&t),
        duplicates: dedup::find(&t),
        t,
    }
}

impl Loaded {
    fn shown(&self) -> Shown<'_> {
        Shown {
            transcript: &self.t,
            index: &self.index,
            topics: Some(&self.topics),
            duplicates: Some(&self.duplicates),
        }
    }
}

/// The bundled transcripts, in the library's order.
fn library() -> Vec<Loaded> {
    [
        "devday-2024-altman-interview.txt",
        "ascent-2025-altman-interview.md",
        "dealbook-2024-altman-article.txt",
        "altman-microsoft-partnership-2025-news.txt",
    ]
    .into_iter()
    .map(|name| load(bundled(name)))
    .collect()
}

fn shown(library: &[Loaded]) -> Vec<Shown<'_>> {
    library.iter().map(Loaded::shown).collect()
}

/// (transcript, turn) of every row.
fn places(rows: &ViewRows) -> Vec<(usize, usize)> {
    rows.rows.iter().map(|r| (r.transcript, r.turn)).collect()
}

fn built(turns: &[(&str, &str)]) -> Transcript {
    let mut b = TranscriptBuilder::new(Format::PlainText);
    for (speaker, text) in turns {
        b.push(Some(speaker), None, None, text);
        b.break_turn();
    }
    b.finish()
}

fn view(speakers: &[&str], topics: &[&str], query: &str) -> ViewState {
    ViewState {
        speakers: speakers.iter().map(|s| s.to_string()).collect(),
        topics: topics.iter().map(|s| s.to_string()).collect(),
        query: query.into(),
        ..ViewState::default()
    }
}

#[test]
fn all_transcripts_show_every_turn_of_each_in_library_order() {
    let library = library();
    let rows = ViewRows::of_all(&ViewState::default(), &shown(&library), None);
    let expected: Vec<(usize, usize)> = library
        .iter()
        .enumerate()
        .flat_map(|(i, l)| (0..l.t.turns.len()).map(move |turn| (i, turn)))
        .collect();
    assert_eq!(places(&rows), expected);
    assert_eq!((rows.match_count, rows.mode), (0, None));
    assert!(rows.match_rows.is_empty());
    // Without repeats found across them, each transcript folds its own.
    assert!(rows.rows.iter().all(|r| r.fold == Fold::Own));
    let own: usize = library.iter().map(|l| l.duplicates.hidden_in(0)).sum();
    assert!(own > 0, "the DealBook article repeats paragraphs");
    assert_eq!(rows.hidden, own);
}

#[test]
fn a_speaker_across_transcripts_shows_their_turns_and_nothing_from_the_others() {
    let library = library();
    let shown = shown(&library);
    // A speaker some transcripts have and some do not.
    let has = |l: &Loaded, name: &str| l.t.speakers.iter().any(|s| s.name == name);
    let name = library
        .iter()
        .flat_map(|l| l.t.speakers.iter().map(|s| s.name.clone()))
        .find(|name| library.iter().any(|l| !has(l, name)))
        .expect("a speaker not in every bundled transcript");
    let lacking = library.iter().position(|l| !has(l, &name)).unwrap();

    let rows = ViewRows::of_all(&view(&[&name], &[], ""), &shown, None);
    let expected: Vec<(usize, usize)> = library
        .iter()
        .enumerate()
        .flat_map(|(i, l)| {
            let name = name.clone();
            l.t.turns
                .iter()
                .enumerate()
                .filter(move |(_, turn)| l.t.speaker_name(turn) == Some(name.as_str()))
                .map(move |(turn, _)| (i, turn))
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(places(&rows), expected);
    assert!(rows.rows.iter().all(|r| r.transcript != lacking));
    // Only the shown transcripts' repeats count as hidden.
    let hidden: usize = library
        .iter()
        .filter(|l| has(l, &name))
        .map(|l| l.duplicates.hidden_in(0))
        .sum();
    assert_eq!(rows.hidden, hidden);

    // The same speaker on the one transcript without them is a stale
    // link: it shows everyone rather than nothing.
    let one = ViewRows::of_one(&view(&[&name], &[], ""), &shown[lacking]);
    assert_eq!(one.rows.len(), library[lacking].t.turns.len());
    // And a speaker no transcript has shows nothing across them.
    let nobody = ViewRows::of_all(&view(&["Nobody At All"], &[], ""), &shown, None);
    assert!(nobody.rows.is_empty());
    assert_eq!(nobody.hidden, 0);
}

#[test]
fn a_topic_across_transcripts_shows_its_turns_where_it_is_a_tag_and_nothing_elsewhere() {
    let library = library();
    let mut shown = shown(&library);
    let has = |l: &Loaded, label: &str| l.topics.tags.iter().any(|t| t.label == label);
    let label = library
        .iter()
        .flat_map(|l| l.topics.tags.iter().map(|t| t.label.clone()))
        .find(|label| {
            library.iter().filter(|l| has(l, label)).count() >= 2
                && library.iter().any(|l| !has(l, label))
        })
        .expect("a tag of some bundled transcripts but not all");
    let tagged = |l: &Loaded| -> Vec<usize> {
        l.topics
            .tags
            .iter()
            .find(|t| t.label == label)
            .map(|t| t.turns.clone())
            .unwrap_or_default()
    };

    let chosen = view(&[], &[&label], "");
    let rows = ViewRows::of_all(&chosen, &shown, None);
    let expected: Vec<(usize, usize)> = library
        .iter()
        .enumerate()
        .flat_map(|(i, l)| tagged(l).into_iter().map(move |turn| (i, turn)))
        .collect();
    assert!(expected.len() < rows_total(&library));
    assert_eq!(places(&rows), expected);

    // A transcript whose topics are being worked out shows nothing for a
    // topic, and everything without one.
    let first = library.iter().position(|l| has(l, &label)).unwrap();
    shown[first].topics = None;
    let pending = ViewRows::of_all(&chosen, &shown, None);
    assert!(pending.rows.iter().all(|r| r.transcript != first));
    assert_eq!(
        pending.rows.len(),
        expected.iter().filter(|(i, _)| *i != first).count()
    );
    let unfiltered = ViewRows::of_one(&ViewState::default(), &shown[first]);
    assert_eq!(unfiltered.rows.len(), library[first].t.turns.len());
    // A label none has: nothing at all, in one transcript too.
    let none = view(&[], &["no such topic"], "");
    assert!(ViewRows::of_all(&none, &shown, None).rows.is_empty());
    assert!(ViewRows::of_one(&none, &shown[0]).rows.is_empty());
}

fn rows_total(library: &[Loaded]) -> usize {
    library.iter().map(|l| l.t.turns.len()).sum()
}

#[test]
fn each_match_maps_to_its_row_in_order_and_context_rows_carry_none() {
    let library = library();
    let shown = shown(&library);
    let query = "Microsoft";
    let mut state = view(&[], &[], query);
    let rows = ViewRows::of_all(&state, &shown, None);
    let per_row: usize = rows.rows.iter().map(|r| r.matches.len()).sum();
    assert_eq!(rows.match_count, per_row);
    assert_eq!(rows.match_rows.len(), rows.match_count);
    assert!(rows.mode.is_some());
    // Microsoft is in more than one transcript.
    let sources: std::collections::BTreeSet<usize> =
        rows.rows.iter().map(|r| r.transcript).collect();
    assert!(sources.len() >= 2, "{sources:?}");
    let mut last = None;
    for n in 0..rows.match_count {
        let (row, k) = rows.locate_match(n).unwrap();
        assert_eq!(rows.match_rows[n], row);
        let r = &rows.rows[row];
        let text = &library[r.transcript].t.turns[r.turn].text;
        assert_eq!(fold(&text[r.matches[k].clone()]), fold(query));
        // In reading order: by row, then within the row.
        assert!(last < Some((row, k)));
        last = Some((row, k));
    }
    assert_eq!(rows.locate_match(rows.match_count), None);

    state.context = true;
    let with_context = ViewRows::of_all(&state, &shown, None);
    assert_eq!(with_context.match_count, rows.match_count);
    assert!(with_context.rows.len() > rows.rows.len());
    for (i, r) in with_context.rows.iter().enumerate() {
        assert_eq!(r.is_context, r.matches.is_empty(), "row {i}");
    }
    // Match n is on a row of the same turn with and without context.
    for n in 0..rows.match_count {
        let (a, _) = rows.locate_match(n).unwrap();
        let (b, _) = with_context.locate_match(n).unwrap();
        let (a, b) = (&rows.rows[a], &with_context.rows[b]);
        assert_eq!((a.transcript, a.turn), (b.transcript, b.turn));
    }
}

#[test]
fn sections_head_the_first_row_of_their_turn() {
    let mut b = TranscriptBuilder::new(Format::PlainText);
    b.section("Opening");
    b.section("Welcome");
    b.push(Some("Ana"), None, None, "Good evening and welcome.");
    b.break_turn();
    b.push(Some("Ben"), None, None, "Thank you for having me.");
    b.break_turn();
    b.section("Questions");
    b.push(Some("Ana"), None, None, "First question then.");
    let l = load(b.finish());
    let titles = |rows: &ViewRows| -> Vec<Option<&str>> {
        rows.rows
            .iter()
            .map(|r| r.section.map(|s| l.t.sections[s].title.as_str()))
            .collect()
    };
    let all = ViewRows::of_one(&ViewState::default(), &l.shown());
    assert_eq!(titles(&all), [Some("Opening"), None, Some("Questions")]);
    // Ben's turn alone has no heading; with context it comes with Ana's.
    let ben = ViewRows::of_one(&view(&["Ben"], &[], ""), &l.shown());
    assert_eq!(titles(&ben), [None]);
    let mut state = view(&["Ben"], &[], "");
    state.context = true;
    let ben = ViewRows::of_one(&state, &l.shown());
    assert_eq!(titles(&ben), [Some("Opening"), None, Some("Questions")]);
    assert_eq!(
        ben.rows.iter().map(|r| r.is_context).collect::<Vec<_>>(),
        [true, false, true]
    );
}

const QUOTE: &str =
    "We are going to build the most useful machine anyone has ever made for people.";

#[test]
fn a_repeat_within_a_transcript_collapses_and_a_match_inside_it_keeps_its_number() {
    let first = format!("Here is the plan. {QUOTE} That is all.");
    let again = format!("As I said before. {QUOTE} Useful, really.");
    let l = load(built(&[
        ("Ana", &first),
        ("Ben", "And what does that mean?"),
        ("Ana", &again),
    ]));
    assert_eq!(l.duplicates.hidden_in(0), 1);
    let rows = ViewRows::of_one(&view(&[], &[], "useful"), &l.shown());
    assert_eq!(rows.hidden, 1);
    let turns: Vec<usize> = rows.rows.iter().map(|r| r.turn).collect();
    assert_eq!(turns, [0, 2]);
    assert_eq!(rows.match_rows, [0, 1, 1]);
    let row = &rows.rows[1];
    assert_eq!(row.fold, Fold::Own);

    let text = &l.t.turns[2].text;
    let folded = turn_pieces(text, 2, &row.matches, Some((&l.duplicates, 0)));
    // The repeated quote (with the first "useful", match 0) is collapsed;
    // the second "Useful" is still match 1.
    assert_eq!(
        folded,
        [
            Piece::Text("As I said before. "),
            Piece::Collapsed(Placeholder::Repeat {
                of_turn: 0,
                same_transcript: true
            }),
            Piece::Text(" "),
            Piece::Match("Useful", 1),
            Piece::Text(", really."),
        ]
    );
    // Shown in full, every piece is there again.
    let full = turn_pieces(text, 2, &row.matches, None);
    assert_eq!(
        full.iter()
            .map(|p| match p {
                Piece::Text(s) | Piece::Match(s, _) => *s,
                Piece::Collapsed(_) => "",
            })
            .collect::<String>(),
        *text
    );
    assert_eq!(
        full.iter()
            .filter_map(|p| match p {
                Piece::Match(_, n) => Some(*n),
                _ => None,
            })
            .collect::<Vec<_>>(),
        [0, 1]
    );
    // The first saying is never collapsed.
    let kept = turn_pieces(&l.t.turns[0].text, 0, &[], Some((&l.duplicates, 0)));
    assert_eq!(kept, [Piece::Text(l.t.turns[0].text.as_str())]);
}

#[test]
fn a_match_across_the_edge_of_a_collapsed_repeat_is_not_shown() {
    let again = format!("As I said before. {QUOTE} Useful, really.");
    let l = load(built(&[("Ana", QUOTE), ("Ana", &again)]));
    let text = &l.t.turns[1].text;
    let start = text.find("before").unwrap();
    let end = text.find("going").unwrap() + "going".len();
    let straddling = [Range { start, end }];
    let pieces = turn_pieces(text, 1, &straddling, Some((&l.duplicates, 0)));
    assert!(pieces.iter().all(|p| !matches!(p, Piece::Match(..))));
    assert!(pieces.iter().any(|p| matches!(p, Piece::Collapsed(_))));
}

#[test]
fn a_loop_collapses_after_its_first_saying() {
    let l = load(built(&[(
        "Ana",
        "Thank you. We went to the shop we went to the shop we went to the shop we went to the shop and then home.",
    )]));
    let text = &l.t.turns[0].text;
    let pieces = turn_pieces(text, 0, &[], Some((&l.duplicates, 0)));
    assert_eq!(
        pieces,
        [
            Piece::Text("Thank you. We went to the shop"),
            Piece::Collapsed(Placeholder::Loop { count: 4 }),
            Piece::Text(" and then home."),
        ]
    );
    assert_eq!(
        ViewRows::of_one(&ViewState::default(), &l.shown()).hidden,
        1
    );
}

#[test]
fn repeats_across_transcripts_fold_in_the_later_one_and_count_per_transcript() {
    let a = load(built(&[
        ("Ana", QUOTE),
        ("Ben", "Nothing else to add here."),
    ]));
    let b = load(built(&[
        ("Cy", "Quoting the interview from last week:"),
        ("Cy", QUOTE),
    ]));
    let library = [a, b];
    let shown = shown(&library);
    // Each on its own repeats nothing.
    let own = ViewRows::of_all(&ViewState::default(), &shown, None);
    assert_eq!(own.hidden, 0);
    let across = dedup::find_across(&[&library[0].t, &library[1].t]);
    let rows = ViewRows::of_all(&ViewState::default(), &shown, Some(&across));
    assert_eq!(rows.hidden, 1);
    assert_eq!(
        rows.rows.iter().map(|r| r.fold).collect::<Vec<_>>(),
        [
            Fold::Across(0),
            Fold::Across(0),
            Fold::Across(1),
            Fold::Across(1)
        ]
    );
    let row = &rows.rows[3];
    let pieces = turn_pieces(
        &library[1].t.turns[row.turn].text,
        row.turn,
        &row.matches,
        Some((&across, row.fold.index())),
    );
    assert_eq!(
        pieces,
        [Piece::Collapsed(Placeholder::Repeat {
            of_turn: 0,
            same_transcript: false
        })]
    );
    // The first transcript keeps its saying.
    let kept = turn_pieces(QUOTE, 0, &[], Some((&across, 0)));
    assert_eq!(kept, [Piece::Text(QUOTE)]);
    // Filtered to the second transcript's speaker, only its repeat counts.
    let cy = ViewRows::of_all(&view(&["Cy"], &[], ""), &shown, Some(&across));
    assert_eq!(cy.hidden, 1);
    let ana = ViewRows::of_all(&view(&["Ana"], &[], ""), &shown, Some(&across));
    assert_eq!((ana.hidden, ana.rows.len()), (0, 1));
}

#[test]
fn speaker_choices_add_up_by_name_across_transcripts() {
    let library = library();
    let across = speaker_choices_across(library.iter().map(|l| &l.t));
    let mut names: Vec<&str> = across.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(names.len(), before, "one choice per name");
    for c in &across {
        let words: usize = library
            .iter()
            .flat_map(|l| speaker_stats(&l.t))
            .filter(|s| s.name == c.name)
            .map(|s| s.words)
            .sum();
        assert_eq!(c.words, words, "{}", c.name);
        assert_eq!(c.speaker, None);
    }
    assert!(across.windows(2).all(|w| w[0].words >= w[1].words));
    // Some name is in two transcripts, so it adds up.
    let in_two = across.iter().any(|c| {
        library
            .iter()
            .filter(|l| l.t.speakers.iter().any(|s| s.name == c.name))
            .count()
            >= 2
    });
    assert!(in_two);

    // One transcript: its own ids, most words first.
    let one = speaker_choices(&library[0].t);
    assert_eq!(one.len(), library[0].t.speakers.len());
    assert!(one.windows(2).all(|w| w[0].words >= w[1].words));
    for c in &one {
        let id = c.speaker.unwrap();
        assert_eq!(library[0].t.speakers[id].name, c.name);
    }

    let a = transcript_core::parse("Ana: one two\nBen: three").unwrap();
    let b = transcript_core::parse("Ana: four\nCy: five six seven eight").unwrap();
    let got: Vec<(String, usize)> = speaker_choices_across([&a, &b])
        .into_iter()
        .map(|c| (c.name, c.words))
        .collect();
    let want = [("Cy", 4), ("Ana", 3), ("Ben", 1)].map(|(n, w)| (n.to_string(), w));
    assert_eq!(got, want);
}

#[test]
fn topic_choices_are_the_top_tags_or_the_most_common_across_transcripts() {
    let library = library();
    let one = topic_choices(Some(&library[2].topics));
    assert_eq!(one.len(), TOPIC_CHOICES.min(library[2].topics.tags.len()));
    for (c, tag) in one.iter().zip(&library[2].topics.tags) {
        assert_eq!(
            (c.label.as_str(), c.turns),
            (tag.label.as_str(), tag.turns.len())
        );
    }
    assert!(topic_choices(None).is_empty());

    let across = topic_choices_across(library.iter().map(|l| Some(&l.topics)));
    assert!(!across.is_empty() && across.len() <= TOPIC_CHOICES);
    assert!(across.windows(2).all(|w| w[0].turns >= w[1].turns));
    // Each label's turns are added up over the transcripts it is a top tag of.
    let top = |l: &Loaded, label: &str| -> usize {
        l.topics
            .tags
            .iter()
            .take(TOPIC_CHOICES)
            .filter(|t| t.label == label)
            .map(|t| t.turns.len())
            .sum()
    };
    for c in &across {
        let turns: usize = library.iter().map(|l| top(l, &c.label)).sum();
        assert_eq!(c.turns, turns, "{}", c.label);
    }
    // Nothing better was left out.
    let least = across.last().unwrap().turns;
    let all_labels: Vec<String> = library
        .iter()
        .flat_map(|l| {
            l.topics
                .tags
                .iter()
                .take(TOPIC_CHOICES)
                .map(|t| t.label.clone())
        })
        .collect();
    for label in &all_labels {
        if !across.iter().any(|c| &c.label == label) {
            let turns: usize = library.iter().map(|l| top(l, label)).sum();
            assert!(turns <= least, "{label} ({turns} turns) left out");
        }
    }
    // A label in two transcripts' top tags is one choice.
    assert!(across
        .iter()
        .any(|c| library.iter().filter(|l| top(l, &c.label) > 0).count() >= 2));
    // Transcripts whose topics are pending add nothing.
    let pending = topic_choices_across(library.iter().map(|_| None));
    assert!(pending.is_empty());
}
