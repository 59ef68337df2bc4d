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
    Object.keys(fns).map((k) => [k, { ms: median(times[k]), result: results[k] }]),
  );
}

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

const { WebVTTParser, subtitleParseSync, MiniSearch, LZString, deflateRaw, inflateRaw } = globalThis.peers;

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
};

function ourCues(text) {
  const p = new wasm.Parsed(text);
  const out = { cues: p.cues(), turns: p.turns(), lastEnd: p.last_end() };
  p.free();
  return out;
}

async function benchParse(c, rows) {
  const text = await fetchText(c.vtt10);
  const fns = { ours: () => wasm.parse_turns(text) };
  // An older bench wasm (to compare builds) may not have it.
  if (typeof wasm.text_len === 'function') fns.crossing = () => wasm.text_len(text);
  for (const [name, parse] of Object.entries(peerParsers)) fns[name] = () => parse(text).cues;
  const t = timeAll(fns, c.runs);
  const counts = { ours: ourCues(text) };
  for (const [name, parse] of Object.entries(peerParsers)) counts[name] = parse(text);
  const fastestPeer = Math.min(...Object.keys(peerParsers).map((k) => t[k].ms));
  rows.push({
    section: 'Parse 10 MB WebVTT',
    name: 'ours (wasm parse_turns)',
    ms: t.ours.ms,
    detail: `${counts.ours.cues} cues → ${counts.ours.turns} turns; ${vs(t.ours.ms, fastestPeer, 'the fastest JS peer')}`,
    target: 'parse ≥ 2× fastest JS peer (aim 3×)',
    met: fastestPeer / t.ours.ms >= 2,
  });
  if (t.crossing) rows.push({
    section: 'Parse 10 MB WebVTT',
    name: 'ours: the string crossing into wasm alone',
    ms: t.crossing.ms,
    detail: `${t.crossing.result} UTF-8 bytes; wasm-bindgen's copy of the JS string, part of the row above`,
  });
  for (const name of Object.keys(peerParsers)) {
    rows.push({
      section: 'Parse 10 MB WebVTT',
      name,
      ms: t[name].ms,
      detail: `${counts[name].cues} cues; ${vs(t.ours.ms, t[name].ms, name)}`,
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
  for (const [name, parse] of Object.entries(peerParsers)) {
    let r;
    try {
      r = parse(long);
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

async function benchSearch(c, rows) {
  const text = await fetchText(c.script100k);
  const p = new wasm.Parsed(text);
  p.truncate(100000);
  const turns = p.turns();
  const texts = p.turn_texts().split('\n');
  const docs = texts.map((t, id) => ({ id, text: t }));
  const section = `Search ${turns.toLocaleString('en')} turns`;

  const build = timeAll(
    {
      ours: () => p.build_index(),
      minisearch: () => {
        const ms = new MiniSearch({ fields: ['text'] });
        ms.addAll(docs);
        return ms.documentCount;
      },
    },
    c.runs,
  );
  const mini = new MiniSearch({ fields: ['text'] });
  mini.addAll(docs);
  rows.push({
    section,
    name: 'build index: ours',
    ms: build.ours.ms,
    detail: vs(build.ours.ms, build.minisearch.ms, 'MiniSearch'),
    target: '< 100 ms',
    met: build.ours.ms < 100,
  });
  rows.push({ section, name: 'build index: MiniSearch', ms: build.minisearch.ms });
  // An older bench wasm (to compare builds) may not have it.
  if (typeof p.index_bytes === 'function') {
    const mb = p.index_bytes() / 1e6;
    rows.push({
      section,
      name: 'index memory: ours',
      detail: `${mb.toFixed(1)} MB held in wasm memory (SearchIndex::heap_bytes: folded text, turn spans, anchors, word lists)`,
      target: '< 30 MB',
      met: mb < 30,
    });
  }

  for (const query of c.queries) {
    const q = timeAll(
      {
        ours: () => p.search(query),
        minisearch: () => mini.search(query, { combineWith: 'AND' }).length,
      },
      c.runs,
      5,
    );
    rows.push({
      section,
      name: `query "${query}": ours`,
      ms: q.ours.ms,
      detail: `${q.ours.result} matches; ${vs(q.ours.ms, q.minisearch.ms, 'MiniSearch')}`,
      target: '< 5 ms, faster than MiniSearch',
      met: q.ours.ms < 5 && q.ours.ms < q.minisearch.ms,
    });
    rows.push({
      section,
      name: `query "${query}": MiniSearch (AND)`,
      ms: q.minisearch.ms,
      detail: `${q.minisearch.result} turns`,
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
