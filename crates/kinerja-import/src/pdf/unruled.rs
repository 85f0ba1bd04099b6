//! Tables printed without ruling lines (a Word table whose borders were taken off, a layout of
//! tabs): the grid is drawn from the words themselves, as rules the ruled-table reader then reads
//! like any other.
//!
//! - **Where:** a printed line naming three plan columns (`NO`, `SASARAN`, `INDIKATOR`,
//!   `TARGET`, `KEGIATAN`, `PELAKSANA`, …, OCR's misreadings put right) is a header; a line of
//!   period labels (`B1` … `B12`, `TW I` …) right under it is its second row; the table goes down
//!   to the signatures' place and date, a party, or a gap of four lines.
//! - **Columns:** one per column title (a title over the period labels gives way to them); each
//!   boundary in the gap between two titles, where the fewest words below cross it (the middle of
//!   the widest such run).
//! - **Rows:** a row per cell of the key column (`KEGIATAN`, else `INDIKATOR`, else the column
//!   with the most cells); a cell is a run of lines with no more than half a line between them.
//!   Cells aligned at their tops (as Word prints them) start their rows; cells centred in their
//!   rows (as typst and Excel print them) end a row as far below their middle as it began above.
//! - **Merged cells:** a cell left of the key column that runs over several rows is one cell,
//!   in its first row (the objective or indicator of several actions).
//!
//! Rows printed with no space between them (a Word table with no cell margins) cannot be told from
//! a cell's wrapped lines: each cell of the key column is then as long as its lines run together.

use super::{Rule, Word, printed_lines};

/// The column titles that make a header, after OCR's misreadings are put right.
const TITLES: [&str; 12] = [
    "NO",
    "SASARAN",
    "INDIKATOR",
    "TARGET",
    "KEGIATAN",
    "PELAKSANA",
    "ANGGARAN",
    "PROGRAM",
    "REALISASI",
    "CAPAIAN",
    "FORMULA",
    "SUMBER",
];

/// The most words on a page whose table without rules is looked for (a dense A4 page of a
/// table holds about 1.500).
const MAX_WORDS: usize = 6_000;

/// The most columns a table without rules is drawn with.
const MAX_COLUMNS: usize = 64;

/// A run of words: a column title, or a cell's lines.
#[derive(Debug, Clone, Copy)]
struct Span {
    x0: f32,
    x1: f32,
    /// Bottom and top (y upwards).
    y0: f32,
    y1: f32,
}

impl Span {
    fn of(words: &[&Word]) -> Span {
        words.iter().fold(
            Span {
                x0: f32::MAX,
                x1: f32::MIN,
                y0: f32::MAX,
                y1: f32::MIN,
            },
            |s, w| Span {
                x0: s.x0.min(w.x0),
                x1: s.x1.max(w.x1),
                y0: s.y0.min(w.y0),
                y1: s.y1.max(w.y1),
            },
        )
    }
    fn of_spans(spans: &[&Span]) -> Span {
        spans.iter().fold(
            Span {
                x0: f32::MAX,
                x1: f32::MIN,
                y0: f32::MAX,
                y1: f32::MIN,
            },
            |s, o| Span {
                x0: s.x0.min(o.x0),
                x1: s.x1.max(o.x1),
                y0: s.y0.min(o.y0),
                y1: s.y1.max(o.y1),
            },
        )
    }
    fn middle(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
}

/// The plan column a word of a header names, if any.
fn title_word(text: &str) -> Option<&'static str> {
    let t = crate::layout::corrected(&crate::layout::normal(text));
    let t = t.trim_end_matches(['.', ':']);
    TITLES.iter().copied().find(|k| *k == t)
}

