//! Exports: a transcript (usually the filtered view, see [`subset`]) written
//! as Markdown, plain text, JSON (the CLI's `--json` shape, [`Report`]),
//! WebVTT or SRT.
//!
//! Every writer is shaped so that our own parsers read the file back to the
//! same speakers and turns where the format allows it; the tests in
//! `tests/export.rs` check that on the fixtures, the bundled transcripts,
//! synthetic files and generated transcripts. This module must never panic
//! and never write a file our parsers would misread where an escape exists.
//!
//! # What reads back exactly
//!
//! WebVTT and SRT give one cue per segment of a turn, times rounded to the
//! millisecond, and read back to the same speakers (in order), the same turns
//! (speaker, kind, text, start, end) and the same segment times, with these
//! exceptions, all inherent to the formats or to our parsers' rules:
//! - Two consecutive speech turns of the same speaker (kept apart by a
//!   paragraph break in prose) merge into one turn; so do two consecutive
//!   turns without a speaker, unless a turn boundary can be marked (see below).
//! - Text containing `>>` is split there: `>>` is the closed-caption turn
//!   marker in both formats, and entities cannot hide it since cue text is
//!   decoded before speakers are read.
//! - A segment whose whole text is bracketed (`[laughs]`, a short `(…)`)
//!   reads back as a sound cue; a non-speech turn reads back as one only if
//!   its text is bracketed that way, and never has a speaker.
//! - Speech without a speaker is written after a `>>` marker when the turn
//!   before had a speaker (otherwise a cue without a voice continues it);
//!   if such text starts with something shaped like `Name:`, it reads back
//!   as that speaker's.
//! - Control characters in text read back as spaces; identical consecutive
//!   cues of 50 ms or less are taken for a rolling-caption hold and dropped.
//! - SRT only: the speaker is a `Name:` prefix on every speech cue, so it
//!   reads back only when the name looks like a name to our parsers (no `:`,
//!   `?`, `,`, `<`…, first and last words capitalised, at most five words),
//!   and not when the text starts with `//`, or with a digit after a name
//!   ending in one (`Speaker 1: 2 things` reads as a time). SRT has no
//!   title, date or sections.
//! - WebVTT only: the title is the header (`WEBVTT - Title`); the date and
//!   sections are written as `NOTE` blocks, which readers see but parsers
//!   skip, so sections do not read back.
//!
//! Missing times: WebVTT and SRT need a start for every turn ([`available`]).
//! A segment without its own start joins the previous cue of its turn. A cue
//! without an end (or with one before its start) ends after a reading-time
//! estimate ([`SECONDS_PER_WORD`], at least [`MIN_CUE_SECONDS`]), cut short at
//! the next cue's start when that comes first; such files read back with
//! those estimated ends.
//!
//! Markdown (`**Name:** [hh:mm:ss] text` paragraphs, `# Title`, `## Section`,
//! the date in front matter, Markdown characters escaped) reads back through
//! our Markdown parser to the same speakers, texts, sections and starts to the
//! second, when: turns without a speaker come before the first named one (a
//! label holds until the next label) and have no time (an unlabelled line's
//! time reads back as text), there are no sound cues (they read back as
//! speech, joined to the turn before), consecutive unnamed paragraphs are
//! not separate turns (they join), names look like names, and a one-word
//! name is not the
//! first or last name of a person the title names (the parser resolves
//! `**Sam:**` under "Sam Altman interview" to "Sam Altman").
//!
//! Plain text (`[hh:mm:ss] Name: text` paragraphs) cannot escape anything;
//! it reads back through the script parser to the same speakers and texts
//! when every turn has a speaker whose name looks like a name, and there are
//! no sections.

use std::fmt::Write;

use serde::Serialize;
use thiserror::Error;

use crate::bits::sort::sort_by_key;
use crate::dedup::{self, Duplicates};
use crate::model::{Metadata, Section, Transcript, Turn, TurnKind};
use crate::parse::labels::split_label;
use crate::text::{decode_entities, format_clock};
use crate::topics::{Tag, Topics};
use crate::view::speaker_stats;

