//! Reads an answers file: TOML with exact spans (toml_edit), typed by the library's
//! questions. Every problem names the file, line and column; all are reported at once.

use std::collections::BTreeMap;

use toml_edit::{Item, Table, Value};

use super::{AnswerValue, Answers, ClauseChoice, FORMAT_VERSION};
use crate::error::{Diagnostic, Error, Result, Subject, line_col, quoted};
use crate::library::{Library, Question, QuestionKind};

struct Reader<'a> {
    path: &'a str,
    text: &'a str,
    diags: Vec<Diagnostic>,
    /// What the problems found now are about: the question (or clause) being read.
    subject: Option<Subject>,
}

impl Reader<'_> {
    fn err(&mut self, span: Option<std::ops::Range<usize>>, message: impl Into<String>) {
        let d = Diagnostic::error(self.path, 0, 0, message);
        let d = match span {
            Some(s) => d.spanning(self.text, s),
            None => d,
        };
        self.diags.push(Diagnostic { subject: self.subject.clone(), ..d });
    }

    /// The last problem found, with a hint (a did-you-mean) and about `subject`.
    fn hint(&mut self, hint: Option<String>, subject: Subject) {
        if let Some(d) = self.diags.pop() {
            self.diags.push(d.with_hint_opt(hint).about(subject));
        }
    }

    fn pos(&self, span: Option<std::ops::Range<usize>>) -> (usize, usize) {
        span.map(|s| line_col(self.text, s.start)).unwrap_or((0, 0))
    }
}

/// Parses and types an answers file against `library`. Relevance (`when`), required answers
/// and cross-field rules need the template engine and are checked by
/// [`crate::engine::Engine::validate`].
pub fn parse_answers(path: &str, text: &str, library: &Library) -> Result<Answers> {
    let doc = match toml_edit::Document::parse(text.to_string()) {
        Ok(d) => d,
        Err(e) => {
            let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
            let msg = e.message().trim().to_string();
            let d = Diagnostic::error(path, line, col, format!("not valid TOML: {msg}"))
                .with_code("invalid-toml")
                .about(Subject::File);
            return Err(Error::one(match e.span() {
                Some(span) => d.spanning(text, span),
                None => d,
            }));
        }
    };
    let mut r = Reader { path, text, diags: Vec::new(), subject: None };
    let root = doc.as_table();
    let mut answers = Answers { path: path.to_string(), ..Default::default() };

    for (key, item) in root.iter() {
        // `library` records the library the file was made with (see `maintain::notes`).
        if !["format", "variant", "library", "answers", "clauses"].contains(&key) {
            let span = root.key(key).and_then(|k| k.span());
            r.err(
                span,
                format!(
                    "unknown key `{}`: an answers file has `format`, `variant`, [answers] and [clauses]",
                    quoted(key)
                ),
            );
            let _ = item;
        }
    }

    match root.get("format") {
        None => r.err(Some(0..0), format!("missing `format = {FORMAT_VERSION}` (the answers file format version)")),
        Some(item) => match item.as_integer() {
            Some(FORMAT_VERSION) => {}
            Some(n) => r.err(
                item.span(),
                format!("answers format {n} is not supported; this caredraft reads format {FORMAT_VERSION}"),
            ),
            None => r.err(item.span(), format!("`format` must be the number {FORMAT_VERSION}")),
        },
    }

    let variant = match root.get("variant") {
        None => {
            r.err(Some(0..0), "missing `variant` (one of the ids `caredraft variants` lists)");
            return Err(Error::Invalid(r.diags));
        }
        Some(item) => match item.as_str() {
            Some(v) if library.variant(v).is_some() => v.to_string(),
            Some(v) => {
                let known: Vec<_> = library.variants.iter().map(|v| v.id.as_str()).collect();
                r.err(item.span(), format!("unknown variant `{}`; known variants: {}", quoted(v), known.join(", ")));
                return Err(Error::Invalid(r.diags));
            }
            None => {
                r.err(item.span(), "`variant` must be a string, e.g. variant = \"alliance\"");
                return Err(Error::Invalid(r.diags));
            }
        },
    };
    answers.variant = variant.clone();

    match root.get("answers") {
        None => {}
        Some(Item::Table(t)) => read_answers_table(&mut r, t, library, &variant, &mut answers),
        Some(other) => r.err(other.span(), "`answers` must be a table: [answers]"),
    }
    match root.get("clauses") {
        None => {}
        Some(Item::Table(t)) => read_clauses_table(&mut r, t, library, &variant, &mut answers),
        Some(other) => r.err(other.span(), "`clauses` must be a table: [clauses]"),
    }

    if r.diags.is_empty() { Ok(answers) } else { Err(Error::Invalid(r.diags)) }
}

