//! The tokenizer of [`super::Topics::extract`]: words of speech turns as
//! tokens with their sentence, position and flags (sentence start, hyphen
//! glue, name-like casing), interned lower-cased forms with their stems
//! (case and plural variants merged) and classes (content, stop, generic),
//! and the language the stop list is chosen by.

use super::stopwords;
use super::{FxMap, FxSet, Language, NONE};
use crate::model::{Transcript, TurnKind};

// ---------------------------------------------------------------------------
// Tokens.

/// No phrase continues across this token's start: first of a turn, or after
/// punctuation.
pub(super) const BREAK: u8 = 1;
/// First token of a sentence (its capital letter says nothing).
pub(super) const SENTENCE_START: u8 = 2;
/// Joined to the previous token by a hyphen: a phrase may not cut here.
pub(super) const HARD_GLUE: u8 = 4;
/// A spoken number after a letter code ("GPT four"): part of the previous
/// word when a phrase includes it, but a phrase may end before it.
pub(super) const SOFT_GLUE: u8 = 8;
/// Capitalised mid-sentence, an acronym, or mixed case ("xAI").
pub(super) const NAME_LIKE: u8 = 16;
/// A letter code followed by a spoken number: the "o" of "o one".
pub(super) const CODE: u8 = 32;

#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    /// Index into `Lexicon::lower`.
    pub(super) lower: u32,
    /// Index of the turn in the transcript.
    pub(super) turn: u32,
    pub(super) sentence: u32,
    /// Byte range in the turn's text.
    pub(super) start: u32,
    pub(super) end: u32,
    pub(super) flags: u8,
}

impl Token {
    pub(super) fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// What a lower-cased word form is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// A content word.
    Content,
    /// A function word, filler or number: never at a phrase edge.
    Stop,
    /// A generic word ("day", "new"): at a phrase edge only in a capitalised
    /// name ("Dev Day").
    Generic,
}

#[derive(Debug, Clone)]
pub(super) struct LowerForm {
    pub(super) stem: u32,
    pub(super) count: u32,
    pub(super) class: Class,
}

/// Interned word forms: lower-cased form → id, and its stem id.
#[derive(Default)]
pub(super) struct Lexicon {
    pub(super) lower_ids: FxMap<String, u32>,
    pub(super) lower: Vec<LowerForm>,
    pub(super) lower_text: Vec<String>,
    pub(super) stems: usize,
}

impl Lexicon {
    pub(super) fn intern(&mut self, lower: &str) -> u32 {
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

    pub(super) fn form(&self, token: &Token) -> Option<&LowerForm> {
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
pub(super) fn merge_plurals(lexicon: &mut Lexicon, language: Language) {
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
pub(super) fn is_inner_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '.' | '·' | '&' | '_')
}

pub(super) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

pub(super) fn ends_sentence(c: char) -> bool {
    // A list bullet starts a new sentence as well.
    matches!(
        c,
        '.' | '!' | '?' | '…' | '。' | '！' | '？' | '•' | '▪' | '◦'
    )
}

/// Splits one turn's text into tokens, appending to `out`.
pub(super) struct Tokenizer<'a> {
    pub(super) lexicon: &'a mut Lexicon,
    pub(super) sentence: u32,
    pub(super) lower: String,
}

impl Tokenizer<'_> {
    pub(super) fn turn(&mut self, turn: u32, text: &str, out: &mut Vec<Token>) {
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

    pub(super) fn word(
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
pub(super) fn is_name_like(surface: &str, sentence_start: bool) -> bool {
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

pub(super) fn classify(lexicon: &mut Lexicon) -> Language {
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

pub(super) fn has_letter(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

/// Number words a letter code can be followed by in speech ("GPT four").
pub(super) const SPOKEN_DIGITS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// Glues spoken model numbers to their letter code: "GPT four", "o one".
/// The code is one lower-case letter other than "a" and "i", or two to four
/// capitals that are not a stop word.
pub(super) fn glue_spoken_numbers(tokens: &mut [Token], texts: &[&str], lexicon: &Lexicon) {
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
pub(super) fn class_of(token: &Token, lexicon: &Lexicon) -> Class {
    if token.has(CODE) {
        return Class::Content;
    }
    lexicon.form(token).map_or(Class::Stop, |f| f.class)
}

pub(super) fn is_glued(token: &Token) -> bool {
    token.flags & (HARD_GLUE | SOFT_GLUE) != 0 && !token.has(BREAK)
}

/// Turns whose words are counted: speech, not `[APPLAUSE]`.
pub(super) fn speech_turns(transcript: &Transcript) -> Vec<&str> {
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
pub(super) fn tokenize(texts: &[&str]) -> (Vec<Token>, Lexicon) {
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
