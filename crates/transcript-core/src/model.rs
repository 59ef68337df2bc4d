//! The one model every format is parsed into: speakers and turns.
//!
//! A [`Turn`] is a maximal run of consecutive speech by one speaker. Parsers
//! never build turns by hand: they push segments (a cue, a line, a JSON
//! segment) into a [`TranscriptBuilder`], which merges consecutive segments of
//! the same speaker, keeps each segment's own start time, interns speaker
//! names and cleans whitespace. That keeps the merging rule in one place.

use serde::Serialize;

use crate::format::Format;
use crate::text::{collapse_whitespace, push_collapsed};

/// Index into [`Transcript::speakers`].
pub type SpeakerId = usize;

/// A parsed transcript: what every view and analysis works on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transcript {
    pub title: Option<String>,
    pub metadata: Metadata,
    pub speakers: Vec<Speaker>,
    pub turns: Vec<Turn>,
    pub sections: Vec<Section>,
    /// Things the parser wants the reader to know, as sentences
    /// ("No speaker labels found: the text is shown as paragraphs.").
    pub warnings: Vec<String>,
}

/// What is known about a transcript besides its turns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metadata {
    /// The date as written in the source ("Jan 28, 2025").
    pub date: Option<String>,
    /// The detected (or chosen) source format.
    pub format: Format,
    /// Seconds from the first start to the last end, when times are known.
    pub duration: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Speaker {
    /// The name shown (and renamed by the reader).
    pub name: String,
    /// The label as the source wrote it, when the name shown is not that
    /// label: a machine id (`SPEAKER_00`, `spk_0`, `0`, a GUID) shown as
    /// "Speaker 1", a bare diarisation letter (`A`) shown as "Speaker A", a
    /// slug (`tim-pritlove`) shown as "Tim Pritlove". Share links and the
    /// exports that name the source's speakers use it, so they still find the
    /// speaker when the display rule or the order of appearance changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl Speaker {
    /// A speaker known by its name alone.
    pub fn named(name: impl Into<String>) -> Self {
        Speaker {
            name: name.into(),
            id: None,
        }
    }

    /// The source's label: the id if there is one, else the name.
    pub fn label(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.name)
    }
}

/// Whether a speaker label is a machine id rather than a name: digits
/// (`0`, `12`), `SPEAKER_00` / `speaker_1` / `spk_0` / `spk0`, noScribe's
/// `S00`, or a GUID (or any 16+ hex digits with dashes).
pub fn is_machine_id(label: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if digits(label) {
        return true;
    }
    let lower = label.to_ascii_lowercase();
    for prefix in ["speaker_", "speaker-", "spk_", "spk", "s"] {
        if lower.strip_prefix(prefix).is_some_and(digits) {
            return true;
        }
    }
    let hex = label.bytes().filter(u8::is_ascii_hexdigit).count();
    let dashes = label.bytes().filter(|&b| b == b'-').count();
    let braces = usize::from(label.starts_with('{') && label.ends_with('}')) * 2;
    hex >= 16 && hex + dashes + braces == label.len() && label.bytes().any(|b| b.is_ascii_digit())
}

/// A slug (`tim-pritlove`, `anna_kuhn`) as a name ("Tim Pritlove"): lower
/// case ASCII words joined by `-` or `_`. `None` for anything else.
pub fn slug_name(label: &str) -> Option<String> {
    let slug = label.contains(['-', '_'])
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !slug {
        return None;
    }
    let words: Vec<String> = label
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect();
    (words.len() >= 2).then(|| words.join(" "))
}

/// Whether a turn is speech or a sound cue such as `[APPLAUSE]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TurnKind {
    #[default]
    Speech,
    NonSpeech,
}

/// One speaker's uninterrupted speech.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Turn {
    /// `None` when the speaker is unknown (narration, unlabelled text).
    pub speaker: Option<SpeakerId>,
    pub kind: TurnKind,
    /// Seconds, when known.
    pub start: Option<f64>,
    pub end: Option<f64>,
    /// Clean prose: no markup, single spaces.
    pub text: String,
    /// The pieces the turn was merged from, each with its own times.
    pub segments: Vec<Segment>,
}

