//! Prints the lines of cells a PDF makes, as the import reads them:
//! `cargo run -p kinerja-import --example pdf_lines FILE.pdf`.

fn main() {
    let bytes = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    for l in kinerja_import::pdf::lines(&bytes).unwrap() {
        println!(
            "{:3} {} {}",
            l.line,
            if l.tabular { "T" } else { " " },
            l.cells.join(" | ")
        );
    }
}