fn read_answers_table(r: &mut Reader<'_>, t: &Table, library: &Library, variant: &str, answers: &mut Answers) {
    for (key, item) in t.iter() {
        let key_span = t.key(key).and_then(|k| k.span());
        let found = library.find_question(variant, key).or_else(|| library.renamed_question(variant, key));
        let Some(q) = found else {
            let ids: Vec<&str> = library.questions_for(variant).map(|(_, q)| q.id.as_str()).collect();
            r.err(key_span, format!("unknown question `{}` for variant `{variant}`", quoted(key)));
            r.hint(suggest(key, &ids), Subject::question(key));
            continue;
        };
        if q.id != key && t.contains_key(&q.id) {
            r.err(key_span, format!("`{key}` is the old id of `{}`, which is also answered; keep one of them", q.id));
            continue;
        }
        answers.locations.insert(q.id.clone(), r.pos(key_span.clone()));
        r.subject = Some(Subject::question(q.id.as_str()));
        if let Some(v) = read_item(r, q, item, key) {
            answers.values.insert(q.id.clone(), v);
        }
        r.subject = None;
    }
}

fn read_clauses_table(r: &mut Reader<'_>, t: &Table, library: &Library, variant: &str, answers: &mut Answers) {
    for (key, item) in t.iter() {
        r.subject = None;
        let key_span = t.key(key).and_then(|k| k.span());
        // A clause of the main document or of one of its companions (the Integration Agreement).
        let clause = library.clause(key).filter(|c| library.in_pack(variant, c));
        let Some(clause) = clause else {
            let ids: Vec<&str> =
                library.clauses.iter().filter(|c| library.in_pack(variant, c)).map(|c| c.front.id.as_str()).collect();
            r.err(key_span, format!("no clause `{}` in variant `{variant}`", quoted(key)));
            r.hint(suggest(key, &ids), Subject::clause(key));
            continue;
        };
        r.subject = Some(Subject::clause(key));
        answers.clause_locations.insert(key.to_string(), r.pos(key_span.clone()));
        let span = item.span();
        if let Some(b) = item.as_bool() {
            if !clause.front.optional && !b {
                r.err(span, format!("clause `{key}` is not optional and cannot be switched off"));
                continue;
            }
            answers.clauses.insert(key.to_string(), ClauseChoice::Include(b));
        } else if let Some(s) = item.as_str() {
            if clause.front.alternatives.iter().any(|a| a.id == s) {
                answers.clauses.insert(key.to_string(), ClauseChoice::Alternative(s.to_string()));
            } else if clause.front.alternatives.is_empty() {
                r.err(span, format!("clause `{key}` has no alternatives; use true or false to switch it on or off"));
            } else {
                let ids: Vec<&str> = clause.front.alternatives.iter().map(|a| a.id.as_str()).collect();
                r.err(
                    span,
                    format!("clause `{key}` has no alternative `{}`; choose one of: {}", quoted(s), ids.join(", ")),
                );
            }
        } else {
            r.err(span, format!("clause `{key}`: expected true/false or the id of an alternative"));
        }
    }
    r.subject = None;
}

/// A top-level answer: a value, or for records an array of tables.
fn read_item(r: &mut Reader<'_>, q: &Question, item: &Item, name: &str) -> Option<AnswerValue> {
    match item {
        Item::Value(v) => read_value(r, q, v, name),
        Item::ArrayOfTables(aot) if q.kind == QuestionKind::Records => {
            let mut records = Vec::new();
            for table in aot.iter() {
                records.push(read_record(
                    r,
                    q,
                    table.iter().map(|(k, i)| (k, i, table.key(k).and_then(|k| k.span()))),
                    name,
                ));
            }
            check_count(r, q, records.len(), aot.span(), name);
            Some(AnswerValue::Records(records))
        }
        Item::Table(t) => {
            r.err(t.span(), format!("`{name}` is {}, not a table", q.kind.describe()));
            None
        }
        _ => {
            r.err(item.span(), format!("`{name}` is {}", q.kind.describe()));
            None
        }
    }
}