/// Whether a word is (a part of) a period label: `B1` … `B12` as OCR may misread them (`Bl`,
/// `BS`), a month, `TW`/`Triwulan` and the quarter's number after it.
fn period_label(text: &str) -> bool {
    let t = crate::layout::normal(text);
    let t = t.trim_end_matches('.');
    crate::layout::period_label(t, true).is_some()
        || ["TW", "TRW", "TRIWULAN", "Q"].contains(&t)
        || t.parse::<u8>().is_ok_and(|n| (1..=12).contains(&n))
}

/// The ruling lines of the page's table without rules, when it has one with a header: vertical
/// rules between its columns, horizontal ones between its rows (none across a merged cell).
pub(super) fn rules(words: &[Word]) -> Vec<Rule> {
    // A page of more words than any table prints is left to be read line by line: the search
    // below is bounded by words × columns.
    if words.len() > MAX_WORDS {
        return vec![];
    }
    let lines = printed_lines(words.to_vec());
    let Some(head) = lines.iter().position(|l| {
        let mut named: Vec<&str> = l.iter().filter_map(|w| title_word(&w.text)).collect();
        named.sort_unstable();
        named.dedup();
        named.len() >= 3
    }) else {
        return vec![];
    };
    let height = |l: &[Word]| l.iter().map(|w| w.y1 - w.y0).fold(0.0_f32, f32::max);
    let h = height(&lines[head]);
    if h <= 0.0 {
        return vec![];
    }
    let gap = |upper: &[Word], lower: &[Word]| {
        let bottom = upper.iter().map(|w| w.y0).fold(f32::MAX, f32::min);
        let top = lower.iter().map(|w| w.y1).fold(f32::MIN, f32::max);
        bottom - top
    };
    // A line of capitals just above the header (a title over the period labels) is part of it.
    let first = if head > 0
        && gap(&lines[head - 1], &lines[head]) <= 0.6 * h
        && lines[head - 1]
            .iter()
            .all(|w| w.text.chars().all(|c| !c.is_lowercase()))
    {
        head - 1
    } else {
        head
    };
    let sub = lines.get(head + 1).filter(|l| {
        // OCR may leave a label unread or a mark beside them: three in four will do.
        let labels = l.iter().filter(|w| period_label(&w.text)).count();
        labels >= 4 && labels * 4 >= l.len() * 3 && gap(&lines[head], l) <= 1.5 * h
    });
    let body_from = head + 1 + usize::from(sub.is_some());
    let mut last = body_from;
    while last < lines.len() {
        let text: String = lines[last]
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let n = crate::layout::normal(&text);
        let ends = crate::text::place_and_date(&text).is_some()
            || n.starts_with("PIHAK")
            || gap(&lines[last - 1], &lines[last]) > 4.0 * h;
        if ends {
            break;
        }
        last += 1;
    }
    let body: Vec<&Word> = lines[body_from..last].iter().flatten().collect();
    if body.is_empty() {
        return vec![];
    }
    let header: Vec<&Word> = lines[first..body_from].iter().flatten().collect();
    let xs = columns(&lines[head], sub.map(Vec::as_slice), &header, &body);
    if xs.len() < 3 || xs.len() > MAX_COLUMNS + 1 {
        return vec![];
    }
    let top = Span::of(&header).y1 + 2.0;
    let header_bottom = Span::of(&header).y0;
    let body_top = Span::of(&body).y1;
    let bottom = Span::of(&body).y0 - 2.0;
    // The period labels' row: the y above it, and the labels' extent.
    let sub_row = sub.map(|s| {
        let upper = lines[head].iter().map(|w| w.y0).fold(f32::MAX, f32::min);
        let labels = Span::of(&s.iter().collect::<Vec<_>>());
        ((upper + labels.y1) / 2.0, labels.x0, labels.x1)
    });
    let below_header = (header_bottom + body_top) / 2.0;
    let pitch = pitch(&xs, &body, h);
    let mut cells = cells_by_column(&xs, &body, pitch);
    let key = key_column(&xs, &lines[head], &cells);
    let centred = centred(&xs, &body, key, pitch);
    cells[key] = numbered_cells(&column_lines(&xs, key, &body), &numbers(&xs, &body), centred, pitch);
    let rows = row_boundaries(&cells[key], centred, below_header, bottom, &body, h);
    let merged: Vec<Vec<(usize, usize)>> = (0..key)
        .map(|c| spans(&column_lines(&xs, c, &body), &rows, centred, pitch))
        .collect();
    grid_rules(&xs, top, sub_row, below_header, &rows, &merged, &header)
}

