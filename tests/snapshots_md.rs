//! Snapshots of whole drafts in Markdown, so a change to the engine or the library shows
//! up as a readable diff in review (`cargo insta review`).

use std::path::Path;

use caredraft::answers::{init_file, parse_answers};
use caredraft::engine::Engine;
use caredraft::library::{Library, LibraryFiles, parse_library};
use caredraft::render::markdown::to_markdown;

fn draft(library: &Library, answers_text: &str, name: &str) -> String {
    let engine = Engine::new(library).expect("the library compiles");
    let answers = parse_answers(name, answers_text, library).expect("the answers parse");
    to_markdown(&engine.assemble(&answers).expect("the draft assembles"))
}

fn defaults(library: &Library, variant: &str) -> String {
    init_file(library, library.variant(variant).expect("variant"))
}

#[test]
fn fixture_mou_with_default_answers() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library");
    let library = parse_library(&LibraryFiles::from_dir(&dir).unwrap()).unwrap();
    insta::assert_snapshot!(draft(&library, &defaults(&library, "mou"), "mou.toml"));
}

#[test]
fn built_in_variants_with_default_answers() {
    let library = parse_library(&LibraryFiles::built_in()).expect("built-in library");
    for v in &library.variants {
        insta::assert_snapshot!(format!("default-{}", v.id), draft(&library, &defaults(&library, &v.id), &v.id));
    }
}

/// Each variant filled in, with the other alternatives chosen (tests/fixtures/answers).
#[test]
fn built_in_variants_with_the_other_alternatives() {
    let library = parse_library(&LibraryFiles::built_in()).expect("built-in library");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/answers");
    for v in &library.variants {
        let path = dir.join(format!("{}-alternatives.toml", v.id));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        insta::assert_snapshot!(format!("alternatives-{}", v.id), draft(&library, &text, &v.id));
    }
}

/// `render` compiles only the variant's clauses; the draft must be the same as with the
/// whole library compiled (what the TUI and lint use).
#[test]
fn an_engine_for_one_variant_renders_the_same_drafts() {
    let library = parse_library(&LibraryFiles::built_in()).expect("built-in library");
    let whole = Engine::new(&library).expect("compiles");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/answers");
    for v in &library.variants {
        let one = Engine::for_variant(&library, &v.id).expect("compiles");
        let text = std::fs::read_to_string(dir.join(format!("{}-alternatives.toml", v.id))).expect("answers");
        for answers_text in [defaults(&library, &v.id), text] {
            let answers = parse_answers("a.toml", &answers_text, &library).expect("answers");
            let a = to_markdown(&whole.assemble(&answers).expect("assembles"));
            let b = to_markdown(&one.assemble(&answers).expect("assembles"));
            assert_eq!(a, b, "{}", v.id);
        }
    }
}
