//! Find-in-transcript: case- and accent-insensitive search whose match
//! ranges point into the ORIGINAL turn text, so the UI can wrap them in
//! `<mark>` text nodes without touching the text itself.
//!
//! # Method
//!
//! [`SearchIndex::new`] folds every turn once (O(text)) and keeps the folded
//! turns in one buffer, separated by `'\n'` (which a folded query never
//! contains, so a match never spans two turns), and in the same pass lists
//! every word: the maximal runs of alphanumeric characters of the folded
//! text.
//!
//! ## The word index
//!
//! Each distinct word is kept once, in a vocabulary string
//! (`"\nthe\nscaling\nlaws\n"`), with its postings: the turns it is in,
//! then where it starts in each (offsets in the turn's folded text), as
//! gaps in LEB128, about three bytes a word. The turns come apart from the
//! offsets, so the turns of a word (all a query of one word needs) are read
//! in one tight loop without touching its offsets. The postings are collected in text order as (word, place)
//! pairs and sorted by word once at the end (a counting sort), so building
//! is one pass over the text and one over the pairs.
//!
//! A query is folded the same way. Its alphanumeric runs can only match
//! inside words, and where the query has a character before a run, that
//! character is not alphanumeric (or the run would be longer), so in the
//! text the word starts there too; the same at the run's end. One run
//! leads (a whole word if there is one, else the longest): a run with
//! characters on both sides is a whole word, one after a character starts a
//! word (a prefix, the last word of a phrase as typed), one before a
//! character ends a word, and a query of one run may be anywhere in a word (`data` finds `database`, like a browser's find). The
//! lead is looked for in the vocabulary with a `'\n'` on its closed sides
//! (`"\nscaling\n"`, `"\nla"`); a bitset of the vocabulary's hashed byte
//! trigrams says in a microsecond that most absent runs are in no word.
//! Each word found, and each place of the run inside it, gives through the
//! word's postings where the whole query would start; the folded text there
//! is compared with the query (which checks the rest of the phrase, its
//! spaces and punctuation), and the places that agree are taken left to
//! right as the scan takes them. So the answer is exactly a full scan's
//! (proptests check it on Unicode, punctuation, parts of words, phrases
//! and every prefix of a query as typed). A query with no letter or digit
//! (`?!`) has nothing to look up and is the one case still answered by a
//! scan of the folded text: the substring fallback.
//!
//! A query of words separated by single spaces (`scaling laws`, `scaling
//! la` as typed) can be checked without the text: each posting says
//! whether the byte before its word is a space, so a place of the lead is
//! a match when every other run's words are where the phrase puts them,
//! after a space. That reads the other runs' postings instead of fetching
//! and folding the text at each place, and is chosen when those postings
//! are at most a few times the lead's (`BY_POSTINGS`); a turn where a
//! place may fall inside a character's fold still maps it through the
//! anchors.
//!
//! [`SearchIndex::matching_turns`] gives the turns only, which needs no
//! highlight range except in the rare turn with anchors (below).
//!
//! Figures on the realistic 100,000-turn input are in `BENCHMARKS.md`.
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
use fold::{ascii_bounds, fold_plain_ascii, fold_starts_with, fold_turn};
pub(crate) use words::Words;
use words::{for_each_word, WordsBuilder, PADDING};

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

/// The turn texts an index was built from, which queries read to check a
/// phrase and to map its place to the original text: the index keeps no
/// copy of them. A turn past the end reads as empty.
pub trait Texts {
    fn turn_text(&self, turn: usize) -> &str;
}

impl Texts for Transcript {
    fn turn_text(&self, turn: usize) -> &str {
        self.turns.get(turn).map_or("", |t| t.text.as_str())
    }
}

impl<S: AsRef<str>> Texts for [S] {
    fn turn_text(&self, turn: usize) -> &str {
        self.get(turn).map_or("", AsRef::as_ref)
    }
}

impl<S: AsRef<str>> Texts for Vec<S> {
    fn turn_text(&self, turn: usize) -> &str {
        self.as_slice().turn_text(turn)
    }
}

impl<S: AsRef<str>, const N: usize> Texts for [S; N] {
    fn turn_text(&self, turn: usize) -> &str {
        self.as_slice().turn_text(turn)
    }
}

/// Where a character whose folded form is not "one character of the same
/// length" sits, in the folded turn and in the original turn (byte offsets
/// relative to the turn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Anchor {
    pub(crate) folded: u32,
    pub(crate) original: u32,
    pub(crate) folded_len: u8,
    pub(crate) original_len: u8,
}

