//! Topic tags: the keyphrases a transcript is about, ranked, and the turns
//! each one occurs in.
//!
//! [`Topics::extract`] returns the top tags of a transcript (proper names such
//! as "Microsoft" or "Elon Musk", multi-word phrases such as "open source" or
//! "data centers", and content words), each with the turns it occurs in, and
//! the inverse index, [`Topics::for_turn`]: the tags a turn is about. The app
//! filters turns by tag and draws where a topic occurs along the conversation.
//!
//! # Method: YAKE over our own tokenizer, adapted to conversation
//!
//! The base is YAKE (Campos et al., "YAKE! Keyword extraction from single
//! documents using multiple local features", Information Sciences 509, 2020).
//! It was chosen over TF-IDF and TextRank because it needs nothing but the
//! document: no background corpus to ship in the wasm bundle (TF-IDF), and no
//! iterative graph solve (TextRank), and its casing feature is what surfaces
//! proper names. The published `yake-rust` crate is not used: it brings regex
//! and Unicode segmentation tables (about 560 KB gzip in wasm); this module is
//! a compact re-implementation of the scoring over a hand-written tokenizer.
//!
//! Each word (after merging case and plural variants, see [`singulars`]) gets
//! YAKE's features, over sentences as YAKE defines them:
//! casing `C = max(capitalised mid-sentence, acronym) / (1 + ln tf)`,
//! position `P = ln(ln(3 + median sentence index))`,
//! frequency `F = tf / (mean tf + sd tf)` over content words,
//! relatedness `R = 1 + (dl + dr) · tf / max tf` (`dl`, `dr`: distinct left /
//! right neighbours per co-occurrence; words used next to anything are
//! function-word-like), and spread `S = sentences with the word / sentences`,
//! combined as `H(w) = R · P / (C + F/R + S/R)` (lower is better). A candidate
//! phrase of words `w1..wn` seen `tf` times scores
//! `H = Π H(wi) / (tf · (1 + Σ H(wi)))`.
//!
//! What differs from YAKE, and why:
//! * Candidates never start or end with a stop word, a filler or a number,
//!   and contain none inside (except inside a hyphenated compound such as
//!   "state-of-the-art"). Conversation needs a much longer list than prose:
//!   fillers ("gonna", "um", "yeah"), discourse words ("like", "actually") and
//!   the generic words of any talk ("thing", "lot", "people", "think") are
//!   stop words here; see [`stopwords`]. A generic word is tolerated at the
//!   edge of a phrase when every word of the phrase is capitalised mid-
//!   sentence: "Dev Day", "New York Times".
//! * Case and plural variants merge into one key ("Agents"/"agents",
//!   "model"/"models", "data center"/"data centers"); YAKE ranks them as
//!   separate keyphrases. The label shown is the most frequent surface form.
//! * Hyphens join words without breaking a phrase, so "open-source" and
//!   "open source" are one tag, and a phrase never cuts a compound in half.
//!   A short letter code followed by a spoken number ("GPT four", "o one") is
//!   glued the same way, because speech recognition spells model names out.
//! * Only maximal phrases compete: a phrase that nearly always (80%) has the
//!   same content word beside it gives its rank to that longer phrase and
//!   drops out ("source" → "open source", "GPT" → "GPT four").
//! * Redundant tags are dropped while ranking: a phrase inside a better one
//!   that seldom occurs outside it ("Ross Sorkin" in "Andrew Ross Sorkin"), a
//!   rarer extension of a better one, a phrase sharing two consecutive words
//!   with a better one ("cloud provider status" after "exclusive cloud
//!   provider"), and a shorter form of a name is folded into the full name
//!   ("Musk" into "Elon Musk") so the name's index includes the turns that
//!   only say "Musk". Titles ("CEO", "President") are stop words, so
//!   "OpenAI CEO Sam Altman" yields "OpenAI" and "Sam Altman".
//! * Speakers: a capitalised part of a speaker's name ("Sam" in an interview
//!   whose speaker is "Sam Altman") is one tag labelled with the full name.
//! * Language: the stop list is chosen by counting stop-word hits (English,
//!   German, Russian); English is always added for German and Russian, where
//!   English function words appear in quoted titles.
//!
//! Per-transcript tag count: `clamp(words / 100, 30, 100)`, enough for the
//! per-turn view. Words and names seen once are only candidates in
//! transcripts under 2,000 words (a short article names "Oracle" once and
//! that is still a topic; in a long talk it is noise); other phrases need two
//! occurrences everywhere.
//! Scores are shown in (0, 1], the best tag 1, as `1 / (1 + ln(H / H_best))`.
//!
//! # Layout
//! The stages above, one module each: `tokenize` (tokens, interned forms,
//! plural merging, the stop list's language), `score` (candidate phrases,
//! YAKE's word features, ranking, maximal phrases), `select` (the tags, with
//! redundant ones dropped and name parts folded), `turn_index` (each tag's
//! turns and surface forms, and turn → tags); [`Topics::extract`] runs them
//! in order.
//!
//! # Cost
//! One tokenizing pass, hash maps keyed by interned word ids (no string is
//! allocated per token), one sort of word positions for the medians, and a
//! second pass that only looks up the chosen tags: linear in the text. No
//! regex, no Unicode tables beyond `char::is_alphanumeric`/`to_lowercase`.
//!
//! # Never
//! Never panics, never returns a stop word, filler or bare number as a tag,
//! never allocates per token, never compares all pairs of anything.

