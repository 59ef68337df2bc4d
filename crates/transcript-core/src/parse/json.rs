//! JSON written by speech-to-text tools: Whisper / WhisperX, AssemblyAI,
//! Deepgram, rev.ai, Podlove and the Podcasting 2.0 transcript JSON.
//!
//! Files can be tens of megabytes, mostly per-word data no view needs, so
//! nothing here builds a `serde_json::Value` tree of the whole document:
//! [`sniff`] reads only the keys (values are skipped without being stored)
//! and [`parse`] deserializes once into small typed structs that declare
//! just the fields used, so serde skips the rest. Scalar fields are taken as
//! `Value` so that a number where a string was expected (or the reverse)
//! does not reject the whole file.
//!
//! This module must never panic or guess a shape it does not know: JSON that
//! matches no known shape is left to the plain-text fallback.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use crate::format::{Detection, Format};
use crate::model::{SpeakerId, Transcript, TranscriptBuilder, TurnKind};
use crate::paragraphs::ends_sentence;
use crate::text::lenient_clock;

/// Silence (seconds) after which unlabelled speech starts a new turn, so a
/// Whisper file without speakers reads as paragraphs, not one wall of text.
const PAUSE_BREAK_SECONDS: f64 = 2.0;

pub fn sniff(text: &str) -> Option<Detection> {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !(text.starts_with('{') || text.starts_with('[')) {
        return None;
    }
    let (text, _) = repair_lone_surrogates(text);
    let probe: Probe = serde_json::from_str(&text).ok()?;
    let (format, evidence) = probe.shape()?;
    Some(Detection {
        format,
        evidence: evidence.to_string(),
    })
}

pub fn parse(text: &str, format: Format) -> Transcript {
    let mut b = TranscriptBuilder::new(format);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let (text, repaired) = repair_lone_surrogates(text);
    if repaired > 0 {
        b.warn(format!(
            "{repaired} broken character escape(s) (a lone UTF-16 surrogate such as \\ud800) were shown as \u{fffd}."
        ));
    }
    let text = text.as_ref();
    if text.starts_with('[') {
        if let Ok(items) = serde_json::from_str::<Vec<Item>>(text) {
            podlove(&mut b, &items);
        }
        return b.finish();
    }
    if matches!(
        format,
        Format::YoutubeTimedText
            | Format::GoogleSttJson
            | Format::AmazonTranscribeJson
            | Format::AzureSpeechJson
            | Format::SpeechmaticsJson
    ) {
        let Ok(doc) = serde_json::from_str::<Value>(text) else {
            return b.finish();
        };
        match format {
            Format::YoutubeTimedText => return json3(&doc),
            Format::GoogleSttJson => google(&mut b, &doc),
            Format::AmazonTranscribeJson => transcribe(&mut b, &doc),
            Format::AzureSpeechJson => azure(&mut b, &doc),
            _ => speechmatics(&mut b, &doc),
        }
        return b.finish();
    }
    let Ok(top) = serde_json::from_str::<Top>(text) else {
        return b.finish();
    };
    // A chunk's `timestamp` that is not a list (nor null) makes the file
    // unreadable, as when chunks were read with a type of their own whose
    // `timestamp` had to be a list.
    let chunk_times = top.chunks.as_deref().unwrap_or_default();
    if chunk_times
        .iter()
        .any(|c| c.timestamp.as_ref().is_some_and(|t| !t.is_array()))
    {
        return b.finish();
    }
    if let Some(title) = top.title.as_ref().and_then(Value::as_str) {
        b.set_title(title);
    }
    match format {
        Format::AssemblyaiJson => assemblyai(&mut b, &top, text),
        Format::DeepgramJson => deepgram(&mut b, &top, text),
        Format::RevaiJson => revai(&mut b, &top),
        Format::PodloveJson => podlove(&mut b, top.transcripts.as_deref().unwrap_or_default()),
        Format::PodcastJson => podcast(&mut b, top.segments.as_deref().unwrap_or_default()),
        Format::OpenaiJson => {
            whisper_segments(&mut b, &top);
            if b.turn_count() == 0 {
                let words = words_at(text, "/words");
                say_words(
                    &mut b,
                    &mut words.iter().map(|w| word(w, "word", "start", "end", None)),
                );
            }
            if b.turn_count() == 0 {
                b.push(None, None, None, text_of(&top.text));
            }
        }
        _ => whisper(&mut b, &top),
    }
    b.finish()
}

