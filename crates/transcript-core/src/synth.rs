//! A deterministic generator of large, realistic-looking transcripts for
//! benchmarks (native criterion benches, the in-browser benchmark and the
//! `transcript bench generate` command). The same options always give the
//! same bytes, on every platform: everything comes from one xorshift
//! generator and integer arithmetic, never from hashing or the clock.
//!
//! What makes it look like a recorded conversation rather than word salad:
//! - **Speakers**: a cast of two to six, drawn from a pool by the seed, with
//!   unequal shares (a host and a main guest talk most), and turn-taking
//!   that rarely gives the same speaker two turns in a row.
//! - **Turn lengths**: short backchannels ("Yeah, exactly."), ordinary
//!   answers of one to three sentences and the odd monologue of up to a
//!   dozen; sentences from three to about thirty words. Captions split a
//!   turn into cues of at most about twelve words, timed at a speaking rate.
//! - **Vocabulary** ([`Vocabulary`]): `Small` (the first generator's, kept
//!   for comparison) draws from 60 function words and some 200 content words
//!   with a Zipf-like skew, so 100,000 turns hold only about 200 distinct
//!   words. `Realistic` draws from a lexicon of 100,000 English-like words
//!   (the same function and content words first, then invented words, about
//!   4% names, 2% numbers such as `1987`, `3.5` and `40%`, 4% hyphenated
//!   words and 3% with an accent), Zipf-Mandelbrot distributed (weight
//!   1/(rank + 3)), and one turn in eight is in a second, Spanish-like
//!   language (20,000 words with its own function words, accents and `ñ`).
//!   Both add a topic that drifts every few dozen turns and boosts its own
//!   words, and spoken fillers ("you know").
//! - **Repeats**: a caption line repeated now and then, a whole earlier
//!   turn said again (a pasted passage, an ad read twice), and rare loops of
//!   one phrase ("thank you thank you thank you").
//!
//! Never used on user input, and never in the app: it is benchmark input.

use std::fmt::Write;

use crate::text::format_clock;

/// The formats the generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SynthFormat {
    WebVtt,
    Srt,
    /// `Name: text` lines, one per turn.
    Script,
    /// Whisper(X)-style JSON: `{"segments": [{"start", "end", "speaker", "text"}]}`.
    WhisperJson,
}

/// Everything that decides a generated transcript.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SynthOptions {
    pub format: SynthFormat,
    /// Stop once the output is at least this many bytes.
    pub bytes: usize,
    /// Stop after this many turns (speaker changes), if set, even before `bytes`.
    pub max_turns: Option<usize>,
    pub seed: u64,
    /// The first cue's start time in seconds: a large value exercises clock
    /// parsing past 99 hours without generating a huge file.
    pub start_seconds: f64,
    pub vocabulary: Vocabulary,
}

/// Which words the generator draws from (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    /// About 200 distinct words: the first generator's, flattering to any
    /// index.
    Small,
    /// 100,000 English-like words, Zipf-distributed, and a second language
    /// for one turn in eight.
    Realistic,
}

/// The size of the realistic lexicon, and of its second language's.
pub const REALISTIC_WORDS: usize = 100_000;
pub const SECOND_LANGUAGE_WORDS: usize = 20_000;
/// One turn in this many is in the second language.
pub const SECOND_LANGUAGE_ONE_IN: usize = 8;

impl Vocabulary {
    /// What the vocabulary is, in one sentence.
    pub fn describe(self) -> String {
        match self {
            Vocabulary::Small => "small vocabulary: 60 function words and about 140 content words \
                                  (the first generator's; about 200 distinct words in 100,000 turns)"
                .into(),
            Vocabulary::Realistic => format!(
                "realistic vocabulary: Zipf-Mandelbrot (weight 1/(rank+3)) over {REALISTIC_WORDS} \
                 English-like words (names, numbers, hyphenated and accented words among them), \
                 and one turn in {SECOND_LANGUAGE_ONE_IN} in a Spanish-like language of \
                 {SECOND_LANGUAGE_WORDS} words"
            ),
        }
    }
}