/// Reading-time estimate for a cue without an end, per word.
pub const SECONDS_PER_WORD: f64 = 0.4;
/// Shortest estimated cue.
pub const MIN_CUE_SECONDS: f64 = 1.0;

/// A transcript of just `turns` (indices into `t.turns`; out-of-range and
/// repeated indices are ignored, order does not matter). Title, metadata,
/// warnings and every speaker (same ids) are kept; a section is kept when a
/// kept turn falls between it and the next section, and then points at the
/// first such turn. The duration is recomputed for the kept turns.
pub fn subset(t: &Transcript, turns: &[usize]) -> Transcript {
    let mut keep: Vec<usize> = turns
        .iter()
        .copied()
        .filter(|&i| i < t.turns.len())
        .collect();
    keep.sort_unstable();
    keep.dedup();
    let kept: Vec<Turn> = keep
        .iter()
        .filter_map(|&i| t.turns.get(i).cloned())
        .collect();

    let mut sections: Vec<&Section> = t.sections.iter().collect();
    sort_by_key(&mut sections, |s| s.turn);
    let mut new_sections = Vec::new();
    for (k, section) in sections.iter().enumerate() {
        // Sections on the same turn share its range; the range ends at the
        // next section that heads a later turn.
        let next = sections
            .get(k + 1..)
            .unwrap_or_default()
            .iter()
            .map(|s| s.turn)
            .find(|&turn| turn > section.turn)
            .unwrap_or(usize::MAX);
        let first = keep.partition_point(|&i| i < section.turn);
        if keep.get(first).is_some_and(|&i| i < next) {
            new_sections.push(Section {
                title: section.title.clone(),
                turn: first,
            });
        }
    }
    let start = kept.iter().find_map(|turn| turn.start);
    let end = kept.iter().rev().find_map(|turn| turn.end.or(turn.start));
    let duration = match (start, end) {
        (Some(s), Some(e)) if e >= s => Some(e - s),
        _ => None,
    };
    Transcript {
        title: t.title.clone(),
        metadata: Metadata {
            date: t.metadata.date.clone(),
            format: t.metadata.format,
            duration,
        },
        speakers: t.speakers.clone(),
        turns: kept,
        sections: new_sections,
        warnings: t.warnings.clone(),
    }
}

/// The formats a transcript can be exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    Markdown,
    Text,
    Json,
    WebVtt,
    Srt,
}

impl ExportFormat {
    /// Every format, in the order a menu lists them.
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Markdown,
        ExportFormat::Text,
        ExportFormat::Json,
        ExportFormat::WebVtt,
        ExportFormat::Srt,
    ];

    /// A short stable id (`md`, `txt`, `json`, `vtt`, `srt`).
    pub fn id(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "md",
            ExportFormat::Text => "txt",
            ExportFormat::Json => "json",
            ExportFormat::WebVtt => "vtt",
            ExportFormat::Srt => "srt",
        }
    }

    /// What a menu shows.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "Markdown",
            ExportFormat::Text => "Plain text",
            ExportFormat::Json => "JSON",
            ExportFormat::WebVtt => "WebVTT",
            ExportFormat::Srt => "SRT",
        }
    }

    /// The file name extension, without the dot (the same as the id).
    pub fn extension(self) -> &'static str {
        self.id()
    }

    pub fn mime(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "text/markdown;charset=utf-8",
            ExportFormat::Text => "text/plain;charset=utf-8",
            ExportFormat::Json => "application/json",
            ExportFormat::WebVtt => "text/vtt;charset=utf-8",
            ExportFormat::Srt => "application/x-subrip;charset=utf-8",
        }
    }

    pub fn from_id(id: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.id() == id)
    }

    /// Whether the format needs a start time for every turn.
    pub fn needs_times(self) -> bool {
        matches!(self, ExportFormat::WebVtt | ExportFormat::Srt)
    }
}

