//! What the reading view shows, from the app state: the library's entries
//! handed to the core's rules ([`transcript_core::view::rows`] and
//! [`transcript_core::view::choices`], tested on the host), and the core's
//! rows turned into the turn list's, which share the entries' data.

use std::rc::Rc;

use transcript_core::dedup::Duplicates;
use transcript_core::view::{self, Fold, Shown, SpeakerChoice, TopicChoice, ViewRows};

use crate::by_ptr::ByPtr;
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

/// Topic chips: labels and how many turns each occurs in.
pub type Chips = Rc<Vec<TopicChoice>>;

/// An entry as the core's view rules read it.
fn shown(entry: &Entry) -> Shown<'_> {
    Shown {
        transcript: &entry.transcript,
        index: &entry.index,
        topics: entry.topics().map(|t| t.as_ref()),
        duplicates: entry.duplicates().map(|d| d.as_ref()),
    }
}

/// The filters' choices: speakers with word counts, and topic chips (the
/// open transcript's top tags, or the most common ones across all).
pub fn choices(state: &AppState) -> (Rc<Vec<SpeakerChoice>>, Chips) {
    let (speakers, topics) = match state.current() {
        Some(entry) => (
            view::speaker_choices(&entry.transcript),
            view::topic_choices(entry.topics().map(|t| t.as_ref())),
        ),
        None => (
            view::speaker_choices_across(state.entries.iter().map(|e| e.transcript.as_ref())),
            view::topic_choices_across(
                state.entries.iter().map(|e| e.topics().map(|t| t.as_ref())),
            ),
        ),
    };
    (Rc::new(speakers), Rc::new(topics))
}

/// The rows of the open transcript, or of all of them ("All transcripts",
/// with `across` the repeats found across them, once found).
pub fn visible(state: &AppState, across: Option<&ByPtr<Duplicates>>) -> Visible {
    let one = state.current();
    let entries: Vec<&Entry> = one.map_or_else(|| state.entries.iter().collect(), |e| vec![e]);
    let found = match one {
        Some(entry) => ViewRows::of_one(&state.view, &shown(entry)),
        None => {
            let all: Vec<Shown> = entries.iter().map(|e| shown(e)).collect();
            ViewRows::of_all(&state.view, &all, across.map(|a| &*a.0))
        }
    };
    // What each entry's rows share; the source is named in "All transcripts".
    let shared: Vec<_> = entries
        .iter()
        .map(|e| {
            let source = one.is_none().then(|| ByPtr(Rc::from(e.name.as_str())));
            let own = ByPtr(e.duplicates().cloned().unwrap_or_default());
            (
                ByPtr(e.transcript.clone()),
                source,
                ByPtr(e.topics().cloned().unwrap_or_default()),
                own,
            )
        })
        .collect();
    let rows = found.rows.into_iter().filter_map(|r| {
        let (transcript, source, topics, own) = shared.get(r.transcript)?;
        let section = r.section.and_then(|k| transcript.sections.get(k));
        let duplicates = match (r.fold, across) {
            (Fold::Across(_), Some(across)) => across.clone(),
            _ => own.clone(),
        };
        Some(Row {
            transcript: transcript.clone(),
            turn: r.turn,
            source: source.clone(),
            section: section.map(|s| ByPtr(Rc::from(s.title.as_str()))),
            marks: ByPtr(Rc::from(r.matches)),
            context: r.is_context,
            topics: topics.clone(),
            duplicates,
            dup_index: r.fold.index(),
        })
    });
    Visible {
        rows: ByPtr(Rc::new(rows.collect())),
        match_count: found.match_count,
        mode: found.mode,
        match_rows: Rc::new(found.match_rows),
        hidden: found.hidden,
    }
}
