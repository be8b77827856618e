//! `render --out BASE`: BASE is a path without its extension, to which `.md` and `.docx` are
//! added. A device (`/dev/null`), a folder or a special file there would have drafts written
//! beside it under names nobody asked for (`/dev/null.md`), so it is refused up front.

use std::path::Path;

use crate::cmd::with_suffix;
use crate::error::{Error, Result};

const HINT: &str = "--out takes a base path such as drafts/northmoor (caredraft adds .md and .docx)";

/// Checks BASE and the drafts it leads to. `explicit` when the user gave it with `--out`: a
/// folder is then refused too (the default base, the answers file's name without `.toml`,
/// may well stand beside a folder of that name).
pub fn check_base(base: &Path, explicit: bool) -> Result<()> {
    let shown = base.display().to_string();
    if explicit && (shown.ends_with('/') || shown.ends_with(std::path::MAIN_SEPARATOR)) {
        return Err(Error::Usage(format!("--out {shown}: a folder, not a base path; {HINT}")));
    }
    if let Ok(meta) = std::fs::metadata(base) {
        let what = if meta.is_dir() {
            explicit.then_some("a folder, not a base path")
        } else if !meta.is_file() {
            Some("a device or special file, not a base path")
        } else {
            None
        };
        if let Some(what) = what {
            return Err(Error::Usage(format!("--out {shown}: {what}; {HINT}")));
        }
    }
    for ext in ["md", "docx"] {
        let target = with_suffix(base, ext);
        if let Ok(meta) = std::fs::metadata(&target)
            && !meta.is_file()
        {
            return Err(Error::Usage(format!(
                "{}: exists and is not a regular file (a folder or a device); choose another --out",
                target.display()
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_and_a_new_base_is_not() {
        let err = check_base(Path::new("/dev/null"), true).unwrap_err().to_string();
        assert!(err.contains("/dev/null: a device"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        assert!(check_base(&dir.path().join("draft"), true).is_ok());
        assert!(check_base(dir.path(), true).is_err(), "a folder given with --out");
        assert!(check_base(dir.path(), false).is_ok(), "a folder beside the answers file");
    }
}