/// Why an export could not be written, as a sentence for the reader.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ExportError {
    #[error("There is nothing to export as {0}: no turn is shown.")]
    NoTurns(&'static str),
    #[error("{0} needs a start time for every turn, and this transcript has turns without one: export it as Markdown, plain text or JSON instead.")]
    NoTimes(&'static str),
    #[error("The transcript could not be written as JSON: {0}")]
    Json(String),
}

/// The formats `t` can be exported as: WebVTT and SRT only when it has turns
/// and every one of them has a start time.
pub fn available(t: &Transcript) -> Vec<ExportFormat> {
    let timed = has_times(t);
    ExportFormat::ALL
        .into_iter()
        .filter(|f| timed || !f.needs_times())
        .collect()
}

fn has_times(t: &Transcript) -> bool {
    !t.turns.is_empty() && t.turns.iter().all(|turn| turn_start(turn).is_some())
}

/// Writes `t` as `format`. The app calls it on [`subset`] of the edited
/// transcript and the visible turns.
pub fn export(t: &Transcript, format: ExportFormat) -> Result<String, ExportError> {
    if format.needs_times() {
        if t.turns.is_empty() {
            return Err(ExportError::NoTurns(format.label()));
        }
        if !has_times(t) {
            return Err(ExportError::NoTimes(format.label()));
        }
    }
    match format {
        ExportFormat::Markdown => Ok(markdown(t)),
        ExportFormat::Text => Ok(plain_text(t)),
        ExportFormat::Json => {
            let source = t.title.as_deref().unwrap_or("transcript");
            let mut json = serde_json::to_string_pretty(&report(source, t))
                .map_err(|e| ExportError::Json(e.to_string()))?;
            json.push('\n');
            Ok(json)
        }
        ExportFormat::WebVtt => Ok(webvtt(t)),
        ExportFormat::Srt => Ok(srt(t)),
    }
}

// ---------------------------------------------------------------------------
// JSON: the CLI contract.

/// The JSON shape of one transcript: what `transcript parse --json` prints
/// and what the JSON export writes. Defined once, here.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub source: &'a str,
    pub format: &'static str,
    pub title: Option<&'a str>,
    pub speakers: Vec<SpeakerReport<'a>>,
    pub turns: Vec<TurnReport<'a>>,
    pub sections: Vec<SectionReport<'a>>,
    pub warnings: &'a [String],
    /// Repeated passages: `duplicates` (groups, the first passage kept),
    /// `loops` and `hidden`.
    #[serde(flatten)]
    pub duplicates: Duplicates,
    /// Topic tags, best first, with the turns they occur in.
    pub topics: Vec<Tag>,
}

#[derive(Debug, Serialize)]
pub struct SpeakerReport<'a> {
    pub name: &'a str,
    /// The source's label when the name shown differs (`SPEAKER_00` shown as
    /// "Speaker 1"): the JSON export keeps it so a program can match the
    /// speaker to the tool's own output. The text exports (Markdown, text,
    /// WebVTT, SRT) are for reading and write the name shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    pub turns: usize,
    pub words: usize,
}

#[derive(Debug, Serialize)]
pub struct TurnReport<'a> {
    pub speaker: Option<&'a str>,
    pub start: Option<f64>,
    pub end: Option<f64>,
    pub text: &'a str,
    #[serde(skip_serializing_if = "is_speech")]
    pub kind: TurnKind,
}

fn is_speech(kind: &TurnKind) -> bool {
    *kind == TurnKind::Speech
}

#[derive(Debug, Serialize)]
pub struct SectionReport<'a> {
    pub title: &'a str,
    pub turn: usize,
}