fn read_record<'i>(
    r: &mut Reader<'_>,
    q: &Question,
    entries: impl Iterator<Item = (&'i str, &'i Item, Option<std::ops::Range<usize>>)>,
    name: &str,
) -> BTreeMap<String, AnswerValue> {
    let mut record = BTreeMap::new();
    for (key, item, span) in entries {
        let Some(field) = q.fields.iter().find(|f| f.id == key) else {
            let ids: Vec<&str> = q.fields.iter().map(|f| f.id.as_str()).collect();
            r.err(span, format!("`{name}` records have no field `{}`", quoted(key)));
            r.hint(suggest(key, &ids), Subject::question(q.id.as_str()));
            continue;
        };
        if let Some(v) = read_item(r, field, item, &format!("{name}.{key}")) {
            record.insert(key.to_string(), v);
        }
    }
    record
}

fn check_count(r: &mut Reader<'_>, q: &Question, n: usize, span: Option<std::ops::Range<usize>>, name: &str) {
    if let Some(max) = q.max_items
        && n > max
    {
        r.err(span, format!("`{name}` has {}; at most {max} are allowed", super::count_of(n, "entry", "entries")));
    }
}

fn read_value(r: &mut Reader<'_>, q: &Question, v: &Value, name: &str) -> Option<AnswerValue> {
    let span = v.span();
    let wrong = |r: &mut Reader<'_>| {
        r.err(span.clone(), format!("`{name}` is {}; found {}", q.kind.describe(), describe_value(v)))
    };
    match q.kind {
        QuestionKind::Text | QuestionKind::Paragraph => {
            let Some(s) = v.as_str() else {
                wrong(r);
                return None;
            };
            // Spaces around an answer are never meant, and inside `**...**` they would stop
            // Markdown reading it as bold.
            let s = s.trim();
            if s.is_empty() {
                return None;
            }
            if let Some(bad) = s.chars().find(|c| forbidden_why(*c, q.kind == QuestionKind::Paragraph).is_some()) {
                let why = forbidden_why(bad, q.kind == QuestionKind::Paragraph).unwrap_or_default();
                r.err(
                    locate_char(r.text, span, bad),
                    format!("`{name}` contains U+{:04X}, {why}; remove it", bad as u32),
                );
                return None;
            }
            if let Some(max) = q.max_length
                && s.chars().count() > max
            {
                r.err(span, format!("`{name}` is {} characters long; at most {max} are allowed", s.chars().count()));
                return None;
            }
            if let Some(p) = &q.pattern {
                match regex::Regex::new(&format!("^(?:{p})$")) {
                    Ok(re) if !re.is_match(s) => {
                        let why = q.pattern_help.clone().unwrap_or_else(|| format!("must match the pattern {p}"));
                        r.err(span, format!("`{name}` = {s:?}: {why}"));
                        return None;
                    }
                    _ => {}
                }
            }
            Some(AnswerValue::Text(s.to_string()))
        }
        QuestionKind::Date => {
            let parsed = match v {
                Value::Datetime(d) => {
                    let d = d.value();
                    match (d.date, d.time) {
                        (Some(date), None) => {
                            jiff::civil::Date::new(date.year as i16, date.month as i8, date.day as i8).ok()
                        }
                        _ => None,
                    }
                }
                Value::String(s) if s.value().trim().is_empty() => return None,
                Value::String(s) => s.value().parse::<jiff::civil::Date>().ok(),
                _ => None,
            };
            if parsed.is_none() {
                r.err(
                    span,
                    format!(
                        "`{name}` is a date; write it as YYYY-MM-DD, e.g. 2027-04-01 (found {})",
                        describe_value(v)
                    ),
                );
            }
            parsed.map(AnswerValue::Date)
        }
        QuestionKind::Money => {
            // The number as written, not as a float: 0.1 and 1e17 are exact decimals, and a
            // float would silently round the ones with many digits.
            let written = as_written(r.text, v);
            let pence = match v {
                Value::Integer(i) => i.value().checked_mul(100).ok_or(MoneyProblem::TooLarge),
                Value::Float(f) if f.value().is_finite() => exact_pence(&written),
                Value::String(s) if s.value().trim().is_empty() => return None,
                _ => {
                    wrong(r);
                    return None;
                }
            };
            let pence = pence.and_then(|p| if p.abs() > MAX_PENCE { Err(MoneyProblem::TooLarge) } else { Ok(p) });
            let pence = match pence {
                Ok(p) => p,
                Err(MoneyProblem::TooPrecise) => {
                    r.err(span, format!("`{name}` = {written}: an amount in pounds has at most two decimal places"));
                    return None;
                }
                Err(MoneyProblem::TooLarge) => {
                    r.err(
                        span,
                        format!(
                            "`{name}` = {written}: too large to hold exactly; amounts up to {} are supported",
                            super::format_money(MAX_PENCE)
                        ),
                    );
                    return None;
                }
            };
            if !in_range(r, q, pence as f64 / 100.0, span, name, |x| super::format_money((x * 100.0).round() as i64)) {
                return None;
            }
            Some(AnswerValue::Money(pence))
        }
        QuestionKind::Percentage => {
            let p = match v {
                Value::Integer(i) => Some(*i.value() as f64),
                Value::Float(f) => Some(*f.value()),
                Value::String(s) if s.value().trim().is_empty() => return None,
                _ => None,
            };
            let Some(p) = p.filter(|p| p.is_finite()) else {
                wrong(r);
                return None;
            };
            let (min, max) = (q.min.unwrap_or(0.0), q.max.unwrap_or(100.0));
            if p < min || p > max {
                r.err(span, format!("`{name}` = {p}%: a percentage here must be between {min}% and {max}%"));
                return None;
            }
            Some(AnswerValue::Percent(p))
        }
        QuestionKind::Number => {
            let Some(n) = v.as_integer() else {
                if matches!(v, Value::String(s) if s.value().trim().is_empty()) {
                    return None;
                }
                wrong(r);
                return None;
            };
            if !in_range(r, q, n as f64, span, name, |x| x.to_string()) {
                return None;
            }
            Some(AnswerValue::Number(n))
        }
        QuestionKind::YesNo => match v.as_bool() {
            Some(b) => Some(AnswerValue::Bool(b)),
            None => {
                wrong(r);
                None
            }
        },
        QuestionKind::OneOf => {
            let Some(s) = v.as_str() else {
                wrong(r);
                return None;
            };
            if s.is_empty() {
                return None;
            }
            if q.options.iter().any(|o| o.id == s) {
                Some(AnswerValue::Choice(s.to_string()))
            } else {
                let ids: Vec<&str> = q.options.iter().map(|o| o.id.as_str()).collect();
                r.err(span, format!("`{name}` = {s:?} is not an option; choose one of: {}", ids.join(", ")));
                None
            }
        }
        QuestionKind::ManyOf => {
            let Some(arr) = v.as_array() else {
                wrong(r);
                return None;
            };
            let mut out = Vec::new();
            for item in arr.iter() {
                match item.as_str() {
                    Some(s) if q.options.iter().any(|o| o.id == s) => {
                        if !out.iter().any(|x| x == s) {
                            out.push(s.to_string());
                        }
                    }
                    Some(s) => {
                        let ids: Vec<&str> = q.options.iter().map(|o| o.id.as_str()).collect();
                        r.err(
                            item.span(),
                            format!("`{name}`: {s:?} is not an option; choose from: {}", ids.join(", ")),
                        );
                    }
                    None => r.err(item.span(), format!("`{name}` lists option ids as strings")),
                }
            }
            Some(AnswerValue::Many(out))
        }
        QuestionKind::Records => {
            let Some(arr) = v.as_array() else {
                wrong(r);
                return None;
            };
            let mut records = Vec::new();
            for item in arr.iter() {
                let Some(t) = item.as_inline_table() else {
                    r.err(item.span(), format!("`{name}` entries are tables, e.g. {{ name = \"...\" }}"));
                    continue;
                };
                let entries: Vec<(&str, Item, Option<std::ops::Range<usize>>)> =
                    t.iter().map(|(k, v)| (k, Item::Value(v.clone()), t.key(k).and_then(|k| k.span()))).collect();
                records.push(read_record(r, q, entries.iter().map(|(k, i, s)| (*k, i, s.clone())), name));
            }
            check_count(r, q, records.len(), span, name);
            Some(AnswerValue::Records(records))
        }
    }
}

