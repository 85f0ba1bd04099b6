//! The RAK of a hand-made unit printed, then scanned: drawn at 150 dpi with typst's renderer,
//! turned a little and speckled as a scanner leaves a page, saved as PNG and as a PDF of JPEG
//! pages (as scanners write them), and imported back. The same document as a text PDF and as DOCX
//! is the reference.
//!
//! Without Tesseract, a stand-in OCR gives the words where the text PDF prints them: the page
//! handling (straightening, ruling lines, cells from positions) is tested in every `cargo test`.
//! With Tesseract (`.ci/run` installs it), the real OCR must find at least 90% of the actions with
//! their months.

use std::sync::Mutex;

use image::GrayImage;
use kinerja_documents::{Format, raster_of};
use kinerja_import::scan::{PixelWord, Recognizer, Spread};
use kinerja_import::{Imported, Text};

mod support;
use support::rak;
use support::scan::{likeness, pdf_of_images, png, scanned};

/// (indicator, action, months, executor) of every action read.
type Row = (String, String, Vec<u8>, Option<String>);

fn rows(imported: &Imported) -> Vec<Row> {
    let mut out = vec![];
    for d in &imported.documents {
        for o in &d.objectives {
            for i in &o.indicators {
                for a in &i.actions {
                    out.push((i.text.clone(), a.text.clone(), a.periods.clone(), a.executor.clone()));
                }
            }
        }
    }
    out
}

/// An OCR that reads perfectly: the text PDF's words, where that PDF prints them, in the pixels
/// of the page it is given (pages in order).
struct TextLayer {
    pages: Vec<Vec<kinerja_import::pdf::Word>>,
    next: Mutex<usize>,
}

impl Recognizer for TextLayer {
    fn words(&self, image: &GrayImage, dpi: u32, spread: Spread) -> Result<Vec<PixelWord>, Text> {
        if spread == Spread::Column {
            return Ok(vec![]);
        }
        let mut next = self.next.lock().unwrap();
        let page = &self.pages[*next];
        *next += 1;
        let px = dpi as f32 / 72.0;
        let height = image.height() as f32;
        Ok(page
            .iter()
            .map(|w| PixelWord {
                left: (w.x0 * px) as u32,
                top: (height - w.y1 * px).max(0.0) as u32,
                width: ((w.x1 - w.x0) * px) as u32,
                height: ((w.y1 - w.y0) * px) as u32,
                text: w.text.clone(),
                confidence: 96.0,
            })
            .collect())
    }
}

fn read(name: &str, bytes: &[u8], ocr: &dyn Recognizer) -> Imported {
    let mut seen = vec![];
    let read = kinerja_import::read_file_with(name, bytes, ocr, &mut |done, of| seen.push((done, of))).unwrap();
    assert_eq!(
        seen.first(),
        Some(&(0, seen.last().unwrap().1)),
        "progress starts at 0: {seen:?}"
    );
    assert!(seen.windows(2).all(|p| p[1].0 == p[0].0 + 1), "a step a page: {seen:?}");
    read
}

#[test]
fn a_scanned_rak_reads_back_to_the_text_pdfs_rows_by_position() {
    let doc = rak();
    let pdf = kinerja_documents::write(&doc, Format::Pdf).unwrap();
    let reference = kinerja_import::read_file("rak.pdf", &pdf).unwrap();
    let expected = rows(&reference);
    assert_eq!(expected.len(), 8, "{reference:#?}");
    let docx = kinerja_documents::write(&doc, Format::Docx).unwrap();
    assert_eq!(
        rows(&kinerja_import::read_file("rak.docx", &docx).unwrap()),
        expected,
        "DOCX"
    );

    let pages: Vec<GrayImage> = raster_of(&doc, 150.0)
        .unwrap()
        .iter()
        .map(|p| scanned(p, 0.6))
        .collect();
    let ocr = || TextLayer {
        pages: kinerja_import::pdf::words(&pdf).unwrap(),
        next: Mutex::new(0),
    };
    let from_png = read("rak.png", &png(&pages[0]), &ocr());
    let from_scan_pdf = read("rak-pindai.pdf", &pdf_of_images(&pages, 150.0), &ocr());
    for (what, got) in [("PNG", &from_png), ("PDF of images", &from_scan_pdf)] {
        assert_eq!(rows(got), expected, "{what}");
        assert_eq!(got.documents[0].kind, kinerja_import::DocKind::Rak, "{what}");
        assert!(
            got.warnings[0].message.en.contains("by OCR"),
            "{what}: {:?}",
            got.warnings
        );
        // The preview: each page's image, and each action's cell where the page prints it.
        assert_eq!(got.pages.len(), if what == "PNG" { 1 } else { pages.len() }, "{what}");
        let page = &got.pages[0];
        assert!(
            page.png.starts_with(b"\x89PNG") && page.width == 1000,
            "{what}: {}",
            page.width
        );
        let lkj = got.documents[0].objectives[0].indicators[1].actions[2].line;
        let cell = page
            .cells
            .iter()
            .find(|c| c.text == "Penyusunan LKj")
            .expect("the action's cell");
        assert_eq!(cell.line, lkj, "{what}");
        // The KEGIATAN column stands in the second quarter of the landscape page, below the header.
        assert!(
            cell.left > 0.25 && cell.right < 0.55 && cell.top > 0.2 && cell.bottom < 0.9,
            "{what}: {cell:?}"
        );
        assert!(
            page.cells.iter().all(|c| c.left < c.right && c.top < c.bottom),
            "{what}"
        );
    }
}

