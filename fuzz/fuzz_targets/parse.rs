//! Detection, every parser and `read` ("Read as…", with a format and label
//! shape chosen from the input's bytes) on arbitrary bytes: nothing may panic, hang or
//! exhaust memory, what comes out keeps the model's invariants, and every
//! parsed transcript survives a share link exactly. The checks live in
//! `crates/transcript-core/tests/fuzz_checks`, so `cargo test` replays the
//! committed corpus through the same code on stable.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../crates/transcript-core/tests/fuzz_checks/mod.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::parse_input(data));
