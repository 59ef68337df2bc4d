//! A transcript and its analyses (search index, topics, repeated passages)
//! as one flat byte buffer, so the app can do the heavy work in a Web Worker
//! and hand the result to the page as a transferable `ArrayBuffer`.
//!
//! The page must take the buffer back in well under one frame budget of
//! work per megabyte, so the format is built for decoding speed, not size:
//! little-endian, LEB128 integers, `f64` as its 8 bytes (times come back
//! bit for bit), strings as length and UTF-8 bytes, and every derived table
//! (folded text, word lists, turn → tag offsets, marks) carried as computed
//! instead of being rebuilt on the page. Only the worker and the page of the
//! same build read it: it is not a file format and is never stored.
//!
//! [`Writer`] and [`Reader`] are the same codec for a message of a few
//! fields (the app's worker jobs and answers): numbers, texts, bytes, and a
//! transcript, topics or repeats, one after the other.
//!
//! A buffer starts with [`MAGIC`] and [`VERSION`]; a buffer from another
//! version (a stale cached worker script) is refused, and the caller does
//! the work itself. Decoding checks every count against the bytes left
//! before allocating, and the search index's ranges against its text, so a
//! damaged buffer is an error: this module must never panic, whatever the
//! bytes, and never hand back an index whose ranges point outside its text.

use std::ops::Range;

use thiserror::Error;

use crate::bits::leb128::{self, Leb128Error};
use crate::dedup::{DuplicateGroup, Duplicates, Kind, Mark, PassageRef, RepeatLoop};
use crate::format::Format;
use crate::model::{Metadata, Section, Segment, Speaker, Transcript, Turn, TurnKind};
use crate::search::{wide_turns, Anchor, SearchIndex, Words};
use crate::topics::{Language, Tag, Topics};

/// The first bytes of every buffer.
pub const MAGIC: &[u8; 4] = b"TXA\0";
/// Bumped whenever the layout changes.
pub const VERSION: u8 = 6;

/// Everything an import computes, as the page keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysed {
    pub transcript: Transcript,
    pub index: SearchIndex,
    pub topics: Topics,
    pub duplicates: Duplicates,
}

/// Why a buffer could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TransferError {
    #[error("not an analysis buffer")]
    NotOurs,
    #[error("analysis buffer of version {0}, expected {VERSION}")]
    Version(u8),
    #[error("analysis buffer cut short")]
    Truncated,
    #[error("analysis buffer damaged: {0}")]
    Invalid(&'static str),
}

/// Writes the transcript and its analyses into one buffer.
pub fn encode(
    transcript: &Transcript,
    index: &SearchIndex,
    topics: &Topics,
    duplicates: &Duplicates,
) -> Vec<u8> {
    encode_parts(Parts {
        transcript: Some(transcript),
        index: Some(index),
        topics: Some(topics),
        duplicates: Some(duplicates),
    })
}

/// What a buffer holds: any of the four parts, in this order. The page and
/// the worker send each other only what the other lacks (a transcript to
/// analyse, the analyses of one the page already has).
#[derive(Debug, Clone, Copy, Default)]
pub struct Parts<'a> {
    pub transcript: Option<&'a Transcript>,
    pub index: Option<&'a SearchIndex>,
    pub topics: Option<&'a Topics>,
    pub duplicates: Option<&'a Duplicates>,
}

/// Bits of the parts byte, one per part, in [`Parts`]' order.
const TRANSCRIPT: u8 = 1;
const INDEX: u8 = 2;
const TOPICS: u8 = 4;
const DUPLICATES: u8 = 8;

/// Writes the parts that are there into one buffer.
pub fn encode_parts(parts: Parts<'_>) -> Vec<u8> {
    let text_bytes: usize = parts
        .transcript
        .map_or(0, |t| t.turns.iter().map(|t| t.text.len()).sum());
    let turns = parts.transcript.map_or(0, |t| t.turns.len());
    let mut w = Writer(Vec::with_capacity(2 * text_bytes + 24 * turns + 64));
    w.0.extend_from_slice(MAGIC);
    w.0.push(VERSION);
    let mask = [
        (parts.transcript.is_some(), TRANSCRIPT),
        (parts.index.is_some(), INDEX),
        (parts.topics.is_some(), TOPICS),
        (parts.duplicates.is_some(), DUPLICATES),
    ]
    .iter()
    .filter(|(there, _)| *there)
    .fold(0, |m, (_, bit)| m | bit);
    w.0.push(mask);
    if let Some(t) = parts.transcript {
        write_transcript(&mut w, t);
    }
    if let Some(index) = parts.index {
        write_index(&mut w, index);
    }
    if let Some(topics) = parts.topics {
        write_topics(&mut w, topics);
    }
    if let Some(d) = parts.duplicates {
        write_duplicates(&mut w, d);
    }
    w.0
}

