//! Helpers shared by the integration tests that drive the binary.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/library");

/// Runs the binary in `dir` with a fixed timestamp, as a script would.
pub fn caredraft(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caredraft"))
        .current_dir(dir)
        .args(args)
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
