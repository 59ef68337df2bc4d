//! News articles and other prose: narration paragraphs, with quoted answers
//! given to the person the text names just before them.
//!
//! A paragraph that is wholly a quotation becomes a turn by the quoted
//! person when the lead-in names them ("Altman said:", "Sorkin asked Altman
//! …" means Altman answers); a surname is resolved to the full name used
//! elsewhere in the text ("Sam Altman"). Every narration paragraph and bullet
//! is its own turn with no speaker. Date lines become the date, the first
//! headline-like line the title, short headings ("Highlights") sections, and
//! page chrome ("You've reached the end") is dropped.
//!
//! This module must never claim a `Name: text` script or a short note, and
//! never invent a speaker that the text does not name: an unattributed quote
//! with no earlier quoted speaker stays narration.

use std::collections::HashMap;

use crate::format::{Detection, Format};
use crate::model::{Transcript, TranscriptBuilder};

/// Fewer paragraphs than this is a note, not an article.
const MIN_PARAGRAPHS: usize = 3;
/// Average words per paragraph above which text reads as prose.
const PROSE_WORDS: usize = 25;
/// Lines looked at by the sniffer: enough to judge, bounded for huge pastes.
const SNIFF_LINES: usize = 400;
/// Longest line (characters) that can be part of a hard-wrapped paragraph.
const WRAP_WIDTH: usize = 100;
/// Longest first line (words) taken as the title.
const TITLE_WORDS: usize = 25;
/// Longest line (words) taken as a section heading.
const HEADING_WORDS: usize = 6;

/// Lines that are part of the web page, not the article.
const CHROME: &[&str] = &[
    "opinions",
    "you've reached the end",
    "advertisement",
    "share",
    "share this article",
    "related",
    "related articles",
    "read more",
    "comments",
    "subscribe",
    "skip to content",
    "sign in",
    "log in",
];

pub fn sniff(text: &str) -> Option<Detection> {
    let head: String = text
        .lines()
        .take(SNIFF_LINES)
        .map(|l| l.trim_start_matches('\u{feff}').trim_end_matches('\r'))
        .collect::<Vec<_>>()
        .join("\n");
    let lines: Vec<&str> = head
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if not_prose(&lines).is_some() {
        return None;
    }
    let paragraphs = paragraphs(&head);
    let content: Vec<&str> = paragraphs
        .iter()
        .filter_map(|p| match p {
            Para::Text(t) | Para::Bullet(t) => Some(t.as_str()),
            Para::Date(_) => None,
        })
        .collect();
    if content.len() < MIN_PARAGRAPHS {
        return None;
    }
    let words: usize = content.iter().map(|p| p.split_whitespace().count()).sum();
    let average = words / content.len();
    let names = NameIndex::new(&head);
    let quotes = content
        .windows(2)
        .filter(|w| {
            let (Some(lead), Some(quote)) = (w.first(), w.get(1)) else {
                return false;
            };
            quotation(quote).is_some() && attribution(lead, &names).is_some()
        })
        .count();
    if average > PROSE_WORDS {
        return Some(Detection {
            format: Format::Article,
            evidence: format!(
                "{} paragraphs of prose, {average} words each on average",
                content.len()
            ),
        });
    }
    (quotes > 0).then(|| Detection {
        format: Format::Article,
        evidence: format!("{quotes} quoted paragraphs attributed to a named person"),
    })
}

