//! The TUI driven through its update loop with key events, as a person would, and drawn on
//! ratatui's TestBackend for snapshots. Files are really written (in a temporary folder).

use std::path::{Path, PathBuf};

use caredraft::answers::AnswerValue;
use caredraft::cmd::{load_library, read_answers};
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
    deliver(app, Msg::Key(k));
}

/// A message through update, with its effects carried out as the runtime does.
fn deliver(app: &mut App<'_>, m: Msg) {
    let mut effect = update(app, m);
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

/// Everything a reader sees paging down `pages` times at 80x24, screen after screen.
fn read_by_paging(app: &mut App<'_>, pages: usize) -> String {
    let mut seen = String::new();
    for _ in 0..pages {
        seen.push_str(&screen(app, 80, 24));
        key(app, KeyCode::PageDown);
    }
    seen
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

/// The rows inside the preview pane as drawn at `w` x `h`.
fn preview_rows(app: &mut App<'_>, w: u16, h: u16) -> Vec<String> {
    let shown = screen(app, w, h);
    let lines: Vec<&str> = shown.lines().collect();
    let top = lines.iter().position(|l| l.starts_with("┌")).expect("pane top");
    let bottom = lines.iter().rposition(|l| l.starts_with("└")).expect("pane bottom");
    lines[top + 1..bottom]
        .iter()
        .map(|l| l.trim_start_matches('│').trim_end().trim_end_matches('│').trim_end().to_string())
        .collect()
}

/// Every row of the preview at width `w`: drawn on a screen tall enough to hold it all.
fn all_preview_rows(app: &mut App<'_>, w: u16) -> Vec<String> {
    let (line, row) = (app.preview.scroll, app.preview.scroll_row);
    key(app, KeyCode::Home);
    let mut rows = preview_rows(app, w, 3000);
    while rows.last().is_some_and(|r| r.is_empty()) {
        rows.pop();
    }
    assert!(rows.len() < 2900, "the screen was tall enough");
    app.preview.scroll = line;
    app.preview.scroll_row = row;
    rows
}

/// Moves the interview highlight to the row whose label starts with `label`.
fn go_to(app: &mut App<'_>, label: &str) {
    key(app, KeyCode::Home);
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
        key(&mut app, KeyCode::Char('4'));
        insta::assert_snapshot!("review_80x24", screen(&mut app, 80, 24));
        key(&mut app, KeyCode::Char('p'));
        insta::assert_snapshot!("placeholders_80x24", screen(&mut app, 80, 24));
        key(&mut app, KeyCode::Esc);
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
    assert!(shown.contains("is NOT saved"), "the export says the answers file is not saved: {shown}");
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
        // The whole pack: each companion beside the main document (one blank record each).
        for c in lib.companions_of(v) {
            let name = if c.per.is_some() { format!("mine - {} - 1", c.title) } else { format!("mine - {}", c.title) };
            for ext in ["md", "docx"] {
                assert!(dir.path().join(format!("{name}.{ext}")).is_file(), "{}: no {name}.{ext}", v.id);
            }
        }
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

    // Preview: three rows a notch, never past the last screenful.
    key(&mut app, KeyCode::Char('3'));
    let all = all_preview_rows(&mut app, 80);
    let height = preview_rows(&mut app, 80, 24).len();
    wheel(&mut app, true, 2);
    assert_eq!(preview_rows(&mut app, 80, 24), all[6..6 + height]);
    wheel(&mut app, true, 10_000);
    assert_eq!(preview_rows(&mut app, 80, 24), all[all.len() - height..], "the last screenful");
    wheel(&mut app, false, 1);
    assert_eq!(preview_rows(&mut app, 80, 24), all[all.len() - height - 3..all.len() - 3]);

    // With the help open, the wheel does nothing.
    key(&mut app, KeyCode::Char('?'));
    let scroll = app.preview.scroll;
    wheel(&mut app, true, 3);
    assert_eq!(app.preview.scroll, scroll);
    assert_eq!(app.answers, answers_before, "scrolling changed no answer");
    assert_eq!(app.modified(), modified_before);
}

/// Types a new name of the system into a memorandum, so there is unsaved work to lose.
fn unsaved_edit<'l>(lib: &'l Library, engine: &'l Engine<'l>, dir: &Path) -> App<'l> {
    let mut app = new_mou(lib, engine, dir);
    ctrl(&mut app, 's');
    go_to(&mut app, "Name of the system");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Northmoor");
    key(&mut app, KeyCode::Enter);
    deliver(&mut app, Msg::Idle);
    assert!(app.modified());
    app
}

fn assert_work_kept(app: &App<'_>, dir: &Path, after: &str) {
    assert!(!app.quit, "{after}: the program left");
    assert!(!app.discarded, "{after}: the edit was discarded");
    assert_eq!(
        app.answers.values.get("system_name"),
        Some(&AnswerValue::Text("Northmoor".into())),
        "{after}: the edit is gone"
    );
    let kept = std::fs::read_to_string(dir.join("draft.toml.autosave")).unwrap_or_default();
    assert!(kept.contains("Northmoor"), "{after}: the recovery file lost the edit: {kept:?}");
}

/// The sequence that lost a commissioner's work: on the preview, `/` search, Enter, `n`, Esc,
/// `n`. Esc opened the quit dialog, and `n` there meant "quit without saving".
#[test]
fn search_then_esc_then_n_on_the_preview_loses_nothing() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = unsaved_edit(&lib, &engine, dir.path());
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "partner");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay, None, "Esc never opens the quit dialog");
    assert!(app.preview.query.is_empty(), "Esc closed the search");
    key(&mut app, KeyCode::Char('n'));
    deliver(&mut app, Msg::Idle);
    assert_work_kept(&app, dir.path(), "/ Enter n Esc n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("draft.toml")).map(|t| t.contains("Northmoor")).ok(),
        Some(false)
    );
}

/// The slips of a hurried user, from each tab: none of them leaves or throws the edit away.
#[test]
fn no_single_key_slip_discards_an_edit() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let slips: &[&[KeyCode]] = &[
        &[KeyCode::Esc, KeyCode::Esc],
        &[KeyCode::Esc, KeyCode::Char('n')],
        &[KeyCode::Char('q'), KeyCode::Esc],
        &[KeyCode::Char('q'), KeyCode::Char('n')],
        &[KeyCode::Char('q'), KeyCode::Char('q')],
        &[KeyCode::Char('q'), KeyCode::Enter],
        &[KeyCode::Char('q'), KeyCode::Char('d')],
        &[KeyCode::Char('q'), KeyCode::Esc, KeyCode::Esc, KeyCode::Char('n')],
    ];
    let mut app = unsaved_edit(&lib, &engine, dir.path());
    for tab in ['1', '2', '3'] {
        for slip in slips {
            key(&mut app, KeyCode::Char(tab));
            for &k in *slip {
                key(&mut app, k);
            }
            // Whatever the slip left open is closed again by Esc, as a user would.
            key(&mut app, KeyCode::Esc);
            deliver(&mut app, Msg::Idle);
            assert_work_kept(&app, dir.path(), &format!("tab {tab}, {slip:?}"));
        }
    }
    // Ctrl-C asks too, and Esc stays.
    ctrl(&mut app, 'c');
    assert_eq!(app.overlay, Some(Overlay::ConfirmQuit));
    key(&mut app, KeyCode::Esc);
    assert_work_kept(&app, dir.path(), "Ctrl-C Esc");
}

