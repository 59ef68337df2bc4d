//! HTML transcripts: the Podcasting 2.0 HTML transcript (`<cite>Name:</cite>`,
//! `<time>`, `<p>`) and noScribe's HTML (`S00:` labels, `<a name="ts_…">`
//! anchors carrying times, `//` around overlapping speech). Any other HTML
//! is read as paragraphs.
//!
//! Only text is taken, through a small tolerant tag scanner: `<script>` and
//! `<style>` contents are dropped, entities decoded. This module must never
//! let markup into a turn and never fail on broken HTML (unclosed tags,
//! stray `<`, attributes without quotes are all text or skipped).

use crate::format::{Detection, Format};
use crate::model::{Transcript, TranscriptBuilder};
use crate::text::{decode_entities, lenient_clock};

/// Longest paragraph-start label (characters) taken as a noScribe speaker.
const MAX_LABEL_CHARS: usize = 40;
/// Most words in such a label.
const MAX_LABEL_WORDS: usize = 4;

pub fn sniff(text: &str) -> Option<Detection> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with('<') {
        return None;
    }
    let lower_head: String = text.chars().take(4096).collect::<String>().to_lowercase();
    if has_ts_anchor(text) {
        return Some(Detection {
            format: Format::NoscribeHtml,
            evidence: "has noScribe <a name=\"ts_…\"> time anchors".to_string(),
        });
    }
    if mentions_noscribe(text) {
        return Some(Detection {
            format: Format::NoscribeHtml,
            evidence: "names noScribe in a meta tag or comment".to_string(),
        });
    }
    if says_noscribe_first(text) {
        return Some(Detection {
            format: Format::NoscribeHtml,
            evidence: "its first lines say it was transcribed with noScribe".to_string(),
        });
    }
    let evidence = if lower_head.starts_with("<!doctype html") {
        "starts with <!DOCTYPE html>"
    } else if lower_head.starts_with("<html") {
        "starts with <html>"
    } else if contains_tag(text, "cite") {
        "has <cite> speaker names"
    } else if contains_tag(text, "p") {
        "has <p> paragraphs"
    } else {
        return None;
    };
    Some(Detection {
        format: Format::PodcastHtml,
        evidence: evidence.to_string(),
    })
}

/// `name="ts_<digits>` (any quoting, any case) anywhere in the text.
fn has_ts_anchor(text: &str) -> bool {
    Scanner::new(text).any(|token| match token {
        Token::Start { name, attrs, .. } => {
            name == "a" && attr(attrs, "name").is_some_and(|n| ts_anchor(&n).is_some())
        }
        _ => false,
    })
}

/// "noScribe" inside a `<meta …>` tag or an HTML comment.
fn mentions_noscribe(text: &str) -> bool {
    Scanner::new(text).any(|token| match token {
        Token::Start { name, attrs, .. } => {
            name == "meta" && attrs.to_lowercase().contains("noscribe")
        }
        Token::Comment(c) => c.to_lowercase().contains("noscribe"),
        _ => false,
    })
}

/// Text tokens looked at for noScribe's own header line.
const HEADER_TOKENS: usize = 40;

/// Older noScribe (0.3) writes no meta tag, only a first line of text such
/// as "Transkribiert mit noScribe Vers. 0.3" ("Transcribed with noScribe").
fn says_noscribe_first(text: &str) -> bool {
    Scanner::new(text)
        .filter_map(|token| match token {
            Token::Text(t) if !t.trim().is_empty() => Some(t),
            _ => None,
        })
        .take(HEADER_TOKENS)
        .any(|t| t.to_lowercase().contains("noscribe"))
}

/// Header lines noScribe writes above the transcript (`Audiodatei: x.mp3`):
/// a metadata key, or a value that is an audio or video file name.
fn is_header_field(label: &str, value: &str) -> bool {
    const KEYS: &[&str] = &[
        "audiodatei",
        "audio file",
        "audio",
        "datei",
        "file",
        "fichier audio",
        "archivo de audio",
        "sprache",
        "language",
        "datum",
        "date",
        "transkribiert",
        "transcribed",
    ];
    const MEDIA: &[&str] = &[
        ".mp3", ".wav", ".m4a", ".mp4", ".ogg", ".flac", ".webm", ".aac", ".mov", ".wma",
    ];
    let value = value.trim().to_lowercase();
    KEYS.contains(&label.trim().to_lowercase().as_str())
        || MEDIA.iter().any(|ext| value.ends_with(ext))
}

