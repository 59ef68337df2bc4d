//! What the page and the core worker say to each other: a [`Job`] to the
//! worker, [`Reply`]s from it, each one message of bytes written with the
//! core's codec ([`transcript_core::transfer::Writer`]) and transferred,
//! not copied. Both sides use this one module, so they cannot disagree on a
//! field's name or type; it needs no browser, so `cargo test` checks that
//! every job and reply comes back as it was sent.
//!
//! A message starts with [`MAGIC`] and [`VERSION`], so a stale cached
//! worker script is refused instead of misread, then the job's number and
//! the variant's tag. A large byte field (an import's text, the analysed
//! transcript of an answer) is the message's last field, so the sender
//! copies it once, into the buffer it transfers ([`Encoded`]), and the
//! receiver reads it where it lies ([`Bytes`]).

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use transcript_core::dedup::Duplicates;
use transcript_core::export::ExportFormat;
use transcript_core::library::StoredEntry;
use transcript_core::topics::Topics;
use transcript_core::transfer::{Reader, TransferError, Writer};
use transcript_core::view::SpeakerEdits;
use transcript_core::Transcript;

/// The first bytes of every message.
pub const MAGIC: &[u8; 3] = b"TXW";
/// Bumped whenever a message's layout changes.
pub const VERSION: u8 = 1;

/// A job for the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Job<'a> {
    /// Read and analyse a paste or a file: steps 2 to 4 are reported
    /// ([`Reply::Step`]), the answer is [`Answer::Read`].
    Import {
        /// The file's name (empty for a paste), for sentences.
        name: Cow<'a, str>,
        /// `bytes` are a pasted string's (always UTF-8), not a file's.
        paste: bool,
        /// The reader's "Read as…" choice (a `ReadAs` key); none for Auto.
        read_as: Option<Cow<'a, str>>,
        bytes: Bytes<'a>,
    },
    /// Read a stored entry again (its text parsed, or its link's payload
    /// decoded) and analyse it with its speaker edits applied:
    /// [`Answer::Read`], the transcript as read.
    Restore(Cow<'a, StoredEntry>),
    /// Decode a share link's payload and analyse it: [`Answer::Read`].
    Link { payload: Cow<'a, str> },
    /// Topics and repeated passages of a transcript: [`Answer::Analyses`].
    Analyse(Cow<'a, Transcript>),
    /// Passages repeated across transcripts: [`Answer::Repeats`].
    Across(Vec<Cow<'a, Transcript>>),
    /// A transcript's share-link payload: [`Answer::Text`].
    Payload(Cow<'a, Transcript>),
    /// The turns `turns` of a transcript (what the view shows), exported:
    /// [`Answer::Text`].
    Export {
        transcript: Cow<'a, Transcript>,
        turns: Cow<'a, [usize]>,
        format: ExportFormat,
    },
    /// The entries of a library file (`name` names it in sentences):
    /// [`Answer::Entries`].
    Library {
        name: Cow<'a, str>,
        text: Cow<'a, str>,
    },
}

/// What the worker says.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Its wasm runs and takes jobs (messages sent before are lost, so the
    /// page holds them until this).
    Ready,
    /// Its wasm could not be loaded: the loader script sends this
    /// ([`UNAVAILABLE`]).
    Unavailable,
    /// Job `job` started step `step` (1-based, of an import's four).
    Step { job: u32, step: u32 },
    /// Job `job` is done.
    Done { job: u32, answer: Answer },
    /// Job `job` could not be done: the sentence to show.
    Failed { job: u32, message: String },
}

/// A job's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A transcript and its analyses (a [`transcript_core::transfer::encode`]
    /// buffer, which the page takes in part by part), and how its text was
    /// read, if it had one.
    Read {
        reading: Option<ReadingInfo>,
        analysed: Bytes<'static>,
    },
    Analyses {
        topics: Topics,
        duplicates: Duplicates,
    },
    Repeats(Duplicates),
    Text(String),
    Entries(Vec<StoredEntry>),
}

/// How the worker read a text ("Read as…"), as the page shows it: the
/// page needs none of the core's format or shape tables for it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReadingInfo {
    /// "Read as Markdown, speakers from bold names on their own line".
    pub summary: String,
    /// The menu's format for the reading applied (its key).
    pub format: String,
    /// The menu's formats: key and name.
    pub formats: Vec<(String, String)>,
    /// Label shapes found in the text.
    pub choices: Vec<ShapeChoice>,
    /// The text read, when it is not the file's bytes (a Word document's
    /// paragraphs): what the page keeps and reads again.
    pub text: Option<String>,
}

/// A label shape found in a text, as "Read as…" offers it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShapeChoice {
    /// Its `ReadAs` key.
    pub key: String,
    pub label: String,
    /// A line of the text in that shape.
    pub example: String,
    pub turns: usize,
    /// It is the shape the text was read with.
    pub checked: bool,
}

