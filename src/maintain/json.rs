//! `lint --format json`: one JSON array of diagnostics for editors and CI, each with the
//! file, line, column, severity, message and a stable code naming the kind of problem, and
//! where known the end of the place, the hints (`help:` lines) and the subject (what it is about).

use serde::Serialize;

use crate::error::{Diagnostic, Severity, Subject};

#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub file: &'a str,
    /// 1-based; 0 when the problem is about the whole file.
    pub line: usize,
    pub column: usize,
    pub severity: &'static str,
    pub message: &'a str,
    pub code: &'static str,
    /// Where what is wrong ends (line and column just past it), when known; else null.
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    /// What to do about it: each `help:` line of the human output.
    pub hints: &'a [String],
    /// What it is about: `{"kind": "clause", "id": "..."}`, `{"kind": "question", ...}`,
    /// `{"kind": "alternative", "clause": ..., "id": ...}`, ...; null when not named.
    pub subject: Option<&'a Subject>,
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
            end_line: d.end.map(|(l, _)| l),
            end_column: d.end.map(|(_, c)| c),
            hints: &d.hints,
            subject: d.subject.as_ref(),
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

/// A diagnostic's code: its own, or for a problem not yet given a kind, `caredraft::error` or
/// `caredraft::warning`. The message is never read.
pub fn code_of(d: &Diagnostic) -> &'static str {
    d.code.unwrap_or(match d.severity {
        Severity::Error => "caredraft::error",
        Severity::Warning => "caredraft::warning",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_there() {
        let d = Diagnostic::error("clauses/a.md", 0, 0, "no clause has id `reveiw`")
            .spanning("+++\nid = \"reveiw\"\n", 9..17)
            .with_code("unknown-clause-id")
            .with_hint("did you mean `review`?")
            .about(Subject::clause("reveiw"));
        let v: serde_json::Value = serde_json::from_str(&to_json(&[d])).unwrap();
        assert_eq!(
            v,
            serde_json::json!([{"file": "clauses/a.md", "line": 2, "column": 6, "end_line": 2, "end_column": 14,
                "severity": "error", "message": "no clause has id `reveiw`", "code": "unknown-clause-id",
                "hints": ["did you mean `review`?"], "subject": {"kind": "clause", "id": "reveiw"}}])
        );
    }

    #[test]
    fn the_code_is_never_read_from_the_message() {
        // Worded like a TOML error, but given no code: the message is not read.
        let d = Diagnostic::error("a.toml", 1, 1, "unknown field `colour`");
        assert_eq!(code_of(&d), "caredraft::error");
        let v: serde_json::Value = serde_json::from_str(&to_json(&[d])).unwrap();
        assert_eq!(
            (&v[0]["subject"], &v[0]["hints"], &v[0]["end_line"]),
            (&serde_json::Value::Null, &serde_json::json!([]), &serde_json::Value::Null)
        );
    }
}
