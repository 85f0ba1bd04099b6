//! Documents of a small hand-made unit: the PK's markup (snapshot), a PDF that compiles with the
//! embedded fonts and is the same bytes every time, the gaps a missing signatory leaves, and the
//! LKj's comparison with the year before.

use kinerja_documents::{Format, Kind, Request, markup, pk};
use kinerja_domain::date::Date;
use kinerja_domain::model::*;
use kinerja_domain::value::Value;

mod support;
use support::{inputs, plan};

#[test]
fn the_pk_lists_every_objective_indicator_target_and_the_budget() {
    let inputs = inputs(plan());
    let doc = pk::document(&inputs, &inputs.plan.units[0]).unwrap();
    let markup = markup::render(&doc);
    // Text with typst's special characters stays text.
    assert!(
        markup.contains("\"Persentase laporan \\\"monev\\\" #1 [akuntabel]\""),
        "{markup}"
    );
    assert!(markup.contains("\"Rp 828.483.000\"") && markup.contains("\"4 triwulan\""));
    assert!(
        markup.contains("\"Metro, 11 Januari 2024\""),
        "place and date in Indonesian"
    );
    insta::assert_snapshot!(markup);
    let date = inputs.date;
    let pdf = kinerja_documents::pdf(&markup, date).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    assert!(pdf.len() > 2_000);
    assert_eq!(
        kinerja_documents::pdf(&markup, date).unwrap(),
        pdf,
        "the same data give the same bytes"
    );
}

#[test]
fn missing_signatories_are_gaps_named_after_their_role() {
    let inputs = inputs(plan());
    let request = Request {
        kind: Kind::Pk,
        unit: Some("subbag-rendatin".into()),
        period: None,
        format: Format::Pdf,
    };
    let rendered = kinerja_documents::render(&inputs, &request).unwrap();
    assert!(rendered.bytes.starts_with(b"%PDF-"));
    assert_eq!(rendered.file_name, "pk-subbag-rendatin-kpu-kota-metro-2024.pdf");
    assert!(
        rendered.gaps.iter().any(|g| g.contains("Pihak Pertama")),
        "{:?}",
        rendered.gaps
    );
    assert!(
        rendered.gaps.iter().any(|g| g.contains("Pihak Kedua")),
        "{:?}",
        rendered.gaps
    );
}

#[test]
fn a_unit_without_objectives_is_named_not_rendered_empty() {
    let mut plan = plan();
    plan.objectives.clear();
    let inputs = inputs(plan);
    let err = pk::document(&inputs, &inputs.plan.units[0]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Subbagian Perencanaan, Data dan Informasi has no PK for 2024, and no unit of KPU Kota Metro has one"
    );
}

#[test]
fn an_unknown_unit_names_the_units_there_are() {
    let inputs = inputs(plan());
    let request = Request {
        kind: Kind::Rak,
        unit: Some("subbag-hukum".into()),
        period: None,
        format: Format::Docx,
    };
    let err = kinerja_documents::render(&inputs, &request).unwrap_err();
    assert!(
        err.to_string().contains("\"subbag-hukum\"") && err.to_string().contains("subbag-rendatin"),
        "{err}"
    );
}

#[test]
fn broken_markup_is_an_error_with_typsts_message() {
    let err = kinerja_documents::pdf("#let x = (", Date::new(2024, 1, 1)).unwrap_err();
    assert!(
        err.to_string().starts_with("the document could not be typeset"),
        "{err}"
    );
}

fn realised(id: i64, indicator: i64, value: &str) -> Realisation {
    Realisation {
        id: kinerja_domain::model::RealisationId(id),
        indicator: kinerja_domain::model::IndicatorId(indicator),
        period: kinerja_domain::period::Period::Year,
        value: Value::parse(value).unwrap(),
        status: RealisationStatus::Verified,
        evidence: vec![],
        obstacles: None,
        follow_up: None,
        return_reason: None,
        version: 1,
    }
}

