//! Unsigned LEB128: seven bits a byte, low bits first, the high bit set on
//! every byte but the last. The share link's length, the worker's transfer
//! buffer and the search index's postings all write integers this way.

/// Why [`read`] found no number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Leb128Error {
    /// The bytes ran out before the number's last byte.
    Truncated,
    /// More than the allowed bytes, all with the high bit set.
    TooLong,
}

/// Appends `n`.
#[inline]
pub(crate) fn push(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n & 0x7f) as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// A growing list of numbers in LEB128 for hot loops: bytes are written by
/// index into room made ahead, so no write calls the allocator's growth
/// path (which, at the size-tuned opt-levels, is a call per byte).
#[derive(Debug, Default)]
pub(crate) struct Writer {
    bytes: Vec<u8>,
    len: usize,
}

impl Writer {
    /// Appends `n`.
    #[inline(always)]
    pub(crate) fn push(&mut self, mut n: usize) {
        // A `usize` takes at most ten bytes.
        if self.bytes.len() < self.len + 10 {
            self.grow();
        }
        while n >= 0x80 {
            if let Some(b) = self.bytes.get_mut(self.len) {
                *b = (n & 0x7f) as u8 | 0x80;
            }
            self.len += 1;
            n >>= 7;
        }
        if let Some(b) = self.bytes.get_mut(self.len) {
            *b = n as u8;
        }
        self.len += 1;
    }

    #[cold]
    fn grow(&mut self) {
        self.bytes
            .resize((self.bytes.len() * 2).max(self.len + 64), 0);
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn clear(&mut self) {
        self.len = 0;
    }

    /// The bytes written.
    pub(crate) fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

/// `n` as its bytes.
pub(crate) fn bytes(n: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(3);
    push(&mut out, n);
    out
}

/// The number at the start of `bytes`, of at most `max_len` bytes (at most
/// 9, so that it fits in a `u64`), and how many bytes it took.
pub(crate) fn read(bytes: &[u8], max_len: usize) -> Result<(u64, usize), Leb128Error> {
    let mut n = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(max_len.min(9)) {
        n |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Ok((n, i + 1));
        }
    }
    if bytes.len() < max_len.min(9) {
        Err(Leb128Error::Truncated)
    } else {
        Err(Leb128Error::TooLong)
    }
}

/// The number at `bytes[*at..]`, moving `at` past it; `None` (with `at` at
/// the end) when the bytes run out first. Bits past 64 are dropped.
#[inline]
pub(crate) fn read_at(bytes: &[u8], at: &mut usize) -> Option<usize> {
    let mut n = 0usize;
    let mut shift = 0u32;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        n |= usize::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
        if b < 0x80 {
            return Some(n);
        }
        shift += 7;
    }
    None
}

/// Reads `usize` numbers one after another from a byte slice, for lists
/// that were written with [`push`] and are read in a hot loop: a damaged
/// list gives wrong numbers (bits past 64 are dropped), never a panic.
#[derive(Debug, Clone)]
pub(crate) struct Uints<'a> {
    bytes: std::slice::Iter<'a, u8>,
}

impl<'a> Uints<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Uints<'a> {
        Uints {
            bytes: bytes.iter(),
        }
    }
}

impl Iterator for Uints<'_> {
    type Item = usize;

    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        let &b = self.bytes.next()?;
        if b < 0x80 {
            return Some(usize::from(b));
        }
        let mut n = usize::from(b & 0x7f);
        let mut shift = 7u32;
        for &b in self.bytes.by_ref() {
            n |= usize::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
            if b & 0x80 == 0 {
                return Some(n);
            }
            shift += 7;
        }
        // Cut short: the last number is incomplete.
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn numbers_come_back(ns in proptest::collection::vec(0usize..(1 << 62), 0..50)) {
            let mut out = Vec::new();
            for &n in &ns {
                push(&mut out, n);
            }
            proptest::prop_assert_eq!(Uints::new(&out).collect::<Vec<_>>(), ns.clone());
            let mut at = 0;
            let mut cursor = 0;
            for &n in &ns {
                let (m, used) = read(&out[at..], 10).unwrap();
                proptest::prop_assert_eq!(m as usize, n);
                at += used;
                proptest::prop_assert_eq!(read_at(&out, &mut cursor), Some(n));
                proptest::prop_assert_eq!(cursor, at);
            }
            proptest::prop_assert_eq!(read_at(&out, &mut cursor), None);
            let mut writer = Writer::default();
            for &n in &ns {
                writer.push(n);
            }
            proptest::prop_assert_eq!(writer.as_slice(), out.as_slice());
            writer.clear();
            proptest::prop_assert_eq!(writer.len(), 0);
        }
    }

    #[test]
    fn ends_and_lengths() {
        assert_eq!(bytes(0), [0]);
        assert_eq!(bytes(127), [0x7f]);
        assert_eq!(bytes(128), [0x80, 0x01]);
        assert_eq!(bytes(300), [0xac, 0x02]);
        assert_eq!(read(&[0x80, 0x80], 3), Err(Leb128Error::Truncated));
        assert_eq!(
            read(&[0x80, 0x80, 0x80, 0x01], 3),
            Err(Leb128Error::TooLong)
        );
        assert_eq!(read(&[0x85, 0x00], 3), Ok((5, 2)));
    }
}
