//! Keys in, state changed, effects out. Pure: the file system is touched only by the runtime,
//! which carries out the [`Effect`]s `update` returns and reports back with a [`Msg`].

use std::path::PathBuf;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::{Input, InputRequest};

use super::app::{App, Editor, ExportFormats, Overlay, Row, Screen, Tab, Target};
use super::paging;
use crate::answers::{AnswerValue, ClauseChoice, answer_from_input, projection};
use crate::engine::ClauseState;
use crate::library::QuestionKind;

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    /// One notch of the mouse wheel, down or up.
    Wheel {
        down: bool,
    },
    /// The runtime saved the answers file (or could not).
    Saved(Result<PathBuf, String>),
    /// The runtime wrote the drafts (or could not).
    Exported(Result<Vec<PathBuf>, String>),
    /// The runtime read an answers file chosen on the start screen.
    Opened(Result<(PathBuf, crate::answers::Answers), String>),
    /// The runtime read the recovery file.
    Recovered(Result<crate::answers::Answers, String>),
    /// Something the runtime wants the user to know.
    Status(Result<String, String>),
    /// No key for a moment: time to bring the recovery file up to date.
    Idle,
    /// The runtime wrote the recovery file (true) or removed it (false), or could not.
    Autosaved(Result<bool, String>),
    /// Text pasted into the terminal (bracketed paste): one edit, checked once.
    Paste(String),
}

/// Work for the runtime: everything that reads or writes files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Save,
    /// Write the unsaved answers to the recovery file.
    Autosave,
    /// Remove this session's recovery file: the answers are back to what the answers file
    /// holds, so there is nothing to recover (an undone edit must not be offered back).
    RemoveAutosave,
    /// Write these drafts, replacing existing files: the export dialog asked first. The DOCX
    /// carries the drafting notes as comments when `annotated`.
    Export {
        paths: Vec<PathBuf>,
        annotated: bool,
    },
    Open(PathBuf),
    Recover(PathBuf),
    /// Move an earlier session's recovery file to `NAME.earlier.toml`: the user has not decided
    /// what to do with it yet.
    KeepRecoveryAside,
    /// Set the recovery file aside (as `.discarded`): the user chose, with `D`, to discard the
    /// unsaved answers. Kept, not deleted, so even a deliberate discard can be undone by hand.
    DiscardRecovery,
}

pub fn update(app: &mut App<'_>, msg: Msg) -> Option<Effect> {
    let effect = handle(app, msg);
    // A companion document is assembled when it comes into view, not on every change: the
    // one shown, or all of them for the placeholders list and Review.
    app.show_document();
    if app.tab == Tab::Review || matches!(app.overlay, Some(Overlay::Placeholders { .. })) {
        app.assemble_companions();
    }
    effect
}

fn handle(app: &mut App<'_>, msg: Msg) -> Option<Effect> {
    match msg {
        Msg::Key(key) if key.kind == KeyEventKind::Release => None,
        Msg::Key(key) => on_key(app, key),
        Msg::Wheel { down } => {
            on_wheel(app, down);
            None
        }
        Msg::Saved(Ok(path)) => {
            app.mark_saved();
            app.recovery_written = false;
            app.autosaved = app.generation;
            app.status = Some((format!("Saved {}", path.display()), false));
            app.quit |= app.quit_after_save;
            None
        }
        Msg::Saved(Err(e)) => {
            // Not saved: stay, whatever was asked, so nothing is lost.
            app.quit_after_save = false;
            app.status = Some((format!("Not saved: {e}"), true));
            None
        }
        Msg::Exported(Ok(paths)) => {
            if let Some(Overlay::Export { .. }) = app.overlay {
                app.overlay = None;
            }
            let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            let saved = if app.modified() {
                "; the answers file is NOT saved (Ctrl-S saves it)"
            } else {
                "; the answers file is saved"
            };
            app.status = Some((format!("Wrote {}{saved}", names.join(" and ")), false));
            None
        }
        Msg::Exported(Err(e)) => {
            match app.overlay {
                Some(Overlay::Export { .. }) => app.export_error = Some(format!("Nothing was written: {e}")),
                _ => app.status = Some((e, true)),
            }
            None
        }
        Msg::Opened(Ok((path, answers))) => {
            *app = App::with_answers(app.library, app.engine, path, answers);
            None
        }
        Msg::Opened(Err(e)) => {
            app.start.error = Some(e);
            None
        }
        Msg::Recovered(Ok(answers)) => {
            app.recover(answers);
            None
        }
        Msg::Recovered(Err(e)) | Msg::Status(Err(e)) => {
            app.status = Some((e, true));
            None
        }
        Msg::Status(Ok(m)) => {
            app.status = Some((m, false));
            None
        }
        Msg::Idle => on_idle(app),
        Msg::Autosaved(Ok(written)) => {
            app.recovery_written = written;
            None
        }
        Msg::Autosaved(Err(e)) => {
            app.status = Some((format!("Could not autosave: {e}"), true));
            None
        }
        Msg::Paste(text) => {
            on_paste(app, &text);
            None
        }
    }
}

