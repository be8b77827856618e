//! Rendered Markdown to blocks. The body of a clause is written as plain Markdown and its
//! shape gives the numbering, so no one types a number:
//! - a top-level paragraph is a numbered sub-clause (1.1);
//! - a `1.` list under it gives 1.1.1; a `-` list gives (a), and a `-` list inside that (i);
//! - in a schedule, a `## Heading` is a numbered paragraph heading (1.) and the paragraphs
//!   after it are 1.1, 1.2; paragraphs before any heading are unnumbered;
//! - a table is a table.
//!
//! Markers (see [`crate::markers`]) become placeholders, cross-references and anchors here.
//! Cross-references stay unresolved (empty number) until the draft is numbered.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::doc::{Block, Inline, Inlines, Paragraph, Table};
use crate::markers::{self, Marker, Piece};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyKind {
    Clause,
    Schedule,
    /// Background: every paragraph or list item is a recital.
    Recitals,
    /// Inline text only (a definition's meaning, an execution sentence).
    Inline,
}

/// A problem in a template's Markdown: the message and the line within the rendered text.
#[derive(Debug)]
pub(crate) struct ShapeError {
    pub line: usize,
    pub message: String,
}

/// A third level of `-` list has no numbering of its own: it would repeat (i), (ii).
pub(crate) const LIST_TOO_DEEP: &str = "a list nested three deep: sub-clauses are numbered (a), then (i), and a \
     third level would be numbered as the second; make it a separate sub-clause or a sentence";

pub(crate) const DEFINITIONS_SLOT: &str = "\u{E000}definitions\u{E001}";

struct Builder {
    kind: BodyKind,
    blocks: Vec<Block>,
    /// Nested inline containers (strong, emphasis); the bottom one is the current text.
    inline_stack: Vec<Inlines>,
    /// Open lists: (ordered, level of their items).
    lists: Vec<(bool, u8)>,
    /// The current list item's paragraph, not yet pushed (level, content, anchor).
    item: Option<(u8, Inlines, Option<String>)>,
    /// In a schedule: a numbered heading has been seen.
    under_heading: bool,
    table: Option<Table>,
    row: Vec<Inlines>,
    in_head: bool,
    heading: bool,
    anchor: Option<String>,
}

pub(crate) fn parse_blocks(markdown: &str, kind: BodyKind) -> Result<Vec<Block>, ShapeError> {
    let mut b = Builder {
        kind,
        blocks: Vec::new(),
        inline_stack: vec![Vec::new()],
        lists: Vec::new(),
        item: None,
        under_heading: false,
        table: None,
        row: Vec::new(),
        in_head: false,
        heading: false,
        anchor: None,
    };
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        // The line is counted only when needed: counting for every event is quadratic.
        b.event(event).map_err(|message| {
            let line = markdown[..range.start.min(markdown.len())].matches('\n').count() + 1;
            ShapeError { line, message }
        })?;
    }
    b.flush_item();
    Ok(b.blocks)
}

/// A shape the numbering cannot give (a heading in a clause, a list nested too deep), read
/// from the template itself so it is found in every branch, whatever the answers: its line
/// (1-based, in `body`) and what is wrong.
pub(crate) fn shape_problem(body: &str, kind: BodyKind) -> Option<(usize, String)> {
    parse_blocks(body, kind).err().map(|e| (e.line, e.message))
}

/// Inline-only Markdown (a definition's meaning): paragraphs joined by spaces.
pub(crate) fn parse_inlines(markdown: &str) -> Inlines {
    let blocks = parse_blocks(markdown, BodyKind::Inline).unwrap_or_default();
    let mut out = Vec::new();
    for block in blocks {
        if let Block::Plain(content) | Block::Numbered(Paragraph { content, .. }) = block {
            if !out.is_empty() {
                out.push(Inline::Text(" ".into()));
            }
            out.extend(content);
        }
    }
    out
}