fn contains_tag(text: &str, tag: &str) -> bool {
    Scanner::new(text).any(|token| matches!(token, Token::Start { name, .. } if name == tag))
}

pub fn parse(text: &str, format: Format) -> Transcript {
    let mut b = TranscriptBuilder::new(format);
    if format == Format::NoscribeHtml {
        noscribe(&mut b, text);
    } else {
        podcast(&mut b, text);
    }
    b.finish()
}

// ---------------------------------------------------------------------------
// The tag scanner.

#[derive(Debug, PartialEq)]
enum Token<'a> {
    /// A start tag: lowercase name, raw attribute text.
    Start {
        name: String,
        attrs: &'a str,
    },
    End {
        name: String,
    },
    /// Raw text, entities not yet decoded.
    Text(&'a str),
    Comment(&'a str),
}

/// Splits HTML into tokens in one pass. Never fails: anything that is not a
/// well-formed tag is text.
struct Scanner<'a> {
    rest: &'a str,
    /// Inside `<script>` or `<style>`: skip to this end tag.
    raw_until: Option<&'static str>,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            rest: text,
            raw_until: None,
        }
    }

    /// Skips the contents of a raw-text element up to its end tag.
    fn skip_raw(&mut self, tag: &str) {
        let bytes = self.rest.as_bytes();
        let mut from = 0;
        while let Some(pos) = self.rest.get(from..).and_then(|r| r.find("</")) {
            let at = from + pos;
            let name = bytes.get(at + 2..at + 2 + tag.len());
            if name.is_some_and(|n| n.eq_ignore_ascii_case(tag.as_bytes())) {
                self.rest = self.rest.get(at..).unwrap_or_default();
                return;
            }
            from = at + 2;
        }
        self.rest = "";
    }
}

impl<'a> Iterator for Scanner<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        if let Some(tag) = self.raw_until.take() {
            self.skip_raw(tag);
        }
        if self.rest.is_empty() {
            return None;
        }
        let rest = self.rest;
        let Some(lt) = rest.find('<') else {
            self.rest = "";
            return Some(Token::Text(rest));
        };
        if lt > 0 {
            self.rest = rest.get(lt..).unwrap_or_default();
            return Some(Token::Text(rest.get(..lt).unwrap_or_default()));
        }
        let after = rest.get(1..).unwrap_or_default();
        if let Some(comment) = after.strip_prefix("!--") {
            let (body, tail) = match comment.find("-->") {
                Some(end) => (
                    comment.get(..end).unwrap_or_default(),
                    comment.get(end + 3..).unwrap_or_default(),
                ),
                None => (comment, ""),
            };
            self.rest = tail;
            return Some(Token::Comment(body));
        }
        let first = after.chars().next();
        let is_end = first == Some('/');
        let name_from = if is_end {
            after.get(1..).unwrap_or_default()
        } else {
            after
        };
        let starts_name = name_from
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic());
        if !(starts_name || first == Some('!') || first == Some('?')) {
            // A lone `<` is text.
            self.rest = after;
            return Some(Token::Text("<"));
        }
        let Some(close) = tag_end(after) else {
            // An unclosed tag at the end: drop it rather than show markup.
            self.rest = "";
            return None;
        };
        let inside = after.get(..close).unwrap_or_default();
        self.rest = after.get(close + 1..).unwrap_or_default();
        if !starts_name {
            // <!DOCTYPE …>, <?xml …?>
            return self.next();
        }
        let name_len = name_from
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .unwrap_or(name_from.len());
        let name = name_from
            .get(..name_len)
            .unwrap_or_default()
            .to_ascii_lowercase();
        if is_end {
            return Some(Token::End { name });
        }
        let attrs = inside.get(name_len..).unwrap_or_default();
        let self_closing = attrs.trim_end().ends_with('/');
        if !self_closing {
            self.raw_until = match name.as_str() {
                "script" => Some("script"),
                "style" => Some("style"),
                _ => None,
            };
        }
        Some(Token::Start { name, attrs })
    }
}

