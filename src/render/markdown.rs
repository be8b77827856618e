//! The Markdown draft: the same document as the DOCX, as text that diffs well in git.
//! Numbers are written out as text (Markdown lists would renumber themselves), and every
//! piece of answer text is escaped so that it reads literally in any CommonMark viewer.

use std::fmt::Write;

use crate::doc::*;

pub fn to_markdown(doc: &Document) -> String {
    let mut w = String::new();
    let m = &doc.meta;
    let _ = writeln!(w, "# {}\n", escape(&m.cover_title, true));
    if m.is_draft {
        w.push_str("**DRAFT — subject to contract**\n\n");
    }
    if !m.version.is_empty() {
        let _ = writeln!(w, "Version: {}\n", escape(&m.version, false));
    }
    if !m.date.is_empty() {
        let _ = writeln!(w, "Dated: {}\n", inlines(&m.date));
    }

    if !doc.parties.is_empty() {
        w.push_str("## Parties\n\n");
        for (i, p) in doc.parties.iter().enumerate() {
            let _ = write!(w, "({}) **{}**", i + 1, inlines(&p.name));
            if !p.description.is_empty() {
                let _ = write!(w, ", {}", inlines(&p.description));
            }
            if !p.role.is_empty() {
                let _ = write!(w, " ({} **\"{}\"**)", doc.role_article(&p.role), escape(&p.role, false));
            }
            w.push_str("\n\n");
        }
    }

    if !doc.background.is_empty() {
        w.push_str("## Background\n\n");
        for p in &doc.background {
            let _ = writeln!(w, "{} {}\n", p.number, inlines(&p.content));
        }
    }

    w.push_str("## Contents\n\n");
    for c in &doc.clauses {
        let _ = writeln!(w, "{}. {}  ", c.number, escape(&c.title, false));
    }
    for s in &doc.schedules {
        let _ = writeln!(w, "Schedule {}: {}  ", s.number, escape(&s.title, false));
    }
    w.push('\n');

    w.push_str("## Agreed terms\n\n");
    for c in &doc.clauses {
        if let Some(part) = &c.part_heading {
            let _ = writeln!(w, "## {}\n", escape(part, false));
        }
        let _ = writeln!(w, "### {}. {}\n", c.number, escape(&c.title, false));
        blocks(&mut w, &c.blocks);
    }

    for s in &doc.schedules {
        let _ = writeln!(w, "## Schedule {}: {}\n", s.number, escape(&s.title, false));
        blocks(&mut w, &s.blocks);
    }

    w.push_str("## Execution\n\n");
    if !doc.execution.intro.is_empty() {
        let _ = writeln!(w, "{}\n", inlines(&doc.execution.intro));
    }
    for b in &doc.execution.blocks {
        let _ = writeln!(w, "**{}**\n", inlines(&b.party));
        for line in &b.lines {
            let _ = writeln!(w, "{}: ______________________________  ", escape(line, false));
        }
        w.push('\n');
    }
    while w.ends_with("\n\n") {
        w.pop();
    }
    w
}

fn blocks(w: &mut String, blocks: &[Block]) {
    for b in blocks {
        match b {
            Block::Numbered(p) if p.level == 1 => {
                let _ = writeln!(w, "**{}. {}**\n", p.number, inlines(&p.content));
            }
            Block::Numbered(p) => {
                let _ = writeln!(w, "{} {}\n", p.number, inlines(&p.content));
            }
            Block::Plain(c) => {
                let _ = writeln!(w, "{}\n", inlines_at_start(c));
            }
            Block::Definition { term, meaning } => {
                // The modern house style: **Term:** meaning.
                let _ = writeln!(w, "**{}:** {}\n", escape(term, false), inlines(meaning));
            }
            Block::Table(t) => table(w, t),
        }
    }
}

fn table(w: &mut String, t: &Table) {
    let cells = |row: &[Inlines]| row.iter().map(|c| inlines(c).replace('\n', " ")).collect::<Vec<_>>().join(" | ");
    let width = t.header.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(0)).max(1);
    let mut header = t.header.clone();
    header.resize(width, Vec::new());
    let _ = writeln!(w, "| {} |", cells(&header));
    let _ = writeln!(w, "|{}|", vec!["---"; width].join("|"));
    for row in &t.rows {
        let mut row = row.clone();
        row.resize(width, Vec::new());
        let _ = writeln!(w, "| {} |", cells(&row));
    }
    w.push('\n');
}

fn inlines(content: &[Inline]) -> String {
    render_inlines(content, false)
}

fn inlines_at_start(content: &[Inline]) -> String {
    render_inlines(content, true)
}

fn render_inlines(content: &[Inline], mut line_start: bool) -> String {
    let mut s = String::new();
    for (at, i) in content.iter().enumerate() {
        match i {
            Inline::Text(t) => s.push_str(&escape(t, line_start)),
            Inline::Strong(c) => {
                let _ = write!(s, "**{}**", render_inlines(c, false));
            }
            Inline::Emphasis(c) => {
                let _ = write!(s, "*{}*", render_inlines(c, false));
            }
            Inline::Placeholder(p) => {
                // "[Name of Commissioner]" reads as written: square brackets make a link only
                // when "(", "[" or ":" follows them, so only then are they escaped.
                if content.get(at + 1).and_then(first_markdown_char).is_some_and(|c| matches!(c, '(' | '[' | ':')) {
                    let _ = write!(s, "\\[{}\\]", escape(&p.label, false));
                } else {
                    let _ = write!(s, "[{}]", escape(&p.label, false));
                }
            }
            Inline::Ref { prefix, number, suffix, .. } => {
                let _ = write!(s, "{}{}{}", escape(prefix, line_start), number, escape(suffix, false));
            }
            // A redline's Markdown reads as the changes accepted.
            Inline::Inserted(c) => s.push_str(&render_inlines(c, line_start)),
            Inline::Deleted(_) => continue,
            Inline::LineBreak => {
                s.push_str("\\\n");
                line_start = true;
                continue;
            }
        }
        line_start = false;
    }
    s
}

