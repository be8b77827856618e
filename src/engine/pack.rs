//! The pack: the main document and its companions, each once or once per record of a
//! repeating answer, assembled together so nothing is written unless every one can be.

use std::collections::BTreeMap;

use tera::Value;

use super::Engine;
use super::context::answer_text;
use super::number::Target;
use crate::answers::{AnswerValue, Answers};
use crate::doc::Document;
use crate::error::{Error, Result};
use crate::library::Variant;

/// One document of a pack.
#[derive(Debug, Clone)]
pub struct PackDocument {
    /// The companion frame's id; `None` for the main document.
    pub companion: Option<String>,
    /// For a companion rendered per record: that record's name ("Netherton Health Centre").
    pub record: Option<String>,
    pub document: Document,
}

/// What a companion is assembled within: its record, and the main document's targets.
#[derive(Default)]
pub(super) struct Scope<'a> {
    pub(super) record: Option<RecordScope>,
    pub(super) main: Option<(&'a BTreeMap<String, Target>, &'a str)>,
}

/// The record a companion is rendered for: record `index` of question `per`, which its
/// templates read as `name` (its value already typed and formatted as `value`).
#[derive(Clone)]
pub(super) struct RecordScope {
    pub(super) name: String,
    pub(super) per: String,
    pub(super) index: usize,
    pub(super) value: Value,
}

impl Engine<'_> {
    /// Assembles the whole pack: the main document, then each companion its frame names,
    /// once or once per record. Fails if any document fails, so nothing is written unless
    /// every document can be.
    pub fn assemble_pack(&self, answers: &Answers) -> Result<Vec<PackDocument>> {
        let diags = self.validate(answers);
        if !diags.is_empty() {
            return Err(Error::Invalid(diags));
        }
        let variant = self.variant_of(answers)?;
        let (main, targets) = self.assemble_frame(variant, answers, &Scope::default())?;
        let mut pack = vec![PackDocument { companion: None, record: None, document: main }];
        // Each companion document is independent of the others: assembled on every core.
        let jobs: Vec<(&Variant, Option<RecordScope>, Option<String>)> = self
            .library
            .companions_of(variant)
            .flat_map(|c| self.records_for(c, answers).into_iter().map(move |(record, label)| (c, record, label)))
            .collect();
        let assembled = crate::parallel::map_on_cores(&jobs, |(companion, record, _)| {
            let called = companion.main_name.as_deref().unwrap_or(variant.noun.as_str());
            let scope = Scope { record: record.clone(), main: Some((&targets, called)) };
            self.assemble_frame(companion, answers, &scope)
        });
        let mut diags = Vec::new();
        for ((companion, _, label), result) in jobs.into_iter().zip(assembled) {
            match result {
                Ok((document, _)) => {
                    pack.push(PackDocument { companion: Some(companion.id.clone()), record: label, document })
                }
                // Every companion's problems in one run, not one document per run.
                Err(Error::Invalid(d)) => diags.extend(d),
                Err(e) => return Err(e),
            }
        }
        if diags.is_empty() { Ok(pack) } else { Err(Error::Invalid(diags)) }
    }

    /// The documents of the pack these answers make, without assembling them: the main
    /// document, then each companion once or once per record, with the record's name. What
    /// file names and the export dialog go by.
    pub fn pack_outline(&self, answers: &Answers) -> Vec<(Option<String>, Option<String>)> {
        let mut out = vec![(None, None)];
        if let Some(variant) = self.library.variant(&answers.variant) {
            for companion in self.library.companions_of(variant) {
                let labels = self.record_labels(companion, answers);
                out.extend(labels.into_iter().map(|label| (Some(companion.id.clone()), label)));
            }
        }
        out
    }

    /// One label per document of `companion`: `None` when it is rendered once, each record's
    /// name (or its number, while it has none) when it is rendered per record.
    fn record_labels(&self, companion: &Variant, answers: &Answers) -> Vec<Option<String>> {
        let Some(per) = &companion.per else { return vec![None] };
        let records = match answers.values.get(per) {
            Some(AnswerValue::Records(r)) => r.as_slice(),
            _ => &[],
        };
        let name_field =
            self.library.find_question(&answers.variant, per).and_then(|q| q.fields.iter().find(|f| f.id == "name"));
        (0..records.len())
            .map(|index| {
                let name = name_field.and_then(|f| answer_text(f, records[index].get("name")));
                Some(name.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| (index + 1).to_string()))
            })
            .collect()
    }

    /// The records a companion is rendered for: one `None` when it is rendered once; one
    /// per record of its `per` question otherwise (none when that question has no records),
    /// each with the record's label for file names.
    pub(super) fn records_for(
        &self,
        companion: &Variant,
        answers: &Answers,
    ) -> Vec<(Option<RecordScope>, Option<String>)> {
        let labels = self.record_labels(companion, answers);
        let (Some(per), Some(q)) =
            (&companion.per, companion.per.as_ref().and_then(|per| self.library.find_question(&answers.variant, per)))
        else {
            return labels.into_iter().map(|l| (None, l)).collect();
        };
        let name = companion.record.clone().unwrap_or_else(|| "record".to_owned());
        let values = super::context::value_for(q, answers.values.get(per));
        let values = values.as_array().unwrap_or_default();
        labels
            .into_iter()
            .zip(values)
            .enumerate()
            .map(|(index, (label, value))| {
                (Some(RecordScope { name: name.clone(), per: per.clone(), index, value: value.clone() }), label)
            })
            .collect()
    }
}