impl SynthOptions {
    pub fn new(format: SynthFormat, bytes: usize, seed: u64) -> Self {
        SynthOptions {
            format,
            bytes,
            max_turns: None,
            seed,
            start_seconds: 0.0,
            vocabulary: Vocabulary::Small,
        }
    }
}

const NAMES: [&str; 16] = [
    "Marta Ruiz",
    "Leo Park",
    "Ana Okafor",
    "Sam Altman",
    "Priya Natarajan",
    "Ben Castillo",
    "Chloé Dubois",
    "Tomasz Nowak",
    "Aiko Tanaka",
    "David O'Neil",
    "Fatima Haddad",
    "Grace Liu",
    "Henrik Larsen",
    "Isabel Moreno",
    "Kwame Mensah",
    "Nadia Petrova",
];

/// Frequent words, most frequent first (sampled with a Zipf-like skew).
const FUNCTION_WORDS: [&str; 60] = [
    "the", "and", "to", "a", "of", "that", "I", "it", "we", "you", "is", "in", "so", "this", "was",
    "for", "be", "on", "think", "with", "they", "but", "have", "are", "what", "just", "like", "do",
    "not", "there", "really", "about", "can", "all", "if", "at", "one", "going", "people", "would",
    "more", "very", "as", "get", "how", "when", "our", "from", "or", "know", "want", "because",
    "much", "now", "then", "actually", "lot", "some", "which", "where",
];

/// Content words, most frequent first.
const CONTENT_WORDS: [&str; 120] = [
    "model",
    "time",
    "year",
    "work",
    "company",
    "product",
    "question",
    "data",
    "team",
    "world",
    "research",
    "users",
    "compute",
    "future",
    "problem",
    "idea",
    "answer",
    "system",
    "market",
    "build",
    "money",
    "part",
    "point",
    "thing",
    "years",
    "example",
    "customers",
    "business",
    "startups",
    "safety",
    "training",
    "inference",
    "developers",
    "launch",
    "scale",
    "reasoning",
    "agents",
    "partnership",
    "Microsoft",
    "GPT-4",
    "API",
    "tools",
    "open",
    "source",
    "energy",
    "chips",
    "capacity",
    "power",
    "revenue",
    "growth",
    "progress",
    "version",
    "feedback",
    "release",
    "risk",
    "policy",
    "government",
    "regulation",
    "board",
    "investors",
    "funding",
    "valuation",
    "talent",
    "hiring",
    "culture",
    "mission",
    "nonprofit",
    "structure",
    "lawsuit",
    "copyright",
    "publishers",
    "search",
    "browser",
    "phone",
    "device",
    "hardware",
    "design",
    "interface",
    "memory",
    "context",
    "benchmark",
    "evaluation",
    "latency",
    "cost",
    "price",
    "subscription",
    "enterprise",
    "education",
    "students",
    "teachers",
    "doctors",
    "medicine",
    "science",
    "biology",
    "physics",
    "math",
    "code",
    "programming",
    "robots",
    "video",
    "images",
    "voice",
    "music",
    "writers",
    "creativity",
    "trust",
    "privacy",
    "security",
    "elections",
    "misinformation",
    "jobs",
    "economy",
    "productivity",
    "infrastructure",
    "datacenters",
    "Stargate",
    "Nvidia",
    "Azure",
    "Europe",
    "China",
];

