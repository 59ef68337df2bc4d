//! Timed text in XML: TTML / DFXP (broadcast captions, Netflix-style
//! subtitles, Apple Podcasts transcripts) and YouTube's timed text (`srv3`
//! `<p t= d=>` with `<s>` word spans, and the older `srv1`
//! `<text start= dur=>`).
//!
//! TTML: each `<p>` is a cue with `begin`/`end` (or `dur`) in clock
//! (`00:01:02.5`, `00:01:02:12` frames), offset (`1.5s`, `1500ms`, `30f`,
//! `10000000t` with `ttp:tickRate`) or Apple's bare (`0.860`, `1:48.737`)
//! form; its speaker is its `ttm:agent` (named by the agent's `<ttm:name>`
//! in the head when there is one), or a span's, or an `x-` `ttm:role`.
//! `<br/>` breaks lines; styling is ignored. Apple writes word spans
//! (`podcasts:unit="word"`) with nothing between them: they are joined by
//! spaces. Times are read as absolute, as producers write them, not
//! relative to a parent `<div>`.
//!
//! Cues go through the cue rules WebVTT uses (`cue::Cues`): `Name:` labels,
//! `>>` markers, sound cues and rolling-caption repeats. The XML is read by
//! the flat tokenizer of [`super::xml`]: no DTD, no entity expansion, no
//! recursion, so hostile XML costs no more than its length. This module
//! must never panic.

use super::cue::{escape_markup, Cues};
use super::xml::{attr, local, Tok, Xml};
use crate::format::{Detection, Format};
use crate::model::Transcript;
use crate::text::decode_entities;

/// Bytes of the start looked at to find the root element.
const SNIFF_BYTES: usize = 4096;
/// Most agents remembered from a TTML head.
const MAX_AGENTS: usize = 256;

pub fn sniff(text: &str) -> Option<Detection> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with('<') {
        return None;
    }
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = text.get(..end)?;
    let root = Xml::new(head).find_map(|t| match t {
        Tok::Open { name, attrs, .. } => Some((name, attrs)),
        _ => None,
    })?;
    let (format, evidence) = match local(root.0) {
        "tt" if head.contains("podcasts") => (
            Format::Ttml,
            "a TTML <tt> document with Apple Podcasts word spans",
        ),
        "tt" => (Format::Ttml, "a TTML <tt> document"),
        "timedtext" => (Format::YoutubeTimedText, "a YouTube <timedtext> document"),
        "transcript" if head.contains("<text start=") => (
            Format::YoutubeTimedText,
            "a YouTube <transcript> of <text start=…> lines",
        ),
        _ => return None,
    };
    Some(Detection {
        format,
        evidence: evidence.to_string(),
    })
}

pub fn parse(text: &str) -> Transcript {
    let text = text.trim_start_matches('\u{feff}');
    let mut xml = Xml::new(text);
    let mut cues = Cues::new(Format::Ttml);
    let mut reader = Reader::default();
    let mut youtube = false;
    for tok in xml.by_ref() {
        if let Tok::Open { name, .. } = tok {
            youtube |= matches!(local(name), "timedtext" | "transcript");
        }
        reader.token(&mut cues, tok, youtube);
    }
    if xml.doctype {
        cues.builder().warn(
            "The XML declares a DOCTYPE: its entities were not expanded and are shown as written.",
        );
    }
    let mut t = cues.finish();
    if youtube {
        t.metadata.format = Format::YoutubeTimedText;
    }
    t
}

/// Where the reader is.
#[derive(Default)]
struct Reader {
    tick_rate: Option<f64>,
    frame_rate: Option<f64>,
    /// Agent ids and their names, from the head.
    agents: Vec<(String, String)>,
    /// The agent whose `<ttm:name>` is being read.
    naming: Option<String>,
    in_title: bool,
    /// Inside a cue (`<p>` or `<text>`): its times, speaker, lines.
    in_cue: bool,
    start: Option<f64>,
    end: Option<f64>,
    voice: Option<String>,
    lines: Vec<String>,
    /// The cue line being read: raw cue text, tags left out.
    line: String,
}

