//! What lint learns by drafting: every variant rendered with its default answers, with the
//! optional answers left blank, and with each alternative and optional clause switched; and
//! the defined terms a draft uses but does not define.

use std::collections::BTreeSet;

use crate::answers::{Answers, ClauseChoice, init_file, parse_answers};
use crate::doc::{Document, plain_text};
use crate::engine::{Engine, Trial};
use crate::error::{Diagnostic, Severity, Subject, line_col};
use crate::library::{Library, QuestionKind};

/// Renders every variant with its default answers, and again with each alternative and each
/// optional clause switched the other way, so that every path a drafter can take is known to work.
pub(crate) fn renders(library: &Library, engine: &Engine<'_>, diags: &mut Vec<Diagnostic>) {
    let mut used_terms: BTreeSet<String> = BTreeSet::new();
    let finder = library_terms(library);
    for v in &library.variants {
        let path = format!("(default answers of {})", v.id);
        let text = init_file(library, v);
        let answers = match parse_answers(&path, &text, library) {
            Ok(a) => a,
            Err(e) => {
                diags.extend(e.diagnostics().iter().cloned());
                continue;
            }
        };
        match engine.assemble(&answers) {
            Ok(doc) => {
                defined_terms(library, &finder, &doc, &mut used_terms, diags);
            }
            Err(e) => {
                diags.extend(e.diagnostics().iter().cloned());
                continue;
            }
        }
        // The companion documents, each rendered at least once (per-record ones with one
        // record even where the defaults have none).
        let pack_answers = with_a_record_each(library, v, &answers);
        if !v.companions.is_empty() {
            match engine.assemble_pack(&pack_answers) {
                Ok(docs) => docs
                    .iter()
                    .skip(1)
                    .for_each(|d| defined_terms(library, &finder, &d.document, &mut used_terms, diags)),
                Err(e) => diags.extend(saying_when(&e, &v.id, "its companion documents")),
            }
        }
        // What a drafter who skips every question they may skip gets: placeholders where the
        // answers would be. A template that does sums or comparisons on an answer fails here.
        if let Err(e) = engine.assemble(&optional_answers_left_blank(library, &v.id, &answers)) {
            diags.extend(blank_answers(&e, &v.id));
        }
        // Every alternative, and every optional clause switched on.
        for c in library.clauses.iter().filter(|c| library.in_pack(&v.id, c)) {
            let in_companion = !c.front.variants.contains(&v.id);
            let mut tries: Vec<ClauseChoice> =
                c.front.alternatives.iter().skip(1).map(|a| ClauseChoice::Alternative(a.id.clone())).collect();
            if c.front.optional {
                // Switched the other way from its default: a reference to it elsewhere
                // must survive the drafter switching it off.
                tries.push(ClauseChoice::Include(c.front.off_by_default));
            }
            for choice in tries {
                let mut a = if in_companion { pack_answers.clone() } else { answers.clone() };
                a.clauses.insert(c.front.id.clone(), choice.clone());
                // A choice a rule refuses in this variant is not a path a drafter can take
                // (the alliance refuses the memorandum's escalation-only disputes route).
                if refused_by_a_rule(engine, &a) {
                    continue;
                }
                let assembled = if in_companion {
                    engine.assemble_pack(&a).map(|docs| docs.into_iter().map(|d| d.document).collect())
                } else {
                    engine.assemble(&a).map(|doc| vec![doc])
                };
                if let Ok(docs) = &assembled {
                    docs.iter().for_each(|doc| defined_terms(library, &finder, doc, &mut used_terms, diags));
                }
                if let Err(e) = assembled {
                    let how = match &choice {
                        ClauseChoice::Include(true) => format!("`{}` switched on", c.front.id),
                        ClauseChoice::Include(false) => format!("`{}` switched off", c.front.id),
                        ClauseChoice::Alternative(a) => format!("`{}` = \"{a}\"", c.front.id),
                    };
                    diags.extend(saying_when(&e, &v.id, &how));
                }
            }
        }
    }
    // After a failed draft the terms it would have used are unknown: saying they are unused
    // would bury the one real error under dozens of false warnings.
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return;
    }
    for c in &library.clauses {
        for (i, d) in c.front.defines.iter().enumerate() {
            if !used_terms.contains(&d.term) {
                let (l, col) = library.locate(&c.path, &format!("defines.{i}.term"));
                diags.push(
                    Diagnostic::warning(
                        &c.path,
                        l,
                        col,
                        format!("the term \"{}\" is defined but no draft uses it (with any alternative)", d.term),
                    )
                    .with_code("unused-term")
                    .about(Subject::Term { term: d.term.clone() }),
                );
            }
        }
    }
}

