//! `caredraft compare` through the real binary: what a user runs from the README. Two
//! answers files that differ in a name, an alternative and a repeating record give a
//! redline DOCX and a summary naming each change; bad input writes nothing.

mod common;

use common::*;

use std::process::Output;

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `old.toml` and `new.toml`: an alliance agreement, then the same with the system renamed,
/// dispute resolution switched to mediation and a third provider added.
fn two_answers_files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = caredraft(dir.path(), &["init", "--variant", "alliance", "old.toml"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let old = std::fs::read_to_string(dir.path().join("old.toml")).unwrap();
    let old = set_answer(&old, "system_name", "\"Northmoor\"");
    std::fs::write(dir.path().join("old.toml"), &old).unwrap();
    let mut new = set_answer(&old, "system_name", "\"Southmoor & Vale\"");
    new.push_str(
        "\n[[answers.providers]]\nname = \"Vale GP Federation Ltd\"\ndescription = \"a company limited by shares\"\n\
         contract = \"NHS Standard Contract for primary care services dated 1 April 2027\"\n",
    );
    let switch = switched_alternative();
    new = set_clause(&new, &switch.id, &format!("\"{}\"", switch.now.0));
    std::fs::write(dir.path().join("new.toml"), new).unwrap();
    dir
}

/// An alliance clause with alternatives that is always in the draft, found in the built-in
/// library (not by its wording).
struct Switch {
    id: String,
    title: String,
    /// The default alternative's label.
    was: String,
    /// Another alternative's id and label, which the second answers file chooses.
    now: (String, String),
}

fn switched_alternative() -> Switch {
    let library = caredraft::library::parse_library(&caredraft::library::LibraryFiles::built_in()).expect("library");
    let c = library
        .clauses
        .iter()
        .find(|c| {
            let f = &c.front;
            f.variants.iter().any(|v| v == "alliance") && f.alternatives.len() > 1 && f.when.is_none() && !f.optional
        })
        .expect("an alliance clause with alternatives");
    let alt = |i: usize| (c.front.alternatives[i].id.clone(), c.front.alternatives[i].label.clone());
    Switch { id: c.front.id.clone(), title: c.front.title.clone(), was: alt(0).1, now: alt(1) }
}

/// Sets `key = value` in the [answers] table of an init file (the key's commented line
/// or its existing line replaced).
fn set_answer(file: &str, key: &str, value: &str) -> String {
    let mut out = Vec::new();
    let mut done = false;
    for line in file.lines() {
        let bare = line.trim_start_matches('#').trim_start();
        if !done && (bare.starts_with(&format!("{key} =")) || bare.starts_with(&format!("{key}="))) {
            out.push(format!("{key} = {value}"));
            done = true;
        } else {
            out.push(line.to_owned());
        }
    }
    assert!(done, "no `{key}` line in the answers file");
    out.join("\n") + "\n"
}

fn set_clause(file: &str, id: &str, value: &str) -> String {
    let mut out = set_answer_in_table(file, "[clauses]", id, value);
    if !out.contains("[clauses]") {
        out.push_str(&format!("\n[clauses]\n{id} = {value}\n"));
    }
    out
}

fn set_answer_in_table(file: &str, table: &str, key: &str, value: &str) -> String {
    let mut out = Vec::new();
    let mut in_table = false;
    let mut done = false;
    for line in file.lines() {
        if line.starts_with('[') {
            if in_table && !done {
                out.push(format!("{key} = {value}"));
                done = true;
            }
            in_table = line.trim() == table;
        }
        let bare = line.trim_start_matches('#').trim_start();
        if in_table && !done && bare.starts_with(&format!("{key} =")) {
            out.push(format!("{key} = {value}"));
            done = true;
        } else {
            out.push(line.to_owned());
        }
    }
    if in_table && !done {
        out.push(format!("{key} = {value}"));
    }
    out.join("\n") + "\n"
}

#[test]
fn compare_writes_a_redline_and_a_summary_that_names_each_change() {
    let dir = two_answers_files();
    let o = caredraft(dir.path(), &["compare", "old.toml", "new.toml", "--author", "A. Lawyer"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert_eq!(files_in(dir.path()), ["new-redline.docx", "new-redline.md", "new.toml", "old.toml"]);
    let summary = text(&o.stdout);
    let s = switched_alternative();
    let switched = format!("{}: {} → {}", s.title, s.was, s.now.1);
    assert!(summary.contains(&switched), "summary lacks {switched:?}:\n{summary}");
    let md = std::fs::read_to_string(dir.path().join("new-redline.md")).unwrap();
    assert_eq!(md.trim_end(), summary.trim_end(), "the printed summary is the file's");
    for needle in [
        "(`system_name`): “Northmoor” → “Southmoor & Vale”",
        "(`providers`): entry 3 added: “Vale GP Federation Ltd”",
        "## Placeholders",
    ] {
        assert!(summary.contains(needle), "summary lacks {needle:?}:\n{summary}");
    }
    let docx = std::fs::read(dir.path().join("new-redline.docx")).unwrap();
    let xml = document_xml(&docx);
    assert!(xml.contains(r#"w:author="A. Lawyer""#));
    assert!(xml.contains("<w:delText xml:space=\"preserve\">Northmoor</w:delText>"), "the old name is a deletion");
    assert!(xml.contains("Southmoor &amp; Vale"), "the new name is there");
}

#[test]
fn compare_never_overwrites_without_force_and_is_byte_identical() {
    let dir = two_answers_files();
    let args = ["compare", "old.toml", "new.toml", "--out", "round2"];
    assert_eq!(code(&caredraft(dir.path(), &args)), 0);
    let first = std::fs::read(dir.path().join("round2.docx")).unwrap();
    let again = caredraft(dir.path(), &args);
    assert_eq!(code(&again), 1);
    assert!(text(&again.stderr).contains("already exists; use --force"), "{}", text(&again.stderr));
    let forced = caredraft(dir.path(), &[&args[..], &["--force"]].concat());
    assert_eq!(code(&forced), 0, "{}", text(&forced.stderr));
    assert_eq!(std::fs::read(dir.path().join("round2.docx")).unwrap(), first, "a second run differs");
}

#[test]
fn compare_format_chooses_what_is_written() {
    let dir = two_answers_files();
    let o = caredraft(dir.path(), &["compare", "old.toml", "new.toml", "--format", "md", "--out", "only"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert_eq!(files_in(dir.path()), ["new.toml", "old.toml", "only.md"]);
}

#[test]
fn two_variants_cannot_be_compared_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(code(&caredraft(dir.path(), &["init", "--variant", "mou", "a.toml"])), 0);
    assert_eq!(code(&caredraft(dir.path(), &["init", "--variant", "aco-full", "b.toml"])), 0);
    let o = caredraft(dir.path(), &["compare", "a.toml", "b.toml"]);
    assert_eq!(code(&o), 1);
    let err = text(&o.stderr);
    assert!(err.contains("b.toml: error: is a `aco-full` draft and a.toml is a `mou` draft"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(files_in(dir.path()), ["a.toml", "b.toml"]);
}

#[test]
fn bad_answers_in_either_file_are_located_and_nothing_is_written() {
    let dir = two_answers_files();
    let new = std::fs::read_to_string(dir.path().join("new.toml")).unwrap();
    std::fs::write(dir.path().join("new.toml"), set_answer(&new, "quorum", "\"three\"")).unwrap();
    let o = caredraft(dir.path(), &["compare", "old.toml", "new.toml"]);
    assert_eq!(code(&o), 1);
    let err = text(&o.stderr);
    assert!(err.contains("new.toml:") && err.contains("`quorum` is a whole number"), "{err}");
    assert_eq!(files_in(dir.path()), ["new.toml", "old.toml"]);
}

#[test]
fn a_library_comparison_names_the_clause_versions_that_changed() {
    let dir = two_answers_files();
    let o = caredraft(dir.path(), &["export-library", "lib1"]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let o = caredraft(dir.path(), &["export-library", "lib2"]);
    assert_eq!(code(&o), 0);
    // In the second library, one clause the alliance draft has gets a new paragraph and a
    // new version, found from the library rather than by its wording.
    let library = caredraft::library::parse_library(
        &caredraft::library::LibraryFiles::from_dir(&dir.path().join("lib2")).unwrap(),
    )
    .expect("exported library parses");
    let clause = library
        .clauses
        .iter()
        .find(|c| {
            c.front.variants.iter().any(|v| v == "alliance")
                && c.front.when.is_none()
                && !c.front.optional
                && c.front.alternatives.is_empty()
                && c.front.provenance.is_some()
                && c.front.kind == caredraft::library::ClauseKind::Clause
        })
        .expect("a plain clause with provenance");
    let path = dir.path().join("lib2").join(&clause.path);
    let file = std::fs::read_to_string(&path).unwrap();
    let version = &clause.front.provenance.as_ref().unwrap().version;
    let bumped = file.replacen(&format!("version = \"{version}\""), "version = \"99\"", 1);
    assert_ne!(bumped, file, "no version line in {}", clause.path);
    std::fs::write(
        &path,
        format!("{}\nThe Parties must act in good faith in all their dealings.\n", bumped.trim_end()),
    )
    .unwrap();

    let o = caredraft(
        dir.path(),
        &["--library", "lib2", "compare", "--old-library", "lib1", "old.toml", "old.toml", "--out", "lib"],
    );
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let summary = text(&o.stdout);
    assert!(summary.contains("## Library"), "{summary}");
    assert!(
        summary.contains(&format!("(`{}`): version {version} → 99; wording changed", clause.front.id)),
        "{summary}"
    );
    assert!(summary.contains("## Answers changed\n\nNone."), "{summary}");
    let xml = document_xml(&std::fs::read(dir.path().join("lib.docx")).unwrap());
    assert!(xml.contains("act in good faith in all their dealings"));
}

fn document_xml(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut f = archive.by_name("word/document.xml").expect("document.xml");
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8");
    s
}
