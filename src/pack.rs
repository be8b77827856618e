//! A pack's file names: the main document at `BASE`, each companion beside it as
//! `BASE - <title>` or, rendered per record, `BASE - <title> - <record>`. Pure: it names
//! files, it does not write them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::engine::PackDocument;
use crate::library::Library;

/// Longest record name kept in a file name, in characters: file systems allow 255 bytes for
/// the whole name, and the base, the title and the extension need their share.
const MAX_RECORD_CHARS: usize = 80;

/// Which documents of a pack to render.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Only {
    /// The main document and every companion.
    #[default]
    All,
    /// The main document alone.
    Main,
    /// One companion (by its frame id), every record of it.
    Companion(String),
}

impl Only {
    pub fn keeps(&self, doc: &PackDocument) -> bool {
        match self {
            Only::All => true,
            Only::Main => doc.companion.is_none(),
            Only::Companion(id) => doc.companion.as_deref() == Some(id.as_str()),
        }
    }
}

/// The base path (without extension) of each document, in pack order, given each one's
/// companion id (`None` for the main document) and record name. Two records whose names
/// read the same get " (2)", " (3)" so no document overwrites another.
pub fn bases(library: &Library, base: &Path, docs: &[(Option<&str>, Option<&str>)]) -> Vec<PathBuf> {
    let mut used = BTreeSet::new();
    docs.iter()
        .map(|(companion, record)| {
            let Some(id) = companion else { return base.to_path_buf() };
            let title = library.companion(id).map_or(*id, |c| c.title.as_str());
            let mut name = format!("{} - {}", file_stem(base), file_safe(title));
            if let Some(record) = record {
                name.push_str(" - ");
                name.push_str(&file_safe(record));
            }
            let mut candidate = name.clone();
            let mut n = 1;
            while !used.insert(candidate.to_lowercase()) {
                n += 1;
                candidate = format!("{name} ({n})");
            }
            base.with_file_name(candidate)
        })
        .collect()
}

/// The files of every document, planned (rendered to bytes) on every core: a pack's
/// documents are independent, and a DOCX takes milliseconds each. The files come back in
/// pack order, and the first error in pack order is the one reported.
pub fn plan_all<T, D, F>(docs: &[(D, PathBuf)], plan: F) -> crate::error::Result<Vec<T>>
where
    D: Sync,
    T: Send,
    F: Fn(&D, &Path) -> crate::error::Result<Vec<T>> + Sync,
{
    let planned = crate::parallel::map_on_cores(docs, |(d, base)| plan(d, base));
    let mut all = Vec::new();
    for files in planned {
        all.extend(files?);
    }
    Ok(all)
}

fn file_stem(base: &Path) -> String {
    base.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A name as it can stand in a file name on Windows, macOS and Linux alike: the characters
/// some systems forbid (`/ \ : * ? " < > |` and control characters) become "-", runs of
/// spaces one space, no leading or trailing dots or spaces, at most 80 characters.
pub fn file_safe(name: &str) -> String {
    let replaced: String =
        name.chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                    '-'
                } else {
                    c
                }
            })
            .collect();
    let spaced = replaced.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed: String = spaced.trim_matches(|c: char| c == '.' || c == ' ').chars().take(MAX_RECORD_CHARS).collect();
    let trimmed = trimmed.trim_end_matches(['.', ' ']).to_owned();
    if trimmed.is_empty() { "unnamed".to_owned() } else { trimmed }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planning_on_threads_keeps_pack_order_and_reports_the_first_error() {
        let docs: Vec<(usize, PathBuf)> = (0..9).map(|i| (i, PathBuf::from(format!("d{i}")))).collect();
        let planned = plan_all(&docs, |d, base| Ok(vec![(*d, base.to_path_buf()), (*d + 100, base.to_path_buf())]));
        let got: Vec<usize> = planned.expect("plans").into_iter().map(|(n, _)| n).collect();
        let want: Vec<usize> = (0..9).flat_map(|i| [i, i + 100]).collect();
        assert_eq!(got, want);
        let failing = plan_all(&docs, |d, _| {
            if *d >= 5 { Err(crate::error::Error::Usage(format!("document {d}"))) } else { Ok(vec![*d]) }
        });
        assert_eq!(failing.map_err(|e| e.to_string()), Err("document 5".to_owned()));
    }

    #[test]
    fn names_keep_what_is_safe_and_replace_the_rest() {
        assert_eq!(file_safe("Netherton Health Centre"), "Netherton Health Centre");
        assert_eq!(file_safe("A/B: C*D? \"E\" <F> |G|"), "A-B- C-D- -E- -F- -G-");
        assert_eq!(file_safe("  ..hidden.  "), "hidden");
        assert_eq!(file_safe("tab\there\nnew"), "tab-here-new");
        assert_eq!(file_safe("..."), "unnamed");
        assert_eq!(file_safe(&"é".repeat(200)).chars().count(), 80);
        assert_eq!(file_safe("Dr Smith & Partners (Kenton)"), "Dr Smith & Partners (Kenton)");
    }
}
