//! Finding defined terms in text, all terms in one pass (Aho-Corasick), so a library with
//! thousands of definitions stays linear in the size of the draft.

use std::collections::BTreeSet;

use aho_corasick::{AhoCorasick, MatchKind};

pub(crate) struct TermFinder<'t> {
    terms: Vec<&'t str>,
    automaton: Option<AhoCorasick>,
}

impl<'t> TermFinder<'t> {
    pub fn new(terms: impl IntoIterator<Item = &'t str>) -> Self {
        let terms: Vec<&str> = terms.into_iter().filter(|t| !t.is_empty()).collect();
        let automaton = AhoCorasick::builder().match_kind(MatchKind::Standard).build(&terms).ok();
        TermFinder { terms, automaton }
    }

    /// The terms used in `text` as whole words (case-sensitive; a plural "s" allowed).
    pub fn used_in(&self, text: &str) -> BTreeSet<&'t str> {
        let mut used = BTreeSet::new();
        let Some(ac) = &self.automaton else { return used };
        for m in ac.find_overlapping_iter(text) {
            let term = self.terms[m.pattern().as_usize()];
            if !used.contains(term) && whole_word(text, m.start(), m.end()) {
                used.insert(term);
            }
        }
        used
    }
}

pub(crate) fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let rest = &text[end..];
    let rest = rest.strip_prefix('s').unwrap_or(rest);
    let after = rest.chars().next();
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    boundary(before) && boundary(after)
}

/// Whole-word use of one term.
pub(crate) fn uses_term(text: &str, term: &str) -> bool {
    !term.is_empty() && text.match_indices(term).any(|(at, _)| whole_word(text, at, at + term.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_and_plurals_only() {
        let finder = TermFinder::new(["Business Day", "Partner", "Board", "Term", "Day"]);
        let used = finder.used_in("within 20 Business Days, each Partner's Partnership Board; Terms; Termination");
        assert_eq!(used.into_iter().collect::<Vec<_>>(), ["Board", "Business Day", "Day", "Partner", "Term"]);
        assert!(uses_term("the Partners", "Partner"));
        assert!(!uses_term("the Partnership", "Partner"));
    }
}
