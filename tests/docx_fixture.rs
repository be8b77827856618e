//! Hand-built documents for the DOCX writer's tests and benchmark (shared with
//! `benches/docx_render.rs` via `#[path]`). No tests of its own.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use caredraft::doc::*;

pub fn t(s: &str) -> Inline {
    Inline::Text(s.to_owned())
}

pub fn ph(s: &str) -> Inline {
    Inline::Placeholder(Placeholder::for_drafter(s))
}

pub fn r(prefix: &str, number: &str, suffix: &str, bookmark: &str) -> Inline {
    Inline::Ref {
        target: bookmark.to_owned(),
        prefix: prefix.to_owned(),
        number: number.to_owned(),
        suffix: suffix.to_owned(),
        bookmark: bookmark.to_owned(),
    }
}

pub fn num(level: u8, number: &str, bookmark: Option<&str>, content: Inlines) -> Block {
    Block::Numbered(Paragraph { level, number: number.to_owned(), bookmark: bookmark.map(str::to_owned), content })
}

pub fn meta() -> Metadata {
    Metadata {
        cover_title: "Kent and Medway Alliance Agreement".into(),
        title: "Alliance Agreement".into(),
        short_title: "Kent Community Alliance Agreement".into(),
        variant: "alliance".into(),
        variant_title: "Alliance Agreement".into(),
        date: vec![t("1 April 2027")],
        iso_date: Some("2027-04-01".into()),
        version: "Draft 1".into(),
        is_draft: true,
        library_name: "nhs-accountable-care".into(),
        library_version: "1.4.0".into(),
        answers_hash: "9f2c1e7a0b3d4c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6".into(),
        generator: "caredraft 0.1.0".into(),
    }
}

fn clause(
    number: &str,
    title: &str,
    bookmark: &str,
    part: Option<&str>,
    note: Option<&str>,
    blocks: Vec<Block>,
) -> Clause {
    Clause {
        id: bookmark.to_owned(),
        number: number.to_owned(),
        title: title.to_owned(),
        bookmark: bookmark.to_owned(),
        part_heading: part.map(str::to_owned),
        drafting_note: note.map(str::to_owned),
        provenance: None,
        alternative: None,
        blocks,
    }
}

pub const PARTY_NAMES: [&str; 3] = [
    "NHS Kent and Medway Integrated Care Board",
    "Maidstone and Tunbridge Wells NHS Trust",
    "Name of third Alliance Participant",
];

pub const NOTE_ALLIANCE: &str = "Check the Objectives match the ICB's joint forward plan.";
pub const NOTE_DISPUTES: &str = "Most alliances keep escalation to two stages.";
pub const NOTE_SCHEDULE: &str = "Outcome measures must be agreed with the ICB's analysts.";

pub const LONG_WORD: &str = "Pneumonoultramicroscopicsilicovolcanoconiosis\
Pneumonoultramicroscopicsilicovolcanoconiosis\
Pneumonoultramicroscopicsilicovolcanoconiosis";
pub const HEBREW: &str = "שלום עולם";
pub const ARABIC: &str = "مرحبا بالعالم";
pub const EMOJI: &str = "🏥👩‍⚕️🤝";