/// Keeps the recovery file in step with the answers: written while they differ from the
/// answers file, removed (if this session wrote it) once they are the same again.
fn on_idle(app: &mut App<'_>) -> Option<Effect> {
    if app.screen != Screen::Main || app.generation == app.autosaved {
        return None;
    }
    app.autosaved = app.generation;
    if app.modified() {
        Some(Effect::Autosave)
    } else if app.recovery_written {
        Some(Effect::RemoveAutosave)
    } else {
        None
    }
}

/// A paste goes where typing would go, as one edit: the answer is checked and the draft
/// assembled once, not once per character.
fn on_paste(app: &mut App<'_>, text: &str) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let one_line = |t: &str| t.split('\n').map(str::trim_end).collect::<Vec<_>>().join(" ");
    if app.overlay.is_some() {
        if let Some(Overlay::Export { .. }) = app.overlay {
            let input = if app.compare_focus { &mut app.compare_input } else { &mut app.export_input };
            insert_text(input, one_line(&text).trim());
        }
        return;
    }
    if app.screen == Screen::Start {
        if let Some(input) = app.start.opening.as_mut() {
            insert_text(input, one_line(&text).trim());
        }
        return;
    }
    if let Some(input) = app.preview.search.as_mut() {
        insert_text(input, &one_line(&text));
        return;
    }
    let Some(t) = selected_target(app) else { return };
    let q = app.target_question(&t);
    let Some(Editor::Line { mut input, mut error, original }) = app.editor.take() else {
        app.status = Some(("To paste into an answer, press Enter on it first".to_string(), false));
        return;
    };
    let text = if q.kind == QuestionKind::Paragraph { text } else { one_line(&text) };
    insert_text(&mut input, &text);
    apply_typed(app, &t, q, &input, &mut error);
    app.editor = Some(Editor::Line { input, error, original });
}

/// Inserts `text` at the cursor in one step (one character at a time is quadratic).
fn insert_text(input: &mut Input, text: &str) {
    let value = input.value();
    let at = value.char_indices().nth(input.cursor()).map_or(value.len(), |(i, _)| i);
    let joined = format!("{}{text}{}", &value[..at], &value[at..]);
    let cursor = input.cursor() + text.chars().count();
    *input = Input::new(joined).with_cursor(cursor);
}

/// Checks what is typed and, if it reads as an answer, applies it: the preview follows.
fn apply_typed(app: &mut App<'_>, t: &Target, q: &crate::library::Question, input: &Input, error: &mut Option<String>) {
    // As people type it (31/03/2027, £412.5m, b82005), into the form the file keeps.
    let text = match super::typed::normalise(q, input.value()) {
        Ok(Some(text)) => text,
        Ok(None) => input.value().to_string(),
        Err(e) => {
            *error = Some(e);
            return;
        }
    };
    match answer_from_input(q, &text) {
        Ok(v) => {
            *error = None;
            app.set_value(t, v);
        }
        Err(e) => *error = Some(super::typed::in_words(q, &e)),
    }
}

/// Lines (or rows) one notch of the wheel moves, as most terminal programs do.
const WHEEL_STEP: usize = 3;

/// The wheel scrolls what is under the reader's eyes: the variant list, the questions, the
/// clauses or the preview. It does nothing while a dialog or an editor is open, so a stray
/// notch never changes an answer.
fn on_wheel(app: &mut App<'_>, down: bool) {
    if app.overlay.is_some() || app.editor.is_some() {
        return;
    }
    if app.screen == Screen::Start {
        if app.start.opening.is_none() {
            // The variants, then "open an answers file".
            let last = app.library.variants.len();
            let s = &mut app.start.selected;
            *s = if down { (*s + 1).min(last) } else { s.saturating_sub(1) };
        }
        return;
    }
    match app.tab {
        Tab::Interview => move_row(app, down, WHEEL_STEP),
        Tab::Clauses => {
            let last = app.shown_outline().len().saturating_sub(1);
            app.clause_row =
                if down { (app.clause_row + WHEEL_STEP).min(last) } else { app.clause_row.saturating_sub(WHEEL_STEP) };
        }
        Tab::Preview => scroll_preview(app, down, WHEEL_STEP),
        Tab::Review => {
            app.detail_scroll = if down {
                (app.detail_scroll + WHEEL_STEP).min(app.detail_max)
            } else {
                app.detail_scroll.saturating_sub(WHEEL_STEP)
            };
        }
    }
}

fn ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}

fn on_key(app: &mut App<'_>, key: KeyEvent) -> Option<Effect> {
    if let Some(overlay) = app.overlay.clone() {
        return on_overlay_key(app, overlay, key);
    }
    if app.screen == Screen::Start {
        return on_start_key(app, key);
    }
    if app.editor.is_some() {
        on_editor_key(app, key);
        return None;
    }
    if app.tab == Tab::Preview && app.preview.search.is_some() {
        on_search_key(app, key);
        return None;
    }
    let tab = app.tab;
    let effect = on_main_key(app, key);
    if app.tab != tab {
        // A message about the tab left behind is stale on the next.
        app.status = None;
    }
    effect
}

