//! PDF with a text layer: every word with its box and every ruling line the page draws, read
//! with pdf_oxide (chosen over pdf-extract, which gives no advance for the glyphs of the CID fonts
//! typst and some Word exports embed, so every character of a word lands at one point: see
//! ARCHITECTURE.md), then turned back into the lines of cells the text reader takes.
//!
//! A table is a set of ruling lines that touch. Its cells are the slots between the lines; where a
//! line is missing between two slots (a heading over twelve months, a NO cell over two header
//! rows, an objective over several actions) the slots are one merged cell, whose words go to its
//! top-left slot and leave the others empty, as a merged spreadsheet cell reads. The words of a
//! cell, over as many printed lines as it wraps, are joined by spaces. Words outside every table
//! (titles, signature blocks, page footers) are lines of their own, split into cells where a wide
//! gap separates them (blocks side by side). Pages follow each other; a header repeated after a
//! page break is joined by the reader.
//!
//! A line's number counts the lines so made from the top of the first page.

use kinerja_domain::i18n::Text;

use crate::limits::Budget;
use crate::model::Imported;
use crate::text::{Line, read_lines};

mod unruled;

/// The most pages read: a plan document has a few dozen.
pub const MAX_PAGES: usize = 300;

/// How far apart two coordinates may be and still be the same line (points).
const TOLERANCE: f32 = 2.0;

/// Whether the bytes are a PDF.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.len() > 5 && bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-")
}

/// A word and its box, in the page's coordinates (points; y grows upwards).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub x0: f32,
    pub x1: f32,
    pub y0: f32,
    pub y1: f32,
    pub text: String,
}

impl Word {
    fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
}

/// A horizontal or vertical ruling line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rule {
    pub(crate) fn new(ax: f32, ay: f32, bx: f32, by: f32) -> Option<Rule> {
        let r = Rule {
            x0: ax.min(bx),
            y0: ay.min(by),
            x1: ax.max(bx),
            y1: ay.max(by),
        };
        (r.is_horizontal() || r.is_vertical()).then_some(r)
    }
    fn is_horizontal(&self) -> bool {
        self.y1 - self.y0 < 1.0 && self.x1 - self.x0 > 1.0
    }
    fn is_vertical(&self) -> bool {
        self.x1 - self.x0 < 1.0 && self.y1 - self.y0 > 1.0
    }
    fn touches(&self, o: &Rule) -> bool {
        self.x0 <= o.x1 + TOLERANCE
            && o.x0 <= self.x1 + TOLERANCE
            && self.y0 <= o.y1 + TOLERANCE
            && o.y0 <= self.y1 + TOLERANCE
    }
}

/// Reads the tables of a PDF. The error says why it cannot be read at all, in both languages,
/// without the file's name (the caller adds it).
pub fn read_pdf(bytes: &[u8]) -> Result<Imported, Text> {
    lines(bytes).map(read_lines)
}

/// The lines of cells a PDF's pages make, as [`read_pdf`] reads them.
pub fn lines(bytes: &[u8]) -> Result<Vec<Line>, Text> {
    text_lines(bytes)?.map(|p| p.lines).ok_or_else(|| {
        Text::new(
            "PDF ini tidak berisi teks (hasil pindai?): unggah berkas Word atau XLSX-nya, atau teks hasil OCR",
            "this PDF holds no text (a scan?): upload its Word or XLSX file, or the text OCR made of it",
        )
    })
}

/// The lines of a PDF's text layer with the page of each; `None` when no page has a word (a
/// scan).
pub(crate) fn text_lines(bytes: &[u8]) -> Result<Option<Paged>, Text> {
    let pages = crate::pdf_guard::read(bytes, || pages(bytes))?;
    if pages.iter().all(|(words, _)| words.is_empty()) {
        return Ok(None);
    }
    lines_and_pages(pages, false).map(Some)
}

pub(crate) fn reader_failed() -> Text {
    Text::new(
        "pembaca PDF gagal pada berkas ini (rusak atau tidak biasa)",
        "the PDF reader failed on this file (damaged or unusual)",
    )
}

/// The lines of cells pages of words and ruling lines make (a PDF's text layer, or what OCR read
/// on a scan), top of the first page first.
pub(crate) fn lines_of(pages: Vec<Page>) -> Result<Vec<Line>, Text> {
    lines_and_pages(pages, false).map(|p| p.lines)
}

