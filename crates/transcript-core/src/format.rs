//! The formats the core reads, and the evidence detection gives for one.
//!
//! This module depends on nothing else in the crate, so the model, detection
//! and every parser can name a format without importing each other.

use serde::Serialize;

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
    /// TTML / DFXP timed text, Apple Podcasts transcripts among them.
    Ttml,
    /// YouTube's `.sbv` captions.
    Sbv,
    /// YouTube's timed text: `srv3` (and `srv1`) XML, `json3` JSON.
    YoutubeTimedText,
    /// ASS / SSA subtitles.
    Ass,
    GoogleSttJson,
    AmazonTranscribeJson,
    AzureSpeechJson,
    SpeechmaticsJson,
    /// OpenAI's `verbose_json` transcription.
    OpenaiJson,
    /// A Word document (`.docx`).
    Docx,
}

impl Format {
    /// Every format, in the order detection tries them.
    pub const ALL: [Format; 27] = [
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
        Format::Ttml,
        Format::Sbv,
        Format::YoutubeTimedText,
        Format::Ass,
        Format::GoogleSttJson,
        Format::AmazonTranscribeJson,
        Format::AzureSpeechJson,
        Format::SpeechmaticsJson,
        Format::OpenaiJson,
        Format::Docx,
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
            Format::Ttml => "ttml",
            Format::Sbv => "sbv",
            Format::YoutubeTimedText => "youtube-timedtext",
            Format::Ass => "ass",
            Format::GoogleSttJson => "google-stt-json",
            Format::AmazonTranscribeJson => "amazon-transcribe-json",
            Format::AzureSpeechJson => "azure-speech-json",
            Format::SpeechmaticsJson => "speechmatics-json",
            Format::OpenaiJson => "openai-json",
            Format::Docx => "docx",
        }
    }

    /// The name a person knows the format by.
    pub fn label(self) -> &'static str {
        match self {
            Format::WebVtt => "WebVTT",
            Format::Srt => "SRT subtitles",
            Format::PlainScript => "Speaker-labelled text",
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
            Format::Ttml => "TTML",
            Format::Sbv => "YouTube SBV",
            Format::YoutubeTimedText => "YouTube timed text",
            Format::Ass => "ASS subtitles",
            Format::GoogleSttJson => "Google Speech JSON",
            Format::AmazonTranscribeJson => "Amazon Transcribe JSON",
            Format::AzureSpeechJson => "Azure Speech JSON",
            Format::SpeechmaticsJson => "Speechmatics JSON",
            Format::OpenaiJson => "OpenAI JSON",
            Format::Docx => "Word document",
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
