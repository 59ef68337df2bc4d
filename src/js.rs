//! The few JS-object helpers the page, the worker and the stored-entry
//! JSON share: a field set or read by name, and an `ArrayBuffer`'s bytes.
//! None of them throws: a missing field reads as `undefined`.

use js_sys::{ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

/// Sets `object[key]`; a frozen or odd object is left as it is.
pub fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// `object[key]`, or `undefined`.
pub fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The bytes of an `ArrayBuffer`, copied into wasm memory; `None` for
/// anything else.
pub fn bytes(value: JsValue) -> Option<Vec<u8>> {
    value
        .dyn_into::<ArrayBuffer>()
        .ok()
        .map(|b| Uint8Array::new(&b).to_vec())
}
