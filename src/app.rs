//! The root component: one reducer for the app state, passed down as data
//! and callbacks. Storage writes, the URL fragment and file reads happen
//! here, at the edge; their outcome is dispatched to the reducer. What the
//! reader sees is derived from the state with `use_memo`, never stored twice.

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use transcript_core::dedup::Duplicates;
use transcript_core::export::{self, ExportFormat};
use transcript_core::library::{self, StoredEntry};
use transcript_core::share::{link_fragment, LinkSize};
use transcript_core::topics::Topics;
use transcript_core::view::{
    find_key, visible_turns, FindAction, KeyFocus, SpeakerEdits, ViewState,
};
use transcript_core::Transcript;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::by_ptr::ByPtr;
use crate::clipboard;
use crate::components::file_open::{read_files, FileOpen, FileRead};
use crate::components::find_bar::FindBar;
use crate::components::library::{Item, Library};
use crate::components::paste_box::PasteBox;
use crate::components::read_as::ReadAsMenu;
use crate::components::share_panel::LinkOut;
use crate::components::share_panel::{ExportChoice, Exported, SharePanel};
use crate::components::speakers::{choices_across, choices_for, SpeakerChoice, Speakers};
use crate::components::topics::{Timeline, TopicChips, CHIPS};
use crate::components::transcript_header::TranscriptHeader;
use crate::components::turn_list::{Row, TurnList};
use crate::jobs::{self, import, shown_name, Progress, STEPS};
use crate::state::{
    is_bundled, link_action, Action, AppState, Entry, LibraryChange, LinkPlan, Open, Source,
};
use crate::storage;
use crate::worker::Workers;

/// Dispatches a new entry, then stores it, with a sentence if it could not
/// be kept. Drawing a large transcript and storing its text each take a
/// while: it is drawn first (the reader sees it at once), and stored once
/// the browser has painted it, or when the page is left, if that is sooner.
async fn add(state: &UseReducerDispatcher<AppState>, parsed: Result<Entry, String>) {
    match parsed {
        Ok(entry) => {
            let stored = entry.stored();
            state.dispatch(Action::Added {
                entry,
                notice: None,
            });
            if let Err(message) = storage::save_after_paint(stored).await {
                state.dispatch(Action::Failed(message));
            }
        }
        Err(message) => state.dispatch(Action::Failed(message)),
    }
}

/// The reading view derived from the state: rows to render and the search's
/// match count.
#[derive(Clone, PartialEq)]
struct Visible {
    rows: ByPtr<Vec<Row>>,
    match_count: usize,
    mode: Option<transcript_core::search::SearchMode>,
    /// Row index of each match, in order, for next/previous.
    match_rows: Rc<Vec<usize>>,
    /// Repeated passages collapsed in what is shown.
    hidden: usize,
}

/// Carries out what a link asks for: at once, or once the worker has
/// unpacked the transcript it carries.
async fn show_link(
    workers: &Workers,
    dispatcher: &UseReducerDispatcher<AppState>,
    plan: Result<LinkPlan, String>,
) {
    match plan {
        Ok(LinkPlan::Ready(action)) => dispatcher.dispatch(action),
        Ok(LinkPlan::Carried {
            payload,
            view,
            edits,
        }) => match jobs::open_link(workers, &payload).await {
            Ok(entry) => dispatcher.dispatch(LinkPlan::show(view, edits, entry)),
            Err(message) => dispatcher.dispatch(Action::Failed(message)),
        },
        Err(message) => dispatcher.dispatch(Action::Failed(message)),
    }
}

thread_local! {
    /// The stored transcripts the page opened with, read again by the
    /// worker once the page is up (see `initial_state`).
    static TO_RESTORE: std::cell::RefCell<Vec<StoredEntry>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The URL's view waits for them (it names one, or carries a transcript).
    static FOLLOW_URL: Cell<bool> = const { Cell::new(false) };
}

/// The filters' choices: speakers with word counts, and topic chips (the
/// open transcript's top tags, or the most common ones across all).
/// Topic chips: labels and how many turns each occurs in.
type Chips = Rc<Vec<(String, usize)>>;

fn choices(state: &AppState) -> (Rc<Vec<SpeakerChoice>>, Chips) {
    match state.current() {
        Some(entry) => {
            let chips = entry
                .topics
                .tags
                .iter()
                .take(CHIPS)
                .map(|t| (t.label.clone(), t.turns.len()));
            (
                Rc::new(choices_for(&entry.transcript)),
                Rc::new(chips.collect()),
            )
        }
        None => {
            let mut chips: Vec<(String, usize)> = Vec::new();
            for e in &state.entries {
                for t in e.topics.tags.iter().take(CHIPS) {
                    match chips.iter_mut().find(|(l, _)| *l == t.label) {
                        Some((_, n)) => *n += t.turns.len(),
                        None => chips.push((t.label.clone(), t.turns.len())),
                    }
                }
            }
            chips.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
            chips.truncate(CHIPS);
            let speakers = choices_across(state.entries.iter().map(|e| e.transcript.as_ref()));
            (Rc::new(speakers), Rc::new(chips))
        }
    }
}

