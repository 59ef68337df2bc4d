//! Markdown interviews: `**Name:**` labelled paragraphs (with a time before
//! or after the label), front matter, `#` headings, and the Q&A shape where
//! `>` blockquotes are the answers of the person named in the title and the
//! other lines are the questions.
//!
//! Text comes out as prose: hard-wrapped lines are joined, emphasis, links,
//! code spans and HTML tags are reduced to their text, Markdown escapes
//! (`\$`, `\&`) are undone and HTML entities decoded. This module must never
//! claim a plain `Name: text` script or a news article: it needs bold labels,
//! front matter, or a `#` title together with quotes or bold lines.
//!
//! Decisions where the shape is silent:
//! - The title is front matter's `title:`, else the first `# ` heading. Other
//!   headings are sections.
//! - Q&A mode is on when blockquotes make up a quarter or more of the lines.
//!   Answers (quotes) belong to the person the title names (the first run of
//!   two to four capitalised words that are not words like "Interview"), or to
//!   "Guest" when it names nobody; a label directly above a quote claims it.
//!   Unlabelled questions belong to "Interviewer". A label (`**Moderator:**`)
//!   holds until the answer that follows it, so the next unlabelled question
//!   goes back to "Interviewer".
//! - A one-word label that is the first or last name of the title's person
//!   (`**Sam:**`) is that person.
//! - A whole-line bold phrase is a section only if it is short, not a
//!   sentence, and has a word such as "Begins", "Q&A" or "Part"; any other bold
//!   line is speech.
//! - Outside Q&A mode, blockquotes are a quotation within the current turn.

use std::collections::HashMap;

use crate::format::{Detection, Format};
use crate::model::{Transcript, TranscriptBuilder};
use crate::parse::labels::{
    is_annotation, is_heading_like, is_name, leading_time, split_label, split_trailing_time,
};
use crate::text::decode_entities;

/// Who asks the questions when no label says.
const QUESTIONER: &str = "Interviewer";
/// Who answers when the title names nobody.
const ANSWERER: &str = "Guest";
/// Lines looked at by the sniffer.
const SNIFF_LINES: usize = 400;
/// Longest front matter block looked for, in lines.
const FRONT_MATTER_LINES: usize = 60;

/// Words that make a short bold line a section heading.
const SECTION_WORDS: &[&str] = &[
    "begins",
    "begin",
    "ends",
    "q&a",
    "part",
    "chapter",
    "section",
    "intro",
    "introduction",
    "outro",
    "conclusion",
    "session",
    "segment",
    "round",
    "intermission",
    "opening",
    "closing",
    "remarks",
    "panel",
    "keynote",
    "agenda",
    "recap",
    "questions",
];

/// Capitalised title words that are not part of a person's name.
const TITLE_WORDS: &[&str] = &[
    "interview",
    "interviews",
    "transcript",
    "episode",
    "podcast",
    "conversation",
    "fireside",
    "chat",
    "talk",
    "keynote",
    "q&a",
    "live",
    "full",
    "part",
    "with",
    "the",
    "a",
    "an",
    "on",
    "at",
    "and",
    "in",
    "of",
    "from",
    "session",
    "ama",
    "show",
    "exclusive",
];

pub fn sniff(text: &str) -> Option<Detection> {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}').trim())
        .take(SNIFF_LINES)
        .collect();
    if lines
        .iter()
        .find(|l| !l.is_empty())
        .is_some_and(|l| l.starts_with("WEBVTT"))
    {
        return None;
    }
    if let Some((_, keys)) = front_matter(&lines) {
        if !keys.is_empty() {
            return Some(Detection {
                format: Format::Markdown,
                evidence: format!("front matter with {} keys", keys.len()),
            });
        }
    }
    let labels = lines.iter().filter(|l| bold_label(l).is_some()).count();
    if labels >= 2 {
        return Some(Detection {
            format: Format::Markdown,
            evidence: format!("{labels} `**Name:**` speaker labels"),
        });
    }
    let has_title = lines.iter().any(|l| l.starts_with("# "));
    let quotes = lines.iter().filter(|l| l.starts_with('>')).count();
    let bold = lines.iter().filter(|l| bold_line(l).is_some()).count();
    if has_title && (quotes >= 2 || bold >= 2) {
        return Some(Detection {
            format: Format::Markdown,
            evidence: format!("a `# ` title with {quotes} quoted and {bold} bold lines"),
        });
    }
    None
}

