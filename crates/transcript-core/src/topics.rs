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
//! # Cost
//! One tokenizing pass, hash maps keyed by interned word ids (no string is
//! allocated per token), one sort of word positions for the medians, and a
//! second pass that only looks up the chosen tags: linear in the text. No
//! regex, no Unicode tables beyond `char::is_alphanumeric`/`to_lowercase`.
//!
//! # Never
//! Never panics, never returns a stop word, filler or bare number as a tag,
//! never allocates per token, never compares all pairs of anything.

mod stopwords;

use serde::Serialize;

use crate::model::{Transcript, TurnKind};

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

// ---------------------------------------------------------------------------
// Tokens.

/// Longest candidate phrase, in tokens ("massive-scale data centers" is 4).
const MAX_TOKENS: usize = 4;
/// Longest candidate phrase, in words (a hyphenated compound is one word).
const MAX_WORDS: usize = 3;
/// Marks an unused slot of a phrase key.
const NONE: u32 = u32::MAX;

/// A phrase key: stem ids, unused slots [`NONE`].
type Key = [u32; MAX_TOKENS];

/// No phrase continues across this token's start: first of a turn, or after
/// punctuation.
const BREAK: u8 = 1;
/// First token of a sentence (its capital letter says nothing).
const SENTENCE_START: u8 = 2;
/// Joined to the previous token by a hyphen: a phrase may not cut here.
const HARD_GLUE: u8 = 4;
/// A spoken number after a letter code ("GPT four"): part of the previous
/// word when a phrase includes it, but a phrase may end before it.
const SOFT_GLUE: u8 = 8;
/// Capitalised mid-sentence, an acronym, or mixed case ("xAI").
const NAME_LIKE: u8 = 16;
/// A letter code followed by a spoken number: the "o" of "o one".
const CODE: u8 = 32;

#[derive(Debug, Clone, Copy)]
struct Token {
    /// Index into `Lexicon::lower`.
    lower: u32,
    /// Index of the turn in the transcript.
    turn: u32,
    sentence: u32,
    /// Byte range in the turn's text.
    start: u32,
    end: u32,
    flags: u8,
}

impl Token {
    fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// What a lower-cased word form is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A content word.
    Content,
    /// A function word, filler or number: never at a phrase edge.
    Stop,
    /// A generic word ("day", "new"): at a phrase edge only in a capitalised
    /// name ("Dev Day").
    Generic,
}

#[derive(Debug, Clone)]
struct LowerForm {
    stem: u32,
    count: u32,
    class: Class,
}

/// Interned word forms: lower-cased form → id, and its stem id.
#[derive(Default)]
struct Lexicon {
    lower_ids: FxMap<String, u32>,
    lower: Vec<LowerForm>,
    lower_text: Vec<String>,
    stems: usize,
}

impl Lexicon {
    fn intern(&mut self, lower: &str) -> u32 {
        if let Some(&id) = self.lower_ids.get(lower) {
            if let Some(form) = self.lower.get_mut(id as usize) {
                form.count = form.count.saturating_add(1);
            }
            return id;
        }
        // Each form is its own stem until `merge_plurals` runs.
        let stem_id = u32::try_from(self.stems).unwrap_or(NONE - 1);
        self.stems += 1;
        let id = u32::try_from(self.lower.len()).unwrap_or(NONE - 1);
        self.lower.push(LowerForm {
            stem: stem_id,
            count: 1,
            class: Class::Content,
        });
        self.lower_text.push(lower.to_string());
        self.lower_ids.insert(lower.to_string(), id);
        id
    }

    fn form(&self, token: &Token) -> Option<&LowerForm> {
        self.lower.get(token.lower as usize)
    }
}

/// The singulars a lower-cased word may be the plural of: a light stemmer
/// of our own, for plurals only.
///
/// English: `-s` ("models", "GPUs"), `-es` ("boxes"), `-ies` → `-y`
/// ("companies"); German adds `-e`, `-en`, `-n` ("Modelle", "Agenten").
/// Words of three letters or fewer are left alone, and so are a few words
/// whose `-s` is not a plural ("news", "means", "series"). The caller merges
/// a word into a singular only when that singular occurs in the same
/// transcript, so a wrong guess ("bus" → "bu") merges nothing, and plurals
/// are never merged into words the transcript does not contain. Stems are
/// keys, never shown: labels are surface forms.
pub fn singulars(lower: &str, language: Language) -> Vec<String> {
    const NOT_PLURAL: &[&str] = &["news", "means", "series", "species", "lens", "always"];
    let mut out = Vec::new();
    if lower.chars().count() <= 3 || NOT_PLURAL.contains(&lower) {
        return out;
    }
    if let Some(base) = lower.strip_suffix("ies") {
        out.push(format!("{base}y"));
    }
    if let Some(base) = lower.strip_suffix("es") {
        out.push(base.to_string());
    }
    if let Some(base) = lower.strip_suffix('s').filter(|b| !b.ends_with('s')) {
        out.push(base.to_string());
    }
    if language == Language::German {
        for suffix in ["en", "e", "n"] {
            if let Some(base) = lower.strip_suffix(suffix) {
                out.push(base.to_string());
            }
        }
    }
    out.retain(|b| b.chars().count() >= 3);
    out
}

