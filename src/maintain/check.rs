//! `caredraft check ANSWERS...`: which matters does a library change break? Every answers
//! file is read, validated and assembled against the library, as `render` would, and each
//! gets its problems (file:line:col) and a one-line verdict.

use std::path::Path;

use crate::answers::parse_answers;
use crate::engine::Engine;
use crate::error::{Diagnostic, Error, Severity, describe_io};
use crate::library::Library;

/// What one answers file came to.
#[derive(Debug, Clone)]
pub struct FileVerdict {
    pub path: String,
    /// The variant it drafts, once known.
    pub variant: Option<String>,
    /// Its errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Placeholders left in its draft (when it assembled).
    pub placeholders: usize,
}

impl FileVerdict {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    pub fn failed(&self) -> bool {
        self.errors() > 0
    }

    /// `a.toml: ok (alliance; 3 placeholders left; 1 warning)` or `b.toml: FAILED (2 errors)`.
    pub fn summary(&self) -> String {
        let mut facts = Vec::new();
        if let Some(v) = &self.variant {
            facts.push(v.clone());
        }
        if self.failed() {
            facts.push(count(self.errors(), "error"));
        } else {
            facts.push(format!("{} left", count(self.placeholders, "placeholder")));
        }
        if self.warnings() > 0 {
            facts.push(count(self.warnings(), "warning"));
        }
        let verdict = if self.failed() { "FAILED" } else { "ok" };
        format!("{}: {verdict} ({})", self.path, facts.join("; "))
    }
}

pub fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Checks one answers file against the library. `strict` also fails a draft with
/// placeholders left, as `render --strict` would.
pub fn check_file(path: &Path, engine: &Engine<'_>, strict: bool) -> FileVerdict {
    let name = path.display().to_string();
    let mut verdict = FileVerdict { path: name.clone(), variant: None, diagnostics: Vec::new(), placeholders: 0 };
    let text = match crate::input::read_text(path, &name) {
        Ok(Ok(text)) => text,
        Ok(Err(problem)) => {
            verdict.diagnostics.push(problem);
            return verdict;
        }
        Err(e) => {
            let why = match &e {
                Error::Io { error, .. } => describe_io(error),
                other => other.to_string(),
            };
            verdict.diagnostics.push(Diagnostic::error(&name, 0, 0, why).with_code("unreadable-answers"));
            return verdict;
        }
    };
    verdict.diagnostics.extend(super::notes::answers_notes(&name, &text, engine.library));
    // Named even when the answers do not parse, so the verdict says which kind of matter failed.
    verdict.variant = super::notes::declared_variant(&text);
    // The whole pack, as `render` would write it: the main document and its companions.
    match parse_answers(&name, &text, engine.library).and_then(|answers| {
        verdict.variant = Some(answers.variant.clone());
        // Refused with every library problem render would refuse it for.
        let pack: Vec<_> = crate::cmd::render::checked_pack(engine, &answers, Path::new(""), &crate::pack::Only::All)?
            .into_iter()
            .map(|(d, _)| d)
            .collect();
        if strict {
            let mut problems = Vec::new();
            for doc in &pack {
                if let Err(e) = crate::cmd::render::check_strict(&doc.document, &answers) {
                    problems.extend(e.diagnostics().iter().map(|d| {
                        let mut d = d.clone();
                        if doc.companion.is_some() {
                            let which = match &doc.record {
                                Some(r) if !r.trim().is_empty() => format!("{} ({r})", doc.document.meta.title),
                                _ => doc.document.meta.title.clone(),
                            };
                            d.message = format!("{which}: {}", d.message);
                        }
                        d
                    }));
                }
            }
            if !problems.is_empty() {
                return Err(Error::Invalid(problems));
            }
        }
        Ok(pack.iter().map(|d| d.document.placeholders.len()).sum::<usize>())
    }) {
        Ok(placeholders) => verdict.placeholders = placeholders,
        Err(e) => match e.diagnostics() {
            [] => verdict.diagnostics.push(Diagnostic::error(&name, 0, 0, e.to_string())),
            diags => verdict.diagnostics.extend(diags.iter().cloned()),
        },
    }
    // The file's own problems first, in file order; then any in the library's files.
    verdict.diagnostics.sort_by_key(|d| (d.path != name, d.line, d.col));
    verdict
}

/// Checks every file; one engine serves them all.
pub fn check_files(
    paths: &[impl AsRef<Path>],
    library: &Library,
    strict: bool,
) -> crate::error::Result<Vec<FileVerdict>> {
    let engine = Engine::new(library)?;
    Ok(paths.iter().map(|p| check_file(p.as_ref(), &engine, strict)).collect())
}
