//! `caredraft init`: a new answers file for a variant, and `init --update`, which brings an
//! existing one up to date with the library.

use std::path::Path;

use super::{load_library, say, variant};
use crate::maintain::check::count;
use crate::maintain::discover::Choice;

/// `caredraft init --variant ID FILE`: writes the file (never over another) and says what next.
pub fn execute(choice: &Choice, variant_id: Option<&str>, path: &Path) -> anyhow::Result<u8> {
    let library = load_library(choice.dir.as_deref())?;
    let v = variant(&library, variant_id.unwrap_or_default())?;
    let text = crate::answers::init_file(&library, v);
    crate::output::create_new(path, text.as_bytes())?;
    say!(
        "wrote {} ({}, library: {choice}); fill it in, then: caredraft render {}",
        path.display(),
        v.title,
        path.display()
    );
    Ok(0)
}

/// `caredraft init --update FILE`: rewrites the file in place (whole, or not at all) with the
/// library's new questions and clause choices, and says what it did.
pub fn update(choice: &Choice, path: &Path) -> anyhow::Result<u8> {
    let library = load_library(choice.dir.as_deref())?;
    let name = path.display().to_string();
    let text = crate::input::read_text(path, &name)?.map_err(crate::error::Error::one)?;
    let update = crate::maintain::update::update_answers(&name, &text, &library)?;
    if !update.changed() {
        say!("{name}: already up to date with {} {} (library: {choice})", library.meta.name, library.meta.version);
        return Ok(0);
    }
    let planned = crate::output::Planned { path: path.to_path_buf(), bytes: update.text.clone().into_bytes() };
    crate::output::write_files(vec![planned], true)?;
    say!("{name}: {} (library: {choice})", update.describe());
    // What the library change still asks of the answers, if anything.
    if let Err(e) = crate::answers::parse_answers(&name, &update.text, &library) {
        for d in e.diagnostics() {
            say!("{d}");
        }
        say!(
            "{name}: {} still to fix by hand; `caredraft check {name}` lists them",
            count(e.diagnostics().len(), "problem")
        );
    }
    Ok(0)
}
