//! Label-shape induction: which way of writing speaker labels explains a
//! document best, and reading it that way.
//!
//! One rule per tool does not reach the long tail of exports, so this pass
//! looks at the document as a whole. Every line start is tried against a few
//! candidate [`Shape`]s (a bold name on its own line, `Name: text`, a name
//! then a time, a time then a name, capitals, `[Name]`, a heading, a short
//! name alone on a line above paragraphs). Each shape is scored by
//! - recurrence: the share of its labels whose name comes back, and how many
//!   names recur (a speaker speaks more than once);
//! - name-likeness: the share of its distinct labels that read as names
//!   ([`is_name`], not an annotation word);
//! - evenness: no single turn swallows the document;
//! - coverage: the share of the text that comes after its first label.
//!
//! The best shape above [`MIN_SCORE`] reads the document. Once a shape is
//! chosen, a label in that shape is taken even when it looks odd (`Dana’s
//! iPad`, `Jo Park (TA)`, `jörg`), as long as it is short and not a sentence:
//! the file has shown how it writes its speakers.
//!
//! Work is linear: each line is looked at once per shape, and only its first
//! [`MAX_LABEL_LINE`] bytes matter; scoring reads at most [`SAMPLE_LINES`]
//! lines, so choosing costs the same on a 10 MB file as on a 1 MB one.

use std::collections::HashMap;

use serde::Serialize;

use crate::format::Format;
use crate::model::{Transcript, TranscriptBuilder};
use crate::parse::labels::{
    is_annotation, is_name, leading_time, sound_cue_line, split_label, split_trailing_time,
    strict_clock,
};
use crate::text::decode_entities;

/// Lines read to score the shapes (the reading itself reads every line).
pub const SAMPLE_LINES: usize = 6000;
/// A shape scoring below this explains nothing.
pub const MIN_SCORE: f64 = 0.2;
/// Longest line looked at as a possible label line on its own (bytes).
const MAX_LABEL_LINE: usize = 120;
/// Most characters in a label taken once the shape is shown.
const MAX_ODD_LABEL_CHARS: usize = 40;
/// Most words in such a label.
const MAX_ODD_LABEL_WORDS: usize = 6;

/// A way of writing speaker labels at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// `**Mara** [0:00]` alone on a line, the speech in the paragraphs below.
    BoldOwnLine,
    /// `**Mara:** text` on one line.
    BoldInline,
    /// `Mara: text`.
    NameColon,
    /// `Mara  0:03` or `Mara (00:01:02)` alone on a line, speech below.
    NameTime,
    /// `[00:01:02] Mara: text` or `0:03 Mara` then speech.
    TimeName,
    /// `MARA` alone on a line (screenplays), speech below.
    Capitals,
    /// `[Mara] text` or `[Mara]` alone.
    Bracketed,
    /// `## Mara` headings, speech below.
    Heading,
    /// `Mara` alone on a short line, speech in the paragraph below.
    Alone,
}

impl Shape {
    pub const ALL: [Shape; 9] = [
        Shape::BoldOwnLine,
        Shape::BoldInline,
        Shape::NameColon,
        Shape::NameTime,
        Shape::TimeName,
        Shape::Capitals,
        Shape::Bracketed,
        Shape::Heading,
        Shape::Alone,
    ];

