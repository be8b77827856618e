//! Ids written inside templates and conditions: the variables they use, and the clause,
//! alternative, question, option and variant ids they name in quotes. Each unknown one is an
//! error at the place it is written, with a did-you-mean.

use std::collections::BTreeSet;

use super::BUILT_INS;
use super::sources::Source;
use crate::answers::suggest;
use crate::engine::Engine;
use crate::engine::scan::{Kind, Token, chosen_clause_after, compared_after, compared_before, is_free_name};
use crate::error::{Diagnostic, Subject};
use crate::library::{ClauseFile, Library, QuestionKind};

/// Filters that format a number, and the question kinds that give one.
const NUMBER_FILTERS: [&str; 3] = ["gbp", "percent", "quantity"];

/// Variables each source uses that no variant it serves asks.
pub(crate) fn variables(library: &Library, engine: &Engine<'_>, sources: &[Source<'_>], diags: &mut Vec<Diagnostic>) {
    let all_ids: Vec<&str> = library.all_questions().map(|q| q.id.as_str()).collect();
    for src in sources {
        let Ok(vars) = engine.tera_variables(&src.tera_name) else { continue };
        let lists: Vec<&[Token<'_>]> = src.token_lists().collect();
        for var in vars.iter().filter(|v| !BUILT_INS.contains(&v.as_str())) {
            let missing: Vec<&str> =
                src.variants.iter().filter(|v| !library.frame_reads(v, var)).map(String::as_str).collect();
            if missing.is_empty() {
                continue;
            }
            let token = lists
                .iter()
                .flat_map(|l| (0..l.len()).map(move |i| (l, i)))
                .find_map(|(l, i)| (l[i].text == var.as_str() && is_free_name(l, i)).then_some(l[i]));
            let d = if all_ids.contains(&var.as_str()) {
                found(
                    "unknown-variable",
                    format!("uses `{var}`, which variant{} {} not ask", plural_list(&missing), does(&missing)),
                )
            } else {
                found(
                    "unknown-variable",
                    format!("uses `{var}`, which is not a declared question (templates/questions/*.toml)"),
                )
                .with_hint_opt(suggest(var, &all_ids))
            };
            let d = d.about(Subject::question(var.as_str()));
            diags.push(match token {
                Some(t) => src.at_token(library, &t, d),
                None => src.diagnostic_at(library, 0, 0, d),
            });
        }
    }
}

/// A problem found at a token: the token's place is filled in where it is reported.
fn found(code: &'static str, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error("", 0, 0, message).with_code(code)
}

fn plural_list(ids: &[&str]) -> String {
    let quoted: Vec<String> = ids.iter().map(|v| format!("`{v}`")).collect();
    format!("{} {}", if ids.len() == 1 { "" } else { "s" }, quoted.join(", "))
}

fn does(ids: &[&str]) -> &'static str {
    if ids.len() == 1 { "does" } else { "do" }
}

/// What the checks found named in quotes in one clause: the alternatives it compares
/// `option` with, for the check that every alternative has wording of its own.
#[derive(Default)]
pub(crate) struct Named {
    /// (clause id, alternative id) pairs tested anywhere, through `option` or `choices`.
    pub alternatives: BTreeSet<(String, String)>,
}

