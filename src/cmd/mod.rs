//! One home for the commands, as in mdBook's `src/cmd`: a module per subcommand, each with
//! the `execute` the binary dispatches to, and the library-level functions the TUI shares
//! with it (`render::checked_pack`, `render::plan_outputs`, `compare::compare_to_files`).
//! IO happens here, at the edge; the engine and writers stay pure. Each `execute` prints
//! what the command prints and returns its exit code.

pub mod check;
pub mod compare;
pub mod edit;
pub mod export_library;
pub mod init;
pub mod lint;
pub mod new;
pub mod render;
pub mod schema;
pub mod variants;

use std::path::{Path, PathBuf};

use crate::answers::{Answers, parse_answers};
use crate::cli::{Command, Format};
use crate::error::{Diagnostic, Error, Result};
use crate::library::{Library, LibraryFiles, Variant, parse_library};
use crate::maintain::discover::Choice;

/// Like `eprintln!`, but a closed stderr is not a panic: the message is only lost.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
pub(crate) use say;

/// Runs one subcommand; returns its exit code (0, or 1 when `lint` or `check` finds problems).
pub fn execute(command: Command, choice: &Choice) -> anyhow::Result<u8> {
    match command {
        Command::Variants => variants::execute(choice),
        Command::Init { update: true, path, .. } => init::update(choice, &path),
        Command::Init { variant, path, .. } => init::execute(choice, variant.as_deref(), &path),
        Command::Render { answers, out, format, strict, force, annotated, list, only } => {
            render::execute(choice, render::Args { answers, out, format, strict, force, annotated, list, only })
        }
        Command::Compare { old, new, out, format, force, old_library, author } => {
            compare::execute(choice, compare::Args { old, new, out, format, force, old_library, author })
        }
        Command::Lint { format, deny_warnings } => lint::execute(choice, format, deny_warnings),
        Command::Check { answers, strict, format } => check::execute(choice, &answers, strict, format),
        Command::New { what } => new::execute(choice, &what),
        Command::Schema { variant, library_file } => schema::execute(choice, variant.as_deref(), library_file),
        Command::ExportLibrary { dir } => export_library::execute(&dir),
    }
}

/// How standard output is named when writing to it fails.
pub const STDOUT: &str = "standard output";

/// A failed write to standard output, named as such (a closed pipe is then no error).
pub fn stdout_error(e: std::io::Error) -> anyhow::Error {
    Error::io(STDOUT, e).into()
}

/// Loads the library from `dir`, or the built-in one.
pub fn load_library(dir: Option<&Path>) -> Result<Library> {
    let files = match dir {
        Some(d) => LibraryFiles::from_dir(d)?,
        None => LibraryFiles::built_in(),
    };
    parse_library(&files)
}

pub fn read_answers(path: &Path, library: &Library) -> Result<Answers> {
    let name = path.display().to_string();
    let text = crate::input::read_text(path, &name)?.map_err(Error::one)?;
    parse_answers(&name, &text, library)
}

/// The variant `id` of the library, or a usage error listing the variants there are.
fn variant<'l>(library: &'l Library, id: &str) -> anyhow::Result<&'l Variant> {
    library.variant(id).ok_or_else(|| {
        let ids: Vec<_> = library.variants.iter().map(|v| v.id.as_str()).collect();
        Error::Usage(format!("unknown variant `{id}`; choose one of: {}", ids.join(", "))).into()
    })
}

/// A DOCX that could not be written, as a problem to report (nothing is written).
fn docx_error(e: crate::render::docx::DocxError) -> Error {
    Error::Invalid(vec![Diagnostic::error("<docx>", 0, 0, e.to_string())])
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

/// Which drafts a command writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub markdown: bool,
    pub docx: bool,
}

impl From<Format> for Formats {
    fn from(format: Format) -> Self {
        Formats {
            markdown: matches!(format, Format::Md | Format::All),
            docx: matches!(format, Format::Docx | Format::All),
        }
    }
}

/// `BASE` plus `.ext`, keeping any dots already in the name ("draft.v2" gives "draft.v2.md").
pub fn with_suffix(base: &Path, ext: &str) -> PathBuf {
    let mut s = base.as_os_str().to_os_string();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}
