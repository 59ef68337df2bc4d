//! Splitting 10 MB of generated WebVTT, already parsed, into the passages
//! that repeat detection compares (words, hashes, sentence ends):
//! `cargo bench -p transcript-core --bench passages`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use transcript_core::parse;
use transcript_core::passages::split;
use transcript_core::synth::{generate, SynthFormat};

fn passages(c: &mut Criterion) {
    let text = generate(SynthFormat::WebVtt, 10_000_000, 42);
    let Ok(transcript) = parse(&text) else {
        return;
    };
    eprintln!(
        "{} turns, {} passages",
        transcript.turns.len(),
        split(&transcript).len()
    );
    let mut group = c.benchmark_group("passages 10 MB WebVTT");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("split", |b| b.iter(|| split(&transcript)));
    group.finish();
}

criterion_group!(benches, passages);
criterion_main!(benches);
