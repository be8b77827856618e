//! The redline's contract, for every built-in variant: accepting every tracked change gives
//! exactly the NEW draft's text and rejecting every change exactly the OLD draft's, read
//! paragraph by paragraph out of document.xml and compared with the plain DOCX of each
//! draft. Plus what must not be marked (renumbering, references), and determinism.

mod compare_support;
mod docx_fixture;

use caredraft::compare::compare;
use caredraft::doc::{Block, Document, Inline};
use caredraft::engine::Engine;
use caredraft::library::{LibraryFiles, parse_library};
use caredraft::render::docx::{DocxOptions, to_docx_bytes};
use compare_support::*;

fn plain(doc: &Document) -> Vec<String> {
    let bytes = to_docx_bytes(doc, &DocxOptions::default()).expect("docx");
    paragraphs(&document_xml(&bytes), View::Plain)
}

#[test]
fn accepting_all_gives_new_and_rejecting_all_gives_old_for_every_variant() {
    let library = parse_library(&LibraryFiles::built_in()).expect("built-in library");
    let engine = Engine::new(&library).expect("compiles");
    for variant in &library.variants {
        let (old, new, changes) = two_rounds(&library, &engine, &variant.id);
        let old_doc = engine.assemble(&old).expect("old assembles");
        let new_doc = engine.assemble(&new).expect("new assembles");
        let redline = compare(&old_doc, &new_doc);
        let bytes = redline.to_docx("Reviewer").expect("redline docx");
        let xml = document_xml(&bytes);

        let accepted = paragraphs(&xml, View::Accepted);
        let rejected = paragraphs(&xml, View::Rejected);
        let (new_text, old_text) = (plain(&new_doc), plain(&old_doc));
        if let Some(d) = first_difference(&accepted, &new_text) {
            panic!("{}: accepting every change does not give the new draft: {d}", variant.id);
        }
        if let Some(d) = first_difference(&rejected, &old_text) {
            panic!("{}: rejecting every change does not give the old draft: {d}", variant.id);
        }

        // The changes are really there, as Word tracked changes by the named author.
        let tags = count_tags(&xml);
        assert!(tags["<w:ins "] > 0 && tags["<w:del "] > 0, "{}: {tags:?}", variant.id);
        assert!(xml.contains(r#"w:author="Reviewer""#), "{}: author", variant.id);
        assert!(!xml.contains("w:author=\"unnamed\""), "{}: a change without an author", variant.id);
        let joined = accepted.join("\n");
        assert!(joined.contains(&changes.new_name) && !joined.contains(&changes.old_name), "{}", variant.id);
        assert!(rejected.join("\n").contains(&changes.old_name), "{}", variant.id);
        if let Some((_, name)) = &changes.added_entry {
            assert!(joined.contains(name.as_str()), "{}: added entry {name}", variant.id);
            assert!(!rejected.join("\n").contains(name.as_str()), "{}: added entry {name} when rejected", variant.id);
        }
        assert!(changes.alternative.is_some(), "{}: the test switched no alternative", variant.id);
        let (added, removed) = redline.added_and_removed();
        if let Some(id) = &changes.removed_clause {
            assert!(removed.contains(&id.as_str()), "{}: {id} not shown as removed", variant.id);
        }
        assert!(added.is_empty(), "{}: clauses shown as added: {added:?}", variant.id);
    }
}

#[test]
fn the_same_drafts_give_the_same_redline_bytes() {
    let library = parse_library(&LibraryFiles::built_in()).expect("built-in library");
    let engine = Engine::for_variant(&library, "aco-full").expect("compiles");
    let (old, new, _) = two_rounds(&library, &engine, "aco-full");
    let (a, b) = (engine.assemble(&old).expect("old"), engine.assemble(&new).expect("new"));
    let first = compare(&a, &b).to_docx("caredraft").expect("docx");
    let second = compare(&a, &b).to_docx("caredraft").expect("docx");
    assert_eq!(first, second, "two redlines of the same drafts differ");
}

#[test]
fn a_draft_compared_with_itself_has_no_changes() {
    let library = parse_library(&LibraryFiles::built_in()).expect("built-in library");
    let engine = Engine::for_variant(&library, "alliance").expect("compiles");
    let (old, _, _) = two_rounds(&library, &engine, "alliance");
    let doc = engine.assemble(&old).expect("assembles");
    let redline = compare(&doc, &doc);
    assert_eq!(redline.counts(), (0, 0));
    assert!(redline.headings.is_empty());
    let xml = document_xml(&redline.to_docx("caredraft").expect("docx"));
    assert_eq!(count_tags(&xml)["<w:ins "] + count_tags(&xml)["<w:del "], 0);
    assert_eq!(paragraphs(&xml, View::Plain), plain(&doc));
}

/// Every tracked change in `content`, as (inserted?, text).
fn marks(content: &[Inline], out: &mut Vec<(bool, String)>) {
    for i in content {
        match i {
            Inline::Inserted(c) => out.push((true, caredraft::doc::plain_text(c))),
            Inline::Deleted(c) => out.push((false, caredraft::doc::plain_text(c))),
            Inline::Strong(c) | Inline::Emphasis(c) => marks(c, out),
            _ => {}
        }
    }
}

fn all_marks(doc: &Document) -> Vec<(String, bool, String)> {
    let mut out = Vec::new();
    for c in &doc.clauses {
        let mut m = Vec::new();
        for b in &c.blocks {
            match b {
                Block::Numbered(p) => marks(&p.content, &mut m),
                Block::Plain(x) | Block::Definition { meaning: x, .. } => marks(x, &mut m),
                Block::Table(t) => t.header.iter().chain(t.rows.iter().flatten()).for_each(|x| marks(x, &mut m)),
            }
        }
        out.extend(m.into_iter().map(|(ins, text)| (c.id.clone(), ins, text)));
    }
    out
}

/// A clause removed renumbers every clause after it and every reference to them; only the
/// removed clause is marked, and the references read the new numbers.
#[test]
fn a_removed_clause_is_one_deletion_and_renumbering_is_not_a_change() {
    let mut old = docx_fixture::sample();
    // Nothing may refer into the clause that goes (the engine refuses that), so references to
    // it read as plain text in both drafts.
    let first = old.clauses[0].clone();
    let mut targets: Vec<String> = vec![first.bookmark.clone()];
    targets
        .extend(first.blocks.iter().filter_map(|b| if let Block::Numbered(p) = b { p.bookmark.clone() } else { None }));
    for c in &mut old.clauses[1..] {
        caredraft::engine::for_each_inlines_pub(&mut c.blocks, &mut |inlines| {
            for i in inlines.iter_mut() {
                if let Inline::Ref { bookmark, .. } = i
                    && targets.contains(bookmark)
                {
                    *i = Inline::Text(caredraft::doc::plain_text(std::slice::from_ref(i)));
                }
            }
        });
    }
    let mut new = old.clone();
    let removed = new.clauses.remove(0);
    // What the engine would do: every later clause and reference one lower.
    let lower = |n: &str| -> String {
        let mut parts: Vec<String> = n.split('.').map(str::to_owned).collect();
        if let Some(first) = parts.first_mut()
            && let Ok(v) = first.parse::<u32>()
        {
            *first = (v - 1).to_string();
        }
        parts.join(".")
    };
    let mut renumbered_refs = 0;
    for c in &mut new.clauses {
        c.number = lower(&c.number);
        let mut blocks = std::mem::take(&mut c.blocks);
        caredraft::engine::for_each_inlines_pub(&mut blocks, &mut |inlines| {
            for i in inlines.iter_mut() {
                if let Inline::Ref { number, prefix, .. } = i
                    && prefix.starts_with("clause")
                {
                    *number = lower(number);
                    renumbered_refs += 1;
                }
            }
        });
        for b in &mut blocks {
            if let Block::Numbered(p) = b {
                p.number = lower(&p.number);
            }
        }
        c.blocks = blocks;
    }
    assert!(renumbered_refs > 0, "the sample has no reference to renumber");
    let redline = compare(&old, &new);
    let marked = all_marks(&redline.doc);
    assert!(!marked.is_empty());
    for (id, inserted, text) in &marked {
        assert_eq!(id, &removed.id, "a change outside the removed clause: {text:?}");
        assert!(!inserted, "an insertion in a removed clause: {text:?}");
    }
    let (added, gone) = redline.added_and_removed();
    assert!(added.is_empty());
    assert_eq!(gone, vec![removed.id.as_str()]);
    // The rest of the text is NEW's, references with their new numbers.
    let xml = document_xml(&redline.to_docx("caredraft").expect("docx"));
    assert_eq!(paragraphs(&xml, View::Accepted), plain(&new));
    assert_eq!(paragraphs(&xml, View::Rejected), plain(&old));
}

/// The typed text on the cover and in the running header ("Version: Draft 1", the DRAFT
/// mark) changes as marked text too, and the header's changes are numbered the same way
/// every time.
#[test]
fn the_draft_mark_and_version_are_marked_on_the_cover_and_in_the_header() {
    let old = docx_fixture::sample();
    let mut new = old.clone();
    new.meta.is_draft = false;
    new.meta.version = "Final".into();
    let redline = compare(&old, &new);
    let bytes = redline.to_docx("caredraft").expect("docx");
    assert_eq!(bytes, compare(&old, &new).to_docx("caredraft").expect("docx"), "two runs differ");
    let parts = docx_fixture::unzip(&bytes);
    let headers: Vec<&String> = parts.iter().filter(|(k, _)| k.starts_with("word/header")).map(|(_, v)| v).collect();
    assert!(
        headers.iter().any(|h| h.contains("<w:del ") && h.contains("<w:delText xml:space=\"preserve\">DRAFT")),
        "no deleted DRAFT mark in the running header"
    );
    let xml = document_xml(&bytes);
    assert_eq!(paragraphs(&xml, View::Accepted), plain(&new));
    assert_eq!(paragraphs(&xml, View::Rejected), plain(&old));
    assert!(paragraphs(&xml, View::Rejected).iter().any(|p| p == "Version: Draft 1"));
    assert!(paragraphs(&xml, View::Accepted).iter().any(|p| p == "Version: Final"));
}
