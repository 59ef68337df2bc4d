//! The checks the fuzz targets run on every input, shared with
//! `tests/fuzz_corpus.rs` so `cargo test` replays the committed corpus on
//! stable through exactly the same code (the targets in `fuzz/` include this
//! file by path).
//!
//! Each check panics (an assert) when the core breaks a promise on the
//! input: a panic inside the core, a transcript that breaks the model's
//! invariants, or a round trip through a share link that changes anything.
//! Errors the core returns are fine: refusing input is allowed, crashing or
//! lying about it is not.
#![allow(dead_code)] // the parse, share and docx targets each use a part

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use transcript_core::parse::induce::Shape;
use transcript_core::share::{
    decode_transcript, encode_transcript, link_fragment, pack_body, payload_id, shown,
    unpack_payload, Link, LinkParts, HARD_LIMIT,
};
use transcript_core::view::fragment::MAX_LEN;
use transcript_core::view::ViewState;
use transcript_core::{
    detect, parse, parse_as, read, Format, ParseError, ReadAs, Transcript, TurnKind,
};

/// Detection and the parsers on arbitrary bytes: the bytes as a file (what
/// the app's file picker does), as text through detection, and as text
/// forced through one parser chosen by the first byte (so the fuzzer can
/// steer to every parser). Whatever parses keeps the model's invariants and
/// survives a share link exactly.
pub fn parse_input(data: &[u8]) {
    let from_bytes = transcript_core::parse::parse_bytes(data);
    // A zip archive is read as a Word document, not as text (the `docx`
    // target's business).
    let zip = transcript_core::parse::zip::is_zip(data);
    let Ok(text) = std::str::from_utf8(data) else {
        assert!(
            from_bytes.is_err() || zip,
            "bytes that are not UTF-8 parsed"
        );
        return;
    };
    let _ = detect(text);
    let detected = parse(text);
    if let Ok(t) = &detected {
        check_parsed(t);
    }
    // The file path and the text path agree where the bytes are text.
    if !zip {
        assert_eq!(from_bytes, detected, "parse_bytes vs parse");
    }
    let which = data
        .first()
        .map_or(0, |b| usize::from(*b) % Format::ALL.len());
    if let Some(&format) = Format::ALL.get(which) {
        if let Ok(t) = parse_as(format, text) {
            check_parsed(&t);
        }
    }
    read_input(data, text, &detected);
}

/// `read` ("Read as…") on the same text: Auto is `parse`; a choice made
/// from the second and third bytes (a format or Auto, a label shape or
/// none) and a key taken from the text's first line never panic, and what
/// they read keeps the model's invariants; every key written parses back to
/// the same choice and fits a URL fragment; every choice offered reads.
fn read_input(data: &[u8], text: &str, detected: &Result<Transcript, ParseError>) {
    let auto = read(text, &ReadAs::AUTO);
    assert_eq!(
        auto.as_ref().map(|r| &r.transcript).ok(),
        detected.as_ref().ok(),
        "read(auto) vs parse"
    );
    let pick = |i: usize, n: usize| data.get(i).map_or(0, |b| usize::from(*b) % n);
    let format = Format::ALL.get(pick(1, Format::ALL.len() + 1)).copied();
    let shape = Shape::ALL
        .get(pick(2, Shape::ALL.len() + 1))
        .map(|s| s.id().to_string());
    let first_line: String = text.lines().next().unwrap_or("").chars().take(40).collect();
    let mut choices = vec![ReadAs { format, shape }];
    choices.extend(ReadAs::from_key(&first_line));
    if let Ok(r) = &auto {
        choices.extend(r.choices.iter().map(|c| c.read_as.clone()));
    }
    for how in choices {
        let key = how.key();
        assert!(
            key.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-/".contains(c)),
            "key {key:?}"
        );
        assert_eq!(ReadAs::from_key(&key), Some(how.clone()), "key {key:?}");
        if let Ok(r) = read(text, &how) {
            check_parsed(&r.transcript);
            assert!(!r.summary.is_empty());
            assert!(ReadAs::from_key(&r.read_as.key()).is_some());
        }
    }
}

/// Word documents and the XML readers on arbitrary bytes, three ways: as
/// a zip archive (a `.docx` file), as the `word/document.xml` of a zip
/// archive built here (so the fuzzer reaches the document reader without
/// having to get a zip directory right), and as TTML / YouTube timed text.
/// Whatever reads keeps the model's invariants; whatever is refused is
/// refused with one sentence.
pub fn docx_input(data: &[u8]) {
    check_docx(transcript_core::parse::parse_bytes(data));
    let zip = stored_zip(&[("word/document.xml", data), ("docProps/core.xml", data)]);
    check_docx(transcript_core::parse::parse_bytes(&zip));
    let text = String::from_utf8_lossy(data);
    for format in [Format::Ttml, Format::YoutubeTimedText] {
        if let Ok(t) = parse_as(format, &text) {
            check_read(&t);
        }
    }
}

