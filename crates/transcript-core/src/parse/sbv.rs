//! YouTube's `.sbv` captions (SubViewer): blocks of a
//! `0:00:01.000,0:00:04.000` timing line and text lines, separated by blank
//! lines. Cue text goes through the cue rules WebVTT and SRT use
//! (`cue::Cues`): `>>` markers, `Name:` labels, sound cues and rolling
//! auto-caption repeats. This module must never panic.

use super::cue::Cues;
use crate::format::{Detection, Format};
use crate::model::Transcript;
use crate::text::lenient_clock;

/// Non-blank lines looked at by [`sniff`]: the first timing line must be
/// among them (a title or note may come first).
const SNIFF_LINES: usize = 3;

/// `start,end`: two clocks separated by a comma.
fn timing(line: &str) -> Option<(f64, f64)> {
    let line = line.trim_ascii();
    if !line.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let (start, end) = line.split_once(',')?;
    let start = lenient_clock(start)?;
    let end = lenient_clock(end)?;
    (start.is_finite() && end.is_finite()).then_some((start, end))
}

pub fn sniff(text: &str) -> Option<Detection> {
    let text = text.trim_start_matches('\u{feff}');
    let line = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(SNIFF_LINES)
        .find(|l| timing(l).is_some())?;
    Some(Detection {
        format: Format::Sbv,
        evidence: format!("SBV timing lines ({})", line.trim()),
    })
}

pub fn parse(text: &str) -> Transcript {
    let mut cues = Cues::new(Format::Sbv);
    let mut timed: Option<(f64, f64)> = None;
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines() {
        if let Some(t) = timing(line) {
            if let Some((start, end)) = timed {
                cues.cue(start, end, None, &lines);
            }
            lines.clear();
            timed = Some(t);
        } else if timed.is_some() && !line.trim_ascii().is_empty() {
            lines.push(line);
        }
    }
    if let Some((start, end)) = timed {
        cues.cue(start, end, None, &lines);
    }
    cues.finish()
}