#[test]
fn leaving_without_saving_takes_a_capital_d_and_still_keeps_a_copy() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = unsaved_edit(&lib, &engine, dir.path());
    key(&mut app, KeyCode::Char('q'));
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("D (capital)"), "{shown}");
    assert!(!shown.contains("n quit"), "{shown}");
    key(&mut app, KeyCode::Char('D'));
    assert!(app.quit && app.discarded);
    let said = caredraft::tui::finish(&app).expect("finish").expect("a message");
    assert!(said.contains("draft.toml.discarded"), "{said}");
    assert!(!dir.path().join("draft.toml.autosave").exists(), "nothing is offered back at the next start");
    let kept = std::fs::read_to_string(dir.path().join("draft.toml.discarded")).expect("discarded copy");
    assert!(kept.contains("Northmoor"));
}

#[test]
fn save_and_quit_stays_when_the_save_fails() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    // The answers file's "path" is a folder: saving there fails.
    let target = dir.path().join("draft.toml");
    std::fs::create_dir(&target).expect("dir");
    let mut app = App::start(&lib, &engine, Some(target));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('q'));
    key(&mut app, KeyCode::Char('s'));
    assert!(!app.quit, "a failed save must not leave");
    assert!(app.status.as_ref().is_some_and(|(m, err)| *err && m.contains("Not saved")), "{:?}", app.status);
}

/// An edit made, autosaved and then undone must not be offered back as "unsaved answers".
#[test]
fn an_undone_edit_leaves_no_recovery_file() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    ctrl(&mut app, 's');
    go_to(&mut app, "Name of the system");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Undone");
    deliver(&mut app, Msg::Idle);
    assert!(dir.path().join("draft.toml.autosave").exists(), "the pause autosaved the edit");
    key(&mut app, KeyCode::Esc);
    deliver(&mut app, Msg::Idle);
    assert!(!dir.path().join("draft.toml.autosave").exists(), "the undone edit is no longer offered");
    let again = App::start(&lib, &engine, Some(dir.path().join("draft.toml")));
    assert!(again.recovery_candidate().is_none());
}

#[test]
fn dialogs_open_on_a_terminal_narrower_than_the_dialog() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = unsaved_edit(&lib, &engine, dir.path());
    for (w, h) in [(33, 12), (20, 8), (5, 5), (1, 1)] {
        key(&mut app, KeyCode::Char('q'));
        let shown = screen(&mut app, w, h);
        assert!(app.overlay == Some(Overlay::ConfirmQuit), "{shown}");
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('?'));
        screen(&mut app, w, h);
        key(&mut app, KeyCode::Esc);
        ctrl(&mut app, 'e');
        screen(&mut app, w, h);
        key(&mut app, KeyCode::Esc);
    }
    assert_work_kept(&app, dir.path(), "narrow dialogs");
}

/// The Kelvin sign (3 bytes) lower-cases to k (1 byte), İ (2 bytes) to i + a combining dot (3):
/// the search and its highlighting must neither panic nor mark the wrong text.
#[test]
fn preview_search_finds_text_whose_lower_case_changes_length() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    go_to(&mut app, "Name of the system");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "\u{212A}ENT İSTANBUL Care");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('3'));
    for query in ["kent", "istanbul care", "care", "i"] {
        key(&mut app, KeyCode::Char('/'));
        typed(&mut app, query);
        key(&mut app, KeyCode::Enter);
        let line = app.preview.lines[app.preview.scroll].text();
        assert!(caredraft::tui::search::contains(&line, query), "{query}: {line}");
        let shown = screen(&mut app, 80, 24);
        assert!(shown.contains("İSTANBUL Care"), "{shown}");
        key(&mut app, KeyCode::Esc);
    }
}

/// A paste is one edit: the answer is checked and the draft assembled once, not per character.
#[test]
fn a_10_kb_paste_is_one_edit() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = App::start(&lib, &engine, Some(dir.path().join("aco.toml")));
    app.new_draft("aco-full").expect("fixture has aco-full");
    go_to(&mut app, "The population");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "[]");
    key(&mut app, KeyCode::Left);
    let before = app.generation;
    let pasted = "Everyone registered ".repeat(512);
    deliver(&mut app, Msg::Paste(format!("{pasted}\r\nand resident")));
    assert_eq!(app.generation, before + 1, "the draft was assembled once for the whole paste");
    let Some(AnswerValue::Text(text)) = app.answers.values.get("population_description") else { panic!("no answer") };
    assert_eq!(text, &format!("[{pasted}\nand resident]"), "pasted at the cursor, its line break kept");
    key(&mut app, KeyCode::Enter);

    // Into a one-line answer a line break becomes a space; one too long is refused once.
    go_to(&mut app, "Name of the system");
    key(&mut app, KeyCode::Enter);
    deliver(&mut app, Msg::Paste("North\nCumbria".into()));
    assert_eq!(app.answers.values.get("system_name"), Some(&AnswerValue::Text("North Cumbria".into())));
    let before = app.generation;
    deliver(&mut app, Msg::Paste("x".repeat(10_000)));
    assert_eq!(app.generation, before, "refused: nothing applied");
    assert!(
        matches!(&app.editor, Some(caredraft::tui::app::Editor::Line { error: Some(e), .. }) if e.contains("120")),
        "the editor says the answer is too long"
    );
    key(&mut app, KeyCode::Esc);

    // Outside an editor a paste changes nothing.
    let before = app.answers.clone();
    deliver(&mut app, Msg::Paste("stray".into()));
    assert_eq!(app.answers.values, before.values);
}

#[cfg(unix)]
#[test]
fn ctrl_s_on_a_linked_answers_file_updates_the_real_file() {
    use std::os::unix::fs::PermissionsExt;
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let real = dir.path().join("real.toml");
    let mut app = App::start(&lib, &engine, Some(real.clone()));
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 's');
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let link = dir.path().join("draft.toml");
    std::os::unix::fs::symlink(&real, &link).expect("link");
    let answers = read_answers(&link, &lib).expect("read");
    let mut app = App::with_answers(&lib, &engine, link.clone(), answers);
    go_to(&mut app, "Name of the system");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Linked");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 's');
    assert!(!app.modified(), "{:?}", app.status);
    assert!(std::fs::symlink_metadata(&link).expect("link").file_type().is_symlink(), "the link is kept");
    assert!(std::fs::read_to_string(&real).expect("real").contains("Linked"));
    assert_eq!(std::fs::metadata(&real).expect("real").permissions().mode() & 0o777, 0o640);
}

/// Paging shows every row of the preview, each page starting with the last row of the one
/// before (one row of overlap, none skipped), at both sizes and both ways.
#[test]
fn preview_pages_skip_no_line_at_80x24_and_120x40() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = App::start(&lib, &engine, Some(dir.path().join("aco.toml")));
    app.new_draft("aco-full").expect("fixture has aco-full");
    key(&mut app, KeyCode::Char('3'));
    for (w, h) in [(80, 24), (120, 40)] {
        let all = all_preview_rows(&mut app, w);
        key(&mut app, KeyCode::Home);
        let mut pages = vec![preview_rows(&mut app, w, h)];
        let height = pages[0].len();
        assert!(all.len() > height + 1, "the draft is more than a page long: {} rows, {height} a page", all.len());
        for _ in 0..all.len() {
            key(&mut app, KeyCode::PageDown);
            let page = preview_rows(&mut app, w, h);
            if Some(&page) == pages.last() {
                break;
            }
            pages.push(page);
        }
        for (k, page) in pages.iter().enumerate() {
            let start = k * (height - 1);
            let expected: Vec<String> =
                (start..start + height).map(|i| all.get(i).cloned().unwrap_or_default()).collect();
            assert_eq!(page, &expected, "{w}x{h}: page {} is not rows {start}.. of the draft", k + 1);
        }
        assert!((pages.len() - 1) * (height - 1) + height >= all.len(), "{w}x{h}: the last row was reached");
        // And back up: the same pages, in reverse, down to the first.
        for k in (0..pages.len() - 1).rev() {
            key(&mut app, KeyCode::PageUp);
            assert_eq!(preview_rows(&mut app, w, h), pages[k], "{w}x{h}: PgUp to page {}", k + 1);
        }
    }
}

