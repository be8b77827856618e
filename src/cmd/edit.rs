//! Plain `caredraft` and `caredraft FILE.toml`: the interactive editor (the TUI), which
//! needs a terminal on both ends; without one, the help.

use std::path::Path;

use clap::CommandFactory;

use super::{load_library, read_answers, stdout_error};
use crate::cli::Cli;
use crate::error::Error;

/// What runs when no subcommand is given: `answers` is the path given, if any.
pub fn execute(library_dir: Option<&Path>, answers: Option<&Path>) -> anyhow::Result<u8> {
    use std::io::IsTerminal;
    match answers {
        Some(path) if !is_answers_path(path) => Err(Error::Usage(not_a_command(path)).into()),
        Some(path) => interactive(library_dir, Some(path)),
        None if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() => interactive(library_dir, None),
        None => {
            Cli::command().print_help().map_err(stdout_error)?;
            Ok(0)
        }
    }
}

/// `caredraft PATH` opens an answers file: a `.toml` path, or a file that exists.
fn is_answers_path(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "toml") || path.is_file()
}

fn not_a_command(path: &Path) -> String {
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

fn interactive(library_dir: Option<&Path>, path: Option<&Path>) -> anyhow::Result<u8> {
    use std::io::IsTerminal;
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
    let library = load_library(library_dir)?;
    // An existing answers file is read (and any problem reported) before the screen changes.
    let answers = match path {
        Some(p) if p.exists() => Some(read_answers(p, &library)?),
        _ => None,
    };
    Ok(crate::tui::run(&library, path.map(Path::to_path_buf), answers)?)
}
