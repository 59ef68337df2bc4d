//! Find-in-transcript: case- and accent-insensitive search whose match
//! ranges point into the ORIGINAL turn text, so the UI can wrap them in
//! `<mark>` text nodes without touching the text itself.
//!
//! # Method
//!
//! [`SearchIndex::new`] folds every turn once (O(text)) and keeps the folded
//! turns in one buffer, separated by `'\n'` (which a folded query never
//! contains, so a match never spans two turns). A query is folded the same
//! way and looked for as bytes, but only in the turns the word filter lets
//! through.
//!
//! ## The word filter
//!
//! While folding, the index lists the words of every turn: the maximal runs
//! of alphanumeric characters of the folded text. Each distinct word is
//! kept once, in a vocabulary string (`"\nthe\nscaling\nlaws\n"`), with
//! the list of turns that hold it (gaps between turn numbers, LEB128).
//!
//! A query's own alphanumeric runs can only match inside such words, and
//! where the query has a character before a run, that character is not
//! alphanumeric (or the run would be longer), so in the text the word
//! starts there too; the same at the run's end. So the first run of
//! `scaling la` ends a word, the last starts one, a run between two others
//! is a whole word, and a query of one run may be anywhere in a word. Each
//! run is looked for in the vocabulary with a `'\n'` on its closed sides
//! (`"scaling\n"`, `"\nla"`); the turns of the words found make one set
//! (a bit per turn) and the runs' sets are intersected. The phrase is then
//! looked for in those turns only, with exactly the semantics of a full
//! pass, so the answer is the same as a full pass (a proptest checks it on
//! Unicode, punctuation, parts of words and several words). A run that is
//! in no word is usually known without reading the vocabulary: a bitset of
//! the vocabulary's hashed byte trigrams says so in a microsecond. A query
//! with no letter or digit (`?!`) has nothing to look up and scans all
//! turns. The all-words fallback looks for each word only in the turns that
//! may hold every word.
//!
//! At 100,000 generated turns (20 MB of text, 3.5 million words, 1,309
//! distinct ones) the lists take 2.5 MB and the whole index 24.2 MB in
//! wasm ([`SearchIndex::heap_bytes`]), against 26.7 MB before with 5.0 MB
//! of byte-pair sets per 128-byte block, which could not tell that a word
//! is absent, so an absent query read all of them (3.5 ms). In Chromium
//! (`./x bench`) building it takes 60 ms, `scaling laws` 0.7 ms, `energy`
//! (15,700 matches) 3.4 ms and an absent pair of words 1 µs. A real
//! transcript has more distinct words (tens of thousands, a few hundred
//! kilobytes of vocabulary), which each query part reads once.
//!
//! ## Eight bytes at a time
//!
//! The core is built for wasm32 without SIMD and at `opt-level = "s"`,
//! where the compiler neither unrolls nor vectorises byte loops, and a
//! branch on every word boundary mispredicts about once per word. So the
//! hot loops go eight bytes at a time in a `u64` (module `crate::bits::swar`): folding a
//! turn of plain ASCII (whose only whitespace is single spaces, which is
//! most turns) with its word boundaries, and the substring search, which
//! keeps only the positions where the needle's first and last bytes both
//! match. Other turns are folded character by character; proptests check
//! that both ways agree and that the search agrees with `str::find`. Words
//! of up to 16 bytes are hashed as two numbers read straight from the text
//! (a word has no zero byte, so the two numbers are the word).
//!
//! Hand-written rather than from a crate: `memchr`'s `memmem` has no SIMD
//! on wasm32 without `simd128`, where its fallback reads a `usize` (four
//! bytes) at a time, and the workspace builds dependencies at
//! `opt-level = "z"`; the search here is 40 lines. `fst` would store the
//! vocabulary compactly and find prefixes, but a query part may end or sit
//! inside a word, which needs the `regex-automata` crate or a scan, and
//! the vocabulary is small enough that a scan of one string takes
//! microseconds. `std`'s `HashMap` hashes with SipHash, where the word
//! table needs one multiplication.
//!
//! Folding, per character:
//! - ASCII: lowercase.
//! - Latin letters with diacritics (Latin-1 Supplement, Latin Extended-A,
//!   pinyin and Romanian letters from Extended-B, Vietnamese from Latin
//!   Extended Additional): the base letter, from small hand-written tables.
//!   Ligatures and letters written as two in English expand: `ß`/`ẞ` → `ss`,
//!   `æ` → `ae`, `œ` → `oe`, `þ` → `th`, `ĳ` → `ij`, `ﬁ` → `fi`, ….
//!   Turkish `İ` and `ı` fold to `i`, Polish `ł` to `l`, `đ`/`ð` to `d`.
//! - Greek: tonos and dialytika dropped, final `ς` → `σ`; Cyrillic `ё` → `е`
//!   (Russian writes the two interchangeably). `й` stays `й`: it is a letter.
//! - Everything else: `char::to_lowercase` (Cyrillic, Greek, Armenian, …).
//! - Combining marks (U+0300–U+036F), the soft hyphen and zero-width
//!   characters fold to nothing, so decomposed `e` + U+0301 matches `e`.
//! - Curly apostrophes and quotes fold to `'` and `"`, so `don't` finds
//!   `don’t`.
//! - Any whitespace folds to one space; a run of whitespace to one space.
//!
//! Hand-written tables instead of a Unicode normalisation crate: the full
//! decomposition tables cost tens of kilobytes of wasm, and transcripts need
//! the few hundred Latin letters above. Letters outside them (`ḍ`, `ə`) are
//! only lowercased.
//!
//! # Mapping back to the original
//!
//! Most characters fold to one character of the same UTF-8 length (`a`→`a`,
//! `Б`→`б`), so folded and original offsets move together. Only the others
//! (`É`→`e`, `ß`→`ss`, dropped marks) get an [`Anchor`]: where they sit in
//! both texts. Mapping an offset is a binary search over one turn's anchors,
//! and an English or Russian transcript has almost none, so the index costs
//! little more than the folded text. A match must start and end on the
//! boundary of an original character's folded form: `s` does not match half
//! of `ß`, but `ss` matches `ß`. A match's end takes in the combining marks
//! after its last letter, so a highlight never splits `e` from its accent.
//!
//! # Queries
//!
//! The query is folded, trimmed and its whitespace collapsed; an empty
//! result finds nothing. The whole query is looked for as one phrase,
//! anywhere in a word (like a browser's find: `data` finds `database`).
//! Matches do not overlap (`aa` in `aaa` is one match). If a query of two
//! or more words finds no phrase, [`SearchIndex::search`] falls back to
//! turns that contain every word, each word highlighted, and says so
//! ([`SearchMode::AllWords`]) so the UI can tell the reader.
//!
//! It must never panic, whatever the text or query, and never return a
//! range that is not on character boundaries of the original text.

