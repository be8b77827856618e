//! Clauses rendered alone: each wording a drafter could pick for a clause of the pack, in the
//! context the answers give its frame. `render` uses it to refuse what lint's trial drafts
//! would find (an alternative that fails, an optional clause that fails once switched on) at
//! the cost of a few clause renders instead of a whole draft per alternative.

use std::collections::BTreeMap;

use super::Engine;
use super::assemble::ClauseState;
use super::context::base_context;
use crate::answers::Answers;
use crate::error::Error;
use crate::library::Variant;

/// Which wordings to try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trial {
    /// The ones the draft does not render: each alternative it does not choose, and a clause
    /// it switches off, switched on.
    Others,
    /// The ones the draft renders (with other answers than the draft's, say).
    Chosen,
    /// Both.
    All,
}

/// One clause wording that failed: which clause, which alternative (`None`: a clause without
/// alternatives), whether the draft has it switched off, and the problem.
pub struct FailedTrial {
    pub clause: String,
    pub alternative: Option<String>,
    /// The wording the answers choose (their alternative, or the first).
    pub chosen: bool,
    pub switched_off: bool,
    pub error: Error,
}

impl Engine<'_> {
    /// Renders alone, with `answers`, the wordings `trial` picks of every clause `frame` places
    /// that these answers do not exclude by a `when`. A per-record companion is tried with its
    /// first record.
    pub fn clause_trials(&self, frame: &Variant, answers: &Answers, trial: Trial) -> Vec<FailedTrial> {
        let mut ctx = base_context(self.library, frame, answers);
        if let Some((Some(r), _)) = self.records_for(frame, answers).into_iter().next() {
            ctx.insert_value(r.name, r.value);
        }
        let outline = match self.outline_of(frame, answers, &ctx) {
            Ok(o) => o,
            // The draft reports a broken condition itself.
            Err(_) => return Vec::new(),
        };
        self.insert_included(&mut ctx, &outline);
        let mut failed = Vec::new();
        for entry in outline.iter().filter(|e| e.state != ClauseState::NotApplicable) {
            let Some(file) = self.library.clause(&entry.id) else { continue };
            let switched_off = entry.state == ClauseState::SwitchedOff;
            let chosen = entry.selected.as_deref();
            let wordings: Vec<Option<&str>> = match (trial, switched_off) {
                (Trial::Chosen, true) => Vec::new(),
                (Trial::Chosen, false) | (Trial::Others | Trial::All, true) => vec![chosen],
                (Trial::Others | Trial::All, false) if entry.alternatives.is_empty() => {
                    if trial == Trial::All {
                        vec![None]
                    } else {
                        Vec::new()
                    }
                }
                (Trial::Others | Trial::All, false) => entry
                    .alternatives
                    .iter()
                    .map(|(id, _)| Some(id.as_str()))
                    .filter(|a| trial == Trial::All || *a != chosen)
                    .collect(),
            };
            for alternative in wordings {
                let rendered = self
                    .render_body(file, alternative, &mut ctx)
                    .and_then(|_| self.definitions_of(file, &ctx, &mut BTreeMap::new()));
                if let Err(error) = rendered {
                    failed.push(FailedTrial {
                        clause: entry.id.clone(),
                        alternative: alternative.map(str::to_string),
                        chosen: alternative == chosen,
                        switched_off,
                        error,
                    });
                }
            }
        }
        failed
    }
}
