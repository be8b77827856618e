//! Case-insensitive search on any Unicode text, with hits given as byte ranges of the original
//! text. Lower-casing can change a character's length (the Kelvin sign K is 3 bytes, its
//! lower case k is 1; İ becomes i plus a combining dot), so offsets found in the lower-cased
//! text are mapped back through the characters that produced them, never reused as they are.

use std::ops::Range;

/// The query as it is compared: lower-cased.
pub fn fold(query: &str) -> String {
    query.chars().flat_map(fold_char).collect()
}

/// One character lower-cased, except that the dotted capital İ becomes a plain i: Unicode
/// lower-cases it to i + a combining dot, and "istanbul" would then not find "İSTANBUL".
fn fold_char(c: char) -> impl Iterator<Item = char> {
    let dotted = c == '\u{130}';
    c.to_lowercase().filter(move |l| !(dotted && *l == '\u{307}'))
}

/// Where `folded` (a query passed through [`fold`]) occurs in `text`, case-insensitively: the
/// byte ranges of whole characters of `text`, in order and not overlapping.
pub fn hits(text: &str, folded: &str) -> Vec<Range<usize>> {
    if folded.is_empty() {
        return Vec::new();
    }
    // The lower-cased text, and for each of its bytes the original character it came from.
    let mut lower = String::with_capacity(text.len());
    let mut from: Vec<Range<usize>> = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        let original = at..at + c.len_utf8();
        for l in fold_char(c) {
            lower.push(l);
            from.extend(std::iter::repeat_n(original.clone(), l.len_utf8()));
        }
    }
    let mut out: Vec<Range<usize>> = Vec::new();
    for (start, found) in lower.match_indices(folded) {
        let (a, b) = (from[start].start, from[start + found.len() - 1].end);
        // Two hits inside one character's lower case cover that character once.
        let a = out.last().map_or(a, |prev| a.max(prev.end));
        if a < b {
            out.push(a..b);
        }
    }
    out
}

/// Whether `text` holds `folded` at all.
pub fn contains(text: &str, folded: &str) -> bool {
    !folded.is_empty() && fold(text).contains(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'t>(text: &'t str, query: &str) -> Vec<&'t str> {
        hits(text, &fold(query)).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn ascii_matches_ignore_case() {
        assert_eq!(found("Terms of Reference and terms", "TERMS"), ["Terms", "terms"]);
        assert!(found("nothing here", "absent").is_empty());
    }

    #[test]
    fn the_kelvin_sign_shrinks_when_lower_cased_and_is_still_found_in_place() {
        // U+212A KELVIN SIGN lower-cases to ASCII k: three bytes become one.
        let text = "\u{212A}ent and Kent";
        assert_eq!(found(text, "kent"), ["\u{212A}ent", "Kent"]);
        assert_eq!(found(text, "and"), ["and"], "offsets after the sign are not shifted");
    }

    #[test]
    fn dotted_capital_i_is_found_as_i_and_maps_back_whole() {
        // U+0130 is two bytes; Unicode lower-cases it to i + U+0307 (three); it folds to i (one).
        let text = "İSTANBUL Trust, İ";
        assert_eq!(found(text, "istanbul"), ["İSTANBUL"]);
        assert_eq!(found(text, "İstanbul"), ["İSTANBUL"]);
        assert_eq!(found(text, "trust"), ["Trust"]);
        assert_eq!(found(text, "i"), ["İ", "İ"]);
    }

    #[test]
    fn a_hit_inside_one_characters_lower_case_covers_the_character_whole() {
        // ǅ (one character) lower-cases to ǆ; ß stays ß; ﬃ stays one ligature.
        assert_eq!(found("aǅb", "ǆ"), ["ǅ"]);
        assert_eq!(found("Σ and σ", "σ"), ["Σ", "σ"]);
    }

    #[test]
    fn every_hit_is_on_character_boundaries_of_the_original() {
        let text = "ẞ ß ǅ ﬃ Σσς K İ 😀 ffi";
        for q in ["s", "ß", "ǆ", "ffi", "σ", "k", "i", "😀", " "] {
            for r in hits(text, &fold(q)) {
                assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{q:?} {r:?}");
            }
        }
    }
}
