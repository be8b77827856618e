//! The interactive terminal UI, in the Elm architecture ratatui documents: [`app::App`] is
//! plain state, [`update::update`] turns a message into a new state and maybe an
//! [`update::Effect`], [`view::draw`] only reads. This module is the runtime: the terminal,
//! the event loop, and the effects that touch files.

pub mod app;
pub mod theme;
pub mod update;
pub mod view;
pub mod wrap;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, MouseEventKind};

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
    watch_for_hangup(Arc::clone(&stop));
    // ratatui::init enters the alternate screen and raw mode, and restores them on panic.
    app.offer_recovery();
    let mut terminal = ratatui::init();
    mouse_wheel(true);
    let outcome = event_loop(&mut terminal, &mut app, &theme, &stop);
    mouse_wheel(false);
    ratatui::restore();
    outcome?;
    if stop.load(Ordering::Relaxed) && app.modified() && app.screen == app::Screen::Main {
        autosave(&app)?;
        // Not eprintln!: after a hang-up stderr may be a dead terminal, and eprintln! panics then.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "caredraft: stopped with unsaved answers; they are kept in {} and `caredraft {}` offers to recover them",
            recovery_path(&app.path).display(),
            app.path.display()
        );
    }
    Ok(())
}

/// How long the event loop gets to notice a hang-up itself before the process is ended.
const HANGUP_GRACE: Duration = Duration::from_millis(1500);

/// Ends the program when its terminal goes away (a closed window, a killed tmux or SSH
/// session). The kernel sends SIGHUP only to the terminal's session leader, which may be a shell
/// that does not pass it on, and crossterm 0.29 then reads end-of-file from the dead terminal in
/// a loop that never returns to ours (crossterm#793): without this the program would spin on a
/// CPU core for ever and ignore SIGTERM. A thread waits for the terminal to hang up; then it
/// asks the loop to stop and, if the loop is stuck, ends the process. Unsaved answers are
/// already in the recovery file, which the loop writes whenever typing pauses.
#[cfg(unix)]
fn watch_for_hangup(stop: Arc<AtomicBool>) {
    use rustix::event::{PollFd, PollFlags, poll};
    let tty = if rustix::termios::isatty(rustix::stdio::stdin()) {
        None
    } else {
        match std::fs::File::open("/dev/tty") {
            Ok(f) => Some(f),
            Err(_) => return,
        }
    };
    let spawned = std::thread::Builder::new().name("hangup-watch".into()).spawn(move || {
        use std::os::fd::AsFd;
        let fd = match &tty {
            Some(f) => f.as_fd(),
            None => rustix::stdio::stdin(),
        };
        // No events asked for: poll returns only on hang-up or error, which it always reports.
        loop {
            let mut fds = [PollFd::new(&fd, PollFlags::empty())];
            match poll(&mut fds, None) {
                Ok(_) if fds[0].revents().intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) => break,
                Ok(_) | Err(rustix::io::Errno::INTR) => continue,
                Err(_) => return,
            }
        }
        stop.store(true, Ordering::Relaxed);
        std::thread::sleep(HANGUP_GRACE);
        // Still here: the event loop is stuck in crossterm. 129 = 128 + SIGHUP, as a shell reports it.
        std::process::exit(129);
    });
    // Without the watch the program still works; it only cannot notice a hang-up.
    drop(spawned);
}

#[cfg(not(unix))]
fn watch_for_hangup(_stop: Arc<AtomicBool>) {}

/// Turns mouse reporting on (for the wheel) or off. On, it is also turned off by a panic, before
/// ratatui's own hook restores the screen, so a crash never leaves a terminal that types escape
/// codes when the mouse moves. Terminals still select text with Shift held while dragging.
fn mouse_wheel(on: bool) {
    use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
    // Best effort: a terminal without mouse support still works by keys.
    if on {
        let _ = ratatui::crossterm::execute!(std::io::stdout(), EnableMouseCapture);
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableMouseCapture);
            previous(info);
        }));
    } else {
        let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    }
}

/// Where unsaved answers are kept: beside the answers file, `NAME.toml.autosave`.
pub fn recovery_path(answers: &Path) -> PathBuf {
    crate::commands::with_suffix(answers, "autosave")
}

