//! The app's state and its one reducer: the library of loaded transcripts,
//! the view (which transcript, speakers, topics, search, selected turn, as
//! the URL fragment carries it) and the work in progress (imports, the
//! library being read again, a link's transcript being unpacked, a share
//! payload being made, repeats across transcripts, a link waiting to be
//! copied). Pure data, tested on the host: the hooks ([`crate::hooks`])
//! carry out the work the state asks for and dispatch its outcome here,
//! and one persistence effect writes what [`AppState::writes`] says.
//! Nothing here parses or analyses a transcript: the page's wasm does not
//! carry the parsers (the tests use them to make entries).

mod entry;
mod link;
mod persist;
#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::rc::Rc;

use transcript_core::dedup::Duplicates;
use transcript_core::library::StoredEntry;
use transcript_core::search::SearchIndex;
use transcript_core::topics::Topics;
use transcript_core::transfer;
use transcript_core::view::{step_match, SpeakerEdits, ViewState};
use transcript_core::Transcript;
use yew::Reducible;

pub use entry::{Analyses, Analysis, Entry, Origin, Record};
pub use link::{copyable, unreadable_link, LinkJob, LinkOut};
pub use persist::Write;

use crate::bundled::BUNDLED;
use crate::by_ptr::ByPtr;

/// The `t=` value of the "All transcripts" view.
pub const ALL: &str = "all";

/// Whether `id` names a transcript shipped with the app.
pub fn is_bundled(id: &str) -> bool {
    BUNDLED.iter().any(|b| b.id == id)
}

// How the worker read a text: the worker's type, shared with it.
pub use crate::worker::{ReadingInfo, ShapeChoice};

/// Where an import is, for the progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub name: String,
    /// 1-based step number, out of [`STEPS`].
    pub step: usize,
    pub label: &'static str,
}

pub const STEPS: usize = 4;

/// A file's name names its entry; a paste has none (its title or the
/// fallback does).
pub fn source_name(name: &str) -> Option<String> {
    (!name.is_empty()).then(|| name.to_string())
}

/// What the progress line and messages call an import: the file's name, or
/// the name a paste will get.
pub fn shown_name(name: &str, fallback: &str) -> String {
    source_name(name).unwrap_or_else(|| fallback.to_string())
}

/// What a reader adds: pasted text or a file's bytes.
#[derive(Debug)]
pub enum Source {
    Paste(String),
    File(Vec<u8>),
}

/// A value handed once from the state to the effect that consumes it (a
/// pasted text or a file's bytes, which can be 100 MB: never copied).
/// Compared by identity.
#[derive(Debug)]
pub struct Parcel<T>(Rc<RefCell<Option<T>>>);

impl<T> Parcel<T> {
    pub fn new(value: T) -> Self {
        Parcel(Rc::new(RefCell::new(Some(value))))
    }

    /// The value, the first time it is asked for.
    pub fn take(&self) -> Option<T> {
        self.0.borrow_mut().take()
    }
}

impl<T> Clone for Parcel<T> {
    fn clone(&self) -> Self {
        Parcel(self.0.clone())
    }
}

impl<T> PartialEq for Parcel<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A paste, a file, or an entry's text to be read (again) by the worker.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportJob {
    /// Tells this job's answers from a cancelled one's.
    pub serial: u32,
    /// The file's name; empty for a paste.
    pub name: String,
    /// The name a paste gets if it has no title.
    pub fallback: String,
    pub source: Parcel<Source>,
    /// A "Read as…" key; `None` is Auto.
    pub read_as: Option<String>,
    /// The entry read again, for "Read as…".
    pub reread: Option<String>,
    /// Where it is, once the worker has started on it.
    pub progress: Option<Progress>,
}

impl ImportJob {
    /// What messages call it: the file's name, or the name a paste gets.
    pub fn shown(&self) -> String {
        shown_name(&self.name, &self.fallback)
    }
}

