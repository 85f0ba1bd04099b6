//! Spreadsheets (XLSX through calamine) and CSV: the same tables as the text of a PDF, one
//! source row per line. A merged cell holds its value in its first cell and leaves the others
//! empty, which is how the text reader already reads a continued objective or a schedule title.

use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};
use kinerja_domain::format;
use kinerja_domain::i18n::Text;

use crate::limits::{self, Budget, MAX_PART_BYTES, MAX_PARTS, MAX_SHEETS, MAX_UNPACKED_BYTES};
use crate::model::{Imported, Warning};
use crate::text::{Line, read_lines};

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("not an XLSX file: {0}")]
    NotXlsx(String),
    /// Over one of the [`limits`]: what, in both languages.
    #[error("{}", .0.en)]
    Refused(Text),
}

impl SheetError {
    /// What to tell the user, in both languages.
    pub fn text(&self, name: &str) -> Text {
        match self {
            SheetError::NotXlsx(e) => Text::new(
                format!("{name}: bukan berkas XLSX yang dapat dibaca ({e})"),
                format!("{name}: not an XLSX file that can be read ({e})"),
            ),
            SheetError::Refused(t) => Text::new(format!("{name}: {}", t.id), format!("{name}: {}", t.en)),
        }
    }
}

fn n(v: u64) -> String {
    format::number(v.into(), 0)
}

/// Unpacks every part of the package once, counting, before anything is kept: a package whose
/// parts unpack past [`MAX_PART_BYTES`] each or [`MAX_UNPACKED_BYTES`] together (a "zip bomb":
/// 1 GB from a few kilobytes) is refused without holding what it unpacks to.
pub(crate) fn check_package(bytes: &[u8], kind: &str) -> Result<(), SheetError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| SheetError::NotXlsx(e.to_string()))?;
    if zip.len() > MAX_PARTS {
        return Err(SheetError::Refused(Text::new(
            format!(
                "paket {kind} berisi {} bagian: paling banyak {}",
                n(zip.len() as u64),
                n(MAX_PARTS as u64)
            ),
            format!("the {kind} package holds {} parts: at most {MAX_PARTS}", zip.len()),
        )));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| SheetError::NotXlsx(e.to_string()))?;
        let name: String = part
            .name()
            .map(|n| kinerja_domain::input::clean_line(&n).chars().take(80).collect())
            .unwrap_or_default();
        // Read one byte past the limit: enough to know, never more.
        let unpacked = std::io::copy(&mut (&mut part).take(MAX_PART_BYTES + 1), &mut std::io::sink())
            .map_err(|e| SheetError::NotXlsx(format!("{name}: {e}")))?;
        if unpacked > MAX_PART_BYTES {
            return Err(SheetError::Refused(Text::new(
                format!(
                    "bagian {name:?} dari paket {kind} terurai lebih dari {} bita: paling besar {} (64 MB)",
                    n(MAX_PART_BYTES),
                    n(MAX_PART_BYTES)
                ),
                format!(
                    "the part {name:?} of the {kind} package unpacks to more than {MAX_PART_BYTES} bytes: at most that (64 MB)"
                ),
            )));
        }
        total += unpacked;
        if total > MAX_UNPACKED_BYTES {
            return Err(SheetError::Refused(Text::new(
                format!(
                    "paket {kind} terurai lebih dari {} bita: paling besar {} (256 MB)",
                    n(MAX_UNPACKED_BYTES),
                    n(MAX_UNPACKED_BYTES)
                ),
                format!("the {kind} package unpacks to more than {MAX_UNPACKED_BYTES} bytes: at most that (256 MB)"),
            )));
        }
    }
    Ok(())
}

/// Reads every sheet of an XLSX file. Warnings and documents name their sheet; `line` is the
/// row (1-based). Sheets are read cell by cell, keeping only the cells that hold something: a
/// sheet with one cell in A1 and one in XFD1048576 costs two cells, not the grid between them.
///
/// A panic inside the spreadsheet library (calamine overflows on a cell reference such as
/// `ZZZZZZ99999999999` when arithmetic is checked) is caught here and reported as a file that
/// cannot be read: a library's bug in reading one file must not stop the server.
pub fn read_xlsx(bytes: &[u8]) -> Result<Imported, SheetError> {
    std::panic::catch_unwind(|| read_xlsx_unguarded(bytes)).unwrap_or_else(|_| {
        Err(SheetError::NotXlsx(
            "the spreadsheet reader failed on this file (damaged or hostile)".into(),
        ))
    })
}

