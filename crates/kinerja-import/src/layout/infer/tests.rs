use super::*;

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// A row of a monthly RAK: objective, indicator, target, action, twelve months, executor.
fn monthly(objective: &str, indicator: &str, target: &str, action: &str, months: &[u8], executor: &str) -> Vec<String> {
    let mut r = row(&[objective, indicator, target, action]);
    r.extend((1..=12).map(|m| {
        if months.contains(&m) {
            "√".to_string()
        } else {
            String::new()
        }
    }));
    r.push(executor.into());
    r
}

fn kubu_raya_like(header: Vec<Vec<String>>, marks: bool) -> Vec<Vec<String>> {
    let m = |ms: &'static [u8]| if marks { ms } else { &[] };
    let mut rows = header;
    rows.push(monthly(
        "Terwujudnya rencana kerja dan anggaran yang tertib",
        "Jumlah revisi yang dilakukan terhadap rencana kerja",
        "12 Kali",
        "Melakukan revisi untuk mengoptimalkan penggunaan anggaran",
        m(&[2, 4, 6, 8, 9]),
        "Subbag. Perencanaan, data dan informasi",
    ));
    rows.push(monthly(
        "",
        "Persentase Laporan monitoring dan evaluasi yang akuntabel",
        "75%",
        "Membuat Laporan emonev Bappenas dan monev Smart Keuangan",
        m(&[1, 2, 3]),
        "Subbag. Perencanaan data dan informasi",
    ));
    rows.push(monthly(
        "",
        "",
        "",
        "Menyusun laporan kinerja triwulanan",
        m(&[3, 6, 9, 12]),
        "Sub Bagian Keuangan, Umum dan Logistik",
    ));
    rows
}

fn refs(rows: &[Vec<String>]) -> Vec<&[String]> {
    rows.iter().map(Vec::as_slice).collect()
}

#[test]
fn a_rak_under_a_garbled_header_is_read_by_its_content() {
    let mut sub = row(&["", "", "", ""]);
    sub.extend(
        [
            "Bl", "B2", "83", "B4", "BS", "B6", "B7", "B3", "B9", "BlO", "Bll", "B12",
        ]
        .map(String::from),
    );
    sub.push(String::new());
    let mut top = row(&[
        "SASAKAN KEGIAIAN",
        "INDlKAT0R KlNERJA",
        "TAKGET",
        "KFGlATAN",
        "RFNCANA PFLAKSANAAN",
    ]);
    top.extend(std::iter::repeat_n(String::new(), 11));
    top.push("PFLAKSANA".into());
    let rows = kubu_raya_like(vec![top, sub], true);
    let got = infer(&refs(&rows), None).expect("read by content");
    assert_eq!(got.header_rows, 2);
    assert!(!got.empty_schedule);
    let l = &got.layout;
    assert_eq!((l.kind, l.period_kind), (DocKind::Rak, Some(PeriodKind::Month)));
    assert_eq!(
        l.roles[..4],
        [Role::Objective, Role::Indicator, Role::Target, Role::Action]
    );
    assert_eq!(l.roles[4], Role::Period(1));
    assert_eq!(l.roles[15], Role::Period(12));
    assert_eq!(l.roles[16], Role::Executor);
    assert_eq!(l.titles[0], "SASAKAN KEGIAIAN");
    assert_eq!(
        describe(l),
        "1 SASARAN, 2 INDIKATOR, 3 TARGET, 4 KEGIATAN, 5–16 B1–B12, 17 PELAKSANA"
    );
}

#[test]
fn a_schedule_left_empty_by_the_scan_is_read_as_none_and_said_once() {
    let rows = kubu_raya_like(vec![row(&["SASAR", "lNDlK", "TARG"])], false);
    // Without a RAK title a run of empty columns is no schedule (OCR spreads a merged cell over
    // empty columns too): the actions are an RKT's.
    let plain = infer(&refs(&rows), None).unwrap();
    assert!(!plain.empty_schedule);
    assert_eq!((plain.layout.kind, plain.layout.period_kind), (DocKind::Rkt, None));
    assert_eq!(plain.layout.roles[16], Role::Executor);
    let titled = infer(&refs(&rows), Some(DocKind::Rak)).unwrap();
    assert!(titled.empty_schedule);
    assert_eq!(describe_schedule(&titled.layout), "5–16");
}

