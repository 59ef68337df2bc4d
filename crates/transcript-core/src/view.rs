//! What the explorer shows: which turns pass the speaker, topic and search
//! filters, where their matches are, and how a turn's text splits into plain,
//! highlighted and collapsed pieces. The Yew app renders these rows as text nodes and
//! `<mark>` elements; it never builds HTML from strings.
//!
//! The three facets combine with AND: a turn is shown when its speaker is
//! selected (no selection = every speaker; turns without a speaker, such as
//! `[APPLAUSE]`, are hidden once a selection is made), when it carries ANY
//! of the selected topic tags (no selection = no topic filter; "any"
//! because a reader toggling two tags wants to see both subjects, and an
//! "all" rule would empty the view after two or three toggles), and when
//! the search finds something in it (see [`crate::search`]).
//!
//! With `context` on, each shown turn brings the turn before and after it,
//! marked as context, each at most once, in transcript order. Context rows
//! carry no matches: next/previous step only through turns that passed
//! every filter, so the count and the highlights agree.
//!
//! Everything here is linear in the number of turns and matches.
//! [`rows`] makes the reading view's rows of one transcript or of all of
//! them, [`choices`] the filters' speakers and topics, [`layout`] a turn's
//! text with its matches and collapsed repeats; [`speakers`] holds speaker
//! renames and merges, [`fragment`] the view state kept in the URL fragment.

pub mod choices;
pub mod fragment;
pub mod layout;
pub mod rows;
pub mod speakers;

use std::collections::BTreeSet;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::model::{SpeakerId, Transcript};
use crate::search::{SearchIndex, SearchMode};

pub use choices::{
    speaker_choices, speaker_choices_across, toggled, topic_choices, topic_choices_across,
    SpeakerChoice, TopicChoice, TOPIC_CHOICES,
};
pub use fragment::{FragmentError, ViewState};
pub use layout::{clock, collapsed, layout, turn_pieces, Piece, Placeholder};
pub use rows::{Fold, Shown, ViewRow, ViewRows};
pub use speakers::{speaker_stats, SpeakerEdits, SpeakerStat};

/// What the reader has chosen to see.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewFilter {
    /// `None`: every speaker. `Some(set)`: only these speakers' turns.
    pub speakers: Option<BTreeSet<SpeakerId>>,
    /// Topic tags; a turn passes if it has any of them. Empty: no filter.
    pub topics: BTreeSet<u32>,
    /// The search box's text; blank means no search.
    pub query: String,
    /// Show one turn of context before and after each shown turn.
    pub context: bool,
}

/// One row of the view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// Index into [`Transcript::turns`].
    pub turn: usize,
    /// Shown only as context for a neighbouring turn.
    pub is_context: bool,
    /// Byte ranges of matches in the turn's original text, in order.
    pub matches: Vec<Range<usize>>,
}

/// The rows to show and how many matches they hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VisibleTurns {
    pub rows: Vec<Row>,
    /// Matches across all non-context rows: what next/previous step through.
    pub match_count: usize,
    /// How the search matched, when there is a search.
    pub mode: Option<SearchMode>,
}

impl VisibleTurns {
    /// The `n`th match (0-based, in order): its row index and range.
    pub fn nth_match(&self, n: usize) -> Option<(usize, &Range<usize>)> {
        self.rows
            .iter()
            .enumerate()
            .flat_map(|(i, row)| row.matches.iter().map(move |r| (i, r)))
            .nth(n)
    }

    /// The index of the first match in or after `turn`, to start stepping
    /// from the selected turn; `None` if there is no match there or later.
    pub fn first_match_from(&self, turn: usize) -> Option<usize> {
        let mut n = 0;
        for row in &self.rows {
            if row.turn >= turn && !row.matches.is_empty() {
                return Some(n);
            }
            n += row.matches.len();
        }
        None
    }
}