impl Reader {
    fn token(&mut self, cues: &mut Cues, tok: Tok, youtube: bool) {
        match tok {
            Tok::Open { name, attrs, empty } => self.open(local(name), attrs, empty, youtube),
            Tok::Close(name) => self.close(cues, local(name)),
            Tok::Text(raw) => self.text(cues, raw, youtube),
            Tok::Cdata(data) => {
                if self.in_cue {
                    escape_markup(data, &mut self.line);
                }
            }
        }
    }

    fn time(&self, v: Option<&str>) -> Option<f64> {
        clock(v?, self.tick_rate, self.frame_rate)
    }

    fn open(&mut self, name: &str, attrs: &str, empty: bool, youtube: bool) {
        match name {
            "tt" => {
                self.tick_rate = attr(attrs, "tickRate").and_then(|v| v.trim().parse().ok());
                self.frame_rate = attr(attrs, "frameRate").and_then(|v| v.trim().parse().ok());
            }
            "agent" if !self.in_cue && !empty => {
                self.naming = attr(attrs, "id").map(str::to_string);
            }
            "agent" if !self.in_cue => {
                if let Some(id) = attr(attrs, "id") {
                    self.add_agent(id, "");
                }
            }
            "title" if !self.in_cue && !empty => self.in_title = true,
            "p" | "text" if !self.in_cue => {
                self.in_cue = !empty;
                self.lines.clear();
                self.line.clear();
                if youtube {
                    let ms = |k| attr(attrs, k).and_then(|v| v.trim().parse::<f64>().ok());
                    let secs = |k| attr(attrs, k).and_then(|v| v.trim().parse::<f64>().ok());
                    let (start, dur) = match (ms("t"), secs("start")) {
                        (Some(t), _) => (Some(t / 1000.0), ms("d").map(|d| d / 1000.0)),
                        (None, start) => (start, secs("dur")),
                    };
                    self.start = start;
                    self.end = start.zip(dur).map(|(s, d)| s + d);
                    self.voice = None;
                } else {
                    self.start = self.time(attr(attrs, "begin"));
                    self.end = self.time(attr(attrs, "end")).or_else(|| {
                        let dur = self.time(attr(attrs, "dur"))?;
                        Some(self.start? + dur)
                    });
                    self.voice = self.speaker_of(attrs);
                }
            }
            "br" if self.in_cue => self.end_line(),
            "span" if self.in_cue => {
                if self.voice.is_none() {
                    self.voice = self.speaker_of(attrs);
                }
                if self.start.is_none() {
                    self.start = self.time(attr(attrs, "begin"));
                }
                if let Some(end) = self.time(attr(attrs, "end")) {
                    if self.end.is_none_or(|e| e < end) {
                        self.end = Some(end);
                    }
                }
                if attr(attrs, "unit") == Some("word") && !self.line.is_empty() {
                    self.line.push(' ');
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, cues: &mut Cues, name: &str) {
        match name {
            "agent" => self.naming = None,
            "title" => self.in_title = false,
            "p" | "text" if self.in_cue => {
                self.in_cue = false;
                self.end_line();
                let start = self.start.unwrap_or(0.0);
                let end = self.end.unwrap_or(start);
                let lines: Vec<&str> = self.lines.iter().map(String::as_str).collect();
                cues.cue(start, end, self.voice.as_deref(), &lines);
            }
            _ => {}
        }
    }

    fn text(&mut self, cues: &mut Cues, raw: &str, youtube: bool) {
        if self.in_cue {
            if !youtube {
                self.line.push_str(raw);
                return;
            }
            // YouTube breaks lines with newlines; srv1 escapes its text twice.
            let twice;
            let raw = if raw.contains("&amp;") {
                twice = decode_entities(raw);
                &twice
            } else {
                raw
            };
            for (i, part) in raw.split('\n').enumerate() {
                if i > 0 {
                    self.end_line();
                }
                self.line.push_str(part);
            }
        } else if let Some(id) = self.naming.take() {
            self.add_agent(&id, &decode_entities(raw));
            self.naming = Some(id);
        } else if self.in_title {
            cues.builder().set_title(&decode_entities(raw));
        }
    }

    fn end_line(&mut self) {
        if self.line.bytes().all(|b| b.is_ascii_whitespace()) {
            self.line.clear();
        } else {
            self.lines.push(std::mem::take(&mut self.line));
        }
    }

    fn add_agent(&mut self, id: &str, name: &str) {
        let name = name.trim();
        let full = self.agents.len() >= MAX_AGENTS;
        match self.agents.iter_mut().find(|(i, _)| i == id) {
            Some((_, n)) if n.is_empty() => *n = name.to_string(),
            Some(_) => {}
            None if !full => self.agents.push((id.to_string(), name.to_string())),
            None => {}
        }
    }

    /// The speaker of an element: its agent (by name when the head names
    /// it), or an `x-` role (`ttm:role="x-Ana"`).
    fn speaker_of(&self, attrs: &str) -> Option<String> {
        if let Some(id) = attr(attrs, "agent") {
            let id = id.split_whitespace().next()?;
            let named = self.agents.iter().find(|(i, n)| i == id && !n.is_empty());
            return Some(decode_entities(named.map_or(id, |(_, n)| n)));
        }
        let role = attr(attrs, "role")?.strip_prefix("x-")?;
        (!role.is_empty()).then(|| decode_entities(role))
    }
}

/// A TTML time expression in seconds: clock time (`01:02:03.5`,
/// `01:02:03:12` with frames), offset time (`1.5s`, `90m`, `1h`, `1500ms`,
/// `25f`, `10000000t`) or a bare number of seconds (Apple).
pub(crate) fn clock(v: &str, tick_rate: Option<f64>, frame_rate: Option<f64>) -> Option<f64> {
    let v = v.trim();
    let number = |s: &str| s.parse::<f64>().ok().filter(|n| n.is_finite() && *n >= 0.0);
    let t = if let Some(n) = v.strip_suffix("ms") {
        number(n)? / 1000.0
    } else if let Some(n) = v.strip_suffix('h') {
        number(n)? * 3600.0
    } else if let Some(n) = v.strip_suffix('m') {
        number(n)? * 60.0
    } else if let Some(n) = v.strip_suffix('s') {
        number(n)?
    } else if let Some(n) = v.strip_suffix('f') {
        number(n)? / frame_rate.filter(|r| *r > 0.0).unwrap_or(30.0)
    } else if let Some(n) = v.strip_suffix('t') {
        number(n)? / tick_rate.filter(|r| *r > 0.0).unwrap_or(1.0)
    } else if v.bytes().filter(|&b| b == b':').count() == 3 {
        let (clock, frames) = v.rsplit_once(':')?;
        let rate = frame_rate.filter(|r| *r > 0.0).unwrap_or(30.0);
        crate::text::lenient_clock(clock)? + number(frames)? / rate
    } else {
        crate::text::lenient_clock(v).or_else(|| number(v))?
    };
    t.is_finite().then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_expressions() {
        assert_eq!(clock("00:01:02.500", None, None), Some(62.5));
        assert_eq!(clock("00:00:01:15", None, Some(30.0)), Some(1.5));
        assert_eq!(clock("1.5s", None, None), Some(1.5));
        assert_eq!(clock("1500ms", None, None), Some(1.5));
        assert_eq!(clock("2m", None, None), Some(120.0));
        assert_eq!(clock("25000000t", Some(10_000_000.0), None), Some(2.5));
        assert_eq!(clock("0.860", None, None), Some(0.86));
        assert_eq!(clock("1:48.737", None, None), Some(108.737));
        assert_eq!(clock("soon", None, None), None);
        assert_eq!(clock("-1s", None, None), None);
    }

    #[test]
    fn sniffs_the_root_element() {
        let ttml = "<?xml version=\"1.0\"?>\n<tt xmlns=\"http://www.w3.org/ns/ttml\"><body/></tt>";
        assert_eq!(sniff(ttml).map(|d| d.format), Some(Format::Ttml));
        let dfxp = "<tt:tt xmlns:tt=\"http://www.w3.org/ns/ttml\">";
        assert_eq!(sniff(dfxp).map(|d| d.format), Some(Format::Ttml));
        let srv3 = "<?xml version=\"1.0\" encoding=\"utf-8\" ?><timedtext format=\"3\"><body>";
        assert_eq!(
            sniff(srv3).map(|d| d.format),
            Some(Format::YoutubeTimedText)
        );
        assert_eq!(sniff("<html><body><p>Hi</p></body></html>"), None);
        assert_eq!(sniff("Ana: <tt>code</tt>"), None);
    }
}
