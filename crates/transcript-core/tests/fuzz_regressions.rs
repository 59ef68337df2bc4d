//! Inputs that broke a fuzz check once, kept so they never do again. Each
//! runs through the fuzz targets' own checks (`fuzz_checks`) and asserts
//! the behaviour the fix chose.

mod fuzz_checks;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use transcript_core::share::{decode_transcript, encode_transcript, Link, LinkError};
use transcript_core::{parse, Format};

fn pack(body: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(body.as_bytes(), 6);
    format!("1{}", URL_SAFE_NO_PAD.encode(packed))
}

/// A payload body whose one segment has the given start, in a transcript of
/// the given duration.
fn body(duration: &str, start: &str) -> String {
    format!("1\n\n\nplain-text\n{duration}\n0 1 0 0 1\n\n{start},\nhello\n")
}

/// The share reader took "~NaN" and "~inf" for times and "NaN" for a
/// duration, as Rust's float parser does: a transcript no parser makes, and
/// a NaN one that does not equal itself after a round trip. Now damage.
#[test]
fn a_payload_with_a_time_that_is_not_a_number_is_damaged() {
    // The body reader is right about the well-formed twin.
    let fine = decode_transcript(&pack(&body("1.5", "~0.0001"))).unwrap();
    assert_eq!(fine.turns[0].start, Some(0.0001));
    assert_eq!(fine.metadata.duration, Some(1.5));

    for (duration, start) in [
        ("", "~NaN"),
        ("", "~inf"),
        ("", "~-inf"),
        ("NaN", "0"),
        ("inf", "0"),
        ("-infinity", ""),
    ] {
        let body = body(duration, start);
        assert_eq!(
            decode_transcript(&pack(&body)),
            Err(LinkError::Damaged),
            "{body:?}"
        );
        let link = Link::from_fragment(&format!("v1&d={}", pack(&body)));
        assert_eq!(link, Err(LinkError::Damaged));
        fuzz_checks::share_input(body.as_bytes());
    }
}

/// Two finite times can be infinitely far apart: the builder made an
/// infinite duration from them, which the share reader (rightly) refuses,
/// so the transcript could not be shared. Now it has no duration.
#[test]
fn times_too_far_apart_give_no_duration_and_still_share() {
    let text = r#"{"segments":[{"start":-1.7e308,"end":-1.7e308,"text":"a"},
                               {"start":1.7e308,"end":1.7e308,"text":"b"}]}"#;
    let t = parse(text).unwrap();
    assert_eq!(t.metadata.format, Format::WhisperJson);
    assert_eq!(t.turns.first().and_then(|turn| turn.start), Some(-1.7e308));
    assert_eq!(t.turns.last().and_then(|turn| turn.end), Some(1.7e308));
    assert_eq!(t.metadata.duration, None);
    assert_eq!(decode_transcript(&encode_transcript(&t)), Ok(t));
    fuzz_checks::parse_input(text.as_bytes());

    // Far apart but not infinitely: the duration is kept.
    let t = parse(&text.replace("-1.7e308", "-1e300")).unwrap();
    assert_eq!(t.metadata.duration, Some(1.7e308 + 1e300));
}

/// Podlove JSON whose first segment has an end but no start and whose
/// second (same speaker, merged into the turn) has a start but no end: the
/// turn took its start from the second (1 s) and kept the first's end
/// (0.75 s), ending before it began. Found by `cargo fuzz run parse`.
#[test]
fn a_turn_never_ends_before_it_starts() {
    let text = r#"{
  "version": "1.4.0",
  "title": "Empire, revisited",
  "segments": [
    {"speaker": "Darth Vader", "startTim- e": 0.5, "endTime": 0.75, "body": "I"},
    {"startTime": 1, "enTiemd": 1.25, "": 4.9, "body": "your"},
    {"ytartTime": 4.9, "endTime": 5.3, "bod@y": "feelin: 5"}
  ]
}
"#;
    fuzz_checks::parse_input(text.as_bytes());
    let t = parse(text).expect("it reads");
    for turn in &t.turns {
        if let (Some(start), Some(end)) = (turn.start, turn.end) {
            assert!(start <= end, "{turn:?}");
        }
    }
}
