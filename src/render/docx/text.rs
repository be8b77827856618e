//! Text hygiene and plain runs: strips characters XML cannot carry and writes text as
//! Word runs (tabs, line breaks) in a [`Fmt`]. A leaf: it uses no other part of the
//! writer, so [`super::fields`] and [`super::context`] can build on it; inline runs
//! that need those are in [`super::inlines`].

use std::borrow::Cow;

use docx_rs::{BreakType, Paragraph, Run};

/// Highlight colour for unanswered placeholders, so a reviewer cannot miss them.
pub const PLACEHOLDER_HIGHLIGHT: &str = "yellow";

/// Removes characters that XML 1.0 cannot hold (C0 controls except tab, newline and
/// carriage return; C1 controls; U+FFFE and U+FFFF). Everything else, including
/// right-to-left scripts and emoji, passes through unchanged.
/// Borrows when there is nothing to drop, which is almost always.
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

fn is_xml_char(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => false,
        '\u{FFFE}' | '\u{FFFF}' => false,
        _ => true,
    }
}

/// Character formatting carried down through nested inlines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fmt {
    pub bold: bool,
    pub italic: bool,
    pub highlight: bool,
    /// Inside a tracked deletion: text goes in `w:delText` (and a field's instruction in
    /// `w:delInstrText`), so the text comes back whole if the change is rejected.
    pub deleted: bool,
}

impl Fmt {
    pub const BOLD: Fmt = Fmt { bold: true, italic: false, highlight: false, deleted: false };

    /// An empty run carrying this formatting.
    pub fn run(self) -> Run {
        let mut r = Run::new();
        if self.bold {
            r = r.bold();
        }
        if self.italic {
            r = r.italic();
        }
        if self.highlight {
            r = r.highlight(PLACEHOLDER_HIGHLIGHT);
        }
        r
    }
}

/// Appends `text` as runs: tabs become `<w:tab/>`, newlines become line breaks, and
/// characters XML cannot hold are dropped.
pub fn push_text(mut p: Paragraph, text: &str, fmt: Fmt) -> Paragraph {
    let mut text = clean(text);
    if text.contains('\r') {
        text = Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"));
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            p = p.add_run(fmt.run().add_break(BreakType::TextWrapping));
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                p = p.add_run(fmt.run().add_tab());
            }
            if !piece.is_empty() {
                let run = fmt.run();
                p = p.add_run(if fmt.deleted { run.add_delete_text(piece) } else { run.add_text(piece) });
            }
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_controls_keeps_scripts() {
        let s = "a\u{0}b\u{7}c\u{1B}d\u{FFFE}e\u{FFFF}f\u{85}g\th\ni";
        assert_eq!(clean(s), "abcdefg\th\ni");
        let rich = "שלום مرحبا 👩‍⚕️ Ünïcödé";
        assert_eq!(clean(rich), rich);
    }
}
