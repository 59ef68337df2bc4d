//! The link's grammar (see the parent module's doc): reading and writing
//! the fragment, its speaker edits and where the payload sits.

use std::fmt::Write;

use super::parse_id;
use super::payload::{decode_transcript, encode_transcript};
use super::{Link, LinkError, HARD_LIMIT};
use crate::model::Transcript;
use crate::search::SearchIndex;
use crate::topics::Topics;
use crate::view::fragment::{decode, encode_into};
use crate::view::{visible_turns, FragmentError, SpeakerEdits, ViewState, VisibleTurns};

impl Link {
    /// The fragment (no leading `#`). Encodes the transcript, if any: for a
    /// large one, keep the payload from [`encode_transcript`] and use
    /// [`link_fragment`] instead of calling this on every change.
    pub fn to_fragment(&self) -> String {
        let payload = self.transcript.as_ref().map(encode_transcript);
        link_fragment(&self.view, &self.edits, payload.as_deref())
    }

    /// Reads a share link's fragment (with or without `#`).
    pub fn from_fragment(fragment: &str) -> Result<Link, LinkError> {
        let parts = LinkParts::read(fragment)?;
        let transcript = parts.payload.map(decode_transcript).transpose()?;
        Ok(Link {
            view: parts.view,
            edits: parts.edits,
            transcript,
        })
    }
}

/// A share link read but its transcript not yet unpacked, so a reader that
/// already holds the transcript (the same link opened again) skips the work.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LinkParts<'a> {
    /// The view; `view.transcript` is empty when a payload is given.
    pub view: ViewState,
    pub edits: SpeakerEdits,
    /// The `d=` payload, for [`decode_transcript`] and [`payload_id`].
    pub payload: Option<&'a str>,
}

impl<'a> LinkParts<'a> {
    /// Reads everything but the payload, which is only checked for length.
    pub fn read(fragment: &'a str) -> Result<LinkParts<'a>, LinkError> {
        if fragment.len() > HARD_LIMIT {
            return Err(LinkError::TooLong);
        }
        let mut edits = SpeakerEdits::default();
        let mut payload = None;
        let mut view = ViewState::read(fragment, |key, raw| {
            let bad = || FragmentError::BadValue { key: key.into() };
            match key {
                "rn" => {
                    let value = decode(key, raw)?;
                    let (id, name) = value.split_once('.').ok_or_else(bad)?;
                    // As written: the link is the sender's exact edits.
                    edits
                        .renames
                        .insert(parse_id(id).ok_or_else(bad)?, name.to_string());
                }
                "mg" => {
                    let (from, into) = raw.split_once('.').ok_or_else(bad)?;
                    let from = parse_id(from).ok_or_else(bad)?;
                    let into = parse_id(into).ok_or_else(bad)?;
                    edits.merges.insert(from, into);
                }
                "d" => payload = Some(raw),
                _ => {}
            }
            Ok(())
        })?;
        if payload.is_some() {
            view.transcript.clear();
        }
        Ok(LinkParts {
            view,
            edits,
            payload,
        })
    }
}

/// What a link shows of a transcript (as parsed, before edits): the
/// transcript with the link's speaker edits applied, and the rows its view
/// shows. The CLI's `parse --link` and the golden-link tests use it; the app
/// does the same through its state.
pub fn shown(link: &Link, transcript: &Transcript) -> (Transcript, VisibleTurns) {
    let edited = if link.edits.is_empty() {
        transcript.clone()
    } else {
        link.edits.apply(transcript)
    };
    let index = SearchIndex::new(&edited);
    let topics = Topics::extract(&edited);
    let labels: Vec<String> = topics.tags.iter().map(|t| t.label.clone()).collect();
    let filter = link.view.filter(&edited, &labels);
    let rows = visible_turns(&edited, &index, &filter, &topics);
    (edited, rows)
}

/// A share link's fragment from its parts; `payload` is what
/// [`encode_transcript`] made of the transcript, if it travels in the link.
pub fn link_fragment(view: &ViewState, edits: &SpeakerEdits, payload: Option<&str>) -> String {
    let mut out = if payload.is_some() && !view.transcript.is_empty() {
        ViewState {
            transcript: String::new(),
            ..view.clone()
        }
        .to_fragment()
    } else {
        view.to_fragment()
    };
    for (id, name) in &edits.renames {
        let _ = write!(out, "&rn={id}.");
        encode_into(name, &mut out);
    }
    for (from, into) in &edits.merges {
        let _ = write!(out, "&mg={from}.{into}");
    }
    if let Some(payload) = payload {
        out.push_str("&d=");
        out.push_str(payload);
    }
    out
}
