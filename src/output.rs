//! Writing files safely: refuse to overwrite unless asked, write every file to a temporary
//! file beside its target first, and rename only when all of them were written, so an error
//! leaves nothing half-written behind.
//!
//! Three rules a user can rely on:
//! - A draft is never written through a symbolic link: `render --force` refuses a `BASE.md`
//!   that is a link, because the user chose a base name, not the file a link in that folder
//!   leads to (a planted `draft.md -> ~/.bashrc` must not be replaced). A file the user opened
//!   by that path (the answers file the terminal UI saves, [`write_atomic`]) is written
//!   through, as an editor saving through a link does: the file the link leads to is replaced
//!   and the link stays. A link to nothing, or to something that is not a regular file, is
//!   refused either way.
//! - Replacing a file keeps its permissions (a draft made read-only for the group stays so).
//! - Two caredraft processes writing into the same folder take turns (an exclusive lock on
//!   the folder), so racing renders never leave one run's `.md` beside another's `.docx`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result, describe_io};

pub struct Planned {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Writes one file atomically, replacing it if it exists (through a symbolic link, keeping its
/// permissions). For saving a file the user opened by this path, such as an answers file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all(&[(path, bytes)], Mode::Replace(Links::Follow), Notice::Quiet)
}

/// Writes all `files` or none of them. Without `force`, refuses if any exists. While another
/// caredraft writes into the same folder, waits for it, saying so on stderr.
pub fn write_files(files: Vec<Planned>, force: bool) -> Result<()> {
    let list: Vec<(&Path, &[u8])> = files.iter().map(|f| (f.path.as_path(), f.bytes.as_slice())).collect();
    let mode = if force { Mode::Replace(Links::Refuse) } else { Mode::CreateNew };
    write_all(&list, mode, Notice::Stderr)
}

/// Writes one new file, refusing to overwrite.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all(&[(path, bytes)], Mode::CreateNew, Notice::Stderr).map_err(|e| match e {
        Error::Invalid(mut d) if d.len() == 1 && d[0].code == Some(ALREADY_EXISTS) => {
            d[0].message =
                "already exists; refusing to overwrite it (choose another path, or move the file away)".into();
            Error::Invalid(d)
        }
        other => other,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    CreateNew,
    Replace(Links),
}

/// What replacing does with a target that is a symbolic link.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Links {
    Follow,
    Refuse,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Notice {
    Quiet,
    Stderr,
}

fn write_all(files: &[(&Path, &[u8])], mode: Mode, notice: Notice) -> Result<()> {
    // Where each file really goes: through a symbolic link when replacing.
    let mut targets = Vec::new();
    for (path, _) in files {
        targets.push(match mode {
            Mode::Replace(links) => resolve_target(path, links)?,
            Mode::CreateNew => path.to_path_buf(),
        });
    }
    let mut dirs: Vec<PathBuf> = targets.iter().map(|p| parent_dir(p).to_path_buf()).collect();
    dirs.sort();
    dirs.dedup();
    // Held until the end of this function; sorted so two writers never wait on each other.
    let _locks: Vec<_> = dirs.iter().filter_map(|d| lock_dir(d, notice)).collect();

    if mode == Mode::CreateNew {
        // `symlink_metadata`: a link to nothing is still a name that is taken.
        let existing: Vec<Diagnostic> = files
            .iter()
            .filter(|(p, _)| p.symlink_metadata().is_ok())
            .map(|(p, _)| already_exists(p.display().to_string()))
            .collect();
        if !existing.is_empty() {
            return Err(Error::Invalid(existing));
        }
    }

    let mut staged = Vec::new();
    for ((path, bytes), target) in files.iter().zip(targets) {
        let mut tmp = temp_beside(path, &target)?;
        // Written whole, then renamed into place: a failure never leaves half a draft. No
        // fsync: it would cost more than the whole render (tens of milliseconds per file) to
        // guard against power loss, not against the errors users meet.
        tmp.write_all(bytes).map_err(|e| Error::io(path.display().to_string(), e))?;
        keep_permissions(&target, tmp.as_file(), path)?;
        staged.push((tmp, *path, target));
    }

    // Every file is written; now put them in place. Temporary files not persisted are
    // removed when dropped.
    let mut placed: Vec<PathBuf> = Vec::new();
    for (tmp, path, target) in staged {
        let result = match mode {
            Mode::Replace(_) => {
                tmp.persist(&target).map(|_| ()).map_err(|e| Error::io(path.display().to_string(), e.error))
            }
            // Something other than caredraft may have created the file since the check
            // above: still never clobber.
            Mode::CreateNew => tmp.persist_noclobber(&target).map(|_| ()).map_err(|e| match e.error.kind() {
                std::io::ErrorKind::AlreadyExists => Error::one(already_exists(path.display().to_string())),
                _ => Error::io(path.display().to_string(), e.error),
            }),
        };
        if let Err(e) = result {
            return Err(undo_or_confess(e, &placed, mode));
        }
        placed.push(target);
    }
    Ok(())
}

