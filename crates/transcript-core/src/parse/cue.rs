//! What WebVTT and SRT share: cue timestamps, splitting a file into cue
//! blocks, cleaning cue text and turning cues into turns.
//!
//! Both formats are a list of blocks (`[id]`, `start --> end [settings]`,
//! text lines). This module reads them in one pass over the lines, keeps one
//! reusable buffer per cue instead of allocating per line, and never uses
//! regular expressions: the WebVTT parser is benchmarked on 10 MB files.
//!
//! Speaker rules live here so both formats agree: `<v Name>` voice spans, a
//! `Name:` label at the start of a cue line (Zoom, speaker-prefixed SRT,
//! `- Name:` dialogue) when it looks like a name, and
//! closed-caption `>>` turn markers (`>> NAME:` names the new speaker). A cue
//! without any of these continues the previous speaker. Rolling captions
//! (YouTube auto-captions repeat each line in the next cue) are de-rolled so
//! every spoken line appears once.
//!
//! This module must never panic or go quadratic on any input, and must never
//! leave markup or entities in the text it pushes.

use crate::format::Format;
use crate::model::{SpeakerId, Transcript, TranscriptBuilder, TurnKind};
use crate::parse::labels::{is_annotation, is_name, label_colon, split_label};
use std::borrow::Cow;

use crate::text::{decode_entities, find_either, fixed_clock, lenient_clock};

/// Start of a voice marker in cleaned cue text: `VOICE_OPEN name VOICE_CLOSE`.
/// Control characters never survive cleaning, so they cannot be forged.
const VOICE_OPEN: char = '\u{1}';
const VOICE_CLOSE: char = '\u{2}';

/// A cue shorter than this that only repeats the previous cue's last line is
/// a rolling-caption "hold" cue (YouTube's are 10 ms).
const HOLD_CUE_SECONDS: f64 = 0.05;
/// Most lines compared when looking for a rolled-over repeat.
const MAX_ROLL_LINES: usize = 3;
/// Partial repeats needed before whole-cue repeats are dropped too.
const ROLLING_EVIDENCE: usize = 2;
/// Speaker names remembered by the cue emitter (see `Emitter::known`).
const MAX_KNOWN_NAMES: usize = 64;
/// Most characters and words in an odd label (see [`odd_label`]).
const MAX_ODD_LABEL_CHARS: usize = 40;
const MAX_ODD_LABEL_WORDS: usize = 5;
/// A `(…)` cue line is a sound cue only when this short: `(laughs)`, not an aside.
const MAX_PAREN_SOUND_WORDS: usize = 4;

/// A cue timing line: `start --> end [settings]`.
pub(crate) struct Timing<'a> {
    pub start: f64,
    pub end: f64,
    /// The two timestamps as written, for detection evidence.
    pub written: &'a str,
}

/// Reads `start --> end [settings]`; settings (WebVTT `align:right`, SRT
/// `X1:…` coordinates) are ignored.
pub(crate) fn parse_timing(line: &str) -> Option<Timing<'_>> {
    // A timing line starts with a digit (after any whitespace): one byte
    // rules out nearly every text line.
    let first = *line.as_bytes().first()?;
    if first.is_ascii() && !first.is_ascii_digit() && !is_ascii_space(first) {
        return None;
    }
    if let Some(timing) = fixed_timing(line) {
        return Some(timing);
    }
    let arrow = find_arrow(line)?;
    let start = lenient_clock(line.get(..arrow)?)?;
    let after = line.get(arrow + 3..)?.trim_start();
    // The end clock runs to the first whitespace. Anything else right after
    // its digits and separators makes it no clock, unless it is a whole
    // WebVTT timestamp (`00:00:01.000\u{fffd}align:end`): then, as in WebVTT,
    // the rest is settings.
    let end_len = after
        .bytes()
        .position(|b| !matches!(b, b'0'..=b'9' | b':' | b'.' | b','))
        .unwrap_or(after.len());
    let tail = after.get(end_len..)?;
    if !tail.is_empty()
        && !tail.starts_with(char::is_whitespace)
        && fixed_clock(after.get(..end_len)?.as_bytes()).is_none()
    {
        return None;
    }
    let end = lenient_clock(after.get(..end_len)?)?;
    // `after` is a suffix of `line`, so its offset is what precedes it.
    let written = line.get(..line.len() - after.len() + end_len)?;
    Some(Timing {
        start,
        end,
        written: written.trim(),
    })
}

/// `start --> end`, each clock as [`fixed_clock`] reads it, then the end of
/// the line or ASCII whitespace (and settings): nearly every timing line,
/// read in place. `None` for any other shape, which [`parse_timing`] then
/// reads the general way, to the same result for these shapes.
fn fixed_timing(line: &str) -> Option<Timing<'_>> {
    let bytes = line.as_bytes();
    // The start clock's usual lengths: hh:mm:ss.mmm, mm:ss.mmm, hhh:mm:ss.mmm.
    let start_len = [12, 9, 13]
        .into_iter()
        .find(|&n| bytes.get(n..n + 5) == Some(b" --> "))?;
    let start = fixed_clock(bytes.get(..start_len)?)?;
    let end_at = start_len + 5;
    let rest = bytes.get(end_at..)?;
    // The end clock runs to the end of the line, or else to whitespace.
    let (end, end_len) = match fixed_clock(rest) {
        Some(end) => (end, rest.len()),
        None => {
            let len = rest.iter().take(24).position(|&b| is_ascii_space(b))?;
            (fixed_clock(rest.get(..len)?)?, len)
        }
    };
    Some(Timing {
        start,
        end,
        written: line.get(..end_at + end_len)?,
    })
}

/// The first `-->` in `line`, found by its `>` (eight bytes at a time)
/// without a substring searcher: every cue text line is checked for one.
fn find_arrow(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut from = 0;
    loop {
        let gt = from + find_either(bytes.get(from..)?, b'>', b'>')?;
        if gt >= 2 && bytes.get(gt - 2..gt) == Some(b"--") {
            return Some(gt - 2);
        }
        from = gt + 1;
    }
}