/// Reads a buffer [`encode`] wrote, all at once.
pub fn decode(bytes: &[u8]) -> Result<Analysed, TransferError> {
    let mut d = Decoder::new(bytes)?;
    let transcript = d.transcript()?;
    let index = d.index()?;
    let topics = d.topics()?;
    let duplicates = d.duplicates()?;
    Ok(Analysed {
        transcript,
        index,
        topics,
        duplicates,
    })
}

/// Reads a buffer part by part, in the order [`encode_parts`] wrote them, so
/// a page can give the browser a turn between the parts. A part asked for
/// out of order, or that the buffer does not hold, is an error.
pub struct Decoder<'a> {
    r: Reader<'a>,
    /// Which parts the buffer holds.
    mask: u8,
    /// Parts before this bit have been read or skipped.
    next: u8,
}

impl<'a> Decoder<'a> {
    /// Checks the buffer's header.
    pub fn new(bytes: &'a [u8]) -> Result<Decoder<'a>, TransferError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(MAGIC.len()).map_err(|_| TransferError::NotOurs)? != MAGIC {
            return Err(TransferError::NotOurs);
        }
        let version = r.byte()?;
        if version != VERSION {
            return Err(TransferError::Version(version));
        }
        let mask = r.byte()?;
        if mask & !(TRANSCRIPT | INDEX | TOPICS | DUPLICATES) != 0 {
            return Err(TransferError::Invalid("unknown parts"));
        }
        if mask == 0 && r.pos != bytes.len() {
            return Err(TransferError::Invalid("bytes after the end"));
        }
        Ok(Decoder { r, mask, next: 1 })
    }

    /// Whether the buffer holds the search index (the page builds it itself
    /// for a small transcript).
    pub fn has_index(&self) -> bool {
        self.mask & INDEX != 0
    }

    fn part<T>(
        &mut self,
        which: u8,
        read: fn(&mut Reader<'a>) -> Result<T, TransferError>,
    ) -> Result<T, TransferError> {
        // A part before this one that the buffer holds and was not read.
        let skipped = self.mask & (which - 1) & !(self.next - 1);
        if which < self.next || skipped != 0 {
            return Err(TransferError::Invalid("part out of order"));
        }
        if self.mask & which == 0 {
            return Err(TransferError::Invalid("part not in the buffer"));
        }
        self.next = which << 1;
        let part = read(&mut self.r)?;
        // After the last part, the buffer must end.
        if self.mask >> which.trailing_zeros() == 1 && self.r.pos != self.r.bytes.len() {
            return Err(TransferError::Invalid("bytes after the end"));
        }
        Ok(part)
    }

    /// How many bytes have been read so far.
    pub fn position(&self) -> usize {
        self.r.pos
    }

    pub fn transcript(&mut self) -> Result<Transcript, TransferError> {
        self.part(TRANSCRIPT, read_transcript)
    }

    pub fn index(&mut self) -> Result<SearchIndex, TransferError> {
        self.part(INDEX, read_index)
    }

    pub fn topics(&mut self) -> Result<Topics, TransferError> {
        self.part(TOPICS, read_topics)
    }

    pub fn duplicates(&mut self) -> Result<Duplicates, TransferError> {
        self.part(DUPLICATES, read_duplicates)
    }
}

// ---- messages ---------------------------------------------------------------

/// Writes a message of this codec's values one after the other: a message
/// made of a few fields (a job for the worker, its answer) carries its
/// numbers, texts, bytes and any transcript, topics or repeats the way a
/// transfer buffer does. [`Reader`] reads them back in the same order.
#[derive(Debug, Default)]
pub struct Writer(Vec<u8>);

impl Writer {
    pub fn new() -> Writer {
        Writer::default()
    }

    /// The message written so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    pub fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    pub fn bool(&mut self, b: bool) {
        self.byte(u8::from(b));
    }

    /// Bytes as they are, with their length.
    pub fn bytes(&mut self, b: &[u8]) {
        self.uint(b.len());
        self.0.extend_from_slice(b);
    }