/// Passages repeated across the transcripts in `of` ("All transcripts").
#[derive(Debug, Clone, PartialEq)]
pub struct Across {
    pub of: Vec<ByPtr<Transcript>>,
    pub duplicates: ByPtr<Duplicates>,
}

/// A share-link payload: being made for `of` (`made` is `None`), or made.
#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    pub of: ByPtr<Transcript>,
    pub made: Option<Result<Rc<str>, String>>,
}

/// The stored library as the page opens: being read from the browser's
/// storage (`stored` is `None`), then its transcripts read again by the
/// worker; and the URL's fragment to follow once they are (it names one
/// of them, or carries a transcript that may be one).
#[derive(Debug, Clone, PartialEq)]
pub struct Restoring {
    pub stored: Option<Rc<Vec<StoredEntry>>>,
    pub then: Option<String>,
}

/// What the library takes of the browser's storage, as the browser says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Usage {
    /// Bytes this page's origin uses.
    pub used: f64,
    /// Bytes it may use.
    pub quota: f64,
    /// The browser keeps it even when disk space runs low.
    pub persistent: bool,
}

impl Usage {
    /// The library panel's line: "Kept in this browser: 184 MB of 2.1 GB,
    /// persistent".
    pub fn line(&self) -> String {
        // Whole numbers only: formatting a float would bring Rust's float
        // printing (some 15 KB of wasm) to the page.
        let size = |bytes: f64| {
            let (unit, name) = match bytes {
                b if b >= 1e9 => (1e9, "GB"),
                b if b >= 1e6 => (1e6, "MB"),
                _ => (1e3, "KB"),
            };
            let tenths = (bytes.max(0.0) * 10.0 / unit).round() as u64;
            if tenths < 100 {
                format!("{}.{} {name}", tenths / 10, tenths % 10)
            } else {
                format!("{} {name}", (tenths + 5) / 10)
            }
        };
        let how = if self.persistent {
            "persistent"
        } else {
            "the browser may clear it when disk space runs low"
        };
        format!(
            "Kept in this browser: {} of {}, {how}.",
            size(self.used),
            size(self.quota)
        )
    }
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
    /// A sentence for the reader about the last thing that went wrong.
    pub error: Option<String>,
    /// A sentence for the live status line (a copied link, an import).
    pub notice: String,
    /// The current search match (for next/previous), if one is chosen.
    pub active_match: Option<usize>,
    /// A file is being dragged over the page.
    pub dragging: bool,
    /// The share panel is open (its link is made while it is).
    pub share_open: bool,
    /// The "Keyboard shortcuts" dialog is open.
    pub shortcuts_open: bool,
    /// Pastes and files waiting to be read, the first one being read.
    pub imports: Vec<ImportJob>,
    next_serial: u32,
    /// The stored library being read again at start.
    pub restoring: Option<Restoring>,
    /// A link's transcript being unpacked.
    pub link: Option<LinkJob>,
    /// Repeats across transcripts, once found.
    pub across: Option<Across>,
    /// The open transcript's share payload.
    pub payload: Option<Payload>,
    /// A link to a turn asked for while its payload was being made: copied
    /// when it comes.
    pub copy_when_made: Option<ViewState>,
    /// A link waiting to be copied to the clipboard.
    pub to_copy: Option<String>,
    /// The page's address without its fragment: where share links point.
    pub page: String,
    /// What the library takes of the browser's storage, once known.
    pub usage: Option<Usage>,
    /// The browser was asked to keep the library persistently (once a
    /// page: asking again would not change its answer).
    pub persist_asked: bool,
    /// A new version of the app is installed and waits for a reload.
    pub update_ready: bool,
    /// What the browser's storage holds, as far as this tab knows.
    in_storage: Rc<Vec<(String, Record)>>,
}

