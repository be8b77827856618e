//! The typed document tree: what the engine assembles and every writer (Markdown, DOCX,
//! the TUI preview) consumes. It holds no template code and no Markdown syntax: every
//! string in it is literal text, already numbered and cross-referenced.

use serde::Serialize;

/// A complete draft, ready to be written out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub meta: Metadata,
    /// The parties, in the order they appear on the cover and sign.
    pub parties: Vec<Party>,
    /// Recitals, lettered (A), (B), ... by the writers' numbering; `number` holds the letter.
    pub background: Vec<Paragraph>,
    /// Unnumbered headings that group clauses (e.g. "Part 2: General Conditions").
    pub clauses: Vec<Clause>,
    pub schedules: Vec<Schedule>,
    pub execution: Execution,
    /// Every placeholder left in the draft, in order of first appearance, without duplicates
    /// (two blanks with one label that different answers fill are two placeholders).
    pub placeholders: Vec<Placeholder>,
}

impl Document {
    /// "the" for a role only one party plays ("the Provider"), "a" for a shared one
    /// ("a Partner"), so both writers introduce parties the same way.
    pub fn role_article(&self, role: &str) -> &'static str {
        if self.parties.iter().filter(|p| p.role == role).count() > 1 { "a" } else { "the" }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metadata {
    /// "Alliance Agreement"
    pub title: String,
    /// The title on the cover and atop the Markdown draft: the system or place first, once
    /// it is answered ("Northmoor Alliance Agreement"), otherwise the title.
    pub cover_title: String,
    /// Short title for running headers.
    pub short_title: String,
    /// Variant id, e.g. "alliance".
    pub variant: String,
    /// Variant title, e.g. "Alliance Agreement".
    pub variant_title: String,
    /// The agreement date as it reads in the draft ("1 April 2027"), or a placeholder.
    pub date: Inlines,
    /// ISO date (YYYY-MM-DD) used for reproducible file timestamps, when the answers give one.
    pub iso_date: Option<String>,
    /// Version label of the draft, e.g. "Draft 1".
    pub version: String,
    /// True while the draft is marked "DRAFT — subject to contract".
    pub is_draft: bool,
    pub library_name: String,
    pub library_version: String,
    /// SHA-256 of the answers, hex; ties a draft to the answers that made it.
    pub answers_hash: String,
    pub generator: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Party {
    /// The party's name, or a placeholder.
    pub name: Inlines,
    /// What the party is, e.g. "an NHS foundation trust"; may be empty.
    pub description: Inlines,
    /// The defined role it plays, e.g. "Commissioner"; may be empty.
    pub role: String,
}

/// A top-level numbered clause ("21. Dispute resolution").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clause {
    /// Clause id from the library (stable, used for cross-references).
    pub id: String,
    /// "21"
    pub number: String,
    pub title: String,
    /// Word bookmark name for this clause: letters, digits and underscores, at most 40 chars.
    pub bookmark: String,
    /// Unnumbered part heading to print before this clause, if it opens a part.
    pub part_heading: Option<String>,
    /// Guidance for the drafter; never printed in the clean draft.
    pub drafting_note: Option<String>,
    pub provenance: Option<Provenance>,
    /// Selected alternative's label, if the clause has alternatives.
    pub alternative: Option<String>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    pub source: String,
    pub version: String,
    pub reviewed: String,
}

/// "Schedule 2: Objectives and Outcome Measures"
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    pub id: String,
    /// "2"
    pub number: String,
    pub title: String,
    pub bookmark: String,
    pub drafting_note: Option<String>,
    pub provenance: Option<Provenance>,
    pub alternative: Option<String>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// A numbered paragraph of a clause or schedule.
    Numbered(Paragraph),
    /// Plain text not part of the numbering (e.g. an introduction in a schedule).
    Plain(Inlines),
    /// A definition in the definitions clause: the term is bold where defined.
    Definition {
        term: String,
        meaning: Inlines,
    },
    Table(Table),
}

/// A numbered paragraph. `level` is its depth in the multi-level list:
/// 1 = clause heading ("1."), 2 = "1.1", 3 = "1.1.1", 4 = "(a)", 5 = "(i)".
/// In schedules, level 1 is a numbered paragraph heading ("1.") and level 2 is "1.1".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    pub level: u8,
    /// The number as it reads: "21.2", "(a)", "(ii)", or a recital letter "(A)".
    pub number: String,
    /// Bookmark name when something refers to this paragraph.
    pub bookmark: Option<String>,
    pub content: Inlines,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// The first row is the header row.
    pub header: Vec<Inlines>,
    pub rows: Vec<Vec<Inlines>>,
}