/// `---` … `---` at the very top: the index of the closing line and the
/// `key: value` pairs (keys lower-cased, values unquoted).
fn front_matter(lines: &[&str]) -> Option<(usize, Vec<(String, String)>)> {
    if lines.first()?.trim_start_matches('\u{feff}').trim() != "---" {
        return None;
    }
    let mut pairs = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(1).take(FRONT_MATTER_LINES) {
        let line = line.trim();
        if line == "---" || line == "..." {
            return Some((i, pairs));
        }
        if let Some((key, value)) = line.split_once(':') {
            let key = key.trim();
            if !key.is_empty() && !key.contains(' ') && !key.starts_with('-') {
                let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
                pairs.push((key.to_lowercase(), value.to_string()));
            }
        }
    }
    None
}

/// A `**Name:**` label, with its time if one is written before or after.
#[derive(Debug, Clone, PartialEq)]
struct BoldLabel<'a> {
    name: String,
    start: Option<f64>,
    rest: &'a str,
}

fn bold_label(line: &str) -> Option<BoldLabel<'_>> {
    let mut s = line.trim();
    let mut start = None;
    if let Some((t, rest)) = leading_time(s, true) {
        start = Some(t);
        s = rest.trim_start();
    }
    let marker = if s.starts_with("**") {
        "**"
    } else if s.starts_with("__") {
        "__"
    } else {
        return None;
    };
    let body = s.get(2..)?;
    let close = body.find(marker)?;
    let inner = body.get(..close)?.trim();
    let after = body.get(close + 2..)?;
    let (name, rest) = match inner.strip_suffix(':') {
        Some(name) => (name, after),
        None => {
            // `**Name**:` or `**Name** [00:02]:`
            let a = after.trim_start();
            let (t, a) = match leading_time(a, true) {
                Some((t, r)) => (Some(t), r.trim_start()),
                None => (None, a),
            };
            let rest = a.strip_prefix(':')?;
            start = start.or(t);
            (inner, rest)
        }
    };
    let (name, trailing) = split_trailing_time(name.trim());
    let mut rest = rest.trim_start();
    if let Some((t, r)) = leading_time(rest, true) {
        start = start.or(Some(t));
        rest = r.trim_start();
    }
    let name = clean_inline(name);
    if !is_name(&name) || is_annotation(&name) {
        return None;
    }
    Some(BoldLabel {
        name,
        start: start.or(trailing),
        rest,
    })
}

/// The inside of a line that is entirely bold (`**…**` or `__…__`).
fn bold_line(line: &str) -> Option<&str> {
    let line = line.trim();
    for marker in ["**", "__"] {
        if let Some(inner) = line
            .strip_prefix(marker)
            .and_then(|l| l.strip_suffix(marker))
        {
            if !inner.contains(marker) && !inner.trim().is_empty() {
                return Some(inner);
            }
        }
    }
    None
}

/// A bold line that is a section heading, as clean text.
fn bold_section(line: &str) -> Option<String> {
    let text = clean_inline(bold_line(line)?);
    let keyword = text
        .split_whitespace()
        .any(|w| SECTION_WORDS.contains(&w.to_lowercase().as_str()));
    (keyword && is_heading_like(&text, 6)).then_some(text)
}

/// `# Title` → (1, "Title").
fn heading(line: &str) -> Option<(usize, &str)> {
    let line = line.trim();
    let level = line.chars().take_while(|&c| c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = line.get(level..)?;
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim()))
}

/// `---`, `***`, `___` (spaces allowed), and table separator rows.
fn is_rule(line: &str) -> bool {
    let line = line.trim();
    let rule = ['-', '*', '_'].iter().any(|&m| {
        line.chars().filter(|&c| c == m).count() >= 3 && line.chars().all(|c| c == m || c == ' ')
    });
    let table_separator = line.starts_with('|')
        && line.contains('-')
        && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '));
    rule || table_separator
}

/// The person a title names: the first run of two to four capitalised words
/// that are not title words ("Sam Altman interview" → "Sam Altman").
fn person_in_title(title: &str) -> Option<String> {
    let mut run: Vec<&str> = Vec::new();
    let mut words = title.split_whitespace().peekable();
    while let Some(word) = words.next() {
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        let core = core
            .strip_suffix("'s")
            .or_else(|| core.strip_suffix("’s"))
            .unwrap_or(core);
        let name_word = core.chars().next().is_some_and(char::is_uppercase)
            && core
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
            && !TITLE_WORDS.contains(&core.to_lowercase().as_str());
        // Punctuation after a word ends the name ("Altman, CEO").
        let ends_run = word.ends_with([',', ':', ';', '|', '—', '-'])
            || core.len() != word.trim_matches(|c: char| !c.is_alphanumeric()).len();
        if name_word {
            run.push(core);
        }
        if !name_word || ends_run || words.peek().is_none() {
            if (2..=4).contains(&run.len()) {
                return Some(run.join(" "));
            }
            run.clear();
        }
    }
    None
}

