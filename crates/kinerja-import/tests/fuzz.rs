//! Fuzzing the import's readers: the text of a PDF (tab-separated and OCR markdown), CSV, XLSX
//! (sheets made from mutated sheet XML, with shared strings and a percentage style) and DOCX
//! (packages made from mutated document XML), from a
//! committed corpus of invented documents in every layout. Nothing may panic or abort; every
//! input is read or refused. See `../../kinerja-domain/tests/support/fuzz.rs` for how it runs
//! (`KINERJA_FUZZ_SECONDS`).

#[path = "../../kinerja-domain/tests/support/fuzz.rs"]
mod fuzz;
#[path = "support/hostile_files.rs"]
mod hostile_files;
#[path = "support/word.rs"]
mod word;

use std::path::Path;

fn corpus(dir: &str) -> Vec<Vec<u8>> {
    fuzz::corpus_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(dir))
}

/// What any reading must hold to: every warning has a message, every table a kind.
fn sane(read: &kinerja_import::Imported) {
    for w in &read.warnings {
        assert!(!w.message.id.is_empty() && !w.message.en.is_empty());
    }
    for d in &read.documents {
        for o in &d.objectives {
            assert!(o.line >= 1);
        }
    }
}

#[test]
fn text_of_pdfs_and_ocr() {
    let corpus = corpus("fuzz-corpus");
    fuzz::run("import-text", &corpus, |bytes| {
        if let Ok(read) = kinerja_import::read_file("dokumen.txt", bytes) {
            sane(&read);
        }
    });
}

#[test]
fn csv() {
    let corpus = corpus("fuzz-corpus");
    fuzz::run("import-csv", &corpus, |bytes| {
        if let Ok(read) = kinerja_import::read_file("dokumen.csv", bytes) {
            sane(&read);
        }
    });
}

const SHARED_STRINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6"><si><t>NO</t></si><si><t>SASARAN</t></si><si><t>INDIKATOR KINERJA</t></si><si><t>TARGET</t></si><si><t>KEGIATAN</t></si><si><t>PELAKSANA</t></si></sst>"#;
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="9"/></cellXfs></styleSheet>"#;

#[test]
fn xlsx_sheets() {
    let mut corpus = corpus("fuzz-corpus-xlsx");
    // Sheets made from the text corpus too: each line a row, each tab a cell.
    for text in crate::corpus("fuzz-corpus") {
        let text = String::from_utf8_lossy(&text).into_owned();
        let rows: Vec<(u32, Vec<(String, String)>)> = text
            .lines()
            .enumerate()
            .map(|(r, line)| {
                let row = r as u32 + 1;
                let cells = line
                    .split('\t')
                    .enumerate()
                    .filter(|(_, c)| !c.is_empty())
                    .map(|(c, v)| (format!("{}{row}", kinerja_import::limits::column_name(c)), escape(v)))
                    .collect();
                (row, cells)
            })
            .collect();
        corpus.push(hostile_files::sheet_xml("A1", &rows).into_bytes());
    }
    fuzz::run("import-xlsx", &corpus, |sheet| {
        let sheet = String::from_utf8_lossy(sheet);
        let book = hostile_files::workbook(
            &sheet,
            &[
                ("xl/sharedStrings.xml", SHARED_STRINGS.as_bytes()),
                ("xl/styles.xml", STYLES.as_bytes()),
            ],
        );
        if let Ok(read) = kinerja_import::read_file("buku.xlsx", &book) {
            sane(&read);
        }
    });
}

#[test]
fn xlsx_packages() {
    // Whole packages with their bytes mutated: the zip reader's turn.
    let sheet = String::from_utf8(corpus("fuzz-corpus-xlsx").remove(0)).unwrap();
    let books = vec![
        hostile_files::workbook(&sheet, &[("xl/sharedStrings.xml", SHARED_STRINGS.as_bytes())]),
        hostile_files::sparse_rows(),
    ];
    fuzz::run("import-zip", &books, |bytes| {
        if let Ok(read) = kinerja_import::read_file("buku.xlsx", bytes) {
            sane(&read);
        }
    });
}

#[test]
fn docx_bodies() {
    let bodies: Vec<Vec<u8>> = corpus("fuzz-corpus")
        .iter()
        .map(|text| word::document_xml(&String::from_utf8_lossy(text)).into_bytes())
        .collect();
    fuzz::run("import-docx", &bodies, |xml| {
        let book = word::package(&String::from_utf8_lossy(xml));
        if let Ok(read) = kinerja_import::read_file("dokumen.docx", &book) {
            sane(&read);
        }
    });
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
