//! The view state in the URL fragment, so the back button, a reload and a
//! shared link keep what the reader was looking at.
//!
//! # Grammar, version 1
//!
//! ```text
//! fragment = ["#"] "v1" *( "&" item )
//! item     = key [ "=" value ]           ; no "=" means an empty value
//! key      = "t"     transcript id               (last one wins)
//!          / "sp"    speaker name, repeatable    (none = every speaker)
//!          / "tp"    topic label, repeatable     (none = no topic filter)
//!          / "q"     search text                 (last one wins)
//!          / "turn"  selected turn, decimal digits
//!          / "ctx"   "1" shows context turns, "0" does not
//! value    = percent-encoded UTF-8
//! ```
//!
//! [`ViewState::to_fragment`] writes the keys in the order above, leaves
//! out empty and default values, and percent-encodes every byte of a value
//! except the unreserved characters `A–Z a–z 0–9 - . _ ~` (RFC 3986), so a
//! value can hold `&`, `=`, `#`, `%`, spaces or any Unicode. It writes no
//! leading `#`; [`ViewState::from_fragment`] accepts one.
//!
//! Reading is strict where a wrong guess would show the wrong view and
//! lenient where it costs nothing:
//! - The first item must be `v1`, else [`FragmentError::UnknownVersion`]:
//!   a later version may mean something else by the same keys. An empty
//!   fragment is the default view, not an error.
//! - Unknown keys are ignored and their values not even decoded, so a
//!   later addition (a compressed transcript, say) can use its own
//!   encoding without breaking version-1 readers.
//! - A `%` not followed by two hex digits, a value that decodes to invalid
//!   UTF-8, a bad `turn` or `ctx`: an error, never a guess.
//! - More than [`MAX_LEN`] bytes or [`MAX_ITEMS`] items: an error, checked
//!   before any work, so a hostile link costs nothing.
//!
//! The encoder and decoder are hand-written: both are a few lines, and a
//! URL crate would add its IDNA tables to the wasm bundle.
//!
//! Speakers and topics are carried by name and label, not by index: names
//! survive re-parsing and read well in a link. [`ViewState::filter`] turns
//! them back into ids.

use std::collections::BTreeSet;
use std::fmt::Write;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::model::Transcript;
use crate::view::ViewFilter;

/// The longest fragment read, in bytes.
pub const MAX_LEN: usize = 64 * 1024;
/// The most `&`-separated items read, the version included.
pub const MAX_ITEMS: usize = 1000;

/// The view, as kept in the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewState {
    /// The transcript's id in the library; empty for none.
    pub transcript: String,
    /// Selected speakers' names; empty for every speaker.
    pub speakers: Vec<String>,
    /// Selected topic labels; empty for no topic filter.
    pub topics: Vec<String>,
    pub query: String,
    /// The selected turn.
    pub turn: Option<usize>,
    /// Show context turns.
    pub context: bool,
}

/// Why a fragment was not read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FragmentError {
    #[error("the link's view state is not version 1")]
    UnknownVersion,
    #[error("the link's view state is longer than {MAX_LEN} bytes")]
    TooLong,
    #[error("the link's view state has more than {MAX_ITEMS} items")]
    TooManyItems,
    #[error("the link has a broken %-escape in `{key}`")]
    BadEscape { key: String },
    #[error("the link's `{key}` is not valid UTF-8")]
    InvalidUtf8 { key: String },
    #[error("the link's `{key}` has a value that is not allowed there")]
    BadValue { key: String },
}

impl ViewState {
    /// The fragment for this state, without the leading `#`.
    pub fn to_fragment(&self) -> String {
        let mut out = String::from("v1");
        let mut item = |key: &str, value: &str| {
            out.push('&');
            out.push_str(key);
            out.push('=');
            encode_into(value, &mut out);
        };
        if !self.transcript.is_empty() {
            item("t", &self.transcript);
        }
        for name in &self.speakers {
            item("sp", name);
        }
        for label in &self.topics {
            item("tp", label);
        }
        if !self.query.is_empty() {
            item("q", &self.query);
        }
        if let Some(turn) = self.turn {
            // Writing into a String cannot fail.
            let _ = write!(out, "&turn={turn}");
        }
        if self.context {
            out.push_str("&ctx=1");
        }
        out
    }