/// Text as a reader sees it: emphasis, links, code spans and tags reduced to
/// their text, escapes undone, entities decoded. Linear in the input: the
/// next `]`, `)` and `>` of every position are computed once, and links and
/// tags longer than a window are left as written.
pub(crate) fn clean_inline(s: &str) -> String {
    const LINK_WINDOW: usize = 300;
    const TAG_WINDOW: usize = 200;
    let chars: Vec<char> = s.chars().collect();
    let next_bracket = next_positions(&chars, ']');
    let next_paren = next_positions(&chars, ')');
    let next_angle = next_positions(&chars, '>');
    let next = |table: &[usize], from: usize, window: usize| {
        table
            .get(from)
            .copied()
            .filter(|&k| k != usize::MAX && k - from < window)
    };
    let mut out = String::with_capacity(s.len());
    // Where a link's text ends, and where its `(url)` ends.
    let mut link_ends: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        // An escape can step over a link's `]`: that link is left as text.
        while link_ends.last().is_some_and(|&(text_end, _)| text_end < i) {
            link_ends.pop();
        }
        if let Some(&(text_end, url_end)) = link_ends.last() {
            if i == text_end {
                link_ends.pop();
                i = url_end + 1;
                continue;
            }
        }
        match c {
            '\\' => match chars.get(i + 1) {
                Some(&n) if n.is_ascii_punctuation() => {
                    out.push(n);
                    i += 2;
                }
                _ => {
                    out.push('\\');
                    i += 1;
                }
            },
            '*' | '_' | '~' => {
                let mut j = i;
                while chars.get(j) == Some(&c) {
                    j += 1;
                }
                let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
                let next = chars.get(j).copied();
                let spaced = |ch: Option<char>| ch.is_none_or(char::is_whitespace);
                let word = |ch: Option<char>| ch.is_some_and(char::is_alphanumeric);
                let marker = match c {
                    '~' => j - i >= 2,
                    '_' => !(word(prev) && word(next) || spaced(prev) && spaced(next)),
                    _ => !(spaced(prev) && spaced(next)),
                };
                if !marker {
                    for _ in i..j {
                        out.push(c);
                    }
                }
                i = j;
            }
            '`' => i += 1,
            '[' => {
                let text_end = next(&next_bracket, i + 1, LINK_WINDOW);
                let url_end = text_end
                    .filter(|&e| chars.get(e + 1) == Some(&'('))
                    .and_then(|e| next(&next_paren, e + 2, LINK_WINDOW));
                match (text_end, url_end) {
                    (Some(text_end), Some(url_end)) => {
                        if out.ends_with('!') {
                            out.pop();
                        }
                        link_ends.push((text_end, url_end));
                    }
                    _ => out.push('['),
                }
                i += 1;
            }
            '<' => {
                let opens_tag = chars
                    .get(i + 1)
                    .is_some_and(|&n| n.is_ascii_alphabetic() || n == '/' || n == '!');
                let close = opens_tag
                    .then(|| next(&next_angle, i + 1, TAG_WINDOW))
                    .flatten();
                match close {
                    Some(close) => {
                        let tag: String =
                            chars.get(i + 1..close).unwrap_or_default().iter().collect();
                        let name = tag.split([' ', '/']).find(|p| !p.is_empty());
                        if tag.starts_with("http") || tag.starts_with("mailto:") {
                            out.push_str(&tag);
                        } else if name.is_some_and(|n| n.eq_ignore_ascii_case("br")) {
                            out.push(' ');
                        } else if tag.eq_ignore_ascii_case("sup") {
                            out.push('^');
                        }
                        i = close + 1;
                    }
                    None => {
                        out.push('<');
                        i += 1;
                    }
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    decode_entities(&out)
}

/// For each position, the index of the first `target` at or after it
/// (`usize::MAX` when there is none).
fn next_positions(chars: &[char], target: char) -> Vec<usize> {
    let mut next = vec![usize::MAX; chars.len() + 1];
    for k in (0..chars.len()).rev() {
        let after = next.get(k + 1).copied().unwrap_or(usize::MAX);
        if let Some(slot) = next.get_mut(k) {
            *slot = if chars.get(k) == Some(&target) {
                k
            } else {
                after
            };
        }
    }
    next
}

/// `- item`, `* item`, `+ item` → `item`; numbered items keep their number.
fn strip_list_marker(line: &str) -> &str {
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return rest;
        }
    }
    line
}

/// A paragraph being gathered from hard-wrapped lines.
#[derive(Default)]
struct Para {
    speaker: Option<String>,
    start: Option<f64>,
    text: String,
    quote: bool,
}

impl Para {
    fn flush(&mut self, b: &mut TranscriptBuilder) {
        if !self.text.trim().is_empty() {
            b.push(self.speaker.as_deref(), self.start, None, &self.text);
        }
        self.text.clear();
        self.start = None;
    }

    fn add(&mut self, text: &str) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(text);
    }
}

