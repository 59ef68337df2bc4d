//! The page's side of the core worker: [`Workers`], the handle the page
//! makes once and clones, runs a [`Job`] and hands back its [`Outcome`].
//!
//! Two workers, started when first needed: one for imports, which Cancel
//! terminates at once (and the next import starts another), and one for
//! the rest (restoring the library, opening a link's transcript, topics and
//! repeats after a speaker edit, repeats across transcripts, a share link's
//! payload, exports, library files), which Cancel leaves alone.
//!
//! Where no worker can run (the script or its wasm fails to load), every job
//! ends [`Outcome::Unavailable`] and the caller says so: this module must
//! never fall back to doing the work on the page.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use futures_channel::oneshot;
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

use super::protocol::{Answer, Encoded, Job, Reply};

/// The worker's entry script, relative to the page (`index.html` has Trunk
/// build the worker and copy this loader beside the app).
const WORKER_URL: &str = "core_worker_loader.js";

/// The Trusted Types policy the page's CSP names (`trusted-types
/// core-worker`), the only one that may make the worker's script URL.
const POLICY_NAME: &str = "core-worker";

/// Which worker runs a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lane {
    /// Imports: what Cancel stops.
    Import,
    /// Everything else.
    Tasks,
}

impl Lane {
    fn of(job: &Job<'_>) -> Lane {
        match job {
            Job::Import { .. } => Lane::Import,
            _ => Lane::Tasks,
        }
    }
}

