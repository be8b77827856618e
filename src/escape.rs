//! Escaping of answers as they enter the Markdown that templates produce. Tera calls
//! [`escape_answer`] on every value it prints that is not marked safe, which is every
//! answer. Any ASCII punctuation may be backslash-escaped in CommonMark, so escaping all of
//! it means no answer can open emphasis, a link, a heading, a list, a table cell, HTML or an
//! entity; the Markdown parser then gives back exactly the answer's characters.

use std::io::Write;

/// Tera's escape function for `.md` templates.
pub fn escape_answer(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(escape_markdown_inline(input).as_bytes())
}

/// The escaped form of `input`, for use inside a Markdown paragraph.
pub fn escape_markdown_inline(input: &str) -> String {
    let mut s = String::with_capacity(input.len() + 8);
    let mut pending_break = false;
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // CR LF is one line ending; a CR alone (old Mac files, some web forms) is one too,
            // not nothing: dropping it would join the words either side.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => pending_break = true,
            c if crate::markers::is_reserved(c) => {}
            c if c.is_control() && c != '\t' => {}
            c => {
                if pending_break {
                    // A backslash before the newline is a hard line break: the answer's line
                    // breaks survive without ever starting a new block.
                    s.push_str("\\\n");
                    pending_break = false;
                }
                if c == '\t' {
                    s.push(' ');
                } else {
                    if c.is_ascii_punctuation() {
                        s.push('\\');
                    }
                    s.push(c);
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_is_escaped_and_markers_dropped() {
        assert_eq!(escape_markdown_inline("**x**"), "\\*\\*x\\*\\*");
        assert_eq!(escape_markdown_inline("1. a"), "1\\. a");
        assert_eq!(escape_markdown_inline("a\u{E000}b"), "ab");
        assert_eq!(escape_markdown_inline("line\n\n# two"), "line\\\n\\# two");
    }

    #[test]
    fn every_line_ending_is_a_line_break() {
        assert_eq!(escape_markdown_inline("one\rtwo"), "one\\\ntwo");
        assert_eq!(escape_markdown_inline("one\r\ntwo"), "one\\\ntwo");
        assert_eq!(escape_markdown_inline("one\r\n\r\ntwo\r"), "one\\\ntwo");
    }
}
