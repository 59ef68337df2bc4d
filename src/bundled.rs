//! The transcripts shipped with the app, compiled into the wasm module so the
//! page opens on them with no network request. `build.rs` parses and
//! analyses them at build time: the page carries their analysed form, not
//! the parsers.

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

macro_rules! bundled {
    ($id:literal, $file:literal) => {
        Bundled {
            id: $id,
            file: $file,
            analysed: include_bytes!(concat!(env!("OUT_DIR"), "/", $file, ".bin")),
        }
    };
}

/// The bundled transcripts, in the order the library lists them; the first
/// opens by default. `build.rs` lists the same files.
pub const BUNDLED: [Bundled; 4] = [
    bundled!("devday-2024", "devday-2024-altman-interview.txt"),
    bundled!("ascent-2025", "ascent-2025-altman-interview.md"),
    bundled!("dealbook-2024", "dealbook-2024-altman-article.txt"),
    bundled!(
        "microsoft-2025",
        "altman-microsoft-partnership-2025-news.txt"
    ),
];
