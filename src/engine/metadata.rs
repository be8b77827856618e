//! A document's metadata: its titles, date, version and draft status from the answers,
//! and what made it (library, answers hash, generator) for the DOCX properties.

use super::Engine;
use super::context::answer_text;
use super::parties::{blank, text_or_placeholder};
use crate::answers::{AnswerValue, Answers};
use crate::doc::{AnswerKey, Metadata};
use crate::library::Variant;

impl Engine<'_> {
    pub(super) fn metadata(&self, variant: &Variant, answers: &Answers) -> Metadata {
        let lookup = |id: &Option<String>| id.as_ref().and_then(|id| self.library.find_question(&answers.variant, id));
        let date = match lookup(&variant.date_question) {
            Some(q) => {
                text_or_placeholder(answer_text(q, answers.values.get(&q.id)), blank(q, AnswerKey::question(&q.id)))
            }
            None => Vec::new(),
        };
        let iso_date = variant.date_question.as_ref().and_then(|id| match answers.values.get(id) {
            Some(AnswerValue::Date(d)) => Some(d.to_string()),
            _ => None,
        });
        let version = lookup(&variant.version_question)
            .and_then(|q| answer_text(q, answers.values.get(&q.id)))
            .unwrap_or_default();
        let is_draft = match variant.draft_question.as_ref().and_then(|id| answers.values.get(id)) {
            Some(AnswerValue::Bool(b)) => *b,
            _ => true,
        };
        let (title, short_title) = variant.titles_for(|q| match answers.values.get(q) {
            Some(AnswerValue::Choice(c)) | Some(AnswerValue::Text(c)) => Some(c.as_str()),
            _ => None,
        });
        let place = variant
            .place_question
            .as_ref()
            .and_then(|id| {
                self.library.find_question(&answers.variant, id).map(|q| answer_text(q, answers.values.get(id)))
            })
            .flatten()
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty());
        Metadata {
            cover_title: place.map_or_else(|| title.to_string(), |p| format!("{p} {title}")),
            title: title.to_string(),
            short_title: short_title.to_string(),
            variant: variant.id.clone(),
            variant_title: variant.title.clone(),
            date,
            iso_date,
            version,
            is_draft,
            library_name: self.library.meta.name.clone(),
            library_version: self.library.meta.version.clone(),
            answers_hash: answers.hash(),
            generator: format!("caredraft {}", env!("CARGO_PKG_VERSION")),
        }
    }
}
