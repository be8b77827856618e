//! The built-in library's drafts say what the law and the answers require: titles that follow
//! the framework, survival lists built from the clauses in the draft, party descriptions, the
//! dispute route that follows the parties' status, and the consistency rules across answers.

use caredraft::answers::{init_file, parse_answers};
use caredraft::engine::Engine;
use caredraft::error::Error;
use caredraft::library::{Library, LibraryFiles, parse_library};
use caredraft::render::markdown::to_markdown;

fn library() -> Library {
    parse_library(&LibraryFiles::built_in()).expect("built-in library")
}

/// The variant's default answers file, with `answers` lines put in place of the lines that
/// set the same question or clause (or added to [answers] when the default file has no such
/// line); a line that starts a table (`[[answers.gp_practices]]`) is added at the end.
fn answers_text(library: &Library, variant: &str, answers: &[&str]) -> String {
    let mut text = init_file(library, library.variant(variant).expect("variant"));
    for line in answers {
        if line.starts_with('[') {
            // A table of its own (an extra record): it goes at the end of the file.
            text.push_str(&format!("\n{line}\n"));
            continue;
        }
        let key = line.split('=').next().unwrap_or("").trim();
        let mut replaced = false;
        text = text
            .lines()
            .map(|l| {
                let t = l.trim_start_matches('#').trim_start();
                if !replaced && t.split('=').next().is_some_and(|k| k.trim() == key) && t.contains('=') {
                    replaced = true;
                    line.to_string()
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        if !replaced {
            text = text.replacen("[answers]\n", &format!("[answers]\n{line}\n"), 1);
        }
        text.push('\n');
    }
    text
}

fn assemble(library: &Library, text: &str) -> Result<caredraft::doc::Document, Error> {
    let engine = Engine::new(library).expect("compiles");
    let answers = parse_answers("answers.toml", text, library).expect("the answers parse");
    engine.assemble(&answers)
}

fn draft(library: &Library, variant: &str, answers: &[&str]) -> String {
    to_markdown(&assemble(library, &answers_text(library, variant, answers)).expect("the draft assembles"))
}

/// The problems `render` reports for these answers, as text.
fn problems(library: &Library, variant: &str, answers: &[&str]) -> Vec<String> {
    match assemble(library, &answers_text(library, variant, answers)) {
        Ok(_) => Vec::new(),
        Err(Error::Invalid(diags)) => diags.iter().map(|d| d.message.clone()).collect(),
        Err(e) => vec![e.to_string()],
    }
}

#[test]
fn the_current_framework_names_the_integrated_care_provider_contract_and_2018_keeps_the_aco() {
    let lib = library();
    for variant in ["aco-partial", "aco-full"] {
        let current = draft(&lib, variant, &[r#"framework = "current""#]);
        assert!(current.starts_with("# Integrated Care Provider Contract"), "{variant}: {}", &current[..80]);
        // Under 2018 the commissioner is a clinical commissioning group (a rule checks it).
        let text = answers_text(&lib, variant, &[r#"framework = "2018""#]).replace(
            "an integrated care board established under the National Health Service Act 2006",
            "a clinical commissioning group",
        );
        let old = to_markdown(&assemble(&lib, &text).expect("assembles"));
        assert!(old.starts_with("# Accountable Care Organisation Contract"), "{variant}: {}", &old[..80]);
    }
}

#[test]
fn the_survival_clause_names_every_included_clause_marked_to_survive() {
    let lib = library();
    for variant in ["aco-partial", "aco-full", "alliance"] {
        let doc = assemble(&lib, &answers_text(&lib, variant, &[])).expect("assembles");
        let md = to_markdown(&doc);
        let survival = md
            .lines()
            .find(|l| l.contains("intended to continue after it"))
            .unwrap_or_else(|| panic!("{variant}: no survival sentence"));
        let surviving: Vec<&str> = doc
            .clauses
            .iter()
            .filter(|c| lib.clause(&c.id).is_some_and(|f| f.front.survives))
            .map(|c| c.number.as_str())
            .collect();
        assert!(surviving.len() >= 4, "{variant}: only {surviving:?} marked to survive");
        for number in surviving {
            assert!(
                survival.contains(&format!("clause {number},")) || survival.contains(&format!("clause {number} and")),
                "{variant}: clause {number} missing from: {survival}"
            );
        }
    }
}

#[test]
fn the_provider_is_described_as_typed_or_by_a_placeholder() {
    let lib = library();
    let blank = draft(&lib, "aco-partial", &[]);
    assert!(
        blank.contains(r"**[Name of Provider]**, [statutory description of the Provider] (the **"),
        "{}",
        &blank[..600]
    );
    let typed = draft(&lib, "aco-partial", &[r#"provider_description = "an NHS foundation trust""#]);
    assert!(typed.contains(r"**[Name of Provider]**, an NHS foundation trust (the **"));
}

#[test]
fn the_dispute_route_follows_the_providers_status() {
    let lib = library();
    for variant in ["aco-partial", "aco-full"] {
        let nhs = draft(&lib, variant, &[r#"provider_status = "health-service-body""#]);
        assert!(
            nhs.contains("is an NHS contract within the meaning of section 9 of the National Health Service Act 2006")
        );
        assert!(nhs.contains("to the Secretary of State for determination under section 9"));
        assert!(!nhs.contains("courts of England and Wales have exclusive jurisdiction"), "{variant}");
        let other = draft(&lib, variant, &[r#"provider_status = "other""#]);
        assert!(!other.contains("NHS contract within the meaning"));
        assert!(other.contains("brought by any Party in dispute before the courts of England and Wales"));
        assert!(other.contains("the courts of England and Wales have exclusive jurisdiction"));
        // Either way, money and technical disputes end with the expert.
        for d in [&nhs, &other] {
            assert!(d.contains("The expert's decision is final and binding on the Parties in dispute"));
        }
        // A local authority is not a health service body: the section 9 route holds only
        // between the Provider and the NHS commissioners, and its disputes go to the courts.
        assert!(!nhs.contains("As between the Provider and each Commissioner that is a local authority"));
        let mixed = draft(
            &lib,
            variant,
            &[
                r#"provider_status = "health-service-body""#,
                "[[answers.commissioners]]\nname = \"Northmoor Council\"\ndescription = \"a metropolitan borough council\"",
            ],
        );
        assert!(!mixed.contains("The Parties acknowledge that this Contract is an NHS contract"), "{variant}");
        assert!(mixed.contains("As between the Provider and each Commissioner that is a health service body, this Contract is an NHS contract"));
        assert!(mixed.contains("each Commissioner that is a local authority, which is not a health service body, this Contract is a legally binding contract"));
        assert!(mixed.contains("and otherwise brought by any Party in dispute before the courts of England and Wales"));
    }
}

#[test]
fn every_default_draft_passes_the_consistency_rules() {
    let lib = library();
    for v in &lib.variants {
        assert_eq!(problems(&lib, &v.id, &[]), Vec::<String>::new(), "{}", v.id);
    }
}

#[test]
fn a_quorum_larger_than_the_board_is_an_error_naming_both_questions() {
    let lib = library();
    // The memorandum's default has two partners.
    let mou = problems(&lib, "mou", &["quorum = 3"]);
    assert_eq!(mou.len(), 1, "{mou:?}");
    assert!(
        mou[0].contains("can never be met") && mou[0].contains("`quorum`") && mou[0].contains("`partners`"),
        "{mou:?}"
    );
    assert_eq!(problems(&lib, "mou", &["quorum = 2"]), Vec::<String>::new());
    // The alliance's default has one commissioner and two providers: three members.
    let alliance = problems(&lib, "alliance", &["quorum = 4"]);
    assert_eq!(alliance.len(), 1, "{alliance:?}");
    assert!(alliance[0].contains("`commissioners`") && alliance[0].contains("`providers`"), "{alliance:?}");
    assert_eq!(problems(&lib, "alliance", &["quorum = 3"]), Vec::<String>::new());
}

#[test]
fn a_break_notice_shorter_than_the_exit_period_is_an_error() {
    let lib = library();
    for variant in ["aco-partial", "aco-full"] {
        let short = problems(&lib, variant, &["notice_months = 3", "exit_period_months = 6"]);
        assert_eq!(short.len(), 1, "{variant}: {short:?}");
        assert!(short[0].contains("`notice_months`") && short[0].contains("`exit_period_months`"), "{short:?}");
        assert_eq!(problems(&lib, variant, &["notice_months = 6", "exit_period_months = 6"]), Vec::<String>::new());
    }
}

#[test]
fn percentages_of_the_budget_are_also_stated_in_pounds() {
    let lib = library();
    let d = draft(&lib, "aco-full", &["annual_budget = 100000000", "improvement_percent = 2", "withhold_percent = 3"]);
    assert!(d.contains("is the Improvement Payment (for the first Contract Year, £2,000,000)"), "improvement payment");
    assert!(d.contains("withhold up to 3% of each monthly instalment of the Whole Population Budget (on the Whole Population Budget for the first Contract Year, £250,000 a month)"));
    let a = draft(
        &lib,
        "alliance",
        &["annual_budget = 40000000", "loss_cap_percent = 1.5", r#"risk-and-reward = "gain-and-loss""#],
    );
    assert!(
        a.contains("1.5% of the Alliance Budget for that year (on an Alliance Budget of £40,000,000, £600,000)"),
        "loss cap"
    );
}

#[test]
fn suspension_follows_the_regulations_and_apms_contracts_end() {
    let lib = library();
    let d = draft(&lib, "aco-full", &[]);
    assert!(
        d.contains("Schedule 3A to the National Health Service (General Medical Services Contracts) Regulations 2015")
    );
    assert!(!d.contains("Suspension Agreement"));
    assert!(!d.contains("suspended or terminated"));
    assert!(!d.contains("cannot be suspended"), "no APMS practice in the defaults");
    // With no APMS practice, nothing has "ended": the background and Schedule 2 say "suspended".
    assert!(
        !d.contains("suspended or ended") && !d.contains("have ended") && !d.contains("are to end"),
        "nothing ends under suspension"
    );
    let apms = draft(
        &lib,
        "aco-full",
        &["[[answers.gp_practices]]\nname = \"A\"\nods_code = \"A12345\"\ncontract_type = \"apms\""],
    );
    assert!(apms.contains(
        "An alternative provider medical services contract cannot be suspended under the Suspension Regulations."
    ));
    assert!(apms.contains("| A | A12345 | APMS contract | ended before the Commencement Date |"));
    assert!(apms.contains("contracts are suspended or ended as set out in"));
    assert!(apms.contains("and their alternative provider medical services contracts are to end before it"));
    // At signature nothing is yet suspended: the background says what is to happen.
    assert!(d.contains("are to be suspended from the Commencement Date under the Suspension Regulations"));
    // The Board writes to the ICP's patients about a reactivation (Schedule 3A para 8(4)): the
    // Provider must give it the list information.
    assert!(
        d.contains("the names and addresses and other information from the Registered List that it needs to do so")
    );
    let ended = draft(&lib, "aco-full", &[r#"gp-contract-suspension = "termination""#]);
    for phrase in ["Suspension Regulations", "Contract is suspended", "contracts are suspended", "suspended or ended"] {
        assert!(!ended.contains(phrase), "the termination route never speaks of suspension: {phrase}");
    }
}

#[test]
fn the_commissioners_contributions_must_add_up_to_the_budget() {
    let lib = library();
    let file = |variant: &str, a: &str, b: &str| {
        let status = if variant == "alliance" { "" } else { "provider_status = \"other\"\n" };
        format!(
            "format = 1\nvariant = \"{variant}\"\n\n[answers]\nframework = \"current\"\n{status}annual_budget = 100000000.50\n\n\
             [[answers.commissioners]]\nname = \"A\"\ncontribution = {a}\n\n[[answers.commissioners]]\nname = \"B\"\ncontribution = {b}\n"
        )
    };
    for variant in ["aco-partial", "aco-full", "alliance"] {
        let msgs = match assemble(&lib, &file(variant, "60000000", "30000000")) {
            Err(Error::Invalid(d)) => d.iter().map(|d| d.message.clone()).collect::<Vec<_>>(),
            other => panic!("{variant}: expected the rule to fail, got {:?}", other.map(|_| ())),
        };
        assert!(
            msgs.iter().any(|m| m.contains("contributions do not add up") && m.contains("`annual_budget`")),
            "{variant}: {msgs:?}"
        );
        let doc =
            assemble(&lib, &file(variant, "60000000.25", "40000000.25")).unwrap_or_else(|e| panic!("{variant}: {e}"));
        assert!(to_markdown(&doc).contains("£60,000,000.25"), "{variant}: the contribution is printed");
    }
}

#[test]
fn typed_party_descriptions_are_printed_where_the_parties_are_named_in_full() {
    let lib = library();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/answers/alliance-alternatives.toml"
    ))
    .expect("fixture");
    let md = to_markdown(&assemble(&lib, &text).expect("assembles"));
    let schedule = &md[md.find("## Schedule 1").expect("schedule 1")..];
    for description in [
        "an integrated care board established under the National Health Service Act 2006",
        "an NHS foundation trust",
        "a company limited by guarantee",
    ] {
        assert!(
            md[..md.find("## Background").expect("background")].contains(description),
            "parties block: {description}"
        );
        assert!(schedule.contains(description), "schedule 1: {description}");
    }
}

#[test]
fn a_commissioner_described_for_the_other_framework_is_an_error() {
    let lib = library();
    // The default describes the commissioner as an integrated care board: wrong under 2018.
    for variant in ["aco-partial", "aco-full", "alliance"] {
        let old = problems(&lib, variant, &[r#"framework = "2018""#]);
        assert!(
            old.iter().any(|m| m.contains("2018 framework is chosen") && m.contains("`commissioners`")),
            "{variant}: {old:?}"
        );
    }
    let text = |variant: &str, framework: &str, description: &str| {
        let status = if variant == "alliance" { "" } else { "provider_status = \"other\"\n" };
        format!(
            "format = 1\nvariant = \"{variant}\"\n\n[answers]\nframework = \"{framework}\"\n{status}\n\
             [[answers.commissioners]]\nname = \"NHS Leeds\"\ndescription = \"{description}\"\n"
        )
    };
    let fails = |t: String| matches!(assemble(&lib, &t), Err(Error::Invalid(_)));
    assert!(fails(text("aco-full", "current", "a Clinical Commissioning Group")));
    assert!(!fails(text(
        "aco-full",
        "current",
        "an integrated care board established under the National Health Service Act 2006"
    )));
    assert!(!fails(text("aco-full", "2018", "a clinical commissioning group")));
    let mou = "format = 1\nvariant = \"mou\"\n\n[answers]\nframework = \"current\"\n\n[[answers.partners]]\nname = \"A\"\ndescription = \"a clinical commissioning group\"\n\n[[answers.partners]]\nname = \"B\"\n";
    assert!(fails(mou.to_string()));
}

/// The text of the numbered clause headed `title` in a Markdown draft, up to the next heading.
fn clause_text<'a>(draft: &'a str, title: &str) -> &'a str {
    let start = draft
        .lines()
        .find(|l| l.starts_with("### ") && l.ends_with(title))
        .and_then(|l| draft.find(l))
        .unwrap_or_else(|| panic!("no clause headed {title}"));
    let rest = &draft[start + 4..];
    &draft[start..start + 4 + rest.find("\n### ").unwrap_or(rest.len())]
}

#[test]
fn every_alliance_dispute_route_ends_in_a_binding_stage() {
    let lib = library();
    let clause = lib.clauses.iter().find(|c| c.front.id == "dispute-resolution").expect("dispute clause");
    // Escalation only is the memorandum's route: the alliance refuses it (tested below).
    for alt in clause.front.alternatives.iter().filter(|a| a.id != "escalation") {
        let d = draft(&lib, "alliance", &[&format!(r#"dispute-resolution = "{}""#, alt.id)]);
        let text = clause_text(&d, "Dispute resolution");
        let binding = text.contains("may bring proceedings in the courts of England and Wales")
            || text.contains("The expert's decision is final and binding");
        assert!(binding, "alliance, {}: the route ends without a binding stage:\n{text}", alt.id);
        assert!(!text.contains("keeps its rights and remedies"), "{}: {text}", alt.id);
    }
    // A memorandum creates no enforceable rights: escalation stays its own end.
    let mou = draft(&lib, "mou", &[r#"dispute-resolution = "escalation""#]);
    let text = clause_text(&mou, "Dispute resolution");
    assert!(text.contains("each of which remains free to act as it decides"), "{text}");
    assert!(!text.contains("bring proceedings"), "{text}");
}

/// A drafter who picks "Escalation only (MoU)" in an alliance is told to choose a route that
/// ends in a binding stage, instead of getting the courts under another label.
#[test]
fn an_alliance_refuses_the_memorandums_escalation_only_route() {
    let lib = library();
    let refused = problems(&lib, "alliance", &[r#"dispute-resolution = "escalation""#]);
    assert_eq!(refused.len(), 1, "{refused:?}");
    for better in
        ["'Escalation, then mediation'", "'Escalation, then expert determination'", "'Escalation, then the courts'"]
    {
        assert!(refused[0].contains(better), "{refused:?}");
    }
    assert!(refused[0].contains("'Escalation only (MoU)'"), "{refused:?}");
    // The alliance's default is mediation, which passes; the memorandum may still escalate only.
    let d = draft(&lib, "alliance", &[]);
    assert!(clause_text(&d, "Dispute resolution").contains("try to settle it by mediation"));
    assert_eq!(problems(&lib, "mou", &[r#"dispute-resolution = "escalation""#]), Vec::<String>::new());
    // A memorandum's mediation that fails goes back to the boards, not to a court.
    let mou = draft(&lib, "mou", &[r#"dispute-resolution = "mediation""#]);
    let text = clause_text(&mou, "Dispute resolution");
    assert!(
        text.contains("A Dispute the mediation does not settle will be reported to the Partnership Board"),
        "{text}"
    );
    assert!(!text.contains("bring proceedings"), "{text}");
}

#[test]
fn an_alliance_provider_can_be_suspended_instead_of_removed() {
    let lib = library();
    let d = draft(&lib, "alliance", &[]);
    let text = clause_text(&d, "Removal or suspension of a Provider, termination and exit");
    assert!(
        text.contains("Instead of removing a Provider for a breach for which it could be removed under clause"),
        "{text}"
    );
    assert!(text.contains("A suspended Provider remains bound by this Agreement"), "{text}");
    // With a risk share, a suspended Provider takes no share of a gain while suspended.
    assert!(!text.contains("to receive any share of a gain"), "no risk share in the defaults");
    let shared = draft(&lib, "alliance", &[r#"risk-and-reward = "gain""#]);
    let text = clause_text(&shared, "Removal or suspension of a Provider, termination and exit");
    assert!(text.contains("to receive any share of a gain under clause"), "{text}");
}

#[test]
fn a_sole_commissioner_is_the_co_ordinating_commissioner() {
    let lib = library();
    for variant in ["aco-partial", "aco-full"] {
        let one = draft(&lib, variant, &[]);
        assert!(
            one.contains("**Co-ordinating Commissioner:** [Name of Commissioner], the only Commissioner."),
            "{variant}"
        );
        assert!(!one.contains("[Name of the Co-ordinating Commissioner]"), "{variant}: no question to answer");
        let two = draft(
            &lib,
            variant,
            &["[[answers.commissioners]]\nname = \"Northmoor ICB\"\ndescription = \"an integrated care board\""],
        );
        assert!(
            two.contains("**Co-ordinating Commissioner:** [Name of the Co-ordinating Commissioner], or any other"),
            "{variant}"
        );
    }
}

/// In the fully integrated model the practices' patients move to the Provider's Registered List,
/// so the Population and the list count that sets the budget include it; a short first year is
/// paid by days, and the primary care matters to agree before the start are a condition precedent.
#[test]
fn the_fully_integrated_population_and_budget_follow_the_registered_list() {
    let lib = library();
    let full = draft(&lib, "aco-full", &[]);
    assert!(full.contains("**Population:** the people who are, from time to time, on the Registered List or registered patients of the practices identified in Schedule 2"), "population");
    assert!(
        full.contains("set on the number of people on the Registered List and on the lists of registered patients")
    );
    assert!(full.contains("that sum multiplied by the number of days in the first Contract Year and divided by 365"));
    assert!(!full.contains("reduced in proportion to the number of days"));
    let cps = clause_text(&full, "Conditions precedent");
    assert!(
        cps.contains(
            "premises, dispensing, primary care network and quality and outcomes arrangements that clause 6 requires"
        ),
        "{cps}"
    );
    // The partially integrated model keeps the practices' own lists and has no Registered List.
    let partial = draft(&lib, "aco-partial", &[]);
    assert!(!partial.contains("Registered List"));
    assert!(
        partial.contains("that sum multiplied by the number of days in the first Contract Year and divided by 365")
    );
}

/// Under the current framework the Commissioners may end an ICP contract on the Provider
/// Selection Regime's termination grounds; the 2018 framework predates that regime.
#[test]
fn the_icp_contract_can_end_on_the_provider_selection_regimes_grounds() {
    let lib = library();
    let limb = "the Commissioners are entitled or required to end this Contract under regulation 22 (termination of contracts) of the Health Care Services (Provider Selection Regime) Regulations 2023.";
    for variant in ["aco-partial", "aco-full"] {
        let current = draft(&lib, variant, &[]);
        let text = clause_text(&current, "Termination and its consequences");
        assert!(text.contains(limb), "{variant}: {text}");
        assert!(text.contains("such as fraud or bribery; or"), "{variant}: {text}");
        let answers = answers_text(&lib, variant, &[r#"framework = "2018""#]).replace(
            "an integrated care board established under the National Health Service Act 2006",
            "a clinical commissioning group",
        );
        let old = to_markdown(&assemble(&lib, &answers).expect("assembles"));
        let text = clause_text(&old, "Termination and its consequences");
        assert!(!text.contains("Provider Selection Regime"), "{variant}: {text}");
        assert!(text.contains("; or\n\n(") && text.contains("such as fraud or bribery.\n"), "{variant}: {text}");
    }
}

/// A court will not make an alliance's decisions for it: a failure of consensus goes to the chief
/// executives and then falls, while a memorandum keeps its one route to the boards.
#[test]
fn an_alliance_deadlock_on_a_proposal_falls_instead_of_going_to_court() {
    let lib = library();
    let d = draft(&lib, "alliance", &[]);
    let text = clause_text(&d, "Decision-making");
    assert!(text.contains("If they cannot agree, the proposal is not adopted"), "{text}");
    assert!(text.contains("A failure to agree is not in itself a Dispute"), "{text}");
    assert!(!text.contains("be dealt with as a Dispute"), "{text}");
    let mou = draft(&lib, "mou", &[]);
    let text = clause_text(&mou, "Decision-making");
    assert!(text.contains("the matter will be dealt with as a Dispute under clause"), "{text}");
}

/// The built-in library lints clean: every path a drafter can take drafts, and a choice a rule
/// refuses in a variant (escalation only, in an alliance) is not counted as a broken path.
#[test]
fn the_built_in_library_lints_clean_with_a_refused_choice() {
    let report = caredraft::lint::lint(&LibraryFiles::built_in());
    let problems: Vec<String> = report.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert_eq!((report.errors(), report.warnings()), (0, 0), "{problems:#?}");
}
