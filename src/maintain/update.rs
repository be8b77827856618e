//! `caredraft init --update FILE`: brings an answers file up to the library it is used with.
//! Questions and choosable clauses the library has added since are appended, each with the
//! comments `init` would write; answers under a renamed id (`renamed_from`) get the new id;
//! the library record is brought up to date. Every answer, comment and blank line already in
//! the file is kept as it was (toml_edit edits the document, it does not rewrite it).

use toml_edit::{DocumentMut, Item, Table};

use crate::answers::{init_file, library_record};
use crate::error::{Diagnostic, Error, Result, line_col};
use crate::library::Library;

/// What an update did, and the new text of the file.
#[derive(Debug, Clone, Default)]
pub struct Update {
    pub text: String,
    /// Question ids added to `[answers]`.
    pub added: Vec<String>,
    /// Clause ids added to `[clauses]`.
    pub clauses_added: Vec<String>,
    /// (old id, new id) of the answers renamed.
    pub renamed: Vec<(String, String)>,
    /// The library record was missing or named another library or version.
    pub library_recorded: bool,
}

impl Update {
    pub fn changed(&self) -> bool {
        !(self.added.is_empty() && self.clauses_added.is_empty() && self.renamed.is_empty() && !self.library_recorded)
    }

    /// One line: what changed.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.added.is_empty() {
            parts.push(format!(
                "added {} ({})",
                super::check::count(self.added.len(), "question"),
                ticked(&self.added)
            ));
        }
        if !self.clauses_added.is_empty() {
            parts.push(format!(
                "added {} ({})",
                super::check::count(self.clauses_added.len(), "clause choice"),
                ticked(&self.clauses_added)
            ));
        }
        if !self.renamed.is_empty() {
            let list: Vec<String> = self.renamed.iter().map(|(o, n)| format!("`{o}` to `{n}`")).collect();
            parts.push(format!("renamed {}", list.join(", ")));
        }
        if self.library_recorded {
            parts.push("recorded the library's name and version".to_string());
        }
        parts.join("; ")
    }
}

