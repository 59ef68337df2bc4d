//! Line-oriented transcripts where speaker labels and times are written as
//! text: `Name: text` scripts (screenplay caps, `Speaker 1:`, WhisperX
//! `[SPEAKER_00]:`, `[Name]`), Rev's `Name: (00:01:02)` headers, Otter's
//! `Name  0:03` headers and transcripts copied from YouTube's panel.
//!
//! The hard part is deciding what is a speaker. A colon is not enough: titles
//! ("Interview: DevDay"), metadata ("Date: 2024-01-02") and asides ("Note:
//! the audio cut out") have one too. A label is taken as a speaker only when it
//! is short and name-shaped, is not an annotation word, and either recurs or
//! looks like a person's name; every other line continues the previous turn.
//! Consecutive lines of one speaker are one turn (the model's rule), so a
//! script whose lines alternate gives one turn per line.
//!
//! Decisions where the formats are silent:
//! - Lines before the first speaker that are labelled with a metadata key
//!   (`Date:`, `Title:`, `Location:`, …) are metadata, not speech: `Date`,
//!   `Recorded`, `Published` set the date, `Title` the title; the rest are
//!   dropped.
//! - The first line becomes the title only when it is clearly a heading: no
//!   speaker label, at most ten words, no sentence punctuation at its end, and
//!   followed by a blank line or a speaker line. Otherwise it is narration.
//! - Bracketed lines that are sound cues (`[Music]`, `[APPLAUSE]`) are
//!   non-speech turns; `[Name]` is a speaker only if it recurs or reads
//!   `SPEAKER_00` / `Speaker 1`.
//! - YouTube transcripts have no speakers: their text is split into paragraphs
//!   at chapter titles, sound cues and pauses of ten seconds or more, so a long
//!   video does not read as one wall of text.
//!
//! This module must never claim a subtitle file (WebVTT, SRT) or prose with a
//! few `Altman said:` lines: detection asks that most lines be speaker or
//! header lines with labels that recur.

use std::collections::HashMap;

use crate::format::{Detection, Format};
use crate::model::{Transcript, TranscriptBuilder};
use crate::parse::labels::{
    is_annotation, is_clock_line, is_generic_speaker, is_heading_like, is_name, leading_time,
    parse_label, sound_cue_line, split_label, strict_clock, Label,
};

/// Lines looked at by the sniffer: enough to be sure, bounded on huge input.
const SNIFF_LINES: usize = 400;
/// A pause this long (seconds) between YouTube segments starts a paragraph.
const YOUTUBE_PAUSE: f64 = 10.0;

/// Metadata keys dropped (or kept as title/date) before the first speaker.
const METADATA_KEYS: &[&str] = &[
    "date",
    "recorded",
    "published",
    "posted",
    "title",
    "subject",
    "topic",
    "location",
    "place",
    "venue",
    "time",
    "duration",
    "length",
    "episode",
    "source",
    "url",
    "link",
    "speakers",
    "participants",
    "attendees",
    "present",
    "transcript",
    "keywords",
    "tags",
    "category",
    "description",
];

/// Otter's `Name  0:03` header: a name, two or more spaces (or a tab), a
/// time, nothing else.
fn otter_header(line: &str) -> Option<(&str, f64)> {
    let line = line.trim_end();
    let time_at = line.rfind(char::is_whitespace)? + 1;
    let t = strict_clock(line.get(time_at..)?)?;
    let head = line.get(..time_at)?;
    let name = head.trim_end();
    let gap = head.get(name.len()..)?;
    if !(gap.len() >= 2 || gap.contains('\t')) {
        return None;
    }
    let name = name.trim_start();
    is_name(name).then_some((name, t))
}

fn is_otter_footer(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    lower.starts_with("transcribed by") && lower.contains("otter.ai")
}

/// YouTube's screen-reader text under a time ("2 minutes, 5 seconds").
fn is_spoken_duration(line: &str) -> bool {
    let words: Vec<&str> = line.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    words.len() >= 2
        && words.len().is_multiple_of(2)
        && words.chunks(2).all(|pair| match pair {
            [n, unit] => {
                n.bytes().all(|b| b.is_ascii_digit())
                    && matches!(
                        unit.to_lowercase().as_str(),
                        "second" | "seconds" | "minute" | "minutes" | "hour" | "hours"
                    )
            }
            _ => false,
        })
}

