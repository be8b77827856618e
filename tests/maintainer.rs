//! What a library maintainer expects from the tool (issue 14): checking many answers files at
//! once, finding the library without --library, JSON lint output for editors and CI, answers
//! files that survive a library change, scaffolds, schemas and the reference page. Driven
//! through the real binary.

mod common;

use common::*;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the binary in `dir` with no CAREDRAFT_LIBRARY, so each test says which library it means.
fn run(dir: &Path, args: &[&str]) -> Output {
    run_env(dir, args, None)
}

fn run_env(dir: &Path, args: &[&str], library_env: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_caredraft"));
    cmd.args(args).current_dir(dir).env("SOURCE_DATE_EPOCH", "1798761600").env_remove("CAREDRAFT_LIBRARY");
    if let Some(lib) = library_env {
        cmd.env("CAREDRAFT_LIBRARY", lib);
    }
    cmd.output().expect("the binary runs")
}

fn fixture(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--library", FIXTURE];
    all.extend_from_slice(args);
    run(dir, &all)
}

/// The 1-based line of `path` holding `needle`.
fn line_of(path: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1).unwrap_or_else(|| panic!("{needle} in {text}"))
}

fn lib_arg(lib: &Path) -> String {
    lib.display().to_string()
}

/// `init` of the fixture library's `variant` into `dir/name`.
fn init(dir: &Path, variant: &str, name: &str) -> PathBuf {
    let o = fixture(dir, &["init", "--variant", variant, name]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    dir.join(name)
}

// ── check ────────────────────────────────────────────────────────────────────────────────

#[test]
fn check_reports_every_file_with_a_verdict_and_fails_if_any_fails() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "mou", "good.toml");
    let bad = init(dir.path(), "alliance", "bad.toml");
    edit(&bad, |t| t.replace("term_years = 5", "term_years = \"five\""));
    let line = line_of(&bad, "term_years = \"five\"");

    let o = fixture(dir.path(), &["check", "good.toml", "bad.toml", "missing.toml"]);
    let out = stdout(&o);
    assert_eq!(code(&o), 1, "{out}");
    assert!(out.contains("good.toml: ok (mou; "), "{out}");
    assert!(out.contains(&format!("bad.toml:{line}:14: error: `term_years` is a whole number")), "{out}");
    assert!(out.contains("bad.toml: FAILED (alliance; 1 error)"), "{out}");
    assert!(out.contains("missing.toml: error: no such file or folder"), "{out}");
    assert!(out.contains("missing.toml: FAILED (1 error)"), "{out}");
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("check: 3 answers files checked, 2 failed (library: "), "{last}");
    assert!(last.contains("from --library"), "{last}");

    let o = fixture(dir.path(), &["check", "good.toml"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("check: 1 answers file checked, 0 failed"), "{}", stdout(&o));
}

#[test]
fn check_names_a_library_change_that_breaks_a_matter() {
    let lib = fixture_copy();
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "mou", "a.toml");
    // The library drops an alternative the matter chose.
    let answers = dir.path().join("a.toml");
    edit(&answers, |t| t.replace("decision-making = \"consensus\"", "decision-making = \"majority\""));
    let o = run(dir.path(), &["--library", &lib_arg(lib.path()), "check", "a.toml"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    edit(&lib.path().join("clauses/core/decisions.md"), |t| {
        t.replace("  { id = \"majority\", label = \"Majority vote\", note = \"Decisions by a majority.\" },\n", "")
    });
    let o = run(dir.path(), &["--library", &lib_arg(lib.path()), "check", "a.toml"]);
    let out = stdout(&o);
    assert_eq!(code(&o), 1, "{out}");
    assert!(out.contains("has no alternative `majority`"), "{out}");
    assert!(out.contains("a.toml: FAILED (mou; 1 error)"), "{out}");
}

#[test]
fn check_strict_fails_a_draft_with_placeholders_left() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "mou", "a.toml");
    assert_eq!(code(&fixture(dir.path(), &["check", "a.toml"])), 0);
    let o = fixture(dir.path(), &["check", "--strict", "a.toml"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(stdout(&o).contains("--strict:"), "{}", stdout(&o));
}

// ── library discovery ────────────────────────────────────────────────────────────────────

/// A library exported into `root/lib`, with one clause broken so lint tells it from the
/// built-in library.
fn exported_and_broken() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let o = run(root.path(), &["export-library", "lib"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("caredraft.toml"), "{}", stderr(&o));
    let lib = root.path().join("lib");
    edit(&lib.join("clauses/general/costs.md"), |t| t.replacen("title = ", "colour = \"red\"\ntitle = ", 1));
    (root, lib)
}

#[test]
fn lint_inside_an_exported_library_checks_that_library_without_library_flag() {
    let (_root, lib) = exported_and_broken();
    assert!(lib.join("caredraft.toml").is_file());
    let o = run(&lib, &["lint"]);
    let out = stdout(&o);
    assert_eq!(code(&o), 1, "{out}");
    assert!(out.contains("clauses/general/costs.md:3:1: error: unknown field `colour`"), "{out}");
    assert!(out.contains("(library: ., from caredraft.toml)"), "{out}");

    // From a folder below, the paths lead back to the file.
    let o = run(&lib.join("clauses/general"), &["lint"]);
    let out = stdout(&o);
    assert!(out.contains("../../clauses/general/costs.md:3:1: error"), "{out}");
    assert!(out.contains("(library: ../.., from ../../caredraft.toml)"), "{out}");
}

#[test]
fn the_flag_beats_the_environment_which_beats_caredraft_toml_which_beats_built_in() {
    let (root, lib) = exported_and_broken();
    let lib_s = lib.display().to_string();
    // Outside any library: built-in, which lints clean.
    let o = run(root.path(), &["lint"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("(library: built-in)"), "{}", stdout(&o));
    // CAREDRAFT_LIBRARY names the broken one.
    let o = run_env(root.path(), &["lint"], Some(&lib_s));
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(stdout(&o).contains(&format!("(library: {lib_s}, from CAREDRAFT_LIBRARY)")), "{}", stdout(&o));
    // Inside the library, the environment still wins over caredraft.toml ...
    let o = run_env(&lib, &["lint"], Some(FIXTURE));
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("from CAREDRAFT_LIBRARY"), "{}", stdout(&o));
    // ... and --library wins over both.
    let o = run_env(&lib, &["--library", FIXTURE, "lint"], Some(&lib_s));
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("from --library"), "{}", stdout(&o));
}