fn in_range(
    r: &mut Reader<'_>,
    q: &Question,
    x: f64,
    span: Option<std::ops::Range<usize>>,
    name: &str,
    show: impl Fn(f64) -> String,
) -> bool {
    if let Some(min) = q.min
        && x < min
    {
        r.err(span, format!("`{name}` = {}: must be at least {}", show(x), show(min)));
        return false;
    }
    if let Some(max) = q.max
        && x > max
    {
        r.err(span, format!("`{name}` = {}: must be at most {}", show(x), show(max)));
        return false;
    }
    true
}

/// Why `c` cannot stand in an answer, or `None` if it can: characters no document can hold,
/// ones that make a draft display differently from what it says, and the ones caredraft
/// reserves for its own markers.
fn forbidden_why(c: char, multiline: bool) -> Option<&'static str> {
    if c == '\t' || (multiline && (c == '\n' || c == '\r')) {
        return None;
    }
    if c.is_control() {
        Some("a control character, which a document cannot hold")
    } else if crate::error::is_bidi_control(c) {
        Some(
            "an invisible character that changes the order in which the text around it is shown, so the draft could read differently from what it says",
        )
    } else if is_noncharacter(c) {
        Some("a Unicode noncharacter, which is not text")
    } else if crate::markers::is_reserved(c) {
        Some("a private-use character caredraft reserves for its own markers")
    } else {
        None
    }
}

