//! What the reading view's filters offer: the speakers, with how much each
//! says, and the topic tags, for the open transcript or across all of them.
//! Across transcripts both are matched by name and label (ids and tag
//! positions mean nothing from one transcript to the next), so a speaker in
//! two transcripts is one choice with their words added up.

use std::collections::HashMap;

use crate::model::{SpeakerId, Transcript};
use crate::topics::Topics;
use crate::view::speaker_stats;

/// Topic tags offered as filters, at most.
pub const TOPIC_CHOICES: usize = 12;

/// A speaker as the filter offers them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerChoice {
    pub name: String,
    /// Words in their turns (across transcripts: in all of them).
    pub words: usize,
    /// Their id in the open transcript; `None` across transcripts, where a
    /// name can have a different id in each.
    pub speaker: Option<SpeakerId>,
}

/// A topic tag as the filter offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicChoice {
    pub label: String,
    /// Turns it occurs in (across transcripts: in all of them).
    pub turns: usize,
}

/// The speakers of one transcript (speaker edits applied), most words first.
pub fn speaker_choices(transcript: &Transcript) -> Vec<SpeakerChoice> {
    let mut out: Vec<SpeakerChoice> = speaker_stats(transcript)
        .into_iter()
        .map(|s| SpeakerChoice {
            name: s.name,
            words: s.words,
            speaker: Some(s.id),
        })
        .collect();
    out.sort_by_key(|s| std::cmp::Reverse(s.words));
    out
}

/// The speakers of several transcripts: one per name, words added up, most
/// words first (ties in the order they first appear).
pub fn speaker_choices_across<'a>(
    transcripts: impl IntoIterator<Item = &'a Transcript>,
) -> Vec<SpeakerChoice> {
    let mut out: Vec<SpeakerChoice> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for t in transcripts {
        for s in speaker_stats(t) {
            match at.get(&s.name).and_then(|&i| out.get_mut(i)) {
                Some(c) => c.words += s.words,
                None => {
                    at.insert(s.name.clone(), out.len());
                    out.push(SpeakerChoice {
                        name: s.name,
                        words: s.words,
                        speaker: None,
                    });
                }
            }
        }
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.words));
    out
}

/// The speakers to show after flipping `name`, given every choice and the
/// current selection (empty means everyone). Everyone, or no one, selected
/// comes back empty: the filter is off.
pub fn toggled(all: &[SpeakerChoice], selected: &[String], name: &str) -> Vec<String> {
    let mut shown: Vec<String> = if selected.is_empty() {
        all.iter().map(|c| c.name.clone()).collect()
    } else {
        selected.to_vec()
    };
    match shown.iter().position(|s| s == name) {
        Some(i) => {
            shown.remove(i);
        }
        None => shown.push(name.to_string()),
    }
    if shown.len() == all.len() || shown.is_empty() {
        Vec::new()
    } else {
        shown
    }
}

/// The open transcript's top tags, best first; none while its topics are
/// being worked out (`None`).
pub fn topic_choices(topics: Option<&Topics>) -> Vec<TopicChoice> {
    topics
        .map(|t| t.tags.as_slice())
        .unwrap_or_default()
        .iter()
        .take(TOPIC_CHOICES)
        .map(|t| TopicChoice {
            label: t.label.clone(),
            turns: t.turns.len(),
        })
        .collect()
}

/// The tags most common across transcripts: each transcript's top tags,
/// added up by label, the most turns first (ties in the order they first
/// appear). Transcripts whose topics are being worked out add nothing.
pub fn topic_choices_across<'a>(
    topics: impl IntoIterator<Item = Option<&'a Topics>>,
) -> Vec<TopicChoice> {
    let mut out: Vec<TopicChoice> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for choice in topics.into_iter().flat_map(topic_choices) {
        match at.get(&choice.label).and_then(|&i| out.get_mut(i)) {
            Some(c) => c.turns += choice.turns,
            None => {
                at.insert(choice.label.clone(), out.len());
                out.push(choice);
            }
        }
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.turns));
    out.truncate(TOPIC_CHOICES);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(name: &str) -> SpeakerChoice {
        SpeakerChoice {
            name: name.into(),
            words: 1,
            speaker: None,
        }
    }

    #[test]
    fn toggling_from_everyone_hides_one_and_back_to_everyone_is_empty() {
        let all = [choice("Ana"), choice("Ben"), choice("Cy")];
        let hidden_ben = toggled(&all, &[], "Ben");
        assert_eq!(hidden_ben, ["Ana", "Cy"]);
        assert_eq!(toggled(&all, &hidden_ben, "Ben"), Vec::<String>::new());
        assert_eq!(
            toggled(&all, &["Ana".into()], "Ana"),
            Vec::<String>::new(),
            "none selected means everyone"
        );
        assert_eq!(toggled(&all, &["Ana".into()], "Cy"), ["Ana", "Cy"]);
    }
}