/// Topics the conversation drifts through; while one is current its words
/// are drawn far more often, as in a real discussion. An entry may be a
/// phrase ("scaling laws"), so phrase search has real hits.
const TOPICS: [&[&str]; 8] = [
    &[
        "compute",
        "chips",
        "datacenters",
        "energy",
        "capacity",
        "Nvidia",
        "Stargate",
        "power",
    ],
    &[
        "safety",
        "risk",
        "policy",
        "regulation",
        "government",
        "elections",
        "trust",
    ],
    &[
        "developers",
        "API",
        "tools",
        "code",
        "programming",
        "latency",
        "price",
        "version",
    ],
    &[
        "Microsoft",
        "partnership",
        "Azure",
        "revenue",
        "investors",
        "valuation",
        "board",
    ],
    &[
        "reasoning",
        "agents",
        "benchmark",
        "evaluation",
        "memory",
        "context",
        "training",
        "scaling laws",
    ],
    &[
        "education",
        "students",
        "teachers",
        "medicine",
        "doctors",
        "science",
        "biology",
    ],
    &[
        "copyright",
        "publishers",
        "lawsuit",
        "writers",
        "creativity",
        "music",
        "video",
    ],
    &[
        "device",
        "hardware",
        "design",
        "interface",
        "phone",
        "voice",
        "browser",
    ],
];

const FILLERS: [&str; 8] = [
    "you know,",
    "I mean,",
    "so,",
    "well,",
    "look,",
    "honestly,",
    "um,",
    "and, uh,",
];

const BACKCHANNELS: [&str; 10] = [
    "Yeah.",
    "Right.",
    "Exactly.",
    "Yeah, exactly.",
    "Mm-hmm.",
    "Sure.",
    "Okay.",
    "That's fair.",
    "Interesting.",
    "Thank you.",
];

/// A small, fast, deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability 1 in `n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// An index below `n`, small ones far more likely (roughly Zipf: the
    /// product of two uniforms, so P(i) falls like log(n / i)).
    fn skewed(&mut self, n: usize) -> usize {
        let n = n.max(1);
        let a = self.below(n) + 1;
        let b = self.below(n) + 1;
        (a * b - 1) / n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len())).copied().unwrap_or("so")
    }

    fn pick_skewed<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.skewed(items.len())).copied().unwrap_or("so")
    }
}

/// The speakers of one transcript and how much each talks.
struct Cast {
    names: Vec<&'static str>,
    /// Relative share of turns, in the same order.
    weights: Vec<usize>,
}

impl Cast {
    fn new(rng: &mut Rng) -> Cast {
        let size = 2 + rng.below(5);
        let mut pool: Vec<&'static str> = NAMES.to_vec();
        let mut names = Vec::with_capacity(size);
        for _ in 0..size {
            if pool.is_empty() {
                break;
            }
            names.push(pool.swap_remove(rng.below(pool.len())));
        }
        // Host and main guest talk most; the rest chime in.
        let weights = (0..names.len())
            .map(|i| match i {
                0 => 40,
                1 => 35,
                _ => 6 + rng.below(10),
            })
            .collect();
        Cast { names, weights }
    }

    /// The next speaker, by share, never the one who just spoke: two turns
    /// in a row by one speaker would merge into one when parsed, and
    /// `max_turns` counts turns as a reader sees them.
    fn next(&self, rng: &mut Rng, current: Option<usize>) -> usize {
        let total: usize = self
            .weights
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != current)
            .map(|(_, w)| w)
            .sum();
        let mut roll = rng.below(total);
        for (i, w) in self.weights.iter().enumerate() {
            if Some(i) == current {
                continue;
            }
            if roll < *w {
                return i;
            }
            roll -= w;
        }
        0
    }
}

/// A Zipf-distributed lexicon: words, most frequent first, and the running
/// sum of their integer weights.
struct Lexicon {
    words: Vec<String>,
    cumulative: Vec<u64>,
}

