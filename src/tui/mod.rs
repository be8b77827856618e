//! The interactive terminal UI, in the Elm architecture ratatui documents: [`app::App`] is
//! plain state, [`update::update`] turns a message into a new state and maybe an
//! [`update::Effect`], [`view::draw`] only reads. This module is the runtime: the terminal,
//! the event loop, and the effects that touch files.

pub mod app;
pub mod files;
pub mod paging;
pub mod review;
pub mod save;
pub mod search;
pub mod theme;
pub mod typed;
pub mod update;
pub mod view;
pub mod wrap;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, MouseEventKind};

use crate::answers::answers_file;
use crate::cmd::Formats;
use crate::cmd::render::{RenderOptions, checked_pack_then, plan_pack};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::library::Library;
use crate::output::write_files;
use app::App;
use update::{Effect, Msg, update};

/// Runs the TUI until the user leaves. `answers` is the parsed file at `path`, if it exists.
/// Returns the exit status: 0, or 128 + the signal that stopped it (130 SIGINT, 143 SIGTERM,
/// 129 SIGHUP), as a shell reports a program a signal ended.
pub fn run(library: &Library, path: Option<PathBuf>, answers: Option<crate::answers::Answers>) -> Result<u8> {
    let engine = Engine::new(library)?;
    let mut app = match (path, answers) {
        (Some(path), Some(answers)) => App::with_answers(library, &engine, path, answers),
        (path, _) => App::start(library, &engine, path),
    };
    let theme = theme::Theme::from_env();
    // SIGINT, SIGTERM and SIGHUP end the loop like q does (the number says which), so the
    // terminal is always restored and unsaved answers are kept in the recovery file.
    let stop = Arc::new(AtomicUsize::new(0));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register_usize(sig, Arc::clone(&stop), sig as usize)
            .map_err(|e| Error::io("<signals>", e))?;
    }
    watch_for_hangup(Arc::clone(&stop));
    // ratatui::init enters the alternate screen and raw mode, and restores them on panic.
    app.offer_recovery();
    let mut terminal = ratatui::init();
    terminal_modes(true);
    let outcome = event_loop(&mut terminal, &mut app, &theme, &stop);
    terminal_modes(false);
    ratatui::restore();
    outcome?;
    let signal = stop.load(Ordering::Relaxed);
    let said = finish(&app)?;
    if let Some(said) = said {
        // Not eprintln!: after a hang-up stderr may be a dead terminal, and eprintln! panics then.
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "caredraft: {said}");
    }
    Ok(if signal == 0 { 0 } else { 128u8.saturating_add(signal as u8) })
}

/// On the way out: answers not in the answers file are kept, in the recovery file (stopped by
/// a signal) or the `.discarded` file (left with `D`); a recovery file this session wrote is
/// removed once the answers file holds the answers. Returns what to tell the user.
pub fn finish(app: &App<'_>) -> Result<Option<String>> {
    if app.screen != app::Screen::Main {
        return Ok(None);
    }
    if !app.modified() {
        if app.recovery_written {
            remove_recovery(app)?;
        }
        return Ok(None);
    }
    if app.discarded {
        let kept = set_aside(app)?;
        return Ok(Some(format!("left without saving; the discarded answers are kept in {}", kept.display())));
    }
    autosave(app)?;
    Ok(Some(format!(
        "stopped with unsaved answers; they are kept in {} and `caredraft {}` offers to recover them",
        recovery_path(&app.path).display(),
        app.path.display()
    )))
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
fn watch_for_hangup(stop: Arc<AtomicUsize>) {
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
        stop.store(signal_hook::consts::SIGHUP as usize, Ordering::Relaxed);
        std::thread::sleep(HANGUP_GRACE);
        // Still here: the event loop is stuck in crossterm. 129 = 128 + SIGHUP, as a shell reports it.
        std::process::exit(129);
    });
    // Without the watch the program still works; it only cannot notice a hang-up.
    drop(spawned);
}

#[cfg(not(unix))]
fn watch_for_hangup(_stop: Arc<AtomicUsize>) {}

