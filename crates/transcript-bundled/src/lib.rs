//! The transcripts shipped with Transcript Explorer, by id and file, with
//! their text (the files are the app's `transcripts/`): the one list the
//! app's `build.rs` (which analyses them for the page), the `transcript` CLI
//! and the core's tests depend on, so all name them by the same ids. The
//! page's wasm does not carry this text (it carries the analysed form that
//! `build.rs` makes: the app's `src/bundled.rs`).

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
        text: include_str!("../../../transcripts/devday-2024-altman-interview.txt"),
    },
    Bundled {
        id: "ascent-2025",
        file: "ascent-2025-altman-interview.md",
        text: include_str!("../../../transcripts/ascent-2025-altman-interview.md"),
    },
    Bundled {
        id: "dealbook-2024",
        file: "dealbook-2024-altman-article.txt",
        text: include_str!("../../../transcripts/dealbook-2024-altman-article.txt"),
    },
    Bundled {
        id: "microsoft-2025",
        file: "altman-microsoft-partnership-2025-news.txt",
        text: include_str!("../../../transcripts/altman-microsoft-partnership-2025-news.txt"),
    },
];

/// The bundled transcript shipped as `file`.
pub fn by_file(file: &str) -> Option<&'static Bundled> {
    BUNDLED.iter().find(|b| b.file == file)
}

/// The bundled transcript a link names by `id`.
pub fn by_id(id: &str) -> Option<&'static Bundled> {
    BUNDLED.iter().find(|b| b.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transcript_is_found_by_its_id_and_file_and_has_text() {
        for b in &BUNDLED {
            assert_eq!(by_id(b.id), Some(b));
            assert_eq!(by_file(b.file), Some(b));
            assert!(b.text.len() > 1000, "{}", b.file);
        }
        assert_eq!(by_id("nope"), None);
    }
}
