//! What the page asks of the core worker ([`crate::worker`]), as the app uses it:
//! opening a paste or a file (with a progress line and Cancel), reading the
//! stored library again, unpacking a link's transcript, topics and repeats
//! after a speaker edit, repeats across transcripts, a share link's payload
//! and exports. Each turns the worker's answer into what the state takes
//! (an [`Entry`], analyses, a string) or a sentence for the reader.
//!
//! The worker sends analyses as one transferable buffer
//! ([`transcript_core::transfer`]); the page copies and decodes it in a few
//! tasks, so that none holds the page for long.

use std::borrow::Cow;
use std::cell::Cell;
use std::rc::Rc;

use transcript_core::dedup::Duplicates;
use transcript_core::export::ExportFormat;
use transcript_core::library::StoredEntry;
use transcript_core::topics::Topics;
use transcript_core::transfer;
use transcript_core::Transcript;
use yew::Callback;

use crate::scheduling::yield_to_browser;
use crate::state::{shown_name, source_name, Analyses, Entry, Progress, Source, STEPS};
use crate::user_timing::Measure;
use crate::worker::client::unreadable_answer;
use crate::worker::protocol::Bytes;
use crate::worker::{Answer, Job, Outcome, ReadingInfo, Workers};

/// What each step is doing, for the progress line.
const LABELS: [&str; STEPS] = [
    "reading the transcript",
    "indexing it for search",
    "finding its topics",
    "finding repeated passages",
];

/// How long the page's own part of an import took, as User Timing
/// measures (the benchmark reads them).
pub const MEASURE_SEND: &str = "import: send to the worker";
/// One measure per task the result is taken in.
pub const MEASURE_RECEIVE: [&str; 3] = [
    "import: take the worker's result (transcript)",
    "import: take the worker's result (index)",
    "import: take the worker's result (topics, repeats)",
];

/// Parses and analyses `source` in the core worker. `None` if the reader
/// cancelled; otherwise the entry, or a sentence saying why not.
#[allow(clippy::too_many_arguments)]
pub async fn import(
    workers: &Workers,
    id: String,
    name: String,
    source: Source,
    fallback: String,
    read_as: Option<String>,
    progress: Callback<Progress>,
    cancelled: Rc<Cell<bool>>,
) -> Option<Result<Entry, String>> {
    let shown = shown_name(&name, &fallback);
    let step: Rc<dyn Fn(usize)> = {
        let shown = shown.clone();
        Rc::new(move |n: usize| {
            progress.emit(Progress {
                name: shown.clone(),
                step: n,
                label: LABELS.get(n.wrapping_sub(1)).copied().unwrap_or(""),
            })
        })
    };
    // Nothing to send: said at once, as the parser would.
    if matches!(&source, Source::Paste(text) if text.trim().is_empty()) {
        return Some(Err(transcript_core::ParseError::Empty.to_string()));
    }
    step(1);
    yield_to_browser().await;
    if cancelled.get() {
        return None;
    }
    let measure = Measure::start(MEASURE_SEND);
    let (paste, bytes) = match &source {
        Source::Paste(text) => (true, text.as_bytes()),
        Source::File(bytes) => (false, bytes.as_slice()),
    };
    let job = Job::Import {
        name: Cow::Borrowed(&name),
        paste,
        read_as: read_as.as_deref().map(Cow::Borrowed),
        bytes: Bytes::Borrowed(bytes),
    };
    // The job is made into its message (the bytes copied out) and posted
    // before `run` returns.
    let running = workers.run(&job, Some(step));
    measure.end();
    let outcome = running.await;
    let what = format!("Opening “{shown}”");
    match outcome {
        Outcome::Cancelled => None,
        Outcome::Done(Answer::Read {
            mut reading,
            analysed,
        }) => {
            let received = receive(analysed, MEASURE_RECEIVE).await;
            // Cancel pressed while the result came in: nothing is added.
            if cancelled.get() {
                return None;
            }
            Some(match received {
                Some((transcript, analyses)) => {
                    let entry = Entry::assemble(
                        id,
                        source_name(&name),
                        // A Word document is kept as the text it was read as.
                        &reading
                            .as_mut()
                            .and_then(|r| r.text.take())
                            .unwrap_or_else(|| text_of(source)),
                        transcript,
                        &fallback,
                        analyses,
                    );
                    Ok(entry.with_reading(reading).with_read_as(read_as))
                }
                None => Err(unreadable_answer(&what)),
            })
        }
        Outcome::Crashed => Some(Err(format!(
            "{}: nothing was added.",
            outcome.problem(&what)
        ))),
        _ => Some(Err(outcome.problem(&what))),
    }
}

