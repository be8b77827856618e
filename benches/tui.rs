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

/// `p` opened on an `aco-partial` pack of three documents (the contract and two practices'
/// Integration Agreements): every companion assembled and its placeholders found, the list
/// drawn at 120x40, then closed. What opening `p` or Review costs once per change of the answers.
fn open_placeholders_on_a_pack(c: &mut Criterion) {
    let library = parse_library(&LibraryFiles::built_in()).expect("built-in library");
    let engine = Engine::new(&library).expect("compiles");
    let path =
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/answers/aco-partial-alternatives.toml"));
    let text = std::fs::read_to_string(&path).expect("fixture answers");
    let answers = caredraft::answers::parse_answers(&path.display().to_string(), &text, &library).expect("answers");
    let mut app = App::with_answers(&library, &engine, path, answers);
    assert_eq!(app.pack.len(), 3, "a pack of three documents");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let theme = Theme::plain();
    c.bench_function("tui/open_placeholders_aco_partial_pack", |b| {
        b.iter(|| {
            // As after a change of the answers: nothing assembled for them yet.
            app.pack_drafts = None;
            press(&mut app, KeyCode::Char('p'));
            terminal.draw(|f| view::draw(f, &mut app, &theme)).expect("draw");
            press(&mut app, KeyCode::Esc);
            black_box(app.pack_drafts.as_ref().map(|p| p.spots.len()))
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

criterion_group!(benches, keystroke, date_keystroke, open_placeholders_on_a_pack, first_frame);
criterion_main!(benches);
