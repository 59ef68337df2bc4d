//! Folding, as the parent module's doc describes it: per character for
//! any text, and eight bytes at a time for the common turn, ASCII whose
//! only whitespace is single spaces. The two must always agree (a proptest
//! checks it); this module must never panic, whatever the text.

use super::Anchor;
use crate::bits::swar::{gather, load, load8, within, HIGH};

/// Folds a query (or any text) for comparison: see the module doc.
/// Whitespace is collapsed and trimmed.
pub fn fold(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    // Starting "after a space" drops leading whitespace.
    let mut in_space = true;
    for c in text.chars() {
        push_fold(c, &mut out, &mut in_space);
    }
    if out.last() == Some(&b' ') {
        out.pop();
    }
    // Whole characters only: always valid.
    String::from_utf8(out).unwrap_or_default()
}

/// Folds one turn into `out`, recording anchors relative to the turn.
///
/// Eight bytes at a time where they are printable ASCII or single spaces
/// (lowercasing is then the whole fold, with no anchor), so a turn with one
/// accented word is not folded character by character throughout.
pub(crate) fn fold_turn(text: &str, out: &mut Vec<u8>, anchors: &mut Vec<Anchor>) {
    let base = out.len();
    let bytes = text.as_bytes();
    let mut in_space = false;
    let mut i = 0;
    while let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let x = load8(chunk);
            let space = within(x, b' ', b' ');
            // Printable ASCII or spaces, no two spaces in a row, and no
            // space right after the whitespace before.
            let double = space & (space << 8 | u64::from(in_space) << 7);
            if x & HIGH == 0 && within(x, b' ', b'~') == HIGH && double == 0 {
                let y = x | within(x, b'A', b'Z') >> 2;
                out.extend_from_slice(&y.to_le_bytes());
                in_space = space >> 63 != 0;
                i += 8;
                continue;
            }
        }
        // Fast path for the common case, ASCII that is not whitespace: it
        // folds to one byte and needs no anchor.
        if c.is_ascii_graphic() {
            out.push(c.to_ascii_lowercase() as u8);
            in_space = false;
            i += 1;
            continue;
        }
        let before = out.len();
        let chars = push_fold(c, out, &mut in_space);
        let folded_len = out.len() - before;
        if chars != 1 || folded_len != c.len_utf8() {
            anchors.push(Anchor::new(before - base, folded_len, i, c.len_utf8()));
        }
        i += c.len_utf8();
    }
}

/// Appends `c` in UTF-8.
fn push_char(out: &mut Vec<u8>, c: char) {
    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
}

/// Appends the fold of `c` in UTF-8; returns how many characters it
/// appended.
fn push_fold(c: char, out: &mut Vec<u8>, in_space: &mut bool) -> usize {
    if c.is_whitespace() {
        if *in_space {
            return 0;
        }
        *in_space = true;
        out.push(b' ');
        return 1;
    }
    let folded = fold_char(c);
    if !matches!(folded, Fold::Drop) {
        *in_space = false;
    }
    match folded {
        Fold::Drop => 0,
        Fold::Char(f) => {
            push_char(out, f);
            1
        }
        Fold::Str(s) => {
            out.extend_from_slice(s.as_bytes());
            s.chars().count()
        }
        Fold::Lower => {
            let mut n = 0;
            for l in c.to_lowercase() {
                push_char(out, l);
                n += 1;
            }
            n
        }
    }
}

