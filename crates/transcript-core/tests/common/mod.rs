//! Helpers the integration tests share: reading fixtures and the bundled
//! transcripts, and listing speakers.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::Path;

use transcript_core::{parse, Transcript};

fn read(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A file of `tests/fixtures/`.
pub fn fixture(name: &str) -> String {
    read(&format!("tests/fixtures/{name}"))
}

/// The text of a bundled transcript (`transcripts/` of the app), by its
/// file name in the app's list.
pub fn bundled_text(name: &str) -> String {
    transcript_bundled::by_file(name)
        .unwrap_or_else(|| panic!("{name} is not a bundled transcript"))
        .text
        .to_string()
}

/// A bundled transcript, parsed.
pub fn bundled(name: &str) -> Transcript {
    parse(&bundled_text(name)).unwrap()
}

/// Speaker names in speaker order.
pub fn speakers(t: &Transcript) -> Vec<&str> {
    t.speakers.iter().map(|s| s.name.as_str()).collect()
}