/// The [`Report`] of `t`, read from `source` (a file name, `<stdin>`).
pub fn report<'a>(source: &'a str, t: &'a Transcript) -> Report<'a> {
    let speakers = speaker_stats(t)
        .into_iter()
        .zip(&t.speakers)
        .map(|(stat, s)| SpeakerReport {
            name: &s.name,
            id: s.id.as_deref(),
            turns: stat.turns,
            words: stat.words,
        })
        .collect();
    Report {
        source,
        format: t.metadata.format.id(),
        title: t.title.as_deref(),
        speakers,
        turns: t
            .turns
            .iter()
            .map(|turn| TurnReport {
                speaker: t.speaker_name(turn),
                start: turn.start,
                end: turn.end,
                text: &turn.text,
                kind: turn.kind,
            })
            .collect(),
        sections: t
            .sections
            .iter()
            .map(|s| SectionReport {
                title: &s.title,
                turn: s.turn,
            })
            .collect(),
        warnings: &t.warnings,
        duplicates: dedup::find(t),
        topics: Topics::extract(t).tags,
    }
}

// ---------------------------------------------------------------------------
// Cues: what WebVTT and SRT share.

/// One cue to write: a segment of a turn (or several, when some had no
/// start), with its times settled.
#[derive(Debug, Clone, PartialEq)]
struct Cue<'a> {
    turn: usize,
    /// Whether this is the first cue of its turn.
    first: bool,
    speaker: Option<&'a str>,
    kind: TurnKind,
    start: f64,
    end: Option<f64>,
    text: String,
}

fn finite(t: Option<f64>) -> Option<f64> {
    t.filter(|t| t.is_finite()).map(|t| t.max(0.0))
}

fn turn_start(turn: &Turn) -> Option<f64> {
    finite(turn.start).or_else(|| finite(turn.segments.first().and_then(|s| s.start)))
}

/// The text of each segment with its times. Segment offsets that are not
/// ascending character boundaries of the text (a hand-edited turn) make the
/// whole turn one piece.
fn pieces(turn: &Turn) -> Vec<(Option<f64>, Option<f64>, &str)> {
    let text = turn.text.as_str();
    let offsets_ok = !turn.segments.is_empty()
        && turn.segments.windows(2).all(|w| match w {
            [a, b] => a.offset <= b.offset,
            _ => true,
        })
        && turn
            .segments
            .iter()
            .all(|s| s.offset <= text.len() && text.is_char_boundary(s.offset));
    if !offsets_ok {
        return vec![(turn.start, turn.end, text)];
    }
    let mut out = Vec::with_capacity(turn.segments.len());
    for (k, seg) in turn.segments.iter().enumerate() {
        // Text before the first offset belongs to the first segment.
        let from = if k == 0 { 0 } else { seg.offset };
        let to = turn
            .segments
            .get(k + 1)
            .map_or(text.len(), |next| next.offset);
        let piece = text.get(from..to).unwrap_or_default();
        out.push((seg.start, seg.end, piece));
    }
    out
}

/// The cues of `t`, or `None` when a turn has no start.
fn cues(t: &Transcript) -> Option<Vec<Cue<'_>>> {
    let mut cues: Vec<Cue> = Vec::new();
    for (i, turn) in t.turns.iter().enumerate() {
        let turn_start = turn_start(turn)?;
        let speaker = t.speaker_name(turn).filter(|name| !name.trim().is_empty());
        let first_cue = cues.len();
        for (k, (start, end, piece)) in pieces(turn).into_iter().enumerate() {
            let piece = piece.trim();
            let start = if k == 0 {
                Some(finite(start).unwrap_or(turn_start))
            } else {
                finite(start)
            };
            let end = finite(end);
            let joins = start.is_none() || piece.is_empty();
            match cues.last_mut().filter(|c| c.turn == i && joins) {
                // No start of its own (or no text): part of the cue before.
                Some(last) => {
                    if !piece.is_empty() {
                        last.text.push(' ');
                        last.text.push_str(piece);
                    }
                    if end.is_some() {
                        last.end = end;
                    }
                }
                None if piece.is_empty() => {}
                None => cues.push(Cue {
                    turn: i,
                    first: cues.len() == first_cue,
                    speaker,
                    kind: turn.kind,
                    start: start.unwrap_or(turn_start),
                    end,
                    text: piece.to_string(),
                }),
            }
        }
    }
    // Settle missing ends now that every start is known.
    let starts: Vec<f64> = cues.iter().map(|c| c.start).collect();
    for (k, cue) in cues.iter_mut().enumerate() {
        if cue.end.is_some_and(|end| end >= cue.start) {
            continue;
        }
        let words = cue.text.split_whitespace().count() as f64;
        let estimate = cue.start + (words * SECONDS_PER_WORD).max(MIN_CUE_SECONDS);
        let next = starts.get(k + 1).copied().filter(|&n| n > cue.start);
        cue.end = Some(next.map_or(estimate, |n| n.min(estimate)));
    }
    Some(cues)
}