/// The lines of a document's pages, with what a preview draws of each page and the page of every
/// line (`page_of[line - 1]`, from 1).
pub(crate) struct Paged {
    pub lines: Vec<Line>,
    pub views: Vec<PageLines>,
    pub page_of: Vec<usize>,
}

/// [`lines_of`], with each page's lines and the boxes their cells were read from (when `keep`),
/// and the page (from 1) of every line.
pub(crate) fn lines_and_pages(pages: Vec<Page>, keep: bool) -> Result<Paged, Text> {
    let pages: Vec<Vec<Placed>> = pages
        .into_iter()
        .map(|(words, rules)| page_lines(words, &rules))
        .collect();
    let running = running_lines(&pages);
    let pages: Vec<Vec<Placed>> = pages.into_iter().map(without_page_number).collect();
    let mut lines = Vec::new();
    let mut views = Vec::with_capacity(pages.len());
    let mut page_of = Vec::new();
    let mut budget = Budget::default();
    for (n, placed) in pages.into_iter().enumerate() {
        let mut view = PageLines { lines: vec![] };
        // Running lines at the top of the first page stand once, as its title: the later pages'
        // copies and every running footer are dropped.
        let mut heading = n == 0;
        for p in placed {
            let repeated = p.free && running.contains(&skeleton(&p.cells));
            heading &= repeated;
            if repeated && !heading {
                continue;
            }
            let line = lines.len() + 1;
            budget.take(line, p.cells.len(), None)?;
            if keep {
                view.lines.push((line, p.cells.clone(), p.boxes));
            }
            lines.push(Line {
                line,
                cells: p.cells,
                tabular: p.tabular,
            });
            page_of.push(n + 1);
        }
        views.push(view);
    }
    Ok(Paged { lines, views, page_of })
}

/// A page's words and ruling lines, in points, y upwards.
pub(crate) type Page = (Vec<Word>, Vec<Rule>);

/// Every page's words, as the text layer places them.
pub fn words(bytes: &[u8]) -> Result<Vec<Vec<Word>>, Text> {
    let pages = crate::pdf_guard::read(bytes, || pages(bytes))?;
    Ok(pages.into_iter().map(|(words, _)| words).collect())
}

pub(crate) fn unreadable(e: String) -> Text {
    let e: String = e.chars().take(200).collect();
    Text::new(
        format!("bukan berkas PDF yang dapat dibaca ({e})"),
        format!("not a PDF file that can be read ({e})"),
    )
}

/// The document and its number of pages, refused past [`MAX_PAGES`].
pub(crate) fn open(bytes: &[u8]) -> Result<(pdf_oxide::PdfDocument, usize), Text> {
    let doc = pdf_oxide::PdfDocument::from_bytes(bytes.to_vec()).map_err(|e| unreadable(e.to_string()))?;
    let count = doc.page_count().map_err(|e| unreadable(e.to_string()))?;
    if count > MAX_PAGES {
        return Err(Text::new(
            format!("PDF ini {count} halaman: paling banyak {MAX_PAGES} yang dibaca; pisahkan dokumen rencananya"),
            format!("this PDF has {count} pages: at most {MAX_PAGES} are read; split out the plan document"),
        ));
    }
    Ok((doc, count))
}

/// Every page's words and rules.
fn pages(bytes: &[u8]) -> Result<Vec<Page>, Text> {
    let (doc, count) = open(bytes)?;
    let mut out = Vec::with_capacity(count);
    for p in 0..count {
        if let Ok(media) = doc.get_page_media_box(p) {
            page_box(p, media)?;
        }
        let words = doc
            .extract_words(p)
            .map_err(|e| unreadable(format!("page {}: {e}", p + 1)))?
            .into_iter()
            .filter(|w| !w.text.trim().is_empty())
            .map(|w| Word {
                x0: w.bbox.x,
                x1: w.bbox.x + w.bbox.width,
                y0: w.bbox.y,
                y1: w.bbox.y + w.bbox.height,
                text: w.text.trim().to_string(),
            })
            .collect();
        let paths = doc
            .extract_paths(p)
            .map_err(|e| unreadable(format!("page {}: {e}", p + 1)))?;
        let rules = paths.iter().flat_map(rules_of).collect();
        out.push((words, rules));
    }
    Ok(out)
}

