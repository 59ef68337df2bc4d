//! Eight bytes at a time in one `u64` ("SIMD within a register"): the
//! core is built for wasm32 without SIMD and at `opt-level = "s"`, where
//! the compiler neither vectorises nor unrolls byte loops, so the hot loops
//! (splitting cue files into lines, counting words, folding and searching)
//! do it by hand, with the helpers here. Must never panic.

/// `0x01` in every byte.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// Per byte of `x` (all below `0x80`): the high bit set where the byte is
/// at least `n`. No carry crosses a byte: `0x7F + 0x80` fits in one.
#[inline(always)]
fn at_least(x: u64, n: u8) -> u64 {
    x.wrapping_add(ONES * u64::from(0x80u8.saturating_sub(n))) & HIGH
}

/// Per byte of `x` (all below `0x80`): the high bit set where the byte is
/// in `lo..=hi`.
#[inline(always)]
pub(crate) fn within(x: u64, lo: u8, hi: u8) -> u64 {
    at_least(x, lo) & !at_least(x, hi + 1)
}

/// The high bits of the eight bytes of `hi` as the low eight bits: byte
/// `i`'s at bit `i` (the products land in disjoint bits, so nothing carries
/// into the top byte).
#[inline(always)]
pub(crate) fn gather(hi: u64) -> u64 {
    (hi >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// Up to eight bytes as one little-endian number, zero-padded.
#[inline]
pub(crate) fn load(bytes: &[u8]) -> u64 {
    if bytes.len() >= 8 {
        return load8(bytes);
    }
    // Byte by byte: a copy of a variable length would call `memcpy`.
    let mut x = 0;
    for (i, &b) in bytes.iter().enumerate() {
        x |= u64::from(b) << (8 * i);
    }
    x
}

/// The first eight bytes as one little-endian number (zero if fewer).
#[inline(always)]
pub(crate) fn load8(bytes: &[u8]) -> u64 {
    bytes
        .first_chunk::<8>()
        .map_or(0, |&b| u64::from_le_bytes(b))
}

/// `0x7F` in every byte.
const SEVEN: u64 = ONES * 0x7F;

/// High bits where a byte of `x` is zero; a byte just above a zero byte
/// may be flagged too (the borrow), never one missed, so the lowest flag
/// is always right.
#[inline(always)]
pub(crate) fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGH
}

/// High bits exactly where a byte of `x` is not zero (no borrow crosses a
/// byte: the low seven bits are added apart from the high one).
#[inline(always)]
pub(crate) fn nonzero_bytes(x: u64) -> u64 {
    ((x & SEVEN).wrapping_add(SEVEN) | x) & HIGH
}

/// The first `a` or `b` in `bytes`. Eight bytes at a time (a test for a
/// zero byte after XOR with each), which in wasm (no SIMD by default, and
/// `memchr` four bytes at a time) is twice as fast as `memchr`; the cue
/// parsers split 10 MB files into lines with it.
pub(crate) fn find_either(bytes: &[u8], a: u8, b: u8) -> Option<usize> {
    let (wa, wb) = (ONES * u64::from(a), ONES * u64::from(b));
    let mut at = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = load8(chunk);
        let found = zero_bytes(word ^ wa) | zero_bytes(word ^ wb);
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let tail = bytes.get(at..)?;
    tail.iter().position(|&x| x == a || x == b).map(|i| at + i)
}

/// The first occurrence of `needle` in `hay`, as `str::find` gives it for
/// text. Looks at eight starting positions at a time, keeping those where
/// both the needle's first and last bytes match, and compares only those
/// in full: in prose that rules out almost every position in a few
/// operations.
pub(crate) fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (Some(&first), Some(&last)) = (needle.first(), needle.last()) else {
        return Some(0);
    };
    let n = needle.len();
    // Starting positions: 0..end.
    let end = (hay.len() + 1).checked_sub(n)?;
    let first = ONES * u64::from(first);
    let last = ONES * u64::from(last);
    // Eight positions at a time while all their bytes are there: chunks,
    // so that no read needs a bounds check.
    let shifted = hay.get(n - 1..).unwrap_or_default();
    let mut i = 0;
    for (a, b) in hay.chunks_exact(8).zip(shifted.chunks_exact(8)) {
        let hits = zero_bytes(load8(a) ^ first) & zero_bytes(load8(b) ^ last);
        if hits != 0 {
            if let Some(at) = confirm(hay, needle, i, end, hits) {
                return Some(at);
            }
        }
        i += 8;
    }
    // The last few positions, zero-padded.
    while i < end {
        let a = load8_or_less(hay, i);
        let b = load8_or_less(hay, i + n - 1);
        if let Some(at) = confirm(
            hay,
            needle,
            i,
            end,
            zero_bytes(a ^ first) & zero_bytes(b ^ last),
        ) {
            return Some(at);
        }
        i += 8;
    }
    None
}

/// The first of the positions `i + k` (`k`: a byte of `hits` with its high
/// bit set) below `end` where the needle is.
#[inline]
fn confirm(hay: &[u8], needle: &[u8], i: usize, end: usize, mut hits: u64) -> Option<usize> {
    while hits != 0 {
        let at = i + hits.trailing_zeros() as usize / 8;
        if at >= end {
            return None;
        }
        if hay.get(at..at + needle.len()) == Some(needle) {
            return Some(at);
        }
        hits &= hits - 1;
    }
    None
}

/// Eight bytes of `bytes` from `at`, zero-padded past its end.
#[inline(always)]
fn load8_or_less(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => load8(eight),
        None => load(bytes.get(at..).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 1000, ..Default::default() })]
        /// Short alphabets give many near matches, zero bytes test the
        /// borrow, and lengths around eight test the ends.
        #[test]
        fn find_bytes_finds_what_str_find_finds(
            hay in "[ab\\x00\\x01]{0,40}",
            needle in "[ab\\x00\\x01]{1,10}",
        ) {
            proptest::prop_assert_eq!(find_bytes(hay.as_bytes(), needle.as_bytes()), hay.find(&needle));
        }
    }

    #[test]
    fn find_either_finds_the_first_of_two_bytes() {
        let text = "0123456789abcdef\r\nxyz\n";
        for from in 0..text.len() {
            let bytes = &text.as_bytes()[from..];
            let expected = bytes.iter().position(|&b| b == b'\n' || b == b'\r');
            assert_eq!(find_either(bytes, b'\n', b'\r'), expected, "{from}");
            let cr = bytes.iter().position(|&b| b == b'\r');
            assert_eq!(find_either(bytes, b'\r', b'\r'), cr, "{from}");
        }
        // Bytes above 0x80 next to the one sought (no false match by borrow).
        assert_eq!(
            find_either(&[0x8a, 0x0b, 0x0a, 0xff, 0, 0, 0, 0], b'\n', b'\n'),
            Some(2)
        );
        assert_eq!(find_either(&[0x0b; 20], b'\n', b'\r'), None);
    }

    #[test]
    fn find_bytes_at_the_ends() {
        assert_eq!(find_bytes(b"", b"a"), None);
        assert_eq!(find_bytes(b"abc", b""), Some(0));
        assert_eq!(find_bytes(b"0123456789abcdefxyz", b"xyz"), Some(16));
        assert_eq!(find_bytes(b"0123456789abcdefxy", b"xyz"), None);
        assert_eq!(find_bytes(b"energy energy", b"energy"), Some(0));
        assert_eq!(find_bytes(b"synergy, energy", b"energy"), Some(9));
    }
}
