//! The paste box: a labelled textarea and an "Explore" button.
//!
//! A large paste (over [`HOLD_CHARS`] characters) is held by the component
//! instead of the textarea, which shows a line saying what is held: laying
//! out a textarea of 100 MB holds the browser's main thread for minutes (it
//! wraps every one of its lines), while the text itself is only read once,
//! by the import. A paste is caught before the browser inserts it; text put
//! into the box some other way (a script, drag and drop) is taken out at its
//! `input` event, before the browser lays it out.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Pastes longer than this (in UTF-16 code units, as the browser counts)
/// are held outside the textarea.
pub const HOLD_CHARS: u32 = 1_000_000;

#[derive(Properties, PartialEq)]
pub struct PasteBoxProps {
    pub on_explore: Callback<String>,
}

/// What the box says of a held paste: its size and lines.
pub fn held_summary(text: &str) -> String {
    let lines = text.lines().count();
    let mb = text.len() as f64 / (1024.0 * 1024.0);
    format!(
        "A pasted text of {} MB ({} lines) is ready: Explore opens it.",
        crate::components::decimal(mb, 1),
        crate::components::thousands(lines)
    )
}

#[function_component(PasteBox)]
pub fn paste_box(props: &PasteBoxProps) -> Html {
    let textarea = use_node_ref();
    // The held paste and what the box says of it.
    let held = use_state(|| None::<(Rc<str>, String)>);
    let hold = {
        let held = held.clone();
        move |text: String| {
            let summary = held_summary(&text);
            held.set(Some((Rc::from(text), summary)));
        }
    };
    let onpaste = {
        let hold = hold.clone();
        Callback::from(move |event: Event| {
            let Some(text) = event
                .dyn_ref::<web_sys::ClipboardEvent>()
                .and_then(|e| e.clipboard_data())
                .and_then(|d| d.get_data("text/plain").ok())
            else {
                return;
            };
            if text.encode_utf16().nth(HOLD_CHARS as usize).is_some() {
                event.prevent_default();
                hold(text);
            }
        })
    };
    let oninput = {
        let textarea = textarea.clone();
        let held = held.clone();
        Callback::from(move |_: InputEvent| {
            let Some(area) = textarea.cast::<HtmlTextAreaElement>() else {
                return;
            };
            if area.text_length() > HOLD_CHARS {
                let text = area.value();
                area.set_value("");
                hold(text);
            } else if held.is_some() && area.text_length() > 0 {
                // Typing starts a new paste: the held one goes.
                held.set(None);
            }
        })
    };
    let onsubmit = {
        let textarea = textarea.clone();
        let held = held.clone();
        let on_explore = props.on_explore.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some((text, _)) = held.as_ref() {
                on_explore.emit(text.to_string());
                held.set(None);
            } else if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
                on_explore.emit(area.value());
            }
        })
    };
    let clear = {
        let held = held.clone();
        Callback::from(move |_: MouseEvent| held.set(None))
    };
    html! {
        <form class="paste-box" {onsubmit}>
            <label for="paste">{ "Paste a transcript" }</label>
            <textarea
                id="paste"
                ref={textarea}
                rows="6"
                spellcheck="false"
                placeholder="Ana: Hello there.\nBen: Hi, Ana."
                {onpaste}
                {oninput}
            />
            <p class="held" role="status">
                if let Some((_, summary)) = held.as_ref() {
                    { summary.clone() }
                    <button type="button" class="small" onclick={clear}>{ "Clear" }</button>
                }
            </p>
            <button type="submit">{ "Explore" }</button>
        </form>
    }
}
