//! The list of transcripts in the library; choosing one opens it.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LibraryProps {
    pub names: Vec<String>,
    pub selected: usize,
    pub on_select: Callback<usize>,
}

#[function_component(Library)]
pub fn library(props: &LibraryProps) -> Html {
    html! {
        <nav class="library" aria-labelledby="library-heading">
            <h2 id="library-heading">{ "Library" }</h2>
            <ul class="library-list">
                { for props.names.iter().enumerate().map(|(index, name)| {
                    let on_select = props.on_select.clone();
                    let current = index == props.selected;
                    html! {
                        <li key={index}>
                            <button
                                type="button"
                                class={classes!("library-item", current.then_some("current"))}
                                aria-current={current.then_some("true")}
                                onclick={Callback::from(move |_| on_select.emit(index))}
                            >
                                { name }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}
