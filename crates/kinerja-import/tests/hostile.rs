//! Files made to hurt the importer: each is read or refused with a message naming the limit,
//! never aborting, and never holding more than the limits allow. (Their peak memory is measured
//! by `scripts/hostile-imports.sh`, in docs/BENCHMARKS.md.)

#[path = "support/hostile_files.rs"]
mod hostile_files;

use hostile_files::*;
use kinerja_import::limits::{MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_PART_BYTES};
use kinerja_import::read_file;

#[test]
fn a_sheet_with_cells_in_two_far_corners_reads_two_cells() {
    let bytes = sparse_corners();
    assert!(bytes.len() < 2_000, "{} bytes", bytes.len());
    let read = read_file("sudut.xlsx", &bytes).expect("read, not refused");
    let beyond: Vec<_> = read
        .warnings
        .iter()
        .filter(|w| w.message.en.contains("XFD1048576"))
        .collect();
    assert_eq!(beyond.len(), 1, "{:?}", read.warnings);
    assert_eq!(
        beyond[0].message.id,
        "sel XFD1048576 dan sel lain di luar kolom IV tidak dibaca (paling banyak 256 kolom)"
    );
    assert_eq!(beyond[0].line, 1_048_576);
    assert_eq!(beyond[0].sheet.as_deref(), Some("RAK"));
}

#[test]
fn a_table_with_a_stray_cell_in_the_last_row_is_read_whole() {
    let read = read_file("rak.xlsx", &sparse_rows()).expect("read");
    assert_eq!(read.documents.len(), 1);
    let d = &read.documents[0];
    assert_eq!(d.objectives.len(), 1);
    assert_eq!(d.objectives[0].indicators[0].actions[0].periods, [1]);
    // The stray note is not lost: it is text after the table, read as such (no row is dropped).
    assert!(
        read.warnings.iter().all(|w| !w.message.en.contains("cannot")),
        "{:?}",
        read.warnings
    );
}

#[test]
fn a_part_that_unpacks_past_its_limit_is_refused() {
    let bytes = bomb_part(MAX_PART_BYTES as usize + 1);
    assert!(bytes.len() < 1_000_000, "the bomb is small: {} bytes", bytes.len());
    let e = read_file("bom.xlsx", &bytes).unwrap_err();
    assert_eq!(
        e.id,
        "bom.xlsx: bagian \"xl/sharedStrings.xml\" dari paket XLSX terurai lebih dari 67.108.864 bita: paling besar 67.108.864 (64 MB)"
    );
}

#[test]
fn parts_that_together_unpack_past_the_limit_are_refused() {
    // Five parts of 60 MB: each under 64 MB, together over 256 MB.
    let bytes = bomb_total(5, 60 * 1024 * 1024);
    let e = read_file("bom.xlsx", &bytes).unwrap_err();
    assert_eq!(
        e.en,
        "bom.xlsx: the XLSX package unpacks to more than 268435456 bytes: at most that (256 MB)"
    );
}

#[test]
fn a_csv_ten_thousand_columns_wide_is_refused_at_its_first_row() {
    let csv = wide_csv(10_000, 100);
    let e = read_file("lebar.csv", csv.as_bytes()).unwrap_err();
    assert_eq!(
        e.id,
        "lebar.csv: baris 1 memiliki lebih dari 256 kolom: paling banyak 256"
    );
    // At the limit it is read.
    assert!(read_file("pas.csv", wide_csv(MAX_COLUMNS, 3).as_bytes()).is_ok());
}

#[test]
fn text_lines_too_wide_or_too_many_are_refused() {
    let wide = format!("NO{}\n", "\tx".repeat(MAX_COLUMNS));
    let e = read_file("lebar.txt", wide.as_bytes()).unwrap_err();
    assert_eq!(e.en, "lebar.txt: line 1 has more than 256 columns: at most 256");
    let many = "a\n".repeat(kinerja_import::limits::MAX_LINES + 1);
    let e = read_file("panjang.txt", many.as_bytes()).unwrap_err();
    assert_eq!(e.en, "panjang.txt: the file has more than 60000 lines: at most 60000");
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let bytes = vec![b'a'; MAX_FILE_BYTES + 1];
    let e = read_file("besar.txt", &bytes).unwrap_err();
    assert_eq!(
        e.id,
        "besar.txt: berkas terlalu besar: paling besar 16 MB (16.777.216 bita)"
    );
}

#[test]
fn a_huge_cell_is_cut_with_a_warning_and_control_characters_become_spaces() {
    let action = format!("Menyusun\u{1b}laporan\u{202e} {}", "x".repeat(MAX_CELL_CHARS + 10));
    let read = read_file("sel.txt", rak_text(1, &action).as_bytes()).expect("read");
    let text = &read.documents[0].objectives[0].indicators[0].actions[0].text;
    assert!(
        text.starts_with("Menyusun laporan x"),
        "{:?}",
        text.chars().take(30).collect::<String>()
    );
    assert_eq!(text.chars().count(), MAX_CELL_CHARS);
    let w: Vec<_> = read.warnings.iter().filter(|w| w.line == 5).collect();
    assert_eq!(w.len(), 1, "{:?}", read.warnings);
    assert_eq!(
        w[0].message.en,
        "a cell of more than 32767 characters: cut at character 32767"
    );
}

#[test]
fn broken_packages_say_what_they_are() {
    for bytes in [
        b"PK\x03\x04".to_vec(),
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec(),
        workbook("<worksheet>", &[]),
        workbook(
            &sheet_xml("A1", &[(1, vec![("ZZZZZZ99999999999".into(), "x".into())])]),
            &[],
        ),
        [sparse_rows(), vec![0; 100]].concat(),
    ] {
        match read_file("rusak.xlsx", &bytes) {
            Ok(_) => {}
            Err(e) => assert!(e.id.starts_with("rusak.xlsx: "), "{}", e.id),
        }
    }
}

#[test]
fn a_cell_reference_that_overflows_the_reader_is_a_damaged_file() {
    let sheet = sheet_xml("A1", &[(1, vec![("ZZZZZZ99999999999".into(), "x".into())])]);
    match read_file("rusak.xlsx", &workbook(&sheet, &[])) {
        // With checked arithmetic (tests, debug builds) the library panics, which is caught.
        Err(e) => assert_eq!(
            e.id,
            "rusak.xlsx: bukan berkas XLSX yang dapat dibaca (the spreadsheet reader failed on this file (damaged or hostile))"
        ),
        // Without it (release builds) the reference wraps around and the cell lands elsewhere.
        Ok(_) => {
            let checked = cfg!(debug_assertions);
            assert!(!checked, "debug builds check arithmetic");
        }
    }
}

#[test]
fn file_names_in_messages_are_cleaned() {
    let e = read_file("../../laporan\u{202e}fdp.exe\0", b"\xff").unwrap_err();
    assert!(e.id.starts_with("laporanfdp.exe: bukan teks"), "{}", e.id);
}

/// A ZIP whose directory is cut off is named as a broken package, whatever its name says: not
/// an XLSX because it is no DOCX.
#[test]
fn a_broken_package_is_named_a_broken_package() {
    let mut book = workbook(&sheet_xml("A1", &[]), &[]);
    book.truncate(book.len() - 30);
    for name in ["rencana.docx", "rencana.xlsx", "rencana"] {
        let e = read_file(name, &book).unwrap_err();
        assert!(
            e.en.starts_with(&format!(
                "{name}: a broken ZIP package (DOCX, ODT or XLSX) that cannot be opened"
            )),
            "{}",
            e.en
        );
    }
}
