//! `caredraft lint`: everything a template maintainer can get wrong, reported at once as
//! `path:line:col: error: message`.

use std::collections::{BTreeMap, BTreeSet};

use crate::answers::{Answers, ClauseChoice, init_file, parse_answers};
use crate::doc::{Document, plain_text};
use crate::engine::Engine;
use crate::error::{Diagnostic, Severity, line_col};
use crate::library::{ClauseKind, Library, LibraryFiles, QuestionKind, Variant, parse_library_lenient};

/// Names a template may use besides the variant's questions.
const BUILT_INS: &[&str] = &["variant", "option", "included", "choices", "loop"];

pub struct LintReport {
    pub diagnostics: Vec<Diagnostic>,
    pub files: usize,
}

impl LintReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count()
    }
}

pub fn lint(files: &LibraryFiles) -> LintReport {
    let count = files.files.len() + files.unreadable.len();
    let mut diags = Vec::new();
    let (library, parse_problems) = parse_library_lenient(files);
    // With a broken front matter the library is incomplete: the checks across files would
    // report what is only missing. The templates of the files that did parse are still checked,
    // so one broken file does not hide every other mistake.
    let whole = parse_problems.iter().all(|d| d.severity != Severity::Error);
    diags.extend(parse_problems);
    if whole {
        structure(&library, &mut diags);
    }
    // Templates that do not compile are reported; the checks below go on with the others.
    let (engine, template_problems) = Engine::new_lenient(&library);
    diags.extend(template_problems);
    variables(&library, &engine, &mut diags);
    if whole {
        references(&library, &mut diags);
        if diags.iter().all(|d| d.severity != Severity::Error) {
            renders(&library, &engine, &mut diags);
        }
    }
    finish(diags, count)
}

fn finish(mut diags: Vec<Diagnostic>, files: usize) -> LintReport {
    diags.sort_by(|a, b| (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message)));
    diags.dedup();
    LintReport { diagnostics: diags, files }
}

fn line_of(library: &Library, path: &str, needle: &str) -> (usize, usize) {
    library.files.get(path).and_then(|src| src.find(needle).map(|off| line_col(src, off))).unwrap_or((0, 0))
}

/// Where a template uses the variable `var`: its first occurrence as a whole name inside a Tera
/// tag (`{{ }}`, `{% %}`) or a `when = "..."` line, so `services` is not found inside the clause id
/// `aco-population-and-services`. Falls back to the first occurrence anywhere.
fn line_of_variable(library: &Library, path: &str, var: &str) -> (usize, usize) {
    let Some(src) = library.files.get(path) else { return (0, 0) };
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.';
    let whole_name_at = |offset: usize| {
        let before = src[..offset].chars().next_back();
        let after = src[offset + var.len()..].chars().next();
        !before.is_some_and(|c| is_name_char(c) || c == '"' || c == '\'')
            && !after.is_some_and(|c| is_name_char(c) && c != '.')
    };
    let in_expression = |offset: usize| {
        let line_start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
        if src[line_start..].trim_start().starts_with("when") {
            return true;
        }
        let open = src[..offset].rfind("{{").max(src[..offset].rfind("{%"));
        let close = src[..offset].rfind("}}").max(src[..offset].rfind("%}"));
        open.is_some() && open > close
    };
    src.match_indices(var)
        .map(|(offset, _)| offset)
        .find(|&offset| whole_name_at(offset) && in_expression(offset))
        .or_else(|| src.find(var))
        .map_or((0, 0), |offset| line_col(src, offset))
}