/// Spanish function words, most frequent first.
const SPANISH_FUNCTION: [&str; 60] = [
    "de", "la", "que", "el", "en", "y", "a", "los", "se", "del", "las", "un", "por", "con", "no",
    "una", "su", "para", "es", "al", "lo", "como", "más", "pero", "sus", "le", "ya", "o", "este",
    "sí", "porque", "esta", "entre", "cuando", "muy", "sin", "sobre", "también", "me", "hasta",
    "hay", "donde", "quien", "desde", "todo", "nos", "durante", "todos", "uno", "les", "ni",
    "contra", "otros", "ese", "eso", "ante", "ellos", "esto", "mí", "qué",
];
const EN_ONSETS: [&str; 24] = [
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "st",
    "tr", "pl", "br", "ch", "sh", "th",
];
const EN_NUCLEI: [&str; 10] = ["a", "e", "i", "o", "u", "ea", "ou", "ai", "io", "y"];
const EN_CODAS: [&str; 14] = [
    "", "", "", "", "", "", "n", "r", "s", "t", "l", "nd", "ng", "st",
];
const EN_SUFFIXES: [&str; 16] = [
    "", "", "", "", "", "", "", "", "", "", "ing", "ed", "er", "ly", "s", "tion",
];
const ES_ONSETS: [&str; 20] = [
    "b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "ll", "ch", "br", "tr", "pr",
    "ñ", "j",
];
const ES_NUCLEI: [&str; 10] = ["a", "e", "i", "o", "u", "á", "é", "í", "ó", "ú"];
const ES_SUFFIXES: [&str; 8] = ["", "", "", "ción", "mente", "dad", "ado", "ía"];
const ACCENTS: [char; 8] = ['é', 'è', 'ü', 'ö', 'ñ', 'ç', 'á', 'ø'];

impl Lexicon {
    fn pick(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(1).max(1);
        let roll = rng.next() % total;
        let i = self.cumulative.partition_point(|&c| c <= roll);
        self.words.get(i).map_or("so", String::as_str)
    }

    fn with_weights(words: Vec<String>) -> Lexicon {
        let mut sum = 0u64;
        let cumulative = (0..words.len() as u64)
            .map(|rank| {
                sum += (1u64 << 40) / (rank + 3);
                sum
            })
            .collect();
        Lexicon { words, cumulative }
    }

    /// The English-like lexicon: always the same words (its own seed), so
    /// inputs of different seeds share a vocabulary.
    fn english() -> Lexicon {
        let mut rng = Rng(0x5eed_0001_9e37_79b9);
        let mut seen = std::collections::HashSet::new();
        let mut words: Vec<String> = Vec::with_capacity(REALISTIC_WORDS);
        let mut add = |w: String, words: &mut Vec<String>| {
            if seen.insert(w.clone()) {
                words.push(w);
            }
        };
        for w in FUNCTION_WORDS.iter().chain(CONTENT_WORDS.iter()) {
            add((*w).to_string(), &mut words);
        }
        for topic in TOPICS {
            for w in topic {
                add((*w).to_string(), &mut words);
            }
        }
        while words.len() < REALISTIC_WORDS {
            let roll = rng.below(100);
            let w = match roll {
                0..=3 => {
                    let mut name = String::new();
                    let n = 2 + rng.below(2);
                    capitalise_into(&invented(&mut rng, n), &mut name);
                    name
                }
                4 => (1900 + rng.below(130)).to_string(),
                5 => match rng.below(3) {
                    0 => format!("{}.{}", rng.below(100), rng.below(10)),
                    1 => format!("{}%", 1 + rng.below(100)),
                    _ => (10 + rng.below(100_000)).to_string(),
                },
                6..=9 => {
                    let (a, b) = (1 + rng.below(2), 1 + rng.below(2));
                    let first = invented(&mut rng, a);
                    format!("{first}-{}", invented(&mut rng, b))
                }
                10..=12 => {
                    let n = 2 + rng.below(2);
                    let plain = invented(&mut rng, n);
                    let accent = ACCENTS
                        .get(rng.below(ACCENTS.len()))
                        .copied()
                        .unwrap_or('é');
                    match plain
                        .char_indices()
                        .rev()
                        .find(|(_, c)| "aeiou".contains(*c))
                    {
                        Some((i, c)) => {
                            let mut w = plain.clone();
                            w.replace_range(i..i + c.len_utf8(), &accent.to_string());
                            w
                        }
                        None => plain,
                    }
                }
                _ => {
                    // One to three syllables, two most often.
                    let n = match rng.below(20) {
                        0..=6 => 1,
                        7..=15 => 2,
                        _ => 3,
                    };
                    invented(&mut rng, n)
                }
            };
            add(w, &mut words);
        }
        Lexicon::with_weights(words)
    }