fn read_xlsx_unguarded(bytes: &[u8]) -> Result<Imported, SheetError> {
    if bytes.len() > limits::MAX_FILE_BYTES {
        return Err(SheetError::Refused(limits::file_too_large(bytes.len())));
    }
    check_package(bytes, "XLSX")?;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| SheetError::NotXlsx(e.to_string()))?;
    let names = book.sheet_names();
    let mut out = Imported::default();
    if names.len() > MAX_SHEETS {
        out.warnings.push(Warning {
            line: 1,
            sheet: None,
            page: None,
            message: Text::new(
                format!(
                    "buku kerja berisi {} lembar: hanya {MAX_SHEETS} lembar pertama yang dibaca",
                    names.len()
                ),
                format!(
                    "the workbook has {} sheets: only the first {MAX_SHEETS} are read",
                    names.len()
                ),
            ),
        });
    }
    let mut budget = Budget::default();
    for name in names.iter().take(MAX_SHEETS) {
        // The list of missing data Kinerja's own workbooks end with.
        if name.eq_ignore_ascii_case("belum diisi") {
            continue;
        }
        let (lines, mut warnings) = sheet_lines(&mut book, name, &mut budget)?;
        let mut read = read_lines(lines);
        read.warnings.append(&mut warnings);
        for d in &mut read.documents {
            d.sheet = Some(name.clone());
        }
        for w in &mut read.warnings {
            w.sheet = Some(name.clone());
        }
        // A sheet without a table is not a finding when another sheet has one.
        read.warnings.retain(|w| w.message.en != crate::text::NO_TABLE);
        out.documents.extend(read.documents);
        out.warnings.extend(read.warnings);
    }
    if out.documents.is_empty() {
        out.warnings.push(Warning {
            line: 1,
            sheet: None,
            page: None,
            message: Text::new(
                "tidak ada lembar dengan tabel yang judul kolomnya dikenali (NO | SASARAN | INDIKATOR KINERJA | TARGET …)",
                "no sheet has a table with a header this importer knows (NO | SASARAN | INDIKATOR KINERJA | TARGET …)",
            ),
        });
    }
    Ok(out)
}

/// The filled cells of a sheet as lines: rows in order, a run of empty rows as one empty line.
/// Cells beyond [`limits::MAX_COLUMNS`] are not read; a warning names the first of them.
fn sheet_lines(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    budget: &mut Budget,
) -> Result<(Vec<Line>, Vec<Warning>), SheetError> {
    let mut reader = book
        .worksheet_cells_reader(name)
        .map_err(|e| SheetError::NotXlsx(e.to_string()))?;
    // Number formats that show a percentage: built-in 9 and 10, and any with `%`.
    let percent_styles: HashSet<usize> = reader
        .styles()
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.number_format
                .as_ref()
                .is_some_and(|f| f.format_code.contains('%') || matches!(f.format_id, Some(9 | 10)))
        })
        .map(|(i, _)| i)
        .collect();
    let mut rows: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    let mut warnings = vec![];
    let mut beyond: Option<(u32, u32)> = None;
    let mut filled = 0usize;
    while let Some((cell, style)) = reader
        .next_cell_with_style_id()
        .map_err(|e| SheetError::NotXlsx(e.to_string()))?
    {
        let (row, col) = cell.get_position();
        let text = cell_text(cell.get_value(), percent_styles.contains(&style));
        if text.is_empty() {
            continue;
        }
        if col as usize >= limits::MAX_COLUMNS {
            beyond = beyond.or(Some((row, col)));
            continue;
        }
        filled += 1;
        if filled > limits::MAX_CELLS {
            return Err(SheetError::Refused(limits::too_many_cells()));
        }
        rows.entry(row).or_default().push((col, text));
    }
    if let Some((row, col)) = beyond {
        warnings.push(Warning {
            line: row as usize + 1,
            sheet: None,
            page: None,
            message: Text::new(
                format!(
                    "sel {}{} dan sel lain di luar kolom {} tidak dibaca (paling banyak {} kolom)",
                    limits::column_name(col as usize),
                    row + 1,
                    limits::column_name(limits::MAX_COLUMNS - 1),
                    limits::MAX_COLUMNS
                ),
                format!(
                    "cell {}{} and any other beyond column {} are not read (at most {} columns)",
                    limits::column_name(col as usize),
                    row + 1,
                    limits::column_name(limits::MAX_COLUMNS - 1),
                    limits::MAX_COLUMNS
                ),
            ),
        });
    }
    let mut lines = Vec::with_capacity(rows.len());
    let mut previous: Option<u32> = None;
    for (row, mut cells) in rows {
        if previous.is_some_and(|p| row > p + 1) {
            lines.push(line_of(row as usize, vec![]));
        }
        previous = Some(row);
        cells.sort_by_key(|(c, _)| *c);
        let width = cells.last().map(|(c, _)| *c as usize + 1).unwrap_or(0);
        budget
            .take(row as usize + 1, width, Some(name))
            .map_err(SheetError::Refused)?;
        let mut line = vec![String::new(); width];
        for (c, text) in cells {
            line[c as usize] = text;
        }
        lines.push(line_of(row as usize + 1, line));
    }
    Ok((lines, warnings))
}

