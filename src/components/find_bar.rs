//! The search box and its controls: match count, previous/next, and the
//! option to show a turn of context around each match. Enter and
//! Shift+Enter step through matches and Escape clears (the core's
//! `find_key` decides which key does what).

use transcript_core::search::SearchMode;
use transcript_core::view::{find_key, FindAction, KeyFocus};
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FindBarProps {
    pub query: String,
    pub match_count: usize,
    /// The current match, 0-based.
    pub active: Option<usize>,
    pub mode: Option<SearchMode>,
    pub context: bool,
    pub input: NodeRef,
    pub on_query: Callback<String>,
    /// `true` steps forward, `false` back.
    pub on_step: Callback<bool>,
    pub on_context: Callback<bool>,
}

#[function_component(FindBar)]
pub fn find_bar(props: &FindBarProps) -> Html {
    let oninput = {
        let on_query = props.on_query.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_query.emit(input.value());
        })
    };
    let onkeydown = {
        let on_query = props.on_query.clone();
        let on_step = props.on_step.clone();
        Callback::from(move |e: KeyboardEvent| {
            match find_key(&e.key(), e.shift_key(), KeyFocus::SearchBox) {
                Some(FindAction::Next) => on_step.emit(true),
                Some(FindAction::Previous) => on_step.emit(false),
                Some(FindAction::Clear) => on_query.emit(String::new()),
                _ => return,
            }
            e.prevent_default();
        })
    };
    let searching = !props.query.trim().is_empty();
    let status = if !searching {
        String::new()
    } else if props.match_count == 0 {
        "No matches".to_string()
    } else {
        let n = props
            .active
            .map_or(String::new(), |a| format!("{} of ", a + 1));
        let all_words = if props.mode == Some(SearchMode::AllWords) {
            " (all words, not the phrase)"
        } else {
            ""
        };
        let plural = if props.match_count == 1 {
            "match"
        } else {
            "matches"
        };
        format!("{n}{} {plural}{all_words}", props.match_count)
    };
    let step = |forward: bool| {
        let on_step = props.on_step.clone();
        Callback::from(move |_| on_step.emit(forward))
    };
    let on_context = {
        let on_context = props.on_context.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_context.emit(input.checked());
        })
    };
    let none = props.match_count == 0;
    html! {
        <div class="find-bar" role="search">
            <label for="search" class="visually-hidden">{ "Search" }</label>
            <input
                id="search"
                type="search"
                ref={props.input.clone()}
                placeholder="Search turns  ( / )"
                value={props.query.clone()}
                {oninput}
                {onkeydown}
                autocomplete="off"
                spellcheck="false"
            />
            <span class="match-count" role="status" aria-live="polite">{ status }</span>
            <button type="button" class="small" onclick={step(false)} disabled={none} aria-label="Previous match">{ "↑ Previous" }</button>
            <button type="button" class="small" onclick={step(true)} disabled={none} aria-label="Next match">{ "↓ Next" }</button>
            <label class="check">
                <input type="checkbox" checked={props.context} onchange={on_context} />
                { "Show a turn of context" }
            </label>
        </div>
    }
}