/// ASCII whitespace as `char::is_whitespace` has it (with vertical tab).
fn is_ascii_space(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0x0b
}

/// `line.trim().is_empty()`, decided by the first byte on nearly every line.
fn is_blank(line: &str) -> bool {
    match line.as_bytes().first() {
        None => true,
        Some(&b) if b.is_ascii() && !is_ascii_space(b) => false,
        Some(_) => line.trim().is_empty(),
    }
}

/// Lines split at LF, CRLF or a lone CR, like `str::lines` after
/// `normalize_newlines`, without copying the text to normalise it first.
struct Lines<'t> {
    rest: Option<&'t str>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            rest: (!text.is_empty()).then_some(text),
        }
    }
}

impl<'t> Iterator for Lines<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let rest = self.rest?;
        let bytes = rest.as_bytes();
        let Some(end) = find_either(bytes, b'\n', b'\r') else {
            self.rest = None;
            return Some(rest);
        };
        let skip = if bytes.get(end..end + 2) == Some(b"\r\n") {
            2
        } else {
            1
        };
        let after = rest.get(end + skip..).unwrap_or_default();
        self.rest = (!after.is_empty()).then_some(after);
        rest.get(..end)
    }
}

/// Whether a line opens a WebVTT block that holds no cue.
fn is_non_cue_block(line: &str) -> bool {
    if !matches!(line.as_bytes().first(), Some(b'N' | b'S' | b'R')) {
        return false;
    }
    ["NOTE", "STYLE", "REGION"].iter().any(|word| {
        line.strip_prefix(word)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    })
}

/// A line that can only be a cue id or SRT index: one token with a digit
/// (`12`, Teams' `91b3…/32-0`). Checked only on a line that sits directly
/// above a timing line.
pub(crate) fn looks_like_id(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty()
        && !line.contains(char::is_whitespace)
        && line.bytes().any(|b| b.is_ascii_digit())
}

/// What a line directly above a timing line, with no blank line between, must
/// look like to be taken for that cue's id rather than the last line of the
/// previous cue's text: an SRT index (`12`) or a generated id with `-`, `/`
/// or `_` (Teams' `91b3…/32-0`). WebVTT itself reads any such line as text;
/// only files missing their blank lines need this, and they number cues.
fn is_index_or_generated_id(line: &str) -> bool {
    let line = line.trim();
    looks_like_id(line)
        && (line.bytes().all(|b| b.is_ascii_digit()) || line.contains(['-', '/', '_']))
}

/// A line that starts like a timing line but is none: it starts with a digit,
/// `-`, `:` or `.` and has `-->` (`-->foo`, `00:00:00.000 -a -->`, `. -->`),
/// or starts with a
/// whole WebVTT timestamp (`00:00:00.000 -\u{fffd}-> …`). As in WebVTT, it is
/// no cue text, and its block holds no cue.
///
/// Unlike WebVTT, a line that only has `-->` further on (`so A --> B`) stays
/// text, unless it opens a block (or follows the block's id; see
/// `scan_cues`) or a timing line follows it directly: looking for `-->` in every
/// text line would cost a second pass over the text of 10 MB files.
fn is_broken_timing(line: &str) -> bool {
    let first = line.as_bytes().first().copied().unwrap_or(b'a');
    if first.is_ascii()
        && !matches!(first, b'0'..=b'9' | b'-' | b':' | b'.')
        && !is_ascii_space(first)
    {
        return false;
    }
    if find_arrow(line).is_some() {
        return true;
    }
    let line = line.trim_start();
    line.starts_with(|c: char| c.is_ascii_digit()) && {
        let token = line.split(char::is_whitespace).next().unwrap_or_default();
        fixed_clock(token.as_bytes()).is_some()
    }
}

/// Splits lines into cues and calls `on_cue(start, end, id_line, text_lines)` for each,
/// in source order. Lenient on purpose: blank lines inside a cue's text, a
/// missing blank line between cues, missing SRT indexes and NOTE/STYLE/REGION
/// blocks are all tolerated. A broken timing line ends its cue's text, and
/// what follows it up to a blank line is dropped, as in WebVTT. With `skip_first_block`, the first block (the
/// WebVTT header) is ignored up to its first timing line.
fn scan_cues<'t>(
    lines: impl Iterator<Item = &'t str>,
    skip_first_block: bool,
    mut on_cue: impl FnMut(f64, f64, Option<&'t str>, &[&'t str]),
) {
    let mut timing: Option<(f64, f64)> = None;
    // The id line of the cue being read (Webex names the speaker in it).
    let mut id: Option<&'t str> = None;
    let mut payload: Vec<&'t str> = Vec::new();
    let mut in_block = skip_first_block;
    let mut skipping = skip_first_block;
    // The first line of a block, until we know whether it is a cue id.
    let mut held: Option<&'t str> = None;
    let mut last_was_payload = false;

    // Text in a block without a timing line continues the previous cue
    // (a blank line inside SRT text, or YouTube's whitespace-only lines),
    // except a lone SRT index whose timing line is broken.
    fn orphan<'t>(line: &'t str, timing: Option<(f64, f64)>, payload: &mut Vec<&'t str>) {
        if timing.is_some() && !line.trim().bytes().all(|b| b.is_ascii_digit()) {
            payload.push(line);
        }
    }

    for line in lines {
        if is_blank(line) {
            if let Some(h) = held.take() {
                orphan(h, timing, &mut payload);
            }
            in_block = false;
            skipping = false;
            last_was_payload = false;
            continue;
        }
        if let Some(t) = parse_timing(line) {
            let next_id = held.take();
            if next_id.is_none() && last_was_payload {
                // No blank line before this cue: the line above is its id,
                // or a broken timing line (`foo-->`).
                if payload
                    .last()
                    .is_some_and(|l| is_index_or_generated_id(l) || find_arrow(l).is_some())
                {
                    payload.pop();
                }
            }
            if let Some((start, end)) = timing {
                on_cue(start, end, id, &payload);
            }
            payload.clear();
            id = next_id;
            timing = Some((t.start, t.end));
            in_block = true;
            skipping = false;
            last_was_payload = false;
            continue;
        }
        if skipping {
            continue;
        }
        // As in WebVTT, `-->` in a block's first line, or in the line after
        // its id, makes it a timing line, broken here (`+00:01 --> 00:02`):
        // only these lines are searched, so cue text costs no second pass.
        let timing_place = !in_block || held.is_some();
        if is_broken_timing(line) || (timing_place && find_arrow(line).is_some()) {
            // Its block (with an id held above it) is no cue.
            held = None;
            in_block = true;
            skipping = true;
            last_was_payload = false;
            continue;
        }
        if !in_block {
            in_block = true;
            if is_non_cue_block(line) {
                skipping = true;
            } else {
                held = Some(line);
            }
            continue;
        }
        if let Some(h) = held.take() {
            orphan(h, timing, &mut payload);
        }
        if timing.is_some() {
            payload.push(line);
            last_was_payload = true;
        }
    }
    if let Some(h) = held.take() {
        orphan(h, timing, &mut payload);
    }
    if let Some((start, end)) = timing {
        on_cue(start, end, id, &payload);
    }
}

