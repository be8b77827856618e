//! The maintainers' commands as the binary runs them: they print, and return the exit code.

use std::io::Write;
use std::path::Path;

use super::check::{check_files, count};
use super::discover::Choice;
use crate::cli::LintFormat;
use crate::error::{Diagnostic, Result};
use crate::library::LibraryFiles;

/// Like `eprintln!`, but a closed stderr is not a panic: the message is only lost.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Library files are named relative to the library; with a library folder print them as
/// `DIR/clauses/...`, so an editor or terminal can open the place.
pub fn located(d: &Diagnostic, library_dir: Option<&Path>) -> Diagnostic {
    let mut d = d.clone();
    if let Some(dir) = library_dir
        && (d.path.starts_with("clauses/") || d.path.starts_with("templates/"))
        && dir != Path::new(".")
    {
        d.path = dir.join(&d.path).display().to_string();
    }
    d
}

pub fn library_files(choice: &Choice) -> Result<LibraryFiles> {
    match &choice.dir {
        Some(d) => LibraryFiles::from_dir(d),
        None => Ok(LibraryFiles::built_in()),
    }
}

/// `caredraft lint`: problems on stdout (text or a JSON array), the summary last (on stderr
/// with JSON, so stdout stays one JSON document). Exit 1 on errors, or on warnings with
/// `--deny-warnings`.
pub fn lint(choice: &Choice, format: LintFormat, deny_warnings: bool) -> anyhow::Result<u8> {
    let files = library_files(choice)?;
    let mut report = crate::lint::lint(&files);
    // Checks of the maintainers' own keys, when the library parses.
    if let Ok(library) = crate::library::parse_library(&files) {
        report.diagnostics.extend(super::renames::problems(&library));
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
            writeln!(out, "{}", super::json::to_json(&shown))?;
            say!("{summary}");
        }
    }
    let failed = report.errors() > 0 || (deny_warnings && report.warnings() > 0);
    Ok(u8::from(failed))
}

/// `caredraft check ANSWERS...`: each file's problems, then its verdict; a summary last.
pub fn check(choice: &Choice, paths: &[std::path::PathBuf], strict: bool, format: LintFormat) -> anyhow::Result<u8> {
    let library = crate::commands::load_library(choice.dir.as_deref())?;
    // `caredraft check *.toml` in a matters folder also matches its settings file.
    let (settings, paths): (Vec<_>, Vec<_>) =
        paths.iter().partition(|p| p.file_name().is_some_and(|n| n == super::discover::CONFIG_FILE));
    let verdicts = check_files(&paths, &library, strict)?;
    let failed = verdicts.iter().filter(|v| v.failed()).count();
    let mut out = std::io::stdout().lock();
    if format == LintFormat::Json {
        let report =
            super::json::check_report(&verdicts, &settings, choice.dir.as_deref(), &library, &choice.to_string());
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

/// `caredraft export-library DIR`: the built-in library's files, and a `caredraft.toml` that
/// makes every command run inside DIR use them. Nothing is overwritten.
pub fn export_library(dir: &Path) -> Result<()> {
    let config = dir.join(super::discover::CONFIG_FILE);
    if config.exists() {
        return Err(crate::error::Error::one(Diagnostic::error(
            config.display().to_string(),
            0,
            0,
            "already exists; export-library never overwrites, choose an empty folder",
        )));
    }
    let n = LibraryFiles::built_in().export(dir)?;
    crate::output::create_new(&config, super::discover::EXPORTED_CONFIG.as_bytes())?;
    say!(
        "wrote {n} library files and {} to {}; commands run inside it use it, elsewhere use --library {} \
         (or CAREDRAFT_LIBRARY={})",
        super::discover::CONFIG_FILE,
        dir.display(),
        dir.display(),
        dir.display()
    );
    Ok(())
}

/// `caredraft init --update FILE`: rewrites the file in place (whole, or not at all) with the
/// library's new questions and clause choices, and says what it did.
pub fn init_update(choice: &Choice, path: &Path) -> anyhow::Result<()> {
    let library = crate::commands::load_library(choice.dir.as_deref())?;
    let name = path.display().to_string();
    let text = crate::input::read_text(path, &name)?.map_err(crate::error::Error::one)?;
    let update = super::update::update_answers(&name, &text, &library)?;
    if !update.changed() {
        say!("{name}: already up to date with {} {} (library: {choice})", library.meta.name, library.meta.version);
        return Ok(());
    }
    let planned = crate::output::Planned { path: path.to_path_buf(), bytes: update.text.clone().into_bytes() };
    crate::output::write_files(vec![planned], true)?;
    say!("{name}: {} (library: {choice})", update.describe());
    // What the library change still asks of the answers, if anything.
    if let Err(e) = crate::answers::parse_answers(&name, &update.text, &library) {
        for d in e.diagnostics() {
            say!("{d}");
        }
        say!(
            "{name}: {} still to fix by hand; `caredraft check {name}` lists them",
            count(e.diagnostics().len(), "problem")
        );
    }
    Ok(())
}

/// `caredraft new clause|variant`: writes into the library folder and says what to do next.
pub fn new(choice: &Choice, what: &super::scaffold::NewCommand) -> anyhow::Result<()> {
    let Some(dir) = choice.dir.as_deref() else {
        return Err(crate::error::Error::Usage(
            "`new` writes into a library folder, and the built-in library is not one: run \
             `caredraft export-library DIR` first, then run `new` inside DIR (or pass --library DIR)"
                .to_string(),
        )
        .into());
    };
    let written = super::scaffold::run(dir, what)?;
    for rel in &written.created {
        say!("created {}", super::scaffold::shown(dir, rel).display());
    }
    for rel in &written.edited {
        say!("edited  {}", super::scaffold::shown(dir, rel).display());
    }
    if !written.review.is_empty() {
        say!("review these: they tell variants apart by id, so the new one takes the other branch:");
        for place in &written.review {
            say!("  {}", super::scaffold::shown(dir, place).display());
        }
    }
    say!("next: edit them, then `caredraft lint` (library: {choice})");
    Ok(())
}

/// Render's notes about the answers file (another library version, renamed ids), on stderr.
pub fn render_notes(answers: &Path, library: &crate::library::Library) {
    for note in super::notes::file_notes(answers, library) {
        say!("{note}");
    }
}

/// Render's last line: which library drafted it.
pub fn drafted(library: &crate::library::Library, choice: &Choice) {
    say!("caredraft: drafted with {} {} (library: {choice})", library.meta.name, library.meta.version);
}

/// `caredraft schema`: a variant's answers schema, or a library file's, on stdout.
pub fn schema(
    choice: &Choice,
    variant: Option<&str>,
    file: Option<super::library_schema::LibraryFile>,
) -> anyhow::Result<()> {
    let schema = match (file, variant) {
        (Some(file), _) => super::library_schema::library_file_schema(file),
        (None, variant) => {
            let variant = variant.unwrap_or_default();
            let library = crate::commands::load_library(choice.dir.as_deref())?;
            let Some(v) = library.variant(variant) else {
                let ids: Vec<_> = library.variants.iter().map(|v| v.id.as_str()).collect();
                return Err(crate::error::Error::Usage(format!(
                    "unknown variant `{variant}`; choose one of: {}",
                    ids.join(", ")
                ))
                .into());
            };
            super::schema::answers_schema(&library, v)
        }
    };
    writeln!(std::io::stdout().lock(), "{}", serde_json::to_string_pretty(&schema)?)?;
    Ok(())
}