/// The largest page side PDF allows (14.400 units, 200 inches).
const MAX_PAGE_SIDE: f32 = 14_400.0;

/// A page's MediaBox must be a page's: finite, within PDF's limits. The word reader makes a
/// column profile as wide as the page, so a mutated box (`[0 0 1e17 1e17]`) would ask for
/// petabytes and abort the process rather than fail.
fn page_box(page: usize, (x0, y0, x1, y1): (f32, f32, f32, f32)) -> Result<(), Text> {
    let ok = [x0, y0, x1, y1]
        .iter()
        .all(|v| v.is_finite() && v.abs() <= 10.0 * MAX_PAGE_SIDE)
        && (x1 - x0).abs() <= MAX_PAGE_SIDE
        && (y1 - y0).abs() <= MAX_PAGE_SIDE;
    if ok {
        Ok(())
    } else {
        Err(unreadable(format!(
            "page {}: its size (MediaBox [{x0} {y0} {x1} {y1}]) is beyond the {MAX_PAGE_SIDE} units a PDF page may have",
            page + 1
        )))
    }
}

/// The ruling lines a path draws: its straight horizontal and vertical pieces, and the edges of
/// its rectangles (a thin filled rectangle is a line too).
fn rules_of(path: &pdf_oxide::elements::PathContent) -> Vec<Rule> {
    use pdf_oxide::elements::PathOperation as Op;
    let stroked = path.stroke_color.is_some();
    let mut out = vec![];
    let mut at: Option<(f32, f32)> = None;
    let mut start: Option<(f32, f32)> = None;
    for op in &path.operations {
        match *op {
            Op::MoveTo(x, y) => (at, start) = (Some((x, y)), Some((x, y))),
            Op::LineTo(x, y) => {
                if let Some((ax, ay)) = at {
                    out.extend(Rule::new(ax, ay, x, y));
                }
                at = Some((x, y));
            }
            Op::Rectangle(x, y, w, h) => {
                let (x1, y1) = (x + w, y + h);
                if w.abs() < 2.0 || h.abs() < 2.0 {
                    out.extend(Rule::new(x, y + h / 2.0, x1, y + h / 2.0));
                    out.extend(Rule::new(x + w / 2.0, y, x + w / 2.0, y1));
                } else if stroked {
                    out.extend(
                        [
                            Rule::new(x, y, x1, y),
                            Rule::new(x, y1, x1, y1),
                            Rule::new(x, y, x, y1),
                            Rule::new(x1, y, x1, y1),
                        ]
                        .into_iter()
                        .flatten(),
                    );
                }
            }
            Op::ClosePath => {
                if let (Some((ax, ay)), Some((sx, sy))) = (at, start) {
                    out.extend(Rule::new(ax, ay, sx, sy));
                }
                at = start;
            }
            _ => at = None,
        }
    }
    if !stroked && path.fill_color.is_some() {
        // A filled shape is a line only where it is thin: a shaded cell is no border.
        out.retain(|r| r.x1 - r.x0 < 2.0 || r.y1 - r.y0 < 2.0);
    }
    out
}

/// A line of a page: a table row, or a line of text outside the tables (`free`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    /// The y of its top.
    pub y: f32,
    pub cells: Vec<String>,
    /// Each cell's box on the page (points, y upwards): where it was read.
    pub boxes: Vec<Area>,
    pub tabular: bool,
    pub free: bool,
}

/// A box on a page: left, bottom, right, top, in points with y upwards.
pub(crate) type Area = [f32; 4];

/// The lines of one page as they were read, with the box of every cell: what a preview draws
/// over the page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PageLines {
    pub lines: Vec<(usize, Vec<String>, Vec<Area>)>,
}

/// A page's lines: table rows and the lines of text around them, top to bottom.
pub(crate) fn page_lines(mut words: Vec<Word>, rules: &[Rule]) -> Vec<Placed> {
    let mut placed: Vec<Placed> = vec![];
    let mut found = tables(rules);
    // A table printed without rules, among the words outside the ruled ones.
    let outside: Vec<Word> = words
        .iter()
        .filter(|w| !found.iter().any(|t| t.holds(w)))
        .cloned()
        .collect();
    found.extend(tables(&unruled::rules(&outside)));
    for table in found {
        let (inside, rest): (Vec<Word>, Vec<Word>) = words.into_iter().partition(|w| table.holds(w));
        words = rest;
        placed.extend(table.rows(inside).into_iter().map(|(y, cells, boxes)| Placed {
            y,
            cells,
            boxes,
            tabular: true,
            free: false,
        }));
    }
    for (y, cells, boxes) in free_lines(words) {
        let tabular = cells.len() > 1;
        placed.push(Placed {
            y,
            cells,
            boxes,
            tabular,
            free: true,
        });
    }
    placed.sort_by(|a, b| b.y.total_cmp(&a.y));
    placed
}

