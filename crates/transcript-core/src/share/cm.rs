//! A small context-mixing compressor for share-link bodies: the coder of
//! payload version 2 (see [`crate::share`]). Text in, bytes out, and back;
//! it knows nothing of transcripts beyond the English its model is primed
//! with.
//!
//! # Why hand-written
//!
//! Deflate gets 1.65 to 2.0 characters of English transcript per link
//! character and is at its ceiling; the share-link goal is 2.2. What does
//! better on short English text is context mixing (the PAQ family), and no
//! well-kept pure-Rust crate offers it at a size the app can carry. Checked:
//! `brotli` (its decoder and dictionary add over 100 KB of wasm); LZMA
//! (`lzma-rs`; `xz -9e` packs these bodies 0 to 6% smaller than deflate);
//! `zstd` and `zpaq_rs` (C and C++ under a Rust skin); `mashi-core` (a PAQ
//! port: one release in 2021, GPL-3, so not for this MIT/Apache code, and
//! no way to prime it); `arcode`, `arithmetic-coding` and `redux` (entropy
//! coders only, the model left to the user). This module is about 600
//! lines and a 12 KB priming text.
//!
//! # The model
//!
//! Bytes are coded a bit at a time, most significant first, by a binary
//! arithmetic coder, each bit with the probability the model gives it:
//! - Seven hashed contexts: the last 1, 2, 3, 4 and 6 bytes, the word being
//!   written, and that word with the word before. Each keeps, for every
//!   context seen, a one-byte history of the bits that followed it (counts
//!   of zeros and ones, the older side halved when the other bit comes, so
//!   a context that changes its mind is believed again quickly); an
//!   adaptive map per context turns a history into a probability. Histories
//!   live in 16-byte slots, one per context and half-byte (a check byte and
//!   the 15 nodes of that half-byte's bit tree), two places to look per
//!   context, 2^18 slots in all, so that the contexts of a body of tens of
//!   KB rarely collide.
//! - An order-0 probability per partial byte.
//! - A match model: the longest earlier repeat (6 bytes or more) of what
//!   came last predicts the byte that followed it, as strongly as such
//!   repeats have proved right at that length.
//! - Two mixers (logistic, online gradient descent) weigh these
//!   predictions, one choosing its weights by how many of the contexts have
//!   been seen before and the bit's position, the other by the last byte;
//!   their outputs are averaged, then refined by two adaptive probability
//!   maps (by partial byte, and by partial byte and last byte).
//!
//! Everything is integer arithmetic, so every build (native, wasm) makes
//! the same predictions and reads the same links.
//!
//! # Priming
//!
//! A short body leaves a model no time to learn English, so both ends first
//! run the model over `cm_primer.txt`: a text written for this purpose
//! (conversation, interview and news sentences, common words; not taken
//! from any transcript or corpus). On a 3 KB news item that takes the link
//! from 1.9 to 2.5 characters of transcript per link character. Changing a
//! single byte of it, or any detail of the model, changes how every
//! version-2 payload decodes: both are part of the link format and frozen
//! (the golden links in `tests/fixtures/golden-links.json` pin them). A
//! format that must change is a new payload version.
//!
//! Priming costs the time of coding 12 KB, about 10 ms natively and 20 ms
//! in the browser, on every call. A debug build (the tests, fuzzing), where
//! it takes a fifth of a second, keeps one primed model for the process and
//! copies it; a release build does not hold its 5 MB after the call.
//!
//! # What it must never do
//!
//! Panic, or read or allocate beyond what it is given: [`decompress`] of
//! any bytes gives exactly `len` bytes (garbage for a damaged input; the
//! caller checks a checksum), in time linear in `len`, so the caller must
//! bound `len` before calling.

use std::sync::OnceLock;

/// The priming text, run through the model before any body.
const PRIMER: &[u8] = include_bytes!("cm_primer.txt");

