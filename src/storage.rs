//! The local library: transcripts the user added, kept in the browser's
//! localStorage so they are there after a reload. Nothing leaves the browser.
//!
//! Each transcript is stored under its own key and the list of ids under
//! another, so a write that fails (a full quota, a private window) never
//! touches what is already stored: the transcript's own key is written first,
//! the index only after it succeeded, and a failed index write takes the new
//! key back out. Every failure comes back as a sentence for the user.
//!
//! Only the persistence effect ([`crate::hooks::persist`]) writes here.

use web_sys::Storage;

const INDEX_KEY: &str = "transcript-explorer/index";
const ENTRY_PREFIX: &str = "transcript-explorer/t/";

pub use transcript_core::library::StoredEntry;

use crate::state::LibraryChange;
use crate::stored;

fn storage() -> Result<Storage, String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| {
            "This browser does not let the page store data (a private window?): \
             transcripts you add stay open until you close the tab, but are not kept."
                .to_string()
        })
}

fn write_error(name: &str, err: &wasm_bindgen::JsValue) -> String {
    let quota = err
        .dyn_ref::<web_sys::DomException>()
        .is_some_and(|e| e.name() == "QuotaExceededError" || e.code() == 22);
    if quota {
        format!(
            "The browser's storage for this page is full, so “{name}” is open but will not be kept after a reload. \
             Remove transcripts you no longer need from the library to make room."
        )
    } else {
        format!("The browser refused to store “{name}”: it is open but will not be kept after a reload.")
    }
}

use wasm_bindgen::JsCast;

fn read_index(storage: &Storage) -> Vec<String> {
    storage
        .get_item(INDEX_KEY)
        .ok()
        .flatten()
        .map(|json| stored::strings_from_json(&json))
        .unwrap_or_default()
}

fn write_index(storage: &Storage, ids: &[String]) -> Result<(), wasm_bindgen::JsValue> {
    let json = stored::strings_to_json(ids);
    storage.set_item(INDEX_KEY, &json)
}

/// Every stored transcript, in the order they were added, and a sentence if
/// some could not be read.
pub fn load() -> (Vec<StoredEntry>, Option<String>) {
    let storage = match storage() {
        Ok(s) => s,
        Err(message) => return (Vec::new(), Some(message)),
    };
    let mut entries = Vec::new();
    let mut unreadable = 0;
    for id in read_index(&storage) {
        let entry = storage
            .get_item(&format!("{ENTRY_PREFIX}{id}"))
            .ok()
            .flatten()
            .and_then(|json| stored::from_json(&json));
        match entry {
            Some(entry) => entries.push(entry),
            None => unreadable += 1,
        }
    }
    let error = (unreadable > 0).then(|| {
        format!("{unreadable} stored transcript(s) could not be read back and are not shown; the rest of the library is intact.")
    });
    (entries, error)
}

/// Stores a new or changed transcript. On failure nothing stored changes.
pub fn save(entry: &StoredEntry) -> Result<(), String> {
    let storage = storage()?;
    let key = format!("{ENTRY_PREFIX}{}", entry.id);
    let previous = storage.get_item(&key).ok().flatten();
    let json = stored::to_json(entry);
    storage
        .set_item(&key, &json)
        .map_err(|e| write_error(&entry.name, &e))?;
    let mut ids = read_index(&storage);
    if !ids.contains(&entry.id) {
        ids.push(entry.id.clone());
        if let Err(e) = write_index(&storage, &ids) {
            // Put things back as they were.
            match previous {
                Some(old) => {
                    let _ = storage.set_item(&key, &old);
                }
                None => {
                    let _ = storage.remove_item(&key);
                }
            }
            return Err(write_error(&entry.name, &e));
        }
    }
    Ok(())
}

/// Removes a stored transcript (a no-op for one that was never stored).
pub fn remove(id: &str) -> Result<(), String> {
    let storage = storage()?;
    let mut ids = read_index(&storage);
    ids.retain(|i| i != id);
    write_index(&storage, &ids)
        .map_err(|_| "The browser refused to update the library.".to_string())?;
    let _ = storage.remove_item(&format!("{ENTRY_PREFIX}{id}"));
    Ok(())
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

/// What a `storage` event (fired in every other tab of this origin when
/// one writes) says about the library. Each transcript's own key carries
/// all of it, so the index key is not needed; anything else is not ours.
pub fn change(key: Option<&str>, new_value: Option<&str>) -> Option<LibraryChange> {
    let id = key?.strip_prefix(ENTRY_PREFIX)?;
    match new_value {
        Some(json) => stored::from_json(json)
            .filter(|entry| entry.id == id)
            .map(LibraryChange::Stored),
        None => Some(LibraryChange::Removed(id.to_string())),
    }
}