use std::ops::Range;

use serde::Serialize;

use crate::model::Transcript;

mod fold;
mod words;

use crate::bits::swar::find_bytes;
pub use fold::fold;
use fold::{ascii_bounds, fold_plain_ascii, fold_turn};
pub(crate) use words::Words;
use words::{TurnSet, WordsBuilder, PADDING};

/// One occurrence of the query: a turn and a byte range in its original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    pub turn: usize,
    pub range: Range<usize>,
}

/// How the matches were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchMode {
    /// The whole query, as one phrase.
    Phrase,
    /// No phrase match: turns containing every word of the query.
    AllWords,
}

/// The result of [`SearchIndex::search`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hits {
    pub mode: SearchMode,
    /// In document order: by turn, then by position.
    pub matches: Vec<Match>,
}

/// Where a character whose folded form is not "one character of the same
/// length" sits, in the folded turn and in the original turn (byte offsets
/// relative to the turn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Anchor {
    pub(crate) folded: usize,
    pub(crate) folded_len: usize,
    pub(crate) original: usize,
    pub(crate) original_len: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TurnSpan {
    /// Range of this turn in [`SearchIndex::folded`].
    pub(crate) folded: Range<usize>,
    /// Range of this turn's anchors in [`SearchIndex::anchors`].
    pub(crate) anchors: Range<usize>,
}

/// Folded turn texts, built once per transcript (or per list of texts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchIndex {
    pub(crate) folded: String,
    pub(crate) turns: Vec<TurnSpan>,
    pub(crate) anchors: Vec<Anchor>,
    /// Which turns hold which words: a query is only looked for in the
    /// turns that hold all of its words.
    pub(crate) words: Words,
}

impl SearchIndex {
    /// Folds every turn of `transcript`.
    pub fn new(transcript: &Transcript) -> Self {
        let bytes = transcript.turns.iter().map(|t| t.text.len() + 1).sum();
        let mut index = SearchIndex {
            folded: String::with_capacity(bytes),
            ..SearchIndex::default()
        };
        index.turns.reserve(transcript.turns.len());
        index.extend(transcript.turns.iter().map(|t| t.text.as_str()));
        index
    }