/// Parses WebVTT (`vtt`) or SRT text into a transcript of `format`.
pub(crate) fn parse(text: &str, format: Format, vtt: bool) -> Transcript {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut b = TranscriptBuilder::new(format);
    let mut lines = Lines::new(text);
    if vtt {
        let header = lines.next().unwrap_or_default().trim();
        if let Some(rest) = header.strip_prefix("WEBVTT") {
            let title = rest.trim().trim_start_matches(['-', ':', '–', '—']).trim();
            // `WEBVTT FILE` is an old convention, not a title.
            if !title.eq_ignore_ascii_case("FILE") {
                b.set_title(&decode_entities(title));
            }
        }
    }
    let mut emitter = Emitter {
        shape: LabelShape::of(text, vtt),
        ..Emitter::default()
    };
    scan_cues(lines, vtt, |start, end, id, payload| {
        let voice = if vtt { id.and_then(webex_name) } else { None };
        emitter.cue(&mut b, start, end, voice, payload);
    });
    b.finish()
}

/// The speaker Webex writes in a cue id: `12 "Ana Lima" (3141592)`.
pub(crate) fn webex_name(id: &str) -> Option<&str> {
    let rest = id.trim().trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = rest.trim_start().strip_prefix('"')?;
    let (name, tail) = rest.rsplit_once('"')?;
    let tail = tail.trim().strip_prefix('(')?.strip_suffix(')')?;
    let numbered = !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit());
    (numbered && !name.trim().is_empty()).then(|| name.trim())
}

/// Cues read from any timed format (SBV, TTML, YouTube's timed text, ASS)
/// through the same speaker, sound-cue and rolling-caption rules as WebVTT
/// and SRT. Cue lines are cue text as WebVTT writes it: tags are dropped
/// and entities decoded, so plain text must be given through
/// [`escape_markup`].
pub(crate) struct Cues {
    b: TranscriptBuilder,
    emitter: Emitter,
}

impl Cues {
    pub(crate) fn new(format: Format) -> Self {
        Cues {
            b: TranscriptBuilder::new(format),
            emitter: Emitter::default(),
        }
    }

    /// One cue; `voice` names its speaker, as a `<v>` span would.
    pub(crate) fn cue(&mut self, start: f64, end: f64, voice: Option<&str>, lines: &[&str]) {
        self.emitter.cue(&mut self.b, start, end, voice, lines);
    }

    pub(crate) fn builder(&mut self) -> &mut TranscriptBuilder {
        &mut self.b
    }

    pub(crate) fn finish(self) -> Transcript {
        self.b.finish()
    }
}

/// Appends plain text as cue text: `&` and `<` escaped, so [`clean_line`]
/// shows them as written.
pub(crate) fn escape_markup(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<']) {
        out.push_str(rest.get(..at).unwrap_or_default());
        out.push_str(if rest.as_bytes().get(at) == Some(&b'&') {
            "&amp;"
        } else {
            "&lt;"
        });
        rest = rest.get(at + 1..).unwrap_or_default();
    }
    out.push_str(rest);
}

/// Cue lines looked at to learn how a file writes its speaker labels.
const SHAPE_SAMPLE_LINES: usize = 4000;

/// How a cue file writes `Name:` labels, learnt from its first
/// [`SHAPE_SAMPLE_LINES`] lines before it is read.
///
/// Once the file has shown that its cues start with labels, a label that
/// recurs is a name even when it looks odd (`Dana’s iPad:`, `Q from
/// audience:`; `jo (guest):` only where at least half the cues are
/// labelled, as Zoom labels nearly every cue), where on its own it would be
/// read as text and glued onto the previous speaker. A cue
/// with no label still continues the previous speaker, as before: Zoom
/// leaves the name out for the same speaker as often as for an unknown one.
#[derive(Default)]
struct LabelShape {
    /// Names written alone in parentheses on their own line, recurring.
    paren_names: Vec<String>,
    /// Odd labels accepted as names (at most [`MAX_KNOWN_NAMES`]).
    odd_names: Vec<String>,
}

