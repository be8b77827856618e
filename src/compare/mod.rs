//! Redline: two assembled drafts compared clause by clause, for a DOCX of the NEW draft
//! with every difference from OLD as Word tracked changes, and a summary a person reads
//! first. Pure: the drafts come in assembled, the bytes and text go out.
//!
//! [`merge`] matches the drafts (clauses by id, paragraphs, table rows, parties),
//! `words` marks the changes inside a paragraph word by word, and [`summary()`] says in
//! plain words what changed and why (answers, alternatives, clauses, placeholders, clause
//! versions). The contract: accepting every change gives the NEW draft's text, rejecting
//! every change the OLD draft's.

pub mod merge;
pub mod summary;
mod words;

use std::collections::BTreeMap;

pub use summary::{Side, summary};
pub use words::diff_inlines;

use crate::doc::{Block, Document, Inline, Mark, Metadata};
use crate::error::{Diagnostic, Error, Result};
use crate::render::docx::tracked::{HeadingChange, Tracked};

/// The two drafts merged: NEW, with OLD's differences marked.
#[derive(Debug, Clone)]
pub struct Redline {
    pub doc: Document,
    /// Clause and schedule headings that changed, by id.
    pub headings: BTreeMap<String, HeadingChange>,
    pub old_meta: Metadata,
}

/// Compares two drafts of the same variant.
pub fn compare(old: &Document, new: &Document) -> Redline {
    let (doc, headings) = merge::merge(old, new);
    Redline { doc, headings, old_meta: old.meta.clone() }
}

impl Redline {
    /// What the DOCX writer needs, with the name Word shows as each change's author.
    pub fn tracked(&self, author: &str) -> Tracked {
        Tracked { author: author.to_owned(), headings: self.headings.clone(), old_meta: self.old_meta.clone() }
    }

    /// The redline as DOCX bytes.
    pub fn to_docx(&self, author: &str) -> std::result::Result<Vec<u8>, crate::render::docx::DocxError> {
        crate::render::docx::to_redline_docx_bytes(&self.doc, self.tracked(author))
    }

    /// How many insertions and deletions the text holds (a whole added or removed
    /// paragraph counts once).
    pub fn counts(&self) -> (usize, usize) {
        let mut n = (0, 0);
        let d = &self.doc;
        let mut visit = |c: &[Inline]| count(c, &mut n);
        visit(&d.meta.date);
        for p in &d.parties {
            visit(&p.name);
            visit(&p.description);
        }
        for p in &d.background {
            visit(&p.content);
        }
        for blocks in d.clauses.iter().map(|c| &c.blocks).chain(d.schedules.iter().map(|s| &s.blocks)) {
            for b in blocks {
                match b {
                    Block::Numbered(p) => visit(&p.content),
                    Block::Plain(c) | Block::Definition { meaning: c, .. } => visit(c),
                    Block::Table(t) => t.header.iter().chain(t.rows.iter().flatten()).for_each(|c| visit(c)),
                }
            }
        }
        visit(&d.execution.intro);
        for b in &d.execution.blocks {
            visit(&b.party);
        }
        n
    }

    /// The ids of clauses and schedules added, then removed.
    pub fn added_and_removed(&self) -> (Vec<&str>, Vec<&str>) {
        let pick = |mark| self.headings.iter().filter(move |(_, h)| h.mark == Some(mark)).map(|(id, _)| id.as_str());
        (pick(Mark::Inserted).collect(), pick(Mark::Deleted).collect())
    }
}

fn count(content: &[Inline], n: &mut (usize, usize)) {
    for i in content {
        match i {
            Inline::Inserted(_) => n.0 += 1,
            Inline::Deleted(_) => n.1 += 1,
            Inline::Strong(c) | Inline::Emphasis(c) => count(c, n),
            _ => {}
        }
    }
}

/// Two drafts compare clause by clause only when they are the same variant: an MoU and an
/// ACO contract share too little for a redline to mean anything.
pub fn check_same_variant(old: &crate::answers::Answers, new: &crate::answers::Answers) -> Result<()> {
    if old.variant == new.variant {
        return Ok(());
    }
    Err(Error::one(
        Diagnostic::error(
            &new.path,
            0,
            0,
            format!(
                "is a `{}` draft and {} is a `{}` draft; a redline compares two drafts of the same variant \
             (render each on its own, or compare it with another `{}` answers file)",
                new.variant, old.path, old.variant, new.variant
            ),
        )
        .with_code("variant-mismatch"),
    ))
}