/// Takes a transcript and its analyses into the page, each part decoded in
/// its own task (the transcript and the index of 10 MB are each some 7 MB
/// of buffer), each measured by its name in `measures`. `None` if the
/// buffer cannot be read.
async fn receive(
    bytes: Bytes<'static>,
    measures: [&'static str; 3],
) -> Option<(Transcript, Analyses)> {
    let [first, second, third] = measures;
    let measure = Measure::start(first);
    let mut decoder = transfer::Decoder::new(&bytes).ok()?;
    let transcript = decoder.transcript().ok()?;
    measure.end();
    yield_to_browser().await;
    let measure = Measure::start(second);
    let index = decoder.index().ok()?;
    measure.end();
    yield_to_browser().await;
    let measure = Measure::start(third);
    let topics = decoder.topics().ok()?;
    let duplicates = decoder.duplicates().ok()?;
    drop(bytes);
    measure.end();
    // Storing and drawing the new entry come next: in a task of their own.
    yield_to_browser().await;
    Some((
        transcript,
        (Rc::new(index), Rc::new(topics), Rc::new(duplicates)),
    ))
}

/// How long taking in a restored or linked transcript took, measured apart
/// from an import's.
const MEASURE_READ_AGAIN: [&str; 3] = [
    "read again: take the worker's result (transcript)",
    "read again: take the worker's result (index)",
    "read again: take the worker's result (topics, repeats)",
];

/// A transcript and its analyses (restore, link), with how its text was
/// read; `what` names the job in sentences.
async fn read_again(
    outcome: Outcome,
    what: &str,
) -> Result<(Transcript, Analyses, Option<ReadingInfo>), String> {
    if let Outcome::Done(Answer::Read { reading, analysed }) = outcome {
        return match receive(analysed, MEASURE_READ_AGAIN).await {
            Some((transcript, analyses)) => Ok((transcript, analyses, reading)),
            None => Err(unreadable_answer(what)),
        };
    }
    Err(outcome.problem(what))
}

/// A stored entry read again (its text parsed, or its link's payload
/// decoded, with the current parsers) and its speaker edits applied.
pub async fn restore(workers: &Workers, stored: &StoredEntry) -> Result<Entry, String> {
    let outcome = workers
        .run(&Job::Restore(Cow::Borrowed(stored)), None)
        .await;
    let what = format!("Reading “{}” again", stored.name);
    let (original, analyses, reading) = read_again(outcome, &what).await?;
    Ok(Entry::restored(stored, original, analyses).with_reading(reading))
}

/// The entries of a library file (`name` names it in sentences).
pub async fn read_library(
    workers: &Workers,
    name: &str,
    text: &str,
) -> Result<Vec<StoredEntry>, String> {
    let job = Job::Library {
        name: name.into(),
        text: text.into(),
    };
    match workers.run(&job, None).await {
        Outcome::Done(Answer::Entries(entries)) => Ok(entries),
        outcome => Err(outcome.problem(&format!("Reading “{name}”"))),
    }
}

/// The transcript a share link carries, unpacked and analysed.
pub async fn open_link(workers: &Workers, payload: &str) -> Result<Entry, String> {
    let job = Job::Link {
        payload: payload.into(),
    };
    let outcome = workers.run(&job, None).await;
    let (transcript, analyses, _) = read_again(outcome, "Opening the link's transcript").await?;
    Ok(Entry::from_link(payload, transcript, analyses))
}

/// Topics and repeated passages of `t` (after a speaker edit); `None` if
/// the worker could not work them out (the page shows none).
pub async fn analyse(workers: &Workers, t: &Transcript) -> Option<(Topics, Duplicates)> {
    match workers.run(&Job::Analyse(Cow::Borrowed(t)), None).await {
        Outcome::Done(Answer::Analyses { topics, duplicates }) => Some((topics, duplicates)),
        _ => None,
    }
}

/// Passages repeated across `transcripts` (the "All transcripts" view).
pub async fn across(workers: &Workers, transcripts: &[Rc<Transcript>]) -> Option<Duplicates> {
    let job = Job::Across(transcripts.iter().map(|t| Cow::Borrowed(&**t)).collect());
    match workers.run(&job, None).await {
        Outcome::Done(Answer::Repeats(duplicates)) => Some(duplicates),
        _ => None,
    }
}

/// The share-link payload of `t`.
pub async fn payload(workers: &Workers, t: &Transcript) -> Result<String, String> {
    match workers.run(&Job::Payload(Cow::Borrowed(t)), None).await {
        Outcome::Done(Answer::Text(text)) => Ok(text),
        outcome => Err(outcome.problem("Making the link")),
    }
}

/// The turns `turns` of `t` (what the view shows) exported as `format`
/// by the worker.
pub async fn export(
    workers: &Workers,
    t: &Transcript,
    turns: &[usize],
    format: ExportFormat,
) -> Result<String, String> {
    let job = Job::Export {
        transcript: Cow::Borrowed(t),
        turns: Cow::Borrowed(turns),
        format,
    };
    match workers.run(&job, None).await {
        Outcome::Done(Answer::Text(text)) => Ok(text),
        outcome => Err(outcome.problem("The export")),
    }
}

/// Cancels every running import.
pub fn cancel(workers: &Workers) {
    workers.cancel_imports();
}

/// The text of a source the worker parsed: a file's bytes were UTF-8, or
/// it would have said so, so they become the text without a copy.
fn text_of(source: Source) -> String {
    match source {
        Source::Paste(text) => text,
        Source::File(bytes) => String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}
