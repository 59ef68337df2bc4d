//! The vocabulary of speaker labels and written clock times, shared by the
//! line-oriented parsers (`script`, `markdown`), the cue parsers (`cue`) and
//! the exporters: what a speaker label looks like (`Name:`, `[SPEAKER_00]`,
//! `Ana (00:01:02):`), which words make a label an annotation or a sound
//! rather than a person, and the strict clock rule for times written in
//! running text ([`strict_clock`]; the lenient rule for cue timings is
//! [`crate::text::lenient_clock`]).

use crate::text::lenient_clock;

/// Longest label (in characters) taken as a speaker name.
pub(crate) const MAX_LABEL_CHARS: usize = 40;
/// Most words in a label taken as a speaker name.
pub(crate) const MAX_LABEL_WORDS: usize = 5;
/// Words that make a label an annotation, heading or metadata key rather than
/// a person ("Note:", "Date:", "Episode 3:", "FADE IN:").
const NOT_SPEAKER_WORDS: &[&str] = &[
    "note",
    "notes",
    "nb",
    "date",
    "time",
    "title",
    "subject",
    "topic",
    "topics",
    "location",
    "place",
    "venue",
    "duration",
    "length",
    "episode",
    "source",
    "sources",
    "url",
    "link",
    "links",
    "speakers",
    "participants",
    "attendees",
    "present",
    "transcript",
    "transcription",
    "transcribed",
    "summary",
    "keywords",
    "tags",
    "update",
    "updated",
    "edit",
    "edited",
    "warning",
    "caution",
    "disclaimer",
    "ps",
    "p.s.",
    "example",
    "examples",
    "remember",
    "reminder",
    "tip",
    "hint",
    "important",
    "correction",
    "credit",
    "credits",
    "photo",
    "image",
    "chapter",
    "part",
    "section",
    "scene",
    "interview",
    "podcast",
    "recorded",
    "published",
    "posted",
    "category",
    "description",
    "agenda",
    "fade",
    "cut",
    "int.",
    "ext.",
    "q&a",
];
/// Bracketed words that are sounds, not speakers (`[Music]`, `[APPLAUSE]`).
const SOUND_CUES: &[&str] = &[
    "music",
    "applause",
    "laughter",
    "laughs",
    "laughing",
    "laugh",
    "inaudible",
    "crosstalk",
    "silence",
    "noise",
    "cheering",
    "cheers",
    "cough",
    "coughs",
    "coughing",
    "sighs",
    "sigh",
    "foreign",
    "clapping",
    "unintelligible",
    "indiscernible",
    "pause",
    "beep",
    "static",
    "blank_audio",
    "no",
    "background",
    "sound",
    "video",
    "audio",
    "upbeat",
    "intro",
    "outro",
    "break",
    "end",
];
/// Name particles allowed in lower case inside a multi-word name.
const PARTICLES: &[&str] = &[
    "de", "da", "di", "du", "del", "der", "den", "van", "von", "la", "le", "al", "bin", "ibn", "y",
    "of", "the", "and", "&",
];
/// Splits `Name: text` into the label and the text, if the label looks like a
/// speaker name: short, a few name-shaped words, not a URL or a time.
/// `[SPEAKER_00]: text` gives `SPEAKER_00`, `Ana (00:01:02): text` gives
/// `Ana`. Whether the label really is a speaker in a given file (it may be a
/// one-off "Note:") is for the caller to decide, for example by recurrence.
pub fn split_label(line: &str) -> Option<(&str, &str)> {
    let label = parse_label(line)?;
    label.colon.then_some((label.name, label.rest))
}

/// A speaker label found at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Label<'a> {
    pub(crate) name: &'a str,
    /// A time written before the name, after it, or just after the colon.
    pub(crate) start: Option<f64>,
    pub(crate) rest: &'a str,
    /// `Name:` with a colon, as opposed to `[Name] text`.
    pub(crate) colon: bool,
}

