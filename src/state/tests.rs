//! The reducer's tests: every action on real transcripts (the bundled ones,
//! and small ones parsed here as the worker would), and the rules that are
//! data now: what a link asks for, what the library writes, imports.

use super::*;
use transcript_core::view::SpeakerEdits;

/// Indexes, tags and deduplicates what is shown, as the worker does.
fn analyse(t: &Transcript) -> Analyses {
    (
        Rc::new(SearchIndex::new(t)),
        Rc::new(Topics::extract(t)),
        Rc::new(transcript_core::dedup::find(t)),
    )
}

impl Entry {
    /// Parses `text` into a library entry, as an import would. `name`
    /// defaults to the transcript's own title, then to `fallback`.
    pub fn parse(
        id: String,
        name: Option<String>,
        text: &str,
        fallback: &str,
    ) -> Result<Entry, String> {
        let transcript = transcript_core::parse(text).map_err(|e| e.to_string())?;
        let analyses = analyse(&transcript);
        Ok(Entry::assemble(
            id, name, text, transcript, fallback, analyses,
        ))
    }

    /// Like [`Entry::parse`] for a file's bytes, which may not be text at all.
    pub fn parse_file(id: String, name: String, bytes: &[u8]) -> Result<Entry, String> {
        let transcript =
            transcript_core::parse::parse_bytes(bytes).map_err(|e| format!("{name}: {e}"))?;
        let text = String::from_utf8_lossy(bytes).into_owned();
        let analyses = analyse(&transcript);
        Ok(Entry::assemble(
            id,
            Some(name.clone()),
            &text,
            transcript,
            &name,
            analyses,
        ))
    }

    /// The transcript a share link carried.
    pub fn parse_link(payload: &str) -> Result<Entry, String> {
        let t = transcript_core::share::decode_transcript(payload).map_err(|e| e.to_string())?;
        let analyses = analyse(&t);
        Ok(Entry::from_link(payload, t, analyses))
    }

    /// A stored entry read again.
    pub fn restore(stored: &StoredEntry) -> Result<Entry, String> {
        let t = stored.transcript()?;
        let analyses = analyse(&stored.edits.apply(&t));
        Ok(Entry::restored(stored, t, analyses))
    }
}

/// `entry` read by an import and added.
fn added(state: Rc<AppState>, entry: Entry) -> Rc<AppState> {
    let state = state.reduce(Action::Import {
        name: String::new(),
        source: Source::Paste(entry.text().map(|t| t.to_string()).unwrap_or_default()),
    });
    let serial = state.imports.last().unwrap().serial;
    state.reduce(Action::ImportDone {
        serial,
        result: Some(Ok(entry)),
    })
}

/// Follows a fragment as the app does: a carried transcript is unpacked
/// as the worker would.
fn follow(state: Rc<AppState>, fragment: &str) -> Rc<AppState> {
    let state = state.reduce(Action::FollowFragment(fragment.to_string()));
    match state.link.clone() {
        Some(job) => {
            let result = Entry::parse_link(&job.payload);
            state.reduce(Action::LinkOpened {
                payload: job.payload,
                result,
            })
        }
        None => state,
    }
}

/// What the app dispatches for a change in another tab: a stored entry
/// read again as the worker would.
fn elsewhere(change: LibraryChange) -> Action {
    match change {
        LibraryChange::Stored(stored) if !is_bundled(&stored.id) => {
            let read = Entry::restore(&stored);
            Action::Elsewhere(LibraryChange::Stored(stored), Some(read))
        }
        change => Action::Elsewhere(change, None),
    }
}

/// The state after the persistence effect took its writes.
fn persisted(state: Rc<AppState>) -> Rc<AppState> {
    let writes = state.writes();
    state.reduce(Action::Persisted(writes))
}

#[test]
fn opens_on_every_bundled_transcript_with_the_first_open() {
    let state = AppState::default();
    assert_eq!(state.entries.len(), BUNDLED.len());
    assert_eq!(state.open(), Open::One("devday-2024".into()));
    assert!(state
        .entries
        .iter()
        .all(|e| e.is_bundled() && !e.transcript.turns.is_empty()));
    let devday = &state.current().unwrap().transcript;
    let first = &devday.turns[0];
    assert_eq!(devday.speaker_name(first), Some("Unknown"));
    assert!(first
        .text
        .starts_with("Hello everyone. Welcome to OpenAI Dev Day."));
    // Titled transcripts are listed by title, the others by file name.
    let names: Vec<&str> = state.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names[0], "devday-2024-altman-interview.txt");
    assert_eq!(names[1], "Sam Altman interview");
}