/// At 80x24 a one-of's options show as soon as it is opened, above its long help text.
#[test]
fn a_one_of_shows_its_options_at_80x24_before_its_help() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    go_to(&mut app, "Legal and policy framework");
    key(&mut app, KeyCode::Enter);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("Current (ICBs"), "{shown}");
    assert!(shown.contains("2018 (CCGs"), "{shown}");
}

/// Every part of a pane that overflows can be reached, and the pane says there is more.
#[test]
fn the_clause_pane_pages_with_pgdn_and_says_there_is_more() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    key(&mut app, KeyCode::Char('2'));
    let decisions = app.outline.iter().position(|r| r.id == "decision-making").expect("decisions");
    while app.clause_row < decisions {
        key(&mut app, KeyCode::Down);
    }
    // A short terminal, so the alternatives and the note do not fit.
    let (w, h) = (80, 12);
    let first = screen(&mut app, w, h);
    assert!(first.contains("↓ more: PgDn"), "{first}");
    let mut seen = first.clone();
    for _ in 0..20 {
        let shown = screen(&mut app, w, h);
        seen.push_str(&shown);
        if shown.contains(" end ") {
            break;
        }
        key(&mut app, KeyCode::PageDown);
    }
    for text in ["Majority vote", "Decisions by a majority.", "Drafting note", "Choose how the board", "Source:"] {
        assert!(seen.contains(text), "{text:?} never shown:\n{seen}");
    }
    assert_eq!(app.clause_row, decisions, "PgDn pages the clause, not the outline");
    for _ in 0..20 {
        key(&mut app, KeyCode::PageUp);
    }
    assert_eq!(screen(&mut app, w, h), first, "PgUp goes back to the top");
    // Another clause starts at its top.
    key(&mut app, KeyCode::PageDown);
    key(&mut app, KeyCode::Down);
    screen(&mut app, w, h);
    assert_eq!(app.detail_scroll, 0);
}

/// "Open an answers file": the path typed and any problem with it show at 80x24.
#[test]
fn the_open_a_file_prompt_is_visible_at_80x24() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = App::start(&lib, &engine, Some(dir.path().join("new.toml")));
    key(&mut app, KeyCode::Char('o'));
    typed(&mut app, "missing.toml");
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("Path: missing.toml"), "{shown}");
    key(&mut app, KeyCode::Enter);
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("Path: missing.toml"), "the prompt stays to correct the path: {shown}");
    assert!(shown.contains("missing.toml") && app.start.error.is_some(), "{shown}");
    let error = app.start.error.clone().unwrap_or_default();
    let first_words: String = error.chars().take(20).collect();
    assert!(shown.contains(first_words.trim()), "the reason shows: {error}\n{shown}");
}

/// Ctrl-S edits the answers file in place: a user's comments and order survive a TUI save.
#[test]
fn ctrl_s_keeps_the_comments_and_order_written_by_hand() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("draft.toml");
    let mut app = App::start(&lib, &engine, Some(path.clone()));
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 's');
    let written = std::fs::read_to_string(&path).expect("saved");
    // By hand: a note at the top, a comment on the quorum, and the system name moved first.
    let by_hand = format!("# Agreed with the ICB, 2 December\n{written}")
        .replace("quorum = 3", "quorum = 3 # board rule 4.2")
        .replace("[answers]\n", "[answers]\n# as the ICB spells it\nsystem_name = \"Northmoor\"\n")
        .replacen("system_name = \"\"\n", "", 1);
    std::fs::write(&path, &by_hand).expect("edit by hand");
    let answers = read_answers(&path, &lib).expect("reads");
    let mut app = App::with_answers(&lib, &engine, path.clone(), answers);
    go_to(&mut app, "Quorum");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typed(&mut app, "4");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 's');
    assert!(!app.modified(), "{:?}", app.status);
    let saved = std::fs::read_to_string(&path).expect("saved");
    assert!(saved.starts_with("# Agreed with the ICB, 2 December\n"), "{saved}");
    assert!(saved.contains("quorum = 4 # board rule 4.2"), "{saved}");
    assert!(saved.contains("[answers]\n# as the ICB spells it\nsystem_name = \"Northmoor\"\n"), "{saved}");
    let back = read_answers(&path, &lib).expect("reads back");
    assert_eq!(back.values, app.answers.values);
    assert_eq!(back.clauses, app.answers.clauses);

    // A file broken on disk meanwhile is not overwritten, and the TUI says why.
    go_to(&mut app, "Quorum");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typed(&mut app, "5");
    key(&mut app, KeyCode::Enter);
    std::fs::write(&path, "[answers\n").expect("break it");
    ctrl(&mut app, 's');
    assert!(app.modified());
    assert!(app.status.as_ref().is_some_and(|(m, err)| *err && m.contains("no longer valid TOML")), "{:?}", app.status);
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), "[answers\n");
}

/// `p` lists every placeholder with where it is and who fills it in, and jumps to either.
#[test]
fn the_placeholders_list_says_where_and_who_and_jumps() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    let spots = caredraft::tui::review::spots(&app);
    assert_eq!(spots.len(), app.placeholders_left(), "every placeholder is listed");
    let system = spots.iter().position(|s| s.text == "[Name of System]").expect("listed");
    assert_eq!(spots[system].who, "Name of the system or place");
    assert!(
        spots[system].at.starts_with("Background") || spots[system].at.starts_with("clause"),
        "{:?}",
        spots[system]
    );
    key(&mut app, KeyCode::Char('p'));
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("[Name of System]") && shown.contains("filled by: Name of the system or place"), "{shown}");
    // Enter: to the question that fills it in.
    for _ in 0..system {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.tab, Tab::Interview);
    let Some(caredraft::tui::app::Row::Answer(t)) = app.rows.get(app.row) else { panic!("not on a question") };
    assert_eq!(app.target_question(t).id, "system_name");
    // v: to the place in the preview, highlighted.
    key(&mut app, KeyCode::Char('p'));
    for _ in 0..system {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Char('v'));
    assert_eq!(app.tab, Tab::Preview);
    assert!(app.preview.lines[app.preview.scroll].text().contains("[Name of System]"));
    // Answered, it is gone from the list.
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Northmoor");
    key(&mut app, KeyCode::Enter);
    assert!(caredraft::tui::review::spots(&app).iter().all(|s| s.text != "[Name of System]"));
}

