//! The root component: one reducer for the app state ([`crate::state`]),
//! the effects that carry out what it asks for ([`crate::hooks`]), and the
//! page's layout, passing data and callbacks down. The callbacks are
//! action constructors; what the reader sees is derived from the state,
//! never stored twice.

use transcript_core::library;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::by_ptr::ByPtr;
use crate::clipboard;
use crate::components::counted;
use crate::components::file_open::{FileOpen, FileRead};
use crate::components::find_bar::FindBar;
use crate::components::library::{Item, Library};
use crate::components::paste_box::PasteBox;
use crate::components::read_as::ReadAsMenu;
use crate::components::share_panel::SharePanel;
use crate::components::shortcuts::Shortcuts;
use crate::components::speakers::Speakers;
use crate::components::topics::{Timeline, TopicChips};
use crate::components::transcript_header::TranscriptHeader;
use crate::components::turn_list::TurnList;
use crate::hooks::drop::use_drop;
use crate::hooks::imports::{use_imports, use_library_file};
use crate::hooks::keys::use_search_key;
use crate::hooks::persist::{initial_state, use_persistence};
use crate::hooks::share::{use_exports, use_share, use_turn_link};
use crate::hooks::shell::{update, use_shell};
use crate::hooks::tabs::use_other_tabs;
use crate::hooks::url::use_url;
use crate::hooks::view::use_reading_view;
use crate::hooks::work::use_worker_jobs;
use crate::hooks::{send, use_workers, State};
use crate::state::{Action, Source, STEPS};

/// A file picked or dropped: a library file is imported into the library,
/// anything else is read as a transcript.
fn on_read(state: &State, import_library: Callback<FileRead>) -> Callback<FileRead> {
    let dispatcher = state.dispatcher();
    Callback::from(move |(name, bytes): FileRead| match bytes {
        Some(bytes)
            if library::is_library(&String::from_utf8_lossy(
                bytes.get(..256).unwrap_or(&bytes),
            )) =>
        {
            import_library.emit((name, Some(bytes)))
        }
        Some(bytes) => dispatcher.dispatch(Action::Import {
            name,
            source: Source::File(bytes),
        }),
        None => dispatcher.dispatch(Action::Failed(format!(
            "{name}: the browser could not read this file. Try opening it again."
        ))),
    })
}

