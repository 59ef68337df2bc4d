//! Format detection: which tool produced a text, and the evidence for it.
//!
//! The formats live in [`crate::format`] and the sniffing in
//! [`crate::parse::detect`] (each parser owns its `sniff`); this module keeps
//! the names `transcript_core::detect::{detect, Detection, Format}` working.

pub use crate::format::{Detection, Format};
pub use crate::parse::detect::detect;
