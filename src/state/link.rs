//! Links: following a URL fragment (a link opened, a reload, the back
//! button), unpacking the transcript a link carries, and making the share
//! link of what is shown, with its payload made once per transcript.

use std::rc::Rc;

use transcript_core::share::{link_fragment, payload_id, LinkParts, LinkSize};
use transcript_core::view::{SpeakerEdits, ViewState};
use transcript_core::Transcript;

use super::{AppState, Entry, Payload, ALL};
use crate::by_ptr::ByPtr;

/// A link whose transcript is being unpacked by the worker, and the view
/// to show once it is.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkJob {
    pub payload: Rc<str>,
    pub view: ViewState,
    pub edits: SpeakerEdits,
}

/// The share link, as far as it is made.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkOut {
    Ready(String),
    /// The transcript's payload is being made.
    Making,
    /// It could not be made: the sentence to show.
    Failed(String),
}

// The sentence for a link that cannot be opened (the worker says it too).
pub use crate::worker::protocol::unreadable_link;

/// Whether `fragment` needs a transcript that is not among `entries`: it
/// carries one, or names one that is not here.
pub(super) fn names_another(entries: &[Entry], fragment: &str) -> bool {
    let Ok(parts) = LinkParts::read(fragment) else {
        return false;
    };
    let here = |id: &str| entries.iter().any(|e| e.id == id);
    let t = parts.view.transcript.as_str();
    parts.payload.is_some_and(|p| !here(&payload_id(p))) || !(t.is_empty() || t == ALL || here(t))
}

impl AppState {
    /// Shows the view a fragment describes: at once, or once the worker has
    /// unpacked the transcript it carries ([`AppState::link`]), unless the
    /// library already holds it. A fragment that cannot be read says so.
    pub(super) fn follow_fragment(&mut self, fragment: &str) {
        let parts = match LinkParts::read(fragment) {
            Ok(parts) => parts,
            Err(e) => {
                self.error = Some(unreadable_link(e));
                return;
            }
        };
        let mut view = parts.view;
        if let Some(payload) = parts.payload {
            let id = payload_id(payload);
            if !self.entries.iter().any(|e| e.id == id) {
                self.link = Some(LinkJob {
                    payload: Rc::from(payload),
                    view,
                    edits: parts.edits,
                });
                return;
            }
            // Here already (the back button, a reload): a link with a
            // payload names its transcript by it.
            if view.transcript.is_empty() {
                view.transcript = id;
            }
        }
        self.show_link(view, parts.edits, None);
    }

    /// The worker's answer for [`AppState::link`].
    pub(super) fn link_opened(&mut self, payload: &str, result: Result<Entry, String>) {
        let Some(job) = self.link.take_if(|j| *j.payload == *payload) else {
            return;
        };
        match result {
            Ok(entry) => self.show_link(job.view, job.edits, Some(entry)),
            Err(message) => self.error = Some(message),
        }
    }

    /// Shows the view a link describes: its speaker edits applied to the
    /// transcript it names (in memory only), and the transcript it carried,
    /// if any, added, not kept.
    fn show_link(&mut self, mut view: ViewState, edits: SpeakerEdits, carried: Option<Entry>) {
        if let Some(entry) = carried {
            view.transcript = entry.id.clone();
            if !self.entries.iter().any(|e| e.id == entry.id) {
                self.entries.push(entry);
            }
        }
        if view.transcript.is_empty() {
            view.transcript = self.default_id();
        }
        let id = view.transcript.clone();
        match self.entries.iter_mut().find(|e| e.id == id) {
            // The sender's names and merges, so `sp=` finds the speakers
            // it names; a link without edits leaves the reader's own.
            Some(entry) => {
                if !edits.is_empty() {
                    entry.set_edits(edits, false);
                }
            }
            None if id == ALL => {}
            // Said once and quietly (the notice line, not the error): the
            // usual cause is the reader's own address after a transcript
            // was removed or not kept, not a fault.
            None => {
                self.notice =
                    "The transcript this address names is not in this library; showing the first one."
                        .to_string();
                view.transcript = self.default_id();
            }
        }
        self.view = view;
    }

    /// The open transcript's share payload: the one it came with, or the
    /// one made for it (`None`: not made yet).
    fn payload_of(&self, entry: &Entry) -> Option<Result<Rc<str>, String>> {
        if let Some(payload) = entry.payload() {
            return Some(Ok(payload.clone()));
        }
        self.payload
            .as_ref()
            .filter(|p| Rc::ptr_eq(&p.of.0, &entry.original))
            .and_then(|p| p.made.clone())
    }

    /// The share link of what is shown (of turn `turn`, if given). A
    /// transcript that is not bundled travels in it.
    pub fn link_out(&self, turn: Option<usize>) -> LinkOut {
        let mut view = self.view.clone();
        if turn.is_some() {
            view.turn = turn;
        }
        let (edits, payload) = match self.current() {
            Some(entry) if entry.is_bundled() => (entry.edits.clone(), None),
            Some(entry) => match self.payload_of(entry) {
                Some(Ok(payload)) => (entry.edits.clone(), Some(payload)),
                Some(Err(message)) => return LinkOut::Failed(message),
                None => return LinkOut::Making,
            },
            None => (SpeakerEdits::default(), None),
        };
        LinkOut::Ready(format!(
            "{}#{}",
            self.page,
            link_fragment(&view, &edits, payload.as_deref())
        ))
    }

    /// Asks for the open transcript's payload when a link to it is wanted
    /// and it has none (see [`AppState::payload_wanted`]).
    pub(super) fn request_payload(&mut self) {
        if !self.share_open && self.copy_when_made.is_none() {
            return;
        }
        let Some(entry) = self.current() else {
            return;
        };
        if entry.is_bundled() || self.payload_of(entry).is_some() {
            return;
        }
        let of = ByPtr(entry.original.clone());
        if self.payload.as_ref().is_none_or(|p| p.of != of) {
            self.payload = Some(Payload { of, made: None });
        }
    }

    /// The worker's payload for `of`; a link to a turn waiting for it is
    /// now to be copied.
    pub(super) fn payload_made(&mut self, of: ByPtr<Transcript>, result: Result<Rc<str>, String>) {
        let Some(payload) = self.payload.as_mut().filter(|p| p.of == of) else {
            return;
        };
        payload.made = Some(result.clone());
        let Some(view) = self.copy_when_made.take() else {
            return;
        };
        let edits = self
            .entries
            .iter()
            .find(|e| Rc::ptr_eq(&e.original, &of.0))
            .map(|e| e.edits.clone())
            .unwrap_or_default();
        match result {
            Ok(payload) => {
                let fragment = link_fragment(&view, &edits, Some(&payload));
                self.copy_turn_link(format!("{}#{fragment}", self.page));
            }
            Err(message) => self.notice = message,
        }
    }

    /// Copies a link to a turn, unless it is too long to open.
    fn copy_turn_link(&mut self, link: String) {
        match copyable(link) {
            Ok(link) => self.to_copy = Some(link),
            Err(message) => self.notice = message,
        }
    }
}

/// A link to a turn, if it is short enough to open; else the sentence.
pub fn copyable(link: String) -> Result<String, String> {
    if LinkSize::of(link.chars().count()) == LinkSize::TooLong {
        Err(
            "This transcript is too long for a link: use Share or export to save it as a file."
                .to_string(),
        )
    } else {
        Ok(link)
    }
}