/// `4096 / (1 + e^(-x/256))` at x = -2048, -1920, …, 2048, rounded.
const SQUASH_POINTS: [i32; 33] = [
    1, 2, 4, 6, 10, 17, 27, 45, 74, 120, 194, 311, 488, 747, 1102, 1546, 2048, 2550, 2994, 3349,
    3608, 3785, 3902, 3976, 4022, 4051, 4069, 4079, 4086, 4090, 4092, 4094, 4095,
];

/// The logistic function on the model's scales: `x` is log-odds in 1/256
/// units, the result a probability of a 1 in 1/4096 units, 1..=4095.
fn squash(x: i32) -> i32 {
    if x >= 2047 {
        return 4095;
    }
    if x <= -2047 {
        return 1;
    }
    let w = x & 127;
    let i = ((x >> 7) + 16) as usize;
    let a = SQUASH_POINTS.get(i).copied().unwrap_or(2048);
    let b = SQUASH_POINTS.get(i + 1).copied().unwrap_or(2048);
    (a * (128 - w) + b * w + 64) >> 7
}

/// The largest count a bit history keeps of one bit value.
const MAX_COUNT: u8 = 35;

/// Tables built once: `stretch` (the inverse of [`squash`]) and the
/// bit-history state machine.
struct Tables {
    stretch: [i16; 4096],
    /// The next state after a 0 and after a 1.
    next: [[u8; 2]; 256],
    /// The counts (zeros, ones) a state stands for.
    counts: [(u8, u8); 256],
    /// `65536 / (n + 1.5)`: the update rate of a map entry seen `n` times.
    rates: [u16; 1024],
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(Tables::new)
}

impl Tables {
    fn new() -> Tables {
        let mut t = Tables {
            stretch: [2047; 4096],
            next: [[0; 2]; 256],
            counts: [(0, 0); 256],
            rates: [0; 1024],
        };
        for (n, r) in t.rates.iter_mut().enumerate() {
            *r = (131_072 / (2 * n + 3)) as u16;
        }
        // Each probability's stretch is the least x that squashes to it or
        // above, so stretch and squash are inverses where they can be.
        let mut x = -2047;
        for (p, s) in t.stretch.iter_mut().enumerate() {
            while x < 2047 && squash(x) < p as i32 {
                x += 1;
            }
            *s = x as i16;
        }
        // The histories, numbered in the order first reached from (0, 0):
        // 254 of them with these rules.
        let mut states: Vec<(u8, u8)> = vec![(0, 0)];
        let mut i = 0;
        while let Some(&(n0, n1)) = states.get(i) {
            for y in 0..2 {
                let (seen, other) = if y == 0 { (n0, n1) } else { (n1, n0) };
                let seen = seen.saturating_add(1).min(MAX_COUNT);
                let other = if other > 2 { other / 2 + 1 } else { other };
                let s = if y == 0 { (seen, other) } else { (other, seen) };
                let n = states.iter().position(|&x| x == s).unwrap_or_else(|| {
                    states.push(s);
                    states.len() - 1
                });
                if let Some(e) = t.next.get_mut(i).and_then(|e| e.get_mut(y)) {
                    *e = n.min(255) as u8;
                }
            }
            i += 1;
        }
        for (c, s) in t.counts.iter_mut().zip(&states) {
            *c = *s;
        }
        t
    }

    fn stretch(&self, p: i32) -> i32 {
        i32::from(self.stretch.get(p as usize & 4095).copied().unwrap_or(0))
    }
}

/// An adaptive probability per context: 22 bits of probability and a
/// 10-bit count, the rate slowing as the count grows (an average at
/// first, then a moving one).
#[derive(Clone)]
struct Map<const N: usize> {
    entries: [u32; N],
}

impl<const N: usize> Map<N> {
    fn new() -> Map<N> {
        Map {
            entries: [1 << 31; N],
        }
    }

    /// Starts each bit history at what its counts say.
    fn for_histories(t: &Tables) -> Map<N> {
        let mut map = Map::new();
        for (e, &(n0, n1)) in map.entries.iter_mut().zip(t.counts.iter()) {
            let (n0, n1) = (u64::from(n0), u64::from(n1));
            *e = ((((n1 * 2 + 1) << 22) / (n0 * 2 + n1 * 2 + 2)) as u32) << 10;
        }
        map
    }