/// Why these lines are some other format (a script, a timed transcript,
/// Markdown), if they are.
fn not_prose(lines: &[&str]) -> Option<&'static str> {
    let total = lines.len().max(1);
    let labelled = lines.iter().filter(|l| speaker_label(l)).count();
    if labelled >= 2 && labelled * 3 >= total {
        return Some("speaker labels");
    }
    let timed = lines
        .iter()
        .filter(|l| ends_with_clock(l) || l.contains("-->"))
        .count();
    if timed >= 3 && timed * 10 >= total {
        return Some("time stamps");
    }
    // Bracketed times ("[00:00:02]") and bold labels are never in prose,
    // however long the paragraphs around them.
    let bracketed = lines.iter().filter(|l| has_bracketed_clock(l)).count();
    let bold_labels = lines
        .iter()
        .filter(|l| l.starts_with("**") && (l.contains(":**") || l.contains("**:")))
        .count();
    if bracketed >= 3 || bold_labels >= 2 {
        return Some("labelled transcript");
    }
    if lines.first().is_some_and(|l| *l == "---") {
        return Some("front matter");
    }
    let markdown = lines
        .iter()
        .filter(|l| l.starts_with(['#', '>', '|', '<', '{', '[']) || l.starts_with("**"))
        .count();
    (markdown >= 3 && markdown * 10 >= total).then_some("Markdown, HTML or JSON")
}

/// `[00:01:02]` or `[1:02]` somewhere in the line.
fn has_bracketed_clock(line: &str) -> bool {
    line.split('[').skip(1).any(|part| {
        part.split_once(']').is_some_and(|(inner, _)| {
            inner.contains(':') && ends_with_clock(inner.split('.').next().unwrap_or_default())
        })
    })
}

/// `Name: text` with a short capitalised label and some text after it.
fn speaker_label(line: &str) -> bool {
    let Some((label, rest)) = line.split_once(':') else {
        return false;
    };
    let label = label
        .trim()
        .trim_matches(|c| c == '*' || c == '[' || c == ']');
    let words = label.split_whitespace().count();
    (1..=4).contains(&words)
        && label.chars().count() <= 40
        && label.chars().next().is_some_and(char::is_uppercase)
        && !rest.starts_with("//")
        && !rest.trim().is_empty()
        && !label.chars().all(|c| c.is_ascii_digit())
}

/// A line that is, or ends with, a clock time (`0:03`, `12:00:01`).
fn ends_with_clock(line: &str) -> bool {
    let last = line.split_whitespace().last().unwrap_or_default();
    let parts: Vec<&str> = last.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
}

pub fn parse(text: &str) -> Transcript {
    let mut b = TranscriptBuilder::new(Format::Article);
    let names = NameIndex::new(text);
    let paragraphs = paragraphs(text);
    let mut seen_content = false;
    // The speaker of the last quotation: an unattributed quote that follows
    // narration about the same conversation is theirs.
    let mut last_quoted: Option<String> = None;
    // Speaker of the previous paragraph if it was a quotation, or the
    // attribution found in the previous narration paragraph.
    let mut previous: Previous = Previous::Nothing;
    let count = paragraphs.len();
    for (i, para) in paragraphs.iter().enumerate() {
        let text = match para {
            Para::Date(date) => {
                b.set_date(date);
                continue;
            }
            Para::Bullet(text) => {
                seen_content = true;
                narration(&mut b, text);
                previous = Previous::Narration(None);
                continue;
            }
            Para::Text(text) => text,
        };
        if is_chrome(text) {
            continue;
        }
        if !seen_content && title_like(text) {
            b.set_title(text);
            seen_content = true;
            continue;
        }
        seen_content = true;
        if i + 1 < count && heading_like(text) {
            b.section(text);
            previous = Previous::Nothing;
            continue;
        }
        if let Some(quote) = quotation(text) {
            let speaker = match &previous {
                Previous::Quote(name) => Some(name.clone()),
                Previous::Narration(Some(name)) => Some(name.clone()),
                _ => last_quoted.clone(),
            };
            match speaker {
                Some(name) => {
                    b.push(Some(&name), None, None, quote);
                    last_quoted = Some(name.clone());
                    previous = Previous::Quote(name);
                }
                None => {
                    narration(&mut b, text);
                    previous = Previous::Narration(None);
                }
            }
            continue;
        }
        // Narration ending in a quotation introduced by a colon or comma:
        // the lead-in is narration, the quotation the named person's turn.
        if let Some((lead, quote)) = trailing_quotation(text) {
            if let Some(name) = attribution(lead, &names) {
                narration(&mut b, lead);
                b.break_turn();
                b.push(Some(&name), None, None, quote);
                last_quoted = Some(name.clone());
                previous = Previous::Quote(name);
                continue;
            }
        }
        narration(&mut b, text);
        previous = Previous::Narration(attribution(text, &names));
    }
    b.finish()
}