/// A page without its numbered footer: the lowest line outside the tables, when it ends in a
/// cell of a number alone (`Rencana Aksi Kinerja 2024 KPU Kota Metro    1`).
fn without_page_number(mut page: Vec<Placed>) -> Vec<Placed> {
    let last = page.iter().rposition(|p| !p.cells.iter().all(String::is_empty));
    if let Some(i) = last {
        let p = &page[i];
        let numbered = p
            .cells
            .last()
            .is_some_and(|c| (1..=4).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit()));
        if p.free && numbered {
            page.remove(i);
        }
    }
    page
}

/// A line without its digits: a running footer (`Rencana Aksi 2024 — 1`) is the same on every
/// page but for its page number.
fn skeleton(cells: &[String]) -> String {
    cells
        .join(" ")
        .chars()
        .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
        .collect()
}

/// The running headers and footers of a document of several pages: lines outside the tables
/// that every page prints (but for their numbers) at the same height. They are no part of the
/// plan. The height matters: a PK's signature blocks close both its statement and its table, the
/// same words on two pages, but not at the same place.
fn running_lines(pages: &[Vec<Placed>]) -> std::collections::HashSet<String> {
    /// How far (points) a running line may move from page to page: a scan's pages are not cut
    /// alike.
    const SAME_PLACE: f32 = 18.0;
    let (Some(first), true) = (pages.first(), pages.len() >= 2) else {
        return Default::default();
    };
    let free = |page: &Vec<Placed>| -> Vec<(String, f32)> {
        page.iter()
            .filter(|p| p.free)
            .map(|p| (skeleton(&p.cells), p.y))
            .collect()
    };
    let rest: Vec<Vec<(String, f32)>> = pages[1..].iter().map(free).collect();
    free(first)
        .into_iter()
        .filter(|(s, y)| {
            !s.is_empty()
                && rest
                    .iter()
                    .all(|page| page.iter().any(|(t, z)| t == s && (z - y).abs() <= SAME_PLACE))
        })
        .map(|(s, _)| s)
        .collect()
}

/// A grid of ruling lines.
struct Table {
    /// Column boundaries, left to right.
    xs: Vec<f32>,
    /// Row boundaries, top to bottom.
    ys: Vec<f32>,
    rules: Vec<Rule>,
}

/// Values within [`TOLERANCE`] of each other as one, sorted.
fn clusters(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = vec![];
    for x in v {
        match out.last() {
            Some(l) if x - l <= TOLERANCE => {}
            _ => out.push(x),
        }
    }
    out
}

/// The tables of a page: the rules that touch one another, where they make at least two columns
/// and two rows.
fn tables(rules: &[Rule]) -> Vec<Table> {
    let mut group: Vec<usize> = (0..rules.len()).collect();
    fn root(g: &mut [usize], mut i: usize) -> usize {
        while g[i] != i {
            g[i] = g[g[i]];
            i = g[i];
        }
        i
    }
    for i in 0..rules.len() {
        for j in i + 1..rules.len() {
            if rules[i].touches(&rules[j]) {
                let (a, b) = (root(&mut group, i), root(&mut group, j));
                group[a] = b;
            }
        }
    }
    let mut by_root: std::collections::BTreeMap<usize, Vec<Rule>> = Default::default();
    for (i, rule) in rules.iter().enumerate() {
        let r = root(&mut group, i);
        by_root.entry(r).or_default().push(*rule);
    }
    by_root
        .into_values()
        .filter_map(|rules| {
            let xs = clusters(rules.iter().filter(|r| r.is_vertical()).map(|r| r.x0).collect());
            let mut ys = clusters(rules.iter().filter(|r| r.is_horizontal()).map(|r| r.y0).collect());
            ys.reverse();
            (xs.len() >= 3 && ys.len() >= 2).then_some(Table { xs, ys, rules })
        })
        .collect()
}

