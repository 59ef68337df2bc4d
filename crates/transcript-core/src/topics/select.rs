//! Selection for [`super::Topics::extract`]: the ranked candidates become
//! the transcript's tags, dropping redundant ones (parts, rarer extensions,
//! overlapping phrases) and folding name parts into full names.

use super::score::{Candidate, Ranked};
use super::tokenize::{Class, Lexicon};
use super::{key_len, FxMap, FxSet, Key, NONE};
use crate::model::Transcript;

/// Speakers with a name of two words or more, as the stem ids of its words.
/// A capitalised mention of part of the name ("Sam", "Altman") is a tag of
/// that speaker, labelled with the full name the transcript gives.
pub(super) fn speaker_names<'a>(
    transcript: &'a Transcript,
    lexicon: &Lexicon,
) -> Vec<(FxSet<u32>, &'a str)> {
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
pub(super) struct Chosen {
    pub(super) key: Key,
    pub(super) score: f64,
    pub(super) folded: Vec<Key>,
    /// A speaker's full name, shown instead of the surface forms.
    pub(super) label: Option<String>,
}

/// Whether `inner` occurs as a contiguous run inside `outer`.
pub(super) fn contains(outer: &Key, inner: &Key) -> bool {
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
pub(super) fn shares_pair(a: &Key, b: &Key) -> bool {
    let (Some(a), Some(b)) = (a.get(..key_len(a)), b.get(..key_len(b))) else {
        return false;
    };
    a.windows(2).any(|pa| b.windows(2).any(|pb| pa == pb))
}

/// Picks the top `limit` tags, skipping redundant ones (see module doc).
pub(super) fn choose(
    ranked: &[Ranked],
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
