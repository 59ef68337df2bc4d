//! The `d=` payload: the envelope around the body.
//!
//! The payload is the *parsed* transcript, not the text it came from: a
//! columnar text body (speaker table, turn headers, times, texts, each group
//! on its own lines), the same in both versions, packed. Measured on the
//! bundled transcripts and the generated ones (see the tests and `cargo
//! bench --bench share`):
//! - Tabling speakers and delta-coding times in milliseconds takes cue
//!   formats' timestamps (`00:12:01.250 --> 00:12:04.000`, a quarter of a
//!   WebVTT file) down to a few bytes per cue, so a WebVTT or SRT file's link
//!   is several times shorter than the same file deflated as text.
//! - Version 2 packs the body with a small context-mixing coder primed with
//!   English ([`super::cm`], where the choice is argued): 2.5 to 4.3
//!   characters of the bundled transcripts per link character, where deflate
//!   (version 1, at its highest level) gives 1.65 to 2.8; deflate is at its
//!   ceiling there, and the goal is 2.2.
//! - The coder takes about 1.5 µs a byte in the browser, against deflate's
//!   0.07, so bodies over [`CM_MAX_BODY`] (128 KB, a link of some 40,000
//!   characters, five times what chat apps keep) go in version 1: reading
//!   any link stays well under a second.
//! - Version 2's CRC-32 covers all that the decoder reads, so a link cut
//!   short or mangled in a chat app is refused before decoding instead of
//!   showing half a transcript (version 1's zlib wrapper carries an
//!   Adler-32 for the same reason).
//! - base64url, not a wider alphabet: every chat app leaves `-` and `_`
//!   alone, while `(`, `)`, `'` and `!` get cut off the end of links.
//!
//! The body records times exactly (a time that is not a whole number of
//! milliseconds is written out in full), so decoding gives back the very
//! transcript that was encoded: `decode(encode(t)) == t`, for every
//! transcript whose times are finite, as the builder makes them. A body
//! with a NaN or infinite time or duration is refused as damaged.
//!

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::body::{read_body, write_body};
use super::{LinkError, HARD_LIMIT, MAX_BODY};
use crate::bits::{fnv, leb128};
use crate::model::Transcript;

/// The payload encodings, the first character of `d=`: deflate, read
/// forever, and written for bodies the context-mixing coder does not take.
const DEFLATE_PAYLOAD: char = '1';
/// Context mixing ([`super::cm`]), written for every body it takes.
const CM_PAYLOAD: char = '2';
/// The largest body a version-2 payload holds, which bounds the time any
/// link can make the reader spend (the coder takes 1 to 2 µs a byte in the
/// browser, so about 0.2 s here). A body this big makes a link of some
/// 40,000 characters either way, long past what chat apps keep.
pub const CM_MAX_BODY: usize = 128 * 1024;
/// A version-2 body is at most this many times its coded bytes, plus
/// [`CM_SLACK`]: an arithmetic decoder can spin a few bytes into any
/// length, so a link may not promise more than text ever packs into (a
/// transcript packs 3 to 8 times; a body that packs tighter, being mostly
/// repeats, goes in version 1).
pub(super) const CM_RATIO: usize = 32;
pub(super) const CM_SLACK: usize = 4096;

/// A short, stable name for a payload, so opening the same link twice finds
/// the same transcript (FNV-1a, 64 bits, in hex).
pub fn payload_id(payload: &str) -> String {
    let hash = fnv::hash(payload.as_bytes());
    format!("link-{hash:016x}")
}

/// The `d=` payload for a transcript.
pub fn encode_transcript(t: &Transcript) -> String {
    pack_body(write_body(t).as_bytes())
}

/// The payload for a body as it stands: version 2 when the coder takes
/// it, else version 1. [`encode_transcript`] is this after writing the
/// body; the fuzz checks use it to reach the body reader with any bytes.
pub fn pack_body(body: &[u8]) -> String {
    let (version, packed) = match pack_cm(body) {
        Some(packed) => (CM_PAYLOAD, packed),
        None => (
            DEFLATE_PAYLOAD,
            miniz_oxide::deflate::compress_to_vec_zlib(body, 10),
        ),
    };
    let mut out = String::with_capacity(1 + packed.len() * 4 / 3 + 4);
    out.push(version);
    URL_SAFE_NO_PAD.encode_string(&packed, &mut out);
    out
}

/// A version-2 payload's bytes: the body's length (LEB128), a CRC-32 of
/// that length and the coded bytes, then the coded bytes. `None` for a
/// body the reader would refuse (too big, or packing tighter than
/// [`CM_RATIO`]).
fn pack_cm(body: &[u8]) -> Option<Vec<u8>> {
    if body.len() > CM_MAX_BODY {
        return None;
    }
    let coded = super::cm::compress(body);
    if !cm_believable(body.len(), coded.len()) {
        return None;
    }
    let length = leb128::bytes(body.len());
    let crc = !crc32(crc32(!0, &length), &coded);
    let mut out = Vec::with_capacity(length.len() + 4 + coded.len());
    out.extend(&length);
    out.extend(crc.to_le_bytes());
    out.extend(&coded);
    Some(out)
}