#[test]
fn adding_opens_the_transcript_and_failures_change_nothing_else() {
    let state = Rc::new(AppState::default());
    let name = state.next_paste_name();
    assert_eq!(name, "Pasted transcript 1");
    let entry = Entry::parse("u1".into(), None, "Ana: Hi.\nBen: Hello.\nAna: Bye.", &name).unwrap();
    let state = added(state, entry);
    assert_eq!(state.open(), Open::One("u1".into()));
    let entry = state.current().unwrap();
    assert_eq!(entry.name, "Pasted transcript 1");
    assert_eq!(entry.transcript.turns.len(), 3);
    assert_eq!(&**entry.text().unwrap(), "Ana: Hi.\nBen: Hello.\nAna: Bye.");

    let err = Entry::parse("u2".into(), None, "   ", "x").unwrap_err();
    assert!(err.contains("empty"), "{err}");
    let state = state.reduce(Action::Failed(err));
    assert_eq!(state.entries.len(), 5, "nothing is added or lost");
    assert!(state.error.is_some());
    assert_eq!(state.open(), Open::One("u1".into()));
}

#[test]
fn files_are_named_by_file_name_and_binary_files_are_refused() {
    let entry = Entry::parse_file(
        "u1".into(),
        "call.vtt".into(),
        b"WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>Hi.\n",
    )
    .unwrap();
    assert_eq!(entry.name, "call.vtt");
    assert_eq!(entry.transcript.turns[0].start, Some(1.0));
    let err =
        Entry::parse_file("u2".into(), "photo.png".into(), b"\x89PNG\r\n\x1a\n\0\0").unwrap_err();
    assert!(
        err.starts_with("photo.png: This looks like a binary file"),
        "{err}"
    );
}

#[test]
fn rename_and_remove_keep_bundled_transcripts_and_move_the_selection() {
    let state = Rc::new(AppState::default());
    let entry = Entry::parse("u1".into(), None, "Ana: Hi.\nBen: Hello.", "Pasted").unwrap();
    let state = added(state, entry);
    let state = state.reduce(Action::Rename {
        id: "u1".into(),
        name: "  Team call  ".into(),
    });
    assert_eq!(state.current().unwrap().name, "Team call");
    let state = state.reduce(Action::Rename {
        id: "u1".into(),
        name: " ".into(),
    });
    assert_eq!(
        state.current().unwrap().name,
        "Team call",
        "a blank name is ignored"
    );

    let state = state.reduce(Action::Remove("devday-2024".into()));
    assert_eq!(state.entries.len(), 5, "bundled transcripts stay");
    let state = state.reduce(Action::Remove("u1".into()));
    assert_eq!(state.entries.len(), 4);
    assert_eq!(state.open(), Open::One("devday-2024".into()));

    let state = state.reduce(Action::Open(Open::All));
    assert_eq!(state.current(), None);
    let state = state.reduce(Action::Open(Open::One("nope".into())));
    assert_eq!(state.open(), Open::All);
}

#[test]
fn stored_entries_follow_the_bundled_ones() {
    let stored = Entry::parse("u9".into(), Some("Kept".into()), "Ana: Hi.\nBen: Yo.", "x").unwrap();
    let state = AppState::new(vec![stored], Some("note".into()));
    assert_eq!(state.entries.len(), 5);
    assert_eq!(state.entries[4].name, "Kept");
    assert!(!state.entries[4].is_bundled());
    assert_eq!(state.error.as_deref(), Some("note"));
}

#[test]
fn filters_toggle_and_opening_another_transcript_keeps_only_the_search() {
    let state = Rc::new(AppState::default());
    let state = state.reduce(Action::ToggleSpeaker("Sam Altman".into()));
    let state = state.reduce(Action::SetQuery("open source".into()));
    let state = state.reduce(Action::ToggleTopic("agents".into()));
    let state = state.reduce(Action::SelectTurn(Some(3)));
    assert_eq!(state.view.speakers, ["Sam Altman"]);
    assert_eq!(state.view.turn, Some(3));
    let state = state.reduce(Action::ToggleSpeaker("Sam Altman".into()));
    assert!(state.view.speakers.is_empty());
    let state = state.reduce(Action::ToggleTopic("agents".into()));
    assert!(state.view.topics.is_empty());

    let state = state.reduce(Action::ToggleSpeaker("Unknown".into()));
    let state = state.reduce(Action::Open(Open::One("ascent-2025".into())));
    assert_eq!(state.view.transcript, "ascent-2025");
    assert_eq!(state.view.query, "open source");
    assert!(state.view.speakers.is_empty() && state.view.turn.is_none());
}

