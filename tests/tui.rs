//! The TUI driven through its update loop with key events, as a person would, and drawn on
//! ratatui's TestBackend for snapshots. Files are really written (in a temporary folder).

use std::path::{Path, PathBuf};

use caredraft::answers::AnswerValue;
use caredraft::commands::{load_library, read_answers};
use caredraft::engine::Engine;
use caredraft::library::Library;
use caredraft::render::reading::Look;
use caredraft::tui::app::{App, Overlay, Screen, Tab};
use caredraft::tui::theme::Theme;
use caredraft::tui::update::{Msg, update};
use caredraft::tui::{perform, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn fixture() -> Library {
    load_library(Some(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/library")))).expect("fixture")
}

fn key(app: &mut App<'_>, code: KeyCode) {
    send(app, KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App<'_>, c: char) {
    send(app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn send(app: &mut App<'_>, k: KeyEvent) {
    let mut effect = update(app, Msg::Key(k));
    while let Some(e) = effect.take() {
        let msg = perform(app, e);
        effect = update(app, msg);
    }
}

fn typed(app: &mut App<'_>, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn screen(app: &mut App<'_>, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| view::draw(f, app, &Theme::plain())).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let line: String = (0..w).map(|x| buffer[(x, y)].symbol().to_string()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Moves the interview highlight to the row whose label starts with `label`.
fn go_to(app: &mut App<'_>, label: &str) {
    for _ in 0..app.rows.len() * 2 {
        if let Some(caredraft::tui::app::Row::Answer(t)) = app.rows.get(app.row)
            && app.target_question(t).label.starts_with(label)
        {
            return;
        }
        key(app, KeyCode::Down);
    }
    panic!("no question labelled {label:?}");
}

fn new_mou<'l>(lib: &'l Library, engine: &'l Engine<'l>, dir: &Path) -> App<'l> {
    let mut app = App::start(lib, engine, Some(dir.join("draft.toml")));
    key(&mut app, KeyCode::Enter); // the first variant: the memorandum
    assert_eq!(app.screen, Screen::Main);
    app
}

#[test]
fn start_screen_names_every_variant_at_80x24_and_120x40() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let mut app = App::start(&lib, &engine, Some(PathBuf::from("new.toml")));
    insta::assert_snapshot!("start_80x24", screen(&mut app, 80, 24));
    key(&mut app, KeyCode::Down);
    insta::assert_snapshot!("start_120x40", screen(&mut app, 120, 40));
}

#[test]
fn each_tab_and_the_help_draw_at_both_sizes() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    // The path is a temporary folder: show only the file name in snapshots.
    insta::with_settings!({filters => vec![(r"/[^\s│]*/draft", "TMP/draft")]}, {
        insta::assert_snapshot!("interview_80x24", screen(&mut app, 80, 24));
        key(&mut app, KeyCode::Tab);
        assert_eq!(app.tab, Tab::Clauses);
        insta::assert_snapshot!("clauses_80x24", screen(&mut app, 80, 24));
        insta::assert_snapshot!("clauses_120x40", screen(&mut app, 120, 40));
        key(&mut app, KeyCode::Tab);
        insta::assert_snapshot!("preview_120x40", screen(&mut app, 120, 40));
        key(&mut app, KeyCode::Char('?'));
        insta::assert_snapshot!("help_80x24", screen(&mut app, 80, 24));
        insta::assert_snapshot!("help_120x40", screen(&mut app, 120, 40));
        key(&mut app, KeyCode::Esc);
        insta::assert_snapshot!("preview_80x24", screen(&mut app, 80, 24));
        key(&mut app, KeyCode::Char('1'));
        insta::assert_snapshot!("interview_120x40", screen(&mut app, 120, 40));
        ctrl(&mut app, 'e');
        insta::assert_snapshot!("export_80x24", screen(&mut app, 80, 24));
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('q'));
        insta::assert_snapshot!("quit_80x24", screen(&mut app, 80, 24));
    });
}

#[test]
fn a_whole_memorandum_from_start_to_export() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());

    go_to(&mut app, "Name of the system");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "North Cumbria");
    key(&mut app, KeyCode::Enter);

    go_to(&mut app, "Legal name");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Cumbria County Council");
    key(&mut app, KeyCode::Enter);

    // Clauses: switch the optional review clause on, pick majority voting.
    key(&mut app, KeyCode::Char('2'));
    let review = app.outline.iter().position(|r| r.id == "review").expect("review in outline");
    while app.clause_row < review {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Char(' '));
    let decisions = app.outline.iter().position(|r| r.id == "decision-making").expect("decisions");
    while app.clause_row > decisions {
        key(&mut app, KeyCode::Up);
    }
    key(&mut app, KeyCode::Right);
    assert_eq!(app.outline[decisions].selected.as_deref(), Some("majority"));

    ctrl(&mut app, 'e');
    assert!(matches!(app.overlay, Some(Overlay::Export { .. })));
    key(&mut app, KeyCode::Enter);
    let md = std::fs::read_to_string(dir.path().join("draft.md")).expect("draft.md written");
    assert!(md.contains("North Cumbria"), "{md}");
    assert!(md.contains("**Cumbria County Council**"), "{md}");
    assert!(md.contains("Review"), "the review clause was switched on");
    assert!(md.contains("by a vote of 75% of the members present"), "{md}");
    let docx = std::fs::read(dir.path().join("draft.docx")).expect("draft.docx written");
    assert_eq!(&docx[..2], b"PK");
    assert!(app.status.as_ref().is_some_and(|(m, err)| !err && m.starts_with("Wrote")));

    // Saving writes an answers file that reads back to the same answers.
    ctrl(&mut app, 's');
    assert!(!app.modified());
    let saved = read_answers(&dir.path().join("draft.toml"), &lib).expect("saved answers parse");
    assert_eq!(saved.values, app.answers.values);
    assert_eq!(saved.clauses, app.answers.clauses);

    key(&mut app, KeyCode::Char('q'));
    assert!(app.quit, "q leaves at once when everything is saved");
}

