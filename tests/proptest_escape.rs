//! Property: Markdown escaping round-trips through pulldown-cmark, the parser the engine
//! uses. Whatever an answer holds, the escaped text parses back to exactly that text: no
//! emphasis, link, heading, list, table, HTML or entity can come out of an answer.
//!
//! Cases: `PROPTEST_CASES` (default 64, to keep `cargo test` quick). A long run:
//! `PROPTEST_CASES=10000 cargo test --release --test proptest_escape --test proptest_answers`.

use caredraft::escape::escape_markdown_inline;
use caredraft::render::markdown::escape;
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser};

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(64);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// The text a reader sees: every text event, line breaks as "\n".
fn parsed_text(md: &str) -> String {
    Parser::new_ext(md, Options::ENABLE_TABLES)
        .filter_map(|e| match e {
            Event::Text(t) => Some(t.to_string()),
            Event::SoftBreak | Event::HardBreak => Some("\n".into()),
            _ => None,
        })
        .collect()
}

/// No structure: one paragraph holding only text and line breaks.
fn only_text(md: &str) -> bool {
    Parser::new_ext(md, Options::ENABLE_TABLES).all(|e| {
        matches!(
            e,
            Event::Text(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::Start(pulldown_cmark::Tag::Paragraph)
                | Event::End(pulldown_cmark::TagEnd::Paragraph)
        )
    })
}

/// Text with the characters Markdown and Tera give meaning to, mixed with any Unicode.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("{{".to_string()),
        Just("}}".to_string()),
        Just("{%".to_string()),
        Just("**".to_string()),
        Just("<".to_string()),
        Just("&".to_string()),
        Just("&amp;".to_string()),
        Just("#".to_string()),
        Just("1.".to_string()),
        Just("- ".to_string()),
        Just("|".to_string()),
        Just("`".to_string()),
        Just("\\".to_string()),
        Just("[x](y)".to_string()),
        Just("    ".to_string()),
        Just("\n".to_string()),
        Just("\r".to_string()),
        Just("\t".to_string()),
        Just(" ".to_string()),
        "[ -~]{1,4}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

/// What the answer escaping promises to keep: every character but the control characters
/// (answers cannot hold them) and caredraft's reserved markers; a tab reads as a space; any
/// run of line endings is one line break; a break at the very end is dropped; and the
/// indentation of a line after a break is not kept (Markdown strips it).
fn kept_by_answer_escaping(s: &str) -> String {
    let mut out = String::new();
    let mut pending_break = false;
    let mut after_break = false;
    for c in s.chars() {
        match c {
            '\r' | '\n' => pending_break = true,
            c if caredraft::markers::is_reserved(c) => {}
            c if c.is_control() && c != '\t' => {}
            c => {
                if pending_break {
                    out.push('\n');
                    pending_break = false;
                    after_break = true;
                }
                let c = if c == '\t' { ' ' } else { c };
                if after_break && c == ' ' {
                    continue;
                }
                after_break = false;
                out.push(c);
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn an_escaped_answer_parses_back_to_exactly_its_text(s in hostile_text()) {
        let escaped = escape_markdown_inline(&s);
        // Inside a sentence, as a template places it.
        let md = format!("Before {escaped} after");
        // Markdown strips the spaces that begin a line, the template's own included.
        let expected = format!("Before {} after", kept_by_answer_escaping(&s)).replace("\n ", "\n");
        prop_assert!(only_text(&md), "markup came out of {s:?}: {md:?}");
        prop_assert_eq!(parsed_text(&md), expected, "escaped as {:?}", escaped);
    }

    #[test]
    fn the_draft_writer_escapes_any_line_so_it_reads_back_literally(s in hostile_text()) {
        // The writer escapes one line of text at a time, at the start of a line; text it is
        // given never starts or ends with whitespace (a parsed paragraph has none there).
        let line: String = s.chars().filter(|c| !c.is_control()).collect();
        let line = line.trim();
        let md = escape(line, true);
        prop_assert!(only_text(&md), "markup came out of {line:?}: {md:?}");
        prop_assert_eq!(parsed_text(&md), line, "escaped as {:?}", md);
    }
}
