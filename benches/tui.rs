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

/// A keystroke in the `aco-full` draft's answer `id`, already holding `typed`: `key` in, then
/// out again, each redrawn at 120x40, so the answer changes twice and the state stays bounded.
fn keystroke_in(c: &mut Criterion, name: &str, id: &str, typed: &str, key: char) {
    let library = parse_library(&LibraryFiles::built_in()).expect("built-in library");
    let engine = Engine::new(&library).expect("compiles");
    let mut app = App::start(&library, &engine, Some(PathBuf::from("bench.toml")));
    app.new_draft("aco-full").expect("new draft");
    app.row = app
        .rows
        .iter()
        .position(|r| matches!(r, Row::Answer(t @ Target::Question { .. }) if app.target_question(t).id == id))
        .expect("the question is asked");
    press(&mut app, KeyCode::Enter);
    for ch in typed.chars() {
        press(&mut app, KeyCode::Char(ch));
    }
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let theme = Theme::plain();
    c.bench_function(name, |b| {
        b.iter(|| {
            press(&mut app, KeyCode::Char(key));
            terminal.draw(|f| view::draw(f, &mut app, &theme)).expect("draw");
            press(&mut app, KeyCode::Backspace);
            terminal.draw(|f| view::draw(f, &mut app, &theme)).expect("draw");
            black_box(app.preview.lines.len())
        })
    });
}

/// The name of the system, which appears throughout the draft.
fn keystroke(c: &mut Criterion) {
    keystroke_in(c, "tui/keystroke_aco_full_update_and_draw", "system_name", "", 'x');
}

/// A date field: the typed date is read by jiff on every key, whole ("1 April 2027") and not.
fn date_keystroke(c: &mut Criterion) {
    keystroke_in(c, "tui/keystroke_aco_full_date_field", "agreement_date", "1 April 202", '7');
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