enum Previous {
    Nothing,
    Quote(String),
    Narration(Option<String>),
}

fn narration(b: &mut TranscriptBuilder, text: &str) {
    b.break_turn();
    b.push(None, None, None, text);
    b.break_turn();
}

/// A paragraph as the parser sees it.
#[derive(Debug, Clone, PartialEq)]
enum Para {
    Date(String),
    Bullet(String),
    Text(String),
}

/// Splits text into paragraphs: blank-line blocks whose lines are
/// hard-wrapped are joined; otherwise every line is a paragraph (news pages
/// pasted from a browser put one paragraph per line).
fn paragraphs(text: &str) -> Vec<Para> {
    let mut out = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        let line = line.trim_start_matches('\u{feff}').trim();
        if !line.is_empty() {
            block.push(line);
            continue;
        }
        if block.is_empty() {
            continue;
        }
        let wrapped = is_wrapped(&block);
        let mut run: Vec<&str> = Vec::new();
        for line in block.drain(..) {
            let para = classify(line);
            match para {
                Para::Text(_) if wrapped => run.push(line),
                other => {
                    flush_run(&mut run, &mut out);
                    out.push(other);
                }
            }
        }
        flush_run(&mut run, &mut out);
    }
    out
}

fn flush_run(run: &mut Vec<&str>, out: &mut Vec<Para>) {
    if !run.is_empty() {
        out.push(Para::Text(run.join(" ")));
        run.clear();
    }
}

/// A block is hard-wrapped when its text lines (all but the last) are
/// short and mostly do not end a sentence.
fn is_wrapped(block: &[&str]) -> bool {
    let text: Vec<&str> = block
        .iter()
        .copied()
        .filter(|l| matches!(classify(l), Para::Text(_)))
        .collect();
    let Some((_, init)) = text.split_last() else {
        return false;
    };
    if init.is_empty() || init.iter().any(|l| l.chars().count() > WRAP_WIDTH) {
        return false;
    }
    let open = init.iter().filter(|l| !ends_sentence(l)).count();
    open * 2 >= init.len()
}

fn ends_sentence(line: &str) -> bool {
    line.ends_with(['.', '!', '?', ':', '"', '”', '’', ')', '…'])
}

fn classify(line: &str) -> Para {
    if let Some(rest) = ["• ", "- ", "* ", "· "]
        .iter()
        .find_map(|b| line.strip_prefix(b))
    {
        return Para::Bullet(rest.trim().to_string());
    }
    if is_date(line) {
        return Para::Date(line.to_string());
    }
    Para::Text(line.to_string())
}

const MONTHS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// "Jan 28, 2025, 12:00 AM", "January 28, 2025", "28 January 2025",
/// "2025-01-28", optionally after "Published"/"Updated".
fn is_date(line: &str) -> bool {
    let words: Vec<String> = line
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| c == ',' || c == '.')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 8 {
        return false;
    }
    let iso = words.iter().any(|w| {
        let parts: Vec<&str> = w.split('-').collect();
        parts.len() == 3
            && parts.first().is_some_and(|y| y.len() == 4)
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    });
    let month = words.iter().any(|w| MONTHS.contains(&w.as_str()));
    let year = words.iter().any(|w| {
        w.len() == 4 && w.starts_with(['1', '2']) && w.chars().all(|c| c.is_ascii_digit())
    });
    let other_words_fit = words.iter().all(|w| {
        MONTHS.contains(&w.as_str())
            || w.chars()
                .all(|c| c.is_ascii_digit() || c == ':' || c == '-' || c == '/')
            || matches!(
                w.as_str(),
                "am" | "pm"
                    | "published"
                    | "updated"
                    | "posted"
                    | "on"
                    | "at"
                    | "utc"
                    | "gmt"
                    | "et"
                    | "est"
                    | "edt"
                    | "pt"
                    | "pst"
                    | "pdt"
                    | "cet"
            )
            || w.ends_with("st")
            || w.ends_with("nd")
            || w.ends_with("rd")
            || w.ends_with("th")
    });
    other_words_fit && (iso || (month && year))
}

