//! Reads an answers file: TOML with exact spans (toml_edit), typed by the library's
//! questions. Every problem names the file, line and column; all are reported at once.

use std::collections::BTreeMap;

use toml_edit::{Item, Table, Value};

use super::{AnswerValue, Answers, ClauseChoice, FORMAT_VERSION};
use crate::error::{Diagnostic, Error, Result, line_col};
use crate::library::{Library, Question, QuestionKind};

struct Reader<'a> {
    path: &'a str,
    text: &'a str,
    diags: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn err(&mut self, span: Option<std::ops::Range<usize>>, message: impl Into<String>) {
        let (line, col) = span.map(|s| line_col(self.text, s.start)).unwrap_or((0, 0));
        self.diags.push(Diagnostic::error(self.path, line, col, message));
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
            return Err(Error::one(Diagnostic::error(path, line, col, format!("not valid TOML: {msg}"))));
        }
    };
    let mut r = Reader { path, text, diags: Vec::new() };
    let root = doc.as_table();
    let mut answers = Answers { path: path.to_string(), ..Default::default() };

    for (key, item) in root.iter() {
        // `library` records the library the file was made with (see `maintain::notes`).
        if !["format", "variant", "library", "answers", "clauses"].contains(&key) {
            let span = root.key(key).and_then(|k| k.span());
            r.err(
                span,
                format!("unknown key `{key}`: an answers file has `format`, `variant`, [answers] and [clauses]"),
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
                r.err(item.span(), format!("unknown variant `{v}`; known variants: {}", known.join(", ")));
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
            r.err(key_span, format!("unknown question `{key}` for variant `{variant}`{}", did_you_mean(key, &ids)));
            continue;
        };
        if q.id != key && t.contains_key(&q.id) {
            r.err(key_span, format!("`{key}` is the old id of `{}`, which is also answered; keep one of them", q.id));
            continue;
        }
        answers.locations.insert(q.id.clone(), r.pos(key_span.clone()));
        if let Some(v) = read_item(r, q, item, key) {
            answers.values.insert(q.id.clone(), v);
        }
    }
}

fn read_clauses_table(r: &mut Reader<'_>, t: &Table, library: &Library, variant: &str, answers: &mut Answers) {
    for (key, item) in t.iter() {
        let key_span = t.key(key).and_then(|k| k.span());
        // A clause of the main document or of one of its companions (the Integration Agreement).
        let clause = library.clause(key).filter(|c| library.in_pack(variant, c));
        let Some(clause) = clause else {
            let ids: Vec<&str> =
                library.clauses.iter().filter(|c| library.in_pack(variant, c)).map(|c| c.front.id.as_str()).collect();
            r.err(key_span, format!("no clause `{key}` in variant `{variant}`{}", did_you_mean(key, &ids)));
            continue;
        };
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
                r.err(span, format!("clause `{key}` has no alternative `{s}`; choose one of: {}", ids.join(", ")));
            }
        } else {
            r.err(span, format!("clause `{key}`: expected true/false or the id of an alternative"));
        }
    }
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
            r.err(span, format!("`{name}` records have no field `{key}`{}", did_you_mean(key, &ids)));
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
        r.err(span, format!("`{name}` has {n} entries; at most {max} are allowed"));
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
            if s.trim().is_empty() {
                return None;
            }
            if let Some(bad) = s.chars().find(|c| is_forbidden(*c, q.kind == QuestionKind::Paragraph)) {
                r.err(
                    span,
                    format!(
                        "`{name}` contains the control character U+{:04X}, which a document cannot hold; remove it",
                        bad as u32
                    ),
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
            let amount = match v {
                Value::Integer(i) => Some(*i.value() as f64),
                Value::Float(f) => Some(*f.value()),
                Value::String(s) if s.value().trim().is_empty() => return None,
                _ => None,
            };
            let Some(amount) = amount.filter(|a| a.is_finite()) else {
                wrong(r);
                return None;
            };
            let pence = (amount * 100.0).round();
            if ((amount * 100.0) - pence).abs() > 1e-6 {
                r.err(span, format!("`{name}` = {amount}: an amount in pounds has at most two decimal places"));
                return None;
            }
            if !in_range(r, q, amount, span, name, "£") {
                return None;
            }
            Some(AnswerValue::Money(pence as i64))
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
            if !in_range(r, q, n as f64, span, name, "") {
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
    unit: &str,
) -> bool {
    if let Some(min) = q.min
        && x < min
    {
        r.err(span, format!("`{name}` = {unit}{x}: must be at least {unit}{min}"));
        return false;
    }
    if let Some(max) = q.max
        && x > max
    {
        r.err(span, format!("`{name}` = {unit}{x}: must be at most {unit}{max}"));
        return false;
    }
    true
}

/// Characters no document can hold, and the ones caredraft reserves for its own markers.
fn is_forbidden(c: char, multiline: bool) -> bool {
    if c == '\t' || (multiline && (c == '\n' || c == '\r')) {
        return false;
    }
    c.is_control() || crate::markers::is_reserved(c)
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

pub(crate) fn did_you_mean(key: &str, candidates: &[&str]) -> String {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(key, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

/// Types one answer typed into an editor (the TUI), with the same checks as a file: the
/// text as typed, never template code. `Ok(None)` means left unanswered.
pub fn answer_from_input(q: &Question, input: &str) -> std::result::Result<Option<AnswerValue>, String> {
    let trimmed = input.trim();
    let number = |s: &str| s.replace([',', '£', '%', ' '], "");
    let value: Value = match q.kind {
        QuestionKind::Text | QuestionKind::Paragraph | QuestionKind::Date => Value::from(input),
        _ if trimmed.is_empty() => return Ok(None),
        QuestionKind::Money | QuestionKind::Percentage => match number(trimmed).parse::<f64>() {
            Ok(x) => Value::from(x),
            Err(_) => return Err(format!("{} is {}", q.label, q.kind.describe())),
        },
        QuestionKind::Number => match number(trimmed).parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => return Err(format!("{} is {}", q.label, q.kind.describe())),
        },
        _ => return Err(format!("{} is not typed in as text", q.label)),
    };
    let mut r = Reader { path: "", text: "", diags: Vec::new() };
    let out = read_value(&mut r, q, &value, &q.id);
    match r.diags.into_iter().next() {
        Some(d) => Err(d.message),
        None => Ok(out),
    }
}

/// How an answer reads in an editor, the inverse of [`answer_from_input`].
pub fn answer_to_input(v: &AnswerValue) -> String {
    match v {
        AnswerValue::Text(s) | AnswerValue::Choice(s) => s.clone(),
        AnswerValue::Date(d) => d.to_string(),
        AnswerValue::Money(p) if p % 100 == 0 => (p / 100).to_string(),
        AnswerValue::Money(p) => format!("{}.{:02}", p / 100, (p % 100).abs()),
        AnswerValue::Percent(p) => p.to_string(),
        AnswerValue::Number(n) => n.to_string(),
        AnswerValue::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        AnswerValue::Many(items) => items.join(", "),
        AnswerValue::Records(r) => format!("{} entries", r.len()),
    }
}
