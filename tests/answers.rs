//! Answers files: what `init` writes parses, and what the TUI saves reads back the same.

use std::collections::BTreeMap;
use std::path::Path;

use caredraft::answers::{AnswerValue, ClauseChoice, answers_file, init_file, parse_answers};
use caredraft::library::{Library, LibraryFiles, parse_library};

fn fixture() -> Library {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library");
    parse_library(&LibraryFiles::from_dir(&dir).expect("fixture files")).expect("fixture parses")
}

#[test]
fn saved_answers_read_back_identically() {
    let library = fixture();
    let variant = library.variant("mou").expect("mou");
    let mut answers = parse_answers("a.toml", &init_file(&library, variant), &library).expect("init parses");
    let text = |s: &str| AnswerValue::Text(s.to_string());
    answers.values.insert("system_name".into(), text("North \"East\" {{ x }} \\ 'quoted' 🏥"));
    answers.values.insert("agreement_date".into(), AnswerValue::Date(jiff::civil::date(2027, 4, 1)));
    answers.values.insert("majority_percent".into(), AnswerValue::Percent(66.5));
    answers.values.insert("quorum".into(), AnswerValue::Number(4));
    answers.values.insert("mark_as_draft".into(), AnswerValue::Bool(false));
    answers.values.insert("meeting_frequency".into(), AnswerValue::Choice("quarterly".into()));
    let partner = |name: &str| {
        let mut r = BTreeMap::new();
        r.insert("name".to_string(), text(name));
        r.insert("description".to_string(), text("an NHS trust"));
        r
    };
    answers
        .values
        .insert("partners".into(), AnswerValue::Records(vec![partner("Alpha NHS Trust"), partner("Beta Council")]));
    answers.clauses.insert("review".into(), ClauseChoice::Include(true));
    answers.clauses.insert("decision-making".into(), ClauseChoice::Alternative("majority".into()));

    let saved = answers_file(&library, variant, Some(&answers));
    let back = parse_answers("a.toml", &saved, &library).expect("the saved file parses");
    assert_eq!(back.values, answers.values, "{saved}");
    assert_eq!(back.clauses, answers.clauses);
    assert_eq!(back.hash(), answers.hash());
}

#[test]
fn unanswered_questions_save_as_empty_and_stay_unanswered() {
    let library = fixture();
    let variant = library.variant("mou").expect("mou");
    let mut answers = parse_answers("a.toml", &init_file(&library, variant), &library).expect("init parses");
    answers.values.remove("quorum");
    answers.values.remove("system_name");
    answers.values.insert("partners".into(), AnswerValue::Records(Vec::new()));
    let saved = answers_file(&library, variant, Some(&answers));
    let back = parse_answers("a.toml", &saved, &library).expect("the saved file parses");
    assert!(!back.values.contains_key("quorum"), "{saved}");
    assert!(!back.values.contains_key("system_name"));
    assert_eq!(back.values.get("partners"), Some(&AnswerValue::Records(Vec::new())));
}

#[test]
fn money_keeps_its_pence() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library");
    let library = parse_library(&LibraryFiles::from_dir(&dir).unwrap()).unwrap();
    let variant = library.variant("alliance").expect("alliance");
    let mut answers = parse_answers("a.toml", &init_file(&library, variant), &library).expect("init parses");
    answers.values.insert("annual_budget".into(), AnswerValue::Money(123_456_789));
    let saved = answers_file(&library, variant, Some(&answers));
    let back = parse_answers("a.toml", &saved, &library).expect("parses");
    assert_eq!(back.values.get("annual_budget"), Some(&AnswerValue::Money(123_456_789)), "{saved}");
}
