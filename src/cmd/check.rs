//! `caredraft check ANSWERS...`: each file's problems, then its verdict; a summary last.
//! Exit 1 when any file fails.

use std::io::Write;
use std::path::PathBuf;

use super::{load_library, located};
use crate::cli::LintFormat;
use crate::maintain::check::{check_files, count};
use crate::maintain::discover::{CONFIG_FILE, Choice};

pub fn execute(choice: &Choice, paths: &[PathBuf], strict: bool, format: LintFormat) -> anyhow::Result<u8> {
    let library = load_library(choice.dir.as_deref())?;
    // `caredraft check *.toml` in a matters folder also matches its settings file.
    let (settings, paths): (Vec<_>, Vec<_>) =
        paths.iter().partition(|p| p.file_name().is_some_and(|n| n == CONFIG_FILE));
    let verdicts = check_files(&paths, &library, strict)?;
    let failed = verdicts.iter().filter(|v| v.failed()).count();
    let mut out = std::io::stdout().lock();
    if format == LintFormat::Json {
        let report = crate::maintain::json::check_report(
            &verdicts,
            &settings,
            choice.dir.as_deref(),
            &library,
            &choice.to_string(),
        );
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        return Ok(u8::from(failed > 0));
    }
    for p in settings {
        writeln!(out, "{}: skipped (caredraft's settings file, not an answers file)", p.display())?;
    }
    for v in &verdicts {
        for d in &v.diagnostics {
            writeln!(out, "{}", located(d, choice.dir.as_deref()))?;
        }
        writeln!(out, "{}", v.summary())?;
    }
    writeln!(
        out,
        "check: {} checked, {failed} failed (library: {choice}; {} {})",
        count(verdicts.len(), "answers file"),
        library.meta.name,
        library.meta.version
    )?;
    Ok(u8::from(failed > 0))
}
