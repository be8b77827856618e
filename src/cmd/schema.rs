//! `caredraft schema`: a variant's answers schema, or a library file's, on stdout.

use std::io::Write;

use super::{load_library, variant};
use crate::maintain::discover::Choice;
use crate::maintain::library_schema::{LibraryFile, library_file_schema};

pub fn execute(choice: &Choice, variant_id: Option<&str>, file: Option<LibraryFile>) -> anyhow::Result<u8> {
    let schema = match file {
        Some(file) => library_file_schema(file),
        None => {
            let library = load_library(choice.dir.as_deref())?;
            let v = variant(&library, variant_id.unwrap_or_default())?;
            crate::maintain::schema::answers_schema(&library, v)
        }
    };
    writeln!(std::io::stdout().lock(), "{}", serde_json::to_string_pretty(&schema)?)?;
    Ok(0)
}
