//! Search over 100,000 turns: building the index and a two-word query.
//! `cargo bench -p transcript-core --bench search`.

use criterion::{criterion_group, criterion_main, Criterion};
use transcript_core::search::SearchIndex;
use transcript_core::synth::{generate, SynthFormat};
use transcript_core::view::{visible_turns, ViewFilter};
use transcript_core::{parse, Transcript};

const TURNS: usize = 100_000;

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

fn searching(c: &mut Criterion) {
    let t = transcript();
    let bytes: usize = t.turns.iter().map(|t| t.text.len()).sum();
    let index = SearchIndex::new(&t);
    let phrase = index.find("scaling laws").len();
    let rare = index.find("microsoft partnership").len();
    eprintln!(
        "{} turns, {bytes} bytes of text; \"scaling laws\": {phrase} matches, \"microsoft partnership\": {rare}",
        t.turns.len()
    );
    let mut group = c.benchmark_group("search 100k turns");
    group.sample_size(10);
    group.bench_function("build index", |b| b.iter(|| SearchIndex::new(&t)));
    group.bench_function("find \"scaling laws\"", |b| {
        b.iter(|| index.find("scaling laws"))
    });
    group.bench_function("find \"Microsoft partnership\"", |b| {
        b.iter(|| index.find("Microsoft partnership"))
    });
    group.bench_function("find absent \"quantum zebra\" (all-words fallback)", |b| {
        b.iter(|| index.search("quantum zebra"))
    });
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
