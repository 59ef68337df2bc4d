//! Detection and every parser on arbitrary bytes: nothing may panic, hang or
//! exhaust memory, and what comes out keeps the model's invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use transcript_core::{parse, Format};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        let _ = parse::parse_bytes(data);
        return;
    };
    let _ = transcript_core::detect(text);
    if let Ok(t) = transcript_core::parse(text) {
        for turn in &t.turns {
            assert!(turn.speaker.is_none_or(|id| id < t.speakers.len()));
            assert!(turn.segments.iter().all(|s| turn.text.is_char_boundary(s.offset)));
        }
    }
    // Every parser on every input, whatever detection says.
    let which = data.first().map_or(0, |b| *b as usize % Format::ALL.len());
    if let Some(format) = Format::ALL.get(which) {
        let _ = transcript_core::parse_as(*format, text);
    }
});
