//! Matching the two drafts: clauses and schedules by id (never by number), then within a
//! clause paragraph by paragraph, table rows by their text, parties and signature blocks by
//! name. The result is one merged [`Document`]: NEW, with OLD's removed material put back
//! in place as deletions, and the changes inside paragraphs from `words`.

use std::collections::BTreeMap;
use std::hash::Hash;

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::words::{deleted, diff_inlines, inserted};
use crate::doc::*;
use crate::render::docx::tracked::HeadingChange;

/// One line of an alignment.
pub enum Pair<'a, T> {
    Both(&'a T, &'a T),
    Old(&'a T),
    New(&'a T),
}

/// Aligns two sequences by key with `similar`; inside a run that changed, items at the
/// same position are paired when `pairable` says they are the same kind of thing.
pub fn align<'a, T, K: Hash + Eq>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> K,
    pairable: impl Fn(&T, &T) -> bool,
) -> Vec<Pair<'a, T>> {
    // Keys as small numbers: the diff compares them many times over, the text once here.
    let mut ids: std::collections::HashMap<K, u32> = std::collections::HashMap::new();
    let mut intern = |k: K| {
        let n = ids.len() as u32;
        *ids.entry(k).or_insert(n)
    };
    let ka: Vec<u32> = old.iter().map(|x| intern(key(x))).collect();
    let kb: Vec<u32> = new.iter().map(|x| intern(key(x))).collect();
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    for op in capture_diff_slices(Algorithm::Myers, &ka, &kb) {
        match op {
            DiffOp::Equal { old_index, new_index, len } => {
                out.extend((0..len).map(|i| Pair::Both(&old[old_index + i], &new[new_index + i])));
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                out.extend(old[old_index..old_index + old_len].iter().map(Pair::Old))
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                out.extend(new[new_index..new_index + new_len].iter().map(Pair::New))
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                pair_changed_run(
                    &old[old_index..old_index + old_len],
                    &new[new_index..new_index + new_len],
                    &pairable,
                    &mut out,
                );
            }
        }
    }
    out
}

/// How far ahead to look for a partner inside a changed run.
const LOOK_AHEAD: usize = 3;

/// Pairs the items of a run that changed: in order, each OLD item with the NEW one that
/// `pairable` accepts, looking a few items ahead on either side, so a paragraph inserted in
/// the middle of edited paragraphs does not shift every pairing after it.
fn pair_changed_run<'a, T>(old: &'a [T], new: &'a [T], pairable: &impl Fn(&T, &T) -> bool, out: &mut Vec<Pair<'a, T>>) {
    let (mut i, mut j) = (0, 0);
    while i < old.len() && j < new.len() {
        if pairable(&old[i], &new[j]) {
            out.push(Pair::Both(&old[i], &new[j]));
            i += 1;
            j += 1;
        } else if let Some(k) = (j + 1..new.len().min(j + 1 + LOOK_AHEAD)).find(|&k| pairable(&old[i], &new[k])) {
            out.extend(new[j..k].iter().map(Pair::New));
            j = k;
        } else if let Some(k) = (i + 1..old.len().min(i + 1 + LOOK_AHEAD)).find(|&k| pairable(&old[k], &new[j])) {
            out.extend(old[i..k].iter().map(Pair::Old));
            i = k;
        } else {
            out.push(Pair::Old(&old[i]));
            out.push(Pair::New(&new[j]));
            i += 1;
            j += 1;
        }
    }
    out.extend(old[i..].iter().map(Pair::Old));
    out.extend(new[j..].iter().map(Pair::New));
}

