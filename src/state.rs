//! The app's state and its one reducer: the library of loaded transcripts and
//! the view (which transcript, speakers, topics, search, selected turn), kept
//! as the same [`ViewState`] the URL fragment carries. Pure data, so it is
//! tested on the host; storage, the URL, file reading and the worker's jobs
//! ([`crate::jobs`]) happen in the components, which dispatch the outcome
//! here. Nothing here parses or analyses a transcript: the page's wasm does
//! not carry the parsers (the tests below use them to make entries).

use std::rc::Rc;

use transcript_core::dedup::Duplicates;
use transcript_core::library::StoredEntry;
use transcript_core::search::SearchIndex;
use transcript_core::share::{payload_id, LinkError, LinkParts};
use transcript_core::topics::Topics;
use transcript_core::transfer;
use transcript_core::view::{SpeakerEdits, ViewState};
use transcript_core::Transcript;
use yew::Reducible;

/// The `t=` value of the "All transcripts" view.
pub const ALL: &str = "all";

use crate::bundled::BUNDLED;

/// Whether `id` names a transcript shipped with the app.
pub fn is_bundled(id: &str) -> bool {
    BUNDLED.iter().any(|b| b.id == id)
}

/// A transcript in the library, parsed once when it is added.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Stable id: the bundled file's id, or one made when the user added it.
    pub id: String,
    /// Shown in the library list; the user can rename it.
    pub name: String,
    /// The text it was parsed from, kept to store it and, later, to share it.
    pub text: Rc<str>,
    /// As parsed.
    pub original: Rc<Transcript>,
    /// The reader's renames and merges of speakers.
    pub edits: SpeakerEdits,
    /// What is shown: `original` with `edits` applied.
    pub transcript: Rc<Transcript>,
    /// Search index over `transcript`.
    pub index: Rc<SearchIndex>,
    /// Topic tags of `transcript`.
    pub topics: Rc<Topics>,
    /// Repeated passages within `transcript`.
    pub duplicates: Rc<Duplicates>,
    /// `topics` and `duplicates` are not yet those of `transcript` (a
    /// speaker edit changed it; the worker is working them out).
    pub stale: bool,
    /// Whether it ships with the app (and so cannot be removed).
    pub bundled: bool,
    /// It came with a link and is not in the library until the reader keeps it.
    pub pending: bool,
    /// The share-link payload it came with (or was stored as), reused for
    /// links to it instead of encoding it again.
    pub payload: Option<Rc<str>>,
    /// The reader's "Read as…" choice (a `ReadAs` key), if not Auto.
    pub read_as: Option<String>,
    /// How the text was read, and the other readings on offer (none for
    /// bundled transcripts and ones from a link, which have no text here).
    pub reading: Option<Rc<ReadingInfo>>,
}

// How the worker read a text: the worker's type, shared with it.
pub use crate::worker::{ReadingInfo, ShapeChoice};

/// What a reader adds: pasted text or a file's bytes.
pub enum Source {
    Paste(String),
    File(Vec<u8>),
}

#[cfg(test)]
impl Source {
    /// The text and its transcript, or a sentence saying why not (naming
    /// the file, for a file).
    pub fn parse(self, name: &str) -> Result<(String, Transcript), String> {
        match self {
            Source::Paste(text) => parse_text(&text).map(|t| (text, t)),
            Source::File(bytes) => parse_named_bytes(name, &bytes),
        }
    }
}

#[cfg(test)]
fn parse_text(text: &str) -> Result<Transcript, String> {
    transcript_core::parse(text).map_err(|e| e.to_string())
}

#[cfg(test)]
fn parse_named_bytes(name: &str, bytes: &[u8]) -> Result<(String, Transcript), String> {
    let transcript =
        transcript_core::parse::parse_bytes(bytes).map_err(|e| format!("{name}: {e}"))?;
    // parse_bytes succeeded, so the bytes are UTF-8 and the copy is exact.
    Ok((String::from_utf8_lossy(bytes).into_owned(), transcript))
}

/// What [`Entry::assemble`] takes besides the transcript: its search index,
/// topics and repeated passages.
pub type Analyses = (Rc<SearchIndex>, Rc<Topics>, Rc<Duplicates>);

#[cfg(test)]
impl Entry {
    /// Parses `text` into a library entry. `name` defaults to the
    /// transcript's own title, then to `fallback`.
    pub fn parse(
        id: String,
        name: Option<String>,
        text: &str,
        fallback: &str,
    ) -> Result<Entry, String> {
        let transcript = parse_text(text)?;
        Ok(Self::from_parsed(id, name, text, transcript, fallback))
    }

    /// Like [`Entry::parse`] for a file's bytes, which may not be text at all.
    pub fn parse_file(id: String, name: String, bytes: &[u8]) -> Result<Entry, String> {
        let (text, transcript) = parse_named_bytes(&name, bytes)?;
        Ok(Self::from_parsed(
            id,
            Some(name.clone()),
            &text,
            transcript,
            &name,
        ))
    }

    fn from_parsed(
        id: String,
        name: Option<String>,
        text: &str,
        transcript: Transcript,
        fallback: &str,
    ) -> Entry {
        let analysis = analyse(&transcript);
        Self::assemble(id, name, text, transcript, fallback, analysis)
    }

    /// The transcript a share link carried (see [`Entry::from_link`]).
    pub fn parse_link(payload: &str) -> Result<Entry, String> {
        let t = transcript_core::share::decode_transcript(payload).map_err(|e| e.to_string())?;
        let analyses = analyse(&t);
        Ok(Entry::from_link(payload, t, analyses))
    }