fn is_chrome(line: &str) -> bool {
    let norm = line.replace('’', "'").to_lowercase();
    let norm = norm.trim_end_matches(['.', '!']).trim();
    CHROME.contains(&norm)
}

/// A headline: not too long, not a sentence with a final period, not a
/// quotation or a script line.
fn title_like(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=TITLE_WORDS).contains(&words)
        && !line.ends_with(['.', ':', ';', ','])
        && quotation(line).is_none()
        && line
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// A section heading: a few capitalised words and no punctuation at the end.
fn heading_like(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=HEADING_WORDS).contains(&words)
        && !line.ends_with(|c: char| c.is_ascii_punctuation() || "”’…".contains(c))
        && line.chars().next().is_some_and(char::is_uppercase)
}

const OPENING: [char; 2] = ['“', '"'];
const CLOSING: [char; 2] = ['”', '"'];

/// The words of a paragraph that is wholly one quotation, without the
/// quotation marks. A paragraph with an opening mark and no closing one is
/// a quotation too (a quote that runs on into the next paragraph).
fn quotation(text: &str) -> Option<&str> {
    let text = text.trim();
    let inner = text.strip_prefix(OPENING)?;
    let inner = inner.strip_suffix(CLOSING).unwrap_or(inner).trim();
    // Another double quotation mark inside means narration between quotes.
    if inner.contains(OPENING) || inner.contains(CLOSING) || inner.is_empty() {
        return None;
    }
    Some(inner)
}

/// `lead-in: “quotation”` or `lead-in, “quotation”` ending the paragraph.
fn trailing_quotation(text: &str) -> Option<(&str, &str)> {
    let text = text.trim();
    // The last opening mark right after a colon or comma (a straight `"`
    // also closes, so the final character is not a candidate).
    let open = text
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            OPENING.contains(&c)
                && i + c.len_utf8() < text.len()
                && text
                    .get(..i)
                    .is_some_and(|lead| lead.trim_end().ends_with([':', ',']))
        })
        .map(|(i, _)| i)?;
    let (lead, quote) = text.split_at(open);
    let quote = quotation(quote)?;
    // The closing mark must end the paragraph.
    text.ends_with(CLOSING).then_some((lead.trim_end(), quote))
}

