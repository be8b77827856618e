//! The operative provisions: part headings, numbered clause headings (Heading 1 on the
//! clause list), numbered paragraphs, definitions, plain text, tables, and the
//! schedules, each on a new page with its own restarted numbering.

use docx_rs::{Docx, HeightRule, Shading, ShdType, Table, TableCell, TableRow, WidthType};

use super::context::Ctx;
use super::inlines::push_inlines;
use super::numbering::{self, CLAUSE_NUM};
use super::styles;
use super::text::{Fmt, push_text};
use crate::doc::{self, Block, Document, Inline, Inlines, Mark};

/// Row height (twips, "at least") that marks a table header row; the packaging step
/// turns it into `<w:tblHeader/>` so the row repeats on every page (docx-rs has no
/// setter for it).
pub const HEADER_ROW_MARK: f32 = 1.0;

/// Where a run of blocks sits: in a clause or in a schedule (with its list id).
#[derive(Clone, Copy)]
enum Place {
    Clause,
    Schedule(usize),
}

impl Place {
    fn num(self) -> usize {
        match self {
            Place::Clause => CLAUSE_NUM,
            Place::Schedule(n) => n,
        }
    }

    fn style(self, level: u8) -> &'static str {
        let i = numbering::ilvl(level);
        match self {
            Place::Schedule(_) if i < styles::SCHEDULE.len() => styles::SCHEDULE[i],
            _ => styles::CLAUSE[i],
        }
    }

    fn indent(self) -> i32 {
        match self {
            Place::Clause => styles::CLAUSE_INDENT,
            Place::Schedule(_) => 0,
        }
    }
}

/// All clauses, with their part headings.
pub fn clauses(ctx: &mut Ctx, doc: &Document, mut docx: Docx) -> Docx {
    for c in &doc.clauses {
        let change = ctx.heading_change(&c.id).cloned().unwrap_or_default();
        let part_heading = |ctx: &mut Ctx, text: &str, mark| {
            let p = ctx.para().style(styles::PART_HEADING);
            ctx.mark(push_text(p, text, Fmt::default()), mark)
        };
        match &change.old_part {
            // In a redline, the part heading before this clause changed.
            Some(old) => {
                if let Some(old) = old {
                    docx = docx.add_paragraph(part_heading(ctx, old, Some(Mark::Deleted)));
                }
                if let Some(part) = &c.part_heading {
                    docx = docx.add_paragraph(part_heading(ctx, part, Some(Mark::Inserted)));
                }
            }
            None => {
                if let Some(part) = &c.part_heading {
                    docx = docx.add_paragraph(part_heading(ctx, part, change.mark));
                }
            }
        }
        let heading = numbering::numbered(ctx.para().style(styles::HEADING1), CLAUSE_NUM, 1);
        let heading = ctx.with_comment(heading, c.drafting_note.as_deref(), |ctx, p| {
            heading_text(ctx, p, Some(&c.bookmark), &c.title, change.old_title.as_deref())
        });
        docx = docx.add_paragraph(ctx.mark(heading, change.mark));
        docx = blocks(ctx, docx, &c.blocks, Place::Clause);
    }
    docx
}

/// A heading's text, bookmarked; in a redline, a changed one as the old text deleted and
/// the new inserted.
fn heading_text(
    ctx: &mut Ctx,
    p: docx_rs::Paragraph,
    bookmark: Option<&str>,
    text: &str,
    old: Option<&str>,
) -> docx_rs::Paragraph {
    let Some(old) = old else {
        return ctx.bookmarked_text(p, bookmark, text, Fmt::default());
    };
    let changed =
        [Inline::Deleted(vec![Inline::Text(old.to_owned())]), Inline::Inserted(vec![Inline::Text(text.to_owned())])];
    match bookmark.and_then(|b| ctx.bookmark(b)) {
        Some((id, name)) => {
            push_inlines(ctx, p.add_bookmark_start(id, name), &changed, Fmt::default()).add_bookmark_end(id)
        }
        None => push_inlines(ctx, p, &changed, Fmt::default()),
    }
}

/// All schedules, each on a new page: "Schedule N" (the number bookmarked), the title,
/// then its paragraphs on a list restarted for this schedule.
pub fn schedules(ctx: &mut Ctx, doc: &Document, mut docx: Docx) -> Docx {
    for (i, s) in doc.schedules.iter().enumerate() {
        let change = ctx.heading_change(&s.id).cloned().unwrap_or_default();
        let title = ctx.para().style(styles::SCHEDULE_TITLE).page_break_before(true);
        let title = ctx.with_comment(title, s.drafting_note.as_deref(), |ctx, p| {
            let p = push_text(p, "Schedule ", Fmt::default());
            let p = heading_text(ctx, p, Some(&s.bookmark), &s.number, change.old_number.as_deref());
            let p = p.add_run(Fmt::default().run().add_break(docx_rs::BreakType::TextWrapping));
            match change.old_title.as_deref() {
                Some(_) => heading_text(ctx, p, None, &s.title, change.old_title.as_deref()),
                None => push_text(p, &s.title, Fmt::default()),
            }
        });
        docx = docx.add_paragraph(ctx.mark(title, change.mark));
        docx = blocks(ctx, docx, &s.blocks, Place::Schedule(numbering::schedule_num(i)));
    }
    docx
}

