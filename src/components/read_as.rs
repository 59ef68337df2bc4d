//! How the open transcript was read, in one line, and "Read as…": the
//! reader picks another format, or one of the speaker-label shapes found in
//! the text (with an example line and how many turns it gives), and the
//! text is read again that way.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::by_ptr::ByPtr;
use crate::components::counted;
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
    let onsubmit = {
        let select = select.clone();
        let on_read_as = props.on_read_as.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            // A label shape, if one is checked in this form, else the
            // format chosen.
            let shape = event
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .and_then(|form| {
                    form.query_selector("input[name=read-as-shape]:checked")
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
                        { for reading.formats.iter().map(|(key, label)| {
                            let selected = *key == reading.format;
                            html! { <option value={key.clone()} {selected}>{ label }</option> }
                        }) }
                    </select>
                    if !reading.choices.is_empty() {
                        <fieldset>
                            <legend>{ "Speaker labels found in the text" }</legend>
                            <label class="check">
                                <input type="radio" name="read-as-shape" value="" checked={!reading.choices.iter().any(|c| c.checked)} />
                                { "As the format says" }
                            </label>
                            { for reading.choices.iter().map(|c| {
                                html! {
                                    <label class="check">
                                        <input type="radio" name="read-as-shape" value={c.key.clone()} checked={c.checked} />
                                        <span>
                                            { format!("{}: {}", c.label, counted(c.turns, "turn", "turns")) }
                                            <code class="example">{ &c.example }</code>
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
