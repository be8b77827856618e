//! The summary a person reads before the redline: which answers changed (by question
//! label, old → new), which alternatives were switched, which clauses were added or
//! removed, how the placeholders moved, and, when the library changed, which clause
//! versions did. Markdown, so it reads the same printed and as `BASE.md`.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::Redline;
use super::merge::{Pair, align};
use crate::answers::{AnswerValue, Answers, projection};
use crate::doc::{Block, Document, Inline, Placeholder};
use crate::library::{Library, Question, QuestionKind};
use crate::render::markdown::escape;

/// One side of a comparison: the answers, the library that read them and the draft.
pub struct Side<'a> {
    pub answers: &'a Answers,
    pub library: &'a Library,
    pub doc: &'a Document,
}

/// The summary as Markdown.
pub fn summary(old: &Side<'_>, new: &Side<'_>, redline: &Redline) -> String {
    let mut w = String::new();
    let e = |s: &str| escape(s, false);
    let _ = writeln!(w, "# Redline: {}\n", e(&new.doc.meta.title));
    let _ = writeln!(w, "Old draft: {}  \nNew draft: {}\n", e(&old.answers.path), e(&new.answers.path));
    let (ins, del) = redline.counts();
    let _ = writeln!(
        w,
        "The redline is the new draft with {ins} insertion{} and {del} deletion{} marked as Word tracked changes.\n",
        plural(ins),
        plural(del)
    );

    section(&mut w, "Answers changed", answer_changes(old, new));
    section(&mut w, "Alternatives switched", alternatives(old.doc, new.doc));
    section(&mut w, "Clauses added and removed", added_removed(old.doc, new.doc, redline));
    section(&mut w, "Placeholders", placeholders(old.doc, new.doc));
    if old.library.origin != new.library.origin
        || old.doc.meta.library_version != new.doc.meta.library_version
        || old.doc.meta.library_name != new.doc.meta.library_name
    {
        section(&mut w, "Library", library_changes(old, new, redline));
    }
    while w.ends_with("\n\n") {
        w.pop();
    }
    w
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn section(w: &mut String, title: &str, lines: Vec<String>) {
    let _ = writeln!(w, "## {title}\n");
    if lines.is_empty() {
        w.push_str("None.\n\n");
        return;
    }
    for l in lines {
        let _ = writeln!(w, "- {l}");
    }
    w.push('\n');
}

fn answer_changes(old: &Side<'_>, new: &Side<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for (_, q) in new.library.questions_for(&new.answers.variant) {
        let (a, b) = (old.answers.values.get(&q.id), new.answers.values.get(&q.id));
        if a == b {
            continue;
        }
        let label = format!("**{}** (`{}`)", escape(&q.label, false), q.id);
        match (q.kind, a, b) {
            (QuestionKind::Records, _, _) => {
                let records = |v: Option<&AnswerValue>| match v {
                    Some(AnswerValue::Records(r)) => r.clone(),
                    _ => Vec::new(),
                };
                for change in record_changes(q, &records(a), &records(b)) {
                    out.push(format!("{label}: {change}"));
                }
            }
            _ => out.push(format!("{label}: {} → {}", value(q, a), value(q, b))),
        }
    }
    out
}

/// Entries added, removed, or changed field by field. Entries are matched by their first
/// field (the name), so one added in the middle is one addition, not every later entry changed.
fn record_changes(
    q: &Question,
    old: &[BTreeMap<String, AnswerValue>],
    new: &[BTreeMap<String, AnswerValue>],
) -> Vec<String> {
    let name = |r: &BTreeMap<String, AnswerValue>| {
        q.fields
            .iter()
            .find_map(|f| r.get(&f.id).map(|v| value(f, Some(v))))
            .unwrap_or_else(|| "an empty entry".to_owned())
    };
    let key = |r: &BTreeMap<String, AnswerValue>| name(r);
    let mut out = Vec::new();
    let (mut i_old, mut i_new) = (0, 0);
    for pair in align(old, new, key, |_, _| true) {
        match pair {
            Pair::Both(o, n) => {
                i_old += 1;
                i_new += 1;
                for f in &q.fields {
                    let (a, b) = (o.get(&f.id), n.get(&f.id));
                    if a != b {
                        out.push(format!(
                            "entry {i_new}, {}: {} → {}",
                            escape(&f.label, false),
                            value(f, a),
                            value(f, b)
                        ));
                    }
                }
            }
            Pair::New(n) => {
                i_new += 1;
                out.push(format!("entry {i_new} added: {}", name(n)));
            }
            Pair::Old(o) => {
                i_old += 1;
                out.push(format!("entry {i_old} removed: {}", name(o)));
            }
        }
    }
    out
}