impl LabelShape {
    fn of(text: &str, vtt: bool) -> LabelShape {
        let mut lines = Lines::new(text);
        if vtt {
            lines.next();
        }
        let mut cues = 0usize;
        let mut labelled = 0usize;
        let mut odd: Vec<(String, usize)> = Vec::new();
        let mut parens: Vec<(String, usize)> = Vec::new();
        scan_cues(lines.take(SHAPE_SAMPLE_LINES), vtt, |_, _, _, payload| {
            cues += 1;
            let first = payload.first().map_or("", |l| l.trim());
            let label = match speaker_label(first) {
                Some((name, _)) => Some(name),
                None => odd_label(first).map(|(name, _)| name).inspect(|name| {
                    if let Some((_, count)) = odd.iter_mut().find(|(n, _)| n == name) {
                        *count += 1;
                    } else if odd.len() < MAX_KNOWN_NAMES {
                        odd.push((name.to_string(), 1));
                    }
                }),
            };
            if label.is_some() {
                labelled += 1;
            }
            // `(Danyel Fisher)` alone on a line (Google Meet captions saved
            // by browser extensions): the speaker of the lines below it.
            for line in payload {
                if let Some(name) = paren_name(line.trim()) {
                    if let Some((_, count)) = parens.iter_mut().find(|(n, _)| n == name) {
                        *count += 1;
                    } else if parens.len() < MAX_KNOWN_NAMES {
                        parens.push((name.to_string(), 1));
                    }
                }
            }
        });
        let paren_names: Vec<String> = parens
            .into_iter()
            .filter(|(_, count)| *count >= 2)
            .map(|(name, _)| name)
            .collect();
        // Labels are the file's way of naming speakers: a capitalised odd
        // label that recurs is a name once two cues have plain labels; a
        // lower-case one only where most cues are labelled.
        let named = labelled >= 2;
        let shown = labelled >= 3 && labelled * 2 >= cues;
        LabelShape {
            paren_names,
            odd_names: odd
                .into_iter()
                .filter(|(name, count)| {
                    let capital = name.chars().next().is_some_and(|c| !c.is_lowercase());
                    *count >= 2 && (shown || (named && capital))
                })
                .map(|(name, _)| name)
                .collect(),
        }
    }
}

/// A cue's cleaned text (see [`clean_line`]) and where its parts are, so
/// nothing is searched for twice.
#[derive(Default)]
struct CueText {
    text: String,
    /// Lines with text, in order (lines with none are left out).
    lines: Vec<CueLine>,
    /// Byte offsets in `text` of each voice marker's `VOICE_OPEN` and
    /// `VOICE_CLOSE`, in order.
    voices: Vec<(usize, usize)>,
}

struct CueLine {
    from: usize,
    to: usize,
    /// The range of `CueText::voices` inside this line.
    voices: (usize, usize),
    /// Whether the line's text has a `>` (so maybe a `>>` turn marker).
    gt: bool,
}

impl CueText {
    fn clear(&mut self) {
        self.text.clear();
        self.lines.clear();
        self.voices.clear();
    }

    fn line(&self, line: &CueLine) -> &str {
        self.text.get(line.from..line.to).unwrap_or_default()
    }
}

/// Turns cues into builder calls, carrying the speaker from cue to cue.
#[derive(Default)]
struct Emitter {
    /// The speaker of untagged text.
    current: Option<SpeakerId>,
    /// A `>>` was seen: the next text starts a new turn.
    new_turn: bool,
    /// Speech of the current cue not yet pushed, and whose it is.
    pending: String,
    pending_speaker: Option<SpeakerId>,
    /// Whether the current cue has `<v>` spans (then `Name:` is just text).
    cue_voiced: bool,
    /// Cleaned text of this cue and the previous one.
    cur: CueText,
    prev: CueText,
    /// Rolling-caption evidence: inline timestamps, or partial repeats.
    inline_timestamps: bool,
    partial_repeats: usize,
    /// Names already interned, so a `<v Name>` or `Name:` on every cue does
    /// not allocate. Bounded: past it, names go straight to the builder.
    known: Vec<(String, Option<SpeakerId>)>,
    start: f64,
    end: f64,
    /// How this file writes labels (see [`LabelShape`]).
    shape: LabelShape,
}

impl Emitter {
    fn cue(
        &mut self,
        b: &mut TranscriptBuilder,
        start: f64,
        end: f64,
        voice: Option<&str>,
        payload: &[&str],
    ) {
        self.start = start;
        self.end = end;
        self.cue_voiced = false;
        if let Some(name) = voice {
            let id = self.speaker_id(b, name);
            self.set_speaker(b, id);
            self.new_turn = false;
            self.cue_voiced = true;
        }
        std::mem::swap(&mut self.cur, &mut self.prev);
        self.cur.clear();
        for line in payload {
            clean_line(line, &mut self.cur, &mut self.inline_timestamps);
        }
        let skip = self.rolled_over_lines();
        let cur = std::mem::take(&mut self.cur);
        for line in cur.lines.iter().skip(skip) {
            self.line(b, &cur, line);
        }
        self.cur = cur;
        self.flush(b);
    }

    /// How many leading lines of this cue only repeat the previous cue.
    fn rolled_over_lines(&mut self) -> usize {
        let prev_lines = &self.prev.lines;
        let prev_len = prev_lines.len().min(MAX_ROLL_LINES);
        let cur_lines = self.cur.lines.len();
        let mut overlap = 0;
        for k in (1..=prev_len.min(cur_lines)).rev() {
            // The previous cue's last `k` lines against this one's first `k`.
            let tail = prev_lines.iter().skip(prev_lines.len().saturating_sub(k));
            let head = self.cur.lines.iter().take(k);
            if tail
                .zip(head)
                .all(|(p, c)| self.prev.line(p) == self.cur.line(c))
            {
                overlap = k;
                break;
            }
        }
        if overlap == 0 {
            return 0;
        }
        if overlap < cur_lines {
            self.partial_repeats += 1;
            return overlap;
        }
        let hold = self.end - self.start <= HOLD_CUE_SECONDS;
        let rolling = self.inline_timestamps || self.partial_repeats >= ROLLING_EVIDENCE;
        if hold || rolling {
            overlap
        } else {
            0
        }
    }

