//! Live multi-level list numbering. Clause numbers, schedule paragraph numbers,
//! recital letters and party numbers are all computed by Word from these lists; no
//! number is typed into the text.
//!
//! `Docx::new()` already defines numbering id 1, so ours start at 2.

use docx_rs::{
    AbstractNumbering, Docx, IndentLevel, Level, LevelJc, LevelOverride, LevelText, NumberFormat, Numbering,
    NumberingId, Paragraph, SpecialIndentType, Start,
};

/// Clauses: `1.` / `1.1` / `1.1.1` / `(a)` / `(i)`.
pub const CLAUSE_ABSTRACT: usize = 2;
pub const CLAUSE_NUM: usize = 2;
/// Background recitals: `(A)`, `(B)`.
pub const RECITAL_ABSTRACT: usize = 3;
pub const RECITAL_NUM: usize = 3;
/// Parties: `(1)`, `(2)`.
pub const PARTY_ABSTRACT: usize = 4;
pub const PARTY_NUM: usize = 4;
/// Schedule paragraphs: `1.` / `1.1` ..., restarted in every schedule.
pub const SCHEDULE_ABSTRACT: usize = 5;
const SCHEDULE_NUM_BASE: usize = 10;

/// Deepest level of the lists (Paragraph.level 1..=5).
pub const LEVELS: usize = 5;

/// The `w:num` id used by the schedule at `index` (0-based).
pub fn schedule_num(index: usize) -> usize {
    SCHEDULE_NUM_BASE + index
}

/// The list level (`w:ilvl`) for a tree level: 1 -> 0, ..., 5 -> 4, clamped.
pub fn ilvl(level: u8) -> usize {
    usize::from(level.clamp(1, LEVELS as u8)) - 1
}

/// Puts a paragraph in a list at the given tree level.
pub fn numbered(p: Paragraph, num: usize, level: u8) -> Paragraph {
    p.numbering(NumberingId::new(num), IndentLevel::new(ilvl(level)))
}

/// (format, level text, left indent, hanging) per level, for the legal outline.
const OUTLINE: [(&str, &str, i32, i32); LEVELS] = [
    ("decimal", "%1.", 720, 720),
    ("decimal", "%1.%2", 720, 720),
    ("decimal", "%1.%2.%3", 1584, 864),
    // (a) hangs from the clause text's left edge and (i) from (a)'s text, as in a
    // solicitor's precedent, rather than drifting towards the right margin.
    ("lowerLetter", "(%4)", 1440, 720),
    ("lowerRoman", "(%5)", 2160, 720),
];

fn level(ilvl: usize, format: &str, text: &str, left: i32, hanging: i32) -> Level {
    Level::new(ilvl, Start::new(1), NumberFormat::new(format), LevelText::new(text), LevelJc::new("left")).indent(
        Some(left),
        Some(SpecialIndentType::Hanging(hanging)),
        None,
        None,
    )
}

fn outline(id: usize) -> AbstractNumbering {
    OUTLINE
        .iter()
        .enumerate()
        .fold(AbstractNumbering::new(id), |a, (i, (f, t, l, h))| a.add_level(level(i, f, t, *l, *h)))
}

fn single(id: usize, format: &str, text: &str) -> AbstractNumbering {
    AbstractNumbering::new(id).add_level(level(0, format, text, 720, 720))
}

/// Adds every list the document uses.
pub fn add_numbering(docx: Docx, schedules: usize) -> Docx {
    let mut docx = docx
        .add_abstract_numbering(outline(CLAUSE_ABSTRACT))
        .add_numbering(Numbering::new(CLAUSE_NUM, CLAUSE_ABSTRACT))
        .add_abstract_numbering(single(RECITAL_ABSTRACT, "upperLetter", "(%1)"))
        .add_numbering(Numbering::new(RECITAL_NUM, RECITAL_ABSTRACT))
        .add_abstract_numbering(single(PARTY_ABSTRACT, "decimal", "(%1)"))
        .add_numbering(Numbering::new(PARTY_NUM, PARTY_ABSTRACT))
        .add_abstract_numbering(outline(SCHEDULE_ABSTRACT));
    for i in 0..schedules {
        let restart = (0..LEVELS).map(|l| LevelOverride::new(l).start(1)).collect();
        docx = docx.add_numbering(Numbering::new(schedule_num(i), SCHEDULE_ABSTRACT).overrides(restart));
    }
    docx
}
