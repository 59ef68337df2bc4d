//! The word index of [`super::SearchIndex`]: every distinct word of the
//! folded text and where it occurs (its postings), and a trigram index over
//! the distinct words. See "The word index" in the parent module's doc for
//! how a query is answered from it and why the answer is the full scan's.
//!
//! It must never panic, whatever the text, the query or (after a transfer)
//! the bytes it was rebuilt from: a damaged posting gives a place that the
//! query then fails to verify against the text.

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
    starts: Vec<u32>,
    /// Per word, its places, one word's list after another, all numbers
    /// in LEB128. A list is the byte length of its turns, its turns, then
    /// its offsets:
    /// - turns: for each turn that holds the word, its number (the
    ///   difference from the word's turn before, shifted left one bit, the
    ///   low bit set when the word is there more than once), then, only
    ///   when more than once, how many bytes the turn's offsets take;
    /// - offsets: for each turn in the same order, where the word starts in
    ///   the turn's folded text (the first offset, then the differences
    ///   between successive ones), each shifted left one bit, the low bit
    ///   set when the byte before the word is a space.
    ///
    /// A word that is in a turn once costs about three bytes. The turns of
    /// a word are read without reading its offsets, and a turn's offsets
    /// are skipped without reading them. The space bits let a phrase of
    /// words separated by single spaces be checked from the postings alone.
    pub(crate) postings: Vec<u8>,
    /// Where each word's list ends in `postings`.
    pub(crate) ends: Vec<u32>,
    /// The trigram index of `vocab`: for each bucket of hashed byte
    /// trigrams of `"\nword\n"` (so a word's first and last two bytes count
    /// with its edges), the words that have one, ascending, in `grams`
    /// from `heads[bucket]` to `heads[bucket + 1]`.
    heads: Vec<u32>,
    grams: Vec<u32>,
}

/// Collects the words while the index folds its turns.
pub(crate) struct WordsBuilder {
    /// As [`Words::vocab`]; bytes of whole words of valid UTF-8.
    vocab: Vec<u8>,
    starts: Vec<u32>,
    /// Words of up to sixteen bytes by their bytes as two numbers (a word
    /// has no zero byte, so the numbers are the word), open addressing.
    short: Vec<Slot>,
    short_count: usize,
    /// Longer words by hash: (hash, word), open addressing.
    long: Vec<(u64, u32)>,
    long_count: usize,
    /// Every word occurrence in text order: its word number, and its turn
    /// (high half) and offset in the turn's folded text (low half, shifted
    /// left one bit, the low bit the space bit of [`Words::postings`]).
    /// Sorted by word once, in `finish`.
    ids: Vec<u32>,
    places: Vec<u64>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    key: (u64, u64),
    /// Word number, or [`EMPTY`].
    id: u32,
}

