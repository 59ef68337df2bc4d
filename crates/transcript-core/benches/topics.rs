//! Topic extraction on 10 MB of generated WebVTT, parsed once:
//! `cargo bench -p transcript-core --bench topics`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use transcript_core::parse;
use transcript_core::synth::{generate, SynthFormat};
use transcript_core::topics::Topics;

fn topics(c: &mut Criterion) {
    let text = generate(SynthFormat::WebVtt, 10_000_000, 42);
    let Ok(transcript) = parse(&text) else {
        return;
    };
    let mut group = c.benchmark_group("topics 10 MB");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("extract WebVtt", |b| {
        b.iter(|| Topics::extract(&transcript))
    });
    group.finish();
}

criterion_group!(benches, topics);
criterion_main!(benches);
