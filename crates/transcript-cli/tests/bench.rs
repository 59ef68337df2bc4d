//! `transcript bench generate` run as a binary: the same seed gives the same
//! bytes, and what it writes parses back as the format asked for.

use std::process::Command;

fn transcript(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_transcript"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn generate(format: &str, size: &str, seed: &str) -> Vec<u8> {
    let (code, out, err) = transcript(&[
        "bench", "generate", "--format", format, "--size", size, "--seed", seed,
    ]);
    assert_eq!(code, 0, "{err}");
    out
}

fn parse_json(bytes: &[u8]) -> serde_json::Value {
    let dir = std::env::temp_dir().join(format!("transcript-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("input");
    std::fs::write(&path, bytes).unwrap();
    let (code, out, err) = transcript(&["parse", "--json", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_a_new_seed_other_bytes() {
    for format in ["vtt", "srt", "script", "whisper"] {
        let a = generate(format, "50KB", "42");
        assert!(
            a.len() >= 50_000 && a.len() < 60_000,
            "{format}: {}",
            a.len()
        );
        assert_eq!(a, generate(format, "50KB", "42"), "{format}");
        assert_ne!(a, generate(format, "50KB", "43"), "{format}");
    }
}

#[test]
fn each_format_parses_back_as_itself_with_speakers_and_turns() {
    for (arg, id) in [
        ("vtt", "webvtt"),
        ("srt", "srt"),
        ("script", "plain-script"),
        ("whisper", "whisper-json"),
    ] {
        let v = parse_json(&generate(arg, "30KB", "7"));
        assert_eq!(v["format"], id, "{arg}");
        assert!(v["speakers"].as_array().unwrap().len() >= 2, "{arg}");
        assert!(v["turns"].as_array().unwrap().len() > 20, "{arg}");
        assert!(
            v["warnings"].as_array().unwrap().is_empty(),
            "{arg}: {}",
            v["warnings"]
        );
    }
}

#[test]
fn output_file_turn_limit_and_a_start_past_99_hours() {
    let dir = std::env::temp_dir().join(format!("transcript-bench-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("long.vtt");
    let (code, out, err) = transcript(&[
        "bench",
        "generate",
        "--format",
        "vtt",
        "--turns",
        "300",
        "--start-hours",
        "100",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    let text = std::fs::read(&path).unwrap();
    let v = parse_json(&text);
    let turns = v["turns"].as_array().unwrap();
    assert_eq!(turns.len(), 300);
    assert!(turns[0]["start"].as_f64().unwrap() >= 360_000.0);
    assert!(turns.last().unwrap()["end"].as_f64().unwrap() > 360_000.0);
}

#[test]
fn a_bad_size_is_refused_with_a_sentence() {
    let (code, out, err) = transcript(&["bench", "generate", "--format", "vtt", "--size", "10XB"]);
    assert_ne!(code, 0);
    assert!(out.is_empty());
    assert!(err.contains("unknown size unit"), "{err}");
}
