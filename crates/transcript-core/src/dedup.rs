//! Repeated passages: exact and near duplicates, and loops of one phrase.
//!
//! Transcripts repeat themselves: a scraped article pasted twice, captions
//! that repeat a line, a speech-to-text model stuck in a loop ("Aye. Aye.
//! Aye. …"), the same quote in two stories. This module finds those repeats
//! so the app can fold them away. It never deletes anything: the first
//! occurrence is kept and each later one is *marked* with the passage it
//! repeats, so every mark can be shown again.
//!
//! # What is compared
//!
//! [`find`] works within one transcript; [`find_across`] pools every loaded
//! transcript and finds repeats both within each one and between them (each
//! reference carries its transcript index; the earliest transcript in the
//! slice keeps the first occurrence).
//!
//! Matching runs in two rounds over the [`crate::passages`] of the text:
//! 1. whole turns (paragraphs), so a paragraph pasted twice folds as one
//!    piece;
//! 2. the passages (sentences of long paragraphs, whole short paragraphs) of
//!    every turn not already marked in round 1, so a quote repeated inside a
//!    longer paragraph is found too.
//!
//! # Method and thresholds
//!
//! - A passage needs at least [`MIN_WORDS`] (8) normalised words to count.
//!   Genuine short repeats ("Yeah.", "Right.", "I'm Kelly.", "Thank you so
//!   much.") are part of a conversation and are never marked; the shortest
//!   paragraph repeated in the bundled DealBook article has 11 words.
//! - **Exact**: equal sequences of normalised words (case, punctuation,
//!   quotes and whitespace ignored), grouped by a hash of the sequence and
//!   then checked word by word, so a hash collision cannot merge two
//!   different passages.
//! - **Near**: small edits (a fixed typo, a changed, added or dropped
//!   word). Only passages of at least [`NEAR_MIN_WORDS`] (12) words: below
//!   that one changed word is a large share of the passage and cannot be
//!   told apart from a different sentence. Candidates: each passage becomes
//!   its set of word bigrams (2-word shingles), summarised by MinHash with
//!   LSH banding ([`BANDS`] × [`ROWS`] = 48 hashes). One changed word in a
//!   20-word passage leaves a bigram Jaccard similarity of about 0.8 (found
//!   with probability above 0.9999), one in a 12-word passage 0.69 (0.998),
//!   two in a 12-word passage 0.47 (0.83); two different sentences sharing
//!   a few common words sit near 0.1 (0.016), so nothing is compared
//!   all-pairs and few pairs are checked for nothing. Each candidate pair is
//!   then confirmed exactly by word-level edit distance: at most
//!   [`NEAR_MAX_EDITS`] (2) words changed, added or removed, or one per
//!   [`NEAR_WORDS_PER_EDIT`] (25) words of a long passage up to
//!   [`NEAR_EDITS_CAP`] (8). Edit distance and not a Jaccard threshold,
//!   because a paragraph that repeats another and adds a sentence has a
//!   high Jaccard similarity, yet folding it would hide the new sentence.
//!   Every marked passage is itself within that distance of the passage it
//!   is marked as repeating: pairs that only chain through a third passage
//!   are not folded together.
//!   (A 64-bit SimHash within 3 bits missed most one-word edits of 20-word
//!   turns in a measurement here, which is why MinHash is used.)
//! - **Loops**: within one turn, a phrase of up to [`LOOP_MAX_PHRASE`] words
//!   repeated back to back, found by comparing each word with the word one
//!   period later. It counts when the phrase has [`MIN_WORDS`] words or
//!   more and occurs at least twice, or occurs at least [`LOOP_MIN_COUNT`]
//!   (4) times and either has [`LOOP_MIN_PHRASE`] (3) words or more ("we
//!   went to the shop" × 4, a typical unpunctuated speech-to-text loop) or
//!   every repetition is its own sentence ("Aye. Aye. Aye. Aye."). So
//!   "Yeah. Yeah. Yeah.", "the the the the" and "No! No no no no" (the
//!   W3C sample interview) stay as spoken. A loop is reported once with its
//!   count; the passages it hides are not marked again as duplicates.
//!
//! Every step is a hash, a sort or a linear scan: time is about linear in
//! the text (10 MB of WebVTT in well under a second natively, see
//! `benches/dedup.rs`). Hand-written, no dependency: MinHash needs a few
//! dozen lines, and a crate would add wasm size for nothing.
//!
//! This module must never change or drop text, mark a first occurrence,
//! mark a passage shorter than [`MIN_WORDS`], or compare all pairs.

