//! The parsed library: variants, questions and clauses, as plain data.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Library-wide facts from `templates/library.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LibraryMeta {
    pub name: String,
    pub version: String,
}

/// A document variant and its frame (`templates/variants/<id>.toml`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub id: String,
    pub title: String,
    pub short_title: String,
    /// What the document calls itself in its text: "Agreement", "Memorandum", "Contract".
    #[serde(default = "default_noun")]
    pub noun: String,
    /// What the text calls one signatory and all of them: "Party"/"Parties", or
    /// "Partner"/"Partners" in a memorandum. Templates read `variant.party`, `variant.parties`.
    #[serde(default = "default_party")]
    pub party: String,
    #[serde(default = "default_party_plural")]
    pub party_plural: String,
    /// The verb of obligation: "must" in binding documents, "will" in a memorandum that
    /// records intentions. Templates read `variant.must`.
    #[serde(default = "default_must")]
    pub must: String,
    /// One line for `caredraft variants`.
    pub summary: String,
    /// Plain-English account of when it fits, for the TUI's start screen.
    pub guidance: String,
    /// Question ids the cover draws on.
    #[serde(default)]
    pub date_question: Option<String>,
    #[serde(default)]
    pub version_question: Option<String>,
    /// A yes/no question: while true, the draft is marked "DRAFT — subject to contract".
    #[serde(default)]
    pub draft_question: Option<String>,
    /// Template (under templates/) rendered as the Background recitals.
    #[serde(default)]
    pub background: Option<String>,
    /// Template (under templates/) rendered as the sentence above the signature blocks.
    #[serde(default)]
    pub execution: Option<String>,
    #[serde(default)]
    pub parties: Vec<PartySource>,
    pub parts: Vec<Part>,
    #[serde(default)]
    pub schedules: Vec<String>,
    /// The documents that travel with this one (a variant's frame only): ids of companion
    /// frames in `templates/companions/`, rendered beside the main document.
    #[serde(default)]
    pub companions: Vec<String>,
    /// A companion frame only: the records question it is rendered once per record of (one
    /// Integration Agreement per GP practice). Without it the companion is rendered once.
    #[serde(default)]
    pub per: Option<String>,
    /// A companion frame with `per`: the name its templates read the record by (`practice`).
    #[serde(default)]
    pub record: Option<String>,
    /// A companion frame only: what it calls the main document in a reference to it
    /// ("clause 5 of the Contract", "Schedule 1 to the Alliance Agreement"); by default the
    /// main document's `noun`.
    #[serde(default)]
    pub main_name: Option<String>,
    /// Signed as a deed: each signature block reads "Executed as a deed by ..." and has a
    /// witness's lines.
    #[serde(default)]
    pub deed: bool,
    /// A question naming the system or place, printed before the title on the cover
    /// ("Northmoor Alliance Agreement") once it is answered.
    #[serde(default)]
    pub place_question: Option<String>,
    /// Titles used instead of `title` and `short_title` while a question has a given answer,
    /// e.g. the 2018 framework's name for the same contract. The first that matches wins.
    #[serde(default)]
    pub titles: Vec<TitleFor>,
    /// Questions asked in this variant although none of its templates reads them (say, one a
    /// rule checks, or one kept for the record): every other question is asked where a
    /// template of the variant's pack reads it.
    #[serde(default)]
    pub questions: Vec<String>,
    /// Set by the loader: the frame's file path.
    #[serde(skip)]
    pub path: String,
}

/// A variant's title while `question` is answered `answer`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleFor {
    pub question: String,
    pub answer: String,
    pub title: String,
    pub short_title: String,
}

impl Variant {
    /// The title and short title for these answers: the first `titles` entry whose question
    /// has its answer, otherwise `title` and `short_title`.
    pub fn titles_for<'b>(&self, answer_of: impl Fn(&str) -> Option<&'b str>) -> (&str, &str) {
        self.titles
            .iter()
            .find(|t| answer_of(&t.question) == Some(t.answer.as_str()))
            .map_or((self.title.as_str(), self.short_title.as_str()), |t| (t.title.as_str(), t.short_title.as_str()))
    }
}

