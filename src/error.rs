//! Errors that point at a place in a file: `path:line:col: error: message`, the form
//! compilers and ripgrep use, so editors can jump to it.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file. `line` and `col` are 1-based; 0 means "the whole file".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub message: String,
    /// A stable name for the kind of problem (`duplicate-clause-id`, `unknown-variable`), for
    /// tools that read diagnostics; None where no kind has been named yet.
    pub code: Option<&'static str>,
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic { path: path.into(), line, col, severity: Severity::Error, message: message.into(), code: None }
    }

    /// The same diagnostic with a stable code naming its kind.
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn warning(path: impl Into<String>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, line, col, message) }
    }

    /// An error located by a byte offset into `source`.
    pub fn at_offset(path: &str, source: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, col) = line_col(source, offset);
        Diagnostic::error(path, line, col, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Paths and messages echo what users and libraries wrote: never let that drive the
        // terminal.
        let (path, message) = (printable(&self.path), printable(&self.message));
        match (self.line, self.col) {
            (0, _) => write!(f, "{path}: {label}: {message}"),
            (l, 0) => write!(f, "{path}:{l}: {label}: {message}"),
            (l, c) => write!(f, "{path}:{l}:{c}: {label}: {message}"),
        }
    }
}

/// `text` made safe to print on a terminal: control characters other than newline and tab
/// (an escape sequence can retitle the window, clear the screen or hide text), and the
/// bidirectional controls that reorder what is shown, are written as `\u{1b}` escapes.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Text from a file, to quote inside a one-line message: like [`printable`], and line
/// breaks too, so a key holding a newline cannot start a line that looks like another error.
pub fn quoted(text: &str) -> String {
    text.replace('\n', "\\n").replace('\r', "\\r").chars().fold(String::new(), |mut out, c| {
        if needs_escape(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
        out
    })
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// The invisible characters that change the order in which text is displayed (the
/// "Trojan Source" characters): embeddings, overrides, isolates and the marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// The library's error type. Every variant names the file it is about.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems found in the inputs (clause files, templates, answers).
    #[error("{}", render_list(.0))]
    Invalid(Vec<Diagnostic>),
    /// Not a `#[source]`: the message already says what went wrong, and a source would make
    /// `anyhow` print the OS error a second time.
    #[error("{path}: {}", describe_io(.error))]
    Io { path: String, error: std::io::Error },
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn one(d: Diagnostic) -> Self {
        Error::Invalid(vec![d])
    }

    pub fn io(path: impl Into<String>, error: std::io::Error) -> Self {
        Error::Io { path: path.into(), error }
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Invalid(d) => d,
            _ => &[],
        }
    }
}

/// An I/O error in words a user reads, without the OS's error number or the temporary paths
/// some crates append ("... at path /x/.tmp123").
pub fn describe_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or folder".into(),
        PermissionDenied => "permission denied".into(),
        AlreadyExists => "already exists".into(),
        IsADirectory => "is a folder, not a file".into(),
        NotADirectory => "a part of this path is a file, not a folder".into(),
        StorageFull => "the disk is full".into(),
        ReadOnlyFilesystem => "the file system is read-only".into(),
        InvalidData => "not valid UTF-8 text".into(),
        _ => {
            let text = e.to_string();
            let text = text.split(" at path ").next().unwrap_or(&text);
            text.split(" (os error").next().unwrap_or(text).to_string()
        }
    }
}

fn render_list(d: &[Diagnostic]) -> String {
    d.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_in_characters() {
        let src = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_col(src, 0), (1, 1));
        let off = src.find('=').map(|_| src.rfind('=').unwrap_or(0)).unwrap_or(0);
        assert_eq!(line_col(src, off), (2, 4));
    }

    #[test]
    fn display_follows_compiler_convention() {
        let d = Diagnostic::error("clauses/a.md", 3, 7, "unknown key `foo`");
        assert_eq!(d.to_string(), "clauses/a.md:3:7: error: unknown key `foo`");
        let w = Diagnostic::warning("x.toml", 0, 0, "unused");
        assert_eq!(w.to_string(), "x.toml: warning: unused");
    }

    #[test]
    fn terminal_controls_in_a_message_are_shown_escaped() {
        let d = Diagnostic::error("a\u{1b}]0;x\u{7}.toml", 1, 2, "unknown key `\u{1b}[2J\u{202E}`\nnext line\tok");
        assert_eq!(
            d.to_string(),
            "a\\u{1b}]0;x\\u{7}.toml:1:2: error: unknown key `\\u{1b}[2J\\u{202e}`\nnext line\tok"
        );
        assert!(matches!(printable("plain £ text"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(quoted("a\nb.toml:1:1: error: fake\r\u{1b}"), "a\\nb.toml:1:1: error: fake\\r\\u{1b}");
    }

    #[test]
    fn io_errors_are_said_once_in_words() {
        let missing = std::fs::read_to_string("/no/such/caredraft/file.toml").unwrap_err();
        let e = Error::io("file.toml", missing);
        assert_eq!(e.to_string(), "file.toml: no such file or folder");
        assert!(std::error::Error::source(&e).is_none(), "a source would be printed twice");
        let other = std::io::Error::other("disk on fire at path /tmp/.caredraft-x1");
        assert_eq!(describe_io(&other), "disk on fire");
    }
}
