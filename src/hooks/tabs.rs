//! Another tab changed the library (it says so on a `BroadcastChannel`,
//! [`storage::listen`]): the stored entry is read again in the worker
//! where it is new here or has another source, and the reducer follows the
//! change ([`Action::Elsewhere`]).

use yew::prelude::*;

use super::{use_listener, State};
use crate::jobs;
use crate::state::{is_bundled, Action, LibraryChange};
use crate::storage;
use crate::worker::Workers;

#[hook]
pub fn use_other_tabs(state: &State, workers: &Workers) {
    let dispatcher = state.dispatcher();
    let workers = workers.clone();
    use_listener(move || {
        storage::listen(move |change| {
            let (dispatcher, workers) = (dispatcher.clone(), workers.clone());
            match change {
                LibraryChange::Stored(stored) if !is_bundled(&stored.id) => {
                    wasm_bindgen_futures::spawn_local(async move {
                        let read = jobs::restore(&workers, &stored).await;
                        dispatcher
                            .dispatch(Action::Elsewhere(LibraryChange::Stored(stored), Some(read)));
                    });
                }
                change => dispatcher.dispatch(Action::Elsewhere(change, None)),
            }
        })
    });
}