/// The library as one file, downloaded.
fn export_library(state: &State) -> Callback<()> {
    let state = state.clone();
    Callback::from(move |_| {
        let date = String::from(js_sys::Date::new_0().to_iso_string());
        let file = format!(
            "{}-{}.json",
            library::FILE_STEM,
            date.get(..10).unwrap_or("export")
        );
        let text = crate::stored::library_file(&state.library());
        if let Err(message) = clipboard::download(&file, "application/json", &text) {
            state.dispatch(Action::Failed(message));
        }
    })
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    let workers = use_workers();
    let search_input = use_node_ref();
    use_url(&state);
    use_other_tabs(&state, &workers);
    use_persistence(&state);
    use_search_key(&search_input, send(&state, Action::SetShortcutsOpen));
    use_worker_jobs(&state, &workers);
    use_imports(&state, &workers);
    use_share(&state, &workers);
    let (visible, choices, chips) = use_reading_view(&state);
    let on_import_library = use_library_file(&state, &workers);
    let on_read = on_read(&state, on_import_library.clone());
    use_shell(&state, on_read.clone());
    let drop = use_drop(&state, on_read.clone());
    let on_link = use_turn_link(&state);
    let (exports, make_export) = use_exports(&state, &workers, visible.rows.clone());

    let items: Vec<Item> = state
        .entries
        .iter()
        .map(|e| Item {
            id: e.id.clone(),
            name: e.name.clone(),
            bundled: e.is_bundled(),
        })
        .collect();
    let current = state.current();
    let editing = current.map(|e| (ByPtr(e.original.clone()), e.edits.clone()));
    let share_note: Option<AttrValue> = current.is_none().then(|| {
        "This link opens “All transcripts” in the receiver's own library. \
         To send a transcript you added, open it and share it from there."
            .into()
    });
    let link = state.share_open.then(|| state.link_out(None));
    let on_topic = send(&state, Action::ToggleTopic);
    let count = visible.match_count;

    // Scroll to the current match, else to the turn a link selected.
    let active = state
        .active_match
        .and_then(|n| visible.match_rows.get(n).map(|&row| (row, n)));
    let focus_row = active.map(|(row, _)| row).or_else(|| {
        let turn = state.view.turn?;
        visible.rows.iter().position(|r| r.turn == turn)
    });
    let active_mark = active.map(|(row, n)| {
        let first_in_row = visible
            .match_rows
            .iter()
            .position(|&r| r == row)
            .unwrap_or(n);
        (row, n - first_in_row)
    });

    // The fragment holds the view: the skip link moves focus to the reading
    // column itself rather than navigate to `#reader`.
    let skip_to_reader = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        let turns = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("reader"))
            .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok());
        if let Some(turns) = turns {
            let _ = turns.focus();
        }
    });

    html! {
        <div class={classes!("app", state.dragging.then_some("dragging"))} ondragover={drop.ondragover} ondragleave={drop.ondragleave} ondrop={drop.ondrop}>
            <a class="skip-link" href="#reader" onclick={skip_to_reader}>{ "Skip to the transcript" }</a>
            <header class="app-header">
                <h1>{ "Transcript Explorer" }</h1>
                <p class="tagline">{ "Read, filter and share transcripts. Everything stays in your browser." }</p>
                <Shortcuts open={state.shortcuts_open} on_open={send(&state, Action::SetShortcutsOpen)} />
            </header>
            <div class="layout">
                <aside class="sidebar">
                    <Library {items} open={state.open()} on_open={send(&state, Action::Open)}
                        on_rename={send(&state, |(id, name)| Action::Rename { id, name })}
                        on_remove={send(&state, Action::Remove)} on_export={export_library(&state)} on_import={on_import_library}
                        usage={state.usage.as_ref().map(|u| u.line())} />
                    <Speakers {choices} selected={state.view.speakers.clone()} on_select={send(&state, Action::SetSpeakers)} {editing} on_edit={send(&state, Action::EditSpeakers)} />
                    <TopicChips tags={chips} selected={state.view.topics.clone()} on_toggle={on_topic.clone()} />
                    <details class="add" open={state.entries.iter().all(|e| e.is_bundled())}>
                        <summary>{ "Add a transcript" }</summary>
                        <PasteBox on_explore={send(&state, |text| Action::Import { name: String::new(), source: Source::Paste(text) })} />
                        <FileOpen {on_read} />
                    </details>
                </aside>
                <main class="reader" id="reader" tabindex="-1">
                    if let Some(p) = state.importing() {
                        <div class="import-progress" role="status">
                            <label for="import-progress">{ format!("Opening “{}”: {} (step {} of {STEPS})…", p.name, p.label, p.step) }</label>
                            <progress id="import-progress" max={STEPS.to_string()} value={(p.step - 1).to_string()} />
                            <button type="button" class="small" onclick={send(&state, |_| Action::CancelImports)}>{ "Cancel" }</button>
                        </div>
                    }
                    if let Some(error) = &state.error {
                        <div class="error" role="alert">
                            <p>{ error }</p>
                            <button type="button" class="small" onclick={send(&state, |_| Action::DismissError)}>{ "Dismiss" }</button>
                        </div>
                    }
                    if let Some(entry) = current.filter(|e| e.is_pending()) {
                        <div class="pending" role="region" aria-label="Shared transcript">
                            <p>{ "This transcript came with the link you opened. It is not in your library." }</p>
                            <button type="button" onclick={send(&state, { let id = entry.id.clone(); move |_| Action::Keep(id.clone()) })}>{ "Keep in library" }</button>
                            <button type="button" class="small" onclick={send(&state, { let id = entry.id.clone(); move |_| Action::Discard(id.clone()) })}>{ format!("Close “{}”", entry.name) }</button>
                        </div>
                    }
                    if let Some(entry) = current {
                        <TranscriptHeader name={entry.name.clone()} transcript={ByPtr(entry.transcript.clone())} />
                        if let Some(reading) = entry.reading().cloned() {
                            <ReadAsMenu reading={ByPtr(reading)} on_read_as={send(&state, Action::ReadAs)} />
                        }
                        <Timeline transcript={ByPtr(entry.transcript.clone())} topics={ByPtr(entry.topics().cloned().unwrap_or_default())} on_jump={send(&state, |turn| Action::SelectTurn(Some(turn)))} selected={state.view.turn} />
                    } else {
                        <header class="transcript-header">
                            <h2>{ "All transcripts" }</h2>
                            <p class="facts">{ format!("{} · {} shown", counted(state.entries.len(), "transcript", "transcripts"), counted(visible.rows.len(), "turn", "turns")) }</p>
                        </header>
                    }
                    <SharePanel {link} on_toggle={send(&state, Action::SetShareOpen)} {exports} {make_export} note={share_note} />
                    <FindBar
                        query={state.view.query.clone()}
                        match_count={count}
                        active={state.active_match}
                        mode={visible.mode}
                        context={state.view.context}
                        input={search_input.clone()}
                        on_query={send(&state, Action::SetQuery)}
                        on_step={send(&state, move |forward| Action::StepMatch { forward, count })}
                        on_context={send(&state, Action::SetContext)}
                    />
                    if visible.hidden > 0 {
                        <div class="repeats">
                            <span>{ format!("{} {}", counted(visible.hidden, "repeated passage", "repeated passages"), if state.show_repeats { "shown" } else { "hidden" }) }</span>
                            <label class="check">
                                <input type="checkbox" checked={state.show_repeats} onchange={send(&state, |e: Event| Action::SetShowRepeats(e.target_unchecked_into::<HtmlInputElement>().checked()))} />
                                { "Show repeated passages" }
                            </label>
                        </div>
                    }
                    if visible.rows.is_empty() {
                        <p class="empty" role="status">{ "No turns match these filters." }</p>
                    }
                    <p class="notice" role="status">{ state.notice.clone() }</p>
                    if state.update_ready {
                        <p class="update" role="status">
                            { "A new version is ready: " }
                            <button type="button" class="small" onclick={Callback::from(|_| update())}>{ "reload" }</button>
                        </p>
                    }
                    <TurnList rows={visible.rows.clone()} {focus_row} {active_mark} show_repeats={state.show_repeats} on_tag={on_topic} selected_tags={state.view.topics.clone()} selected_turn={state.view.turn} on_link={current.map(|_| on_link)} />
                </main>
            </div>
        </div>
    }
}
