//! A generated clause library of any size, shared by the `render` benchmark and the
//! `scaling_count` instruction counter (included with `#[path]`).
#![allow(dead_code)]

use caredraft::answers::{Answers, init_file, parse_answers};
use caredraft::library::{Library, LibraryFiles};

pub fn default_answers(library: &Library, variant: &str) -> Answers {
    let v = library.variant(variant).expect("variant");
    parse_answers("bench.toml", &init_file(library, v), library).expect("default answers parse")
}

/// The test fixture's frame and questions with `n` generated clauses, each with a
/// condition, a defined term, a list and a cross-reference to the clause before it.
pub fn generated(n: usize) -> LibraryFiles {
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
