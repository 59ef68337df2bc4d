//! `transcript bench …`: helpers for the benchmarks. Today one command,
//! `transcript bench generate`, which writes a generated transcript
//! ([`transcript_core::synth`]) to a file or standard output, so the
//! in-browser benchmark, the e2e tests and a person can all use the same
//! bytes. It never reads user transcripts.

use std::io::Write;

use clap::{Subcommand, ValueEnum};
use transcript_core::synth::{generate_with, SynthFormat, SynthOptions, Vocabulary};

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Write a generated transcript: the same options always give the same bytes.
    Generate {
        #[arg(long, value_enum)]
        format: FormatArg,
        /// Approximate size: bytes, or with a unit: 500KB, 10MB, 1GB (powers of
        /// 1000). Default 1MB, or no limit when --turns is given.
        #[arg(long, value_parser = parse_size)]
        size: Option<usize>,
        /// Stop after this many turns (speaker changes), even before --size.
        #[arg(long)]
        turns: Option<usize>,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Which words to draw from: `realistic` (100,000 Zipf-distributed
        /// words and a second language) or `small` (the first generator's
        /// about 200 distinct words).
        #[arg(long, value_enum, default_value_t = VocabularyArg::Realistic)]
        vocabulary: VocabularyArg,
        /// Print what was generated (size, turns, distinct words) on standard error.
        #[arg(long)]
        describe: bool,
        /// The first cue's start time in hours (e.g. 100 to test clocks past 99 hours).
        #[arg(long, default_value_t = 0.0)]
        start_hours: f64,
        /// Output file; standard output when absent or `-`.
        #[arg(short, long)]
        output: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum VocabularyArg {
    Realistic,
    Small,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Vtt,
    Srt,
    Script,
    Whisper,
}

impl From<FormatArg> for SynthFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Vtt => SynthFormat::WebVtt,
            FormatArg::Srt => SynthFormat::Srt,
            FormatArg::Script => SynthFormat::Script,
            FormatArg::Whisper => SynthFormat::WhisperJson,
        }
    }
}

/// `10MB` → 10,000,000; `512KiB` → 524,288; a bare number is bytes.
fn parse_size(s: &str) -> Result<usize, String> {
    let s = s.trim();
    let digits = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(digits);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{s}` is not a size like 10MB"))?;
    let scale: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" | "k" => 1e3,
        "mb" | "m" => 1e6,
        "gb" | "g" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        other => return Err(format!("unknown size unit `{other}` (use B, KB, MB, GB)")),
    };
    Ok((number * scale).round() as usize)
}

/// Runs a `bench` command; an error is one sentence for standard error.
pub fn run(command: BenchCommand) -> Result<(), String> {
    match command {
        BenchCommand::Generate {
            format,
            size,
            turns,
            seed,
            start_hours,
            vocabulary,
            describe,
            output,
        } => {
            let options = SynthOptions {
                format: format.into(),
                // With only --turns, the turn count decides.
                bytes: size.unwrap_or(if turns.is_some() {
                    usize::MAX
                } else {
                    DEFAULT_SIZE
                }),
                max_turns: turns,
                seed,
                start_seconds: start_hours * 3600.0,
                vocabulary: match vocabulary {
                    VocabularyArg::Realistic => Vocabulary::Realistic,
                    VocabularyArg::Small => Vocabulary::Small,
                },
            };
            let text = generate_with(&options);
            if describe {
                eprintln!("{}", description(&text, &options));
            }
            match output.as_deref() {
                None | Some("-") => std::io::stdout()
                    .lock()
                    .write_all(text.as_bytes())
                    .map_err(|e| format!("cannot write to standard output: {e}")),
                Some(path) => {
                    std::fs::write(path, text).map_err(|e| format!("cannot write {path}: {e}"))
                }
            }
        }
    }
}

/// What was generated, for `--describe`: bytes, turns, distinct words (runs
/// of letters and digits, lowercased) and the vocabulary it drew from.
fn description(text: &str, options: &SynthOptions) -> String {
    let transcript = transcript_core::parse(text).ok();
    let turns = transcript.as_ref().map_or(0, |t| t.turns.len());
    let mut distinct = std::collections::HashSet::new();
    let mut words = 0usize;
    if let Some(t) = &transcript {
        for turn in &t.turns {
            for w in turn.text.split(|c: char| !c.is_alphanumeric()) {
                if !w.is_empty() {
                    words += 1;
                    distinct.insert(w.to_lowercase());
                }
            }
        }
    }
    format!(
        "generated {} bytes (seed {}): {turns} turns, {words} words, {} distinct words; {}",
        text.len(),
        options.seed,
        distinct.len(),
        options.vocabulary.describe()
    )
}

/// `--size`'s default without `--turns`.
const DEFAULT_SIZE: usize = 1_000_000;

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_with_units() {
        assert_eq!(parse_size("10MB"), Ok(10_000_000));
        assert_eq!(parse_size("1.5 mb"), Ok(1_500_000));
        assert_eq!(parse_size("512KiB"), Ok(524_288));
        assert_eq!(parse_size("2000"), Ok(2000));
        assert!(parse_size("ten MB").is_err());
        assert!(parse_size("10XB").is_err());
    }
}