impl Anchor {
    /// Lengths are of one character and its fold (at most 12 bytes);
    /// offsets are within one turn, under 4 GB.
    pub(crate) fn new(
        folded: usize,
        folded_len: usize,
        original: usize,
        original_len: usize,
    ) -> Self {
        Anchor {
            folded: folded as u32,
            original: original as u32,
            folded_len: folded_len as u8,
            original_len: original_len as u8,
        }
    }
}

/// The word index of a list of turns (see the module doc). It holds no
/// text: queries take the turn texts it was built from ([`Texts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchIndex {
    /// Per turn, where its anchors start in `anchors`, and one more entry
    /// for where the last turn's end.
    pub(crate) anchor_at: Vec<u32>,
    pub(crate) anchors: Vec<Anchor>,
    /// One bit per turn: set when a character of the turn folds to two or
    /// more bytes (`ß` → `ss`), so that a place may fall inside its fold.
    /// Worked out from the anchors (not transferred).
    pub(crate) wide: Vec<u64>,
    /// Every word of the folded text and where it is.
    pub(crate) words: Words,
}

impl Default for SearchIndex {
    fn default() -> Self {
        SearchIndex {
            anchor_at: vec![0],
            anchors: Vec::new(),
            wide: Vec::new(),
            words: Words::default(),
        }
    }
}

/// A run of the query's letters and digits, with the words and places it
/// can be at: what a query is looked up by.
struct Lead {
    /// `(word, offset of the run in the word)`, by word.
    places: Vec<(u32, u32)>,
    /// Where the run starts in the query.
    shift: usize,
    /// The query is the run alone: a place of the run is a place of the
    /// query, with nothing else to compare.
    exact: bool,
    /// Only places whose word follows a space count (a later word of a
    /// phrase checked by postings).
    space: bool,
    /// The query's other runs, when it is checked by postings (see
    /// [`SearchIndex::confirm`]); else empty and the text is compared.
    others: Vec<Run>,
    by_postings: bool,
}

/// Another run of a query of words separated by single spaces.
struct Run {
    places: Vec<(u32, u32)>,
    shift: usize,
    space: bool,
}

/// A query of words separated by single spaces is checked from the
/// postings of its other words, not from the text, when these postings
/// are at most this many times the lead's (a byte of postings is read much
/// faster than a place of the text is fetched and compared).
const BY_POSTINGS: usize = 4;

impl SearchIndex {
    /// Indexes every turn of `transcript`.
    pub fn new(transcript: &Transcript) -> Self {
        let bytes = transcript.turns.iter().map(|t| t.text.len()).sum();
        Self::build(transcript.turns.iter().map(|t| t.text.as_str()), bytes)
    }

