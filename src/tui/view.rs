//! Drawing: reads the state, never changes it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::app::{App, Editor, ExportFormats, Overlay, PackEntry, Row, Screen, Tab, Target};
use super::theme::Theme;
use crate::answers::{AnswerValue, format_money, projection};
use crate::engine::ClauseState;
use crate::library::{Question, QuestionKind};
use crate::render::reading::{Look, ReadingLine};

pub fn draw(frame: &mut Frame<'_>, app: &mut App<'_>, theme: &Theme) {
    let area = frame.area();
    let [header, body, footer] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(2)]).areas(area);
    match app.screen {
        Screen::Start => {
            draw_header(frame, header, "caredraft: choose what to draft", theme);
            app.list_height = body.height.saturating_sub(2) as usize;
            draw_start(frame, body, app, theme);
            let keys = if app.start.about_max > 0 {
                "↑↓ choose · Enter start · PgDn more · o open a file · ? help · q quit"
            } else {
                "↑↓ choose · Enter start · o open a file · ? help · q quit"
            };
            draw_footer(frame, footer, app, keys, theme);
        }
        Screen::Main => {
            let name = app.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let asked: usize =
                app.rows.iter().map(|r| if let Row::Section { asked, .. } = r { *asked } else { 0 }).sum();
            let answered: usize =
                app.rows.iter().map(|r| if let Row::Section { answered, .. } = r { *answered } else { 0 }).sum();
            let title = format!(
                "caredraft · {} · {}{} · {answered}/{asked} answered",
                app.variant_title(),
                name,
                if app.modified() { " (unsaved)" } else { "" }
            );
            draw_header(frame, header, &title, theme);
            let [tabs, content] = Layout::vertical([Constraint::Length(1), Constraint::Min(2)]).areas(body);
            draw_tabs(frame, tabs, app, theme);
            // A pack of documents: which one the Clauses and Preview tabs show, and the keys
            // that show another.
            let content = if app.pack.len() > 1 && matches!(app.tab, Tab::Clauses | Tab::Preview) {
                let [bar, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(2)]).areas(content);
                draw_document_bar(frame, bar, app, theme);
                rest
            } else {
                content
            };
            app.list_height = content.height.saturating_sub(2) as usize;
            // The right-hand pane scrolls back to its top when it shows something else.
            let showing = (app.tab, if app.tab == Tab::Clauses { app.clause_row } else { app.row });
            if app.detail_of != showing {
                app.detail_of = showing;
                app.detail_scroll = 0;
            }
            match app.tab {
                Tab::Interview => draw_interview(frame, content, app, theme),
                Tab::Clauses => draw_clauses(frame, content, app, theme),
                Tab::Preview => {
                    app.preview.width = content.width.saturating_sub(2) as usize;
                    draw_preview(frame, content, app, theme)
                }
                Tab::Review => draw_review(frame, content, app, theme),
            }
            let keys: String = match (app.tab, &app.editor) {
                (_, Some(Editor::Line { .. })) => "type · Enter done, on to the next · Esc undo · Ctrl-U clear".into(),
                (_, Some(Editor::OneOf { .. })) => "↑↓ choose · Enter pick · Esc cancel".into(),
                (_, Some(Editor::ManyOf { .. })) => "↑↓ move · Space tick · Enter done".into(),
                (Tab::Interview, None) => {
                    "↑↓ move · Enter edit · a/d entry · Tab tabs · ^S save · ^E export · ? help".into()
                }
                (Tab::Clauses, None) => {
                    // Only the keys that do something on the highlighted clause.
                    let row = app.shown_outline().get(app.clause_row);
                    let mut keys = vec!["↑↓ move"];
                    if row.is_some_and(|r| r.optional) {
                        keys.push("Space on/off");
                    }
                    if row.is_some_and(|r| !r.alternatives.is_empty()) {
                        keys.push("←→ option");
                    }
                    if app.detail_max > 0 {
                        keys.push("PgDn more");
                    }
                    if app.pack.len() > 1 {
                        keys.push("< > document");
                    }
                    keys.extend(["Tab tabs", "^S save", "^E export", "? help"]);
                    // On a narrow screen the keys every tab has (and the help names) give way.
                    for spare in ["^E export", "^S save", "Tab tabs"] {
                        if keys.join(" · ").chars().count() < footer.width as usize {
                            break;
                        }
                        keys.retain(|k| *k != spare);
                    }
                    keys.join(" · ")
                }
                (Tab::Preview, None) if app.pack.len() > 1 => {
                    "↑↓ PgDn scroll · < > document · / search · n N · m source · Tab tabs · ? help".into()
                }
                (Tab::Preview, None) => {
                    "↑↓ PgDn scroll · / search · n next · m source · Tab tabs · ^E export · ? help".into()
                }
                (Tab::Review, None) => {
                    "↑↓ PgDn scroll · Enter export · p placeholders · ^S save · Tab tabs · ? help".into()
                }
            };
            draw_footer(frame, footer, app, &keys, theme);
        }
    }
    match &app.overlay {
        Some(Overlay::Help) => draw_help(frame, area, app, theme),
        Some(Overlay::Export { formats, annotated }) => {
            let mut lines = vec![
                Line::from(vec![
                    Span::styled("Base: ", theme.title),
                    Span::raw(app.export_input.value().to_string()),
                    Span::raw(if app.compare_focus { "" } else { "▏" }),
                ]),
                Line::from(vec![
                    Span::styled("Formats: ", theme.title),
                    Span::raw(match formats {
                        ExportFormats::Both => "DOCX and Markdown",
                        ExportFormats::Docx => "DOCX only",
                        ExportFormats::Markdown => "Markdown only",
                    }),
                    Span::styled("  (Tab changes)", theme.dim),
                ]),
                Line::from(vec![
                    Span::styled("Drafting notes: ", theme.title),
                    Span::raw(if *annotated { "as Word comments in the DOCX" } else { "left out (a clean draft)" }),
                    Span::styled("  (↑↓ changes)", theme.dim),
                ]),
                Line::from(vec![
                    Span::styled("Compare with: ", theme.title),
                    Span::raw(app.compare_input.value().to_string()),
                    Span::raw(if app.compare_focus { "▏" } else { "" }),
                    Span::styled(
                        match (app.compare_focus, app.compare_with()) {
                            (false, None) => "none  (^R: an earlier answers file, for a redline)",
                            (true, None) => "  (an earlier answers file; ^R back to Base)",
                            (_, Some(p)) if !p.is_file() => "  (no such file)",
                            (_, Some(_)) => "",
                        },
                        theme.dim,
                    ),
                ]),
                Line::from(""),
            ];
            for p in app.export_paths(*formats) {
                let note = if p.exists() { "  (replaces the existing file)" } else { "" };
                lines.push(Line::from(format!("  {}{note}", p.display())));
            }
            if let Some(old) = app.compare_with() {
                for p in app.redline_paths(*formats) {
                    let note = if p.exists() { ", replaces the existing file" } else { "" };
                    lines.push(Line::from(format!("  {}  (redline against {}{note})", p.display(), old.display())));
                }
            }
            lines.push(Line::from(""));
            if app.modified() {
                lines.push(Line::styled(
                    format!("The answers file {} is NOT saved: Ctrl-S saves it.", app.path.display()),
                    theme.warning,
                ));
            } else {
                lines.push(Line::styled(format!("The answers file {} is saved.", app.path.display()), theme.ok));
            }
            match app.document.as_ref().map(|d| d.placeholders.len()) {
                Some(0) => lines.push(Line::styled("Every question is answered: no placeholders left.", theme.ok)),
                Some(n) => lines.push(Line::styled(
                    format!("{n} placeholder(s) left in the draft: listed by p and on 4 Review."),
                    theme.warning,
                )),
                None => lines.push(Line::styled("The draft cannot be assembled: see the preview.", theme.error)),
            }
            if let Some(e) = &app.export_error {
                lines.push(Line::styled(e.clone(), theme.error));
            }
            lines.push(Line::from(""));
            lines.push(Line::styled(
                "Enter export · Tab formats · ↑↓ notes · ^R compare · ^S save · Esc cancel",
                theme.dim,
            ));
            draw_dialog(frame, area, " Export ", lines, theme);
        }
        Some(Overlay::Placeholders { selected }) => draw_placeholders(frame, area, app, *selected, theme),
        Some(Overlay::Recover { path }) => {
            let lines = vec![
                Line::from("Answers that were never saved were kept in"),
                Line::from(format!("  {}", path.display())),
                Line::from("(caredraft stopped before they were saved)."),
                Line::from(""),
                Line::styled("r recover them · D discard them", theme.dim),
                Line::styled("Esc decide later (they move to NAME.earlier.toml)", theme.dim),
            ];
            draw_dialog(frame, area, " Recover unsaved answers? ", lines, theme);
        }
        Some(Overlay::ConfirmQuit) => {
            let lines = vec![
                Line::from("There are unsaved changes to"),
                Line::from(format!("  {}", app.path.display())),
                Line::from(""),
                Line::styled("s save and quit · Esc stay", theme.dim),
                Line::styled("D (capital) quit and discard the changes", theme.dim),
            ];
            draw_dialog(frame, area, " Quit ", lines, theme);
        }
        None => {}
    }
}