/// Reads CSV (`,` or `;` between cells, `"` around cells that hold them), within the
/// [`limits`]: the row that passes one is refused before its cells are kept.
pub fn read_csv(text: &str) -> Result<Imported, Text> {
    let rows = csv_rows(text)?;
    Ok(read_lines(
        rows.into_iter().map(|(n, cells)| line_of(n, cells)).collect(),
    ))
}

/// The rows of a CSV text, each with the line it starts on (from 1), cells trimmed, within the
/// [`limits`] (a file, a row's columns, the rows' cells in all): the row that passes one is
/// refused, named, before its cells are kept.
pub fn csv_rows(text: &str) -> Result<Vec<(usize, Vec<String>)>, Text> {
    if text.len() > limits::MAX_FILE_BYTES {
        return Err(limits::file_too_large(text.len()));
    }
    let separator = {
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        if first.matches(';').count() > first.matches(',').count() {
            ';'
        } else {
            ','
        }
    };
    let mut budget = Budget::default();
    let mut lines = vec![];
    let mut row: Vec<String> = vec![];
    let mut cell = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            '"' => quoted = !quoted,
            c if c == separator && !quoted => {
                if row.len() + 1 >= limits::MAX_COLUMNS {
                    return Err(limits::too_many_columns(start, None));
                }
                row.push(std::mem::take(&mut cell).trim().to_string());
            }
            '\n' if !quoted => {
                row.push(std::mem::take(&mut cell).trim().to_string());
                budget.take(start, row.len(), None)?;
                lines.push((start, std::mem::take(&mut row)));
                line += 1;
                start = line;
            }
            '\r' if !quoted => {}
            '\n' => {
                line += 1;
                cell.push(' ');
            }
            c => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell.trim().to_string());
        budget.take(start, row.len(), None)?;
        lines.push((start, row));
    }
    Ok(lines)
}

/// A row with one filled cell is a line of text (a title, a signature); more is a table row.
fn line_of(line: usize, cells: Vec<String>) -> Line {
    let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
    match filled.len() {
        0 => Line {
            line,
            cells: vec![String::new()],
            tabular: false,
        },
        1 if cells.first().is_some_and(|c| !c.is_empty()) => Line {
            line,
            cells: vec![filled[0].clone()],
            tabular: false,
        },
        _ => Line {
            line,
            cells,
            tabular: true,
        },
    }
}

/// A cell as the text reader expects it: numbers in Indonesian style (`97,5`), percentages with
/// their sign (`100%`), as a PDF would print them.
fn cell_text(d: &DataRef<'_>, percent: bool) -> String {
    let number = |f: f64| {
        let s = format!("{}", (f * 1e9).round() / 1e9);
        s.replace('.', ",")
    };
    match d {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.trim().to_string(),
        DataRef::SharedString(s) => s.trim().to_string(),
        DataRef::Float(f) if percent => format!("{}%", number(f * 100.0)),
        DataRef::Float(f) => number(*f),
        DataRef::Int(i) if percent => format!("{}%", i.saturating_mul(100)),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => {
            if *b {
                "√".into()
            } else {
                String::new()
            }
        }
        DataRef::DateTime(dt) => dt.to_string(),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_document_prints_them() {
        assert_eq!(cell_text(&DataRef::Float(1.0), true), "100%");
        assert_eq!(cell_text(&DataRef::Float(0.975), true), "97,5%");
        assert_eq!(cell_text(&DataRef::Float(97.5), false), "97,5");
        assert_eq!(cell_text(&DataRef::Float(15534394000.0), false), "15534394000");
        assert_eq!(cell_text(&DataRef::String(" √ ".into()), false), "√");
    }

    #[test]
    fn csv_with_quotes_and_semicolons() {
        let csv = "NO;SASARAN;INDIKATOR KINERJA;TARGET;KEGIATAN;B1;B2\n1;\"Sasaran; dengan titik koma\";\"Indikator \"\"A\"\"\";100%;Kegiatan;√;\n";
        let r = read_csv(csv).unwrap();
        let d = &r.documents[0];
        assert_eq!(d.objectives[0].text, "Sasaran; dengan titik koma");
        assert_eq!(d.objectives[0].indicators[0].text, "Indikator \"A\"");
        assert_eq!(d.objectives[0].indicators[0].actions[0].periods, [1]);
        assert_eq!(d.objectives[0].indicators[0].actions[0].line, 2);
    }

    #[test]
    fn not_an_xlsx() {
        assert!(matches!(read_xlsx(b"PK\x03\x04 broken"), Err(SheetError::NotXlsx(_))));
        assert!(matches!(read_xlsx(b""), Err(SheetError::NotXlsx(_))));
    }
}
