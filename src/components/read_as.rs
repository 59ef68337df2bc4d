//! How the open transcript was read, in one line, and "Read as…": the
//! reader picks another format, or one of the speaker-label shapes found in
//! the text (with an example line and how many turns it gives), and the
//! text is read again that way.

use std::rc::Rc;

use transcript_core::parse::{format_choices, ReadAs};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::by_ptr::ByPtr;
use crate::components::thousands;
use crate::state::ReadingInfo;

#[derive(Properties, PartialEq)]
pub struct ReadAsProps {
    pub reading: ByPtr<ReadingInfo>,
    /// Reads the text again with a `ReadAs` key.
    pub on_read_as: Callback<String>,
}

#[function_component(ReadAsMenu)]
pub fn read_as_menu(props: &ReadAsProps) -> Html {
    let reading: &Rc<ReadingInfo> = &props.reading.0;
    let select = use_node_ref();
    let applied = ReadAs::from_key(&reading.applied).unwrap_or_default();
    let menu = applied.menu_key();
    let onsubmit = {
        let select = select.clone();
        let on_read_as = props.on_read_as.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            // A label shape, if one is checked, else the format chosen.
            let shape = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector("input[name=read-as-shape]:checked")
                        .ok()
                        .flatten()
                })
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(e).ok())
                .map(|i| i.value())
                .filter(|v| !v.is_empty());
            let key = shape.or_else(|| select.cast::<HtmlSelectElement>().map(|s| s.value()));
            if let Some(key) = key {
                on_read_as.emit(key);
            }
        })
    };
    html! {
        <div class="reading">
            <p class="reading-summary">{ &reading.summary }</p>
            <details class="read-as">
                <summary>{ "Read as…" }</summary>
                <form {onsubmit}>
                    <label for="read-as-format">{ "Format" }</label>
                    <select id="read-as-format" ref={select}>
                        { for format_choices().into_iter().map(|(how, label)| {
                            let key = if how.format.is_none() { "auto".to_string() } else { how.menu_key().to_string() };
                            let selected = how.menu_key() == menu && !(how.format.is_none() && applied.format.is_some());
                            html! { <option value={key} {selected}>{ label }</option> }
                        }) }
                    </select>
                    if !reading.choices.is_empty() {
                        <fieldset>
                            <legend>{ "Speaker labels found in the text" }</legend>
                            <label class="check">
                                <input type="radio" name="read-as-shape" value="" checked={applied.shape.is_none()} />
                                { "As the format says" }
                            </label>
                            { for reading.choices.iter().map(|(key, label, example, turns)| {
                                let checked = ReadAs::from_key(key).is_some_and(|c| c.shape.is_some() && c.shape == applied.shape);
                                html! {
                                    <label class="check">
                                        <input type="radio" name="read-as-shape" value={key.clone()} {checked} />
                                        <span>
                                            { format!("{label}: {} turns", thousands(*turns)) }
                                            <code class="example">{ example }</code>
                                        </span>
                                    </label>
                                }
                            }) }
                        </fieldset>
                    }
                    <button type="submit">{ "Read again" }</button>
                </form>
            </details>
        </div>
    }
}
