//! The turn index of [`super::Topics::extract`]: a second pass over the
//! tokens that finds each chosen tag's turns and surface forms, and the
//! inverse index turn → tags.

use super::score::{for_each_candidate, key_of};
use super::select::Chosen;
use super::tokenize::{Lexicon, Token};
use super::{FxMap, Key, Language, Tag, Topics};
use crate::model::Transcript;

/// Second pass: finds each chosen tag's turns and surface forms.
pub(super) fn index(
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
