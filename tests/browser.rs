//! Browser tests: the app mounted in a real headless Chromium by
//! wasm-bindgen-test (`./x test` runs them with chromedriver).
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use transcript_explorer::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Loads `assets/library.js` (the library's IndexedDB calls, a script
/// beside the app that index.html loads) into the test page, once.
fn library_script() {
    let document = web_sys::window().unwrap().document().unwrap();
    if document.get_element_by_id("library-js").is_some() {
        return;
    }
    let script = document.create_element("script").unwrap();
    script.set_id("library-js");
    script.set_text_content(Some(include_str!("../assets/library.js")));
    document.head().unwrap().append_child(&script).unwrap();
}

/// Mounts the app in a fresh element and lets Yew render.
async fn mount() -> Element {
    library_script();
    let window = web_sys::window().unwrap();
    // Every test starts with an empty library.
    window.local_storage().unwrap().unwrap().clear().unwrap();
    for stored in transcript_explorer::storage::load().await.0 {
        transcript_explorer::storage::remove(&stored.id)
            .await
            .unwrap();
    }
    // No fragment an earlier test's app wrote (it would be followed).
    let _ = window.history().unwrap().replace_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some(&window.location().pathname().unwrap()),
    );
    let document = window.document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    root
}

async fn settle() {
    TimeoutFuture::new(30).await;
}

/// Waits (up to 3 s) until `done` holds: adding a transcript runs in steps
/// that give the browser a turn between them.
async fn until(done: impl Fn() -> bool) {
    for _ in 0..100 {
        if done() {
            return;
        }
        settle().await;
    }
}

