//! `kinerja import` as a user runs it: on an invented RAK in the offices' layout
//! (`tests/fixtures/`, in this repository), on the real documents beside the repository
//! (`../shared/seeds/`: those tests are ignored where the seeds are absent) and on bad files.

use serde_json::Value as Json;

mod common;
use common::{kinerja, stderr, stdout};
#[path = "../../kinerja-documents/tests/support/scan.rs"]
mod scan;

fn seed(name: &str) -> String {
    format!("{}/../../../shared/seeds/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// An invented RAK of the demo office's commission (by quarter) and Rendatin (by month).
fn fixture() -> String {
    format!(
        "{}/../../tests/fixtures/rak-kpu-kota-metro-contoh-2025.txt",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
#[ignore = "needs the seed documents beside the repository (../shared/seeds)"]
fn a_dry_run_prints_what_was_recognised_as_json_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("k.db").display());
    let out = kinerja(
        &db,
        &["import", &seed("rak-kpu-kota-metro-2024.txt"), "--dry-run", "--json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Json = serde_json::from_str(&stdout(&out)).unwrap();
    let documents = doc["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 6);
    assert!(documents.iter().all(|d| d["kind"] == "rak" && d["year"] == 2024));
    assert_eq!(documents[0]["period_kind"], "quarter");
    assert_eq!(documents[1]["period_kind"], "month");
    let first = &documents[0]["objectives"][0]["indicators"][0];
    assert_eq!(first["target"]["kind"], "percent");
    assert_eq!(first["target"]["value"], 100.0);
    assert_eq!(first["actions"][0]["periods"], serde_json::json!([1, 2, 3, 4]));
    assert_eq!(first["actions"][0]["executor"], "DIVISI HUKUM & PENGAWASAN");
    assert_eq!(documents[0]["signatories"][0]["name"], "NURRIS SEPTA PRATAMA");
    let warnings = doc["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 23, "one per row with marks beyond B12");
    assert_eq!(warnings[0]["line"], 45);
    assert!(
        !dir.path().join("k.db").exists(),
        "a dry run does not even open the database"
    );

    let text = kinerja(&db, &["import", &seed("rak-kpu-kota-metro-2024.txt"), "--dry-run"]);
    let text = stdout(&text);
    assert!(
        text.contains("6 tabel, 38 sasaran, 38 indikator, 38 kegiatan"),
        "{text}"
    );
    assert!(
        text.contains("baris   22  RAK  RENCANA AKSI KINERJA TAHUN 2024 KOMISI PEMILIHAN UMUM KOTA METRO"),
        "{text}"
    );
    assert!(text.contains("23 peringatan:"));
}

/// The scanned RAK page of `tests/fixtures` (a JPEG).
fn scan_fixture() -> String {
    format!(
        "{}/../../tests/fixtures/rak-contoh-pindai.jpg",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// Without Tesseract a scan is refused with the packages to install; nothing else needs it.
#[test]
fn a_scan_without_tesseract_names_the_packages_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("k.db").display());
    let out = common::kinerja_with_env(
        &db,
        &["import", &scan_fixture(), "--dry-run"],
        &[("KINERJA_TESSERACT", "/nonexistent/tesseract")],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("rak-contoh-pindai.jpg: halaman 1: berkas hasil pindai dibaca dengan OCR, tetapi Tesseract (/nonexistent/tesseract) tidak terpasang: pasang paket Debian tesseract-ocr dan tesseract-ocr-ind"),
        "{err}"
    );
}

/// The scanned page read by OCR: the RAK by month, its eight actions, the warning that it was
/// a scan, and a page counter on stderr.
#[test]
#[ignore = "needs Tesseract (Debian: tesseract-ocr tesseract-ocr-ind)"]
fn a_scan_is_read_by_ocr_into_a_rak() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("k.db").display());
    let out = kinerja(&db, &["import", &scan_fixture(), "--dry-run", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("[1/1] OCR halaman"), "{}", stderr(&out));
    let json: Json = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["documents"][0]["kind"], "rak");
    assert_eq!(json["documents"][0]["period_kind"], "month");
    let rows = rak_rows(&json);
    let actions: Vec<&str> = rows[0].iter().map(|r| r.3.as_str()).collect();
    assert_eq!(actions.len(), 8, "{actions:?}");
    assert!(actions.contains(&"Pengumpulan data realisasi kinerja"), "{actions:?}");
    let monthly = rows[0]
        .iter()
        .find(|r| r.3 == "Pengumpulan data realisasi kinerja")
        .unwrap();
    assert_eq!(monthly.4, serde_json::json!([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
    assert!(
        json["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("hasil pindai dengan OCR"),
        "{}",
        json["warnings"]
    );
}

/// A file whose titles name another office or year is read, with a warning on each table.
#[test]
fn another_offices_or_years_file_is_warned_of() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("k.db").display());
    let out = kinerja(
        &db,
        &[
            "import",
            &fixture(),
            "--dry-run",
            "--json",
            "--office",
            "kpu-kabupaten-lampung-selatan",
            "--year",
            "2026",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Json = serde_json::from_str(&stdout(&out)).unwrap();
    let messages: Vec<&str> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["message"].as_str().unwrap())
        .collect();
    let office = messages
        .iter()
        .filter(|m| m.contains("bukan kpu-kabupaten-lampung-selatan"))
        .count();
    let year = messages
        .iter()
        .filter(|m| m.contains("menyebut tahun 2025, tetapi tabel ditulis ke tahun 2026"))
        .count();
    assert_eq!((office, year), (2, 2), "one of each per table: {messages:#?}");
    // The office's own code and the title's year: no such warning.
    let own = kinerja(
        &db,
        &[
            "import",
            &fixture(),
            "--dry-run",
            "--json",
            "--office",
            "kpu-kota-metro",
            "--year",
            "2025",
        ],
    );
    let own: Json = serde_json::from_str(&stdout(&own)).unwrap();
    assert_eq!(
        own["warnings"].as_array().unwrap().len(),
        1,
        "the 13th mark alone: {}",
        own["warnings"]
    );
}

#[test]
fn bad_files_are_named_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("k.db").display());
    let binary = dir.path().join("scan.pdf");
    std::fs::write(&binary, b"%PDF-1.4\n\xff\xfe\x00\x01binary").unwrap();
    let missing = dir.path().join("tidak-ada.txt");
    for (file, lang, message) in [
        (
            binary.to_str().unwrap(),
            "id",
            "scan.pdf: bukan berkas PDF yang dapat dibaca",
        ),
        (
            binary.to_str().unwrap(),
            "en",
            "scan.pdf: not a PDF file that can be read",
        ),
        (missing.to_str().unwrap(), "id", "cannot read"),
    ] {
        let out = kinerja(&db, &["import", file, "--dry-run", "--lang", lang]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert!(stderr(&out).contains(message), "{}", stderr(&out));
        assert_eq!(stderr(&out).trim_end().lines().count(), 1, "one line: {}", stderr(&out));
    }
    // Writing needs the office.
    let out = kinerja(&db, &["import", &fixture()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--office is needed"), "{}", stderr(&out));
    assert!(!dir.path().join("k.db").exists());
}

/// The rows of every RAK in an import's JSON: (objective, indicator, target, action, periods,
/// executor), per document.
/// (objective, indicator, target, action, periods, executor).
type RakRow = (String, String, String, String, Json, Json);

fn rak_rows(json: &Json) -> Vec<Vec<RakRow>> {
    json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let mut rows = vec![];
            for o in d["objectives"].as_array().unwrap() {
                for i in o["indicators"].as_array().unwrap() {
                    for a in i["actions"].as_array().unwrap() {
                        rows.push((
                            o["text"].as_str().unwrap().to_string(),
                            i["text"].as_str().unwrap().to_string(),
                            i["target"]["raw"].as_str().unwrap_or("").to_string(),
                            a["text"].as_str().unwrap().to_string(),
                            a["periods"].clone(),
                            a["executor"].clone(),
                        ));
                    }
                }
            }
            rows
        })
        .collect()
}

/// The seed's units in the order of its tables: the commission, the Sekretaris, then four
/// sub-sections.
const SEED_RAK_UNITS: [&str; 6] = [
    "komisi",
    "sekretariat",
    "subbag-teknis",
    "subbag-rendatin",
    "subbag-kul",
    "subbag-hukum",
];

/// The rows of the seed RAK, table by table, as `kinerja import --dry-run --json` reads them.
fn seed_rak_rows(db: &str) -> Vec<Vec<RakRow>> {
    let out = kinerja(
        db,
        &["import", &seed("rak-kpu-kota-metro-2024.txt"), "--dry-run", "--json"],
    );
    rak_rows(&serde_json::from_str(&stdout(&out)).unwrap())
}

/// Each page of a PDF drawn by pdftoppm at 150 dpi in grey, then turned and speckled as a
/// scanner leaves it.
fn scanned_pages(pdf: &std::path::Path, deg: f32) -> Vec<image::GrayImage> {
    let prefix = pdf.with_extension("halaman");
    let out = std::process::Command::new("pdftoppm")
        .args(["-r", "150", "-gray", "-png"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .expect("pdftoppm (Debian: poppler-utils)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dir = pdf.parent().unwrap();
    let stem = prefix.file_name().unwrap().to_string_lossy().to_string();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{stem}-"))
        })
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let page = image::open(f).unwrap().into_luma8();
            let raster = kinerja_documents::Raster {
                width: page.width(),
                height: page.height(),
                grey: page.into_raw(),
            };
            scan::scanned(&raster, deg)
        })
        .collect()
}

/// A RAK printed as PDF as an office has it on paper: drawn at 150 dpi, turned 0,5° and speckled,
/// saved as a PDF of JPEG pages (a scanner's file) and imported by OCR. Every table is a RAK and
/// the file is said to be read by OCR. Returns how many of `expected` came back with their
/// indicator, its target and their months (texts at least 85% alike), the misses and the pages.
fn scanned_and_matched(db: &str, pdf: &std::path::Path, expected: &[RakRow]) -> (usize, Vec<String>, usize) {
    let name = pdf.file_stem().unwrap().to_string_lossy().to_string();
    let scanned = scanned_pages(pdf, 0.5);
    let file = pdf.with_file_name(format!("{name}-pindai.pdf"));
    std::fs::write(&file, scan::pdf_of_images(&scanned, 150.0)).unwrap();
    let out = kinerja(db, &["import", file.to_str().unwrap(), "--dry-run", "--json"]);
    assert!(out.status.success(), "{name}: {}", stderr(&out));
    let json: Json = serde_json::from_str(&stdout(&out)).unwrap();
    let docs = json["documents"].as_array().unwrap();
    let kinds: Vec<String> = docs
        .iter()
        .map(|d| format!("{} at line {}: {}", d["kind"], d["line"], d["title"]))
        .collect();
    assert!(
        !docs.is_empty() && docs.iter().all(|d| d["kind"] == "rak"),
        "{name}: {kinds:#?}\nwarnings: {:#?}",
        json["warnings"]
    );
    // What OCR misread is not known to be wrong: the file's first warning says every figure and
    // name is to be checked against the page, which the preview shows beside each cell.
    assert!(
        json["warnings"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("OCR")),
        "{name}: {}",
        json["warnings"]
    );
    let got: Vec<RakRow> = rak_rows(&json).into_iter().flatten().collect();
    let mut misses = vec![];
    let found = expected
        .iter()
        .filter(|e| {
            let hit = got.iter().any(|g| {
                scan::likeness(&g.3, &e.3) >= 0.85 && scan::likeness(&g.1, &e.1) >= 0.85 && g.2 == e.2 && g.4 == e.4
            });
            if !hit {
                let nearest = got
                    .iter()
                    .max_by(|a, b| scan::likeness(&a.3, &e.3).total_cmp(&scan::likeness(&b.3, &e.3)));
                misses.push(format!("{name}: {} / {} {}\n    read: {nearest:?}", e.1, e.3, e.4));
            }
            hit
        })
        .count();
    (found, misses, scanned.len())
}

/// The seed RAK as an office has it on paper: each unit's RAK printed from Kinerja, scanned and
/// imported by OCR ([`scanned_and_matched`]). At least 90% of the seed's actions come back.
#[test]
#[ignore = "needs the seed documents beside the repository (../shared/seeds), pdftoppm (Debian: poppler-utils) and Tesseract (tesseract-ocr tesseract-ocr-ind)"]
fn the_seed_rak_printed_and_scanned_imports_by_ocr() {
    let (dir, db) = common::demo_db();
    let from_seed = seed_rak_rows(&db);
    let (mut found, mut total, mut pages) = (0, 0, 0);
    let mut misses = vec![];
    for (n, unit) in SEED_RAK_UNITS.iter().enumerate() {
        let pdf = dir.path().join(format!("rak-{unit}.pdf"));
        let office = ["--office", "kpu-kota-metro", "--year", "2024", "--unit", unit];
        let out = kinerja(
            &db,
            &[
                &["doc", "rak", "--format", "pdf", "-o", pdf.to_str().unwrap()][..],
                &office[..],
            ]
            .concat(),
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let (unit_found, unit_misses, unit_pages) = scanned_and_matched(&db, &pdf, &from_seed[n]);
        found += unit_found;
        misses.extend(unit_misses);
        pages += unit_pages;
        total += from_seed[n].len();
    }
    eprintln!("{found} of {total} actions on {pages} pages; missed: {misses:#?}");
    assert!(total >= 20, "{total}");
    // The issue's bar: 90%. On this machine's Tesseract (5.3.0) all 38 come back since the page is
    // cleared of its specks before OCR (28 before: `Bimte Diklat Maha`, `10096`, a lost schedule).
    assert!(
        found * 100 >= total * 90,
        "{found} of {total} actions; missed: {misses:#?}"
    );
}

/// The Kubu Raya RAK (the second seed, of an office the demo lacks: loaded from
/// tests/fixtures/kpu-kubu-raya.toml) in every form an office has it: its text written into the
/// office's 2024, printed from Kinerja as Word and PDF and read back to the text's rows (a PDF row
/// no longer splits over a page break, and one that does is joined), and the PDF scanned and read
/// by OCR to at least 90% of its 53 actions. The title names the office by its full name: no
/// "another office" warning.
#[test]
#[ignore = "needs the seed documents beside the repository (../shared/seeds), pdftoppm (Debian: poppler-utils) and Tesseract (tesseract-ocr tesseract-ocr-ind)"]
fn the_kubu_raya_rak_as_text_word_pdf_and_scan_imports_to_the_same_rows() {
    let (dir, db) = common::demo_db();
    let fixture = format!("{}/../../tests/fixtures/kpu-kubu-raya.toml", env!("CARGO_MANIFEST_DIR"));
    let out = kinerja(&db, &["load", &fixture]);
    assert!(out.status.success(), "{}", stderr(&out));
    let seed_file = seed("rak-sekretariat-kpu-kubu-raya-2024.txt");
    let office = ["--office", "kpu-kubu-raya", "--year", "2024"];
    let text: Json = serde_json::from_str(&stdout(&kinerja(
        &db,
        &[&["import", &seed_file, "--dry-run", "--json"][..], &office[..]].concat(),
    )))
    .unwrap();
    let from_text: Vec<RakRow> = rak_rows(&text).into_iter().flatten().collect();
    assert_eq!(from_text.len(), 53);
    let foreign = text["warnings"].to_string();
    assert!(!foreign.contains("bukan kpu-kubu-raya"), "{foreign}");
    let out = kinerja(&db, &[&["import", &seed_file][..], &office[..]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    // The rows in the order of the text's (writing joins the two tables' objective "Meningkatnya
    // akuntabilitas kinerja …" into one, and the document prints its rows together). A PDF that
    // wraps a cell after a slash cannot tell whether a space followed it.
    let slash = |rows: &[RakRow]| -> Vec<String> {
        let f = |s: &String| s.replace("/ ", "/");
        let mut rows: Vec<String> = rows
            .iter()
            .map(|r| format!("{:?}", (f(&r.0), f(&r.1), f(&r.2), f(&r.3), &r.4, &r.5)))
            .collect();
        rows.sort();
        rows
    };
    let mut pdf = None;
    for format in ["docx", "pdf"] {
        let file = dir.path().join(format!("rak-kubu-raya.{format}"));
        let out = kinerja(
            &db,
            &[
                &[
                    "doc",
                    "rak",
                    "--unit",
                    "sekretariat",
                    "--format",
                    format,
                    "-o",
                    file.to_str().unwrap(),
                ][..],
                &office[..],
            ]
            .concat(),
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let back: Json = serde_json::from_str(&stdout(&kinerja(
            &db,
            &["import", file.to_str().unwrap(), "--dry-run", "--json"],
        )))
        .unwrap();
        let rows = slash(&rak_rows(&back).into_iter().flatten().collect::<Vec<_>>());
        let expected = slash(&from_text);
        let differ = |a: &[String], b: &[String]| a.iter().filter(|r| !b.contains(r)).cloned().collect::<Vec<_>>();
        assert_eq!(
            (differ(&rows, &expected), differ(&expected, &rows)),
            (vec![], vec![]),
            "{format}: rows read but not in the text, and in the text but not read"
        );
        assert_eq!(rows.len(), expected.len(), "{format}");
        assert_eq!(back["warnings"], serde_json::json!([]), "{format}");
        pdf = Some(file);
    }
    let (found, misses, pages) = scanned_and_matched(&db, &pdf.unwrap(), &from_text);
    eprintln!(
        "{found} of {} actions on {pages} pages; missed: {misses:#?}",
        from_text.len()
    );
    assert!(
        found * 100 >= from_text.len() * 90,
        "{found} of {} actions; missed: {misses:#?}",
        from_text.len()
    );
}

/// The demo's RAKs exported as XLSX, DOCX and PDF (the documents' writers) and imported again give
/// the rows the seed text gives (which are the demo's, see kinerja-import's seed test).
#[test]
#[ignore = "needs the seed documents beside the repository (../shared/seeds)"]
fn an_exported_rak_imports_back_to_the_same_rows() {
    let (dir, db) = common::demo_db();
    let from_seed = seed_rak_rows(&db);
    for format in ["xlsx", "docx", "pdf"] {
        for (n, unit) in SEED_RAK_UNITS.iter().enumerate() {
            let file = dir.path().join(format!("rak-{unit}.{format}"));
            let out = kinerja(
                &db,
                &[
                    "doc",
                    "rak",
                    "--office",
                    "kpu-kota-metro",
                    "--year",
                    "2024",
                    "--unit",
                    unit,
                    "--format",
                    format,
                    "-o",
                    file.to_str().unwrap(),
                ],
            );
            assert!(out.status.success(), "{}", stderr(&out));
            let out = kinerja(&db, &["import", file.to_str().unwrap(), "--dry-run", "--json"]);
            assert!(out.status.success(), "{}", stderr(&out));
            let json: Json = serde_json::from_str(&stdout(&out)).unwrap();
            assert_eq!(json["documents"].as_array().unwrap().len(), 1, "{unit}.{format}");
            if format == "xlsx" {
                assert_eq!(
                    json["documents"][0]["sheet"].as_str().map(|s| s.starts_with("RAK")),
                    Some(true)
                );
            }
            // A PDF that wraps a cell after a slash cannot tell whether a space followed it.
            let slash = |rows: &[RakRow]| -> Vec<RakRow> {
                let f = |s: &String| {
                    if format == "pdf" {
                        s.replace("/ ", "/")
                    } else {
                        s.clone()
                    }
                };
                rows.iter()
                    .map(|r| (f(&r.0), f(&r.1), f(&r.2), f(&r.3), r.4.clone(), r.5.clone()))
                    .collect()
            };
            let rows = &rak_rows(&json)[0];
            assert_eq!(slash(rows), slash(&from_seed[n]), "{unit}.{format}");
            assert_eq!(
                json["warnings"],
                serde_json::json!([]),
                "{unit}.{format}: a clean round trip"
            );
        }
    }
}

/// The seed RAK written into an empty year of the demo office (one transaction), then exported
/// again as XLSX and read back: the same rows. A second import into the same year finds
/// everything there, adds nothing and writes nothing (not even an audit entry).
#[test]
#[ignore = "needs the seed documents beside the repository (../shared/seeds)"]
fn an_import_is_written_into_an_empty_year_and_reads_back_the_same() {
    let (dir, db) = common::demo_db();
    let seed_file = seed("rak-kpu-kota-metro-2024.txt");
    let out = kinerja(
        &db,
        &["import", &seed_file, "--office", "kpu-kota-metro", "--year", "2025"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let summary: Json = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(
        (
            summary["plans"].as_u64(),
            summary["actions_added"].as_u64(),
            summary["actions_present"].as_u64()
        ),
        (Some(6), Some(38), Some(0))
    );
    let seed_json: Json =
        serde_json::from_str(&stdout(&kinerja(&db, &["import", &seed_file, "--dry-run", "--json"]))).unwrap();
    let from_seed = rak_rows(&seed_json);
    for (n, unit) in SEED_RAK_UNITS.iter().enumerate() {
        let file = dir.path().join(format!("rak-{unit}-2025.xlsx"));
        let out = kinerja(
            &db,
            &[
                "doc",
                "rak",
                "--office",
                "kpu-kota-metro",
                "--year",
                "2025",
                "--unit",
                unit,
                "--format",
                "xlsx",
                "-o",
                file.to_str().unwrap(),
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let json: Json = serde_json::from_str(&stdout(&kinerja(
            &db,
            &["import", file.to_str().unwrap(), "--dry-run", "--json"],
        )))
        .unwrap();
        assert_eq!(&rak_rows(&json)[0], &from_seed[n], "{unit}");
    }
    let audit_before = stdout(&kinerja(
        &db,
        &["audit", "--office", "kpu-kota-metro", "--limit", "1000"],
    ))
    .lines()
    .count();
    let again = kinerja(
        &db,
        &["import", &seed_file, "--office", "kpu-kota-metro", "--year", "2025"],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    let merged: Json = serde_json::from_str(stderr(&again).trim()).unwrap();
    for (key, expected) in [
        ("plans", 6),
        ("objectives_added", 0),
        ("indicators_added", 0),
        ("actions_added", 0),
        ("indicators_completed", 0),
        ("actions_present", 38),
    ] {
        assert_eq!(merged[key].as_u64(), Some(expected), "{key}: {merged}");
    }
    assert_eq!(merged["kept"], serde_json::json!([]), "the same file says nothing else");
    let audit_after = stdout(&kinerja(
        &db,
        &["audit", "--office", "kpu-kota-metro", "--limit", "1000"],
    ))
    .lines()
    .count();
    assert_eq!(audit_after, audit_before, "nothing written");
    let unknown = kinerja(
        &db,
        &[
            "import",
            &seed_file,
            "--office",
            "kpu-kota-metro",
            "--year",
            "2026",
            "--unit",
            "subbag-xyz",
        ],
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("tidak ada unit KPU Kota Metro bernama \"subbag-xyz\""),
        "{}",
        stderr(&unknown)
    );
}

/// The LKj's five PK tables, written into an empty 2025 of the demo office: each title finds its
/// unit (Tabel 1 names only the city: the office's own PK; "Hukum dan SDM" is the subsection
/// "Hukum dan Sumber Daya Manusia"), with the budget lines the LKj prints under Tabel 1, 3 and 9.
#[test]
#[ignore = "needs the seed documents beside the repository (../shared/seeds)"]
fn the_lkj_pks_are_written_into_a_year() {
    let (_dir, db) = common::demo_db();
    let out = kinerja(
        &db,
        &[
            "import",
            &seed("lkj-kpu-kota-metro-2024.txt"),
            "--office",
            "kpu-kota-metro",
            "--year",
            "2025",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let summary: Json = serde_json::from_str(&err[err.find('{').unwrap()..]).unwrap();
    for (key, expected) in [
        ("plans", 5),
        ("objectives_added", 31),
        ("indicators_added", 47),
        ("budget_lines_added", 4),
    ] {
        assert_eq!(summary[key].as_u64(), Some(expected), "{key}: {summary}");
    }
    assert_eq!(err.matches("tabel capaian LKj berisi realisasi").count(), 4, "{err}");
}

/// The invented RAK, as a planner imports it: recognised (two tables, by quarter and by month,
/// the 13th mark named), written into an empty year of the demo office, exported again as XLSX
/// and read back to the same rows, and imported a second time adding nothing and writing nothing.
#[test]
fn an_invented_rak_is_recognised_written_exported_and_read_back() {
    let (dir, db) = common::demo_db();
    let file = fixture();
    let dry: Json = serde_json::from_str(&stdout(&kinerja(&db, &["import", &file, "--dry-run", "--json"]))).unwrap();
    let documents = dry["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 2);
    assert_eq!(
        (
            documents[0]["period_kind"].as_str(),
            documents[1]["period_kind"].as_str()
        ),
        (Some("quarter"), Some("month"))
    );
    let first = &documents[0]["objectives"][0]["indicators"][0];
    assert_eq!(
        (first["target"]["kind"].as_str(), first["target"]["value"].as_f64()),
        (Some("percent"), Some(100.0))
    );
    assert_eq!(first["actions"][0]["periods"], serde_json::json!([1, 2, 3, 4]));
    assert_eq!(
        first["actions"][0]["executor"],
        "DIVISI PERENCANAAN, DATA DAN INFORMASI"
    );
    assert_eq!(documents[0]["signatories"][0]["name"], "RINA KARTIKA SARI, S.H.");
    let warnings = dry["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "the 13th mark: {warnings:?}");
    assert_eq!(warnings[0]["line"], 28);
    let from_file = rak_rows(&dry);

    let out = kinerja(&db, &["import", &file, "--office", "kpu-kota-metro", "--year", "2025"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json_start = stderr(&out).find("{\n").expect("the merge summary");
    let summary: Json = serde_json::from_str(stderr(&out)[json_start..].trim()).unwrap();
    assert_eq!(
        (
            summary["plans"].as_u64(),
            summary["actions_added"].as_u64(),
            summary["actions_present"].as_u64()
        ),
        (Some(2), Some(5), Some(0)),
        "{summary}"
    );
    // Kinerja's own RAK, as a spreadsheet, a Word file and a PDF, reads back to the same rows.
    for format in ["xlsx", "docx", "pdf"] {
        for (n, unit) in ["komisi", "subbag-rendatin"].iter().enumerate() {
            let file = dir.path().join(format!("rak-{unit}-2025.{format}"));
            let out = kinerja(
                &db,
                &[
                    "doc",
                    "rak",
                    "--office",
                    "kpu-kota-metro",
                    "--year",
                    "2025",
                    "--unit",
                    unit,
                    "--format",
                    format,
                    "-o",
                    file.to_str().unwrap(),
                ],
            );
            assert!(out.status.success(), "{}", stderr(&out));
            let back: Json = serde_json::from_str(&stdout(&kinerja(
                &db,
                &["import", file.to_str().unwrap(), "--dry-run", "--json"],
            )))
            .unwrap();
            assert_eq!(&rak_rows(&back)[0], &from_file[n], "{unit}.{format}");
            assert_eq!(
                back["warnings"],
                serde_json::json!([]),
                "{unit}.{format}: a clean round trip"
            );
        }
    }
    let audit = || {
        stdout(&kinerja(
            &db,
            &["audit", "--office", "kpu-kota-metro", "--limit", "1000"],
        ))
        .lines()
        .count()
    };
    let before = audit();
    let again = kinerja(&db, &["import", &file, "--office", "kpu-kota-metro", "--year", "2025"]);
    assert!(again.status.success(), "{}", stderr(&again));
    let json_start = stderr(&again).find("{\n").expect("the merge summary");
    let merged: Json = serde_json::from_str(stderr(&again)[json_start..].trim()).unwrap();
    assert_eq!(
        (merged["actions_added"].as_u64(), merged["actions_present"].as_u64()),
        (Some(0), Some(5)),
        "{merged}"
    );
    assert_eq!(audit(), before, "nothing written the second time");
}

/// (objective, indicator, target) of every PK table in an import's JSON, and its budget lines
/// (name, level, amount), each sorted.
/// `kinerja import FILE --dry-run --json`, which must succeed: what was recognised.
fn dry_run(db: &str, file: &std::path::Path) -> Json {
    let out = kinerja(db, &["import", file.to_str().unwrap(), "--dry-run", "--json"]);
    assert!(out.status.success(), "{}: {}", file.display(), stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn pk_rows(json: &Json) -> (Vec<(String, String, String)>, Vec<String>) {
    let mut rows = vec![];
    let mut budget = vec![];
    for d in json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "pk")
    {
        for o in d["objectives"].as_array().unwrap() {
            for i in o["indicators"].as_array().unwrap() {
                rows.push((
                    o["text"].as_str().unwrap().to_string(),
                    i["text"].as_str().unwrap().to_string(),
                    i["target"]["raw"].as_str().unwrap_or("").to_string(),
                ));
            }
        }
        for b in d["budget"].as_array().unwrap() {
            budget.push(format!("{} ({}) {}", b["name"], b["level"], b["amount"]));
        }
    }
    rows.sort();
    budget.sort();
    (rows, budget)
}

/// The LKj's PK tables (the third seed), written into the demo office's 2025, printed from
/// Kinerja per unit as Word and PDF and read back to the same objectives, indicators, targets
/// and budget lines (the budget table, NO | PROGRAM | ANGGARAN, read as the PK's); each PDF
/// scanned and read by OCR to at least 90% of its indicators with their targets.
#[test]
#[ignore = "needs the seed documents beside the repository (../shared/seeds), pdftoppm (Debian: poppler-utils) and Tesseract (tesseract-ocr tesseract-ocr-ind)"]
fn the_lkj_pks_as_word_pdf_and_scan_import_to_the_same_indicators() {
    let (dir, db) = common::demo_db();
    let office = ["--office", "kpu-kota-metro", "--year", "2025"];
    let seed_file = seed("lkj-kpu-kota-metro-2024.txt");
    let out = kinerja(&db, &[&["import", &seed_file][..], &office[..]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let (mut found, mut total, mut misses) = (0, 0, vec![]);
    for unit in [
        "komisi",
        "subbag-rendatin",
        "subbag-hukum",
        "subbag-kul",
        "subbag-teknis",
    ] {
        let mut read = vec![];
        for format in ["docx", "pdf"] {
            let file = dir.path().join(format!("pk-{unit}.{format}"));
            let args = [
                "doc",
                "pk",
                "--unit",
                unit,
                "--format",
                format,
                "-o",
                file.to_str().unwrap(),
            ];
            let out = kinerja(&db, &[&args[..], &office[..]].concat());
            assert!(out.status.success(), "{}", stderr(&out));
            read.push(pk_rows(&dry_run(&db, &file)));
        }
        assert_eq!(read[0], read[1], "{unit}: the Word file and the PDF read the same");
        let (rows, budget) = &read[0];
        assert!(!rows.is_empty(), "{unit}");
        if unit == "komisi" {
            assert_eq!(rows.len(), 25);
            assert_eq!(budget.len(), 2, "{budget:?}");
        }
        // The PDF, scanned.
        let pdf = dir.path().join(format!("pk-{unit}.pdf"));
        let scanned = scanned_pages(&pdf, 0.5);
        let file = dir.path().join(format!("pk-{unit}-pindai.pdf"));
        std::fs::write(&file, scan::pdf_of_images(&scanned, 150.0)).unwrap();
        let (got, _) = pk_rows(&dry_run(&db, &file));
        for e in rows {
            let hit = got
                .iter()
                .any(|g| scan::likeness(&g.1, &e.1) >= 0.85 && scan::likeness(&g.0, &e.0) >= 0.85 && g.2 == e.2);
            if hit {
                found += 1;
            } else {
                misses.push(format!("{unit}: {e:?}"));
            }
        }
        total += rows.len();
    }
    eprintln!("{found} of {total} indicators; missed: {misses:#?}");
    assert!(total >= 45, "{total}");
    assert!(
        found * 100 >= total * 90,
        "{found} of {total} indicators; missed: {misses:#?}"
    );
}

/// Kinerja's own PK, as Word and as PDF, reads back whole: its year and office from the cover
/// heading above the agreement's statement (the appendix's title names only the unit), its
/// signatories from the blocks under the table (the PDF prints the same blocks under the
/// statement too: they are no running footer), and the statement's parties and signatures in
/// one warning each, not one per row.
#[test]
fn kinerjas_own_pk_as_word_and_pdf_reads_back_with_its_year_office_and_signatories() {
    let (dir, db) = common::demo_db();
    for format in ["docx", "pdf"] {
        let file = dir.path().join(format!("pk.{format}"));
        let args = [
            "doc",
            "pk",
            "--office",
            "kpu-kota-metro",
            "--year",
            "2024",
            "--unit",
            "subbag-rendatin",
            "--format",
            format,
            "-o",
            file.to_str().unwrap(),
        ];
        let out = kinerja(&db, &args);
        assert!(out.status.success(), "{}", stderr(&out));
        let json = dry_run(&db, &file);
        let doc = &json["documents"][0];
        assert_eq!(json["documents"].as_array().unwrap().len(), 1, "{format}");
        assert_eq!(doc["kind"], "pk", "{format}");
        assert_eq!(doc["year"], 2024, "{format}");
        assert_eq!(doc["office"], "KPU KOTA METRO", "{format}");
        assert_eq!(doc["unit"], "SUBBAGIAN PERENCANAAN, DATA DAN INFORMASI", "{format}");
        let names: Vec<&str> = doc["signatories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["JUMADI AHMAD, SH", "BAMBANG SETYAWAN, S.Sos., M.M."],
            "{format}"
        );
        let warnings: Vec<&str> = json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["message"].as_str().unwrap())
            .collect();
        assert_eq!(warnings.len(), 2, "{format}: {warnings:#?}");
        assert!(
            warnings[0].starts_with("para pihak (nama dan jabatan)"),
            "{format}: {warnings:#?}"
        );
        assert!(warnings[1].starts_with("tanda tangan"), "{format}: {warnings:#?}");
    }
}
