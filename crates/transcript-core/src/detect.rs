//! Format detection: which tool produced a text, and the evidence for it.
//!
//! Detection never fails: text that matches no known format is
//! [`Format::PlainText`], which parses as paragraphs. Each parser module
//! owns a `sniff` function that looks only at the text's shape; this module
//! asks them in order, most specific first, and the first that recognises the
//! text wins.

use serde::Serialize;

use crate::parse;

/// Every format the core can parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    WebVtt,
    Srt,
    /// `Name: text` lines, including WhisperX `[SPEAKER_00]:` and screenplay caps.
    PlainScript,
    /// Rev's `Name: (00:01:02)` header lines.
    Rev,
    /// Otter's `Name  0:03` header lines.
    Otter,
    /// A transcript copied from YouTube's transcript panel.
    YoutubeCopied,
    /// Markdown interviews (`**Name:**`, `# Title`, `>` answers).
    Markdown,
    /// News articles and prose with quotations.
    Article,
    WhisperJson,
    AssemblyaiJson,
    DeepgramJson,
    RevaiJson,
    PodloveJson,
    /// The Podcasting 2.0 transcript JSON.
    PodcastJson,
    /// The Podcasting 2.0 HTML transcript.
    PodcastHtml,
    NoscribeHtml,
    /// Anything else: paragraphs with no speakers.
    PlainText,
}

impl Format {
    /// Every format, in the order detection tries them.
    pub const ALL: [Format; 17] = [
        Format::WebVtt,
        Format::Srt,
        Format::PlainScript,
        Format::Rev,
        Format::Otter,
        Format::YoutubeCopied,
        Format::Markdown,
        Format::Article,
        Format::WhisperJson,
        Format::AssemblyaiJson,
        Format::DeepgramJson,
        Format::RevaiJson,
        Format::PodloveJson,
        Format::PodcastJson,
        Format::PodcastHtml,
        Format::NoscribeHtml,
        Format::PlainText,
    ];

    /// The stable machine name, as printed by the CLI (`webvtt`, `srt`, …).
    pub fn id(self) -> &'static str {
        match self {
            Format::WebVtt => "webvtt",
            Format::Srt => "srt",
            Format::PlainScript => "plain-script",
            Format::Rev => "rev",
            Format::Otter => "otter",
            Format::YoutubeCopied => "youtube-copied",
            Format::Markdown => "markdown",
            Format::Article => "article",
            Format::WhisperJson => "whisper-json",
            Format::AssemblyaiJson => "assemblyai-json",
            Format::DeepgramJson => "deepgram-json",
            Format::RevaiJson => "revai-json",
            Format::PodloveJson => "podlove-json",
            Format::PodcastJson => "podcast-json",
            Format::PodcastHtml => "podcast-html",
            Format::NoscribeHtml => "noscribe-html",
            Format::PlainText => "plain-text",
        }
    }

    /// The name a person knows the format by.
    pub fn label(self) -> &'static str {
        match self {
            Format::WebVtt => "WebVTT",
            Format::Srt => "SRT subtitles",
            Format::PlainScript => "Name: text script",
            Format::Rev => "Rev transcript",
            Format::Otter => "Otter transcript",
            Format::YoutubeCopied => "YouTube transcript",
            Format::Markdown => "Markdown interview",
            Format::Article => "Article",
            Format::WhisperJson => "Whisper JSON",
            Format::AssemblyaiJson => "AssemblyAI JSON",
            Format::DeepgramJson => "Deepgram JSON",
            Format::RevaiJson => "Rev.ai JSON",
            Format::PodloveJson => "Podlove JSON",
            Format::PodcastJson => "Podcasting 2.0 JSON",
            Format::PodcastHtml => "Podcasting 2.0 HTML",
            Format::NoscribeHtml => "noScribe HTML",
            Format::PlainText => "Plain text",
        }
    }

    /// The format with this [`Format::id`].
    pub fn from_id(id: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.id() == id)
    }
}

/// The result of detection: a format and the evidence that chose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detection {
    pub format: Format,
    /// A short human sentence: "starts with WEBVTT", "12 lines start with a speaker label".
    pub evidence: String,
}

/// Detects the format of a text (already free of BOM and CR line ends, or not:
/// sniffers tolerate both).
pub fn detect(text: &str) -> Detection {
    type Sniff = fn(&str) -> Option<Detection>;
    const SNIFFERS: &[Sniff] = &[
        parse::json::sniff,
        parse::html::sniff,
        parse::webvtt::sniff,
        parse::srt::sniff,
        parse::markdown::sniff,
        parse::script::sniff,
        parse::article::sniff,
    ];
    SNIFFERS
        .iter()
        .find_map(|sniff| sniff(text))
        .unwrap_or_else(|| Detection {
            format: Format::PlainText,
            evidence: "no known transcript format matched".to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_id(f.id()), Some(f));
        }
        assert_eq!(Format::from_id("nope"), None);
    }

    #[test]
    fn speaker_lines_are_a_script_and_prose_is_plain_text() {
        let script = "Ana: Hello.\nBen: Hi there.\nAna: Bye.\n";
        assert_eq!(detect(script).format, Format::PlainScript);
        assert_eq!(
            detect("Just some words.\n\nAnd more.").format,
            Format::PlainText
        );
    }
}