impl Table {
    fn holds(&self, w: &Word) -> bool {
        let (x, y) = (w.cx(), w.cy());
        let (Some(&left), Some(&right), Some(&top), Some(&bottom)) =
            (self.xs.first(), self.xs.last(), self.ys.first(), self.ys.last())
        else {
            return false;
        };
        x > left && x < right && y < top && y > bottom
    }

    /// Whether a vertical rule at boundary `i` crosses band `b` (between `ys[b]` and `ys[b+1]`).
    fn wall_right(&self, i: usize, b: usize) -> bool {
        let (x, mid) = (self.xs[i], (self.ys[b] + self.ys[b + 1]) / 2.0);
        self.rules
            .iter()
            .any(|r| r.is_vertical() && (r.x0 - x).abs() <= TOLERANCE && r.y0 <= mid && mid <= r.y1)
    }

    /// Whether a horizontal rule at boundary `j` crosses column `c`.
    fn wall_below(&self, j: usize, c: usize) -> bool {
        let (y, mid) = (self.ys[j], (self.xs[c] + self.xs[c + 1]) / 2.0);
        self.rules
            .iter()
            .any(|r| r.is_horizontal() && (r.y0 - y).abs() <= TOLERANCE && r.x0 <= mid && mid <= r.x1)
    }

    /// The rows of the table with each cell's words, a merged cell's in its top-left slot; each
    /// with the y of its top and the box of each cell (a merged cell's over all its slots; the
    /// slots it covers have none: an empty box).
    fn rows(&self, words: Vec<Word>) -> Vec<(f32, Vec<String>, Vec<Area>)> {
        let (bands, cols) = (self.ys.len() - 1, self.xs.len() - 1);
        // Each slot's cell: the top-left slot of the slots joined where no rule parts them.
        let mut anchor: Vec<(usize, usize)> = vec![(0, 0); bands * cols];
        for b in 0..bands {
            for c in 0..cols {
                anchor[b * cols + c] = if c > 0 && !self.wall_right(c, b) {
                    anchor[b * cols + c - 1]
                } else if b > 0 && !self.wall_below(b, c) {
                    anchor[(b - 1) * cols + c]
                } else {
                    (b, c)
                };
            }
        }
        let mut cells: Vec<Vec<Word>> = vec![vec![]; bands * cols];
        for w in words {
            let b = self.ys.windows(2).position(|p| w.cy() <= p[0] && w.cy() >= p[1]);
            let c = self.xs.windows(2).position(|p| w.cx() >= p[0] && w.cx() <= p[1]);
            if let (Some(b), Some(c)) = (b, c) {
                let (ab, ac) = anchor[b * cols + c];
                cells[ab * cols + ac].push(w);
            }
        }
        // Each anchor's box: over every slot that joined it.
        let mut areas: Vec<Area> = vec![[0.0; 4]; bands * cols];
        for b in 0..bands {
            for c in 0..cols {
                let (ab, ac) = anchor[b * cols + c];
                let slot = [self.xs[c], self.ys[b + 1], self.xs[c + 1], self.ys[b]];
                let a = &mut areas[ab * cols + ac];
                *a = if (ab, ac) == (b, c) {
                    slot
                } else {
                    [
                        a[0].min(slot[0]),
                        a[1].min(slot[1]),
                        a[2].max(slot[2]),
                        a[3].max(slot[3]),
                    ]
                };
            }
        }
        (0..bands)
            .map(|b| {
                let row = (0..cols)
                    .map(|c| {
                        let area = areas[b * cols + c];
                        text_of(std::mem::take(&mut cells[b * cols + c]), area[2] - area[0])
                    })
                    .collect();
                (self.ys[b], row, areas[b * cols..(b + 1) * cols].to_vec())
            })
            .collect()
    }
}

/// Words as the lines they are printed on, top to bottom: a word within half a line's height
/// of the line's first word is on it.
fn printed_lines(mut words: Vec<Word>) -> Vec<Vec<Word>> {
    words.sort_by(|a, b| b.cy().total_cmp(&a.cy()));
    let mut lines: Vec<Vec<Word>> = vec![];
    for w in words {
        match lines.last_mut() {
            Some(line) if (line[0].cy() - w.cy()).abs() <= (line[0].y1 - line[0].y0) * 0.5 => line.push(w),
            _ => lines.push(vec![w]),
        }
    }
    lines
}

