//! caredraft: assemble NHS accountable-care contract drafts from a Tera clause library.
//!
//! The pipeline, like mdBook's: load a [`library::Library`] and an answers file (IO at the
//! edges), assemble an in-memory [`doc::Document`] (pure), then hand it to a writer
//! (Markdown or DOCX).

pub mod doc;
pub mod docx;
