//! The local library: transcripts the user added, kept in the browser's
//! IndexedDB so they are there after a reload. Nothing leaves the browser.
//!
//! One database (`transcript-explorer`), one object store (`entries`), one
//! record per transcript under its id: the entry as [`stored::to_js`]
//! writes it, with its text as a `Blob` of UTF-8 (storing it is a copy of
//! bytes, not a string built on the page; the browser writes it to disk
//! off the page's thread) and `added`, the time it was first stored, which
//! orders the library. Each write is one transaction of one record: it
//! happens whole or not at all, and never touches another record, so a
//! full quota, a failed write or another tab writing at once leaves every
//! earlier entry as it was. Every failure comes back as a sentence.
//!
//! There is no ceiling but the browser's (a share of the disk); the page
//! asks for persistent storage once the library holds a few transcripts
//! ([`persist`]) and shows what it uses ([`usage`]).
//!
//! A library that earlier versions kept in `localStorage` moves over on
//! the first start ([`load`]): every entry is written in one transaction,
//! and only once that is committed are the old keys removed (the ones
//! that could not be read stay, and a sentence says so).
//!
//! A page being left journals the writes it has not made yet to
//! `localStorage` as well ([`journal`], the old format): the next start
//! moves them over the same way, so a reload right after adding loses
//! nothing even if the browser commits the database write late.
//!
//! Other tabs hear of each write on a `BroadcastChannel` ([`listen`]).
//!
//! Only the persistence effect ([`crate::hooks::persist`]) writes here.

use std::cell::RefCell;
use std::future::Future;

use js_sys::{Array, Object, Promise, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BroadcastChannel, IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode,
};

pub use transcript_core::library::StoredEntry;

use crate::js::{get, set};
use crate::state::{LibraryChange, Usage};
use crate::stored;

/// The database, its version and its one object store.
pub const DB_NAME: &str = "transcript-explorer";
const DB_VERSION: u32 = 1;
const STORE: &str = "entries";
const ORDER: &str = "added";
/// The channel other tabs hear of writes on.
const CHANNEL: &str = "transcript-explorer/library";

/// Where earlier versions kept the library, in `localStorage`.
const LEGACY_INDEX: &str = "transcript-explorer/index";
const LEGACY_PREFIX: &str = "transcript-explorer/t/";

const NO_STORAGE: &str = "This browser does not let the page store data (a private window?): \
     transcripts you add stay open until you close the tab, but are not kept.";

thread_local! {
    /// The open database, once [`load`] opened it.
    static DB: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
    /// When each stored entry was first stored (its place in the library).
    static ADDED: RefCell<Vec<(String, f64)>> = const { RefCell::new(Vec::new()) };
    /// This tab's end of the channel (a channel does not hear itself).
    static TABS: Option<BroadcastChannel> = BroadcastChannel::new(CHANNEL).ok();
}

/// The sentence for a write the browser refused.
fn write_error(name: &str, err: &JsValue) -> String {
    let quota = err
        .dyn_ref::<web_sys::DomException>()
        .is_some_and(|e| e.name() == "QuotaExceededError" || e.code() == 22);
    if quota {
        format!(
            "The browser's storage for this page is full, so “{name}” is open but will not be kept after a reload. \
             Remove transcripts you no longer need from the library to make room; the rest of the library is kept."
        )
    } else {
        format!("The browser refused to store “{name}”: it is open but will not be kept after a reload; the rest of the library is kept.")
    }
}

/// A promise settled by `target`'s `ok` event (resolved) or `bad` ones
/// (rejected); the handlers are set on `target` before this returns.
fn settled(target: &JsValue, ok: &str, bad: &[&str]) -> JsFuture {
    let promise = Promise::new(&mut |resolve, reject| {
        set(target.unchecked_ref(), ok, &resolve);
        for event in bad {
            set(target.unchecked_ref(), event, &reject);
        }
    });
    JsFuture::from(promise)
}

/// A request's result, or its error.
async fn result(request: &IdbRequest) -> Result<JsValue, JsValue> {
    match settled(request, "onsuccess", &["onerror"]).await {
        Ok(_) => request.result(),
        Err(_) => Err(request
            .error()
            .ok()
            .flatten()
            .map_or(JsValue::NULL, Into::into)),
    }
}

/// Resolves once `tx` is committed; its error if it was aborted.
fn committed(tx: &IdbTransaction) -> impl Future<Output = Result<(), JsValue>> {
    let done = settled(tx, "oncomplete", &["onabort", "onerror"]);
    let tx = tx.clone();
    async move {
        match done.await {
            Ok(_) => Ok(()),
            Err(_) => Err(tx.error().map_or(JsValue::NULL, Into::into)),
        }
    }
}

