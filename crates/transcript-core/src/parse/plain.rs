//! The fallback: text in no known format becomes paragraphs with no speaker.
//! A blank line ends a paragraph; wrapped lines inside one are joined.

use crate::format::Format;
use crate::model::{Transcript, TranscriptBuilder};

pub fn parse(text: &str) -> Transcript {
    let mut b = TranscriptBuilder::new(Format::PlainText);
    for paragraph in text.split("\n\n") {
        b.push(None, None, None, paragraph);
        b.break_turn();
    }
    if b.turn_count() > 0 {
        b.warn("No speakers or times were found: the text is shown as paragraphs.");
    }
    b.finish()
}
