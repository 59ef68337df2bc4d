//! What the page asks of the worker ([`crate::engine`]), as the app uses it:
//! opening a paste or a file (with a progress line and Cancel), reading the
//! stored library again, unpacking a link's transcript, topics and repeats
//! after a speaker edit, repeats across transcripts, a share link's payload
//! and exports. Each turns the worker's answer into what the state takes
//! (an [`Entry`], analyses, a string) or a sentence for the reader.
//!
//! The worker sends analyses as one transferable buffer
//! ([`transcript_core::transfer`]); the page copies and decodes it in a few
//! tasks, so that none holds the page for long.

use std::cell::Cell;
use std::rc::Rc;

use transcript_core::dedup::Duplicates;
use transcript_core::export::ExportFormat;
use transcript_core::library::StoredEntry;
use transcript_core::topics::Topics;
use transcript_core::transfer;
use transcript_core::Transcript;
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

use crate::engine::{msg, run, yield_to_browser, Lane, Measure, Outcome, Request};
use crate::state::{Analyses, Entry, Source};

/// Where an import is, for the progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub name: String,
    /// 1-based step number, out of [`STEPS`].
    pub step: usize,
    pub label: &'static str,
}

pub const STEPS: usize = 4;

/// What each step is doing, for the progress line.
const LABELS: [&str; STEPS] = [
    "reading the transcript",
    "indexing it for search",
    "finding its topics",
    "finding repeated passages",
];

/// How long the page's own part of an import took, as User Timing
/// measures (the benchmark reads them).
pub const MEASURE_SEND: &str = "import: send to the worker";
/// One measure per task the result is taken in.
pub const MEASURE_RECEIVE: [&str; 3] = [
    "import: take the worker's result (transcript)",
    "import: take the worker's result (index)",
    "import: take the worker's result (topics, repeats)",
];

/// Parses and analyses `source` in the import worker. `None` if the reader
/// cancelled; otherwise the entry, or a sentence saying why not.
pub async fn import(
    id: String,
    name: String,
    source: Source,
    fallback: String,
    read_as: Option<String>,
    progress: Callback<Progress>,
    cancelled: Rc<Cell<bool>>,
) -> Option<Result<Entry, String>> {
    let shown = shown_name(&name, &fallback);
    let step: Rc<dyn Fn(usize)> = {
        let shown = shown.clone();
        Rc::new(move |n: usize| {
            progress.emit(Progress {
                name: shown.clone(),
                step: n,
                label: LABELS.get(n.wrapping_sub(1)).copied().unwrap_or(""),
            })
        })
    };
    // Nothing to send: said at once, as the parser would.
    if matches!(&source, Source::Paste(text) if text.trim().is_empty()) {
        return Some(Err(transcript_core::ParseError::Empty.to_string()));
    }
    step(1);
    yield_to_browser().await;
    if cancelled.get() {
        return None;
    }
    let measure = Measure::start(MEASURE_SEND);
    let (paste, bytes) = match &source {
        Source::Paste(text) => (true, text.as_bytes()),
        Source::File(bytes) => (false, bytes.as_slice()),
    };
    let request = Request::new(msg::JOB_IMPORT, Lane::Import)
        .with(msg::NAME, &JsValue::from_str(&name))
        .with(msg::PASTE, &JsValue::from_bool(paste))
        .with(
            msg::READ_AS,
            &JsValue::from_str(read_as.as_deref().unwrap_or("auto")),
        )
        .with_bytes(msg::BYTES, bytes);
    measure.end();
    let outcome = run(request, Some(step)).await;
    let what = format!("Opening “{shown}”");
    match outcome {
        Outcome::Cancelled => None,
        Outcome::Done(_) => {
            let Some(bytes) = outcome.bytes() else {
                return Some(Err(outcome.problem(&what)));
            };
            let received = receive(bytes).await;
            // Cancel pressed while the result came in: nothing is added.
            if cancelled.get() {
                return None;
            }
            Some(match received {
                Some((transcript, analyses)) => {
                    let entry = Entry::assemble(
                        id,
                        source_name(&name),
                        &text_of(source),
                        transcript,
                        &fallback,
                        analyses,
                    );
                    Ok(entry.with_reading(outcome.reading()).with_read_as(read_as))
                }
                None => Err(outcome.problem(&what)),
            })
        }
        Outcome::Crashed => Some(Err(format!(
            "{}: nothing was added.",
            outcome.problem(&what)
        ))),
        _ => Some(Err(outcome.problem(&what))),
    }
}

/// Takes an import's result into the page, each part decoded in its own
/// task (the transcript and the index of 10 MB are each some 7 MB of
/// buffer). `None` if the buffer cannot be read.
async fn receive(bytes: Vec<u8>) -> Option<(Transcript, Analyses)> {
    let [first, second, third] = MEASURE_RECEIVE;
    let measure = Measure::start(first);
    let mut decoder = transfer::Decoder::new(&bytes).ok()?;
    let transcript = decoder.transcript().ok()?;
    measure.end();
    yield_to_browser().await;
    let measure = Measure::start(second);
    let index = decoder.index().ok()?;
    measure.end();
    yield_to_browser().await;
    let measure = Measure::start(third);
    let topics = decoder.topics().ok()?;
    let duplicates = decoder.duplicates().ok()?;
    drop(bytes);
    measure.end();
    // Storing and drawing the new entry come next: in a task of their own.
    yield_to_browser().await;
    Some((
        transcript,
        (Rc::new(index), Rc::new(topics), Rc::new(duplicates)),
    ))
}

