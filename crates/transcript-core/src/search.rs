//! Find-in-transcript: case- and accent-insensitive search whose match
//! ranges point into the ORIGINAL turn text, so the UI can wrap them in
//! `<mark>` text nodes without touching the text itself.
//!
//! # Method
//!
//! [`SearchIndex::new`] folds every turn once (O(text)) and keeps the folded
//! turns in one buffer, separated by `'\n'` (which a folded query never
//! contains, so a match never spans two turns). A query is folded the same
//! way and looked for with the standard library's substring search (Two-Way,
//! linear time).
//!
//! A full pass over 100,000 turns (19 MB) takes 15 ms, too slow for every
//! keystroke, so the index also keeps, for every 128 bytes of folded text,
//! the set of byte pairs that start there, hashed to 256 bits (4.7 MB for
//! 19 MB). A query is only looked for in blocks which, together with the
//! blocks its length can reach into, hold all of the query's pairs: a
//! five-letter word rules out all but a few percent of the text, and the
//! answer is the same as the full pass (a proptest checks it). Queries of
//! one byte have no pair and scan everything.
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
    /// Per [`BLOCK`] bytes of `folded`: which byte pairs start in it, hashed
    /// to 256 bits. A query is only looked for in blocks that (with the
    /// blocks its length can reach into) hold all of its pairs.
    pub(crate) blocks: Vec<PairSet>,
}

/// Bytes of the folded text per block of [`SearchIndex::blocks`]: about 120
/// distinct pairs, so a block's set is a third full and a five-letter word
/// rules out all but a few percent of blocks.
pub(crate) const BLOCK: usize = 128;

/// A set of byte pairs, hashed to 256 bits.
pub(crate) type PairSet = [u64; 4];

fn pair_bit(a: u8, b: u8) -> usize {
    // Fibonacci hashing of the pair: the top 8 bits of the product.
    ((u32::from(a) << 8 | u32::from(b)).wrapping_mul(0x9E37_79B1) >> 24) as usize
}

fn add_pair(set: &mut PairSet, a: u8, b: u8) {
    let bit = pair_bit(a, b);
    if let Some(word) = set.get_mut(bit / 64) {
        *word |= 1 << (bit % 64);
    }
}

