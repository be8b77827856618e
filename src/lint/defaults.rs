//! Mistakes that would go on quietly: an alternative with no wording of its own, a clause
//! condition that tests `included`, conditions that refer to each other, a variant that falls
//! into another variant's `{% else %}`, and a default answer a drafter could never give.

use std::collections::{BTreeMap, BTreeSet};

use super::ids::Named;
use super::sources::Source;
use crate::answers::{init_file, parse_answers};
use crate::engine::scan::{self, Kind, compared_after};
use crate::error::{Diagnostic, Subject};
use crate::library::Library;

/// Every alternative after the first needs wording of its own: a place that tests it. With two
/// or more never tested, they all read the same (the first's or the `else` branch).
pub(crate) fn alternatives_without_wording(library: &Library, named: &Named, diags: &mut Vec<Diagnostic>) {
    let misspelt = misspelt_alternatives(diags);
    for c in library.clauses.iter().filter(|c| c.front.alternatives.len() > 1 && !misspelt.contains(&c.front.id)) {
        let untested: Vec<&str> = c
            .front
            .alternatives
            .iter()
            .map(|a| a.id.as_str())
            .filter(|a| !named.alternatives.contains(&(c.front.id.clone(), a.to_string())))
            .collect();
        if untested.len() < 2 {
            continue;
        }
        let first = c.front.alternatives[0].id.as_str();
        for (i, a) in c.front.alternatives.iter().enumerate().skip(1) {
            if !untested.contains(&a.id.as_str()) {
                continue;
            }
            let (line, col) = library.locate(&c.path, &format!("alternatives.{i}.id"));
            let others: Vec<String> = untested.iter().filter(|x| **x != a.id).map(|x| format!("`{x}`")).collect();
            diags.push(
                Diagnostic::error(
                    &c.path,
                    line,
                    col,
                    format!(
                        "alternative `{}` has no wording of its own: nothing tests `option == \"{}\"`, so it reads \
                         the same as {} (the first alternative is `{first}`)",
                        a.id,
                        a.id,
                        others.join(" and ")
                    ),
                )
                .with_code("alternative-without-wording"),
            );
        }
    }
}

/// The clauses compared with an alternative they do not have, by the subject of the errors
/// already reported: a misspelling would also make the real alternative look untested, and the
/// root cause is reported, not the cascade.
fn misspelt_alternatives(diags: &[Diagnostic]) -> BTreeSet<String> {
    diags
        .iter()
        .filter(|d| d.severity == crate::error::Severity::Error)
        .filter_map(|d| match &d.subject {
            Some(Subject::Alternative { clause, .. }) => Some(clause.clone()),
            _ => None,
        })
        .collect()
}

/// Clause id -> the clause ids its condition tests with `included`, each with its place.
type Edges<'a> = BTreeMap<&'a str, Vec<(String, (usize, usize))>>;