/// An answer as a person reads it: option labels, dates in words, money in pounds.
fn value(q: &Question, v: Option<&AnswerValue>) -> String {
    match v {
        None => "*(unanswered)*".to_owned(),
        Some(v) => format!("\u{201C}{}\u{201D}", escape(&projection::to_text(q, v), false)),
    }
}

fn alternatives(old: &Document, new: &Document) -> Vec<String> {
    let old_alts: BTreeMap<&str, &Option<String>> = old
        .clauses
        .iter()
        .map(|c| (c.id.as_str(), &c.alternative))
        .chain(old.schedules.iter().map(|s| (s.id.as_str(), &s.alternative)))
        .collect();
    let mut out = Vec::new();
    let new_items =
        new.clauses.iter().map(|c| (format!("clause {}", c.number), c.id.as_str(), &c.title, &c.alternative)).chain(
            new.schedules.iter().map(|s| (format!("Schedule {}", s.number), s.id.as_str(), &s.title, &s.alternative)),
        );
    for (place, id, title, alt) in new_items {
        if let (Some(Some(was)), Some(now)) = (old_alts.get(id), alt)
            && was != now
        {
            out.push(format!("{place} {}: {} → {}", escape(title, false), escape(was, false), escape(now, false)));
        }
    }
    out
}

fn added_removed(old: &Document, new: &Document, redline: &Redline) -> Vec<String> {
    let (added, removed) = redline.added_and_removed();
    let place = |d: &Document, id: &str| {
        d.clauses
            .iter()
            .find(|c| c.id == id)
            .map(|c| format!("clause {} {}", c.number, escape(&c.title, false)))
            .or_else(|| {
                d.schedules
                    .iter()
                    .find(|s| s.id == id)
                    .map(|s| format!("Schedule {} {}", s.number, escape(&s.title, false)))
            })
            .unwrap_or_else(|| id.to_owned())
    };
    let mut out: Vec<String> = added.iter().map(|id| format!("added: {}", place(new, id))).collect();
    out.extend(removed.iter().map(|id| format!("removed: {} (its number in the old draft)", place(old, id))));
    let renumbered =
        new.clauses.iter().filter(|c| old.clauses.iter().any(|o| o.id == c.id && o.number != c.number)).count();
    if renumbered > 0 {
        out.push(format!(
            "{renumbered} clause{} renumbered as a result; not marked, and cross-references follow them",
            plural(renumbered)
        ));
    }
    out
}

fn placeholders(old: &Document, new: &Document) -> Vec<String> {
    let list = |v: Vec<&Placeholder>| {
        v.iter().map(|p| format!("\\[{}\\]", escape(&p.label, false))).collect::<Vec<_>>().join(", ")
    };
    let filled: Vec<&Placeholder> = old.placeholders.iter().filter(|p| !new.placeholders.contains(p)).collect();
    let appeared: Vec<&Placeholder> = new.placeholders.iter().filter(|p| !old.placeholders.contains(p)).collect();
    let mut out = vec![format!(
        "{} left in the new draft (the old draft had {}); {} filled, {} new",
        new.placeholders.len(),
        old.placeholders.len(),
        filled.len(),
        appeared.len()
    )];
    if !filled.is_empty() {
        out.push(format!("filled: {}", list(filled)));
    }
    if !appeared.is_empty() {
        out.push(format!("new: {}", list(appeared)));
    }
    let left: Vec<&Placeholder> = new.placeholders.iter().collect();
    if !left.is_empty() {
        out.push(format!("still to fill: {}", list(left)));
    }
    out
}

