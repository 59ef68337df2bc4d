//! Paragraphs for text that has no speakers, and for very long turns.
//!
//! A YouTube caption file, a Whisper JSON or a Zoom recording with no names
//! parses to one speaker-less run of text: without this pass it would be one
//! turn of thousands of words, and search hits, links and the topic timeline
//! would all land on its top. [`split_long_turns`] cuts such a turn into
//! paragraphs of readable length, each a turn of its own with its own start
//! and end, so that everything that points at a turn points at a paragraph.
//! A very long turn by one known speaker (a lecture) is cut the same way;
//! its paragraphs keep the speaker.
//!
//! Where to cut, in order of preference (words are counted as a reader
//! counts them, runs of non-space):
//! - at a **pause**: a gap of [`PAUSE_SECONDS`] or more between two timed
//!   segments (cues, Whisper segments) ends a paragraph of at least
//!   [`SHORT_WORDS`] words;
//! - at a **sentence end** (`.`, `?`, `!`, `…`, `。`) once the paragraph has
//!   [`MIN_WORDS`] words, preferring the end of a segment, or at a shorter
//!   gap of [`SOFT_PAUSE_SECONDS`] between segments (captions without
//!   punctuation);
//! - once it has [`MAX_WORDS`] words, at the next sentence end or segment
//!   boundary; at [`HARD_WORDS`], at the next word.
//!
//! So paragraphs are mostly 60–150 words (about 25–60 s of speech). Only
//! turns longer than [`SPLIT_UNLABELLED_OVER`] words (no speaker, timed:
//! captions, speech-to-text), [`SPLIT_UNTIMED_OVER`] words (no speaker and
//! no times: text whose author made the paragraphs, only a wall with no
//! breaks is cut) or [`SPLIT_LABELLED_OVER`] words (a known speaker, whose
//! turns are meaningful units: only a lecture-length one is cut) are cut.
//!
//! A cut at a segment boundary gives the new paragraph that segment's own
//! start; a cut inside a segment (a long untimed paragraph, a 30 s Whisper
//! segment) splits the segment and gives the second part a start estimated
//! from its position in the segment's text.
//!
//! One pass over each turn's text, no allocation per word: linear in the
//! input. Never panics.

use crate::model::{word_count, Segment, Transcript, Turn, TurnKind};

/// Timed turns without a speaker longer than this many words are cut.
pub const SPLIT_UNLABELLED_OVER: usize = 150;
/// Untimed turns without a speaker longer than this many words are cut.
pub const SPLIT_UNTIMED_OVER: usize = 300;
/// Turns by a known speaker longer than this many words are cut.
pub const SPLIT_LABELLED_OVER: usize = 1000;
/// A paragraph ends at a sentence end once it has this many words.
pub const MIN_WORDS: usize = 60;
/// A paragraph ends at any segment boundary once it has this many words.
pub const MAX_WORDS: usize = 150;
/// A paragraph ends at any word once it has this many words.
pub const HARD_WORDS: usize = 250;
/// A gap this long between two segments ends a paragraph of
/// [`SHORT_WORDS`] words or more.
pub const PAUSE_SECONDS: f64 = 2.0;
/// See [`PAUSE_SECONDS`].
pub const SHORT_WORDS: usize = 20;
/// A gap this long counts as a sentence end (captions have no punctuation).
pub const SOFT_PAUSE_SECONDS: f64 = 1.0;

/// Cuts every long turn of `transcript` into paragraphs (see the module
/// documentation). Sections keep pointing at the first paragraph of the
/// turn they pointed at.
pub fn split_long_turns(transcript: &mut Transcript) {
    let needs = transcript.turns.iter().any(|t| needs_split(t, &t.text));
    if !needs {
        return;
    }
    let turns = std::mem::take(&mut transcript.turns);
    let mut out = Vec::with_capacity(turns.len() + turns.len() / 4);
    // Index in `out` of the first paragraph of each original turn.
    let mut moved = Vec::with_capacity(turns.len());
    for turn in turns {
        moved.push(out.len());
        if needs_split(&turn, &turn.text) {
            split(turn, &mut out);
        } else {
            out.push(turn);
        }
    }
    for section in &mut transcript.sections {
        if let Some(&at) = moved.get(section.turn) {
            section.turn = at;
        }
    }
    transcript.turns = out;
}

