//! The library's shape across files: ids unique, frames placing clauses that exist (once
//! each), variants and questions that exist, valid patterns. Each problem at the TOML value
//! it is about.

use std::collections::{BTreeMap, BTreeSet};

use super::BUILT_INS;
use crate::answers::suggest;
use crate::error::{Diagnostic, Subject};
use crate::library::{ClauseKind, Library, Question, QuestionKind, Variant};

fn is_identifier(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// With `only`, the bodies of just those files are read for their shape (render's start-up).
pub(crate) fn check(library: &Library, only: Option<&BTreeSet<&str>>, diags: &mut Vec<Diagnostic>) {
    clauses(library, only, diags);
    companions(library, diags);
    frames(library, diags);
    sections(library, diags);
    super::membership::check(library, diags);
}

fn error(library: &Library, path: &str, key: &str, code: &'static str, message: String) -> Diagnostic {
    let (line, col) = library.locate(path, key);
    library.spanning_value(path, key, Diagnostic::error(path, line, col, message).with_code(code))
}

fn clauses(library: &Library, only: Option<&BTreeSet<&str>>, diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for c in &library.clauses {
        let f = &c.front;
        let path = c.path.as_str();
        if let Some(first) = seen.insert(&f.id, path) {
            diags.push(
                error(
                    library,
                    path,
                    "id",
                    "duplicate-clause-id",
                    format!("clause id `{}` is already used by {first}; a draft could take either file", f.id),
                )
                .about(Subject::clause(f.id.as_str())),
            );
        }
        let mut alt_ids = BTreeSet::new();
        for (i, a) in f.alternatives.iter().enumerate() {
            if !alt_ids.insert(&a.id) {
                diags.push(
                    error(
                        library,
                        path,
                        &format!("alternatives.{i}.id"),
                        "duplicate-alternative",
                        format!("alternative `{}` appears twice", a.id),
                    )
                    .about(Subject::alternative(f.id.as_str(), a.id.as_str())),
                );
            }
        }
        let read_shape = only.is_none_or(|files| files.contains(path));
        if let Some((line, message)) = read_shape.then(|| crate::engine::shape_problem(c)).flatten() {
            let text = c.source.lines().nth(line - 1).unwrap_or("");
            let col = text.chars().take_while(|ch| ch.is_whitespace()).count() + 1;
            diags.push(Diagnostic::error(path, line, col, message).with_code("body-shape"));
        }
        if f.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            diags.push(
                Diagnostic::warning(path, 2, 1, "no drafting note: say why the clause is there and what to decide")
                    .with_code("no-note"),
            );
        }
        if f.provenance.is_none() {
            diags.push(
                Diagnostic::warning(path, 2, 1, "no [provenance] (source, version, reviewed)")
                    .with_code("no-provenance"),
            );
        }
    }
}

/// A pack's frames fit together: each companion a variant names exists and is a companion,
/// is used by some variant, and if rendered per record names a records question that every
/// variant using it asks, and the name its templates read the record by.
fn companions(library: &Library, diags: &mut Vec<Diagnostic>) {
    let companion_ids: Vec<&str> = library.companions.iter().map(|c| c.id.as_str()).collect();
    for v in &library.variants {
        for (i, id) in v.companions.iter().enumerate() {
            if library.companion(id).is_none() {
                let msg = format!("no companion frame `{id}` in templates/companions/");
                diags.push(
                    error(library, &v.path, &format!("companions.{i}"), "unknown-companion", msg)
                        .with_hint_opt(suggest(id, &companion_ids))
                        .about(Subject::variant(id.as_str())),
                );
            }
        }
        for (key, set) in [("per", v.per.is_some()), ("record", v.record.is_some())] {
            if set {
                let msg = format!("`{key}` belongs in a companion frame (templates/companions/), not a variant's");
                diags.push(error(library, &v.path, key, "companion-key", msg));
            }
        }
    }
    for c in &library.companions {
        if library.variant(&c.id).is_some() {
            diags.push(
                error(library, &c.path, "id", "duplicate-variant-id", format!("`{}` is also a variant's id", c.id))
                    .about(Subject::variant(c.id.as_str())),
            );
        }
        if !c.companions.is_empty() {
            let msg = "a companion cannot have companions of its own".to_owned();
            diags.push(error(library, &c.path, "companions", "companion-key", msg));
        }
        let users: Vec<&Variant> = library.variants_using(&c.id).collect();
        if users.is_empty() {
            let (line, col) = library.locate(&c.path, "id");
            let msg = format!("no variant names companion `{}` in its `companions`, so it is never rendered", c.id);
            diags.push(Diagnostic::warning(&c.path, line, col, msg).with_code("unused-companion"));
        }
        match (&c.per, &c.record) {
            (Some(per), record) => {
                if record.is_none() {
                    let msg =
                        "`per` needs `record`: the name its templates read each record by (e.g. record = \"practice\")";
                    diags.push(error(library, &c.path, "per", "companion-key", msg.to_owned()));
                }
                for v in &users {
                    let records = library.find_question(&v.id, per).is_some_and(|q| q.kind == QuestionKind::Records);
                    if !records {
                        let msg = format!("`per = \"{per}\"`: variant `{}` asks no records question `{per}`", v.id);
                        diags.push(error(library, &c.path, "per", "unknown-question", msg));
                    }
                }
            }
            (None, Some(_)) => {
                let msg = "`record` without `per`: say which records question".to_owned();
                diags.push(error(library, &c.path, "record", "companion-key", msg));
            }
            (None, None) => {}
        }
    }
}

