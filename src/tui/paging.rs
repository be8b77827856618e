//! Scrolling the preview by screen rows, not by paragraphs: a paragraph wraps to several rows,
//! and paging by paragraphs skipped the rows that did not fit. A position is the paragraph at
//! the top of the pane and how many of its rows are scrolled past.

use ratatui::text::Span;

use crate::render::reading::ReadingLine;

/// The top of the preview pane: paragraph `line`, its first `row` rows scrolled past.
pub type Pos = (usize, usize);

/// How many rows `line` takes at `width`, wrapped as the preview draws it.
pub fn rows_of(line: &ReadingLine, width: usize) -> usize {
    let spans: Vec<Span<'_>> = line.pieces.iter().map(|(_, t)| Span::raw(t.as_str())).collect();
    super::wrap::wrap(&spans, width, line.hang).len()
}

/// `n` rows further down, stopping at the last row.
pub fn down(lines: &[ReadingLine], width: usize, (mut line, mut row): Pos, mut n: usize) -> Pos {
    while n > 0 && line < lines.len() {
        let left = rows_of(&lines[line], width).saturating_sub(row + 1);
        if n <= left {
            return (line, row + n);
        }
        if line + 1 >= lines.len() {
            return (line, row + left);
        }
        n -= left + 1;
        line += 1;
        row = 0;
    }
    (line, row)
}

/// `n` rows further up, stopping at the first.
pub fn up(lines: &[ReadingLine], width: usize, (mut line, mut row): Pos, mut n: usize) -> Pos {
    while n > 0 {
        if n <= row {
            return (line, row - n);
        }
        if line == 0 {
            return (0, 0);
        }
        n -= row + 1;
        line -= 1;
        row = rows_of(&lines[line], width).saturating_sub(1);
    }
    (line, row)
}

/// The top of the last screenful: as far as arrows, the wheel and End go.
pub fn last_screen(lines: &[ReadingLine], width: usize, height: usize) -> Pos {
    let Some(last) = lines.len().checked_sub(1) else { return (0, 0) };
    let end = (last, rows_of(&lines[last], width).saturating_sub(1));
    up(lines, width, end, height.saturating_sub(1))
}

/// The top of the next page: the last row of this page comes first, so no row is skipped and
/// one is seen twice. Past the last screenful when that is what one-row overlap needs.
pub fn page_down(lines: &[ReadingLine], width: usize, height: usize, at: Pos) -> Pos {
    if at >= last_screen(lines, width, height) {
        return at;
    }
    down(lines, width, at, height.saturating_sub(1).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::reading::Look;

    fn doc() -> Vec<ReadingLine> {
        // Rows at width 10: 1, 3, 1, 2.
        ["one", "aaaa bbbb cccc dddd eeee", "", "xxxx yyyy zzzz"]
            .iter()
            .map(|t| ReadingLine::styled(Look::Body, *t))
            .collect()
    }

    #[test]
    fn rows_move_across_paragraph_boundaries_both_ways() {
        let lines = doc();
        assert_eq!(rows_of(&lines[1], 10), 3);
        assert_eq!(down(&lines, 10, (0, 0), 2), (1, 1));
        assert_eq!(down(&lines, 10, (0, 0), 100), (3, 1), "stops at the last row");
        assert_eq!(up(&lines, 10, (3, 1), 3), (1, 2));
        assert_eq!(up(&lines, 10, (1, 1), 100), (0, 0));
    }

    #[test]
    fn pages_overlap_by_one_row_and_stop_at_the_end() {
        let lines = doc();
        // 7 rows, 3 a page: tops at rows 0, 2, 4; the last screenful starts at row 4.
        assert_eq!(last_screen(&lines, 10, 3), (2, 0));
        assert_eq!(page_down(&lines, 10, 3, (0, 0)), (1, 1));
        assert_eq!(page_down(&lines, 10, 3, (1, 1)), (2, 0));
        assert_eq!(page_down(&lines, 10, 3, (2, 0)), (2, 0));
    }
}