use std::ops::Range;

use serde::Serialize;

use crate::model::{Transcript, TurnKind};
use crate::passages::{byte_range, mix, passage_words, words, Word};

/// The fewest normalised words a passage needs to be marked as a repeat.
pub const MIN_WORDS: usize = 8;
/// The fewest words a passage needs to be compared as a near duplicate.
pub const NEAR_MIN_WORDS: usize = 12;
/// Most word edits (a word changed, added or removed) a near duplicate may
/// have...
pub const NEAR_MAX_EDITS: usize = 2;
/// ...or one edit per this many words of the longer passage, when more...
pub const NEAR_WORDS_PER_EDIT: usize = 25;
/// ...but never more than this many, which also bounds the cost of a check.
pub const NEAR_EDITS_CAP: usize = 8;
/// LSH bands and rows per band of the MinHash signature.
pub const BANDS: usize = 16;
pub const ROWS: usize = 3;
/// Longest phrase, in words, that loop detection looks for.
pub const LOOP_MAX_PHRASE: usize = 32;
/// Fewest repetitions of a short phrase that make a loop.
pub const LOOP_MIN_COUNT: usize = 4;
/// Phrases shorter than this loop only when each repetition is a sentence.
pub const LOOP_MIN_PHRASE: usize = 3;

const HASHES: usize = BANDS * ROWS;
/// How many earlier members of an LSH bucket a passage is checked against:
/// bounds the work when many passages share a bucket.
const BUCKET_NEIGHBOURS: usize = 8;
/// How many near checks one passage may take part in as the later one.
const MAX_CHECKS: usize = 8;
/// How many kept passages one chain of near pairs may be split into.
const MAX_HEADS: usize = 8;

/// Whether a repeat is word for word or has small edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Exact,
    Near,
}

/// Where a passage is, and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PassageRef {
    /// Index into the transcripts given to [`find_across`] (0 for [`find`]).
    pub transcript: usize,
    pub turn: usize,
    /// Byte range in the turn's text, on `char` boundaries.
    pub range: Range<usize>,
    pub text: String,
}

/// Passages that repeat each other. The first is the one kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateGroup {
    pub kind: Kind,
    pub passages: Vec<PassageRef>,
}

/// One phrase repeated back to back inside a turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepeatLoop {
    pub transcript: usize,
    pub turn: usize,
    /// The whole run, every repetition included.
    pub range: Range<usize>,
    /// The first occurrence, which is kept; `first.end..range.end` is what
    /// a reader can fold away.
    pub first: Range<usize>,
    /// The text of the first occurrence.
    pub phrase: String,
    /// How many times the phrase occurs in the run (at least 2).
    pub count: usize,
}

/// A passage marked as a repeat of an earlier one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mark {
    pub transcript: usize,
    pub turn: usize,
    pub range: Range<usize>,
    pub kind: Kind,
    /// The kept passage it repeats.
    pub of_transcript: usize,
    pub of_turn: usize,
    pub of_range: Range<usize>,
}

/// Everything found: groups, loops, and per-turn marks for the view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Duplicates {
    /// In order of their kept passage.
    #[serde(rename = "duplicates")]
    pub groups: Vec<DuplicateGroup>,
    pub loops: Vec<RepeatLoop>,
    /// Marked passages plus loops: what the app reports as hidden.
    pub hidden: usize,
    /// Sorted by transcript, turn and start; one per later passage of every
    /// group. Derived from `groups`, so not serialised.
    #[serde(skip)]
    pub(crate) marks: Vec<Mark>,
}