pub enum Action {
    /// Open one transcript by id, or all of them; filters start afresh.
    Open(Open),
    /// The URL's fragment changed (the back button, a link edited by hand):
    /// show the view it describes, its transcript unpacked first if it
    /// carries one the library does not hold.
    FollowFragment(String),
    /// The transcript of the link in [`AppState::link`], unpacked.
    LinkOpened {
        payload: Rc<str>,
        result: Result<Entry, String>,
    },
    /// Keep the transcript that came with a link in the library.
    Keep(String),
    /// Close a transcript that came with a link without keeping it.
    Discard(String),
    SetQuery(String),
    /// Show or hide a speaker's turns, by the name shown.
    ToggleSpeaker(String),
    /// Show only these speakers' turns (by the names shown); empty: everyone.
    SetSpeakers(Vec<String>),
    ToggleTopic(String),
    SetContext(bool),
    SetShowRepeats(bool),
    SelectTurn(Option<usize>),
    /// Go to the next (or previous) search match of `count`.
    StepMatch {
        forward: bool,
        count: usize,
    },
    /// Replace the open transcript's speaker edits (the reader's own).
    EditSpeakers(SpeakerEdits),
    /// Read a paste (`name` empty) or a file, and add it.
    Import {
        name: String,
        source: Source,
    },
    /// Read the open transcript's text again as `ReadAs` key says.
    ReadAs(String),
    /// The import `serial` reached a step.
    ImportStep {
        serial: u32,
        progress: Progress,
    },
    /// The import `serial` ended: its entry, or why not; `None` if cancelled.
    ImportDone {
        serial: u32,
        result: Option<Result<Entry, String>>,
    },
    /// Stop every import.
    CancelImports,
    /// Something the reader asked for failed; say so and change nothing else.
    Failed(String),
    /// A sentence for the status line.
    Notice(String),
    Rename {
        id: String,
        name: String,
    },
    Remove(String),
    DismissError,
    /// A library file was imported: `added` join the library (what is open
    /// stays open) and `restored` bundled transcripts take the file's name
    /// and speaker edits; `error` says what could not be read, `summary`
    /// what came in.
    Imported {
        added: Vec<Entry>,
        restored: Vec<StoredEntry>,
        error: Option<String>,
        summary: String,
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
    /// The library as the browser's storage holds it, read at start (and
    /// a sentence if some of it could not be read or kept).
    Loaded {
        stored: Vec<StoredEntry>,
        error: Option<String>,
    },
    /// The stored library, read again at start: joins after the bundled
    /// transcripts; `error` says what could not be read.
    Restored {
        entries: Vec<Entry>,
        error: Option<String>,
    },
    /// Passages repeated across the transcripts in `of`.
    AcrossFound(Across),
    /// The share payload of `of`, or why it could not be made.
    PayloadMade {
        of: ByPtr<Transcript>,
        result: Result<Rc<str>, String>,
    },
    /// Open or close the share panel.
    SetShareOpen(bool),
    /// Open or close the "Keyboard shortcuts" dialog.
    SetShortcutsOpen(bool),
    /// A link to `turn` is wanted (its payload is being made): copy it
    /// when it comes.
    CopyWhenMade(usize),
    /// The link in [`AppState::to_copy`] was copied (or not): the sentence.
    Copied(String),
    Dragging(bool),
    /// The persistence effect took these writes.
    Persisted(Vec<Write>),
    /// What the library takes of the browser's storage now.
    Usage(Usage),
    /// The browser is being asked to keep the library persistently.
    AskedPersist,
    /// A new version of the app is installed and waiting.
    UpdateReady,
}

/// A change another tab made to the library (from a `storage` event).
#[derive(Debug, Clone, PartialEq)]
pub enum LibraryChange {
    /// A transcript stored there: added, kept, renamed or with new speaker edits.
    Stored(StoredEntry),
    /// A transcript removed there.
    Removed(String),
}

/// `new` (the old entry's text read another way) in the old one's place:
/// its name, and the speaker edits that still find their speakers; with a
/// sentence naming the ones that did not.
pub fn reread(old: &Entry, mut new: Entry) -> (Entry, Option<String>) {
    new.name = old.name.clone();
    let (edits, dropped) = old.edits.carried(&old.original, &new.original);
    if !edits.is_empty() {
        new.set_edits(edits, true);
    }
    let notice = (!dropped.is_empty()).then(|| {
        format!(
            "Read again: the renames and merges of {} were dropped (no such speaker in this reading).",
            dropped.join(", ")
        )
    });
    (new, notice)
}

impl AppState {
    /// The bundled transcripts, then `stored`; the first bundled one open.
    pub fn new(stored: Vec<Entry>, error: Option<String>) -> Self {
        let bundled = BUNDLED.iter().filter_map(|b| {
            // Analysed at build time (build.rs); a buffer that does not read
            // is a bug the tests catch, and the app opens on the others.
            let mut d = transfer::Decoder::new(b.analysed).ok()?;
            let transcript = d.transcript().ok()?;
            let topics = d.topics().ok()?;
            let duplicates = d.duplicates().ok()?;
            let index = SearchIndex::new(&transcript);
            let analyses = (Rc::new(index), Rc::new(topics), Rc::new(duplicates));
            Some(Entry::bundled(b.id, b.file, transcript, analyses))
        });
        let entries: Vec<Entry> = bundled.chain(stored).collect();
        let mut state = AppState {
            entries,
            view: ViewState::default(),
            show_repeats: false,
            error,
            notice: String::new(),
            active_match: None,
            dragging: false,
            share_open: false,
            shortcuts_open: false,
            imports: Vec::new(),
            next_serial: 0,
            restoring: None,
            link: None,
            across: None,
            payload: None,
            copy_when_made: None,
            to_copy: None,
            page: String::new(),
            usage: None,
            persist_asked: false,
            update_ready: false,
            in_storage: Rc::default(),
        };
        state.view.transcript = state.default_id();
        state
    }

