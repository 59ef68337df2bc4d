//! The import worker: the heavy steps of opening a transcript (parse,
//! index, topics, repeats), run in a Web Worker so the page never waits on
//! them. It takes one job at a time from the page ([`crate::import`]),
//! reports each step as it starts, and answers with the analyses as one
//! [`transcript_core::transfer`] buffer, transferred, not copied.
//!
//! Built as its own binary (`src/bin/import_worker.rs`) and started by
//! `import_worker_loader.js`. It runs only in a `DedicatedWorkerGlobalScope`:
//! it must never touch the page (no `window`, no DOM, no storage), and it
//! keeps nothing between jobs.

use js_sys::{Array, Object, Reflect, Uint8Array};
use transcript_core::search::SearchIndex;
use transcript_core::topics::Topics;
use transcript_core::transfer;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::import::msg;
use crate::state::Source;

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

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// One import: the page's bytes in, the analyses (or a sentence) out.
fn job(scope: &DedicatedWorkerGlobalScope, data: &JsValue) {
    let job = get(data, msg::JOB).as_f64().map_or(0, |j| j as u32);
    let name = get(data, msg::NAME).as_string().unwrap_or_default();
    let bytes = get(data, msg::BYTES)
        .dyn_into::<js_sys::ArrayBuffer>()
        .map(|b| Uint8Array::new(&b).to_vec())
        .unwrap_or_default();
    let source = if get(data, msg::PASTE).is_truthy() {
        // The page sent a string's bytes: always UTF-8.
        Source::Paste(
            String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        )
    } else {
        Source::File(bytes)
    };
    let step = |n: usize| {
        let message = reply(msg::KIND_STEP, job);
        set(&message, msg::STEP, &JsValue::from(n as u32));
        let _ = scope.post_message(&message);
    };
    match analyse(&name, source, step) {
        Ok(buffer) => {
            let array = Uint8Array::from(buffer.as_slice());
            drop(buffer);
            let message = reply(msg::KIND_DONE, job);
            set(&message, msg::RESULT, &array.buffer());
            let _ = scope.post_message_with_transfer(&message, &Array::of1(&array.buffer()));
        }
        Err(sentence) => {
            let message = reply(msg::KIND_FAILED, job);
            set(&message, msg::MESSAGE, &JsValue::from_str(&sentence));
            let _ = scope.post_message(&message);
        }
    }
}

/// Steps 2 to 4 of [`crate::import`] (the page shows step 1 while the
/// bytes come over), then the transfer buffer.
fn analyse(name: &str, source: Source, step: impl Fn(usize)) -> Result<Vec<u8>, String> {
    // The page keeps the text: only the transcript is needed here.
    let (_, transcript) = source.parse(name)?;
    step(2);
    let index = SearchIndex::new(&transcript);
    step(3);
    let topics = Topics::extract(&transcript);
    step(4);
    let duplicates = transcript_core::dedup::find(&transcript);
    Ok(transfer::encode(&transcript, &index, &topics, &duplicates))
}
