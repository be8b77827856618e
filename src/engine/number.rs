//! Numbering, bookmarks and cross-references: run after selection, so numbers are always
//! those of the draft as it stands.

use std::collections::{BTreeMap, BTreeSet};

use crate::doc::{Block, Clause, Inline, Paragraph, Schedule};

/// What a cross-reference to an id reads as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    pub prefix: String,
    pub number: String,
    pub suffix: String,
    pub bookmark: String,
}

/// Hands out unique Word bookmark names: letters, digits, underscores, at most 40 chars.
#[derive(Default)]
pub(crate) struct Bookmarks {
    used: BTreeSet<String>,
}

impl Bookmarks {
    pub fn name(&mut self, id: &str) -> String {
        let mut base: String =
            "_Ref_".chars().chain(id.chars()).map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        base.truncate(36);
        let mut name = base.clone();
        let mut n = 2;
        while !self.used.insert(name.clone()) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }
}

pub(crate) fn letter(n: usize, upper: bool) -> String {
    let mut n = n;
    let mut s = String::new();
    while n > 0 {
        n -= 1;
        let c = (b'a' + (n % 26) as u8) as char;
        s.insert(0, if upper { c.to_ascii_uppercase() } else { c });
        n /= 26;
    }
    s
}

pub(crate) fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Numbers the paragraphs of one clause or schedule. `head` is the clause number ("21") or,
/// in a schedule, None (its level-1 paragraphs count from 1).
fn number_blocks(blocks: &mut [Block], head: Option<&str>) -> Vec<(String, String)> {
    let mut counters = [0usize; 6];
    let mut anchors = Vec::new();
    for block in blocks.iter_mut() {
        let Block::Numbered(p) = block else { continue };
        let level = p.level.clamp(1, 5) as usize;
        counters[level] += 1;
        for c in counters.iter_mut().skip(level + 1) {
            *c = 0;
        }
        let dotted = |upto: usize| -> String {
            let mut parts: Vec<String> = Vec::new();
            if let Some(h) = head {
                parts.push(h.to_string());
            }
            let from = if head.is_some() { 2 } else { 1 };
            for c in counters.iter().take(upto + 1).skip(from) {
                parts.push(c.to_string());
            }
            parts.join(".")
        };
        p.number = match level {
            4 => format!("({})", letter(counters[4], false)),
            5 => format!("({})", roman(counters[5])),
            l => dotted(l),
        };
        if let Some(id) = &p.bookmark {
            // Where a letter or roman number is referred to, give its full path: 21.2(a).
            let full = match level {
                4 => format!("{}{}", dotted(3.min(last_numbered(&counters, 3))), p.number),
                5 => format!("{}({}){}", dotted(last_numbered(&counters, 3)), letter(counters[4], false), p.number),
                _ => p.number.clone(),
            };
            anchors.push((id.clone(), full));
        }
    }
    anchors
}

fn last_numbered(counters: &[usize; 6], max: usize) -> usize {
    (1..=max).rev().find(|l| counters[*l] > 0).unwrap_or(1)
}

/// Numbers clauses and schedules, gives bookmarks, and returns what each id refers to.
pub(crate) fn number_document(clauses: &mut [Clause], schedules: &mut [Schedule]) -> BTreeMap<String, Target> {
    let mut marks = Bookmarks::default();
    let mut targets = BTreeMap::new();
    for (i, clause) in clauses.iter_mut().enumerate() {
        clause.number = (i + 1).to_string();
        clause.bookmark = marks.name(&clause.id);
        targets.insert(
            clause.id.clone(),
            Target {
                prefix: "clause ".into(),
                number: clause.number.clone(),
                suffix: String::new(),
                bookmark: clause.bookmark.clone(),
            },
        );
        for (anchor, number) in number_blocks(&mut clause.blocks, Some(&clause.number)) {
            let bookmark = marks.name(&anchor);
            set_bookmark(&mut clause.blocks, &anchor, &bookmark);
            targets.insert(anchor, Target { prefix: "clause ".into(), number, suffix: String::new(), bookmark });
        }
    }
    for (i, schedule) in schedules.iter_mut().enumerate() {
        schedule.number = (i + 1).to_string();
        schedule.bookmark = marks.name(&schedule.id);
        targets.insert(
            schedule.id.clone(),
            Target {
                prefix: "Schedule ".into(),
                number: schedule.number.clone(),
                suffix: String::new(),
                bookmark: schedule.bookmark.clone(),
            },
        );
        for (anchor, number) in number_blocks(&mut schedule.blocks, None) {
            let bookmark = marks.name(&anchor);
            set_bookmark(&mut schedule.blocks, &anchor, &bookmark);
            targets.insert(
                anchor,
                Target {
                    prefix: "paragraph ".into(),
                    number,
                    suffix: format!(" of Schedule {}", schedule.number),
                    bookmark,
                },
            );
        }
    }
    targets
}

/// Numbers recitals (A), (B), ...
pub(crate) fn number_recitals(paragraphs: &mut [Paragraph]) {
    for (i, p) in paragraphs.iter_mut().enumerate() {
        p.number = format!("({})", letter(i + 1, true));
        p.bookmark = None;
    }
}

fn set_bookmark(blocks: &mut [Block], anchor: &str, bookmark: &str) {
    for b in blocks {
        if let Block::Numbered(p) = b
            && p.bookmark.as_deref() == Some(anchor)
        {
            p.bookmark = Some(bookmark.to_string());
        }
    }
}

/// Applies `f` to every inline run in a list of blocks.
pub(crate) fn for_each_inlines(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Inline>)) {
    for b in blocks {
        match b {
            Block::Numbered(p) => f(&mut p.content),
            Block::Plain(c) => f(c),
            Block::Definition { meaning, .. } => f(meaning),
            Block::Table(t) => {
                for cell in t.header.iter_mut().chain(t.rows.iter_mut().flatten()) {
                    f(cell);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_romans() {
        assert_eq!(letter(1, false), "a");
        assert_eq!(letter(26, false), "z");
        assert_eq!(letter(27, false), "aa");
        assert_eq!(letter(2, true), "B");
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(9), "ix");
        assert_eq!(roman(14), "xiv");
    }

    #[test]
    fn bookmarks_are_word_safe_and_unique() {
        let mut b = Bookmarks::default();
        let a = b.name("dispute-resolution");
        assert_eq!(a, "_Ref_dispute_resolution");
        let long = "x".repeat(80);
        let n1 = b.name(&long);
        let n2 = b.name(&long);
        assert!(n1.len() <= 40 && n2.len() <= 40 && n1 != n2);
    }
}