impl Duplicates {
    /// Every mark, sorted by transcript, turn and position.
    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }

    /// The marked passages of one turn, in text order.
    pub fn marks_for(&self, transcript: usize, turn: usize) -> &[Mark] {
        let lo = self
            .marks
            .partition_point(|m| (m.transcript, m.turn) < (transcript, turn));
        let hi = self
            .marks
            .partition_point(|m| (m.transcript, m.turn) <= (transcript, turn));
        self.marks.get(lo..hi).unwrap_or(&[])
    }

    /// [`Self::marks_for`] in a single transcript ([`find`]).
    pub fn marks_for_turn(&self, turn: usize) -> &[Mark] {
        self.marks_for(0, turn)
    }

    /// The loops of one turn, in text order.
    pub fn loops_for(&self, transcript: usize, turn: usize) -> &[RepeatLoop] {
        let lo = self
            .loops
            .partition_point(|l| (l.transcript, l.turn) < (transcript, turn));
        let hi = self
            .loops
            .partition_point(|l| (l.transcript, l.turn) <= (transcript, turn));
        self.loops.get(lo..hi).unwrap_or(&[])
    }

    /// Marked passages plus loops in every transcript.
    pub fn hidden_count(&self) -> usize {
        self.hidden
    }

    /// Marked passages plus loops in one transcript.
    pub fn hidden_in(&self, transcript: usize) -> usize {
        self.marks
            .iter()
            .filter(|m| m.transcript == transcript)
            .count()
            + self
                .loops
                .iter()
                .filter(|l| l.transcript == transcript)
                .count()
    }
}

/// Repeats within one transcript.
pub fn find(transcript: &Transcript) -> Duplicates {
    find_across(&[transcript])
}

/// Repeats within each transcript and between them, the earlier transcript
/// in `transcripts` keeping the first occurrence.
pub fn find_across(transcripts: &[&Transcript]) -> Duplicates {
    let mut words_all: Vec<u64> = Vec::new();
    let mut turns: Vec<(usize, usize)> = Vec::new();
    let mut whole: Vec<Unit> = Vec::new();
    let mut parts: Vec<Unit> = Vec::new();
    let mut loops: Vec<(usize, RepeatLoop)> = Vec::new();

    for (doc, t) in transcripts.iter().enumerate() {
        for (turn, tt) in t.turns.iter().enumerate() {
            if tt.kind != TurnKind::Speech {
                continue;
            }
            let w = words(&tt.text);
            if w.is_empty() {
                continue;
            }
            let g = turns.len();
            turns.push((doc, turn));
            let base = words_all.len();
            words_all.extend(w.iter().map(|w| w.hash));

            let mut hidden: Vec<Range<usize>> = Vec::new();
            for (start, period, count) in loops_in(&w) {
                let (Some(range), Some(first)) = (
                    byte_range(&w, start..start + period * count),
                    byte_range(&w, start..start + period),
                ) else {
                    continue;
                };
                hidden.push(start + period..start + period * count);
                loops.push((
                    g,
                    RepeatLoop {
                        transcript: doc,
                        turn,
                        phrase: tt.text.get(first.clone()).unwrap_or("").to_string(),
                        range,
                        first,
                        count,
                    },
                ));
            }

            if w.len() >= MIN_WORDS {
                if let Some(bytes) = byte_range(&w, 0..w.len()) {
                    whole.push(Unit {
                        turn: g,
                        words: base..base + w.len(),
                        bytes,
                    });
                }
            }
            for r in passage_words(&w) {
                let inside_loop = hidden.iter().any(|h| r.start < h.end && h.start < r.end);
                if r.len() < MIN_WORDS || inside_loop {
                    continue;
                }
                if let Some(bytes) = byte_range(&w, r.clone()) {
                    parts.push(Unit {
                        turn: g,
                        words: base + r.start..base + r.end,
                        bytes,
                    });
                }
            }
        }
    }

    // Round 1: whole turns. A turn marked here is folded as one piece.
    let round1 = match_units(&whole, &words_all);
    let mut turn_marked = vec![false; turns.len()];
    for (_, members) in &round1 {
        for &u in members.iter().skip(1) {
            if let Some(m) = whole.get(u).and_then(|u| turn_marked.get_mut(u.turn)) {
                *m = true;
            }
        }
    }
    let is_marked = |g: usize| turn_marked.get(g).copied().unwrap_or(false);

    // Round 2: the passages of every turn not marked in round 1.
    parts.retain(|u| !is_marked(u.turn));
    let round2 = match_units(&parts, &words_all);

    let place = |unit: &Unit| -> Option<PassageRef> {
        let &(doc, turn) = turns.get(unit.turn)?;
        let text = transcripts
            .get(doc)?
            .turns
            .get(turn)?
            .text
            .get(unit.bytes.clone())?;
        Some(PassageRef {
            transcript: doc,
            turn,
            range: unit.bytes.clone(),
            text: text.to_string(),
        })
    };
    let mut groups: Vec<DuplicateGroup> = Vec::new();
    for (units, found) in [(&whole, round1), (&parts, round2)] {
        for (kind, members) in found {
            let passages: Vec<PassageRef> = members
                .iter()
                .filter_map(|&u| units.get(u).and_then(place))
                .collect();
            if passages.len() >= 2 {
                groups.push(DuplicateGroup { kind, passages });
            }
        }
    }
    let position = |p: &PassageRef| (p.transcript, p.turn, p.range.start);
    groups.sort_by_key(|g| g.passages.first().map(position));

    let mut marks: Vec<Mark> = Vec::new();
    for g in &groups {
        let Some(kept) = g.passages.first() else {
            continue;
        };
        for p in g.passages.iter().skip(1) {
            marks.push(Mark {
                transcript: p.transcript,
                turn: p.turn,
                range: p.range.clone(),
                kind: g.kind,
                of_transcript: kept.transcript,
                of_turn: kept.turn,
                of_range: kept.range.clone(),
            });
        }
    }
    marks.sort_by_key(|m| (m.transcript, m.turn, m.range.start));

    // A loop inside a turn that is folded whole is hidden with it.
    let loops: Vec<RepeatLoop> = loops
        .into_iter()
        .filter(|(g, _)| !is_marked(*g))
        .map(|(_, l)| l)
        .collect();
    Duplicates {
        hidden: marks.len() + loops.len(),
        groups,
        loops,
        marks,
    }
}

