//! `kinerja lke`: the year's worksheet, answers from a CSV file, the scores — the JSON shapes
//! the README documents, figures computed by hand, and files that cannot be taken refused with
//! their line and column, nothing written.

mod common;

use common::*;
use serde_json::Value as Json;

const OFFICE: [&str; 4] = ["--office", "kpu-kota-metro", "--year", "2024"];

fn json_of(db: &str, args: &[&str]) -> Json {
    let out = kinerja(db, args);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("JSON")
}

fn answer(db: &str, dir: &std::path::Path, name: &str, csv: &str, stage: &str) -> std::process::Output {
    let file = dir.join(name);
    std::fs::write(&file, csv).unwrap();
    kinerja(
        db,
        &[
            &["lke", "answer", "--stage", stage, "--file", file.to_str().unwrap()][..],
            &OFFICE[..],
        ]
        .concat(),
    )
}

/// Every criterion of the shipped worksheet answered Y (Ya/Tidak) or B (A–E), as CSV rows: by hand
/// 77,95, BB.
fn all_y_or_b() -> String {
    let t: Json = serde_json::from_str(include_str!("../../kinerja-domain/data/lke-permenpanrb-88-2021.json")).unwrap();
    let mut csv = String::new();
    for c in t["components"].as_array().unwrap() {
        for s in c["subs"].as_array().unwrap() {
            for k in s["criteria"].as_array().unwrap() {
                let value = if k["kind"] == "yes_no" { "Y" } else { "B" };
                csv.push_str(&format!("{},{value},\n", k["code"].as_str().unwrap()));
            }
        }
    }
    csv
}

fn score(db: &str, stage: &str) -> Json {
    json_of(
        db,
        &[&["lke", "score", "--json", "--stage", stage][..], &OFFICE[..]].concat(),
    )
}

#[test]
fn the_shipped_worksheet_as_json() {
    let (_dir, db) = demo_db();
    let t = json_of(&db, &["lke", "template", "--year", "2024", "--json"]);
    assert_eq!(t["year"], 2024);
    let components = t["components"].as_array().unwrap();
    let weights: Vec<f64> = components.iter().map(|c| c["weight"].as_f64().unwrap()).collect();
    assert_eq!(weights, [30.0, 30.0, 15.0, 25.0]);
    let criteria: Vec<&Json> = components
        .iter()
        .flat_map(|c| c["subcomponents"].as_array().unwrap())
        .flat_map(|s| s["criteria"].as_array().unwrap())
        .collect();
    assert_eq!(criteria.len(), 80);
    assert!(criteria.iter().all(|k| k["answer"] == "yt" || k["answer"] == "ae"));
    assert!(
        criteria
            .iter()
            .all(|k| k["depends_on"].is_array() && k["text"].is_string())
    );
    let formal = criteria.iter().find(|k| k["code"] == "1.b.1").unwrap();
    assert_eq!(formal["depends_on"], serde_json::json!(["1.a.4"]));
    // In words, Indonesian decimals.
    let out = kinerja(&db, &["lke", "template", "--year", "2024"]);
    assert!(
        stdout(&out).contains("3.b Dokumen Laporan Kinerja telah memenuhi Standar"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("(bobot 4,5)"));
}

#[test]
fn answers_from_csv_are_scored_by_hand() {
    let (dir, db) = demo_db();
    // A BOM, a header, Ya/Tidak and small letters, a note with a comma, a blank line.
    let csv = "\u{feff}code,value,note\n1.a.1,Ya,SOP perencanaan ada\n1.a.2,Tidak,\n\n1.a.7,B,\"4 dari 5 unit, PK ditandatangani\"\n1.b.1,A,\n2.a.2,c,\n";
    let out = answer(&db, dir.path(), "self.csv", csv, "self");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("5 jawaban dibaca, 5 berubah"), "{}", stdout(&out));
    // 1.a: (1 + 0 + 0,75) / 7 × 6 = 1,5; 1.b: 1 / 10 × 9 = 0,9; 2.a: 0,5 / 3 × 6 = 1; total 3,4: D.
    let s = score(&db, "self");
    assert_eq!(
        (s["office"].as_str(), s["stage"].as_str(), s["grade"].as_str()),
        (Some("kpu-kota-metro"), Some("self"), Some("D"))
    );
    assert_eq!(s["total"], 3.4);
    assert_eq!(s["components"][0]["score"], 2.4);
    assert_eq!(s["components"][0]["subcomponents"][0]["score"], 1.5);
    assert_eq!(s["components"][0]["subcomponents"][0]["answered"], 3);
    assert_eq!(s["components"][0]["subcomponents"][0]["criteria"], 7);
    assert_eq!(s["components"][0]["subcomponents"][1]["score"], 0.9);
    assert_eq!(s["components"][1]["score"], 1.0);
    // 1.b.1 (plans formalised: A) rests on 1.a.4 (this year's PK), unanswered: named.
    let findings = s["logic_findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(
        (findings[0]["criterion"].as_str(), findings[0]["depends_on"].as_str()),
        (Some("1.b.1"), Some("1.a.4"))
    );
    // Without --stage: the self-assessment until the evaluators answer.
    let plain = json_of(&db, &[&["lke", "score", "--json"][..], &OFFICE[..]].concat());
    assert_eq!(plain["stage"], "self");
    let out = answer(&db, dir.path(), "final.csv", "1.a.1,Y,\n1.a.4,Y,\n", "final");
    assert!(out.status.success(), "{}", stderr(&out));
    let plain = json_of(&db, &[&["lke", "score", "--json"][..], &OFFICE[..]].concat());
    assert_eq!(plain["stage"], "final");
    // 1.a: 2 / 7 × 6 = 1,714…: 1,71.
    assert_eq!(plain["total"], 1.71);
    // The audit log names every answer.
    let log = stdout(&kinerja(&db, &["audit", "--office", "kpu-kota-metro", "--limit", "50"]));
    assert!(log.contains("lke_answer 2024:self:1.a.7"), "{log}");
}

