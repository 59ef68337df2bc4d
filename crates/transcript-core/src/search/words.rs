//! The word index of [`super::SearchIndex`]: every distinct word of the
//! folded text and where it occurs (its postings). See "The word index" in
//! the parent module's doc for how a query is answered from it and why the
//! answer is the full scan's.
//!
//! It must never panic, whatever the text, the query or (after a transfer)
//! the bytes it was rebuilt from: a damaged posting gives a position that
//! the query then fails to verify against the folded text.

use std::ops::Range;

use crate::bits::leb128;
use crate::bits::swar::{find_bytes, load, load8};

/// The words of every turn: maximal runs of alphanumeric characters of the
/// folded text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Words {
    /// Every distinct word once, in order of first appearance, each after a
    /// `'\n'`, and a last `'\n'`: `"\nthe\nscaling\nlaws\n"`. Looking for
    /// `"\nla"` finds the words that start with `la`.
    pub(crate) vocab: String,
    /// Where each word starts in `vocab`.
    starts: Vec<usize>,
    /// Per word, where it starts in the folded text of the whole index
    /// (byte offsets, ascending): the first offset, then the differences
    /// between successive ones, as LEB128, one word's list after another.
    /// The turn of an offset is found from the turn spans.
    pub(crate) postings: Vec<u8>,
    /// Where each word's list ends in `postings`.
    pub(crate) ends: Vec<usize>,
    /// Hashed byte trigrams of `vocab`: a query part with a trigram that is
    /// not here is in no word, found without reading `vocab`.
    grams: Vec<u64>,
}

/// Collects the words while the index folds its turns.
pub(crate) struct WordsBuilder {
    /// As [`Words::vocab`]; bytes of whole words of valid UTF-8.
    vocab: Vec<u8>,
    starts: Vec<usize>,
    /// Words of up to sixteen bytes by their bytes as two numbers (a word
    /// has no zero byte, so the numbers are the word), open addressing.
    short: Vec<Slot>,
    short_count: usize,
    /// Longer words by hash: (hash, word), open addressing.
    long: Vec<(u64, usize)>,
    long_count: usize,
    /// Every word occurrence in text order: its word number and where it
    /// starts in the folded text. Sorted by word once, in `finish`.
    ids: Vec<u32>,
    positions: Vec<u32>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    key: (u64, u64),
    /// Word number, or [`EMPTY`].
    id: usize,
}

const EMPTY: usize = usize::MAX;
const MIX: u64 = 0x9E37_79B9_7F4A_7C15;
/// The low `n` bytes of a number, for `n` in `0..=8`.
const MASKS: [u64; 9] = [
    0,
    0xFF,
    0xFFFF,
    0xFF_FFFF,
    0xFFFF_FFFF,
    0xFF_FFFF_FFFF,
    0xFFFF_FFFF_FFFF,
    0xFF_FFFF_FFFF_FFFF,
    u64::MAX,
];
/// Bytes a text given to [`WordsBuilder::add_ascii`] must have after its
/// last word.
pub(crate) const PADDING: usize = 16;

impl Default for WordsBuilder {
    fn default() -> Self {
        WordsBuilder {
            vocab: vec![b'\n'],
            starts: Vec::new(),
            short: vec![
                Slot {
                    key: (0, 0),
                    id: EMPTY
                };
                1024
            ],
            short_count: 0,
            long: vec![(0, EMPTY); 64],
            long_count: 0,
            ids: Vec::new(),
            positions: Vec::new(),
        }
    }
}

/// ASCII bytes that are alphanumeric. Every other ASCII byte ends a word.
fn ascii_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// The character at `i` (a character boundary) and whether it belongs in a
/// word.
fn class_at(text: &str, i: usize) -> (bool, usize) {
    match text.get(i..).and_then(|s| s.chars().next()) {
        Some(c) => (c.is_alphanumeric(), c.len_utf8()),
        None => (false, 1),
    }
}

