//! Front matter: the cover page, the contents (a live TOC field with its entries
//! already filled in), the parties block and the lettered background recitals.

use docx_rs::{BreakType, Docx, Paragraph};

use super::context::Ctx;
use super::fields;
use super::inlines::push_inlines;
use super::numbering::{self, PARTY_NUM, RECITAL_NUM};
use super::styles;
use super::text::{Fmt, clean, push_text};
use crate::doc::{Document, Inline, Mark, Placeholder};

pub const DRAFT_MARK: &str = "DRAFT \u{2014} subject to contract";

/// The cover page: title, "between" and the parties, date, version and draft mark.
pub fn cover(ctx: &mut Ctx, doc: &Document, mut docx: Docx) -> Docx {
    let m = &doc.meta;
    // In a redline the cover title changes with the system or place it names.
    let old_title = ctx.tracked().map_or_else(|| m.cover_title.clone(), |t| t.old_meta.cover_title.clone());
    docx = typed_line(ctx, docx, styles::TITLE, Some(old_title), Some(m.cover_title.clone()));
    if !doc.parties.is_empty() {
        let p = ctx.para().style(styles::COVER_TEXT);
        docx = docx.add_paragraph(push_text(p, "between", Fmt::default()));
        // In a redline a party may be in one draft only: its typed "(n)" and the "and"
        // before it follow each draft's own count.
        let (mut in_old, mut in_new) = (0, 0);
        for party in &doc.parties {
            let mark = ctx.content_mark(&party.name);
            let (was, is) = (mark != Some(Mark::Inserted), mark != Some(Mark::Deleted));
            in_old += usize::from(was);
            in_new += usize::from(is);
            let and_mark = match (was && in_old > 1, is && in_new > 1) {
                (true, true) => Some(None),
                (true, false) => Some(Some(Mark::Deleted)),
                (false, true) => Some(Some(Mark::Inserted)),
                (false, false) => None,
            };
            if let Some(and_mark) = and_mark {
                let p = ctx.para().style(styles::COVER_TEXT);
                docx = docx.add_paragraph(ctx.mark(push_text(p, "and", Fmt::default()), and_mark));
            }
            let p = ctx.para().style(styles::COVER_PARTY);
            let number = |n: usize| format!("({n}) ");
            let p = match mark {
                None if in_old != in_new => {
                    let changed = [
                        Inline::Deleted(vec![Inline::Text(number(in_old))]),
                        Inline::Inserted(vec![Inline::Text(number(in_new))]),
                    ];
                    push_inlines(ctx, p, &changed, Fmt::default())
                }
                Some(Mark::Deleted) => push_text(p, &number(in_old), Fmt::default()),
                _ => push_text(p, &number(in_new), Fmt::default()),
            };
            let p = push_inlines(ctx, p, &party.name, Fmt::default());
            docx = docx.add_paragraph(ctx.mark(p, mark));
        }
    }
    let spacer = ctx
        .para()
        .style(styles::COVER_TEXT)
        .add_run(Fmt::default().run().add_break(BreakType::TextWrapping).add_break(BreakType::TextWrapping));
    docx = docx.add_paragraph(spacer);
    if !m.date.is_empty() {
        let p = push_text(ctx.para().style(styles::COVER_TEXT), "Dated ", Fmt::default());
        let p = push_inlines(ctx, p, &m.date, Fmt::default());
        docx = docx.add_paragraph(ctx.mark(p, ctx.content_mark(&m.date)));
    }
    // The typed lines under the date; in a redline, each as it was and as it is.
    let old = ctx.tracked().map(|t| (t.old_meta.version.clone(), t.old_meta.is_draft));
    let (old_version, old_draft) = old.unwrap_or_else(|| (m.version.clone(), m.is_draft));
    let version = |v: &str| (!v.trim().is_empty()).then(|| format!("Version: {v}"));
    docx = typed_line(ctx, docx, styles::COVER_TEXT, version(&old_version), version(&m.version));
    let mark = |draft: bool| draft.then(|| DRAFT_MARK.to_owned());
    typed_line(ctx, docx, styles::DRAFT_MARK, mark(old_draft), mark(m.is_draft))
}

/// A cover line of typed text that the OLD draft may have had differently: unchanged,
/// changed word by word, added or removed.
fn typed_line(ctx: &mut Ctx, docx: Docx, style: &str, old: Option<String>, new: Option<String>) -> Docx {
    let text = |s: &str| vec![Inline::Text(s.to_owned())];
    let (content, mark) = match (&old, &new) {
        (_, Some(n)) if old == new => return docx.add_paragraph(push_text(ctx.para().style(style), n, Fmt::default())),
        (Some(o), Some(n)) => (crate::compare::diff_inlines(&text(o), &text(n)), None),
        (Some(o), None) => (text(o), Some(Mark::Deleted)),
        (None, Some(n)) => (text(n), Some(Mark::Inserted)),
        (None, None) => return docx,
    };
    let p = ctx.para().style(style);
    let p = push_inlines(ctx, p, &content, Fmt::default());
    docx.add_paragraph(ctx.mark(p, mark))
}

/// One cached TOC entry: "number<tab>title" for a clause, "Schedule N: title" for a
/// schedule (each with its id, for a redline's marks), and each Part heading in bold, in
/// the order the body has them.
struct TocEntry<'d> {
    /// The clause's or schedule's id; for a Part heading, its first clause's (in a redline the
    /// heading goes with that clause when it is added or removed).
    id: Option<&'d str>,
    /// A Part heading.
    part: bool,
    number: String,
    title: &'d str,
    fmt: Fmt,
    /// The first schedule's entry gets a little air above it.
    opens_schedules: bool,
}

