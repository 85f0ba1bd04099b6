//! The document model every official document is built in, once, and that the three writers
//! (typst → PDF, DOCX, XLSX) render: headings, paragraphs, tables with merged cells and typed
//! values, signature blocks, charts. Building a document never touches a format, and a writer
//! never knows which document it writes.
//!
//! Missing data are not skipped: a [`Content::Gap`] prints "belum diisi" where the value would be,
//! and the document lists every gap at its end ([`Document::gaps`]).

use kinerja_domain::Decimal;
use kinerja_domain::date::Date;
use kinerja_domain::format;
use kinerja_domain::value::{Measure, Value};

/// What every gap prints.
pub const GAP: &str = "belum diisi";
/// The mark over a narrative drafted from the data and not yet accepted.
pub const DRAFT: &str = "Draf dari data, belum disetujui";

/// A document, ready for any writer.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The document's title (PDF metadata, DOCX title, first sheet's title line).
    pub title: String,
    pub landscape: bool,
    pub blocks: Vec<Block>,
    /// Everything that was missing, named (what and where), in the order met.
    pub gaps: Vec<String>,
    /// The line printed at the foot of every page beside the page number.
    pub footer: String,
    /// The date the document carries (its signing date, or the date asked for): the PDF's and
    /// the workbook's creation date. `None` when the date line is left for hand filling.
    pub date: Option<Date>,
    /// A frozen document's verification code and the address it is checked at, printed with a
    /// QR code at the foot of every page of the PDF.
    pub verification: Option<Verification>,
}

/// How a frozen document is verified: its code and the public page of that code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub code: String,
    /// `https://kinerja.kpu.go.id/verifikasi/K7QD-M2XA-9FHC`.
    pub url: String,
}

#[derive(Debug, Clone)]
pub enum Block {
    /// Centred bold lines (a document's title).
    Title(Vec<String>),
    /// A heading; `toc` ones are listed in the table of contents.
    Heading {
        level: u8,
        text: String,
        toc: bool,
    },
    Paragraph(String),
    /// Text users wrote in the web app (paragraphs separated by blank lines), or a gap. A
    /// `draft` was written by Kinerja from the data and not yet accepted by the office: it is
    /// printed under a mark saying so, and listed with the gaps.
    Narrative {
        text: Option<String>,
        what: String,
        draft: bool,
    },
    /// A numbered list.
    List(Vec<String>),
    Table(Table),
    /// Signature blocks side by side.
    Signatures(Vec<Signatory>),
    /// The table of contents (the PDF fills it; DOCX gets a field Word updates).
    Contents,
    /// A chart: SVG for the PDF, its figures as a table for DOCX and XLSX.
    Chart {
        svg: String,
        data: Table,
    },
    /// The cover: title lines, the office and its address, the year, large and centred.
    Cover {
        lines: Vec<String>,
        office: String,
        address: Option<String>,
        year: kinerja_domain::model::Year,
    },
    PageBreak,
    Space,
    /// From here on, pages are numbered this way, starting again at 1 (i, ii, … for the front
    /// matter of an LKj; 1, 2, … from BAB I).
    Numbering(Numbering),
}

/// How pages are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    Roman,
    Arabic,
}

/// A person signing, as the documents print it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signatory {
    /// Above the block: "Pihak Pertama", or "Metro, 11 Januari 2024".
    pub heading: Vec<String>,
    /// The position, with "Plt." or "Plh." when acting.
    pub position: String,
    /// `None`: a gap.
    pub name: Option<String>,
    pub nip: Option<String>,
}

/// A table: a full grid, so every writer sees every position. A cell spanning several rows or
/// columns is at its top-left position; the positions it covers hold [`Content::Covered`].
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The caption above the table.
    pub name: String,
    /// The XLSX sheet's name (at most 31 characters, readable); empty: made from `name`.
    pub sheet: String,
    /// Without rules (the name and position lines of a PK statement).
    pub plain: bool,
    pub columns: Vec<Column>,
    /// Header rows: bold, repeated on every page, frozen in XLSX.
    pub header: Vec<Vec<Cell>>,
    pub rows: Vec<Vec<Cell>>,
    /// Numbered notes printed under the table, which cells refer to ([`Cell::note`]): why a
    /// figure could not be computed, where a cascaded figure comes from. Never in figure cells.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Relative width (1.0 = one share of what is left after fixed columns), or fixed in cm.
    pub width: Width,
    pub align: Align,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Width {
    Share(f32),
    Cm(f32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Centre,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub content: Content,
    pub rowspan: u16,
    pub colspan: u16,
    pub bold: bool,
    pub align: Option<Align>,
    /// The number of the table's note this cell refers to (1-based), shown as a superscript.
    pub note: Option<u16>,
}

/// What a cell holds. Typed, so XLSX gets numbers and the PDF gets Indonesian formatting.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Text(String),
    /// A plain number (at most `dp` decimals shown).
    Number(Decimal, u32),
    /// A percentage, as 95 for 95%.
    Percent(Decimal),
    /// Rupiah.
    Money(Decimal),
    /// A schedule mark.
    Check,
    /// Missing data: prints "belum diisi".
    Gap,
    Empty,
    /// Part of a merged cell.
    Covered,
}

