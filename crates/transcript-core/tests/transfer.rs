//! The worker → page transfer: any transcript and its analyses come back
//! exactly as computed, and damaged or foreign bytes are an error, never a
//! panic or a half-read index.

use proptest::prelude::*;
use transcript_core::dedup;
use transcript_core::search::SearchIndex;
use transcript_core::synth::{generate, SynthFormat};
use transcript_core::topics::Topics;
use transcript_core::transfer::{decode, encode, Analysed};
use transcript_core::{parse, Transcript};

fn analyse(transcript: Transcript) -> Analysed {
    Analysed {
        index: SearchIndex::new(&transcript),
        topics: Topics::extract(&transcript),
        duplicates: dedup::find(&transcript),
        transcript,
    }
}

fn bytes_of(a: &Analysed) -> Vec<u8> {
    encode(&a.transcript, &a.index, &a.topics, &a.duplicates)
}

#[test]
fn generated_transcripts_of_every_format_come_back_equal() {
    for format in [
        SynthFormat::WebVtt,
        SynthFormat::Srt,
        SynthFormat::Script,
        SynthFormat::WhisperJson,
    ] {
        let a = analyse(parse(&generate(format, 150_000, 11)).unwrap());
        assert!(a.transcript.turns.len() > 50, "{format:?}");
        assert_eq!(decode(&bytes_of(&a)).unwrap(), a, "{format:?}");
    }
}

#[test]
fn every_bundled_transcript_comes_back_equal() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../transcripts");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let a = analyse(parse(&text).unwrap());
        assert_eq!(decode(&bytes_of(&a)).unwrap(), a);
        checked += 1;
    }
    assert!(checked >= 4);
}

fn words() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("scaling"),
        Just("laws"),
        Just("Microsoft"),
        Just("open"),
        Just("source"),
        Just("Straße"),
        Just("İstanbul"),
        Just("ﬁne"),
        Just("café"),
        Just("中文"),
        Just("😀"),
        Just("[laughs]"),
        Just("the"),
        Just("and"),
    ];
    prop::collection::vec(word, 0..30).prop_map(|w| w.join(" "))
}

fn line() -> impl Strategy<Value = (&'static str, String, bool)> {
    let name = prop_oneof![Just("Ana"), Just("Ben Okafor"), Just("José"), Just("李雷")];
    (name, words(), any::<bool>())
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        // Lines repeat (`again`) so repeated passages are found too.
        prop::collection::vec(line(), 1..30).prop_map(|lines| {
            lines
                .iter()
                .flat_map(|(n, t, again)| {
                    let l = format!("{n}: {t}\n");
                    if *again {
                        vec![l.clone(), l]
                    } else {
                        vec![l]
                    }
                })
                .collect::<String>()
        }),
        prop::collection::vec((line(), 0u32..5_000, 1u32..9_000), 1..30).prop_map(|cues| {
            let mut out = String::from("WEBVTT\n\n");
            let mut at = 0u64;
            for ((n, t, nonspeech), gap, len) in cues {
                let clock = |ms: u64| {
                    format!(
                        "{:02}:{:02}:{:02}.{:03}",
                        ms / 3_600_000,
                        ms / 60_000 % 60,
                        ms / 1000 % 60,
                        ms % 1000
                    )
                };
                let start = at + u64::from(gap);
                let end = start + u64::from(len);
                let body = if nonspeech {
                    "[APPLAUSE]".to_string()
                } else {
                    format!("<v {n}>{t}")
                };
                out.push_str(&format!("{} --> {}\n{body}\n\n", clock(start), clock(end)));
                at = end;
            }
            out
        }),
        "# [A-Za-z ]{1,20}\n\n\\*\\*Ana:\\*\\* [a-z ]{0,40}\n\n## [a-z]{1,9}\n\n\\*\\*Ben:\\*\\* [a-zé ]{0,40}\n",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_transcript_and_its_analyses_come_back_equal(text in text_strategy()) {
        let Ok(transcript) = parse(&text) else { return Ok(()) };
        let a = analyse(transcript);
        let bytes = bytes_of(&a);
        let back = decode(&bytes).unwrap();
        prop_assert_eq!(&back, &a);
        for query in ["scaling laws", "strasse", "the", "中"] {
            prop_assert_eq!(back.index.search(&back.transcript, query), a.index.search(&a.transcript, query));
        }
    }

    /// Cut, or with one byte changed: an error or an analysis, never a panic.
    #[test]
    fn damaged_buffers_are_refused_or_read(text in text_strategy(), at in any::<prop::sample::Index>(), to in any::<u8>()) {
        let Ok(transcript) = parse(&text) else { return Ok(()) };
        let bytes = bytes_of(&analyse(transcript));
        let i = at.index(bytes.len());
        prop_assert!(decode(&bytes[..i]).is_err());
        let mut changed = bytes.clone();
        changed[i] = to;
        if let Ok(back) = decode(&changed) {
            // Whatever came back can be searched without a panic.
            let _ = back.index.search(&back.transcript, "scaling laws");
        }
    }

    #[test]
    fn random_bytes_are_refused_or_read(mut junk in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = decode(&junk);
        junk.splice(0..0, *b"TXA\0\x01");
        let _ = decode(&junk);
    }
}