/// Verbs that, right after a name, make it the speaker of what follows.
const SAYING: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "told",
    "tells",
    "explained",
    "explains",
    "replied",
    "replies",
    "answered",
    "answers",
    "responded",
    "responds",
    "noted",
    "notes",
    "continued",
    "continues",
    "wrote",
    "writes",
    "argued",
    "argues",
    "stated",
    "recalled",
    "joked",
    "insisted",
    "admitted",
    "acknowledged",
    "warned",
    "remarked",
    "predicted",
    "suggested",
    "declared",
    "conceded",
    "countered",
    "quipped",
    "observed",
    "claimed",
    "put",
    "shared",
    "emphasized",
    "stressed",
    "tweeted",
    "posted",
    "commented",
    "concluded",
    "mused",
    "reflected",
    "teased",
    "went",
    "did",
    "didn't",
    "didn’t",
    "doesn't",
    "doesn’t",
    "wasn't",
    "wasn’t",
    "put",
    "had",
    "has",
    "offered",
    "laughed",
    "pushed",
    "pointed",
    "described",
    "spoke",
    "speaks",
];
/// Words between a name and its verb that do not change who speaks.
const ADVERBS: &[&str] = &[
    "also", "then", "later", "again", "once", "recently", "simply", "quickly", "further",
];
/// Capitalised words that are not names (sentence starts, pronouns, titles).
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "When",
    "Regarding",
    "Looking",
    "In",
    "On",
    "At",
    "As",
    "But",
    "And",
    "Or",
    "So",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Their",
    "Our",
    "My",
    "Some",
    "Many",
    "Most",
    "After",
    "Before",
    "While",
    "Asked",
    "Referring",
    "According",
    "If",
    "Despite",
    "Following",
    "Notably",
    "Additionally",
    "Recently",
    "However",
    "Meanwhile",
    "Still",
    "Yet",
    "For",
    "With",
    "From",
    "To",
    "Of",
    "By",
    "Speaking",
    "Here",
    "There",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
    "Then",
    "Now",
    "Today",
    "Yesterday",
    "Later",
    "Earlier",
    "One",
    "Two",
    "Both",
    "All",
    "Each",
    "Every",
    "No",
    "Not",
    "President",
    "CEO",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Sir",
    "Senator",
    "Sen",
    "Rep",
    "Gov",
    "Governor",
    "Mayor",
    "Head",
    "Officer",
    "Agent",
    "Coach",
    "Lord",
    "Lady",
    "Saint",
    "St",
    "Chairman",
    "Chair",
    "Professor",
    "Prof",
    "Judge",
    "Secretary",
    "Minister",
    "Prime",
    "General",
    "Captain",
    "Founder",
    "Cofounder",
    "Co-founder",
    "Chief",
    "Host",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// One word of a lead-in with the punctuation around it noted.
struct Word<'a> {
    /// The word without surrounding punctuation or a possessive `'s`.
    bare: &'a str,
    /// Followed by punctuation (a comma, a colon…) or possessive: it cannot
    /// be the subject of the next word.
    closed: bool,
}

fn words(text: &str) -> Vec<Word<'_>> {
    text.split_whitespace()
        .map(|raw| {
            let front = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
            let bare = front.trim_end_matches(|c: char| !c.is_alphanumeric());
            let mut closed = bare.len() != front.len();
            let bare = match ["’s", "'s"].iter().find_map(|s| bare.strip_suffix(s)) {
                Some(stem) => {
                    closed = true;
                    stem
                }
                None => bare,
            };
            Word { bare, closed }
        })
        .collect()
}

/// A word that can be (part of) a person's name: capitalised, then
/// lowercase (no `OpenAI`, no `CEO`), not a sentence-start word or title.
fn name_word(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() || NOT_NAMES.contains(&word) {
        return false;
    }
    let title_prefix = word
        .split_once('-')
        .is_some_and(|(head, _)| NOT_NAMES.contains(&head));
    let rest: Vec<char> = chars.collect();
    !title_prefix
        && rest.iter().any(|c| c.is_lowercase())
        && !rest
            .iter()
            .zip(rest.iter().skip(1))
            .any(|(a, b)| a.is_lowercase() && b.is_uppercase() && *a != 'c')
}

/// Full names seen in the text, by their last word: "Altman" → "Sam Altman".
struct NameIndex {
    by_surname: HashMap<String, String>,
}

impl NameIndex {
    fn new(text: &str) -> Self {
        let mut by_surname = HashMap::new();
        for line in text.lines() {
            let words = words(line);
            let mut run: Vec<&str> = Vec::new();
            for (i, word) in words.iter().enumerate() {
                let is_name = name_word(word.bare);
                if is_name {
                    run.push(word.bare);
                }
                let ends = !is_name || word.closed || i + 1 == words.len();
                if ends {
                    if (2..=3).contains(&run.len()) {
                        if let Some(last) = run.last() {
                            by_surname
                                .entry((*last).to_string())
                                .or_insert_with(|| run.join(" "));
                        }
                    }
                    run.clear();
                }
            }
        }
        NameIndex { by_surname }
    }

