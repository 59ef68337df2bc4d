//! A deterministic generator of large, realistic-looking transcripts for
//! benchmarks: several speakers, turns of varied length spread over one or
//! more cues, a spoken vocabulary, and the odd repeated sentence. The same
//! seed always gives the same text. Never used on user input.

use std::fmt::Write;

/// The formats the generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SynthFormat {
    WebVtt,
    Srt,
    Script,
    WhisperJson,
}

const SPEAKERS: [&str; 6] = [
    "Marta Ruiz",
    "Leo Park",
    "Ana Okafor",
    "Sam Altman",
    "Priya Natarajan",
    "Ben Castillo",
];

const WORDS: [&str; 64] = [
    "the",
    "model",
    "we",
    "think",
    "about",
    "data",
    "centers",
    "open",
    "source",
    "really",
    "going",
    "to",
    "build",
    "and",
    "people",
    "compute",
    "scaling",
    "laws",
    "reasoning",
    "agents",
    "that",
    "is",
    "a",
    "lot",
    "of",
    "you",
    "know",
    "product",
    "launch",
    "users",
    "research",
    "safety",
    "Microsoft",
    "partnership",
    "startups",
    "value",
    "cost",
    "training",
    "inference",
    "time",
    "next",
    "year",
    "team",
    "question",
    "answer",
    "important",
    "because",
    "right",
    "so",
    "it",
    "was",
    "in",
    "for",
    "with",
    "on",
    "new",
    "world",
    "work",
    "better",
    "GPT-4",
    "API",
    "developers",
    "tools",
    "future",
];

/// A small, fast, deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn sentence(rng: &mut Rng, out: &mut String) {
    let words = 4 + rng.below(14);
    for i in 0..words {
        let w = WORDS.get(rng.below(WORDS.len())).copied().unwrap_or("word");
        if i == 0 {
            let mut chars = w.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(w);
        }
    }
    out.push(if rng.below(6) == 0 { '?' } else { '.' });
}

fn clock(seconds: f64, comma: bool) -> String {
    let millis = (seconds * 1000.0).round() as u64;
    let (h, m, s, ms) = (
        millis / 3_600_000,
        millis / 60_000 % 60,
        millis / 1000 % 60,
        millis % 1000,
    );
    let sep = if comma { ',' } else { '.' };
    format!("{h:02}:{m:02}:{s:02}{sep}{ms:03}")
}

/// Writes about `bytes` bytes of a transcript in `format`, from `seed`.
pub fn generate(format: SynthFormat, bytes: usize, seed: u64) -> String {
    let mut rng = Rng(seed | 1);
    let mut out = String::with_capacity(bytes + 1024);
    let mut time = 0.0f64;
    let mut cue = 0usize;
    let mut last_sentence = String::new();
    match format {
        SynthFormat::WebVtt => out.push_str("WEBVTT\n\n"),
        SynthFormat::WhisperJson => out.push_str("{\"language\":\"en\",\"segments\":["),
        SynthFormat::Srt | SynthFormat::Script => {}
    }
    while out.len() < bytes {
        let speaker = SPEAKERS
            .get(rng.below(SPEAKERS.len()))
            .copied()
            .unwrap_or("Ana");
        let cues = 1 + rng.below(4);
        let mut script_line = String::new();
        for _ in 0..cues {
            let mut text = String::new();
            // About one cue in forty repeats an earlier sentence.
            if rng.below(40) == 0 && !last_sentence.is_empty() {
                text.push_str(&last_sentence);
            } else {
                sentence(&mut rng, &mut text);
                last_sentence.clone_from(&text);
            }
            let duration = 1.5 + rng.below(50) as f64 / 10.0;
            let (start, end) = (time, time + duration);
            time = end + rng.below(5) as f64 / 10.0;
            cue += 1;
            // Writing into a String cannot fail.
            let _ = match format {
                SynthFormat::WebVtt => write!(
                    out,
                    "{cue}\n{} --> {}\n<v {speaker}>{text}</v>\n\n",
                    clock(start, false),
                    clock(end, false)
                ),
                SynthFormat::Srt => write!(
                    out,
                    "{cue}\n{} --> {}\n{speaker}: {text}\n\n",
                    clock(start, true),
                    clock(end, true)
                ),
                SynthFormat::WhisperJson => write!(
                    out,
                    "{}{{\"id\":{cue},\"start\":{start:.2},\"end\":{end:.2},\"speaker\":\"{speaker}\",\"text\":\" {text}\"}}",
                    if cue == 1 { "" } else { "," }
                ),
                SynthFormat::Script => {
                    if !script_line.is_empty() {
                        script_line.push(' ');
                    }
                    script_line.push_str(&text);
                    Ok(())
                }
            };
        }
        if format == SynthFormat::Script {
            let _ = writeln!(out, "{speaker}: {script_line}");
        }
    }
    if format == SynthFormat::WhisperJson {
        out.push_str("]}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{detect, parse, Format};

    #[test]
    fn the_same_seed_gives_the_same_text_and_each_format_detects() {
        for (synth, format) in [
            (SynthFormat::WebVtt, Format::WebVtt),
            (SynthFormat::Srt, Format::Srt),
            (SynthFormat::Script, Format::PlainScript),
            (SynthFormat::WhisperJson, Format::WhisperJson),
        ] {
            let a = generate(synth, 20_000, 7);
            assert_eq!(a, generate(synth, 20_000, 7));
            assert_ne!(a, generate(synth, 20_000, 8));
            assert!(a.len() >= 20_000);
            assert_eq!(detect(&a).format, format, "{synth:?}");
            let t = parse(&a).unwrap();
            assert!(t.speakers.len() >= 4, "{synth:?}: {:?}", t.speakers);
            assert!(t.turns.len() > 20, "{synth:?}");
        }
    }
}