fn default_noun() -> String {
    "Agreement".to_string()
}

fn default_party() -> String {
    "Party".to_string()
}

fn default_party_plural() -> String {
    "Parties".to_string()
}

fn default_must() -> String {
    "must".to_string()
}

/// Where the parties come from: a text question (one party) or a records question
/// (one party per record, its `name` and optional `description` fields).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartySource {
    pub from: String,
    /// The defined role, e.g. "Commissioner".
    #[serde(default)]
    pub role: String,
    /// For a text question: the description printed after the name.
    #[serde(default)]
    pub description: Option<String>,
    /// For a text question: a text question whose answer is the description printed after
    /// the name (a placeholder while it is unanswered); it takes the place of `description`.
    #[serde(default)]
    pub description_from: Option<String>,
}

/// A run of clauses, optionally under an unnumbered heading.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    #[serde(default)]
    pub title: Option<String>,
    pub clauses: Vec<String>,
}

/// A group of questions shown together (`templates/questions/*.toml`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub help: String,
    /// The `variants` key of older libraries, kept so lint can compare it with the frames.
    #[serde(default, rename = "variants")]
    pub declared_variants: Option<Vec<String>>,
    /// Set by the loader: the variants that ask one of its questions.
    #[serde(skip)]
    pub variants: Vec<String>,
    #[serde(default)]
    pub questions: Vec<Question>,
    #[serde(default)]
    pub rules: Vec<Rule>,
    #[serde(skip)]
    pub path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    Text,
    Paragraph,
    Date,
    Money,
    Percentage,
    Number,
    YesNo,
    OneOf,
    ManyOf,
    Records,
}

impl QuestionKind {
    /// How the kind is named to users, e.g. in type errors.
    pub fn describe(self) -> &'static str {
        match self {
            QuestionKind::Text => "text",
            QuestionKind::Paragraph => "a paragraph of text",
            QuestionKind::Date => "a date (YYYY-MM-DD)",
            QuestionKind::Money => "an amount in pounds (a number, e.g. 1250000 or 99.50)",
            QuestionKind::Percentage => "a percentage (a number from 0 to 100)",
            QuestionKind::Number => "a whole number",
            QuestionKind::YesNo => "yes or no (true or false)",
            QuestionKind::OneOf => "one of the listed options",
            QuestionKind::ManyOf => "a list of the listed options",
            QuestionKind::Records => "a list of records ([[answers.ID]] tables)",
        }
    }
}

/// One question. Records have `fields`, which are questions themselves (one level deep).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuestionKind,
    pub label: String,
    #[serde(default)]
    pub help: String,
    /// Text shown in the draft while unanswered, e.g. "Name of Commissioner".
    #[serde(default)]
    pub placeholder: Option<String>,
    #[serde(default)]
    pub default: Option<toml::Value>,
    #[serde(default)]
    pub required: bool,
    /// A Tera expression over the answers; the question is asked only while it is true.
    #[serde(default)]
    pub when: Option<String>,
    /// The `variants` key of older libraries, kept so lint can compare it with the frames.
    #[serde(default, rename = "variants")]
    pub declared_variants: Option<Vec<String>>,
    /// Set by the loader: the variants whose templates (or frames) read it, so ask it.
    #[serde(skip)]
    pub variants: Vec<String>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub max_length: Option<usize>,
    /// A regular expression the whole answer must match (text kinds).
    #[serde(default)]
    pub pattern: Option<String>,
    /// What a pattern means, for the error message.
    #[serde(default)]
    pub pattern_help: Option<String>,
    #[serde(default)]
    pub options: Vec<Choice>,
    #[serde(default)]
    pub fields: Vec<Question>,
    #[serde(default)]
    pub min_items: Option<usize>,
    #[serde(default)]
    pub max_items: Option<usize>,
    /// Ids this question had before: answers files that still use one keep working.
    #[serde(default)]
    pub renamed_from: Vec<String>,
}