/// What went wrong in a draft with every optional answer left blank, with how to guard a sum.
fn blank_answers(e: &crate::error::Error, variant: &str) -> Vec<Diagnostic> {
    let hint = "an unanswered question is a placeholder, not a number: guard the sum with \
                `x is number and ...` (as in `x is number and x > 0`), or make the question required";
    saying_when(e, variant, "every optional answer left blank").map(|d| d.with_hint(hint)).collect()
}

/// What lint's drafts would find wrong in the clauses of the pack of `variant`, found for
/// `render` by rendering clauses alone rather than whole drafts. As lint, with the variant's
/// default answers (so render refuses nothing lint passes): every alternative of every clause
/// and each optional clause switched the other way, in the main document and its companions;
/// and the main document's wordings with every optional answer left blank. Said as lint says it.
pub fn trial_errors(engine: &Engine<'_>, variant: &str) -> Vec<Diagnostic> {
    let library = engine.library;
    let Some(variant) = library.variant(variant) else { return Vec::new() };
    let path = format!("(default answers of {})", variant.id);
    let answers = match parse_answers(&path, &init_file(library, variant), library) {
        Ok(a) => a,
        Err(e) => return e.diagnostics().to_vec(),
    };
    let blank = optional_answers_left_blank(library, &variant.id, &answers);
    let answers = with_a_record_each(library, variant, &answers);
    let frames: Vec<&crate::library::Variant> =
        std::iter::once(variant).chain(library.companions_of(variant)).collect();
    let mut diags: Vec<Diagnostic> = Vec::new();
    // One report per place and problem, whichever trial found it first: compared before the
    // trial's circumstances are added to the message.
    let mut seen = BTreeSet::new();
    let mut first = |e: &crate::error::Error| -> bool {
        e.diagnostics().iter().any(|d| seen.insert((d.path.clone(), d.line, d.col, d.message.clone())))
    };
    for frame in frames {
        for t in engine.clause_trials(frame, &answers, Trial::All) {
            if !first(&t.error) {
                continue;
            }
            let how = if t.switched_off {
                Some(format!("`{}` switched on", t.clause))
            } else {
                t.alternative.filter(|_| !t.chosen).map(|a| format!("`{}` = \"{a}\"", t.clause))
            };
            match how {
                Some(how) => diags.extend(saying_when(&t.error, &variant.id, &how)),
                // The default draft's own wording: lint says it as it is.
                None => diags.extend(t.error.diagnostics().iter().cloned()),
            }
        }
    }
    for t in engine.clause_trials(variant, &blank, Trial::Chosen) {
        if first(&t.error) {
            diags.extend(blank_answers(&t.error, &variant.id));
        }
    }
    diags
}

/// Whether these answers break a consistency rule and nothing else: the rule's message tells
/// the drafter which choice to make instead, so there is no draft to check.
fn refused_by_a_rule(engine: &Engine<'_>, answers: &Answers) -> bool {
    let problems = engine.validate(answers);
    !problems.is_empty() && problems.iter().all(|d| d.code == Some("rule-broken"))
}

/// The problems of a draft that failed, each saying which variant and answers it was drafted with.
fn saying_when<'e>(
    err: &'e crate::error::Error,
    variant: &'e str,
    how: &'e str,
) -> impl Iterator<Item = Diagnostic> + 'e {
    err.diagnostics().iter().map(move |d| {
        let mut d = d.clone();
        d.message = format!("{} (variant `{variant}` with {how})", d.message);
        d
    })
}

/// `answers` with one blank record in each records question a per-record companion of
/// `variant` is rendered for and that has none, so lint renders that companion too.
fn with_a_record_each(library: &Library, variant: &crate::library::Variant, answers: &Answers) -> Answers {
    let mut a = answers.clone();
    for per in library.companions_of(variant).filter_map(|c| c.per.as_ref()) {
        let empty = match a.values.get(per) {
            Some(crate::answers::AnswerValue::Records(r)) => r.is_empty(),
            _ => true,
        };
        if empty {
            a.values.insert(per.clone(), crate::answers::AnswerValue::Records(vec![Default::default()]));
        }
    }
    a
}

