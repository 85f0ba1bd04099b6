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

    // A schedule cell holds a mark or nothing: a short word there is taken as a mark, and said
    // so; a longer one is named and left out.
    let odd = read_text(
        "NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tB1\tB2\n1\tS\tI\t5\tK\tya\t√\n2\tS\tI\t5\tL\ttidak\t√\n",
    );
    let actions = &odd.documents[0].objectives[0].indicators[0].actions;
    assert_eq!(actions[0].periods, [1, 2]);
    assert_eq!(actions[1].periods, [2]);
    let warned: Vec<(usize, &str)> = odd.warnings.iter().map(|w| (w.line, w.message.en.as_str())).collect();
    assert!(
        warned.contains(&(
            2,
            "\"ya\" in the column of period 1 is read as a check mark: check it on its page"
        )) && warned.contains(&(3, "\"tidak\" in the column of period 1 is not a check mark, not read")),
        "{warned:#?}"
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

/// A RAK whose schedule columns a scan lost: its title makes it a RAK (never a PK or an RKT),
/// its actions are read without a schedule, and one warning says so for the table.
#[test]
fn a_rak_title_makes_a_rak_of_a_header_without_a_schedule() {
    let text = "\
RENCANA AKSI KINERJA TAHUN 2025
SUBBAGIAN TEKNIS PENYELENGGARAAN

NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tPELAKSANA
1\tTerwujudnya tahapan yang tertib\tPersentase tahapan tepat waktu\t100%\tRapat koordinasi tahapan\tSubbag Teknis
\t\t\t\tMonitoring pemutakhiran data\tSubbag Teknis
NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tPELAKSANA
\t\t\t\tEvaluasi tahapan\tSubbag Teknis
";
    let read = read_text(text);
    assert_eq!(read.documents.len(), 1, "the repeated header goes on: {read:#?}");
    let d = &read.documents[0];
    assert_eq!(d.kind, DocKind::Rak);
    let actions: Vec<(&str, usize)> = d.objectives[0].indicators[0]
        .actions
        .iter()
        .map(|a| (a.text.as_str(), a.periods.len()))
        .collect();
    assert_eq!(
        actions,
        [
            ("Rapat koordinasi tahapan", 0),
            ("Monitoring pemutakhiran data", 0),
            ("Evaluasi tahapan", 0)
        ]
    );
    let en: Vec<&str> = read.warnings.iter().map(|w| w.message.en.as_str()).collect();
    assert_eq!(en.len(), 1, "{en:?}");
    assert!(
        en[0].contains("says RENCANA AKSI") && read.warnings[0].line == 4,
        "{en:?}"
    );
}

/// A generated RAK row: what each cell holds.
#[derive(Debug, Clone)]
enum Budget {
    None,
    Amount(u32),
    Dash,
    /// Words where an amount belongs.
    Words,
    /// The executor one column too far right (its own column empty).
    Executor,
}

#[derive(Debug, Clone)]
struct GenRow {
    /// A new objective and indicator (else the action continues the one above).
    new_indicator: bool,
    /// A row that only carries the wrapped end of the objective's sentence.
    wrapped: bool,
    marks: [bool; 4],
    executor: bool,
    budget: Budget,
}

fn gen_row() -> impl Strategy<Value = GenRow> {
    (
        any::<bool>(),
        proptest::bool::weighted(0.15),
        any::<[bool; 4]>(),
        any::<bool>(),
        prop_oneof![
            Just(Budget::None),
            (1u32..999).prop_map(Budget::Amount),
            Just(Budget::Dash),
            Just(Budget::Words),
            Just(Budget::Executor),
        ],
    )
        .prop_map(|(new_indicator, wrapped, marks, executor, budget)| GenRow {
            new_indicator,
            wrapped,
            marks,
            executor,
            budget,
        })
}

proptest! {
    /// No silent loss: in generated RAK tables (continuation rows, wrapped objectives, budgets
    /// that do not parse, an executor in the ANGGARAN column), every non-blank cell ends up in
    /// what was read, or in a warning of its line that quotes it; every check mark is a period
    /// of its row's action or warned of on its line.
    ///
    /// With `garbled`, the header is as OCR leaves one it cannot read (`SASA RAN`, `IND1KA TOR`):
    /// the columns' roles are taken from their content, and the same holds.
    #[test]
    fn every_cell_is_read_or_warned_of(rows in proptest::collection::vec(gen_row(), 1..12), garbled in any::<bool>()) {
        let header = if garbled {
            "N0\tSASA RAN\tIND1KA TOR\tTAR GET\tKEG1ATAN\tBl\tB2\tB3\tB4\tPELAK SANA\tANGGA RAN"
        } else {
            "NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tB1\tB2\tB3\tB4\tPELAKSANA\tANGGARAN"
        };
        let mut text = format!("RENCANA AKSI KINERJA TAHUN 2025\nSUBBAGIAN TEKNIS\n\n{header}\n");
        // (line, cells) of every data row written.
        let mut written: Vec<(usize, Vec<String>)> = vec![];
        let mut line = 4;
        let mut numbered = 0;
        for (r, row) in rows.iter().enumerate() {
            line += 1;
            let mut cells = vec![String::new(); 11];
            if row.wrapped && !written.is_empty() {
                cells[1] = format!("dan lanjutan{r}");
            } else {
                if row.new_indicator || written.is_empty() {
                    numbered += 1;
                    cells[0] = numbered.to_string();
                    cells[1] = format!("Terwujudnya sasaran{r}");
                    cells[2] = format!("Persentase indikator{r}");
                    cells[3] = format!("{}%", 50 + r);
                }
                cells[4] = format!("Kegiatan aksi{r}");
                for (i, m) in row.marks.iter().enumerate() {
                    if *m {
                        cells[5 + i] = "√".into();
                    }
                }
                if row.executor {
                    cells[9] = format!("Subbag Teknis{r}");
                }
                cells[10] = match row.budget {
                    Budget::None => String::new(),
                    Budget::Amount(n) => format!("Rp {n}.500.000"),
                    Budget::Dash => "-".into(),
                    Budget::Words => format!("sekitar{r} sejuta"),
                    Budget::Executor if !row.executor => format!("Sub Bagian Umum{r}"),
                    Budget::Executor => format!("lihat{r} DIPA"),
                };
            }
            text.push_str(&cells.join("\t"));
            text.push('\n');
            written.push((line, cells));
        }
        let read = read_text(&text);
        let documents = serde_json::to_string(&read.documents).unwrap();
        let actions: Vec<&kinerja_import::Action> = read.documents.iter().flat_map(|d| &d.objectives).flat_map(|o| &o.indicators).flat_map(|i| &i.actions).collect();
        for (line, cells) in &written {
            // Quoted in a warning of its line, or its whole line said not to be read.
            let warned = |c: &str| read.warnings.iter().any(|w| w.line == *line && (w.message.en.contains(c) || w.message.en.contains("not read:")));
            for c in cells.iter().filter(|c| !c.is_empty() && c.as_str() != "√" && c.as_str() != "-") {
                prop_assert!(documents.contains(c.as_str()) || warned(c), "line {line}: {c:?} lost\n{text}\n{read:#?}");
            }
            let marks = cells[5..9].iter().filter(|c| *c == "√").count();
            if marks > 0 {
                let periods = actions.iter().find(|a| a.line == *line).map(|a| a.periods.len());
                prop_assert!(periods == Some(marks) || read.warnings.iter().any(|w| w.line == *line), "line {line}: {marks} marks, {periods:?} periods\n{text}");
            }
            // A budget is kept when it is an amount, never when it is not (under a readable
            // header: by content, a column of a few amounts among words is no budget column).
            if let Some(a) = actions.iter().find(|a| a.line == *line).filter(|_| !garbled) {
                let amount = cells[10].starts_with("Rp ");
                prop_assert_eq!(a.budget.is_some(), amount, "line {}: budget {:?} from {:?}", line, a.budget, cells[10]);
            }
        }
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
