//! A transcript in the library: where it came from ([`Origin`]), what its
//! analyses are ([`Analysis`]), and what the library keeps of it
//! ([`Entry::record`], [`Entry::stored`]). The life cycle is in the types:
//! only an added transcript has a text, only one from a link has a payload
//! and may not be kept yet, and topics are either those of what is shown or
//! not there at all.

use std::rc::Rc;

use transcript_core::dedup::Duplicates;
use transcript_core::library::StoredEntry;
use transcript_core::search::SearchIndex;
use transcript_core::share::payload_id;
use transcript_core::topics::Topics;
use transcript_core::view::SpeakerEdits;
use transcript_core::Transcript;

use crate::bundled::BUNDLED;
use crate::by_ptr::ByPtr;

use super::ReadingInfo;

/// Where a transcript came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// Shipped with the app: analysed at build time, never removed. The
    /// library keeps only the reader's changes to it.
    Bundled,
    /// Pasted or opened by the reader; the library keeps its text.
    Added {
        text: Rc<str>,
        /// The reader's "Read as…" choice (a `ReadAs` key), if not Auto.
        read_as: Option<String>,
        /// How the text was read, and the other readings on offer.
        reading: Option<Rc<ReadingInfo>>,
    },
    /// Came with a share link (which carries no source text): `payload` is
    /// the link's transcript, reused for links to it. In the library only
    /// once the reader keeps it.
    FromLink { payload: Rc<str>, kept: bool },
}

/// Topics and repeated passages of what an entry shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Analysis {
    Ready {
        topics: Rc<Topics>,
        duplicates: Rc<Duplicates>,
    },
    /// A speaker edit changed the transcript (merged speakers can join
    /// turns): the worker is working them out again, and the page shows
    /// none meanwhile, never ones that point at the wrong turns.
    Pending,
}

/// What [`Entry::assemble`] takes besides the transcript: its search index,
/// topics and repeated passages.
pub type Analyses = (Rc<SearchIndex>, Rc<Topics>, Rc<Duplicates>);

/// A transcript in the library, parsed once when it is added.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Stable id: the bundled file's id, one made when the reader added it,
    /// or one made from a link's payload.
    pub id: String,
    /// Shown in the library list; the reader can rename it.
    pub name: String,
    pub origin: Origin,
    /// As parsed.
    pub original: Rc<Transcript>,
    /// The speaker renames and merges shown: the reader's own, or those a
    /// link applied (in memory only).
    pub edits: SpeakerEdits,
    /// The reader's own renames and merges: what the library keeps.
    pub saved_edits: SpeakerEdits,
    /// What is shown: `original` with `edits` applied.
    pub transcript: Rc<Transcript>,
    /// Search index over `transcript`.
    pub index: Rc<SearchIndex>,
    pub analysis: Analysis,
}

/// What the library holds of an entry, compared cheaply (the source by
/// pointer): the persistence effect writes an entry when its record
/// changes (see [`super::AppState::writes`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    name: String,
    edits: SpeakerEdits,
    read_as: Option<String>,
    source: Option<ByPtr<str>>,
}

impl Entry {
    /// An entry from a transcript already analysed (by the worker): added
    /// by the reader, with `text` as its source.
    pub fn assemble(
        id: String,
        name: Option<String>,
        text: &str,
        transcript: Transcript,
        fallback: &str,
        analyses: Analyses,
    ) -> Entry {
        let origin = Origin::Added {
            text: Rc::from(text),
            read_as: None,
            reading: None,
        };
        Self::new(id, name, origin, transcript, fallback, analyses)
    }

    fn new(
        id: String,
        name: Option<String>,
        origin: Origin,
        transcript: Transcript,
        fallback: &str,
        (index, topics, duplicates): Analyses,
    ) -> Entry {
        let name = name
            .filter(|n| !n.trim().is_empty())
            .or_else(|| transcript.title.clone())
            .unwrap_or_else(|| fallback.to_string());
        let transcript = Rc::new(transcript);
        Entry {
            id,
            name,
            origin,
            original: transcript.clone(),
            edits: SpeakerEdits::default(),
            saved_edits: SpeakerEdits::default(),
            transcript,
            index,
            analysis: Analysis::Ready { topics, duplicates },
        }
    }

    /// A bundled transcript, analysed at build time.
    pub fn bundled(id: &str, file: &str, transcript: Transcript, analyses: Analyses) -> Entry {
        Self::new(
            id.to_string(),
            None,
            Origin::Bundled,
            transcript,
            file,
            analyses,
        )
    }

    /// The transcript a share link carried, under an id made from its
    /// payload (the same link opened twice is the same entry). Not in the
    /// library until the reader keeps it.
    pub fn from_link(payload: &str, transcript: Transcript, analyses: Analyses) -> Entry {
        let origin = Origin::FromLink {
            payload: Rc::from(payload),
            kept: false,
        };
        Self::new(
            payload_id(payload),
            None,
            origin,
            transcript,
            "Shared transcript",
            analyses,
        )
    }

    /// The entry a stored (or imported) one stands for: `original` is its
    /// text parsed again (or its link's payload decoded) with the current
    /// parsers, `analyses` those of `original` with the stored speaker edits
    /// applied. Not for bundled transcripts (their text is not stored): see
    /// [`super::AppState::follow`].
    pub fn restored(stored: &StoredEntry, original: Transcript, analyses: Analyses) -> Entry {
        let edited = (!stored.edits.is_empty()).then(|| stored.edits.apply(&original));
        let origin = match stored.kept_link() {
            Some(payload) => Origin::FromLink {
                payload: Rc::from(payload),
                kept: true,
            },
            None => Origin::Added {
                text: Rc::from(stored.text.as_str()),
                read_as: stored.read_as.clone(),
                reading: None,
            },
        };
        let name = Some(stored.name.clone());
        let mut entry = Self::new(
            stored.id.clone(),
            name,
            origin,
            original,
            "Transcript",
            analyses,
        );
        if let Some(edited) = edited {
            entry.transcript = Rc::new(edited);
            entry.edits = stored.edits.clone();
            entry.saved_edits = stored.edits.clone();
        }
        entry
    }

