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
        QuestionKind::Date => date(t).map(|d| Some(d.to_string())).map_err(|e| format!("{}: {e}", q.label)),
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

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const DATE_FORMS: &str = "write it as 31/03/2027, 31 March 2027 or 2027-03-31";

static ISO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{4})-(\d{1,2})-(\d{1,2})$").expect("valid regex"));
static DMY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$").expect("valid regex"));
static D_MONTH_Y: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i)(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$").expect("valid regex"));
static MONTH_D_Y: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i)([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$").expect("valid regex"));

/// A date written the UK way (day first), in words, or as ISO 8601.
pub fn date(t: &str) -> Result<jiff::civil::Date, String> {
    let num = |s: &str| s.parse::<i64>().unwrap_or(0);
    let (y, m, d) = if let Some(c) = ISO.captures(t) {
        (num(&c[1]), num(&c[2]), num(&c[3]))
    } else if let Some(c) = DMY.captures(t) {
        (num(&c[3]), num(&c[2]), num(&c[1]))
    } else if let Some(c) = D_MONTH_Y.captures(t) {
        (num(&c[3]), month(&c[2])?, num(&c[1]))
    } else if let Some(c) = MONTH_D_Y.captures(t) {
        (num(&c[3]), month(&c[1])?, num(&c[2]))
    } else {
        return Err(format!("not a date; {DATE_FORMS}"));
    };
    if !(1..=12).contains(&m) {
        return Err(format!("there is no month {m}; {DATE_FORMS}"));
    }
    if !(1..=9999).contains(&y) {
        return Err(format!("{y} is not a year; {DATE_FORMS}"));
    }
    let first = jiff::civil::Date::new(y as i16, m as i8, 1).map_err(|e| e.to_string())?;
    let days = i64::from(first.days_in_month());
    let name = MONTHS[(m - 1) as usize];
    let name = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
    if d < 1 || d > days {
        return Err(format!("{d} {name} {y} does not exist: {name} {y} has {days} days"));
    }
    jiff::civil::Date::new(y as i16, m as i8, d as i8).map_err(|e| e.to_string())
}

/// January = 1; a month's name in full or its first three letters ("Sept" too).
fn month(word: &str) -> Result<i64, String> {
    let w = word.to_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() >= 3 && m.starts_with(&w)))
        .map(|i| i as i64 + 1)
        .ok_or_else(|| format!("\"{word}\" is not a month; {DATE_FORMS}"))
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

    fn iso(t: &str) -> String {
        date(t).map(|d| d.to_string()).unwrap_or_else(|e| e)
    }

    #[test]
    fn dates_as_people_write_them() {
        for t in [
            "2027-04-01",
            "01/04/2027",
            "1/4/2027",
            "1.4.2027",
            "1-4-2027",
            "1 April 2027",
            "1st April 2027",
            "1 Apr 2027",
            "April 1, 2027",
            "1 APRIL 2027",
        ] {
            assert_eq!(iso(t), "2027-04-01", "{t}");
        }
        assert_eq!(iso("29/02/2028"), "2028-02-29", "a leap year");
    }

    #[test]
    fn a_day_that_does_not_exist_is_named_as_such() {
        assert_eq!(iso("31/02/2027"), "31 February 2027 does not exist: February 2027 has 28 days");
        assert_eq!(iso("2027-04-31"), "31 April 2027 does not exist: April 2027 has 30 days");
        assert!(iso("1/13/2027").starts_with("there is no month 13"));
        assert!(iso("1 Foo 2027").starts_with("\"Foo\" is not a month"));
        assert!(iso("next Tuesday").contains("31/03/2027, 31 March 2027 or 2027-03-31"));
    }

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
