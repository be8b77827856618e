//! The DOCX writer, checked from the XML inside the package.

mod docx_fixture;

use caredraft::docx::{DocxOptions, to_docx_bytes};
use docx_fixture::*;

#[test]
fn dump_sample_when_asked() {
    if let Ok(dir) = std::env::var("CAREDRAFT_DOCX_DUMP") {
        let bytes = to_docx_bytes(&sample(), &DocxOptions { annotated: true }).unwrap();
        std::fs::write(format!("{dir}/sample.docx"), &bytes).unwrap();
        let bytes = to_docx_bytes(&large(60), &DocxOptions::default()).unwrap();
        std::fs::write(format!("{dir}/large.docx"), &bytes).unwrap();
        for (name, text) in
            unzip(&to_docx_bytes(&sample(), &DocxOptions { annotated: true }).unwrap())
        {
            let safe = name.replace('/', "_");
            std::fs::write(format!("{dir}/{safe}"), text).unwrap();
        }
    }
}
