//! The root component: one reducer for the app state, passed down as data
//! and callbacks. Storage writes and file reads happen here, at the edge;
//! their outcome is dispatched to the reducer.

use std::rc::Rc;

use web_sys::DragEvent;
use yew::prelude::*;

use crate::by_ptr::ByPtr;
use crate::components::file_open::{read_files, FileOpen, FileRead};
use crate::components::library::{Item, Library};
use crate::components::paste_box::PasteBox;
use crate::components::transcript_header::TranscriptHeader;
use crate::components::turn_list::{Row, TurnList};
use crate::state::{Action, AppState, Entry, Open};
use crate::storage::{self, StoredEntry};

/// Stores a new entry and dispatches it, with a sentence if it could not be kept.
fn add(state: &UseReducerDispatcher<AppState>, parsed: Result<Entry, String>) {
    match parsed {
        Ok(entry) => {
            let stored = StoredEntry {
                id: entry.id.clone(),
                name: entry.name.clone(),
                text: entry.text.to_string(),
            };
            let notice = storage::save(&stored).err();
            state.dispatch(Action::Added { entry, notice });
        }
        Err(message) => state.dispatch(Action::Failed(message)),
    }
}

/// The rows of the reading view: one transcript's turns with its section
/// headings, or every transcript's turns with their names.
fn rows_for(state: &AppState) -> Vec<Row> {
    let no_marks: ByPtr<[std::ops::Range<usize>]> = ByPtr(Rc::from(Vec::new()));
    let mut rows = Vec::new();
    let mut push_rows = |entry: &Entry, source: Option<ByPtr<str>>| {
        let t = ByPtr(entry.transcript.clone());
        rows.extend((0..t.turns.len()).map(|turn| {
            Row {
                transcript: t.clone(),
                turn,
                source: source.clone(),
                section: t
                    .sections
                    .iter()
                    .find(|s| s.turn == turn)
                    .map(|s| ByPtr(Rc::from(s.title.as_str()))),
                marks: no_marks.clone(),
                context: false,
            }
        }));
    };
    match state.current() {
        Some(entry) => push_rows(entry, None),
        None => {
            for e in &state.entries {
                push_rows(e, Some(ByPtr(Rc::from(e.name.as_str()))));
            }
        }
    }
    rows
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let (stored, error) = storage::load();
        let mut unreadable = 0;
        let entries: Vec<Entry> = stored
            .into_iter()
            .filter_map(|s| {
                let entry = Entry::parse(s.id, Some(s.name), &s.text, "Transcript").ok();
                unreadable += usize::from(entry.is_none());
                entry
            })
            .collect();
        let error = error.or_else(|| {
            (unreadable > 0).then(|| {
                format!("{unreadable} stored transcript(s) could not be parsed and are not shown.")
            })
        });
        AppState::new(entries, error)
    });

    let on_open = {
        let state = state.dispatcher();
        Callback::from(move |open: Open| state.dispatch(Action::Open(open)))
    };
    let on_explore = {
        let dispatcher = state.dispatcher();
        let fallback = state.next_paste_name();
        Callback::from(move |text: String| {
            add(
                &dispatcher,
                Entry::parse(storage::new_id(), None, &text, &fallback),
            );
        })
    };
    let on_read = {
        let dispatcher = state.dispatcher();
        Callback::from(move |(name, bytes): FileRead| match bytes {
            Some(bytes) => add(
                &dispatcher,
                Entry::parse_file(storage::new_id(), name, &bytes),
            ),
            None => dispatcher.dispatch(Action::Failed(format!(
                "{name}: the browser could not read this file. Try opening it again."
            ))),
        })
    };
    let on_rename = {
        let state = state.clone();
        Callback::from(move |(id, name): (String, String)| {
            let name = name.trim().to_string();
            if let Some(entry) = state.entries.iter().find(|e| e.id == id && !e.bundled) {
                if !name.is_empty() {
                    let stored = StoredEntry {
                        id: id.clone(),
                        name: name.clone(),
                        text: entry.text.to_string(),
                    };
                    if let Err(message) = storage::save(&stored) {
                        state.dispatch(Action::Failed(message));
                    }
                }
            }
            state.dispatch(Action::Rename { id, name });
        })
    };
    let on_remove = {
        let state = state.dispatcher();
        Callback::from(move |id: String| match storage::remove(&id) {
            Ok(()) => state.dispatch(Action::Remove { id }),
            Err(message) => state.dispatch(Action::Failed(message)),
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

    let items: Vec<Item> = state
        .entries
        .iter()
        .map(|e| Item {
            id: e.id.clone(),
            name: e.name.clone(),
            bundled: e.bundled,
        })
        .collect();
    let rows = {
        let state = state.clone();
        let key = (
            state.open.clone(),
            state
                .entries
                .iter()
                .map(|e| (e.id.clone(), e.name.clone()))
                .collect::<Vec<_>>(),
        );
        use_memo(key, move |_| ByPtr(Rc::new(rows_for(&state))))
    };
    let dismiss = {
        let state = state.dispatcher();
        Callback::from(move |_| state.dispatch(Action::DismissError))
    };

    html! {
        <div class={classes!("app", dragging.then_some("dragging"))} {ondragover} {ondragleave} {ondrop}>
            <header class="app-header">
                <h1>{ "Transcript Explorer" }</h1>
                <p class="tagline">{ "Read, filter and share transcripts. Everything stays in your browser." }</p>
            </header>
            <div class="layout">
                <aside class="sidebar">
                    <Library {items} open={state.open.clone()} {on_open} {on_rename} {on_remove} />
                    <PasteBox {on_explore} />
                    <FileOpen {on_read} />
                </aside>
                <main class="reader">
                    if let Some(error) = &state.error {
                        <div class="error" role="alert">
                            <p>{ error }</p>
                            <button type="button" class="small" onclick={dismiss}>{ "Dismiss" }</button>
                        </div>
                    }
                    if let Some(entry) = state.current() {
                        <TranscriptHeader name={entry.name.clone()} transcript={ByPtr(entry.transcript.clone())} />
                    } else {
                        <header class="transcript-header">
                            <h2>{ "All transcripts" }</h2>
                            <p class="facts">{ format!("{} transcripts · {} turns", state.entries.len(), rows.len()) }</p>
                        </header>
                    }
                    <TurnList rows={(*rows).clone()} />
                </main>
            </div>
        </div>
    }
}