/// Two blanks with one label are two placeholders when different answers fill them: each
/// partner's unanswered name is listed on its own and leads to its own entry, on `p` and on
/// the review page alike; none is found again by its label.
#[test]
fn placeholders_with_one_label_lead_each_to_its_own_answer() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    let spots = caredraft::tui::review::spots(&app);
    let partners: Vec<_> = spots.iter().filter(|s| s.text == "[Name of Partner]").collect();
    assert_eq!(partners.len(), 2, "one for each of the two entries: {spots:#?}");
    let entries: Vec<usize> = partners
        .iter()
        .map(|s| match s.row.and_then(|r| app.rows.get(r)) {
            Some(caredraft::tui::app::Row::Answer(t @ caredraft::tui::app::Target::Field { entry, .. })) => {
                assert_eq!(app.target_question(t).id, "name");
                *entry
            }
            other => panic!("not a partner's name: {other:?}"),
        })
        .collect();
    assert_eq!(entries, [0, 1]);
    assert!(partners.iter().all(|s| s.who.starts_with("Partners, entry ")), "{partners:#?}");
    assert_ne!(partners[0].who, partners[1].who);
    // The review page lists both, and p jumps to the second partner's own name.
    key(&mut app, KeyCode::Char('4'));
    let review = screen(&mut app, 160, 120);
    assert_eq!(review.matches("[Name of Partner]").count(), 2, "{review}");
    assert_eq!(review.matches("Partners, entry 2: Legal name").count(), 1, "{review}");
    let second = spots.iter().position(|s| std::ptr::eq(s, partners[1])).expect("listed");
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('p'));
    for _ in 0..second {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    let Some(caredraft::tui::app::Row::Answer(caredraft::tui::app::Target::Field { entry, .. })) =
        app.rows.get(app.row)
    else {
        panic!("not on a field")
    };
    assert_eq!(*entry, 1);
    // Answered, only the first partner's blank is left.
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Northmoor Trust");
    key(&mut app, KeyCode::Enter);
    let left = caredraft::tui::review::spots(&app);
    assert_eq!(left.iter().filter(|s| s.text == "[Name of Partner]").count(), 1, "{left:#?}");
}

/// The review page: answers, clause choices, problems and placeholders, then Enter exports,
/// with the drafting notes as Word comments when asked.
#[test]
fn the_review_page_shows_everything_and_exports_from_there() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    ctrl(&mut app, 's');
    key(&mut app, KeyCode::Char('4'));
    assert_eq!(app.tab, Tab::Review);
    let seen = read_by_paging(&mut app, 30);
    for text in [
        "Answers",
        "Legal and policy framework: Current",
        "Clause choices",
        "Decision-making: Consensus",
        "Consistency problems",
        "Placeholders left:",
        "[Name of System]",
        "The answers file is saved",
    ] {
        assert!(seen.contains(text), "{text:?} not on the review page:\n{seen}");
    }
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Some(Overlay::Export { annotated: false, .. })));
    let shown = screen(&mut app, 100, 30);
    assert!(shown.contains("is saved") && shown.contains("left out"), "{shown}");
    key(&mut app, KeyCode::Down);
    assert!(screen(&mut app, 100, 30).contains("as Word comments"));
    key(&mut app, KeyCode::Enter);
    let docx = std::fs::File::open(dir.path().join("draft.docx")).expect("docx written");
    let mut zip = zip::ZipArchive::new(docx).expect("a zip");
    assert!(zip.by_name("word/comments.xml").is_ok(), "the drafting notes are Word comments");
    assert!(app.status.as_ref().is_some_and(|(m, _)| m.contains("the answers file is saved")), "{:?}", app.status);
}

fn editor_error(app: &App<'_>) -> Option<String> {
    match &app.editor {
        Some(caredraft::tui::app::Editor::Line { error, .. }) => error.clone(),
        _ => None,
    }
}

/// Dates, money and codes as people type them; messages in the question's words.
#[test]
fn answers_are_read_as_people_type_them() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = App::start(&lib, &engine, Some(dir.path().join("aco.toml")));
    app.new_draft("aco-full").expect("fixture has aco-full");

    go_to(&mut app, "Commencement date");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "31/02/2027");
    let error = editor_error(&app).expect("an impossible date is refused");
    assert!(error.contains("31 February 2027 does not exist"), "{error}");
    assert!(error.starts_with("Commencement date"), "the label, not the id: {error}");
    assert!(!error.contains("YYYY-MM-DD"));
    ctrl(&mut app, 'u');
    typed(&mut app, "1 April 2027");
    assert_eq!(editor_error(&app), None);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.answers.values.get("commencement_date"), Some(&AnswerValue::Date(jiff::civil::date(2027, 4, 1))));
    go_to(&mut app, "Commencement date");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typed(&mut app, "02/04/2027");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.answers.values.get("commencement_date"),
        Some(&AnswerValue::Date(jiff::civil::date(2027, 4, 2))),
        "day first, as in the UK"
    );

    go_to(&mut app, "Annual budget");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typed(&mut app, "£412.5m");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.answers.values.get("annual_budget"), Some(&AnswerValue::Money(41_250_000_000)));
    go_to(&mut app, "Annual budget");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typed(&mut app, "412.5 million");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.answers.values.get("annual_budget"), Some(&AnswerValue::Money(41_250_000_000)));

    go_to(&mut app, "ODS code");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "b82005");
    key(&mut app, KeyCode::Enter);
    let Some(AnswerValue::Records(practices)) = app.answers.values.get("gp_practices") else { panic!("no practices") };
    assert_eq!(practices[0].get("ods_code"), Some(&AnswerValue::Text("B82005".into())));

    // Problems across questions name questions by label, never by id.
    for message in app.problems.values().flatten() {
        assert!(!message.contains('`'), "an id in a message: {message}");
    }
}

fn built_in() -> Library {
    caredraft::library::parse_library(&caredraft::library::LibraryFiles::built_in()).expect("built-in library")
}

/// A clause choice that brings in questions says so; a section whose rule fails is not ticked;
/// a percentage of the budget shows its pounds; a long label does not hide the answer.
#[test]
fn a_risk_share_is_announced_checked_and_shown_in_pounds() {
    let lib = built_in();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = App::start(&lib, &engine, Some(dir.path().join("alliance.toml")));
    app.new_draft("alliance").expect("alliance");
    key(&mut app, KeyCode::Char('2'));
    let risk = app.outline.iter().position(|r| r.id == "risk-and-reward").expect("risk clause");
    while app.clause_row < risk {
        key(&mut app, KeyCode::Down);
    }
    while app.outline[risk].selected.as_deref() != Some("gain-and-loss") {
        key(&mut app, KeyCode::Right);
    }
    let said = app.status.clone().map(|(m, _)| m).unwrap_or_default();
    assert!(said.contains("New on 1 Questions") && said.contains("Cap on any party's loss"), "{said}");
    assert!(screen(&mut app, 80, 24).contains("New on 1 Questions"));

    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.status, None, "the message about the other tab is cleared");
    go_to(&mut app, "Annual budget");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "£412.5m");
    key(&mut app, KeyCode::Enter);
    go_to(&mut app, "Commissioners' share");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typed(&mut app, "60");
    key(&mut app, KeyCode::Enter);
    let finance =
        lib.sections.iter().position(|s| s.questions.iter().any(|q| q.id == "commissioner_share")).expect("section");
    assert!(app.failing_sections.contains(&finance), "60% + 50% fails the rule");
    let shown = screen(&mut app, 80, 24);
    let title = &lib.sections[finance].title;
    let header = shown.lines().find(|l| l.contains(title.as_str())).unwrap_or_default().to_string();
    assert!(!header.contains('✓') && header.contains('!'), "{header}");

    go_to(&mut app, "Cap on any party's loss");
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("2% (£8,250,000)"), "the value and its pounds at 80 columns:\n{shown}");
    assert!(shown.contains("= £8,250,000 of the annual budget of"), "{shown}");
}

