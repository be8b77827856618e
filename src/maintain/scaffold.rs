//! `caredraft new clause AREA/NAME` and `caredraft new variant ID --from VARIANT`: the files a
//! maintainer would otherwise copy by hand, written so that `caredraft lint` passes at once.
//! Existing files are edited with toml_edit, so their comments and layout stay as they were.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use toml_edit::{Array, DocumentMut, Item, Value};

use crate::error::{Diagnostic, Error, Result};
use crate::library::{Library, LibraryFiles, parse_library};
use crate::output::{Planned, write_files};

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A clause file, clauses/AREA/NAME.md, with front matter, a drafting note and
    /// provenance to fill in; NAME is its id.
    Clause {
        /// e.g. governance/safeguarding
        #[arg(value_name = "AREA/NAME")]
        name: String,
        /// Place it at the end of this variant's clauses (repeat for several variants).
        #[arg(long = "variant", value_name = "ID")]
        variants: Vec<String>,
        /// Its heading [default: from NAME, "safeguarding" gives "Safeguarding"].
        #[arg(long)]
        title: Option<String>,
        /// A schedule rather than a clause: placed among the variant's schedules.
        #[arg(long)]
        schedule: bool,
    },
    /// A variant: a copy of another variant's frame under a new id. The frame is the one
    /// place a variant's membership is declared: it gets the clauses the frame places and the
    /// questions their templates read.
    Variant {
        /// The new variant's id, e.g. s75-partnership.
        id: String,
        /// The variant to copy, e.g. mou.
        #[arg(long, value_name = "ID")]
        from: String,
        /// Its title [default: the copied variant's title, with the new id].
        #[arg(long)]
        title: Option<String>,
    },
}

/// What a scaffold wrote, for the message.
#[derive(Debug, Default)]
pub struct Written {
    pub created: Vec<String>,
    pub edited: Vec<String>,
    /// Places to review by hand: `file:line: text`.
    pub review: Vec<String>,
}

/// Runs `new` in the library folder `dir`.
pub fn run(dir: &Path, command: &NewCommand) -> Result<Written> {
    let files = LibraryFiles::from_dir(dir)?;
    let library = parse_library(&files)?;
    let plan = match command {
        NewCommand::Clause { name, variants, title, schedule } => {
            plan_clause(&library, name, variants, title.as_deref(), *schedule)?
        }
        NewCommand::Variant { id, from, title } => plan_variant(&library, id, from, title.as_deref())?,
    };
    let mut written = Written { review: plan.review, ..Default::default() };
    let mut planned = Vec::new();
    for (rel, text, new) in plan.files {
        let path = dir.join(&rel);
        if new {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent.display().to_string(), e))?;
            }
            crate::output::create_new(&path, text.as_bytes())?;
            written.created.push(rel);
        } else {
            planned.push(Planned { path, bytes: text.into_bytes() });
            written.edited.push(rel);
        }
    }
    write_files(planned, true)?;
    Ok(written)
}

/// Files to write: (path in the library, text, is it new).
struct Plan {
    files: Vec<(String, String, bool)>,
    review: Vec<String>,
}

fn usage(message: String) -> Error {
    Error::Usage(message)
}

/// Ids are lower-case words joined by hyphens, like the library's own.
fn check_id(what: &str, id: &str) -> Result<()> {
    let ok = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(usage(format!(
            "`{id}` is not a valid {what} id: use lower-case letters, digits and hyphens, e.g. safeguarding"
        )))
    }
}

fn check_variants(library: &Library, ids: &[String]) -> Result<()> {
    for v in ids {
        if library.variant(v).is_none() {
            let known: Vec<_> = library.variants.iter().map(|v| v.id.as_str()).collect();
            return Err(usage(format!("unknown variant `{v}`; choose one of: {}", known.join(", "))));
        }
    }
    Ok(())
}

