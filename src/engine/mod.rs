//! The template engine: compiles a [`Library`] into Tera once, then assembles drafts from
//! answers. Pure: no file IO here.

mod assemble;
mod compile;
mod context;
mod definitions;
mod functions;
mod metadata;
mod number;
mod pack;
mod parties;
mod refs;
pub mod scan;
pub(crate) mod terms;
mod tree;
mod trials;
mod validate;

use std::collections::BTreeMap;

use tera::Tera;

use crate::error::{Diagnostic, Error, Result};
use crate::library::Library;

pub use assemble::{ClauseState, Outline, OutlineEntry};
pub use compile::{expression_template, when_name};
pub use pack::PackDocument;
pub use trials::{FailedTrial, Trial};
pub use validate::{is_unanswered, rule_message};

/// Where a compiled template came from, to map Tera's positions back to the file.
#[derive(Debug, Clone)]
pub(crate) struct TemplateOrigin {
    /// File path in the library.
    pub path: String,
    /// Line of the file where the template's first line stands.
    pub first_line: usize,
    /// For TOML string values (conditions, rules, definitions): report this line and column
    /// (the value's first character), whatever Tera says.
    pub fixed: Option<(usize, usize)>,
}

/// A library compiled and ready to assemble drafts.
pub struct Engine<'l> {
    pub library: &'l Library,
    pub(crate) tera: Tera,
    pub(crate) origins: BTreeMap<String, TemplateOrigin>,
    /// Every defined term in the library, found in one pass; built once, not per draft.
    pub(crate) terms: terms::TermFinder<'l>,
}

impl<'l> Engine<'l> {
    /// Compiles every clause body, definition, partial and condition. All syntax errors are
    /// reported at once, each with file, line and column.
    pub fn new(library: &'l Library) -> Result<Self> {
        Self::compile(library, None)
    }

    /// An engine for one variant's drafts only: compiles just the clauses that variant can
    /// place, which is what a one-off `render` needs (start-up is most of its time).
    pub fn for_variant(library: &'l Library, variant: &str) -> Result<Self> {
        Self::compile(library, Some(variant))
    }

    fn compile(library: &'l Library, variant: Option<&str>) -> Result<Self> {
        let (tera, origins) = compile::compile(library, variant)?;
        Ok(Self::with(library, tera, origins))
    }

    /// For `lint`: an engine holding every template that compiles, and a diagnostic for each
    /// one that does not, so one broken template does not hide every other mistake.
    pub fn new_lenient(library: &'l Library) -> (Self, Vec<Diagnostic>) {
        let (tera, origins, diags) = compile::compile_lenient(library, None);
        (Self::with(library, tera, origins), diags)
    }

    fn with(library: &'l Library, tera: tera::Tera, origins: BTreeMap<String, TemplateOrigin>) -> Self {
        let terms = terms::TermFinder::new(
            library.clauses.iter().flat_map(|c| c.front.defines.iter().map(|d| d.term.as_str())),
        );
        Engine { library, tera, origins, terms }
    }

    /// Turns a Tera error into a diagnostic pointing into the library file.
    pub(crate) fn diagnose(&self, err: &tera::Error, fallback_path: &str) -> Diagnostic {
        compile::diagnose(&self.origins, err, fallback_path)
    }

    pub(crate) fn render(&self, name: &str, ctx: &tera::Context) -> Result<String> {
        self.tera.render(name, ctx).map_err(|e| Error::one(self.diagnose(&e, name)))
    }

    /// Evaluates a compiled condition; a missing one is true.
    pub(crate) fn condition(&self, name: &str, ctx: &tera::Context) -> Result<bool> {
        if !self.tera.contains_template(name) {
            return Ok(true);
        }
        Ok(self.render(name, ctx)?.trim() == "1")
    }
}

impl Engine<'_> {
    /// Top-level variables a compiled template uses (Tera 2's variable listing).
    pub fn tera_variables(&self, name: &str) -> Result<Vec<String>> {
        let mut vars: Vec<String> = self
            .tera
            .get_template_variables(name)
            .map_err(|e| Error::one(self.diagnose(&e, name)))?
            .into_iter()
            .map(str::to_string)
            .collect();
        vars.sort();
        Ok(vars)
    }
}

/// A shape in `clause`'s body that numbering cannot show (a heading in a clause, a list nested
/// three deep): the line of the file and what is wrong.
pub fn shape_problem(clause: &crate::library::ClauseFile) -> Option<(usize, String)> {
    let kind = match clause.front.kind {
        crate::library::ClauseKind::Clause => tree::BodyKind::Clause,
        crate::library::ClauseKind::Schedule => tree::BodyKind::Schedule,
    };
    tree::shape_problem(&clause.body, kind).map(|(line, message)| (clause.body_line + line - 1, message))
}

/// Applies `f` to every run of inlines in the blocks (for checks outside the engine).
pub fn for_each_inlines_pub(blocks: &mut [crate::doc::Block], f: &mut dyn FnMut(&mut Vec<crate::doc::Inline>)) {
    number::for_each_inlines(blocks, f)
}
