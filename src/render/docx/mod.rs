//! DOCX writer: turns a [`Document`] into the bytes of a Word file a solicitor can open
//! and redline. Pure: no file IO (apart from reading `SOURCE_DATE_EPOCH` for a
//! reproducible timestamp when the document has no date).
//!
//! What comes out: named styles (Title, Heading 1-3, clause levels, Body Text,
//! Definition, schedule headings, a table style) on A4 in Arial 11pt; clause numbers
//! from live multi-level list numbering; cross-references as live `REF` fields to
//! bookmarks; a contents field with its entries already filled in; a cover page,
//! parties, background, schedules on new pages and an execution page; "Page X of Y";
//! title/subject/creator and custom properties; byte-identical output for the same
//! document. With [`DocxOptions::annotated`], drafting notes become Word comments.
//!
//! One job per module: [`styles`], [`numbering`], [`fields`], [`front`] (cover,
//! contents, parties, background), [`body`] (clauses, schedules, tables),
//! [`execution`], [`page`] (page set-up, header, footer), [`package`] (properties,
//! ZIP), [`text`] (text hygiene and plain runs; uses nothing else here), [`inlines`]
//! (inline runs), [`context`] (ids, bookmarks, comments).

pub mod body;
pub mod context;
pub mod deflated;
pub mod execution;
pub mod fields;
pub mod front;
pub mod inlines;
pub mod numbering;
pub mod package;
pub mod page;
pub mod styles;
pub mod text;
pub mod tracked;

use docx_rs::Docx;

use crate::doc::Document;
use context::Ctx;
use package::Stamp;

/// How to write the DOCX.
#[derive(Debug, Clone, Default)]
pub struct DocxOptions {
    /// Attach each clause's and schedule's drafting note as a Word comment on its heading.
    pub annotated: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("could not write the DOCX archive: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("could not write the DOCX archive: {0}")]
    Io(#[from] std::io::Error),
    #[error("the generated {0} part is not valid UTF-8")]
    Encoding(&'static str),
    #[error("the timestamp {0} cannot be stored in a DOCX (ZIP) archive")]
    Timestamp(String),
}

/// Writes `doc` as DOCX bytes. The same document gives the same bytes.
pub fn to_docx_bytes(doc: &Document, options: &DocxOptions) -> Result<Vec<u8>, DocxError> {
    let stamp = Stamp::for_document(&doc.meta);
    let ctx = Ctx::new(doc, options.annotated, stamp.w3c());
    write(doc, ctx, &stamp)
}

/// Writes a redline from `compare`: `doc` holds NEW with OLD's differences as
/// [`crate::doc::Inline::Inserted`] and [`crate::doc::Inline::Deleted`], written as Word
/// tracked changes dated with the document's fixed timestamp. The same redline gives the
/// same bytes.
pub fn to_redline_docx_bytes(doc: &Document, tracked: tracked::Tracked) -> Result<Vec<u8>, DocxError> {
    let stamp = Stamp::for_document(&doc.meta);
    let ctx = Ctx::new(doc, false, stamp.w3c()).with_tracking(tracked);
    write(doc, ctx, &stamp)
}

fn write(doc: &Document, mut ctx: Ctx, stamp: &Stamp) -> Result<Vec<u8>, DocxError> {
    let mut docx = Docx::new().styles(styles::styles()).default_tab_stop(720);
    docx = numbering::add_numbering(docx, doc.schedules.len());
    docx = page::page_setup(&mut ctx, doc, docx);
    docx = front::cover(&mut ctx, doc, docx);
    docx = front::contents(&mut ctx, doc, docx);
    docx = front::parties(&mut ctx, doc, docx);
    docx = body::clauses(&mut ctx, doc, docx);
    docx = body::schedules(&mut ctx, doc, docx);
    docx = execution::execution(&mut ctx, doc, docx);
    let when = stamp.w3c();
    docx = docx.created_at(&when).updated_at(&when);

    package::pack(docx.build(), &doc.meta, stamp, ctx.tracked().is_some())
}
