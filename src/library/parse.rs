//! Turns a library's files into a [`Library`]: pure, no IO. Every problem becomes a
//! [`Diagnostic`] naming the file and line; parsing goes on so one run shows them all.

use serde::de::DeserializeOwned;

use super::files::LibraryFiles;
use super::model::*;
use super::spans::Spans;
use crate::error::{Diagnostic, Error, Result};

pub fn parse_library(files: &LibraryFiles) -> Result<Library> {
    let (library, diags) = parse_library_lenient(files);
    if diags.iter().any(|d| d.severity == crate::error::Severity::Error) {
        return Err(Error::Invalid(diags));
    }
    Ok(library)
}

/// Parses what it can: the files that are well formed make up the library, and the
/// problems of the others come back beside it, so `lint` can still check the rest.
pub fn parse_library_lenient(files: &LibraryFiles) -> (Library, Vec<Diagnostic>) {
    let mut diags = files.unreadable.clone();
    let mut meta = None;
    let mut variants = Vec::new();
    let mut companions = Vec::new();
    let mut sections = Vec::new();
    let mut clauses = Vec::new();
    let mut partials = Vec::new();
    let mut spans = std::collections::BTreeMap::new();

    for (path, text) in &files.files {
        if path.ends_with(".toml") {
            spans.insert(path.clone(), Spans::of(text, text, 0));
        }
        if path == "templates/library.toml" {
            meta = parse_toml::<LibraryMeta>(path, text, 1, &mut diags);
        } else if path.starts_with("templates/variants/") && path.ends_with(".toml") {
            if let Some(mut v) = parse_toml::<Variant>(path, text, 1, &mut diags) {
                v.path = path.clone();
                variants.push(v);
            }
        } else if path.starts_with("templates/companions/") && path.ends_with(".toml") {
            if let Some(mut v) = parse_toml::<Variant>(path, text, 1, &mut diags) {
                v.path = path.clone();
                companions.push(v);
            }
        } else if path.starts_with("templates/questions/") && path.ends_with(".toml") {
            if let Some(mut s) = parse_toml::<Section>(path, text, 1, &mut diags) {
                s.path = path.clone();
                sections.push(s);
            }
        } else if path.starts_with("templates/") && path.ends_with(".md") {
            partials.push(Partial { path: path.clone(), body: text.clone() });
        } else if is_readme(path) {
            // A README beside the clauses explains the folder: not a clause file, skipped.
        } else if path.starts_with("clauses/")
            && path.ends_with(".md")
            && let Some((c, front_at)) = parse_clause(path, text, &mut diags)
        {
            let front = &c.source[front_at..c.body_offset];
            let front = front.rsplit_once(FENCE).map_or(front, |(f, _)| f);
            spans.insert(path.clone(), Spans::of(&c.source, front, front_at));
            clauses.push(c);
        }
    }

    let meta = meta.unwrap_or_else(|| {
        if !files.files.contains_key("templates/library.toml") {
            diags.push(
                Diagnostic::error(
                    "templates/library.toml",
                    0,
                    0,
                    "missing: a library needs templates/library.toml with `name` and `version`",
                )
                .with_code("missing-file")
                .about(crate::error::Subject::File),
            );
        }
        LibraryMeta { name: "unnamed".into(), version: "0".into() }
    });
    // Variants in a fixed, meaningful order: the known four first, as users meet them.
    variants.sort_by_key(|v| (variant_rank(&v.id), v.id.clone()));

    let mut library = Library {
        origin: files.origin.clone(),
        meta,
        variants,
        companions,
        sections,
        clauses,
        partials,
        files: files.files.clone(),
        clause_index: std::collections::BTreeMap::new(),
        spans,
    };
    for (i, c) in library.clauses.iter().enumerate() {
        library.clause_index.entry(c.front.id.clone()).or_insert(i);
    }
    super::membership::derive(&mut library);
    (library, diags)
}

/// A README.md (any case) beside the clauses explains the folder; it is not a clause file.
pub fn is_readme(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|name| name.eq_ignore_ascii_case("readme.md"))
}

fn variant_rank(id: &str) -> usize {
    ["mou", "alliance", "aco-partial", "aco-full"].iter().position(|k| *k == id).unwrap_or(usize::MAX)
}