/// With last year's plan at hand, the LKj has a comparison table per unit: last year's realisation
/// and achievement of the same indicator (matched by unit and wording) beside this year's, with a
/// numbered note where an indicator has no twin last year. Without last year's data the table
/// still stands when the Renstra can be compared, or a sentence says why nothing can be.
#[test]
fn the_lkj_compares_with_the_year_before_when_it_has_data() {
    let mut this_year = plan();
    this_year.realisations.push(realised(1, 101, "96%"));
    let mut last_year = plan();
    last_year.year = Year::of(2023);
    for o in &mut last_year.objectives {
        o.year = Year::of(2023);
    }
    for u in &mut last_year.unit_years {
        u.year = Year::of(2023);
    }
    // Only the percentage indicator was measured last year: 76% of 95%.
    last_year.realisations.push(realised(2, 101, "76%"));
    let mut with_previous = inputs(this_year.clone());
    with_previous.previous = Some(last_year);
    let doc = kinerja_documents::lkj::document(&with_previous).unwrap();
    let markup = markup::render(&doc);
    assert!(markup.contains("\"CAPAIAN 2023\""), "a column for last year");
    // This year 96 of 95: 101,05%; last year 76 of 95: 80%.
    let row = markup
        .lines()
        .find(|l| l.contains("Persentase laporan") && l.contains("\"76%\""))
        .expect("the indicator's row in the comparison table");
    assert!(
        row.contains("\"80%\"") && row.contains("\"96%\"") && row.contains("\"101,05%\""),
        "{row}"
    );
    assert!(
        markup.contains("Perbandingan dengan tahun 2023 dan target Renstra"),
        "the table's title"
    );
    assert!(
        markup.contains("Renstra kantor belum diisi di Kinerja."),
        "the note why no Renstra target"
    );

    let without = markup::render(&kinerja_documents::lkj::document(&inputs(this_year)).unwrap());
    assert!(!without.contains("CAPAIAN 2023"), "no column without last year's data");
    assert!(
        without.contains("data tahun 2023 belum ada di Kinerja") && without.contains("Renstra kantor belum diisi"),
        "the LKj says why nothing can be compared"
    );
}

/// The LKj's budget table: a sub-section's activities are part of the secretariat's programmes, so
/// the office's total counts the secretariat only; absorption = realised ÷ ceiling, efficiency =
/// achievement ÷ absorption.
#[test]
fn the_lkj_budget_counts_nested_units_once() {
    let mut plan = plan();
    plan.units.push(Unit {
        id: kinerja_domain::model::UnitId(2),
        office: kinerja_domain::model::OfficeId(1),
        code: "sekretariat".into(),
        name: "Sekretariat KPU Kota Metro".into(),
        kind: UnitKind::Secretariat,
        parent: None,
        aliases: vec![],
        version: 1,
    });
    plan.units[0].parent = Some(kinerja_domain::model::UnitId(2));
    plan.budget.push(BudgetLine {
        unit: kinerja_domain::model::UnitId(2),
        year: Year::of(2024),
        ord: 0,
        name: "Program Dukungan Manajemen".into(),
        level: BudgetLevel::Program,
        ceiling: "15534394000".parse().unwrap(),
        realised: None,
        indicators: vec![],
    });
    plan.budget[0].realised = Some("800000000".parse().unwrap());
    plan.realisations.push(realised(1, 101, "96%"));
    let doc = kinerja_documents::lkj::document(&inputs(plan)).unwrap();
    let markup = markup::render(&doc);
    let total = markup.lines().find(|l| l.contains("JUMLAH ANGGARAN KANTOR")).unwrap();
    assert!(total.contains("\"Rp 15.534.394.000\""), "{total}");
    // 800.000.000 of 828.483.000 = 96,56%; achievement 96 of 95 = 101,05%; 101,05… ÷ 96,56… = 104,65%.
    let line = markup
        .lines()
        .find(|l| l.contains("\"Perencanaan, Program dan Anggaran\"") && l.contains("Rp 800.000.000"))
        .unwrap();
    assert!(
        line.contains("\"96,56%\"") && line.contains("\"101,05%\"") && line.contains("\"104,65%\""),
        "{line}"
    );
    assert!(
        doc.gaps
            .iter()
            .any(|g| g.contains("Realisasi anggaran: Program Dukungan Manajemen")),
        "{:?}",
        doc.gaps
    );
}

/// The RAK of the hand-made unit: landscape, one column per month with check marks, the
/// objective and indicator merged over their actions, PELAKSANA and ANGGARAN.
#[test]
fn the_rak_marks_the_months_of_each_action() {
    let mut plan = plan();
    for (id, indicator, text, months, budget) in [
        (1, 100, "Penyusunan revisi DIPA", vec![1u8, 4, 7, 10], Some("12500000")),
        (2, 100, "Rapat koordinasi perencanaan", vec![2], None),
        (3, 101, "Penyusunan laporan monev", vec![3, 6, 9, 12], Some("7500000")),
    ] {
        plan.actions.push(Action {
            id: kinerja_domain::model::ActionId(id),
            indicator: kinerja_domain::model::IndicatorId(indicator),
            ord: id as i32,
            text: text.into(),
            schedule: Schedule {
                kind: kinerja_domain::period::PeriodKind::Month,
                periods: months,
            },
            executor: Some("Subbag Rendatin".into()),
            executor_unit: Some(kinerja_domain::model::UnitId(1)),
            budget: budget.map(|b| b.parse().unwrap()),
            target: None,
            note: None,
        });
    }
    let inputs = inputs(plan);
    let doc = kinerja_documents::rak::document(&inputs, &inputs.plan.units[0]).unwrap();
    assert!(doc.landscape);
    let markup = markup::render(&doc);
    assert!(
        markup.contains("table.cell(colspan: 12"),
        "RENCANA PELAKSANAAN over the 12 months"
    );
    let row = markup.lines().find(|l| l.contains("Penyusunan revisi DIPA")).unwrap();
    assert_eq!(row.matches("\"√\"").count(), 4, "{row}");
    assert!(row.contains("\"Rp 12.500.000\""), "{row}");
    insta::assert_snapshot!(markup);
}