/// Index of the `>` that ends a tag, skipping quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '>' => return Some(i),
            None => {}
        }
    }
    None
}

/// The value of attribute `key` in raw attribute text.
fn attr(attrs: &str, key: &str) -> Option<String> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest.get(..name_len).unwrap_or_default();
        rest = rest.get(name_len..).unwrap_or_default().trim_start();
        let mut value = None;
        if let Some(after_eq) = rest.strip_prefix('=') {
            let after_eq = after_eq.trim_start();
            let (v, tail) = match after_eq.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = after_eq.get(1..).unwrap_or_default();
                    match body.find(q) {
                        Some(end) => (
                            body.get(..end).unwrap_or_default(),
                            body.get(end + 1..).unwrap_or_default(),
                        ),
                        None => (body, ""),
                    }
                }
                _ => {
                    let end = after_eq.find(char::is_whitespace).unwrap_or(after_eq.len());
                    (
                        after_eq.get(..end).unwrap_or_default(),
                        after_eq.get(end..).unwrap_or_default(),
                    )
                }
            };
            value = Some(v);
            rest = tail;
        }
        if name.eq_ignore_ascii_case(key) {
            return Some(decode_entities(value.unwrap_or_default()));
        }
        if name.is_empty() {
            // Garbage such as a stray `=`: skip one character and go on.
            let mut chars = rest.chars();
            chars.next();
            rest = chars.as_str();
        }
    }
}

/// Elements that separate blocks of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "body"
            | "head"
            | "html"
            | "hr"
            | "dd"
            | "dt"
            | "dl"
            | "figure"
            | "figcaption"
            | "nav"
            | "aside"
            | "title"
            | "cite"
            | "time"
            | "pre"
    )
}

/// Appends raw text with entities decoded. Whitespace is kept as written:
/// the builder collapses it, and inline tags (`<b>com</b>post`) must not
/// split a word.
fn push_text(buf: &mut String, raw: &str) {
    buf.push_str(&decode_entities(raw));
}

// ---------------------------------------------------------------------------
// Podcasting 2.0 HTML (and any other HTML).

#[derive(Clone, Copy, PartialEq)]
enum Capture {
    Body,
    Title,
    Cite,
    Time,
    /// `<h1>` (true) or `<h2>`–`<h6>`.
    Heading(bool),
    /// Inside `<head>` (other than `<title>`): not content.
    Head,
}

/// Collects the text of `<p>` and other blocks as turns, with the speaker
/// of the last `<cite>` and the start of the last `<time>`.
struct PodcastReader<'b> {
    b: &'b mut TranscriptBuilder,
    /// Without `<cite>` speakers every paragraph is its own turn, as in prose.
    has_speakers: bool,
    have_title: bool,
    speaker: Option<String>,
    start: Option<f64>,
    para: String,
}

impl PodcastReader<'_> {
    fn flush(&mut self) {
        if !self.para.trim().is_empty() {
            if !self.has_speakers {
                self.b.break_turn();
            }
            let start = self.start.take();
            self.b
                .push(self.speaker.as_deref(), start, None, &self.para);
        }
        self.para.clear();
    }

    fn title(&mut self, title: &str) {
        if !title.trim().is_empty() && !self.have_title {
            self.b.set_title(title);
            self.have_title = true;
        }
    }
}