#[test]
fn a_view_from_a_link_is_shown_and_an_unknown_transcript_falls_back() {
    let state = Rc::new(AppState::default());
    let state = follow(
        state,
        "#v1&t=dealbook-2024&sp=Sam%20Altman&q=compute&turn=3",
    );
    assert_eq!(state.current().unwrap().id, "dealbook-2024");
    assert_eq!(state.view.speakers, ["Sam Altman"]);
    assert_eq!(state.error, None);

    let state = follow(state, "#v1&t=gone&q=x");
    assert_eq!(state.current().unwrap().id, "devday-2024");
    assert_eq!(state.error, None, "a missing transcript is no error");
    assert!(state.notice.contains("not in this library"));
}

#[test]
fn a_carried_transcript_is_pending_until_kept_and_its_edits_apply() {
    use transcript_core::share::Link;
    let text = "Ana: Hello there.\nBen: Hi Ana.\nAna: Shall we start?\n";
    let mut edits = SpeakerEdits::default();
    edits.rename(1, "Benjamin");
    let fragment = Link {
        view: ViewState {
            speakers: vec!["Benjamin".into()],
            turn: Some(1),
            ..ViewState::default()
        },
        edits: edits.clone(),
        transcript: Some(transcript_core::parse(text).unwrap()),
    }
    .to_fragment();
    let state = Rc::new(AppState::default());
    let state = follow(state, &fragment);
    let entry = state.current().unwrap().clone();
    assert!(entry.is_pending() && !entry.is_bundled());
    assert!(entry.id.starts_with("link-"));
    assert_eq!(entry.edits, edits);
    assert_eq!(entry.transcript.speakers[1].name, "Benjamin");
    assert_eq!(state.view.speakers, ["Benjamin"]);
    assert_eq!(state.view.turn, Some(1));
    assert_eq!(state.entries.len(), 5);

    // The same link again (a reload, the back button) is the same entry.
    let again = state
        .clone()
        .reduce(Action::FollowFragment(fragment.clone()));
    assert_eq!(again.link, None, "nothing to unpack");
    let state = again;
    assert_eq!(state.entries.len(), 5);

    let id = entry.id.clone();
    let kept = state.clone().reduce(Action::Keep(id.clone()));
    assert!(!kept.current().unwrap().is_pending());
    let discarded = state.reduce(Action::Discard(id));
    assert_eq!(discarded.entries.len(), 4);
    assert_eq!(discarded.view.transcript, "devday-2024");
    // A kept one is not discarded by mistake.
    let id = kept.current().unwrap().id.clone();
    assert_eq!(kept.reduce(Action::Discard(id)).entries.len(), 5);
}

#[test]
fn a_link_with_edits_renames_a_bundled_transcript_in_memory() {
    let state = Rc::new(AppState::default());
    let state = follow(state, "v1&t=devday-2024&sp=Harry&rn=0.Harry");
    let entry = state.current().unwrap();
    assert_eq!(entry.transcript.speakers[0].name, "Harry");
    assert_eq!(state.view.speakers, ["Harry"]);
    // Without edits, a link leaves the reader's own names.
    let state = follow(state, "v1&t=devday-2024");
    assert_eq!(
        state.current().unwrap().transcript.speakers[0].name,
        "Harry"
    );
}

#[test]
fn speaker_edits_rename_and_merge_and_drop_stale_filters() {
    let state = Rc::new(AppState::default());
    let state = state.reduce(Action::ToggleSpeaker("Unknown".into()));
    let mut edits = SpeakerEdits::default();
    edits.rename(0, "Harry Stebbings");
    let state = state.reduce(Action::EditSpeakers(edits.clone()));
    let t = &state.current().unwrap().transcript;
    assert_eq!(t.speaker_name(&t.turns[0]), Some("Harry Stebbings"));
    assert!(
        state.view.speakers.is_empty(),
        "the old name no longer exists"
    );
    // The index follows the edit: the search sees the same turns.
    assert_eq!(state.current().unwrap().index.len(), t.turns.len());

    edits.merge(0, 1);
    let state = state.reduce(Action::EditSpeakers(edits));
    let t = &state.current().unwrap().transcript;
    assert_eq!(t.speakers.len(), 1);
    assert_eq!(t.turns.len(), 1, "one speaker throughout is one turn");
    assert_eq!(
        state.current().unwrap().original.turns.len(),
        44,
        "the parse is kept"
    );
}

