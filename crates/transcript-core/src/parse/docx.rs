//! Word documents (`.docx`): Otter, Rev, Descript, Sonix, Trint and Teams
//! exports, Google Docs downloads.
//!
//! Only `word/document.xml` (and `docProps/core.xml` for the title and
//! date) is read, through [`super::zip`] and the flat [`super::xml`]
//! tokenizer. The document becomes text, one paragraph a line, that the
//! text formats then read as any pasted transcript (detection, then the
//! label-shape induction when no format's own rules find a speaker):
//! - runs are joined; tabs are kept; a line break starts a new line;
//! - a paragraph that starts with a short bold run (a speaker name) is
//!   written `**Name** rest`, as Markdown interviews write it;
//! - `Heading` / `Title` styles become `#` headings (sections);
//! - a table row becomes one line (a header row of column names is left
//!   out): `Name (0:01:02): text` when its cells
//!   are a name, a time and the text (in any order), `Name: text` for a
//!   name and the text, else its cells joined by tabs;
//! - deleted text, field codes, text boxes and `mc:Fallback` copies are
//!   left out.
//!
//! This module must never panic on any bytes.

use super::labels::strict_clock;
use super::xml::{attr, local, Tok, Xml};
use crate::text::decode_entities;

/// Longest bold run at a paragraph's start taken for a speaker name.
const MAX_BOLD_NAME: usize = 60;

/// A Word document read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Docx {
    /// One paragraph a line.
    pub text: String,
    pub title: Option<String>,
    pub date: Option<String>,
}

impl Docx {
    /// Marks a transcript read from this document's text as a Word
    /// document, with the document's title and date where it has none.
    pub fn describe(&self, t: &mut crate::model::Transcript) {
        t.metadata.format = crate::format::Format::Docx;
        if t.title.is_none() {
            t.title.clone_from(&self.title);
        }
        if t.metadata.date.is_none() {
            t.metadata.date.clone_from(&self.date);
        }
    }
}

/// Reads a `.docx` file's text, or says in one sentence why it cannot.
pub fn read(bytes: &[u8]) -> Result<Docx, String> {
    let mut files = super::zip::files(bytes, &["word/document.xml", "docProps/core.xml"])?;
    let core = files.pop().flatten();
    let document = files
        .pop()
        .flatten()
        .ok_or("This is a zip archive but not a Word document: it has no word/document.xml.")?;
    let document = String::from_utf8_lossy(&document);
    let mut doc = Docx {
        text: document_text(&document),
        title: None,
        date: None,
    };
    if let Some(core) = core {
        let core = String::from_utf8_lossy(&core);
        doc.title = element_text(&core, "title");
        doc.date = element_text(&core, "created").map(|d| d.chars().take(10).collect::<String>());
    }
    Ok(doc)
}

