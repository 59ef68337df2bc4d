//! The turns, windowed: only the rows near the viewport are in the DOM, so a
//! 100,000-turn transcript renders as fast as a short one.
//!
//! Row heights vary with the text, so the list keeps an estimate for every
//! row (from its length and the viewport width), replaces it with the real
//! height once a row has been on screen, and places the rendered window with
//! padding above and below it. The `<ol>` keeps `aria-setsize` and
//! `aria-posinset` on its items so assistive technology knows the full size.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use transcript_core::bits::sort::sort_by_key;
use transcript_core::dedup::Duplicates;
use transcript_core::topics::Topics;
use transcript_core::view::{clock, turn_pieces, Piece, Placeholder};
use transcript_core::{Transcript, TurnKind};

use super::row_heights::RowHeights;
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

/// A row's height before it has been on screen: from its text's length
/// and the viewport's width.
fn estimate(row: &Row, width: f64) -> f64 {
    let chars_per_line = (width / CHAR_PX).max(20.0);
    let len = row
        .transcript
        .turns
        .get(row.turn)
        .map_or(0, |t| t.text.len()) as f64;
    let heading = if row.section.is_some() { 48.0 } else { 0.0 };
    ROW_CHROME_PX + heading + (len / chars_per_line).ceil().max(1.0) * LINE_PX
}

/// The rows to draw for a scroll position: those on screen and `OVERSCAN`
/// more on each side, at most `MAX_ROWS`.
fn window(heights: &RowHeights, scroll_top: f64, height: f64) -> Range<usize> {
    let (first, last) = visible(heights, scroll_top, height);
    let start = first.saturating_sub(OVERSCAN);
    let end = (last + OVERSCAN).min(heights.len()).min(start + MAX_ROWS);
    start..end
}

/// The first row on screen and the one after the last.
fn visible(heights: &RowHeights, scroll_top: f64, height: f64) -> (usize, usize) {
    let first = heights.row_at(scroll_top);
    let last = (heights.row_at(scroll_top + height) + 1).min(heights.len());
    (first, last)
}

/// Whether the rows on screen at `scroll_top` are still inside the drawn
/// window with a margin of `OVERSCAN / 2` rows (or the list's ends): a
/// scroll that keeps them so needs no render.
fn still_covered(heights: &RowHeights, drawn: &Range<usize>, scroll_top: f64, height: f64) -> bool {
    let (first, last) = visible(heights, scroll_top, height);
    let margin = OVERSCAN / 2;
    let top = drawn.start == 0 || first >= drawn.start + margin;
    let bottom = drawn.end >= heights.len() || last + margin <= drawn.end;
    top && bottom
}

/// The list's layout, kept across renders and read by the scroll handler.
#[derive(Default)]
struct Layout {
    /// The rows the heights are for.
    rows: Option<ByPtr<Vec<Row>>>,
    width: i64,
    heights: RowHeights,
    /// Where the reader is (kept here, not in state: a scroll that stays
    /// inside the drawn window must not render anything).
    scroll_top: f64,
    /// The rows in the DOM since the last render.
    drawn: Range<usize>,
    /// The reader scrolled to the very end: it stays there while the
    /// rows drawn there are measured and the list's height changes.
    at_end: bool,
}

impl Layout {
    /// Places the window for `rows` in a viewport of `width` × `height`:
    /// new rows get new estimates and start from the top, a new width new
    /// estimates for the rows not measured yet. Returns the rows to draw
    /// and the padding above and below them.
    fn place(
        &mut self,
        rows: &ByPtr<Vec<Row>>,
        width: f64,
        height: f64,
    ) -> (Range<usize>, f64, f64) {
        let rounded = width.round() as i64;
        if self.rows.as_ref() != Some(rows) {
            *self = Layout {
                rows: Some(rows.clone()),
                width: rounded,
                heights: RowHeights::new(rows.iter().map(|row| estimate(row, width)).collect()),
                ..Layout::default()
            };
        } else if self.width != rounded {
            self.width = rounded;
            self.heights
                .re_estimate(|i| rows.get(i).map_or(0.0, |row| estimate(row, width)));
        }
        let drawn = window(&self.heights, self.scroll_top, height);
        let pad_top = self.heights.offset(drawn.start);
        let pad_bottom = self.heights.total() - self.heights.offset(drawn.end);
        self.drawn = drawn.clone();
        (drawn, pad_top, pad_bottom)
    }