pub(crate) fn parse_label(line: &str) -> Option<Label<'_>> {
    let mut s = line.trim();
    let mut start = None;
    if let Some((t, rest)) = leading_time(s, true) {
        if rest.trim().is_empty() {
            return None;
        }
        start = Some(t);
        s = rest.trim_start();
    }
    if let Some(inner_rest) = s.strip_prefix('[') {
        let close = inner_rest.find(']')?;
        let name = inner_rest.get(..close)?.trim();
        let after = inner_rest.get(close + 1..)?.trim_start();
        if !is_name(name) || is_sound_cue(name) {
            return None;
        }
        let (colon, rest) = match after.strip_prefix(':') {
            Some(r) => (true, r.trim_start()),
            None => (false, after),
        };
        // `[Johnny Doe] 11:02:09` alone on its line (Zoom's saved chat
        // and transcript panel): the time is the label's.
        let (rest_time, rest) = match leading_time(rest, false) {
            Some((t, r)) => (Some(t), r.trim_start()),
            None => match strict_clock(rest.trim()) {
                Some(t) => (Some(t), ""),
                None => (None, rest),
            },
        };
        return Some(Label {
            name,
            start: start.or(rest_time),
            rest,
            colon,
        });
    }
    let colon = label_colon(s)?;
    let head = s.get(..colon)?.trim();
    let rest = s.get(colon + 1..)?;
    if rest.starts_with("//") {
        return None;
    }
    let (name, trailing) = split_trailing_time(head);
    let rest = rest.trim_start();
    let (rest_time, rest) = match leading_time(rest, false) {
        Some((t, r)) => (Some(t), r.trim_start()),
        None => (None, rest),
    };
    if !is_name(name) {
        return None;
    }
    Some(Label {
        name,
        start: start.or(trailing).or(rest_time),
        rest,
        colon: true,
    })
}

/// Byte index of the colon ending a label: the first one outside brackets
/// and not between two digits (a time). Only the first few dozen characters
/// are looked at, since a label is short.
pub(crate) fn label_colon(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut prev = ' ';
    let mut chars = s.char_indices().take(MAX_LABEL_CHARS + 30).peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            ':' if depth == 0 => {
                let next_digit = chars.peek().is_some_and(|&(_, n)| n.is_ascii_digit());
                if !(prev.is_ascii_digit() && next_digit) {
                    return Some(i);
                }
            }
            _ => {}
        }
        prev = c;
    }
    None
}

/// Whether `label` is shaped like a speaker name: short, made of name
/// characters, each word capitalised (or a number, a bracketed aside, a name
/// particle), or a single word such as `user` or `SPEAKER_00`.
pub(crate) fn is_name(label: &str) -> bool {
    let chars = label.chars().count();
    if chars == 0 || chars > MAX_LABEL_CHARS {
        return false;
    }
    if !label
        .chars()
        .all(|c| c.is_alphanumeric() || " .'’-_&()#".contains(c))
    {
        return false;
    }
    if !label.chars().any(char::is_alphabetic) {
        return false;
    }
    let lower = label.to_lowercase();
    if lower.contains("http") || lower.contains("www.") {
        return false;
    }
    let words: Vec<&str> = label.split_whitespace().collect();
    if words.len() > MAX_LABEL_WORDS {
        return false;
    }
    // Dots only in abbreviations and initials ("Dr.", "J.R.").
    if words
        .iter()
        .any(|w| w.contains('.') && w.chars().count() > 6)
    {
        return false;
    }
    if let [word] = words.as_slice() {
        return word.chars().next().is_some_and(char::is_alphabetic) || is_guid(word);
    }
    let mut capitalised = 0;
    for word in &words {
        let first = word.trim_start_matches('(').chars().next();
        match first {
            Some(c) if c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()) => {
                capitalised += 1
            }
            Some(c) if c.is_ascii_digit() => {}
            _ if PARTICLES.contains(&word.to_lowercase().as_str()) => {}
            // "deGrasse", "al-Amin": a lower-case start with a capital inside.
            _ if word.chars().any(char::is_uppercase) => {}
            _ => return false,
        }
    }
    capitalised > 0
}

