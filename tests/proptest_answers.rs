//! Properties: whatever an answers file holds, and however a clause file is mangled, caredraft
//! answers with a result or a located error, never a panic; and a draft it does write never
//! carries caredraft's own reserved marker characters.
//!
//! Cases: `PROPTEST_CASES` (default 32 here, to keep `cargo test` quick). A long run:
//! `PROPTEST_CASES=10000 cargo test --release --test proptest_escape --test proptest_answers`.

use std::path::Path;
use std::sync::OnceLock;

use caredraft::cmd::Formats;
use caredraft::cmd::render::{RenderOptions, plan_outputs};
use caredraft::engine::Engine;
use caredraft::library::{Library, LibraryFiles, QuestionKind, parse_library};
use proptest::prelude::*;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/library");

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(32);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

fn files() -> &'static LibraryFiles {
    static FILES: OnceLock<LibraryFiles> = OnceLock::new();
    FILES.get_or_init(|| LibraryFiles::from_dir(Path::new(FIXTURE)).expect("the fixture library reads"))
}

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| parse_library(files()).expect("the fixture library parses"))
}

/// Text with the characters Markdown, TOML and Tera give meaning to, mixed with any Unicode.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("{{ 7 * 7 }}".to_string()),
        Just("{% if true %}".to_string()),
        Just("}}".to_string()),
        Just("**".to_string()),
        Just("<b>".to_string()),
        Just("&amp;".to_string()),
        Just("# ".to_string()),
        Just("\n".to_string()),
        Just("\r".to_string()),
        Just(" ".to_string()),
        Just("\u{202E}".to_string()),
        Just("\u{FFFF}".to_string()),
        Just("\u{E000}".to_string()),
        "[a-zA-Z ]{1,8}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

/// The raw material of one answer, shaped to its question later.
#[derive(Debug, Clone)]
struct Seed {
    /// Shaped to fit the question's kind; otherwise any TOML value of any type.
    well_typed: bool,
    text: String,
    int: i64,
    float: f64,
    flag: bool,
    pick: usize,
    list: Vec<String>,
}

fn seed() -> impl Strategy<Value = Seed> {
    (
        any::<bool>(),
        hostile_text(),
        prop_oneof![1 => any::<i64>(), 4 => -5i64..200],
        prop_oneof![any::<f64>(), -1e3f64..1e18, 0f64..100.0, Just(1e17), Just(0.005), Just(12.5)],
        any::<bool>(),
        any::<usize>(),
        prop::collection::vec(hostile_text(), 0..4),
    )
        .prop_map(|(well_typed, text, int, float, flag, pick, list)| Seed {
            well_typed,
            text,
            int,
            float,
            flag,
            pick,
            list,
        })
}

fn any_value(s: &Seed) -> Value {
    match s.pick % 7 {
        0 => Value::from(s.text.as_str()),
        1 => Value::from(s.int),
        2 => Value::from(s.float),
        3 => Value::from(s.flag),
        4 => Value::from(format!("{}-{:02}-{:02}", 1900 + s.int.rem_euclid(300), s.pick % 14, s.int.rem_euclid(33))),
        5 => Value::Array(s.list.iter().map(String::as_str).collect()),
        _ => Value::InlineTable(InlineTable::new()),
    }
}

/// A plausible answer for `q`, so that many random files get as far as a draft.
fn good_answer(q: &caredraft::library::Question) -> Value {
    // The library's own default, where it gives one.
    let default = q.default.as_ref().filter(|d| !matches!(d, toml::Value::String(s) if s.is_empty()));
    if let Some(Ok(v)) = default.filter(|_| q.kind != QuestionKind::Records).map(|d| d.to_string().parse::<Value>()) {
        return v;
    }
    let first = q.options.first().map_or("", |o| o.id.as_str());
    match q.kind {
        // The fixture's one pattern is an ODS practice code.
        QuestionKind::Text if q.pattern.is_some() => Value::from("B82005"),
        QuestionKind::Text | QuestionKind::Paragraph => Value::from("Leeds and York"),
        QuestionKind::Date => Value::from("2027-04-01"),
        QuestionKind::Money => Value::from(1_250_000),
        QuestionKind::Percentage => Value::from(q.min.unwrap_or(0.0).max(50.0).min(q.max.unwrap_or(100.0))),
        QuestionKind::Number => Value::from(q.min.unwrap_or(1.0).max(1.0) as i64),
        QuestionKind::YesNo => Value::from(true),
        QuestionKind::OneOf => Value::from(first),
        QuestionKind::ManyOf => Value::Array([first].into_iter().collect()),
        QuestionKind::Records => {
            let mut a = Array::new();
            for _ in 0..q.min_items.unwrap_or(1).max(1) {
                let mut t = InlineTable::new();
                for f in &q.fields {
                    t.insert(&f.id, good_answer(f));
                }
                a.push(Value::InlineTable(t));
            }
            Value::Array(a)
        }
    }
}

