//! The core's hot paths as functions JavaScript can time, for the
//! in-browser benchmark (`bench/`, run by `./x bench`). Each function does
//! the same work the app does for the same step, and returns a small number
//! (a count) so neither side can skip the work and the page can check that
//! every run saw the same result.
//!
//! Built only for the benchmark with the app's release profile (size-tuned,
//! as users get it); it is never part of the app's bundle. It must never hold
//! logic of its own: a difference from the app's timings would then be
//! measuring this crate, not the core. On the host it compiles (so the
//! workspace's clippy and tests cover it) but is never run.

use transcript_core::dedup::{self, Duplicates};
use transcript_core::search::SearchIndex;
use transcript_core::topics::Topics;
use transcript_core::{parse, passages, Format, Transcript, TranscriptBuilder};
use wasm_bindgen::prelude::wasm_bindgen;

/// Detects and parses `text`; the number of turns (0 when it does not parse).
#[wasm_bindgen]
pub fn parse_turns(text: &str) -> u32 {
    parse(text).map_or(0, |t| t.turns.len() as u32)
}

/// Only takes `text` into wasm memory (wasm-bindgen copies a JavaScript
/// string into UTF-8 for every `&str` argument) and returns its length: the
/// part of `parse_turns` that is the crossing, not the parse.
#[wasm_bindgen]
pub fn text_len(text: &str) -> u32 {
    u32::try_from(text.len()).unwrap_or(u32::MAX)
}

/// A parsed transcript kept in wasm memory, so each later step can be timed
/// on its own, as the app runs them after parsing.
#[wasm_bindgen]
pub struct Parsed {
    transcript: Transcript,
    index: Option<SearchIndex>,
}

