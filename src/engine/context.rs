//! The Tera context a draft is rendered with: every question the variant asks, typed and
//! formatted, with placeholders for what is unanswered.

use tera::{Context, Value};

use crate::answers::{AnswerValue, Answers, ClauseChoice, projection};
use crate::doc::AnswerKey;
use crate::library::{Library, Question, Variant};

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
    projection::to_tera(q, answer, AnswerKey::question(&q.id))
}

/// A plain-text reading of an answer for places outside templates (cover, parties).
pub(crate) fn answer_text(q: &Question, answer: Option<&AnswerValue>) -> Option<String> {
    answer.map(|v| projection::to_text(q, v))
}
