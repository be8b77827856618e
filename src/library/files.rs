//! Where a library's files come from: the copy embedded in the binary, or a folder on disk.
//! This is the only part of the library code that touches the filesystem.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::error::{Diagnostic, Error, Result, describe_io};
use crate::input::read_text;
use crate::output::{Planned, write_files};

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

    /// A library on disk: `DIR/clauses/**` and `DIR/templates/**`. Only files inside `DIR`
    /// are read: a symbolic link that leads out of it (say, a partial linked to
    /// /etc/passwd), a link that loops or leads nowhere, and anything that is not a regular
    /// file are reported as problems of the library instead.
    pub fn from_dir(dir: &Path) -> Result<Self> {
        if !dir.is_dir() {
            let what = if dir.exists() { "a file, not a folder" } else { "no such folder" };
            return Err(Error::Usage(format!(
                "{}: {what}; `--library DIR` takes a library folder, such as one \
                 `caredraft export-library DIR` writes",
                dir.display()
            )));
        }
        let root = std::fs::canonicalize(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
        let mut library = LibraryFiles { origin: dir.display().to_string(), ..Default::default() };
        let mut walk = Walk { root, visited: Vec::new(), out: &mut library };
        let mut found = false;
        for sub in ["clauses", "templates"] {
            let path = dir.join(sub);
            if path.is_dir() {
                found = true;
                walk.entry(&path, sub)?;
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

    /// Writes every file under `dir`, creating folders; refuses to overwrite anything. All
    /// files go through the same writer as drafts: written whole, or not at all.
    pub fn export(&self, dir: &Path) -> Result<usize> {
        let planned: Vec<Planned> = self
            .files
            .iter()
            .map(|(rel, text)| Planned { path: dir.join(rel), bytes: text.clone().into_bytes() })
            .collect();
        for p in &planned {
            if p.path.symlink_metadata().is_ok() {
                return Err(Error::one(
                    Diagnostic::error(
                        p.path.display().to_string(),
                        0,
                        0,
                        "already exists; export-library never overwrites, choose an empty folder",
                    )
                    .with_code("already-exists"),
                ));
            }
        }
        for p in &planned {
            if let Some(parent) = p.path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent.display().to_string(), e))?;
            }
        }
        let n = planned.len();
        write_files(planned, false)?;
        Ok(n)
    }
}

/// A walk over a library folder that stays inside it.
struct Walk<'a> {
    /// The library folder, with every link resolved.
    root: PathBuf,
    /// Folders already read (resolved), so a link back up the tree is read once, not forever.
    visited: Vec<PathBuf>,
    out: &'a mut LibraryFiles,
}

impl Walk<'_> {
    fn problem(&mut self, rel: &str, message: String) {
        self.out.unreadable.push(
            Diagnostic::error(rel, 0, 0, message).with_code("unreadable-file").about(crate::error::Subject::File),
        );
    }

    /// Reads `path` (named `rel` in messages): a folder, a file, or a link to either.
    fn entry(&mut self, path: &Path, rel: &str) -> Result<()> {
        let meta = path.symlink_metadata().map_err(|e| Error::io(path.display().to_string(), e))?;
        let is_link = meta.file_type().is_symlink();
        let resolved = match std::fs::canonicalize(path) {
            Ok(p) => p,
            Err(e) if is_link => {
                let why = describe_io(&e);
                self.problem(rel, format!("is a symbolic link that loops or leads nowhere ({why}); remove it"));
                return Ok(());
            }
            Err(e) => return Err(Error::io(path.display().to_string(), e)),
        };
        if !resolved.starts_with(&self.root) {
            self.problem(
                rel,
                format!(
                    "is a symbolic link to {}, outside the library; caredraft reads only files inside \
                     the library folder (copy the file in instead)",
                    resolved.display()
                ),
            );
            return Ok(());
        }
        if resolved.is_dir() {
            if self.visited.contains(&resolved) {
                return Ok(());
            }
            self.visited.push(resolved);
            let entries = std::fs::read_dir(path).map_err(|e| Error::io(path.display().to_string(), e))?;
            let mut children = Vec::new();
            for entry in entries {
                let entry = entry.map_err(|e| Error::io(path.display().to_string(), e))?;
                children.push(entry.file_name().to_string_lossy().to_string());
            }
            children.sort();
            for name in children {
                if !name.starts_with('.') {
                    self.entry(&path.join(&name), &format!("{rel}/{name}"))?;
                }
            }
        } else if is_library_file(rel) {
            match read_text(&resolved, rel)? {
                Ok(text) => {
                    self.out.files.insert(rel.to_string(), text);
                }
                Err(problem) => self.out.unreadable.push(problem),
            }
        }
        Ok(())
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

fn is_library_file(rel: &str) -> bool {
    rel.ends_with(".md") || rel.ends_with(".toml")
}