/// The footer offers only keys that work on the highlighted clause.
#[test]
fn the_clauses_footer_offers_only_keys_that_work() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    key(&mut app, KeyCode::Char('2'));
    for i in 0..app.outline.len() {
        app.clause_row = i;
        let row = app.outline[i].clone();
        let shown = screen(&mut app, 120, 40);
        assert_eq!(shown.contains("Space on/off"), row.optional, "{}: {shown}", row.id);
        assert_eq!(shown.contains("←→ option"), !row.alternatives.is_empty(), "{}", row.id);
    }
}

/// `?` explains the words a commissioner meets and which document fits, scrolling to the end.
#[test]
fn help_explains_the_words_and_scrolls() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    key(&mut app, KeyCode::Char('?'));
    let seen = read_by_paging(&mut app, 20);
    for word in [
        "Placeholder:",
        "Base path:",
        "PSR:",
        "Section 75:",
        "ODS code:",
        "Break point:",
        "local authority",
        "Several providers",
    ] {
        assert!(seen.contains(word), "{word:?} is not explained:\n{seen}");
    }
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay, None);
}

/// Choosing the memorandum's "Escalation only" disputes route in an alliance is refused in the
/// TUI too: the preview names the better choices and the Governance section is marked, and
/// choosing mediation again clears it.
#[test]
fn an_alliance_refuses_escalation_only_in_the_tui() {
    let lib = built_in();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = App::start(&lib, &engine, Some(dir.path().join("alliance.toml")));
    app.new_draft("alliance").expect("alliance");
    assert!(app.failing_sections.is_empty());
    key(&mut app, KeyCode::Char('2'));
    let disputes = app.outline.iter().position(|r| r.id == "dispute-resolution").expect("disputes");
    while app.clause_row < disputes {
        key(&mut app, KeyCode::Down);
    }
    // The default is mediation; the next alternative is escalation only.
    key(&mut app, KeyCode::Right);
    let error = app.preview.error.clone().unwrap_or_default();
    assert!(error.contains("'Escalation only (MoU)', which is for a memorandum"), "{error}");
    assert!(error.contains("'Escalation, then mediation'"), "{error}");
    let governance = lib.sections.iter().position(|s| s.id == "governance").expect("governance");
    assert!(app.failing_sections.contains(&governance), "{:?}", app.failing_sections);
    key(&mut app, KeyCode::Left);
    assert!(app.failing_sections.is_empty());
    assert_eq!(app.preview.error, None);
}

/// At 80 columns the outline shows which alternative is chosen, not a cut-off title.
#[test]
fn the_outline_tells_alternatives_apart_at_80_columns() {
    let lib = built_in();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = App::start(&lib, &engine, Some(dir.path().join("alliance.toml")));
    app.new_draft("alliance").expect("alliance");
    key(&mut app, KeyCode::Char('2'));
    let disputes = app.outline.iter().position(|r| r.id == "dispute-resolution").expect("disputes");
    let labels: Vec<String> = app.outline[disputes].alternatives.iter().map(|(_, l)| l.clone()).collect();
    assert!(labels.len() > 1);
    while app.clause_row < disputes {
        key(&mut app, KeyCode::Down);
    }
    let mut rows = Vec::new();
    for _ in 0..labels.len() {
        let shown = screen(&mut app, 80, 24);
        let number = app.outline[disputes].number.clone().expect("numbered");
        let row = shown.lines().find(|l| l.contains(&format!(" {number} "))).expect("the row").to_string();
        let row = row.split("││").next().unwrap_or_default().to_string();
        rows.push(row);
        key(&mut app, KeyCode::Right);
    }
    for (i, a) in rows.iter().enumerate() {
        for b in &rows[i + 1..] {
            assert_ne!(a, b, "two alternatives look the same in the outline");
        }
    }
    // Each row shows the start of its own alternative's label, and a short one in full.
    for (row, label) in rows.iter().zip(&labels) {
        let start: String = label.chars().take(16).collect();
        assert!(row.contains(start.as_str()), "{row} does not show {label}");
    }
    assert!(rows.iter().zip(&labels).any(|(r, l)| r.contains(l.as_str())), "{rows:?}");
}

/// The recovery offer: a stray d or n discards nothing, D sets the answers aside, and "decide
/// later" (Esc) moves them to a file of their own, so this session's autosave and a Ctrl-S
/// (which removes the autosave) cannot destroy them.
#[test]
fn the_recovery_offer_never_loses_the_earlier_answers() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let earlier = |dir: &Path| {
        // A session that stops with an unsaved edit, as a killed one does.
        let app = unsaved_edit(&lib, &engine, dir);
        assert!(caredraft::tui::finish(&app).expect("finish").is_some());
    };
    earlier(dir.path());
    let path = dir.path().join("draft.toml");
    let again = |path: &Path| {
        let answers = read_answers(path, &lib).expect("reads");
        let mut app = App::with_answers(&lib, &engine, path.to_path_buf(), answers);
        app.offer_recovery();
        assert!(matches!(app.overlay, Some(Overlay::Recover { .. })));
        app
    };
    let mut app = again(&path);
    key(&mut app, KeyCode::Char('d'));
    key(&mut app, KeyCode::Char('n'));
    assert!(matches!(app.overlay, Some(Overlay::Recover { .. })), "d and n do not decide");
    assert!(dir.path().join("draft.toml.autosave").exists());
    key(&mut app, KeyCode::Esc);
    let kept = std::fs::read_to_string(dir.path().join("draft.earlier.toml")).expect("set aside");
    assert!(kept.contains("Northmoor"));
    // This session edits and saves: the earlier answers are untouched.
    go_to(&mut app, "Version label");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, " b");
    key(&mut app, KeyCode::Enter);
    deliver(&mut app, Msg::Idle);
    ctrl(&mut app, 's');
    assert!(std::fs::read_to_string(dir.path().join("draft.earlier.toml")).expect("kept").contains("Northmoor"));

    // D sets them aside as .discarded.
    earlier(dir.path());
    let mut app = again(&path);
    key(&mut app, KeyCode::Char('D'));
    assert!(!dir.path().join("draft.toml.autosave").exists());
    assert!(std::fs::read_to_string(dir.path().join("draft.toml.discarded")).expect("discarded").contains("Northmoor"));
}

/// An answer holding terminal control characters (from a hand-edited file, or a paste) is
/// drawn as text: no control character reaches the terminal.
#[test]
fn control_characters_in_answers_never_reach_the_terminal() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    go_to(&mut app, "Name of the system");
    let t = match app.rows.get(app.row) {
        Some(caredraft::tui::app::Row::Answer(t)) => t.clone(),
        _ => panic!("on an answer"),
    };
    app.set_value(&t, Some(AnswerValue::Text("North\u{1b}[2J\u{1b}]0;owned\u{7}moor\u{9b}31m".into())));
    for tab in ['1', '3', '4'] {
        key(&mut app, KeyCode::Char(tab));
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
        terminal.draw(|f| view::draw(f, &mut app, &Theme::plain())).expect("draw");
        let buffer = terminal.backend().buffer().clone();
        for cell in buffer.content() {
            assert!(
                !cell.symbol().chars().any(char::is_control),
                "tab {tab}: a control character in a cell: {:?}",
                cell.symbol()
            );
        }
        let shown: String = buffer.content().iter().map(|c| c.symbol()).collect();
        assert!(shown.contains("North"), "tab {tab}: the answer is drawn");
    }
}