fn visible(state: &AppState, across: Option<&ByPtr<Duplicates>>) -> Visible {
    let view = &state.view;
    let mut rows = Vec::new();
    let mut match_count = 0;
    let mut mode = None;
    let mut match_rows = Vec::new();
    let mut hidden = 0;
    let mut push = |index: usize, entry: &Entry, source: Option<ByPtr<str>>| {
        let t = &entry.transcript;
        // In "All transcripts", a transcript none of the chosen speakers is in shows nothing.
        if source.is_some()
            && !view.speakers.is_empty()
            && !t.speakers.iter().any(|s| view.speakers.contains(&s.name))
        {
            return;
        }
        let labels = entry.topic_labels();
        let filter = view.filter(t, &labels);
        // With topics chosen, a transcript that has none of them shows nothing.
        if !view.topics.is_empty() && filter.topics.is_empty() {
            return;
        }
        let shown = visible_turns(t, &entry.index, &filter, entry.topics.as_ref());
        // "All transcripts" folds passages repeated across transcripts too.
        let (duplicates, dup_index) = match across {
            Some(across) => (across.clone(), index),
            None => (ByPtr(entry.duplicates.clone()), 0),
        };
        let topics = ByPtr(entry.topics.clone());
        hidden += duplicates.hidden_in(dup_index);
        let sections: HashMap<usize, &str> = t
            .sections
            .iter()
            .rev()
            .map(|s| (s.turn, s.title.as_str()))
            .collect();
        let shared = ByPtr(t.clone());
        mode = mode.or(shown.mode);
        match_count += shown.match_count;
        for r in shown.rows {
            for _ in 0..r.matches.len() {
                match_rows.push(rows.len());
            }
            rows.push(Row {
                transcript: shared.clone(),
                turn: r.turn,
                source: source.clone(),
                section: sections.get(&r.turn).map(|s| ByPtr(Rc::from(*s))),
                marks: ByPtr(Rc::from(r.matches)),
                context: r.is_context,
                topics: topics.clone(),
                duplicates: duplicates.clone(),
                dup_index,
            });
        }
    };
    match state.current() {
        Some(entry) => push(0, entry, None),
        None => {
            for (i, e) in state.entries.iter().enumerate() {
                push(i, e, Some(ByPtr(Rc::from(e.name.as_str()))));
            }
        }
    }
    Visible {
        rows: ByPtr(Rc::new(rows)),
        match_count,
        mode,
        match_rows: Rc::new(match_rows),
        hidden,
    }
}

/// The page's address without its fragment: where a share link points.
fn page_url() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    match href.split_once('#') {
        Some((page, _)) => page.to_string(),
        None => href,
    }
}

/// A file name for an export of the transcript called `name`: its name
/// without an extension, with characters file systems refuse replaced.
fn file_stem(name: &str) -> String {
    let stem = name
        .rsplit_once('.')
        .filter(|(stem, ext)| !stem.is_empty() && ext.len() <= 4)
        .map_or(name, |(stem, _)| stem);
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim().trim_matches('.');
    if clean.is_empty() {
        "transcript".to_string()
    } else {
        clean.chars().take(80).collect()
    }
}

/// Copies a link to a turn, unless it is too long to open.
fn copy_turn_link(link: String, notice: UseStateHandle<String>) {
    if LinkSize::of(link.chars().count()) == LinkSize::TooLong {
        notice.set(
            "This transcript is too long for a link: use Share or export to save it as a file."
                .to_string(),
        );
        return;
    }
    clipboard::copy(
        link,
        "link to this turn",
        Callback::from(move |s: String| notice.set(s)),
    );
}

/// The page's URL fragment, without `#`, if there is one.
fn current_fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let hash = hash.trim_start_matches('#');
    (!hash.is_empty()).then(|| hash.to_string())
}

