//! A new answers file for a variant: every question, with its help as a comment and its
//! default, ready to fill in.

use std::fmt::Write;

use super::{AnswerValue, Answers, ClauseChoice, FORMAT_VERSION};
use crate::library::{Library, Question, QuestionKind, Variant};

/// A new answers file with every question at its default.
pub fn init_file(library: &Library, variant: &Variant) -> String {
    answers_file(library, variant, None)
}

/// The answers file for `answers` (or, with None, the defaults), commented like `init`'s,
/// so a file saved from the TUI reads the same as one written by hand. Parsing the result
/// gives back the same answers.
pub fn answers_file(library: &Library, variant: &Variant, answers: Option<&Answers>) -> String {
    let mut w = String::new();
    let _ = writeln!(w, "# caredraft answers: {}", variant.title);
    let _ = writeln!(w, "# Fill in the answers below, then run: caredraft render THIS-FILE");
    w.push_str("# An empty answer (\"\") shows in the draft as a [placeholder] to complete later.\n");
    w.push_str("# Answers are text, never template code: write them exactly as they should read.\n\n");
    let _ = writeln!(w, "format = {FORMAT_VERSION}");
    let _ = writeln!(w, "variant = {}", quote(&variant.id));
    let _ = writeln!(w, "{}\n", library_record(library));
    w.push_str("[answers]\n");

    let mut records: Vec<&Question> = Vec::new();
    let mut last_section = String::new();
    for (section, q) in library.questions_for(&variant.id) {
        if q.kind == QuestionKind::Records {
            // An empty list must stand before the first [[table]], or TOML would read it
            // as part of that table.
            let empty = answers.is_some_and(|a| {
                a.values.get(&q.id).is_none_or(|v| matches!(v, AnswerValue::Records(r) if r.is_empty()))
            });
            if empty {
                let _ = writeln!(w, "\n{} = []", key(&q.id));
            } else {
                records.push(q);
            }
            continue;
        }
        if section.id != last_section {
            let _ = writeln!(w, "\n# ── {} ──", section.title);
            if !section.help.is_empty() {
                comment(&mut w, &section.help, "");
            }
            last_section = section.id.clone();
        }
        let value = match answers {
            Some(a) => a.values.get(&q.id).map(super::projection::to_toml),
            None => q.default.clone(),
        };
        question(&mut w, q, value.as_ref());
    }
    for q in records {
        w.push('\n');
        comment(&mut w, &q.label, "");
        if !q.help.is_empty() {
            comment(&mut w, &q.help, "");
        }
        let _ = writeln!(w, "# One [[answers.{}]] table per entry; copy a table to add one.", q.id);
        let given = match answers {
            Some(a) => a.values.get(&q.id).map(super::projection::to_toml),
            None => q.default.clone(),
        };
        let defaults = given.as_ref().and_then(|d| d.as_array().cloned()).unwrap_or_default();
        let count = match answers {
            Some(_) => defaults.len(),
            None => defaults.len().max(q.min_items.unwrap_or(1)).max(1),
        };
        for i in 0..count {
            let _ = writeln!(w, "[[answers.{}]]", q.id);
            let record = defaults.get(i).and_then(|d| d.as_table());
            for f in &q.fields {
                let value = record.and_then(|r| r.get(&f.id)).cloned();
                let value = match answers {
                    Some(_) => Some(value.unwrap_or_else(|| empty_toml(f))),
                    None => value,
                };
                field(&mut w, f, value.as_ref(), i == 0);
            }
        }
    }

    // The main document's clauses, then each companion's (the Integration Agreement's),
    // headed by the document they belong to.
    let frames = std::iter::once(variant).chain(library.companions_of(variant));
    let clauses: Vec<_> = frames
        .flat_map(|frame| {
            library
                .clauses
                .iter()
                .filter(move |c| c.front.variants.contains(&frame.id))
                .filter(|c| c.front.optional || !c.front.alternatives.is_empty())
                .filter(move |c| placed(frame, &c.front.id))
                .map(move |c| (frame, c))
        })
        .collect();
    if !clauses.is_empty() {
        w.push_str("\n[clauses]\n");
        w.push_str("# Switch optional clauses on or off (true/false) and choose alternatives by id.\n");
        for (frame, c) in clauses {
            if frame.id == variant.id {
                let _ = writeln!(w, "\n# {}", c.front.title);
            } else {
                let _ = writeln!(w, "\n# {}: {}", frame.title, c.front.title);
            }
            let chosen = answers.and_then(|a| a.clauses.get(&c.front.id));
            if !c.front.alternatives.is_empty() {
                let ids: Vec<String> =
                    c.front.alternatives.iter().map(|a| format!("\"{}\" ({})", a.id, a.label)).collect();
                comment(&mut w, &format!("Choose one of: {}", ids.join(", ")), "");
                let id = match chosen {
                    Some(ClauseChoice::Alternative(a)) => a.as_str(),
                    _ => c.front.alternatives[0].id.as_str(),
                };
                let _ = writeln!(w, "{} = {}", key(&c.front.id), quote(id));
            }
            if c.front.optional {
                let on = match chosen {
                    Some(ClauseChoice::Include(b)) => *b,
                    _ => !c.front.off_by_default,
                };
                let _ = writeln!(w, "{} = {}", key(&c.front.id), on);
            }
        }
    }
    w
}

