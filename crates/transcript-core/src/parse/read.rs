//! Reading with a choice: the format, and the label shape, a person (or
//! detection) picked, what was applied, and the other readings on offer.
//!
//! [`read`] is what the app's "Read as…" menu calls: [`ReadAs::AUTO`] is
//! [`crate::parse::parse`]; any other choice forces a format and, for the
//! line-based text formats, a label shape found by [`induce`]. A choice
//! travels as a short [`ReadAs::key`] (`auto`, `markdown`,
//! `markdown/bold-own-line`) that fits a URL fragment.
//!
//! Decisions:
//! - Label shapes apply to the line-based text formats (`Name: text`
//!   script and its Rev/Otter/YouTube forms, Markdown, article, plain
//!   text). Cue files, JSON and HTML carry their speakers in their own
//!   structure: a shape in their key is ignored, and they offer no shapes.
//! - "JSON" and "HTML" in the menu are families, not one tool: their entry
//!   is keyed `json` / `html` and reads the text as whichever JSON (HTML)
//!   format its shape shows, Whisper JSON (Podcasting 2.0 HTML) when none.
//!   Forcing any one JSON or HTML format behaves the same way, so the
//!   applied [`Reading::read_as`] names the tool actually read.
//! - In Auto, and when a text format is forced without a shape, a reading
//!   that finds no speaker falls back on the best induced shape, if one
//!   scores at least [`induce::MIN_SCORE`] and names a speaker. Forcing
//!   plain text never does: it is the "just paragraphs" choice.

use serde::Serialize;

use super::induce::{self, Candidate, Shape};
use super::{checked, parse_normalized, ParseError};
use crate::format::{Detection, Format};
use crate::model::Transcript;

/// Texts up to this size get exact turn counts for each choice; longer ones
/// an estimate from the scored sample (counting means reading once more).
const EXACT_CHOICE_BYTES: usize = 2_000_000;

/// How to read a text: a format (`None`: detect it) and a label shape id
/// (`None`: the format's own rules, or the best shape when they find none).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ReadAs {
    pub format: Option<Format>,
    pub shape: Option<String>,
}

impl Default for ReadAs {
    fn default() -> Self {
        ReadAs::AUTO
    }
}

impl ReadAs {
    /// Detect the format, read it with its own rules.
    pub const AUTO: ReadAs = ReadAs {
        format: None,
        shape: None,
    };

    pub fn auto() -> ReadAs {
        ReadAs::AUTO
    }

    /// `auto`, `<format id>` or `<format id>/<shape id>` (`auto/<shape id>`
    /// for a shape with the format detected). Only `[a-z0-9-/]`.
    pub fn key(&self) -> String {
        let format = self.format.map_or("auto", Format::id);
        match self.shape.as_deref().and_then(Shape::from_id) {
            Some(shape) => format!("{format}/{}", shape.id()),
            None => format.to_string(),
        }
    }

    /// The choice a key names; `None` for a key naming no known format or
    /// shape. Tolerant of case, surrounding space and a trailing `/`;
    /// `json` and `html` name those families (see the module notes).
    pub fn from_key(key: &str) -> Option<ReadAs> {
        let key = key.trim().to_ascii_lowercase();
        let key = key.trim_end_matches('/');
        let (format, shape) = match key.split_once('/') {
            Some((f, s)) => (f, Some(s)),
            None => (key, None),
        };
        let format = match format {
            "auto" | "" => None,
            "json" => Some(Format::WhisperJson),
            "html" => Some(Format::PodcastHtml),
            id => Some(Format::from_id(id)?),
        };
        let shape = match shape {
            Some(s) => Some(Shape::from_id(s)?.id().to_string()),
            None => None,
        };
        if format.is_none() && shape.is_none() && !matches!(key, "auto" | "") {
            return None;
        }
        Some(ReadAs { format, shape })
    }

    /// The menu entry (see [`format_choices`]) this choice belongs to:
    /// `auto`, `json` and `html` for the families, else the format's id.
    pub fn menu_key(&self) -> &'static str {
        match self.format {
            None => "auto",
            Some(f) if is_json(f) => "json",
            Some(f) if is_html(f) => "html",
            Some(Format::Rev | Format::Otter | Format::YoutubeCopied) => "plain-script",
            Some(f) => f.id(),
        }
    }
}

