//! The share-link codec: encoding and decoding 1 MB of each generated format
//! (payload version 1: over `CM_MAX_BODY`), a bundled transcript (version
//! 2), and the slowest link to read: a version-2 payload holding a body of
//! `CM_MAX_BODY` bytes. Before the timings it prints the link size it makes
//! of each bundled transcript and generated file, as transcript characters
//! per link character, beside plain deflate + base64url of the text for
//! comparison: `cargo bench -p transcript-core --bench share`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use transcript_core::parse;
use transcript_core::share::{
    decode_transcript, encode_transcript, pack_body, unpack_payload, CM_MAX_BODY,
};
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
    // The ratio is of the payload's characters (the version character and
    // the base64url), as the in-browser benchmark counts.
    for (name, text) in inputs {
        let Ok(t) = parse(&text) else { continue };
        let chars = text.chars().count();
        let link = encode_transcript(&t);
        let name = format!("{name} (v{})", &link[..1]);
        let deflated = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 10).len();
        let base64 = deflated.div_ceil(3) * 4;
        println!(
            "{name:<46} {chars:>9} {:>9} {:>7.2} {:>13.2}",
            link.len(),
            chars as f64 / link.len() as f64,
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

    let mut group = c.benchmark_group("share, version 2");
    group.sample_size(10);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../transcripts");
    if let Ok(text) = std::fs::read_to_string(dir.join("devday-2024-altman-interview.txt")) {
        if let Ok(transcript) = parse(&text) {
            let payload = encode_transcript(&transcript);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_function("encode devday (28 KB)", |b| {
                b.iter(|| encode_transcript(&transcript).len())
            });
            group.bench_function("decode devday (28 KB)", |b| {
                b.iter(|| decode_transcript(&payload).map(|t| t.turns.len()))
            });
        }
    }
    // The longest any link can make the reader work: a body at the cap.
    let mut body = generate(SynthFormat::Script, 2 * CM_MAX_BODY, 42).into_bytes();
    body.truncate(CM_MAX_BODY);
    let payload = pack_body(&body);
    assert!(payload.starts_with('2'));
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("encode a body at CM_MAX_BODY", |b| {
        b.iter(|| pack_body(&body).len())
    });
    group.bench_function("decode a body at CM_MAX_BODY", |b| {
        b.iter(|| unpack_payload(&payload).map(|body| body.len()))
    });
    group.finish();
}

criterion_group!(benches, share);
criterion_main!(benches);