/// Turns mouse reporting (for the wheel) and bracketed paste on or off. On, they are also
/// turned off by a panic, before ratatui's own hook restores the screen, so a crash never leaves
/// a terminal that types escape codes when the mouse moves. Terminals still select text with
/// Shift held while dragging. Bracketed paste makes a paste one event, so 10 KB is one edit,
/// not ten thousand.
fn terminal_modes(on: bool) {
    use ratatui::crossterm::event::{
        DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    };
    // Best effort: a terminal without them still works by keys.
    if on {
        let _ = ratatui::crossterm::execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableMouseCapture, DisableBracketedPaste);
            previous(info);
        }));
    } else {
        let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    }
}

/// Where unsaved answers are kept: beside the answers file, `NAME.toml.autosave`.
pub fn recovery_path(answers: &Path) -> PathBuf {
    crate::cmd::with_suffix(answers, "autosave")
}

/// Where answers discarded with `D` are set aside: `NAME.toml.discarded`.
pub fn discarded_path(answers: &Path) -> PathBuf {
    crate::cmd::with_suffix(answers, "discarded")
}

/// The answers as the answers file would hold them.
fn answers_text(app: &App<'_>) -> Result<String> {
    let variant = app
        .library
        .variant(&app.answers.variant)
        .ok_or_else(|| Error::one(crate::error::Diagnostic::error("", 0, 0, "no variant chosen")))?;
    Ok(answers_file(app.library, variant, Some(&app.answers)))
}

/// Writes the answers to the recovery file. Not synced to disk on every keystroke: it guards
/// against a killed terminal, and the answers file itself is only written by Ctrl-S.
pub fn autosave(app: &App<'_>) -> Result<()> {
    let path = recovery_path(&app.path);
    files::write_recovery(&path, answers_text(app)?.as_bytes()).map_err(|e| Error::io(path.display().to_string(), e))
}

fn remove_recovery(app: &App<'_>) -> Result<()> {
    let path = recovery_path(&app.path);
    files::remove(&path).map_err(|e| Error::io(path.display().to_string(), e))
}