    /// Folds any list of turn texts; match `turn` numbers are positions in
    /// this list (an "All transcripts" view can index every turn of every
    /// transcript at once).
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut index = SearchIndex::default();
        index.extend(texts);
        index
    }

    fn extend<'a>(&mut self, texts: impl IntoIterator<Item = &'a str>) {
        // Bytes while building: the common turn is folded eight bytes at a
        // time, which a `String` would have to check for UTF-8 chunk by chunk.
        let mut folded = std::mem::take(&mut self.folded).into_bytes();
        let mut words = WordsBuilder::default();
        let mut bounds = Vec::new();
        let mut other = String::new();
        for text in texts {
            let turn = self.turns.len();
            if turn > 0 {
                folded.push(b'\n');
            }
            let start = folded.len();
            let first_anchor = self.anchors.len();
            let mut ascii = fold_plain_ascii(text, &mut folded, &mut bounds);
            if !ascii {
                other.clear();
                fold_turn(text, &mut other, &mut self.anchors);
                folded.extend_from_slice(other.as_bytes());
                ascii = other.is_ascii();
                if ascii {
                    ascii_bounds(other.as_bytes(), &mut bounds);
                } else {
                    words.add_text(turn, &other);
                }
            }
            let end = folded.len();
            if ascii {
                folded.extend_from_slice(&[0; PADDING]);
                words.add_ascii(turn, folded.get(start..).unwrap_or_default(), &bounds);
                folded.truncate(end);
            }
            self.turns.push(TurnSpan {
                folded: start..end,
                anchors: first_anchor..self.anchors.len(),
            });
        }
        // `from_texts` grows the buffer by doubling: give back the room.
        if folded.capacity() > folded.len() + folded.len() / 16 {
            folded.shrink_to_fit();
        }
        // Only whole folded characters were written: always valid UTF-8.
        self.folded = String::from_utf8(folded)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        self.words = words.finish();
    }

    /// Bytes the index holds on the heap (as allocated, with any room to
    /// grow): what keeping it costs, on the target it was built for.
    pub fn heap_bytes(&self) -> usize {
        self.folded.capacity()
            + self.turns.capacity() * std::mem::size_of::<TurnSpan>()
            + self.anchors.capacity() * std::mem::size_of::<Anchor>()
            + self.words.heap_bytes()
    }

    /// Number of turns indexed.
    pub fn len(&self) -> usize {
        self.turns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.turns.is_empty()
    }

    /// Every occurrence of the query as a phrase, in document order.
    pub fn find(&self, query: &str) -> Vec<Match> {
        self.find_folded(&fold(query))
    }

    /// Like [`find`](Self::find), but a query of several words that finds
    /// no phrase falls back to turns containing all of its words.
    pub fn search(&self, query: &str) -> Hits {
        self.search_with(&fold(query), false)
    }

    /// [`search`](Self::search) of a folded query; `scan_all` as for
    /// [`find_with`](Self::find_with).
    fn search_with(&self, needle: &str, scan_all: bool) -> Hits {
        let matches = self.find_with(needle, scan_all);
        if !matches.is_empty() || !needle.contains(' ') {
            return Hits {
                mode: SearchMode::Phrase,
                matches,
            };
        }
        Hits {
            mode: SearchMode::AllWords,
            matches: self.find_all_words(needle, scan_all),
        }
    }

    fn find_folded(&self, needle: &str) -> Vec<Match> {
        self.find_with(needle, false)
    }

    /// `scan_all` looks in every turn instead of only the candidates of
    /// the word filter: what the filter must agree with.
    fn find_with(&self, needle: &str, scan_all: bool) -> Vec<Match> {
        if needle.is_empty() {
            return Vec::new();
        }
        let candidates = if scan_all {
            None
        } else {
            self.words.candidates(needle, self.turns.len())
        };
        self.find_in(needle, &self.spans(candidates.as_ref()))
    }

    /// The stretches of the folded text to look in: runs of candidate
    /// turns as `(first turn, folded range)`, or all of it.
    fn spans(&self, candidates: Option<&TurnSet>) -> Vec<(usize, Range<usize>)> {
        let Some(set) = candidates else {
            return vec![(0, 0..self.folded.len())];
        };
        set.runs()
            .filter_map(|run| {
                let first = self.turns.get(run.start)?;
                let last = self.turns.get(run.end.checked_sub(1)?)?;
                Some((run.start, first.folded.start..last.folded.end))
            })
            .collect()
    }

    /// Every occurrence of `needle` in `spans`. A match never crosses a
    /// turn, so looking turn run by turn run finds what one pass over the
    /// whole text would find in them.
    fn find_in(&self, needle: &str, spans: &[(usize, Range<usize>)]) -> Vec<Match> {
        let mut out = Vec::new();
        let folded = self.folded.as_bytes();
        for (first, span) in spans {
            // Bytes: slicing the `str` would first read the span's last
            // byte (to check for a character boundary, which the end of a
            // turn always is), one more cache miss per turn.
            let Some(hay) = folded.get(..span.end) else {
                continue;
            };
            let mut pos = span.start;
            let mut turn = *first;
            while let Some(start) = hay
                .get(pos..)
                .and_then(|s| find_bytes(s, needle.as_bytes()))
            {
                let start = pos + start;
                let end = start + needle.len();
                // Matches come in order, so the turn only ever moves forward.
                while self.turns.get(turn).is_some_and(|t| t.folded.end < end) {
                    turn += 1;
                }
                match self.original_range(turn, start..end) {
                    Some(range) => {
                        out.push(Match { turn, range });
                        pos = end;
                    }
                    None => {
                        // Not on a character's boundary: a valid match may
                        // still start inside this one, so step one
                        // character only.
                        let step = self
                            .folded
                            .get(start..)
                            .and_then(|s| s.chars().next())
                            .map_or(1, char::len_utf8);
                        pos = start + step;
                    }
                }
            }
        }
        out
    }

    fn find_all_words(&self, needle: &str, scan_all: bool) -> Vec<Match> {
        let words: Vec<&str> = needle.split(' ').filter(|w| !w.is_empty()).collect();
        // Only turns that may hold every word can count.
        let mut candidates: Option<TurnSet> = None;
        for word in words.iter().filter(|_| !scan_all) {
            if let Some(these) = self.words.candidates(word, self.turns.len()) {
                match &mut candidates {
                    Some(set) => set.intersect(&these),
                    None => candidates = Some(these),
                }
            }
        }
        if candidates.as_ref().is_some_and(TurnSet::is_empty) {
            return Vec::new();
        }
        let spans = self.spans(candidates.as_ref());
        let per_word: Vec<Vec<Match>> = words.iter().map(|w| self.find_in(w, &spans)).collect();
        // Turns in which every word occurs.
        let mut counts = vec![0usize; self.turns.len()];
        for matches in &per_word {
            let mut last = None;
            for m in matches {
                if last != Some(m.turn) {
                    if let Some(c) = counts.get_mut(m.turn) {
                        *c += 1;
                    }
                    last = Some(m.turn);
                }
            }
        }
        let mut all: Vec<Match> = per_word
            .into_iter()
            .flatten()
            .filter(|m| counts.get(m.turn) == Some(&words.len()))
            .collect();
        all.sort_by_key(|m| (m.turn, m.range.start, m.range.end));
        // One word may sit inside another ("the" in "there"): keep the first.
        let mut out: Vec<Match> = Vec::with_capacity(all.len());
        for m in all {
            match out.last() {
                Some(prev) if prev.turn == m.turn && prev.range.end > m.range.start => {}
                _ => out.push(m),
            }
        }
        out
    }

    /// The original range for a range of the folded buffer inside `turn`,
    /// or `None` if either end falls inside one character's folded form.
    fn original_range(&self, turn: usize, folded: Range<usize>) -> Option<Range<usize>> {
        let span = self.turns.get(turn)?;
        let anchors = self.anchors.get(span.anchors.clone())?;
        let start = folded.start.checked_sub(span.folded.start)?;
        let end = folded.end.checked_sub(span.folded.start)?;
        if end > span.folded.len() {
            return None;
        }
        Some(to_original(anchors, start)?..to_original(anchors, end)?)
    }
}