impl ReadingInfo {
    /// What the page is told of `reading` (the worker's side). Labels and
    /// examples are shown on one line: tabs and line breaks become spaces.
    pub fn of(reading: &transcript_core::parse::Reading) -> ReadingInfo {
        let flat = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        ReadingInfo {
            summary: flat(&reading.summary),
            format: reading.read_as.menu_key().to_string(),
            formats: transcript_core::parse::format_choices()
                .into_iter()
                .map(|(how, label)| (how.menu_key().to_string(), label.to_string()))
                .collect(),
            choices: reading
                .choices
                .iter()
                .map(|c| ShapeChoice {
                    key: c.read_as.key(),
                    label: flat(&c.label),
                    example: flat(&c.example),
                    turns: c.turns,
                    checked: c.read_as.shape.is_some() && c.read_as.shape == reading.read_as.shape,
                })
                .collect(),
            text: reading.text.clone(),
        }
    }
}

/// The sentence for a link that cannot be opened (the page's own check of
/// a link and the worker's decoding of its payload say the same).
pub fn unreadable_link(e: impl fmt::Display) -> String {
    format!("This link could not be opened: {e}. The library is shown as it is.")
}

/// A byte string a message carries: borrowed from the sender, or where it
/// lies in the message received (no copy of a 100 MB paste).
#[derive(Clone)]
pub enum Bytes<'a> {
    Borrowed(&'a [u8]),
    /// The message and where in it the bytes start (they run to its end).
    Tail(std::rc::Rc<Vec<u8>>, usize),
}

impl Deref for Bytes<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Borrowed(b) => b,
            Bytes::Tail(message, start) => message.get(*start..).unwrap_or_default(),
        }
    }
}

impl PartialEq for Bytes<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl fmt::Debug for Bytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bytes({} bytes)", self.len())
    }
}

/// A message as bytes: `head` then `tail`, which the sender copies one
/// after the other into the buffer it transfers.
#[derive(Debug)]
pub struct Encoded<'a> {
    pub head: Vec<u8>,
    pub tail: &'a [u8],
}

