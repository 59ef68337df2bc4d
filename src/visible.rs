//! What the reading view shows, derived from the app state: the rows of
//! one transcript or of all of them, the search's matches, and the filters'
//! choices of speakers and topics.

use std::collections::HashMap;
use std::rc::Rc;

use transcript_core::dedup::Duplicates;
use transcript_core::view::visible_turns;

use crate::by_ptr::ByPtr;
use crate::components::speakers::{choices_across, choices_for, SpeakerChoice};
use crate::components::topics::CHIPS;
use crate::components::turn_list::Row;
use crate::state::{AppState, Entry};

/// The reading view derived from the state: rows to render and the search's
/// match count.
#[derive(Clone, PartialEq)]
pub struct Visible {
    pub rows: ByPtr<Vec<Row>>,
    pub match_count: usize,
    pub mode: Option<transcript_core::search::SearchMode>,
    /// Row index of each match, in order, for next/previous.
    pub match_rows: Rc<Vec<usize>>,
    /// Repeated passages collapsed in what is shown.
    pub hidden: usize,
}

/// The filters' choices: speakers with word counts, and topic chips (the
/// open transcript's top tags, or the most common ones across all).
/// Topic chips: labels and how many turns each occurs in.
pub type Chips = Rc<Vec<(String, usize)>>;

pub fn choices(state: &AppState) -> (Rc<Vec<SpeakerChoice>>, Chips) {
    match state.current() {
        Some(entry) => {
            let topics = topics_of(entry);
            let chips = topics
                .tags
                .iter()
                .take(CHIPS)
                .map(|t| (t.label.clone(), t.turns.len()));
            (
                Rc::new(choices_for(&entry.transcript)),
                Rc::new(chips.collect()),
            )
        }
        None => {
            let mut chips: Vec<(String, usize)> = Vec::new();
            for e in &state.entries {
                for t in topics_of(e).tags.iter().take(CHIPS) {
                    match chips.iter_mut().find(|(l, _)| *l == t.label) {
                        Some((_, n)) => *n += t.turns.len(),
                        None => chips.push((t.label.clone(), t.turns.len())),
                    }
                }
            }
            chips.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
            chips.truncate(CHIPS);
            let speakers = choices_across(state.entries.iter().map(|e| e.transcript.as_ref()));
            (Rc::new(speakers), Rc::new(chips))
        }
    }
}

pub fn visible(state: &AppState, across: Option<&ByPtr<Duplicates>>) -> Visible {
    let view = &state.view;
    let mut rows = Vec::new();
    let mut match_count = 0;
    let mut mode = None;
    let mut match_rows = Vec::new();
    let mut hidden = 0;
    let mut push = |index: usize, entry: &Entry, source: Option<ByPtr<str>>| {
        let t = &entry.transcript;
        // In "All transcripts", a transcript none of the chosen speakers is in shows nothing.
        if source.is_some()
            && !view.speakers.is_empty()
            && !t.speakers.iter().any(|s| view.speakers.contains(&s.name))
        {
            return;
        }
        let labels = entry.topic_labels();
        let filter = view.filter(t, &labels);
        // With topics chosen, a transcript that has none of them shows nothing.
        if !view.topics.is_empty() && filter.topics.is_empty() {
            return;
        }
        let shown = visible_turns(t, &entry.index, &filter, topics_of(entry).as_ref());
        // "All transcripts" folds passages repeated across transcripts too.
        let (duplicates, dup_index) = match across {
            Some(across) => (across.clone(), index),
            None => (ByPtr(entry.duplicates().cloned().unwrap_or_default()), 0),
        };
        let topics = ByPtr(topics_of(entry));
        hidden += duplicates.hidden_in(dup_index);
        let sections: HashMap<usize, &str> = t
            .sections
            .iter()
            .rev()
            .map(|s| (s.turn, s.title.as_str()))
            .collect();
        let shared = ByPtr(t.clone());
        mode = mode.or(shown.mode);
        match_count += shown.match_count;
        for r in shown.rows {
            for _ in 0..r.matches.len() {
                match_rows.push(rows.len());
            }
            rows.push(Row {
                transcript: shared.clone(),
                turn: r.turn,
                source: source.clone(),
                section: sections.get(&r.turn).map(|s| ByPtr(Rc::from(*s))),
                marks: ByPtr(Rc::from(r.matches)),
                context: r.is_context,
                topics: topics.clone(),
                duplicates: duplicates.clone(),
                dup_index,
            });
        }
    };
    match state.current() {
        Some(entry) => push(0, entry, None),
        None => {
            for (i, e) in state.entries.iter().enumerate() {
                push(i, e, Some(ByPtr(Rc::from(e.name.as_str()))));
            }
        }
    }
    Visible {
        rows: ByPtr(Rc::new(rows)),
        match_count,
        mode,
        match_rows: Rc::new(match_rows),
        hidden,
    }
}

/// An entry's topics; none while the worker works them out again.
fn topics_of(entry: &Entry) -> Rc<transcript_core::topics::Topics> {
    entry.topics().cloned().unwrap_or_default()
}