/// Opens (and on the first start creates) the database.
async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = web_sys::window()
        .ok_or(JsValue::NULL)?
        .indexed_db()?
        .ok_or(JsValue::NULL)?;
    let request = factory.open_with_u32(DB_NAME, DB_VERSION)?;
    let create = {
        let request = request.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Ok(db) = request.result() {
                let db: IdbDatabase = db.unchecked_into();
                if !db.object_store_names().contains(STORE) {
                    // The library's order: an index on `added`.
                    if let Ok(store) = db.create_object_store(STORE) {
                        let _ = store.create_index_with_str(ORDER, ORDER);
                    }
                }
            }
        })
    };
    request.set_onupgradeneeded(Some(create.as_ref().unchecked_ref()));
    let db: IdbDatabase = result(&request).await?.unchecked_into();
    drop(create);
    // A later version opened in another tab: this one steps aside.
    let closing = db.clone();
    let on_change = Closure::<dyn FnMut()>::new(move || closing.close());
    db.set_onversionchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
    Ok(db)
}

fn db() -> Option<IdbDatabase> {
    DB.with(|db| db.borrow().clone())
}

/// When `id` was first stored, if this tab knows.
fn added(id: &str) -> Option<f64> {
    ADDED.with(|a| a.borrow().iter().find(|(i, _)| i == id).map(|(_, t)| *t))
}

/// A time for an entry stored now: after every other this tab knows of
/// (two stored in one millisecond keep their order).
fn now() -> f64 {
    let latest = ADDED.with(|a| a.borrow().iter().map(|(_, t)| *t).fold(0.0, f64::max));
    js_sys::Date::now().max(latest + 0.001)
}

/// Records (or forgets) when `id` was first stored.
fn set_added(id: &str, added: Option<f64>) {
    ADDED.with(|a| {
        let mut a = a.borrow_mut();
        a.retain(|(i, _)| i != id);
        if let Some(t) = added {
            a.push((id.to_string(), t));
        }
    });
}

/// A stored record as the entry it holds (its text read from its Blob).
async fn entry_of(record: JsValue) -> Option<StoredEntry> {
    let text = get(&record, "text");
    if let Some(blob) = text.dyn_ref::<Blob>() {
        let buffer = JsFuture::from(blob.array_buffer()).await.ok()?;
        let text = String::from_utf8(Uint8Array::new(&buffer).to_vec()).ok()?;
        set(record.unchecked_ref(), "text", &JsValue::from_str(&text));
    }
    let entry = stored::from_js(&record)?;
    if let Some(added) = get(&record, ORDER).as_f64() {
        set_added(&entry.id, Some(added));
    }
    Some(entry)
}

/// `entry` as its record: the entry's fields, its text as a Blob, and when
/// it was first stored.
fn record(entry: &StoredEntry, added: f64) -> Result<JsValue, JsValue> {
    let without_text = StoredEntry {
        text: String::new(),
        edits: entry.edits.clone(),
        id: entry.id.clone(),
        name: entry.name.clone(),
        link: entry.link.clone(),
        read_as: entry.read_as.clone(),
    };
    let object: Object = stored::to_js(&without_text).unchecked_into();
    // SAFETY: a view of wasm memory, copied into the Blob before anything
    // else can allocate (and so move that memory).
    let bytes = unsafe { Uint8Array::view(entry.text.as_bytes()) };
    let blob = Blob::new_with_u8_array_sequence(&Array::of1(&bytes))?;
    set(&object, "text", &blob);
    set(&object, ORDER, &JsValue::from(added));
    Ok(object.into())
}

/// The library `localStorage` kept (an earlier version's, or this one's
/// [`journal`]): its entries in order, each with when it was first stored
/// if the journal says, and the ids of those that could not be read.
fn legacy(local: &web_sys::Storage) -> (Vec<(StoredEntry, Option<f64>)>, Vec<String>) {
    let mut entries = Vec::new();
    let mut unreadable = Vec::new();
    for id in legacy_ids(local) {
        let value = local
            .get_item(&format!("{LEGACY_PREFIX}{id}"))
            .ok()
            .flatten()
            .and_then(|json| stored::parse(&json));
        let entry = value
            .as_ref()
            .and_then(stored::from_js)
            .filter(|e| e.id == id);
        match (entry, value) {
            (Some(entry), Some(value)) => entries.push((entry, get(&value, ORDER).as_f64())),
            _ => unreadable.push(id),
        }
    }
    (entries, unreadable)
}