impl Builder {
    fn event(&mut self, event: Event<'_>) -> Result<(), String> {
        match event {
            Event::Start(tag) => self.start(tag)?,
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) => self.text(&t),
            Event::Html(t) | Event::InlineHtml(t) | Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.push_inline(Inline::LineBreak),
            Event::FootnoteReference(t) => self.text(&t),
            Event::Rule | Event::TaskListMarker(_) => {}
        }
        Ok(())
    }

    fn start(&mut self, tag: Tag<'_>) -> Result<(), String> {
        match tag {
            Tag::Paragraph | Tag::CodeBlock(_) if self.item.is_none() => {
                self.inline_stack = vec![Vec::new()];
            }
            Tag::Paragraph | Tag::CodeBlock(_) => {}
            Tag::Heading { .. } => {
                if self.kind == BodyKind::Clause {
                    return Err(
                        "a heading in a clause body: a clause file is one clause, its title comes from `title`; \
                                write sub-clauses as paragraphs"
                            .to_string(),
                    );
                }
                self.heading = true;
                self.inline_stack = vec![Vec::new()];
            }
            Tag::List(first) => {
                self.flush_item();
                let parent = match self.lists.last() {
                    Some((_, level)) => *level,
                    None => self.base_level(),
                };
                let ordered = first.is_some();
                if parent >= 5 && self.kind != BodyKind::Recitals {
                    return Err(LIST_TOO_DEEP.to_string());
                }
                let level = match self.kind {
                    BodyKind::Recitals => 1,
                    _ if ordered && parent == 2 => 3,
                    _ if parent <= 3 => 4,
                    _ => 5,
                };
                self.lists.push((ordered, level));
            }
            Tag::Item => {
                self.flush_item();
                let level = self.lists.last().map_or(2, |(_, l)| *l);
                self.item = Some((level, Vec::new(), None));
                self.inline_stack = vec![Vec::new()];
            }
            Tag::Strong | Tag::Emphasis | Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {
                self.inline_stack.push(Vec::new())
            }
            Tag::Table(_) => self.table = Some(Table { header: Vec::new(), rows: Vec::new() }),
            Tag::TableHead => {
                self.in_head = true;
                self.row.clear();
            }
            Tag::TableRow => self.row.clear(),
            Tag::TableCell => self.inline_stack = vec![Vec::new()],
            // Links, images, quotes and the rest keep only their text.
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::CodeBlock => {
                let content = self.take_inlines();
                if let Some((_, item_content, anchor)) = &mut self.item {
                    // A second paragraph in a list item continues the item.
                    if !item_content.is_empty() && !content.is_empty() {
                        item_content.push(Inline::LineBreak);
                    }
                    if anchor.is_none() {
                        *anchor = self.anchor.take();
                    }
                    item_content.extend(content);
                } else {
                    self.push_paragraph(content);
                }
            }
            TagEnd::Heading(_) => {
                self.heading = false;
                let content = self.take_inlines();
                self.under_heading = true;
                let bookmark = self.anchor.take();
                self.blocks.push(Block::Numbered(Paragraph {
                    level: 1,
                    number: String::new(),
                    bookmark,
                    content: trim(content),
                }));
            }
            TagEnd::List(_) => {
                self.flush_item();
                self.lists.pop();
            }
            TagEnd::Item => {
                if let Some((_, content, anchor)) = &mut self.item {
                    let rest = std::mem::take(&mut self.inline_stack);
                    for inlines in rest {
                        content.extend(inlines);
                    }
                    if anchor.is_none() {
                        *anchor = self.anchor.take();
                    }
                }
                self.inline_stack = vec![Vec::new()];
                self.flush_item();
            }
            TagEnd::Strong | TagEnd::Emphasis | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {
                let inner = self.inline_stack.pop().unwrap_or_default();
                let wrapped = if matches!(tag, TagEnd::Strong) {
                    Inline::Strong(inner)
                } else if matches!(tag, TagEnd::Emphasis) {
                    Inline::Emphasis(inner)
                } else {
                    // No strike-through in a clean draft: keep the words.
                    Inline::Emphasis(inner)
                };
                self.push_inline(wrapped);
            }
            TagEnd::TableCell => {
                let cell = self.take_inlines();
                self.row.push(trim(cell));
            }
            TagEnd::TableHead => {
                self.in_head = false;
                if let Some(t) = &mut self.table {
                    t.header = std::mem::take(&mut self.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    t.rows.push(std::mem::take(&mut self.row));
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.blocks.push(Block::Table(t));
                }
            }
            _ => {}
        }
    }

    fn base_level(&self) -> u8 {
        match self.kind {
            BodyKind::Schedule if !self.under_heading => 1,
            BodyKind::Recitals => 1,
            _ => 2,
        }
    }

    fn push_paragraph(&mut self, content: Inlines) {
        let content = trim(content);
        let anchor = self.anchor.take();
        if content.is_empty() {
            return;
        }
        if let [Inline::Text(t)] = content.as_slice()
            && t == DEFINITIONS_SLOT
        {
            self.blocks.push(Block::Plain(content));
            return;
        }
        let block = match self.kind {
            BodyKind::Clause => numbered(2, content, anchor),
            BodyKind::Schedule if self.under_heading => numbered(2, content, anchor),
            BodyKind::Recitals => numbered(1, content, anchor),
            BodyKind::Schedule | BodyKind::Inline => Block::Plain(content),
        };
        self.blocks.push(block);
    }

    fn flush_item(&mut self) {
        if let Some((level, content, anchor)) = self.item.take() {
            let mut content = content;
            let rest = std::mem::take(&mut self.inline_stack);
            for inlines in rest {
                content.extend(inlines);
            }
            self.inline_stack = vec![Vec::new()];
            let content = trim(content);
            if !content.is_empty() {
                self.blocks.push(numbered(level, content, anchor));
            }
        }
    }

    fn take_inlines(&mut self) -> Inlines {
        let mut all = std::mem::take(&mut self.inline_stack);
        self.inline_stack = vec![Vec::new()];
        let mut out = all.drain(..1).next().unwrap_or_default();
        for rest in all {
            out.extend(rest);
        }
        out
    }

    fn push_inline(&mut self, inline: Inline) {
        if self.inline_stack.is_empty() {
            self.inline_stack.push(Vec::new());
        }
        if let Some(top) = self.inline_stack.last_mut() {
            // Merge adjacent text so writers see whole runs.
            if let (Inline::Text(new), Some(Inline::Text(prev))) = (&inline, top.last_mut()) {
                prev.push_str(new);
                return;
            }
            top.push(inline);
        }
    }

    fn text(&mut self, text: &str) {
        if text == DEFINITIONS_SLOT {
            self.push_inline(Inline::Text(text.to_string()));
            return;
        }
        for piece in markers::split(text) {
            match piece {
                Piece::Text(t) => self.push_inline(Inline::Text(t)),
                Piece::Marker(Marker::Placeholder(p)) => self.push_inline(Inline::Placeholder(p)),
                Piece::Marker(Marker::Ref { target, bare }) => self.push_inline(unresolved_ref(target, bare)),
                Piece::Marker(Marker::Anchor(id)) => self.anchor = Some(id),
                Piece::Marker(Marker::Definitions) => self.push_inline(Inline::Text(DEFINITIONS_SLOT.to_string())),
            }
        }
    }
}

