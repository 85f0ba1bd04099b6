//! Word files read as the text of their PDF reads: every text layout, written into a DOCX the
//! way Word writes a table (one row per line, one cell per column), and into an ODT the way
//! LibreOffice does, imports to the same documents, objectives, actions, schedules, signatures
//! and warnings, line for line.

use kinerja_import::Imported;
use proptest::prelude::*;

#[path = "support/word.rs"]
mod word;
use word::{docx_of, odt_of};

fn both(name: &str, text: &str) -> (Imported, Imported) {
    let from_text = kinerja_import::read_text(text).expect("within the limits");
    let from_docx = kinerja_import::read_file(&format!("{name}.docx"), &docx_of(text))
        .unwrap_or_else(|e| panic!("{name}: {}", e.en));
    let from_odt =
        kinerja_import::read_file(&format!("{name}.odt"), &odt_of(text)).unwrap_or_else(|e| panic!("{name}: {}", e.en));
    assert_eq!(from_odt, from_docx, "{name}: ODT as DOCX");
    (from_text, from_docx)
}

fn corpus() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz-corpus");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/rak-kpu-kota-metro-contoh-2025.txt"
    );
    out.push((fixture.into(), std::fs::read_to_string(fixture).unwrap()));
    out
}

#[test]
fn every_text_layout_reads_the_same_from_word() {
    let files = corpus();
    assert!(files.len() >= 4, "{files:?}");
    for (name, text) in files {
        let (from_text, from_docx) = both(&name, &text);
        assert!(!from_text.documents.is_empty(), "{name}");
        assert_eq!(from_docx, from_text, "{name}");
    }
}

#[test]
#[ignore = "needs the seed documents beside the repository (../shared/seeds)"]
fn the_seeds_read_the_same_from_word() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
    let mut seen = 0;
    for e in std::fs::read_dir(dir).expect("../shared/seeds") {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "txt") {
            let text = std::fs::read_to_string(&path).unwrap();
            let (from_text, from_docx) = both(&path.display().to_string(), &text);
            assert_eq!(from_docx, from_text, "{}", path.display());
            seen += 1;
        }
    }
    assert!(seen >= 3, "{seen} seeds");
}

proptest! {
    /// Any table of plain cells, with a title above and a signature below.
    #[test]
    fn any_table_reads_the_same_from_word(rows in prop::collection::vec(
        prop::collection::vec("[A-Za-z0-9 .,%✓]{0,12}", 12),
        1..12,
    )) {
        let header = "NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tI\tII\tIII\tIV\tANGGARAN\tPELAKSANA\tKET";
        let body: Vec<String> = rows.iter().map(|r| r.join("\t")).collect();
        let text = format!("RENCANA AKSI TAHUN 2025\n{header}\n{}\nMetro, 2 Januari 2025\n", body.join("\n"));
        let (from_text, from_docx) = both("generated", &text);
        prop_assert_eq!(from_docx, from_text);
    }
}