/// A piece of a turn as it appeared in the source (a cue, a line).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub start: Option<f64>,
    pub end: Option<f64>,
    /// Byte offset in [`Turn::text`] where this segment's text begins.
    pub offset: usize,
}

/// A heading between turns (a chapter title, "Audience Q&A").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub title: String,
    /// Index of the first turn after the heading.
    pub turn: usize,
}

impl Transcript {
    /// The name of a turn's speaker, if it has one.
    pub fn speaker_name(&self, turn: &Turn) -> Option<&str> {
        turn.speaker
            .and_then(|id| self.speakers.get(id))
            .map(|s| s.name.as_str())
    }

    /// Number of words in the whole transcript.
    pub fn word_count(&self) -> usize {
        self.turns.iter().map(|t| word_count(&t.text)).sum()
    }
}

/// Words as a reader counts them: runs of non-whitespace, exactly as
/// `text.split_whitespace().count()`.
///
/// The page counts every word of a transcript when it first shows it (the
/// header, the speaker list): on 5 MB of turns the iterator took some 10 ms
/// a pass in the browser. Eight bytes of printable ASCII at a time are
/// counted with bit operations (a word starts at a non-space byte after a
/// space); anything else goes one character at a time.
pub fn word_count(text: &str) -> usize {
    use crate::bits::swar::{load8, nonzero_bytes, HIGH, ONES};
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    loop {
        while let Some(chunk) = bytes.get(i..i + 8) {
            let v = load8(chunk);
            // No byte at or above 0x80 and none below 0x20 (after
            // subtracting 0x20 nothing borrows into a high bit): every
            // byte is printable ASCII, and only 0x20 is a space.
            if (v | v.wrapping_sub(0x20 * ONES)) & HIGH != 0 {
                break;
            }
            // The bytes that are not spaces.
            let word = nonzero_bytes(v ^ (0x20 * ONES));
            let before = (word << 8) | if in_word { 0x80 } else { 0 };
            words += (word & !before).count_ones() as usize;
            in_word = word >> 63 == 1;
            i += 8;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        let (space, len) = match b {
            b' ' | b'\t'..=b'\r' => (true, 1),
            0..=0x7f => (false, 1),
            // U+0085 and U+00A0; U+1680; U+2000–U+205F; U+3000.
            0xc2 | 0xe1 | 0xe2 | 0xe3 => text
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
            // Any other byte starts (or continues) a character that is not
            // whitespace.
            _ => (false, 1),
        };
        if !space && !in_word {
            words += 1;
        }
        in_word = !space;
        i += len;
    }
    words
}

/// Collects segments into a [`Transcript`], merging same-speaker runs.
#[derive(Debug, Clone)]
pub struct TranscriptBuilder {
    transcript: Transcript,
    /// Whether the last turn may absorb the next segment of the same speaker.
    open: bool,
    /// The last turn's text and segments, which grow segment by segment:
    /// kept here (buffers reused from turn to turn) and copied into the turn
    /// once, at its exact size, when the next turn starts or at `finish`.
    /// Until then that turn's own `text` and `segments` are empty.
    last_text: String,
    last_segments: Vec<Segment>,
}

impl TranscriptBuilder {
    pub fn new(format: Format) -> Self {
        TranscriptBuilder {
            transcript: Transcript {
                title: None,
                metadata: Metadata {
                    date: None,
                    format,
                    duration: None,
                },
                speakers: Vec::new(),
                turns: Vec::new(),
                sections: Vec::new(),
                warnings: Vec::new(),
            },
            open: false,
            last_text: String::new(),
            last_segments: Vec::new(),
        }
    }

    pub fn set_title(&mut self, title: &str) {
        let title = collapse_whitespace(title);
        if !title.is_empty() && self.transcript.title.is_none() {
            self.transcript.title = Some(title);
        }
    }

    pub fn set_date(&mut self, date: &str) {
        let date = collapse_whitespace(date);
        if !date.is_empty() && self.transcript.metadata.date.is_none() {
            self.transcript.metadata.date = Some(date);
        }
    }

    pub fn warn(&mut self, warning: impl Into<String>) {
        let warning = warning.into();
        if !self.transcript.warnings.contains(&warning) {
            self.transcript.warnings.push(warning);
        }
    }

    /// The id of a speaker, adding it the first time its name is seen.
    /// Names are compared after whitespace is collapsed.
    pub fn speaker(&mut self, name: &str) -> Option<SpeakerId> {
        let name = collapse_whitespace(name);
        if name.is_empty() {
            return None;
        }
        if let Some(id) = self.find_speaker(&name) {
            return Some(id);
        }
        let speaker = if is_machine_id(&name) {
            Speaker {
                name: self.next_numbered_name(),
                id: Some(name),
            }
        } else if let Some(shown) = slug_name(&name) {
            Speaker {
                name: shown,
                id: Some(name),
            }
        } else {
            Speaker::named(name)
        };
        self.transcript.speakers.push(speaker);
        Some(self.transcript.speakers.len() - 1)
    }

    /// The id of the speaker the source labels `id`, shown as `name`
    /// (AssemblyAI's `A` as "Speaker A"), adding it the first time.
    pub fn speaker_shown_as(&mut self, id: &str, name: &str) -> Option<SpeakerId> {
        let id = collapse_whitespace(id);
        if id.is_empty() {
            return None;
        }
        if let Some(found) = self.find_speaker(&id) {
            return Some(found);
        }
        self.transcript.speakers.push(Speaker {
            name: collapse_whitespace(name),
            id: Some(id),
        });
        Some(self.transcript.speakers.len() - 1)
    }

    /// A speaker by its source label: its id, or its name when it has none.
    fn find_speaker(&self, label: &str) -> Option<SpeakerId> {
        self.transcript
            .speakers
            .iter()
            .position(|s| s.id.as_deref().map_or(s.name == label, |id| id == label))
    }

    /// "Speaker N" for the next machine id: N counts machine-id speakers in
    /// order of appearance, skipping a name already taken.
    fn next_numbered_name(&self) -> String {
        let speakers = &self.transcript.speakers;
        let mut n = 1 + speakers
            .iter()
            .filter(|s| s.id.as_deref().is_some_and(is_machine_id))
            .count();
        loop {
            let name = format!("Speaker {n}");
            if !speakers.iter().any(|s| s.name == name) {
                return name;
            }
            n += 1;
        }
    }

    /// Adds speech by `speaker` (a name, or `None` for unknown). Text is
    /// whitespace-collapsed; empty text is ignored. Joins the previous turn
    /// when the speaker is the same and no section or break came between.
    pub fn push(
        &mut self,
        speaker: Option<&str>,
        start: Option<f64>,
        end: Option<f64>,
        text: &str,
    ) {
        let id = speaker.and_then(|name| self.speaker(name));
        self.push_id(id, TurnKind::Speech, start, end, text);
    }

    /// Adds a sound cue (`[APPLAUSE]`): always its own turn, no speaker.
    pub fn push_non_speech(&mut self, start: Option<f64>, end: Option<f64>, text: &str) {
        self.push_id(None, TurnKind::NonSpeech, start, end, text);
        self.open = false;
    }

    /// Adds speech by an already-interned speaker id.
    pub fn push_id(
        &mut self,
        speaker: Option<SpeakerId>,
        kind: TurnKind,
        start: Option<f64>,
        end: Option<f64>,
        text: &str,
    ) {
        self.push_text(speaker, kind, start, end, text, false);
    }

    /// [`Self::push_id`] for text that is already whitespace-collapsed (what
    /// [`collapse_whitespace`] returns), copied without another pass over
    /// it: the cue parsers build such text and push every cue of 10 MB files.
    pub(crate) fn push_collapsed_id(
        &mut self,
        speaker: Option<SpeakerId>,
        kind: TurnKind,
        start: Option<f64>,
        end: Option<f64>,
        text: &str,
    ) {
        self.push_text(speaker, kind, start, end, text, true);
    }

    fn push_text(
        &mut self,
        speaker: Option<SpeakerId>,
        kind: TurnKind,
        start: Option<f64>,
        end: Option<f64>,
        text: &str,
        collapsed: bool,
    ) {
        let start = start.filter(|t| t.is_finite());
        let end = end.filter(|t| t.is_finite());
        // The new text goes after the last turn's, then is either part of
        // that turn (after a space) or moved to a new turn's start.
        let before = self.last_text.len();
        let merge = self.open
            && kind == TurnKind::Speech
            && self
                .transcript
                .turns
                .last()
                .is_some_and(|last| last.speaker == speaker && last.kind == TurnKind::Speech);
        if merge {
            self.last_text.push(' ');
        }
        let wrote = if collapsed {
            self.last_text.push_str(text);
            !text.is_empty()
        } else {
            push_collapsed(&mut self.last_text, text)
        };
        if !wrote {
            self.last_text.truncate(before);
            return;
        }
        if merge {
            self.last_segments.push(Segment {
                start,
                end,
                offset: before + 1,
            });
            if let Some(last) = self.transcript.turns.last_mut() {
                if last.start.is_none() {
                    last.start = start;
                }
                if end.is_some() {
                    last.end = end;
                }
                // A turn ends no earlier than it starts: an end known only
                // from a segment before the one that gave the start (the
                // later segment has no end of its own) is moved up to it.
                if let (Some(s), Some(e)) = (last.start, last.end) {
                    if e < s {
                        last.end = Some(s);
                    }
                }
            }
            return;
        }
        self.seal_last(before);
        self.last_text.drain(..before);
        self.last_segments.push(Segment {
            start,
            end,
            offset: 0,
        });
        self.transcript.turns.push(Turn {
            speaker,
            kind,
            start,
            end,
            text: String::new(),
            segments: Vec::new(),
        });
        self.open = true;
    }

    /// Gives the last turn its text (the first `len` bytes of `last_text`)
    /// and segments, and empties the segment buffer.
    fn seal_last(&mut self, len: usize) {
        if let Some(last) = self.transcript.turns.last_mut() {
            last.text = self.last_text.get(..len).unwrap_or_default().to_owned();
            last.segments = self.last_segments.clone();
        }
        self.last_segments.clear();
    }

    /// Ends the current turn: the next segment starts a new one even if the
    /// speaker is the same (a paragraph break in prose, for example).
    pub fn break_turn(&mut self) {
        self.open = false;
    }

    /// Starts a section before the next turn.
    pub fn section(&mut self, title: &str) {
        let title = collapse_whitespace(title);
        if title.is_empty() {
            return;
        }
        self.transcript.sections.push(Section {
            title,
            turn: self.transcript.turns.len(),
        });
        self.open = false;
    }

    /// Number of turns so far.
    pub fn turn_count(&self) -> usize {
        self.transcript.turns.len()
    }

    pub fn finish(mut self) -> Transcript {
        self.seal_last(self.last_text.len());
        let first = self.transcript.turns.iter().find_map(|t| t.start);
        let last = self
            .transcript
            .turns
            .iter()
            .rev()
            .find_map(|t| t.end.or(t.start));
        if let (Some(first), Some(last)) = (first, last) {
            // Two finite times can still be infinitely far apart (-1e308
            // and 1e308 in a JSON file): no duration rather than an
            // infinite one, which a share link could not carry.
            let duration = last - first;
            if last >= first && duration.is_finite() {
                self.transcript.metadata.duration = Some(duration);
            }
        }
        // A section after the last turn heads nothing.
        let turns = self.transcript.turns.len();
        self.transcript.sections.retain(|s| s.turn < turns);
        self.transcript
    }
}

/// (speaker or "?", text) of every turn: what parser tests compare.
#[cfg(test)]
pub(crate) fn test_turns(t: &Transcript) -> Vec<(&str, &str)> {
    t.turns
        .iter()
        .map(|turn| (t.speaker_name(turn).unwrap_or("?"), turn.text.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_segments_of_one_speaker_merge_and_keep_their_times() {
        let mut b = TranscriptBuilder::new(Format::WebVtt);
        b.push(Some("Ana"), Some(1.0), Some(2.0), "Hello");
        b.push(Some("Ana"), Some(2.5), Some(4.0), "  there.\n");
        b.push(Some("Ben"), Some(4.0), Some(5.0), "Hi.");
        let t = b.finish();
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[0].text, "Hello there.");
        assert_eq!(t.turns[0].segments.len(), 2);
        assert_eq!(t.turns[0].segments[1].start, Some(2.5));
        assert_eq!(&t.turns[0].text[t.turns[0].segments[1].offset..], "there.");
        assert_eq!(t.turns[0].end, Some(4.0));
        assert_eq!(t.speaker_name(&t.turns[1]), Some("Ben"));
        assert_eq!(t.metadata.duration, Some(4.0));
    }

    #[test]
    fn breaks_sections_and_sounds_split_turns() {
        let mut b = TranscriptBuilder::new(Format::PlainText);
        b.push(None, None, None, "One.");
        b.break_turn();
        b.push(None, None, None, "Two.");
        b.section("Q&A");
        b.push(None, None, None, "Three.");
        b.push_non_speech(None, None, "[APPLAUSE]");
        b.push(None, None, None, "Four.");
        b.section("Trailing");
        let t = b.finish();
        let texts: Vec<_> = t.turns.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["One.", "Two.", "Three.", "[APPLAUSE]", "Four."]);
        assert_eq!(t.turns[3].kind, TurnKind::NonSpeech);
        assert_eq!(
            t.sections,
            vec![Section {
                title: "Q&A".into(),
                turn: 2
            }]
        );
        assert_eq!(t.metadata.duration, None);
    }

    #[test]
    fn machine_ids_are_numbered_in_order_of_appearance_and_keep_the_id() {
        for id in [
            "0",
            "12",
            "SPEAKER_00",
            "speaker_1",
            "spk_0",
            "spk3",
            "S00",
            "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            "{3F2504E0-4F89-11D3-9A0C-0305E82C3301}",
        ] {
            assert!(is_machine_id(id), "{id}");
        }
        for name in [
            "Ana",
            "Speaker 1",
            "SAM",
            "S",
            "Spock",
            "deadbeef",
            "A",
            "Q",
        ] {
            assert!(!is_machine_id(name), "{name}");
        }
        assert_eq!(slug_name("tim-pritlove").as_deref(), Some("Tim Pritlove"));
        assert_eq!(slug_name("anna_kuhn").as_deref(), Some("Anna Kuhn"));
        assert_eq!(slug_name("timpritlove"), None);
        assert_eq!(slug_name("Tim-Pritlove"), None);

        let mut b = TranscriptBuilder::new(Format::WebVtt);
        b.push(Some("Speaker 1"), None, None, "A real label first.");
        b.push(Some("SPEAKER_01"), None, None, "b");
        b.push(Some("SPEAKER_00"), None, None, "c");
        b.push(Some("SPEAKER_01"), None, None, "d");
        let t = b.finish();
        let got: Vec<_> = t
            .speakers
            .iter()
            .map(|s| (s.name.as_str(), s.id.as_deref()))
            .collect();
        // "Speaker 1" is taken by a real label: the first machine id is
        // "Speaker 2"; the same id is the same speaker.
        assert_eq!(
            got,
            [
                ("Speaker 1", None),
                ("Speaker 2", Some("SPEAKER_01")),
                ("Speaker 3", Some("SPEAKER_00"))
            ]
        );
        assert_eq!(t.turns[3].speaker, Some(1));
    }

    #[test]
    fn speakers_are_interned_and_blank_text_is_dropped() {
        let mut b = TranscriptBuilder::new(Format::PlainScript);
        b.push(Some(" Sam  Altman "), None, None, "a");
        b.push(Some("Sam Altman"), None, None, "   ");
        b.push(Some(""), None, None, "b");
        let t = b.finish();
        assert_eq!(t.speakers, vec![Speaker::named("Sam Altman")]);
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[1].speaker, None);
        assert_eq!(t.word_count(), 2);
    }
}