/// A clause's `when` is decided before the draft's clauses are known, so `"x" in included`
/// there is always false. Self-references and cycles are named as such.
pub(crate) fn conditions_on_included(library: &Library, sources: &[Source<'_>], diags: &mut Vec<Diagnostic>) {
    // clause id -> (clause ids its condition tests, where)
    let mut edges: Edges<'_> = BTreeMap::new();
    let mut paths: BTreeMap<&str, &str> = BTreeMap::new();
    for src in sources.iter().filter(|s| s.clause_condition) {
        let Some(c) = src.clause else { continue };
        paths.insert(&c.front.id, src.path);
        let Some(tokens) = src.token_lists().next() else { continue };
        for (i, t) in tokens.iter().enumerate() {
            let rest = &tokens[i + 1..];
            let tests_included = t.kind == Kind::Str
                && (matches!(rest, [a, b, ..] if a.is_ident("in") && b.is_ident("included"))
                    || matches!(rest, [n, a, b, ..] if n.is_ident("not") && a.is_ident("in") && b.is_ident("included")));
            if tests_included {
                edges.entry(&c.front.id).or_default().push((t.text.to_string(), src.place(library, t)));
            }
        }
    }
    // Questions are asked, and rules checked, before any clause is placed: `included` is empty.
    for src in sources.iter().filter(|s| s.expression && s.clause.is_none()) {
        let Some(tokens) = src.token_lists().next() else { continue };
        for (i, t) in tokens.iter().enumerate() {
            if t.is_ident("included") && scan::is_free_name(tokens, i) {
                let (line, col) = src.place(library, t);
                diags.push(
                    Diagnostic::error(
                        src.path,
                        line,
                        col,
                        "questions are asked and rules checked before the draft's clauses are known, so \
                         `included` is always empty here; test the answers that decide the clause instead",
                    )
                    .with_code("condition-on-included"),
                );
            }
        }
    }
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    for (&from, targets) in &edges {
        let path = paths.get(from).copied().unwrap_or_default();
        for (to, (line, col)) in targets {
            let message = if to == from {
                format!(
                    "the condition of `{from}` tests whether `{from}` itself is included; that is decided by this \
                     very condition, so the clause is left out of every draft"
                )
            } else if let Some(cycle) = cycle_through(&edges, from, to) {
                if reported.contains(from) {
                    continue;
                }
                reported.extend(edges.keys().filter(|k| cycle.contains(&k.to_string())).copied());
                format!(
                    "conditions refer to each other in a cycle: {}; no order decides them, so these clauses are \
                     left out of every draft",
                    cycle.join(" → ")
                )
            } else {
                format!(
                    "a clause's `when` is decided before `included` is known, so `\"{to}\" in included` is always \
                     false here; test the answers that decide `{to}` instead (its own `when`)"
                )
            };
            diags.push(Diagnostic::error(path, *line, *col, message).with_code("condition-on-included"));
        }
    }
}

/// The cycle `from → to → ... → from`, if `to` leads back to `from`.
fn cycle_through(edges: &Edges<'_>, from: &str, to: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![from.to_string(), to.to_string()]];
    let mut seen: BTreeSet<String> = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().cloned().unwrap_or_default();
        if last == from {
            return Some(path);
        }
        if !seen.insert(last.clone()) {
            continue;
        }
        for (next, _) in edges.get(last.as_str()).into_iter().flatten() {
            let mut p = path.clone();
            p.push(next.clone());
            stack.push(p);
        }
    }
    None
}

