//! JSON Schemas for the library's own files (frames, questions files, clause front matter,
//! library.toml), so an editor can complete and check them. They are built from the tables of
//! docs/library-reference.md, the page a test keeps equal to what the parser accepts: one
//! source for the page, the schemas and (through the test) the parser.

use clap::ValueEnum;
use serde_json::{Map, Value, json};

const REFERENCE: &str = include_str!("../../docs/library-reference.md");

/// Which library file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LibraryFile {
    /// templates/library.toml
    Library,
    /// templates/variants/ID.toml and templates/companions/ID.toml
    Frame,
    /// templates/questions/NN-NAME.toml
    Questions,
    /// a clause file's TOML front matter
    FrontMatter,
    /// caredraft.toml
    Settings,
}

impl LibraryFile {
    /// The heading of its table on the reference page.
    fn heading(self) -> &'static str {
        match self {
            LibraryFile::Library => "library.toml",
            LibraryFile::Frame => "Frame: templates/variants/ID.toml",
            LibraryFile::Questions => "Questions file: templates/questions/NN-NAME.toml",
            LibraryFile::FrontMatter => "Clause front matter",
            LibraryFile::Settings => "caredraft.toml",
        }
    }
}

/// The table a key of type "table" or "array of tables" holds, by (heading, key).
const NESTED: &[(&str, &str, &str)] = &[
    ("Frame: templates/variants/ID.toml", "parties", "[[parties]]"),
    ("Frame: templates/variants/ID.toml", "parts", "[[parts]]"),
    ("Frame: templates/variants/ID.toml", "titles", "[[titles]]"),
    ("Questions file: templates/questions/NN-NAME.toml", "questions", "[[questions]]"),
    ("Questions file: templates/questions/NN-NAME.toml", "rules", "[[rules]]"),
    ("[[questions]]", "options", "options"),
    ("[[questions]]", "fields", "[[questions]]"),
    ("Clause front matter", "alternatives", "alternatives"),
    ("Clause front matter", "defines", "[[defines]]"),
    ("Clause front matter", "provenance", "[provenance]"),
];

/// One row of a key table: key, type, required, meaning.
struct Row {
    key: String,
    kind: String,
    required: bool,
    meaning: String,
}

/// The rows of the key table under `### heading`.
fn rows(heading: &str) -> Vec<Row> {
    let marker = format!("\n### {heading}\n");
    let Some(start) = REFERENCE.find(&marker) else { return Vec::new() };
    let rest = &REFERENCE[start + marker.len()..];
    let section = &rest[..rest.find("\n#").unwrap_or(rest.len())];
    let mut lines = section.lines().filter(|l| l.starts_with('|'));
    let Some(header) = lines.next() else { return Vec::new() };
    let cells = |line: &str| -> Vec<String> {
        line.trim().trim_matches('|').split('|').map(|c| c.trim().to_string()).collect()
    };
    let columns = cells(header);
    let column = |name: &str| columns.iter().position(|c| c == name);
    let (Some(key), Some(kind), Some(meaning)) = (column("key"), column("type"), column("meaning")) else {
        return Vec::new();
    };
    let required = column("required");
    lines
        .skip(1)
        .map(cells)
        .filter(|c| c.len() == columns.len())
        .map(|c| Row {
            key: c[key].trim_matches('`').to_string(),
            kind: c[kind].clone(),
            required: required.is_some_and(|r| c[r] == "yes"),
            meaning: c[meaning].clone(),
        })
        .collect()
}

/// The first-column values of a table, e.g. the question types.
fn first_column(heading: &str) -> Vec<String> {
    let marker = format!("\n### {heading}\n");
    let Some(start) = REFERENCE.find(&marker) else { return Vec::new() };
    let rest = &REFERENCE[start + marker.len()..];
    let section = &rest[..rest.find("\n#").unwrap_or(rest.len())];
    section.lines().filter(|l| l.starts_with("| `")).filter_map(|l| l.split('`').nth(1).map(str::to_string)).collect()
}

/// The object schema for the table under `heading`; nested tables by `$ref` to `$defs`.
fn object(heading: &str, defs: &mut Map<String, Value>) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for row in rows(heading) {
        let nested = NESTED.iter().find(|(h, k, _)| *h == heading && *k == row.key).map(|(_, _, n)| *n);
        let mut schema = match (row.kind.as_str(), nested) {
            ("table", Some(n)) => reference(n, defs),
            ("array of tables", Some(n)) => json!({ "type": "array", "items": reference(n, defs) }),
            ("array of strings", _) => json!({ "type": "array", "items": { "type": "string" } }),
            ("string", _) => json!({ "type": "string" }),
            ("boolean", _) => json!({ "type": "boolean" }),
            ("integer", _) => json!({ "type": "integer", "minimum": 0 }),
            ("number", _) => json!({ "type": "number" }),
            _ => json!({}),
        };
        if heading == "[[questions]]" && row.key == "type" {
            schema = json!({ "enum": first_column("Question types") });
        }
        if heading == "Clause front matter" && row.key == "kind" {
            schema = json!({ "enum": ["clause", "schedule"] });
        }
        if let Some(o) = schema.as_object_mut() {
            o.insert("description".into(), json!(row.meaning.replace('`', "")));
            if row.meaning.starts_with("deprecated") {
                o.insert("deprecated".into(), json!(true));
            }
        }
        if row.required {
            required.push(row.key.clone());
        }
        properties.insert(row.key, schema);
    }
    json!({ "type": "object", "additionalProperties": false, "required": required, "properties": properties })
}

fn reference(heading: &str, defs: &mut Map<String, Value>) -> Value {
    let name: String = heading.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if !defs.contains_key(&name) {
        defs.insert(name.clone(), Value::Null); // placed first, so a table may hold itself
        let schema = object(heading, defs);
        defs.insert(name.clone(), schema);
    }
    json!({ "$ref": format!("#/$defs/{name}") })
}

/// The schema for one kind of library file.
pub fn library_file_schema(file: LibraryFile) -> Value {
    let mut defs = Map::new();
    let mut schema = object(file.heading(), &mut defs);
    if let Some(o) = schema.as_object_mut() {
        o.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
        o.insert("title".into(), json!(format!("caredraft library: {}", file.heading())));
        o.insert("description".into(), json!("Generated by caredraft from docs/library-reference.md."));
        if !defs.is_empty() {
            o.insert("$defs".into(), Value::Object(defs));
        }
    }
    schema
}
