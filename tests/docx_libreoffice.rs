//! Opens the fixture DOCX the way a reader would: LibreOffice converts it to PDF and
//! pdftotext extracts the text. Skipped (with a notice) when `soffice` is not on PATH,
//! except under CI=true, where a missing LibreOffice is a failure.

mod docx_fixture;

use std::path::{Path, PathBuf};
use std::process::Command;

use caredraft::docx::{DocxOptions, to_docx_bytes};
use docx_fixture::*;

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

fn convert(docx: &Path, out: &Path) -> String {
    let profile = out.join("lo-profile");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .arg(docx)
        .output()
        .expect("run soffice");
    let pdf: PathBuf = out.join("sample.pdf");
    assert!(
        pdf.is_file(),
        "LibreOffice did not convert the DOCX: {}\n{}",
        String::from_utf8_lossy(&status.stdout),
        String::from_utf8_lossy(&status.stderr)
    );
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(text.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&text.stdout).into_owned()
}

#[test]
fn libreoffice_renders_numbers_references_and_page_fields() {
    if !on_path("soffice") || !on_path("pdftotext") {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("CI=true but soffice/pdftotext is not on PATH");
        }
        eprintln!("notice: soffice or pdftotext not on PATH; skipping the LibreOffice check");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let docx = dir.path().join("sample.docx");
    let bytes = to_docx_bytes(&sample(), &DocxOptions::default()).expect("docx bytes");
    std::fs::write(&docx, bytes).expect("write docx");
    let text = convert(&docx, dir.path());
    // Collapse the layout's runs of spaces so wrapped phrases still match.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");

    for needle in [
        "1. Definitions and interpretation",
        "1.1 In this Agreement:",
        "2.2.1 meet at least quarterly;",
        "(a) sets out the priorities",
        "(ii) the other Participants",
        "subject to clause 1.2 and clause 3.",
        "Any dispute about clause 2.1 or paragraph 1.2 of Schedule 1",
        "does not limit clause 2.2.2(b) or Recital (B).",
        "the objectives set out in Schedule 1.",
        "(A) The Commissioner commissions",
        "Schedule 2 Alliance Board Terms of Reference",
        "Contents",
        "Page 1 of",
        "Page 2 of",
        "DRAFT — subject to contract",
        "[Commencement Date]",
    ] {
        assert!(flat.contains(needle), "missing {needle:?} in:\n{text}");
    }
    for name in PARTY_NAMES {
        assert!(flat.contains(name), "missing party {name}");
    }
    for bad in [
        "PAGEREF",
        "TOC \\o",
        "Error: Reference source not found",
        "Error! Reference source not found",
        "{{",
        "{%",
    ] {
        assert!(!text.contains(bad), "visible {bad:?} in:\n{text}");
    }
}
