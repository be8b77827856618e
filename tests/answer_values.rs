//! One answer reads the same wherever caredraft shows it: the interview list and its detail,
//! the Review tab, the compare summary, the editor (whose text reads back as the same
//! answer), the answers file the TUI writes, and the draft itself. A table of one answer of
//! each type, checked against every consumer.

use caredraft::answers::{AnswerValue, Answers, answers_file, parse_answers, projection};
use caredraft::cmd::load_library;
use caredraft::compare::{Side, compare, summary};
use caredraft::engine::Engine;
use caredraft::library::{Library, Question};
use caredraft::tui::app::{App, Editor, Row, Target};
use caredraft::tui::theme::Theme;
use caredraft::tui::update::{Msg, update};
use caredraft::tui::{perform, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const VARIANT: &str = "aco-full";

/// One answer of each type, as the answers file holds it.
const CASES: [(&str, &str); 10] = [
    ("provider_name", "\"Northmoor Care Ltd\""),
    ("population_description", "\"People registered with a Northmoor practice\""),
    ("agreement_date", "2027-04-01"),
    ("annual_budget", "412500000"),
    ("liability_cap", "1250000.5"),
    ("improvement_percent", "2.5"),
    ("notice_months", "12"),
    ("mark_as_draft", "false"),
    ("population_basis", "\"registered-and-resident\""),
    ("services", "[\"community\", \"acute\"]"),
];

fn question<'l>(lib: &'l Library, id: &str) -> &'l Question {
    lib.find_question(VARIANT, id).unwrap_or_else(|| panic!("no question {id}"))
}

/// The defaults `init` writes, and the same with each case's answer.
fn old_and_new(lib: &Library) -> (Answers, Answers) {
    let variant = lib.variant(VARIANT).expect("variant");
    let text = caredraft::answers::init_file(lib, variant);
    let old = parse_answers("old.toml", &text, lib).expect("defaults parse");
    let mut doc: toml_edit::DocumentMut = text.parse().expect("toml");
    for (id, value) in CASES {
        doc["answers"][id] = toml_edit::value(value.parse::<toml_edit::Value>().expect("value"));
    }
    let new = parse_answers("new.toml", &doc.to_string(), lib).expect("answers parse");
    (old, new)
}

fn send(app: &mut App<'_>, code: KeyCode) {
    let mut effect = update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    while let Some(e) = effect.take() {
        let msg = perform(app, e);
        effect = update(app, msg);
    }
}

fn screen(app: &mut App<'_>, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| view::draw(f, app, &Theme::plain())).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    (0..h).map(|y| (0..w).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim_end().to_string() + "\n").collect()
}

fn row_of(app: &App<'_>, id: &str) -> usize {
    app.rows
        .iter()
        .position(|r| matches!(r, Row::Answer(t @ Target::Question { .. }) if app.target_question(t).id == id))
        .unwrap_or_else(|| panic!("no row for {id}"))
}

#[test]
fn each_answer_reads_the_same_in_every_place_it_is_shown() {
    let lib = load_library(None).expect("built-in library");
    let engine = Engine::new(&lib).expect("engine");
    let (old, new) = old_and_new(&lib);
    let shows = |id: &str| projection::to_text(question(&lib, id), &new.values[id]);
    // What each type reads as, spelt out once, so the table says what "the same" is.
    let expected = [
        ("provider_name", "Northmoor Care Ltd".to_string()),
        ("population_description", "People registered with a Northmoor practice".to_string()),
        ("agreement_date", "1 April 2027".to_string()),
        ("annual_budget", "£412,500,000".to_string()),
        ("liability_cap", "£1,250,000.50".to_string()),
        ("improvement_percent", "2.5%".to_string()),
        ("notice_months", "12".to_string()),
        ("mark_as_draft", "no".to_string()),
        (
            "population_basis",
            question(&lib, "population_basis").option_label("registered-and-resident").expect("option").to_string(),
        ),
        ("services", {
            let q = question(&lib, "services");
            format!("{}, {}", q.option_label("community").expect("option"), q.option_label("acute").expect("option"))
        }),
    ];
    for (id, text) in &expected {
        assert_eq!(&shows(id), text, "{id}");
    }

    // The compare summary, old → new.
    let old_doc = engine.assemble(&old).expect("old draft");
    let new_doc = engine.assemble(&new).expect("new draft");
    let redline = compare(&old_doc, &new_doc);
    let side = |answers, doc| Side { answers, library: &lib, doc };
    let summary = summary(&side(&old, &old_doc), &side(&new, &new_doc), &redline);
    // The draft, where its templates and its cover print them.
    let draft = caredraft::render::markdown::to_markdown(&new_doc);

    // The TUI: the Review tab, and the interview list with the question's detail beside it.
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = App::with_answers(&lib, &engine, dir.path().join("new.toml"), new.clone());
    send(&mut app, KeyCode::Char('4'));
    let review = screen(&mut app, 240, 200);
    send(&mut app, KeyCode::Char('1'));

    for (id, text) in &expected {
        let q = question(&lib, id);
        let in_markdown = caredraft::render::markdown::escape(text, false);
        assert!(summary.contains(&format!("\u{201C}{in_markdown}\u{201D}")), "{id}: {text} in\n{summary}");
        assert!(review.contains(&format!("│  {}: {text} ", q.label)), "{id}: {text} in\n{review}");
        app.row = row_of(&app, id);
        let shown = screen(&mut app, 240, 60);
        assert!(shown.contains(&format!("{}: {text}", q.label)), "{id}: {text} in the list\n{shown}");
    }
    for id in ["provider_name", "agreement_date", "annual_budget", "improvement_percent"] {
        assert!(draft.contains(&shows(id)), "{id}: {} in the draft", shows(id));
    }

    // The editor starts with the same text, and reads it back as the same answer.
    for id in [
        "provider_name",
        "population_description",
        "agreement_date",
        "annual_budget",
        "liability_cap",
        "improvement_percent",
        "notice_months",
    ] {
        app.row = row_of(&app, id);
        send(&mut app, KeyCode::Enter);
        let Some(Editor::Line { input, .. }) = &app.editor else { panic!("{id}: no editor") };
        assert_eq!(input.value(), shows(id), "{id}: the editor's text");
        send(&mut app, KeyCode::Enter);
        assert!(app.editor.is_none(), "{id}: the editor took its own text back");
        assert_eq!(app.answers.values.get(id), new.values.get(id), "{id}: the same answer");
    }

    // The answers file the TUI writes reads back as the same answers.
    let variant = lib.variant(VARIANT).expect("variant");
    let written = answers_file(&lib, variant, Some(&new));
    assert_eq!(parse_answers("again.toml", &written, &lib).expect("reads back").values, new.values);
}

/// A percentage with more digits than the draft shows keeps them in the editor, so opening
/// and closing the editor never rounds an answer.
#[test]
fn the_editor_keeps_every_digit_of_a_percentage() {
    let lib = load_library(None).expect("built-in library");
    let q = question(&lib, "improvement_percent");
    let v = AnswerValue::Percent(3.333);
    assert_eq!(projection::to_text(q, &v), "3.33%");
    assert_eq!(projection::to_typed(q, &v), "3.333%");
    assert_eq!(caredraft::answers::answer_from_input(q, &projection::to_typed(q, &v)), Ok(Some(v)));
}