#[test]
fn answers_typed_with_template_and_markdown_syntax_stay_literal() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    go_to(&mut app, "Name of the system");
    key(&mut app, KeyCode::Enter);
    let nasty = "{{ 7*7 }} {% if true %}x{% endif %} **bold** # <b>&";
    typed(&mut app, nasty);
    key(&mut app, KeyCode::Enter);
    let doc = app.document.as_ref().expect("assembles");
    let md = caredraft::render::markdown::to_markdown(doc);
    assert!(!md.contains("49"), "template code in an answer was executed");
    assert!(md.contains("{{ 7\\*7 }} {% if true %}x{% endif %}"), "{md}");
    assert!(md.contains("\\*\\*bold\\*\\*"), "Markdown in an answer must be escaped: {md}");
}

#[test]
fn the_preview_reads_like_the_draft_and_m_shows_the_markdown_source() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    go_to(&mut app, "Name of the system");
    key(&mut app, KeyCode::Enter);
    let nasty = "{{ 7*7 }} **bold** # <b>&amp;";
    typed(&mut app, nasty);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('3'));
    // As it reads: the answer exactly as typed, no escaping backslashes, no markup.
    let reading: Vec<String> = app.preview.lines.iter().map(|l| l.text()).collect();
    assert!(reading.iter().any(|l| l.contains(nasty)), "{reading:#?}");
    assert!(!reading.iter().any(|l| l.contains('\\') || l.starts_with('#')), "{reading:#?}");
    // Unanswered questions and defined terms carry their looks.
    let looks: Vec<Look> = app.preview.lines.iter().flat_map(|l| l.pieces.iter().map(|(look, _)| *look)).collect();
    assert!(looks.contains(&Look::Placeholder) && looks.contains(&Look::Strong) && looks.contains(&Look::Heading));
    let placeholder = app.preview.lines.iter().flat_map(|l| &l.pieces).find(|(look, _)| *look == Look::Placeholder);
    assert_eq!(placeholder.map(|(_, t)| t.as_str()), Some("[Date]"));
    // m: the Markdown draft's source, exactly what export writes; m again: back.
    key(&mut app, KeyCode::Char('m'));
    let md = caredraft::render::markdown::to_markdown(app.document.as_ref().expect("assembles"));
    let source: Vec<String> = app.preview.lines.iter().map(|l| l.text()).collect();
    assert_eq!(source, md.lines().collect::<Vec<_>>());
    assert!(screen(&mut app, 80, 24).contains("Markdown source"));
    key(&mut app, KeyCode::Char('m'));
    assert_eq!(app.preview.lines.iter().map(|l| l.text()).collect::<Vec<_>>(), reading);
}

#[test]
fn a_bad_number_is_shown_as_you_type_and_not_applied() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    go_to(&mut app, "Quorum");
    let before = app.answers.values.get("quorum").cloned();
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typed(&mut app, "x");
    let shown = screen(&mut app, 100, 30);
    assert!(shown.contains("whole number"), "{shown}");
    key(&mut app, KeyCode::Enter);
    assert!(app.editor.is_some(), "Enter does not leave an editor holding an invalid answer");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.answers.values.get("quorum").cloned(), before, "Esc restores the answer");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typed(&mut app, "1");
    assert!(screen(&mut app, 100, 30).contains("at least 2"), "below the minimum is reported");
    ctrl(&mut app, 'u');
    typed(&mut app, "5");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.answers.values.get("quorum"), Some(&AnswerValue::Number(5)));
    assert!(app.preview.lines.iter().any(|l| l.contains("5 members")), "the preview follows the answer");
}

