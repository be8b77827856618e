//! Errors that point at a place in a file: `path:line:col: error: message`, the form
//! compilers and ripgrep use, so editors can jump to it.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// What a diagnostic is about, as the library names it: tools group, suppress and key
/// problems by this, never by reading the message.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Subject {
    /// A clause or schedule, by id.
    Clause { id: String },
    /// One alternative of a clause.
    Alternative { clause: String, id: String },
    /// A question, by id (a records question for a problem with one of its fields).
    Question { id: String },
    /// A variant, by id.
    Variant { id: String },
    /// Several variants at once (those a `variant.id` chain has no case for).
    Variants { ids: Vec<String> },
    /// A defined term.
    Term { term: String },
    /// The file as a whole (it does not parse, is not text, or cannot be written).
    File,
}

impl Subject {
    pub fn clause(id: impl Into<String>) -> Self {
        Subject::Clause { id: id.into() }
    }
    pub fn question(id: impl Into<String>) -> Self {
        Subject::Question { id: id.into() }
    }
    pub fn variant(id: impl Into<String>) -> Self {
        Subject::Variant { id: id.into() }
    }
    pub fn alternative(clause: impl Into<String>, id: impl Into<String>) -> Self {
        Subject::Alternative { clause: clause.into(), id: id.into() }
    }
}

/// One problem in one file. `line` and `col` are 1-based; 0 means "the whole file". The
/// message says what is wrong; `hints` say what to do about it (printed under it as
/// `  = help: ...`), and `subject` says what it is about, so nothing reads the message back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub col: usize,
    /// Line and column just past the end of what is wrong, where the parser knows it.
    pub end: Option<(usize, usize)>,
    /// The byte range in the file, where the parser knows it.
    pub bytes: Option<std::ops::Range<usize>>,
    pub severity: Severity,
    pub message: String,
    /// A stable name for the kind of problem (`duplicate-clause-id`, `unknown-variable`), for
    /// tools that read diagnostics; None where no kind has been named yet.
    pub code: Option<&'static str>,
    pub hints: Vec<String>,
    pub subject: Option<Subject>,
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            col,
            end: None,
            bytes: None,
            severity: Severity::Error,
            message: message.into(),
            code: None,
            hints: Vec::new(),
            subject: None,
        }
    }

    /// The same diagnostic with a stable code naming its kind.
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// The same diagnostic with one more `help:` line.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// The same diagnostic with a hint, if there is one (a did-you-mean that found nothing
    /// close adds nothing).
    pub fn with_hint_opt(self, hint: Option<String>) -> Self {
        match hint {
            Some(h) => self.with_hint(h),
            None => self,
        }
    }

    /// The same diagnostic, about `subject`.
    pub fn about(mut self, subject: Subject) -> Self {
        self.subject = Some(subject);
        self
    }

    /// The same diagnostic, spanning `bytes` of `source` (the file's text): its start is moved
    /// there and its end is known.
    pub fn spanning(mut self, source: &str, bytes: std::ops::Range<usize>) -> Self {
        (self.line, self.col) = line_col(source, bytes.start);
        self.end = Some(line_col(source, bytes.end.max(bytes.start)));
        self.bytes = Some(bytes);
        self
    }

    pub fn warning(path: impl Into<String>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, line, col, message) }
    }

    /// An error located by a byte offset into `source`.
    pub fn at_offset(path: &str, source: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, col) = line_col(source, offset);
        Diagnostic { bytes: Some(offset..offset), ..Diagnostic::error(path, line, col, message) }
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
            (0, _) => write!(f, "{path}: {label}: {message}")?,
            (l, 0) => write!(f, "{path}:{l}: {label}: {message}")?,
            (l, c) => write!(f, "{path}:{l}:{c}: {label}: {message}")?,
        }
        // What to do about it, under the message, as rustc and typst print it.
        for hint in &self.hints {
            write!(f, "\n  = help: {}", quoted(hint))?;
        }
        Ok(())
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
    fn hints_follow_the_message_as_help_lines() {
        let d = Diagnostic::error("clauses/a.md", 3, 7, "unknown filter `gpb`")
            .with_hint("did you mean `gbp`?")
            .with_hint_opt(None)
            .with_hint("filters are listed in docs/library-reference.md");
        assert_eq!(
            d.to_string(),
            "clauses/a.md:3:7: error: unknown filter `gpb`\n  = help: did you mean `gbp`?\n  = help: filters are \
             listed in docs/library-reference.md"
        );
    }

    #[test]
    fn a_span_gives_the_start_and_the_end() {
        let src = "a = 1\nbé = \"x\"\n";
        let d = Diagnostic::error("x.toml", 0, 0, "m").spanning(src, 6..10);
        assert_eq!((d.line, d.col, d.end, d.bytes), (2, 1, Some((2, 4)), Some(6..10)));
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