/// The words of a cell `width` wide in reading order (printed lines top to bottom, words left to
/// right), joined by spaces.
fn text_of(words: Vec<Word>, width: f32) -> String {
    let lines = printed_lines(words);
    let mut out = String::new();
    let mut above: Option<Vec<Word>> = None;
    for mut line in lines {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let first = line.first().map(|w| cut_inside_word(above.as_deref(), w, width));
        for (i, w) in line.iter().enumerate() {
            // A line wrapped after a slash (`Bimtek/Penyuluhan/` `Diklat`) is one word; so is one
            // wrapped after the hyphen inside a word (`masing-` `masing`, `perundang-` `undangan`)
            // or inside a word too long for the cell (`penyelenggar` `a`).
            let joined = out.ends_with('/') || (i == 0 && (ends_in_word_hyphen(&out) || first == Some(true)));
            if !out.is_empty() && !joined {
                out.push(' ');
            }
            out.push_str(&w.text);
        }
        above = Some(line);
    }
    out
}

/// Whether the cell's line `above` is a word cut where the cell's width ran out, `next` its rest,
/// as a word processor cuts a word longer than a narrow column (`penyelenggar` / `a`), without a
/// hyphen: the line above is that one word, ending in a small letter, and with the rest's first
/// letter it would not fit the cell (whatever the cell's margins, at most 0,7 of a line's height
/// on each side); the rest is a small letter or two or three that no Indonesian word is alone.
/// A longer rest stays a word of its own: a line that ends where a whole word did not fit looks
/// the same (`Persentase` / `pegawai`).
fn cut_inside_word(above: Option<&[Word]>, next: &Word, width: f32) -> bool {
    const SHORT_WORDS: [&str; 16] = [
        "di", "ke", "ya", "se", "ia", "tu", "dan", "yg", "dgn", "dll", "dsb", "per", "ini", "itu", "ada", "pun",
    ];
    let [word] = above.unwrap_or(&[]) else {
        return false;
    };
    let rest: String = next.text.chars().take_while(|c| c.is_alphabetic()).collect();
    let letters = rest.chars().count();
    let glyph = (word.x1 - word.x0) / word.text.chars().count().max(1) as f32;
    let margins = 2.0 * 0.7 * (word.y1 - word.y0);
    word.text.chars().last().is_some_and(char::is_lowercase)
        && rest.chars().next().is_some_and(char::is_lowercase)
        && (1..=3).contains(&letters)
        && !SHORT_WORDS.contains(&rest.as_str())
        && word.x1 - word.x0 + glyph > width - margins
}

/// Whether a text ends with a hyphen right after a letter (`masing-`), as a word broken at its
/// hyphen does; a dash standing alone (`2023 -`) does not.
fn ends_in_word_hyphen(text: &str) -> bool {
    let mut end = text.chars().rev();
    end.next() == Some('-') && end.next().is_some_and(char::is_alphabetic)
}

