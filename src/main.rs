//! The binary: parse arguments, run a command, print errors the way compilers do, and exit
//! 0 (success), 1 (bad input) or 2 (usage).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use caredraft::cli::{Cli, Command, Format};
use caredraft::commands::{self, Formats, RenderOptions};
use caredraft::engine::Engine;
use caredraft::error::{Error, printable};
use caredraft::maintain::{self, discover, run::located};
use caredraft::pack::Only;
use clap::{CommandFactory, Parser};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // --library, then CAREDRAFT_LIBRARY, then a caredraft.toml here or above, then built-in.
    let choice = match discover::from_process(cli.library.as_deref()) {
        Ok(choice) => choice,
        Err(err) => return report(&err.into(), None),
    };
    match run(cli, &choice) {
        Ok(code) => code,
        Err(err) => report(&err, Some(&choice)),
    }
}

/// `--only`: `all`, `main`, or the id of one of the variant's companions.
fn parse_only(library: &caredraft::library::Library, variant: &str, only: &str) -> Result<Only, Error> {
    let companions: Vec<&str> =
        library.variant(variant).map(|v| v.companions.iter().map(String::as_str).collect()).unwrap_or_default();
    match only {
        "all" => Ok(Only::All),
        "main" => Ok(Only::Main),
        id if companions.contains(&id) => Ok(Only::Companion(id.to_owned())),
        other => {
            let mut choices = vec!["all", "main"];
            choices.extend(companions);
            Err(Error::Usage(format!("--only {other}: choose one of {}", choices.join(", "))))
        }
    }
}

/// Prints the error; `choice` is the library used, once known.
fn report(err: &anyhow::Error, choice: Option<&discover::Choice>) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    match err.downcast_ref::<Error>() {
        Some(Error::Invalid(diags)) => {
            for d in diags {
                let _ = writeln!(stderr, "{}", located(d, choice.and_then(|c| c.dir.as_deref())));
            }
            let n = diags.len();
            let library = choice.map(|c| format!(" (library: {c})")).unwrap_or_default();
            let _ = writeln!(
                stderr,
                "caredraft: {n} problem{} found; nothing was written{library}",
                if n == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
        Some(Error::Usage(msg)) => {
            let _ = writeln!(stderr, "caredraft: {}", printable(msg));
            ExitCode::from(2)
        }
        // Whoever reads our output has stopped (`caredraft variants | head -1`): nothing is
        // wrong, so stop quietly, as ripgrep does.
        Some(Error::Io { path, error }) if path == STDOUT && error.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        _ if err.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) => {
            ExitCode::SUCCESS
        }
        _ => {
            let _ = writeln!(stderr, "caredraft: {}", printable(&format!("{err:#}")));
            ExitCode::from(1)
        }
    }
}

/// How standard output is named when writing to it fails.
const STDOUT: &str = "standard output";

fn stdout_error(e: std::io::Error) -> anyhow::Error {
    Error::io(STDOUT, e).into()
}

