//! Word-by-word differences inside one paragraph: the OLD and NEW inlines are cut into
//! tokens (words, spaces, punctuation, placeholders, cross-references), diffed with
//! `similar`, and put back together as the NEW inlines with the OLD words that went as
//! [`Inline::Deleted`] and the words that came as [`Inline::Inserted`].
//!
//! A cross-reference is one token that compares by its target, not its number: a clause
//! renumbered elsewhere changes the number a reference reads, which Word updates (it is a
//! REF field), so it is not a change to mark.

use std::collections::HashMap;

use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::doc::{Inline, Placeholder};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
struct Style {
    bold: bool,
    italic: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Placeholder(Placeholder),
    Ref { target: String, prefix: String, number: String, suffix: String, bookmark: String },
    Break,
}

#[derive(Debug, Clone)]
struct Tok {
    style: Style,
    piece: Piece,
}

impl Tok {
    /// What two tokens must share to be the same word: a reference is the same whatever
    /// number it reads now.
    fn key(&self) -> (Style, u8, &str, &str, &str) {
        match &self.piece {
            Piece::Text(t) => (self.style, 0, t, "", ""),
            Piece::Placeholder(p) => (self.style, 1, &p.label, "", ""),
            Piece::Ref { target, prefix, suffix, .. } => (self.style, 2, target, prefix, suffix),
            Piece::Break => (self.style, 3, "", "", ""),
        }
    }

    fn is_space(&self) -> bool {
        matches!(&self.piece, Piece::Text(t) if t.chars().all(char::is_whitespace))
    }
}

/// The merged inlines for a paragraph that is in both drafts. Equal text comes from NEW (so
/// references read NEW's numbers); when fewer than a third of the words survive, the
/// paragraph is marked as rewritten whole rather than as a confetti of small changes.
pub fn diff_inlines(old: &[Inline], new: &[Inline]) -> Vec<Inline> {
    if old == new {
        return new.to_vec();
    }
    let (a, b) = (tokens(old), tokens(new));
    // Tokens as small numbers, equal when their keys are: what the diff compares.
    let mut ids: HashMap<(Style, u8, &str, &str, &str), u32> = HashMap::new();
    let mut ka = Vec::with_capacity(a.len());
    for t in &a {
        let n = ids.len() as u32;
        ka.push(*ids.entry(t.key()).or_insert(n));
    }
    let mut kb = Vec::with_capacity(b.len());
    for t in &b {
        let n = ids.len() as u32;
        kb.push(*ids.entry(t.key()).or_insert(n));
    }
    if ka == kb {
        return new.to_vec();
    }
    let ops = capture_diff_slices(Algorithm::Myers, &ka, &kb);

    let words = |toks: &[Tok]| toks.iter().filter(|t| !t.is_space()).count();
    let kept: usize = ops
        .iter()
        .map(|op| match *op {
            DiffOp::Equal { new_index, len, .. } => words(&b[new_index..new_index + len]),
            _ => 0,
        })
        .sum();
    if kept * 3 < words(&a).max(words(&b)) {
        return replaced(old, new);
    }

    // Segments in order; a run of spaces alone between two changes joins them, so
    // "A B" -> "C D" is one change, not two with an unchanged space between.
    let mut segs: Vec<Seg> = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        match *op {
            DiffOp::Equal { old_index, new_index, len } => {
                let toks = &b[new_index..new_index + len];
                let between = i > 0 && i + 1 < ops.len();
                if between && toks.iter().all(Tok::is_space) {
                    segs.push(Seg::Change(a[old_index..old_index + len].to_vec(), toks.to_vec()));
                } else {
                    segs.push(Seg::Same(toks.to_vec()));
                }
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                segs.push(Seg::Change(a[old_index..old_index + old_len].to_vec(), Vec::new()));
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                segs.push(Seg::Change(Vec::new(), b[new_index..new_index + new_len].to_vec()));
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                segs.push(Seg::Change(
                    a[old_index..old_index + old_len].to_vec(),
                    b[new_index..new_index + new_len].to_vec(),
                ));
            }
        }
    }

    let mut out = Vec::new();
    let mut same: Vec<Tok> = Vec::new();
    let (mut gone, mut came): (Vec<Tok>, Vec<Tok>) = (Vec::new(), Vec::new());
    let flush_change = |out: &mut Vec<Inline>, gone: &mut Vec<Tok>, came: &mut Vec<Tok>| {
        if !gone.is_empty() {
            out.push(Inline::Deleted(rebuild(std::mem::take(gone))));
        }
        if !came.is_empty() {
            out.push(Inline::Inserted(rebuild(std::mem::take(came))));
        }
    };
    for seg in segs {
        match seg {
            Seg::Same(toks) => {
                flush_change(&mut out, &mut gone, &mut came);
                same.extend(toks);
            }
            Seg::Change(o, n) => {
                out.extend(rebuild(std::mem::take(&mut same)));
                gone.extend(o);
                came.extend(n);
            }
        }
    }
    flush_change(&mut out, &mut gone, &mut came);
    out.extend(rebuild(same));
    out
}