/// JSON escapes may name half of a UTF-16 surrogate pair (`\ud800` alone),
/// which tools that cut strings by UTF-16 units write and `serde_json`
/// rightly refuses. Rather than lose the whole file to the plain-text
/// fallback, each lone half becomes `\ufffd` (the replacement character).
/// Returns the text (borrowed when nothing needed repair) and how many
/// escapes were replaced.
fn repair_lone_surrogates(text: &str) -> (std::borrow::Cow<'_, str>, usize) {
    fn surrogate(hex: &[u8]) -> Option<u16> {
        let hex = std::str::from_utf8(hex).ok()?;
        let unit = u16::from_str_radix(hex, 16).ok()?;
        (0xd800..=0xdfff).contains(&unit).then_some(unit)
    }
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut repaired = 0;
    let mut copied = 0;
    let mut i = 0;
    while let Some(offset) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\\'))
    {
        let at = i + offset;
        // `\\` and every other two-byte escape are skipped whole, so the `u`
        // of an escaped backslash followed by `u` is never read as an escape.
        if bytes.get(at + 1) != Some(&b'u') {
            i = at + 2;
            continue;
        }
        let unit = bytes.get(at + 2..at + 6).and_then(surrogate);
        let Some(unit) = unit else {
            i = at + 6;
            continue;
        };
        let paired = unit < 0xdc00
            && bytes.get(at + 6..at + 8) == Some(&b"\\u"[..])
            && bytes
                .get(at + 8..at + 12)
                .and_then(surrogate)
                .is_some_and(|low| low >= 0xdc00);
        if paired {
            i = at + 12;
            continue;
        }
        let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
        buf.push_str(text.get(copied..at).unwrap_or_default());
        buf.push_str("\\ufffd");
        copied = at + 6;
        repaired += 1;
        i = at + 6;
    }
    match out {
        Some(mut buf) => {
            buf.push_str(text.get(copied..).unwrap_or_default());
            (std::borrow::Cow::Owned(buf), repaired)
        }
        None => (std::borrow::Cow::Borrowed(text), 0),
    }
}

// ---------------------------------------------------------------------------
// Detection: keys only.

/// What [`sniff`] learns about a document: which keys exist at the top and
/// in the first element of the arrays that identify a shape.
#[derive(Default)]
struct Probe {
    array_first: Option<Keys>,
    top: Keys,
    segments: Option<Keys>,
    utterances: Option<Keys>,
    monologues: Option<Keys>,
    transcripts: Option<Keys>,
    chunks: Option<Keys>,
    /// Deepgram's and Amazon Transcribe's `results` object.
    results: Option<Keys>,
    /// Google's and Speechmatics' `results` list: its first element.
    results_first: Option<Keys>,
    /// YouTube json3 `events`, Azure `recognizedPhrases`: first elements.
    events: Option<Keys>,
    phrases: Option<Keys>,
}

impl Probe {
    fn shape(&self) -> Option<(Format, &'static str)> {
        if let Some(first) = &self.events {
            if first.has("tStartMs") || first.has("segs") {
                return Some((
                    Format::YoutubeTimedText,
                    "has \"events\" with tStartMs/segs (YouTube json3)",
                ));
            }
        }
        if self.phrases.is_some() {
            return Some((
                Format::AzureSpeechJson,
                "has \"recognizedPhrases\" (Azure Speech batch transcription)",
            ));
        }
        if let Some(results) = &self.results {
            if results.has("items") || results.has("audio_segments") || results.has("transcripts") {
                return Some((
                    Format::AmazonTranscribeJson,
                    "has \"results\" with items/transcripts (Amazon Transcribe)",
                ));
            }
        }
        if let Some(first) = &self.results_first {
            if first.has("type") && (first.has("start_time") || first.has("alternatives")) {
                return Some((
                    Format::SpeechmaticsJson,
                    "has \"results\" of typed words with start_time (Speechmatics)",
                ));
            }
            if first.has("alternatives") {
                return Some((
                    Format::GoogleSttJson,
                    "has \"results\" with \"alternatives\" (Google Speech-to-Text)",
                ));
            }
        }
        let openai = self.top.has("task") || (self.top.has("duration") && self.top.has("language"));
        if openai && self.top.has("text") {
            return Some((
                Format::OpenaiJson,
                "has \"task\"/\"duration\" and \"text\" (OpenAI verbose_json)",
            ));
        }
        if let Some(first) = &self.array_first {
            return is_podlove_item(first).then_some((
                Format::PodloveJson,
                "a JSON list of segments with start_ms/voice",
            ));
        }
        if let Some(first) = &self.monologues {
            if first.is_empty() || first.has("elements") {
                return Some((Format::RevaiJson, "has \"monologues\" (rev.ai)"));
            }
        }
        if let Some(results) = &self.results {
            if results.has("utterances") || results.has("channels") {
                return Some((
                    Format::DeepgramJson,
                    "has \"results\" with utterances/channels (Deepgram)",
                ));
            }
        }
        if let Some(first) = &self.utterances {
            if first.is_empty() || first.has("speaker") || first.has("text") {
                return Some((Format::AssemblyaiJson, "has \"utterances\" (AssemblyAI)"));
            }
        }
        if self.top.has("utterances") && self.top.has("words") {
            return Some((
                Format::AssemblyaiJson,
                "has \"utterances\" and \"words\" (AssemblyAI)",
            ));
        }
        if self.top.has("audio_url") && self.top.has("text") {
            return Some((
                Format::AssemblyaiJson,
                "has \"audio_url\" and \"text\" (AssemblyAI)",
            ));
        }
        if let Some(first) = &self.transcripts {
            if is_podlove_item(first) {
                return Some((
                    Format::PodloveJson,
                    "has \"transcripts\" with start_ms/voice (Podlove)",
                ));
            }
        }
        if let Some(first) = &self.segments {
            if first.has("body") || first.has("startTime") {
                return Some((
                    Format::PodcastJson,
                    "has \"segments\" with startTime/body (Podcasting 2.0)",
                ));
            }
            if first.has("text") && (first.has("start") || first.has("end")) {
                return Some((
                    Format::WhisperJson,
                    "has \"segments\" with start/end/text (Whisper)",
                ));
            }
            if first.is_empty() {
                if self.top.has("version") {
                    return Some((
                        Format::PodcastJson,
                        "has \"version\" and empty \"segments\" (Podcasting 2.0)",
                    ));
                }
                if self.top.has("text") {
                    return Some((
                        Format::WhisperJson,
                        "has \"text\" and empty \"segments\" (Whisper)",
                    ));
                }
            }
        }
        if let Some(first) = &self.chunks {
            if self.top.has("text") && (first.is_empty() || first.has("timestamp")) {
                return Some((
                    Format::WhisperJson,
                    "has \"text\" and \"chunks\" with timestamps (Whisper, Hugging Face)",
                ));
            }
        }
        None
    }
}

