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
//! # The payload
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
//!   English ([`crate::cm`], where the choice is argued): 2.5 to 4.3
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

use std::fmt::Write;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use thiserror::Error;

use crate::format::Format;
use crate::model::{Metadata, Section, Segment, Speaker, Transcript, Turn, TurnKind};
use crate::search::SearchIndex;
use crate::topics::Topics;
use crate::view::fragment::{decode, encode_into};
use crate::view::{visible_turns, FragmentError, SpeakerEdits, ViewState, VisibleTurns};

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

/// The payload encodings, the first character of `d=`: deflate, read
/// forever, and written for bodies the context-mixing coder does not take.
const DEFLATE_PAYLOAD: char = '1';
/// Context mixing ([`crate::cm`]), written for every body it takes.
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
const CM_RATIO: usize = 32;
const CM_SLACK: usize = 4096;
/// The body format this version writes: its first line.
const BODY_VERSION: &str = "1";

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

impl Link {
    /// The fragment (no leading `#`). Encodes the transcript, if any: for a
    /// large one, keep the payload from [`encode_transcript`] and use
    /// [`link_fragment`] instead of calling this on every change.
    pub fn to_fragment(&self) -> String {
        let payload = self.transcript.as_ref().map(encode_transcript);
        link_fragment(&self.view, &self.edits, payload.as_deref())
    }

    /// Reads a share link's fragment (with or without `#`).
    pub fn from_fragment(fragment: &str) -> Result<Link, LinkError> {
        let parts = LinkParts::read(fragment)?;
        let transcript = parts.payload.map(decode_transcript).transpose()?;
        Ok(Link {
            view: parts.view,
            edits: parts.edits,
            transcript,
        })
    }
}

/// A share link read but its transcript not yet unpacked, so a reader that
/// already holds the transcript (the same link opened again) skips the work.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LinkParts<'a> {
    /// The view; `view.transcript` is empty when a payload is given.
    pub view: ViewState,
    pub edits: SpeakerEdits,
    /// The `d=` payload, for [`decode_transcript`] and [`payload_id`].
    pub payload: Option<&'a str>,
}

