//! Small text helpers shared by every parser: line endings, whitespace,
//! HTML entities.
//!
//! Entity decoding is hand-written on purpose: the full HTML5 entity table
//! (2,231 names) costs tens of kilobytes of wasm, while transcripts use a
//! handful of entities. Unknown named entities are left as written, so no
//! text is lost.

/// Text with a leading byte-order mark removed and CRLF / CR turned into LF.
pub fn normalize_newlines(input: &str) -> String {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    if !input.contains('\r') {
        return input.to_string();
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Runs of whitespace become one space; leading and trailing whitespace go.
pub fn collapse_whitespace(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for word in input.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
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
/// Hours may have any number of digits (`123:00:00.000`); the fraction may
/// be missing (`00:11`) or of any length up to nine digits; minutes and
/// seconds below the hours are under 60.
pub fn parse_clock(s: &str) -> Option<f64> {
    let s = s.trim();
    let (clock, fraction) = match s.find(['.', ',']) {
        Some(i) => (s.get(..i)?, Some(s.get(i + 1..)?)),
        None => (s, None),
    };
    let mut parts = clock.split(':');
    let first = parts.next()?;
    let second = parts.next()?;
    let third = parts.next();
    if parts.next().is_some() {
        return None;
    }
    let (hours, minutes, seconds) = match third {
        Some(third) => (
            digits(first, 12)?,
            digits(second, 2).filter(|&m| m < 60)?,
            third,
        ),
        None => (0, digits(first, 12)?, second),
    };
    let seconds = digits(seconds, 2).filter(|&s| s < 60)?;
    let whole = hours
        .checked_mul(3600)?
        .checked_add(minutes * 60 + seconds)?;
    let Some(f) = fraction else {
        return Some(whole as f64);
    };
    let digits_only = f.len() <= 9 && !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit());
    if !digits_only {
        return None;
    }
    let units = 10u64.pow(u32::try_from(f.len()).ok()?);
    let fraction: u64 = f.parse().ok()?;
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

/// Writes `seconds` as `hh:mm:ss.mmm` (or `,mmm` with a `','` separator),
/// rounded to the millisecond: the inverse of [`parse_clock`] for cue files.
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

/// A run of 1..=`max` ASCII digits as a number.
fn digits(s: &str, max: usize) -> Option<u64> {
    if s.is_empty() || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_and_bom() {
        assert_eq!(normalize_newlines("\u{feff}a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(normalize_newlines("plain"), "plain");
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
