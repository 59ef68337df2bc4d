// The in-page half of the benchmark: our wasm (transcript-bench-wasm) and the
// JavaScript peers, timed in the same page, in the same run, on the same
// strings. run.mjs loads index.html, calls `runBench(config)` and formats the
// returned rows as a Markdown table. Each measurement is repeated and the
// median reported; ours and the peers' runs are interleaved so a slow
// moment of the (shared) machine hits both alike.
import init, * as wasm from './out/pkg/transcript_bench_wasm.js';

const now = () => performance.now();

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// Runs each named function `runs` times, interleaved; per name the median
// time in ms (over `inner` calls per sample, for sub-millisecond work) and
// the result of the last call.
function timeAll(fns, runs, inner = 1) {
  const times = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  const results = {};
  for (let r = 0; r < runs; r++) {
    for (const [name, fn] of Object.entries(fns)) {
      const t0 = now();
      let out;
      for (let i = 0; i < inner; i++) out = fn();
      times[name].push((now() - t0) / inner);
      results[name] = out;
    }
  }
  return Object.fromEntries(
    Object.keys(fns).map((k) => [
      k,
      { ms: median(times[k]), min: Math.min(...times[k]), max: Math.max(...times[k]), runs: runs, result: results[k] },
    ]),
  );
}

// The same for one async function (media-captions only parses through a
// ReadableStream): median, range and last result.
async function timeAsync(fn, runs) {
  const times = [];
  let result;
  for (let r = 0; r < runs; r++) {
    const t0 = now();
    result = await fn();
    times.push(now() - t0);
  }
  return { ms: median(times), min: Math.min(...times), max: Math.max(...times), runs, result };
}

// Like timeAll for fast calls: each function gets its own number of calls
// per sample, enough for a sample to last about `sampleMs` (at least
// `minInner`), so that a call of a microsecond is timed over thousands
// and the timer's coarseness (0.1 ms in a page that is not cross-origin
// isolated) does not decide the figure. Samples stay interleaved.
function timeFast(fns, runs, minInner = 20, sampleMs = 20) {
  const inner = {};
  for (const [name, fn] of Object.entries(fns)) {
    let n = minInner;
    for (;;) {
      const t0 = now();
      for (let i = 0; i < n; i++) fn();
      const took = now() - t0;
      if (took >= sampleMs || n >= 1 << 22) break;
      n = Math.min(1 << 22, Math.max(n * 2, Math.ceil((n * sampleMs) / Math.max(took, 0.1))));
    }
    inner[name] = n;
  }
  const times = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  const results = {};
  for (let r = 0; r < runs; r++) {
    for (const [name, fn] of Object.entries(fns)) {
      const n = inner[name];
      const t0 = now();
      let out;
      for (let i = 0; i < n; i++) out = fn();
      times[name].push((now() - t0) / n);
      results[name] = out;
    }
  }
  return Object.fromEntries(
    Object.keys(fns).map((k) => [
      k,
      { ms: median(times[k]), min: Math.min(...times[k]), max: Math.max(...times[k]), runs, inner: inner[k], result: results[k] },
    ]),
  );
}

// "median of 5, range 1.2–1.9 ms": the spread of a row's samples.
const range = (t) => `median of ${t.runs}${t.inner ? ` samples of ${t.inner} calls` : ''}, range ${fmt(t.min)}–${fmt(t.max)} ms`;
// Under 0.01 ms a figure is given to three significant digits (timeFast
// makes them meaningful).
const fmt = (ms) => (ms < 0.01 ? ms.toPrecision(3) : ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));

