//! Small text helpers shared by every parser: line endings, whitespace,
//! HTML entities.
//!
//! Entity decoding is hand-written on purpose: the full HTML5 entity table
//! (2,231 names) costs tens of kilobytes of wasm, while transcripts use a
//! handful of entities. Unknown named entities are left as written, so no
//! text is lost.

use std::borrow::Cow;

/// Text with a leading byte-order mark removed and CRLF / CR turned into LF.
pub fn normalize_newlines(input: &str) -> String {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(cr) = rest.find('\r') {
        out.push_str(rest.get(..cr).unwrap_or_default());
        out.push('\n');
        let after = rest.get(cr + 1..).unwrap_or_default();
        rest = after.strip_prefix('\n').unwrap_or(after);
    }
    out.push_str(rest);
    out
}

/// The text every parser reads: a leading byte-order mark removed, CRLF and
/// CR turned into LF, and NUL into U+FFFD (what the WebVTT parser does, so a
/// stray NUL shows instead of cutting or hiding text). Borrows the input
/// when there is nothing to change: a 10 MB file with LF endings is not
/// copied.
pub fn normalized_input(input: &str) -> Cow<'_, str> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    if find_either(input.as_bytes(), b'\r', 0).is_none() {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(at) = find_either(rest.as_bytes(), b'\r', 0) {
        out.push_str(rest.get(..at).unwrap_or_default());
        let after = rest.get(at + 1..).unwrap_or_default();
        if rest.as_bytes().get(at) == Some(&0) {
            out.push('\u{fffd}');
            rest = after;
        } else {
            out.push('\n');
            rest = after.strip_prefix('\n').unwrap_or(after);
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The first `a` or `b` in `bytes`, eight bytes at a time (its home is
/// [`crate::bits::swar`]; the parsers know it by this path).
pub(crate) use crate::bits::swar::find_either;

/// Runs of whitespace become one space; leading and trailing whitespace go.
pub fn collapse_whitespace(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    push_collapsed(&mut out, input);
    out
}

/// Appends `input` to `out` with whitespace collapsed as
/// [`collapse_whitespace`] does (words joined by single spaces, `char::is_whitespace`
/// deciding what is whitespace); whether any word was appended. Copies runs
/// of bytes instead of decoding characters: parsers call it once per cue.
pub fn push_collapsed(out: &mut String, input: &str) -> bool {
    // A byte that cannot start a whitespace character (the lead bytes of
    // non-ASCII whitespace are checked one by one).
    let word_byte = |b: u8| {
        if b < 0x80 {
            b != b' ' && !(b'\t'..=b'\r').contains(&b)
        } else {
            !matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3)
        }
    };
    let bytes = input.as_bytes();
    let mut wrote = false;
    let mut i = 0;
    loop {
        loop {
            let Some(&b) = bytes.get(i) else {
                return wrote;
            };
            match whitespace_len(input, i, b) {
                0 => break,
                len => i += len,
            }
        }
        // A word, and the words after it that single spaces separate, are
        // copied as one run.
        let start = i;
        loop {
            match bytes.get(i) {
                Some(&b) if word_byte(b) => i += 1,
                Some(b' ') if bytes.get(i + 1).is_some_and(|&n| word_byte(n)) => i += 2,
                Some(&b) if b >= 0x80 && whitespace_len(input, i, b) == 0 => i += 1,
                _ => break,
            }
        }
        if wrote {
            out.push(' ');
        }
        out.push_str(input.get(start..i).unwrap_or_default());
        wrote = true;
    }
}

/// The byte length of the whitespace character starting at `i` (whose first
/// byte is `b`), or 0 when there is none there. Only the lead bytes of
/// non-ASCII whitespace (U+0085, U+00A0, U+1680, U+2000…U+3000) are decoded;
/// continuation bytes and every other byte are not whitespace.
fn whitespace_len(input: &str, i: usize, b: u8) -> usize {
    if b < 0x80 {
        return usize::from(b.is_ascii_whitespace() || b == 0x0b);
    }
    if !matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3) {
        return 0;
    }
    match input.get(i..).and_then(|s| s.chars().next()) {
        Some(c) if c.is_whitespace() => c.len_utf8(),
        _ => 0,
    }
}

