//! Topic tags on the bundled transcripts and on real German and Russian
//! samples: no stop word or filler is a tag, the names a reader would tag are
//! there, and the tag → turns index and its inverse agree.

use std::path::Path;

mod common;
use common::bundled;

use transcript_core::synth::{generate, SynthFormat};
use transcript_core::topics::{Language, Topics};
use transcript_core::{parse, Format, Transcript, TranscriptBuilder};

/// Words that must never be a tag, nor begin or end one. Written here, apart
/// from the module's lists, so a word dropped from those lists is caught.
#[rustfmt::skip]
const NEVER: &[&str] = &[
    "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "for", "with", "that", "this",
    "it", "is", "was", "be", "i", "you", "we", "they", "he", "she", "my", "our", "your", "so",
    "just", "like", "um", "uh", "yeah", "okay", "gonna", "wanna", "kinda", "know", "mean",
    "really", "actually", "basically", "thing", "things", "stuff", "lot", "kind", "sort", "people",
    "think", "going", "get", "got", "very", "also", "don't", "it's", "i'm", "there", "what",
    "right", "well", "oh", "one", "two", "first", "und", "der", "die", "das", "ich", "ist",
    "nicht", "ein", "eine", "es", "wir", "ja", "also", "halt", "eben", "mal", "äh", "ähm", "genau",
    "quasi", "irgendwie", "eigentlich", "dann", "auch", "noch", "schon", "aber", "so", "wie",
    "was", "sozusagen", "einfach", "и", "в", "не", "что", "это", "вот", "ну", "как", "на", "я",
    "с", "а", "то", "так", "да", "нет", "у", "вы", "мы", "он", "она", "по", "к", "из", "за", "же",
    "бы", "типа", "короче",
];

fn assert_no_stop_words(topics: &Topics, file: &str) {
    assert!(!topics.tags.is_empty(), "{file}: no tags");
    for tag in &topics.tags {
        let lower = tag.label.to_lowercase().replace('’', "'");
        let words: Vec<&str> = lower.split([' ', '-']).filter(|w| !w.is_empty()).collect();
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            panic!("{file}: empty label");
        };
        // A spoken model name ("GPT four", "o one") may end in a number word.
        let original: Vec<&str> = tag.label.split(' ').collect();
        let model_name = original.len() == 2
            && (original[0].len() == 1 || original[0].chars().all(|c| c.is_ascii_uppercase()));
        assert!(
            !NEVER.contains(first) && (!NEVER.contains(last) || model_name)
                || words.len() > 1 && tag.label.contains('-'),
            "{file}: tag {:?} begins or ends with a stop word",
            tag.label
        );
        assert!(
            lower.chars().any(char::is_alphabetic),
            "{file}: tag {:?} is a bare number",
            tag.label
        );
    }
}

fn labels(topics: &Topics) -> Vec<&str> {
    topics.tags.iter().map(|t| t.label.as_str()).collect()
}

fn rank_of(topics: &Topics, label: &str) -> Option<usize> {
    topics.tags.iter().position(|t| t.label == label)
}

#[test]
fn bundled_transcripts_have_no_stop_word_tags_and_a_consistent_index() {
    for file in [
        "devday-2024-altman-interview.txt",
        "dealbook-2024-altman-article.txt",
        "ascent-2025-altman-interview.md",
        "altman-microsoft-partnership-2025-news.txt",
    ] {
        let t = bundled(file);
        let topics = Topics::extract(&t);
        assert_eq!(topics.language, Language::English, "{file}");
        assert_no_stop_words(&topics, file);
        // Ranked best first, scores in (0, 1], the best 1.
        assert_eq!(topics.tags.first().map(|t| t.score), Some(1.0), "{file}");
        for pair in topics.tags.windows(2) {
            assert!(pair[0].score >= pair[1].score, "{file}: not ranked");
            assert!(pair[1].score > 0.0);
        }
        // Labels are distinct, also after case folding.
        let mut seen: Vec<String> = labels(&topics).iter().map(|l| l.to_lowercase()).collect();
        seen.sort();
        let before = seen.len();
        seen.dedup();
        assert_eq!(
            before,
            seen.len(),
            "{file}: duplicate labels {:?}",
            labels(&topics)
        );
        // Index and inverse index agree; every listed turn mentions the tag.
        for (i, tag) in topics.tags.iter().enumerate() {
            assert!(
                !tag.turns.is_empty(),
                "{file}: {:?} has no turns",
                tag.label
            );
            assert!(tag.turns.windows(2).all(|w| w[0] < w[1]));
            for &turn in &tag.turns {
                assert!(topics.for_turn(turn).contains(&i));
                let text = t.turns[turn].text.to_lowercase();
                let mentioned = tag
                    .label
                    .to_lowercase()
                    .split([' ', '-'])
                    // Plurals merge: "company" is also "companies".
                    .any(|w| {
                        let n = w.chars().count();
                        let stem: String = w.chars().take(n.saturating_sub(3).max(3)).collect();
                        text.contains(&stem)
                    });
                assert!(
                    mentioned,
                    "{file}: turn {turn} does not mention {:?}",
                    tag.label
                );
            }
        }
        for turn in 0..t.turns.len() {
            for &i in topics.for_turn(turn) {
                assert!(topics.tags[i].turns.contains(&turn));
            }
            assert!(topics.for_turn(turn).windows(2).all(|w| w[0] < w[1]));
        }
        assert!(topics.for_turn(t.turns.len()).is_empty());
    }
}

