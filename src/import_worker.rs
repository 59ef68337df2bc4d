//! The worker: every step that needs the parsers, the topic tagger, the
//! repeat finder or the share-link codec, run in a Web Worker so the page
//! never waits on them and its own wasm does not carry them. It takes jobs
//! from the page ([`crate::engine`], one at a time, each named by its
//! `kind`), reports an import's steps as they start, and answers with a
//! [`transcript_core::transfer`] buffer (transferred, not copied) or a
//! string, or a sentence saying why not.
//!
//! Built as its own binary (`src/bin/import_worker.rs`) and started by
//! `import_worker_loader.js`. It runs only in a `DedicatedWorkerGlobalScope`:
//! it must never touch the page (no `window`, no DOM, no storage), and it
//! keeps nothing between jobs.

use js_sys::{Array, Object, Uint8Array};
use transcript_core::export::{self, ExportFormat};
use transcript_core::library::StoredEntry;
use transcript_core::parse::read::read_bytes;
use transcript_core::parse::{read, ReadAs};
use transcript_core::search::SearchIndex;
use transcript_core::share;
use transcript_core::topics::Topics;
use transcript_core::transfer::{self, Parts};
use transcript_core::Transcript;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::engine::msg;
use crate::js::{self, get, set};

/// Listens for jobs, then tells the page it is ready: a message the page
/// posted before this listened would be lost, so the page waits for this.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        job(&reply_to, &event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // It listens for as long as the worker lives.
    on_message.forget();
    let _ = scope.post_message(&reply(msg::KIND_READY, 0));
}

fn reply(kind: &str, job: u32) -> Object {
    let message = Object::new();
    set(&message, msg::KIND, &JsValue::from_str(kind));
    set(&message, msg::JOB, &JsValue::from(job));
    message
}

fn bytes_of(value: JsValue) -> Vec<u8> {
    js::bytes(value).unwrap_or_default()
}

/// What a job answers.
enum Answer {
    /// A transfer buffer, and how the text was read if the job read one
    /// (see [`crate::reading`]).
    Buffer(Vec<u8>, Option<String>),
    Text(String),
}

/// One job: the page's message in, one answer (or a sentence) out.
fn job(scope: &DedicatedWorkerGlobalScope, data: &JsValue) {
    let job = get(data, msg::JOB).as_f64().map_or(0, |j| j as u32);
    let kind = get(data, msg::KIND).as_string().unwrap_or_default();
    let step = |n: usize| {
        let message = reply(msg::KIND_STEP, job);
        set(&message, msg::STEP, &JsValue::from(n as u32));
        let _ = scope.post_message(&message);
    };
    let answer = match kind.as_str() {
        msg::JOB_IMPORT => import(data, step).map(|(b, r)| Answer::Buffer(b, Some(r))),
        msg::JOB_RESTORE => restore(data).map(|(b, r)| Answer::Buffer(b, r)),
        msg::JOB_LINK => open_link(data).map(|b| Answer::Buffer(b, None)),
        msg::JOB_ANALYSE => transcript(data).map(|t| {
            let topics = Topics::extract(&t);
            let duplicates = transcript_core::dedup::find(&t);
            Answer::Buffer(
                transfer::encode_parts(Parts {
                    topics: Some(&topics),
                    duplicates: Some(&duplicates),
                    ..Parts::default()
                }),
                None,
            )
        }),
        msg::JOB_ACROSS => across(data).map(|b| Answer::Buffer(b, None)),
        msg::JOB_PAYLOAD => transcript(data).map(|t| Answer::Text(share::encode_transcript(&t))),
        msg::JOB_EXPORT => export_job(data).map(Answer::Text),
        msg::JOB_LIBRARY => {
            let name = get(data, msg::NAME).as_string().unwrap_or_default();
            let text = get(data, msg::TEXT).as_string().unwrap_or_default();
            transcript_core::library::read(&text)
                .map_err(|e| format!("{name}: {e}."))
                .and_then(|entries| serde_json::to_string(&entries).map_err(|e| e.to_string()))
                .map(Answer::Text)
        }
        _ => Err(format!(
            "The worker has no job called “{kind}”: reload the page."
        )),
    };
    match answer {
        Ok(Answer::Buffer(buffer, reading)) => {
            let array = Uint8Array::from(buffer.as_slice());
            drop(buffer);
            let message = reply(msg::KIND_DONE, job);
            if let Some(reading) = reading {
                set(&message, msg::READING, &JsValue::from_str(&reading));
            }
            set(&message, msg::RESULT, &array.buffer());
            let _ = scope.post_message_with_transfer(&message, &Array::of1(&array.buffer()));
        }
        Ok(Answer::Text(text)) => {
            let message = reply(msg::KIND_DONE, job);
            set(&message, msg::TEXT, &JsValue::from_str(&text));
            let _ = scope.post_message(&message);
        }
        Err(sentence) => {
            let message = reply(msg::KIND_FAILED, job);
            set(&message, msg::MESSAGE, &JsValue::from_str(&sentence));
            let _ = scope.post_message(&message);
        }
    }
}

