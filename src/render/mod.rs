//! Writers: a [`crate::doc::Document`] to bytes. No IO here; see [`crate::output`].

pub mod docx;
pub mod markdown;
pub mod reading;