/// The original offset of folded offset `p` in a turn: the start of the
/// first non-empty character fold at `p` (so an end offset takes in the
/// dropped marks before it), or `None` inside a character's folded form.
fn to_original(anchors: &[Anchor], p: usize) -> Option<usize> {
    let i = anchors.partition_point(|a| a.folded <= p);
    let Some(a) = i.checked_sub(1).and_then(|i| anchors.get(i)) else {
        return Some(p);
    };
    let folded_end = a.folded + a.folded_len;
    if p == a.folded && a.folded_len > 0 {
        Some(a.original)
    } else if p < folded_end {
        None
    } else {
        Some(a.original + a.original_len + (p - folded_end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(index: &SearchIndex, q: &str, turns: &[&str]) -> Vec<String> {
        index
            .find(q)
            .into_iter()
            .map(|m| turns[m.turn][m.range].to_string())
            .collect()
    }

    #[test]
    fn matches_point_at_the_original_text() {
        let turns = [
            "Der Ausschuß tagte in Zürich. ZÜRICH!",
            "Ein Café, ein Cafe\u{301} und ein CAFÉ.",
            "Das ist Ærø.",
            "Ничего не ЁЛКИ, ёлки зелёные",
        ];
        let index = SearchIndex::from_texts(turns);
        assert_eq!(texts(&index, "zurich", &turns), ["Zürich", "ZÜRICH"]);
        assert_eq!(texts(&index, "ausschuss", &turns), ["Ausschuß"]);
        assert_eq!(texts(&index, "ausschus", &turns), Vec::<String>::new());
        assert_eq!(
            texts(&index, "CAFÉ", &turns),
            ["Café", "Cafe\u{301}", "CAFÉ"]
        );
        assert_eq!(texts(&index, "ae", &turns), ["Æ"]);
        assert_eq!(texts(&index, "елки", &turns), ["ЁЛКИ", "ёлки"]);
        assert_eq!(index.find("a")[0].turn, 0);
    }

    #[test]
    fn a_match_may_start_inside_a_rejected_one() {
        let turns = ["sßs"];
        let index = SearchIndex::from_texts(turns);
        assert_eq!(texts(&index, "ss", &turns), ["ß"]);
        assert_eq!(texts(&index, "sss", &turns), ["sß"]);
    }

    #[test]
    fn phrases_do_not_cross_turns_and_collapse_whitespace() {
        let turns = ["going to", "build it", "going  \t to\u{a0}build"];
        let index = SearchIndex::from_texts(turns);
        assert_eq!(texts(&index, "to build", &turns), ["to\u{a0}build"]);
        assert_eq!(
            texts(&index, "  GOING   TO ", &turns),
            ["going to", "going  \t to"]
        );
        assert!(index.find(" \n ").is_empty());
        assert!(index.find("\u{301}").is_empty());
    }

    #[test]
    fn all_words_fallback_only_when_the_phrase_is_absent() {
        let turns = [
            "compute costs data",
            "data about compute",
            "more data compute",
        ];
        let index = SearchIndex::from_texts(turns);
        let hits = index.search("data compute");
        assert_eq!(hits.mode, SearchMode::Phrase);
        assert_eq!(hits.matches.len(), 1);
        let hits = index.search("compute DATA!");
        assert_eq!(hits.mode, SearchMode::AllWords);
        assert!(hits.matches.is_empty());
        let hits = index.search("compute data");
        assert_eq!(hits.mode, SearchMode::AllWords);
        let found: Vec<_> = hits
            .matches
            .iter()
            .map(|m| (m.turn, &turns[m.turn][m.range.clone()]))
            .collect();
        assert_eq!(
            found,
            [
                (0, "compute"),
                (0, "data"),
                (1, "data"),
                (1, "compute"),
                (2, "data"),
                (2, "compute")
            ]
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 1000, ..Default::default() })]
        /// The word filter never loses or adds a match, phrase or all
        /// words, for any text and query. The alphabet mixes letters and
        /// digits (in words), punctuation and whitespace (between them),
        /// letters that fold to two (`ß`, `æ`), to one of another length
        /// (`İ`, `É`), to nothing (a combining accent), letters of other
        /// scripts (`б`, `中`, Devanagari with its vowel sign) and non-ASCII
        /// punctuation (`’`, `—`). Queries are random strings of the same,
        /// or slices of a turn: parts of words, several words, punctuation.
        #[test]
        fn the_word_filter_finds_what_a_full_scan_finds(
            turns in proptest::collection::vec("[abAB01 .,'\\-\\n\\tßæİÉé\u{301}б中कि’—]{0,80}", 1..10),
            query in "[abAB01 .,'\\-ßæİÉé\u{301}б中कि’—]{1,8}",
            slice in (0usize..10, 0usize..80, 1usize..30),
        ) {
            let index = SearchIndex::from_texts(turns.iter().map(String::as_str));
            let (turn, start, len) = slice;
            let text = &turns[turn % turns.len()];
            let cut = |i: usize| (0..=i.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            let piece = &text[cut(start)..cut(start + len)];
            for needle in [fold(&query), fold(piece)] {
                proptest::prop_assert_eq!(index.find_with(&needle, false), index.find_with(&needle, true));
                proptest::prop_assert_eq!(index.search_with(&needle, false), index.search_with(&needle, true));
            }
        }
    }
}