    /// The second language's lexicon.
    fn spanish() -> Lexicon {
        let mut rng = Rng(0x5eed_0002_9e37_79b9);
        let mut seen = std::collections::HashSet::new();
        let mut words: Vec<String> = Vec::with_capacity(SECOND_LANGUAGE_WORDS);
        for w in SPANISH_FUNCTION {
            if seen.insert(w.to_string()) {
                words.push(w.to_string());
            }
        }
        while words.len() < SECOND_LANGUAGE_WORDS {
            let mut w = String::new();
            for i in 0..2 + rng.below(3) {
                w.push_str(
                    ES_ONSETS
                        .get(rng.below(ES_ONSETS.len()))
                        .copied()
                        .unwrap_or("m"),
                );
                // At most one accented vowel, as Spanish writes them.
                let nuclei = if i == 0 || !w.chars().any(|c| "áéíóú".contains(c)) {
                    &ES_NUCLEI[..]
                } else {
                    &ES_NUCLEI[..5]
                };
                w.push_str(nuclei.get(rng.below(nuclei.len())).copied().unwrap_or("a"));
            }
            w.push_str(
                ES_SUFFIXES
                    .get(rng.below(ES_SUFFIXES.len()))
                    .copied()
                    .unwrap_or(""),
            );
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        Lexicon::with_weights(words)
    }
}

/// An invented English-looking word of `syllables` syllables.
fn invented(rng: &mut Rng, syllables: usize) -> String {
    let mut w = String::new();
    for _ in 0..syllables.max(1) {
        w.push_str(rng.pick(&EN_ONSETS));
        w.push_str(rng.pick(&EN_NUCLEI));
        w.push_str(rng.pick(&EN_CODAS));
    }
    w.push_str(rng.pick(&EN_SUFFIXES));
    w
}

/// The realistic vocabulary's two lexicons.
struct Lexicons {
    english: Lexicon,
    spanish: Lexicon,
}

/// One sentence drawn from a lexicon into `out`, with its closing
/// punctuation; `topic` words are mixed in (one word in ten) when given.
fn lexicon_sentence(rng: &mut Rng, lexicon: &Lexicon, topic: &[&str], out: &mut String) {
    let words = match rng.below(10) {
        0 => 3 + rng.below(3),
        1 => 20 + rng.below(12),
        _ => 6 + rng.below(15),
    };
    let start = out.len();
    let mut previous = String::new();
    for i in 0..words {
        let mut word = previous.clone();
        while word == previous {
            word = if !topic.is_empty() && rng.one_in(10) {
                rng.pick(topic).to_string()
            } else {
                lexicon.pick(rng).to_string()
            };
        }
        if i > 0 {
            out.push_str(if rng.one_in(14) { ", " } else { " " });
        }
        out.push_str(&word);
        previous = word;
    }
    end_sentence(rng, start, out);
}

/// Ends the sentence that starts at byte `start` of `out`: its first letter
/// capitalised, and its closing punctuation.
fn end_sentence(rng: &mut Rng, start: usize, out: &mut String) {
    if let Some(first) = out.get(start..).and_then(|s| s.chars().next()) {
        if first.is_lowercase() {
            let rest = out.split_off(start + first.len_utf8());
            out.truncate(start);
            capitalise_into(&first.to_string(), out);
            out.push_str(&rest);
        }
    }
    out.push(match rng.below(12) {
        0 | 1 => '?',
        2 => '!',
        _ => '.',
    });
}

fn capitalise_into(word: &str, out: &mut String) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// One spoken sentence into `out`, with its closing punctuation.
fn sentence(rng: &mut Rng, topic: &[&str], out: &mut String) {
    // Mostly 6–20 words, sometimes very short or long.
    let words = match rng.below(10) {
        0 => 3 + rng.below(3),
        1 => 20 + rng.below(12),
        _ => 6 + rng.below(15),
    };
    let start = out.len();
    if rng.one_in(6) {
        out.push_str(rng.pick(&FILLERS));
        out.push(' ');
    }
    let mut previous = "";
    for i in 0..words {
        let mut word = previous;
        // Never the same word twice in a row ("the the"): rare in speech
        // transcripts, and it makes phrase statistics look odd.
        while word == previous {
            word = if rng.below(100) < 55 {
                rng.pick_skewed(&FUNCTION_WORDS)
            } else if rng.below(100) < 25 {
                rng.pick(topic)
            } else {
                rng.pick_skewed(&CONTENT_WORDS)
            };
        }
        previous = word;
        if i > 0 {
            out.push(if rng.one_in(14) { ',' } else { ' ' });
            if out.ends_with(',') {
                out.push(' ');
            }
        }
        out.push_str(word);
    }
    end_sentence(rng, start, out);
}

/// The text of one turn.
fn turn_text(
    rng: &mut Rng,
    lexicons: Option<&Lexicons>,
    topic: &[&str],
    history: &[String],
    out: &mut String,
) {
    let roll = rng.below(100);
    if roll < 15 {
        out.push_str(rng.pick(&BACKCHANNELS));
        return;
    }
    // A whole earlier turn said again: a pasted passage, an ad read twice.
    if roll < 16 {
        if let Some(earlier) = history.get(rng.below(history.len().max(1))) {
            out.push_str(earlier);
            return;
        }
    }
    // A loop: one phrase over and over, as captions of a chant or a stuck recognizer.
    if roll < 17 {
        let phrase = rng.pick(&BACKCHANNELS).trim_end_matches('.').to_lowercase();
        capitalise_into(&phrase, out);
        for _ in 0..3 + rng.below(6) {
            out.push(' ');
            out.push_str(&phrase);
        }
        out.push('.');
        return;
    }
    let sentences = if roll < 85 {
        1 + rng.below(3)
    } else {
        4 + rng.below(9)
    };
    // A turn in the second language, now and then.
    let spanish = lexicons.filter(|_| rng.one_in(SECOND_LANGUAGE_ONE_IN));
    for i in 0..sentences {
        if i > 0 {
            out.push(' ');
        }
        match (lexicons, spanish) {
            (_, Some(l)) => lexicon_sentence(rng, &l.spanish, &[], out),
            (Some(l), None) => lexicon_sentence(rng, &l.english, topic, out),
            (None, None) => sentence(rng, topic, out),
        }
    }
}

/// A turn's text cut into caption cues of at most about twelve words,
/// at word boundaries.
fn cues(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut words = 0;
    for (i, c) in text.char_indices() {
        if c == ' ' {
            words += 1;
            if words >= 12 {
                if let Some(cue) = text.get(start..i) {
                    out.push(cue);
                }
                start = i + 1;
                words = 0;
            }
        }
    }
    if let Some(rest) = text.get(start..) {
        if !rest.is_empty() {
            out.push(rest);
        }
    }
    out
}

/// Writes about `bytes` bytes of a transcript in `format`, from `seed`.
pub fn generate(format: SynthFormat, bytes: usize, seed: u64) -> String {
    generate_with(&SynthOptions::new(format, bytes, seed))
}

/// Writes a transcript as `options` say.
pub fn generate_with(options: &SynthOptions) -> String {
    let format = options.format;
    let mut rng = Rng(options.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    // Warm the generator so nearby seeds diverge at once.
    for _ in 0..4 {
        rng.next();
    }
    let cast = Cast::new(&mut rng);
    let lexicons = match options.vocabulary {
        Vocabulary::Small => None,
        Vocabulary::Realistic => Some(Lexicons {
            english: Lexicon::english(),
            spanish: Lexicon::spanish(),
        }),
    };
    let mut out = String::with_capacity(options.bytes.min(1 << 30) + 1024);
    let mut time = options.start_seconds.max(0.0);
    let mut cue_no = 0usize;
    let mut turns = 0usize;
    let mut speaker = None;
    let mut topic: &[&str] = TOPICS.first().copied().unwrap_or(&[]);
    let mut history: Vec<String> = Vec::new();
    let mut last_cue = String::new();
    match format {
        SynthFormat::WebVtt => out.push_str("WEBVTT\n\n"),
        SynthFormat::WhisperJson => out.push_str("{\"language\":\"en\",\"segments\":["),
        SynthFormat::Srt | SynthFormat::Script => {}
    }
    while out.len() < options.bytes && options.max_turns.is_none_or(|max| turns < max) {
        if rng.one_in(40) {
            topic = TOPICS
                .get(rng.below(TOPICS.len()))
                .copied()
                .unwrap_or(topic);
        }
        let who = cast.next(&mut rng, speaker);
        speaker = Some(who);
        let name = cast.names.get(who).copied().unwrap_or("Ana Okafor");
        let mut text = String::new();
        turn_text(&mut rng, lexicons.as_ref(), topic, &history, &mut text);
        // Remember a sample of substantial turns for later repeats.
        if text.len() > 80 && rng.one_in(20) {
            if history.len() >= 64 {
                history.swap_remove(rng.below(history.len()));
            }
            history.push(text.clone());
        }
        turns += 1;
        time += 0.2 + rng.below(12) as f64 / 10.0;
        if format == SynthFormat::Script {
            let _ = writeln!(out, "{name}: {text}");
            continue;
        }
        for cue in cues(&text) {
            // A captioner sometimes sends the same line twice.
            let repeat = rng.one_in(60) && !last_cue.is_empty();
            let line = if repeat { last_cue.as_str() } else { cue };
            let words = line.split(' ').count();
            // About 2.5 words a second.
            let duration = 0.6 + words as f64 * 0.4 + rng.below(8) as f64 / 10.0;
            let (start, end) = (time, time + duration);
            time = end + rng.below(3) as f64 / 10.0;
            cue_no += 1;
            // Writing into a String cannot fail.
            let _ = match format {
                SynthFormat::WebVtt => write!(
                    out,
                    "{cue_no}\n{} --> {}\n<v {name}>{line}</v>\n\n",
                    format_clock(start, '.'),
                    format_clock(end, '.')
                ),
                SynthFormat::Srt => write!(
                    out,
                    "{cue_no}\n{} --> {}\n{name}: {line}\n\n",
                    format_clock(start, ','),
                    format_clock(end, ',')
                ),
                SynthFormat::WhisperJson => write!(
                    out,
                    "{}{{\"id\":{cue_no},\"start\":{start:.2},\"end\":{end:.2},\"speaker\":\"{name}\",\"text\":\" {line}\"}}",
                    if cue_no == 1 { "" } else { "," }
                ),
                SynthFormat::Script => Ok(()),
            };
            if !repeat {
                last_cue.clear();
                last_cue.push_str(cue);
            }
        }
    }
    if format == SynthFormat::WhisperJson {
        out.push_str("]}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{detect, parse, Format};

    #[test]
    fn the_same_seed_gives_the_same_text_and_each_format_detects() {
        for (synth, format) in [
            (SynthFormat::WebVtt, Format::WebVtt),
            (SynthFormat::Srt, Format::Srt),
            (SynthFormat::Script, Format::PlainScript),
            (SynthFormat::WhisperJson, Format::WhisperJson),
        ] {
            let a = generate(synth, 20_000, 7);
            assert_eq!(a, generate(synth, 20_000, 7));
            assert_ne!(a, generate(synth, 20_000, 8));
            assert!(a.len() >= 20_000);
            assert_eq!(detect(&a).format, format, "{synth:?}");
            let t = parse(&a).unwrap();
            assert!(t.speakers.len() >= 2, "{synth:?}: {:?}", t.speakers);
            assert!(t.turns.len() > 20, "{synth:?}");
        }
    }

    #[test]
    fn speakers_turn_lengths_and_repeats_look_like_a_conversation() {
        let text = generate(SynthFormat::Script, 400_000, 42);
        let t = parse(&text).unwrap();
        // Unequal shares: the busiest speaker has several times the quietest's turns.
        let mut counts = vec![0usize; t.speakers.len()];
        for turn in &t.turns {
            if let Some(c) = turn.speaker.and_then(|s| counts.get_mut(s)) {
                *c += 1;
            }
        }
        let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
        assert!(t.speakers.len() >= 2 && *min > 0, "{counts:?}");
        if t.speakers.len() > 2 {
            assert!(max >= &(min * 2), "{counts:?}");
        }
        // Short backchannels and long monologues both occur.
        let words: Vec<usize> = t.turns.iter().map(|t| t.text.split(' ').count()).collect();
        assert!(words.iter().filter(|&&w| w <= 2).count() * 20 > words.len());
        assert!(words.iter().any(|&w| w > 100), "{:?}", words.iter().max());
        // Whole turns said again, and the repeat finder sees them.
        assert!(crate::dedup::find(&t).hidden_count() > 0);
        // A skewed vocabulary: "the" is far more common than "Stargate".
        let the = text.matches(" the ").count();
        let rare = text.matches("Stargate").count();
        assert!(the > rare * 5, "{the} vs {rare}");
    }

    #[test]
    fn the_realistic_vocabulary_is_large_skewed_and_mixed() {
        let mut o = SynthOptions::new(SynthFormat::Script, 3_000_000, 42);
        o.vocabulary = Vocabulary::Realistic;
        let text = generate_with(&o);
        assert_eq!(text, generate_with(&o));
        let t = parse(&text).unwrap();
        let mut counts = std::collections::HashMap::new();
        for turn in &t.turns {
            for w in turn.text.split(|c: char| !c.is_alphanumeric() && c != '-') {
                if !w.is_empty() {
                    *counts.entry(w.to_lowercase()).or_insert(0usize) += 1;
                }
            }
        }
        // 3 MB (about 500,000 words) already hold tens of thousands of
        // distinct words, most of them seen once or twice.
        assert!(counts.len() > 40_000, "{}", counts.len());
        let once = counts.values().filter(|&&n| n <= 2).count();
        assert!(once * 2 > counts.len(), "{once} of {}", counts.len());
        // Zipf: the most common word is far more common than the 1000th.
        let mut by_count: Vec<usize> = counts.values().copied().collect();
        by_count.sort_unstable_by(|a, b| b.cmp(a));
        assert!(
            by_count[0] > by_count[999] * 50,
            "{} vs {}",
            by_count[0],
            by_count[999]
        );
        // Names, numbers, hyphens, accents and the second language occur.
        assert!(counts.keys().any(|w| w.contains('-')));
        assert!(counts.keys().any(|w| w.chars().all(|c| c.is_ascii_digit())));
        assert!(counts.keys().any(|w| w.contains('é') || w.contains('ü')));
        let spanish = t
            .turns
            .iter()
            .filter(|t| t.text.contains(" que ") || t.text.contains(" de "))
            .count();
        assert!(
            spanish * 30 > t.turns.len(),
            "{spanish} of {}",
            t.turns.len()
        );
        assert!(text.contains('ñ'));
    }

    #[test]
    fn turn_limit_and_start_time_are_obeyed() {
        let mut o = SynthOptions::new(SynthFormat::WebVtt, usize::MAX, 3);
        o.max_turns = Some(500);
        o.start_seconds = 100.0 * 3600.0;
        let text = generate_with(&o);
        assert!(text.contains("\n100:00:"), "{}", &text[..200]);
        let t = parse(&text).unwrap();
        // Consecutive turns by one speaker merge when parsed, so at most 500.
        assert!(
            t.turns.len() <= 500 && t.turns.len() > 400,
            "{}",
            t.turns.len()
        );
        assert!(t.turns.first().unwrap().start.unwrap() >= 360_000.0);
    }
}
