//! DOCX writer (being built): turns a [`crate::doc::Document`] into Word bytes.