    /// One cleaned cue line. A `Name:` label counts at the start of any line
    /// of an untagged cue: cue lines often break where the speaker changes.
    fn line(&mut self, b: &mut TranscriptBuilder, cue: &CueText, line: &CueLine) {
        let part = |from: usize, to: usize| cue.text.get(from..to).unwrap_or_default();
        let mut from = line.from;
        let mut label_ok = true;
        let voices = cue
            .voices
            .get(line.voices.0..line.voices.1)
            .unwrap_or_default();
        for &(open, close) in voices {
            self.text(b, part(from, open), label_ok && !self.cue_voiced, line.gt);
            let id = self.speaker_id(b, part(open + VOICE_OPEN.len_utf8(), close));
            self.set_speaker(b, id);
            self.new_turn = false;
            self.cue_voiced = true;
            label_ok = false;
            from = close + VOICE_CLOSE.len_utf8();
        }
        self.text(
            b,
            part(from, line.to),
            label_ok && !self.cue_voiced,
            line.gt,
        );
    }

    fn speaker_id(&mut self, b: &mut TranscriptBuilder, name: &str) -> Option<SpeakerId> {
        if let Some((_, id)) = self.known.iter().find(|(known, _)| known == name) {
            return *id;
        }
        let id = b.speaker(name);
        if self.known.len() < MAX_KNOWN_NAMES {
            self.known.push((name.to_string(), id));
        }
        id
    }

    fn set_speaker(&mut self, b: &mut TranscriptBuilder, id: Option<SpeakerId>) {
        if id != self.current {
            self.flush(b);
            self.current = id;
        }
    }

    /// Text without voice markers: `>>` turn markers, labels, sound cues.
    /// `gt`: whether the text may hold a `>`.
    fn text(&mut self, b: &mut TranscriptBuilder, text: &str, label_ok: bool, gt: bool) {
        if !gt {
            self.chunk(b, text, label_ok);
            return;
        }
        for (j, chunk) in text.split(">>").enumerate() {
            if j > 0 {
                self.flush(b);
                self.new_turn = true;
            }
            self.chunk(b, chunk, label_ok);
        }
    }

    /// Text between `>>` markers.
    fn chunk(&mut self, b: &mut TranscriptBuilder, chunk: &str, label_ok: bool) {
        // Cleaned text has no whitespace but single spaces, so trimming
        // ASCII whitespace is `trim` here.
        let chunk = chunk.trim_ascii();
        if chunk.is_empty() {
            return;
        }
        let mut body = chunk;
        let label = if label_ok || self.new_turn {
            // A subtitle dialogue dash may precede the name: `- Ana: Hi`.
            let text = chunk.strip_prefix('-').map_or(chunk, str::trim_start);
            // Odd labels only where the file has shown some (most files have
            // none: an unlabelled cue then costs one label test, not three).
            speaker_label(text).or_else(|| {
                if self.shape.odd_names.is_empty() {
                    return None;
                }
                odd_label(text).filter(|(name, _)| self.shape.odd_names.iter().any(|n| n == name))
            })
        } else {
            None
        };
        if let Some((name, rest)) = label {
            let id = self.speaker_id(b, name);
            self.set_speaker(b, id);
            self.new_turn = false;
            body = rest;
        } else if self.new_turn {
            // `>>` with no name: a new, unknown speaker.
            self.new_turn = false;
            self.flush(b);
            b.break_turn();
            self.current = None;
        }
        if body.is_empty() {
            return;
        }
        if let Some(name) = paren_name(body) {
            if self.shape.paren_names.iter().any(|n| n == name) {
                let id = self.speaker_id(b, name);
                self.set_speaker(b, id);
                self.new_turn = false;
                return;
            }
        }
        if body == "-" {
            // Google Meet's separator between two speakers in one cue.
            return;
        }
        if is_sound_cue(body) {
            self.flush(b);
            b.push_non_speech(Some(self.start), Some(self.end), body);
            return;
        }
        if !self.pending.is_empty() {
            if self.pending_speaker != self.current {
                self.flush(b);
            } else {
                self.pending.push(' ');
            }
        }
        self.pending_speaker = self.current;
        self.pending.push_str(body);
    }

    fn flush(&mut self, b: &mut TranscriptBuilder) {
        if !self.pending.is_empty() {
            // Cleaned, trimmed pieces joined by single spaces: already
            // collapsed, so the builder copies it as it is.
            b.push_collapsed_id(
                self.pending_speaker,
                TurnKind::Speech,
                Some(self.start),
                Some(self.end),
                &self.pending,
            );
            self.pending.clear();
        }
    }
}

/// `Name: text` at the start of cue text, when `Name` looks like a person:
/// the shared script rule (short, few words, not a URL), and also not a
/// clock time (`At 10:30`), not a sentence (`Why? Because: …`), and its first
/// and last words capitalised (`Neil deGrasse Tyson`, `SPEAKER 1`, but not
/// `Note the time: …`).
fn speaker_label(text: &str) -> Option<(&str, &str)> {
    let (label, rest) = split_label(text)?;
    if label.contains(['?', '!', ';', ',', '"', '“', '”', '<', '>']) {
        return None;
    }
    let capitalised = |word: &str| {
        word.trim_start_matches(['[', '('])
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() && !c.is_lowercase())
    };
    let first = label.split_whitespace().next()?;
    let last = label.split_whitespace().next_back()?;
    if !capitalised(first) || !capitalised(last) {
        return None;
    }
    let time = label.ends_with(|c: char| c.is_ascii_digit())
        && rest.starts_with(|c: char| c.is_ascii_digit());
    (!time).then_some((label, rest))
}

/// `(Danyel Fisher)`: a name alone in parentheses, not a sound
/// (`(laughs)`, `(APPLAUSE)`).
fn paren_name(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('(')?.strip_suffix(')')?.trim();
    let capitalised = inner
        .split_whitespace()
        .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()));
    let shouty = !inner.chars().any(char::is_lowercase);
    (capitalised
        && !shouty
        && is_name(inner)
        && !is_annotation(inner)
        && !inner.contains(['(', ')']))
    .then_some(inner)
}