fn draw_header(frame: &mut Frame<'_>, area: Rect, title: &str, theme: &Theme) {
    frame.render_widget(Paragraph::new(Line::styled(format!(" {title}"), theme.header)).style(theme.header), area);
}

/// "Document 2 of 4: Integration Agreement — Netherton Health Centre", and the keys.
fn draw_document_bar(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, theme: &Theme) {
    let keys = "  < > other documents";
    // The name gives way first: "(2 of 4)" and the keys stay in sight at 80 columns.
    let count = format!(" ({} of {})", app.doc + 1, app.pack.len());
    let room = (area.width as usize).saturating_sub(keys.chars().count() + count.chars().count() + 1);
    let line = Line::from(vec![
        Span::raw(" "),
        Span::styled(format!("{}{count}", truncate(&app.document_name(app.doc), room)), theme.title),
        Span::styled(keys, theme.dim),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

fn draw_tabs(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, theme: &Theme) {
    let mut spans = vec![Span::raw(" ")];
    for t in Tab::ALL {
        let style = if t == app.tab { theme.tab_active } else { theme.dim };
        spans.push(Span::styled(format!(" {} ", t.title()), style));
        spans.push(Span::raw(" "));
    }
    // Placeholders are blanks in the draft, which questions (or the drafter, in Word) fill.
    let left = app.placeholders_left();
    let draft = match (app.document.is_some(), left) {
        (false, _) => " the draft has errors".to_string(),
        (true, 0) => " no placeholders left".to_string(),
        (true, 1) => " 1 placeholder (p)".to_string(),
        (true, n) => format!(" {n} placeholders (p)"),
    };
    spans.push(Span::styled(draft, if app.document.is_some() { theme.dim } else { theme.error }));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_footer(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, keys: &str, theme: &Theme) {
    let status = match &app.status {
        Some((msg, true)) => Line::styled(format!(" {msg}"), theme.error),
        Some((msg, false)) => Line::styled(format!(" {msg}"), theme.ok),
        None => Line::from(""),
    };
    let text = Text::from(vec![status, Line::styled(format!(" {keys}"), theme.dim)]);
    frame.render_widget(Paragraph::new(text), area);
}

fn draw_start(frame: &mut Frame<'_>, area: Rect, app: &mut App<'_>, theme: &Theme) {
    let [list_area, detail_area] =
        Layout::horizontal([Constraint::Length(42.min(area.width / 2 + 2)), Constraint::Min(10)]).areas(area);
    let mut lines = vec![Line::from("")];
    for (i, v) in app.library.variants.iter().enumerate() {
        let style = if i == app.start.selected { theme.selected } else { Style::default() };
        lines.push(Line::styled(format!(" {}  {} ", i + 1, v.short_title), style));
    }
    lines.push(Line::from(""));
    let open = app.library.variants.len();
    let style = if app.start.selected == open { theme.selected } else { Style::default() };
    lines.push(Line::styled(format!(" {}  Open an answers file… ", open + 1), style));
    frame.render_widget(Paragraph::new(lines).block(Block::bordered().title(" New draft ")), list_area);

    let mut detail: Vec<Line> = Vec::new();
    // The path being typed comes first: below the guidance it fell off an 80x24 screen and the
    // program looked frozen.
    if let Some(input) = &app.start.opening {
        detail.push(Line::styled("Open an answers file", theme.title));
        detail.push(Line::from(vec![Span::styled("Path: ", theme.title), Span::raw(format!("{}▏", input.value()))]));
        detail.push(Line::styled("Enter opens it · Esc goes back", theme.dim));
        if let Some(e) = &app.start.error {
            detail.push(Line::styled(e.clone(), theme.error));
        }
        detail.push(Line::from(""));
        detail.push(Line::from(
            "An answers file is written by `caredraft init` or saved here with Ctrl-S. Paths are relative to the folder caredraft started in.",
        ));
        let block = Block::bordered().title(" About ");
        frame.render_widget(Paragraph::new(detail).wrap(Wrap { trim: false }).block(block), detail_area);
        return;
    }
    if let Some(v) = app.library.variants.get(app.start.selected) {
        detail.push(Line::styled(v.title.clone(), theme.title));
        detail.push(Line::from(""));
        detail.push(Line::from(v.summary.clone()));
        detail.push(Line::from(""));
        detail.push(Line::from(v.guidance.clone()));
        detail.push(Line::from(""));
        let target = if app.path.as_os_str().is_empty() {
            format!("Answers will be saved as ./{}.toml", v.id)
        } else {
            format!("Answers will be saved as {}", app.path.display())
        };
        detail.push(Line::styled(target, theme.dim));
    } else {
        detail.push(Line::styled("Open an answers file", theme.title));
        detail.push(Line::from(""));
        detail.push(Line::from(
            "Continue a draft: type the path of an answers file written by `caredraft init` or saved here with Ctrl-S.",
        ));
    }
    if let Some(e) = &app.start.error {
        detail.push(Line::from(""));
        detail.push(Line::styled(e.clone(), theme.error));
    }
    // A variant's guidance can be longer than an 80x24 screen: it pages, and says so.
    let mut scroll = app.start.about_scroll;
    app.start.about_max = draw_scrolled(frame, detail_area, " About ", detail, &mut scroll, "PgDn", theme);
    app.start.about_scroll = scroll;
}

/// How an answer reads in the list: as the draft will say it, or a dash when unanswered; a
/// paragraph on one line.
fn display_value(q: &Question, v: Option<&AnswerValue>) -> String {
    match v {
        None => "—".to_string(),
        Some(AnswerValue::Text(s)) if s.trim().is_empty() => "—".to_string(),
        Some(v) => projection::to_text(q, v).replace('\n', " ⏎ "),
    }
}

/// "label: value" in `width` columns, shortening the label before the value: the answer is
/// what the reader looks for (a risk share of 40% must not hide behind its long label).
fn label_and_value(label: &str, value: &str, width: usize) -> String {
    let (lw, vw) = (label.chars().count(), value.chars().count());
    if lw + 2 + vw <= width {
        return format!("{label}: {value}");
    }
    // The value gets what it needs, but leaves the label a third of the row (less, and
    // "Escalation, then mediation" and "Escalation, then expert determination" look the same).
    let value_room = vw.min(width.saturating_sub(2).saturating_sub(width / 3));
    let label_room = width.saturating_sub(2 + value_room);
    format!("{}: {}", truncate(label, label_room), truncate(value, value_room))
}

/// For a percentage of the annual budget (a loss cap, an improvement payment): the budget
/// in pounds, and the pounds the percentage comes to, once the budget is answered.
fn pounds_of(app: &App<'_>, q: &Question, percent: f64) -> Option<(String, String)> {
    let mentions_budget =
        |s: &str| s.to_lowercase().contains("of the annual budget") || s.to_lowercase().contains("share of the budget");
    if !(mentions_budget(&q.label) || mentions_budget(&q.help)) {
        return None;
    }
    app.library.sections.iter().flat_map(|s| &s.questions).find_map(|b| match app.answers.values.get(&b.id) {
        Some(AnswerValue::Money(pence))
            if b.kind == QuestionKind::Money && b.label.to_lowercase().contains("budget") =>
        {
            let part = (*pence as f64 * percent / 100.0).round() as i64;
            Some((format_money(*pence), format_money(part)))
        }
        _ => None,
    })
}

fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn draw_interview(frame: &mut Frame<'_>, area: Rect, app: &mut App<'_>, theme: &Theme) {
    let [list_area, detail_area] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let inner_w = list_area.width.saturating_sub(2) as usize;
    let height = list_area.height.saturating_sub(2) as usize;
    let top = scroll_top(app.row, height, app.rows.len());
    let mut lines = Vec::new();
    for (i, row) in app.rows.iter().enumerate().skip(top).take(height) {
        let selected = i == app.row;
        let line = match row {
            Row::Section { section, answered, asked } => {
                let s = &app.library.sections[*section];
                // Not ticked while one of the section's rules fails, even with every answer in.
                let mark = if app.failing_sections.contains(section) {
                    "! see the rule"
                } else if answered == asked {
                    "✓"
                } else {
                    " "
                };
                Line::styled(truncate(&format!("{} {}  {answered}/{asked} {mark}", s.title, ""), inner_w), theme.title)
            }
            Row::Answer(t) => {
                let q = app.target_question(t);
                let (indent, label) = match t {
                    Target::Question { .. } => ("  ", q.label.clone()),
                    Target::Field { entry, field, .. } if *field == 0 => {
                        ("    ", format!("{}. {}", entry + 1, q.label))
                    }
                    Target::Field { .. } => ("       ", q.label.clone()),
                };
                let value = if selected && let Some(Editor::Line { input, .. }) = &app.editor {
                    format!("{}▏", input.value())
                } else {
                    display_value(q, app.value(t))
                };
                let flag =
                    if app.problems.contains_key(&q.id) && matches!(t, Target::Question { .. }) { "! " } else { "" };
                let value = match (q.kind, app.value(t)) {
                    (QuestionKind::Percentage, Some(AnswerValue::Percent(p))) => match pounds_of(app, q, *p) {
                        Some((_, pounds)) => format!("{value} ({pounds})"),
                        None => value,
                    },
                    _ => value,
                };
                let text = label_and_value(&format!("{indent}{flag}{label}"), &value, inner_w);
                let style = if selected {
                    theme.selected
                } else if value == "—" {
                    theme.dim
                } else {
                    Style::default()
                };
                Line::styled(text, style)
            }
            Row::AddEntry { .. } => {
                let style = if selected { theme.selected } else { theme.dim };
                Line::styled("    + add an entry (a)", style)
            }
        };
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines).block(Block::bordered().title(" Questions ")), list_area);
    draw_question_detail(frame, detail_area, app, theme);
}

/// The first row to show so that `selected` stays in a window of `height` rows.
fn scroll_top(selected: usize, height: usize, len: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    let half = height / 2;
    selected.saturating_sub(half).min(len - height)
}

fn draw_question_detail(frame: &mut Frame<'_>, area: Rect, app: &mut App<'_>, theme: &Theme) {
    let mut lines: Vec<Line> = Vec::new();
    match app.rows.get(app.row) {
        Some(Row::Answer(t)) => {
            let q = app.target_question(t);
            let parent = match t {
                Target::Field { section, question, entry, .. } => {
                    Some(format!("{}, entry {}", app.question(*section, *question).label, entry + 1))
                }
                _ => None,
            };
            lines.push(Line::styled(q.label.clone(), theme.title));
            if let Some(p) = parent {
                lines.push(Line::styled(p, theme.dim));
            }
            lines.push(Line::styled(kind_hint(q), theme.dim));
            lines.push(Line::from(""));
            // The answer and its options first, the help after: at 80x24 a long help text
            // must not push the choices out of sight.
            match &app.editor {
                Some(Editor::Line { input, error, .. }) => {
                    // The problem before the text, which may be long (a paste).
                    if let Some(e) = error {
                        lines.push(Line::styled(e.clone(), theme.error));
                    }
                    for (i, part) in input.value().split('\n').enumerate() {
                        let lead = if i == 0 { "> " } else { "  " };
                        lines.push(Line::from(vec![Span::styled(lead, theme.title), Span::raw(part.to_string())]));
                    }
                    if q.kind == QuestionKind::Paragraph {
                        lines.push(Line::styled("Alt-Enter or Ctrl-J: new line", theme.dim));
                    }
                }
                Some(Editor::OneOf { selected }) => {
                    for (i, o) in q.options.iter().enumerate() {
                        let style = if i == *selected { theme.selected } else { Style::default() };
                        lines.push(Line::styled(format!("  {}", o.label), style));
                    }
                }
                Some(Editor::ManyOf { selected, chosen }) => {
                    for (i, o) in q.options.iter().enumerate() {
                        let mark = if chosen.get(i).copied().unwrap_or(false) { "[x]" } else { "[ ]" };
                        let style = if i == *selected { theme.selected } else { Style::default() };
                        lines.push(Line::styled(format!("  {mark} {}", o.label), style));
                    }
                }
                None => {
                    let v = app.value(t);
                    let shown = match (q.kind, v) {
                        (QuestionKind::Text | QuestionKind::Paragraph, Some(v)) => projection::to_text(q, v),
                        _ => display_value(q, v),
                    };
                    lines.extend(shown.split('\n').map(|l| Line::from(l.to_string())));
                    if let Some(AnswerValue::Percent(p)) = v
                        && let Some((budget, pounds)) = pounds_of(app, q, *p)
                    {
                        lines.push(Line::from(format!("= {pounds} of the annual budget of {budget}")));
                    }
                    if q.kind == QuestionKind::OneOf {
                        lines.push(Line::styled("←→ to change", theme.dim));
                    }
                }
            }
            if let Target::Question { .. } = t {
                for p in app.problems.get(&q.id).into_iter().flatten() {
                    lines.push(Line::styled(p.clone(), theme.error));
                }
            }
            if !q.help.is_empty() {
                lines.push(Line::from(""));
                lines.extend(q.help.split('\n').map(|l| Line::from(l.to_string())));
            }
        }
        Some(Row::AddEntry { section, question }) => {
            let q = app.question(*section, *question);
            lines.push(Line::styled(q.label.clone(), theme.title));
            lines.push(Line::from(""));
            lines.push(Line::from("Enter or a adds an entry. On an entry: d removes it, Shift-↑↓ (or K/J) moves it."));
        }
        _ => {}
    }
    if let Some(rule_problems) = app.problems.get("") {
        lines.push(Line::from(""));
        for p in rule_problems {
            lines.push(Line::styled(p.clone(), theme.error));
        }
    }
    let mut scroll = app.detail_scroll;
    app.detail_max = draw_scrolled(frame, area, " Answer ", lines, &mut scroll, "]", theme);
    app.detail_scroll = scroll;
}

/// Draws `lines` word-wrapped in a bordered pane, from row `scroll` (clamped to the last
/// screenful); when rows are hidden above or below, the bottom border says so and names the key
/// that scrolls. Returns the furthest scroll.
fn draw_scrolled(
    frame: &mut Frame<'_>,
    area: Rect,
    title: &str,
    lines: Vec<Line<'_>>,
    scroll: &mut usize,
    more_key: &str,
    theme: &Theme,
) -> usize {
    let (width, height) = (area.width.saturating_sub(2) as usize, area.height.saturating_sub(2) as usize);
    let mut rows: Vec<Line<'static>> = Vec::new();
    for line in lines {
        let spans: Vec<Span<'_>> =
            line.spans.iter().map(|s| Span::styled(s.content.clone(), line.style.patch(s.style))).collect();
        rows.extend(super::wrap::wrap(&spans, width, 0));
    }
    let max = rows.len().saturating_sub(height);
    *scroll = (*scroll).min(max);
    let mut block = Block::bordered().title(title.to_string());
    let sign = match (*scroll > 0, *scroll < max) {
        (_, true) => Some(format!(" ↓ more: {more_key} ")),
        (true, false) => Some(" end ".to_string()),
        (false, false) => None,
    };
    if let Some(sign) = sign {
        block = block.title_bottom(Line::styled(sign, theme.warning).right_aligned());
    }
    if *scroll > 0 {
        block = block.title(Line::styled(" ↑ ", theme.warning).right_aligned());
    }
    let visible: Vec<Line<'static>> = rows.into_iter().skip(*scroll).take(height).collect();
    frame.render_widget(Paragraph::new(visible).block(block), area);
    max
}

fn kind_hint(q: &Question) -> String {
    let range = match (q.min, q.max) {
        (Some(a), Some(b)) => format!(", {a} to {b}"),
        (Some(a), None) => format!(", at least {a}"),
        (None, Some(b)) => format!(", at most {b}"),
        _ => String::new(),
    };
    let base = match q.kind {
        QuestionKind::Text => "text".to_string(),
        QuestionKind::Paragraph => "a paragraph".to_string(),
        QuestionKind::Date => "a date, e.g. 31/03/2027 or 31 March 2027".to_string(),
        QuestionKind::Money => format!("pounds, e.g. 412500000 or £412.5m{range}"),
        QuestionKind::Percentage => format!("a percentage{range}"),
        QuestionKind::Number => format!("a whole number{range}"),
        QuestionKind::YesNo => "yes or no: Enter switches".to_string(),
        QuestionKind::OneOf => "one of a list: Enter opens it, ←→ change".to_string(),
        QuestionKind::ManyOf => "any of a list: Enter opens it, Space ticks".to_string(),
        QuestionKind::Records => "a list of entries".to_string(),
    };
    if q.required { format!("{base} · required") } else { base }
}

fn draw_clauses(frame: &mut Frame<'_>, area: Rect, app: &mut App<'_>, theme: &Theme) {
    let [list_area, detail_area] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let inner_w = list_area.width.saturating_sub(2) as usize;
    let height = list_area.height.saturating_sub(2) as usize;
    let outline = app.shown_outline();
    let top = scroll_top(app.clause_row, height, outline.len());
    let mut lines = Vec::new();
    for (i, row) in outline.iter().enumerate().skip(top).take(height) {
        let number = row.number.clone().unwrap_or_else(|| "–".to_string());
        let mut choice = match row.state {
            ClauseState::SwitchedOff => "(off)".to_string(),
            ClauseState::NotApplicable => "(n/a)".to_string(),
            ClauseState::Included if row.optional => "(optional)".to_string(),
            ClauseState::Included => String::new(),
        };
        if let Some(sel) = &row.selected
            && let Some((_, label)) = row.alternatives.iter().find(|(id, _)| id == sel)
        {
            // The alternative, not the title, stays readable: "Escalation only" and
            // "Escalation, then mediation" must look different.
            choice = format!("{choice} ‹{label}›").trim_start().to_string();
        }
        let text = if choice.is_empty() {
            format!("{number:>6} {}", row.title)
        } else {
            label_and_value(&format!("{number:>6} {}", row.title), &choice, inner_w + 1).replacen(": ", " ", 1)
        };
        let style = if i == app.clause_row {
            theme.selected
        } else if row.state != ClauseState::Included {
            theme.dim
        } else {
            Style::default()
        };
        lines.push(Line::styled(truncate(&text, inner_w), style));
    }
    if lines.is_empty()
        && let Some(e) = &app.preview.error
    {
        lines.push(Line::styled("This document cannot be assembled with these answers:", theme.error));
        lines.push(Line::from(e.clone()));
    }
    let lines = Paragraph::new(lines).wrap(Wrap { trim: false });
    frame.render_widget(lines.block(Block::bordered().title(" Outline ")), list_area);

    let mut detail: Vec<Line> = Vec::new();
    if let Some(row) = app.shown_outline().get(app.clause_row)
        && let Some(clause) = app.library.clause(&row.id)
    {
        let f = &clause.front;
        detail.push(Line::styled(f.title.clone(), theme.title));
        if let Some(part) = &row.part {
            detail.push(Line::styled(part.clone(), theme.dim));
        }
        let state = match row.state {
            ClauseState::Included => "In the draft",
            ClauseState::SwitchedOff => "Switched off: Space puts it back",
            ClauseState::NotApplicable => "Not applicable to these answers",
        };
        detail.push(Line::styled(state, theme.dim));
        if !row.alternatives.is_empty() {
            detail.push(Line::from(""));
            // One answers file holds one choice per clause: every record's document takes it.
            let heading = match app.pack.get(app.doc) {
                Some(PackEntry { companion: Some(id), record: Some(_), .. }) => {
                    let title = app.library.companion(id).map_or(id.as_str(), |c| c.title.as_str());
                    format!("Alternatives (←→), for every {title}:")
                }
                _ => "Alternatives (←→):".to_string(),
            };
            detail.push(Line::styled(heading, theme.title));
            for a in &f.alternatives {
                let mark = if row.selected.as_deref() == Some(a.id.as_str()) { "●" } else { "○" };
                detail.push(Line::from(format!("{mark} {}", a.label)));
                if let Some(n) = &a.note {
                    detail.push(Line::styled(format!("  {n}"), theme.dim));
                }
            }
        }
        if let Some(note) = &f.note {
            detail.push(Line::from(""));
            detail.push(Line::styled("Drafting note", theme.title));
            detail.push(Line::from(note.clone()));
        }
        if let Some(p) = &f.provenance {
            detail.push(Line::from(""));
            detail.push(Line::styled(
                format!("Source: {} (v{}, reviewed {})", p.source, p.version, p.reviewed),
                theme.dim,
            ));
        }
        detail.push(Line::styled(clause.path.clone(), theme.dim));
    }
    let mut scroll = app.detail_scroll;
    app.detail_max = draw_scrolled(frame, detail_area, " Clause ", detail, &mut scroll, "PgDn", theme);
    app.detail_scroll = scroll;
}

fn draw_preview(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, theme: &Theme) {
    let title = match &app.preview.search {
        Some(input) => format!(" Search: {}▏", input.value()),
        None if !app.preview.query.is_empty() => format!(" Preview · \"{}\" (n next) ", app.preview.query),
        None if app.preview.markdown => " Preview · Markdown source (m: as it reads) ".to_string(),
        None => " Preview (m: Markdown source) ".to_string(),
    };
    let block = Block::bordered().title(title);
    if let Some(e) = &app.preview.error {
        let text = Text::from(vec![
            Line::styled("The draft cannot be assembled with these answers:", theme.error),
            Line::from(""),
            Line::from(e.clone()),
        ]);
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }).block(block), area);
        return;
    }
    let query = super::search::fold(&app.preview.query);
    // Wrapped here rather than by the widget, so numbered paragraphs keep a hanging indent.
    let (width, height) = (area.width.saturating_sub(2) as usize, area.height.saturating_sub(2) as usize);
    let mut rows: Vec<Line> = Vec::new();
    let mut skip = app.preview.scroll_row;
    for line in app.preview.lines.iter().skip(app.preview.scroll) {
        if rows.len() >= height {
            break;
        }
        let wrapped = super::wrap::wrap(&highlight(line, &query, theme).spans, width, line.hang);
        rows.extend(wrapped.into_iter().skip(std::mem::take(&mut skip)));
    }
    rows.truncate(height);
    // Where the reader is, and whether there is more below.
    let total = app.preview.lines.len().max(1);
    let at_end = app.preview.scroll + 1 >= total && rows.len() < height
        || super::paging::last_screen(&app.preview.lines, width, height)
            <= (app.preview.scroll, app.preview.scroll_row);
    let sign =
        if at_end { " end ".to_string() } else { format!(" {}% · ↓ PgDn more ", app.preview.scroll * 100 / total) };
    let block = block.title_bottom(Line::styled(sign, theme.dim).right_aligned());
    frame.render_widget(Paragraph::new(rows).block(block), area);
}