    /// The probability of a 1 in context `cx`, 12 bits.
    fn p(&self, cx: usize) -> i32 {
        (self.entries.get(cx).copied().unwrap_or(1 << 31) >> 20) as i32
    }

    fn update(&mut self, t: &Tables, cx: usize, y: u32) {
        if let Some(e) = self.entries.get_mut(cx) {
            let n = *e & 1023;
            let p = (*e >> 10) as i32;
            let target = ((y << 22) - y) as i32;
            let rate = i64::from(t.rates.get(n as usize).copied().unwrap_or(64));
            let p = p + ((i64::from(target - p) * rate) >> 16) as i32;
            *e = ((p as u32) << 10) | (n + u32::from(n < 1023));
        }
    }
}

/// Refines a probability in a small context: a line through 33 points on
/// the stretched scale per context, the two points nearest each prediction
/// pulled towards what came.
#[derive(Clone)]
struct Apm<const N: usize> {
    points: Vec<u16>,
    index: usize,
}

/// How fast the refinement follows: 1/64 of the error.
const APM_RATE: i32 = 6;

impl<const N: usize> Apm<N> {
    fn new() -> Apm<N> {
        let points = (0..N * 33)
            .map(|i| (squash((i % 33) as i32 * 128 - 2048) * 16) as u16)
            .collect();
        Apm { points, index: 0 }
    }

    fn p(&mut self, t: &Tables, pr: i32, cx: usize) -> i32 {
        let s = t.stretch(pr) + 2048;
        let w = s & 127;
        let lo = (s >> 7) as usize + (cx % N) * 33;
        self.index = lo + usize::from(w >= 64);
        let a = i32::from(self.points.get(lo).copied().unwrap_or(32768));
        let b = i32::from(self.points.get(lo + 1).copied().unwrap_or(32768));
        ((a * (128 - w) + b * w) >> 11).clamp(1, 4095)
    }

    fn update(&mut self, y: u32) {
        if let Some(v) = self.points.get_mut(self.index) {
            let target = if y == 1 { 65535 } else { 0 };
            let cur = i32::from(*v);
            *v = (cur + ((target - cur) >> APM_RATE)) as u16;
        }
    }
}

/// The hashed contexts: orders 1, 2, 3, 4, 6, the word, the word pair.
const CONTEXTS: usize = 7;
/// The orders the mixer counts when choosing weights.
const ORDERS: usize = 5;
/// Mixer inputs: the hashed contexts, order 0, the match model (2), a bias.
const INPUTS: usize = CONTEXTS + 4;
/// How fast the mixers learn.
const MIXER_RATE: i32 = 24;

/// A logistic mixer: a weighted sum of stretched predictions, one weight
/// set per selector value, trained on each bit's error.
#[derive(Clone)]
struct Mixer<const SETS: usize> {
    weights: Vec<[i32; INPUTS]>,
    set: usize,
    pr: i32,
}

impl<const SETS: usize> Mixer<SETS> {
    fn new() -> Mixer<SETS> {
        Mixer {
            weights: vec![[1 << 14; INPUTS]; SETS],
            set: 0,
            pr: 2048,
        }
    }

    /// The mixed log-odds, weights chosen by `set`.
    fn mix(&mut self, inputs: &[i32; INPUTS], set: usize) -> i32 {
        self.set = set % SETS;
        let dot = self.weights.get(self.set).map_or(0, |w| {
            w.iter()
                .zip(inputs)
                .map(|(&w, &x)| i64::from(w) * i64::from(x))
                .sum::<i64>()
        });
        let dot = (dot >> 16).clamp(-2047, 2047) as i32;
        self.pr = squash(dot);
        dot
    }

