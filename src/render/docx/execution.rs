//! The execution page: the intro sentence, then per party a bold "Signed for and on
//! behalf of ..." line and a borderless table of labels ("Signature", "Name", ...)
//! against bottom-bordered blank cells to sign on.

use docx_rs::{
    BorderType, Docx, HeightRule, Table, TableCell, TableCellBorder, TableCellBorderPosition, TableCellBorders,
    TableRow, VAlignType, WidthType,
};

use super::context::Ctx;
use super::inlines::push_inlines;
use super::styles;
use super::text::{Fmt, push_text};
use crate::doc::Document;

const LABEL_WIDTH: usize = 2268;
const LINE_WIDTH: usize = 5103;
const ROW_HEIGHT: f32 = 624.0;
const DEFAULT_LINES: [&str; 4] = ["Signature", "Name", "Position", "Date"];

pub fn execution(ctx: &mut Ctx, doc: &Document, mut docx: Docx) -> Docx {
    let h = ctx.para().style(styles::SECTION_HEADING).page_break_before(true);
    docx = docx.add_paragraph(push_text(h, "Execution", Fmt::default()));
    if !doc.execution.intro.is_empty() {
        let p = ctx.para().style(styles::BODY);
        let p = push_inlines(ctx, p, &doc.execution.intro, Fmt::default());
        docx = docx.add_paragraph(ctx.mark(p, ctx.content_mark(&doc.execution.intro)));
    }
    for block in &doc.execution.blocks {
        // In a redline, a party added or removed takes its whole signature block with it.
        let mark = ctx.content_mark(&block.party);
        let p = ctx.para().style(styles::SIGNATURE).keep_next(true);
        let p = push_inlines(ctx, p, &block.party, Fmt::BOLD);
        docx = docx.add_paragraph(ctx.mark(p, mark));
        let lines: Vec<&str> = if block.lines.is_empty() {
            DEFAULT_LINES.to_vec()
        } else {
            block.lines.iter().map(String::as_str).collect()
        };
        let last = lines.len().saturating_sub(1);
        let rows = lines
            .iter()
            .enumerate()
            .map(|(i, label)| {
                // Each row kept with the next, so a signature block never splits across pages.
                let label_p = ctx.para().style(styles::SIGNATURE).keep_next(i < last);
                let label_p = push_text(label_p, label, Fmt::default());
                let label_p = ctx.mark(label_p, mark);
                let label_cell = TableCell::new()
                    .add_paragraph(label_p)
                    .width(LABEL_WIDTH, WidthType::Dxa)
                    .vertical_align(VAlignType::Bottom)
                    .set_borders(TableCellBorders::with_empty());
                let line = TableCellBorder::new(TableCellBorderPosition::Bottom)
                    .border_type(BorderType::Single)
                    .size(6)
                    .color("000000");
                let sign_p = ctx.para().style(styles::SIGNATURE).keep_next(i < last);
                let sign_cell = TableCell::new()
                    .add_paragraph(ctx.mark(sign_p, mark))
                    .width(LINE_WIDTH, WidthType::Dxa)
                    .vertical_align(VAlignType::Bottom)
                    .set_borders(TableCellBorders::with_empty().set(line));
                let row = TableRow::new(vec![label_cell, sign_cell])
                    .row_height(ROW_HEIGHT)
                    .height_rule(HeightRule::AtLeast)
                    .cant_split();
                ctx.mark_row(row, mark)
            })
            .collect();
        docx = docx.add_table(
            Table::without_borders(rows)
                .set_grid(vec![LABEL_WIDTH, LINE_WIDTH])
                .width(LABEL_WIDTH + LINE_WIDTH, WidthType::Dxa),
        );
        let p = ctx.para().style(styles::BODY);
        docx = docx.add_paragraph(ctx.mark(p, mark));
    }
    docx
}
