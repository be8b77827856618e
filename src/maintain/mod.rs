//! Tools for the people who keep a clause library: finding the library, checking many
//! answers files at once, machine-readable lint output, scaffolds and schemas.
//! The commands that use them are in [`crate::cmd`].

pub mod check;
pub mod discover;
pub mod json;
pub mod library_schema;
pub mod notes;
pub mod out_path;
pub mod renames;
pub mod scaffold;
pub mod schema;
pub mod update;