const NAMED_ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{a0}"),
    ("lrm", "\u{200e}"),
    ("rlm", "\u{200f}"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("hellip", "…"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("deg", "°"),
    ("eacute", "é"),
    ("egrave", "è"),
    ("aacute", "á"),
    ("agrave", "à"),
    ("iacute", "í"),
    ("oacute", "ó"),
    ("uacute", "ú"),
    ("ntilde", "ñ"),
    ("ccedil", "ç"),
    ("auml", "ä"),
    ("ouml", "ö"),
    ("uuml", "ü"),
    ("szlig", "ß"),
    ("euro", "€"),
    ("pound", "£"),
];

/// Decodes `&amp;`, `&#39;`, `&#x2019;` and the common named entities.
/// Anything that is not a well-formed, known entity is kept as written.
pub fn decode_entities(input: &str) -> String {
    if !input.contains('&') {
        return input.to_string();
    }
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        let after = rest.get(amp + 1..).unwrap_or_default();
        // An entity name is at most 10 characters before its `;`.
        let semi = after
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = semi.and_then(|semi| {
            let name = after.get(..semi)?;
            decode_one(name).map(|s| (s, semi))
        });
        match decoded {
            Some((s, semi)) => {
                out.push_str(&s);
                rest = after.get(semi + 1..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_one(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        let c = char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}');
        return Some(c.to_string());
    }
    NAMED_ENTITIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| (*v).to_string())
}

/// Seconds from a clock time: `[h…:]mm:ss[.fff]` with `.` or `,` before the
/// fraction, as WebVTT, SRT, JSON exports and HTML transcripts write it.
/// Hours may have any number of digits up to twelve (`123:00:00.000`); the
/// fraction may be missing (`00:11`) or of any length up to nine digits;
/// minutes and seconds below the hours are under 60. Surrounding whitespace
/// is ignored. Read byte by byte with no allocation: cue files have two
/// clocks per cue. The lenient rule, for clocks in a known timing slot; the
/// strict rule for times written in running text is
/// [`crate::parse::labels::strict_clock`].
pub fn lenient_clock(s: &str) -> Option<f64> {
    let s = trim_unicode(s).as_bytes();
    if let Some(t) = fixed_clock(s) {
        return Some(t);
    }
    let first = digit_run(s)?;
    let mut at = first.1;
    if s.get(at) != Some(&b':') {
        return None;
    }
    let second = digit_run(s.get(at + 1..)?)?;
    at += 1 + second.1;
    let (hours, minutes, seconds) = if s.get(at) == Some(&b':') {
        let third = digit_run(s.get(at + 1..)?)?;
        at += 1 + third.1;
        if second.1 > 2 || second.0 >= 60 {
            return None;
        }
        (first.0, second.0, third)
    } else {
        (0, first.0, second)
    };
    if seconds.1 > 2 || seconds.0 >= 60 {
        return None;
    }
    let fraction = match s.get(at) {
        None => None,
        Some(b'.' | b',') => Some(s.get(at + 1..)?),
        Some(_) => return None,
    };
    let whole = hours
        .checked_mul(3600)?
        .checked_add(minutes * 60 + seconds.0)?;
    let Some(f) = fraction else {
        return Some(whole as f64);
    };
    if f.is_empty() || f.len() > 9 || !f.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let units = 10u64.pow(u32::try_from(f.len()).ok()?);
    let fraction = f.iter().fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
    // One division of the exact count of units gives the double nearest the
    // written time (01:02:03.123 is exactly 3723123 / 1000), which adding a
    // fraction to the seconds does not always; share links rely on it to
    // write times as whole milliseconds.
    match whole
        .checked_mul(units)
        .and_then(|w| w.checked_add(fraction))
    {
        Some(total) if total < 1 << 53 => Some(total as f64 / units as f64),
        _ => Some(whole as f64 + fraction as f64 / units as f64),
    }
}

/// `h…:mm:ss.mmm` or `mm:ss.mmm` (`,` too), the shapes of nearly every cue
/// clock, read with few branches; `None` for any other shape (even a valid
/// one). Gives what the general reading gives: the same checks and the same
/// division of whole milliseconds.
pub(crate) fn fixed_clock(s: &[u8]) -> Option<f64> {
    let (head, tail) = s.split_at_checked(s.len().checked_sub(9)?)?;
    let &[m1, m2, b':', s1, s2, b'.' | b',', f1, f2, f3] = tail else {
        return None;
    };
    let hours = match head {
        [] => None,
        [hours @ .., b':'] if (1..=12).contains(&hours.len()) => {
            let mut n = 0;
            for &b in hours {
                n = n * 10 + digit(b)?;
            }
            Some(n)
        }
        _ => return None,
    };
    let minutes = digit(m1)? * 10 + digit(m2)?;
    let seconds = digit(s1)? * 10 + digit(s2)?;
    let millis = digit(f1)? * 100 + digit(f2)? * 10 + digit(f3)?;
    // Minutes under hours are under 60; without hours they may be any.
    if (hours.is_some() && minutes >= 60) || seconds >= 60 {
        return None;
    }
    let total = (hours.unwrap_or(0) * 3600 + minutes * 60 + seconds) * 1000 + millis;
    // Past 2^53 the general reading adds the fraction instead.
    (total < 1 << 53).then(|| total as f64 / 1000.0)
}

/// An ASCII digit's value.
#[inline(always)]
fn digit(b: u8) -> Option<u64> {
    let d = b.wrapping_sub(b'0');
    (d < 10).then_some(u64::from(d))
}

/// The value and length of the 1 to 12 ASCII digits `s` starts with.
fn digit_run(s: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    let mut len = 0;
    for &b in s.iter().take(13) {
        if !b.is_ascii_digit() {
            break;
        }
        value = value * 10 + u64::from(b - b'0');
        len += 1;
    }
    (1..=12).contains(&len).then_some((value, len))
}

/// `str::trim`, with ASCII whitespace trimmed byte by byte and the Unicode
/// rule applied only when a non-ASCII character is left at an end.
fn trim_unicode(s: &str) -> &str {
    let space = |b: &u8| b.is_ascii_whitespace() || *b == 0x0b;
    let bytes = s.as_bytes();
    let start = bytes.iter().position(|b| !space(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !space(b))
        .map_or(start, |e| e + 1);
    let t = s.get(start..end).unwrap_or_default();
    let ascii_ends = t.as_bytes().first().is_none_or(u8::is_ascii)
        && t.as_bytes().last().is_none_or(u8::is_ascii);
    if ascii_ends {
        t
    } else {
        t.trim()
    }
}

/// Writes `seconds` as `hh:mm:ss.mmm` (or `,mmm` with a `','` separator),
/// rounded to the millisecond: the inverse of [`lenient_clock`] for cue files.
/// Hours grow past two digits when needed; a negative time is 0 and a time
/// beyond u64 milliseconds saturates.
pub fn format_clock(seconds: f64, separator: char) -> String {
    let millis = (seconds.max(0.0) * 1000.0).round();
    let millis = if millis >= u64::MAX as f64 {
        u64::MAX
    } else {
        millis as u64
    };
    format!(
        "{:02}:{:02}:{:02}{separator}{:03}",
        millis / 3_600_000,
        millis / 60_000 % 60,
        millis / 1000 % 60,
        millis % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_and_bom() {
        assert_eq!(normalize_newlines("\u{feff}a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(normalize_newlines("plain"), "plain");
        assert_eq!(normalize_newlines("a\0b"), "a\0b");
    }

    #[test]
    fn input_normalised_with_nul_as_replacement_character() {
        assert_eq!(normalized_input("\u{feff}a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(
            normalized_input("\0a\r\0\n\r\r\nb\0"),
            "\u{fffd}a\n\u{fffd}\n\n\nb\u{fffd}"
        );
        assert!(matches!(
            normalized_input("\u{feff}plain\n"),
            Cow::Borrowed("plain\n")
        ));
    }

    #[test]
    fn whitespace_collapses() {
        assert_eq!(collapse_whitespace("  a \n\t b  "), "a b");
        assert_eq!(collapse_whitespace(" \n "), "");
    }

    #[test]
    fn entities_decode_and_unknown_ones_stay() {
        assert_eq!(decode_entities("Tom &amp; Jerry &lt;3"), "Tom & Jerry <3");
        assert_eq!(decode_entities("it&#39;s &#x2019; &#8212;"), "it's ’ —");
        assert_eq!(
            decode_entities("a & b &bogus; &#xZZ; &"),
            "a & b &bogus; &#xZZ; &"
        );
        assert_eq!(decode_entities("&#0;"), "\u{fffd}");
        assert_eq!(decode_entities("&#99999999999;"), "&#99999999999;");
    }
}