/// A Podlove transcript segment: `start_ms`/`voice` in current exports;
/// older ones have only `start` (a clock string) and a `speaker` slug, and
/// intro/outro segments may have no speaker at all.
fn is_podlove_item(keys: &Keys) -> bool {
    keys.has("text")
        && (keys.has("start_ms") || keys.has("voice") || (keys.has("start") && keys.has("end")))
}

/// The keys of one JSON object (an empty list for an empty array, too).
#[derive(Default)]
struct Keys(Vec<String>);

impl Keys {
    fn has(&self, key: &str) -> bool {
        self.0.iter().any(|k| k == key)
    }
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Keys worth remembering at the top level; anything else is skipped.
const TOP_KEYS: &[&str] = &[
    "audio_url",
    "text",
    "version",
    "title",
    "words",
    "task",
    "duration",
    "language",
];
/// Enough keys of one object to recognise it; a huge object is not stored.
const MAX_KEYS: usize = 64;

/// What a probed value turned out to be. Values of other types than the
/// one looked for are skipped, not errors: the shape check then simply does
/// not see them. Nothing is buffered, so a 50 MB array costs no memory.
enum Seen {
    /// An object, with its keys.
    Object(Keys),
    /// An array, with the keys of its first element if that is an object
    /// (an empty array gives empty keys).
    Array(Option<Keys>),
    Other,
}

impl<'de> Deserialize<'de> for Seen {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SeenVisitor { depth: 0 })
    }
}

/// Visits one value; at depth 0 an array's first element is visited too.
struct SeenVisitor {
    depth: u8,
}

