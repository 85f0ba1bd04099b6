//! The XLSX writer (rust_xlsxwriter): one sheet per table, the document's title above it, the
//! header frozen and repeated on printed pages, merged cells as in the PDF, and real numbers —
//! percentages as fractions with a `0.00%` format, rupiah with `"Rp "#,##0` — so the sheet can be
//! summed and charted. Text values (`4 laporan`, `B`) stay as written.

use std::collections::HashSet;

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use kinerja_domain::date::Date;

use crate::DocError;
use crate::doc::{Align, Block, Cell, Content, Document, GAP, Signatory, Table, Width};

fn err(e: XlsxError) -> DocError {
    DocError::Typeset(format!("XLSX: {e}"))
}

/// The document's tables as an XLSX workbook.
/// `date`: the document's date, the workbook's creation date; without one, 1 January 1980 (the
/// ZIP epoch: "no date"), so the same data still give the same bytes.
pub fn render(doc: &Document, date: Option<Date>) -> Result<Vec<u8>, DocError> {
    let mut book = Workbook::new();
    let created = match date {
        Some(d) => ExcelDateTime::from_ymd(
            u16::try_from(d.year()).map_err(|_| DocError::Typeset(format!("date {d}")))?,
            d.month(),
            d.day(),
        ),
        None => ExcelDateTime::from_ymd(1980, 1, 1),
    }
    .map_err(err)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(&doc.title)
            .set_creation_datetime(&created),
    );
    let mut names = HashSet::new();
    let tables = sheets(doc);
    for (t, signatures) in &tables {
        let sheet = book.add_worksheet();
        let name = if t.sheet.is_empty() { &t.name } else { &t.sheet };
        sheet.set_name(sheet_name(name, &mut names)).map_err(err)?;
        let end = write_table(sheet, doc, t).map_err(err)?;
        if let Some(s) = signatures {
            write_signatures(sheet, t, s, end + 2).map_err(err)?;
        }
    }
    if !doc.gaps.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name("Belum diisi", &mut names)).map_err(err)?;
        let bold = Format::new().set_bold();
        sheet
            .write_string_with_format(0, 0, "Data yang belum diisi", &bold)
            .map_err(err)?;
        sheet.set_column_width(1, 100).map_err(err)?;
        for (n, g) in doc.gaps.iter().enumerate() {
            let row = n as u32 + 2;
            sheet.write_number(row, 0, (n + 1) as f64).map_err(err)?;
            sheet.write_string(row, 1, g).map_err(err)?;
        }
    }
    if tables.is_empty() && doc.gaps.is_empty() {
        book.add_worksheet().write_string(0, 0, &doc.title).map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}

/// The sheets: every table (charts' figures too) with the signatures that follow it in the
/// document (after the tables between), so a printed sheet is signed as the document is.
fn sheets(doc: &Document) -> Vec<(&Table, Option<&[Signatory]>)> {
    let mut out: Vec<(&Table, Option<&[Signatory]>)> = vec![];
    for block in &doc.blocks {
        match block {
            Block::Table(t) if !t.plain => out.push((t, None)),
            Block::Chart { data, .. } => out.push((data, None)),
            Block::Signatures(s) => {
                if let Some(last) = out.last_mut() {
                    last.1 = Some(s.as_slice());
                }
            }
            _ => {}
        }
    }
    out
}

/// Excel's rules: at most 31 characters, none of `[]:*?/\`, unique (case ignored); a longer
/// name is cut at a word, not in one.
fn sheet_name(name: &str, used: &mut HashSet<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    let base: String = if clean.chars().count() <= 31 {
        clean
    } else {
        let mut cut = String::new();
        for word in clean.split(' ') {
            if cut.chars().count() + word.chars().count() + usize::from(!cut.is_empty()) > 31 {
                break;
            }
            if !cut.is_empty() {
                cut.push(' ');
            }
            cut.push_str(word);
        }
        if cut.is_empty() {
            clean.chars().take(31).collect()
        } else {
            cut
        }
    };
    let base = if base.is_empty() { "Tabel".to_string() } else { base };
    let mut candidate = base.clone();
    let mut n = 2;
    while !used.insert(candidate.to_lowercase()) {
        let suffix = format!(" ({n})");
        let room = 31 - suffix.chars().count();
        let stem: String = if base.chars().count() <= room {
            base.clone()
        } else {
            let cut: String = base.chars().take(room + 1).collect();
            match cut.rfind(' ') {
                Some(at) if at > 0 => cut[..at].to_string(),
                _ => base.chars().take(room).collect(),
            }
        };
        candidate = format!("{stem}{suffix}");
        n += 1;
    }
    candidate
}

struct Formats {
    text: Format,
    head: Format,
    number: Format,
    integer: Format,
    percent: Format,
    money: Format,
    gap: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            text: base.clone(),
            head: base.clone().set_bold().set_align(FormatAlign::Center),
            number: base.clone().set_num_format("#,##0.00"),
            integer: base.clone().set_num_format("#,##0"),
            percent: base.clone().set_num_format("0.00%"),
            money: base.clone().set_num_format("\"Rp \"#,##0"),
            gap: base.set_italic().set_font_color(Color::RGB(0xC0392B)),
        }
    }
}

