//! The local library: transcripts the user added, kept in the browser's
//! IndexedDB so they are there after a reload. Nothing leaves the browser.
//!
//! One database (`transcript-explorer`), one object store (`entries`), one
//! record per transcript under its id: the entry as [`stored::to_js`]
//! writes it, with its text as a `Blob` of UTF-8 (storing it is a copy of
//! bytes, not a string built on the page; the browser writes it to disk
//! off the page's thread) and `added`, the time it was first stored, which
//! an index orders the library by. Each write is one transaction of one
//! record: it happens whole or not at all, and never touches another
//! record, so a full quota, a failed write or another tab writing at once
//! leaves every earlier entry as it was. Every failure comes back as a
//! sentence.
//!
//! The IndexedDB calls themselves are `assets/library.js`, a classic script
//! beside the app (`globalThis.transcriptLibrary`): the same written in
//! Rust with `web-sys` and async fns cost the page about 10 KB gzip of wasm
//! (measured: 255.9 → 266.0 KB), the script about 2 KB. This module says
//! what is kept and turns every outcome into a sentence; the script only
//! moves records. Where it did not load, nothing is kept, and that is said.
//!
//! There is no ceiling but the browser's (a share of the disk); the page
//! asks for persistent storage once the library holds a few transcripts
//! ([`persist`]) and shows what it uses ([`usage`]).
//!
//! A library that earlier versions kept in `localStorage` moves over on
//! the first start ([`load`]): every entry is written in one transaction,
//! and only once that is committed are the old keys removed (the ones that
//! could not be read stay, and a sentence says so). A page being left
//! journals the writes it has not made yet to `localStorage` as well
//! ([`journal`], the same format): the next start moves them over the same
//! way, so a reload right after adding loses nothing even if the browser
//! commits the database write after the next page has read the library.
//!
//! Other tabs hear of each write on a `BroadcastChannel` ([`listen`]).
//!
//! Only the persistence effect ([`crate::hooks::persist`]) writes here.

use std::future::Future;