fn on_main_key(app: &mut App<'_>, key: KeyEvent) -> Option<Effect> {
    // Keys that work on every tab.
    if ctrl(&key, 's') {
        return Some(Effect::Save);
    }
    if ctrl(&key, 'e') {
        open_export(app);
        return None;
    }
    if ctrl(&key, 'c') {
        ask_to_quit(app);
        return None;
    }
    match key.code {
        KeyCode::Char('?') | KeyCode::F(1) => app.overlay = Some(Overlay::Help),
        KeyCode::Char('q') => ask_to_quit(app),
        // Esc closes what is open and never asks to quit: a second Esc after closing
        // something must be harmless.
        KeyCode::Esc => {
            if app.tab == Tab::Preview && !app.preview.query.is_empty() {
                app.preview.query.clear();
            }
        }
        KeyCode::Tab => app.tab = next_tab(app.tab, 1),
        KeyCode::BackTab => app.tab = next_tab(app.tab, Tab::ALL.len() - 1),
        KeyCode::Char('1') => app.tab = Tab::Interview,
        KeyCode::Char('2') => app.tab = Tab::Clauses,
        KeyCode::Char('3') => app.tab = Tab::Preview,
        KeyCode::Char('4') => app.tab = Tab::Review,
        KeyCode::Char('p') => open_placeholders(app),
        _ => match app.tab {
            Tab::Interview => on_interview_key(app, key),
            Tab::Clauses => on_clauses_key(app, key),
            Tab::Preview => on_preview_key(app, key),
            Tab::Review => on_review_key(app, key),
        },
    }
    None
}

fn next_tab(tab: Tab, step: usize) -> Tab {
    let i = Tab::ALL.iter().position(|t| *t == tab).unwrap_or(0);
    Tab::ALL[(i + step) % Tab::ALL.len()]
}

fn ask_to_quit(app: &mut App<'_>) {
    if app.modified() {
        app.overlay = Some(Overlay::ConfirmQuit);
    } else {
        app.quit = true;
    }
}

fn open_export(app: &mut App<'_>) {
    app.export_input = Input::new(app.export_base().display().to_string());
    app.compare_input = Input::default();
    app.compare_focus = false;
    app.export_error = None;
    app.overlay = Some(Overlay::Export { formats: ExportFormats::Both, annotated: false });
}

fn open_placeholders(app: &mut App<'_>) {
    app.assemble_companions();
    if super::review::spots(app).is_empty() {
        app.status = Some(("No placeholders left in the draft".to_string(), false));
    } else {
        app.overlay = Some(Overlay::Placeholders { selected: 0 });
    }
}

/// The review page scrolls; Enter goes on to the export.
fn on_review_key(app: &mut App<'_>, key: KeyEvent) {
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => app.detail_scroll = (app.detail_scroll + 1).min(app.detail_max),
        KeyCode::Up | KeyCode::Char('k') => app.detail_scroll = app.detail_scroll.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => scroll_detail(app, true),
        KeyCode::PageUp => scroll_detail(app, false),
        KeyCode::Home => app.detail_scroll = 0,
        KeyCode::End => app.detail_scroll = app.detail_max,
        KeyCode::Enter => open_export(app),
        _ => {}
    }
}

/// Shows a placeholder: in the preview, highlighted, or at the question that fills it in.
fn jump_to(app: &mut App<'_>, spot: &super::review::Spot, to_question: bool) {
    app.overlay = None;
    match spot.row {
        Some(row) if to_question => {
            app.tab = Tab::Interview;
            app.row = row;
        }
        _ => {
            app.tab = Tab::Preview;
            // The document the placeholder is in, assembled for the answers as they are.
            app.set_document(spot.doc);
            app.show_document();
            if app.preview.markdown {
                app.preview.markdown = false;
                app.fill_preview();
            }
            app.preview.query = spot.text.clone();
            set_preview_pos(app, (spot.line, 0));
            if spot.row.is_none() {
                app.status = Some((format!("{} is {}", spot.text, super::review::IN_WORD), false));
            }
        }
    }
}

