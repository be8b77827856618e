//! How typed answers read in a draft: "1 April 2027", "£1,250,000", "12.5%".

pub fn format_date(d: jiff::civil::Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS.get((d.month() as usize).saturating_sub(1)).copied().unwrap_or("");
    format!("{} {} {}", d.day(), month, d.year())
}

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
    fn dates_read_the_uk_way() {
        let d = jiff::civil::date(2027, 4, 1);
        assert_eq!(format_date(d), "1 April 2027");
    }

    #[test]
    fn percentages_drop_needless_decimals() {
        assert_eq!(format_percent(50.0), "50%");
        assert_eq!(format_percent(12.5), "12.5%");
        assert_eq!(format_percent(33.333), "33.33%");
    }
}
