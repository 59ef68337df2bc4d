//! Detection and parsing throughput on 10 MB of generated transcripts in
//! each generated format: `cargo bench -p transcript-core --bench parse`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use transcript_core::synth::{generate, SynthFormat};
use transcript_core::{detect, parse};

const BYTES: usize = 10_000_000;

fn parsing(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse 10 MB");
    group.sample_size(10);
    for format in [
        SynthFormat::WebVtt,
        SynthFormat::Srt,
        SynthFormat::Script,
        SynthFormat::WhisperJson,
    ] {
        let text = generate(format, BYTES, 42);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("detect", format!("{format:?}")),
            &text,
            |b, text| b.iter(|| detect(text)),
        );
        group.bench_with_input(
            BenchmarkId::new("parse", format!("{format:?}")),
            &text,
            |b, text| b.iter(|| parse(text)),
        );
    }
    group.finish();
}

criterion_group!(benches, parsing);
criterion_main!(benches);
