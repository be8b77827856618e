//! Answers: the drafter's data. Parsed with exact locations, typed by the library's
//! questions, and never treated as template code.

mod dates;
mod format;
mod init;
mod parse;
pub mod projection;

use std::collections::BTreeMap;

use serde::Serialize;

pub use dates::{format_date, parse_typed_date};
pub use format::{count_of, format_money, format_percent, format_quantity};
pub use init::{answers_file, init_file, library_record};
pub(crate) use parse::suggest;
pub use parse::{answer_from_input, parse_answers};

/// The answers file format this version writes and reads.
pub const FORMAT_VERSION: i64 = 1;

/// A typed answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AnswerValue {
    Text(String),
    Date(#[serde(serialize_with = "format::ser_date")] jiff::civil::Date),
    /// Whole pence, so sums are exact.
    Money(i64),
    Percent(f64),
    Number(i64),
    Bool(bool),
    Choice(String),
    Many(Vec<String>),
    Records(Vec<BTreeMap<String, AnswerValue>>),
}

/// What the drafter chose for a clause: switched on or off, or an alternative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ClauseChoice {
    Include(bool),
    Alternative(String),
}

/// A whole answers file, typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answers {
    pub variant: String,
    pub values: BTreeMap<String, AnswerValue>,
    pub clauses: BTreeMap<String, ClauseChoice>,
    /// Where each answer stands in its file (1-based line, column), for later errors.
    pub locations: BTreeMap<String, (usize, usize)>,
    /// Where each clause choice stands in `[clauses]`, likewise.
    pub clause_locations: BTreeMap<String, (usize, usize)>,
    /// The file the answers came from, for messages.
    pub path: String,
}

impl Answers {
    pub fn new(variant: &str) -> Self {
        Answers { variant: variant.to_string(), path: "<answers>".to_string(), ..Default::default() }
    }

    /// SHA-256 over the typed answers (not the file's bytes), so comments and layout do not
    /// change it.
    pub fn hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let canonical = serde_json::json!({
            "variant": self.variant,
            "answers": self.values,
            "clauses": self.clauses,
        });
        let digest = Sha256::digest(canonical.to_string().as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn location(&self, id: &str) -> (usize, usize) {
        self.locations.get(id).copied().unwrap_or((0, 0))
    }

    /// Line and column of the clause's choice in `[clauses]`, or (0, 0) if the file makes none.
    pub fn clause_location(&self, clause: &str) -> (usize, usize) {
        self.clause_locations.get(clause).copied().unwrap_or((0, 0))
    }
}
