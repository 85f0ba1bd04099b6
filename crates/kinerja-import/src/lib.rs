//! Import of the plans offices already have: RAK, PK, RKT, IKU and LKj tables, read from the text
//! of their PDFs, into Kinerja's terms (objectives, indicators, targets, actions with their
//! schedule, executors, signatories), with a warning — and its line — for everything that could
//! not be read as it stands. No I/O: it reads bytes it is given, and [`plan::drafts`] turns what
//! it read into the store's drafts for the caller to write.
//!
//! Start at [`text::read`]; the column roles of each layout are in [`layout`].

pub mod docx;
pub mod layout;
pub mod limits;
pub mod model;
pub mod pdf;
mod pdf_guard;
pub mod plan;
pub mod scan;
pub mod sheet;
pub mod text;

pub use kinerja_domain::i18n::Text;
pub use model::*;
pub use sheet::{SheetError, read_csv, read_xlsx};

/// Reads the text of a document (as extracted from a PDF), within the [`limits`].
pub fn read_text(source: &str) -> Result<Imported, Text> {
    text::read(source)
}

/// Reads a file by what its bytes say it is: a PDF (its text layer, words by position; a PDF
/// without one is a scan), an image (PNG, JPEG, TIFF: a scan), DOCX or XLSX (a zip package with a
/// Word body or not), CSV (by its name, text alike), else text (the text of a PDF, or OCR
/// markdown). Scans are read by OCR with [`scan::Tesseract`]. The error says why a file cannot be
/// read at all.
///
/// Everything is bounded: a file over [`limits::MAX_FILE_BYTES`], an XLSX package that unpacks
/// past its limits, or more lines, columns or cells than the [`limits`] allow is refused with a
/// message naming the limit, before the memory it would need is taken.
pub fn read_file(name: &str, bytes: &[u8]) -> Result<Imported, Text> {
    read_file_with(name, bytes, &scan::Tesseract::default(), &mut |_, _| {})
}

