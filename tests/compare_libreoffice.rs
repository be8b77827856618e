//! A redline opened the way a reader would: LibreOffice (which shows tracked changes)
//! converts it to PDF and pdftotext reads the pages. Skipped with a notice when `soffice`
//! or `pdftotext` is not on PATH, except under CI=true, where that is a failure.

mod compare_support;

use std::process::Command;

use caredraft::compare::compare;
use caredraft::engine::Engine;
use caredraft::library::{LibraryFiles, parse_library};
use compare_support::two_rounds;

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

#[test]
fn every_variant_s_redline_opens_in_libreoffice_with_old_and_new_text_shown() {
    if !on_path("soffice") || !on_path("pdftotext") {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("CI=true but soffice/pdftotext is not on PATH");
        }
        eprintln!("notice: soffice or pdftotext not on PATH; skipping the LibreOffice redline check");
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
    let profile = dir.path().join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .args(expected.iter().map(|e| &e.1))
        .output()
        .expect("run soffice");
    for (id, path, changes) in expected {
        let pdf = path.with_extension("pdf");
        assert!(pdf.is_file(), "LibreOffice did not open the {id} redline: {}", String::from_utf8_lossy(&out.stderr));
        let text = Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-").output().expect("pdftotext");
        let text = String::from_utf8_lossy(&text.stdout).into_owned();
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
