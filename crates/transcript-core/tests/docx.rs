//! Word documents: fixtures written for this project (generated the way a
//! zip tool writes them, modelled on Otter, Rev-style and table exports),
//! and the bad input a `.docx` can be: zip bombs, crowds of entries,
//! hostile XML, cut files, other zips, wrong extensions.

mod fuzz_checks;

use std::io::Write;
use std::path::Path;

use transcript_core::parse::parse_bytes;
use transcript_core::parse::read::{read_bytes, ReadAs};
use transcript_core::{Format, ParseError, Transcript};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn turns(t: &Transcript) -> Vec<(&str, &str)> {
    t.turns
        .iter()
        .map(|turn| (t.speaker_name(turn).unwrap_or("-"), turn.text.as_str()))
        .collect()
}

fn unreadable(bytes: &[u8]) -> String {
    match parse_bytes(bytes) {
        Err(ParseError::Unreadable(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn otter_export_name_and_time_paragraphs() {
    let t = parse_bytes(&fixture("docx_otter_name_time_paragraphs.docx")).unwrap();
    assert_eq!(t.metadata.format, Format::Docx);
    assert_eq!(t.title.as_deref(), Some("Weekly sync"));
    assert_eq!(t.metadata.date.as_deref(), Some("2025-03-04"));
    assert_eq!(
        turns(&t),
        [
            (
                "Ana Lima",
                "Okay, let's get going. Three things on the list today."
            ),
            ("Ben Okoro", "Before we start, the build is green again."),
            ("Ana Lima", "Great, that was the first thing."),
        ]
    );
    assert_eq!(t.turns[0].start, Some(3.0));
    assert_eq!(t.turns[1].start, Some(11.0));
}

#[test]
fn bold_names_headings_text_boxes_and_deleted_text() {
    let bytes = fixture("docx_bold_names_headings_textbox.docx");
    let reading = read_bytes(&bytes, &ReadAs::AUTO).unwrap();
    let t = &reading.transcript;
    assert_eq!(t.metadata.format, Format::Docx);
    assert!(
        reading.summary.starts_with("Word document: "),
        "{}",
        reading.summary
    );
    // The text the app keeps (and reads again for "Read as…").
    let text = reading.text.as_deref().unwrap();
    assert!(
        text.contains("**Maya Chen:** How many hives do you keep?\n"),
        "{text}"
    );
    assert_eq!(t.title.as_deref(), Some("Interview with a beekeeper"));
    assert_eq!(
        turns(t),
        [
            ("Maya Chen", "How many hives do you keep?"),
            ("Leo Park", "Forty, give or take."),
            ("Maya Chen", "And the honey?"),
            ("Leo Park", "Mostly clover, some lime & heather."),
        ]
    );
    let sections: Vec<(&str, usize)> = t
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.turn))
        .collect();
    assert_eq!(
        sections,
        [("Part one: the hives", 0), ("Part two: honey", 2)]
    );
    assert_eq!(t.turns[0].start, None);
}

#[test]
fn speaker_time_text_table_rows() {
    let t = parse_bytes(&fixture("docx_speaker_time_text_table.docx")).unwrap();
    assert_eq!(t.metadata.format, Format::Docx);
    // The first line (the core properties have no title) is the title;
    // the header row is left out.
    assert_eq!(t.title.as_deref(), Some("Focus group 2"));
    assert_eq!(t.speakers.len(), 3);
    assert_eq!(t.turns.len(), 4);
    assert_eq!(
        turns(&t)[0],
        (
            "Moderator",
            "Welcome, everyone. Please introduce yourselves."
        )
    );
    assert_eq!(
        turns(&t)[1],
        ("Participant 1", "Hi, I'm Sam, I work in retail.")
    );
    assert_eq!(t.turns[0].start, Some(5.0));
    assert_eq!(t.turns[3].start, Some(31.0));
}

/// A zip archive of `(name, data)` entries, deflated, as Python's and
/// Word's writers lay them out (local headers, then the directory).
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    fuzz_checks::zip_with(entries, |data| {
        (8, miniz_oxide::deflate::compress_to_vec(data, 6))
    })
}

fn document(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    )
}

