//! How one turn's text is laid out in the reading view: search matches
//! highlighted, repeated passages ([`crate::dedup`]) collapsed into a
//! placeholder the reader can open, and the turn's time as a clock.

use std::ops::Range;

use crate::dedup::Duplicates;

/// What stands in for a collapsed stretch of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// A passage repeated from an earlier turn (0-based), in this transcript or not.
    Repeat {
        of_turn: usize,
        same_transcript: bool,
    },
    /// Further repetitions of a phrase said `count` times in all.
    Loop { count: usize },
}

/// A piece of a turn's text as rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    /// A search match and its index among the turn's matches.
    Match(&'a str, usize),
    Collapsed(Placeholder),
}

/// The stretches of turn `turn` of transcript `transcript` (its index in
/// `duplicates`) that collapse: each passage repeated from elsewhere, and
/// the repetitions of a looped phrase after its first saying.
pub fn collapsed(
    duplicates: &Duplicates,
    transcript: usize,
    turn: usize,
) -> Vec<(Range<usize>, Placeholder)> {
    let repeats = duplicates.marks_for(transcript, turn).iter().map(|m| {
        let placeholder = Placeholder::Repeat {
            of_turn: m.of_turn,
            same_transcript: m.of_transcript == m.transcript,
        };
        (m.range.clone(), placeholder)
    });
    let loops = duplicates.loops_for(transcript, turn).iter().map(|l| {
        (
            l.first.end..l.range.end,
            Placeholder::Loop { count: l.count },
        )
    });
    repeats.chain(loops).collect()
}

/// A turn's pieces: `text` with its search `matches` highlighted and, when
/// `folded` gives the repeated passages and the transcript's index in them,
/// those passages collapsed (`None`: the text in full).
pub fn turn_pieces<'a>(
    text: &'a str,
    turn: usize,
    matches: &[Range<usize>],
    folded: Option<(&Duplicates, usize)>,
) -> Vec<Piece<'a>> {
    let hidden = folded.map_or_else(Vec::new, |(duplicates, transcript)| {
        collapsed(duplicates, transcript, turn)
    });
    layout(text, matches, &hidden)
}

/// Lays out `text` with search matches highlighted and the `hidden` ranges
/// replaced by placeholders. Ranges that are not on char boundaries, overlap
/// an earlier one or fall outside the text are ignored; a match inside a
/// hidden range, or across its edge, is not shown but keeps its number.
pub fn layout<'a>(
    text: &'a str,
    matches: &[Range<usize>],
    hidden: &[(Range<usize>, Placeholder)],
) -> Vec<Piece<'a>> {
    let mut hidden: Vec<&(Range<usize>, Placeholder)> = hidden
        .iter()
        .filter(|(r, _)| r.start < r.end && text.get(r.clone()).is_some())
        .collect();
    hidden.sort_by_key(|(r, _)| r.start);
    let mut out = Vec::new();
    let mut at = 0;
    let shown = |from: usize, to: usize, out: &mut Vec<Piece<'a>>| {
        let mut pos = from;
        for (n, m) in matches.iter().enumerate() {
            if m.start < pos || m.end > to || m.start >= m.end {
                continue;
            }
            let (Some(before), Some(hit)) = (text.get(pos..m.start), text.get(m.start..m.end))
            else {
                continue;
            };
            if !before.is_empty() {
                out.push(Piece::Text(before));
            }
            out.push(Piece::Match(hit, n));
            pos = m.end;
        }
        if let Some(rest) = text.get(pos..to).filter(|r| !r.is_empty()) {
            out.push(Piece::Text(rest));
        }
    };
    for (range, placeholder) in hidden {
        if range.start < at {
            continue;
        }
        shown(at, range.start, &mut out);
        out.push(Piece::Collapsed(*placeholder));
        at = range.end;
    }
    shown(at, text.len(), &mut out);
    out
}

/// A time in the reading view: `h:mm:ss`, or `m:ss` under an hour.
pub fn clock(seconds: f64) -> String {
    let total = seconds.max(0.0).floor() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_formats_minutes_and_hours() {
        assert_eq!(clock(3.9), "0:03");
        assert_eq!(clock(62.0), "1:02");
        assert_eq!(clock(3723.0), "1:02:03");
        assert_eq!(clock(-1.0), "0:00");
        assert_eq!(clock(f64::NAN), "0:00");
    }

    #[test]
    fn layout_highlights_matches_and_collapses_hidden_ranges() {
        let text = "Héllo wörld, hello again, hello";
        let repeat = Placeholder::Repeat {
            of_turn: 2,
            same_transcript: true,
        };
        let pieces = layout(text, &[0..6, 15..20, 28..33], &[(13..26, repeat)]);
        assert_eq!(
            pieces,
            [
                Piece::Match("Héllo", 0),
                Piece::Text(" wörld"),
                Piece::Collapsed(repeat),
                Piece::Text(", "),
                Piece::Match("hello", 2),
            ]
        );
        // Bad ranges are ignored rather than splitting a character.
        let backwards = Range { start: 20, end: 10 };
        let pieces = layout(
            text,
            &[2..3, 40..41],
            &[(2..4, repeat), (backwards, repeat)],
        );
        assert_eq!(pieces, [Piece::Text(text)]);
        assert_eq!(layout("", &[], &[]), []);
    }
}