#[test]
fn devday_tags_name_its_topics() {
    let topics = Topics::extract(&bundled("devday-2024-altman-interview.txt"));
    let l = labels(&topics);
    for want in [
        "OpenAI",
        "open source",
        "reasoning",
        "o one",
        "GPT four",
        "models",
        "AI",
    ] {
        assert!(l.contains(&want), "devday: {want:?} missing from {l:?}");
    }
    assert!(l.contains(&"agent") || l.contains(&"agents"), "{l:?}");
    // The central ones lead.
    assert!(rank_of(&topics, "models").unwrap() < 3, "{l:?}");
    assert!(rank_of(&topics, "OpenAI").unwrap() < 5, "{l:?}");
}

#[test]
fn dealbook_tags_name_its_topics() {
    let topics = Topics::extract(&bundled("dealbook-2024-altman-article.txt"));
    let l = labels(&topics);
    for want in [
        "Microsoft",
        "Elon Musk",
        "xAI",
        "OpenAI",
        "scaling",
        "data centers",
        "Donald Trump",
        "Andrew Ross Sorkin",
    ] {
        assert!(l.contains(&want), "dealbook: {want:?} missing from {l:?}");
    }
    for want in ["Microsoft", "Elon Musk", "xAI", "OpenAI"] {
        assert!(rank_of(&topics, want).unwrap() < 10, "{want}: {l:?}");
    }
    // "Musk" alone folds into "Elon Musk", so its turns are the name's.
    assert!(!l.contains(&"Musk"), "{l:?}");
    let t = bundled("dealbook-2024-altman-article.txt");
    let musk = &topics.tags[rank_of(&topics, "Elon Musk").unwrap()];
    let only_surname = t
        .turns
        .iter()
        .position(|turn| turn.text.contains("Musk") && !turn.text.contains("Elon Musk"))
        .unwrap();
    assert!(musk.turns.contains(&only_surname));
    // A possessive does not glue the owner to the next word.
    assert!(!l.iter().any(|l| l.contains("OpenAI Microsoft")), "{l:?}");
}

#[test]
fn ascent_and_news_tags_name_their_topics() {
    let topics = Topics::extract(&bundled("ascent-2025-altman-interview.md"));
    let l = labels(&topics);
    for want in [
        "ChatGPT",
        "API",
        "OpenAI",
        "GPT-3",
        "voice",
        "coding",
        "video games",
    ] {
        assert!(l.contains(&want), "ascent: {want:?} missing from {l:?}");
    }
    let topics = Topics::extract(&bundled("altman-microsoft-partnership-2025-news.txt"));
    let l = labels(&topics);
    for want in [
        "Microsoft",
        "OpenAI",
        "partnership",
        "Stargate Project",
        "exclusive cloud provider",
    ] {
        assert!(l.contains(&want), "news: {want:?} missing from {l:?}");
    }
    // A title is not part of a name: "OpenAI CEO Sam Altman" is two tags.
    assert!(!l.iter().any(|l| l.contains("CEO")), "{l:?}");
}

