//! Transcript Explorer, the browser app.
//!
//! Everything runs in the browser: text is parsed by `transcript-core` in a
//! Web Worker ([`worker`], its own wasm, asked through [`jobs`]), and
//! nothing the user pastes leaves the browser. The
//! page's wasm carries the model, the view and search, not the parsers. The
//! shape follows Yew's `function_todomvc`: [`state`] holds the domain state
//! and its one reducer, [`app`] wires it to the view, and the leaf
//! [`components`] take data and callbacks. No parsing happens here: the app
//! hands text to the core and renders what comes back, always as text.

pub mod app;
pub mod bundled;
pub mod by_ptr;
pub mod clipboard;
pub mod components;
pub mod hooks;
pub mod jobs;
pub mod js;
pub mod scheduling;
pub mod state;
pub mod storage;
pub mod stored;
pub mod user_timing;
pub mod visible;
pub mod worker;

pub use app::App;

/// Mounts the app on the page's `<body>`.
pub fn run() {
    yew::Renderer::<App>::new().render();
}