fn detection(format: Format, evidence: String) -> Option<Detection> {
    Some(Detection { format, evidence })
}

pub fn sniff(text: &str) -> Option<Detection> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .take(SNIFF_LINES)
        .collect();
    let first = lines.first()?.trim_start_matches('\u{feff}').trim();
    if first.starts_with("WEBVTT") || lines.iter().any(|l| l.contains("-->")) {
        return None;
    }
    let n = lines.len();
    if n < 2 {
        return None;
    }

    let clock_lines = lines.iter().filter(|l| is_clock_line(l)).count();
    if clock_lines >= 3 && clock_lines * 3 >= n && clock_lines < n {
        return detection(
            Format::YoutubeCopied,
            format!("{clock_lines} of {n} lines are bare times with text lines between them"),
        );
    }
    // The older copy puts the time and the text on one line: `0:03 text`.
    let timed_lines = lines
        .iter()
        .filter(|l| {
            let l = l.trim();
            !l.starts_with(['[', '('])
                && parse_label(l).is_none()
                && leading_time(l, true).is_some_and(|(_, rest)| !rest.trim().is_empty())
        })
        .count();
    if timed_lines >= 3 && timed_lines * 3 >= n * 2 {
        return detection(
            Format::YoutubeCopied,
            format!("{timed_lines} of {n} lines start with a bare time"),
        );
    }

    let mut otter_names: HashMap<&str, usize> = HashMap::new();
    for (name, _) in lines.iter().filter_map(|l| otter_header(l)) {
        *otter_names.entry(name).or_default() += 1;
    }
    let otter: usize = otter_names.values().sum();
    if otter >= 2 && otter * 4 >= n && otter_names.values().any(|&c| c >= 2) {
        return detection(
            Format::Otter,
            format!("{otter} of {n} lines are `Name  0:00` headers"),
        );
    }

    // Script lines: how many are speaker lines, or lines a speaker line
    // owns (the text under `AGNES:`), or header lines (title, `Date:`).
    // Sound cues count for nothing either way.
    let raw: Vec<&str> = text.lines().map(str::trim).take(SNIFF_LINES * 2).collect();
    let labels: Vec<Option<Label>> = raw.iter().map(|l| parse_label(l)).collect();
    let counts = count_names(labels.iter().flatten());
    let (mut considered, mut covered, mut accepted, mut recurring, mut rev) = (0, 0, 0, 0, 0);
    let (mut para_total, mut para_labelled) = (0usize, 0usize);
    let mut para_start = true;
    let mut owns_next = false;
    let mut seen_speaker = false;
    for (line, label) in raw.iter().zip(&labels) {
        if line.is_empty() {
            para_start = true;
            continue;
        }
        let starts_para = std::mem::replace(&mut para_start, false);
        let label = label.as_ref().filter(|l| accept(l, &counts));
        if label.is_none() && sound_cue_line(line).is_some() {
            continue;
        }
        considered += 1;
        if starts_para {
            para_total += 1;
        }
        match label {
            Some(label) => {
                covered += 1;
                accepted += 1;
                if counts.get(label.name).is_some_and(|&c| c >= 2) {
                    recurring += 1;
                }
                if label.colon && label.start.is_some() && label.rest.is_empty() {
                    rev += 1;
                }
                if starts_para {
                    para_labelled += 1;
                }
                owns_next = label.rest.is_empty();
                seen_speaker = true;
            }
            None if owns_next => {
                covered += 1;
                owns_next = false;
            }
            None if !seen_speaker => {
                let metadata = split_label(line)
                    .is_some_and(|(key, _)| METADATA_KEYS.contains(&key.to_lowercase().as_str()));
                if metadata || (considered == 1 && is_heading_like(line, 10)) {
                    covered += 1;
                }
            }
            None => {}
        }
    }
    // Labels must recur, unless every line is a speaker line: a short
    // paste such as "Ana: Hi.\nBen: Hello." names each speaker once.
    let every_line_labelled = accepted >= 2 && accepted == considered;
    if recurring < 2 && !every_line_labelled {
        return None;
    }
    if rev >= 2 && rev * 4 >= considered {
        return detection(
            Format::Rev,
            format!("{rev} of {considered} lines are `Name: (00:00:00)` headers"),
        );
    }
    // Hard-wrapped scripts have few labelled lines but labelled paragraphs.
    let by_lines = covered * 2 > considered;
    let by_paragraphs = para_total >= 3 && para_labelled * 3 >= para_total * 2;
    if by_lines || by_paragraphs {
        return detection(
            Format::PlainScript,
            format!(
                "{accepted} of {considered} lines start with a speaker label ({} distinct)",
                counts.len()
            ),
        );
    }
    None
}