/// A preview line in its looks, with search hits marked.
fn highlight(line: &ReadingLine, query: &str, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (look, text) in &line.pieces {
        let base = match look {
            Look::Body => Style::default(),
            Look::Title | Look::Heading => theme.title,
            Look::Strong => Style::new().add_modifier(Modifier::BOLD),
            Look::Emphasis => Style::new().add_modifier(Modifier::ITALIC),
            Look::Placeholder => theme.placeholder,
        };
        marked(text, base, query, theme, &mut spans);
    }
    Line::from(spans)
}

/// `text` in `base`, with each case-insensitive occurrence of `query` (already folded) in the
/// hit style.
fn marked(text: &str, base: Style, query: &str, theme: &Theme, spans: &mut Vec<Span<'static>>) {
    let mut at = 0;
    for hit in super::search::hits(text, query) {
        spans.push(Span::styled(text[at..hit.start].to_string(), base));
        spans.push(Span::styled(text[hit.clone()].to_string(), theme.hit));
        at = hit.end;
    }
    spans.push(Span::styled(text[at..].to_string(), base));
}

fn draw_dialog(frame: &mut Frame<'_>, area: Rect, title: &str, lines: Vec<Line<'_>>, theme: &Theme) {
    // As wide as the longest line, at least 30 columns, yet never wider than the screen (on a
    // narrow terminal the floor gives way: a clamp with min > max would panic).
    let room = area.width.saturating_sub(4).max(1) as usize;
    let width = lines.iter().map(|l| l.width()).max().unwrap_or(20).max(30).min(room) as u16 + 4;
    let width = width.min(area.width);
    // Rows after wrapping (a word-wrapped line may take one more row than a hard cut).
    let inner = width.saturating_sub(2).max(1) as usize;
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner) + usize::from(l.width() > inner)).sum();
    let height = (rows as u16 + 2).min(area.height);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(title).border_style(theme.title)),
        rect,
    );
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    Rect {
        x: area.x + area.width.saturating_sub(width) / 2,
        y: area.y + area.height.saturating_sub(height) / 2,
        width,
        height,
    }
}

