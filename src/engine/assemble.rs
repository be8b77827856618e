//! Assembly: answers in, a numbered and cross-referenced [`Document`] out. The outline
//! (what is in the draft and why) and each clause's body are here; the pack in
//! [`super::pack`], defined terms in [`super::definitions`], references in
//! [`super::refs`], the parties block in [`super::parties`] and the metadata in
//! [`super::metadata`].

use std::collections::{BTreeMap, BTreeSet};

use tera::{Context, Value};

use super::Engine;
use super::compile::when_name;
use super::context::base_context;
use super::definitions::{DraftTerms, fill_definitions};
use super::number::{Target, for_each_inlines, number_document, number_recitals};
use super::pack::Scope;
use super::parties::execution;
use super::refs::{Refs, resolve_refs};
use super::tree::{BodyKind, parse_blocks, parse_inlines};
use crate::answers::{Answers, ClauseChoice};
use crate::doc::*;
use crate::error::{Diagnostic, Error, Result};
use crate::library::{ClauseFile, ClauseKind, Variant};

/// Why a clause is in or out of the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClauseState {
    Included,
    /// An optional clause the drafter switched off (or that starts off).
    SwitchedOff,
    /// Its `when` condition is false for these answers.
    NotApplicable,
}

/// One line of the draft's outline, in frame order, included or not.
#[derive(Debug, Clone)]
pub struct OutlineEntry {
    pub id: String,
    pub title: String,
    pub kind: ClauseKind,
    pub part: Option<String>,
    pub state: ClauseState,
    pub optional: bool,
    /// (id, label) of each alternative.
    pub alternatives: Vec<(String, String)>,
    pub selected: Option<String>,
    pub note: Option<String>,
    pub path: String,
}

pub type Outline = Vec<OutlineEntry>;

