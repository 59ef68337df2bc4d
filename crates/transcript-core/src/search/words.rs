//! The word filter of [`super::SearchIndex`]: which turns hold which words
//! of the folded text, so a query is only looked for in the turns that can
//! hold it. See "The word filter" in the parent module's doc for the method
//! and why it never loses a match.
//!
//! It is a filter only: it may let through a turn that does not hold the
//! query (the phrase search then finds nothing there), but it must never
//! leave out one that does, and never panic, whatever the text, the query
//! or (after a transfer) the bytes it was rebuilt from.

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
    /// Per word, the turns holding it: the differences between successive
    /// turn numbers plus one (the first is the turn number plus one), as
    /// LEB128, one word's list after another.
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
    lists: Vec<List>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    key: (u64, u64),
    /// Word number, or [`EMPTY`].
    id: usize,
}

/// One word's list of turns while building. Its common step, a turn
/// number less than 128 after the last one, is written without a branch
/// on whether the turn is already there: that branch would mispredict for
/// about one word in three.
struct List {
    /// The last turn added, plus one (0: none yet).
    last: usize,
    /// Bytes written; `bytes` beyond them is room to write in.
    len: usize,
    bytes: Vec<u8>,
}

impl List {
    #[inline(always)]
    fn add(&mut self, turn: usize) {
        let step = turn + 1 - self.last;
        self.last = turn + 1;
        let len = self.len;
        match self.bytes.get_mut(len) {
            Some(b) if step < 0x80 => {
                *b = step as u8;
                // A step of 0 (the turn again) is overwritten by the next.
                self.len = len + usize::from(step != 0);
            }
            _ => self.add_slowly(step),
        }
    }

    /// A step of 128 or more, or a full buffer.
    #[cold]
    fn add_slowly(&mut self, step: usize) {
        if step == 0 {
            return;
        }
        let mut bytes = self.bytes.get(..self.len).unwrap_or_default().to_vec();
        leb128::push(&mut bytes, step);
        self.len = bytes.len();
        // Zeroed room to write in: `vec!` asks the allocator for zeroed
        // memory, where `resize` would write the zeros one by one.
        let mut room = vec![0; (bytes.len() * 2).max(16)];
        if let Some(to) = room.get_mut(..bytes.len()) {
            to.copy_from_slice(&bytes);
        }
        self.bytes = room;
    }
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
            lists: Vec::new(),
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
fn for_each_word(text: &str, mut f: impl FnMut(Range<usize>)) {
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
    /// Adds the words of `turn`'s folded text, if not ASCII (see
    /// [`add_ascii`](Self::add_ascii)). Turns come in increasing order.
    pub(crate) fn add_text(&mut self, turn: usize, folded: &str) {
        for_each_word(folded, |range| {
            if let Some(word) = folded.get(range) {
                let word = word.as_bytes();
                let id = match word.split_at_checked(8) {
                    _ if word.len() > 16 => self.long_id(word),
                    Some((a, b)) => self.short_id((load(a), load(b)), word),
                    None => self.short_id((load(word), 0), word),
                };
                self.add_id(turn, id);
            }
        });
    }

    /// Adds the words of `turn`'s folded ASCII text, `bounds` being where
    /// they start and end; `folded` has [`PADDING`] zero bytes after its
    /// last word, so that sixteen bytes can be read from any word's start.
    pub(crate) fn add_ascii(&mut self, turn: usize, folded: &[u8], bounds: &[usize]) {
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
            self.add_id(turn, id);
        }
    }

    #[inline(always)]
    fn add_id(&mut self, turn: usize, id: usize) {
        if let Some(list) = self.lists.get_mut(id) {
            list.add(turn);
        }
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
        self.lists.push(List {
            last: 0,
            len: 0,
            bytes: Vec::new(),
        });
        id
    }

