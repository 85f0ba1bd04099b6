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
use crate::doc::{Align, Cell, Content, Document, GAP, Table, Width};

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
    let tables: Vec<&Table> = doc.tables().filter(|t| !t.plain).collect();
    for t in &tables {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&t.name, &mut names)).map_err(err)?;
        write_table(sheet, doc, t).map_err(err)?;
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

/// Excel's rules: at most 31 characters, none of `[]:*?/\`, unique (case ignored).
fn sheet_name(name: &str, used: &mut HashSet<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let base: String = clean.trim().chars().take(31).collect();
    let base = if base.is_empty() { "Tabel".to_string() } else { base };
    let mut candidate = base.clone();
    let mut n = 2;
    while !used.insert(candidate.to_lowercase()) {
        let suffix = format!(" ({n})");
        candidate = format!("{}{suffix}", base.chars().take(31 - suffix.len()).collect::<String>());
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

fn write_table(sheet: &mut Worksheet, doc: &Document, t: &Table) -> Result<(), XlsxError> {
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
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_follow_excels_rules() {
        let mut used = HashSet::new();
        assert_eq!(
            sheet_name("Tabel 3. Capaian: Sub/Bagian [x]", &mut used),
            "Tabel 3. Capaian  Sub Bagian  x"
        );
        let long = "Perjanjian Kinerja Subbagian Perencanaan, Data dan Informasi";
        let first = sheet_name(long, &mut used);
        assert_eq!(first.chars().count(), 31);
        let second = sheet_name(long, &mut used);
        assert!(second.ends_with(" (2)") && second.chars().count() == 31, "{second}");
        assert_eq!(sheet_name("", &mut used), "Tabel");
    }
}