/// Gives each plural the stem of its singular when both occur.
fn merge_plurals(lexicon: &mut Lexicon, language: Language) {
    for i in 0..lexicon.lower.len() {
        let Some(text) = lexicon.lower_text.get(i) else {
            continue;
        };
        let singular = singulars(text, language)
            .iter()
            .find_map(|s| lexicon.lower_ids.get(s.as_str()).copied());
        let stem = singular
            .and_then(|j| lexicon.lower.get(j as usize))
            .map(|f| f.stem);
        if let (Some(stem), Some(form)) = (stem, lexicon.lower.get_mut(i)) {
            form.stem = stem;
        }
    }
}

/// Characters that join two alphanumeric runs into one word ("don't",
/// "GPT-3.5", "DALL·E", "AT&T").
fn is_inner_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '.' | '·' | '&' | '_')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn ends_sentence(c: char) -> bool {
    // A list bullet starts a new sentence as well.
    matches!(
        c,
        '.' | '!' | '?' | '…' | '。' | '！' | '？' | '•' | '▪' | '◦'
    )
}

/// Splits one turn's text into tokens, appending to `out`.
struct Tokenizer<'a> {
    lexicon: &'a mut Lexicon,
    sentence: u32,
    lower: String,
}

impl Tokenizer<'_> {
    fn turn(&mut self, turn: u32, text: &str, out: &mut Vec<Token>) {
        // Every turn starts a sentence.
        let mut pending = BREAK | SENTENCE_START;
        let mut chars = text.char_indices().peekable();
        let mut prev: Option<char> = None;
        while let Some((i, c)) = chars.next() {
            if c.is_alphanumeric() {
                // A word: alphanumerics, joined by inner joiners.
                let start = i;
                let mut end = i + c.len_utf8();
                let mut last = c;
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_alphanumeric() {
                        end = j + d.len_utf8();
                        last = d;
                        chars.next();
                    } else if is_inner_joiner(d) && last.is_alphanumeric() {
                        let after = text.get(j + d.len_utf8()..).and_then(|s| s.chars().next());
                        if after.is_some_and(char::is_alphanumeric) {
                            last = d;
                            chars.next();
                        } else {
                            break;
                        }
                    } else {
                        break;
                    }
                }
                let flags = if prev.is_some_and(is_hyphen) && pending & BREAK == 0 {
                    pending | HARD_GLUE
                } else {
                    pending
                };
                // "OpenAI’s Microsoft deal": no phrase runs on past an owner.
                let possessive = self.word(turn, text, start, end, flags, out);
                pending = if possessive { BREAK } else { 0 };
                prev = Some(last);
                continue;
            }
            if c.is_whitespace() {
                // A hyphen followed by a space is a dash, not a joiner.
                if prev.is_some_and(is_hyphen) {
                    pending |= BREAK;
                }
            } else if is_hyphen(c) {
                // Joins only when a word follows at once ("open-source").
                let next = chars.peek().map(|&(_, d)| d);
                if !prev.is_some_and(char::is_alphanumeric)
                    || !next.is_some_and(char::is_alphanumeric)
                {
                    pending |= BREAK;
                }
            } else if ends_sentence(c) {
                pending |= BREAK | SENTENCE_START;
            } else {
                pending |= BREAK;
            }
            prev = Some(c);
        }
    }

    fn word(
        &mut self,
        turn: u32,
        text: &str,
        start: usize,
        end: usize,
        flags: u8,
        out: &mut Vec<Token>,
    ) -> bool {
        let Some(mut surface) = text.get(start..end) else {
            return false;
        };
        let mut possessive = false;
        let mut end = end;
        // A possessive is the owner: "OpenAI’s" is "OpenAI".
        for suffix in ["'s", "’s", "'S", "’S"] {
            if let Some(owner) = surface.strip_suffix(suffix) {
                if !owner.is_empty() {
                    end -= suffix.len();
                    surface = owner;
                    possessive = true;
                }
                break;
            }
        }
        self.lower.clear();
        for c in surface.chars() {
            if c == '’' {
                self.lower.push('\'');
            } else {
                self.lower.extend(c.to_lowercase());
            }
        }
        let mut flags = flags;
        if flags & SENTENCE_START != 0 {
            self.sentence = self.sentence.saturating_add(1);
        }
        if is_name_like(surface, flags & SENTENCE_START != 0) {
            flags |= NAME_LIKE;
        }
        let lower = self.lexicon.intern(&self.lower);
        out.push(Token {
            lower,
            turn,
            sentence: self.sentence,
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
            flags,
        });
        possessive
    }
}

