//! Every piece of Tera in a library, with where it stands: clause bodies, definitions,
//! conditions, partials, question conditions and rules. The checks walk this one list.

use crate::engine::scan::{self, Tag, Token};
use crate::engine::when_name;
use crate::error::{Diagnostic, line_col};
use crate::library::{ClauseFile, Library};

/// How to place an offset of a source's text in its file.
pub(crate) enum At<'a> {
    /// The text stands at `offset` of `file` (a clause body, a partial).
    Text { file: &'a str, offset: usize },
    /// The text is the TOML string value at this key path (a condition, a definition).
    Value(String),
}

pub(crate) struct Source<'a> {
    /// The library file.
    pub path: &'a str,
    /// The clause it belongs to, if any: `option` means that clause's alternative.
    pub clause: Option<&'a ClauseFile>,
    pub text: &'a str,
    /// A bare condition (`when`, `check`) rather than a template.
    pub expression: bool,
    /// A clause's own `when`: decided before `included` is known.
    pub clause_condition: bool,
    pub at: At<'a>,
    /// The name the engine compiles it under.
    pub tera_name: String,
    /// The variants whose drafts it is part of.
    pub variants: Vec<String>,
    /// Its tags (for an expression, one tag holding the whole condition), read once.
    pub tags: Vec<Tag<'a>>,
}

impl<'a> Source<'a> {
    /// The tokens of each tag (of the whole condition, for an expression).
    pub fn token_lists(&self) -> impl Iterator<Item = &[Token<'a>]> {
        self.tags.iter().map(|t| t.tokens.as_slice())
    }

    /// Line and column of a token of this source in its file.
    pub fn place(&self, library: &Library, token: &Token<'_>) -> (usize, usize) {
        match &self.at {
            At::Text { file, offset } => line_col(file, offset + token.at),
            At::Value(key) => library.spans.get(self.path).map_or((1, 1), |s| s.inside(key, token.at, token.text)),
        }
    }

    /// The byte range in its file of `len` bytes from `at` bytes into the source's text.
    pub fn file_range(&self, library: &Library, at: usize, len: usize) -> Option<std::ops::Range<usize>> {
        match &self.at {
            At::Text { offset, .. } => Some(offset + at..offset + at + len),
            At::Value(key) => {
                let spans = library.spans.get(self.path)?;
                let piece = self.text.get(at..at + len).unwrap_or("");
                let start = spans.offset_inside(key, at, piece)?;
                let end = spans.offset_inside(key, at + len, "")?;
                Some(start..end.max(start))
            }
        }
    }

    /// `d` placed at `len` bytes from `at` bytes into the source's text: its path, start, end.
    pub fn diagnostic_at(&self, library: &Library, at: usize, len: usize, d: Diagnostic) -> Diagnostic {
        let d = Diagnostic { path: self.path.to_string(), ..d };
        let file = match &self.at {
            At::Text { file, .. } => Some(*file),
            At::Value(_) => library.spans.get(self.path).map(|s| s.text()),
        };
        match (file, self.file_range(library, at, len)) {
            (Some(file), Some(range)) => d.spanning(file, range),
            _ => {
                let (line, col) = self.start(library);
                Diagnostic { line, col, ..d }
            }
        }
    }

    /// `d` placed at a token of this source.
    pub fn at_token(&self, library: &Library, token: &Token<'_>, d: Diagnostic) -> Diagnostic {
        self.diagnostic_at(library, token.at, token.text.len(), d)
    }

    /// Line and column of the source's start.
    pub fn start(&self, library: &Library) -> (usize, usize) {
        match &self.at {
            At::Text { file, offset } => line_col(file, *offset),
            At::Value(key) => library.locate(self.path, key),
        }
    }
}

/// Every source of the library, in file order.
pub(crate) fn sources(library: &Library) -> Vec<Source<'_>> {
    let mut out = Vec::new();
    for c in &library.clauses {
        let path = c.path.as_str();
        let variants = c.front.variants.clone();
        out.push(Source {
            path,
            clause: Some(c),
            text: &c.body,
            expression: false,
            clause_condition: false,
            at: At::Text { file: &c.source, offset: c.body_offset },
            tera_name: c.path.clone(),
            variants: variants.clone(),
            tags: Vec::new(),
        });
        if let Some(w) = &c.front.when {
            out.push(Source {
                path,
                clause: Some(c),
                text: w,
                expression: true,
                clause_condition: true,
                at: At::Value("when".into()),
                tera_name: when_name(path, "when"),
                variants: variants.clone(),
                tags: Vec::new(),
            });
        }
        for (i, d) in c.front.defines.iter().enumerate() {
            out.push(Source {
                path,
                clause: Some(c),
                text: &d.meaning,
                expression: false,
                clause_condition: false,
                at: At::Value(format!("defines.{i}.meaning")),
                tera_name: format!("{path}#term{i}.md"),
                variants: variants.clone(),
                tags: Vec::new(),
            });
            if let Some(w) = &d.when {
                out.push(Source {
                    path,
                    clause: Some(c),
                    text: w,
                    expression: true,
                    clause_condition: false,
                    at: At::Value(format!("defines.{i}.when")),
                    tera_name: when_name(path, &format!("term{i}.when")),
                    variants: variants.clone(),
                    tags: Vec::new(),
                });
            }
        }
    }
    for p in &library.partials {
        let rel = p.path.trim_start_matches("templates/");
        let users: Vec<String> = library
            .variants
            .iter()
            .chain(&library.companions)
            .filter(|v| v.background.iter().chain(v.execution.iter()).any(|x| x == rel || *x == p.path))
            .map(|v| v.id.clone())
            .collect();
        let Some(file) = library.files.get(&p.path) else { continue };
        out.push(Source {
            path: &p.path,
            clause: None,
            text: &p.body,
            expression: false,
            clause_condition: false,
            at: At::Text { file, offset: 0 },
            tera_name: p.path.clone(),
            variants: users,
            tags: Vec::new(),
        });
    }
    for s in &library.sections {
        for (i, q) in s.questions.iter().enumerate() {
            let Some(w) = &q.when else { continue };
            let variants = q.variants.clone();
            out.push(Source {
                path: &s.path,
                clause: None,
                text: w,
                expression: true,
                clause_condition: false,
                at: At::Value(format!("questions.{i}.when")),
                tera_name: when_name(&s.path, &format!("{}.when", q.id)),
                variants,
                tags: Vec::new(),
            });
        }
        for (i, r) in s.rules.iter().enumerate() {
            let variants = r.variants.clone();
            out.push(Source {
                path: &s.path,
                clause: None,
                text: &r.check,
                expression: true,
                clause_condition: false,
                at: At::Value(format!("rules.{i}.check")),
                tera_name: when_name(&s.path, &format!("rule{i}")),
                variants: variants.clone(),
                tags: Vec::new(),
            });
            if let Some(w) = &r.when {
                out.push(Source {
                    path: &s.path,
                    clause: None,
                    text: w,
                    expression: true,
                    clause_condition: false,
                    at: At::Value(format!("rules.{i}.when")),
                    tera_name: when_name(&s.path, &format!("rule{i}.when")),
                    variants,
                    tags: Vec::new(),
                });
            }
        }
    }
    for src in &mut out {
        src.tags = if src.expression {
            vec![Tag { statement: false, at: 0, tokens: scan::expression(src.text) }]
        } else {
            scan::tags(src.text)
        };
    }
    out
}