/// A `Name:` label that [`speaker_label`] finds too odd to take on its own
/// (`Dana’s iPad`, `jo (guest)`): taken only where the file has shown that
/// its cues start with labels, and only when it recurs (see [`LabelShape`]).
fn odd_label(text: &str) -> Option<(&str, &str)> {
    if speaker_label(text).is_some() {
        return None;
    }
    let colon = label_colon(text)?;
    let label = text.get(..colon)?.trim();
    let rest = text.get(colon + 1..)?.trim_start();
    let words = label.split_whitespace().count();
    let ok = (1..=MAX_ODD_LABEL_WORDS).contains(&words)
        && label.chars().count() <= MAX_ODD_LABEL_CHARS
        && label.chars().any(char::is_alphabetic)
        && !label.contains(['?', '!', ';', ',', '"', '“', '”', '<', '>', '.', '/'])
        && !is_annotation(label)
        && !rest.is_empty()
        && !rest.starts_with("//");
    let time = label.ends_with(|c: char| c.is_ascii_digit())
        && rest.starts_with(|c: char| c.is_ascii_digit());
    (ok && !time).then_some((label, rest))
}

/// `[APPLAUSE]`, `[Music]`, `(laughs)`: a whole line that is a sound.
fn is_sound_cue(text: &str) -> bool {
    if !matches!(text.as_bytes().first(), Some(b'[' | b'(')) {
        return false;
    }
    let bracketed = |open: char, close: char| {
        text.strip_prefix(open)
            .and_then(|t| t.strip_suffix(close))
            .is_some_and(|inner| !inner.trim().is_empty() && !inner.contains([open, close]))
    };
    bracketed('[', ']')
        || (bracketed('(', ')') && text.split_whitespace().count() <= MAX_PAREN_SOUND_WORDS)
}

/// Bytes [`clean_line`] copies as they are: printable ASCII but `<`, `&`
/// and `>` (which goes the slow way, so `>>` markers are noted), and every
/// non-ASCII byte but the lead bytes of whitespace and control characters
/// (0xC2, 0xE1, 0xE2, 0xE3 lead all of them). A table: this is the test on
/// every byte of cue text.
static PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if let Some((_, [slot, ..])) = table.split_at_mut_checked(b) {
            *slot = if byte < 0x80 {
                byte.is_ascii_graphic() && byte != b'<' && byte != b'&' && byte != b'>'
            } else {
                !matches!(byte, 0xc2 | 0xe1 | 0xe2 | 0xe3)
            };
        }
        b += 1;
    }
    table
};

/// The length of the start of `bytes` that cleaning copies as it is:
/// [`PLAIN`] bytes, and single spaces each after a byte of the run and
/// before a plain byte (so a space neither leads nor trails).
///
/// Eight bytes at a time while they are printable ASCII or such spaces (one
/// word-wide test per eight bytes; wasm has no SIMD by default), a byte at a
/// time past anything else. This is the loop over every byte of cue text.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Exact per byte (no carry crosses bytes): the high bit of each byte of
    // the result says whether that byte of `x` (a 7-bit value) equals `c`.
    let equals = |x: u64, c: u8| !((x ^ (ONES * u64::from(c))) + LOW7) & HIGHS;
    let mut run = 0;
    loop {
        while let Some(&[a, b, c, d, e, f, g, h]) = bytes.get(run..run + 8) {
            let word = u64::from_le_bytes([a, b, c, d, e, f, g, h]);
            let x = word & LOW7;
            let ascii = !word & HIGHS;
            // 0x21..=0x7e: at least 0x21, and not 0x7f.
            let printable = (x + ONES * 0x5f) & !(x + ONES) & HIGHS;
            let plain = ascii & printable & !equals(x, b'<') & !equals(x, b'&') & !equals(x, b'>');
            // A space followed by a plain byte in this word, and not first
            // in the run.
            let mut space = ascii & equals(x, b' ') & (plain >> 8);
            if run == 0 {
                space &= !0x80;
            }
            let stop = !(plain | space) & HIGHS;
            if stop != 0 {
                run += (stop.trailing_zeros() / 8) as usize;
                break;
            }
            run += 8;
        }
        // One step by the byte rule, then back to words.
        let is_plain = |b: u8| PLAIN.get(usize::from(b)).copied().unwrap_or(false);
        match bytes.get(run) {
            Some(&b) if is_plain(b) => run += 1,
            Some(b' ') if run > 0 && bytes.get(run + 1).is_some_and(|&n| is_plain(n)) => {
                run += 2;
            }
            _ => return run,
        }
    }
}