/// Writes `entry` to `localStorage` as well, for a page being left: the
/// browser may not have committed the database write when the next page
/// reads the library, but `localStorage` it has, and the next start moves
/// it over ([`load`]). Too big for `localStorage`, it is left to the
/// database write alone.
pub fn journal(entry: &StoredEntry) {
    let Some(local) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return;
    };
    let object: Object = stored::to_js(entry).unchecked_into();
    let added = added(&entry.id).unwrap_or_else(now);
    set(&object, ORDER, &JsValue::from(added));
    let key = format!("{LEGACY_PREFIX}{}", entry.id);
    if local
        .set_item(&key, &stored::stringify(&object, 0))
        .is_err()
    {
        return;
    }
    let mut ids = legacy_ids(&local);
    if !ids.contains(&entry.id) {
        ids.push(entry.id.clone());
        if local
            .set_item(LEGACY_INDEX, &stored::strings_to_json(&ids))
            .is_err()
        {
            let _ = local.remove_item(&key);
        }
    }
}

fn legacy_ids(local: &web_sys::Storage) -> Vec<String> {
    local
        .get_item(LEGACY_INDEX)
        .ok()
        .flatten()
        .map(|json| stored::strings_from_json(&json))
        .unwrap_or_default()
}

/// Moves the library `localStorage` holds into the database, in one
/// transaction (it is newer than what the database has: an earlier
/// version's library is moved once, and the journal is this version's
/// last writes), then removes the old keys. A sentence if some could not
/// be moved.
async fn migrate(db: &IdbDatabase) -> Option<String> {
    let local = web_sys::window()?.local_storage().ok().flatten()?;
    local.get_item(LEGACY_INDEX).ok().flatten()?;
    let (entries, unreadable) = legacy(&local);
    let moved = async {
        let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
        let store = tx.object_store(STORE)?;
        for (n, (entry, added)) in entries.iter().enumerate() {
            let added = added.unwrap_or(n as f64);
            store.put_with_key(&record(entry, added)?, &JsValue::from_str(&entry.id))?;
        }
        committed(&tx).await
    };
    if moved.await.is_err() {
        return Some(format!(
            "The library kept by an earlier version ({} transcript(s)) could not be moved to the new storage: \
             it is shown and stays where it was, and changes to it are not kept.",
            entries.len()
        ));
    }
    for (entry, _) in &entries {
        let _ = local.remove_item(&format!("{LEGACY_PREFIX}{}", entry.id));
    }
    if unreadable.is_empty() {
        let _ = local.remove_item(LEGACY_INDEX);
        None
    } else {
        let _ = local.set_item(LEGACY_INDEX, &stored::strings_to_json(&unreadable));
        Some(format!(
            "{} transcript(s) kept by an earlier version could not be read and are not shown; they stay where they were.",
            unreadable.len()
        ))
    }
}

/// Every stored transcript, in the order they were added (the index on
/// `added` gives them in that order), and a sentence if
/// some could not be read. Opens the database (and moves a library an
/// earlier version kept into it) first: nothing is written before this.
pub async fn load() -> (Vec<StoredEntry>, Option<String>) {
    let db = match open().await {
        Ok(db) => db,
        Err(_) => {
            // Still show what an earlier version kept, left where it is.
            let kept = web_sys::window()
                .and_then(|w| w.local_storage().ok().flatten())
                .map(|local| legacy(&local).0.into_iter().map(|(e, _)| e).collect())
                .unwrap_or_default();
            return (kept, Some(NO_STORAGE.to_string()));
        }
    };
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    let mut error = migrate(&db).await;
    let read = async {
        let tx = db.transaction_with_str(STORE)?;
        let all = result(&tx.object_store(STORE)?.index(ORDER)?.get_all()?).await?;
        Ok::<Array, JsValue>(all.unchecked_into())
    };
    let records = match read.await {
        Ok(records) => records,
        Err(_) => {
            return (
                Vec::new(),
                Some("The library could not be read from this browser's storage.".into()),
            )
        }
    };
    let mut entries = Vec::new();
    let mut unreadable = 0;
    for record in records.iter() {
        match entry_of(record).await {
            Some(entry) => entries.push(entry),
            None => unreadable += 1,
        }
    }
    if unreadable > 0 {
        error.get_or_insert(format!(
            "{unreadable} stored transcript(s) could not be read back and are not shown; the rest of the library is intact."
        ));
    }
    (entries, error)
}

