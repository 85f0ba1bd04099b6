//! The layouts SAKIP.md lists, written here as offices print them, and broken input: each is
//! recognised by its header, and nothing that cannot be read passes without a warning.

use kinerja_domain::model::Year;
use kinerja_import::{DocKind, PeriodKind};

fn read_text(s: &str) -> kinerja_import::Imported {
    kinerja_import::read_text(s).expect("within the limits")
}
use proptest::prelude::*;

#[test]
fn a_quarterly_rak_with_activity_targets_and_budget() {
    let text = "\
RENCANA AKSI KINERJA TAHUN 2025
SUB BAGIAN KEUANGAN, UMUM DAN LOGISTIK
KPU KABUPATEN CONTOH

NO\tSASARAN PROGRAM/KEGIATAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tTARGET KEGIATAN AKSI\tPelaksanaan Kegiatan\t\t\t\tANGGARAN\tPELAKSANA
\t\t\t\t\t\tI\tII\tIII\tIV\t\t
1\tTerlaksananya sistem akuntansi\tJumlah laporan keuangan\t4 Laporan\tPenyusunan laporan triwulan\t4 Laporan\t✓\t✓\t✓\t✓\t8.170.412.000\tSubbag KUL
\t\t\t\tRekonsiliasi dengan KPPN\t12 Kali\tv\tV\t\tx\t\tSubbag KUL
2\tTerwujudnya pengelolaan BMN\tOpini BPK\tWTP\tInventarisasi BMN\t1 Dokumen\t\t√\t\t\t1.250.000\tSubbag KUL

Sungai Raya, 2 Januari 2025
Pihak Pertama,
Kasubbag Keuangan, Umum dan Logistik
SITI AMINAH, S.E.
NIP. 19800101 200501 2 001
";
    let r = read_text(text);
    assert_eq!(r.warnings, vec![], "clean input, no warnings");
    let d = &r.documents[0];
    assert_eq!(
        (d.kind, d.period_kind, d.year),
        (DocKind::Rak, Some(PeriodKind::Quarter), Some(Year::of(2025)))
    );
    assert_eq!(d.unit.as_deref(), Some("SUB BAGIAN KEUANGAN, UMUM DAN LOGISTIK"));
    assert_eq!(d.office.as_deref(), Some("KPU KABUPATEN CONTOH"));
    assert_eq!(d.objectives.len(), 2);
    let first = &d.objectives[0].indicators[0];
    assert_eq!(first.target.as_deref(), Some("4 Laporan"));
    assert_eq!(
        first.actions.len(),
        2,
        "several actions under one indicator stay under it"
    );
    assert_eq!(first.actions[0].periods, [1, 2, 3, 4]);
    assert_eq!(first.actions[0].budget.as_deref(), Some("8.170.412.000"));
    assert_eq!(first.actions[0].target.as_deref(), Some("4 Laporan"));
    assert_eq!(first.actions[1].periods, [1, 2, 4], "v, V and x are marks");
    assert_eq!(first.actions[1].text, "Rekonsiliasi dengan KPPN");
    assert_eq!(d.objectives[1].indicators[0].actions[0].periods, [2]);
    let s = &d.signatories[0];
    assert_eq!(
        (s.role.as_str(), s.name.as_str()),
        ("pihak_pertama", "SITI AMINAH, S.E.")
    );
    assert_eq!(s.nip.as_deref(), Some("19800101 200501 2 001"));
    assert_eq!(s.place_date.as_deref(), Some("Sungai Raya, 2 Januari 2025"));
}

