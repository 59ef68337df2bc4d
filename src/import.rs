//! Opening a pasted text or a file in steps (parse, index, topics, repeats)
//! with the page drawn between them, so the reader sees which step a large
//! transcript is at and can cancel it before the next one. Each step is
//! still one task: a single step of a very large file can hold the page
//! (see BENCHMARKS.md); moving the steps to a worker is the next stage.

use std::cell::Cell;
use std::rc::Rc;

use transcript_core::search::SearchIndex;
use transcript_core::topics::Topics;
use yew::Callback;

use crate::state::{Entry, Source};

/// Where an import is, for the progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub name: String,
    /// 1-based step number, out of [`STEPS`].
    pub step: usize,
    pub label: &'static str,
}

pub const STEPS: usize = 4;

/// Gives the browser a turn (to draw the progress line and handle a click on
/// Cancel) before the next step.
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Parses and analyses `source` step by step. `None` if the reader
/// cancelled; otherwise the entry, or a sentence saying why not.
pub async fn import(
    id: String,
    name: String,
    source: Source,
    fallback: String,
    progress: Callback<Progress>,
    cancelled: Rc<Cell<bool>>,
) -> Option<Result<Entry, String>> {
    let shown = shown_name(&name, &fallback);
    let step = |n: usize, label: &'static str| {
        progress.emit(Progress {
            name: shown.clone(),
            step: n,
            label,
        })
    };
    let go_on = || async {
        yield_to_browser().await;
        !cancelled.get()
    };
    step(1, "reading the transcript");
    if !go_on().await {
        return None;
    }
    let (text, transcript) = match source.parse(&name) {
        Ok(parsed) => parsed,
        Err(message) => return Some(Err(message)),
    };
    step(2, "indexing it for search");
    if !go_on().await {
        return None;
    }
    let index = Rc::new(SearchIndex::new(&transcript));
    step(3, "finding its topics");
    if !go_on().await {
        return None;
    }
    let topics = Rc::new(Topics::extract(&transcript));
    step(4, "finding repeated passages");
    if !go_on().await {
        return None;
    }
    let duplicates = Rc::new(transcript_core::dedup::find(&transcript));
    Some(Ok(Entry::assemble(
        id,
        source_name(&name),
        &text,
        transcript,
        &fallback,
        (index, topics, duplicates),
    )))
}

/// A file's name names its entry; a paste has none (its title or the
/// fallback does).
fn source_name(name: &str) -> Option<String> {
    (!name.is_empty()).then(|| name.to_string())
}

/// What the progress line and messages call an import: the file's name, or
/// the name a paste will get.
pub fn shown_name(name: &str, fallback: &str) -> String {
    source_name(name).unwrap_or_else(|| fallback.to_string())
}