#[test]
fn answers_that_cannot_be_taken_are_refused_naming_the_line_and_nothing_is_written() {
    let (dir, db) = demo_db();
    let good = answer(&db, dir.path(), "good.csv", "1.a.1,Y,ada\n", "self");
    assert!(good.status.success(), "{}", stderr(&good));
    for (csv, says) in [
        (
            "1.a.2,Y,\n9.9.9,A,\n",
            "baris 2, kolom code: kriteria “9.9.9” tidak ada",
        ),
        (
            "1.a.2,Y,\n1.a.2,T,\n",
            "baris 2, kolom code: kriteria 1.a.2 sudah dijawab",
        ),
        (
            "1.a.2,Y,\n1.a.3,B,\n",
            "baris 2, kolom value: “B” bukan jawaban kriteria 1.a.3 (salah satu dari Y/T)",
        ),
        (
            "1.a.2,Y,\n1.a.7,Ya,\n",
            "baris 2, kolom value: “Ya” bukan jawaban kriteria 1.a.7 (salah satu dari A/B/C/D/E)",
        ),
        ("1.a.2,Y,\n1.a.7,,\n", "baris 2, kolom value: “” bukan jawaban"),
    ] {
        let out = answer(&db, dir.path(), "bad.csv", csv, "self");
        assert_eq!(out.status.code(), Some(2), "{csv}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(says), "{err}");
    }
    let not_utf8 = dir.path().join("latin1.csv");
    std::fs::write(&not_utf8, b"1.a.2,Y,catatan \xe9\n").unwrap();
    let out = kinerja(
        &db,
        &[
            &["lke", "answer", "--stage", "self", "--file", not_utf8.to_str().unwrap()][..],
            &OFFICE[..],
        ]
        .concat(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bukan teks UTF-8"), "{}", stderr(&out));
    let out = answer(&db, dir.path(), "stage.csv", "1.a.2,Y,\n", "banding");
    assert_eq!(out.status.code(), Some(2));
    // Only the good file was written.
    let s = score(&db, "self");
    assert_eq!(s["answered"], 1);
    assert_eq!(s["components"][0]["subcomponents"][0]["answered"], 1);
}

/// The year's worksheet adjusted from a file before its window opens; the window of the office's
/// level closes the self-assessment, an evaluator reopens it with a reason.
#[test]
fn a_worksheet_is_adjusted_a_window_closes_and_an_evaluator_reopens() {
    let (dir, db) = demo_db();
    let mut t: Json =
        serde_json::from_str(include_str!("../../kinerja-domain/data/lke-permenpanrb-88-2021.json")).unwrap();
    t["components"][0]["subs"][0]["criteria"][0]["text"] = "Terdapat pedoman teknis perencanaan kinerja KPU.".into();
    let file = dir.path().join("lke-2025.json");
    std::fs::write(&file, t.to_string()).unwrap();
    let out = kinerja(
        &db,
        &["lke", "template", "--year", "2025", "--save", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let stored = json_of(&db, &["lke", "template", "--year", "2025", "--json"]);
    assert_eq!(
        stored["components"][0]["subcomponents"][0]["criteria"][0]["text"],
        "Terdapat pedoman teknis perencanaan kinerja KPU."
    );
    // A worksheet that is not sound, or not JSON, is refused naming why.
    t["components"][0]["weight"] = "31".into();
    std::fs::write(&file, t.to_string()).unwrap();
    let out = kinerja(
        &db,
        &["lke", "template", "--year", "2025", "--save", file.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    std::fs::write(&file, "{\n  \"source\": 1,").unwrap();
    let out = kinerja(
        &db,
        &["lke", "template", "--year", "2025", "--save", file.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("baris 2"), "{}", stderr(&out));

    // The regencies' window of 2024 long closed: the office is refused, the evaluators are not.
    let window = |opens: &str, closes: &str| {
        kinerja(
            &db,
            &[
                "lke", "window", "--year", "2024", "--level", "regency", "--opens", opens, "--closes", closes,
            ],
        )
    };
    let out = window("2025-01-15", "2025-02-15");
    assert!(out.status.success(), "{}", stderr(&out));
    let refused = answer(&db, dir.path(), "late.csv", "1.a.1,Y,\n", "self");
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("ditutup pada 15 Februari 2025"),
        "{}",
        stderr(&refused)
    );
    assert!(
        answer(&db, dir.path(), "final.csv", "1.a.1,Y,\n", "final")
            .status
            .success()
    );
    let out = window("2025-02-15", "2025-01-15");
    assert_eq!(out.status.code(), Some(2));
    // Reopened with a reason, up to a day still to come.
    let reopen = |reason: &str| {
        kinerja(
            &db,
            &[
                &["lke", "reopen", "--until", "2099-12-31", "--reason", reason][..],
                &OFFICE[..],
            ]
            .concat(),
        )
    };
    assert_eq!(reopen(" ").status.code(), Some(2));
    assert!(reopen("bukti susulan LKj").status.success());
    let out = answer(&db, dir.path(), "late.csv", "1.a.1,Y,\n", "self");
    assert!(out.status.success(), "{}", stderr(&out));
    let log = stdout(&kinerja(&db, &["audit", "--office", "kpu-kota-metro", "--limit", "50"]));
    assert!(log.contains("lke_reopen 2024 — bukti susulan LKj"), "{log}");
}

/// The facts beside the criteria, from the demo's 2024 (the seed RAKs' 38 actions, each with its
/// months); shown per criterion as the worksheet maps them, never as answers.
#[test]
fn facts_from_the_offices_year_stand_beside_their_criteria() {
    let (_dir, db) = demo_db();
    let f = json_of(&db, &[&["lke", "facts", "--json"][..], &OFFICE[..]].concat());
    let facts = f["facts"].as_array().unwrap();
    let kinds: Vec<&str> = facts.iter().map(|x| x["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.len(), 12);
    let of = |kind: &str| facts.iter().find(|x| x["kind"] == kind).unwrap();
    assert_eq!(
        of("recommendations_followed")["text"],
        "tidak ada rekomendasi evaluasi tahun lalu yang tercatat di Kinerja"
    );
    assert_eq!(
        (
            of("rak_scheduled")["count"].as_u64(),
            of("rak_scheduled")["of"].as_u64()
        ),
        (Some(38), Some(38))
    );
    assert_eq!(of("rak_scheduled")["percent"], 100);
    assert!(
        of("pk_units")["text"]
            .as_str()
            .unwrap()
            .contains("unit memiliki Perjanjian Kinerja 2024")
    );
    let criteria = f["criteria"].as_array().unwrap();
    assert!(criteria.len() >= 10);
    assert!(criteria.iter().all(|c| {
        c["facts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|k| kinds.contains(&k.as_str().unwrap()))
    }));
    // Nothing was answered by them.
    let s = score(&db, "self");
    assert_eq!(s["answered"], 0);
    let words = stdout(&kinerja(&db, &[&["lke", "facts"][..], &OFFICE[..]].concat()));
    assert!(
        words.contains("1.c.2 Aktivitas yang dilaksanakan")
            && words.contains("38 dari 38 kegiatan RAK memiliki jadwal (100%)"),
        "{words}"
    );
}

/// Every criterion answered Y or B: by hand 5,79 + 6,75 + 11,25 + 5 + 6,75 + 11,25 + 3 + 3,375 +
/// 5,625 + 4,17 + 5,625 + 9,375 = 77,95, BB. Confirmed by the office, the grade becomes the
/// year's realisation of its PK indicator "Nilai evaluasi atas akuntabilitas kinerja"; nothing
/// is written while the evaluators have not answered, or while one such figure is verified
/// (2024's of the Rendatin sub-section, in the demo).
#[test]
fn the_final_grade_confirmed_becomes_the_pk_indicators_realisation() {
    let (dir, db) = demo_db();
    let csv = format!("code,value,note\n{}", all_y_or_b());
    let confirm = |year: &str| kinerja(&db, &["lke", "confirm", "--office", "kpu-kota-metro", "--year", year]);
    let out = confirm("2025");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("belum memberi nilai akhir"), "{}", stderr(&out));

    // 2024: the sub-section's yearly figure is verified; the commission's is not written either.
    let year_answers = |year: &str| {
        let file = dir.path().join(format!("final-{year}.csv"));
        std::fs::write(&file, &csv).unwrap();
        let out = kinerja(
            &db,
            &[
                "lke",
                "answer",
                "--office",
                "kpu-kota-metro",
                "--year",
                year,
                "--stage",
                "final",
                "--file",
                file.to_str().unwrap(),
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    };
    let approve = |year: &str| {
        for step in ["propose", "approve"] {
            let out = kinerja(
                &db,
                &[
                    "lke",
                    "review",
                    "--office",
                    "kpu-kota-metro",
                    "--year",
                    year,
                    "--step",
                    step,
                ],
            );
            assert!(out.status.success(), "{}", stderr(&out));
        }
    };
    year_answers("2024");
    let early = confirm("2024");
    assert_eq!(early.status.code(), Some(2));
    assert!(
        stderr(&early).contains("belum disetujui ketua tim evaluator"),
        "{}",
        stderr(&early)
    );
    approve("2024");
    let s = json_of(
        &db,
        &["lke", "score", "--office", "kpu-kota-metro", "--year", "2024", "--json"],
    );
    assert_eq!((s["total"].as_f64(), s["grade"].as_str()), (Some(77.95), Some("BB")));
    let out = confirm("2024");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("sudah diverifikasi") && stderr(&out).contains("tidak ada yang ditulis"),
        "{}",
        stderr(&out)
    );
    let log = stdout(&kinerja(&db, &["audit", "--office", "kpu-kota-metro", "--limit", "5"]));
    assert!(!log.contains("realisation"), "{log}");

    // 2025: the commission's PK names the indicator; the grade is its yearly realisation.
    let pk = dir.path().join("pk-2025.txt");
    std::fs::write(&pk, "PERJANJIAN KINERJA TAHUN 2025\nKPU KOTA METRO\n\nNO\tSASARAN\tINDIKATOR KINERJA\tTARGET\n1\tMeningkatnya akuntabilitas kinerja\tNilai evaluasi atas akuntabilitas kinerja KPU\tB\n").unwrap();
    let out = kinerja(
        &db,
        &[
            "import",
            pk.to_str().unwrap(),
            "--office",
            "kpu-kota-metro",
            "--unit",
            "komisi",
            "--year",
            "2025",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    year_answers("2025");
    approve("2025");
    let out = confirm("2025");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("2025 BB (77,95)"), "{}", stdout(&out));
    let a = json_of(
        &db,
        &["achievement", "--office", "kpu-kota-metro", "--year", "2025", "--json"],
    );
    let indicator = &a["units"][0]["objectives"][0]["indicators"][0];
    assert_eq!(indicator["realisation"]["raw"], "BB", "{indicator}");
    let log = stdout(&kinerja(&db, &["audit", "--office", "kpu-kota-metro", "--limit", "5"]));
    assert!(
        log.contains("nilai evaluasi AKIP dikonfirmasi kantor: 77,95 (BB)"),
        "{log}"
    );
}

/// The filled worksheet as XLSX (read back by calamine), as evaluators work in it: a row per
/// component, sub-component and criterion in the worksheet's order, the self-assessment and the
/// evaluators' answer and value side by side with the notes and the evidence expected, the
/// scores of the hand-computed example (1.a: 1,5 self) and the total with its grade; as PDF and
/// DOCX too.
#[test]
fn the_filled_worksheet_as_xlsx_pdf_and_docx() {
    use calamine::{Data, Reader, Xlsx};
    let (dir, db) = demo_db();
    let out = answer(
        &db,
        dir.path(),
        "self.csv",
        "1.a.1,Ya,SOP perencanaan ada\n1.a.2,Tidak,\n1.a.7,B,\n1.b.1,A,\n2.a.2,C,\n",
        "self",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = answer(
        &db,
        dir.path(),
        "final.csv",
        "1.a.1,Y,dokumen SOP diperiksa\n1.a.7,C,\n",
        "final",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let file = |format: &str| dir.path().join(format!("lke.{format}"));
    for format in ["xlsx", "pdf", "docx"] {
        let path = file(format);
        let out = kinerja(
            &db,
            &[
                &["doc", "lke", "--format", format, "-o", path.to_str().unwrap()][..],
                &OFFICE[..],
            ]
            .concat(),
        );
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        assert!(std::fs::metadata(&path).unwrap().len() > 1000, "{format}");
    }
    let mut book: Xlsx<_> = calamine::open_workbook(file("xlsx")).unwrap();
    let (_, sheet) = book.worksheets().into_iter().next().unwrap();
    let text = |r: usize, c: usize| match sheet.get((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        _ => String::new(),
    };
    let row_of = |code: &str| {
        (0..sheet.height())
            .find(|&r| text(r, 0) == code)
            .unwrap_or_else(|| panic!("no row {code}"))
    };
    let header = (0..sheet.height())
        .find(|&r| text(r, 3) == "JAWABAN MANDIRI")
        .expect("header");
    assert_eq!(text(header, 5), "JAWABAN EVALUATOR");
    // Every criterion has its row, in order.
    let codes: Vec<String> = (header + 1..sheet.height())
        .map(|r| text(r, 0))
        .filter(|c| c.matches('.').count() == 2)
        .collect();
    assert_eq!(codes.len(), 80);
    assert_eq!((codes[0].as_str(), codes[79].as_str()), ("1.a.1", "4.c.5"));
    let r = row_of("1.a.1");
    assert_eq!(
        (text(r, 3), text(r, 4), text(r, 5), text(r, 6)),
        ("Y".into(), "1".into(), "Y".into(), "1".into())
    );
    assert!(
        text(r, 7).contains("Mandiri: SOP perencanaan ada") && text(r, 7).contains("Evaluator: dokumen SOP diperiksa"),
        "{}",
        text(r, 7)
    );
    assert!(text(r, 8).contains("Pedoman"), "{}", text(r, 8));
    let r = row_of("1.a.7");
    assert_eq!(
        (text(r, 3), text(r, 4), text(r, 5), text(r, 6)),
        ("B".into(), "0.75".into(), "C".into(), "0.5".into())
    );
    // 1.a: self (1 + 0 + 0,75) / 7 × 6 = 1,5; final (1 + 0,5) / 7 × 6 = 1,2857… (the sheet keeps
    // the exact score and shows two decimals).
    let r = row_of("1.a");
    assert_eq!(text(r, 4), "1.5");
    assert!(
        (text(r, 6).parse::<f64>().unwrap() - 9.0 / 7.0).abs() < 1e-9,
        "{}",
        text(r, 6)
    );
    assert_eq!(text(r, 3), "3/7");
    let total = (0..sheet.height())
        .find(|&r| text(r, 1) == "NILAI TOTAL")
        .expect("total");
    assert_eq!((text(total, 4), text(total, 6)), ("3.4".into(), "1.29".into()));
    assert_eq!(text(total + 1, 4), "D (Sangat Kurang)");
}

/// KPU RI sees the grades of every office below it: Kota Metro graded BB (77,95, every criterion
/// Y or B) in 2025 beside its 2024 grade (D: 1.a.1 alone answered), the province not graded; the
/// distribution lists every grade; Kota Metro is not below the BB target, with 2024's grade it
/// would be.
#[test]
fn oversight_sees_every_offices_grade_this_year_beside_last() {
    let (dir, db) = demo_db();
    // Final values of Kota Metro for a year, from a CSV.
    let final_answers = |year: &str, csv: &str| {
        let file = dir.path().join(format!("final-{year}.csv"));
        std::fs::write(&file, csv).unwrap();
        let args = [
            "lke",
            "answer",
            "--office",
            "kpu-kota-metro",
            "--year",
            year,
            "--stage",
            "final",
        ];
        let out = kinerja(&db, &[&args[..], &["--file", file.to_str().unwrap()]].concat());
        assert!(out.status.success(), "{}", stderr(&out));
    };
    final_answers("2025", &all_y_or_b());
    final_answers("2024", "1.a.1,Y,\n");
    let g = json_of(&db, &["lke", "grades", "--under", "kpu-ri", "--year", "2025", "--json"]);
    assert_eq!(
        (g["under"].as_str(), g["year"].as_u64(), g["target"].as_str()),
        (Some("kpu-ri"), Some(2025), Some("BB"))
    );
    let spread: Vec<(String, u64)> = g["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["grade"].as_str().unwrap().to_string(), d["offices"].as_u64().unwrap()))
        .collect();
    assert_eq!(spread.len(), 7);
    assert_eq!(spread[2], ("BB".to_string(), 1));
    assert_eq!(spread.iter().map(|s| s.1).sum::<u64>(), 1);
    assert_eq!(g["not_graded"], 2);
    let metro = g["offices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["office"] == "kpu-kota-metro")
        .unwrap();
    assert_eq!(
        (metro["grade"].as_str(), metro["total"].as_f64()),
        (Some("BB"), Some(77.95))
    );
    assert_eq!(
        (metro["last_year_grade"].as_str(), metro["below_target"].as_bool()),
        (Some("D"), Some(false))
    );
    let lampung = g["offices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["office"] == "kpu-prov-lampung")
        .unwrap();
    assert!(lampung["grade"].is_null());
    // 2024: Kota Metro's D is below the target; the province sees only its own and below.
    let g = json_of(
        &db,
        &[
            "lke",
            "grades",
            "--under",
            "kpu-prov-lampung",
            "--year",
            "2024",
            "--json",
        ],
    );
    let offices: Vec<&str> = g["offices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["office"].as_str().unwrap())
        .collect();
    assert_eq!(offices, ["kpu-prov-lampung", "kpu-kota-metro"]);
    assert_eq!(g["offices"][1]["below_target"], true);
    let words = stdout(&kinerja(&db, &["lke", "grades", "--under", "kpu-ri", "--year", "2024"]));
    assert!(
        words.contains("KPU Kota Metro: D (") && words.contains("di bawah target BB"),
        "{words}"
    );
}

/// `kinerja doc lhe`: the report of the year, a draft until the leader approves; `lke review`
/// takes the review's steps, refused out of order.
#[test]
fn the_report_is_a_draft_until_approved_and_names_the_grade() {
    let (dir, db) = demo_db();
    let out = answer(&db, dir.path(), "final.csv", "1.a.1,Y,\n1.b.1,A,\n", "final");
    assert!(out.status.success(), "{}", stderr(&out));
    let report = |name: &str| {
        let path = dir.path().join(name);
        let out = kinerja(
            &db,
            &[
                &[
                    "doc",
                    "lhe",
                    "--format",
                    "docx",
                    "--date",
                    "2025-02-14",
                    "-o",
                    path.to_str().unwrap(),
                ][..],
                &OFFICE[..],
            ]
            .concat(),
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
        xml
    };
    let draft = report("draft.docx");
    // 1.a: 6 × 1/7 = 0,857…; 1.b: 9 × 1/10 = 0,9; total 1,757… → 1,76.
    assert!(
        draft.contains("DRAF") && draft.contains("adalah 1,76 dengan predikat D"),
        "{draft}"
    );
    assert!(draft.contains("Tim Evaluator KPU Provinsi Lampung"));
    let step = |step: &str, text: &str| {
        kinerja(
            &db,
            &[&["lke", "review", "--step", step, "--text", text][..], &OFFICE[..]].concat(),
        )
    };
    let early = step("approve", "");
    assert_eq!(early.status.code(), Some(2), "nothing proposed yet");
    assert!(stderr(&early).contains("tidak dapat 'approve'"), "{}", stderr(&early));
    for s in ["propose", "approve"] {
        let out = step(s, "");
        assert!(out.status.success(), "{s}: {}", stderr(&out));
    }
    let approved = report("approved.docx");
    assert!(
        !approved.contains("DRAF") && approved.contains("Metro, 14 Februari 2025"),
        "{approved}"
    );
    let xlsx = dir.path().join("lhe.xlsx");
    let out = kinerja(
        &db,
        &[
            &["doc", "lhe", "--format", "xlsx", "-o", xlsx.to_str().unwrap()][..],
            &OFFICE[..],
        ]
        .concat(),
    );
    assert!(!out.status.success() && stderr(&out).contains("--format pdf or docx"));
}