impl Content {
    /// As printed in the PDF and DOCX.
    pub fn display(&self) -> String {
        match self {
            Content::Text(t) => t.clone(),
            Content::Number(n, dp) => format::number(*n, *dp),
            Content::Percent(p) => format::percent(*p),
            Content::Money(m) => format::rupiah(*m),
            Content::Check => "√".into(),
            Content::Gap => GAP.into(),
            Content::Empty | Content::Covered => String::new(),
        }
    }

    /// A value as a cell: a bare percentage or number stays a number, anything with words
    /// (`4 laporan`, `B`) stays as written.
    pub fn of_value(v: &Value) -> Content {
        match v.measure() {
            Measure::Percent(p) => Content::Percent(*p),
            Measure::Money(m) => Content::Money(*m),
            Measure::Score(n) => Content::Number(*n, 2),
            _ => Content::Text(v.raw().to_string()),
        }
    }
}

impl Cell {
    pub fn new(content: Content) -> Cell {
        Cell {
            content,
            rowspan: 1,
            colspan: 1,
            bold: false,
            align: None,
            note: None,
        }
    }
    pub fn text(t: impl Into<String>) -> Cell {
        Cell::new(Content::Text(t.into()))
    }
    pub fn covered() -> Cell {
        Cell::new(Content::Covered)
    }
    pub fn bold(mut self) -> Cell {
        self.bold = true;
        self
    }
    pub fn align(mut self, a: Align) -> Cell {
        self.align = Some(a);
        self
    }
    pub fn is_covered(&self) -> bool {
        self.content == Content::Covered
    }
    /// Refers the cell to note `n` of its table.
    pub fn noted(mut self, n: u16) -> Cell {
        self.note = Some(n);
        self
    }
}

impl Column {
    pub fn share(w: f32, align: Align) -> Column {
        Column {
            width: Width::Share(w),
            align,
        }
    }
    pub fn cm(w: f32, align: Align) -> Column {
        Column {
            width: Width::Cm(w),
            align,
        }
    }
}

impl Table {
    pub fn new(name: impl Into<String>, columns: Vec<Column>) -> Table {
        Table {
            name: name.into(),
            sheet: String::new(),
            plain: false,
            columns,
            header: vec![],
            rows: vec![],
            notes: vec![],
        }
    }

    /// The table with its XLSX sheet named `sheet`.
    pub fn sheet(mut self, sheet: impl Into<String>) -> Table {
        self.sheet = sheet.into();
        self
    }

    /// The number of note `text` (added when new; the same text is one note).
    pub fn note(&mut self, text: impl Into<String>) -> u16 {
        let text = text.into();
        let at = match self.notes.iter().position(|n| *n == text) {
            Some(i) => i,
            None => {
                self.notes.push(text);
                self.notes.len() - 1
            }
        };
        u16::try_from(at + 1).unwrap_or(u16::MAX)
    }

    /// The characters of the longest word in column `c`'s header (cells spanning one column):
    /// the writers never make the column narrower than that word, so it never breaks inside.
    pub fn longest_header_word(&self, c: usize) -> usize {
        self.header
            .iter()
            .filter_map(|row| row.get(c))
            .filter(|cell| !cell.is_covered() && cell.colspan <= 1)
            .flat_map(|cell| {
                cell.content
                    .display()
                    .split_whitespace()
                    .map(|w| w.chars().count())
                    .collect::<Vec<_>>()
            })
            .max()
            .unwrap_or(0)
    }

    /// One header row of plain bold centred titles.
    pub fn simple_header(mut self, titles: &[&str]) -> Table {
        self.header.push(
            titles
                .iter()
                .map(|t| Cell::text(*t).bold().align(Align::Centre))
                .collect(),
        );
        self
    }

    /// Puts `cell` at `(start, col)` spanning every row from `start` to the last one, and marks
    /// the positions below it covered: rows are pushed with a placeholder in `col`, then spanned.
    pub fn span_from(&mut self, start: usize, col: usize, mut cell: Cell) {
        let end = self.rows.len();
        if start >= end {
            return;
        }
        cell.rowspan = (end - start) as u16;
        self.rows[start][col] = cell;
        for row in &mut self.rows[start + 1..end] {
            row[col] = Cell::covered();
        }
    }

    /// A row as wide as the table, `cells` after `lead` empty placeholders (for [`Table::span_from`]).
    pub fn push_after(&mut self, lead: usize, cells: Vec<Cell>) {
        let mut row = vec![Cell::new(Content::Empty); lead];
        row.extend(cells);
        self.rows.push(row);
    }

