//! Warnings about an answers file that are not errors: it was made with another library (or
//! another version of it), or it answers a question under an id the library has renamed.
//! They are said, never silently passed over, and never stop a draft.

use toml_edit::{Document, Item};

use crate::error::{Diagnostic, line_col};
use crate::library::Library;

/// The `variant = "..."` an answers file declares, if it can be read.
pub fn declared_variant(text: &str) -> Option<String> {
    let doc = Document::parse(text.to_string()).ok()?;
    doc.as_table().get("variant").and_then(Item::as_str).map(str::to_string)
}

/// The warnings for the answers file at `path`; none if it cannot be read (the answers
/// reader reports that).
pub fn file_notes(path: &std::path::Path, library: &Library) -> Vec<Diagnostic> {
    let name = path.display().to_string();
    match crate::input::read_text(path, &name) {
        Ok(Ok(text)) => answers_notes(&name, &text, library),
        _ => Vec::new(),
    }
}

/// The warnings for the answers file `path` with contents `text`. A file that is not valid
/// TOML gets none: the answers parser reports it.
pub fn answers_notes(path: &str, text: &str, library: &Library) -> Vec<Diagnostic> {
    let Ok(doc) = Document::parse(text.to_string()) else { return Vec::new() };
    let root = doc.as_table();
    let note = |span: Option<std::ops::Range<usize>>, code: &'static str, message: String| {
        let (line, col) = span.map_or((0, 0), |s| line_col(text, s.start));
        Diagnostic::warning(path, line, col, message).with_code(code)
    };
    let mut notes = Vec::new();
    let variant = root.get("variant").and_then(Item::as_str).unwrap_or_default();

    if let Some(item) = root.get("library") {
        let recorded = |key: &str| item.get(key).and_then(Item::as_str).map(str::to_string);
        let meta = &library.meta;
        let library_line = item.span().or_else(|| root.key("library").and_then(|k| k.span()));
        let (Some(name), Some(version)) = (recorded("name"), recorded("version")) else {
            let message = format!(
                "`library` records the library the file was made with, as `init` writes it: \
                 library = {{ name = \"{}\", version = \"{}\" }}",
                meta.name, meta.version
            );
            notes.push(note(library_line, "library-unrecorded", message));
            return notes;
        };
        if name != meta.name || version != meta.version {
            let what = if name == meta.name {
                format!("version {version} of the library; this is version {}", meta.version)
            } else {
                format!("the library `{name}` {version}; this is `{}` {}", meta.name, meta.version)
            };
            let message = format!(
                "made with {what}: check the draft, and run `caredraft init --update {path}` to add any new questions"
            );
            notes.push(note(library_line, "library-version-mismatch", message));
        }
    }

    if let Some(answers) = root.get("answers").and_then(Item::as_table) {
        for (key, _) in answers.iter() {
            if library.find_question(variant, key).is_some() {
                continue;
            }
            if let Some(q) = library.renamed_question(variant, key) {
                let message = format!(
                    "question `{key}` was renamed `{}`; its answer is used as `{}` \
                     (`caredraft init --update {path}` renames it in the file)",
                    q.id, q.id
                );
                notes.push(note(answers.key(key).and_then(|k| k.span()), "question-renamed", message));
            }
        }
    }
    notes
}
