//! The binary: parse arguments, run a command, print errors the way compilers do, and exit
//! 0 (success), 1 (bad input) or 2 (usage).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use caredraft::cli::{Cli, Command, Format};
use caredraft::commands::{self, Formats, RenderOptions};
use caredraft::engine::Engine;
use caredraft::error::Error;
use clap::{CommandFactory, Parser};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let library_dir = cli.library.clone();
    match run(cli) {
        Ok(code) => code,
        Err(err) => report(&err, library_dir.as_deref()),
    }
}

fn report(err: &anyhow::Error, library_dir: Option<&std::path::Path>) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    match err.downcast_ref::<Error>() {
        Some(Error::Invalid(diags)) => {
            for d in diags {
                let _ = writeln!(stderr, "{}", located(d, library_dir));
            }
            let n = diags.len();
            let _ =
                writeln!(stderr, "caredraft: {n} problem{} found; nothing was written", if n == 1 { "" } else { "s" });
            ExitCode::from(1)
        }
        Some(Error::Usage(msg)) => {
            let _ = writeln!(stderr, "caredraft: {msg}");
            ExitCode::from(2)
        }
        _ => {
            let _ = writeln!(stderr, "caredraft: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let library_dir = cli.library.as_deref();
    let Some(command) = cli.command else {
        return match cli.answers {
            Some(path) if !is_answers_path(&path) => Err(Error::Usage(not_a_command(&path)).into()),
            Some(path) => interactive(library_dir, Some(&path)),
            None if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() => interactive(library_dir, None),
            None => {
                Cli::command().print_help()?;
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
                writeln!(out, "{:width$}  {}: {}", v.id, v.title, v.summary)?;
            }
        }
        Command::Init { variant, path } => {
            let library = commands::load_library(library_dir)?;
            let Some(v) = library.variant(&variant) else {
                let ids: Vec<_> = library.variants.iter().map(|v| v.id.as_str()).collect();
                return Err(
                    Error::Usage(format!("unknown variant `{variant}`; choose one of: {}", ids.join(", "))).into()
                );
            };
            let text = caredraft::answers::init_file(&library, v);
            caredraft::output::create_new(&path, text.as_bytes())?;
            eprintln!("wrote {} ({}); fill it in, then: caredraft render {}", path.display(), v.title, path.display());
        }
        Command::Render { answers, out, format, strict, force, annotated } => {
            let library = commands::load_library(library_dir)?;
            let parsed = commands::read_answers(&answers, &library)?;
            let engine = Engine::for_variant(&library, &parsed.variant)?;
            let base = out.unwrap_or_else(|| commands::default_base(&answers));
            let options = RenderOptions {
                formats: Formats {
                    markdown: matches!(format, Format::Md | Format::All),
                    docx: matches!(format, Format::Docx | Format::All),
                },
                strict,
                force,
                annotated,
            };
            let written = commands::render_to_files(&engine, &parsed, &base, &options)?;
            for p in written {
                println!("{}", p.display());
            }
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
            println!("{summary}");
            for p in written {
                eprintln!("wrote {}", p.display());
            }
        }
        Command::Lint => {
            let files = match library_dir {
                Some(d) => caredraft::library::LibraryFiles::from_dir(d)?,
                None => caredraft::library::LibraryFiles::built_in(),
            };
            let report = caredraft::lint::lint(&files);
            let mut out = std::io::stdout().lock();
            for d in &report.diagnostics {
                writeln!(out, "{}", located(d, library_dir))?;
            }
            writeln!(
                out,
                "lint: {} error{}, {} warning{} in {} files ({})",
                report.errors(),
                if report.errors() == 1 { "" } else { "s" },
                report.warnings(),
                if report.warnings() == 1 { "" } else { "s" },
                report.files,
                files.origin
            )?;
            if report.errors() > 0 {
                return Ok(ExitCode::from(1));
            }
        }
        Command::ExportLibrary { dir } => {
            let files = caredraft::library::LibraryFiles::built_in();
            let n = files.export(&dir)?;
            eprintln!("wrote {n} library files to {}; use it with --library {}", dir.display(), dir.display());
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
    let commands = ["variants", "init", "render", "compare", "lint", "export-library"];
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

/// Library files are named relative to the library; with `--library DIR` print them as
/// `DIR/clauses/...`, so an editor or terminal can open the place.
fn located(d: &caredraft::error::Diagnostic, library_dir: Option<&std::path::Path>) -> caredraft::error::Diagnostic {
    let mut d = d.clone();
    if let Some(dir) = library_dir
        && (d.path.starts_with("clauses/") || d.path.starts_with("templates/"))
    {
        d.path = dir.join(&d.path).display().to_string();
    }
    d
}

/// Plain `caredraft` and `caredraft FILE.toml`: the TUI, which needs a terminal on both ends.
fn interactive(library_dir: Option<&std::path::Path>, path: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    if !(std::io::stdout().is_terminal() && std::io::stdin().is_terminal()) {
        let hint = match path {
            Some(p) => format!("caredraft render {}", p.display()),
            None => "caredraft init --variant ID FILE.toml, then caredraft render FILE.toml".to_string(),
        };
        return Err(Error::Usage(format!("the interactive editor needs a terminal; without one, use: {hint}")).into());
    }
    let library = commands::load_library(library_dir)?;
    // An existing answers file is read (and any problem reported) before the screen changes.
    let answers = match path {
        Some(p) if p.exists() => Some(commands::read_answers(p, &library)?),
        _ => None,
    };
    caredraft::tui::run(&library, path.map(std::path::Path::to_path_buf), answers)?;
    Ok(ExitCode::SUCCESS)
}
