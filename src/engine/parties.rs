//! The parties block: who a document binds, from the frame's party sources and the
//! answers (a records question gives one party per record), and the execution page's
//! signature block for each. Answers are literal text.

use std::collections::BTreeMap;

use super::Engine;
use super::context::answer_text;
use super::pack::Scope;
use crate::answers::{AnswerValue, Answers};
use crate::doc::{AnswerKey, Execution, Inline, Inlines, Party, Placeholder, SignatureBlock};
use crate::library::{Question, QuestionKind, Variant};

impl Engine<'_> {
    pub(super) fn parties(&self, variant: &Variant, answers: &Answers, scope: &Scope<'_>) -> Vec<Party> {
        let mut parties = Vec::new();
        for source in &variant.parties {
            // A companion's own record (the GP practice of its Integration Agreement).
            if let Some(r) = &scope.record
                && source.from == r.name
            {
                if let Some(q) = self.library.find_question(&answers.variant, &r.per)
                    && let Some(AnswerValue::Records(records)) = answers.values.get(&r.per)
                    && let Some(record) = records.get(r.index)
                {
                    parties.push(record_party(q, r.index, record, &source.role));
                }
                continue;
            }
            let Some(q) = self.library.find_question(&answers.variant, &source.from) else { continue };
            match (q.kind, answers.values.get(&q.id)) {
                (QuestionKind::Records, Some(AnswerValue::Records(records))) if !records.is_empty() => {
                    parties.extend(records.iter().enumerate().map(|(i, r)| record_party(q, i, r, &source.role)));
                }
                (QuestionKind::Records, _) => parties.push(Party {
                    name: vec![Inline::Placeholder(match q.fields.iter().find(|f| f.id == "name") {
                        Some(f) => blank(f, AnswerKey::field(&q.id, None, &f.id)),
                        None => blank(q, AnswerKey::question(&q.id)),
                    })],
                    description: Vec::new(),
                    role: source.role.clone(),
                }),
                (_, a) => {
                    // A typed description wins over the frame's fixed one; while unanswered it
                    // is a placeholder, so the parties block shows that it is still to come.
                    let described_by = source.description_from.as_ref().and_then(|id| {
                        self.library.find_question(&answers.variant, id).map(|dq| (dq, answers.values.get(id)))
                    });
                    let description = match described_by {
                        Some((dq, answer)) => text_or_placeholder(
                            answer_text(dq, answer).filter(|t| !t.trim().is_empty()),
                            blank(dq, AnswerKey::question(&dq.id)),
                        ),
                        None => source.description.clone().map(|d| vec![Inline::Text(d)]).unwrap_or_default(),
                    };
                    parties.push(Party {
                        name: text_or_placeholder(answer_text(q, a), blank(q, AnswerKey::question(&q.id))),
                        description,
                        role: source.role.clone(),
                    })
                }
            }
        }
        parties
    }
}

/// A party drawn from one record of a records question: its `name` and `description`
/// fields, as literal text (an answer is never read as markup).
fn record_party(q: &Question, entry: usize, record: &BTreeMap<String, AnswerValue>, role: &str) -> Party {
    let name = match (q.fields.iter().find(|f| f.id == "name"), record.get("name")) {
        (Some(f), a) => text_or_placeholder(answer_text(f, a), blank(f, AnswerKey::field(&q.id, Some(entry), &f.id))),
        (None, _) => vec![Inline::Placeholder(blank(q, AnswerKey::question(&q.id)))],
    };
    let description = q
        .fields
        .iter()
        .find(|f| f.id == "description")
        .and_then(|f| answer_text(f, record.get("description")))
        .map(|t| vec![Inline::Text(t)])
        .unwrap_or_default();
    Party { name, description, role: role.to_owned() }
}

pub(super) fn text_or_placeholder(text: Option<String>, blank: Placeholder) -> Inlines {
    match text {
        Some(t) if !t.trim().is_empty() => vec![Inline::Text(t)],
        _ => vec![Inline::Placeholder(blank)],
    }
}

/// The blank question (or field) `q` leaves at `key` while unanswered.
pub(super) fn blank(q: &Question, key: AnswerKey) -> Placeholder {
    Placeholder::for_answer(q.placeholder_text(), key)
}

/// The execution page: `intro`, then a signature block for each party.
pub(super) fn execution(variant: &Variant, intro: Inlines, parties: &[Party]) -> Execution {
    // A deed is executed, and each signature witnessed; the drafting note tells the lawyer
    // to fit each party's own attestation clause (a seal, two authorised signatories).
    let (opening, lines): (&str, &[&str]) = if variant.deed {
        (
            "Executed as a deed by ",
            &["Signature", "Name", "Position", "Witness's signature", "Witness's name", "Witness's address", "Date"],
        )
    } else {
        ("Signed for and on behalf of ", &["Signature", "Name", "Position", "Date"])
    };
    Execution {
        intro,
        blocks: parties
            .iter()
            .map(|p| SignatureBlock {
                party: std::iter::once(Inline::Text(opening.into())).chain(p.name.iter().cloned()).collect(),
                lines: lines.iter().map(|s| s.to_string()).collect(),
            })
            .collect(),
    }
}
