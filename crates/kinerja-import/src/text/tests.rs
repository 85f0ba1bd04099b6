use super::*;

#[test]
fn a_date_left_for_hand_filling_is_still_a_place_and_date() {
    assert_eq!(place_and_date("Metro, ……… Januari 2025"), Some(("Metro".into(), None)));
    assert_eq!(place_and_date("Metro, ……………… 2025"), Some(("Metro".into(), None)));
    assert_eq!(place_and_date("Metro, .... Januari 2025"), Some(("Metro".into(), None)));
    assert_eq!(place_and_date("Metro, ……… 20255"), None);
    assert_eq!(place_and_date(", ……… Januari 2025"), None);
    assert_eq!(place_and_date("Persentase, ……… laporan"), None);
}

#[test]
fn signature_blocks_side_by_side_in_cells_are_read_block_by_block() {
    // As a written XLSX gives them: under the table, each block in its own columns.
    let source = "RENCANA AKSI KINERJA TAHUN 2024\nSUB BAGIAN PERENCANAAN\n\n\
NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tTw 1\tTw 2\tTw 3\tTw 4\tPELAKSANA\n\
1\tTerwujudnya perencanaan\tJumlah dokumen\t4 dokumen\tPenyusunan RKA\t\u{221a}\t\t\t\tSubbag\n\
\n\
\t\t\t\t\t\tMetro, 11 Januari 2024\n\
\tPihak Kedua,\t\t\t\t\tPihak Pertama,\n\
\tSekretaris\t\t\t\t\tKasubbag Perencanaan\n\
\tJUMADI AHMAD, SH\t\t\t\t\tZILVIA EVIRILIANITY, S.E.\n";
    let out = read(source).unwrap();
    assert_eq!(out.warnings, vec![], "no signature line read as a row");
    let s = &out.documents[0].signatories;
    let got: Vec<(&str, &str, &str)> = s
        .iter()
        .map(|s| (s.role.as_str(), s.name.as_str(), s.position.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("pihak_kedua", "JUMADI AHMAD, SH", "Sekretaris"),
            ("pihak_pertama", "ZILVIA EVIRILIANITY, S.E.", "Kasubbag Perencanaan")
        ]
    );
    assert_eq!(s[1].place_date.as_deref(), Some("Metro, 11 Januari 2024"));
    assert_eq!(out.documents[0].objectives.len(), 1);
}

#[test]
fn a_date_on_its_own_line_above_side_by_side_blocks_dates_the_right_one() {
    // As a PDF's text gives it: the date, a line of one cell, stands over the right block.
    let source = "RENCANA AKSI KINERJA TAHUN 2024\nSUB BAGIAN PERENCANAAN\n\n\
NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tTw 1\tTw 2\tTw 3\tTw 4\tPELAKSANA\n\
1\tTerwujudnya perencanaan\tJumlah dokumen\t4 dokumen\tPenyusunan RKA\t\u{221a}\t\t\t\tSubbag\n\
Metro, 11 Januari 2024\n\
Pihak Kedua,\tPihak Pertama,\n\
Sekretaris\tKasubbag Perencanaan\n\
JUMADI AHMAD, SH\tZILVIA EVIRILIANITY, S.E.\n";
    let out = read(source).unwrap();
    assert_eq!(out.warnings, vec![]);
    let s = &out.documents[0].signatories;
    let got: Vec<(&str, &str, Option<&str>)> = s
        .iter()
        .map(|s| (s.role.as_str(), s.name.as_str(), s.place_date.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("pihak_kedua", "JUMADI AHMAD, SH", None),
            (
                "pihak_pertama",
                "ZILVIA EVIRILIANITY, S.E.",
                Some("Metro, 11 Januari 2024")
            )
        ]
    );
}
#[test]
fn signature_blocks_with_and_without_parties() {
    let lines: Vec<(usize, String)> = [
        "Metro, 11 Januari 2024",
        "Pihak Kedua,",
        "Sekretaris Komisi Pemilihan Umum",
        "Kota Metro",
        "JUMADI AHMAD, SH",
        "NIP. 19700101 199001 1 001",
        "Pihak Pertama,",
        "Kasubbag Keuangan, Umum dan Logistik",
        "Komisi Pemilihan Umum",
        "Kota Metro",
        "ZILVIA EVIRILIANITY, S.E., M.M.",
    ]
    .iter()
    .enumerate()
    .map(|(i, s)| (i + 1, s.to_string()))
    .collect();
    let s = signatories(&lines);
    assert_eq!(s.len(), 2);
    assert_eq!(
        (s[0].role.as_str(), s[0].name.as_str(), s[0].position.as_str()),
        (
            "pihak_kedua",
            "JUMADI AHMAD, SH",
            "Sekretaris Komisi Pemilihan Umum Kota Metro"
        )
    );
    assert_eq!(s[0].nip.as_deref(), Some("19700101 199001 1 001"));
    assert_eq!(s[0].place_date.as_deref(), Some("Metro, 11 Januari 2024"));
    assert_eq!(s[1].name, "ZILVIA EVIRILIANITY, S.E., M.M.");
    assert_eq!(
        s[1].position,
        "Kasubbag Keuangan, Umum dan Logistik Komisi Pemilihan Umum Kota Metro"
    );

    let alone: Vec<(usize, String)> = [
        "Metro, 11 Januari 2024",
        "Ketua Komisi Pemilihan Umum",
        "Kota Metro",
        "NURRIS SEPTA PRATAMA",
    ]
    .iter()
    .enumerate()
    .map(|(i, s)| (i + 1, s.to_string()))
    .collect();
    let s = signatories(&alone);
    assert_eq!(
        (s[0].role.as_str(), s[0].name.as_str(), s[0].position.as_str()),
        (
            "pihak_pertama",
            "NURRIS SEPTA PRATAMA",
            "Ketua Komisi Pemilihan Umum Kota Metro"
        )
    );
}

