//! The speaker panel: a checkbox per speaker to filter turns (name and word
//! count as the label), and, for one transcript, renaming a speaker or
//! merging one into another. Edits are by the parser's speaker ids, so they
//! can be undone and are stored with the transcript.

use crate::components::counted;
use std::rc::Rc;

use transcript_core::view::{toggled, SpeakerChoice, SpeakerEdits};
use transcript_core::Transcript;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::by_ptr::ByPtr;

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
                    let swatch = c.speaker.map_or("swatch none".to_string(), |id| format!("swatch spk-{}", id % 12));
                    html! {
                        <div class="check">
                            <input type="checkbox" id={id.clone()} {checked} {onchange} />
                            <label for={id}>
                                <span class={swatch} aria-hidden="true"></span>
                                { format!("{} ({})", c.name, counted(c.words, "word", "words")) }
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
                            let Some(menu) = select.cast::<HtmlSelectElement>() else { return };
                            match menu.value().parse::<usize>() {
                                Ok(target) => {
                                    let mut next = edits.clone();
                                    next.merge(id, target);
                                    on_edit.emit(next);
                                }
                                // Still on "Choose a speaker": nothing to merge into yet.
                                Err(_) => {
                                    let _ = menu.focus();
                                }
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
                                        // No speaker chosen until the reader picks one: a merge is never one click away.
                                        <option value="" selected=true disabled=true>{ "Choose a speaker" }</option>
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
