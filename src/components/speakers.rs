//! The speaker panel: a checkbox per speaker to filter turns (name and word
//! count as the label), and, for one transcript, renaming a speaker or
//! merging one into another. Edits are by the parser's speaker ids, so they
//! can be undone and are stored with the transcript.

use std::rc::Rc;

use transcript_core::view::{speaker_stats, SpeakerEdits};
use transcript_core::Transcript;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::by_ptr::ByPtr;

/// A speaker as the filter shows it.
#[derive(Clone, PartialEq)]
pub struct SpeakerChoice {
    pub name: String,
    pub words: usize,
    /// Palette slot for the colour swatch.
    pub colour: Option<usize>,
}

/// The choices for one transcript (after edits), most words first.
pub fn choices_for(t: &Transcript) -> Vec<SpeakerChoice> {
    let mut stats = speaker_stats(t);
    stats.sort_by_key(|s| std::cmp::Reverse(s.words));
    stats
        .into_iter()
        .map(|s| SpeakerChoice {
            name: s.name,
            words: s.words,
            colour: Some(s.id % 12),
        })
        .collect()
}

/// The choices across several transcripts: one per name, words added up.
pub fn choices_across<'a>(transcripts: impl Iterator<Item = &'a Transcript>) -> Vec<SpeakerChoice> {
    let mut out: Vec<SpeakerChoice> = Vec::new();
    for t in transcripts {
        for s in speaker_stats(t) {
            match out.iter_mut().find(|c| c.name == s.name) {
                Some(c) => c.words += s.words,
                None => out.push(SpeakerChoice {
                    name: s.name,
                    words: s.words,
                    colour: None,
                }),
            }
        }
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.words));
    out
}

/// The speakers to show after flipping `name`, given the current selection
/// (empty means everyone). Everyone selected is stored as empty.
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

#[derive(Properties, PartialEq)]
pub struct SpeakersProps {
    pub choices: Rc<Vec<SpeakerChoice>>,
    pub selected: Vec<String>,
    pub on_select: Callback<Vec<String>>,
    /// The open transcript as parsed, and its edits: renaming and merging
    /// are offered only when one transcript is open.
    #[prop_or_default]
    pub editing: Option<(ByPtr<Transcript>, SpeakerEdits)>,
    #[prop_or_default]
    pub on_edit: Callback<SpeakerEdits>,
}

#[function_component(Speakers)]
pub fn speakers(props: &SpeakersProps) -> Html {
    let renaming = use_state(|| None::<usize>);
    let choices = &props.choices;
    let everyone = props.selected.is_empty();
    html! {
        <section class="speakers" aria-labelledby="speakers-heading">
            <h2 id="speakers-heading">{ "Speakers" }</h2>
            <fieldset class="speaker-filter">
                <legend>{ "Speakers" }</legend>
                { for choices.iter().enumerate().map(|(i, c)| {
                    let checked = everyone || props.selected.contains(&c.name);
                    let onchange = {
                        let all = choices.clone();
                        let selected = props.selected.clone();
                        let name = c.name.clone();
                        let on_select = props.on_select.clone();
                        Callback::from(move |_: Event| on_select.emit(toggled(&all, &selected, &name)))
                    };
                    let id = format!("speaker-{i}");
                    let swatch = c.colour.map_or("swatch none".to_string(), |k| format!("swatch spk-{k}"));
                    html! {
                        <div class="check">
                            <input type="checkbox" id={id.clone()} {checked} {onchange} />
                            <label for={id}>
                                <span class={swatch} aria-hidden="true"></span>
                                { format!("{} ({} words)", c.name, c.words) }
                            </label>
                        </div>
                    }
                }) }
            </fieldset>
            if let Some((original, edits)) = &props.editing {
                { edit_list(original, edits, &props.on_edit, &renaming) }
            }
        </section>
    }
}

