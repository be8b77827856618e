//! Cross-references: each `ref()` in a document is given its target's number and bookmark,
//! or, for a companion's reference into the main document, plain text naming it; a reference
//! to a clause not in the draft is an error at the `ref()` itself.

use std::collections::BTreeMap;

use super::Engine;
use super::assemble::{ClauseState, Outline};
use super::number::{Target, for_each_inlines};
use crate::doc::{Block, Clause, Inline, Paragraph, Schedule};
use crate::error::{Diagnostic, Error, Result};
use crate::library::ClauseFile;

/// How a reference to the main document is written in a companion's template:
/// `ref(id="x", doc="main")` marks its target `main:x`.
pub(crate) const MAIN_DOCUMENT: &str = "main:";

/// What references in one document resolve against: its own outline and targets, and for a
/// companion, the main document's targets and what the main document calls itself.
pub(super) struct Refs<'a> {
    pub(super) outline: &'a Outline,
    pub(super) targets: &'a BTreeMap<String, Target>,
    pub(super) main: Option<(&'a BTreeMap<String, Target>, &'a str)>,
}

pub(super) fn resolve_refs(
    engine: &Engine<'_>,
    refs: &Refs<'_>,
    clauses: &mut [Clause],
    schedules: &mut [Schedule],
    (background_path, background): (&str, &mut [Paragraph]),
) -> Result<()> {
    let mut diags = Vec::new();
    for p in background.iter_mut() {
        resolve_inlines(engine, refs, background_path, &mut p.content, &mut diags);
    }
    let mut resolve = |from: &str, blocks: &mut Vec<Block>| {
        for_each_inlines(blocks, &mut |content| resolve_inlines(engine, refs, from, content, &mut diags));
    };
    for c in clauses.iter_mut() {
        resolve(&c.id, &mut c.blocks);
    }
    for s in schedules.iter_mut() {
        resolve(&s.id, &mut s.blocks);
    }
    if diags.is_empty() { Ok(()) } else { Err(Error::Invalid(diags)) }
}

fn resolve_inlines(
    engine: &Engine<'_>,
    refs: &Refs<'_>,
    from: &str,
    content: &mut [Inline],
    diags: &mut Vec<Diagnostic>,
) {
    let (outline, targets) = (refs.outline, refs.targets);
    for inline in content.iter_mut() {
        match inline {
            Inline::Strong(c) | Inline::Emphasis(c) => resolve_inlines(engine, refs, from, c, diags),
            Inline::Ref { target, prefix, number, suffix, bookmark }
                if number.is_empty() && target.starts_with(MAIN_DOCUMENT) =>
            {
                let id = &target[MAIN_DOCUMENT.len()..];
                match refs.main.and_then(|(main, noun)| main.get(id).map(|t| (t, noun))) {
                    // "clause 5 of the Contract": plain text, since Word cannot cross-reference
                    // into another file.
                    Some((t, called)) => {
                        *prefix = t.prefix.clone();
                        number.clone_from(&t.number);
                        // "Schedule 1 to the Contract", "paragraph 2 of Schedule 1 to the
                        // Contract", but "clause 5 of the Contract".
                        let word = if format!("{}{}", t.prefix, t.suffix).contains("Schedule") { "to" } else { "of" };
                        *suffix = format!("{} {word} the {called}", t.suffix);
                        bookmark.clear();
                    }
                    None => {
                        let (path, line, col) = ref_location(engine, from, id);
                        let why = if refs.main.is_some() {
                            format!("clause `{from}` refers to `{id}` of the main document, which is not in its draft")
                        } else {
                            format!(
                                "clause `{from}` refers to `{id}` with doc=\"main\", but it is itself in the main document; drop doc=\"main\""
                            )
                        };
                        diags.push(
                            Diagnostic::error(path, line, col, why)
                                .with_code("reference-not-in-draft")
                                .about(crate::error::Subject::clause(id)),
                        );
                    }
                }
            }
            Inline::Ref { target, prefix, number, suffix, bookmark } if number.is_empty() => {
                let bare = prefix == "bare";
                match targets.get(target.as_str()) {
                    Some(t) => {
                        *prefix = if bare { String::new() } else { t.prefix.clone() };
                        *suffix = if bare { String::new() } else { t.suffix.clone() };
                        number.clone_from(&t.number);
                        bookmark.clone_from(&t.bookmark);
                    }
                    None => {
                        let (path, line, col) = ref_location(engine, from, target);
                        let why = match outline.iter().find(|e| e.id == *target) {
                            Some(e) if e.state == ClauseState::SwitchedOff => format!(
                                "clause `{from}` refers to clause `{target}` ({}), which is switched off in this draft; \
                                 switch it on, or make the reference conditional with {{% if \"{target}\" in included %}}",
                                e.path
                            ),
                            Some(e) => format!(
                                "clause `{from}` refers to clause `{target}` ({}), which is not in this draft because its \
                                 condition is false; make the reference conditional with {{% if \"{target}\" in included %}}",
                                e.path
                            ),
                            None => format!(
                                "clause `{from}` refers to `{target}`, which is no clause, schedule or anchor of this variant"
                            ),
                        };
                        diags.push(
                            Diagnostic::error(path, line, col, why)
                                .with_code("reference-not-in-draft")
                                .about(crate::error::Subject::clause(target.as_str())),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

/// Where a bad reference from clause `from` to `target` is reported: at the `ref()` itself.
fn ref_location(engine: &Engine<'_>, from: &str, target: &str) -> (String, usize, usize) {
    let path = engine.library.clause(from).map_or(from.to_string(), |c| c.path.clone());
    let (line, col) = engine.library.clause(from).map_or((0, 0), |c| reference_place(engine.library, c, target));
    (path, line, col)
}

/// Where `clause` writes `ref(id="target")`: in its body, else in a definition's meaning.
fn reference_place(library: &crate::library::Library, clause: &ClauseFile, target: &str) -> (usize, usize) {
    use super::scan::{call_id, tags};
    for tag in tags(&clause.body) {
        let found = (0..tag.tokens.len()).find_map(|i| call_id(&tag.tokens, i, "ref").filter(|t| t.text == target));
        if let Some(t) = found {
            return crate::error::line_col(&clause.source, clause.body_offset + t.at);
        }
    }
    for (i, d) in clause.front.defines.iter().enumerate() {
        for tag in tags(&d.meaning) {
            let found = (0..tag.tokens.len()).find_map(|j| call_id(&tag.tokens, j, "ref").filter(|t| t.text == target));
            if let (Some(t), Some(spans)) = (found, library.spans.get(&clause.path)) {
                return spans.inside(&format!("defines.{i}.meaning"), t.at, t.text);
            }
        }
    }
    (clause.body_line, 0)
}