#[test]
fn after_a_speaker_edit_topics_wait_for_the_worker_and_only_fresh_ones_are_taken() {
    let state = Rc::new(AppState::default());
    let before = state.current().unwrap().clone();
    assert!(before.analysis != Analysis::Pending && !before.topics().unwrap().tags.is_empty());
    let mut edits = SpeakerEdits::default();
    edits.merge(0, 1);
    let state = state.reduce(Action::EditSpeakers(edits.clone()));
    let edited = state.current().unwrap().clone();
    // Turns were joined: the old tags would point at the wrong turns.
    assert_eq!(edited.analysis, Analysis::Pending);
    assert!(edited.topics().is_none() && edited.duplicates().is_none());
    // The worker's answer for an earlier version is not taken...
    let (topics, duplicates) = (
        Rc::new(Topics::extract(&edited.transcript)),
        Rc::new(transcript_core::dedup::find(&edited.transcript)),
    );
    let state = state.reduce(Action::Analysed {
        id: "devday-2024".into(),
        transcript: before.transcript.clone(),
        topics: topics.clone(),
        duplicates: duplicates.clone(),
    });
    assert_eq!(state.current().unwrap().analysis, Analysis::Pending);
    // ...the one for what is shown is.
    let state = state.reduce(Action::Analysed {
        id: "devday-2024".into(),
        transcript: edited.transcript.clone(),
        topics: topics.clone(),
        duplicates,
    });
    let entry = state.current().unwrap();
    assert!(entry.analysis != Analysis::Pending);
    assert_eq!(entry.topics(), Some(&topics));
    assert!(!entry.topics().unwrap().tags.is_empty());
    assert!(entry
        .topics()
        .unwrap()
        .tags
        .iter()
        .all(|t| t.turns.iter().all(|&i| i < entry.transcript.turns.len())));
}

#[test]
fn entries_carry_their_topics_and_repeated_passages() {
    let state = AppState::default();
    let dealbook = state
        .entries
        .iter()
        .find(|e| e.id == "dealbook-2024")
        .unwrap();
    assert!(dealbook.duplicates().unwrap().hidden_count() >= 18);
    assert!(dealbook.topic_labels().iter().any(|l| l == "Microsoft"));
    let devday = state.current().unwrap();
    assert_eq!(devday.duplicates().unwrap().hidden_count(), 0);
}

fn stored(id: &str, name: &str, text: &str) -> StoredEntry {
    StoredEntry {
        id: id.into(),
        name: name.into(),
        text: text.into(),
        edits: SpeakerEdits::default(),
        link: None,
        read_as: None,
    }
}

#[test]
fn the_library_holds_added_entries_and_changed_bundled_ones_not_pending_ones() {
    let state = Rc::new(AppState::new(Vec::new(), None));
    assert_eq!(state.library(), Vec::<StoredEntry>::new());
    let state = added(
        state,
        Entry::parse("u1".into(), None, "Ana: Hi.\nBen: Hello.", "Pasted").unwrap(),
    );
    let bundled = BUNDLED[1].id.to_string();
    let mut edits = SpeakerEdits::default();
    edits.rename(0, "Host");
    let open = state.view.transcript.clone();
    let state = state.reduce(Action::Open(Open::One(bundled.clone())));
    let state = state.reduce(Action::EditSpeakers(edits.clone()));
    let state = state.reduce(Action::Open(Open::One(open)));
    let link = encode_link_payload("Cy: From a link.");
    let state = follow(state, &format!("v1&d={link}"));
    assert!(state.current().is_some_and(|e| e.is_pending()));
    let library = state.library();
    let ids: Vec<&str> = library.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, [bundled.as_str(), "u1"]);
    assert_eq!(
        library[0].text, "",
        "a bundled transcript's text is not kept"
    );
    assert_eq!(library[0].edits, edits);
    assert_eq!(library[1].text, "Ana: Hi.\nBen: Hello.");
}

fn encode_link_payload(text: &str) -> String {
    transcript_core::share::encode_transcript(&transcript_core::parse(text).unwrap())
}

#[test]
fn changes_made_in_another_tab_are_followed() {
    let state = Rc::new(AppState::new(Vec::new(), None));
    let open = state.view.transcript.clone();
    // Added there: listed here, not opened.
    let theirs = stored("u9", "Their notes", "Ana: Hi.\nBen: Hello.");
    let state = state.reduce(elsewhere(LibraryChange::Stored(theirs.clone())));
    assert_eq!(
        state.entries.last().map(|e| e.name.as_str()),
        Some("Their notes")
    );
    assert_eq!(state.view.transcript, open);

    // Renamed with speaker edits there: same entry, new name and names.
    let state = state.reduce(Action::Open(Open::One("u9".into())));
    let state = state.reduce(Action::SetSpeakers(vec!["Ana".into(), "Ben".into()]));
    let mut edits = SpeakerEdits::default();
    edits.rename(1, "Ben Okafor");
    let renamed = StoredEntry {
        name: "Notes".into(),
        edits: edits.clone(),
        ..theirs.clone()
    };
    let state = state.reduce(elsewhere(LibraryChange::Stored(renamed)));
    let entry = state.current().unwrap();
    assert_eq!(entry.name, "Notes");
    assert_eq!(entry.edits, edits);
    assert_eq!(entry.transcript.speakers[1].name, "Ben Okafor");
    assert_eq!(
        state.view.speakers,
        ["Ana"],
        "a filter on a renamed speaker is dropped"
    );

    // A bundled transcript's edits made there.
    let bundled = BUNDLED[0].id;
    let state = state.reduce(elsewhere(LibraryChange::Stored(StoredEntry {
        edits: edits.clone(),
        ..stored(bundled, "Dev Day", "")
    })));
    let entry = state.entries.iter().find(|e| e.id == bundled).unwrap();
    assert_eq!((entry.name.as_str(), &entry.edits), ("Dev Day", &edits));
    assert!(entry.is_bundled());

    // Removed there: gone here, and the default transcript opens.
    let state = state.reduce(elsewhere(LibraryChange::Removed("u9".into())));
    assert!(state.entries.iter().all(|e| e.id != "u9"));
    assert_eq!(state.view.transcript, open);
    // A bundled one is never removed.
    let state = state.reduce(elsewhere(LibraryChange::Removed(bundled.into())));
    assert!(state.entries.iter().any(|e| e.id == bundled));

    // Something stored there that cannot be read here says so.
    let state = state.reduce(elsewhere(LibraryChange::Stored(stored(
        "u8", "Empty", "  ",
    ))));
    assert!(state
        .error
        .as_deref()
        .is_some_and(|e| e.contains("“Empty” was added in another tab")));
    assert!(state.entries.iter().all(|e| e.id != "u8"));
}

