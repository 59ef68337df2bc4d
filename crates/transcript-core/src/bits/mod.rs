//! Bit-level helpers, each written once for the whole core: eight bytes at
//! a time in a `u64` (`swar`), LEB128 integers (`leb128`), the FNV-1a hash
//! (`fnv`), and a stable sort with one instance ([`sort`]). Nothing here
//! panics, whatever the input.

pub(crate) mod fnv;
pub(crate) mod leb128;
pub mod sort;
pub(crate) mod swar;
