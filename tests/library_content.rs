//! The built-in library's drafts say what the law and the answers require: titles that follow
//! the framework, survival lists built from the clauses in the draft, party descriptions, the
//! dispute route that follows the parties' status, and the consistency rules across answers.

use caredraft::answers::{init_file, parse_answers};
use caredraft::engine::Engine;
use caredraft::error::Error;
use caredraft::library::{Library, LibraryFiles, parse_library};
use caredraft::render::markdown::to_markdown;

fn library() -> Library {
    parse_library(&LibraryFiles::built_in()).expect("built-in library")
}

/// The variant's default answers file, with `answers` lines put in place of the lines that
/// set the same question (or added to [answers] when the default file has no such line).
fn answers_text(library: &Library, variant: &str, answers: &[&str]) -> String {
    let mut text = init_file(library, library.variant(variant).expect("variant"));
    for line in answers {
        let key = line.split('=').next().unwrap_or("").trim();
        let mut replaced = false;
        text = text
            .lines()
            .map(|l| {
                let t = l.trim_start_matches('#').trim_start();
                if !replaced && t.split('=').next().is_some_and(|k| k.trim() == key) && t.contains('=') {
                    replaced = true;
                    line.to_string()
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        if !replaced {
            text = text.replacen("[answers]\n", &format!("[answers]\n{line}\n"), 1);
        }
        text.push('\n');
    }
    text
}

fn assemble(library: &Library, text: &str) -> Result<caredraft::doc::Document, Error> {
    let engine = Engine::new(library).expect("compiles");
    let answers = parse_answers("answers.toml", text, library).expect("the answers parse");
    engine.assemble(&answers)
}

fn draft(library: &Library, variant: &str, answers: &[&str]) -> String {
    to_markdown(&assemble(library, &answers_text(library, variant, answers)).expect("the draft assembles"))
}

/// The problems `render` reports for these answers, as text.
fn problems(library: &Library, variant: &str, answers: &[&str]) -> Vec<String> {
    match assemble(library, &answers_text(library, variant, answers)) {
        Ok(_) => Vec::new(),
        Err(Error::Invalid(diags)) => diags.iter().map(|d| d.message.clone()).collect(),
        Err(e) => vec![e.to_string()],
    }
}

#[test]
fn the_current_framework_names_the_integrated_care_provider_contract_and_2018_keeps_the_aco() {
    let lib = library();
    for variant in ["aco-partial", "aco-full"] {
        let current = draft(&lib, variant, &[r#"framework = "current""#]);
        assert!(current.starts_with("# Integrated Care Provider Contract"), "{variant}: {}", &current[..80]);
        let old = draft(&lib, variant, &[r#"framework = "2018""#]);
        assert!(old.starts_with("# Accountable Care Organisation Contract"), "{variant}: {}", &old[..80]);
    }
}

#[test]
fn the_survival_clause_names_every_included_clause_marked_to_survive() {
    let lib = library();
    for variant in ["aco-partial", "aco-full", "alliance"] {
        let doc = assemble(&lib, &answers_text(&lib, variant, &[])).expect("assembles");
        let md = to_markdown(&doc);
        let survival = md
            .lines()
            .find(|l| l.contains("intended to continue after it"))
            .unwrap_or_else(|| panic!("{variant}: no survival sentence"));
        let surviving: Vec<&str> = doc
            .clauses
            .iter()
            .filter(|c| lib.clause(&c.id).is_some_and(|f| f.front.survives))
            .map(|c| c.number.as_str())
            .collect();
        assert!(surviving.len() >= 4, "{variant}: only {surviving:?} marked to survive");
        for number in surviving {
            assert!(
                survival.contains(&format!("clause {number},")) || survival.contains(&format!("clause {number} and")),
                "{variant}: clause {number} missing from: {survival}"
            );
        }
    }
}

#[test]
fn the_provider_is_described_as_typed_or_by_a_placeholder() {
    let lib = library();
    let blank = draft(&lib, "aco-partial", &[]);
    assert!(
        blank.contains(r"**\[Name of Provider\]**, \[statutory description of the Provider\] (the **"),
        "{}",
        &blank[..600]
    );
    let typed = draft(&lib, "aco-partial", &[r#"provider_description = "an NHS foundation trust""#]);
    assert!(typed.contains(r"**\[Name of Provider\]**, an NHS foundation trust (the **"));
}

#[test]
fn the_dispute_route_follows_the_providers_status() {
    let lib = library();
    for variant in ["aco-partial", "aco-full"] {
        let nhs = draft(&lib, variant, &[r#"provider_status = "health-service-body""#]);
        assert!(
            nhs.contains("is an NHS contract within the meaning of section 9 of the National Health Service Act 2006")
        );
        assert!(nhs.contains("to the Secretary of State for determination under section 9"));
        assert!(!nhs.contains("courts of England and Wales have exclusive jurisdiction"), "{variant}");
        let other = draft(&lib, variant, &[r#"provider_status = "other""#]);
        assert!(!other.contains("NHS contract within the meaning"));
        assert!(other.contains("brought by any Party in dispute before the courts of England and Wales"));
        assert!(other.contains("the courts of England and Wales have exclusive jurisdiction"));
        // Either way, money and technical disputes end with the expert.
        for d in [&nhs, &other] {
            assert!(d.contains("The expert's decision is final and binding on the Parties in dispute"));
        }
    }
}

#[test]
fn every_default_draft_passes_the_consistency_rules() {
    let lib = library();
    for v in &lib.variants {
        assert_eq!(problems(&lib, &v.id, &[]), Vec::<String>::new(), "{}", v.id);
    }
}