    fn update(&mut self, inputs: &[i32; INPUTS], y: u32) {
        let err = (((y as i32) << 12) - self.pr) * MIXER_RATE;
        if let Some(w) = self.weights.get_mut(self.set) {
            for (w, &x) in w.iter_mut().zip(inputs) {
                *w = w.wrapping_add((x * err + (1 << 15)) >> 16);
            }
        }
    }
}

/// The shortest repeat the match model follows.
const MATCH_MIN: usize = 6;
/// Longer repeats than this are treated alike.
const MATCH_CAP: usize = 31;

/// One hashed context's place in the model.
#[derive(Clone)]
struct Context {
    /// This byte's context hash, and the slot of the current half-byte.
    hash: u32,
    slot: usize,
    /// The history just read, to update after the bit.
    state: u8,
    map: Map<256>,
}

/// 2^18 slots of bit histories (4 MB): room for every context of a body
/// of tens of KB, the links people share, without collisions to speak of
/// (measured: 2^17 slots lose 0.7% on 25 KB transcripts, 2^19 gain 0.2%).
const SLOT_BITS: u32 = 18;
/// Where repeats were last seen: 2^17 hashes (512 KB).
const RECENT_BITS: u32 = 17;

#[derive(Clone)]
struct Model {
    t: &'static Tables,
    /// Bit histories: a check byte, then the 15 nodes of a half-byte.
    slots: Vec<[u8; 16]>,
    contexts: [Context; CONTEXTS],
    order0: Map<256>,
    inputs: [i32; INPUTS],
    /// The partial byte with a leading 1, the bits of it seen, and the same
    /// for the current half-byte.
    c0: u32,
    bits: u32,
    nibble: usize,
    /// The last eight bytes, newest lowest.
    last: u64,
    word: u32,
    word1: u32,
    /// Everything seen so far, for the match model, and where each hash of
    /// `MATCH_MIN` bytes was last seen.
    history: Vec<u8>,
    recent: Vec<u32>,
    match_ptr: usize,
    match_len: usize,
    match_byte: u32,
    match_map: Map<64>,
    mixer1: Mixer<48>,
    mixer2: Mixer<256>,
    apm1: Apm<256>,
    apm2: Apm<1024>,
}

fn hash(a: u32, b: u32) -> u32 {
    let h = a.wrapping_mul(0x9E37_79B1) ^ b.wrapping_mul(0x85EB_CA6B).rotate_left(13);
    h ^ (h >> 15)
}

impl Model {
    /// A model that has read the priming text: a fresh one in a release
    /// build; in a debug build (tests, fuzzing), where priming takes a
    /// fifth of a second, a copy of one kept for the process. Either way
    /// the very same model.
    fn primed() -> Model {
        #[cfg(debug_assertions)]
        {
            static PRIMED: OnceLock<Model> = OnceLock::new();
            PRIMED.get_or_init(Model::prime).clone()
        }
        #[cfg(not(debug_assertions))]
        Model::prime()
    }

    fn prime() -> Model {
        let t = tables();
        let context = || Context {
            hash: 0,
            slot: 0,
            state: 0,
            map: Map::for_histories(t),
        };
        let mut model = Model {
            t,
            slots: vec![[0; 16]; 1 << SLOT_BITS],
            contexts: std::array::from_fn(|_| context()),
            order0: Map::new(),
            inputs: [0; INPUTS],
            c0: 1,
            bits: 0,
            nibble: 1,
            last: 0,
            word: 0,
            word1: 0,
            history: Vec::with_capacity(PRIMER.len()),
            recent: vec![0; 1 << RECENT_BITS],
            match_ptr: 0,
            match_len: 0,
            match_byte: 0,
            match_map: Map::new(),
            mixer1: Mixer::new(),
            mixer2: Mixer::new(),
            apm1: Apm::new(),
            apm2: Apm::new(),
        };
        for &c in PRIMER {
            for i in (0..8).rev() {
                model.predict();
                model.update(u32::from(c >> i) & 1);
            }
        }
        model
    }