use js_sys::{Array, Function, Promise, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub use transcript_core::library::StoredEntry;

use crate::js::get;
use crate::state::{LibraryChange, Usage};
use crate::stored;

const NO_STORAGE: &str = "This browser does not let the page store data (a private window?): \
     transcripts you add stay open until you close the tab, but are not kept.";

/// Calls `transcriptLibrary[name](...args)`; `None` where the script is
/// missing or the call throws.
pub(crate) fn call(name: &str, args: &[&JsValue]) -> Option<JsValue> {
    let library = get(&js_sys::global(), "transcriptLibrary");
    let f: Function = get(&library, name).dyn_into().ok()?;
    match args {
        [] => f.call0(&library),
        [a] => f.call1(&library, a),
        [a, b, ..] => f.call2(&library, a, b),
    }
    .ok()
}

/// What a promise of the script settles to (`undefined` if it rejects).
async fn settled(promise: Option<JsValue>) -> Option<JsValue> {
    let promise: Promise = promise?.dyn_into().ok()?;
    JsFuture::from(promise).await.ok()
}

/// The sentence for a write the browser refused (the error's name).
fn write_error(name: &str, error: &str) -> String {
    match error {
        "NoStorage" => NO_STORAGE.to_string(),
        "QuotaExceededError" => format!(
            "The browser's storage for this page is full, so “{name}” is open but will not be kept after a reload. \
             Remove transcripts you no longer need from the library to make room; the rest of the library is kept."
        ),
        _ => format!(
            "The browser refused to store “{name}”: it is open but will not be kept after a reload; the rest of the library is kept."
        ),
    }
}

/// A whole number the script said, or 0.
fn count(value: &JsValue, key: &str) -> u32 {
    get(value, key).as_f64().map_or(0, |n| n as u32)
}

/// Every stored transcript, in the order they were added, and a sentence if
/// some could not be read or kept. Opens the database (and moves a library
/// kept in `localStorage` into it) first: nothing is written before this.
pub async fn load() -> (Vec<StoredEntry>, Option<String>) {
    let Some(said) = settled(call("load", &[])).await else {
        return (Vec::new(), Some(NO_STORAGE.to_string()));
    };
    let records: Array = get(&said, "entries").dyn_into().unwrap_or_default();
    let mut entries = Vec::new();
    let mut unreadable = 0;
    for record in records.iter() {
        match stored::from_js(&record) {
            Some(entry) => entries.push(entry),
            None => unreadable += 1,
        }
    }
    let (not_moved, old_unreadable) = (count(&said, "notMoved"), count(&said, "oldUnreadable"));
    let error = if get(&said, "noStorage").is_truthy() {
        Some(NO_STORAGE.to_string())
    } else if not_moved > 0 {
        Some(format!(
            "The library kept by an earlier version ({not_moved} transcript(s)) could not be moved to the new storage: \
             it stays where it was; open the app again to retry."
        ))
    } else if old_unreadable > 0 {
        Some(format!(
            "{old_unreadable} transcript(s) kept by an earlier version could not be read and are not shown; they stay where they were."
        ))
    } else if get(&said, "failed").is_truthy() {
        Some("The library could not be read from this browser's storage.".to_string())
    } else {
        (unreadable > 0).then(|| {
            format!("{unreadable} stored transcript(s) could not be read back and are not shown; the rest of the library is intact.")
        })
    };
    (entries, error)
}

/// `entry`'s fields without its text (the script stores the text apart).
fn fields(entry: &StoredEntry) -> JsValue {
    stored::to_js(&StoredEntry {
        id: entry.id.clone(),
        name: entry.name.clone(),
        text: String::new(),
        edits: entry.edits.clone(),
        link: entry.link.clone(),
        read_as: entry.read_as.clone(),
    })
}

/// Stores a new or changed transcript: the write is made before this
/// returns (so a page being left still makes it), and the future says
/// once it is committed. On failure nothing stored changes.
pub fn save(entry: &StoredEntry) -> impl Future<Output = Result<(), String>> {
    let name = entry.name.clone();
    let fields = fields(entry);
    // SAFETY: a view of wasm memory, which the script copies into a Blob
    // before anything can allocate (and so move that memory).
    let bytes = unsafe { Uint8Array::view(entry.text.as_bytes()) };
    let written = call("save", &[&fields, &bytes]);
    async move {
        match settled(written).await {
            Some(v) if v.is_null() => Ok(()),
            Some(v) => Err(write_error(&name, &v.as_string().unwrap_or_default())),
            None => Err(write_error(&name, "NoStorage")),
        }
    }
}

/// Removes a stored transcript (a no-op for one that was never stored).
pub fn remove(id: &str) -> impl Future<Output = Result<(), String>> {
    let removed = call("remove", &[&JsValue::from_str(id)]);
    async move {
        match settled(removed).await {
            Some(v) if v.is_null() => Ok(()),
            Some(v) if v.as_string().as_deref() == Some("NoStorage") => Err(NO_STORAGE.to_string()),
            _ => Err("The browser refused to update the library.".to_string()),
        }
    }
}

/// Writes `entry` to `localStorage` as well, for a page being left (the
/// next start moves it over); too big for `localStorage`, it is left to
/// the database write alone.
pub fn journal(entry: &StoredEntry) {
    let fields = fields(entry);
    let _ = call("journal", &[&fields, &JsValue::from_str(&entry.text)]);
}

/// Calls `on_change` with each change another tab makes to the library,
/// for as long as the page lives.
pub fn listen(on_change: impl Fn(LibraryChange) + 'static) -> Option<()> {
    let changed = Closure::<dyn Fn(JsValue)>::new(move |news: JsValue| {
        if let Some(id) = news.as_string() {
            on_change(LibraryChange::Removed(id));
        } else if let Some(entry) = stored::from_js(&news) {
            on_change(LibraryChange::Stored(entry));
        }
    });
    call("listen", &[changed.as_ref()])?;
    // The script calls it for as long as the page lives.
    changed.forget();
    Some(())
}

/// How much of the browser's storage the page uses, if the browser says.
pub async fn usage() -> Option<Usage> {
    let usage = settled(call("usage", &[])).await?;
    Some(Usage {
        used: get(&usage, "used").as_f64()?,
        quota: get(&usage, "quota").as_f64()?,
        persistent: get(&usage, "persistent").is_truthy(),
    })
}

/// Asks the browser to keep the library even when disk space runs low
/// (it may decide without asking the reader); whether it will.
pub async fn persist() -> bool {
    settled(call("persist", &[]))
        .await
        .is_some_and(|p| p.is_truthy())
}

/// A new id for a transcript the user adds: time-based, so ids from two tabs
/// do not collide in practice, with a counter for ids made in one millisecond.
pub fn new_id() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let now = js_sys::Date::now() as u64;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let salt = (js_sys::Math::random() * 1296.0) as u32;
    format!("u{now:x}{n:x}{salt:x}")
}