    /// The entry a stored (or imported) one stands for, parsed again (in
    /// the app, the worker does this: [`crate::jobs::restore`]).
    pub fn restore(stored: &StoredEntry) -> Result<Entry, String> {
        let t = stored.transcript()?;
        let edited = stored.edits.apply(&t);
        let analyses = analyse(&edited);
        Ok(Entry::restored(stored, t, analyses))
    }
}

impl Entry {
    /// An entry from a transcript already analysed (by the worker).
    pub fn assemble(
        id: String,
        name: Option<String>,
        text: &str,
        transcript: Transcript,
        fallback: &str,
        (index, topics, duplicates): (Rc<SearchIndex>, Rc<Topics>, Rc<Duplicates>),
    ) -> Entry {
        let name = name
            .filter(|n| !n.trim().is_empty())
            .or_else(|| transcript.title.clone())
            .unwrap_or_else(|| fallback.to_string());
        let transcript = Rc::new(transcript);
        Entry {
            id,
            name,
            text: Rc::from(text),
            original: transcript.clone(),
            edits: SpeakerEdits::default(),
            transcript,
            index,
            topics,
            duplicates,
            stale: false,
            bundled: false,
            pending: false,
            payload: None,
            read_as: None,
            reading: None,
        }
    }

    /// The transcript a share link carried, under an id made from its
    /// payload (the same link opened twice is the same entry). Not in the
    /// library: `pending` until the reader keeps it.
    pub fn from_link(payload: &str, transcript: Transcript, analyses: Analyses) -> Entry {
        let mut entry = Self::assemble(
            payload_id(payload),
            None,
            "",
            transcript,
            "Shared transcript",
            analyses,
        );
        entry.pending = true;
        entry.payload = Some(Rc::from(payload));
        entry
    }

    /// What the library keeps of this entry: its source text; for a bundled
    /// one only the reader's changes; for one kept from a link (which has no
    /// source text) its payload, which is compact.
    pub fn stored(&self) -> StoredEntry {
        StoredEntry {
            id: self.id.clone(),
            name: self.name.clone(),
            text: if self.bundled {
                String::new()
            } else {
                self.text.to_string()
            },
            edits: self.edits.clone(),
            link: self
                .payload
                .as_ref()
                .filter(|_| self.text.is_empty())
                .map(|p| p.to_string()),
            read_as: self.read_as.clone(),
        }
    }

    /// The entry a stored (or imported) one stands for: `original` is its
    /// text parsed again (or its link's payload decoded) with the current
    /// parsers, `analyses` those of `original` with the stored speaker edits
    /// applied. Not for bundled transcripts (their text is not stored): see
    /// [`AppState::follow`].
    pub fn restored(stored: &StoredEntry, original: Transcript, analyses: Analyses) -> Entry {
        let edited = (!stored.edits.is_empty()).then(|| stored.edits.apply(&original));
        let mut entry = match stored.kept_link() {
            Some(payload) => {
                let mut entry = Entry::from_link(payload, original, analyses);
                entry.pending = false;
                entry.id = stored.id.clone();
                entry.name = stored.name.clone();
                entry
            }
            None => Entry::assemble(
                stored.id.clone(),
                Some(stored.name.clone()),
                &stored.text,
                original,
                "Transcript",
                analyses,
            ),
        };
        if let Some(edited) = edited {
            entry.transcript = Rc::new(edited);
            entry.edits = stored.edits.clone();
        }
        entry.read_as = stored.read_as.clone();
        entry
    }

    /// Whether this is a bundled transcript the reader renamed, or whose
    /// speakers they renamed or merged.
    fn changed_bundled(&self) -> bool {
        let default_name = BUNDLED.iter().find(|b| b.id == self.id).map(|b| {
            self.original
                .title
                .clone()
                .unwrap_or_else(|| b.file.to_string())
        });
        self.bundled && (!self.edits.is_empty() || default_name.is_some_and(|d| d != self.name))
    }

    /// Whether `stored` is this entry's source (so only its name and edits
    /// can differ).
    fn same_source(&self, stored: &StoredEntry) -> bool {
        self.bundled
            || (*self.text == *stored.text
                && (stored.link.is_none() || self.payload.as_deref() == stored.link.as_deref()))
    }

    /// The transcript's top tags' labels, best first (the topic filter's ids
    /// are positions in this list).
    pub fn topic_labels(&self) -> Vec<String> {
        self.topics.tags.iter().map(|t| t.label.clone()).collect()
    }

    /// Applies speaker edits (replacing earlier ones) and re-indexes. Merged
    /// speakers can join turns, so the topics and repeated passages are
    /// dropped until the worker has worked them out again (see
    /// [`Action::Analysed`]); the page shows none meanwhile, never ones that
    /// point at the wrong turns.
    pub fn set_edits(&mut self, edits: SpeakerEdits) {
        let transcript = if edits.is_empty() {
            self.original.clone()
        } else {
            Rc::new(edits.apply(&self.original))
        };
        self.index = Rc::new(SearchIndex::new(&transcript));
        self.topics = Rc::default();
        self.duplicates = Rc::default();
        self.stale = true;
        self.transcript = transcript;
        self.edits = edits;
    }
}

/// Indexes, tags and deduplicates what is shown.
#[cfg(test)]
pub(crate) fn analyse(t: &Transcript) -> Analyses {
    (
        Rc::new(SearchIndex::new(t)),
        Rc::new(Topics::extract(t)),
        Rc::new(transcript_core::dedup::find(t)),
    )
}

/// `new` (the old entry's text read another way) in the old one's place:
/// its name, and the speaker edits that still find their speakers; with a
/// sentence naming the ones that did not.
pub fn reread(old: &Entry, mut new: Entry) -> (Entry, Option<String>) {
    new.name = old.name.clone();
    let (edits, dropped) = old.edits.carried(&old.original, &new.original);
    if !edits.is_empty() {
        new.set_edits(edits);
    }
    let notice = (!dropped.is_empty()).then(|| {
        format!(
            "Read again: the renames and merges of {} were dropped (no such speaker in this reading).",
            dropped.join(", ")
        )
    });
    (new, notice)
}