/// [`read_file`] with the OCR to read scans with, and a `progress` told (pages read, pages) as
/// a scan's pages are read.
pub fn read_file_with(
    name: &str,
    bytes: &[u8],
    ocr: &dyn scan::Recognizer,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Imported, Text> {
    let name = kinerja_domain::input::clean_file_name(name);
    let name = name.as_str();
    let named = |t: Text| Text::new(format!("{name}: {}", t.id), format!("{name}: {}", t.en));
    if bytes.len() > limits::MAX_FILE_BYTES {
        return Err(named(limits::file_too_large(bytes.len())));
    }
    if pdf::is_pdf(bytes) {
        if let Some(paged) = pdf::text_lines(bytes).map_err(named)? {
            return Ok(with_pages(text::read_lines(paged.lines), &paged.page_of));
        }
        return read_scan(bytes, ocr, progress).map_err(named);
    }
    if scan::is_image(bytes) {
        return read_scan(bytes, ocr, progress).map_err(named);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // A package whose directory cannot be read is neither a Word file nor a workbook yet.
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
            named(Text::new(
                format!("paket ZIP (DOCX, ODT atau XLSX) yang rusak, tidak dapat dibuka: {e}"),
                format!("a broken ZIP package (DOCX, ODT or XLSX) that cannot be opened: {e}"),
            ))
        })?;
        if let Some(dialect) = docx::dialect_of(&mut zip) {
            return docx::read_package(bytes, dialect).map_err(named);
        }
        return read_xlsx(bytes).map_err(|e| e.text(name));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let byte = e.valid_up_to() + 1;
            return Err(Text::new(
                format!(
                    "{name}: bukan teks (bita ke-{byte} bukan UTF-8); impor membaca PDF, pindaian (PNG, JPEG, TIFF), DOCX, ODT, XLSX, CSV, atau teks dengan kolom dipisah tab"
                ),
                format!(
                    "{name}: not text (byte {byte} is not UTF-8); import reads PDF, scans (PNG, JPEG, TIFF), DOCX, ODT, XLSX, CSV, or text with tab-separated columns"
                ),
            ));
        }
    };
    if text.contains('\0') {
        return Err(Text::new(
            format!("{name}: berkas biner, bukan teks"),
            format!("{name}: a binary file, not text"),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let read = if name.to_ascii_lowercase().ends_with(".csv") {
        read_csv(text)
    } else {
        read_text(text)
    };
    read.map_err(named)
}

/// The lines of cells a PDF (its text layer or, without one, its page images) or an image makes:
/// what [`read_file`] reads them into a plan from.
pub fn page_lines(bytes: &[u8], ocr: &dyn scan::Recognizer) -> Result<Vec<text::Line>, Text> {
    if pdf::is_pdf(bytes)
        && let Some(paged) = pdf::text_lines(bytes)?
    {
        return Ok(paged.lines);
    }
    let pages = scan::pages(scan::page_images(bytes)?, ocr, &mut |_, _| {})?;
    pdf::lines_of(pages.into_iter().map(|(page, _)| page).collect())
}

/// Each warning of a line given the page the line was printed on (`page_of[line - 1]`).
fn with_pages(mut read: Imported, page_of: &[usize]) -> Imported {
    for w in &mut read.warnings {
        if w.page.is_none() && w.line > 0 {
            w.page = page_of.get(w.line - 1).copied();
        }
    }
    read
}

/// A scanned page for the preview: its image, and each cell's box in fractions of the page.
fn page_view(p: scan::Preview, placed: pdf::PageLines) -> PageView {
    let (w, h) = (p.points.0.max(1.0), p.points.1.max(1.0));
    let cells = placed
        .lines
        .into_iter()
        .flat_map(|(line, texts, boxes)| {
            texts
                .into_iter()
                .zip(boxes)
                .filter(|(t, _)| !t.is_empty())
                .map(move |(text, b)| CellBox {
                    left: b[0] / w,
                    top: 1.0 - b[3] / h,
                    right: b[2] / w,
                    bottom: 1.0 - b[1] / h,
                    line,
                    text,
                })
        })
        .collect();
    PageView {
        png: p.png,
        width: p.width,
        height: p.height,
        cells,
    }
}

/// Percentages OCR read with their `%` as `96` (`10096` for `100%`, `87,596` for `87,5%`) put
/// right, each with a warning: only the values of an indicator that is a percentage (its text
/// opens with "Persentase") whose figure without the `96` is at most 100.
fn percent_signs_misread(read: &mut Imported) {
    fn put_right(value: &mut Option<String>, (what, what_en): (&str, &str), line: usize, warnings: &mut Vec<Warning>) {
        let Some(raw) = value.as_deref() else { return };
        let Some(figure) = raw.trim().strip_suffix("96") else {
            return;
        };
        let number = figure.replace(',', ".");
        let plausible = !figure.is_empty()
            && figure.chars().all(|c| c.is_ascii_digit() || c == ',')
            && number.parse::<f64>().is_ok_and(|n| n <= 100.0);
        if !plausible {
            return;
        }
        let fixed = format!("{figure}%");
        warnings.push(Warning {
            line,
            sheet: None,
            page: None,
            message: Text::new(
                format!(
                    "{what} {raw:?} dibaca sebagai {fixed} (OCR membaca tanda % sebagai 96): periksa pada halamannya"
                ),
                format!("{what_en} {raw:?} read as {fixed} (OCR reads the % sign as 96): check it on its page"),
            ),
        });
        *value = Some(fixed);
    }
    let warnings = &mut read.warnings;
    for d in &mut read.documents {
        for o in &mut d.objectives {
            for i in &mut o.indicators {
                if !layout::normal(&i.text).starts_with("PERSENTASE") {
                    continue;
                }
                put_right(&mut i.target, ("target", "target"), i.line, warnings);
                put_right(&mut i.realisation, ("realisasi", "realisation"), i.line, warnings);
            }
        }
    }
}

/// A scan read by OCR, with a warning that says so: every figure is to be checked.
fn read_scan(
    bytes: &[u8],
    ocr: &dyn scan::Recognizer,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Imported, Text> {
    let images = scan::page_images(bytes)?;
    if images.iter().all(Option::is_none) {
        return Err(Text::new(
            "PDF ini tidak berisi teks maupun gambar halaman: tidak ada yang dapat dibaca",
            "this PDF holds neither text nor page images: there is nothing to read",
        ));
    }
    let read_pages = scan::pages(images, ocr, progress)?;
    if read_pages.iter().all(|((words, _), _)| words.is_empty()) {
        return Err(Text::new(
            "OCR tidak menemukan teks pada hasil pindai ini",
            "OCR found no text on this scan",
        ));
    }
    let (pages, previews): (Vec<pdf::Page>, Vec<scan::Preview>) = read_pages.into_iter().unzip();
    let pdf::Paged {
        lines,
        views: placed,
        page_of,
    } = pdf::lines_and_pages(pages, true)?;
    let mut read = text::read_lines(lines);
    percent_signs_misread(&mut read);
    let mut read = with_pages(read, &page_of);
    read.pages = previews
        .into_iter()
        .zip(placed)
        .map(|(p, placed)| page_view(p, placed))
        .collect();
    read.warnings.insert(
        0,
        Warning {
            line: 0,
            sheet: None,
            page: None,
            message: Text::new(
                "dibaca dari hasil pindai dengan OCR: periksa setiap angka dan nama terhadap dokumen aslinya sebelum menerapkan",
                "read from a scan by OCR: check every figure and name against the original before applying",
            ),
        },
    );
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_are_given_the_page_of_their_line() {
        let warning = |line: usize| Warning {
            line,
            sheet: None,
            page: None,
            message: Text::new("x", "x"),
        };
        let read = Imported {
            warnings: vec![warning(0), warning(1), warning(3), warning(9)],
            ..Default::default()
        };
        // Lines 1–2 on page 1, 3–4 on page 2.
        let pages: Vec<Option<usize>> = with_pages(read, &[1, 1, 2, 2])
            .warnings
            .iter()
            .map(|w| w.page)
            .collect();
        assert_eq!(
            pages,
            [None, Some(1), Some(2), None],
            "the whole file and a line past the end have none"
        );
    }

    #[test]
    fn a_percent_sign_read_as_96_is_put_right_and_warned_of() {
        let source = "RENCANA AKSI KINERJA TAHUN 2024\n\n\
NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tTw 1\tTw 2\tTw 3\tTw 4\tPELAKSANA\n\
1\tTerwujudnya data\tPersentase data mutakhir\t10096\tPemutakhiran\t\u{221a}\t\t\t\tSubbag\n\
2\tTerwujudnya arsip\tPersentase arsip tertata\t87,596\tPenataan\t\u{221a}\t\t\t\tSubbag\n\
3\tTerwujudnya laporan\tJumlah laporan\t1096\tPenyusunan\t\u{221a}\t\t\t\tSubbag\n\
4\tTerwujudnya pemilih\tPersentase pemilih\t15096\tSosialisasi\t\u{221a}\t\t\t\tSubbag\n";
        let mut read = read_text(source).unwrap();
        percent_signs_misread(&mut read);
        let targets: Vec<&str> = read.documents[0]
            .objectives
            .iter()
            .map(|o| o.indicators[0].target.as_deref().unwrap_or(""))
            .collect();
        // A count is no percentage, and 150 is no share of a hundred: both left as read.
        assert_eq!(targets, ["100%", "87,5%", "1096", "15096"]);
        let warned: Vec<(usize, &str)> = read.warnings.iter().map(|w| (w.line, w.message.en.as_str())).collect();
        assert_eq!(
            warned,
            [
                (
                    4,
                    "target \"10096\" read as 100% (OCR reads the % sign as 96): check it on its page"
                ),
                (
                    5,
                    "target \"87,596\" read as 87,5% (OCR reads the % sign as 96): check it on its page"
                ),
            ]
        );
    }
}