/// `library = { name = "...", version = "..." }`: the library the file was made with, so a
/// later library can say it differs.
pub fn library_record(library: &Library) -> String {
    format!("library = {{ name = {}, version = {} }}", quote(&library.meta.name), quote(&library.meta.version))
}

fn placed(variant: &Variant, id: &str) -> bool {
    variant.parts.iter().any(|p| p.clauses.iter().any(|c| c == id)) || variant.schedules.iter().any(|s| s == id)
}

fn question(w: &mut String, q: &Question, value: Option<&toml::Value>) {
    let indent = "";
    w.push('\n');
    comment(w, &q.label, indent);
    if !q.help.is_empty() {
        comment(w, &q.help, indent);
    }
    let mut facts = vec![q.kind.describe().to_string()];
    if !q.options.is_empty() {
        facts.push(format!(
            "options: {}",
            q.options.iter().map(|o| format!("\"{}\" ({})", o.id, o.label)).collect::<Vec<_>>().join(", ")
        ));
    }
    if q.required {
        facts.push("required".into());
    }
    if let Some(when) = &q.when {
        facts.push(format!("asked when {when}"));
    }
    comment(w, &format!("Type: {}", facts.join("; ")), indent);
    let _ = writeln!(w, "{indent}{} = {}", key(&q.id), value_text(q, value));
}

fn field(w: &mut String, f: &Question, value: Option<&toml::Value>, with_help: bool) {
    if with_help {
        let mut c = f.label.clone();
        if !f.help.is_empty() {
            c.push_str(": ");
            c.push_str(&f.help);
        }
        comment(w, &c, "");
    }
    let _ = writeln!(w, "{} = {}", key(&f.id), value_text(f, value.or(f.default.as_ref())));
}

fn value_text(q: &Question, value: Option<&toml::Value>) -> String {
    match value {
        Some(v) => toml_value(v),
        None => match q.kind {
            QuestionKind::YesNo => "false".into(),
            QuestionKind::ManyOf => "[]".into(),
            _ => "\"\"".into(),
        },
    }
}

fn toml_value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => quote(s),
        other => other.to_string(),
    }
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn key(k: &str) -> String {
    if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') { k.to_string() } else { quote(k) }
}

fn comment(w: &mut String, text: &str, indent: &str) {
    for line in wrap(text, 88) {
        let _ = writeln!(w, "{indent}# {line}");
    }
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty() && line.chars().count() + word.chars().count() + 1 > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// What an unanswered field is written as.
fn empty_toml(f: &Question) -> toml::Value {
    match f.kind {
        QuestionKind::YesNo => toml::Value::Boolean(false),
        QuestionKind::ManyOf => toml::Value::Array(Vec::new()),
        _ => toml::Value::String(String::new()),
    }
}
