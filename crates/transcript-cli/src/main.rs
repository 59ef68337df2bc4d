//! `transcript`: the command line over `transcript-core`.
//!
//! `transcript parse [--json] FILE...` reads each file (`-` is standard
//! input), detects its format and prints what the core made of it.
//! `transcript parse --explain FILE` also says how it was read and what
//! other label shapes the file offers; `transcript parse --read-as KEY FILE`
//! reads it as that choice (`markdown/bold-own-line`).
//! `transcript parse --link URL` prints the view a share link shows.
//! `transcript share FILE [--search Q] [--speaker NAME]...` prints a share
//! link's fragment for a file. Input that cannot be read exits non-zero with
//! one sentence on standard error.

mod bench;

use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod share;
use transcript_core::export::{report, Report};
use transcript_core::parse::induce::{Shape, MIN_SCORE};
use transcript_core::{Format, ReadAs, Reading};

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
        /// Print the view this share link (a URL or its `#v1…` fragment)
        /// shows, instead of reading files.
        #[arg(long, value_name = "URL", conflicts_with = "files")]
        link: Option<String>,
        /// Also print how each file was read: the detected format, the
        /// label shape chosen, the runners-up with their scores, and why.
        #[arg(long, conflicts_with = "link")]
        explain: bool,
        /// Read as this choice instead of detecting: `auto`, a format id
        /// (`webvtt`, `srt`, `plain-script`, `markdown`, `article`, `json`,
        /// `html`, `plain-text`, …) or `<format>/<shape>` as `--explain`
        /// lists (`markdown/bold-own-line`).
        #[arg(long, value_name = "KEY", conflicts_with = "link")]
        read_as: Option<String>,
        /// Files to read; `-` reads standard input.
        #[arg(required_unless_present = "link")]
        files: Vec<String>,
    },
    /// Print a share link's fragment for a file: a bundled transcript by its
    /// id, any other carried in the link itself.
    Share {
        /// The file to share; `-` reads standard input.
        file: String,
        /// Search text the link opens with.
        #[arg(long, value_name = "Q")]
        search: Option<String>,
        /// Show only this speaker's turns (repeatable).
        #[arg(long, value_name = "NAME")]
        speaker: Vec<String>,
        /// Filter by this topic tag (repeatable).
        #[arg(long, value_name = "LABEL")]
        topic: Vec<String>,
        /// Select this turn (0-based).
        #[arg(long, value_name = "N")]
        turn: Option<usize>,
        /// Show a turn of context around each shown turn.
        #[arg(long)]
        context: bool,
        /// Print the whole link on this address (the hosted app's URL)
        /// instead of the fragment alone.
        #[arg(long, value_name = "URL")]
        base: Option<String>,
    },
    /// Benchmark helpers: `transcript bench generate --format vtt --size 10MB`.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
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
    let result = match cli.command {
        Command::Bench(command) => bench::run(command),
        Command::Parse {
            json,
            link: Some(link),
            ..
        } => share::parse_link(&link, json),
        Command::Parse {
            json,
            files,
            explain,
            read_as,
            ..
        } => {
            read_as_key(read_as.as_deref()).and_then(|how| parse_files(&files, json, explain, &how))
        }
        Command::Share {
            file,
            search,
            speaker,
            topic,
            turn,
            context,
            base,
        } => read(&file).and_then(|bytes| {
            let view = transcript_core::view::ViewState {
                transcript: String::new(),
                speakers: speaker,
                topics: topic,
                query: search.unwrap_or_default(),
                turn,
                context,
            };
            share::share(&bytes, display(&file), view, base.as_deref())
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("transcript: {message}");
            }
            ExitCode::FAILURE
        }
    }
}

fn display(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}

