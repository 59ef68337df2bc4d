//! The share-link codec: encoding and decoding 1 MB of each generated format,
//! and the link size it makes of each bundled transcript and generated file
//! (printed before the timings, as transcript characters per link character,
//! beside plain deflate + base64url of the text for comparison):
//! `cargo bench -p transcript-core --bench share`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use transcript_core::parse;
use transcript_core::share::{decode_transcript, encode_transcript};
use transcript_core::synth::{generate, SynthFormat};

const FORMATS: [(&str, SynthFormat); 4] = [
    ("WebVTT", SynthFormat::WebVtt),
    ("SRT", SynthFormat::Srt),
    ("Name: text", SynthFormat::Script),
    ("Whisper JSON", SynthFormat::WhisperJson),
];

fn sizes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../transcripts");
    let mut inputs: Vec<(String, String)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            Some((e.file_name().to_string_lossy().into_owned(), text))
        })
        .collect();
    inputs.sort();
    for (name, format) in FORMATS {
        inputs.push((
            format!("generated {name}, 1 MB"),
            generate(format, 1_000_000, 42),
        ));
    }
    println!(
        "{:<46} {:>9} {:>9} {:>7} {:>13}",
        "input", "chars", "link", "ratio", "deflate ratio"
    );
    for (name, text) in inputs {
        let Ok(t) = parse(&text) else { continue };
        let chars = text.chars().count();
        let link = encode_transcript(&t).len();
        let deflated = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 10).len();
        let base64 = deflated.div_ceil(3) * 4;
        println!(
            "{name:<46} {chars:>9} {link:>9} {:>7.2} {:>13.2}",
            chars as f64 / link as f64,
            chars as f64 / base64 as f64
        );
    }
}

fn share(c: &mut Criterion) {
    sizes();
    let mut group = c.benchmark_group("share 1 MB");
    group.sample_size(10);
    for (name, format) in FORMATS {
        let text = generate(format, 1_000_000, 42);
        let Ok(transcript) = parse(&text) else {
            continue;
        };
        let payload = encode_transcript(&transcript);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("encode {name}"), |b| {
            b.iter(|| encode_transcript(&transcript).len())
        });
        group.bench_function(format!("decode {name}"), |b| {
            b.iter(|| decode_transcript(&payload).map(|t| t.turns.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, share);
criterion_main!(benches);