/// An answer for `q`: a plausible one, the right shape with random content, or any value at
/// all.
fn answer_for(q: &caredraft::library::Question, s: &Seed, pool: &[Seed]) -> Value {
    if s.pick.is_multiple_of(3) {
        return good_answer(q);
    }
    if !s.well_typed {
        return any_value(s);
    }
    match q.kind {
        QuestionKind::Text | QuestionKind::Paragraph => Value::from(s.text.as_str()),
        QuestionKind::Date => {
            Value::from(format!("20{:02}-{:02}-{:02}", s.pick % 100, 1 + s.pick % 12, 1 + s.int.rem_euclid(31)))
        }
        QuestionKind::Money | QuestionKind::Percentage => {
            if s.flag {
                Value::from(s.float)
            } else {
                Value::from(s.int)
            }
        }
        QuestionKind::Number => Value::from(s.int),
        QuestionKind::YesNo => Value::from(s.flag),
        QuestionKind::OneOf => match q.options.get(s.pick % q.options.len().max(1)) {
            Some(o) if s.flag => Value::from(o.id.as_str()),
            _ => Value::from(s.text.as_str()),
        },
        QuestionKind::ManyOf => {
            let mut a = Array::new();
            for (i, o) in q.options.iter().enumerate() {
                if (s.pick >> i) & 1 == 1 {
                    a.push(o.id.as_str());
                }
            }
            Value::Array(a)
        }
        QuestionKind::Records => {
            let mut a = Array::new();
            for r in 0..s.pick % 4 {
                let mut t = InlineTable::new();
                for (j, f) in q.fields.iter().enumerate() {
                    let fs = &pool[(r * 7 + j + s.pick) % pool.len()];
                    if fs.flag || fs.well_typed {
                        t.insert(&f.id, answer_for(f, fs, pool));
                    }
                }
                a.push(Value::InlineTable(t));
            }
            Value::Array(a)
        }
    }
}

/// A whole answers file for the variant `pick` chooses: plausible answers, with the
/// questions `changes` picks given random ones.
fn answers_file(pick: usize, changes: &[(usize, Seed)], seeds: &[Seed], clause_picks: &[(usize, usize)]) -> String {
    let lib = library();
    let variant = &lib.variants[pick % lib.variants.len()];
    let mut doc = DocumentMut::new();
    doc["format"] = toml_edit::value(1);
    doc["variant"] = toml_edit::value(variant.id.as_str());
    let mut answers = Table::new();
    let questions: Vec<_> = lib.questions_for(&variant.id).map(|(_, q)| q).collect();
    for q in &questions {
        answers.insert(&q.id, Item::Value(good_answer(q)));
    }
    for (i, s) in changes {
        let q = questions[i % questions.len()];
        if s.pick.is_multiple_of(11) {
            answers.remove(&q.id);
        } else {
            answers.insert(&q.id, Item::Value(answer_for(q, s, seeds)));
        }
    }
    doc["answers"] = Item::Table(answers);
    let mut clauses = Table::new();
    let in_variant: Vec<_> = lib.clauses.iter().filter(|c| c.front.variants.contains(&variant.id)).collect();
    for &(c, choice) in clause_picks {
        let Some(clause) = in_variant.get(c % in_variant.len().max(1)) else { continue };
        let alternative = clause.front.alternatives.get(choice % clause.front.alternatives.len().max(1));
        let value = match (choice % 7, alternative) {
            (0, _) => toml_edit::value("no-such-alternative"),
            (1, _) => toml_edit::value(choice % 2 == 0),
            (_, Some(alt)) => toml_edit::value(alt.id.as_str()),
            (_, None) if clause.front.optional => toml_edit::value(choice % 2 == 0),
            (_, None) => continue,
        };
        clauses.insert(&clause.front.id, value);
    }
    doc["clauses"] = Item::Table(clauses);
    doc.to_string()
}