/// U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE, ...).
fn is_noncharacter(c: char) -> bool {
    let n = c as u32;
    (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// Where `c` stands inside the string at `span`: written as itself or as a `\uXXXX` /
/// `\UXXXXXXXX` escape. Falls back to the start of the string.
fn locate_char(text: &str, span: Option<std::ops::Range<usize>>, c: char) -> Option<std::ops::Range<usize>> {
    let span = span?;
    let raw = text.get(span.clone())?;
    let n = c as u32;
    let needles =
        [c.to_string(), format!("\\u{n:04X}"), format!("\\u{n:04x}"), format!("\\U{n:08X}"), format!("\\U{n:08x}")];
    let at = needles.iter().filter_map(|needle| raw.find(needle.as_str())).min();
    Some(match at {
        Some(i) => span.start + i..span.start + i,
        None => span,
    })
}

/// A value as its file spells it (from its span), or as the editor's text spelt it.
fn as_written(text: &str, v: &Value) -> String {
    let from_file = v.span().and_then(|s| text.get(s)).filter(|s| !s.is_empty());
    let from_repr = match v {
        Value::Float(f) => f.as_repr().and_then(|r| r.as_raw().as_str()),
        Value::Integer(i) => i.as_repr().and_then(|r| r.as_raw().as_str()),
        _ => None,
    };
    match from_file.or(from_repr) {
        Some(s) => s.trim().to_string(),
        None => v.to_string().trim().to_string(),
    }
}

/// The largest amount of money an answer may hold, in pence: £9,999,999,999,999.99. Fifteen
/// significant digits are what every step (the answers file, the template's number, the
/// draft) holds exactly; beyond them a float would silently change the amount.
const MAX_PENCE: i64 = 999_999_999_999_999;

#[derive(Debug, PartialEq, Eq)]
enum MoneyProblem {
    TooPrecise,
    TooLarge,
}

/// Whole pence from a decimal number as written in TOML (`1_250_000.50`, `-3.5`, `1e6`),
/// exactly, with no float in between.
fn exact_pence(raw: &str) -> std::result::Result<i64, MoneyProblem> {
    let raw: String = raw.chars().filter(|c| *c != '_').collect();
    let (negative, unsigned) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw.strip_prefix('+').unwrap_or(&raw)),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], unsigned[i + 1..].parse::<i64>().map_err(|_| MoneyProblem::TooLarge)?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: String = format!("{whole}{fraction}");
    let digits = digits.trim_start_matches('0');
    // Value = digits * 10^(exponent - fraction.len()); in pence, two places more.
    let scale = exponent.saturating_sub(fraction.len() as i64).saturating_add(2);
    let (kept, dropped) = if scale >= 0 {
        (digits, "")
    } else {
        let cut = digits.len().saturating_sub(scale.unsigned_abs().try_into().unwrap_or(usize::MAX));
        digits.split_at(cut)
    };
    if dropped.chars().any(|c| c != '0') {
        return Err(MoneyProblem::TooPrecise);
    }
    if kept.is_empty() {
        return Ok(0);
    }
    let zeros = usize::try_from(scale.max(0)).unwrap_or(usize::MAX);
    // More than 18 digits cannot fit in pence at all; the caller's cap is far below that.
    if kept.len().saturating_add(zeros) > 18 {
        return Err(MoneyProblem::TooLarge);
    }
    let mut pence: i64 = kept.parse().map_err(|_| MoneyProblem::TooLarge)?;
    for _ in 0..zeros {
        pence *= 10;
    }
    Ok(if negative { -pence } else { pence })
}