fn frames(library: &Library, diags: &mut Vec<Diagnostic>) {
    let clause_ids: Vec<&str> = library.clauses.iter().map(|c| c.front.id.as_str()).collect();
    // Frames in file order, so "already used by" names the first file.
    let mut by_path: Vec<_> = library.variants.iter().chain(&library.companions).collect();
    by_path.sort_by(|a, b| a.path.cmp(&b.path));
    let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
    for v in by_path {
        if let Some(first) = ids.insert(&v.id, &v.path) {
            diags.push(
                error(
                    library,
                    &v.path,
                    "id",
                    "duplicate-variant-id",
                    format!("variant id `{}` is already used by {first}; a draft could take either frame", v.id),
                )
                .about(Subject::variant(v.id.as_str())),
            );
        }
    }
    for v in library.variants.iter().chain(&library.companions) {
        let placed = v
            .parts
            .iter()
            .enumerate()
            .flat_map(|(p, part)| {
                part.clauses.iter().enumerate().map(move |(i, id)| (format!("parts.{p}.clauses.{i}"), id))
            })
            .chain(v.schedules.iter().enumerate().map(|(i, id)| (format!("schedules.{i}"), id)));
        let mut first_at: BTreeMap<&str, String> = BTreeMap::new();
        for (key, id) in placed {
            if let Some(first) = first_at.get(id.as_str()) {
                let (line, _) = library.locate(&v.path, first);
                diags.push(
                    error(
                        library,
                        &v.path,
                        &key,
                        "duplicate-placement",
                        format!("places `{id}` twice (also on line {line}); the draft would hold the clause twice"),
                    )
                    .about(Subject::clause(id.as_str())),
                );
                continue;
            }
            first_at.insert(id, key.clone());
            let in_schedules = key.starts_with("schedules");
            match library.clause(id) {
                None => diags.push(
                    error(library, &v.path, &key, "unknown-clause-id", format!("no clause file has id `{id}`"))
                        .with_hint_opt(suggest(id, &clause_ids))
                        .about(Subject::clause(id.as_str())),
                ),
                Some(c) if in_schedules != (c.front.kind == ClauseKind::Schedule) => diags.push(
                    error(
                        library,
                        &v.path,
                        &key,
                        "wrong-kind",
                        format!(
                            "`{id}` is a {} but is placed among the {}",
                            if c.front.kind == ClauseKind::Schedule { "schedule" } else { "clause" },
                            if in_schedules { "schedules" } else { "clauses" }
                        ),
                    )
                    .about(Subject::clause(id.as_str())),
                ),
                Some(_) => {}
            }
        }
        for (key, partial) in [("background", &v.background), ("execution", &v.execution)] {
            let Some(partial) = partial else { continue };
            let full = if partial.starts_with("templates/") { partial.clone() } else { format!("templates/{partial}") };
            if !library.files.contains_key(&full) {
                diags.push(error(library, &v.path, key, "unknown-template", format!("no template `{full}`")));
            }
        }
        // A companion no variant names reads no questions: it was warned about, and every
        // question it names would be reported again.
        if library.companion(&v.id).is_some() && library.variants_using(&v.id).next().is_none() {
            continue;
        }
        let asked: Vec<&str> = library
            .variants_using(&v.id)
            .flat_map(|u| library.questions_for(&u.id).map(|(_, q)| q.id.as_str()))
            .collect();
        let refs = v
            .parties
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("parties.{i}.from"), &p.from))
            .chain(v.date_question.iter().map(|q| ("date_question".to_string(), q)))
            .chain(v.version_question.iter().map(|q| ("version_question".to_string(), q)))
            .chain(v.draft_question.iter().map(|q| ("draft_question".to_string(), q)))
            .chain(v.place_question.iter().map(|q| ("place_question".to_string(), q)))
            .chain(v.parties.iter().enumerate().filter_map(|(i, p)| {
                p.description_from.as_ref().map(|q| (format!("parties.{i}.description_from"), q))
            }));
        for (key, q) in refs {
            if !library.frame_reads(&v.id, q) {
                diags.push(
                    error(
                        library,
                        &v.path,
                        &key,
                        "unknown-question",
                        format!("no question `{q}` is asked in variant `{}`", v.id),
                    )
                    .with_hint_opt(suggest(q, &asked))
                    .about(Subject::question(q.as_str())),
                );
            }
        }
    }
}