enum Seg {
    Same(Vec<Tok>),
    Change(Vec<Tok>, Vec<Tok>),
}

/// The whole paragraph rewritten: OLD deleted, then NEW inserted.
pub fn replaced(old: &[Inline], new: &[Inline]) -> Vec<Inline> {
    let mut out = deleted(old);
    out.extend(inserted(new));
    out
}

/// Everything in `content` as one insertion (nothing, for empty content).
pub fn inserted(content: &[Inline]) -> Vec<Inline> {
    if content.is_empty() { Vec::new() } else { vec![Inline::Inserted(content.to_vec())] }
}

/// Everything in `content` as one deletion (nothing, for empty content).
pub fn deleted(content: &[Inline]) -> Vec<Inline> {
    if content.is_empty() { Vec::new() } else { vec![Inline::Deleted(content.to_vec())] }
}

fn tokens(content: &[Inline]) -> Vec<Tok> {
    let mut out = Vec::new();
    push_tokens(content, Style::default(), &mut out);
    out
}

fn push_tokens(content: &[Inline], style: Style, out: &mut Vec<Tok>) {
    for inline in content {
        match inline {
            Inline::Text(t) => split_words(t, style, out),
            Inline::Strong(c) => push_tokens(c, Style { bold: true, ..style }, out),
            Inline::Emphasis(c) => push_tokens(c, Style { italic: true, ..style }, out),
            Inline::Placeholder(p) => out.push(Tok { style, piece: Piece::Placeholder(p.clone()) }),
            Inline::Ref { target, prefix, number, suffix, bookmark } => out.push(Tok {
                style,
                piece: Piece::Ref {
                    target: target.clone(),
                    prefix: prefix.clone(),
                    number: number.clone(),
                    suffix: suffix.clone(),
                    bookmark: bookmark.clone(),
                },
            }),
            Inline::LineBreak => out.push(Tok { style, piece: Piece::Break }),
            // Only a redline holds these; comparing one keeps what it reads as.
            Inline::Inserted(c) => push_tokens(c, style, out),
            Inline::Deleted(_) => {}
        }
    }
}

/// Words (letters and digits, with inner apostrophes and hyphens), runs of spaces, and each
/// other character on its own.
fn split_words(text: &str, style: Style, out: &mut Vec<Tok>) {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Word,
        Space,
        Other,
    }
    let class = |c: char| {
        if c.is_alphanumeric() {
            Class::Word
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Other
        }
    };
    let mut start = 0;
    let mut current: Option<Class> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (n, &(i, c)) in chars.iter().enumerate() {
        let mut k = class(c);
        // "don't", "co-operate": one word.
        if matches!(c, '\'' | '\u{2019}' | '-')
            && current == Some(Class::Word)
            && chars.get(n + 1).is_some_and(|&(_, next)| next.is_alphanumeric())
        {
            k = Class::Word;
        }
        let joins = current == Some(k) && k != Class::Other;
        if !joins {
            if current.is_some() && i > start {
                out.push(Tok { style, piece: Piece::Text(text[start..i].to_owned()) });
            }
            start = i;
            current = Some(k);
        }
    }
    if start < text.len() {
        out.push(Tok { style, piece: Piece::Text(text[start..].to_owned()) });
    }
}

