//! Which variants each clause, question, section and rule belongs to, read from the frames
//! alone, so that a new variant is one new frame: a clause belongs to the frames that place
//! it; a question is asked in a variant when a template of its pack reads it (a placed clause,
//! its conditions and definitions, the frames' partials, the frames' own keys) or when its
//! frame lists it in `questions`, and so is every question the condition of an asked question
//! reads; a section is shown where one of its questions is asked; a rule is checked where
//! every question it reads is asked.

use std::collections::BTreeSet;

use super::model::{Library, Variant};
use crate::engine::scan::{self, Token};

/// Fills in the `variants` of every clause, section, question and rule.
pub(super) fn derive(library: &mut Library) {
    let placing: Vec<Vec<String>> = library
        .clauses
        .iter()
        .map(|c| {
            library
                .variants
                .iter()
                .chain(&library.companions)
                .filter(|f| places(f, &c.front.id))
                .map(|f| f.id.clone())
                .collect()
        })
        .collect();
    for (c, frames) in library.clauses.iter_mut().zip(placing) {
        c.front.variants = frames;
    }

    let asked: Vec<(String, BTreeSet<String>)> =
        library.variants.iter().map(|v| (v.id.clone(), asked_in(library, v, true))).collect();
    let asking =
        |id: &str| -> Vec<String> { asked.iter().filter(|(_, qs)| qs.contains(id)).map(|(v, _)| v.clone()).collect() };
    let all_ids: BTreeSet<String> = library.all_questions().map(|q| q.id.clone()).collect();
    for s in &mut library.sections {
        for q in &mut s.questions {
            q.variants = asking(&q.id);
        }
        s.variants = asked
            .iter()
            .filter(|(v, _)| s.questions.iter().any(|q| q.variants.contains(v)))
            .map(|(v, _)| v.clone())
            .collect();
        for r in &mut s.rules {
            let mut reads = BTreeSet::new();
            for text in std::iter::once(&r.check).chain(r.when.iter()) {
                read_names(&scan::expression(text), &mut |n| {
                    reads.insert(n.to_string());
                });
            }
            reads.extend(r.fields.iter().cloned());
            // Only question ids count: `loop`, `choices` and the like are always there.
            reads.retain(|n| all_ids.contains(n));
            r.variants = asked
                .iter()
                .filter(|(v, qs)| s.variants.contains(v) && reads.iter().all(|n| qs.contains(n)))
                .map(|(v, _)| v.clone())
                .collect();
        }
    }
}

/// Does the frame place the clause, among its parts or its schedules?
fn places(frame: &Variant, clause: &str) -> bool {
    frame.parts.iter().any(|p| p.clauses.iter().any(|c| c == clause)) || frame.schedules.iter().any(|c| c == clause)
}