/// Column boundaries, left to right: around the titles of the header line (and the period
/// labels under it, which take the place of a title over them).
fn columns(line: &[Word], sub: Option<&[Word]>, header: &[&Word], body: &[&Word]) -> Vec<f32> {
    let h = line.iter().map(|w| w.y1 - w.y0).fold(0.0_f32, f32::max);
    // The titles: words of the header line closer than a line's height together.
    let mut sorted: Vec<&Word> = line.iter().collect();
    sorted.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let mut titles: Vec<Span> = vec![];
    for w in sorted {
        match titles.last_mut() {
            Some(t) if w.x0 - t.x1 < h => t.x1 = t.x1.max(w.x1),
            _ => titles.push(Span::of(&[w])),
        }
    }
    if let Some(sub) = sub {
        // A label of two words (`Tw 1`) is one: its words a space apart.
        let mut words: Vec<&Word> = sub.iter().collect();
        words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut labels: Vec<Span> = vec![];
        for w in words {
            match labels.last_mut() {
                Some(l) if w.x0 - l.x1 < 0.5 * h => l.x1 = l.x1.max(w.x1),
                _ => labels.push(Span::of(&[w])),
            }
        }
        let (from, to) = (
            labels.iter().map(|l| l.x0).fold(f32::MAX, f32::min),
            labels.iter().map(|l| l.x1).fold(f32::MIN, f32::max),
        );
        titles.retain(|t| t.x1 < from || t.x0 > to);
        titles.extend(labels);
        titles.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    if titles.len() > MAX_COLUMNS {
        return vec![];
    }
    let all: Vec<&Word> = header.iter().chain(body).copied().collect();
    let left = all.iter().map(|w| w.x0).fold(f32::MAX, f32::min) - 2.0;
    let right = all.iter().map(|w| w.x1).fold(f32::MIN, f32::max) + 2.0;
    let mut xs = vec![left];
    for pair in titles.windows(2) {
        if let Some(x) = quietest(pair[0].x1, pair[1].x0, body) {
            xs.push(x);
        }
    }
    xs.push(right);
    xs
}

/// The x between `from` and `to` that the fewest words cross: the middle of the widest run of
/// such places, a point apart.
fn quietest(from: f32, to: f32, words: &[&Word]) -> Option<f32> {
    if to <= from {
        return None;
    }
    let steps = ((to - from).ceil() as usize).clamp(1, 2000);
    let crossing = |x: f32| words.iter().filter(|w| w.x0 < x && x < w.x1).count();
    let counts: Vec<(f32, usize)> = (0..=steps)
        .map(|i| from + (to - from) * i as f32 / steps as f32)
        .map(|x| (x, crossing(x)))
        .collect();
    let least = counts.iter().map(|c| c.1).min()?;
    let (mut best, mut run): ((usize, usize), Option<usize>) = ((0, 0), None);
    for (i, c) in counts.iter().enumerate() {
        match (c.1 == least, run) {
            (true, None) => run = Some(i),
            (false, Some(s)) => {
                if i - s > best.1 - best.0 {
                    best = (s, i);
                }
                run = None;
            }
            _ => {}
        }
    }
    if let Some(s) = run
        && counts.len() - s > best.1 - best.0
    {
        best = (s, counts.len());
    }
    Some((counts[best.0].0 + counts[best.1 - 1].0) / 2.0)
}

/// The printed lines of column `c`, top to bottom.
fn column_lines(xs: &[f32], c: usize, body: &[&Word]) -> Vec<Span> {
    let words: Vec<Word> = body
        .iter()
        .filter(|w| w.cx() > xs[c] && w.cx() < xs[c + 1])
        .map(|w| (*w).clone())
        .collect();
    printed_lines(words)
        .iter()
        .map(|line| Span::of(&line.iter().collect::<Vec<_>>()))
        .collect()
}

/// The distance from a line of a cell to the next (middle to middle): the shortest that recurs
/// between a column's lines, where text wraps within its cell (a fifth of the distances are
/// shorter or as short). Word boxes differ (a PDF's are the font's, OCR's the ink's), the lines'
/// distance does not.
fn pitch(xs: &[f32], body: &[&Word], h: f32) -> f32 {
    let mut distances: Vec<f32> = (0..xs.len() - 1)
        .flat_map(|c| {
            let lines = column_lines(xs, c, body);
            lines
                .windows(2)
                .map(|p| p[0].middle() - p[1].middle())
                .collect::<Vec<_>>()
        })
        .filter(|d| *d > 0.5 * h)
        .collect();
    distances.sort_by(f32::total_cmp);
    distances.get(distances.len() / 5).copied().unwrap_or(1.2 * h)
}

/// Whether a line follows the one above in the same cell: no further below it than a line's
/// pitch and a little (rows stand apart by their cells' margins).
fn runs_on(above: &Span, line: &Span, pitch: f32) -> bool {
    above.middle() - line.middle() <= 1.15 * pitch
}

/// Each column's cells top to bottom: runs of lines that follow each other.
fn cells_by_column(xs: &[f32], body: &[&Word], pitch: f32) -> Vec<Vec<Span>> {
    let mut out = vec![];
    for c in 0..xs.len() - 1 {
        let mut cells: Vec<(Span, Span)> = vec![];
        for s in column_lines(xs, c, body) {
            match cells.last_mut() {
                Some((cell, last)) if runs_on(last, &s, pitch) => {
                    cell.x0 = cell.x0.min(s.x0);
                    cell.x1 = cell.x1.max(s.x1);
                    cell.y0 = s.y0;
                    *last = s;
                }
                _ => cells.push((s, s)),
            }
        }
        out.push(cells.into_iter().map(|(c, _)| c).collect());
    }
    out
}

/// The column whose cells make the rows: KEGIATAN (a RAK's actions), else INDIKATOR, else the
/// one with the most cells.
fn key_column(xs: &[f32], line: &[Word], cells: &[Vec<Span>]) -> usize {
    for name in ["KEGIATAN", "INDIKATOR"] {
        let titled = line
            .iter()
            .filter(|w| title_word(&w.text) == Some(name))
            .find_map(|w| (0..xs.len() - 1).find(|&c| w.cx() > xs[c] && w.cx() < xs[c + 1]));
        if let Some(c) = titled
            && !cells[c].is_empty()
        {
            return c;
        }
    }
    (0..cells.len()).max_by_key(|&c| cells[c].len()).unwrap_or(0)
}

/// Whether cells are centred in their rows. Aligned at their tops, every line beside a line of
/// the key column stands level with one of its lines; centred, a cell of two lines beside one of
/// one (or of three) stands half a line off. So: centred when some lines beside the key's stand
/// half a line off theirs (at least 2, and one in twenty of those level).
fn centred(xs: &[f32], body: &[&Word], key: usize, pitch: f32) -> bool {
    if pitch <= 0.0 {
        return false;
    }
    let keys = column_lines(xs, key, body);
    let (mut level, mut half) = (0, 0);
    for c in (0..xs.len() - 1).filter(|c| *c != key) {
        for line in column_lines(xs, c, body) {
            let off = keys
                .iter()
                .filter(|k| line.y1 > k.y0 && line.y0 < k.y1)
                .map(|k| (k.middle() - line.middle()).abs() / pitch)
                .fold(f32::MAX, f32::min);
            level += usize::from(off < 0.2);
            half += usize::from((0.35..=0.65).contains(&off));
        }
    }
    half >= 2 && half * 20 >= level
}

/// The running numbers of the first column (`1`, `2.`), when it holds nothing else.
fn numbers(xs: &[f32], body: &[&Word]) -> Vec<Span> {
    let first: Vec<&Word> = body
        .iter()
        .copied()
        .filter(|w| w.cx() > xs[0] && w.cx() < xs[1])
        .collect();
    let number = |t: &str| {
        let t = t.trim_end_matches('.');
        !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())
    };
    if first.len() < 2 || !first.iter().all(|w| number(&w.text)) {
        return vec![];
    }
    first.iter().map(|w| Span::of(&[w])).collect()
}