pub type Inlines = Vec<Inline>;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Inline {
    Text(String),
    Strong(Inlines),
    Emphasis(Inlines),
    /// An unanswered question, e.g. "Name of Commissioner"; writers show it as "[Name of Commissioner]".
    Placeholder(Placeholder),
    /// A resolved cross-reference. It reads `prefix + number + suffix`, e.g. "clause " + "21.2" + "",
    /// or "paragraph " + "1.2" + " of Schedule 2". Only `number` is the live field result
    /// (Word's REF field with `\w`); prefix and suffix are plain text around it.
    /// `bookmark` is the target's bookmark name.
    Ref {
        target: String,
        prefix: String,
        number: String,
        suffix: String,
        bookmark: String,
    },
    LineBreak,
    /// A tracked insertion: text the NEW draft has and the OLD one does not. Only a redline
    /// (`compare`) holds these; an assembled draft never does.
    Inserted(Inlines),
    /// A tracked deletion: text the OLD draft has and the NEW one does not (redline only).
    Deleted(Inlines),
}

/// A blank in a draft: what it reads (its label, which writers show in square brackets) and
/// the answer that fills it, so nothing has to find the question again by its label.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Placeholder {
    pub label: String,
    /// `None` for a blank the clause text itself leaves for the drafter (`placeholder(label=...)`).
    pub answer: Option<AnswerKey>,
}

impl Placeholder {
    /// A blank the drafter fills in the draft; no answer does.
    pub fn for_drafter(label: impl Into<String>) -> Self {
        Placeholder { label: label.into(), answer: None }
    }

    pub fn for_answer(label: impl Into<String>, answer: AnswerKey) -> Self {
        Placeholder { label: label.into(), answer: Some(answer) }
    }
}

/// Which answer fills a blank: a question, or one field of a repeating answer's records,
/// in one entry (`entry`, from 0) or in each (an answer with no entries yet).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct AnswerKey {
    pub question: String,
    pub entry: Option<usize>,
    pub field: Option<String>,
}

impl AnswerKey {
    pub fn question(id: impl Into<String>) -> Self {
        AnswerKey { question: id.into(), entry: None, field: None }
    }

    /// Field `field` of entry `entry` (from 0) of records question `question`; `entry`
    /// `None` while the question has no entries.
    pub fn field(question: impl Into<String>, entry: Option<usize>, field: impl Into<String>) -> Self {
        AnswerKey { question: question.into(), entry, field: Some(field.into()) }
    }
}

/// A tracked change on a whole paragraph, row or heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Mark {
    Inserted,
    Deleted,
}

/// `Some(mark)` when every inline of a non-empty run is that one tracked change: the whole
/// paragraph was added (or removed), so its number and paragraph mark are too.
pub fn whole_mark(inlines: &[Inline]) -> Option<Mark> {
    let mark = match inlines.first()? {
        Inline::Inserted(_) => Mark::Inserted,
        Inline::Deleted(_) => Mark::Deleted,
        _ => return None,
    };
    let same = |i: &Inline| match mark {
        Mark::Inserted => matches!(i, Inline::Inserted(_)),
        Mark::Deleted => matches!(i, Inline::Deleted(_)),
    };
    inlines.iter().all(same).then_some(mark)
}

/// The execution page: one signature block per party.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Execution {
    /// Sentence above the signature blocks.
    pub intro: Inlines,
    pub blocks: Vec<SignatureBlock>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignatureBlock {
    /// "Signed for and on behalf of" + party name.
    pub party: Inlines,
    /// Lines to sign: "Signature", "Name", "Position", "Date".
    pub lines: Vec<String>,
}

/// Plain text of a run of inlines, as a reader sees it (placeholders in square brackets);
/// of a redline, the text with every change accepted.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push_str(t),
            Inline::Strong(c) | Inline::Emphasis(c) => push_plain(c, out),
            Inline::Placeholder(p) => {
                out.push('[');
                out.push_str(&p.label);
                out.push(']');
            }
            Inline::Ref { prefix, number, suffix, .. } => {
                out.push_str(prefix);
                out.push_str(number);
                out.push_str(suffix);
            }
            Inline::LineBreak => out.push(' '),
            Inline::Inserted(c) => push_plain(c, out),
            Inline::Deleted(_) => {}
        }
    }
}
