//! The app's state and its one reducer: the library of loaded transcripts and
//! which one is open. Pure data, so it is tested on the host.

use std::rc::Rc;

use transcript_core::Transcript;
use yew::Reducible;

use crate::bundled::BUNDLED;

/// A transcript in the library, parsed once when it is added.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Shown in the library list.
    pub name: String,
    pub transcript: Rc<Transcript>,
    /// Whether it ships with the app.
    pub bundled: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub entries: Vec<Entry>,
    /// Index into `entries` of the open transcript.
    pub selected: usize,
    /// A sentence for the user about the last action that failed.
    pub error: Option<String>,
}

pub enum Action {
    /// Open the entry at this index.
    Select(usize),
    /// Parse pasted text, add it to the library and open it.
    Paste(String),
    /// Parse a picked or dropped file, add it to the library and open it.
    OpenFile { name: String, bytes: Vec<u8> },
    /// Reading a file failed before it could be parsed.
    ReadFailed { name: String },
}

impl Default for AppState {
    /// The bundled transcripts, the first one open.
    fn default() -> Self {
        let entries = BUNDLED
            .iter()
            .filter_map(|b| {
                // A bundled file that fails to parse is a bug the tests catch;
                // the app still opens on the others.
                let transcript = transcript_core::parse(b.text).ok()?;
                let name = transcript
                    .title
                    .clone()
                    .unwrap_or_else(|| b.file.to_string());
                Some(Entry {
                    name,
                    transcript: Rc::new(transcript),
                    bundled: true,
                })
            })
            .collect();
        AppState {
            entries,
            selected: 0,
            error: None,
        }
    }
}

impl AppState {
    /// The open transcript, if the library is not empty.
    pub fn current(&self) -> Option<&Entry> {
        self.entries.get(self.selected)
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Select(index) if index < next.entries.len() => {
                next.selected = index;
                next.error = None;
            }
            Action::Select(_) => {}
            Action::Paste(text) => {
                let pasted = next.entries.iter().filter(|e| !e.bundled).count() + 1;
                match transcript_core::parse(&text) {
                    Ok(transcript) => {
                        let name = transcript
                            .title
                            .clone()
                            .unwrap_or_else(|| format!("Pasted transcript {pasted}"));
                        next.add(name, transcript);
                    }
                    Err(err) => next.error = Some(err.to_string()),
                }
            }
            Action::OpenFile { name, bytes } => match transcript_core::parse::parse_bytes(&bytes) {
                // A file is known by its name, whatever title it holds.
                Ok(transcript) => next.add(name, transcript),
                Err(err) => next.error = Some(format!("{name}: {err}")),
            },
            Action::ReadFailed { name } => {
                next.error = Some(format!(
                    "{name}: the browser could not read this file. Try opening it again."
                ));
            }
        }
        Rc::new(next)
    }
}

impl AppState {
    /// Adds a transcript to the library and opens it.
    fn add(&mut self, name: String, transcript: Transcript) {
        self.entries.push(Entry {
            name,
            transcript: Rc::new(transcript),
            bundled: false,
        });
        self.selected = self.entries.len() - 1;
        self.error = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_on_every_bundled_transcript_with_the_first_selected() {
        let state = AppState::default();
        assert_eq!(state.entries.len(), BUNDLED.len());
        assert_eq!(state.selected, 0);
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
    }

    #[test]
    fn pasting_adds_and_opens_a_transcript_and_bad_input_sets_an_error() {
        let state = Rc::new(AppState::default());
        let state = state.reduce(Action::Paste("Ana: Hi.\nBen: Hello.\nAna: Bye.".into()));
        assert_eq!(state.selected, 4);
        let entry = state.current().unwrap();
        assert_eq!(entry.name, "Pasted transcript 1");
        assert_eq!(entry.transcript.turns.len(), 3);

        let state = state.reduce(Action::Paste("   ".into()));
        assert_eq!(state.entries.len(), 5, "nothing is added or lost");
        assert!(state.error.as_deref().unwrap().contains("empty"));

        let state = state.reduce(Action::OpenFile {
            name: "call.vtt".into(),
            bytes: b"WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>Hi.\n".to_vec(),
        });
        assert_eq!((state.entries.len(), state.selected), (6, 5));
        assert_eq!(state.current().unwrap().name, "call.vtt");
        assert_eq!(
            state.current().unwrap().transcript.turns[0].start,
            Some(1.0)
        );

        let state = state.reduce(Action::OpenFile {
            name: "photo.png".into(),
            bytes: b"\x89PNG\r\n\x1a\n\0\0".to_vec(),
        });
        assert_eq!(state.entries.len(), 6);
        assert!(state
            .error
            .as_deref()
            .unwrap()
            .starts_with("photo.png: This looks like a binary file"));

        let state = state.reduce(Action::Select(1));
        assert_eq!((state.selected, state.error.clone()), (1, None));
        let state = state.reduce(Action::Select(99));
        assert_eq!(state.selected, 1);
    }
}
