//! "Share" and "Export": the link to the current view in a read-only box
//! with a Copy button and plain words about its length, and the view saved
//! or copied as Markdown, text, JSON, WebVTT or SRT. The link and exports
//! are made by the caller only while the panel is open; a transcript's
//! link payload and the exports come from the worker, so both can be a
//! moment in coming, and the panel says so.

use transcript_core::share::{LinkSize, HARD_LIMIT, SOFT_LIMIT};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::thousands;

use crate::clipboard;

/// An export the current view offers.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportChoice {
    pub id: &'static str,
    pub label: &'static str,
}

/// A finished export: file name, media type and text.
pub type Exported = (String, String, String);

/// The share link, as far as it is made.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkOut {
    Ready(String),
    /// The transcript's payload is being made.
    Making,
    /// It could not be made: the sentence to show.
    Failed(String),
}

#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    /// The full URL of the current view while the panel is open (`None`
    /// while it is closed).
    pub link: Option<LinkOut>,
    /// The panel is opened (`true`) or closed.
    pub on_toggle: Callback<bool>,
    /// Formats the current view can be exported as.
    pub exports: Vec<ExportChoice>,
    /// Exports the current view in a format (by id), answering the
    /// callback with the export or why not.
    pub make_export: Callback<(&'static str, Callback<Result<Exported, String>>)>,
    /// Said under the link, e.g. that "All transcripts" links name the
    /// reader's own library.
    #[prop_or_default]
    pub note: Option<AttrValue>,
}

#[function_component(SharePanel)]
pub fn share_panel(props: &SharePanelProps) -> Html {
    let open = props.link.is_some();
    let status = use_state_eq(String::new);
    let format = use_state_eq(|| props.exports.first().map_or("md", |c| c.id));
    let toggle = {
        let on_toggle = props.on_toggle.clone();
        let status = status.clone();
        Callback::from(move |_| {
            status.set(String::new());
            on_toggle.emit(!open);
        })
    };
    let set_status = {
        let status = status.clone();
        Callback::from(move |s: String| status.set(s))
    };

    let made = props.link.clone();
    let link_box = if let Some(LinkOut::Making) = &made {
        html! { <p class="hint">{ "Making the link…" }</p> }
    } else if let Some(LinkOut::Failed(message)) = &made {
        html! { <p class="warning">{ message.clone() }</p> }
    } else if let Some(LinkOut::Ready(link)) = made {
        let chars = link.chars().count();
        let size = LinkSize::of(chars);
        let copy = {
            let link = link.clone();
            let set_status = set_status.clone();
            Callback::from(move |_| clipboard::copy(link.clone(), "link", set_status.clone()))
        };
        let select_all = Callback::from(|e: FocusEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            input.select();
        });
        html! {
            if size == LinkSize::TooLong {
                <p class="warning">{ format!(
                    "This transcript is too long for a link: the link would be {} characters, and browsers open at most {}. \
                     Export it as a file below and send that instead.",
                    thousands(chars), thousands(HARD_LIMIT)
                ) }</p>
            } else {
                <div class="share-link">
                    <label for="share-link">{ "Share link" }</label>
                    <input id="share-link" type="text" readonly=true value={link} onfocus={select_all} />
                    <button type="button" onclick={copy}>{ "Copy" }</button>
                </div>
                if size == LinkSize::Long {
                    <p class="warning">{ format!(
                        "This link is {} characters long. Some chat apps cut links longer than {}: \
                         if it arrives broken, export the transcript below and send the file instead.",
                        thousands(chars), thousands(SOFT_LIMIT)
                    ) }</p>
                }
                if let Some(note) = &props.note {
                    <p class="hint">{ note.clone() }</p>
                }
            }
        }
    } else {
        Html::default()
    };

    let on_format = {
        let format = format.clone();
        let exports = props.exports.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(choice) = exports.iter().find(|c| c.id == select.value()) {
                format.set(choice.id);
            }
        })
    };
    let on_download = {
        let make_export = props.make_export.clone();
        let format = format.clone();
        let set_status = set_status.clone();
        Callback::from(move |_| {
            set_status.emit("Exporting…".to_string());
            let set_status = set_status.clone();
            let saved = Callback::from(move |made: Result<Exported, String>| {
                let result = made.and_then(|(file, mime, text)| {
                    clipboard::download(&file, &mime, &text).map(|()| file)
                });
                set_status.emit(match result {
                    Ok(file) => format!("Saved as {file}."),
                    Err(message) => message,
                });
            });
            make_export.emit((*format, saved));
        })
    };
    let on_copy_export = {
        let make_export = props.make_export.clone();
        let format = format.clone();
        let set_status = set_status.clone();
        Callback::from(move |_| {
            set_status.emit("Exporting…".to_string());
            let set_status = set_status.clone();
            let copied = Callback::from(move |made: Result<Exported, String>| match made {
                Ok((_, _, text)) => clipboard::copy(text, "export", set_status.clone()),
                Err(message) => set_status.emit(message),
            });
            make_export.emit((*format, copied));
        })
    };

    html! {
        <div class="share">
            <button type="button" class="share-toggle" aria-expanded={open.to_string()} aria-controls="share-panel" onclick={toggle}>
                { "Share" }
            </button>
            if open {
                <section id="share-panel" class="share-panel" aria-label="Share or export this view">
                    { link_box }
                    <div class="export">
                        <label for="export-format">{ "Export this view as" }</label>
                        <select id="export-format" onchange={on_format}>
                            { for props.exports.iter().map(|c| html! {
                                <option value={c.id} selected={c.id == *format}>{ c.label }</option>
                            }) }
                        </select>
                        <button type="button" onclick={on_download}>{ "Download" }</button>
                        <button type="button" onclick={on_copy_export}>{ "Copy export" }</button>
                    </div>
                    <p class="status" role="status">{ (*status).clone() }</p>
                </section>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_read_with_separators() {
        assert_eq!(super::thousands(7), "7");
        assert_eq!(super::thousands(8_000), "8,000");
        assert_eq!(super::thousands(2_097_152), "2,097,152");
    }
}