/// The pair sets of every block of `folded`. The pair that straddles two
/// blocks belongs to the first.
fn pair_sets(folded: &[u8]) -> Vec<PairSet> {
    let blocks = folded.len().div_ceil(BLOCK);
    (0..blocks)
        .map(|i| {
            let start = i * BLOCK;
            let end = (start + BLOCK + 1).min(folded.len());
            let mut set = [0u64; 4];
            if let Some((&first, rest)) = folded.get(start..end).and_then(<[u8]>::split_first) {
                let mut prev = first;
                for &b in rest {
                    add_pair(&mut set, prev, b);
                    prev = b;
                }
            }
            set
        })
        .collect()
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
        let index = self;
        for text in texts {
            if !index.turns.is_empty() {
                index.folded.push('\n');
            }
            let start = index.folded.len();
            let first_anchor = index.anchors.len();
            fold_turn(text, &mut index.folded, &mut index.anchors);
            index.turns.push(TurnSpan {
                folded: start..index.folded.len(),
                anchors: first_anchor..index.anchors.len(),
            });
        }
        index.blocks = pair_sets(index.folded.as_bytes());
    }

    /// The start of the first occurrence of `needle` at or after `pos` (a
    /// character boundary), looking only in blocks whose pairs allow one.
    /// The same answer as `folded[pos..].find(needle)`, found faster.
    fn next_match(&self, needle: &str, pairs: &PairSet, pos: usize) -> Option<usize> {
        let text = &self.folded;
        if *pairs == [0; 4] {
            return text.get(pos..)?.find(needle).map(|i| pos + i);
        }
        // A match starting in block b has all its pairs in blocks b..=b+reach.
        let reach = needle.len().saturating_sub(1).div_ceil(BLOCK);
        let mut block = pos / BLOCK;
        while block < self.blocks.len() {
            let mut union = [0u64; 4];
            for set in self.blocks.iter().skip(block).take(reach + 1) {
                for (u, s) in union.iter_mut().zip(set) {
                    *u |= s;
                }
            }
            if union.iter().zip(pairs).all(|(u, p)| u & p == *p) {
                // Matches starting in this block end before `end`.
                let start = pos.max(block * BLOCK);
                let mut end = ((block + 1) * BLOCK + needle.len() - 1).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let mut from = start;
                while !text.is_char_boundary(from) {
                    from += 1;
                }
                if let Some(i) = text.get(from..end).and_then(|s| s.find(needle)) {
                    return Some(from + i);
                }
            }
            block += 1;
        }
        None
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
        let needle = fold(query);
        let matches = self.find_folded(&needle);
        if !matches.is_empty() || !needle.contains(' ') {
            return Hits {
                mode: SearchMode::Phrase,
                matches,
            };
        }
        Hits {
            mode: SearchMode::AllWords,
            matches: self.find_all_words(&needle),
        }
    }

    fn find_folded(&self, needle: &str) -> Vec<Match> {
        self.find_with(needle, false)
    }

    /// `scan_all` looks at every byte instead of only the candidate blocks:
    /// what the block filter must agree with.
    fn find_with(&self, needle: &str, scan_all: bool) -> Vec<Match> {
        let mut out = Vec::new();
        if needle.is_empty() {
            return out;
        }
        let mut pairs = [0u64; 4];
        if !scan_all {
            for pair in needle.as_bytes().windows(2) {
                if let [a, b] = *pair {
                    add_pair(&mut pairs, a, b);
                }
            }
        }
        let mut pos = 0;
        let mut turn = 0;
        while let Some(start) = self.next_match(needle, &pairs, pos) {
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
                    // Not on a character's boundary: a valid match may still
                    // start inside this one, so step one character only.
                    let step = self
                        .folded
                        .get(start..)
                        .and_then(|s| s.chars().next())
                        .map_or(1, char::len_utf8);
                    pos = start + step;
                }
            }
        }
        out
    }

    fn find_all_words(&self, needle: &str) -> Vec<Match> {
        let words: Vec<&str> = needle.split(' ').filter(|w| !w.is_empty()).collect();
        let per_word: Vec<Vec<Match>> = words.iter().map(|w| self.find_folded(w)).collect();
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

/// Folds a query (or any text) for comparison: see the module doc.
/// Whitespace is collapsed and trimmed.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Starting "after a space" drops leading whitespace.
    let mut in_space = true;
    for c in text.chars() {
        push_fold(c, &mut out, &mut in_space);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Folds one turn into `out`, recording anchors relative to the turn.
fn fold_turn(text: &str, out: &mut String, anchors: &mut Vec<Anchor>) {
    let base = out.len();
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        // Fast path for the common case, ASCII that is not whitespace: it
        // folds to one byte and needs no anchor.
        if c.is_ascii_graphic() {
            out.push(c.to_ascii_lowercase());
            in_space = false;
            continue;
        }
        let before = out.len();
        let chars = push_fold(c, out, &mut in_space);
        let folded_len = out.len() - before;
        if chars != 1 || folded_len != c.len_utf8() {
            anchors.push(Anchor {
                folded: before - base,
                folded_len,
                original: i,
                original_len: c.len_utf8(),
            });
        }
    }
}

/// Appends the fold of `c`; returns how many characters it appended.
fn push_fold(c: char, out: &mut String, in_space: &mut bool) -> usize {
    if c.is_whitespace() {
        if *in_space {
            return 0;
        }
        *in_space = true;
        out.push(' ');
        return 1;
    }
    let folded = fold_char(c);
    if !matches!(folded, Fold::Drop) {
        *in_space = false;
    }
    match folded {
        Fold::Drop => 0,
        Fold::Char(f) => {
            out.push(f);
            1
        }
        Fold::Str(s) => {
            out.push_str(s);
            s.chars().count()
        }
        Fold::Lower => {
            let mut n = 0;
            for l in c.to_lowercase() {
                out.push(l);
                n += 1;
            }
            n
        }
    }
}

enum Fold {
    Drop,
    Char(char),
    Str(&'static str),
    /// `char::to_lowercase`.
    Lower,
}

/// Base letters of U+00C0..=U+00FF; `*` marks the letters handled apart.
const LATIN_1: &[u8; 64] = b"aaaaaa*ceeeeiiiidnooooo*ouuuuy**aaaaaa*ceeeeiiiidnooooo*ouuuuy*y";
/// Base letters of U+0100..=U+017F (Latin Extended-A); `*` as above.
const LATIN_EXT_A: &[u8; 128] = b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllllnnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
/// Base letters of U+01CD..=U+01DC (pinyin tones).
const PINYIN: &[u8; 16] = b"aaiioouuuuuuuuuu";
/// Base letters of U+1EA0..=U+1EF9 (Vietnamese).
const VIETNAMESE: &[(u32, char)] = &[
    (0x1EB8, 'a'),
    (0x1EC8, 'e'),
    (0x1ECC, 'i'),
    (0x1EE4, 'o'),
    (0x1EF2, 'u'),
    (0x1EFA, 'y'),
];

fn table(table: &[u8], first: u32, c: char) -> Option<char> {
    let i = usize::try_from(u32::from(c).checked_sub(first)?).ok()?;
    table.get(i).filter(|&&b| b != b'*').map(|&b| char::from(b))
}

fn fold_char(c: char) -> Fold {
    if c.is_ascii() {
        return Fold::Char(c.to_ascii_lowercase());
    }
    let code = u32::from(c);
    match c {
        '\u{300}'..='\u{36f}' | '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => {
            Fold::Drop
        }
        'Æ' | 'æ' => Fold::Str("ae"),
        'Þ' | 'þ' => Fold::Str("th"),
        'ß' | 'ẞ' => Fold::Str("ss"),
        'Ĳ' | 'ĳ' => Fold::Str("ij"),
        'Œ' | 'œ' => Fold::Str("oe"),
        'ﬀ' => Fold::Str("ff"),
        'ﬁ' => Fold::Str("fi"),
        'ﬂ' => Fold::Str("fl"),
        'ﬃ' => Fold::Str("ffi"),
        'ﬄ' => Fold::Str("ffl"),
        'ﬅ' | 'ﬆ' => Fold::Str("st"),
        '\u{c0}'..='\u{ff}' => table(LATIN_1, 0xC0, c).map_or(Fold::Lower, Fold::Char),
        '\u{100}'..='\u{17f}' => table(LATIN_EXT_A, 0x100, c).map_or(Fold::Lower, Fold::Char),
        '\u{1cd}'..='\u{1dc}' => table(PINYIN, 0x1CD, c).map_or(Fold::Lower, Fold::Char),
        'Ơ' | 'ơ' => Fold::Char('o'),
        'Ư' | 'ư' => Fold::Char('u'),
        'Ș' | 'ș' => Fold::Char('s'),
        'Ț' | 'ț' => Fold::Char('t'),
        '\u{1ea0}'..='\u{1ef9}' => VIETNAMESE
            .iter()
            .find(|&&(end, _)| code < end)
            .map_or(Fold::Lower, |&(_, base)| Fold::Char(base)),
        // Greek: tonos and dialytika go, final sigma is sigma.
        'Ά' | 'ά' => Fold::Char('α'),
        'Έ' | 'έ' => Fold::Char('ε'),
        'Ή' | 'ή' => Fold::Char('η'),
        'Ί' | 'ί' | 'ΐ' | 'Ϊ' | 'ϊ' => Fold::Char('ι'),
        'Ό' | 'ό' => Fold::Char('ο'),
        'Ύ' | 'ύ' | 'ΰ' | 'Ϋ' | 'ϋ' => Fold::Char('υ'),
        'Ώ' | 'ώ' => Fold::Char('ω'),
        'ς' => Fold::Char('σ'),
        'Ё' | 'ё' => Fold::Char('е'),
        '‘' | '’' | 'ʼ' | '′' => Fold::Char('\''),
        '“' | '”' | '„' | '″' => Fold::Char('"'),
        _ => Fold::Lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(c: char) -> String {
        fold(&c.to_string())
    }

    #[test]
    fn tables_have_their_length_and_ends() {
        assert_eq!(LATIN_EXT_A.len(), 0x180 - 0x100);
        assert_eq!(one('À'), "a");
        assert_eq!(one('ÿ'), "y");
        assert_eq!(one('Ā'), "a");
        assert_eq!(one('ſ'), "s");
        assert_eq!(one('Ǎ'), "a");
        assert_eq!(one('ǜ'), "u");
        assert_eq!(one('Ạ'), "a");
        assert_eq!(one('ỹ'), "y");
    }

    #[test]
    fn upper_and_lower_case_of_every_table_letter_fold_alike() {
        // Catches a table shifted by one: the pairs would disagree.
        let ranges = [
            0xC0..=0xFF,
            0x100..=0x17F,
            0x1CD..=0x1DC,
            0x1EA0..=0x1EF9,
            0x386..=0x3CE,
        ];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let lower: String = c.to_lowercase().collect();
            assert_eq!(one(c), fold(&lower), "{c} ({:X})", u32::from(c));
        }
    }

    #[test]
    fn letters_fold_to_their_base() {
        for (from, to) in [
            ("Ærøskøbing", "aeroskobing"),
            ("Straße STRAẞE", "strasse strasse"),
            ("Łódź żółć", "lodz zolc"),
            ("İstanbul ığdır Şişli", "istanbul igdir sisli"),
            ("Tiếng Việt Nguyễn Đức", "tieng viet nguyen duc"),
            ("București Țară", "bucuresti tara"),
            ("ﬁnance œuvre", "finance oeuvre"),
            ("Ελλάδα ΟΔΟΣ οδός", "ελλαδα οδοσ οδοσ"),
            ("ЁЛКА Москва", "елка москва"),
            ("cafe\u{301}  don’t\u{a0}x", "cafe don't x"),
            ("  \t  ", ""),
        ] {
            assert_eq!(fold(from), to, "{from}");
        }
    }

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
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, ..Default::default() })]
        /// The block filter never loses or adds a match, for any text and
        /// query: short alphabets make many matches, some crossing blocks,
        /// and long queries reach over several blocks.
        #[test]
        fn the_block_filter_finds_what_a_full_scan_finds(
            turns in proptest::collection::vec("[abé ß\\n]{0,300}", 1..12),
            query in "[abé ß]{1,4}",
            long in 0usize..3,
        ) {
            let index = SearchIndex::from_texts(turns.iter().map(String::as_str));
            let mut needle = fold(&query);
            if long > 0 && !index.folded.is_empty() {
                // A slice of the text itself, up to 300 bytes: always found.
                let start = index.folded.len() / 3;
                let mut end = (start + 100 * long + 31).min(index.folded.len());
                while !index.folded.is_char_boundary(end) { end -= 1; }
                let mut start = start.min(end);
                while !index.folded.is_char_boundary(start) { start -= 1; }
                if let Some(piece) = index.folded.get(start..end) {
                    if !piece.contains('\n') && !piece.trim().is_empty() { needle = piece.to_string(); }
                }
            }
            proptest::prop_assert_eq!(index.find_with(&needle, false), index.find_with(&needle, true));
        }
    }
}