/// Rename and merge controls, one row per speaker of the parse.
fn edit_list(
    original: &Transcript,
    edits: &SpeakerEdits,
    on_edit: &Callback<SpeakerEdits>,
    renaming: &UseStateHandle<Option<usize>>,
) -> Html {
    let count = original.speakers.len();
    if count == 0 {
        return html! {};
    }
    let name_of = |id: usize| edits.display_name(original, id).unwrap_or("?").to_string();
    let heads: Vec<usize> = (0..count).filter(|&id| edits.canonical(id) == id).collect();
    html! {
        <details class="speaker-edits">
            <summary>{ "Rename or merge speakers" }</summary>
            <ul>
                { for (0..count).map(|id| {
                    let name = name_of(id);
                    let original_name = original.speakers.get(id).map_or("", |s| s.name.as_str()).to_string();
                    if edits.canonical(id) != id {
                        let into = name_of(edits.canonical(id));
                        let undo = {
                            let edits = edits.clone();
                            let on_edit = on_edit.clone();
                            Callback::from(move |_| {
                                let mut next = edits.clone();
                                next.unmerge(id);
                                on_edit.emit(next);
                            })
                        };
                        return html! {
                            <li class="merged">
                                { format!("{original_name} is merged into {into}") }
                                <button type="button" class="small" onclick={undo} aria-label={format!("Undo merging {original_name}")}>{ "Undo" }</button>
                            </li>
                        };
                    }
                    if **renaming == Some(id) {
                        let input = NodeRef::default();
                        let onsubmit = {
                            let input = input.clone();
                            let edits = edits.clone();
                            let on_edit = on_edit.clone();
                            let renaming = renaming.clone();
                            Callback::from(move |e: SubmitEvent| {
                                e.prevent_default();
                                if let Some(input) = input.cast::<HtmlInputElement>() {
                                    let mut next = edits.clone();
                                    next.rename(id, &input.value());
                                    on_edit.emit(next);
                                }
                                renaming.set(None);
                            })
                        };
                        let cancel = { let renaming = renaming.clone(); Callback::from(move |_| renaming.set(None)) };
                        let field = format!("speaker-name-{id}");
                        return html! {
                            <li>
                                <form class="rename" {onsubmit}>
                                    <label for={field.clone()} class="visually-hidden">{ format!("New name for {name}") }</label>
                                    <input id={field} ref={input} type="text" value={name.clone()} autofocus=true />
                                    <button type="submit" class="small">{ "Save" }</button>
                                    <button type="button" class="small" onclick={cancel}>{ "Cancel" }</button>
                                </form>
                            </li>
                        };
                    }
                    let rename = { let renaming = renaming.clone(); Callback::from(move |_| renaming.set(Some(id))) };
                    let select = NodeRef::default();
                    let merge = {
                        let select = select.clone();
                        let edits = edits.clone();
                        let on_edit = on_edit.clone();
                        Callback::from(move |e: SubmitEvent| {
                            e.prevent_default();
                            let target = select.cast::<HtmlSelectElement>().and_then(|s| s.value().parse::<usize>().ok());
                            if let Some(target) = target {
                                let mut next = edits.clone();
                                next.merge(id, target);
                                on_edit.emit(next);
                            }
                        })
                    };
                    let others: Vec<usize> = heads.iter().copied().filter(|&h| h != id).collect();
                    let field = format!("merge-{id}");
                    html! {
                        <li>
                            <span class="speaker-name">{ &name }</span>
                            if name != original_name {
                                <span class="was">{ format!("(was {original_name})") }</span>
                            }
                            <button type="button" class="small" onclick={rename} aria-label={format!("Rename {name}")}>{ "Rename" }</button>
                            if !others.is_empty() {
                                <form class="merge" onsubmit={merge}>
                                    <label for={field.clone()}>{ format!("Merge {name} into") }</label>
                                    <select id={field} ref={select}>
                                        { for others.iter().map(|&o| html! { <option value={o.to_string()}>{ name_of(o) }</option> }) }
                                    </select>
                                    <button type="submit" class="small">{ "Merge" }</button>
                                </form>
                            }
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(name: &str) -> SpeakerChoice {
        SpeakerChoice {
            name: name.into(),
            words: 1,
            colour: None,
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
    }

    #[test]
    fn choices_across_transcripts_add_up_by_name() {
        let a = transcript_core::parse("Ana: one two\nBen: three").unwrap();
        let b = transcript_core::parse("Ana: four\nCy: five six seven eight").unwrap();
        let c = choices_across([&a, &b].into_iter());
        let got: Vec<(&str, usize)> = c.iter().map(|c| (c.name.as_str(), c.words)).collect();
        assert_eq!(got, [("Cy", 4), ("Ana", 3), ("Ben", 1)]);
    }
}
