//! The library: every transcript loaded, plus "All transcripts". Transcripts
//! the user added can be renamed and removed; the bundled ones always stay.
//! The whole library can be exported to one file and imported again.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::file_open::{on_files, FileRead};
use crate::state::Open;

/// What the library shows of one entry.
#[derive(Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub name: String,
    pub bundled: bool,
}

#[derive(Properties, PartialEq)]
pub struct LibraryProps {
    pub items: Vec<Item>,
    pub open: Open,
    pub on_open: Callback<Open>,
    pub on_rename: Callback<(String, String)>,
    pub on_remove: Callback<String>,
    /// Download the whole library as one file.
    pub on_export: Callback<()>,
    /// A library file the reader picked, to import.
    pub on_import: Callback<FileRead>,
    /// What the library takes of the browser's storage, once known.
    #[prop_or_default]
    pub usage: Option<String>,
}

#[function_component(Library)]
pub fn library(props: &LibraryProps) -> Html {
    // The entry being renamed, or asked about removal.
    let renaming = use_state(|| None::<String>);
    let removing = use_state(|| None::<String>);
    let all_current = props.open == Open::All;
    let on_all = {
        let on_open = props.on_open.clone();
        Callback::from(move |_| on_open.emit(Open::All))
    };
    let on_export = {
        let on_export = props.on_export.clone();
        Callback::from(move |_| on_export.emit(()))
    };
    let on_import = on_files(props.on_import.clone());
    html! {
        <nav class="library" aria-labelledby="library-heading">
            <h2 id="library-heading">{ "Library" }</h2>
            <ul class="library-list">
                { for props.items.iter().map(|item| {
                    let current = props.open == Open::One(item.id.clone());
                    let id = item.id.clone();
                    let on_open = props.on_open.clone();
                    let open = Callback::from(move |_| on_open.emit(Open::One(id.clone())));
                    let is_renaming = renaming.as_deref() == Some(item.id.as_str());
                    let is_removing = removing.as_deref() == Some(item.id.as_str());
                    html! {
                        <li key={item.id.clone()} class="library-entry">
                            if is_renaming {
                                { rename_form(item, &props.on_rename, &renaming) }
                            } else {
                                <button
                                    type="button"
                                    class={classes!("library-item", current.then_some("current"))}
                                    aria-current={current.then_some("true")}
                                    onclick={open}
                                >
                                    { &item.name }
                                </button>
                            }
                            if !item.bundled && !is_renaming {
                                if is_removing {
                                    <span class="confirm" role="group" aria-label={format!("Remove {}?", item.name)}>
                                        <span>{ "Remove?" }</span>
                                        <button type="button" class="small danger" onclick={{
                                            let on_remove = props.on_remove.clone();
                                            let removing = removing.clone();
                                            let id = item.id.clone();
                                            Callback::from(move |_| { removing.set(None); on_remove.emit(id.clone()); })
                                        }}>{ "Yes, remove" }</button>
                                        <button type="button" class="small" onclick={{
                                            let removing = removing.clone();
                                            Callback::from(move |_| removing.set(None))
                                        }}>{ "Keep" }</button>
                                    </span>
                                } else {
                                    <span class="entry-actions">
                                        <button type="button" class="small" aria-label={format!("Rename {}", item.name)} onclick={{
                                            let renaming = renaming.clone();
                                            let id = item.id.clone();
                                            Callback::from(move |_| renaming.set(Some(id.clone())))
                                        }}>{ "Rename" }</button>
                                        <button type="button" class="small" aria-label={format!("Remove {}", item.name)} onclick={{
                                            let removing = removing.clone();
                                            let id = item.id.clone();
                                            Callback::from(move |_| removing.set(Some(id.clone())))
                                        }}>{ "Remove" }</button>
                                    </span>
                                }
                            }
                        </li>
                    }
                }) }
                <li class="library-entry">
                    <button
                        type="button"
                        class={classes!("library-item", "all", all_current.then_some("current"))}
                        aria-current={all_current.then_some("true")}
                        onclick={on_all}
                    >
                        { "All transcripts" }
                    </button>
                </li>
            </ul>
            <div class="library-file">
                <button type="button" class="small" onclick={on_export}>{ "Export library" }</button>
                <label for="import-library" class="button small">{ "Import library" }</label>
                <input id="import-library" class="visually-hidden" type="file" accept=".json,application/json" onchange={on_import} />
            </div>
            if let Some(usage) = &props.usage {
                <p class="library-usage">{ usage }</p>
            }
        </nav>
    }
}

fn rename_form(
    item: &Item,
    on_rename: &Callback<(String, String)>,
    renaming: &UseStateHandle<Option<String>>,
) -> Html {
    let input = NodeRef::default();
    let onsubmit = {
        let input = input.clone();
        let on_rename = on_rename.clone();
        let renaming = renaming.clone();
        let id = item.id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(input) = input.cast::<HtmlInputElement>() {
                on_rename.emit((id.clone(), input.value()));
            }
            renaming.set(None);
        })
    };
    let cancel = {
        let renaming = renaming.clone();
        Callback::from(move |_| renaming.set(None))
    };
    let field = format!("rename-{}", item.id);
    html! {
        <form class="rename" {onsubmit}>
            <label for={field.clone()} class="visually-hidden">{ format!("New name for {}", item.name) }</label>
            <input id={field} ref={input} type="text" value={item.name.clone()} autofocus=true />
            <button type="submit" class="small">{ "Save" }</button>
            <button type="button" class="small" onclick={cancel}>{ "Cancel" }</button>
        </form>
    }
}