fn draw_help(frame: &mut Frame<'_>, area: Rect, app: &mut App<'_>, theme: &Theme) {
    let key = |k: &str, what: &str| {
        Line::from(vec![Span::styled(format!("{k:<16}"), theme.title), Span::raw(what.to_string())])
    };
    let mut lines = vec![
        Line::styled("Keys", theme.title),
        key("Tab / 1 2 3 4", "questions, clauses, preview, review"),
        key("↑ ↓  PgUp PgDn", "move"),
        key("] [", "page the answer's help (Questions tab)"),
        key("Mouse wheel", "scroll (Shift-drag to select text)"),
        key("Enter", "edit the answer; pick; confirm"),
        key("← →", "change a choice or a clause's alternative"),
        key("Space", "tick an option; switch an optional clause on or off"),
        key("a / d", "add / delete an entry (parties, GP practices)"),
        key("Shift-↑ ↓, K J", "move an entry up or down"),
        key("Esc", "undo the edit; close a search or dialog"),
        key("< >", "the pack's other documents (Clauses and Preview tabs)"),
        key("/  n  N", "search the preview; next; previous"),
        key("m", "preview as it reads, or as Markdown source"),
        key("p", "the placeholders left: where, who fills them; jump"),
        key("Ctrl-S", "save the answers file"),
        key("Ctrl-E", "export the draft: DOCX and Markdown"),
        key("q", "quit (asks when unsaved: s saves, D discards)"),
    ];
    if app.screen == Screen::Start {
        lines.push(key("o", "open an answers file"));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled("Words you will meet", theme.title));
    for (word, meaning) in GLOSSARY {
        lines.push(Line::from(vec![Span::styled(format!("{word}: "), theme.title), Span::raw(meaning)]));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled("Which document fits", theme.title));
    for v in &app.library.variants {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", v.short_title), theme.title),
            Span::raw(v.guidance.clone()),
        ]));
    }
    lines.push(Line::from(WHO_GOES_WHERE));
    let rect = Rect {
        x: area.x + area.width.min(2),
        y: area.y + area.height.min(1),
        width: area.width.saturating_sub(4),
        height: area.height.saturating_sub(2),
    };
    frame.render_widget(Clear, rect);
    let mut scroll = app.help_scroll;
    draw_scrolled(frame, rect, " Help · ↑↓ PgDn scroll · Esc closes ", lines, &mut scroll, "PgDn", theme);
    app.help_scroll = scroll;
}