/// A reference before numbering: `number` empty, `prefix` says whether it is bare.
pub(crate) fn unresolved_ref(target: String, bare: bool) -> Inline {
    Inline::Ref {
        target,
        prefix: if bare { "bare".into() } else { String::new() },
        number: String::new(),
        suffix: String::new(),
        bookmark: String::new(),
    }
}

fn numbered(level: u8, content: Inlines, anchor: Option<String>) -> Block {
    Block::Numbered(Paragraph { level, number: String::new(), bookmark: anchor, content })
}

/// Drops leading and trailing white space of a run of inlines.
fn trim(mut content: Inlines) -> Inlines {
    if let Some(Inline::Text(t)) = content.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t)) = content.last_mut() {
        *t = t.trim_end().to_string();
    }
    content.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    while matches!(content.last(), Some(Inline::LineBreak)) {
        content.pop();
    }
    content
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(blocks: &[Block]) -> Vec<u8> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Numbered(p) => Some(p.level),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn clause_body_shapes_give_levels() {
        let md = "First.\n\nSecond:\n\n1. sub one\n   - point a\n     - point i\n2. sub two\n\nThird:\n\n- (a) item\n";
        let blocks = parse_blocks(md, BodyKind::Clause).unwrap();
        assert_eq!(levels(&blocks), vec![2, 2, 3, 4, 5, 3, 2, 4]);
    }

    #[test]
    fn headings_are_refused_in_clauses_but_number_schedules() {
        let err = parse_blocks("Text.\n\n## Heading\n", BodyKind::Clause).unwrap_err();
        assert_eq!(err.line, 3);
        let blocks = parse_blocks("Intro.\n\n## Part\n\nBody.\n", BodyKind::Schedule).unwrap();
        assert!(matches!(blocks[0], Block::Plain(_)));
        assert_eq!(levels(&blocks), vec![1, 2]);
    }

    #[test]
    fn escaped_answers_come_back_literal() {
        let answer = "**bold** <b>&amp; # [x](y) | {{ z }}";
        let md = format!("The {} text.", crate::escape::escape_markdown_inline(answer));
        let blocks = parse_blocks(&md, BodyKind::Clause).unwrap();
        let Block::Numbered(p) = &blocks[0] else { panic!("not numbered") };
        assert_eq!(crate::doc::plain_text(&p.content), format!("The {answer} text."));
    }

    #[test]
    fn tables_keep_header_and_rows() {
        let blocks = parse_blocks("| A | B |\n|---|---|\n| 1 | 2 |\n", BodyKind::Schedule).unwrap();
        let Block::Table(t) = &blocks[0] else { panic!("no table") };
        assert_eq!(t.header.len(), 2);
        assert_eq!(t.rows.len(), 1);
    }
}
