//! `caredraft export-library DIR`: the built-in library's files, and a `caredraft.toml` that
//! makes every command run inside DIR use them. Nothing is overwritten.

use std::path::Path;

use super::say;
use crate::error::{Diagnostic, Error};
use crate::library::LibraryFiles;
use crate::maintain::discover::{CONFIG_FILE, EXPORTED_CONFIG};

pub fn execute(dir: &Path) -> anyhow::Result<u8> {
    let config = dir.join(CONFIG_FILE);
    if config.exists() {
        return Err(Error::one(
            Diagnostic::error(
                config.display().to_string(),
                0,
                0,
                "already exists; export-library never overwrites, choose an empty folder",
            )
            .with_code("already-exists"),
        )
        .into());
    }
    let n = LibraryFiles::built_in().export(dir)?;
    crate::output::create_new(&config, EXPORTED_CONFIG.as_bytes())?;
    say!(
        "wrote {n} library files and {} to {}; commands run inside it use it, elsewhere use --library {} \
         (or CAREDRAFT_LIBRARY={})",
        CONFIG_FILE,
        dir.display(),
        dir.display(),
        dir.display()
    );
    Ok(0)
}
