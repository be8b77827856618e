//! The operative provisions: part headings, numbered clause headings (Heading 1 on the
//! clause list), numbered paragraphs, definitions, plain text, tables, and the
//! schedules, each on a new page with its own restarted numbering.

use docx_rs::{Docx, HeightRule, Shading, ShdType, Table, TableCell, TableRow, WidthType};

use super::context::Ctx;
use super::numbering::{self, CLAUSE_NUM};
use super::styles;
use super::text::{Fmt, push_inlines, push_text};
use crate::doc::{self, Block, Document, Inlines};

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
        if let Some(part) = &c.part_heading {
            let p = ctx.para().style(styles::PART_HEADING);
            docx = docx.add_paragraph(push_text(p, part, Fmt::default()));
        }
        let heading = numbering::numbered(ctx.para().style(styles::HEADING1), CLAUSE_NUM, 1);
        let heading = ctx.with_comment(heading, c.drafting_note.as_deref(), |ctx, p| {
            ctx.bookmarked_text(p, Some(&c.bookmark), &c.title, Fmt::default())
        });
        docx = docx.add_paragraph(heading);
        docx = blocks(ctx, docx, &c.blocks, Place::Clause);
    }
    docx
}

/// All schedules, each on a new page: "Schedule N" (the number bookmarked), the title,
/// then its paragraphs on a list restarted for this schedule.
pub fn schedules(ctx: &mut Ctx, doc: &Document, mut docx: Docx) -> Docx {
    for (i, s) in doc.schedules.iter().enumerate() {
        let title = ctx.para().style(styles::SCHEDULE_TITLE).page_break_before(true);
        let title = ctx.with_comment(title, s.drafting_note.as_deref(), |ctx, p| {
            let p = push_text(p, "Schedule ", Fmt::default());
            let p = ctx.bookmarked_text(p, Some(&s.bookmark), &s.number, Fmt::default());
            let p = p.add_run(Fmt::default().run().add_break(docx_rs::BreakType::TextWrapping));
            push_text(p, &s.title, Fmt::default())
        });
        docx = docx.add_paragraph(title);
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
                docx = docx.add_paragraph(p);
            }
            Block::Plain(content) => {
                let style = match place {
                    Place::Clause => styles::BODY_INDENT,
                    Place::Schedule(_) => styles::BODY,
                };
                let p = ctx_para(ctx, style);
                let p = push_inlines(ctx, p, content, Fmt::default());
                docx = docx.add_paragraph(p);
            }
            Block::Definition { term, meaning } => {
                let p = ctx_para(ctx, styles::DEFINITION);
                let p = push_text(p, &format!("{}:", term.trim()), Fmt::BOLD);
                let p = push_text(p, " ", Fmt::default());
                docx = docx.add_paragraph(push_inlines(ctx, p, meaning, Fmt::default()));
            }
            Block::Table(t) => {
                if let Some(table) = table(ctx, t, place.indent()) {
                    docx = docx.add_table(table);
                    // A paragraph after a table keeps the next table or heading apart.
                    docx = docx.add_paragraph(ctx_para(ctx, styles::BODY));
                }
            }
        }
    }
    docx
}

fn ctx_para(ctx: &mut Ctx, style: &str) -> docx_rs::Paragraph {
    ctx.para().style(style)
}

/// A bordered Word table whose first row repeats as a header row on every page.
fn table(ctx: &mut Ctx, t: &doc::Table, indent: i32) -> Option<Table> {
    let cols = t.rows.iter().map(Vec::len).chain(std::iter::once(t.header.len())).max().unwrap_or(0);
    if cols == 0 {
        return None;
    }
    let width = styles::TEXT_WIDTH.saturating_sub(indent.max(0) as usize);
    let col = width / cols;
    let empty = Inlines::new();
    let mut cell = |content: &[doc::Inline], header: bool| {
        let fmt = if header { Fmt::BOLD } else { Fmt::default() };
        let p = ctx_para(ctx, styles::TABLE_TEXT);
        let p = push_inlines(ctx, p, content, fmt);
        let c = TableCell::new().add_paragraph(p).width(col, WidthType::Dxa);
        if header { c.shading(Shading::new().shd_type(ShdType::Clear).fill("D9D9D9")) } else { c }
    };
    let mut rows = Vec::with_capacity(t.rows.len() + 1);
    if !t.header.is_empty() {
        let cells = (0..cols).map(|i| cell(t.header.get(i).unwrap_or(&empty), true)).collect();
        rows.push(TableRow::new(cells).row_height(HEADER_ROW_MARK).height_rule(HeightRule::AtLeast).cant_split());
    }
    for r in &t.rows {
        let cells = (0..cols).map(|i| cell(r.get(i).unwrap_or(&empty), false)).collect();
        rows.push(TableRow::new(cells).cant_split());
    }
    Some(
        Table::new(rows)
            .style(styles::TABLE)
            .set_grid(vec![col; cols])
            .width(col * cols, WidthType::Dxa)
            .indent(indent)
            .set_borders(styles::table_borders()),
    )
}