fn check_docx(read: Result<Transcript, ParseError>) {
    match read {
        Ok(t) => check_read(&t),
        Err(ParseError::Unreadable(why)) => {
            assert!(why.ends_with('.') && !why.contains('\n'), "{why:?}");
        }
        Err(_) => {}
    }
}

/// A zip archive of stored (not compressed) entries.
pub fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(entries, |data| (0, data.to_vec()))
}

/// A zip archive of `entries`, each packed by `pack` into its method (0
/// stored, 8 deflate) and bytes; no CRC (the reader does not check it).
pub fn zip_with(entries: &[(&str, &[u8])], pack: impl Fn(&[u8]) -> (u16, Vec<u8>)) -> Vec<u8> {
    let mut out = Vec::new();
    let mut dir = Vec::new();
    for (name, data) in entries {
        let (method, packed) = pack(data);
        let local = out.len() as u32;
        for central in [false, true] {
            let h = if central { &mut dir } else { &mut out };
            h.extend(if central { 0x0201_4b50u32 } else { 0x0403_4b50 }.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes());
            }
            h.extend([20, 0, 0, 0]);
            h.extend(method.to_le_bytes());
            h.extend([0u8; 8]);
            h.extend((packed.len() as u32).to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend([0, 0]);
            if central {
                h.extend([0u8; 10]);
                h.extend(local.to_le_bytes());
            }
            h.extend(name.as_bytes());
            if !central {
                h.extend(&packed);
            }
        }
    }
    let at = out.len() as u32;
    let len = dir.len() as u32;
    out.extend(dir);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend(len.to_le_bytes());
    out.extend(at.to_le_bytes());
    out.extend([0, 0]);
    out
}

/// The share-link readers on arbitrary bytes, three ways:
/// - as a `d=` payload (`decode_transcript`);
/// - as a whole fragment, with or without `#` (`LinkParts::read`,
///   `Link::from_fragment`, `ViewState::from_fragment`), and, for a link
///   that opens, what it shows (`shown`, edits applied);
/// - as the inflated body of a payload, packed here, so the fuzzer reaches
///   the body reader (random bytes almost never inflate, and any change to
///   a real payload breaks its checksum);
/// - as a body packed the way this version writes it (version 2, context
///   mixing, for all but the largest), which must unpack to the very bytes;
/// - as bytes for the context-mixing decoder, whose checksum the fuzzer
///   would never get past: any bytes decode to the length asked, no panic.
///
/// Whatever decodes keeps the model's invariants, and writing it back out
/// and reading it again gives the same thing.
pub fn share_input(data: &[u8]) {
    let text = String::from_utf8_lossy(data);

    // As a payload.
    if let Ok(t) = decode_transcript(&text) {
        check_decoded(&t);
    }
    let _ = payload_id(&text);

    // As a fragment.
    check_fragment(&text);

    // As a body.
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(data, 1);
    let payload = format!("1{}", URL_SAFE_NO_PAD.encode(packed));
    if let Ok(t) = decode_transcript(&payload) {
        check_decoded(&t);
        // A body that decodes is a transcript: it opens in a link too.
        let link = Link::from_fragment(&format!("v1&d={payload}"));
        assert_eq!(link.map(|l| l.transcript), Ok(Some(t)), "payload in a link");
    }

    // As a body, packed as this version packs: the very bytes come back,
    // so it reads as the version-1 packing above reads.
    let packed = pack_body(data);
    assert_eq!(
        unpack_payload(&packed).as_deref(),
        Ok(data),
        "pack_body round trip"
    );

    // As coded bytes.
    let len = data.len().min(512);
    assert_eq!(transcript_core::cm::decompress(data, len).len(), len);
}

fn check_fragment(fragment: &str) {
    if let Ok(view) = ViewState::from_fragment(fragment) {
        let again = view.to_fragment();
        if again.len() <= MAX_LEN {
            assert_eq!(
                ViewState::from_fragment(&again),
                Ok(view),
                "view round trip"
            );
        }
    }
    if let Ok(parts) = LinkParts::read(fragment) {
        if parts.payload.is_some() {
            assert!(parts.view.transcript.is_empty(), "a payload and a `t=`");
        }
        let again = link_fragment(&parts.view, &parts.edits, parts.payload);
        if again.len() <= HARD_LIMIT {
            assert_eq!(LinkParts::read(&again), Ok(parts), "link parts round trip");
        }
    }
    if let Ok(link) = Link::from_fragment(fragment) {
        if let Some(t) = &link.transcript {
            check_decoded(t);
        }
        let again = link.to_fragment();
        if again.len() <= HARD_LIMIT {
            assert_eq!(
                Link::from_fragment(&again).as_ref(),
                Ok(&link),
                "link round trip"
            );
        }
        // What the link shows, on its own transcript or, for a link that
        // names a bundled one, on a small stand-in.
        let stand_in;
        let transcript = match &link.transcript {
            Some(t) => t,
            None => {
                stand_in = stand_in_transcript();
                &stand_in
            }
        };
        let (edited, rows) = shown(&link, transcript);
        check_model(&edited);
        assert!(edited.turns.len() <= transcript.turns.len());
        for row in &rows.rows {
            let turn = edited.turns.get(row.turn);
            assert!(turn.is_some(), "a row past the last turn");
            for m in &row.matches {
                let text = turn.map_or("", |t| t.text.as_str());
                assert!(
                    m.start < m.end && text.get(m.clone()).is_some(),
                    "bad match"
                );
            }
        }
    }
}

