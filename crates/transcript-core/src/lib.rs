//! The pure core of Transcript Explorer: the transcript model, format
//! detection and the parsers that turn any pasted text into that model.
//!
//! Text flows one way: text → [`detect()`] → [`parse()`] → [`Transcript`] →
//! analyses ([`search`] index, [`topics`], [`dedup`] repeats over
//! [`passages`]) → [`view`] (the rows the reading view shows, the choices
//! of speakers and topics, a turn's layout of marks and collapsed repeats).
//! Around it: [`share`] (links), [`export`], [`library`] (the stored entry
//! and the library file), [`transfer`] (the worker → page codec, also used
//! for the worker's messages), [`synth`] (benchmark input) and [`bits`]
//! (LEB128, FNV-1a, SWAR, one shared sort). Everything here compiles
//! natively and is tested on the host; the web app only calls it. This crate must never depend on a web API, and must never
//! panic on any input: the lints below forbid the usual ways to do so outside
//! tests.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo
    )
)]

pub mod bits;
pub mod dedup;
pub mod detect;
pub mod export;
pub mod format;
pub mod library;
pub mod model;
pub mod paragraphs;
pub mod parse;
pub mod passages;
pub mod search;
pub mod share;
pub mod synth;
pub mod text;
pub mod topics;
pub mod transfer;
pub mod view;

/// The share link's context-mixing coder, beside the payload it packs.
pub use share::cm;

pub use detect::detect;
pub use format::{Detection, Format};
pub use model::{
    Metadata, Section, Segment, Speaker, SpeakerId, Transcript, TranscriptBuilder, Turn, TurnKind,
};
pub use parse::{format_choices, parse, parse_as, read, Choice, ParseError, ReadAs, Reading};
