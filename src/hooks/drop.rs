//! Drag and drop: a file dropped anywhere on the page opens like a picked
//! one; the page shows it is a drop target while a file is over it.

use web_sys::DragEvent;
use yew::prelude::*;

use super::{send, State};
use crate::components::file_open::{read_files, FileRead};
use crate::state::Action;

/// The page's `dragover`, `dragleave` and `drop` handlers.
pub struct DropTarget {
    pub ondragover: Callback<DragEvent>,
    pub ondragleave: Callback<DragEvent>,
    pub ondrop: Callback<DragEvent>,
}

#[hook]
pub fn use_drop(state: &State, on_read: Callback<FileRead>) -> DropTarget {
    let dispatcher = state.dispatcher();
    let ondragover = send(state, |event: DragEvent| {
        event.prevent_default();
        Action::Dragging(true)
    });
    let leave = dispatcher.clone();
    let ondragleave = Callback::from(move |event: DragEvent| {
        // Leaving for a child element is not leaving the page.
        if event.related_target().is_none() {
            leave.dispatch(Action::Dragging(false));
        }
    });
    let ondrop = send(state, move |event: DragEvent| {
        event.prevent_default();
        if let Some(files) = event.data_transfer().and_then(|d| d.files()) {
            read_files(files, on_read.clone());
        }
        Action::Dragging(false)
    });
    DropTarget {
        ondragover,
        ondragleave,
        ondrop,
    }
}
