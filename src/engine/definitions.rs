//! Defined terms: each included clause's definitions whose conditions hold, and the
//! definitions list the draft uses, put where `{{ definitions() }}` stands. A term counts
//! when the draft's text uses it, or another used definition does.

use std::collections::{BTreeMap, BTreeSet};

use tera::Context;

use super::Engine;
use super::compile::when_name;
use super::number::for_each_inlines;
use super::terms::TermFinder;
use super::tree::{DEFINITIONS_SLOT, parse_inlines};
use crate::doc::{Block, Clause, Inline, Inlines, Paragraph, plain_text};
use crate::error::Result;
use crate::library::ClauseFile;

impl Engine<'_> {
    /// The terms `file` defines whose conditions hold, each with its meaning rendered, added to
    /// `defined` unless an earlier clause defined the term first. `ctx` carries the clause's
    /// chosen alternative (set by `render_body`).
    pub(super) fn definitions_of(
        &self,
        file: &ClauseFile,
        ctx: &Context,
        defined: &mut BTreeMap<String, Inlines>,
    ) -> Result<()> {
        for (i, d) in file.front.defines.iter().enumerate() {
            // The condition is evaluated even for a term already defined, so an error in it shows.
            if !self.condition(&when_name(&file.path, &format!("term{i}.when")), ctx)? || defined.contains_key(&d.term)
            {
                continue;
            }
            let md = self.render(&format!("{}#term{i}.md", file.path), ctx)?;
            defined.insert(d.term.clone(), parse_inlines(&md));
        }
        Ok(())
    }
}

/// The defined terms of a draft as assembly meets them.
#[derive(Default)]
pub(super) struct DraftTerms<'l> {
    /// Terms defined by included clauses (conditions holding), with their meanings.
    pub(super) defined: BTreeMap<String, Inlines>,
    /// Library terms the draft's text uses, outside the definitions list.
    pub(super) used: BTreeSet<&'l str>,
}

impl<'l> DraftTerms<'l> {
    /// Notes the terms a clause's text uses. Each run of inlines is searched on its own, so no
    /// use is found across two paragraphs.
    pub(super) fn note_uses(&mut self, finder: &TermFinder<'l>, blocks: &mut [Block]) {
        let mut text = String::new();
        for_each_inlines(blocks, &mut |c| {
            text.push_str(&plain_text(c));
            text.push('\n');
        });
        self.used.extend(finder.used_in(&text));
    }

    pub(super) fn note_background_uses(&mut self, finder: &TermFinder<'l>, background: &[Paragraph]) {
        let text: String = background.iter().map(|p| plain_text(&p.content)).collect();
        self.used.extend(finder.used_in(&text));
    }
}

/// Puts the definitions the draft uses, alphabetically, where `{{ definitions() }}` stands.
pub(super) fn fill_definitions(finder: &TermFinder<'_>, terms: DraftTerms<'_>, clauses: &mut [Clause]) {
    let DraftTerms { defined, used } = terms;
    // The library-wide finder, so a longer term hides a shorter one inside it even when the
    // longer one is not defined in this draft.
    let mut used: BTreeSet<String> =
        used.into_iter().filter(|t| defined.contains_key(*t)).map(str::to_string).collect();
    // A term used only inside another used definition counts too.
    let mut queue: Vec<String> = used.iter().cloned().collect();
    while let Some(term) = queue.pop() {
        let Some(meaning) = defined.get(&term) else { continue };
        for inner in finder.used_in(&plain_text(meaning)).into_iter().filter(|t| defined.contains_key(*t)) {
            if used.insert(inner.to_string()) {
                queue.push(inner.to_string());
            }
        }
    }
    let mut entries: Vec<(String, Inlines)> = defined.into_iter().filter(|(t, _)| used.contains(t)).collect();
    entries.sort_by_cached_key(|(t, _)| t.to_lowercase());
    let list: Vec<Block> = entries
        .into_iter()
        .map(|(term, meaning)| Block::Definition { term, meaning: end_with_full_stop(meaning) })
        .collect();
    for c in clauses.iter_mut() {
        if let Some(pos) = c.blocks.iter().position(is_definitions_slot) {
            c.blocks.splice(pos..=pos, list.clone());
        }
    }
}

fn is_definitions_slot(b: &Block) -> bool {
    matches!(b, Block::Plain(c) if matches!(c.as_slice(), [Inline::Text(t)] if t == DEFINITIONS_SLOT))
}

/// Each definition is a sentence: "Business Day: a day other than ... England."
fn end_with_full_stop(mut meaning: Inlines) -> Inlines {
    match meaning.last_mut() {
        Some(Inline::Text(t)) => {
            let trimmed = t.trim_end().to_string();
            if !trimmed.ends_with(['.', ';', ':']) {
                *t = format!("{trimmed}.");
            }
        }
        Some(_) => meaning.push(Inline::Text(".".into())),
        None => {}
    }
    meaning
}