const EMPTY: u32 = u32::MAX;
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
/// Trigram buckets: `1 << TRI_BITS`.
const TRI_BITS: u32 = 16;

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
            places: Vec::new(),
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
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(std::ops::Range<usize>)) {
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

/// The trigram bucket of three bytes.
#[inline(always)]
fn tri(g: &[u8]) -> usize {
    let x = match *g {
        [a, b, c, ..] => u32::from(a) | u32::from(b) << 8 | u32::from(c) << 16,
        _ => 0,
    };
    (x.wrapping_mul(0x9E37_79B1) >> (32 - TRI_BITS)) as usize
}

impl WordsBuilder {
    /// Room for the words of about `bytes` bytes of text.
    pub(crate) fn reserve(&mut self, bytes: usize) {
        self.ids.reserve(bytes / 6);
        self.places.reserve(bytes / 6);
    }

    /// Adds the words of a turn's folded text, if not ASCII (see
    /// [`add_ascii`](Self::add_ascii)). Turns come in increasing order.
    pub(crate) fn add_text(&mut self, turn: u32, folded: &str) {
        let bytes = folded.as_bytes();
        for_each_word(folded, |range| {
            let at = range.start;
            let space = at.checked_sub(1).and_then(|b| bytes.get(b)) == Some(&b' ');
            if let Some(word) = folded.get(range) {
                let word = word.as_bytes();
                let id = match word.split_at_checked(8) {
                    _ if word.len() > 16 => self.long_id(word),
                    Some((a, b)) => self.short_id((load(a), load(b)), word),
                    None => self.short_id((load(word), 0), word),
                };
                self.add_id(turn, at, space, id);
            }
        });
    }

    /// Adds the words of a turn's folded ASCII text, `bounds` being where
    /// they start and end; `folded` has [`PADDING`] zero bytes after its
    /// last word, so that sixteen bytes can be read from any word's start.
    pub(crate) fn add_ascii(&mut self, turn: u32, folded: &[u8], bounds: &[usize]) {
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
            let space = start.checked_sub(1).and_then(|b| folded.get(b)) == Some(&b' ');
            self.add_id(turn, start, space, id);
        }
    }

    #[inline(always)]
    fn add_id(&mut self, turn: u32, at: usize, space: bool, id: u32) {
        // A turn's text stays under 2 GB (wasm32's memory is 4 GB).
        self.ids.push(id);
        let low = (at as u64) << 1 & 0xFFFF_FFFF | u64::from(space);
        self.places.push(u64::from(turn) << 32 | low);
    }

    /// The word number of `word` (up to sixteen bytes), `key` as two
    /// numbers, adding it if new.
    #[inline(always)]
    fn short_id(&mut self, key: (u64, u64), word: &[u8]) -> u32 {
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
    fn new_short(&mut self, slot: usize, key: (u64, u64), word: &[u8]) -> u32 {
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

    fn long_id(&mut self, word: &[u8]) -> u32 {
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

    fn word(&self, id: u32) -> &[u8] {
        let id = id as usize;
        let start = self.starts.get(id).map_or(0, |&s| s as usize);
        let end = self
            .starts
            .get(id + 1)
            .map_or(self.vocab.len().saturating_sub(1), |&s| s as usize - 1);
        self.vocab.get(start..end).unwrap_or_default()
    }

    fn new_word(&mut self, word: &[u8]) -> u32 {
        let id = self.starts.len() as u32;
        self.starts.push(self.vocab.len() as u32);
        self.vocab.extend_from_slice(word);
        self.vocab.push(b'\n');
        id
    }

    pub(crate) fn finish(self) -> Words {
        // Counting sort of the occurrences by word: each word's places
        // stay in text order, so ascending. `first[w]` is where word w's
        // places start, then (after the scatter) where they end.
        let words = self.starts.len();
        let mut first = vec![0u32; words + 1];
        for &id in &self.ids {
            if let Some(c) = first.get_mut(id as usize + 1) {
                *c += 1;
            }
        }
        let mut sum = 0;
        for c in &mut first {
            sum += *c;
            *c = sum;
        }
        let mut sorted = vec![0u64; self.ids.len()];
        for (&id, &place) in self.ids.iter().zip(&self.places) {
            if let Some(n) = first.get_mut(id as usize) {
                if let Some(slot) = sorted.get_mut(*n as usize) {
                    *slot = place;
                }
                *n += 1;
            }
        }
        drop(self.ids);
        drop(self.places);
        // About three bytes an occurrence.
        let mut postings = Vec::with_capacity(sorted.len() * 3);
        let mut ends = Vec::with_capacity(words);
        let mut from = 0usize;
        let mut turns = leb128::Writer::default();
        let mut offsets = leb128::Writer::default();
        for &to in first.get(..words).unwrap_or_default() {
            let to = to as usize;
            turns.clear();
            offsets.clear();
            encode_places(
                sorted.get(from..to).unwrap_or_default(),
                &mut turns,
                &mut offsets,
            );
            leb128::push(&mut postings, turns.len());
            postings.extend_from_slice(turns.as_slice());
            postings.extend_from_slice(offsets.as_slice());
            ends.push(postings.len() as u32);
            from = to;
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

/// One word's places (turn in the high half, offset and space bit in the
/// low, ascending) as [`Words::postings`] holds them: its turns, and its
/// offsets.
fn encode_places(places: &[u64], turns: &mut leb128::Writer, offsets: &mut leb128::Writer) {
    let mut last_turn = 0u64;
    let mut i = 0;
    while let Some(&place) = places.get(i) {
        let turn = place >> 32;
        let mut j = i + 1;
        while places.get(j).is_some_and(|&p| p >> 32 == turn) {
            j += 1;
        }
        let n = j - i;
        let before = offsets.len();
        let mut last = 0u64;
        for &p in places.get(i..j).unwrap_or_default() {
            let at = (p & 0xFFFF_FFFF) >> 1;
            offsets.push(((at - last) << 1 | p & 1) as usize);
            last = at;
        }
        turns.push(((turn - last_turn) as usize) << 1 | usize::from(n > 1));
        if n > 1 {
            turns.push(offsets.len() - before);
        }
        last_turn = turn;
        i = j;
    }
}

/// Reads one word's postings: its turns, and in each its offsets.
pub(crate) struct Postings<'a> {
    turns: leb128::Uints<'a>,
    offsets: &'a [u8],
    /// Where the next offset is in `offsets`, once `skip` bytes and then
    /// `skip_ones` numbers (offsets of turns passed over) are skipped: a
    /// run of turns that hold the word once is passed over without reading
    /// their offsets until one is needed.
    at: usize,
    skip: usize,
    skip_ones: usize,
    turn: usize,
    /// The current turn's offsets not read yet: one, or (when the turn
    /// holds the word more than once) `left` bytes of them.
    one: bool,
    left: usize,
    offset: usize,
    /// Whether the byte before the word at the last offset read is a space.
    space: bool,
}

impl Postings<'_> {
    /// The next turn that holds the word (passing over the offsets of the
    /// turn before that were not read).
    #[inline]
    pub(crate) fn next_turn(&mut self) -> Option<usize> {
        if self.one {
            self.skip_ones += 1;
        } else if self.left > 0 {
            // What is to skip stays bytes first, then ones.
            if self.skip_ones > 0 {
                self.catch_up();
            }
            self.skip = self.skip.saturating_add(self.left);
        }
        let head = self.turns.next()?;
        if head & 1 == 1 {
            self.left = self.turns.next()?;
            self.one = false;
        } else {
            self.left = 0;
            self.one = true;
        }
        self.turn = self.turn.wrapping_add(head >> 1);
        self.offset = 0;
        Some(self.turn)
    }

    /// The next offset in the current turn.
    #[inline]
    pub(crate) fn next_offset(&mut self) -> Option<usize> {
        if !self.one && self.left == 0 {
            return None;
        }
        if self.skip > 0 || self.skip_ones > 0 {
            self.catch_up();
        }
        let start = self.at;
        let v = leb128::read_at(self.offsets, &mut self.at);
        if self.one {
            self.one = false;
        } else {
            self.left = self.left.saturating_sub(self.at - start);
        }
        let v = v?;
        self.offset = self.offset.wrapping_add(v >> 1);
        self.space = v & 1 == 1;
        Some(self.offset)
    }

    /// Moves past the offsets of the turns passed over: `skip` bytes, then
    /// `skip_ones` numbers.
    fn catch_up(&mut self) {
        self.at = self.at.saturating_add(self.skip);
        self.skip = 0;
        while self.skip_ones > 0 {
            while self.offsets.get(self.at).is_some_and(|&b| b >= 0x80) {
                self.at += 1;
            }
            self.at += 1;
            self.skip_ones -= 1;
        }
    }

    /// Whether the byte before the word at the offset last read is a space.
    #[inline]
    pub(crate) fn space_before(&self) -> bool {
        self.space
    }
}

impl Words {
    fn new(vocab: String, starts: Vec<u32>, postings: Vec<u8>, ends: Vec<u32>) -> Words {
        let (heads, grams) = trigrams(vocab.as_bytes(), &starts);
        Words {
            vocab,
            starts,
            postings,
            ends,
            heads,
            grams,
        }
    }

    /// The index from its stored parts (see `transfer`), or `None` if they
    /// do not fit together. Turn numbers and offsets are not checked: a
    /// place that is not in the text is never matched.
    pub(crate) fn from_parts(vocab: String, ends: Vec<u32>, postings: Vec<u8>) -> Option<Words> {
        if !(vocab.is_empty() || vocab.starts_with('\n') && vocab.ends_with('\n')) {
            return None;
        }
        if u32::try_from(vocab.len()).is_err() || u32::try_from(postings.len()).is_err() {
            return None;
        }
        let starts: Vec<u32> = vocab
            .match_indices('\n')
            .map(|(i, _)| i as u32 + 1)
            .filter(|&i| (i as usize) < vocab.len())
            .collect();
        let ordered = ends.windows(2).all(|w| matches!(w, [a, b] if a <= b));
        if starts.len() != ends.len()
            || !ordered
            || ends.last().map_or(0, |&e| e as usize) != postings.len()
        {
            return None;
        }
        Some(Words::new(vocab, starts, postings, ends))
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.vocab.capacity()
            + (self.starts.capacity()
                + self.ends.capacity()
                + self.heads.capacity()
                + self.grams.capacity())
                * 4
            + self.postings.capacity()
    }

    /// Bytes of word `id`'s postings: how costly it is to read them.
    pub(crate) fn postings_len(&self, id: u32) -> usize {
        let (start, end) = self.span(id);
        end.saturating_sub(start)
    }

    fn span(&self, id: u32) -> (usize, usize) {
        let id = id as usize;
        let start = id
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .map_or(0, |&e| e as usize);
        let end = self.ends.get(id).map_or(0, |&e| e as usize);
        (start, end)
    }

    /// Word `id`'s two lists: its turns, and its offsets.
    fn lists(&self, id: u32) -> (&[u8], &[u8]) {
        let (start, end) = self.span(id);
        let list = self.postings.get(start..end).unwrap_or_default();
        let mut at = 0;
        let turns_len = leb128::read_at(list, &mut at).unwrap_or(0);
        list.get(at..)
            .unwrap_or_default()
            .split_at_checked(turns_len)
            .unwrap_or_default()
    }

    /// Appends the turns that hold word `id`, ascending: what
    /// [`postings`](Self::postings) gives, in one tight loop.
    pub(crate) fn push_turns(&self, id: u32, out: &mut Vec<usize>) {
        let (turns, _) = self.lists(id);
        let from = out.len();
        // Each turn takes at least one byte.
        out.resize(from + turns.len(), 0);
        let mut k = from;
        let mut turn = 0usize;
        let mut uints = leb128::Uints::new(turns);
        while let Some(head) = uints.next() {
            if head & 1 == 1 {
                uints.next();
            }
            turn = turn.wrapping_add(head >> 1);
            if let Some(slot) = out.get_mut(k) {
                *slot = turn;
            }
            k += 1;
        }
        out.truncate(k);
    }

    /// Word `id`'s postings.
    pub(crate) fn postings(&self, id: u32) -> Postings<'_> {
        let (turns, offsets) = self.lists(id);
        Postings {
            turns: leb128::Uints::new(turns),
            offsets,
            at: 0,
            skip: 0,
            skip_ones: 0,
            turn: 0,
            one: false,
            left: 0,
            offset: 0,
            space: false,
        }
    }

    /// Where a query's run of letters and digits (`run`, folded) can sit
    /// in the words: `(word number, offset of the run inside the word)`
    /// into `out`, every offset of every word, by word. `left`: the query
    /// has a character before the run (not a letter or digit, or the run
    /// would be longer), so the run starts the word; `right`: it ends it.
    pub(crate) fn holding(&self, run: &[u8], left: bool, right: bool, out: &mut Vec<(u32, u32)>) {
        out.clear();
        let mut pattern = Vec::with_capacity(run.len() + 2);
        if left {
            pattern.push(b'\n');
        }
        pattern.extend_from_slice(run);
        if right {
            pattern.push(b'\n');
        }
        let mut ids = Vec::new();
        self.words_holding(&pattern, usize::from(left), &mut ids);
        for id in ids {
            let word = self.word(id);
            if left {
                out.push((id, 0));
            } else if right {
                out.push((id, word.len().saturating_sub(run.len()) as u32));
            } else {
                // Every place, overlapping ones too: which of them match is
                // decided against the text.
                let mut from = 0;
                while let Some(i) = word.get(from..).and_then(|w| find_bytes(w, run)) {
                    out.push((id, (from + i) as u32));
                    from += i + 1;
                }
            }
        }
    }

    /// Word `id`'s bytes.
    fn word(&self, id: u32) -> &[u8] {
        let id = id as usize;
        let start = self.starts.get(id).map_or(0, |&s| s as usize);
        let end = self
            .starts
            .get(id + 1)
            .map_or(self.vocab.len().saturating_sub(1), |&s| {
                (s as usize).saturating_sub(1)
            });
        self.vocab.as_bytes().get(start..end).unwrap_or_default()
    }

    /// The numbers of the words that hold `pattern` (whose word part starts
    /// at `offset`), each once, ascending, into `ids`: from the trigram
    /// index when the pattern has a trigram, else by reading `vocab`.
    fn words_holding(&self, pattern: &[u8], offset: usize, ids: &mut Vec<u32>) {
        let vocab = self.vocab.as_bytes();
        if pattern.len() >= 3 && !self.heads.is_empty() {
            // The bucket with the fewest words.
            let mut best: Option<&[u32]> = None;
            for g in pattern.windows(3) {
                let b = tri(g);
                let list = match (self.heads.get(b), self.heads.get(b + 1)) {
                    (Some(&s), Some(&e)) => {
                        self.grams.get(s as usize..e as usize).unwrap_or_default()
                    }
                    _ => &[],
                };
                if best.is_none_or(|l| list.len() < l.len()) {
                    best = Some(list);
                }
            }
            for &id in best.unwrap_or_default() {
                // The word with its newlines on both sides.
                let start = self.starts.get(id as usize).map_or(0, |&s| s as usize);
                let end = self
                    .starts
                    .get(id as usize + 1)
                    .map_or(vocab.len(), |&s| s as usize);
                let framed = vocab.get(start.saturating_sub(1)..end).unwrap_or_default();
                if find_bytes(framed, pattern).is_some() {
                    ids.push(id);
                }
            }
            return;
        }
        let mut pos = 0;
        while let Some(i) = vocab.get(pos..).and_then(|v| find_bytes(v, pattern)) {
            let at = pos + i;
            let Some(id) = self
                .starts
                .partition_point(|&s| s as usize <= at + offset)
                .checked_sub(1)
            else {
                break;
            };
            ids.push(id as u32);
            // On from the newline after this word: once per word is enough.
            let word_end = self
                .starts
                .get(id + 1)
                .map_or(vocab.len(), |&s| (s as usize).saturating_sub(1));
            pos = word_end.max(at + 1);
        }
    }
}

/// The trigram index of a vocabulary (see [`Words::heads`]): a count of
/// each bucket's words, then the words, each once per bucket.
fn trigrams(vocab: &[u8], starts: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let buckets = 1usize << TRI_BITS;
    let mut heads = vec![0u32; buckets + 1];
    // The last word (plus one) counted in each bucket.
    let mut last = vec![0u32; buckets];
    let framed = |i: usize| -> &[u8] {
        let start = starts.get(i).map_or(0, |&s| s as usize);
        let end = starts.get(i + 1).map_or(vocab.len(), |&s| s as usize);
        vocab.get(start.saturating_sub(1)..end).unwrap_or_default()
    };
    for i in 0..starts.len() {
        let tag = i as u32 + 1;
        for g in framed(i).windows(3) {
            let b = tri(g);
            if let (Some(l), Some(h)) = (last.get_mut(b), heads.get_mut(b + 1)) {
                if *l != tag {
                    *l = tag;
                    *h += 1;
                }
            }
        }
    }
    let mut sum = 0;
    for h in &mut heads {
        sum += *h;
        *h = sum;
    }
    let mut grams = vec![0u32; sum as usize];
    // `next[b]`: where bucket b's next word goes.
    let mut next: Vec<u32> = heads.iter().take(buckets).copied().collect();
    let mut seen = last;
    seen.fill(0);
    for i in 0..starts.len() {
        let tag = i as u32 + 1;
        for g in framed(i).windows(3) {
            let b = tri(g);
            if let (Some(s), Some(n)) = (seen.get_mut(b), next.get_mut(b)) {
                if *s != tag {
                    *s = tag;
                    if let Some(slot) = grams.get_mut(*n as usize) {
                        *slot = i as u32;
                    }
                    *n += 1;
                }
            }
        }
    }
    (heads, grams)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As the index builds them: eight bytes at a time for plain ASCII.
    fn words_of(turns: &[&str]) -> Words {
        crate::search::SearchIndex::from_texts(turns.iter().copied()).words
    }

    #[test]
    fn postings_keep_turns_far_apart_and_places_in_a_turn() {
        // Gaps of under 64 turns, over 64 (two bytes) and over 8,192; a
        // turn with the word three times, far into the turn.
        let at = [0, 1, 130, 16_600, 19_999];
        let long = format!("needle {} needle x needle", "y ".repeat(200));
        let turns: Vec<&str> = (0..20_000)
            .map(|t| match t {
                130 => long.as_str(),
                _ if at.contains(&t) => "a needle here",
                _ => "hay",
            })
            .collect();
        let words = words_of(&turns);
        let mut found = Vec::new();
        words.holding(b"needle", true, true, &mut found);
        assert_eq!(found.len(), 1);
        let mut postings = words.postings(found[0].0);
        let mut seen = Vec::new();
        while let Some(turn) = postings.next_turn() {
            let mut offsets = Vec::new();
            while let Some(o) = postings.next_offset() {
                offsets.push(o);
            }
            seen.push((turn, offsets));
        }
        let expected: Vec<(usize, Vec<usize>)> = at
            .iter()
            .map(|&t| {
                if t == 130 {
                    (t, vec![0, 407, 416])
                } else {
                    (t, vec![2])
                }
            })
            .collect();
        assert_eq!(seen, expected);
        assert_eq!(&crate::search::fold(&long)[407..413], "needle");
        // Reading turns only skips the offsets.
        let mut postings = words.postings(found[0].0);
        let turns_only: Vec<usize> = std::iter::from_fn(|| postings.next_turn()).collect();
        assert_eq!(turns_only, at);
        words.holding(b"hay", true, true, &mut found);
        let mut postings = words.postings(found[0].0);
        assert_eq!(
            std::iter::from_fn(|| postings.next_turn()).count(),
            20_000 - at.len()
        );
    }

    #[test]
    fn offsets_of_some_turns_are_read_after_others_are_passed_over() {
        // Turns holding the word once, twice and three times, some far into
        // the turn (two-byte offsets), read in every pattern of turns read
        // and passed over.
        let filler = "y ".repeat(100);
        let turns: Vec<String> = (0..12)
            .map(|t| match t % 3 {
                0 => format!("w {filler}"),
                1 => format!("w {filler} w"),
                _ => format!("{filler} w w {filler} w"),
            })
            .collect();
        let words = words_of(&turns.iter().map(String::as_str).collect::<Vec<_>>());
        let mut found = Vec::new();
        words.holding(b"w", true, true, &mut found);
        let id = found[0].0;
        let all = |postings: &mut Postings<'_>| {
            std::iter::from_fn(|| postings.next_offset()).collect::<Vec<_>>()
        };
        let mut expected = Vec::new();
        let mut postings = words.postings(id);
        while let Some(turn) = postings.next_turn() {
            expected.push((turn, all(&mut postings)));
        }
        assert_eq!(expected.len(), 12);
        for pattern in 0u32..1 << 12 {
            let mut postings = words.postings(id);
            while let Some(turn) = postings.next_turn() {
                if pattern >> turn & 1 == 1 {
                    assert_eq!((turn, all(&mut postings)), expected[turn], "{pattern:b}");
                }
            }
        }
        let mut turns_only = Vec::new();
        words.push_turns(id, &mut turns_only);
        assert_eq!(turns_only, (0..12).collect::<Vec<_>>());
    }

    #[test]
    fn a_query_part_finds_the_words_it_can_be_in() {
        let words = words_of(&["scaling laws", "lawsuit", "outlaws", "flaws in laws", "law"]);
        let holding = |run: &str, left: bool, right: bool| {
            let mut out = Vec::new();
            words.holding(run.as_bytes(), left, right, &mut out);
            out.iter()
                .map(|&(id, at)| {
                    (
                        String::from_utf8(words.word(id).to_vec()).unwrap(),
                        at as usize,
                    )
                })
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