/// Words outside tables as printed lines (top to bottom), each split into cells where a gap wider
/// than three times the line's height parts its words.
fn free_lines(words: Vec<Word>) -> Vec<(f32, Vec<String>, Vec<Area>)> {
    let lines = printed_lines(words);
    lines
        .into_iter()
        .map(|mut line| {
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let top = line.iter().map(|w| w.y1).fold(f32::MIN, f32::max);
            let height = line.iter().map(|w| w.y1 - w.y0).fold(0.0, f32::max);
            let mut cells: Vec<String> = vec![];
            let mut boxes: Vec<Area> = vec![];
            let mut last_x1: Option<f32> = None;
            for w in line {
                let area = [w.x0, w.y0, w.x1, w.y1];
                match (last_x1, cells.last_mut(), boxes.last_mut()) {
                    (Some(x1), Some(c), Some(b)) if w.x0 - x1 <= height * 3.0 => {
                        c.push(' ');
                        c.push_str(&w.text);
                        *b = [
                            b[0].min(area[0]),
                            b[1].min(area[1]),
                            b[2].max(area[2]),
                            b[3].max(area[3]),
                        ];
                    }
                    _ => {
                        cells.push(w.text.clone());
                        boxes.push(area);
                    }
                }
                last_x1 = Some(w.x1);
            }
            (top, cells, boxes)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words on printed lines of a cell: each line's words left to right, lines 12 points apart.
    fn cell(lines: &[&str]) -> Vec<Word> {
        let mut words = vec![];
        for (n, line) in lines.iter().enumerate() {
            let y0 = 700.0 - 12.0 * n as f32;
            for (i, w) in line.split(' ').enumerate() {
                let x0 = 100.0 + 40.0 * i as f32;
                words.push(Word {
                    x0,
                    x1: x0 + 35.0,
                    y0,
                    y1: y0 + 9.0,
                    text: w.to_string(),
                });
            }
        }
        words
    }

    #[test]
    fn a_cell_wrapped_after_a_words_hyphen_or_a_slash_joins_without_a_space() {
        assert_eq!(
            text_of(cell(&["peraturan perundang-", "undangan"]), 80.0),
            "peraturan perundang-undangan"
        );
        assert_eq!(
            text_of(cell(&["Bimtek/Penyuluhan/", "Diklat"]), 80.0),
            "Bimtek/Penyuluhan/Diklat"
        );
        // A dash standing alone, or one after a figure, is no broken word.
        assert_eq!(text_of(cell(&["Tahun 2023 -", "2024"]), 80.0), "Tahun 2023 - 2024");
        assert_eq!(
            text_of(cell(&["Rapat koordinasi", "perencanaan"]), 80.0),
            "Rapat koordinasi perencanaan"
        );
    }

    /// As LibreOffice lays out Kinerja's RAK from Word: `551 penyelenggara` in a TARGET column 55,4
    /// points wide, `penyelenggar` filling its line and `a` centred on the next.
    #[test]
    fn a_word_cut_where_a_narrow_cell_ran_out_is_made_whole() {
        let word = |x0: f32, x1: f32, y0: f32, text: &str| Word {
            x0,
            x1,
            y0,
            y1: y0 + 11.7,
            text: text.into(),
        };
        let cell = |rest: &str, first_x1: f32| {
            vec![
                word(367.0, 385.0, 620.0, "551"),
                word(352.6, first_x1, 609.6, "penyelenggar"),
                word(374.8, 374.8 + 4.0 * rest.len() as f32, 599.2, rest),
            ]
        };
        assert_eq!(text_of(cell("a", 400.95), 55.4), "551 penyelenggara");
        // A word of its own after the line, a short Indonesian word, or a first line that does not
        // fill the cell: a space.
        assert_eq!(text_of(cell("pemilu", 400.95), 55.4), "551 penyelenggar pemilu");
        assert_eq!(text_of(cell("di", 400.95), 55.4), "551 penyelenggar di");
        assert_eq!(text_of(cell("a", 380.0), 55.4), "551 penyelenggar a");
        // A capital, a figure: no rest of a word.
        assert_eq!(text_of(cell("A", 400.95), 55.4), "551 penyelenggar A");
        assert_eq!(text_of(cell("12", 400.95), 55.4), "551 penyelenggar 12");
    }

    /// A line of words at height `y` (points, upwards), from the left margin.
    fn line_at(y: f32, text: &str) -> Vec<Word> {
        text.split(' ')
            .enumerate()
            .map(|(i, w)| Word {
                x0: 60.0 + 30.0 * i as f32,
                x1: 86.0 + 30.0 * i as f32,
                y0: y,
                y1: y + 9.0,
                text: w.to_string(),
            })
            .collect()
    }

    #[test]
    fn a_running_title_stands_once_a_footer_never_and_signatures_at_other_heights_on_every_page() {
        let page = |title_y: f32, signature_y: f32, n: &str| -> Page {
            let mut words = line_at(title_y, "PERJANJIAN KINERJA TAHUN 2024");
            words.extend(line_at(signature_y, "JUMADI AHMAD, SH"));
            words.extend(line_at(30.0, &format!("Perjanjian Kinerja 2024 halaman {n}")));
            (words, vec![])
        };
        // The title moves 15 points (within a running line's play); the signatures 200.
        let paged = lines_and_pages(vec![page(789.0, 200.0, "1"), page(774.0, 400.0, "2")], false)
            .expect("two small pages are read");
        let texts: Vec<String> = paged.lines.iter().map(|l| l.cells.join(" ")).collect();
        assert_eq!(
            texts,
            ["PERJANJIAN KINERJA TAHUN 2024", "JUMADI AHMAD, SH", "JUMADI AHMAD, SH"],
            "{texts:?}"
        );
        assert_eq!(paged.page_of, [1, 1, 2]);
    }
}
