//! Fuzzing the import's readers: the text of a PDF (tab-separated and OCR markdown), CSV, XLSX
//! (sheets made from mutated sheet XML, with shared strings and a percentage style), DOCX
//! (packages made from mutated document XML), PDF with a text layer, and scans (PNG, JPEG, TIFF,
//! read by a stand-in OCR), from a
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

/// A small PDF with a text layer, as an office's word processor writes one: a RAK's header and
/// two rows in Helvetica (not embedded), drawn cell by cell with ruling lines; the content stream
/// uncompressed, so mutations reach the operators as well as the objects.
fn text_pdf() -> Vec<u8> {
    let rows: [&[&str]; 3] = [
        &[
            "NO",
            "SASARAN",
            "INDIKATOR KINERJA",
            "TARGET",
            "KEGIATAN",
            "B1",
            "B2",
            "PELAKSANA",
        ],
        &[
            "1",
            "Terwujudnya perencanaan",
            "Jumlah dokumen",
            "4 dokumen",
            "Penyusunan RKA",
            "v",
            "",
            "Subbag",
        ],
        &["", "", "Persentase laporan", "95%", "Penyusunan LKj", "", "v", "Subbag"],
    ];
    let xs = [40.0, 60.0, 160.0, 260.0, 300.0, 400.0, 420.0, 440.0, 520.0];
    let mut content = String::from("0.5 w\n");
    for (r, cells) in rows.iter().enumerate() {
        let y = 700.0 - 20.0 * r as f32;
        for (c, text) in cells.iter().enumerate() {
            content.push_str(&format!("BT /F1 7 Tf {} {} Td ({text}) Tj ET\n", xs[c] + 2.0, y + 6.0));
        }
        content.push_str(&format!("{} {} m {} {} l S\n", xs[0], y, xs[8], y));
    }
    content.push_str(&format!("{} 720 m {} 720 l S\n", xs[0], xs[8]));
    for x in xs {
        content.push_str(&format!("{x} 660 m {x} 720 l S\n"));
    }
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = vec![];
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn text_pdfs() {
    let pdf = text_pdf();
    // The unmutated file is read as what it is: a RAK with two actions.
    let read = kinerja_import::read_file("rak.pdf", &pdf).unwrap();
    let actions: usize = read
        .documents
        .iter()
        .flat_map(|d| &d.objectives)
        .flat_map(|o| &o.indicators)
        .map(|i| i.actions.len())
        .sum();
    assert_eq!(actions, 2, "{read:#?}");
    fuzz::run("import-pdf", &[pdf], |bytes| {
        if let Ok(read) = kinerja_import::read_file("dokumen.pdf", bytes) {
            sane(&read);
        }
    });
}

/// Inputs the fuzzing found, each read or refused as it must be.
#[test]
fn what_fuzzing_found_is_refused() {
    // A mutation that nested 2.000 dictionaries: the PDF library parses them by recursion and
    // overflowed this thread's stack, which aborts the whole process (CI of 2026-12-03).
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-found/pdf-dictionaries-nested-2000-deep.pdf");
    let bytes = std::fs::read(path).unwrap();
    let e = kinerja_import::read_file("rusak.pdf", &bytes).unwrap_err();
    assert!(
        e.en.contains("nests arrays or dictionaries more than 1000 levels deep (byte "),
        "{}",
        e.en
    );
}

/// A page whose MediaBox is mutated to an absurd size (fuzzing found that the word reader then
/// asks for petabytes and aborts the process) is refused, naming the page.
#[test]
fn a_page_of_absurd_size_is_refused() {
    let pdf = String::from_utf8_lossy(&text_pdf())
        .replace("/MediaBox [0 0 595 842]", "/MediaBox [0 0 595000000000000000 842]");
    // The xref offsets no longer match: the reader finds the objects by scanning, or refuses.
    let e = kinerja_import::read_file("rusak.pdf", pdf.as_bytes()).unwrap_err();
    assert!(
        e.en.contains("rusak.pdf") && e.en.contains("page 1: its size (MediaBox"),
        "{}",
        e.en
    );
}

/// An OCR that reads the same few words on any page, placed inside it: the page handling after
/// the OCR runs on whatever the decoder made of the mutated image.
struct SameWords;

impl kinerja_import::scan::Recognizer for SameWords {
    fn words(
        &self,
        image: &image::GrayImage,
        _dpi: u32,
        _spread: kinerja_import::scan::Spread,
    ) -> Result<Vec<kinerja_import::scan::PixelWord>, kinerja_import::Text> {
        let (w, h) = image.dimensions();
        let word = |k: u32, row: u32, text: &str| kinerja_import::scan::PixelWord {
            left: w * k / 6,
            top: h * row / 4,
            width: (w / 8).max(1),
            height: (h / 20).max(1),
            text: text.into(),
            confidence: 90.0,
        };
        Ok(vec![
            word(0, 1, "SASARAN"),
            word(2, 1, "INDIKATOR"),
            word(4, 1, "TARGET"),
            word(0, 2, "Terwujudnya"),
            word(2, 2, "Persentase"),
            word(4, 2, "95%"),
        ])
    }
}

/// Scans: a small page as PNG, JPEG and TIFF, and as a PDF of a JPEG page, their bytes mutated.
#[test]
fn scans() {
    let page = image::GrayImage::from_fn(240, 340, |x, y| {
        image::Luma([if y % 40 == 0 || x % 60 == 0 { 0 } else { 250 }])
    });
    let encoded = |format: image::ImageFormat| {
        let mut out = std::io::Cursor::new(Vec::new());
        page.write_to(&mut out, format).unwrap();
        out.into_inner()
    };
    let (png, jpeg, tiff) = (
        encoded(image::ImageFormat::Png),
        encoded(image::ImageFormat::Jpeg),
        encoded(image::ImageFormat::Tiff),
    );
    let corpus = vec![png, jpeg, tiff];
    for file in &corpus {
        let read = kinerja_import::read_file_with("pindai", file, &SameWords, &mut |_, _| {}).unwrap();
        assert_eq!(read.pages.len(), 1, "the page is read and previewed");
    }
    // A page is made A4 at 300 dpi before it is read: each input takes a while, so a plain
    // `cargo test` runs a few dozen (KINERJA_FUZZ_SECONDS runs as many as fit).
    fuzz::run_n("import-scan", &corpus, 24, |bytes| {
        if let Ok(read) = kinerja_import::read_file_with("pindai", bytes, &SameWords, &mut |_, _| {}) {
            sane(&read);
        }
    });
}