/// A whole analysis buffer (transcript, index, topics, repeats) at once.
fn analysed(bytes: &[u8]) -> Option<(Transcript, Analyses)> {
    let a = transfer::decode(bytes).ok()?;
    Some((
        a.transcript,
        (Rc::new(a.index), Rc::new(a.topics), Rc::new(a.duplicates)),
    ))
}

/// A stored entry read again (its text parsed, or its link's payload
/// decoded, with the current parsers) and its speaker edits applied.
pub async fn restore(stored: &StoredEntry) -> Result<Entry, String> {
    let json = crate::stored::to_json(stored);
    let request =
        Request::new(msg::JOB_RESTORE, Lane::Tasks).with(msg::ENTRY, &JsValue::from_str(&json));
    let outcome = run(request, None).await;
    let what = format!("Reading “{}” again", stored.name);
    let (original, analyses) = outcome
        .bytes()
        .as_deref()
        .and_then(analysed)
        .ok_or_else(|| outcome.problem(&what))?;
    let entry = Entry::restored(stored, original, analyses);
    Ok(entry.with_reading(outcome.reading()))
}

/// The entries of a library file (`name` names it in sentences).
pub async fn read_library(name: &str, text: &str) -> Result<Vec<StoredEntry>, String> {
    let request = Request::new(msg::JOB_LIBRARY, Lane::Tasks)
        .with(msg::NAME, &JsValue::from_str(name))
        .with(msg::TEXT, &JsValue::from_str(text));
    let outcome = run(request, None).await;
    let what = format!("Reading “{name}”");
    let list = outcome
        .text()
        .and_then(|json| crate::stored::parse(&json))
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
        .ok_or_else(|| outcome.problem(&what))?;
    list.iter()
        .map(|v| crate::stored::from_js(&v).ok_or_else(|| outcome.problem(&what)))
        .collect()
}

/// The transcript a share link carries, unpacked and analysed.
pub async fn open_link(payload: &str) -> Result<Entry, String> {
    let request =
        Request::new(msg::JOB_LINK, Lane::Tasks).with(msg::TEXT, &JsValue::from_str(payload));
    let outcome = run(request, None).await;
    let (transcript, analyses) = outcome
        .bytes()
        .as_deref()
        .and_then(analysed)
        .ok_or_else(|| outcome.problem("Opening the link's transcript"))?;
    Ok(Entry::from_link(payload, transcript, analyses))
}

/// Topics and repeated passages of `t` (after a speaker edit); `None` if
/// the worker could not work them out (the page shows none).
pub async fn analyse(t: &Transcript) -> Option<(Topics, Duplicates)> {
    let request = Request::new(msg::JOB_ANALYSE, Lane::Tasks).with_transcript(msg::BYTES, t);
    let bytes = run(request, None).await.bytes()?;
    let mut d = transfer::Decoder::new(&bytes).ok()?;
    Some((d.topics().ok()?, d.duplicates().ok()?))
}

/// Passages repeated across `transcripts` (the "All transcripts" view).
pub async fn across(transcripts: &[Rc<Transcript>]) -> Option<Duplicates> {
    let request = Request::new(msg::JOB_ACROSS, Lane::Tasks)
        .with_transcripts(msg::LIST, transcripts.iter().map(|t| t.as_ref()));
    let bytes = run(request, None).await.bytes()?;
    transfer::Decoder::new(&bytes).ok()?.duplicates().ok()
}

/// The share-link payload of `t`.
pub async fn payload(t: &Transcript) -> Result<String, String> {
    let request = Request::new(msg::JOB_PAYLOAD, Lane::Tasks).with_transcript(msg::BYTES, t);
    let outcome = run(request, None).await;
    outcome
        .text()
        .ok_or_else(|| outcome.problem("Making the link"))
}

/// `t` exported as `format`.
pub async fn export(t: &Transcript, format: ExportFormat) -> Result<String, String> {
    let request = Request::new(msg::JOB_EXPORT, Lane::Tasks)
        .with_transcript(msg::BYTES, t)
        .with(msg::FORMAT, &JsValue::from_str(format.id()));
    let outcome = run(request, None).await;
    outcome.text().ok_or_else(|| outcome.problem("The export"))
}

/// Cancels every running import.
pub fn cancel() {
    crate::engine::cancel_imports();
}

/// The text of a source the worker parsed: a file's bytes were UTF-8, or
/// it would have said so, so they become the text without a copy.
fn text_of(source: Source) -> String {
    match source {
        Source::Paste(text) => text,
        Source::File(bytes) => String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
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
