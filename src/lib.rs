//! caredraft: assemble NHS accountable-care contract drafts from a Tera clause library.
//!
//! The pipeline, like mdBook's: load a [`library::Library`] and an answers file (IO at the
//! edges, in [`cmd`], a module per command), assemble an in-memory [`doc::Document`] with the
//! [`engine::Engine`] (pure), then hand it to a writer ([`render::markdown`], [`render::docx`]).

pub mod answers;
pub mod cli;
pub mod cmd;
pub mod compare;
pub mod doc;
pub mod engine;
pub mod error;
pub mod escape;
pub mod input;
pub mod library;
pub mod lint;
pub mod maintain;
pub mod markers;
pub mod output;
pub mod pack;
pub mod parallel;
pub mod render;
pub mod tui;
