//! Stored entries as JSON, read and written with the browser's own `JSON`
//! instead of serde_json: the page's wasm then carries no JSON parser (some
//! 10 KB gzip), and the format is the one serde gives `StoredEntry` (the
//! worker and the library file read it with serde):
//!
//! ```text
//! {"id":"u1","name":"Notes","text":"Ana: Hi.",
//!  "edits":{"renames":{"0":"Ana Lima"},"merges":{"2":1}},"link":"1eJz…"}
//! ```
//!
//! Reading is lenient where serde is (`edits` and `link` may be missing) and
//! strict where it is (`id`, `name` and `text` must be strings): anything
//! else is not an entry. Nothing here panics, whatever the text.
//!
//! Measured against `serde-wasm-bindgen` 0.6 (`to_js`/`from_js` through its
//! json-compatible serializer and `from_value`): the page's wasm grew from
//! 585.0 to 612.7 KB raw, 241.6 to 255.0 KB gzip -6 (serde's derived
//! deserializer for `StoredEntry` and `SpeakerEdits`, and the crate's
//! value walker), so the hand-written reading stays.

use js_sys::{Array, Object, JSON};
use transcript_core::library::StoredEntry;
use transcript_core::view::SpeakerEdits;
use wasm_bindgen::{JsCast, JsValue};

use crate::js::{get, set};

/// The entry as a JS object, as serde would write it.
pub fn to_js(entry: &StoredEntry) -> JsValue {
    let object = Object::new();
    set(&object, "id", &JsValue::from_str(&entry.id));
    set(&object, "name", &JsValue::from_str(&entry.name));
    set(&object, "text", &JsValue::from_str(&entry.text));
    let renames = Object::new();
    for (id, name) in &entry.edits.renames {
        set(&renames, &id.to_string(), &JsValue::from_str(name));
    }
    let merges = Object::new();
    for (from, into) in &entry.edits.merges {
        set(&merges, &from.to_string(), &JsValue::from(*into as u32));
    }
    let edits = Object::new();
    set(&edits, "renames", &renames);
    set(&edits, "merges", &merges);
    set(&object, "edits", &edits);
    if let Some(link) = &entry.link {
        set(&object, "link", &JsValue::from_str(link));
    }
    if let Some(read_as) = &entry.read_as {
        set(&object, "read_as", &JsValue::from_str(read_as));
    }
    object.into()
}

/// `value` as JSON text (`indent` spaces per level, or none).
pub fn stringify(value: &JsValue, indent: u32) -> String {
    let text = if indent == 0 {
        JSON::stringify(value)
    } else {
        JSON::stringify_with_replacer_and_space(value, &JsValue::NULL, &JsValue::from(indent))
    };
    text.ok().and_then(|s| s.as_string()).unwrap_or_default()
}

pub fn to_json(entry: &StoredEntry) -> String {
    stringify(&to_js(entry), 0)
}

/// A speaker id: a key or value serde wrote as a whole number.
fn speaker_id(text: &str) -> Option<usize> {
    text.parse().ok()
}

/// The entry a JS object stands for, or `None` if it is not one.
pub fn from_js(value: &JsValue) -> Option<StoredEntry> {
    if !value.is_object() || Array::is_array(value) {
        return None;
    }
    let string = |key: &str| get(value, key).as_string();
    let mut edits = SpeakerEdits::default();
    let js_edits = get(value, "edits");
    if js_edits.is_object() {
        let renames = get(&js_edits, "renames");
        if let Some(renames) = renames.dyn_ref::<Object>() {
            for pair in Object::entries(renames).iter() {
                let pair: Array = pair.unchecked_into();
                let id = pair.get(0).as_string().and_then(|k| speaker_id(&k))?;
                edits.renames.insert(id, pair.get(1).as_string()?);
            }
        }
        let merges = get(&js_edits, "merges");
        if let Some(merges) = merges.dyn_ref::<Object>() {
            for pair in Object::entries(merges).iter() {
                let pair: Array = pair.unchecked_into();
                let from = pair.get(0).as_string().and_then(|k| speaker_id(&k))?;
                let into = pair
                    .get(1)
                    .as_f64()
                    .filter(|n| n.fract() == 0.0 && *n >= 0.0)?;
                edits.merges.insert(from, into as usize);
            }
        }
    } else if !js_edits.is_undefined() && !js_edits.is_null() {
        return None;
    }
    let link = get(value, "link");
    let link = if link.is_undefined() || link.is_null() {
        None
    } else {
        Some(link.as_string()?)
    };
    Some(StoredEntry {
        id: string("id")?,
        name: string("name")?,
        text: string("text")?,
        edits,
        link,
        read_as: get(value, "read_as").as_string(),
    })
}

/// JSON text parsed by the browser, or `None` if it is not JSON.
pub fn parse(text: &str) -> Option<JsValue> {
    JSON::parse(text).ok()
}

pub fn from_json(text: &str) -> Option<StoredEntry> {
    from_js(&parse(text)?)
}

/// The library file (`transcript_core::library` reads it), as
/// `transcript_core::library::write` would write it.
pub fn library_file(entries: &[StoredEntry]) -> String {
    let file = Object::new();
    set(
        &file,
        "format",
        &JsValue::from_str(transcript_core::library::FORMAT),
    );
    set(
        &file,
        "version",
        &JsValue::from(transcript_core::library::VERSION),
    );
    let list: Array = entries.iter().map(to_js).collect();
    set(&file, "entries", &list);
    stringify(&file.into(), 2)
}
