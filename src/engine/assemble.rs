//! Assembly: answers in, a numbered and cross-referenced [`Document`] out.

use std::collections::{BTreeMap, BTreeSet};

use tera::{Context, Value};

use super::Engine;
use super::context::{answer_text, base_context};
use super::number::{Target, for_each_inlines, number_document, number_recitals};
use super::tera_setup::when_name;
use super::terms::TermFinder;
use super::tree::{BodyKind, DEFINITIONS_SLOT, parse_blocks, parse_inlines};
use crate::answers::{AnswerValue, Answers, ClauseChoice};
use crate::doc::*;
use crate::error::{Diagnostic, Error, Result};
use crate::library::{ClauseFile, ClauseKind, Question, QuestionKind, Variant};

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

/// How a reference to the main document is written in a companion's template:
/// `ref(id="x", doc="main")` marks its target `main:x`.
pub(crate) const MAIN_DOCUMENT: &str = "main:";

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
struct Scope<'a> {
    record: Option<RecordScope>,
    main: Option<(&'a BTreeMap<String, Target>, &'a str)>,
}

/// The record a companion is rendered for: record `index` of question `per`, which its
/// templates read as `name` (its value already typed and formatted as `value`).
struct RecordScope {
    name: String,
    per: String,
    index: usize,
    value: Value,
}