impl Engine<'_> {
    pub(super) fn variant_of(&self, answers: &Answers) -> Result<&Variant> {
        self.library.variant(&answers.variant).ok_or_else(|| {
            Error::one(
                Diagnostic::error(&answers.path, 0, 0, format!("unknown variant `{}`", answers.variant))
                    .with_code("unknown-variant"),
            )
        })
    }

    /// Every clause and schedule the variant's frame places, with whether it is in the draft.
    pub fn outline(&self, answers: &Answers) -> Result<Outline> {
        let variant = self.variant_of(answers)?;
        let ctx = base_context(self.library, variant, answers);
        self.outline_of(variant, answers, &ctx)
    }

    /// The outline of one frame (the variant's or a companion's) in the given context.
    /// `included` (the clauses in the draft, in order) and `surviving` (those of them marked
    /// `survives`: survival clauses list these), for the templates to read.
    pub(super) fn insert_included(&self, ctx: &mut Context, outline: &[OutlineEntry]) {
        let included: Vec<&OutlineEntry> = outline.iter().filter(|e| e.state == ClauseState::Included).collect();
        ctx.insert_value(
            "included",
            Value::from(included.iter().map(|e| Value::from(e.id.as_str())).collect::<Vec<_>>()),
        );
        let surviving: Vec<Value> = included
            .iter()
            .filter(|e| self.library.clause(&e.id).is_some_and(|c| c.front.survives))
            .map(|e| Value::from(e.id.as_str()))
            .collect();
        ctx.insert_value("surviving", Value::from(surviving));
    }

    pub(super) fn outline_of(&self, variant: &Variant, answers: &Answers, ctx: &Context) -> Result<Outline> {
        let mut out = Vec::new();
        let placed = variant
            .parts
            .iter()
            .flat_map(|p| p.clauses.iter().map(move |c| (p.title.clone(), c)))
            .chain(variant.schedules.iter().map(|s| (None, s)));
        for (part, id) in placed {
            let clause = self.library.clause(id).ok_or_else(|| {
                Error::one(
                    Diagnostic::error(
                        &variant.path,
                        0,
                        0,
                        format!("the frame places clause `{id}`, which no clause file defines"),
                    )
                    .with_code("unknown-clause-id"),
                )
            })?;
            let f = &clause.front;
            let switched_off = match answers.clauses.get(id) {
                Some(ClauseChoice::Include(b)) => !b,
                _ => f.optional && f.off_by_default,
            };
            let applies = self.condition(&when_name(&clause.path, "when"), ctx)?;
            let state = if !applies {
                ClauseState::NotApplicable
            } else if switched_off {
                ClauseState::SwitchedOff
            } else {
                ClauseState::Included
            };
            let selected = match answers.clauses.get(id) {
                Some(ClauseChoice::Alternative(a)) => Some(a.clone()),
                _ => f.alternatives.first().map(|a| a.id.clone()),
            };
            out.push(OutlineEntry {
                id: id.clone(),
                title: f.title.clone(),
                kind: f.kind,
                part,
                state,
                optional: f.optional,
                alternatives: f.alternatives.iter().map(|a| (a.id.clone(), a.label.clone())).collect(),
                selected,
                note: f.note.clone(),
                path: clause.path.clone(),
            });
        }
        Ok(out)
    }

    /// Assembles the draft. Fails, naming file and line, on invalid answers, template
    /// errors and cross-references to clauses not in the draft.
    pub fn assemble(&self, answers: &Answers) -> Result<Document> {
        let diags = self.validate(answers);
        if !diags.is_empty() {
            return Err(Error::Invalid(diags));
        }
        let variant = self.variant_of(answers)?;
        Ok(self.assemble_frame(variant, answers, &Scope::default())?.0)
    }

    /// Assembles one document of the pack from its frame, with the numbering of its
    /// targets (for a companion's references to the main document).
    pub(super) fn assemble_frame(
        &self,
        variant: &Variant,
        answers: &Answers,
        scope: &Scope<'_>,
    ) -> Result<(Document, BTreeMap<String, Target>)> {
        let mut ctx = base_context(self.library, variant, answers);
        if let Some(r) = &scope.record {
            ctx.insert_value(r.name.clone(), r.value.clone());
        }
        let outline = self.outline_of(variant, answers, &ctx)?;
        self.insert_included(&mut ctx, &outline);
        let included: Vec<&OutlineEntry> = outline.iter().filter(|e| e.state == ClauseState::Included).collect();

        let mut clauses = Vec::new();
        let mut schedules = Vec::new();
        let mut last_part: Option<String> = None;
        // Defined terms are gathered clause by clause, while each clause is at hand, rather than
        // in later passes over the library and the whole draft: on a large library those passes
        // are what grows faster than the library (README, Speed).
        let mut terms = DraftTerms::default();
        for entry in &included {
            let Some(file) = self.library.clause(&entry.id) else { continue };
            let mut blocks = self.render_body(file, entry.selected.as_deref(), &mut ctx)?;
            self.definitions_of(file, &ctx, &mut terms.defined)?;
            terms.note_uses(&self.terms, &mut blocks);
            let alternative = entry
                .selected
                .as_ref()
                .and_then(|s| entry.alternatives.iter().find(|(id, _)| id == s))
                .map(|(_, label)| label.clone());
            let provenance = file.front.provenance.as_ref().map(|p| Provenance {
                source: p.source.clone(),
                version: p.version.clone(),
                reviewed: p.reviewed.clone(),
            });
            let note = drafting_note(file, entry.selected.as_deref());
            match file.front.kind {
                ClauseKind::Clause => {
                    let part_heading = if entry.part != last_part { entry.part.clone() } else { None };
                    last_part = entry.part.clone();
                    clauses.push(Clause {
                        id: entry.id.clone(),
                        number: String::new(),
                        title: file.front.title.clone(),
                        bookmark: String::new(),
                        part_heading,
                        drafting_note: note,
                        provenance,
                        alternative,
                        blocks,
                    });
                }
                ClauseKind::Schedule => schedules.push(Schedule {
                    id: entry.id.clone(),
                    number: String::new(),
                    title: file.front.title.clone(),
                    bookmark: String::new(),
                    drafting_note: note,
                    provenance,
                    alternative,
                    blocks,
                }),
            }
        }

        let mut background = match &variant.background {
            Some(path) => self
                .render_partial(path, &ctx, BodyKind::Recitals)?
                .into_iter()
                .filter_map(|b| match b {
                    Block::Numbered(p) => Some(p),
                    Block::Plain(content) => {
                        Some(Paragraph { level: 1, number: String::new(), bookmark: None, content })
                    }
                    _ => None,
                })
                .collect(),
            None => Vec::new(),
        };
        number_recitals(&mut background);
        let intro = match &variant.execution {
            Some(path) => {
                let md = self.render(&full_partial(path), &ctx)?;
                parse_inlines(&md)
            }
            None => vec![Inline::Text(format!(
                "This {} has been entered into on the date stated at the beginning of it.",
                variant.noun
            ))],
        };

        let targets = number_document(&mut clauses, &mut schedules);
        terms.note_background_uses(&self.terms, &background);
        fill_definitions(&self.terms, terms, &mut clauses);
        let background_path = variant.background.as_deref().map(full_partial).unwrap_or_default();
        let refs = Refs { outline: &outline, targets: &targets, main: scope.main };
        resolve_refs(self, &refs, &mut clauses, &mut schedules, (&background_path, &mut background))?;

        let parties = self.parties(variant, answers, scope);
        let execution = execution(variant, intro, &parties);

        let meta = self.metadata(variant, answers);
        let mut doc = Document { meta, parties, background, clauses, schedules, execution, placeholders: Vec::new() };
        doc.placeholders = collect_placeholders(&mut doc);
        Ok((doc, targets))
    }

    pub(super) fn render_body(&self, file: &ClauseFile, option: Option<&str>, ctx: &mut Context) -> Result<Vec<Block>> {
        ctx.insert_value("option", Value::from(option.unwrap_or("")));
        let md = self.render(&file.path, ctx)?;
        let kind = match file.front.kind {
            ClauseKind::Clause => BodyKind::Clause,
            ClauseKind::Schedule => BodyKind::Schedule,
        };
        parse_blocks(&md, kind).map_err(|e| {
            // The rendered text's lines follow the template's unless a tag spans lines;
            // close enough to find the place.
            Error::one(
                Diagnostic::error(&file.path, file.body_line + e.line - 1, 0, e.message).with_code("draft-shape"),
            )
        })
    }

    fn render_partial(&self, path: &str, ctx: &Context, kind: BodyKind) -> Result<Vec<Block>> {
        let name = full_partial(path);
        let md = self.render(&name, ctx)?;
        parse_blocks(&md, kind)
            .map_err(|e| Error::one(Diagnostic::error(&name, e.line, 0, e.message).with_code("draft-shape")))
    }
}