/// The choice a `--read-as` key names, or a sentence saying what keys exist.
fn read_as_key(key: Option<&str>) -> Result<ReadAs, String> {
    let Some(key) = key else {
        return Ok(ReadAs::AUTO);
    };
    ReadAs::from_key(key).ok_or_else(|| {
        let formats: Vec<&str> = Format::ALL.iter().map(|f| f.id()).collect();
        let shapes: Vec<&str> = Shape::ALL.iter().map(|s| s.id()).collect();
        format!(
            "unknown --read-as key {key:?}: use auto, json, html, a format ({}) or FORMAT/SHAPE with a shape of {}",
            formats.join(", "),
            shapes.join(", ")
        )
    })
}

/// Prints a report per file; an empty error when some failed (each has
/// already said why).
fn parse_files(files: &[String], json: bool, explain: bool, how: &ReadAs) -> Result<(), String> {
    let mut failed = false;
    for path in files {
        let source = display(path);
        let result = read(path).and_then(|bytes| {
            let reading = transcript_core::parse::read::read_bytes(&bytes, how)
                .map_err(|e| format!("{source}: {e}"))?;
            print_report(&report(source, &reading.transcript), json)?;
            if explain {
                print_explanation(source, &bytes, &reading, how);
            }
            Ok(())
        });
        if let Err(message) = result {
            eprintln!("transcript: {message}");
            failed = true;
        }
    }
    if failed {
        Err(String::new())
    } else {
        Ok(())
    }
}

/// `--explain`: the detected format, the shape chosen, the runners-up with
/// their scores, and why.
fn print_explanation(source: &str, bytes: &[u8], reading: &Reading, how: &ReadAs) {
    let text = String::from_utf8_lossy(bytes);
    let Ok((detection, candidates)) = transcript_core::parse::read::explain(&text) else {
        return;
    };
    println!("{source}: explain");
    println!(
        "  detected: {} ({}): {}",
        detection.format.label(),
        detection.format.id(),
        detection.evidence
    );
    if *how != ReadAs::AUTO {
        println!("  asked: {}", how.key());
    }
    println!("  read as: {} ({})", reading.read_as.key(), reading.summary);
    let applied = reading.read_as.shape.as_deref();
    let speakers = reading.transcript.speakers.len();
    let takes = reading
        .read_as
        .format
        .is_some_and(transcript_core::parse::read::takes_shapes);
    let why = if !takes {
        "this format carries its speakers in its own structure; label shapes do not apply"
            .to_string()
    } else if let Some(shape) = applied {
        match candidates.first() {
            Some(best) if best.shape.id() == shape && *how == ReadAs::AUTO => format!(
                "the format's own rules found no speaker; {} explains the text best",
                best.shape.label()
            ),
            _ => "the shape was asked for".to_string(),
        }
    } else if speakers > 0 {
        format!("the format's own rules found {speakers} speakers; the shapes below are offered as alternatives")
    } else if candidates.iter().all(|c| c.score < MIN_SCORE) {
        format!("no label shape scored {MIN_SCORE} or more: the text reads as paragraphs")
    } else {
        "plain paragraphs were asked for".to_string()
    };
    println!("  why: {why}");
    if candidates.is_empty() {
        println!("  label shapes: none recur");
    } else {
        println!("  label shapes, best first:");
    }
    for c in &candidates {
        let mark = if applied == Some(c.shape.id()) {
            "*"
        } else {
            " "
        };
        let turns = reading
            .choices
            .iter()
            .find(|choice| choice.read_as.shape.as_deref() == Some(c.shape.id()))
            .map_or(String::new(), |choice| format!(", {} turns", choice.turns));
        println!(
            "  {mark} {:<14} score {:.3}{turns}  e.g. {:?}",
            c.shape.id(),
            c.score,
            c.example
        );
        println!("      {}: {}", c.shape.label(), c.why());
    }
}

/// One line of JSON, or the summary.
fn print_report(r: &Report, json: bool) -> Result<(), String> {
    if json {
        let line = serde_json::to_string(r)
            .map_err(|e| format!("{}: cannot write JSON: {e}", r.source))?;
        println!("{line}");
    } else {
        print_summary(r.source, r);
    }
    Ok(())
}
