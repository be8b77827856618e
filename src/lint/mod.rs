//! `caredraft lint`: everything a template maintainer can get wrong, reported at once as
//! `path:line:col: error: message`; and the same checks, restricted to what one variant's
//! draft depends on, for `render` (whatever lint calls an error stops render).

mod defaults;
mod ids;
mod membership;
mod refs;
mod renders;
mod sources;
mod structure;

use std::collections::BTreeSet;

use crate::engine::Engine;
use crate::error::{Diagnostic, Severity};
use crate::library::{Library, LibraryFiles, parse_library_lenient};

pub use renders::{draft_errors, trial_errors};

/// Names a template may use besides the variant's questions.
pub(crate) const BUILT_INS: &[&str] = &["variant", "option", "included", "surviving", "choices", "loop"];

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

/// What the checks may rely on.
struct Scope<'a> {
    /// Only what this variant's drafts depend on (for `render`).
    variant: Option<&'a str>,
    /// Every file parsed: the checks across files would otherwise report what is only missing.
    whole: bool,
    /// Every questions file parsed: otherwise every question id looks unknown.
    questions: bool,
}

pub fn lint(files: &LibraryFiles) -> LintReport {
    let count = files.files.len() + files.unreadable.len();
    let (library, parse_problems) = parse_library_lenient(files);
    let broken: BTreeSet<&str> =
        parse_problems.iter().filter(|d| d.severity == Severity::Error).map(|d| d.path.as_str()).collect();
    let scope = Scope {
        variant: None,
        whole: broken.is_empty(),
        questions: !broken.iter().any(|p| p.starts_with("templates/questions/")),
    };
    // Root causes first: files that do not parse or compile, then what the rest shows.
    let mut roots = parse_problems.clone();
    // Templates that do not compile are reported; the checks below go on with the others.
    let (engine, template_problems) = Engine::new_lenient(&library);
    roots.extend(template_problems);
    let mut diags = check(&engine, &scope);
    if scope.whole && roots.is_empty() && diags.iter().all(|d| d.severity != Severity::Error) {
        renders::renders(&library, &engine, &mut diags);
    }
    sort(&mut roots);
    sort(&mut diags);
    roots.extend(diags);
    roots.dedup();
    LintReport { diagnostics: roots, files: count }
}

/// The library's errors in the files a draft of `variant` depends on: what `render` refuses.
pub fn library_errors(engine: &Engine<'_>, variant: &str) -> Vec<Diagnostic> {
    let scope = Scope { variant: Some(variant), whole: true, questions: true };
    let mut diags = check(engine, &scope);
    diags.retain(|d| d.severity == Severity::Error);
    sort(&mut diags);
    diags.dedup();
    diags
}

/// The checks lint and render share.
fn check(engine: &Engine<'_>, scope: &Scope<'_>) -> Vec<Diagnostic> {
    let library = engine.library;
    let mut diags = Vec::new();
    let mut sources = sources::sources(library);
    // For one variant, only the templates its drafts can use: render's start-up is most of
    // its time.
    let affected = scope.variant.map(|v| files_of(library, v));
    if let Some(files) = &affected {
        sources.retain(|s| files.contains(s.path));
    }
    if scope.whole {
        structure::check(library, affected.as_ref(), &mut diags);
        defaults::default_answers(library, scope.variant, &mut diags);
    }
    if scope.questions {
        ids::variables(library, engine, &sources, &mut diags);
    }
    let named = ids::quoted_ids(library, &sources, scope.questions, &mut diags);
    if scope.whole {
        refs::references(library, &sources, &mut diags);
        defaults::alternatives_without_wording(library, &named, &mut diags);
        defaults::conditions_on_included(library, &sources, &mut diags);
        defaults::variant_else_branches(library, &sources, &mut diags);
    }
    if let Some(files) = &affected {
        diags.retain(|d| files.contains(d.path.as_str()) || !library.files.contains_key(&d.path));
    }
    diags
}

/// The files a draft of `variant` depends on: its frame(s), the clauses that name it or that
/// it places, the questions files that apply to it, its partials and library.toml.
fn files_of<'l>(library: &'l Library, variant: &str) -> BTreeSet<&'l str> {
    let mut files: BTreeSet<&str> = BTreeSet::from(["templates/library.toml"]);
    // The variant's frame and its companions' frames: render writes the whole pack.
    let frames: Vec<_> = library
        .variants
        .iter()
        .filter(|v| v.id == variant)
        .flat_map(|v| std::iter::once(v).chain(library.companions_of(v)))
        .collect();
    for f in &frames {
        files.insert(&f.path);
        for p in f.background.iter().chain(f.execution.iter()) {
            if let Some((path, _)) =
                library.files.get_key_value(&format!("templates/{}", p.trim_start_matches("templates/")))
            {
                files.insert(path);
            }
        }
    }
    for c in &library.clauses {
        let placed = frames
            .iter()
            .any(|f| f.parts.iter().any(|p| p.clauses.contains(&c.front.id)) || f.schedules.contains(&c.front.id));
        if placed || c.front.variants.iter().any(|v| frames.iter().any(|f| f.id == *v)) {
            files.insert(&c.path);
        }
    }
    for s in &library.sections {
        if s.variants.iter().any(|v| v == variant) {
            files.insert(&s.path);
        }
    }
    files
}

fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message)));
}