/// A variant that uses a clause but reaches the `{% else %}` of a `variant.id` if-chain that
/// names no case for it takes wording written for the other variants without anyone having
/// chosen it (a variant added by copying a frame does exactly this). Each variant the `else`
/// serves must be named in the chain, so that a new variant is always a decision.
pub(crate) fn variant_else_branches(library: &Library, sources: &[Source<'_>], diags: &mut Vec<Diagnostic>) {
    struct Chain {
        /// Every test of the chain so far is a plain `variant.id` test.
        variant: bool,
        covered: BTreeSet<String>,
        /// Where the `if` tag stands, and how many cases the chain has.
        if_at: usize,
        cases: usize,
        else_at: Option<usize>,
    }
    // Clause bodies, definitions and partials: every template a variant's draft reads.
    for src in sources.iter().filter(|s| !s.expression) {
        let mut open: Vec<Chain> = Vec::new();
        for tag in &src.tags {
            let tokens = &tag.tokens;
            match tag.keyword() {
                Some("if") => {
                    let ids = variant_cases(tokens.get(1..).unwrap_or_default());
                    open.push(Chain {
                        variant: ids.is_some(),
                        covered: ids.unwrap_or_default().into_iter().collect(),
                        if_at: tag.at,
                        cases: 1,
                        else_at: None,
                    });
                }
                Some("elif") => {
                    if let Some(chain) = open.last_mut() {
                        match variant_cases(tokens.get(1..).unwrap_or_default()) {
                            Some(ids) => chain.covered.extend(ids),
                            None => chain.variant = false,
                        }
                        chain.cases += 1;
                    }
                }
                Some("else") => {
                    if let Some(chain) = open.last_mut() {
                        chain.else_at = Some(tag.at);
                    }
                }
                Some("endif") => {
                    let Some(chain) = open.pop() else { continue };
                    // A lone `{% if variant.id == "mou" %}` adds words for the variants it names
                    // and nothing for the others, by design; a chain of cases, or an `else`,
                    // chooses wording for every variant.
                    if !chain.variant || (chain.else_at.is_none() && chain.cases < 2) {
                        continue;
                    }
                    let unchosen: Vec<&str> =
                        src.variants.iter().map(String::as_str).filter(|v| !chain.covered.contains(*v)).collect();
                    if unchosen.is_empty() {
                        continue;
                    }
                    let at = chain.else_at.unwrap_or(chain.if_at);
                    let tag_len = src.text.get(at..).and_then(|rest| rest.find("%}")).map_or(0, |end| end + 2);
                    let d = Diagnostic::warning(
                        "",
                        0,
                        0,
                        no_case_message(&chain.covered, &unchosen, chain.else_at.is_some()),
                    )
                    .with_code("variant-else")
                    .with_hint(case_hint(&unchosen))
                    .about(Subject::Variants { ids: unchosen.iter().map(|v| v.to_string()).collect() });
                    diags.push(src.diagnostic_at(library, at, tag_len, d));
                }
                _ => {}
            }
        }
    }
}

/// "variant `s75` has no case in this test of `variant.id` ...": what happens to the variants
/// `unchosen`.
fn no_case_message(covered: &BTreeSet<String>, unchosen: &[&str], has_else: bool) -> String {
    let cases: Vec<String> = covered.iter().map(|v| format!("`{v}`")).collect();
    let names: Vec<String> = unchosen.iter().map(|v| format!("`{v}`")).collect();
    let (who, has, takes) = match names.as_slice() {
        [one] => (format!("variant {one}"), "has", "takes"),
        _ => (format!("variants {}", names.join(", ")), "have", "take"),
    };
    let fate = if has_else { "its `{% else %}` wording" } else { "none of its wording" };
    format!("{who} {has} no case in this test of `variant.id` (which names {}) and {takes} {fate}", cases.join(", "))
}

/// What to write instead: a case naming the variants.
fn case_hint(unchosen: &[&str]) -> String {
    let case = match unchosen {
        [one] => format!("`{{% elif variant.id == \"{one}\" %}}`"),
        _ => {
            let quoted: Vec<String> = unchosen.iter().map(|v| format!("\"{v}\"")).collect();
            format!("`{{% elif variant.id in [{}] %}}`", quoted.join(", "))
        }
    };
    let (them, their) = if unchosen.len() == 1 { ("it", "its") } else { ("them", "their") };
    format!("check that the wording fits and name {them} in a case of {their} own: {case}")
}

/// The variant ids a condition chooses, when it is nothing but `variant.id` tests joined by
/// `or`: `variant.id == "mou"`, `variant.id in ["a", "b"]`, `"mou" == variant.id`. None for
/// anything else (a negation, another question), whose `else` is no variant-specific branch.
fn variant_cases(tokens: &[scan::Token<'_>]) -> Option<Vec<String>> {
    let mut ids = Vec::new();
    for part in tokens.split(|t| t.is_ident("or")) {
        let is_variant_id =
            |t: &[scan::Token<'_>]| t.len() == 3 && t[0].is_ident("variant") && t[1].is_op(".") && t[2].is_ident("id");
        match part {
            [a, b, c, op, s] if is_variant_id(&[*a, *b, *c]) && op.is_op("==") && s.kind == Kind::Str => {
                ids.push(s.text.to_string())
            }
            [s, op, a, b, c] if is_variant_id(&[*a, *b, *c]) && op.is_op("==") && s.kind == Kind::Str => {
                ids.push(s.text.to_string())
            }
            [a, b, c, inn, rest @ ..] if is_variant_id(&[*a, *b, *c]) && inn.is_ident("in") => {
                let listed = compared_after(part, 3);
                // The whole rest must be the list: `["a", "b"]`.
                if !rest.last().is_some_and(|t| t.is_op("]")) || listed.is_empty() {
                    return None;
                }
                ids.extend(listed.iter().map(|s| s.text.to_string()));
            }
            _ => return None,
        }
    }
    (!ids.is_empty()).then_some(ids)
}

/// Each variant's default answers must be answers a drafter could give: a bad default is
/// reported at the question's `default` in its questions file.
pub(crate) fn default_answers(library: &Library, variant: Option<&str>, diags: &mut Vec<Diagnostic>) {
    for v in library.variants.iter().filter(|v| variant.is_none_or(|id| id == v.id)) {
        let text = init_file(library, v);
        let Err(e) = parse_answers("(defaults)", &text, library) else { continue };
        for d in e.diagnostics() {
            let question = question_on_line(&text, d.line);
            let place = question.as_deref().and_then(|q| {
                library.sections.iter().find_map(|s| {
                    let i = s.questions.iter().position(|x| x.id == q && x.applies_to(&v.id))?;
                    Some((s.path.as_str(), library.locate(&s.path, &format!("questions.{i}.default"))))
                })
            });
            let (path, (line, col)) = place.unwrap_or((v.path.as_str(), (0, 0)));
            diags.push(
                Diagnostic::error(
                    path,
                    line,
                    col,
                    format!("the default answer is one a drafter could not give: {}", d.message),
                )
                .with_code("invalid-default"),
            );
        }
    }
}

/// The question an answers file line sets: its key, or the records table it stands in.
fn question_on_line(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let here = lines.get(line.checked_sub(1)?)?;
    let header = |l: &str| l.trim().strip_prefix("[[answers.").and_then(|r| r.strip_suffix("]]")).map(str::to_string);
    if let Some(h) = header(here) {
        return Some(h);
    }
    for l in lines[..line - 1].iter().rev() {
        if let Some(h) = header(l) {
            return Some(h);
        }
        if l.trim() == "[answers]" {
            break;
        }
    }
    here.split_once('=').map(|(k, _)| k.trim().trim_matches('"').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_an_answers_line_sets_is_its_key_or_its_records_table() {
        let text = "[answers]\nquorum = 1\n\n[[answers.partners]]\nname = \"\"\n";
        assert_eq!(question_on_line(text, 2).as_deref(), Some("quorum"));
        assert_eq!(question_on_line(text, 4).as_deref(), Some("partners"));
        assert_eq!(question_on_line(text, 5).as_deref(), Some("partners"));
        assert_eq!(question_on_line(text, 0), None);
    }

    #[test]
    fn the_cascade_of_a_misspelt_alternative_is_found_by_subject_not_wording() {
        use crate::error::{Diagnostic, Subject};
        let diags = vec![
            // Any wording at all: the subject names the clause.
            Diagnostic::error("clauses/a.md", 3, 4, "something went wrong here")
                .about(Subject::alternative("decision-making", "majorty")),
            // Worded like one, about nothing: not a misspelt alternative.
            Diagnostic::error("clauses/b.md", 3, 4, "clause `term` has no alternative `fixd`"),
            // A warning about an alternative is not the root cause of anything.
            Diagnostic::warning("clauses/c.md", 1, 1, "x").about(Subject::alternative("costs", "shared")),
        ];
        assert_eq!(misspelt_alternatives(&diags), BTreeSet::from(["decision-making".to_string()]));
    }

    #[test]
    fn a_cycle_is_followed_back_to_where_it_started() {
        let mut edges: Edges<'_> = BTreeMap::new();
        edges.insert("a", vec![("b".into(), (1, 1))]);
        edges.insert("b", vec![("c".into(), (1, 1))]);
        edges.insert("c", vec![("a".into(), (1, 1))]);
        edges.insert("d", vec![("a".into(), (1, 1))]);
        assert_eq!(cycle_through(&edges, "a", "b"), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
        assert_eq!(cycle_through(&edges, "d", "a"), None, "d leads into a cycle but is not on it");
    }
}
