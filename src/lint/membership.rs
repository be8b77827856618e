//! Membership is read from the frames (see `library::membership`). The `variants` lists older
//! libraries wrote into clauses, question sections, questions and rules are still accepted:
//! where one agrees with the frames it is redundant (a warning), where it contradicts them it
//! is an error, since the frames now decide. Also: the ids a frame's `questions` names, and
//! questions and rules that the frames leave unused.

use std::collections::BTreeSet;

use crate::answers::suggest;
use crate::error::{Diagnostic, Subject};
use crate::library::{Library, asked_in};

/// What a `variants` list belongs to, for the messages.
#[derive(Clone, Copy)]
enum Item<'a> {
    Clause,
    Section,
    Question(&'a str),
    Rule,
}

pub(crate) fn check(library: &Library, diags: &mut Vec<Diagnostic>) {
    for c in &library.clauses {
        if let Some(declared) = &c.front.declared_variants {
            compare(library, &c.path, "variants", declared, &c.front.variants, Item::Clause, diags);
        }
    }
    for s in &library.sections {
        let path = s.path.as_str();
        if let Some(declared) = &s.declared_variants {
            compare(library, path, "variants", declared, &s.variants, Item::Section, diags);
        }
        for (i, q) in s.questions.iter().enumerate() {
            if let Some(declared) = &q.declared_variants {
                let key = format!("questions.{i}.variants");
                compare(library, path, &key, declared, &q.variants, Item::Question(&q.id), diags);
            }
            if q.variants.is_empty() {
                let (line, col) = library.locate(path, &format!("questions.{i}.id"));
                let message = format!(
                    "no template of any variant reads `{}`, so it is never asked; to ask it all the same, \
                     list it in a frame's `questions`",
                    q.id
                );
                diags.push(Diagnostic::warning(path, line, col, message).with_code("unasked-question"));
            }
        }
        for (i, r) in s.rules.iter().enumerate() {
            if let Some(declared) = &r.declared_variants {
                compare(library, path, &format!("rules.{i}.variants"), declared, &r.variants, Item::Rule, diags);
            }
            if r.variants.is_empty() && !s.variants.is_empty() {
                let (line, col) = library.locate(path, &format!("rules.{i}.check"));
                let message = "no variant asks every question this rule reads, so it is never checked";
                diags.push(Diagnostic::warning(path, line, col, message).with_code("unchecked-rule"));
            }
        }
    }
    let question_ids: Vec<&str> = library.all_questions().map(|q| q.id.as_str()).collect();
    for f in library.variants.iter().chain(&library.companions) {
        let read = if f.questions.is_empty() { Default::default() } else { asked_in(library, f, false) };
        for (i, q) in f.questions.iter().enumerate() {
            if read.contains(q) {
                let (line, col) = library.locate(&f.path, &format!("questions.{i}"));
                let message =
                    format!("`questions` lists `{q}`, which a template of this variant reads already: delete it");
                diags.push(Diagnostic::warning(&f.path, line, col, message).with_code("redundant-question"));
            } else if !question_ids.contains(&q.as_str()) {
                let (line, col) = library.locate(&f.path, &format!("questions.{i}"));
                let message = format!("`questions` names `{q}`, which is not a declared question");
                diags.push(
                    Diagnostic::error(&f.path, line, col, message)
                        .with_code("unknown-question")
                        .with_hint_opt(suggest(q, &question_ids))
                        .about(Subject::question(q.as_str())),
                );
            }
        }
        if library.companion(&f.id).is_some() && !f.questions.is_empty() {
            let (line, col) = library.locate(&f.path, "questions");
            let message = "a companion's documents read the questions of the variant that names it: \
                           list extra questions in that variant's frame";
            diags.push(Diagnostic::error(&f.path, line, col, message).with_code("companion-key"));
        }
    }
}

/// Compares a declared `variants` list at `key` with the membership the frames give.
fn compare(
    library: &Library,
    path: &str,
    key: &str,
    declared: &[String],
    derived: &[String],
    item: Item<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    let known: Vec<&str> = match item {
        Item::Clause => library.variants.iter().chain(&library.companions).map(|v| v.id.as_str()).collect(),
        _ => library.variants.iter().map(|v| v.id.as_str()).collect(),
    };
    let frame_path = |v: &str| library.frame(v).map_or_else(|| format!("the frame of `{v}`"), |f| f.path.clone());
    let delete = "the frames decide this now: delete this `variants` line";
    let before = diags.len();
    let mut err = |key: &str, code: &'static str, message: String, hint: Option<String>| {
        let (line, col) = library.locate(path, key);
        diags.push(Diagnostic::error(path, line, col, message).with_code(code).with_hint_opt(hint));
    };
    let mut listed = BTreeSet::new();
    for (i, v) in declared.iter().enumerate() {
        let at = format!("{key}.{i}");
        if !listed.insert(v.as_str()) {
            err(&at, "duplicate-variant", format!("`variants` lists `{v}` twice"), None);
        } else if !known.contains(&v.as_str()) {
            err(&at, "unknown-variant", format!("unknown variant `{v}`"), suggest(v, &known));
        } else if !derived.contains(v) {
            let why = match item {
                Item::Clause => format!("{} does not place this clause", frame_path(v)),
                Item::Section => format!("none of this section's questions is asked in `{v}`"),
                Item::Question(q) => format!(
                    "no template of `{v}` reads `{q}`, so it is not asked there (to ask it all the same, \
                     list it in `questions` in {})",
                    frame_path(v)
                ),
                Item::Rule => format!("`{v}` does not ask every question the rule reads, so it is not checked there"),
            };
            err(&at, "contradicts-frames", format!("`variants` lists `{v}`, but {why}"), Some(delete.into()));
        }
    }
    for v in derived.iter().filter(|v| !declared.contains(v)) {
        let why = match item {
            Item::Clause => format!("{} places this clause", frame_path(v)),
            Item::Section => format!("`{v}` asks questions of this section"),
            Item::Question(q) => format!("a template of `{v}` reads `{q}`, so it is asked there"),
            Item::Rule => format!("`{v}` asks every question the rule reads, so it is checked there"),
        };
        err(key, "contradicts-frames", format!("`variants` leaves out `{v}`, but {why}"), Some(delete.into()));
    }
    if diags.len() == before {
        let what = match item {
            Item::Clause => "which frames place this clause",
            Item::Section => "where its questions are asked",
            Item::Question(_) => "which variants' templates read this question",
            Item::Rule => "where the questions the rule reads are asked",
        };
        let (line, col) = library.locate(path, key);
        let message = format!("`variants` only repeats {what}; delete it: the frames decide");
        diags.push(Diagnostic::warning(path, line, col, message).with_code("redundant-variants"));
    }
}
