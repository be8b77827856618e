//! Where each key and value of a TOML file stands, as the TOML parser saw it, so a problem is
//! reported at the value it is about ("parts.0.clauses.3") and not at the first place its text
//! happens to occur.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::error::line_col;

/// The positions of one file's keys and values, by dotted path: `id`, `parts.0.clauses.3`,
/// `questions.2.options.1.id`. Offsets are into `text`, the file as it was read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spans {
    text: String,
    values: BTreeMap<String, Range<usize>>,
    keys: BTreeMap<String, Range<usize>>,
}

impl Spans {
    /// The spans of `toml`, which stands at byte `offset` of `text` (a clause's front matter
    /// starts after its `+++` line). A file that does not parse gives no spans.
    pub fn of(text: &str, toml: &str, offset: usize) -> Spans {
        let mut spans = Spans { text: text.to_string(), ..Default::default() };
        if let Ok(table) = DeTable::parse(toml) {
            spans.walk_table(table.get_ref(), "", offset);
        }
        spans
    }

    fn walk_table(&mut self, table: &DeTable<'_>, prefix: &str, offset: usize) {
        for (key, value) in table.iter() {
            let path = join(prefix, key.get_ref());
            let k = key.span();
            self.keys.insert(path.clone(), k.start + offset..k.end + offset);
            self.walk_value(value.get_ref(), value.span(), &path, offset);
        }
    }

    fn walk_value(&mut self, value: &DeValue<'_>, span: Range<usize>, path: &str, offset: usize) {
        self.values.insert(path.to_string(), span.start + offset..span.end + offset);
        match value {
            DeValue::Table(t) => self.walk_table(t, path, offset),
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.walk_value(item.get_ref(), item.span(), &join(path, &i.to_string()), offset);
                }
            }
            _ => {}
        }
    }

    /// Line and column of the value at `path`; else of the nearest enclosing value that has one;
    /// else the first line.
    pub fn value(&self, path: &str) -> (usize, usize) {
        self.find(&self.values, path).map_or((1, 1), |r| line_col(&self.text, r.start))
    }

    /// Line and column of the key at `path` (`id` in `id = "x"`), falling back like `value`.
    pub fn key(&self, path: &str) -> (usize, usize) {
        match self.keys.get(path) {
            Some(r) => line_col(&self.text, r.start),
            None => self.value(path),
        }
    }

    /// The byte range of the value at exactly `path`, if the file has one.
    pub fn value_range(&self, path: &str) -> Option<Range<usize>> {
        self.values.get(path).cloned()
    }

    /// The file's text, as the offsets count it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the file has a value at `path`.
    pub fn has(&self, path: &str) -> bool {
        self.values.contains_key(path)
    }

    /// Line and column of the character `inner` bytes into the string value at `path`, e.g.
    /// a variable inside a `when` condition. `piece` is the text found there: when the string
    /// is written with escapes the offsets differ, and the piece is looked up instead.
    pub fn inside(&self, path: &str, inner: usize, piece: &str) -> (usize, usize) {
        match self.offset_inside(path, inner, piece) {
            Some(offset) => line_col(&self.text, offset),
            None => self.value(path),
        }
    }

    /// The byte offset in the file of what [`inside`](Self::inside) places; None when the file
    /// has no value at `path`. An empty `piece` trusts the offset alone.
    pub fn offset_inside(&self, path: &str, inner: usize, piece: &str) -> Option<usize> {
        let range = self.values.get(path)?;
        let raw = self.text.get(range.clone()).unwrap_or("");
        let triple = raw.starts_with("\"\"\"") || raw.starts_with("'''");
        let open = if triple {
            3 + usize::from(raw[3..].starts_with('\n')) + usize::from(raw[3..].starts_with("\r\n")) * 2
        } else {
            1
        };
        let start = range.start + open.min(raw.len());
        let content = self.text.get(start..range.end).unwrap_or("");
        // A basic string ("...") may hold escapes: walk them so that the `inner`-th byte of the
        // value maps to where it is written, even after a `\"`.
        let mapped = if raw.starts_with('"') { raw_offset(content, inner) } else { Some(inner) };
        // The piece as written may differ by its own escapes: its first character is enough.
        let fits = |at: usize| match piece.chars().next() {
            None => true,
            Some(c) => self.text.get(at..).is_some_and(|t| t.starts_with(c)),
        };
        Some(match mapped.map(|m| start + m) {
            Some(at) if fits(at) => at,
            _ => raw.find(piece).map_or(range.start, |i| range.start + i),
        })
    }

    fn find<'a>(&'a self, map: &'a BTreeMap<String, Range<usize>>, path: &str) -> Option<&'a Range<usize>> {
        let mut path = path;
        loop {
            if let Some(r) = map.get(path) {
                return Some(r);
            }
            path = &path[..path.rfind('.')?];
        }
    }
}

