//! Dates as people type them (31/03/2027, 1 April 2027, 2027-03-31) and as a draft reads
//! them ("1 April 2027"). jiff knows the calendar: month names, month lengths, leap years
//! and the parsing itself. This module only knows which forms caredraft accepts (the day
//! first, the UK way) and how to tell a person what is wrong with what they typed.

use jiff::civil::Date;
use jiff::fmt::strtime::{self, BrokenDownTime};

/// "1 April 2027": how every draft, screen and summary shows a date.
pub fn format_date(d: Date) -> String {
    d.strftime("%-d %B %-Y").to_string()
}

/// Every form a typed date may take, once tidied (see [`tidy`]): ISO 8601 and the UK's
/// day-first forms, in figures or with the month's name.
const FORMS: [&str; 6] = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d %B %Y", "%B %d %Y"];

const HOW_TO_WRITE: &str = "write it as 31/03/2027, 31 March 2027 or 2027-03-31";

/// A date written the UK way (day first), in words, or as ISO 8601; otherwise what is wrong,
/// in words: "31 February 2027 does not exist: February 2027 has 28 days".
pub fn parse_typed_date(typed: &str) -> Result<Date, String> {
    let text = tidy(typed.trim())?;
    let digit_runs: Vec<&str> = text.split(|c: char| !c.is_ascii_digit()).filter(|g| !g.is_empty()).collect();
    // A year in four figures: "1/4/27" is not guessed at.
    if !digit_runs.iter().any(|g| g.len() == 4) {
        return Err(format!("not a date; {HOW_TO_WRITE}"));
    }
    let Some(tm) = FORMS.iter().find_map(|f| BrokenDownTime::parse(f, &text).ok()) else {
        return Err(out_of_range(&digit_runs).unwrap_or_else(|| format!("not a date; {HOW_TO_WRITE}")));
    };
    let (Some(y), Some(m), Some(d)) = (tm.year(), tm.month(), tm.day()) else {
        return Err(format!("not a date; {HOW_TO_WRITE}"));
    };
    if y < 1 {
        return Err(format!("{y} is not a year; {HOW_TO_WRITE}"));
    }
    tm.to_date().map_err(|_| no_such_day(i64::from(y), i64::from(m), i64::from(d)))
}

/// The text with what jiff's formats do not spell out taken away: ordinals ("1st"), commas,
/// a full stop after a short month name, runs of spaces; and a short month name ("Sept",
/// "apr") written in full, so `%B` reads it.
fn tidy(text: &str) -> Result<String, String> {
    let mut words = Vec::new();
    for raw in text.split_whitespace() {
        let word = raw.trim_end_matches(',');
        let digits = word.chars().take_while(char::is_ascii_digit).count();
        let word = match word.get(digits..).map(str::to_ascii_lowercase).as_deref() {
            Some("st" | "nd" | "rd" | "th") if digits > 0 => &word[..digits],
            _ => word,
        };
        let name = word.strip_suffix('.').unwrap_or(word);
        if !name.is_empty() && name.chars().all(char::is_alphabetic) {
            words.push(month_name(name).ok_or_else(|| match text.chars().any(|c| c.is_ascii_digit()) {
                true => format!("\"{name}\" is not a month; {HOW_TO_WRITE}"),
                false => format!("not a date; {HOW_TO_WRITE}"),
            })?);
        } else {
            words.push(word.to_string());
        }
    }
    Ok(words.join(" "))
}

/// A month's full name from its name or the start of it ("Sept", "apr", "MARCH"): jiff reads
/// the first three letters, and the rest must be the start of that month's name.
fn month_name(word: &str) -> Option<String> {
    let tm = strtime::parse("%b", word.get(..3)?).ok()?;
    let full = jiff::civil::Date::new(2000, tm.month()?, 1).ok()?.strftime("%B").to_string();
    full.to_ascii_lowercase().starts_with(&word.to_ascii_lowercase()).then_some(full)
}

/// For figures no form accepts, whether the month or the day is the one out of range.
fn out_of_range(runs: &[&str]) -> Option<String> {
    let n = |s: &str| s.parse::<i64>().ok();
    let (y, m, d) = match runs {
        [y, m, d] if y.len() == 4 => (n(y)?, n(m)?, n(d)?),
        [d, m, y] if y.len() == 4 => (n(y)?, n(m)?, n(d)?),
        _ => return None,
    };
    if !(1..=12).contains(&m) {
        return Some(format!("there is no month {m}; {HOW_TO_WRITE}"));
    }
    Some(no_such_day(y, m, d))
}

/// "31 February 2027 does not exist: February 2027 has 28 days".
fn no_such_day(y: i64, m: i64, d: i64) -> String {
    let first = i16::try_from(y).ok().zip(i8::try_from(m).ok()).and_then(|(y, m)| Date::new(y, m, 1).ok());
    match first {
        Some(first) => {
            let month = first.strftime("%B %-Y");
            format!("{d} {month} does not exist: {month} has {} days", first.days_in_month())
        }
        None => format!("not a date; {HOW_TO_WRITE}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(t: &str) -> String {
        parse_typed_date(t).map(|d| d.to_string()).unwrap_or_else(|e| e)
    }

    #[test]
    fn dates_read_the_uk_way() {
        assert_eq!(format_date(jiff::civil::date(2027, 4, 1)), "1 April 2027");
        assert_eq!(format_date(jiff::civil::date(2028, 12, 31)), "31 December 2028");
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
            "1 Apr. 2027",
            "April 1, 2027",
            "April 1st, 2027",
            "1 APRIL 2027",
            "  1   april 2027 ",
        ] {
            assert_eq!(iso(t), "2027-04-01", "{t}");
        }
        assert_eq!(iso("3 Sept 2027"), "2027-09-03");
        assert_eq!(iso("29/02/2028"), "2028-02-29", "a leap year");
    }

    #[test]
    fn a_day_that_does_not_exist_is_named_as_such() {
        assert_eq!(iso("31/02/2027"), "31 February 2027 does not exist: February 2027 has 28 days");
        assert_eq!(iso("29 February 2027"), "29 February 2027 does not exist: February 2027 has 28 days");
        assert_eq!(iso("2027-04-31"), "31 April 2027 does not exist: April 2027 has 30 days");
        assert_eq!(iso("32/01/2027"), "32 January 2027 does not exist: January 2027 has 31 days");
        assert!(iso("1/13/2027").starts_with("there is no month 13"));
        assert!(iso("1 Foo 2027").starts_with("\"Foo\" is not a month"));
        assert!(iso("1 Marchy 2027").starts_with("\"Marchy\" is not a month"));
        assert!(iso("0000-01-01").starts_with("0 is not a year"));
        assert!(iso("1/4/27").starts_with("not a date"), "a two-figure year is not guessed at");
        assert!(iso("next Tuesday").starts_with("not a date; write it as 31/03/2027, 31 March 2027 or 2027-03-31"));
    }
}
