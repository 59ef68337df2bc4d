//! The view lives in the URL fragment: a new transcript or filter is a
//! history entry (the back button undoes it), typing a search replaces the
//! current one. The open transcript's speaker edits go with it, and so does
//! a transcript that came with a link and is not kept, so a reload shows
//! the same thing. The back and forward buttons, and a fragment edited by
//! hand, are followed by the reducer ([`Action::FollowFragment`]).

use gloo_events::EventListener;
use transcript_core::share::link_fragment;
use transcript_core::view::ViewState;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::{use_listener, State};
use crate::by_ptr::ByPtr;
use crate::state::Action;

/// The page's URL fragment, without `#`, if there is one.
pub fn current_fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let hash = hash.trim_start_matches('#');
    (!hash.is_empty()).then(|| hash.to_string())
}

/// The page's address without its fragment: where a share link points.
pub fn page_url() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    match href.split_once('#') {
        Some((page, _)) => page.to_string(),
        None => href,
    }
}

#[hook]
pub fn use_url(state: &State) {
    // What this hook last wrote: typing in the search box replaces it
    // rather than adding a history entry per keystroke.
    let last = use_mut_ref(|| None::<ViewState>);
    let current = state.current();
    let edits = current.map(|e| e.edits.clone()).unwrap_or_default();
    let payload = current
        .filter(|e| e.is_pending())
        .and_then(|e| e.payload().cloned())
        .map(ByPtr);
    use_effect_with(
        (state.view.clone(), edits, payload, state.loading()),
        move |(view, edits, payload, loading)| {
            // The URL says what the page is opening: it waits for it.
            if !*loading {
                let fragment = format!(
                    "#{}",
                    link_fragment(view, edits, payload.as_ref().map(|p| &*p.0))
                );
                let typing = last.borrow().as_ref().is_some_and(|l| {
                    ViewState {
                        query: view.query.clone(),
                        turn: view.turn,
                        ..l.clone()
                    } == *view
                });
                let first = last.borrow().is_none();
                *last.borrow_mut() = Some(view.clone());
                write(&fragment, typing || first, first);
            }
        },
    );
    let dispatcher = state.dispatcher();
    use_listener(move || {
        let window = web_sys::window()?;
        Some(EventListener::new(&window, "popstate", move |_| {
            if let Some(fragment) = current_fragment() {
                dispatcher.dispatch(Action::FollowFragment(fragment));
            }
        }))
    });
}

/// Puts `fragment` in the address bar: replacing the current history entry
/// or adding one. A page opened without a fragment keeps none at first.
fn write(fragment: &str, replace: bool, first: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let current = window.location().hash().unwrap_or_default();
    if current == fragment || (first && current.is_empty()) {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = if replace {
            history.replace_state_with_url(&JsValue::NULL, "", Some(fragment))
        } else {
            history.push_state_with_url(&JsValue::NULL, "", Some(fragment))
        };
    }
}
