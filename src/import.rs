//! Opening a pasted text or a file: parse, index, topics, repeats, done in
//! a Web Worker ([`crate::import_worker`]) so the page stays responsive,
//! with a progress line the worker moves step by step and a Cancel that
//! stops at once (the worker is terminated and spawned again on the next
//! import). The worker sends its result as one transferable buffer
//! ([`transcript_core::transfer`]); the page only copies and decodes it.
//!
//! The worker is spawned on the first large import, not at load, so its
//! wasm costs nothing until then. A small source (under 256 KB) and any
//! source where no worker can run (it fails to load, or its buffer is from
//! another version) go through the same steps here, on the page, with the
//! browser given a turn between them. This module must never run the
//! analysis of a large source on the page while a worker can do it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures_channel::oneshot;
use js_sys::{Array, Object, Reflect, Uint8Array};
use transcript_core::dedup::Duplicates;
use transcript_core::search::SearchIndex;
use transcript_core::topics::Topics;
use transcript_core::transfer;
use transcript_core::Transcript;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};
use yew::Callback;

use crate::state::{Entry, Source};

/// Where an import is, for the progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub name: String,
    /// 1-based step number, out of [`STEPS`].
    pub step: usize,
    pub label: &'static str,
}

pub const STEPS: usize = 4;

/// What each step is doing, for the progress line.
const LABELS: [&str; STEPS] = [
    "reading the transcript",
    "indexing it for search",
    "finding its topics",
    "finding repeated passages",
];

/// Sources smaller than this are read on the page: their steps take a few
/// milliseconds each (about 6 ms per 100 KB of WebVTT for all four), less
/// than starting the worker (fetching and compiling its wasm) on a first
/// import, and a small paste opens at once.
const IN_PAGE_BELOW: usize = 256 * 1024;

fn source_len(source: &Source) -> usize {
    match source {
        Source::Paste(text) => text.len(),
        Source::File(bytes) => bytes.len(),
    }
}

/// The worker's entry script, relative to the page (`index.html` has Trunk
/// build the worker and copy this loader beside the app).
const WORKER_URL: &str = "import_worker_loader.js";

/// Names of the fields of the messages between the page and the worker.
pub(crate) mod msg {
    /// What a message from the worker is: one of the `KIND_*` values.
    pub const KIND: &str = "kind";
    /// The worker's wasm is running and takes jobs.
    pub const KIND_READY: &str = "ready";
    /// The worker's wasm could not be loaded (`message` says why).
    pub const KIND_UNAVAILABLE: &str = "unavailable";
    /// A job reached step `step`.
    pub const KIND_STEP: &str = "step";
    /// A job is done: `result` is the transfer buffer.
    pub const KIND_DONE: &str = "done";
    /// A job's text could not be parsed: `message` is the sentence to show.
    pub const KIND_FAILED: &str = "failed";

    pub const JOB: &str = "job";
    pub const STEP: &str = "step";
    pub const MESSAGE: &str = "message";
    pub const RESULT: &str = "result";
    /// Of a job: the file's name ("" for a paste), whether it is a paste,
    /// and its bytes (an `ArrayBuffer`, transferred).
    pub const NAME: &str = "name";
    pub const PASTE: &str = "paste";
    pub const BYTES: &str = "bytes";
}

/// How long the page's own part of an import took, as User Timing
/// measures (the benchmark reads them).
pub const MEASURE_SEND: &str = "import: send to the worker";
/// One measure per task the result is taken in.
pub const MEASURE_RECEIVE: [&str; 3] = [
    "import: take the worker's result (transcript)",
    "import: take the worker's result (index)",
    "import: take the worker's result (topics, repeats)",
];

