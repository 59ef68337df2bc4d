//! Issue 19's formats against WebVTT, natively, on 10 MB each:
//! `cargo bench -p transcript-core --bench formats`. Every input is the
//! same generated conversation (the WebVTT generator's), written in each
//! format cue by cue, and padded or cut to 10 MB of cues, so the
//! comparison is of parsers, not of content. The target: none more than
//! 2× WebVTT's parse time.

use std::fmt::Write;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use transcript_core::parse::parse_bytes;
use transcript_core::synth::{generate, SynthFormat};
use transcript_core::{parse, Transcript};

const BYTES: usize = 10_000_000;

/// The generated conversation's cues: speaker, start, end, text.
fn cues(t: &Transcript) -> Vec<(String, f64, f64, String)> {
    let mut out = Vec::new();
    for turn in &t.turns {
        let who = t.speaker_name(turn).unwrap_or("Narrator").to_string();
        for (i, seg) in turn.segments.iter().enumerate() {
            let end = turn
                .segments
                .get(i + 1)
                .map_or(turn.text.len(), |s| s.offset - 1);
            let text = turn
                .text
                .get(seg.offset..end)
                .unwrap_or_default()
                .to_string();
            let start = seg.start.unwrap_or(0.0);
            out.push((who.clone(), start, seg.end.unwrap_or(start + 1.0), text));
        }
    }
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// Writes cues with `cue` (after `head`, before `tail`) until `BYTES`.
fn write(
    cues: &[(String, f64, f64, String)],
    head: &str,
    tail: &str,
    mut cue: impl FnMut(&mut String, usize, &(String, f64, f64, String)),
) -> String {
    let mut out = String::from(head);
    let mut i = 0;
    while out.len() + tail.len() < BYTES {
        let c = &cues[i % cues.len()];
        let shift = (i / cues.len()) as f64 * 100_000.0;
        let c = (c.0.clone(), c.1 + shift, c.2 + shift, c.3.clone());
        cue(&mut out, i, &c);
        i += 1;
    }
    out.push_str(tail);
    out
}

fn clock(t: f64) -> String {
    transcript_core::text::format_clock(t, '.')
}

fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    let vtt = generate(SynthFormat::WebVtt, BYTES, 42);
    let c = cues(&parse(&vtt).unwrap());
    let ttml = write(
        &c,
        "<?xml version=\"1.0\"?><tt xmlns=\"http://www.w3.org/ns/ttml\" xmlns:ttm=\"http://www.w3.org/ns/ttml#metadata\"><body><div>\n",
        "</div></body></tt>",
        |o, _, (who, s, e, text)| {
            let _ = writeln!(o, "<p begin=\"{s:.3}s\" end=\"{e:.3}s\" ttm:agent=\"{}\">{}</p>", esc(who), esc(text));
        },
    );
    // As YouTube writes speakers in SBV: `>> NAME:` where the speaker changes.
    let mut last = String::new();
    let sbv = write(&c, "", "", |o, _, (who, s, e, text)| {
        let _ = writeln!(o, "{},{}", clock(*s), clock(*e));
        if *who != last {
            let _ = write!(o, ">> {}: ", who.to_uppercase());
            last.clone_from(who);
        }
        let _ = write!(o, "{text}\n\n");
    });
    let srv3 = write(
        &c,
        "<?xml version=\"1.0\" encoding=\"utf-8\" ?><timedtext format=\"3\"><body>\n",
        "</body></timedtext>",
        |o, _, (_, s, e, text)| {
            let _ = writeln!(
                o,
                "<p t=\"{}\" d=\"{}\">{}</p>",
                (s * 1000.0) as u64,
                ((e - s) * 1000.0) as u64,
                esc(text)
            );
        },
    );
    let json3 = write(&c, "{\"events\":[", "{}]}", |o, _, (_, s, e, text)| {
        let _ = writeln!(
            o,
            "{{\"tStartMs\":{},\"dDurationMs\":{},\"segs\":[{{\"utf8\":{}}}]}},",
            (s * 1000.0) as u64,
            ((e - s) * 1000.0) as u64,
            json(text)
        );
    });
    let ass = write(&c, "[Script Info]\nTitle: bench\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n", "", |o, _, (who, s, e, text)| {
        let _ = writeln!(o, "Dialogue: 0,{},{},Default,{who},0,0,0,,{text}", clock(*s), clock(*e));
    });
    let webex = write(&c, "WEBVTT\n\n", "", |o, i, (who, s, e, text)| {
        let _ = write!(
            o,
            "{i} \"{who}\" (1234567)\n{} --> {}\n{text}\n\n",
            clock(*s),
            clock(*e)
        );
    });
    let words = |o: &mut String,
                 (who, s, e, text): &(String, f64, f64, String),
                 item: &dyn Fn(&mut String, &str, f64, f64, &str)| {
        let n = text.split_whitespace().count().max(1) as f64;
        for (k, w) in text.split_whitespace().enumerate() {
            let ws = s + (e - s) * k as f64 / n;
            item(o, w, ws, ws + (e - s) / n, who);
        }
    };
    let google = write(
        &c,
        "{\"results\":[{\"alternatives\":[{\"transcript\":\"\",\"words\":[",
        "{}]}]}]}",
        |o, _, cue| {
            words(o, cue, &|o, w, s, e, who| {
                let _ = write!(o, "{{\"startTime\":\"{s:.3}s\",\"endTime\":\"{e:.3}s\",\"word\":{},\"speakerTag\":{}}},", json(w), who.len());
            });
        },
    );
    let amazon = write(
        &c,
        "{\"jobName\":\"b\",\"results\":{\"transcripts\":[],\"items\":[",
        "{}]}}",
        |o, _, cue| {
            words(o, cue, &|o, w, s, e, who| {
                let _ = write!(o, "{{\"start_time\":\"{s:.3}\",\"end_time\":\"{e:.3}\",\"alternatives\":[{{\"confidence\":\"0.9\",\"content\":{}}}],\"type\":\"pronunciation\",\"speaker_label\":\"spk_{}\"}},", json(w), who.len());
            });
        },
    );
    let azure = write(
        &c,
        "{\"recognizedPhrases\":[",
        "{}]}",
        |o, _, (who, s, e, text)| {
            let _ = write!(o, "{{\"recognitionStatus\":\"Success\",\"speaker\":{},\"offsetInTicks\":{},\"durationInTicks\":{},\"nBest\":[{{\"display\":{}}}]}},", who.len(), (s * 1e7) as u64, ((e - s) * 1e7) as u64, json(text));
        },
    );
    let speechmatics = write(
        &c,
        "{\"format\":\"2.9\",\"results\":[",
        "{\"type\":\"word\",\"alternatives\":[]}]}",
        |o, _, cue| {
            words(o, cue, &|o, w, s, e, who| {
                let _ = write!(o, "{{\"type\":\"word\",\"start_time\":{s:.3},\"end_time\":{e:.3},\"alternatives\":[{{\"content\":{},\"speaker\":\"S{}\"}}]}},", json(w), who.len());
            });
        },
    );
    let openai = write(
        &c,
        "{\"task\":\"transcribe\",\"duration\":1,\"text\":\"\",\"segments\":[",
        "{}]}",
        |o, i, (_, s, e, text)| {
            let _ = write!(
                o,
                "{{\"id\":{i},\"start\":{s:.3},\"end\":{e:.3},\"text\":{},\"tokens\":[1,2,3]}},",
                json(text)
            );
        },
    );
    let docx_xml = write(
        &c,
        "<w:document xmlns:w=\"w\"><w:body>",
        "</w:body></w:document>",
        |o, _, (who, s, _, text)| {
            let _ = write!(
                o,
                "<w:p><w:r><w:t>{}  {}</w:t></w:r></w:p><w:p><w:r><w:t>{}</w:t></w:r></w:p>",
                esc(who),
                clock(*s).trim_end_matches(".000"),
                esc(text)
            );
        },
    );
    vec![
        ("WebVTT", vtt.into_bytes()),
        ("TTML", ttml.into_bytes()),
        ("SBV", sbv.into_bytes()),
        ("srv3", srv3.into_bytes()),
        ("json3", json3.into_bytes()),
        ("ASS", ass.into_bytes()),
        ("Webex VTT", webex.into_bytes()),
        ("Google STT", google.into_bytes()),
        ("Amazon Transcribe", amazon.into_bytes()),
        ("Azure", azure.into_bytes()),
        ("Speechmatics", speechmatics.into_bytes()),
        ("OpenAI", openai.into_bytes()),
        ("DOCX (10 MB document.xml)", zip_docx(docx_xml.as_bytes())),
    ]
}