    /// Reads a fragment written by [`to_fragment`](Self::to_fragment) (or by
    /// hand, per the module's grammar).
    pub fn from_fragment(fragment: &str) -> Result<ViewState, FragmentError> {
        if fragment.len() > MAX_LEN {
            return Err(FragmentError::TooLong);
        }
        Self::read(fragment, |_, _| Ok(()))
    }

    /// Reads a fragment of any length, handing each item whose key is not
    /// a view key to `other` (key, raw value) — how [`crate::share`] reads
    /// the keys it adds.
    pub(crate) fn read<'f>(
        fragment: &'f str,
        mut other: impl FnMut(&'f str, &'f str) -> Result<(), FragmentError>,
    ) -> Result<ViewState, FragmentError> {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        if fragment.is_empty() {
            return Ok(ViewState::default());
        }
        if fragment.split('&').nth(MAX_ITEMS).is_some() {
            return Err(FragmentError::TooManyItems);
        }
        let mut items = fragment.split('&');
        if items.next() != Some("v1") {
            return Err(FragmentError::UnknownVersion);
        }
        let mut state = ViewState::default();
        for item in items {
            let (key, raw) = item.split_once('=').unwrap_or((item, ""));
            let value = || decode(key, raw);
            match key {
                "t" => state.transcript = value()?,
                "sp" => state.speakers.push(value()?),
                "tp" => state.topics.push(value()?),
                "q" => state.query = value()?,
                "turn" => {
                    let bad = || FragmentError::BadValue { key: key.into() };
                    let digits = value()?;
                    if !digits.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(bad());
                    }
                    state.turn = Some(digits.parse().map_err(|_| bad())?);
                }
                "ctx" => {
                    state.context = match value()?.as_str() {
                        "1" => true,
                        "0" => false,
                        _ => return Err(FragmentError::BadValue { key: key.into() }),
                    }
                }
                _ => other(key, raw)?,
            }
        }
        Ok(state)
    }

    /// The filter this state describes in `transcript` (after speaker
    /// edits), with topic ids being positions in `topic_labels`. Names and
    /// labels that no longer exist are dropped; if none of the speakers
    /// exists any more (a stale link), every speaker is shown rather than
    /// none.
    pub fn filter(&self, transcript: &Transcript, topic_labels: &[String]) -> ViewFilter {
        // Inserted one by one, not collected: a collect into a set sorts,
        // and each sort is its own copy of the sort in the page's wasm
        // (these come in order anyway).
        let mut speakers = BTreeSet::new();
        for (id, s) in transcript.speakers.iter().enumerate() {
            // A link names a speaker as shown ("Speaker 1", deterministic for
            // a given text); its source id (`SPEAKER_00`) is accepted too, so
            // links written before machine ids were renamed still work.
            if self.speakers.contains(&s.name)
                || s.id.as_ref().is_some_and(|id| self.speakers.contains(id))
            {
                speakers.insert(id);
            }
        }
        let mut topics = BTreeSet::new();
        for (i, label) in topic_labels.iter().enumerate() {
            if let Ok(i) = u32::try_from(i) {
                if self.topics.contains(label) {
                    topics.insert(i);
                }
            }
        }
        ViewFilter {
            speakers: (!speakers.is_empty()).then_some(speakers),
            topics,
            query: self.query.clone(),
            context: self.context,
        }
    }

    /// Sets speakers, topics, query and context from `filter`.
    pub fn set_filter(
        &mut self,
        transcript: &Transcript,
        filter: &ViewFilter,
        topic_labels: &[String],
    ) {
        self.speakers = filter
            .speakers
            .iter()
            .flatten()
            .filter_map(|&id| transcript.speakers.get(id).map(|s| s.name.clone()))
            .collect();
        self.topics = filter
            .topics
            .iter()
            .filter_map(|&t| topic_labels.get(usize::try_from(t).ok()?).cloned())
            .collect();
        self.query.clone_from(&filter.query);
        self.context = filter.context;
    }
}

