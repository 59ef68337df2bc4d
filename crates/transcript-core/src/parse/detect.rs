//! Format detection: which tool produced a text, and the evidence for it.
//!
//! Detection never fails: text that matches no known format is
//! [`Format::PlainText`], which parses as paragraphs. Each parser module
//! owns a `sniff` function that looks only at the text's shape; this module
//! asks them in order, most specific first, and the first that recognises the
//! text wins.

use crate::format::{Detection, Format};

/// Detects the format of a text (already free of BOM and CR line ends, or not:
/// sniffers tolerate both).
pub fn detect(text: &str) -> Detection {
    type Sniff = fn(&str) -> Option<Detection>;
    const SNIFFERS: &[Sniff] = &[
        super::json::sniff,
        super::ttml::sniff,
        super::html::sniff,
        super::webvtt::sniff,
        super::srt::sniff,
        super::sbv::sniff,
        super::ass::sniff,
        super::markdown::sniff,
        super::script::sniff,
        super::article::sniff,
    ];
    SNIFFERS
        .iter()
        .find_map(|sniff| sniff(text))
        .unwrap_or_else(|| Detection {
            format: Format::PlainText,
            evidence: "no known transcript format matched".to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_id(f.id()), Some(f));
        }
        assert_eq!(Format::from_id("nope"), None);
    }

    #[test]
    fn speaker_lines_are_a_script_and_prose_is_plain_text() {
        let script = "Ana: Hello.\nBen: Hi there.\nAna: Bye.\n";
        assert_eq!(detect(script).format, Format::PlainScript);
        assert_eq!(
            detect("Just some words.\n\nAnd more.").format,
            Format::PlainText
        );
    }
}
