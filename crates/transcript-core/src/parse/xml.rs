//! A small, flat XML tokenizer for the XML transcript formats (TTML,
//! YouTube's timed text, Word's `document.xml`).
//!
//! Why not a crate: the readers need start tags with their attributes, end
//! tags and text, nothing more, and this is some 150 lines over `&str`
//! that add a few KB to the worker where `quick-xml` or `roxmltree` add
//! tens. It is safe by construction against the classic XML attacks: it
//! builds no tree (no recursion, so no depth limit to reach), never reads a
//! DTD, and expands no entity but the predefined and numeric ones (through
//! [`crate::text::decode_entities`], which the caller applies to short
//! pieces), so a billion-laughs document is read as its literal text. A
//! `<!DOCTYPE` is skipped and remembered ([`Xml::doctype`]) so a reader can
//! say so. Malformed input never fails: an unclosed tag ends the document.
//!
//! Names are returned as written (`tt:p`); [`local`] drops the prefix, as
//! the readers match elements by local name whatever the namespace prefix.

/// One token of an XML document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Tok<'a> {
    /// `<name attrs>` or `<name attrs/>` (`empty`).
    Open {
        name: &'a str,
        attrs: &'a str,
        empty: bool,
    },
    /// `</name>`.
    Close(&'a str),
    /// Character data, entities not yet decoded.
    Text(&'a str),
    /// The inside of `<![CDATA[…]]>`: literal text.
    Cdata(&'a str),
}

/// Tokens of an XML text, in order.
pub(crate) struct Xml<'a> {
    rest: &'a str,
    /// Whether a `<!DOCTYPE …>` was skipped (its entities are not expanded).
    pub doctype: bool,
}

impl<'a> Xml<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Xml {
            rest: text,
            doctype: false,
        }
    }

    /// Skips past `end`, or to the end of the text.
    fn skip_past(&mut self, end: &str) {
        self.rest = match self.rest.find(end) {
            Some(at) => self.rest.get(at + end.len()..).unwrap_or_default(),
            None => "",
        };
    }

    /// Skips a `<!DOCTYPE …>` with its internal subset (`[ … ]`), whose
    /// declarations may hold `>` in quotes and brackets.
    fn skip_doctype(&mut self) {
        let mut depth = 0u32;
        let mut quote = None;
        for (i, b) in self.rest.bytes().enumerate() {
            match (quote, b) {
                (Some(q), _) if b == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(b),
                (None, b'[') => depth += 1,
                (None, b']') => depth = depth.saturating_sub(1),
                (None, b'>') if depth == 0 => {
                    self.rest = self.rest.get(i + 1..).unwrap_or_default();
                    return;
                }
                _ => {}
            }
        }
        self.rest = "";
    }
}

impl<'a> Iterator for Xml<'a> {
    type Item = Tok<'a>;

    /// Not inlined: the readers loop over it in four places, and the
    /// worker should carry it once.
    #[inline(never)]
    fn next(&mut self) -> Option<Tok<'a>> {
        loop {
            let rest = self.rest;
            if rest.is_empty() {
                return None;
            }
            let Some(lt) = rest.find('<') else {
                self.rest = "";
                return Some(Tok::Text(rest));
            };
            if lt > 0 {
                self.rest = rest.get(lt..).unwrap_or_default();
                return Some(Tok::Text(rest.get(..lt).unwrap_or_default()));
            }
            let after = rest.get(1..).unwrap_or_default();
            if after.starts_with("!--") {
                self.skip_past("-->");
                continue;
            }
            if let Some(data) = after.strip_prefix("![CDATA[") {
                let (body, tail) = data.split_once("]]>").unwrap_or((data, ""));
                self.rest = tail;
                return Some(Tok::Cdata(body));
            }
            if after.starts_with('?') {
                self.skip_past("?>");
                continue;
            }
            if after.starts_with('!') {
                self.doctype |= after
                    .get(1..8)
                    .is_some_and(|w| w.eq_ignore_ascii_case("DOCTYPE"));
                self.rest = after;
                self.skip_doctype();
                continue;
            }
            let Some(close) = tag_end(after) else {
                // A tag cut off at the end (a truncated file): stop there.
                self.rest = "";
                return None;
            };
            let inside = after.get(..close).unwrap_or_default();
            self.rest = after.get(close + 1..).unwrap_or_default();
            if let Some(name) = inside.strip_prefix('/') {
                return Some(Tok::Close(name.trim_end()));
            }
            let (inside, empty) = match inside.strip_suffix('/') {
                Some(inner) => (inner, true),
                None => (inside, false),
            };
            let name_len = inside
                .bytes()
                .position(|b| b.is_ascii_whitespace())
                .unwrap_or(inside.len());
            let name = inside.get(..name_len).unwrap_or_default();
            if name.is_empty() {
                // `< ` or `<>`: not a tag; read on as text.
                continue;
            }
            return Some(Tok::Open {
                name,
                attrs: inside.get(name_len..).unwrap_or_default(),
                empty,
            });
        }
    }
}

/// Index of the `>` that ends a tag, skipping quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'>' => return Some(i),
            b'"' | b'\'' => {
                let close = bytes.get(i + 1..)?.iter().position(|&c| c == b)?;
                i += close + 2;
            }
            _ => i += 1,
        }
    }
    None
}

/// A name without its namespace prefix: `tt:p` → `p`.
pub(crate) fn local(name: &str) -> &str {
    match name.bytes().rposition(|b| b == b':') {
        Some(at) => name.get(at + 1..).unwrap_or_default(),
        None => name,
    }
}

/// The raw value of the attribute whose local name is `key`
/// (`ttm:agent` for `agent`), entities not decoded.
pub(crate) fn attr<'a>(attrs: &'a str, key: &str) -> Option<&'a str> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_ascii_start();
        let eq = rest.bytes().position(|b| b == b'=')?;
        let name = rest.get(..eq)?.trim_ascii();
        let value = rest.get(eq + 1..)?.trim_ascii_start();
        let quote = *value.as_bytes().first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let body = value.get(1..)?;
        let end = body.bytes().position(|b| b == quote)?;
        if name.len() >= key.len() && local(name) == key {
            return body.get(..end);
        }
        rest = body.get(end + 1..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_attributes_and_what_is_skipped() {
        let doc = "<?xml version=\"1.0\"?><!-- c --><!DOCTYPE tt [<!ENTITY a \"x>\">]>\
                   <tt:p begin='1s' ttm:agent=\"a>b\">Hi &amp;<br/><![CDATA[<x>]]></tt:p>";
        let mut xml = Xml::new(doc);
        let toks: Vec<_> = xml.by_ref().collect();
        assert!(xml.doctype);
        assert_eq!(
            toks,
            [
                Tok::Open {
                    name: "tt:p",
                    attrs: " begin='1s' ttm:agent=\"a>b\"",
                    empty: false
                },
                Tok::Text("Hi &amp;"),
                Tok::Open {
                    name: "br",
                    attrs: "",
                    empty: true
                },
                Tok::Cdata("<x>"),
                Tok::Close("tt:p"),
            ]
        );
        assert_eq!(attr(" begin='1s' ttm:agent=\"a>b\"", "agent"), Some("a>b"));
        assert_eq!(attr(" begin='1s'", "end"), None);
        assert_eq!(local("tt:p"), "p");
    }

    #[test]
    fn truncated_and_broken_markup_ends_quietly() {
        assert_eq!(Xml::new("<p a=\"1").count(), 0);
        assert_eq!(Xml::new("a < b <").count(), 1);
        assert_eq!(Xml::new("<!DOCTYPE x [ <!ENTITY").count(), 0);
    }
}