fn is_identifier(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A pack's frames fit together: each companion a variant names exists and is a companion,
/// is used by some variant, and if rendered per record names a records question that every
/// variant using it asks, and the name its templates read the record by.
fn companions(library: &Library, diags: &mut Vec<Diagnostic>) {
    for v in &library.variants {
        for id in &v.companions {
            if library.companion(id).is_none() {
                let (l, col) = line_of(library, &v.path, &format!("\"{id}\""));
                let ids: Vec<&str> = library.companions.iter().map(|c| c.id.as_str()).collect();
                let hint = crate::answers::did_you_mean(id, &ids);
                let msg = format!("no companion frame `{id}` in templates/companions/{hint}");
                diags.push(Diagnostic::error(&v.path, l, col, msg));
            }
        }
        if v.per.is_some() || v.record.is_some() {
            let (l, col) = line_of(library, &v.path, if v.per.is_some() { "per =" } else { "record =" });
            let msg = "`per` and `record` belong in a companion frame (templates/companions/), not a variant's";
            diags.push(Diagnostic::error(&v.path, l, col, msg));
        }
    }
    for c in &library.companions {
        if library.variant(&c.id).is_some() {
            let (l, col) = line_of(library, &c.path, "id");
            diags.push(Diagnostic::error(&c.path, l, col, format!("`{}` is also a variant's id", c.id)));
        }
        if !c.companions.is_empty() {
            let (l, col) = line_of(library, &c.path, "companions =");
            diags.push(Diagnostic::error(&c.path, l, col, "a companion cannot have companions of its own"));
        }
        let users: Vec<&Variant> = library.variants_using(&c.id).collect();
        if users.is_empty() {
            let (l, col) = line_of(library, &c.path, "id");
            let msg = format!("no variant names companion `{}` in its `companions`, so it is never rendered", c.id);
            diags.push(Diagnostic::warning(&c.path, l, col, msg));
        }
        match (&c.per, &c.record) {
            (Some(per), record) => {
                if record.is_none() {
                    let (l, col) = line_of(library, &c.path, "per =");
                    let msg =
                        "`per` needs `record`: the name its templates read each record by (e.g. record = \"practice\")";
                    diags.push(Diagnostic::error(&c.path, l, col, msg));
                }
                for v in &users {
                    let records = library.find_question(&v.id, per).is_some_and(|q| q.kind == QuestionKind::Records);
                    if !records {
                        let (l, col) = line_of(library, &c.path, "per =");
                        let msg = format!("`per = \"{per}\"`: variant `{}` asks no records question `{per}`", v.id);
                        diags.push(Diagnostic::error(&c.path, l, col, msg));
                    }
                }
            }
            (None, Some(_)) => {
                let (l, col) = line_of(library, &c.path, "record =");
                diags.push(Diagnostic::error(&c.path, l, col, "`record` without `per`: say which records question"));
            }
            (None, None) => {}
        }
    }
}

fn structure(library: &Library, diags: &mut Vec<Diagnostic>) {
    let variant_ids: BTreeSet<&str> =
        library.variants.iter().chain(&library.companions).map(|v| v.id.as_str()).collect();
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for c in &library.clauses {
        let f = &c.front;
        if let Some(first) = seen.insert(&f.id, &c.path) {
            let (l, col) = line_of(library, &c.path, "id");
            diags.push(Diagnostic::error(&c.path, l, col, format!("clause id `{}` is already used by {first}", f.id)));
        }
        for v in &f.variants {
            if !variant_ids.contains(v.as_str()) {
                let (l, col) = line_of(library, &c.path, "variants");
                diags.push(Diagnostic::error(&c.path, l, col, format!("unknown variant `{v}`")));
            } else if let Some(variant) = library.frame(v) {
                let placed =
                    variant.parts.iter().any(|p| p.clauses.contains(&f.id)) || variant.schedules.contains(&f.id);
                if !placed {
                    let (l, col) = line_of(library, &c.path, "variants");
                    diags.push(Diagnostic::error(
                        &c.path,
                        l,
                        col,
                        format!(
                            "belongs to variant `{v}`, but {} does not place it in `parts` or `schedules`",
                            variant.path
                        ),
                    ));
                }
            }
        }
        let mut alt_ids = BTreeSet::new();
        for a in &f.alternatives {
            if !alt_ids.insert(&a.id) {
                let (l, col) = line_of(library, &c.path, &format!("\"{}\"", a.id));
                diags.push(Diagnostic::error(&c.path, l, col, format!("alternative `{}` appears twice", a.id)));
            }
        }
        if f.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            diags.push(Diagnostic::warning(
                &c.path,
                2,
                1,
                "no drafting note: say why the clause is there and what to decide",
            ));
        }
        if f.provenance.is_none() {
            diags.push(Diagnostic::warning(&c.path, 2, 1, "no [provenance] (source, version, reviewed)"));
        }
    }
    companions(library, diags);
    for v in library.variants.iter().chain(&library.companions) {
        for id in v.parts.iter().flat_map(|p| p.clauses.iter()).chain(v.schedules.iter()) {
            let (l, col) = line_of(library, &v.path, &format!("\"{id}\""));
            match library.clause(id) {
                None => diags.push(Diagnostic::error(&v.path, l, col, format!("no clause file has id `{id}`"))),
                Some(c) if !c.front.variants.contains(&v.id) => diags.push(Diagnostic::error(
                    &v.path,
                    l,
                    col,
                    format!("places `{id}`, but {} does not list variant `{}` in its `variants`", c.path, v.id),
                )),
                Some(c) => {
                    let in_schedules = v.schedules.contains(id);
                    if in_schedules != (c.front.kind == ClauseKind::Schedule) {
                        diags.push(Diagnostic::error(
                            &v.path,
                            l,
                            col,
                            format!(
                                "`{id}` is a {:?} but is placed among the {}",
                                c.front.kind,
                                if in_schedules { "schedules" } else { "clauses" }
                            ),
                        ));
                    }
                }
            }
        }
        for partial in v.background.iter().chain(v.execution.iter()) {
            let full = if partial.starts_with("templates/") { partial.clone() } else { format!("templates/{partial}") };
            if !library.files.contains_key(&full) {
                let (l, col) = line_of(library, &v.path, partial);
                diags.push(Diagnostic::error(&v.path, l, col, format!("no template `{full}`")));
            }
        }
        // A companion no variant names reads no questions: it was warned about, and every
        // question it names would be reported again.
        if library.companion(&v.id).is_some() && library.variants_using(&v.id).next().is_none() {
            continue;
        }
        let refs = v
            .parties
            .iter()
            .map(|p| &p.from)
            .chain(v.date_question.iter())
            .chain(v.version_question.iter())
            .chain(v.draft_question.iter());
        for q in refs {
            if !library.frame_reads(&v.id, q) {
                let (l, col) = line_of(library, &v.path, &format!("\"{q}\""));
                diags.push(Diagnostic::error(
                    &v.path,
                    l,
                    col,
                    format!("no question `{q}` is asked in variant `{}`", v.id),
                ));
            }
        }
    }
    for s in &library.sections {
        for v in &s.variants {
            if !variant_ids.contains(v.as_str()) {
                let (l, col) = line_of(library, &s.path, v);
                diags.push(Diagnostic::error(&s.path, l, col, format!("unknown variant `{v}`")));
            }
        }
        for q in &s.questions {
            let (l, col) = line_of(library, &s.path, &format!("\"{}\"", q.id));
            if !is_identifier(&q.id) {
                diags.push(Diagnostic::error(
                    &s.path,
                    l,
                    col,
                    format!("question id `{}` must be snake_case (a-z, 0-9, _), so templates can name it", q.id),
                ));
            }
            if BUILT_INS.contains(&q.id.as_str()) {
                diags.push(Diagnostic::error(&s.path, l, col, format!("question id `{}` is reserved", q.id)));
            }
            if matches!(q.kind, QuestionKind::OneOf | QuestionKind::ManyOf) && q.options.is_empty() {
                diags.push(Diagnostic::error(
                    &s.path,
                    l,
                    col,
                    format!("`{}` is {} but lists no options", q.id, q.kind.describe()),
                ));
            }
            if q.kind == QuestionKind::Records && q.fields.is_empty() {
                diags.push(Diagnostic::error(
                    &s.path,
                    l,
                    col,
                    format!("`{}` is a records question with no fields", q.id),
                ));
            }
            if let Some(p) = &q.pattern
                && let Err(e) = regex::Regex::new(p)
            {
                diags.push(Diagnostic::error(
                    &s.path,
                    l,
                    col,
                    format!("`{}`: pattern is not a valid regular expression: {e}", q.id),
                ));
            }
        }
    }
    // A question id may be declared twice only for different variants.
    for v in &library.variants {
        let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
        for (s, q) in library.questions_for(&v.id) {
            if let Some(first) = ids.insert(&q.id, &s.path) {
                let (l, col) = line_of(library, &s.path, &format!("\"{}\"", q.id));
                diags.push(Diagnostic::error(
                    &s.path,
                    l,
                    col,
                    format!("question `{}` is declared twice for variant `{}` (also in {first})", q.id, v.id),
                ));
            }
        }
    }
}