/// `hh:mm:ss`, truncated to the second: the readable time of Markdown and
/// plain text.
fn short_clock(seconds: f64) -> String {
    let secs = seconds.max(0.0).floor();
    let secs = if secs >= u64::MAX as f64 {
        u64::MAX
    } else {
        secs as u64
    };
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// Whether `rest` (text starting at a `&`) would be decoded as an entity by
/// our parsers: then the `&` must be written as `&amp;`.
fn entity_like(rest: &str) -> bool {
    let Some(semi) = rest
        .char_indices()
        .take(16)
        .find(|&(_, c)| c == ';')
        .map(|(i, _)| i)
    else {
        return false;
    };
    let candidate = rest.get(..=semi).unwrap_or_default();
    decode_entities(candidate) != candidate
}

/// WebVTT cue text: `&`, `<` and `>` as entities (which also keeps `-->`
/// out of cue text).
fn escape_vtt(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// SRT cue text: as little escaping as our parser needs, since many players
/// show entities as written. `<` before a letter, digit or `/` would be read
/// as a tag, `&` before an entity name as that entity, and `-->` as a timing.
fn escape_srt(text: &str, out: &mut String) {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let rest = text.get(i..).unwrap_or_default();
        match c {
            '<' if chars
                .peek()
                .is_some_and(|&(_, n)| n.is_ascii_alphanumeric() || n == '/') =>
            {
                out.push_str("&lt;")
            }
            '&' if entity_like(rest) => out.push_str("&amp;"),
            '>' if out.ends_with("--") => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Tracks what our cue parser will believe, to mark turn boundaries that it
/// would otherwise miss.
#[derive(Default)]
struct Boundaries {
    /// The speaker an unvoiced, unlabelled cue would be given.
    current: Option<String>,
    /// Whether the previous cue was speech without a speaker, still open.
    open_unnamed: bool,
}

impl Boundaries {
    /// Whether a `>>` marker must precede this cue.
    fn marker(&mut self, cue: &Cue) -> bool {
        match (cue.kind, cue.speaker) {
            (TurnKind::NonSpeech, _) => {
                self.open_unnamed = false;
                false
            }
            (TurnKind::Speech, Some(name)) => {
                self.current = Some(name.to_string());
                self.open_unnamed = false;
                false
            }
            (TurnKind::Speech, None) => {
                let marker = cue.first && (self.current.is_some() || self.open_unnamed);
                self.current = None;
                self.open_unnamed = true;
                marker
            }
        }
    }
}

fn webvtt(t: &Transcript) -> String {
    let mut out = String::from("WEBVTT");
    if let Some(title) = t.title.as_deref().filter(|s| !s.trim().is_empty()) {
        out.push_str(" - ");
        // The parser trims leading dashes and colons from the header title
        // and ignores `FILE`; an entity keeps such a first character.
        let mut chars = title.chars();
        if let Some(first) = chars.next() {
            if matches!(first, '-' | ':' | '–' | '—') || title.eq_ignore_ascii_case("file") {
                let _ = write!(out, "&#{};", u32::from(first));
                escape_vtt(chars.as_str(), &mut out);
            } else {
                escape_vtt(title, &mut out);
            }
        }
    }
    out.push_str("\n\n");
    if let Some(date) = &t.metadata.date {
        out.push_str("NOTE Date: ");
        escape_vtt(date, &mut out);
        out.push_str("\n\n");
    }
    let Some(cues) = cues(t) else {
        return out;
    };
    let mut sections = sorted_sections(t).into_iter().peekable();
    let mut boundaries = Boundaries::default();
    for cue in &cues {
        if cue.first {
            while let Some(section) = sections.next_if(|s| s.turn <= cue.turn) {
                out.push_str("NOTE ");
                escape_vtt(&section.title, &mut out);
                out.push_str("\n\n");
            }
        }
        let _ = writeln!(
            out,
            "{} --> {}",
            format_clock(cue.start, '.'),
            format_clock(cue.end.unwrap_or(cue.start), '.')
        );
        if boundaries.marker(cue) {
            out.push_str("&gt;&gt; ");
        }
        match (cue.kind, cue.speaker) {
            (TurnKind::Speech, Some(name)) => {
                out.push_str("<v ");
                escape_vtt(name, &mut out);
                out.push('>');
                escape_vtt(&cue.text, &mut out);
                out.push_str("</v>");
            }
            _ => escape_vtt(&cue.text, &mut out),
        }
        out.push_str("\n\n");
    }
    out
}

fn srt(t: &Transcript) -> String {
    let mut out = String::new();
    let Some(cues) = cues(t) else {
        return out;
    };
    let mut boundaries = Boundaries::default();
    for (n, cue) in cues.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}\n{} --> {}",
            n + 1,
            format_clock(cue.start, ','),
            format_clock(cue.end.unwrap_or(cue.start), ',')
        );
        if boundaries.marker(cue) {
            out.push_str(">> ");
        }
        if let (TurnKind::Speech, Some(name)) = (cue.kind, cue.speaker) {
            escape_srt(name, &mut out);
            out.push_str(": ");
        }
        escape_srt(&cue.text, &mut out);
        out.push_str("\n\n");
    }
    out
}

fn sorted_sections(t: &Transcript) -> Vec<&Section> {
    let mut sections: Vec<&Section> = t.sections.iter().collect();
    sort_by_key(&mut sections, |s| s.turn);
    sections
}

// ---------------------------------------------------------------------------
// Markdown and plain text.

/// Inline Markdown text that renders, and that our Markdown parser reads,
/// as `text`. `line_start`: the text opens a line, where `#`, `>`, list
/// markers, a leading time and a `Name:` label mean something too.
fn escape_markdown(text: &str, line_start: bool, out: &mut String) {
    let begin = out.len();
    // A line our parser would take for a `Name: text` label.
    let label = line_start && split_label(text).is_some();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let rest = text.get(i..).unwrap_or_default();
        let next = chars.peek().map(|&(_, n)| n);
        let at_start = out.len() == begin;
        match c {
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '<' => {
                out.push('\\');
                out.push(c);
            }
            '&' if entity_like(rest) => out.push_str("&amp;"),
            // `#` as an entity: a backslash would survive the heading rule
            // that trims trailing `#`.
            '#' => out.push_str("&#35;"),
            // A digit opening the text could start a time or a numbered
            // list; an entity keeps it a digit.
            '0'..='9' if at_start => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            '>' | '-' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '+' if at_start && next == Some(' ') => out.push_str("\\+"),
            '(' if at_start && next.is_some_and(|n| n.is_ascii_digit()) => out.push_str("\\("),
            ':' if label => out.push_str("\\:"),
            c => out.push(c),
        }
    }
}