impl Question {
    pub fn placeholder_text(&self) -> String {
        self.placeholder.clone().unwrap_or_else(|| self.label.clone())
    }

    pub fn applies_to(&self, variant: &str) -> bool {
        self.variants.iter().any(|v| v == variant)
    }

    pub fn option_label(&self, id: &str) -> Option<&str> {
        self.options.iter().find(|o| o.id == id).map(|o| o.label.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub help: String,
}

/// A rule across answers, e.g. risk shares summing to 100%.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// A Tera expression that must be true.
    pub check: String,
    pub message: String,
    /// Only checked while this Tera expression is true.
    #[serde(default)]
    pub when: Option<String>,
    /// The answers the rule is about; the error points at the first one.
    #[serde(default)]
    pub fields: Vec<String>,
    /// The `variants` key of older libraries, kept so lint can compare it with the frames.
    #[serde(default, rename = "variants")]
    pub declared_variants: Option<Vec<String>>,
    /// Set by the loader: the variants that ask every question the rule reads.
    #[serde(skip)]
    pub variants: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ClauseKind {
    #[default]
    Clause,
    Schedule,
}

/// The TOML front matter of a clause file, between `+++` lines.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClauseFront {
    pub id: String,
    pub title: String,
    /// The `variants` key of older libraries, kept so lint can compare it with the frames.
    #[serde(default, rename = "variants")]
    pub declared_variants: Option<Vec<String>>,
    /// Set by the loader: the frames (variants' and companions') that place the clause.
    #[serde(skip)]
    pub variants: Vec<String>,
    #[serde(default)]
    pub kind: ClauseKind,
    /// A Tera expression over the answers; the clause is included only while it is true.
    #[serde(default)]
    pub when: Option<String>,
    /// The drafter may switch the clause off.
    #[serde(default)]
    pub optional: bool,
    /// With `optional`: the clause starts switched off.
    #[serde(default)]
    pub off_by_default: bool,
    #[serde(default)]
    pub alternatives: Vec<Alternative>,
    #[serde(default)]
    pub defines: Vec<TermDefinition>,
    /// Guidance for the drafter; never in the clean draft.
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub provenance: Option<ProvenanceFront>,
    /// The clause continues to apply after the document ends: templates list the included
    /// clauses that survive through the `surviving` variable, so survival clauses follow the draft.
    #[serde(default)]
    pub survives: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alternative {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermDefinition {
    pub term: String,
    /// Tera + Markdown, rendered like a clause body: "the group established under {{ ref(id=...) }}".
    pub meaning: String,
    /// Only defined while this Tera expression is true.
    #[serde(default)]
    pub when: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvenanceFront {
    pub source: String,
    pub version: String,
    pub reviewed: String,
}

/// A clause file, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseFile {
    pub path: String,
    pub front: ClauseFront,
    pub body: String,
    /// 1-based line of the body's first line in the file, to map template errors back.
    pub body_line: usize,
    /// Byte offset of the body in `source`, to place what is found in it.
    pub body_offset: usize,
    /// 1-based line of the `when` key, for errors in the condition.
    pub when_line: usize,
    /// The whole file, for locating things in it.
    pub source: String,
}

/// A template under templates/ that is not a variant or question file (partials).
#[derive(Debug, Clone, PartialEq)]
pub struct Partial {
    pub path: String,
    pub body: String,
}

/// Everything a library holds, parsed and checked for shape (not yet compiled).
#[derive(Debug, Clone)]
pub struct Library {
    pub origin: String,
    pub meta: LibraryMeta,
    pub variants: Vec<Variant>,
    /// Companion frames (`templates/companions/`): documents rendered with a variant's
    /// main document, never chosen on their own.
    pub companions: Vec<Variant>,
    pub sections: Vec<Section>,
    pub clauses: Vec<ClauseFile>,
    pub partials: Vec<Partial>,
    /// Raw files, for export and for locating lines.
    pub files: BTreeMap<String, String>,
    /// Clause id to its index in `clauses` (the first, if an id is repeated).
    pub(crate) clause_index: BTreeMap<String, usize>,
    /// Where the keys and values of each TOML file (and clause front matter) stand, by path.
    pub spans: BTreeMap<String, super::Spans>,
}

impl Library {
    pub fn variant(&self, id: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.id == id)
    }

    pub fn companion(&self, id: &str) -> Option<&Variant> {
        self.companions.iter().find(|v| v.id == id)
    }

    /// A variant's or a companion's frame.
    pub fn frame(&self, id: &str) -> Option<&Variant> {
        self.variant(id).or_else(|| self.companion(id))
    }

    /// The companion frames a variant names, in its order (unknown ids skipped: lint names them).
    pub fn companions_of<'a>(&'a self, variant: &'a Variant) -> impl Iterator<Item = &'a Variant> + 'a {
        variant.companions.iter().filter_map(|id| self.companion(id))
    }

    /// Is `clause` drawn by the pack of `variant`: its main document or one of its companions?
    pub fn in_pack(&self, variant: &str, clause: &ClauseFile) -> bool {
        clause
            .front
            .variants
            .iter()
            .any(|f| f == variant || self.variant(variant).is_some_and(|v| v.companions.iter().any(|c| c == f)))
    }

    pub fn clause(&self, id: &str) -> Option<&ClauseFile> {
        self.clause_index.get(id).and_then(|&i| self.clauses.get(i))
    }

    /// Questions that a variant may ask, with their sections, in order.
    pub fn questions_for<'a>(&'a self, variant: &'a str) -> impl Iterator<Item = (&'a Section, &'a Question)> + 'a {
        self.sections
            .iter()
            .filter(move |s| s.variants.iter().any(|v| v == variant))
            .flat_map(move |s| s.questions.iter().filter(move |q| q.applies_to(variant)).map(move |q| (s, q)))
    }

    /// Every question id declared anywhere, with its question (the first, if repeated).
    pub fn all_questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    /// The variants a frame's documents are drafted in: a variant itself, or for a companion
    /// every variant that names it. Their questions are the ones its templates can read.
    pub fn variants_using<'a>(&'a self, frame: &'a str) -> impl Iterator<Item = &'a Variant> + 'a {
        self.variants.iter().filter(move |v| v.id == frame || v.companions.iter().any(|c| c == frame))
    }

