//! The page's side of the worker ([`crate::import_worker`]): every step that
//! needs the parsers, the topic tagger, the repeat finder or the share-link
//! codec runs there, never on the page. The page's wasm carries none of them,
//! which keeps the first load small, and the page never waits on them.
//!
//! Two workers, started when first needed: one for imports, which Cancel
//! terminates at once (and the next import starts another), and one for
//! the rest (restoring the library, opening a link's transcript, topics and
//! repeats after a speaker edit, repeats across transcripts, a share link's
//! payload, exports), which Cancel leaves alone. A job is a message with a
//! `kind`; the answer is a [`transcript_core::transfer`] buffer (transferred,
//! not copied) or a string, or a sentence saying why not.
//!
//! Where no worker can run (the script or its wasm fails to load), every job
//! ends [`Outcome::Unavailable`] and the caller says so: this module must
//! never fall back to doing the work on the page.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures_channel::oneshot;
use js_sys::{Array, Object, Reflect, Uint8Array};
use transcript_core::transfer::{self, Parts};
use transcript_core::Transcript;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::js::{self, get, set};
use web_sys::{MessageEvent, Worker};

/// The worker's entry script, relative to the page (`index.html` has Trunk
/// build the worker and copy this loader beside the app).
const WORKER_URL: &str = "import_worker_loader.js";

/// Names of the fields of the messages between the page and the worker.
pub(crate) mod msg {
    /// What a message is: a job's kind (to the worker), or one of the
    /// `KIND_*` values (from it).
    pub const KIND: &str = "kind";
    /// The worker's wasm is running and takes jobs.
    pub const KIND_READY: &str = "ready";
    /// The worker's wasm could not be loaded (`message` says why).
    pub const KIND_UNAVAILABLE: &str = "unavailable";
    /// A job reached step `step`.
    pub const KIND_STEP: &str = "step";
    /// A job is done: `result` is a transfer buffer, or `text` a string.
    pub const KIND_DONE: &str = "done";
    /// A job could not be done: `message` is the sentence to show.
    pub const KIND_FAILED: &str = "failed";

    /// Jobs. Parse and analyse a paste or a file: `name`, `paste`, `bytes`.
    pub const JOB_IMPORT: &str = "import";
    /// Parse (or decode) a stored entry and apply its speaker edits:
    /// `entry` (its JSON). The result holds the transcript as parsed and
    /// the analyses of the edited one.
    pub const JOB_RESTORE: &str = "restore";
    /// Decode a share link's payload and analyse it: `text`.
    pub const JOB_LINK: &str = "link";
    /// Topics and repeated passages of `bytes` (a transcript).
    pub const JOB_ANALYSE: &str = "analyse";
    /// Repeated passages across `list` (transcripts).
    pub const JOB_ACROSS: &str = "across";
    /// The share-link payload of `bytes` (a transcript), as `text`.
    pub const JOB_PAYLOAD: &str = "payload";
    /// `bytes` (a transcript) exported as `format`, as `text`.
    pub const JOB_EXPORT: &str = "export";
    /// The entries of a library file (`text`, called `name`), as `text`
    /// (their JSON).
    pub const JOB_LIBRARY: &str = "library";

    pub const JOB: &str = "job";
    pub const STEP: &str = "step";
    pub const MESSAGE: &str = "message";
    pub const RESULT: &str = "result";
    pub const TEXT: &str = "text";
    pub const NAME: &str = "name";
    pub const PASTE: &str = "paste";
    pub const BYTES: &str = "bytes";
    pub const LIST: &str = "list";
    pub const ENTRY: &str = "entry";
    pub const FORMAT: &str = "format";
    /// An import's "Read as…" key (to the worker); how a text was read
    /// (from it, see `crate::reading`).
    pub const READ_AS: &str = "read_as";
    pub const READING: &str = "reading";
}

/// Which worker runs a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// Imports: what Cancel stops.
    Import,
    /// Everything else.
    Tasks,
}

/// A job for the worker.
pub struct Request {
    pub kind: &'static str,
    pub lane: Lane,
    fields: Object,
    transfer: Array,
}

impl Request {
    pub fn new(kind: &'static str, lane: Lane) -> Request {
        let fields = Object::new();
        set(&fields, msg::KIND, &JsValue::from_str(kind));
        Request {
            kind,
            lane,
            fields,
            transfer: Array::new(),
        }
    }

    pub fn with(self, key: &str, value: &JsValue) -> Request {
        set(&self.fields, key, value);
        self
    }

    /// Bytes handed over to the worker (transferred: the page's copy is
    /// only the JS buffer, which goes).
    pub fn with_bytes(self, key: &str, bytes: &[u8]) -> Request {
        let buffer = Uint8Array::from(bytes).buffer();
        self.transfer.push(&buffer);
        self.with(key, &buffer)
    }