impl Encoded<'_> {
    pub fn len(&self) -> usize {
        self.head.len() + self.tail.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The message in one vector (tests; the page and the worker copy the
    /// two parts straight into a JS buffer).
    pub fn to_vec(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(self.len());
        v.extend_from_slice(&self.head);
        v.extend_from_slice(self.tail);
        v
    }
}

/// What the loader script posts when the worker's wasm cannot be loaded:
/// [`Reply::Unavailable`], as bytes (a test checks that the loader sends
/// exactly these).
pub const UNAVAILABLE: [u8; 6] = [b'T', b'X', b'W', VERSION, 0, REPLY_UNAVAILABLE];

// Tags of the variants.
const JOB_IMPORT: u8 = 1;
const JOB_RESTORE: u8 = 2;
const JOB_LINK: u8 = 3;
const JOB_ANALYSE: u8 = 4;
const JOB_ACROSS: u8 = 5;
const JOB_PAYLOAD: u8 = 6;
const JOB_EXPORT: u8 = 7;
const JOB_LIBRARY: u8 = 8;

const REPLY_READY: u8 = 1;
const REPLY_UNAVAILABLE: u8 = 2;
const REPLY_STEP: u8 = 3;
const REPLY_DONE: u8 = 4;
const REPLY_FAILED: u8 = 5;

const ANSWER_READ: u8 = 1;
const ANSWER_ANALYSES: u8 = 2;
const ANSWER_REPEATS: u8 = 3;
const ANSWER_TEXT: u8 = 4;
const ANSWER_ENTRIES: u8 = 5;

fn header(job: u32, tag: u8) -> Writer {
    let mut w = Writer::new();
    w.raw(MAGIC);
    w.byte(VERSION);
    w.uint(job as usize);
    w.byte(tag);
    w
}

/// Checks a message's header: its job number and tag.
fn read_header(r: &mut Reader<'_>) -> Result<(u32, u8), TransferError> {
    for &b in MAGIC {
        if r.byte().map_err(|_| TransferError::NotOurs)? != b {
            return Err(TransferError::NotOurs);
        }
    }
    let version = r.byte()?;
    if version != VERSION {
        return Err(TransferError::Version(version));
    }
    let job = u32::try_from(r.uint()?).map_err(|_| TransferError::Invalid("job number"))?;
    Ok((job, r.byte()?))
}

/// The number of the job a message carries, if its header can be read
/// (the worker answers even a job it cannot read, so that the page hears
/// why).
pub fn job_number(message: &[u8]) -> Option<u32> {
    read_header(&mut Reader::new(message))
        .ok()
        .map(|(job, _)| job)
}

fn write_entry(w: &mut Writer, e: &StoredEntry) {
    w.str(&e.id);
    w.str(&e.name);
    w.str(&e.text);
    w.uint(e.edits.renames.len());
    for (id, name) in &e.edits.renames {
        w.uint(*id);
        w.str(name);
    }
    w.uint(e.edits.merges.len());
    for (from, into) in &e.edits.merges {
        w.uint(*from);
        w.uint(*into);
    }
    w.opt_str(e.link.as_deref());
    w.opt_str(e.read_as.as_deref());
}

fn read_entry(r: &mut Reader<'_>) -> Result<StoredEntry, TransferError> {
    let id = r.str()?;
    let name = r.str()?;
    let text = r.str()?;
    // Inserted one by one: collecting into a map would sort, and carry a
    // sort into the page's wasm for lists already in order.
    let mut edits = SpeakerEdits::default();
    for _ in 0..r.count(2)? {
        let id = r.uint()?;
        edits.renames.insert(id, r.str()?);
    }
    for _ in 0..r.count(2)? {
        let from = r.uint()?;
        edits.merges.insert(from, r.uint()?);
    }
    Ok(StoredEntry {
        id,
        name,
        text,
        edits,
        link: r.opt_str()?,
        read_as: r.opt_str()?,
    })
}

fn write_reading(w: &mut Writer, reading: &ReadingInfo) {
    w.str(&reading.summary);
    w.str(&reading.format);
    w.uint(reading.formats.len());
    for (key, label) in &reading.formats {
        w.str(key);
        w.str(label);
    }
    w.uint(reading.choices.len());
    for c in &reading.choices {
        w.str(&c.key);
        w.str(&c.label);
        w.str(&c.example);
        w.uint(c.turns);
        w.bool(c.checked);
    }
    w.opt_str(reading.text.as_deref());
}

fn read_reading(r: &mut Reader<'_>) -> Result<ReadingInfo, TransferError> {
    Ok(ReadingInfo {
        summary: r.str()?,
        format: r.str()?,
        formats: r.list(2, |r| Ok((r.str()?, r.str()?)))?,
        choices: r.list(5, |r| {
            Ok(ShapeChoice {
                key: r.str()?,
                label: r.str()?,
                example: r.str()?,
                turns: r.uint()?,
                checked: r.bool()?,
            })
        })?,
        text: r.opt_str()?,
    })
}

fn text<'a>(r: &mut Reader<'a>) -> Result<&'a str, TransferError> {
    std::str::from_utf8(r.bytes()?).map_err(|_| TransferError::Invalid("text is not UTF-8"))
}