async function fetchText(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

// "2.53× faster" / "2.00× slower": how ours compares, from both medians.
const vs = (oursMs, peerMs, peer) =>
  peerMs >= oursMs ? `ours ${(peerMs / oursMs).toFixed(2)}× faster than ${peer}` : `ours ${(oursMs / peerMs).toFixed(2)}× slower than ${peer}`;

const codePoints = (s) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

function base64url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(s) {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// ---------------------------------------------------------------------------
// OUR SHARE CODEC GOES HERE, once `transcript_core::share` exists.
//
// Export the core's encoder/decoder from crates/transcript-bench-wasm (e.g.
// `share_encode(text) -> String` and `share_decode(s) -> Option<String>`),
// then return them from this function. While it returns null, the share
// rows show the peers only and "ours" reads "not yet".
// ---------------------------------------------------------------------------
function ourShareCodec(wasmModule) {
  if (typeof wasmModule.share_encode === 'function' && typeof wasmModule.share_decode === 'function') {
    return {
      encode: (text) => wasmModule.share_encode(text),
      decode: (s) => wasmModule.share_decode(s),
      // Ours carries the parsed transcript, not the text: its round trip is
      // "decodes to what the text parses to".
      check: (text, s) => wasmModule.share_check(text, s),
    };
  }
  return null;
}

const {
  WebVTTParser,
  subtitleParseSync,
  plussubParse,
  mediaCaptionsParseText,
  MiniSearch,
  FlexIndex,
  FlexCharset,
  LZString,
  deflateRaw,
  inflateRaw,
} = globalThis.peers;

// Each peer returns its cues as objects, as a web app gets them.
const peerParsers = {
  'webvtt-parser': (text) => {
    const tree = new WebVTTParser().parse(text, 'metadata');
    return { cues: tree.cues.length, lastEnd: tree.cues.reduce((m, c) => Math.max(m, c.endTime), 0) };
  },
  subtitle: (text) => {
    const cues = subtitleParseSync(text).filter((n) => n.type === 'cue');
    // subtitle gives times in milliseconds.
    return { cues: cues.length, lastEnd: cues.reduce((m, c) => Math.max(m, c.data.end), 0) / 1000 };
  },
  '@plussub/srt-vtt-parser': (text) => {
    const { entries } = plussubParse(text);
    // Times in milliseconds; the text keeps its `<v Name>` tag (no speakers).
    return { cues: entries.length, lastEnd: entries.reduce((m, c) => Math.max(m, c.to), 0) / 1000 };
  },
};

// media-captions parses through a ReadableStream: async only. Its timestamp
// pattern allows at most two digits of hours, so cues past 99:59:59 are
// dropped.
async function mediaCaptions(text) {
  const { cues } = await mediaCaptionsParseText(text, { type: 'vtt' });
  return { cues: cues.length, lastEnd: cues.reduce((m, c) => Math.max(m, c.endTime), 0) };
}

// Our parse with every cue handed to JavaScript as an object
// { start, end, speaker, text }, as the peers return theirs: the wasm call
// returns columns (times, speaker ids, names, texts) and JavaScript makes
// the objects, all inside the timed call.
function ourCueObjects(text) {
  const p = new wasm.Parsed(text);
  const times = p.cue_times();
  const speakers = p.cue_speakers();
  const names = p.speaker_names().split('\n');
  const texts = p.cue_texts().split('\n');
  p.free();
  const cues = new Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const s = speakers[i];
    cues[i] = { start: times[2 * i], end: times[2 * i + 1], speaker: s === 0xffffffff ? null : names[s], text: texts[i] };
  }
  return cues;
}

function ourCues(text) {
  const p = new wasm.Parsed(text);
  const out = { cues: p.cues(), turns: p.turns(), lastEnd: p.last_end() };
  p.free();
  return out;
}

async function benchParse(c, rows) {
  const text = await fetchText(c.vtt10);
  const section = 'Parse 10 MB WebVTT';
  const fns = {
    objects: () => ourCueObjects(text).length,
    ours: () => wasm.parse_turns(text),
  };
  // An older bench wasm (to compare builds) may not have it.
  if (typeof wasm.text_len === 'function') fns.crossing = () => wasm.text_len(text);
  for (const [name, parse] of Object.entries(peerParsers)) fns[name] = () => parse(text).cues;
  const t = timeAll(fns, c.runs);
  t['media-captions'] = await timeAsync(async () => (await mediaCaptions(text)).cues, c.runs);
  const counts = { ours: ourCues(text) };
  for (const [name, parse] of Object.entries(peerParsers)) counts[name] = parse(text);
  counts['media-captions'] = await mediaCaptions(text);
  const peerNames = [...Object.keys(peerParsers), 'media-captions'];
  const fastest = peerNames.reduce((a, b) => (t[a].ms <= t[b].ms ? a : b));
  rows.push({
    section,
    name: 'ours → cue objects in JavaScript',
    ms: t.objects.ms,
    detail: `${t.objects.result} cues as { start, end, speaker, text }; ${vs(t.objects.ms, t[fastest].ms, `the fastest JS peer (${fastest})`)}; ${range(t.objects)}`,
    target: 'parse ≥ 3× the fastest JS peer, same output',
    met: t[fastest].ms / t.objects.ms >= 3,
  });
  rows.push({
    section,
    name: 'ours, turns kept in wasm (parse_turns)',
    ms: t.ours.ms,
    detail: `${counts.ours.cues} cues → ${counts.ours.turns} turns, nothing handed back; ${vs(t.ours.ms, t[fastest].ms, fastest)}; ${range(t.ours)}`,
  });
  if (t.crossing) rows.push({
    section,
    name: 'ours: the string crossing into wasm alone',
    ms: t.crossing.ms,
    detail: `${t.crossing.result} UTF-8 bytes; wasm-bindgen's copy of the JS string, part of the rows above`,
  });
  for (const name of peerNames) {
    rows.push({
      section,
      name,
      ms: t[name].ms,
      detail: `${counts[name].cues} cue objects; ${range(t[name])}`,
    });
  }

  const long = await fetchText(c.vtt100h);
  const ours = ourCues(long);
  const hours = (s) => `${(s / 3600).toFixed(2)} h`;
  rows.push({
    section: 'Clocks past 99:59:59',
    name: 'ours',
    detail: `${ours.cues} cues, last end ${hours(ours.lastEnd)}`,
    target: 'correct past 99 hours',
    met: ours.lastEnd > 100 * 3600,
  });
  const longPeers = { ...peerParsers, 'media-captions': mediaCaptions };
  for (const [name, parse] of Object.entries(longPeers)) {
    let r;
    try {
      r = await parse(long);
    } catch (e) {
      r = { cues: 0, lastEnd: 0, error: String(e) };
    }
    const dropped = ours.cues - r.cues;
    rows.push({
      section: 'Clocks past 99:59:59',
      name,
      detail: `${r.cues} cues, last end ${hours(r.lastEnd)}${dropped > 0 ? ` — drops ${dropped} cues` : dropped < 0 ? ` — ${-dropped} more than ours` : ''}${r.error ? ` (${r.error})` : ''}`,
    });
  }
}

async function benchPipeline(c, rows, memory) {
  const text = await fetchText(c.vtt10);
  const before = memory.buffer.byteLength;
  const t = timeAll({ pipeline: () => wasm.pipeline(text) }, c.runs);
  rows.push({
    section: 'Pipeline 10 MB WebVTT',
    name: 'ours: parse + passages + dedup + topics + index',
    ms: t.pipeline.ms,
    target: '< 1000 ms',
    met: t.pipeline.ms < 1000,
  });
  const p = new wasm.Parsed(text);
  const steps = timeAll(
    {
      parse: () => {
        const q = new wasm.Parsed(text);
        const n = q.turns();
        q.free();
        return n;
      },
      passages: () => p.passages(),
      dedup: () => p.dedup(),
      topics: () => p.topics(),
      index: () => p.build_index(),
    },
    c.runs,
  );
  for (const [name, r] of Object.entries(steps)) {
    rows.push({ section: 'Pipeline 10 MB WebVTT', name: `  step: ${name}`, ms: r.ms, detail: `→ ${r.result}` });
  }
  p.free();
  const mb = memory.buffer.byteLength / 1e6;
  rows.push({
    section: 'Pipeline 10 MB WebVTT',
    name: 'wasm memory (high-water mark)',
    detail: `${mb.toFixed(1)} MB after the runs above (${(before / 1e6).toFixed(1)} MB before)`,
    target: '< 150 MB',
    met: mb < 150,
  });
}

// Turn texts of a parsed transcript, for the JavaScript peers.
function docsOf(p) {
  return p.turn_texts().split('\n').map((text, id) => ({ id, text }));
}

// FlexSearch as a find-as-you-type box would set it up: prefixes of words
// ("forward"), case and accents folded (LatinSimple).
function flexIndex(docs) {
  const ix = new FlexIndex({ tokenize: 'forward', encoder: FlexCharset.LatinSimple });
  for (const d of docs) ix.add(d.id, d.text);
  return ix;
}

async function benchSearch(c, rows) {
  // The old, small-vocabulary input: one labelled row, for comparison.
  if (c.script100kSmall) {
    const small = new wasm.Parsed(await fetchText(c.script100kSmall));
    small.truncate(100000);
    const b = timeAll({ ours: () => small.build_index() }, c.runs);
    rows.push({
      section: 'Search: the old small-vocabulary input (about 200 distinct words)',
      name: 'build index: ours',
      ms: b.ours.ms,
      detail: `${small.turns()} turns, ${(small.index_bytes() / 1e6).toFixed(1)} MB; ${range(b.ours)}; flatters any index, kept for comparison`,
    });
    small.free();
  }

  const text = await fetchText(c.script100k);
  const p = new wasm.Parsed(text);
  p.truncate(100000);
  const turns = p.turns();
  const docs = docsOf(p);
  const section = `Search ${turns.toLocaleString('en')} turns, realistic vocabulary`;

  const build = timeAll(
    {
      ours: () => p.build_index(),
      flexsearch: () => {
        flexIndex(docs);
        return docs.length;
      },
      minisearch: () => {
        const ms = new MiniSearch({ fields: ['text'] });
        ms.addAll(docs);
        return ms.documentCount;
      },
    },
    c.runs,
  );
  const flex = flexIndex(docs);
  const mini = new MiniSearch({ fields: ['text'] });
  mini.addAll(docs);
  rows.push({
    section,
    name: 'build index: ours',
    ms: build.ours.ms,
    detail: `${vs(build.ours.ms, build.flexsearch.ms, 'FlexSearch')}, ${vs(build.ours.ms, build.minisearch.ms, 'MiniSearch')}; ${range(build.ours)}`,
    target: '< 150 ms, ahead of FlexSearch',
    met: build.ours.ms < 150 && build.ours.ms < build.flexsearch.ms,
  });
  rows.push({ section, name: 'build index: FlexSearch (forward, LatinSimple)', ms: build.flexsearch.ms, detail: range(build.flexsearch) });
  rows.push({ section, name: 'build index: MiniSearch', ms: build.minisearch.ms, detail: range(build.minisearch) });
  // An older bench wasm (to compare builds) may not have it.
  if (typeof p.index_bytes === 'function') {
    const mb = p.index_bytes() / 1e6;
    rows.push({
      section,
      name: 'index memory: ours',
      detail: `${mb.toFixed(1)} MB held in wasm memory (SearchIndex::heap_bytes: vocabulary, its trigram index, postings with positions, anchors; no copy of the text)`,
      target: '< 30 MB',
      met: mb < 30,
    });
  }

  // Each query: the matching turns handed to JavaScript on every side
  // (ours: a Uint32Array of turn numbers; FlexSearch: its id array; MiniSearch:
  // its result objects). Sub-millisecond work is timed over `inner` calls.
  for (const [kind, query] of c.queries) {
    const q = timeFast(
      {
        ours: () => p.search_turns(query).length,
        flexsearch: () => flex.search(query, { limit: 1e7 }).length,
        minisearch: () => mini.search(query, { combineWith: 'AND', prefix: kind === 'prefix as typed' }).length,
      },
      c.runs,
      c.inner,
    );
    const hl = timeFast({ ours: () => p.search(query) }, c.runs, Math.max(1, c.inner >> 2));
    rows.push({
      section,
      name: `${kind} "${query}": ours → turns`,
      ms: q.ours.ms,
      detail: `${q.ours.result} turns (substring semantics: parts of words match too); ${vs(q.ours.ms, q.flexsearch.ms, 'FlexSearch')}; ${range(q.ours)}`,
      target: '< 1 ms, ahead of FlexSearch',
      met: q.ours.ms < 1 && q.ours.ms <= q.flexsearch.ms,
    });
    rows.push({
      section,
      name: `${kind} "${query}": ours, every highlight range`,
      ms: hl.ours.ms,
      detail: `${hl.ours.result} matches with ranges into the original text (what the app computes); ${range(hl.ours)}`,
    });
    rows.push({
      section,
      name: `${kind} "${query}": FlexSearch`,
      ms: q.flexsearch.ms,
      detail: `${q.flexsearch.result} turns (word prefixes, all words, not as a phrase); ${range(q.flexsearch)}`,
    });
    rows.push({
      section,
      name: `${kind} "${query}": MiniSearch (AND)`,
      ms: q.minisearch.ms,
      detail: `${q.minisearch.result} result objects; ${range(q.minisearch)}`,
    });
  }

  const d = timeAll({ dedup: () => p.dedup() }, Math.min(c.runs, 3));
  rows.push({
    section,
    name: 'dedup: ours',
    ms: d.dedup.ms,
    detail: `${d.dedup.result} passages collapsed`,
    target: '< 1000 ms',
    met: d.dedup.ms < 1000,
  });
  p.free();
}

async function benchShare(c, rows) {
  const ours = ourShareCodec(wasm);
  const peers = {
    'lz-string': {
      encode: (t) => LZString.compressToEncodedURIComponent(t),
      decode: (s) => LZString.decompressFromEncodedURIComponent(s),
    },
    'pako deflateRaw 9 + base64url': {
      encode: (t) => base64url(deflateRaw(new TextEncoder().encode(t), { level: 9 })),
      decode: (s) => new TextDecoder().decode(inflateRaw(fromBase64url(s))),
    },
  };
  const codecs = ours ? { ours, ...peers } : peers;
  for (const url of c.shareTexts) {
    const text = await fetchText(url);
    const chars = codePoints(text);
    const name = url.split('/').pop();
    const fns = Object.fromEntries(Object.entries(codecs).map(([k, codec]) => [k, () => codec.encode(text)]));
    const t = timeAll(fns, c.runs);
    if (!ours) {
      rows.push({ section: 'Share links', name: `${name}: ours`, detail: 'not yet (transcript_core::share)', target: '≥ 2.2 chars per URL char' });
    }
    for (const [k, codec] of Object.entries(codecs)) {
      const encoded = t[k].result;
      const roundTrip = codec.check ? codec.check(text, encoded) : codec.decode(encoded) === text;
      const ratio = chars / encoded.length;
      rows.push({
        section: 'Share links',
        name: `${name}: ${k}`,
        ms: t[k].ms,
        detail: `${chars.toLocaleString('en')} chars → ${encoded.length.toLocaleString('en')} URL chars = ${ratio.toFixed(2)} chars/URL char${roundTrip ? '' : ' — ROUND TRIP FAILED'}`,
        ...(k === 'ours' ? { target: '≥ 2.2 chars per URL char', met: ratio >= 2.2 && roundTrip } : {}),
      });
    }
  }
}

globalThis.runBench = async (config) => {
  const { memory } = await init();
  const rows = [];
  // `only` (BENCH_ONLY) names the sections to run; none: all of them.
  const on = (name) => !config.only || config.only.includes(name);
  // Memory first, while the high-water mark is only this step's.
  if (on('pipeline')) await benchPipeline(config, rows, memory);
  if (on('parse')) await benchParse(config, rows);
  if (on('search')) await benchSearch(config, rows);
  if (on('share')) await benchShare(config, rows);
  return rows;
};
globalThis.benchReady = true;