/// A variant's guidance longer than the About pane at 80x24 pages with PgDn, down to where
/// the answers will be saved.
#[test]
fn the_start_screen_guidance_pages_at_80x24() {
    let lib = built_in();
    let engine = Engine::new(&lib).expect("engine");
    let mut app = App::start(&lib, &engine, Some(PathBuf::from("new.toml")));
    let long = (0..lib.variants.len())
        .max_by_key(|&i| lib.variants[i].guidance.len() + lib.variants[i].summary.len())
        .expect("variants");
    for _ in 0..long {
        key(&mut app, KeyCode::Down);
    }
    let first = screen(&mut app, 80, 24);
    assert!(first.contains("↓ more: PgDn") && !first.contains("Answers will be saved"), "{first}");
    key(&mut app, KeyCode::PageDown);
    let next = screen(&mut app, 80, 24);
    assert!(next.contains("Answers will be saved as new.toml"), "{next}");
    key(&mut app, KeyCode::Up);
    screen(&mut app, 80, 24);
    assert_eq!(app.start.about_scroll, 0, "another variant starts at the top");
}

/// The search says which hit of how many, and when `n` went round past the end.
#[test]
fn the_search_counts_its_hits_and_says_when_it_wraps() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "partner");
    key(&mut app, KeyCode::Enter);
    let total = app.preview.lines.iter().filter(|l| l.text().to_lowercase().contains("partner")).count();
    assert!(total > 2);
    let status = |app: &App<'_>| app.status.clone().map(|(m, _)| m).unwrap_or_default();
    assert!(status(&app).contains(&format!("line 1 of {total}")), "{}", status(&app));
    for k in 2..=total {
        key(&mut app, KeyCode::Char('n'));
        assert!(status(&app).contains(&format!("line {k} of {total}")), "{}", status(&app));
        assert!(!status(&app).contains("wrapped"));
    }
    key(&mut app, KeyCode::Char('n'));
    assert!(
        status(&app).contains(&format!("line 1 of {total}")) && status(&app).contains("wrapped to the top"),
        "{}",
        status(&app)
    );
    key(&mut app, KeyCode::Char('N'));
    assert!(
        status(&app).contains(&format!("line {total} of {total}")) && status(&app).contains("wrapped to the end"),
        "{}",
        status(&app)
    );
}

/// An `aco-partial` draft with two GP practices: a pack of three documents.
fn aco_partial_pack<'l>(lib: &'l Library, engine: &'l Engine<'l>, dir: &Path) -> App<'l> {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/answers/aco-partial-alternatives.toml");
    let path = dir.join("acp.toml");
    std::fs::copy(&from, &path).expect("copy the fixture");
    let answers = read_answers(&path, lib).expect("fixture answers");
    App::with_answers(lib, engine, path, answers)
}

/// Item 5 of issue 12: the Clauses and Preview tabs show each document of the pack, `<` and
/// `>` switch, the document's name and place in the pack are shown, a companion's clause
/// choices are switched there, and its preview is that document as the pack renders it.
#[test]
fn the_clauses_and_preview_tabs_show_each_document_of_the_pack() {
    let lib = load_library(None).expect("built-in library");
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = aco_partial_pack(&lib, &engine, dir.path());
    assert_eq!(app.pack.len(), 3, "the contract and two Integration Agreements");

    key(&mut app, KeyCode::Char('2'));
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains("ICP Contract (partially integrated) (1 of 3)  < > other documents"), "{shown}");
    assert!(shown.contains("< > document"), "the footer names the keys: {shown}");
    let ids = |app: &App<'_>| app.shown_outline().iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    assert!(ids(&app).contains(&"whole-population-budget".to_string()), "the contract's outline");

    key(&mut app, KeyCode::Char('>'));
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("Integration Agreement — Kingswinford Medical Practice (2 of 3)"), "{shown}");
    assert!(shown.contains("Multidisciplinary teams"), "the agreement's outline: {shown}");
    assert!(!ids(&app).contains(&"whole-population-budget".to_string()), "not the contract's");
    assert!(ids(&app).contains(&"ia-liability".to_string()), "the agreement's");
    // At 80 columns the name gives way, the count and the keys do not.
    let narrow = screen(&mut app, 80, 24);
    assert!(narrow.contains("(2 of 3)  < > other documents"), "{narrow}");

    // A companion clause's alternative switches here, into the answers' [clauses].
    let at = app.shown_outline().iter().position(|r| r.id == "ia-liability").expect("the liability clause");
    key(&mut app, KeyCode::Home);
    for _ in 0..at {
        key(&mut app, KeyCode::Down);
    }
    let row = app.shown_outline()[at].clone();
    let before = row.selected.clone();
    key(&mut app, KeyCode::Right);
    let after = app.shown_outline()[at].selected.clone();
    assert_ne!(before, after, "→ picks the next alternative");
    assert_eq!(
        app.answers.clauses.get("ia-liability"),
        Some(&caredraft::answers::ClauseChoice::Alternative(after.clone().expect("an alternative")))
    );
    assert!(screen(&mut app, 120, 40).contains("Alternatives (←→), for every Integration Agreement:"));

    // The preview is that agreement, as the pack renders it, with the new choice.
    key(&mut app, KeyCode::Char('3'));
    let pack = engine.assemble_pack(&app.answers).expect("the pack");
    let expected = caredraft::render::reading::to_reading(&pack[1].document);
    assert_eq!(app.preview.lines, expected, "the preview is the first practice's agreement");
    assert!(screen(&mut app, 80, 24).contains("(2) Kingswinford Medical Practice (the \"Practice\")"));

    key(&mut app, KeyCode::Char('>'));
    let expected = caredraft::render::reading::to_reading(&pack[2].document);
    assert_eq!(app.preview.lines, expected, "the second practice's agreement");
    assert!(screen(&mut app, 80, 24).contains("(3 of 3)"));

    // Round the pack: back to the contract; < goes the other way.
    key(&mut app, KeyCode::Char('>'));
    assert_eq!(app.doc, 0);
    assert_eq!(app.preview.lines, caredraft::render::reading::to_reading(&pack[0].document));
    key(&mut app, KeyCode::Char('<'));
    assert_eq!(app.doc, 2);
    assert_eq!(app.preview.lines, expected);

    // The help names the keys.
    key(&mut app, KeyCode::Char('?'));
    assert!(screen(&mut app, 120, 40).contains("the pack's other documents"));
}

