//! The share module's tests: round trips, damage, caps.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::body::write_body;
use super::payload::{crc32, CM_RATIO, CM_SLACK};
use super::*;
use crate::bits::leb128;

fn sample() -> Transcript {
    crate::parse(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v Ana>Hello there, \\ friends.\n\n\
         00:00:02.500 --> 00:00:04.000\n<v Ana>Still me.\n\n\
         00:00:05.000 --> 00:00:06.123\n<v Ben>Café & co.\n\n\
         00:00:06.200 --> 00:00:07.000\n[APPLAUSE]\n",
    )
    .unwrap()
}

#[test]
fn a_transcript_survives_the_round_trip_exactly() {
    let t = sample();
    assert_eq!(t.turns.len(), 3);
    assert_eq!(t.turns[0].segments.len(), 2);
    let payload = encode_transcript(&t);
    assert!(payload.starts_with('2'));
    assert!(payload
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    assert_eq!(decode_transcript(&payload).unwrap(), t);
}

#[test]
fn odd_times_and_strings_are_kept_exactly() {
    let mut t = sample();
    t.turns[0].segments[1].start = Some(1.0 / 3.0);
    t.turns[1].end = Some(-0.0);
    t.turns[1].start = Some(1e300);
    t.title = Some("Line\nbreak \\n and tab\t".into());
    t.warnings.push("a\\".into());
    t.metadata.duration = Some(0.1 + 0.2);
    assert_eq!(decode_transcript(&encode_transcript(&t)).unwrap(), t);
}

#[test]
fn a_link_carries_view_edits_and_transcript() {
    let mut edits = SpeakerEdits::default();
    edits.rename(0, "Ana María & co.");
    edits.merge(1, 0);
    let link = Link {
        view: ViewState {
            transcript: String::new(),
            speakers: vec!["Ana María & co.".into()],
            query: "hello".into(),
            turn: Some(1),
            ..ViewState::default()
        },
        edits,
        transcript: Some(sample()),
    };
    let fragment = link.to_fragment();
    assert!(fragment.starts_with("v1&sp=Ana%20Mar%C3%ADa%20%26%20co.&q=hello&turn=1"));
    assert!(fragment.contains("&rn=0.Ana%20Mar%C3%ADa%20%26%20co.&mg=1.0&d=2"));
    assert_eq!(Link::from_fragment(&format!("#{fragment}")).unwrap(), link);
}

#[test]
fn a_bundled_transcript_travels_by_id() {
    let view = ViewState {
        transcript: "devday-2024".into(),
        ..ViewState::default()
    };
    let fragment = link_fragment(&view, &SpeakerEdits::default(), None);
    assert_eq!(fragment, "v1&t=devday-2024");
    let link = Link::from_fragment(&fragment).unwrap();
    assert_eq!(link.view, view);
    assert!(link.transcript.is_none());
}

#[test]
fn damage_is_named_not_guessed() {
    let payload = encode_transcript(&sample());
    let fragment = format!("v1&q=x&d={payload}");
    for cut in 0..fragment.len() {
        if let Ok(link) = Link::from_fragment(&fragment[..cut]) {
            assert!(link.transcript.is_none(), "cut at {cut}");
        }
    }
    // One changed character.
    let mut bytes = payload.clone().into_bytes();
    bytes[payload.len() / 2] = if bytes[payload.len() / 2] == b'A' {
        b'B'
    } else {
        b'A'
    };
    let mangled = String::from_utf8(bytes).unwrap();
    assert!(decode_transcript(&mangled).is_err());
    assert_eq!(decode_transcript("3abc"), Err(LinkError::NewerVersion));
    assert_eq!(decode_transcript("x"), Err(LinkError::Damaged));
    assert_eq!(decode_transcript("1!!"), Err(LinkError::Damaged));
    assert_eq!(
        Link::from_fragment("v2&d=1AAAA"),
        Err(LinkError::View(FragmentError::UnknownVersion))
    );
    assert_eq!(
        Link::from_fragment("v1&rn=x.Ana"),
        Err(LinkError::View(FragmentError::BadValue {
            key: "rn".into()
        }))
    );
    assert_eq!(
        Link::from_fragment("v1&mg=1"),
        Err(LinkError::View(FragmentError::BadValue {
            key: "mg".into()
        }))
    );
}

#[test]
fn a_deflate_bomb_is_refused_at_the_cap() {
    // 64 MB of one byte packs into about 64 KB.
    let body = vec![b'a'; 2 * MAX_BODY];
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&body, 10);
    let payload = format!("1{}", URL_SAFE_NO_PAD.encode(&packed));
    assert!(payload.len() < 200_000);
    assert_eq!(decode_transcript(&payload), Err(LinkError::TooBig));
}

#[test]
fn counts_beyond_the_caps_or_the_body_are_refused() {
    let pack = |body: &str| {
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(body.as_bytes(), 6);
        format!("1{}", URL_SAFE_NO_PAD.encode(&packed))
    };
    assert_eq!(
        decode_transcript(&pack("1\n\n\nplain-text\n\n0 2000000 0 0 0\n")),
        Err(LinkError::TooMany {
            what: "turns",
            max: MAX_TURNS
        })
    );
    assert_eq!(
        decode_transcript(&pack("1\n\n\nplain-text\n\n0 900000 0 0 0\n")),
        Err(LinkError::Damaged)
    );
    assert_eq!(
        decode_transcript(&pack("7\n")),
        Err(LinkError::NewerVersion)
    );
}