/// The words a commissioner meets in the screens and the drafts, in plain English.
const GLOSSARY: [(&str, &str); 6] = [
    (
        "Placeholder",
        "a blank in the draft in square brackets, e.g. [Name of System]. A question fills it in, or the drafter completes it in Word; p lists them all.",
    ),
    (
        "Base path",
        "where the export writes: BASE.docx and BASE.md. It starts as the answers file's path without .toml.",
    ),
    (
        "PSR",
        "the Provider Selection Regime: the Health Care Services (Provider Selection Regime) Regulations 2023, the rules NHS commissioners follow to choose providers of healthcare services (the \"current\" framework; the 2018 framework speaks of the Public Contracts Regulations 2015 instead).",
    ),
    (
        "Section 75",
        "section 75 of the National Health Service Act 2006: NHS bodies and local authorities may pool money in a fund and delegate functions to each other, e.g. for adult social care.",
    ),
    ("ODS code", "an organisation's code in the NHS Organisation Data Service, e.g. a GP practice's B82005."),
    (
        "Break point",
        "a date in an ACO contract's term at which it may be ended early, by either side or by the commissioners alone, as the term clause's alternative says.",
    ),
];

/// Where a local authority and several providers belong, across the four documents.
const WHO_GOES_WHERE: &str = "A local authority can be a partner in a memorandum, a commissioner in an alliance, and a co-commissioner of an ACO contract (pooling money under section 75). Several providers each keeping their own contract: an alliance agreement. One provider holding a whole population budget: an ACO contract (partially integrated if GP practices keep their own contracts, fully integrated if they do not).";