    /// The stable id used in [`crate::parse::ReadAs`] keys.
    pub fn id(self) -> &'static str {
        match self {
            Shape::BoldOwnLine => "bold-own-line",
            Shape::BoldInline => "bold-inline",
            Shape::NameColon => "name-colon",
            Shape::NameTime => "name-time",
            Shape::TimeName => "time-name",
            Shape::Capitals => "capitals",
            Shape::Bracketed => "bracketed",
            Shape::Heading => "heading",
            Shape::Alone => "alone",
        }
    }

    /// How a person would say it: "speakers from …".
    pub fn label(self) -> &'static str {
        match self {
            Shape::BoldOwnLine => "bold names on their own line",
            Shape::BoldInline => "bold names before the text",
            Shape::NameColon => "“Name:” at the start of a line",
            Shape::NameTime => "a name and a time on their own line",
            Shape::TimeName => "a time then a name",
            Shape::Capitals => "names in capitals on their own line",
            Shape::Bracketed => "names in brackets",
            Shape::Heading => "headings",
            Shape::Alone => "short name lines above paragraphs",
        }
    }

    pub fn from_id(id: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Whether the speech is in the lines below the label.
    fn speech_below(self) -> bool {
        matches!(
            self,
            Shape::BoldOwnLine | Shape::NameTime | Shape::Capitals | Shape::Heading | Shape::Alone
        )
    }

    /// The format a document read in this shape is shown as.
    pub fn format(self) -> Format {
        match self {
            Shape::BoldOwnLine | Shape::BoldInline | Shape::Heading => Format::Markdown,
            _ => Format::PlainScript,
        }
    }
}

/// A label found at a line start.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Hit<'a> {
    name: &'a str,
    start: Option<f64>,
    /// Speech on the label's own line.
    rest: &'a str,
}

/// A shape's score and what it is made of, for `--explain`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub shape: Shape,
    pub score: f64,
    /// Label lines found (in the sample).
    pub labels: usize,
    /// Distinct names among them.
    pub names: usize,
    pub recurrence: f64,
    pub name_likeness: f64,
    pub evenness: f64,
    pub coverage: f64,
    /// The first label line, as written.
    pub example: String,
    /// Turns the shape gives on the whole document.
    pub turns: usize,
}

impl Candidate {
    /// One line saying why: "12 labels, 3 names recurring, …".
    pub fn why(&self) -> String {
        format!(
            "{} label lines, {} names; recurrence {:.2}, name-like {:.2}, evenness {:.2}, coverage {:.2}",
            self.labels,
            self.names,
            self.recurrence,
            self.name_likeness,
            self.evenness,
            self.coverage
        )
    }
}

/// `**Name**`, `__Name__`, with an optional colon inside or after.
fn bold(line: &str) -> Option<(&str, &str)> {
    let (mark, body) = if let Some(b) = line.strip_prefix("**") {
        ("**", b)
    } else {
        ("__", line.strip_prefix("__")?)
    };
    let close = body.find(mark)?;
    let inner = body.get(..close)?.trim();
    let after = body.get(close + mark.len()..)?;
    let (name, after) = match inner.strip_suffix(':') {
        Some(n) => (n.trim_end(), after),
        None => (inner, after.strip_prefix(':').unwrap_or(after)),
    };
    (!name.is_empty()).then_some((name, after.trim()))
}

/// A line that is only a time: `[0:00]`, `(00:01:02)`, `0:03`, `- 12:34`.
fn only_time(s: &str) -> Option<f64> {
    let s = s
        .trim()
        .trim_start_matches(['-', '–', '—', '·', '|', '@'])
        .trim();
    if s.is_empty() {
        return None;
    }
    match leading_time(s, true) {
        Some((t, rest)) if rest.trim().is_empty() => Some(t),
        _ => None,
    }
}