impl<'a> LinkParts<'a> {
    /// Reads everything but the payload, which is only checked for length.
    pub fn read(fragment: &'a str) -> Result<LinkParts<'a>, LinkError> {
        if fragment.len() > HARD_LIMIT {
            return Err(LinkError::TooLong);
        }
        let mut edits = SpeakerEdits::default();
        let mut payload = None;
        let mut view = ViewState::read(fragment, |key, raw| {
            let bad = || FragmentError::BadValue { key: key.into() };
            match key {
                "rn" => {
                    let value = decode(key, raw)?;
                    let (id, name) = value.split_once('.').ok_or_else(bad)?;
                    // As written: the link is the sender's exact edits.
                    edits
                        .renames
                        .insert(parse_id(id).ok_or_else(bad)?, name.to_string());
                }
                "mg" => {
                    let (from, into) = raw.split_once('.').ok_or_else(bad)?;
                    let from = parse_id(from).ok_or_else(bad)?;
                    let into = parse_id(into).ok_or_else(bad)?;
                    edits.merges.insert(from, into);
                }
                "d" => payload = Some(raw),
                _ => {}
            }
            Ok(())
        })?;
        if payload.is_some() {
            view.transcript.clear();
        }
        Ok(LinkParts {
            view,
            edits,
            payload,
        })
    }
}

/// What a link shows of a transcript (as parsed, before edits): the
/// transcript with the link's speaker edits applied, and the rows its view
/// shows. The CLI's `parse --link` and the golden-link tests use it; the app
/// does the same through its state.
pub fn shown(link: &Link, transcript: &Transcript) -> (Transcript, VisibleTurns) {
    let edited = if link.edits.is_empty() {
        transcript.clone()
    } else {
        link.edits.apply(transcript)
    };
    let index = SearchIndex::new(&edited);
    let topics = Topics::extract(&edited);
    let labels: Vec<String> = topics.tags.iter().map(|t| t.label.clone()).collect();
    let filter = link.view.filter(&edited, &labels);
    let rows = visible_turns(&edited, &index, &filter, &topics);
    (edited, rows)
}

/// A share link's fragment from its parts; `payload` is what
/// [`encode_transcript`] made of the transcript, if it travels in the link.
pub fn link_fragment(view: &ViewState, edits: &SpeakerEdits, payload: Option<&str>) -> String {
    let mut out = if payload.is_some() && !view.transcript.is_empty() {
        ViewState {
            transcript: String::new(),
            ..view.clone()
        }
        .to_fragment()
    } else {
        view.to_fragment()
    };
    for (id, name) in &edits.renames {
        let _ = write!(out, "&rn={id}.");
        encode_into(name, &mut out);
    }
    for (from, into) in &edits.merges {
        let _ = write!(out, "&mg={from}.{into}");
    }
    if let Some(payload) = payload {
        out.push_str("&d=");
        out.push_str(payload);
    }
    out
}

/// A short, stable name for a payload, so opening the same link twice finds
/// the same transcript (FNV-1a, 64 bits, in hex).
pub fn payload_id(payload: &str) -> String {
    let hash = payload.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
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
    let coded = crate::cm::compress(body);
    if !cm_believable(body.len(), coded.len()) {
        return None;
    }
    let mut length = Vec::with_capacity(3);
    let mut n = body.len();
    while n >= 0x80 {
        length.push((n & 0x7f) as u8 | 0x80);
        n >>= 7;
    }
    length.push(n as u8);
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
    let mut len = 0usize;
    let mut used = 0usize;
    for (i, &b) in packed.iter().enumerate().take(3) {
        len |= usize::from(b & 0x7f) << (7 * i);
        used = i + 1;
        if b & 0x80 == 0 {
            break;
        }
    }
    let (length, rest) = packed.split_at_checked(used).ok_or(LinkError::Damaged)?;
    // Three LEB128 bytes reach 2^21, past the cap: the length must end by
    // then, and with no zero byte padding it.
    if length
        .last()
        .is_none_or(|&b| b & 0x80 != 0 || (b == 0 && used > 1))
    {
        return Err(LinkError::Damaged);
    }
    let (crc, coded) = rest.split_first_chunk::<4>().ok_or(LinkError::Damaged)?;
    if !crc32(crc32(!0, length), coded) != u32::from_le_bytes(*crc) {
        return Err(LinkError::Damaged);
    }
    if !cm_believable(len, coded.len()) {
        return Err(LinkError::Damaged);
    }
    Ok(crate::cm::decompress(coded, len))
}

/// CRC-32 (IEEE 802.3, as in zip and PNG), continued from `crc`: start
/// from `!0` and complement the result. A bit at a time: it runs over the
/// coded bytes only, tens of KB at most.
fn crc32(crc: u32, bytes: &[u8]) -> u32 {
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

fn parse_id(digits: &str) -> Option<usize> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

// ---------------------------------------------------------------------------
// The body, version 1: lines of text.
//
//   "1"                              body version
//   title, date, format id, duration (empty when absent)
//   "S T C W G"                      counts: speakers, turns, sections,
//                                    warnings, segments
//   S speaker names
//   C sections: "turn<TAB>title"
//   W warnings
//   T turn headers: speaker id (empty: none), then optional space-separated
//     flags: "n" non-speech, "+a,b,…" byte-offset deltas of segments 2..n,
//     "@start,end" when the turn's times are not its segments' first start
//     and last end
//   G segment times: "start,end", start relative to the previous segment's
//     end (else start), end relative to start, in whole milliseconds; a time
//     that is not whole milliseconds is written "~" + its exact decimal
//   T texts
//
// Strings are escaped ("\\" → "\\\\", newline → "\\n") so one line is one
// field; the parsers never put newlines in them, but a Transcript may hold
// any string. Grouping like fields together lets deflate find their
// repetitions (times near times, speaker ids near speaker ids).

fn write_body(t: &Transcript) -> String {
    let segments: usize = t.turns.iter().map(|turn| turn.segments.len()).sum();
    let mut out = String::with_capacity(t.turns.iter().map(|t| t.text.len() + 24).sum());
    out.push_str(BODY_VERSION);
    out.push('\n');
    line(&mut out, t.title.as_deref().unwrap_or(""));
    line(&mut out, t.metadata.date.as_deref().unwrap_or(""));
    line(&mut out, t.metadata.format.id());
    if let Some(d) = t.metadata.duration {
        let _ = write!(out, "{d:?}");
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "{} {} {} {} {segments}",
        t.speakers.len(),
        t.turns.len(),
        t.sections.len(),
        t.warnings.len()
    );
    for s in &t.speakers {
        line(&mut out, &s.name);
    }
    for s in &t.sections {
        let _ = write!(out, "{}\t", s.turn);
        line(&mut out, &s.title);
    }
    for w in &t.warnings {
        line(&mut out, w);
    }
    for turn in &t.turns {
        if let Some(id) = turn.speaker {
            let _ = write!(out, "{id}");
        }
        if turn.kind == TurnKind::NonSpeech {
            out.push_str(" n");
        }
        if turn.segments.len() > 1 {
            out.push_str(" +");
            let mut previous = 0usize;
            for (i, seg) in turn.segments.iter().skip(1).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "{}", seg.offset.wrapping_sub(previous) as isize);
                previous = seg.offset;
            }
        }
        if (turn.start, turn.end) != derived_times(&turn.segments) {
            out.push_str(" @");
            time(&mut out, turn.start, 0);
            out.push(',');
            time(&mut out, turn.end, 0);
        }
        out.push('\n');
    }
    let mut anchor = 0i64;
    for seg in t.turns.iter().flat_map(|turn| &turn.segments) {
        time(&mut out, seg.start, anchor);
        out.push(',');
        let start = seg.start.and_then(whole_ms);
        time(&mut out, seg.end, start.unwrap_or(anchor));
        out.push('\n');
        anchor = seg.end.and_then(whole_ms).or(start).unwrap_or(anchor);
    }
    for turn in &t.turns {
        line(&mut out, &turn.text);
    }
    out
}

