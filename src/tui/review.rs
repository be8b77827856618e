//! What is left to do before a draft goes out: every placeholder with where it is and who fills
//! it in, for the placeholders list and the review page. Pure: reads the state only.

use super::app::{App, Row, Target};
use crate::render::reading::{Look, ReadingLine, to_reading};

/// One placeholder left in the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    /// As the draft shows it, with its brackets: "[Name of System]".
    pub text: String,
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
}

/// The drafter's instruction for a blank no question fills.
pub const IN_WORD: &str = "for the drafter to complete in Word";

/// Every placeholder in the draft, in order of first appearance.
pub fn spots(app: &App<'_>) -> Vec<Spot> {
    let Some(doc) = &app.document else { return Vec::new() };
    let lines = to_reading(doc);
    let mut out: Vec<Spot> = Vec::new();
    let mut heading = String::from("the cover");
    for (i, line) in lines.iter().enumerate() {
        match line.pieces.first() {
            Some((Look::Heading, text)) => heading = text.clone(),
            Some((Look::Title, _)) => heading = "the cover".to_string(),
            _ => {}
        }
        for (look, text) in &line.pieces {
            if *look != Look::Placeholder {
                continue;
            }
            if let Some(spot) = out.iter_mut().find(|s| &s.text == text) {
                spot.places += 1;
                continue;
            }
            let name = text.trim_start_matches('[').trim_end_matches(']');
            let row = filled_by(app, name);
            let who = match row.and_then(|r| app.rows.get(r)) {
                Some(Row::Answer(t)) => label_of(app, t),
                _ => IN_WORD.to_string(),
            };
            out.push(Spot { text: text.clone(), at: place(&heading, line), places: 1, line: i, row, who });
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

/// The interview row whose question writes `name` as its placeholder: an unanswered one first
/// (a list's empty entry), else the list question itself when the list has no entry yet.
fn filled_by(app: &App<'_>, name: &str) -> Option<usize> {
    let matches = |t: &Target| app.target_question(t).placeholder_text() == name;
    let unanswered = app
        .rows
        .iter()
        .position(|r| matches!(r, Row::Answer(t) if matches(t) && !super::app::is_answered(app.value(t))));
    unanswered.or_else(|| app.rows.iter().position(|r| matches!(r, Row::Answer(t) if matches(t)))).or_else(|| {
        // A list with no entries: its fields are not rows yet; the list question is.
        app.rows.iter().position(|r| {
            matches!(r, Row::Answer(t @ Target::Question { .. })
                if app.target_question(t).fields.iter().any(|f| f.placeholder_text() == name))
        })
    })
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
