//! The open transcript's header: title, facts, warnings, and each speaker's
//! share of the words as a bar chart (SVG, with the figures also as text).

use transcript_core::bits::sort::sort_by_key;
use transcript_core::view::{clock, speaker_stats};
use transcript_core::Transcript;
use yew::prelude::*;

use crate::by_ptr::ByPtr;
use crate::components::{counted, decimal};

#[derive(Properties, PartialEq)]
pub struct TranscriptHeaderProps {
    pub name: String,
    pub transcript: ByPtr<Transcript>,
}

/// Words per speaker, most first; unattributed words last as `None`.
pub fn speaker_shares(t: &Transcript) -> Vec<(Option<usize>, usize)> {
    let stats = speaker_stats(t);
    let attributed: usize = stats.iter().map(|s| s.words).sum();
    let mut shares: Vec<(Option<usize>, usize)> =
        stats.into_iter().map(|s| (Some(s.id), s.words)).collect();
    sort_by_key(&mut shares, |share| std::cmp::Reverse(share.1));
    let unattributed = t.word_count().saturating_sub(attributed);
    if unattributed > 0 {
        shares.push((None, unattributed));
    }
    shares
}

#[function_component(TranscriptHeader)]
pub fn transcript_header(props: &TranscriptHeaderProps) -> Html {
    let t = &props.transcript;
    let words = t.word_count();
    let mut facts = vec![t.metadata.format.label().to_string()];
    if let Some(date) = &t.metadata.date {
        facts.push(date.clone());
    }
    if let Some(duration) = t.metadata.duration {
        facts.push(clock(duration));
    }
    facts.push(counted(t.turns.len(), "turn", "turns"));
    facts.push(counted(words, "word", "words"));
    let shares = speaker_shares(t);
    let total = words.max(1) as f64;
    let mut x = 0.0;
    html! {
        <header class="transcript-header">
            <h2>{ &props.name }</h2>
            if let Some(title) = t.title.as_ref().filter(|title| **title != props.name) {
                <p class="subtitle">{ title }</p>
            }
            <p class="facts">{ facts.join(" · ") }</p>
            { for t.warnings.iter().map(|w| html! { <p class="warning">{ w }</p> }) }
            if !t.speakers.is_empty() {
                <figure class="share-chart">
                    <svg viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label="Share of words by speaker">
                        { for shares.iter().map(|(id, w)| {
                            let width = *w as f64 / total * 100.0;
                            let class = id.map_or("bar none".to_string(), |id| format!("bar spk-{}", id % 12));
                            let rect = html! { <rect {class} x={decimal(x, 3)} y="0" width={decimal(width, 3)} height="6" /> };
                            x += width;
                            rect
                        }) }
                    </svg>
                    <figcaption>
                        <ul class="share-legend">
                            { for shares.iter().map(|(id, w)| {
                                let name = id.and_then(|id| t.speakers.get(id)).map_or("Unattributed", |s| s.name.as_str());
                                let class = id.map_or("swatch none".to_string(), |id| format!("swatch spk-{}", id % 12));
                                html! {
                                    <li>
                                        <span {class} aria-hidden="true"></span>
                                        { format!("{name} {}%", decimal(*w as f64 / total * 100.0, 0)) }
                                    </li>
                                }
                            }) }
                        </ul>
                    </figcaption>
                </figure>
            }
        </header>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use transcript_core::{Format, TranscriptBuilder};

    #[test]
    fn shares_are_sorted_with_unattributed_last() {
        let mut b = TranscriptBuilder::new(Format::PlainScript);
        b.push(Some("Ana"), None, None, "one two");
        b.push(Some("Ben"), None, None, "one two three");
        b.push(None, None, None, "x");
        let t = b.finish();
        assert_eq!(speaker_shares(&t), [(Some(1), 3), (Some(0), 2), (None, 1)]);
    }
}
