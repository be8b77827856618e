//! `caredraft lint`: the library's problems on stdout (text or a JSON array), the summary
//! last (on stderr with JSON, so stdout stays one JSON document). Exit 1 on errors, or on
//! warnings with `--deny-warnings`.

use std::io::Write;

use super::{located, say};
use crate::cli::LintFormat;
use crate::error::{Diagnostic, Result};
use crate::library::LibraryFiles;
use crate::maintain::check::count;
use crate::maintain::discover::Choice;

pub fn execute(choice: &Choice, format: LintFormat, deny_warnings: bool) -> anyhow::Result<u8> {
    let files = library_files(choice)?;
    let mut report = crate::lint::lint(&files);
    // Checks of the maintainers' own keys, when the library parses.
    if let Ok(library) = crate::library::parse_library(&files) {
        report.diagnostics.extend(crate::maintain::renames::problems(&library));
        report.diagnostics.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    }
    let dir = choice.dir.as_deref();
    let shown: Vec<Diagnostic> = report.diagnostics.iter().map(|d| located(d, dir)).collect();
    let readmes = files.files.keys().filter(|p| crate::library::is_readme(p)).count();
    let summary = format!(
        "lint: {}, {} in {} files{} (library: {choice}){}",
        count(report.errors(), "error"),
        count(report.warnings(), "warning"),
        report.files,
        match readmes {
            0 => String::new(),
            n => format!(", {} ignored", count(n, "README")),
        },
        if deny_warnings && report.warnings() > 0 && report.errors() == 0 { "; failed: --deny-warnings" } else { "" }
    );
    let mut out = std::io::stdout().lock();
    match format {
        LintFormat::Text => {
            for d in &shown {
                writeln!(out, "{d}")?;
            }
            writeln!(out, "{summary}")?;
        }
        LintFormat::Json => {
            writeln!(out, "{}", crate::maintain::json::to_json(&shown))?;
            say!("{summary}");
        }
    }
    let failed = report.errors() > 0 || (deny_warnings && report.warnings() > 0);
    Ok(u8::from(failed))
}

/// The library's files as they are, before parsing: lint reads what does not parse too.
fn library_files(choice: &Choice) -> Result<LibraryFiles> {
    match &choice.dir {
        Some(d) => LibraryFiles::from_dir(d),
        None => Ok(LibraryFiles::built_in()),
    }
}
