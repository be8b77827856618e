//! Colours, or none when NO_COLOR is set (<https://no-color.org>): then only bold, reverse and
//! underline carry meaning.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone)]
pub struct Theme {
    pub header: Style,
    pub title: Style,
    pub selected: Style,
    pub tab_active: Style,
    pub dim: Style,
    pub error: Style,
    pub warning: Style,
    pub ok: Style,
    pub hit: Style,
    /// Unanswered questions in the preview.
    pub placeholder: Style,
}

impl Theme {
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if no_color { Theme::plain() } else { Theme::colour() }
    }

    pub fn colour() -> Self {
        Theme {
            header: Style::new().fg(Color::White).bg(Color::Blue).add_modifier(Modifier::BOLD),
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            tab_active: Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            warning: Style::new().fg(Color::Yellow),
            ok: Style::new().fg(Color::Green),
            hit: Style::new().fg(Color::Black).bg(Color::Yellow),
            placeholder: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
        }
    }

    pub fn plain() -> Self {
        Theme {
            header: Style::new().add_modifier(Modifier::BOLD),
            title: Style::new().add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            tab_active: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            dim: Style::new(),
            error: Style::new().add_modifier(Modifier::BOLD),
            warning: Style::new().add_modifier(Modifier::BOLD),
            ok: Style::new(),
            hit: Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            placeholder: Style::new().add_modifier(Modifier::BOLD),
        }
    }
}
