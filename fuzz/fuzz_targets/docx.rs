//! Word documents (zip archives) and the XML readers (Word's
//! document.xml, TTML, YouTube timed text) on arbitrary bytes: nothing may
//! panic, hang or exhaust memory (zip bombs, crowds of entries, entity
//! expansion, deep nesting, cut files), what reads keeps the model's
//! invariants, and a refusal is one sentence. The checks live in
//! `crates/transcript-core/tests/fuzz_checks`, so `cargo test` replays the
//! committed corpus through the same code on stable.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../crates/transcript-core/tests/fuzz_checks/mod.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::docx_input(data));