/// `answers` without the answers a drafter may leave out: every question that is not required,
/// and every list of records that may be empty (the entries of one that may not are blank by
/// default already).
fn optional_answers_left_blank(library: &Library, variant: &str, answers: &Answers) -> Answers {
    let mut blank = answers.clone();
    for (_, q) in library.questions_for(variant) {
        let may_skip = match q.kind {
            QuestionKind::Records => !q.required && q.min_items.unwrap_or(0) == 0,
            _ => !q.required,
        };
        if may_skip {
            blank.values.remove(&q.id);
        }
    }
    blank
}

/// The problems of an assembled draft that `render` must refuse too: defined terms it uses
/// that no clause in it defines.
pub fn draft_errors(library: &Library, docs: &[&Document]) -> Vec<Diagnostic> {
    // One finder for the whole pack: building it costs about as much as searching a draft.
    let finder = library_terms(library);
    crate::parallel::map_on_cores(docs, |doc| {
        let mut diags = Vec::new();
        defined_terms(library, &finder, doc, &mut BTreeSet::new(), &mut diags);
        diags
    })
    .into_iter()
    .flatten()
    .collect()
}

/// One finder over every term in the library, so a longer term ("Services Contract") hides
/// the shorter one inside it ("Services").
fn library_terms(library: &Library) -> crate::engine::terms::TermFinder<'_> {
    crate::engine::terms::TermFinder::new(
        library.clauses.iter().flat_map(|c| c.front.defines.iter().map(|d| d.term.as_str())),
    )
}

/// Where a clause's text first uses `term` as a word (falls back to the body's first line).
fn term_in_body(clause: &crate::library::ClauseFile, term: &str) -> (usize, usize) {
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let found = clause.body.match_indices(term).map(|(i, _)| i).find(|&i| {
        !is_word(clause.body[..i].chars().next_back())
            && !is_word(clause.body[i + term.len()..].chars().next().filter(|c| *c != 's'))
    });
    line_col(&clause.source, clause.body_offset + found.unwrap_or(0))
}

fn defined_terms(
    library: &Library,
    finder: &crate::engine::terms::TermFinder<'_>,
    doc: &Document,
    used: &mut BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) {
    let in_draft: BTreeSet<&str> =
        doc.clauses.iter().map(|c| c.id.as_str()).chain(doc.schedules.iter().map(|s| s.id.as_str())).collect();
    let defined_here: BTreeSet<String> = doc
        .clauses
        .iter()
        .flat_map(|c| c.blocks.iter())
        .filter_map(|b| match b {
            crate::doc::Block::Definition { term, .. } => Some(term.clone()),
            _ => None,
        })
        .collect();
    used.extend(defined_here.iter().cloned());
    let draft_defines: BTreeSet<&str> = library
        .clauses
        .iter()
        .filter(|c| in_draft.contains(c.front.id.as_str()))
        .flat_map(|c| c.front.defines.iter().map(|d| d.term.as_str()))
        .collect();
    let used_by_clause: Vec<BTreeSet<&str>> = doc
        .clauses
        .iter()
        .map(|clause| {
            let mut text = String::new();
            let mut blocks = clause.blocks.clone();
            crate::engine::for_each_inlines_pub(&mut blocks, &mut |i| text.push_str(&plain_text(i)));
            finder.used_in(&text)
        })
        .collect();
    for c in library.clauses.iter().filter(|c| !in_draft.contains(c.front.id.as_str())) {
        for d in &c.front.defines {
            if draft_defines.contains(d.term.as_str()) {
                continue;
            }
            for (clause, used) in doc.clauses.iter().zip(&used_by_clause) {
                if used.contains(d.term.as_str()) {
                    let (path, line, col) = match library.clause(&clause.id) {
                        Some(f) => {
                            let (l, col) = term_in_body(f, &d.term);
                            (f.path.clone(), l, col)
                        }
                        None => (clause.id.clone(), 0, 0),
                    };
                    diags.push(Diagnostic::error(
                        path,
                        line,
                        col,
                        format!(
                            "uses the defined term \"{}\" in the {} draft, but only {} defines it, and that clause is not in this draft",
                            d.term, doc.meta.variant, c.path
                        ),
                    ).with_code("undefined-term").about(Subject::Term { term: d.term.clone() }));
                }
            }
        }
    }
}
