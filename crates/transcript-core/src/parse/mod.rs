//! Parsers: one module per format family, each turning text into a
//! [`Transcript`] through a [`crate::TranscriptBuilder`].
//!
//! [`parse`] detects the format and parses; [`parse_as`] forces one. Neither
//! fails on text it does not recognise: it falls back to paragraphs and says
//! so in the transcript's warnings. The only errors are inputs that are not
//! text at all.

use thiserror::Error;

use crate::format::Format;
use crate::model::Transcript;
use std::borrow::Cow;

use crate::text::normalized_input;

pub use read::{format_choices, read, Choice, ReadAs, Reading};

pub mod article;
pub mod ass;
mod cue;
pub mod detect;
pub mod docx;
pub mod html;
pub mod induce;
pub mod json;
pub mod labels;
pub mod markdown;
pub mod plain;
pub mod read;
pub mod sbv;
pub mod script;
pub mod srt;
pub mod ttml;
pub mod webvtt;
mod xml;
pub mod zip;

/// Input that cannot be read as a transcript at all.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    #[error("The transcript is empty: paste or open a file with some text in it.")]
    Empty,
    #[error("This looks like a binary file, not text: open a transcript file such as .vtt, .srt, .txt, .md, .json or .html.")]
    Binary,
    #[error("The file is not UTF-8 text: save it as UTF-8 and open it again.")]
    NotUtf8,
    /// A document that cannot be read (a damaged Word file, a zip bomb),
    /// with the sentence that says why.
    #[error("{0}")]
    Unreadable(String),
}

/// Reads bytes as a transcript: checks they are UTF-8 text, then [`parse`]s.
pub fn parse_bytes(bytes: &[u8]) -> Result<Transcript, ParseError> {
    if zip::is_zip(bytes) {
        let doc = word_document(bytes)?;
        let mut t = parse(&doc.text)?;
        doc.describe(&mut t);
        return Ok(t);
    }
    if looks_binary(bytes) {
        return Err(ParseError::Binary);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ParseError::NotUtf8)?;
    parse(text)
}

/// A zip archive's text as a Word document, or the sentence saying why not.
fn word_document(bytes: &[u8]) -> Result<docx::Docx, ParseError> {
    let doc = docx::read(bytes).map_err(ParseError::Unreadable)?;
    if doc.text.trim().is_empty() {
        return Err(ParseError::Unreadable(
            "The Word document has no text in it.".to_string(),
        ));
    }
    Ok(doc)
}

/// Detects the format of `text` and parses it: [`read`] with
/// [`ReadAs::AUTO`] (a text format that finds no speaker falls back on the
/// best label shape [`induce`]d from the document).
pub fn parse(text: &str) -> Result<Transcript, ParseError> {
    let text = checked(text)?;
    Ok(read::read_auto(&text))
}

/// Parses `text` as `format`, whatever detection would say.
pub fn parse_as(format: Format, text: &str) -> Result<Transcript, ParseError> {
    let text = checked(text)?;
    Ok(parse_normalized(format, &text))
}

fn checked(text: &str) -> Result<Cow<'_, str>, ParseError> {
    if looks_binary(text.as_bytes()) {
        return Err(ParseError::Binary);
    }
    let text = normalized_input(text);
    if text.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    Ok(text)
}

/// Parses, then cuts speaker-less text and very long turns into paragraphs
/// ([`crate::paragraphs`]), whatever the format.
fn parse_normalized(format: Format, text: &str) -> Transcript {
    let mut parsed = parse_format(format, text);
    crate::paragraphs::split_long_turns(&mut parsed);
    parsed
}

fn parse_format(format: Format, text: &str) -> Transcript {
    let parsed = match format {
        Format::WebVtt => webvtt::parse(text),
        Format::Srt => srt::parse(text),
        Format::PlainScript | Format::Rev | Format::Otter | Format::YoutubeCopied => {
            script::parse(text, format)
        }
        Format::Markdown => markdown::parse(text),
        Format::Article => article::parse(text),
        Format::WhisperJson
        | Format::AssemblyaiJson
        | Format::DeepgramJson
        | Format::RevaiJson
        | Format::PodloveJson
        | Format::PodcastJson => json::parse(text, format),
        Format::PodcastHtml | Format::NoscribeHtml => html::parse(text, format),
        Format::Ttml | Format::YoutubeTimedText if text.trim_start().starts_with('<') => {
            ttml::parse(text)
        }
        Format::Sbv => sbv::parse(text),
        Format::Ass => ass::parse(text),
        Format::YoutubeTimedText
        | Format::GoogleSttJson
        | Format::AmazonTranscribeJson
        | Format::AzureSpeechJson
        | Format::SpeechmaticsJson
        | Format::OpenaiJson => json::parse(text, format),
        Format::Ttml | Format::Docx => plain::parse(text),
        Format::PlainText => return plain::parse(text),
    };
    if parsed.turns.is_empty() {
        let mut fallback = plain::parse(text);
        fallback.warnings.insert(
            0,
            format!(
                "The text did not parse as {}: it is shown as plain paragraphs.",
                format.label()
            ),
        );
        return fallback;
    }
    parsed
}

/// Many control characters (NUL among them) in the first 8 KiB mean binary.
/// A few NULs in text are read (as U+FFFD, see [`normalized_input`]): a
/// WebVTT file with a stray NUL is still a WebVTT file.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = bytes.get(..8192).unwrap_or(bytes);
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control * 20 > head.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_binary_input_are_errors_with_a_sentence() {
        assert_eq!(parse("  \n\t "), Err(ParseError::Empty));
        assert_eq!(
            parse_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(ParseError::Binary)
        );
        assert_eq!(parse_bytes(&[0xff, 0xfe, b'a']), Err(ParseError::NotUtf8));
        assert!(ParseError::Binary.to_string().contains("binary"));
    }

    #[test]
    fn a_stray_nul_is_text_but_dense_nuls_are_binary() {
        let t = parse_bytes(b"WEBVTT\n\n00:01.000 --> 00:02.000\nA\0B").unwrap();
        assert_eq!(t.metadata.format, Format::WebVtt);
        assert_eq!(t.turns[0].text, "A\u{fffd}B");
        // UTF-16 without a BOM is valid UTF-8, half of it NUL.
        let utf16: Vec<u8> = "WEBVTT\n\n00:01.000 --> 00:02.000\nHello"
            .bytes()
            .flat_map(|b| [b, 0])
            .collect();
        assert_eq!(parse_bytes(&utf16), Err(ParseError::Binary));
    }

    #[test]
    fn unknown_text_falls_back_to_paragraphs() {
        let t = parse("First paragraph\ncontinues here.\n\nSecond one.").unwrap();
        assert_eq!(t.metadata.format, Format::PlainText);
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[0].text, "First paragraph continues here.");
    }
}
