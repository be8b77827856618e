//! How typed answers read in a draft: "£1,250,000", "12.5%", "six months'" (dates: `dates`).

/// Pounds with thousands separators; pence only when there are any.
pub fn format_money(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let abs = pence.unsigned_abs();
    let pounds = group_thousands(abs / 100);
    match abs % 100 {
        0 => format!("{sign}£{pounds}"),
        p => format!("{sign}£{pounds}.{p:02}"),
    }
}

pub fn format_percent(p: f64) -> String {
    if p.fract() == 0.0 {
        format!("{}%", p as i64)
    } else {
        let s = format!("{p:.2}");
        format!("{}%", s.trim_end_matches('0').trim_end_matches('.'))
    }
}

/// How a draft says a number of units, in the library's house style: one to nine in words,
/// 10 and above in figures ("five years", "12 months"), with the unit singular for one
/// ("one month") and, when `possessive`, the apostrophe where it belongs ("one month's
/// notice", "six months' notice"). `plural` is the unit's plural form.
pub fn format_quantity(n: f64, unit: &str, plural: &str, possessive: bool) -> String {
    const WORDS: [&str; 9] = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    let whole = n.fract() == 0.0;
    let number = if whole && (1.0..=9.0).contains(&n) {
        WORDS[n as usize - 1].to_string()
    } else if whole {
        format!("{}{}", if n < 0.0 { "-" } else { "" }, group_thousands(n.abs() as u64))
    } else {
        format!("{n}")
    };
    let one = whole && n == 1.0;
    match (one, possessive) {
        (true, false) => format!("{number} {unit}"),
        (true, true) => format!("{number} {unit}'s"),
        (false, false) => format!("{number} {plural}"),
        // "Parties'" but not "Childrens'": the apostrophe follows a plural's final s.
        (false, true) if plural.ends_with('s') => format!("{number} {plural}'"),
        (false, true) => format!("{number} {plural}'s"),
    }
}

/// "1 entry", "3 entries": a count with its noun in the right number.
pub fn count_of(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub(super) fn ser_date<S: serde::Serializer>(d: &jiff::civil::Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_as_pounds() {
        assert_eq!(format_money(125_000_000), "£1,250,000");
        assert_eq!(format_money(9_950), "£99.50");
        assert_eq!(format_money(0), "£0");
        assert_eq!(format_money(-100_000), "-£1,000");
    }

    #[test]
    fn quantities_read_in_words_to_nine_and_in_figures_from_ten() {
        assert_eq!(format_quantity(1.0, "year", "years", false), "one year");
        assert_eq!(format_quantity(5.0, "year", "years", false), "five years");
        assert_eq!(format_quantity(9.0, "month", "months", false), "nine months");
        assert_eq!(format_quantity(10.0, "year", "years", false), "10 years");
        assert_eq!(format_quantity(24.0, "month", "months", false), "24 months");
        assert_eq!(format_quantity(0.0, "month", "months", false), "0 months");
        assert_eq!(format_quantity(1.5, "year", "years", false), "1.5 years");
        assert_eq!(format_quantity(-2.0, "day", "days", false), "-2 days");
        assert_eq!(format_quantity(1500.0, "day", "days", false), "1,500 days");
    }

    #[test]
    fn possessive_quantities_put_the_apostrophe_where_it_belongs() {
        assert_eq!(format_quantity(1.0, "month", "months", true), "one month's");
        assert_eq!(format_quantity(6.0, "month", "months", true), "six months'");
        assert_eq!(format_quantity(12.0, "month", "months", true), "12 months'");
        assert_eq!(format_quantity(3.0, "Party", "Parties", true), "three Parties'");
    }

    #[test]
    fn percentages_drop_needless_decimals() {
        assert_eq!(format_percent(50.0), "50%");
        assert_eq!(format_percent(12.5), "12.5%");
        assert_eq!(format_percent(33.333), "33.33%");
    }
}