/// Tokens back into inlines: neighbouring text of one style becomes one run.
fn rebuild(toks: Vec<Tok>) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut group: Vec<Inline> = Vec::new();
    let mut group_style = Style::default();
    let close = |out: &mut Vec<Inline>, group: &mut Vec<Inline>, style: Style| {
        let items = std::mem::take(group);
        if items.is_empty() {
            return;
        }
        match (style.bold, style.italic) {
            (false, false) => out.extend(items),
            (true, false) => out.push(Inline::Strong(items)),
            (false, true) => out.push(Inline::Emphasis(items)),
            (true, true) => out.push(Inline::Strong(vec![Inline::Emphasis(items)])),
        }
    };
    for tok in toks {
        if tok.style != group_style {
            close(&mut out, &mut group, group_style);
            group_style = tok.style;
        }
        match tok.piece {
            Piece::Text(t) => match group.last_mut() {
                Some(Inline::Text(prev)) => prev.push_str(&t),
                _ => group.push(Inline::Text(t)),
            },
            Piece::Placeholder(p) => group.push(Inline::Placeholder(p)),
            Piece::Ref { target, prefix, number, suffix, bookmark } => {
                group.push(Inline::Ref { target, prefix, number, suffix, bookmark })
            }
            Piece::Break => group.push(Inline::LineBreak),
        }
    }
    close(&mut out, &mut group, group_style);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::plain_text;

    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::Text(s.to_owned())]
    }

    /// The text with every change rejected.
    fn rejected(content: &[Inline]) -> String {
        let mut out = String::new();
        for i in content {
            match i {
                Inline::Deleted(c) => out.push_str(&plain_text(c)),
                Inline::Inserted(_) => {}
                other => out.push_str(&plain_text(std::slice::from_ref(other))),
            }
        }
        out
    }

    #[test]
    fn a_changed_name_is_one_small_change() {
        let old = text("The Alliance for Northmoor is formed on the date of this Agreement.");
        let new = text("The Alliance for Southmoor & Vale is formed on the date of this Agreement.");
        let merged = diff_inlines(&old, &new);
        assert_eq!(
            merged,
            vec![
                Inline::Text("The Alliance for ".into()),
                Inline::Deleted(text("Northmoor")),
                Inline::Inserted(text("Southmoor & Vale")),
                Inline::Text(" is formed on the date of this Agreement.".into()),
            ]
        );
        assert_eq!(plain_text(&merged), plain_text(&new));
        assert_eq!(rejected(&merged), plain_text(&old));
    }

    #[test]
    fn a_renumbered_reference_is_not_a_change() {
        let r = |n: &str| Inline::Ref {
            target: "disputes".into(),
            prefix: "clause ".into(),
            number: n.into(),
            suffix: String::new(),
            bookmark: "disputes".into(),
        };
        let old = vec![Inline::Text("Subject to ".into()), r("14")];
        let new = vec![Inline::Text("Subject to ".into()), r("15")];
        assert_eq!(diff_inlines(&old, &new), new);
    }

    #[test]
    fn a_placeholder_filled_in_is_replaced_and_formatting_kept() {
        let old = vec![
            Inline::Strong(vec![Inline::Placeholder(Placeholder::for_drafter("Name of Commissioner"))]),
            Inline::Text(" agrees to pay.".into()),
        ];
        let new = vec![Inline::Strong(text("NHS Northmoor ICB")), Inline::Text(" agrees to pay.".into())];
        let merged = diff_inlines(&old, &new);
        assert_eq!(
            merged[0],
            Inline::Deleted(vec![Inline::Strong(vec![Inline::Placeholder(Placeholder::for_drafter(
                "Name of Commissioner"
            ))])])
        );
        assert_eq!(merged[1], Inline::Inserted(vec![Inline::Strong(text("NHS Northmoor ICB"))]));
        assert_eq!(rejected(&merged), plain_text(&old));
        assert_eq!(plain_text(&merged), plain_text(&new));
    }

    #[test]
    fn a_rewritten_paragraph_is_marked_whole() {
        let old = text("Each Partner bears its own costs.");
        let new = text("The Commissioner pays every reasonable expense incurred.");
        assert_eq!(diff_inlines(&old, &new), replaced(&old, &new));
    }

    #[test]
    fn words_keep_inner_apostrophes_and_hyphens() {
        let mut out = Vec::new();
        split_words("Partners' co-operate, don't  stop", Style::default(), &mut out);
        let words: Vec<String> = out
            .into_iter()
            .map(|t| match t.piece {
                Piece::Text(s) => s,
                _ => String::new(),
            })
            .collect();
        assert_eq!(words, ["Partners", "'", " ", "co-operate", ",", " ", "don't", "  ", "stop"]);
    }
}