/// A version-2 payload from its parts, with a good checksum.
fn v2(length: &[u8], coded: &[u8]) -> String {
    let crc = !crc32(crc32(!0, length), coded);
    let mut bytes = length.to_vec();
    bytes.extend(crc.to_le_bytes());
    bytes.extend(coded);
    format!("2{}", URL_SAFE_NO_PAD.encode(bytes))
}

#[test]
fn crc32_is_the_usual_one() {
    assert_eq!(!crc32(!0, b"123456789"), 0xCBF4_3926);
}

#[test]
fn version_1_links_still_open() {
    let t = sample();
    let body = write_body(&t);
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(body.as_bytes(), 10);
    let payload = format!("1{}", URL_SAFE_NO_PAD.encode(packed));
    assert_eq!(decode_transcript(&payload).unwrap(), t);
    assert!(encode_transcript(&t).len() < payload.len());
}

#[test]
fn a_body_over_the_cap_goes_in_version_1() {
    let mut t = sample();
    // Text that does not repeat, so it packs no tighter than text.
    let mut x = 1u32;
    t.turns[2].text = (0..CM_MAX_BODY)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            char::from(b'a' + (x >> 16) as u8 % 26)
        })
        .collect();
    let payload = encode_transcript(&t);
    assert!(payload.starts_with('1'));
    assert_eq!(decode_transcript(&payload).unwrap(), t);
    // Just under the cap: version 2.
    t.turns[2]
        .text
        .truncate(CM_MAX_BODY - write_body(&sample()).len() - 100);
    let payload = encode_transcript(&t);
    assert!(payload.starts_with('2'));
    assert_eq!(decode_transcript(&payload).unwrap(), t);
}

#[test]
fn a_body_of_repeats_goes_in_version_1() {
    let body = "1\n\n\nplain-text\n\n0 0 0 0 0\n".to_string() + &"\n".repeat(100_000);
    let payload = pack_body(body.as_bytes());
    assert!(body.len() < CM_MAX_BODY);
    assert!(payload.starts_with('1'), "{}", &payload[..20]);
    assert_eq!(unpack_payload(&payload).unwrap(), body.as_bytes());
    // The same, short enough to be believed.
    let payload = pack_body(&body.as_bytes()[..3000]);
    assert!(payload.starts_with('2'));
    assert_eq!(unpack_payload(&payload).unwrap(), &body.as_bytes()[..3000]);
}

#[test]
fn a_version_2_length_is_capped_before_decoding() {
    let leb = leb128::bytes;
    // Over the cap, whatever the coded bytes.
    let coded = vec![0x5a; CM_MAX_BODY];
    assert_eq!(
        unpack_payload(&v2(&leb(CM_MAX_BODY + 1), &coded)),
        Err(LinkError::Damaged)
    );
    // More than the coded bytes could hold.
    let coded = [0x5a; 100];
    let most = CM_SLACK + 100 * CM_RATIO;
    assert_eq!(
        unpack_payload(&v2(&leb(most + 1), &coded)),
        Err(LinkError::Damaged)
    );
    assert_eq!(unpack_payload(&v2(&leb(most), &coded)).unwrap().len(), most);
    // A length that does not end, or is padded.
    assert_eq!(
        unpack_payload(&v2(&[0x80, 0x80, 0x80, 0x01], &coded)),
        Err(LinkError::Damaged)
    );
    assert_eq!(
        unpack_payload(&v2(&[0x85, 0x00], &coded)),
        Err(LinkError::Damaged)
    );
    assert_eq!(unpack_payload(&v2(&[5], &coded)).unwrap().len(), 5);
    // Too short to hold a length and a checksum.
    for bytes in [&[][..], &[1], &[1, 2, 3, 4]] {
        let payload = format!("2{}", URL_SAFE_NO_PAD.encode(bytes));
        assert_eq!(unpack_payload(&payload), Err(LinkError::Damaged));
    }
}

#[test]
fn a_cut_or_changed_version_2_payload_is_refused() {
    let payload = encode_transcript(&sample());
    assert!(payload.starts_with('2'));
    for cut in 1..payload.len() {
        assert!(decode_transcript(&payload[..cut]).is_err(), "cut at {cut}");
    }
    for i in 1..payload.len() {
        let mut bytes = payload.clone().into_bytes();
        bytes[i] = if bytes[i] == b'x' { b'y' } else { b'x' };
        let changed = String::from_utf8(bytes).unwrap();
        assert_eq!(
            decode_transcript(&changed),
            Err(LinkError::Damaged),
            "at {i}"
        );
    }
}

#[test]
fn link_sizes_are_judged_by_length() {
    assert_eq!(LinkSize::of(100), LinkSize::Fine);
    assert_eq!(LinkSize::of(SOFT_LIMIT + 1), LinkSize::Long);
    assert_eq!(LinkSize::of(HARD_LIMIT + 1), LinkSize::TooLong);
}
