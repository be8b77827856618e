//! Helpers shared by the integration tests that drive the binary.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/library");

/// Runs the binary in `dir` with a fixed timestamp, as a script would.
pub fn caredraft(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caredraft"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1798761600")
        .output()
        .expect("the binary runs")
}

/// Runs the binary with the fixture library, whose clauses the tests know.
pub fn fixture(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--library", FIXTURE];
    all.extend_from_slice(args);
    caredraft(dir, &all)
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally, not by a signal")
}

/// The names of the files in `dir`, sorted.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// A copy of the fixture library that a test may edit.
pub fn fixture_copy() -> tempfile::TempDir {
    let lib = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FIXTURE), lib.path());
    lib
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Changes the text of the file at `path`.
pub fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, f(text)).unwrap();
}

/// The line of `path` that contains `needle` (1-based).
pub fn line_of(path: &Path, needle: &str) -> usize {
    std::fs::read_to_string(path).unwrap().lines().position(|l| l.contains(needle)).expect(needle) + 1
}

/// `s` as a TOML string literal.
pub fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

/// Whether LibreOffice and pdftotext are here to open a DOCX as a reader would. Without them a
/// test is skipped with a notice, except under CI=true, where that is a failure.
pub fn libreoffice_or_skip(what: &str) -> bool {
    if on_path("soffice") && on_path("pdftotext") {
        return true;
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("CI=true but soffice/pdftotext is not on PATH");
    }
    eprintln!("notice: soffice or pdftotext not on PATH; skipping {what}");
    false
}

/// The text of each DOCX as LibreOffice lays it out (pages separated by form feeds), with
/// one LibreOffice start for them all; the PDFs are written beside the files.
pub fn pages_of(docx: &[std::path::PathBuf]) -> Vec<String> {
    let Some(dir) = docx.first().and_then(|p| p.parent()) else { return Vec::new() };
    let profile = dir.join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .args(docx)
        .output()
        .expect("run soffice");
    docx.iter()
        .map(|path| {
            let pdf = path.with_extension("pdf");
            assert!(
                pdf.is_file(),
                "LibreOffice did not convert {}: {}",
                path.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            let text = Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-").output().expect("run pdftotext");
            assert!(text.status.success(), "pdftotext failed on {}", pdf.display());
            String::from_utf8_lossy(&text.stdout).into_owned()
        })
        .collect()
}