/// The topic tags of each turn, as the topic filter sees them: a
/// transcript's [`Topics`](crate::topics::Topics), or plain per-turn lists.
pub trait TurnTags {
    /// Whether turn `turn` has any of `wanted`.
    fn has_any(&self, turn: usize, wanted: &BTreeSet<u32>) -> bool;
}

impl TurnTags for crate::topics::Topics {
    fn has_any(&self, turn: usize, wanted: &BTreeSet<u32>) -> bool {
        self.for_turn(turn)
            .iter()
            .any(|&t| u32::try_from(t).is_ok_and(|t| wanted.contains(&t)))
    }
}

/// `lists[i]` are turn `i`'s tags; turns past the end have none.
impl TurnTags for [Vec<u32>] {
    fn has_any(&self, turn: usize, wanted: &BTreeSet<u32>) -> bool {
        self.get(turn)
            .is_some_and(|tags| tags.iter().any(|t| wanted.contains(t)))
    }
}

impl TurnTags for Vec<Vec<u32>> {
    fn has_any(&self, turn: usize, wanted: &BTreeSet<u32>) -> bool {
        self.as_slice().has_any(turn, wanted)
    }
}

impl<const N: usize> TurnTags for [Vec<u32>; N] {
    fn has_any(&self, turn: usize, wanted: &BTreeSet<u32>) -> bool {
        self.as_slice().has_any(turn, wanted)
    }
}

/// Which turns to show. `tags` gives each turn's topic tags (ids are what
/// `filter.topics` holds). `index` must have been built from `transcript`
/// (after speaker edits are applied).
pub fn visible_turns(
    transcript: &Transcript,
    index: &SearchIndex,
    filter: &ViewFilter,
    tags: &dyn TurnTags,
) -> VisibleTurns {
    let count = transcript.turns.len();
    let hits = (!crate::search::fold(&filter.query).is_empty())
        .then(|| index.search(transcript, &filter.query));
    let mut matches: Vec<Vec<Range<usize>>> = vec![Vec::new(); count];
    if let Some(hits) = &hits {
        for m in &hits.matches {
            if let Some(ranges) = matches.get_mut(m.turn) {
                ranges.push(m.range.clone());
            }
        }
    }
    let shown: Vec<bool> = transcript
        .turns
        .iter()
        .enumerate()
        .map(|(i, turn)| {
            let speaker_ok = filter
                .speakers
                .as_ref()
                .is_none_or(|selected| turn.speaker.is_some_and(|id| selected.contains(&id)));
            let topic_ok = filter.topics.is_empty() || tags.has_any(i, &filter.topics);
            let search_ok = hits.is_none() || matches.get(i).is_some_and(|m| !m.is_empty());
            speaker_ok && topic_ok && search_ok
        })
        .collect();

    let mut rows: Vec<Row> = Vec::new();
    let mut match_count = 0;
    let context_row = |turn| Row {
        turn,
        is_context: true,
        matches: Vec::new(),
    };
    for (i, ranges) in matches.into_iter().enumerate() {
        if shown.get(i) != Some(&true) {
            continue;
        }
        if filter.context {
            if let Some(before) = i.checked_sub(1) {
                let already = rows.last().is_some_and(|r| r.turn >= before);
                if !already && shown.get(before) == Some(&false) {
                    rows.push(context_row(before));
                }
            }
        }
        match_count += ranges.len();
        rows.push(Row {
            turn: i,
            is_context: false,
            matches: ranges,
        });
        if filter.context && shown.get(i + 1) == Some(&false) {
            rows.push(context_row(i + 1));
        }
    }
    VisibleTurns {
        rows,
        match_count,
        mode: hits.map(|h| h.mode),
    }
}

/// The match to go to from `current` when stepping forward or back through
/// `count` matches, wrapping around; `None` when there are none. With no
/// current match, forward goes to the first and back to the last.
pub fn step_match(current: Option<usize>, count: usize, forward: bool) -> Option<usize> {
    let last = count.checked_sub(1)?;
    Some(match (current.filter(|&c| c <= last), forward) {
        (None, true) => 0,
        (None, false) => last,
        (Some(c), true) => {
            if c == last {
                0
            } else {
                c + 1
            }
        }
        (Some(c), false) => c.checked_sub(1).unwrap_or(last),
    })
}