#[wasm_bindgen]
impl Parsed {
    /// Parses `text`; an empty transcript when it does not parse.
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str) -> Parsed {
        Parsed {
            transcript: parse(text)
                .unwrap_or_else(|_| TranscriptBuilder::new(Format::PlainText).finish()),
            index: None,
        }
    }

    pub fn turns(&self) -> u32 {
        self.transcript.turns.len() as u32
    }

    /// Cues (segments) over all turns: what a caption parser calls cues.
    pub fn cues(&self) -> u32 {
        self.transcript
            .turns
            .iter()
            .map(|t| t.segments.len())
            .sum::<usize>() as u32
    }

    /// The latest end time in seconds, to check clocks past 99 hours.
    pub fn last_end(&self) -> f64 {
        self.transcript
            .turns
            .iter()
            .filter_map(|t| t.end.or(t.start))
            .fold(0.0, f64::max)
    }

    /// Keeps only the first `n` turns (the 100,000-turn search set).
    pub fn truncate(&mut self, n: usize) {
        self.transcript.turns.truncate(n);
        self.transcript.sections.retain(|s| s.turn < n);
        self.index = None;
    }

    /// Every turn's text, one per line (parsers collapse whitespace, so a
    /// turn has no newline): the same texts for the JavaScript search peer.
    pub fn turn_texts(&self) -> String {
        let mut out = String::new();
        for t in &self.transcript.turns {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&t.text);
        }
        out
    }

    /// The passages repeat detection compares; their number.
    pub fn passages(&self) -> u32 {
        passages::split(&self.transcript).len() as u32
    }

    /// Repeat detection; the number of passages the app collapses.
    pub fn dedup(&self) -> u32 {
        dedup::find(&self.transcript).hidden_count() as u32
    }

    /// Topic tags; their number.
    pub fn topics(&self) -> u32 {
        Topics::extract(&self.transcript).tags.len() as u32
    }

    /// Builds (or rebuilds) the search index; the number of turns indexed.
    pub fn build_index(&mut self) -> u32 {
        let index = SearchIndex::new(&self.transcript);
        let n = index.len() as u32;
        self.index = Some(index);
        n
    }

    /// Bytes the search index holds in wasm memory. Builds the index first
    /// if needed.
    pub fn index_bytes(&mut self) -> u32 {
        let index = self
            .index
            .get_or_insert_with(|| SearchIndex::new(&self.transcript));
        u32::try_from(index.heap_bytes()).unwrap_or(u32::MAX)
    }

    /// The turns a search matches (phrase, else all words), handed to
    /// JavaScript as a `Uint32Array`: the same output as a JavaScript
    /// search library's list of document ids. Builds the index first if
    /// needed.
    pub fn search_turns(&mut self, query: &str) -> Vec<u32> {
        let index = self
            .index
            .get_or_insert_with(|| SearchIndex::new(&self.transcript));
        index
            .matching_turns(&self.transcript, query)
            .1
            .into_iter()
            .map(|t| u32::try_from(t).unwrap_or(u32::MAX))
            .collect()
    }

    /// Every cue (segment) as columns for JavaScript to make objects of:
    /// `[start, end]` per cue (NaN when absent) …
    pub fn cue_times(&self) -> Vec<f64> {
        let mut out = Vec::new();
        for s in self.transcript.turns.iter().flat_map(|t| &t.segments) {
            out.push(s.start.unwrap_or(f64::NAN));
            out.push(s.end.unwrap_or(f64::NAN));
        }
        out
    }

    /// … each cue's speaker (`u32::MAX`: none) …
    pub fn cue_speakers(&self) -> Vec<u32> {
        let mut out = Vec::new();
        for t in &self.transcript.turns {
            let who = t.speaker.map_or(u32::MAX, |s| s as u32);
            out.extend(std::iter::repeat_n(who, t.segments.len()));
        }
        out
    }

    /// … the speakers' names, one per line …
    pub fn speaker_names(&self) -> String {
        let names: Vec<&str> = self
            .transcript
            .speakers
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        names.join("\n")
    }

    /// … and the cues' texts, one per line (a cue's text is its stretch of
    /// its turn's text; parsers collapse whitespace, so none holds a
    /// newline).
    pub fn cue_texts(&self) -> String {
        let mut out = String::new();
        for t in &self.transcript.turns {
            let offsets: Vec<usize> = t.segments.iter().map(|s| s.offset).collect();
            for (i, &from) in offsets.iter().enumerate() {
                let to = offsets.get(i + 1).copied().unwrap_or(t.text.len());
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(t.text.get(from..to).unwrap_or_default().trim_end());
            }
        }
        out
    }

    /// A search as the app runs it on each keystroke (phrase, else all
    /// words); the number of matches. Builds the index first if needed.
    pub fn search(&mut self, query: &str) -> u32 {
        let index = self
            .index
            .get_or_insert_with(|| SearchIndex::new(&self.transcript));
        index.search(&self.transcript, query).matches.len() as u32
    }
}

/// The app's whole import on `text`: parse, repeats (which splits passages),
/// topics and the search index, as the app computes them before showing a
/// transcript. Returns the number of turns plus collapsed passages plus tags,
/// so nothing is optimised away.
#[wasm_bindgen]
pub fn pipeline(text: &str) -> u32 {
    let Ok(t) = parse(text) else {
        return 0;
    };
    let duplicates: Duplicates = dedup::find(&t);
    let topics = Topics::extract(&t);
    let index = SearchIndex::new(&t);
    (index.len() + duplicates.hidden_count() + topics.tags.len()) as u32
}

/// Our share-link payload for `text` (parsed first, as the app does).
#[wasm_bindgen]
pub fn share_encode(text: &str) -> String {
    transcript_core::parse(text)
        .map(|t| transcript_core::share::encode_transcript(&t))
        .unwrap_or_default()
}

/// Decodes a payload; the turn count, or `None` when it does not decode.
#[wasm_bindgen]
pub fn share_decode(payload: &str) -> Option<u32> {
    transcript_core::share::decode_transcript(payload)
        .ok()
        .map(|t| u32::try_from(t.turns.len()).unwrap_or(u32::MAX))
}

/// Whether `payload` decodes to exactly the transcript `text` parses to:
/// our codec carries the parsed transcript, not the text, so this is its
/// round trip.
#[wasm_bindgen]
pub fn share_check(text: &str, payload: &str) -> bool {
    match (
        transcript_core::parse(text),
        transcript_core::share::decode_transcript(payload),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