/// The key column's cells: runs of its lines no more than half a line apart, split where the
/// running number they stand by changes (rows printed with no space between them): a line
/// belongs to the number whose middle is nearest its own (centred) or to the last number at or
/// above its top.
fn numbered_cells(lines: &[Span], numbers: &[Span], centred: bool, pitch: f32) -> Vec<Span> {
    let h = pitch;
    let number_of = |l: &Span| -> Option<usize> {
        if centred {
            (0..numbers.len()).min_by(|&a, &b| {
                (numbers[a].middle() - l.middle())
                    .abs()
                    .total_cmp(&(numbers[b].middle() - l.middle()).abs())
            })
        } else {
            numbers.iter().rposition(|n| n.y1 >= l.y1 - 0.3 * h)
        }
    };
    let mut cells: Vec<(Span, Span, Option<usize>)> = vec![];
    for l in lines {
        let n = number_of(l);
        match cells.last_mut() {
            Some((cell, last, m)) if runs_on(last, l, pitch) && *m == n => {
                cell.x0 = cell.x0.min(l.x0);
                cell.x1 = cell.x1.max(l.x1);
                cell.y0 = l.y0;
                *last = *l;
            }
            _ => cells.push((*l, *l, n)),
        }
    }
    cells.into_iter().map(|(c, _, _)| c).collect()
}

