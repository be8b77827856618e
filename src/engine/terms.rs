//! Finding defined terms in text, all terms in one pass (Aho-Corasick), so a library with
//! thousands of definitions stays linear in the size of the draft.

use std::collections::BTreeSet;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

pub(crate) struct TermFinder<'t> {
    terms: Vec<&'t str>,
    automaton: Option<AhoCorasick>,
}

impl<'t> TermFinder<'t> {
    pub fn new(terms: impl IntoIterator<Item = &'t str>) -> Self {
        let terms: Vec<&str> = terms.into_iter().filter(|t| !t.is_empty()).collect();
        // A contiguous NFA, not a DFA: a one-off `render` searches once, so the DFA's longer
        // build would cost more than its faster search saves.
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .match_kind(MatchKind::LeftmostLongest)
            .build(&terms)
            .ok();
        TermFinder { terms, automaton }
    }

    /// The terms used in `text` as whole words (case-sensitive; a plural "s" allowed). A term
    /// inside a longer one is not a use: "Services Contract" does not use "Services".
    pub fn used_in(&self, text: &str) -> BTreeSet<&'t str> {
        let mut used = BTreeSet::new();
        let Some(ac) = &self.automaton else { return used };
        // Leftmost-longest: at each place the longest term wins, so "Services Contract" is one
        // use of that term and not also a use of "Services".
        for m in ac.find_iter(text) {
            let term = self.terms[m.pattern().as_usize()];
            if !used.contains(term) && whole_word(text, m.start(), m.end()) && !in_statute_title(text, m.end()) {
                used.insert(term);
            }
        }
        used
    }
}

/// Whether the words after a hit run on, capitalised, into the title of an Act or Regulations
/// ("... Services (Provider Selection Regime) Regulations 2023"): a word in a statute's title
/// is not a use of a defined term. Looks only forward from each hit, so it costs nothing when
/// there are no hits.
fn in_statute_title(text: &str, end: usize) -> bool {
    static REST: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            // ASCII classes: titles of UK legislation are written in them, and Unicode `\w`
            // would make this pattern many times slower to compile.
            // A hit may close a bracketed part of the title: "(General Medical Services
            // Contracts) Regulations 2015".
            r"^s?\)?(?:,? (?:[A-Z(][A-Za-z0-9_'’()-]*|and|of|for|the|in|on|to)\)?)*? (?:Act|Regulations|Order|Rules)(?: \(No\. [0-9]+\))? [0-9]{4}",
        )
        .expect("a valid pattern")
    });
    let mut stop = (end + 240).min(text.len());
    while !text.is_char_boundary(stop) {
        stop -= 1;
    }
    REST.is_match(&text[end..stop])
}

pub(crate) fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let rest = &text[end..];
    let rest = rest.strip_prefix('s').unwrap_or(rest);
    let after = rest.chars().next();
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    boundary(before) && boundary(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_and_plurals_only() {
        let finder = TermFinder::new(["Business Day", "Partner", "Board", "Term", "Day"]);
        let used = finder.used_in("within 20 Business Days, each Partner's Partnership Board; Terms; Termination");
        assert_eq!(used.into_iter().collect::<Vec<_>>(), ["Board", "Business Day", "Partner", "Term"]);
        let finder = TermFinder::new(["Services", "Services Contract"]);
        assert_eq!(finder.used_in("each Services Contract").into_iter().collect::<Vec<_>>(), ["Services Contract"]);
        assert_eq!(finder.used_in("the Services under each Services Contract").len(), 2);
        let in_title = "in accordance with the Health Care Services (Provider Selection Regime) Regulations 2023";
        assert!(finder.used_in(in_title).is_empty(), "a statute's title is not a use");
        let closing = "under the National Health Service (General Medical Services Contracts) Regulations 2015";
        assert!(finder.used_in(closing).is_empty(), "a hit that closes a bracket in a title is not a use");
        assert_eq!(finder.used_in("the Services, under the Health and Care Act 2022").len(), 1);
        let partner = TermFinder::new(["Partner"]);
        assert_eq!(partner.used_in("the Partners").len(), 1);
        assert!(partner.used_in("the Partnership").is_empty());
    }
}
