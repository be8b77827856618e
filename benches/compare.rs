//! Redline speed in-process, on the two largest drafts: the `aco-full` contract at its
//! defaults against the same contract filled in (names, alternatives, GP practices), from
//! `tests/fixtures/answers/aco-full-alternatives.toml`. The target: under 50 ms.

use std::hint::black_box;

use caredraft::answers::{init_file, parse_answers};
use caredraft::compare::{Side, compare, summary};
use caredraft::engine::Engine;
use caredraft::library::{LibraryFiles, parse_library};
use criterion::{Criterion, criterion_group, criterion_main};

const NEW: &str = include_str!("../tests/fixtures/answers/aco-full-alternatives.toml");

fn redline(c: &mut Criterion) {
    let library = parse_library(&LibraryFiles::built_in()).expect("built-in library");
    let engine = Engine::for_variant(&library, "aco-full").expect("compiles");
    let variant = library.variant("aco-full").expect("aco-full");
    let old = parse_answers("old.toml", &init_file(&library, variant), &library).expect("old answers");
    let new = parse_answers("new.toml", NEW, &library).expect("new answers");
    let (old_doc, new_doc) = (engine.assemble(&old).expect("old"), engine.assemble(&new).expect("new"));

    let mut group = c.benchmark_group("compare");
    group.bench_function("match_and_word_diff/aco-full", |b| {
        b.iter(|| compare(black_box(&old_doc), black_box(&new_doc)))
    });
    group.bench_function("redline_docx/aco-full", |b| {
        b.iter(|| compare(black_box(&old_doc), black_box(&new_doc)).to_docx("caredraft").expect("docx"))
    });
    // What `caredraft compare` does in-process once the library is loaded: both drafts
    // assembled, matched, the redline DOCX and the summary.
    group.bench_function("answers_to_redline_and_summary/aco-full", |b| {
        b.iter(|| {
            let (o, n) =
                (engine.assemble(black_box(&old)).expect("old"), engine.assemble(black_box(&new)).expect("new"));
            let r = compare(&o, &n);
            let s = summary(
                &Side { answers: &old, library: &library, doc: &o },
                &Side { answers: &new, library: &library, doc: &n },
                &r,
            );
            (r.to_docx("caredraft").expect("docx"), s)
        })
    });
    group.finish();
}

criterion_group!(benches, redline);
criterion_main!(benches);
