//! Spreadsheets (XLSX through calamine) and CSV: the same tables as the text of a PDF, one
//! source row per line. A merged cell holds its value in its first cell and leaves the others
//! empty, which is how the text reader already reads a continued objective or a schedule title.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};

use crate::model::{Imported, Warning};
use crate::text::{Line, read_lines};

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("not an XLSX file: {0}")]
    NotXlsx(String),
}

/// Reads every sheet of an XLSX file. Warnings and documents name their sheet; `line` is the
/// row (1-based).
pub fn read_xlsx(bytes: &[u8]) -> Result<Imported, SheetError> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| SheetError::NotXlsx(e.to_string()))?;
    let percent = percent_cells(bytes);
    let mut out = Imported::default();
    for (name, range) in book.worksheets() {
        // The list of missing data Kinerja's own workbooks end with.
        if name.eq_ignore_ascii_case("belum diisi") {
            continue;
        }
        let (top, left) = range.start().unwrap_or((0, 0));
        let percent_here = percent.get(&name);
        let mut lines = vec![];
        for (r, row) in range.rows().enumerate() {
            let row_no = top as usize + r;
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(c, d)| {
                    let at = (row_no as u32, left + c as u32);
                    cell_text(d, percent_here.is_some_and(|p| p.contains(&at)))
                })
                .collect();
            lines.push(line_of(row_no + 1, cells));
        }
        let mut read = read_lines(&lines);
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
                        message: kinerja_domain::i18n::Text::new(
                "tidak ada lembar dengan tabel yang judul kolomnya dikenali (NO | SASARAN | INDIKATOR KINERJA | TARGET …)",
                "no sheet has a table with a header this importer knows (NO | SASARAN | INDIKATOR KINERJA | TARGET …)",
            ),
        });
    }
    Ok(out)
}

/// Reads CSV (`,` or `;` between cells, `"` around cells that hold them).
pub fn read_csv(text: &str) -> Imported {
    let separator = {
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        if first.matches(';').count() > first.matches(',').count() {
            ';'
        } else {
            ','
        }
    };
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
            c if c == separator && !quoted => row.push(std::mem::take(&mut cell).trim().to_string()),
            '\n' if !quoted => {
                row.push(std::mem::take(&mut cell).trim().to_string());
                lines.push(line_of(start, std::mem::take(&mut row)));
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
        lines.push(line_of(start, row));
    }
    read_lines(&lines)
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
fn cell_text(d: &Data, percent: bool) -> String {
    let number = |f: f64| {
        let s = format!("{}", (f * 1e9).round() / 1e9);
        s.replace('.', ",")
    };
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if percent => format!("{}%", number(f * 100.0)),
        Data::Float(f) => number(*f),
        Data::Int(i) if percent => format!("{}%", i * 100),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => {
            if *b {
                "√".into()
            } else {
                String::new()
            }
        }
        Data::DateTime(dt) => dt.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// The cells of each sheet formatted as percentages (calamine gives their values, not their
/// formats): read from the package's XML, by sheet name.
fn percent_cells(bytes: &[u8]) -> HashMap<String, HashSet<(u32, u32)>> {
    let mut out = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let mut read = |name: &str| -> Option<String> {
        let mut s = String::new();
        zip.by_name(name).ok()?.read_to_string(&mut s).ok()?;
        Some(s)
    };
    let (Some(styles), Some(workbook), Some(rels)) = (
        read("xl/styles.xml"),
        read("xl/workbook.xml"),
        read("xl/_rels/workbook.xml.rels"),
    ) else {
        return out;
    };
    // Number formats that show a percentage: built-in 9 and 10, and custom ones with `%`.
    let mut percent_formats: HashSet<u32> = [9, 10].into();
    for tag in tags(&styles, "numFmt") {
        if let (Some(id), Some(code)) = (attr(tag, "numFmtId"), attr(tag, "formatCode"))
            && code.contains('%')
            && let Ok(id) = id.parse()
        {
            percent_formats.insert(id);
        }
    }
    let xfs = styles
        .find("<cellXfs")
        .and_then(|a| styles[a..].find("</cellXfs>").map(|b| &styles[a..a + b]))
        .unwrap_or("");
    let percent_styles: HashSet<usize> = tags(xfs, "xf")
        .enumerate()
        .filter(|(_, t)| {
            attr(t, "numFmtId")
                .and_then(|id| id.parse::<u32>().ok())
                .is_some_and(|id| percent_formats.contains(&id))
        })
        .map(|(i, _)| i)
        .collect();
    if percent_styles.is_empty() {
        return out;
    }
    let targets: HashMap<String, String> = tags(&rels, "Relationship")
        .filter_map(|t| Some((attr(t, "Id")?.to_string(), attr(t, "Target")?.to_string())))
        .collect();
    for sheet in tags(&workbook, "sheet") {
        let (Some(name), Some(id)) = (attr(sheet, "name"), attr(sheet, "r:id")) else {
            continue;
        };
        let Some(target) = targets.get(id) else { continue };
        let path = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = read(&path) else { continue };
        let mut cells = HashSet::new();
        for c in tags(&xml, "c") {
            let styled = attr(c, "s").and_then(|s| s.parse::<usize>().ok());
            if let (Some(s), Some(r)) = (styled, attr(c, "r"))
                && percent_styles.contains(&s)
                && let Some(at) = cell_ref(r)
            {
                cells.insert(at);
            }
        }
        out.insert(xml_unescape(name), cells);
    }
    out
}

/// The opening tags `<name …>` of an XML text (`<name>` and `<name/>` too), as text.
fn tags<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let open = format!("<{name}");
    xml.match_indices('<').filter_map(move |(i, _)| {
        if !xml[i..].starts_with(open.as_str()) {
            return None;
        }
        let rest = &xml[i + open.len()..];
        let next = rest.chars().next()?;
        if !(next == ' ' || next == '>' || next == '/') {
            return None;
        }
        let end = rest.find('>')?;
        Some(&xml[i..i + open.len() + end + 1])
    })
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

fn xml_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// `D5` → (row 4, column 3), 0-based.
fn cell_ref(r: &str) -> Option<(u32, u32)> {
    let letters: String = r.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let row: u32 = r[letters.len()..].parse().ok()?;
    let col = letters.chars().try_fold(0u32, |acc, c| {
        Some(acc * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1))
    })?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("D5"), Some((4, 3)));
        assert_eq!(cell_ref("AA10"), Some((9, 26)));
        assert_eq!(cell_ref("5"), None);
    }

    #[test]
    fn numbers_read_as_a_document_prints_them() {
        assert_eq!(cell_text(&Data::Float(1.0), true), "100%");
        assert_eq!(cell_text(&Data::Float(0.975), true), "97,5%");
        assert_eq!(cell_text(&Data::Float(97.5), false), "97,5");
        assert_eq!(cell_text(&Data::Float(15534394000.0), false), "15534394000");
        assert_eq!(cell_text(&Data::String(" √ ".into()), false), "√");
    }

    #[test]
    fn csv_with_quotes_and_semicolons() {
        let csv = "NO;SASARAN;INDIKATOR KINERJA;TARGET;KEGIATAN;B1;B2\n1;\"Sasaran; dengan titik koma\";\"Indikator \"\"A\"\"\";100%;Kegiatan;√;\n";
        let r = read_csv(csv);
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