fn on_overlay_key(app: &mut App<'_>, overlay: Overlay, key: KeyEvent) -> Option<Effect> {
    match overlay {
        Overlay::Help => {
            let page = app.list_height.max(2) - 1;
            match key.code {
                KeyCode::Esc | KeyCode::Char('?' | 'q') | KeyCode::Enter => {
                    app.overlay = None;
                    app.help_scroll = 0;
                }
                KeyCode::Down | KeyCode::Char('j') => app.help_scroll += 1,
                KeyCode::Up | KeyCode::Char('k') => app.help_scroll = app.help_scroll.saturating_sub(1),
                KeyCode::PageDown | KeyCode::Char(' ') => app.help_scroll += page,
                KeyCode::PageUp => app.help_scroll = app.help_scroll.saturating_sub(page),
                _ => {}
            }
            None
        }
        Overlay::Placeholders { selected } => {
            const PLACEHOLDER_PAGE: usize = 9;
            let spots = super::review::spots(app);
            let n = spots.len().max(1);
            match key.code {
                KeyCode::Down | KeyCode::Char('j') => {
                    app.overlay = Some(Overlay::Placeholders { selected: (selected + 1).min(n - 1) })
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    app.overlay = Some(Overlay::Placeholders { selected: selected.saturating_sub(1) })
                }
                // A pack lists dozens: page by what an 80x24 screen shows (two rows an entry).
                KeyCode::PageDown => {
                    app.overlay = Some(Overlay::Placeholders { selected: (selected + PLACEHOLDER_PAGE).min(n - 1) })
                }
                KeyCode::PageUp => {
                    app.overlay = Some(Overlay::Placeholders { selected: selected.saturating_sub(PLACEHOLDER_PAGE) })
                }
                KeyCode::Home => app.overlay = Some(Overlay::Placeholders { selected: 0 }),
                KeyCode::End => app.overlay = Some(Overlay::Placeholders { selected: n - 1 }),
                KeyCode::Enter | KeyCode::Char('v') | KeyCode::Right => {
                    if let Some(spot) = spots.get(selected) {
                        jump_to(app, spot, key.code == KeyCode::Enter);
                    }
                }
                KeyCode::Esc | KeyCode::Char('p' | 'q') => app.overlay = None,
                _ => {}
            }
            None
        }
        // Ctrl-R: type the earlier answers file to compare with (and back to the base path).
        Overlay::Export { .. } if ctrl(&key, 'r') => {
            app.compare_focus = !app.compare_focus;
            None
        }
        // Saving from here: a redline compares the answers as the answers file holds them.
        Overlay::Export { .. } if ctrl(&key, 's') => Some(Effect::Save),
        Overlay::Export { formats, annotated } => match key.code {
            KeyCode::Enter => {
                if app.export_input.value().trim().is_empty() {
                    app.export_error = Some("Type where the drafts go".to_string());
                    return None;
                }
                if app.document.is_none() {
                    app.overlay = None;
                    app.status = Some(("The draft cannot be assembled yet: see the preview".to_string(), true));
                    return None;
                }
                if app.compare_with().is_some() && app.modified() {
                    app.export_error = Some(
                        "The redline compares the answers files as saved: Ctrl-S saves these answers first".to_string(),
                    );
                    return None;
                }
                // The dialog stays open until the files are written: a failure is shown in it.
                app.export_error = None;
                let mut paths = app.export_paths(formats);
                paths.extend(app.redline_paths(formats));
                Some(Effect::Export { paths, annotated })
            }
            KeyCode::Tab | KeyCode::BackTab => {
                app.overlay = Some(Overlay::Export { formats: formats.next(), annotated });
                None
            }
            KeyCode::Up | KeyCode::Down => {
                app.overlay = Some(Overlay::Export { formats, annotated: !annotated });
                None
            }
            KeyCode::Esc => {
                app.overlay = None;
                None
            }
            _ => {
                app.export_error = None;
                edit_input(if app.compare_focus { &mut app.compare_input } else { &mut app.export_input }, key);
                None
            }
        },
        Overlay::Recover { path } => match key.code {
            KeyCode::Char('r') | KeyCode::Enter => {
                app.overlay = None;
                Some(Effect::Recover(path))
            }
            // Discarding takes the capital D: a stray d (or n) must not throw work away.
            KeyCode::Char('D') => {
                app.overlay = None;
                Some(Effect::DiscardRecovery)
            }
            // Decide later: the earlier answers move to a file of their own, so this session's
            // autosave (and a later Ctrl-S, which removes the autosave) cannot overwrite them.
            KeyCode::Esc => {
                app.overlay = None;
                Some(Effect::KeepRecoveryAside)
            }
            KeyCode::Char('d' | 'n') => {
                app.status = Some(("To discard the unsaved answers press D (capital)".to_string(), false));
                None
            }
            _ => None,
        },
        Overlay::ConfirmQuit => match key.code {
            KeyCode::Char('s' | 'y') => {
                app.overlay = None;
                app.quit_after_save = true;
                Some(Effect::Save)
            }
            // The one way to leave without saving: a capital D, which no slip of the finger
            // on n, q, Esc or Enter can produce. The answers are still set aside, not deleted.
            KeyCode::Char('D') => {
                app.overlay = None;
                app.discarded = true;
                app.quit = true;
                None
            }
            KeyCode::Esc | KeyCode::Char('c' | 'n' | 'q') | KeyCode::Enter => {
                app.overlay = None;
                app.status = Some(("Still here: nothing was saved or discarded".to_string(), false));
                None
            }
            KeyCode::Char('d') => {
                app.status = Some(("To leave without saving press D (capital)".to_string(), false));
                None
            }
            _ => None,
        },
    }
}