/// The page as it opens: the bundled transcripts with their stored changes,
/// and the view from the URL where it needs nothing more. The stored
/// transcripts are read again by the worker once the page is up (then the
/// view from the URL, if it names one of them or carries a transcript):
/// meanwhile `loading` is set.
fn initial_state() -> AppState {
    let (stored_entries, error) = storage::load();
    let mut state = AppState::new(Vec::new(), error);
    let mut to_restore = Vec::new();
    for stored in stored_entries {
        if is_bundled(&stored.id) {
            // A bundled transcript only takes a name and edits: cannot fail.
            let _ = state.follow(stored, None);
        } else {
            to_restore.push(stored);
        }
    }
    let mut later = !to_restore.is_empty();
    TO_RESTORE.with(|r| *r.borrow_mut() = to_restore);
    if let Some(fragment) = current_fragment() {
        match link_action(&state, &fragment) {
            Ok(LinkPlan::Ready(action)) => {
                let here = match &action {
                    Action::ShowLink { view, .. } => {
                        view.transcript.is_empty()
                            || view.transcript == crate::state::ALL
                            || state.entries.iter().any(|e| e.id == view.transcript)
                    }
                    _ => true,
                };
                if here {
                    state = Rc::new(state).reduce(action).as_ref().clone();
                    // Shown: what comes later only joins the library.
                    state.loading = later;
                    return state;
                }
                later = true;
            }
            Ok(LinkPlan::Carried { .. }) => later = true,
            Err(message) => state.error = Some(message),
        }
        FOLLOW_URL.with(|f| f.set(later));
    }
    state.loading = later;
    state
}

