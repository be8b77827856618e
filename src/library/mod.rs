//! The clause library: files in, a checked [`Library`] out.

mod files;
mod model;
mod parse;

pub use files::LibraryFiles;
pub use model::*;
pub use parse::is_readme;
pub use parse::{parse_library, parse_library_lenient};