/// A realistic small alliance agreement: 3 parties, 2 recitals, 3 clauses (levels 1 to
/// 5), definitions, a placeholder, cross-references, a table, 2 schedules.
pub fn sample() -> Document {
    let parties = vec![
        Party {
            name: vec![t(PARTY_NAMES[0])],
            description: vec![t("a statutory body established under the National Health Service Act 2006")],
            role: "Commissioner".into(),
        },
        Party { name: vec![t(PARTY_NAMES[1])], description: vec![t("an NHS trust")], role: "Lead Provider".into() },
        Party { name: vec![ph(PARTY_NAMES[2])], description: vec![], role: "Participant".into() },
    ];
    let background = vec![
        Paragraph {
            level: 1,
            number: "(A)".into(),
            bookmark: None,
            content: vec![t("The Commissioner commissions community health services for the population of Kent.")],
        },
        Paragraph {
            level: 1,
            number: "(B)".into(),
            bookmark: Some("rec_b".into()),
            content: vec![t("The Parties wish to work together as an alliance on the terms of this Agreement.")],
        },
    ];
    let definitions = clause(
        "1",
        "Definitions and interpretation",
        "cl_definitions",
        Some("Part 1: Introduction"),
        None,
        vec![
            num(2, "1.1", None, vec![t("In this Agreement:")]),
            Block::Definition {
                term: "Alliance".into(),
                meaning: vec![t("means the alliance of the Parties formed by this Agreement;")],
            },
            Block::Definition {
                term: "Commencement Date".into(),
                meaning: vec![t("means "), ph("Commencement Date"), t(";")],
            },
            Block::Definition {
                term: "Objectives".into(),
                meaning: vec![t("means the objectives set out in "), r("Schedule ", "1", "", "sch_objectives"), t(".")],
            },
            num(
                2,
                "1.2",
                Some("cl_interpretation"),
                vec![
                    t("Headings do not affect interpretation. "),
                    Inline::Strong(vec![t("Including")]),
                    t(" means "),
                    Inline::Emphasis(vec![t("including without limitation")]),
                    t("."),
                ],
            ),
        ],
    );
    let alliance = clause(
        "2",
        "The Alliance",
        "cl_alliance",
        Some("Part 2: The Alliance"),
        Some(NOTE_ALLIANCE),
        vec![
            num(
                2,
                "2.1",
                Some("cl_alliance_objectives"),
                vec![
                    t("The Parties shall work together to achieve the Objectives, subject to "),
                    r("clause ", "1.2", "", "cl_interpretation"),
                    t(" and "),
                    r("clause ", "3", "", "cl_disputes"),
                    t("."),
                ],
            ),
            num(2, "2.2", None, vec![t("The Alliance Board shall:")]),
            num(3, "2.2.1", None, vec![t("meet at least quarterly;")]),
            num(3, "2.2.2", None, vec![t("agree an annual plan which:")]),
            num(4, "(a)", None, vec![t("sets out the priorities for the year; and")]),
            num(4, "(b)", Some("cl_alliance_plan_b"), vec![t("allocates resources between:")]),
            num(5, "(i)", None, vec![t("the Lead Provider; and")]),
            num(5, "(ii)", None, vec![t("the other Participants; and")]),
            num(3, "2.2.3", None, vec![t("report to the Commissioner.")]),
        ],
    );
    let disputes = clause(
        "3",
        "Dispute resolution",
        "cl_disputes",
        None,
        Some(NOTE_DISPUTES),
        vec![
            num(
                2,
                "3.1",
                Some("cl_disputes_escalation"),
                vec![
                    t("Any dispute about "),
                    r("clause ", "2.1", "", "cl_alliance_objectives"),
                    t(" or "),
                    r("paragraph ", "1.2", " of Schedule 1", "sch1_targets"),
                    t(" shall first be referred to the Alliance Board."),
                ],
            ),
            num(2, "3.2", None, vec![t("The escalation stages are:")]),
            Block::Table(Table {
                header: vec![vec![t("Stage")], vec![t("Who")], vec![t("Timescale")]],
                rows: vec![
                    vec![vec![t("1")], vec![t("Alliance Managers")], vec![t("10 Business Days")]],
                    vec![vec![t("2")], vec![t("Alliance Board")], vec![ph("Number of days")]],
                ],
            }),
            num(
                2,
                "3.3",
                None,
                vec![t(&format!(
                    "Names may be written in any script, e.g. {HEBREW} or {ARABIC} {EMOJI}; \
                     long words such as {LONG_WORD} are kept.\u{0}\u{7}\u{1B}\u{FFFE}"
                ))],
            ),
            num(
                2,
                "3.4",
                None,
                vec![
                    t("This clause does not limit "),
                    r("clause ", "2.2.2(b)", "", "cl_alliance_plan_b"),
                    t(" or "),
                    r("Recital ", "(B)", "", "rec_b"),
                    t("."),
                ],
            ),
        ],
    );
    let sch1 = Schedule {
        id: "objectives".into(),
        number: "1".into(),
        title: "Objectives and Outcome Measures".into(),
        bookmark: "sch_objectives".into(),
        drafting_note: Some(NOTE_SCHEDULE.into()),
        provenance: None,
        alternative: None,
        blocks: vec![
            Block::Plain(vec![t("This Schedule sets out the Objectives of the Alliance.")]),
            num(1, "1", None, vec![t("Objectives")]),
            num(2, "1.1", None, vec![t("To reduce avoidable hospital admissions.")]),
            num(2, "1.2", Some("sch1_targets"), vec![t("To meet the targets in the table below.")]),
            num(1, "2", None, vec![t("Outcome measures")]),
            num(2, "2.1", None, vec![t("Measures are reported monthly.")]),
        ],
    };
    let sch2 = Schedule {
        id: "board".into(),
        number: "2".into(),
        title: "Alliance Board Terms of Reference".into(),
        bookmark: "sch_board".into(),
        drafting_note: None,
        provenance: None,
        alternative: None,
        blocks: vec![
            num(1, "1", None, vec![t("Membership")]),
            num(2, "1.1", None, vec![t("Each Party appoints one member.")]),
            num(2, "1.2", None, vec![t("Quorum is "), ph("quorum"), t(" members.")]),
        ],
    };
    let execution = Execution {
        intro: vec![t("This Agreement has been entered into on the date stated at the beginning of it.")],
        blocks: parties
            .iter()
            .map(|p| {
                let mut party = vec![t("Signed for and on behalf of ")];
                party.extend(p.name.clone());
                SignatureBlock {
                    party,
                    lines: vec!["Signature".into(), "Name".into(), "Position".into(), "Date".into()],
                }
            })
            .collect(),
    };
    Document {
        meta: meta(),
        parties,
        background,
        clauses: vec![definitions, alliance, disputes],
        schedules: vec![sch1, sch2],
        execution,
        placeholders: [PARTY_NAMES[2], "Commencement Date", "Number of days", "quorum"]
            .map(Placeholder::for_drafter)
            .to_vec(),
    }
}