/// A GUID (`8d1e5b22-0c3f-4a7e-b2d9-6f4a1e0c9b33`): Teams and Stream name
/// unknown speakers by one.
pub(crate) fn is_guid(word: &str) -> bool {
    let groups: Vec<&str> = word.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether the label contains a word that marks annotations or metadata.
pub(crate) fn is_annotation(label: &str) -> bool {
    label.split_whitespace().any(|w| {
        let w = w
            .trim_matches(|c: char| c == '(' || c == ')')
            .to_lowercase();
        NOT_SPEAKER_WORDS.contains(&w.as_str())
    })
}

/// `Speaker 1`, `SPEAKER_00`, `Unknown Speaker`: labels that are speakers
/// even when they appear once.
pub(crate) fn is_generic_speaker(label: &str) -> bool {
    let lower = label.to_lowercase();
    lower.starts_with("speaker") || lower.ends_with(" speaker")
}

pub(crate) fn is_sound_cue(inner: &str) -> bool {
    let lower = inner.to_lowercase();
    let first = lower.split_whitespace().next().unwrap_or_default();
    SOUND_CUES.contains(&first)
}

/// A whole line that is a sound cue or stage direction: `[Music]`, `(APPLAUSE)`.
pub(crate) fn sound_cue_line(line: &str) -> Option<&str> {
    let line = line.trim();
    let inner = line
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .or_else(|| line.strip_prefix('(').and_then(|s| s.strip_suffix(')')))?;
    if inner.contains(['[', ']']) {
        return None;
    }
    // A whole bracketed line that is not a speaker label is a stage
    // direction (`[Door slams]`); parentheses are also used for asides, so
    // they count only for known sounds or capitals (`(APPLAUSE)`).
    let shouty = inner.chars().any(char::is_alphabetic) && !inner.chars().any(char::is_lowercase);
    (line.starts_with('[') || is_sound_cue(inner) || shouty).then_some(line)
}

/// Seconds from `M:SS`, `MM:SS`, `H:MM:SS`, with an optional `.mmm`/`,mmm`.
/// Stricter than [`lenient_clock`] about the shape, since in running
/// text a loose match would take "3:1" or "1234:56" for a time: at most
/// three leading digits, exactly two after each colon, at most three after
/// the decimal mark.
pub(crate) fn strict_clock(s: &str) -> Option<f64> {
    let (clock, fraction) = match s.split_once(['.', ',']) {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (s, None),
    };
    let mut parts = clock.split(':');
    let first = parts.next()?;
    let rest: Vec<&str> = parts.collect();
    let shaped = (1..=3).contains(&first.len())
        && (1..=2).contains(&rest.len())
        && rest.iter().all(|p| p.len() == 2)
        && fraction.is_none_or(|f| (1..=3).contains(&f.len()));
    if !shaped {
        return None;
    }
    lenient_clock(s)
}

/// A time at the start of `s`: `[00:01:02]`, `(00:02)`, or (when `bare`)
/// `0:03` followed by a space or the end. Returns the time and what follows.
pub(crate) fn leading_time(s: &str, bare: bool) -> Option<(f64, &str)> {
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let Some(inner) = s.strip_prefix(open) {
            let end = inner.find(close)?;
            let t = strict_clock(inner.get(..end)?.trim())?;
            return Some((t, inner.get(end + 1..)?));
        }
    }
    if !bare {
        return None;
    }
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    let t = strict_clock(s.get(..end)?)?;
    Some((t, s.get(end..)?))
}

/// `Ana (00:01:02)` → (`Ana`, 62 s); labels without a trailing time are
/// returned unchanged.
pub(crate) fn split_trailing_time(label: &str) -> (&str, Option<f64>) {
    let label = label.trim();
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let Some(body) = label.strip_suffix(close) {
            if let Some(i) = body.rfind(open) {
                if let (Some(name), Some(inner)) = (body.get(..i), body.get(i + 1..)) {
                    if let Some(t) = strict_clock(inner.trim()) {
                        return (name.trim(), Some(t));
                    }
                }
            }
        }
    }
    if let Some((name, last)) = label.rsplit_once(char::is_whitespace) {
        if let Some(t) = strict_clock(last) {
            return (name.trim(), Some(t));
        }
    }
    (label, None)
}

/// A line that is only a clock time (YouTube's time lines).
pub(crate) fn is_clock_line(line: &str) -> bool {
    strict_clock(line.trim()).is_some()
}

/// Short, capitalised, and not ending like a sentence: a title or chapter.
pub(crate) fn is_heading_like(line: &str, max_words: usize) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    let starts_well = line
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || !c.is_lowercase());
    let ends_like_sentence = line.ends_with(['.', '?', '!', ',', ';', ':', '…']);
    words > 0 && words <= max_words && starts_well && !ends_like_sentence
}