/// Writes to stderr without panicking if it has gone away (unlike `eprintln!`).
fn note(message: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

fn run(cli: Cli, choice: &discover::Choice) -> anyhow::Result<ExitCode> {
    let library_dir = choice.dir.as_deref();
    let Some(command) = cli.command else {
        return match cli.answers {
            Some(path) if !is_answers_path(&path) => Err(Error::Usage(not_a_command(&path)).into()),
            Some(path) => interactive(library_dir, Some(&path)),
            None if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() => interactive(library_dir, None),
            None => {
                Cli::command().print_help().map_err(stdout_error)?;
                Ok(ExitCode::SUCCESS)
            }
        };
    };
    match command {
        Command::Variants => {
            let library = commands::load_library(library_dir)?;
            let width = library.variants.iter().map(|v| v.id.len()).max().unwrap_or(0);
            let mut out = std::io::stdout().lock();
            for v in &library.variants {
                writeln!(out, "{:width$}  {}: {}", v.id, v.title, v.summary).map_err(stdout_error)?;
            }
        }
        Command::Init { update: true, path, .. } => maintain::run::init_update(choice, &path)?,
        Command::Init { variant, path, .. } => {
            let variant = variant.unwrap_or_default();
            let library = commands::load_library(library_dir)?;
            let Some(v) = library.variant(&variant) else {
                let ids: Vec<_> = library.variants.iter().map(|v| v.id.as_str()).collect();
                return Err(
                    Error::Usage(format!("unknown variant `{variant}`; choose one of: {}", ids.join(", "))).into()
                );
            };
            let text = caredraft::answers::init_file(&library, v);
            caredraft::output::create_new(&path, text.as_bytes())?;
            note(format_args!(
                "wrote {} ({}, library: {choice}); fill it in, then: caredraft render {}",
                path.display(),
                v.title,
                path.display()
            ));
        }
        Command::Render { answers, out, format, strict, force, annotated, list, only } => {
            let library = commands::load_library(library_dir)?;
            let parsed = commands::read_answers(&answers, &library)?;
            maintain::run::render_notes(&answers, &library);
            let only = parse_only(&library, &parsed.variant, &only)?;
            let engine = Engine::for_variant(&library, &parsed.variant)?;
            let explicit = out.is_some();
            let base = out.unwrap_or_else(|| commands::default_base(&answers));
            maintain::out_path::check_base(&base, explicit)?;
            let options = RenderOptions {
                formats: Formats {
                    markdown: matches!(format, Format::Md | Format::All),
                    docx: matches!(format, Format::Docx | Format::All),
                },
                strict,
                force,
                annotated,
            };
            if list {
                let docs = commands::checked_pack(&engine, &parsed, &base, &only)?;
                let mut out = std::io::stdout().lock();
                for p in commands::pack_paths(&docs, options.formats) {
                    writeln!(out, "{}", p.display()).map_err(stdout_error)?;
                }
                return Ok(ExitCode::SUCCESS);
            }
            let written = commands::render_to_files(&engine, &parsed, &base, &options, &only)?;
            let mut out = std::io::stdout().lock();
            for p in written {
                writeln!(out, "{}", p.display()).map_err(stdout_error)?;
            }
            maintain::run::drafted(&library, choice);
        }
        Command::Compare { old, new, out, format, force, old_library, author } => {
            let new_library = commands::load_library(library_dir)?;
            let old_library = match old_library.as_deref() {
                Some(dir) => commands::load_library(Some(dir))?,
                None => new_library.clone(),
            };
            let options = commands::CompareOptions {
                formats: Formats {
                    markdown: matches!(format, Format::Md | Format::All),
                    docx: matches!(format, Format::Docx | Format::All),
                },
                force,
                author,
            };
            let base = out.unwrap_or_else(|| commands::default_redline_base(&new));
            let (summary, written) =
                commands::compare_to_files((&old_library, &old), (&new_library, &new), &base, &options)?;
            writeln!(std::io::stdout().lock(), "{summary}").map_err(stdout_error)?;
            for p in written {
                note(format_args!("wrote {}", p.display()));
            }
        }
        Command::Lint { format, deny_warnings } => {
            return Ok(ExitCode::from(maintain::run::lint(choice, format, deny_warnings)?));
        }
        Command::Check { answers, strict, format } => {
            return Ok(ExitCode::from(maintain::run::check(choice, &answers, strict, format)?));
        }
        Command::New { what } => maintain::run::new(choice, &what)?,
        Command::Schema { variant, library_file } => maintain::run::schema(choice, variant.as_deref(), library_file)?,
        Command::ExportLibrary { dir } => {
            maintain::run::export_library(&dir)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `caredraft PATH` opens an answers file: a `.toml` path, or a file that exists.
fn is_answers_path(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e == "toml") || path.is_file()
}

fn not_a_command(path: &std::path::Path) -> String {
    let word = path.display().to_string();
    let commands = ["variants", "init", "render", "compare", "check", "lint", "new", "schema", "export-library"];
    let hint = commands
        .iter()
        .map(|c| (strsim::jaro_winkler(c, &word), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("; did you mean `caredraft {c}`?"))
        .unwrap_or_default();
    format!(
        "`{word}` is neither a command nor an answers file (.toml){hint}\n\
         Commands: {}. To open an answers file: caredraft PATH.toml",
        commands.join(", ")
    )
}

/// Plain `caredraft` and `caredraft FILE.toml`: the TUI, which needs a terminal on both ends.
fn interactive(library_dir: Option<&std::path::Path>, path: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    let hint = match path {
        Some(p) => format!("caredraft render {}", p.display()),
        None => "caredraft init --variant ID FILE.toml, then caredraft render FILE.toml".to_string(),
    };
    // A dumb terminal (Emacs shell buffers, some CI logs) cannot draw the editor's screen.
    if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        return Err(Error::Usage(format!(
            "the interactive editor cannot draw on a dumb terminal (TERM=dumb); use: {hint}"
        ))
        .into());
    }
    if !(std::io::stdout().is_terminal() && std::io::stdin().is_terminal()) {
        return Err(Error::Usage(format!("the interactive editor needs a terminal; without one, use: {hint}")).into());
    }
    let library = commands::load_library(library_dir)?;
    // An existing answers file is read (and any problem reported) before the screen changes.
    let answers = match path {
        Some(p) if p.exists() => Some(commands::read_answers(p, &library)?),
        _ => None,
    };
    let status = caredraft::tui::run(&library, path.map(std::path::Path::to_path_buf), answers)?;
    Ok(ExitCode::from(status))
}
