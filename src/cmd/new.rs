//! `caredraft new clause|variant`: writes a scaffold into the library folder and says what
//! to do next.

use super::say;
use crate::maintain::discover::Choice;
use crate::maintain::scaffold::{self, NewCommand};

pub fn execute(choice: &Choice, what: &NewCommand) -> anyhow::Result<u8> {
    let Some(dir) = choice.dir.as_deref() else {
        return Err(crate::error::Error::Usage(
            "`new` writes into a library folder, and the built-in library is not one: run \
             `caredraft export-library DIR` first, then run `new` inside DIR (or pass --library DIR)"
                .to_string(),
        )
        .into());
    };
    let written = scaffold::run(dir, what)?;
    for rel in &written.created {
        say!("created {}", scaffold::shown(dir, rel).display());
    }
    for rel in &written.edited {
        say!("edited  {}", scaffold::shown(dir, rel).display());
    }
    if !written.review.is_empty() {
        say!("review these: they tell variants apart by id, so the new one takes the other branch:");
        for place in &written.review {
            say!("  {}", scaffold::shown(dir, place).display());
        }
    }
    say!("next: edit them, then `caredraft lint` (library: {choice})");
    Ok(0)
}
