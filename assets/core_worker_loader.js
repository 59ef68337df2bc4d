// The core worker's entry script (src/worker/service.rs), started by the
// page on its first job. It loads the worker's wasm-bindgen glue and wasm
// from beside itself; if the wasm cannot be loaded, it tells the page with
// the bytes of Reply::Unavailable (src/worker/protocol.rs, UNAVAILABLE; a
// test checks they agree), and the page says why nothing can be opened.
// Same-origin files only: no blob: URL, no eval.
importScripts('./core_worker.js');
wasm_bindgen({ module_or_path: './core_worker_bg.wasm' }).catch(() => {
  const unavailable = new Uint8Array([84, 88, 87, 1, 0, 2]);
  postMessage(unavailable.buffer, [unavailable.buffer]);
});