#[test]
fn rkt_iku_and_lkj_tables() {
    let text = "\
RENCANA KINERJA TAHUNAN 2024
NO\tSASARAN PROGRAM/KEGIATAN\tINDIKATOR KINERJA\tTARGET\tNAMA KEGIATAN AKSI
1\tTerwujudnya rencana kerja\tJumlah revisi\t4 triwulan\tRevisi DIPA
\t\t\t\tPenyusunan RKA

INDIKATOR KINERJA UTAMA
NO\tIndikator Kinerja\tCara Perhitungan\tSumber Data
1\tNilai evaluasi akuntabilitas kinerja\tNilai dari hasil evaluasi SAKIP\tLHE SAKIP
2\tOpini BPK\tOpini atas laporan keuangan\tLHP BPK

Tabel 4. Pencapaian Kinerja Tahun 2024
SASARAN STRATEGIS\tINDIKATOR\tTarget (%)\tTarget (Kegiatan)\tRealisasi\tCapaian (%)
Meningkatnya akuntabilitas\tNilai evaluasi\t90%\tВ\tВ\t90%
";
    let r = read_text(text);
    let kinds: Vec<DocKind> = r.documents.iter().map(|d| d.kind).collect();
    assert_eq!(kinds, [DocKind::Rkt, DocKind::Iku, DocKind::Lkj]);
    let rkt = &r.documents[0].objectives[0].indicators[0];
    let actions: Vec<&str> = rkt.actions.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(actions, ["Revisi DIPA", "Penyusunan RKA"]);
    let iku = &r.documents[1];
    assert_eq!(
        iku.objectives.len(),
        1,
        "an IKU has no objective column: one untitled objective"
    );
    let i = &iku.objectives[0].indicators[1];
    assert_eq!(
        (i.text.as_str(), i.formula.as_deref(), i.data_source.as_deref()),
        ("Opini BPK", Some("Opini atas laporan keuangan"), Some("LHP BPK"))
    );
    let lkj = &r.documents[2].objectives[0].indicators[0];
    assert_eq!(lkj.target.as_deref(), Some("90%"));
    assert_eq!(lkj.activity_target.as_deref(), Some("B"), "a Cyrillic В read as B");
    assert_eq!(lkj.realisation.as_deref(), Some("B"));
    assert_eq!(lkj.reported_achievement.as_deref(), Some("90%"));
}

#[test]
fn extra_marks_are_dropped_with_a_warning_and_the_trailing_columns_still_align() {
    let text = "\
RENCANA AKSI KINERJA TAHUN 2024
NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tRENCANA PELAKSANAAN\t\t\t\t\t\t\t\t\t\t\t\tPROGRAM / KEGIATAN\tPELAKSANA
\t\t\t\tB1\tB2\tB3\tB4\tB5\tB6\tB7\tB8\tB9\tB10\tB11\tB12\t\t
1\tSasaran A\tIndikator A\t100%\t√\t√\t√\t√\t√\t√\t√\t√\t√\t√\t√\t√\t√\tKegiatan A\tSubbag A
";
    let r = read_text(text);
    let a = &r.documents[0].objectives[0].indicators[0].actions[0];
    assert_eq!(a.periods, (1..=12).collect::<Vec<u8>>());
    assert_eq!(
        (a.text.as_str(), a.executor.as_deref()),
        ("Kegiatan A", Some("Subbag A"))
    );
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].line, 4);
    assert!(
        r.warnings[0]
            .message
            .en
            .contains("1 check mark(s) beyond the last period column (B12)")
    );
}

#[test]
fn broken_input_gives_warnings_never_a_panic() {
    // Empty, no table at all, a header with no rows, rows with no header, a truncated row.
    let empty = read_text("");
    assert!(empty.documents.is_empty());
    assert!(empty.warnings[0].message.en.contains("no table with a header"));

    let no_header = read_text("Laporan\n1\tSesuatu\t100%\n2\tLain\t90%\n");
    assert!(no_header.documents.is_empty());
    let lines: Vec<usize> = no_header.warnings.iter().map(|w| w.line).collect();
    assert_eq!(
        lines,
        [1, 2, 3],
        "both rows named, and the missing table: {:?}",
        no_header.warnings
    );

    let header_only = read_text("RENCANA AKSI KINERJA\nNO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tB1\tB2\n");
    assert_eq!(header_only.documents.len(), 1);
    assert!(
        header_only
            .warnings
            .iter()
            .any(|w| w.message.en.contains("has no rows")),
        "{:?}",
        header_only.warnings
    );

    let truncated =
        read_text("RENCANA AKSI KINERJA\nNO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tB1\tB2\n1\tSasaran\tIndik");
    let ind = &truncated.documents[0].objectives[0].indicators;
    assert_eq!(ind[0].text, "Indik", "a cut-off row keeps what it has");

    let odd = read_text("NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tB1\tB2\n1\tS\tI\t5\tK\tya\t√\n");
    let a = &odd.documents[0].objectives[0].indicators[0].actions[0];
    assert_eq!(a.periods, [2]);
    assert!(
        odd.warnings
            .iter()
            .any(|w| w.line == 2 && w.message.en.contains("\"ya\" in the column of period 1"))
    );
}

