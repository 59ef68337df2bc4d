//! The core worker and the page's way to it. The parsers, the topic
//! tagger, the repeat finder, the share-link codec, the exporters and the
//! library-file reader run in a Web Worker ([`service`], its own wasm), so
//! the page never waits on them and its own wasm does not carry them.
//!
//! - [`protocol`]: the [`Job`]s and [`Reply`]s, as bytes; the one module
//!   both sides use, pure Rust and tested on the host.
//! - [`client`]: the page's side, [`Workers`].
//! - [`service`]: the worker's side.
//!
//! Nothing here uses the page's modules: the worker's wasm is built from
//! this module and the core alone.

pub mod client;
pub mod protocol;
pub mod service;

pub use client::{Outcome, Workers};
pub use protocol::{Answer, Job, ReadingInfo, Reply, ShapeChoice};
