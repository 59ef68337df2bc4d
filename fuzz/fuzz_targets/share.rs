//! The share-link readers on arbitrary bytes, as a payload, as a whole
//! fragment, as a payload's body (packed both as version 1 and as version
//! 2) and as bytes for the version-2 decoder: nothing may panic, hang or
//! exhaust memory, and whatever decodes keeps the model's invariants and
//! reads back the same after being written out again. The checks live in
//! `crates/transcript-core/tests/fuzz_checks`, shared with `cargo test`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../crates/transcript-core/tests/fuzz_checks/mod.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::share_input(data));