fn toc_entries(doc: &Document) -> Vec<TocEntry<'_>> {
    let mut out = Vec::with_capacity(doc.clauses.len() + doc.schedules.len());
    for c in &doc.clauses {
        if let Some(part) = &c.part_heading {
            let number = String::new();
            out.push(TocEntry {
                id: Some(&c.id),
                part: true,
                number,
                title: part,
                fmt: Fmt::BOLD,
                opens_schedules: false,
            });
        }
        let number = format!("{}.\t", clean(&c.number));
        let title = &c.title;
        out.push(TocEntry { id: Some(&c.id), part: false, number, title, fmt: Fmt::default(), opens_schedules: false });
    }
    for (i, s) in doc.schedules.iter().enumerate() {
        let number = format!("Schedule {}: ", clean(&s.number));
        let opens_schedules = i == 0 && !out.is_empty();
        out.push(TocEntry {
            id: Some(&s.id),
            part: false,
            number,
            title: &s.title,
            fmt: Fmt::default(),
            opens_schedules,
        });
    }
    out
}

/// The contents page: a heading, then a TOC field built run by run (begin, instruction
/// and separate in their own runs, then one paragraph per entry, then end), so it
/// shows on opening and Word can still update it. The package asks Word to update
/// fields on opening (see `package::update_fields_on_open`), which adds page numbers. In a
/// redline an entry's numbers are NEW's (a field result, which Word updates); an entry
/// added or removed is marked, but never the field's own begin and end.
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
            // A little air between the clauses and the schedules.
            p = p.line_spacing(docx_rs::LineSpacing::new().before(240));
        }
        if i == 0 {
            p = open(p);
        }
        let change = entry.id.and_then(|id| ctx.heading_change(id)).cloned().unwrap_or_default();
        // A Part heading is marked only with its clause's addition or removal.
        let old_title = if entry.part { None } else { change.old_title };
        p = match (&old_title, change.mark) {
            (None, None) => push_text(p, &format!("{}{}", entry.number, clean(entry.title)), entry.fmt),
            (old_title, mark) => {
                let marked = push_text(Paragraph::new(), &entry.number, entry.fmt);
                let marked = match old_title {
                    Some(old) => {
                        let changed = [
                            Inline::Deleted(vec![Inline::Text(old.clone())]),
                            Inline::Inserted(vec![Inline::Text(entry.title.to_owned())]),
                        ];
                        push_inlines(ctx, marked, &changed, entry.fmt)
                    }
                    None => push_text(marked, entry.title, entry.fmt),
                };
                let marked = ctx.mark(marked, mark);
                p.children.extend(marked.children);
                p.property.run_property = marked.property.run_property;
                p
            }
        };
        if i == last {
            p = p.add_run(fields::end(fmt));
        }
        docx = docx.add_paragraph(p);
    }
    docx
}

/// In a redline, "the" or "a" for a role as the OLD and as the NEW draft read it: a second
/// Commissioner added makes "the Commissioner" "a Commissioner".
fn role_articles(ctx: &Ctx, doc: &Document, role: &str) -> Option<(&'static str, &'static str)> {
    ctx.tracked()?;
    let (mut was, mut is) = (0, 0);
    for p in doc.parties.iter().filter(|p| p.role == role) {
        let mark = ctx.content_mark(&p.name);
        was += usize::from(mark != Some(Mark::Inserted));
        is += usize::from(mark != Some(Mark::Deleted));
    }
    let article = |n: usize| if n > 1 { "a" } else { "the" };
    Some((article(was), article(is)))
}

/// "This Alliance Agreement is dated ...", the numbered parties and the background.
pub fn parties(ctx: &mut Ctx, doc: &Document, mut docx: Docx) -> Docx {
    let m = &doc.meta;
    let p = ctx.para().style(styles::BODY).page_break_before(true);
    let p = push_text(p, &format!("This {} is dated ", m.title), Fmt::BOLD);
    let date: Vec<Inline> =
        if m.date.is_empty() { vec![Inline::Placeholder(Placeholder::for_drafter("date"))] } else { m.date.clone() };
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
                let whole = ctx.content_mark(&party.name);
                p = match role_articles(ctx, doc, &party.role) {
                    // A party added (or removed) reads as the NEW (or OLD) draft has it.
                    Some((_, is)) if whole == Some(Mark::Inserted) => push_text(p, &format!(" ({is} "), Fmt::default()),
                    Some((was, _)) if whole == Some(Mark::Deleted) => {
                        push_text(p, &format!(" ({was} "), Fmt::default())
                    }
                    Some((was, is)) if was != is => {
                        let p = push_text(p, " (", Fmt::default());
                        let changed = [
                            Inline::Deleted(vec![Inline::Text(was.to_owned())]),
                            Inline::Inserted(vec![Inline::Text(is.to_owned())]),
                        ];
                        push_text(push_inlines(ctx, p, &changed, Fmt::default()), " ", Fmt::default())
                    }
                    _ => push_text(p, &format!(" ({} ", doc.role_article(&party.role)), Fmt::default()),
                };
                p = push_text(p, &format!("\u{201C}{}\u{201D}", party.role.trim()), Fmt::BOLD);
                p = push_text(p, ")", Fmt::default());
            }
            docx = docx.add_paragraph(ctx.mark(p, ctx.content_mark(&party.name)));
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
            docx = docx.add_paragraph(ctx.mark(p, ctx.content_mark(&recital.content)));
        }
    }

    let h = ctx.para().style(styles::SECTION_HEADING);
    docx.add_paragraph(push_text(h, "Agreed terms", Fmt::default()))
}
