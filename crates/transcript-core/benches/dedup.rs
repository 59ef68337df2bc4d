//! Repeat detection on 10 MB of generated WebVTT (about one cue in forty
//! repeats an earlier sentence on purpose), already parsed, and parsing
//! plus detection together: `cargo bench -p transcript-core --bench dedup`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use transcript_core::dedup::find;
use transcript_core::parse;
use transcript_core::synth::{generate, SynthFormat};

const BYTES: usize = 10_000_000;

fn dedup(c: &mut Criterion) {
    let text = generate(SynthFormat::WebVtt, BYTES, 42);
    let Ok(transcript) = parse(&text) else {
        return;
    };
    let mut group = c.benchmark_group("dedup 10 MB WebVTT");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("find", |b| b.iter(|| find(&transcript)));
    group.bench_function("parse + find", |b| {
        b.iter(|| parse(&text).map(|t| find(&t).hidden_count()))
    });
    group.finish();
}

criterion_group!(benches, dedup);
criterion_main!(benches);