/// Where the keyboard focus is when a key is pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFocus {
    SearchBox,
    /// Another text field: keys there are typing, not commands.
    OtherInput,
    Page,
}

/// What a key does to the search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindAction {
    FocusSearch,
    Next,
    Previous,
    Clear,
    /// Open the list of keyboard shortcuts.
    ShowShortcuts,
}

/// Every keyboard shortcut, as the "Keyboard shortcuts" dialog lists them:
/// the keys and what they do. [`find_key`] is what they do; a test checks
/// that each listed key does something.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("/", "Search this transcript"),
    ("Enter", "Next match (in the search box)"),
    ("Shift + Enter", "Previous match (in the search box)"),
    (
        "Escape",
        "Clear the search (in the search box); close this list",
    ),
    ("?", "Show these shortcuts"),
];

/// The page's keys: `/` focuses the search box and `?` lists the shortcuts
/// (unless the reader is typing somewhere), Enter and Shift+Enter in the
/// search box step through matches, Escape in it clears the search. `key`
/// is `KeyboardEvent.key`.
pub fn find_key(key: &str, shift: bool, focus: KeyFocus) -> Option<FindAction> {
    match (key, focus) {
        ("/", KeyFocus::Page) => Some(FindAction::FocusSearch),
        ("?", KeyFocus::Page) => Some(FindAction::ShowShortcuts),
        ("Enter", KeyFocus::SearchBox) if shift => Some(FindAction::Previous),
        ("Enter", KeyFocus::SearchBox) => Some(FindAction::Next),
        ("Escape", KeyFocus::SearchBox) => Some(FindAction::Clear),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stepping_wraps_both_ways() {
        assert_eq!(step_match(None, 0, true), None);
        assert_eq!(step_match(None, 3, true), Some(0));
        assert_eq!(step_match(None, 3, false), Some(2));
        assert_eq!(step_match(Some(2), 3, true), Some(0));
        assert_eq!(step_match(Some(0), 3, false), Some(2));
        assert_eq!(step_match(Some(1), 3, false), Some(0));
        assert_eq!(step_match(Some(9), 3, true), Some(0));
    }

    #[test]
    fn keys_act_only_where_they_should() {
        assert_eq!(
            find_key("/", false, KeyFocus::Page),
            Some(FindAction::FocusSearch)
        );
        assert_eq!(find_key("/", false, KeyFocus::OtherInput), None);
        assert_eq!(find_key("/", false, KeyFocus::SearchBox), None);
        assert_eq!(
            find_key("Enter", true, KeyFocus::SearchBox),
            Some(FindAction::Previous)
        );
        assert_eq!(
            find_key("Enter", false, KeyFocus::SearchBox),
            Some(FindAction::Next)
        );
        assert_eq!(
            find_key("Escape", false, KeyFocus::SearchBox),
            Some(FindAction::Clear)
        );
        assert_eq!(find_key("Enter", false, KeyFocus::Page), None);
        assert_eq!(
            find_key("?", true, KeyFocus::Page),
            Some(FindAction::ShowShortcuts)
        );
        assert_eq!(find_key("?", true, KeyFocus::SearchBox), None);
        assert_eq!(find_key("?", true, KeyFocus::OtherInput), None);
    }

    #[test]
    fn every_listed_shortcut_does_something() {
        for &(keys, what) in SHORTCUTS {
            let shift = keys.starts_with("Shift + ");
            let key = keys.trim_start_matches("Shift + ");
            let acts = [KeyFocus::Page, KeyFocus::SearchBox]
                .into_iter()
                .any(|focus| find_key(key, shift, focus).is_some());
            assert!(acts, "{keys}: {what}");
        }
    }
}