#[test]
fn an_imported_library_joins_without_changing_what_is_open() {
    let state = Rc::new(AppState::new(Vec::new(), None));
    let open = state.view.transcript.clone();
    let entry = Entry::restore(&stored("u5", "Imported", "Ana: One.\nBen: Two.")).unwrap();
    let mut edits = SpeakerEdits::default();
    edits.merge(1, 0);
    let restored = StoredEntry {
        edits: edits.clone(),
        ..stored(BUNDLED[2].id, "Renamed bundled", "")
    };
    let state = state.reduce(Action::Imported {
        added: vec![entry],
        restored: vec![restored],
        error: None,
        summary: "2 transcripts imported".into(),
    });
    assert_eq!(state.view.transcript, open);
    assert!(state
        .entries
        .iter()
        .any(|e| e.id == "u5" && e.name == "Imported"));
    let bundled = state
        .entries
        .iter()
        .find(|e| e.id == BUNDLED[2].id)
        .unwrap();
    assert_eq!(
        (bundled.name.as_str(), &bundled.edits),
        ("Renamed bundled", &edits)
    );
    let ids: Vec<String> = state.library().into_iter().map(|e| e.id).collect();
    assert_eq!(ids, [BUNDLED[2].id.to_string(), "u5".to_string()]);
}

fn pasted(id: &str, text: &str) -> Entry {
    Entry::parse(id.into(), None, text, "Pasted").unwrap()
}

#[test]
fn the_library_writes_what_it_keeps_and_only_when_it_changes() {
    let state = Rc::new(AppState::default());
    assert_eq!(state.writes(), []);
    let state = persisted(added(state, pasted("u1", "Ana: Hi.\nBen: Hello.")));
    assert_eq!(state.writes(), [], "written once");
    let state = state.reduce(Action::Rename {
        id: "u1".into(),
        name: "Call".into(),
    });
    assert_eq!(state.writes(), [Write::Save("u1".into())]);
    let state = persisted(state);
    let state = state.reduce(Action::SetQuery("hello".into()));
    assert_eq!(state.writes(), [], "the view is not the library");
    let mut edits = SpeakerEdits::default();
    edits.rename(0, "Ana Ruiz");
    let state = state.reduce(Action::EditSpeakers(edits));
    assert_eq!(state.writes(), [Write::Save("u1".into())]);
    let state = persisted(state).reduce(Action::Remove("u1".into()));
    assert_eq!(state.writes(), [Write::Remove("u1".into())]);
    assert_eq!(persisted(state).writes(), []);
}