/// The merged draft, and what changed about each clause and schedule heading (by id).
pub fn merge(old: &Document, new: &Document) -> (Document, BTreeMap<String, HeadingChange>) {
    let mut headings = BTreeMap::new();
    let mut meta = new.meta.clone();
    meta.date = diff_inlines(&old.meta.date, &new.meta.date);

    let party_key = |p: &Party| (plain_text(&p.name), p.role.clone());
    let parties = align(&old.parties, &new.parties, party_key, |o, n| o.role == n.role)
        .into_iter()
        .map(|pair| match pair {
            Pair::Both(o, n) => Party {
                name: diff_inlines(&o.name, &n.name),
                description: diff_inlines(&o.description, &n.description),
                role: n.role.clone(),
            },
            Pair::Old(o) => {
                Party { name: deleted(&o.name), description: deleted(&o.description), role: o.role.clone() }
            }
            Pair::New(n) => {
                Party { name: inserted(&n.name), description: inserted(&n.description), role: n.role.clone() }
            }
        })
        .collect();

    let background = align(&old.background, &new.background, |p| plain_text(&p.content), |_, _| true)
        .into_iter()
        .map(|pair| paragraph(pair))
        .collect();

    let mut clauses = Vec::new();
    for pair in align(&old.clauses, &new.clauses, |c| c.id.clone(), |_, _| false) {
        match pair {
            Pair::Both(o, n) => {
                let change = HeadingChange {
                    mark: None,
                    old_title: (o.title != n.title).then(|| o.title.clone()),
                    old_part: (o.part_heading != n.part_heading).then(|| o.part_heading.clone()),
                    old_number: None,
                };
                if change != HeadingChange::default() {
                    headings.insert(n.id.clone(), change);
                }
                clauses.push(Clause { blocks: blocks(&o.blocks, &n.blocks), ..n.clone() });
            }
            Pair::Old(o) => {
                headings.insert(o.id.clone(), HeadingChange { mark: Some(Mark::Deleted), ..Default::default() });
                clauses.push(Clause { blocks: o.blocks.iter().map(deleted_block).collect(), ..o.clone() });
            }
            Pair::New(n) => {
                headings.insert(n.id.clone(), HeadingChange { mark: Some(Mark::Inserted), ..Default::default() });
                clauses.push(Clause { blocks: n.blocks.iter().map(inserted_block).collect(), ..n.clone() });
            }
        }
    }

    let mut schedules = Vec::new();
    for pair in align(&old.schedules, &new.schedules, |s| s.id.clone(), |_, _| false) {
        match pair {
            Pair::Both(o, n) => {
                let change = HeadingChange {
                    mark: None,
                    old_title: (o.title != n.title).then(|| o.title.clone()),
                    old_part: None,
                    old_number: (o.number != n.number).then(|| o.number.clone()),
                };
                if change != HeadingChange::default() {
                    headings.insert(n.id.clone(), change);
                }
                schedules.push(Schedule { blocks: blocks(&o.blocks, &n.blocks), ..n.clone() });
            }
            Pair::Old(o) => {
                headings.insert(o.id.clone(), HeadingChange { mark: Some(Mark::Deleted), ..Default::default() });
                schedules.push(Schedule { blocks: o.blocks.iter().map(deleted_block).collect(), ..o.clone() });
            }
            Pair::New(n) => {
                headings.insert(n.id.clone(), HeadingChange { mark: Some(Mark::Inserted), ..Default::default() });
                schedules.push(Schedule { blocks: n.blocks.iter().map(inserted_block).collect(), ..n.clone() });
            }
        }
    }

    let signature_blocks = align(&old.execution.blocks, &new.execution.blocks, |b| plain_text(&b.party), |_, _| true)
        .into_iter()
        .map(|pair| match pair {
            Pair::Both(o, n) => SignatureBlock { party: diff_inlines(&o.party, &n.party), lines: n.lines.clone() },
            Pair::Old(o) => SignatureBlock { party: deleted(&o.party), lines: o.lines.clone() },
            Pair::New(n) => SignatureBlock { party: inserted(&n.party), lines: n.lines.clone() },
        })
        .collect();
    let execution =
        Execution { intro: diff_inlines(&old.execution.intro, &new.execution.intro), blocks: signature_blocks };

    let mut doc =
        Document { meta, parties, background, clauses, schedules, execution, placeholders: new.placeholders.clone() };
    unclash_bookmarks(&mut doc, new);
    (doc, headings)
}

/// Removed paragraphs keep their bookmarks, so references in removed text still work when
/// the changes are rejected, except where NEW puts the same bookmark elsewhere (an anchor
/// that moved): there NEW's place wins.
fn unclash_bookmarks(doc: &mut Document, new: &Document) {
    let mut taken = std::collections::HashSet::new();
    taken.extend(new.background.iter().filter_map(|p| p.bookmark.clone()));
    for blocks in new.clauses.iter().map(|c| &c.blocks).chain(new.schedules.iter().map(|s| &s.blocks)) {
        taken.extend(blocks.iter().filter_map(|b| if let Block::Numbered(p) = b { p.bookmark.clone() } else { None }));
    }
    let release = |p: &mut Paragraph| {
        if whole_mark(&p.content) == Some(Mark::Deleted) && p.bookmark.as_ref().is_some_and(|b| taken.contains(b)) {
            p.bookmark = None;
        }
    };
    doc.background.iter_mut().for_each(release);
    for blocks in doc.clauses.iter_mut().map(|c| &mut c.blocks).chain(doc.schedules.iter_mut().map(|s| &mut s.blocks)) {
        for b in blocks.iter_mut() {
            if let Block::Numbered(p) = b {
                release(p);
            }
        }
    }
}

fn paragraph(pair: Pair<'_, Paragraph>) -> Paragraph {
    match pair {
        Pair::Both(o, n) => Paragraph { content: diff_inlines(&o.content, &n.content), ..n.clone() },
        Pair::Old(o) => Paragraph { content: deleted(&o.content), ..o.clone() },
        Pair::New(n) => Paragraph { content: inserted(&n.content), ..n.clone() },
    }
}

/// What a block reads, for matching: numbers left out, since renumbering is no change.
fn block_key(b: &Block) -> String {
    match b {
        Block::Numbered(p) => format!("n{}:{}", p.level, plain_text(&p.content)),
        Block::Plain(c) => format!("p:{}", plain_text(c)),
        Block::Definition { term, meaning } => format!("d:{term}:{}", plain_text(meaning)),
        Block::Table(t) => {
            let cells = t.header.iter().chain(t.rows.iter().flatten()).map(|c| plain_text(c)).collect::<Vec<_>>();
            format!("t:{}", cells.join("|"))
        }
    }
}

