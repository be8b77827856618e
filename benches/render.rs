//! The engine in-process: each built-in variant from answers to Markdown and to DOCX, and
//! how assembly scales with the size of a library (200, 2,000 and 4,000 generated clauses).

use std::hint::black_box;

use caredraft::engine::Engine;
use caredraft::library::{LibraryFiles, parse_library};
use caredraft::render::docx::{DocxOptions, to_docx_bytes};
use caredraft::render::markdown::to_markdown;
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};

#[path = "support/generated.rs"]
mod generated;
use generated::{default_answers, generated};

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

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaling");
    group.sample_size(20);
    for n in [200, 2000, 4000] {
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
        // The same with the CPU caches emptied before each draft, as a one-off `render` meets
        // them: without this a small library stays cached from one draft to the next and a
        // large one cannot, which compares unlike with unlike.
        let mut evict = vec![0u8; EVICT_BYTES];
        group.bench_with_input(BenchmarkId::new("assemble_markdown_cold", n), &answers, |b, a| {
            b.iter_batched(
                || flush_caches(&mut evict),
                |_| to_markdown(&engine.assemble(black_box(a)).expect("assembles")),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

/// Twice the machine's last-level cache (32 MiB here).
const EVICT_BYTES: usize = 64 << 20;

/// Writes through a buffer larger than the caches, so what assembly needs must come from memory.
fn flush_caches(buffer: &mut [u8]) -> u8 {
    for (i, byte) in buffer.iter_mut().enumerate().step_by(64) {
        *byte = byte.wrapping_add(i as u8);
    }
    black_box(buffer[buffer.len() / 2])
}

criterion_group!(benches, variants, scaling);
criterion_main!(benches);