    /// The page as it opens, at address `page` with `fragment`, before the
    /// browser's storage is read: the bundled transcripts, and the view
    /// from the URL where it needs nothing more. The fragment waits for
    /// the library ([`Action::Loaded`]) when it names a transcript that is
    /// not here yet.
    pub fn starting(page: String, fragment: Option<String>) -> Self {
        let mut state = AppState::new(Vec::new(), None);
        state.page = page;
        let mut restoring = Restoring {
            stored: None,
            then: None,
        };
        match fragment {
            Some(fragment) if link::names_another(&state.entries, &fragment) => {
                restoring.then = Some(fragment);
            }
            Some(fragment) => state.follow_fragment(&fragment),
            None => {}
        }
        state.restoring = Some(restoring);
        state
    }

    /// The page as it opens on what the browser stored (and a sentence if
    /// some of it could not be read): [`AppState::starting`], then
    /// [`Action::Loaded`].
    pub fn opening(
        (stored, error): (Vec<StoredEntry>, Option<String>),
        page: String,
        fragment: Option<String>,
    ) -> Self {
        let mut state = AppState::starting(page, fragment);
        state.loaded(stored, error);
        state
    }

    /// The library as the browser's storage holds it, read at start: the
    /// bundled transcripts take their stored changes at once; the others
    /// are to be read again by the worker ([`AppState::restoring`]), and
    /// the fragment that waited waits for them. Taken once.
    fn loaded(&mut self, stored: Vec<StoredEntry>, error: Option<String>) {
        if self.library_read() {
            return;
        }
        if error.is_some() {
            self.error = error;
        }
        let ids: Vec<String> = stored.iter().map(|s| s.id.clone()).collect();
        let mut to_restore = Vec::new();
        for stored in stored {
            if is_bundled(&stored.id) {
                // A bundled transcript only takes a name and edits: cannot fail.
                let _ = self.follow(stored, None);
            } else {
                to_restore.push(stored);
            }
        }
        // Storage holds what it gave, not what was added while it was read.
        self.in_storage = Rc::new(
            self.records()
                .into_iter()
                .filter(|(id, _)| ids.contains(id))
                .collect(),
        );
        if to_restore.is_empty() {
            if let Some(fragment) = self.restoring.take().and_then(|r| r.then) {
                self.follow_fragment(&fragment);
            }
        } else if let Some(restoring) = self.restoring.as_mut() {
            restoring.stored = Some(Rc::new(to_restore));
        }
    }

