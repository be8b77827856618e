//! Robustness, tried as an adversary would: a library that reaches for files outside itself,
//! files that never end, racing writers, a closed stdout, hostile characters in answers.
//! Every test drives the real binary.

mod common;

use common::*;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_caredraft"));
    c.env("SOURCE_DATE_EPOCH", "1798761600").env_remove("TERM");
    c
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin().args(args).current_dir(dir).stdin(Stdio::null()).output().expect("the binary runs")
}

/// Runs with the fixture library (or `lib`, a copy of it).
fn with_library(lib: &Path, dir: &Path, args: &[&str]) -> Output {
    let lib = lib.display().to_string();
    let mut all = vec!["--library", lib.as_str()];
    all.extend_from_slice(args);
    run_in(dir, &all)
}

/// A fresh folder holding `a.toml`, the fixture's answers for `variant` at their defaults.
fn answers_dir(variant: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let o = with_library(Path::new(FIXTURE), dir.path(), &["init", "--variant", variant, "a.toml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let path = dir.path().join("a.toml");
    (dir, path)
}

fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    let changed = f(text.clone());
    assert_ne!(changed, text, "the edit changed nothing");
    std::fs::write(path, changed).unwrap();
}

// ---------------------------------------------------------------------------------------
// A library reads only files inside itself, and only regular files of a sensible size.

#[cfg(unix)]
#[test]
fn a_partial_linked_to_a_file_outside_the_library_is_refused_and_lint_names_it() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, "SECRET-LINE-FROM-OUTSIDE").unwrap();
    let lib = fixture_copy();
    let partials = lib.path().join("templates/partials");
    std::os::unix::fs::symlink(&secret, partials.join("notes.md")).unwrap();
    // Also through a linked folder.
    std::os::unix::fs::symlink(outside.path(), partials.join("shared")).unwrap();
    edit(&partials.join("mou/background.md"), |t| format!("{t}\n{{% include \"templates/partials/notes.md\" %}}\n"));

    let (dir, _) = answers_dir("mou");
    let o = with_library(lib.path(), dir.path(), &["lint"]);
    let out = stdout(&o);
    assert_eq!(code(&o), 1, "{out}");
    assert!(
        out.contains("templates/partials/notes.md: error: is a symbolic link to")
            && out.contains("outside the library"),
        "{out}"
    );
    assert!(out.contains("templates/partials/shared: error: is a symbolic link to"), "{out}");
    assert!(!out.contains("SECRET-LINE"), "{out}");

    let o = with_library(lib.path(), dir.path(), &["render", "a.toml"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("outside the library"), "{}", stderr(&o));
    assert_eq!(files_in(dir.path()), ["a.toml"]);
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_library_is_read_and_a_link_that_loops_is_named() {
    let lib = fixture_copy();
    let partials = lib.path().join("templates/partials");
    // A link within the library is fine: the same text under another name.
    std::os::unix::fs::symlink(partials.join("execution.md"), partials.join("exec-link.md")).unwrap();
    // A folder linked back to its parent is read once, not forever.
    std::os::unix::fs::symlink(&partials, partials.join("mou/up")).unwrap();
    let (dir, _) = answers_dir("mou");
    let o = with_library(lib.path(), dir.path(), &["lint"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));

    std::os::unix::fs::symlink("loop-b.md", partials.join("loop-a.md")).unwrap();
    std::os::unix::fs::symlink("loop-a.md", partials.join("loop-b.md")).unwrap();
    let o = with_library(lib.path(), dir.path(), &["lint"]);
    let out = stdout(&o);
    assert_eq!(code(&o), 1, "{out}");
    assert!(
        out.contains("templates/partials/loop-a.md: error: is a symbolic link that loops or leads nowhere"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_library_or_as_the_answers_file_is_refused_without_hanging() {
    let lib = fixture_copy();
    let fifo = lib.path().join("clauses/core/pipe.md");
    rustix::fs::mkfifoat(rustix::fs::CWD, &fifo, rustix::fs::Mode::from_raw_mode(0o600)).unwrap();
    let (dir, _) = answers_dir("mou");
    let o = with_library(lib.path(), dir.path(), &["lint"]);
    let out = stdout(&o);
    assert_eq!(code(&o), 1, "{out}");
    assert!(out.contains("clauses/core/pipe.md: error: is a FIFO (named pipe), not a regular file"), "{out}");

    let answers = dir.path().join("fifo.toml");
    rustix::fs::mkfifoat(rustix::fs::CWD, &answers, rustix::fs::Mode::from_raw_mode(0o600)).unwrap();
    let o = with_library(Path::new(FIXTURE), dir.path(), &["render", "fifo.toml"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("fifo.toml: error: is a FIFO (named pipe), not a regular file"), "{}", stderr(&o));

    let o = with_library(Path::new(FIXTURE), dir.path(), &["render", "/dev/zero", "--out", "z"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("/dev/zero: error: is a device, not a regular file"), "{}", stderr(&o));
}

#[test]
fn a_huge_answers_file_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let big = std::fs::File::create(dir.path().join("big.toml")).unwrap();
    big.set_len(64 * 1024 * 1024).unwrap();
    let o = with_library(Path::new(FIXTURE), dir.path(), &["render", "big.toml"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("big.toml: error: is larger than 8 MiB"), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------------------
// A closed or full standard output is not a crash.

/// Runs with stdout a pipe whose reading end is already closed, as `| head -0` leaves it.
fn with_closed_stdout(dir: &Path, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let child = bin()
        .args(["--library", FIXTURE])
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn every_command_stops_quietly_when_stdout_is_closed() {
    let (dir, _) = answers_dir("mou");
    for args in [&["variants"][..], &["lint"], &["render", "a.toml"], &["--help"]] {
        let o = with_closed_stdout(dir.path(), args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o), "", "{args:?}");
    }
    // The drafts were written whole even though nobody read their names.
    assert_eq!(files_in(dir.path()), ["a.docx", "a.md", "a.toml"]);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_stdout_is_reported_not_a_panic() {
    let (dir, _) = answers_dir("mou");
    for args in [&["variants"][..], &["render", "a.toml", "--force"]] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let o = bin()
            .args(["--library", FIXTURE])
            .args(args)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o), "caredraft: standard output: the disk is full\n", "{args:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Answers: nothing in them reaches the terminal raw, and nothing is silently changed.

#[test]
fn escape_sequences_in_an_answers_file_never_reach_the_terminal() {
    let (dir, path) = answers_dir("mou");
    let hostile = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202E}";
    edit(&path, |t| t.replacen("[answers]\n", &format!("[answers]\n{} = 1\n", toml_string(hostile)), 1));
    let o = with_library(Path::new(FIXTURE), dir.path(), &["render", "a.toml"]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(err.contains("unknown question `\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{9b}31m\\u{202e}`"), "{err}");
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "a control character reached stderr: {err:?}");
    assert!(!err.contains('\u{202E}'), "{err:?}");

    // A key with a line break cannot forge a line that reads as another error.
    let forged = "\"x\\na.toml:1:1: error: all is well\" = 1\n";
    edit(&path, |t| t.replacen(&format!("{} = 1\n", toml_string(hostile)), forged, 1));
    let err = stderr(&with_library(Path::new(FIXTURE), dir.path(), &["render", "a.toml"]));
    assert!(err.contains("unknown question `x\\na.toml:1:1: error: all is well`"), "{err}");
    assert!(!err.lines().any(|l| l.starts_with("a.toml:1:1:")), "{err}");
}

#[test]
fn the_editor_refuses_a_dumb_terminal_and_points_to_render() {
    let (dir, _) = answers_dir("mou");
    let o = bin()
        .args(["--library", FIXTURE, "a.toml"])
        .env("TERM", "dumb")
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(code(&o), 2);
    assert_eq!(
        stderr(&o),
        "caredraft: the interactive editor cannot draw on a dumb terminal (TERM=dumb); use: caredraft render a.toml\n"
    );
}

#[test]
fn money_that_cannot_be_held_exactly_is_refused_with_its_place() {
    let (dir, path) = answers_dir("aco-full");
    let original = std::fs::read_to_string(&path).unwrap();
    for (written, expected) in [
        (
            "1e17",
            "`annual_budget` = 1e17: too large to hold exactly; amounts up to £9,999,999,999,999.99 are supported",
        ),
        (
            "100000000000000000",
            "`annual_budget` = 100000000000000000: too large to hold exactly; amounts up to £9,999,999,999,999.99",
        ),
        (
            "1.0000000000000001",
            "`annual_budget` = 1.0000000000000001: an amount in pounds has at most two decimal places",
        ),
    ] {
        std::fs::write(&path, &original).unwrap();
        edit(&path, |t| t.replacen("annual_budget = \"\"", &format!("annual_budget = {written}"), 1));
        let line = line_of(&path, "annual_budget =");
        let o = with_library(Path::new(FIXTURE), dir.path(), &["render", "a.toml"]);
        assert_eq!(code(&o), 1, "{written}");
        let err = stderr(&o);
        assert!(err.contains(&format!("a.toml:{line}:17: error: {expected}")), "{written}: {err}");
        assert_eq!(files_in(dir.path()), ["a.toml"]);
    }
}

#[test]
fn the_largest_exact_amount_reads_back_to_the_penny() {
    let dir = built_in_answers("aco-full-alternatives.toml", |t| {
        // The commissioners' contributions must still add up to the budget.
        t.replacen("annual_budget = 612345678.90", "annual_budget = 9_999_999_999_999.99", 1).replacen(
            "contribution = 512345678.90",
            "contribution = 9_999_899_999_999.99",
            1,
        )
    });
    let o = run_in(dir.path(), &["render", "a.toml", "--format", "md"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(md.contains("£9,999,999,999,999.99"), "{md}");
}

#[test]
fn invisible_reordering_characters_and_noncharacters_are_refused_where_they_stand() {
    let (dir, path) = answers_dir("mou");
    let original = std::fs::read_to_string(&path).unwrap();
    for (written, code_point) in [
        ("North\\u202Eeast", "U+202E"),
        ("North\u{202E}east", "U+202E"),
        ("North\\uFFFEeast", "U+FFFE"),
        ("North\\uFFFF", "U+FFFF"),
    ] {
        std::fs::write(&path, &original).unwrap();
        edit(&path, |t| t.replacen("system_name = \"\"", &format!("system_name = \"{written}\""), 1));
        let line = line_of(&path, "system_name =");
        let o = with_library(Path::new(FIXTURE), dir.path(), &["render", "a.toml"]);
        assert_eq!(code(&o), 1, "{written}");
        let err = stderr(&o);
        // Column 21: `system_name = "North` is 20 characters; the character follows.
        assert!(
            err.contains(&format!("a.toml:{line}:21: error: `system_name` contains {code_point}")),
            "{written}: {err}"
        );
        assert_eq!(files_in(dir.path()), ["a.toml"]);
    }
}

#[test]
fn spaces_around_a_name_are_dropped_so_it_stays_bold() {
    let (dir, path) = answers_dir("mou");
    edit(&path, |t| t.replacen("\nname = \"\"", "\nname = \"  Leeds Teaching Hospitals NHS Trust \"", 1));
    let o = with_library(Path::new(FIXTURE), dir.path(), &["render", "a.toml", "--format", "md"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(md.contains("(1) **Leeds Teaching Hospitals NHS Trust**"), "{md}");
}

/// `tests/fixtures/answers/NAME.toml` (answers for the built-in library) in a fresh folder as
/// `a.toml`, changed by `f`.
fn built_in_answers(name: &str, f: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/answers/").to_string() + name;
    std::fs::write(dir.path().join("a.toml"), std::fs::read_to_string(path).unwrap()).unwrap();
    edit(&dir.path().join("a.toml"), f);
    dir
}

#[test]
fn a_bare_carriage_return_in_a_paragraph_keeps_the_words_apart() {
    let dir = built_in_answers("aco-full-alternatives.toml", |t| {
        t.replacen("everyone registered with a GP practice", "everyone registered\\rwith a GP practice", 1)
    });
    let o = run_in(dir.path(), &["render", "a.toml", "--format", "md"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(md.contains("everyone registered\\\nwith a GP practice"), "{md}");
    assert!(!md.contains("registeredwith"), "{md}");
}

#[test]
fn counts_of_one_entry_read_as_one_entry() {
    let (dir, path) = answers_dir("alliance");
    // The fixture asks for at least one commissioner; none is given.
    edit(&path, |t| {
        let start = t.find("\n[[answers.commissioners]]").unwrap() + 1;
        let end = t[start + 1..].find("\n[").map_or(t.len(), |i| start + 1 + i);
        format!("{}{}", &t[..start], &t[end..]).replacen("[answers]\n", "[answers]\ncommissioners = []\n", 1)
    });
    let o = with_library(Path::new(FIXTURE), dir.path(), &["render", "a.toml"]);
    let err = stderr(&o);
    assert!(err.contains("`commissioners` needs at least 1 entry; it has 0"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Racing writers take turns.

#[cfg(unix)]
#[test]
fn a_render_waits_while_another_caredraft_writes_into_the_same_folder() {
    use rustix::fs::{FlockOperation, flock};
    use std::io::{BufRead, BufReader};

    let (dir, _) = answers_dir("mou");
    std::fs::write(dir.path().join("a.md"), "another run's draft").unwrap();
    // Stand in for another caredraft in the middle of writing: hold the folder's lock.
    let held = std::fs::File::open(dir.path()).unwrap();
    flock(&held, FlockOperation::LockExclusive).unwrap();

    let mut child = bin()
        .args(["--library", FIXTURE, "render", "a.toml", "--force"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    assert_eq!(first, "caredraft: waiting for another caredraft writing in the current folder");
    // While it waits, nothing of its own has been put in place.
    assert_eq!(std::fs::read_to_string(dir.path().join("a.md")).unwrap(), "another run's draft");
    assert!(!dir.path().join("a.docx").exists());

    drop(held);
    let status = child.wait().unwrap();
    assert!(status.success());
    let md = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(md.starts_with("# "), "{md}");
    assert_eq!(files_in(dir.path()), ["a.docx", "a.md", "a.toml"]);
}

fn docx_text(path: &Path) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn two_renders_racing_to_the_same_drafts_leave_a_matching_pair() {
    let (dir, path) = answers_dir("mou");
    let template = std::fs::read_to_string(&path).unwrap();
    for name in ["North", "South"] {
        let text = template.replacen("system_name = \"\"", &format!("system_name = \"{name}shire\""), 1);
        std::fs::write(dir.path().join(format!("{name}.toml")), text).unwrap();
    }
    for round in 0..8 {
        let children: Vec<_> = ["North", "South"]
            .iter()
            .map(|name| {
                bin()
                    .args(["--library", FIXTURE, "render", &format!("{name}.toml"), "--out", "draft", "--force"])
                    .current_dir(dir.path())
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let o = child.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", stderr(&o));
        }
        let md = std::fs::read_to_string(dir.path().join("draft.md")).unwrap();
        let docx = docx_text(&dir.path().join("draft.docx"));
        let md_says = if md.contains("Northshire") { "North" } else { "South" };
        let docx_says = if docx.contains("Northshire") { "North" } else { "South" };
        assert_eq!(md_says, docx_says, "round {round}: the .md and the .docx come from different runs");
    }
}

#[cfg(unix)]
#[test]
fn render_never_writes_a_draft_through_a_symbolic_link_even_with_force() {
    let (dir, _) = answers_dir("mou");
    // A link planted where the draft would go, leading to a file the user cares about.
    let elsewhere = tempfile::tempdir().unwrap();
    let precious = elsewhere.path().join("precious.txt");
    std::fs::write(&precious, "precious").unwrap();
    std::os::unix::fs::symlink(&precious, dir.path().join("a.md")).unwrap();
    let o = with_library(Path::new(FIXTURE), dir.path(), &["render", "a.toml", "--force"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("a.md: error: is a symbolic link to"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "precious");
    assert!(dir.path().join("a.md").symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(files_in(dir.path()), ["a.md", "a.toml"], "nothing written, not even the .docx");
}
