//! The draft as it reads: the same document as the DOCX and the Markdown, as lines of plain
//! text with a look for each piece (headings, defined terms, placeholders), for the terminal
//! preview. No markup and no escaping: an answer reads exactly as the user typed it.

use crate::doc::*;

/// How a piece of text should look; the terminal maps each to a style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Body,
    /// The document's title.
    Title,
    /// Section, part, clause and schedule headings.
    Heading,
    /// Bold in the draft: defined terms, party names, numbered schedule paragraphs.
    Strong,
    Emphasis,
    /// An unanswered question, e.g. "[Name of Commissioner]".
    Placeholder,
}

/// One line of the reading view: pieces of text, each with its look.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadingLine {
    pub pieces: Vec<(Look, String)>,
    /// The placeholders on the line, in order: one for each piece that looks like one.
    pub placeholders: Vec<Placeholder>,
    /// Columns a wrapped continuation starts in, so it sits under the text, not the number.
    pub hang: usize,
}

impl ReadingLine {
    fn new() -> Self {
        ReadingLine::default()
    }

    pub fn styled(look: Look, text: impl Into<String>) -> Self {
        ReadingLine { pieces: vec![(look, text.into())], ..ReadingLine::default() }
    }

    fn push(&mut self, look: Look, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.pieces.last_mut() {
            // Two blanks side by side stay two pieces: each is its own placeholder.
            Some((last, s)) if *last == look && look != Look::Placeholder => s.push_str(text),
            _ => self.pieces.push((look, text.to_string())),
        }
    }

    /// The line's text without looks (what search looks in).
    pub fn text(&self) -> String {
        self.pieces.iter().map(|(_, s)| s.as_str()).collect()
    }

    pub fn contains(&self, needle: &str) -> bool {
        self.text().contains(needle)
    }
}

/// The reading view of `doc`, paragraphs separated by blank lines.
pub fn to_reading(doc: &Document) -> Vec<ReadingLine> {
    let mut out = Reading::default();
    let m = &doc.meta;
    out.line(ReadingLine::styled(Look::Title, m.title.to_uppercase()));
    if m.is_draft {
        out.line(ReadingLine::styled(Look::Strong, "DRAFT — subject to contract"));
    }
    if !m.version.is_empty() {
        out.line(ReadingLine::styled(Look::Body, format!("Version: {}", m.version)));
    }
    if !m.date.is_empty() {
        out.paragraph("Dated: ", Look::Body, &m.date);
    }

    if !doc.parties.is_empty() {
        out.heading("PARTIES");
        for (i, p) in doc.parties.iter().enumerate() {
            let mut line = ReadingLine::styled(Look::Body, format!("({}) ", i + 1));
            line.hang = 4;
            inlines(&mut out, &mut line, Look::Strong, &p.name);
            if !p.description.is_empty() {
                line.push(Look::Body, ", ");
                inlines(&mut out, &mut line, Look::Body, &p.description);
            }
            if !p.role.is_empty() {
                line.push(Look::Body, &format!(" ({} ", doc.role_article(&p.role)));
                line.push(Look::Strong, &format!("\"{}\"", p.role));
                line.push(Look::Body, ")");
            }
            out.line(line);
        }
    }

    if !doc.background.is_empty() {
        out.heading("BACKGROUND");
        for p in &doc.background {
            out.paragraph(&format!("{} ", p.number), Look::Body, &p.content);
        }
    }

    out.heading("CONTENTS");
    for c in &doc.clauses {
        let mut line = ReadingLine::styled(Look::Body, format!("{:>4}. {}", c.number, c.title));
        line.hang = 6;
        out.lines.push(line);
    }
    for s in &doc.schedules {
        out.lines.push(ReadingLine::styled(Look::Body, format!("Schedule {}: {}", s.number, s.title)));
    }
    out.blank();

    out.heading("AGREED TERMS");
    for c in &doc.clauses {
        if let Some(part) = &c.part_heading {
            out.heading(&part.to_uppercase());
        }
        out.line(ReadingLine::styled(Look::Heading, format!("{}. {}", c.number, c.title)));
        blocks(&mut out, &c.blocks);
    }
    for s in &doc.schedules {
        out.heading(&format!("SCHEDULE {}: {}", s.number, s.title.to_uppercase()));
        blocks(&mut out, &s.blocks);
    }

    out.heading("EXECUTION");
    if !doc.execution.intro.is_empty() {
        out.paragraph("", Look::Body, &doc.execution.intro);
    }
    for b in &doc.execution.blocks {
        let mut line = ReadingLine::new();
        inlines(&mut out, &mut line, Look::Strong, &b.party);
        out.lines.push(line);
        for l in &b.lines {
            out.lines.push(ReadingLine::styled(Look::Body, format!("{l}: ______________________________")));
        }
        out.blank();
    }
    while out.lines.last().is_some_and(|l| l.pieces.is_empty()) {
        out.lines.pop();
    }
    out.lines
}