#[test]
fn edits_from_a_link_and_transcripts_not_kept_are_never_written() {
    let state = Rc::new(AppState::default());
    // A link's speaker names on a bundled transcript stay in memory.
    let state = follow(state, "v1&t=devday-2024&rn=0.Harry");
    assert_eq!(
        state.current().unwrap().transcript.speakers[0].name,
        "Harry"
    );
    assert_eq!(state.writes(), []);
    // The reader's own edit is kept, built on what is shown...
    let mut edits = state.current().unwrap().edits.clone();
    edits.rename(0, "Harry Stebbings");
    let state = state.reduce(Action::EditSpeakers(edits.clone()));
    assert_eq!(state.writes(), [Write::Save("devday-2024".into())]);
    assert_eq!(state.library()[0].edits, edits);
    let state = persisted(state);
    // ...and a later link's edits do not replace it in the library.
    let state = follow(state, "v1&t=devday-2024&rn=0.Someone");
    assert_eq!(state.writes(), []);
    assert_eq!(state.library()[0].edits, edits);

    // A transcript that came with a link: written when kept, with the
    // sender's names.
    let payload = transcript_core::share::encode_transcript(
        &transcript_core::parse("Cy: From a link.\nDee: Yes.").unwrap(),
    );
    let state = follow(state, &format!("v1&rn=1.Deirdre&d={payload}"));
    let id = state.current().unwrap().id.clone();
    assert!(state.current().unwrap().is_pending());
    assert_eq!(state.writes(), []);
    let state = state.reduce(Action::Keep(id.clone()));
    assert_eq!(state.writes(), [Write::Save(id.clone())]);
    let kept = state.library().into_iter().find(|e| e.id == id).unwrap();
    assert_eq!(kept.link.as_deref(), Some(payload.as_str()));
    assert_eq!(kept.edits.renames.len(), 1, "{:?}", kept.edits);
}

#[test]
fn what_came_from_storage_is_not_written_back() {
    let mut edits = SpeakerEdits::default();
    edits.rename(0, "Host");
    let bundled = StoredEntry {
        edits: edits.clone(),
        ..stored("devday-2024", "Dev Day", "")
    };
    let mine = stored("u1", "Mine", "Ana: Hi.\nBen: Hello.");
    let state = AppState::opening(
        (vec![bundled, mine.clone()], None),
        "https://example.org/".into(),
        Some("v1&t=u1&q=hello".into()),
    );
    // The bundled transcript's changes apply at once; the stored one is
    // read again by the worker, and the URL that names it waits.
    let devday = state.entry("devday-2024").unwrap();
    assert_eq!((devday.name.as_str(), &devday.edits), ("Dev Day", &edits));
    assert!(state.loading());
    assert_eq!(state.view.transcript, "devday-2024");
    assert_eq!(state.writes(), []);
    let state = Rc::new(state).reduce(Action::Restored {
        entries: vec![Entry::restore(&mine).unwrap()],
        error: None,
    });
    assert!(!state.loading());
    assert_eq!(
        (state.view.transcript.as_str(), state.view.query.as_str()),
        ("u1", "hello")
    );
    assert_eq!(state.writes(), [], "read from storage, not written back");

    // Another tab's rename is followed, not written back either.
    let state = state.reduce(elsewhere(LibraryChange::Stored(StoredEntry {
        name: "Theirs".into(),
        ..mine
    })));
    assert_eq!(state.entry("u1").unwrap().name, "Theirs");
    assert_eq!(state.writes(), []);
    let state = state.reduce(elsewhere(LibraryChange::Removed("u1".into())));
    assert!(state.entry("u1").is_none());
    assert_eq!(state.writes(), []);
}

#[test]
fn a_fragment_is_decided_against_the_state_it_meets() {
    let text = "Ana: Hello there.\nBen: Hi Ana.";
    let payload = transcript_core::share::encode_transcript(&transcript_core::parse(text).unwrap());
    let view = ViewState {
        transcript: transcript_core::share::payload_id(&payload),
        query: "hi".into(),
        ..ViewState::default()
    };
    let fragment =
        transcript_core::share::link_fragment(&view, &SpeakerEdits::default(), Some(&payload));
    let state = Rc::new(AppState::default()).reduce(Action::FollowFragment(fragment.clone()));
    // The transcript it carries is not here: it is unpacked first.
    let job = state.link.clone().unwrap();
    assert!(state.loading());
    assert_eq!(state.view.transcript, "devday-2024", "nothing shown yet");
    let state = state.reduce(Action::LinkOpened {
        payload: job.payload,
        result: Entry::parse_link(&payload),
    });
    assert!(!state.loading());
    assert!(state.current().unwrap().is_pending());
    assert_eq!(state.view.query, "hi");
    // Back to a plain view and forward again: now it is here.
    let state = state.reduce(Action::FollowFragment("v1&t=all".into()));
    assert_eq!(state.open(), Open::All);
    let state = state.reduce(Action::FollowFragment(fragment));
    assert_eq!(state.link, None);
    assert!(state.current().unwrap().is_pending());
    // A fragment that cannot be read says so and changes nothing else.
    let before = state.view.clone();
    let state = state.reduce(Action::FollowFragment("v9&zz".into()));
    assert!(state
        .error
        .as_deref()
        .unwrap()
        .starts_with("This link could not be opened"));
    assert_eq!(state.view, before);
}

