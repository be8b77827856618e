//! Assembly: answers in, a numbered and cross-referenced [`Document`] out. The outline
//! (what is in the draft and why), each clause's body and the definitions list are here;
//! the pack in [`super::pack`], references in [`super::refs`], the parties block in
//! [`super::parties`] and the metadata in [`super::metadata`].

use std::collections::{BTreeMap, BTreeSet};

use tera::{Context, Value};

use super::Engine;
use super::compile::when_name;
use super::context::base_context;
use super::number::{Target, for_each_inlines, number_document, number_recitals};
use super::pack::Scope;
use super::refs::{Refs, resolve_refs};
use super::terms::TermFinder;
use super::tree::{BodyKind, DEFINITIONS_SLOT, parse_blocks, parse_inlines};
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
            Error::one(Diagnostic::error(&answers.path, 0, 0, format!("unknown variant `{}`", answers.variant)))
        })
    }

    /// Every clause and schedule the variant's frame places, with whether it is in the draft.
    pub fn outline(&self, answers: &Answers) -> Result<Outline> {
        let variant = self.variant_of(answers)?;
        let ctx = base_context(self.library, variant, answers);
        self.outline_of(variant, answers, &ctx)
    }

    /// The outline of one frame (the variant's or a companion's) in the given context.
    fn outline_of(&self, variant: &Variant, answers: &Answers, ctx: &Context) -> Result<Outline> {
        let mut out = Vec::new();
        let placed = variant
            .parts
            .iter()
            .flat_map(|p| p.clauses.iter().map(move |c| (p.title.clone(), c)))
            .chain(variant.schedules.iter().map(|s| (None, s)));
        for (part, id) in placed {
            let clause = self.library.clause(id).ok_or_else(|| {
                Error::one(Diagnostic::error(
                    &variant.path,
                    0,
                    0,
                    format!("the frame places clause `{id}`, which no clause file defines"),
                ))
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
        let included: Vec<&OutlineEntry> = outline.iter().filter(|e| e.state == ClauseState::Included).collect();
        ctx.insert_value(
            "included",
            Value::from(included.iter().map(|e| Value::from(e.id.as_str())).collect::<Vec<_>>()),
        );
        // The included clauses marked `survives`, in draft order: survival clauses list these.
        let surviving: Vec<Value> = included
            .iter()
            .filter(|e| self.library.clause(&e.id).is_some_and(|c| c.front.survives))
            .map(|e| Value::from(e.id.as_str()))
            .collect();
        ctx.insert_value("surviving", Value::from(surviving));

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
        // A deed is executed, and each signature witnessed; the drafting note tells the lawyer
        // to fit each party's own attestation clause (a seal, two authorised signatories).
        let (opening, lines): (&str, &[&str]) = if variant.deed {
            (
                "Executed as a deed by ",
                &[
                    "Signature",
                    "Name",
                    "Position",
                    "Witness's signature",
                    "Witness's name",
                    "Witness's address",
                    "Date",
                ],
            )
        } else {
            ("Signed for and on behalf of ", &["Signature", "Name", "Position", "Date"])
        };
        let execution = Execution {
            intro,
            blocks: parties
                .iter()
                .map(|p| SignatureBlock {
                    party: std::iter::once(Inline::Text(opening.into())).chain(p.name.iter().cloned()).collect(),
                    lines: lines.iter().map(|s| s.to_string()).collect(),
                })
                .collect(),
        };

        let meta = self.metadata(variant, answers);
        let mut doc = Document { meta, parties, background, clauses, schedules, execution, placeholders: Vec::new() };
        doc.placeholders = collect_placeholders(&mut doc);
        Ok((doc, targets))
    }

    fn render_body(&self, file: &ClauseFile, option: Option<&str>, ctx: &mut Context) -> Result<Vec<Block>> {
        ctx.insert_value("option", Value::from(option.unwrap_or("")));
        let md = self.render(&file.path, ctx)?;
        let kind = match file.front.kind {
            ClauseKind::Clause => BodyKind::Clause,
            ClauseKind::Schedule => BodyKind::Schedule,
        };
        parse_blocks(&md, kind).map_err(|e| {
            // The rendered text's lines follow the template's unless a tag spans lines;
            // close enough to find the place.
            Error::one(Diagnostic::error(&file.path, file.body_line + e.line - 1, 0, e.message))
        })
    }

    fn render_partial(&self, path: &str, ctx: &Context, kind: BodyKind) -> Result<Vec<Block>> {
        let name = full_partial(path);
        let md = self.render(&name, ctx)?;
        parse_blocks(&md, kind).map_err(|e| Error::one(Diagnostic::error(&name, e.line, 0, e.message)))
    }

    /// The terms `file` defines whose conditions hold, each with its meaning rendered, added to
    /// `defined` unless an earlier clause defined the term first. `ctx` carries the clause's
    /// chosen alternative (set by `render_body`).
    fn definitions_of(&self, file: &ClauseFile, ctx: &Context, defined: &mut BTreeMap<String, Inlines>) -> Result<()> {
        for (i, d) in file.front.defines.iter().enumerate() {
            // The condition is evaluated even for a term already defined, so an error in it shows.
            if !self.condition(&when_name(&file.path, &format!("term{i}.when")), ctx)? || defined.contains_key(&d.term)
            {
                continue;
            }
            let md = self.render(&format!("{}#term{i}.md", file.path), ctx)?;
            defined.insert(d.term.clone(), parse_inlines(&md));
        }
        Ok(())
    }
}

/// The defined terms of a draft as assembly meets them.
#[derive(Default)]
struct DraftTerms<'l> {
    /// Terms defined by included clauses (conditions holding), with their meanings.
    defined: BTreeMap<String, Inlines>,
    /// Library terms the draft's text uses, outside the definitions list.
    used: BTreeSet<&'l str>,
}

impl<'l> DraftTerms<'l> {
    /// Notes the terms a clause's text uses. Each run of inlines is searched on its own, so no
    /// use is found across two paragraphs.
    fn note_uses(&mut self, finder: &TermFinder<'l>, blocks: &mut [Block]) {
        let mut text = String::new();
        for_each_inlines(blocks, &mut |c| {
            text.push_str(&plain_text(c));
            text.push('\n');
        });
        self.used.extend(finder.used_in(&text));
    }

    fn note_background_uses(&mut self, finder: &TermFinder<'l>, background: &[Paragraph]) {
        let text: String = background.iter().map(|p| plain_text(&p.content)).collect();
        self.used.extend(finder.used_in(&text));
    }
}

/// Puts the definitions the draft uses, alphabetically, where `{{ definitions() }}` stands.
fn fill_definitions(finder: &TermFinder<'_>, terms: DraftTerms<'_>, clauses: &mut [Clause]) {
    let DraftTerms { defined, used } = terms;
    // The library-wide finder, so a longer term hides a shorter one inside it even when the
    // longer one is not defined in this draft.
    let mut used: BTreeSet<String> =
        used.into_iter().filter(|t| defined.contains_key(*t)).map(str::to_string).collect();
    // A term used only inside another used definition counts too.
    let mut queue: Vec<String> = used.iter().cloned().collect();
    while let Some(term) = queue.pop() {
        let Some(meaning) = defined.get(&term) else { continue };
        for inner in finder.used_in(&plain_text(meaning)).into_iter().filter(|t| defined.contains_key(*t)) {
            if used.insert(inner.to_string()) {
                queue.push(inner.to_string());
            }
        }
    }
    let mut entries: Vec<(String, Inlines)> = defined.into_iter().filter(|(t, _)| used.contains(t)).collect();
    entries.sort_by_cached_key(|(t, _)| t.to_lowercase());
    let list: Vec<Block> = entries
        .into_iter()
        .map(|(term, meaning)| Block::Definition { term, meaning: end_with_full_stop(meaning) })
        .collect();
    for c in clauses.iter_mut() {
        if let Some(pos) = c.blocks.iter().position(is_definitions_slot) {
            c.blocks.splice(pos..=pos, list.clone());
        }
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

fn is_definitions_slot(b: &Block) -> bool {
    matches!(b, Block::Plain(c) if matches!(c.as_slice(), [Inline::Text(t)] if t == DEFINITIONS_SLOT))
}

/// Whole-word, case-sensitive use of a defined term.
/// Each definition is a sentence: "Business Day: a day other than ... England."
fn end_with_full_stop(mut meaning: Inlines) -> Inlines {
    match meaning.last_mut() {
        Some(Inline::Text(t)) => {
            let trimmed = t.trim_end().to_string();
            if !trimmed.ends_with(['.', ';', ':']) {
                *t = format!("{trimmed}.");
            }
        }
        Some(_) => meaning.push(Inline::Text(".".into())),
        None => {}
    }
    meaning
}

fn collect_placeholders(doc: &mut Document) -> Vec<String> {
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

fn walk_placeholders(content: &[Inline], seen: &mut BTreeSet<String>, out: &mut Vec<String>) {
    for i in content {
        match i {
            Inline::Placeholder(p) if seen.insert(p.clone()) => out.push(p.clone()),
            Inline::Strong(c) | Inline::Emphasis(c) => walk_placeholders(c, seen, out),
            _ => {}
        }
    }
}