/// The question ids a draft of `variant` (its document and its companions') reads; with
/// `extras`, and those its frame's `questions` lists.
pub(crate) fn asked_in(library: &Library, variant: &Variant, extras: bool) -> BTreeSet<String> {
    let ids: BTreeSet<&str> = library.all_questions().map(|q| q.id.as_str()).collect();
    let mut reads: BTreeSet<String> = BTreeSet::new();
    let mut partials: Vec<String> = Vec::new();
    for frame in std::iter::once(variant).chain(library.companions_of(variant)) {
        reads.extend(frame_keys(frame).map(str::to_string));
        if extras {
            reads.extend(frame.questions.iter().cloned());
        }
        for id in frame.parts.iter().flat_map(|p| &p.clauses).chain(&frame.schedules) {
            let Some(c) = library.clause(id) else { continue };
            read_template(&c.body, &mut reads, &mut partials);
            for w in c.front.when.iter().chain(c.front.defines.iter().filter_map(|d| d.when.as_ref())) {
                read_names(&scan::expression(w), &mut |n| {
                    reads.insert(n.to_string());
                });
            }
            for d in &c.front.defines {
                read_template(&d.meaning, &mut reads, &mut partials);
            }
        }
        partials.extend(frame.background.iter().chain(frame.execution.iter()).cloned());
    }
    // Partials, and the partials they include, once each.
    let mut seen = BTreeSet::new();
    while let Some(name) = partials.pop() {
        let path = format!("templates/{}", name.trim_start_matches("templates/"));
        if !seen.insert(path.clone()) {
            continue;
        }
        if let Some(p) = library.partials.iter().find(|p| p.path == path) {
            read_template(&p.body, &mut reads, &mut partials);
        }
    }
    reads.retain(|n| ids.contains(n.as_str()));
    // A question asked only while a condition holds needs the questions that condition reads.
    loop {
        let before = reads.len();
        let conditions: Vec<&str> = library
            .all_questions()
            .filter(|q| reads.contains(&q.id))
            .flat_map(|q| std::iter::once(q).chain(&q.fields))
            .filter_map(|q| q.when.as_deref())
            .collect();
        for w in conditions {
            read_names(&scan::expression(w), &mut |n| {
                if ids.contains(n) {
                    reads.insert(n.to_string());
                }
            });
        }
        if reads.len() == before {
            return reads;
        }
    }
}

/// The question ids a frame names in its own keys: the cover's, the parties', the titles',
/// the records a companion is rendered per.
fn frame_keys(frame: &Variant) -> impl Iterator<Item = &str> {
    let keys =
        [&frame.date_question, &frame.version_question, &frame.draft_question, &frame.place_question, &frame.per];
    keys.into_iter()
        .flatten()
        .chain(frame.parties.iter().flat_map(|p| std::iter::once(&p.from).chain(p.description_from.iter())))
        .chain(frame.titles.iter().map(|t| &t.question))
        .map(String::as_str)
}

/// The names a template reads, and the partials it includes.
fn read_template(text: &str, reads: &mut BTreeSet<String>, partials: &mut Vec<String>) {
    for tag in scan::tags(text) {
        if tag.keyword() == Some("include")
            && let Some(name) = tag.tokens.get(1).filter(|t| t.kind == scan::Kind::Str)
        {
            partials.push(name.text.to_string());
        }
        read_names(&tag.tokens, &mut |n| {
            reads.insert(n.to_string());
        });
    }
}

/// Tera's words, never variables.
const KEYWORDS: [&str; 20] = [
    "for",
    "in",
    "endfor",
    "if",
    "elif",
    "else",
    "endif",
    "set",
    "set_global",
    "is",
    "not",
    "and",
    "or",
    "include",
    "raw",
    "endraw",
    "true",
    "false",
    "True",
    "False",
];

/// The variables an expression reads: free names that are not Tera's words, filters, tests or
/// functions.
pub(crate) fn read_names<'s>(tokens: &[Token<'s>], found: &mut impl FnMut(&'s str)) {
    for (i, t) in tokens.iter().enumerate() {
        if KEYWORDS.contains(&t.text) {
            continue;
        }
        let filter_or_test = i > 0 && (tokens[i - 1].is_op("|") || tokens[i - 1].is_ident("is"));
        let function = tokens.get(i + 1).is_some_and(|n| n.is_op("("));
        if scan::is_free_name(tokens, i) && !filter_or_test && !function {
            found(t.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(src: &str) -> Vec<String> {
        let mut out = Vec::new();
        for tag in scan::tags(src) {
            read_names(&tag.tokens, &mut |n| out.push(n.to_string()));
        }
        out
    }

    #[test]
    fn the_names_a_template_reads_leave_out_filters_tests_functions_and_attributes() {
        let src = "{% for p in partners %}{{ p.name | label(q=\"role\") }}{% endfor %}\
                   {{ ref(id=\"term\") }}{% if quorum is number %}{{ quorum | gbp }}{% endif %}";
        assert_eq!(names(src), ["p", "partners", "p", "quorum", "quorum"]);
    }
}
