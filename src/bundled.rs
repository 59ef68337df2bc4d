//! The transcripts shipped with the app, compiled into the wasm module so the
//! page opens on them with no network request.

/// A transcript bundled with the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bundled {
    /// Stable id, used in links.
    pub id: &'static str,
    /// The file name it ships as.
    pub file: &'static str,
    pub text: &'static str,
}

/// The bundled transcripts, in the order the library lists them; the first
/// opens by default.
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