/// A text read one way, and the other ways on offer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    pub transcript: Transcript,
    /// What was applied: the resolved format and shape.
    pub read_as: ReadAs,
    /// One line: "Read as Markdown, speakers from bold names on their own line".
    pub summary: String,
    /// The label shapes found in this text, best first.
    pub choices: Vec<Choice>,
    /// The text that was read, when it is not the input's bytes: a Word
    /// document's paragraphs, one a line (what "Read as…" reads again).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A label shape found in a text, as a menu entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    pub read_as: ReadAs,
    /// "bold names on their own line".
    pub label: String,
    /// A line of the file in that shape.
    pub example: String,
    pub turns: usize,
    pub score: f64,
}

/// The formats of the "Read as…" menu, with their names.
pub fn format_choices() -> Vec<(ReadAs, &'static str)> {
    let f = |format: Format| ReadAs {
        format: Some(format),
        shape: None,
    };
    vec![
        (ReadAs::AUTO, "Auto"),
        (f(Format::WebVtt), "WebVTT"),
        (f(Format::Srt), "SRT"),
        (f(Format::PlainScript), Format::PlainScript.label()),
        (f(Format::Markdown), "Markdown"),
        (f(Format::Article), "Article"),
        (f(Format::WhisperJson), "JSON"),
        (f(Format::PodcastHtml), "HTML"),
        (f(Format::PlainText), "Plain paragraphs"),
    ]
}

fn is_json(f: Format) -> bool {
    matches!(
        f,
        Format::WhisperJson
            | Format::AssemblyaiJson
            | Format::DeepgramJson
            | Format::RevaiJson
            | Format::PodloveJson
            | Format::PodcastJson
            | Format::GoogleSttJson
            | Format::AmazonTranscribeJson
            | Format::AzureSpeechJson
            | Format::SpeechmaticsJson
            | Format::OpenaiJson
    )
}

fn is_html(f: Format) -> bool {
    matches!(f, Format::PodcastHtml | Format::NoscribeHtml)
}

/// The formats a label shape can read.
pub fn takes_shapes(f: Format) -> bool {
    matches!(
        f,
        Format::PlainScript
            | Format::Rev
            | Format::Otter
            | Format::YoutubeCopied
            | Format::Markdown
            | Format::Article
            | Format::PlainText
    )
}

/// Reads bytes as `how` says: checks they are UTF-8 text, then [`read`]s.
pub fn read_bytes(bytes: &[u8], how: &ReadAs) -> Result<Reading, ParseError> {
    if super::zip::is_zip(bytes) {
        let doc = super::word_document(bytes)?;
        let mut reading = read(&doc.text, how)?;
        doc.describe(&mut reading.transcript);
        reading.summary = format!("Word document: {}", reading.summary);
        reading.text = Some(doc.text);
        return Ok(reading);
    }
    if super::looks_binary(bytes) {
        return Err(ParseError::Binary);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ParseError::NotUtf8)?;
    read(text, how)
}

/// Reads `text` as `how` says. Fails only where [`crate::parse::parse`]
/// fails (empty or binary input).
pub fn read(text: &str, how: &ReadAs) -> Result<Reading, ParseError> {
    let text = checked(text)?;
    let (transcript, applied, detection, candidates) = resolve(&text, how);
    let summary = summary(&applied, detection.as_ref(), &transcript);
    let takes = applied.format.is_some_and(takes_shapes);
    let choices = match candidates {
        Some(c) => choices(&text, &c, applied.format),
        None if takes => choices(&text, &induce::candidates(&text), applied.format),
        None => Vec::new(),
    };
    Ok(Reading {
        transcript,
        read_as: applied,
        summary,
        choices,
        text: None,
    })
}

/// The transcript [`crate::parse::parse`] gives: [`read`] with
/// [`ReadAs::AUTO`], without the choices.
pub(crate) fn read_auto(text: &str) -> Transcript {
    resolve(text, &ReadAs::AUTO).0
}

