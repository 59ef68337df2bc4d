//! The columnar body a payload carries (see the layout below).

use std::fmt::Write;

use super::{
    parse_id, LinkError, MAX_SECTIONS, MAX_SEGMENTS, MAX_SPEAKERS, MAX_TURNS, MAX_WARNINGS,
};
use crate::format::Format;
use crate::model::{Metadata, Section, Segment, Speaker, Transcript, Turn, TurnKind};

/// The body format this version writes: its first line.
const BODY_VERSION: &str = "1";

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
//   I speaker ids, only when some speaker has one (then the counts line
//     has a sixth count, I): "speaker index<TAB>id", the source's label of a
//     speaker shown under another name (`SPEAKER_00` shown as "Speaker 1").
//     Last, so that links written before ids existed read as they did.
//
// Strings are escaped ("\\" → "\\\\", newline → "\\n") so one line is one
// field; the parsers never put newlines in them, but a Transcript may hold
// any string. Grouping like fields together lets deflate find their
// repetitions (times near times, speaker ids near speaker ids).

pub(super) fn write_body(t: &Transcript) -> String {
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
    let ids = t.speakers.iter().filter(|s| s.id.is_some()).count();
    let _ = write!(
        out,
        "{} {} {} {} {segments}",
        t.speakers.len(),
        t.turns.len(),
        t.sections.len(),
        t.warnings.len()
    );
    if ids > 0 {
        let _ = write!(out, " {ids}");
    }
    out.push('\n');
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
    for (i, s) in t.speakers.iter().enumerate() {
        if let Some(id) = &s.id {
            let _ = write!(out, "{i}\t");
            line(&mut out, id);
        }
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

pub(super) fn read_body(body: &str) -> Result<Transcript, LinkError> {
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
    let ids = match counts.next() {
        None => 0,
        some => count(some, "speaker ids", MAX_SPEAKERS)?,
    };
    // A body is at least one byte per line it promises, so counts beyond
    // its length are damage, not a reason to allocate.
    if speakers + 2 * turns + sections + warnings + segments > body.len() {
        return Err(LinkError::Damaged);
    }

    let mut speakers = (0..speakers)
        .map(|_| lines.text().map(Speaker::named))
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
    for _ in 0..ids {
        let raw = lines.raw()?;
        let (index, id) = raw.split_once('\t').ok_or(LinkError::Damaged)?;
        let speaker = parse_id(index)
            .and_then(|i| speakers.get_mut(i))
            .ok_or(LinkError::Damaged)?;
        speaker.id = Some(unescape(id)?);
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
