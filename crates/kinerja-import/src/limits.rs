//! How much an import reads, at most. A plan document is small (the Kubu Raya RAK: 160 lines of
//! 19 cells); these limits are a hundred times what any office has, and far below what would
//! stop a server that reads files for 553 offices. A file over a limit is refused before the
//! memory it would need is taken, with a message that names the limit.

use kinerja_domain::format;
use kinerja_domain::i18n::Text;

/// The largest file read (bytes).
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// The most a part of an XLSX package (a sheet, the shared strings, the styles) may unpack to.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// The most all parts of an XLSX package together may unpack to.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;
/// The most parts an XLSX package may have.
pub const MAX_PARTS: usize = 2_000;
/// The most sheets read from a workbook.
pub const MAX_SHEETS: usize = 64;
/// The most lines (rows) of a file: a RAK of 50.000 actions fits, and what its reading holds
/// stays under 200 MB.
pub const MAX_LINES: usize = 60_000;
/// The most cells of one line (a RAK has about 20 columns).
pub const MAX_COLUMNS: usize = 256;
/// The most cells of a file, filled or not (50.000 rows of 18 columns is 900.000).
pub const MAX_CELLS: usize = 1_200_000;
/// The longest cell kept whole (what an Excel cell holds); longer ones are cut, with a warning.
pub const MAX_CELL_CHARS: usize = 32_767;

fn n(v: usize) -> String {
    format::number(v.into(), 0)
}

/// `A`, `Z`, `AA`, … `XFD`: a 0-based column as a sheet names it.
pub fn column_name(col: usize) -> String {
    let mut out = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        out.push(b'A' + r as u8);
        c = (c - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The refusal of a file over [`MAX_FILE_BYTES`] (only so much of it was read to know).
pub(crate) fn file_too_large(_bytes: usize) -> Text {
    Text::new(
        format!("berkas terlalu besar: paling besar 16 MB ({} bita)", n(MAX_FILE_BYTES)),
        format!("the file is too large: at most 16 MB ({MAX_FILE_BYTES} bytes)"),
    )
}

pub(crate) fn too_many_lines() -> Text {
    Text::new(
        format!(
            "berkas memiliki lebih dari {} baris: paling banyak {}",
            n(MAX_LINES),
            n(MAX_LINES)
        ),
        format!("the file has more than {MAX_LINES} lines: at most {MAX_LINES}"),
    )
}

pub(crate) fn too_many_columns(line: usize, sheet: Option<&str>) -> Text {
    let (at_id, at_en) = match sheet {
        Some(s) => (
            format!("lembar {s:?} baris {}", n(line)),
            format!("sheet {s:?} row {line}"),
        ),
        None => (format!("baris {}", n(line)), format!("line {line}")),
    };
    Text::new(
        format!("{at_id} memiliki lebih dari {MAX_COLUMNS} kolom: paling banyak {MAX_COLUMNS}"),
        format!("{at_en} has more than {MAX_COLUMNS} columns: at most {MAX_COLUMNS}"),
    )
}

pub(crate) fn too_many_cells() -> Text {
    Text::new(
        format!(
            "berkas memiliki lebih dari {} sel: paling banyak {}",
            n(MAX_CELLS),
            n(MAX_CELLS)
        ),
        format!("the file has more than {MAX_CELLS} cells: at most {MAX_CELLS}"),
    )
}

/// Counts what a reader has taken so far and refuses the next line past a limit.
#[derive(Debug, Default)]
pub(crate) struct Budget {
    lines: usize,
    cells: usize,
}

impl Budget {
    pub(crate) fn take(&mut self, line: usize, cells: usize, sheet: Option<&str>) -> Result<(), Text> {
        if cells > MAX_COLUMNS {
            return Err(too_many_columns(line, sheet));
        }
        self.lines += 1;
        if self.lines > MAX_LINES {
            return Err(too_many_lines());
        }
        self.cells += cells;
        if self.cells > MAX_CELLS {
            return Err(too_many_cells());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_sheets_name_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(255), "IV");
        assert_eq!(column_name(16_383), "XFD");
    }

    #[test]
    fn the_budget_refuses_past_each_limit() {
        let mut b = Budget::default();
        assert!(b.take(1, MAX_COLUMNS, None).is_ok());
        let e = b.take(2, MAX_COLUMNS + 1, Some("RAK")).unwrap_err();
        assert_eq!(
            e.id,
            "lembar \"RAK\" baris 2 memiliki lebih dari 256 kolom: paling banyak 256"
        );
        let mut b = Budget::default();
        for i in 0..MAX_LINES {
            b.take(i + 1, 1, None).unwrap();
        }
        assert_eq!(b.take(MAX_LINES + 1, 1, None).unwrap_err().en, too_many_lines().en);
        let mut b = Budget::default();
        for i in 0..MAX_CELLS / 200 {
            b.take(i + 1, 200, None).unwrap();
        }
        assert_eq!(b.take(0, 1, None).unwrap_err().en, too_many_cells().en);
    }
}