fn title_from(id: &str) -> String {
    let words = id.replace('-', " ");
    let mut chars = words.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

fn quote(s: &str) -> String {
    Value::from(s).to_string().trim().to_string()
}

fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

fn plan_clause(
    library: &Library,
    name: &str,
    variants: &[String],
    title: Option<&str>,
    schedule: bool,
) -> Result<Plan> {
    let (area, id) = name
        .trim_end_matches(".md")
        .split_once('/')
        .ok_or_else(|| usage(format!("`{name}`: name the clause as AREA/NAME, e.g. governance/safeguarding")))?;
    check_id("area", area)?;
    check_id("clause", id)?;
    if let Some(existing) = library.clause(id) {
        return Err(usage(format!("clause id `{id}` is already used by {}", existing.path)));
    }
    check_variants(library, variants)?;
    let rel = format!("clauses/{area}/{id}.md");
    let title = title.map(str::to_string).unwrap_or_else(|| title_from(id));
    let kind = if schedule { "kind = \"schedule\"\n" } else { "" };
    let body = if schedule {
        "## First heading\n\nWrite the schedule here: each `## Heading` starts a numbered paragraph.\n"
    } else {
        "Write the clause here. Each paragraph is a numbered sub-clause; a `-` list gives (a), (b).\n"
    };
    let text = format!(
        "+++\n\
         id = {}\n\
         title = {}\n\
         {kind}\
         # optional = true                        # the drafter may switch it off\n\
         # when = \"framework == 'current'\"        # included only while this holds\n\
         note = \"\"\"Why the clause is there, what the drafter must decide, and which law it rests on \\\n\
         (drafters only: never in the clean draft).\"\"\"\n\
         \n\
         [provenance]\n\
         source = \"Name the source: a published model, a statute, or in-house drafting\"\n\
         version = \"1\"\n\
         reviewed = \"{}\"\n\
         +++\n\
         {body}",
        quote(id),
        quote(&title),
        today(),
    );
    let mut files = vec![(rel, text, true)];
    for v in variants {
        let Some(frame) = library.variant(v) else { continue };
        let source = library.files.get(&frame.path).cloned().unwrap_or_default();
        let mut doc: DocumentMut = source.parse().map_err(|e: toml_edit::TomlError| toml_problem(&frame.path, &e))?;
        let list = if schedule {
            if doc.get("schedules").is_none() {
                doc.insert("schedules", Item::Value(Value::Array(Array::new())));
            }
            doc.get_mut("schedules").and_then(Item::as_array_mut)
        } else {
            doc.get_mut("parts")
                .and_then(Item::as_array_of_tables_mut)
                .and_then(|parts| parts.iter_mut().last())
                .and_then(|part| part.get_mut("clauses"))
                .and_then(Item::as_array_mut)
        };
        let Some(list) = list else {
            return Err(usage(format!("{}: no `[[parts]]` with `clauses` to place `{id}` in", frame.path)));
        };
        list.push(id);
        files.push((frame.path.clone(), doc.to_string(), false));
    }
    Ok(Plan { files, review: Vec::new() })
}

fn toml_problem(path: &str, e: &toml_edit::TomlError) -> Error {
    Error::one(Diagnostic::error(path, 0, 0, e.message().trim().to_string()).with_code("invalid-toml"))
}

fn plan_variant(library: &Library, id: &str, from: &str, title: Option<&str>) -> Result<Plan> {
    check_id("variant", id)?;
    if library.frame(id).is_some() {
        return Err(usage(format!("variant `{id}` already exists (a variant or companion frame has that id)")));
    }
    check_variants(library, &[from.to_string()])?;
    let Some(original) = library.variant(from) else { return Err(usage(format!("unknown variant `{from}`"))) };
    let mut files = Vec::new();

    // The frame, under its new id and title.
    let source = library.files.get(&original.path).cloned().unwrap_or_default();
    let mut frame: DocumentMut = source.parse().map_err(|e: toml_edit::TomlError| toml_problem(&original.path, &e))?;
    let title = title.map(str::to_string).unwrap_or_else(|| format!("{} ({id})", original.title));
    set_keeping_decor(&mut frame, "id", id);
    set_keeping_decor(&mut frame, "title", &title);
    set_keeping_decor(&mut frame, "short_title", &title);
    let rel = format!("templates/variants/{id}.toml");
    if library.files.contains_key(&rel) {
        return Err(usage(format!("{rel} already exists")));
    }
    files.push((rel, frame.to_string(), true));

    // The frame alone makes the new variant: its clauses are those it places, its questions
    // those their templates read. Only a library that still writes the older `variants` lists
    // has them brought up to date, so they keep agreeing with the frames.
    for clause in library.clauses.iter().filter(|c| c.front.declared_variants.iter().flatten().any(|v| v == from)) {
        let text = library.files.get(&clause.path).cloned().unwrap_or_default();
        if let Some(edited) = add_to_front_matter(&text, from, id) {
            files.push((clause.path.clone(), edited, false));
        }
    }
    for section in &library.sections {
        let text = library.files.get(&section.path).cloned().unwrap_or_default();
        let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| toml_problem(&section.path, &e))?;
        let mut changed = add_beside(doc.as_table_mut(), from, id);
        for list in ["questions", "rules"] {
            if let Some(items) = doc.get_mut(list).and_then(Item::as_array_of_tables_mut) {
                for t in items.iter_mut() {
                    changed |= add_beside(t, from, id);
                }
            }
        }
        if changed {
            files.push((section.path.clone(), doc.to_string(), false));
        }
    }

    // Template text that tells variants apart by id gives the new variant the `else` branch.
    let mut review = Vec::new();
    let needles = [format!("\"{from}\""), format!("'{from}'")];
    for (path, text) in &library.files {
        if path.starts_with("templates/variants/") || path == "templates/library.toml" {
            continue;
        }
        for (i, line) in text.lines().enumerate() {
            let listing = line.trim_start().starts_with("variants");
            if !listing && needles.iter().any(|n| line.contains(n.as_str())) {
                review.push(format!("{path}:{}: {}", i + 1, excerpt(line.trim(), &needles)));
            }
        }
    }
    Ok(Plan { files, review })
}