/// Parses normalized text as `how` says: the transcript, what was applied,
/// the detection (when the format was detected) and the scored shapes
/// (when they were needed to decide).
fn resolve(
    text: &str,
    how: &ReadAs,
) -> (
    Transcript,
    ReadAs,
    Option<Detection>,
    Option<Vec<Candidate>>,
) {
    let (format, detection) = match how.format {
        None => {
            let d = super::detect::detect(text);
            (d.format, Some(d))
        }
        Some(f) if is_json(f) => (
            super::json::sniff(text)
                .map(|d| d.format)
                .filter(|&d| is_json(d))
                .unwrap_or(f),
            None,
        ),
        Some(f) if is_html(f) => (
            super::html::sniff(text)
                .map(|d| d.format)
                .filter(|&d| is_html(d))
                .unwrap_or(f),
            None,
        ),
        Some(f) => (f, None),
    };
    let applied = |shape: Option<Shape>| ReadAs {
        format: Some(format),
        shape: shape.map(|s| s.id().to_string()),
    };
    if !takes_shapes(format) {
        return (
            parse_normalized(format, text),
            applied(None),
            detection,
            None,
        );
    }
    if let Some(shape) = how.shape.as_deref().and_then(Shape::from_id) {
        let t = induce::read_with(text, shape, format);
        if !t.turns.is_empty() {
            return (t, applied(Some(shape)), detection, None);
        }
    }
    let parsed = parse_normalized(format, text);
    let forced_plain = how.format == Some(Format::PlainText);
    // Shapes are scored only where they may be needed: a reading with no
    // speaker (`parse` on a well-labelled 10 MB script pays nothing).
    if parsed.speakers.is_empty() && !forced_plain {
        let candidates = induce::candidates(text);
        if let Some(best) = candidates.first().filter(|c| c.score >= induce::MIN_SCORE) {
            let shaped = if matches!(format, Format::PlainText | Format::YoutubeCopied) {
                best.shape.format()
            } else {
                format
            };
            let t = induce::read_with(text, best.shape, shaped);
            if !t.speakers.is_empty() {
                let read_as = ReadAs {
                    format: Some(shaped),
                    shape: Some(best.shape.id().to_string()),
                };
                return (t, read_as, detection, Some(candidates));
            }
        }
        return (parsed, applied(None), detection, Some(candidates));
    }
    (parsed, applied(None), detection, None)
}

fn summary(applied: &ReadAs, detection: Option<&Detection>, t: &Transcript) -> String {
    let format = applied.format.map_or("Auto", Format::label);
    let how = match applied.shape.as_deref().and_then(Shape::from_id) {
        Some(shape) => format!("speakers from {}", shape.label()),
        None if t.speakers.is_empty() => "no speaker labels found".to_string(),
        None => match detection {
            Some(d) => d.evidence.clone(),
            None => "as chosen".to_string(),
        },
    };
    format!("Read as {format}, {how}")
}

fn choices(text: &str, candidates: &[Candidate], format: Option<Format>) -> Vec<Choice> {
    let sampled: usize = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(induce::SAMPLE_LINES)
        .map(|l| l.len() + 1)
        .sum();
    candidates
        .iter()
        .filter(|c| c.score >= induce::MIN_SCORE / 4.0)
        .take(5)
        .map(|c| {
            let format = match format {
                Some(Format::PlainText) | None => c.shape.format(),
                Some(f) => f,
            };
            let turns = if text.len() <= EXACT_CHOICE_BYTES {
                induce::read_with(text, c.shape, format).turns.len()
            } else {
                c.labels.saturating_mul(text.len()) / sampled.max(1)
            };
            Choice {
                read_as: ReadAs {
                    format: Some(format),
                    shape: Some(c.shape.id().to_string()),
                },
                label: c.shape.label().to_string(),
                example: c.example.clone(),
                turns,
                score: c.score,
            }
        })
        .collect()
}

/// The scored shapes of a text with their reasons, for `--explain`.
pub fn explain(text: &str) -> Result<(Detection, Vec<Candidate>), ParseError> {
    let text = checked(text)?;
    Ok((super::detect::detect(&text), induce::candidates(&text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_bad_keys_are_none() {
        for (r, _) in format_choices() {
            let key = r.key();
            assert!(key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-/".contains(c)));
            assert_eq!(ReadAs::from_key(&key), Some(r));
        }
        let r = ReadAs::from_key(" Markdown/Bold-Own-Line/ ").unwrap();
        assert_eq!(r.key(), "markdown/bold-own-line");
        assert_eq!(ReadAs::from_key("json").unwrap().menu_key(), "json");
        assert_eq!(ReadAs::from_key("nope"), None);
        assert_eq!(ReadAs::from_key("markdown/nope"), None);
        assert_eq!(ReadAs::from_key("auto"), Some(ReadAs::AUTO));
        assert_eq!(
            ReadAs::from_key("auto/name-colon").unwrap().key(),
            "auto/name-colon"
        );
    }

    #[test]
    fn auto_is_parse() {
        let md = "**Mara** [0:00]\n\nHello there, we are live.\n\n**Tom** [0:12]\n\nThanks for having me.\n\n**Mara** [1:05]\n\nRight, let us start.\n";
        let r = read(md, &ReadAs::AUTO).unwrap();
        assert_eq!(Ok(r.transcript.clone()), super::super::parse(md));
        assert_eq!(r.read_as.key(), "markdown/bold-own-line");
        assert_eq!(
            r.summary,
            "Read as Markdown interview, speakers from bold names on their own line"
        );
        assert_eq!(r.choices.first().map(|c| c.turns), Some(3));
    }
}