/// Finds a label of `shape` at the start of `line` (already trimmed),
/// without judging the name. `next_is_text`: the next non-blank line is
/// speech-like (used by the shapes whose speech is below).
fn find<'a>(shape: Shape, line: &'a str, next_is_text: bool) -> Option<Hit<'a>> {
    if line.len() > MAX_LABEL_LINE && shape.speech_below() {
        return None;
    }
    match shape {
        Shape::BoldOwnLine => {
            let (name, after) = bold(line)?;
            let start = if after.is_empty() {
                None
            } else {
                Some(only_time(after)?)
            };
            next_is_text.then_some(Hit {
                name,
                start,
                rest: "",
            })
        }
        Shape::BoldInline => {
            let (name, after) = bold(line)?;
            let (start, rest) = match leading_time(after, true) {
                Some((t, r)) => (Some(t), r.trim()),
                None => (None, after),
            };
            (!rest.is_empty() && only_time(after).is_none()).then_some(Hit { name, start, rest })
        }
        Shape::NameColon => {
            if line.starts_with(['[', '(', '*', '#'])
                || line.starts_with(|c: char| c.is_ascii_digit())
            {
                return None;
            }
            let (name, rest) = split_label(line)?;
            let (name, start) = split_trailing_time(name);
            (!rest.trim().is_empty()).then_some(Hit {
                name,
                start,
                rest: rest.trim(),
            })
        }
        Shape::NameTime => {
            if line.starts_with(['[', '(', '*', '#']) {
                return None;
            }
            // `Stephan Livera – 00:02:02:  So on to…`: name, dash, time,
            // colon, then speech on the same line.
            for sep in [" – ", " — ", " - "] {
                if let Some((name, after)) = line.split_once(sep) {
                    let after = after.trim_start();
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    let token = after.get(..end).unwrap_or_default();
                    let rest = after.get(end..).unwrap_or_default();
                    if let Some(t) = strict_clock(token.trim_end_matches(':')) {
                        let rest = rest.trim();
                        if !rest.is_empty() && name.split_whitespace().count() <= 4 {
                            return Some(Hit {
                                name: name.trim(),
                                start: Some(t),
                                rest,
                            });
                        }
                    }
                }
            }
            if !next_is_text {
                return None;
            }
            let (name, start) = split_trailing_time(line.trim_end_matches(':'));
            let name = name.trim_end_matches([' ', '-', '–', '—', '|', '·', ':']);
            (start.is_some() && !name.is_empty()).then_some(Hit {
                name,
                start,
                rest: "",
            })
        }
        Shape::TimeName => {
            let (t, after) = leading_time(line, true)?;
            let after = after
                .trim_start()
                .trim_start_matches(['-', '–', '—', '|'])
                .trim_start();
            // `0:00:14.3 **Adam Garrett-Harris** So, welcome…` (orbit.fm).
            if let Some((name, rest)) = bold(after) {
                return (!rest.is_empty() || next_is_text).then_some(Hit {
                    name,
                    start: Some(t),
                    rest,
                });
            }
            if let Some((name, rest)) = split_label(after) {
                if !rest.trim().is_empty() {
                    return Some(Hit {
                        name,
                        start: Some(t),
                        rest: rest.trim(),
                    });
                }
            }
            // `0:00 Michael Kennedy  00:13` (an Otter export run through a
            // tool that stamps every line): the later time is the label's.
            let (name, trailing) = split_trailing_time(after.trim_end_matches(':').trim());
            (next_is_text && !name.is_empty() && name.split_whitespace().count() <= 4).then_some(
                Hit {
                    name,
                    start: trailing.or(Some(t)),
                    rest: "",
                },
            )
        }
        Shape::Capitals => {
            let name = line.trim_end_matches(':').trim();
            let name = name.split_once(" (").map_or(name, |(n, _)| n.trim_end());
            let caps = name.chars().any(char::is_alphabetic)
                && !name.chars().any(char::is_lowercase)
                && name
                    .chars()
                    .all(|c| c.is_alphabetic() || " .'’-".contains(c));
            (next_is_text && caps).then_some(Hit {
                name,
                start: None,
                rest: "",
            })
        }
        Shape::Bracketed => {
            let inner = line.strip_prefix('[')?;
            let close = inner.find(']')?;
            let name = inner.get(..close)?.trim();
            let rest = inner.get(close + 1..)?.trim_start_matches(':').trim();
            if strict_clock(name).is_some() || sound_cue_line(line).is_some() && rest.is_empty() {
                return None;
            }
            (!rest.is_empty() || next_is_text).then_some(Hit {
                name,
                start: None,
                rest,
            })
        }
        Shape::Heading => {
            let body = line.trim_start_matches('#');
            let level = line.len() - body.len();
            if !(2..=6).contains(&level) || !body.starts_with(' ') {
                return None;
            }
            let (name, start) = split_trailing_time(body.trim().trim_end_matches(':'));
            (next_is_text).then_some(Hit {
                name,
                start,
                rest: "",
            })
        }
        Shape::Alone => {
            if line.starts_with(['[', '(', '*', '#', '>', '-']) {
                return None;
            }
            let name = line.strip_suffix(':').unwrap_or(line).trim();
            let ok = next_is_text
                && name.split_whitespace().count() <= 3
                && !name.ends_with(['.', '?', '!', ',', ';', '…', '"', '”']);
            ok.then_some(Hit {
                name,
                start: None,
                rest: "",
            })
        }
    }
}