mod score;
mod select;
mod stopwords;
mod tokenize;
mod turn_index;

use serde::Serialize;

use crate::model::Transcript;
use score::rank;
use select::{choose, speaker_names};
pub use tokenize::singulars;
use tokenize::{classify, glue_spoken_numbers, merge_plurals, speech_turns, tokenize};
use turn_index::index;

/// The tags of one transcript, best first, and the inverse index turn → tags.
/// The default has no tags: what the page shows while they are worked out.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct Topics {
    /// Ranked best first.
    pub tags: Vec<Tag>,
    /// The stop list that was used.
    pub language: Language,
    /// `turn_tags[turn_offsets[i]..turn_offsets[i + 1]]` are turn `i`'s tags.
    #[serde(skip)]
    pub(crate) turn_offsets: Vec<usize>,
    #[serde(skip)]
    pub(crate) turn_tags: Vec<usize>,
}

/// One topic tag.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tag {
    /// The most frequent surface form ("Microsoft", "open source", "GPT-4").
    pub label: String,
    /// In (0, 1]; 1 for the best tag of the transcript.
    pub score: f64,
    /// Indices of the turns the tag occurs in, ascending.
    pub turns: Vec<usize>,
}

/// The stop list a transcript was read with.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    English,
    German,
    Russian,
}

impl Topics {
    /// Extracts the topic tags of a transcript.
    pub fn extract(transcript: &Transcript) -> Topics {
        extract(transcript)
    }

    /// Indices into [`Topics::tags`] of the tags turn `turn` is about, best
    /// first; empty for a turn out of range or without tags.
    pub fn for_turn(&self, turn: usize) -> &[usize] {
        let start = self.turn_offsets.get(turn).copied().unwrap_or(0);
        let end = self.turn_offsets.get(turn + 1).copied().unwrap_or(start);
        self.turn_tags.get(start..end).unwrap_or(&[])
    }
}

// Hashing: std's SipHash is several times slower than needed for u32 keys;
// FxHash (rustc-hash) is not DoS-resistant, which does not matter for a
// local analysis.
type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;
type FxSet<K> = rustc_hash::FxHashSet<K>;

/// Longest candidate phrase, in tokens ("massive-scale data centers" is 4).
const MAX_TOKENS: usize = 4;
/// Longest candidate phrase, in words (a hyphenated compound is one word).
const MAX_WORDS: usize = 3;
/// Marks an unused slot of a phrase key.
const NONE: u32 = u32::MAX;

