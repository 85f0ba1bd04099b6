//! Writes the scans the tests and benchmarks read, made from a hand-made RAK (the test support's):
//! `cargo run -p kinerja-documents --example scan_fixtures DIR` writes
//! - `rak-contoh-pindai.png` and `.jpg`: its page at 150 dpi, turned −0,7°, speckled (the JPEG is
//!   committed as `tests/fixtures/rak-contoh-pindai.jpg`);
//! - `rak-contoh-pindai-3-halaman.pdf`: three such pages as a PDF of JPEG images;
//! - `rak-contoh-5-halaman.pdf`: the RAK six times over, a text PDF of five pages.

#[path = "../tests/support/mod.rs"]
mod support;

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1).map(std::path::PathBuf::from) else {
        eprintln!("usage: scan_fixtures DIR");
        return ExitCode::from(2);
    };
    let run = || -> Result<(), String> {
        let one = kinerja_documents::raster_of(&support::rak(), 150.0).map_err(|e| e.to_string())?;
        let page = support::scan::scanned(&one[0], -0.7);
        std::fs::write(dir.join("rak-contoh-pindai.png"), support::scan::png(&page)).map_err(|e| e.to_string())?;
        std::fs::write(dir.join("rak-contoh-pindai.jpg"), support::scan::jpeg(&page, 60)).map_err(|e| e.to_string())?;
        let three = [-0.7, 0.4, 1.1].map(|deg| support::scan::scanned(&one[0], deg));
        std::fs::write(
            dir.join("rak-contoh-pindai-3-halaman.pdf"),
            support::scan::pdf_of_images(&three, 150.0),
        )
        .map_err(|e| e.to_string())?;
        let long = kinerja_documents::write(&support::rak_repeated(6), kinerja_documents::Format::Pdf)
            .map_err(|e| e.to_string())?;
        std::fs::write(dir.join("rak-contoh-5-halaman.pdf"), long).map_err(|e| e.to_string())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