    /// Checks the grid: every row as wide as the columns, every span inside the table, every
    /// covered position covered by exactly one span. A defect of the document builder otherwise.
    pub fn check(&self) -> Result<(), String> {
        let width = self.columns.len();
        for (part, rows) in [("header", &self.header), ("body", &self.rows)] {
            let mut covered = vec![vec![false; width]; rows.len()];
            for (r, row) in rows.iter().enumerate() {
                if row.len() != width {
                    return Err(format!(
                        "table {:?} {part} row {r} has {} cells for {width} columns",
                        self.name,
                        row.len()
                    ));
                }
                for (c, cell) in row.iter().enumerate() {
                    if cell.is_covered() {
                        if !covered[r][c] {
                            return Err(format!(
                                "table {:?} {part} cell {r},{c} is covered by nothing",
                                self.name
                            ));
                        }
                        continue;
                    }
                    let (rs, cs) = (usize::from(cell.rowspan.max(1)), usize::from(cell.colspan.max(1)));
                    if r + rs > rows.len() || c + cs > width {
                        return Err(format!(
                            "table {:?} {part} cell {r},{c} spans outside the table",
                            self.name
                        ));
                    }
                    for (dr, line) in covered.iter_mut().skip(r).take(rs).enumerate() {
                        for (dc, spot) in line.iter_mut().skip(c).take(cs).enumerate() {
                            if dr + dc > 0 {
                                *spot = true;
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

impl Document {
    pub fn new(title: impl Into<String>, landscape: bool) -> Document {
        Document {
            title: title.into(),
            landscape,
            ..Default::default()
        }
    }
    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }
    /// Records a gap (what is missing, where) and returns the cell that shows it.
    pub fn gap(&mut self, what: impl Into<String>) -> Cell {
        self.gaps.push(what.into());
        Cell::new(Content::Gap)
    }
    /// A value, or a gap named `what` when it is missing.
    pub fn value_or_gap(&mut self, v: Option<&Value>, what: impl FnOnce() -> String) -> Cell {
        match v {
            Some(v) => Cell::new(Content::of_value(v)),
            None => self.gap(what()),
        }
    }
    /// A narrative, recorded as a gap when empty.
    pub fn narrative(&mut self, text: Option<&str>, what: impl Into<String>) {
        let what = what.into();
        let text = text.map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
        if text.is_none() {
            self.gaps.push(format!("Narasi: {what}"));
        }
        self.push(Block::Narrative {
            text,
            what,
            draft: false,
        });
    }
    /// A narrative Kinerja drafted from the data, not yet accepted: printed as a marked draft.
    pub fn draft(&mut self, text: String, what: impl Into<String>) {
        let what = what.into();
        self.gaps.push(format!("{DRAFT}: {what}"));
        self.push(Block::Narrative {
            text: Some(text),
            what,
            draft: true,
        });
    }
    /// The tables, in order (XLSX writes these).
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Chart { data, .. } => Some(data),
            _ => None,
        })
    }
    /// Checks every table's grid.
    pub fn check(&self) -> Result<(), String> {
        self.tables().try_for_each(Table::check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_the_rows_below_and_the_grid_checks() {
        let mut t = Table::new("t", vec![Column::share(1.0, Align::Left); 3]);
        t.push_after(2, vec![Cell::text("a")]);
        t.push_after(2, vec![Cell::text("b")]);
        t.span_from(0, 0, Cell::text("1"));
        t.span_from(0, 1, Cell::text("Sasaran"));
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0][1].rowspan, 2);
        assert!(t.rows[1][0].is_covered() && t.rows[1][1].is_covered());
        assert_eq!(t.check(), Ok(()));
        t.rows[1][0] = Cell::text("x");
        t.rows[0][0].rowspan = 1;
        t.rows[1][1] = Cell::covered();
        t.rows[0][1].rowspan = 1;
        assert!(t.check().unwrap_err().contains("covered by nothing"));
    }

    #[test]
    fn values_keep_numbers_numeric_and_words_as_written() {
        let p = Value::parse("95%").unwrap();
        assert_eq!(Content::of_value(&p), Content::Percent(Decimal::from(95)));
        let q = Value::parse("4 laporan").unwrap();
        assert_eq!(Content::of_value(&q), Content::Text("4 laporan".into()));
        assert_eq!(Content::Money(Decimal::from(828_483_000)).display(), "Rp 828.483.000");
        assert_eq!(Content::Gap.display(), "belum diisi");
    }

    #[test]
    fn a_missing_value_is_a_named_gap() {
        let mut d = Document::new("x", false);
        let c = d.value_or_gap(None, || "Target: Indikator A".into());
        assert_eq!(c.content, Content::Gap);
        d.narrative(Some("  "), "Latar belakang");
        assert_eq!(d.gaps, vec!["Target: Indikator A", "Narasi: Latar belakang"]);
    }
}