/// Gives the browser a turn (to draw the progress line and handle a click on
/// Cancel) before the next step.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Parses and analyses `source`. `None` if the reader cancelled; otherwise
/// the entry, or a sentence saying why not.
pub async fn import(
    id: String,
    name: String,
    source: Source,
    fallback: String,
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
    step(1);
    yield_to_browser().await;
    if cancelled.get() {
        return None;
    }
    if source_len(&source) < IN_PAGE_BELOW {
        return in_thread(id, name, source, fallback, step, cancelled).await;
    }
    match in_worker(&name, &source, step.clone()).await {
        Outcome::Done(buffer) => {
            let received = receive(&buffer).await;
            // Cancel pressed while the result came in: nothing is added.
            if cancelled.get() {
                return None;
            }
            match received {
                Some((transcript, analyses)) => Some(Ok(Entry::assemble(
                    id,
                    source_name(&name),
                    &text_of(source),
                    transcript,
                    &fallback,
                    analyses,
                ))),
                // A worker of another version (a stale cache): the page
                // does this import and the next ones itself.
                None => {
                    forget_worker(true);
                    in_thread(id, name, source, fallback, step, cancelled).await
                }
            }
        }
        Outcome::Failed(message) => Some(Err(message)),
        Outcome::Crashed => Some(Err(format!(
            "Opening “{shown}” stopped unexpectedly (the browser may be out of memory): nothing was added."
        ))),
        Outcome::Cancelled => None,
        Outcome::Unavailable => in_thread(id, name, source, fallback, step, cancelled).await,
    }
}