/// Writes the answers to the recovery file. Not synced to disk on every keystroke: it guards
/// against a killed terminal, and the answers file itself is only written by Ctrl-S.
pub fn autosave(app: &App<'_>) -> Result<()> {
    let Some(variant) = app.library.variant(&app.answers.variant) else { return Ok(()) };
    let path = recovery_path(&app.path);
    let text = answers_file(app.library, variant, Some(&app.answers));
    let tmp = crate::commands::with_suffix(&path, "tmp");
    std::fs::write(&tmp, text)
        .and_then(|_| std::fs::rename(&tmp, &path))
        .map_err(|e| Error::io(path.display().to_string(), e))
}

fn discard_recovery(app: &App<'_>) -> Result<()> {
    match std::fs::remove_file(recovery_path(&app.path)) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(recovery_path(&app.path).display().to_string(), e)),
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App<'_>,
    theme: &theme::Theme,
    stop: &AtomicBool,
) -> Result<()> {
    let io = |e: std::io::Error| Error::io("<terminal>", e);
    let mut autosaved = app.generation;
    while !app.quit && !stop.load(Ordering::Relaxed) {
        terminal.draw(|f| view::draw(f, app, theme)).map_err(io)?;
        if !event::poll(Duration::from_millis(250)).map_err(io)? {
            // Idle: keep unsaved answers safe in the recovery file.
            if app.modified() && app.screen == app::Screen::Main && app.generation != autosaved {
                if let Err(e) = autosave(app) {
                    app.status = Some((format!("Could not autosave: {e}"), true));
                }
                autosaved = app.generation;
            }
            continue;
        }
        let msg = match event::read().map_err(io)? {
            Event::Key(key) => Msg::Key(key),
            Event::Mouse(m) if m.kind == MouseEventKind::ScrollDown => Msg::Wheel { down: true },
            Event::Mouse(m) if m.kind == MouseEventKind::ScrollUp => Msg::Wheel { down: false },
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
        Effect::Export(paths) => Msg::Exported(export(app, &paths).map_err(|e| e.to_string())),
        Effect::Open(path) => {
            Msg::Opened(crate::commands::read_answers(&path, app.library).map(|a| (path, a)).map_err(|e| e.to_string()))
        }
        Effect::Recover(path) => {
            Msg::Recovered(crate::commands::read_answers(&path, app.library).map_err(|e| e.to_string()))
        }
        Effect::DiscardRecovery => Msg::Status(
            discard_recovery(app).map(|_| "Discarded the unsaved answers".to_string()).map_err(|e| e.to_string()),
        ),
    }
}

fn save(app: &App<'_>) -> Result<PathBuf> {
    let variant = app
        .library
        .variant(&app.answers.variant)
        .ok_or_else(|| Error::one(crate::error::Diagnostic::error("", 0, 0, "no variant chosen")))?;
    let text = answers_file(app.library, variant, Some(&app.answers));
    write_files(vec![Planned { path: app.path.clone(), bytes: text.into_bytes() }], true)?;
    discard_recovery(app)?;
    Ok(app.path.clone())
}

fn export(app: &App<'_>, paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let doc = app
        .document
        .as_ref()
        .ok_or_else(|| Error::one(crate::error::Diagnostic::error("", 0, 0, "the draft cannot be assembled")))?;
    // The same refusal as `render`: whatever lint calls an error in this draft's files.
    let mut problems = crate::lint::library_errors(app.engine, &app.answers.variant);
    problems.extend(crate::lint::draft_errors(app.library, doc));
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let ext = |e: &str| paths.iter().any(|p| p.extension().is_some_and(|x| x == e));
    let options = RenderOptions {
        formats: Formats { markdown: ext("md"), docx: ext("docx") },
        strict: false,
        force: true,
        annotated: false,
    };
    let base = PathBuf::from(app.export_input.value().trim());
    let files = plan_outputs(doc, &base, &options)?;
    let written = files.iter().map(|f| f.path.clone()).collect();
    write_files(files, true)?;
    Ok(written)
}