/// Where the `inner`-th byte of a basic string's value is written in `content` (the string's
/// text after its opening quotes), reading each escape as the one character it stands for; a
/// line-ending backslash (in a `"""` string) stands for nothing.
fn raw_offset(content: &str, inner: usize) -> Option<usize> {
    let mut decoded = 0;
    let mut chars = content.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if decoded >= inner {
            return (decoded == inner).then_some(at);
        }
        if c != '\\' {
            decoded += c.len_utf8();
            continue;
        }
        let (_, e) = chars.next()?;
        match e {
            'u' | 'U' => {
                let digits: String =
                    (0..if e == 'u' { 4 } else { 8 }).filter_map(|_| chars.next().map(|(_, d)| d)).collect();
                let ch = u32::from_str_radix(&digits, 16).ok().and_then(char::from_u32)?;
                decoded += ch.len_utf8();
            }
            '\n' | '\r' | ' ' | '\t' => {
                // A line-ending backslash: it and the whitespace after it are dropped.
                while chars.peek().is_some_and(|(_, w)| w.is_whitespace()) {
                    chars.next();
                }
            }
            _ => decoded += 1,
        }
    }
    (decoded == inner).then_some(content.len())
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() { key.to_string() } else { format!("{prefix}.{key}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_of_arrays_of_tables_are_found_by_path() {
        let text = "id = \"mou\"\n\n[[parts]]\nclauses = [\"a\", \"b\",\n  \"c\"]\n";
        let s = Spans::of(text, text, 0);
        assert_eq!(s.value("id"), (1, 6));
        assert_eq!(s.key("id"), (1, 1));
        assert_eq!(s.value("parts.0.clauses.1"), (4, 17));
        assert_eq!(s.value("parts.0.clauses.2"), (5, 3));
        // Nothing there: the nearest enclosing value.
        assert_eq!(s.value("parts.0.clauses.9"), (4, 11));
    }

    #[test]
    fn a_place_inside_a_string_is_found_with_or_without_escapes() {
        let text = "+++\nwhen = \"a > 1 and b\"\nnote = \"say \\\"x\\\" then y\"\n+++\n";
        let toml = &text[4..text.len() - 4];
        let s = Spans::of(text, toml, 4);
        assert_eq!(s.inside("when", 10, "b"), (2, 19));
        assert_eq!(s.inside("note", 8, "then"), (3, 19));
    }

    #[test]
    fn the_second_of_two_equal_pieces_after_an_escape_is_found_where_it_is_written() {
        // Value: `{% if a == "x" %}1{% else %}2{% else %}`; the second `{% else %}` is at 29.
        let text = "m = \"{% if a == \\\"x\\\" %}1{% else %}2{% else %}\"\n";
        let s = Spans::of(text, text, 0);
        let value = "{% if a == \"x\" %}1{% else %}2{% else %}";
        let second = value.rfind("{% else %}").unwrap();
        assert_eq!(s.inside("m", second, "{% else %}"), (1, 6 + second + 2));
        // And the `\u` escape counts as the character it stands for.
        let text = "m = \"\\u00e9 b\"\n";
        assert_eq!(Spans::of(text, text, 0).inside("m", 3, "b"), (1, 13));
    }
}
