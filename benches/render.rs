//! The engine in-process: each built-in variant from answers to Markdown and to DOCX, and
//! how assembly scales with the size of a library (200 and 2,000 generated clauses).

use std::hint::black_box;

use caredraft::answers::{Answers, init_file, parse_answers};
use caredraft::docx::{DocxOptions, to_docx_bytes};
use caredraft::engine::Engine;
use caredraft::library::{Library, LibraryFiles, parse_library};
use caredraft::render::markdown::to_markdown;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn default_answers(library: &Library, variant: &str) -> Answers {
    let v = library.variant(variant).expect("variant");
    parse_answers("bench.toml", &init_file(library, v), library).expect("default answers parse")
}

fn variants(c: &mut Criterion) {
    let library = parse_library(&LibraryFiles::built_in()).expect("built-in library");
    let engine = Engine::new(&library).expect("compiles");
    let mut group = c.benchmark_group("render");
    for v in &library.variants {
        let answers = default_answers(&library, &v.id);
        group.bench_with_input(BenchmarkId::new("markdown", &v.id), &answers, |b, a| {
            b.iter(|| to_markdown(&engine.assemble(black_box(a)).expect("assembles")))
        });
        group.bench_with_input(BenchmarkId::new("docx", &v.id), &answers, |b, a| {
            b.iter(|| {
                let doc = engine.assemble(black_box(a)).expect("assembles");
                to_docx_bytes(&doc, &DocxOptions::default()).expect("docx")
            })
        });
    }
    group.finish();
    c.bench_function("library/load_and_compile_built_in", |b| {
        b.iter(|| {
            let library = parse_library(&LibraryFiles::built_in()).expect("library");
            Engine::new(&library).map(|_| ()).expect("compiles");
        })
    });
}

/// The test fixture's frame and questions with `n` generated clauses, each with a
/// condition, a defined term, a list and a cross-reference to the clause before it.
fn generated(n: usize) -> LibraryFiles {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/library");
    let mut files = LibraryFiles::from_dir(std::path::Path::new(fixture)).expect("fixture");
    files.files.retain(|path, _| path.starts_with("templates/") || path.ends_with("definitions.md"));
    let ids: Vec<String> = (0..n).map(|i| format!("gen-{i:04}")).collect();
    for (i, id) in ids.iter().enumerate() {
        let reference =
            if i == 0 { String::new() } else { format!(" Subject to {{{{ ref(id=\"{}\") }}}}.", ids[i - 1]) };
        files.files.insert(
            format!("clauses/gen/{id}.md"),
            format!(
                "+++\nid = \"{id}\"\ntitle = \"Generated clause {i}\"\nvariants = [\"mou\", \"alliance\", \"aco-partial\", \"aco-full\"]\n\
                 when = \"term_years > 0\"\nnote = \"Generated.\"\n\n[[defines]]\nterm = \"Term {i}\"\nmeaning = \"the term of clause {i}\"\n+++\n\
                 The Partners will meet {{{{ quorum }}}} times in {{{{ system_name }}}} under Term {i}.{reference}\n\n\
                 Each Partner:\n\n- keeps its own board;\n- shares information.\n"
            ),
        );
    }
    let frame = format!(
        "id = \"mou\"\ntitle = \"Generated\"\nshort_title = \"Generated\"\nsummary = \"s\"\nguidance = \"g\"\n\
         date_question = \"agreement_date\"\nexecution = \"partials/execution.md\"\nschedules = []\n\n\
         [[parties]]\nfrom = \"partners\"\nrole = \"Partner\"\n\n[[parts]]\nclauses = [\"definitions\", {}]\n",
        ids.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ")
    );
    files.files.insert("templates/variants/mou.toml".into(), frame);
    for other in ["alliance", "aco-partial", "aco-full"] {
        let path = format!("templates/variants/{other}.toml");
        let text = files.files[&path].replace("\"dispute-resolution\", \"term\"", "\"gen-0000\"");
        files.files.insert(path, text);
    }
    files
}

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaling");
    group.sample_size(20);
    for n in [200, 2000] {
        let library = parse_library(&generated(n)).expect("generated library");
        let engine = Engine::new(&library).expect("compiles");
        let answers = default_answers(&library, "mou");
        let doc = engine.assemble(&answers).expect("assembles");
        assert_eq!(doc.clauses.len(), n + 1);
        group.bench_with_input(BenchmarkId::new("outline", n), &answers, |b, a| {
            b.iter(|| engine.outline(black_box(a)).expect("outline"))
        });
        group.bench_with_input(BenchmarkId::new("assemble_markdown", n), &answers, |b, a| {
            b.iter(|| to_markdown(&engine.assemble(black_box(a)).expect("assembles")))
        });
    }
    group.finish();
}

criterion_group!(benches, variants, scaling);
criterion_main!(benches);
