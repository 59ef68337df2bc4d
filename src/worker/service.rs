//! The core worker itself: every step that needs the parsers, the topic
//! tagger, the repeat finder, the share-link codec, the exporters or the
//! library-file reader, run in a Web Worker so the page never waits on them
//! and its own wasm does not carry them. It takes [`Job`]s from the page
//! ([`super::Workers`]), one at a time, reports an import's steps as they
//! start, and answers each with one [`Reply`].
//!
//! Built as its own binary (`src/bin/core_worker.rs`) and started by
//! `assets/core_worker_loader.js`. It runs only in a
//! `DedicatedWorkerGlobalScope`: it must never touch the page (no `window`,
//! no DOM, no storage), and it keeps nothing between jobs.

use std::borrow::Cow;

use js_sys::Array;
use transcript_core::export;
use transcript_core::library::StoredEntry;
use transcript_core::parse::read::read_bytes;
use transcript_core::parse::{read, ReadAs};
use transcript_core::search::SearchIndex;
use transcript_core::share;
use transcript_core::topics::Topics;
use transcript_core::transfer;
use transcript_core::Transcript;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::client::{bytes_of, js_buffer};
use super::protocol::{job_number, unreadable_link, Answer, Bytes, Job, ReadingInfo, Reply};

/// Listens for jobs, then tells the page it is ready: a message the page
/// posted before this listened would be lost, so the page waits for this.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        take(&reply_to, &event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // It listens for as long as the worker lives.
    on_message.forget();
    send(&scope, &Reply::Ready);
}

/// Posts `reply` to the page, its buffer transferred.
fn send(scope: &DedicatedWorkerGlobalScope, reply: &Reply) {
    let buffer = js_buffer(&reply.encode());
    let _ = scope.post_message_with_transfer(&buffer, &Array::of1(&buffer));
}

/// One message from the page: one reply (or a sentence) back.
fn take(scope: &DedicatedWorkerGlobalScope, data: &wasm_bindgen::JsValue) {
    let message = bytes_of(data).unwrap_or_default();
    // The job's number, even if the rest cannot be read, so that the page
    // hears why.
    let job = job_number(&message).unwrap_or(0);
    let answer = match Job::decode(message) {
        Ok((_, decoded)) => answer(decoded, |step| send(scope, &Reply::Step { job, step })),
        Err(e) => Err(format!(
            "The page sent a job the worker cannot read ({e}): reload the page."
        )),
    };
    let reply = match answer {
        Ok(answer) => Reply::Done { job, answer },
        Err(message) => Reply::Failed { job, message },
    };
    send(scope, &reply);
}

/// A job's answer, or the sentence saying why not.
fn answer(job: Job<'static>, step: impl Fn(u32)) -> Result<Answer, String> {
    match job {
        Job::Import {
            name,
            paste,
            read_as,
            bytes,
        } => import(&name, paste, read_as.as_deref(), &bytes, step),
        Job::Restore(entry) => restore(&entry),
        Job::Link { payload } => {
            let t = share::decode_transcript(&payload).map_err(unreadable_link)?;
            Ok(read_answer(analysed(&t, &t), None))
        }
        Job::Analyse(t) => Ok(Answer::Analyses {
            topics: Topics::extract(&t),
            duplicates: transcript_core::dedup::find(&t),
        }),
        Job::Across(list) => {
            let refs: Vec<&Transcript> = list.iter().map(Cow::as_ref).collect();
            Ok(Answer::Repeats(transcript_core::dedup::find_across(&refs)))
        }
        Job::Payload(t) => Ok(Answer::Text(share::encode_transcript(&t))),
        Job::Export { transcript, format } => export::export(&transcript, format)
            .map(Answer::Text)
            .map_err(|e| e.to_string()),
        Job::Library { name, text } => transcript_core::library::read(&text)
            .map(Answer::Entries)
            .map_err(|e| format!("{name}: {e}.")),
    }
}

fn read_answer(analysed: Vec<u8>, reading: Option<ReadingInfo>) -> Answer {
    Answer::Read {
        reading,
        analysed: Bytes::Tail(std::rc::Rc::new(analysed), 0),
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
/// over), then the transcript and its analyses.
fn import(
    name: &str,
    paste: bool,
    read_as: Option<&str>,
    bytes: &[u8],
    step: impl Fn(u32),
) -> Result<Answer, String> {
    let how = read_as.and_then(ReadAs::from_key).unwrap_or_default();
    // The page keeps the text: only the transcript is needed here.
    let reading = if paste {
        // The page sent a string's bytes: always UTF-8.
        read(&String::from_utf8_lossy(bytes), &how).map_err(|e| e.to_string())?
    } else {
        read_bytes(bytes, &how).map_err(|e| format!("{name}: {e}"))?
    };
    let said = ReadingInfo::of(&reading);
    let transcript = reading.transcript;
    step(2);
    let index = SearchIndex::new(&transcript);
    step(3);
    let topics = Topics::extract(&transcript);
    step(4);
    let duplicates = transcript_core::dedup::find(&transcript);
    Ok(read_answer(
        transfer::encode(&transcript, &index, &topics, &duplicates),
        Some(said),
    ))
}

/// A stored entry read again: the transcript as parsed, and the analyses
/// of it with the stored speaker edits applied.
fn restore(stored: &StoredEntry) -> Result<Answer, String> {
    let (original, said) = match stored.kept_link() {
        Some(_) => (stored.transcript()?, None),
        None => {
            let reading = stored.reading()?;
            let said = ReadingInfo::of(&reading);
            (reading.transcript, Some(said))
        }
    };
    let buffer = if stored.edits.is_empty() {
        analysed(&original, &original)
    } else {
        analysed(&original, &stored.edits.apply(&original))
    };
    Ok(read_answer(buffer, said))
}
