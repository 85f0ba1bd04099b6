//! Import speed: each seed document (as text, and the RAK as a Word file), and a generated
//! 50.000-row monthly RAK as text, as XLSX and as DOCX.
//! Run: `cargo bench -p kinerja-import --bench import`.

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../tests/support/word.rs"]
mod word;

/// A seed document beside the repository, or the in-repo fixture in its place (with a note)
/// where the seeds are absent.
fn seed(name: &str) -> (String, String) {
    let path = format!("{}/../../../shared/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    match std::fs::read_to_string(&path) {
        Ok(text) => (name.to_string(), text),
        Err(e) => {
            let fixture = format!(
                "{}/../../tests/fixtures/rak-kpu-kota-metro-contoh-2025.txt",
                env!("CARGO_MANIFEST_DIR")
            );
            eprintln!("{path}: {e}; the in-repo fixture is measured instead");
            let text = std::fs::read_to_string(&fixture).unwrap_or_else(|e| panic!("{fixture}: {e}"));
            (format!("{name} (fixture in its place)"), text)
        }
    }
}

/// A monthly RAK of `rows` rows: a new objective every 10 rows, a new indicator every 2.
fn big_rak(rows: usize) -> String {
    let mut text = String::from(
        "RENCANA AKSI KINERJA TAHUN 2024\nSUB BAGIAN CONTOH\n\nNO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tRENCANA PELAKSANAAN\t\t\t\t\t\t\t\t\t\t\t\tPELAKSANA\n\t\t\t\t\tB1\tB2\tB3\tB4\tB5\tB6\tB7\tB8\tB9\tB10\tB11\tB12\t\n",
    );
    for r in 0..rows {
        let objective = if r % 10 == 0 {
            format!("Terwujudnya sasaran nomor {r}")
        } else {
            String::new()
        };
        let (no, indicator, target) = if r % 2 == 0 {
            (
                (r / 10 + 1).to_string(),
                format!("Persentase capaian indikator {r}"),
                "100%".to_string(),
            )
        } else {
            (String::new(), String::new(), String::new())
        };
        let marks: Vec<&str> = (0..12).map(|m| if (r + m) % 3 == 0 { "√" } else { "" }).collect();
        text.push_str(&format!(
            "{no}\t{objective}\t{indicator}\t{target}\tKegiatan nomor {r} untuk mendukung sasaran\t{}\tSubbag Contoh\n",
            marks.join("\t")
        ));
    }
    text
}

/// The same table as an XLSX workbook: one cell per tab-separated field, marks as text.
fn as_xlsx(text: &str) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("RAK").expect("sheet name");
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split('\t').enumerate() {
            if !cell.is_empty() {
                sheet.write_string(r as u32, c as u16, cell).expect("cell");
            }
        }
    }
    book.save_to_buffer().expect("workbook")
}

fn import(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    for name in [
        "rak-kpu-kota-metro-2024.txt",
        "rak-sekretariat-kpu-kubu-raya-2024.txt",
        "lkj-kpu-kota-metro-2024.txt",
    ] {
        let (label, text) = seed(name);
        group.bench_function(&label, |b| b.iter(|| kinerja_import::read_text(&text).unwrap()));
        if name.starts_with("rak-kpu-kota-metro") {
            let docx = word::docx_of(&text);
            let label = format!("{label} as docx");
            group.bench_function(&label, |b| {
                b.iter(|| kinerja_import::read_file("rak.docx", &docx).unwrap())
            });
        }
    }
    let big = big_rak(50_000);
    assert_eq!(kinerja_import::read_text(&big).unwrap().actions(), 50_000);
    group.sample_size(10);
    group.bench_function("rak_50000_rows_text", |b| {
        b.iter(|| kinerja_import::read_text(&big).unwrap())
    });
    let xlsx = as_xlsx(&big);
    let read = kinerja_import::read_file("rak.xlsx", &xlsx).expect("the workbook reads");
    assert_eq!(read.actions(), 50_000);
    assert!(
        read.warnings.is_empty(),
        "{:?}",
        &read.warnings[..read.warnings.len().min(3)]
    );
    group.bench_function("rak_50000_rows_xlsx", |b| {
        b.iter(|| kinerja_import::read_file("rak.xlsx", &xlsx).expect("reads"))
    });
    let docx = word::docx_of(&big);
    assert_eq!(
        kinerja_import::read_file("rak.docx", &docx).expect("reads").actions(),
        50_000
    );
    group.bench_function("rak_50000_rows_docx", |b| {
        b.iter(|| kinerja_import::read_file("rak.docx", &docx).expect("reads"))
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
