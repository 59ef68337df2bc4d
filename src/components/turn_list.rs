//! The turns, windowed: only the rows near the viewport are in the DOM, so a
//! 100,000-turn transcript renders as fast as a short one.
//!
//! Row heights vary with the text, so the list keeps an estimate for every
//! row (from its length and the viewport width), replaces it with the real
//! height once a row has been on screen, and places the rendered window with
//! padding above and below it. The `<ol>` keeps `aria-setsize` and
//! `aria-posinset` on its items so assistive technology knows the full size.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use transcript_core::dedup::Duplicates;
use transcript_core::topics::Topics;
use transcript_core::{Transcript, TurnKind};

use crate::by_ptr::ByPtr;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// Rows rendered beyond the viewport on each side.
const OVERSCAN: usize = 8;
/// Never more rows than this in the DOM, whatever the viewport.
const MAX_ROWS: usize = 100;
/// Pixel sizes the estimate is made of (see styles/app.css).
const ROW_CHROME_PX: f64 = 62.0;
const LINE_PX: f64 = 24.0;
const CHAR_PX: f64 = 8.4;

/// One row of the list: a turn of a transcript.
#[derive(Clone, PartialEq)]
pub struct Row {
    pub transcript: ByPtr<Transcript>,
    pub turn: usize,
    /// The transcript's name, shown when turns of several are listed.
    pub source: Option<ByPtr<str>>,
    /// A section heading to show above this turn.
    pub section: Option<ByPtr<str>>,
    /// Byte ranges of the turn's text to highlight.
    pub marks: ByPtr<[Range<usize>]>,
    /// A turn shown as context around a match.
    pub context: bool,
    /// The transcript's topic tags, for the turn's own tags.
    pub topics: ByPtr<Topics>,
    /// Repeated passages, and this transcript's index in them.
    pub duplicates: ByPtr<Duplicates>,
    pub dup_index: usize,
}

/// What stands in for a collapsed stretch of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// A passage repeated from an earlier turn (0-based), in this transcript or not.
    Repeat {
        of_turn: usize,
        same_transcript: bool,
    },
    /// Further repetitions of a phrase said `count` times in all.
    Loop { count: usize },
}

/// A piece of a turn's text as rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    /// A search match and its index among the turn's matches.
    Match(&'a str, usize),
    Collapsed(Placeholder),
}

/// Lays out `text` with search matches highlighted and the `hidden` ranges
/// replaced by placeholders. Ranges that are not on char boundaries, overlap
/// an earlier one or fall outside the text are ignored; a match inside a
/// hidden range is not shown but keeps its number.
pub fn layout<'a>(
    text: &'a str,
    matches: &[Range<usize>],
    hidden: &[(Range<usize>, Placeholder)],
) -> Vec<Piece<'a>> {
    let mut hidden: Vec<&(Range<usize>, Placeholder)> = hidden
        .iter()
        .filter(|(r, _)| r.start < r.end && text.get(r.clone()).is_some())
        .collect();
    hidden.sort_by_key(|(r, _)| r.start);
    let mut out = Vec::new();
    let mut at = 0;
    let shown = |from: usize, to: usize, out: &mut Vec<Piece<'a>>| {
        let mut pos = from;
        for (n, m) in matches.iter().enumerate() {
            if m.start < pos || m.end > to || m.start >= m.end {
                continue;
            }
            let (Some(before), Some(hit)) = (text.get(pos..m.start), text.get(m.start..m.end))
            else {
                continue;
            };
            if !before.is_empty() {
                out.push(Piece::Text(before));
            }
            out.push(Piece::Match(hit, n));
            pos = m.end;
        }
        if let Some(rest) = text.get(pos..to).filter(|r| !r.is_empty()) {
            out.push(Piece::Text(rest));
        }
    };
    for (range, placeholder) in hidden {
        if range.start < at {
            continue;
        }
        shown(at, range.start, &mut out);
        out.push(Piece::Collapsed(*placeholder));
        at = range.end;
    }
    shown(at, text.len(), &mut out);
    out
}

#[derive(Properties, PartialEq)]
pub struct TurnListProps {
    pub rows: ByPtr<Vec<Row>>,
    /// Scroll this row into view when it changes.
    #[prop_or_default]
    pub focus_row: Option<usize>,
    /// The current search match: its row and its index among the row's marks.
    #[prop_or_default]
    pub active_mark: Option<(usize, usize)>,
    /// Show repeated passages in full instead of collapsing them.
    #[prop_or_default]
    pub show_repeats: bool,
    /// Selecting a topic tag on a turn.
    #[prop_or_default]
    pub on_tag: Callback<String>,
    /// Topics the reader filters by: shown first among a turn's tags.
    #[prop_or_default]
    pub selected_tags: Vec<String>,
    /// The selected turn (a link to one turn selects it): highlighted.
    #[prop_or_default]
    pub selected_turn: Option<usize>,
    /// "Copy link to this turn", by turn index; `None` hides the action
    /// (in "All transcripts", where a turn number names no one transcript).
    #[prop_or_default]
    pub on_link: Option<Callback<usize>>,
}