/// The RKT lists the office's own PK with the RAK's actions beside each indicator, and the budget
/// once; the IKU is the Renstra's key indicators, how each is computed (the Renstra's own, or the
/// PK indicator's of the same wording), where its data come from, and a target per Renstra year.
#[test]
fn the_rkt_is_the_own_pk_and_the_iku_comes_from_the_renstra() {
    let mut plan = plan();
    plan.indicators[0].computation = Some("Jumlah revisi yang disetujui".into());
    plan.indicators[0].data_source = Some("Aplikasi SAKTI".into());
    plan.actions.push(Action {
        id: kinerja_domain::model::ActionId(1),
        indicator: kinerja_domain::model::IndicatorId(100),
        ord: 0,
        text: "Penyusunan revisi DIPA".into(),
        schedule: Schedule {
            kind: kinerja_domain::period::PeriodKind::Quarter,
            periods: vec![1, 2, 3, 4],
        },
        executor: None,
        executor_unit: None,
        budget: None,
        target: None,
        note: None,
    });
    let mut inputs = inputs(plan);
    let rkt = markup::render(&kinerja_documents::registers::rkt(&inputs).unwrap());
    assert!(rkt.contains("\"RENCANA KINERJA TAHUNAN (RKT) TAHUN 2024\""), "{rkt}");
    assert!(rkt.contains("\"NAMA KEGIATAN AKSI\""));
    let row = rkt
        .lines()
        .find(|l| l.contains("Jumlah revisi yang dilakukan"))
        .unwrap();
    assert!(row.contains("\"Penyusunan revisi DIPA\""), "{row}");
    assert!(rkt.contains("\"Rp 828.483.000\""));
    insta::assert_snapshot!("rkt", rkt);

    let err = kinerja_documents::registers::iku(&inputs).unwrap_err().to_string();
    assert!(err.contains("KPU Kota Metro has none yet"), "{err}");
    inputs.renstra = Some(Renstra {
        from_year: Year::of(2020),
        to_year: Year::of(2024),
        vision: "Visi".into(),
        missions: vec![],
        goals: vec![RenstraGoal {
            text: "Terwujudnya rencana kerja yang efektif".into(),
            indicators: vec![
                RenstraIndicator {
                    // The wording of the PK indicator, up to case and spacing: its computation
                    // and data source are borrowed.
                    text: "Jumlah revisi  yang dilakukan terhadap rencana kerja yang telah ditetapkan".into(),
                    targets: vec![
                        (Year::of(2023), Value::parse("4 triwulan").unwrap()),
                        (Year::of(2024), Value::parse("4 triwulan").unwrap()),
                    ],
                    ..Default::default()
                },
                RenstraIndicator {
                    text: "Indeks kepuasan layanan".into(),
                    targets: Year::of(2020)
                        .through(Year::of(2024))
                        .map(|y| (y, Value::parse("3,5").unwrap()))
                        .collect(),
                    computation: Some("Rata-rata nilai survei".into()),
                    data_source: None,
                },
            ],
        }],
    });
    let iku_doc = kinerja_documents::registers::iku(&inputs).unwrap();
    let iku = markup::render(&iku_doc);
    for year in 2020..=2024 {
        assert!(iku.contains(&format!("#\"{year}\"")), "a column for {year}");
    }
    let borrowed = iku.lines().find(|l| l.contains("Jumlah revisi")).unwrap();
    assert!(
        borrowed.contains("\"Jumlah revisi yang disetujui\"") && borrowed.contains("\"Aplikasi SAKTI\""),
        "{borrowed}"
    );
    assert!(iku_doc.gaps.contains(&"Target Renstra 2020, 2021, 2022: Jumlah revisi  yang dilakukan terhadap rencana kerja yang telah ditetapkan".to_string()), "{:?}", iku_doc.gaps);
    assert!(
        iku_doc
            .gaps
            .contains(&"Sumber data: Indeks kepuasan layanan".to_string()),
        "{:?}",
        iku_doc.gaps
    );
    assert!(
        !iku.contains("Persentase laporan"),
        "a PK indicator not in the Renstra is not an IKU"
    );
    insta::assert_snapshot!("iku", iku);
}
