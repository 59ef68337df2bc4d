//! Reading one file out of a zip archive (a Word document is one), within
//! fixed limits.
//!
//! Why not the `zip` crate: a Word document needs two named entries,
//! stored or deflated. This reader walks the central directory, finds them,
//! and inflates each with `miniz_oxide` (already in the worker for share
//! links) into a buffer of exactly the size the directory declares, so a
//! zip bomb is refused before it costs memory: an entry that declares more
//! than [`MAX_UNPACKED`], or unpacks to anything but what it declares, is an
//! error. Archives with more than [`MAX_ENTRIES`] entries, ZIP64,
//! encryption and other compression methods are refused with a sentence.
//! This module must never panic on any bytes.

/// Most entries an archive may list (a Word document has a dozen or two).
pub const MAX_ENTRIES: usize = 2000;
/// Most bytes one entry may unpack to.
pub const MAX_UNPACKED: usize = 64 << 20;

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_DIRECTORY: u32 = 0x0605_4b50;

/// The bytes' start is a zip archive's (`PK\3\4`, or an empty archive's).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    let s: [u8; 2] = b.get(at..at.checked_add(2)?)?.try_into().ok()?;
    Some(usize::from(u16::from_le_bytes(s)))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s: [u8; 4] = b.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_le_bytes(s))
}

fn usize_at(b: &[u8], at: usize) -> Option<usize> {
    usize::try_from(u32_at(b, at)?).ok()
}

/// One entry of the central directory.
struct Entry<'a> {
    name: &'a [u8],
    flags: usize,
    method: usize,
    packed: usize,
    size: usize,
    local: usize,
}

/// The entries of an archive's central directory.
struct Directory<'a> {
    bytes: &'a [u8],
    entries: Vec<Entry<'a>>,
}

