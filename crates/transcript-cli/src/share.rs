//! `transcript share` and `transcript parse --link`: share links made and
//! read on the command line, with the same codec as the app, so a link made
//! here opens in the app and the other way round.

use transcript_core::export::{report, subset};
use transcript_core::share::{link_fragment, Link, LinkSize, HARD_LIMIT, SOFT_LIMIT};
use transcript_core::view::{SpeakerEdits, ViewState};
use transcript_core::Transcript;

// The list of bundled transcripts (ids and texts) the app is built from, so a link
// names them exactly as the app does.
use transcript_bundled::BUNDLED;

/// Prints the fragment (or, with `base`, the whole link) for `bytes`.
pub fn share(
    bytes: &[u8],
    source: &str,
    mut view: ViewState,
    base: Option<&str>,
) -> Result<(), String> {
    let transcript =
        transcript_core::parse::parse_bytes(bytes).map_err(|e| format!("{source}: {e}"))?;
    let known: Vec<&str> = transcript
        .speakers
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    if let Some(missing) = view.speakers.iter().find(|s| !known.contains(&s.as_str())) {
        return Err(format!(
            "{source} has no speaker called “{missing}”; its speakers are: {}",
            known.join(", ")
        ));
    }
    if let Some(turn) = view.turn.filter(|&t| t >= transcript.turns.len()) {
        return Err(format!(
            "{source} has {} turns, so there is no turn {turn} (turns count from 0)",
            transcript.turns.len()
        ));
    }
    let bundled = BUNDLED.iter().find(|b| b.text.as_bytes() == bytes);
    let fragment = match bundled {
        Some(b) => {
            view.transcript = b.id.to_string();
            link_fragment(&view, &SpeakerEdits::default(), None)
        }
        None => Link {
            view,
            edits: SpeakerEdits::default(),
            transcript: Some(transcript),
        }
        .to_fragment(),
    };
    let link = match base {
        Some(base) => format!("{}#{fragment}", base.split('#').next().unwrap_or(base)),
        None => format!("#{fragment}"),
    };
    let chars = link.chars().count();
    match LinkSize::of(chars) {
        LinkSize::TooLong => {
            return Err(format!(
                "the link for {source} would be {chars} characters, more than browsers open ({HARD_LIMIT}); send the file instead"
            ))
        }
        LinkSize::Long => eprintln!(
            "transcript: the link is {chars} characters long; some chat apps cut links longer than {SOFT_LIMIT}"
        ),
        LinkSize::Fine => {}
    }
    println!("{link}");
    Ok(())
}

/// The transcript a link shows: the one it carries, or a bundled one by id.
fn linked(link: &Link) -> Result<Transcript, String> {
    if let Some(t) = &link.transcript {
        return Ok(t.clone());
    }
    let id = &link.view.transcript;
    let b = BUNDLED
        .iter()
        .find(|b| b.id == id.as_str())
        .ok_or_else(|| {
            if id.is_empty() {
                "the link names no transcript and carries none".to_string()
            } else {
                format!(
                    "the link names “{id}”, which is not a transcript bundled with the app; \
                 a link to any other transcript carries it in `d=`"
                )
            }
        })?;
    transcript_core::parse(b.text).map_err(|e| format!("{}: {e}", b.file))
}

/// Prints what a link shows: the turns of its view, with its speaker edits
/// applied, in the same shape as `parse`.
pub fn parse_link(url: &str, json: bool) -> Result<(), String> {
    let fragment = url.split_once('#').map_or(url, |(_, f)| f);
    let link = Link::from_fragment(fragment).map_err(|e| format!("cannot open the link: {e}"))?;
    let transcript = linked(&link)?;
    let (edited, rows) = transcript_core::share::shown(&link, &transcript);
    let turns: Vec<usize> = rows.rows.iter().map(|r| r.turn).collect();
    let view = subset(&edited, &turns);
    let source = "<link>";
    if !json {
        println!(
            "{source}: {} of {} turns shown{}",
            turns.len(),
            edited.turns.len(),
            describe(&link.view)
        );
    }
    crate::print_report(&report(source, &view), json)
}

/// The view's filters in words: ` (speakers: Ana; search: “x”)`.
fn describe(view: &ViewState) -> String {
    let mut parts = Vec::new();
    if !view.speakers.is_empty() {
        parts.push(format!("speakers: {}", view.speakers.join(", ")));
    }
    if !view.topics.is_empty() {
        parts.push(format!("topics: {}", view.topics.join(", ")));
    }
    if !view.query.is_empty() {
        parts.push(format!("search: “{}”", view.query));
    }
    if let Some(turn) = view.turn {
        parts.push(format!("turn {turn} selected"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    }
}
