//! The functions (`ref`, `anchor`, `definitions`, `placeholder`) and filters (`join_and`,
//! `gbp`, `percent`, `quantity`, `total`, `label`) caredraft adds to Tera. An answer that
//! passes through one is escaped or kept as a placeholder, never read as markup.

use std::collections::BTreeMap;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use crate::library::Library;
use crate::markers::Marker;

/// The filters and functions caredraft adds to Tera's, which a maintainer is most likely to
/// misspell.
pub(super) const OUR_FILTERS: [&str; 5] = ["join_and", "gbp", "percent", "label", "quantity"];
pub(super) const OUR_FUNCTIONS: [&str; 4] = ["ref", "anchor", "definitions", "placeholder"];

/// A Tera with caredraft's escaping, functions and filters, and no templates yet.
pub(super) fn base_tera(library: &Library) -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".md"]);
    tera.set_escape_fn(crate::escape::escape_answer);
    tera.register_function("ref", ref_fn);
    tera.register_function("anchor", |kw: Kwargs, _: &State| -> tera::TeraResult<Value> {
        let id: String = kw.must_get("id")?;
        Ok(Value::safe_string(&Marker::Anchor(id).encode()))
    });
    tera.register_function("definitions", |_: Kwargs, _: &State| Value::safe_string(&Marker::Definitions.encode()));
    tera.register_function("placeholder", |kw: Kwargs, _: &State| -> tera::TeraResult<Value> {
        let label: String = kw.must_get("label")?;
        Ok(Value::safe_string(&Marker::Placeholder(crate::doc::Placeholder::for_drafter(label)).encode()))
    });
    tera.register_filter("join_and", join_and);
    tera.register_filter("gbp", |v: &Value, _: Kwargs, _: &State| {
        number_filter(v, "gbp", |x| crate::answers::format_money((x * 100.0).round() as i64))
    });
    tera.register_filter("percent", |v: &Value, _: Kwargs, _: &State| {
        number_filter(v, "percent", crate::answers::format_percent)
    });
    tera.register_filter("quantity", quantity);
    tera.register_filter("total", total);
    let labels: Arc<BTreeMap<String, BTreeMap<String, String>>> = Arc::new(
        library
            .all_questions()
            .flat_map(|q| std::iter::once(q).chain(q.fields.iter()))
            .filter(|q| !q.options.is_empty())
            .map(|q| (q.id.clone(), q.options.iter().map(|o| (o.id.clone(), o.label.clone())).collect()))
            .collect(),
    );
    tera.register_filter("label", move |v: &Value, kw: Kwargs, _: &State| -> tera::TeraResult<Value> {
        let q: String = kw.must_get("q")?;
        let Some(options) = labels.get(&q) else {
            return Err(tera::Error::message(format!("label: no question `{q}` with options")));
        };
        let one = |x: &Value| -> Value {
            match x.as_str() {
                Some(s) if !x.is_safe() => Value::from(options.get(s).cloned().unwrap_or_else(|| s.to_string())),
                _ => x.clone(),
            }
        };
        Ok(match v.as_array() {
            Some(items) => Value::from(items.iter().map(one).collect::<Vec<_>>()),
            None => one(v),
        })
    });
    tera
}

/// Formats a number; a placeholder (a safe string) passes through unchanged.
fn number_filter(v: &Value, name: &str, f: impl Fn(f64) -> String) -> tera::TeraResult<Value> {
    if v.is_safe() && v.is_string() {
        return Ok(v.clone());
    }
    match v.as_f64().or_else(|| v.as_i64().map(|i| i as f64)) {
        Some(x) => Ok(Value::from(f(x))),
        None => Err(tera::Error::message(format!("{name}: expected a number, got `{v}`"))),
    }
}

/// `{{ n | quantity(unit="month", possessive=true) }}`: "one month's", "six months'", "12
/// months'". `plural` overrides the unit plus "s" ("Party", plural="Parties"). A placeholder
/// keeps its unit: "[Notice period in months] months'".
fn quantity(v: &Value, kw: Kwargs, _: &State) -> tera::TeraResult<Value> {
    let unit: String = kw.must_get("unit")?;
    let plural: String = kw.get("plural")?.unwrap_or_else(|| format!("{unit}s"));
    let possessive: bool = kw.get("possessive")?.unwrap_or(false);
    if v.is_safe()
        && let Some(placeholder) = v.as_str()
    {
        let apostrophe = if possessive { "'" } else { "" };
        return Ok(Value::safe_string(&format!("{placeholder} {plural}{apostrophe}")));
    }
    number_filter(v, "quantity", |x| crate::answers::format_quantity(x, &unit, &plural, possessive))
}