fn needs_split(turn: &Turn, text: &str) -> bool {
    if turn.kind != TurnKind::Speech {
        return false;
    }
    let limit = if turn.speaker.is_some() {
        SPLIT_LABELLED_OVER
    } else if turn.segments.iter().any(|s| s.start.is_some()) {
        SPLIT_UNLABELLED_OVER
    } else {
        SPLIT_UNTIMED_OVER
    };
    // Cheap bound first: a word takes at least two bytes with its space.
    // Then count only as far as the limit (`word_count` counts
    // `split_whitespace` words): a 10 MB turn is not read to the end.
    text.len() > limit * 2 && text.split_whitespace().nth(limit).is_some()
}

/// Whether `word` ends a sentence, perhaps before a closing quote or bracket.
pub(crate) fn ends_sentence(word: &str) -> bool {
    // Most words end in a letter: decided on the last byte, before the
    // closing marks are trimmed (called on every word of a long turn).
    if word.as_bytes().last().is_some_and(|&b| ends_plainly(b)) {
        return false;
    }
    word.trim_end_matches(['"', '\'', ')', ']', '\u{201d}', '\u{2019}', '»'])
        .ends_with([
            '.', '?', '!', '\u{2026}', '\u{3002}', '\u{ff1f}', '\u{ff01}',
        ])
}

/// A word whose last byte is `b` ends no sentence: a letter, a digit or
/// a mark that is neither a sentence end nor a closing quote or bracket.
#[inline(always)]
fn ends_plainly(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b',' | b'-' | b':' | b';')
}

/// Where a new paragraph starts.
struct Cut {
    /// Byte offset in the turn's text of the paragraph's first word.
    at: usize,
    /// The paragraph starts inside the segment that began earlier; its
    /// estimated start.
    inside: Option<Option<f64>>,
}

fn split(turn: Turn, out: &mut Vec<Turn>) {
    let text = turn.text.as_str();
    let segments = &turn.segments;
    // Segments must start at increasing offsets inside the text (as the
    // builder makes them); anything else is left as it is.
    let ordered = segments
        .windows(2)
        .all(|w| w.first().map(|s| s.offset) < w.get(1).map(|s| s.offset))
        && segments
            .iter()
            .all(|s| s.offset <= text.len() && text.is_char_boundary(s.offset));
    if !ordered {
        out.push(turn);
        return;
    }
    let cuts = cuts(text, segments);
    if cuts.is_empty() {
        out.push(turn);
        return;
    }
    let mut bounds: Vec<(usize, Option<Option<f64>>)> = vec![(0, None)];
    bounds.extend(cuts.iter().map(|c| (c.at, c.inside)));
    let mut seg: usize = 0;
    for (i, &(from, inside)) in bounds.iter().enumerate() {
        let to = bounds.get(i + 1).map_or(text.len(), |b| b.0);
        let body = text.get(from..to).unwrap_or_default().trim_end();
        let mut pieces = Vec::new();
        if let Some(start) = inside {
            // Continues the segment before `from`, with its own start.
            let end = seg
                .checked_sub(1)
                .and_then(|s| segments.get(s))
                .and_then(|s| s.end);
            pieces.push(Segment {
                start,
                end,
                offset: 0,
            });
        }
        while let Some(s) = segments.get(seg) {
            if s.offset >= to {
                break;
            }
            pieces.push(Segment {
                start: s.start,
                end: s.end,
                offset: s.offset.saturating_sub(from),
            });
            seg += 1;
        }
        // A paragraph that ends inside a segment ends at the next one's
        // estimated start.
        if let (Some(last), Some(next)) = (pieces.last_mut(), bounds.get(i + 1)) {
            if let Some(start) = next.1 {
                last.end = start.or(last.end);
            }
        }
        if body.is_empty() {
            continue;
        }
        let start = pieces.iter().find_map(|s| s.start);
        let end = pieces.iter().rev().find_map(|s| s.end);
        pieces.retain(|s| s.offset < body.len());
        out.push(Turn {
            speaker: turn.speaker,
            kind: turn.kind,
            start,
            end,
            text: body.to_string(),
            segments: pieces,
        });
    }
}

