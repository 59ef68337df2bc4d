//! The app shell around the page (`assets/library.js` and `assets/sw.js`):
//! a new version of the app installed and waiting ([`Action::UpdateReady`],
//! a quiet line with a Reload button), and files opened with the installed
//! app or shared to it, which come in as if dropped on the page (a shared
//! text as a paste). Listeners are registered once.

use js_sys::Uint8Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use super::{use_listener, State};
use crate::components::file_open::FileRead;
use crate::state::{Action, Source};
use crate::storage::call;

/// Switches to the version waiting and reloads the page.
pub fn update() {
    let _ = call("update", &[]);
}

#[hook]
pub fn use_shell(state: &State, on_read: Callback<FileRead>) {
    let dispatcher = state.dispatcher();
    use_listener(move || {
        let ready = {
            let dispatcher = dispatcher.clone();
            Closure::<dyn Fn()>::new(move || dispatcher.dispatch(Action::UpdateReady))
        };
        let take =
            Closure::<dyn Fn(JsValue, JsValue)>::new(move |name: JsValue, value: JsValue| {
                let name = name.as_string().unwrap_or_default();
                if let Some(text) = value.as_string() {
                    dispatcher.dispatch(Action::Import {
                        name: String::new(),
                        source: Source::Paste(text),
                    });
                } else if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
                    on_read.emit((name, Some(bytes.to_vec())));
                }
            });
        call("onUpdate", &[ready.as_ref()]);
        call("onOpen", &[take.as_ref()]);
        // The script calls them for as long as the page lives.
        ready.forget();
        take.forget();
        Some(())
    });
}
