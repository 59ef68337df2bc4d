//! The worker's other jobs, each asked for by the state: the stored
//! library read again at start ([`AppState::restoring`](crate::state::AppState::restoring)), a link's
//! transcript unpacked ([`AppState::link`](crate::state::AppState::link)), topics and repeats of
//! transcripts a speaker edit changed ([`Analysis::Pending`]), and repeats
//! across transcripts for "All transcripts" ([`AppState::across_wanted`](crate::state::AppState::across_wanted)).

use std::rc::Rc;

use yew::prelude::*;

use super::State;
use crate::by_ptr::ByPtr;
use crate::jobs;
use crate::state::{Across, Action, Analysis};
use crate::worker::Workers;

#[hook]
pub fn use_worker_jobs(state: &State, workers: &Workers) {
    // The stored library, read again once the page is up.
    let restoring = state.restoring.clone();
    let w = workers.clone();
    let dispatcher = state.dispatcher();
    use_effect_with(
        restoring.as_ref().and_then(|r| r.stored.clone()).map(ByPtr),
        move |_| {
            if let Some(stored) = restoring.and_then(|r| r.stored) {
                wasm_bindgen_futures::spawn_local(async move {
                    let mut entries = Vec::new();
                    let mut unreadable = Vec::new();
                    for s in stored.iter() {
                        match jobs::restore(&w, s).await {
                            Ok(entry) => entries.push(entry),
                            Err(_) => unreadable.push(s.name.clone()),
                        }
                    }
                    let error = (!unreadable.is_empty()).then(|| {
                        format!(
                            "{} stored transcript(s) could not be read and are not shown: {}.",
                            unreadable.len(),
                            unreadable.join(", ")
                        )
                    });
                    dispatcher.dispatch(Action::Restored { entries, error });
                });
            }
        },
    );

    // A link's transcript.
    let link = state.link.as_ref().map(|l| l.payload.clone());
    let w = workers.clone();
    let dispatcher = state.dispatcher();
    use_effect_with(link.clone().map(ByPtr), move |_| {
        if let Some(payload) = link {
            wasm_bindgen_futures::spawn_local(async move {
                let result = jobs::open_link(&w, &payload).await;
                dispatcher.dispatch(Action::LinkOpened { payload, result });
            });
        }
    });

    // Topics and repeated passages of transcripts a speaker edit changed.
    let pending: Vec<(String, ByPtr<transcript_core::Transcript>)> = state
        .entries
        .iter()
        .filter(|e| matches!(e.analysis, Analysis::Pending))
        .map(|e| (e.id.clone(), ByPtr(e.transcript.clone())))
        .collect();
    let dispatcher = state.dispatcher();
    let w = workers.clone();
    use_effect_with(pending, move |pending| {
        for (id, t) in pending.clone() {
            let (dispatcher, w) = (dispatcher.clone(), w.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Some((topics, duplicates)) = jobs::analyse(&w, &t.0).await {
                    dispatcher.dispatch(Action::Analysed {
                        id,
                        transcript: t.0,
                        topics: Rc::new(topics),
                        duplicates: Rc::new(duplicates),
                    });
                }
            });
        }
    });

    // Passages repeated across transcripts, for "All transcripts".
    let dispatcher = state.dispatcher();
    let w = workers.clone();
    use_effect_with(state.across_wanted(), move |wanted| {
        if let Some(of) = wanted.clone() {
            wasm_bindgen_futures::spawn_local(async move {
                let list: Vec<_> = of.iter().map(|t| t.0.clone()).collect();
                if let Some(d) = jobs::across(&w, &list).await {
                    dispatcher.dispatch(Action::AcrossFound(Across {
                        of,
                        duplicates: ByPtr(Rc::new(d)),
                    }));
                }
            });
        }
    });
}
