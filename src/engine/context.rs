//! The Tera context a draft is rendered with: every question the variant asks, typed and
//! formatted, with placeholders for what is unanswered.

use tera::{Context, Value};

use crate::answers::{AnswerValue, Answers, ClauseChoice, format_date, format_money, format_percent};
use crate::doc::{AnswerKey, Placeholder};
use crate::library::{Library, Question, QuestionKind, Variant};
use crate::markers::Marker;

/// The context for a document of `frame` (the variant's own, or one of its companions'):
/// the questions are always those of the answers' variant, which asks them once for the pack.
pub(crate) fn base_context(library: &Library, variant: &Variant, answers: &Answers) -> Context {
    let mut ctx = Context::new();
    for (_, q) in library.questions_for(&answers.variant) {
        ctx.insert_value(q.id.clone(), value_for(q, answers.values.get(&q.id)));
    }
    let mut v = tera::Map::new();
    v.insert("id".into(), Value::from(variant.id.as_str()));
    let (title, short_title) = variant.titles_for(|q| match answers.values.get(q) {
        Some(AnswerValue::Choice(c)) | Some(AnswerValue::Text(c)) => Some(c.as_str()),
        _ => None,
    });
    v.insert("title".into(), Value::from(title));
    v.insert("short_title".into(), Value::from(short_title));
    v.insert("noun".into(), Value::from(variant.noun.as_str()));
    v.insert("party".into(), Value::from(variant.party.as_str()));
    v.insert("parties".into(), Value::from(variant.party_plural.as_str()));
    v.insert("must".into(), Value::from(variant.must.as_str()));
    ctx.insert_value("variant", Value::from(v));
    ctx.insert_value("option", Value::from(""));
    ctx.insert_value("included", Value::from(Vec::<Value>::new()));
    ctx.insert_value("surviving", Value::from(Vec::<Value>::new()));
    // The alternative chosen for each clause that has alternatives (the first by default).
    let mut choices = tera::Map::new();
    for c in library.clauses.iter().filter(|c| c.front.variants.contains(&variant.id)) {
        let chosen = match answers.clauses.get(&c.front.id) {
            Some(ClauseChoice::Alternative(a)) => Some(a.clone()),
            _ => c.front.alternatives.first().map(|a| a.id.clone()),
        };
        if let Some(a) = chosen {
            choices.insert(c.front.id.clone().into(), Value::from(a));
        }
    }
    ctx.insert_value("choices", Value::from(choices));
    ctx
}

/// The value a template sees for one question.
pub(crate) fn value_for(q: &Question, answer: Option<&AnswerValue>) -> Value {
    value_at(q, answer, AnswerKey::question(&q.id))
}

/// The value a template sees for the answer at `key`: its placeholder, while unanswered,
/// carries `key`, so whatever lists the draft's blanks knows which answer fills each.
fn value_at(q: &Question, answer: Option<&AnswerValue>, key: AnswerKey) -> Value {
    let placeholder = || {
        Value::safe_string(&Marker::Placeholder(Placeholder::for_answer(q.placeholder_text(), key.clone())).encode())
    };
    match answer {
        None => match q.kind {
            QuestionKind::YesNo => Value::from(false),
            QuestionKind::ManyOf | QuestionKind::Records => Value::from(Vec::<Value>::new()),
            _ => placeholder(),
        },
        Some(AnswerValue::Text(s)) | Some(AnswerValue::Choice(s)) => Value::from(s.as_str()),
        Some(AnswerValue::Date(d)) => Value::from(format_date(*d)),
        // Numbers stay numbers so rules can add them up; templates print them with the
        // `gbp` and `percent` filters.
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
                        m.insert(f.id.clone().into(), value_at(f, r.get(&f.id), key));
                    }
                    Value::from(m)
                })
                .collect::<Vec<_>>(),
        ),
    }
}

/// A plain-text reading of an answer for places outside templates (cover, parties).
pub(crate) fn answer_text(q: &Question, answer: Option<&AnswerValue>) -> Option<String> {
    Some(match answer? {
        AnswerValue::Text(s) => s.clone(),
        AnswerValue::Choice(s) => q.option_label(s).unwrap_or(s).to_string(),
        AnswerValue::Date(d) => format_date(*d),
        AnswerValue::Money(p) => format_money(*p),
        AnswerValue::Percent(p) => format_percent(*p),
        AnswerValue::Number(n) => n.to_string(),
        AnswerValue::Bool(b) => if *b { "Yes" } else { "No" }.to_string(),
        AnswerValue::Many(items) => items.join(", "),
        AnswerValue::Records(r) => crate::answers::count_of(r.len(), "entry", "entries"),
    })
}