/// Parses TOML into `T`; on error records a diagnostic. `first_line` is the file line of
/// the text's first line (front matter starts on line 2).
pub(crate) fn parse_toml<T: DeserializeOwned>(
    path: &str,
    text: &str,
    first_line: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let (line, col) = e.span().map(|s| crate::error::line_col(text, s.start)).unwrap_or((0, 0));
            let line = if line == 0 { 0 } else { line + first_line - 1 };
            let end = e.span().map(|s| crate::error::line_col(text, s.end)).map(|(l, c)| (l + first_line - 1, c));
            let mut message = e.message().trim().to_string();
            // toml names the kind of problem only in its message: this is the one place its
            // words are read, to give the problem a code (and name a duplicate key).
            let code = toml_code(&message);
            if code == "duplicate-key"
                && let Some(key) = e.span().and_then(|s| text.get(s))
            {
                message = format!("duplicate key `{}`: it is already set above", key.trim().trim_matches('"'));
            }
            let d = Diagnostic::error(path, line, col, message).with_code(code).about(crate::error::Subject::File);
            diags.push(Diagnostic { end: end.filter(|_| line > 0), ..d });
            None
        }
    }
}

/// The code of a TOML error, from the words of the `toml` crate's message.
fn toml_code(message: &str) -> &'static str {
    const CODES: &[(&str, &str)] = &[
        ("unknown field", "unknown-key"),
        ("duplicate key", "duplicate-key"),
        ("missing field", "missing-key"),
        ("unknown variant", "unknown-value"),
        ("invalid type", "wrong-type"),
    ];
    CODES.iter().find(|(needle, _)| message.starts_with(needle)).map_or("invalid-toml", |(_, code)| code)
}

const FENCE: &str = "+++";

/// Splits `+++\n<toml>\n+++\n<body>` and parses the front matter; also returns where the
/// front matter starts.
fn parse_clause(path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Option<(ClauseFile, usize)> {
    let text_lf = text.replace("\r\n", "\n");
    let mut lines = text_lf.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != FENCE {
        diags.push(
            Diagnostic::error(path, 1, 1, "a clause file must start with a `+++` line opening its TOML front matter")
                .with_code("front-matter")
                .about(crate::error::Subject::File),
        );
        return None;
    }
    let front_at = first.len();
    let mut body_offset = front_at;
    let mut front = String::new();
    let mut line_no = 1;
    let mut closed = false;
    for line in lines.by_ref() {
        line_no += 1;
        body_offset += line.len();
        if line.trim_end() == FENCE {
            closed = true;
            break;
        }
        front.push_str(line);
    }
    if !closed {
        diags.push(
            Diagnostic::error(path, 1, 1, "the front matter is never closed: add a `+++` line after it")
                .with_code("front-matter")
                .about(crate::error::Subject::File),
        );
        return None;
    }
    let body: String = lines.collect();
    let parsed: ClauseFront = parse_toml(path, &front, 2, diags)?;
    let when_line = front.lines().position(|l| l.trim_start().starts_with("when")).map_or(2, |i| i + 2);
    let clause = ClauseFile {
        path: path.to_string(),
        front: parsed,
        body,
        body_line: line_no + 1,
        body_offset,
        when_line,
        source: text_lf,
    };
    Some((clause, front_at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn files(list: &[(&str, &str)]) -> LibraryFiles {
        LibraryFiles {
            origin: "test".into(),
            files: list.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect::<BTreeMap<_, _>>(),
            unreadable: Vec::new(),
        }
    }

    const META: (&str, &str) = ("templates/library.toml", "name = \"t\"\nversion = \"1\"\n");

    #[test]
    fn unknown_front_matter_key_is_an_error_with_its_line() {
        let f = files(&[
            META,
            ("clauses/a/x.md", "+++\nid = \"x\"\ntitle = \"X\"\nvariants = [\"mou\"]\ncolour = \"red\"\n+++\nBody\n"),
        ]);
        let err = parse_library(&f).unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.path, "clauses/a/x.md");
        assert_eq!(d.line, 5, "{d}");
        assert!(d.message.contains("colour"), "{d}");
    }

    #[test]
    fn missing_fence_is_reported() {
        let f = files(&[META, ("clauses/a/x.md", "id = \"x\"\n")]);
        let err = parse_library(&f).unwrap_err();
        assert!(err.to_string().contains("clauses/a/x.md:1:1: error: a clause file must start"));
        let f = files(&[META, ("clauses/a/x.md", "+++\nid = \"x\"\n")]);
        assert!(parse_library(&f).unwrap_err().to_string().contains("never closed"));
    }

    #[test]
    fn body_line_points_after_the_front_matter() {
        let f = files(&[META, ("clauses/a/x.md", "+++\nid = \"x\"\ntitle = \"X\"\nvariants = [\"mou\"]\n+++\nBody\n")]);
        let lib = parse_library(&f).unwrap();
        assert_eq!(lib.clauses[0].body_line, 6);
        assert_eq!(lib.clauses[0].body, "Body\n");
    }
}
