//! The DOCX writer, checked from the XML inside the package.

mod docx_fixture;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;

use caredraft::doc::*;
use caredraft::render::docx::{DocxOptions, to_docx_bytes};
use docx_fixture::*;
use regex::Regex;

fn render(doc: &Document, annotated: bool) -> BTreeMap<String, String> {
    unzip(&to_docx_bytes(doc, &DocxOptions { annotated }).expect("docx bytes"))
}

fn part<'a>(parts: &'a BTreeMap<String, String>, name: &str) -> &'a str {
    parts.get(name).unwrap_or_else(|| panic!("no part {name}"))
}

/// All visible text of a part (the contents of `<w:t>` elements), concatenated.
fn visible_text(xml: &str) -> String {
    let re = Regex::new(r"<w:t(?: [^>]*)?>([^<]*)</w:t>").unwrap();
    re.captures_iter(xml).map(|c| c[1].to_owned()).collect::<Vec<_>>().join("")
}

// ---------------------------------------------------------------- numbering

/// (numFmt, lvlText) per abstractNum id and level, and abstractNum id per num id,
/// with the levels a num restarts.
struct Lists {
    levels: BTreeMap<(u32, usize), (String, String)>,
    nums: BTreeMap<u32, u32>,
}

fn parse_numbering(xml: &str) -> Lists {
    let abs = Regex::new(r#"(?s)<w:abstractNum w:abstractNumId="(\d+)"[^>]*>(.*?)</w:abstractNum>"#).unwrap();
    let lvl =
        Regex::new(r#"(?s)<w:lvl w:ilvl="(\d+)"[^>]*>.*?<w:numFmt w:val="(\w+)" />.*?<w:lvlText w:val="([^"]*)" />"#)
            .unwrap();
    let num = Regex::new(r#"<w:num w:numId="(\d+)"[^>]*><w:abstractNumId w:val="(\d+)" />"#).unwrap();
    let mut levels = BTreeMap::new();
    for a in abs.captures_iter(xml) {
        let id: u32 = a[1].parse().unwrap();
        for l in lvl.captures_iter(&a[2]) {
            levels.insert((id, l[1].parse().unwrap()), (l[2].to_owned(), l[3].to_owned()));
        }
    }
    let nums = num.captures_iter(xml).map(|c| (c[1].parse().unwrap(), c[2].parse().unwrap())).collect();
    Lists { levels, nums }
}

fn format_number(n: usize, fmt: &str) -> String {
    fn letters(mut n: usize, base: u8) -> String {
        // a..z, aa..zz (Word repeats the letter)
        let mut count = 1;
        while n > 26 {
            n -= 26;
            count += 1;
        }
        std::iter::repeat_n((base + (n as u8 - 1)) as char, count).collect()
    }
    fn roman(mut n: usize) -> String {
        let table = [
            (1000, "m"),
            (900, "cm"),
            (500, "d"),
            (400, "cd"),
            (100, "c"),
            (90, "xc"),
            (50, "l"),
            (40, "xl"),
            (10, "x"),
            (9, "ix"),
            (5, "v"),
            (4, "iv"),
            (1, "i"),
        ];
        let mut s = String::new();
        for (v, r) in table {
            while n >= v {
                s.push_str(r);
                n -= v;
            }
        }
        s
    }
    match fmt {
        "decimal" => n.to_string(),
        "lowerLetter" => letters(n, b'a'),
        "upperLetter" => letters(n, b'A'),
        "lowerRoman" => roman(n),
        other => panic!("unexpected numFmt {other}"),
    }
}

/// What Word displays for every numbered paragraph, in document order, by
/// simulating the list counters over the written `<w:numPr>`s.
fn simulated_numbers(document: &str, lists: &Lists) -> Vec<String> {
    let re = Regex::new(r#"<w:numPr><w:numId w:val="(\d+)" /><w:ilvl w:val="(\d+)" /></w:numPr>"#).unwrap();
    let mut counters: BTreeMap<u32, [usize; 9]> = BTreeMap::new();
    let mut out = vec![];
    for c in re.captures_iter(document) {
        let num: u32 = c[1].parse().unwrap();
        let ilvl: usize = c[2].parse().unwrap();
        let abs = lists.nums[&num];
        let counter = counters.entry(num).or_insert([0; 9]);
        counter[ilvl] += 1;
        for deeper in counter.iter_mut().skip(ilvl + 1) {
            *deeper = 0;
        }
        let (_, text) = &lists.levels[&(abs, ilvl)];
        let mut shown = text.clone();
        for (k, value) in counter.iter().enumerate().take(ilvl + 1) {
            let (fmt, _) = &lists.levels[&(abs, k)];
            shown = shown.replace(&format!("%{}", k + 1), &format_number(*value, fmt));
        }
        out.push(shown);
    }
    out
}

/// The numbers the engine put in the tree, in the order the writer places them.
fn tree_numbers(doc: &Document) -> Vec<String> {
    let mut out: Vec<String> = (1..=doc.parties.len()).map(|i| format!("({i})")).collect();
    out.extend(doc.background.iter().map(|p| p.number.clone()));
    let numbered = |blocks: &[Block]| -> Vec<String> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Numbered(p) => Some(p.number.clone()),
                _ => None,
            })
            .collect()
    };
    for c in &doc.clauses {
        out.push(c.number.clone());
        out.extend(numbered(&c.blocks));
    }
    for s in &doc.schedules {
        out.extend(numbered(&s.blocks));
    }
    out
}

/// The tree writes level-1 numbers without the list's trailing period.
fn comparable(shown: &str) -> String {
    shown.strip_suffix('.').unwrap_or(shown).to_owned()
}

#[test]
fn numbering_defines_a_five_level_legal_outline() {
    let parts = render(&sample(), false);
    let xml = part(&parts, "word/numbering.xml");
    let lists = parse_numbering(xml);
    // Our lists use ids >= 2 (docx-rs owns id 1).
    let clause_abs = lists.nums[&2];
    assert!(clause_abs >= 2);
    let levels: Vec<_> = (0..5).map(|l| lists.levels[&(clause_abs, l)].clone()).collect();
    let want = [
        ("decimal", "%1."),
        ("decimal", "%1.%2"),
        ("decimal", "%1.%2.%3"),
        ("lowerLetter", "(%4)"),
        ("lowerRoman", "(%5)"),
    ];
    for (got, (fmt, text)) in levels.iter().zip(want) {
        assert_eq!((got.0.as_str(), got.1.as_str()), (fmt, text));
    }
    let abstract_block =
        Regex::new(&format!(r#"(?s)<w:abstractNum w:abstractNumId="{clause_abs}"[^>]*>(.*?)</w:abstractNum>"#))
            .unwrap();
    let body = &abstract_block.captures(xml).unwrap()[1];
    assert!(body.matches("<w:lvl ").count() >= 5);
    // Recitals are lettered by their own list.
    assert!(xml.contains(r#"<w:numFmt w:val="upperLetter" /><w:lvlText w:val="(%1)" />"#));
    // Each schedule has its own num instance, restarted.
    assert!(xml.contains(r#"<w:num w:numId="10">"#));
    assert!(xml.contains(r#"<w:num w:numId="11">"#));
    assert!(xml.contains(r#"<w:startOverride w:val="1" />"#));
}

#[test]
fn word_computes_the_numbers_the_engine_computed() {
    for doc in [sample(), large(60)] {
        let parts = render(&doc, false);
        let lists = parse_numbering(part(&parts, "word/numbering.xml"));
        let shown = simulated_numbers(part(&parts, "word/document.xml"), &lists);
        let shown: Vec<String> = shown.iter().map(|s| comparable(s)).collect();
        assert_eq!(shown, tree_numbers(&doc));
    }
}

#[test]
fn numbers_are_not_typed_into_the_text() {
    let parts = render(&sample(), false);
    let doc = part(&parts, "word/document.xml");
    let text = visible_text(doc);
    assert!(!text.contains("2.2.1"), "clause numbers must come from the list");
    assert!(!text.contains("(a)"));
    assert!(doc.matches("<w:numPr>").count() >= 25);
    // Clause headings: Heading 1 on level 0 of the clause list.
    assert!(
        doc.contains(r#"<w:pStyle w:val="Heading1" /><w:numPr><w:numId w:val="2" /><w:ilvl w:val="0" /></w:numPr>"#)
    );
    assert!(
        doc.contains(r#"<w:pStyle w:val="Clause5" /><w:numPr><w:numId w:val="2" /><w:ilvl w:val="4" /></w:numPr>"#)
    );
}

// ---------------------------------------------------------------- styles and page

#[test]
fn styles_are_named_and_restylable() {
    let parts = render(&sample(), false);
    let styles = part(&parts, "word/styles.xml");
    for id in [
        "Title",
        "Heading1",
        "Heading2",
        "Heading3",
        "Clause1",
        "Clause2",
        "Clause3",
        "Clause4",
        "Clause5",
        "BodyText",
        "Definition",
        "ScheduleTitle",
        "Schedule1",
        "Schedule2",
        "TOC1",
        "Header",
        "Footer",
    ] {
        assert!(styles.contains(&format!(r#"w:type="paragraph" w:styleId="{id}""#)), "missing paragraph style {id}");
    }
    assert!(styles.contains(r#"w:type="table" w:styleId="CareTable""#));
    assert!(styles.contains(r#"<w:name w:val="heading 1" />"#));
    assert!(styles.contains(r#"w:ascii="Arial""#));
    assert!(styles.contains(r#"<w:sz w:val="22" />"#));
    // British English for spelling, in the defaults every style inherits.
    let defaults = styles.split("<w:rPrDefault>").nth(1).and_then(|s| s.split("</w:rPrDefault>").next()).unwrap();
    assert!(defaults.contains(r#"<w:lang w:val="en-GB" w:eastAsia="en-GB" />"#), "{defaults}");
    let doc = part(&parts, "word/document.xml");
    assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#));
    assert!(doc.contains(r#"w:top="1440""#));
    assert!(doc.contains("<w:titlePg />"));
}

// ---------------------------------------------------------------- cross-references

#[test]
fn bookmarks_wrap_every_target() {
    let doc = sample();
    let parts = render(&doc, false);
    let xml = part(&parts, "word/document.xml");
    let start = Regex::new(r#"<w:bookmarkStart w:id="(\d+)" w:name="(\w+)" />"#).unwrap();
    let mut names = BTreeSet::new();
    for c in start.captures_iter(xml) {
        assert!(names.insert(c[2].to_owned()), "duplicate bookmark {}", &c[2]);
        assert!(xml.contains(&format!(r#"<w:bookmarkEnd w:id="{}" />"#, &c[1])), "bookmark {} not closed", &c[2]);
    }
    for c in &doc.clauses {
        assert!(names.contains(&c.bookmark), "clause bookmark {}", c.bookmark);
    }
    for s in &doc.schedules {
        assert!(names.contains(&s.bookmark), "schedule bookmark {}", s.bookmark);
    }
    for name in ["cl_alliance_objectives", "sch1_targets", "cl_alliance_plan_b", "rec_b"] {
        assert!(names.contains(name), "{name}");
    }
}

#[test]
fn refs_are_live_fields_with_cached_numbers() {
    let parts = render(&sample(), false);
    let xml = part(&parts, "word/document.xml");
    let field = |instr: &str, cached: &str| {
        let re = Regex::new(&format!(
            concat!(
                r#"<w:r><w:rPr /><w:fldChar w:fldCharType="begin"[^>]*/></w:r>"#,
                r#"<w:r><w:rPr /><w:instrText>{}</w:instrText></w:r>"#,
                r#"<w:r><w:rPr /><w:fldChar w:fldCharType="separate"[^>]*/></w:r>"#,
                r#"<w:r><w:rPr /><w:t xml:space="preserve">{}</w:t></w:r>"#,
                r#"<w:r><w:rPr /><w:fldChar w:fldCharType="end"[^>]*/></w:r>"#
            ),
            regex::escape(instr),
            regex::escape(cached)
        ))
        .unwrap();
        assert!(re.is_match(xml), "no field {instr} with result {cached}");
    };
    field(r"REF cl_alliance_objectives \w \h", "2.1");
    field(r"REF cl_interpretation \w \h", "1.2");
    field(r"REF cl_disputes \w \h", "3");
    field(r"REF sch1_targets \w \h", "1.2");
    field(r"REF cl_alliance_plan_b \w \h", "2.2.2(b)");
    field(r"REF rec_b \w \h", "(B)");
    // Schedule numbers are typed text, so their REF has no \w.
    field(r"REF sch_objectives \h", "1");
    // The words around the number are plain text.
    let text = visible_text(xml);
    assert!(text.contains("Any dispute about clause 2.1 or paragraph 1.2 of Schedule 1 shall"));
    // Every REF points at a bookmark in the document.
    let refs = Regex::new(r"<w:instrText>REF (\w+) ").unwrap();
    for c in refs.captures_iter(xml) {
        assert!(xml.contains(&format!(r#"w:name="{}""#, &c[1])), "dangling REF {}", &c[1]);
    }
    assert!(!xml.contains("HYPERLINK"));
}

#[test]
fn a_ref_to_a_missing_target_is_plain_text() {
    let mut doc = sample();
    doc.clauses[0].blocks.push(num(2, "1.3", None, vec![t("See "), r("clause ", "99.9", "", "cl_nowhere"), t(".")]));
    let parts = render(&doc, false);
    let xml = part(&parts, "word/document.xml");
    assert!(!xml.contains("REF cl_nowhere"));
    assert!(visible_text(xml).contains("See clause 99.9."));
}

// ---------------------------------------------------------------- contents

#[test]
fn contents_is_a_toc_field_with_cached_entries() {
    let doc = sample();
    let parts = render(&doc, false);
    let xml = part(&parts, "word/document.xml");
    assert!(xml.contains(r#"<w:instrText>TOC \o "1-1" \h \z \u</w:instrText>"#));
    // "TOC \" appears only as a field instruction, never as visible text.
    assert_eq!(xml.matches(r"TOC \").count(), 1);
    assert!(!visible_text(xml).contains("TOC"));
    assert!(!xml.contains("PAGEREF"));
    // Entries sit between the TOC's separate and end.
    let toc = Regex::new(
        r#"(?s)<w:instrText>TOC [^<]*</w:instrText></w:r><w:r><w:rPr /><w:fldChar w:fldCharType="separate"[^>]*/></w:r>(.*?)<w:fldChar w:fldCharType="end""#,
    )
    .unwrap();
    let entries = visible_text(&toc.captures(xml).expect("a TOC field")[1]);
    for c in &doc.clauses {
        assert!(entries.contains(&format!("{}.", c.number)));
        assert!(entries.contains(&c.title), "TOC lacks {}", c.title);
    }
    for s in &doc.schedules {
        assert!(entries.contains(&format!("Schedule {}: {}", s.number, s.title)));
    }
    assert!(xml.matches(r#"<w:pStyle w:val="TOC1" />"#).count() >= 5);
}

// ---------------------------------------------------------------- front and back matter

#[test]
fn cover_parties_background_schedules_and_execution() {
    let doc = sample();
    let parts = render(&doc, false);
    let xml = part(&parts, "word/document.xml");
    let text = visible_text(xml);
    for needle in [
        "Alliance Agreement",
        "between",
        "(1) NHS Kent and Medway Integrated Care Board",
        "Dated 1 April 2027",
        "Version: Draft 1",
        "DRAFT \u{2014} subject to contract",
        "This Alliance Agreement is dated 1 April 2027.",
        "Parties",
        "(the \u{201C}Commissioner\u{201D})",
        "Background",
        "Part 2: The Alliance",
        "Schedule 1Objectives and Outcome Measures",
        "Execution",
        "This Agreement has been entered into",
        "Signed for and on behalf of Maidstone and Tunbridge Wells NHS Trust",
    ] {
        assert!(text.contains(needle), "missing {needle:?}");
    }
    // Schedules start on a new page.
    assert_eq!(xml.matches(r#"<w:pStyle w:val="ScheduleTitle" /><w:pageBreakBefore />"#).count(), 2);
    // Signature blocks: borderless tables with a label column and a line to sign on.
    for label in ["Signature", "Name", "Position", "Date"] {
        assert_eq!(xml.matches(&format!(r#"<w:t xml:space="preserve">{label}</w:t>"#)).count(), 3, "{label}");
    }
    assert!(xml.contains(r#"<w:bottom w:val="single" w:sz="6" w:space="0" w:color="000000" />"#));
}

#[test]
fn header_and_footer_carry_title_draft_mark_and_page_fields() {
    let parts = render(&sample(), false);
    let headers: String = parts.iter().filter(|(k, _)| k.starts_with("word/header")).map(|(_, v)| v.as_str()).collect();
    assert!(headers.contains("Kent Community Alliance Agreement"));
    assert!(headers.contains("DRAFT \u{2014} subject to contract"));
    let footers: String = parts.iter().filter(|(k, _)| k.starts_with("word/footer")).map(|(_, v)| v.as_str()).collect();
    assert!(footers.contains("<w:instrText>PAGE</w:instrText>"));
    assert!(footers.contains("<w:instrText>NUMPAGES</w:instrText>"));
    assert!(visible_text(&footers).contains("Page 1 of 1"));

    let mut final_doc = sample();
    final_doc.meta.is_draft = false;
    let parts = render(&final_doc, false);
    for (name, xml) in &parts {
        assert!(!xml.contains("subject to contract"), "draft mark in {name}");
    }
}

// ---------------------------------------------------------------- drafting conventions

#[test]
fn definitions_placeholders_and_tables() {
    let parts = render(&sample(), false);
    let xml = part(&parts, "word/document.xml");
    assert!(xml.contains(
        r#"<w:pStyle w:val="Definition" /></w:pPr><w:r><w:rPr><w:b /><w:bCs /></w:rPr><w:t xml:space="preserve">Commencement Date:</w:t>"#
    ));
    assert!(xml.contains(
        r#"<w:r><w:rPr><w:highlight w:val="yellow" /></w:rPr><w:t xml:space="preserve">[Commencement Date]</w:t></w:r>"#
    ));
    assert!(xml.contains("[Number of days]"));
    assert_eq!(xml.matches("<w:tblHeader />").count(), 1);
    assert!(xml.contains(r#"<w:tblStyle w:val="CareTable" />"#));
    assert!(xml.contains(r#"<w:insideV w:val="single" w:sz="4""#));
    assert!(!xml.contains(r#"<w:trHeight w:val="1""#));
}

// ---------------------------------------------------------------- properties

#[test]
fn core_and_custom_properties() {
    let parts = render(&sample(), false);
    let core = part(&parts, "docProps/core.xml");
    assert!(core.contains("<dc:title>Alliance Agreement</dc:title>"));
    assert!(core.contains("<dc:subject>Alliance Agreement</dc:subject>"));
    assert!(core.contains("<dc:creator>caredraft 0.1.0</dc:creator>"));
    assert!(core.contains("<dc:language>en-GB</dc:language>"));
    assert!(core.contains(r#"<dcterms:created xsi:type="dcterms:W3CDTF">2027-04-01T00:00:00Z"#));
    assert!(!core.contains("unknown"));
    let custom = part(&parts, "docProps/custom.xml");
    for (name, value) in [
        ("Variant", "alliance"),
        ("Library", "nhs-accountable-care"),
        ("LibraryVersion", "1.4.0"),
        ("AnswersHash", "9f2c1e7a0b3d4c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6"),
    ] {
        assert!(custom.contains(&format!(r#"name="{name}"><vt:lpwstr>{value}</vt:lpwstr>"#)), "{name}");
    }
    assert!(part(&parts, "[Content_Types].xml").contains("/docProps/custom.xml"));
}

#[test]
fn metadata_is_escaped() {
    let mut doc = sample();
    doc.meta.title = "Smith & Jones <Alliance> \"Agreement\"\u{1}".into();
    let parts = render(&doc, false);
    let core = part(&parts, "docProps/core.xml");
    assert!(core.contains("<dc:title>Smith &amp; Jones &lt;Alliance&gt; &quot;Agreement&quot;</dc:title>"));
    assert!(part(&parts, "word/document.xml").contains("Smith &amp; Jones &lt;Alliance&gt;"));
}

// ---------------------------------------------------------------- determinism

#[test]
fn same_document_same_bytes() {
    let doc = sample();
    let opts = DocxOptions { annotated: true };
    let a = to_docx_bytes(&doc, &opts).unwrap();
    // Disturb docx-rs's thread-local id counters in between.
    for _ in 0..50 {
        let _ = docx_rs::Paragraph::new();
    }
    let b = to_docx_bytes(&doc, &opts).unwrap();
    let c =
        std::thread::spawn(move || to_docx_bytes(&sample(), &DocxOptions { annotated: true }).unwrap()).join().unwrap();
    assert_eq!(a, b);
    assert_eq!(a, c);

    let mut archive = zip::ZipArchive::new(Cursor::new(&a)).unwrap();
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    assert_eq!(names[0], "[Content_Types].xml");
    for i in 0..archive.len() {
        let f = archive.by_index(i).unwrap();
        let when = f.last_modified().unwrap();
        assert_eq!((when.year(), when.month(), when.day()), (2027, 4, 1), "{}", f.name());
    }
}

#[test]
fn without_an_iso_date_the_timestamp_is_fixed() {
    if std::env::var_os("SOURCE_DATE_EPOCH").is_some() {
        return;
    }
    let mut doc = sample();
    doc.meta.iso_date = None;
    let a = to_docx_bytes(&doc, &DocxOptions::default()).unwrap();
    let parts = unzip(&a);
    assert!(part(&parts, "docProps/core.xml").contains("2026-01-01T00:00:00Z"));
    assert_eq!(a, to_docx_bytes(&doc, &DocxOptions::default()).unwrap());
}

// ---------------------------------------------------------------- annotated

#[test]
fn annotated_drafts_carry_drafting_notes_as_comments() {
    let parts = render(&sample(), true);
    let comments = part(&parts, "word/comments.xml");
    for note in [NOTE_ALLIANCE, NOTE_DISPUTES, NOTE_SCHEDULE] {
        let escaped = note.replace('\'', "&apos;");
        assert!(comments.contains(&escaped), "missing note {note}");
    }
    assert_eq!(comments.matches(r#"w:author="caredraft""#).count(), 3);
    let xml = part(&parts, "word/document.xml");
    // Anchored on the clause heading.
    assert!(xml.contains(r#"<w:commentRangeStart w:id="1" /><w:bookmarkStart w:id="4" w:name="cl_alliance" />"#));
    assert_eq!(xml.matches("<w:commentReference").count(), 3);
    assert!(part(&parts, "word/_rels/document.xml.rels").contains("comments.xml"));
}

#[test]
fn clean_drafts_have_no_comments() {
    let parts = render(&sample(), false);
    assert!(!part(&parts, "word/comments.xml").contains("<w:comment "));
    let xml = part(&parts, "word/document.xml");
    assert!(!xml.contains("commentRangeStart"));
    assert!(!xml.contains("commentReference"));
    for (name, xml) in &parts {
        assert!(!xml.contains("joint forward plan"), "drafting note in {name}");
    }
}

// ---------------------------------------------------------------- bad input

#[test]
fn control_characters_are_removed_and_scripts_survive() {
    let mut doc = sample();
    doc.meta.short_title = "Short\u{0}\u{B}title\u{FFFF}".into();
    doc.parties[0].name = vec![t("Trust\u{7F}\u{1} \u{1F600}")];
    let bytes = to_docx_bytes(&doc, &DocxOptions::default()).unwrap();
    let parts = unzip(&bytes);
    for (name, xml) in &parts {
        for bad in ['\u{0}', '\u{1}', '\u{7}', '\u{B}', '\u{1B}', '\u{7F}', '\u{FFFE}', '\u{FFFF}'] {
            assert!(!xml.contains(bad), "{bad:?} in {name}");
        }
    }
    let xml = part(&parts, "word/document.xml");
    for good in [HEBREW, ARABIC, EMOJI, LONG_WORD, "Trust \u{1F600}"] {
        assert!(xml.contains(good), "lost {good}");
    }
    let headers: String = parts.iter().filter(|(k, _)| k.starts_with("word/header")).map(|(_, v)| v.as_str()).collect();
    assert!(headers.contains("Shorttitle"));
}

#[test]
fn tabs_and_newlines_become_word_tabs_and_breaks() {
    let mut doc = sample();
    doc.clauses[0].blocks.push(Block::Plain(vec![t("a\tb\nc\r\nd")]));
    let parts = render(&doc, false);
    let xml = part(&parts, "word/document.xml");
    assert!(xml.contains(
        r#"<w:t xml:space="preserve">a</w:t></w:r><w:r><w:rPr /><w:tab /></w:r><w:r><w:rPr /><w:t xml:space="preserve">b</w:t></w:r><w:r><w:rPr /><w:br w:type="textWrapping" /></w:r>"#
    ));
    assert!(!xml.contains('\r'));
}

#[test]
fn an_empty_document_still_renders() {
    let doc = Document {
        meta: meta(),
        parties: vec![],
        background: vec![],
        clauses: vec![],
        schedules: vec![],
        execution: Execution { intro: vec![], blocks: vec![] },
        placeholders: vec![],
    };
    let parts = render(&doc, true);
    let xml = part(&parts, "word/document.xml");
    assert!(xml.contains(r#"<w:instrText>TOC \o "1-1" \h \z \u</w:instrText>"#));
    assert!(xml.contains(r#"<w:fldChar w:fldCharType="end""#));
}

#[test]
fn odd_bookmark_names_and_duplicates_are_tamed() {
    let mut doc = sample();
    doc.clauses[1].bookmark = "cl-alliance objectives!".into();
    doc.clauses[2].bookmark = "cl_definitions".into(); // duplicate of clause 1
    let parts = render(&doc, false);
    let xml = part(&parts, "word/document.xml");
    assert!(xml.contains(r#"w:name="clallianceobjectives""#));
    assert_eq!(xml.matches(r#"w:name="cl_definitions""#).count(), 1);
}

#[test]
fn dump_sample_when_asked() {
    if let Ok(dir) = std::env::var("CAREDRAFT_DOCX_DUMP") {
        let bytes = to_docx_bytes(&sample(), &DocxOptions { annotated: true }).unwrap();
        std::fs::write(format!("{dir}/sample.docx"), &bytes).unwrap();
        let bytes = to_docx_bytes(&large(60), &DocxOptions::default()).unwrap();
        std::fs::write(format!("{dir}/large.docx"), &bytes).unwrap();
        for (name, text) in unzip(&to_docx_bytes(&sample(), &DocxOptions { annotated: true }).unwrap()) {
            std::fs::write(format!("{dir}/{}", name.replace('/', "_")), text).unwrap();
        }
    }
}

/// Every cross-reference in every built-in draft is a live REF field to a bookmark that
/// exists: the engine's bookmark names (`_Ref_...`) must survive the writer.
#[test]
fn built_in_drafts_cross_reference_with_live_fields() {
    use caredraft::answers::{init_file, parse_answers};
    use caredraft::engine::Engine;
    use caredraft::library::{LibraryFiles, parse_library};
    let library = parse_library(&LibraryFiles::built_in()).expect("built-in library");
    let engine = Engine::new(&library).expect("compiles");
    let field = Regex::new(r"<w:instrText[^>]*>\s*REF (\S+)").unwrap();
    let mark = Regex::new(r#"<w:bookmarkStart [^>]*w:name="([^"]+)""#).unwrap();
    for v in &library.variants {
        let answers = parse_answers("a.toml", &init_file(&library, v), &library).expect("answers");
        let doc = engine.assemble(&answers).expect("assembles");
        let mut refs = 0;
        let mut blocks: Vec<Block> = doc.clauses.iter().flat_map(|c| c.blocks.clone()).collect();
        caredraft::engine::for_each_inlines_pub(&mut blocks, &mut |inlines| {
            refs += inlines.iter().filter(|i| matches!(i, Inline::Ref { .. })).count();
        });
        let parts = unzip(&to_docx_bytes(&doc, &DocxOptions::default()).expect("docx"));
        let xml = part(&parts, "word/document.xml");
        let marks: BTreeSet<&str> = mark.captures_iter(xml).map(|c| c.get(1).unwrap().as_str()).collect();
        let fields: Vec<&str> = field.captures_iter(xml).map(|c| c.get(1).unwrap().as_str()).collect();
        assert!(refs > 0, "{}: the draft has no cross-references", v.id);
        assert!(fields.len() >= refs, "{}: {refs} cross-references but {} REF fields", v.id, fields.len());
        for f in fields {
            assert!(marks.contains(f), "{}: REF {f} has no bookmark", v.id);
        }
    }
}

// ---------------------------------------------------------------- finish a commissioner noticed

#[test]
fn word_is_asked_to_update_fields_on_opening() {
    let parts = render(&sample(), false);
    let settings = part(&parts, "word/settings.xml");
    // Before w:compat, where the schema puts it; Word ignores it anywhere else.
    let update = settings.find(r#"<w:updateFields w:val="true" />"#).expect("updateFields in settings");
    let compat = settings.find("<w:compat>").expect("compat in settings");
    assert!(update < compat, "{settings}");
}

#[test]
fn contents_lists_part_headings_where_the_body_has_them() {
    let doc = sample();
    let parts = render(&doc, false);
    let xml = part(&parts, "word/document.xml");
    let toc = Regex::new(r#"(?s)<w:instrText>TOC [^<]*</w:instrText>(.*?)<w:fldChar w:fldCharType="end""#).unwrap();
    let field = &toc.captures(xml).expect("a TOC field")[1];
    let entries = visible_text(field);
    let headings: Vec<&str> = doc.clauses.iter().filter_map(|c| c.part_heading.as_deref()).collect();
    assert!(!headings.is_empty(), "the fixture has part headings");
    for (c, next) in doc.clauses.iter().filter(|c| c.part_heading.is_some()).map(|c| (c, &c.title)) {
        let heading = c.part_heading.as_deref().unwrap_or_default();
        let at = entries.find(heading).unwrap_or_else(|| panic!("contents lacks {heading:?}: {entries}"));
        let title_at = entries.find(next.as_str()).expect("clause title in contents");
        assert!(at < title_at, "{heading:?} must come before {next:?}");
        // In bold, as a heading among the entries.
        let bold = format!(r#"<w:b /><w:bCs /></w:rPr><w:t xml:space="preserve">{heading}</w:t>"#);
        assert!(field.contains(&bold), "part heading {heading:?} not bold in contents");
    }
    // When Word rebuilds the contents, it keeps the Part headings: the style has an outline level.
    let styles = part(&parts, "word/styles.xml");
    let part_style = Regex::new(r#"(?s)<w:style w:type="paragraph" w:styleId="PartHeading">(.*?)</w:style>"#).unwrap();
    let part_style = &part_style.captures(styles).expect("PartHeading style")[1];
    assert!(part_style.contains(r#"<w:outlineLvl w:val="0" />"#), "{part_style}");
}

#[test]
fn sub_lists_hang_from_the_clause_text() {
    let parts = render(&sample(), false);
    let lists = part(&parts, "word/numbering.xml");
    let level = |ilvl: usize| {
        let re = Regex::new(&format!(
            r#"(?s)<w:abstractNum w:abstractNumId="2"[^>]*>.*?<w:lvl w:ilvl="{ilvl}"[^>]*>(.*?)</w:lvl>"#
        ))
        .unwrap();
        let lvl = re.captures(lists).expect("level")[1].to_owned();
        let ind = Regex::new(r#"<w:ind w:left="(\d+)"[^>]*w:hanging="(\d+)""#).unwrap();
        let c = ind.captures(&lvl).expect("indent");
        (c[1].parse::<i32>().unwrap(), c[2].parse::<i32>().unwrap())
    };
    let (clause_left, _) = level(1); // 1.1: its text starts here
    let (a_left, a_hanging) = level(3); // (a)
    let (i_left, i_hanging) = level(4); // (i)
    assert_eq!(a_left - a_hanging, clause_left, "(a) starts at the clause text");
    assert_eq!(i_left - i_hanging, a_left, "(i) starts at (a)'s text");
}

#[test]
fn a_signature_block_is_kept_on_one_page() {
    let doc = sample();
    let parts = render(&doc, false);
    let xml = part(&parts, "word/document.xml");
    let execution = &xml[xml.find(">Execution<").expect("execution page")..];
    let tables = Regex::new(r"(?s)<w:tbl>(.*?)</w:tbl>").unwrap();
    let rows = Regex::new(r"(?s)<w:tr>(.*?)</w:tr>").unwrap();
    let blocks: Vec<_> = tables.captures_iter(execution).collect();
    assert_eq!(blocks.len(), doc.execution.blocks.len());
    for block in blocks {
        let rows: Vec<String> = rows.captures_iter(&block[1]).map(|r| r[1].to_owned()).collect();
        let (last, rest) = rows.split_last().expect("rows");
        for row in rest {
            assert!(row.contains("<w:keepNext />"), "a row not kept with the next: {row}");
            assert!(row.contains("<w:cantSplit />"), "a row that may split: {row}");
        }
        assert!(!last.contains("<w:keepNext />"), "the last row must let the next block go to a new page");
    }
}