fn on_start_key(app: &mut App<'_>, key: KeyEvent) -> Option<Effect> {
    let choices = app.library.variants.len() + 1;
    if let Some(input) = app.start.opening.as_mut() {
        match key.code {
            KeyCode::Esc => app.start.opening = None,
            KeyCode::Enter => {
                let path = PathBuf::from(input.value().trim());
                if path.as_os_str().is_empty() {
                    app.start.error = Some("Type the path of an answers file".to_string());
                } else {
                    // The prompt stays open: if the file cannot be read, the reason shows under
                    // the path, which can be corrected.
                    app.start.error = None;
                    return Some(Effect::Open(path));
                }
            }
            _ => edit_input(input, key),
        }
        return None;
    }
    app.start.error = None;
    if ctrl(&key, 'c') {
        app.quit = true;
        return None;
    }
    let before = app.start.selected;
    let page = app.list_height.max(2) - 1;
    match key.code {
        KeyCode::PageDown => app.start.about_scroll = (app.start.about_scroll + page).min(app.start.about_max),
        KeyCode::PageUp => app.start.about_scroll = app.start.about_scroll.saturating_sub(page),
        KeyCode::Up | KeyCode::Char('k') => app.start.selected = (app.start.selected + choices - 1) % choices,
        KeyCode::Down | KeyCode::Char('j') => app.start.selected = (app.start.selected + 1) % choices,
        KeyCode::Char(c @ '1'..='9') => {
            let i = c as usize - '1' as usize;
            if i < choices {
                app.start.selected = i;
            }
        }
        KeyCode::Char('o') => app.start.opening = Some(Input::default()),
        KeyCode::Enter => {
            if let Some(v) = app.library.variants.get(app.start.selected) {
                let id = v.id.clone();
                if let Err(e) = app.new_draft(&id) {
                    app.start.error = Some(e.to_string());
                }
            } else {
                app.start.opening = Some(Input::default());
            }
        }
        KeyCode::Char('?') | KeyCode::F(1) => app.overlay = Some(Overlay::Help),
        // Nothing is drafted yet, so q leaves at once; Esc only ever closes things.
        KeyCode::Char('q') => app.quit = true,
        _ => {}
    }
    if app.start.selected != before {
        app.start.about_scroll = 0;
    }
    None
}

/// Line-editing keys shared by every text input.
fn edit_input(input: &mut Input, key: KeyEvent) {
    let word = key.modifiers.contains(KeyModifiers::CONTROL) || key.modifiers.contains(KeyModifiers::ALT);
    let req = match key.code {
        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => Some(InputRequest::DeleteLine),
        KeyCode::Char('w') if key.modifiers.contains(KeyModifiers::CONTROL) => Some(InputRequest::DeletePrevWord),
        KeyCode::Char('a') if key.modifiers.contains(KeyModifiers::CONTROL) => Some(InputRequest::GoToStart),
        KeyCode::Char('e') if key.modifiers.contains(KeyModifiers::CONTROL) => Some(InputRequest::GoToEnd),
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => Some(InputRequest::InsertChar(c)),
        KeyCode::Backspace if word => Some(InputRequest::DeletePrevWord),
        KeyCode::Backspace => Some(InputRequest::DeletePrevChar),
        KeyCode::Delete => Some(InputRequest::DeleteNextChar),
        KeyCode::Left if word => Some(InputRequest::GoToPrevWord),
        KeyCode::Left => Some(InputRequest::GoToPrevChar),
        KeyCode::Right if word => Some(InputRequest::GoToNextWord),
        KeyCode::Right => Some(InputRequest::GoToNextChar),
        KeyCode::Home => Some(InputRequest::GoToStart),
        KeyCode::End => Some(InputRequest::GoToEnd),
        _ => None,
    };
    if let Some(req) = req {
        input.handle(req);
    }
}

fn selected_target(app: &App<'_>) -> Option<Target> {
    match app.rows.get(app.row) {
        Some(Row::Answer(t)) => Some(t.clone()),
        _ => None,
    }
}

fn move_row(app: &mut App<'_>, down: bool, by: usize) {
    for _ in 0..by {
        let next = if down {
            (app.row + 1..app.rows.len()).find(|&i| !matches!(app.rows[i], Row::Section { .. }))
        } else {
            (0..app.row).rev().find(|&i| !matches!(app.rows[i], Row::Section { .. }))
        };
        match next {
            Some(i) => app.row = i,
            None => break,
        }
    }
}

fn on_interview_key(app: &mut App<'_>, key: KeyEvent) {
    let page = app.list_height.max(2) - 1;
    match key.code {
        KeyCode::Down | KeyCode::Char('j') if !key.modifiers.contains(KeyModifiers::SHIFT) => move_row(app, true, 1),
        KeyCode::Up | KeyCode::Char('k') if !key.modifiers.contains(KeyModifiers::SHIFT) => move_row(app, false, 1),
        KeyCode::PageDown => move_row(app, true, page),
        KeyCode::PageUp => move_row(app, false, page),
        KeyCode::Home => {
            app.row = 0;
            move_row(app, true, 1);
        }
        KeyCode::End => {
            app.row = app.rows.len().saturating_sub(1);
        }
        KeyCode::Char(']') => scroll_detail(app, true),
        KeyCode::Char('[') => scroll_detail(app, false),
        KeyCode::Char('a') => add_entry(app),
        KeyCode::Char('d') | KeyCode::Delete => remove_entry(app),
        KeyCode::Char('K') | KeyCode::Up => move_entry(app, false),
        KeyCode::Char('J') | KeyCode::Down => move_entry(app, true),
        KeyCode::Enter | KeyCode::Char(' ') | KeyCode::Char('e') => {
            if let Some(Row::AddEntry { .. }) = app.rows.get(app.row) {
                add_entry(app);
            } else {
                begin_edit(app);
            }
        }
        KeyCode::Left | KeyCode::Right => {
            if let Some(t) = selected_target(app) {
                step_choice(app, &t, key.code == KeyCode::Right);
            }
        }
        KeyCode::Backspace => {
            if let Some(t) = selected_target(app) {
                let q = app.target_question(&t);
                if q.kind != QuestionKind::Records {
                    app.set_value(&t, None);
                }
            }
        }
        _ => {}
    }
}