/// A transcript with a few speakers, for links that name a bundled one.
fn stand_in_transcript() -> Transcript {
    let text = "Ana: Hello there, welcome to the show.\n\
                Ben Okafor: Thanks. Compute and data matter.\n\
                [APPLAUSE]\n\
                SPEAKER_01: José asked about AGI and open source.\n\
                Ana: Open source, data and compute again.\n";
    parse(text).unwrap_or_else(|e| panic!("the stand-in does not parse: {e}"))
}

/// What every transcript must satisfy, however it was made.
pub fn check_model(t: &Transcript) {
    for (i, turn) in t.turns.iter().enumerate() {
        assert!(
            turn.speaker.is_none_or(|id| id < t.speakers.len()),
            "turn {i}: speaker {:?} of {}",
            turn.speaker,
            t.speakers.len()
        );
        for s in &turn.segments {
            assert!(
                turn.text.is_char_boundary(s.offset),
                "turn {i}: segment offset {} in {:?}",
                s.offset,
                turn.text
            );
        }
        let times = [turn.start, turn.end]
            .into_iter()
            .chain(turn.segments.iter().flat_map(|s| [s.start, s.end]));
        for time in times.flatten() {
            assert!(time.is_finite(), "turn {i}: time {time}");
        }
    }
    if let Some(d) = t.metadata.duration {
        assert!(d.is_finite(), "duration {d}");
    }
    for s in &t.sections {
        assert!(s.turn < t.turns.len(), "section at turn {}", s.turn);
    }
}

/// A parser's output: the model's invariants, what the builder promises,
/// and an exact round trip through a share link.
fn check_parsed(t: &Transcript) {
    check_turns(t);
    let payload = encode_transcript(t);
    assert_eq!(
        decode_transcript(&payload).as_ref(),
        Ok(t),
        "payload round trip"
    );
}

fn check_turns(t: &Transcript) {
    check_model(t);
    for (i, turn) in t.turns.iter().enumerate() {
        assert!(!turn.text.trim().is_empty(), "turn {i} is blank");
        assert_eq!(
            turn.segments.first().map(|s| s.offset),
            Some(0),
            "turn {i}: first segment"
        );
        assert!(
            turn.segments.windows(2).all(|w| w[0].offset < w[1].offset),
            "turn {i}: segment offsets out of order"
        );
        if turn.kind == TurnKind::NonSpeech {
            assert!(
                turn.speaker.is_none(),
                "turn {i}: a sound cue with a speaker"
            );
        }
        // The paragraph pass: no speaker-less speech runs on past the hard
        // paragraph length.
        if turn.kind == TurnKind::Speech && turn.speaker.is_none() {
            let words = turn.text.split(' ').count();
            assert!(
                words <= transcript_core::paragraphs::HARD_WORDS,
                "turn {i}: {words} words in one paragraph"
            );
        }
        if let (Some(start), Some(end)) = (turn.start, turn.end) {
            let ordered = turn
                .segments
                .windows(2)
                .all(|w| w[0].start.zip(w[1].start).is_none_or(|(a, b)| a <= b));
            if ordered
                && turn
                    .segments
                    .iter()
                    .all(|s| s.start.zip(s.end).is_none_or(|(a, b)| a <= b))
            {
                assert!(
                    start <= end || turn.segments.len() == 1,
                    "turn {i}: {start} > {end}"
                );
            }
        }
    }
    if let Some(d) = t.metadata.duration {
        assert!(d >= 0.0, "duration {d}");
    }
}

/// [`check_parsed`] without the share-link round trip (the `parse`
/// target's business, and most of the time an input costs), so the `docx`
/// target spends its time in the readers.
fn check_read(t: &Transcript) {
    check_turns(t);
}

/// A payload's transcript: the model's invariants, and writing it back out
/// gives a payload that decodes to the same transcript.
fn check_decoded(t: &Transcript) {
    check_model(t);
    let payload = encode_transcript(t);
    assert_eq!(
        decode_transcript(&payload).as_ref(),
        Ok(t),
        "re-encoded payload"
    );
}