pub fn parse(text: &str) -> Transcript {
    let lines: Vec<&str> = text.lines().collect();
    let mut b = TranscriptBuilder::new(Format::Markdown);

    let mut body_from = 0;
    let mut title: Option<String> = None;
    if let Some((close, pairs)) = front_matter(&lines) {
        body_from = close + 1;
        for (key, value) in pairs {
            match key.as_str() {
                "title" => title = title.or(Some(clean_inline(&value))),
                "date" => b.set_date(&value),
                _ => {}
            }
        }
    }
    let body = lines.get(body_from..).unwrap_or_default();
    // The first `# ` heading is the title unless front matter gave one.
    let mut title_line = None;
    if title.is_none() {
        title_line = body
            .iter()
            .position(|l| heading(l).is_some_and(|(level, _)| level == 1));
        title = title_line
            .and_then(|i| body.get(i))
            .and_then(|l| heading(l))
            .map(|(_, t)| clean_inline(t));
    }
    if let Some(title) = &title {
        b.set_title(title);
    }
    let person = title.as_deref().and_then(person_in_title);

    let non_blank = body.iter().filter(|l| !l.trim().is_empty()).count();
    let quote_lines = body.iter().filter(|l| l.trim().starts_with('>')).count();
    let qa = quote_lines >= 2 && quote_lines * 4 >= non_blank;
    let answerer = person.clone().unwrap_or_else(|| ANSWERER.to_string());

    // Plain `Name: text` labels count only when the name recurs.
    let mut plain_counts: HashMap<String, usize> = HashMap::new();
    for line in body.iter().filter(|l| !l.trim().starts_with('>')) {
        if let Some((name, _)) = split_label(line) {
            *plain_counts.entry(name.to_string()).or_default() += 1;
        }
    }

    let resolve = |name: &str| -> String {
        if let Some(person) = &person {
            let mut parts = person.split_whitespace();
            let first = parts.next().unwrap_or_default();
            let last = parts.last().unwrap_or_default();
            if !name.contains(' ') && (name == first || name == last) {
                return person.clone();
            }
        }
        name.to_string()
    };

    let mut para = Para::default();
    let mut label: Option<String> = None;
    // A label line with nothing after it yet: it claims the next quote.
    let mut label_fresh = false;
    let mut in_fence = false;
    for (i, raw) in body.iter().enumerate() {
        let line = raw.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            para.flush(&mut b);
            in_fence = !in_fence;
            continue;
        }
        if line.is_empty() {
            para.flush(&mut b);
            continue;
        }
        if in_fence {
            let speaker = label.clone();
            if para.quote || para.speaker != speaker {
                para.flush(&mut b);
            }
            para.quote = false;
            para.speaker = speaker;
            para.add(line);
            continue;
        }
        if let Some(quoted) = line.strip_prefix('>') {
            let quoted = quoted.trim_start_matches(['>', ' ']).trim();
            let speaker = if label_fresh || !qa {
                label.clone().or_else(|| qa.then(|| answerer.clone()))
            } else {
                Some(answerer.clone())
            };
            if !para.quote || para.speaker != speaker {
                para.flush(&mut b);
            }
            para.quote = true;
            para.speaker = speaker;
            label_fresh = false;
            if quoted.is_empty() {
                para.flush(&mut b);
            } else {
                para.add(&clean_inline(strip_list_marker(quoted)));
            }
            continue;
        }
        // Past a Q&A answer, an unlabelled line is the interviewer's again.
        if para.quote {
            para.flush(&mut b);
            if qa {
                label = None;
            }
        }
        para.quote = false;
        if let Some((level, text)) = heading(line) {
            para.flush(&mut b);
            if !(level == 1 && title_line == Some(i)) {
                b.section(&clean_inline(text));
            }
            continue;
        }
        if is_rule(line) {
            para.flush(&mut b);
            continue;
        }
        if let Some(section) = bold_section(line) {
            para.flush(&mut b);
            b.section(&section);
            continue;
        }
        let found = bold_label(line).or_else(|| {
            split_label(line)
                .filter(|(name, _)| plain_counts.get(*name).is_some_and(|&c| c >= 2))
                .filter(|(name, _)| !is_annotation(name))
                .map(|(name, rest)| BoldLabel {
                    name: name.to_string(),
                    start: None,
                    rest,
                })
        });
        if let Some(found) = found {
            para.flush(&mut b);
            label = Some(resolve(&found.name));
            para.speaker = label.clone();
            para.start = found.start;
            let rest = found.rest.trim();
            label_fresh = rest.is_empty();
            if !rest.is_empty() {
                para.add(&clean_inline(rest));
            }
            continue;
        }
        let speaker = label.clone().or_else(|| qa.then(|| QUESTIONER.to_string()));
        if para.speaker != speaker {
            para.flush(&mut b);
            para.speaker = speaker;
        }
        label_fresh = false;
        para.add(&clean_inline(strip_list_marker(line)));
    }
    para.flush(&mut b);
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_turns as turns;

    #[test]
    fn inline_markup_becomes_text() {
        assert_eq!(
            clean_inline(r"**Bold** and *it* _em_ [a link](http://x.y) \$40 \& Q\&A `code`"),
            "Bold and it em a link $40 & Q&A code"
        );
        assert_eq!(
            clean_inline("snake_case SPEAKER_00 5 * 3"),
            "snake_case SPEAKER_00 5 * 3"
        );
        assert_eq!(
            clean_inline("O(N<sup>2</sup>) a<br/>b &amp; ![alt](i.png)"),
            "O(N^2) a b & alt"
        );
        assert_eq!(
            clean_inline("[unclosed and <not a tag"),
            "[unclosed and <not a tag"
        );
        assert_eq!(clean_inline("~~gone~~ ~one"), "gone ~one");
    }

    #[test]
    fn bold_labels_with_times() {
        let l = bold_label("**Michaela:** [00:00:02] Hello").unwrap();
        assert_eq!(
            (l.name.as_str(), l.start, l.rest),
            ("Michaela", Some(2.0), "Hello")
        );
        let l = bold_label("**Dan**: (00:02) Hi").unwrap();
        assert_eq!((l.name.as_str(), l.start, l.rest), ("Dan", Some(2.0), "Hi"));
        let l = bold_label("[00:01:00] **Dan:** Hi").unwrap();
        assert_eq!(l.start, Some(60.0));
        let l = bold_label("**Audience Member (Roy):**").unwrap();
        assert_eq!((l.name.as_str(), l.rest), ("Audience Member (Roy)", ""));
        assert_eq!(bold_label("**So this is a multi-part question:**"), None);
        assert_eq!(bold_label("**Note:** recorded remotely"), None);
        assert_eq!(bold_label("**Yeah**"), None);
    }

    #[test]
    fn people_in_titles() {
        assert_eq!(
            person_in_title("Sam Altman interview "),
            Some("Sam Altman".into())
        );
        assert_eq!(
            person_in_title("An Interview with Ada Lovelace, 1843"),
            Some("Ada Lovelace".into())
        );
        assert_eq!(
            person_in_title("Sam Altman's keynote"),
            Some("Sam Altman".into())
        );
        assert_eq!(person_in_title("Quarterly results"), None);
    }

    #[test]
    fn bold_sections_need_a_heading_word() {
        assert_eq!(
            bold_section(r"**Audience Q\&A Begins**"),
            Some("Audience Q&A Begins".into())
        );
        assert_eq!(bold_section("**Yeah**"), None);
        assert_eq!(bold_section("**Part of the questions were hard.**"), None);
    }

    #[test]
    fn qa_quotes_answer_and_labels_hold_until_the_answer() {
        let md = "# Ada Lovelace interview\n\n**First question?**\n\n> One.\n> Two.\n\n\
                  **Host:**\n**Second?**\n\n> Three.\n\nThird?\n> Four.\n\n**Ada:**\n> Five.\n";
        let t = parse(md);
        assert_eq!(t.title.as_deref(), Some("Ada Lovelace interview"));
        assert_eq!(
            turns(&t),
            [
                ("Interviewer", "First question?"),
                ("Ada Lovelace", "One. Two."),
                ("Host", "Second?"),
                ("Ada Lovelace", "Three."),
                ("Interviewer", "Third?"),
                ("Ada Lovelace", "Four. Five."),
            ]
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "---",
            "---\ntitle: x",
            "**",
            "****",
            "**:**",
            "> ",
            ">",
            "# ",
            "#",
            "[",
            "[](",
            "<",
            "<a",
            "\\",
            "**a**:",
            "__x__",
            "```",
            "é**é:**",
        ] {
            let _ = parse(s);
            let _ = sniff(s);
            let _ = clean_inline(s);
        }
    }
}