/// What every row needs from the list's props.
struct RowContext<'a> {
    on_tag: &'a Callback<String>,
    selected_tags: &'a [String],
    selected_turn: Option<usize>,
    on_link: Option<&'a Callback<usize>>,
}

/// `h:mm:ss` or `m:ss`.
pub fn clock(seconds: f64) -> String {
    let total = seconds.max(0.0).floor() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Where each row starts, from measured heights or estimates.
fn offsets(rows: &[Row], measured: &HashMap<usize, f64>, width: f64) -> Vec<f64> {
    let chars_per_line = (width / CHAR_PX).max(20.0);
    let mut out = Vec::with_capacity(rows.len() + 1);
    let mut y = 0.0;
    for (i, row) in rows.iter().enumerate() {
        out.push(y);
        y += measured.get(&i).copied().unwrap_or_else(|| {
            let len = row
                .transcript
                .turns
                .get(row.turn)
                .map_or(0, |t| t.text.len()) as f64;
            let heading = if row.section.is_some() { 48.0 } else { 0.0 };
            ROW_CHROME_PX + heading + (len / chars_per_line).ceil().max(1.0) * LINE_PX
        });
    }
    out.push(y);
    out
}

#[function_component(TurnList)]
pub fn turn_list(props: &TurnListProps) -> Html {
    let viewport = use_node_ref();
    let scroll_top = use_state_eq(|| 0.0f64);
    let size = use_state_eq(|| (800.0f64, 800.0f64));
    let measured: Rc<RefCell<HashMap<usize, f64>>> = use_mut_ref(HashMap::new).clone();
    let generation = use_state(|| 0u32);
    // Rows whose repeated passages the reader expanded one by one.
    let expanded = use_state(std::collections::HashSet::<usize>::new);

    // New rows: forget measurements and start at the top.
    {
        let measured = measured.clone();
        let viewport = viewport.clone();
        let scroll_top = scroll_top.clone();
        let generation = generation.clone();
        use_effect_with(props.rows.clone(), move |_| {
            measured.borrow_mut().clear();
            generation.set(generation.wrapping_add(1));
            if let Some(el) = viewport.cast::<Element>() {
                el.set_scroll_top(0);
            }
            scroll_top.set(0.0);
        });
    }

    let rows = &props.rows;
    let (width, height) = *size;
    // Where every row starts: a pass over all rows, so only when the rows,
    // the width or a measurement change, not on every scroll.
    let offsets: Rc<Vec<f64>> = {
        let measured = measured.clone();
        use_memo(
            (rows.clone(), width.round() as i64, *generation),
            move |(rows, _, _)| offsets(rows, &measured.borrow(), width),
        )
    };
    let total = offsets.last().copied().unwrap_or(0.0);
    let first_visible = offsets
        .partition_point(|&y| y <= *scroll_top)
        .saturating_sub(1);
    let last_visible = offsets.partition_point(|&y| y < *scroll_top + height);
    let start = first_visible.saturating_sub(OVERSCAN);
    let end = (last_visible + OVERSCAN)
        .min(rows.len())
        .min(start + MAX_ROWS);
    let pad_top = offsets.get(start).copied().unwrap_or(0.0);
    let pad_bottom = total - offsets.get(end).copied().unwrap_or(total);

    // Place the window with padding set through the CSSOM: the page's
    // Content-Security-Policy (style-src 'self') refuses `style` attributes.
    let list = use_node_ref();
    {
        let list = list.clone();
        use_effect_with(
            (pad_top.round() as i64, pad_bottom.round() as i64),
            move |(top, bottom)| {
                if let Some(el) = list.cast::<HtmlElement>() {
                    let style = el.style();
                    let _ = style.set_property("padding-top", &format!("{top}px"));
                    let _ = style.set_property("padding-bottom", &format!("{bottom}px"));
                }
            },
        );
    }

    // After rendering, measure the rows on screen; re-render if estimates were off.
    {
        let viewport = viewport.clone();
        let measured = measured.clone();
        let generation = generation.clone();
        let size = size.clone();
        use_effect(move || {
            if let Some(el) = viewport.cast::<HtmlElement>() {
                size.set((el.client_width() as f64, el.client_height() as f64));
                let mut changed = false;
                if let Ok(items) = el.query_selector_all("li[data-row]") {
                    let mut measured = measured.borrow_mut();
                    for i in 0..items.length() {
                        let Some(item) =
                            items.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok())
                        else {
                            continue;
                        };
                        let Some(row) = item
                            .get_attribute("data-row")
                            .and_then(|r| r.parse::<usize>().ok())
                        else {
                            continue;
                        };
                        // Include the gap between rows (margin in CSS).
                        let h = item.offset_height() as f64 + 12.0;
                        let old = measured.insert(row, h);
                        if old.is_none_or(|o| (o - h).abs() > 1.0) {
                            changed = true;
                        }
                    }
                }
                if changed {
                    generation.set(generation.wrapping_add(1));
                }
            }
        });
    }

    // Jump to a row when asked.
    {
        let viewport = viewport.clone();
        let offsets = offsets.clone();
        let scroll_top = scroll_top.clone();
        use_effect_with(props.focus_row, move |row| {
            if let (Some(row), Some(el)) = (row, viewport.cast::<Element>()) {
                if let Some(&y) = offsets.get(*row) {
                    el.set_scroll_top(y as i32);
                    scroll_top.set(y);
                    // The list itself may be below the fold (a link to a
                    // turn opens at the top of the page): bring it in.
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    el.scroll_into_view_with_scroll_into_view_options(&options);
                }
            }
        });
    }

    let onscroll = {
        let scroll_top = scroll_top.clone();
        Callback::from(move |e: Event| {
            let el: Element = e.target_unchecked_into();
            scroll_top.set(el.scroll_top() as f64);
        })
    };

    let setsize = rows.len().to_string();
    let context = RowContext {
        on_tag: &props.on_tag,
        selected_tags: &props.selected_tags,
        selected_turn: props.selected_turn,
        on_link: props.on_link.as_ref(),
    };
    html! {
        <div class="turns-viewport" ref={viewport} {onscroll} tabindex="0" aria-label="Turns, scrollable">
            <ol
                class="turns"
                aria-label="Turns"
                ref={list.clone()}
            >
                { for (start..end).filter_map(|i| rows.get(i).map(|row| (i, row))).map(|(i, row)| {
                    let active = props.active_mark.filter(|(r, _)| *r == i).map(|(_, m)| m);
                    let show_repeats = props.show_repeats || expanded.contains(&i);
                    let expand = {
                        let expanded = expanded.clone();
                        Callback::from(move |_| {
                            let mut next = (*expanded).clone();
                            next.insert(i);
                            expanded.set(next);
                        })
                    };
                    render_row(i, row, &setsize, active, show_repeats, expand, &context)
                }) }
            </ol>
        </div>
    }
}