    /// The same entry with the worker's account of how its text was read.
    pub fn with_reading(mut self, reading: Option<ReadingInfo>) -> Entry {
        if let Origin::Added { reading: r, .. } = &mut self.origin {
            *r = reading.map(Rc::new);
        }
        self
    }

    /// The same entry read as the "Read as…" `key` says (Auto: `None`).
    pub fn with_read_as(mut self, key: Option<String>) -> Entry {
        if let Origin::Added { read_as, .. } = &mut self.origin {
            *read_as = key.filter(|k| k != "auto");
        }
        self
    }

    pub fn is_bundled(&self) -> bool {
        self.origin == Origin::Bundled
    }

    /// It came with a link and the reader has not kept it.
    pub fn is_pending(&self) -> bool {
        matches!(self.origin, Origin::FromLink { kept: false, .. })
    }

    /// The source text the reader added (none for bundled transcripts and
    /// ones from a link).
    pub fn text(&self) -> Option<&Rc<str>> {
        match &self.origin {
            Origin::Added { text, .. } => Some(text),
            _ => None,
        }
    }

    /// How the text was read, where there is a text.
    pub fn reading(&self) -> Option<&Rc<ReadingInfo>> {
        match &self.origin {
            Origin::Added { reading, .. } => reading.as_ref(),
            _ => None,
        }
    }

    /// The share-link payload it came with, reused for links to it.
    pub fn payload(&self) -> Option<&Rc<str>> {
        match &self.origin {
            Origin::FromLink { payload, .. } => Some(payload),
            _ => None,
        }
    }

    pub fn topics(&self) -> Option<&Rc<Topics>> {
        match &self.analysis {
            Analysis::Ready { topics, .. } => Some(topics),
            Analysis::Pending => None,
        }
    }

    pub fn duplicates(&self) -> Option<&Rc<Duplicates>> {
        match &self.analysis {
            Analysis::Ready { duplicates, .. } => Some(duplicates),
            Analysis::Pending => None,
        }
    }

    /// The transcript's top tags' labels, best first (the topic filter's ids
    /// are positions in this list).
    pub fn topic_labels(&self) -> Vec<String> {
        self.topics()
            .map(|t| t.tags.iter().map(|t| t.label.clone()).collect())
            .unwrap_or_default()
    }

    /// Shows `edits` (replacing earlier ones) and re-indexes; the analyses
    /// wait for the worker (see [`Analysis::Pending`]). `saved` says whether
    /// they are the reader's own, which the library keeps, or a link's.
    pub fn set_edits(&mut self, edits: SpeakerEdits, saved: bool) {
        if saved {
            self.saved_edits = edits.clone();
        }
        if edits == self.edits {
            return;
        }
        let transcript = if edits.is_empty() {
            self.original.clone()
        } else {
            Rc::new(edits.apply(&self.original))
        };
        self.index = Rc::new(SearchIndex::new(&transcript));
        self.analysis = Analysis::Pending;
        self.transcript = transcript;
        self.edits = edits;
    }

    /// Whether the library keeps this entry: an added one always, one from
    /// a link once kept, a bundled one only when the reader renamed it or
    /// its speakers.
    pub fn is_kept(&self) -> bool {
        match &self.origin {
            Origin::Added { .. } => true,
            Origin::FromLink { kept, .. } => *kept,
            Origin::Bundled => {
                let default_name = BUNDLED.iter().find(|b| b.id == self.id).map(|b| {
                    self.original
                        .title
                        .clone()
                        .unwrap_or_else(|| b.file.to_string())
                });
                !self.saved_edits.is_empty() || default_name.is_some_and(|d| d != self.name)
            }
        }
    }

    /// What the library holds of it, if it keeps it.
    pub fn record(&self) -> Option<Record> {
        if !self.is_kept() {
            return None;
        }
        let (source, read_as) = match &self.origin {
            Origin::Bundled => (None, None),
            Origin::Added { text, read_as, .. } => (Some(ByPtr(text.clone())), read_as.clone()),
            Origin::FromLink { payload, .. } => (Some(ByPtr(payload.clone())), None),
        };
        Some(Record {
            name: self.name.clone(),
            edits: self.saved_edits.clone(),
            read_as,
            source,
        })
    }

    /// What the library keeps of this entry: its source text; for a bundled
    /// one only the reader's changes; for one kept from a link (which has no
    /// source text) its payload, which is compact.
    pub fn stored(&self) -> StoredEntry {
        let (text, link, read_as) = match &self.origin {
            Origin::Bundled => (String::new(), None, None),
            Origin::Added { text, read_as, .. } => (text.to_string(), None, read_as.clone()),
            Origin::FromLink { payload, .. } => (String::new(), Some(payload.to_string()), None),
        };
        StoredEntry {
            id: self.id.clone(),
            name: self.name.clone(),
            text,
            edits: self.saved_edits.clone(),
            link,
            read_as,
        }
    }

    /// Whether `stored` is this entry's source (so only its name and edits
    /// can differ).
    pub(super) fn same_source(&self, stored: &StoredEntry) -> bool {
        match &self.origin {
            Origin::Bundled => true,
            Origin::Added { text, .. } => **text == *stored.text && stored.link.is_none(),
            Origin::FromLink { payload, .. } => {
                stored.text.is_empty() && stored.link.as_deref() == Some(&**payload)
            }
        }
    }
}