#[derive(Default)]
struct Reading {
    lines: Vec<ReadingLine>,
}

impl Reading {
    /// A line followed by a blank one.
    fn line(&mut self, line: ReadingLine) {
        self.lines.push(line);
        self.blank();
    }

    fn blank(&mut self) {
        self.lines.push(ReadingLine::new());
    }

    fn heading(&mut self, text: &str) {
        self.line(ReadingLine::styled(Look::Heading, text));
    }

    /// `lead` (a number, or "Dated: ") then the content, then a blank line.
    fn paragraph(&mut self, lead: &str, look: Look, content: &[Inline]) {
        let mut line = ReadingLine { hang: lead.chars().count(), ..ReadingLine::new() };
        line.push(look, lead);
        inlines(self, &mut line, look, content);
        self.line(line);
    }
}

fn blocks(out: &mut Reading, blocks: &[Block]) {
    for b in blocks {
        match b {
            // A schedule's numbered heading paragraph.
            Block::Numbered(p) if p.level == 1 => out.paragraph(&format!("{}. ", p.number), Look::Strong, &p.content),
            Block::Numbered(p) => {
                // Lists sit in from their clause, as in the DOCX: 1.1, then 1.1.1 and (a), then (i).
                let indent = match p.level {
                    ..=2 => "",
                    3 | 4 => "    ",
                    _ => "        ",
                };
                out.paragraph(&format!("{indent}{} ", p.number), Look::Body, &p.content)
            }
            Block::Plain(c) => out.paragraph("", Look::Body, c),
            Block::Definition { term, meaning } => {
                let mut line = ReadingLine::styled(Look::Strong, format!("{term}:"));
                line.push(Look::Body, " ");
                inlines(out, &mut line, Look::Body, meaning);
                out.line(line);
            }
            Block::Table(t) => {
                let row = |out: &mut Reading, cells: &[Inlines], look: Look| {
                    let mut line = ReadingLine::new();
                    for (i, cell) in cells.iter().enumerate() {
                        if i > 0 {
                            line.push(Look::Body, " │ ");
                        }
                        inlines(out, &mut line, look, cell);
                    }
                    out.lines.push(line);
                };
                row(out, &t.header, Look::Strong);
                for r in &t.rows {
                    row(out, r, Look::Body);
                }
                out.blank();
            }
        }
    }
}

/// Appends `content` to `line` in `look` (bold and italic runs in their own looks). A line
/// break inside the content ends `line` and starts the next one.
fn inlines(out: &mut Reading, line: &mut ReadingLine, look: Look, content: &[Inline]) {
    for i in content {
        match i {
            Inline::Text(t) => line.push(look, t),
            Inline::Strong(c) => inlines(out, line, Look::Strong, c),
            Inline::Emphasis(c) => inlines(out, line, if look == Look::Body { Look::Emphasis } else { look }, c),
            Inline::Placeholder(p) => {
                line.push(Look::Placeholder, &format!("[{}]", p.label));
                line.placeholders.push(p.clone());
            }
            Inline::Ref { prefix, number, suffix, .. } => {
                line.push(look, prefix);
                line.push(look, number);
                line.push(look, suffix);
            }
            // A redline reads as the changes accepted.
            Inline::Inserted(c) => inlines(out, line, look, c),
            Inline::Deleted(_) => {}
            Inline::LineBreak => {
                // The next line starts under the text, like a wrapped one.
                let hang = line.hang;
                out.lines.push(std::mem::replace(line, ReadingLine { hang, ..ReadingLine::new() }));
                line.push(Look::Body, &" ".repeat(hang));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_of_the_same_look_join_and_text_reads_without_markup() {
        let mut out = Reading::default();
        let mut line = ReadingLine::new();
        let content = vec![
            Inline::Text("Run by ".into()),
            Inline::Text("**not bold** <b>&amp;".into()),
            Inline::Strong(vec![Inline::Text("Board".into())]),
            Inline::Placeholder(Placeholder::for_drafter("Name of Partner")),
        ];
        inlines(&mut out, &mut line, Look::Body, &content);
        assert_eq!(
            line.pieces,
            [
                (Look::Body, "Run by **not bold** <b>&amp;".to_string()),
                (Look::Strong, "Board".to_string()),
                (Look::Placeholder, "[Name of Partner]".to_string()),
            ]
        );
        assert_eq!(line.text(), "Run by **not bold** <b>&amp;Board[Name of Partner]");
    }

    #[test]
    fn a_line_break_starts_a_new_line() {
        let mut out = Reading::default();
        let mut line = ReadingLine::new();
        inlines(
            &mut out,
            &mut line,
            Look::Body,
            &[Inline::Text("a".into()), Inline::LineBreak, Inline::Text("b".into())],
        );
        assert_eq!(out.lines, [ReadingLine::styled(Look::Body, "a")]);
        assert_eq!(line.text(), "b");
    }
}
