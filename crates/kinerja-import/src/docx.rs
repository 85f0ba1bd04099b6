//! Word (DOCX): the body of `word/document.xml` read in order, as the text reader reads the text
//! of a PDF. A paragraph is a line of text (a title above a table, a signature block below it);
//! a table row is a line of cells. A cell spanning columns (`gridSpan`) is its text followed by
//! empty cells and a cell continuing a vertical merge (`vMerge`) is empty — the way a merged
//! spreadsheet cell reads, which is how the reader already takes a continued objective or a
//! schedule heading over twelve months. Paragraphs in one cell are joined by a space (but a row
//! of signature blocks side by side is a line per paragraph); a table inside a cell gives its
//! text to that cell.
//!
//! A line's number counts the lines so made from the top of the document: paragraphs, rows,
//! and the lines of signature blocks.
//!
//! OpenDocument text (ODT, as LibreOffice saves it) is read by the same walk from its
//! `content.xml`: `table:table-cell` for `w:tc`, a `table:covered-table-cell` (under or beside a
//! merged cell) an empty cell, `text:p`/`text:h` for `w:p`.

use std::io::{Cursor, Read};

use kinerja_domain::i18n::Text;
use quick_xml::events::{BytesStart, Event};

use crate::limits::{Budget, MAX_PART_BYTES};
use crate::model::Imported;
use crate::sheet::{SheetError, check_package};
use crate::text::{Line, read_lines};

/// The part of a DOCX package that holds its body.
const BODY: &str = "word/document.xml";
/// The part of an ODT package that holds its body.
const ODT_BODY: &str = "content.xml";

/// Which word processor's markup a body is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    #[default]
    Docx,
    Odt,
}

impl Dialect {
    fn body(self) -> &'static str {
        match self {
            Dialect::Docx => BODY,
            Dialect::Odt => ODT_BODY,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Dialect::Docx => "DOCX",
            Dialect::Odt => "ODT",
        }
    }
}

/// Which word processor wrote a zip package, if one did: a DOCX has a body part, an ODT a
/// `mimetype` part that says so. Read from the package the caller opened once.
pub fn dialect_of<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> Option<Dialect> {
    if zip.index_for_name(BODY).is_some() {
        return Some(Dialect::Docx);
    }
    let mut mimetype = String::new();
    let odt = zip
        .by_name("mimetype")
        .is_ok_and(|part| part.take(100).read_to_string(&mut mimetype).is_ok())
        && mimetype.trim() == "application/vnd.oasis.opendocument.text";
    odt.then_some(Dialect::Odt)
}

/// Reads the tables of a DOCX file, within the [`limits`](crate::limits). The error says why the
/// file cannot be read at all, in both languages, without the file's name (the caller adds it).
pub fn read_docx(bytes: &[u8]) -> Result<Imported, Text> {
    read_package(bytes, Dialect::Docx)
}

/// Reads the tables of a DOCX or (as [`read_docx`] reads a DOCX) an ODT file.
pub fn read_package(bytes: &[u8], dialect: Dialect) -> Result<Imported, Text> {
    package_lines(bytes, dialect).map(read_lines)
}

/// The lines of cells a Word or ODT document makes: what [`read_package`] reads into a plan.
pub fn package_lines(bytes: &[u8], dialect: Dialect) -> Result<Vec<Line>, Text> {
    let kind = dialect.name();
    let unreadable = |why: String| {
        Text::new(
            format!("bukan berkas {kind} yang dapat dibaca ({why})"),
            format!("not a {kind} file that can be read ({why})"),
        )
    };
    check_package(bytes, kind).map_err(|e| match e {
        SheetError::NotXlsx(why) => unreadable(why),
        SheetError::Refused(t) => t,
    })?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let mut body = String::new();
    let part = dialect.body();
    zip.by_name(part)
        .map_err(|_| unreadable(format!("no {part}")))?
        .take(MAX_PART_BYTES)
        .read_to_string(&mut body)
        .map_err(|e| unreadable(format!("{part}: {e}")))?;
    let lines = body_lines(&body, dialect).map_err(|e| match e {
        BodyError::Xml(at, why) => unreadable(format!("{part}, byte {at}: {why}")),
        BodyError::Refused(t) => t,
    })?;
    Ok(lines)
}

enum BodyError {
    Xml(u64, String),
    Refused(Text),
}

/// What the walk through the body is inside of.
#[derive(Default)]
struct Walk {
    lines: Vec<Line>,
    budget: Budget,
    /// Tables open: 1 inside a top-level table, more inside a table in a cell.
    tables: usize,
    /// The text of the paragraph being read.
    text: String,
    /// Inside a `w:t` run of text.
    in_text: bool,
    /// The paragraphs of the cell being read.
    cell: Vec<String>,
    /// The cells of the row being read, each as its paragraphs (one grid column each: a
    /// spanning cell is followed by empty ones).
    row: Vec<Vec<String>>,
    /// The cell being read: how many grid columns it spans, and whether it continues a
    /// vertical merge.
    span: usize,
    merged: bool,
    dialect: Dialect,
    /// ODT: how many times the cell being read stands in the row (`number-columns-repeated`).
    repeated: usize,
}