fn ref_fn(kw: Kwargs, _: &State) -> tera::TeraResult<Value> {
    let id: String = kw.must_get("id")?;
    let bare: bool = kw.get("bare")?.unwrap_or(false);
    // A companion document (an Integration Agreement) may point into its pack's main document.
    let target = match kw.get::<String>("doc")?.as_deref() {
        None => id,
        Some("main") => format!("{}{id}", super::refs::MAIN_DOCUMENT),
        Some(other) => {
            return Err(tera::Error::message(format!(
                "ref: doc=\"{other}\" is not a document of the pack; the only other document a reference can name is doc=\"main\""
            )));
        }
    };
    Ok(Value::safe_string(&Marker::Ref { target, bare }.encode()))
}

/// `{{ commissioners | total(attribute="contribution") }}`: the sum of one number field over a
/// list of records, for rules such as "the contributions add up to the budget". While any
/// record leaves the field unanswered (a placeholder) the result is an empty string, not a
/// number, so a rule can wait with `when = "... | total(attribute=...) is number"`.
fn total(v: &Value, kw: Kwargs, _: &State) -> tera::TeraResult<Value> {
    let attribute: String = kw.must_get("attribute")?;
    let Some(items) = v.as_array() else {
        return Err(tera::Error::message("total: expected a list of records"));
    };
    let mut sum = 0.0;
    for item in items {
        match item.get_from_path(&attribute) {
            Some(x) if x.is_number() => sum += x.as_f64().unwrap_or(0.0),
            _ => return Ok(Value::from("")),
        }
    }
    // Whole pounds stay whole numbers, so `==` against a whole-pound answer holds.
    Ok(if sum.fract() == 0.0 && sum.abs() < 9.0e15 { Value::from(sum as i64) } else { Value::from(sum) })
}

/// ["A", "B", "C"] -> "A, B and C". Each item is escaped unless it is already safe (a
/// placeholder), so the result can be marked safe without letting an answer through raw.
fn join_and(v: &Value, kw: Kwargs, _: &State) -> tera::TeraResult<Value> {
    let conj: String = kw.get("word")?.unwrap_or_else(|| "and".to_string());
    let Some(items) = v.as_array() else {
        return Err(tera::Error::message("join_and: expected a list"));
    };
    let parts: Vec<String> = items
        .iter()
        .map(|x| match x.as_str() {
            Some(s) if x.is_safe() => s.to_string(),
            Some(s) => crate::escape::escape_markdown_inline(s),
            None => crate::escape::escape_markdown_inline(&x.to_string()),
        })
        .collect();
    let text = match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        n => format!("{} {conj} {}", parts[..n - 1].join(", "), parts[n - 1]),
    };
    Ok(Value::safe_string(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_adds_a_field_over_records_and_waits_for_every_answer() {
        let mut tera = Tera::new();
        tera.register_filter("total", total);
        tera.add_raw_template("t", "{{ rs | total(attribute=\"x\") }}|{{ rs | total(attribute=\"x\") is number }}")
            .unwrap();
        let mut ctx = tera::Context::new();
        let rec = |x: Value| {
            let mut m = tera::Map::new();
            m.insert("x".into(), x);
            Value::from(m)
        };
        ctx.insert_value("rs", Value::from(vec![rec(Value::from(2)), rec(Value::from(3.5))]));
        assert_eq!(tera.render("t", &ctx).unwrap(), "5.5|true");
        ctx.insert_value("rs", Value::from(vec![rec(Value::from(2)), rec(Value::from(3))]));
        assert_eq!(tera.render("t", &ctx).unwrap(), "5|true");
        ctx.insert_value("rs", Value::from(vec![rec(Value::from(2)), rec(Value::safe_string("[placeholder]"))]));
        assert_eq!(tera.render("t", &ctx).unwrap(), "|false");
    }
}
