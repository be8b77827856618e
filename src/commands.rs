//! The commands' shared functions under their former path: they now live in [`crate::cmd`],
//! one module per command. Kept so callers written against this path (the TUI) still build.

pub use crate::cmd::compare::{CompareOptions, compare_to_files, default_redline_base};
pub use crate::cmd::render::{
    RenderOptions, check_strict, checked_pack, default_base, pack_documents, pack_paths, plan_outputs, render_to_files,
};
pub use crate::cmd::{Formats, load_library, read_answers, with_suffix};
