//! The binary: parse arguments, dispatch to the command (in [`caredraft::cmd`]), and report
//! errors the way compilers do. Exit 0 (success), 1 (bad input) or 2 (usage).

use std::io::Write;
use std::process::ExitCode;

use caredraft::cli::Cli;
use caredraft::cmd::{self, STDOUT, located};
use caredraft::error::{Error, printable};
use caredraft::maintain::discover;
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // --library, then CAREDRAFT_LIBRARY, then a caredraft.toml here or above, then built-in.
    let choice = match discover::from_process(cli.library.as_deref()) {
        Ok(choice) => choice,
        Err(err) => return report(&err.into(), None),
    };
    let ran = match cli.command {
        Some(command) => cmd::execute(command, &choice),
        None => cmd::edit::execute(choice.dir.as_deref(), cli.answers.as_deref()),
    };
    match ran {
        Ok(code) => ExitCode::from(code),
        Err(err) => report(&err, Some(&choice)),
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