    /// Bytes as they are, without their length: only as a message's last
    /// field, which [`Reader::rest`] reads.
    pub fn raw(&mut self, b: &[u8]) {
        self.0.extend_from_slice(b);
    }

    pub fn transcript(&mut self, t: &Transcript) {
        write_transcript(self, t);
    }

    /// Texts, with their count.
    pub fn strs<S: AsRef<str>>(&mut self, xs: impl ExactSizeIterator<Item = S>) {
        self.uint(xs.len());
        for s in xs {
            self.str(s.as_ref());
        }
    }

    pub fn topics(&mut self, topics: &Topics) {
        write_topics(self, topics);
    }

    pub fn duplicates(&mut self, d: &Duplicates) {
        write_duplicates(self, d);
    }

    /// A whole number no larger than `u32::MAX` (the reader refuses more).
    pub fn uint(&mut self, n: usize) {
        leb128::push(&mut self.0, n);
    }

    fn range(&mut self, r: &Range<usize>) {
        self.uint(r.start);
        self.uint(r.end);
    }

    fn f64(&mut self, x: f64) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }

    fn time(&mut self, t: Option<f64>) {
        match t {
            None => self.byte(0),
            Some(x) => {
                self.byte(1);
                self.f64(x);
            }
        }
    }

    pub fn str(&mut self, s: &str) {
        self.uint(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.byte(0),
            Some(s) => {
                self.byte(1);
                self.str(s);
            }
        }
    }

    /// Whole numbers, with their count.
    pub fn uints(&mut self, xs: &[usize]) {
        self.uint(xs.len());
        for &x in xs {
            self.uint(x);
        }
    }
}

/// Reads what a [`Writer`] wrote, value by value. Like [`Decoder`], it
/// checks every count against the bytes left before allocating, and never
/// panics, whatever the bytes.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

/// The largest integer a buffer may hold: far beyond any text the app
/// opens, and small enough that sums of two never overflow.
const MAX_UINT: u64 = u32::MAX as u64;

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    /// How many bytes have been read so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// An error unless every byte has been read.
    pub fn end(&self) -> Result<(), TransferError> {
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(TransferError::Invalid("bytes after the end"))
        }
    }

    pub fn bool(&mut self) -> Result<bool, TransferError> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(TransferError::Invalid("yes/no byte")),
        }
    }

    /// Bytes [`Writer::bytes`] wrote, where they lie.
    pub fn bytes(&mut self) -> Result<&'a [u8], TransferError> {
        let n = self.uint()?;
        self.take(n)
    }

    /// Every byte not read yet ([`Writer::raw`]): the message's last field.
    pub fn rest(&mut self) -> Result<&'a [u8], TransferError> {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        self.pos = self.bytes.len();
        Ok(rest)
    }

    pub fn transcript(&mut self) -> Result<Transcript, TransferError> {
        read_transcript(self)
    }

    /// Texts [`Writer::strs`] wrote.
    pub fn strs(&mut self) -> Result<Vec<String>, TransferError> {
        self.list(1, Reader::str)
    }

    pub fn topics(&mut self) -> Result<Topics, TransferError> {
        read_topics(self)
    }

    pub fn duplicates(&mut self) -> Result<Duplicates, TransferError> {
        read_duplicates(self)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], TransferError> {
        let end = self.pos.checked_add(n).ok_or(TransferError::Truncated)?;
        let slice = self
            .bytes
            .get(self.pos..end)
            .ok_or(TransferError::Truncated)?;
        self.pos = end;
        Ok(slice)
    }

    pub fn byte(&mut self) -> Result<u8, TransferError> {
        let b = *self.bytes.get(self.pos).ok_or(TransferError::Truncated)?;
        self.pos += 1;
        Ok(b)
    }

    /// A whole number [`Writer::uint`] wrote.
    pub fn uint(&mut self) -> Result<usize, TransferError> {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let (n, used) = leb128::read(rest, 5).map_err(|e| match e {
            Leb128Error::Truncated => TransferError::Truncated,
            Leb128Error::TooLong => TransferError::Invalid("number too long"),
        })?;
        self.pos += used;
        if n > MAX_UINT {
            return Err(TransferError::Invalid("number too large"));
        }
        usize::try_from(n).map_err(|_| TransferError::Invalid("number too large"))
    }

    /// A count of items that take at least `min_bytes` each: refused if
    /// the buffer cannot hold that many, before anything is allocated.
    pub fn count(&mut self, min_bytes: usize) -> Result<usize, TransferError> {
        let n = self.uint()?;
        let left = self.bytes.len().saturating_sub(self.pos);
        if n.saturating_mul(min_bytes.max(1)) > left {
            return Err(TransferError::Truncated);
        }
        Ok(n)
    }

    fn range(&mut self) -> Result<Range<usize>, TransferError> {
        let start = self.uint()?;
        let end = self.uint()?;
        if start > end {
            return Err(TransferError::Invalid("range ends before it starts"));
        }
        Ok(start..end)
    }

    fn f64(&mut self) -> Result<f64, TransferError> {
        let bytes: [u8; 8] = self
            .take(8)?
            .try_into()
            .map_err(|_| TransferError::Truncated)?;
        Ok(f64::from_le_bytes(bytes))
    }

    fn time(&mut self) -> Result<Option<f64>, TransferError> {
        match self.byte()? {
            0 => Ok(None),
            1 => self.f64().map(Some),
            _ => Err(TransferError::Invalid("time tag")),
        }
    }

    pub fn str(&mut self) -> Result<String, TransferError> {
        let n = self.uint()?;
        let bytes = self.take(n)?;
        std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| TransferError::Invalid("text is not UTF-8"))
    }

    pub fn opt_str(&mut self) -> Result<Option<String>, TransferError> {
        match self.byte()? {
            0 => Ok(None),
            1 => self.str().map(Some),
            _ => Err(TransferError::Invalid("optional text tag")),
        }
    }

    /// Whole numbers [`Writer::uints`] wrote.
    pub fn uints(&mut self) -> Result<Vec<usize>, TransferError> {
        let n = self.count(1)?;
        (0..n).map(|_| self.uint()).collect()
    }

    /// A list [`Writer::uint`] counted, of items that take at least
    /// `min_bytes` each.
    pub fn list<T>(
        &mut self,
        min_bytes: usize,
        mut item: impl FnMut(&mut Self) -> Result<T, TransferError>,
    ) -> Result<Vec<T>, TransferError> {
        let n = self.count(min_bytes)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(item(self)?);
        }
        Ok(out)
    }
}