/// A label the chosen shape takes: a name, or (once the file has shown the
/// shape) anything short that is not a sentence or an annotation.
fn acceptable(name: &str, strict: bool) -> bool {
    if name.is_empty() || is_annotation(name) {
        return false;
    }
    if is_name(name) {
        return true;
    }
    if strict {
        return false;
    }
    name.chars().count() <= MAX_ODD_LABEL_CHARS
        && name.split_whitespace().count() <= MAX_ODD_LABEL_WORDS
        && name.chars().any(char::is_alphanumeric)
        && !name.contains(['?', '!', ';', '"', '“', '”', '<', '>', '*', '|'])
        && !name.ends_with(['.', ','])
        && !name.to_lowercase().contains("http")
}

/// A line that reads as speech (not a label-looking line): long enough or
/// ending like a sentence.
fn speech_like(line: &str) -> bool {
    let words = line.split_whitespace().count();
    words >= 5 || line.ends_with(['.', '?', '!', '…', '"', '”', ','])
}

/// The document's non-blank lines with their byte length (sampled, or all).
struct Lines<'a> {
    lines: Vec<&'a str>,
    /// Index of the next non-blank line's text, for "speech below".
    next_text: Vec<bool>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, limit: usize) -> Self {
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(limit)
            .collect();
        let next_text = (0..lines.len())
            .map(|i| lines.get(i + 1).is_some_and(|l| speech_like(l)))
            .collect();
        Lines { lines, next_text }
    }

    fn iter(&self) -> impl Iterator<Item = (&'a str, bool)> + '_ {
        self.lines
            .iter()
            .zip(&self.next_text)
            .map(|(l, n)| (*l, *n))
    }
}

/// Scores every shape on the document's first [`SAMPLE_LINES`] lines, best
/// first; shapes with no recurring label are left out.
pub fn candidates(text: &str) -> Vec<Candidate> {
    scored(text).0
}

/// The number of (line, shape) tests [`candidates`] makes on `text`: the
/// machine-independent measure of its work (at most [`SAMPLE_LINES`] times
/// the number of shapes).
pub fn steps(text: &str) -> usize {
    scored(text).1
}

fn scored(text: &str) -> (Vec<Candidate>, usize) {
    let lines = Lines::new(text, SAMPLE_LINES);
    let total: usize = lines.lines.iter().map(|l| l.len() + 1).sum();
    let mut steps = 0;
    // Best first, ties in the order of `Shape::ALL`: each candidate goes
    // before the first with a lower score (as a stable sort would put it; a
    // sort of these nine would cost the worker's wasm a sort of its own).
    let mut out: Vec<Candidate> = Vec::with_capacity(Shape::ALL.len());
    for candidate in Shape::ALL
        .into_iter()
        .filter_map(|shape| score(shape, &lines, total, &mut steps))
    {
        let at = out
            .iter()
            .position(|o| o.score.total_cmp(&candidate.score).is_lt())
            .unwrap_or(out.len());
        out.insert(at, candidate);
    }
    (out, steps)
}

