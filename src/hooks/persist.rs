//! The one persistence effect: storage is told what [`AppState::writes`]
//! says, and nothing else writes to it. The library is read from storage
//! once, as the page opens ([`Action::Loaded`]); until it is, nothing is
//! written. After each batch of writes the library panel's usage line is
//! brought up to date, and once the library holds a few transcripts the
//! browser is asked to keep it persistently.
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

/// The page as it opens: the URL; the library is read from storage next.
pub fn initial_state() -> AppState {
    AppState::starting(page_url(), current_fragment())
}

/// Kept transcripts from which the browser is asked to keep the library
/// persistently (or this many MB of storage used).
const PERSIST_FROM: usize = 3;
const PERSIST_FROM_MB: f64 = 20.0;

/// Brings the usage line up to date; asks for persistent storage once the
/// library holds `kept` transcripts or more than a few MB, unless it was
/// `asked` already ([`AppState::persist_asked`]).
async fn account(dispatcher: &UseReducerDispatcher<AppState>, kept: usize, asked: bool) {
    let Some(mut usage) = storage::usage().await else {
        return;
    };
    let grown = kept >= PERSIST_FROM || usage.used > PERSIST_FROM_MB * 1e6;
    if grown && !usage.persistent && !asked {
        dispatcher.dispatch(Action::AskedPersist);
        usage.persistent = storage::persist().await;
    }
    dispatcher.dispatch(Action::Usage(usage));
}

/// A write taken from the state, waiting for a paint.
enum Queued {
    Save(Box<StoredEntry>),
    Remove(String),
}

/// Writes waiting for a paint; shared with the `pagehide` listener.
type Queue = Rc<RefCell<Vec<Queued>>>;

/// A write made, to be committed.
type Written = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>>>>;

/// Makes every queued write, in order (each is made before this returns,
/// so a page being left still makes them); the future ends once they are
/// committed, with a sentence for the first failure.
fn flush(queue: &Queue) -> impl std::future::Future<Output = Option<String>> {
    let writes: Vec<Written> = queue
        .take()
        .into_iter()
        .map(|write| match write {
            Queued::Save(entry) => Box::pin(storage::save(&entry)) as _,
            Queued::Remove(id) => Box::pin(storage::remove(&id)) as _,
        })
        .collect();
    async move {
        let mut first = None;
        for write in writes {
            if let Err(message) = write.await {
                first.get_or_insert(message);
            }
        }
        first
    }
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
            let kept = state.library().len();
            let asked = state.persist_asked;
            let written = (!wait).then(|| flush(&queue));
            wasm_bindgen_futures::spawn_local(async move {
                let failed = match written {
                    Some(written) => written.await,
                    None => {
                        crate::scheduling::after_next_paint().await;
                        flush(&queue).await
                    }
                };
                if let Some(message) = failed {
                    dispatcher.dispatch(Action::Failed(message));
                }
                account(&dispatcher, kept, asked).await;
            });
        });
    }
    // The library as stored, read once as the page opens.
    let dispatcher = state.dispatcher();
    use_effect_with((), move |_| {
        wasm_bindgen_futures::spawn_local(async move {
            let (stored, error) = storage::load().await;
            let kept = stored.len();
            dispatcher.dispatch(Action::Loaded { stored, error });
            // Nothing was asked before the library is read.
            account(&dispatcher, kept, false).await;
        });
    });
    use_listener(move || {
        let window = web_sys::window()?;
        Some(EventListener::new(&window, "pagehide", move |_| {
            // Journaled where the next page is sure to find it, and made
            // now (committed by the browser after the page is gone).
            for write in queue.borrow().iter() {
                if let Queued::Save(entry) = write {
                    storage::journal(entry);
                }
            }
            drop(flush(&queue));
        }))
    });
}