fn podcast(b: &mut TranscriptBuilder, text: &str) {
    let mut r = PodcastReader {
        b,
        has_speakers: contains_tag(text, "cite"),
        have_title: false,
        speaker: None,
        start: None,
        para: String::new(),
    };
    let mut capture = Capture::Body;
    let mut captured = String::new();
    let mut in_head = false;
    // Depth inside <nav>: site navigation is not content.
    let mut nav = 0usize;
    for token in Scanner::new(text) {
        match &token {
            Token::Start { name, .. } if name == "nav" => nav += 1,
            Token::End { name } if name == "nav" => nav = nav.saturating_sub(1),
            Token::Text(_) if nav > 0 => continue,
            _ => {}
        }
        match token {
            Token::Text(raw) => match capture {
                Capture::Body => push_text(&mut r.para, raw),
                Capture::Head => {}
                _ => push_text(&mut captured, raw),
            },
            Token::Comment(_) => {}
            Token::Start { name, .. } => {
                if is_block(&name) {
                    r.flush();
                }
                let next = match name.as_str() {
                    "head" => {
                        in_head = true;
                        Some(Capture::Head)
                    }
                    "title" => Some(Capture::Title),
                    "cite" => Some(Capture::Cite),
                    "time" => Some(Capture::Time),
                    "h1" => Some(Capture::Heading(true)),
                    "h2" | "h3" | "h4" | "h5" | "h6" => Some(Capture::Heading(false)),
                    _ => None,
                };
                if let Some(next) = next {
                    capture = next;
                    captured.clear();
                }
            }
            Token::End { name } => {
                let ended = match (name.as_str(), capture) {
                    ("title", Capture::Title) => {
                        r.title(&captured);
                        true
                    }
                    ("cite", Capture::Cite) => {
                        let name = captured.trim().trim_end_matches(':').trim();
                        if !name.is_empty() {
                            r.speaker = Some(name.to_string());
                        }
                        true
                    }
                    ("time", Capture::Time) => {
                        r.start = lenient_clock(&captured).or(r.start);
                        true
                    }
                    ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", Capture::Heading(h1)) => {
                        if h1 && r.b.turn_count() == 0 && !r.have_title {
                            r.title(&captured);
                        } else {
                            r.b.section(&captured);
                        }
                        true
                    }
                    ("head", _) => {
                        in_head = false;
                        true
                    }
                    _ => false,
                };
                if ended {
                    captured.clear();
                    capture = if in_head {
                        Capture::Head
                    } else {
                        Capture::Body
                    };
                } else if is_block(&name) {
                    r.flush();
                }
            }
        }
    }
    r.flush();
}

// ---------------------------------------------------------------------------
// noScribe HTML.

/// A noScribe anchor name `ts_<start ms>_<end ms>_<speaker>`: times in
/// seconds and the speaker code (`S00`, `//S01` for overlapping speech).
fn ts_anchor(name: &str) -> Option<(f64, f64, String)> {
    let rest = name.strip_prefix("ts_")?;
    let mut parts = rest.splitn(3, '_');
    let start: f64 = parts.next()?.parse().ok()?;
    let end: f64 = parts.next()?.parse().ok()?;
    let speaker = parts.next().unwrap_or_default();
    // The speaker is the part up to any further `_`.
    let speaker = speaker.split('_').next().unwrap_or_default().to_string();
    Some((start / 1000.0, end / 1000.0, speaker))
}

/// A run of text in a noScribe paragraph with the times of its anchor.
struct Piece {
    text: String,
    start: Option<f64>,
    end: Option<f64>,
    speaker: String,
    /// Which anchor the text is in: text split by inline tags (`<span>`)
    /// inside one anchor is one piece, so words are not broken apart.
    anchor: Option<usize>,
}

#[derive(Default)]
struct Paragraph {
    pieces: Vec<Piece>,
    anchored: bool,
}

