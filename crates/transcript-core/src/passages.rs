//! Passages: the pieces of a transcript that repeat detection compares.
//!
//! A turn's text is one paragraph (parsers collapse whitespace, and prose
//! paragraphs become separate turns). A short paragraph, at most
//! [`LONG_PARAGRAPH_WORDS`] words, is one passage; a longer one is split into
//! its sentences, so that a quote repeated inside a long paragraph can still
//! be found. Sentences end at a word whose last character, after closing
//! quotes and brackets, is `.`, `!`, `?`, `…` or their CJK forms; a
//! quotation in double quotes (“…”, „…“, «…», "…") also starts and ends a
//! passage, so a quote can be matched apart from the words introducing it
//! ("Altman said, “…”"). This
//! misreads abbreviations ("Mr.") as sentence ends; that only makes a
//! passage shorter, and a short passage is never marked as a repeat, so the
//! error is on the safe side.
//!
//! Words are compared in a normalised form: letters and digits only,
//! lowercased, so case, punctuation, curly or straight quotes and
//! apostrophes ("don’t" = "dont" = "Don't") make no difference. Each word is
//! kept as a 64-bit hash of that form plus its byte range in the turn, so
//! every range handed out lies on `char` boundaries. A token with no letter
//! or digit ("—", "...", "•") is not a word; it is attached to the word
//! before it (or after it at the start of a turn), so passages still cover
//! the text around them.
//!
//! Hand-written rather than a segmentation crate: Unicode sentence and word
//! segmentation tables cost far more wasm than this module, and transcripts
//! need only what a reader sees as sentences.

use std::ops::Range;

use serde::Serialize;

use crate::bits::fnv;
use crate::model::{Transcript, TurnKind};

/// Paragraphs (turns) longer than this many words are split into sentences.
/// Twice the shortest passage that counts as a repeat (see
/// [`crate::dedup::MIN_WORDS`]): splitting shorter paragraphs would mostly
/// produce sentences too short to count.
pub const LONG_PARAGRAPH_WORDS: usize = 16;

/// A paragraph or sentence of one turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Passage {
    /// Index into [`Transcript::turns`].
    pub turn: usize,
    /// Byte range in the turn's text, on `char` boundaries.
    pub range: Range<usize>,
    /// Number of normalised words.
    pub words: usize,
}

/// A word as repeat detection sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range in the turn's text (with any punctuation-only tokens that
    /// were attached to it).
    pub range: Range<usize>,
    /// Hash of the lowercased letters and digits.
    pub hash: u64,
    /// Whether a sentence or a quotation ends with this word (or a
    /// quotation starts after it).
    pub ends_sentence: bool,
}

/// The passages of every speech turn, in order. Sound cues (`[APPLAUSE]`)
/// have none.
pub fn split(transcript: &Transcript) -> Vec<Passage> {
    let mut out = Vec::new();
    for (turn, t) in transcript.turns.iter().enumerate() {
        if t.kind != TurnKind::Speech {
            continue;
        }
        let words = words(&t.text);
        for w in passage_words(&words) {
            if let Some(range) = byte_range(&words, w.clone()) {
                out.push(Passage {
                    turn,
                    range,
                    words: w.len(),
                });
            }
        }
    }
    out
}

/// The passages of one turn's words, as ranges of word indices: the whole
/// turn when it is short, else its sentences.
pub fn passage_words(words: &[Word]) -> Vec<Range<usize>> {
    if words.is_empty() {
        return Vec::new();
    }
    if words.len() <= LONG_PARAGRAPH_WORDS {
        return std::iter::once(0..words.len()).collect();
    }
    sentences(words)
}

/// The sentences of a run of words, as ranges of word indices.
pub fn sentences(words: &[Word]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, w) in words.iter().enumerate() {
        if w.ends_sentence {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < words.len() {
        out.push(start..words.len());
    }
    out
}

/// The byte range in the turn covered by words `range`.
pub fn byte_range(words: &[Word], range: Range<usize>) -> Option<Range<usize>> {
    let first = words.get(range.start)?;
    let last = words.get(range.end.checked_sub(1)?)?;
    (range.start < range.end).then_some(first.range.start..last.range.end)
}

/// The words of a turn's text, in order.
pub fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    // Punctuation seen before the first word: attached to that word.
    let mut pending_start: Option<usize> = None;
    for (start, token) in tokens(text) {
        let end = start + token.len();
        let hash = word_hash(token);
        let ends = ends_sentence(token) || closes_quote(token);
        if opens_quote(token) {
            // A quotation starts a passage of its own, so the same quote
            // is found whether or not a story introduces it with
            // "Altman said:".
            if let Some(last) = out.last_mut() {
                last.ends_sentence = true;
            }
        }
        match hash {
            Some(hash) => out.push(Word {
                range: pending_start.take().unwrap_or(start)..end,
                hash,
                ends_sentence: ends,
            }),
            None => match out.last_mut() {
                Some(last) => {
                    last.range.end = end;
                    last.ends_sentence |= ends;
                }
                None => {
                    pending_start.get_or_insert(start);
                }
            },
        }
    }
    out
}

