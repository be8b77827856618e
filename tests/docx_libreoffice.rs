//! Opens the fixture DOCX the way a reader would: LibreOffice converts it to PDF and
//! pdftotext extracts the text. Skipped (with a notice) when `soffice` is not on PATH,
//! except under CI=true, where a missing LibreOffice is a failure.

mod common;
mod docx_fixture;

use std::path::Path;

use caredraft::render::docx::{DocxOptions, to_docx_bytes};
use common::*;
use docx_fixture::*;

/// The fixture's text as LibreOffice lays it out.
fn convert(docx: &Path) -> String {
    pages_of(&[docx.to_path_buf()]).remove(0)
}

#[test]
fn libreoffice_renders_numbers_references_and_page_fields() {
    if !libreoffice_or_skip("the LibreOffice check") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let docx = dir.path().join("sample.docx");
    let bytes = to_docx_bytes(&sample(), &DocxOptions::default()).expect("docx bytes");
    std::fs::write(&docx, bytes).expect("write docx");
    let text = convert(&docx);
    // Collapse the layout's runs of spaces so wrapped phrases still match.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");

    for needle in [
        "1. Definitions and interpretation",
        "1.1 In this Agreement:",
        "2.2.1 meet at least quarterly;",
        "(a) sets out the priorities",
        "(ii) the other Participants",
        "subject to clause 1.2 and clause 3.",
        "Any dispute about clause 2.1 or paragraph 1.2 of Schedule 1",
        "does not limit clause 2.2.2(b) or Recital (B).",
        "the objectives set out in Schedule 1.",
        "(A) The Commissioner commissions",
        "Schedule 2 Alliance Board Terms of Reference",
        "Contents",
        "Page 1 of",
        "Page 2 of",
        "DRAFT — subject to contract",
        "[Commencement Date]",
    ] {
        assert!(flat.contains(needle), "missing {needle:?} in:\n{text}");
    }
    for name in PARTY_NAMES {
        assert!(flat.contains(name), "missing party {name}");
    }
    for bad in
        ["PAGEREF", "TOC \\o", "Error: Reference source not found", "Error! Reference source not found", "{{", "{%"]
    {
        assert!(!text.contains(bad), "visible {bad:?} in:\n{text}");
    }
}

/// Every built-in variant, filled with party names, as a reader meets it in LibreOffice:
/// numbered headings, a resolved cross-reference, the parties and the page footer.
#[test]
fn every_built_in_variant_opens_in_libreoffice() {
    use caredraft::answers::{AnswerValue, init_file, parse_answers};
    use caredraft::doc::{Block, Inline};
    use caredraft::engine::Engine;
    use caredraft::library::{LibraryFiles, QuestionKind, parse_library};

    if !libreoffice_or_skip("the LibreOffice check") {
        return;
    }
    let library = parse_library(&LibraryFiles::built_in()).expect("built-in library");
    let engine = Engine::new(&library).expect("compiles");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut expected = Vec::new();
    for variant in &library.variants {
        let mut answers = parse_answers("init", &init_file(&library, variant), &library).expect("init answers parse");
        let mut names = Vec::new();
        for (_, q) in library.questions_for(&variant.id) {
            let name = |i: usize| format!("{} Test Party {}", q.label.split_whitespace().next().unwrap_or("A"), i + 1);
            match (q.kind, answers.values.get_mut(&q.id)) {
                // The records that are the main document's parties (not, say, organisations
                // joining later, which sign their own deeds).
                (QuestionKind::Records, Some(AnswerValue::Records(records)))
                    if q.fields.iter().any(|f| f.id == "name") && variant.parties.iter().any(|p| p.from == q.id) =>
                {
                    for (i, r) in records.iter_mut().enumerate() {
                        r.insert("name".into(), AnswerValue::Text(name(i)));
                        names.push(name(i));
                    }
                }
                (QuestionKind::Text, _) if q.id == "provider_name" => {
                    answers.values.insert(q.id.clone(), AnswerValue::Text(name(0)));
                    names.push(name(0));
                }
                _ => {}
            }
        }
        let doc = engine.assemble(&answers).expect("assembles");
        let mut first_ref = None;
        let mut blocks: Vec<Block> = doc.clauses.iter().flat_map(|c| c.blocks.clone()).collect();
        caredraft::engine::for_each_inlines_pub(&mut blocks, &mut |inlines| {
            for i in inlines.iter() {
                if let Inline::Ref { prefix, number, suffix, .. } = i
                    && first_ref.is_none()
                    && !number.is_empty()
                {
                    first_ref = Some(format!("{prefix}{number}{suffix}"));
                }
            }
        });
        let path = dir.path().join(format!("{}.docx", variant.id));
        std::fs::write(&path, to_docx_bytes(&doc, &DocxOptions::default()).expect("docx")).expect("write");
        let headings: Vec<String> = doc.clauses.iter().take(3).map(|c| format!("{}. {}", c.number, c.title)).collect();
        expected.push((variant.id.clone(), path, names, headings, first_ref));
    }
    // One LibreOffice start for all four files.
    let texts = pages_of(&expected.iter().map(|e| e.1.clone()).collect::<Vec<_>>());
    for ((id, _, names, headings, first_ref), text) in expected.into_iter().zip(texts) {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for h in &headings {
            let h = h.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains(&h), "{id}: no heading {h:?}");
        }
        assert!(flat.contains("1.1 "), "{id}: no clause 1.1");
        let first_ref = first_ref.unwrap_or_else(|| panic!("{id}: the draft has no cross-reference"));
        assert!(flat.contains(&first_ref), "{id}: cross-reference {first_ref:?} not shown");
        for n in &names {
            assert!(flat.contains(n.as_str()), "{id}: party {n:?} missing");
        }
        assert!(flat.contains("Page 1 of"), "{id}: no page footer");
        for bad in ["PAGEREF", "TOC \\o", "Reference source not found", "{{", "{%"] {
            assert!(!text.contains(bad), "{id}: visible {bad:?}");
        }
    }
}

/// Nine signature blocks cannot fit on one page: as LibreOffice lays them out, each block's
/// party line and its last line ("Date") are on the same page.
#[test]
fn signature_blocks_never_split_across_pages() {
    use caredraft::doc::{Inline, SignatureBlock};

    if !libreoffice_or_skip("the LibreOffice check") {
        return;
    }
    let mut doc = sample();
    doc.execution.blocks = (1..=9)
        .map(|i| SignatureBlock {
            party: vec![Inline::Text(format!("Signed for and on behalf of Signatory Number {i}"))],
            lines: Vec::new(),
        })
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let docx = dir.path().join("sample.docx");
    std::fs::write(&docx, to_docx_bytes(&doc, &DocxOptions::default()).expect("docx bytes")).expect("write docx");
    let text = convert(&docx);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let page_of = |needle: &str| pages.iter().position(|p| p.contains(needle));
    let mut pages_used = std::collections::BTreeSet::new();
    for i in 1..=9 {
        let party = format!("Signatory Number {i}");
        let start = page_of(&party).unwrap_or_else(|| panic!("{party} not on any page"));
        // The block's rows follow its party line on the same page, down to "Date".
        let after = &pages[start][pages[start].find(&party).unwrap_or_default()..];
        let block = after.split("Signatory Number").nth(1).unwrap_or(after);
        for label in ["Signature", "Name", "Position", "Date"] {
            assert!(block.contains(label), "{party}: {label:?} is not on its page ({})", start + 1);
        }
        pages_used.insert(start);
    }
    assert!(pages_used.len() > 1, "the test needs blocks on more than one page");
}