/// Renders `text` as an answers file for `library`, both formats in memory: the Markdown,
/// or why no draft came out.
fn render(library: &Library, text: &str) -> Result<String, String> {
    let answers = caredraft::answers::parse_answers("a.toml", text, library).map_err(|e| e.to_string())?;
    let engine = Engine::for_variant(library, &answers.variant).map_err(|e| e.to_string())?;
    let doc = engine.assemble(&answers).map_err(|e| e.to_string())?;
    let options =
        RenderOptions { formats: Formats { markdown: true, docx: true }, strict: false, force: false, annotated: true };
    let planned = plan_outputs(&doc, Path::new("a"), &options).map_err(|e| e.to_string())?;
    String::from_utf8(planned[0].bytes.clone()).map_err(|e| e.to_string())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_answers_render_or_are_refused_but_never_panic(
        pick in any::<usize>(),
        changes in prop::collection::vec((any::<usize>(), seed()), 0..4),
        seeds in prop::collection::vec(seed(), 1..8),
        clause_picks in prop::collection::vec((any::<usize>(), any::<usize>()), 0..4),
    ) {
        let text = answers_file(pick, &changes, &seeds, &clause_picks);
        let drafted = render(library(), &text);
        if std::env::var_os("PROPTEST_SHOW").is_some() {
            eprintln!("drafted: {:?}", drafted.as_ref().map(|_| ()));
        }
        if let Ok(md) = drafted {
            let leaked: Vec<char> = md.chars().filter(|c| caredraft::markers::is_reserved(*c)).collect();
            prop_assert!(leaked.is_empty(), "reserved markers leaked into the draft: {leaked:?}\n{text}");
        }
    }

    #[test]
    fn a_mangled_clause_file_is_linted_and_rendered_without_a_panic(
        file in any::<usize>(),
        edits in prop::collection::vec((0usize..4, any::<usize>(), any::<usize>(), mangling()), 1..4),
        variant in any::<usize>(),
    ) {
        let mut files = files().clone();
        let names: Vec<String> = files.files.keys().cloned().collect();
        let name = &names[file % names.len()];
        let mut text = files.files[name].clone();
        for (op, at, len, insert) in edits {
            text = mangle(&text, op, at, len, &insert);
        }
        files.files.insert(name.clone(), text);
        let _report = caredraft::lint::lint(&files);
        if let Ok(library) = parse_library(&files)
            && let Some(variant) = library.variants.get(variant % library.variants.len().max(1))
        {
            let answers = caredraft::answers::init_file(&library, variant);
            let _ = render(&library, &answers);
        }
    }
}

/// Pieces of clause syntax to splice into a file.
fn mangling() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("{{".to_string()),
        Just("}}".to_string()),
        Just("{%".to_string()),
        Just("%}".to_string()),
        Just("{% if x %}".to_string()),
        Just("{% endif %}".to_string()),
        Just("{% for p in partners %}".to_string()),
        Just("{{ ref(id=\"nope\") }}".to_string()),
        Just("{{ term(\"Board\") }}".to_string()),
        Just("+++".to_string()),
        Just("\n+++\n".to_string()),
        Just("\"".to_string()),
        Just("[[defines]]".to_string()),
        Just("\n# ".to_string()),
        Just("\n| a | b |\n|---|---|\n".to_string()),
        Just("\n1. ".to_string()),
        Just("\u{E000}".to_string()),
        hostile_text(),
    ]
}

/// One edit at a character boundary: insert, delete a range, duplicate a range, or cut the
/// file short.
fn mangle(text: &str, op: usize, at: usize, len: usize, insert: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = at % (chars.len() + 1);
    let end = (at + len % 200).min(chars.len());
    let (before, rest) = chars.split_at(at);
    let before: String = before.iter().collect();
    let middle: String = chars[at..end].iter().collect();
    let after: String = chars[end..].iter().collect();
    let _ = rest;
    match op {
        0 => format!("{before}{insert}{middle}{after}"),
        1 => format!("{before}{after}"),
        2 => format!("{before}{middle}{middle}{after}"),
        _ => before,
    }
}