/// Takes the worker's result into the page: a copy into wasm memory, then
/// each part decoded in its own task, so that none holds the page for long
/// (the transcript and the index of 10 MB are each some 7 MB of buffer).
/// `None` if the buffer cannot be read.
async fn receive(buffer: &js_sys::ArrayBuffer) -> Option<(Transcript, Analyses)> {
    let [first, second, third] = MEASURE_RECEIVE;
    let measure = Measure::start(first);
    let bytes = Uint8Array::new(buffer).to_vec();
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

/// What [`Entry::assemble`] takes besides the transcript.
type Analyses = (Rc<SearchIndex>, Rc<Topics>, Rc<Duplicates>);

/// The steps on the page, for a small source or a browser where the worker
/// cannot run.
async fn in_thread(
    id: String,
    name: String,
    source: Source,
    fallback: String,
    step: Rc<dyn Fn(usize)>,
    cancelled: Rc<Cell<bool>>,
) -> Option<Result<Entry, String>> {
    let (text, transcript) = match source.parse(&name) {
        Ok(parsed) => parsed,
        Err(message) => return Some(Err(message)),
    };
    let go_on = |n: usize| {
        step(n);
        let cancelled = cancelled.clone();
        async move {
            yield_to_browser().await;
            !cancelled.get()
        }
    };
    if !go_on(2).await {
        return None;
    }
    let index = Rc::new(SearchIndex::new(&transcript));
    if !go_on(3).await {
        return None;
    }
    let topics = Rc::new(Topics::extract(&transcript));
    if !go_on(4).await {
        return None;
    }
    let duplicates = Rc::new(transcript_core::dedup::find(&transcript));
    Some(Ok(Entry::assemble(
        id,
        source_name(&name),
        &text,
        transcript,
        &fallback,
        (index, topics, duplicates),
    )))
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

/// A User Timing measure of the page's own work, for the benchmark.
struct Measure(&'static str);

impl Measure {
    fn start(name: &'static str) -> Measure {
        if let Some(p) = performance() {
            let _ = p.mark(name);
        }
        Measure(name)
    }

    fn end(self) {
        if let Some(p) = performance() {
            let _ = p.measure_with_start_mark(self.0, self.0);
        }
    }
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

// ---- the worker, seen from the page ----------------------------------------

/// How a job sent to the worker ended.
enum Outcome {
    /// The transfer buffer.
    Done(js_sys::ArrayBuffer),
    /// The text could not be parsed: the sentence to show.
    Failed(String),
    /// The worker died during the job.
    Crashed,
    /// No worker can run here: the page does the work.
    Unavailable,
    /// The reader pressed Cancel.
    Cancelled,
}

struct Job {
    on_step: Rc<dyn Fn(usize)>,
    done: oneshot::Sender<Outcome>,
}

/// The running worker and the jobs it has.
struct Client {
    worker: Worker,
    ready: bool,
    /// Messages (and what they transfer) held until the worker is ready:
    /// one posted before its wasm listens would be lost.
    waiting: Vec<(JsValue, Array)>,
    /// By job number; rarely more than one.
    jobs: Vec<(u32, Job)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    /// Set once a worker failed to start: the page does the work from then on.
    static NO_WORKER: Cell<bool> = const { Cell::new(false) };
    static NEXT_JOB: Cell<u32> = const { Cell::new(0) };
    /// The event handlers of stopped workers, kept until the next spawn:
    /// one of them may be the handler running when its worker is stopped.
    static RETIRED: RefCell<Vec<Handlers>> = const { RefCell::new(Vec::new()) };
}

type Handlers = (
    Closure<dyn FnMut(MessageEvent)>,
    Closure<dyn FnMut(web_sys::Event)>,
);

impl Client {
    /// Terminates the worker and hands back its jobs. Its handlers are
    /// detached first, so no event already queued reaches them, and they
    /// are not dropped here (see `RETIRED`).
    fn stop(self) -> Vec<(u32, Job)> {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
        RETIRED.with(|r| r.borrow_mut().push((self._on_message, self._on_error)));
        self.jobs
    }
}

/// Stops every running import at once: the worker is terminated (the next
/// import starts another) and their futures end as cancelled.
pub fn cancel() {
    forget_worker(false);
}

/// Terminates the worker; its jobs end as cancelled, or `unavailable` ones
/// (then no worker is started again).
fn forget_worker(unavailable: bool) {
    if unavailable {
        NO_WORKER.with(|n| n.set(true));
    }
    let client = CLIENT.with(|c| c.borrow_mut().take());
    if let Some(client) = client {
        // Dropping a job's sender ends its future as cancelled.
        for (_, job) in client.stop() {
            if unavailable {
                let _ = job.done.send(Outcome::Unavailable);
            }
        }
    }
}

/// Sends the source to the worker (spawning it if need be) and waits for
/// the end of the job, moving the progress line as the worker reports.
async fn in_worker(name: &str, source: &Source, on_step: Rc<dyn Fn(usize)>) -> Outcome {
    if NO_WORKER.with(Cell::get) {
        return Outcome::Unavailable;
    }
    let measure = Measure::start(MEASURE_SEND);
    let (paste, bytes) = match source {
        Source::Paste(text) => (true, text.as_bytes()),
        Source::File(bytes) => (false, bytes.as_slice()),
    };
    let job = NEXT_JOB.with(|n| {
        n.set(n.get().wrapping_add(1));
        n.get()
    });
    let array = Uint8Array::from(bytes);
    let message = Object::new();
    set(&message, msg::JOB, &JsValue::from(job));
    set(&message, msg::NAME, &JsValue::from_str(name));
    set(&message, msg::PASTE, &JsValue::from_bool(paste));
    set(&message, msg::BYTES, &array.buffer());
    let (done, outcome) = oneshot::channel();
    let sent = CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_none() {
            *c = spawn();
        }
        let client = c.as_mut()?;
        client.jobs.push((job, Job { on_step, done }));
        let transfer = Array::of1(&array.buffer());
        if client.ready {
            let _ = client
                .worker
                .post_message_with_transfer(&message, &transfer);
        } else {
            client.waiting.push((message.into(), transfer));
        }
        Some(())
    });
    measure.end();
    if sent.is_none() {
        NO_WORKER.with(|n| n.set(true));
        return Outcome::Unavailable;
    }
    outcome.await.unwrap_or(Outcome::Cancelled)
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The worker script's URL in the form the page's Content-Security-Policy
/// asks for: `require-trusted-types-for 'script'` lets `new Worker` take
/// only a `TrustedScriptURL`, made by a policy the CSP names
/// (`trusted-types import-worker`). The policy ignores what it is given and
/// can only ever produce [`WORKER_URL`]. Browsers without Trusted Types get
/// the plain string.
fn worker_script_url() -> Option<JsValue> {
    thread_local! {
        static POLICY: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    }
    let global = js_sys::global();
    let trusted_types = Reflect::get(&global, &"trustedTypes".into())
        .ok()
        .filter(|t| t.is_object());
    let Some(trusted_types) = trusted_types else {
        return Some(JsValue::from_str(WORKER_URL));
    };
    let policy = POLICY.with(|p| p.borrow().clone()).or_else(|| {
        let only_the_worker =
            Closure::<dyn Fn(JsValue) -> JsValue>::new(|_| JsValue::from_str(WORKER_URL));
        let rules = Object::new();
        Reflect::set(&rules, &"createScriptURL".into(), only_the_worker.as_ref()).ok()?;
        // The policy lives as long as the page.
        only_the_worker.forget();
        let create: js_sys::Function = Reflect::get(&trusted_types, &"createPolicy".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let policy = create
            .call2(&trusted_types, &"import-worker".into(), &rules)
            .ok()?;
        POLICY.with(|p| *p.borrow_mut() = Some(policy.clone()));
        Some(policy)
    })?;
    let make: js_sys::Function = Reflect::get(&policy, &"createScriptURL".into())
        .ok()?
        .dyn_into()
        .ok()?;
    make.call1(&policy, &WORKER_URL.into()).ok()
}

/// A new worker, or `None` where the browser will not start one.
fn spawn() -> Option<Client> {
    RETIRED.with(|r| r.borrow_mut().clear());
    let url = worker_script_url()?;
    let constructor: js_sys::Function = Reflect::get(&js_sys::global(), &"Worker".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let worker: Worker = Reflect::construct(&constructor, &Array::of1(&url))
        .ok()?
        .dyn_into()
        .ok()?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        from_worker(&event.data());
    });
    // A script that fails to load or a wasm that dies: before the worker
    // was ready, no worker can run here; after, its jobs are lost.
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        event.prevent_default();
        let ready = CLIENT.with(|c| c.borrow().as_ref().is_some_and(|c| c.ready));
        if ready {
            let client = CLIENT.with(|c| c.borrow_mut().take());
            if let Some(client) = client {
                for (_, job) in client.stop() {
                    let _ = job.done.send(Outcome::Crashed);
                }
            }
        } else {
            forget_worker(true);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(Client {
        worker,
        ready: false,
        waiting: Vec::new(),
        jobs: Vec::new(),
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// A message from the worker, routed to its job.
fn from_worker(data: &JsValue) {
    let kind = get(data, msg::KIND).as_string().unwrap_or_default();
    let job = get(data, msg::JOB).as_f64().map_or(0, |j| j as u32);
    match kind.as_str() {
        msg::KIND_READY => CLIENT.with(|c| {
            if let Some(client) = c.borrow_mut().as_mut() {
                client.ready = true;
                for (message, transfer) in client.waiting.drain(..) {
                    let _ = client
                        .worker
                        .post_message_with_transfer(&message, &transfer);
                }
            }
        }),
        msg::KIND_UNAVAILABLE => forget_worker(true),
        msg::KIND_STEP => {
            let on_step = CLIENT.with(|c| {
                c.borrow()
                    .as_ref()
                    .and_then(|c| c.jobs.iter().find(|(j, _)| *j == job))
                    .map(|(_, j)| j.on_step.clone())
            });
            if let (Some(on_step), Some(n)) = (on_step, get(data, msg::STEP).as_f64()) {
                on_step(n as usize);
            }
        }
        msg::KIND_DONE | msg::KIND_FAILED => {
            let finished = CLIENT.with(|c| {
                let mut c = c.borrow_mut();
                let jobs = &mut c.as_mut()?.jobs;
                let at = jobs.iter().position(|(j, _)| *j == job)?;
                Some(jobs.remove(at).1)
            });
            if let Some(finished) = finished {
                let outcome = match get(data, msg::RESULT).dyn_into::<js_sys::ArrayBuffer>() {
                    Ok(buffer) if kind == msg::KIND_DONE => Outcome::Done(buffer),
                    _ => Outcome::Failed(
                        get(data, msg::MESSAGE)
                            .as_string()
                            .unwrap_or_else(|| "This transcript could not be opened.".into()),
                    ),
                };
                let _ = finished.done.send(outcome);
            }
        }
        _ => {}
    }
}

/// A file's name names its entry; a paste has none (its title or the
/// fallback does).
fn source_name(name: &str) -> Option<String> {
    (!name.is_empty()).then(|| name.to_string())
}

/// What the progress line and messages call an import: the file's name, or
/// the name a paste will get.
pub fn shown_name(name: &str, fallback: &str) -> String {
    source_name(name).unwrap_or_else(|| fallback.to_string())
}