fn full_partial(path: &str) -> String {
    if path.starts_with("templates/") { path.to_string() } else { format!("templates/{path}") }
}

fn drafting_note(file: &ClauseFile, selected: Option<&str>) -> Option<String> {
    let alt = selected
        .and_then(|s| file.front.alternatives.iter().find(|a| a.id == s))
        .and_then(|a| a.note.clone().map(|n| format!("{}: {n}", a.label)));
    match (file.front.note.clone(), alt) {
        (Some(n), Some(a)) => Some(format!("{}\n\n{}", n.trim(), a.trim())),
        (n, a) => n.or(a).map(|s| s.trim().to_string()),
    }
}

fn collect_placeholders(doc: &mut Document) -> Vec<Placeholder> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let mut visit = |content: &[Inline]| walk_placeholders(content, &mut seen, &mut out);
    visit(&doc.meta.date);
    for p in &doc.parties {
        visit(&p.name);
    }
    for p in &doc.background {
        visit(&p.content);
    }
    // In place: the walk takes the blocks mutably, and cloning the draft to read it is waste.
    for blocks in doc.clauses.iter_mut().map(|c| &mut c.blocks).chain(doc.schedules.iter_mut().map(|s| &mut s.blocks)) {
        for_each_inlines(blocks, &mut |c| walk_placeholders(c, &mut seen, &mut out));
    }
    out
}

fn walk_placeholders(content: &[Inline], seen: &mut BTreeSet<Placeholder>, out: &mut Vec<Placeholder>) {
    for i in content {
        match i {
            Inline::Placeholder(p) if seen.insert(p.clone()) => out.push(p.clone()),
            Inline::Strong(c) | Inline::Emphasis(c) => walk_placeholders(c, seen, out),
            _ => {}
        }
    }
}

// One companion document on its own (for the TUI), beside the pack's assembly it reuses.
#[path = "companion_outline.rs"]
mod companion_outline;
