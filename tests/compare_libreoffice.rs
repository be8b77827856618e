//! A redline opened the way a reader would: LibreOffice (which shows tracked changes)
//! converts it to PDF and pdftotext reads the pages. Skipped with a notice when `soffice`
//! or `pdftotext` is not on PATH, except under CI=true, where that is a failure.

mod common;
mod compare_support;

use caredraft::compare::compare;
use caredraft::engine::Engine;
use caredraft::library::{LibraryFiles, parse_library};
use common::*;
use compare_support::two_rounds;

#[test]
fn every_variant_s_redline_opens_in_libreoffice_with_old_and_new_text_shown() {
    if !libreoffice_or_skip("the LibreOffice redline check") {
        return;
    }
    let library = parse_library(&LibraryFiles::built_in()).expect("built-in library");
    let engine = Engine::new(&library).expect("compiles");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut expected = Vec::new();
    for variant in &library.variants {
        let (old, new, changes) = two_rounds(&library, &engine, &variant.id);
        let redline = compare(&engine.assemble(&old).expect("old"), &engine.assemble(&new).expect("new"));
        let path = dir.path().join(format!("{}.docx", variant.id));
        std::fs::write(&path, redline.to_docx("caredraft").expect("docx")).expect("write");
        expected.push((variant.id.clone(), path, changes));
    }
    // One LibreOffice start for all four files.
    let texts = pages_of(&expected.iter().map(|e| e.1.clone()).collect::<Vec<_>>());
    for ((id, _, changes), text) in expected.into_iter().zip(texts) {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // Shown with changes: the deleted name struck through and the new one inserted,
        // both on the page.
        assert!(flat.contains(&changes.old_name), "{id}: the deleted {:?} is not shown", changes.old_name);
        assert!(flat.contains(&changes.new_name), "{id}: the inserted {:?} is not shown", changes.new_name);
        if let Some((_, name)) = &changes.added_entry {
            assert!(flat.contains(name.as_str()), "{id}: the added entry {name:?} is not shown");
        }
        assert!(flat.contains("Page 1 of"), "{id}: no page footer");
        for bad in ["Reference source not found", "{{", "{%"] {
            assert!(!text.contains(bad), "{id}: visible {bad:?}");
        }
    }
}