fn markdown(t: &Transcript) -> String {
    let mut out = String::new();
    if let Some(date) = &t.metadata.date {
        // Front matter is the one place our parser reads a date from.
        let _ = write!(out, "---\ndate: {date}\n---\n\n");
    }
    if let Some(title) = &t.title {
        out.push_str("# ");
        escape_markdown(title, false, &mut out);
        out.push_str("\n\n");
    }
    let mut sections = sorted_sections(t).into_iter().peekable();
    for (i, turn) in t.turns.iter().enumerate() {
        while let Some(section) = sections.next_if(|s| s.turn <= i) {
            out.push_str("## ");
            escape_markdown(&section.title, false, &mut out);
            out.push_str("\n\n");
        }
        let speaker = t.speaker_name(turn).filter(|n| !n.trim().is_empty());
        match (turn.kind, speaker) {
            (TurnKind::Speech, Some(name)) => {
                out.push_str("**");
                escape_markdown(name, false, &mut out);
                out.push_str(":** ");
                if let Some(start) = finite(turn.start) {
                    let _ = write!(out, "[{}] ", short_clock(start));
                }
                escape_markdown(&turn.text, false, &mut out);
            }
            (TurnKind::NonSpeech, _) => {
                out.push('*');
                escape_markdown(&turn.text, false, &mut out);
                out.push('*');
            }
            (TurnKind::Speech, None) => {
                // The parser reads no time on an unlabelled line: the
                // escaped time reads back as part of the text.
                if let Some(start) = finite(turn.start) {
                    let _ = write!(out, "\\[{}\\] ", short_clock(start));
                    escape_markdown(&turn.text, false, &mut out);
                } else {
                    escape_markdown(&turn.text, true, &mut out);
                }
            }
        }
        out.push_str("\n\n");
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn plain_text(t: &Transcript) -> String {
    let mut out = String::new();
    if let Some(title) = &t.title {
        let _ = write!(out, "{title}\n\n");
    }
    if let Some(date) = &t.metadata.date {
        let _ = write!(out, "Date: {date}\n\n");
    }
    let mut sections = sorted_sections(t).into_iter().peekable();
    for (i, turn) in t.turns.iter().enumerate() {
        while let Some(section) = sections.next_if(|s| s.turn <= i) {
            let _ = write!(out, "{}\n\n", section.title);
        }
        if let Some(start) = finite(turn.start) {
            let _ = write!(out, "[{}] ", short_clock(start));
        }
        match (turn.kind, t.speaker_name(turn)) {
            (TurnKind::Speech, Some(name)) if !name.trim().is_empty() => {
                let _ = write!(out, "{name}: {}", turn.text);
            }
            _ => out.push_str(&turn.text),
        }
        out.push_str("\n\n");
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Format;
    use crate::model::TranscriptBuilder;

    fn sample() -> Transcript {
        let mut b = TranscriptBuilder::new(Format::WebVtt);
        b.set_title("Talk");
        b.push(Some("Ana"), Some(1.0), Some(2.0), "Hello");
        b.push(Some("Ana"), Some(2.5), Some(3.0), "there.");
        b.section("Q&A");
        b.push(Some("Ben"), Some(4.0), None, "Hi <b> & you");
        b.push_non_speech(Some(6.0), Some(7.0), "[APPLAUSE]");
        b.push(None, Some(8.0), Some(9.0), "Narration.");
        b.finish()
    }

    #[test]
    fn clocks_round_to_the_millisecond_and_hours_grow() {
        assert_eq!(format_clock(62.5, '.'), "00:01:02.500");
        assert_eq!(format_clock(1.2345, ','), "00:00:01,235");
        assert_eq!(format_clock(360_000.0, '.'), "100:00:00.000");
        assert_eq!(format_clock(-3.0, '.'), "00:00:00.000");
        assert!(!format_clock(f64::INFINITY, '.').is_empty());
        assert_eq!(short_clock(3725.9), "01:02:05");
    }

    #[test]
    fn subset_keeps_speakers_and_remaps_sections() {
        let t = sample();
        // Turns: 0 Ana, [Q&A] 1 Ben, 2 applause, 3 narration.
        let s = subset(&t, &[3, 1, 1, 99]);
        assert_eq!(s.speakers, t.speakers);
        let texts: Vec<_> = s.turns.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["Hi <b> & you", "Narration."]);
        assert_eq!(
            s.sections,
            [Section {
                title: "Q&A".into(),
                turn: 0
            }]
        );
        let s = subset(&t, &[2, 3]);
        assert_eq!(s.sections[0].turn, 0);
        assert_eq!(s.metadata.duration, Some(3.0));
        let s = subset(&t, &[0]);
        assert!(s.sections.is_empty());
        assert!(subset(&t, &[]).turns.is_empty());
    }

    #[test]
    fn formats_have_ids_and_vtt_needs_times() {
        for f in ExportFormat::ALL {
            assert_eq!(ExportFormat::from_id(f.id()), Some(f));
        }
        assert_eq!(ExportFormat::from_id("docx"), None);
        assert_eq!(available(&sample()), ExportFormat::ALL);
        let mut t = sample();
        t.turns[1].start = None;
        t.turns[1].segments[0].start = None;
        assert_eq!(
            available(&t),
            [
                ExportFormat::Markdown,
                ExportFormat::Text,
                ExportFormat::Json
            ]
        );
        let err = export(&t, ExportFormat::WebVtt).unwrap_err();
        assert!(err.to_string().starts_with("WebVTT needs a start time"));
        let empty = subset(&t, &[]);
        assert_eq!(
            export(&empty, ExportFormat::Srt),
            Err(ExportError::NoTurns("SRT"))
        );
    }

    #[test]
    fn missing_ends_use_the_next_start_or_a_reading_estimate() {
        let t = sample();
        let cues = cues(&t).unwrap();
        // "Hi <b> & you" has no end: the applause starts at 6, the estimate
        // (4 words, 1.6 s) ends first.
        assert_eq!(cues[2].end, Some(4.0 + 4.0 * SECONDS_PER_WORD));
        let mut t = t;
        t.turns[2].start = Some(4.5);
        t.turns[2].segments[0].start = Some(4.5);
        assert_eq!(cues_of(&t)[2].end, Some(4.5));
    }

    fn cues_of(t: &Transcript) -> Vec<Cue<'_>> {
        cues(t).unwrap()
    }

    #[test]
    fn vtt_escapes_marks_unnamed_turns_and_notes_sections() {
        let vtt = export(&sample(), ExportFormat::WebVtt).unwrap();
        assert!(vtt.starts_with("WEBVTT - Talk\n\n"), "{vtt}");
        assert!(
            vtt.contains("<v Ana>Hello</v>\n\n00:00:02.500 --> 00:00:03.000\n<v Ana>there.</v>")
        );
        assert!(
            vtt.contains(
                "NOTE Q&amp;A\n\n00:00:04.000 --> 00:00:05.600\n<v Ben>Hi &lt;b&gt; &amp; you</v>"
            ),
            "{vtt}"
        );
        assert!(vtt.contains("\n[APPLAUSE]\n"));
        assert!(vtt.contains("\n&gt;&gt; Narration.\n"));
    }

    #[test]
    fn srt_numbers_cues_and_escapes_only_what_would_be_misread() {
        let srt = export(&sample(), ExportFormat::Srt).unwrap();
        assert!(srt.starts_with("1\n00:00:01,000 --> 00:00:02,000\nAna: Hello\n\n2\n"));
        assert!(srt.contains("Ben: Hi &lt;b> & you"), "{srt}");
        let mut out = String::new();
        escape_srt("a <3 < b &amp; & x --> y", &mut out);
        assert_eq!(out, "a &lt;3 < b &amp;amp; & x --&gt; y");
    }

    #[test]
    fn markdown_escapes_what_would_render_or_parse_differently() {
        let mut out = String::new();
        escape_markdown("# *a* [b](c) <i> &lt; 5 & 6", false, &mut out);
        assert_eq!(out, r"&#35; \*a\* \[b\](c) \<i> &amp;lt; 5 & 6");
        out.clear();
        escape_markdown("10:30 Ana: hi", true, &mut out);
        assert_eq!(out, r"&#49;0\:30 Ana\: hi");
        assert_eq!(
            crate::parse::markdown::clean_inline(r"&#35; \*a\* \[b\](c) \<i> &amp;lt; 5 & 6"),
            "# *a* [b](c) <i> &lt; 5 & 6"
        );
    }
}