#[test]
fn case_and_plural_variants_merge_into_the_most_frequent_form() {
    let mut b = TranscriptBuilder::new(Format::PlainScript);
    let lines = [
        "Agents are coming. We build agents for data centers.",
        "Our agents run in a data center. The model matters.",
        "Which models? The models we train on GPUs.",
        "A GPU is expensive. Open-source models help, open source wins.",
    ];
    for (i, line) in lines.iter().cycle().take(12).enumerate() {
        b.push(
            Some(if i % 2 == 0 { "Ana Lee" } else { "Ben Okafor" }),
            None,
            None,
            line,
        );
        b.break_turn();
    }
    let topics = Topics::extract(&b.finish());
    let l = labels(&topics);
    let count = |want: &str| l.iter().filter(|x| x.eq_ignore_ascii_case(want)).count();
    assert_eq!(count("agents") + count("agent"), 1, "{l:?}");
    assert!(l.contains(&"agents"), "most frequent surface form: {l:?}");
    assert_eq!(count("models") + count("model"), 1, "{l:?}");
    assert_eq!(count("data centers") + count("data center"), 1, "{l:?}");
    assert_eq!(count("GPUs") + count("GPU"), 1, "{l:?}");
    assert_eq!(count("open source") + count("open-source"), 1, "{l:?}");
}

fn corpus(name: &str) -> Option<Transcript> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .join(name);
    let text = std::fs::read_to_string(path).ok()?;
    Some(parse(&text).unwrap())
}

#[test]
fn german_and_russian_samples_yield_no_stop_words() {
    // Present beside the checkout on the development machine and in CI; the
    // test says so rather than failing where the corpus is absent.
    let Some(de) = corpus("podlove-ui_podlovers-ep3_podlove-transcripts_de.json") else {
        eprintln!("shared corpus not found; German/Russian topic checks skipped");
        return;
    };
    let topics = Topics::extract(&de);
    assert_eq!(topics.language, Language::German);
    assert_no_stop_words(&topics, "podlove de");
    let l = labels(&topics);
    assert!(
        l.contains(&"Podlove Web Player") || l.contains(&"Podlove"),
        "{l:?}"
    );
    assert!(l.contains(&"WordPress"), "{l:?}");

    let ru = corpus("diarization_test_task_openai-whisper_ru.json").unwrap();
    let topics = Topics::extract(&ru);
    assert_eq!(topics.language, Language::Russian);
    assert_no_stop_words(&topics, "whisper ru");
}

#[test]
fn empty_and_sound_only_transcripts_have_no_tags() {
    let t = TranscriptBuilder::new(Format::PlainText).finish();
    let topics = Topics::extract(&t);
    assert!(topics.tags.is_empty());
    assert!(topics.for_turn(0).is_empty());

    let mut b = TranscriptBuilder::new(Format::WebVtt);
    b.push_non_speech(None, None, "[APPLAUSE]");
    b.push_non_speech(None, None, "[Music] [Laughter]");
    b.push(
        Some("Ana"),
        None,
        None,
        "um, uh, yeah, you know, like... okay!",
    );
    let topics = Topics::extract(&b.finish());
    assert!(topics.tags.is_empty(), "{:?}", labels(&topics));
}

#[test]
fn odd_input_does_not_panic() {
    let inputs = [
        "- - -- --- ' ’ ’s 's -a a- -1- 1.2.3. …… !!!",
        "GPT four four four o one o o one one",
        "e-mail x-ray state-of-the-art so-called one-on-one non-profit",
        "Ääh Öl über 日本語のテキスト 中文 한국어 العربية עברית",
        "A’s B's C’S 's ’s ' '' ''' word' 'word",
    ];
    for input in inputs {
        let mut b = TranscriptBuilder::new(Format::PlainScript);
        b.push(Some("X"), None, None, input);
        b.push(Some("Y"), None, None, input);
        let topics = Topics::extract(&b.finish());
        assert_no_stop_words_or_empty(&topics);
    }
    // Generated transcripts of each format.
    for format in [SynthFormat::WebVtt, SynthFormat::Srt, SynthFormat::Script] {
        let t = parse(&generate(format, 200_000, 7)).unwrap();
        let topics = Topics::extract(&t);
        assert!(!topics.tags.is_empty());
        assert_no_stop_words(&topics, "synth");
    }
}

fn assert_no_stop_words_or_empty(topics: &Topics) {
    if !topics.tags.is_empty() {
        assert_no_stop_words(topics, "odd input");
    }
}
