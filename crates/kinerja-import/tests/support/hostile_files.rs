//! Files made to hurt an importer: shared by the hostile-input tests, the fuzz targets and
//! `examples/hostile.rs` (which writes them for `scripts/hostile-imports.sh` to measure).
#![allow(dead_code)]

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="RAK" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// A cell: its reference (`A1`) and inline text.
fn cell(r: &str, text: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A sheet's XML from rows of cells, with the `dimension` it declares.
pub fn sheet_xml(dimension: &str, rows: &[(u32, Vec<(String, String)>)]) -> String {
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>"#
    );
    for (row, cells) in rows {
        xml.push_str(&format!(r#"<row r="{row}">"#));
        for (r, text) in cells {
            xml.push_str(&cell(r, text));
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml
}

/// A workbook of one sheet (`RAK`) whose XML is `sheet`, plus any `extra` parts.
pub fn workbook(sheet: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ]
    .into_iter()
    .chain(extra.iter().copied())
    {
        zip.start_file(name, options).expect("part");
        zip.write_all(body).expect("write");
    }
    zip.finish().expect("package").into_inner()
}

/// Two cells: A1 and XFD1048576, the corners of the largest sheet (1,7 KB on disk; a reader
/// that fills the grid between them asks for half a terabyte).
pub fn sparse_corners() -> Vec<u8> {
    let sheet = sheet_xml(
        "A1:XFD1048576",
        &[
            (1, vec![("A1".into(), "RENCANA AKSI".into())]),
            (1_048_576, vec![("XFD1048576".into(), "ujung".into())]),
        ],
    );
    workbook(&sheet, &[])
}

/// A RAK table in the first rows and one stray cell in the last row of column A.
pub fn sparse_rows() -> Vec<u8> {
    let header = [
        "NO",
        "SASARAN",
        "INDIKATOR KINERJA",
        "TARGET",
        "KEGIATAN",
        "B1",
        "B2",
        "PELAKSANA",
    ];
    let row = [
        "1",
        "Sasaran satu",
        "Jumlah laporan",
        "2 laporan",
        "Menyusun laporan",
        "√",
        "",
        "Subbag A",
    ];
    let at = |row_no: u32, cells: &[&str]| {
        (
            row_no,
            cells
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.is_empty())
                .map(|(i, c)| (format!("{}{row_no}", (b'A' + i as u8) as char), c.to_string()))
                .collect::<Vec<_>>(),
        )
    };
    let sheet = sheet_xml(
        "A1:H1048576",
        &[
            (1, vec![("A1".into(), "RENCANA AKSI KINERJA TAHUN 2024".into())]),
            at(3, &header),
            at(4, &row),
            (1_048_576, vec![("A1048576".into(), "catatan di baris terakhir".into())]),
        ],
    );
    workbook(&sheet, &[])
}

/// `bytes` of zeros, deflated: the body of a bomb part.
fn zeros_part(zip: &mut zip::ZipWriter<Cursor<Vec<u8>>>, name: &str, bytes: usize) {
    let options = SimpleFileOptions::default().compression_level(Some(9));
    zip.start_file(name, options).expect("part");
    let chunk = vec![b' '; 1 << 20];
    let mut left = bytes;
    while left > 0 {
        let n = left.min(chunk.len());
        zip.write_all(&chunk[..n]).expect("write");
        left -= n;
    }
}

/// A workbook whose shared strings unpack to `bytes` (a "zip bomb" in one part).
pub fn bomb_part(bytes: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ] {
        zip.start_file(name, options).expect("part");
        zip.write_all(body.as_bytes()).expect("write");
    }
    zeros_part(&mut zip, "xl/sharedStrings.xml", bytes);
    zip.start_file("xl/worksheets/sheet1.xml", options).expect("part");
    zip.write_all(sheet_xml("A1", &[]).as_bytes()).expect("write");
    zip.finish().expect("package").into_inner()
}

/// A workbook of `parts` parts of `each` bytes, every part under the limit of one part and all
/// together over the limit of a package. The part is compressed once and copied.
pub fn bomb_total(parts: usize, each: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zeros_part(&mut zip, "xl/media/padding0.xml", each);
    for i in 1..parts {
        zip.deep_copy_file("xl/media/padding0.xml", &format!("xl/media/padding{i}.xml"))
            .expect("copy");
    }
    let options = SimpleFileOptions::default();
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", RELS.to_string()),
        ("xl/workbook.xml", WORKBOOK.to_string()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.to_string()),
        ("xl/worksheets/sheet1.xml", sheet_xml("A1", &[])),
    ] {
        zip.start_file(name, options).expect("part");
        zip.write_all(body.as_bytes()).expect("write");
    }
    zip.finish().expect("package").into_inner()
}

/// A CSV of `columns` columns and `rows` rows ("a 2 MB CSV with 10.000 columns").
pub fn wide_csv(columns: usize, rows: usize) -> String {
    let row = vec!["x"; columns].join(",");
    let mut out = String::with_capacity((row.len() + 1) * rows);
    for _ in 0..rows {
        out.push_str(&row);
        out.push('\n');
    }
    out
}

/// A monthly RAK as tab-separated text with `rows` rows and `cell` as the text of every action.
pub fn rak_text(rows: usize, action: &str) -> String {
    let mut text = String::from(
        "RENCANA AKSI KINERJA TAHUN 2024\nSUB BAGIAN CONTOH\n\nNO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tB1\tB2\tB3\tPELAKSANA\n",
    );
    for r in 0..rows {
        text.push_str(&format!(
            "{}\tSasaran {r}\tJumlah laporan {r}\t2 laporan\t{action}\t√\t\t√\tSubbag Contoh\n",
            r + 1
        ));
    }
    text
}
