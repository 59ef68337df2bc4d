//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) through the
//! very checks the fuzz targets run (`fuzz_checks`), so `cargo test` on
//! stable keeps every input the fuzzer found interesting, and every crash it
//! found, passing. A missing or empty corpus fails: a replay of nothing
//! would pass while checking nothing.
//!
//! The seeds the fuzzing started from are written by
//! `cargo test -p transcript-core --test fuzz_corpus -- --ignored write_seeds`.

mod common;
mod fuzz_checks;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use serde_json::Value;
use transcript_core::parse;
use transcript_core::share::{encode_transcript, unpack_payload};

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target)
}

/// Runs `check` on every file of the target's corpus; fails naming every
/// file that panicked.
fn replay(target: &str, check: fn(&[u8])) {
    let dir = corpus_dir(target);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (the fuzz corpus is committed)", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no inputs", dir.display());
    let failed: Vec<String> = files
        .iter()
        .filter(|path| {
            let data = std::fs::read(path).unwrap();
            catch_unwind(AssertUnwindSafe(|| check(&data))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} {target} inputs failed (messages above):\n{}",
        failed.len(),
        files.len(),
        failed.join("\n")
    );
}

#[test]
fn the_parse_corpus_passes_the_parse_checks() {
    replay("parse", fuzz_checks::parse_input);
}

#[test]
fn the_docx_corpus_passes_the_docx_checks() {
    replay("docx", fuzz_checks::docx_input);
}

#[test]
fn the_share_corpus_passes_the_share_checks() {
    replay("share", fuzz_checks::share_input);
}

/// The text transcript fixtures (not the golden-link list, not the Word
/// documents), by name.
fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "golden-links.json" && !name.ends_with(".docx"))
        .map(|name| {
            let text = common::fixture(&name);
            (name, text)
        })
        .collect();
    out.sort();
    out
}

/// Writes the seeds: the fixtures for `parse`; for `share`, the golden
/// links, and each fixture's payload and the body inside it. Rerun after a
/// new payload version: it adds that version's payloads and links.
#[test]
#[ignore = "writes fuzz/corpus; run by hand before a first fuzzing run"]
fn write_seeds() {
    let write = |target: &str, name: &str, data: &[u8]| {
        let dir = corpus_dir(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("seed-{name}")), data).unwrap();
    };
    for (name, text) in fixtures() {
        write("parse", &name, text.as_bytes());
        let Ok(t) = parse(&text) else { continue };
        let payload = encode_transcript(&t);
        let body = unpack_payload(&payload).unwrap();
        // The first seeds held version-1 payloads as "payload-…"; they stay.
        let version = if payload.starts_with('1') { "" } else { "v2-" };
        write(
            "share",
            &format!("payload-{version}{name}"),
            payload.as_bytes(),
        );
        write("share", &format!("body-{name}"), &body);
    }
    // `docx`: the Word documents, the XML fixtures (which the target also
    // wraps as a document.xml), and a small hostile document.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if [".docx", ".ttml", ".dfxp", ".xml"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            write("docx", &name, &std::fs::read(&path).unwrap());
        }
    }
    write(
        "docx",
        "doctype-entities.xml",
        b"<!DOCTYPE d [<!ENTITY a \"&b;&b;\"><!ENTITY b \"x\">]><w:document><w:body><w:p><w:r><w:b/><w:t>Ana:</w:t></w:r><w:r><w:t> &a; hi</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Ben</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>00:01</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Yes.</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>",
    );
    let golden: Vec<Value> = serde_json::from_str(&common::fixture("golden-links.json")).unwrap();
    for (i, case) in golden.iter().enumerate() {
        let link = case["link"].as_str().unwrap();
        write("share", &format!("golden-link-{i}"), link.as_bytes());
    }
}