    /// A transcript, as a transfer buffer.
    pub fn with_transcript(self, key: &str, t: &Transcript) -> Request {
        let bytes = transfer::encode_parts(Parts {
            transcript: Some(t),
            ..Parts::default()
        });
        self.with_bytes(key, &bytes)
    }

    /// Several transcripts, as an array of transfer buffers.
    pub fn with_transcripts<'a>(
        self,
        key: &str,
        transcripts: impl IntoIterator<Item = &'a Transcript>,
    ) -> Request {
        let list = Array::new();
        for t in transcripts {
            let bytes = transfer::encode_parts(Parts {
                transcript: Some(t),
                ..Parts::default()
            });
            let buffer = Uint8Array::from(bytes.as_slice()).buffer();
            self.transfer.push(&buffer);
            list.push(&buffer);
        }
        self.with(key, &list)
    }
}

/// How a job ended.
pub enum Outcome {
    /// The worker's answer (`result`, `text`).
    Done(JsValue),
    /// The job could not be done: the sentence to show.
    Failed(String),
    /// The worker died during the job.
    Crashed,
    /// No worker can run here.
    Unavailable,
    /// The reader pressed Cancel.
    Cancelled,
}

impl Outcome {
    /// The transfer buffer a job answered with, copied into wasm memory.
    pub fn bytes(&self) -> Option<Vec<u8>> {
        match self {
            Outcome::Done(data) => js::bytes(get(data, msg::RESULT)),
            _ => None,
        }
    }

    /// How the worker read the text, if the job read one.
    pub fn reading(&self) -> Option<crate::state::ReadingInfo> {
        match self {
            Outcome::Done(data) => crate::reading::decode(&get(data, msg::READING).as_string()?),
            _ => None,
        }
    }

    /// The string a job answered with.
    pub fn text(&self) -> Option<String> {
        match self {
            Outcome::Done(data) => get(data, msg::TEXT).as_string(),
            _ => None,
        }
    }

    /// Why a job gave no answer, as a sentence; `what` names the job
    /// ("Opening “x”").
    pub fn problem(&self, what: &str) -> String {
        match self {
            Outcome::Done(_) => {
                format!("{what} gave an answer this page cannot read: reload the page.")
            }
            Outcome::Failed(message) => message.clone(),
            Outcome::Crashed => {
                format!("{what} stopped unexpectedly (the browser may be out of memory).")
            }
            Outcome::Unavailable => format!(
                "{what} needs a Web Worker, and this browser would not start one \
                 (it may block workers or WebAssembly in them)."
            ),
            Outcome::Cancelled => format!("{what} was cancelled."),
        }
    }
}

/// Gives the browser a turn (to draw and handle input) before going on.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits until the browser has drawn the render in progress: two animation
/// frames (Yew's scheduler may split a long render across the first one),
/// or a second where a hidden tab draws none; then gives it one more turn.
pub async fn after_next_paint() {
    for _ in 0..2 {
        let frame = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ = window.request_animation_frame(&resolve);
                let _ =
                    window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 1000);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
    }
    yield_to_browser().await;
}