/// What the reader shows: one transcript, or turns from all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Open {
    One(String),
    All,
}

impl Open {
    /// The transcript id a view state names.
    pub fn of(view: &ViewState) -> Open {
        if view.transcript == ALL {
            Open::All
        } else {
            Open::One(view.transcript.clone())
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Open::One(id) => id,
            Open::All => ALL,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub entries: Vec<Entry>,
    /// What is shown, as the URL fragment carries it.
    pub view: ViewState,
    /// Show repeated passages instead of collapsing them.
    pub show_repeats: bool,
    /// A sentence for the user about the last thing that went wrong.
    pub error: Option<String>,
    /// The library or the link the page opened with is still being read
    /// (by the worker): the URL is left as it is until it is.
    pub loading: bool,
}

pub enum Action {
    /// Open one transcript by id, or all of them; filters start afresh.
    Open(Open),
    /// Show the view a link describes (a link, a reload, the back button):
    /// its speaker edits applied to the transcript it names (in memory
    /// only), and the transcript it carried, if any, added as pending.
    ShowLink {
        view: ViewState,
        edits: SpeakerEdits,
        carried: Option<Entry>,
    },
    /// A transcript that came with a link is now in the library; `notice`
    /// says why it could not be stored, if it could not.
    Kept {
        id: String,
        notice: Option<String>,
    },
    /// Close a transcript that came with a link without keeping it.
    Discard {
        id: String,
    },
    SetQuery(String),
    /// Show or hide a speaker's turns, by the name shown.
    ToggleSpeaker(String),
    /// Show only these speakers' turns (by the names shown); empty: everyone.
    SetSpeakers(Vec<String>),
    ToggleTopic(String),
    SetContext(bool),
    SetShowRepeats(bool),
    SelectTurn(Option<usize>),
    /// Replace a transcript's speaker edits.
    EditSpeakers {
        id: String,
        edits: SpeakerEdits,
    },
    /// Add a parsed transcript to the library and open it; `notice` says why
    /// it could not be stored, if it could not.
    Added {
        entry: Entry,
        notice: Option<String>,
    },
    /// An entry read again another way ("Read as…"): it takes the old
    /// one's place; `notice` says which speaker edits did not carry over.
    Reread {
        entry: Entry,
        notice: Option<String>,
    },
    /// Something the user asked for failed; say so and change nothing else.
    Failed(String),
    Rename {
        id: String,
        name: String,
    },
    Remove {
        id: String,
    },
    DismissError,
    /// A library file was imported: `added` join the library (what is open
    /// stays open) and `restored` bundled transcripts take the file's name
    /// and speaker edits; `error` says what could not be read or stored.
    Imported {
        added: Vec<Entry>,
        restored: Vec<StoredEntry>,
        error: Option<String>,
    },
    /// Another tab changed the library; `entry` is the stored one read
    /// again, where it is new here or has another source.
    Elsewhere(LibraryChange, Option<Result<Entry, String>>),
    /// The worker's topics and repeated passages for `transcript`, which a
    /// speaker edit made (taken only if it is still what entry `id` shows).
    Analysed {
        id: String,
        transcript: Rc<Transcript>,
        topics: Rc<Topics>,
        duplicates: Rc<Duplicates>,
    },
    /// The stored library, read again at start: joins after the bundled
    /// transcripts; `error` says what could not be read.
    Restored {
        entries: Vec<Entry>,
        error: Option<String>,
    },
    /// What the page opened with is all there.
    Loaded,
}

/// A change another tab made to the library (from a `storage` event).
#[derive(Debug, Clone, PartialEq)]
pub enum LibraryChange {
    /// A transcript stored there: added, kept, renamed or with new speaker edits.
    Stored(StoredEntry),
    /// A transcript removed there.
    Removed(String),
}

impl AppState {
    /// The library as its file holds it: every transcript the reader added
    /// or kept, in order, and the bundled ones they changed.
    pub fn library(&self) -> Vec<StoredEntry> {
        self.entries
            .iter()
            .filter(|e| !e.pending && (!e.bundled || e.changed_bundled()))
            .map(Entry::stored)
            .collect()
    }

    /// Whether taking `stored` (see [`AppState::follow`]) needs it read
    /// again: it is not here, or has another source.
    pub fn needs_reading(&self, stored: &StoredEntry) -> bool {
        !is_bundled(&stored.id)
            && !self
                .entries
                .iter()
                .any(|e| e.id == stored.id && e.same_source(stored))
    }

    /// Takes a transcript as stored elsewhere (another tab, a library file):
    /// the same transcript gets its name and speaker edits, another one
    /// under the same id is replaced, a new one is added (not opened).
    /// `read` is `stored` read again, where [`AppState::needs_reading`].
    pub fn follow(
        &mut self,
        stored: StoredEntry,
        read: Option<Result<Entry, String>>,
    ) -> Result<(), String> {
        let mut read = read;
        let mut entry = move || {
            read.take()
                .unwrap_or_else(|| Err("it was not read again".to_string()))
        };
        match self.entries.iter().position(|e| e.id == stored.id) {
            Some(i) if self.entries.get(i).is_some_and(|e| e.same_source(&stored)) => {
                if let Some(entry) = self.entries.get_mut(i) {
                    entry.pending = false;
                    if !stored.name.trim().is_empty() {
                        entry.name = stored.name;
                    }
                }
                if self.entries.get(i).is_some_and(|e| e.edits != stored.edits) {
                    self.edit_speakers(&stored.id, stored.edits);
                }
            }
            Some(i) => {
                let entry = entry()?;
                if let Some(slot) = self.entries.get_mut(i) {
                    *slot = entry;
                }
            }
            None if is_bundled(&stored.id) => {}
            None => self.entries.push(entry()?),
        }
        Ok(())
    }

    /// Replaces a transcript's speaker edits, keeping only the speaker
    /// filters whose names still exist.
    fn edit_speakers(&mut self, id: &str, edits: SpeakerEdits) {
        let Some(entry) = self.entries.iter_mut().find(|e| e.id == id) else {
            return;
        };
        entry.set_edits(edits);
        let names: Vec<&str> = entry
            .transcript
            .speakers
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        self.view.speakers.retain(|s| names.contains(&s.as_str()));
    }

    /// Takes a transcript out of the library, opening the default one if it
    /// was open. Bundled transcripts always stay.
    fn remove(&mut self, id: &str) {
        if self.entries.iter().any(|e| e.id == id && !e.bundled) {
            self.entries.retain(|e| e.id != id);
            if self.view.transcript == id {
                self.view = ViewState {
                    transcript: self.default_id(),
                    ..ViewState::default()
                };
            }
        }
    }

    /// The bundled transcripts, then the stored ones; the first bundled one open.
    pub fn new(stored: Vec<Entry>, error: Option<String>) -> Self {
        let bundled = BUNDLED.iter().filter_map(|b| {
            // Analysed at build time (build.rs); a buffer that does not read
            // is a bug the tests catch, and the app opens on the others.
            let mut d = transfer::Decoder::new(b.analysed).ok()?;
            let transcript = d.transcript().ok()?;
            let topics = d.topics().ok()?;
            let duplicates = d.duplicates().ok()?;
            let index = SearchIndex::new(&transcript);
            let mut entry = Entry::assemble(
                b.id.to_string(),
                None,
                "",
                transcript,
                b.file,
                (Rc::new(index), Rc::new(topics), Rc::new(duplicates)),
            );
            entry.bundled = true;
            Some(entry)
        });
        let entries: Vec<Entry> = bundled.chain(stored).collect();
        let mut state = AppState {
            entries,
            view: ViewState::default(),
            show_repeats: false,
            error,
            loading: false,
        };
        state.view.transcript = state.default_id();
        state
    }

    fn default_id(&self) -> String {
        self.entries
            .first()
            .map_or(ALL.to_string(), |e| e.id.clone())
    }

    /// What is open.
    pub fn open(&self) -> Open {
        Open::of(&self.view)
    }

    /// The open transcript, when one (not "All transcripts") is open.
    pub fn current(&self) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == self.view.transcript)
    }