    pub(crate) fn finish(self) -> Words {
        let total = self.lists.iter().map(|l| l.len).sum();
        let mut postings = Vec::with_capacity(total);
        let mut ends = Vec::with_capacity(self.lists.len());
        for list in &self.lists {
            postings.extend_from_slice(list.bytes.get(..list.len).unwrap_or_default());
            ends.push(postings.len());
        }
        let mut vocab = self.vocab;
        vocab.shrink_to_fit();
        // Whole words of valid UTF-8 and newlines: always valid.
        let vocab = match String::from_utf8(vocab) {
            Ok(vocab) if !self.starts.is_empty() => vocab,
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

    /// The turns that may hold `needle` (folded, not empty), or `None` if
    /// it has no alphanumeric character to look up.
    pub(crate) fn candidates(&self, needle: &str, turns: usize) -> Option<TurnSet> {
        let mut set: Option<TurnSet> = None;
        let mut pattern = Vec::with_capacity(needle.len() + 2);
        let mut ids = Vec::new();
        for_each_word(needle, |run| {
            if set.as_ref().is_some_and(TurnSet::is_empty) {
                return;
            }
            // A side of the run with a character next to it in the query
            // (not a letter or digit, or the run would be longer) is a
            // side of the word that holds it.
            let left = run.start > 0;
            let right = run.end < needle.len();
            pattern.clear();
            if left {
                pattern.push(b'\n');
            }
            pattern.extend_from_slice(needle.as_bytes().get(run).unwrap_or_default());
            if right {
                pattern.push(b'\n');
            }
            ids.clear();
            if self.has_grams(&pattern) {
                self.words_holding(&pattern, usize::from(left), &mut ids);
            }
            if ids.is_empty() {
                // In no word: no turn, and nothing to allocate or clear.
                set = Some(TurnSet::none());
                return;
            }
            let mut these = TurnSet::new(turns);
            for &id in &ids {
                let start = id
                    .checked_sub(1)
                    .and_then(|p| self.ends.get(p))
                    .copied()
                    .unwrap_or(0);
                let end = self.ends.get(id).copied().unwrap_or(0);
                if let Some(list) = self.postings.get(start..end) {
                    these.add_list(list);
                }
            }
            match &mut set {
                Some(s) => s.intersect(&these),
                None => set = Some(these),
            }
        });
        set
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

/// A set of turn numbers, one bit each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TurnSet {
    bits: Vec<u64>,
}

impl TurnSet {
    pub(crate) fn new(turns: usize) -> TurnSet {
        TurnSet {
            bits: vec![0; turns.div_ceil(64)],
        }
    }

    /// No turn, whatever the number of turns: bits past the end are 0.
    pub(crate) fn none() -> TurnSet {
        TurnSet { bits: Vec::new() }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.bits.iter().all(|&w| w == 0)
    }

    pub(crate) fn intersect(&mut self, other: &TurnSet) {
        self.bits.truncate(other.bits.len());
        for (a, b) in self.bits.iter_mut().zip(&other.bits) {
            *a &= b;
        }
    }

    /// Adds the turns of one posting list; a damaged list adds what it can.
    fn add_list(&mut self, list: &[u8]) {
        let mut turn = 0usize;
        for step in leb128::Uints::new(list) {
            turn = turn.wrapping_add(step);
            // The lists hold turn + 1.
            if let Some(t) = turn.checked_sub(1) {
                if let Some(w) = self.bits.get_mut(t / 64) {
                    *w |= 1 << (t % 64);
                }
            }
        }
    }

    /// Runs of consecutive turns in the set, in order.
    pub(crate) fn runs(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let mut word = 0;
        // The bits of `word` not yet handed out.
        let mut bits = self.bits.first().copied().unwrap_or(0);
        std::iter::from_fn(move || {
            while bits == 0 {
                word += 1;
                bits = *self.bits.get(word)?;
            }
            let from = bits.trailing_zeros();
            let start = word * 64 + from as usize;
            let mut to = from + (bits >> from).trailing_ones();
            // A run up to the end of a word goes on in the next ones.
            while to == 64 {
                word += 1;
                bits = self.bits.get(word).copied().unwrap_or(0);
                to = bits.trailing_ones();
            }
            bits &= u64::MAX << to;
            Some(start..word * 64 + to as usize)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As the index builds them: eight bytes at a time for plain ASCII.
    fn words_of(turns: &[&str]) -> Words {
        crate::search::SearchIndex::from_texts(turns.iter().copied()).words
    }

    fn turns_of(set: &TurnSet) -> Vec<usize> {
        set.runs().flatten().collect()
    }

    proptest::proptest! {
        /// Runs cover exactly the turns in the set, across words of bits.
        #[test]
        fn runs_are_the_set(bits in proptest::collection::vec(proptest::bool::ANY, 0..300)) {
            let mut set = TurnSet::new(bits.len());
            for (t, _) in bits.iter().enumerate().filter(|(_, &b)| b) {
                set.bits[t / 64] |= 1 << (t % 64);
            }
            let runs: Vec<Range<usize>> = set.runs().collect();
            proptest::prop_assert!(runs.windows(2).all(|w| w[0].end < w[1].start), "{runs:?}");
            let expected: Vec<usize> = (0..bits.len()).filter(|&t| bits[t]).collect();
            proptest::prop_assert_eq!(turns_of(&set), expected);
        }
    }

    #[test]
    fn lists_keep_turns_far_apart() {
        // Steps of 1, 129 (two bytes) and over 16,384 (three bytes).
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
        let words = words_of(&turns);
        let found = words.candidates("needle", turns.len()).unwrap();
        assert_eq!(turns_of(&found), at);
        let hay = words.candidates("hay", turns.len()).unwrap();
        assert_eq!(turns_of(&hay).len(), 20_000 - at.len());
    }

    #[test]
    fn a_query_part_finds_the_words_it_can_be_in() {
        let words = words_of(&["scaling laws", "lawsuit", "outlaws", "flaws in laws", "law"]);
        let turns = |q: &str| words.candidates(q, 5).map(|s| turns_of(&s));
        // Alone, a part may be anywhere in a word.
        assert_eq!(turns("aw"), Some(vec![0, 1, 2, 3, 4]));
        // Before a space, it ends a word; after one, it starts one.
        assert_eq!(turns("laws "), Some(vec![0, 2, 3]));
        assert_eq!(turns(" laws"), Some(vec![0, 1, 3]));
        assert_eq!(turns("scaling laws"), Some(vec![0]));
        // Between two, it is a whole word.
        assert_eq!(turns("in laws in"), Some(vec![3]));
        assert_eq!(turns("zebra"), Some(vec![]));
        // No letter or digit: nothing to look up.
        assert_eq!(turns("?!"), None);
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