/// The first element matching `selector`, as the type the test needs.
fn find<T: JsCast>(root: &Element, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .dyn_into()
        .unwrap_or_else(|_| panic!("{selector} is not the expected element"))
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn opens_on_the_bundled_transcripts_with_the_first_one_shown_as_turns() {
    let root = mount().await;
    let library = texts(&root, ".library-item");
    assert_eq!(library.len(), 5, "{library:?}");
    assert_eq!(library[4], "All transcripts");
    let current = texts(&root, ".library-item[aria-current='true']");
    assert_eq!(current, [library[0].clone()]);

    let list: Element = find(&root, "ol[aria-label='Turns']");
    // The window grows to fill the viewport once rows are measured, which
    // may take a few frames on a busy machine.
    let mut speakers = texts(&list, "li .speaker");
    for _ in 0..100 {
        if speakers.len() > 20 {
            break;
        }
        settle().await;
        speakers = texts(&list, "li .speaker");
    }
    assert!(speakers.len() > 20, "{}", speakers.len());
    assert_eq!(speakers[0], "Unknown");
    assert_eq!(speakers[1], "Sam Altman");
    assert!(texts(&list, "li .text")[0].starts_with("Hello everyone. Welcome to OpenAI Dev Day."));
}

#[wasm_bindgen_test]
async fn choosing_another_transcript_opens_it() {
    let root = mount().await;
    let second: HtmlElement = root
        .query_selector_all(".library-item")
        .unwrap()
        .item(1)
        .unwrap()
        .dyn_into()
        .unwrap();
    let name = second.text_content().unwrap();
    second.click();
    settle().await;
    assert_eq!(texts(&root, ".transcript-header h2"), [name]);
    assert_eq!(
        second.get_attribute("aria-current").as_deref(),
        Some("true")
    );
}

/// The test page has no worker script beside it, like a browser that will
/// not start workers: a paste is not parsed on the page instead, and the
/// reader is told why, with the library as it was. (Pastes that open are
/// tested end to end against the built app: tests/e2e.)
#[wasm_bindgen_test]
async fn where_no_worker_can_run_a_paste_says_so_and_changes_nothing() {
    let root = mount().await;
    let before = texts(&root, ".transcript-header h2");
    let area: HtmlTextAreaElement = find(&root, "textarea#paste");
    let label = texts(&root, "label[for='paste']");
    assert_eq!(label, ["Paste a transcript"]);
    area.set_value("Ana: Hello <b>there</b>.\nBen: Hi.\nAna: Bye.");
    let explore: HtmlElement = find(&root, ".paste-box button");
    assert_eq!(explore.text_content().unwrap(), "Explore");
    explore.click();
    let told = || {
        texts(&root, "[role='alert']")
            .iter()
            .any(|a| a.contains("needs a Web Worker"))
    };
    until(told).await;
    assert!(told(), "{:?}", texts(&root, "[role='alert']"));
    assert_eq!(
        texts(&root, ".library-item").len(),
        5,
        "four bundled and All"
    );
    assert_eq!(texts(&root, ".transcript-header h2"), before);
}

#[wasm_bindgen_test]
async fn an_empty_paste_shows_a_message_and_keeps_the_open_transcript() {
    let root = mount().await;
    let before = texts(&root, ".transcript-header h2");
    let explore: HtmlElement = find(&root, ".paste-box button");
    explore.click();
    until(|| !texts(&root, "[role='alert']").is_empty()).await;
    let alert = texts(&root, "[role='alert']");
    assert_eq!(alert.len(), 1);
    assert!(alert[0].contains("empty"), "{alert:?}");
    assert_eq!(texts(&root, ".transcript-header h2"), before);
}

/// The page writes stored entries with the browser's JSON and the worker
/// and library files read them with serde: each must read what the other
/// writes, and a storage event for another key or a damaged value is not
/// a change to follow.
#[wasm_bindgen_test]
fn stored_entries_read_and_write_as_serde_does() {
    use transcript_core::library::StoredEntry;
    use transcript_explorer::stored;

    let mut entry = StoredEntry {
        id: "u1".into(),
        name: "Team sync \u{202e}\"quoted\"".into(),
        text: "Ana: Hi.\nBen: Ça va?".into(),
        edits: Default::default(),
        link: None,
        read_as: None,
    };
    entry.edits.renames.insert(0, "Ana Lima".into());
    entry.edits.merges.insert(2, 1);
    let ours = stored::to_json(&entry);
    assert_eq!(serde_json::from_str::<StoredEntry>(&ours).unwrap(), entry);
    let theirs = serde_json::to_string(&entry).unwrap();
    assert_eq!(stored::from_json(&theirs), Some(entry.clone()));
    let with_link = StoredEntry {
        text: String::new(),
        link: Some("1eJzLSM3JyQcABiwCFQ".into()),
        ..entry.clone()
    };
    let ours = stored::to_json(&with_link);
    assert_eq!(
        serde_json::from_str::<StoredEntry>(&ours).unwrap(),
        with_link
    );
    // Missing edits and link are the defaults, as with serde.
    assert_eq!(
        stored::from_json(r#"{"id":"u2","name":"N","text":"T"}"#),
        Some(StoredEntry {
            id: "u2".into(),
            name: "N".into(),
            text: "T".into(),
            edits: Default::default(),
            link: None,
            read_as: None,
        })
    );
    for bad in [
        "not json",
        "[]",
        r#"{"id":1,"name":"N","text":"T"}"#,
        r#"{"id":"u","name":"N"}"#,
        r#"{"id":"u","name":"N","text":"T","edits":{"renames":{"x":"A"}}}"#,
        r#"{"id":"u","name":"N","text":"T","edits":{"merges":{"1":-2}}}"#,
        r#"{"id":"u","name":"N","text":"T","link":5}"#,
    ] {
        assert_eq!(stored::from_json(bad), None, "{bad}");
    }
}

/// A stored entry named `name`, with an id no other test uses.
fn entry(id: &str, name: &str, text: &str) -> transcript_core::library::StoredEntry {
    let mut entry = transcript_core::library::StoredEntry {
        id: id.into(),
        name: name.into(),
        text: text.into(),
        edits: Default::default(),
        link: None,
        read_as: None,
    };
    entry.edits.renames.insert(1, "Ben Okafor".into());
    entry
}

#[wasm_bindgen_test]
async fn the_library_is_kept_in_indexeddb_and_read_back_in_order() {
    use transcript_explorer::storage;

    library_script();
    let (_, _) = storage::load().await;
    let a = entry("t-idb-a", "First “one”", "Ana: Hi.\nBen: Ça va? 🎙️");
    let b = entry("t-idb-b", "Second", "Ana: Two.");
    storage::save(&a).await.unwrap();
    storage::save(&b).await.unwrap();
    // Saved again (renamed): it keeps its place.
    let a2 = transcript_core::library::StoredEntry {
        name: "First, renamed".into(),
        ..a.clone()
    };
    storage::save(&a2).await.unwrap();
    let ours = |all: Vec<transcript_core::library::StoredEntry>| -> Vec<_> {
        all.into_iter()
            .filter(|e| e.id.starts_with("t-idb-"))
            .collect()
    };
    let (all, error) = storage::load().await;
    assert_eq!(error, None);
    assert_eq!(ours(all), [a2.clone(), b.clone()]);
    storage::remove(&a2.id).await.unwrap();
    storage::remove(&b.id).await.unwrap();
    assert_eq!(ours(storage::load().await.0), []);
}

#[wasm_bindgen_test]
async fn a_library_kept_in_local_storage_moves_over_losslessly() {
    use transcript_explorer::{storage, stored};

    library_script();
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let old = [
        entry("t-old-a", "Old “a”", "Ana: Old.\nBen: Days."),
        transcript_core::library::StoredEntry {
            read_as: Some("plain-text".into()),
            ..entry("t-old-b", "Old b", "Notes.")
        },
    ];
    local
        .set_item(
            "transcript-explorer/index",
            r#"["t-old-a","t-old-b","t-old-bad"]"#,
        )
        .unwrap();
    for e in &old {
        local
            .set_item(
                &format!("transcript-explorer/t/{}", e.id),
                &stored::to_json(e),
            )
            .unwrap();
    }
    local
        .set_item("transcript-explorer/t/t-old-bad", "{broken")
        .unwrap();
    let (all, error) = storage::load().await;
    let moved: Vec<_> = all
        .into_iter()
        .filter(|e| e.id.starts_with("t-old-"))
        .collect();
    assert_eq!(moved, old);
    assert!(error
        .unwrap()
        .contains("1 transcript(s) kept by an earlier version could not be read"));
    assert_eq!(
        local
            .get_item("transcript-explorer/index")
            .unwrap()
            .as_deref(),
        Some(r#"["t-old-bad"]"#)
    );
    assert_eq!(
        local.get_item("transcript-explorer/t/t-old-a").unwrap(),
        None
    );
    local.clear().unwrap();
    for e in &old {
        storage::remove(&e.id).await.unwrap();
    }
}
