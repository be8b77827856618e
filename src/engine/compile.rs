//! Compiling the library into Tera: which templates, where each came from, a lenient compile
//! for `lint`, and mapping Tera's errors back to `file:line:col`. The functions and filters
//! the templates call are in [`super::functions`].

use std::collections::BTreeMap;

use tera::Tera;

use super::TemplateOrigin;
use super::functions;
use crate::error::{Diagnostic, Error, Result};
use crate::library::Library;

/// Template name of the condition `key` of the file at `path`.
pub fn when_name(path: &str, key: &str) -> String {
    format!("{path}#{key}")
}

/// Wraps a boolean Tera expression so that rendering it prints "1" when true.
pub fn expression_template(expr: &str) -> String {
    format!("{{% if {expr} %}}1{{% endif %}}")
}

/// Compiles the library's templates; with `variant`, only the clauses that variant can use.
pub(crate) fn compile(library: &Library, variant: Option<&str>) -> Result<(Tera, BTreeMap<String, TemplateOrigin>)> {
    let (tera, origins, diags) = compile_lenient(library, variant);
    if diags.is_empty() { Ok((tera, origins)) } else { Err(Error::Invalid(diags)) }
}

/// Compiles what compiles: the templates without errors, and a diagnostic for each error, so
/// `lint` can go on checking the rest.
pub(crate) fn compile_lenient(
    library: &Library,
    variant: Option<&str>,
) -> (Tera, BTreeMap<String, TemplateOrigin>, Vec<Diagnostic>) {
    let mut templates: Vec<(String, String, TemplateOrigin)> = Vec::new();
    let mut add = |name: String, body: String, path: &str, first_line: usize, fixed: Option<(usize, usize)>| {
        templates.push((name, body, TemplateOrigin { path: path.to_string(), first_line, fixed }));
    };

    // A clause is needed when it names the variant or one of its companions, or one of their
    // frames places it: a render draws the whole pack.
    let frames: Vec<&crate::library::Variant> = variant
        .and_then(|v| library.variant(v))
        .map(|f| std::iter::once(f).chain(library.companions_of(f)).collect())
        .unwrap_or_default();
    let needed = |c: &&crate::library::ClauseFile| {
        variant.is_none()
            || frames.iter().any(|f| {
                c.front.variants.contains(&f.id)
                    || f.parts.iter().any(|p| p.clauses.contains(&c.front.id))
                    || f.schedules.contains(&c.front.id)
            })
    };
    // Conditions and definitions are TOML strings: an error in one is placed at its value, at
    // the first character inside the quotes.
    let at = |path: &str, key: &str| {
        let (line, col) = library.locate(path, key);
        Some((line, col + 1))
    };
    for c in library.clauses.iter().filter(needed) {
        add(c.path.clone(), c.body.clone(), &c.path, c.body_line, None);
        if let Some(w) = &c.front.when {
            add(when_name(&c.path, "when"), expression_template(w), &c.path, 1, at(&c.path, "when"));
        }
        for (i, d) in c.front.defines.iter().enumerate() {
            // Definitions render like bodies (".md": answers escaped).
            let meaning = at(&c.path, &format!("defines.{i}.meaning"));
            add(format!("{}#term{i}.md", c.path), d.meaning.clone(), &c.path, 1, meaning);
            if let Some(w) = &d.when {
                let place = at(&c.path, &format!("defines.{i}.when"));
                add(when_name(&c.path, &format!("term{i}.when")), expression_template(w), &c.path, 1, place);
            }
        }
    }
    for p in &library.partials {
        add(p.path.clone(), p.body.clone(), &p.path, 1, None);
    }
    for s in &library.sections {
        for (i, q) in s.questions.iter().enumerate() {
            if let Some(w) = &q.when {
                let place = at(&s.path, &format!("questions.{i}.when"));
                add(when_name(&s.path, &format!("{}.when", q.id)), expression_template(w), &s.path, 1, place);
            }
        }
        for (i, r) in s.rules.iter().enumerate() {
            let place = at(&s.path, &format!("rules.{i}.check"));
            add(when_name(&s.path, &format!("rule{i}")), expression_template(&r.check), &s.path, 1, place);
            if let Some(w) = &r.when {
                let place = at(&s.path, &format!("rules.{i}.when"));
                add(when_name(&s.path, &format!("rule{i}.when")), expression_template(w), &s.path, 1, place);
            }
        }
    }

    let origins: BTreeMap<String, TemplateOrigin> = templates.iter().map(|(n, _, o)| (n.clone(), o.clone())).collect();

    let mut tera = functions::base_tera(library);
    let batch = tera.add_raw_templates(templates.iter().map(|(n, b, _)| (n.as_str(), b.as_str())));
    let mut diags = Vec::new();
    let partials: Vec<&str> = library.partials.iter().map(|p| p.path.as_str()).collect();
    if batch.is_err() {
        // Find every broken template, not just the first, and keep the others.
        let mut good = Vec::new();
        // Each template is compiled with the partials it may include, so that one broken
        // template does not make every `{% include %}` elsewhere look unknown.
        let is_partial = |name: &str| library.partials.iter().any(|p| p.path == name);
        let all_partials: Vec<(&str, &str)> =
            templates.iter().filter(|(n, _, _)| is_partial(n)).map(|(n, b, _)| (n.as_str(), b.as_str())).collect();
        let includable: Vec<(&str, &str)> =
            if functions::base_tera(library).add_raw_templates(all_partials.clone()).is_ok() {
                all_partials
            } else {
                all_partials
                    .into_iter()
                    .filter(|(n, b)| functions::base_tera(library).add_raw_template(n, b).is_ok())
                    .collect()
            };
        for (name, body, origin) in &templates {
            let mut one = functions::base_tera(library);
            let with_partials = includable
                .iter()
                .filter(|(n, _)| *n != name.as_str())
                .copied()
                .chain(std::iter::once((name.as_str(), body.as_str())));
            if let Err(e) = one.add_raw_templates(with_partials) {
                let mut found = diagnose_all(&origins, &e, &origin.path, &partials);
                // Tera says only "Unexpected end of input" at the last line: say which tag is open.
                if let (Some((tag, line)), None) = (unclosed_tag(body), origin.fixed) {
                    for d in found.iter_mut().filter(|d| d.message.contains("Unexpected end of input")) {
                        let at = origin.first_line + line - 1;
                        d.message = format!("{}: `{{% {tag} %}}` on line {at} is never closed", d.message);
                        d.code = Some("unclosed-tag");
                    }
                }
                diags.extend(found);
            } else {
                good.push((name.as_str(), body.as_str()));
            }
        }
        if diags.is_empty()
            && let Err(e) = batch
        {
            diags.push(Diagnostic::error(library.origin.clone(), 0, 0, error_message(&e)).with_code("template-error"));
        }
        tera = functions::base_tera(library);
        if tera.add_raw_templates(good).is_err() {
            tera = functions::base_tera(library);
        }
    }
    (tera, origins, diags)
}

