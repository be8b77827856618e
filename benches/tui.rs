//! The TUI in-process: one keystroke that changes the draft (update, then re-render of the
//! preview) on the largest variant, and start-up to the first frame.

use std::hint::black_box;
use std::path::PathBuf;

use caredraft::engine::Engine;
use caredraft::library::{LibraryFiles, parse_library};
use caredraft::tui::app::{App, Row, Target};
use caredraft::tui::theme::Theme;
use caredraft::tui::update::{Msg, update};
use caredraft::tui::view;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App<'_>, code: KeyCode) {
    let effect = update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    assert!(effect.is_none(), "typing has no effects to carry out");
}

fn keystroke(c: &mut Criterion) {
    let library = parse_library(&LibraryFiles::built_in()).expect("built-in library");
    let engine = Engine::new(&library).expect("compiles");
    let mut app = App::start(&library, &engine, Some(PathBuf::from("bench.toml")));
    app.new_draft("aco-full").expect("new draft");
    // Edit the name of the system, which appears throughout the draft.
    let row = app
        .rows
        .iter()
        .position(
            |r| matches!(r, Row::Answer(t @ Target::Question { .. }) if app.target_question(t).id == "system_name"),
        )
        .expect("system_name is asked");
    app.row = row;
    press(&mut app, KeyCode::Enter);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let theme = Theme::plain();
    c.bench_function("tui/keystroke_aco_full_update_and_draw", |b| {
        b.iter(|| {
            // A character in, then out again: the answer changes twice, the state stays bounded.
            press(&mut app, KeyCode::Char('x'));
            terminal.draw(|f| view::draw(f, &mut app, &theme)).expect("draw");
            press(&mut app, KeyCode::Backspace);
            terminal.draw(|f| view::draw(f, &mut app, &theme)).expect("draw");
            black_box(app.preview.lines.len())
        })
    });
}

/// A keystroke in a date field: the typed date ("1 April 2027") is read by jiff on every key.
fn date_keystroke(c: &mut Criterion) {
    let library = parse_library(&LibraryFiles::built_in()).expect("built-in library");
    let engine = Engine::new(&library).expect("compiles");
    let mut app = App::start(&library, &engine, Some(PathBuf::from("bench.toml")));
    app.new_draft("aco-full").expect("new draft");
    let row = app
        .rows
        .iter()
        .position(
            |r| matches!(r, Row::Answer(t @ Target::Question { .. }) if app.target_question(t).id == "agreement_date"),
        )
        .expect("agreement_date is asked");
    app.row = row;
    press(&mut app, KeyCode::Enter);
    for ch in "1 April 202".chars() {
        press(&mut app, KeyCode::Char(ch));
    }
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let theme = Theme::plain();
    c.bench_function("tui/keystroke_aco_full_date_field", |b| {
        b.iter(|| {
            // The date made whole ("1 April 2027"), then not a date again.
            press(&mut app, KeyCode::Char('7'));
            terminal.draw(|f| view::draw(f, &mut app, &theme)).expect("draw");
            press(&mut app, KeyCode::Backspace);
            terminal.draw(|f| view::draw(f, &mut app, &theme)).expect("draw");
            black_box(app.preview.lines.len())
        })
    });
}

fn first_frame(c: &mut Criterion) {
    c.bench_function("tui/start_to_first_frame", |b| {
        b.iter(|| {
            let library = parse_library(&LibraryFiles::built_in()).expect("built-in library");
            let engine = Engine::new(&library).expect("compiles");
            let mut app = App::start(&library, &engine, None);
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
            terminal.draw(|f| view::draw(f, &mut app, &Theme::plain())).expect("draw");
        })
    });
}

criterion_group!(benches, keystroke, date_keystroke, first_frame);
criterion_main!(benches);
