//! Runs the built `transcript` binary as a user would.

use std::io::Write;
use std::process::{Command, Stdio};

fn transcript(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_transcript"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn parse_json_prints_one_object_per_input_with_speakers_and_turns() {
    let (code, out, err) = transcript(
        &["parse", "--json", "-"],
        b"Ana: Hi there.\nBen: Hello.\nAna: Bye now.\n",
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<_> = out.lines().collect();
    assert_eq!(lines.len(), 1);
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["source"], "<stdin>");
    assert_eq!(v["format"], "plain-script");
    assert_eq!(v["speakers"][0]["name"], "Ana");
    assert_eq!(v["speakers"][0]["turns"], 2);
    assert_eq!(v["speakers"][0]["words"], 4);
    assert_eq!(v["turns"].as_array().unwrap().len(), 3);
    assert_eq!(v["turns"][1]["speaker"], "Ben");
    assert_eq!(v["turns"][1]["text"], "Hello.");
    assert!(v["turns"][1]["start"].is_null());
}

#[test]
fn parse_reads_the_bundled_files_and_prints_a_summary() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../transcripts/devday-2024-altman-interview.txt"
    );
    let (code, out, err) = transcript(&["parse", dir], b"");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Sam Altman:"), "{out}");
    assert!(out.contains("Unknown:"), "{out}");
}

#[test]
fn unreadable_input_exits_non_zero_with_one_sentence() {
    let (code, out, err) = transcript(&["parse", "-"], b"\0\x01\x02binary");
    assert_ne!(code, 0);
    assert!(out.is_empty());
    assert!(err.contains("binary file"), "{err}");

    let (code, _, err) = transcript(&["parse", "/no/such/file.vtt"], b"");
    assert_ne!(code, 0);
    assert!(err.contains("cannot read /no/such/file.vtt"), "{err}");

    let (code, _, err) = transcript(&["parse", "-"], b"  \n");
    assert_ne!(code, 0);
    assert!(err.contains("empty"), "{err}");
}

#[test]
fn parse_json_reports_duplicates_and_topics() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../transcripts/dealbook-2024-altman-article.txt"
    );
    let (code, out, err) = transcript(&["parse", "--json", path], b"");
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let groups = v["duplicates"].as_array().unwrap();
    assert!(groups.len() >= 18, "{}", groups.len());
    let first = &groups[0];
    assert_eq!(first["kind"], "exact");
    let kept = first["passages"][0]["turn"].as_u64().unwrap();
    let repeat = first["passages"][1]["turn"].as_u64().unwrap();
    assert!(kept < repeat);
    assert_eq!(first["passages"][0]["text"], first["passages"][1]["text"]);
    let labels: Vec<&str> = v["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"Microsoft"), "{labels:?}");
    assert!(labels.contains(&"Elon Musk"), "{labels:?}");
    assert!(v["topics"][0]["score"].as_f64().unwrap() > 0.0);
    assert!(!v["topics"][0]["turns"].as_array().unwrap().is_empty());
}

#[test]
fn share_then_parse_link_gives_back_the_filtered_view() {
    let script =
        b"Ana: We need more compute.\nBen: Compute is expensive.\nAna: Then we share it.\n";
    let (code, link, err) = transcript(
        &["share", "-", "--speaker", "Ana", "--search", "compute"],
        script,
    );
    assert_eq!(code, 0, "{err}");
    let link = link.trim();
    assert!(link.starts_with("#v1&sp=Ana&q=compute&d=2"), "{link}");
    let (code, out, err) = transcript(&["parse", "--json", "--link", link], b"");
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let texts: Vec<&str> = v["turns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["We need more compute."]);
    assert_eq!(v["turns"][0]["speaker"], "Ana");
}

#[test]
fn a_bundled_file_is_shared_by_id_and_a_full_url_is_read() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../transcripts/dealbook-2024-altman-article.txt"
    );
    let (code, link, err) = transcript(
        &[
            "share",
            path,
            "--speaker",
            "Sam Altman",
            "--base",
            "https://x.test/app/#old",
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        link.trim(),
        "https://x.test/app/#v1&t=dealbook-2024&sp=Sam%20Altman"
    );
    let (code, out, err) = transcript(&["parse", "--link", link.trim()], b"");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("<link>: "), "{out}");
    assert!(out.contains("(speakers: Sam Altman)"), "{out}");
}

#[test]
fn bad_links_and_unknown_speakers_exit_non_zero_with_a_sentence() {
    let (code, _, err) = transcript(&["share", "-", "--speaker", "Zed"], b"Ana: Hi.\nBen: Yo.\n");
    assert_eq!(code, 1);
    assert!(err.contains("no speaker called “Zed”"), "{err}");
    let (code, _, err) = transcript(&["parse", "--link", "#v1&q=x&d=1eNoLy"], b"");
    assert_eq!(code, 1);
    assert!(err.contains("cut short or damaged"), "{err}");
    let (code, _, err) = transcript(&["parse", "--link", "#v2&t=devday-2024"], b"");
    assert_eq!(code, 1);
    assert!(err.contains("not version 1"), "{err}");
    let (code, _, err) = transcript(&["parse", "--link", "#v1&t=gone"], b"");
    assert_eq!(code, 1);
    assert!(err.contains("not a transcript bundled"), "{err}");
}

const BOLD_OWN_LINE: &[u8] = b"# Ep 3\n\n**Mara** [0:00]\n\nWelcome back, we&#39;re live today.\n\n**Tom** [0:12]\n\nThanks for having me on the show.\n\n**Mara** [1:05]\n\nSo where do we start?\n";

#[test]
fn parse_explain_prints_the_format_the_shape_chosen_and_the_runners_up() {
    let (code, out, err) = transcript(&["parse", "--explain", "-"], BOLD_OWN_LINE);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("detected: Plain text (plain-text)"), "{out}");
    assert!(out.contains("read as: markdown/bold-own-line (Read as Markdown interview, speakers from bold names on their own line)"), "{out}");
    assert!(
        out.contains("why: the format's own rules found no speaker"),
        "{out}"
    );
    assert!(out.contains("* bold-own-line  score 0."), "{out}");
    assert!(out.contains("3 turns  e.g. \"**Mara** [0:00]\""), "{out}");
    assert!(
        out.contains("3 label lines, 2 names; recurrence 0.67"),
        "{out}"
    );
    // The reading itself: speakers, entities decoded.
    assert!(
        out.contains("[Mara] Welcome back, we're live today."),
        "{out}"
    );
}

#[test]
fn parse_read_as_applies_a_choice_and_a_bad_key_exits_non_zero() {
    let (code, out, err) = transcript(
        &["parse", "--json", "--read-as", "plain-text", "-"],
        BOLD_OWN_LINE,
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(v["format"], "plain-text");
    assert!(v["speakers"].as_array().unwrap().is_empty());

    let script = b"Ana: Hello there.\nBen: Hi.\nAna: Bye now.\n";
    let (code, out, err) = transcript(
        &[
            "parse",
            "--read-as",
            "markdown/name-colon",
            "--explain",
            "-",
        ],
        script,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("read as: markdown/name-colon"), "{out}");
    assert!(out.contains("why: the shape was asked for"), "{out}");

    let (code, out, err) = transcript(&["parse", "--read-as", "markdown/wobbly", "talk.txt"], b"");
    assert_ne!(code, 0);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("unknown --read-as key \"markdown/wobbly\""),
        "{err}"
    );
    assert!(err.contains("bold-own-line"), "{err}");
}