/// Calls `f` with the byte range of every word of `text`.
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(Range<usize>)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    'outer: loop {
        // Skip to the next word.
        let start = loop {
            let Some(&b) = bytes.get(i) else {
                break 'outer;
            };
            if b < 0x80 {
                if ascii_alnum(b) {
                    break i;
                }
                i += 1;
            } else {
                let (alnum, len) = class_at(text, i);
                if alnum {
                    break i;
                }
                i += len;
            }
        };
        // And to its end.
        loop {
            match bytes.get(i) {
                Some(&b) if b < 0x80 => {
                    if !ascii_alnum(b) {
                        break;
                    }
                    i += 1;
                }
                Some(_) => {
                    let (alnum, len) = class_at(text, i);
                    if !alnum {
                        break;
                    }
                    i += len;
                }
                None => break,
            }
        }
        f(start..i);
    }
}

fn long_hash(word: &[u8]) -> u64 {
    let mut h = word.len() as u64;
    for chunk in word.chunks(8) {
        h = (h.rotate_left(23) ^ load(chunk)).wrapping_mul(MIX);
    }
    h ^ (h >> 29)
}

#[inline(always)]
fn short_slot(key: (u64, u64), mask: usize) -> usize {
    ((key.0 ^ key.1.rotate_left(29)).wrapping_mul(MIX) >> 40) as usize & mask
}

impl WordsBuilder {
    /// Adds the words of a turn's folded text, if not ASCII (see
    /// [`add_ascii`](Self::add_ascii)), which starts at `base` in the
    /// index's folded text. Turns come in increasing order.
    pub(crate) fn add_text(&mut self, base: usize, folded: &str) {
        for_each_word(folded, |range| {
            let at = base + range.start;
            if let Some(word) = folded.get(range) {
                let word = word.as_bytes();
                let id = match word.split_at_checked(8) {
                    _ if word.len() > 16 => self.long_id(word),
                    Some((a, b)) => self.short_id((load(a), load(b)), word),
                    None => self.short_id((load(word), 0), word),
                };
                self.add_id(at, id);
            }
        });
    }

    /// Adds the words of a turn's folded ASCII text (at `base` in the
    /// index's folded text), `bounds` being where they start and end;
    /// `folded` has [`PADDING`] zero bytes after its last word, so that
    /// sixteen bytes can be read from any word's start.
    pub(crate) fn add_ascii(&mut self, base: usize, folded: &[u8], bounds: &[usize]) {
        for pair in bounds.chunks_exact(2) {
            let &[start, end] = pair else { continue };
            let len = end - start;
            let id = match folded.get(start..start + 16) {
                Some(sixteen) if len <= 16 => {
                    let (a, b) = sixteen.split_at(8);
                    let a = load8(a) & MASKS.get(len).copied().unwrap_or(u64::MAX);
                    let b = load8(b) & MASKS.get(len.saturating_sub(8)).copied().unwrap_or(0);
                    self.short_id((a, b), folded.get(start..end).unwrap_or_default())
                }
                _ => self.long_id(folded.get(start..end).unwrap_or_default()),
            };
            self.add_id(base + start, id);
        }
    }

    #[inline(always)]
    fn add_id(&mut self, at: usize, id: usize) {
        // The text of an index stays under 4 GB (wasm32's whole memory).
        self.ids.push(id as u32);
        self.positions.push(at as u32);
    }

    /// The word number of `word` (up to sixteen bytes), `key` as two
    /// numbers, adding it if new.
    #[inline(always)]
    fn short_id(&mut self, key: (u64, u64), word: &[u8]) -> usize {
        let mask = self.short.len() - 1;
        let mut slot = short_slot(key, mask);
        loop {
            match self.short.get(slot) {
                Some(s) if s.id != EMPTY => {
                    if s.key == key {
                        return s.id;
                    }
                }
                _ => return self.new_short(slot, key, word),
            }
            slot = (slot + 1) & mask;
        }
    }

    #[cold]
    fn new_short(&mut self, slot: usize, key: (u64, u64), word: &[u8]) -> usize {
        let id = self.new_word(word);
        if let Some(s) = self.short.get_mut(slot) {
            *s = Slot { key, id };
        }
        self.short_count += 1;
        if self.short_count * 2 > self.short.len() {
            let size = self.short.len() * 2;
            let mut table = vec![
                Slot {
                    key: (0, 0),
                    id: EMPTY
                };
                size
            ];
            for entry in self.short.iter().filter(|e| e.id != EMPTY) {
                let mut slot = short_slot(entry.key, size - 1);
                while let Some(s) = table.get_mut(slot) {
                    if s.id == EMPTY {
                        *s = *entry;
                        break;
                    }
                    slot = (slot + 1) & (size - 1);
                }
            }
            self.short = table;
        }
        id
    }