fn ticked(ids: &[String]) -> String {
    ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

/// The update of the answers file `path` (its text `text`) to `library`. Pure: the caller
/// writes the result.
pub fn update_answers(path: &str, text: &str, library: &Library) -> Result<Update> {
    let located = |span: Option<std::ops::Range<usize>>, message: String| {
        let (line, col) = span.map_or((0, 0), |s| line_col(text, s.start));
        Error::one(Diagnostic::error(path, line, col, message))
    };
    let parsed = toml_edit::Document::parse(text.to_string()).map_err(|e| {
        let mut err = located(e.span(), format!("not valid TOML: {}", e.message().trim()));
        if let Error::Invalid(d) = &mut err {
            d.iter_mut().for_each(|d| d.code = Some("invalid-toml"));
        }
        err
    })?;
    let root = parsed.as_table();
    let variant_item = root.get("variant").ok_or_else(|| located(Some(0..0), "missing `variant`".to_string()))?;
    let variant_id = variant_item.as_str().unwrap_or_default();
    let variant = library.variant(variant_id).ok_or_else(|| {
        let known: Vec<_> = library.variants.iter().map(|v| v.id.as_str()).collect();
        located(variant_item.span(), format!("unknown variant `{variant_id}`; known variants: {}", known.join(", ")))
    })?;
    let mut update = Update::default();

    // Renames first, in the text itself, so the key keeps its place and its comments.
    let mut renamed_text = text.to_string();
    if let Some(answers) = root.get("answers").and_then(Item::as_table) {
        let mut spans = Vec::new();
        for (key, _) in answers.iter() {
            if library.find_question(&variant.id, key).is_some() {
                continue;
            }
            if let Some(q) = library.renamed_question(&variant.id, key)
                && !answers.contains_key(&q.id)
                && let Some(span) = answers.key(key).and_then(|k| k.span())
            {
                spans.push((span, q.id.clone()));
                update.renamed.push((key.to_string(), q.id.clone()));
            }
        }
        spans.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
        for (span, new) in spans {
            renamed_text.replace_range(span, &new);
        }
    }

    let mut doc: DocumentMut =
        renamed_text.parse().map_err(|e: toml_edit::TomlError| located(None, e.message().trim().to_string()))?;
    let fresh: DocumentMut = init_file(library, variant)
        .parse()
        .map_err(|e: toml_edit::TomlError| Error::Usage(format!("internal: init's file does not parse: {e}")))?;

    // The library record.
    let record: DocumentMut = library_record(library)
        .parse()
        .map_err(|e: toml_edit::TomlError| Error::Usage(format!("internal: library record: {e}")))?;
    let same_record = doc.get("library").map(|i| i.to_string().trim().to_string())
        == record.get("library").map(|i| i.to_string().trim().to_string());
    if !same_record && let Some(value) = record.get("library") {
        match doc.get_mut("library") {
            Some(item) => {
                let decor = item.as_value().map(|v| v.decor().clone());
                *item = value.clone();
                if let (Some(decor), Some(v)) = (decor, item.as_value_mut()) {
                    *v.decor_mut() = decor;
                }
            }
            None => {
                doc.insert("library", value.clone());
            }
        }
        update.library_recorded = true;
    }

    // New keys go at the end of their table; new lists of records right after the last table
    // of [answers] (before [clauses]), so the file reads in the order `init` writes.
    for (name, added) in [("answers", &mut update.added), ("clauses", &mut update.clauses_added)] {
        let Some(fresh_table) = fresh.get(name).and_then(Item::as_table) else { continue };
        if doc.get(name).is_none() {
            let mut table = Table::new();
            table.set_position(Some(max_position(doc.as_table()) + 1));
            *table.decor_mut() = fresh_table.decor().clone();
            doc.insert(name, Item::Table(table));
        }
        let Some(existing) = doc.get(name).and_then(Item::as_table) else {
            return Err(located(None, format!("`{name}` must be a table: [{name}]")));
        };
        let new: Vec<(&toml_edit::Key, Item)> = fresh_table
            .iter()
            .filter(|(key, _)| !existing.contains_key(key))
            .filter_map(|(key, item)| fresh_table.key(key).map(|k| (k, item.clone())))
            .collect();
        let last = max_position(existing);
        let tables: isize = new.iter().map(|(_, i)| i.as_array_of_tables().map_or(0, |a| a.len() as isize)).sum();
        shift_positions(doc.as_table_mut(), last, tables);
        let mut next_position = last + 1;
        let Some(table) = doc.get_mut(name).and_then(Item::as_table_mut) else { continue };
        for (key, mut item) in new {
            if let Item::ArrayOfTables(aot) = &mut item {
                for t in aot.iter_mut() {
                    t.set_position(Some(next_position));
                    next_position += 1;
                }
            }
            table.insert_formatted(key, item);
            added.push(key.get().to_string());
        }
    }
    update.text = doc.to_string();
    Ok(update)
}

/// Moves every table placed after `after` down by `by`, to make room.
fn shift_positions(table: &mut Table, after: isize, by: isize) {
    if let Some(p) = table.position()
        && p > after
    {
        table.set_position(Some(p + by));
    }
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(t) => shift_positions(t, after, by),
            Item::ArrayOfTables(aot) => {
                for t in aot.iter_mut() {
                    shift_positions(t, after, by);
                }
            }
            _ => {}
        }
    }
}

fn max_position(table: &Table) -> isize {
    let mut max = table.position().unwrap_or(0);
    for (_, item) in table.iter() {
        match item {
            Item::Table(t) => max = max.max(max_position(t)),
            Item::ArrayOfTables(aot) => {
                for t in aot.iter() {
                    max = max.max(max_position(t));
                }
            }
            _ => {}
        }
    }
    max
}
