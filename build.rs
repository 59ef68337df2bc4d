//! Parses and analyses the bundled transcripts at build time, so the page
//! opens on them without carrying the parsers, topics and repeat finder
//! (those run in the import worker): each becomes a `transcript_core::transfer`
//! buffer (transcript, topics, repeated passages; the page builds the small
//! search index itself) in `OUT_DIR`, which `src/bundled.rs` includes.
//!
//! A bundled file that does not parse fails the build, with its name.

use std::path::Path;

use transcript_core::transfer::{encode_parts, Parts};

/// File names, as in `src/bundled.rs`.
const FILES: [&str; 4] = [
    "devday-2024-altman-interview.txt",
    "ascent-2025-altman-interview.md",
    "dealbook-2024-altman-article.txt",
    "altman-microsoft-partnership-2025-news.txt",
];

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=transcripts");
    for file in FILES {
        let path = Path::new("transcripts").join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("bundled transcript {}: {e}", path.display()));
        let transcript = transcript_core::parse(&text)
            .unwrap_or_else(|e| panic!("bundled transcript {file} does not parse: {e}"));
        let topics = transcript_core::topics::Topics::extract(&transcript);
        let duplicates = transcript_core::dedup::find(&transcript);
        let bytes = encode_parts(Parts {
            transcript: Some(&transcript),
            topics: Some(&topics),
            duplicates: Some(&duplicates),
            ..Parts::default()
        });
        std::fs::write(Path::new(&out).join(format!("{file}.bin")), bytes)
            .unwrap_or_else(|e| panic!("writing {file}.bin: {e}"));
    }
}