#[test]
fn entries_are_added_moved_and_removed() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    let names = |app: &App<'_>| -> Vec<String> {
        match app.answers.values.get("partners") {
            Some(AnswerValue::Records(r)) => r
                .iter()
                .map(|e| match e.get("name") {
                    Some(AnswerValue::Text(s)) => s.clone(),
                    _ => String::new(),
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let before = names(&app).len();
    go_to(&mut app, "Legal name");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "A Trust");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('a'));
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "B Council");
    key(&mut app, KeyCode::Enter);
    assert_eq!(names(&app).len(), before + 1);
    assert_eq!(names(&app)[..2], ["A Trust".to_string(), "B Council".to_string()]);
    // Back onto B's name, then move it up.
    go_to_entry(&mut app, 1);
    key(&mut app, KeyCode::Char('K'));
    assert_eq!(names(&app)[..2], ["B Council".to_string(), "A Trust".to_string()]);
    key(&mut app, KeyCode::Char('d'));
    assert_eq!(names(&app).len(), before);
    assert!(!names(&app).contains(&"B Council".to_string()));
}

fn go_to_entry(app: &mut App<'_>, entry: usize) {
    use caredraft::tui::app::{Row, Target};
    let i = app
        .rows
        .iter()
        .position(|r| matches!(r, Row::Answer(Target::Field { entry: e, field: 0, .. }) if *e == entry))
        .expect("entry row");
    app.row = i;
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    key(&mut app, KeyCode::Char('q'));
    assert_eq!(app.overlay, Some(Overlay::ConfirmQuit));
    assert!(!app.quit);
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none() && !app.quit, "Esc stays");
    key(&mut app, KeyCode::Char('q'));
    key(&mut app, KeyCode::Char('s'));
    assert!(app.quit);
    assert!(dir.path().join("draft.toml").exists(), "s saves before leaving");
}

#[test]
fn an_edit_undone_with_esc_leaves_nothing_to_save() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    ctrl(&mut app, 's');
    assert!(!app.modified());
    go_to(&mut app, "Name of the system");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Leeds");
    assert!(app.modified(), "each key applies the answer, so the preview follows it");
    key(&mut app, KeyCode::Esc);
    assert!(!app.modified(), "Esc put the saved answer back");
    key(&mut app, KeyCode::Char('q'));
    assert!(app.quit, "nothing to save, so q leaves without asking");
}

#[test]
fn preview_search_scrolls_to_the_hit() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "terms of reference");
    key(&mut app, KeyCode::Enter);
    let line = app.preview.lines[app.preview.scroll].text();
    assert!(line.to_lowercase().contains("terms of reference"), "{line}");
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "no such words anywhere");
    key(&mut app, KeyCode::Enter);
    assert!(app.status.as_ref().is_some_and(|(m, err)| *err && m.contains("not in the draft")));
}

#[test]
fn export_writes_the_formats_chosen_where_the_user_says() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    ctrl(&mut app, 'e');
    let shown = screen(&mut app, 100, 30);
    assert!(shown.contains("placeholder(s) left in the draft"), "{shown}");
    assert!(shown.contains("[Name of Partner]"), "the export lists the placeholders left: {shown}");
    ctrl(&mut app, 'u');
    let base = dir.path().join("board pack").join("memo");
    std::fs::create_dir(dir.path().join("board pack")).expect("dir");
    typed(&mut app, base.to_str().expect("utf-8 path"));
    key(&mut app, KeyCode::Tab); // DOCX only
    key(&mut app, KeyCode::Tab); // Markdown only
    key(&mut app, KeyCode::Enter);
    assert!(dir.path().join("board pack/memo.md").is_file());
    assert!(!dir.path().join("board pack/memo.docx").exists(), "only the format chosen is written");
    assert!(!dir.path().join("draft.md").exists());
}

#[test]
fn unsaved_answers_are_autosaved_and_offered_back_at_the_next_start() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    go_to(&mut app, "Name of the system");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Kept Safe");
    key(&mut app, KeyCode::Enter);
    caredraft::tui::autosave(&app).expect("autosave");
    drop(app);

    // The next start finds the recovery file and offers it.
    let mut again = App::start(&lib, &engine, Some(dir.path().join("draft.toml")));
    again.offer_recovery();
    assert!(matches!(again.overlay, Some(Overlay::Recover { .. })));
    assert!(screen(&mut again, 80, 24).contains("Recover unsaved answers?"));
    key(&mut again, KeyCode::Char('r'));
    assert_eq!(again.screen, Screen::Main);
    assert!(again.modified(), "recovered answers are not yet saved");
    assert_eq!(again.answers.values.get("system_name"), Some(&AnswerValue::Text("Kept Safe".into())));
    // Saving writes the answers file and removes the recovery file.
    ctrl(&mut again, 's');
    assert!(dir.path().join("draft.toml").is_file());
    assert!(again.recovery_candidate().is_none());
}

