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
pub mod plan;
pub mod sheet;
pub mod text;

pub use kinerja_domain::i18n::Text;
pub use model::*;
pub use sheet::{SheetError, read_csv, read_xlsx};

/// Reads the text of a document (as extracted from a PDF), within the [`limits`].
pub fn read_text(source: &str) -> Result<Imported, Text> {
    text::read(source)
}

/// Reads a file by what its bytes say it is: a PDF (its text layer, words by position), DOCX or
/// XLSX (a zip package with a Word body or not), CSV (by its name, text alike), else text (the
/// text of a PDF, or OCR markdown). The error says why a file cannot be read at all.
///
/// Everything is bounded: a file over [`limits::MAX_FILE_BYTES`], an XLSX package that unpacks
/// past its limits, or more lines, columns or cells than the [`limits`] allow is refused with a
/// message naming the limit, before the memory it would need is taken.
pub fn read_file(name: &str, bytes: &[u8]) -> Result<Imported, Text> {
    let name = kinerja_domain::input::clean_file_name(name);
    let name = name.as_str();
    if bytes.len() > limits::MAX_FILE_BYTES {
        let t = limits::file_too_large(bytes.len());
        return Err(Text::new(format!("{name}: {}", t.id), format!("{name}: {}", t.en)));
    }
    if pdf::is_pdf(bytes) {
        return pdf::read_pdf(bytes).map_err(|t| Text::new(format!("{name}: {}", t.id), format!("{name}: {}", t.en)));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        if docx::is_docx(bytes) {
            return docx::read_docx(bytes)
                .map_err(|t| Text::new(format!("{name}: {}", t.id), format!("{name}: {}", t.en)));
        }
        return read_xlsx(bytes).map_err(|e| e.text(name));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let byte = e.valid_up_to() + 1;
            return Err(Text::new(
                format!(
                    "{name}: bukan teks (bita ke-{byte} bukan UTF-8); impor membaca DOCX, XLSX, CSV, atau teks PDF dengan kolom dipisah tab"
                ),
                format!(
                    "{name}: not text (byte {byte} is not UTF-8); import reads DOCX, XLSX, CSV, or the text of a PDF as tab-separated lines"
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
    read.map_err(|t| Text::new(format!("{name}: {}", t.id), format!("{name}: {}", t.en)))
}
