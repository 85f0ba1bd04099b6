//! Prints the lines of cells a PDF makes, as the import reads them:
//! `cargo run -p kinerja-import --example pdf_lines FILE.pdf`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_lines FILE.pdf");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    match kinerja_import::pdf::lines(&bytes) {
        Ok(lines) => {
            for l in lines {
                println!("{:3} {} {}", l.line, if l.tabular { "T" } else { " " }, l.cells.join(" | "));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {}", e.en);
            ExitCode::from(2)
        }
    }
}