#[test]
fn a_paragraph_answer_takes_new_lines() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = App::start(&lib, &engine, Some(dir.path().join("aco.toml")));
    app.new_draft("aco-full").expect("fixture has aco-full");
    go_to(&mut app, "The population");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Everyone registered");
    send(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT));
    typed(&mut app, "and resident");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.answers.values.get("population_description"),
        Some(&AnswerValue::Text("Everyone registered\nand resident".into()))
    );
}

/// Every built-in variant, from the start screen to both drafts on disk, with keys alone.
#[test]
fn each_built_in_variant_from_start_screen_to_export() {
    let lib = load_library(None).expect("built-in library");
    let engine = Engine::new(&lib).expect("engine");
    for (i, v) in lib.variants.iter().enumerate() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut app = App::start(&lib, &engine, Some(dir.path().join("mine.toml")));
        key(&mut app, KeyCode::Char(char::from(b'1' + i as u8)));
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.answers.variant, v.id);
        go_to(&mut app, "Name of the system");
        key(&mut app, KeyCode::Enter);
        typed(&mut app, "Northmoor");
        key(&mut app, KeyCode::Enter);
        ctrl(&mut app, 'e');
        key(&mut app, KeyCode::Enter);
        let md = std::fs::read_to_string(dir.path().join("mine.md")).unwrap_or_else(|e| panic!("{}: {e}", v.id));
        assert!(md.starts_with(&format!("# Northmoor {}", v.title)), "{}", v.id);
        assert!(md.contains("Northmoor"), "{}", v.id);
        assert!(dir.path().join("mine.docx").is_file(), "{}", v.id);
    }
}

fn wheel(app: &mut App<'_>, down: bool, notches: usize) {
    for _ in 0..notches {
        assert!(update(app, Msg::Wheel { down }).is_none(), "the wheel never asks for file work");
    }
}

#[test]
fn the_mouse_wheel_scrolls_each_list_and_the_preview_but_never_edits() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("draft.toml");

    // Start screen: the wheel moves the highlight, and stops at the last choice.
    let mut app = App::start(&lib, &engine, Some(path));
    wheel(&mut app, true, 2);
    assert_eq!(app.start.selected, 2);
    wheel(&mut app, true, 50);
    assert_eq!(app.start.selected, lib.variants.len(), "the last choice is \"open an answers file\"");
    wheel(&mut app, false, 50);
    assert_eq!(app.start.selected, 0);

    let mut app = new_mou(&lib, &engine, dir.path());
    let (answers_before, modified_before) = (app.answers.clone(), app.modified());
    // Questions: three rows a notch, never onto a section heading.
    let first = app.row;
    wheel(&mut app, true, 1);
    assert!(app.row > first, "the highlight moved down");
    assert!(matches!(app.rows[app.row], caredraft::tui::app::Row::Answer(_)));
    wheel(&mut app, false, 10);
    assert_eq!(app.row, first);

    // Clauses: three rows a notch, clamped at both ends.
    key(&mut app, KeyCode::Char('2'));
    wheel(&mut app, true, 1);
    assert_eq!(app.clause_row, 3.min(app.outline.len() - 1));
    wheel(&mut app, true, 1000);
    assert_eq!(app.clause_row, app.outline.len() - 1);
    wheel(&mut app, false, 1000);
    assert_eq!(app.clause_row, 0);

    // Preview: three lines a notch, never past the last screenful.
    key(&mut app, KeyCode::Char('3'));
    screen(&mut app, 80, 24);
    wheel(&mut app, true, 2);
    assert_eq!(app.preview.scroll, 6);
    wheel(&mut app, true, 10_000);
    let last_screen = app.preview.lines.len() - app.list_height.max(1);
    assert_eq!(app.preview.scroll, last_screen);
    wheel(&mut app, false, 1);
    assert_eq!(app.preview.scroll, last_screen - 3);

    // With the help open, the wheel does nothing.
    key(&mut app, KeyCode::Char('?'));
    let scroll = app.preview.scroll;
    wheel(&mut app, true, 3);
    assert_eq!(app.preview.scroll, scroll);
    assert_eq!(app.answers, answers_before, "scrolling changed no answer");
    assert_eq!(app.modified(), modified_before);
}