#[test]
fn place_and_date_lines() {
    assert!(is_place_date("Metro, 11 Januari 2024"));
    assert!(is_place_date("Sungai Raya, 2 Februari 2024"));
    assert!(!is_place_date("Kasubbag Keuangan, Umum dan Logistik"));
    assert!(!is_place_date("JUMADI AHMAD, SH"));
}

/// An OCR'd RAK whose header came out as noise: the roles are taken from the columns' content,
/// named in one warning; every action is read with its months and executor; the next page's
/// noisy header continues the table.
#[test]
fn a_table_under_an_unreadable_header_is_read_by_its_content() {
    let marks = |ms: &[u8]| -> String { (1..=12).map(|m| if ms.contains(&m) { " √ |" } else { "  |" }).collect() };
    let source = format!(
        "RENCANA AKSI KINERJA TAHUN 2025\nSUBBAGIAN PERENCANAAN, DATA DAN INFORMASI\n\n\
| SA SA RAN KEG | IN D1KA TOR | TA RG ET | KEG1ATAN |{empty}PFLAKSANA |\n\
|---|---|---|---|{rule}---|\n\
| Terwujudnya rencana kerja yang efektif | Jumlah revisi rencana kerja | 12 Kali | Melakukan revisi anggaran |{a}Subbag. Perencanaan, data dan informasi |\n\
| | Persentase laporan monev tepat waktu | 75% | Membuat laporan emonev Bappenas |{b}Subbag. Perencanaan data dan informasi |\n\
\n\
| 5AS4RAN | lNDlK | T4RG | KEG |{empty}PELAK5ANA |\n\
| | | | Menyusun laporan kinerja triwulanan |{c}Sub Bagian Keuangan, Umum dan Logistik |\n",
        empty = "  |".repeat(12),
        rule = "---|".repeat(12),
        a = marks(&[2, 4, 6]),
        b = marks(&[1, 2, 3]),
        c = marks(&[3, 6, 9, 12]),
    );
    let out = read(&source).unwrap();
    let messages: Vec<&str> = out.warnings.iter().map(|w| w.message.en.as_str()).collect();
    assert_eq!(out.documents.len(), 1, "{messages:#?}");
    let doc = &out.documents[0];
    assert_eq!(
        (doc.kind, doc.period_kind),
        (DocKind::Rak, Some(crate::model::PeriodKind::Month))
    );
    let actions: Vec<(&str, &[u8], Option<&str>)> = doc
        .objectives
        .iter()
        .flat_map(|o| &o.indicators)
        .flat_map(|i| &i.actions)
        .map(|a| (a.text.as_str(), a.periods.as_slice(), a.executor.as_deref()))
        .collect();
    assert_eq!(
        actions,
        [
            (
                "Melakukan revisi anggaran",
                &[2, 4, 6][..],
                Some("Subbag. Perencanaan, data dan informasi")
            ),
            (
                "Membuat laporan emonev Bappenas",
                &[1, 2, 3][..],
                Some("Subbag. Perencanaan data dan informasi")
            ),
            (
                "Menyusun laporan kinerja triwulanan",
                &[3, 6, 9, 12][..],
                Some("Sub Bagian Keuangan, Umum dan Logistik")
            ),
        ]
    );
    assert_eq!(doc.objectives[0].indicators[1].target.as_deref(), Some("75%"));
    assert_eq!(
        doc.columns_inferred.as_deref(),
        Some("1 SASARAN, 2 INDIKATOR, 3 TARGET, 4 KEGIATAN, 5–16 B1–B12, 17 PELAKSANA"),
        "the preview shows them beside the table"
    );
    assert_eq!(
        messages
            .iter()
            .filter(|m| m.contains("taken from what they hold"))
            .count(),
        2,
        "one warning per header read by content: {messages:#?}"
    );
    assert!(
        messages[0].contains("\"SA SA RAN KEG | IN D1KA TOR | TA RG ET | KEG1ATAN | PFLAKSANA\"")
            && messages[0].contains("1 SASARAN, 2 INDIKATOR, 3 TARGET, 4 KEGIATAN, 5–16 B1–B12, 17 PELAKSANA"),
        "{messages:#?}"
    );
}