/// After a failure part-way through: new files this call created are removed again, so
/// "nothing was written" stays true. Replaced files cannot be restored, so the error says
/// which were written.
fn undo_or_confess(err: Error, placed: &[PathBuf], mode: Mode) -> Error {
    if placed.is_empty() {
        return err;
    }
    match mode {
        Mode::CreateNew => {
            for p in placed {
                let _ = std::fs::remove_file(p);
            }
            err
        }
        Mode::Replace(_) => {
            let written: Vec<String> = placed.iter().map(|p| p.display().to_string()).collect();
            Error::Usage(format!("{err}\n(already replaced before this failure: {})", written.join(", ")))
        }
    }
}

/// The file to replace for `path`: itself, or (when links are followed) the file a symbolic
/// link at `path` points to.
fn resolve_target(path: &Path, links: Links) -> Result<PathBuf> {
    let name = path.display().to_string();
    let Ok(meta) = path.symlink_metadata() else {
        return Ok(path.to_path_buf());
    };
    if meta.file_type().is_symlink() && links == Links::Refuse {
        let to = std::fs::read_link(path).map(|t| format!(" to {}", t.display())).unwrap_or_default();
        return Err(Error::one(
            Diagnostic::error(
                &name,
                0,
                0,
                format!(
                    "is a symbolic link{to}; caredraft never writes a draft through a link (remove the link, \
                 or choose another name with --out BASE)"
                ),
            )
            .with_code("symlink-refused"),
        ));
    }
    let target = if meta.file_type().is_symlink() {
        std::fs::canonicalize(path).map_err(|e| {
            Error::one(
                Diagnostic::error(
                    &name,
                    0,
                    0,
                    format!(
                        "is a symbolic link that leads nowhere ({}); refusing to write through it",
                        describe_io(&e)
                    ),
                )
                .with_code("dangling-symlink"),
            )
        })?
    } else {
        path.to_path_buf()
    };
    let meta = std::fs::metadata(&target).map_err(|e| Error::io(&name, e))?;
    if !meta.is_file() {
        return Err(Error::one(
            Diagnostic::error(
                &name,
                0,
                0,
                format!("is {}, not a regular file; refusing to replace it", crate::input::describe_kind(&meta)),
            )
            .with_code("not-a-regular-file"),
        ));
    }
    Ok(target)
}

/// An existing file's permissions carry over to the file that replaces it.
fn keep_permissions(target: &Path, tmp: &std::fs::File, name: &Path) -> Result<()> {
    if let Ok(meta) = std::fs::metadata(target) {
        tmp.set_permissions(meta.permissions()).map_err(|e| Error::io(name.display().to_string(), e))?;
    }
    Ok(())
}

/// An exclusive lock on `dir` for as long as the returned handle lives, so two caredraft
/// processes writing into one folder take turns. Best effort: where the file system has no
/// locks, writing goes ahead without one.
#[cfg(unix)]
fn lock_dir(dir: &Path, notice: Notice) -> Option<std::fs::File> {
    use rustix::fs::{FlockOperation, flock};
    let handle = std::fs::File::open(dir).ok()?;
    match flock(&handle, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Some(handle),
        Err(rustix::io::Errno::WOULDBLOCK) => {
            if notice == Notice::Stderr {
                let place =
                    if dir == Path::new(".") { "the current folder".to_string() } else { dir.display().to_string() };
                let _ = writeln!(std::io::stderr(), "caredraft: waiting for another caredraft writing in {place}");
            }
            flock(&handle, FlockOperation::LockExclusive).ok().map(|_| handle)
        }
        Err(_) => None,
    }
}