/// The cuts for one turn, in order.
fn cuts(text: &str, segments: &[Segment]) -> Vec<Cut> {
    let mut cuts = Vec::new();
    // Words in the paragraph so far.
    let mut words = 0;
    // Index of the segment the current word is in, and where the next one
    // starts.
    let mut seg: usize = 0;
    let next_offset = |seg: usize| segments.get(seg + 1).map_or(usize::MAX, |s| s.offset);
    let mut next = next_offset(0);
    let mut seg_words = segment_words(text, segments, 0);
    let mut previous_ended_sentence = false;
    // The words between single spaces, as `text.split(' ')` gives them, found
    // by a plain scan of the bytes: `split` costs a searcher call per word,
    // which made this pass cost as much as parsing a 10 MB caption file.
    let bytes = text.as_bytes();
    let mut end = 0;
    while end <= bytes.len() {
        let at = end;
        while bytes.get(end).is_some_and(|&b| b != b' ') {
            end += 1;
        }
        let word_end = end;
        end += 1;
        if word_end == at {
            continue;
        }
        if at >= next {
            // A segment boundary before this word.
            let gap = gap(segments.get(seg), segments.get(seg + 1));
            while next_offset(seg) <= at {
                seg += 1;
            }
            next = next_offset(seg);
            seg_words = segment_words(text, segments, seg);
            let pause = gap >= PAUSE_SECONDS && words >= SHORT_WORDS;
            let soft = (previous_ended_sentence || gap >= SOFT_PAUSE_SECONDS) && words >= MIN_WORDS;
            if pause || soft || words >= MAX_WORDS {
                cuts.push(Cut { at, inside: None });
                words = 0;
            }
        } else if words >= HARD_WORDS
            || (previous_ended_sentence
                && (words >= MAX_WORDS || (words >= MIN_WORDS && seg_words >= MIN_WORDS)))
        {
            cuts.push(Cut {
                at,
                inside: Some(estimate(segments.get(seg), next.min(text.len()), at)),
            });
            words = 0;
        }
        words += 1;
        previous_ended_sentence = match bytes.get(word_end.wrapping_sub(1)) {
            Some(&b) if ends_plainly(b) => false,
            _ => text.get(at..word_end).is_some_and(ends_sentence),
        };
    }
    cuts
}

/// Words in segment `seg` (0 when there is none): cheap, since each
/// segment is counted once per turn.
fn segment_words(text: &str, segments: &[Segment], seg: usize) -> usize {
    let from = segments.get(seg).map_or(0, |s| s.offset);
    let to = segments.get(seg + 1).map_or(text.len(), |s| s.offset);
    text.get(from..to).map_or(0, word_count)
}

/// Silence between two segments, when both times are known (0 otherwise).
fn gap(before: Option<&Segment>, after: Option<&Segment>) -> f64 {
    let end = before.and_then(|s| s.end.or(s.start));
    let start = after.and_then(|s| s.start);
    match (end, start) {
        (Some(end), Some(start)) if start > end => start - end,
        _ => 0.0,
    }
}

