//! Keys: `/` anywhere but a text field focuses the search box, and `?`
//! opens the list of keyboard shortcuts.

use gloo_events::{EventListener, EventListenerOptions};
use transcript_core::view::{find_key, FindAction, KeyFocus};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::use_listener;

#[hook]
pub fn use_search_key(search_input: &NodeRef, on_shortcuts: Callback<bool>) {
    let search_input = search_input.clone();
    use_listener(move || {
        let document = web_sys::window()?.document()?;
        // Not passive: the `/` must not also be typed into the box.
        let options = EventListenerOptions::enable_prevent_default();
        Some(EventListener::new_with_options(
            &document,
            "keydown",
            options,
            move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                let typing = event
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlElement>().ok())
                    .is_some_and(|el| {
                        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    });
                let focus = if typing {
                    KeyFocus::OtherInput
                } else {
                    KeyFocus::Page
                };
                match find_key(&event.key(), event.shift_key(), focus) {
                    Some(FindAction::FocusSearch) => {
                        if let Some(input) = search_input.cast::<HtmlInputElement>() {
                            event.prevent_default();
                            let _ = input.focus();
                            input.select();
                        }
                    }
                    Some(FindAction::ShowShortcuts) => {
                        event.prevent_default();
                        on_shortcuts.emit(true);
                    }
                    _ => {}
                }
            },
        ))
    });
}