impl<'a> Directory<'a> {
    fn read(bytes: &'a [u8]) -> Result<Directory<'a>, String> {
        // The end record is in the last 22 + 65535 (comment) bytes.
        let from = bytes.len().saturating_sub(22 + 0xffff);
        let end = (from..bytes.len().saturating_sub(21))
            .rev()
            .find(|&at| u32_at(bytes, at) == Some(END_OF_DIRECTORY))
            .ok_or("The file is cut short or damaged: its zip directory is missing.")?;
        let damaged = || "The file's zip directory is damaged.".to_string();
        let count = u16_at(bytes, end + 10).ok_or_else(damaged)?;
        let dir_size = usize_at(bytes, end + 12).ok_or_else(damaged)?;
        let dir_at = usize_at(bytes, end + 16).ok_or_else(damaged)?;
        if count == 0xffff || dir_at == 0xffff_ffff {
            return Err("The file is a ZIP64 archive, which this app does not read.".into());
        }
        if count > MAX_ENTRIES {
            return Err(format!(
                "The zip archive lists {count} files, more than the {MAX_ENTRIES} a document could hold: it is not read."
            ));
        }
        let dir = bytes
            .get(dir_at..dir_at.saturating_add(dir_size))
            .ok_or_else(damaged)?;
        let mut entries = Vec::with_capacity(count);
        let mut at = 0;
        for _ in 0..count {
            if u32_at(dir, at) != Some(CENTRAL_HEADER) {
                return Err(damaged());
            }
            let name_len = u16_at(dir, at + 28).ok_or_else(damaged)?;
            let extra_len = u16_at(dir, at + 30).ok_or_else(damaged)?;
            let comment_len = u16_at(dir, at + 32).ok_or_else(damaged)?;
            entries.push(Entry {
                flags: u16_at(dir, at + 8).ok_or_else(damaged)?,
                method: u16_at(dir, at + 10).ok_or_else(damaged)?,
                packed: usize_at(dir, at + 20).ok_or_else(damaged)?,
                size: usize_at(dir, at + 24).ok_or_else(damaged)?,
                local: usize_at(dir, at + 42).ok_or_else(damaged)?,
                name: dir.get(at + 46..at + 46 + name_len).ok_or_else(damaged)?,
            });
            at += 46 + name_len + extra_len + comment_len;
        }
        Ok(Directory { bytes, entries })
    }

    /// The unpacked bytes of the entry called `name`, `None` if there is none.
    fn file(&self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let Some(e) = self.entries.iter().find(|e| e.name == name.as_bytes()) else {
            return Ok(None);
        };
        let damaged = || format!("The file's {name} is damaged.");
        if e.flags & 1 != 0 {
            return Err(
                "The file is password-protected: save it without a password and open it again."
                    .into(),
            );
        }
        if e.size > MAX_UNPACKED {
            return Err(format!(
                "The file's {name} would unpack to {} MB, more than the {} MB this app reads.",
                e.size >> 20,
                MAX_UNPACKED >> 20
            ));
        }
        if u32_at(self.bytes, e.local) != Some(LOCAL_HEADER) {
            return Err(damaged());
        }
        let name_len = u16_at(self.bytes, e.local + 26).ok_or_else(damaged)?;
        let extra_len = u16_at(self.bytes, e.local + 28).ok_or_else(damaged)?;
        let start = e.local + 30 + name_len + extra_len;
        let data = self
            .bytes
            .get(start..start.saturating_add(e.packed))
            .ok_or("The file is cut short: part of it is missing.")?;
        match e.method {
            0 if data.len() == e.size => Ok(Some(data.to_vec())),
            8 => inflate_exact(data, e.size).map(Some).ok_or_else(|| {
                format!("The file's {name} does not unpack to the size it declares: the file is damaged.")
            }),
            0 => Err(damaged()),
            m => Err(format!(
                "The file's {name} is compressed with method {m}, which this app does not read."
            )),
        }
    }
}

/// Raw deflate data inflated into exactly `size` bytes; `None` if it ends
/// early, is damaged, or would unpack to more.
fn inflate_exact(data: &[u8], size: usize) -> Option<Vec<u8>> {
    use miniz_oxide::inflate::stream::{inflate, InflateState};
    use miniz_oxide::{DataFormat, MZFlush, MZStatus};
    let mut out = vec![0u8; size];
    let mut state = InflateState::new_boxed(DataFormat::Raw);
    let done = inflate(&mut state, data, &mut out, MZFlush::Finish);
    match done.status {
        Ok(MZStatus::StreamEnd) if done.bytes_written == size => Some(out),
        _ => None,
    }
}

/// The named files of an archive, unpacked (`None` for each one missing).
pub fn files(bytes: &[u8], names: &[&str]) -> Result<Vec<Option<Vec<u8>>>, String> {
    let dir = Directory::read(bytes)?;
    names.iter().map(|name| dir.file(name)).collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A zip of `(name, data, deflate?)` entries, as a zip tool writes it.
    pub(crate) fn zip(entries: &[(&str, &[u8], bool)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut dir = Vec::new();
        for (name, data, deflate) in entries {
            let packed = if *deflate {
                miniz_oxide::deflate::compress_to_vec(data, 6)
            } else {
                data.to_vec()
            };
            let method: u16 = if *deflate { 8 } else { 0 };
            let local = out.len() as u32;
            let header = |sig: u32, central: bool| {
                let mut h = Vec::new();
                h.extend(sig.to_le_bytes());
                if central {
                    h.extend(20u16.to_le_bytes());
                }
                h.extend(20u16.to_le_bytes());
                h.extend(0u16.to_le_bytes());
                h.extend(method.to_le_bytes());
                h.extend([0u8; 8]); // time, date, crc
                h.extend((packed.len() as u32).to_le_bytes());
                h.extend((data.len() as u32).to_le_bytes());
                h.extend((name.len() as u16).to_le_bytes());
                h.extend(0u16.to_le_bytes());
                if central {
                    h.extend([0u8; 10]); // comment, disk, attributes
                    h.extend(local.to_le_bytes());
                }
                h.extend(name.as_bytes());
                h
            };
            out.extend(header(LOCAL_HEADER, false));
            out.extend(&packed);
            dir.extend(header(CENTRAL_HEADER, true));
        }
        let dir_at = out.len() as u32;
        out.extend(&dir);
        out.extend(END_OF_DIRECTORY.to_le_bytes());
        out.extend([0u8; 4]);
        out.extend((entries.len() as u16).to_le_bytes());
        out.extend((entries.len() as u16).to_le_bytes());
        out.extend((dir.len() as u32).to_le_bytes());
        out.extend(dir_at.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out
    }

    #[test]
    fn stored_and_deflated_entries() {
        let z = zip(&[
            ("a.txt", b"stored", false),
            ("b.xml", b"deflated deflated", true),
        ]);
        assert!(is_zip(&z));
        let got = files(&z, &["b.xml", "a.txt", "c"]).unwrap();
        assert_eq!(got[0].as_deref(), Some(&b"deflated deflated"[..]));
        assert_eq!(got[1].as_deref(), Some(&b"stored"[..]));
        assert_eq!(got[2], None);
    }

    #[test]
    fn bombs_lies_cuts_and_crowds_are_refused() {
        // An entry that unpacks to more than it declares.
        let mut z = zip(&[("x", &[b'a'; 5000][..], true)]);
        let size_at = z.len() - 22 - (46 + 1) + 24;
        z[size_at..size_at + 4].copy_from_slice(&100u32.to_le_bytes());
        let err = files(&z, &["x"]).unwrap_err();
        assert!(
            err.contains("does not unpack to the size it declares"),
            "{err}"
        );
        // An entry that declares a gigabyte.
        z[size_at..size_at + 4].copy_from_slice(&(1u32 << 30).to_le_bytes());
        let err = files(&z, &["x"]).unwrap_err();
        assert!(err.contains("1024 MB"), "{err}");
        // Cut short anywhere: an error, never a panic.
        let good = zip(&[("x", b"hello hello", true)]);
        for cut in 0..good.len() {
            let _ = files(&good[..cut], &["x"]);
        }
        assert!(files(&good[..good.len() - 1], &["x"]).is_err());
        // Thousands of entries.
        let names: Vec<String> = (0..MAX_ENTRIES + 1).map(|i| format!("f{i}")).collect();
        let many: Vec<(&str, &[u8], bool)> = names
            .iter()
            .map(|n| (n.as_str(), &b""[..], false))
            .collect();
        let err = files(&zip(&many), &["x"]).unwrap_err();
        assert!(err.contains("2001 files"), "{err}");
    }
}