/// `transcript` and the analyses of `shown` (the same transcript, or the
/// one a stored entry's speaker edits make of it), as the page keeps them.
fn analysed(transcript: &Transcript, shown: &Transcript) -> Vec<u8> {
    let index = SearchIndex::new(shown);
    let topics = Topics::extract(shown);
    let duplicates = transcript_core::dedup::find(shown);
    transfer::encode(transcript, &index, &topics, &duplicates)
}

/// Steps 2 to 4 of an import (the page shows step 1 while the bytes come
/// over), then the transfer buffer.
fn import(data: &JsValue, step: impl Fn(usize)) -> Result<(Vec<u8>, String), String> {
    let name = get(data, msg::NAME).as_string().unwrap_or_default();
    let bytes = bytes_of(get(data, msg::BYTES));
    let how = get(data, msg::READ_AS)
        .as_string()
        .and_then(|k| ReadAs::from_key(&k))
        .unwrap_or_default();
    // The page keeps the text: only the transcript is needed here.
    let reading = if get(data, msg::PASTE).is_truthy() {
        // The page sent a string's bytes: always UTF-8.
        let text = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        read(&text, &how).map_err(|e| e.to_string())?
    } else {
        read_bytes(&bytes, &how).map_err(|e| format!("{name}: {e}"))?
    };
    let said = crate::reading::encode(&reading);
    let transcript = reading.transcript;
    step(2);
    let index = SearchIndex::new(&transcript);
    step(3);
    let topics = Topics::extract(&transcript);
    step(4);
    let duplicates = transcript_core::dedup::find(&transcript);
    Ok((
        transfer::encode(&transcript, &index, &topics, &duplicates),
        said,
    ))
}

/// A stored entry read again: the transcript as parsed, and the analyses
/// of it with the stored speaker edits applied.
fn restore(data: &JsValue) -> Result<(Vec<u8>, Option<String>), String> {
    let json = get(data, msg::ENTRY).as_string().unwrap_or_default();
    let stored: StoredEntry = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    let (original, said) = match stored.kept_link() {
        Some(_) => (stored.transcript()?, None),
        None => {
            let reading = stored.reading()?;
            let said = crate::reading::encode(&reading);
            (reading.transcript, Some(said))
        }
    };
    if stored.edits.is_empty() {
        return Ok((analysed(&original, &original), said));
    }
    Ok((analysed(&original, &stored.edits.apply(&original)), said))
}

fn open_link(data: &JsValue) -> Result<Vec<u8>, String> {
    let payload = get(data, msg::TEXT).as_string().unwrap_or_default();
    let t = share::decode_transcript(&payload).map_err(crate::state::unreadable_link)?;
    Ok(analysed(&t, &t))
}

/// The transcript a job carries.
fn transcript(data: &JsValue) -> Result<Transcript, String> {
    read_transcript(&bytes_of(get(data, msg::BYTES)))
}

fn read_transcript(bytes: &[u8]) -> Result<Transcript, String> {
    transfer::Decoder::new(bytes)
        .and_then(|mut d| d.transcript())
        .map_err(|e| {
            format!("The page sent a transcript the worker cannot read ({e}): reload the page.")
        })
}

fn across(data: &JsValue) -> Result<Vec<u8>, String> {
    let list: Array = get(data, msg::LIST).dyn_into().unwrap_or_default();
    let transcripts = list
        .iter()
        .map(|b| read_transcript(&bytes_of(b)))
        .collect::<Result<Vec<_>, _>>()?;
    let refs: Vec<&Transcript> = transcripts.iter().collect();
    let duplicates = transcript_core::dedup::find_across(&refs);
    Ok(transfer::encode_parts(Parts {
        duplicates: Some(&duplicates),
        ..Parts::default()
    }))
}

fn export_job(data: &JsValue) -> Result<String, String> {
    let t = transcript(data)?;
    let id = get(data, msg::FORMAT).as_string().unwrap_or_default();
    let format =
        ExportFormat::from_id(&id).ok_or_else(|| format!("There is no export called {id}."))?;
    export::export(&t, format).map_err(|e| e.to_string())
}