/// Typing an answer assembles the main document only: a companion is assembled when it is
/// shown again, and then for the answers as they are.
#[test]
fn a_companion_is_assembled_only_when_shown() {
    let lib = load_library(None).expect("built-in library");
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = aco_partial_pack(&lib, &engine, dir.path());
    assert!(app.companion.is_none(), "nothing but the contract at the start");
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('>'));
    assert!(app.companion.as_ref().is_some_and(|c| c.doc == 1));

    key(&mut app, KeyCode::Char('1'));
    go_to(&mut app, "Name of the system");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typed(&mut app, "Southmoor");
    key(&mut app, KeyCode::Enter);
    assert!(app.companion.is_none(), "no agreement assembled while typing on 1 Questions");
    assert!(app.document.as_ref().is_some_and(|d| caredraft::render::markdown::to_markdown(d).contains("Southmoor")));

    key(&mut app, KeyCode::Char('3'));
    let shown = app.companion.as_ref().expect("assembled when shown");
    assert_eq!(shown.generation, app.generation);
    let doc = shown.document.as_ref().expect("the agreement assembles");
    assert_eq!(caredraft::render::reading::to_reading(doc), app.preview.lines);
    let pack = engine.assemble_pack(&app.answers).expect("pack");
    assert_eq!(app.preview.lines, caredraft::render::reading::to_reading(&pack[1].document));

    // A practice removed while the last agreement is shown: the last document left instead.
    key(&mut app, KeyCode::Char('>'));
    assert_eq!(app.doc, 2);
    if let Some(AnswerValue::Records(r)) = app.answers.values.get_mut("gp_practices") {
        r.pop();
    }
    app.refresh();
    assert_eq!((app.pack.len(), app.doc), (2, 1));
    assert!(screen(&mut app, 80, 24).contains("(2 of 2)"));

    // The first placeholder listed is the contract's: v shows it in the contract.
    key(&mut app, KeyCode::Char('p'));
    key(&mut app, KeyCode::Char('v'));
    assert_eq!((app.tab, app.doc), (Tab::Preview, 0));
}

#[test]
fn a_draft_of_one_document_says_so_when_asked_for_another() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = new_mou(&lib, &engine, dir.path());
    key(&mut app, KeyCode::Char('3'));
    let before = app.preview.lines.clone();
    key(&mut app, KeyCode::Char('>'));
    assert_eq!(app.doc, 0);
    assert_eq!(app.preview.lines, before);
    assert!(app.status.as_ref().is_some_and(|(m, _)| m.contains("one document")), "{:?}", app.status);
    assert!(!screen(&mut app, 80, 24).contains("< >"), "no document keys offered");
}

#[test]
fn pack_documents_draw_at_both_sizes() {
    let lib = load_library(None).expect("built-in library");
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = aco_partial_pack(&lib, &engine, dir.path());
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('>'));
    insta::assert_snapshot!("pack_clauses_80x24", screen(&mut app, 80, 24));
    insta::assert_snapshot!("pack_clauses_120x40", screen(&mut app, 120, 40));
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('>'));
    insta::assert_snapshot!("pack_preview_80x24", screen(&mut app, 80, 24));
    insta::assert_snapshot!("pack_preview_120x40", screen(&mut app, 120, 40));
}

/// The files in a folder, by name.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Item 5 of issue 15: "compare with…" in the export dialog (Ctrl-R) writes the redline
/// against an earlier answers file beside the drafts; a wrong file, one of another variant,
/// or unsaved answers are told in the dialog and nothing at all is written.
#[test]
fn compare_with_from_the_export_dialog_writes_the_redline_too() {
    let lib = load_library(None).expect("built-in library");
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = aco_partial_pack(&lib, &engine, dir.path());
    // The earlier draft named the first practice differently.
    let now = std::fs::read_to_string(dir.path().join("acp.toml")).expect("answers");
    let old = dir.path().join("old.toml");
    std::fs::write(&old, now.replace("Kingswinford Medical Practice", "Kingswinford Surgery")).expect("old");
    let mou = dir.path().join("memo.toml");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/answers/mou-alternatives.toml"), &mou)
        .expect("mou");
    let before = files_in(dir.path());

    ctrl(&mut app, 'e');
    let refuse = |app: &mut App<'_>, path: &Path, says: &str| {
        ctrl(app, 'u');
        typed(app, path.to_str().expect("utf-8"));
        key(app, KeyCode::Enter);
        assert!(matches!(app.overlay, Some(Overlay::Export { .. })), "the dialog stays open");
        let shown = screen(app, 120, 40);
        assert!(shown.contains(says), "{says:?} not in:\n{shown}");
    };
    ctrl(&mut app, 'r');
    assert!(screen(&mut app, 80, 24).contains("^R compare"), "the dialog names the key");
    refuse(&mut app, &dir.path().join("nowhere.toml"), "Nothing was written: ");
    assert!(screen(&mut app, 120, 40).contains("(no such file)"));
    refuse(&mut app, &mou, "Nothing was written: ");
    assert!(app.export_error.as_deref().is_some_and(|e| e.contains("variant")), "{:?}", app.export_error);
    assert_eq!(files_in(dir.path()), before, "nothing written on an error");

    // Unsaved answers: the redline compares files, so it asks for Ctrl-S, which works here.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('1'));
    go_to(&mut app, "Version label");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typed(&mut app, "Draft 2");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'e');
    ctrl(&mut app, 'r');
    typed(&mut app, old.to_str().expect("utf-8"));
    key(&mut app, KeyCode::Enter);
    assert!(app.export_error.as_deref().is_some_and(|e| e.contains("Ctrl-S")), "{:?}", app.export_error);
    assert_eq!(files_in(dir.path()), before, "nothing written while unsaved");
    ctrl(&mut app, 's');
    assert!(!app.modified());
    assert!(matches!(app.overlay, Some(Overlay::Export { .. })), "saving keeps the dialog open");
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("acp-redline.docx  (redline against"), "the redline is listed: {shown}");
    key(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none(), "written: the dialog closes");
    assert!(app.status.as_ref().is_some_and(|(m, err)| !err && m.contains("acp-redline.docx")), "{:?}", app.status);
    for name in ["acp.docx", "acp.md", "acp - Integration Agreement - Kingswinford Medical Practice.md"] {
        assert!(dir.path().join(name).is_file(), "{name}");
    }
    let summary = std::fs::read_to_string(dir.path().join("acp-redline.md")).expect("redline summary");
    assert!(summary.contains("Kingswinford Surgery") && summary.contains("Kingswinford Medical Practice"), "{summary}");
    assert!(summary.contains("Draft 2"), "{summary}");
    let docx = std::fs::read(dir.path().join("acp-redline.docx")).expect("redline docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a DOCX is a zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").expect("document.xml"), &mut xml).expect("xml");
    assert!(xml.contains("<w:ins ") && xml.contains("<w:del "), "tracked changes in the redline");
}

