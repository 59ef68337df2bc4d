//! `transcript`: the command line over `transcript-core`.
//!
//! `transcript parse [--json] FILE...` reads each file (`-` is standard
//! input), detects its format and prints what the core made of it. Input that
//! cannot be read exits non-zero with one sentence on standard error.

mod bench;

use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;
use transcript_core::dedup::Duplicates;
use transcript_core::topics::{Tag, Topics};
use transcript_core::view::speaker_stats;
use transcript_core::{Transcript, TurnKind};

#[derive(Parser)]
#[command(name = "transcript", version, about = "Parse and explore transcripts")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Detect each file's format and print its speakers and turns.
    Parse {
        /// One JSON object per file, one per line.
        #[arg(long)]
        json: bool,
        /// Files to read; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Benchmark helpers: `transcript bench generate --format vtt --size 10MB`.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
}

/// The JSON shape of one parsed file (the CLI contract).
#[derive(Serialize)]
struct Report<'a> {
    source: &'a str,
    format: &'static str,
    title: Option<&'a str>,
    speakers: Vec<SpeakerReport<'a>>,
    turns: Vec<TurnReport<'a>>,
    sections: Vec<SectionReport<'a>>,
    warnings: &'a [String],
    /// Repeated passages within this file: `duplicates` (groups, the first
    /// passage kept), `loops` and `hidden`.
    #[serde(flatten)]
    duplicates: Duplicates,
    /// Topic tags, best first, with the turns they occur in.
    topics: Vec<Tag>,
}

#[derive(Serialize)]
struct SpeakerReport<'a> {
    name: &'a str,
    turns: usize,
    words: usize,
}

#[derive(Serialize)]
struct TurnReport<'a> {
    speaker: Option<&'a str>,
    start: Option<f64>,
    end: Option<f64>,
    text: &'a str,
    #[serde(skip_serializing_if = "is_speech")]
    kind: TurnKind,
}

fn is_speech(kind: &TurnKind) -> bool {
    *kind == TurnKind::Speech
}

#[derive(Serialize)]
struct SectionReport<'a> {
    title: &'a str,
    turn: usize,
}

fn report<'a>(source: &'a str, t: &'a Transcript) -> Report<'a> {
    let speakers = speaker_stats(t)
        .into_iter()
        .zip(&t.speakers)
        .map(|(stat, s)| SpeakerReport {
            name: &s.name,
            turns: stat.turns,
            words: stat.words,
        })
        .collect();
    Report {
        source,
        format: t.metadata.format.id(),
        title: t.title.as_deref(),
        speakers,
        turns: t
            .turns
            .iter()
            .map(|turn| TurnReport {
                speaker: t.speaker_name(turn),
                start: turn.start,
                end: turn.end,
                text: &turn.text,
                kind: turn.kind,
            })
            .collect(),
        sections: t
            .sections
            .iter()
            .map(|s| SectionReport {
                title: &s.title,
                turn: s.turn,
            })
            .collect(),
        warnings: &t.warnings,
        duplicates: transcript_core::dedup::find(t),
        topics: Topics::extract(t).tags,
    }
}

fn read(path: &str) -> Result<Vec<u8>, String> {
    if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(bytes)
    } else {
        std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))
    }
}

fn print_summary(source: &str, r: &Report) {
    println!("{source}: {} ({} turns)", r.format, r.turns.len());
    if let Some(title) = r.title {
        println!("  title: {title}");
    }
    for s in &r.speakers {
        println!("  {}: {} turns, {} words", s.name, s.turns, s.words);
    }
    for w in r.warnings {
        println!("  warning: {w}");
    }
    if !r.topics.is_empty() {
        let top: Vec<&str> = r.topics.iter().take(10).map(|t| t.label.as_str()).collect();
        println!("  topics: {}", top.join(", "));
    }
    if r.duplicates.hidden > 0 {
        println!("  repeated passages: {}", r.duplicates.hidden);
    }
    for turn in r.turns.iter().take(5) {
        let text: String = turn.text.chars().take(100).collect();
        let more = if turn.text.chars().count() > 100 {
            "…"
        } else {
            ""
        };
        println!("  [{}] {text}{more}", turn.speaker.unwrap_or("-"));
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Bench(command) => match bench::run(command) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("transcript: {message}");
                ExitCode::FAILURE
            }
        },
        Command::Parse { json, files } => {
            let mut failed = false;
            for path in &files {
                let source = if path == "-" {
                    "<stdin>"
                } else {
                    path.as_str()
                };
                let parsed = read(path).and_then(|bytes| {
                    transcript_core::parse::parse_bytes(&bytes)
                        .map_err(|e| format!("{source}: {e}"))
                });
                match parsed {
                    Ok(t) => {
                        let r = report(source, &t);
                        if json {
                            match serde_json::to_string(&r) {
                                Ok(line) => println!("{line}"),
                                Err(e) => {
                                    eprintln!("{source}: cannot write JSON: {e}");
                                    failed = true;
                                }
                            }
                        } else {
                            print_summary(source, &r);
                        }
                    }
                    Err(message) => {
                        eprintln!("transcript: {message}");
                        failed = true;
                    }
                }
            }
            if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