// ---- the transcript ---------------------------------------------------------

fn write_transcript(w: &mut Writer, t: &Transcript) {
    w.opt_str(t.title.as_deref());
    w.opt_str(t.metadata.date.as_deref());
    w.uint(
        Format::ALL
            .iter()
            .position(|f| *f == t.metadata.format)
            .unwrap_or(0),
    );
    w.time(t.metadata.duration);
    w.uint(t.speakers.len());
    for s in &t.speakers {
        w.str(&s.name);
        w.opt_str(s.id.as_deref());
    }
    w.uint(t.turns.len());
    for turn in &t.turns {
        // 0 is "no speaker", so every id moves up by one.
        w.uint(turn.speaker.map_or(0, |id| id + 1));
        w.byte(match turn.kind {
            TurnKind::Speech => 0,
            TurnKind::NonSpeech => 1,
        });
        w.time(turn.start);
        w.time(turn.end);
        w.str(&turn.text);
        w.uint(turn.segments.len());
        for s in &turn.segments {
            w.time(s.start);
            w.time(s.end);
            w.uint(s.offset);
        }
    }
    w.uint(t.sections.len());
    for s in &t.sections {
        w.str(&s.title);
        w.uint(s.turn);
    }
    w.uint(t.warnings.len());
    for s in &t.warnings {
        w.str(s);
    }
}