/// Two blocks in a changed run are one block edited when they are the same kind (a
/// definition, of the same term) and, for paragraphs, still share half their words.
fn same_kind(o: &Block, n: &Block) -> bool {
    match (o, n) {
        (Block::Numbered(a), Block::Numbered(b)) => a.level == b.level && alike(&a.content, &b.content),
        (Block::Plain(a), Block::Plain(b)) => alike(a, b),
        (Block::Table(_), Block::Table(_)) => true,
        (Block::Definition { term: a, .. }, Block::Definition { term: b, .. }) => a == b,
        _ => false,
    }
}

/// At least half the words in common (`similar`'s ratio over words).
fn alike(a: &[Inline], b: &[Inline]) -> bool {
    let (a, b) = (plain_text(a), plain_text(b));
    similar::TextDiff::from_words(a.as_str(), b.as_str()).ratio() >= 0.5
}

fn blocks(old: &[Block], new: &[Block]) -> Vec<Block> {
    align(old, new, block_key, same_kind)
        .into_iter()
        .map(|pair| match pair {
            Pair::Both(Block::Numbered(o), Block::Numbered(n)) => Block::Numbered(paragraph(Pair::Both(o, n))),
            Pair::Both(Block::Plain(o), Block::Plain(n)) => Block::Plain(diff_inlines(o, n)),
            Pair::Both(Block::Definition { meaning: o, .. }, Block::Definition { term, meaning: n }) => {
                Block::Definition { term: term.clone(), meaning: diff_inlines(o, n) }
            }
            Pair::Both(Block::Table(o), Block::Table(n)) => Block::Table(table(o, n)),
            // `same_kind` pairs only blocks of one kind; anything else is a deletion and an insertion.
            Pair::Both(o, _) | Pair::Old(o) => deleted_block(o),
            Pair::New(n) => inserted_block(n),
        })
        .collect()
}

fn deleted_block(b: &Block) -> Block {
    marked_block(b, Mark::Deleted)
}

fn inserted_block(b: &Block) -> Block {
    marked_block(b, Mark::Inserted)
}

/// A whole block added or removed.
fn marked_block(b: &Block, mark: Mark) -> Block {
    let f = |c: &[Inline]| match mark {
        Mark::Inserted => inserted(c),
        Mark::Deleted => deleted(c),
    };
    match b {
        Block::Numbered(p) => Block::Numbered(Paragraph { content: f(&p.content), ..p.clone() }),
        Block::Plain(c) => Block::Plain(f(c)),
        Block::Definition { term, meaning } => Block::Definition { term: term.clone(), meaning: f(meaning) },
        Block::Table(t) => Block::Table(Table {
            header: t.header.iter().map(|c| f(c)).collect(),
            rows: t.rows.iter().map(|r| r.iter().map(|c| f(c)).collect()).collect(),
        }),
    }
}

/// Header cells compared cell by cell; rows matched by their text, so a row added or
/// removed is one insertion or deletion and an edited row shows the changed cells.
fn table(old: &Table, new: &Table) -> Table {
    let cells = |o: &[Inlines], n: &[Inlines]| -> Vec<Inlines> {
        let empty = Inlines::new();
        (0..o.len().max(n.len()))
            .map(|i| diff_inlines(o.get(i).unwrap_or(&empty), n.get(i).unwrap_or(&empty)))
            .collect()
    };
    let row_key = |r: &Vec<Inlines>| r.iter().map(|c| plain_text(c)).collect::<Vec<_>>().join("|");
    let rows = align(&old.rows, &new.rows, row_key, |_, _| true)
        .into_iter()
        .map(|pair| match pair {
            Pair::Both(o, n) => cells(o, n),
            Pair::Old(o) => o.iter().map(|c| deleted(c)).collect(),
            Pair::New(n) => n.iter().map(|c| inserted(c)).collect(),
        })
        .collect();
    Table { header: cells(&old.header, &new.header), rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Block {
        Block::Numbered(Paragraph {
            level: 2,
            number: String::new(),
            bookmark: None,
            content: vec![Inline::Text(text.into())],
        })
    }

    fn mark_of(b: &Block) -> Option<Mark> {
        match b {
            Block::Numbered(p) => whole_mark(&p.content),
            _ => None,
        }
    }

    #[test]
    fn a_paragraph_inserted_among_edited_ones_does_not_shift_the_pairing() {
        let old = [
            para("The Partners in Northmoor will meet every month."),
            para("The Board of Northmoor will keep minutes of each meeting."),
            para("Each Partner in Northmoor bears its own costs."),
        ];
        let new = [
            para("The Partners in Southmoor will meet every month."),
            para("An entirely new obligation about data protection impact assessments applies."),
            para("The Board of Southmoor will keep minutes of each meeting."),
            para("Each Partner in Southmoor bears its own costs."),
        ];
        let merged = blocks(&old, &new);
        let marks: Vec<Option<Mark>> = merged.iter().map(mark_of).collect();
        assert_eq!(marks, [None, Some(Mark::Inserted), None, None], "{merged:#?}");
    }
}