/// A User Timing measure of the page's own work, for the benchmark.
pub struct Measure(&'static str);

impl Measure {
    pub fn start(name: &'static str) -> Measure {
        if let Some(p) = performance() {
            let _ = p.mark(name);
        }
        Measure(name)
    }

    pub fn end(self) {
        if let Some(p) = performance() {
            let _ = p.measure_with_start_mark(self.0, self.0);
        }
    }
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

struct Job {
    on_step: Option<Rc<dyn Fn(usize)>>,
    done: oneshot::Sender<Outcome>,
}

/// A running worker and the jobs it has.
struct Client {
    worker: Worker,
    ready: bool,
    /// Messages (and what they transfer) held until the worker is ready:
    /// one posted before its wasm listens would be lost.
    waiting: Vec<(JsValue, Array)>,
    /// By job number.
    jobs: Vec<(u32, Job)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

type Handlers = (
    Closure<dyn FnMut(MessageEvent)>,
    Closure<dyn FnMut(web_sys::Event)>,
);

thread_local! {
    static IMPORTS: RefCell<Option<Client>> = const { RefCell::new(None) };
    static TASKS: RefCell<Option<Client>> = const { RefCell::new(None) };
    /// Set once a worker failed to start: none is started again.
    static NO_WORKER: Cell<bool> = const { Cell::new(false) };
    static NEXT_JOB: Cell<u32> = const { Cell::new(0) };
    /// The event handlers of stopped workers, kept until the next spawn:
    /// one of them may be the handler running when its worker is stopped.
    static RETIRED: RefCell<Vec<Handlers>> = const { RefCell::new(Vec::new()) };
}

fn with_lane<R>(lane: Lane, f: impl FnOnce(&mut Option<Client>) -> R) -> R {
    match lane {
        Lane::Import => IMPORTS.with(|c| f(&mut c.borrow_mut())),
        Lane::Tasks => TASKS.with(|c| f(&mut c.borrow_mut())),
    }
}

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

/// Stops every running import at once: the import worker is terminated
/// (the next import starts another) and their futures end as cancelled.
pub fn cancel_imports() {
    let client = IMPORTS.with(|c| c.borrow_mut().take());
    if let Some(client) = client {
        // Dropping a job's sender ends its future as cancelled.
        drop(client.stop());
    }
}

/// No worker can run here: both are stopped and their jobs end unavailable.
fn unavailable() {
    NO_WORKER.with(|n| n.set(true));
    for lane in [Lane::Import, Lane::Tasks] {
        if let Some(client) = with_lane(lane, Option::take) {
            for (_, job) in client.stop() {
                let _ = job.done.send(Outcome::Unavailable);
            }
        }
    }
}

/// Runs a job in its lane's worker (spawning it if need be) and waits for
/// its end; `on_step` hears the steps the worker reports.
pub async fn run(request: Request, on_step: Option<Rc<dyn Fn(usize)>>) -> Outcome {
    if NO_WORKER.with(Cell::get) {
        return Outcome::Unavailable;
    }
    let job = NEXT_JOB.with(|n| {
        n.set(n.get().wrapping_add(1));
        n.get()
    });
    set(&request.fields, msg::JOB, &JsValue::from(job));
    let (done, outcome) = oneshot::channel();
    let lane = request.lane;
    let sent = with_lane(lane, |slot| {
        if slot.is_none() {
            *slot = spawn(lane);
        }
        let client = slot.as_mut()?;
        client.jobs.push((job, Job { on_step, done }));
        if client.ready {
            let _ = client
                .worker
                .post_message_with_transfer(&request.fields, &request.transfer);
        } else {
            client
                .waiting
                .push((request.fields.into(), request.transfer));
        }
        Some(())
    });
    if sent.is_none() {
        unavailable();
        return Outcome::Unavailable;
    }
    outcome.await.unwrap_or(Outcome::Cancelled)
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

/// A new worker for `lane`, or `None` where the browser will not start one.
fn spawn(lane: Lane) -> Option<Client> {
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
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        from_worker(lane, &event.data());
    });
    // A script that fails to load or a wasm that dies: before the worker
    // was ready, no worker can run here; after, its jobs are lost.
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        event.prevent_default();
        let ready = with_lane(lane, |c| c.as_ref().is_some_and(|c| c.ready));
        if ready {
            if let Some(client) = with_lane(lane, Option::take) {
                for (_, job) in client.stop() {
                    let _ = job.done.send(Outcome::Crashed);
                }
            }
        } else {
            unavailable();
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

/// A message from a worker, routed to its job.
fn from_worker(lane: Lane, data: &JsValue) {
    let kind = get(data, msg::KIND).as_string().unwrap_or_default();
    let job = get(data, msg::JOB).as_f64().map_or(0, |j| j as u32);
    match kind.as_str() {
        msg::KIND_READY => with_lane(lane, |c| {
            if let Some(client) = c.as_mut() {
                client.ready = true;
                for (message, transfer) in client.waiting.drain(..) {
                    let _ = client
                        .worker
                        .post_message_with_transfer(&message, &transfer);
                }
            }
        }),
        msg::KIND_UNAVAILABLE => unavailable(),
        msg::KIND_STEP => {
            let on_step = with_lane(lane, |c| {
                c.as_ref()
                    .and_then(|c| c.jobs.iter().find(|(j, _)| *j == job))
                    .and_then(|(_, j)| j.on_step.clone())
            });
            if let (Some(on_step), Some(n)) = (on_step, get(data, msg::STEP).as_f64()) {
                on_step(n as usize);
            }
        }
        msg::KIND_DONE | msg::KIND_FAILED => {
            let finished = with_lane(lane, |c| {
                let jobs = &mut c.as_mut()?.jobs;
                let at = jobs.iter().position(|(j, _)| *j == job)?;
                Some(jobs.remove(at).1)
            });
            if let Some(finished) = finished {
                let outcome = if kind == msg::KIND_DONE {
                    Outcome::Done(data.clone())
                } else {
                    Outcome::Failed(
                        get(data, msg::MESSAGE)
                            .as_string()
                            .unwrap_or_else(|| "This could not be done.".into()),
                    )
                };
                let _ = finished.done.send(outcome);
            }
        }
        _ => {}
    }
}
