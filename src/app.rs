//! The root component: one reducer for the app state, passed down as data
//! and callbacks.

use yew::prelude::*;

use web_sys::DragEvent;

use crate::components::file_open::{read_files, FileOpen, FileRead};
use crate::components::library::Library;
use crate::components::paste_box::PasteBox;
use crate::components::transcript_view::TranscriptView;
use crate::state::{Action, AppState};

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);

    let on_select = {
        let state = state.dispatcher();
        Callback::from(move |index: usize| state.dispatch(Action::Select(index)))
    };
    let on_explore = {
        let state = state.dispatcher();
        Callback::from(move |text: String| state.dispatch(Action::Paste(text)))
    };
    let on_read = {
        let state = state.dispatcher();
        Callback::from(move |(name, bytes): FileRead| match bytes {
            Some(bytes) => state.dispatch(Action::OpenFile { name, bytes }),
            None => state.dispatch(Action::ReadFailed { name }),
        })
    };
    // A file dropped anywhere on the page opens like a picked one.
    let dragging = use_state_eq(|| false);
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            // Leaving for a child element is not leaving the page.
            if event.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let ondrop = {
        let dragging = dragging.clone();
        let on_read = on_read.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            if let Some(files) = event.data_transfer().and_then(|d| d.files()) {
                read_files(files, on_read.clone());
            }
        })
    };
    let names: Vec<String> = state.entries.iter().map(|e| e.name.clone()).collect();

    html! {
        <div class={classes!("app", dragging.then_some("dragging"))} {ondragover} {ondragleave} {ondrop}>
            <header class="app-header">
                <h1>{ "Transcript Explorer" }</h1>
                <p class="tagline">{ "Read, filter and share transcripts. Everything stays in your browser." }</p>
            </header>
            <div class="layout">
                <aside class="sidebar">
                    <Library {names} selected={state.selected} {on_select} />
                    <PasteBox {on_explore} />
                    <FileOpen {on_read} />
                    if let Some(error) = &state.error {
                        <p class="error" role="alert">{ error }</p>
                    }
                </aside>
                <main class="reader">
                    if let Some(entry) = state.current() {
                        <TranscriptView name={entry.name.clone()} transcript={entry.transcript.clone()} />
                    } else {
                        <p>{ "The library is empty: paste a transcript to begin." }</p>
                    }
                </main>
            </div>
        </div>
    }
}