/// The library's name and version, and each clause whose provenance version changed or
/// whose wording changed under the same version (worth a maintainer's look).
fn library_changes(old: &Side<'_>, new: &Side<'_>, redline: &Redline) -> Vec<String> {
    let (om, nm) = (&old.doc.meta, &new.doc.meta);
    let mut out = vec![format!(
        "{} {} ({}) → {} {} ({})",
        escape(&om.library_name, false),
        escape(&om.library_version, false),
        escape(&old.library.origin, false),
        escape(&nm.library_name, false),
        escape(&nm.library_version, false),
        escape(&new.library.origin, false)
    )];
    let version = |p: &Option<crate::doc::Provenance>| p.as_ref().map(|p| p.version.clone());
    let old_versions: BTreeMap<&str, Option<String>> = old
        .doc
        .clauses
        .iter()
        .map(|c| (c.id.as_str(), version(&c.provenance)))
        .chain(old.doc.schedules.iter().map(|s| (s.id.as_str(), version(&s.provenance))))
        .collect();
    let merged =
        redline.doc.clauses.iter().map(|c| (format!("clause {}", c.number), c.id.as_str(), &c.title, &c.blocks)).chain(
            redline
                .doc
                .schedules
                .iter()
                .map(|s| (format!("Schedule {}", s.number), s.id.as_str(), &s.title, &s.blocks)),
        );
    let same_answers = old.answers.values == new.answers.values && old.answers.clauses == new.answers.clauses;
    for (place, id, title, blocks) in merged {
        let Some(was) = old_versions.get(id) else { continue };
        let now = new
            .doc
            .clauses
            .iter()
            .find(|c| c.id == id)
            .map(|c| version(&c.provenance))
            .or_else(|| new.doc.schedules.iter().find(|s| s.id == id).map(|s| version(&s.provenance)));
        let Some(now) = now else { continue };
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_owned());
        let changed = has_changes(blocks);
        if *was != now {
            out.push(format!(
                "{place} {} (`{id}`): version {} → {}{}",
                escape(title, false),
                show(was),
                show(&now),
                if changed { "; wording changed" } else { "; wording the same in this draft" }
            ));
        } else if changed && same_answers {
            out.push(format!(
                "{place} {} (`{id}`): wording changed but the version is still {}",
                escape(title, false),
                show(&now)
            ));
        }
    }
    out
}

fn has_changes(blocks: &[Block]) -> bool {
    fn marked(c: &[Inline]) -> bool {
        c.iter().any(|i| match i {
            Inline::Inserted(_) | Inline::Deleted(_) => true,
            Inline::Strong(c) | Inline::Emphasis(c) => marked(c),
            _ => false,
        })
    }
    blocks.iter().any(|b| match b {
        Block::Numbered(p) => marked(&p.content),
        Block::Plain(c) | Block::Definition { meaning: c, .. } => marked(c),
        Block::Table(t) => t.header.iter().chain(t.rows.iter().flatten()).any(|c| marked(c)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, description: &str) -> BTreeMap<String, AnswerValue> {
        BTreeMap::from([
            ("name".to_owned(), AnswerValue::Text(name.to_owned())),
            ("description".to_owned(), AnswerValue::Text(description.to_owned())),
        ])
    }

    fn question() -> Question {
        let text = |id: &str, label: &str| -> Question {
            toml::from_str(&format!("id = \"{id}\"\ntype = \"text\"\nlabel = \"{label}\"")).expect("question")
        };
        Question {
            fields: vec![text("name", "Name"), text("description", "Description")],
            ..text("providers", "Providers")
        }
    }

    #[test]
    fn an_entry_added_in_the_middle_is_one_addition() {
        let q = question();
        let old = [entry("A Trust", "an NHS trust"), entry("C Ltd", "a company")];
        let new = [entry("A Trust", "an NHS trust"), entry("B Trust", "an NHS trust"), entry("C Ltd", "a company")];
        assert_eq!(record_changes(&q, &old, &new), ["entry 2 added: “B Trust”"]);
    }

    #[test]
    fn an_edited_entry_names_the_field() {
        let q = question();
        let old = [entry("A Trust", "an NHS trust")];
        let new = [entry("A Trust", "an NHS foundation trust")];
        assert_eq!(
            record_changes(&q, &old, &new),
            ["entry 1, Description: “an NHS trust” → “an NHS foundation trust”"]
        );
    }
}
