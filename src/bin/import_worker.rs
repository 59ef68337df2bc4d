//! The import worker's binary: Trunk builds it to its own wasm (index.html,
//! `data-type="worker"`), loaded by `import_worker_loader.js` on the first
//! import. It only starts [`transcript_explorer::import_worker`].

fn main() {
    transcript_explorer::import_worker::run();
}
