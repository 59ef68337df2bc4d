//! Imports: the first queued paste or file ([`AppState::imports`]) is read
//! by the worker with a progress line; Cancel (the job leaving the queue)
//! stops the worker at once. A library file is read and merged into the
//! library without overwriting it.

use std::cell::Cell;
use std::rc::Rc;

use transcript_core::library;
use yew::prelude::*;

use super::State;
use crate::components::file_open::FileRead;
use crate::jobs::{self, Progress};
use crate::state::{is_bundled, Action};
use crate::storage;
use crate::worker::Workers;

#[hook]
pub fn use_imports(state: &State, workers: &Workers) {
    let first = state.imports.first().cloned();
    let workers = workers.clone();
    let dispatcher = state.dispatcher();
    use_effect_with(first.as_ref().map(|j| j.serial), move |_| {
        let cancelled = Rc::new(Cell::new(false));
        let finished = Rc::new(Cell::new(false));
        if let Some(job) = first {
            let (cancelled, finished) = (cancelled.clone(), finished.clone());
            let workers = workers.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let serial = job.serial;
                let on_step = {
                    let dispatcher = dispatcher.clone();
                    Callback::from(move |progress: Progress| {
                        dispatcher.dispatch(Action::ImportStep { serial, progress })
                    })
                };
                let id = job.reread.clone().unwrap_or_else(storage::new_id);
                let result = match job.source.take() {
                    Some(source) => {
                        jobs::import(
                            &workers,
                            id,
                            job.name,
                            source,
                            job.fallback,
                            job.read_as,
                            on_step,
                            cancelled,
                        )
                        .await
                    }
                    None => None,
                };
                finished.set(true);
                dispatcher.dispatch(Action::ImportDone { serial, result });
            });
        }
        move || {
            // The job left the queue before it ended: it was cancelled.
            if !finished.get() && !cancelled.replace(true) {
                jobs::cancel(&workers);
            }
        }
    });
}

/// Imports a library file (picked, or dropped like a transcript) into the
/// library without overwriting it: what it adds is read again by the
/// worker; an entry whose text no longer parses is left out, and said so.
#[hook]
pub fn use_library_file(state: &State, workers: &Workers) -> Callback<FileRead> {
    let state = state.clone();
    let workers = workers.clone();
    Callback::from(move |(name, bytes): FileRead| {
        let Some(text) = bytes.and_then(|b| String::from_utf8(b).ok()) else {
            state.dispatch(Action::Failed(format!(
                "{name}: the browser could not read this file as text."
            )));
            return;
        };
        let existing = state.library();
        let dispatcher = state.dispatcher();
        let workers = workers.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let incoming = match jobs::read_library(&workers, &name, &text).await {
                Ok(incoming) => incoming,
                Err(message) => return dispatcher.dispatch(Action::Failed(message)),
            };
            let mut merge = library::merge(&existing, incoming, is_bundled, storage::new_id);
            let (mut added, mut restored, mut unreadable, mut taken) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for stored in std::mem::take(&mut merge.take) {
                if is_bundled(&stored.id) {
                    restored.push(stored.clone());
                } else {
                    match jobs::restore(&workers, &stored).await {
                        Ok(entry) => added.push(entry),
                        Err(_) => {
                            unreadable.push(stored.name.clone());
                            continue;
                        }
                    }
                }
                taken.push(stored);
            }
            merge.take = taken;
            let error = (!unreadable.is_empty()).then(|| {
                format!(
                    "{name}: {} could not be read and {} not imported.",
                    unreadable.join(", "),
                    if unreadable.len() == 1 { "was" } else { "were" }
                )
            });
            dispatcher.dispatch(Action::Imported {
                added,
                restored,
                error,
                summary: merge.summary(),
            });
        });
    })
}