    fn long_id(&mut self, word: &[u8]) -> usize {
        let h = long_hash(word);
        let mask = self.long.len() - 1;
        let mut slot = h as usize & mask;
        loop {
            match self.long.get(slot) {
                Some(&(k, id)) if id != EMPTY => {
                    if k == h && self.word(id) == word {
                        return id;
                    }
                }
                _ => break,
            }
            slot = (slot + 1) & mask;
        }
        let id = self.new_word(word);
        if let Some(s) = self.long.get_mut(slot) {
            *s = (h, id);
        }
        self.long_count += 1;
        if self.long_count * 2 > self.long.len() {
            let size = self.long.len() * 2;
            let mut table = vec![(0, EMPTY); size];
            for &(h, id) in self.long.iter().filter(|e| e.1 != EMPTY) {
                let mut slot = h as usize & (size - 1);
                while let Some(s) = table.get_mut(slot) {
                    if s.1 == EMPTY {
                        *s = (h, id);
                        break;
                    }
                    slot = (slot + 1) & (size - 1);
                }
            }
            self.long = table;
        }
        id
    }

    fn word(&self, id: usize) -> &[u8] {
        let start = self.starts.get(id).copied().unwrap_or(0);
        let end = self
            .starts
            .get(id + 1)
            .map_or(self.vocab.len().saturating_sub(1), |s| s - 1);
        self.vocab.get(start..end).unwrap_or_default()
    }

    fn new_word(&mut self, word: &[u8]) -> usize {
        let id = self.starts.len();
        self.starts.push(self.vocab.len());
        self.vocab.extend_from_slice(word);
        self.vocab.push(b'\n');
        id
    }

