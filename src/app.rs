//! The root component: one reducer for the app state, passed down as data
//! and callbacks.

use yew::prelude::*;

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
    let names: Vec<String> = state.entries.iter().map(|e| e.name.clone()).collect();

    html! {
        <div class="app">
            <header class="app-header">
                <h1>{ "Transcript Explorer" }</h1>
                <p class="tagline">{ "Read, filter and share transcripts. Everything stays in your browser." }</p>
            </header>
            <div class="layout">
                <aside class="sidebar">
                    <Library {names} selected={state.selected} {on_select} />
                    <PasteBox {on_explore} error={state.error.clone()} />
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
