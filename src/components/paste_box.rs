//! The paste box: a labelled textarea and an "Explore" button.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PasteBoxProps {
    pub on_explore: Callback<String>,
}

#[function_component(PasteBox)]
pub fn paste_box(props: &PasteBoxProps) -> Html {
    let textarea = use_node_ref();
    let onsubmit = {
        let textarea = textarea.clone();
        let on_explore = props.on_explore.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
                on_explore.emit(area.value());
            }
        })
    };
    html! {
        <form class="paste-box" {onsubmit}>
            <label for="paste">{ "Paste a transcript" }</label>
            <textarea
                id="paste"
                ref={textarea}
                rows="6"
                spellcheck="false"
                placeholder="Ana: Hello there.\nBen: Hi, Ana."
            />
            <button type="submit">{ "Explore" }</button>
        </form>
    }
}
