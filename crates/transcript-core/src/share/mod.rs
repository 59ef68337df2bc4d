//! Share links: the whole view, and when need be the transcript itself, in
//! a URL fragment, so a link carries what the reader saw and no server ever
//! holds the text.
//!
//! # Grammar
//!
//! A share link's fragment is a version-1 view fragment (see
//! [`crate::view::fragment`]) with three more keys:
//!
//! ```text
//! item =/ "rn=" id "." name    ; speaker `id` (as parsed) renamed to `name`
//!      /  "mg=" id "." id      ; the first speaker merged into the second
//!      /  "d="  payload        ; the transcript itself, always the last item
//! payload = "2" base64url( length crc32 coded )  ; written for bodies up to
//!                                                ; CM_MAX_BODY bytes
//!         / "1" base64url( zlib( body ) )        ; written for larger ones;
//!                                                ; read forever
//! length  = the body's length in bytes, LEB128 (1 to 3 bytes)
//! crc32   = CRC-32 of length and coded, 4 bytes little-endian
//! coded   = crate::cm::compress( body )          ; base64url: no padding,
//!                                                ; RFC 4648 §5
//! ```
//!
//! A bundled transcript travels by its id (`t=`), so its link is short. Any
//! other transcript travels in `d=` and the link has no `t=`: the payload is
//! the transcript. Speaker edits refer to the parsed speakers (they are
//! applied on arrival, so they can still be undone), and `sp=` names the
//! speakers as shown after the edits.
//!
//! # Limits
//!
//! A link longer than [`SOFT_LIMIT`] characters may be cut by some chat
//! apps; one longer than [`HARD_LIMIT`] is more than Chromium opens. Reading
//! refuses a fragment over [`HARD_LIMIT`] before any work, stops inflating
//! at [`MAX_BODY`] bytes (a small link must not unpack into gigabytes),
//! refuses a version-2 length over [`CM_MAX_BODY`] or over what its coded
//! bytes could hold (an arithmetic decoder spins any few bytes into any
//! length, so the length is declared and capped before decoding), and
//! checks every count in the body against a cap before allocating for it.
//! Nothing here panics, whatever the link.

//!
//! # Where things are
//!
//! - `link`: the fragment's grammar, reading and writing links.
//! - `payload`: the `d=` envelope (version byte, length, checksum, deflate
//!   or [`cm`]).
//! - `body`: the columnar text body inside it.

use thiserror::Error;

use crate::model::Transcript;
use crate::view::{FragmentError, SpeakerEdits, ViewState};

mod body;
pub mod cm;
mod link;
mod payload;
#[cfg(test)]
mod tests;

pub use link::{link_fragment, shown, LinkParts};
pub use payload::{
    decode_transcript, encode_transcript, pack_body, payload_id, unpack_payload, CM_MAX_BODY,
};

/// Links longer than this may be cut by some chat apps.
pub const SOFT_LIMIT: usize = 8_000;
/// The longest URL Chromium opens (2 MB).
pub const HARD_LIMIT: usize = 2 * 1024 * 1024;
/// The most bytes a payload may unpack into.
pub const MAX_BODY: usize = 32 * 1024 * 1024;
/// The most turns, segments, speakers, sections and warnings a payload holds.
pub const MAX_TURNS: usize = 1_000_000;
pub const MAX_SEGMENTS: usize = 4_000_000;
pub const MAX_SPEAKERS: usize = 100_000;
pub const MAX_SECTIONS: usize = 100_000;
pub const MAX_WARNINGS: usize = 1_000;

/// What a share link carries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Link {
    /// The view. `view.transcript` is empty when `transcript` is given.
    pub view: ViewState,
    /// Speaker renames and merges to apply to the transcript.
    pub edits: SpeakerEdits,
    /// The transcript itself, as parsed (before `edits`), for one that is not
    /// bundled with the app.
    pub transcript: Option<Transcript>,
}

/// Why a link was not read, in words for the reader.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LinkError {
    #[error("{0}")]
    View(#[from] FragmentError),
    #[error("the link is longer than browsers accept ({HARD_LIMIT} characters)")]
    TooLong,
    #[error(
        "the transcript in the link is cut short or damaged; \
         it was probably shortened when it was copied or sent"
    )]
    Damaged,
    #[error("the transcript in the link would unpack to more than {} MB", MAX_BODY >> 20)]
    TooBig,
    #[error("the transcript in the link has more than {max} {what}")]
    TooMany { what: &'static str, max: usize },
    #[error("the link was made by a newer version of Transcript Explorer")]
    NewerVersion,
}

/// How a link's length fares in the wild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkSize {
    /// Short enough for anywhere.
    Fine,
    /// Over [`SOFT_LIMIT`]: some chat apps cut links this long.
    Long,
    /// Over [`HARD_LIMIT`]: browsers will not open it.
    TooLong,
}

impl LinkSize {
    /// The verdict for a whole URL of `chars` characters.
    pub fn of(chars: usize) -> LinkSize {
        if chars > HARD_LIMIT {
            LinkSize::TooLong
        } else if chars > SOFT_LIMIT {
            LinkSize::Long
        } else {
            LinkSize::Fine
        }
    }
}

/// A speaker id as links and bodies write it: decimal digits only.
fn parse_id(digits: &str) -> Option<usize> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}
