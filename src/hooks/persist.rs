//! The one persistence effect: storage is told what [`AppState::writes`]
//! says, and nothing else writes to it. The library is read from storage
//! once, as the page opens ([`initial_state`]).
//!
//! Storing a large transcript takes a while, and the reader should see it
//! first: a transcript just added is stored once the browser has painted
//! it, or at once if the page is left first (`pagehide`), so a quick
//! reload loses nothing. Other writes are made at once.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use transcript_core::library::StoredEntry;
use yew::prelude::*;

use super::url::{current_fragment, page_url};
use super::{use_listener, State};
use crate::state::{Action, AppState, Write};
use crate::storage;

/// The page as it opens: the library as stored, and the URL.
pub fn initial_state() -> AppState {
    AppState::opening(storage::load(), page_url(), current_fragment())
}

/// A write taken from the state, waiting for a paint.
enum Queued {
    Save(Box<StoredEntry>),
    Remove(String),
}

/// Writes waiting for a paint; shared with the `pagehide` listener.
type Queue = Rc<RefCell<Vec<Queued>>>;

/// Makes every queued write, in order; a sentence for the first failure.
fn flush(queue: &Queue) -> Option<String> {
    let mut first = None;
    for write in queue.take() {
        let result = match write {
            Queued::Save(entry) => storage::save(&entry),
            Queued::Remove(id) => storage::remove(&id),
        };
        if let Err(message) = result {
            first.get_or_insert(message);
        }
    }
    first
}

#[hook]
pub fn use_persistence(state: &State) {
    let queue: Queue = use_memo((), |_| Queue::default()).as_ref().clone();
    let writes = state.writes();
    {
        let state = state.clone();
        let queue = queue.clone();
        use_effect_with(writes, move |writes| {
            if writes.is_empty() {
                return;
            }
            // The transcript just opened and drawn is stored once the
            // browser has painted it (storing a large one takes a while);
            // everything else is written at once, after what waits.
            let wait = writes.iter().any(|w| {
                matches!(w, Write::Save(id) if *id == state.view.transcript && !state.holds(id))
            });
            queue
                .borrow_mut()
                .extend(writes.iter().filter_map(|w| match w {
                    Write::Save(id) => Some(Queued::Save(Box::new(state.entry(id)?.stored()))),
                    Write::Remove(id) => Some(Queued::Remove(id.clone())),
                }));
            let dispatcher = state.dispatcher();
            dispatcher.dispatch(Action::Persisted(writes.clone()));
            if !wait {
                if let Some(message) = flush(&queue) {
                    dispatcher.dispatch(Action::Failed(message));
                }
                return;
            }
            wasm_bindgen_futures::spawn_local(async move {
                crate::scheduling::after_next_paint().await;
                if let Some(message) = flush(&queue) {
                    dispatcher.dispatch(Action::Failed(message));
                }
            });
        });
    }
    use_listener(move || {
        let window = web_sys::window()?;
        Some(EventListener::new(&window, "pagehide", move |_| {
            let _ = flush(&queue);
        }))
    });
}