/// A turn's times as the builder sets them: its first segment start and
/// last segment end that are known.
fn derived_times(segments: &[Segment]) -> (Option<f64>, Option<f64>) {
    (
        segments.iter().find_map(|s| s.start),
        segments.iter().rev().find_map(|s| s.end),
    )
}

/// `t` in whole milliseconds, if it is exactly that.
fn whole_ms(t: f64) -> Option<i64> {
    let ms = (t * 1000.0).round();
    if !ms.is_finite() || ms.abs() > 9.0e15 {
        return None;
    }
    // In range, so the cast is exact.
    let whole = ms as i64;
    (whole as f64 / 1000.0 == t && t.to_bits() != (-0.0f64).to_bits()).then_some(whole)
}

fn time(out: &mut String, t: Option<f64>, anchor: i64) {
    match t {
        None => {}
        Some(t) => match whole_ms(t) {
            Some(ms) => {
                let _ = write!(out, "{}", ms.wrapping_sub(anchor));
            }
            None => {
                let _ = write!(out, "~{t:?}");
            }
        },
    }
}

fn line(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('\n');
}

fn unescape(s: &str) -> Result<String, LinkError> {
    if !s.contains('\\') {
        return Ok(s.to_string());
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('\\') => out.push('\\'),
                Some('n') => out.push('\n'),
                _ => return Err(LinkError::Damaged),
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

struct Lines<'a>(std::str::Split<'a, char>);

impl<'a> Lines<'a> {
    fn raw(&mut self) -> Result<&'a str, LinkError> {
        self.0.next().ok_or(LinkError::Damaged)
    }
    fn text(&mut self) -> Result<String, LinkError> {
        unescape(self.raw()?)
    }
    fn optional(&mut self) -> Result<Option<String>, LinkError> {
        let s = self.text()?;
        Ok((!s.is_empty()).then_some(s))
    }
}

fn count(s: Option<&str>, what: &'static str, max: usize) -> Result<usize, LinkError> {
    let n = s.and_then(parse_id).ok_or(LinkError::Damaged)?;
    if n > max {
        return Err(LinkError::TooMany { what, max });
    }
    Ok(n)
}

