//! Complex fields built by hand: `fldChar begin`, `instrText`, `fldChar separate`, the
//! cached result and `fldChar end`, each in its own run, as Word itself writes them.
//! Used for cross-references (REF), the table of contents (TOC) and page numbers
//! (PAGE, NUMPAGES).

use docx_rs::{FieldCharType, InstrText, Paragraph, Run};

use super::text::{Fmt, push_text};

/// The TOC field instruction: clause headings (outline level 1) with hyperlinks,
/// no page numbers in web view, and paragraphs' own outline levels (schedule titles).
pub const TOC_INSTRUCTION: &str = r#"TOC \o "1-1" \h \z \u"#;

/// `REF name \w \h`: the target's paragraph number in full context, as a hyperlink.
pub fn ref_numbered(bookmark: &str) -> String {
    format!(r"REF {bookmark} \w \h")
}

/// `REF name \h`: the bookmarked text itself (used for schedule numbers, which are
/// typed text rather than list numbering).
pub fn ref_text(bookmark: &str) -> String {
    format!(r"REF {bookmark} \h")
}

pub fn begin(fmt: Fmt) -> Run {
    fmt.run().add_field_char(FieldCharType::Begin, false)
}

pub fn instruction(instr: &str, fmt: Fmt) -> Run {
    fmt.run().add_instr_text(InstrText::Unsupported(instr.to_owned()))
}

pub fn separate(fmt: Fmt) -> Run {
    fmt.run().add_field_char(FieldCharType::Separate, false)
}

pub fn end(fmt: Fmt) -> Run {
    fmt.run().add_field_char(FieldCharType::End, false)
}

/// Appends a whole field with a cached result to a paragraph.
pub fn add_field(p: Paragraph, instr: &str, cached: &str, fmt: Fmt) -> Paragraph {
    let p = p.add_run(begin(fmt)).add_run(instruction(instr, fmt)).add_run(separate(fmt));
    push_text(p, cached, fmt).add_run(end(fmt))
}

/// "Page X of Y" from PAGE and NUMPAGES fields.
pub fn page_x_of_y(p: Paragraph) -> Paragraph {
    let fmt = Fmt::default();
    let p = push_text(p, "Page ", fmt);
    let p = add_field(p, "PAGE", "1", fmt);
    let p = push_text(p, " of ", fmt);
    add_field(p, "NUMPAGES", "1", fmt)
}
