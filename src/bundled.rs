//! The transcripts shipped with the app, compiled into the wasm module so the
//! page opens on them with no network request. `build.rs` parses and
//! analyses them (the list is the `transcript-bundled` crate) at build time: the
//! page carries their analysed form, not their text or the parsers.

/// A transcript bundled with the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bundled {
    /// Stable id, used in links.
    pub id: &'static str,
    /// The file name it ships as (in `transcripts/`).
    pub file: &'static str,
    /// Its transcript, topics and repeated passages, as a
    /// `transcript_core::transfer` buffer.
    pub analysed: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