// ---- messages (Writer / Reader) ---------------------------------------------

#[test]
fn a_message_of_every_kind_of_value_reads_back_in_order() {
    use transcript_core::transfer::{Reader, Writer};
    let a = analyse(parse(&common_text()).unwrap());
    let mut w = Writer::new();
    w.byte(7);
    w.bool(true);
    w.bool(false);
    w.uint(u32::MAX as usize);
    w.str("Ana: héllo\tthere");
    w.opt_str(None);
    w.opt_str(Some(""));
    w.bytes(&[0, 255, 1]);
    w.transcript(&a.transcript);
    w.topics(&a.topics);
    w.duplicates(&a.duplicates);
    w.uints(&[0, 1, 300]);
    w.strs(["a", "", "ü"].iter());
    w.raw(b"the rest");
    let bytes = w.into_bytes();

    let mut r = Reader::new(&bytes);
    assert_eq!(r.byte(), Ok(7));
    assert_eq!(r.bool(), Ok(true));
    assert_eq!(r.bool(), Ok(false));
    assert_eq!(r.uint(), Ok(u32::MAX as usize));
    assert_eq!(r.str().as_deref(), Ok("Ana: héllo\tthere"));
    assert_eq!(r.opt_str(), Ok(None));
    assert_eq!(r.opt_str(), Ok(Some(String::new())));
    assert_eq!(r.bytes(), Ok(&[0u8, 255, 1][..]));
    assert_eq!(r.transcript().as_ref(), Ok(&a.transcript));
    assert_eq!(r.topics().as_ref(), Ok(&a.topics));
    assert_eq!(r.duplicates().as_ref(), Ok(&a.duplicates));
    assert_eq!(r.uints(), Ok(vec![0, 1, 300]));
    assert_eq!(r.strs(), Ok(vec!["a".into(), String::new(), "ü".into()]));
    assert!(r.end().is_err(), "the raw tail is still there");
    assert_eq!(r.rest(), Ok(&b"the rest"[..]));
    assert_eq!(r.end(), Ok(()));
    assert_eq!(r.position(), bytes.len());
}

fn common_text() -> String {
    "Ana: We ship the parser on Monday.\nBo: The parser ships on Monday, then.\n\
     Ana: We ship the parser on Monday.\nBo: And the search index after that.\n"
        .to_string()
}

#[test]
fn a_damaged_message_is_an_error_never_a_panic_or_a_huge_allocation() {
    use transcript_core::transfer::{Reader, TransferError, Writer};
    let mut w = Writer::new();
    w.str("hello");
    w.bytes(b"abc");
    let bytes = w.into_bytes();
    // Every cut is an error.
    for cut in 0..bytes.len() {
        let mut r = Reader::new(&bytes[..cut]);
        let read = r.str().and_then(|_| r.bytes().map(|_| ()));
        assert!(read.is_err(), "cut at {cut}");
    }
    // A count the bytes cannot hold is refused before allocating.
    let mut w = Writer::new();
    w.uint(1_000_000_000);
    let bytes = w.into_bytes();
    assert_eq!(
        Reader::new(&bytes).list(1, |r| r.byte()),
        Err(TransferError::Truncated)
    );
    // Not a yes/no byte, not UTF-8.
    assert!(Reader::new(&[2]).bool().is_err());
    assert!(Reader::new(&[2, 0xff, 0xfe]).str().is_err());
    assert_eq!(Reader::new(&[]).byte(), Err(TransferError::Truncated));
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic_a_message_reader(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        use transcript_core::transfer::Reader;
        let mut r = Reader::new(&bytes);
        let _ = r.str();
        let _ = r.transcript();
        let _ = r.topics();
        let _ = r.duplicates();
        let _ = r.bytes();
        let _ = r.list(1, |r| r.uint());
    }
}
