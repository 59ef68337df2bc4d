//! The core worker's binary: Trunk builds it to its own wasm (index.html,
//! `data-type="worker"`), loaded by `assets/core_worker_loader.js` on the
//! first job. It only starts [`transcript_explorer::worker::service`].

fn main() {
    transcript_explorer::worker::service::run();
}
