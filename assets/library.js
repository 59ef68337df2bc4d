// The library in IndexedDB, for src/storage.rs (which says what is kept and
// why). A classic script beside the app: the page's wasm calls
// `transcriptLibrary.*` and carries no IndexedDB code of its own (in Rust,
// through web-sys and async fns, the same was about 9 KB gzip of wasm).
// Nothing here leaves the browser.
//
// One database, one store `entries`, one record per transcript under its id:
// the entry's fields, its text as a UTF-8 Blob, and `added` (an index on it
// orders the library). Each write is one transaction on one record.
'use strict';
globalThis.transcriptLibrary = (() => {
  const STORE = 'entries';
  const ORDER = 'added';
  const INDEX = 'transcript-explorer/index';
  const PREFIX = 'transcript-explorer/t/';
  let db = null;
  let latest = 0;
  const added = new Map();
  let tabs = null;
  try {
    tabs = new BroadcastChannel('transcript-explorer/library');
  } catch {}

  const request = (r) =>
    new Promise((ok, bad) => {
      r.onsuccess = () => ok(r.result);
      r.onerror = () => bad(r.error);
    });
  const committed = (tx) =>
    new Promise((ok, bad) => {
      tx.oncomplete = () => ok();
      tx.onabort = () => bad(tx.error);
    });
  const note = (id, t) => {
    added.set(id, t);
    latest = Math.max(latest, t);
  };
  // When `id` was first stored; now (after every other) for a new one.
  const stamp = (id) => added.get(id) ?? Math.max(Date.now(), latest + 0.001);
  const record = (fields, bytes, t) => ({ ...fields, text: new Blob([bytes]), [ORDER]: t });
  // A record with its text as a string again.
  const entry = async (r) => (r && r.text instanceof Blob ? { ...r, text: await r.text.text() } : r);
  const local = () => {
    try {
      return globalThis.localStorage ?? null;
    } catch {
      return null;
    }
  };
  const parse = (json) => {
    try {
      return JSON.parse(json);
    } catch {
      return undefined;
    }
  };
  const ids = (storage) => {
    const list = parse(storage.getItem(INDEX));
    return Array.isArray(list) ? list.filter((id) => typeof id === 'string') : [];
  };
  // What localStorage holds (an earlier version's library, or this one's
  // journal): entries in order, and the ids that do not read.
  const legacy = (storage) => {
    const entries = [];
    const unreadable = [];
    for (const id of ids(storage)) {
      const value = parse(storage.getItem(PREFIX + id));
      if (value && typeof value === 'object' && value.id === id && typeof value.text === 'string') entries.push(value);
      else unreadable.push(id);
    }
    return { entries, unreadable };
  };

  function open() {
    return new Promise((ok, bad) => {
      const r = indexedDB.open('transcript-explorer', 1);
      r.onupgradeneeded = () => {
        if (!r.result.objectStoreNames.contains(STORE)) r.result.createObjectStore(STORE).createIndex(ORDER, ORDER);
      };
      r.onsuccess = () => ok(r.result);
      r.onerror = () => bad(r.error);
      r.onblocked = () => bad(new DOMException('blocked', 'UnknownError'));
    });
  }

  // Moves localStorage's library in, in one transaction, then removes the
  // old keys (the unreadable ones stay). What happened, for the sentence.
  async function migrate(storage) {
    if (!storage || storage.getItem(INDEX) === null) return {};
    const { entries, unreadable } = legacy(storage);
    try {
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      entries.forEach((e, n) => {
        const { [ORDER]: t, ...fields } = e;
        store.put(record(fields, new TextEncoder().encode(e.text), typeof t === 'number' ? t : n), e.id);
      });
      await committed(tx);
    } catch {
      return { notMoved: entries.length };
    }
    for (const e of entries) storage.removeItem(PREFIX + e.id);
    if (unreadable.length) storage.setItem(INDEX, JSON.stringify(unreadable));
    else storage.removeItem(INDEX);
    return { oldUnreadable: unreadable.length };
  }

  // The app shell: the service worker (offline, updates), files opened
  // with the installed app (file_handlers) and what other apps shared to
  // it (share_target, kept by the service worker until taken here).
  let registration = null;
  let updateReady = false;
  let onUpdate = null;
  let reloading = false;
  const opened = [];
  let onOpen = null;
  const hand = (name, value) => (onOpen ? onOpen(name, value) : opened.push([name, value]));
  const SHARED = 'transcript-explorer-shared';
  async function takeShared() {
    if (!(await caches.has(SHARED))) return;
    const cache = await caches.open(SHARED);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      await cache.delete(request);
      const name = decodeURIComponent(response?.headers.get('x-name') ?? '');
      if (name) hand(name, new Uint8Array(await response.arrayBuffer()));
      else if (response) hand('', await response.text());
    }
  }
  if ('serviceWorker' in navigator) {
    addEventListener('load', () => {
      const policy = globalThis.trustedTypes?.createPolicy('service-worker', { createScriptURL: () => 'sw.js' });
      navigator.serviceWorker
        .register(policy ? policy.createScriptURL('') : 'sw.js')
        .then((r) => {
          registration = r;
          // A new version waits until the reader asks for it.
          const check = () => {
            if (r.waiting && navigator.serviceWorker.controller && !updateReady) {
              updateReady = true;
              onUpdate?.();
            }
          };
          check();
          r.addEventListener('updatefound', () => {
            const worker = r.installing;
            worker?.addEventListener('statechange', () => worker.state === 'installed' && check());
          });
        })
        .catch(() => {});
      navigator.serviceWorker.addEventListener('controllerchange', () => reloading && location.reload());
      takeShared().catch(() => {});
    });
  }
  if ('launchQueue' in globalThis) {
    launchQueue.setConsumer(async ({ files }) => {
      for (const handle of files ?? []) {
        try {
          const file = await handle.getFile();
          hand(file.name, new Uint8Array(await file.arrayBuffer()));
        } catch {}
      }
    });
  }

  // One write in its own transaction: `apply(store)`, then the commit; the
  // promise ends with null once it is committed (after `done()`), or the
  // error's name. The write is made now.
  function write(apply, done) {
    if (!db) return Promise.resolve('NoStorage');
    try {
      const tx = db.transaction(STORE, 'readwrite');
      // Settled either way, even if what follows throws.
      const settled = committed(tx).then(
        () => {
          done();
          return null;
        },
        (e) => e?.name ?? 'Error',
      );
      apply(tx.objectStore(STORE));
      try {
        tx.commit?.();
      } catch {}
      return settled;
    } catch (e) {
      return Promise.resolve(e?.name ?? 'Error');
    }
  }

  return {
    // Calls `ready()` once a new version of the app is installed and waiting.
    onUpdate(ready) {
      onUpdate = ready;
      if (updateReady) ready();
    },
    // Switches to the waiting version and reloads.
    update() {
      reloading = true;
      if (registration?.waiting) registration.waiting.postMessage('skip-waiting');
      else location.reload();
    },
    // Calls `take(name, bytes)` for each file opened with the installed app
    // and each file shared to it, `take('', text)` for shared text.
    onOpen(take) {
      onOpen = take;
      for (const [name, value] of opened.splice(0)) take(name, value);
    },
    // The library in order, and what went wrong: { entries, noStorage,
    // notMoved, oldUnreadable, failed }.
    async load() {
      const storage = local();
      try {
        db = await open();
      } catch {
        return { entries: storage ? legacy(storage).entries : [], noStorage: true };
      }
      db.onversionchange = () => db.close();
      const said = await migrate(storage);
      try {
        const all = await request(db.transaction(STORE).objectStore(STORE).index(ORDER).getAll());
        for (const r of all) note(r.id, r[ORDER]);
        return { ...said, entries: await Promise.all(all.map(entry)) };
      } catch {
        return { ...said, entries: [], failed: true };
      }
    },
    // Stores an entry (its fields without text, and the text's UTF-8): the
    // write is made now; the promise ends with null once it is committed,
    // or the error's name.
    save(fields, bytes) {
      if (!db) return Promise.resolve('NoStorage');
      const t = stamp(fields.id);
      note(fields.id, t);
      return write(
        (store) => store.put(record(fields, bytes, t), fields.id),
        () => tabs?.postMessage({ id: fields.id }),
      );
    },
    remove(id) {
      return write(
        (store) => store.delete(id),
        () => {
          added.delete(id);
          tabs?.postMessage({ id, removed: true });
        },
      );
    },
    // For a page being left: the entry in localStorage too (the next start
    // moves it in), where it fits.
    journal(fields, text) {
      const storage = local();
      if (!storage) return;
      const key = PREFIX + fields.id;
      try {
        storage.setItem(key, JSON.stringify({ ...fields, text, [ORDER]: stamp(fields.id) }));
        const list = ids(storage);
        if (!list.includes(fields.id)) storage.setItem(INDEX, JSON.stringify([...list, fields.id]));
      } catch {
        try {
          storage.removeItem(key);
        } catch {}
      }
    },
    // Calls `changed(record)` for an entry another tab stored, and
    // `changed(id)` for one it removed.
    listen(changed) {
      if (!tabs) return;
      tabs.onmessage = async ({ data }) => {
        if (typeof data?.id !== 'string') return;
        if (data.removed) {
          added.delete(data.id);
          changed(data.id);
          return;
        }
        try {
          const r = await request(db.transaction(STORE).objectStore(STORE).get(data.id));
          if (r) {
            note(r.id, r[ORDER]);
            changed(await entry(r));
          }
        } catch {}
      };
    },
    // { used, quota, persistent }, or null where the browser does not say.
    async usage() {
      try {
        const { usage, quota } = await navigator.storage.estimate();
        return { used: usage, quota, persistent: await navigator.storage.persisted() };
      } catch {
        return null;
      }
    },
    async persist() {
      try {
        return await navigator.storage.persist();
      } catch {
        return false;
      }
    },
  };
})();