/// Up to 80 characters of `line` around the first mention of the variant.
fn excerpt(line: &str, needles: &[String]) -> String {
    let at = needles.iter().filter_map(|n| line.find(n.as_str())).min().unwrap_or(0);
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let centre = chars.iter().position(|(i, _)| *i >= at).unwrap_or(0);
    let start = centre.saturating_sub(40);
    let end = (start + 80).min(chars.len());
    let text: String = chars[start..end].iter().map(|(_, c)| c).collect();
    format!("{}{text}{}", if start > 0 { "…" } else { "" }, if end < chars.len() { "…" } else { "" })
}

fn set_keeping_decor(doc: &mut DocumentMut, key: &str, value: &str) {
    let decor = doc.get(key).and_then(Item::as_value).map(|v| v.decor().clone());
    let mut new = Value::from(value);
    if let Some(decor) = decor {
        *new.decor_mut() = decor;
    }
    doc.insert(key, Item::Value(new));
}

/// Adds `id` after `from` in the table's `variants` list, if it lists `from`.
fn add_beside(table: &mut toml_edit::Table, from: &str, id: &str) -> bool {
    let Some(list) = table.get_mut("variants").and_then(Item::as_array_mut) else { return false };
    let Some(pos) = list.iter().position(|v| v.as_str() == Some(from)) else { return false };
    if list.iter().any(|v| v.as_str() == Some(id)) {
        return false;
    }
    list.insert(pos + 1, id);
    true
}

/// Byte offset just after a clause file's closing `+++` line.
fn front_matter_end(text: &str) -> usize {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        offset += line.len();
        if i > 0 && line.trim_end() == "+++" {
            return offset;
        }
    }
    0
}

/// The clause file with `id` added beside `from` in its front matter's `variants`.
fn add_to_front_matter(text: &str, from: &str, id: &str) -> Option<String> {
    let first = text.find('\n')? + 1;
    let end = front_matter_end(text);
    let close = text[..end].trim_end_matches('\n').rfind('\n')? + 1;
    let mut doc: DocumentMut = text[first..close].parse().ok()?;
    if !add_beside(doc.as_table_mut(), from, id) {
        return None;
    }
    Some(format!("{}{}{}", &text[..first], doc, &text[close..]))
}

/// The paths to say in messages: `DIR/rel`.
pub fn shown(dir: &Path, rel: &str) -> PathBuf {
    if dir == Path::new(".") { PathBuf::from(rel) } else { dir.join(rel) }
}
