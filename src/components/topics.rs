//! Topic tags: the transcript's top tags as toggle buttons that filter the
//! turns (several combine), and, where the transcript has times, a timeline
//! of where each top tag occurs, clickable to jump there.

use std::rc::Rc;

use transcript_core::topics::Topics;
use transcript_core::view::{clock, TopicChoice};
use transcript_core::Transcript;
use yew::prelude::*;

use crate::by_ptr::ByPtr;
use crate::components::{counted, decimal};

/// Tags drawn on the timeline.
const TIMELINE_TAGS: usize = 6;

#[derive(Properties, PartialEq)]
pub struct TopicChipsProps {
    /// Labels and how many turns each occurs in, best first.
    pub tags: Rc<Vec<TopicChoice>>,
    pub selected: Vec<String>,
    pub on_toggle: Callback<String>,
}

#[function_component(TopicChips)]
pub fn topic_chips(props: &TopicChipsProps) -> Html {
    if props.tags.is_empty() {
        return html! {};
    }
    html! {
        <section class="topics" aria-labelledby="topics-heading">
            <h2 id="topics-heading">{ "Topics" }</h2>
            <div class="chips" role="group" aria-label="Topics">
                { for props.tags.iter().map(|TopicChoice { label, turns }| {
                    let pressed = props.selected.contains(label);
                    let on_toggle = props.on_toggle.clone();
                    let pick = label.clone();
                    html! {
                        <button
                            type="button"
                            class={classes!("chip", pressed.then_some("pressed"))}
                            aria-pressed={pressed.to_string()}
                            title={counted(*turns, "turn", "turns")}
                            onclick={Callback::from(move |_| on_toggle.emit(pick.clone()))}
                        >
                            { label }
                        </button>
                    }
                }) }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub transcript: ByPtr<Transcript>,
    pub topics: ByPtr<Topics>,
    /// Jump to a turn.
    pub on_jump: Callback<usize>,
    /// The selected turn, so the keyboard can step to the next occurrence.
    #[prop_or_default]
    pub selected: Option<usize>,
}

/// Where the top tags occur along the conversation. Drawn only when turns
/// have times; each mark is a turn, and a click selects it.
#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let t = &props.transcript;
    let (Some(first), Some(duration)) = (
        t.turns.iter().find_map(|turn| turn.start),
        t.metadata.duration,
    ) else {
        return html! {};
    };
    if duration <= 0.0 {
        return html! {};
    }
    html! {
        <figure class="timeline">
            <figcaption>{ format!("Where the top topics come up (0:00 to {})", clock(first + duration)) }</figcaption>
            <ul>
                { for props.topics.tags.iter().take(TIMELINE_TAGS).map(|tag| {
                    // Ticks are 0.5 wide: one per half-percent of the
                    // conversation (its first turn) draws the same line, and
                    // a tag in thousands of turns costs 200 elements, not a
                    // render of thousands after an import.
                    let mut drawn = [false; 200];
                    let marks = tag.turns.iter().filter_map(move |&turn| {
                        let start = t.turns.get(turn)?.start?;
                        let x = ((start - first) / duration * 100.0).clamp(0.0, 99.5);
                        let seen = drawn.get_mut((x * 2.0) as usize)?;
                        if std::mem::replace(seen, true) {
                            return None;
                        }
                        let on_jump = props.on_jump.clone();
                        Some(html! {
                            <rect class="tick" x={decimal(x, 2)} y="0" width="0.5" height="10"
                                onclick={Callback::from(move |_| on_jump.emit(turn))}>
                                <title>{ format!("{} at {}", tag.label, clock(start)) }</title>
                            </rect>
                        })
                    });
                    // From the keyboard: the next occurrence after the selected turn.
                    let next = tag
                        .turns
                        .iter()
                        .copied()
                        .find(|&turn| props.selected.is_none_or(|s| turn > s))
                        .or_else(|| tag.turns.first().copied());
                    let step = {
                        let on_jump = props.on_jump.clone();
                        Callback::from(move |_| if let Some(turn) = next { on_jump.emit(turn) })
                    };
                    html! {
                        <li>
                            <button type="button" class="timeline-label link" onclick={step}
                                aria-label={format!("Go to the next turn about {}", tag.label)}>{ &tag.label }</button>
                            <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">{ for marks }</svg>
                        </li>
                    }
                }) }
            </ul>
        </figure>
    }
}