/// A long agreement: the sample's front and back matter with `n` generated clauses.
pub fn large(n: usize) -> Document {
    let mut doc = sample();
    doc.clauses = (1..=n)
        .map(|k| {
            let mut blocks = vec![
                num(
                    2,
                    &format!("{k}.1"),
                    Some(&format!("cl_{k}_1")),
                    vec![t("Each Party shall perform its obligations under this Agreement in good faith \
                     and in accordance with Good Industry Practice and the NHS Constitution.")],
                ),
                num(3, &format!("{k}.1.1"), None, vec![t("in a timely manner;")]),
                num(4, "(a)", None, vec![t("with reasonable skill and care; and")]),
                num(5, "(i)", None, vec![t("in accordance with the Law.")]),
                num(
                    2,
                    &format!("{k}.2"),
                    None,
                    if k > 1 {
                        vec![
                            t("Subject to "),
                            r("clause ", &format!("{}.1", k - 1), "", &format!("cl_{}_1", k - 1)),
                            t(", the Commissioner may vary the Services on "),
                            ph("notice period"),
                            t(" notice."),
                        ]
                    } else {
                        vec![t("This clause applies from the Commencement Date.")]
                    },
                ),
            ];
            if k % 10 == 1 {
                blocks.push(Block::Definition {
                    term: format!("Term {k}"),
                    meaning: vec![t("means a term defined for testing.")],
                });
            }
            if k % 15 == 0 {
                blocks.push(Block::Table(Table {
                    header: vec![vec![t("Item")], vec![t("Value")]],
                    rows: (1..=5).map(|i| vec![vec![t(&format!("Row {i}"))], vec![t("£1,000")]]).collect(),
                }));
            }
            clause(
                &k.to_string(),
                &format!("Obligations of the Parties {k}"),
                &format!("cl_{k}"),
                (k % 20 == 1).then_some("Part: General Conditions"),
                Some("A drafting note for the annotated draft."),
                blocks,
            )
        })
        .collect();
    doc
}

/// Every part of a DOCX, as text.
pub fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("zip entry");
        let mut s = String::new();
        f.read_to_string(&mut s).expect("utf-8 part");
        out.insert(f.name().to_owned(), s);
    }
    out
}
