//! Shared by the redline tests: two answers files for a variant that differ the way a
//! drafter's second round does, and document.xml read as Word shows it with every change
//! accepted, every change rejected, or (for a plain draft) as it is.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use caredraft::answers::{AnswerValue, Answers, ClauseChoice, init_file, parse_answers};
use caredraft::engine::{ClauseState, Engine};
use caredraft::library::{Library, QuestionKind};

/// What the second round changed, for the tests to look for.
#[derive(Debug, Default)]
pub struct Changes {
    pub old_name: String,
    pub new_name: String,
    /// (clause id, old alternative, new alternative)
    pub alternative: Option<(String, String, String)>,
    /// The repeating record an entry was added to, and the entry's name.
    pub added_entry: Option<(String, String)>,
    /// An optional clause switched off in the second round.
    pub removed_clause: Option<String>,
}

/// OLD: the variant's defaults with names filled in. NEW: one name changed, an alternative
/// switched, an entry added to a repeating record (parties, practices) and an optional
/// clause switched off, each when the variant has one. Found from the library, not from
/// clause wording, so the clause library can change under these tests.
pub fn two_rounds(library: &Library, engine: &Engine<'_>, variant: &str) -> (Answers, Answers, Changes) {
    let v = library.variant(variant).expect("variant");
    let mut old = parse_answers("old.toml", &init_file(library, v), library).expect("init answers parse");
    old.path = "old.toml".into();
    let mut changes = Changes::default();
    let mut name_q = None;
    for (_, q) in library.questions_for(variant) {
        match (q.kind, old.values.get_mut(&q.id)) {
            (QuestionKind::Records, Some(AnswerValue::Records(records))) if q.fields.iter().any(|f| f.id == "name") => {
                for (i, r) in records.iter_mut().enumerate() {
                    r.insert("name".into(), AnswerValue::Text(format!("{} Trust {}", q.label, i + 1)));
                }
            }
            (QuestionKind::Text, _) if name_q.is_none() && q.id.contains("name") => name_q = Some(q.id.clone()),
            _ => {}
        }
    }
    let name_q = name_q.expect("a text question for a name");
    old.values.insert(name_q.clone(), AnswerValue::Text("Northmoor".into()));
    changes.old_name = "Northmoor".into();
    changes.new_name = "Southmoor & Vale".into();

    let mut new = old.clone();
    new.path = "new.toml".into();
    new.values.insert(name_q, AnswerValue::Text(changes.new_name.clone()));

    for (_, q) in library.questions_for(variant) {
        if let (QuestionKind::Records, Some(AnswerValue::Records(records))) = (q.kind, new.values.get_mut(&q.id))
            && let Some(last) = records.last().cloned()
            && last.contains_key("name")
            && q.max_items.is_none_or(|m| records.len() < m)
        {
            let mut entry = last;
            let name = format!("Added {} Ltd", q.label);
            entry.insert("name".into(), AnswerValue::Text(name.clone()));
            records.push(entry);
            changes.added_entry = Some((q.id.clone(), name));
            break;
        }
    }

    let outline = engine.outline(&old).expect("outline");
    if let Some(e) = outline.iter().find(|e| e.state == ClauseState::Included && e.alternatives.len() > 1) {
        let was = e.selected.clone().expect("a selected alternative");
        let now = e.alternatives.iter().map(|(id, _)| id.clone()).find(|id| *id != was).expect("another");
        new.clauses.insert(e.id.clone(), ClauseChoice::Alternative(now.clone()));
        changes.alternative = Some((e.id.clone(), was, now));
    }
    // An optional clause switched off, the first whose absence the draft can take (one that
    // others refer to cannot go).
    for e in outline.iter().filter(|e| e.state == ClauseState::Included && e.optional) {
        let mut trial = new.clone();
        trial.clauses.insert(e.id.clone(), ClauseChoice::Include(false));
        if engine.assemble(&trial).is_ok() {
            new = trial;
            changes.removed_clause = Some(e.id.clone());
            break;
        }
    }
    (old, new, changes)
}

/// Which text to read out of a document.xml.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// A draft with no tracked changes.
    Plain,
    /// Every change accepted.
    Accepted,
    /// Every change rejected.
    Rejected,
}

/// The paragraphs of `document.xml` as Word shows them in `view`, in document order (table
/// cells included). The results of REF and TOC fields, which Word computes, have their
/// digits as `#`: a reference's number is Word's to update, not the text's.
pub fn paragraphs(xml: &str, view: View) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("document.xml parses");
    let mut reader = Reader { view, fields: Vec::new(), out: Vec::new() };
    reader.visit(doc.root_element());
    reader.out
}