/// Tags shown on each turn, at most.
const TURN_TAGS: usize = 3;

fn render_row(
    index: usize,
    row: &Row,
    setsize: &str,
    active: Option<usize>,
    show_repeats: bool,
    expand: Callback<MouseEvent>,
    context: &RowContext,
) -> Html {
    let RowContext {
        on_tag,
        selected_tags,
        ..
    } = *context;
    let t = &row.transcript;
    let Some(turn) = t.turns.get(row.turn) else {
        return html! {};
    };
    let speaker = t.speaker_name(turn);
    let hidden: Vec<(Range<usize>, Placeholder)> = if show_repeats {
        Vec::new()
    } else {
        let repeats = row
            .duplicates
            .marks_for(row.dup_index, row.turn)
            .iter()
            .map(|m| {
                let same_transcript = m.of_transcript == m.transcript;
                (
                    m.range.clone(),
                    Placeholder::Repeat {
                        of_turn: m.of_turn,
                        same_transcript,
                    },
                )
            });
        let loops = row
            .duplicates
            .loops_for(row.dup_index, row.turn)
            .iter()
            .map(|l| {
                (
                    l.first.end..l.range.end,
                    Placeholder::Loop { count: l.count },
                )
            });
        repeats.chain(loops).collect()
    };
    // The turn's best tags, those the reader filters by first.
    let mut tags: Vec<String> = row
        .topics
        .for_turn(row.turn)
        .iter()
        .filter_map(|&i| row.topics.tags.get(i).map(|tag| tag.label.clone()))
        .collect();
    tags.sort_by_key(|label| !selected_tags.contains(label));
    tags.truncate(TURN_TAGS);
    let colour = turn.speaker.map(|id| format!("spk-{}", id % 12));
    let class = classes!(
        "turn",
        (turn.kind == TurnKind::NonSpeech).then_some("non-speech"),
        speaker.is_none().then_some("no-speaker"),
        row.context.then_some("context"),
        (row.source.is_none() && context.selected_turn == Some(row.turn)).then_some("selected"),
        colour,
    );
    let link = context.on_link.map(|on_link| {
        let on_link = on_link.clone();
        let turn = row.turn;
        Callback::from(move |_| on_link.emit(turn))
    });
    html! {
        <li key={index} data-row={index.to_string()} aria-setsize={setsize.to_string()} aria-posinset={(index + 1).to_string()} {class}>
            if let Some(section) = &row.section {
                <h3 class="section-title">{ section.to_string() }</h3>
            }
            <div class="turn-meta">
                <span class="speaker">{ speaker.unwrap_or("Unattributed") }</span>
                if let Some(start) = turn.start {
                    <time class="start">{ clock(start) }</time>
                }
                if let Some(source) = &row.source {
                    <span class="source">{ source.to_string() }</span>
                }
                if let Some(onclick) = link {
                    <button type="button" class="link turn-link" {onclick} aria-label={format!("Copy link to this turn ({})", row.turn + 1)} title="Copy link to this turn">
                        { "Link" }
                    </button>
                }
            </div>
            <p class="text">
                { for layout(&turn.text, &row.marks, &hidden).into_iter().map(|piece| match piece {
                    Piece::Text(text) => html! { text },
                    Piece::Match(text, n) => {
                        let current = active == Some(n);
                        html! { <mark class={classes!(current.then_some("current"))}>{ text }</mark> }
                    }
                    Piece::Collapsed(Placeholder::Repeat { of_turn, same_transcript }) => {
                        let from = if same_transcript {
                            format!("repeated from turn {}", of_turn + 1)
                        } else {
                            format!("repeated from turn {} of another transcript", of_turn + 1)
                        };
                        html! {
                            <span class="collapsed">
                                { from.clone() }{ " · " }
                                <button type="button" class="link" onclick={expand.clone()} aria-label={format!("Show the passage {from}")}>{ "show" }</button>
                            </span>
                        }
                    }
                    Piece::Collapsed(Placeholder::Loop { count }) => html! {
                        <span class="collapsed">
                            { format!(" (said {count} times) · ") }
                            <button type="button" class="link" onclick={expand.clone()} aria-label={format!("Show all {count} repetitions")}>{ "show" }</button>
                        </span>
                    },
                }) }
            </p>
            if !tags.is_empty() {
                <div class="turn-tags" role="group" aria-label="Topics of this turn">
                    { for tags.into_iter().map(|label| {
                        let on_tag = on_tag.clone();
                        let pick = label.clone();
                        html! {
                            <button type="button" class="tag" onclick={Callback::from(move |_| on_tag.emit(pick.clone()))}>{ label }</button>
                        }
                    }) }
                </div>
            }
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_formats_minutes_and_hours() {
        assert_eq!(clock(3.9), "0:03");
        assert_eq!(clock(62.0), "1:02");
        assert_eq!(clock(3723.0), "1:02:03");
        assert_eq!(clock(-1.0), "0:00");
    }

    #[test]
    fn offsets_use_measurements_over_estimates() {
        let mut b = transcript_core::TranscriptBuilder::new(transcript_core::Format::PlainText);
        b.push(Some("A"), None, None, "short");
        b.push(Some("B"), None, None, &"long text ".repeat(100));
        let t = ByPtr(Rc::new(b.finish()));
        let rows: Vec<Row> = (0..2)
            .map(|turn| Row {
                transcript: t.clone(),
                turn,
                source: None,
                section: None,
                marks: ByPtr(Rc::from(Vec::new())),
                context: false,
                topics: ByPtr(Rc::new(Topics::extract(&t.0))),
                duplicates: ByPtr(Rc::new(transcript_core::dedup::find(&t.0))),
                dup_index: 0,
            })
            .collect();
        let estimated = offsets(&rows, &HashMap::new(), 840.0);
        assert_eq!(estimated[0], 0.0);
        assert_eq!(estimated[1], ROW_CHROME_PX + LINE_PX);
        assert!(estimated[2] - estimated[1] > 10.0 * LINE_PX);
        let measured = offsets(&rows, &HashMap::from([(0, 100.0)]), 840.0);
        assert_eq!(measured[1], 100.0);
    }

    #[test]
    fn layout_highlights_matches_and_collapses_hidden_ranges() {
        let text = "Héllo wörld, hello again, hello";
        let repeat = Placeholder::Repeat {
            of_turn: 2,
            same_transcript: true,
        };
        let pieces = layout(text, &[0..6, 15..20, 28..33], &[(13..26, repeat)]);
        assert_eq!(
            pieces,
            [
                Piece::Match("Héllo", 0),
                Piece::Text(" wörld"),
                Piece::Collapsed(repeat),
                Piece::Text(", "),
                Piece::Match("hello", 2),
            ]
        );
        // Bad ranges are ignored rather than splitting a character.
        let backwards = Range { start: 20, end: 10 };
        let pieces = layout(
            text,
            &[2..3, 40..41],
            &[(2..4, repeat), (backwards, repeat)],
        );
        assert_eq!(pieces, [Piece::Text(text)]);
        assert_eq!(layout("", &[], &[]), []);
    }
}
