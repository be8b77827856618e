//! What each command does, as functions the binary and the TUI share. IO happens here, at
//! the edge; the engine and writers stay pure.

use std::path::{Path, PathBuf};

use crate::answers::{Answers, parse_answers};
use crate::doc::Document;
use crate::engine::{Engine, PackDocument};
use crate::error::{Error, Result};
use crate::library::{Library, LibraryFiles, parse_library};
use crate::output::{Planned, write_files};
use crate::pack::Only;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub markdown: bool,
    pub docx: bool,
}

#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub formats: Formats,
    pub strict: bool,
    pub force: bool,
    pub annotated: bool,
}

/// `BASE` for an answers file: its path without the extension.
pub fn default_base(answers: &Path) -> PathBuf {
    answers.with_extension("")
}

/// Checks `--strict`: no placeholder may be left. Each one is listed with how to fill it: the
/// question to answer, or, for a gap the clause text leaves for the drafter, that no answer
/// fills it.
pub fn check_strict(doc: &Document, library: &Library, answers: &Answers) -> Result<()> {
    if doc.placeholders.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = doc
        .placeholders
        .iter()
        .map(|p| match questions_for_placeholder(library, &answers.variant, p).as_slice() {
            [] => format!("  [{p}]: left in the clause text for the drafter, so no answer fills it (render without --strict and complete it in the draft)"),
            questions => format!("  [{p}]: answer {}", questions.join(" or ")),
        })
        .collect();
    let n = doc.placeholders.len();
    Err(Error::Invalid(vec![crate::error::Diagnostic::error(
        &answers.path,
        0,
        0,
        format!("--strict: {n} placeholder{} left:\n{}", if n == 1 { "" } else { "s" }, list.join("\n")),
    )]))
}

/// The bytes of each draft to write, by path.
pub fn plan_outputs(doc: &Document, base: &Path, options: &RenderOptions) -> Result<Vec<Planned>> {
    let mut files = Vec::new();
    if options.formats.markdown {
        let mut md = crate::render::markdown::to_markdown(doc);
        md.push('\n');
        files.push(Planned { path: with_suffix(base, "md"), bytes: md.into_bytes() });
    }
    if options.formats.docx {
        files.push(Planned { path: with_suffix(base, "docx"), bytes: docx_bytes(doc, options.annotated)? });
    }
    Ok(files)
}

fn docx_bytes(doc: &Document, annotated: bool) -> Result<Vec<u8>> {
    crate::docx::to_docx_bytes(doc, &crate::docx::DocxOptions { annotated })
        .map_err(|e| Error::Invalid(vec![crate::error::Diagnostic::error("<docx>", 0, 0, e.to_string())]))
}

/// `BASE` plus `.ext`, keeping any dots already in the name ("draft.v2" gives "draft.v2.md").
pub fn with_suffix(base: &Path, ext: &str) -> PathBuf {
    let mut s = base.as_os_str().to_os_string();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// The questions (or fields of repeating records) of `variant` whose unanswered placeholder
/// reads `label`, e.g. "`system_name`" or "`providers` (each entry's `name`)".
fn questions_for_placeholder(library: &Library, variant: &str, label: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (_, q) in library.questions_for(variant) {
        if q.placeholder_text() == label {
            found.push(format!("`{}`", q.id));
        }
        for f in q.fields.iter().filter(|f| f.placeholder_text() == label) {
            found.push(format!("`{}` (each entry's `{}`)", q.id, f.id));
        }
    }
    found
}

/// The documents of the pack that `only` keeps, each with its base path, in pack order.
/// Every document is named from the whole pack, so its file name is the same whatever
/// `only` keeps.
pub fn pack_documents(
    engine: &Engine<'_>,
    answers: &Answers,
    base: &Path,
    only: &Only,
) -> Result<Vec<(PackDocument, PathBuf)>> {
    let pack = if *only == Only::Main {
        let document = engine.assemble(answers)?;
        vec![PackDocument { companion: None, record: None, document }]
    } else {
        engine.assemble_pack(answers)?
    };
    let outline = engine.pack_outline(answers);
    let names: Vec<(Option<&str>, Option<&str>)> = outline.iter().map(|(c, r)| (c.as_deref(), r.as_deref())).collect();
    // The outline and the assembled pack list the same documents in the same order.
    let kept: Vec<(PackDocument, PathBuf)> =
        pack.into_iter().zip(crate::pack::bases(engine.library, base, &names)).filter(|(d, _)| only.keeps(d)).collect();
    if kept.is_empty() {
        let Only::Companion(id) = only else { return Ok(Vec::new()) };
        return Err(Error::Usage(format!(
            "--only {id}: the pack of these answers has no {id} (it is rendered once per record, and there are none)"
        )));
    }
    Ok(kept)
}

/// The pack as `render` writes it, refused with every problem lint calls an error in the
/// library files it depends on, and every defined term a document uses but none of its
/// clauses defines: what `render`, `render --list` and `check` all go by.
pub fn checked_pack(
    engine: &Engine<'_>,
    answers: &Answers,
    base: &Path,
    only: &Only,
) -> Result<Vec<(PackDocument, PathBuf)>> {
    let problems = crate::lint::library_errors(engine, &answers.variant);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let docs = pack_documents(engine, answers, base, only)?;
    let problems: Vec<_> =
        docs.iter().flat_map(|(d, _)| crate::lint::draft_errors(engine.library, &d.document)).collect();
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(docs)
}

/// The paths a render writes for these documents, in order.
pub fn pack_paths(docs: &[(PackDocument, PathBuf)], formats: Formats) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for (_, base) in docs {
        if formats.markdown {
            paths.push(with_suffix(base, "md"));
        }
        if formats.docx {
            paths.push(with_suffix(base, "docx"));
        }
    }
    paths
}

/// Renders and writes every document of the pack that `only` keeps; returns the paths
/// written. Nothing is written unless every document renders (and, with `--strict`, has no
/// placeholder left), and no file is overwritten without `--force`.
pub fn render_to_files(
    engine: &Engine<'_>,
    answers: &Answers,
    base: &Path,
    options: &RenderOptions,
    only: &Only,
) -> Result<Vec<PathBuf>> {
    let docs = checked_pack(engine, answers, base, only)?;
    if options.strict {
        let mut diags = Vec::new();
        for (d, base) in &docs {
            if let Err(Error::Invalid(found)) = check_strict(&d.document, engine.library, answers) {
                diags.extend(found.into_iter().map(|mut diag| {
                    if d.companion.is_some() {
                        diag.message = format!("{} ({}): {}", d.document.meta.title, base.display(), diag.message);
                    }
                    diag
                }));
            }
        }
        if !diags.is_empty() {
            return Err(Error::Invalid(diags));
        }
    }
    let files = crate::pack::plan_all(&docs, |d, base| plan_outputs(&d.document, base, options))?;
    let paths = files.iter().map(|f| f.path.clone()).collect();
    write_files(files, options.force)?;
    Ok(paths)
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
        let bytes = redline
            .to_docx(&options.author)
            .map_err(|e| Error::Invalid(vec![crate::error::Diagnostic::error("<docx>", 0, 0, e.to_string())]))?;
        files.push(Planned { path: with_suffix(base, "docx"), bytes });
    }
    if options.formats.markdown {
        files.push(Planned { path: with_suffix(base, "md"), bytes: format!("{summary}\n").into_bytes() });
    }
    let paths = files.iter().map(|f| f.path.clone()).collect();
    write_files(files, options.force)?;
    Ok((summary, paths))
}