impl Walk {
    fn push(&mut self, cells: Vec<String>, tabular: bool) -> Result<(), BodyError> {
        let line = self.lines.len() + 1;
        self.budget.take(line, cells.len(), None).map_err(BodyError::Refused)?;
        let tabular = tabular && cells.iter().any(|c| !c.is_empty());
        let cells = if tabular { cells } else { vec![cells.join(" ")] };
        self.lines.push(Line { line, cells, tabular });
        Ok(())
    }

    /// A space between two pieces of a paragraph that the document sets apart (a tab, a line
    /// break).
    fn gap(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
    }

    fn start(&mut self, e: &BytesStart<'_>) -> Result<(), BodyError> {
        if self.dialect == Dialect::Odt {
            self.start_odt(e);
            return Ok(());
        }
        match e.local_name().as_ref() {
            "tbl" => self.tables += 1,
            "tr" if self.tables == 1 => self.row.clear(),
            "tc" if self.tables == 1 => {
                (self.cell, self.span, self.merged) = (vec![], 1, false);
                self.text.clear();
            }
            "gridSpan" if self.tables == 1 => {
                self.span = val(e).and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 64);
            }
            // `<w:vMerge/>` or `w:val="continue"` continues the cell above; "restart" begins one.
            "vMerge" if self.tables == 1 => self.merged = val(e).is_none_or(|v| v == "continue"),
            "gridBefore" if self.tables == 1 => {
                let n: usize = val(e).and_then(|v| v.parse().ok()).unwrap_or(0).min(64);
                self.row.extend(std::iter::repeat_n(vec![], n));
            }
            "t" => self.in_text = true,
            "tab" | "br" | "cr" => self.gap(),
            _ => {}
        }
        Ok(())
    }

    /// An ODT element opens: the same steps under OpenDocument's names.
    fn start_odt(&mut self, e: &BytesStart<'_>) {
        match e.local_name().as_ref() {
            "table" => self.tables += 1,
            "table-row" if self.tables == 1 => self.row.clear(),
            "table-cell" if self.tables == 1 => {
                // The columns a cell spans follow it as covered cells: no span to add.
                (self.cell, self.span, self.merged) = (vec![], 1, false);
                self.repeated = attribute(e, "number-columns-repeated")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                self.text.clear();
            }
            "covered-table-cell" if self.tables == 1 => {
                (self.cell, self.span, self.merged) = (vec![], 1, true);
                self.repeated = 1;
            }
            "p" | "h" => self.in_text = true,
            "s" => self.text.push(' '),
            "tab" | "line-break" => self.gap(),
            _ => {}
        }
    }

    /// An element closes, under its DOCX name.
    fn end_named(&mut self, name: &str) -> Result<(), BodyError> {
        if self.dialect == Dialect::Docx {
            return self.end(name);
        }
        match name {
            "p" | "h" => {
                self.in_text = false;
                self.end("p")
            }
            "table" => self.end("tbl"),
            "table-row" => self.end("tr"),
            "table-cell" | "covered-table-cell" if self.tables == 1 => {
                self.end("tc")?;
                let last = self.row.last().cloned().unwrap_or_default();
                for _ in 1..self.repeated {
                    self.row.push(last.clone());
                }
                self.repeated = 1;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn end(&mut self, name: &str) -> Result<(), BodyError> {
        match name {
            "t" => self.in_text = false,
            "tbl" => self.tables = self.tables.saturating_sub(1),
            "p" if self.tables > 0 => {
                let text = std::mem::take(&mut self.text);
                self.cell.push(text.trim().to_string());
            }
            "p" => {
                let text = std::mem::take(&mut self.text);
                self.push(vec![text.trim().to_string()], false)?;
            }
            "tc" if self.tables == 1 => {
                let mut cell = std::mem::take(&mut self.cell);
                if self.merged {
                    cell.clear();
                }
                self.row.push(cell);
                self.row.extend(std::iter::repeat_n(vec![], self.span - 1));
            }
            "tr" if self.tables == 1 => self.end_row()?,
            _ => {}
        }
        Ok(())
    }

    /// A row is one line, each cell's paragraphs joined by spaces (a cell's text wraps, or its
    /// author pressed Enter). A row of signature blocks side by side (a place and date, or
    /// `Pihak Pertama,`, in a cell) is a line per paragraph, as the blocks print.
    fn end_row(&mut self) -> Result<(), BodyError> {
        let row = std::mem::take(&mut self.row);
        let signatures = row
            .iter()
            .flatten()
            .any(|p| crate::text::is_signature_row(std::slice::from_ref(p)));
        if !signatures {
            let cells = row.iter().map(|c| joined(c)).collect();
            return self.push(cells, true);
        }
        let depth = row.iter().map(Vec::len).max().unwrap_or(0);
        for i in 0..depth {
            let cells = row.iter().map(|c| c.get(i).cloned().unwrap_or_default()).collect();
            self.push(cells, true)?;
        }
        Ok(())
    }

    fn text(&mut self, t: &str) {
        if self.in_text && self.text.len() < crate::limits::MAX_CELL_CHARS * 4 {
            self.text.push_str(t);
        }
    }
}

/// A cell's paragraphs as one text.
fn joined(paragraphs: &[String]) -> String {
    let parts: Vec<&str> = paragraphs.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
    parts.join(" ")
}

/// The `w:val` of an element.
fn val(e: &BytesStart<'_>) -> Option<String> {
    attribute(e, "val")
}

/// An attribute of an element, by its local name.
fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The body's paragraphs and table rows as lines.
fn body_lines(xml: &str, dialect: Dialect) -> Result<Vec<Line>, BodyError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut walk = Walk {
        dialect,
        ..Walk::default()
    };
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|e| BodyError::Xml(at, e.to_string()))?;
        match event {
            Event::Start(e) => walk.start(&e)?,
            Event::Empty(e) => {
                walk.start(&e)?;
                walk.end_named(e.local_name().as_ref())?;
            }
            Event::End(e) => walk.end_named(e.local_name().as_ref())?,
            Event::Text(t) => walk.text(&t.xml10_content()),
            Event::CData(t) => walk.text(&t),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_string),
                    Err(_) => None,
                };
                walk.text(&resolved.unwrap_or_default());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(walk.lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{inner}</w:body></w:document>"#
        )
    }
    fn p(t: &str) -> String {
        format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>")
    }
    fn tc(props: &str, paragraphs: &[&str]) -> String {
        let ps: String = paragraphs.iter().map(|t| p(t)).collect();
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{ps}</w:tc>")
    }
    fn cells(lines: &[Line]) -> Vec<(bool, Vec<&str>)> {
        lines
            .iter()
            .map(|l| (l.tabular, l.cells.iter().map(String::as_str).collect()))
            .collect()
    }

    /// A RAK header as Word writes it: NO and KEGIATAN merged down two rows, JADWAL over three
    /// months; a title above, a place and date below.
    #[test]
    fn merged_cells_read_as_a_merged_spreadsheet_cell_reads() {
        let header1 = format!(
            "<w:tr>{}{}{}</w:tr>",
            tc(r#"<w:vMerge w:val="restart"/>"#, &["NO"]),
            tc(r#"<w:vMerge w:val="restart"/>"#, &["KEGIATAN"]),
            tc(r#"<w:gridSpan w:val="3"/>"#, &["JADWAL"]),
        );
        let header2 = format!(
            "<w:tr>{}{}{}{}{}</w:tr>",
            tc("<w:vMerge/>", &[]),
            tc(r#"<w:vMerge w:val="continue"/>"#, &[]),
            tc("", &["1"]),
            tc("", &["2"]),
            tc("", &["3"]),
        );
        let row = format!(
            "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{}{}</w:tr>",
            tc("", &["Rapat", "pleno"]),
            tc(r#"<w:gridSpan w:val="3"/>"#, &["v"]),
        );
        let xml = body(&format!(
            "{}<w:tbl>{header1}{header2}{row}</w:tbl>{}",
            p("RENCANA AKSI TAHUN 2025"),
            p("Metro, 2 Januari 2025")
        ));
        let lines = body_lines(&xml, Dialect::Docx).ok().unwrap();
        assert_eq!(
            cells(&lines),
            vec![
                (false, vec!["RENCANA AKSI TAHUN 2025"]),
                (true, vec!["NO", "KEGIATAN", "JADWAL", "", ""]),
                (true, vec!["", "", "1", "2", "3"]),
                (true, vec!["", "Rapat pleno", "v", "", ""]),
                (false, vec!["Metro, 2 Januari 2025"]),
            ]
        );
        assert_eq!(lines.iter().map(|l| l.line).collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
    }

    #[test]
    fn text_is_what_the_reader_sees() {
        // Entities, a tab and a break as spaces, deleted text and field codes left out, a table
        // inside a cell giving its text to the cell.
        let inner_table = format!("<w:tbl><w:tr>{}{}</w:tr></w:tbl>", tc("", &["a"]), tc("", &["b"]));
        let xml = body(&format!(
            "<w:p><w:r><w:t>Sub Bagian &amp; Hukum&#32;</w:t><w:tab/><w:t>2025</w:t><w:br/><w:t>x</w:t></w:r>\
             <w:del><w:r><w:delText>dihapus</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>\
             <w:tbl><w:tr><w:tc>{inner_table}</w:tc>{}</w:tr></w:tbl>",
            tc("", &["c"])
        ));
        let lines = body_lines(&xml, Dialect::Docx).ok().unwrap();
        assert_eq!(
            cells(&lines),
            vec![(false, vec!["Sub Bagian & Hukum 2025 x"]), (true, vec!["a b", "c"])]
        );
    }

    /// Signature blocks side by side in a borderless table: a line per paragraph, as they print.
    #[test]
    fn a_row_of_signature_blocks_is_a_line_per_paragraph() {
        let row = format!(
            "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
            tc("", &["Pihak Kedua,", "Sekretaris", "", "JUMADI AHMAD, SH"]),
            tc(
                "",
                &[
                    "Metro, 11 Januari 2024",
                    "Pihak Pertama,",
                    "Kasubbag",
                    "",
                    "BAMBANG, S.Sos."
                ]
            ),
        );
        let lines = body_lines(&body(&row), Dialect::Docx).ok().unwrap();
        assert_eq!(
            cells(&lines),
            vec![
                (true, vec!["Pihak Kedua,", "Metro, 11 Januari 2024"]),
                (true, vec!["Sekretaris", "Pihak Pertama,"]),
                (true, vec!["", "Kasubbag"]),
                (true, vec!["JUMADI AHMAD, SH", ""]),
                (true, vec!["", "BAMBANG, S.Sos."]),
            ]
        );
    }

    #[test]
    fn broken_and_hostile_bodies_are_refused_saying_where() {
        let Err(BodyError::Xml(at, why)) = body_lines(&body("<w:p><w:t>a</w:p>"), Dialect::Docx) else {
            panic!("a mismatched end is an error");
        };
        assert!(at > 0 && why.contains("w:t"), "{at}: {why}");
        // More rows than any plan has: refused by the budget, not read on.
        let rows: String = (0..crate::limits::MAX_LINES + 1).map(|_| p("x")).collect();
        assert!(matches!(
            body_lines(&body(&rows), Dialect::Docx),
            Err(BodyError::Refused(_))
        ));
        // A span of a billion columns is a span of 64.
        let wide = format!(
            "<w:tbl><w:tr>{}</w:tr></w:tbl>",
            tc(r#"<w:gridSpan w:val="1000000000"/>"#, &["x"])
        );
        assert_eq!(body_lines(&body(&wide), Dialect::Docx).ok().unwrap()[0].cells.len(), 64);
    }

    #[test]
    fn a_package_without_a_body_or_not_a_package_is_named() {
        let e = read_docx(b"PK\x03\x04not a zip").unwrap_err();
        assert!(e.id.starts_with("bukan berkas DOCX yang dapat dibaca"), "{}", e.id);
    }

    /// A RAK header as LibreOffice writes it: NO merged down two rows (a covered cell below),
    /// JADWAL over three months (covered cells beside it), empty cells repeated, a spaced word.
    #[test]
    fn an_odt_table_reads_as_the_docx_one() {
        let cell = |attrs: &str, t: &str| format!("<table:table-cell {attrs}><text:p>{t}</text:p></table:table-cell>");
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:h>RENCANA AKSI<text:s/>TAHUN 2025</text:h><table:table><table:table-header-rows><table:table-row>{}{}<table:covered-table-cell/><table:covered-table-cell/></table:table-row></table:table-header-rows><table:table-row><table:covered-table-cell/>{}</table:table-row><table:table-row>{}{}{}</table:table-row></table:table><text:p>Metro, 2<text:tab/>Januari 2025</text:p></office:text></office:body></office:document-content>"#,
            cell(r#"table:number-rows-spanned="2""#, "NO"),
            cell(r#"table:number-columns-spanned="3""#, "JADWAL"),
            cell(r#"table:number-columns-repeated="3""#, "B"),
            "<table:table-cell><text:p>Rapat</text:p><text:p><text:span>pleno</text:span></text:p></table:table-cell>",
            cell("", "v"),
            r#"<table:table-cell table:number-columns-repeated="2"/>"#,
        );
        let lines = body_lines(&xml, Dialect::Odt).ok().unwrap();
        assert_eq!(
            cells(&lines),
            vec![
                (false, vec!["RENCANA AKSI TAHUN 2025"]),
                (true, vec!["NO", "JADWAL", "", ""]),
                (true, vec!["", "B", "B", "B"]),
                (true, vec!["Rapat pleno", "v", "", ""]),
                (false, vec!["Metro, 2 Januari 2025"]),
            ]
        );
    }
}
