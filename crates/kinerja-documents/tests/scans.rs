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
use kinerja_documents::{Format, Raster, raster_of};
use kinerja_domain::model::*;
use kinerja_import::scan::{PixelWord, Recognizer, Spread};
use kinerja_import::{Imported, Text};

mod support;
use support::{inputs, plan};

/// The hand-made unit's RAK: eight actions over two indicators, by month, with executors.
fn rak() -> kinerja_documents::doc::Document {
    let mut plan = plan();
    let actions: [(i64, i64, &str, &[u8]); 8] = [
        (1, 100, "Penyusunan revisi DIPA", &[1, 4, 7, 10]),
        (2, 100, "Rapat koordinasi perencanaan", &[2]),
        (3, 100, "Penyusunan RKA tahun berikutnya", &[5, 6]),
        (4, 100, "Reviu rencana kerja bersama sekretaris", &[3, 9]),
        (5, 101, "Penyusunan laporan monev", &[3, 6, 9, 12]),
        (
            6,
            101,
            "Pengumpulan data realisasi kinerja",
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        ),
        (7, 101, "Penyusunan LKj", &[1, 2]),
        (8, 101, "Evaluasi SAKIP internal", &[11]),
    ];
    for (id, indicator, text, months) in actions {
        plan.actions.push(Action {
            id: ActionId(id),
            indicator: IndicatorId(indicator),
            ord: id as i32,
            text: text.into(),
            schedule: Schedule {
                kind: kinerja_domain::period::PeriodKind::Month,
                periods: months.to_vec(),
            },
            executor: Some("Subbag Rendatin".into()),
            executor_unit: Some(UnitId(1)),
            budget: None,
            target: None,
            note: None,
        });
    }
    let inputs = inputs(plan);
    kinerja_documents::rak::document(&inputs, &inputs.plan.units[0]).unwrap()
}

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

/// A page as a scanner leaves it: turned by `deg` degrees, speckled, its paper not quite white.
fn scanned(page: &Raster, deg: f32) -> GrayImage {
    let image = GrayImage::from_raw(page.width, page.height, page.grey.clone()).unwrap();
    let (w, h) = image.dimensions();
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    // A fixed linear congruential sequence: the same speckles on every run.
    let mut seed: u32 = 12345;
    let mut next = move || {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (seed >> 16) & 0x7fff
    };
    GrayImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        let (sx, sy) = (c * dx + s * dy + cx, -s * dx + c * dy + cy);
        let v = if sx >= 0.0 && sy >= 0.0 && (sx as u32) < w && (sy as u32) < h {
            image.get_pixel(sx as u32, sy as u32).0[0]
        } else {
            255
        };
        let r = next();
        let v = if r % 2000 == 0 {
            0 // a speck
        } else {
            // Paper at 235–245, ink a little grey.
            (i32::from(v) * 235 / 255 + (r % 11) as i32).clamp(0, 255) as u8
        };
        image::Luma([v])
    })
}

fn png(image: &GrayImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A PDF whose pages are JPEG images at `dpi`, as a scanner writes one; no text layer.
fn pdf_of_images(pages: &[GrayImage], dpi: f32) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = vec![];
    let n = pages.len();
    // 1 catalog, 2 pages, then per page: page, contents, image.
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 3 + 3 * i)).collect();
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes());
    for (i, page) in pages.iter().enumerate() {
        let (w, h) = (page.width() as f32 * 72.0 / dpi, page.height() as f32 * 72.0 / dpi);
        let (contents, image) = (4 + 3 * i, 5 + 3 * i);
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w:.2} {h:.2}] /Resources << /XObject << /Im0 {image} 0 R >> >> /Contents {contents} 0 R >>"
            )
            .into_bytes(),
        );
        let draw = format!("q {w:.2} 0 0 {h:.2} 0 0 cm /Im0 Do Q");
        objects.push(format!("<< /Length {} >>\nstream\n{draw}\nendstream", draw.len()).into_bytes());
        let mut jpeg = std::io::Cursor::new(Vec::new());
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80)
            .encode_image(page)
            .unwrap();
        let jpeg = jpeg.into_inner();
        let mut object = format!(
            "<< /Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n",
            page.width(),
            page.height(),
            jpeg.len()
        )
        .into_bytes();
        object.extend_from_slice(&jpeg);
        object.extend_from_slice(b"\nendstream");
        objects.push(object);
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = vec![];
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
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
    }
}

/// How alike two texts are: 1 less the edit distance over the longer length.
fn likeness(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut prev = row[0];
        row[0] = i;
        for j in 1..=b.len() {
            let cur = row[j];
            row[j] = (row[j] + 1)
                .min(row[j - 1] + 1)
                .min(prev + usize::from(a[i - 1] != b[j - 1]));
            prev = cur;
        }
    }
    1.0 - row[b.len()] as f64 / a.len().max(b.len()).max(1) as f64
}

#[test]
#[ignore = "needs Tesseract (Debian: tesseract-ocr tesseract-ocr-ind)"]
fn a_scanned_rak_reads_back_by_ocr() {
    let doc = rak();
    let pdf = kinerja_documents::write(&doc, Format::Pdf).unwrap();
    let expected = rows(&kinerja_import::read_file("rak.pdf", &pdf).unwrap());
    let pages: Vec<GrayImage> = raster_of(&doc, 150.0)
        .unwrap()
        .iter()
        .map(|p| scanned(p, -0.7))
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
