//! Writes the files `scripts/hostile-imports.sh` feeds to `kinerja import` to measure what each
//! costs (peak memory, time): `cargo run --release -p kinerja-import --example hostile -- DIR`.

#[path = "../tests/support/hostile_files.rs"]
mod hostile_files;

use hostile_files::*;

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "hostile".into()));
    std::fs::create_dir_all(&dir)?;
    let write = |name: &str, bytes: &[u8]| -> std::io::Result<()> {
        std::fs::write(dir.join(name), bytes)?;
        println!("{name}\t{} bytes", bytes.len());
        Ok(())
    };
    write("sparse-corners.xlsx", &sparse_corners())?;
    write("sparse-rows.xlsx", &sparse_rows())?;
    write("bomb-part.xlsx", &bomb_part(1024 * 1024 * 1024))?;
    write("bomb-total.xlsx", &bomb_total(20, 60 * 1024 * 1024))?;
    write("wide-10000-columns.csv", wide_csv(10_000, 100).as_bytes())?;
    write("wide-256-columns.csv", wide_csv(256, 5_000).as_bytes())?;
    // At the cell limit: 4.687 rows of 256 cells, 1.199.872 cells.
    write("cell-limit.csv", wide_csv(256, 4_687).as_bytes())?;
    // At the line limit as a monthly RAK that is read as one: every row a table row with its
    // objective, indicator and action.
    write("rak-line-limit.txt", rak_text(59_990, "Kegiatan").as_bytes())?;
    write("long-cells.txt", rak_text(400, &"x".repeat(40_000)).as_bytes())?;
    write(
        "rak-50000-rows.txt",
        rak_text(50_000, "Kegiatan untuk mendukung sasaran").as_bytes(),
    )?;
    write("too-many-lines.txt", "a\n".repeat(60_001).as_bytes())?;
    let mut nul = rak_text(10, "Kegiatan").into_bytes();
    nul.extend_from_slice(b"\0\0\0");
    write("nul.txt", &nul)?;
    // The 50.000-row RAK as a workbook, as an office's spreadsheet would hold it.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in rak_text(50_000, "Kegiatan untuk mendukung sasaran").lines().enumerate() {
        for (c, cell) in line.split('\t').enumerate() {
            if !cell.is_empty() {
                sheet
                    .write_string(r as u32, c as u16, cell)
                    .map_err(|e| std::io::Error::other(e.to_string()))?;
            }
        }
    }
    write(
        "rak-50000-rows.xlsx",
        &book
            .save_to_buffer()
            .map_err(|e| std::io::Error::other(e.to_string()))?,
    )?;
    Ok(())
}