fn read_transcript(r: &mut Reader<'_>) -> Result<Transcript, TransferError> {
    let title = r.opt_str()?;
    let date = r.opt_str()?;
    let format = *Format::ALL
        .get(r.uint()?)
        .ok_or(TransferError::Invalid("format"))?;
    let duration = r.time()?;
    let speakers = r.list(2, |r| {
        Ok(Speaker {
            name: r.str()?,
            id: r.opt_str()?,
        })
    })?;
    let turns = r.list(6, |r| {
        let speaker = match r.uint()? {
            0 => None,
            n => Some(n - 1),
        };
        if speaker.is_some_and(|id| id >= speakers.len()) {
            return Err(TransferError::Invalid("speaker id"));
        }
        let kind = match r.byte()? {
            0 => TurnKind::Speech,
            1 => TurnKind::NonSpeech,
            _ => return Err(TransferError::Invalid("turn kind")),
        };
        let start = r.time()?;
        let end = r.time()?;
        let text = r.str()?;
        let segments = r.list(3, |r| {
            Ok(Segment {
                start: r.time()?,
                end: r.time()?,
                offset: r.uint()?,
            })
        })?;
        Ok(Turn {
            speaker,
            kind,
            start,
            end,
            text,
            segments,
        })
    })?;
    let sections = r.list(2, |r| {
        Ok(Section {
            title: r.str()?,
            turn: r.uint()?,
        })
    })?;
    let warnings = r.strs()?;
    Ok(Transcript {
        title,
        metadata: Metadata {
            date,
            format,
            duration,
        },
        speakers,
        turns,
        sections,
        warnings,
    })
}

// ---- the search index ---------------------------------------------------------

fn write_index(w: &mut Writer, index: &SearchIndex) {
    w.uint(index.anchor_at.len());
    for &a in &index.anchor_at {
        w.uint(a as usize);
    }
    w.uint(index.anchors.len());
    for a in &index.anchors {
        w.uint(a.folded as usize);
        w.uint(a.original as usize);
        w.byte(a.folded_len);
        w.byte(a.original_len);
    }
    w.str(&index.words.vocab);
    w.uint(index.words.ends.len());
    for &e in &index.words.ends {
        w.uint(e as usize);
    }
    w.uint(index.words.postings.len());
    w.0.extend_from_slice(&index.words.postings);
}

fn read_index(r: &mut Reader<'_>) -> Result<SearchIndex, TransferError> {
    let u32_of = |n: usize| u32::try_from(n).map_err(|_| TransferError::Invalid("index number"));
    let anchor_at = r.list(1, |r| u32_of(r.uint()?))?;
    let anchors = r.list(4, |r| {
        Ok(Anchor {
            folded: u32_of(r.uint()?)?,
            original: u32_of(r.uint()?)?,
            folded_len: r.byte()?,
            original_len: r.byte()?,
        })
    })?;
    let vocab = r.str()?;
    let ends = r.list(1, |r| u32_of(r.uint()?))?;
    let n = r.count(1)?;
    let postings = r.take(n)?.to_vec();
    let words =
        Words::from_parts(vocab, ends, postings).ok_or(TransferError::Invalid("index words"))?;
    // What searching relies on: each turn's anchors follow the turn
    // before's, within the list.
    let ordered = anchor_at.windows(2).all(|w| matches!(w, [a, b] if a <= b));
    if anchor_at.first() != Some(&0)
        || !ordered
        || anchor_at.last().map(|&a| a as usize) != Some(anchors.len())
    {
        return Err(TransferError::Invalid("index turns"));
    }
    Ok(SearchIndex {
        wide: wide_turns(&anchor_at, &anchors),
        anchor_at,
        anchors,
        words,
    })
}

// ---- topics -------------------------------------------------------------------

fn write_topics(w: &mut Writer, topics: &Topics) {
    w.byte(match topics.language {
        Language::English => 0,
        Language::German => 1,
        Language::Russian => 2,
    });
    w.uint(topics.tags.len());
    for tag in &topics.tags {
        w.str(&tag.label);
        w.f64(tag.score);
        w.uints(&tag.turns);
    }
    w.uints(&topics.turn_offsets);
    w.uints(&topics.turn_tags);
}

fn read_topics(r: &mut Reader<'_>) -> Result<Topics, TransferError> {
    let language = match r.byte()? {
        0 => Language::English,
        1 => Language::German,
        2 => Language::Russian,
        _ => return Err(TransferError::Invalid("language")),
    };
    let tags = r.list(10, |r| {
        Ok(Tag {
            label: r.str()?,
            score: r.f64()?,
            turns: r.uints()?,
        })
    })?;
    let turn_offsets = r.uints()?;
    let turn_tags = r.uints()?;
    Ok(Topics {
        tags,
        language,
        turn_offsets,
        turn_tags,
    })
}

// ---- repeated passages -------------------------------------------------------

fn kind_byte(kind: Kind) -> u8 {
    match kind {
        Kind::Exact => 0,
        Kind::Near => 1,
    }
}

fn read_kind(r: &mut Reader<'_>) -> Result<Kind, TransferError> {
    match r.byte()? {
        0 => Ok(Kind::Exact),
        1 => Ok(Kind::Near),
        _ => Err(TransferError::Invalid("repeat kind")),
    }
}

