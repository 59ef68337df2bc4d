// The import worker's entry script (src/import_worker.rs), started by the
// page on its first import. It loads the worker's wasm-bindgen glue and wasm
// from beside itself; if the wasm cannot be loaded, it tells the page, which
// then does the work itself. Same-origin files only: no blob: URL, no eval.
importScripts('./import_worker.js');
wasm_bindgen({ module_or_path: './import_worker_bg.wasm' }).catch((error) => {
  postMessage({ kind: 'unavailable', message: String(error) });
});
