// Transcript Explorer's service worker: after one visit the app opens,
// imports, searches, shares and exports with the network off. Written for
// this app; tools/sw.mjs (a Trunk post_build hook) fills in FILES (every
// file of the build) and VERSION (their hash), so each build is a new
// worker with its own cache. A new version installs in the background and
// waits: the page says "A new version is ready" and swaps only when the
// reader asks (the 'skip-waiting' message), never under their feet.
// It also receives what other apps share to the installed app (the
// manifest's share_target) and keeps it for the page; nothing is sent
// anywhere.
'use strict';
const VERSION = 'BUILD-VERSION';
const FILES = ['BUILD-FILES'];
const CACHE = `transcript-explorer-${VERSION}`;
const SHARED = 'transcript-explorer-shared';
const at = (path) => new URL(path, self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES.map(at))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('transcript-explorer-') && k !== CACHE && k !== SHARED).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

// Shared text, links and files, kept until the page takes them.
async function share(request) {
  try {
    const form = await request.formData();
    const cache = await caches.open(SHARED);
    const stamp = Date.now();
    let n = 0;
    const text = ['text', 'url'].map((k) => form.get(k)).filter((v) => typeof v === 'string' && v).join('\n');
    if (text) await cache.put(at(`shared/${stamp}-${n++}`), new Response(text, { headers: { 'x-name': '' } }));
    for (const file of form.getAll('file')) {
      if (file instanceof File) {
        await cache.put(at(`shared/${stamp}-${n++}`), new Response(file, { headers: { 'x-name': encodeURIComponent(file.name) } }));
      }
    }
  } catch {}
  return Response.redirect(at('./'), 303);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && url.href === at('share-target')) {
    event.respondWith(share(request));
    return;
  }
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate') {
    // Every page of the app is index.html (the view is in the fragment).
    event.respondWith(caches.match(at('index.html'), { cacheName: CACHE }).then((hit) => hit ?? fetch(request)));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)));
});