#[test]
fn a_quarterly_rak_with_numbers_budget_and_an_action_target() {
    let header = row(&[
        "N0",
        "SASAKAN",
        "lNDlKATOR",
        "TARGFT",
        "KEGlATAN",
        "TARGET KEG",
        "l",
        "ll",
        "lll",
        "lV",
        "ANGGAKAN",
        "PELAKSANA",
    ]);
    let data = |no: &str, o: &str, i: &str, t: &str, a: &str, at: &str, q: [&str; 4], b: &str, e: &str| {
        let mut r = row(&[no, o, i, t, a, at]);
        r.extend(q.map(String::from));
        r.extend([b.to_string(), e.to_string()]);
        r
    };
    let rows = vec![
        header,
        data(
            "1",
            "Meningkatnya kualitas perencanaan",
            "Persentase dokumen perencanaan tepat waktu",
            "100%",
            "Menyusun RKA-K/L satuan kerja",
            "1 dokumen",
            ["√", "", "", ""],
            "8.170.412.000",
            "Sub Bagian Perencanaan",
        ),
        data(
            "",
            "",
            "",
            "",
            "Menyusun revisi anggaran tahunan",
            "2 kali",
            ["", "√", "", "√"],
            "15.000.000",
            "Sub Bagian Perencanaan",
        ),
        data(
            "2",
            "Meningkatnya akuntabilitas kinerja",
            "Nilai SAKIP satuan kerja",
            "75",
            "Menyusun laporan kinerja tahunan",
            "1 laporan",
            ["√", "", "", ""],
            "Rp 12.500.000",
            "Sub Bagian Perencanaan",
        ),
    ];
    let got = infer(&refs(&rows), None).unwrap();
    assert_eq!(got.header_rows, 1);
    let l = &got.layout;
    assert_eq!((l.kind, l.period_kind), (DocKind::Rak, Some(PeriodKind::Quarter)));
    assert_eq!(
        l.roles,
        [
            Role::No,
            Role::Objective,
            Role::Indicator,
            Role::Target,
            Role::Action,
            Role::ActivityTarget,
            Role::Period(1),
            Role::Period(2),
            Role::Period(3),
            Role::Period(4),
            Role::Budget,
            Role::Executor
        ]
    );
    assert_eq!(
        describe(l),
        "1 NO, 2 SASARAN, 3 INDIKATOR, 4 TARGET, 5 KEGIATAN, 6 TARGET KEGIATAN, 7–10 TW I–IV, 11 ANGGARAN, 12 PELAKSANA"
    );
}

#[test]
fn a_pk_by_content_and_an_unknown_column_kept_unknown() {
    let rows = vec![
        row(&[
            "1",
            "Meningkatnya partisipasi pemilih",
            "Persentase partisipasi pemilih",
            "77,5%",
            "x7",
        ]),
        row(&["", "", "Jumlah sosialisasi pendidikan pemilih", "12 kegiatan", "-"]),
        row(&[
            "2",
            "Meningkatnya kualitas data pemilih",
            "Persentase data pemilih yang mutakhir",
            "100%",
            "",
        ]),
    ];
    let got = infer(&refs(&rows), None).unwrap();
    assert_eq!(got.header_rows, 0, "the first row carries figures: no header");
    assert_eq!(got.layout.kind, DocKind::Pk);
    assert_eq!(
        got.layout.roles,
        [Role::No, Role::Objective, Role::Indicator, Role::Target, Role::Unknown]
    );
    assert_eq!(got.layout.titles[4], "(5)");
}

#[test]
fn tables_whose_columns_cannot_be_told_apart_are_not_read() {
    // Prose in two columns: no indicator beside a target, no schedule, no actions.
    let prose = vec![
        row(&[
            "Kegiatan sosialisasi dilaksanakan di kecamatan",
            "Hasilnya dilaporkan kepada sekretaris",
        ]),
        row(&[
            "Rapat koordinasi diadakan setiap bulan",
            "Notulen disimpan di subbagian umum",
        ]),
    ];
    assert_eq!(infer(&refs(&prose), None), None);
    // Figures only.
    let figures = vec![row(&["1", "100%", "√"]), row(&["2", "95%", ""])];
    assert_eq!(infer(&refs(&figures), None), None);
    // One data row is too few to tell a column by.
    let one = kubu_raya_like(vec![], true);
    assert_eq!(infer(&refs(&one[..1]), None), None);
    assert_eq!(infer(&[], None), None);
}

#[test]
fn thirteen_columns_of_marks_with_an_empty_edge_are_twelve_months() {
    let mut c = vec![Column::default(); 15];
    for col in c.iter_mut().take(14).skip(2) {
        col.filled = 3;
        col.marks = 3;
    }
    // Columns 1..=13 hold only marks or nothing; column 1 is empty.
    assert_eq!(schedule(&c, false), Some((2, 14)));
    c[1].filled = 1;
    c[1].marks = 1;
    // Thirteen columns of marks: neither twelve nor four.
    assert_eq!(schedule(&c, false), None);
    // Twelve empty columns are a schedule only where the title says RAK.
    let empty = vec![Column::default(); 12];
    assert_eq!(schedule(&empty, false), None);
    assert_eq!(schedule(&empty, true), Some((0, 12)));
}

#[test]
fn cells_are_told_by_what_they_hold() {
    assert!(is_running_number("1") && is_running_number("12.") && is_running_number("(3)") && is_running_number("IV"));
    assert!(!is_running_number("1234") && !is_running_number("Rp"));
    assert!(is_value("12 Kali") && is_value("95%") && is_value("1 laporan") && is_value("97,5%"));
    assert!(!is_value("Subbag. Perencanaan") && !is_value("Persentase laporan") && !is_value(""));
    assert!(is_money("8.170.412.000") && is_money("Rp 15.534.394.000"));
    assert!(!is_money("12") && !is_money("Sub Bagian Teknis"));
    assert!(looks_like_header(&row(&["SASAKAN", "lNDlK", "", "B1"])));
    assert!(
        !looks_like_header(&row(&["1", "2", "3"])),
        "column numbers are no header"
    );
    assert!(!looks_like_header(&row(&["Rencana", "95%"])));
    assert!(!looks_like_header(&row(&["", ""])));
}
