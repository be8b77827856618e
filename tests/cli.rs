//! The command-line contract, driven through the real binary: commands, exit codes
//! (0 success, 1 bad input, 2 usage), messages that name file and line, and files that are
//! either written whole or not at all.

mod common;

use common::*;

use std::io::Read;
use std::path::{Path, PathBuf};

/// A fresh folder holding `a.toml`, the fixture's MoU answers at their defaults.
fn answers_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let o = fixture(dir.path(), &["init", "--variant", "mou", "a.toml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let path = dir.path().join("a.toml");
    (dir, path)
}

fn docx_part(path: &Path, part: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut s = String::new();
    zip.by_name(part).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The text a reader sees in Markdown: parsed, with the escapes gone.
fn markdown_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for e in Parser::new_ext(md, pulldown_cmark::Options::ENABLE_TABLES) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(_) => out.push('\n'),
            _ => {}
        }
    }
    out
}

#[test]
fn variants_lists_the_four_built_in_variants() {
    let dir = tempfile::tempdir().unwrap();
    let o = caredraft(dir.path(), &["variants"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    for (id, title) in [
        ("mou", "Memorandum of Understanding"),
        ("alliance", "Alliance Agreement"),
        ("aco-partial", "partially integrated"),
        ("aco-full", "fully integrated"),
    ] {
        let line = out.lines().find(|l| l.starts_with(id)).unwrap_or_else(|| panic!("no line for {id}:\n{out}"));
        assert!(line.contains(title), "{line}");
    }
}

#[test]
fn init_writes_every_question_and_refuses_to_overwrite() {
    let (dir, path) = answers_dir();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("format = 1") && text.contains("variant = \"mou\""));
    assert!(text.contains("# How many members must be present"), "help is a comment:\n{text}");
    assert!(text.contains("quorum = 3"), "defaults are filled in");
    assert!(text.contains("[[answers.partners]]"));

    std::fs::write(&path, "mine").unwrap();
    let o = fixture(dir.path(), &["init", "--variant", "mou", "a.toml"]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("a.toml: error: already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    assert_eq!(files_in(dir.path()), ["a.toml"], "no temporary file left behind");
}

#[test]
fn init_with_an_unknown_variant_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = fixture(dir.path(), &["init", "--variant", "aco", "x.toml"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("choose one of: mou"), "{}", stderr(&o));
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn render_writes_markdown_and_docx_beside_the_answers() {
    let (dir, _) = answers_dir();
    let o = fixture(dir.path(), &["render", "a.toml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(files_in(dir.path()), ["a.docx", "a.md", "a.toml"]);
    assert_eq!(stdout(&o).lines().collect::<Vec<_>>(), ["a.md", "a.docx"]);
    let md = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(md.starts_with("# Memorandum of Understanding\n"), "{md}");
    assert!(md.contains("### 1. Definitions and interpretation"));
    assert!(md.contains("\n2.1 This Memorandum is not legally binding, except for clause 5 and this clause 2."));
    let document = docx_part(&dir.path().join("a.docx"), "word/document.xml");
    assert!(document.contains("Definitions and interpretation"));
}

#[test]
fn render_formats_and_out_choose_what_is_written_and_where() {
    let (dir, _) = answers_dir();
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    let o = fixture(dir.path(), &["render", "a.toml", "--format", "docx", "--out", "drafts/v1"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(files_in(&dir.path().join("drafts")), ["v1.docx"]);
    let o = fixture(dir.path(), &["render", "a.toml", "--format", "md", "--out", "drafts/v1"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(files_in(&dir.path().join("drafts")), ["v1.docx", "v1.md"]);
    let o = fixture(dir.path(), &["render", "a.toml", "--format", "pdf"]);
    assert_eq!(code(&o), 2, "an unknown format is a usage error");
}

#[test]
fn render_never_overwrites_without_force_and_is_byte_identical() {
    let (dir, _) = answers_dir();
    assert_eq!(code(&fixture(dir.path(), &["render", "a.toml"])), 0);
    let md = std::fs::read(dir.path().join("a.md")).unwrap();
    let docx = std::fs::read(dir.path().join("a.docx")).unwrap();

    std::fs::write(dir.path().join("a.md"), "edited by hand").unwrap();
    let o = fixture(dir.path(), &["render", "a.toml"]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("a.md: error: already exists; use --force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(dir.path().join("a.md")).unwrap(), "edited by hand");
    assert_eq!(std::fs::read(dir.path().join("a.docx")).unwrap(), docx, "the other file is untouched too");

    let o = fixture(dir.path(), &["render", "a.toml", "--force"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(std::fs::read(dir.path().join("a.md")).unwrap(), md, "same answers, same Markdown bytes");
    assert_eq!(std::fs::read(dir.path().join("a.docx")).unwrap(), docx, "same answers, same DOCX bytes");
    assert_eq!(files_in(dir.path()), ["a.docx", "a.md", "a.toml"]);
}

#[test]
fn hostile_answers_appear_literally_and_are_never_template_code() {
    let (dir, path) = answers_dir();
    let hostile = "{{ 7 * 7 }} {% if true %}T{% endif %} <b>Acme</b> & **Bold** _u_ [link](x) | # Hash";
    let second = "1. Trust שלום 🏥 Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch";
    edit(&path, |t| {
        let t = t.replacen("system_name = \"\"", &format!("system_name = {}", toml_string(hostile)), 1);
        let t = t.replacen("\nname = \"\"", &format!("\nname = {}", toml_string(hostile)), 1);
        t.replacen("\nname = \"\"", &format!("\nname = {}", toml_string(second)), 1)
    });
    let o = fixture(dir.path(), &["render", "a.toml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    let md = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    let text = markdown_text(&md);
    assert!(text.contains(hostile), "the answer reads back literally from the Markdown:\n{text}");
    assert!(text.contains(second));
    assert!(!text.contains("49"), "never evaluated");
    // Structure unchanged: the same headings as the plain draft, no heading or list from an answer.
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert!(headings.iter().all(|h| !h.contains("Hash") && !h.contains("Trust")), "{headings:?}");

    let document = docx_part(&dir.path().join("a.docx"), "word/document.xml");
    assert!(document.contains(
        "{{ 7 * 7 }} {% if true %}T{% endif %} &lt;b&gt;Acme&lt;/b&gt; &amp; **Bold** _u_ [link](x) | # Hash"
    ));
    assert!(document.contains("שלום 🏥"));
}

#[test]
fn control_characters_in_an_answer_are_refused_with_file_and_line() {
    let (dir, path) = answers_dir();
    edit(&path, |t| t.replacen("system_name = \"\"", "system_name = \"North\\u0007East\"", 1));
    let line = line_of(&path, "system_name =");
    let o = fixture(dir.path(), &["render", "a.toml"]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(err.contains(&format!("a.toml:{line}:")) && err.contains("U+0007"), "{err}");
    assert_eq!(files_in(dir.path()), ["a.toml"]);
}

#[test]
fn bad_answers_are_each_reported_with_file_line_and_column_and_nothing_is_written() {
    let (dir, path) = answers_dir();
    edit(&path, |t| {
        t.replacen("quorum = 3", "quorum = \"three\"", 1)
            .replacen("majority_percent = 75", "majority_percent = 150", 1)
            .replacen("term_years = 5", "term_yaers = 5", 1)
    });
    let o = fixture(dir.path(), &["render", "a.toml"]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    let quorum = line_of(&path, "quorum = \"three\"");
    let majority = line_of(&path, "majority_percent = 150");
    let term = line_of(&path, "term_yaers");
    assert!(
        err.contains(&format!("a.toml:{quorum}:10: error: `quorum` is a whole number; found the text \"three\"")),
        "{err}"
    );
    assert!(err.contains(&format!("a.toml:{majority}:20: error: `majority_percent` = 150%")), "{err}");
    assert!(err.contains(&format!("a.toml:{term}:1: error: unknown question `term_yaers`")), "{err}");
    assert!(err.contains("did you mean `term_years`?"), "{err}");
    assert!(err.contains("3 problems found; nothing was written"), "{err}");
    assert_eq!(files_in(dir.path()), ["a.toml"]);
}

#[test]
fn a_required_answer_left_empty_is_an_error() {
    let (dir, path) = answers_dir();
    edit(&path, |t| t.replacen("framework = \"current\"", "framework = \"\"", 1));
    let line = line_of(&path, "framework = \"\"");
    let o = fixture(dir.path(), &["render", "a.toml"]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains(&format!("a.toml:{line}:1: error: `framework` (Legal and policy framework) is required"))
    );
}

#[test]
fn broken_toml_and_unknown_variants_and_formats_are_located() {
    let dir = tempfile::tempdir().unwrap();
    for (text, expected) in [
        ("format = 1\nvariant = \"mou\"\n[answers\n", "b.toml:3:9: error: not valid TOML"),
        ("format = 1\nvariant = \"mouu\"\n", "b.toml:2:11: error: unknown variant `mouu`"),
        ("format = 2\nvariant = \"mou\"\n", "b.toml:1:10: error: answers format 2 is not supported"),
    ] {
        std::fs::write(dir.path().join("b.toml"), text).unwrap();
        let o = fixture(dir.path(), &["render", "b.toml"]);
        assert_eq!(code(&o), 1, "{text}");
        assert!(stderr(&o).contains(expected), "{}", stderr(&o));
    }
    let o = fixture(dir.path(), &["render", "missing.toml"]);
    assert_eq!(code(&o), 1);
    // Said once, in words: no OS error number, no repetition.
    assert_eq!(stderr(&o), "caredraft: missing.toml: no such file or folder\n");
    assert_eq!(files_in(dir.path()), ["b.toml"]);
}

#[test]
fn a_draft_or_answers_file_in_a_missing_folder_is_named_with_its_folder() {
    let (dir, _) = answers_dir();
    let o = fixture(dir.path(), &["render", "a.toml", "--out", "drafts/northmoor"]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(err.contains("drafts/northmoor.md: error: cannot write it: the folder `drafts` does not exist"), "{err}");
    assert!(!err.contains(".caredraft-") && !err.contains("os error"), "temporary names leak: {err}");
    let o = fixture(dir.path(), &["init", "--variant", "mou", "nowhere/b.toml"]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("nowhere/b.toml: error: cannot write it: the folder `nowhere` does not exist"));
    assert_eq!(files_in(dir.path()), ["a.toml"]);
}

#[test]
fn strict_lists_the_placeholders_left_and_writes_nothing() {
    let (dir, _) = answers_dir();
    let o = fixture(dir.path(), &["render", "a.toml", "--strict"]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    for p in ["[Date]", "[Name of Partner]", "[Name of System]", "[Commencement Date]"] {
        assert!(err.contains(p), "{p} in {err}");
    }
    // Each with the question that fills it.
    assert!(err.contains("[Name of System]: answer `system_name`"), "{err}");
    // Two blanks with one label, each with the entry whose answer fills it.
    assert!(err.contains("[Name of Partner]: answer `partners` (entry 1's `name`)"), "{err}");
    assert!(err.contains("[Name of Partner]: answer `partners` (entry 2's `name`)"), "{err}");
    assert!(err.contains("--strict: 5 placeholders left"), "{err}");
    assert_eq!(files_in(dir.path()), ["a.toml"]);
}

#[test]
fn strict_says_which_placeholders_no_answer_can_fill() {
    // The built-in alliance agreement leaves its outcome measures for the drafter.
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(code(&caredraft(dir.path(), &["init", "--variant", "alliance", "a.toml"])), 0);
    let o = caredraft(dir.path(), &["render", "a.toml", "--strict"]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(err.contains("[measure]: left in the clause text for the drafter, so no answer fills it"), "{err}");
    assert!(err.contains("[Name of System]: answer `system_name`"), "{err}");
    assert_eq!(files_in(dir.path()), ["a.toml"]);
}

#[test]
fn numbering_and_cross_references_follow_the_clauses_chosen() {
    let (dir, path) = answers_dir();
    assert_eq!(code(&fixture(dir.path(), &["render", "a.toml", "--format", "md"])), 0);
    let before = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(before.contains("### 6. Term"), "review is off by default");
    assert!(before.contains("The Partnership Board makes recommendations by consensus."));

    // Switch the optional review clause on and pick the other decision rule.
    edit(&path, |t| {
        t.replacen("review = false", "review = true", 1).replacen(
            "decision-making = \"consensus\"",
            "decision-making = \"majority\"",
            1,
        )
    });
    assert_eq!(code(&fixture(dir.path(), &["render", "a.toml", "--format", "md", "--force"])), 0);
    let after = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(after.contains("### 6. Review") && after.contains("### 7. Term"), "{after}");
    assert!(after.contains("by a vote of 75% of the members present"));
    assert!(after.contains("7.1 This Memorandum lasts 5 years"));
    assert!(after.contains("unless ended under clause 5."), "the reference still points at the disputes clause");
    assert!(after.contains("(see clause 3.3)"), "an anchored paragraph is referred to by its full number");
    assert!(after.contains("set by paragraph 1.2 of Schedule 1"));
}

#[test]
fn a_reference_to_a_switched_off_clause_names_both_clauses() {
    let lib = fixture_copy();
    let status = lib.path().join("clauses/core/status.md");
    edit(&status, |t| {
        t.replace("Nothing in this Memorandum", "See {{ ref(id=\"review\") }}. Nothing in this Memorandum")
    });
    let dir = tempfile::tempdir().unwrap();
    let libdir = lib.path().to_str().unwrap();
    assert_eq!(code(&caredraft(dir.path(), &["--library", libdir, "init", "--variant", "mou", "a.toml"])), 0);
    let o = caredraft(dir.path(), &["--library", libdir, "render", "a.toml"]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(err.contains("clauses/core/status.md:"), "{err}");
    assert!(err.contains("clause `mou-status` refers to clause `review`"), "{err}");
    assert!(err.contains("switched off"), "{err}");
    assert_eq!(files_in(dir.path()), ["a.toml"]);
}

#[test]
fn the_definitions_clause_holds_exactly_the_terms_used_in_order() {
    let (dir, _) = answers_dir();
    assert_eq!(code(&fixture(dir.path(), &["render", "a.toml", "--format", "md"])), 0);
    let md = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    let defs: Vec<&str> = md.lines().filter(|l| l.starts_with("**") && l.contains(":**")).collect();
    assert_eq!(
        defs,
        [
            "**Business Day:** a day other than a Saturday, a Sunday or a bank holiday in England.",
            "**Partnership Board:** the board described in clause 3.",
        ]
    );
}

#[test]
fn broken_clause_files_are_reported_with_file_line_and_column() {
    let lib = fixture_copy();
    let review = lib.path().join("clauses/core/review.md");
    edit(&review, |t| t.replace("each year.", "each {{ year.\n"));
    let term = lib.path().join("clauses/core/term.md");
    edit(&term, |t| t.replacen("title = \"Term\"", "title = \"Term\"\ncolour = \"blue\"", 1));
    let libdir = lib.path().to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();

    let o = caredraft(dir.path(), &["--library", libdir, "lint"]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    let colour = line_of(&term, "colour");
    assert!(out.contains(&format!("{libdir}/clauses/core/term.md:{colour}:1: error: unknown field `colour`")), "{out}");
    let year = line_of(&review, "{{ year.");
    assert!(out.contains(&format!("{libdir}/clauses/core/review.md:{year}:")), "{out}");
    assert!(out.lines().last().unwrap().starts_with("lint: 2 errors"), "{out}");

    let o = caredraft(dir.path(), &["--library", libdir, "init", "--variant", "mou", "a.toml"]);
    assert_eq!(code(&o), 1, "a broken library stops every command: {}", stderr(&o));
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn template_mistakes_are_placed_on_the_line_of_the_clause_file_that_has_them() {
    let lib = fixture_copy();
    // An unknown filter (Tera reports it only as text, against the body's own line numbers).
    let board = lib.path().join("clauses/core/board.md");
    edit(&board, |t| t.replace("| label(q=", "| lable(q="));
    // A block left open (Tera says only "unexpected end of input").
    let disputes = lib.path().join("clauses/core/disputes.md");
    edit(&disputes, |t| t + "\n{% if quorum > 2 %}The chairs may also meet.\n\nA last paragraph.\n");
    // An undeclared variable whose name also occurs in the clause id: placed where it is used,
    // and reported beside the broken templates, not hidden by them.
    let review = lib.path().join("clauses/core/review.md");
    edit(&review, |t| t.replace("each year.", "each {{ review }} year."));
    let libdir = lib.path().to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let o = caredraft(dir.path(), &["--library", libdir, "lint"]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    let filter_line = line_of(&board, "lable");
    assert!(
        out.contains(&format!("{libdir}/clauses/core/board.md:{filter_line}:"))
            && out.contains("Unknown filter `lable`\n  = help: did you mean `label`?"),
        "{out}"
    );
    assert!(!out.contains("error: error:") && !out.contains("-->"), "Tera's report is not pasted whole: {out}");
    let open_line = line_of(&disputes, "{% if quorum");
    assert!(out.contains(&format!("`{{% if %}}` on line {open_line} is never closed")), "{out}");
    assert!(out.contains(&format!("{libdir}/clauses/core/disputes.md:")), "{out}");
    let used = line_of(&review, "{{ review }}");
    assert!(used > line_of(&review, "id = \"review\""));
    assert!(
        out.contains(&format!("{libdir}/clauses/core/review.md:{used}:")) && out.contains("uses `review`"),
        "{out}"
    );
    assert!(out.lines().last().unwrap().starts_with("lint: 3 errors"), "{out}");
}

#[test]
fn lint_passes_on_a_clean_library_and_catches_undeclared_variables_and_dangling_references() {
    let dir = tempfile::tempdir().unwrap();
    let o = fixture(dir.path(), &["lint"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("lint: 0 errors, 0 warnings"), "{}", stdout(&o));

    let lib = fixture_copy();
    let disputes = lib.path().join("clauses/core/disputes.md");
    edit(&disputes, |t| {
        t.replace("within 20 Business Days.", "within {{ dispute_days }} days under {{ ref(id=\"mediation\") }}.")
    });
    let libdir = lib.path().to_str().unwrap();
    let o = caredraft(dir.path(), &["--library", libdir, "lint"]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(out.contains("dispute_days"), "{out}");
    assert!(out.contains("mediation"), "{out}");
}

#[test]
fn lint_reports_a_broken_front_matter_and_a_misspelt_variable_together() {
    let dir = tempfile::tempdir().unwrap();
    let lib = fixture_copy();
    let schedule = lib.path().join("clauses/core/schedule.md");
    edit(&schedule, |t| t.replace("{{ quorum }}", "{{ quorom }}"));
    let term = lib.path().join("clauses/core/term.md");
    edit(&term, |t| t.replacen("title = ", "colour = \"blue\"\ntitle = ", 1));
    let o = caredraft(dir.path(), &["--library", lib.path().to_str().unwrap(), "lint"]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(out.contains("term.md:") && out.contains("unknown field `colour`"), "{out}");
    assert!(out.contains("schedule.md:") && out.contains("did you mean `quorum`?"), "{out}");
    assert!(out.contains("lint: 2 errors"), "{out}");
}

#[test]
fn library_files_saved_with_a_byte_order_mark_or_windows_line_endings_read_as_any_other() {
    let dir = tempfile::tempdir().unwrap();
    let lib = fixture_copy();
    edit(&lib.path().join("clauses/core/board.md"), |t| format!("\u{feff}{t}"));
    edit(&lib.path().join("clauses/core/term.md"), |t| t.replace('\n', "\r\n"));
    let o = caredraft(dir.path(), &["--library", lib.path().to_str().unwrap(), "lint"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("lint: 0 errors, 0 warnings"), "{}", stdout(&o));
}

#[test]
fn a_library_file_that_is_not_utf8_is_placed_at_its_first_bad_byte_and_the_rest_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let lib = fixture_copy();
    // "Café" saved in Windows-1252: é is the single byte 0xE9.
    std::fs::write(lib.path().join("clauses/core/cafe.md"), b"+++\nid = \"cafe\"\ntitle = \"Caf\xe9\"\n+++\nText.\n")
        .unwrap();
    let schedule = lib.path().join("clauses/core/schedule.md");
    edit(&schedule, |t| t.replace("{{ quorum }}", "{{ quorom }}"));
    let libdir = lib.path().to_str().unwrap();
    let o = caredraft(dir.path(), &["--library", libdir, "lint"]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(out.contains(&format!("{libdir}/clauses/core/cafe.md:3:13: error: not UTF-8 text")), "{out}");
    assert!(out.contains("did you mean `quorum`?"), "the other files are still checked: {out}");
    assert!(out.lines().last().unwrap().starts_with("lint: 2 errors"), "{out}");
}

#[test]
fn an_answers_file_that_is_not_utf8_is_placed_at_its_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), b"format = 1\nvariant = \"mou\"\n[answers]\nsystem_name = \"Caf\xe9\"\n")
        .unwrap();
    let o = caredraft(dir.path(), &["render", "a.toml"]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).starts_with("a.toml:4:19: error: not UTF-8 text"), "{}", stderr(&o));
    assert_eq!(files_in(dir.path()), ["a.toml"], "nothing written");
}

#[test]
fn lint_renders_each_variant_with_the_optional_answers_left_blank() {
    // A sum on an answer works with the default answers but fails for a drafter who leaves
    // the question blank (it is then a placeholder, not a number): lint must say so.
    let dir = tempfile::tempdir().unwrap();
    let lib = fixture_copy();
    let board = lib.path().join("clauses/core/board.md");
    edit(&board, |t| t.replace("with a quorum of {{ quorum }} members", "with a quorum of {{ quorum + 1 }} members"));
    let o = caredraft(dir.path(), &["--library", lib.path().to_str().unwrap(), "lint"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    let out = stdout(&o);
    let line = std::fs::read_to_string(&board).unwrap().lines().position(|l| l.contains("quorum + 1")).unwrap() + 1;
    assert!(out.contains(&format!("clauses/core/board.md:{line}:")), "{out}");
    assert!(out.contains("with every optional answer left blank"), "{out}");
}

#[test]
fn quantities_read_in_words_to_nine_with_the_right_number_and_apostrophe() {
    let dir = tempfile::tempdir().unwrap();
    let lib = fixture_copy();
    let board = lib.path().join("clauses/core/board.md");
    edit(&board, |t| {
        t.replace(
            "with a quorum of {{ quorum }} members",
            "with a quorum of {{ quorum | quantity(unit=\"member\") }}, on {{ quorum | quantity(unit=\"day\", possessive=true) }} notice",
        )
    });
    let libdir = lib.path().to_str().unwrap();
    assert_eq!(code(&caredraft(dir.path(), &["--library", libdir, "init", "--variant", "mou", "a.toml"])), 0);
    let answers = dir.path().join("a.toml");
    let draft = |quorum: &str| {
        edit(&answers, |t| {
            let line = t.lines().find(|l| l.starts_with("quorum = ")).unwrap().to_string();
            t.replace(&line, &format!("quorum = {quorum}"))
        });
        let o = caredraft(dir.path(), &["--library", libdir, "render", "a.toml", "--format", "md", "--force"]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        std::fs::read_to_string(dir.path().join("a.md")).unwrap()
    };
    assert!(draft("3").contains("with a quorum of three members, on three days' notice"));
    assert!(draft("12").contains("with a quorum of 12 members, on 12 days' notice"));
    // Left blank, the question shows as a placeholder and keeps its unit.
    let blank = draft("\"\"");
    assert!(
        blank.contains("with a quorum of [Quorum of the board] members, on [Quorum of the board] days' notice"),
        "{blank}"
    );
}

#[test]
fn export_library_writes_a_library_that_lints_and_renders() {
    let dir = tempfile::tempdir().unwrap();
    let o = caredraft(dir.path(), &["export-library", "lib"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(dir.path().join("lib/templates/library.toml").is_file());
    assert!(dir.path().join("lib/clauses/general/definitions.md").is_file());
    let o = caredraft(dir.path(), &["--library", "lib", "variants"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), stdout(&caredraft(dir.path(), &["variants"])), "the export is the built-in library");

    let o = caredraft(dir.path(), &["export-library", "lib"]);
    assert_eq!(code(&o), 1, "never overwrites a maintainer's files: {}", stderr(&o));
}

#[test]
fn a_folder_that_is_not_a_library_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = caredraft(dir.path(), &["--library", ".", "variants"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("not a caredraft library"), "{}", stderr(&o));

    let o = caredraft(dir.path(), &["--library", "no-such-folder", "variants"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no-such-folder: no such folder"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2_and_help_lists_every_command() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(code(&caredraft(dir.path(), &["frobnicate"])), 2);
    assert_eq!(code(&caredraft(dir.path(), &["render"])), 2);
    let o = caredraft(dir.path(), &["--help"]);
    assert_eq!(code(&o), 0);
    for cmd in ["variants", "init", "render", "lint", "export-library"] {
        assert!(stdout(&o).contains(cmd), "{cmd}");
    }
}

#[test]
fn annotated_drafts_carry_the_drafting_notes_and_clean_drafts_do_not() {
    let (dir, _) = answers_dir();
    assert_eq!(code(&fixture(dir.path(), &["render", "a.toml"])), 0);
    assert_eq!(
        code(&fixture(dir.path(), &["render", "a.toml", "--format", "docx", "--annotated", "--out", "notes"])),
        0
    );
    let clean = dir.path().join("a.docx");
    let annotated = dir.path().join("notes.docx");
    let comments = docx_part(&annotated, "word/comments.xml");
    assert!(comments.contains("Keep the binding exceptions short."), "{comments}");
    assert!(comments.contains("Choose how the board reaches its recommendations."));
    let file = std::fs::File::open(&clean).unwrap();
    let zip = zip::ZipArchive::new(file).unwrap();
    let has_notes = zip.file_names().any(|n| n == "word/comments.xml")
        && docx_part(&clean, "word/comments.xml").contains("Keep the binding exceptions short.");
    assert!(!has_notes, "the clean draft carries no drafting notes");
    let md = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(!md.contains("Keep the binding"), "nor does the Markdown draft");
}

/// A rule about a clause choice (escalation only, refused in an alliance) points at that choice
/// in `[clauses]`, so the drafter finds the line to change.
#[test]
fn a_rule_about_a_clause_choice_is_reported_at_that_choice() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(code(&caredraft(dir.path(), &["init", "--variant", "alliance", "a.toml"])), 0);
    let path = dir.path().join("a.toml");
    edit(&path, |t| {
        let at = t.find("\ndispute-resolution = ").expect("the dispute clause's choice") + 1;
        let end = at + t[at..].find('\n').expect("end of line");
        format!("{}dispute-resolution = \"escalation\"{}", &t[..at], &t[end..])
    });
    let line = line_of(&path, "dispute-resolution = \"escalation\"");
    let o = caredraft(dir.path(), &["render", "a.toml"]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(err.contains(&format!("a.toml:{line}:1: error: the dispute resolution clause")), "{err}");
    assert_eq!(files_in(dir.path()), ["a.toml"]);
}