/// A time or duration written out in full. Rust reads "NaN" and "inf" as
/// numbers, but the model never holds one (the builder drops them, and a
/// NaN would not even equal itself after a round trip), so a body that
/// carries one is damaged.
fn finite(s: &str) -> Result<f64, LinkError> {
    s.parse::<f64>()
        .ok()
        .filter(|t| t.is_finite())
        .ok_or(LinkError::Damaged)
}

fn read_time(s: &str, anchor: i64) -> Result<Option<f64>, LinkError> {
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(exact) = s.strip_prefix('~') {
        return finite(exact).map(Some);
    }
    let delta: i64 = s.parse().map_err(|_| LinkError::Damaged)?;
    let ms = anchor.checked_add(delta).ok_or(LinkError::Damaged)?;
    Ok(Some(ms as f64 / 1000.0))
}

fn read_body(body: &str) -> Result<Transcript, LinkError> {
    let mut lines = Lines(body.split('\n'));
    match lines.raw()? {
        BODY_VERSION => {}
        v if parse_id(v).is_some() => return Err(LinkError::NewerVersion),
        _ => return Err(LinkError::Damaged),
    }
    let title = lines.optional()?;
    let date = lines.optional()?;
    let format = Format::from_id(lines.raw()?).ok_or(LinkError::Damaged)?;
    let duration = match lines.raw()? {
        "" => None,
        d => Some(finite(d)?),
    };
    let counts = lines.raw()?;
    let mut counts = counts.split(' ');
    let speakers = count(counts.next(), "speakers", MAX_SPEAKERS)?;
    let turns = count(counts.next(), "turns", MAX_TURNS)?;
    let sections = count(counts.next(), "sections", MAX_SECTIONS)?;
    let warnings = count(counts.next(), "warnings", MAX_WARNINGS)?;
    let segments = count(counts.next(), "segments", MAX_SEGMENTS)?;
    // A body is at least one byte per line it promises, so counts beyond
    // its length are damage, not a reason to allocate.
    if speakers + 2 * turns + sections + warnings + segments > body.len() {
        return Err(LinkError::Damaged);
    }

    let speakers = (0..speakers)
        .map(|_| lines.text().map(|name| Speaker { name }))
        .collect::<Result<Vec<_>, _>>()?;
    let sections = (0..sections)
        .map(|_| {
            let raw = lines.raw()?;
            let (turn, title) = raw.split_once('\t').ok_or(LinkError::Damaged)?;
            let turn = parse_id(turn)
                .filter(|&i| i < turns)
                .ok_or(LinkError::Damaged)?;
            Ok(Section {
                title: unescape(title)?,
                turn,
            })
        })
        .collect::<Result<Vec<_>, LinkError>>()?;
    let warnings = (0..warnings)
        .map(|_| lines.text())
        .collect::<Result<Vec<_>, _>>()?;

    // Turn headers: speaker, kind, segment offsets, explicit times.
    struct Header {
        speaker: Option<usize>,
        kind: TurnKind,
        offsets: Vec<usize>,
        times: Option<(Option<f64>, Option<f64>)>,
    }
    let mut headers = Vec::with_capacity(turns);
    let mut total_segments = 0usize;
    for _ in 0..turns {
        let raw = lines.raw()?;
        let mut parts = raw.split(' ');
        let speaker = match parts.next().unwrap_or("") {
            "" => None,
            id => Some(
                parse_id(id)
                    .filter(|&i| i < speakers.len())
                    .ok_or(LinkError::Damaged)?,
            ),
        };
        let mut header = Header {
            speaker,
            kind: TurnKind::Speech,
            offsets: vec![0],
            times: None,
        };
        for part in parts {
            if part == "n" {
                header.kind = TurnKind::NonSpeech;
            } else if let Some(deltas) = part.strip_prefix('+') {
                let mut offset = 0usize;
                for delta in deltas.split(',') {
                    let delta: isize = delta.parse().map_err(|_| LinkError::Damaged)?;
                    offset = offset.checked_add_signed(delta).ok_or(LinkError::Damaged)?;
                    header.offsets.push(offset);
                }
            } else if let Some(times) = part.strip_prefix('@') {
                let (start, end) = times.split_once(',').ok_or(LinkError::Damaged)?;
                header.times = Some((read_time(start, 0)?, read_time(end, 0)?));
            } else {
                return Err(LinkError::Damaged);
            }
        }
        total_segments += header.offsets.len();
        if total_segments > segments {
            return Err(LinkError::Damaged);
        }
        headers.push(header);
    }
    if total_segments != segments {
        return Err(LinkError::Damaged);
    }

    let mut times = Vec::with_capacity(segments);
    let mut anchor = 0i64;
    for _ in 0..segments {
        let raw = lines.raw()?;
        let (start, end) = raw.split_once(',').ok_or(LinkError::Damaged)?;
        let start = read_time(start, anchor)?;
        let start_ms = start.and_then(whole_ms);
        let end = read_time(end, start_ms.unwrap_or(anchor))?;
        anchor = end.and_then(whole_ms).or(start_ms).unwrap_or(anchor);
        times.push((start, end));
    }

    let mut times = times.into_iter();
    let mut out_turns = Vec::with_capacity(turns);
    for header in headers {
        let text = lines.text()?;
        let mut segments = Vec::with_capacity(header.offsets.len());
        for offset in header.offsets {
            if !text.is_char_boundary(offset) {
                return Err(LinkError::Damaged);
            }
            let (start, end) = times.next().ok_or(LinkError::Damaged)?;
            segments.push(Segment { start, end, offset });
        }
        let (start, end) = header.times.unwrap_or_else(|| derived_times(&segments));
        out_turns.push(Turn {
            speaker: header.speaker,
            kind: header.kind,
            start,
            end,
            text,
            segments,
        });
    }
    // The body ends with the last text's newline.
    if !lines.raw()?.is_empty() || lines.0.next().is_some() {
        return Err(LinkError::Damaged);
    }
    Ok(Transcript {
        title,
        metadata: Metadata {
            date,
            format,
            duration,
        },
        speakers,
        turns: out_turns,
        sections,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Transcript {
        crate::parse(
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v Ana>Hello there, \\ friends.\n\n\
             00:00:02.500 --> 00:00:04.000\n<v Ana>Still me.\n\n\
             00:00:05.000 --> 00:00:06.123\n<v Ben>Café & co.\n\n\
             00:00:06.200 --> 00:00:07.000\n[APPLAUSE]\n",
        )
        .unwrap()
    }

    #[test]
    fn a_transcript_survives_the_round_trip_exactly() {
        let t = sample();
        assert_eq!(t.turns.len(), 3);
        assert_eq!(t.turns[0].segments.len(), 2);
        let payload = encode_transcript(&t);
        assert!(payload.starts_with('2'));
        assert!(payload
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(decode_transcript(&payload).unwrap(), t);
    }

    #[test]
    fn odd_times_and_strings_are_kept_exactly() {
        let mut t = sample();
        t.turns[0].segments[1].start = Some(1.0 / 3.0);
        t.turns[1].end = Some(-0.0);
        t.turns[1].start = Some(1e300);
        t.title = Some("Line\nbreak \\n and tab\t".into());
        t.warnings.push("a\\".into());
        t.metadata.duration = Some(0.1 + 0.2);
        assert_eq!(decode_transcript(&encode_transcript(&t)).unwrap(), t);
    }

    #[test]
    fn a_link_carries_view_edits_and_transcript() {
        let mut edits = SpeakerEdits::default();
        edits.rename(0, "Ana María & co.");
        edits.merge(1, 0);
        let link = Link {
            view: ViewState {
                transcript: String::new(),
                speakers: vec!["Ana María & co.".into()],
                query: "hello".into(),
                turn: Some(1),
                ..ViewState::default()
            },
            edits,
            transcript: Some(sample()),
        };
        let fragment = link.to_fragment();
        assert!(fragment.starts_with("v1&sp=Ana%20Mar%C3%ADa%20%26%20co.&q=hello&turn=1"));
        assert!(fragment.contains("&rn=0.Ana%20Mar%C3%ADa%20%26%20co.&mg=1.0&d=2"));
        assert_eq!(Link::from_fragment(&format!("#{fragment}")).unwrap(), link);
    }

    #[test]
    fn a_bundled_transcript_travels_by_id() {
        let view = ViewState {
            transcript: "devday-2024".into(),
            ..ViewState::default()
        };
        let fragment = link_fragment(&view, &SpeakerEdits::default(), None);
        assert_eq!(fragment, "v1&t=devday-2024");
        let link = Link::from_fragment(&fragment).unwrap();
        assert_eq!(link.view, view);
        assert!(link.transcript.is_none());
    }

    #[test]
    fn damage_is_named_not_guessed() {
        let payload = encode_transcript(&sample());
        let fragment = format!("v1&q=x&d={payload}");
        for cut in 0..fragment.len() {
            if let Ok(link) = Link::from_fragment(&fragment[..cut]) {
                assert!(link.transcript.is_none(), "cut at {cut}");
            }
        }
        // One changed character.
        let mut bytes = payload.clone().into_bytes();
        bytes[payload.len() / 2] = if bytes[payload.len() / 2] == b'A' {
            b'B'
        } else {
            b'A'
        };
        let mangled = String::from_utf8(bytes).unwrap();
        assert!(decode_transcript(&mangled).is_err());
        assert_eq!(decode_transcript("3abc"), Err(LinkError::NewerVersion));
        assert_eq!(decode_transcript("x"), Err(LinkError::Damaged));
        assert_eq!(decode_transcript("1!!"), Err(LinkError::Damaged));
        assert_eq!(
            Link::from_fragment("v2&d=1AAAA"),
            Err(LinkError::View(FragmentError::UnknownVersion))
        );
        assert_eq!(
            Link::from_fragment("v1&rn=x.Ana"),
            Err(LinkError::View(FragmentError::BadValue {
                key: "rn".into()
            }))
        );
        assert_eq!(
            Link::from_fragment("v1&mg=1"),
            Err(LinkError::View(FragmentError::BadValue {
                key: "mg".into()
            }))
        );
    }

    #[test]
    fn a_deflate_bomb_is_refused_at_the_cap() {
        // 64 MB of one byte packs into about 64 KB.
        let body = vec![b'a'; 2 * MAX_BODY];
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(&body, 10);
        let payload = format!("1{}", URL_SAFE_NO_PAD.encode(&packed));
        assert!(payload.len() < 200_000);
        assert_eq!(decode_transcript(&payload), Err(LinkError::TooBig));
    }

    #[test]
    fn counts_beyond_the_caps_or_the_body_are_refused() {
        let pack = |body: &str| {
            let packed = miniz_oxide::deflate::compress_to_vec_zlib(body.as_bytes(), 6);
            format!("1{}", URL_SAFE_NO_PAD.encode(&packed))
        };
        assert_eq!(
            decode_transcript(&pack("1\n\n\nplain-text\n\n0 2000000 0 0 0\n")),
            Err(LinkError::TooMany {
                what: "turns",
                max: MAX_TURNS
            })
        );
        assert_eq!(
            decode_transcript(&pack("1\n\n\nplain-text\n\n0 900000 0 0 0\n")),
            Err(LinkError::Damaged)
        );
        assert_eq!(
            decode_transcript(&pack("7\n")),
            Err(LinkError::NewerVersion)
        );
    }

    /// A version-2 payload from its parts, with a good checksum.
    fn v2(length: &[u8], coded: &[u8]) -> String {
        let crc = !crc32(crc32(!0, length), coded);
        let mut bytes = length.to_vec();
        bytes.extend(crc.to_le_bytes());
        bytes.extend(coded);
        format!("2{}", URL_SAFE_NO_PAD.encode(bytes))
    }

    #[test]
    fn crc32_is_the_usual_one() {
        assert_eq!(!crc32(!0, b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn version_1_links_still_open() {
        let t = sample();
        let body = write_body(&t);
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(body.as_bytes(), 10);
        let payload = format!("1{}", URL_SAFE_NO_PAD.encode(packed));
        assert_eq!(decode_transcript(&payload).unwrap(), t);
        assert!(encode_transcript(&t).len() < payload.len());
    }

    #[test]
    fn a_body_over_the_cap_goes_in_version_1() {
        let mut t = sample();
        // Text that does not repeat, so it packs no tighter than text.
        let mut x = 1u32;
        t.turns[2].text = (0..CM_MAX_BODY)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                char::from(b'a' + (x >> 16) as u8 % 26)
            })
            .collect();
        let payload = encode_transcript(&t);
        assert!(payload.starts_with('1'));
        assert_eq!(decode_transcript(&payload).unwrap(), t);
        // Just under the cap: version 2.
        t.turns[2]
            .text
            .truncate(CM_MAX_BODY - write_body(&sample()).len() - 100);
        let payload = encode_transcript(&t);
        assert!(payload.starts_with('2'));
        assert_eq!(decode_transcript(&payload).unwrap(), t);
    }

    #[test]
    fn a_body_of_repeats_goes_in_version_1() {
        let body = "1\n\n\nplain-text\n\n0 0 0 0 0\n".to_string() + &"\n".repeat(100_000);
        let payload = pack_body(body.as_bytes());
        assert!(body.len() < CM_MAX_BODY);
        assert!(payload.starts_with('1'), "{}", &payload[..20]);
        assert_eq!(unpack_payload(&payload).unwrap(), body.as_bytes());
        // The same, short enough to be believed.
        let payload = pack_body(&body.as_bytes()[..3000]);
        assert!(payload.starts_with('2'));
        assert_eq!(unpack_payload(&payload).unwrap(), &body.as_bytes()[..3000]);
    }

    #[test]
    fn a_version_2_length_is_capped_before_decoding() {
        let leb = |mut n: usize| {
            let mut out = vec![];
            while n >= 0x80 {
                out.push((n & 0x7f) as u8 | 0x80);
                n >>= 7;
            }
            out.push(n as u8);
            out
        };
        // Over the cap, whatever the coded bytes.
        let coded = vec![0x5a; CM_MAX_BODY];
        assert_eq!(
            unpack_payload(&v2(&leb(CM_MAX_BODY + 1), &coded)),
            Err(LinkError::Damaged)
        );
        // More than the coded bytes could hold.
        let coded = [0x5a; 100];
        let most = CM_SLACK + 100 * CM_RATIO;
        assert_eq!(
            unpack_payload(&v2(&leb(most + 1), &coded)),
            Err(LinkError::Damaged)
        );
        assert_eq!(unpack_payload(&v2(&leb(most), &coded)).unwrap().len(), most);
        // A length that does not end, or is padded.
        assert_eq!(
            unpack_payload(&v2(&[0x80, 0x80, 0x80, 0x01], &coded)),
            Err(LinkError::Damaged)
        );
        assert_eq!(
            unpack_payload(&v2(&[0x85, 0x00], &coded)),
            Err(LinkError::Damaged)
        );
        assert_eq!(unpack_payload(&v2(&[5], &coded)).unwrap().len(), 5);
        // Too short to hold a length and a checksum.
        for bytes in [&[][..], &[1], &[1, 2, 3, 4]] {
            let payload = format!("2{}", URL_SAFE_NO_PAD.encode(bytes));
            assert_eq!(unpack_payload(&payload), Err(LinkError::Damaged));
        }
    }

    #[test]
    fn a_cut_or_changed_version_2_payload_is_refused() {
        let payload = encode_transcript(&sample());
        assert!(payload.starts_with('2'));
        for cut in 1..payload.len() {
            assert!(decode_transcript(&payload[..cut]).is_err(), "cut at {cut}");
        }
        for i in 1..payload.len() {
            let mut bytes = payload.clone().into_bytes();
            bytes[i] = if bytes[i] == b'x' { b'y' } else { b'x' };
            let changed = String::from_utf8(bytes).unwrap();
            assert_eq!(
                decode_transcript(&changed),
                Err(LinkError::Damaged),
                "at {i}"
            );
        }
    }

    #[test]
    fn link_sizes_are_judged_by_length() {
        assert_eq!(LinkSize::of(100), LinkSize::Fine);
        assert_eq!(LinkSize::of(SOFT_LIMIT + 1), LinkSize::Long);
        assert_eq!(LinkSize::of(HARD_LIMIT + 1), LinkSize::TooLong);
    }
}