    /// Takes the real heights of the rows in the DOM under `viewport`;
    /// whether any differs from what was assumed.
    fn measure(&mut self, viewport: &HtmlElement) -> bool {
        let Ok(items) = viewport.query_selector_all("li[data-row]") else {
            return false;
        };
        let mut changed = false;
        for i in 0..items.length() {
            let Some(item) = items.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else {
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
            changed |= self.heights.measure(row, h);
        }
        changed
    }
}

/// Turns whose repeated passages the reader expanded one by one: by
/// transcript and turn, so an expanded turn stays expanded when a filter or
/// search moves it to another row, and no other turn takes its place.
#[derive(Default, PartialEq)]
struct Expanded(Vec<(ByPtr<Transcript>, usize)>);

impl Expanded {
    fn contains(&self, row: &Row) -> bool {
        self.0
            .iter()
            .any(|(t, turn)| *t == row.transcript && *turn == row.turn)
    }
}

impl Reducible for Expanded {
    type Action = (ByPtr<Transcript>, usize);
    fn reduce(self: Rc<Self>, turn: Self::Action) -> Rc<Self> {
        let mut turns = self.0.clone();
        turns.push(turn);
        Rc::new(Expanded(turns))
    }
}

#[function_component(TurnList)]
pub fn turn_list(props: &TurnListProps) -> Html {
    let viewport = use_node_ref();
    let list = use_node_ref();
    let size = use_state_eq(|| (800.0f64, 800.0f64));
    let layout = use_mut_ref(Layout::default);
    let redraw = use_force_update();
    let expanded = use_reducer(Expanded::default);
    let on_expand = {
        let dispatcher = expanded.dispatcher();
        use_memo((), move |_| {
            Callback::from(move |turn| dispatcher.dispatch(turn))
        })
    };

    let rows = &props.rows;
    let (width, height) = *size;
    let (drawn, pad_top, pad_bottom) = layout.borrow_mut().place(rows, width, height);

    // New rows start at the top.
    {
        let viewport = viewport.clone();
        use_effect_with(props.rows.clone(), move |_| {
            if let Some(el) = viewport.cast::<Element>() {
                el.set_scroll_top(0);
            }
        });
    }
    let pads = (pad_top.round() as i64, pad_bottom.round() as i64);
    use_padding(list.clone(), viewport.clone(), layout.clone(), pads);
    use_measure(viewport.clone(), layout.clone(), redraw.clone(), size);
    use_focus_row(
        viewport.clone(),
        layout.clone(),
        redraw.clone(),
        props.focus_row,
    );
    let onscroll = on_scroll(layout, redraw, height);

    let setsize = rows.len();
    html! {
        <div class="turns-viewport" ref={viewport} {onscroll} tabindex="0" aria-label="Turns, scrollable">
            <ol
                class="turns"
                aria-label="Turns"
                ref={list}
            >
                { for drawn.filter_map(|i| rows.get(i).map(|row| (i, row))).map(|(i, row)| {
                    let active = props.active_mark.filter(|(r, _)| *r == i).map(|(_, m)| m);
                    let selected = row.source.is_none() && props.selected_turn == Some(row.turn);
                    html! {
                        <TurnRow
                            key={i}
                            index={i}
                            row={row.clone()}
                            {setsize}
                            {active}
                            show_repeats={props.show_repeats || expanded.contains(row)}
                            {selected}
                            selected_tags={props.selected_tags.clone()}
                            on_tag={props.on_tag.clone()}
                            on_link={props.on_link.clone()}
                            on_expand={(*on_expand).clone()}
                        />
                    }
                }) }
            </ol>
        </div>
    }
}

/// Places the drawn window with `pads` (top and bottom, in px) set through
/// the CSSOM: the page's Content-Security-Policy (style-src 'self') refuses
/// `style` attributes. A reader at the very end stays there.
#[hook]
fn use_padding(list: NodeRef, viewport: NodeRef, layout: Rc<RefCell<Layout>>, pads: (i64, i64)) {
    use_effect_with(pads, move |(top, bottom)| {
        if let Some(el) = list.cast::<HtmlElement>() {
            let style = el.style();
            let _ = style.set_property("padding-top", &format!("{top}px"));
            let _ = style.set_property("padding-bottom", &format!("{bottom}px"));
        }
        if let Some(el) = viewport
            .cast::<Element>()
            .filter(|_| layout.borrow().at_end)
        {
            el.set_scroll_top(el.scroll_height());
        }
    });
}

/// After every render, measures the viewport and the rows on screen, and
/// renders again if the estimates were off.
#[hook]
fn use_measure(
    viewport: NodeRef,
    layout: Rc<RefCell<Layout>>,
    redraw: UseForceUpdateHandle,
    size: UseStateHandle<(f64, f64)>,
) {
    use_effect(move || {
        if let Some(el) = viewport.cast::<HtmlElement>() {
            size.set((el.client_width() as f64, el.client_height() as f64));
            let changed = layout.borrow_mut().measure(&el);
            if changed {
                redraw.force_update();
            }
        }
    });
}

/// Scrolls to `row` whenever it changes.
#[hook]
fn use_focus_row(
    viewport: NodeRef,
    layout: Rc<RefCell<Layout>>,
    redraw: UseForceUpdateHandle,
    row: Option<usize>,
) {
    use_effect_with(row, move |row| {
        if let (Some(row), Some(el)) = (row, viewport.cast::<Element>()) {
            let y = {
                let mut layout = layout.borrow_mut();
                let y = layout.heights.offset(*row);
                layout.scroll_top = y;
                y
            };
            el.set_scroll_top(y as i32);
            redraw.force_update();
            // The list itself may be below the fold (a link to a
            // turn opens at the top of the page): bring it in.
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            el.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
}

/// Follows the reader's scrolling; renders only when the rows on screen
/// leave the drawn window's margin.
fn on_scroll(
    layout: Rc<RefCell<Layout>>,
    redraw: UseForceUpdateHandle,
    height: f64,
) -> Callback<Event> {
    Callback::from(move |e: Event| {
        let el: Element = e.target_unchecked_into();
        let y = el.scroll_top() as f64;
        let mut layout = layout.borrow_mut();
        layout.scroll_top = y;
        layout.at_end =
            y > 0.0 && y + f64::from(el.client_height() + 2) >= f64::from(el.scroll_height());
        if !still_covered(&layout.heights, &layout.drawn, y, height) {
            redraw.force_update();
        }
    })
}

/// One turn's props: a row re-renders only when one of these changes, so
/// a scroll that moves the window redraws only the rows it brings in.
#[derive(Properties, PartialEq)]
struct TurnRowProps {
    index: usize,
    row: Row,
    /// The number of rows in the list.
    setsize: usize,
    /// The current search match, if it is in this row.
    active: Option<usize>,
    show_repeats: bool,
    /// The selected turn (a link to one turn selects it).
    selected: bool,
    selected_tags: Vec<String>,
    on_tag: Callback<String>,
    on_link: Option<Callback<usize>>,
    /// Showing a turn's repeated passages.
    on_expand: Callback<(ByPtr<Transcript>, usize)>,
}

/// Tags shown on each turn, at most.
const TURN_TAGS: usize = 3;

#[function_component(TurnRow)]
fn turn_row(props: &TurnRowProps) -> Html {
    let TurnRowProps {
        index,
        row,
        setsize,
        active,
        show_repeats,
        selected,
        selected_tags,
        on_tag,
        on_link,
        on_expand,
    } = props;
    let (index, active) = (*index, *active);
    let expand = {
        let on_expand = on_expand.clone();
        let turn = (row.transcript.clone(), row.turn);
        Callback::from(move |_: MouseEvent| on_expand.emit(turn.clone()))
    };
    let t = &row.transcript;
    let Some(turn) = t.turns.get(row.turn) else {
        return html! {};
    };
    let speaker = t.speaker_name(turn);
    // Repeated passages collapse unless the reader shows them.
    let folded = (!show_repeats).then(|| (&*row.duplicates, row.dup_index));
    let pieces = turn_pieces(&turn.text, row.turn, &row.marks, folded);
    // The turn's best tags, those the reader filters by first.
    let mut tags: Vec<String> = row
        .topics
        .for_turn(row.turn)
        .iter()
        .filter_map(|&i| row.topics.tags.get(i).map(|tag| tag.label.clone()))
        .collect();
    sort_by_key(&mut tags, |label| !selected_tags.contains(label));
    tags.truncate(TURN_TAGS);
    let colour = turn.speaker.map(|id| format!("spk-{}", id % 12));
    let class = classes!(
        "turn",
        (turn.kind == TurnKind::NonSpeech).then_some("non-speech"),
        speaker.is_none().then_some("no-speaker"),
        row.context.then_some("context"),
        selected.then_some("selected"),
        colour,
    );
    let link = on_link.as_ref().map(|on_link| {
        let on_link = on_link.clone();
        let turn = row.turn;
        Callback::from(move |_| on_link.emit(turn))
    });
    html! {
        <li data-row={index.to_string()} aria-setsize={setsize.to_string()} aria-posinset={(index + 1).to_string()} {class}>
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
                { for pieces.into_iter().map(|piece| match piece {
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

    /// A row per turn of a transcript of `turns`.
    fn rows_of(turns: &[&str]) -> Vec<Row> {
        let mut b = transcript_core::TranscriptBuilder::new(transcript_core::Format::PlainText);
        for (i, text) in turns.iter().enumerate() {
            b.push(Some(if i % 2 == 0 { "A" } else { "B" }), None, None, text);
        }
        let t = ByPtr(Rc::new(b.finish()));
        let topics = ByPtr(Rc::new(Topics::extract(&t.0)));
        let duplicates = ByPtr(Rc::new(transcript_core::dedup::find(&t.0)));
        (0..t.turns.len())
            .map(|turn| Row {
                transcript: t.clone(),
                turn,
                source: None,
                section: None,
                marks: ByPtr(Rc::from(Vec::new())),
                context: false,
                topics: topics.clone(),
                duplicates: duplicates.clone(),
                dup_index: 0,
            })
            .collect()
    }

    #[test]
    fn estimates_follow_the_text_and_the_width() {
        let rows = rows_of(&["short", &"long text ".repeat(100)]);
        assert_eq!(estimate(&rows[0], 840.0), ROW_CHROME_PX + LINE_PX);
        // 1,000 characters at 100 a line.
        assert_eq!(estimate(&rows[1], 840.0), ROW_CHROME_PX + 10.0 * LINE_PX);
        assert!(estimate(&rows[1], 420.0) > estimate(&rows[1], 840.0));
    }

    #[test]
    fn new_rows_are_placed_from_the_top_and_a_new_width_re_estimates_the_unmeasured() {
        let text = "words ".repeat(50);
        let rows = ByPtr(Rc::new(rows_of(&vec![text.as_str(); 200])));
        let mut layout = Layout::default();
        let (drawn, top, bottom) = layout.place(&rows, 840.0, 500.0);
        assert_eq!((drawn.start, top), (0, 0.0));
        assert_eq!(
            bottom,
            layout.heights.total() - layout.heights.offset(drawn.end)
        );
        assert_eq!(layout.drawn, drawn);
        // Scrolled down, the window follows with padding above it.
        layout.scroll_top = layout.heights.offset(100);
        let (drawn, top, _) = layout.place(&rows, 840.0, 500.0);
        assert_eq!(drawn.start, 100 - OVERSCAN);
        assert_eq!(top, layout.heights.offset(100 - OVERSCAN));
        // A narrower viewport: taller estimates, except for a measured row.
        layout.heights.measure(0, 50.0);
        let before = layout.heights.total();
        layout.place(&rows, 420.0, 500.0);
        assert!(layout.heights.total() > before);
        assert_eq!(layout.heights.offset(1), 50.0);
        assert_eq!(
            layout.scroll_top,
            layout.heights.offset(100).min(layout.scroll_top)
        );
        // New rows (even equal ones) start again from the top, unmeasured.
        let again = ByPtr(Rc::new(rows.to_vec()));
        let (drawn, top, _) = layout.place(&again, 420.0, 500.0);
        assert_eq!((drawn.start, top, layout.scroll_top), (0, 0.0, 0.0));
        assert_ne!(layout.heights.offset(1), 50.0);
    }

    #[test]
    fn the_window_covers_the_screen_and_moves_only_near_its_edges() {
        // 1,000 rows of 100 px on a 500 px screen.
        let heights = RowHeights::new(vec![100.0; 1000]);
        let top = window(&heights, 0.0, 500.0);
        assert_eq!(top, 0..6 + OVERSCAN);
        let middle = window(&heights, 50_050.0, 500.0);
        assert_eq!(middle, 500 - OVERSCAN..506 + OVERSCAN);
        assert_eq!(window(&heights, 99_500.0, 500.0), 995 - OVERSCAN..1000);
        // Two rows down stays inside the margin; a screen down does not.
        assert!(still_covered(&heights, &middle, 50_250.0, 500.0));
        assert!(!still_covered(&heights, &middle, 50_550.0, 500.0));
        assert!(!still_covered(&heights, &middle, 49_500.0, 500.0));
        // A jump far away never counts as covered, nor does an empty window.
        assert!(!still_covered(&heights, &middle, 10_000.0, 500.0));
        assert!(!still_covered(&heights, &(0..0), 0.0, 500.0));
        // At the ends of the list there is nothing more to draw.
        assert!(still_covered(&heights, &top, 0.0, 500.0));
        let bottom = window(&heights, 99_500.0, 500.0);
        assert!(still_covered(&heights, &bottom, 99_400.0, 500.0));
        // Never more than MAX_ROWS, however tall the screen.
        assert_eq!(window(&heights, 0.0, 1e6).len(), MAX_ROWS);
    }
}
