//! `transcript`: the command line over `transcript-core`.
//!
//! `transcript parse [--json] FILE...` reads each file (`-` is standard
//! input), detects its format and prints what the core made of it.
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
        Command::Parse { json, files, .. } => parse_files(&files, json),
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

/// Prints a report per file; an empty error when some failed (each has
/// already said why).
fn parse_files(files: &[String], json: bool) -> Result<(), String> {
    let mut failed = false;
    for path in files {
        let source = display(path);
        let parsed = read(path).and_then(|bytes| {
            transcript_core::parse::parse_bytes(&bytes).map_err(|e| format!("{source}: {e}"))
        });
        match parsed.and_then(|t| print_report(&report(source, &t), json)) {
            Ok(()) => {}
            Err(message) => {
                eprintln!("transcript: {message}");
                failed = true;
            }
        }
    }
    if failed {
        Err(String::new())
    } else {
        Ok(())
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
