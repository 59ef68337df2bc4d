//! The transcripts shipped with the app, by id and file, with their text:
//! the one list `build.rs` (which analyses them for the page), the CLI and
//! the core's tests share, so all name them by the same ids. The page's
//! wasm does not use this module (it carries the analysed form instead:
//! `src/bundled.rs`).

/// A bundled transcript and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bundled {
    /// Stable id, used in links.
    pub id: &'static str,
    /// The file name it ships as (in `transcripts/`).
    pub file: &'static str,
    pub text: &'static str,
}

/// In the order the library lists them; the first opens by default.
pub const BUNDLED: [Bundled; 4] = [
    Bundled {
        id: "devday-2024",
        file: "devday-2024-altman-interview.txt",
        text: include_str!("../transcripts/devday-2024-altman-interview.txt"),
    },
    Bundled {
        id: "ascent-2025",
        file: "ascent-2025-altman-interview.md",
        text: include_str!("../transcripts/ascent-2025-altman-interview.md"),
    },
    Bundled {
        id: "dealbook-2024",
        file: "dealbook-2024-altman-article.txt",
        text: include_str!("../transcripts/dealbook-2024-altman-article.txt"),
    },
    Bundled {
        id: "microsoft-2025",
        file: "altman-microsoft-partnership-2025-news.txt",
        text: include_str!("../transcripts/altman-microsoft-partnership-2025-news.txt"),
    },
];