/// How a job ended.
#[derive(Debug)]
pub enum Outcome {
    /// The worker's answer.
    Done(Answer),
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
    /// Why a job gave no answer (or one the caller did not expect), as a
    /// sentence; `what` names the job ("Opening “x”").
    pub fn problem(&self, what: &str) -> String {
        match self {
            Outcome::Done(_) => unreadable_answer(what),
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

/// The sentence for an answer the page cannot use (from a worker of
/// another build); `what` names the job.
pub fn unreadable_answer(what: &str) -> String {
    format!("{what} gave an answer this page cannot read: reload the page.")
}

/// The page's workers: made once by the page, cloned cheaply (all clones
/// are the same workers).
#[derive(Clone, Default)]
pub struct Workers(Rc<RefCell<Inner>>);

impl PartialEq for Workers {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Default)]
struct Inner {
    imports: Option<Client>,
    tasks: Option<Client>,
    /// Set once a worker failed to start: none is started again.
    none_can_run: bool,
    next_job: u32,
    /// The event handlers of stopped workers, kept until the next spawn:
    /// one of them may be the handler running when its worker is stopped.
    retired: Vec<Handlers>,
    /// The Trusted Types policy, made on the first spawn (a page may make
    /// a policy of one name only once).
    policy: Option<JsValue>,
}

impl Inner {
    fn lane(&mut self, lane: Lane) -> &mut Option<Client> {
        match lane {
            Lane::Import => &mut self.imports,
            Lane::Tasks => &mut self.tasks,
        }
    }
}

struct Pending {
    on_step: Option<Rc<dyn Fn(usize)>>,
    done: oneshot::Sender<Outcome>,
}

type Handlers = (
    Closure<dyn FnMut(MessageEvent)>,
    Closure<dyn FnMut(web_sys::Event)>,
);

/// A running worker and the jobs it has.
struct Client {
    worker: Worker,
    ready: bool,
    /// Messages held until the worker is ready: one posted before its wasm
    /// listens would be lost.
    waiting: Vec<ArrayBuffer>,
    /// By job number.
    jobs: Vec<(u32, Pending)>,
    handlers: Handlers,
}

impl Client {
    /// Terminates the worker and hands back its jobs. Its handlers are
    /// detached first, so no event already queued reaches them, and they
    /// are kept (in `retired`), not dropped here.
    fn stop(self, retired: &mut Vec<Handlers>) -> Vec<(u32, Pending)> {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
        retired.push(self.handlers);
        self.jobs
    }

    fn post(&self, message: &ArrayBuffer) {
        let _ = self
            .worker
            .post_message_with_transfer(message, &Array::of1(message));
    }
}

/// A message in one JS buffer, to transfer: the head and the tail copied
/// in one after the other.
pub(super) fn js_buffer(message: &Encoded<'_>) -> ArrayBuffer {
    let array = Uint8Array::new_with_length(message.len() as u32);
    let head = message.head.len() as u32;
    array.subarray(0, head).copy_from(&message.head);
    array
        .subarray(head, message.len() as u32)
        .copy_from(message.tail);
    array.buffer()
}

/// The bytes of a message received (an `ArrayBuffer`), in wasm memory.
pub(super) fn bytes_of(value: &JsValue) -> Option<Vec<u8>> {
    value
        .dyn_ref::<ArrayBuffer>()
        .map(|b| Uint8Array::new(b).to_vec())
}

impl Workers {
    pub fn new() -> Workers {
        Workers::default()
    }

    /// Runs `job` in its worker (starting it if need be): the job is
    /// posted (or held until the worker is ready) before this returns, and
    /// the future is its end; `on_step` hears the steps the worker reports.
    pub fn run(
        &self,
        job: &Job<'_>,
        on_step: Option<Rc<dyn Fn(usize)>>,
    ) -> impl std::future::Future<Output = Outcome> + 'static {
        let sent = self.send(job, on_step);
        async move {
            match sent {
                Some(outcome) => outcome.await.unwrap_or(Outcome::Cancelled),
                None => Outcome::Unavailable,
            }
        }
    }

    /// Posts `job`; `None` where no worker can run.
    fn send(
        &self,
        job: &Job<'_>,
        on_step: Option<Rc<dyn Fn(usize)>>,
    ) -> Option<oneshot::Receiver<Outcome>> {
        let lane = Lane::of(job);
        let (done, outcome) = oneshot::channel();
        let sent = {
            let mut inner = self.0.borrow_mut();
            if inner.none_can_run {
                return None;
            }
            inner.next_job = inner.next_job.wrapping_add(1);
            let number = inner.next_job;
            if inner.lane(lane).is_none() {
                let client = self.spawn(&mut inner, lane);
                *inner.lane(lane) = client;
            }
            match inner.lane(lane).as_mut() {
                Some(client) => {
                    client.jobs.push((number, Pending { on_step, done }));
                    let message = js_buffer(&job.encode(number));
                    if client.ready {
                        client.post(&message);
                    } else {
                        client.waiting.push(message);
                    }
                    true
                }
                None => false,
            }
        };
        if !sent {
            self.unavailable();
            return None;
        }
        Some(outcome)
    }

    /// Stops every running import at once: the import worker is terminated
    /// (the next import starts another) and their futures end as cancelled.
    pub fn cancel_imports(&self) {
        let mut inner = self.0.borrow_mut();
        let inner = &mut *inner;
        if let Some(client) = inner.imports.take() {
            // Dropping a job's sender ends its future as cancelled.
            drop(client.stop(&mut inner.retired));
        }
    }

    /// No worker can run here: both are stopped and their jobs end
    /// unavailable.
    fn unavailable(&self) {
        self.0.borrow_mut().none_can_run = true;
        for lane in [Lane::Import, Lane::Tasks] {
            self.stop_lane(lane, || Outcome::Unavailable);
        }
    }

    /// The worker of `lane` is stopped and its jobs end as `how` says.
    fn stop_lane(&self, lane: Lane, how: impl Fn() -> Outcome) {
        let stopped = {
            let mut inner = self.0.borrow_mut();
            let inner = &mut *inner;
            match inner.lane(lane).take() {
                Some(client) => client.stop(&mut inner.retired),
                None => Vec::new(),
            }
        };
        for (_, job) in stopped {
            let _ = job.done.send(how());
        }
    }

    /// A new worker for `lane`, or `None` where the browser will not start
    /// one.
    fn spawn(&self, inner: &mut Inner, lane: Lane) -> Option<Client> {
        inner.retired.clear();
        let url = worker_script_url(&mut inner.policy)?;
        let constructor: js_sys::Function = Reflect::get(&js_sys::global(), &"Worker".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let worker: Worker = Reflect::construct(&constructor, &Array::of1(&url))
            .ok()?
            .dyn_into()
            .ok()?;
        let weak: Weak<RefCell<Inner>> = Rc::downgrade(&self.0);
        let on_message = {
            let weak = weak.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                if let Some(inner) = weak.upgrade() {
                    Workers(inner).on_reply(lane, &event.data());
                }
            })
        };
        // A script that fails to load or a wasm that dies: before the
        // worker was ready, no worker can run here; after, its jobs are lost.
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            event.prevent_default();
            let Some(inner) = weak.upgrade() else { return };
            let workers = Workers(inner);
            let ready = workers
                .0
                .borrow_mut()
                .lane(lane)
                .as_ref()
                .is_some_and(|c| c.ready);
            if ready {
                // The worker died: its jobs are lost.
                workers.stop_lane(lane, || Outcome::Crashed);
            } else {
                workers.unavailable();
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Client {
            worker,
            ready: false,
            waiting: Vec::new(),
            jobs: Vec::new(),
            handlers: (on_message, on_error),
        })
    }