#[test]
fn imports_run_in_order_and_cancel_drops_their_answers() {
    let state = Rc::new(AppState::default());
    let state = state.reduce(Action::Import {
        name: String::new(),
        source: Source::Paste("Ana: One.".into()),
    });
    let state = state.reduce(Action::Import {
        name: "b.vtt".into(),
        source: Source::File(b"WEBVTT\n".to_vec()),
    });
    assert_eq!(state.imports.len(), 2);
    assert_eq!(state.imports[0].fallback, "Pasted transcript 1");
    assert_eq!(state.imports[1].shown(), "b.vtt");
    // The first one's source is handed over once.
    assert!(matches!(state.imports[0].source.take(), Some(Source::Paste(t)) if t == "Ana: One."));
    assert!(state.imports[0].source.take().is_none());
    let (first, second) = (state.imports[0].serial, state.imports[1].serial);
    let progress = Progress {
        name: "Pasted transcript 1".into(),
        step: 2,
        label: "indexing it for search",
    };
    let state = state.reduce(Action::ImportStep {
        serial: first,
        progress: progress.clone(),
    });
    assert_eq!(state.importing(), Some(&progress));
    let state = state.reduce(Action::ImportDone {
        serial: first,
        result: Some(Ok(pasted("u1", "Ana: One."))),
    });
    assert_eq!(state.view.transcript, "u1");
    assert_eq!(state.imports.len(), 1);
    let state = state.reduce(Action::CancelImports);
    assert_eq!(
        state.error.as_deref(),
        Some("Opening “b.vtt” was cancelled: nothing was added.")
    );
    let state = state.reduce(Action::ImportDone {
        serial: second,
        result: Some(Ok(pasted("u2", "Bo: Late."))),
    });
    assert!(
        state.entry("u2").is_none(),
        "a cancelled import's answer is dropped"
    );
}

#[test]
fn reading_again_keeps_the_place_name_and_speaker_edits_that_still_apply() {
    let text = "Ana: Hi.\nBen: Hello.\nAna: Bye.";
    let state = added(Rc::new(AppState::default()), pasted("u1", text));
    let mut edits = SpeakerEdits::default();
    edits.rename(1, "Benjamin");
    let state = state.reduce(Action::EditSpeakers(edits.clone()));
    let state = persisted(state).reduce(Action::ReadAs("plain".into()));
    let job = state.imports[0].clone();
    assert_eq!(
        (job.reread.as_deref(), job.read_as.as_deref()),
        (Some("u1"), Some("plain"))
    );
    let again = pasted("u1", text).with_read_as(Some("script".into()));
    let state = state.reduce(Action::ImportDone {
        serial: job.serial,
        result: Some(Ok(again)),
    });
    let entry = state.current().unwrap();
    assert_eq!(entry.name, "Pasted");
    assert_eq!(entry.saved_edits, edits);
    assert_eq!(entry.transcript.speakers[1].name, "Benjamin");
    assert_eq!(
        state.writes(),
        [Write::Save("u1".into())],
        "the new reading is kept"
    );
    assert_eq!(
        state.library().last().unwrap().read_as.as_deref(),
        Some("script")
    );
}

#[test]
fn a_link_to_an_added_transcript_waits_for_its_payload_and_a_turn_link_is_copied() {
    let state = added(
        Rc::new(AppState::default()),
        pasted("u1", "Ana: Hi.\nBen: Hello."),
    );
    assert_eq!(state.payload_wanted(), None);
    let state = state.reduce(Action::SetShareOpen(true));
    let of = state.payload_wanted().cloned().unwrap();
    assert_eq!(state.link_out(None), LinkOut::Making);
    let state = state.reduce(Action::CopyWhenMade(1));
    assert_eq!(state.notice, "Making the link…");
    let made = transcript_core::share::encode_transcript(&of.0);
    let state = state.reduce(Action::PayloadMade {
        of,
        result: Ok(made.clone().into()),
    });
    assert_eq!(state.payload_wanted(), None);
    let LinkOut::Ready(link) = state.link_out(None) else {
        panic!("no link");
    };
    assert!(link.ends_with(&format!("&d={made}")), "{link}");
    let copied = state.to_copy.clone().unwrap();
    assert!(copied.contains("turn=1"), "{copied}");
    let state = state.reduce(Action::Copied("Link copied.".into()));
    assert_eq!(
        (state.to_copy.as_deref(), state.notice.as_str()),
        (None, "Link copied.")
    );
    // A bundled transcript needs no payload.
    let state = state.reduce(Action::Open(Open::One("devday-2024".into())));
    assert_eq!(state.payload_wanted(), None);
    assert!(matches!(state.link_out(Some(3)), LinkOut::Ready(l) if l.contains("t=devday-2024")));
}