/// The innermost block tag (`if`, `for`, ...) still open at the end of `body`, with its line.
fn unclosed_tag(body: &str) -> Option<(&str, usize)> {
    const BLOCKS: [&str; 6] = ["if", "for", "macro", "block", "filter", "raw"];
    let mut open: Vec<(&str, usize)> = Vec::new();
    for (at, _) in body.match_indices("{%") {
        let tag_text = body[at + 2..].trim_start_matches('-').trim_start();
        let word = tag_text.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').next().unwrap_or("");
        if BLOCKS.contains(&word) && open.last().is_none_or(|(t, _)| *t != "raw") {
            open.push((word, crate::error::line_col(body, at).0));
        } else if let Some(closed) = word.strip_prefix("end")
            && open.last().is_some_and(|(t, _)| *t == closed)
        {
            open.pop();
        }
    }
    open.pop()
}

fn error_message(err: &tera::Error) -> String {
    match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => r.message().to_string(),
        other => {
            let mut msg = other.to_string();
            let mut src = std::error::Error::source(err);
            while let Some(s) = src {
                msg.push_str(": ");
                msg.push_str(&s.to_string());
                src = s.source();
            }
            msg
        }
    }
}

pub(crate) fn diagnose(origins: &BTreeMap<String, TemplateOrigin>, err: &tera::Error, fallback: &str) -> Diagnostic {
    if let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = err.kind() {
        let origin = origins.get(r.filename()).or_else(|| origins.get(fallback));
        let code = match err.kind() {
            tera::ErrorKind::SyntaxError(_) => "template-syntax",
            _ => "template-render",
        };
        if let Some(o) = origin {
            let span = r.span();
            let d = located(o, r.filename(), span.start_line, span.start_col + 1, r.message()).with_code(code);
            // Tera knows where the problem ends too (in the clause file, unless it is a value).
            let end = o.fixed.is_none().then(|| (o.first_line + span.end_line.saturating_sub(1), span.end_col + 1));
            return Diagnostic { end, ..d };
        }
    }
    let path = origins.get(fallback).map_or(fallback, |o| o.path.as_str());
    Diagnostic::error(path, 0, 0, tidy(&error_message(err))).with_code("template-error")
}

