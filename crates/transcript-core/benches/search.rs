//! Search over 100,000 turns: building the index, its memory, and the
//! queries of the in-browser benchmark (`bench/bench.js`).
//! `cargo bench -p transcript-core --bench search`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use criterion::{criterion_group, criterion_main, Criterion};
use transcript_core::search::SearchIndex;
use transcript_core::synth::{generate, SynthFormat};
use transcript_core::view::{visible_turns, ViewFilter};
use transcript_core::{parse, Transcript};

const TURNS: usize = 100_000;

/// Counts the bytes held on the heap, to report what the index keeps.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        HELD.fetch_add(layout.size(), Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        HELD.fetch_add(new_size, Ordering::Relaxed);
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// A generated script with at least [`TURNS`] turns, cut to exactly that.
fn transcript() -> Transcript {
    let mut bytes = 20_000_000;
    loop {
        let mut t = parse(&generate(SynthFormat::Script, bytes, 42)).unwrap();
        if t.turns.len() >= TURNS {
            t.turns.truncate(TURNS);
            t.sections.retain(|s| s.turn < TURNS);
            return t;
        }
        bytes *= 2;
    }
}

/// The in-browser benchmark's queries, a rarer phrase, a prefix being
/// typed, a word inside others and a query without letters.
const QUERIES: [&str; 8] = [
    "cultroled",
    "scaling laws",
    "energy",
    "quantum zebra",
    "Microsoft partnership",
    "scaling la",
    "the",
    "?!",
];

fn searching(c: &mut Criterion) {
    let t = transcript();
    let bytes: usize = t.turns.iter().map(|t| t.text.len()).sum();
    let before = HELD.load(Ordering::Relaxed);
    let index = SearchIndex::new(&t);
    let held = HELD.load(Ordering::Relaxed) - before;
    eprintln!(
        "{} turns, {bytes} bytes of text; the index holds {:.1} MB ({:.1} MB allocated, 64-bit sizes)",
        t.turns.len(),
        index.heap_bytes() as f64 / 1e6,
        held as f64 / 1e6
    );
    for q in QUERIES {
        let hits = index.search(&t, q);
        eprintln!("\"{q}\": {} matches ({:?})", hits.matches.len(), hits.mode);
    }
    let mut group = c.benchmark_group("search 100k turns");
    group.sample_size(10);
    group.bench_function("build index", |b| b.iter(|| SearchIndex::new(&t)));
    for q in QUERIES {
        group.bench_function(format!("search \"{q}\""), |b| {
            b.iter(|| index.search(&t, q))
        });
        group.bench_function(format!("turns \"{q}\""), |b| {
            b.iter(|| index.matching_turns(&t, q))
        });
    }
    let filter = ViewFilter {
        query: "scaling laws".into(),
        context: true,
        ..ViewFilter::default()
    };
    group.bench_function("visible_turns \"scaling laws\" with context", |b| {
        b.iter(|| visible_turns(&t, &index, &filter, &[]))
    });
    group.finish();
}

criterion_group!(benches, searching);
criterion_main!(benches);
