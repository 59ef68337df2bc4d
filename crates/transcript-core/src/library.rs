//! The reader's library as data: one stored transcript ([`StoredEntry`], the
//! shape the app keeps in localStorage), the library file that holds all of
//! them ([`write`], [`read`]), and the rules for bringing an imported file
//! into a library that already has transcripts ([`merge`]).
//!
//! A library written and read back is the same library: same ids (so links
//! that name a transcript still open it), names, source texts, speaker
//! edits and order. Merging never overwrites anything the reader already
//! has: a transcript that changed on both sides comes in as a copy.
//!
//! This module must never panic on any file, and never guess: a file that is
//! not a library, or is from a newer version, is refused with a sentence.

use serde::{Deserialize, Serialize};

use crate::model::Transcript;
use crate::view::SpeakerEdits;

/// One transcript of the library: its source text, so it is parsed again on
/// load with the current parsers, and what the reader changed about it. For
/// a bundled transcript only the changes are kept (`text` is empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEntry {
    pub id: String,
    pub name: String,
    pub text: String,
    #[serde(default)]
    pub edits: SpeakerEdits,
    /// For a transcript kept from a share link (which carries no source
    /// text): the link's payload, decoded again on load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The reader's "Read as…" choice (a [`crate::parse::ReadAs`] key);
    /// none for the automatic reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_as: Option<String>,
}

impl StoredEntry {
    /// The payload of a transcript kept from a share link: what is stored
    /// in place of its source text, which such a transcript does not have.
    pub fn kept_link(&self) -> Option<&str> {
        self.link.as_deref().filter(|_| self.text.is_empty())
    }

    /// The transcript this entry stands for, read again with the current
    /// parsers (its text parsed, or its kept link's payload decoded), before
    /// its speaker edits; or a sentence saying why it cannot be read.
    pub fn transcript(&self) -> Result<Transcript, String> {
        match self.kept_link() {
            Some(payload) => crate::share::decode_transcript(payload).map_err(|e| e.to_string()),
            None => self.reading().map(|r| r.transcript),
        }
    }

    /// How the entry's text reads with its "Read as…" choice (an unknown
    /// key reads as Auto); for a kept link, which has no text, an error.
    pub fn reading(&self) -> Result<crate::parse::Reading, String> {
        let how = self
            .read_as
            .as_deref()
            .and_then(crate::parse::ReadAs::from_key)
            .unwrap_or_default();
        crate::parse::read(&self.text, &how).map_err(|e| e.to_string())
    }
}

/// What a library file says it is, so any JSON is not mistaken for one.
pub const FORMAT: &str = "transcript-explorer-library";
/// The version this code writes and the newest it reads.
pub const VERSION: u32 = 1;
/// The suggested file name's stem.
pub const FILE_STEM: &str = "transcript-library";

#[derive(Serialize, Deserialize)]
struct LibraryFile {
    format: String,
    version: u32,
    entries: Vec<StoredEntry>,
}

/// Why a file could not be read as a library.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LibraryError {
    #[error("this file is not a Transcript Explorer library (export one with “Export library”)")]
    NotLibrary,
    #[error("this library was exported by a newer version of Transcript Explorer (file version {0}, this version reads {VERSION})")]
    NewerVersion(u32),
    #[error("this library file is damaged: {0}")]
    Damaged(String),
}

/// The library file for `entries`, in their order.
pub fn write(entries: &[StoredEntry]) -> String {
    #[derive(Serialize)]
    struct Borrowed<'a> {
        format: &'static str,
        version: u32,
        entries: &'a [StoredEntry],
    }
    let file = Borrowed {
        format: FORMAT,
        version: VERSION,
        entries,
    };
    // Serializing strings and maps of strings cannot fail.
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Whether `text` looks like a library file (to route a dropped file).
pub fn is_library(text: &str) -> bool {
    let head: String = text.chars().take(200).collect();
    head.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
        && head.contains(FORMAT)
}

/// The entries of a library file, in order.
pub fn read(text: &str) -> Result<Vec<StoredEntry>, LibraryError> {
    #[derive(Deserialize)]
    struct Header {
        format: Option<String>,
        version: Option<u32>,
    }
    let text = text.trim_start_matches('\u{feff}');
    let header: Header = serde_json::from_str(text).map_err(|_| LibraryError::NotLibrary)?;
    if header.format.as_deref() != Some(FORMAT) {
        return Err(LibraryError::NotLibrary);
    }
    match header.version {
        Some(v) if v > VERSION => return Err(LibraryError::NewerVersion(v)),
        Some(_) => {}
        None => return Err(LibraryError::Damaged("it has no version".into())),
    }
    let file: LibraryFile =
        serde_json::from_str(text).map_err(|e| LibraryError::Damaged(e.to_string()))?;
    let mut seen = std::collections::HashSet::new();
    for entry in &file.entries {
        if entry.id.trim().is_empty() {
            return Err(LibraryError::Damaged(format!("“{}” has no id", entry.name)));
        }
        if !seen.insert(entry.id.as_str()) {
            return Err(LibraryError::Damaged(format!(
                "the id “{}” is used twice",
                entry.id
            )));
        }
    }
    Ok(file.entries)
}

/// What importing a library file changes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Merge {
    /// What to store, in the file's order: new transcripts, and bundled
    /// ones whose name and edits the file restores (the reader had not
    /// changed them here).
    pub take: Vec<StoredEntry>,
    /// Already here exactly as in the file.
    pub unchanged: usize,
    /// Of `take`: transcripts that changed both here and in the file, added
    /// under a new id and a name marking them as imported.
    pub copies: usize,
    /// Bundled transcripts the reader changed both here and in the file: the
    /// reader's own changes are kept (names as shown here).
    pub kept_here: Vec<String>,
}

impl Merge {
    /// One or two sentences for the reader.
    pub fn summary(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {many}")
            }
        };
        let mut parts = vec![format!(
            "Imported {}.",
            plural(self.take.len(), "transcript", "transcripts")
        )];
        if self.unchanged > 0 {
            parts.push(format!(
                "{} already in the library.",
                plural(self.unchanged, "was", "were")
            ));
        }
        if self.copies > 0 {
            parts.push(format!(
                "{} had changed both here and in the file, so the file's version was added beside yours.",
                self.copies
            ));
        }
        if !self.kept_here.is_empty() {
            parts.push(format!(
                "Your own changes to {} were kept.",
                self.kept_here.join(", ")
            ));
        }
        parts.join(" ")
    }
}

/// Brings `incoming` into a library holding `existing`: every transcript the
/// reader added, and the bundled ones only if the reader changed them (as
/// the app stores them). `is_bundled` names the transcripts shipped with the
/// app; `new_id` makes an id for a copy.
pub fn merge(
    existing: &[StoredEntry],
    incoming: Vec<StoredEntry>,
    is_bundled: impl Fn(&str) -> bool,
    mut new_id: impl FnMut() -> String,
) -> Merge {
    let mut out = Merge::default();
    for entry in incoming {
        let here = existing.iter().find(|e| e.id == entry.id);
        match here {
            None => out.take.push(entry),
            Some(here) if *here == entry => out.unchanged += 1,
            Some(here) if is_bundled(&entry.id) => out.kept_here.push(here.name.clone()),
            Some(_) => {
                let name = format!("{} (imported)", entry.name);
                out.take.push(StoredEntry {
                    id: new_id(),
                    name,
                    ..entry
                });
                out.copies += 1;
            }
        }
    }
    out
}