    /// The full name for the name ending at `words[i]`.
    fn resolve(&self, words: &[Word<'_>], i: usize) -> Option<String> {
        let mut start = i;
        while start > 0 && i - start < 2 {
            match words.get(start - 1) {
                Some(w) if name_word(w.bare) && !w.closed => start -= 1,
                _ => break,
            }
        }
        let run: Vec<&str> = words.get(start..=i)?.iter().map(|w| w.bare).collect();
        if run.len() >= 2 {
            return Some(run.join(" "));
        }
        let last = run.first()?;
        Some(
            self.by_surname
                .get(*last)
                .cloned()
                .unwrap_or_else(|| (*last).to_string()),
        )
    }

    fn is_full_name(&self, name: &str) -> bool {
        name.contains(' ')
    }
}

/// The last word of the name that starts at `words[i]` (up to three words).
fn run_end(words: &[Word<'_>], i: usize) -> usize {
    let mut end = i;
    while end < i + 2 {
        let open = words.get(end).is_some_and(|w| !w.closed);
        match words.get(end + 1) {
            Some(next) if open && name_word(next.bare) => end += 1,
            _ => break,
        }
    }
    end
}

/// The person a lead-in names as the speaker of what follows it.
/// "Sorkin asked Altman …" → Altman; "Altman was asked …", "Altman said:",
/// "…, Altman didn't buy it:" → Altman. A name resolved to a known full name
/// wins over a bare capitalised word (which may be a company).
fn attribution(lead: &str, names: &NameIndex) -> Option<String> {
    let words = words(lead);
    let mut fallback = None;
    for (i, word) in words.iter().enumerate() {
        let lower_is = |j: usize, set: &[&str]| {
            words
                .get(j)
                .is_some_and(|w| set.iter().any(|s| s.eq_ignore_ascii_case(w.bare)))
        };
        // "said Altman", "says Altman"
        if lower_is(i, &["said", "says"]) && !word.closed {
            if let Some(next) = words.get(i + 1) {
                if name_word(next.bare) {
                    let name = names.resolve(&words, run_end(&words, i + 1));
                    if let Some(name) = name.filter(|n| names.is_full_name(n)) {
                        return Some(name);
                    }
                }
            }
        }
        if !name_word(word.bare) || word.closed {
            continue;
        }
        let mut j = i + 1;
        if lower_is(j, ADVERBS) && !words.get(j).is_some_and(|w| w.closed) {
            j += 1;
        }
        let Some(verb) = words.get(j) else { continue };
        let speaker_index = if verb.bare == "asked" {
            // "Sorkin asked Altman …": the one asked answers.
            match words.get(j + 1) {
                Some(next) if !verb.closed && name_word(next.bare) => Some(run_end(&words, j + 1)),
                _ => Some(i),
            }
        } else if verb.bare == "was" || verb.bare == "is" {
            lower_is(j + 1, &["asked", "quoted", "pressed", "questioned"]).then_some(i)
        } else if SAYING.contains(&verb.bare)
            || SAYING.contains(&verb.bare.replace('\'', "’").as_str())
        {
            Some(i)
        } else {
            None
        };
        let Some(k) = speaker_index else { continue };
        let Some(name) = names.resolve(&words, k) else {
            continue;
        };
        if names.is_full_name(&name) {
            return Some(name);
        }
        fallback.get_or_insert(name);
    }
    fallback
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> NameIndex {
        NameIndex::new(text)
    }

    #[test]
    fn attribution_finds_the_answering_person() {
        let idx = names("OpenAI CEO Sam Altman met Andrew Ross Sorkin and Elon Musk’s team.");
        let cases = [
            ("Altman said:", Some("Sam Altman")),
            (
                "Sorkin asked Altman about the fact that he never received equity.",
                Some("Sam Altman"),
            ),
            (
                "Regarding the race, Altman was asked if OpenAI needed to build more:",
                Some("Sam Altman"),
            ),
            (
                "When asked if AI’s scaling laws might be hitting a wall, Altman didn’t buy it:",
                Some("Sam Altman"),
            ),
            (
                "Looking ahead to next year, Altman later said:",
                Some("Sam Altman"),
            ),
            (
                "The conversation turned to Elon Musk’s influence and how Musk might use it:",
                None,
            ),
            ("Sorkin asked:", Some("Andrew Ross Sorkin")),
            ("“Never,” said Jane Doe:", Some("Jane Doe")),
            ("Nobody here speaks.", None),
        ];
        for (lead, want) in cases {
            assert_eq!(attribution(lead, &idx).as_deref(), want, "{lead}");
        }
    }

    #[test]
    fn names_resolve_by_surname_and_skip_titles() {
        let idx = names(
            "President-elect Donald Trump met Microsoft CEO Satya Nadella.\nSam Altman denies it",
        );
        assert_eq!(
            idx.by_surname.get("Trump").map(String::as_str),
            Some("Donald Trump")
        );
        assert_eq!(
            idx.by_surname.get("Nadella").map(String::as_str),
            Some("Satya Nadella")
        );
        assert_eq!(
            idx.by_surname.get("Altman").map(String::as_str),
            Some("Sam Altman")
        );
        assert!(!name_word("OpenAI") && !name_word("CEO") && name_word("McCarthy"));
    }

    #[test]
    fn quotations_and_dates() {
        assert_eq!(quotation("“I don’t think so.”"), Some("I don’t think so."));
        assert_eq!(quotation("\"Yes,\" he said. \"No.\""), None);
        assert_eq!(
            quotation("“Runs on into the next paragraph"),
            Some("Runs on into the next paragraph")
        );
        assert_eq!(quotation("Not a quote."), None);
        assert_eq!(
            trailing_quotation("Altman reflected: “I grew up with him.”"),
            Some(("Altman reflected:", "I grew up with him."))
        );
        assert_eq!(trailing_quotation("He said, “A,” and left."), None);
        for date in [
            "Jan 28, 2025, 12:00 AM",
            "January 28, 2025",
            "Updated 28 January 2025",
            "2025-01-28",
        ] {
            assert!(is_date(date), "{date}");
        }
        for not in [
            "Jan is my friend",
            "2025 was a year",
            "May 2025 be kind to all of us here",
        ] {
            assert!(!is_date(not), "{not}");
        }
    }

    #[test]
    fn wrapped_blocks_join_and_line_paragraphs_do_not() {
        let wrapped = "This paragraph was wrapped by an editor at a\nfixed width so that the lines break in the\nmiddle of sentences.";
        assert_eq!(paragraphs(wrapped).len(), 1);
        let lines = "One whole paragraph here.\nAnother paragraph on its own line.\n• A bullet";
        assert_eq!(
            paragraphs(lines),
            [
                Para::Text("One whole paragraph here.".into()),
                Para::Text("Another paragraph on its own line.".into()),
                Para::Bullet("A bullet".into())
            ]
        );
    }

    #[test]
    fn scripts_notes_and_timed_text_are_not_articles() {
        let script = "Ana: Hello there, this is a fairly long line of talk that goes on and on for a while.\nBen: And this is the answer, which also goes on for quite a few words in a row here.\nAna: Fine, thanks for all of that, it was a pleasure to talk about it all at such length.";
        assert_eq!(sniff(script), None);
        assert_eq!(sniff("Buy milk.\n\nCall Ana.\n\nFix the bike."), None);
        let otter = "Ana  0:03\nA long paragraph of talk that goes on for quite a number of words, more than twenty five for sure, to look like prose.\n\nBen  0:30\nAnother long paragraph of talk that goes on for quite a number of words, more than twenty five for sure, to look like prose.\n\nAna  1:03\nA third long paragraph of talk that goes on for quite a number of words, more than twenty five for sure, to look like prose.";
        assert_eq!(sniff(otter), None);
    }
}