/// Keeps answers the user chose to discard in `NAME.toml.discarded` and removes the recovery
/// file: the next start offers nothing, yet nothing typed is destroyed.
fn set_aside(app: &App<'_>) -> Result<PathBuf> {
    let path = discarded_path(&app.path);
    files::write_recovery(&path, answers_text(app)?.as_bytes())
        .map_err(|e| Error::io(path.display().to_string(), e))?;
    remove_recovery(app)?;
    Ok(path)
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App<'_>,
    theme: &theme::Theme,
    stop: &AtomicUsize,
) -> Result<()> {
    let io = |e: std::io::Error| Error::io("<terminal>", e);
    while !app.quit && stop.load(Ordering::Relaxed) == 0 {
        terminal.draw(|f| view::draw(f, app, theme)).map_err(io)?;
        let msg = if !event::poll(Duration::from_millis(250)).map_err(io)? {
            // Idle: keep unsaved answers safe in the recovery file.
            Msg::Idle
        } else {
            match event::read().map_err(io)? {
                Event::Key(key) => Msg::Key(key),
                Event::Paste(text) => Msg::Paste(text),
                Event::Mouse(m) if m.kind == MouseEventKind::ScrollDown => Msg::Wheel { down: true },
                Event::Mouse(m) if m.kind == MouseEventKind::ScrollUp => Msg::Wheel { down: false },
                _ => continue,
            }
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
        Effect::Autosave => Msg::Autosaved(autosave(app).map(|_| true).map_err(|e| e.to_string())),
        Effect::RemoveAutosave => Msg::Autosaved(remove_recovery(app).map(|_| false).map_err(|e| e.to_string())),
        Effect::Export { paths, annotated } => Msg::Exported(export(app, &paths, annotated).map_err(|e| e.to_string())),
        Effect::Open(path) => {
            Msg::Opened(crate::cmd::read_answers(&path, app.library).map(|a| (path, a)).map_err(|e| e.to_string()))
        }
        Effect::Recover(path) => {
            Msg::Recovered(crate::cmd::read_answers(&path, app.library).map_err(|e| e.to_string()))
        }
        Effect::DiscardRecovery => Msg::Status(discard_recovery(app).map_err(|e| e.to_string())),
        Effect::KeepRecoveryAside => Msg::Status(keep_recovery_aside(app).map_err(|e| e.to_string())),
    }
}

/// The recovery file from an earlier session, set aside as `.discarded` (not deleted).
fn discard_recovery(app: &App<'_>) -> Result<String> {
    let from = recovery_path(&app.path);
    let to = discarded_path(&app.path);
    std::fs::rename(&from, &to).map_err(|e| Error::io(from.display().to_string(), e))?;
    Ok(format!("Discarded the unsaved answers (a copy is in {})", to.display()))
}

/// An earlier session's recovery file, moved to `NAME.earlier.toml` (or `NAME.earlier-2.toml`,
/// never over an existing file): an answers file of its own, which `caredraft` can open.
fn keep_recovery_aside(app: &App<'_>) -> Result<String> {
    let from = recovery_path(&app.path);
    let stem = app.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let dir = app.path.parent().unwrap_or(Path::new(""));
    let to = (1..)
        .map(|n| dir.join(if n == 1 { format!("{stem}.earlier.toml") } else { format!("{stem}.earlier-{n}.toml") }))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or_else(|| dir.join(format!("{stem}.earlier.toml")));
    std::fs::rename(&from, &to).map_err(|e| Error::io(from.display().to_string(), e))?;
    Ok(format!("The earlier unsaved answers are kept in {}; `caredraft {}` opens them", to.display(), to.display()))
}

fn save(app: &App<'_>) -> Result<PathBuf> {
    let fresh = answers_text(app)?;
    // Into the file as the user keeps it: their comments and order stay.
    let name = app.path.display().to_string();
    let text = if !app.path.exists() {
        fresh
    } else {
        let existing = crate::input::read_text(&app.path, &name)?.map_err(Error::one)?;
        save::merged(&existing, &fresh).map_err(|e| {
            Error::one(crate::error::Diagnostic::error(
                app.path.display().to_string(),
                0,
                0,
                format!(
                    "not saved: the file was changed outside caredraft and is no longer valid TOML ({}); fix it or move it away, then press Ctrl-S again (the answers are kept in the autosave)",
                    e.trim()
                ),
            ).with_code("not-saved"))
        })?
    };
    files::write_answers(&app.path, text.as_bytes()).map_err(|e| Error::io(app.path.display().to_string(), e))?;
    // Only now are the answers safe in the answers file: the recovery copy can go.
    remove_recovery(app)?;
    Ok(app.path.clone())
}

fn export(app: &App<'_>, paths: &[PathBuf], annotated: bool) -> Result<Vec<PathBuf>> {
    if app.document.is_none() {
        return Err(Error::one(crate::error::Diagnostic::error("", 0, 0, "the draft cannot be assembled")));
    }
    let ext = |e: &str| paths.iter().any(|p| p.extension().is_some_and(|x| x == e));
    let options = RenderOptions {
        formats: Formats { markdown: ext("md"), docx: ext("docx") },
        strict: false,
        force: true,
        annotated,
    };
    let base = PathBuf::from(app.export_input.value().trim());
    // The whole pack, refused as `render` refuses it: whatever lint calls an error in the
    // files it depends on.
    let (_, files) =
        checked_pack_then(app.engine, &app.answers, &base, &crate::pack::Only::All, |docs| plan_pack(docs, &options))?;
    let mut written: Vec<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    // The redline first: a wrong or unreadable earlier file, or one of another variant, stops
    // the export before anything is written. It compares the answers file as saved (the
    // dialog asks for Ctrl-S first).
    if let Some(old) = app.compare_with() {
        let compare = crate::cmd::compare::CompareOptions {
            formats: options.formats,
            force: true,
            author: "caredraft".to_string(),
        };
        let (_, redline) = crate::cmd::compare::compare_to_files(
            (app.library, &old),
            (app.library, &app.path),
            &app::redline_base(&base),
            &compare,
        )?;
        written.extend(redline);
    }
    write_files(files, true)?;
    Ok(written)
}
