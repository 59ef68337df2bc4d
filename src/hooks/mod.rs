//! The app's effects, one module per family. Each reads the state, carries
//! out what it asks for (a worker job, a write to storage, the URL) and
//! dispatches the outcome to the reducer; listeners are registered once.
//! No app state lives here: what a hook remembers is its own bookkeeping
//! (what it last wrote to the URL, writes waiting for a paint).

pub mod drop;
pub mod imports;
pub mod keys;
pub mod persist;
pub mod share;
pub mod shell;
pub mod tabs;
pub mod url;
pub mod view;
pub mod work;

use yew::prelude::*;

use crate::state::AppState;
use crate::worker::Workers;

/// The reducer's handle, as every hook takes it.
pub type State = UseReducerHandle<AppState>;

/// The core worker's clients, made once; the hooks that ask the worker
/// for something take them.
#[hook]
pub fn use_workers() -> Workers {
    (*use_memo((), |()| Workers::new())).clone()
}

/// Runs `f` once, when the component is first drawn, and drops what it
/// returns (a listener) when the component goes.
#[hook]
pub fn use_listener<L: 'static>(f: impl FnOnce() -> Option<L> + 'static) {
    use_effect_with((), move |_| {
        let listener = f();
        move || drop(listener)
    });
}

/// A callback that dispatches the action `f` makes of its input: the
/// components' callbacks are action constructors.
pub fn send<I: 'static>(
    state: &State,
    f: impl Fn(I) -> crate::state::Action + 'static,
) -> Callback<I> {
    state.dispatcher().to_callback().reform(f)
}