#[test]
fn a_generated_document_reads_like_the_fixtures() {
    let xml = document("<w:p><w:r><w:t>Ana: Hello there.</w:t></w:r></w:p><w:p><w:r><w:t>Ben: Hi.</w:t></w:r></w:p>");
    let t = parse_bytes(&zip(&[("word/document.xml", xml.as_bytes())])).unwrap();
    assert_eq!(turns(&t), [("Ana", "Hello there."), ("Ben", "Hi.")]);
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    // 200 MB of zeros packs to some 200 KB; its entry declares the truth.
    let zeros = vec![b'0'; 200 << 20];
    let bomb = zip(&[("word/document.xml", &zeros)]);
    assert!(bomb.len() < 1 << 20);
    let why = unreadable(&bomb);
    assert_eq!(
        why,
        "The file's word/document.xml would unpack to 200 MB, more than the 64 MB this app reads."
    );
}

#[test]
fn an_entry_that_lies_about_its_size_is_refused() {
    let xml = document(&"<w:p><w:r><w:t>Ana: words words words.</w:t></w:r></w:p>".repeat(2000));
    let mut bytes = zip(&[("word/document.xml", xml.as_bytes())]);
    // The directory's "uncompressed size" of the one entry: 1 KB.
    let size_at = bytes.len() - 22 - (46 + "word/document.xml".len()) + 24;
    bytes[size_at..size_at + 4].copy_from_slice(&1024u32.to_le_bytes());
    assert_eq!(
        unreadable(&bytes),
        "The file's word/document.xml does not unpack to the size it declares: the file is damaged."
    );
}

#[test]
fn thousands_of_entries_are_refused() {
    let names: Vec<String> = (0..5000)
        .map(|i| format!("word/media/image{i}.png"))
        .collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    assert_eq!(
        unreadable(&zip(&entries)),
        "The zip archive lists 5000 files, more than the 2000 a document could hold: it is not read."
    );
}

#[test]
fn other_zips_cut_files_and_empty_documents_say_what_is_wrong() {
    let other = zip(&[("index.html", b"<p>hi</p>")]);
    assert_eq!(
        unreadable(&other),
        "This is a zip archive but not a Word document: it has no word/document.xml."
    );
    let good = fixture("docx_otter_name_time_paragraphs.docx");
    for cut in [4, 100, good.len() / 2, good.len() - 30] {
        let why = unreadable(&good[..cut]);
        assert!(why.ends_with('.') && !why.contains('\n'), "{cut}: {why}");
    }
    let empty = zip(&[("word/document.xml", document("<w:p/>").as_bytes())]);
    assert_eq!(unreadable(&empty), "The Word document has no text in it.");
}

#[test]
fn hostile_document_xml_is_read_as_written() {
    let lol = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>{}",
        document("<w:p><w:r><w:t>Ana: &lol2;</w:t></w:r></w:p><w:p><w:r><w:t>Ben: &amp;lol;</w:t></w:r></w:p>")
    );
    let t = parse_bytes(&zip(&[("word/document.xml", lol.as_bytes())])).unwrap();
    assert_eq!(turns(&t), [("Ana", "&lol2;"), ("Ben", "&lol;")]);
    let deep = document(&format!(
        "<w:p><w:r><w:t>Deep</w:t></w:r>{}{}</w:p>",
        "<w:sdt><w:sdtContent>".repeat(100_000),
        "</w:sdtContent></w:sdt>".repeat(100_000)
    ));
    let t = parse_bytes(&zip(&[("word/document.xml", deep.as_bytes())])).unwrap();
    assert_eq!(turns(&t), [("-", "Deep")]);
}

#[test]
fn the_extension_does_not_matter_only_the_bytes() {
    // A Word document saved as .txt is still read as one; text saved as
    // .docx is read as text (the core never sees the name).
    assert_eq!(
        parse_bytes(&fixture("docx_otter_name_time_paragraphs.docx"))
            .unwrap()
            .metadata
            .format,
        Format::Docx
    );
    let text = parse_bytes(b"Ana: Hello.\nBen: Hi.\n").unwrap();
    assert_eq!(text.speakers.len(), 2);
    // An old binary .doc is refused as binary.
    let doc = [
        0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
    assert_eq!(parse_bytes(&doc), Err(ParseError::Binary));
    let mut f = Vec::new();
    f.write_all(b"PK\x03\x04junk").unwrap();
    assert!(unreadable(&f).contains("zip directory is missing"));
}