/// Capitalised mid-sentence ("Microsoft"), an acronym ("GPU"), or with a
/// capital inside ("xAI", "OpenAI", even at a sentence start).
fn is_name_like(surface: &str, sentence_start: bool) -> bool {
    let mut letters = surface.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return false;
    };
    let rest_upper = letters.clone().any(char::is_uppercase);
    let all_upper = first.is_uppercase()
        && letters.clone().all(|c| !c.is_lowercase())
        && letters.next().is_some();
    if rest_upper || all_upper {
        // "I" alone is not an acronym, but it never gets here: one letter.
        return true;
    }
    first.is_uppercase() && !sentence_start
}

// ---------------------------------------------------------------------------
// Language and stop words.

fn classify(lexicon: &mut Lexicon) -> Language {
    let set = |lists: &[&[&'static str]]| -> FxSet<&'static str> {
        lists.iter().flat_map(|l| l.iter().copied()).collect()
    };
    let en = set(&[stopwords::EN]);
    let de = set(&[stopwords::DE]);
    let ru = set(&[stopwords::RU]);
    let mut hits = [0u64; 3];
    for (text, form) in lexicon.lower_text.iter().zip(&lexicon.lower) {
        for (hit, list) in hits.iter_mut().zip([&en, &de, &ru]) {
            if list.contains(text.as_str()) {
                *hit += u64::from(form.count);
            }
        }
    }
    let [en_hits, de_hits, ru_hits] = hits;
    let language = if ru_hits > en_hits && ru_hits > de_hits {
        Language::Russian
    } else if de_hits > en_hits {
        Language::German
    } else {
        Language::English
    };
    // English function words appear in any language (quoted titles, product
    // names); German and Russian lists are only used when detected, since
    // "war", "die", "man" are English content words.
    let (stop, generic) = match language {
        Language::English => (en, set(&[stopwords::EN_SPEECH])),
        Language::German => (
            set(&[stopwords::EN, stopwords::DE]),
            set(&[stopwords::EN_SPEECH, stopwords::DE_SPEECH]),
        ),
        Language::Russian => (
            set(&[stopwords::EN, stopwords::RU]),
            set(&[stopwords::EN_SPEECH]),
        ),
    };
    for (text, form) in lexicon.lower_text.iter().zip(lexicon.lower.iter_mut()) {
        form.class =
            if stop.contains(text.as_str()) || !has_letter(text) || text.chars().count() < 2 {
                Class::Stop
            } else if generic.contains(text.as_str()) {
                Class::Generic
            } else {
                Class::Content
            };
    }
    language
}

fn has_letter(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

/// Number words a letter code can be followed by in speech ("GPT four").
const SPOKEN_DIGITS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// Glues spoken model numbers to their letter code: "GPT four", "o one".
/// The code is one lower-case letter other than "a" and "i", or two to four
/// capitals that are not a stop word.
fn glue_spoken_numbers(tokens: &mut [Token], texts: &[&str], lexicon: &Lexicon) {
    for i in 1..tokens.len() {
        let (Some(&p), Some(&t)) = (tokens.get(i - 1), tokens.get(i)) else {
            continue;
        };
        if t.has(BREAK) || p.turn != t.turn {
            continue;
        }
        let code = texts
            .get(p.turn as usize)
            .and_then(|text| text.get(p.start as usize..p.end as usize))
            .unwrap_or("");
        let letter = code.len() == 1
            && code
                .bytes()
                .all(|b| b.is_ascii_lowercase() && b != b'a' && b != b'i');
        let capitals = (2..=4).contains(&code.len())
            && code.bytes().all(|b| b.is_ascii_uppercase())
            && lexicon.form(&p).is_some_and(|f| f.class != Class::Stop);
        let number = lexicon.lower_text.get(t.lower as usize).is_some_and(|w| {
            SPOKEN_DIGITS.contains(&w.as_str()) || w.bytes().all(|b| b.is_ascii_digit())
        });
        if (letter || capitals) && number {
            if let Some(t) = tokens.get_mut(i) {
                t.flags |= SOFT_GLUE;
            }
            if let Some(p) = tokens.get_mut(i - 1) {
                p.flags |= CODE;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Candidates.

/// The class a token counts as in a phrase: a letter code before a spoken
/// number ("o" in "o one") is content however short.
fn class_of(token: &Token, lexicon: &Lexicon) -> Class {
    if token.has(CODE) {
        return Class::Content;
    }
    lexicon.form(token).map_or(Class::Stop, |f| f.class)
}

fn is_glued(token: &Token) -> bool {
    token.flags & (HARD_GLUE | SOFT_GLUE) != 0 && !token.has(BREAK)
}

/// Calls `f(first, len)` for every candidate phrase `tokens[first..first+len]`:
/// at most [`MAX_TOKENS`] tokens and [`MAX_WORDS`] words, no punctuation
/// inside, a content word in it, no stop word at an edge or inside (except
/// within a compound), generic words only at the edge of a capitalised name,
/// and no compound cut in half.
fn for_each_candidate(tokens: &[Token], lexicon: &Lexicon, mut f: impl FnMut(usize, usize)) {
    for (first, t0) in tokens.iter().enumerate() {
        if is_glued(t0) {
            continue;
        }
        let class0 = class_of(t0, lexicon);
        let starts_compound = tokens.get(first + 1).is_some_and(is_glued);
        // A compound may start with a stop word only when it is one letter
        // ("e-mail"): "President-elect Donald Trump" is "Donald Trump".
        let letter = lexicon
            .lower_text
            .get(t0.lower as usize)
            .is_some_and(|w| w.chars().count() == 1);
        if class0 == Class::Stop && !(starts_compound && (letter || t0.has(CODE))) {
            continue;
        }
        let mut words = 0;
        let mut all_names = true;
        let mut has_content = false;
        let mut generic_inside = false;
        for len in 1..=MAX_TOKENS {
            let Some(last) = tokens.get(first + len - 1) else {
                break;
            };
            if len > 1 && last.has(BREAK) {
                break;
            }
            let glued = len > 1 && is_glued(last);
            if !glued {
                words += 1;
                if words > MAX_WORDS {
                    break;
                }
            }
            all_names &= last.has(NAME_LIKE) || glued;
            let class = class_of(last, lexicon);
            has_content |= class == Class::Content;
            let next = tokens.get(first + len);
            let next_hard = next.is_some_and(|n| n.has(HARD_GLUE) && !n.has(BREAK));
            let next_glued = next.is_some_and(is_glued);
            let start_ok = match class0 {
                Class::Content => true,
                Class::Stop => starts_compound,
                Class::Generic => starts_compound || (len > 1 && all_names),
            };
            let end_ok = match class {
                Class::Content => true,
                Class::Stop => glued,
                Class::Generic => glued || (len > 1 && all_names),
            };
            if start_ok && end_ok && has_content && !next_hard && (!generic_inside || all_names) {
                f(first, len);
            }
            // From here on this token is inside the phrase.
            let in_compound = glued || next_glued;
            if !in_compound {
                match class {
                    Class::Stop => break,
                    Class::Generic => generic_inside = true,
                    Class::Content => {}
                }
            }
        }
    }
}

fn key_of(tokens: &[Token], lexicon: &Lexicon) -> Key {
    let mut key = [NONE; MAX_TOKENS];
    for (slot, token) in key.iter_mut().zip(tokens) {
        *slot = lexicon.form(token).map_or(NONE - 1, |f| f.stem);
    }
    key
}

#[derive(Debug, Clone, Copy, Default)]
struct Candidate {
    count: u32,
    /// Number of tokens.
    len: u8,
    /// Whether any occurrence is name-like throughout ("Elon Musk").
    name: bool,
    /// Whether any occurrence is capitalised throughout, even at a sentence
    /// start ("Sam, tell us").
    capital: bool,
    /// The content word most often just before / after the phrase ([`NONE`]
    /// for punctuation or a stop word) and its Boyer-Moore vote.
    left: Vote,
    right: Vote,
}

/// Boyer-Moore majority vote: finds the value held by most occurrences, if
/// one holds a majority, in constant memory. When one value holds a share
/// `p > 1/2` of `n` occurrences the final vote is at least `(2p - 1) n`.
#[derive(Debug, Clone, Copy, Default)]
struct Vote {
    value: u32,
    votes: u32,
}

impl Vote {
    fn add(&mut self, value: u32) {
        if self.votes == 0 {
            self.value = value;
            self.votes = 1;
        } else if self.value == value {
            self.votes += 1;
        } else {
            self.votes -= 1;
        }
    }

    /// The content word that follows (precedes) the phrase in at least about
    /// 80% of its `count` occurrences (vote at least 60%).
    fn dominant(&self, count: u32) -> Option<u32> {
        (self.value != NONE && u64::from(self.votes) * 10 >= u64::from(count) * 6)
            .then_some(self.value)
    }
}

/// YAKE's per-word statistics.
#[derive(Debug, Clone, Default)]
struct WordStats {
    tf: u32,
    case: u32,
    sentences: u32,
    last_sentence: u32,
    left_distinct: u32,
    left_total: u32,
    right_distinct: u32,
    right_total: u32,
    median_sentence: u32,
}

fn word_scores(tokens: &[Token], lexicon: &Lexicon) -> Vec<f64> {
    let n = lexicon.stems;
    let mut stats = vec![
        WordStats {
            last_sentence: u32::MAX,
            ..WordStats::default()
        };
        n
    ];
    let mut pairs: FxSet<u64> = FxSet::default();
    let mut positions: Vec<(u32, u32)> = Vec::with_capacity(tokens.len());
    let mut prev: Option<u32> = None;
    let mut sentences = 0u32;
    let stem_of = |t: &Token| lexicon.form(t).map(|f| f.stem);
    for token in tokens {
        let Some(id) = stem_of(token) else { continue };
        sentences = sentences.max(token.sentence);
        if let Some(s) = stats.get_mut(id as usize) {
            s.tf += 1;
            if token.has(NAME_LIKE) {
                s.case += 1;
            }
            if s.last_sentence != token.sentence {
                s.last_sentence = token.sentence;
                s.sentences += 1;
            }
        }
        positions.push((id, token.sentence));
        if token.has(BREAK) {
            prev = None;
        }
        if let Some(p) = prev {
            let pair = (u64::from(p) << 32) | u64::from(id);
            let new = pairs.insert(pair);
            if let Some(s) = stats.get_mut(p as usize) {
                s.right_total += 1;
                s.right_distinct += u32::from(new);
            }
            if let Some(s) = stats.get_mut(id as usize) {
                s.left_total += 1;
                s.left_distinct += u32::from(new);
            }
        }
        prev = Some(id);
    }
    // Medians: sort positions by word, then by sentence.
    positions.sort_unstable();
    let mut i = 0;
    while let Some(&(id, _)) = positions.get(i) {
        let run = positions
            .get(i..)
            .map_or(0, |rest| rest.iter().take_while(|p| p.0 == id).count());
        if let (Some(s), Some(&(_, m))) = (stats.get_mut(id as usize), positions.get(i + run / 2)) {
            s.median_sentence = m;
        }
        i += run.max(1);
    }
    // Frequency statistics over content words, as YAKE does.
    let mut content = vec![false; n];
    for form in &lexicon.lower {
        if form.class == Class::Content {
            if let Some(c) = content.get_mut(form.stem as usize) {
                *c = true;
            }
        }
    }
    let tfs: Vec<f64> = stats
        .iter()
        .zip(&content)
        .filter(|(s, &c)| c && s.tf > 0)
        .map(|(s, _)| f64::from(s.tf))
        .collect();
    let count = tfs.len().max(1) as f64;
    let mean = tfs.iter().sum::<f64>() / count;
    let sd = (tfs.iter().map(|t| (t - mean) * (t - mean)).sum::<f64>() / count).sqrt();
    let max_tf = stats.iter().map(|s| s.tf).max().unwrap_or(1).max(1) as f64;
    let sentences = f64::from(sentences.max(1));
    stats
        .iter()
        .map(|s| {
            if s.tf == 0 {
                return f64::INFINITY;
            }
            let tf = f64::from(s.tf);
            let dl = if s.left_total > 0 {
                f64::from(s.left_distinct) / f64::from(s.left_total)
            } else {
                0.0
            };
            let dr = if s.right_total > 0 {
                f64::from(s.right_distinct) / f64::from(s.right_total)
            } else {
                0.0
            };
            let rel = 1.0 + (dl + dr) * tf / max_tf;
            let freq = tf / (mean + sd).max(f64::MIN_POSITIVE);
            let spread = f64::from(s.sentences) / sentences;
            let case = f64::from(s.case) / (1.0 + tf.ln());
            let pos = (3.0 + f64::from(s.median_sentence)).ln().ln();
            rel * pos / (case + freq / rel + spread / rel)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Extraction.

/// Turns whose words are counted: speech, not `[APPLAUSE]`.
fn speech_turns(transcript: &Transcript) -> Vec<&str> {
    transcript
        .turns
        .iter()
        .map(|t| {
            if t.kind == TurnKind::Speech {
                t.text.as_str()
            } else {
                ""
            }
        })
        .collect()
}

/// Tokens of every text, one turn each, and the words they intern.
fn tokenize(texts: &[&str]) -> (Vec<Token>, Lexicon) {
    let mut lexicon = Lexicon::default();
    let mut tokens = Vec::new();
    let mut tokenizer = Tokenizer {
        lexicon: &mut lexicon,
        sentence: 0,
        lower: String::new(),
    };
    for (turn, text) in texts.iter().enumerate() {
        tokenizer.turn(u32::try_from(turn).unwrap_or(u32::MAX), text, &mut tokens);
    }
    (tokens, lexicon)
}

fn extract(transcript: &Transcript) -> Topics {
    let texts = speech_turns(transcript);
    let (mut tokens, mut lexicon) = tokenize(&texts);
    let language = classify(&mut lexicon);
    merge_plurals(&mut lexicon, language);
    glue_spoken_numbers(&mut tokens, &texts, &lexicon);

    let words = tokens.len();
    let limit = (words / 100).clamp(30, 100);
    let min_count = if words < 2_000 { 1 } else { 2 };

    // Count candidates.
    let mut candidates: FxMap<Key, Candidate> = FxMap::default();
    for_each_candidate(&tokens, &lexicon, |first, len| {
        let Some(span) = tokens.get(first..first + len) else {
            return;
        };
        // A spoken number after a code extends it ("GPT" → "GPT four").
        let neighbour = |t: Option<&Token>| {
            t.filter(|t| t.has(SOFT_GLUE) || class_of(t, &lexicon) == Class::Content)
                .and_then(|t| lexicon.form(t))
                .map_or(NONE, |f| f.stem)
        };
        let before = span
            .first()
            .filter(|t| !t.has(BREAK))
            .and(first.checked_sub(1).and_then(|i| tokens.get(i)));
        let after = tokens.get(first + len).filter(|t| !t.has(BREAK));
        let c = candidates.entry(key_of(span, &lexicon)).or_default();
        c.count = c.count.saturating_add(1);
        c.len = u8::try_from(len).unwrap_or(u8::MAX);
        c.name |= span
            .iter()
            .all(|t| t.has(NAME_LIKE) || t.has(SOFT_GLUE) || t.has(HARD_GLUE));
        c.capital |= span.iter().all(|t| {
            texts
                .get(t.turn as usize)
                .and_then(|text| text.get(t.start as usize..))
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_uppercase)
        });
        c.left.add(neighbour(before));
        c.right.add(neighbour(after));
    });

    let h = word_scores(&tokens, &lexicon);
    let mut scores: FxMap<Key, f64> = candidates
        .iter()
        // Seen once, only a word or a name: a one-off phrase ("reinstate
        // Altman") has no support beyond the sentence it is in.
        .filter(|(_, c)| c.count >= min_count && (c.count >= 2 || c.len == 1 || c.name))
        .map(|(key, c)| {
            let mut product = 1.0;
            let mut sum = 0.0;
            for &id in key.iter().filter(|&&id| id != NONE) {
                let w = h.get(id as usize).copied().unwrap_or(f64::INFINITY);
                product *= w;
                sum += w;
            }
            (*key, product / (f64::from(c.count) * (1.0 + sum)))
        })
        .filter(|(_, s)| s.is_finite())
        .collect();
    keep_maximal(&mut scores, &candidates);
    let mut ranked: Vec<(f64, Key, Candidate)> = scores
        .iter()
        .filter_map(|(key, &score)| Some((score, *key, *candidates.get(key)?)))
        .collect();
    ranked.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then_with(|| b.2.count.cmp(&a.2.count))
            .then_with(|| a.1.cmp(&b.1))
    });

    let speakers = speaker_names(transcript, &lexicon);
    let chosen = choose(&ranked, &candidates, &speakers, limit);
    index(transcript, &texts, &tokens, &lexicon, &chosen, language)
}

/// Drops phrases that nearly always sit inside the same longer phrase and
/// gives their rank to it: "source" is only ranked for "open source", and
/// "OpenAI CEO Sam" is a cut of "... Sam Altman". Shortest first, so a rank
/// can travel up a chain of extensions.
fn keep_maximal(scores: &mut FxMap<Key, f64>, candidates: &FxMap<Key, Candidate>) {
    let mut keys: Vec<Key> = scores.keys().copied().collect();
    keys.sort_unstable_by_key(|k| (key_len(k), *k));
    for key in keys {
        let (Some(c), Some(&score)) = (candidates.get(&key), scores.get(&key)) else {
            continue;
        };
        let len = key_len(&key);
        if len >= MAX_TOKENS {
            continue;
        }
        let mut extensions = Vec::new();
        if let Some(word) = c.left.dominant(c.count) {
            let mut longer = [NONE; MAX_TOKENS];
            longer[0] = word;
            for (slot, &id) in longer.iter_mut().skip(1).zip(key.iter().take(len)) {
                *slot = id;
            }
            extensions.push(longer);
        }
        if let Some(word) = c.right.dominant(c.count) {
            let mut longer = key;
            if let Some(slot) = longer.get_mut(len) {
                *slot = word;
            }
            extensions.push(longer);
        }
        for longer in extensions {
            if let Some(s) = scores.get_mut(&longer) {
                *s = s.min(score);
                scores.remove(&key);
                break;
            }
        }
    }
}

/// Speakers with a name of two words or more, as the stem ids of its words.
/// A capitalised mention of part of the name ("Sam", "Altman") is a tag of
/// that speaker, labelled with the full name the transcript gives.
fn speaker_names<'a>(transcript: &'a Transcript, lexicon: &Lexicon) -> Vec<(FxSet<u32>, &'a str)> {
    let mut out = Vec::new();
    let mut lower = String::new();
    for speaker in &transcript.speakers {
        let mut stems = FxSet::default();
        let mut words = 0;
        for word in speaker
            .name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            words += 1;
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            let form = lexicon
                .lower_ids
                .get(lower.as_str())
                .and_then(|&id| lexicon.lower.get(id as usize));
            if let Some(form) = form.filter(|f| f.class == Class::Content) {
                stems.insert(form.stem);
            }
        }
        if words >= 2 && !stems.is_empty() {
            out.push((stems, speaker.name.as_str()));
        }
    }
    out
}

/// A chosen tag before indexing: its key, score, and the keys folded into it.
struct Chosen {
    key: Key,
    score: f64,
    folded: Vec<Key>,
    /// A speaker's full name, shown instead of the surface forms.
    label: Option<String>,
}

fn key_len(key: &Key) -> usize {
    key.iter().take_while(|&&id| id != NONE).count()
}

/// Whether `inner` occurs as a contiguous run inside `outer`.
fn contains(outer: &Key, inner: &Key) -> bool {
    let (o, i) = (key_len(outer), key_len(inner));
    if i == 0 || i > o {
        return false;
    }
    let (Some(outer), Some(inner)) = (outer.get(..o), inner.get(..i)) else {
        return false;
    };
    outer.windows(i).any(|w| w == inner)
}

/// Whether two phrases share two consecutive words.
fn shares_pair(a: &Key, b: &Key) -> bool {
    let (Some(a), Some(b)) = (a.get(..key_len(a)), b.get(..key_len(b))) else {
        return false;
    };
    a.windows(2).any(|pa| b.windows(2).any(|pb| pa == pb))
}

/// Picks the top `limit` tags, skipping redundant ones (see module doc).
fn choose(
    ranked: &[(f64, Key, Candidate)],
    candidates: &FxMap<Key, Candidate>,
    speakers: &[(FxSet<u32>, &str)],
    limit: usize,
) -> Vec<Chosen> {
    let mut chosen: Vec<Chosen> = Vec::new();
    let count = |k: &Key| candidates.get(k).map_or(0, |c| c.count);
    for &(score, key, cand) in ranked {
        if chosen.len() >= limit {
            break;
        }
        // Part or all of a speaker's name: one tag per speaker.
        let speaker = speakers.iter().find(|(stems, _)| {
            cand.capital
                && key
                    .iter()
                    .filter(|&&id| id != NONE)
                    .all(|id| stems.contains(id))
        });
        if let Some((_, name)) = speaker {
            match chosen
                .iter_mut()
                .find(|c| c.label.as_deref() == Some(*name))
            {
                Some(c) => c.folded.push(key),
                None => chosen.push(Chosen {
                    key,
                    score,
                    folded: Vec::new(),
                    label: Some((*name).to_string()),
                }),
            }
            continue;
        }
        // A fragment of a chosen phrase that seldom occurs outside it.
        let fragment = chosen
            .iter()
            .any(|c| contains(&c.key, &key) && 2 * count(&c.key) >= count(&key));
        if fragment {
            // A name part ("Musk") folds into the full name for the index;
            // other fragments ("source" of "open source") are just dropped.
            if cand.name {
                if let Some(c) = chosen.iter_mut().find(|c| contains(&c.key, &key)) {
                    c.folded.push(key);
                }
            }
            continue;
        }
        // A name part seen more often alone ("Altman" beside "Sam Altman"):
        // the name stands for it.
        if cand.name {
            if let Some(c) = chosen.iter_mut().find(|c| {
                candidates.get(&c.key).is_some_and(|cc| cc.name)
                    && contains(&c.key, &key)
                    && key_len(&key) == 1
                    && c.key.get(key_len(&c.key).saturating_sub(1)) == key.first()
            }) {
                c.folded.push(key);
                continue;
            }
        }
        // A phrase that extends a chosen one and is seldom seen: the chosen
        // one already covers it.
        let extension = chosen
            .iter()
            .any(|c| contains(&key, &c.key) && 2 * cand.count <= count(&c.key));
        // Two words shared with a chosen phrase: a variant of it ("cloud
        // provider status" after "exclusive cloud provider", "open source
        // models" after "open source"), which would crowd the top tags.
        let overlap = chosen.iter().any(|c| shares_pair(&key, &c.key));
        if extension || overlap {
            continue;
        }
        chosen.push(Chosen {
            key,
            score,
            folded: Vec::new(),
            label: None,
        });
    }
    chosen
}

/// Second pass: finds each chosen tag's turns and surface forms.
fn index(
    transcript: &Transcript,
    texts: &[&str],
    tokens: &[Token],
    lexicon: &Lexicon,
    chosen: &[Chosen],
    language: Language,
) -> Topics {
    let mut lookup: FxMap<Key, (usize, bool)> = FxMap::default();
    for (i, c) in chosen.iter().enumerate() {
        lookup.insert(c.key, (i, true));
        for f in &c.folded {
            lookup.entry(*f).or_insert((i, false));
        }
    }
    let mut turns: Vec<Vec<usize>> = vec![Vec::new(); chosen.len()];
    let mut surfaces: Vec<FxMap<&str, (u32, usize)>> = vec![FxMap::default(); chosen.len()];
    let mut order = 0usize;
    for_each_candidate(tokens, lexicon, |first, len| {
        let Some(span) = tokens.get(first..first + len) else {
            return;
        };
        let Some(&(tag, own)) = lookup.get(&key_of(span, lexicon)) else {
            return;
        };
        let (Some(a), Some(b)) = (span.first(), span.last()) else {
            return;
        };
        let turn = a.turn as usize;
        if let Some(list) = turns.get_mut(tag) {
            if list.last() != Some(&turn) {
                list.push(turn);
            }
        }
        if own {
            let surface = texts
                .get(turn)
                .and_then(|t| t.get(a.start as usize..b.end as usize))
                .unwrap_or("");
            if let Some(map) = surfaces.get_mut(tag) {
                order += 1;
                let e = map.entry(surface).or_insert((0, order));
                e.0 += 1;
            }
        }
    });
    let best = chosen
        .first()
        .map_or(1.0, |c| c.score)
        .max(f64::MIN_POSITIVE);
    let mut tags: Vec<Tag> = Vec::with_capacity(chosen.len());
    for ((c, mut list), map) in chosen.iter().zip(turns).zip(surfaces) {
        list.sort_unstable();
        list.dedup();
        let label = c.label.clone().unwrap_or_else(|| {
            map.iter()
                .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
                .map(|(s, _)| (*s).to_string())
                .unwrap_or_default()
        });
        let ratio = (c.score / best).max(1.0);
        tags.push(Tag {
            label,
            score: 1.0 / (1.0 + ratio.ln()),
            turns: list,
        });
    }
    // The inverse index, tags in rank order per turn.
    let mut per_turn: Vec<Vec<usize>> = vec![Vec::new(); transcript.turns.len()];
    for (i, tag) in tags.iter().enumerate() {
        for &turn in &tag.turns {
            if let Some(list) = per_turn.get_mut(turn) {
                list.push(i);
            }
        }
    }
    let mut turn_offsets = Vec::with_capacity(per_turn.len() + 1);
    let mut turn_tags = Vec::new();
    turn_offsets.push(0);
    for list in per_turn {
        turn_tags.extend(list);
        turn_offsets.push(turn_tags.len());
    }
    Topics {
        tags,
        language,
        turn_offsets,
        turn_tags,
    }
}

#[cfg(test)]
mod tests {
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