impl Job<'_> {
    /// The job as a message, numbered `job`.
    pub fn encode(&self, job: u32) -> Encoded<'_> {
        let (w, tail): (Writer, &[u8]) = match self {
            Job::Import {
                name,
                paste,
                read_as,
                bytes,
            } => {
                let mut w = header(job, JOB_IMPORT);
                w.str(name);
                w.bool(*paste);
                w.opt_str(read_as.as_deref());
                (w, bytes)
            }
            Job::Restore(entry) => {
                let mut w = header(job, JOB_RESTORE);
                write_entry(&mut w, entry);
                (w, &[])
            }
            Job::Link { payload } => {
                let mut w = header(job, JOB_LINK);
                w.str(payload);
                (w, &[])
            }
            Job::Analyse(t) => {
                let mut w = header(job, JOB_ANALYSE);
                w.transcript(t);
                (w, &[])
            }
            Job::Across(list) => {
                let mut w = header(job, JOB_ACROSS);
                w.uint(list.len());
                for t in list {
                    w.transcript(t);
                }
                (w, &[])
            }
            Job::Payload(t) => {
                let mut w = header(job, JOB_PAYLOAD);
                w.transcript(t);
                (w, &[])
            }
            Job::Export {
                transcript,
                turns,
                format,
            } => {
                let mut w = header(job, JOB_EXPORT);
                w.str(format.id());
                w.uints(turns);
                w.transcript(transcript);
                (w, &[])
            }
            Job::Library { name, text } => {
                let mut w = header(job, JOB_LIBRARY);
                w.str(name);
                w.str(text);
                (w, &[])
            }
        };
        Encoded {
            head: w.into_bytes(),
            tail,
        }
    }
}

impl Job<'static> {
    /// A message [`Job::encode`] wrote: its number and the job.
    pub fn decode(message: Vec<u8>) -> Result<(u32, Job<'static>), TransferError> {
        let message = std::rc::Rc::new(message);
        let mut r = Reader::new(&message);
        let (job, tag) = read_header(&mut r)?;
        let decoded = match tag {
            JOB_IMPORT => {
                let name = r.str()?;
                let paste = r.bool()?;
                let read_as = r.opt_str()?;
                let start = r.position();
                r.rest()?;
                Job::Import {
                    name: name.into(),
                    paste,
                    read_as: read_as.map(Cow::Owned),
                    bytes: Bytes::Tail(message.clone(), start),
                }
            }
            JOB_RESTORE => Job::Restore(Cow::Owned(read_entry(&mut r)?)),
            JOB_LINK => Job::Link {
                payload: text(&mut r)?.to_owned().into(),
            },
            JOB_ANALYSE => Job::Analyse(Cow::Owned(r.transcript()?)),
            JOB_ACROSS => Job::Across(r.list(1, |r| r.transcript().map(Cow::Owned))?),
            JOB_PAYLOAD => Job::Payload(Cow::Owned(r.transcript()?)),
            JOB_EXPORT => {
                let id = text(&mut r)?;
                let format =
                    ExportFormat::from_id(id).ok_or(TransferError::Invalid("export format"))?;
                let turns = r.uints()?;
                Job::Export {
                    format,
                    turns: Cow::Owned(turns),
                    transcript: Cow::Owned(r.transcript()?),
                }
            }
            JOB_LIBRARY => Job::Library {
                name: r.str()?.into(),
                text: r.str()?.into(),
            },
            _ => return Err(TransferError::Invalid("job")),
        };
        r.end()?;
        Ok((job, decoded))
    }
}