#[test]
#[ignore = "needs Tesseract (Debian: tesseract-ocr tesseract-ocr-ind)"]
fn a_scanned_rak_reads_back_by_ocr() {
    let doc = rak();
    let pdf = kinerja_documents::write(&doc, Format::Pdf).unwrap();
    let expected = rows(&kinerja_import::read_file("rak.pdf", &pdf).unwrap());
    read_back_by_tesseract(&doc, -0.7, &expected);
}

/// `doc` printed, scanned turned by `degrees`, as PNG and as a PDF of pages, and read by
/// Tesseract: at least 90% of the `expected` actions with their indicator and months.
fn read_back_by_tesseract(doc: &kinerja_documents::doc::Document, degrees: f32, expected: &[Row]) {
    let pages: Vec<GrayImage> = raster_of(doc, 150.0)
        .unwrap()
        .iter()
        .map(|p| scanned(p, degrees))
        .collect();
    let tesseract = kinerja_import::scan::Tesseract::default();
    for (name, bytes) in [
        ("rak.png", png(&pages[0])),
        ("rak-pindai.pdf", pdf_of_images(&pages, 150.0)),
    ] {
        let got = read(name, &bytes, &tesseract);
        let got_rows = rows(&got);
        let found = expected
            .iter()
            .filter(|e| {
                got_rows
                    .iter()
                    .any(|g| likeness(&g.1, &e.1) >= 0.85 && g.2 == e.2 && likeness(&g.0, &e.0) >= 0.85)
            })
            .count();
        assert!(
            found * 10 >= expected.len() * 9,
            "{name}: {found} of {} actions with their months\nexpected {expected:#?}\ngot {got_rows:#?}\nwarnings {:#?}",
            expected.len(),
            got.warnings
        );
        assert_eq!(got.documents[0].kind, kinerja_import::DocKind::Rak, "{name}");
    }
}

#[test]
fn likeness_is_one_for_the_same_text_and_falls_with_each_edit() {
    assert_eq!(likeness("Penyusunan LKj", "Penyusunan LKj"), 1.0);
    assert!((likeness("Renrana", "Rencana") - (1.0 - 1.0 / 7.0)).abs() < 1e-9);
    assert_eq!(likeness("", "abc"), 0.0);
}

/// A table printed without ruling lines (as some offices' Word tables are), as a PDF and as a
/// scan: its cells come from the words' positions alone, the columns from the header's titles and
/// the gaps, and read to the ruled table's rows.
#[test]
fn a_rak_printed_without_ruling_lines_reads_to_the_ruled_ones_rows() {
    let ruled = rak();
    let expected =
        rows(&kinerja_import::read_file("rak.pdf", &kinerja_documents::write(&ruled, Format::Pdf).unwrap()).unwrap());
    assert_eq!(expected.len(), 8);
    let bare = without_rules(ruled);
    let pdf = kinerja_documents::write(&bare, Format::Pdf).unwrap();
    let got = kinerja_import::read_file("rak-tanpa-garis.pdf", &pdf).unwrap();
    assert_eq!(rows(&got), expected, "{:#?}", got.warnings);
    // Scanned, its words where OCR gives them: no lines on the page to find, the same rows.
    let page = scanned(&raster_of(&bare, 150.0).unwrap()[0], 0.4);
    let ocr = TextLayer {
        pages: kinerja_import::pdf::words(&pdf).unwrap(),
        next: Mutex::new(0),
    };
    let scan = read("rak-tanpa-garis.png", &png(&page), &ocr);
    assert_eq!(rows(&scan), expected, "{:#?}", scan.warnings);
}

#[test]
#[ignore = "needs Tesseract (Debian: tesseract-ocr tesseract-ocr-ind)"]
fn a_rak_printed_without_ruling_lines_and_scanned_reads_back_by_ocr() {
    let ruled = rak();
    let expected =
        rows(&kinerja_import::read_file("rak.pdf", &kinerja_documents::write(&ruled, Format::Pdf).unwrap()).unwrap());
    read_back_by_tesseract(&without_rules(ruled), 0.5, &expected);
}

/// The document with its tables printed without ruling lines.
fn without_rules(mut doc: kinerja_documents::doc::Document) -> kinerja_documents::doc::Document {
    let mut tables = 0;
    for block in &mut doc.blocks {
        if let kinerja_documents::doc::Block::Table(t) = block {
            t.plain = true;
            tables += 1;
        }
    }
    assert!(tables >= 1);
    doc
}