/// Checks every id in quotes in every source; `questions` is false when a questions file
/// did not parse (its ids would all look unknown).
pub(crate) fn quoted_ids(
    library: &Library,
    sources: &[Source<'_>],
    questions: bool,
    diags: &mut Vec<Diagnostic>,
) -> Named {
    let mut named = Named::default();
    let clause_ids: Vec<&str> = library.clauses.iter().map(|c| c.front.id.as_str()).collect();
    let variant_ids: Vec<&str> = library.variants.iter().chain(&library.companions).map(|v| v.id.as_str()).collect();
    for src in sources {
        // `{% set rr = choices['x'] %}` or `{% set alt = option %}`: later tests of the name
        // test that clause's alternatives.
        let mut aliases: std::collections::BTreeMap<String, &ClauseFile> = std::collections::BTreeMap::new();
        for tokens in src.token_lists() {
            if let [set, name, eq, rest @ ..] = tokens
                && (set.is_ident("set") || set.is_ident("set_global"))
                && name.kind == Kind::Ident
                && eq.is_op("=")
            {
                let clause = match rest {
                    [c, open, id, close] if c.is_ident("choices") && open.is_op("[") && close.is_op("]") => {
                        library.clause(id.text)
                    }
                    [c, dot, id] if c.is_ident("choices") && dot.is_op(".") => library.clause(id.text),
                    [o] if o.is_ident("option") => src.clause,
                    _ => None,
                };
                match clause {
                    Some(c) => aliases.insert(name.text.to_string(), c),
                    None => aliases.remove(name.text),
                };
            }
            let mut err = |t: &Token<'_>, d: Diagnostic| diags.push(src.at_token(library, t, d));
            for i in 0..tokens.len() {
                let t = tokens[i];
                if t.is_ident("__tera_context") {
                    err(
                        &t,
                        found("tera-context", "`__tera_context` prints every answer and internal value into the draft")
                            .with_hint("name the answers the text needs"),
                    );
                }
                // "x" in included / "x" not in included
                if t.kind == Kind::Str && in_included(&tokens[i + 1..]) && !clause_ids.contains(&t.text) {
                    err(
                        &t,
                        found(
                            "unknown-clause-id",
                            format!("`\"{}\" in included`: no clause has id `{}`", t.text, t.text),
                        )
                        .with_hint_opt(suggest(t.text, &clause_ids))
                        .about(Subject::clause(t.text)),
                    );
                }
                if !is_free_name(tokens, i) {
                    continue;
                }
                match t.text {
                    "choices" => check_choices(library, tokens, i, &clause_ids, &mut named, &mut err),
                    alias if aliases.contains_key(alias) && !tokens.first().is_some_and(|f| f.is_ident("set")) => {
                        let compared: Vec<Token<'_>> =
                            compared_after(tokens, i + 1).into_iter().chain(compared_before(tokens, i)).collect();
                        if let Some(c) = aliases.get(alias) {
                            check_alternatives(c, &compared, &mut named, &mut err);
                        }
                    }
                    "option" => {
                        let compared: Vec<Token<'_>> =
                            compared_after(tokens, i + 1).into_iter().chain(compared_before(tokens, i)).collect();
                        if let Some(c) = src.clause {
                            check_alternatives(c, &compared, &mut named, &mut err);
                        }
                    }
                    "variant"
                        if tokens.get(i + 1).is_some_and(|d| d.is_op("."))
                            && tokens.get(i + 2).is_some_and(|d| d.is_ident("id")) =>
                    {
                        for s in compared_after(tokens, i + 3).into_iter().chain(compared_before(tokens, i)) {
                            if !variant_ids.contains(&s.text) {
                                err(
                                    &s,
                                    found("unknown-variant", format!("no variant has id `{}`", s.text))
                                        .with_hint_opt(suggest(s.text, &variant_ids))
                                        .about(Subject::variant(s.text)),
                                );
                            }
                        }
                    }
                    name if questions => check_question_use(library, tokens, i, name, &mut err),
                    _ => {}
                }
                // label(q="x")
                if t.is_ident("label")
                    && questions
                    && let [open, q, eq, id, ..] = &tokens[i + 1..]
                    && open.is_op("(")
                    && q.is_ident("q")
                    && eq.is_op("=")
                    && id.kind == Kind::Str
                    && !library
                        .all_questions()
                        .flat_map(|q| std::iter::once(q).chain(q.fields.iter()))
                        .any(|q| q.id == id.text && !q.options.is_empty())
                {
                    let with_options: Vec<&str> =
                        library.all_questions().filter(|q| !q.options.is_empty()).map(|q| q.id.as_str()).collect();
                    err(
                        id,
                        found(
                            "unknown-question",
                            format!("`label(q=\"{}\")`: no question with options has id `{}`", id.text, id.text),
                        )
                        .with_hint_opt(suggest(id.text, &with_options))
                        .about(Subject::question(id.text)),
                    );
                }
            }
        }
    }
    named
}

fn in_included(rest: &[Token<'_>]) -> bool {
    match rest {
        [inn, inc, ..] if inn.is_ident("in") && inc.is_ident("included") => true,
        [not, inn, inc, ..] if not.is_ident("not") && inn.is_ident("in") && inc.is_ident("included") => true,
        _ => false,
    }
}

/// `choices['x']`, `choices["x"]` or `choices.x`, and what it is compared with.
fn check_choices(
    library: &Library,
    tokens: &[Token<'_>],
    i: usize,
    clause_ids: &[&str],
    named: &mut Named,
    err: &mut impl FnMut(&Token<'_>, Diagnostic),
) {
    let Some((id, end)) = chosen_clause_after(tokens, i) else { return };
    let Some(clause) = library.clause(id.text) else {
        err(
            &id,
            found("unknown-clause-id", format!("`choices`: no clause has id `{}`", id.text))
                .with_hint_opt(suggest(id.text, clause_ids))
                .about(Subject::clause(id.text)),
        );
        return;
    };
    if clause.front.alternatives.is_empty() {
        err(
            &id,
            found(
                "no-alternatives",
                format!(
                    "`choices`: clause `{}` ({}) has no alternatives, so nothing is chosen for it",
                    id.text, clause.path
                ),
            )
            .about(Subject::clause(id.text)),
        );
        return;
    }
    let compared: Vec<Token<'_>> = compared_after(tokens, end).into_iter().chain(compared_before(tokens, i)).collect();
    check_alternatives(clause, &compared, named, err);
}

/// Each string compared with a clause's chosen alternative must be one of its alternatives.
fn check_alternatives(
    clause: &ClauseFile,
    compared: &[Token<'_>],
    named: &mut Named,
    err: &mut impl FnMut(&Token<'_>, Diagnostic),
) {
    let ids: Vec<&str> = clause.front.alternatives.iter().map(|a| a.id.as_str()).collect();
    for s in compared {
        if ids.contains(&s.text) {
            named.alternatives.insert((clause.front.id.clone(), s.text.to_string()));
        } else if ids.is_empty() {
            err(
                s,
                found(
                    "no-alternatives",
                    format!(
                        "compared with the alternative `{}`, but clause `{}` has no alternatives",
                        s.text, clause.front.id
                    ),
                )
                .about(Subject::clause(clause.front.id.as_str())),
            );
        } else {
            err(
                s,
                found(
                    "unknown-alternative",
                    format!(
                        "clause `{}` has no alternative `{}` (it has {})",
                        clause.front.id,
                        s.text,
                        ids.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", "),
                    ),
                )
                .with_hint_opt(suggest(s.text, &ids))
                .about(Subject::alternative(clause.front.id.as_str(), s.text)),
            );
        }
    }
}

/// A question compared with an option (`framework == "2018"`, `"acute" in services`), or
/// given to a filter that needs a number (`{{ system_name | gbp }}`).
fn check_question_use(
    library: &Library,
    tokens: &[Token<'_>],
    i: usize,
    name: &str,
    err: &mut impl FnMut(&Token<'_>, Diagnostic),
) {
    let Some(q) = library.all_questions().find(|q| q.id == name) else { return };
    if !q.options.is_empty() {
        let mut compared = compared_after(tokens, i + 1);
        compared.extend(compared_before(tokens, i));
        // "x" in q
        if i >= 2 && tokens[i - 1].is_ident("in") && tokens[i - 2].kind == Kind::Str {
            compared.push(tokens[i - 2]);
        }
        let ids: Vec<&str> = q.options.iter().map(|o| o.id.as_str()).collect();
        for s in compared.iter().filter(|s| !ids.contains(&s.text)) {
            err(
                s,
                found("unknown-option", format!("question `{}` has no option `{}`", q.id, s.text))
                    .with_hint_opt(suggest(s.text, &ids))
                    .about(Subject::question(q.id.as_str())),
            );
        }
    }
    if let [bar, filter, ..] = &tokens[i + 1..]
        && bar.is_op("|")
        && NUMBER_FILTERS.contains(&filter.text)
        && !matches!(q.kind, QuestionKind::Money | QuestionKind::Percentage | QuestionKind::Number)
    {
        err(
            filter,
            found(
                "filter-type",
                format!("the `{}` filter formats a number, but `{}` is {}", filter.text, q.id, q.kind.describe()),
            )
            .about(Subject::question(q.id.as_str())),
        );
    }
}
