//! Browser tests: the app mounted in a real headless Chromium by
//! wasm-bindgen-test (`./x test` runs them with chromedriver).
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use transcript_explorer::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app in a fresh element and lets Yew render.
async fn mount() -> Element {
    let window = web_sys::window().unwrap();
    // Every test starts with an empty library.
    window.local_storage().unwrap().unwrap().clear().unwrap();
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

#[wasm_bindgen_test]
async fn a_pasted_script_is_shown_as_turns_and_markup_stays_text() {
    let root = mount().await;
    let area: HtmlTextAreaElement = find(&root, "textarea#paste");
    let label = texts(&root, "label[for='paste']");
    assert_eq!(label, ["Paste a transcript"]);
    area.set_value("Ana: Hello <b>there</b>.\nBen: Hi <img src=x onerror=alert(1)>\nAna: Bye.");
    let explore: HtmlElement = find(&root, ".paste-box button");
    assert_eq!(explore.text_content().unwrap(), "Explore");
    explore.click();
    until(|| texts(&root, ".library-item").len() == 6).await;
    settle().await;

    let list: Element = find(&root, "ol[aria-label='Turns']");
    assert_eq!(texts(&list, "li .speaker"), ["Ana", "Ben", "Ana"]);
    assert_eq!(texts(&list, "li .text")[0], "Hello <b>there</b>.");
    assert!(
        list.query_selector("b, img").unwrap().is_none(),
        "pasted markup must not become elements"
    );
    assert_eq!(texts(&root, ".library-item").len(), 6);
    // It is stored, so a reload keeps it.
    let stored = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let index = stored
        .get_item("transcript-explorer/index")
        .unwrap()
        .unwrap();
    assert!(index.starts_with("[\"u"), "{index}");
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
