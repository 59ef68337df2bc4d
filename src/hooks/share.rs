//! Sharing: the open transcript's link payload made by the worker when a
//! link is wanted ([`AppState::payload_wanted`]), links copied to the
//! clipboard ([`AppState::to_copy`]), and exports of what is shown.

use transcript_core::export::{self, ExportFormat};
use yew::prelude::*;

use super::State;
use crate::by_ptr::ByPtr;
use crate::clipboard;
use crate::components::share_panel::{ExportChoice, Exported, LinkOut};
use crate::components::turn_list::Row;
use crate::jobs;
use crate::state::{copyable, Action};
use crate::worker::Workers;

#[hook]
pub fn use_share(state: &State, workers: &Workers) {
    let wanted = state.payload_wanted().cloned();
    let workers = workers.clone();
    let dispatcher = state.dispatcher();
    use_effect_with(wanted, move |wanted| {
        if let Some(of) = wanted.clone() {
            wasm_bindgen_futures::spawn_local(async move {
                let result = jobs::payload(&workers, &of.0).await.map(Into::into);
                dispatcher.dispatch(Action::PayloadMade { of, result });
            });
        }
    });
    let dispatcher = state.dispatcher();
    use_effect_with(state.to_copy.clone(), move |link| {
        if let Some(link) = link.clone() {
            let done = dispatcher.to_callback().reform(Action::Copied);
            clipboard::copy(link, "link to this turn", done);
        }
    });
}

/// Exports the shown turns in a format (by id), answering the callback.
pub type MakeExport = Callback<(&'static str, Callback<Result<Exported, String>>)>;

/// A turn's "Copy link": copied at once (the clipboard wants the click),
/// or when the transcript's payload is made.
#[hook]
pub fn use_turn_link(state: &State) -> Callback<usize> {
    let state = state.clone();
    Callback::from(move |turn: usize| match state.link_out(Some(turn)) {
        LinkOut::Ready(link) => match copyable(link) {
            Ok(link) => {
                let done = state.dispatcher().to_callback().reform(Action::Notice);
                clipboard::copy(link, "link to this turn", done);
            }
            Err(message) => state.dispatch(Action::Notice(message)),
        },
        LinkOut::Failed(message) => state.dispatch(Action::Notice(message)),
        LinkOut::Making => state.dispatch(Action::CopyWhenMade(turn)),
    })
}

/// The exports the open transcript allows (a scan of its turns, once per
/// transcript), and the export of the shown turns in one of them.
#[hook]
pub fn use_exports(
    state: &State,
    workers: &Workers,
    rows: ByPtr<Vec<Row>>,
) -> (Vec<ExportChoice>, MakeExport) {
    let current = state.current().map(|e| ByPtr(e.transcript.clone()));
    let choices = use_memo(current, |t| {
        t.iter()
            .flat_map(|t| export::available(&t.0))
            .map(|f| ExportChoice {
                id: f.id(),
                label: f.label(),
            })
            .collect::<Vec<_>>()
    });
    let state = state.clone();
    let workers = workers.clone();
    let make = Callback::from(
        move |(id, reply): (&'static str, Callback<Result<Exported, String>>)| {
            let what = || -> Result<_, String> {
                let entry = state
                    .current()
                    .ok_or_else(|| "Open one transcript to export it.".to_string())?;
                let format = ExportFormat::from_id(id)
                    .ok_or_else(|| format!("There is no export called {id}."))?;
                let shown: Vec<usize> = rows.iter().map(|r| r.turn).collect();
                let view = export::subset(&entry.transcript, &shown);
                Ok((entry.name.clone(), format, view))
            };
            match what() {
                Err(message) => reply.emit(Err(message)),
                Ok((name, format, view)) => {
                    let workers = workers.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let made = jobs::export(&workers, &view, format).await.map(|text| {
                            (
                                format!("{}.{}", file_stem(&name), format.extension()),
                                format.mime().to_string(),
                                text,
                            )
                        });
                        reply.emit(made);
                    });
                }
            }
        },
    );
    ((*choices).clone(), make)
}

/// A file name for an export of the transcript called `name`: its name
/// without an extension, with characters file systems refuse replaced.
pub fn file_stem(name: &str) -> String {
    let stem = name
        .rsplit_once('.')
        .filter(|(stem, ext)| !stem.is_empty() && ext.len() <= 4)
        .map_or(name, |(stem, _)| stem);
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim().trim_matches('.');
    if clean.is_empty() {
        "transcript".to_string()
    } else {
        clean.chars().take(80).collect()
    }
}