    /// The slot for context hash `h`: the one of its two places whose
    /// check byte matches, else the less used one, cleared.
    fn slot(&mut self, h: u32) -> usize {
        let check = (h >> 24) as u8;
        let mask = self.slots.len() - 1;
        let i = h as usize & mask;
        let j = i ^ 1;
        let (a, b) = (self.slots.get(i), self.slots.get(j));
        if a.is_some_and(|s| s[0] == check) {
            return i;
        }
        if b.is_some_and(|s| s[0] == check) {
            return j;
        }
        let used = |s: Option<&[u8; 16]>| {
            s.and_then(|s| self.t.counts.get(usize::from(s[1])))
                .map_or(0, |&(n0, n1)| u32::from(n0) + u32::from(n1))
        };
        let victim = if used(a) <= used(b) { i } else { j };
        if let Some(s) = self.slots.get_mut(victim) {
            *s = [0; 16];
            s[0] = check;
        }
        victim
    }

    /// The bit the match model expects next, if it has a repeat that still
    /// agrees with this byte so far.
    fn expected_bit(&self) -> Option<u32> {
        (self.match_len > 0 && (self.match_byte | 256) >> (8 - self.bits) == self.c0)
            .then(|| (self.match_byte >> (7 - self.bits)) & 1)
    }

    /// The probability that the next bit is a 1, 12 bits.
    fn predict(&mut self) -> i32 {
        let t = self.t;
        let mut seen = 0;
        for (k, (cx, input)) in self.contexts.iter_mut().zip(&mut self.inputs).enumerate() {
            let state = self
                .slots
                .get(cx.slot)
                .and_then(|s| s.get(self.nibble))
                .copied()
                .unwrap_or(0);
            cx.state = state;
            *input = if state == 0 {
                0
            } else {
                seen += usize::from(k < ORDERS);
                t.stretch(cx.map.p(usize::from(state)))
            };
        }
        let (m0, m1) = match self.expected_bit() {
            Some(bit) => {
                let cx = self.match_len.min(MATCH_CAP) * 2 + bit as usize;
                (t.stretch(self.match_map.p(cx)), (bit as i32 * 2 - 1) * 256)
            }
            None => (0, 0),
        };
        let tail = [t.stretch(self.order0.p(self.c0 as usize)), m0, m1, 256];
        for (input, v) in self.inputs.iter_mut().skip(CONTEXTS).zip(tail) {
            *input = v;
        }
        let last = (self.last & 0xff) as u32;
        let a = self.mixer1.mix(&self.inputs, seen * 8 + self.bits as usize);
        let b = self.mixer2.mix(&self.inputs, last as usize);
        let pr = squash((a + b) >> 1);
        let p1 = self.apm1.p(t, pr, self.c0 as usize);
        let p2 = self.apm2.p(t, pr, (self.c0 ^ hash(last, 7)) as usize);
        ((p1 + p2) >> 1).clamp(1, 4095)
    }

    fn update(&mut self, y: u32) {
        let t = self.t;
        for cx in &mut self.contexts {
            let state = cx.state;
            if let Some(node) = self
                .slots
                .get_mut(cx.slot)
                .and_then(|s| s.get_mut(self.nibble))
            {
                *node = t
                    .next
                    .get(usize::from(state))
                    .map_or(0, |n| if y == 1 { n[1] } else { n[0] });
            }
            cx.map.update(t, usize::from(state), y);
        }
        self.order0.update(t, self.c0 as usize, y);
        if let Some(bit) = self.expected_bit() {
            let cx = self.match_len.min(MATCH_CAP) * 2 + bit as usize;
            self.match_map.update(t, cx, y);
        }
        self.mixer1.update(&self.inputs, y);
        self.mixer2.update(&self.inputs, y);
        self.apm1.update(y);
        self.apm2.update(y);

        self.c0 = (self.c0 << 1) | y;
        self.nibble = (self.nibble << 1) | y as usize;
        self.bits += 1;
        if self.bits == 8 {
            self.end_byte((self.c0 & 255) as u8);
        } else if self.bits == 4 {
            self.nibble = 1;
            for k in 0..CONTEXTS {
                let h = self.contexts.get(k).map_or(0, |cx| hash(cx.hash, self.c0));
                let slot = self.slot(h);
                if let Some(cx) = self.contexts.get_mut(k) {
                    cx.slot = slot;
                }
            }
        }
    }