#[cfg(not(unix))]
fn lock_dir(_dir: &Path, _notice: Notice) -> Option<std::fs::File> {
    None
}

/// A temporary file beside `target`. Drafts are ordinary files: created with the
/// user's umask, not tempfile's private 0600. An error names the file the user asked for
/// (`name`) and its folder, never the temporary name.
fn temp_beside(name: &Path, target: &Path) -> Result<tempfile::NamedTempFile> {
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
        Error::one(
            Diagnostic::error(name.display().to_string(), 0, 0, format!("cannot write it: {why}"))
                .with_code("cannot-write"),
        )
    })
}

/// The code of "this file already exists": `create_new` words it for its callers.
const ALREADY_EXISTS: &str = "already-exists";

fn already_exists(path: String) -> Diagnostic {
    Diagnostic::error(path, 0, 0, "already exists; use --force to overwrite it, or --out BASE to write elsewhere")
        .with_code(ALREADY_EXISTS)
        .about(crate::error::Subject::File)
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

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
        v.sort();
        v
    }

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
        assert_eq!(names(dir.path()), ["a.md"]);
    }

    #[test]
    fn create_new_refuses_existing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.toml");
        create_new(&p, b"1").unwrap();
        let err = create_new(&p, b"2").unwrap_err();
        assert!(err.to_string().contains("refusing to overwrite"), "{err}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "1");
    }

    #[cfg(unix)]
    #[test]
    fn writing_through_a_symlink_replaces_the_file_it_points_to_and_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.toml");
        let link = dir.path().join("link.toml");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink(), "the link was replaced by a file");
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        assert_eq!(names(dir.path()), ["link.toml", "real.toml"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_draft_is_never_written_through_a_symlink_even_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("precious.txt");
        let link = dir.path().join("draft.md");
        std::fs::write(&elsewhere, "precious").unwrap();
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        let err = write_files(vec![Planned { path: link.clone(), bytes: b"draft".to_vec() }], true).unwrap_err();
        assert!(err.to_string().contains("never writes a draft through a link"), "{err}");
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "precious");
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(names(dir.path()), ["draft.md", "precious.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_symlink_or_a_link_to_a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let dangling = dir.path().join("d.md");
        std::os::unix::fs::symlink(dir.path().join("missing"), &dangling).unwrap();
        let err = write_atomic(&dangling, b"x").unwrap_err().to_string();
        assert!(err.contains("leads nowhere"), "{err}");
        assert!(!dir.path().join("missing").exists(), "wrote the link's missing target");
        // Without --force, a dangling link is a name already taken.
        let err = write_files(vec![Planned { path: dangling.clone(), bytes: b"x".to_vec() }], false).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");

        let to_dir = dir.path().join("f.md");
        std::os::unix::fs::symlink(dir.path(), &to_dir).unwrap();
        let err = write_atomic(&to_dir, b"x").unwrap_err().to_string();
        assert!(err.contains("a folder, not a regular file"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn replacing_a_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("draft.md");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_files(vec![Planned { path: p.clone(), bytes: b"new".to_vec() }], true).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o640);
    }

    #[test]
    fn a_new_file_created_before_a_later_failure_is_removed_again() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.md");
        let placed = vec![a.clone()];
        std::fs::write(&a, "mine").unwrap();
        let err = undo_or_confess(Error::Usage("boom".into()), &placed, Mode::CreateNew);
        assert_eq!(err.to_string(), "boom");
        assert!(!a.exists());
        std::fs::write(&a, "mine").unwrap();
        let err = undo_or_confess(Error::Usage("boom".into()), &placed, Mode::Replace(Links::Refuse));
        assert!(err.to_string().contains("already replaced before this failure"), "{err}");
        assert!(a.exists());
    }
}
