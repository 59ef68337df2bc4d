//! Speaker renames and merges, per transcript, kept in the library.
//!
//! The reader can rename a speaker ("SPEAKER_01" → "Ana") and merge one
//! speaker into another ("Sam" into "Sam Altman", or the two halves of a
//! person a diarisation split). [`SpeakerEdits`] records both against the
//! parsed speaker ids (parsing is deterministic, so ids are stable for a
//! given text) and [`SpeakerEdits::apply`] makes the edited transcript the
//! views work on.
//!
//! Rules, where the request left room:
//! - A merge chain is followed to its end (`a→b→c` puts `a` in `c`); a
//!   cycle resolves to its smallest id; a merge into an id that does not
//!   exist is ignored.
//! - A rename of a speaker merged into another is ignored: the merged
//!   speaker shows the target's name. A blank rename keeps the old name.
//! - Two speakers that end up with the same name are one speaker: the URL
//!   names speakers, so two of one name could not be told apart.
//! - Applying merges consecutive turns that now have the same speaker, as
//!   the parser would have (a turn is a maximal run of one speaker). Only
//!   turns that had DIFFERENT speakers before the edit are merged: two
//!   consecutive turns of the same speaker were kept apart by the parser
//!   for a reason (a paragraph break, a section), and sections still split
//!   turns.
//!
//! Never panics, even on edits that do not fit the transcript (they come
//! from storage and may be stale).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::model::{word_count, Segment, Speaker, SpeakerId, Transcript, Turn, TurnKind};
use crate::text::collapse_whitespace;

/// The reader's speaker edits for one transcript.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerEdits {
    /// New names, by original speaker id.
    #[serde(default)]
    pub renames: BTreeMap<SpeakerId, String>,
    /// Speaker → the speaker it was merged into.
    #[serde(default)]
    pub merges: BTreeMap<SpeakerId, SpeakerId>,
}

/// One speaker's share of a transcript, for the speaker filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpeakerStat {
    pub id: SpeakerId,
    pub name: String,
    pub turns: usize,
    pub words: usize,
}

/// Turns and words per speaker, in speaker order.
pub fn speaker_stats(transcript: &Transcript) -> Vec<SpeakerStat> {
    let mut stats: Vec<SpeakerStat> = transcript
        .speakers
        .iter()
        .enumerate()
        .map(|(id, s)| SpeakerStat {
            id,
            name: s.name.clone(),
            turns: 0,
            words: 0,
        })
        .collect();
    for turn in &transcript.turns {
        if let Some(stat) = turn.speaker.and_then(|id| stats.get_mut(id)) {
            stat.turns += 1;
            stat.words += word_count(&turn.text);
        }
    }
    stats
}

impl SpeakerEdits {
    pub fn is_empty(&self) -> bool {
        self.renames.is_empty() && self.merges.is_empty()
    }

    /// Renames `id`; a blank name removes the rename.
    pub fn rename(&mut self, id: SpeakerId, name: &str) {
        let name = collapse_whitespace(name);
        if name.is_empty() {
            self.renames.remove(&id);
        } else {
            self.renames.insert(id, name);
        }
    }

    /// Merges `from` into `into` (into the speaker `into` is itself merged
    /// into, if any, so no cycle can form). Merging a speaker into itself
    /// undoes its merge; merging it into one of its own members does nothing.
    pub fn merge(&mut self, from: SpeakerId, into: SpeakerId) {
        if from == into {
            self.merges.remove(&from);
            return;
        }
        let root = self.canonical(into);
        if root != from {
            self.merges.insert(from, root);
        }
    }

    /// Undoes the merge of `id`, if any.
    pub fn unmerge(&mut self, id: SpeakerId) {
        self.merges.remove(&id);
    }

    /// The speaker `id` ends up as, following merges.
    pub fn canonical(&self, id: SpeakerId) -> SpeakerId {
        self.resolve(id, usize::MAX)
    }

    /// Follows merges from `id`, ignoring merges into ids `>= limit`.
    fn resolve(&self, id: SpeakerId, limit: usize) -> SpeakerId {
        let mut seen = HashSet::new();
        let mut path = Vec::new();
        let mut current = id;
        while seen.insert(current) {
            path.push(current);
            match self.merges.get(&current) {
                Some(&next) if next < limit => current = next,
                _ => return current,
            }
        }
        // A cycle: `current` is where it closes; its smallest member wins.
        let start = path.iter().position(|&p| p == current).unwrap_or(0);
        path.get(start..)
            .and_then(|cycle| cycle.iter().min().copied())
            .unwrap_or(current)
    }

