//! The clause library: files in, a checked [`Library`] out.

mod files;
mod membership;
mod model;
mod parse;
mod spans;

pub use files::LibraryFiles;
pub(crate) use membership::asked_in;
pub use model::*;
pub use parse::is_readme;
pub use parse::{parse_library, parse_library_lenient};
pub use spans::Spans;
