//! Front matter: the cover page, the contents (a live TOC field with its entries
//! already filled in), the parties block and the lettered background recitals.

use docx_rs::{BreakType, Docx, Paragraph};

use super::context::Ctx;
use super::fields;
use super::numbering::{self, PARTY_NUM, RECITAL_NUM};
use super::styles;
use super::text::{Fmt, clean, push_inlines, push_text};
use crate::doc::{Document, Inline};

pub const DRAFT_MARK: &str = "DRAFT \u{2014} subject to contract";

/// The cover page: title, "between" and the parties, date, version and draft mark.
pub fn cover(ctx: &mut Ctx, doc: &Document, mut docx: Docx) -> Docx {
    let m = &doc.meta;
    let p = ctx.para().style(styles::TITLE);
    docx = docx.add_paragraph(push_text(p, &m.title, Fmt::default()));
    if !doc.parties.is_empty() {
        let p = ctx.para().style(styles::COVER_TEXT);
        docx = docx.add_paragraph(push_text(p, "between", Fmt::default()));
        for (i, party) in doc.parties.iter().enumerate() {
            if i > 0 {
                let p = ctx.para().style(styles::COVER_TEXT);
                docx = docx.add_paragraph(push_text(p, "and", Fmt::default()));
            }
            let p = ctx.para().style(styles::COVER_PARTY);
            let p = push_text(p, &format!("({}) ", i + 1), Fmt::default());
            docx = docx.add_paragraph(push_inlines(ctx, p, &party.name, Fmt::default()));
        }
    }
    let spacer = ctx
        .para()
        .style(styles::COVER_TEXT)
        .add_run(Fmt::default().run().add_break(BreakType::TextWrapping).add_break(BreakType::TextWrapping));
    docx = docx.add_paragraph(spacer);
    if !m.date.is_empty() {
        let p = push_text(ctx.para().style(styles::COVER_TEXT), "Dated ", Fmt::default());
        docx = docx.add_paragraph(push_inlines(ctx, p, &m.date, Fmt::default()));
    }
    if !m.version.trim().is_empty() {
        let p = ctx.para().style(styles::COVER_TEXT);
        docx = docx.add_paragraph(push_text(p, &format!("Version: {}", m.version), Fmt::default()));
    }
    if m.is_draft {
        let p = ctx.para().style(styles::DRAFT_MARK);
        docx = docx.add_paragraph(push_text(p, DRAFT_MARK, Fmt::default()));
    }
    docx
}

/// One cached TOC entry: "number<tab>title" for clauses, "Schedule N: title" for schedules,
/// and each Part heading in bold, in the order the body has them.
struct TocEntry {
    text: String,
    fmt: Fmt,
    /// The first schedule's entry gets a little air above it.
    opens_schedules: bool,
}

fn toc_entries(doc: &Document) -> Vec<TocEntry> {
    let entry = |text, fmt| TocEntry { text, fmt, opens_schedules: false };
    let mut out = Vec::with_capacity(doc.clauses.len() + doc.schedules.len());
    for c in &doc.clauses {
        if let Some(part) = &c.part_heading {
            out.push(entry(clean(part).into_owned(), Fmt::BOLD));
        }
        out.push(entry(format!("{}.\t{}", clean(&c.number), clean(&c.title)), Fmt::default()));
    }
    for (i, s) in doc.schedules.iter().enumerate() {
        let mut e = entry(format!("Schedule {}: {}", clean(&s.number), clean(&s.title)), Fmt::default());
        e.opens_schedules = i == 0 && !out.is_empty();
        out.push(e);
    }
    out
}

/// The contents page: a heading, then a TOC field built run by run (begin, instruction
/// and separate in their own runs, then one paragraph per entry, then end), so it
/// shows on opening and Word can still update it. The package asks Word to update
/// fields on opening (see `package::update_fields_on_open`), which adds page numbers.
pub fn contents(ctx: &mut Ctx, doc: &Document, mut docx: Docx) -> Docx {
    let heading = ctx.para().style(styles::TOC_HEADING).page_break_before(true);
    docx = docx.add_paragraph(push_text(heading, "Contents", Fmt::default()));
    let fmt = Fmt::default();
    let entries = toc_entries(doc);
    let last = entries.len().saturating_sub(1);
    let open = |p: Paragraph| {
        p.add_run(fields::begin(fmt))
            .add_run(fields::instruction(fields::TOC_INSTRUCTION, fmt))
            .add_run(fields::separate(fmt))
    };
    if entries.is_empty() {
        let p = open(ctx.para().style(styles::TOC1));
        return docx.add_paragraph(p.add_run(fields::end(fmt)));
    }
    for (i, entry) in entries.iter().enumerate() {
        let mut p = ctx.para().style(styles::TOC1);
        if entry.opens_schedules {
            p = p.line_spacing(docx_rs::LineSpacing::new().before(240));
        }
        if i == 0 {
            p = open(p);
        }
        p = push_text(p, &entry.text, entry.fmt);
        if i == last {
            p = p.add_run(fields::end(fmt));
        }
        docx = docx.add_paragraph(p);
    }
    docx
}

/// "This Alliance Agreement is dated ...", the numbered parties and the background.
pub fn parties(ctx: &mut Ctx, doc: &Document, mut docx: Docx) -> Docx {
    let m = &doc.meta;
    let p = ctx.para().style(styles::BODY).page_break_before(true);
    let p = push_text(p, &format!("This {} is dated ", m.title), Fmt::BOLD);
    let date: Vec<Inline> =
        if m.date.is_empty() { vec![Inline::Placeholder("date".to_owned())] } else { m.date.clone() };
    let p = push_inlines(ctx, p, &date, Fmt::BOLD);
    docx = docx.add_paragraph(push_text(p, ".", Fmt::BOLD));

    if !doc.parties.is_empty() {
        let h = ctx.para().style(styles::SECTION_HEADING);
        docx = docx.add_paragraph(push_text(h, "Parties", Fmt::default()));
        for party in &doc.parties {
            let p = numbering::numbered(ctx.para().style(styles::PARTY), PARTY_NUM, 1);
            let mut p = push_inlines(ctx, p, &party.name, Fmt::BOLD);
            if !party.description.is_empty() {
                p = push_text(p, ", ", Fmt::default());
                p = push_inlines(ctx, p, &party.description, Fmt::default());
            }
            if !party.role.trim().is_empty() {
                p = push_text(p, &format!(" ({} ", doc.role_article(&party.role)), Fmt::default());
                p = push_text(p, &format!("\u{201C}{}\u{201D}", party.role.trim()), Fmt::BOLD);
                p = push_text(p, ")", Fmt::default());
            }
            docx = docx.add_paragraph(p);
        }
    }

    if !doc.background.is_empty() {
        let h = ctx.para().style(styles::SECTION_HEADING);
        docx = docx.add_paragraph(push_text(h, "Background", Fmt::default()));
        for recital in &doc.background {
            let p = numbering::numbered(ctx.para().style(styles::RECITAL), RECITAL_NUM, 1);
            let p = match recital.bookmark.as_deref().and_then(|b| ctx.bookmark(b)) {
                Some((id, name)) => {
                    let p = p.add_bookmark_start(id, name);
                    push_inlines(ctx, p, &recital.content, Fmt::default()).add_bookmark_end(id)
                }
                None => push_inlines(ctx, p, &recital.content, Fmt::default()),
            };
            docx = docx.add_paragraph(p);
        }
    }

    let h = ctx.para().style(styles::SECTION_HEADING);
    docx.add_paragraph(push_text(h, "Agreed terms", Fmt::default()))
}
