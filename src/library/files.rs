//! Where a library's files come from: the copy embedded in the binary, or a folder on disk.
//! This is the only part of the library code that touches the filesystem.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::error::{Diagnostic, Error, Result};
use crate::input::read_text;

static BUILT_IN_CLAUSES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/clauses");
static BUILT_IN_TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// A library's text files by relative path ("clauses/governance/board.md"), sorted so that
/// every walk over them is deterministic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LibraryFiles {
    /// How to name the library in messages: "built-in library" or the folder given.
    pub origin: String,
    pub files: BTreeMap<String, String>,
    /// Files that could not be read as UTF-8 text, each placed at its first bad byte. They are
    /// reported with the other problems of the library instead of stopping the reading.
    pub unreadable: Vec<Diagnostic>,
}

impl LibraryFiles {
    /// The library shipped inside the binary.
    pub fn built_in() -> Self {
        let mut files = BTreeMap::new();
        for (prefix, dir) in [("clauses", &BUILT_IN_CLAUSES), ("templates", &BUILT_IN_TEMPLATES)] {
            collect_embedded(dir, prefix, &mut files);
        }
        LibraryFiles { origin: "built-in library".to_string(), files, unreadable: Vec::new() }
    }

    /// A library on disk: `DIR/clauses/**` and `DIR/templates/**`.
    pub fn from_dir(dir: &Path) -> Result<Self> {
        if !dir.is_dir() {
            let what = if dir.exists() { "a file, not a folder" } else { "no such folder" };
            return Err(Error::Usage(format!(
                "{}: {what}; `--library DIR` takes a library folder, such as one \
                 `caredraft export-library DIR` writes",
                dir.display()
            )));
        }
        let mut library = LibraryFiles { origin: dir.display().to_string(), ..Default::default() };
        let mut found = false;
        for sub in ["clauses", "templates"] {
            let root = dir.join(sub);
            if root.is_dir() {
                found = true;
                read_tree(&root, sub, &mut library)?;
            }
        }
        if !found {
            return Err(Error::Usage(format!(
                "{}: not a caredraft library (no clauses/ or templates/ folder); \
                 `caredraft export-library DIR` writes one to start from",
                dir.display()
            )));
        }
        Ok(library)
    }

    /// Writes every file under `dir`, creating folders; refuses to overwrite anything.
    pub fn export(&self, dir: &Path) -> Result<usize> {
        for rel in self.files.keys() {
            let target = dir.join(rel);
            if target.exists() {
                return Err(Error::one(crate::error::Diagnostic::error(
                    target.display().to_string(),
                    0,
                    0,
                    "already exists; export-library never overwrites, choose an empty folder",
                )));
            }
        }
        for (rel, text) in &self.files {
            let target = dir.join(rel);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent.display().to_string(), e))?;
            }
            std::fs::write(&target, text).map_err(|e| Error::io(target.display().to_string(), e))?;
        }
        Ok(self.files.len())
    }
}

fn collect_embedded(dir: &Dir<'_>, prefix: &str, out: &mut BTreeMap<String, String>) {
    for file in dir.files() {
        if let Some(text) = file.contents_utf8() {
            let rel = format!("{prefix}/{}", file.path().to_string_lossy().replace('\\', "/"));
            if is_library_file(&rel) {
                out.insert(rel, text.to_string());
            }
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, prefix, out);
    }
}

fn read_tree(root: &Path, prefix: &str, out: &mut LibraryFiles) -> Result<()> {
    let entries = std::fs::read_dir(root).map_err(|e| Error::io(root.display().to_string(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(root.display().to_string(), e))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        let rel = format!("{prefix}/{name}");
        if path.is_dir() {
            read_tree(&path, &rel, out)?;
        } else if is_library_file(&rel) {
            match read_text(&path, &rel)? {
                Ok(text) => {
                    out.files.insert(rel, text);
                }
                Err(problem) => out.unreadable.push(problem),
            }
        }
    }
    Ok(())
}

fn is_library_file(rel: &str) -> bool {
    rel.ends_with(".md") || rel.ends_with(".toml")
}