/// Whether the fold of `text` from byte `from` begins with `needle` (a
/// folded query): what the turn's folded text holds at the place whose
/// original offset is `from`, since a place's original offset is that of a
/// character whose fold is not empty (so not a space after a space). Plain
/// ASCII is compared byte by byte; anything else is folded as `fold_turn`
/// folds it. Whether the needle then ends on a character's boundary is the
/// caller's question.
pub(crate) fn fold_starts_with(text: &str, from: usize, needle: &[u8]) -> bool {
    let Some(rest) = text.get(from..) else {
        return false;
    };
    let bytes = rest.as_bytes();
    let mut i = 0;
    let mut j = 0;
    let mut in_space = false;
    let mut buf = Vec::new();
    while let Some(&want) = needle.get(j) {
        let Some(&b) = bytes.get(i) else {
            return false;
        };
        if b.is_ascii_graphic() || b == b' ' && !in_space {
            if b.to_ascii_lowercase() != want {
                return false;
            }
            in_space = b == b' ';
            i += 1;
            j += 1;
            continue;
        }
        let Some(c) = rest.get(i..).and_then(|s| s.chars().next()) else {
            return false;
        };
        buf.clear();
        push_fold(c, &mut buf, &mut in_space);
        let got = buf.as_slice();
        let n = got.len().min(needle.len() - j);
        if got.get(..n) != needle.get(j..j + n) {
            return false;
        }
        j += n;
        i += c.len_utf8();
    }
    true
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

/// The byte offsets at which the alphanumeric runs of an ASCII `text` start
/// and end, alternately, into `bounds`. Eight bytes at a time and without a
/// branch per word: a branch on every word boundary would mispredict about
/// once per word.
pub(crate) fn ascii_bounds(text: &[u8], bounds: &mut Vec<usize>) {
    bounds.clear();
    let mut prev = 0;
    for (block, bytes) in text.chunks(64).enumerate() {
        let mut mask = 0;
        for (k, chunk) in bytes.chunks(8).enumerate() {
            mask |= gather(alnum(load(chunk))) << (8 * k);
        }
        prev = push_edges(mask, prev, block * 64, bounds);
    }
    if prev != 0 {
        bounds.push(text.len());
    }
}

/// High bits where a byte of the folded `y` is an ASCII letter or digit.
#[inline(always)]
fn alnum(y: u64) -> u64 {
    within(y, b'0', b'9') | within(y, b'a', b'z')
}

/// Pushes where 64 bytes (from `base`) change between alphanumeric and not;
/// `prev` is 1 if the byte before them was alphanumeric. Returns the same
/// for the next 64.
fn push_edges(mask: u64, prev: u64, base: usize, bounds: &mut Vec<usize>) -> u64 {
    let mut edges = mask ^ (mask << 1 | prev);
    while edges != 0 {
        bounds.push(base + edges.trailing_zeros() as usize);
        edges &= edges - 1;
    }
    mask >> 63
}

/// Folds `text` into `out` if it is ASCII whose only whitespace is single
/// spaces (then folding is lowercasing, and needs no anchor), with the
/// bounds of its words as [`ascii_bounds`] gives them. Otherwise writes
/// nothing and returns false.
pub(crate) fn fold_plain_ascii(text: &str, out: &mut Vec<u8>, bounds: &mut Vec<usize>) -> bool {
    let start = out.len();
    bounds.clear();
    // Room for whole eight-byte writes (no call to grow `out` per chunk),
    // cut to the text's length at the end.
    out.resize(start + text.len().next_multiple_of(8), 0);
    let mut at = start;
    let mut prev_space = 0;
    let mut prev = 0;
    for (block, bytes) in text.as_bytes().chunks(64).enumerate() {
        let mut mask = 0;
        for (k, chunk) in bytes.chunks(8).enumerate() {
            let x = load(chunk);
            let space = within(x, b' ', b' ');
            let double = space & (space << 8 | prev_space >> 56);
            if (x & HIGH) | within(x, b'\t', b'\r') | double != 0 {
                out.truncate(start);
                return false;
            }
            prev_space = space;
            let y = x | within(x, b'A', b'Z') >> 2;
            if let Some(to) = out.get_mut(at..at + 8) {
                to.copy_from_slice(&y.to_le_bytes());
            }
            at += chunk.len();
            mask |= gather(alnum(y)) << (8 * k);
        }
        prev = push_edges(mask, prev, block * 64, bounds);
    }
    out.truncate(at);
    if prev != 0 {
        bounds.push(text.len());
    }
    true
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

    fn folded_by_chars(text: &str) -> (String, Vec<Anchor>) {
        let mut out = Vec::new();
        let mut anchors = Vec::new();
        fold_turn(text, &mut out, &mut anchors);
        (String::from_utf8(out).unwrap(), anchors)
    }

    fn bounds_by_chars(text: &str) -> Vec<usize> {
        let mut bounds = Vec::new();
        let mut prev = false;
        for (i, c) in text.char_indices() {
            if c.is_alphanumeric() != prev {
                bounds.push(i);
                prev = !prev;
            }
        }
        if prev {
            bounds.push(text.len());
        }
        bounds
    }

    #[test]
    fn plain_ascii_is_folded_eight_bytes_at_a_time() {
        let mut out = Vec::new();
        let mut bounds = Vec::new();
        let text = "Hello, World 42! A turn of more than sixty-four bytes: ZZZ_09 az@[`{";
        assert!(fold_plain_ascii(text, &mut out, &mut bounds));
        assert_eq!(String::from_utf8(out).unwrap(), folded_by_chars(text).0);
        assert_eq!(bounds, bounds_by_chars(&text.to_lowercase()));
        for refused in ["two  spaces", "tab\there", "line\nbreak", "café", " \r"] {
            let mut out = b"kept".to_vec();
            assert!(
                !fold_plain_ascii(refused, &mut out, &mut bounds),
                "{refused:?}"
            );
            assert_eq!(out, b"kept");
        }
    }

    /// The fold one character at a time, as `fold_turn` did before it
    /// took eight bytes at a time: what it must agree with.
    fn fold_turn_by_chars(text: &str) -> (Vec<u8>, Vec<Anchor>) {
        let mut out = Vec::new();
        let mut anchors = Vec::new();
        let mut in_space = false;
        for (i, c) in text.char_indices() {
            let before = out.len();
            let chars = push_fold(c, &mut out, &mut in_space);
            let folded_len = out.len() - before;
            if chars != 1 || folded_len != c.len_utf8() {
                anchors.push(Anchor::new(before, folded_len, i, c.len_utf8()));
            }
        }
        (out, anchors)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]
        /// Mostly ASCII with the odd accent, double space, tab, capital or
        /// control byte: chunks of eight and characters alternate.
        #[test]
        fn folding_eight_bytes_at_a_time_agrees_with_one_character_at_a_time(
            text in "[a-zA-Z  ~!@\\[`{\\x7f\\x1f\\tÉéß\u{301}б中]{0,60}|[a-zA-Z0-9 .,'\\-]{0,100}[Éé\u{301}ßİ ][a-zA-Z0-9 .,'\\-]{0,100}",
        ) {
            let mut out = Vec::new();
            let mut anchors = Vec::new();
            fold_turn(&text, &mut out, &mut anchors);
            let (expected, expected_anchors) = fold_turn_by_chars(&text);
            proptest::prop_assert_eq!(out, expected);
            proptest::prop_assert_eq!(anchors, expected_anchors);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 500, ..Default::default() })]
        /// The two ways of folding agree, and so do the two ways of finding
        /// words, on every ASCII byte around the boundaries the bit tricks
        /// test (`@[`{`, digits, letters, controls, spaces).
        #[test]
        fn both_ways_of_folding_agree(text in "[\\x00-\\x7f]{0,150}|[ -~]{0,150}|[a-zA-Z0-9 @\\[`{/:.,]{0,150}") {
            let (folded, anchors) = folded_by_chars(&text);
            let mut out = Vec::new();
            let mut bounds = Vec::new();
            if fold_plain_ascii(&text, &mut out, &mut bounds) {
                proptest::prop_assert_eq!(&String::from_utf8(out).unwrap(), &folded);
                proptest::prop_assert!(anchors.is_empty());
                proptest::prop_assert_eq!(&bounds, &bounds_by_chars(&folded));
            } else {
                proptest::prop_assert!(out.is_empty());
                let plain = !text.contains("  ") && !text.bytes().any(|b| (b'\t'..=b'\r').contains(&b));
                proptest::prop_assert!(!plain);
            }
            ascii_bounds(folded.as_bytes(), &mut bounds);
            proptest::prop_assert_eq!(&bounds, &bounds_by_chars(&folded));
        }
    }
}
