//! Prints the lines of cells a PDF, a scan (PNG, JPEG, TIFF, a PDF of page images) or a DOCX makes, as the
//! import reads them: `cargo run -p kinerja-import --example page_lines FILE [PREPARED.png]`.
//! With a second argument and an image FILE, also writes the page as OCR is given it
//! (straightened, ruling lines painted out).

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: page_lines FILE");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(out) = std::env::args().nth(2) {
        let prepared = image::load_from_memory(&bytes).map(|i| kinerja_import::scan::prepare(i.to_luma8()).0);
        if let Err(e) = prepared.and_then(|p| p.save(&out)) {
            eprintln!("{out}: {e}");
            return ExitCode::from(2);
        }
    }
    let lines = if bytes.starts_with(b"PK") {
        kinerja_import::docx::package_lines(&bytes, kinerja_import::docx::Dialect::Docx)
    } else {
        kinerja_import::page_lines(&bytes, &kinerja_import::scan::Tesseract::default())
    };
    match lines {
        Ok(lines) => {
            for l in lines {
                println!(
                    "{:3} {} {}",
                    l.line,
                    if l.tabular { "T" } else { " " },
                    l.cells.join(" | ")
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {}", e.en);
            ExitCode::from(2)
        }
    }
}