    fn end_byte(&mut self, c: u8) {
        self.history.push(c);
        self.c0 = 1;
        self.nibble = 1;
        self.bits = 0;
        self.last = (self.last << 8) | u64::from(c);
        if c.is_ascii_alphabetic() || c >= 128 {
            self.word = hash(self.word, u32::from(c.to_ascii_lowercase()));
        } else if self.word != 0 {
            self.word1 = self.word;
            self.word = 0;
        }
        let last = self.last;
        let low = last as u32;
        let hashes = [
            hash(1, low & 0xff),
            hash(2, low & 0xffff),
            hash(3, low & 0xff_ffff),
            hash(4, low),
            hash(hash(6, low), (last >> 32) as u32 & 0xffff),
            hash(hash(7, self.word), u32::from(c)),
            hash(hash(8, self.word), self.word1),
        ];
        for (k, h) in hashes.into_iter().enumerate() {
            let slot = self.slot(h);
            if let Some(cx) = self.contexts.get_mut(k) {
                cx.hash = h;
                cx.slot = slot;
            }
        }
        self.follow_match();
    }

    /// Extends the current repeat by the byte just seen, or looks for a
    /// new one ending here.
    fn follow_match(&mut self) {
        let len = self.history.len();
        if self.match_len > 0 {
            if self.match_byte == u32::from(self.history.last().copied().unwrap_or(0)) {
                self.match_len += 1;
                self.match_ptr += 1;
            } else {
                self.match_len = 0;
            }
        }
        let Some(tail) = self.history.get(len.saturating_sub(MATCH_MIN)..) else {
            return;
        };
        if tail.len() < MATCH_MIN {
            return;
        }
        let h = tail.iter().fold(0, |h, &b| hash(h, u32::from(b))) as usize;
        let slot = h & (self.recent.len() - 1);
        if self.match_len == 0 {
            let candidate = self.recent.get(slot).copied().unwrap_or(0) as usize;
            // How far back the bytes before both places agree.
            let n = (1..=candidate.min(64))
                .take_while(|&k| self.history.get(candidate - k) == self.history.get(len - k))
                .count();
            if n >= MATCH_MIN {
                self.match_len = n;
                self.match_ptr = candidate;
            }
        }
        if let Some(e) = self.recent.get_mut(slot) {
            *e = len as u32;
        }
        match self.history.get(self.match_ptr) {
            Some(&b) if self.match_len > 0 => self.match_byte = u32::from(b),
            _ => self.match_len = 0,
        }
    }
}

/// A binary arithmetic coder's state: the interval `x1..=x2` still open.
struct Coder {
    x1: u32,
    x2: u32,
}

impl Coder {
    /// Narrows the interval to the part for bit `y`, given the probability
    /// `p` (12 bits) that it is a 1.
    fn narrow(&mut self, y: u32, p: i32) {
        let mid = self.split(p);
        if y == 1 {
            self.x2 = mid;
        } else {
            self.x1 = mid + 1;
        }
    }

    fn split(&self, p: i32) -> u32 {
        self.x1 + ((u64::from(self.x2 - self.x1) * p as u64) >> 12) as u32
    }

    /// Whether the top byte is settled (the same at both ends).
    fn settled(&self) -> bool {
        (self.x1 ^ self.x2) & 0xff00_0000 == 0
    }

    fn shift(&mut self) {
        self.x1 <<= 8;
        self.x2 = (self.x2 << 8) | 255;
    }
}