/// The time at byte `at` of a segment's text (which ends at byte `to`), by
/// its position between the segment's start and end (its start when the
/// end is unknown).
fn estimate(segment: Option<&Segment>, to: usize, at: usize) -> Option<f64> {
    let segment = segment?;
    let start = segment.start?;
    let Some(end) = segment.end.filter(|&end| end >= start) else {
        return Some(start);
    };
    let from = segment.offset;
    let len = to.saturating_sub(from).max(1);
    let fraction = (at.saturating_sub(from) as f64 / len as f64).clamp(0.0, 1.0);
    Some(start + (end - start) * fraction)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Format;
    use crate::model::TranscriptBuilder;

    fn sentence(i: usize, words: usize) -> String {
        let mut s: Vec<String> = (0..words).map(|w| format!("w{i}x{w}")).collect();
        if let Some(last) = s.last_mut() {
            last.push('.');
        }
        s.join(" ")
    }

    #[test]
    fn a_short_turn_is_left_alone() {
        let mut b = TranscriptBuilder::new(Format::WhisperJson);
        b.push(None, Some(0.0), Some(5.0), &sentence(0, 100));
        let mut t = b.finish();
        let before = t.clone();
        split_long_turns(&mut t);
        assert_eq!(t, before);
    }

    #[test]
    fn timed_segments_become_paragraphs_at_sentence_ends_and_pauses() {
        let mut b = TranscriptBuilder::new(Format::WebVtt);
        // 40 cues of 10 words, one sentence per two cues, 0.2 s apart; a
        // 5 s pause after cue 9.
        let mut time = 0.0;
        for i in 0..40 {
            let words: Vec<String> = (0..10).map(|w| format!("c{i}w{w}")).collect();
            let mut text = words.join(" ");
            if i % 2 == 1 {
                text.push('.');
            }
            b.push(None, Some(time), Some(time + 3.0), &text);
            time += if i == 9 { 8.0 } else { 3.2 };
        }
        let mut t = b.finish();
        let all: String = t.turns[0].text.clone();
        split_long_turns(&mut t);
        assert!(t.turns.len() >= 4, "{}", t.turns.len());
        // The pause after cue 9 (100 words: past MIN at a sentence end
        // anyway) and cuts only at cue boundaries, each with the cue's time.
        assert_eq!(t.turns[0].text.split(' ').count() % 10, 0);
        for turn in &t.turns {
            let n = word_count(&turn.text);
            assert!((20..=150).contains(&n), "{n}");
            assert_eq!(turn.start, turn.segments[0].start);
            assert!(turn.text.ends_with('.'), "{}", turn.text);
        }
        let joined: Vec<&str> = t.turns.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(joined.join(" "), all);
        assert!(t.turns.windows(2).all(|w| w[0].start < w[1].start));
    }

    #[test]
    fn a_pause_cuts_early_and_an_untimed_wall_cuts_at_sentences() {
        let mut b = TranscriptBuilder::new(Format::WhisperJson);
        b.push(None, Some(0.0), Some(10.0), &sentence(0, 30));
        b.push(None, Some(15.0), Some(60.0), &sentence(1, 140));
        let mut t = b.finish();
        split_long_turns(&mut t);
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[1].start, Some(15.0));
        assert_eq!(t.turns[0].end, Some(10.0));

        let mut b = TranscriptBuilder::new(Format::PlainText);
        let wall: Vec<String> = (0..30).map(|i| sentence(i, 12)).collect();
        b.push(None, None, None, &wall.join(" "));
        let mut t = b.finish();
        split_long_turns(&mut t);
        assert!(t.turns.len() >= 3);
        for turn in &t.turns {
            assert!(turn.text.ends_with('.'));
            assert_eq!(turn.start, None);
            assert_eq!(turn.segments.len(), 1);
            assert_eq!(turn.segments[0].offset, 0);
        }
    }

    #[test]
    fn a_cut_inside_a_segment_estimates_the_start() {
        let mut b = TranscriptBuilder::new(Format::WhisperJson);
        let long: Vec<String> = (0..20).map(|i| sentence(i, 10)).collect();
        b.push(None, Some(100.0), Some(300.0), &long.join(" "));
        let mut t = b.finish();
        split_long_turns(&mut t);
        assert!(t.turns.len() >= 2);
        assert_eq!(t.turns[0].start, Some(100.0));
        let second = t.turns[1].start.unwrap();
        assert!(second > 100.0 && second < 300.0, "{second}");
        assert_eq!(t.turns[0].end, Some(second));
        assert_eq!(t.turns.last().unwrap().end, Some(300.0));
    }

    #[test]
    fn a_lecture_keeps_its_speaker_and_sections_follow() {
        let mut b = TranscriptBuilder::new(Format::PlainScript);
        b.push(Some("Host"), None, None, "Welcome.");
        b.section("Lecture");
        for i in 0..110 {
            b.push(Some("Prof"), None, None, &sentence(i, 10));
        }
        b.push(Some("Host"), None, None, "Thanks.");
        let mut t = b.finish();
        assert_eq!(t.turns.len(), 3);
        split_long_turns(&mut t);
        assert!(t.turns.len() > 5);
        assert_eq!(t.sections[0].turn, 1);
        let prof = t.turns[1].speaker;
        assert!(t.turns[1..t.turns.len() - 1]
            .iter()
            .all(|x| x.speaker == prof));
        assert_eq!(t.turns.last().unwrap().text, "Thanks.");
    }

    #[test]
    fn no_punctuation_no_times_still_cuts_at_the_hard_limit() {
        let mut b = TranscriptBuilder::new(Format::PlainText);
        let words: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        b.push(None, None, None, &words.join(" "));
        let mut t = b.finish();
        split_long_turns(&mut t);
        assert_eq!(t.turns.len(), 4);
        assert!(t.turns.iter().all(|x| word_count(&x.text) <= HARD_WORDS));
    }
}