    /// A message from a worker, routed to its job.
    fn on_reply(&self, lane: Lane, data: &JsValue) {
        let Some(reply) = bytes_of(data).and_then(|b| Reply::decode(b).ok()) else {
            // Not a message of this build (a stale cached worker script):
            // none of its answers can be read.
            self.stop_lane(lane, || {
                Outcome::Failed(
                    "The worker answered in a form this page cannot read: reload the page.".into(),
                )
            });
            return;
        };
        let finished = |job: u32| {
            let mut inner = self.0.borrow_mut();
            let jobs = &mut inner.lane(lane).as_mut()?.jobs;
            let at = jobs.iter().position(|(j, _)| *j == job)?;
            Some(jobs.remove(at).1)
        };
        match reply {
            Reply::Ready => {
                if let Some(client) = self.0.borrow_mut().lane(lane).as_mut() {
                    client.ready = true;
                    for message in std::mem::take(&mut client.waiting) {
                        client.post(&message);
                    }
                }
            }
            Reply::Unavailable => self.unavailable(),
            Reply::Step { job, step } => {
                let on_step = self.0.borrow_mut().lane(lane).as_ref().and_then(|c| {
                    c.jobs
                        .iter()
                        .find(|(j, _)| *j == job)
                        .and_then(|(_, p)| p.on_step.clone())
                });
                if let Some(on_step) = on_step {
                    on_step(step as usize);
                }
            }
            Reply::Done { job, answer } => {
                if let Some(p) = finished(job) {
                    let _ = p.done.send(Outcome::Done(answer));
                }
            }
            Reply::Failed { job, message } => {
                if let Some(p) = finished(job) {
                    let _ = p.done.send(Outcome::Failed(message));
                }
            }
        }
    }
}

/// The worker script's URL in the form the page's Content-Security-Policy
/// asks for: `require-trusted-types-for 'script'` lets `new Worker` take
/// only a `TrustedScriptURL`, made by a policy the CSP names
/// ([`POLICY_NAME`]). The policy ignores what it is given and can only ever
/// produce [`WORKER_URL`]. Browsers without Trusted Types get the plain
/// string.
fn worker_script_url(policy: &mut Option<JsValue>) -> Option<JsValue> {
    let global = js_sys::global();
    let trusted_types = Reflect::get(&global, &"trustedTypes".into())
        .ok()
        .filter(|t| t.is_object());
    let Some(trusted_types) = trusted_types else {
        return Some(JsValue::from_str(WORKER_URL));
    };
    if policy.is_none() {
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
        *policy = Some(
            create
                .call2(&trusted_types, &POLICY_NAME.into(), &rules)
                .ok()?,
        );
    }
    let policy = policy.as_ref()?;
    let make: js_sys::Function = Reflect::get(policy, &"createScriptURL".into())
        .ok()?
        .dyn_into()
        .ok()?;
    make.call1(policy, &WORKER_URL.into()).ok()
}