struct Reader {
    view: View,
    /// Open fields: (instruction, past the separator).
    fields: Vec<(String, bool)>,
    out: Vec<String>,
}

fn w<'a>(n: roxmltree::Node<'a, 'a>) -> &'a str {
    if n.tag_name().namespace() == Some("http://schemas.openxmlformats.org/wordprocessingml/2006/main") {
        n.tag_name().name()
    } else {
        ""
    }
}

fn has_mark(n: roxmltree::Node<'_, '_>, property: &str, mark: &str) -> bool {
    n.children().find(|c| w(*c) == property).is_some_and(|p| p.descendants().any(|d| w(d) == mark))
}

impl Reader {
    /// The change a view drops: deletions when accepting, insertions when rejecting.
    fn dropped(&self) -> Option<&'static str> {
        match self.view {
            View::Plain => None,
            View::Accepted => Some("del"),
            View::Rejected => Some("ins"),
        }
    }

    fn visit(&mut self, n: roxmltree::Node<'_, '_>) {
        for c in n.children().filter(|c| c.is_element()) {
            match w(c) {
                "p" => {
                    let mut text = String::new();
                    self.runs(c, &mut text);
                    // A paragraph whose mark the view drops is gone (its text was dropped
                    // with it, which the assertion checks).
                    let gone = self
                        .dropped()
                        .is_some_and(|d| has_mark(c.children().find(|p| w(*p) == "pPr").unwrap_or(c), "rPr", d));
                    if gone {
                        assert!(
                            text.trim().is_empty(),
                            "a paragraph dropped whole in {:?} keeps text {text:?}",
                            self.view
                        );
                    } else {
                        self.out.push(text);
                    }
                }
                "tr" if self.dropped().is_some_and(|d| has_mark(c, "trPr", d)) => {
                    // The row is gone; still follow any field that opens or closes in it.
                    let mut ignore = String::new();
                    for p in c.descendants().filter(|d| w(*d) == "p") {
                        self.runs(p, &mut ignore);
                    }
                }
                "pPr" | "rPr" | "trPr" | "sectPr" => {}
                _ => self.visit(c),
            }
        }
    }

    fn runs(&mut self, n: roxmltree::Node<'_, '_>, text: &mut String) {
        for c in n.children().filter(|c| c.is_element()) {
            let name = w(c);
            if Some(name) == self.dropped() {
                // Skipped whole: a field inside a change opens and closes inside it.
                continue;
            }
            match name {
                "pPr" | "rPr" => {}
                "fldChar" => {
                    match c.attribute(("http://schemas.openxmlformats.org/wordprocessingml/2006/main", "fldCharType")) {
                        Some("begin") => self.fields.push((String::new(), false)),
                        Some("separate") => {
                            if let Some(f) = self.fields.last_mut() {
                                f.1 = true;
                            }
                        }
                        Some("end") => {
                            self.fields.pop();
                        }
                        _ => {}
                    }
                }
                "instrText" | "delInstrText" => {
                    if let Some(f) = self.fields.last_mut() {
                        f.0.push_str(c.text().unwrap_or(""));
                    }
                }
                "t" | "delText" => {
                    let t = c.text().unwrap_or("");
                    let computed = self.fields.iter().any(|(instr, result)| {
                        *result && (instr.trim_start().starts_with("REF") || instr.trim_start().starts_with("TOC"))
                    });
                    if computed {
                        text.extend(t.chars().map(|ch| if ch.is_ascii_digit() { '#' } else { ch }));
                    } else {
                        text.push_str(t);
                    }
                }
                "tab" => text.push('\t'),
                "br" => text.push('\n'),
                _ => self.runs(c, text),
            }
        }
    }
}

/// `word/document.xml` of a DOCX.
pub fn document_xml(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut f = archive.by_name("word/document.xml").expect("document.xml");
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8");
    s
}

/// Where two lists of paragraphs first differ, for a readable failure.
pub fn first_difference(a: &[String], b: &[String]) -> Option<String> {
    let n = a.len().max(b.len());
    (0..n).find(|&i| a.get(i) != b.get(i)).map(|i| {
        let around = |v: &[String]| v.iter().skip(i.saturating_sub(2)).take(5).cloned().collect::<Vec<_>>();
        format!("paragraph {i} of {}/{}:\n  got:      {:?}\n  expected: {:?}", a.len(), b.len(), around(a), around(b))
    })
}

/// Counts of each tag in the XML, for sanity checks.
pub fn count_tags(xml: &str) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for tag in ["<w:ins ", "<w:del ", "<w:delText", "<w:delInstrText"] {
        m.insert(tag, xml.matches(tag).count());
    }
    m
}
