//! Word-wrapping styled text to a width, with a hanging indent: a numbered paragraph's
//! continuation lines start under its text, not under its number, as in the DOCX.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// A word: the text between spaces, in one or more styles ("[Date]" then ".").
type Word = Vec<(Style, String)>;

/// Wraps `spans` to rows of at most `width` columns; rows after the first start `hang`
/// columns in. A word longer than a row is cut.
pub fn wrap(spans: &[Span<'_>], width: usize, hang: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let hang = if hang * 2 > width { 0 } else { hang };
    let mut rows: Vec<Line<'static>> = Vec::new();
    let mut row: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    // Spaces before the next word, in the style they were written in.
    let mut gap: Option<(Style, usize)> = None;
    for (lead, word) in words(spans) {
        if let Some((style, n)) = lead {
            gap = Some(gap.map_or((style, n), |(s, m)| (s, m + n)));
        }
        let word_width: usize = word.iter().map(|(_, t)| t.width()).sum();
        if word.is_empty() {
            continue;
        }
        let gap_width = gap.map_or(0, |(_, n)| n);
        if used > 0 && used + gap_width + word_width > width {
            rows.push(Line::from(std::mem::take(&mut row)));
            row.push(Span::raw(" ".repeat(hang)));
            used = hang;
        } else if let Some((style, n)) = gap {
            row.push(Span::styled(" ".repeat(n), style));
            used += n;
        }
        gap = None;
        for (style, text) in word {
            push_cut(&mut rows, &mut row, &mut used, width, hang, style, &text);
        }
    }
    if let Some((style, n)) = gap {
        row.push(Span::styled(" ".repeat(n.min(width.saturating_sub(used))), style));
    }
    rows.push(Line::from(row));
    rows
}

/// Appends `text` to the row, starting new rows where it does not fit (only a word longer
/// than a whole row is cut).
fn push_cut(
    rows: &mut Vec<Line<'static>>,
    row: &mut Vec<Span<'static>>,
    used: &mut usize,
    width: usize,
    hang: usize,
    style: Style,
    text: &str,
) {
    let mut piece = String::new();
    for c in text.chars() {
        let w = c.to_string().width();
        if *used + w > width && *used > hang {
            if !piece.is_empty() {
                row.push(Span::styled(std::mem::take(&mut piece), style));
            }
            rows.push(Line::from(std::mem::take(row)));
            row.push(Span::raw(" ".repeat(hang)));
            *used = hang;
        }
        piece.push(c);
        *used += w;
    }
    if !piece.is_empty() {
        row.push(Span::styled(piece, style));
    }
}

/// The words of `spans`, each with the spaces before it (style and count).
fn words(spans: &[Span<'_>]) -> Vec<(Option<(Style, usize)>, Word)> {
    let mut out: Vec<(Option<(Style, usize)>, Word)> = vec![(None, Vec::new())];
    for span in spans {
        for (i, part) in span.content.split(' ').enumerate() {
            if i > 0 {
                // A space: the word so far ends; count it before the next word.
                match out.last_mut() {
                    Some((Some((_, n)), w)) if w.is_empty() => *n += 1,
                    _ => out.push((Some((span.style, 1)), Vec::new())),
                }
            }
            if !part.is_empty()
                && let Some((_, word)) = out.last_mut()
            {
                word.push((span.style, part.to_string()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    fn text(rows: &[Line<'_>]) -> Vec<String> {
        rows.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn continuation_rows_hang_under_the_text() {
        let spans = [Span::raw("(a) the words \"including\" and \"include\" do not limit")];
        assert_eq!(
            text(&wrap(&spans, 24, 4)),
            ["(a) the words", "    \"including\" and", "    \"include\" do not", "    limit"]
        );
    }

    #[test]
    fn styles_survive_and_a_word_across_styles_is_not_split() {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let spans = [Span::raw("Dated: "), Span::styled("[Date]", bold), Span::raw(". Signed")];
        let rows = wrap(&spans, 13, 0);
        assert_eq!(text(&rows), ["Dated:", "[Date].", "Signed"]);
        assert!(rows[1].spans.iter().any(|s| s.content == "[Date]" && s.style == bold));
    }

    #[test]
    fn a_word_longer_than_the_row_is_cut_and_nothing_is_lost() {
        let long = "x".repeat(25);
        let rows = wrap(&[Span::raw(format!("1.1 {long} end"))], 10, 4);
        let joined: String = text(&rows).iter().map(|r| r.trim_start()).collect::<Vec<_>>().join("");
        assert_eq!(joined.replace(' ', ""), format!("1.1{long}end"));
        assert!(rows.iter().all(|r| r.width() <= 10), "{:?}", text(&rows));
    }

    #[test]
    fn an_empty_line_stays_one_empty_row() {
        assert_eq!(text(&wrap(&[], 20, 0)), [""]);
    }
}