/// A passage being matched: its turn (index into the flat turn list), its
/// words (a range of the flat word-hash list) and its bytes in the turn.
#[derive(Debug, Clone)]
struct Unit {
    turn: usize,
    words: Range<usize>,
    bytes: Range<usize>,
}

/// Groups of units that repeat each other, each sorted so the earliest unit
/// (units are in text order) comes first. Exact groups hold every copy;
/// near groups hold one representative per exact group, so each unit is a
/// later member of at most one group.
fn match_units(units: &[Unit], words: &[u64]) -> Vec<(Kind, Vec<usize>)> {
    let slice = |u: usize| -> &[u64] {
        units
            .get(u)
            .and_then(|u| words.get(u.words.clone()))
            .unwrap_or(&[])
    };
    let mut out = Vec::new();

    // Exact: sort by a hash of the word sequence, then split each run of
    // equal hashes by real equality.
    let mut keys: Vec<(u64, usize)> = (0..units.len())
        .map(|u| {
            let s = slice(u);
            let key = s
                .iter()
                .fold(mix(s.len() as u64), |k, &h| mix(k.rotate_left(7) ^ h));
            (key, u)
        })
        .collect();
    keys.sort_unstable();
    let mut is_rep = vec![true; units.len()];
    for run in keys.chunk_by(|a, b| a.0 == b.0) {
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for &(_, u) in run {
            match groups
                .iter_mut()
                .find(|g| g.first().is_some_and(|&f| slice(f) == slice(u)))
            {
                Some(g) => {
                    g.push(u);
                    if let Some(r) = is_rep.get_mut(u) {
                        *r = false;
                    }
                }
                None => groups.push(vec![u]),
            }
        }
        out.extend(
            groups
                .into_iter()
                .filter(|g| g.len() >= 2)
                .map(|g| (Kind::Exact, g)),
        );
    }

    // Near: one representative per exact group, long enough to compare.
    let cands: Vec<usize> = (0..units.len())
        .filter(|&u| is_rep.get(u).copied().unwrap_or(false) && slice(u).len() >= NEAR_MIN_WORDS)
        .collect();
    let mut bands: Vec<(u64, usize)> = Vec::with_capacity(cands.len() * BANDS);
    let multipliers = multipliers();
    let mut scratch: Vec<u64> = Vec::new();
    for (c, &u) in cands.iter().enumerate() {
        let s = slice(u);
        scratch.clear();
        scratch.extend(
            s.iter()
                .zip(s.iter().skip(1))
                .map(|(&a, &b)| mix(a.rotate_left(21) ^ b)),
        );
        scratch.sort_unstable();
        scratch.dedup();

        let mut sig = [u64::MAX; HASHES];
        for &x in &scratch {
            for (m, &(a, b)) in sig.iter_mut().zip(multipliers.iter()) {
                *m = (*m).min((x ^ a).wrapping_mul(b));
            }
        }
        for (band, rows) in sig.chunks(ROWS).enumerate() {
            let key = rows.iter().fold(mix(band as u64 + 1), |k, &h| mix(k ^ h));
            bands.push((key, c));
        }
    }
    bands.sort_unstable();

    // Each candidate's words, sorted: the bag-of-words distance is a cheap
    // lower bound on the edit distance that rejects most wrong candidates
    // before the banded dynamic programming runs.
    let mut bags: Vec<u64> = Vec::new();
    let mut bag_spans: Vec<Range<usize>> = Vec::with_capacity(cands.len());
    for &u in &cands {
        let start = bags.len();
        bags.extend_from_slice(slice(u));
        if let Some(bag) = bags.get_mut(start..) {
            bag.sort_unstable();
        }
        bag_spans.push(start..bags.len());
    }
    let bag = |c: usize| -> &[u64] {
        bag_spans
            .get(c)
            .and_then(|r| bags.get(r.clone()))
            .unwrap_or(&[])
    };

    let mut sets = Dsu::new(cands.len());
    let mut checks = vec![0usize; cands.len()];
    for run in bands.chunk_by(|a, b| a.0 == b.0) {
        for (i, &(_, c)) in run.iter().enumerate() {
            let earlier = run
                .get(i.saturating_sub(BUCKET_NEIGHBOURS)..i)
                .unwrap_or(&[]);
            for &(_, d) in earlier {
                if sets.find(c) == sets.find(d) {
                    continue;
                }
                // A budget of checks per passage bounds the work on
                // templated text where many passages share buckets but
                // differ by more than a small edit.
                let Some(spent) = checks.get_mut(c).filter(|n| **n < MAX_CHECKS) else {
                    break;
                };
                *spent += 1;
                let (Some(&uc), Some(&ud)) = (cands.get(c), cands.get(d)) else {
                    continue;
                };
                if near(slice(uc), slice(ud), bag(c), bag(d)) {
                    sets.union(c, d);
                }
            }
        }
    }
    // Linked pairs chain (A~B, B~C), but C may differ from A by more than a
    // small edit; folding C as a repeat of A would hide words. So a chain
    // is split again: each member joins the first kept passage ("head") it
    // is itself near to, or becomes a head; past MAX_HEADS heads, it stays
    // unmarked.
    let is_near = |c: usize, d: usize| match (cands.get(c), cands.get(d)) {
        (Some(&uc), Some(&ud)) => near(slice(uc), slice(ud), bag(c), bag(d)),
        _ => false,
    };
    let mut by_root: Vec<(usize, usize)> = (0..cands.len()).map(|c| (sets.find(c), c)).collect();
    by_root.sort_unstable();
    for run in by_root.chunk_by(|a, b| a.0 == b.0) {
        if run.len() < 2 {
            continue;
        }
        let mut heads: Vec<Vec<usize>> = Vec::new();
        for &(_, c) in run {
            let full = heads.len() >= MAX_HEADS;
            match heads
                .iter_mut()
                .find(|g| g.first().is_some_and(|&h| is_near(h, c)))
            {
                Some(g) => g.push(c),
                None if !full => heads.push(vec![c]),
                None => {}
            }
        }
        for g in heads.into_iter().filter(|g| g.len() >= 2) {
            let members = g.iter().filter_map(|&c| cands.get(c).copied()).collect();
            out.push((Kind::Near, members));
        }
    }
    out
}

