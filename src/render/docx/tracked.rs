//! Word tracked changes for a redline: `w:ins` and `w:del` around runs, on a paragraph's
//! mark (a whole paragraph added or removed) and on a table row. The writer builds every
//! paragraph the usual way; a paragraph that is wholly new or wholly gone is then marked
//! here as a whole, so its typed prefixes ("(3) ", "Term:") are marked with it.

use std::collections::BTreeMap;

use docx_rs::{
    Delete, DeleteInstrText, DeleteText, Insert, InstrText, Paragraph, ParagraphChild, Run, RunChild, TableRow,
};

use crate::doc::{Mark, Metadata};

/// Author of tracked changes when the user names none.
pub const DEFAULT_AUTHOR: &str = "caredraft";

/// What the writer needs to mark a redline beyond the marks inside the text.
#[derive(Debug, Clone)]
pub struct Tracked {
    /// Shown in Word as who made each change.
    pub author: String,
    /// Clause and schedule headings that changed, by id.
    pub headings: BTreeMap<String, HeadingChange>,
    /// The OLD draft's metadata, for the typed text on the cover (version, draft mark).
    pub old_meta: Metadata,
}

/// How a clause or schedule heading changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeadingChange {
    /// The whole clause (or schedule) was added or removed.
    pub mark: Option<Mark>,
    /// Its title, when the title changed (a library comparison).
    pub old_title: Option<String>,
    /// The part heading before it in OLD, when that differs.
    pub old_part: Option<Option<String>>,
    /// A schedule's typed number in OLD, when it differs.
    pub old_number: Option<String>,
}

/// The runs `runs` as one tracked insertion or deletion. Deleted text must be `w:delText`
/// (and a field instruction `w:delInstrText`), or Word shows it as still there.
pub fn wrap(runs: Vec<Run>, mark: Mark, author: &str, date: &str) -> ParagraphChild {
    match mark {
        Mark::Inserted => {
            let ins = runs.into_iter().fold(Insert::new_with_empty(), Insert::add_run);
            ParagraphChild::Insert(ins.author(author).date(date))
        }
        Mark::Deleted => {
            let del = runs.into_iter().map(deleted_run).fold(Delete::new(), Delete::add_run);
            ParagraphChild::Delete(del.author(author).date(date))
        }
    }
}

fn deleted_run(mut run: Run) -> Run {
    for child in &mut run.children {
        match child {
            RunChild::Text(t) => *child = RunChild::DeleteText(delete_text(&t.text)),
            RunChild::InstrText(i) => {
                if let InstrText::Unsupported(s) = i.as_ref() {
                    *child = RunChild::DeleteInstrText(Box::new(DeleteInstrText::Unsupported(s.clone())));
                }
            }
            _ => {}
        }
    }
    run
}

/// `w:delText` with text docx-rs has already escaped (its `Text` holds it escaped, and the
/// `DeleteText` constructor that takes escaped text is private): built through its serde
/// form, which stores the text as given.
fn delete_text(escaped: &str) -> DeleteText {
    serde_json::from_value(serde_json::json!({ "text": escaped, "preserveSpace": true }))
        .unwrap_or_else(|_| DeleteText::new(unescape(escaped)))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// Marks a whole paragraph: every run not already inside a change, and the paragraph mark.
pub fn mark_paragraph(mut p: Paragraph, mark: Mark, author: &str, date: &str) -> Paragraph {
    let mut children = Vec::with_capacity(p.children.len());
    let mut runs = Vec::new();
    for child in std::mem::take(&mut p.children) {
        match child {
            ParagraphChild::Run(r) => runs.push(*r),
            other => {
                if !runs.is_empty() {
                    children.push(wrap(std::mem::take(&mut runs), mark, author, date));
                }
                children.push(other);
            }
        }
    }
    if !runs.is_empty() {
        children.push(wrap(runs, mark, author, date));
    }
    p.children = children;
    match mark {
        Mark::Inserted => p.insert(author, date),
        Mark::Deleted => p.delete(author, date),
    }
}

/// Marks a table row as added or removed.
pub fn mark_row(row: TableRow, mark: Mark, author: &str, date: &str) -> TableRow {
    match mark {
        Mark::Inserted => row.insert(Insert::new_with_empty().author(author).date(date)),
        Mark::Deleted => row.delete(Delete::new().author(author).date(date)),
    }
}

/// Gives every `w:ins` and `w:del` a number in document order. docx-rs numbers them from
/// a counter shared by the whole process, so without this the same redline written twice
/// in one process (the TUI, tests) would differ. Start well above the bookmark and comment
/// ids, which share the number space in Word, and give each part its own range.
pub fn renumber_changes(xml: &str, first: usize) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    let mut n = first;
    loop {
        let next =
            ["<w:ins w:id=\"", "<w:del w:id=\""].iter().filter_map(|tag| rest.find(tag).map(|i| (i, tag.len()))).min();
        let Some((at, len)) = next else { break };
        let start = at + len;
        let Some(end) = rest[start..].find('"') else { break };
        out.push_str(&rest[..start]);
        out.push_str(&n.to_string());
        n += 1;
        rest = &rest[start + end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_ids_follow_document_order() {
        let xml = r#"<w:p><w:ins w:id="57" w:author="a"><w:r/></w:ins><w:del w:id="3" w:author="a"/></w:p>"#;
        assert_eq!(
            renumber_changes(xml, 100_000),
            r#"<w:p><w:ins w:id="100000" w:author="a"><w:r/></w:ins><w:del w:id="100001" w:author="a"/></w:p>"#
        );
        assert_eq!(renumber_changes("<w:p/>", 100_000), "<w:p/>");
    }

    #[test]
    fn deleted_text_is_not_escaped_twice() {
        let run = Run::new().add_text("A & B <C>");
        let p = mark_paragraph(Paragraph::new().add_run(run), Mark::Deleted, "me", "2027-04-01T00:00:00Z");
        let xml = docx_rs::BuildXML::build(&p);
        let xml = String::from_utf8(xml).unwrap_or_default();
        assert!(xml.contains("<w:delText xml:space=\"preserve\">A &amp; B &lt;C&gt;</w:delText>"), "{xml}");
        assert!(!xml.contains("<w:t "), "{xml}");
    }
}