    /// A default name for the next pasted transcript.
    pub fn next_paste_name(&self) -> String {
        let pasted = self.entries.iter().filter(|e| !e.bundled).count() + 1;
        format!("Pasted transcript {pasted}")
    }
}

/// What a link (a URL fragment) asks for.
pub enum LinkPlan {
    /// Dispatch this.
    Ready(Action),
    /// The transcript it carries must be unpacked first (by the worker,
    /// [`crate::jobs::open_link`]), then shown as [`LinkPlan::show`] says.
    Carried {
        payload: String,
        view: ViewState,
        edits: SpeakerEdits,
    },
}

impl LinkPlan {
    /// The action for a carried transcript, once unpacked.
    pub fn show(view: ViewState, edits: SpeakerEdits, carried: Entry) -> Action {
        Action::ShowLink {
            view,
            edits,
            carried: Some(carried),
        }
    }
}

// The sentence for a link that cannot be opened (the worker says it too).
pub use crate::worker::protocol::unreadable_link;

/// What to do for a link (a URL fragment): the transcript it carries is
/// unpacked unless the library already holds it. A link that cannot be
/// read gives a sentence for the reader instead.
pub fn link_action(state: &AppState, fragment: &str) -> Result<LinkPlan, String> {
    let parts = LinkParts::read(fragment).map_err(|e: LinkError| unreadable_link(e))?;
    match parts.payload {
        Some(payload) if !state.entries.iter().any(|e| e.id == payload_id(payload)) => {
            Ok(LinkPlan::Carried {
                payload: payload.to_string(),
                view: parts.view,
                edits: parts.edits,
            })
        }
        _ => Ok(LinkPlan::Ready(Action::ShowLink {
            view: parts.view,
            edits: parts.edits,
            carried: None,
        })),
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new(Vec::new(), None)
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Open(open) => {
                if open == Open::All || next.entries.iter().any(|e| e.id == open.id()) {
                    next.view = ViewState {
                        transcript: open.id().to_string(),
                        query: next.view.query.clone(),
                        ..ViewState::default()
                    };
                    next.error = None;
                }
            }
            Action::ShowLink {
                mut view,
                edits,
                carried,
            } => {
                if let Some(entry) = carried {
                    view.transcript = entry.id.clone();
                    if !next.entries.iter().any(|e| e.id == entry.id) {
                        next.entries.push(entry);
                    }
                }
                if view.transcript.is_empty() {
                    view.transcript = next.default_id();
                }
                match next.entries.iter_mut().find(|e| e.id == view.transcript) {
                    // The sender's names and merges, so `sp=` finds the
                    // speakers it names; a link without edits leaves the
                    // reader's own.
                    Some(entry) => {
                        if !edits.is_empty() && entry.edits != edits {
                            entry.set_edits(edits);
                        }
                    }
                    None if view.transcript == ALL => {}
                    None => {
                        next.error = Some(
                            "The link names a transcript that is not in this library: showing the first one instead."
                                .to_string(),
                        );
                        view.transcript = next.default_id();
                    }
                }
                next.view = view;
            }
            Action::Kept { id, notice } => {
                if let Some(entry) = next.entries.iter_mut().find(|e| e.id == id) {
                    entry.pending = false;
                }
                next.error = notice;
            }
            Action::Discard { id } => {
                if next.entries.iter().any(|e| e.id == id && e.pending) {
                    next.entries.retain(|e| e.id != id);
                    if next.view.transcript == id {
                        next.view = ViewState {
                            transcript: next.default_id(),
                            ..ViewState::default()
                        };
                    }
                }
            }
            Action::SetQuery(query) => {
                next.view.query = query;
                next.view.turn = None;
            }
            Action::ToggleSpeaker(name) => {
                let speakers = &mut next.view.speakers;
                match speakers.iter().position(|s| *s == name) {
                    Some(i) => {
                        speakers.remove(i);
                    }
                    None => speakers.push(name),
                }
            }
            Action::SetSpeakers(names) => next.view.speakers = names,
            Action::ToggleTopic(label) => {
                let topics = &mut next.view.topics;
                match topics.iter().position(|t| *t == label) {
                    Some(i) => {
                        topics.remove(i);
                    }
                    None => topics.push(label),
                }
            }
            Action::SetContext(on) => next.view.context = on,
            Action::SetShowRepeats(on) => next.show_repeats = on,
            Action::SelectTurn(turn) => next.view.turn = turn,
            Action::EditSpeakers { id, edits } => next.edit_speakers(&id, edits),
            Action::Added { entry, notice } => {
                next.view = ViewState {
                    transcript: entry.id.clone(),
                    ..ViewState::default()
                };
                next.entries.retain(|e| e.id != entry.id);
                next.entries.push(entry);
                next.error = notice;
            }
            Action::Reread { entry, notice } => {
                if let Some(slot) = next.entries.iter_mut().find(|e| e.id == entry.id) {
                    // Speakers and turns may differ: their filters go.
                    if next.view.transcript == entry.id {
                        next.view.speakers.clear();
                        next.view.turn = None;
                    }
                    *slot = entry;
                    next.error = notice;
                }
            }
            Action::Failed(message) => next.error = Some(message),
            Action::Rename { id, name } => {
                let name = name.trim();
                if let Some(entry) = next.entries.iter_mut().find(|e| e.id == id) {
                    if !name.is_empty() {
                        entry.name = name.to_string();
                    }
                }
            }
            Action::Remove { id } => next.remove(&id),
            Action::DismissError => next.error = None,
            Action::Imported {
                added,
                restored,
                error,
            } => {
                for entry in added {
                    next.entries.retain(|e| e.id != entry.id);
                    next.entries.push(entry);
                }
                for stored in restored {
                    // Bundled transcripts only take a name and edits: cannot fail.
                    let _ = next.follow(stored, None);
                }
                next.error = error;
            }
            Action::Elsewhere(LibraryChange::Stored(stored), read) => {
                let name = stored.name.clone();
                if let Err(e) = next.follow(stored, read) {
                    next.error = Some(format!(
                        "“{name}” was added in another tab but could not be read here: {e}"
                    ));
                }
            }
            Action::Analysed {
                id,
                transcript,
                topics,
                duplicates,
            } => {
                if let Some(entry) = next
                    .entries
                    .iter_mut()
                    .find(|e| e.id == id && Rc::ptr_eq(&e.transcript, &transcript))
                {
                    entry.topics = topics;
                    entry.duplicates = duplicates;
                    entry.stale = false;
                }
            }
            Action::Restored { entries, error } => {
                for entry in entries {
                    if !next.entries.iter().any(|e| e.id == entry.id) {
                        next.entries.push(entry);
                    }
                }
                if error.is_some() {
                    next.error = error;
                }
            }
            Action::Loaded => next.loading = false,
            Action::Elsewhere(LibraryChange::Removed(id), _) => {
                // Not one that only came with a link here: that is not in the library.
                if next.entries.iter().any(|e| e.id == id && !e.pending) {
                    next.remove(&id);
                }
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn added(state: Rc<AppState>, entry: Entry) -> Rc<AppState> {
        state.reduce(Action::Added {
            entry,
            notice: None,
        })
    }

    #[test]
    fn opens_on_every_bundled_transcript_with_the_first_open() {
        let state = AppState::default();
        assert_eq!(state.entries.len(), BUNDLED.len());
        assert_eq!(state.open(), Open::One("devday-2024".into()));
        assert!(state
            .entries
            .iter()
            .all(|e| e.bundled && !e.transcript.turns.is_empty()));
        let devday = &state.current().unwrap().transcript;
        let first = &devday.turns[0];
        assert_eq!(devday.speaker_name(first), Some("Unknown"));
        assert!(first
            .text
            .starts_with("Hello everyone. Welcome to OpenAI Dev Day."));
        // Titled transcripts are listed by title, the others by file name.
        let names: Vec<&str> = state.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names[0], "devday-2024-altman-interview.txt");
        assert_eq!(names[1], "Sam Altman interview");
    }

    #[test]
    fn adding_opens_the_transcript_and_failures_change_nothing_else() {
        let state = Rc::new(AppState::default());
        let name = state.next_paste_name();
        assert_eq!(name, "Pasted transcript 1");
        let entry =
            Entry::parse("u1".into(), None, "Ana: Hi.\nBen: Hello.\nAna: Bye.", &name).unwrap();
        let state = added(state, entry);
        assert_eq!(state.open(), Open::One("u1".into()));
        let entry = state.current().unwrap();
        assert_eq!(entry.name, "Pasted transcript 1");
        assert_eq!(entry.transcript.turns.len(), 3);
        assert_eq!(&*entry.text, "Ana: Hi.\nBen: Hello.\nAna: Bye.");

        let err = Entry::parse("u2".into(), None, "   ", "x").unwrap_err();
        assert!(err.contains("empty"), "{err}");
        let state = state.reduce(Action::Failed(err));
        assert_eq!(state.entries.len(), 5, "nothing is added or lost");
        assert!(state.error.is_some());
        assert_eq!(state.open(), Open::One("u1".into()));
    }

    #[test]
    fn files_are_named_by_file_name_and_binary_files_are_refused() {
        let entry = Entry::parse_file(
            "u1".into(),
            "call.vtt".into(),
            b"WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>Hi.\n",
        )
        .unwrap();
        assert_eq!(entry.name, "call.vtt");
        assert_eq!(entry.transcript.turns[0].start, Some(1.0));
        let err = Entry::parse_file("u2".into(), "photo.png".into(), b"\x89PNG\r\n\x1a\n\0\0")
            .unwrap_err();
        assert!(
            err.starts_with("photo.png: This looks like a binary file"),
            "{err}"
        );
    }

    #[test]
    fn rename_and_remove_keep_bundled_transcripts_and_move_the_selection() {
        let state = Rc::new(AppState::default());
        let entry = Entry::parse("u1".into(), None, "Ana: Hi.\nBen: Hello.", "Pasted").unwrap();
        let state = added(state, entry);
        let state = state.reduce(Action::Rename {
            id: "u1".into(),
            name: "  Team call  ".into(),
        });
        assert_eq!(state.current().unwrap().name, "Team call");
        let state = state.reduce(Action::Rename {
            id: "u1".into(),
            name: " ".into(),
        });
        assert_eq!(
            state.current().unwrap().name,
            "Team call",
            "a blank name is ignored"
        );

        let state = state.reduce(Action::Remove {
            id: "devday-2024".into(),
        });
        assert_eq!(state.entries.len(), 5, "bundled transcripts stay");
        let state = state.reduce(Action::Remove { id: "u1".into() });
        assert_eq!(state.entries.len(), 4);
        assert_eq!(state.open(), Open::One("devday-2024".into()));

        let state = state.reduce(Action::Open(Open::All));
        assert_eq!(state.current(), None);
        let state = state.reduce(Action::Open(Open::One("nope".into())));
        assert_eq!(state.open(), Open::All);
    }

    #[test]
    fn stored_entries_follow_the_bundled_ones() {
        let stored =
            Entry::parse("u9".into(), Some("Kept".into()), "Ana: Hi.\nBen: Yo.", "x").unwrap();
        let state = AppState::new(vec![stored], Some("note".into()));
        assert_eq!(state.entries.len(), 5);
        assert_eq!(state.entries[4].name, "Kept");
        assert!(!state.entries[4].bundled);
        assert_eq!(state.error.as_deref(), Some("note"));
    }

    #[test]
    fn filters_toggle_and_opening_another_transcript_keeps_only_the_search() {
        let state = Rc::new(AppState::default());
        let state = state.reduce(Action::ToggleSpeaker("Sam Altman".into()));
        let state = state.reduce(Action::SetQuery("open source".into()));
        let state = state.reduce(Action::ToggleTopic("agents".into()));
        let state = state.reduce(Action::SelectTurn(Some(3)));
        assert_eq!(state.view.speakers, ["Sam Altman"]);
        assert_eq!(state.view.turn, Some(3));
        let state = state.reduce(Action::ToggleSpeaker("Sam Altman".into()));
        assert!(state.view.speakers.is_empty());
        let state = state.reduce(Action::ToggleTopic("agents".into()));
        assert!(state.view.topics.is_empty());

        let state = state.reduce(Action::ToggleSpeaker("Unknown".into()));
        let state = state.reduce(Action::Open(Open::One("ascent-2025".into())));
        assert_eq!(state.view.transcript, "ascent-2025");
        assert_eq!(state.view.query, "open source");
        assert!(state.view.speakers.is_empty() && state.view.turn.is_none());
    }

    /// What the app dispatches for a link: a carried transcript unpacked
    /// as the worker would.
    fn show_link(state: &AppState, fragment: &str) -> Action {
        match link_action(state, fragment).unwrap() {
            LinkPlan::Ready(action) => action,
            LinkPlan::Carried {
                payload,
                view,
                edits,
            } => LinkPlan::show(view, edits, Entry::parse_link(&payload).unwrap()),
        }
    }

    /// What the app dispatches for a change in another tab: a stored entry
    /// read again as the worker would.
    fn elsewhere(change: LibraryChange) -> Action {
        match change {
            LibraryChange::Stored(stored) if !is_bundled(&stored.id) => {
                let read = Entry::restore(&stored);
                Action::Elsewhere(LibraryChange::Stored(stored), Some(read))
            }
            change => Action::Elsewhere(change, None),
        }
    }

    #[test]
    fn a_view_from_a_link_is_shown_and_an_unknown_transcript_falls_back() {
        let state = Rc::new(AppState::default());
        let action = show_link(
            &state,
            "#v1&t=dealbook-2024&sp=Sam%20Altman&q=compute&turn=3",
        );
        let state = state.reduce(action);
        assert_eq!(state.current().unwrap().id, "dealbook-2024");
        assert_eq!(state.view.speakers, ["Sam Altman"]);
        assert_eq!(state.error, None);

        let action = show_link(&state, "#v1&t=gone&q=x");
        let state = state.reduce(action);
        assert_eq!(state.current().unwrap().id, "devday-2024");
        assert!(state
            .error
            .as_deref()
            .unwrap()
            .contains("not in this library"));
    }

    #[test]
    fn a_carried_transcript_is_pending_until_kept_and_its_edits_apply() {
        use transcript_core::share::Link;
        let text = "Ana: Hello there.\nBen: Hi Ana.\nAna: Shall we start?\n";
        let mut edits = SpeakerEdits::default();
        edits.rename(1, "Benjamin");
        let fragment = Link {
            view: ViewState {
                speakers: vec!["Benjamin".into()],
                turn: Some(1),
                ..ViewState::default()
            },
            edits: edits.clone(),
            transcript: Some(transcript_core::parse(text).unwrap()),
        }
        .to_fragment();
        let state = Rc::new(AppState::default());
        let action = show_link(&state, &fragment);
        let state = state.reduce(action);
        let entry = state.current().unwrap().clone();
        assert!(entry.pending && !entry.bundled);
        assert!(entry.id.starts_with("link-"));
        assert_eq!(entry.edits, edits);
        assert_eq!(entry.transcript.speakers[1].name, "Benjamin");
        assert_eq!(state.view.speakers, ["Benjamin"]);
        assert_eq!(state.view.turn, Some(1));
        assert_eq!(state.entries.len(), 5);

        // The same link again (a reload, the back button) is the same entry.
        let again = show_link(&state, &fragment);
        assert!(matches!(&again, Action::ShowLink { carried: None, .. }));
        let state = state.reduce(again);
        assert_eq!(state.entries.len(), 5);

        let id = entry.id.clone();
        let kept = state.clone().reduce(Action::Kept {
            id: id.clone(),
            notice: None,
        });
        assert!(!kept.current().unwrap().pending);
        let discarded = state.reduce(Action::Discard { id });
        assert_eq!(discarded.entries.len(), 4);
        assert_eq!(discarded.view.transcript, "devday-2024");
        // A kept one is not discarded by mistake.
        let id = kept.current().unwrap().id.clone();
        assert_eq!(kept.reduce(Action::Discard { id }).entries.len(), 5);
    }

    #[test]
    fn a_link_with_edits_renames_a_bundled_transcript_in_memory() {
        let state = Rc::new(AppState::default());
        let action = show_link(&state, "v1&t=devday-2024&sp=Harry&rn=0.Harry");
        let state = state.reduce(action);
        let entry = state.current().unwrap();
        assert_eq!(entry.transcript.speakers[0].name, "Harry");
        assert_eq!(state.view.speakers, ["Harry"]);
        // Without edits, a link leaves the reader's own names.
        let state = state.reduce(show_link(&AppState::default(), "v1&t=devday-2024"));
        assert_eq!(
            state.current().unwrap().transcript.speakers[0].name,
            "Harry"
        );
    }

    #[test]
    fn speaker_edits_rename_and_merge_and_drop_stale_filters() {
        let state = Rc::new(AppState::default());
        let state = state.reduce(Action::ToggleSpeaker("Unknown".into()));
        let mut edits = SpeakerEdits::default();
        edits.rename(0, "Harry Stebbings");
        let state = state.reduce(Action::EditSpeakers {
            id: "devday-2024".into(),
            edits: edits.clone(),
        });
        let t = &state.current().unwrap().transcript;
        assert_eq!(t.speaker_name(&t.turns[0]), Some("Harry Stebbings"));
        assert!(
            state.view.speakers.is_empty(),
            "the old name no longer exists"
        );
        // The index follows the edit: the search sees the same turns.
        assert_eq!(state.current().unwrap().index.len(), t.turns.len());

        edits.merge(0, 1);
        let state = state.reduce(Action::EditSpeakers {
            id: "devday-2024".into(),
            edits,
        });
        let t = &state.current().unwrap().transcript;
        assert_eq!(t.speakers.len(), 1);
        assert_eq!(t.turns.len(), 1, "one speaker throughout is one turn");
        assert_eq!(
            state.current().unwrap().original.turns.len(),
            44,
            "the parse is kept"
        );
    }

    #[test]
    fn after_a_speaker_edit_topics_wait_for_the_worker_and_only_fresh_ones_are_taken() {
        let state = Rc::new(AppState::default());
        let before = state.current().unwrap().clone();
        assert!(!before.stale && !before.topics.tags.is_empty());
        let mut edits = SpeakerEdits::default();
        edits.merge(0, 1);
        let state = state.reduce(Action::EditSpeakers {
            id: "devday-2024".into(),
            edits: edits.clone(),
        });
        let edited = state.current().unwrap().clone();
        // Turns were joined: the old tags would point at the wrong turns.
        assert!(edited.stale);
        assert!(edited.topics.tags.is_empty() && edited.duplicates.groups.is_empty());
        // The worker's answer for an earlier version is not taken...
        let (topics, duplicates) = (
            Rc::new(Topics::extract(&edited.transcript)),
            Rc::new(transcript_core::dedup::find(&edited.transcript)),
        );
        let state = state.reduce(Action::Analysed {
            id: "devday-2024".into(),
            transcript: before.transcript.clone(),
            topics: topics.clone(),
            duplicates: duplicates.clone(),
        });
        assert!(state.current().unwrap().stale);
        // ...the one for what is shown is.
        let state = state.reduce(Action::Analysed {
            id: "devday-2024".into(),
            transcript: edited.transcript.clone(),
            topics: topics.clone(),
            duplicates,
        });
        let entry = state.current().unwrap();
        assert!(!entry.stale);
        assert_eq!(entry.topics, topics);
        assert!(!entry.topics.tags.is_empty());
        assert!(entry
            .topics
            .tags
            .iter()
            .all(|t| t.turns.iter().all(|&i| i < entry.transcript.turns.len())));
    }

    #[test]
    fn entries_carry_their_topics_and_repeated_passages() {
        let state = AppState::default();
        let dealbook = state
            .entries
            .iter()
            .find(|e| e.id == "dealbook-2024")
            .unwrap();
        assert!(dealbook.duplicates.hidden_count() >= 18);
        assert!(dealbook.topic_labels().iter().any(|l| l == "Microsoft"));
        let devday = state.current().unwrap();
        assert_eq!(devday.duplicates.hidden_count(), 0);
    }

    fn stored(id: &str, name: &str, text: &str) -> StoredEntry {
        StoredEntry {
            id: id.into(),
            name: name.into(),
            text: text.into(),
            edits: SpeakerEdits::default(),
            link: None,
            read_as: None,
        }
    }

    #[test]
    fn the_library_holds_added_entries_and_changed_bundled_ones_not_pending_ones() {
        let state = Rc::new(AppState::new(Vec::new(), None));
        assert_eq!(state.library(), Vec::<StoredEntry>::new());
        let state = added(
            state,
            Entry::parse("u1".into(), None, "Ana: Hi.\nBen: Hello.", "Pasted").unwrap(),
        );
        let bundled = BUNDLED[1].id.to_string();
        let mut edits = SpeakerEdits::default();
        edits.rename(0, "Host");
        let state = state.reduce(Action::EditSpeakers {
            id: bundled.clone(),
            edits: edits.clone(),
        });
        let link = encode_link_payload("Cy: From a link.");
        let action = show_link(&state, &format!("v1&d={link}"));
        let state = state.reduce(action);
        assert!(state.current().is_some_and(|e| e.pending));
        let library = state.library();
        let ids: Vec<&str> = library.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, [bundled.as_str(), "u1"]);
        assert_eq!(
            library[0].text, "",
            "a bundled transcript's text is not kept"
        );
        assert_eq!(library[0].edits, edits);
        assert_eq!(library[1].text, "Ana: Hi.\nBen: Hello.");
    }

    fn encode_link_payload(text: &str) -> String {
        transcript_core::share::encode_transcript(&transcript_core::parse(text).unwrap())
    }

    #[test]
    fn changes_made_in_another_tab_are_followed() {
        let state = Rc::new(AppState::new(Vec::new(), None));
        let open = state.view.transcript.clone();
        // Added there: listed here, not opened.
        let theirs = stored("u9", "Their notes", "Ana: Hi.\nBen: Hello.");
        let state = state.reduce(elsewhere(LibraryChange::Stored(theirs.clone())));
        assert_eq!(
            state.entries.last().map(|e| e.name.as_str()),
            Some("Their notes")
        );
        assert_eq!(state.view.transcript, open);

        // Renamed with speaker edits there: same entry, new name and names.
        let state = state.reduce(Action::Open(Open::One("u9".into())));
        let state = state.reduce(Action::SetSpeakers(vec!["Ana".into(), "Ben".into()]));
        let mut edits = SpeakerEdits::default();
        edits.rename(1, "Ben Okafor");
        let renamed = StoredEntry {
            name: "Notes".into(),
            edits: edits.clone(),
            ..theirs.clone()
        };
        let state = state.reduce(elsewhere(LibraryChange::Stored(renamed)));
        let entry = state.current().unwrap();
        assert_eq!(entry.name, "Notes");
        assert_eq!(entry.edits, edits);
        assert_eq!(entry.transcript.speakers[1].name, "Ben Okafor");
        assert_eq!(
            state.view.speakers,
            ["Ana"],
            "a filter on a renamed speaker is dropped"
        );

        // A bundled transcript's edits made there.
        let bundled = BUNDLED[0].id;
        let state = state.reduce(elsewhere(LibraryChange::Stored(StoredEntry {
            edits: edits.clone(),
            ..stored(bundled, "Dev Day", "")
        })));
        let entry = state.entries.iter().find(|e| e.id == bundled).unwrap();
        assert_eq!((entry.name.as_str(), &entry.edits), ("Dev Day", &edits));
        assert!(entry.bundled);

        // Removed there: gone here, and the default transcript opens.
        let state = state.reduce(elsewhere(LibraryChange::Removed("u9".into())));
        assert!(state.entries.iter().all(|e| e.id != "u9"));
        assert_eq!(state.view.transcript, open);
        // A bundled one is never removed.
        let state = state.reduce(elsewhere(LibraryChange::Removed(bundled.into())));
        assert!(state.entries.iter().any(|e| e.id == bundled));

        // Something stored there that cannot be read here says so.
        let state = state.reduce(elsewhere(LibraryChange::Stored(stored(
            "u8", "Empty", "  ",
        ))));
        assert!(state
            .error
            .as_deref()
            .is_some_and(|e| e.contains("“Empty” was added in another tab")));
        assert!(state.entries.iter().all(|e| e.id != "u8"));
    }

    #[test]
    fn an_imported_library_joins_without_changing_what_is_open() {
        let state = Rc::new(AppState::new(Vec::new(), None));
        let open = state.view.transcript.clone();
        let entry = Entry::restore(&stored("u5", "Imported", "Ana: One.\nBen: Two.")).unwrap();
        let mut edits = SpeakerEdits::default();
        edits.merge(1, 0);
        let restored = StoredEntry {
            edits: edits.clone(),
            ..stored(BUNDLED[2].id, "Renamed bundled", "")
        };
        let state = state.reduce(Action::Imported {
            added: vec![entry],
            restored: vec![restored],
            error: None,
        });
        assert_eq!(state.view.transcript, open);
        assert!(state
            .entries
            .iter()
            .any(|e| e.id == "u5" && e.name == "Imported"));
        let bundled = state
            .entries
            .iter()
            .find(|e| e.id == BUNDLED[2].id)
            .unwrap();
        assert_eq!(
            (bundled.name.as_str(), &bundled.edits),
            ("Renamed bundled", &edits)
        );
        let ids: Vec<String> = state.library().into_iter().map(|e| e.id).collect();
        assert_eq!(ids, [BUNDLED[2].id.to_string(), "u5".to_string()]);
    }
}