/// Whether two passages are near duplicates: at most [`NEAR_MAX_EDITS`]
/// word edits, or one per [`NEAR_WORDS_PER_EDIT`] words of the longer one,
/// up to [`NEAR_EDITS_CAP`]. `bag_a` and `bag_b` are their words sorted.
fn near(a: &[u64], b: &[u64], bag_a: &[u64], bag_b: &[u64]) -> bool {
    let k = NEAR_MAX_EDITS
        .max(a.len().max(b.len()) / NEAR_WORDS_PER_EDIT)
        .min(NEAR_EDITS_CAP);
    let common = common_count(bag_a, bag_b);
    let bag_distance = (bag_a.len() - common).max(bag_b.len() - common);
    bag_distance <= k && within_edits(a, b, k)
}

/// Size of the multiset intersection of two sorted lists.
fn common_count(a: &[u64], b: &[u64]) -> usize {
    let (mut a, mut b, mut n) = (a.iter().peekable(), b.iter().peekable(), 0);
    while let (Some(&x), Some(&y)) = (a.peek(), b.peek()) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => {
                a.next();
            }
            std::cmp::Ordering::Greater => {
                b.next();
            }
            std::cmp::Ordering::Equal => {
                n += 1;
                a.next();
                b.next();
            }
        }
    }
    n
}

