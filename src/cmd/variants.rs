//! `caredraft variants`: each document variant's id, title and what it is for.

use std::io::Write;

use super::{load_library, stdout_error};
use crate::maintain::discover::Choice;

pub fn execute(choice: &Choice) -> anyhow::Result<u8> {
    let library = load_library(choice.dir.as_deref())?;
    let width = library.variants.iter().map(|v| v.id.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for v in &library.variants {
        writeln!(out, "{:width$}  {}: {}", v.id, v.title, v.summary).map_err(stdout_error)?;
    }
    Ok(0)
}
