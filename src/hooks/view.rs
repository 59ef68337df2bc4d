//! The reading view derived from the state ([`crate::visible`]), worked
//! out again only when what it depends on changes.

use std::rc::Rc;

use transcript_core::Transcript;
use yew::prelude::*;

use super::State;
use crate::by_ptr::ByPtr;
use crate::visible::{choices, visible, Chips, Visible};
use transcript_core::view::SpeakerChoice;

#[hook]
pub fn use_reading_view(state: &State) -> (Rc<Visible>, Rc<Vec<SpeakerChoice>>, Chips) {
    // What the library shows, by identity: its transcripts and analyses.
    let library: Vec<(String, String, ByPtr<Transcript>, bool)> = state
        .entries
        .iter()
        .map(|e| {
            let ready = e.topics().is_some();
            (
                e.id.clone(),
                e.name.clone(),
                ByPtr(e.transcript.clone()),
                ready,
            )
        })
        .collect();
    let (speakers, chips) = {
        let state = state.clone();
        let key = (state.open(), library.clone());
        (*use_memo(key, move |_| choices(&state))).clone()
    };
    let visible = {
        let state = state.clone();
        let across = state.across_found().cloned();
        let key = (state.view.clone(), library, across.clone());
        use_memo(key, move |_| visible(&state, across.as_ref()))
    };
    (visible, speakers, chips)
}
