//! Lint checks for `renamed_from`: an old id must not be a question that is still asked (the
//! old answers would then go to that question, not the renamed one), and two questions cannot
//! both claim one old id.

use crate::error::{Diagnostic, Subject, line_col};
use crate::library::Library;

pub fn problems(library: &Library) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for section in &library.sections {
        let source = library.files.get(&section.path).map(String::as_str).unwrap_or("");
        for q in section.questions.iter().filter(|q| !q.renamed_from.is_empty()) {
            let at = |old: &str| {
                // The old id as it is written in this question's `renamed_from`.
                let start = source.find(&format!("\"{}\"", q.id)).unwrap_or(0);
                source[start..].find(&format!("\"{old}\"")).map_or((0, 0), |off| line_col(source, start + off + 1))
            };
            for old in &q.renamed_from {
                for v in &library.variants {
                    if !q.applies_to(&v.id) || library.questions_for(&v.id).all(|(_, x)| x.id != q.id) {
                        continue;
                    }
                    let (line, col) = at(old);
                    let clash = |message: String| {
                        Diagnostic::error(&section.path, line, col, message)
                            .with_code("rename-clash")
                            .about(Subject::question(q.id.as_str()))
                    };
                    if library.find_question(&v.id, old).is_some() {
                        diags.push(clash(format!(
                            "`{}` is renamed from `{old}`, but `{old}` is still a question of variant `{}`: \
                             its answers would go there",
                            q.id, v.id
                        )));
                        break;
                    }
                    let claimed =
                        library.questions_for(&v.id).find(|(_, x)| x.id != q.id && x.renamed_from.contains(old));
                    if let Some((_, other)) = claimed {
                        diags.push(clash(format!(
                            "`{}` and `{}` are both renamed from `{old}` in variant `{}`",
                            q.id, other.id, v.id
                        )));
                        break;
                    }
                }
            }
        }
    }
    diags
}
