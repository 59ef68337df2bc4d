//! The rows of the reading view: the turns of the open transcript, or of
//! every transcript ("All transcripts"), that pass the view's filters
//! ([`visible_turns`]), with their section headings, their search matches
//! and where their repeated passages come from.
//!
//! In "All transcripts" the speaker and topic filters are by name and
//! label, read against each transcript on its own: a transcript none of the
//! chosen speakers speaks in shows nothing (rather than everyone, as a
//! stale link to one transcript does), and, as for one transcript, with
//! topics chosen a transcript that has none of them shows nothing. Repeats
//! are folded across transcripts once those have been found, each
//! transcript's own until then.

use std::collections::HashMap;
use std::ops::Range;

use crate::dedup::Duplicates;
use crate::model::Transcript;
use crate::search::{SearchIndex, SearchMode};
use crate::topics::Topics;
use crate::view::{visible_turns, TurnTags, ViewState};

/// A transcript as the reading view reads it.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a> {
    /// With the reader's speaker edits applied.
    pub transcript: &'a Transcript,
    /// Built from `transcript`.
    pub index: &'a SearchIndex,
    /// Its topic tags; `None` while they are being worked out (after a
    /// speaker edit): then a topic filter shows none of its turns.
    pub topics: Option<&'a Topics>,
    /// Its own repeated passages; `None` while they are being worked out.
    pub duplicates: Option<&'a Duplicates>,
}

/// Whose repeated passages a row's turn folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// Its transcript's own (where the transcript is index 0).
    Own,
    /// Those found across all the transcripts, where it is this index.
    Across(usize),
}

impl Fold {
    /// The transcript's index in the repeated passages.
    pub fn index(self) -> usize {
        match self {
            Fold::Own => 0,
            Fold::Across(i) => i,
        }
    }
}

/// One row of the reading view: a turn of one of the transcripts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewRow {
    /// Index of its transcript among those given (0 for one transcript).
    pub transcript: usize,
    /// Index into its transcript's turns.
    pub turn: usize,
    /// Shown only as context around a turn that passed the filters.
    pub is_context: bool,
    /// Byte ranges of the search's matches in the turn's text, in order.
    pub matches: Vec<Range<usize>>,
    /// The section whose heading goes above this turn: an index into its
    /// transcript's sections (the first that starts here).
    pub section: Option<usize>,
    /// Whose repeated passages fold this turn.
    pub fold: Fold,
}

/// What the reading view shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewRows {
    pub rows: Vec<ViewRow>,
    /// Matches in every row: what next/previous step through.
    pub match_count: usize,
    /// How the search matched, when there is one.
    pub mode: Option<SearchMode>,
    /// The row of each match, in order (`match_count` of them).
    pub match_rows: Vec<usize>,
    /// Repeated passages the shown transcripts fold (shown or not).
    pub hidden: usize,
}

impl ViewRows {
    /// Match `n` (0-based, in order): its row and its index among that
    /// row's matches.
    pub fn locate_match(&self, n: usize) -> Option<(usize, usize)> {
        let row = *self.match_rows.get(n)?;
        let first = self.match_rows.partition_point(|&r| r < row);
        Some((row, n - first))
    }

    /// The turns of one transcript (`shown`) that `view` shows.
    pub fn of_one(view: &ViewState, shown: &Shown) -> ViewRows {
        let mut out = ViewRows::default();
        let hidden = shown.duplicates.map_or(0, |d| d.hidden_in(0));
        out.add(view, 0, shown, Fold::Own, hidden);
        out
    }

    /// The turns of every transcript that `view` shows, transcript by
    /// transcript. `across`: the passages repeated across all of them (in
    /// the same order), once found; until then each transcript's own fold.
    pub fn of_all(view: &ViewState, shown: &[Shown], across: Option<&Duplicates>) -> ViewRows {
        let mut out = ViewRows::default();
        for (i, s) in shown.iter().enumerate() {
            let speaks = s
                .transcript
                .speakers
                .iter()
                .any(|sp| view.speakers.contains(&sp.name));
            if !view.speakers.is_empty() && !speaks {
                continue;
            }
            let (fold, hidden) = match across {
                Some(across) => (Fold::Across(i), across.hidden_in(i)),
                None => (Fold::Own, s.duplicates.map_or(0, |d| d.hidden_in(0))),
            };
            out.add(view, i, s, fold, hidden);
        }
        out
    }

    fn add(&mut self, view: &ViewState, index: usize, shown: &Shown, fold: Fold, hidden: usize) {
        let t = shown.transcript;
        let labels: Vec<String> = shown
            .topics
            .map(|topics| topics.tags.iter().map(|tag| tag.label.clone()).collect())
            .unwrap_or_default();
        let filter = view.filter(t, &labels);
        // With topics chosen, a transcript that has none of them shows nothing.
        if !view.topics.is_empty() && filter.topics.is_empty() {
            return;
        }
        let tags: &dyn TurnTags = match shown.topics {
            Some(topics) => topics,
            None => &[] as &[Vec<u32>; 0],
        };
        let visible = visible_turns(t, shown.index, &filter, tags);
        // The first section starting at each turn.
        let mut sections: HashMap<usize, usize> = HashMap::new();
        for (k, s) in t.sections.iter().enumerate() {
            sections.entry(s.turn).or_insert(k);
        }
        self.hidden += hidden;
        self.mode = self.mode.or(visible.mode);
        self.match_count += visible.match_count;
        for r in visible.rows {
            let row = self.rows.len();
            self.match_rows
                .extend(std::iter::repeat_n(row, r.matches.len()));
            self.rows.push(ViewRow {
                transcript: index,
                turn: r.turn,
                is_context: r.is_context,
                matches: r.matches,
                section: sections.get(&r.turn).copied(),
                fold,
            });
        }
    }
}