/// Appends one cue line to `cue` as clean text: tags stripped (`<v>` becomes
/// a voice marker, whose place is noted), entities decoded, whitespace
/// collapsed. Sets `inline_timestamps` when the line has `<00:00:01.000>`
/// tags. A line with nothing but whitespace adds nothing.
fn clean_line(line: &str, cue: &mut CueText, inline_timestamps: &mut bool) {
    let voices_before = cue.voices.len();
    let out = &mut cue.text;
    let start = out.len();
    let mut gt = false;
    let mut space = false;
    // Once a search for `>` fails, none can follow: later `<` are literal.
    let mut no_more_tags = false;
    let mut rest = line;
    let put = |out: &mut String, c: char, space: &mut bool, gt: &mut bool| {
        if c.is_whitespace() || c.is_control() {
            *space = true;
        } else {
            if *space && out.len() > start {
                out.push(' ');
            }
            *space = false;
            *gt |= c == '>';
            out.push(c);
        }
    };
    loop {
        // Fast path: text that cleaning leaves as it is, copied at once.
        let run = plain_run(rest.as_bytes());
        if run > 0 {
            if space && out.len() > start {
                out.push(' ');
            }
            space = false;
            out.push_str(rest.get(..run).unwrap_or_default());
            rest = rest.get(run..).unwrap_or_default();
        }
        let Some(c) = rest.chars().next() else {
            break;
        };
        if c == '<' && !no_more_tags {
            let opens_tag = rest
                .as_bytes()
                .get(1)
                .is_some_and(|&n| n.is_ascii_alphanumeric() || n == b'/');
            if opens_tag {
                match rest.bytes().position(|b| b == b'>') {
                    Some(close) => {
                        let tag = rest.get(1..close).unwrap_or_default();
                        if tag.starts_with(|n: char| n.is_ascii_digit()) {
                            *inline_timestamps = true;
                        } else if let Some(name) = voice_name(tag) {
                            // A plain name has no entity to decode either.
                            let plain = is_plain_words(name);
                            let name = if !plain && name.contains('&') {
                                Cow::Owned(decode_entities(name))
                            } else {
                                Cow::Borrowed(name)
                            };
                            if plain || is_plain_words(&name) {
                                // Nothing to collapse (nearly every name).
                                if space && out.len() > start {
                                    out.push(' ');
                                }
                                space = false;
                                let open = out.len();
                                out.push(VOICE_OPEN);
                                out.push_str(&name);
                                cue.voices.push((open, out.len()));
                                out.push(VOICE_CLOSE);
                            } else if name.chars().any(|c| !c.is_whitespace() && !c.is_control()) {
                                if space && out.len() > start {
                                    out.push(' ');
                                }
                                space = false;
                                let open = out.len();
                                out.push(VOICE_OPEN);
                                let mut name_space = false;
                                let name_start = out.len();
                                for c in name.trim().chars() {
                                    if c.is_whitespace() || c.is_control() {
                                        name_space = true;
                                    } else {
                                        if name_space && out.len() > name_start {
                                            out.push(' ');
                                        }
                                        name_space = false;
                                        out.push(c);
                                    }
                                }
                                cue.voices.push((open, out.len()));
                                out.push(VOICE_CLOSE);
                            }
                        }
                        rest = rest.get(close + 1..).unwrap_or_default();
                        continue;
                    }
                    None => no_more_tags = true,
                }
            }
        } else if c == '&' {
            let semi = rest
                .char_indices()
                .take(12)
                .find(|&(_, c)| c == ';')
                .map(|(i, _)| i);
            if let Some(semi) = semi {
                let entity = rest.get(..=semi).unwrap_or_default();
                let decoded = decode_entities(entity);
                if decoded != entity {
                    for d in decoded.chars() {
                        put(out, d, &mut space, &mut gt);
                    }
                    rest = rest.get(semi + 1..).unwrap_or_default();
                    continue;
                }
            }
        }
        put(out, c, &mut space, &mut gt);
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    if out.len() > start {
        let to = out.len();
        cue.lines.push(CueLine {
            from: start,
            to,
            voices: (voices_before, cue.voices.len()),
            gt,
        });
    }
}

/// The annotation of a `v` or `v.class` tag (`v.loud Ana` → `Ana`).
fn voice_name(tag: &str) -> Option<&str> {
    let rest = tag.strip_prefix('v')?;
    if !(rest.is_empty() || rest.starts_with(['.', ' ', '\t'])) {
        return None;
    }
    let space = rest.bytes().position(|b| b == b' ' || b == b'\t')?;
    Some(rest.get(space..)?.trim())
}

/// Printable ASCII words (without `&`) separated by single spaces: text
/// that entity decoding, cleaning and whitespace collapsing leave as it is.
fn is_plain_words(s: &str) -> bool {
    // Starts as if after a space, so a leading space fails too.
    let mut after_space = true;
    for &b in s.as_bytes() {
        if b == b' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if b.is_ascii_graphic() && b != b'&' {
            after_space = false;
        } else {
            return false;
        }
    }
    // Empty, or a trailing space, fails.
    !after_space
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_hours_optional_lenient_and_long() {
        assert_eq!(lenient_clock("00:01:02.500"), Some(62.5));
        assert_eq!(lenient_clock("00:01:02,5"), Some(62.5));
        assert_eq!(lenient_clock("01:02.250"), Some(62.25));
        assert_eq!(lenient_clock("00:11"), Some(11.0));
        assert_eq!(lenient_clock("123:00:00.000"), Some(442_800.0));
        assert_eq!(lenient_clock("00:61.000"), None);
        assert_eq!(lenient_clock("00:00:01.x"), None);
        assert_eq!(lenient_clock("1:2:3:4"), None);
        assert_eq!(lenient_clock("hello"), None);
        assert_eq!(lenient_clock(""), None);
    }

    #[test]
    fn timing_lines_ignore_settings() {
        let t = parse_timing("00:30.000 --> 00:31.500 align:right size:50%").unwrap();
        assert_eq!((t.start, t.end), (30.0, 31.5));
        assert_eq!(t.written, "00:30.000 --> 00:31.500");
        assert!(parse_timing("a --> b").is_none());
        assert!(parse_timing("00:01.000 -->").is_none());
    }

    #[test]
    fn cleaning_strips_tags_keeps_voices_and_decodes_entities() {
        let clean = |line: &str| {
            let mut cue = CueText::default();
            let mut ts = false;
            clean_line(line, &mut cue, &mut ts);
            let lines: Vec<_> = cue
                .lines
                .iter()
                .map(|l| (cue.line(l).to_string(), l.gt))
                .collect();
            (cue.text.clone(), lines, cue.voices.clone(), ts)
        };
        let (text, lines, voices, ts) =
            clean("<v.loud Ana &amp; Bo>Hi<00:00:01.000><c> you</c> &lt;3 <i>there</i>");
        assert_eq!(text, "\u{1}Ana & Bo\u{2}Hi you <3 there");
        assert_eq!(lines, [(text.clone(), false)]);
        assert_eq!(voices, [(0, 9)]);
        assert!(ts);
        let (text, _, voices, ts) = clean("a < b and c<d");
        assert_eq!(text, "a < b and c<d");
        assert!(voices.is_empty() && !ts);
        // A forged marker from an entity is dropped.
        assert_eq!(clean("x&#1;y").0, "x y");
        // `>` written or decoded is noted (it may be a `>>` marker).
        assert_eq!(clean(">> Ana: hi").1, [(">> Ana: hi".to_string(), true)]);
        assert_eq!(clean("&gt;&gt; hi").1, [(">> hi".to_string(), true)]);
        assert!(clean(" \t ").1.is_empty());
    }

    #[test]
    fn plain_bytes_never_start_what_cleaning_changes() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let changed = c.is_whitespace() || c.is_control() || "<&>".contains(c);
            let mut buf = [0; 4];
            let lead = c.encode_utf8(&mut buf).as_bytes()[0];
            assert!(!(changed && PLAIN[usize::from(lead)]), "{c:?}");
        }
        // Continuation bytes and the usual letters are plain.
        assert!(PLAIN[0x80] && PLAIN[usize::from(b'a')] && PLAIN[0xc3]);
        assert!(!PLAIN[usize::from(b' ')] && !PLAIN[0xe2]);
    }

    #[test]
    fn labels_must_look_like_names() {
        assert_eq!(
            speaker_label("Andrew Knight: Okay"),
            Some(("Andrew Knight", "Okay"))
        );
        assert_eq!(speaker_label("At 10:30 we met"), None);
        assert_eq!(speaker_label("and the reason is: money"), None);
        assert_eq!(speaker_label("Why? Because: yes"), None);
        assert_eq!(speaker_label("See https://x.org"), None);
        assert_eq!(speaker_label("Note the time: 10:30"), None);
        assert_eq!(
            speaker_label("Neil deGrasse Tyson: Hi"),
            Some(("Neil deGrasse Tyson", "Hi"))
        );
        assert_eq!(speaker_label("SPEAKER 1: Hi"), Some(("SPEAKER 1", "Hi")));
        assert_eq!(
            speaker_label("[SPEAKER_00]: Hi"),
            Some(("SPEAKER_00", "Hi"))
        );
        assert_eq!(speaker_label("李明: 你好"), Some(("李明", "你好")));
    }

    #[test]
    fn sound_cues() {
        assert!(is_sound_cue("[APPLAUSE]"));
        assert!(is_sound_cue("(laughs)"));
        assert!(!is_sound_cue("(and this is a long aside here)"));
        assert!(!is_sound_cue("[a] and [b]"));
        assert!(!is_sound_cue("Thanks [LAUGHTER]"));
    }

    #[test]
    fn broken_timing_lines_end_their_cue_and_hold_no_text() {
        let mut cues = Vec::new();
        let text = "00:00:01.000 --> 00:00:02.000\nso A --> B\nmore\n\n\
                    00:00:0x.000 --> 00:00:03.000\nlost\n\nid\n00:00:02.000 -\u{fffd}-> 00:00:03.000\nlost\n\n\
                    00:00:03.000 --> 00:00:04.000\nEnd\n--> 1\nlost too\n\n00:00:05.000 --> 00:00:06.000\nLast\n\
                    text7\nfoo-->\n00:00:07.000 --> 00:00:08.000\nok";
        scan_cues(Lines::new(text), false, |s, e, _, p| {
            cues.push((s, e, p.join("|")));
        });
        assert_eq!(
            cues,
            [
                // `-->` further on in a text line keeps it text.
                (1.0, 2.0, "so A --> B|more".to_string()),
                (3.0, 4.0, "End".to_string()),
                (5.0, 6.0, "Last|text7".to_string()),
                (7.0, 8.0, "ok".to_string()),
            ]
        );
    }

    #[test]
    fn arrow_in_a_blocks_first_line_or_after_its_id_is_a_broken_timing() {
        // Before, these blocks did not start like a timing line, so their
        // text was glued onto the cue above as if a blank line split it.
        let mut cues = Vec::new();
        let text =
            "00:00:01.000 --> 00:00:02.000\nkept\n\n+00:00:02.000 --> 00:00:03.000\nlost\n\n\
                    cue id\nx --> 00:00:04.000\nlost\n\n00:00:05.000 --> 00:00:06.000\nok\n\n\
                    after a blank line\nmore\nstill text --> here";
        scan_cues(Lines::new(text), false, |s, e, _, p| {
            cues.push((s, e, p.join("|")));
        });
        assert_eq!(
            cues,
            [
                (1.0, 2.0, "kept".to_string()),
                // A block with no timing line still continues the cue above,
                // and `-->` from its third line on stays text.
                (
                    5.0,
                    6.0,
                    "ok|after a blank line|more|still text --> here".to_string()
                ),
            ]
        );
    }

    #[test]
    fn only_indexes_and_generated_ids_are_taken_from_text_above_a_cue() {
        let mut cues = Vec::new();
        let text = "00:00:01.000 --> 00:00:02.000\ntext5\n00:00:02.000 --> 00:00:03.000\nB\n\
                    12\n00:00:03.000 --> 00:00:04.000\nC\nab12-cd/3-0\n00:00:04.000 --> 00:00:05.000\nD";
        scan_cues(Lines::new(text), false, |_, _, _, p| {
            cues.push(p.join("|"));
        });
        assert_eq!(cues, ["text5", "B", "C", "D"]);
    }

    #[test]
    fn blocks_without_blank_lines_or_indexes_still_split() {
        let mut cues = Vec::new();
        let text = "1\n00:00:01,000 --> 00:00:02,000\nHello\n2\n00:00:02,000 --> 00:00:03,000\nWorld\n\n\nagain\n\n00:00:04,000 --> 00:00:05,000\nEnd";
        scan_cues(text.lines(), false, |s, e, _, p| {
            cues.push((s, e, p.join("|")));
        });
        assert_eq!(
            cues,
            [
                (1.0, 2.0, "Hello".to_string()),
                (2.0, 3.0, "World|again".to_string()),
                (4.0, 5.0, "End".to_string())
            ]
        );
    }
}
