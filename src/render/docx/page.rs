//! Page set-up: A4, margins, the running header (short title and draft mark), the
//! "Page X of Y" footer (on every page), and no running header on the cover.

use docx_rs::{Docx, Footer, Header, PageMargin};

use super::context::Ctx;
use super::fields;
use super::front::DRAFT_MARK;
use super::inlines::push_inlines;
use super::styles;
use super::text::{Fmt, push_text};
use crate::doc::{Document, Inline};

pub fn page_setup(ctx: &mut Ctx, doc: &Document, docx: Docx) -> Docx {
    let margin = PageMargin {
        top: styles::MARGIN,
        left: styles::MARGIN,
        bottom: styles::MARGIN,
        right: styles::MARGIN,
        header: styles::HEADER_DISTANCE,
        footer: styles::HEADER_DISTANCE,
        gutter: 0,
    };
    let m = &doc.meta;
    let mut hp = push_text(ctx.para().style(styles::HEADER), &m.short_title, Fmt::default());
    let was_draft = ctx.tracked().map_or(m.is_draft, |t| t.old_meta.is_draft);
    if m.is_draft && was_draft {
        hp = hp.add_run(Fmt::default().run().add_tab());
        hp = push_text(hp, DRAFT_MARK, Fmt::BOLD);
    } else if m.is_draft || was_draft {
        // A redline where one draft is marked "DRAFT" and the other is not.
        let mark = vec![Inline::Text("\t".into()), Inline::Strong(vec![Inline::Text(DRAFT_MARK.into())])];
        let change = if m.is_draft { Inline::Inserted(mark) } else { Inline::Deleted(mark) };
        hp = push_inlines(ctx, hp, &[change], Fmt::default());
    }
    let fp = fields::page_x_of_y(ctx.para().style(styles::FOOTER));
    // The cover page (first page) has no running header, but keeps "Page 1 of Y".
    let first_header = Header::new().add_paragraph(ctx.para().style(styles::HEADER));
    let first_footer = Footer::new().add_paragraph(fields::page_x_of_y(ctx.para().style(styles::FOOTER)));
    docx.page_size(styles::PAGE_WIDTH, styles::PAGE_HEIGHT)
        .page_margin(margin)
        .header(Header::new().add_paragraph(hp))
        .footer(Footer::new().add_paragraph(fp))
        .first_header(first_header)
        .first_footer(first_footer)
        .title_pg()
}
