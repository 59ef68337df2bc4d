//! The app's state and its one reducer: the library of loaded transcripts and
//! what is open. Pure data, so it is tested on the host; storage and file
//! reading happen in the components, which dispatch the outcome here.

use std::rc::Rc;

use transcript_core::Transcript;
use yew::Reducible;

use crate::bundled::BUNDLED;

/// A transcript in the library, parsed once when it is added.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Stable id: the bundled file's id, or one made when the user added it.
    pub id: String,
    /// Shown in the library list; the user can rename it.
    pub name: String,
    /// The text it was parsed from, kept to store it and, later, to share it.
    pub text: Rc<str>,
    pub transcript: Rc<Transcript>,
    /// Whether it ships with the app (and so cannot be removed).
    pub bundled: bool,
}

impl Entry {
    /// Parses `text` into a library entry. `name` defaults to the
    /// transcript's own title, then to `fallback`.
    pub fn parse(
        id: String,
        name: Option<String>,
        text: &str,
        fallback: &str,
    ) -> Result<Entry, String> {
        let transcript = transcript_core::parse(text).map_err(|e| e.to_string())?;
        Ok(Self::from_parsed(id, name, text, transcript, fallback))
    }

    /// Like [`Entry::parse`] for a file's bytes, which may not be text at all.
    pub fn parse_file(id: String, name: String, bytes: &[u8]) -> Result<Entry, String> {
        let transcript =
            transcript_core::parse::parse_bytes(bytes).map_err(|e| format!("{name}: {e}"))?;
        // parse_bytes succeeded, so the bytes are UTF-8.
        let text = String::from_utf8_lossy(bytes);
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
        let name = name
            .filter(|n| !n.trim().is_empty())
            .or_else(|| transcript.title.clone())
            .unwrap_or_else(|| fallback.to_string());
        Entry {
            id,
            name,
            text: Rc::from(text),
            transcript: Rc::new(transcript),
            bundled: false,
        }
    }
}

/// What the reader shows: one transcript, or turns from all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Open {
    One(String),
    All,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub entries: Vec<Entry>,
    pub open: Open,
    /// A sentence for the user about the last thing that went wrong.
    pub error: Option<String>,
}

pub enum Action {
    /// Open one transcript by id, or all of them.
    Open(Open),
    /// Add a parsed transcript to the library and open it; `notice` says why
    /// it could not be stored, if it could not.
    Added {
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
}

impl AppState {
    /// The bundled transcripts, then the stored ones; the first bundled one open.
    pub fn new(stored: Vec<Entry>, error: Option<String>) -> Self {
        let bundled = BUNDLED.iter().filter_map(|b| {
            // A bundled file that fails to parse is a bug the tests catch;
            // the app still opens on the others.
            let mut entry = Entry::parse(b.id.to_string(), None, b.text, b.file).ok()?;
            entry.bundled = true;
            Some(entry)
        });
        let entries: Vec<Entry> = bundled.chain(stored).collect();
        let open = entries
            .first()
            .map_or(Open::All, |e| Open::One(e.id.clone()));
        AppState {
            entries,
            open,
            error,
        }
    }

    /// The open transcript, when one (not "All transcripts") is open.
    pub fn current(&self) -> Option<&Entry> {
        match &self.open {
            Open::One(id) => self.entries.iter().find(|e| &e.id == id),
            Open::All => None,
        }
    }

    /// A default name for the next pasted transcript.
    pub fn next_paste_name(&self) -> String {
        let pasted = self.entries.iter().filter(|e| !e.bundled).count() + 1;
        format!("Pasted transcript {pasted}")
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
            Action::Open(Open::One(id)) => {
                if next.entries.iter().any(|e| e.id == id) {
                    next.open = Open::One(id);
                    next.error = None;
                }
            }
            Action::Open(Open::All) => {
                next.open = Open::All;
                next.error = None;
            }
            Action::Added { entry, notice } => {
                next.open = Open::One(entry.id.clone());
                next.entries.retain(|e| e.id != entry.id);
                next.entries.push(entry);
                next.error = notice;
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
            Action::Remove { id } => {
                if next.entries.iter().any(|e| e.id == id && !e.bundled) {
                    next.entries.retain(|e| e.id != id);
                    if next.open == Open::One(id) {
                        next.open = next
                            .entries
                            .first()
                            .map_or(Open::All, |e| Open::One(e.id.clone()));
                    }
                }
            }
            Action::DismissError => next.error = None,
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
        assert_eq!(state.open, Open::One("devday-2024".into()));
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
        assert_eq!(state.open, Open::One("u1".into()));
        let entry = state.current().unwrap();
        assert_eq!(entry.name, "Pasted transcript 1");
        assert_eq!(entry.transcript.turns.len(), 3);
        assert_eq!(&*entry.text, "Ana: Hi.\nBen: Hello.\nAna: Bye.");

        let err = Entry::parse("u2".into(), None, "   ", "x").unwrap_err();
        assert!(err.contains("empty"), "{err}");
        let state = state.reduce(Action::Failed(err));
        assert_eq!(state.entries.len(), 5, "nothing is added or lost");
        assert!(state.error.is_some());
        assert_eq!(state.open, Open::One("u1".into()));
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
        assert_eq!(state.open, Open::One("devday-2024".into()));

        let state = state.reduce(Action::Open(Open::All));
        assert_eq!(state.current(), None);
        let state = state.reduce(Action::Open(Open::One("nope".into())));
        assert_eq!(state.open, Open::All);
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
}