fn variables(library: &Library, engine: &Engine<'_>, diags: &mut Vec<Diagnostic>) {
    for c in &library.clauses {
        let mut names = vec![c.path.clone()];
        names.extend((0..c.front.defines.len()).map(|i| format!("{}#term{i}.md", c.path)));
        if c.front.when.is_some() {
            names.push(crate::engine::when_name(&c.path, "when"));
        }
        for name in names {
            let Ok(vars) = engine.tera_variables(&name) else { continue };
            for var in vars {
                if BUILT_INS.contains(&var.as_str()) {
                    continue;
                }
                for v in &c.front.variants {
                    if !library.frame_reads(v, &var) {
                        let (l, col) = line_of_variable(library, &c.path, &var);
                        let declared_anywhere = library.all_questions().any(|q| q.id == var);
                        let msg = if declared_anywhere {
                            format!("uses `{var}`, which variant `{v}` does not ask")
                        } else {
                            let ids: Vec<&str> = library.all_questions().map(|q| q.id.as_str()).collect();
                            format!(
                                "uses `{var}`, which is not a declared question (templates/questions/*.toml){}",
                                crate::answers::did_you_mean(&var, &ids)
                            )
                        };
                        diags.push(Diagnostic::error(&c.path, l, col, msg));
                    }
                }
            }
        }
    }
}