/// Whether the word-level Levenshtein distance of `a` and `b` is at most
/// `k`: the common start and end are skipped, then dynamic programming
/// runs in the diagonal band of width `2k + 1`, so O(len × k) rather than
/// O(len²), and it stops as soon as every cell of a row exceeds `k`.
fn within_edits(a: &[u64], b: &[u64], k: usize) -> bool {
    if a.len().abs_diff(b.len()) > k {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (
        a.get(prefix..).unwrap_or(&[]),
        b.get(prefix..).unwrap_or(&[]),
    );
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let a = a.get(..a.len() - suffix).unwrap_or(&[]);
    let b = b.get(..b.len() - suffix).unwrap_or(&[]);
    let inf = k + 1;
    let n = b.len();
    let mut prev: Vec<usize> = (0..=n).map(|j| j.min(inf)).collect();
    let mut cur = vec![inf; n + 1];
    for (i, x) in (1usize..).zip(a) {
        let lo = i.saturating_sub(k).max(1);
        let hi = (i + k).min(n);
        // Cells just outside the band read as "too far".
        let edge = if lo == 1 { i.min(inf) } else { inf };
        if let Some(c) = cur.get_mut(lo - 1) {
            *c = edge;
        }
        let mut best = edge;
        for j in lo..=hi {
            let cost = usize::from(b.get(j - 1) != Some(x));
            let sub = prev.get(j - 1).map_or(inf, |v| v + cost);
            let del = prev.get(j).map_or(inf, |v| v + 1);
            let ins = cur.get(j - 1).map_or(inf, |v| v + 1);
            let v = sub.min(del).min(ins).min(inf);
            if let Some(c) = cur.get_mut(j) {
                *c = v;
            }
            best = best.min(v);
        }
        if let Some(c) = cur.get_mut(hi + 1) {
            *c = inf;
        }
        if best > k {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.get(n).is_some_and(|&v| v <= k)
}

/// The MinHash functions: `(x ^ a) * b` with odd `b`, a bijection of 64-bit
/// words, one per signature row. Fixed, so results never vary between runs.
fn multipliers() -> [(u64, u64); HASHES] {
    let mut out = [(0, 0); HASHES];
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for slot in out.iter_mut() {
        seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let a = mix(seed);
        seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        *slot = (a, mix(seed) | 1);
    }
    out
}

/// Loops in one turn's words: `(start word, phrase length, count)`, not
/// overlapping, in order.
fn loops_in(words: &[Word]) -> Vec<(usize, usize, usize)> {
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    // Whether every repetition of a phrase ends a sentence (or the turn):
    // "Aye. Aye. Aye. Aye." is a loop, "No! No no no no" is emphasis.
    let sentences = |start: usize, period: usize, count: usize| {
        (1..=count).all(|k| {
            let last = start + k * period - 1;
            last + 1 == words.len() || words.get(last).is_some_and(|w| w.ends_sentence)
        })
    };
    let mut keep = |start: usize, run: usize, period: usize| {
        // `run` words each equal the word `period` later, so the phrase
        // occurs (run + period) / period times in a row.
        let count = (run + period) / period;
        let short_loop = count >= LOOP_MIN_COUNT
            && (period >= LOOP_MIN_PHRASE || sentences(start, period, count));
        if count >= 2 && (period >= MIN_WORDS || short_loop) {
            found.push((start, period, count));
        }
    };
    let h: Vec<u64> = words.iter().map(|w| w.hash).collect();
    for period in 1..=LOOP_MAX_PHRASE.min(h.len() / 2) {
        let mut run = 0;
        let mut j = 0;
        for (a, b) in h.iter().zip(h.iter().skip(period)) {
            if a == b {
                run += 1;
            } else {
                keep(j - run, run, period);
                run = 0;
            }
            j += 1;
        }
        keep(j - run, run, period);
    }
    // Prefer the loop that starts first, then the one covering most words,
    // then the shortest phrase ("aye" × 4 over "aye aye" × 2).
    found.sort_unstable_by_key(|&(start, period, count)| {
        (start, std::cmp::Reverse(period * count), period)
    });
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    let mut end = 0;
    for (start, period, count) in found {
        if start >= end {
            out.push((start, period, count));
            end = start + period * count;
        }
    }
    out
}

/// Union-find whose root is always the smallest index, so a near group's
/// root is its earliest passage.
struct Dsu(Vec<usize>);

impl Dsu {
    fn new(n: usize) -> Self {
        Dsu((0..n).collect())
    }

    fn find(&mut self, mut x: usize) -> usize {
        while let Some(&p) = self.0.get(x) {
            if p == x {
                break;
            }
            let grand = self.0.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.0.get_mut(x) {
                *slot = grand;
            }
            x = p;
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        if let Some(slot) = self.0.get_mut(hi) {
            *slot = lo;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(text: &str) -> Vec<u64> {
        words(text).iter().map(|w| w.hash).collect()
    }

    fn loops(text: &str) -> Vec<(usize, usize, usize)> {
        loops_in(&words(text))
    }

    #[test]
    fn loops_need_four_repeats_or_a_long_phrase() {
        assert_eq!(loops("Aye. Aye. Aye. Aye."), [(0, 1, 4)]);
        assert_eq!(loops("Aye. Aye. Aye. Aye"), [(0, 1, 4)]);
        assert_eq!(loops("Yeah. Yeah. Yeah."), []);
        assert_eq!(loops("The the the the general answer"), []);
        assert_eq!(loops("No! No no no no; 'cos 'cos obviously 'cos"), []);
        assert_eq!(
            loops("You know. You know. You know. You know. So"),
            [(0, 2, 4)]
        );
        assert_eq!(
            loops("so we went to the shop we went to the shop we went to the shop we went to the shop and"),
            [(1, 5, 4)]
        );
        let s = "This is a sentence of at least eight words.";
        assert_eq!(loops(&format!("Well. {s} {s} Done.")), [(1, 9, 2)]);
        assert_eq!(loops("I don't know. I don't know."), []);
        assert_eq!(loops(""), []);
    }

    #[test]
    fn near_allows_two_word_edits_not_an_added_sentence() {
        let near = |a: &[u64], b: &[u64]| {
            let (mut x, mut y) = (a.to_vec(), b.to_vec());
            x.sort_unstable();
            y.sort_unstable();
            super::near(a, b, &x, &y)
        };
        let a = h("We are going to build a lot more compute next year because the demand for the models keeps growing");
        let b = h("We are going to build a lot more compute next yeer because the demand for these models keeps growing");
        let c = h("Next year the team is going to ship a lot of new tools for developers who build on the API");
        let d = h("We are going to build a lot more compute next year because the demand for the models keeps growing. It really is.");
        let e = h("We are going to build a lot of compute next year because a demand for the new models keeps growing");
        assert!(near(&a, &b));
        assert!(near(&b, &a));
        assert!(!near(&a, &c));
        assert!(!near(&a, &d), "an added sentence is new content");
        assert!(!near(&a, &e), "three changed words");
        assert!(within_edits(&a, &a, 0));
        assert!(within_edits(&[], &[], 0));
        assert!(within_edits(&a[1..], &a, 1) && !within_edits(&a[2..], &a, 1));
        assert!(
            within_edits(&[1, 2, 3], &[1, 9, 3], 1) && !within_edits(&[1, 2, 3], &[3, 2, 1], 1)
        );
    }

    #[test]
    fn dsu_roots_are_the_smallest_member() {
        let mut d = Dsu::new(5);
        d.union(4, 2);
        d.union(3, 4);
        d.union(1, 3);
        assert_eq!((d.find(4), d.find(2), d.find(0)), (1, 1, 0));
    }
}