impl<'de> de::DeserializeSeed<'de> for SeenVisitor {
    type Value = Seen;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Seen, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SeenVisitor {
    type Value = Seen;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Seen, E> {
        Ok(Seen::Other)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Seen, E> {
        Ok(Seen::Other)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Seen, E> {
        Ok(Seen::Other)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Seen, E> {
        Ok(Seen::Other)
    }
    fn visit_str<E>(self, _: &str) -> Result<Seen, E> {
        Ok(Seen::Other)
    }
    fn visit_unit<E>(self) -> Result<Seen, E> {
        Ok(Seen::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Seen, A::Error> {
        let mut keys = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value::<IgnoredAny>()?;
            if keys.len() < MAX_KEYS {
                keys.push(key);
            }
        }
        Ok(Seen::Object(Keys(keys)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Seen, A::Error> {
        let first = if self.depth == 0 {
            match seq.next_element_seed(SeenVisitor { depth: 1 })? {
                None => Some(Keys::default()),
                Some(Seen::Object(keys)) => Some(keys),
                Some(_) => None,
            }
        } else {
            None
        };
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Seen::Array(first))
    }
}

impl Seen {
    fn first_keys(self) -> Option<Keys> {
        match self {
            Seen::Array(first) => first,
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Probe;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object or array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Probe, A::Error> {
                match (SeenVisitor { depth: 0 }).visit_seq(seq)?.first_keys() {
                    // An empty list, or one of scalars, is no known shape.
                    Some(first) if !first.is_empty() => Ok(Probe {
                        array_first: Some(first),
                        ..Probe::default()
                    }),
                    _ => Err(de::Error::custom("no list of objects")),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
                let mut p = Probe::default();
                while let Some(key) = map.next_key::<String>()? {
                    let slot = match key.as_str() {
                        "segments" => Some(&mut p.segments),
                        "utterances" => Some(&mut p.utterances),
                        "monologues" => Some(&mut p.monologues),
                        "transcripts" => Some(&mut p.transcripts),
                        "chunks" => Some(&mut p.chunks),
                        "events" => Some(&mut p.events),
                        "recognizedPhrases" => Some(&mut p.phrases),
                        _ => None,
                    };
                    if key == "utterances" {
                        // Present even when null (AssemblyAI without
                        // speaker labels writes `"utterances": null`).
                        p.top.0.push(key.clone());
                    }
                    if let Some(slot) = slot {
                        *slot = map.next_value::<Seen>()?.first_keys();
                    } else if key == "results" {
                        match map.next_value::<Seen>()? {
                            Seen::Object(keys) => p.results = Some(keys),
                            Seen::Array(first) => p.results_first = first,
                            Seen::Other => {}
                        }
                    } else {
                        map.next_value::<IgnoredAny>()?;
                        if TOP_KEYS.contains(&key.as_str()) {
                            p.top.0.push(key);
                        }
                    }
                }
                Ok(p)
            }
        }
        d.deserialize_any(V)
    }
}

// ---------------------------------------------------------------------------
// Parsing: typed structs with only the fields used.

/// The document and the few containers in it that are read: Deepgram's
/// results, channels and alternatives, rev.ai's monologues. One type for
/// all of them, not one per shape: each derived type costs the worker's
/// wasm some kilobytes of deserializer. Every field is optional and none of
/// the formats uses one of these names for something else, so a field one
/// shape lacks changes nothing in how the others read; keys not named here
/// are skipped unread. (A missing `Option` field is `None` without
/// `#[serde(default)]`, which would build a whole default value for every
/// object read.)
#[derive(Deserialize)]
struct Top {
    title: Option<Value>,
    text: Option<Value>,
    /// Whisper and Podcasting 2.0.
    segments: Option<Vec<Item>>,
    /// AssemblyAI, and Deepgram's inside `results`.
    utterances: Option<Vec<Item>>,
    /// Podlove.
    transcripts: Option<Vec<Item>>,
    /// Hugging Face Whisper pipeline chunks: `{"timestamp": [start, end], "text"}`.
    chunks: Option<Vec<Item>>,
    /// Deepgram: `results.channels[].alternatives[]`, each with its
    /// `transcript` and `paragraphs.paragraphs[]` (read as plain values:
    /// the outer `paragraphs` is an object, the inner one a list).
    results: Option<Box<Top>>,
    channels: Option<Vec<Top>>,
    alternatives: Option<Vec<Top>>,
    transcript: Option<Value>,
    paragraphs: Option<Value>,
    /// rev.ai: `monologues[]` with a `speaker` / `speaker_name` and
    /// `elements[]`.
    monologues: Option<Vec<Top>>,
    speaker: Option<Value>,
    speaker_name: Option<Value>,
    elements: Option<Vec<RevElement>>,
}

/// One segment / utterance / chunk of any of the formats: each format uses
/// a few of these fields. Kept apart from [`Top`] (and from [`RevElement`],
/// of which a file has one per word) so that the many of them a file holds
/// stay small.
#[derive(Deserialize)]
struct Item {
    start: Option<Value>,
    end: Option<Value>,
    start_ms: Option<Value>,
    end_ms: Option<Value>,
    #[serde(rename = "startTime")]
    start_time: Option<Value>,
    #[serde(rename = "endTime")]
    end_time: Option<Value>,
    text: Option<Value>,
    body: Option<Value>,
    transcript: Option<Value>,
    speaker: Option<Value>,
    voice: Option<Value>,
    /// A Hugging Face chunk's `[start, end]`.
    timestamp: Option<Value>,
}

/// A rev.ai element: a word or punctuation, with its times.
#[derive(Deserialize)]
struct RevElement {
    value: Option<Value>,
    ts: Option<Value>,
    end_ts: Option<Value>,
}

fn text_of(v: &Option<Value>) -> &str {
    str_of(v.as_ref())
}

/// A list's items; nothing for any other value.
fn list(v: &Value) -> &[Value] {
    v.as_array().map_or(&[][..], Vec::as_slice)
}

fn str_of(v: Option<&Value>) -> &str {
    v.and_then(Value::as_str).unwrap_or_default()
}

/// A speaker field as a name: strings as written, numbers as digits.
fn label_of(v: &Option<Value>) -> Option<String> {
    label_of_value(v.as_ref())
}

fn label_of_value(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The speaker a speaker field names. A bare diarisation letter (`A`, `B`
/// from AssemblyAI) is shown as "Speaker A", as the tool itself shows it;
/// other machine ids (`0`, `spk_1`) become "Speaker 1", "Speaker 2"… in order
/// of appearance ([`TranscriptBuilder::speaker`]); names are kept. The label
/// as written stays the speaker's id.
fn who(b: &mut TranscriptBuilder, v: &Option<Value>) -> Option<SpeakerId> {
    who_of(b, v.as_ref())
}

fn who_of(b: &mut TranscriptBuilder, v: Option<&Value>) -> Option<SpeakerId> {
    let label = label_of_value(v)?;
    if label.chars().count() <= 2 && label.chars().all(char::is_alphabetic) {
        b.speaker_shown_as(&label, &format!("Speaker {label}"))
    } else {
        b.speaker(&label)
    }
}

/// Speech by `speaker`.
fn say(
    b: &mut TranscriptBuilder,
    speaker: Option<SpeakerId>,
    start: Option<f64>,
    end: Option<f64>,
    text: &str,
) {
    b.push_id(speaker, TurnKind::Speech, start, end, text);
}

/// Seconds from a number or a numeric / clock string.
fn seconds(v: &Option<Value>) -> Option<f64> {
    seconds_of(v.as_ref())
}

fn seconds_of(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => duration(s),
        // Google's `{"seconds": "1", "nanos": 200000000}`.
        Value::Object(o) => {
            let whole = seconds_of(o.get("seconds")).unwrap_or(0.0);
            let nanos = seconds_of(o.get("nanos")).unwrap_or(0.0);
            (o.contains_key("seconds") || o.contains_key("nanos")).then(|| whole + nanos / 1e9)
        }
        _ => None,
    }
    .filter(|t| t.is_finite())
}

/// A time written as a string: seconds (`"1.25"`), Google's `"1.250s"`, an
/// ISO 8601 duration (`"PT1M2.5S"`, Azure) or a clock (`"00:01:02.5"`).
fn duration(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Some(iso) = s.strip_prefix("PT") {
        let mut total = 0.0;
        let mut rest = iso;
        while !rest.is_empty() {
            let unit_at = rest.find(['H', 'M', 'S'])?;
            let n: f64 = rest.get(..unit_at)?.parse().ok()?;
            total += n * match rest.as_bytes().get(unit_at) {
                Some(b'H') => 3600.0,
                Some(b'M') => 60.0,
                _ => 1.0,
            };
            rest = rest.get(unit_at + 1..)?;
        }
        return Some(total);
    }
    let number = s.strip_suffix('s').unwrap_or(s);
    number.parse::<f64>().ok().or_else(|| lenient_clock(s))
}

fn millis(v: &Option<Value>) -> Option<f64> {
    seconds(v).map(|ms| ms / 1000.0)
}

fn whisper(b: &mut TranscriptBuilder, top: &Top) {
    whisper_segments(b, top);
    if b.turn_count() == 0 {
        for chunk in top.chunks.as_deref().unwrap_or_default() {
            let times = chunk.timestamp.as_ref().map_or(&[][..], list);
            let start = seconds_of(times.first());
            let end = seconds_of(times.get(1));
            b.push(None, start, end, text_of(&chunk.text));
        }
    }
    // The top-level `text` repeats the segments: it is read only when
    // there are none, never beside them.
    if b.turn_count() == 0 {
        b.push(None, None, None, text_of(&top.text));
    }
}

fn whisper_segments(b: &mut TranscriptBuilder, top: &Top) {
    let segments = top.segments.as_deref().unwrap_or_default();
    let mut last_end: Option<f64> = None;
    for seg in segments {
        let start = seconds(&seg.start);
        let end = seconds(&seg.end);
        let speaker = label_of(&seg.speaker);
        if speaker.is_none() {
            if let (Some(prev), Some(start)) = (last_end, start) {
                if start - prev >= PAUSE_BREAK_SECONDS {
                    b.break_turn();
                }
            }
        }
        b.push(speaker.as_deref(), start, end, text_of(&seg.text));
        last_end = end.or(start).or(last_end);
    }
}

/// The list of words at `pointer` in the document, read in a second pass
/// only when a file has no utterances (AssemblyAI) or neither utterances
/// nor paragraphs (Deepgram): most files never need it, and it is the
/// largest part of the document. Read as plain JSON values rather than
/// typed structs, which would cost the worker's wasm kilobytes of
/// deserializer for a fallback.
fn words_at(text: &str, pointer: &str) -> Vec<Value> {
    match serde_json::from_str::<Value>(text) {
        Ok(mut doc) => match doc.pointer_mut(pointer).map(Value::take) {
            Some(Value::Array(words)) => words,
            _ => Vec::new(),
        },
        Err(_) => Vec::new(),
    }
}

/// Turns from a list of words that each carry a speaker (or none): a
/// segment per sentence (a word ending in `.`, `?` or `!`), so that each
/// keeps its own time; a change of speaker starts a new turn. Times are
/// divided by `per_second` (1000 for milliseconds).
fn from_words(b: &mut TranscriptBuilder, words: &[Value], per_second: f64) {
    say_words(
        b,
        &mut words.iter().map(|w| {
            let token = ["punctuated_word", "text", "word"]
                .into_iter()
                .map(|key| str_of(w.get(key)))
                .find(|t| !t.trim().is_empty())
                .unwrap_or_default();
            Word {
                token,
                start: seconds_of(w.get("start")).map(|t| t / per_second),
                end: seconds_of(w.get("end")).map(|t| t / per_second),
                speaker: w.get("speaker"),
            }
        }),
    );
}

/// One word of a word-level transcript, whatever the tool.
struct Word<'a> {
    token: &'a str,
    start: Option<f64>,
    end: Option<f64>,
    speaker: Option<&'a Value>,
}

/// A word object's token, times (seconds) and speaker, by key names.
fn word<'a>(w: &'a Value, token: &str, start: &str, end: &str, speaker: Option<&str>) -> Word<'a> {
    Word {
        token: str_of(w.get(token)),
        start: seconds_of(w.get(start)),
        end: seconds_of(w.get(end)),
        speaker: speaker.and_then(|k| w.get(k)),
    }
}

/// Words into sentences, each pushed as soon as it ends (so each keeps its
/// own time); a change of speaker starts a new turn. Punctuation given as
/// its own word (`,` `.`, Amazon and Speechmatics) joins the word before it
/// without a space and keeps its speaker. One instance for every tool's
/// words (`dyn`): the worker carries it once.
fn say_words<'a>(b: &mut TranscriptBuilder, words: &mut dyn Iterator<Item = Word<'a>>) {
    let mut text = String::new();
    let mut speaker: Option<SpeakerId> = None;
    let mut start: Option<f64> = None;
    let mut end: Option<f64> = None;
    for w in words {
        let token = w.token.trim();
        if token.is_empty() {
            continue;
        }
        let punctuation = !text.is_empty() && !token.chars().any(char::is_alphanumeric);
        let this = if punctuation {
            speaker
        } else {
            who_of(b, w.speaker)
        };
        if this != speaker && !text.is_empty() {
            say(b, speaker, start, end, &text);
            text.clear();
            start = None;
        }
        speaker = this;
        if text.is_empty() {
            start = w.start;
        } else if !punctuation {
            text.push(' ');
        }
        text.push_str(token);
        end = w.end.or(end);
        if ends_sentence(token) {
            say(b, speaker, start, end, &text);
            text.clear();
            start = None;
        }
    }
    if !text.is_empty() {
        say(b, speaker, start, end, &text);
    }
}

/// The first element of the list at `key` (Google's and Amazon's
/// `alternatives`, Azure's `nBest`), or null.
fn best<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key)
        .and_then(|a| list(a).first())
        .unwrap_or(&Value::Null)
}

/// YouTube json3: `events[]` with `tStartMs`, `dDurationMs` and `segs[]` of
/// `utf8` text, read as cues (rolling auto-caption lines removed).
fn json3(doc: &Value) -> Transcript {
    let mut cues = super::cue::Cues::new(Format::YoutubeTimedText);
    let mut text = String::new();
    for event in doc.get("events").map_or(&[][..], list) {
        let Some(segs) = event.get("segs") else {
            continue;
        };
        text.clear();
        for seg in list(segs) {
            super::cue::escape_markup(str_of(seg.get("utf8")), &mut text);
        }
        let start = seconds_of(event.get("tStartMs")).unwrap_or(0.0) / 1000.0;
        let end = start + seconds_of(event.get("dDurationMs")).unwrap_or(0.0) / 1000.0;
        let lines: Vec<&str> = text.split('\n').collect();
        cues.cue(start, end, None, &lines);
    }
    cues.finish()
}

/// Google Cloud Speech-to-Text: `results[].alternatives[0]`. With
/// diarization the last result repeats every word with its `speakerTag`
/// (`speakerLabel` in v2): that one is read word by word; otherwise each
/// result is a paragraph.
fn google(b: &mut TranscriptBuilder, doc: &Value) {
    let results = doc.get("results").map_or(&[][..], list);
    let diarized = results
        .iter()
        .rev()
        .find(|r| words_of(r).iter().any(|w| tag(w).is_some()));
    if let Some(r) = diarized {
        say_words(
            b,
            &mut words_of(r).iter().map(|w| Word {
                speaker: tag(w),
                ..google_word(w)
            }),
        );
        if b.turn_count() > 0 {
            return;
        }
    }
    let mut last_end = None;
    for r in results {
        let words = words_of(r);
        let first = words.first().and_then(|w| google_word(w).start);
        let end = seconds_of(r.get("resultEndTime"))
            .or_else(|| seconds_of(r.get("resultEndOffset")))
            .or_else(|| words.last().and_then(|w| google_word(w).end));
        b.break_turn();
        let text = str_of(best(r, "alternatives").get("transcript"));
        say(b, None, first.or(last_end), end, text);
        last_end = end.or(last_end);
    }
}

fn tag(w: &Value) -> Option<&Value> {
    w.get("speakerLabel").or_else(|| w.get("speakerTag"))
}

fn words_of(r: &Value) -> &[Value] {
    best(r, "alternatives").get("words").map_or(&[][..], list)
}

/// A Google word: `startTime` in v1, `startOffset` in v2.
fn google_word(w: &Value) -> Word<'_> {
    let mut word = word(w, "word", "startTime", "endTime", None);
    word.start = word.start.or_else(|| seconds_of(w.get("startOffset")));
    word.end = word.end.or_else(|| seconds_of(w.get("endOffset")));
    word
}

/// Amazon Transcribe: `results.audio_segments[]` when present (one per
/// speaker turn), else `results.items[]` word by word with each word's
/// `speaker_label`, or that of the `speaker_labels.segments[]` it falls in.
fn transcribe(b: &mut TranscriptBuilder, doc: &Value) {
    let results = doc.get("results").unwrap_or(&Value::Null);
    for seg in results.get("audio_segments").map_or(&[][..], list) {
        let speaker = who_of(b, seg.get("speaker_label"));
        say(
            b,
            speaker,
            seconds_of(seg.get("start_time")),
            seconds_of(seg.get("end_time")),
            str_of(seg.get("transcript")),
        );
    }
    if b.turn_count() > 0 {
        return;
    }
    let segments = results
        .get("speaker_labels")
        .and_then(|l| l.get("segments"))
        .map_or(&[][..], list);
    let mut seg = 0;
    let mut last: Option<&Value> = None;
    let items = results.get("items").map_or(&[][..], list);
    say_words(
        b,
        &mut items.iter().map(|item| {
            let start = seconds_of(item.get("start_time"));
            let speaker = item.get("speaker_label").or_else(|| {
                let t = start?;
                while segments
                    .get(seg)
                    .and_then(|s| seconds_of(s.get("end_time")))
                    .is_some_and(|end| end < t)
                {
                    seg += 1;
                }
                segments.get(seg).and_then(|s| s.get("speaker_label"))
            });
            last = speaker.or(last);
            Word {
                token: str_of(best(item, "alternatives").get("content")),
                start,
                end: seconds_of(item.get("end_time")),
                speaker: last,
            }
        }),
    );
    if b.turn_count() == 0 {
        for t in results.get("transcripts").map_or(&[][..], list) {
            say(b, None, None, None, str_of(t.get("transcript")));
        }
    }
}

/// Azure Speech batch transcription: `recognizedPhrases[]` in time order,
/// each with its `speaker` number, `offsetInTicks` (or an ISO 8601
/// `offset`) and `nBest[0].display`.
fn azure(b: &mut TranscriptBuilder, doc: &Value) {
    let mut phrases: Vec<(f64, &Value)> = doc
        .get("recognizedPhrases")
        .map_or(&[][..], list)
        .iter()
        .filter(|p| p.get("recognitionStatus").is_none_or(|s| s == "Success"))
        .map(|p| (azure_time(p, "offset").unwrap_or(0.0), p))
        .collect();
    phrases.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (start, p) in phrases {
        let end = azure_time(p, "duration").map(|d| start + d);
        let alt = best(p, "nBest");
        let text = [str_of(alt.get("display")), str_of(alt.get("lexical"))]
            .into_iter()
            .find(|t| !t.trim().is_empty())
            .unwrap_or_default();
        let speaker = who_of(b, p.get("speaker"));
        say(b, speaker, Some(start), end, text);
    }
}

/// Azure's `<key>InTicks` (100 ns units), else its ISO 8601 `<key>`.
fn azure_time(p: &Value, key: &str) -> Option<f64> {
    seconds_of(p.get(format!("{key}InTicks").as_str()))
        .map(|ticks| ticks / 1e7)
        .or_else(|| seconds_of(p.get(key)))
}

/// Speechmatics JSON v2: `results[]` of words and punctuation, each with
/// `start_time`, `end_time` and `alternatives[0]` `content` and `speaker`
/// (`UU`: unknown).
fn speechmatics(b: &mut TranscriptBuilder, doc: &Value) {
    let results = doc.get("results").map_or(&[][..], list);
    say_words(
        b,
        &mut results.iter().map(|r| {
            let alt = best(r, "alternatives");
            Word {
                token: str_of(alt.get("content")),
                start: seconds_of(r.get("start_time")),
                end: seconds_of(r.get("end_time")),
                speaker: alt.get("speaker").filter(|s| *s != "UU"),
            }
        }),
    );
}

fn assemblyai(b: &mut TranscriptBuilder, top: &Top, text: &str) {
    for u in top.utterances.as_deref().unwrap_or_default() {
        let speaker = who(b, &u.speaker);
        say(
            b,
            speaker,
            millis(&u.start),
            millis(&u.end),
            text_of(&u.text),
        );
    }
    // `"utterances": null` (no speaker labels asked for, or labels only on
    // the words): the words, each with its own speaker and time.
    if b.turn_count() == 0 {
        from_words(b, &words_at(text, "/words"), 1000.0);
    }
    if b.turn_count() == 0 {
        b.push(None, None, None, text_of(&top.text));
    }
}

fn deepgram(b: &mut TranscriptBuilder, top: &Top, text: &str) {
    let Some(results) = &top.results else {
        return;
    };
    for u in results.utterances.as_deref().unwrap_or_default() {
        let speaker = who(b, &u.speaker);
        say(
            b,
            speaker,
            seconds(&u.start),
            seconds(&u.end),
            text_of(&u.transcript),
        );
    }
    if b.turn_count() > 0 {
        return;
    }
    let alt = results
        .channels
        .as_deref()
        .and_then(|c| c.first())
        .and_then(|c| c.alternatives.as_deref())
        .and_then(|a| a.first());
    let Some(alt) = alt else {
        return;
    };
    let paragraphs = alt
        .paragraphs
        .as_ref()
        .and_then(|p| p.get("paragraphs"))
        .map_or(&[][..], list);
    for p in paragraphs {
        let speaker = who_of(b, p.get("speaker"));
        // Without speakers, each paragraph is its own turn, as Deepgram split it.
        if speaker.is_none() {
            b.break_turn();
        }
        for s in p.get("sentences").map_or(&[][..], list) {
            say(
                b,
                speaker,
                seconds_of(s.get("start")),
                seconds_of(s.get("end")),
                str_of(s.get("text")),
            );
        }
    }
    if b.turn_count() == 0 {
        from_words(
            b,
            &words_at(text, "/results/channels/0/alternatives/0/words"),
            1.0,
        );
    }
    if b.turn_count() == 0 {
        b.push(None, None, None, text_of(&alt.transcript));
    }
}

fn revai(b: &mut TranscriptBuilder, top: &Top) {
    for m in top.monologues.as_deref().unwrap_or_default() {
        let speaker = match label_of(&m.speaker_name) {
            Some(name) => b.speaker(&name),
            None => who(b, &m.speaker),
        };
        let mut text = String::new();
        let mut start = None;
        let mut end = None;
        // Values are joined exactly as given: rev.ai sends the spaces as
        // punct elements of their own.
        for e in m.elements.as_deref().unwrap_or_default() {
            text.push_str(text_of(&e.value));
            if start.is_none() {
                start = seconds(&e.ts);
            }
            end = seconds(&e.end_ts).or(end);
        }
        say(b, speaker, start, end, &text);
    }
}

fn podlove(b: &mut TranscriptBuilder, items: &[Item]) {
    for item in items {
        let speaker = match label_of(&item.voice) {
            Some(voice) => b.speaker(&voice),
            None => who(b, &item.speaker),
        };
        let start = millis(&item.start_ms).or_else(|| seconds(&item.start));
        let end = millis(&item.end_ms).or_else(|| seconds(&item.end));
        say(b, speaker, start, end, text_of(&item.text));
    }
}

/// Speaker, start, end and text of a segment not yet pushed.
type Pending = (Option<String>, Option<f64>, Option<f64>, String);

/// Podcasting 2.0 segments are often single words: punctuation-only bodies
/// stick to the word before, and a segment without a speaker continues the
/// last named one.
fn podcast(b: &mut TranscriptBuilder, segments: &[Item]) {
    let mut speaker: Option<String> = None;
    // The word waiting for any punctuation that follows it.
    let mut pending: Option<Pending> = None;
    for seg in segments {
        let body = text_of(&seg.body).trim();
        if body.is_empty() {
            continue;
        }
        if let Some(name) = label_of(&seg.speaker) {
            speaker = Some(name);
        }
        let start = seconds(&seg.start_time);
        let end = seconds(&seg.end_time);
        let punctuation_only = body.chars().all(|c| !c.is_alphanumeric());
        if let Some(p) = pending.as_mut() {
            if punctuation_only && p.0 == speaker {
                p.3.push_str(body);
                p.2 = end.or(p.2);
                continue;
            }
        }
        if let Some((who, s, e, text)) = pending.take() {
            b.push(who.as_deref(), s, e, &text);
        }
        pending = Some((speaker.clone(), start, end, body.to_string()));
    }
    if let Some((who, s, e, text)) = pending {
        b.push(who.as_deref(), s, e, &text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turns(t: &Transcript) -> Vec<(String, String)> {
        t.turns
            .iter()
            .map(|turn| {
                (
                    t.speaker_name(turn).unwrap_or("?").to_string(),
                    turn.text.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn shapes_are_recognised_by_their_keys() {
        let cases = [
            (
                r#"{"text":"hi","segments":[{"start":0,"end":1,"text":"hi"}]}"#,
                Format::WhisperJson,
            ),
            (
                r#"{"utterances":[{"speaker":"A","start":0,"end":10,"text":"x"}]}"#,
                Format::AssemblyaiJson,
            ),
            (r#"{"results":{"utterances":[]}}"#, Format::DeepgramJson),
            (
                r#"{"monologues":[{"speaker":0,"elements":[]}]}"#,
                Format::RevaiJson,
            ),
            (
                r#"[{"start_ms":0,"end_ms":5,"voice":"Eric","text":"x"}]"#,
                Format::PodloveJson,
            ),
            (
                r#"{"transcripts":[{"start_ms":0,"speaker":"1","text":"x"}]}"#,
                Format::PodloveJson,
            ),
            (
                r#"{"version":"1.0.0","segments":[{"startTime":0,"endTime":1,"body":"x"}]}"#,
                Format::PodcastJson,
            ),
        ];
        for (text, format) in cases {
            assert_eq!(sniff(text).map(|d| d.format), Some(format), "{text}");
        }
        let bom = "\u{feff}\r\n{\"monologues\": []}\r\n";
        assert_eq!(sniff(bom).map(|d| d.format), Some(Format::RevaiJson));
        for other in [
            r#"{"name":"package","version":"1.0.0"}"#,
            r#"[1,2,3]"#,
            r#"[]"#,
            r#"{"segments": 3}"#,
            "{not json",
            "plain text",
            r#"{"a":1} trailing"#,
        ] {
            assert_eq!(sniff(other), None, "{other}");
        }
    }

    #[test]
    fn numbers_and_strings_are_accepted_for_speakers_and_times() {
        let t = parse(
            r#"{"utterances":[{"speaker":1,"start":"1500","end":2500,"text":"Hi."},
                              {"speaker":"Alice","start":3000,"end":4000,"text":"Hello."}]}"#,
            Format::AssemblyaiJson,
        );
        assert_eq!(
            turns(&t),
            [
                ("Speaker 1".into(), "Hi.".into()),
                ("Alice".into(), "Hello.".into())
            ]
        );
        assert_eq!(t.turns[0].start, Some(1.5));
    }

    #[test]
    fn broken_json_gives_no_turns() {
        for text in [
            "{\"segments\": [",
            "[{\"text\": 1}",
            "{\"segments\": [null]}",
            "[[[]]]",
        ] {
            assert!(parse(text, Format::WhisperJson).turns.is_empty(), "{text}");
        }
        let deep = "[".repeat(100_000);
        assert_eq!(sniff(&deep), None);
        assert!(parse(&deep, Format::PodloveJson).turns.is_empty());
    }

    #[test]
    fn clock_strings() {
        assert_eq!(lenient_clock("00:01:02.500"), Some(62.5));
        assert_eq!(lenient_clock("1:02"), Some(62.0));
        assert_eq!(lenient_clock("00:00:01,250"), Some(1.25));
        assert_eq!(lenient_clock("12"), None);
        assert_eq!(lenient_clock("a:b"), None);
        assert_eq!(lenient_clock("1:2:3:4"), None);
    }
}