/// The first character `inline` writes, as far as it can turn brackets before it into a link.
fn first_markdown_char(inline: &Inline) -> Option<char> {
    match inline {
        // A "[" in text is written escaped, as "\[".
        Inline::Text(t) => t.chars().next().map(|c| if c == '[' { '\\' } else { c }),
        Inline::Strong(_) | Inline::Emphasis(_) => Some('*'),
        Inline::Placeholder(_) => Some('['),
        Inline::Ref { prefix, number, .. } => prefix.chars().chain(number.chars()).next(),
        Inline::LineBreak => Some('\\'),
        // A redline's marks: the Markdown reads the NEW text, without the deleted words.
        Inline::Inserted(c) => c.first().and_then(first_markdown_char),
        Inline::Deleted(_) => None,
    }
}

/// Escapes literal text for Markdown: the characters that could start markup anywhere, and
/// at the start of a line the ones that could start a block.
pub fn escape(text: &str, line_start: bool) -> String {
    // Every character Markdown gives meaning to is ASCII, so a byte scan is safe for UTF-8
    // and copies the plain runs between them whole.
    const fn table() -> [bool; 256] {
        let mut t = [false; 256];
        let special = b"\\`*_[]<>|~#!$&";
        let mut i = 0;
        while i < special.len() {
            t[special[i] as usize] = true;
            i += 1;
        }
        t
    }
    static ALWAYS: [bool; 256] = table();
    let bytes = text.as_bytes();
    // At the start of a line, "-", "+" or "=" after spaces, or "1." / "1)", would start a block.
    let block_start = line_start
        .then(|| {
            let spaces = bytes.iter().take_while(|b| **b == b' ').count();
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            match (bytes.get(spaces), bytes.get(digits)) {
                (Some(b'-' | b'+' | b'='), _) => Some(spaces),
                (_, Some(b'.' | b')')) if digits > 0 => Some(digits),
                _ => None,
            }
        })
        .flatten();
    let mut out = String::with_capacity(text.len() + 8);
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let needs = if ALWAYS[b as usize] {
            // "&" only before something that could make it an entity.
            b != b'&' || bytes.get(i + 1).is_some_and(|n| n.is_ascii_alphanumeric() || *n == b'#')
        } else {
            Some(i) == block_start
        };
        if needs {
            out.push_str(&text[from..i]);
            out.push('\\');
            from = i;
        }
    }
    out.push_str(&text[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Parser};

    fn parsed_text(md: &str) -> String {
        Parser::new(md)
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.to_string()),
                Event::SoftBreak | Event::HardBreak => Some("\n".into()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn hostile_text_reads_back_literally() {
        for hostile in [
            "**bold** _it_ `code` <b>x</b> &amp; &copy; [l](u) ![i](s) | a | # h ~~s~~ {{ x }} {% y %}",
            "1. not a list",
            "- not a bullet",
            "# not a heading",
            "> not a quote",
            "=== not setext",
            "2) also not a list",
        ] {
            let md = escape(hostile, true);
            assert_eq!(parsed_text(&md), hostile, "escaped as {md:?}");
        }
    }

    #[test]
    fn placeholders_read_as_written_and_never_make_a_link() {
        let ph = |s: &str| Inline::Placeholder(Placeholder::for_drafter(s));
        let text = |s: &str| Inline::Text(s.to_owned());
        // Plain brackets where nothing after them could make a link.
        assert_eq!(
            inlines(&[text("The "), ph("Name of Commissioner"), text(" agrees.")]),
            "The [Name of Commissioner] agrees."
        );
        assert_eq!(inlines(&[ph("date")]), "[date]");
        // Escaped where "(", "[" or ":" follows, and every form reads back as the same text.
        for (content, want) in [
            (vec![ph("x"), text("(y)")], "\\[x\\](y)"),
            (vec![ph("x"), ph("y")], "\\[x\\][y]"),
            (vec![ph("term"), text(": http://example.org")], "\\[term\\]: http://example.org"),
            (vec![ph("a ] b"), text(" after")], "[a \\] b] after"),
        ] {
            let md = inlines_at_start(&content);
            assert_eq!(md, want);
            let plain: String = content.iter().map(|i| crate::doc::plain_text(std::slice::from_ref(i))).collect();
            assert_eq!(parsed_text(&md), plain, "{md:?}");
            assert!(!Parser::new(&md).any(|e| matches!(e, Event::Start(_)) && !matches!(e, Event::Start(pulldown_cmark::Tag::Paragraph))), "{md:?} made markup");
        }
    }

    #[test]
    fn plain_prose_stays_readable() {
        assert_eq!(escape("Leeds & York NHS Trust, 1.5% - ok", false), "Leeds & York NHS Trust, 1.5% - ok");
    }
}
