//! Writing drafts safely: refuse to overwrite unless asked, write every file to a temporary
//! file beside its target first, and rename only when all of them were written, so an error
//! leaves nothing half-written behind.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result, describe_io};

pub struct Planned {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

pub fn write_files(files: Vec<Planned>, force: bool) -> Result<()> {
    if !force {
        let existing: Vec<String> =
            files.iter().filter(|f| f.path.exists()).map(|f| f.path.display().to_string()).collect();
        if !existing.is_empty() {
            return Err(Error::Invalid(existing.into_iter().map(already_exists).collect()));
        }
    }
    let mut staged = Vec::new();
    for f in &files {
        let mut tmp = temp_beside(&f.path)?;
        // Written whole, then renamed into place: a failure never leaves half a draft. No
        // fsync: it would cost more than the whole render (tens of milliseconds per file) to
        // guard against power loss, not against the errors users meet.
        tmp.write_all(&f.bytes).map_err(|e| Error::io(f.path.display().to_string(), e))?;
        staged.push((tmp, &f.path));
    }
    // Every file is written; now put them in place. Temporary files not persisted are
    // removed when dropped.
    for (tmp, path) in staged {
        if force {
            tmp.persist(path).map_err(|e| Error::io(path.display().to_string(), e.error))?;
        } else {
            // Someone may have created the file since the check above: still never clobber.
            tmp.persist_noclobber(path).map_err(|e| match e.error.kind() {
                std::io::ErrorKind::AlreadyExists => Error::one(already_exists(path.display().to_string())),
                _ => Error::io(path.display().to_string(), e.error),
            })?;
        }
    }
    Ok(())
}

/// Writes one new file, refusing to overwrite.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes).map_err(|e| Error::io(path.display().to_string(), e))?;
    tmp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Error::Invalid(vec![Diagnostic::error(
                path.display().to_string(),
                0,
                0,
                "already exists; refusing to overwrite it (choose another path, or move the file away)",
            )])
        } else {
            Error::io(path.display().to_string(), e.error)
        }
    })?;
    Ok(())
}

/// A temporary file beside `target`. Drafts are ordinary files: created with the
/// user's umask, not tempfile's private 0600. An error names the file the user asked for and
/// its folder, never the temporary name.
fn temp_beside(target: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = parent_dir(target);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".caredraft-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => format!("the folder `{}` does not exist", dir.display()),
            _ => format!("in the folder `{}`: {}", dir.display(), describe_io(&e)),
        };
        Error::one(Diagnostic::error(target.display().to_string(), 0, 0, format!("cannot write it: {why}")))
    })
}

fn already_exists(path: String) -> Diagnostic {
    Diagnostic::error(path, 0, 0, "already exists; use --force to overwrite it, or --out BASE to write elsewhere")
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.md");
        std::fs::write(&a, "old").unwrap();
        let err = write_files(
            vec![
                Planned { path: dir.path().join("b.md"), bytes: b"new".to_vec() },
                Planned { path: a.clone(), bytes: b"new".to_vec() },
            ],
            false,
        )
        .unwrap_err();
        assert!(err.to_string().contains("already exists"));
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn create_new_refuses_existing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.toml");
        create_new(&p, b"1").unwrap();
        assert!(create_new(&p, b"2").is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "1");
    }
}