#[test]
fn the_current_match_steps_and_starts_afresh_with_new_results() {
    let state = Rc::new(AppState::default()).reduce(Action::SetQuery("the".into()));
    let state = state.reduce(Action::StepMatch {
        forward: true,
        count: 5,
    });
    assert_eq!(state.active_match, Some(0));
    let state = state.reduce(Action::StepMatch {
        forward: false,
        count: 5,
    });
    assert_eq!(state.active_match, Some(4));
    let state = state.reduce(Action::SetShareOpen(true));
    assert_eq!(state.active_match, Some(4), "the rows did not change");
    let state = state.reduce(Action::SetQuery("them".into()));
    assert_eq!(state.active_match, None);
}

#[test]
fn repeats_across_transcripts_are_asked_for_when_all_are_shown() {
    let state = Rc::new(AppState::default());
    assert_eq!(state.across_wanted(), None);
    let state = state.reduce(Action::Open(Open::All));
    let of = state.across_wanted().unwrap();
    assert_eq!(of.len(), 4);
    let list: Vec<&Transcript> = of.iter().map(|t| t.0.as_ref()).collect();
    let duplicates = ByPtr(Rc::new(transcript_core::dedup::find_across(&list)));
    let state = state.reduce(Action::AcrossFound(Across {
        of,
        duplicates: duplicates.clone(),
    }));
    assert_eq!(state.across_wanted(), None);
    assert_eq!(state.across_found(), Some(&duplicates));
    // A speaker edit changes what is shown: asked for again.
    let state = state.reduce(Action::Open(Open::One("devday-2024".into())));
    let mut edits = SpeakerEdits::default();
    edits.rename(0, "Host");
    let state = state
        .reduce(Action::EditSpeakers(edits))
        .reduce(Action::Open(Open::All));
    assert_eq!(state.across_found(), None);
    assert!(state.across_wanted().is_some());
}

#[test]
fn nothing_is_written_until_the_library_is_read_and_a_fragment_waits_for_it() {
    let state = Rc::new(AppState::starting(
        "https://example.org/".into(),
        Some("v1&t=u1&q=hello".into()),
    ));
    assert!(!state.library_read());
    assert!(state.loading());
    // A paste made while storage is being read is not written yet…
    let added = Entry::parse("u2".into(), None, "Ana: Early.", "Pasted transcript 1").unwrap();
    let state = state.reduce(Action::ImportDone {
        serial: 0,
        result: None,
    });
    let mut early = (*state).clone();
    early.entries.push(added);
    let state = Rc::new(early);
    assert_eq!(state.writes(), []);
    // …and is once it has been read, while what storage gave is not.
    let mine = stored("u1", "Mine", "Ana: Hi.\nBen: Hello.");
    let state = state.reduce(Action::Loaded {
        stored: vec![mine.clone()],
        error: None,
    });
    assert!(state.library_read());
    assert_eq!(state.writes(), [Write::Save("u2".into())]);
    assert_eq!(state.view.transcript, "devday-2024", "the fragment waits");
    let state = state.reduce(Action::Restored {
        entries: vec![Entry::restore(&mine).unwrap()],
        error: None,
    });
    assert_eq!(state.view.transcript, "u1");
    assert_eq!(state.writes(), [Write::Save("u2".into())]);
    // Loaded is taken once.
    let again = state.reduce(Action::Loaded {
        stored: vec![],
        error: Some("late".into()),
    });
    assert_eq!(again.error, None);
}

#[test]
fn an_empty_library_follows_the_fragment_at_once_and_says_why_nothing_is_kept() {
    let state = Rc::new(AppState::starting(
        "https://example.org/".into(),
        Some("v1&t=gone".into()),
    ));
    let state = state.reduce(Action::Loaded {
        stored: vec![],
        error: Some("This browser does not let the page store data".into()),
    });
    assert!(!state.loading());
    assert!(state.error.is_some());
    let state =
        Rc::new(AppState::starting("https://example.org/".into(), None)).reduce(Action::Loaded {
            stored: vec![],
            error: Some("This browser does not let the page store data".into()),
        });
    assert!(state.error.as_deref().unwrap().contains("store data"));
}

#[test]
fn the_usage_line_says_how_much_and_whether_it_is_persistent() {
    let usage = Usage {
        used: 184e6,
        quota: 2.1e9,
        persistent: true,
    };
    assert_eq!(
        usage.line(),
        "Kept in this browser: 184 MB of 2.1 GB, persistent."
    );
    let usage = Usage {
        used: 2500.0,
        quota: 300e6,
        persistent: false,
    };
    assert_eq!(
        usage.line(),
        "Kept in this browser: 2.5 KB of 300 MB, the browser may clear it when disk space runs low."
    );
}

#[test]
fn persistent_storage_is_asked_once_a_page_and_nothing_is_written_for_it() {
    let state = Rc::new(AppState::default());
    assert!(!state.persist_asked);
    let state = state.reduce(Action::AskedPersist);
    assert!(state.persist_asked);
    assert!(state.writes().is_empty());
}