/// A phrase key: stem ids, unused slots [`NONE`].
type Key = [u32; MAX_TOKENS];

fn key_len(key: &Key) -> usize {
    key.iter().take_while(|&&id| id != NONE).count()
}

// ---------------------------------------------------------------------------
// Extraction.

fn extract(transcript: &Transcript) -> Topics {
    let texts = speech_turns(transcript);
    let (mut tokens, mut lexicon) = tokenize(&texts);
    let language = classify(&mut lexicon);
    merge_plurals(&mut lexicon, language);
    glue_spoken_numbers(&mut tokens, &texts, &lexicon);

    let words = tokens.len();
    let limit = (words / 100).clamp(30, 100);
    let min_count = if words < 2_000 { 1 } else { 2 };

    let (ranked, candidates) = rank(&tokens, &texts, &lexicon, min_count);

    let speakers = speaker_names(transcript, &lexicon);
    let chosen = choose(&ranked, &candidates, &speakers, limit);
    index(transcript, &texts, &tokens, &lexicon, &chosen, language)
}

#[cfg(test)]
mod tests {
    use super::score::for_each_candidate;
    use super::tokenize::*;
    use super::*;
    use crate::format::Format;
    use crate::model::TranscriptBuilder;

    #[test]
    fn plurals_merge_into_singulars_that_occur() {
        let mut lexicon = Lexicon::default();
        let words = [
            "model",
            "models",
            "gpu",
            "gpus",
            "api",
            "apis",
            "company",
            "companies",
            "box",
            "boxes",
            "class",
            "classes",
            "bus",
            "status",
            "news",
            "new",
            "modell",
            "modelle",
        ];
        for w in words {
            lexicon.intern(w);
        }
        merge_plurals(&mut lexicon, Language::English);
        fn stem_of(lexicon: &Lexicon, w: &str) -> u32 {
            lexicon.lower[lexicon.lower_ids[w] as usize].stem
        }
        let stem = |w: &str| stem_of(&lexicon, w);
        for (plural, singular) in [
            ("models", "model"),
            ("gpus", "gpu"),
            ("apis", "api"),
            ("companies", "company"),
            ("boxes", "box"),
            ("classes", "class"),
        ] {
            assert_eq!(stem(plural), stem(singular), "{plural}");
        }
        assert_ne!(stem("news"), stem("new"));
        assert_ne!(
            stem("modelle"),
            stem("modell"),
            "German endings only for German"
        );
        merge_plurals(&mut lexicon, Language::German);
        assert_eq!(stem_of(&lexicon, "modelle"), stem_of(&lexicon, "modell"));
        assert_eq!(singulars("bus", Language::English), Vec::<String>::new());
    }

    fn tokens_of(text: &str) -> (Vec<Token>, Lexicon) {
        let (mut tokens, mut lexicon) = tokenize(&[text]);
        classify(&mut lexicon);
        glue_spoken_numbers(&mut tokens, &[text], &lexicon);
        (tokens, lexicon)
    }

    fn phrases(text: &str) -> Vec<String> {
        let (tokens, lexicon) = tokens_of(text);
        let mut out = Vec::new();
        for_each_candidate(&tokens, &lexicon, |first, len| {
            let (a, b) = (tokens[first], tokens[first + len - 1]);
            out.push(text[a.start as usize..b.end as usize].to_string());
        });
        out
    }

    #[test]
    fn tokenizer_keeps_compounds_names_and_versions_whole() {
        let (tokens, lexicon) = tokens_of("OpenAI’s GPT-3.5 and DALL·E, open-source. Don't stop");
        let words: Vec<&str> = tokens
            .iter()
            .map(|t| lexicon.lower_text[t.lower as usize].as_str())
            .collect();
        assert_eq!(
            words,
            ["openai", "gpt", "3.5", "and", "dall·e", "open", "source", "don't", "stop"]
        );
        assert!(tokens[2].has(HARD_GLUE) && tokens[6].has(HARD_GLUE));
        assert!(tokens[1].has(BREAK), "a possessive ends the phrase");
        assert!(tokens[5].has(BREAK) && !tokens[5].has(SENTENCE_START));
        assert!(tokens[7].has(SENTENCE_START));
        assert!(tokens[0].has(NAME_LIKE) && tokens[1].has(NAME_LIKE));
        assert!(!tokens[7].has(NAME_LIKE));
    }