    pub(crate) fn finish(self) -> Words {
        // Counting sort of the occurrences by word: each word's offsets
        // stay in text order, so ascending.
        let words = self.starts.len();
        let mut first = vec![0u32; words + 1];
        for &id in &self.ids {
            if let Some(c) = first.get_mut(id as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..first.len() {
            let before = first.get(i - 1).copied().unwrap_or(0);
            if let Some(c) = first.get_mut(i) {
                *c += before;
            }
        }
        let mut next = first.clone();
        let mut sorted = vec![0u32; self.ids.len()];
        for (&id, &at) in self.ids.iter().zip(&self.positions) {
            if let Some(n) = next.get_mut(id as usize) {
                if let Some(slot) = sorted.get_mut(*n as usize) {
                    *slot = at;
                }
                *n += 1;
            }
        }
        drop(self.ids);
        drop(self.positions);
        // About two bytes an occurrence.
        let mut postings = Vec::with_capacity(sorted.len() * 2);
        let mut ends = Vec::with_capacity(words);
        for w in first.windows(2) {
            let &[from, to] = w else { continue };
            let mut last = 0u32;
            for &at in sorted.get(from as usize..to as usize).unwrap_or_default() {
                leb128::push(&mut postings, at.wrapping_sub(last) as usize);
                last = at;
            }
            ends.push(postings.len());
        }
        drop(sorted);
        postings.shrink_to_fit();
        let mut vocab = self.vocab;
        vocab.shrink_to_fit();
        // Whole words of valid UTF-8 and newlines: always valid.
        let vocab = match String::from_utf8(vocab) {
            Ok(vocab) if words > 0 => vocab,
            _ => String::new(),
        };
        Words::new(vocab, self.starts, postings, ends)
    }
}

/// Bits of [`Words::grams`] for a vocabulary of `len` bytes: about eight
/// per trigram or more, so an absent trigram is seen as absent nine times
/// in ten or more.
fn gram_bits(len: usize) -> usize {
    (len * 8).next_power_of_two().clamp(1 << 12, 1 << 21)
}

fn gram_bit(g: &[u8], bits: usize) -> usize {
    let mut x = 0u32;
    for &b in g {
        x = x << 8 | u32::from(b);
    }
    (x.wrapping_mul(0x9E37_79B1) >> (32 - bits.trailing_zeros())) as usize
}

impl Words {
    fn new(vocab: String, starts: Vec<usize>, postings: Vec<u8>, ends: Vec<usize>) -> Words {
        let bits = gram_bits(vocab.len());
        let mut grams = vec![0u64; bits / 64];
        for g in vocab.as_bytes().windows(3) {
            let bit = gram_bit(g, bits);
            if let Some(w) = grams.get_mut(bit / 64) {
                *w |= 1 << (bit % 64);
            }
        }
        Words {
            vocab,
            starts,
            postings,
            ends,
            grams,
        }
    }

    /// The filter from its stored parts (see `transfer`), or `None` if they
    /// do not fit together. Turn numbers are not checked: a number past the
    /// last turn is never looked at.
    pub(crate) fn from_parts(vocab: String, ends: Vec<usize>, postings: Vec<u8>) -> Option<Words> {
        if !(vocab.is_empty() || vocab.starts_with('\n') && vocab.ends_with('\n')) {
            return None;
        }
        let starts: Vec<usize> = vocab
            .match_indices('\n')
            .map(|(i, _)| i + 1)
            .filter(|&i| i < vocab.len())
            .collect();
        let ordered = ends.windows(2).all(|w| matches!(w, [a, b] if a <= b));
        if starts.len() != ends.len()
            || !ordered
            || ends.last().copied().unwrap_or(0) != postings.len()
        {
            return None;
        }
        Some(Words::new(vocab, starts, postings, ends))
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        let usize_bytes = std::mem::size_of::<usize>();
        self.vocab.capacity()
            + (self.starts.capacity() + self.ends.capacity()) * usize_bytes
            + self.postings.capacity()
            + self.grams.capacity() * 8
    }

    fn has_grams(&self, pattern: &[u8]) -> bool {
        let bits = self.grams.len() * 64;
        if bits == 0 {
            return false;
        }
        pattern.windows(3).all(|g| {
            let bit = gram_bit(g, bits);
            self.grams
                .get(bit / 64)
                .is_some_and(|w| w & (1 << (bit % 64)) != 0)
        })
    }

    /// Where a query's run of letters and digits (`run`, folded) can sit
    /// in the words: `(word number, offset of the run inside the word)`
    /// into `out`, every offset of every word. `left`: the query has a
    /// character before the run (not a letter or digit, or the run would
    /// be longer), so the run starts the word; `right`: it ends it.
    pub(crate) fn holding(
        &self,
        run: &[u8],
        left: bool,
        right: bool,
        out: &mut Vec<(usize, usize)>,
    ) {
        out.clear();
        let mut pattern = Vec::with_capacity(run.len() + 2);
        if left {
            pattern.push(b'\n');
        }
        pattern.extend_from_slice(run);
        if right {
            pattern.push(b'\n');
        }
        if !self.has_grams(&pattern) {
            return;
        }
        let mut ids = Vec::new();
        self.words_holding(&pattern, usize::from(left), &mut ids);
        for id in ids {
            let word = self.word(id);
            if left {
                out.push((id, 0));
            } else if right {
                out.push((id, word.len().saturating_sub(run.len())));
            } else {
                // Every place, overlapping ones too: which of them match is
                // decided against the text.
                let mut from = 0;
                while let Some(i) = word.get(from..).and_then(|w| find_bytes(w, run)) {
                    out.push((id, from + i));
                    from += i + 1;
                }
            }
        }
    }

    /// Word `id`'s bytes.
    fn word(&self, id: usize) -> &[u8] {
        let start = self.starts.get(id).copied().unwrap_or(0);
        let end = self
            .starts
            .get(id + 1)
            .map_or(self.vocab.len().saturating_sub(1), |s| s.saturating_sub(1));
        self.vocab.as_bytes().get(start..end).unwrap_or_default()
    }

    /// Where word `id` starts in the folded text, ascending.
    pub(crate) fn positions(&self, id: usize) -> impl Iterator<Item = usize> + '_ {
        let start = id
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .copied()
            .unwrap_or(0);
        let end = self.ends.get(id).copied().unwrap_or(0);
        let mut at = 0usize;
        leb128::Uints::new(self.postings.get(start..end).unwrap_or_default()).map(move |d| {
            at = at.wrapping_add(d);
            at
        })
    }

    /// The numbers of the words that hold `pattern` (whose word part starts
    /// at `offset`), each once, into `ids`.
    fn words_holding(&self, pattern: &[u8], offset: usize, ids: &mut Vec<usize>) {
        let vocab = self.vocab.as_bytes();
        let mut pos = 0;
        while let Some(i) = vocab.get(pos..).and_then(|v| find_bytes(v, pattern)) {
            let at = pos + i;
            let Some(id) = self
                .starts
                .partition_point(|&s| s <= at + offset)
                .checked_sub(1)
            else {
                break;
            };
            ids.push(id);
            // On from the newline after this word: once per word is enough.
            let word_end = self
                .starts
                .get(id + 1)
                .map_or(vocab.len(), |&s| s.saturating_sub(1));
            pos = word_end.max(at + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As the index builds them: eight bytes at a time for plain ASCII.
    fn words_of(turns: &[&str]) -> Words {
        crate::search::SearchIndex::from_texts(turns.iter().copied()).words
    }

    #[test]
    fn postings_keep_occurrences_far_apart() {
        // Gaps of under 128 bytes, over 128 (two bytes) and over 16,384.
        let at = [0, 1, 130, 16_600, 19_999];
        let turns: Vec<&str> = (0..20_000)
            .map(|t| {
                if at.contains(&t) {
                    "a needle here"
                } else {
                    "hay"
                }
            })
            .collect();
        let index = crate::search::SearchIndex::from_texts(turns.iter().copied());
        let words = &index.words;
        let mut found = Vec::new();
        words.holding(b"needle", true, true, &mut found);
        assert_eq!(found.len(), 1);
        let turns_of = |id: usize| -> Vec<usize> {
            words
                .positions(id)
                .map(|p| index.turns.partition_point(|t| t.folded.end < p))
                .collect()
        };
        assert_eq!(turns_of(found[0].0), at);
        for p in words.positions(found[0].0) {
            assert_eq!(&index.folded[p..p + 6], "needle");
        }
        words.holding(b"hay", true, true, &mut found);
        assert_eq!(turns_of(found[0].0).len(), 20_000 - at.len());
    }

    #[test]
    fn a_query_part_finds_the_words_it_can_be_in() {
        let words = words_of(&["scaling laws", "lawsuit", "outlaws", "flaws in laws", "law"]);
        let holding = |run: &str, left: bool, right: bool| {
            let mut out = Vec::new();
            words.holding(run.as_bytes(), left, right, &mut out);
            out.iter()
                .map(|&(id, at)| (String::from_utf8(words.word(id).to_vec()).unwrap(), at))
                .collect::<Vec<_>>()
        };
        let pairs = |v: &[(&str, usize)]| -> Vec<(String, usize)> {
            v.iter().map(|&(w, at)| (w.to_string(), at)).collect()
        };
        // Alone, a part may be anywhere in a word, even twice.
        assert_eq!(
            holding("aw", false, false),
            pairs(&[
                ("laws", 1),
                ("lawsuit", 1),
                ("outlaws", 4),
                ("flaws", 2),
                ("law", 1)
            ])
        );
        // Before a space, it ends a word; after one, it starts one.
        assert_eq!(
            holding("laws", false, true),
            pairs(&[("laws", 0), ("outlaws", 3), ("flaws", 1)])
        );
        assert_eq!(
            holding("laws", true, false),
            pairs(&[("laws", 0), ("lawsuit", 0)])
        );
        // Between two, it is a whole word.
        assert_eq!(holding("in", true, true), pairs(&[("in", 0)]));
        assert_eq!(holding("zebra", false, false), pairs(&[]));
        let words = words_of(&["banana"]);
        let mut out = Vec::new();
        words.holding(b"ana", false, false, &mut out);
        assert_eq!(out, [(0, 1), (0, 3)]);
    }

    #[test]
    fn parts_that_do_not_fit_are_refused() {
        let words = words_of(&["one two", "two three"]);
        let back = Words::from_parts(
            words.vocab.clone(),
            words.ends.clone(),
            words.postings.clone(),
        );
        assert_eq!(back.as_ref(), Some(&words));
        let mut ends = words.ends.clone();
        ends.pop();
        assert_eq!(
            Words::from_parts(words.vocab.clone(), ends, words.postings.clone()),
            None
        );
        assert_eq!(
            Words::from_parts("one\n".into(), vec![1], vec![1]),
            None,
            "a vocabulary starts with a newline"
        );
        assert_eq!(Words::from_parts("\none\n".into(), vec![2], vec![1]), None);
        assert_eq!(
            Words::from_parts(String::new(), vec![], vec![]),
            Some(Words::new(String::new(), vec![], vec![], vec![]))
        );
    }
}