/// The y of each boundary between rows, top to bottom (the first below the header, the last the
/// table's bottom): between each two cells of the key column.
fn row_boundaries(keys: &[Span], centred: bool, top: f32, bottom: f32, body: &[&Word], h: f32) -> Vec<f32> {
    let crossing = |y: f32| body.iter().filter(|w| w.y0 < y && y < w.y1).count();
    let mut out = vec![top];
    for i in 0..keys.len().saturating_sub(1) {
        let (upper, lower) = (keys[i].y0, keys[i + 1].y1);
        if !centred {
            // Aligned at their tops, a row ends right above the next key cell's first line.
            out.push(lower + 0.2 * h);
            continue;
        }
        let guess = 2.0 * keys[i].middle() - out[i];
        // Snapped to a place between the two key cells that no word crosses, nearest the guess.
        let steps = (((upper - lower) * 2.0).ceil() as usize).clamp(1, 2000);
        let y = (0..=steps)
            .map(|s| lower + (upper - lower) * s as f32 / steps as f32)
            .min_by(|a, b| {
                (crossing(*a), (a - guess).abs())
                    .partial_cmp(&(crossing(*b), (b - guess).abs()))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .unwrap_or(guess);
        out.push(y);
    }
    // Centred, the last row ends as far below its key cell's middle as it began above it; what
    // stands further down (a speck OCR read, a stray line) is no part of the table.
    let last = match (keys.last(), out.last()) {
        (Some(k), Some(&from)) if centred => bottom.max(2.0 * k.middle() - from),
        _ => bottom,
    };
    out.push(last);
    out
}

/// The rows (first, last; row `k` lies between boundaries `k` and `k + 1`) each cell of a column
/// left of the key stands for, from the column's printed lines. Centred, a cell is the fewest
/// rows from its first whose lines sit in their middle, none crossing its last boundary; aligned
/// at the top, a cell starts at each row whose lines begin at its top and takes in the rows below
/// that do not (empty, or a line running on). A line across a boundary always joins its rows.
fn spans(lines: &[Span], rows: &[f32], centred: bool, h: f32) -> Vec<(usize, usize)> {
    let bands = rows.len().saturating_sub(1);
    let within = |a: usize, b: usize| -> Vec<&Span> {
        lines
            .iter()
            .filter(|l| l.middle() <= rows[a] && l.middle() > rows[b + 1])
            .collect()
    };
    let crosses = |k: usize| lines.iter().any(|l| l.y1 > rows[k] && l.y0 < rows[k]);
    let mut out = vec![];
    let mut a = 0;
    while a < bands {
        let end = if centred {
            (a..bands).find(|&b| {
                let inside = within(a, b);
                !inside.is_empty()
                    && !crosses(b + 1)
                    && (Span::of_spans(&inside).middle() - (rows[a] + rows[b + 1]) / 2.0).abs() <= 0.6 * h
            })
        } else {
            let starts = |k: usize| within(k, k).iter().any(|l| rows[k] - l.y1 <= 1.2 * h);
            (!within(a, a).is_empty()).then(|| (a + 1..bands).find(|&k| starts(k) && !crosses(k)).unwrap_or(bands) - 1)
        };
        match end {
            Some(b) => {
                out.push((a, b));
                a = b + 1;
            }
            None => a += 1,
        }
    }
    out
}

/// The rules of the grid: the table's outline, a vertical rule at every column boundary (but
/// through a header title that spans it, or over the period labels `sub`: the y above their row,
/// their left and right), and a horizontal one at every row boundary in each
/// column but where a merged cell of the columns left of the key runs over it.
#[allow(clippy::too_many_arguments)]
fn grid_rules(
    xs: &[f32],
    top: f32,
    sub: Option<(f32, f32, f32)>,
    below_header: f32,
    rows: &[f32],
    merged: &[Vec<(usize, usize)>],
    header: &[&Word],
) -> Vec<Rule> {
    let bottom = *rows.last().unwrap_or(&below_header);
    let (left, right) = (xs[0], xs[xs.len() - 1]);
    let mut out: Vec<Rule> = vec![];
    let mut add = |r: Option<Rule>| out.extend(r);
    add(Rule::new(left, top, right, top));
    for &x in xs {
        // Between the period labels' columns, from the labels down (a title spans them above);
        // elsewhere through the header only where no title crosses it.
        let within_periods = sub.is_some_and(|(_, from, to)| from < x && x < to);
        let crossed = header.iter().any(|w| w.x0 < x && x < w.x1);
        let from = match sub {
            Some((line, _, _)) if within_periods => line,
            _ if crossed => below_header,
            _ => top,
        };
        add(Rule::new(x, from, x, bottom));
    }
    if let Some((line, from, to)) = sub {
        for c in 0..xs.len() - 1 {
            let middle = (xs[c] + xs[c + 1]) / 2.0;
            if from < middle && middle < to {
                add(Rule::new(xs[c], line, xs[c + 1], line));
            }
        }
    }
    for (i, &y) in rows.iter().enumerate() {
        for c in 0..xs.len() - 1 {
            let inside = i > 0
                && i + 1 < rows.len()
                && merged
                    .get(c)
                    .is_some_and(|spans| spans.iter().any(|&(a, b)| a < i && b >= i));
            if !inside {
                add(Rule::new(xs[c], y, xs[c + 1], y));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of a line at `top` (points, y upwards, 9 high): each `(x, text)`, 6 points a letter.
    fn line(top: f32, words: &[(f32, &str)]) -> Vec<Word> {
        words
            .iter()
            .map(|(x, t)| Word {
                x0: *x,
                x1: x + 6.0 * t.chars().count() as f32,
                y0: top - 9.0,
                y1: top,
                text: (*t).into(),
            })
            .collect()
    }

    /// The page's lines as the reader takes them, cells joined by `|`.
    fn read(words: Vec<Word>) -> Vec<String> {
        let rules = rules(&words);
        super::super::page_lines(words, &rules)
            .into_iter()
            .map(|p| p.cells.join("|"))
            .collect()
    }

    /// As Word prints a table whose borders were taken off: cells at their rows' tops, rows
    /// 8 points apart like the lines within a cell (no space to tell them by), a running
    /// number by each row, a sasaran over two rows.
    #[test]
    fn a_table_without_rules_aligned_at_the_top_reads_by_its_numbers() {
        let mut words = line(
            700.0,
            &[
                (10.0, "NO"),
                (40.0, "SASARAN"),
                (200.0, "KEGIATAN"),
                (400.0, "PELAKSANA"),
            ],
        );
        words.extend(line(
            680.0,
            &[
                (10.0, "1"),
                (40.0, "Terwujudnya"),
                (200.0, "Penyusunan"),
                (270.0, "RKA"),
                (400.0, "Subbag"),
            ],
        ));
        words.extend(line(
            672.0,
            &[(40.0, "perencanaan"), (200.0, "tahunan"), (400.0, "Rendatin")],
        ));
        words.extend(line(
            664.0,
            &[(10.0, "2"), (200.0, "Rapat"), (240.0, "koordinasi"), (400.0, "Subbag")],
        ));
        words.extend(line(656.0, &[(400.0, "Rendatin")]));
        words.extend(line(
            640.0,
            &[
                (10.0, "3"),
                (40.0, "Terwujudnya"),
                (110.0, "data"),
                (200.0, "Coklit"),
                (400.0, "Subbag"),
            ],
        ));
        words.extend(line(
            600.0,
            &[(300.0, "Metro,"), (340.0, "11"), (356.0, "Januari"), (400.0, "2024")],
        ));
        assert_eq!(
            read(words),
            [
                "NO|SASARAN|KEGIATAN|PELAKSANA",
                "1|Terwujudnya perencanaan|Penyusunan RKA tahunan|Subbag Rendatin",
                "2||Rapat koordinasi|Subbag Rendatin",
                "3|Terwujudnya data|Coklit|Subbag",
                "Metro, 11 Januari 2024",
            ]
        );
    }

    /// Lines naming fewer than three plan columns, or a page of more words than a table prints,
    /// are read line by line as before.
    #[test]
    fn without_a_header_or_past_the_limits_no_grid_is_drawn() {
        let mut words = line(700.0, &[(10.0, "NO"), (40.0, "SASARAN"), (200.0, "Keterangan")]);
        words.extend(line(680.0, &[(10.0, "1"), (40.0, "Terwujudnya"), (200.0, "lengkap")]));
        assert!(rules(&words).is_empty());
        let mut many = line(
            700.0,
            &[
                (10.0, "NO"),
                (40.0, "SASARAN"),
                (200.0, "KEGIATAN"),
                (400.0, "PELAKSANA"),
            ],
        );
        for n in 0..MAX_WORDS {
            many.extend(line(690.0 - (n / 10) as f32 * 10.0, &[((n % 10) as f32 * 50.0, "x")]));
        }
        assert!(rules(&many).is_empty());
        let wide: Vec<(f32, &str)> = (0..200)
            .map(|n| (n as f32 * 30.0, if n % 3 == 0 { "SASARAN" } else { "KEGIATAN" }))
            .collect();
        let mut wide = line(700.0, &wide);
        wide.extend(line(680.0, &[(10.0, "1")]));
        assert!(rules(&wide).is_empty());
    }
}
