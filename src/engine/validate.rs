//! Checks that need the template engine: which questions are relevant, required answers,
//! records' sizes and required fields, and rules across answers.

use tera::Context;

use super::Engine;
use super::compile::when_name;
use crate::answers::{AnswerValue, Answers};
use crate::error::{Diagnostic, Subject};
use crate::library::{Question, QuestionKind, Section};

impl<'l> Engine<'l> {
    /// The questions asked for these answers, with their sections, in order: those of the
    /// variant whose conditions hold.
    pub fn asked_questions(&self, answers: &Answers) -> Vec<(&'l Section, &'l Question)> {
        let library: &'l crate::library::Library = self.library;
        let Some(variant) = library.variant(&answers.variant) else { return Vec::new() };
        let ctx = super::context::base_context(library, variant, answers);
        library.questions_for(&variant.id).filter(|(s, q)| self.is_relevant(s, q, &ctx)).collect()
    }

    /// Is this question asked, given the answers so far?
    pub fn is_relevant(&self, section: &Section, q: &Question, ctx: &Context) -> bool {
        self.condition(&when_name(&section.path, &format!("{}.when", q.id)), ctx).unwrap_or(true)
    }

    /// Every problem with the answers that the file's shape alone does not show.
    pub fn validate(&self, answers: &Answers) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        let Some(variant) = self.library.variant(&answers.variant) else {
            return vec![
                Diagnostic::error(&answers.path, 0, 0, format!("unknown variant `{}`", answers.variant))
                    .with_code("unknown-variant")
                    .about(Subject::variant(answers.variant.as_str())),
            ];
        };
        let ctx = super::context::base_context(self.library, variant, answers);
        for (section, q) in self.library.questions_for(&variant.id) {
            if !self.is_relevant(section, q, &ctx) {
                continue;
            }
            let (line, col) = answers.location(&q.id);
            let answer = answers.values.get(&q.id);
            if q.required && is_unanswered(answer) {
                diags.push(
                    Diagnostic::error(
                        &answers.path,
                        line,
                        col,
                        format!("`{}` ({}) is required; answer it in [answers]", q.id, q.label),
                    )
                    .with_code("required-answer")
                    .about(Subject::question(q.id.as_str())),
                );
            }
            if let Some(AnswerValue::Records(records)) = answer {
                if let Some(min) = q.min_items
                    && records.len() < min
                {
                    diags.push(
                        Diagnostic::error(
                            &answers.path,
                            line,
                            col,
                            format!(
                                "`{}` needs at least {}; it has {}",
                                q.id,
                                crate::answers::count_of(min, "entry", "entries"),
                                records.len()
                            ),
                        )
                        .with_code("too-few-entries")
                        .about(Subject::question(q.id.as_str())),
                    );
                }
                for (i, r) in records.iter().enumerate() {
                    for f in q.fields.iter().filter(|f| f.required) {
                        if is_unanswered(r.get(&f.id)) {
                            diags.push(
                                Diagnostic::error(
                                    &answers.path,
                                    line,
                                    col,
                                    format!("`{}` entry {}: `{}` ({}) is required", q.id, i + 1, f.id, f.label),
                                )
                                .with_code("required-answer")
                                .about(Subject::question(q.id.as_str())),
                            );
                        }
                    }
                }
            } else if q.kind == QuestionKind::Records
                && let Some(min) = q.min_items
                && min > 0
                && q.required
                && answer.is_none()
            {
                // Reported above as required.
            }
        }
        for section in &self.library.sections {
            if !section.variants.contains(&variant.id) {
                continue;
            }
            for (i, rule) in section.rules.iter().enumerate() {
                if !rule.variants.contains(&variant.id) {
                    continue;
                }
                let when = when_name(&section.path, &format!("rule{i}.when"));
                match self.condition(&when, &ctx) {
                    Ok(false) => continue,
                    Ok(true) => {}
                    Err(e) => {
                        diags.extend(e.diagnostics().iter().cloned());
                        continue;
                    }
                }
                // A rule over unanswered questions waits until they are answered.
                if rule.fields.iter().any(|f| is_unanswered(answers.values.get(f))) {
                    continue;
                }
                match self.condition(&when_name(&section.path, &format!("rule{i}")), &ctx) {
                    Ok(true) => {}
                    Ok(false) => {
                        // At the answer the rule names first, or else at the clause choice it reads.
                        let (line, col) = match rule.fields.first() {
                            Some(f) => answers.location(f),
                            None => super::scan::chosen_clauses(&rule.check)
                                .into_iter()
                                .map(|c| answers.clause_location(c))
                                .find(|at| *at != (0, 0))
                                .unwrap_or((0, 0)),
                        };
                        diags.push(
                            Diagnostic::error(&answers.path, line, col, rule_message(rule)).with_code("rule-broken"),
                        );
                    }
                    Err(e) => diags.extend(e.diagnostics().iter().cloned()),
                }
            }
        }
        diags
    }
}

/// A broken rule's message, naming the questions it is about so the drafter knows which
/// answers to change: "the quorum ... (questions `quorum`, `partners`)".
pub fn rule_message(rule: &crate::library::Rule) -> String {
    if rule.fields.is_empty() {
        return rule.message.clone();
    }
    let names: Vec<String> = rule.fields.iter().map(|f| format!("`{f}`")).collect();
    format!("{} (questions {})", rule.message, names.join(", "))
}

/// No answer, or only blank text.
pub fn is_unanswered(a: Option<&AnswerValue>) -> bool {
    match a {
        None => true,
        Some(AnswerValue::Text(s)) | Some(AnswerValue::Choice(s)) => s.trim().is_empty(),
        _ => false,
    }
}
