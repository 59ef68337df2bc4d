//! The library file: written and read back it is the same library; merging
//! an import never overwrites what the reader has.

use proptest::prelude::*;
use transcript_core::library::{self, LibraryError, StoredEntry};
use transcript_core::view::SpeakerEdits;

fn entry(id: &str, name: &str, text: &str) -> StoredEntry {
    StoredEntry {
        id: id.into(),
        name: name.into(),
        text: text.into(),
        edits: SpeakerEdits::default(),
        link: None,
        read_as: None,
    }
}

fn edited(mut e: StoredEntry) -> StoredEntry {
    e.edits.rename(0, "Dr. Ana Ruiz");
    e.edits.merge(2, 1);
    e
}

#[test]
fn a_library_written_and_read_back_is_the_same_library() {
    let entries = vec![
        edited(entry("u1", "Team sync", "Ana: Hi.\nBen: Hello.\nCy: Yo.")),
        entry("devday-2024", "My Dev Day", ""),
        StoredEntry {
            link: Some("1eJwrSS0uAQAEXQHB".into()),
            ..entry("link-00ff", "From a link", "")
        },
        entry(
            "u2",
            "Ünïcode \u{202e} <b>name</b>",
            "WEBVTT\n\n00:00.000 --> 00:01.000\n<v A>x\0y",
        ),
    ];
    let file = library::write(&entries);
    assert!(library::is_library(&file));
    assert_eq!(library::read(&file), Ok(entries));
}

#[test]
fn files_that_are_not_libraries_are_refused_with_a_reason() {
    assert_eq!(library::read("Ana: hello"), Err(LibraryError::NotLibrary));
    assert_eq!(
        library::read(r#"{"segments":[{"text":"hi"}]}"#),
        Err(LibraryError::NotLibrary)
    );
    assert!(!library::is_library(r#"{"segments":[]}"#));
    assert_eq!(
        library::read(r#"{"format":"transcript-explorer-library","version":2,"entries":[]}"#),
        Err(LibraryError::NewerVersion(2))
    );
    let damaged = library::read(
        r#"{"format":"transcript-explorer-library","version":1,"entries":[{"id":"a"}]}"#,
    );
    assert!(
        matches!(damaged, Err(LibraryError::Damaged(_))),
        "{damaged:?}"
    );
    let twice = library::write(&[entry("a", "One", "x"), entry("a", "Two", "y")]);
    assert!(matches!(library::read(&twice), Err(LibraryError::Damaged(m)) if m.contains("twice")));
    let cut = library::write(&[entry("a", "One", "x")]);
    assert!(library::read(&cut[..cut.len() / 2]).is_err());
}

#[test]
fn merging_adds_new_ones_skips_identical_ones_and_never_overwrites() {
    let bundled = |id: &str| id.starts_with("b-");
    let here = vec![
        entry("u1", "Same", "Ana: same"),
        entry("u2", "Changed here", "Ana: mine"),
        edited(entry("b-2", "Bundled two", "")),
    ];
    let incoming = vec![
        entry("u1", "Same", "Ana: same"),
        entry("u2", "Changed there", "Ana: theirs"),
        entry("u3", "New", "Ben: new"),
        edited(entry("b-1", "Bundled one renamed", "")),
        entry("b-2", "Bundled two, other edits", ""),
    ];
    let mut n = 0;
    let merge = library::merge(&here, incoming, bundled, || {
        n += 1;
        format!("new{n}")
    });
    let take: Vec<_> = merge
        .take
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    assert_eq!(
        take,
        [
            ("new1", "Changed there (imported)"),
            ("u3", "New"),
            ("b-1", "Bundled one renamed")
        ]
    );
    assert_eq!(merge.take[0].text, "Ana: theirs");
    assert_eq!(merge.unchanged, 1);
    assert_eq!(merge.copies, 1);
    assert_eq!(merge.kept_here, ["Bundled two"]);
    assert_eq!(
        merge.summary(),
        "Imported 3 transcripts. 1 was already in the library. 1 had changed both here and in the file, \
         so the file's version was added beside yours. Your own changes to Bundled two were kept."
    );
}

fn arb_entry() -> impl Strategy<Value = StoredEntry> {
    (
        "[a-z0-9]{1,8}",
        any::<String>(),
        any::<String>(),
        proptest::option::of("[A-Za-z0-9_-]{0,40}"),
        proptest::collection::vec((0usize..5, any::<String>()), 0..3),
    )
        .prop_map(|(id, name, text, link, renames)| {
            let mut e = StoredEntry {
                id,
                name,
                text,
                edits: SpeakerEdits::default(),
                link,
                read_as: None,
            };
            for (speaker, name) in renames {
                e.edits.rename(speaker, &name);
            }
            e
        })
}

proptest! {
    #[test]
    fn any_library_survives_a_file(entries in proptest::collection::vec(arb_entry(), 0..6)) {
        let mut seen = std::collections::HashSet::new();
        let entries: Vec<_> = entries.into_iter().filter(|e| seen.insert(e.id.clone())).collect();
        prop_assert_eq!(library::read(&library::write(&entries)), Ok(entries.clone()));
        // Importing a library into itself changes nothing.
        let merge = library::merge(&entries, entries.clone(), |_| false, String::new);
        prop_assert!(merge.take.is_empty());
        prop_assert_eq!(merge.unchanged, entries.len());
    }

    #[test]
    fn reading_any_text_never_panics(text in any::<String>()) {
        let _ = library::read(&text);
        let _ = library::is_library(&text);
    }
}

#[test]
fn a_stored_entry_is_read_again_from_its_text_or_its_kept_link() {
    let from_text = entry("u1", "Team sync", "Ana: Hi.\nBen: Hello.");
    assert_eq!(from_text.kept_link(), None);
    let t = from_text.transcript().unwrap();
    assert_eq!(t.turns.len(), 2);
    let payload = transcript_core::share::encode_transcript(&t);
    let kept = StoredEntry {
        text: String::new(),
        link: Some(payload.clone()),
        ..from_text.clone()
    };
    assert_eq!(kept.kept_link(), Some(payload.as_str()));
    assert_eq!(kept.transcript().unwrap(), t);
    // Source text wins over a link: only a transcript without one keeps it.
    let both = StoredEntry {
        link: Some(payload),
        ..from_text.clone()
    };
    assert_eq!(both.kept_link(), None);
    // What cannot be read says so instead of panicking.
    let damaged = StoredEntry {
        link: Some("1AAAA".into()),
        ..kept.clone()
    };
    assert!(damaged.transcript().unwrap_err().contains("damaged"));
    assert!(entry("u2", "Empty", "  ")
        .transcript()
        .unwrap_err()
        .contains("empty"));
}
