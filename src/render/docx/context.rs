//! Per-document writing state: deterministic paragraph, bookmark and comment ids, the
//! set of bookmark names that exist (so a cross-reference never points at nothing),
//! and whether drafting notes become comments.

use std::collections::{BTreeSet, HashSet};

use docx_rs::{Comment, Paragraph};

use super::fields;
use super::text::{Fmt, push_text};
use super::tracked::{self, HeadingChange, Tracked};
use crate::doc::{Block, Document, Inline, Mark, whole_mark};

/// Author of drafting-note comments.
pub const COMMENT_AUTHOR: &str = "caredraft";

pub struct Ctx {
    next_para: u32,
    next_bookmark: usize,
    next_comment: usize,
    annotated: bool,
    /// W3CDTF timestamp used for comments.
    timestamp: String,
    /// Bookmark names that will be placed in the document.
    targets: BTreeSet<String>,
    /// Targets that are schedule titles (not list-numbered).
    schedule_targets: BTreeSet<String>,
    placed: HashSet<String>,
    /// Set for a redline: who made the changes, and what changed about the headings.
    tracked: Option<Tracked>,
}

/// A bookmark name Word accepts: letters, digits and underscores, starting with a
/// letter, or with an underscore for the hidden bookmarks Word itself makes for
/// cross-references (`_Ref...`), at most 40 characters. Returns `None` when nothing usable is left.
pub fn bookmark_name(raw: &str) -> Option<String> {
    let name: String = raw.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(40).collect();
    match name.chars().next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => Some(name),
        _ => None,
    }
}

impl Ctx {
    pub fn new(doc: &Document, annotated: bool, timestamp: String) -> Ctx {
        let mut targets = BTreeSet::new();
        let mut schedule_targets = BTreeSet::new();
        let add_blocks = |blocks: &[Block], targets: &mut BTreeSet<String>| {
            for b in blocks {
                if let Block::Numbered(p) = b
                    && let Some(name) = p.bookmark.as_deref().and_then(bookmark_name)
                {
                    targets.insert(name);
                }
            }
        };
        for p in &doc.background {
            if let Some(name) = p.bookmark.as_deref().and_then(bookmark_name) {
                targets.insert(name);
            }
        }
        for c in &doc.clauses {
            if let Some(name) = bookmark_name(&c.bookmark) {
                targets.insert(name);
            }
            add_blocks(&c.blocks, &mut targets);
        }
        for s in &doc.schedules {
            if let Some(name) = bookmark_name(&s.bookmark) {
                targets.insert(name.clone());
                schedule_targets.insert(name);
            }
            add_blocks(&s.blocks, &mut targets);
        }
        Ctx {
            next_para: 0,
            next_bookmark: 0,
            next_comment: 0,
            annotated,
            timestamp,
            targets,
            schedule_targets,
            placed: HashSet::new(),
            tracked: None,
        }
    }

    /// Writes tracked changes: the document is a redline from `compare`.
    pub fn with_tracking(mut self, tracked: Tracked) -> Ctx {
        self.tracked = Some(tracked);
        self
    }

    pub fn tracked(&self) -> Option<&Tracked> {
        self.tracked.as_ref()
    }

    /// Author and date of tracked changes (the document's fixed timestamp).
    pub fn change_author_date(&self) -> (&str, &str) {
        (self.tracked.as_ref().map_or(tracked::DEFAULT_AUTHOR, |t| t.author.as_str()), &self.timestamp)
    }

    /// How a clause's or schedule's heading changed, in a redline.
    pub fn heading_change(&self, id: &str) -> Option<&HeadingChange> {
        self.tracked.as_ref()?.headings.get(id)
    }

    /// In a redline, whether `content` was wholly added or removed; never for a plain draft.
    pub fn content_mark(&self, content: &[Inline]) -> Option<Mark> {
        self.tracked.as_ref().and_then(|_| whole_mark(content))
    }

    /// Marks the whole paragraph when there is a mark.
    pub fn mark(&self, p: Paragraph, mark: Option<Mark>) -> Paragraph {
        match mark {
            Some(mark) => {
                let (author, date) = self.change_author_date();
                tracked::mark_paragraph(p, mark, author, date)
            }
            None => p,
        }
    }

    /// Marks a table row when there is a mark.
    pub fn mark_row(&self, row: docx_rs::TableRow, mark: Option<Mark>) -> docx_rs::TableRow {
        match mark {
            Some(mark) => {
                let (author, date) = self.change_author_date();
                tracked::mark_row(row, mark, author, date)
            }
            None => row,
        }
    }

    /// A new paragraph with a deterministic `w14:paraId`.
    pub fn para(&mut self) -> Paragraph {
        self.next_para += 1;
        Paragraph::new().id(format!("{:08X}", self.next_para))
    }

    /// The REF instruction for a cross-reference to `bookmark`, or `None` when the
    /// target is not in this document.
    pub fn ref_instruction(&self, bookmark: &str) -> Option<String> {
        let name = bookmark_name(bookmark)?;
        if !self.targets.contains(&name) {
            return None;
        }
        Some(if self.schedule_targets.contains(&name) { fields::ref_text(&name) } else { fields::ref_numbered(&name) })
    }

    /// Reserves a bookmark id for `raw`, unless the name is unusable or already placed.
    pub fn bookmark(&mut self, raw: &str) -> Option<(usize, String)> {
        let name = bookmark_name(raw)?;
        if !self.placed.insert(name.clone()) {
            return None;
        }
        self.next_bookmark += 1;
        Some((self.next_bookmark, name))
    }

    /// Appends `text` to `p`, wrapped in the bookmark if there is one.
    pub fn bookmarked_text(&mut self, p: Paragraph, bookmark: Option<&str>, text: &str, fmt: Fmt) -> Paragraph {
        match bookmark.and_then(|b| self.bookmark(b)) {
            Some((id, name)) => {
                let p = p.add_bookmark_start(id, name);
                push_text(p, text, fmt).add_bookmark_end(id)
            }
            None => push_text(p, text, fmt),
        }
    }

    /// A drafting-note comment, when annotating; `None` for a clean draft.
    pub fn comment(&mut self, note: Option<&str>) -> Option<Comment> {
        let note = note?.trim();
        if !self.annotated || note.is_empty() {
            return None;
        }
        self.next_comment += 1;
        let mut comment = Comment::new(self.next_comment).author(COMMENT_AUTHOR).date(self.timestamp.clone());
        for line in note.split('\n') {
            let p = push_text(self.para(), line.trim_end(), Fmt::default());
            comment = comment.add_paragraph(p);
        }
        Some(comment)
    }

    /// Wraps a heading's content in a comment range when there is a comment.
    pub fn with_comment(
        &mut self,
        p: Paragraph,
        note: Option<&str>,
        content: impl FnOnce(&mut Ctx, Paragraph) -> Paragraph,
    ) -> Paragraph {
        match self.comment(note) {
            Some(comment) => {
                let id = comment.id;
                let p = p.add_comment_start(comment);
                content(self, p).add_comment_end(id)
            }
            None => content(self, p),
        }
    }
}
