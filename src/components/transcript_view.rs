//! The open transcript: a header with its facts, then its turns as a list.

use std::rc::Rc;

use transcript_core::{Transcript, TurnKind};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TranscriptViewProps {
    pub name: String,
    pub transcript: Rc<Transcript>,
}

/// `h:mm:ss` or `m:ss`.
fn clock(seconds: f64) -> String {
    let total = seconds.max(0.0).floor() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[function_component(TranscriptView)]
pub fn transcript_view(props: &TranscriptViewProps) -> Html {
    let t = &props.transcript;
    let words = t.word_count();
    html! {
        <article class="transcript">
            <header class="transcript-header">
                <h2>{ &props.name }</h2>
                <p class="facts">
                    { format!("{} · {} turns · {} speakers · {} words", t.metadata.format.label(), t.turns.len(), t.speakers.len(), words) }
                </p>
                { for t.warnings.iter().map(|w| html! { <p class="warning">{ w }</p> }) }
            </header>
            <ol class="turns" aria-label="Turns">
                { for t.turns.iter().enumerate().map(|(index, turn)| {
                    let speaker = t.speaker_name(turn);
                    let class = classes!(
                        "turn",
                        (turn.kind == TurnKind::NonSpeech).then_some("non-speech"),
                        speaker.is_none().then_some("no-speaker"),
                    );
                    html! {
                        <li key={index} {class}>
                            <div class="turn-meta">
                                <span class="speaker">{ speaker.unwrap_or("Unattributed") }</span>
                                if let Some(start) = turn.start {
                                    <time class="start">{ clock(start) }</time>
                                }
                            </div>
                            <p class="text">{ &turn.text }</p>
                        </li>
                    }
                }) }
            </ol>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::clock;

    #[test]
    fn clock_formats_minutes_and_hours() {
        assert_eq!(clock(3.9), "0:03");
        assert_eq!(clock(62.0), "1:02");
        assert_eq!(clock(3723.0), "1:02:03");
        assert_eq!(clock(-1.0), "0:00");
    }
}