/// Left/Right on a one-of or yes/no answer changes it without opening an editor.
fn step_choice(app: &mut App<'_>, t: &Target, forward: bool) {
    let q = app.target_question(t);
    match q.kind {
        QuestionKind::YesNo => {
            let now = matches!(app.value(t), Some(AnswerValue::Bool(true)));
            app.set_value(t, Some(AnswerValue::Bool(!now)));
        }
        QuestionKind::OneOf if !q.options.is_empty() => {
            let n = q.options.len();
            let now = match app.value(t) {
                Some(AnswerValue::Choice(c)) => q.options.iter().position(|o| &o.id == c),
                _ => None,
            };
            let next = match now {
                Some(i) if forward => (i + 1) % n,
                Some(i) => (i + n - 1) % n,
                None => 0,
            };
            app.set_value(t, Some(AnswerValue::Choice(q.options[next].id.clone())));
        }
        _ => {}
    }
}

fn begin_edit(app: &mut App<'_>) {
    let Some(t) = selected_target(app) else { return };
    let q = app.target_question(&t);
    let value = app.value(&t).cloned();
    match q.kind {
        QuestionKind::YesNo => step_choice(app, &t, true),
        QuestionKind::OneOf => {
            let selected = match &value {
                Some(AnswerValue::Choice(c)) => q.options.iter().position(|o| &o.id == c).unwrap_or(0),
                _ => 0,
            };
            app.editor = Some(Editor::OneOf { selected });
        }
        QuestionKind::ManyOf => {
            let chosen = q
                .options
                .iter()
                .map(|o| matches!(&value, Some(AnswerValue::Many(items)) if items.contains(&o.id)))
                .collect();
            app.editor = Some(Editor::ManyOf { selected: 0, chosen });
        }
        QuestionKind::Records => {
            // The entries' fields are the rows below: go to the first, or add one.
            if matches!(app.rows.get(app.row + 1), Some(Row::Answer(Target::Field { .. }))) {
                app.row += 1;
            } else {
                add_entry(app);
            }
        }
        _ => {
            let text = value.as_ref().map(|v| projection::to_typed(q, v)).unwrap_or_default();
            app.editor = Some(Editor::Line { input: Input::new(text), error: None, original: value });
        }
    }
}

fn on_editor_key(app: &mut App<'_>, key: KeyEvent) {
    let Some(t) = selected_target(app) else {
        app.editor = None;
        return;
    };
    let q = app.target_question(&t);
    let Some(mut editor) = app.editor.take() else { return };
    let mut keep = true;
    match &mut editor {
        Editor::Line { input, error, original } => match key.code {
            // A new line inside a paragraph answer: Alt-Enter, or Ctrl-J where the terminal
            // cannot tell Alt-Enter from Enter.
            KeyCode::Enter if q.kind == QuestionKind::Paragraph && key.modifiers.contains(KeyModifiers::ALT) => {
                newline(app, &t, q, input, error);
            }
            KeyCode::Char('j')
                if q.kind == QuestionKind::Paragraph && key.modifiers.contains(KeyModifiers::CONTROL) =>
            {
                newline(app, &t, q, input, error);
            }
            KeyCode::Esc => {
                app.set_value(&t, original.clone());
                keep = false;
            }
            KeyCode::Enter | KeyCode::Tab | KeyCode::Down | KeyCode::Up => {
                if error.is_none() {
                    keep = false;
                    match key.code {
                        KeyCode::Enter | KeyCode::Tab | KeyCode::Down => move_row(app, true, 1),
                        _ => move_row(app, false, 1),
                    }
                }
            }
            _ => {
                let before = input.value().to_string();
                edit_input(input, key);
                if input.value() != before {
                    // Checked and applied as you type: the preview follows every keystroke.
                    apply_typed(app, &t, q, input, error);
                }
            }
        },
        Editor::OneOf { selected } => {
            let n = q.options.len().max(1);
            match key.code {
                KeyCode::Up | KeyCode::Char('k') => *selected = (*selected + n - 1) % n,
                KeyCode::Down | KeyCode::Char('j') => *selected = (*selected + 1) % n,
                KeyCode::Enter | KeyCode::Char(' ') => {
                    if let Some(o) = q.options.get(*selected) {
                        app.set_value(&t, Some(AnswerValue::Choice(o.id.clone())));
                    }
                    keep = false;
                }
                KeyCode::Esc => keep = false,
                _ => {}
            }
        }
        Editor::ManyOf { selected, chosen } => {
            let n = q.options.len().max(1);
            match key.code {
                KeyCode::Up | KeyCode::Char('k') => *selected = (*selected + n - 1) % n,
                KeyCode::Down | KeyCode::Char('j') => *selected = (*selected + 1) % n,
                KeyCode::Char(' ') | KeyCode::Char('x') => {
                    if let Some(c) = chosen.get_mut(*selected) {
                        *c = !*c;
                    }
                    let items =
                        q.options.iter().zip(chosen.iter()).filter(|(_, c)| **c).map(|(o, _)| o.id.clone()).collect();
                    app.set_value(&t, Some(AnswerValue::Many(items)));
                }
                KeyCode::Enter | KeyCode::Esc => keep = false,
                _ => {}
            }
        }
    }
    if keep {
        app.editor = Some(editor);
    }
}