impl Reply {
    /// The reply as a message.
    pub fn encode(&self) -> Encoded<'_> {
        let (w, tail): (Writer, &[u8]) = match self {
            Reply::Ready => (header(0, REPLY_READY), &[]),
            Reply::Unavailable => (header(0, REPLY_UNAVAILABLE), &[]),
            Reply::Step { job, step } => {
                let mut w = header(*job, REPLY_STEP);
                w.uint(*step as usize);
                (w, &[])
            }
            Reply::Failed { job, message } => {
                let mut w = header(*job, REPLY_FAILED);
                w.str(message);
                (w, &[])
            }
            Reply::Done { job, answer } => {
                let mut w = header(*job, REPLY_DONE);
                match answer {
                    Answer::Read { reading, analysed } => {
                        w.byte(ANSWER_READ);
                        w.bool(reading.is_some());
                        if let Some(reading) = reading {
                            write_reading(&mut w, reading);
                        }
                        (w, &**analysed)
                    }
                    Answer::Analyses { topics, duplicates } => {
                        w.byte(ANSWER_ANALYSES);
                        w.topics(topics);
                        w.duplicates(duplicates);
                        (w, &[])
                    }
                    Answer::Repeats(d) => {
                        w.byte(ANSWER_REPEATS);
                        w.duplicates(d);
                        (w, &[])
                    }
                    Answer::Text(text) => {
                        w.byte(ANSWER_TEXT);
                        w.str(text);
                        (w, &[])
                    }
                    Answer::Entries(entries) => {
                        w.byte(ANSWER_ENTRIES);
                        w.uint(entries.len());
                        for e in entries {
                            write_entry(&mut w, e);
                        }
                        (w, &[])
                    }
                }
            }
        };
        Encoded {
            head: w.into_bytes(),
            tail,
        }
    }

    /// A message [`Reply::encode`] wrote.
    pub fn decode(message: Vec<u8>) -> Result<Reply, TransferError> {
        let message = std::rc::Rc::new(message);
        let mut r = Reader::new(&message);
        let (job, tag) = read_header(&mut r)?;
        let reply = match tag {
            REPLY_READY => Reply::Ready,
            REPLY_UNAVAILABLE => Reply::Unavailable,
            REPLY_STEP => Reply::Step {
                job,
                step: u32::try_from(r.uint()?).map_err(|_| TransferError::Invalid("step"))?,
            },
            REPLY_FAILED => Reply::Failed {
                job,
                message: r.str()?,
            },
            REPLY_DONE => {
                let answer = match r.byte()? {
                    ANSWER_READ => {
                        let reading = if r.bool()? {
                            Some(read_reading(&mut r)?)
                        } else {
                            None
                        };
                        let start = r.position();
                        r.rest()?;
                        Answer::Read {
                            reading,
                            analysed: Bytes::Tail(message.clone(), start),
                        }
                    }
                    ANSWER_ANALYSES => Answer::Analyses {
                        topics: r.topics()?,
                        duplicates: r.duplicates()?,
                    },
                    ANSWER_REPEATS => Answer::Repeats(r.duplicates()?),
                    ANSWER_TEXT => Answer::Text(r.str()?),
                    ANSWER_ENTRIES => Answer::Entries(r.list(3, read_entry)?),
                    _ => return Err(TransferError::Invalid("answer")),
                };
                Reply::Done { job, answer }
            }
            _ => return Err(TransferError::Invalid("reply")),
        };
        r.end()?;
        Ok(reply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use transcript_core::parse::{read, ReadAs};
    use transcript_core::transfer;

    fn transcript() -> Transcript {
        transcript_core::parse(
            "Ana: We ship on Monday.\nBo: On Monday, then.\nAna: We ship on Monday.\n",
        )
        .unwrap()
    }

    fn entry(link: Option<&str>, read_as: Option<&str>) -> StoredEntry {
        let mut edits = SpeakerEdits::default();
        edits.renames.insert(0, "Ana Lima".into());
        edits.merges.insert(2, 1);
        StoredEntry {
            id: "u1".into(),
            name: "Notes “1”".into(),
            text: "Ana: Hi.\tBo: Hello.".into(),
            edits,
            link: link.map(str::to_string),
            read_as: read_as.map(str::to_string),
        }
    }

    fn reading() -> ReadingInfo {
        let text = "Agenda: budget review.\nDecision: we keep\tthe plan.\nAction: Ana sends the numbers.\nDecision: hiring waits.\n";
        ReadingInfo::of(&read(text, &ReadAs::AUTO).unwrap())
    }

    fn round_trip_job(job: Job<'_>) {
        let bytes = job.encode(41).to_vec();
        let (n, back) = Job::decode(bytes.clone()).unwrap();
        assert_eq!(n, 41);
        assert_eq!(back, job);
        // Every cut is an error, never a panic or a shorter job.
        for cut in [0, 3, 5, bytes.len().saturating_sub(1)] {
            if cut < bytes.len() && !matches!(job, Job::Import { .. }) {
                assert!(
                    Job::decode(bytes[..cut].to_vec()).is_err(),
                    "{job:?} cut at {cut}"
                );
            }
        }
    }

    fn round_trip_reply(reply: Reply) {
        let bytes = reply.encode().to_vec();
        assert_eq!(Reply::decode(bytes.clone()).unwrap(), reply);
        let answer_with_tail = matches!(
            reply,
            Reply::Done {
                answer: Answer::Read { .. },
                ..
            }
        );
        if !answer_with_tail {
            let cut = bytes.len() - 1;
            assert!(Reply::decode(bytes[..cut].to_vec()).is_err(), "{reply:?}");
        }
    }

    #[test]
    fn every_job_comes_back_as_it_was_sent() {
        let t = transcript();
        let text = "Ana: Hi.\nBo: Hello.\n";
        round_trip_job(Job::Import {
            name: "notes.txt".into(),
            paste: false,
            read_as: Some("plain-text".into()),
            bytes: Bytes::Borrowed(text.as_bytes()),
        });
        round_trip_job(Job::Import {
            name: "".into(),
            paste: true,
            read_as: None,
            bytes: Bytes::Borrowed(&[]),
        });
        round_trip_job(Job::Restore(Cow::Owned(entry(None, Some("plain-text")))));
        round_trip_job(Job::Restore(Cow::Owned(entry(Some("1eJz"), None))));
        round_trip_job(Job::Link {
            payload: "1eJzAbC-_".into(),
        });
        round_trip_job(Job::Analyse(Cow::Borrowed(&t)));
        round_trip_job(Job::Across(vec![Cow::Borrowed(&t), Cow::Borrowed(&t)]));
        round_trip_job(Job::Across(vec![]));
        round_trip_job(Job::Payload(Cow::Borrowed(&t)));
        for format in ExportFormat::ALL {
            round_trip_job(Job::Export {
                transcript: Cow::Borrowed(&t),
                turns: Cow::Borrowed(&[0, 2, 1]),
                format,
            });
        }
        round_trip_job(Job::Library {
            name: "library.json".into(),
            text: "{\"format\":1}".into(),
        });
    }

    #[test]
    fn every_reply_comes_back_as_it_was_sent() {
        let t = transcript();
        let topics = Topics::extract(&t);
        let duplicates = transcript_core::dedup::find(&t);
        let index = transcript_core::search::SearchIndex::new(&t);
        let analysed = transfer::encode(&t, &index, &topics, &duplicates);
        round_trip_reply(Reply::Ready);
        round_trip_reply(Reply::Unavailable);
        round_trip_reply(Reply::Step { job: 3, step: 2 });
        round_trip_reply(Reply::Failed {
            job: u32::MAX,
            message: "notes.txt: not a transcript.".into(),
        });
        for reading in [None, Some(reading())] {
            round_trip_reply(Reply::Done {
                job: 9,
                answer: Answer::Read {
                    reading,
                    analysed: Bytes::Tail(std::rc::Rc::new(analysed.clone()), 0),
                },
            });
        }
        round_trip_reply(Reply::Done {
            job: 1,
            answer: Answer::Analyses {
                topics: topics.clone(),
                duplicates: duplicates.clone(),
            },
        });
        round_trip_reply(Reply::Done {
            job: 1,
            answer: Answer::Repeats(duplicates.clone()),
        });
        round_trip_reply(Reply::Done {
            job: 1,
            answer: Answer::Text("1eJz…\n".into()),
        });
        round_trip_reply(Reply::Done {
            job: 1,
            answer: Answer::Entries(vec![entry(None, None), entry(Some("1eJz"), Some("x"))]),
        });
        round_trip_reply(Reply::Done {
            job: 1,
            answer: Answer::Entries(vec![]),
        });
    }

    #[test]
    fn an_import_and_an_answer_carry_their_big_bytes_where_they_lie() {
        let text = "Ana: Hi.\n".repeat(1000);
        let job = Job::Import {
            name: "".into(),
            paste: true,
            read_as: None,
            bytes: Bytes::Borrowed(text.as_bytes()),
        };
        let encoded = job.encode(1);
        assert!(encoded.head.len() < 16, "{}", encoded.head.len());
        assert_eq!(encoded.tail, text.as_bytes());
        let Ok((_, Job::Import { bytes, .. })) = Job::decode(encoded.to_vec()) else {
            panic!("not an import");
        };
        assert!(matches!(bytes, Bytes::Tail(..)));
        assert_eq!(&*bytes, text.as_bytes());
    }

    #[test]
    fn foreign_stale_and_damaged_messages_are_errors() {
        assert_eq!(
            Reply::decode(b"TXA\x03".to_vec()),
            Err(TransferError::NotOurs)
        );
        assert_eq!(Reply::decode(Vec::new()), Err(TransferError::NotOurs));
        let mut stale = Reply::Ready.encode().to_vec();
        stale[3] = VERSION + 1;
        assert_eq!(
            Reply::decode(stale),
            Err(TransferError::Version(VERSION + 1))
        );
        let mut unknown = Reply::Ready.encode().to_vec();
        unknown[5] = 99;
        assert!(Reply::decode(unknown.clone()).is_err());
        assert!(Job::decode(unknown).is_err());
        let mut damaged = Job::Link {
            payload: "x".into(),
        }
        .encode(12)
        .to_vec();
        damaged.truncate(damaged.len() - 1);
        assert!(Job::decode(damaged.clone()).is_err());
        assert_eq!(job_number(&damaged), Some(12));
        assert_eq!(job_number(b"nope"), None);
        let mut longer = Reply::Step { job: 1, step: 1 }.encode().to_vec();
        longer.push(0);
        assert!(Reply::decode(longer).is_err());
        for bytes in [
            vec![0u8; 64],
            b"TXW\x01\x00\x04\x05\xff\xff\xff\xff\x0f".to_vec(),
        ] {
            assert!(Reply::decode(bytes.clone()).is_err());
            assert!(Job::decode(bytes).is_err());
        }
    }

    #[test]
    fn the_loader_posts_the_unavailable_reply() {
        assert_eq!(Reply::Unavailable.encode().to_vec(), UNAVAILABLE);
        let loader = include_str!("../../assets/core_worker_loader.js");
        let bytes = UNAVAILABLE.map(|b| b.to_string()).join(", ");
        assert!(
            loader.contains(&format!("new Uint8Array([{bytes}])")),
            "the loader must post [{bytes}]"
        );
    }

    #[test]
    fn a_reading_is_told_on_one_line_per_label_with_the_menu() {
        let text = "Agenda: budget review.\nDecision: we keep\tthe plan.\nAction: Ana sends the numbers.\nDecision: hiring waits.\n";
        let reading = read(text, &ReadAs::AUTO).unwrap();
        assert!(!reading.choices.is_empty());
        let info = ReadingInfo::of(&reading);
        assert_eq!(info.summary, reading.summary);
        assert_eq!(info.format, "plain-script");
        assert_eq!(
            info.formats.first(),
            Some(&("auto".to_string(), "Auto".to_string()))
        );
        assert!(info
            .formats
            .iter()
            .any(|(k, l)| k == "plain-text" && l == "Plain paragraphs"));
        assert_eq!(info.choices.len(), reading.choices.len());
        for (got, want) in info.choices.iter().zip(&reading.choices) {
            assert_eq!(got.key, want.read_as.key());
            assert_eq!(got.turns, want.turns);
            assert!(!got.example.contains('\t'));
        }
    }
}