fn describe_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("the text {:?}", s.value()),
        Value::Integer(i) => format!("the number {}", i.value()),
        Value::Float(f) => format!("the number {}", f.value()),
        Value::Boolean(b) => format!("{}", b.value()),
        Value::Datetime(d) => format!("the date-time {}", d.value()),
        Value::Array(_) => "a list".to_string(),
        Value::InlineTable(_) => "a table".to_string(),
    }
}

/// "did you mean `x`?" for the candidate closest to `key`, if one is close: a diagnostic's hint.
pub(crate) fn suggest(key: &str, candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(key, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

/// Types one answer typed into an editor (the TUI), with the same checks as a file: the
/// text as typed, never template code. `Ok(None)` means left unanswered.
pub fn answer_from_input(q: &Question, input: &str) -> std::result::Result<Option<AnswerValue>, String> {
    let trimmed = input.trim();
    let number = |s: &str| s.replace([',', '£', '%', ' '], "");
    let value: Value = match q.kind {
        QuestionKind::Text | QuestionKind::Paragraph | QuestionKind::Date => Value::from(input),
        _ if trimmed.is_empty() => return Ok(None),
        // Read as TOML reads a number, so money keeps the digits as typed (no float between).
        QuestionKind::Money | QuestionKind::Percentage => match toml_number(&number(trimmed)) {
            Some(v) => v,
            None => return Err(format!("{} is {}", q.label, q.kind.describe())),
        },
        QuestionKind::Number => match number(trimmed).parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => return Err(format!("{} is {}", q.label, q.kind.describe())),
        },
        _ => return Err(format!("{} is not typed in as text", q.label)),
    };
    let mut r = Reader { path: "", text: "", diags: Vec::new(), subject: None };
    let out = read_value(&mut r, q, &value, &q.id);
    match r.diags.into_iter().next() {
        Some(d) => Err(d.message),
        None => Ok(out),
    }
}

/// A decimal number typed into an editor, as a TOML number that remembers how it was written.
fn toml_number(s: &str) -> Option<Value> {
    let decimal = s.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if !decimal || !s.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') {
        return None;
    }
    match s.parse::<Value>() {
        Ok(v @ (Value::Integer(_) | Value::Float(_))) => Some(v),
        // TOML wants a digit after a point ("5." is not a number); a person typing one means 5.
        _ => s.strip_suffix('.').and_then(toml_number),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_read_from_the_digits_as_written() {
        assert_eq!(exact_pence("1_250_000.50"), Ok(125_000_050));
        assert_eq!(exact_pence("-3.5"), Ok(-350));
        assert_eq!(exact_pence("1e6"), Ok(100_000_000));
        assert_eq!(exact_pence("1.5E2"), Ok(15_000));
        assert_eq!(exact_pence("0.10"), Ok(10));
        assert_eq!(exact_pence("12.340000"), Ok(1234));
        assert_eq!(exact_pence("0.0"), Ok(0));
        assert_eq!(exact_pence("1.005"), Err(MoneyProblem::TooPrecise));
        assert_eq!(exact_pence("1.0000000000000001"), Err(MoneyProblem::TooPrecise));
        assert_eq!(exact_pence("1e-3"), Err(MoneyProblem::TooPrecise));
        // Exact, but beyond the cap the caller applies.
        assert_eq!(exact_pence("1e15"), Ok(100_000_000_000_000_000));
        assert_eq!(exact_pence("1e30"), Err(MoneyProblem::TooLarge));
        assert_eq!(exact_pence("99999999999999999999"), Err(MoneyProblem::TooLarge));
    }

    fn question(kind: &str) -> Question {
        toml::from_str(&format!("id = \"q\"\ntype = \"{kind}\"\nlabel = \"Budget\"")).unwrap()
    }

    #[test]
    fn money_typed_into_the_editor_keeps_every_digit_or_is_refused() {
        let q = question("money");
        assert_eq!(answer_from_input(&q, "£1,250,000.50"), Ok(Some(AnswerValue::Money(125_000_050))));
        assert_eq!(answer_from_input(&q, "99.5"), Ok(Some(AnswerValue::Money(9_950))));
        assert_eq!(answer_from_input(&q, "12."), Ok(Some(AnswerValue::Money(1_200))));
        assert_eq!(answer_from_input(&q, ""), Ok(None));
        let err = answer_from_input(&q, "100000000000000000").unwrap_err();
        assert!(err.contains("too large to hold exactly"), "{err}");
        let err = answer_from_input(&q, "9999999999999.991").unwrap_err();
        assert!(err.contains("at most two decimal places"), "{err}");
        assert!(answer_from_input(&q, "0x10").is_err());
        assert!(answer_from_input(&q, "nan").is_err());
        let p = question("percentage");
        assert_eq!(answer_from_input(&p, "12.5%"), Ok(Some(AnswerValue::Percent(12.5))));
    }

    #[test]
    fn money_out_of_range_reads_in_pounds_as_everywhere_else() {
        let q: Question = toml::from_str("id = \"q\"\ntype = \"money\"\nlabel = \"Budget\"\nmax = 400000000").unwrap();
        assert_eq!(answer_from_input(&q, "412500000").unwrap_err(), "`q` = £412,500,000: must be at most £400,000,000");
        let n: Question = toml::from_str("id = \"n\"\ntype = \"number\"\nlabel = \"Quorum\"\nmin = 2").unwrap();
        assert_eq!(answer_from_input(&n, "1").unwrap_err(), "`n` = 1: must be at least 2");
    }

    #[test]
    fn text_answers_lose_the_spaces_around_them() {
        let q = question("text");
        assert_eq!(answer_from_input(&q, "  Acme Trust \t"), Ok(Some(AnswerValue::Text("Acme Trust".into()))));
        assert_eq!(answer_from_input(&q, "   "), Ok(None));
    }

    #[test]
    fn noncharacters_and_bidi_controls_are_refused_and_ordinary_text_is_not() {
        for c in ['\u{FFFE}', '\u{FFFF}', '\u{1FFFF}', '\u{FDD0}', '\u{202E}', '\u{2066}', '\u{7}'] {
            assert!(forbidden_why(c, true).is_some(), "U+{:04X}", c as u32);
        }
        for c in ['a', 'é', 'ש', '🏥', '\u{FFFD}', '\u{FEFF}', '\t'] {
            assert_eq!(forbidden_why(c, false), None, "U+{:04X}", c as u32);
        }
        assert_eq!(forbidden_why('\n', true), None);
        assert!(forbidden_why('\n', false).is_some());
    }

    #[test]
    fn a_control_character_is_placed_where_it_stands_in_the_string() {
        let text = "x = \"ab\\u202Ec\"";
        let span = Some(4..text.len());
        let at = locate_char(text, span, '\u{202E}').unwrap();
        assert_eq!(line_col(text, at.start), (1, 8));
    }
}