/// A one-entry zip holding `word/document.xml`, deflated.
fn zip_docx(xml: &[u8]) -> Vec<u8> {
    let name = b"word/document.xml";
    let packed = miniz_oxide::deflate::compress_to_vec(xml, 6);
    let mut out = Vec::new();
    let mut dir = Vec::new();
    for central in [false, true] {
        let h = if central { &mut dir } else { &mut out };
        h.extend(if central { 0x0201_4b50u32 } else { 0x0403_4b50 }.to_le_bytes());
        if central {
            h.extend(20u16.to_le_bytes());
        }
        h.extend([20, 0, 0, 0, 8, 0]);
        h.extend([0u8; 8]);
        h.extend((packed.len() as u32).to_le_bytes());
        h.extend((xml.len() as u32).to_le_bytes());
        h.extend((name.len() as u16).to_le_bytes());
        h.extend([0, 0]);
        if central {
            h.extend([0u8; 14]);
        }
        h.extend(name);
        if !central {
            h.extend(&packed);
        }
    }
    let at = out.len() as u32;
    let len = dir.len() as u32;
    out.extend(dir);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0, 0, 0, 0, 1, 0, 1, 0]);
    out.extend(len.to_le_bytes());
    out.extend(at.to_le_bytes());
    out.extend([0, 0]);
    out
}

fn formats(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse 10 MB of each format");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    for (name, bytes) in inputs() {
        let t = parse_bytes(&bytes).unwrap();
        assert!(t.turns.len() > 1000, "{name}: {} turns", t.turns.len());
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse", name), &bytes, |b, bytes| {
            b.iter(|| parse_bytes(bytes))
        });
    }
    group.finish();
}

criterion_group!(benches, formats);
criterion_main!(benches);
