//! Which library a command uses: `--library DIR`, then `CAREDRAFT_LIBRARY`, then a
//! `caredraft.toml` in the current folder or a parent, then the built-in library, the order
//! zola and mdBook use for their own configuration. Every message names the choice.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Error, Result, line_col};

/// The settings file that names a library for every command run in its folder or below.
pub const CONFIG_FILE: &str = "caredraft.toml";
/// The environment variable that names a library folder.
pub const ENV_VAR: &str = "CAREDRAFT_LIBRARY";

/// What `caredraft export-library` writes beside the library: the library is its own folder.
pub const EXPORTED_CONFIG: &str = "# caredraft settings: commands run in this folder (or below it) use the library named here.\n\
# `library` is a folder holding clauses/ and templates/, relative to this file.\n\
library = \".\"\n";

/// How the library was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag,
    Env,
    Config(PathBuf),
    BuiltIn,
}

/// The library a command uses: a folder, or the built-in library (None).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub dir: Option<PathBuf>,
    pub source: Source,
}

impl Choice {
    pub fn built_in() -> Self {
        Choice { dir: None, source: Source::BuiltIn }
    }
}

impl fmt::Display for Choice {
    /// "built-in", "mylib, from --library", "mylib, from CAREDRAFT_LIBRARY",
    /// "mylib, from mylib/caredraft.toml": said as "(library: ...)" in summaries.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dir = self.dir.as_deref().map(|d| d.display().to_string()).unwrap_or_default();
        match &self.source {
            Source::BuiltIn => write!(f, "built-in"),
            Source::Flag => write!(f, "{dir}, from --library"),
            Source::Env => write!(f, "{dir}, from {ENV_VAR}"),
            Source::Config(file) => write!(f, "{dir}, from {}", file.display()),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    /// The library folder, relative to the settings file.
    library: String,
}

/// Chooses the library for a command started in `cwd`. `env` is the value of
/// `CAREDRAFT_LIBRARY` (an empty value counts as unset).
pub fn choose(flag: Option<&Path>, env: Option<&std::ffi::OsStr>, cwd: &Path) -> Result<Choice> {
    if let Some(dir) = flag {
        return Ok(Choice { dir: Some(dir.to_path_buf()), source: Source::Flag });
    }
    if let Some(value) = env.filter(|v| !v.is_empty()) {
        let dir = PathBuf::from(value);
        if !cwd.join(&dir).is_dir() {
            return Err(Error::Usage(format!(
                "{ENV_VAR}={}: {}; it names a library folder (with clauses/ and templates/)",
                dir.display(),
                if dir.exists() { "a file, not a folder" } else { "no such folder" }
            )));
        }
        return Ok(Choice { dir: Some(dir), source: Source::Env });
    }
    for folder in cwd.ancestors() {
        let file = folder.join(CONFIG_FILE);
        if file.is_file() {
            let shown = shown_path(&file, cwd);
            let text = crate::input::read_text(&file, &shown.display().to_string())?.map_err(Error::one)?;
            let relative = read_config(&shown.display().to_string(), &text)?;
            let base = shown.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let dir = match (relative.as_str(), base == Path::new(".")) {
                (".", _) => base.to_path_buf(),
                (_, true) => PathBuf::from(&relative),
                _ => base.join(&relative),
            };
            if !cwd.join(&dir).is_dir() {
                let (line, col) = value_position(&text);
                let what = if cwd.join(&dir).exists() { "a file, not a folder" } else { "no such folder" };
                return Err(Error::one(
                    Diagnostic::error(
                        shown.display().to_string(),
                        line,
                        col,
                        match dir.display().to_string() {
                            same if same == relative => {
                                format!("library `{relative}`: {what}; the path is read relative to this file")
                            }
                            other => {
                                format!(
                                    "library `{relative}` ({other}): {what}; the path is read relative to this file"
                                )
                            }
                        },
                    )
                    .with_code("library-not-found"),
                ));
            }
            return Ok(Choice { dir: Some(dir), source: Source::Config(shown) });
        }
    }
    Ok(Choice::built_in())
}

/// The choice for this process: its flag, environment and current folder.
pub fn from_process(flag: Option<&Path>) -> Result<Choice> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    choose(flag, std::env::var_os(ENV_VAR).as_deref(), &cwd)
}

/// A path as short as it can be said from `cwd`: `caredraft.toml`, `../caredraft.toml`,
/// or the absolute path when it is further away.
fn shown_path(file: &Path, cwd: &Path) -> PathBuf {
    let mut ups = PathBuf::new();
    for folder in cwd.ancestors() {
        if let Ok(rest) = file.strip_prefix(folder) {
            return ups.join(rest);
        }
        ups.push("..");
        if ups.components().count() > 3 {
            break;
        }
    }
    file.to_path_buf()
}

/// Where the `library` value stands in a settings file that parsed.
fn value_position(text: &str) -> (usize, usize) {
    toml_edit::Document::parse(text.to_string())
        .ok()
        .and_then(|doc| doc.as_table().get("library").and_then(toml_edit::Item::span))
        .map_or((1, 1), |span| line_col(text, span.start))
}

fn read_config(path: &str, text: &str) -> Result<String> {
    let config: Config = toml::from_str(text).map_err(|e| {
        let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
        Error::one(
            Diagnostic::error(
                path,
                line,
                col,
                format!("{} (caredraft.toml holds `library = \"DIR\"`)", e.message().trim()),
            )
            .with_code("invalid-toml"),
        )
    })?;
    if config.library.trim().is_empty() {
        return Err(Error::one(
            Diagnostic::error(path, 1, 1, "`library` is empty; name the library folder, e.g. library = \".\"")
                .with_code("library-empty"),
        ));
    }
    Ok(config.library)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_then_the_environment_then_the_settings_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "library = \"lib\"\n").unwrap();
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        let flag = choose(Some(Path::new("x")), Some("y".as_ref()), &sub).unwrap();
        assert_eq!(flag.source, Source::Flag);
        let real = dir.path().join("a");
        let env = choose(None, Some(real.as_os_str()), &sub).unwrap();
        assert_eq!((env.dir.as_deref(), env.source), (Some(real.as_path()), Source::Env));
        assert!(choose(None, Some("no/such/lib".as_ref()), &sub).is_err());
        std::fs::create_dir(dir.path().join("lib")).unwrap();
        let found = choose(None, Some("".as_ref()), &sub).unwrap();
        assert_eq!(found.dir.as_deref(), Some(Path::new("../../lib")));
        assert_eq!(found.to_string(), "../../lib, from ../../caredraft.toml");
    }

    #[test]
    fn a_bad_settings_file_is_placed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "libary = \".\"\n").unwrap();
        let err = choose(None, None, dir.path()).unwrap_err().to_string();
        assert!(err.starts_with("caredraft.toml:1:1: error: unknown field `libary`"), "{err}");
    }
}
