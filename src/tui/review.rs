//! What is left to do before a draft goes out: every placeholder of every document of the pack
//! with where it is and who fills it in, for the placeholders list and the review page. Pure:
//! reads the state only.

use super::app::{App, Row, Target};
use crate::doc::{AnswerKey, Document, Placeholder};
use crate::render::reading::{Look, ReadingLine, to_reading};

/// One placeholder left in the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    /// As the draft shows it, with its brackets: "[Name of System]".
    pub text: String,
    /// The blank itself, with the answer that fills it.
    pub placeholder: Placeholder,
    /// Where it first appears: "clause 3.2", "Schedule 1", "Parties".
    pub at: String,
    /// How many times it appears in all.
    pub places: usize,
    /// Its first line in the preview as the draft reads.
    pub line: usize,
    /// The interview row of the question that fills it in; None when the drafter completes it
    /// in Word (a blank the clause itself leaves).
    pub row: Option<usize>,
    /// The question's label, or what to do instead.
    pub who: String,
    /// The document of the pack it is in (0: the main one), and that document's name.
    pub doc: usize,
    pub document: String,
}

/// The drafter's instruction for a blank no question fills.
pub const IN_WORD: &str = "for the drafter to complete in Word";

/// Every placeholder in the pack's documents: the main one's, then each companion's (once
/// [`App::assemble_companions`] has assembled them for the answers as they are), each in order
/// of first appearance.
pub fn spots(app: &App<'_>) -> Vec<Spot> {
    let mut out = match &app.document {
        Some(document) => spots_in(app, 0, document),
        None => Vec::new(),
    };
    if let Some(drafts) = app.pack_drafts.as_ref().filter(|p| p.generation == app.generation) {
        out.extend(drafts.spots.iter().cloned());
    }
    out
}

/// The placeholders of the companion documents as assembled: found once per assembly, kept
/// with them.
pub fn companion_spots(app: &App<'_>) -> Vec<Spot> {
    let mut out = Vec::new();
    for doc in 1..app.pack.len() {
        if let Some(Ok(document)) = app.pack_draft(doc) {
            out.extend(spots_in(app, doc, document));
        }
    }
    out
}

/// Why documents of the pack cannot be assembled, each named ("Integration Agreement —
/// Dudley Practice: …"), when the main one can: the problems that are one document's own.
pub fn document_problems(app: &App<'_>) -> Vec<String> {
    if app.document.is_none() {
        return Vec::new();
    }
    (1..app.pack.len())
        .filter_map(|doc| match app.pack_draft(doc) {
            Some(Err(why)) => Some(format!("{}: {why}", app.document_name(doc))),
            _ => None,
        })
        .collect()
}

/// The placeholders of document `doc` of the pack, in order of first appearance.
fn spots_in(app: &App<'_>, doc: usize, document: &Document) -> Vec<Spot> {
    let lines = to_reading(document);
    let name = app.document_name(doc);
    let mut out: Vec<Spot> = Vec::new();
    let mut heading = String::from("the cover");
    for (i, line) in lines.iter().enumerate() {
        match line.pieces.first() {
            Some((Look::Heading, text)) => heading = text.clone(),
            Some((Look::Title, _)) => heading = "the cover".to_string(),
            _ => {}
        }
        for placeholder in &line.placeholders {
            if let Some(spot) = out.iter_mut().find(|s| &s.placeholder == placeholder) {
                spot.places += 1;
                continue;
            }
            let row = placeholder.answer.as_ref().and_then(|key| filled_by(app, key));
            let who = match row.and_then(|r| app.rows.get(r)) {
                Some(Row::Answer(t)) => label_of(app, t),
                _ => IN_WORD.to_string(),
            };
            out.push(Spot {
                text: format!("[{}]", placeholder.label),
                placeholder: placeholder.clone(),
                at: place(&heading, line),
                places: 1,
                line: i,
                row,
                who,
                doc,
                document: name.clone(),
            });
        }
    }
    out
}

/// "Partners, entry 2: Legal name" for a field; the label for a question.
fn label_of(app: &App<'_>, t: &Target) -> String {
    match *t {
        Target::Question { .. } => app.target_question(t).label.clone(),
        Target::Field { section, question, entry, .. } => {
            format!("{}, entry {}: {}", app.question(section, question).label, entry + 1, app.target_question(t).label)
        }
    }
}

/// The interview row of the answer at `key`: the question, or the field of its entry; for a
/// field of a list with no entries yet (its fields are not rows), the list question itself.
fn filled_by(app: &App<'_>, key: &AnswerKey) -> Option<usize> {
    let is_key = |t: &Target| match *t {
        Target::Question { section, question } => {
            let q = app.question(section, question);
            q.id == key.question && (key.field.is_none() || key.entry.is_none())
        }
        Target::Field { section, question, entry, .. } => {
            app.question(section, question).id == key.question
                && key.entry == Some(entry)
                && key.field.as_deref() == Some(app.target_question(t).id.as_str())
        }
    };
    let question = |t: &Target| matches!(*t, Target::Question { section, question } if app.question(section, question).id == key.question);
    // A field whose entry is not shown as rows: the list question it belongs to.
    app.rows
        .iter()
        .position(|r| matches!(r, Row::Answer(t) if is_key(t)))
        .or_else(|| app.rows.iter().position(|r| matches!(r, Row::Answer(t) if question(t))))
}

/// "clause 3.2" from the heading "3. The Partnership Board" and a line "3.2 The Board ...";
/// "Schedule 1" from a schedule's heading; otherwise the heading in sentence case.
fn place(heading: &str, line: &ReadingLine) -> String {
    let first = |s: &str| s.split_whitespace().next().unwrap_or("").to_string();
    let head = first(heading);
    if head.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        let clause = head.trim_end_matches('.');
        let para = first(&line.text());
        if para.starts_with(&format!("{clause}.")) && para.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return format!("clause {}", para.trim_end_matches('.'));
        }
        return format!("clause {clause}");
    }
    let words: Vec<&str> = heading.split_whitespace().collect();
    if words.first().is_some_and(|w| w.eq_ignore_ascii_case("schedule")) && words.len() > 1 {
        return format!("Schedule {}", words[1].trim_end_matches([':', '.']));
    }
    if heading == "the cover" {
        return heading.to_string();
    }
    let lower = heading.to_lowercase();
    let mut c = lower.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_read_as_a_lawyer_would_cite_them() {
        let line = |t: &str| ReadingLine::styled(Look::Body, t);
        assert_eq!(place("3. The Partnership Board", &line("3.2 The Board meets [Frequency].")), "clause 3.2");
        assert_eq!(place("3. The Partnership Board", &line("(a) the [Name]")), "clause 3");
        assert_eq!(place("SCHEDULE 2: Risk share", &line("x")), "Schedule 2");
        assert_eq!(place("PARTIES", &line("x")), "Parties");
    }
}
