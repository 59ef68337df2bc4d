//! Format detection on generated transcripts of each format and size (1 MB
//! and 10 MB): detection only sniffs the text's shape, so it should cost
//! next to nothing whatever the size. `cargo bench -p transcript-core --bench detect`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use transcript_core::detect;
use transcript_core::synth::{generate, SynthFormat};

fn detection(c: &mut Criterion) {
    let mut group = c.benchmark_group("detect");
    for bytes in [1_000_000, 10_000_000] {
        for format in [
            SynthFormat::WebVtt,
            SynthFormat::Srt,
            SynthFormat::Script,
            SynthFormat::WhisperJson,
        ] {
            let text = generate(format, bytes, 42);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(
                BenchmarkId::new(format!("{format:?}"), format!("{} MB", bytes / 1_000_000)),
                &text,
                |b, text| b.iter(|| detect(text).format),
            );
        }
    }
    group.finish();
}

criterion_group!(benches, detection);
criterion_main!(benches);