fn noscribe(b: &mut TranscriptBuilder, text: &str) {
    let paragraphs = noscribe_paragraphs(b, text);
    let any_anchor = paragraphs.iter().any(|p| p.anchored);
    let inline = if any_anchor {
        Vec::new()
    } else {
        inline_speakers(&paragraphs)
    };
    // noScribe writes the audio file's name, then a grey line about the
    // transcription, before the first timed paragraph: the first is the
    // title, the rest is not content.
    let mut header = true;
    let mut first = true;
    for p in &paragraphs {
        let plain: String = p.pieces.iter().map(|x| x.text.as_str()).collect();
        let plain = plain.trim();
        if plain.is_empty() {
            continue;
        }
        if header {
            let is_header = if any_anchor {
                !p.anchored
            } else {
                plain.to_lowercase().contains("noscribe")
                    || leading_label(plain).is_some_and(|(l, v)| is_header_field(l, v))
                    || (first
                        && leading_label(plain).is_none()
                        && plain.split_whitespace().count() <= 12)
            };
            if is_header {
                if first {
                    b.set_title(plain);
                }
                first = false;
                continue;
            }
            header = false;
        }
        noscribe_paragraph(b, p, &inline);
    }
}

/// Older noScribe (0.3) has no time anchors and writes the speaker as text,
/// `S00: …`, at the start of a paragraph. Labels that start two paragraphs
/// or more are the file's speakers (a one-off `Note:` is not).
fn inline_speakers(paragraphs: &[Paragraph]) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for p in paragraphs {
        let plain: String = p.pieces.iter().map(|x| x.text.as_str()).collect();
        if let Some((label, rest)) = leading_label(&plain) {
            if is_header_field(label, rest) || label.contains(['<', '>', '"']) {
                continue;
            }
            if let Some((_, n)) = counts.iter_mut().find(|(l, _)| l == label) {
                *n += 1;
            } else if counts.len() < 256 {
                counts.push((label.to_string(), 1));
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(l, _)| l)
        .collect()
}

fn noscribe_paragraphs(b: &mut TranscriptBuilder, text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut current = Paragraph::default();
    let mut anchor: Option<(f64, f64, String)> = None;
    let mut anchor_id: Option<usize> = None;
    let mut anchors = 0;
    let mut in_title = false;
    let mut in_head = false;
    let mut title = String::new();
    for token in Scanner::new(text) {
        match token {
            Token::Text(raw) => {
                if in_title {
                    push_text(&mut title, raw);
                } else if !in_head {
                    let text = decode_entities(raw);
                    match current.pieces.last_mut() {
                        Some(last) if last.anchor == anchor_id => last.text.push_str(&text),
                        _ => current.pieces.push(Piece {
                            text,
                            start: anchor.as_ref().map(|a| a.0),
                            end: anchor.as_ref().map(|a| a.1),
                            speaker: anchor.as_ref().map(|a| a.2.clone()).unwrap_or_default(),
                            anchor: anchor_id,
                        }),
                    }
                }
            }
            Token::Comment(_) => {}
            Token::Start { name, attrs } => match name.as_str() {
                "a" => {
                    anchor = attr(attrs, "name").and_then(|n| ts_anchor(&n));
                    anchor_id = None;
                    if anchor.is_some() {
                        current.anchored = true;
                        anchors += 1;
                        anchor_id = Some(anchors);
                    }
                }
                "title" => in_title = true,
                "head" => in_head = true,
                "br" => {
                    if let Some(last) = current.pieces.last_mut() {
                        last.text.push(' ');
                    }
                }
                n if is_block(n) => out.push(std::mem::take(&mut current)),
                _ => {}
            },
            Token::End { name } => match name.as_str() {
                "a" => {
                    anchor = None;
                    anchor_id = None;
                }
                "title" => {
                    in_title = false;
                    b.set_title(&title);
                }
                "head" => in_head = false,
                n if is_block(n) => out.push(std::mem::take(&mut current)),
                _ => {}
            },
        }
    }
    out.push(current);
    out
}

/// `S00:` (or a renamed speaker, `Interviewer:`) at the start of text.
fn leading_label(text: &str) -> Option<(&str, &str)> {
    let trimmed = text.trim_start();
    let (label, rest) = trimmed.split_once(':')?;
    let label = label.trim();
    let ok = !label.is_empty()
        && label.chars().count() <= MAX_LABEL_CHARS
        && label.split_whitespace().count() <= MAX_LABEL_WORDS
        && !label.contains("//")
        && !label.chars().all(|c| c.is_ascii_digit() || c == '[');
    ok.then_some((label, rest))
}

/// Removes `[hh:mm:ss]` time stamps that noScribe writes into the text.
fn strip_timestamps(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = rest.get(open + 1..).unwrap_or_default();
        let close = after.find(']');
        let is_time = close.is_some_and(|c| {
            let inner = after.get(..c).unwrap_or_default();
            inner.contains(':')
                && inner
                    .chars()
                    .all(|ch| ch.is_ascii_digit() || ch == ':' || ch == '.')
        });
        out.push_str(rest.get(..open).unwrap_or_default());
        match (is_time, close) {
            (true, Some(c)) => rest = after.get(c + 1..).unwrap_or_default(),
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Pushes one noScribe paragraph: the label at its start names the speaker;
/// text between `//` marks is overlapping speech, by the speaker its own
/// label names (`//S01: yes//`), with the slashes dropped.
fn noscribe_paragraph(b: &mut TranscriptBuilder, p: &Paragraph, inline: &[String]) {
    let anchor_speaker = p
        .pieces
        .iter()
        .map(|x| x.speaker.trim_start_matches('/'))
        .find(|s| !s.is_empty())
        .map(str::to_string);
    let mut speaker: Option<String> = anchor_speaker.clone();
    let mut overlap: Option<Option<String>> = None;
    let mut at_start = true;
    for piece in &p.pieces {
        let text = strip_timestamps(&piece.text);
        let mut first = true;
        for part in split_overlaps(&text) {
            let mut part = part;
            if !first {
                overlap = match overlap {
                    Some(_) => None,
                    None => Some(None),
                };
            }
            first = false;
            if let Some(o) = overlap.as_mut() {
                if o.is_none() {
                    if let Some((label, rest)) = leading_label(part) {
                        *o = Some(label.to_string());
                        part = rest;
                    } else if part.trim().is_empty() {
                        continue;
                    }
                }
            } else if at_start && !part.trim().is_empty() {
                at_start = false;
                if let Some((label, rest)) = leading_label(part) {
                    if anchor_speaker.is_some() || inline.iter().any(|l| l == label) {
                        speaker = Some(label.to_string());
                        part = rest;
                    }
                }
            }
            let who = match &overlap {
                Some(Some(o)) => Some(o.as_str()),
                _ => speaker.as_deref(),
            };
            b.push(who, piece.start, piece.end, part);
        }
    }
}

/// Splits at `//` overlap marks, leaving `://` (URLs) alone.
fn split_overlaps(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut from = 0;
    let mut search = 0;
    while let Some(pos) = text.get(search..).and_then(|r| r.find("//")) {
        let at = search + pos;
        if at > 0 && text.get(at - 1..at) == Some(":") {
            search = at + 2;
            continue;
        }
        parts.push(text.get(from..at).unwrap_or_default());
        from = at + 2;
        search = from;
    }
    parts.push(text.get(from..).unwrap_or_default());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanner_skips_scripts_comments_and_keeps_text() {
        let html = "<!DOCTYPE html><p class='x'>a &amp; b<script>if (a<b) {}</script>c</p><!-- hi --><style>p{}</style>< not a tag <b";
        let tokens: Vec<Token> = Scanner::new(html).collect();
        let texts: String = tokens
            .iter()
            .filter_map(|t| match t {
                Token::Text(s) => Some(*s),
                _ => None,
            })
            .collect();
        assert_eq!(texts, "a &amp; bc< not a tag ");
        assert!(tokens.contains(&Token::Comment(" hi ")));
    }

    #[test]
    fn attributes_in_any_quoting() {
        assert_eq!(
            attr(r#" name="ts_1_2_S00" id=x"#, "name").as_deref(),
            Some("ts_1_2_S00")
        );
        assert_eq!(attr(" id=x name='a&amp;b'", "name").as_deref(), Some("a&b"));
        assert_eq!(attr(" name=plain >", "NAME").as_deref(), Some("plain"));
        assert_eq!(attr(" = = broken", "name"), None);
        assert_eq!(attr(" disabled", "name"), None);
    }

    #[test]
    fn anchors_and_overlaps() {
        assert_eq!(
            ts_anchor("ts_1500_3000_S01"),
            Some((1.5, 3.0, "S01".into()))
        );
        assert_eq!(
            ts_anchor("ts_1500_3000_//S01_x"),
            Some((1.5, 3.0, "//S01".into()))
        );
        assert_eq!(ts_anchor("ts_x_1_S"), None);
        assert_eq!(split_overlaps("a //S01: b// c"), ["a ", "S01: b", " c"]);
        assert_eq!(
            split_overlaps("see https://x.org now"),
            ["see https://x.org now"]
        );
        assert_eq!(
            strip_timestamps("S00: [00:01:02] Hi [sic]"),
            "S00:  Hi [sic]"
        );
    }

    #[test]
    fn sniff_tolerates_bom_crlf_and_leaves_other_text_alone() {
        let podcast = "\u{feff}\r\n<cite>Ana:</cite>\r\n<p>Hi.</p>\r\n";
        assert_eq!(sniff(podcast).map(|d| d.format), Some(Format::PodcastHtml));
        let noscribe = "<html><head><meta name=\"generator\" content=\"noScribe\"></head><body><p>S00: Hi.</p></body></html>";
        assert_eq!(
            sniff(noscribe).map(|d| d.format),
            Some(Format::NoscribeHtml)
        );
        for other in [
            "Hello <p> there",
            "<v Ana>Hi",
            "# Title\n\n<!-- note -->",
            "WEBVTT\n\n<p>",
        ] {
            assert_eq!(sniff(other), None, "{other}");
        }
    }

    #[test]
    fn cite_inside_a_paragraph_names_its_speaker() {
        let t = parse(
            "<p><cite>Ana:</cite> Hello.</p><p><cite>Ben:</cite> Hi.</p>",
            Format::PodcastHtml,
        );
        let got: Vec<_> = t
            .turns
            .iter()
            .map(|x| (t.speaker_name(x), x.text.as_str()))
            .collect();
        assert_eq!(got, [(Some("Ana"), "Hello."), (Some("Ben"), "Hi.")]);
    }

    #[test]
    fn noscribe_without_speaker_detection_keeps_colons_and_renamed_labels_win() {
        let html = "<p>talk</p><p><a name=\"ts_0_1000_\">Note: the mic was off.</a><a name=\"ts_1000_2000_\"> Then it worked.</a></p>";
        let t = parse(html, Format::NoscribeHtml);
        assert_eq!(t.title.as_deref(), Some("talk"));
        assert_eq!(t.turns.len(), 1);
        assert_eq!(t.turns[0].speaker, None);
        assert_eq!(t.turns[0].text, "Note: the mic was off. Then it worked.");
        assert_eq!(t.turns[0].end, Some(2.0));

        let html = "<p><a name=\"ts_0_1000_S00\">Interviewer: Hi.</a></p><p><a name=\"ts_1000_2000_S01\">S01: Hello.</a></p>";
        let t = parse(html, Format::NoscribeHtml);
        let got: Vec<_> = t
            .turns
            .iter()
            .map(|x| (t.speaker_name(x), x.text.as_str()))
            .collect();
        // An unrenamed `S01` is a machine id: shown as "Speaker 1", the
        // first such speaker, and kept as the speaker's id.
        assert_eq!(
            got,
            [(Some("Interviewer"), "Hi."), (Some("Speaker 1"), "Hello.")]
        );
        assert_eq!(t.speakers[1].id.as_deref(), Some("S01"));
    }

    #[test]
    fn broken_html_never_leaks_markup() {
        for html in [
            "<p>unclosed <b",
            "<p>a</p><",
            "<<<>>>",
            "<p>x<script>never closed",
            "<a name=\"ts_1_2_S00\">x",
        ] {
            for format in [Format::PodcastHtml, Format::NoscribeHtml] {
                let t = parse(html, format);
                for turn in &t.turns {
                    assert!(
                        !turn.text.contains("<b") && !turn.text.contains("script"),
                        "{html}: {}",
                        turn.text
                    );
                }
            }
        }
    }
}