/// Like [`diagnose`], but one diagnostic per problem. Tera reports unknown filters, tests and
/// functions only as text, one report per use ("error: Unknown filter `x`" then
/// " --> NAME:LINE:COL"), so those reports are read back and placed in the clause file.
fn diagnose_all(
    origins: &BTreeMap<String, TemplateOrigin>,
    err: &tera::Error,
    fallback: &str,
    templates: &[&str],
) -> Vec<Diagnostic> {
    if let tera::ErrorKind::Msg(text) = err.kind() {
        let found: Vec<Diagnostic> = text_reports(text)
            .into_iter()
            .filter_map(|(message, name, line, col)| {
                let (code, hint) = what_is_unknown(message, templates);
                origins
                    .get(name)
                    .map(|o| located(o, name, line, col, &tidy(message)).with_code(code).with_hint_opt(hint))
            })
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    let d = diagnose(origins, err, fallback);
    let (code, hint) = what_is_unknown(&d.message, templates);
    let d = if code == "template-syntax" { d } else { d.with_code(code) };
    vec![d.with_hint_opt(hint)]
}

/// Tera names an unknown filter, function or template only in the words of its message, so
/// this is the one place those words are read: the code of the problem, and a did-you-mean
/// for a name close to one of ours (or to one of the library's templates).
fn what_is_unknown(message: &str, templates: &[&str]) -> (&'static str, Option<String>) {
    let name = |prefix: &str| message.strip_prefix(prefix).map(|rest| rest.trim_matches('`').to_string());
    if let Some(t) = name("Unknown template ") {
        let others: Vec<&str> = templates.iter().copied().filter(|x| *x != t).collect();
        return ("unknown-template", crate::answers::suggest(&t, &others));
    }
    match (name("Unknown filter "), name("Unknown function ")) {
        (Some(f), _) => ("unknown-filter", crate::answers::suggest(&f, &functions::OUR_FILTERS)),
        (_, Some(f)) => ("unknown-function", crate::answers::suggest(&f, &functions::OUR_FUNCTIONS)),
        _ => ("template-syntax", None),
    }
}

/// (message, template name, line, column) of each report in Tera's text.
fn text_reports(text: &str) -> Vec<(&str, &str, usize, usize)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else { continue };
        let Some(place) = lines.next().and_then(|l| l.trim_start().strip_prefix("--> ")) else { continue };
        let mut parts = place.rsplitn(3, ':');
        let (Some(col), Some(row), Some(name)) = (parts.next(), parts.next(), parts.next()) else { continue };
        if let (Ok(row), Ok(col)) = (row.parse(), col.parse()) {
            out.push((message, name, row, col));
        }
    }
    out
}

/// A diagnostic at `line`:`col` of a compiled template, placed in the file it came from.
fn located(o: &TemplateOrigin, name: &str, line: usize, col: usize, message: &str) -> Diagnostic {
    let (line, col) = match o.fixed {
        Some(place) => place,
        None => (o.first_line + line.saturating_sub(1), col),
    };
    // Definitions' meanings are compiled as "PATH#termN.md"; conditions and rules otherwise.
    let what = match (o.fixed, name.ends_with(".md")) {
        (None, _) => "",
        (Some(_), true) => "in this definition: ",
        (Some(_), false) => "in this condition: ",
    };
    Diagnostic::error(&o.path, line, col, format!("{what}{}", tidy(message)))
}

fn tidy(msg: &str) -> String {
    msg.trim().trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_innermost_open_block_is_named_with_its_line() {
        assert_eq!(unclosed_tag("{% if a %}x{% endif %}"), None);
        assert_eq!(unclosed_tag("{% if a %}\n{%- for p in ps %}{{ p }}\n"), Some(("for", 2)));
        assert_eq!(unclosed_tag("{% for p in ps %}\n{% if a %}{% endif %}\n"), Some(("for", 1)));
        // Inside raw, tags are text.
        assert_eq!(unclosed_tag("{% raw %}{% if %}{% endraw %}"), None);
    }

    #[test]
    fn tera_text_reports_are_read_back_with_their_places() {
        let text = "error: Unknown filter `lable`\n --> clauses/a.md:3:17\n  |\n3 | x\n\n\
                    error: Unknown function `reff`\n   --> clauses/b.md#term0.md:1:4\n  |";
        assert_eq!(
            text_reports(text),
            [
                ("Unknown filter `lable`", "clauses/a.md", 3, 17),
                ("Unknown function `reff`", "clauses/b.md#term0.md", 1, 4)
            ]
        );
    }
}