fn aligned(f: &Format, a: Align) -> Format {
    match a {
        Align::Left => f.clone(),
        Align::Centre => f.clone().set_align(FormatAlign::Center),
        Align::Right => f.clone().set_align(FormatAlign::Right),
    }
}

/// Writes the table from row 3 (title and caption above); returns the last row written.
fn write_table(sheet: &mut Worksheet, doc: &Document, t: &Table) -> Result<u32, XlsxError> {
    let f = Formats::new();
    if doc.landscape || t.columns.len() > 8 {
        sheet.set_landscape();
    }
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    let title = Format::new().set_bold();
    sheet.write_string_with_format(0, 0, &doc.title, &title)?;
    sheet.write_string_with_format(1, 0, &t.name, &title)?;
    for (c, col) in t.columns.iter().enumerate() {
        sheet.set_column_width(c as u16, column_width(col))?;
    }
    let first = 3u32;
    let mut r = first;
    for row in &t.header {
        write_row(sheet, &f, t, row, r, true)?;
        r += 1;
    }
    if !t.header.is_empty() {
        sheet.set_freeze_panes(r, 0)?;
        sheet.set_repeat_rows(first, r - 1)?;
    }
    for row in &t.rows {
        write_row(sheet, &f, t, row, r, false)?;
        r += 1;
    }
    if !t.notes.is_empty() {
        r += 1;
        sheet.write_string_with_format(r, 0, "Catatan:", &title)?;
        for (n, note) in t.notes.iter().enumerate() {
            r += 1;
            sheet.write_number(r, 0, (n + 1) as f64)?;
            sheet.write_string(r, 1, note)?;
        }
    }
    Ok(r)
}

/// The signature blocks under a table, side by side across its columns, as the document prints
/// them: place and date, role, position, room to sign, the name (bold, underlined), NIP.
/// The columns each of `n` signature blocks spans under a table: the table's width (without a
/// narrow NO column) shared out by column widths, the last block reaching past the table when
/// its columns are too narrow for a position title.
fn signature_ranges(t: &Table, n: usize) -> Vec<(u16, u16)> {
    const ENOUGH: f64 = 28.0;
    const DEFAULT_COLUMN: f64 = 8.43;
    let widths: Vec<f64> = t.columns.iter().map(column_width).collect();
    let start = usize::from(widths.len() > 2 && widths[0] < 8.0);
    let total: f64 = widths[start..].iter().sum();
    let per = total / n.max(1) as f64;
    let mut ranges = vec![];
    let mut c = start;
    for k in 0..n {
        let c0 = c.min(widths.len().saturating_sub(1));
        let reserve = n - k - 1;
        let mut w = 0.0;
        if k + 1 == n {
            w = widths[c0..].iter().sum();
            c = widths.len();
        } else {
            while c < widths.len().saturating_sub(reserve) && (c == c0 || w < per) {
                w += widths[c];
                c += 1;
            }
        }
        let mut c1 = c.max(c0 + 1) - 1;
        if k + 1 == n && w < ENOUGH {
            c1 += ((ENOUGH - w) / DEFAULT_COLUMN).ceil() as usize;
        }
        let clamp = |x: usize| u16::try_from(x).unwrap_or(u16::MAX);
        ranges.push((clamp(c0), clamp(c1.max(c0))));
    }
    ranges
}

fn write_signatures(sheet: &mut Worksheet, t: &Table, blocks: &[Signatory], first: u32) -> Result<(), XlsxError> {
    let centre = Format::new().set_align(FormatAlign::Center).set_text_wrap();
    let name_format = centre
        .clone()
        .set_bold()
        .set_underline(rust_xlsxwriter::FormatUnderline::Single);
    // A single signature sits on the right: the second of two places.
    let ranges = signature_ranges(t, blocks.len().max(2));
    let skip = ranges.len() - blocks.len();
    for (s, &(c0, c1)) in blocks.iter().zip(&ranges[skip..]) {
        let mut lines: Vec<(String, &Format)> = vec![];
        for h in &s.heading {
            lines.push((h.clone(), &centre));
        }
        for p in s.position.split('\n') {
            lines.push((p.to_string(), &centre));
        }
        for _ in 0..3 {
            lines.push((String::new(), &centre));
        }
        lines.push((s.name.clone().unwrap_or_else(|| GAP.to_string()), &name_format));
        if let Some(nip) = &s.nip {
            lines.push((format!("NIP. {nip}"), &centre));
        }
        for (i, (text, format)) in lines.iter().enumerate() {
            let r = first + i as u32;
            if c1 > c0 {
                sheet.merge_range(r, c0, r, c1, text, format)?;
            } else {
                sheet.write_string_with_format(r, c0, text, format)?;
            }
        }
    }
    Ok(())
}

