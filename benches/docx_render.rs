//! Renders a large contract (60 clauses) to DOCX bytes in-process.

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../tests/docx_fixture.rs"]
mod docx_fixture;

use caredraft::render::docx::{DocxOptions, to_docx_bytes};

fn render(c: &mut Criterion) {
    let doc = docx_fixture::large(60);
    let clean = DocxOptions::default();
    let annotated = DocxOptions { annotated: true };
    c.bench_function("docx_render_60_clauses", |b| {
        b.iter(|| to_docx_bytes(std::hint::black_box(&doc), &clean).expect("render"))
    });
    c.bench_function("docx_render_60_clauses_annotated", |b| {
        b.iter(|| to_docx_bytes(std::hint::black_box(&doc), &annotated).expect("render"))
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
