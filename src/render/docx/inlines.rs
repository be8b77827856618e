//! Inline runs: turns [`Inline`]s into Word runs (bold, italic, highlighted
//! placeholders, live REF fields for cross-references, tracked insertions and deletions).
//! Kept apart from [`super::text`] because it needs [`Ctx`] and [`super::fields`], which
//! themselves write plain text.

use docx_rs::{BreakType, Paragraph, ParagraphChild};

use super::context::Ctx;
use super::fields;
use super::text::{Fmt, clean, push_text};
use super::tracked;
use crate::doc::{Inline, Mark};

/// Appends a sequence of inlines to a paragraph.
pub fn push_inlines(ctx: &Ctx, mut p: Paragraph, inlines: &[Inline], fmt: Fmt) -> Paragraph {
    for inline in inlines {
        p = match inline {
            Inline::Text(t) => push_text(p, t, fmt),
            Inline::Strong(c) => push_inlines(ctx, p, c, Fmt { bold: true, ..fmt }),
            Inline::Emphasis(c) => push_inlines(ctx, p, c, Fmt { italic: true, ..fmt }),
            Inline::Placeholder(blank) => {
                let shown = format!("[{}]", blank.label);
                push_text(p, &shown, Fmt { highlight: true, ..fmt })
            }
            Inline::Ref { prefix, number, suffix, bookmark, .. } => {
                p = push_text(p, prefix, fmt);
                p = match ctx.ref_instruction(bookmark) {
                    Some(instr) => fields::add_field(p, &instr, &clean(number), fmt),
                    // A target that is not in this document: plain text, never a broken field.
                    None => push_text(p, number, fmt),
                };
                push_text(p, suffix, fmt)
            }
            Inline::LineBreak => p.add_run(fmt.run().add_break(BreakType::TextWrapping)),
            Inline::Inserted(c) => push_change(ctx, p, c, fmt, Mark::Inserted),
            Inline::Deleted(c) => push_change(ctx, p, c, Fmt { deleted: true, ..fmt }, Mark::Deleted),
        };
    }
    p
}

/// A tracked change: the content's runs, built as usual, inside one `w:ins` or `w:del`.
fn push_change(ctx: &Ctx, mut p: Paragraph, content: &[Inline], fmt: Fmt, mark: Mark) -> Paragraph {
    let inner = push_inlines(ctx, Paragraph::new(), content, fmt);
    let mut runs = Vec::new();
    for child in inner.children {
        if let ParagraphChild::Run(r) = child {
            runs.push(*r);
        }
    }
    if runs.is_empty() {
        return p;
    }
    let (author, date) = ctx.change_author_date();
    p.children.push(tracked::wrap(runs, mark, author, date));
    p
}