/// A column's width in characters of the default font.
fn column_width(col: &crate::doc::Column) -> f64 {
    match col.width {
        Width::Cm(cm) => f64::from(cm * 5.0).max(4.0),
        Width::Share(s) => 40.0 * f64::from(s),
    }
}

/// The height a row needs for its wrapped text: spreadsheet programs do not grow rows of a
/// written file by themselves, so text would hide behind the next row.
fn row_height(t: &Table, row: &[Cell]) -> f64 {
    let lines = row
        .iter()
        .enumerate()
        .filter(|(_, cell)| !cell.is_covered() && cell.rowspan <= 1)
        .map(|(c, cell)| {
            let span = usize::from(cell.colspan.max(1));
            let width: f64 = t.columns[c..(c + span).min(t.columns.len())]
                .iter()
                .map(column_width)
                .sum();
            let per_line = (width - 1.0).max(1.0);
            cell.content
                .display()
                .split('\n')
                .map(|l| ((l.chars().count() as f64 * 1.1) / per_line).ceil().max(1.0))
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    lines * 15.0
}

fn write_row(
    sheet: &mut Worksheet,
    f: &Formats,
    t: &Table,
    row: &[Cell],
    r: u32,
    header: bool,
) -> Result<(), XlsxError> {
    let height = row_height(t, row);
    if height > 15.0 {
        sheet.set_row_height(r, height)?;
    }
    for (c, cell) in row.iter().enumerate() {
        if cell.is_covered() {
            continue;
        }
        let col = c as u16;
        let align = cell.align.unwrap_or(t.columns[c].align);
        let base = if header || cell.bold { &f.head } else { &f.text };
        let (format, number, text): (Format, Option<f64>, String) = match &cell.content {
            Content::Number(n, dp) => (
                if *dp == 0 || n.fract().is_zero() {
                    f.integer.clone()
                } else {
                    f.number.clone()
                },
                n.to_string().parse().ok(),
                String::new(),
            ),
            Content::Percent(p) => (
                f.percent.clone(),
                (p / kinerja_domain::Decimal::from(100)).to_string().parse().ok(),
                String::new(),
            ),
            Content::Money(m) => (f.money.clone(), m.to_string().parse().ok(), String::new()),
            Content::Gap => (f.gap.clone(), None, GAP.to_string()),
            other => (aligned(base, align), None, other.display()),
        };
        let format = if cell.bold && !header {
            format.set_bold()
        } else {
            format
        };
        let (rs, cs) = (u32::from(cell.rowspan.max(1)), cell.colspan.max(1));
        if rs > 1 || cs > 1 {
            sheet.merge_range(r, col, r + rs - 1, col + cs - 1, "", &format)?;
        }
        match number {
            Some(n) => sheet.write_number_with_format(r, col, n, &format)?,
            None if text.is_empty() => sheet.write_blank(r, col, &format)?,
            None => sheet.write_string_with_format(r, col, &text, &format)?,
        };
        // A note stays a note: the figure stays a number, the note's text is Excel's note on
        // the cell (and listed under the table).
        if let Some(n) = cell.note {
            let text = t
                .notes
                .get(usize::from(n).saturating_sub(1))
                .cloned()
                .unwrap_or_default();
            sheet.insert_note(
                r,
                col,
                &rust_xlsxwriter::Note::new(format!("Catatan {n}: {text}")).set_width(300),
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_share_the_width_of_the_table_and_skip_the_no_column() {
        use crate::doc::{Align, Column};
        // NO (4), PROGRAM (40), ANGGARAN (15): Pihak Kedua over PROGRAM, Pihak Pertama over
        // ANGGARAN and two columns past it (15 + 2 × 8,43 ≥ 28).
        let t = Table::new(
            "Anggaran",
            vec![
                Column::cm(0.8, Align::Centre),
                Column::share(1.0, Align::Left),
                Column::cm(3.0, Align::Right),
            ],
        );
        assert_eq!(signature_ranges(&t, 2), vec![(1, 1), (2, 4)]);
        // Eight columns of a wide table: halves.
        let wide = Table::new("x", vec![Column::cm(4.0, Align::Left); 8]);
        assert_eq!(signature_ranges(&wide, 2), vec![(0, 3), (4, 7)]);
    }

    #[test]
    fn sheet_names_follow_excels_rules() {
        let mut used = HashSet::new();
        assert_eq!(
            sheet_name("Tabel 3. Capaian: Sub/Bagian [x]", &mut used),
            "Tabel 3. Capaian Sub Bagian x"
        );
        // Cut at a word, never inside one.
        let long = "Perjanjian Kinerja Subbagian Perencanaan, Data dan Informasi";
        assert_eq!(sheet_name(long, &mut used), "Perjanjian Kinerja Subbagian");
        assert_eq!(sheet_name(long, &mut used), "Perjanjian Kinerja (2)");
        assert_eq!(sheet_name("", &mut used), "Tabel");
        let word = "Penyelenggaraanpemiludalamprosesdemokrasi";
        assert_eq!(sheet_name(word, &mut used).chars().count(), 31);
    }
}
