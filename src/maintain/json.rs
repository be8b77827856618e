//! `lint --format json`: one JSON array of diagnostics for editors and CI, each with the
//! file, line, column, severity, message and a stable code naming the kind of problem.

use serde::Serialize;

use crate::error::{Diagnostic, Severity};

#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub file: &'a str,
    /// 1-based; 0 when the problem is about the whole file.
    pub line: usize,
    pub column: usize,
    pub severity: &'static str,
    pub message: &'a str,
    pub code: &'static str,
}

impl<'a> From<&'a Diagnostic> for JsonDiagnostic<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        JsonDiagnostic {
            file: &d.path,
            line: d.line,
            column: d.col,
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            message: &d.message,
            code: code_of(d),
        }
    }
}

/// The diagnostics as a pretty-printed JSON array.
pub fn to_json(diags: &[Diagnostic]) -> String {
    let list: Vec<JsonDiagnostic<'_>> = diags.iter().map(JsonDiagnostic::from).collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_string())
}

/// `check --format json`: one document with a verdict per file, each with its diagnostics.
pub fn check_report(
    verdicts: &[super::check::FileVerdict],
    skipped: &[&std::path::PathBuf],
    library_dir: Option<&std::path::Path>,
    library: &crate::library::Library,
    choice: &str,
) -> serde_json::Value {
    let files: Vec<serde_json::Value> = verdicts
        .iter()
        .map(|v| {
            let shown: Vec<Diagnostic> = v.diagnostics.iter().map(|d| crate::cmd::located(d, library_dir)).collect();
            let diagnostics: Vec<JsonDiagnostic<'_>> = shown.iter().map(JsonDiagnostic::from).collect();
            serde_json::json!({
                "file": v.path,
                "variant": v.variant,
                "verdict": if v.failed() { "failed" } else { "ok" },
                "errors": v.errors(),
                "warnings": v.warnings(),
                "placeholders": v.placeholders,
                "diagnostics": diagnostics,
            })
        })
        .collect();
    serde_json::json!({
        "library": { "name": library.meta.name, "version": library.meta.version, "chosen": choice },
        "checked": verdicts.len(),
        "failed": verdicts.iter().filter(|v| v.failed()).count(),
        "skipped": skipped.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "files": files,
    })
}

/// The code of a problem whose diagnostic carries none of its own (TOML parse errors, template
/// compile errors, unreadable files), read from the wording; anything else is
/// `caredraft::error` or `caredraft::warning`. First match wins.
const CODES: &[(&str, &str)] = &[
    ("unknown field", "unknown-key"),
    ("duplicate key", "duplicate-key"),
    ("missing field", "missing-key"),
    ("nknown filter", "unknown-filter"),
    ("nknown function", "unknown-function"),
    ("not valid UTF-8", "not-utf8"),
    ("must start with a `+++`", "front-matter"),
    ("front matter is never closed", "front-matter"),
];

pub fn code_of(d: &Diagnostic) -> &'static str {
    if let Some(code) = d.code {
        return code;
    }
    CODES.iter().find(|(needle, _)| d.message.contains(needle)).map(|(_, code)| *code).unwrap_or(match d.severity {
        Severity::Error => "caredraft::error",
        Severity::Warning => "caredraft::warning",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_there() {
        let d = Diagnostic::error("clauses/a.md", 4, 1, "unknown field `colour`, expected one of `id`");
        let v: serde_json::Value = serde_json::from_str(&to_json(&[d])).unwrap();
        assert_eq!(
            v,
            serde_json::json!([{"file": "clauses/a.md", "line": 4, "column": 1, "severity": "error",
                "message": "unknown field `colour`, expected one of `id`", "code": "unknown-key"}])
        );
    }
}
