//! Document packs: a variant's main document and its companions (once, or once per record),
//! named, listed, written all or nothing, never overwriting without --force.

mod common;

use std::path::Path;

use common::*;

/// The fixture alliance's answers with three providers, two of them sharing a name and one
/// with a name no file system would take as it is.
const PROVIDERS: &str = r#"
[[answers.providers]]
name = "Northmoor Community Health NHS Trust"
description = "an NHS trust"
contract = "the NHS Standard Contract dated 1 April 2026"

[[answers.providers]]
name = "Dr A/B: <Smith> & {{ 7*7 }} **Partners**"
description = ""
contract = "a GMS contract"

[[answers.providers]]
name = "Northmoor Community Health NHS Trust"
description = "its second contract"
contract = "another contract"
"#;

fn alliance_answers(dir: &Path) {
    let o = fixture(dir, &["init", "--variant", "alliance", "a.toml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let path = dir.join("a.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // Drop the default (blank) providers and put ours in their place.
    let at = text.find("\n[[answers.providers]]\n").expect("providers in the init file") + 1;
    let rest = &text[at..];
    let end = rest.find("\n\n[").map_or(text.len(), |e| at + e + 1);
    let text = format!("{}{}{}", &text[..at], PROVIDERS.trim_start(), &text[end..]);
    std::fs::write(&path, text).unwrap();
}

const PACK: [&str; 5] = [
    "a",
    "a - Provider Letter - Northmoor Community Health NHS Trust",
    "a - Provider Letter - Dr A-B- -Smith- & {{ 7-7 }} --Partners--",
    "a - Provider Letter - Northmoor Community Health NHS Trust (2)",
    "a - Side Letter",
];

fn with_exts(bases: &[&str], exts: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = bases.iter().flat_map(|b| exts.iter().map(move |e| format!("{b}.{e}"))).collect();
    v.sort();
    v
}

#[test]
fn render_writes_the_main_document_and_every_companion_with_stable_names() {
    let dir = tempfile::tempdir().unwrap();
    alliance_answers(dir.path());
    let o = fixture(dir.path(), &["render", "a.toml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut want = with_exts(&PACK, &["md", "docx"]);
    want.push("a.toml".into());
    want.sort();
    assert_eq!(files_in(dir.path()), want);
    // Every path written is printed, one a line, in pack order.
    let out = stdout(&o);
    let printed: Vec<&str> = out.lines().collect();
    assert_eq!(printed.len(), 10);
    assert_eq!(printed[0], "a.md");
    assert_eq!(printed[2], "a - Provider Letter - Northmoor Community Health NHS Trust.md");

    // Each letter names its own provider in the parties block, its text and its signature block.
    let letter = std::fs::read_to_string(dir.path().join(format!("{}.md", PACK[2]))).unwrap();
    let escaped = r"Dr A/B: \<Smith\> & {{ 7\*7 }} \*\*Partners\*\*";
    assert!(letter.contains(&format!("(2) **{escaped}** (the **\"Provider\"**)")), "{letter}");
    assert!(letter.contains(&format!("1.1 {escaped} confirms that it provides its services under a GMS contract.")));
    assert!(letter.contains(&format!("**Signed for and on behalf of {escaped}**")));
    assert!(!letter.contains("Northmoor"), "a letter names only its own provider");
    // A reference into the main document reads with its number there.
    assert!(letter.contains("resolved under clause 2 of the Agreement."), "{letter}");
    let side = std::fs::read_to_string(dir.path().join("a - Side Letter.md")).unwrap();
    assert!(side.contains("subject to clause 3 of the Agreement."), "{side}");
    let main = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert!(main.contains("### 2. Disputes") && main.contains("### 3. Term"), "{main}");

    // The same answers give the same bytes, document by document.
    let again = tempfile::tempdir().unwrap();
    std::fs::copy(dir.path().join("a.toml"), again.path().join("a.toml")).unwrap();
    assert_eq!(code(&fixture(again.path(), &["render", "a.toml"])), 0);
    for name in with_exts(&PACK, &["md", "docx"]) {
        assert_eq!(
            std::fs::read(dir.path().join(&name)).unwrap(),
            std::fs::read(again.path().join(&name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn list_names_the_files_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    alliance_answers(dir.path());
    let o = fixture(dir.path(), &["render", "a.toml", "--list", "--format", "docx", "--out", "out/draft"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let listed: Vec<String> = stdout(&o).lines().map(str::to_owned).collect();
    let want: Vec<String> = PACK.iter().map(|b| format!("out/{}.docx", b.replacen('a', "draft", 1))).collect();
    assert_eq!(listed, want);
    assert_eq!(files_in(dir.path()), ["a.toml"]);
}

#[test]
fn only_main_only_one_companion_and_an_unknown_choice() {
    let dir = tempfile::tempdir().unwrap();
    alliance_answers(dir.path());
    let o = fixture(dir.path(), &["render", "a.toml", "--only", "main", "--format", "md"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(files_in(dir.path()), ["a.md", "a.toml"]);

    let o = fixture(dir.path(), &["render", "a.toml", "--only", "side-letter", "--format", "md"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(files_in(dir.path()), ["a - Side Letter.md", "a.md", "a.toml"]);

    let o = fixture(dir.path(), &["render", "a.toml", "--only", "side-leter"]);
    assert_eq!(code(&o), 2, "a usage error");
    assert!(
        stderr(&o).contains("--only side-leter: choose one of all, main, provider-letter, side-letter"),
        "{}",
        stderr(&o)
    );
    assert_eq!(files_in(dir.path()), ["a - Side Letter.md", "a.md", "a.toml"]);
}

#[test]
fn an_existing_companion_file_stops_the_whole_pack_until_force() {
    let dir = tempfile::tempdir().unwrap();
    alliance_answers(dir.path());
    let existing = dir.path().join("a - Side Letter.md");
    std::fs::write(&existing, "the drafter's own edits").unwrap();
    let o = fixture(dir.path(), &["render", "a.toml"]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("a - Side Letter.md"), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing was written"), "{}", stderr(&o));
    assert_eq!(files_in(dir.path()), ["a - Side Letter.md", "a.toml"]);
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "the drafter's own edits");

    let o = fixture(dir.path(), &["render", "a.toml", "--force"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(std::fs::read_to_string(&existing).unwrap().starts_with("# Side Letter"));
}

#[test]
fn a_failure_in_one_companion_leaves_nothing_written() {
    let lib = fixture_copy();
    let clause = lib.path().join("clauses/pack/side-terms.md");
    let text = std::fs::read_to_string(&clause).unwrap();
    // `review` is an MoU clause: the alliance's main document has no such clause.
    std::fs::write(&clause, text.replace(r#"ref(id="term", doc="main")"#, r#"ref(id="review", doc="main")"#)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    alliance_answers(dir.path());
    let libdir = lib.path().to_str().unwrap();
    let o = caredraft(dir.path(), &["--library", libdir, "render", "a.toml"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("clauses/pack/side-terms.md:"), "{err}");
    assert!(err.contains("refers to `review` of the main document, which is not in its draft"), "{err}");
    assert_eq!(files_in(dir.path()), ["a.toml"], "not even the main document");
    // --only main does not need the companion, so it still renders.
    let o = caredraft(dir.path(), &["--library", libdir, "render", "a.toml", "--only", "main"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn strict_names_the_companion_whose_placeholders_are_left() {
    let dir = tempfile::tempdir().unwrap();
    alliance_answers(dir.path());
    let o = fixture(dir.path(), &["render", "a.toml", "--strict"]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(err.contains("Side Letter (a - Side Letter): --strict:"), "{err}");
    assert_eq!(files_in(dir.path()), ["a.toml"]);
}

#[test]
fn lint_checks_companion_frames() {
    let lib = fixture_copy();
    let frame = lib.path().join("templates/companions/provider-letter.toml");
    let text = std::fs::read_to_string(&frame).unwrap();
    std::fs::write(&frame, text.replace("per = \"providers\"", "per = \"provders\"")).unwrap();
    let variant = lib.path().join("templates/variants/alliance.toml");
    let text = std::fs::read_to_string(&variant).unwrap();
    std::fs::write(&variant, text.replace("\"side-letter\"]", "\"side-leter\"]")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let o = caredraft(dir.path(), &["--library", lib.path().to_str().unwrap(), "lint"]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(
        out.contains("templates/companions/provider-letter.toml:7:7: error: `per = \"provders\"`: variant `alliance` asks no records question `provders`"),
        "{out}"
    );
    assert!(
        out.contains("templates/variants/alliance.toml:14:34:")
            && out.contains(
                "no companion frame `side-leter` in templates/companions/\n  = help: did you mean `side-letter`?"
            ),
        "{out}"
    );
    // And a companion no variant names is said to be never rendered, once, without the
    // cascade of questions its frame names that no variant asks for it.
    assert!(
        out.contains("templates/companions/side-letter.toml:1:6: warning: no variant names companion `side-letter`"),
        "{out}"
    );
    assert!(out.contains("lint: 2 errors, 1 warning"), "{out}");
}

/// The built-in partially integrated contract's answers with three GP practices of three
/// kinds, the place named, the liability alternative of the Integration Agreement switched.
fn three_practices() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = caredraft(dir.path(), &["init", "--variant", "aco-partial", "a.toml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let path = dir.path().join("a.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("\n[[answers.gp_practices]]\n").expect("practices in the init file") + 1;
    let rest = &text[at..];
    let end = rest.find("\n\n").map_or(text.len(), |e| at + e + 1);
    let practices = r#"[[answers.gp_practices]]
name = "Netherton Health Centre"
ods_code = "M87002"
contract_type = "gms"
health_service_body = true

[[answers.gp_practices]]
name = "Kingswinford Medical Practice"
ods_code = "M87015"
contract_type = "pms"

[[answers.gp_practices]]
name = "Lye Surgery"
ods_code = "M87030"
contract_type = "apms"
"#;
    let mut text = format!("{}{}{}", &text[..at], practices, &text[end..]);
    text = text.replacen("system_name = \"\"", "system_name = \"Dudley\"", 1);
    assert!(text.contains("provider_status = \"health-service-body\""), "the default status");
    // init lists the companion's alternatives too, under the document's name.
    assert!(text.contains("# Integration Agreement: Liability"), "{text}");
    text = text.replacen("ia-liability = \"payments\"", "ia-liability = \"sum\"", 1);
    std::fs::write(&path, text).unwrap();

    dir
}

/// The built-in partially integrated contract with three GP practices: a contract and three
/// Integration Agreements, each naming its practice on the cover, in the parties block and on
/// the signature page, each following its own practice's status.
#[test]
fn aco_partial_renders_an_integration_agreement_per_practice() {
    let dir = three_practices();
    let o = caredraft(dir.path(), &["render", "a.toml", "--format", "md"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        files_in(dir.path()),
        [
            "a - Integration Agreement - Kingswinford Medical Practice.md",
            "a - Integration Agreement - Lye Surgery.md",
            "a - Integration Agreement - Netherton Health Centre.md",
            "a.md",
            "a.toml"
        ]
    );
    let read = |name: &str| {
        std::fs::read_to_string(dir.path().join(format!("a - Integration Agreement - {name}.md"))).unwrap()
    };
    for (name, others) in [
        ("Netherton Health Centre", ["Kingswinford", "Lye Surgery"]),
        ("Kingswinford Medical Practice", ["Netherton", "Lye Surgery"]),
        ("Lye Surgery", ["Netherton", "Kingswinford"]),
    ] {
        let ia = read(name);
        assert!(ia.starts_with("# Dudley Integration Agreement"), "the cover names the place: {}", &ia[..80]);
        assert!(ia.contains(&format!("(2) **{name}**")), "{name}: parties block");
        assert!(ia.contains(&format!("**Signed for and on behalf of {name}**")), "{name}: signature block");
        for other in others {
            assert!(!ia.contains(other), "{name}'s agreement names {other}");
        }
        // The clause alternative chosen in the answers file applies to every agreement.
        assert!(ia.contains("in any Contract Year, whether in contract"), "{name}");
        assert!(
            !ia.contains("is limited to the total of the Integration Payments"),
            "{name}: the default cap, not the chosen one"
        );
        // A reference into the contract reads with the contract's own number.
        assert!(ia.contains(" of the Contract"), "{name}");
    }
    // An NHS contract only where both the Provider and this practice are health service bodies.
    let nhs = "this Agreement is an NHS contract within the meaning of that section";
    assert!(read("Netherton Health Centre").contains(nhs));
    assert!(!read("Kingswinford Medical Practice").contains(nhs));
    assert!(read("Kingswinford Medical Practice").contains("The Parties intend this Agreement to be legally binding."));
}

/// The alliance's Deed of Accession: executed as a deed, witnessed, and referring to the
/// Alliance Agreement by that name ("Schedule 1 to the Alliance Agreement").
#[test]
fn alliance_renders_a_deed_of_accession_executed_as_a_deed() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(code(&caredraft(dir.path(), &["init", "--variant", "alliance", "a.toml"])), 0);
    let o = caredraft(dir.path(), &["render", "a.toml", "--format", "md"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let deed = std::fs::read_to_string(dir.path().join("a - Deed of Accession - 1.md")).unwrap();
    assert!(deed.contains("**Executed as a deed by [Name of joining organisation]**"), "{deed}");
    assert!(deed.contains("Witness's signature: ______________________________"), "{deed}");
    assert!(deed.contains("Schedule 1 to the Alliance Agreement"), "{deed}");
    assert!(!deed.contains("of the Agreement"), "the main document is named in full");
    let mou = tempfile::tempdir().unwrap();
    assert_eq!(code(&caredraft(mou.path(), &["init", "--variant", "mou", "m.toml"])), 0);
    let o = caredraft(mou.path(), &["render", "m.toml", "--format", "md", "--list"]);
    assert_eq!(stdout(&o), "m.md\nm - Letter of Adherence - 1.md\n", "{}", stderr(&o));
}

/// What lint calls an error in a companion's files stops the render of its pack too.
#[test]
fn a_library_error_in_a_companion_frame_stops_render() {
    let lib = fixture_copy();
    let frame = lib.path().join("templates/companions/side-letter.toml");
    let text = std::fs::read_to_string(&frame).unwrap();
    std::fs::write(&frame, text.replace(r#"clauses = ["side-terms"]"#, r#"clauses = ["side-terms", "side-terms"]"#))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    alliance_answers(dir.path());
    let o = caredraft(dir.path(), &["--library", lib.path().to_str().unwrap(), "render", "a.toml"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("templates/companions/side-letter.toml:14:26: error: places `side-terms` twice"),
        "{}",
        stderr(&o)
    );
    assert_eq!(files_in(dir.path()), ["a.toml"]);
    // `check` and `render --list` refuse the same answers for the same reason.
    for args in [&["check", "a.toml"][..], &["render", "a.toml", "--list"][..]] {
        let mut all = vec!["--library", lib.path().to_str().unwrap()];
        all.extend_from_slice(args);
        let o = caredraft(dir.path(), &all);
        assert_eq!(code(&o), 1, "{args:?}: {}{}", stdout(&o), stderr(&o));
        let said = format!("{}{}", stdout(&o), stderr(&o));
        assert!(said.contains("places `side-terms` twice"), "{args:?}: {said}");
    }
}

/// Each Integration Agreement opens in LibreOffice with its own practice on the cover, in the
/// parties block and on the signature page, and no other practice anywhere.
#[test]
fn each_integration_agreement_opens_in_libreoffice_naming_its_practice() {
    if !libreoffice_or_skip("the Integration Agreements in LibreOffice") {
        return;
    }
    let dir = three_practices();
    let o = caredraft(dir.path(), &["render", "a.toml", "--format", "docx"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let names = ["Netherton Health Centre", "Kingswinford Medical Practice", "Lye Surgery"];
    let files: Vec<_> =
        names.iter().map(|n| dir.path().join(format!("a - Integration Agreement - {n}.docx"))).collect();
    for ((name, text), file) in names.iter().zip(pages_of(&files)).zip(&files) {
        let pages: Vec<String> =
            text.split('\u{c}').map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
        let cover = &pages[0];
        assert!(cover.contains("Dudley Integration Agreement"), "{}: cover {cover}", file.display());
        assert!(cover.contains(&format!("(2) {name}")), "{name}: not on the cover: {cover}");
        assert!(pages.iter().any(|p| p.contains(&format!("(2) {name} (the “Practice”)"))), "{name}: parties block");
        let signing = pages.iter().rposition(|p| p.contains("Execution")).expect("an execution page");
        assert!(pages[signing..].iter().any(|p| p.contains(&format!("Signed for and on behalf of {name}"))), "{name}");
        for other in names.iter().filter(|n| *n != name) {
            assert!(!text.contains(other), "{name}'s agreement names {other}");
        }
    }
}