/// Percent-encodes every byte but the RFC 3986 unreserved characters.
pub(crate) fn encode_into(value: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            for nibble in [b >> 4, b & 0xF] {
                out.push(HEX.get(usize::from(nibble)).map_or('0', |&h| char::from(h)));
            }
        }
    }
}

/// Decodes `%XX` escapes; other characters stand for themselves.
pub(crate) fn decode(key: &str, raw: &str) -> Result<String, FragmentError> {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut it = raw.bytes();
    while let Some(b) = it.next() {
        if b == b'%' {
            let hex = |d: Option<u8>| d.and_then(|d| char::from(d).to_digit(16));
            let (Some(hi), Some(lo)) = (hex(it.next()), hex(it.next())) else {
                return Err(FragmentError::BadEscape { key: key.into() });
            };
            // Two hex digits make at most 0xFF.
            bytes.push(u8::try_from(hi * 16 + lo).unwrap_or(0));
        } else {
            bytes.push(b);
        }
    }
    String::from_utf8(bytes).map_err(|_| FragmentError::InvalidUtf8 { key: key.into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_documented_grammar() {
        let state = ViewState {
            transcript: "devday-2024".into(),
            speakers: vec!["Sam Altman".into(), "Kevin & Co".into()],
            topics: vec!["open source".into()],
            query: "café 100%".into(),
            turn: Some(42),
            context: true,
        };
        let f = state.to_fragment();
        assert_eq!(
            f,
            "v1&t=devday-2024&sp=Sam%20Altman&sp=Kevin%20%26%20Co&tp=open%20source\
             &q=caf%C3%A9%20100%25&turn=42&ctx=1"
        );
        assert_eq!(ViewState::from_fragment(&format!("#{f}")).unwrap(), state);
        assert_eq!(ViewState::default().to_fragment(), "v1");
    }

    #[test]
    fn reads_leniently_where_harmless() {
        let s = ViewState::from_fragment("v1&future=%%%&q=caf\u{e9}+x&sp&ctx=0&t=a&t=b").unwrap();
        assert_eq!(s.query, "caf\u{e9}+x");
        assert_eq!(s.speakers, [""]);
        assert_eq!(s.transcript, "b");
        assert!(!s.context);
        assert_eq!(ViewState::from_fragment("").unwrap(), ViewState::default());
        assert_eq!(ViewState::from_fragment("#").unwrap(), ViewState::default());
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        use FragmentError::*;
        let bad = |f: &str| ViewState::from_fragment(f).unwrap_err();
        assert_eq!(bad("t=x"), UnknownVersion);
        assert_eq!(bad("v2&t=x"), UnknownVersion);
        assert_eq!(bad("v1&q=%4"), BadEscape { key: "q".into() });
        assert_eq!(bad("v1&q=%G0"), BadEscape { key: "q".into() });
        assert_eq!(bad("v1&q=%FF"), InvalidUtf8 { key: "q".into() });
        assert_eq!(bad("v1&turn=-1"), BadValue { key: "turn".into() });
        assert_eq!(bad("v1&turn=+1"), BadValue { key: "turn".into() });
        assert_eq!(
            bad("v1&turn=99999999999999999999999"),
            BadValue { key: "turn".into() }
        );
        assert_eq!(bad("v1&ctx=yes"), BadValue { key: "ctx".into() });
        assert_eq!(bad(&"v1&sp=a".repeat(1000)), TooManyItems);
        assert!(ViewState::from_fragment(&format!("v1{}", "&sp=a".repeat(998))).is_ok());
        assert_eq!(bad(&format!("v1&q={}", "a".repeat(MAX_LEN))), TooLong);
    }
}
