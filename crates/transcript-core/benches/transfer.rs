//! The worker → page transfer of an import (`transcript_core::transfer`):
//! the buffer's size for 10 MB of WebVTT and for 100,000 turns of
//! `Name: text` (printed first, part by part), and the time to encode it (in
//! the worker) and to decode each part (on the page, where it must stay far
//! below a 100 ms task): `cargo bench -p transcript-core --bench transfer`.

use criterion::{criterion_group, criterion_main, Criterion};
use transcript_core::dedup;
use transcript_core::search::SearchIndex;
use transcript_core::synth::{generate, generate_with, SynthFormat, SynthOptions};
use transcript_core::topics::Topics;
use transcript_core::transfer::{encode, Decoder};
use transcript_core::{parse, Transcript};

fn inputs() -> Vec<(&'static str, Transcript)> {
    let mut script = SynthOptions::new(SynthFormat::Script, usize::MAX, 42);
    script.max_turns = Some(100_000);
    vec![
        (
            "10 MB WebVTT",
            parse(&generate(SynthFormat::WebVtt, 10_000_000, 42)).unwrap(),
        ),
        ("100k turns", parse(&generate_with(&script)).unwrap()),
    ]
}

fn transfer(c: &mut Criterion) {
    let mut group = c.benchmark_group("transfer");
    group.sample_size(10);
    for (name, t) in inputs() {
        let (index, topics, dups) = (SearchIndex::new(&t), Topics::extract(&t), dedup::find(&t));
        let bytes = encode(&t, &index, &topics, &dups);
        // Part sizes: where the decoder stands after each part.
        let text: usize = t.turns.iter().map(|t| t.text.len()).sum();
        let mut d = Decoder::new(&bytes).unwrap();
        let mut at = vec![d.position()];
        d.transcript().unwrap();
        at.push(d.position());
        d.index().unwrap();
        at.push(d.position());
        d.topics().unwrap();
        at.push(d.position());
        d.duplicates().unwrap();
        at.push(d.position());
        let mb = |w: &[usize]| (w[1] - w[0]) as f64 / 1e6;
        let parts: Vec<f64> = at.windows(2).map(mb).collect();
        println!(
            "{name}: {} turns, {:.1} MB of turn text → buffer {:.1} MB \
             (transcript {:.1}, index {:.1}, topics {:.1}, repeats {:.1})",
            t.turns.len(),
            text as f64 / 1e6,
            bytes.len() as f64 / 1e6,
            parts[0],
            parts[1],
            parts[2],
            parts[3]
        );
        group.bench_function(format!("{name}/encode"), |b| {
            b.iter(|| encode(&t, &index, &topics, &dups))
        });
        group.bench_function(format!("{name}/decode transcript"), |b| {
            b.iter(|| Decoder::new(&bytes).unwrap().transcript().unwrap())
        });
        group.bench_function(format!("{name}/decode all"), |b| {
            b.iter(|| transcript_core::transfer::decode(&bytes).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, transfer);
criterion_main!(benches);
