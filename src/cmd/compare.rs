//! `caredraft compare OLD NEW`: a redline DOCX with NEW's differences from OLD as Word
//! tracked changes, and a summary of what changed (printed, and written as Markdown).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Formats, load_library, read_answers, say, stdout_error, with_suffix};
use crate::cli::Format;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::library::Library;
use crate::maintain::discover::Choice;
use crate::output::{Planned, write_files};

/// `caredraft compare`'s arguments, as the command line gives them.
pub struct Args {
    pub old: PathBuf,
    pub new: PathBuf,
    pub out: Option<PathBuf>,
    pub format: Format,
    pub force: bool,
    pub old_library: Option<PathBuf>,
    pub author: String,
}

pub fn execute(choice: &Choice, args: Args) -> anyhow::Result<u8> {
    let Args { old, new, out, format, force, old_library, author } = args;
    let new_library = load_library(choice.dir.as_deref())?;
    let old_library = match old_library.as_deref() {
        Some(dir) => load_library(Some(dir))?,
        None => new_library.clone(),
    };
    let options = CompareOptions { formats: Formats::from(format), force, author };
    let base = out.unwrap_or_else(|| default_redline_base(&new));
    let (summary, written) = compare_to_files((&old_library, &old), (&new_library, &new), &base, &options)?;
    writeln!(std::io::stdout().lock(), "{summary}").map_err(stdout_error)?;
    for p in written {
        say!("wrote {}", p.display());
    }
    Ok(0)
}

/// How to write a redline.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    pub formats: Formats,
    pub force: bool,
    /// Shown in Word as the author of each change.
    pub author: String,
}

/// `BASE` for a redline: NEW's path without the extension, plus "-redline".
pub fn default_redline_base(new: &Path) -> PathBuf {
    let mut s = new.with_extension("").into_os_string();
    s.push("-redline");
    PathBuf::from(s)
}

/// Reads and assembles both drafts (each with its own library), compares them, and writes
/// the redline DOCX and the summary; returns the summary and the paths written. Nothing is
/// written when anything is wrong.
pub fn compare_to_files(
    old: (&Library, &Path),
    new: (&Library, &Path),
    base: &Path,
    options: &CompareOptions,
) -> Result<(String, Vec<PathBuf>)> {
    let (old_answers, new_answers) = (read_answers(old.1, old.0), read_answers(new.1, new.0));
    let (old_answers, new_answers) = match (old_answers, new_answers) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(Error::Invalid(mut a)), Err(Error::Invalid(b))) => {
            a.extend(b);
            return Err(Error::Invalid(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    crate::compare::check_same_variant(&old_answers, &new_answers)?;
    let old_doc = Engine::for_variant(old.0, &old_answers.variant)?.assemble(&old_answers)?;
    let new_doc = Engine::for_variant(new.0, &new_answers.variant)?.assemble(&new_answers)?;
    let redline = crate::compare::compare(&old_doc, &new_doc);
    let summary = crate::compare::summary(
        &crate::compare::Side { answers: &old_answers, library: old.0, doc: &old_doc },
        &crate::compare::Side { answers: &new_answers, library: new.0, doc: &new_doc },
        &redline,
    );
    let mut files = Vec::new();
    if options.formats.docx {
        let bytes = redline.to_docx(&options.author).map_err(super::docx_error)?;
        files.push(Planned { path: with_suffix(base, "docx"), bytes });
    }
    if options.formats.markdown {
        files.push(Planned { path: with_suffix(base, "md"), bytes: format!("{summary}\n").into_bytes() });
    }
    let paths = files.iter().map(|f| f.path.clone()).collect();
    write_files(files, options.force)?;
    Ok((summary, paths))
}