impl Engine<'_> {
    fn variant_of(&self, answers: &Answers) -> Result<&Variant> {
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
        let mut diags = Vec::new();
        for companion in self.library.companions_of(variant) {
            for (record, label) in self.records_for(companion, answers) {
                let called = companion.main_name.as_deref().unwrap_or(variant.noun.as_str());
                let scope = Scope { record, main: Some((&targets, called)) };
                match self.assemble_frame(companion, answers, &scope) {
                    Ok((document, _)) => {
                        pack.push(PackDocument { companion: Some(companion.id.clone()), record: label, document })
                    }
                    // Every companion's problems in one run, not one document per run.
                    Err(Error::Invalid(d)) => diags.extend(d),
                    Err(e) => return Err(e),
                }
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
    fn records_for(&self, companion: &Variant, answers: &Answers) -> Vec<(Option<RecordScope>, Option<String>)> {
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

    /// Assembles one document of the pack from its frame, with the numbering of its
    /// targets (for a companion's references to the main document).
    fn assemble_frame(
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

    fn parties(&self, variant: &Variant, answers: &Answers, scope: &Scope<'_>) -> Vec<Party> {
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
                    parties.push(record_party(q, record, &source.role));
                }
                continue;
            }
            let Some(q) = self.library.find_question(&answers.variant, &source.from) else { continue };
            match (q.kind, answers.values.get(&q.id)) {
                (QuestionKind::Records, Some(AnswerValue::Records(records))) if !records.is_empty() => {
                    parties.extend(records.iter().map(|r| record_party(q, r, &source.role)));
                }
                (QuestionKind::Records, _) => parties.push(Party {
                    name: vec![Inline::Placeholder(
                        q.fields
                            .iter()
                            .find(|f| f.id == "name")
                            .map_or_else(|| q.placeholder_text(), |f| f.placeholder_text()),
                    )],
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
                            &dq.placeholder_text(),
                        ),
                        None => source.description.clone().map(|d| vec![Inline::Text(d)]).unwrap_or_default(),
                    };
                    parties.push(Party {
                        name: text_or_placeholder(answer_text(q, a), &q.placeholder_text()),
                        description,
                        role: source.role.clone(),
                    })
                }
            }
        }
        parties
    }

    fn metadata(&self, variant: &Variant, answers: &Answers) -> Metadata {
        let lookup = |id: &Option<String>| id.as_ref().and_then(|id| self.library.find_question(&answers.variant, id));
        let date = match lookup(&variant.date_question) {
            Some(q) => text_or_placeholder(answer_text(q, answers.values.get(&q.id)), &q.placeholder_text()),
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

fn text_or_placeholder(text: Option<String>, label: &str) -> Inlines {
    match text {
        Some(t) if !t.trim().is_empty() => vec![Inline::Text(t)],
        _ => vec![Inline::Placeholder(label.to_string())],
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

/// What references in one document resolve against: its own outline and targets, and for a
/// companion, the main document's targets and what the main document calls itself.
struct Refs<'a> {
    outline: &'a Outline,
    targets: &'a BTreeMap<String, Target>,
    main: Option<(&'a BTreeMap<String, Target>, &'a str)>,
}

fn resolve_refs(
    engine: &Engine<'_>,
    refs: &Refs<'_>,
    clauses: &mut [Clause],
    schedules: &mut [Schedule],
    (background_path, background): (&str, &mut [Paragraph]),
) -> Result<()> {
    let mut diags = Vec::new();
    for p in background.iter_mut() {
        resolve_inlines(engine, refs, background_path, &mut p.content, &mut diags);
    }
    let mut resolve = |from: &str, blocks: &mut Vec<Block>| {
        for_each_inlines(blocks, &mut |content| resolve_inlines(engine, refs, from, content, &mut diags));
    };
    for c in clauses.iter_mut() {
        resolve(&c.id, &mut c.blocks);
    }
    for s in schedules.iter_mut() {
        resolve(&s.id, &mut s.blocks);
    }
    if diags.is_empty() { Ok(()) } else { Err(Error::Invalid(diags)) }
}

fn resolve_inlines(
    engine: &Engine<'_>,
    refs: &Refs<'_>,
    from: &str,
    content: &mut [Inline],
    diags: &mut Vec<Diagnostic>,
) {
    let (outline, targets) = (refs.outline, refs.targets);
    for inline in content.iter_mut() {
        match inline {
            Inline::Strong(c) | Inline::Emphasis(c) => resolve_inlines(engine, refs, from, c, diags),
            Inline::Ref { target, prefix, number, suffix, bookmark }
                if number.is_empty() && target.starts_with(MAIN_DOCUMENT) =>
            {
                let id = &target[MAIN_DOCUMENT.len()..];
                match refs.main.and_then(|(main, noun)| main.get(id).map(|t| (t, noun))) {
                    // "clause 5 of the Contract": plain text, since Word cannot cross-reference
                    // into another file.
                    Some((t, called)) => {
                        *prefix = t.prefix.clone();
                        number.clone_from(&t.number);
                        // "Schedule 1 to the Contract", "paragraph 2 of Schedule 1 to the
                        // Contract", but "clause 5 of the Contract".
                        let word = if format!("{}{}", t.prefix, t.suffix).contains("Schedule") { "to" } else { "of" };
                        *suffix = format!("{} {word} the {called}", t.suffix);
                        bookmark.clear();
                    }
                    None => {
                        let (path, line, col) = ref_location(engine, from, id);
                        let why = if refs.main.is_some() {
                            format!("clause `{from}` refers to `{id}` of the main document, which is not in its draft")
                        } else {
                            format!(
                                "clause `{from}` refers to `{id}` with doc=\"main\", but it is itself in the main document; drop doc=\"main\""
                            )
                        };
                        diags.push(Diagnostic::error(path, line, col, why));
                    }
                }
            }
            Inline::Ref { target, prefix, number, suffix, bookmark } if number.is_empty() => {
                let bare = prefix == "bare";
                match targets.get(target.as_str()) {
                    Some(t) => {
                        *prefix = if bare { String::new() } else { t.prefix.clone() };
                        *suffix = if bare { String::new() } else { t.suffix.clone() };
                        number.clone_from(&t.number);
                        bookmark.clone_from(&t.bookmark);
                    }
                    None => {
                        let (path, line, col) = ref_location(engine, from, target);
                        let why = match outline.iter().find(|e| e.id == *target) {
                            Some(e) if e.state == ClauseState::SwitchedOff => format!(
                                "clause `{from}` refers to clause `{target}` ({}), which is switched off in this draft; \
                                 switch it on, or make the reference conditional with {{% if \"{target}\" in included %}}",
                                e.path
                            ),
                            Some(e) => format!(
                                "clause `{from}` refers to clause `{target}` ({}), which is not in this draft because its \
                                 condition is false; make the reference conditional with {{% if \"{target}\" in included %}}",
                                e.path
                            ),
                            None => format!(
                                "clause `{from}` refers to `{target}`, which is no clause, schedule or anchor of this variant"
                            ),
                        };
                        diags.push(Diagnostic::error(path, line, col, why));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Where a bad reference from clause `from` to `target` is reported: at the `ref()` itself.
fn ref_location(engine: &Engine<'_>, from: &str, target: &str) -> (String, usize, usize) {
    let path = engine.library.clause(from).map_or(from.to_string(), |c| c.path.clone());
    let (line, col) = engine.library.clause(from).map_or((0, 0), |c| reference_place(engine.library, c, target));
    (path, line, col)
}

/// A party drawn from one record of a records question: its `name` and `description`
/// fields, as literal text (an answer is never read as markup).
fn record_party(q: &Question, record: &BTreeMap<String, AnswerValue>, role: &str) -> Party {
    let name = match (q.fields.iter().find(|f| f.id == "name"), record.get("name")) {
        (Some(f), a) => text_or_placeholder(answer_text(f, a), &f.placeholder_text()),
        (None, _) => vec![Inline::Placeholder(q.placeholder_text())],
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

/// Where `clause` writes `ref(id="target")`: in its body, else in a definition's meaning.
fn reference_place(library: &crate::library::Library, clause: &ClauseFile, target: &str) -> (usize, usize) {
    use super::scan::{call_id, tags};
    for tag in tags(&clause.body) {
        let found = (0..tag.tokens.len()).find_map(|i| call_id(&tag.tokens, i, "ref").filter(|t| t.text == target));
        if let Some(t) = found {
            return crate::error::line_col(&clause.source, clause.body_offset + t.at);
        }
    }
    for (i, d) in clause.front.defines.iter().enumerate() {
        for tag in tags(&d.meaning) {
            let found = (0..tag.tokens.len()).find_map(|j| call_id(&tag.tokens, j, "ref").filter(|t| t.text == target));
            if let (Some(t), Some(spans)) = (found, library.spans.get(&clause.path)) {
                return spans.inside(&format!("defines.{i}.meaning"), t.at, t.text);
            }
        }
    }
    (clause.body_line, 0)
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

// One companion document on its own (for the TUI), beside the pack's assembly it reuses.
#[path = "companion_outline.rs"]
mod companion_outline;