/// Tells the other tabs what changed.
fn tell(id: &str, removed: bool) {
    let news = Object::new();
    set(&news, "id", &JsValue::from_str(id));
    set(&news, "removed", &JsValue::from_bool(removed));
    TABS.with(|tabs| {
        if let Some(tabs) = tabs {
            let _ = tabs.post_message(&news);
        }
    });
}

/// Stores a new or changed transcript: the write is made before this
/// returns (so a page being left still makes it), and the future says
/// once it is committed. On failure nothing stored changes.
pub fn save(entry: &StoredEntry) -> impl Future<Output = Result<(), String>> {
    let id = entry.id.clone();
    let name = entry.name.clone();
    let added = added(&id).unwrap_or_else(now);
    set_added(&id, Some(added));
    let started = db().ok_or(JsValue::NULL).and_then(|db| {
        let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
        tx.object_store(STORE)?
            .put_with_key(&record(entry, added)?, &JsValue::from_str(&id))?;
        let done = committed(&tx);
        // Standard (web-sys marks it deprecated): sends the write now.
        #[allow(deprecated)]
        let _ = tx.commit();
        Ok(done)
    });
    async move {
        match started {
            Err(_) if db().is_none() => Err(NO_STORAGE.to_string()),
            Err(e) => Err(write_error(&name, &e)),
            Ok(done) => match done.await {
                Ok(()) => {
                    tell(&id, false);
                    Ok(())
                }
                Err(e) => Err(write_error(&name, &e)),
            },
        }
    }
}

/// Removes a stored transcript (a no-op for one that was never stored).
pub fn remove(id: &str) -> impl Future<Output = Result<(), String>> {
    let id = id.to_string();
    let started = db().ok_or(JsValue::NULL).and_then(|db| {
        let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
        tx.object_store(STORE)?.delete(&JsValue::from_str(&id))?;
        let done = committed(&tx);
        // Standard (web-sys marks it deprecated): sends the write now.
        #[allow(deprecated)]
        let _ = tx.commit();
        Ok(done)
    });
    async move {
        let done = started.map_err(|_| NO_STORAGE.to_string())?;
        done.await
            .map_err(|_| "The browser refused to update the library.".to_string())?;
        set_added(&id, None);
        tell(&id, true);
        Ok(())
    }
}

/// One stored transcript, read again (another tab stored it).
async fn read(id: &str) -> Option<StoredEntry> {
    let db = db()?;
    let tx = db.transaction_with_str(STORE).ok()?;
    let request = tx
        .object_store(STORE)
        .ok()?
        .get(&JsValue::from_str(id))
        .ok()?;
    let record = result(&request).await.ok()?;
    entry_of(record).await.filter(|e| e.id == id)
}

/// Calls `on_change` with each change another tab makes to the library.
/// The listener lives as long as what this returns.
pub fn listen(on_change: impl Fn(LibraryChange) + 'static) -> Option<gloo_events::EventListener> {
    let tabs = TABS.with(Clone::clone)?;
    let on_change = std::rc::Rc::new(on_change);
    Some(gloo_events::EventListener::new(
        &tabs,
        "message",
        move |event| {
            let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
                return;
            };
            let news = event.data();
            let Some(id) = get(&news, "id").as_string() else {
                return;
            };
            if get(&news, "removed").as_bool() == Some(true) {
                set_added(&id, None);
                on_change(LibraryChange::Removed(id));
                return;
            }
            let on_change = on_change.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(entry) = read(&id).await {
                    on_change(LibraryChange::Stored(entry));
                }
            });
        },
    ))
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // Missing in insecure contexts and older browsers.
    let manager = get(&navigator, "storage");
    manager.is_object().then(|| manager.unchecked_into())
}

/// How much of the browser's storage the page uses, if the browser says.
pub async fn usage() -> Option<Usage> {
    let manager = storage_manager()?;
    let estimate = JsFuture::from(manager.estimate().ok()?).await.ok()?;
    let persistent = JsFuture::from(manager.persisted().ok()?)
        .await
        .ok()
        .and_then(|p| p.as_bool())
        .unwrap_or(false);
    Some(Usage {
        used: get(&estimate, "usage").as_f64()?,
        quota: get(&estimate, "quota").as_f64()?,
        persistent,
    })
}

/// Asks the browser to keep the library even when disk space runs low
/// (it may decide without asking the reader); whether it will.
pub async fn persist() -> bool {
    let Some(manager) = storage_manager() else {
        return false;
    };
    let Ok(asked) = manager.persist() else {
        return false;
    };
    JsFuture::from(asked)
        .await
        .ok()
        .and_then(|p| p.as_bool())
        .unwrap_or(false)
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
