//! `caredraft render`: the pack an answers file makes, checked as lint checks it, written
//! whole or not at all; `--list` names the files without writing them. The functions
//! here are shared with the TUI's export.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Formats, load_library, read_answers, say, stdout_error, with_suffix};
use crate::answers::Answers;
use crate::cli::Format;
use crate::doc::{AnswerKey, Document};
use crate::engine::{Engine, PackDocument};
use crate::error::{Error, Result};
use crate::library::Library;
use crate::maintain::discover::Choice;
use crate::output::{Planned, write_files};
use crate::pack::Only;

/// `caredraft render`'s arguments, as the command line gives them.
pub struct Args {
    pub answers: PathBuf,
    pub out: Option<PathBuf>,
    pub format: Format,
    pub strict: bool,
    pub force: bool,
    pub annotated: bool,
    pub list: bool,
    pub only: String,
}

pub fn execute(choice: &Choice, args: Args) -> anyhow::Result<u8> {
    let Args { answers, out, format, strict, force, annotated, list, only } = args;
    let library = load_library(choice.dir.as_deref())?;
    let parsed = read_answers(&answers, &library)?;
    // Notes about the answers file (another library version, renamed ids), on stderr.
    for note in crate::maintain::notes::file_notes(&answers, &library) {
        say!("{note}");
    }
    let only = parse_only(&library, &parsed.variant, &only)?;
    let engine = Engine::for_variant(&library, &parsed.variant)?;
    let explicit = out.is_some();
    let base = out.unwrap_or_else(|| default_base(&answers));
    crate::maintain::out_path::check_base(&base, explicit)?;
    let options = RenderOptions { formats: Formats::from(format), strict, force, annotated };
    let paths = if list {
        let docs = checked_pack(&engine, &parsed, &base, &only)?;
        pack_paths(&docs, options.formats)
    } else {
        render_to_files(&engine, &parsed, &base, &options, &only)?
    };
    let mut out = std::io::stdout().lock();
    for p in paths {
        writeln!(out, "{}", p.display()).map_err(stdout_error)?;
    }
    if !list {
        // The last line: which library drafted it.
        say!("caredraft: drafted with {} {} (library: {choice})", library.meta.name, library.meta.version);
    }
    Ok(0)
}

/// `--only`: `all`, `main`, or the id of one of the variant's companions.
fn parse_only(library: &Library, variant: &str, only: &str) -> Result<Only> {
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
pub fn check_strict(doc: &Document, answers: &Answers) -> Result<()> {
    if doc.placeholders.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = doc
        .placeholders
        .iter()
        .map(|p| match &p.answer {
            None => format!("  [{}]: left in the clause text for the drafter, so no answer fills it (render without --strict and complete it in the draft)", p.label),
            Some(key) => format!("  [{}]: answer {}", p.label, answer_named(key)),
        })
        .collect();
    let n = doc.placeholders.len();
    Err(Error::Invalid(vec![
        crate::error::Diagnostic::error(
            &answers.path,
            0,
            0,
            format!("--strict: {n} placeholder{} left:\n{}", if n == 1 { "" } else { "s" }, list.join("\n")),
        )
        .with_code("placeholders-left"),
    ]))
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
    crate::render::docx::to_docx_bytes(doc, &crate::render::docx::DocxOptions { annotated }).map_err(super::docx_error)
}

/// The answer a placeholder waits for, as the answers file names it: "`system_name`",
/// "`providers` (entry 2's `name`)", or "`providers` (each entry's `name`)" while there are none.
fn answer_named(key: &AnswerKey) -> String {
    match (&key.field, key.entry) {
        (None, _) => format!("`{}`", key.question),
        (Some(field), Some(entry)) => format!("`{}` (entry {}'s `{field}`)", key.question, entry + 1),
        (Some(field), None) => format!("`{}` (each entry's `{field}`)", key.question),
    }
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
    checked_pack_then(engine, answers, base, only, |_| Ok(())).map(|(docs, ())| docs)
}

/// [`checked_pack`], then `then` on the checked documents (planning their files, say). The
/// trial drafts of lint run on another core meanwhile: they read only the library, and on a
/// single document they would otherwise add about a sixth to the render. Problems are
/// reported in the same order either way: the library's, the answers', the trial drafts',
/// the draft's own, then whatever `then` finds.
pub fn checked_pack_then<T: Send>(
    engine: &Engine<'_>,
    answers: &Answers,
    base: &Path,
    only: &Only,
    then: impl FnOnce(&[(PackDocument, PathBuf)]) -> Result<T> + Send,
) -> Result<(Vec<(PackDocument, PathBuf)>, T)> {
    let problems = crate::lint::library_errors(engine, &answers.variant);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let (drafted, trial_problems) = rayon::join(
        || -> Result<_> {
            let docs = pack_documents(engine, answers, base, only)?;
            let drafts: Vec<_> = docs.iter().map(|(d, _)| &d.document).collect();
            let problems = crate::lint::draft_errors(engine.library, &drafts);
            // Work for `then` is wasted only when the draft is refused.
            let done = if problems.is_empty() { Some(then(&docs)) } else { None };
            Ok((docs, problems, done))
        },
        // What lint's drafts with the default answers find in the clauses of this pack (an
        // alternative the draft does not choose, say), rendered clause by clause.
        || crate::lint::trial_errors(engine, &answers.variant),
    );
    // A mistake in the answers is reported as such, before what the trials found.
    let (docs, draft_problems, done) = drafted?;
    if !trial_problems.is_empty() {
        return Err(Error::Invalid(trial_problems));
    }
    if !draft_problems.is_empty() {
        return Err(Error::Invalid(draft_problems));
    }
    match done {
        Some(result) => Ok((docs, result?)),
        None => Err(Error::Invalid(draft_problems)),
    }
}

/// The bytes of every file of these documents, in pack order, planned on every core: what
/// `render` and the TUI's export write.
pub fn plan_pack(docs: &[(PackDocument, PathBuf)], options: &RenderOptions) -> Result<Vec<Planned>> {
    crate::pack::plan_all(docs, |d, base| plan_outputs(&d.document, base, options))
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
/// `--strict`: every placeholder left in any document of the pack, as an error naming it.
fn strict_problems(docs: &[(PackDocument, PathBuf)], answers: &Answers) -> Result<()> {
    let mut diags = Vec::new();
    for (d, base) in docs {
        if let Err(Error::Invalid(found)) = check_strict(&d.document, answers) {
            diags.extend(found.into_iter().map(|mut diag| {
                if d.companion.is_some() {
                    diag.message = format!("{} ({}): {}", d.document.meta.title, base.display(), diag.message);
                }
                diag
            }));
        }
    }
    if diags.is_empty() { Ok(()) } else { Err(Error::Invalid(diags)) }
}

pub fn render_to_files(
    engine: &Engine<'_>,
    answers: &Answers,
    base: &Path,
    options: &RenderOptions,
    only: &Only,
) -> Result<Vec<PathBuf>> {
    let (_, files) = checked_pack_then(engine, answers, base, only, |docs| {
        if options.strict {
            strict_problems(docs, answers)?;
        }
        plan_pack(docs, options)
    })?;
    let paths = files.iter().map(|f| f.path.clone()).collect();
    write_files(files, options.force)?;
    Ok(paths)
}
