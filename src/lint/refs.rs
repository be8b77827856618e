//! Cross-references: `ref(id=...)` names a clause, schedule or anchor; anchors are unique.

use std::collections::{BTreeMap, BTreeSet};

use super::sources::Source;
use crate::answers::suggest;
use crate::engine::scan::call_id;
use crate::error::Diagnostic;
use crate::library::Library;

pub(crate) fn references(library: &Library, sources: &[Source<'_>], diags: &mut Vec<Diagnostic>) {
    let mut targets: BTreeSet<String> = library.clauses.iter().map(|c| c.front.id.clone()).collect();
    let mut anchors: BTreeMap<String, String> = BTreeMap::new();
    for src in sources.iter().filter(|s| !s.expression && s.clause.is_some()) {
        for tokens in src.token_lists() {
            for i in 0..tokens.len() {
                let Some(id) = call_id(tokens, i, "anchor") else { continue };
                let (line, col) = src.place(library, &id);
                if let Some(first) = anchors.insert(id.text.to_string(), src.path.to_string()) {
                    diags.push(
                        Diagnostic::error(
                            src.path,
                            line,
                            col,
                            format!("anchor `{}` is already used in {first}", id.text),
                        )
                        .with_code("duplicate-anchor"),
                    );
                } else if !targets.insert(id.text.to_string()) {
                    diags.push(
                        Diagnostic::error(
                            src.path,
                            line,
                            col,
                            format!("anchor `{}` has the same id as a clause", id.text),
                        )
                        .with_code("duplicate-anchor"),
                    );
                }
            }
        }
    }
    let known: Vec<&str> = targets.iter().map(String::as_str).collect();
    for src in sources.iter().filter(|s| !s.expression) {
        for tokens in src.token_lists() {
            for i in 0..tokens.len() {
                let Some(id) = call_id(tokens, i, "ref") else { continue };
                if !targets.contains(id.text) {
                    let d = Diagnostic::error(
                        "",
                        0,
                        0,
                        format!("cross-reference to `{}`, which is no clause, schedule or anchor", id.text),
                    )
                    .with_code("unknown-reference")
                    .with_hint_opt(suggest(id.text, &known))
                    .about(crate::error::Subject::clause(id.text));
                    diags.push(src.at_token(library, &id, d));
                }
            }
        }
    }
}
