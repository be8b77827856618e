//! A maintainer's break attempts (issue 14), one broken library each: `lint` and `render` must
//! both report the mistake at the right file, line and column, and `render` must write nothing.
//! Whatever lint calls an error stops render.

mod common;

use common::*;

use std::path::{Path, PathBuf};

fn edit(lib: &Path, rel: &str, from: &str, to: &str) {
    let path = lib.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn copy(lib: &Path, from: &str, to: &str) {
    std::fs::copy(lib.join(from), lib.join(to)).unwrap();
}

/// 1-based line and column (in characters) of the `nth` occurrence of `needle` in the file,
/// plus `skip` characters.
fn place(lib: &Path, rel: &str, needle: &str, nth: usize, skip: usize) -> (usize, usize) {
    let text = std::fs::read_to_string(lib.join(rel)).unwrap();
    let at = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("{rel}: no {needle:?} #{nth}")).0;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1 + skip;
    (line, col)
}

struct Break {
    name: &'static str,
    /// The variant rendered.
    variant: &'static str,
    breaks: fn(&Path),
    /// Where the error must be: file, a needle in it (after the break), which occurrence, and
    /// how many characters into the needle.
    file: &'static str,
    at: (&'static str, usize, usize),
    /// A part of lint's message (and render's, unless `render` says otherwise).
    message: &'static str,
    render: Option<&'static str>,
}

const BREAKS: &[Break] = &[
    Break {
        name: "an optional clause the draft switches off that fails once switched on",
        variant: "mou",
        breaks: |l| edit(l, "clauses/core/review.md", "each year.", "each year{{ quorum | join_and }}."),
        file: "clauses/core/review.md",
        at: ("join_and", 0, 0),
        message: "join_and: expected a list (variant `mou` with `review` switched on)",
        render: None,
    },
    Break {
        name: "a sum on an optional answer that fails while it is blank",
        variant: "mou",
        breaks: |l| edit(l, "clauses/core/board.md", "a quorum of {{ quorum }}", "a quorum of {{ quorum + 1 }}"),
        file: "clauses/core/board.md",
        at: ("quorum + 1", 0, 0),
        message: "(variant `mou` with every optional answer left blank",
        render: None,
    },
    Break {
        name: "an alternative the draft does not choose that fails to render",
        variant: "mou",
        // The default answers choose consensus; only the majority wording fails.
        breaks: |l| {
            edit(
                l,
                "clauses/core/decisions.md",
                "of the members present.",
                "of the members present{{ quorum | join_and }}.",
            )
        },
        file: "clauses/core/decisions.md",
        at: ("join_and", 0, 0),
        message: "join_and: expected a list (variant `mou` with `decision-making` = \"majority\")",
        render: None,
    },
    Break {
        name: "two files with the same clause id",
        variant: "mou",
        breaks: |l| copy(l, "clauses/core/review.md", "clauses/core/review2.md"),
        file: "clauses/core/review2.md",
        at: ("\"review\"", 0, 0),
        message: "clause id `review` is already used by clauses/core/review.md",
        render: None,
    },
    Break {
        name: "a frame that lists a clause twice",
        variant: "mou",
        breaks: |l| edit(l, "templates/variants/mou.toml", "\"review\", \"term\"]", "\"review\", \"term\", \"term\"]"),
        file: "templates/variants/mou.toml",
        at: ("\"term\"", 1, 0),
        message: "places `term` twice",
        render: None,
    },
    Break {
        name: "a copied frame with a duplicate variant id",
        variant: "mou",
        breaks: |l| copy(l, "templates/variants/mou.toml", "templates/variants/mou-copy.toml"),
        file: "templates/variants/mou.toml",
        at: ("\"mou\"", 0, 0),
        message: "variant id `mou` is already used by templates/variants/mou-copy.toml",
        render: None,
    },
    Break {
        name: "an older library's `variants` listing a variant twice",
        variant: "mou",
        breaks: |l| {
            edit(
                l,
                "clauses/core/review.md",
                "title = \"Review\"\n",
                "title = \"Review\"\nvariants = [\"mou\", \"mou\"]\n",
            )
        },
        file: "clauses/core/review.md",
        at: ("\"mou\"", 1, 0),
        message: "`variants` lists `mou` twice",
        render: None,
    },
    Break {
        name: "a defined term used in a draft that does not define it",
        variant: "alliance",
        breaks: |l| edit(l, "clauses/core/disputes.md", "any dispute", "any dispute about the Partnership Board"),
        file: "clauses/core/disputes.md",
        at: ("Partnership Board", 0, 0),
        message: "uses the defined term \"Partnership Board\" in the alliance draft, but only clauses/core/board.md defines it",
        render: None,
    },
    Break {
        name: "an unknown clause id in `included`",
        variant: "mou",
        breaks: |l| {
            edit(
                l,
                "clauses/core/status.md",
                "between the Partners.",
                "between the Partners{% if \"reveiw\" in included %} while reviewed{% endif %}.",
            )
        },
        file: "clauses/core/status.md",
        at: ("reveiw", 0, 0),
        message: "no clause has id `reveiw`\n  = help: did you mean `review`?",
        render: None,
    },
    Break {
        name: "an unknown clause id in `choices`",
        variant: "mou",
        breaks: |l| {
            edit(
                l,
                "clauses/core/review.md",
                "each year.",
                "each year{% if choices['decision-makng'] == 'majority' %} by vote{% endif %}.",
            )
        },
        file: "clauses/core/review.md",
        at: ("decision-makng", 0, 0),
        message: "`choices`: no clause has id `decision-makng`\n  = help: did you mean `decision-making`?",
        render: None,
    },
    Break {
        name: "`choices` of a clause without alternatives",
        variant: "mou",
        breaks: |l| {
            edit(
                l,
                "clauses/core/review.md",
                "each year.",
                "each year{% if choices.review == 'x' %} by vote{% endif %}.",
            )
        },
        file: "clauses/core/review.md",
        at: ("review ==", 0, 0),
        message: "`choices`: clause `review` (clauses/core/review.md) has no alternatives",
        render: None,
    },
    Break {
        name: "an unknown alternative in `choices`",
        variant: "mou",
        breaks: |l| {
            edit(
                l,
                "clauses/core/review.md",
                "each year.",
                "each year{% if 'majorty' == choices['decision-making'] %} by vote{% endif %}.",
            )
        },
        file: "clauses/core/review.md",
        at: ("majorty", 0, 0),
        message: "clause `decision-making` has no alternative `majorty`",
        render: None,
    },
    Break {
        name: "a misspelt alternative compared through a `set` name",
        variant: "mou",
        breaks: |l| {
            edit(
                l,
                "clauses/core/review.md",
                "each year.",
                "each year.{% set rule = choices['decision-making'] %}{% if rule == 'majorityy' %} By vote.{% endif %}",
            )
        },
        file: "clauses/core/review.md",
        at: ("majorityy", 0, 0),
        message: "clause `decision-making` has no alternative `majorityy`",
        render: None,
    },
    Break {
        name: "a misspelt alternative compared with `option`",
        variant: "mou",
        breaks: |l| edit(l, "clauses/core/decisions.md", "option == \"majority\"", "option == \"majorty\""),
        file: "clauses/core/decisions.md",
        at: ("majorty", 0, 0),
        message: "clause `decision-making` has no alternative `majorty` (it has `consensus`, `majority`)\n  = help: did you mean `majority`?",
        render: None,
    },
    Break {
        name: "a question condition naming an unknown option",
        variant: "mou",
        breaks: |l| {
            edit(
                l,
                "templates/questions/10-document.toml",
                "placeholder = \"Commencement Date\"",
                "placeholder = \"Commencement Date\"\nwhen = \"framework == '2108'\"",
            )
        },
        file: "templates/questions/10-document.toml",
        at: ("2108", 0, 0),
        message: "question `framework` has no option `2108`\n  = help: did you mean `2018`?",
        render: None,
    },
    Break {
        name: "a rule naming an unknown question",
        variant: "aco-partial",
        breaks: |l| {
            edit(
                l,
                "templates/questions/40-term.toml",
                "check = \"break_point_years < term_years\"",
                "check = \"break_point_years < term_yeers\"",
            )
        },
        file: "templates/questions/40-term.toml",
        at: ("term_yeers", 0, 0),
        message: "uses `term_yeers`, which is not a declared question (templates/questions/*.toml)\n  = help: did you mean `term_years`?",
        render: None,
    },
    Break {
        name: "a rule's fields naming an unknown question",
        variant: "aco-partial",
        breaks: |l| {
            edit(
                l,
                "templates/questions/40-term.toml",
                "fields = [\"break_point_years\", \"term_years\"]",
                "fields = [\"break_point_years\", \"term_yaers\"]",
            )
        },
        file: "templates/questions/40-term.toml",
        at: ("\"term_yaers\"", 0, 0),
        message: "the rule names `term_yaers`, which is not a declared question\n  = help: did you mean `term_years`?",
        render: None,
    },
    Break {
        name: "an invalid pattern, which would switch validation off",
        variant: "aco-partial",
        breaks: |l| {
            edit(l, "templates/questions/20-parties.toml", "pattern = \"[A-Z][0-9]{5}\"", "pattern = \"[A-Z][0-9{5}\"")
        },
        file: "templates/questions/20-parties.toml",
        at: ("\"[A-Z][0-9{5}\"", 0, 0),
        message: "`ods_code`: the pattern is not a valid regular expression",
        render: None,
    },
    Break {
        name: "a number filter on a text answer",
        variant: "mou",
        breaks: |l| {
            edit(
                l,
                "templates/partials/mou/background.md",
                "services in {{ system_name }}, working",
                "services in {{ system_name | gbp }}, working",
            )
        },
        file: "templates/partials/mou/background.md",
        at: ("gbp", 0, 0),
        message: "the `gbp` filter formats a number, but `system_name` is text",
        render: None,
    },
    Break {
        name: "an include of an unknown template",
        variant: "mou",
        breaks: |l| {
            edit(
                l,
                "clauses/core/review.md",
                "each year.",
                "each year.\n\n{% include \"templates/partials/executon.md\" %}",
            )
        },
        file: "clauses/core/review.md",
        at: ("\"templates/partials/executon.md", 0, 0),
        message: "Unknown template `templates/partials/executon.md`\n  = help: did you mean `templates/partials/execution.md`?",
        render: None,
    },
    Break {
        name: "the whole context printed into a draft",
        variant: "mou",
        breaks: |l| edit(l, "clauses/core/review.md", "each year.", "each year. {{ __tera_context }}"),
        file: "clauses/core/review.md",
        at: ("__tera_context", 0, 0),
        message: "`__tera_context` prints every answer and internal value into the draft",
        render: None,
    },
    Break {
        name: "an alternative with no wording of its own",
        variant: "mou",
        breaks: |l| {
            edit(
                l,
                "clauses/core/decisions.md",
                "note = \"Decisions by a majority.\" },",
                "note = \"Decisions by a majority.\" },\n  { id = \"unanimous\", label = \"Unanimity\" },",
            )
        },
        file: "clauses/core/decisions.md",
        at: ("\"unanimous\"", 0, 0),
        message: "alternative `unanimous` has no wording of its own: nothing tests `option == \"unanimous\"`, so it reads the same as `consensus`",
        render: None,
    },
    Break {
        name: "a condition that tests its own clause",
        variant: "mou",
        breaks: |l| edit(l, "clauses/core/term.md", "term_years > 0\"", "term_years > 0 and 'term' in included\""),
        file: "clauses/core/term.md",
        at: ("term' in", 0, 0),
        message: "the condition of `term` tests whether `term` itself is included",
        render: None,
    },
    Break {
        name: "two conditions that refer to each other",
        variant: "mou",
        breaks: |l| {
            edit(l, "clauses/core/term.md", "term_years > 0\"", "term_years > 0 and 'review' in included\"");
            edit(l, "clauses/core/review.md", "optional = true", "when = \"'term' in included\"\noptional = true");
        },
        file: "clauses/core/review.md",
        at: ("term' in", 0, 0),
        message: "conditions refer to each other in a cycle: review → term → review",
        render: None,
    },
    Break {
        name: "a question condition that tests `included`",
        variant: "mou",
        breaks: |l| {
            edit(
                l,
                "templates/questions/10-document.toml",
                "placeholder = \"Commencement Date\"",
                "placeholder = \"Commencement Date\"\nwhen = \"'term' in included\"",
            )
        },
        file: "templates/questions/10-document.toml",
        at: ("included\"", 0, 0),
        message: "`included` is always empty here",
        render: None,
    },
    Break {
        name: "a list nested three deep",
        variant: "mou",
        breaks: |l| {
            edit(
                l,
                "clauses/core/board.md",
                "  - report to it; and\n",
                "  - report to it; and\n    - minute each meeting;\n",
            )
        },
        file: "clauses/core/board.md",
        at: ("- minute", 0, 0),
        message: "a list nested three deep",
        render: None,
    },
    Break {
        name: "a heading in a clause body, in a branch the default answers do not take",
        variant: "mou",
        breaks: |l| {
            edit(
                l,
                "clauses/core/review.md",
                "each year.",
                "each year.\n\n{% if framework == \"2018\" %}\n## Older bodies\n{% endif %}",
            )
        },
        file: "clauses/core/review.md",
        at: ("## Older", 0, 0),
        message: "a heading in a clause body",
        render: None,
    },
    Break {
        name: "a syntax error in a definition's meaning, placed at the meaning",
        variant: "mou",
        breaks: |l| edit(l, "clauses/core/board.md", "\\\"partnership-board\\\") }}.", "\\\"partnership-board\\\") }."),
        file: "clauses/core/board.md",
        at: ("the board described", 0, 0),
        message: "in this definition: ",
        render: None,
    },
    Break {
        name: "a syntax error in a clause condition, placed at the condition",
        variant: "mou",
        breaks: |l| edit(l, "clauses/core/term.md", "term_years > 0\"", "term_years >\""),
        file: "clauses/core/term.md",
        at: ("term_years is number", 0, 0),
        message: "in this condition: ",
        render: None,
    },
    Break {
        name: "an invalid default, placed at the questions file",
        variant: "mou",
        breaks: |l| edit(l, "templates/questions/30-governance.toml", "default = 3\nmin = 2", "default = 1\nmin = 2"),
        file: "templates/questions/30-governance.toml",
        at: ("1\nmin = 2", 0, 0),
        message: "the default answer is one a drafter could not give",
        render: None,
    },
    Break {
        name: "a duplicate key, named",
        variant: "mou",
        breaks: |l| edit(l, "clauses/core/review.md", "optional = true", "optional = true\ntitle = \"Again\""),
        file: "clauses/core/review.md",
        at: ("title = \"Again\"", 0, 0),
        message: "duplicate key `title`",
        render: None,
    },
    Break {
        name: "a misspelt cross-reference",
        variant: "mou",
        breaks: |l| {
            edit(l, "clauses/core/status.md", "ref(id=\"dispute-resolution\")", "ref(id=\"dispute-resolutoin\")")
        },
        file: "clauses/core/status.md",
        at: ("dispute-resolutoin", 0, 0),
        message: "cross-reference to `dispute-resolutoin`, which is no clause, schedule or anchor\n  = help: did you mean `dispute-resolution`?",
        render: None,
    },
    Break {
        name: "a reference to a clause switched off, placed at the reference and not at `reviewed`",
        variant: "mou",
        breaks: |l| {
            edit(
                l,
                "clauses/core/term.md",
                "unless ended under",
                "subject to {{ ref(id=\"review\") }}, unless ended under",
            )
        },
        file: "clauses/core/term.md",
        at: ("review\")", 0, 0),
        message: "clause `term` refers to clause `review` (clauses/core/review.md), which is switched off in this draft",
        render: None,
    },
    Break {
        name: "an unknown variant compared with `variant.id`",
        variant: "mou",
        breaks: |l| {
            edit(
                l,
                "clauses/core/term.md",
                "This {{ variant.noun }}",
                "{% if variant.id == \"allaince\" %}Also.{% endif %}This {{ variant.noun }}",
            )
        },
        file: "clauses/core/term.md",
        at: ("allaince", 0, 0),
        message: "no variant has id `allaince`\n  = help: did you mean `alliance`?",
        render: None,
    },
    Break {
        name: "a broken questions file comes first, without the errors it causes",
        variant: "mou",
        breaks: |l| edit(l, "templates/questions/30-governance.toml", "default = 3\n", "default = = 3\n"),
        file: "templates/questions/30-governance.toml",
        at: ("= 3", 0, 0),
        message: "",
        render: None,
    },
];

fn answers_for(variant: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let o = caredraft(dir.path(), &["--library", FIXTURE, "init", "--variant", variant, "a.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let path = dir.path().join("a.toml");
    (dir, path)
}

/// Each diagnostic of an output with the `  = help:` lines under it.
fn diagnostics(out: &str) -> Vec<String> {
    let mut list: Vec<String> = Vec::new();
    for line in out.lines() {
        match list.last_mut() {
            Some(last) if line.starts_with("  = help: ") => {
                last.push('\n');
                last.push_str(line);
            }
            _ => list.push(line.to_string()),
        }
    }
    list
}

#[test]
fn every_break_is_refused_by_lint_and_render_at_its_file_line_and_column() {
    assert!(BREAKS.len() >= 20);
    let mut failures = Vec::new();
    for b in BREAKS {
        let lib = fixture_copy();
        (b.breaks)(lib.path());
        let libdir = lib.path().to_str().unwrap();
        let (line, col) = place(lib.path(), b.file, b.at.0, b.at.1, b.at.2);
        let expected = format!("{libdir}/{}:{line}:{col}: error: ", b.file);

        let (dir, answers) = answers_for(b.variant);
        let lint = caredraft(dir.path(), &["--library", libdir, "lint"]);
        let out = String::from_utf8_lossy(&lint.stdout).into_owned();
        let found = diagnostics(&out).iter().any(|l| l.starts_with(&expected) && l.contains(b.message));
        if lint.status.code() != Some(1) || !found {
            failures.push(format!("{}: lint did not say `{expected}...{}`:\n{out}", b.name, b.message));
        }

        let render = caredraft(dir.path(), &["--library", libdir, "render", answers.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&render.stderr).into_owned();
        let message = b.render.unwrap_or(b.message);
        let found = diagnostics(&err).iter().any(|l| l.starts_with(&expected) && l.contains(message));
        if render.status.code() != Some(1) || !found {
            failures.push(format!("{}: render did not say `{expected}...{message}`:\n{err}", b.name));
        }
        if files_in(dir.path()) != ["a.toml"] {
            failures.push(format!("{}: render wrote {:?}", b.name, files_in(dir.path())));
        }
    }
    assert!(failures.is_empty(), "{} of {} breaks:\n\n{}", failures.len(), BREAKS.len(), failures.join("\n\n"));
}

#[test]
fn a_broken_questions_file_is_the_only_error_not_the_first_of_many() {
    let lib = fixture_copy();
    edit(lib.path(), "templates/questions/30-governance.toml", "default = 3\n", "default = = 3\n");
    let dir = tempfile::tempdir().unwrap();
    let o = caredraft(dir.path(), &["--library", lib.path().to_str().unwrap(), "lint"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let first = out.lines().next().unwrap_or("");
    assert!(first.contains("templates/questions/30-governance.toml:"), "root cause first: {out}");
    assert!(!out.contains("not a declared question") && !out.contains("does not ask"), "no cascade: {out}");
    assert!(out.lines().last().unwrap_or("").starts_with("lint: 1 error, 0 warnings"), "{out}");
}

#[test]
fn one_failing_draft_gives_its_error_and_no_false_unused_term_warnings() {
    // A sum on an optional answer fails only when drafting with it blank; the terms the
    // failed draft would have used must not then be reported as unused.
    let lib = fixture_copy();
    edit(lib.path(), "clauses/core/board.md", "a quorum of {{ quorum }}", "a quorum of {{ quorum + 1 }}");
    let dir = tempfile::tempdir().unwrap();
    let o = caredraft(dir.path(), &["--library", lib.path().to_str().unwrap(), "lint"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(!out.contains("defined but no draft uses it"), "{out}");
    assert!(out.lines().last().unwrap_or("").contains("0 warnings"), "{out}");
}

#[test]
fn every_undefined_term_is_reported_in_one_run() {
    let lib = fixture_copy();
    edit(lib.path(), "clauses/core/disputes.md", "any dispute", "any dispute about the Partnership Board");
    edit(
        lib.path(),
        "clauses/core/term.md",
        "lasts {{ term_years }}",
        "lasts, with the Partnership Board, {{ term_years }}",
    );
    let (dir, answers) = answers_for("alliance");
    let o = caredraft(dir.path(), &["--library", lib.path().to_str().unwrap(), "render", answers.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("clauses/core/disputes.md:") && err.contains("clauses/core/term.md:"), "{err}");
}

#[test]
fn a_new_variant_falling_to_another_variants_else_is_warned() {
    let lib = fixture_copy();
    let l = lib.path();
    // A new variant, copied from the alliance frame: the frame alone makes it.
    let frame = std::fs::read_to_string(l.join("templates/variants/alliance.toml")).unwrap();
    std::fs::write(l.join("templates/variants/s75.toml"), frame.replace("id = \"alliance\"", "id = \"s75\"")).unwrap();
    edit(
        l,
        "clauses/core/disputes.md",
        "within 20 Business Days.",
        "within 20 Business Days{% if variant.id == \"mou\" %} or as the Partners agree{% elif variant.id == \"alliance\" %} under the Alliance's rules{% elif variant.id in [\"aco-partial\", \"aco-full\"] %} under the Contract{% else %} under the Contract{% endif %}.",
    );
    let dir = tempfile::tempdir().unwrap();
    let o = caredraft(dir.path(), &["--library", l.to_str().unwrap(), "lint"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let (line, col) = place(l, "clauses/core/disputes.md", "{% else %}", 0, 0);
    assert!(
        out.contains(&format!("clauses/core/disputes.md:{line}:{col}: warning: variant `s75` has no case")),
        "{out}"
    );
    // Giving it a case of its own settles it.
    edit(l, "clauses/core/disputes.md", "{% else %}", "{% elif variant.id == \"s75\" %} under section 75{% else %}");
    let o = caredraft(dir.path(), &["--library", l.to_str().unwrap(), "lint"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(!out.contains("has no case"), "{out}");
}

#[test]
fn the_terminal_ui_refuses_to_export_from_a_library_lint_rejects() {
    use caredraft::tui::app::App;
    use caredraft::tui::perform;
    use caredraft::tui::update::{Effect, Msg};
    let lib = fixture_copy();
    edit(lib.path(), "templates/variants/mou.toml", "\"review\", \"term\"]", "\"review\", \"term\", \"term\"]");
    let library = caredraft::cmd::load_library(Some(lib.path())).expect("parses");
    let engine = caredraft::engine::Engine::new(&library).expect("compiles");
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::start(&library, &engine, Some(dir.path().join("draft.toml")));
    app.new_draft("mou").expect("the fixture has mou");
    let target = dir.path().join("draft.md");
    match perform(&app, Effect::Export { paths: vec![target.clone()], annotated: false }) {
        Msg::Exported(Err(e)) => assert!(e.contains("places `term` twice"), "{e}"),
        _ => panic!("the export went ahead"),
    }
    assert!(!target.exists(), "nothing written");
}

#[test]
fn one_broken_template_does_not_make_a_good_include_elsewhere_look_unknown() {
    let lib = fixture_copy();
    std::fs::write(lib.path().join("templates/partials/note.md"), "A note.\n").unwrap();
    edit(
        lib.path(),
        "clauses/core/review.md",
        "each year.",
        "each year.\n\n{% include \"templates/partials/note.md\" %}",
    );
    edit(lib.path(), "clauses/core/board.md", "{{ quorum }} members", "{{ quorum members");
    let dir = tempfile::tempdir().unwrap();
    let o = caredraft(dir.path(), &["--library", lib.path().to_str().unwrap(), "lint"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(out.contains("clauses/core/board.md:"), "{out}");
    assert!(!out.contains("Unknown template"), "{out}");
    assert!(out.lines().last().unwrap_or("").starts_with("lint: 1 error,"), "{out}");
}

/// The built-in library exported and given a new variant copied from the alliance: lint's
/// `variant-else` warnings as (file, line, column, message).
fn s75_from_the_built_in_alliance() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let o = caredraft(dir.path(), &["export-library", "lib"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lib = dir.path().join("lib");
    let o = caredraft(dir.path(), &["--library", lib.to_str().unwrap(), "new", "variant", "s75", "--from", "alliance"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (dir, lib)
}

fn variant_else_warnings(dir: &Path, lib: &Path) -> Vec<(String, usize, usize, String)> {
    let o = caredraft(dir, &["--library", lib.to_str().unwrap(), "lint", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    list.as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "variant-else")
        .map(|d| {
            (
                // JSON names files as a shell would reach them; the tests name them in the library.
                d["file"].as_str().unwrap().trim_start_matches(&format!("{}/", lib.display())).to_string(),
                d["line"].as_u64().unwrap() as usize,
                d["column"].as_u64().unwrap() as usize,
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_built_in_library_names_every_variant_its_variant_chains_serve() {
    // The built-in library lints clean: each `variant.id` chain names every variant it serves.
    let dir = tempfile::tempdir().unwrap();
    let o = caredraft(dir.path(), &["lint"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(!out.contains("no case in this test of `variant.id`"), "{out}");
    // A variant copied from the alliance is named in none of them: each chain it reaches is
    // warned, at the chain's own tag, in a clause body or inside a TOML string.
    let (dir, lib) = s75_from_the_built_in_alliance();
    let warned = variant_else_warnings(dir.path(), &lib);
    assert!(warned.len() >= 20, "{warned:?}");
    for (file, line, col, message) in &warned {
        assert!(message.starts_with("variant `s75` has no case"), "{file}:{line}:{col}: {message}");
        let text = std::fs::read_to_string(lib.join(file)).unwrap();
        let at: String = text.lines().nth(line - 1).unwrap().chars().skip(col - 1).collect();
        assert!(
            at.starts_with("{% if variant.id") || at.starts_with("{% else") || at.starts_with("{%- else"),
            "{file}:{line}:{col} points at {:?}",
            at.chars().take(30).collect::<String>()
        );
    }
    // The chain in a term's meaning (a TOML string with escaped quotes before it) and one in
    // a clause body, at their exact places.
    let (line, col) =
        place(&lib, "clauses/general/information-sharing.md", "{% if variant.id == \\\"mou\\\" %}an agreement", 0, 0);
    assert!(
        warned.iter().any(|w| w.0 == "clauses/general/information-sharing.md" && (w.1, w.2) == (line, col)),
        "{warned:?}"
    );
    let (line, col) = place(
        &lib,
        "clauses/general/information-sharing.md",
        "{% if variant.id == \"mou\" %}The Partners will share",
        0,
        0,
    );
    assert!(
        warned.iter().any(|w| w.0 == "clauses/general/information-sharing.md" && (w.1, w.2) == (line, col)),
        "{warned:?}"
    );
    // Giving s75 a case of its own wherever the alliance has one settles every warning.
    for entry in walk(&lib.join("clauses")) {
        let text = std::fs::read_to_string(&entry).unwrap();
        let cased = text
            .replace("variant.id == \"alliance\"", "variant.id in [\"alliance\", \"s75\"]")
            .replace("variant.id == \\\"alliance\\\"", "variant.id in [\\\"alliance\\\", \\\"s75\\\"]")
            .replace("[\"alliance\", ", "[\"alliance\", \"s75\", ")
            .replace("[\\\"alliance\\\", ", "[\\\"alliance\\\", \\\"s75\\\", ");
        std::fs::write(&entry, cased).unwrap();
    }
    let warned = variant_else_warnings(dir.path(), &lib);
    assert!(warned.is_empty(), "{warned:?}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn a_chain_of_variant_cases_without_an_else_is_warned_at_its_if_and_a_lone_if_is_not() {
    let lib = fixture_copy();
    let l = lib.path();
    // A lone `if` adds words for the variants it names: by design, nothing to warn.
    edit(
        l,
        "clauses/core/disputes.md",
        "within 20 Business Days.",
        "within 20 Business Days{% if variant.id == \"mou\" %} or as the Partners agree{% endif %}.",
    );
    let dir = tempfile::tempdir().unwrap();
    let o = caredraft(dir.path(), &["--library", l.to_str().unwrap(), "lint"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(!out.contains("has no case"), "{out}");
    // Two cases and no else: the variants named in neither get none of its wording.
    edit(
        l,
        "clauses/core/disputes.md",
        " or as the Partners agree{% endif %}",
        " or as the Partners agree{% elif variant.id == \"alliance\" %} under the Alliance's rules{% endif %}",
    );
    let o = caredraft(dir.path(), &["--library", l.to_str().unwrap(), "lint"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let (line, col) = place(l, "clauses/core/disputes.md", "{% if variant.id == \"mou\" %} or as", 0, 0);
    assert!(
        out.contains(&format!(
            "clauses/core/disputes.md:{line}:{col}: warning: variants `aco-partial`, `aco-full` have no case"
        )),
        "{out}"
    );
    assert!(out.contains("and take none of its wording"), "{out}");
}

#[test]
fn a_variant_chain_in_a_partial_is_checked_against_the_frames_that_use_it() {
    let lib = fixture_copy();
    let l = lib.path();
    edit(
        l,
        "templates/partials/execution.md",
        "has been entered into",
        "has been {% if variant.id == \"mou\" %}signed{% else %}entered into{% endif %}",
    );
    let dir = tempfile::tempdir().unwrap();
    let o = caredraft(dir.path(), &["--library", l.to_str().unwrap(), "lint"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let (line, col) = place(l, "templates/partials/execution.md", "{% else %}", 0, 0);
    assert!(
        out.contains(&format!(
            "templates/partials/execution.md:{line}:{col}: warning: variants `alliance`, `aco-partial`, `aco-full`, \
             `provider-letter` have no case"
        )),
        "every frame that uses it, the companion's too: {out}"
    );
}

/// Tools key on a diagnostic's code, never its wording: every problem of every break carries a
/// code of its own kind, not the catch-all `caredraft::error`.
#[test]
fn every_break_is_reported_in_json_with_a_code_of_its_own() {
    let mut uncoded = Vec::new();
    for b in BREAKS {
        let lib = fixture_copy();
        (b.breaks)(lib.path());
        let libdir = lib.path().to_str().unwrap();
        let o = caredraft(lib.path(), &["--library", libdir, "lint", "--format", "json"]);
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        let parsed: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{}: {e}\n{out}", b.name));
        let all = parsed.get("diagnostics").and_then(|d| d.as_array()).or_else(|| parsed.as_array());
        let all = all.unwrap_or_else(|| panic!("{}: no diagnostics array in {out}", b.name));
        assert!(!all.is_empty(), "{}: lint found nothing", b.name);
        for d in all {
            let code = d.get("code").and_then(|c| c.as_str()).unwrap_or_default();
            if code.is_empty() || code.starts_with("caredraft::") {
                uncoded.push(format!("{}: {d}", b.name));
            }
        }
    }
    assert!(uncoded.is_empty(), "diagnostics without a code of their own:\n{}", uncoded.join("\n"));
}
