//! Detection and parsing throughput on 10 MB of generated transcripts in
//! each generated format: `cargo bench -p transcript-core --bench parse`.
//!
//! The `no speakers` cases are the same WebVTT and Whisper JSON with every
//! speaker removed (as YouTube captions and plain Whisper give them): the
//! whole file is then one speaker-less run of text that the paragraph pass
//! cuts into paragraphs.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use transcript_core::synth::{generate, SynthFormat};
use transcript_core::{detect, parse};

const BYTES: usize = 10_000_000;

/// `text` with every `<v Name>`, `</v>` and `"speaker":"…",` removed, in
/// one pass (each marker is searched for from where the last one ended).
fn without_speakers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let (open, close) = if text.contains("<v ") {
        ("<v ", ">")
    } else {
        ("\"speaker\":", "\",")
    };
    while let Some(at) = rest.find(open) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let skip = tail.find(close).map_or(tail.len(), |i| i + close.len());
        rest = &tail[skip..];
    }
    out.push_str(rest);
    out.replace("</v>", "")
}

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
    for format in [SynthFormat::WebVtt, SynthFormat::WhisperJson] {
        let text = without_speakers(&generate(format, BYTES, 42));
        assert!(!text.contains("<v ") && !text.contains("\"speaker\""));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("parse no speakers", format!("{format:?}")),
            &text,
            |b, text| b.iter(|| parse(text)),
        );
    }
    group.finish();
}

criterion_group!(benches, parsing);
criterion_main!(benches);