/// Rows whose columns cannot be told apart are each reported, as before any header.
#[test]
fn rows_that_show_no_roles_are_each_reported() {
    let source = "| Catatan rapat koordinasi bulanan | Disimpan oleh subbagian umum |\n\
| Hasil evaluasi disampaikan kepada sekretaris | Ditindaklanjuti pada bulan berikutnya |\n";
    let out = read(source).unwrap();
    assert!(out.documents.is_empty());
    let lines: Vec<usize> = out
        .warnings
        .iter()
        .filter(|w| w.message.en.contains("before any header"))
        .map(|w| w.line)
        .collect();
    assert_eq!(lines, [1, 2]);
}

/// A header read whole but for its schedule (OCR lost `RENCANA PELAKSANAAN` and `B1 … B12`):
/// the twelve untitled columns of marks are the months, said once.
#[test]
fn untitled_columns_of_marks_under_a_known_header_are_the_schedule() {
    let months = |ms: &[u8]| -> String { (1..=12).map(|m| if ms.contains(&m) { "\t√" } else { "\t" }).collect() };
    let source = format!(
        "NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN{}\tPELAKSANA\n\
1\tTerwujudnya perencanaan\tJumlah dokumen perencanaan\t4 dokumen\tPenyusunan RKA{}\tSubbag Rendatin\n\
\t\t\t\tPenyusunan revisi{}\tSubbag Rendatin\n",
        "\t".repeat(12),
        months(&[1, 2]),
        months(&[7, 12]),
    );
    let out = read(&source).unwrap();
    let doc = &out.documents[0];
    assert_eq!(
        (doc.kind, doc.period_kind),
        (DocKind::Rak, Some(crate::model::PeriodKind::Month))
    );
    let periods: Vec<&[u8]> = doc.objectives[0].indicators[0]
        .actions
        .iter()
        .map(|a| a.periods.as_slice())
        .collect();
    assert_eq!(periods, [&[1, 2][..], &[7, 12][..]]);
    assert_eq!(out.warnings.len(), 1, "{:#?}", out.warnings);
    assert_eq!(
        out.warnings[0].message.en,
        "columns 6–17 have no title but hold check marks: read as the schedule (months or quarters, in order from the left)"
    );
}

