//! One answer, read each way it leaves the answers file: as people read it (the interview
//! list, the Review tab, the compare summary, the cover and the parties block), as an editor
//! starts it, as a template sees it, and as the answers file writes it. Every consumer goes
//! through these four functions, so an answer of £412,500,000 reads the same everywhere.

use tera::Value;

use super::{AnswerValue, count_of, format_date, format_money, format_percent};
use crate::doc::{AnswerKey, Placeholder};
use crate::library::{Question, QuestionKind};
use crate::markers::Marker;

/// As people read it: option labels, dates in words, money in pounds, "yes"/"no", "none",
/// "2 entries". Each consumer says for itself how an unanswered question looks.
pub fn to_text(q: &Question, v: &AnswerValue) -> String {
    let label = |id: &str| q.option_label(id).unwrap_or(id).to_string();
    match v {
        AnswerValue::Text(s) => s.clone(),
        AnswerValue::Choice(id) => label(id),
        AnswerValue::Date(d) => format_date(*d),
        AnswerValue::Money(p) => format_money(*p),
        AnswerValue::Percent(p) => format_percent(*p),
        AnswerValue::Number(n) => n.to_string(),
        AnswerValue::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        AnswerValue::Many(ids) if ids.is_empty() => "none".to_string(),
        AnswerValue::Many(ids) => ids.iter().map(|id| label(id)).collect::<Vec<_>>().join(", "),
        AnswerValue::Records(r) => count_of(r.len(), "entry", "entries"),
    }
}

/// As an editor starts it: what people read, which the editor reads back as the same
/// answer; a percentage keeps every digit it has (the draft shows two decimal places).
pub fn to_typed(q: &Question, v: &AnswerValue) -> String {
    match v {
        AnswerValue::Percent(p) => format!("{p}%"),
        _ => to_text(q, v),
    }
}

/// As a template sees it at `key`. Numbers stay numbers so rules can add them up (templates
/// print them with the `gbp` and `percent` filters); an unanswered question is a placeholder
/// that carries `key`, except a yes/no (false) and a list (empty).
pub fn to_tera(q: &Question, v: Option<&AnswerValue>, key: AnswerKey) -> Value {
    let placeholder = || {
        let blank = Placeholder::for_answer(q.placeholder_text(), key.clone());
        Value::safe_string(&Marker::Placeholder(blank).encode())
    };
    match v {
        None => match q.kind {
            QuestionKind::YesNo => Value::from(false),
            QuestionKind::ManyOf | QuestionKind::Records => Value::from(Vec::<Value>::new()),
            _ => placeholder(),
        },
        Some(AnswerValue::Text(s)) | Some(AnswerValue::Choice(s)) => Value::from(s.as_str()),
        Some(AnswerValue::Date(d)) => Value::from(format_date(*d)),
        Some(AnswerValue::Money(p)) if p % 100 == 0 => Value::from(p / 100),
        Some(AnswerValue::Money(p)) => Value::from(*p as f64 / 100.0),
        Some(AnswerValue::Percent(p)) if p.fract() == 0.0 => Value::from(*p as i64),
        Some(AnswerValue::Percent(p)) => Value::from(*p),
        Some(AnswerValue::Number(n)) => Value::from(*n),
        Some(AnswerValue::Bool(b)) => Value::from(*b),
        Some(AnswerValue::Many(items)) => {
            Value::from(items.iter().map(|s| Value::from(s.as_str())).collect::<Vec<_>>())
        }
        Some(AnswerValue::Records(records)) => Value::from(
            records
                .iter()
                .enumerate()
                .map(|(entry, r)| {
                    let mut m = tera::Map::new();
                    for f in &q.fields {
                        let key = AnswerKey::field(&q.id, Some(entry), &f.id);
                        m.insert(f.id.clone().into(), to_tera(f, r.get(&f.id), key));
                    }
                    Value::from(m)
                })
                .collect::<Vec<_>>(),
        ),
    }
}

/// As the answers file writes it: the TOML value that reads back as the same answer.
pub fn to_toml(v: &AnswerValue) -> toml::Value {
    use toml::Value as T;
    match v {
        AnswerValue::Text(s) | AnswerValue::Choice(s) => T::String(s.clone()),
        AnswerValue::Date(d) => match d.to_string().parse::<toml::value::Datetime>() {
            Ok(dt) => T::Datetime(dt),
            Err(_) => T::String(d.to_string()),
        },
        AnswerValue::Money(p) if p % 100 == 0 => T::Integer(p / 100),
        AnswerValue::Money(p) => T::Float(*p as f64 / 100.0),
        AnswerValue::Percent(p) if p.fract() == 0.0 => T::Integer(*p as i64),
        AnswerValue::Percent(p) => T::Float(*p),
        AnswerValue::Number(n) => T::Integer(*n),
        AnswerValue::Bool(b) => T::Boolean(*b),
        AnswerValue::Many(items) => T::Array(items.iter().map(|s| T::String(s.clone())).collect()),
        AnswerValue::Records(records) => T::Array(
            records.iter().map(|r| T::Table(r.iter().map(|(k, v)| (k.clone(), to_toml(v))).collect())).collect(),
        ),
    }
}
