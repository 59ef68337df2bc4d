//! What the library keeps, as data: each entry says whether it is kept
//! ([`Entry::is_kept`]) and what of it is ([`Entry::record`]); the state
//! knows what the browser's storage holds; [`AppState::writes`] is the
//! difference, which the one persistence effect ([`crate::hooks::persist`])
//! writes. What came from storage (the library read at start, another
//! tab's changes) is recorded as held, so it is never written back.

use std::rc::Rc;

use super::{AppState, Entry, LibraryChange, Record};

/// A write the library needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    /// Store this entry as it is now.
    Save(String),
    /// Take this id out of storage.
    Remove(String),
}

impl AppState {
    /// The records of every kept entry.
    pub(super) fn records(&self) -> Vec<(String, Record)> {
        self.entries
            .iter()
            .filter_map(|e| Some((e.id.clone(), e.record()?)))
            .collect()
    }

    /// What storage must be told so that it holds what the library keeps:
    /// the kept entries it does not hold as they are, and the ids it holds
    /// that are no longer kept.
    pub fn writes(&self) -> Vec<Write> {
        if !self.library_read() {
            return Vec::new();
        }
        let held = |id: &str| {
            self.in_storage
                .iter()
                .find(|(i, _)| i == id)
                .map(|(_, r)| r)
        };
        let mut writes: Vec<Write> = self
            .records()
            .into_iter()
            .filter(|(id, record)| held(id) != Some(record))
            .map(|(id, _)| Write::Save(id))
            .collect();
        writes.extend(
            self.in_storage
                .iter()
                .filter(|(id, _)| !self.entries.iter().any(|e| e.id == *id && e.is_kept()))
                .map(|(id, _)| Write::Remove(id.clone())),
        );
        writes
    }

    /// Whether storage holds `id` (in some version).
    pub fn holds(&self, id: &str) -> bool {
        self.in_storage.iter().any(|(i, _)| i == id)
    }

    /// The entry a [`Write::Save`] stores.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Storage now holds what `writes` wrote.
    pub(super) fn persisted(&mut self, writes: &[Write]) {
        let mut held = (*self.in_storage).clone();
        for write in writes {
            match write {
                Write::Save(id) => {
                    let record = self.entry(id).and_then(Entry::record);
                    held.retain(|(i, _)| i != id);
                    if let Some(record) = record {
                        held.push((id.clone(), record));
                    }
                }
                Write::Remove(id) => held.retain(|(i, _)| i != id),
            }
        }
        self.in_storage = Rc::new(held);
    }

    /// Storage holds `id` as the library keeps it now.
    fn held_as_is(&mut self, id: &str) {
        let mut held = (*self.in_storage).clone();
        held.retain(|(i, _)| i != id);
        if let Some(record) = self.entry(id).and_then(Entry::record) {
            held.push((id.to_string(), record));
        }
        self.in_storage = Rc::new(held);
    }

    /// Another tab changed the library: follow it, so that what this tab
    /// stores next is built on the other tab's changes, not over them.
    pub(super) fn elsewhere(&mut self, change: LibraryChange, read: Option<Result<Entry, String>>) {
        match change {
            LibraryChange::Stored(stored) => {
                let (id, name) = (stored.id.clone(), stored.name.clone());
                if let Err(e) = self.follow(stored, read) {
                    self.error = Some(format!(
                        "“{name}” was added in another tab but could not be read here: {e}"
                    ));
                }
                self.held_as_is(&id);
            }
            LibraryChange::Removed(id) => {
                // Not one that only came with a link here: that is not in the library.
                if self.entries.iter().any(|e| e.id == id && !e.is_pending()) {
                    self.remove(&id);
                }
                let mut held = (*self.in_storage).clone();
                held.retain(|(i, _)| *i != id);
                self.in_storage = Rc::new(held);
            }
        }
    }

    /// The stored library, read again at start, joins after the bundled
    /// transcripts (storage holds it: nothing is written); then the URL
    /// that waited for it is followed.
    pub(super) fn restored(&mut self, entries: Vec<Entry>, error: Option<String>) {
        for entry in entries {
            if !self.entries.iter().any(|e| e.id == entry.id) {
                let id = entry.id.clone();
                self.entries.push(entry);
                self.held_as_is(&id);
            }
        }
        if error.is_some() {
            self.error = error;
        }
        if let Some(fragment) = self.restoring.take().and_then(|r| r.then) {
            self.follow_fragment(&fragment);
        }
    }
}