fn score(shape: Shape, lines: &Lines, total: usize, steps: &mut usize) -> Option<Candidate> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    // Byte position (in the sample) of each label line.
    let mut positions: Vec<usize> = Vec::new();
    let mut example = None;
    let mut at = 0usize;
    for (line, next_is_text) in lines.iter() {
        *steps += 1;
        if let Some(hit) = find(shape, line, next_is_text) {
            if acceptable(hit.name, false) {
                *counts.entry(hit.name).or_insert(0) += 1;
                positions.push(at);
                example.get_or_insert(line);
            }
        }
        at += line.len() + 1;
    }
    let labels = positions.len();
    if labels < 2 || total == 0 {
        return None;
    }
    let names = counts.len();
    let recurring = counts.values().filter(|&&n| n >= 2).count();
    if recurring == 0 {
        return None;
    }
    let in_recurring: usize = counts.values().filter(|&&n| n >= 2).sum();
    let recurrence = in_recurring as f64 / labels as f64;
    let strict = counts
        .iter()
        .filter(|(name, _)| acceptable(name, true))
        .map(|(_, n)| *n)
        .sum::<usize>();
    let name_likeness = strict as f64 / labels as f64;
    let first = positions.first().copied().unwrap_or(0);
    let coverage = (total - first.min(total)) as f64 / total as f64;
    // The longest stretch between labels against the covered text.
    let mut longest = 0usize;
    let mut prev = first;
    for &p in positions.iter().skip(1).chain(std::iter::once(&total)) {
        longest = longest.max(p.saturating_sub(prev));
        prev = p;
    }
    let covered = (total - first.min(total)).max(1);
    let evenness = 1.0 - (longest as f64 / covered as f64).min(1.0) * 0.9;
    // Many distinct names, each used once or twice, are not speakers.
    let density = (labels as f64 / names as f64).min(4.0) / 4.0;
    let amount = ((labels as f64).ln_1p() / 3.0_f64.ln_1p() * 0.5).min(1.0);
    let score = recurrence.sqrt()
        * name_likeness
        * evenness
        * coverage
        * (0.4 + 0.6 * density)
        * (0.5 + 0.5 * amount);
    Some(Candidate {
        shape,
        score,
        labels,
        names,
        recurrence,
        name_likeness,
        evenness,
        coverage,
        example: example.unwrap_or_default().chars().take(120).collect(),
        turns: 0,
    })
}

