//! FNV-1a, 64 bits: a hash of a few bytes or characters in one
//! multiplication each. Used to name share-link payloads (stable across
//! versions: the names are stored) and, with a finaliser, to hash words
//! for near-duplicate detection.

/// The offset basis: the hash of nothing.
pub(crate) const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0100_0000_01b3;

/// The hash `h` continued with one more unit (a byte, or a character's
/// code point).
#[inline(always)]
pub(crate) fn step(h: u64, unit: u64) -> u64 {
    (h ^ unit).wrapping_mul(PRIME)
}

/// The hash of `bytes`.
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(OFFSET, |h, &b| step(h, u64::from(b)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn fnv1a_is_the_usual_one() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(super::hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(super::hash(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