fn blocks(ctx: &mut Ctx, mut docx: Docx, blocks: &[Block], place: Place) -> Docx {
    for b in blocks {
        match b {
            Block::Numbered(para) => {
                let p = numbering::numbered(ctx.para().style(place.style(para.level)), place.num(), para.level);
                let p = match para.bookmark.as_deref().and_then(|b| ctx.bookmark(b)) {
                    Some((id, name)) => {
                        let p = p.add_bookmark_start(id, name);
                        push_inlines(ctx, p, &para.content, Fmt::default()).add_bookmark_end(id)
                    }
                    None => push_inlines(ctx, p, &para.content, Fmt::default()),
                };
                docx = docx.add_paragraph(ctx.mark(p, ctx.content_mark(&para.content)));
            }
            Block::Plain(content) => {
                let style = match place {
                    Place::Clause => styles::BODY_INDENT,
                    Place::Schedule(_) => styles::BODY,
                };
                let p = ctx_para(ctx, style);
                let p = push_inlines(ctx, p, content, Fmt::default());
                docx = docx.add_paragraph(ctx.mark(p, ctx.content_mark(content)));
            }
            Block::Definition { term, meaning } => {
                let p = ctx_para(ctx, styles::DEFINITION);
                let p = push_text(p, &format!("{}:", term.trim()), Fmt::BOLD);
                let p = push_text(p, " ", Fmt::default());
                let p = push_inlines(ctx, p, meaning, Fmt::default());
                docx = docx.add_paragraph(ctx.mark(p, ctx.content_mark(meaning)));
            }
            Block::Table(t) => {
                if let Some((table, mark)) = table(ctx, t, place.indent()) {
                    docx = docx.add_table(table);
                    // A paragraph after a table keeps the next table or heading apart.
                    let p = ctx_para(ctx, styles::BODY);
                    docx = docx.add_paragraph(ctx.mark(p, mark));
                }
            }
        }
    }
    docx
}

fn ctx_para(ctx: &mut Ctx, style: &str) -> docx_rs::Paragraph {
    ctx.para().style(style)
}

/// A bordered Word table whose first row repeats as a header row on every page. In a
/// redline, with the mark every row shares when the whole table was added or removed.
fn table(ctx: &mut Ctx, t: &doc::Table, indent: i32) -> Option<(Table, Option<Mark>)> {
    let cols = t.rows.iter().map(Vec::len).chain(std::iter::once(t.header.len())).max().unwrap_or(0);
    if cols == 0 {
        return None;
    }
    let width = styles::TEXT_WIDTH.saturating_sub(indent.max(0) as usize);
    let col = width / cols;
    let empty = Inlines::new();
    let cell = |ctx: &mut Ctx, content: &[doc::Inline], header: bool, mark: Option<Mark>| {
        let fmt = if header { Fmt::BOLD } else { Fmt::default() };
        let p = ctx_para(ctx, styles::TABLE_TEXT);
        let p = ctx.mark(push_inlines(ctx, p, content, fmt), mark);
        let c = TableCell::new().add_paragraph(p).width(col, WidthType::Dxa);
        if header { c.shading(Shading::new().shd_type(ShdType::Clear).fill("D9D9D9")) } else { c }
    };
    let mut rows = Vec::with_capacity(t.rows.len() + 1);
    let mut marks = Vec::with_capacity(t.rows.len() + 1);
    if !t.header.is_empty() {
        let mark = row_mark(ctx, &t.header);
        let cells = (0..cols).map(|i| cell(ctx, t.header.get(i).unwrap_or(&empty), true, mark)).collect();
        let row = TableRow::new(cells).row_height(HEADER_ROW_MARK).height_rule(HeightRule::AtLeast).cant_split();
        rows.push(ctx.mark_row(row, mark));
        marks.push(mark);
    }
    for r in &t.rows {
        let mark = row_mark(ctx, r);
        let cells = (0..cols).map(|i| cell(ctx, r.get(i).unwrap_or(&empty), false, mark)).collect();
        rows.push(ctx.mark_row(TableRow::new(cells).cant_split(), mark));
        marks.push(mark);
    }
    let whole = marks.first().copied().flatten().filter(|m| marks.iter().all(|x| *x == Some(*m)));
    Some((
        Table::new(rows)
            .style(styles::TABLE)
            .set_grid(vec![col; cols])
            .width(col * cols, WidthType::Dxa)
            .indent(indent)
            .set_borders(styles::table_borders()),
        whole,
    ))
}

/// In a redline, a row is added (or removed) when every cell with text was.
fn row_mark(ctx: &Ctx, cells: &[Inlines]) -> Option<Mark> {
    let mut filled = cells.iter().filter(|c| !c.is_empty());
    let first = ctx.content_mark(filled.next()?)?;
    filled.all(|c| ctx.content_mark(c) == Some(first)).then_some(first)
}