    /// The name `id` shows under these edits.
    pub fn display_name<'a>(
        &'a self,
        transcript: &'a Transcript,
        id: SpeakerId,
    ) -> Option<&'a str> {
        let canonical = self.resolve(id, transcript.speakers.len());
        self.renames
            .get(&canonical)
            .map(String::as_str)
            .filter(|n| !n.trim().is_empty())
            .or_else(|| transcript.speakers.get(canonical).map(|s| s.name.as_str()))
    }

    /// These edits, made on `old`, carried to `new` (the same text read
    /// another way, see "Read as…"): a speaker is found again by its name
    /// as read (or its source id); edits of speakers `new` does not have are
    /// dropped, and their names returned, in order, so the reader can be
    /// told.
    pub fn carried(&self, old: &Transcript, new: &Transcript) -> (SpeakerEdits, Vec<String>) {
        let find = |id: SpeakerId| -> Option<SpeakerId> {
            let speaker = old.speakers.get(id)?;
            new.speakers
                .iter()
                .position(|s| s.name == speaker.name)
                .or_else(|| {
                    let source = speaker.id.as_deref()?;
                    new.speakers
                        .iter()
                        .position(|s| s.id.as_deref() == Some(source))
                })
        };
        let name = |id: SpeakerId| {
            old.speakers
                .get(id)
                .map_or_else(|| format!("speaker {id}"), |s| s.name.clone())
        };
        let mut out = SpeakerEdits::default();
        let mut dropped = Vec::new();
        for (&id, renamed) in &self.renames {
            match find(id) {
                Some(to) => {
                    out.renames.insert(to, renamed.clone());
                }
                None => dropped.push(name(id)),
            }
        }
        for (&from, &into) in &self.merges {
            match (find(from), find(into)) {
                (Some(f), Some(i)) if f != i => {
                    out.merges.insert(f, i);
                }
                (Some(_), Some(_)) => {}
                _ => {
                    let n = name(from);
                    if !dropped.contains(&n) {
                        dropped.push(n);
                    }
                }
            }
        }
        (out, dropped)
    }

    /// The edited transcript: see the module doc.
    pub fn apply(&self, transcript: &Transcript) -> Transcript {
        self.apply_with_map(transcript).0
    }

    /// The edited transcript and, for each original turn, the index of the
    /// turn it became part of (to carry a selected turn or per-turn data
    /// across the edit).
    pub fn apply_with_map(&self, transcript: &Transcript) -> (Transcript, Vec<usize>) {
        // Speakers: one per distinct final name, in order of first original id.
        let mut speakers: Vec<Speaker> = Vec::new();
        let mut by_name: HashMap<String, SpeakerId> = HashMap::new();
        let new_ids: Vec<SpeakerId> = (0..transcript.speakers.len())
            .map(|id| {
                let name =
                    collapse_whitespace(self.display_name(transcript, id).unwrap_or_default());
                *by_name.entry(name.clone()).or_insert_with(|| {
                    // The source's id stays with the speaker, renamed or
                    // not: links and exports find it by that.
                    let canonical = self.resolve(id, transcript.speakers.len());
                    let source_id = transcript
                        .speakers
                        .get(canonical)
                        .and_then(|s| s.id.clone());
                    speakers.push(Speaker {
                        name,
                        id: source_id,
                    });
                    speakers.len() - 1
                })
            })
            .collect();
        let new_id = |id: Option<SpeakerId>| id.and_then(|id| new_ids.get(id).copied());

        let mut starts_section = vec![false; transcript.turns.len()];
        for section in &transcript.sections {
            if let Some(s) = starts_section.get_mut(section.turn) {
                *s = true;
            }
        }
        let mut turns: Vec<Turn> = Vec::with_capacity(transcript.turns.len());
        let mut map = Vec::with_capacity(transcript.turns.len());
        let mut previous: Option<&Turn> = None;
        for (i, turn) in transcript.turns.iter().enumerate() {
            let speaker = new_id(turn.speaker);
            let joins = previous.is_some_and(|p| {
                p.speaker != turn.speaker
                    && p.kind == TurnKind::Speech
                    && turn.kind == TurnKind::Speech
                    && speaker.is_some()
                    && new_id(p.speaker) == speaker
            }) && starts_section.get(i) == Some(&false);
            previous = Some(turn);
            match turns.last_mut() {
                Some(last) if joins => {
                    last.text.push(' ');
                    let offset = last.text.len();
                    last.text.push_str(&turn.text);
                    last.segments.extend(turn.segments.iter().map(|s| Segment {
                        offset: offset + s.offset,
                        ..s.clone()
                    }));
                    last.start = last.start.or(turn.start);
                    last.end = turn.end.or(last.end);
                }
                _ => turns.push(Turn {
                    speaker,
                    ..turn.clone()
                }),
            }
            map.push(turns.len().saturating_sub(1));
        }
        let mut sections = transcript.sections.clone();
        for section in &mut sections {
            section.turn = map.get(section.turn).copied().unwrap_or(section.turn);
        }
        let edited = Transcript {
            speakers,
            turns,
            sections,
            ..transcript.clone()
        };
        (edited, map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Format;
    use crate::model::TranscriptBuilder;

    fn script() -> Transcript {
        let mut b = TranscriptBuilder::new(Format::PlainScript);
        b.push(Some("Sam"), Some(0.0), Some(1.0), "Hi there.");
        b.push(
            Some("Sam Altman"),
            Some(1.0),
            Some(2.0),
            "Thanks for having me.",
        );
        b.push(Some("Host"), Some(2.0), Some(3.0), "Welcome.");
        b.push(Some("Sam"), Some(3.0), Some(4.0), "Glad to be here.");
        b.section("Q&A");
        b.push(Some("Sam Altman"), Some(4.0), Some(5.0), "Questions?");
        b.finish()
    }

    #[test]
    fn merging_joins_neighbouring_turns_but_not_across_sections() {
        let t = script();
        let mut edits = SpeakerEdits::default();
        edits.merge(0, 1);
        let (e, map) = edits.apply_with_map(&t);
        let names: Vec<_> = e.speakers.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Sam Altman", "Host"]);
        let turns: Vec<_> = e
            .turns
            .iter()
            .map(|t| (t.speaker, t.text.as_str()))
            .collect();
        assert_eq!(
            turns,
            [
                (Some(0), "Hi there. Thanks for having me."),
                (Some(1), "Welcome."),
                (Some(0), "Glad to be here."),
                (Some(0), "Questions?"),
            ]
        );
        assert_eq!(map, [0, 0, 1, 2, 3]);
        assert_eq!(e.sections[0].turn, 3);
        let first = &e.turns[0];
        assert_eq!((first.start, first.end), (Some(0.0), Some(2.0)));
        assert_eq!(
            &first.text[first.segments[1].offset..],
            "Thanks for having me."
        );
        let stats = speaker_stats(&e);
        assert_eq!((stats[0].turns, stats[0].words), (3, 11));
    }

    #[test]
    fn renames_follow_merges_and_equal_names_become_one_speaker() {
        let t = script();
        let mut edits = SpeakerEdits::default();
        edits.rename(2, "  Kevin   Weil ");
        edits.rename(0, "Sam Altman");
        assert_eq!(edits.display_name(&t, 2), Some("Kevin Weil"));
        let e = edits.apply(&t);
        assert_eq!(e.speakers.len(), 2);
        assert_eq!(e.turns.len(), 4);
        edits.rename(1, "S. Altman");
        edits.merge(0, 1);
        assert_eq!(edits.display_name(&t, 0), Some("S. Altman"));
        edits.rename(1, " ");
        assert_eq!(edits.display_name(&t, 0), Some("Sam Altman"));
    }

    #[test]
    fn stale_or_cyclic_edits_do_not_panic() {
        let t = script();
        let edits = SpeakerEdits {
            renames: BTreeMap::from([(99, "Ghost".into())]),
            merges: BTreeMap::from([(0, 1), (1, 0), (2, 99)]),
        };
        assert_eq!(edits.canonical(1), 0);
        assert_eq!(edits.display_name(&t, 2), Some("Host"));
        let e = edits.apply(&t);
        assert_eq!(e.speakers.len(), 2);
        let json = serde_json::to_string(&edits).unwrap();
        assert_eq!(serde_json::from_str::<SpeakerEdits>(&json).unwrap(), edits);
        assert_eq!(
            serde_json::from_str::<SpeakerEdits>("{}").unwrap(),
            SpeakerEdits::default()
        );
    }

    #[test]
    fn merging_into_itself_undoes() {
        let mut edits = SpeakerEdits::default();
        edits.merge(0, 1);
        edits.merge(1, 2);
        assert_eq!(edits.canonical(0), 2);
        edits.merge(2, 0);
        // 0 is already in 2's group: no cycle is created.
        assert_eq!(edits.canonical(2), 2);
        edits.merge(0, 0);
        assert_eq!(edits.canonical(0), 0);
    }
}