#[test]
fn render_and_init_say_which_library_they_used() {
    let (_root, lib) = exported_and_broken();
    edit(&lib.join("clauses/general/costs.md"), |t| t.replacen("colour = \"red\"\n", "", 1));
    let matter = lib.join("matters");
    std::fs::create_dir(&matter).unwrap();
    let o = run(&matter, &["init", "--variant", "mou", "a.toml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("library: .., from ../caredraft.toml"), "{}", stderr(&o));
    let o = run(&matter, &["render", "a.toml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("drafted with caredraft NHS integrated care library"), "{}", stderr(&o));
    assert!(stderr(&o).contains("(library: .., from ../caredraft.toml)"), "{}", stderr(&o));
}

#[test]
fn a_broken_caredraft_toml_is_placed_and_stops_the_command() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("caredraft.toml"), "library = 3\n").unwrap();
    let o = run(dir.path(), &["variants"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("caredraft.toml:1:11: error: invalid type"), "{}", stderr(&o));
}

// ── lint for editors and CI ──────────────────────────────────────────────────────────────

#[test]
fn lint_json_gives_every_diagnostic_with_file_line_column_severity_message_and_code() {
    let lib = fixture_copy();
    let term = lib.path().join("clauses/core/term.md");
    edit(&term, |t| format!("{t}\nThe term is {{{{ term_yaers }}}} years.\n"));
    let line = line_of(&term, "term_yaers") as u64;
    let review = lib.path().join("clauses/core/review.md");
    edit(&review, |t| t.replace("note = \"A fixture clause for the engine tests.\"\n", ""));
    let lib_s = lib_arg(lib.path());

    let o = run(lib.path(), &["--library", &lib_s, "lint", "--format", "json"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is one JSON document");
    let list = list.as_array().expect("an array");
    let error = list.iter().find(|d| d["severity"] == "error").expect("the error");
    assert_eq!(error["file"], format!("{lib_s}/clauses/core/term.md"));
    assert_eq!((error["line"].as_u64(), error["column"].as_u64()), (Some(line), Some(16)), "{error}");
    assert!(error["message"].as_str().unwrap().contains("`term_yaers`, which is not a declared question"), "{error}");
    assert_eq!(error["code"], "unknown-variable");
    assert!(list.iter().any(|d| d["severity"] == "warning" && d["code"] == "no-note"), "{list:?}");
    assert!(stderr(&o).starts_with("lint: 1 error, "), "the summary goes to stderr: {}", stderr(&o));
}

#[test]
fn lint_json_carries_the_hints_the_subject_and_the_end_of_each_problem() {
    let lib = fixture_copy();
    let term = lib.path().join("clauses/core/term.md");
    edit(&term, |t| {
        format!("{t}\nThe term is {{{{ term_yaers }}}} years{{% if variant.id == \"alliace\" %}}.{{% endif %}}\n")
    });
    let line = line_of(&term, "term_yaers") as u64;
    let lib_s = lib_arg(lib.path());
    let o = run(lib.path(), &["--library", &lib_s, "lint", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is one JSON document");
    let list = list.as_array().expect("an array");
    let variable = list.iter().find(|d| d["code"] == "unknown-variable").expect("the unknown variable");
    assert_eq!(variable["subject"], serde_json::json!({"kind": "question", "id": "term_yaers"}), "{variable}");
    assert_eq!(variable["hints"], serde_json::json!(["did you mean `term_years`?"]), "{variable}");
    assert!(
        !variable["message"].as_str().unwrap().contains("did you mean"),
        "the hint is not in the message: {variable}"
    );
    // The end is just past the name: `term_yaers` is 10 characters from column 16.
    assert_eq!((variable["end_line"].as_u64(), variable["end_column"].as_u64()), (Some(line), Some(26)), "{variable}");
    let variant = list.iter().find(|d| d["code"] == "unknown-variant").expect("the unknown variant id");
    assert_eq!(variant["subject"], serde_json::json!({"kind": "variant", "id": "alliace"}), "{variant}");
    assert_eq!(variant["hints"], serde_json::json!(["did you mean `alliance`?"]), "{variant}");
    // Every problem has the fields, null or empty where there is nothing to say.
    for d in list {
        for key in ["end_line", "end_column", "hints", "subject"] {
            assert!(d.get(key).is_some(), "{key} missing from {d}");
        }
    }
}

#[test]
fn a_did_you_mean_is_a_help_line_under_the_message() {
    let lib = fixture_copy();
    let term = lib.path().join("clauses/core/term.md");
    edit(&term, |t| format!("{t}\nThe term is {{{{ term_yaers }}}} years.\n"));
    let line = line_of(&term, "term_yaers");
    let lib_s = lib_arg(lib.path());
    let o = run(lib.path(), &["--library", &lib_s, "lint"]);
    let out = stdout(&o);
    let expected = format!(
        "{lib_s}/clauses/core/term.md:{line}:16: error: uses `term_yaers`, which is not a declared question \
         (templates/questions/*.toml)\n  = help: did you mean `term_years`?\n"
    );
    assert!(out.contains(&expected), "{out}");
}

#[test]
fn deny_warnings_fails_a_library_with_only_warnings() {
    let lib = fixture_copy();
    let review = lib.path().join("clauses/core/review.md");
    edit(&review, |t| t.replace("note = \"A fixture clause for the engine tests.\"\n", ""));
    let lib_s = lib_arg(lib.path());
    let o = run(lib.path(), &["--library", &lib_s, "lint"]);
    assert_eq!(code(&o), 0, "warnings alone pass: {}", stdout(&o));
    assert!(stdout(&o).contains("review.md:2:1: warning: no drafting note"), "{}", stdout(&o));
    let o = run(lib.path(), &["--library", &lib_s, "lint", "--deny-warnings"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(stdout(&o).contains("failed: --deny-warnings"), "{}", stdout(&o));
    let o = run(lib.path(), &["--library", FIXTURE, "lint", "--deny-warnings", "--format", "json"]);
    assert_eq!(code(&o), 0, "a clean library passes: {}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "[]");
}

// ── answers files across library changes ─────────────────────────────────────────────────

/// The fixture library, one version on: `term_years` renamed `initial_term_years`, a new
/// question `review_months` and a new list `advisers`.
fn next_version_of_fixture() -> tempfile::TempDir {
    let lib = fixture_copy();
    let questions = lib.path().join("templates/questions/40-term.toml");
    edit(&questions, |t| {
        let t = t.replace("term_years", "initial_term_years").replacen(
            "id = \"initial_term_years\"",
            "id = \"initial_term_years\"\nrenamed_from = [\"term_years\"]",
            1,
        );
        format!(
            "{t}\n[[questions]]\nid = \"review_months\"\ntype = \"number\"\nlabel = \"Months between reviews\"\n\
             default = 12\n\n[[questions]]\nid = \"advisers\"\ntype = \"records\"\nlabel = \"Advisers\"\n\
             fields = [{{ id = \"name\", type = \"text\", label = \"Name\" }}]\n"
        )
    });
    for clause in walk(&lib.path().join("clauses")) {
        edit(&clause, |t| t.replace("term_years", "initial_term_years"));
    }
    edit(&lib.path().join("templates/library.toml"), |t| t.replace("0.1.0", "0.2.0"));
    // No template reads the new questions yet: the memorandum's frame asks them.
    edit(&lib.path().join("templates/variants/mou.toml"), |t| {
        t.replace("questions = [\"notice_months\"]", "questions = [\"notice_months\", \"review_months\", \"advisers\"]")
    });
    let o = run(lib.path(), &["--library", &lib_arg(lib.path()), "lint"]);
    assert_eq!(code(&o), 0, "the next version lints clean: {}", stdout(&o));
    lib
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "md" || e == "toml") {
            files.push(path);
        }
    }
    files
}

#[test]
fn init_records_the_library_and_a_later_version_is_named_not_silent() {
    let dir = tempfile::tempdir().unwrap();
    let a = init(dir.path(), "mou", "a.toml");
    let text = std::fs::read_to_string(&a).unwrap();
    assert!(
        text.contains("library = { name = \"caredraft NHS integrated care library\", version = \"0.1.0\" }"),
        "{text}"
    );
    let lib = next_version_of_fixture();
    let o = run(dir.path(), &["--library", &lib_arg(lib.path()), "render", "a.toml"]);
    assert_eq!(code(&o), 0, "a warning, not a failure: {}", stderr(&o));
    let line = line_of(&a, "library = {");
    assert!(
        stderr(&o).contains(&format!(
            "a.toml:{line}:11: warning: made with version 0.1.0 of the library; this is version 0.2.0"
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_answer_under_a_renamed_id_keeps_working_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let a = init(dir.path(), "mou", "a.toml");
    edit(&a, |t| t.replace("term_years = 5", "term_years = 7"));
    let lib = next_version_of_fixture();
    let o = run(dir.path(), &["--library", &lib_arg(lib.path()), "render", "a.toml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let line = line_of(&a, "term_years = 7");
    assert!(
        stderr(&o)
            .contains(&format!("a.toml:{line}:1: warning: question `term_years` was renamed `initial_term_years`")),
        "{}",
        stderr(&o)
    );
    let md = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(md.contains("seven years") || md.contains("7 years"), "the old answer is used: {md}");

    // Both ids answered: which one wins is not guessed.
    edit(&a, |t| t.replace("term_years = 7", "term_years = 7\ninitial_term_years = 8"));
    let o = run(dir.path(), &["--library", &lib_arg(lib.path()), "check", "a.toml"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("`term_years` is the old id of `initial_term_years`, which is also answered"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn init_update_adds_new_questions_renames_old_ids_and_keeps_answers_and_comments() {
    let dir = tempfile::tempdir().unwrap();
    let a = init(dir.path(), "mou", "a.toml");
    edit(&a, |t| {
        format!("# Northmoor: agreed at the board of 1 May\n{t}")
            .replace("system_name = \"\"", "system_name = \"Northmoor\"  # as the ICB spells it")
            .replace("term_years = 5", "term_years = 7")
    });
    let before = std::fs::read_to_string(&a).unwrap();
    let lib = next_version_of_fixture();
    let lib_s = lib_arg(lib.path());

    let o = run(dir.path(), &["--library", &lib_s, "init", "--update", "a.toml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "a.toml: added 2 questions (`review_months`, `advisers`); renamed `term_years` to `initial_term_years`; \
             recorded the library's name and version"
        ),
        "{}",
        stderr(&o)
    );
    let after = std::fs::read_to_string(&a).unwrap();
    // Everything the drafter wrote is still there, word for word.
    assert!(after.starts_with("# Northmoor: agreed at the board of 1 May\n"), "{after}");
    assert!(after.contains("system_name = \"Northmoor\"  # as the ICB spells it"), "{after}");
    assert!(after.contains("\ninitial_term_years = 7\n") && !after.contains("\nterm_years"), "{after}");
    assert!(after.contains("# Months between reviews\n# Type: a whole number\nreview_months = 12\n"), "{after}");
    let (records, clauses) = (after.find("[[answers.advisers]]"), after.find("[clauses]"));
    assert!(records.is_some() && records < clauses, "a new list goes with the answers: {after}");
    assert!(after.contains("version = \"0.2.0\""), "{after}");
    // Only additions and the two edits: every line of the old file is still there.
    let kept = before
        .lines()
        .filter(|l| !l.starts_with("term_years") && !l.starts_with("library ="))
        .all(|l| after.contains(l));
    assert!(kept, "{after}");

    // Now it checks clean against the new library, without warnings, and a second update
    // changes nothing.
    let o = run(dir.path(), &["--library", &lib_s, "check", "a.toml"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(!stdout(&o).contains("warning"), "{}", stdout(&o));
    let o = run(dir.path(), &["--library", &lib_s, "init", "--update", "a.toml"]);
    assert!(stderr(&o).contains("already up to date"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&a).unwrap(), after);
}

#[test]
fn init_update_of_a_file_that_is_not_toml_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.toml");
    std::fs::write(&a, "format = 1\nvariant = \"mou\"\n[answers\n").unwrap();
    let o = fixture(dir.path(), &["init", "--update", "a.toml"]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("a.toml:3:9: error: not valid TOML"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "format = 1\nvariant = \"mou\"\n[answers\n");
}

// ── files that are not clauses, and paths that are not drafts ───────────────────────────

#[test]
fn a_readme_inside_clauses_is_ignored_and_said_to_be() {
    let lib = fixture_copy();
    std::fs::write(lib.path().join("clauses/README.md"), "# Our clauses\n\nOne file per clause.\n").unwrap();
    std::fs::write(lib.path().join("clauses/core/readme.md"), "Core clauses.\n").unwrap();
    let o = run(lib.path(), &["--library", &lib_arg(lib.path()), "lint"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let summary = stdout(&o);
    assert!(summary.starts_with("lint: 0 errors, 0 warnings in "), "{summary}");
    assert!(summary.contains(" files, 2 READMEs ignored (library: "), "{summary}");
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["--library", &lib_arg(lib.path()), "init", "--variant", "mou", "a.toml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run(dir.path(), &["--library", &lib_arg(lib.path()), "render", "a.toml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // Any other Markdown file without front matter is still a broken clause file.
    std::fs::write(lib.path().join("clauses/core/notes.md"), "Core clauses.\n").unwrap();
    let o = run(lib.path(), &["--library", &lib_arg(lib.path()), "lint"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(stdout(&o).contains("notes.md:1:1: error: a clause file must start with a `+++` line"), "{}", stdout(&o));
}

#[cfg(unix)]
#[test]
fn out_to_a_device_or_a_folder_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "mou", "a.toml");
    for (out, says) in [
        ("/dev/null", "--out /dev/null: a device or special file, not a base path"),
        (".", "--out .: a folder, not a base path"),
        ("drafts/", "--out drafts/: a folder, not a base path"),
    ] {
        let o = fixture(dir.path(), &["render", "a.toml", "--out", out]);
        assert_eq!(code(&o), 2, "{out}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{out}: {}", stderr(&o));
        assert!(stderr(&o).contains("caredraft adds .md and .docx"), "{}", stderr(&o));
    }
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec![std::ffi::OsString::from("a.toml")], "nothing written");
    // A draft path that is a folder is refused too, not written into.
    std::fs::create_dir(dir.path().join("a.md")).unwrap();
    let o = fixture(dir.path(), &["render", "a.toml"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("a.md: exists and is not a regular file"), "{}", stderr(&o));
}

// ── scaffolds ────────────────────────────────────────────────────────────────────────────

#[test]
fn new_clause_writes_a_clause_that_lints_clean_and_appears_in_the_draft() {
    let lib = fixture_copy();
    let lib_s = lib_arg(lib.path());
    std::fs::write(lib.path().join("caredraft.toml"), "library = \".\"\n").unwrap();
    let o = run(lib.path(), &["new", "clause", "governance/safeguarding", "--variant", "mou"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("created clauses/governance/safeguarding.md"), "{}", stderr(&o));
    assert!(stderr(&o).contains("edited  templates/variants/mou.toml"), "{}", stderr(&o));
    let text = std::fs::read_to_string(lib.path().join("clauses/governance/safeguarding.md")).unwrap();
    for key in ["id = \"safeguarding\"", "title = \"Safeguarding\"", "note = ", "[provenance]"] {
        assert!(text.contains(key), "{key} in {text}");
    }
    // Membership is the frame's: the clause does not repeat it.
    assert!(!text.contains("variants"), "{text}");
    let o = run(lib.path(), &["lint", "--deny-warnings"]);
    assert_eq!(code(&o), 0, "lints clean, without warnings: {}", stdout(&o));

    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["--library", &lib_s, "init", "--variant", "mou", "a.toml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run(dir.path(), &["--library", &lib_s, "render", "a.toml", "--format", "md"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(md.contains("Safeguarding"), "{md}");

    // The same id twice, a bad name and an unknown variant are refused, and nothing written.
    for (args, says) in [
        (vec!["new", "clause", "other/safeguarding"], "clause id `safeguarding` is already used by"),
        (vec!["new", "clause", "Safeguarding"], "name the clause as AREA/NAME"),
        (vec!["new", "clause", "a/Bad_Name"], "not a valid clause id"),
        (vec!["new", "clause", "a/b", "--variant", "mouu"], "unknown variant `mouu`"),
    ] {
        let o = run(lib.path(), &args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
    assert!(!lib.path().join("clauses/other").exists() && !lib.path().join("clauses/a").exists());
}

#[test]
fn new_needs_a_library_folder() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["new", "clause", "governance/safeguarding"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("export-library DIR"), "{}", stderr(&o));
}

/// The answers keys `init` writes (question ids and `[[answers.ID]]` tables), in order.
fn asked_keys(answers: &Path) -> Vec<String> {
    std::fs::read_to_string(answers)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && (l.contains(" = ") || l.starts_with("[[")))
        .map(|l| l.split(" = ").next().unwrap_or(l).to_string())
        .filter(|k| k != "variant" && k != "library" && k != "library_version")
        .collect()
}

/// Every file of a library folder with its text.
fn library_files(dir: &Path) -> std::collections::BTreeMap<PathBuf, String> {
    walk(dir)
        .into_iter()
        .map(|p| (p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read_to_string(&p).unwrap()))
        .collect()
}

#[test]
fn new_variant_is_one_new_frame_with_the_clauses_and_questions_of_the_one_it_copies() {
    let lib = fixture_copy();
    let lib_s = lib_arg(lib.path());
    let before = library_files(lib.path());
    let o = run(lib.path(), &["--library", &lib_s, "new", "variant", "s75-partnership", "--from", "mou"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("templates/variants/s75-partnership.toml"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("edited"), "no other file is touched: {}", stderr(&o));
    let mut after = library_files(lib.path());
    let frame = after.remove(Path::new("templates/variants/s75-partnership.toml")).expect("the new frame");
    assert_eq!(before, after, "every other file is as it was");
    assert!(
        frame.starts_with("id = \"s75-partnership\"\ntitle = \"Memorandum of Understanding (s75-partnership)\""),
        "{frame}"
    );
    let o = run(lib.path(), &["--library", &lib_s, "lint"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let o = run(lib.path(), &["--library", &lib_s, "variants"]);
    assert!(stdout(&o).contains("s75-partnership"), "{}", stdout(&o));

    // It asks the memorandum's questions, in the same order, and drafts the same clauses.
    let dir = tempfile::tempdir().unwrap();
    for v in ["mou", "s75-partnership"] {
        let o = run(dir.path(), &["--library", &lib_s, "init", "--variant", v, &format!("{v}.toml")]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let o = run(dir.path(), &["--library", &lib_s, "render", &format!("{v}.toml"), "--format", "md"]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    let mou = asked_keys(&dir.path().join("mou.toml"));
    assert!(mou.contains(&"quorum".to_string()) && mou.contains(&"[[answers.partners]]".to_string()), "{mou:?}");
    assert_eq!(asked_keys(&dir.path().join("s75-partnership.toml")), mou);
    let draft = |v: &str| std::fs::read_to_string(dir.path().join(format!("{v}.md"))).unwrap();
    assert_eq!(draft("s75-partnership").replace(" (s75-partnership)", ""), draft("mou"));

    // A second time, the id is taken.
    let o = run(lib.path(), &["--library", &lib_s, "new", "variant", "s75-partnership", "--from", "mou"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("variant `s75-partnership` already exists"), "{}", stderr(&o));
}

#[test]
fn a_question_no_template_of_a_variant_reads_is_not_asked_there_unless_its_frame_lists_it() {
    let lib = fixture_copy();
    let lib_s = lib_arg(lib.path());
    // A variant whose frame leaves out the decision-making clause, the only reader of
    // `majority_percent`.
    let mou = std::fs::read_to_string(lib.path().join("templates/variants/mou.toml")).unwrap();
    let s75 = mou.replace("id = \"mou\"", "id = \"s75\"").replace("\"decision-making\", ", "");
    assert_ne!(s75, mou.replace("id = \"mou\"", "id = \"s75\""));
    std::fs::write(lib.path().join("templates/variants/s75.toml"), &s75).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let asked = |variant: &str| {
        let name = format!("{variant}-{}.toml", std::fs::read_dir(dir.path()).unwrap().count());
        let o = run(dir.path(), &["--library", &lib_s, "init", "--variant", variant, &name]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        asked_keys(&dir.path().join(name))
    };
    let (mou_keys, s75_keys) = (asked("mou"), asked("s75"));
    assert!(mou_keys.contains(&"majority_percent".to_string()), "{mou_keys:?}");
    assert!(!s75_keys.contains(&"majority_percent".to_string()), "{s75_keys:?}");
    // (Nor is the clause's choice offered: the frame does not place it.)
    let without = |keys: &[String], left_out: &[&str]| -> Vec<String> {
        keys.iter().filter(|k| !left_out.contains(&k.as_str())).cloned().collect()
    };
    assert_eq!(s75_keys, without(&mou_keys, &["majority_percent", "decision-making"]), "the rest, in order");
    // Listing it in the frame's `questions` asks it all the same.
    std::fs::write(
        lib.path().join("templates/variants/s75.toml"),
        s75.replace("questions = [\"notice_months\"]", "questions = [\"notice_months\", \"majority_percent\"]"),
    )
    .unwrap();
    assert_eq!(asked("s75"), without(&mou_keys, &["decision-making"]));
    let o = run(lib.path(), &["--library", &lib_s, "lint", "--deny-warnings"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    // Listing one a template reads already is redundant: a warning at the entry.
    let frame = lib.path().join("templates/variants/s75.toml");
    edit(&frame, |t| t.replace("\"majority_percent\"]", "\"majority_percent\", \"quorum\"]"));
    let line = line_of(&frame, "\"quorum\"");
    let col = std::fs::read_to_string(&frame).unwrap().lines().nth(line - 1).unwrap().find("\"quorum\"").unwrap() + 1;
    let o = run(lib.path(), &["--library", &lib_s, "lint"]);
    assert!(
        stdout(&o).contains(&format!(
            "templates/variants/s75.toml:{line}:{col}: warning: `questions` lists `quorum`, which a template of this variant reads already"
        )),
        "{}",
        stdout(&o)
    );
}

#[test]
fn an_older_librarys_variants_lists_are_redundant_where_they_agree_and_errors_where_they_contradict() {
    let lib = fixture_copy();
    let lib_s = lib_arg(lib.path());
    let review = lib.path().join("clauses/core/review.md");
    let questions = lib.path().join("templates/questions/30-governance.toml");
    // Agreeing with the frames: a warning at each list, and the drafts are made.
    edit(&review, |t| t.replacen("title = \"Review\"\n", "title = \"Review\"\nvariants = [\"mou\"]\n", 1));
    edit(&questions, |t| {
        t.replacen("id = \"majority_percent\"\n", "id = \"majority_percent\"\nvariants = [\"mou\", \"alliance\"]\n", 1)
    });
    let o = run(lib.path(), &["--library", &lib_s, "lint"]);
    let out = stdout(&o);
    assert_eq!(code(&o), 0, "{out}");
    let at = |path: &Path, needle: &str| {
        (
            line_of(path, needle),
            std::fs::read_to_string(path).unwrap().lines().nth(line_of(path, needle) - 1).unwrap().find('[').unwrap()
                + 1,
        )
    };
    let (line, col) = at(&review, "variants = ");
    assert!(
        out.contains(&format!(
            "clauses/core/review.md:{line}:{col}: warning: `variants` only repeats which frames place this clause"
        )),
        "{out}"
    );
    let (qline, qcol) = at(&questions, "variants = ");
    assert!(
        out.contains(&format!(
            "templates/questions/30-governance.toml:{qline}:{qcol}: warning: `variants` only repeats"
        )),
        "{out}"
    );
    assert!(out.contains("lint: 0 errors, 2 warnings"), "{out}");

    // Contradicting them: an error at the list, and render refuses, writing nothing.
    edit(&review, |t| t.replace("variants = [\"mou\"]", "variants = [\"alliance\"]"));
    edit(&questions, |t| t.replace("variants = [\"mou\", \"alliance\"]", "variants = [\"alliance\", \"aco-full\"]"));
    let o = run(lib.path(), &["--library", &lib_s, "lint"]);
    let out = stdout(&o);
    assert_eq!(code(&o), 1, "{out}");
    assert!(
        out.contains(&format!(
            "clauses/core/review.md:{line}:{}: error: `variants` lists `alliance`, but templates/variants/alliance.toml does not place this clause",
            col + 1
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "clauses/core/review.md:{line}:{col}: error: `variants` leaves out `mou`, but templates/variants/mou.toml places this clause"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "templates/questions/30-governance.toml:{qline}:{}: error: `variants` lists `aco-full`, but no template of `aco-full` reads `majority_percent`",
            qcol + 13
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "templates/questions/30-governance.toml:{qline}:{qcol}: error: `variants` leaves out `mou`, but a template of `mou` reads `majority_percent`"
        )),
        "{out}"
    );
    let dir = tempfile::tempdir().unwrap();
    let a = init(dir.path(), "mou", "a.toml");
    let o = run(dir.path(), &["--library", &lib_s, "render", a.to_str().unwrap()]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("review.md:{line}:{col}: error: `variants` leaves out `mou`")),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing written beside a.toml");
}

#[test]
fn new_variant_names_the_templates_that_tell_variants_apart_by_id() {
    let lib = fixture_copy();
    let term = lib.path().join("clauses/core/term.md");
    edit(&term, |t| format!("{t}\n{{% if variant.id == \"mou\" %}}Only in a memorandum.{{% endif %}}\n"));
    let line = line_of(&term, "Only in a memorandum");
    let o = run(lib.path(), &["--library", &lib_arg(lib.path()), "new", "variant", "s75", "--from", "mou"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("review these: they tell variants apart by id"), "{err}");
    assert!(err.contains(&format!("clauses/core/term.md:{line}: {{% if variant.id == \"mou\" %}}Only")), "{err}");
    assert_eq!(err.matches("review these").count(), 1, "{err}");
    assert!(!err.contains("variants = ["), "membership lists are not named: {err}");
}

// ── JSON Schema for answers files ────────────────────────────────────────────────────────

/// An answers file as the JSON an editor's schema check sees (TOML dates as strings).
fn toml_as_json(text: &str) -> serde_json::Value {
    fn convert(v: &toml::Value) -> serde_json::Value {
        match v {
            toml::Value::String(s) => s.clone().into(),
            toml::Value::Integer(i) => (*i).into(),
            toml::Value::Float(f) => (*f).into(),
            toml::Value::Boolean(b) => (*b).into(),
            toml::Value::Datetime(d) => d.to_string().into(),
            toml::Value::Array(a) => a.iter().map(convert).collect(),
            toml::Value::Table(t) => t.iter().map(|(k, v)| (k.clone(), convert(v))).collect(),
        }
    }
    convert(&toml::from_str::<toml::Value>(text).expect("valid TOML"))
}

#[test]
fn the_answers_schema_accepts_what_init_writes_and_rejects_what_render_rejects() {
    let dir = tempfile::tempdir().unwrap();
    for variant in ["mou", "alliance", "aco-partial", "aco-full"] {
        let o = fixture(dir.path(), &["schema", "--variant", variant]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let schema: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
        let answers = init(dir.path(), variant, &format!("{variant}.toml"));
        let text = std::fs::read_to_string(&answers).unwrap();
        let errors: Vec<String> = validator.iter_errors(&toml_as_json(&text)).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{variant}: init's file fails its schema: {errors:?}");
        assert_eq!(schema["properties"]["variant"]["const"], variant);
    }
    let schema: serde_json::Value =
        serde_json::from_slice(&fixture(dir.path(), &["schema", "--variant", "mou"]).stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let text = std::fs::read_to_string(dir.path().join("mou.toml")).unwrap();
    for (from, to) in [
        ("term_years = 5", "term_years = \"five\""),
        ("term_years = 5", "term_yaers = 5"),
        ("decision-making = \"consensus\"", "decision-making = \"consensos\""),
        ("framework = \"current\"", "framework = \"2019\""),
    ] {
        assert!(text.contains(from), "{from}");
        let bad = toml_as_json(&text.replace(from, to));
        assert!(!validator.is_valid(&bad), "the schema lets `{to}` through");
    }
    let q = &schema["properties"]["answers"]["properties"]["term_years"];
    assert_eq!(q["title"], "Initial term in years");
    assert_eq!(q["default"], 5);
    let o = fixture(dir.path(), &["schema", "--variant", "nope"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
}

// ── the reference page cannot drift from the parser ──────────────────────────────────────

const REFERENCE: &str = include_str!("../docs/library-reference.md");

/// The keys a `deny_unknown_fields` type accepts, read from serde's own error for an unknown
/// key ("unknown field `x`, expected one of `a`, `b`"), so the list is the parser's.
fn accepted_keys<T: serde::de::DeserializeOwned>() -> Vec<String> {
    let err = match toml::from_str::<T>("zz_not_a_key = 1") {
        Ok(_) => panic!("an unknown key was accepted"),
        Err(e) => e.message().to_string(),
    };
    names_after_expected(&err)
}

/// The values an enum accepts, from serde's error for an unknown one.
fn accepted_values<T: serde::de::DeserializeOwned>() -> Vec<String> {
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Probe<T> {
        v: T,
    }
    let err = match toml::from_str::<Probe<T>>("v = \"zz-not-a-value\"") {
        Ok(_) => panic!("an unknown value was accepted"),
        Err(e) => e.message().to_string(),
    };
    names_after_expected(&err)
}

fn names_after_expected(err: &str) -> Vec<String> {
    let list = err.split("expected").nth(1).unwrap_or_else(|| panic!("no list in: {err}"));
    // The list ends where the sentence does: before any explanation in brackets or a new line.
    let list = list.split(['(', '\n']).next().unwrap_or(list);
    let names: Vec<String> = list.split('`').skip(1).step_by(2).map(str::to_string).collect();
    assert!(!names.is_empty(), "no names in: {err}");
    names
}

/// The part of the page under `### heading`, up to the next heading.
fn section(heading: &str) -> &'static str {
    let marker = format!("\n### {heading}\n");
    let start = REFERENCE.find(&marker).unwrap_or_else(|| panic!("docs/library-reference.md has no `### {heading}`"));
    let rest = &REFERENCE[start + marker.len()..];
    &rest[..rest.find("\n#").unwrap_or(rest.len())]
}

fn assert_documented(heading: &str, keys: &[String]) {
    let text = section(heading);
    let missing: Vec<&String> = keys.iter().filter(|k| !text.contains(&format!("| `{k}` |"))).collect();
    assert!(missing.is_empty(), "docs/library-reference.md, `### {heading}`, does not document {missing:?}");
}

#[test]
fn the_reference_page_documents_every_key_and_type_the_parser_accepts() {
    use caredraft::library::*;
    assert_documented("library.toml", &accepted_keys::<LibraryMeta>());
    assert_documented("Frame: templates/variants/ID.toml", &accepted_keys::<Variant>());
    assert_documented("[[parties]]", &accepted_keys::<PartySource>());
    assert_documented("[[parts]]", &accepted_keys::<Part>());
    assert_documented("Questions file: templates/questions/NN-NAME.toml", &accepted_keys::<Section>());
    assert_documented("[[questions]]", &accepted_keys::<Question>());
    assert_documented("options", &accepted_keys::<Choice>());
    assert_documented("[[rules]]", &accepted_keys::<Rule>());
    assert_documented("Clause front matter", &accepted_keys::<ClauseFront>());
    assert_documented("alternatives", &accepted_keys::<Alternative>());
    assert_documented("[[defines]]", &accepted_keys::<TermDefinition>());
    assert_documented("[provenance]", &accepted_keys::<ProvenanceFront>());
    assert_documented("Question types", &accepted_values::<QuestionKind>());
    let kinds = accepted_values::<ClauseKind>();
    let front = section("Clause front matter");
    for k in kinds {
        assert!(front.contains(&format!("`\"{k}\"`")), "clause kind `{k}` is not documented");
    }

    // caredraft.toml's keys, from the binary's own error.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("caredraft.toml"), "zz_not_a_key = 1\n").unwrap();
    let o = run(dir.path(), &["variants"]);
    assert_documented("caredraft.toml", &names_after_expected(&stderr(&o)));
}

#[test]
fn the_drift_check_itself_notices_a_missing_key() {
    // The probe reads real lists, and a key that is not on the page is caught.
    let keys = accepted_keys::<caredraft::library::Part>();
    assert_eq!(keys, ["title", "clauses"]);
    let text = section("[[parts]]");
    assert!(!text.contains("| `colour` |"));
    let result = std::panic::catch_unwind(|| assert_documented("[[parts]]", &["colour".to_string()]));
    assert!(result.is_err(), "an undocumented key must fail the check");
}

#[test]
fn lint_refuses_a_rename_from_an_id_that_is_still_asked() {
    let lib = next_version_of_fixture();
    let questions = lib.path().join("templates/questions/40-term.toml");
    edit(&questions, |t| {
        t.replace("renamed_from = [\"term_years\"]", "renamed_from = [\"term_years\", \"notice_months\"]")
    });
    let line = line_of(&questions, "renamed_from");
    let o = run(lib.path(), &["--library", &lib_arg(lib.path()), "lint"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(
        stdout(&o).contains(&format!(
            "40-term.toml:{line}:32: error: `initial_term_years` is renamed from `notice_months`, but `notice_months` is still a question"
        )),
        "{}",
        stdout(&o)
    );
}

#[test]
fn check_covers_the_companion_documents_of_a_pack() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "alliance", "a.toml");
    let o = fixture(dir.path(), &["check", "--strict", "a.toml"]);
    let out = stdout(&o);
    assert_eq!(code(&o), 1, "{out}");
    assert!(out.contains("a.toml: error: Side Letter: --strict: "), "{out}");
    assert!(out.contains("a.toml: error: Provider Letter"), "{out}");
}

#[test]
fn a_library_named_by_the_environment_or_caredraft_toml_that_is_missing_is_named_with_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_env(dir.path(), &["lint"], Some("no/such/lib"));
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("CAREDRAFT_LIBRARY=no/such/lib: no such folder"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("(library: built-in)"), "the library is not known yet: {}", stderr(&o));
    std::fs::write(dir.path().join("caredraft.toml"), "# ours\nlibrary = \"../mylib\"\n").unwrap();
    let o = run(dir.path(), &["lint"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "caredraft.toml:2:11: error: library `../mylib`: no such folder; the path is read relative to this file"
        ),
        "{}",
        stderr(&o)
    );
}

// ── JSON Schemas for the library's own files ─────────────────────────────────────────────

fn library_file_schema(kind: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["schema", "--library-file", kind]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

fn property_names(schema: &serde_json::Value) -> Vec<String> {
    let mut names: Vec<String> = schema["properties"].as_object().expect("properties").keys().cloned().collect();
    names.sort();
    names
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// A clause file's front matter, as text.
fn front_matter(text: &str) -> String {
    text.split("+++").nth(1).expect("front matter").to_string()
}

#[test]
fn library_file_schemas_accept_every_file_of_both_libraries_and_match_the_parser() {
    use caredraft::library::*;
    let roots = [Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(), PathBuf::from(FIXTURE)];
    let cases: [(&str, Vec<String>, &str); 5] = [
        ("library", accepted_keys::<LibraryMeta>(), "templates/library.toml"),
        ("frame", accepted_keys::<Variant>(), "templates/variants"),
        ("frame", accepted_keys::<Variant>(), "templates/companions"),
        ("questions", accepted_keys::<Section>(), "templates/questions"),
        ("front-matter", accepted_keys::<ClauseFront>(), "clauses"),
    ];
    for (kind, keys, place) in cases {
        let schema = library_file_schema(kind);
        assert_eq!(property_names(&schema), sorted(keys), "{kind}: the schema's keys are the parser's");
        let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
        let mut checked = 0;
        for root in &roots {
            let path = root.join(place);
            let files = if path.is_dir() { walk(&path) } else { vec![path] };
            for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "toml" || e == "md")) {
                let text = std::fs::read_to_string(file).unwrap();
                if file.file_name().is_some_and(|n| n.eq_ignore_ascii_case("readme.md")) {
                    continue;
                }
                let toml_text = if kind == "front-matter" { front_matter(&text) } else { text };
                let errors: Vec<String> = validator
                    .iter_errors(&toml_as_json(&toml_text))
                    .map(|e| format!("{e} at {}", e.instance_path()))
                    .collect();
                assert!(errors.is_empty(), "{}: {errors:?}", file.display());
                checked += 1;
            }
        }
        assert!(checked > 0, "{kind}: no files checked");
    }
    // Nested tables too: a question's keys, and a misspelt one is caught.
    let questions = library_file_schema("questions");
    let question = &questions["$defs"]["questions"];
    assert_eq!(property_names(question), sorted(accepted_keys::<Question>()));
    let validator = jsonschema::validator_for(&questions).unwrap();
    let bad = toml_as_json(
        "id = \"s\"\ntitle = \"S\"\n[[questions]]\nid = \"q\"\ntype = \"text\"\nlabel = \"Q\"\nrequird = true\n",
    );
    assert!(!validator.is_valid(&bad), "a misspelt question key is flagged");
    let bad = toml_as_json("id = \"s\"\ntitle = \"S\"\n[[questions]]\nid = \"q\"\ntype = \"txt\"\nlabel = \"Q\"\n");
    assert!(!validator.is_valid(&bad), "an unknown question type is flagged");
}

#[test]
fn help_lists_the_maintainers_commands_and_how_the_library_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["--help"]);
    assert_eq!(code(&o), 0);
    for cmd in ["check", "new", "schema"] {
        assert!(stdout(&o).contains(&format!("\n  {cmd} ")), "{cmd}: {}", stdout(&o));
    }
    assert!(stdout(&o).contains("CAREDRAFT_LIBRARY") && stdout(&o).contains("caredraft.toml"), "{}", stdout(&o));
    let o = run(dir.path(), &["chek"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("did you mean `caredraft check`?"), "{}", stderr(&o));
}

#[test]
fn check_star_toml_in_a_matters_folder_skips_its_caredraft_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("caredraft.toml"), format!("library = {:?}\n", FIXTURE)).unwrap();
    let o = run(dir.path(), &["init", "--variant", "mou", "a.toml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run(dir.path(), &["check", "a.toml", "caredraft.toml"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("caredraft.toml: skipped (caredraft's settings file"), "{}", stdout(&o));
    assert!(stdout(&o).contains("check: 1 answers file checked, 0 failed"), "{}", stdout(&o));
    // A `library` that is not the record init writes is named, not read as "made with `?`".
    edit(&dir.path().join("a.toml"), |t| {
        let start = t.find("library = {").unwrap();
        let end = start + t[start..].find('\n').unwrap();
        format!("{}library = \"mine\"{}", &t[..start], &t[end..])
    });
    let o = run(dir.path(), &["check", "a.toml"]);
    assert!(stdout(&o).contains("warning: `library` records the library the file was made with"), "{}", stdout(&o));
}

#[test]
fn check_json_gives_a_verdict_and_the_diagnostics_of_every_file() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "mou", "good.toml");
    let bad = init(dir.path(), "alliance", "bad.toml");
    edit(&bad, |t| t.replace("term_years = 5", "term_years = \"five\""));
    let line = line_of(&bad, "term_years = \"five\"") as u64;
    let o = fixture(dir.path(), &["check", "--format", "json", "good.toml", "bad.toml"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is one JSON document");
    assert_eq!((report["checked"].as_u64(), report["failed"].as_u64()), (Some(2), Some(1)), "{report}");
    assert_eq!(report["library"]["version"], "0.1.0");
    let files = report["files"].as_array().unwrap();
    assert_eq!((files[0]["file"].as_str(), files[0]["verdict"].as_str()), (Some("good.toml"), Some("ok")));
    assert_eq!(files[0]["variant"], "mou");
    let d = &files[1]["diagnostics"][0];
    assert_eq!((files[1]["verdict"].as_str(), d["severity"].as_str()), (Some("failed"), Some("error")));
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("bad.toml"), Some(line), Some(14))
    );
}