fn newline(app: &mut App<'_>, t: &Target, q: &crate::library::Question, input: &mut Input, error: &mut Option<String>) {
    input.handle(InputRequest::InsertChar('\n'));
    apply_typed(app, t, q, input, error);
}

/// The records question the highlighted row belongs to, and the entry it is in.
fn records_at(app: &App<'_>) -> Option<(usize, usize, Option<usize>)> {
    match app.rows.get(app.row)? {
        Row::Answer(Target::Question { section, question })
            if app.question(*section, *question).kind == QuestionKind::Records =>
        {
            Some((*section, *question, None))
        }
        Row::Answer(Target::Field { section, question, entry, .. }) => Some((*section, *question, Some(*entry))),
        Row::AddEntry { section, question } => Some((*section, *question, None)),
        _ => None,
    }
}

fn add_entry(app: &mut App<'_>) {
    let Some((section, question, entry)) = records_at(app) else { return };
    let q = app.question(section, question);
    let len = match app.answers.values.get(&q.id) {
        Some(AnswerValue::Records(r)) => r.len(),
        _ => 0,
    };
    if q.max_items.is_some_and(|max| len >= max) {
        app.status = Some((format!("{} has room for at most {len} entries", q.label), true));
        return;
    }
    let at = entry.map_or(len, |e| e + 1);
    app.records_mut(&q.id).insert(at, Default::default());
    app.refresh();
    let first = Row::Answer(Target::Field { section, question, entry: at, field: 0 });
    if let Some(i) = app.rows.iter().position(|r| *r == first) {
        app.row = i;
    }
}

fn remove_entry(app: &mut App<'_>) {
    let Some((_, _, Some(entry))) = records_at(app) else { return };
    let Some((section, question, _)) = records_at(app) else { return };
    let q = app.question(section, question);
    let len = app.records_mut(&q.id).len();
    if q.min_items.is_some_and(|min| len <= min) {
        app.status = Some((format!("{} needs at least {len} entries", q.label), true));
        return;
    }
    app.records_mut(&q.id).remove(entry);
    app.refresh();
    app.status = Some((format!("Removed entry {} of {}", entry + 1, q.label), false));
}

/// Shift-Up/Down (or K/J) moves an entry, with all its fields, up or down the list.
fn move_entry(app: &mut App<'_>, down: bool) {
    let Some((section, question, Some(entry))) = records_at(app) else { return };
    let Some(Row::Answer(Target::Field { field, .. })) = app.rows.get(app.row).cloned() else { return };
    let q = app.question(section, question);
    let records = app.records_mut(&q.id);
    let other = if down { entry + 1 } else { entry.wrapping_sub(1) };
    if other >= records.len() {
        return;
    }
    records.swap(entry, other);
    app.refresh();
    let moved = Row::Answer(Target::Field { section, question, entry: other, field });
    if let Some(i) = app.rows.iter().position(|r| *r == moved) {
        app.row = i;
    }
}

/// Pages the right-hand pane (the answer's help, the clause's alternatives and note).
fn scroll_detail(app: &mut App<'_>, down: bool) {
    let page = app.list_height.max(2) - 1;
    app.detail_scroll =
        if down { (app.detail_scroll + page).min(app.detail_max) } else { app.detail_scroll.saturating_sub(page) };
}

fn on_clauses_key(app: &mut App<'_>, key: KeyEvent) {
    let n = app.shown_outline().len();
    match key.code {
        KeyCode::Down | KeyCode::Char('j') if n > 0 => app.clause_row = (app.clause_row + 1).min(n - 1),
        KeyCode::Up | KeyCode::Char('k') => app.clause_row = app.clause_row.saturating_sub(1),
        KeyCode::Home => app.clause_row = 0,
        KeyCode::End => app.clause_row = n.saturating_sub(1),
        // The outline moves with the arrows; the pages are the clause's alternatives and note.
        KeyCode::PageDown | KeyCode::Char(']') => scroll_detail(app, true),
        KeyCode::PageUp | KeyCode::Char('[') => scroll_detail(app, false),
        KeyCode::Char(' ') | KeyCode::Enter => {
            let Some(row) = app.shown_outline().get(app.clause_row).cloned() else { return };
            if row.optional {
                let on = row.state != ClauseState::SwitchedOff;
                app.set_clause(&row.id, ClauseChoice::Include(!on));
            } else if !row.alternatives.is_empty() {
                step_alternative(app, true);
            } else {
                app.status = Some((format!("\"{}\" is always part of this draft", row.title), false));
            }
        }
        KeyCode::Left | KeyCode::Right => step_alternative(app, key.code == KeyCode::Right),
        KeyCode::Char('<') => app.switch_document(false),
        KeyCode::Char('>') => app.switch_document(true),
        _ => {}
    }
}

