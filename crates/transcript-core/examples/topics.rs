//! Prints a transcript's top topic tags.
//!
//! ```text
//! cargo run -q --release -p transcript-core --example topics -- FILE [--top N] [--tsv] [--turns]
//! cargo run -q --release -p transcript-core --example topics -- FILE --text
//! ```
//!
//! By default prints rank, score, number of turns and label. `--tsv` prints
//! only `label<TAB>score` lines (for tools/topic-quality/run), `--turns`
//! adds each tag's turn indices, and `--text` prints instead the turns' text
//! joined by blank lines: exactly the words the tags were extracted from, so
//! another extractor can be compared on the same text.

use std::process::ExitCode;

use transcript_core::topics::Topics;
use transcript_core::{parse, TurnKind};

fn main() -> ExitCode {
    let mut file = None;
    let mut top = 10usize;
    let mut tsv = false;
    let mut text = false;
    let mut turns = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--top" => top = args.next().and_then(|n| n.parse().ok()).unwrap_or(top),
            "--tsv" => tsv = true,
            "--text" => text = true,
            "--turns" => turns = true,
            _ => file = Some(arg),
        }
    }
    let Some(file) = file else {
        eprintln!("usage: topics FILE [--top N] [--tsv] [--turns] [--text]");
        return ExitCode::from(2);
    };
    let input = match std::fs::read(&file) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::from(1);
        }
    };
    let transcript = match parse(&input) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::from(1);
        }
    };
    if text {
        let joined: Vec<&str> = transcript
            .turns
            .iter()
            .filter(|t| t.kind == TurnKind::Speech)
            .map(|t| t.text.as_str())
            .collect();
        println!("{}", joined.join("\n\n"));
        return ExitCode::SUCCESS;
    }
    let topics = Topics::extract(&transcript);
    if !tsv {
        println!(
            "{file}: {} turns, {} words, stop list {:?}",
            transcript.turns.len(),
            transcript.word_count(),
            topics.language
        );
    }
    for (rank, tag) in topics.tags.iter().take(top).enumerate() {
        if tsv {
            println!("{}\t{:.3}", tag.label, tag.score);
        } else {
            print!(
                "{:>3}  {:.3}  {:>4} turns  {}",
                rank + 1,
                tag.score,
                tag.turns.len(),
                tag.label
            );
            if turns {
                print!("  {:?}", tag.turns);
            }
            println!();
        }
    }
    ExitCode::SUCCESS
}
