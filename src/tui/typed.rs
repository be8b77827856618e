//! Answers as people type them, turned into the form the answers file keeps: dates as
//! 31/03/2027 or 1 April 2027 (as well as 2027-03-31), money as £412.5m or 412.5 million, an
//! ODS code in lower case. Pure functions; the editor checks the result as it would any answer.

use std::sync::LazyLock;

use regex::Regex;

use crate::answers::answer_from_input;
use crate::library::{Question, QuestionKind};

/// What the answers file should hold for `typed`: `Ok(Some(text))` rewritten, `Ok(None)` as
/// typed, or `Err` with what is wrong in the question's own words.
pub fn normalise(q: &Question, typed: &str) -> Result<Option<String>, String> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match q.kind {
        QuestionKind::Date => {
            crate::answers::parse_typed_date(t).map(|d| Some(d.to_string())).map_err(|e| format!("{}: {e}", q.label))
        }
        QuestionKind::Money => money(t).map_err(|e| format!("{}: {e}", q.label)),
        QuestionKind::Text if q.pattern.is_some() => {
            // A code the pattern wants in capitals (an ODS code), typed in lower case.
            let upper = t.to_uppercase();
            let fits = |s: &str| answer_from_input(q, s).is_ok();
            Ok((upper != t && !fits(typed) && fits(&upper)).then_some(upper))
        }
        _ => Ok(None),
    }
}

/// A message about an answer, with the question's label where it named the question's id.
pub fn in_words(q: &Question, message: &str) -> String {
    message.replace(&format!("`{}`", q.id), &q.label)
}

static NAMED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`([A-Za-z0-9_.\-]+)`(?: \(([^)]*)\))?").expect("valid regex"));

/// A problem the engine reports, worded for the person answering: question ids (which the
/// answers file uses) become the labels the screen shows, and the hint about the file goes.
pub fn worded(library: &crate::library::Library, message: &str) -> String {
    let label = |id: &str| {
        library.sections.iter().flat_map(|s| &s.questions).find_map(|q| {
            if q.id == id {
                Some(q.label.clone())
            } else {
                q.fields.iter().find(|f| f.id == id).map(|f| f.label.clone())
            }
        })
    };
    let out = NAMED.replace_all(message, |c: &regex::Captures<'_>| match c.get(2) {
        Some(l) => l.as_str().to_string(),
        None => label(&c[1]).unwrap_or_else(|| c[1].to_string()),
    });
    out.replace("; answer it in [answers]", "")
}

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)£?\s*(-?\d+)(?:\.(\d+))?\s*(k|thousand|m|mn|million|bn|b|billion)$").expect("valid regex")
});

/// "£412.5m", "412.5 million", "£1.2bn", "25k" as pounds, exactly (no floating point): the
/// number the answers file keeps. Amounts without a word are left to the usual reading.
fn money(t: &str) -> Result<Option<String>, String> {
    let compact = t.replace(',', "");
    let Some(c) = AMOUNT.captures(compact.trim()) else { return Ok(None) };
    let zeros = match c[3].to_lowercase().as_str() {
        "k" | "thousand" => 3,
        "m" | "mn" | "million" => 6,
        _ => 9,
    };
    let whole = &c[1];
    let fraction = c.get(2).map_or("", |f| f.as_str());
    // Shift the decimal point `zeros` places right, in the digits themselves.
    let padded = format!("{fraction:0<zeros$}");
    let (into_pounds, pence) = padded.split_at(zeros);
    let pence = pence.trim_end_matches('0');
    if pence.len() > 2 {
        return Err(format!("{t} is more exact than a penny"));
    }
    let pounds = format!("{whole}{into_pounds}");
    let pounds = match pounds.trim_start_matches('-').trim_start_matches('0') {
        "" => "0".to_string(),
        digits if pounds.starts_with('-') => format!("-{digits}"),
        digits => digits.to_string(),
    };
    Ok(Some(if pence.is_empty() { pounds } else { format!("{pounds}.{pence}") }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_with_words_is_exact() {
        let m = |t: &str| money(t).unwrap_or_else(Some);
        assert_eq!(m("£412.5m"), Some("412500000".into()));
        assert_eq!(m("412.5 million"), Some("412500000".into()));
        assert_eq!(m("£1.2bn"), Some("1200000000".into()));
        assert_eq!(m("25k"), Some("25000".into()));
        assert_eq!(m("£0.0000015m"), Some("1.5".into()));
        assert_eq!(m("1,234.5 thousand"), Some("1234500".into()));
        assert_eq!(m("£412,500,000"), None, "no word: read as usual");
        assert_eq!(m("1.0000001m"), Some("1000000.1".into()));
        assert_eq!(m("1.000000001m"), Some("1.000000001m is more exact than a penny".into()));
    }
}
