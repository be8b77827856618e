//! Saving into the user's own answers file: the answers change, and everything else the user
//! wrote there by hand (comments, the order of keys, blank lines, extra notes) stays. The file
//! the TUI would write from scratch is merged into the one on disk with toml_edit.

use toml_edit::{DocumentMut, Item, Table};

/// `existing` (the answers file as it is on disk) with the answers of `fresh` (the file as
/// [`crate::answers::answers_file`] writes it) put in. A value that has not changed keeps the
/// user's way of writing it; a changed one keeps the comments around it; keys the TUI does not
/// write are left alone. Fails if `existing` is not TOML, so nothing the user wrote is lost.
pub fn merged(existing: &str, fresh: &str) -> Result<String, String> {
    let mut doc: DocumentMut = existing.parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    let new: DocumentMut = fresh.parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    merge_table(doc.as_table_mut(), new.as_table());
    Ok(doc.to_string())
}

fn merge_table(old: &mut Table, new: &Table) {
    for (key, item) in new.iter() {
        match old.get_mut(key) {
            Some(existing) => merge_item(existing, item),
            None => {
                // New here: added at the end of its table, with the comment the TUI writes.
                let formatted = new.key(key).cloned().unwrap_or_else(|| toml_edit::Key::new(key));
                old.insert_formatted(&formatted, item.clone());
            }
        }
    }
}

fn merge_item(old: &mut Item, new: &Item) {
    match (old, new) {
        (Item::Value(o), Item::Value(n)) => {
            if !same_value(o, n) {
                let decor = o.decor().clone();
                *o = n.clone();
                *o.decor_mut() = decor;
            }
        }
        (Item::Table(o), Item::Table(n)) => merge_table(o, n),
        (Item::ArrayOfTables(o), Item::ArrayOfTables(n)) => {
            // Entries pair up by position; added ones go at the end, removed ones from it.
            let n_tables: Vec<&Table> = n.iter().collect();
            for (i, nt) in n_tables.iter().enumerate() {
                match o.get_mut(i) {
                    Some(ot) => merge_table(ot, nt),
                    None => o.push((*nt).clone()),
                }
            }
            while o.len() > n_tables.len() {
                o.remove(o.len() - 1);
            }
        }
        (o, n) => *o = n.clone(),
    }
}

/// Whether two TOML values mean the same (1_000 and 1000, 'a' and "a").
fn same_value(a: &toml_edit::Value, b: &toml_edit::Value) -> bool {
    let parse = |v: &toml_edit::Value| {
        let mut v = v.clone();
        v.decor_mut().clear();
        format!("v = {v}").parse::<toml::Table>().ok()
    };
    match (parse(a), parse(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BY_HAND: &str = r#"# Northmoor alliance: agreed with the ICB finance lead, 2 Dec
format = 1
variant = "alliance"

[answers]
# spelt as the ICB spells it
system_name = 'Northmoor'
annual_budget = 412_500_000 # from the 2027/28 plan
framework = "current"

[[answers.providers]]
name = "Northmoor Community Trust" # lead provider
description = ""

[[answers.providers]]
name = "Second"
description = ""

[clauses]
risk-and-reward = "none"
"#;

    #[test]
    fn comments_order_and_unchanged_spellings_are_kept() {
        let fresh = r#"# caredraft answers: Alliance Agreement
format = 1
variant = "alliance"

[answers]
framework = "current"
# Help text the TUI writes.
system_name = "Northmoor"
annual_budget = 412500000
quorum = 4

[[answers.providers]]
name = "Northmoor Community Trust"
description = "Community services"

[clauses]
risk-and-reward = "gain"
"#;
        let out = merged(BY_HAND, fresh).expect("merged");
        assert!(out.starts_with("# Northmoor alliance: agreed with the ICB finance lead, 2 Dec\n"), "{out}");
        assert!(out.contains("# spelt as the ICB spells it\nsystem_name = 'Northmoor'\n"), "{out}");
        assert!(out.contains("annual_budget = 412_500_000 # from the 2027/28 plan"), "{out}");
        assert!(out.contains("name = \"Northmoor Community Trust\" # lead provider"), "{out}");
        assert!(out.contains("description = \"Community services\""), "{out}");
        assert!(!out.contains("Second"), "the removed entry is gone: {out}");
        assert!(out.contains("risk-and-reward = \"gain\""), "{out}");
        assert!(out.contains("quorum = 4"), "a new answer is added: {out}");
        // The user's order: system_name before framework, as they wrote it.
        assert!(out.find("system_name").unwrap() < out.find("framework").unwrap(), "{out}");
        // And the result reads back as the fresh answers do.
        let a: toml::Table = out.parse().expect("toml");
        let b: toml::Table = fresh.parse().expect("toml");
        assert_eq!(a, b);
    }

    #[test]
    fn a_changed_value_keeps_its_trailing_comment() {
        let out = merged("[answers]\nquorum = 3 # board rule 4.2\n", "[answers]\nquorum = 5\n").expect("merged");
        assert_eq!(out, "[answers]\nquorum = 5 # board rule 4.2\n");
    }

    #[test]
    fn a_file_that_is_no_longer_toml_is_not_overwritten() {
        assert!(merged("[answers\nquorum = ", "[answers]\nquorum = 5\n").is_err());
    }
}