/// Reads the whole document with `shape`: every line is a label of that
/// shape (taken even when odd) or speech of the current speaker.
pub fn read_with(text: &str, shape: Shape, format: Format) -> Transcript {
    let mut b = TranscriptBuilder::new(format);
    let raw: Vec<&str> = text.lines().map(str::trim).collect();
    // For the "speech below" shapes: whether the next non-blank line reads
    // as speech. Computed backwards in one pass.
    let mut next_is_text = vec![false; raw.len()];
    let mut following = false;
    for (i, line) in raw.iter().enumerate().rev() {
        if let Some(slot) = next_is_text.get_mut(i) {
            *slot = following;
        }
        if !line.is_empty() {
            following = speech_like(line);
        }
    }
    let mut speaker: Option<String> = None;
    let mut start: Option<f64> = None;
    let mut seen_label = false;
    let mut title_taken = false;
    let mut paragraph = String::new();
    let flush = |b: &mut TranscriptBuilder,
                 paragraph: &mut String,
                 speaker: &Option<String>,
                 start: &mut Option<f64>| {
        if !paragraph.trim().is_empty() {
            b.push(speaker.as_deref(), start.take(), None, &clean(paragraph));
        }
        paragraph.clear();
    };
    // YAML front matter: its `title:` is the title, the rest is metadata.
    let mut skip = 0;
    if raw.first() == Some(&"---") {
        if let Some(end) = raw.iter().skip(1).position(|l| *l == "---") {
            for line in raw.iter().take(end + 1).skip(1) {
                if let Some(title) = line.strip_prefix("title:") {
                    b.set_title(&clean(title.trim().trim_matches(['"', '\''])));
                    title_taken = true;
                }
            }
            skip = end + 2;
        }
    }
    for (i, line) in raw.iter().enumerate().skip(skip) {
        if line.is_empty() {
            // A blank line ends a paragraph; before the first label it
            // also ends a turn (preamble paragraphs are separate).
            if !seen_label && !paragraph.is_empty() {
                flush(&mut b, &mut paragraph, &speaker, &mut start);
                b.break_turn();
            } else if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            continue;
        }
        let next = next_is_text.get(i).copied().unwrap_or(false);
        let hit = find(shape, line, next).filter(|h| acceptable(h.name, false));
        if let Some(hit) = hit {
            flush(&mut b, &mut paragraph, &speaker, &mut start);
            if speaker.as_deref() != Some(hit.name) || shape.speech_below() {
                b.break_turn();
            }
            speaker = Some(clean(hit.name));
            start = hit.start;
            seen_label = true;
            paragraph.push_str(hit.rest);
            if !shape.speech_below() {
                flush(&mut b, &mut paragraph, &speaker, &mut start);
            }
            continue;
        }
        if !seen_label && !title_taken {
            if let Some(title) = line.strip_prefix("# ") {
                b.set_title(&clean(title));
                title_taken = true;
                continue;
            }
        }
        if let Some(cue) = sound_cue_line(line) {
            flush(&mut b, &mut paragraph, &speaker, &mut start);
            b.push_non_speech(None, None, cue);
            continue;
        }
        // Speech lines stamped with a time, in the time-first shape.
        let line = match leading_time(line, true) {
            Some((t, rest)) if shape == Shape::TimeName && !rest.trim().is_empty() => {
                if paragraph.is_empty() && start.is_none() {
                    start = Some(t);
                }
                rest.trim()
            }
            _ => line,
        };
        if !paragraph.is_empty() && !paragraph.ends_with(' ') {
            paragraph.push(' ');
        }
        paragraph.push_str(line);
        if !shape.speech_below() && seen_label {
            flush(&mut b, &mut paragraph, &speaker, &mut start);
        }
    }
    flush(&mut b, &mut paragraph, &speaker, &mut start);
    b.finish()
}

/// Markdown emphasis and HTML entities out of a piece of text.
fn clean(s: &str) -> String {
    let decoded = if s.contains('&') {
        decode_entities(s)
    } else {
        s.to_string()
    };
    decoded
        .replace("**", "")
        .replace("__", "")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_names_with_times_on_their_own_line() {
        let md = "# Ep 1\n\n**Mara** [0:00]\n\nHello there, we&#39;re live.\n\n**Tom** [0:12]\n\nThanks for having me here.\n\n**Mara** [1:05]\n\nSo where do we start?\n";
        let c = candidates(md);
        assert_eq!(c.first().map(|c| c.shape), Some(Shape::BoldOwnLine));
        let t = read_with(md, Shape::BoldOwnLine, Format::Markdown);
        assert_eq!(t.title.as_deref(), Some("Ep 1"));
        assert_eq!(t.turns.len(), 3);
        assert_eq!(t.speaker_name(&t.turns[0]), Some("Mara"));
        assert_eq!(t.turns[0].text, "Hello there, we're live.");
        assert_eq!(t.turns[1].start, Some(12.0));
    }

    #[test]
    fn prose_has_no_shape() {
        let prose =
            "It was a cold day.\n\nThe wind blew over the hills and the sea.\n\nNobody came.";
        assert!(candidates(prose).iter().all(|c| c.score < MIN_SCORE));
    }

    #[test]
    fn odd_labels_pass_once_the_shape_is_shown() {
        assert!(!acceptable("Dana’s iphone", true));
        assert!(acceptable("Dana’s iphone", false));
        assert!(!acceptable("Note", false));
        assert!(!acceptable("what is this?", false));
    }
}