    /// Can a template of `frame` read `var`: a question its variants ask, or (for a companion
    /// rendered per record) its record?
    pub fn frame_reads(&self, frame: &str, var: &str) -> bool {
        self.companion(frame).is_some_and(|c| c.record.as_deref() == Some(var))
            || self.variants_using(frame).any(|v| self.find_question(&v.id, var).is_some())
    }

    /// Line and column of the TOML value at `key` (`parts.0.clauses.3`) in the file at `path`.
    pub fn locate(&self, path: &str, key: &str) -> (usize, usize) {
        self.spans.get(path).map_or((1, 1), |s| s.value(key))
    }

    /// `d` at the value at `key` of the file at `path`, start and end, where the file has one.
    pub fn spanning_value(&self, path: &str, key: &str, d: crate::error::Diagnostic) -> crate::error::Diagnostic {
        match self.spans.get(path).and_then(|s| Some((s.value_range(key)?, s.text()))) {
            Some((range, text)) => d.spanning(text, range),
            None => d,
        }
    }

    pub fn find_question<'a>(&'a self, variant: &'a str, id: &str) -> Option<&'a Question> {
        self.questions_for(variant).map(|(_, q)| q).find(|q| q.id == id)
    }

    /// The question of `variant` that was called `old` before a rename (`renamed_from`).
    pub fn renamed_question<'a>(&'a self, variant: &'a str, old: &str) -> Option<&'a Question> {
        self.questions_for(variant).map(|(_, q)| q).find(|q| q.renamed_from.iter().any(|r| r == old))
    }
}
