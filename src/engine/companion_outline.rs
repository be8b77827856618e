//! One companion document of a pack on its own, for the TUI: its outline (to switch its
//! clauses) and its draft (to preview it), without assembling the rest of the pack. A child
//! of `assemble`, so it reuses the frame assembly rather than copying it. Pure.

use super::{Outline, Scope};
use crate::answers::Answers;
use crate::doc::Document;
use crate::engine::Engine;
use crate::engine::context::base_context;
use crate::error::{Diagnostic, Error, Result};
use crate::library::Variant;

impl Engine<'_> {
    /// The outline of companion `companion`'s document for record `index` of its `per`
    /// question (0 for a companion rendered once): every clause its frame places, with whether
    /// it is in that document. Its clause choices are the answers' `[clauses]`, as for the
    /// main document.
    pub fn outline_of_companion(&self, answers: &Answers, companion: &str, index: usize) -> Result<Outline> {
        let frame = self.companion_frame(answers, companion)?;
        let mut records = self.records_for(frame, answers);
        if index >= records.len() {
            return Err(no_such_document(answers, companion, index));
        }
        let mut ctx = base_context(self.library, frame, answers);
        if let (Some(r), _) = records.swap_remove(index) {
            ctx.insert_value(r.name, r.value);
        }
        self.outline_of(frame, answers, &ctx)
    }

    /// Companion `companion`'s document for record `index` (0 for a companion rendered once),
    /// exactly as [`Engine::assemble_pack`] assembles it, assembling only the main document
    /// (for the numbers its references name) besides.
    pub fn assemble_companion(&self, answers: &Answers, companion: &str, index: usize) -> Result<Document> {
        let diags = self.validate(answers);
        if !diags.is_empty() {
            return Err(Error::Invalid(diags));
        }
        let variant = self.variant_of(answers)?;
        let frame = self.companion_frame(answers, companion)?;
        let mut records = self.records_for(frame, answers);
        if index >= records.len() {
            return Err(no_such_document(answers, companion, index));
        }
        let (record, _) = records.swap_remove(index);
        let (_, targets) = self.assemble_frame(variant, answers, &Scope::default())?;
        let called = frame.main_name.as_deref().unwrap_or(variant.noun.as_str());
        let scope = Scope { record, main: Some((&targets, called)) };
        Ok(self.assemble_frame(frame, answers, &scope)?.0)
    }

    /// A companion of the answers' variant, by its frame id.
    fn companion_frame(&self, answers: &Answers, companion: &str) -> Result<&Variant> {
        let variant = self.variant_of(answers)?;
        self.library.companions_of(variant).find(|c| c.id == companion).ok_or_else(|| {
            Error::one(
                Diagnostic::error(
                    &answers.path,
                    0,
                    0,
                    format!("`{}` has no companion document `{companion}`", answers.variant),
                )
                .with_code("unknown-companion"),
            )
        })
    }
}

fn no_such_document(answers: &Answers, companion: &str, index: usize) -> Error {
    Error::one(
        Diagnostic::error(&answers.path, 0, 0, format!("the pack has no document {} of `{companion}`", index + 1))
            .with_code("no-such-document"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{AnswerValue, ClauseChoice, parse_answers};
    use crate::library::Library;

    fn library() -> Library {
        crate::cmd::load_library(None).expect("built-in library")
    }

    fn aco_partial(library: &Library, practices: &[&str]) -> Answers {
        let variant = library.variant("aco-partial").expect("aco-partial");
        let text = crate::answers::init_file(library, variant);
        let mut answers = parse_answers("t.toml", &text, library).expect("init answers parse");
        let records = practices
            .iter()
            .map(|name| {
                let mut r = std::collections::BTreeMap::new();
                r.insert("name".to_string(), AnswerValue::Text(name.to_string()));
                r
            })
            .collect();
        answers.values.insert("gp_practices".into(), AnswerValue::Records(records));
        answers
    }

    #[test]
    fn one_companion_is_the_document_the_pack_assembles() {
        let library = library();
        let engine = Engine::new(&library).expect("engine");
        let mut answers = aco_partial(&library, &["Netherton Health Centre", "Kenton Surgery"]);
        let pack = engine.assemble_pack(&answers).expect("the pack assembles with init's answers");
        assert_eq!(pack.len(), 3, "the contract and two agreements");
        for (i, doc) in pack.iter().enumerate().skip(1) {
            let one = engine.assemble_companion(&answers, "integration-agreement", i - 1).expect("companion");
            assert_eq!(
                crate::render::markdown::to_markdown(&one),
                crate::render::markdown::to_markdown(&doc.document),
                "document {i}"
            );
        }
        assert!(engine.assemble_companion(&answers, "integration-agreement", 2).is_err(), "no third practice");
        assert!(engine.assemble_companion(&answers, "alliance-accession", 0).is_err(), "not this variant's");

        // The outline follows the answers' clause choices, as the main outline does.
        let outline = engine.outline_of_companion(&answers, "integration-agreement", 1).expect("outline");
        let with = outline.iter().find(|e| e.alternatives.len() > 1).expect("a clause with alternatives");
        let other = with.alternatives[1].0.clone();
        assert_ne!(with.selected.as_deref(), Some(other.as_str()));
        let id = with.id.clone();
        answers.clauses.insert(id.clone(), ClauseChoice::Alternative(other.clone()));
        let outline = engine.outline_of_companion(&answers, "integration-agreement", 1).expect("outline");
        let entry = outline.iter().find(|e| e.id == id).expect("still placed");
        assert_eq!(entry.selected.as_deref(), Some(other.as_str()));
        assert!(outline.iter().any(|e| e.state == super::super::ClauseState::Included));
    }
}