fn sections(library: &Library, diags: &mut Vec<Diagnostic>) {
    let question_ids: Vec<&str> = library.all_questions().map(|q| q.id.as_str()).collect();
    for s in &library.sections {
        let path = s.path.as_str();
        for (i, q) in s.questions.iter().enumerate() {
            let key = format!("questions.{i}");
            let id_key = format!("{key}.id");
            if !is_identifier(&q.id) {
                diags.push(
                    error(
                        library,
                        path,
                        &id_key,
                        "question-id",
                        format!("question id `{}` must be snake_case (a-z, 0-9, _), so templates can name it", q.id),
                    )
                    .about(Subject::question(q.id.as_str())),
                );
            }
            if BUILT_INS.contains(&q.id.as_str()) {
                diags.push(
                    error(library, path, &id_key, "question-id", format!("question id `{}` is reserved", q.id))
                        .about(Subject::question(q.id.as_str())),
                );
            }
            question_shape(library, path, &key, q, diags);
            for (j, f) in q.fields.iter().enumerate() {
                question_shape(library, path, &format!("{key}.fields.{j}"), f, diags);
            }
        }
        for (i, r) in s.rules.iter().enumerate() {
            for (j, f) in r.fields.iter().enumerate() {
                if !question_ids.contains(&f.as_str()) {
                    diags.push(
                        error(
                            library,
                            path,
                            &format!("rules.{i}.fields.{j}"),
                            "unknown-question",
                            format!("the rule names `{f}`, which is not a declared question"),
                        )
                        .with_hint_opt(suggest(f, &question_ids))
                        .about(Subject::question(f.as_str())),
                    );
                }
            }
        }
    }
    // A question id may be declared twice only for different variants.
    for v in &library.variants {
        let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
        for (s, q) in library.questions_for(&v.id) {
            if let Some(first) = ids.insert(&q.id, &s.path) {
                let i = s.questions.iter().rposition(|x| x.id == q.id).unwrap_or(0);
                diags.push(
                    error(
                        library,
                        &s.path,
                        &format!("questions.{i}.id"),
                        "duplicate-question",
                        format!("question `{}` is declared twice for variant `{}` (also in {first})", q.id, v.id),
                    )
                    .about(Subject::question(q.id.as_str())),
                );
            }
        }
    }
}

/// Options, fields and pattern of one question (or records field) at `key`.
fn question_shape(library: &Library, path: &str, key: &str, q: &Question, diags: &mut Vec<Diagnostic>) {
    if matches!(q.kind, QuestionKind::OneOf | QuestionKind::ManyOf) && q.options.is_empty() {
        diags.push(
            error(
                library,
                path,
                &format!("{key}.id"),
                "no-options",
                format!("`{}` is {} but lists no options", q.id, q.kind.describe()),
            )
            .about(Subject::question(q.id.as_str())),
        );
    }
    if q.kind == QuestionKind::Records && q.fields.is_empty() {
        diags.push(
            error(
                library,
                path,
                &format!("{key}.id"),
                "no-fields",
                format!("`{}` is a records question with no fields", q.id),
            )
            .about(Subject::question(q.id.as_str())),
        );
    }
    let mut option_ids = BTreeSet::new();
    for (i, o) in q.options.iter().enumerate() {
        if !option_ids.insert(&o.id) {
            diags.push(
                error(
                    library,
                    path,
                    &format!("{key}.options.{i}.id"),
                    "duplicate-option",
                    format!("`{}` lists option `{}` twice", q.id, o.id),
                )
                .about(Subject::question(q.id.as_str())),
            );
        }
    }
    // Compiled as the answers are checked against it: anchored at both ends.
    if let Some(p) = &q.pattern
        && let Err(e) = regex::Regex::new(&format!("^(?:{p})$"))
    {
        let why = e.to_string();
        let why = why.lines().last().unwrap_or("").trim().trim_start_matches("error: ");
        diags.push(error(
            library,
            path,
            &format!("{key}.pattern"),
            "invalid-pattern",
            format!(
                "`{}`: the pattern is not a valid regular expression ({why}), so no answer could be checked against it",
                q.id
            ),
        ).about(Subject::question(q.id.as_str())));
    }
}