    /// Whether the browser's storage has been read (until it has, nothing
    /// is written to it).
    pub fn library_read(&self) -> bool {
        self.restoring.as_ref().is_none_or(|r| r.stored.is_some())
    }

    /// The page is still reading what it opened with (the stored library,
    /// a link's transcript): the URL is left as it is until it has.
    pub fn loading(&self) -> bool {
        self.restoring.is_some() || self.link.is_some()
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

    /// The library as its file holds it: every transcript the reader added
    /// or kept, in order, and the bundled ones they changed.
    pub fn library(&self) -> Vec<StoredEntry> {
        self.entries
            .iter()
            .filter(|e| e.is_kept())
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

    /// The import being read, for the progress line.
    pub fn importing(&self) -> Option<&Progress> {
        self.imports.first()?.progress.as_ref()
    }

    /// The transcripts of "All transcripts" whose repeats across them are
    /// wanted and not found yet.
    pub fn across_wanted(&self) -> Option<Vec<ByPtr<Transcript>>> {
        let shown = self.shown();
        (self.open() == Open::All && self.across.as_ref().is_none_or(|a| a.of != shown))
            .then_some(shown)
    }

    /// Repeats across transcripts, when "All transcripts" is open and they
    /// are those of what it shows.
    pub fn across_found(&self) -> Option<&ByPtr<Duplicates>> {
        let across = self.across.as_ref()?;
        (self.open() == Open::All && across.of == self.shown()).then_some(&across.duplicates)
    }

    fn shown(&self) -> Vec<ByPtr<Transcript>> {
        self.entries
            .iter()
            .map(|e| ByPtr(e.transcript.clone()))
            .collect()
    }

    /// The transcript whose share payload is being made, if one is.
    pub fn payload_wanted(&self) -> Option<&ByPtr<Transcript>> {
        self.payload
            .as_ref()
            .filter(|p| p.made.is_none())
            .map(|p| &p.of)
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
                    if let Origin::FromLink { kept, .. } = &mut entry.origin {
                        *kept = true;
                    }
                    if !stored.name.trim().is_empty() {
                        entry.name = stored.name;
                    }
                }
                if self
                    .entries
                    .get(i)
                    .is_some_and(|e| e.saved_edits != stored.edits || e.edits != stored.edits)
                {
                    self.edit_speakers(&stored.id, stored.edits, true);
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

    /// Shows speaker edits on a transcript (the reader's own, or a link's),
    /// keeping only the speaker filters whose names still exist.
    fn edit_speakers(&mut self, id: &str, edits: SpeakerEdits, saved: bool) {
        let Some(entry) = self.entries.iter_mut().find(|e| e.id == id) else {
            return;
        };
        entry.set_edits(edits, saved);
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
        if self.entries.iter().any(|e| e.id == id && !e.is_bundled()) {
            self.entries.retain(|e| e.id != id);
            if self.view.transcript == id {
                self.view = ViewState {
                    transcript: self.default_id(),
                    ..ViewState::default()
                };
            }
        }
    }

    /// A default name for the next pasted transcript.
    pub fn next_paste_name(&self) -> String {
        let added = self.entries.iter().filter(|e| !e.is_bundled()).count();
        format!("Pasted transcript {}", added + self.imports.len() + 1)
    }

    /// Adds `entry` and opens it.
    fn add(&mut self, entry: Entry) {
        self.view = ViewState {
            transcript: entry.id.clone(),
            ..ViewState::default()
        };
        self.entries.retain(|e| e.id != entry.id);
        self.entries.push(entry);
        self.error = None;
    }

    fn import_done(&mut self, serial: u32, result: Option<Result<Entry, String>>) {
        if self.imports.first().is_none_or(|j| j.serial != serial) {
            // Cancelled: its answer is not taken.
            return;
        }
        let job = self.imports.remove(0);
        match (result, &job.reread) {
            (Some(Ok(entry)), Some(id)) => {
                let Some(i) = self.entries.iter().position(|e| e.id == *id) else {
                    return;
                };
                let (entry, notice) = reread(&self.entries[i], entry);
                // Speakers and turns may differ: their filters go.
                if self.view.transcript == entry.id {
                    self.view.speakers.clear();
                    self.view.turn = None;
                }
                self.entries[i] = entry;
                self.error = notice;
            }
            (Some(Ok(entry)), None) => self.add(entry),
            (Some(Err(message)), _) => self.error = Some(message),
            (None, _) => self.error = Some(cancelled(&job)),
        }
    }

    /// Whether `other` shows the same rows (so the current match stands).
    fn same_rows(&self, other: &AppState) -> bool {
        let same_entry = |a: &Entry, b: &Entry| {
            Rc::ptr_eq(&a.transcript, &b.transcript)
                && match (&a.analysis, &b.analysis) {
                    (
                        Analysis::Ready {
                            topics: t1,
                            duplicates: d1,
                        },
                        Analysis::Ready {
                            topics: t2,
                            duplicates: d2,
                        },
                    ) => Rc::ptr_eq(t1, t2) && Rc::ptr_eq(d1, d2),
                    (Analysis::Pending, Analysis::Pending) => true,
                    _ => false,
                }
        };
        self.view == other.view
            && self.across == other.across
            && self.entries.len() == other.entries.len()
            && self
                .entries
                .iter()
                .zip(&other.entries)
                .all(|(a, b)| same_entry(a, b))
    }

    fn reduce_one(&mut self, action: Action) {
        match action {
            Action::Open(open) => {
                if open == Open::All || self.entries.iter().any(|e| e.id == open.id()) {
                    self.view = ViewState {
                        transcript: open.id().to_string(),
                        query: self.view.query.clone(),
                        ..ViewState::default()
                    };
                    self.error = None;
                }
            }
            Action::FollowFragment(fragment) => self.follow_fragment(&fragment),
            Action::LinkOpened { payload, result } => self.link_opened(&payload, result),
            Action::Keep(id) => {
                if let Some(entry) = self.entries.iter_mut().find(|e| e.id == id) {
                    if let Origin::FromLink { kept, .. } = &mut entry.origin {
                        *kept = true;
                        // The sender's names come with the transcript.
                        entry.saved_edits = entry.edits.clone();
                    }
                }
            }
            Action::Discard(id) => {
                if self.entries.iter().any(|e| e.id == id && e.is_pending()) {
                    self.entries.retain(|e| e.id != id);
                    if self.view.transcript == id {
                        self.view = ViewState {
                            transcript: self.default_id(),
                            ..ViewState::default()
                        };
                    }
                }
            }
            Action::SetQuery(query) => {
                self.view.query = query;
                self.view.turn = None;
            }
            Action::ToggleSpeaker(name) => toggle(&mut self.view.speakers, name),
            Action::SetSpeakers(names) => self.view.speakers = names,
            Action::ToggleTopic(label) => toggle(&mut self.view.topics, label),
            Action::SetContext(on) => self.view.context = on,
            Action::SetShowRepeats(on) => self.show_repeats = on,
            Action::SelectTurn(turn) => self.view.turn = turn,
            Action::StepMatch { forward, count } => {
                self.active_match = step_match(self.active_match, count, forward);
            }
            Action::EditSpeakers(edits) => {
                if let Some(id) = self.current().map(|e| e.id.clone()) {
                    self.edit_speakers(&id, edits, true);
                }
            }
            Action::Import { name, source } => {
                let fallback = self.next_paste_name();
                self.queue(name, fallback, source, None, None);
            }
            Action::ReadAs(key) => {
                if let Some(entry) = self.current() {
                    if let Some(text) = entry.text() {
                        let source = Source::Paste(text.to_string());
                        let (name, id) = (entry.name.clone(), entry.id.clone());
                        self.queue(name.clone(), name, source, Some(key), Some(id));
                    }
                }
            }
            Action::ImportStep { serial, progress } => {
                if let Some(job) = self.imports.first_mut().filter(|j| j.serial == serial) {
                    job.progress = Some(progress);
                }
            }
            Action::ImportDone { serial, result } => self.import_done(serial, result),
            Action::CancelImports => {
                if let Some(job) = self.imports.first() {
                    self.error = Some(cancelled(job));
                }
                self.imports.clear();
            }
            Action::Failed(message) => self.error = Some(message),
            Action::Notice(notice) => self.notice = notice,
            Action::Rename { id, name } => {
                let name = name.trim();
                if let Some(entry) = self.entries.iter_mut().find(|e| e.id == id) {
                    if !name.is_empty() {
                        entry.name = name.to_string();
                    }
                }
            }
            Action::Remove(id) => self.remove(&id),
            Action::DismissError => self.error = None,
            Action::Imported {
                added,
                restored,
                error,
                summary,
            } => {
                for entry in added {
                    self.entries.retain(|e| e.id != entry.id);
                    self.entries.push(entry);
                }
                for stored in restored {
                    // Bundled transcripts only take a name and edits: cannot fail.
                    let _ = self.follow(stored, None);
                }
                self.error = error;
                self.notice = summary;
            }
            Action::Elsewhere(change, read) => self.elsewhere(change, read),
            Action::Analysed {
                id,
                transcript,
                topics,
                duplicates,
            } => {
                if let Some(entry) = self
                    .entries
                    .iter_mut()
                    .find(|e| e.id == id && Rc::ptr_eq(&e.transcript, &transcript))
                {
                    entry.analysis = Analysis::Ready { topics, duplicates };
                }
            }
            Action::Loaded { stored, error } => self.loaded(stored, error),
            Action::Restored { entries, error } => self.restored(entries, error),
            Action::AcrossFound(across) => self.across = Some(across),
            Action::PayloadMade { of, result } => self.payload_made(of, result),
            Action::SetShareOpen(open) => self.share_open = open,
            Action::SetShortcutsOpen(open) => self.shortcuts_open = open,
            Action::CopyWhenMade(turn) => {
                self.copy_when_made = Some(ViewState {
                    turn: Some(turn),
                    ..self.view.clone()
                });
                self.notice = "Making the link…".to_string();
            }
            Action::Copied(notice) => {
                self.to_copy = None;
                self.notice = notice;
            }
            Action::Dragging(on) => self.dragging = on,
            Action::Persisted(writes) => self.persisted(&writes),
            Action::Usage(usage) => self.usage = Some(usage),
            Action::AskedPersist => self.persist_asked = true,
            Action::UpdateReady => self.update_ready = true,
        }
    }

    /// Queues a text to be read by the worker.
    fn queue(
        &mut self,
        name: String,
        fallback: String,
        source: Source,
        read_as: Option<String>,
        reread: Option<String>,
    ) {
        self.next_serial = self.next_serial.wrapping_add(1);
        self.imports.push(ImportJob {
            serial: self.next_serial,
            name,
            fallback,
            source: Parcel::new(source),
            read_as,
            reread,
            progress: None,
        });
    }
}

/// The sentence for an import that was cancelled.
fn cancelled(job: &ImportJob) -> String {
    let shown = job.shown();
    if job.reread.is_some() {
        format!("Reading “{shown}” again was cancelled: it is unchanged.")
    } else {
        format!("Opening “{shown}” was cancelled: nothing was added.")
    }
}

/// Adds `item` to `list`, or takes it out if it is there.
fn toggle(list: &mut Vec<String>, item: String) {
    match list.iter().position(|s| *s == item) {
        Some(i) => {
            list.remove(i);
        }
        None => list.push(item),
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
        let stepping = matches!(action, Action::StepMatch { .. });
        next.reduce_one(action);
        // A new result set starts with no current match.
        if !stepping && !next.same_rows(&self) {
            next.active_match = None;
        }
        // The open transcript's share payload is made when a link to it is
        // wanted (the panel is open, or a link to a turn is waiting).
        next.request_payload();
        Rc::new(next)
    }
}