#[test]
fn ocr_look_alikes_in_headers_are_read() {
    let text =
        "NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tВ1\tВ2\tВ3\tPELAKSANA\n1\tS\tI\t100%\tK\t√\t\t√\tSubbag\n";
    let r = read_text(text);
    let d = &r.documents[0];
    assert_eq!(d.period_kind, Some(PeriodKind::Month));
    assert_eq!(d.objectives[0].indicators[0].actions[0].periods, [1, 3]);
    assert_eq!(
        d.objectives[0].indicators[0].actions[0].executor.as_deref(),
        Some("Subbag")
    );
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("√".to_string()),
        Just("100%".to_string()),
        "[A-Za-z ]{1,20}",
        "[ -~]{0,12}",
    ]
}

proptest! {
    /// Any text: never a panic, and every warning names a line of the input.
    #[test]
    fn any_text_reads_without_panic(lines in proptest::collection::vec(proptest::collection::vec(cell(), 0..20), 0..30), header in any::<bool>()) {
        let mut text = String::new();
        if header {
            text.push_str("NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tB1\tB2\tB3\tPELAKSANA\n");
        }
        for l in &lines {
            text.push_str(&l.join("\t"));
            text.push('\n');
        }
        let total = text.lines().count().max(1);
        let r = read_text(&text);
        for w in &r.warnings {
            prop_assert!(w.line >= 1 && w.line <= total, "{w:?}");
        }
    }

    /// Well-formed rows under a header: each one is an action of the output, on its own line.
    #[test]
    fn every_well_formed_row_is_read(rows in proptest::collection::vec(("[A-Z][a-z]{3,10}nya [a-z]{3,8}", "Persentase [a-z]{3,10}", proptest::collection::vec(any::<bool>(), 3)), 1..15)) {
        let mut text = String::from("NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tB1\tB2\tB3\tPELAKSANA\n");
        for (n, (objective, indicator, marks)) in rows.iter().enumerate() {
            let marks: Vec<&str> = marks.iter().map(|m| if *m { "√" } else { "" }).collect();
            text.push_str(&format!("{}\t{objective}\t{indicator}\t100%\tKegiatan {n}\t{}\tSubbag\n", n + 1, marks.join("\t")));
        }
        let r = read_text(&text);
        let lines: Vec<usize> = r.documents.iter().flat_map(|d| &d.objectives).flat_map(|o| &o.indicators).flat_map(|i| &i.actions).map(|a| a.line).collect();
        prop_assert_eq!(lines, (2..rows.len() + 2).collect::<Vec<_>>());
        prop_assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }
}

/// A scanned RAK as OCR gives it: a markdown table, Cyrillic letters in the month titles, the
/// header's schedule title spread over empty cells, and a row with a stray cell.
#[test]
fn an_ocr_markdown_table() {
    let text = "\
RENCANA AKSI KINERJA TAHUN 2024
SUB BAGIAN HUKUM DAN SDM

| NO | SASARAN | INDIKATOR KINERJA | TARGET | KEGIATAN | RENCANA PELAKSANAAN | | | | PELAKSANA |
|----|---------|-------------------|--------|----------|----|----|----|----|-----------|
| | | | | | Тw 1 | Тw 2 | Тw 3 | Тw 4 | |
| 1 | Terlaksananya penyusunan produk hukum | Persentase produk hukum | 100% | Penyusunan SK | √ | √ | | √ | Subbag Hukum |
| | | | | Publikasi JDIH | | ✓ | ✓ | | Subbag Hukum |
";
    let r = read_text(text);
    assert_eq!(r.warnings, vec![]);
    let d = &r.documents[0];
    assert_eq!((d.kind, d.period_kind), (DocKind::Rak, Some(PeriodKind::Quarter)));
    let actions = &d.objectives[0].indicators[0].actions;
    assert_eq!(actions.len(), 2);
    assert_eq!(actions[0].periods, [1, 2, 4]);
    assert_eq!(actions[1].periods, [2, 3]);
    assert_eq!(actions[1].executor.as_deref(), Some("Subbag Hukum"));
    assert_eq!(actions[1].line, 8);
}
