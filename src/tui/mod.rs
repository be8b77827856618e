//! The interactive terminal UI, in the Elm architecture ratatui documents: [`app::App`] is
//! plain state, [`update::update`] turns a message into a new state and maybe an
//! [`update::Effect`], [`view::draw`] only reads. This module is the runtime: the terminal,
//! the event loop, and the effects that touch files.

pub mod app;
pub mod theme;
pub mod update;
pub mod view;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};

use crate::answers::answers_file;
use crate::commands::{Formats, RenderOptions, plan_outputs};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::library::Library;
use crate::output::{Planned, write_files};
use app::App;
use update::{Effect, Msg, update};

/// Runs the TUI until the user leaves. `answers` is the parsed file at `path`, if it exists.
pub fn run(library: &Library, path: Option<PathBuf>, answers: Option<crate::answers::Answers>) -> Result<()> {
    let engine = Engine::new(library)?;
    let mut app = match (path, answers) {
        (Some(path), Some(answers)) => App::with_answers(library, &engine, path, answers),
        (path, _) => App::start(library, &engine, path),
    };
    let theme = theme::Theme::from_env();
    // SIGTERM and SIGHUP end the loop like q does, so the terminal is always restored.
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(sig, Arc::clone(&stop)).map_err(|e| Error::io("<signals>", e))?;
    }
    // ratatui::init enters the alternate screen and raw mode, and restores them on panic.
    let mut terminal = ratatui::init();
    let outcome = event_loop(&mut terminal, &mut app, &theme, &stop);
    ratatui::restore();
    outcome?;
    if stop.load(Ordering::Relaxed) && app.modified && app.screen == app::Screen::Main {
        // Killed or hung up with unsaved answers: keep them beside the file rather than lose
        // them, and never overwrite the file itself without the user's Ctrl-S.
        let rescue = crate::commands::with_suffix(&app.export_base(), "unsaved.toml");
        app.path = rescue.clone();
        save(&app)?;
        eprintln!("caredraft: stopped with unsaved answers; they are in {}", rescue.display());
    }
    Ok(())
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App<'_>,
    theme: &theme::Theme,
    stop: &AtomicBool,
) -> Result<()> {
    let io = |e: std::io::Error| Error::io("<terminal>", e);
    while !app.quit && !stop.load(Ordering::Relaxed) {
        terminal.draw(|f| view::draw(f, app, theme)).map_err(io)?;
        if !event::poll(Duration::from_millis(250)).map_err(io)? {
            continue;
        }
        let msg = match event::read().map_err(io)? {
            Event::Key(key) => Msg::Key(key),
            _ => continue,
        };
        let mut effect = update(app, msg);
        while let Some(e) = effect.take() {
            let result = perform(app, e);
            effect = update(app, result);
        }
    }
    Ok(())
}

/// Carries out an effect, reporting back as a message.
pub fn perform(app: &App<'_>, effect: Effect) -> Msg {
    match effect {
        Effect::Save => Msg::Saved(save(app).map_err(|e| e.to_string())),
        Effect::Export => Msg::Exported(export(app).map_err(|e| e.to_string())),
        Effect::Open(path) => Msg::Opened(open(app.library, &path).map(|a| (path, a)).map_err(|e| e.to_string())),
    }
}

fn save(app: &App<'_>) -> Result<PathBuf> {
    let variant = app
        .library
        .variant(&app.answers.variant)
        .ok_or_else(|| Error::one(crate::error::Diagnostic::error("", 0, 0, "no variant chosen")))?;
    let text = answers_file(app.library, variant, Some(&app.answers));
    write_files(vec![Planned { path: app.path.clone(), bytes: text.into_bytes() }], true)?;
    Ok(app.path.clone())
}

fn export(app: &App<'_>) -> Result<Vec<PathBuf>> {
    let doc = app
        .document
        .as_ref()
        .ok_or_else(|| Error::one(crate::error::Diagnostic::error("", 0, 0, "the draft cannot be assembled")))?;
    let options =
        RenderOptions { formats: Formats { markdown: true, docx: true }, strict: false, force: true, annotated: false };
    let files = plan_outputs(doc, &app.export_base(), &options)?;
    let paths = files.iter().map(|f| f.path.clone()).collect();
    write_files(files, true)?;
    Ok(paths)
}

fn open(library: &Library, path: &Path) -> Result<crate::answers::Answers> {
    let answers = crate::commands::read_answers(path, library)?;
    Ok(answers)
}