/// The placeholders list: each with where it first appears and who fills it in.
fn draw_placeholders(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, selected: usize, theme: &Theme) {
    let spots = super::review::spots(app);
    let rect = Rect {
        x: area.x + area.width.min(2),
        y: area.y + area.height.min(1),
        width: area.width.saturating_sub(4),
        // As tall as the list, up to the screen.
        height: area.height.saturating_sub(2).min(spots.len().saturating_mul(2).saturating_add(2) as u16).max(4),
    };
    let inner = rect.height.saturating_sub(2) as usize / 2;
    let top = scroll_top(selected, inner.max(1), spots.len());
    let mut lines: Vec<Line> = Vec::new();
    for (i, s) in spots.iter().enumerate().skip(top).take(inner.max(1)) {
        let style = if i == selected { theme.selected } else { Style::default() };
        let more = if s.places > 1 { format!(" (and {} more)", s.places - 1) } else { String::new() };
        lines.push(Line::from(vec![
            Span::styled(s.text.clone(), if i == selected { style } else { theme.placeholder }),
            Span::styled(format!("  {}{more}", where_in_pack(app, s)), style),
        ]));
        let who = if s.row.is_some() { format!("   filled by: {}", s.who) } else { format!("   {}", s.who) };
        lines.push(Line::styled(who, theme.dim));
    }
    let more =
        if spots.len() > inner.max(1) { format!(" · {} of {}", selected + 1, spots.len()) } else { String::new() };
    let block = Block::bordered()
        .title(format!(" {} placeholders left{}{more} ", spots.len(), in_documents(app)))
        .title_bottom(Line::styled(" ↑↓ PgDn choose · Enter the question · v in the preview · Esc close ", theme.dim))
        .border_style(theme.title);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// " in 3 documents" for a pack: the list covers them all, the tab bar's count the main one.
fn in_documents(app: &App<'_>) -> String {
    if app.pack.len() > 1 { format!(" in {} documents", app.pack.len()) } else { String::new() }
}

/// Where a placeholder is: "clause 3.2", or in a pack "clause 3.2 · Integration Agreement —
/// Dudley Practice", so each entry names its document (the place first: a long name is what
/// a narrow screen cuts).
fn where_in_pack(app: &App<'_>, spot: &super::review::Spot) -> String {
    if app.pack.len() > 1 { format!("{} · {}", spot.at, spot.document) } else { spot.at.clone() }
}

/// The review before export: answers, clause choices, problems and placeholders on one page.
fn draw_review(frame: &mut Frame<'_>, area: Rect, app: &mut App<'_>, theme: &Theme) {
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::styled("Answers", theme.title));
    for row in &app.rows {
        match row {
            Row::Section { section, answered, asked } => {
                lines.push(Line::from(""));
                lines.push(Line::styled(
                    format!("{}  {answered}/{asked}", app.library.sections[*section].title),
                    theme.title,
                ));
            }
            Row::Answer(t) => {
                let q = app.target_question(t);
                let label = match t {
                    Target::Field { entry, field: 0, .. } => format!("  {}. {}", entry + 1, q.label),
                    Target::Field { .. } => format!("     {}", q.label),
                    Target::Question { .. } => format!("  {}", q.label),
                };
                let value = display_value(q, app.value(t));
                let style = if value == "—" { theme.placeholder } else { Style::default() };
                lines.push(Line::from(vec![Span::raw(format!("{label}: ")), Span::styled(value, style)]));
            }
            Row::AddEntry { .. } => {}
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::styled("Clause choices", theme.title));
    for row in &app.outline {
        let number = row.number.clone().unwrap_or_else(|| "–".to_string());
        let choice = match row.state {
            ClauseState::SwitchedOff => Some("switched off".to_string()),
            ClauseState::NotApplicable => None,
            ClauseState::Included => row
                .selected
                .as_ref()
                .and_then(|sel| row.alternatives.iter().find(|(id, _)| id == sel))
                .map(|(_, label)| label.clone())
                .or_else(|| row.optional.then(|| "included (optional)".to_string())),
        };
        if let Some(choice) = choice {
            lines.push(Line::from(format!("  {number} {}: {choice}", row.title)));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::styled("Consistency problems", theme.title));
    let documents = super::review::document_problems(app);
    let problems: Vec<&String> = app.problems.values().flatten().chain(&documents).collect();
    if problems.is_empty() {
        lines.push(Line::styled("  None: the answers agree with each other.", theme.ok));
    }
    for p in problems {
        lines.push(Line::styled(format!("  {p}"), theme.error));
    }
    lines.push(Line::from(""));
    let spots = super::review::spots(app);
    lines.push(Line::styled(
        format!("Placeholders left{}: {} (p lists them and jumps to each)", in_documents(app), spots.len()),
        theme.title,
    ));
    for s in &spots {
        lines.push(Line::from(vec![
            Span::styled(format!("  {}", s.text), theme.placeholder),
            Span::raw(format!("  {} · {}", where_in_pack(app, s), s.who)),
        ]));
    }
    lines.push(Line::from(""));
    let saved = if app.modified() { "not saved (Ctrl-S saves)" } else { "saved" };
    lines.push(Line::styled(format!("The answers file is {saved}. Enter exports the draft."), theme.dim));
    let mut scroll = app.detail_scroll;
    app.detail_max = draw_scrolled(frame, area, " Review before export ", lines, &mut scroll, "PgDn", theme);
    app.detail_scroll = scroll;
}