#[test]
fn a_row_split_by_a_page_break_is_joined_and_a_new_row_is_not() {
    let header = "NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tTw 1\tTw 2\tTw 3\tTw 4\tPELAKSANA\n";
    let source = format!(
        "RENCANA AKSI KINERJA TAHUN 2024\n\n{header}\
1\tTerwujudnya pengelolaan BMN sesuai peraturan perundang-\tJumlah laporan\t2 laporan\tMenyusun laporan BMN semester 1 dan\t\t\u{221a}\t\t\u{221a}\tSubbag. Keuangan,\n\
{header}\
\tundangan\t\t\tsemester 2\t\t\t\t\tUmum dan Logistik\n\
2\tTerwujudnya arsip yang tertib\tPersentase arsip\t90%\tMenata arsip\t\u{221a}\t\t\t\tSubbag Hukum\n\
{header}\
\t\t\t\t\t\t\t\t\tSubbag Teknis\n"
    );
    let out = read(&source).unwrap();
    let objectives = &out.documents[0].objectives;
    assert_eq!(objectives.len(), 2);
    assert_eq!(
        objectives[0].text,
        "Terwujudnya pengelolaan BMN sesuai peraturan perundang-undangan"
    );
    let first = &objectives[0].indicators[0].actions;
    assert_eq!(first.len(), 1, "{first:#?}");
    assert_eq!(first[0].text, "Menyusun laporan BMN semester 1 dan semester 2");
    assert_eq!(
        first[0].executor.as_deref(),
        Some("Subbag. Keuangan, Umum dan Logistik")
    );
    assert_eq!(first[0].periods, vec![2, 4]);
    // A unit's name after a break is no rest of the executor above: it starts a row (an action
    // with no text, as the text gives it).
    let second = &objectives[1].indicators[0].actions;
    assert_eq!(second.len(), 2, "{second:#?}");
    assert_eq!(second[0].executor.as_deref(), Some("Subbag Hukum"));
    assert_eq!(second[1].executor.as_deref(), Some("Subbag Teknis"));
}

#[test]
fn a_mark_ocr_could_not_read_counts_in_a_schedule_and_is_warned_of() {
    let u = crate::scan::UNREADABLE;
    let source = format!(
        "RENCANA AKSI KINERJA TAHUN 2024\n\n\
NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tTw 1\tTw 2\tTw 3\tTw 4\tPELAKSANA\n\
1\tTerwujudnya data\tPersentase data\t{u}\tPemutakhiran\t\u{221a}\t{u}\t\t\u{221a}\tSubbag\n"
    );
    let out = read(&source).unwrap();
    let indicator = &out.documents[0].objectives[0].indicators[0];
    assert_eq!(indicator.actions[0].periods, vec![1, 2, 4]);
    assert_eq!(indicator.target, None);
    let warned: Vec<&str> = out.warnings.iter().map(|w| w.message.en.as_str()).collect();
    assert_eq!(
        warned,
        [
            "a mark OCR could not read in the column \"TARGET\", not read: check it on its page",
            "a mark OCR could not read in the column of period 2 is read as a check mark: check it on its page",
        ]
    );
}

#[test]
fn a_title_word_in_a_sentence_starts_no_title() {
    assert!(is_title_start("PERJANJIAN KINERJA TAHUN 2024"));
    assert!(is_title_start("Tabel 3.2 Capaian Kinerja Sasaran Strategis"));
    assert!(is_title_start("LAMPIRAN PERJANJIAN KINERJA TAHUN 2024 KPU KOTA METRO"));
    assert!(!is_title_start(
        "Pihak kedua akan melakukan supervisi serta evaluasi terhadap capaian kinerja dari perjanjian ini"
    ));
}

#[test]
fn a_pks_appendix_takes_the_year_and_office_of_its_cover_heading() {
    let source = "PERJANJIAN KINERJA TAHUN 2024\nSUBBAGIAN HUKUM DAN SDM\nKPU KOTA METRO\n\
Dalam rangka mewujudkan manajemen pemerintahan yang efektif, kami yang bertanda tangan di bawah ini:\n\
Nama\t:\tBAMBANG SETYAWAN\n\
Jabatan\t:\tKasubbag Hukum dan SDM\n\
Pihak kedua akan melakukan evaluasi terhadap capaian kinerja dari perjanjian ini.\n\
LAMPIRAN\n\
Perjanjian Kinerja Subbagian Hukum dan SDM\n\
NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\n\
1\tMeningkatnya kepatuhan hukum\tPersentase produk hukum yang ditetapkan\t100%\n";
    let out = read(source).unwrap();
    let d = &out.documents[0];
    assert_eq!(
        (d.year, d.office.as_deref()),
        (Some(Year::of(2024)), Some("KPU KOTA METRO"))
    );
    assert_eq!(d.unit.as_deref(), Some("SUBBAGIAN HUKUM DAN SDM"));
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert!(
        out.warnings[0].message.id.starts_with("para pihak"),
        "{:?}",
        out.warnings
    );
}