    /// Indexes any list of turn texts; match `turn` numbers are positions in
    /// this list (an "All transcripts" view can index every turn of every
    /// transcript at once), and queries take the same list.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        Self::build(texts, 0)
    }

    fn build<'a>(texts: impl IntoIterator<Item = &'a str>, bytes: usize) -> Self {
        let mut index = SearchIndex::default();
        let mut words = WordsBuilder::default();
        words.reserve(bytes);
        // Each turn is folded into `folded` (bytes: the common turn is
        // folded eight bytes at a time), its words listed, and the fold
        // dropped: only the words, their places and the anchors are kept.
        let mut folded: Vec<u8> = Vec::new();
        let mut bounds = Vec::new();
        for (turn, text) in texts.into_iter().enumerate() {
            let turn = turn as u32;
            folded.clear();
            let mut ascii = fold_plain_ascii(text, &mut folded, &mut bounds);
            if !ascii {
                fold_turn(text, &mut folded, &mut index.anchors);
                ascii = folded.is_ascii();
                if ascii {
                    ascii_bounds(&folded, &mut bounds);
                } else {
                    // Whole characters folded: always valid.
                    words.add_text(turn, std::str::from_utf8(&folded).unwrap_or_default());
                }
            }
            if ascii {
                folded.extend_from_slice(&[0; PADDING]);
                words.add_ascii(turn, &folded, &bounds);
            }
            index.anchor_at.push(index.anchors.len() as u32);
        }
        index.anchors.shrink_to_fit();
        index.wide = wide_turns(&index.anchor_at, &index.anchors);
        index.words = words.finish();
        index
    }

    /// Bytes the index holds on the heap (as allocated, with any room to
    /// grow): what keeping it costs, on the target it was built for.
    pub fn heap_bytes(&self) -> usize {
        self.anchor_at.capacity() * 4
            + self.wide.capacity() * 8
            + self.anchors.capacity() * std::mem::size_of::<Anchor>()
            + self.words.heap_bytes()
    }

    /// Number of turns indexed.
    pub fn len(&self) -> usize {
        self.anchor_at.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every occurrence of the query as a phrase, in document order.
    /// `texts`: the turns the index was built from.
    pub fn find<T: Texts + ?Sized>(&self, texts: &T, query: &str) -> Vec<Match> {
        self.find_with(texts, &fold(query), false)
    }

    /// Like [`find`](Self::find), but a query of several words that finds
    /// no phrase falls back to turns containing all of its words.
    pub fn search<T: Texts + ?Sized>(&self, texts: &T, query: &str) -> Hits {
        self.search_with(texts, &fold(query), false)
    }

    /// The turns [`search`](Self::search) finds matches in, in order,
    /// without working out the highlight ranges of every match: what a
    /// list of matching turns needs (the rows on screen then ask
    /// [`search`](Self::search) or [`find`](Self::find) for their ranges).
    pub fn matching_turns<T: Texts + ?Sized>(
        &self,
        texts: &T,
        query: &str,
    ) -> (SearchMode, Vec<usize>) {
        self.matching_turns_with(texts, &fold(query), false)
    }

    fn matching_turns_with<T: Texts + ?Sized>(
        &self,
        texts: &T,
        needle: &str,
        scan_all: bool,
    ) -> (SearchMode, Vec<usize>) {
        let turns = self.phrase_turns(texts, needle, scan_all);
        if !turns.is_empty() || !needle.contains(' ') {
            return (SearchMode::Phrase, turns);
        }
        // Turns that hold every word.
        let mut all: Option<Vec<usize>> = None;
        for word in needle.split(' ').filter(|w| !w.is_empty()) {
            let these = self.phrase_turns(texts, word, scan_all);
            all = Some(match all {
                None => these,
                Some(before) => {
                    let mut out = Vec::with_capacity(before.len().min(these.len()));
                    let mut these = these.iter().peekable();
                    for t in before {
                        while these.next_if(|&&u| u < t).is_some() {}
                        if these.peek() == Some(&&t) {
                            out.push(t);
                        }
                    }
                    out
                }
            });
            if all.as_ref().is_some_and(Vec::is_empty) {
                break;
            }
        }
        (SearchMode::AllWords, all.unwrap_or_default())
    }

    /// Whether a place in `turn` may fall inside a character's fold.
    #[inline(always)]
    fn is_wide(&self, turn: usize) -> bool {
        self.wide
            .get(turn / 64)
            .is_none_or(|w| w >> (turn % 64) & 1 == 1)
    }

    /// The anchors of `turn`.
    fn anchors_of(&self, turn: usize) -> &[Anchor] {
        match (self.anchor_at.get(turn), self.anchor_at.get(turn + 1)) {
            (Some(&a), Some(&b)) => self.anchors.get(a as usize..b as usize).unwrap_or_default(),
            _ => &[],
        }
    }

    /// The original range of the needle at folded offset `start` of `turn`
    /// if it is there and begins and ends on the boundary of an original
    /// character's fold. `exact`: the place is known to hold the needle.
    fn check(
        &self,
        text: &str,
        turn: usize,
        start: usize,
        needle: &[u8],
        exact: bool,
    ) -> Option<Range<usize>> {
        let anchors = self.anchors_of(turn);
        let from = to_original(anchors, start)?;
        if !exact && !fold_starts_with(text, from, needle) {
            return None;
        }
        let to = to_original(anchors, start + needle.len())?;
        // Always true when `text` is the one indexed.
        text.get(from..to)?;
        Some(from..to)
    }

    /// The turns where `needle` (folded) has a match.
    fn phrase_turns<T: Texts + ?Sized>(
        &self,
        texts: &T,
        needle: &str,
        scan_all: bool,
    ) -> Vec<usize> {
        if needle.is_empty() {
            return Vec::new();
        }
        let lead = if scan_all { None } else { self.lead(needle) };
        let Some(lead) = lead else {
            let mut turns: Vec<usize> = self
                .scan(texts, needle)
                .into_iter()
                .map(|m| m.turn)
                .collect();
            turns.dedup();
            return turns;
        };
        let bytes = needle.as_bytes();
        let mut out: Vec<usize> = Vec::new();
        if lead.by_postings {
            // Each place left holds the phrase in the folded text.
            for place in self.lead_starts(&lead) {
                let turn = (place >> 32) as usize;
                let start = (place & 0xFFFF_FFFF) as usize;
                if turn >= self.len() {
                    break;
                }
                if out.last() == Some(&turn) {
                    continue;
                }
                if !self.is_wide(turn)
                    || self
                        .check(texts.turn_text(turn), turn, start, bytes, true)
                        .is_some()
                {
                    out.push(turn);
                }
            }
            return out;
        }
        for &(id, inside) in &lead.places {
            // A place of a word alone is a match unless it may fall inside
            // a character's fold: when none of the word's turns has such a
            // character, its turns are the answer, read in one tight loop.
            if lead.exact {
                let from = out.len();
                self.words.push_turns(id, &mut out);
                let len = self.len();
                let rest = out.get(from..).unwrap_or_default();
                if rest.iter().all(|&t| t < len && !self.is_wide(t)) {
                    continue;
                }
                out.truncate(from);
            }
            let mut postings = self.words.postings(id);
            while let Some(turn) = postings.next_turn() {
                if lead.exact && !self.is_wide(turn) {
                    if turn < self.len() {
                        out.push(turn);
                    }
                    continue;
                }
                let text = texts.turn_text(turn);
                while let Some(at) = postings.next_offset() {
                    let Some(start) = (at + inside as usize).checked_sub(lead.shift) else {
                        continue;
                    };
                    if self.check(text, turn, start, bytes, lead.exact).is_some() {
                        out.push(turn);
                        break;
                    }
                }
            }
        }
        if lead.places.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
        out
    }

    /// [`search`](Self::search) of a folded query; `scan_all` as for
    /// [`find_with`](Self::find_with).
    fn search_with<T: Texts + ?Sized>(&self, texts: &T, needle: &str, scan_all: bool) -> Hits {
        let matches = self.find_with(texts, needle, scan_all);
        if !matches.is_empty() || !needle.contains(' ') {
            return Hits {
                mode: SearchMode::Phrase,
                matches,
            };
        }
        Hits {
            mode: SearchMode::AllWords,
            matches: self.find_all_words(texts, needle, scan_all),
        }
    }

    /// `scan_all` folds and reads every turn instead of asking the word
    /// index: what the word index must agree with.
    fn find_with<T: Texts + ?Sized>(&self, texts: &T, needle: &str, scan_all: bool) -> Vec<Match> {
        if needle.is_empty() {
            return Vec::new();
        }
        if !scan_all {
            if let Some(lead) = self.lead(needle) {
                return self.accept(texts, needle, &lead);
            }
        }
        self.scan(texts, needle)
    }

    /// The run of the needle's letters and digits to look it up by, and
    /// the places it has; `None` when the needle has no letter or digit.
    ///
    /// Each run can only be in the words that hold it: a whole word if it
    /// has characters on both sides in the needle, else the start of a
    /// word (a character before it), else the end (a character after),
    /// else any part. The run whose words have the shortest postings
    /// leads (fewest places to check); runs of one or two letters alone,
    /// which the trigram index cannot look up, only when there is nothing
    /// else.
    fn lead(&self, needle: &str) -> Option<Lead> {
        let mut runs: Vec<(Range<usize>, bool, bool)> = Vec::new();
        for_each_word(needle, |run| {
            let left = run.start > 0;
            let right = run.end < needle.len();
            runs.push((run, left, right));
        });
        let pattern_len =
            |r: &(Range<usize>, bool, bool)| r.0.len() + usize::from(r.1) + usize::from(r.2);
        let long = runs.iter().any(|r| pattern_len(r) >= 3);
        let bytes = needle.as_bytes();
        // Words separated by single spaces, each of which the trigram
        // index looks up: a phrase that postings alone can check.
        let simple = runs.len() >= 2
            && runs.iter().all(|r| pattern_len(r) >= 3)
            && runs.first().is_some_and(|r| r.0.start == 0)
            && runs.last().is_some_and(|r| r.0.end == needle.len())
            && runs.windows(2).all(|w| match w {
                [a, b] => b.0.start == a.0.end + 1 && bytes.get(a.0.end) == Some(&b' '),
                _ => true,
            });
        // Every run's places and their cost.
        let mut found: Vec<(usize, Run)> = Vec::new();
        let mut places = Vec::new();
        for (i, r) in runs.iter().enumerate() {
            if long && pattern_len(r) < 3 {
                continue;
            }
            let (run, left, right) = r;
            let run_bytes = bytes.get(run.clone()).unwrap_or_default();
            self.words.holding(run_bytes, *left, *right, &mut places);
            let mut cost = 0;
            let mut last = None;
            for &(id, _) in &places {
                if last != Some(id) {
                    cost += self.words.postings_len(id);
                    last = Some(id);
                }
            }
            found.push((
                cost,
                Run {
                    places: std::mem::take(&mut places),
                    shift: run.start,
                    space: i > 0,
                },
            ));
            if cost == 0 {
                break;
            }
        }
        // The first of the cheapest leads (no sort: its code would weigh
        // on the page's wasm).
        let mut lead_at = 0;
        for (i, (cost, _)) in found.iter().enumerate() {
            if found.get(lead_at).is_some_and(|(c, _)| cost < c) {
                lead_at = i;
            }
        }
        if lead_at >= found.len() {
            return None;
        }
        let (cost, first) = found.swap_remove(lead_at);
        let others: Vec<Run> = found.into_iter().map(|(_, run)| run).collect();
        let other_cost: usize = others
            .iter()
            .flat_map(|run| {
                run.places
                    .iter()
                    .map(|&(id, _)| self.words.postings_len(id))
            })
            .sum();
        #[cfg(test)]
        let by_postings_ratio = if tests::EVERY_PHRASE_BY_POSTINGS.get() {
            usize::MAX
        } else {
            BY_POSTINGS
        };
        #[cfg(not(test))]
        let by_postings_ratio = BY_POSTINGS;
        let by_postings =
            simple && cost > 0 && other_cost <= cost.saturating_mul(by_postings_ratio);
        Some(Lead {
            exact: first.shift == 0
                && runs.len() == 1
                && runs.first().is_some_and(|r| r.0.len() == needle.len()),
            places: first.places,
            shift: first.shift,
            space: by_postings && first.space,
            others: if by_postings { others } else { Vec::new() },
            by_postings,
        })
    }

    /// Every place the needle would start at by its lead (turn in the high
    /// half, offset in the low), ascending, and when the lead checks by
    /// postings only those where every other run is too.
    fn lead_starts(&self, lead: &Lead) -> Vec<u64> {
        let mut starts: Vec<u64> = Vec::new();
        for &(id, inside) in &lead.places {
            let mut postings = self.words.postings(id);
            while let Some(turn) = postings.next_turn() {
                while let Some(at) = postings.next_offset() {
                    if lead.space && !postings.space_before() {
                        continue;
                    }
                    if let Some(start) = (at + inside as usize).checked_sub(lead.shift) {
                        starts.push((turn as u64) << 32 | start as u64);
                    }
                }
            }
        }
        // Several words (or places in a word) come one after another.
        if lead.places.len() > 1 {
            starts.sort_unstable();
            starts.dedup();
        }
        if lead.by_postings {
            self.confirm(&lead.others, &mut starts);
        }
        starts
    }

    /// Keeps the places (`starts`, ascending) where every run of `runs`
    /// is too, as the postings say: run by run, a place stays if one of the
    /// run's words is where the run would be in the phrase, after a space
    /// when the run follows one. Only turns with a place are read past
    /// their head. With the runs separated by single spaces and covering
    /// the query, a place that stays is one where the folded text holds
    /// the query: each run ends or starts a word as its bounds say, and
    /// the bytes between are single spaces.
    fn confirm(&self, runs: &[Run], starts: &mut Vec<u64>) {
        let mut turns: Vec<u64> = Vec::new();
        for run in runs {
            if starts.is_empty() {
                return;
            }
            turns.clear();
            turns.resize(self.len().div_ceil(64) + 1, 0);
            for &s in starts.iter() {
                let t = (s >> 32) as usize;
                if let Some(w) = turns.get_mut(t / 64) {
                    *w |= 1 << (t % 64);
                }
            }
            // The low bit of a place marks it found (offsets are below 2 GB).
            for s in starts.iter_mut() {
                *s <<= 1;
            }
            for &(id, inside) in &run.places {
                let mut postings = self.words.postings(id);
                while let Some(turn) = postings.next_turn() {
                    if turns
                        .get(turn / 64)
                        .is_none_or(|w| w >> (turn % 64) & 1 == 0)
                    {
                        continue;
                    }
                    while let Some(at) = postings.next_offset() {
                        if run.space && !postings.space_before() {
                            continue;
                        }
                        let Some(start) = (at + inside as usize).checked_sub(run.shift) else {
                            continue;
                        };
                        let want = ((turn as u64) << 32 | start as u64) << 1;
                        let i = starts.partition_point(|&s| s < want);
                        if let Some(s) = starts.get_mut(i).filter(|s| **s | 1 == want | 1) {
                            *s |= 1;
                        }
                    }
                }
            }
            starts.retain(|&s| s & 1 == 1);
            for s in starts.iter_mut() {
                *s >>= 1;
            }
        }
    }

    /// The matches of `needle` at the places of its lead, as the full scan
    /// takes them: left to right, none overlapping one taken before, and
    /// only those that begin and end on the boundary of an original
    /// character's fold.
    fn accept<T: Texts + ?Sized>(&self, texts: &T, needle: &str, lead: &Lead) -> Vec<Match> {
        let bytes = needle.as_bytes();
        // Every place the needle would start: turn (high half) and offset.
        let starts = self.lead_starts(lead);
        // Places checked by postings hold the needle.
        let exact = lead.exact || lead.by_postings;
        let mut out = Vec::new();
        let mut taken: Option<(usize, usize)> = None;
        let mut text_of: Option<(usize, &str)> = None;
        for place in starts {
            let turn = (place >> 32) as usize;
            let start = (place & 0xFFFF_FFFF) as usize;
            if turn >= self.len() {
                break;
            }
            if taken.is_some_and(|(t, end)| t == turn && start < end) {
                continue;
            }
            let text = match text_of {
                Some((t, text)) if t == turn => text,
                _ => {
                    let text = texts.turn_text(turn);
                    text_of = Some((turn, text));
                    text
                }
            };
            if let Some(range) = self.check(text, turn, start, bytes, exact) {
                out.push(Match { turn, range });
                taken = Some((turn, start + bytes.len()));
            }
        }
        out
    }

    /// Every occurrence of `needle` in every turn's folded text, folding
    /// each turn again: the scan the word index answers for, and the way
    /// for a needle without a letter or digit.
    fn scan<T: Texts + ?Sized>(&self, texts: &T, needle: &str) -> Vec<Match> {
        let mut out = Vec::new();
        let mut folded = Vec::new();
        let mut anchors = Vec::new();
        let needle = needle.as_bytes();
        for turn in 0..self.len() {
            let text = texts.turn_text(turn);
            folded.clear();
            anchors.clear();
            fold_turn(text, &mut folded, &mut anchors);
            let hay = folded.as_slice();
            let mut pos = 0;
            while let Some(start) = hay.get(pos..).and_then(|s| find_bytes(s, needle)) {
                let start = pos + start;
                let end = start + needle.len();
                let range = to_original(&anchors, start)
                    .zip(to_original(&anchors, end))
                    .map(|(a, b)| a..b)
                    .filter(|r| text.get(r.clone()).is_some());
                match range {
                    Some(range) => {
                        out.push(Match { turn, range });
                        pos = end;
                    }
                    None => {
                        // Not on a character's boundary: a valid match may
                        // still start inside this one, so step one
                        // character only.
                        let step = match folded.get(start) {
                            Some(&b) if b >= 0xF0 => 4,
                            Some(&b) if b >= 0xE0 => 3,
                            Some(&b) if b >= 0xC0 => 2,
                            _ => 1,
                        };
                        pos = start + step;
                    }
                }
            }
        }
        out
    }

    fn find_all_words<T: Texts + ?Sized>(
        &self,
        texts: &T,
        needle: &str,
        scan_all: bool,
    ) -> Vec<Match> {
        let words: Vec<&str> = needle.split(' ').filter(|w| !w.is_empty()).collect();
        let mut per_word: Vec<Vec<Match>> = Vec::with_capacity(words.len());
        for w in &words {
            let found = self.find_with(texts, w, scan_all);
            if found.is_empty() {
                return Vec::new();
            }
            per_word.push(found);
        }
        // Turns in which every word occurs.
        let mut counts = vec![0usize; self.len()];
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
}

/// The bits of [`SearchIndex::wide`] for these anchors.
pub(crate) fn wide_turns(anchor_at: &[u32], anchors: &[Anchor]) -> Vec<u64> {
    let turns = anchor_at.len().saturating_sub(1);
    let mut bits = vec![0u64; turns.div_ceil(64)];
    for (turn, w) in anchor_at.windows(2).enumerate() {
        let &[a, b] = w else { continue };
        let these = anchors.get(a as usize..b as usize).unwrap_or_default();
        if these.iter().any(|a| a.folded_len >= 2) {
            if let Some(word) = bits.get_mut(turn / 64) {
                *word |= 1 << (turn % 64);
            }
        }
    }
    bits
}

/// The original offset of folded offset `p` in a turn: the start of the
/// first non-empty character fold at `p` (so an end offset takes in the
/// dropped marks before it), or `None` inside a character's folded form.
fn to_original(anchors: &[Anchor], p: usize) -> Option<usize> {
    let i = anchors.partition_point(|a| a.folded as usize <= p);
    let Some(a) = i.checked_sub(1).and_then(|i| anchors.get(i)) else {
        return Some(p);
    };
    let folded = a.folded as usize;
    let folded_end = folded + usize::from(a.folded_len);
    if p == folded && a.folded_len > 0 {
        Some(a.original as usize)
    } else if p < folded_end {
        None
    } else {
        Some(a.original as usize + usize::from(a.original_len) + (p - folded_end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// Every query of words separated by single spaces is checked by
        /// postings, whatever their cost, so the proptests cover that path.
        pub(super) static EVERY_PHRASE_BY_POSTINGS: std::cell::Cell<bool> =
            const { std::cell::Cell::new(false) };
    }

    fn texts(index: &SearchIndex, q: &str, turns: &[&str]) -> Vec<String> {
        index
            .find(turns, q)
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
        assert_eq!(index.find(&turns, "a")[0].turn, 0);
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
        assert!(index.find(&turns, " \n ").is_empty());
        assert!(index.find(&turns, "\u{301}").is_empty());
    }

    #[test]
    fn all_words_fallback_only_when_the_phrase_is_absent() {
        let turns = [
            "compute costs data",
            "data about compute",
            "more data compute",
        ];
        let index = SearchIndex::from_texts(turns);
        let hits = index.search(&turns, "data compute");
        assert_eq!(hits.mode, SearchMode::Phrase);
        assert_eq!(hits.matches.len(), 1);
        let hits = index.search(&turns, "compute DATA!");
        assert_eq!(hits.mode, SearchMode::AllWords);
        assert!(hits.matches.is_empty());
        let hits = index.search(&turns, "compute data");
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

    #[test]
    fn a_phrase_of_words_is_checked_from_the_postings() {
        let turns: Vec<String> = [
            "scaling laws matter",
            "upscaling lawsuits, scaling-laws and scaling, laws",
            "Scaling Laws: scaling\tlaws and scaling  laws.",
            "the scaling law",
            "Straße scaling laws Straße",
            "scaling lawyers, scaling, scaling, upscaling",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        let index = SearchIndex::from_texts(turns.iter().map(String::as_str));
        for q in [
            "scaling laws",
            "scaling la",
            "upscaling lawsuits",
            "caling law",
        ] {
            let needle = fold(q);
            let lead = index.lead(&needle).unwrap();
            assert!(lead.by_postings, "{q}");
            check_against_the_scan(&index, &turns, &needle).unwrap();
        }
        // A rare word leads; the common one is then compared in the text.
        let needle = fold("straße scaling");
        assert!(!index.lead(&needle).unwrap().by_postings);
        check_against_the_scan(&index, &turns, &needle).unwrap();
        EVERY_PHRASE_BY_POSTINGS.set(true);
        assert!(index.lead(&needle).unwrap().by_postings);
        check_against_the_scan(&index, &turns, &needle).unwrap();
        EVERY_PHRASE_BY_POSTINGS.set(false);
        let found: Vec<(usize, &str)> = index
            .find(&turns, "scaling laws")
            .into_iter()
            .map(|m| (m.turn, &turns[m.turn][m.range]))
            .collect();
        assert_eq!(
            found,
            [
                (0, "scaling laws"),
                (1, "scaling laws"),
                (2, "Scaling Laws"),
                (2, "scaling\tlaws"),
                (2, "scaling  laws"),
                (4, "scaling laws")
            ]
        );
        assert_eq!(
            index.matching_turns(&turns, "scaling la").1,
            [0, 1, 2, 3, 4, 5]
        );
        assert_eq!(index.matching_turns(&turns, "scaling laws m").1, [0]);
    }

    /// The word index gives what the full scan gives: the same matches
    /// (turns and highlight ranges), phrase or all words, and the same
    /// turns from `matching_turns`.
    fn check_against_the_scan(
        index: &SearchIndex,
        texts: &[String],
        needle: &str,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        proptest::prop_assert_eq!(
            index.find_with(texts, needle, false),
            index.find_with(texts, needle, true)
        );
        let hits = index.search_with(texts, needle, true);
        proptest::prop_assert_eq!(&index.search_with(texts, needle, false), &hits);
        let mut turns: Vec<usize> = hits.matches.iter().map(|m| m.turn).collect();
        turns.dedup();
        proptest::prop_assert_eq!(
            index.matching_turns_with(texts, needle, false),
            (hits.mode, turns.clone())
        );
        proptest::prop_assert_eq!(
            index.matching_turns_with(texts, needle, true),
            (hits.mode, turns)
        );
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 1000, ..Default::default() })]
        /// Turns of words from a small vocabulary (so words repeat, share
        /// prefixes and sit inside each other) with mixed glue, and queries
        /// of whole words, prefixes as typed, parts of words and phrases.
        #[test]
        fn the_word_index_answers_phrases_and_prefixes_as_the_scan(
            turns in proptest::collection::vec(
                proptest::collection::vec(
                    ("(the|then|there|other|energy|synergy|ener|Énergie|straße|strasse|ß|ss|да|данные|中文|café|cafe\u{301}|x-ray|3\\.5|40%)",
                     "( |  |, |\\. |-|'|\t| — )"),
                    0..12),
                1..8),
            query in proptest::collection::vec(
                ("(the|then|there|other|energy|syn|ener|énergie|strasse|ss|s|да|дан|中|cafe|café|x|ray|3|5|40)",
                 "( |  |-|, |\\.|'|)"),
                1..4),
            lead in "( |-|)",
        ) {
            let texts: Vec<String> = turns
                .iter()
                .map(|t| t.iter().map(|(w, g)| format!("{w}{g}")).collect())
                .collect();
            let index = SearchIndex::from_texts(texts.iter().map(String::as_str));
            let q: String = lead + &query.iter().map(|(w, g)| format!("{w}{g}")).collect::<String>();
            // Phrases checked by postings when cheap, then always.
            for every in [false, true] {
                EVERY_PHRASE_BY_POSTINGS.set(every);
                check_against_the_scan(&index, &texts, &fold(&q))?;
                // The same query as typed, one character at a time.
                let chars: Vec<char> = q.chars().collect();
                for n in 1..chars.len() {
                    let typed: String = chars[..n].iter().collect();
                    check_against_the_scan(&index, &texts, &fold(&typed))?;
                }
            }
            EVERY_PHRASE_BY_POSTINGS.set(false);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 1000, ..Default::default() })]
        /// The word index never loses or adds a match, phrase or all
        /// words, for any text and query. The alphabet mixes letters and
        /// digits (in words), punctuation and whitespace (between them),
        /// letters that fold to two (`ß`, `æ`), to one of another length
        /// (`İ`, `É`), to nothing (a combining accent), letters of other
        /// scripts (`б`, `中`, Devanagari with its vowel sign) and non-ASCII
        /// punctuation (`’`, `—`). Queries are random strings of the same,
        /// or slices of a turn: parts of words, several words, punctuation.
        #[test]
        fn the_word_index_finds_what_a_full_scan_finds(
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
                for every in [false, true] {
                    EVERY_PHRASE_BY_POSTINGS.set(every);
                    check_against_the_scan(&index, &turns, &needle)?;
                }
                EVERY_PHRASE_BY_POSTINGS.set(false);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 600, ..Default::default() })]
        /// Turns of words in other scripts (Greek with its accents and
        /// final sigma, Cyrillic with `ё`, Arabic, Hebrew, Devanagari, Thai,
        /// Japanese, Korean, Chinese), mixed with Latin words and their
        /// capitals; queries are words, parts of words, phrases across two
        /// words and slices of a turn. The index gives the scan's turns and
        /// highlight ranges.
        #[test]
        fn the_word_index_agrees_with_the_scan_in_other_scripts(
            turns in proptest::collection::vec(
                proptest::collection::vec(
                    ("(Ελλάδα|ΕΛΛΑΔΑ|οδός|ΟΔΟΣ|ёлки|ЁЛКИ|елки|Москва|москва|مرحبا|السلام|שלום|नमस्ते|हिंदी|สวัสดี|ภาษาไทย|こんにちは|カタカナ|한국어|안녕하세요|中文|漢字|Straße|café|naïve)",
                     "( |  |, |\\. |-|。|、|؟ |\t)"),
                    0..10),
                1..6),
            query in "(ελλαδα|Ελλάδα|οδοσ|ΟΔΌΣ|елки|ёлки|моск|سلام|مرح|שלו|नमस|हिं|สวัส|ไทย|にち|カナ|한국|녕하|中|漢字|strasse|cafe|naive)( (οδος|москва|中文|한국어|cafe))?",
            slice in (0usize..6, 0usize..200, 1usize..40),
        ) {
            let texts: Vec<String> = turns
                .iter()
                .map(|t| t.iter().map(|(w, g)| format!("{w}{g}")).collect())
                .collect();
            let index = SearchIndex::from_texts(texts.iter().map(String::as_str));
            let (turn, start, len) = slice;
            let text = &texts[turn % texts.len()];
            let cut = |i: usize| (0..=i.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            let piece = &text[cut(start)..cut(start + len)];
            for needle in [fold(&query), fold(piece)] {
                for every in [false, true] {
                    EVERY_PHRASE_BY_POSTINGS.set(every);
                    check_against_the_scan(&index, &texts, &needle)?;
                }
                EVERY_PHRASE_BY_POSTINGS.set(false);
            }
            // A word of the text is found in its turn, its range folding
            // to the query.
            if let Some(word) = piece.split_whitespace().find(|w| w.chars().all(char::is_alphanumeric)) {
                let found = index.find(&texts, word);
                proptest::prop_assert!(found.iter().any(|m| m.turn == turn % texts.len()), "{word:?} in {text:?}");
                for m in &found {
                    proptest::prop_assert_eq!(fold(&texts[m.turn][m.range.clone()]), fold(word));
                }
            }
        }
    }
}
