//! Writing the answers file and the recovery file safely: whole or not at all, and never
//! through a link. A link where the recovery file goes is replaced, not followed (it could point
//! at any file of the user's); a link that *is* the answers file is the user's own choice, so
//! Ctrl-S updates the real file it points at. Either way the file keeps its permissions.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to the answers file at `path`, or to the file it links to, atomically and
/// keeping that file's permissions. Returns the file really written.
pub fn write_answers(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let real = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    let permissions = match fs::metadata(&real) {
        Ok(m) if !m.is_file() => {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
        }
        Ok(m) => Some(m.permissions()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    replace(&real, bytes, permissions)?;
    Ok(real)
}

/// Writes the recovery file: a new file renamed over whatever is at `path`, so a link there is
/// replaced rather than followed. Readable by the user alone: it is a copy of their answers.
pub fn write_recovery(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace(path, bytes, None)
}

/// Removes the file at `path` (a link itself, never its target); a file already gone is fine.
pub fn remove(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// A temporary file beside `path`, written whole, given `permissions` (tempfile makes it
/// owner-only), then renamed onto `path`.
fn replace(path: &Path, bytes: &[u8], permissions: Option<fs::Permissions>) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new().prefix(".caredraft-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    if let Some(p) = permissions {
        fs::set_permissions(tmp.path(), p)?;
    } else if path.extension().is_some_and(|e| e == "toml") {
        // A new answers file: readable as any file the user makes (0600 is right only for the
        // recovery file).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o644))?;
        }
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    #[test]
    fn a_linked_answers_file_updates_the_real_file_and_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.toml");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.toml");
        symlink(&real, &link).unwrap();
        let written = write_answers(&link, b"new").unwrap();
        assert_eq!(written, fs::canonicalize(&real).unwrap());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is kept");
        assert_eq!(fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o640);
    }

    #[test]
    fn a_link_where_the_recovery_file_goes_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "precious").unwrap();
        let recovery = dir.path().join("a.toml.autosave");
        symlink(&victim, &recovery).unwrap();
        write_recovery(&recovery, b"answers").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(fs::read_to_string(&recovery).unwrap(), "answers");
        assert!(!fs::symlink_metadata(&recovery).unwrap().file_type().is_symlink());
        assert_eq!(fs::metadata(&recovery).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