/// Compresses `data`. [`decompress`] needs its length too.
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut model = Model::primed();
    let mut coder = Coder {
        x1: 0,
        x2: u32::MAX,
    };
    let mut out = Vec::with_capacity(data.len() / 3 + 8);
    for &c in data {
        for i in (0..8).rev() {
            let y = u32::from(c >> i) & 1;
            coder.narrow(y, model.predict());
            model.update(y);
            while coder.settled() {
                out.push((coder.x2 >> 24) as u8);
                coder.shift();
            }
        }
    }
    // Any number in x1..=x2 reads back the same. The reader pads the input
    // with 0xff bytes, so x1's top byte then names one (x2's top byte is
    // larger), and 0xff bytes at the end need not be written at all.
    out.push((coder.x1 >> 24) as u8);
    while out.last() == Some(&0xff) {
        out.pop();
    }
    out
}

/// The `len` bytes that `packed` holds. Any input gives `len` bytes; only
/// the caller's checksum tells a damaged one.
pub fn decompress(packed: &[u8], len: usize) -> Vec<u8> {
    let mut model = Model::primed();
    let mut coder = Coder {
        x1: 0,
        x2: u32::MAX,
    };
    let mut input = packed.iter().copied();
    let mut next = || u32::from(input.next().unwrap_or(0xff));
    let mut x = (0..4).fold(0u32, |x, _| (x << 8) | next());
    let mut out = Vec::with_capacity(len);
    for _ in 0..len {
        let mut c = 0u32;
        for _ in 0..8 {
            let p = model.predict();
            let y = u32::from(x <= coder.split(p));
            coder.narrow(y, p);
            model.update(y);
            while coder.settled() {
                coder.shift();
                x = (x << 8) | next();
            }
            c = (c << 1) | y;
        }
        out.push(c as u8);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squash_and_stretch_are_inverses_and_monotone() {
        let t = tables();
        for x in -2047..=2047 {
            let p = squash(x);
            assert!((1..=4095).contains(&p));
            assert!(squash(t.stretch(p)) == p, "x {x} p {p}");
        }
        assert!((1..4096).all(|p| t.stretch(p) >= t.stretch(p - 1)));
    }

    #[test]
    fn the_history_machine_fits_a_byte_and_counts() {
        let t = tables();
        // Every state reached is numbered, and 0 means "never seen".
        let used = t.counts.iter().filter(|&&c| c != (0, 0)).count() + 1;
        assert!(used <= 256 && used > 200, "{used} states");
        let mut s = 0u8;
        for _ in 0..100 {
            s = t.next[usize::from(s)][1];
        }
        assert_eq!(t.counts[usize::from(s)], (0, MAX_COUNT));
        s = t.next[usize::from(s)][0];
        assert_eq!(t.counts[usize::from(s)], (1, MAX_COUNT / 2 + 1));
    }

    #[test]
    fn bytes_round_trip() {
        let cases: [&[u8]; 5] = [
            b"",
            b"a",
            b"Hello, hello, hello: the same words again and again and again.",
            &[0xff; 300],
            &[0, 255, 1, 254, 2, 253, 0, 0, 0, 0, 255, 255, 255],
        ];
        for data in cases {
            let packed = compress(data);
            assert_eq!(decompress(&packed, data.len()), data);
        }
        let mixed: Vec<u8> = (0..20_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        assert_eq!(decompress(&compress(&mixed), mixed.len()), mixed);
    }

    #[test]
    fn english_packs_well_below_deflate() {
        let text = b"We talked about the future of the company, and what the team \
                     would build next year. I think the most important thing is to \
                     listen to the people who use the product every day.";
        let packed = compress(text);
        let deflated = miniz_oxide::deflate::compress_to_vec(text, 10);
        assert!(
            packed.len() * 10 < deflated.len() * 6,
            "{} vs deflate {}",
            packed.len(),
            deflated.len()
        );
    }

    #[test]
    fn any_input_decodes_to_the_asked_length() {
        for packed in [&b""[..], b"\x00", b"\xff\xff\xff\xff\xff", b"garbage in"] {
            assert_eq!(decompress(packed, 1000).len(), 1000);
        }
    }
}