/// The text of the first element called `name` (local name), if not empty.
fn element_text(xml: &str, name: &str) -> Option<String> {
    let mut inside = false;
    let mut text = String::new();
    for tok in Xml::new(xml) {
        match tok {
            Tok::Open { name: n, empty, .. } if local(n) == name && !empty => inside = true,
            Tok::Close(n) if inside && local(n) == name => break,
            Tok::Text(raw) if inside => text.push_str(&decode_entities(raw)),
            Tok::Cdata(data) if inside => text.push_str(data),
            _ => {}
        }
    }
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// One paragraph being read: its runs' text, and how much of its start is bold.
struct Paragraph {
    text: String,
    /// Bytes of `text` at its start in bold runs.
    bold_prefix: usize,
    /// Whether every run so far (but leading blanks) was bold.
    bold_open: bool,
    heading: Option<usize>,
}

impl Default for Paragraph {
    fn default() -> Self {
        Paragraph {
            text: String::new(),
            bold_prefix: 0,
            bold_open: true,
            heading: None,
        }
    }
}

/// `word/document.xml` as text, one paragraph a line.
pub(crate) fn document_text(xml: &str) -> String {
    let mut out = String::new();
    let mut p = Paragraph::default();
    let mut bold = false;
    let mut in_text = false;
    // Inside `mc:Fallback` (a copy of what `mc:Choice` holds) or a text
    // box (captions, pull quotes; its paragraphs nest inside another's):
    // skipped.
    let mut fallback = 0usize;
    // Table cells of the current row, and how deep in tables we are.
    let mut cells: Vec<String> = Vec::new();
    let mut tables = 0usize;
    for tok in Xml::new(xml) {
        match tok {
            Tok::Open { name, attrs, empty } => match local(name) {
                "Fallback" | "txbxContent" if !empty => fallback += 1,
                _ if fallback > 0 => {}
                "p" if !empty => p = Paragraph::default(),
                "r" => bold = false,
                "b" | "bCs" => bold = !matches!(attr(attrs, "val"), Some("0" | "false")),
                "t" if !empty => in_text = true,
                "tab" => push_run(&mut p, "\t", bold),
                "br" | "cr" => push_run(&mut p, "\n", false),
                "pStyle" => p.heading = heading_level(attr(attrs, "val").unwrap_or_default()),
                "tbl" if !empty => tables += 1,
                "tr" if tables == 1 => cells.clear(),
                "tc" if tables == 1 && !empty => cells.push(String::new()),
                _ => {}
            },
            Tok::Close(name) => match local(name) {
                "Fallback" | "txbxContent" => fallback = fallback.saturating_sub(1),
                _ if fallback > 0 => {}
                "t" => in_text = false,
                "p" => {
                    let line = std::mem::take(&mut p).finish();
                    match cells.last_mut() {
                        Some(cell) if tables > 0 => {
                            if !cell.is_empty() && !line.is_empty() {
                                cell.push(' ');
                            }
                            cell.push_str(&line);
                        }
                        _ => push_line(&mut out, &line),
                    }
                }
                "tr" if tables == 1 => {
                    if !is_header_row(&cells) {
                        push_line(&mut out, &row_line(&cells));
                    }
                    cells.clear();
                }
                "tbl" => tables = tables.saturating_sub(1),
                _ => {}
            },
            Tok::Text(raw) if in_text && fallback == 0 => {
                push_run(&mut p, &decode_entities(raw), bold)
            }
            Tok::Cdata(data) if in_text && fallback == 0 => push_run(&mut p, data, bold),
            _ => {}
        }
    }
    out
}

fn push_run(p: &mut Paragraph, text: &str, bold: bool) {
    p.text.push_str(text);
    if p.bold_open {
        if bold {
            p.bold_prefix = p.text.len();
        } else if p.bold_prefix > 0 || !text.trim().is_empty() {
            p.bold_open = false;
        }
    }
}

impl Paragraph {
    fn finish(self) -> String {
        let text = self.text;
        if let Some(level) = self.heading {
            let title = text.trim();
            return if title.is_empty() {
                String::new()
            } else {
                format!("{} {title}", "#".repeat(level))
            };
        }
        let (bold, rest) = text
            .split_at_checked(self.bold_prefix)
            .unwrap_or(("", &text));
        let name = bold.trim();
        let short = name.len() <= MAX_BOLD_NAME && name.split_whitespace().count() <= 6;
        if name.is_empty() || !short || name.contains('\n') {
            return text;
        }
        format!(
            "**{name}**{}",
            if rest.starts_with(char::is_whitespace) || rest.is_empty() {
                rest.to_string()
            } else {
                format!(" {rest}")
            }
        )
    }
}

/// `Heading1`…`Heading6` and `Title` (`Heading 1` in some writers).
fn heading_level(style: &str) -> Option<usize> {
    let style = style.replace(' ', "");
    if style.eq_ignore_ascii_case("Title") {
        return Some(1);
    }
    let n = style
        .strip_prefix("Heading")
        .or_else(|| style.strip_prefix("heading"))?;
    let n: usize = n.parse().ok()?;
    (1..=6).contains(&n).then_some(n + 1)
}

fn push_line(out: &mut String, line: &str) {
    let line = line.trim_end();
    if line.trim().is_empty() {
        return;
    }
    out.push_str(line);
    out.push('\n');
}

/// A table row as one line (see the module notes).
fn row_line(cells: &[String]) -> String {
    let cells: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    let time = cells.iter().position(|c| strict_clock(c).is_some());
    let rest: Vec<&str> = cells
        .iter()
        .enumerate()
        .filter(|&(i, _)| Some(i) != time)
        .map(|(_, c)| *c)
        .collect();
    match (time, rest.as_slice()) {
        (Some(t), [name, text]) if is_name_cell(name) => {
            format!("{name} ({}): {text}", cells.get(t).unwrap_or(&""))
        }
        (None, [name, text]) if is_name_cell(name) => format!("{name}: {text}"),
        _ => cells.join("\t"),
    }
}

/// A table's header row: only column names such as `Speaker | Time | Text`.
fn is_header_row(cells: &[String]) -> bool {
    const HEADERS: &[&str] = &[
        "speaker",
        "name",
        "time",
        "timestamp",
        "start",
        "end",
        "text",
        "transcript",
        "words",
        "dialogue",
        "content",
    ];
    cells.iter().any(|c| !c.trim().is_empty())
        && cells.iter().all(|c| {
            let c = c.trim();
            c.is_empty() || HEADERS.iter().any(|h| h.eq_ignore_ascii_case(c))
        })
}

/// A cell that can be a speaker's name: short, a few words, no sentence end.
fn is_name_cell(cell: &str) -> bool {
    cell.chars().count() <= 40
        && cell.split_whitespace().count() <= 4
        && !cell.ends_with(['.', '?', '!'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        assert_eq!(heading_level("Heading2"), Some(3));
        assert_eq!(heading_level("Title"), Some(1));
        assert_eq!(heading_level("Normal"), None);
    }
}
