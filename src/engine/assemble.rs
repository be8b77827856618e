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
use crate::library::{ClauseFile, ClauseKind, QuestionKind, Variant};

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
    fn variant_of(&self, answers: &Answers) -> Result<&Variant> {
        self.library.variant(&answers.variant).ok_or_else(|| {
            Error::one(Diagnostic::error(&answers.path, 0, 0, format!("unknown variant `{}`", answers.variant)))
        })
    }

    /// Every clause and schedule the variant's frame places, with whether it is in the draft.
    pub fn outline(&self, answers: &Answers) -> Result<Outline> {
        let variant = self.variant_of(answers)?;
        let ctx = base_context(self.library, variant, answers);
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
            let applies = self.condition(&when_name(&clause.path, "when"), &ctx)?;
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
        let outline = self.outline(answers)?;
        let mut ctx = base_context(self.library, variant, answers);
        let included: Vec<&OutlineEntry> = outline.iter().filter(|e| e.state == ClauseState::Included).collect();
        ctx.insert_value(
            "included",
            Value::from(included.iter().map(|e| Value::from(e.id.as_str())).collect::<Vec<_>>()),
        );

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
        resolve_refs(self, &outline, &targets, &mut clauses, &mut schedules, (&background_path, &mut background))?;

        let parties = self.parties(variant, answers);
        let execution = Execution {
            intro,
            blocks: parties
                .iter()
                .map(|p| SignatureBlock {
                    party: {
                        let mut v = vec![Inline::Text("Signed for and on behalf of ".into())];
                        v.extend(p.name.iter().cloned());
                        v
                    },
                    lines: ["Signature", "Name", "Position", "Date"].iter().map(|s| s.to_string()).collect(),
                })
                .collect(),
        };

        let meta = self.metadata(variant, answers);
        let mut doc = Document { meta, parties, background, clauses, schedules, execution, placeholders: Vec::new() };
        doc.placeholders = collect_placeholders(&mut doc);
        Ok(doc)
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

    fn parties(&self, variant: &Variant, answers: &Answers) -> Vec<Party> {
        let mut parties = Vec::new();
        for source in &variant.parties {
            let Some(q) = self.library.find_question(&variant.id, &source.from) else { continue };
            match (q.kind, answers.values.get(&q.id)) {
                (QuestionKind::Records, Some(AnswerValue::Records(records))) if !records.is_empty() => {
                    for r in records {
                        let name_q = q.fields.iter().find(|f| f.id == "name");
                        let name = match (name_q, r.get("name")) {
                            (Some(f), a) => text_or_placeholder(answer_text(f, a), &f.placeholder_text()),
                            (None, _) => vec![Inline::Placeholder(q.placeholder_text())],
                        };
                        let description = q
                            .fields
                            .iter()
                            .find(|f| f.id == "description")
                            .and_then(|f| answer_text(f, r.get("description")))
                            .map(|t| vec![Inline::Text(t)])
                            .unwrap_or_default();
                        parties.push(Party { name, description, role: source.role.clone() });
                    }
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
                (_, a) => parties.push(Party {
                    name: text_or_placeholder(answer_text(q, a), &q.placeholder_text()),
                    description: source.description.clone().map(|d| vec![Inline::Text(d)]).unwrap_or_default(),
                    role: source.role.clone(),
                }),
            }
        }
        parties
    }

    fn metadata(&self, variant: &Variant, answers: &Answers) -> Metadata {
        let lookup = |id: &Option<String>| id.as_ref().and_then(|id| self.library.find_question(&variant.id, id));
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
        Metadata {
            title: variant.title.clone(),
            short_title: variant.short_title.clone(),
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

fn resolve_refs(
    engine: &Engine<'_>,
    outline: &Outline,
    targets: &BTreeMap<String, Target>,
    clauses: &mut [Clause],
    schedules: &mut [Schedule],
    (background_path, background): (&str, &mut [Paragraph]),
) -> Result<()> {
    let mut diags = Vec::new();
    for p in background.iter_mut() {
        resolve_inlines(engine, outline, targets, background_path, &mut p.content, &mut diags);
    }
    let mut resolve = |from: &str, blocks: &mut Vec<Block>| {
        for_each_inlines(blocks, &mut |content| resolve_inlines(engine, outline, targets, from, content, &mut diags));
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
    outline: &Outline,
    targets: &BTreeMap<String, Target>,
    from: &str,
    content: &mut [Inline],
    diags: &mut Vec<Diagnostic>,
) {
    for inline in content.iter_mut() {
        match inline {
            Inline::Strong(c) | Inline::Emphasis(c) => resolve_inlines(engine, outline, targets, from, c, diags),
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
                        let path = engine.library.clause(from).map_or(from.to_string(), |c| c.path.clone());
                        let (line, col) =
                            engine.library.clause(from).map_or((0, 0), |c| reference_place(engine.library, c, target));
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