fn count_names<'a>(labels: impl Iterator<Item = &'a Label<'a>>) -> HashMap<&'a str, usize> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for label in labels {
        *counts.entry(label.name).or_default() += 1;
    }
    counts
}

/// Whether a label found on a line is a speaker in this file.
fn accept(label: &Label, counts: &HashMap<&str, usize>) -> bool {
    if is_annotation(label.name) {
        return false;
    }
    if is_generic_speaker(label.name) || label.name.starts_with("SPEAKER_") {
        return true;
    }
    let recurs = counts.get(label.name).is_some_and(|&c| c >= 2);
    if !label.colon {
        return recurs;
    }
    // A one-off label must read like a proper name ("Ben", "Audience
    // Member"), not a lower-case word ("user" is fine only if it recurs).
    recurs
        || label
            .name
            .split_whitespace()
            .next()
            .and_then(|w| w.chars().next())
            .is_some_and(|c| !c.is_lowercase())
}

pub fn parse(text: &str, format: Format) -> Transcript {
    match format {
        Format::YoutubeCopied => parse_youtube(text),
        _ => parse_script(text, format),
    }
}

/// What a line of a script is, once the whole file has been seen.
enum Line<'a> {
    Skip,
    Speaker {
        name: &'a str,
        start: Option<f64>,
        rest: &'a str,
    },
    Metadata {
        key: String,
        value: &'a str,
    },
    Cue(&'a str),
    Text(&'a str),
}

fn parse_script(text: &str, format: Format) -> Transcript {
    let lines: Vec<&str> = text.lines().collect();
    let labels: Vec<Option<Label>> = lines
        .iter()
        .map(|l| {
            otter_header(l)
                .map(|(name, t)| Label {
                    name,
                    start: Some(t),
                    rest: "",
                    colon: true,
                })
                .or_else(|| parse_label(l))
        })
        .collect();
    let counts = count_names(labels.iter().flatten());

    let classified: Vec<Line> = lines
        .iter()
        .zip(&labels)
        .map(|(line, label)| {
            if line.trim().is_empty() || is_otter_footer(line) {
                return Line::Skip;
            }
            if let Some(label) = label {
                if accept(label, &counts) {
                    return Line::Speaker {
                        name: label.name,
                        start: label.start,
                        rest: label.rest,
                    };
                }
                let key = label.name.to_lowercase();
                if label.colon && METADATA_KEYS.contains(&key.as_str()) {
                    return Line::Metadata {
                        key,
                        value: label.rest,
                    };
                }
            }
            match sound_cue_line(line) {
                Some(cue) => Line::Cue(cue),
                None => Line::Text(line.trim()),
            }
        })
        .collect();

    let mut b = TranscriptBuilder::new(format);
    let mut current: Option<&str> = None;
    let mut pending_start: Option<f64> = None;
    let mut seen_speaker = false;
    let mut seen_content = false;
    for (i, line) in classified.iter().enumerate() {
        match line {
            Line::Skip => continue,
            Line::Speaker { name, start, rest } => {
                current = Some(name);
                seen_speaker = true;
                if rest.is_empty() {
                    pending_start = *start;
                } else {
                    b.push(current, *start, None, rest);
                    pending_start = None;
                }
            }
            Line::Metadata { key, value } if !seen_speaker => match key.as_str() {
                "date" | "recorded" | "published" | "posted" => b.set_date(value),
                "title" => b.set_title(value),
                _ => {}
            },
            Line::Metadata { .. } | Line::Text(_) => {
                let text = match line {
                    Line::Text(text) => text,
                    _ => lines.get(i).map(|l| l.trim()).unwrap_or_default(),
                };
                if let Some(t) = strict_clock(text) {
                    // A time on its own line times what follows it.
                    pending_start = Some(t);
                } else if !seen_content && !seen_speaker && is_title_line(text, &classified, i) {
                    b.set_title(text.trim_start_matches('#').trim());
                } else {
                    let (t, text) = match leading_time(text, false) {
                        Some((t, rest)) if !rest.trim().is_empty() => (Some(t), rest),
                        _ => (None, text),
                    };
                    b.push(current, pending_start.take().or(t), None, text);
                }
            }
            Line::Cue(cue) => b.push_non_speech(pending_start.take(), None, cue),
        }
        seen_content = true;
    }
    b.finish()
}

/// The first line is a title when it reads like a heading and a blank line
/// or a speaker line follows it.
fn is_title_line(text: &str, lines: &[Line], i: usize) -> bool {
    if !is_heading_like(text.trim_start_matches('#').trim(), 10) {
        return false;
    }
    let next = lines.get(i + 1);
    let blank_next = matches!(next, Some(Line::Skip));
    let speaker_next = lines
        .iter()
        .skip(i + 1)
        .find(|l| !matches!(l, Line::Skip))
        .is_some_and(|l| matches!(l, Line::Speaker { .. }));
    blank_next || speaker_next
}

/// One piece of a YouTube transcript, in order.
enum YtItem<'a> {
    Chapter(&'a str),
    Cue(Option<f64>, &'a str),
    Text(Option<f64>, &'a str),
}

fn parse_youtube(text: &str) -> Transcript {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut items = Vec::new();
    let mut pending: Option<f64> = None;
    for (i, line) in lines.iter().enumerate() {
        if let Some(t) = strict_clock(line) {
            pending = Some(t);
            continue;
        }
        let prev_clock = i
            .checked_sub(1)
            .and_then(|p| lines.get(p))
            .is_some_and(|l| is_clock_line(l));
        if prev_clock && is_spoken_duration(line) {
            continue;
        }
        // A title standing between a segment's text and the next time is a
        // chapter heading: a segment's text follows its time directly.
        let next_clock = lines.get(i + 1).is_some_and(|l| is_clock_line(l));
        if !prev_clock && next_clock && is_heading_like(line, 8) {
            items.push(YtItem::Chapter(line));
            continue;
        }
        let (start, body) = match leading_time(line, true) {
            Some((t, rest)) if !rest.trim().is_empty() => (Some(t), rest.trim()),
            _ => (pending.take(), *line),
        };
        if sound_cue_line(body).is_some() {
            items.push(YtItem::Cue(start, body));
        } else {
            items.push(YtItem::Text(start, body));
        }
    }

    let mut b = TranscriptBuilder::new(Format::YoutubeCopied);
    let mut last_start: Option<f64> = None;
    for (i, item) in items.iter().enumerate() {
        // A segment ends where the next timed one begins.
        let next_start = items.iter().skip(i + 1).take(4).find_map(|it| match it {
            YtItem::Cue(t, _) | YtItem::Text(t, _) => *t,
            YtItem::Chapter(_) => None,
        });
        match item {
            YtItem::Chapter(title) => b.section(title),
            YtItem::Cue(start, cue) => b.push_non_speech(*start, next_start, cue),
            YtItem::Text(start, body) => {
                if let (Some(s), Some(l)) = (start, last_start) {
                    if s - l >= YOUTUBE_PAUSE {
                        b.break_turn();
                    }
                }
                if start.is_some() {
                    last_start = *start;
                }
                b.push(None, *start, next_start, body);
            }
        }
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_turns as turns;

    #[test]
    fn labels_start_turns_and_unlabelled_lines_continue_them() {
        let t = parse(
            "Ana: Hello\nthere.\nBen: Hi.\nAna: Bye.",
            Format::PlainScript,
        );
        assert_eq!(
            turns(&t),
            [("Ana", "Hello there."), ("Ben", "Hi."), ("Ana", "Bye.")]
        );
        assert_eq!(t.speakers.len(), 2);
    }

    #[test]
    fn urls_and_long_sentences_are_not_labels() {
        assert_eq!(split_label("see https://example.com"), None);
        assert_eq!(
            split_label("This is a sentence with many words: and more"),
            None
        );
        assert_eq!(split_label("Altman said: “yes”"), None);
        assert_eq!(split_label("Jan 28, 2025, 12:00 AM"), None);
        assert_eq!(split_label("Sam Altman: yes"), Some(("Sam Altman", "yes")));
    }

    #[test]
    fn labels_in_brackets_and_with_times() {
        assert_eq!(split_label("[SPEAKER_00]: hi"), Some(("SPEAKER_00", "hi")));
        assert_eq!(split_label("Ana (00:01:02): hi"), Some(("Ana", "hi")));
        assert_eq!(split_label("[Music] playing"), None);
        let l = parse_label("Ana: (00:01:02)").unwrap();
        assert_eq!((l.name, l.start, l.rest), ("Ana", Some(62.0), ""));
        let l = parse_label("[00:00:05] Dr. Smith: ok").unwrap();
        assert_eq!((l.name, l.start, l.rest), ("Dr. Smith", Some(5.0), "ok"));
        assert_eq!(parse_label("5:30 is fine"), None);
    }

    #[test]
    fn clocks() {
        assert_eq!(strict_clock("0:03"), Some(3.0));
        assert_eq!(strict_clock("97:18"), Some(5838.0));
        assert_eq!(strict_clock("1:02:03"), Some(3723.0));
        assert_eq!(strict_clock("00:00:01.500"), Some(1.5));
        assert_eq!(strict_clock("1:75"), None);
        assert_eq!(strict_clock("12"), None);
        assert_eq!(strict_clock("a:00"), None);
        assert_eq!(strict_clock("1:2:3:4"), None);
    }

    #[test]
    fn otter_headers_need_two_spaces() {
        assert_eq!(otter_header("Emma  0:00  "), Some(("Emma", 0.0)));
        assert_eq!(
            otter_header("Unknown Speaker\t1:02:03"),
            Some(("Unknown Speaker", 3723.0))
        );
        assert_eq!(otter_header("Emma 0:00"), None);
        assert_eq!(otter_header("we met at  5:30"), None);
    }

    #[test]
    fn one_off_annotations_continue_the_turn() {
        let t = parse(
            "Ana: Hi.\nNote: the audio cut out\nBen: Back.\nAna: Yes.",
            Format::PlainScript,
        );
        assert_eq!(
            turns(&t),
            [
                ("Ana", "Hi. Note: the audio cut out"),
                ("Ben", "Back."),
                ("Ana", "Yes.")
            ]
        );
    }

    #[test]
    fn sniff_refuses_subtitles_and_single_lines() {
        assert_eq!(sniff("WEBVTT\n\nAna: hi\nAna: ho\n"), None);
        assert_eq!(sniff("1\n00:00:01,000 --> 00:00:02,000\nAna: hi\n"), None);
        assert_eq!(sniff("Ana: hi"), None);
        assert_eq!(sniff(""), None);
    }

    #[test]
    fn time_lines_in_scripts_time_the_next_line() {
        let t = parse(
            "Ana: Hi.\n0:05\nStill me.\nBen: Yes.\nBen: Again.",
            Format::PlainScript,
        );
        assert_eq!(
            turns(&t),
            [("Ana", "Hi. Still me."), ("Ben", "Yes. Again.")]
        );
        assert_eq!(t.turns[0].segments[1].start, Some(5.0));
    }

    #[test]
    fn youtube_times_on_the_text_line() {
        let text = "0:00 hello and welcome\n0:04 to the show\n0:20 after a pause\n";
        assert_eq!(sniff(text).map(|d| d.format), Some(Format::YoutubeCopied));
        let t = parse(text, Format::YoutubeCopied);
        assert_eq!(
            turns(&t),
            [
                ("?", "hello and welcome to the show"),
                ("?", "after a pause")
            ]
        );
        assert_eq!(t.turns[1].start, Some(20.0));
    }

    #[test]
    fn spoken_durations() {
        assert!(is_spoken_duration("2 minutes, 5 seconds"));
        assert!(!is_spoken_duration("2 minutes later"));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "[",
            "]:",
            "(:",
            ":",
            "[00:01",
            "Ana (",
            "Ana: (00:",
            "é:é",
            "  \t0:00",
            "[]: x",
            "**:**",
        ] {
            let _ = parse(s, Format::PlainScript);
            let _ = parse(s, Format::YoutubeCopied);
            let _ = sniff(s);
            let _ = split_label(s);
        }
    }
}