fn cm_believable(body: usize, coded: usize) -> bool {
    body <= CM_MAX_BODY && body <= CM_SLACK.saturating_add(coded.saturating_mul(CM_RATIO))
}

/// The body in a version-2 payload's bytes. The checksum covers all that
/// the decoder reads, so a cut or mangled link is refused before any
/// decoding, and the length is capped before the decoder is given it (it
/// takes time in proportion to the length, whatever the bytes).
fn unpack_cm(packed: &[u8]) -> Result<Vec<u8>, LinkError> {
    // Three LEB128 bytes reach 2^21, past the cap: the length must end by
    // then, and with no zero byte padding it.
    let (len, used) = leb128::read(packed, 3).map_err(|_| LinkError::Damaged)?;
    let len = usize::try_from(len).map_err(|_| LinkError::Damaged)?;
    let (length, rest) = packed.split_at_checked(used).ok_or(LinkError::Damaged)?;
    if used > 1 && length.last() == Some(&0) {
        return Err(LinkError::Damaged);
    }
    let (crc, coded) = rest.split_first_chunk::<4>().ok_or(LinkError::Damaged)?;
    if !crc32(crc32(!0, length), coded) != u32::from_le_bytes(*crc) {
        return Err(LinkError::Damaged);
    }
    if !cm_believable(len, coded.len()) {
        return Err(LinkError::Damaged);
    }
    Ok(super::cm::decompress(coded, len))
}

/// CRC-32 (IEEE 802.3, as in zip and PNG), continued from `crc`: start
/// from `!0` and complement the result. A bit at a time: it runs over the
/// coded bytes only, tens of KB at most.
pub(super) fn crc32(crc: u32, bytes: &[u8]) -> u32 {
    bytes.iter().fold(crc, |c, &b| {
        (0..8).fold(c ^ u32::from(b), |c, _| {
            (c >> 1) ^ (0xEDB8_8320 & (c & 1).wrapping_neg())
        })
    })
}

/// Inflates a zlib stream of at most [`MAX_BODY`] bytes.
///
/// Two passes: the first inflates into a small scratch buffer only to count
/// (and to check the Adler-32), the second into a buffer of exactly that
/// size. So a deflate bomb is refused having used 64 KB, not `MAX_BODY`,
/// and a good link never holds more than its own body: inflating into a
/// growing `Vec` doubled its way up and held up to 1.5× the body (measured
/// in Chromium: a link that would unpack to 512 MB grew the tab's wasm
/// memory to 130 MB before being refused).
fn inflate(packed: &[u8]) -> Result<Vec<u8>, LinkError> {
    use miniz_oxide::inflate::stream::{inflate, InflateState};
    use miniz_oxide::{DataFormat, MZFlush, MZStatus};

    let mut state = InflateState::new_boxed(DataFormat::Zlib);
    let mut scratch = vec![0u8; 64 * 1024];
    let mut input = packed;
    let mut size = 0usize;
    loop {
        let step = inflate(&mut state, input, &mut scratch, MZFlush::None);
        input = input.get(step.bytes_consumed..).unwrap_or_default();
        size = size.saturating_add(step.bytes_written);
        if size > MAX_BODY {
            return Err(LinkError::TooBig);
        }
        match step.status {
            Ok(MZStatus::StreamEnd) => break,
            // Cut short: no more input and no more output.
            Ok(_) if step.bytes_consumed == 0 && step.bytes_written == 0 => {
                return Err(LinkError::Damaged)
            }
            Ok(_) => {}
            Err(_) => return Err(LinkError::Damaged),
        }
    }
    let mut body = vec![0u8; size];
    let mut state = InflateState::new_boxed(DataFormat::Zlib);
    let done = inflate(&mut state, packed, &mut body, MZFlush::Finish);
    match done.status {
        Ok(MZStatus::StreamEnd) if done.bytes_written == size => Ok(body),
        _ => Err(LinkError::Damaged),
    }
}

/// The transcript in a `d=` payload.
pub fn decode_transcript(payload: &str) -> Result<Transcript, LinkError> {
    let body = unpack_payload(payload)?;
    let body = String::from_utf8(body).map_err(|_| LinkError::Damaged)?;
    read_body(&body)
}

/// The body a `d=` payload holds, unpacked but not read (the inverse of
/// [`pack_body`]).
pub fn unpack_payload(payload: &str) -> Result<Vec<u8>, LinkError> {
    if payload.len() > HARD_LIMIT {
        return Err(LinkError::TooLong);
    }
    let mut chars = payload.chars();
    let version = chars.next();
    let packed = || {
        URL_SAFE_NO_PAD
            .decode(chars.as_str())
            .map_err(|_| LinkError::Damaged)
    };
    match version {
        Some(DEFLATE_PAYLOAD) => inflate(&packed()?),
        Some(CM_PAYLOAD) => unpack_cm(&packed()?),
        Some(c) if c.is_ascii_digit() => Err(LinkError::NewerVersion),
        _ => Err(LinkError::Damaged),
    }
}