fn write_duplicates(w: &mut Writer, d: &Duplicates) {
    w.uint(d.groups.len());
    for g in &d.groups {
        w.byte(kind_byte(g.kind));
        w.uint(g.passages.len());
        for p in &g.passages {
            w.uint(p.transcript);
            w.uint(p.turn);
            w.range(&p.range);
            w.str(&p.text);
        }
    }
    w.uint(d.loops.len());
    for l in &d.loops {
        w.uint(l.transcript);
        w.uint(l.turn);
        w.range(&l.range);
        w.range(&l.first);
        w.str(&l.phrase);
        w.uint(l.count);
    }
    w.uint(d.hidden);
    w.uint(d.marks.len());
    for m in &d.marks {
        w.uint(m.transcript);
        w.uint(m.turn);
        w.range(&m.range);
        w.byte(kind_byte(m.kind));
        w.uint(m.of_transcript);
        w.uint(m.of_turn);
        w.range(&m.of_range);
    }
}

fn read_duplicates(r: &mut Reader<'_>) -> Result<Duplicates, TransferError> {
    let groups = r.list(2, |r| {
        Ok(DuplicateGroup {
            kind: read_kind(r)?,
            passages: r.list(5, |r| {
                Ok(PassageRef {
                    transcript: r.uint()?,
                    turn: r.uint()?,
                    range: r.range()?,
                    text: r.str()?,
                })
            })?,
        })
    })?;
    let loops = r.list(8, |r| {
        Ok(RepeatLoop {
            transcript: r.uint()?,
            turn: r.uint()?,
            range: r.range()?,
            first: r.range()?,
            phrase: r.str()?,
            count: r.uint()?,
        })
    })?;
    let hidden = r.uint()?;
    let marks = r.list(9, |r| {
        Ok(Mark {
            transcript: r.uint()?,
            turn: r.uint()?,
            range: r.range()?,
            kind: read_kind(r)?,
            of_transcript: r.uint()?,
            of_turn: r.uint()?,
            of_range: r.range()?,
        })
    })?;
    // The lookups per turn bisect the marks: they must stay sorted.
    if !marks
        .windows(2)
        .all(|w| matches!(w, [a, b] if (a.transcript, a.turn, a.range.start) <= (b.transcript, b.turn, b.range.start)))
    {
        return Err(TransferError::Invalid("marks out of order"));
    }
    Ok(Duplicates {
        groups,
        loops,
        hidden,
        marks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{generate, SynthFormat};

    fn analysed(text: &str) -> Analysed {
        let transcript = crate::parse(text).unwrap();
        Analysed {
            index: SearchIndex::new(&transcript),
            topics: Topics::extract(&transcript),
            duplicates: crate::dedup::find(&transcript),
            transcript,
        }
    }

    fn encoded(a: &Analysed) -> Vec<u8> {
        encode(&a.transcript, &a.index, &a.topics, &a.duplicates)
    }

    #[test]
    fn a_generated_webvtt_file_and_its_analyses_come_back_equal() {
        let a = analysed(&generate(SynthFormat::WebVtt, 200_000, 42));
        assert!(a.transcript.turns.len() > 100);
        assert!(!a.topics.tags.is_empty());
        assert!(
            a.duplicates.hidden_count() > 0,
            "the generator repeats itself"
        );
        let back = decode(&encoded(&a)).unwrap();
        assert_eq!(back, a);
        // And the index works: the same matches as a freshly built one.
        let query = &a.topics.tags[0].label;
        assert!(!back.index.find(&back.transcript, query).is_empty());
        assert_eq!(
            back.index.search(&back.transcript, query),
            a.index.search(&a.transcript, query)
        );
        assert_eq!(back.topics.for_turn(3), a.topics.for_turn(3));
    }

    #[test]
    fn another_version_or_foreign_bytes_are_refused() {
        let a = analysed("Ana: Hello there.\nBen: Hi.\n");
        let mut bytes = encoded(&a);
        assert_eq!(decode(b"{\"turns\":[]}"), Err(TransferError::NotOurs));
        assert_eq!(decode(b""), Err(TransferError::NotOurs));
        bytes[MAGIC.len()] = VERSION + 1;
        assert_eq!(decode(&bytes), Err(TransferError::Version(VERSION + 1)));
    }

    #[test]
    fn a_buffer_cut_anywhere_or_extended_is_an_error() {
        let a = analysed("WEBVTT\n\n00:00.000 --> 00:01.500\n<v Ana>Grüße, straße Ünïcode 😀\n\n00:01.500 --> 00:03.000\n<v Ben>[laughs] again again again again\n");
        let bytes = encoded(&a);
        assert_eq!(decode(&bytes).unwrap(), a);
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            decode(&longer),
            Err(TransferError::Invalid("bytes after the end"))
        );
    }

    #[test]
    fn parts_come_in_the_order_they_were_written() {
        let a = analysed("Ana: Hello there.\nBen: Hi.\n");
        let bytes = encoded(&a);
        let mut d = Decoder::new(&bytes).unwrap();
        assert_eq!(d.index(), Err(TransferError::Invalid("part out of order")));
        let mut d = Decoder::new(&bytes).unwrap();
        assert_eq!(d.transcript().unwrap(), a.transcript);
        assert_eq!(d.index().unwrap(), a.index);
        assert_eq!(d.topics().unwrap(), a.topics);
        assert_eq!(d.duplicates().unwrap(), a.duplicates);
        assert!(d.duplicates().is_err(), "nothing after the last part");
    }

    #[test]
    fn a_buffer_holds_only_the_parts_given() {
        let a =
            analysed("Ana: Hello there, hello there.\nBen: Hi.\nAna: Hello there, hello there.\n");
        let only = |parts: Parts<'_>| encode_parts(parts);
        let bytes = only(Parts {
            transcript: Some(&a.transcript),
            topics: Some(&a.topics),
            duplicates: Some(&a.duplicates),
            ..Parts::default()
        });
        let mut d = Decoder::new(&bytes).unwrap();
        assert!(!d.has_index());
        assert_eq!(d.transcript().unwrap(), a.transcript);
        assert_eq!(
            d.index(),
            Err(TransferError::Invalid("part not in the buffer"))
        );
        assert_eq!(d.topics().unwrap(), a.topics);
        assert_eq!(d.duplicates().unwrap(), a.duplicates);
        // Analyses without their transcript: the page already has it.
        let bytes = only(Parts {
            topics: Some(&a.topics),
            duplicates: Some(&a.duplicates),
            ..Parts::default()
        });
        let mut d = Decoder::new(&bytes).unwrap();
        assert_eq!(
            d.transcript(),
            Err(TransferError::Invalid("part not in the buffer"))
        );
        assert_eq!(d.topics().unwrap(), a.topics);
        assert_eq!(d.duplicates().unwrap(), a.duplicates);
        // The last part read must end the buffer; a cut one is an error.
        let mut longer = bytes.clone();
        longer.push(7);
        let mut d = Decoder::new(&longer).unwrap();
        d.topics().unwrap();
        assert_eq!(
            d.duplicates(),
            Err(TransferError::Invalid("bytes after the end"))
        );
        for cut in 0..bytes.len() {
            let mut d = match Decoder::new(&bytes[..cut]) {
                Ok(d) => d,
                Err(_) => continue,
            };
            assert!(
                d.topics().and_then(|_| d.duplicates()).is_err(),
                "cut at {cut}"
            );
        }
        // A transcript alone.
        let bytes = only(Parts {
            transcript: Some(&a.transcript),
            ..Parts::default()
        });
        assert_eq!(
            Decoder::new(&bytes).unwrap().transcript().unwrap(),
            a.transcript
        );
        // Unknown part bits are refused.
        let mut odd = bytes.clone();
        odd[MAGIC.len() + 1] |= 0x80;
        assert!(Decoder::new(&odd).is_err());
    }

    #[test]
    fn an_index_pointing_outside_its_lists_is_refused() {
        let a = analysed("Ana: Hello thére.\nBen: Hi.\n");
        let mut index = a.index.clone();
        if let Some(last) = index.anchor_at.last_mut() {
            *last += 1;
        }
        let bytes = encode(&a.transcript, &index, &a.topics, &a.duplicates);
        assert_eq!(decode(&bytes), Err(TransferError::Invalid("index turns")));
        let mut index = a.index.clone();
        index.words.ends.push(index.words.postings.len() as u32);
        let bytes = encode(&a.transcript, &index, &a.topics, &a.duplicates);
        assert_eq!(decode(&bytes), Err(TransferError::Invalid("index words")));
    }
}