    #[test]
    fn candidates_respect_stop_words_compounds_and_names() {
        let p = phrases("We love open-source models and the GPT four launch, um, gonna ship.");
        assert!(p.contains(&"open-source models".to_string()), "{p:?}");
        assert!(p.contains(&"GPT four launch".to_string()), "{p:?}");
        assert!(p.contains(&"GPT".to_string()), "{p:?}");
        // Never a cut compound, a stop word at an edge, or a bare number.
        for bad in [
            "open",
            "source models",
            "four",
            "four launch",
            "the GPT",
            "gonna",
            "um",
        ] {
            assert!(!p.contains(&bad.to_string()), "{bad}: {p:?}");
        }
        let p = phrases("See you at Dev Day. It was a good day for President Donald Trump.");
        assert!(p.contains(&"Dev Day".to_string()), "{p:?}");
        assert!(
            !p.iter()
                .any(|x| x.ends_with("day") || x.contains("President")),
            "{p:?}"
        );
        assert!(p.contains(&"Donald Trump".to_string()), "{p:?}");
        let p = phrases("the o one model and a one off");
        assert!(p.contains(&"o one model".to_string()), "{p:?}");
        assert!(!p.iter().any(|x| x.contains("a one")), "{p:?}");
    }

    #[test]
    fn speaker_name_parts_fold_into_one_tag() {
        let mut b = TranscriptBuilder::new(Format::PlainScript);
        for _ in 0..3 {
            b.push(
                Some("Host"),
                None,
                None,
                "Sam, tell us about the compute budget. Compute matters.",
            );
            b.break_turn();
            b.push(
                Some("Sam Altman"),
                None,
                None,
                "Compute is scarce, and Altman says compute wins.",
            );
            b.break_turn();
        }
        let topics = Topics::extract(&b.finish());
        let labels: Vec<&str> = topics.tags.iter().map(|t| t.label.as_str()).collect();
        assert!(labels.contains(&"Sam Altman"), "{labels:?}");
        assert!(
            !labels.contains(&"Sam") && !labels.contains(&"Altman"),
            "{labels:?}"
        );
        assert_eq!(labels.first(), Some(&"compute"), "{labels:?}");
    }

    #[test]
    fn one_and_two_letter_fragments_are_no_topics_but_acronyms_are() {
        let mut b = TranscriptBuilder::new(Format::PlainScript);
        for _ in 0..4 {
            b.push(
                Some("Ana"),
                None,
                None,
                "We re render the list with AI, re run tests, re think plans, re do compute. Then AI needs compute.",
            );
            b.break_turn();
        }
        let topics = Topics::extract(&b.finish());
        let labels: Vec<&str> = topics.tags.iter().map(|t| t.label.as_str()).collect();
        // "re" of a spoken "re render" is a fragment; "AI" an acronym.
        assert!(!labels.contains(&"re"), "{labels:?}");
        assert!(labels.contains(&"AI"), "{labels:?}");
        assert!(labels.contains(&"compute"), "{labels:?}");
    }

    #[test]
    fn language_follows_the_stop_words() {
        let mut b = TranscriptBuilder::new(Format::PlainText);
        b.push(
            None,
            None,
            None,
            "Und dann haben wir das Plugin gebaut, weil es halt nicht ging.",
        );
        assert_eq!(Topics::extract(&b.finish()).language, Language::German);
        let mut b = TranscriptBuilder::new(Format::PlainText);
        b.push(
            None,
            None,
            None,
            "Ну вот, это не так, и я не знаю, что это за счет.",
        );
        assert_eq!(Topics::extract(&b.finish()).language, Language::Russian);
    }
}