/// Whitespace-separated tokens with their byte offsets.
fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text;
    let mut offset = 0;
    std::iter::from_fn(move || {
        let trimmed = rest.trim_start();
        offset += rest.len() - trimmed.len();
        if trimmed.is_empty() {
            return None;
        }
        let len = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        let (token, after) = trimmed.split_at_checked(len)?;
        let start = offset;
        offset += len;
        rest = after;
        Some((start, token))
    })
}

/// Hash of a token's lowercased letters and digits; `None` when it has none.
fn word_hash(token: &str) -> Option<u64> {
    // FNV-1a over the normalised characters, then a finaliser so that the
    // bits are well spread for MinHash and banding.
    let mut h = fnv::OFFSET;
    let mut any = false;
    if token.is_ascii() {
        // The common case, without Unicode case tables; the same hash as
        // the general loop below gives for these characters.
        for b in token.bytes().filter(u8::is_ascii_alphanumeric) {
            h = fnv::step(h, u64::from(b.to_ascii_lowercase()));
            any = true;
        }
        return any.then(|| mix(h));
    }
    for c in token.chars().filter(|c| c.is_alphanumeric()) {
        for l in c.to_lowercase() {
            h = fnv::step(h, u64::from(u32::from(l)));
        }
        any = true;
    }
    any.then(|| mix(h))
}

/// Whether a token ends a sentence: its last character other than closing
/// quotes and brackets is a full stop, question or exclamation mark.
fn ends_sentence(token: &str) -> bool {
    token
        .chars()
        .rev()
        .find(|c| !matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '*' | '_'))
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？'))
}

/// Double quotation marks in any language's style; `’` is left out because
/// it is also the apostrophe.
fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

/// Whether a token starts with a double quotation mark (after any opening
/// brackets or dashes).
fn opens_quote(token: &str) -> bool {
    token
        .chars()
        .take_while(|c| !c.is_alphanumeric())
        .any(is_double_quote)
}

/// Whether a token ends with a double quotation mark among its trailing
/// punctuation (`center,”`, `it."`).
fn closes_quote(token: &str) -> bool {
    token
        .chars()
        .rev()
        .take_while(|c| !c.is_alphanumeric())
        .any(is_double_quote)
}

/// The splitmix64 finaliser: a cheap, well-mixing 64-bit hash step.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    fn texts<'a>(text: &'a str, words: &[Word], ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges
            .iter()
            .map(|r| &text[byte_range(words, r.clone()).unwrap()])
            .collect()
    }

    #[test]
    fn words_ignore_case_punctuation_and_quote_style() {
        let a = words("“Don’t STOP,” she said…");
        let b = words("\"don't stop\" She said.");
        let ha: Vec<_> = a.iter().map(|w| w.hash).collect();
        let hb: Vec<_> = b.iter().map(|w| w.hash).collect();
        assert_eq!(ha, hb);
        assert_eq!(ha.len(), 4);
        assert!(a[3].ends_sentence && b[3].ends_sentence);
        assert!(a[1].ends_sentence, "the quotation ends");
        assert!(!words("stop, she")[0].ends_sentence, "a comma ends nothing");
        let w = words("Altman said: „Wir bauen“ – und «on y va» now");
        let ends: Vec<bool> = w.iter().map(|w| w.ends_sentence).collect();
        assert_eq!(
            ends,
            [false, true, false, true, true, false, false, true, false]
        );
        assert_ne!(words("stop")[0].hash, words("stops")[0].hash);
    }

    #[test]
    fn punctuation_tokens_attach_to_a_neighbouring_word() {
        let text = "— Well ... I think — yes";
        let w = words(text);
        assert_eq!(w.len(), 4);
        assert_eq!(&text[w[0].range.clone()], "— Well ...");
        assert!(w[0].ends_sentence, "a lone ellipsis ends the sentence");
        assert_eq!(&text[w[2].range.clone()], "think —");
        assert!(words("— ... •").is_empty());
    }

    #[test]
    fn long_paragraphs_split_into_sentences_on_char_boundaries() {
        let text = "Привет, как дела сегодня утром? «Всё хорошо», — ответил он. Ну что ж! \
                    Ещё одно предложение без точки в конце и ещё пара слов здесь";
        let w = words(text);
        assert!(w.len() > LONG_PARAGRAPH_WORDS);
        let s = passage_words(&w);
        assert_eq!(
            texts(text, &w, &s),
            [
                "Привет, как дела сегодня утром?",
                "«Всё хорошо», —",
                "ответил он.",
                "Ну что ж!",
                "Ещё одно предложение без точки в конце и ещё пара слов здесь"
            ]
        );
        let short = "Guten Tag. Schön, dass Sie da sind.";
        let w = words(short);
        assert_eq!(texts(short, &w, &passage_words(&w)), [short]);
    }

    #[test]
    fn split_skips_sound_cues_and_counts_words() {
        let t = parse("WEBVTT\n\n00:00.000 --> 00:01.000\n[APPLAUSE]\n\n00:01.000 --> 00:02.000\n<v Ana>Thank you all, really.</v>\n").unwrap();
        let p = split(&t);
        assert_eq!(p.len(), 1, "{p:?}");
        let turn = &t.turns[p[0].turn];
        assert_eq!(&turn.text[p[0].range.clone()], "Thank you all, really.");
        assert_eq!(p[0].words, 4);
    }
}