/// The placeholders list and Review cover every document of the pack, each entry naming its
/// document; choosing a companion's entry shows that document in the Preview at that place.
/// The companions are assembled when the list or Review opens, not while typing.
#[test]
fn placeholders_of_every_document_of_the_pack_are_listed_and_lead_there() {
    let lib = load_library(None).expect("built-in library");
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = aco_partial_pack(&lib, &engine, dir.path());
    let fresh = |app: &App<'_>| app.pack_drafts.as_ref().is_some_and(|p| p.generation == app.generation);
    assert!(!fresh(&app), "no companion assembled at the start");
    assert!(
        caredraft::tui::review::spots(&app).iter().all(|s| s.doc == 0),
        "before p opens, only the contract's are known"
    );

    key(&mut app, KeyCode::Char('p'));
    assert!(fresh(&app), "p assembles every companion");
    let spots = caredraft::tui::review::spots(&app);
    let premises = "[address of the Practice's main premises]";
    let second = spots
        .iter()
        .position(|s| s.text == premises && s.doc == 2)
        .unwrap_or_else(|| panic!("the second practice's blank is listed: {spots:#?}"));
    assert_eq!(spots[second].document, "Integration Agreement — Netherton | Health_Centre");
    assert_eq!(spots.iter().filter(|s| s.text == premises).count(), 2, "one per practice's agreement");
    assert!(spots.iter().any(|s| s.doc == 0), "and the contract's own");
    let pack = engine.assemble_pack(&app.answers).expect("the pack");
    let total: usize = pack.iter().map(|d| d.document.placeholders.len()).sum();
    assert_eq!(spots.len(), total, "every placeholder of every document");

    // The list names the document of each entry.
    for _ in 0..second {
        key(&mut app, KeyCode::Down);
    }
    let shown = screen(&mut app, 160, 40);
    assert!(shown.contains(&format!("{} placeholders left in 3 documents", spots.len())), "{shown}");
    assert!(
        shown.contains(&format!("{premises}  Schedule 1 · Integration Agreement — Netherton | Health_Centre")),
        "{shown}"
    );
    // Enter on a blank the drafter completes: that agreement in the Preview, at the blank.
    key(&mut app, KeyCode::Enter);
    assert_eq!((app.tab, app.doc), (Tab::Preview, 2));
    assert_eq!(app.preview.lines, caredraft::render::reading::to_reading(&pack[2].document));
    assert!(app.preview.lines[app.preview.scroll].text().contains(premises));
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("Integration Agreement — Netherton | Health_Centre (3 of 3)"), "{shown}");
    assert!(shown.contains(premises), "the blank is on screen: {shown}");

    // v on a blank an answer fills, in the first practice's agreement: that agreement.
    key(&mut app, KeyCode::Char('p'));
    let contract = caredraft::tui::review::spots(&app)
        .iter()
        .position(|s| s.doc == 1 && s.text == "[body that holds the Practice Contract]")
        .expect("the first practice's blank");
    for _ in 0..contract {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Char('v'));
    assert_eq!((app.tab, app.doc), (Tab::Preview, 1));
    assert_eq!(app.preview.lines, caredraft::render::reading::to_reading(&pack[1].document));
    assert!(app.preview.lines[app.preview.scroll].text().contains("[body that holds the Practice Contract]"));

    // Typing an answer does not assemble the companions again; Review does.
    key(&mut app, KeyCode::Char('1'));
    go_to(&mut app, "Name of the system");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typed(&mut app, "Southmoor");
    key(&mut app, KeyCode::Enter);
    assert!(!fresh(&app), "no companion assembled while typing on 1 Questions");
    key(&mut app, KeyCode::Char('4'));
    assert!(fresh(&app), "Review assembles every companion");
    let review = screen(&mut app, 200, 300);
    assert_eq!(review.matches(premises).count(), 2, "{review}");
    assert!(review.contains("Placeholders left in 3 documents: "), "{review}");
    assert!(
        review.contains("Schedule 1 · Integration Agreement — Kingswinford Medical Practice · for the drafter"),
        "{review}"
    );
    assert!(
        review.contains(
            "[body that holds the Practice Contract]  Schedule 1 · Integration Agreement — Netherton | Health_Centre · \
             GP practices, entry 2: Body that holds its contract"
        ),
        "{review}"
    );
    assert!(review.contains("None: the answers agree with each other."), "{review}");

    // A companion that cannot be assembled is a problem of that document, named on Review.
    let drafts = app.pack_drafts.as_mut().expect("assembled");
    drafts.docs[1] = Err("the agreement's template failed".to_string());
    let review = screen(&mut app, 200, 300);
    assert!(
        review.contains("Integration Agreement — Netherton | Health_Centre: the agreement's template failed"),
        "{review}"
    );
    assert!(!review.contains("None: the answers agree"), "{review}");
}

/// The fixture alliance's pack: a letter per provider and one side letter. A letter's blank
/// leads to that provider's own answer (Enter), and to the letter in the Preview (v); a
/// companion rendered once is named by its title alone.
#[test]
fn a_companions_placeholder_leads_to_its_own_record_and_its_own_document() {
    let lib = fixture();
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = App::start(&lib, &engine, Some(dir.path().join("a.toml")));
    app.new_draft("alliance").expect("the fixture has an alliance");
    assert_eq!(app.pack.len(), 4, "the agreement, two provider letters and the side letter");
    key(&mut app, KeyCode::Char('p'));
    let spots = caredraft::tui::review::spots(&app);
    let find = |doc: usize, text: &str| {
        spots
            .iter()
            .position(|s| s.doc == doc && s.text == text)
            .unwrap_or_else(|| panic!("{text} in {doc}: {spots:#?}"))
    };
    let services = find(2, "[Services Contract]");
    assert_eq!(spots[services].document, "Provider Letter — 2");
    let side = find(3, "[Name of Commissioner]");
    assert_eq!(spots[side].document, "Side Letter");
    // Each letter's provider name is that provider's own answer.
    let field = |app: &App<'_>, row: Option<usize>| match row.and_then(|r| app.rows.get(r)) {
        Some(caredraft::tui::app::Row::Answer(t @ caredraft::tui::app::Target::Field { entry, .. })) => {
            (app.target_question(t).id.clone(), *entry)
        }
        other => panic!("not a field: {other:?}"),
    };
    assert_eq!(field(&app, spots[find(1, "[Name of Provider]")].row), ("name".to_string(), 0));
    assert_eq!(field(&app, spots[find(2, "[Name of Provider]")].row), ("name".to_string(), 1));

    // Enter on the second letter's blank: the second provider's answer.
    for _ in 0..services {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.tab, Tab::Interview);
    assert_eq!(Some(app.row), spots[services].row);
    assert_eq!(field(&app, Some(app.row)).1, 1);

    // v on the side letter's blank: the side letter in the Preview, at the blank.
    key(&mut app, KeyCode::Char('p'));
    for _ in 0..side {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Char('v'));
    assert_eq!((app.tab, app.doc), (Tab::Preview, 3));
    let pack = engine.assemble_pack(&app.answers).expect("the pack");
    assert_eq!(app.preview.lines, caredraft::render::reading::to_reading(&pack[3].document));
    assert!(app.preview.lines[app.preview.scroll].text().contains("[Name of Commissioner]"));
    assert!(screen(&mut app, 80, 24).contains("Side Letter (4 of 4)"));
}

/// A pack's p list runs to dozens of entries: PgDn and PgUp page it, End and Home go to the
/// last and the first, as in every other list.
#[test]
fn the_placeholder_list_pages_and_goes_to_its_ends() {
    let lib = load_library(None).expect("built-in library");
    let engine = Engine::new(&lib).expect("engine");
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = aco_partial_pack(&lib, &engine, dir.path());
    key(&mut app, KeyCode::Char('p'));
    let n = caredraft::tui::review::spots(&app).len();
    assert!(n > 20, "a pack's list is long: {n}");
    let at = |app: &mut App<'_>| {
        let shown = screen(app, 160, 40);
        let (_, rest) = shown.split_once("placeholders left in 3 documents · ").expect("the list's title");
        rest.split(" of ").next().and_then(|k| k.trim().parse::<usize>().ok()).expect("k of N")
    };
    assert_eq!(at(&mut app), 1);
    key(&mut app, KeyCode::PageDown);
    let page = at(&mut app);
    assert!(page > 5, "PgDn moves by a screen, not a line: at {page}");
    key(&mut app, KeyCode::End);
    assert_eq!(at(&mut app), n);
    key(&mut app, KeyCode::PageUp);
    assert_eq!(at(&mut app), n - (page - 1));
    key(&mut app, KeyCode::Home);
    assert_eq!(at(&mut app), 1);
}
