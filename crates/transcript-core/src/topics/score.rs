//! Scoring for [`super::Topics::extract`]: candidate phrases (where they
//! may start and end), their counts and neighbours, YAKE's per-word
//! features and scores, and keeping only maximal phrases.

use super::tokenize::{
    class_of, is_glued, Class, Lexicon, Token, BREAK, CODE, HARD_GLUE, NAME_LIKE, SOFT_GLUE,
};
use super::{key_len, FxMap, FxSet, Key, MAX_TOKENS, MAX_WORDS, NONE};

/// A ranked candidate: its score (`H`, lower is better), key and counts.
pub(super) type Ranked = (f64, Key, Candidate);

/// Every candidate phrase seen often enough, scored and ranked best first,
/// with what was counted of every candidate.
pub(super) fn rank(
    tokens: &[Token],
    texts: &[&str],
    lexicon: &Lexicon,
    min_count: u32,
) -> (Vec<Ranked>, FxMap<Key, Candidate>) {
    // Count candidates.
    let mut candidates: FxMap<Key, Candidate> = FxMap::default();
    for_each_candidate(tokens, lexicon, |first, len| {
        let Some(span) = tokens.get(first..first + len) else {
            return;
        };
        // A spoken number after a code extends it ("GPT" → "GPT four").
        let neighbour = |t: Option<&Token>| {
            t.filter(|t| t.has(SOFT_GLUE) || class_of(t, lexicon) == Class::Content)
                .and_then(|t| lexicon.form(t))
                .map_or(NONE, |f| f.stem)
        };
        let before = span
            .first()
            .filter(|t| !t.has(BREAK))
            .and(first.checked_sub(1).and_then(|i| tokens.get(i)));
        let after = tokens.get(first + len).filter(|t| !t.has(BREAK));
        let c = candidates.entry(key_of(span, lexicon)).or_default();
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
        c.short = matches!(span, [t] if texts
                .get(t.turn as usize)
                .and_then(|text| text.get(t.start as usize..t.end as usize))
                .is_some_and(|w| w.chars().count() <= 2));
        c.left.add(neighbour(before));
        c.right.add(neighbour(after));
    });

    let h = word_scores(tokens, lexicon);
    let mut scores: FxMap<Key, f64> = candidates
        .iter()
        // Seen once, only a word or a name: a one-off phrase ("reinstate
        // Altman") has no support beyond the sentence it is in.
        .filter(|(_, c)| c.count >= min_count && (c.count >= 2 || c.len == 1 || c.name))
        .filter(|(_, c)| !c.short || c.name)
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
    let mut ranked: Vec<Ranked> = scores
        .iter()
        .filter_map(|(key, &score)| Some((score, *key, *candidates.get(key)?)))
        .collect();
    ranked.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then_with(|| b.2.count.cmp(&a.2.count))
            .then_with(|| a.1.cmp(&b.1))
    });
    (ranked, candidates)
}

/// Calls `f(first, len)` for every candidate phrase `tokens[first..first+len]`:
/// at most [`MAX_TOKENS`] tokens and [`MAX_WORDS`] words, no punctuation
/// inside, a content word in it, no stop word at an edge or inside (except
/// within a compound), generic words only at the edge of a capitalised name,
/// and no compound cut in half.
pub(super) fn for_each_candidate(
    tokens: &[Token],
    lexicon: &Lexicon,
    mut f: impl FnMut(usize, usize),
) {
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

pub(super) fn key_of(tokens: &[Token], lexicon: &Lexicon) -> Key {
    let mut key = [NONE; MAX_TOKENS];
    for (slot, token) in key.iter_mut().zip(tokens) {
        *slot = lexicon.form(token).map_or(NONE - 1, |f| f.stem);
    }
    key
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Candidate {
    pub(super) count: u32,
    /// Number of tokens.
    pub(super) len: u8,
    /// Whether any occurrence is name-like throughout ("Elon Musk").
    pub(super) name: bool,
    /// Whether any occurrence is capitalised throughout, even at a sentence
    /// start ("Sam, tell us").
    pub(super) capital: bool,
    /// One word of one or two characters ("re" of a spoken "re rendering",
    /// German "je"): a fragment, not a topic, unless it is a name or an
    /// acronym ("AI", "UI").
    pub(super) short: bool,
    /// The content word most often just before / after the phrase ([`NONE`]
    /// for punctuation or a stop word) and its Boyer-Moore vote.
    pub(super) left: Vote,
    pub(super) right: Vote,
}

/// Boyer-Moore majority vote: finds the value held by most occurrences, if
/// one holds a majority, in constant memory. When one value holds a share
/// `p > 1/2` of `n` occurrences the final vote is at least `(2p - 1) n`.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Vote {
    pub(super) value: u32,
    pub(super) votes: u32,
}

impl Vote {
    pub(super) fn add(&mut self, value: u32) {
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
    pub(super) fn dominant(&self, count: u32) -> Option<u32> {
        (self.value != NONE && u64::from(self.votes) * 10 >= u64::from(count) * 6)
            .then_some(self.value)
    }
}

/// YAKE's per-word statistics.
#[derive(Debug, Clone, Default)]
pub(super) struct WordStats {
    pub(super) tf: u32,
    pub(super) case: u32,
    pub(super) sentences: u32,
    pub(super) last_sentence: u32,
    pub(super) left_distinct: u32,
    pub(super) left_total: u32,
    pub(super) right_distinct: u32,
    pub(super) right_total: u32,
    pub(super) median_sentence: u32,
}

pub(super) fn word_scores(tokens: &[Token], lexicon: &Lexicon) -> Vec<f64> {
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

/// Drops phrases that nearly always sit inside the same longer phrase and
/// gives their rank to it: "source" is only ranked for "open source", and
/// "OpenAI CEO Sam" is a cut of "... Sam Altman". Shortest first, so a rank
/// can travel up a chain of extensions.
pub(super) fn keep_maximal(scores: &mut FxMap<Key, f64>, candidates: &FxMap<Key, Candidate>) {
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