/// Reads the stored library again in the worker, then follows the URL.
async fn finish_loading(
    workers: Workers,
    dispatcher: UseReducerDispatcher<AppState>,
    snapshot: AppState,
) {
    let follow_url = FOLLOW_URL.with(Cell::get);
    let stored = TO_RESTORE.with(|r| std::mem::take(&mut *r.borrow_mut()));
    let mut entries = Vec::new();
    let mut unreadable = Vec::new();
    for s in &stored {
        match jobs::restore(&workers, s).await {
            Ok(entry) => entries.push(entry),
            Err(_) => unreadable.push(s.name.clone()),
        }
    }
    let error = (!unreadable.is_empty()).then(|| {
        format!(
            "{} stored transcript(s) could not be read and are not shown: {}.",
            unreadable.len(),
            unreadable.join(", ")
        )
    });
    let mut state = snapshot;
    if !entries.is_empty() || error.is_some() {
        state = Rc::new(state)
            .reduce(Action::Restored {
                entries: entries.clone(),
                error: error.clone(),
            })
            .as_ref()
            .clone();
        dispatcher.dispatch(Action::Restored { entries, error });
    }
    if follow_url {
        if let Some(fragment) = current_fragment() {
            show_link(&workers, &dispatcher, link_action(&state, &fragment)).await;
        }
    }
    dispatcher.dispatch(Action::Loaded);
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    // The core worker's clients, made once.
    let workers = (*use_memo((), |()| Workers::new())).clone();
    let search_input = use_node_ref();
    let active_match = use_state_eq(|| None::<usize>);

    // The view lives in the URL fragment: a new transcript or filter is a
    // history entry (the back button undoes it), typing a search replaces
    // the current one. The open transcript's speaker edits go with it, and
    // so does a transcript that came with a link and is not kept, so a
    // reload shows the same thing.
    {
        let last = use_mut_ref(|| None::<ViewState>);
        let current = state.current();
        let edits = current.map(|e| e.edits.clone()).unwrap_or_default();
        let payload = current
            .filter(|e| e.pending)
            .and_then(|e| e.payload.clone())
            .map(ByPtr);
        use_effect_with(
            (state.view.clone(), edits, payload, state.loading),
            move |(view, edits, payload, loading)| {
                // The URL says what the page is opening: it waits for it.
                if *loading {
                    return;
                }
                let fragment = format!(
                    "#{}",
                    link_fragment(view, edits, payload.as_ref().map(|p| &*p.0))
                );
                let typing = last.borrow().as_ref().is_some_and(|l: &ViewState| {
                    ViewState {
                        query: view.query.clone(),
                        turn: view.turn,
                        ..l.clone()
                    } == *view
                });
                let first = last.borrow().is_none();
                *last.borrow_mut() = Some(view.clone());
                if let Some(window) = web_sys::window() {
                    let current = window.location().hash().unwrap_or_default();
                    if current != fragment && !(first && current.is_empty()) {
                        if let Ok(history) = window.history() {
                            let _ = if typing || first {
                                history.replace_state_with_url(
                                    &wasm_bindgen::JsValue::NULL,
                                    "",
                                    Some(&fragment),
                                )
                            } else {
                                history.push_state_with_url(
                                    &wasm_bindgen::JsValue::NULL,
                                    "",
                                    Some(&fragment),
                                )
                            };
                        }
                    }
                }
            },
        );
    }
    // The back and forward buttons, and links edited by hand or pasted
    // into the address bar of an open tab.
    {
        let state = state.clone();
        let workers = workers.clone();
        let key = (state.view.clone(), state.entries.len());
        use_effect_with(key, move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "popstate", move |_| {
                    let Some(fragment) = current_fragment() else {
                        return;
                    };
                    let plan = link_action(&state, &fragment);
                    let dispatcher = state.dispatcher();
                    let workers = workers.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        show_link(&workers, &dispatcher, plan).await;
                    });
                })
            });
            move || drop(listener)
        });
    }
    // Another tab changed the library: follow it, so that what this tab
    // stores next is built on the other tab's changes, not over them.
    {
        let dispatcher = state.dispatcher();
        let workers = workers.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "storage", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
                        return;
                    };
                    let (key, value) = (event.key(), event.new_value());
                    let dispatcher = dispatcher.clone();
                    match storage::change(key.as_deref(), value.as_deref()) {
                        // Read again in the worker (the reducer uses it
                        // only if it is new here or has another source).
                        Some(LibraryChange::Stored(stored)) if !is_bundled(&stored.id) => {
                            let workers = workers.clone();
                            wasm_bindgen_futures::spawn_local(async move {
                                let read = jobs::restore(&workers, &stored).await;
                                dispatcher.dispatch(Action::Elsewhere(
                                    LibraryChange::Stored(stored),
                                    Some(read),
                                ));
                            });
                        }
                        Some(change) => dispatcher.dispatch(Action::Elsewhere(change, None)),
                        None => {}
                    }
                })
            });
            move || drop(listener)
        });
    }
    // Leaving the page (a reload, a closed tab): store what is waiting for
    // a paint now, so nothing just added is lost.
    use_effect_with((), move |_| {
        let listener = web_sys::window()
            .map(|window| EventListener::new(&window, "pagehide", |_| storage::save_pending()));
        move || drop(listener)
    });
    // `/` anywhere but a text field focuses the search box.
    {
        let search_input = search_input.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .and_then(|w| w.document())
                .map(|document| {
                    // Not passive: the `/` must not also be typed into the box.
                    let options = EventListenerOptions::enable_prevent_default();
                    EventListener::new_with_options(&document, "keydown", options, move |event| {
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
                        if find_key(&event.key(), event.shift_key(), focus)
                            == Some(FindAction::FocusSearch)
                        {
                            if let Some(input) = search_input.cast::<HtmlInputElement>() {
                                event.prevent_default();
                                let _ = input.focus();
                                input.select();
                            }
                        }
                    })
                });
            move || drop(listener)
        });
    }

    // What the library holds: derived data is recomputed only when it changes.
    let library: Vec<(String, String, ByPtr<Transcript>)> = state
        .entries
        .iter()
        .map(|e| (e.id.clone(), e.name.clone(), ByPtr(e.transcript.clone())))
        .collect();
    // Passages repeated across transcripts, for "All transcripts": the
    // worker works them out; until then each transcript's own are folded.
    let all_open = state.open() == Open::All;
    let shown: Vec<ByPtr<Transcript>> = library.iter().map(|(_, _, t)| t.clone()).collect();
    let across_state = use_state_eq(|| None::<(Vec<ByPtr<Transcript>>, ByPtr<Duplicates>)>);
    {
        let across_state = across_state.clone();
        let workers = workers.clone();
        use_effect_with((all_open, shown.clone()), move |(all, shown)| {
            let done = across_state.as_ref().is_some_and(|(t, _)| t == shown);
            if *all && !done {
                let shown = shown.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let list: Vec<Rc<Transcript>> = shown.iter().map(|t| t.0.clone()).collect();
                    if let Some(d) = jobs::across(&workers, &list).await {
                        across_state.set(Some((shown, ByPtr(Rc::new(d)))));
                    }
                });
            }
        });
    }
    let across: Rc<Option<ByPtr<Duplicates>>> = Rc::new(
        across_state
            .as_ref()
            .filter(|(t, _)| all_open && *t == shown)
            .map(|(_, d)| d.clone()),
    );
    // Topics and repeated passages of transcripts a speaker edit changed.
    {
        let dispatcher = state.dispatcher();
        let workers = workers.clone();
        let stale: Vec<(String, ByPtr<Transcript>)> = state
            .entries
            .iter()
            .filter(|e| e.stale)
            .map(|e| (e.id.clone(), ByPtr(e.transcript.clone())))
            .collect();
        use_effect_with(stale, move |stale| {
            for (id, t) in stale.clone() {
                let dispatcher = dispatcher.clone();
                let workers = workers.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if let Some((topics, duplicates)) = jobs::analyse(&workers, &t.0).await {
                        dispatcher.dispatch(Action::Analysed {
                            id,
                            transcript: t.0,
                            topics: Rc::new(topics),
                            duplicates: Rc::new(duplicates),
                        });
                    }
                });
            }
        });
    }
    // The stored library, read again by the worker once the page is up.
    {
        let state = state.clone();
        let workers = workers.clone();
        use_effect_with((), move |_| {
            if state.loading {
                wasm_bindgen_futures::spawn_local(finish_loading(
                    workers,
                    state.dispatcher(),
                    (*state).clone(),
                ));
            }
        });
    }
    // Topics and repeats change on their own when the worker sends them
    // after a speaker edit.
    let analyses: Vec<(ByPtr<Topics>, ByPtr<Duplicates>)> = state
        .entries
        .iter()
        .map(|e| (ByPtr(e.topics.clone()), ByPtr(e.duplicates.clone())))
        .collect();
    let (choices, chips) = {
        let state = state.clone();
        let key = (state.open(), library.clone(), analyses.clone());
        (*use_memo(key, move |_| choices(&state))).clone()
    };
    let visible = {
        let state = state.clone();
        let across = across.clone();
        let key = (state.view.clone(), library, analyses, (*across).clone());
        use_memo(key, move |_| visible(&state, across.as_ref().as_ref()))
    };
    // A new result set starts with no current match.
    {
        let active_match = active_match.clone();
        use_effect_with(visible.rows.clone(), move |_| active_match.set(None));
    }

    let on_open = {
        let state = state.dispatcher();
        Callback::from(move |open: Open| state.dispatch(Action::Open(open)))
    };
    // Adding a transcript runs in steps with a progress line and Cancel.
    let progress = use_state_eq(|| None::<Progress>);
    let cancelled = use_memo((), |_| Cell::new(false));
    let start_import = {
        let dispatcher = state.dispatcher();
        let workers = workers.clone();
        let progress = progress.clone();
        let cancelled = cancelled.clone();
        let fallback = state.next_paste_name();
        Callback::from(
            move |(name, source, reread): (String, Source, Option<(Entry, String)>)| {
                let dispatcher = dispatcher.clone();
                let progress = progress.clone();
                let cancelled = cancelled.clone();
                let fallback = fallback.clone();
                let workers = workers.clone();
                cancelled.set(false);
                wasm_bindgen_futures::spawn_local(async move {
                    let shown = shown_name(&name, &fallback);
                    let on_step = {
                        let progress = progress.clone();
                        Callback::from(move |p: Progress| progress.set(Some(p)))
                    };
                    let id = reread
                        .as_ref()
                        .map_or_else(storage::new_id, |(old, _)| old.id.clone());
                    let key = reread.as_ref().map(|(_, key)| key.clone());
                    let result = import(
                        &workers, id, name, source, fallback, key, on_step, cancelled,
                    )
                    .await;
                    progress.set(None);
                    match (result, reread) {
                        (Some(Ok(entry)), Some((old, _))) => {
                            let (entry, notice) = crate::state::reread(&old, entry);
                            let stored = entry.stored();
                            dispatcher.dispatch(Action::Reread { entry, notice });
                            if let Err(message) = storage::save(&stored) {
                                dispatcher.dispatch(Action::Failed(message));
                            }
                        }
                        (Some(parsed), _) => add(&dispatcher, parsed).await,
                        (None, Some(_)) => dispatcher.dispatch(Action::Failed(format!(
                            "Reading “{shown}” again was cancelled: it is unchanged."
                        ))),
                        (None, None) => dispatcher.dispatch(Action::Failed(format!(
                            "Opening “{shown}” was cancelled: nothing was added."
                        ))),
                    }
                });
            },
        )
    };
    // "Read as…": the open transcript's text read again another way.
    let on_read_as = {
        let state = state.clone();
        let start_import = start_import.clone();
        Callback::from(move |key: String| {
            if let Some(entry) = state.current().filter(|e| !e.text.is_empty()) {
                start_import.emit((
                    entry.name.clone(),
                    Source::Paste(entry.text.to_string()),
                    Some((entry.clone(), key)),
                ));
            }
        })
    };
    let on_cancel = {
        let cancelled = cancelled.clone();
        let workers = workers.clone();
        Callback::from(move |_| {
            cancelled.set(true);
            jobs::cancel(&workers);
        })
    };
    let on_explore = {
        let start_import = start_import.clone();
        Callback::from(move |text: String| {
            start_import.emit((String::new(), Source::Paste(text), None));
        })
    };
    // A sentence for the live status line (a copied link, an import).
    let notice = use_state_eq(String::new);
    // The library as one file: exported to download, imported (picked, or
    // dropped like a transcript) into the library without overwriting it.
    let on_export_library = {
        let state = state.clone();
        Callback::from(move |_: ()| {
            let file = format!(
                "{}-{}.json",
                library::FILE_STEM,
                String::from(js_sys::Date::new_0().to_iso_string())
                    .get(..10)
                    .unwrap_or("export")
            );
            let text = crate::stored::library_file(&state.library());
            if let Err(message) = clipboard::download(&file, "application/json", &text) {
                state.dispatch(Action::Failed(message));
            }
        })
    };
    let on_import_library = {
        let state = state.clone();
        let notice = notice.clone();
        let workers = workers.clone();
        Callback::from(move |(name, bytes): FileRead| {
            let Some(text) = bytes.and_then(|b| String::from_utf8(b).ok()) else {
                state.dispatch(Action::Failed(format!(
                    "{name}: the browser could not read this file as text."
                )));
                return;
            };
            let existing = state.library();
            let dispatcher = state.dispatcher();
            let notice = notice.clone();
            let workers = workers.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let incoming = match jobs::read_library(&workers, &name, &text).await {
                    Ok(incoming) => incoming,
                    Err(message) => {
                        dispatcher.dispatch(Action::Failed(message));
                        return;
                    }
                };
                let mut merge = library::merge(&existing, incoming, is_bundled, storage::new_id);
                let mut added = Vec::new();
                let mut restored = Vec::new();
                let mut unreadable = Vec::new();
                let mut unsaved = None;
                let mut taken = Vec::new();
                // An entry whose text no longer parses is left out, and said
                // so (the summary only counts what came in).
                for stored in std::mem::take(&mut merge.take) {
                    if is_bundled(&stored.id) {
                        restored.push(stored.clone());
                    } else {
                        match jobs::restore(&workers, &stored).await {
                            Ok(entry) => added.push(entry),
                            Err(_) => {
                                unreadable.push(stored.name.clone());
                                continue;
                            }
                        }
                    }
                    if let Err(message) = storage::save(&stored) {
                        unsaved.get_or_insert(message);
                    }
                    taken.push(stored);
                }
                merge.take = taken;
                let error = if unreadable.is_empty() {
                    unsaved
                } else {
                    Some(format!(
                        "{name}: {} could not be read and {} not imported.",
                        unreadable.join(", "),
                        if unreadable.len() == 1 { "was" } else { "were" }
                    ))
                };
                notice.set(merge.summary());
                dispatcher.dispatch(Action::Imported {
                    added,
                    restored,
                    error,
                });
            });
        })
    };
    let on_read = {
        let dispatcher = state.dispatcher();
        let start_import = start_import.clone();
        let on_import_library = on_import_library.clone();
        Callback::from(move |(name, bytes): FileRead| match bytes {
            // A library file dropped or opened like a transcript is imported.
            Some(bytes)
                if library::is_library(&String::from_utf8_lossy(
                    bytes.get(..256).unwrap_or(&bytes),
                )) =>
            {
                on_import_library.emit((name, Some(bytes)))
            }
            Some(bytes) => start_import.emit((name, Source::File(bytes), None)),
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
                    let mut kept = entry.stored();
                    kept.name = name.clone();
                    if let Err(message) = storage::save(&kept) {
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
    let on_query = {
        let state = state.dispatcher();
        Callback::from(move |q: String| state.dispatch(Action::SetQuery(q)))
    };
    let on_context = {
        let state = state.dispatcher();
        Callback::from(move |on: bool| state.dispatch(Action::SetContext(on)))
    };
    let on_step = {
        let active_match = active_match.clone();
        let count = visible.match_count;
        Callback::from(move |forward: bool| {
            active_match.set(transcript_core::view::step_match(
                *active_match,
                count,
                forward,
            ));
        })
    };
    let on_speakers = {
        let state = state.dispatcher();
        Callback::from(move |names: Vec<String>| state.dispatch(Action::SetSpeakers(names)))
    };
    let on_edit = {
        let state = state.clone();
        Callback::from(move |edits: SpeakerEdits| {
            if let Some(entry) = state.current() {
                let mut kept = entry.stored();
                kept.edits = edits.clone();
                if let Err(message) = storage::save(&kept) {
                    state.dispatch(Action::Failed(message));
                }
                state.dispatch(Action::EditSpeakers {
                    id: entry.id.clone(),
                    edits,
                });
            }
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
    let editing = state
        .current()
        .map(|e| (ByPtr(e.original.clone()), e.edits.clone()));
    let on_topic = {
        let state = state.dispatcher();
        Callback::from(move |label: String| state.dispatch(Action::ToggleTopic(label)))
    };
    let on_jump = {
        let state = state.dispatcher();
        Callback::from(move |turn: usize| state.dispatch(Action::SelectTurn(Some(turn))))
    };
    let on_repeats = {
        let state = state.dispatcher();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::SetShowRepeats(input.checked()));
        })
    };
    let dismiss = {
        let state = state.dispatcher();
        Callback::from(move |_| state.dispatch(Action::DismissError))
    };
    // Share links. A transcript that is not bundled travels in the link;
    // it is encoded once (per parse) and kept, not on every view change.
    // The payload is made by the worker, once per transcript, when a link
    // is first asked for; the panel says so meanwhile, and a link to a turn
    // asked for meanwhile is copied when it comes.
    let payload_state = use_state(|| None::<(ByPtr<Transcript>, Result<Rc<str>, String>)>);
    let requested = use_mut_ref(|| None::<ByPtr<Transcript>>);
    let copy_when_made = use_mut_ref(|| None::<(ViewState, SpeakerEdits)>);
    let make_link = {
        let state = state.clone();
        let workers = workers.clone();
        let payload_state = payload_state.clone();
        let copy_when_made = copy_when_made.clone();
        let notice = notice.clone();
        Callback::from(move |turn: Option<usize>| -> LinkOut {
            let mut view = state.view.clone();
            if turn.is_some() {
                view.turn = turn;
            }
            let (edits, payload) = match state.current() {
                Some(entry) if !entry.bundled => {
                    let payload = match (&entry.payload, payload_state.as_ref()) {
                        (Some(p), _) => p.clone(),
                        (None, Some((t, made))) if Rc::ptr_eq(&t.0, &entry.original) => {
                            match made {
                                Ok(p) => p.clone(),
                                Err(message) => return LinkOut::Failed(message.clone()),
                            }
                        }
                        _ => {
                            let original = ByPtr(entry.original.clone());
                            if requested.borrow().as_ref() != Some(&original) {
                                *requested.borrow_mut() = Some(original.clone());
                                let payload_state = payload_state.clone();
                                let copy_when_made = copy_when_made.clone();
                                let notice = notice.clone();
                                let workers = workers.clone();
                                wasm_bindgen_futures::spawn_local(async move {
                                    let made: Result<Rc<str>, String> =
                                        jobs::payload(&workers, &original.0).await.map(Rc::from);
                                    let waiting = copy_when_made.borrow_mut().take();
                                    if let Some((view, edits)) = waiting {
                                        match &made {
                                            Ok(p) => copy_turn_link(
                                                format!(
                                                    "{}#{}",
                                                    page_url(),
                                                    link_fragment(&view, &edits, Some(p))
                                                ),
                                                notice,
                                            ),
                                            Err(message) => notice.set(message.clone()),
                                        }
                                    }
                                    payload_state.set(Some((original, made)));
                                });
                            }
                            return LinkOut::Making;
                        }
                    };
                    (entry.edits.clone(), Some(payload))
                }
                Some(entry) => (entry.edits.clone(), None),
                None => (SpeakerEdits::default(), None),
            };
            LinkOut::Ready(format!(
                "{}#{}",
                page_url(),
                link_fragment(&view, &edits, payload.as_deref())
            ))
        })
    };
    let on_link = state.current().map(|entry| {
        let make_link = make_link.clone();
        let notice = notice.clone();
        let edits = entry.edits.clone();
        let view = state.view.clone();
        Callback::from(move |turn: usize| match make_link.emit(Some(turn)) {
            LinkOut::Ready(link) => copy_turn_link(link, notice.clone()),
            LinkOut::Failed(message) => notice.set(message),
            LinkOut::Making => {
                notice.set("Making the link…".to_string());
                let mut view = view.clone();
                view.turn = Some(turn);
                *copy_when_made.borrow_mut() = Some((view, edits.clone()));
            }
        })
    });
    let share_link = {
        let make_link = make_link.clone();
        Callback::from(move |()| make_link.emit(None))
    };
    // Which exports the open transcript allows (a scan of its turns): once
    // per transcript, not on every keystroke.
    let exports: Vec<ExportChoice> = (*use_memo(
        state.current().map(|e| ByPtr(e.transcript.clone())),
        |transcript| {
            transcript
                .iter()
                .flat_map(|t| export::available(&t.0))
                .map(|f| ExportChoice {
                    id: f.id(),
                    label: f.label(),
                })
                .collect::<Vec<_>>()
        },
    ))
    .clone();
    let make_export = {
        let state = state.clone();
        let workers = workers.clone();
        let rows = visible.rows.clone();
        Callback::from(
            move |(id, reply): (&'static str, Callback<Result<Exported, String>>)| {
                let what = || -> Result<_, String> {
                    let entry = state
                        .current()
                        .ok_or_else(|| "Open one transcript to export it.".to_string())?;
                    let format = ExportFormat::from_id(id)
                        .ok_or_else(|| format!("There is no export called {id}."))?;
                    let turns: Vec<usize> = rows.iter().map(|r| r.turn).collect();
                    let view = export::subset(&entry.transcript, &turns);
                    Ok((entry.name.clone(), format, view))
                };
                match what() {
                    Err(message) => reply.emit(Err(message)),
                    Ok((name, format, view)) => {
                        let workers = workers.clone();
                        wasm_bindgen_futures::spawn_local(async move {
                            let made = jobs::export(&workers, &view, format).await.map(|text| {
                                (
                                    format!("{}.{}", file_stem(&name), format.extension()),
                                    format.mime().to_string(),
                                    text,
                                )
                            });
                            reply.emit(made);
                        });
                    }
                }
            },
        )
    };
    let share_note: Option<AttrValue> = if state.current().is_none() {
        Some(
            "This link opens “All transcripts” in the receiver's own library. \
             To send a transcript you added, open it and share it from there."
                .into(),
        )
    } else {
        None
    };
    let on_keep = {
        let state = state.clone();
        Callback::from(move |_| {
            if let Some(entry) = state.current() {
                let notice = storage::save(&entry.stored()).err();
                state.dispatch(Action::Kept {
                    id: entry.id.clone(),
                    notice,
                });
            }
        })
    };
    let on_discard = {
        let state = state.clone();
        Callback::from(move |_| {
            if let Some(entry) = state.current() {
                state.dispatch(Action::Discard {
                    id: entry.id.clone(),
                });
            }
        })
    };

    // Scroll to the current match, else to the turn a link selected.
    let active = active_match.and_then(|n| visible.match_rows.get(n).map(|&row| (row, n)));
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

    html! {
        <div class={classes!("app", dragging.then_some("dragging"))} {ondragover} {ondragleave} {ondrop}>
            <header class="app-header">
                <h1>{ "Transcript Explorer" }</h1>
                <p class="tagline">{ "Read, filter and share transcripts. Everything stays in your browser." }</p>
            </header>
            <div class="layout">
                <aside class="sidebar">
                    <Library {items} open={state.open()} {on_open} {on_rename} {on_remove} on_export={on_export_library} on_import={on_import_library} />
                    <Speakers {choices} selected={state.view.speakers.clone()} on_select={on_speakers} {editing} {on_edit} />
                    <TopicChips tags={chips} selected={state.view.topics.clone()} on_toggle={on_topic.clone()} />
                    <details class="add" open={state.entries.iter().all(|e| e.bundled)}>
                        <summary>{ "Add a transcript" }</summary>
                        <PasteBox {on_explore} />
                        <FileOpen {on_read} />
                    </details>
                </aside>
                <main class="reader">
                    if let Some(p) = &*progress {
                        <div class="import-progress" role="status">
                            <label for="import-progress">{ format!("Opening “{}”: {} (step {} of {STEPS})…", p.name, p.label, p.step) }</label>
                            <progress id="import-progress" max={STEPS.to_string()} value={(p.step - 1).to_string()} />
                            <button type="button" class="small" onclick={on_cancel}>{ "Cancel" }</button>
                        </div>
                    }
                    if let Some(error) = &state.error {
                        <div class="error" role="alert">
                            <p>{ error }</p>
                            <button type="button" class="small" onclick={dismiss}>{ "Dismiss" }</button>
                        </div>
                    }
                    if let Some(entry) = state.current().filter(|e| e.pending) {
                        <div class="pending" role="region" aria-label="Shared transcript">
                            <p>{ "This transcript came with the link you opened. It is not in your library." }</p>
                            <button type="button" onclick={on_keep}>{ "Keep in library" }</button>
                            <button type="button" class="small" onclick={on_discard}>{ format!("Close “{}”", entry.name) }</button>
                        </div>
                    }
                    if let Some(entry) = state.current() {
                        <TranscriptHeader name={entry.name.clone()} transcript={ByPtr(entry.transcript.clone())} />
                        if let Some(reading) = entry.reading.clone().filter(|_| !entry.text.is_empty()) {
                            <ReadAsMenu reading={ByPtr(reading)} {on_read_as} />
                        }
                        <Timeline transcript={ByPtr(entry.transcript.clone())} topics={ByPtr(entry.topics.clone())} {on_jump} selected={state.view.turn} />
                    } else {
                        <header class="transcript-header">
                            <h2>{ "All transcripts" }</h2>
                            <p class="facts">{ format!("{} transcripts · {} turns shown", state.entries.len(), visible.rows.len()) }</p>
                        </header>
                    }
                    <SharePanel make_link={share_link} {exports} {make_export} note={share_note} />
                    <FindBar
                        query={state.view.query.clone()}
                        match_count={visible.match_count}
                        active={*active_match}
                        mode={visible.mode}
                        context={state.view.context}
                        input={search_input.clone()}
                        {on_query}
                        {on_step}
                        {on_context}
                    />
                    if visible.hidden > 0 {
                        <div class="repeats">
                            <span>{ if state.show_repeats {
                                format!("{} repeated passages shown", visible.hidden)
                            } else {
                                format!("{} repeated passages hidden", visible.hidden)
                            } }</span>
                            <label class="check">
                                <input type="checkbox" checked={state.show_repeats} onchange={on_repeats} />
                                { "Show repeated passages" }
                            </label>
                        </div>
                    }
                    if visible.rows.is_empty() {
                        <p class="empty" role="status">{ "No turns match these filters." }</p>
                    }
                    <p class="notice" role="status">{ (*notice).clone() }</p>
                    <TurnList rows={visible.rows.clone()} {focus_row} {active_mark} show_repeats={state.show_repeats} on_tag={on_topic} selected_tags={state.view.topics.clone()} selected_turn={state.view.turn} {on_link} />
                </main>
            </div>
        </div>
    }
}
