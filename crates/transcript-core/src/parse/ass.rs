//! ASS / SSA subtitles (Aegisub, fansubs, many players): the `[Events]`
//! section's `Dialogue:` lines, read through its `Format:` line. The `Name`
//! (actor) field is the speaker; override blocks (`{\i1}`, `{\pos(…)}`) are
//! dropped, as are drawings (`{\p1}…{\p0}`); `\N` and `\n` break lines and
//! `\h` is a space. `Comment:` lines are skipped. The `Title:` of
//! `[Script Info]` is the title. Events are read in time order. Cue text
//! goes through the cue rules WebVTT uses (`cue::Cues`). This module must
//! never panic.

use super::cue::{escape_markup, Cues};
use crate::format::{Detection, Format};
use crate::model::Transcript;
use crate::text::lenient_clock;

/// The `Format:` of `[Events]` when a file has none (ASS v4+).
const DEFAULT_FORMAT: &str =
    "Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text";
/// Lines looked at by [`sniff`].
const SNIFF_LINES: usize = 40;

pub fn sniff(text: &str) -> Option<Detection> {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    let evidence = if first.eq_ignore_ascii_case("[Script Info]") {
        "starts with [Script Info] (ASS/SSA)"
    } else if first.eq_ignore_ascii_case("[Events]")
        && lines
            .take(SNIFF_LINES)
            .any(|l| l.starts_with("Dialogue:") || l.starts_with("Format:"))
    {
        "an [Events] section with Dialogue lines (ASS/SSA)"
    } else {
        return None;
    };
    Some(Detection {
        format: Format::Ass,
        evidence: evidence.to_string(),
    })
}

struct Event {
    start: f64,
    end: f64,
    name: String,
    text: String,
}

pub fn parse(text: &str) -> Transcript {
    let mut cues = Cues::new(Format::Ass);
    let mut section = String::new();
    let mut fields: Option<Fields> = None;
    let mut events: Vec<Event> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') && line.ends_with(']') {
            section = line.to_ascii_lowercase();
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        match (section.as_str(), key.trim()) {
            ("[script info]", "Title") => cues.builder().set_title(value.trim()),
            ("[events]", "Format") => fields = Some(Fields::of(value)),
            ("[events]", "Dialogue") => {
                let f = fields.get_or_insert_with(|| Fields::of(DEFAULT_FORMAT));
                if let Some(e) = event(f, value) {
                    events.push(e);
                }
            }
            _ => {}
        }
    }
    events.sort_by(|a, b| a.start.total_cmp(&b.start));
    for e in &events {
        let lines: Vec<&str> = e.text.split('\n').collect();
        let name = e.name.trim();
        cues.cue(e.start, e.end, (!name.is_empty()).then_some(name), &lines);
    }
    cues.finish()
}

/// Where the fields read are in a `Dialogue:` line, from the `Format:` line.
struct Fields {
    count: usize,
    start: Option<usize>,
    end: Option<usize>,
    name: Option<usize>,
    text: Option<usize>,
}

impl Fields {
    fn of(format: &str) -> Fields {
        let names: Vec<String> = format
            .split(',')
            .map(|f| f.trim().to_ascii_lowercase())
            .collect();
        let at = |name: &str| names.iter().position(|f| f == name);
        Fields {
            count: names.len().max(1),
            start: at("start"),
            end: at("end"),
            name: at("name").or_else(|| at("actor")),
            text: at("text"),
        }
    }
}

/// One `Dialogue:` line's fields; the last field (the text) keeps its commas.
fn event(fields: &Fields, value: &str) -> Option<Event> {
    let values: Vec<&str> = value.trim_start().splitn(fields.count, ',').collect();
    let get = |at: Option<usize>| values.get(at?).copied();
    let start = lenient_clock(get(fields.start)?)?;
    let end = get(fields.end).and_then(lenient_clock).unwrap_or(start);
    Some(Event {
        start,
        end,
        name: get(fields.name).unwrap_or_default().to_string(),
        text: dialogue_text(get(fields.text)?),
    })
}

/// Dialogue text as cue text: override blocks and drawings dropped, `\N`
/// as a line break, `\h` as a space, the rest escaped.
fn dialogue_text(raw: &str) -> String {
    let mut plain = String::with_capacity(raw.len());
    let mut drawing = false;
    let mut rest = raw;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('{') {
            let (block, tail) = after.split_once('}').unwrap_or((after, ""));
            // `\p1`…: what follows is a vector drawing, up to `\p0`.
            for tag in block.split('\\').skip(1) {
                if let Some(level) = tag.strip_prefix('p') {
                    if level.starts_with(|c: char| c.is_ascii_digit()) {
                        drawing = !level.starts_with('0');
                    }
                }
            }
            rest = tail;
            continue;
        }
        let next = rest.find(['{', '\\']).unwrap_or(rest.len());
        let (run, tail) = rest.split_at(next);
        if !drawing {
            plain.push_str(run);
        }
        rest = tail;
        if let Some(after) = rest.strip_prefix('\\') {
            let mut chars = after.chars();
            let out = match chars.next() {
                Some('N' | 'n') => Some('\n'),
                Some('h') => Some(' '),
                _ => None,
            };
            match out {
                Some(c) => {
                    if !drawing {
                        plain.push(c);
                    }
                    rest = chars.as_str();
                }
                None => {
                    if !drawing {
                        plain.push('\\');
                    }
                    rest = after;
                }
            }
        }
    }
    let mut out = String::with_capacity(plain.len());
    escape_markup(&plain, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_drawings_and_breaks() {
        assert_eq!(
            dialogue_text(r"{\an8\pos(10,20)}Hello{\i1} there{\i0},\Nfriend\h& co"),
            "Hello there,\nfriend &amp; co"
        );
        assert_eq!(dialogue_text(r"{\p1}m 0 0 l 10 10{\p0}Sign"), "Sign");
        assert_eq!(dialogue_text(r"{\pos(9,8)\p1}m 0 0 l 10 10"), "");
        assert_eq!(dialogue_text(r"back\slash {unclosed"), r"back\slash ");
    }
}