fn step_alternative(app: &mut App<'_>, forward: bool) {
    let Some(row) = app.shown_outline().get(app.clause_row).cloned() else { return };
    let n = row.alternatives.len();
    if n == 0 {
        return;
    }
    let now = row.selected.as_ref().and_then(|s| row.alternatives.iter().position(|(id, _)| id == s)).unwrap_or(0);
    let next = if forward { (now + 1) % n } else { (now + n - 1) % n };
    app.set_clause(&row.id, ClauseChoice::Alternative(row.alternatives[next].0.clone()));
}

/// Where the preview's top is, and where it may go, in rows of the pane as last drawn.
fn preview_pos(app: &App<'_>) -> paging::Pos {
    (app.preview.scroll, app.preview.scroll_row)
}

fn set_preview_pos(app: &mut App<'_>, (line, row): paging::Pos) {
    app.preview.scroll = line;
    app.preview.scroll_row = row;
}

fn preview_width(app: &App<'_>) -> usize {
    app.preview.width.max(1)
}

/// The furthest the arrows, the wheel and End scroll: the last screenful.
fn last_preview_pos(app: &App<'_>) -> paging::Pos {
    paging::last_screen(&app.preview.lines, preview_width(app), app.list_height.max(1))
}

/// Scrolls the preview `n` rows, never past the last screenful.
fn scroll_preview(app: &mut App<'_>, down: bool, n: usize) {
    let (lines, width, at) = (&app.preview.lines, preview_width(app), preview_pos(app));
    let to = if down {
        paging::down(lines, width, at, n).min(last_preview_pos(app)).max(at)
    } else {
        paging::up(lines, width, at, n)
    };
    set_preview_pos(app, to);
}

fn on_preview_key(app: &mut App<'_>, key: KeyEvent) {
    let height = app.list_height.max(2);
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => scroll_preview(app, true, 1),
        KeyCode::Up | KeyCode::Char('k') => scroll_preview(app, false, 1),
        KeyCode::PageDown | KeyCode::Char(' ') => {
            let to = paging::page_down(&app.preview.lines, preview_width(app), height, preview_pos(app));
            set_preview_pos(app, to);
        }
        KeyCode::PageUp => scroll_preview(app, false, height - 1),
        KeyCode::Home | KeyCode::Char('g') => set_preview_pos(app, (0, 0)),
        KeyCode::End | KeyCode::Char('G') => {
            let to = last_preview_pos(app);
            set_preview_pos(app, to);
        }
        KeyCode::Char('/') => app.preview.search = Some(Input::default()),
        KeyCode::Char('n') => find(app, true, false),
        KeyCode::Char('N') => find(app, false, false),
        KeyCode::Char('m') => {
            app.preview.markdown = !app.preview.markdown;
            app.fill_preview();
            let to = preview_pos(app).min(last_preview_pos(app));
            set_preview_pos(app, to);
        }
        KeyCode::Char('<') => app.switch_document(false),
        KeyCode::Char('>') => app.switch_document(true),
        _ => {}
    }
}

fn on_search_key(app: &mut App<'_>, key: KeyEvent) {
    let Some(input) = app.preview.search.as_mut() else { return };
    match key.code {
        KeyCode::Esc => app.preview.search = None,
        KeyCode::Enter => {
            app.preview.query = input.value().to_string();
            app.preview.search = None;
            find(app, true, true);
        }
        _ => edit_input(input, key),
    }
}

/// Scrolls to the next (or previous) line holding the query, case-insensitively, and says
/// which hit of how many it is, and when the search went round past the end.
fn find(app: &mut App<'_>, forward: bool, from_here: bool) {
    let q = super::search::fold(&app.preview.query);
    if q.is_empty() {
        return;
    }
    let matching: Vec<usize> = app
        .preview
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| super::search::contains(&l.text(), &q))
        .map(|(i, _)| i)
        .collect();
    let here = app.preview.scroll;
    let next = if forward {
        let after = |&&i: &&usize| if from_here { i >= here } else { i > here };
        matching.iter().find(after).map(|&i| (i, false)).or(matching.first().map(|&i| (i, true)))
    } else {
        matching.iter().rev().find(|&&i| i < here).map(|&i| (i, false)).or(matching.last().map(|&i| (i, true)))
    };
    match next {
        Some((i, wrapped)) => {
            set_preview_pos(app, (i, 0));
            let k = matching.iter().position(|&m| m == i).map_or(0, |p| p + 1);
            let wrap_note = match (wrapped, forward) {
                (true, true) => " · wrapped to the top",
                (true, false) => " · wrapped to the end",
                _ => "",
            };
            let n = matching.len();
            app.status = Some((
                format!(
                    "\"{}\": line {k} of {n} with it{wrap_note} · n next · N previous · Esc clears",
                    app.preview.query
                ),
                false,
            ));
        }
        None => app.status = Some((format!("\"{}\" is not in the draft", app.preview.query), true)),
    }
}