fn references(library: &Library, diags: &mut Vec<Diagnostic>) {
    let re_ref = regex::Regex::new(r#"ref\(\s*id\s*=\s*["']([^"']+)["']"#).ok();
    let re_anchor = regex::Regex::new(r#"anchor\(\s*id\s*=\s*["']([^"']+)["']"#).ok();
    let (Some(re_ref), Some(re_anchor)) = (re_ref, re_anchor) else { return };
    let mut targets: BTreeSet<String> = library.clauses.iter().map(|c| c.front.id.clone()).collect();
    let mut anchors: BTreeMap<String, String> = BTreeMap::new();
    for c in &library.clauses {
        for cap in re_anchor.captures_iter(&c.source) {
            let id = cap[1].to_string();
            if let Some(first) = anchors.insert(id.clone(), c.path.clone()) {
                let (l, col) = line_col(&c.source, cap.get(1).map_or(0, |m| m.start()));
                diags.push(Diagnostic::error(&c.path, l, col, format!("anchor `{id}` is already used in {first}")));
            }
            if !targets.insert(id.clone()) && !anchors.contains_key(&id) {
                let (l, col) = line_col(&c.source, cap.get(1).map_or(0, |m| m.start()));
                diags.push(Diagnostic::error(&c.path, l, col, format!("anchor `{id}` has the same id as a clause")));
            }
        }
    }
    for (path, source) in &library.files {
        if !path.ends_with(".md") {
            continue;
        }
        for cap in re_ref.captures_iter(source) {
            let id = &cap[1];
            if !targets.contains(id) {
                let (l, col) = line_col(source, cap.get(1).map_or(0, |m| m.start()));
                diags.push(Diagnostic::error(
                    path,
                    l,
                    col,
                    format!("cross-reference to `{id}`, which is no clause, schedule or anchor"),
                ));
            }
        }
    }
}

/// Renders every variant with its default answers, and again with each alternative and each
/// optional clause switched the other way, so that every path a drafter can take is known to work.
fn renders(library: &Library, engine: &Engine<'_>, diags: &mut Vec<Diagnostic>) {
    let mut used_terms: BTreeSet<String> = BTreeSet::new();
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
                defined_terms(library, &doc, &mut used_terms, diags);
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
                Ok(docs) => {
                    docs.iter().skip(1).for_each(|d| defined_terms(library, &d.document, &mut used_terms, diags))
                }
                Err(e) => diags.extend(saying_when(&e, &v.id, "its companion documents")),
            }
        }
        // What a drafter who skips every question they may skip gets: placeholders where the
        // answers would be. A template that does sums or comparisons on an answer fails here.
        if let Err(e) = engine.assemble(&optional_answers_left_blank(library, &v.id, &answers)) {
            let how = "every optional answer left blank: an unanswered question is a placeholder, not a \
                       number; test it first, as in `x is number and x > 0`, or make it required";
            diags.extend(saying_when(&e, &v.id, how));
        }
        // Every alternative, and every optional clause switched on.
        for c in
            library.clauses.iter().filter(|c| c.front.variants.iter().any(|f| *f == v.id || v.companions.contains(f)))
        {
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
                let assembled = if in_companion {
                    engine.assemble_pack(&a).map(|docs| docs.into_iter().map(|d| d.document).collect())
                } else {
                    engine.assemble(&a).map(|doc| vec![doc])
                };
                if let Ok(docs) = &assembled {
                    docs.iter().for_each(|doc| defined_terms(library, doc, &mut used_terms, diags));
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
    for c in &library.clauses {
        for d in &c.front.defines {
            if !used_terms.contains(&d.term) {
                let (l, col) = line_of(library, &c.path, &d.term);
                diags.push(Diagnostic::warning(
                    &c.path,
                    l,
                    col,
                    format!("the term \"{}\" is defined but no draft uses it (with any alternative)", d.term),
                ));
            }
        }
    }
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
fn with_a_record_each(library: &Library, variant: &Variant, answers: &Answers) -> Answers {
    let mut a = answers.clone();
    for per in library.companions_of(variant).filter_map(|c| c.per.as_ref()) {
        let empty = match a.values.get(per) {
            Some(crate::answers::AnswerValue::Records(r)) => r.is_empty(),
            _ => true,
        };
        if empty {
            a.values.insert(per.clone(), crate::answers::AnswerValue::Records(vec![BTreeMap::new()]));
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

fn defined_terms(library: &Library, doc: &Document, used: &mut BTreeSet<String>, diags: &mut Vec<Diagnostic>) {
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
    // One finder over every term in the library, so a longer term ("Services Contract") hides
    // the shorter one inside it ("Services").
    let finder = crate::engine::terms::TermFinder::new(
        library.clauses.iter().flat_map(|c| c.front.defines.iter().map(|d| d.term.as_str())),
    );
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
                    let path = library.clause(&clause.id).map_or(clause.id.clone(), |f| f.path.clone());
                    diags.push(Diagnostic::error(
                        path,
                        0,
                        0,
                        format!(
                            "uses the defined term \"{}\" in the {} draft, but only {} defines it, and that clause is not in this draft",
                            d.term, doc.meta.variant, c.path
                        ),
                    ));
                    break;
                }
            }
        }
    }
}
