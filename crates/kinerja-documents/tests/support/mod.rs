//! A small hand-made unit of KPU Kota Metro: one objective, two indicators, a budget line; its RAK.

#![allow(dead_code)] // each test binary uses a part

pub mod scan;

use kinerja_documents::Inputs;
use kinerja_domain::date::Date;
use kinerja_domain::indicator::{IndicatorSettings, LowerFormula};
use kinerja_domain::model::*;
use kinerja_domain::value::Value;

pub fn plan() -> YearPlan {
    let office = Office {
        id: kinerja_domain::model::OfficeId(1),
        code: "kpu-kota-metro".parse().unwrap(),
        name: "KPU Kota Metro".into(),
        full_name: "Komisi Pemilihan Umum Kota Metro".into(),
        level: OfficeLevel::Regency,
        parent: None,
        address: None,
        city: Some("Metro".into()),
        scale: None,
        lower_formula: LowerFormula::TwoTMinusR,
        time_zone: Default::default(),
        version: 1,
    };
    let mut plan = YearPlan::empty(office, Year::of(2024));
    plan.units.push(Unit {
        id: kinerja_domain::model::UnitId(1),
        office: kinerja_domain::model::OfficeId(1),
        code: "subbag-rendatin".into(),
        name: "Subbagian Perencanaan, Data dan Informasi".into(),
        kind: UnitKind::Subsection,
        parent: None,
        aliases: vec![],
        version: 1,
    });
    plan.unit_years.push(UnitYear {
        has_pk: true,
        ..UnitYear::new(kinerja_domain::model::UnitId(1), Year::of(2024))
    });
    plan.objectives.push(Objective {
        id: kinerja_domain::model::ObjectiveId(10),
        unit: kinerja_domain::model::UnitId(1),
        year: Year::of(2024),
        ord: 0,
        text: "Terwujudnya rencana kerja yang efektif dan efisien".into(),
    });
    for (id, text, target) in [
        (
            100,
            "Jumlah revisi yang dilakukan terhadap rencana kerja yang telah ditetapkan",
            "4 triwulan",
        ),
        (101, "Persentase laporan \"monev\" #1 [akuntabel]", "95%"),
    ] {
        plan.indicators.push(Indicator {
            id: kinerja_domain::model::IndicatorId(id),
            objective: kinerja_domain::model::ObjectiveId(10),
            ord: id as i32,
            text: text.into(),
            pk_target: Some(Value::parse(target).unwrap()),
            rak_target: None,
            activity_target: None,
            period_targets: vec![],
            settings: IndicatorSettings::default(),
            computation: None,
            data_source: None,
            supports: None,
            supports_objective: None,
            reported: None,
            note: None,
            version: 1,
        });
    }
    plan.budget.push(BudgetLine {
        unit: kinerja_domain::model::UnitId(1),
        year: Year::of(2024),
        ord: 0,
        name: "Perencanaan, Program dan Anggaran".into(),
        level: BudgetLevel::Activity,
        ceiling: "828483000".parse().unwrap(),
        realised: None,
        indicators: vec![],
    });
    plan
}

pub fn inputs(plan: YearPlan) -> Inputs {
    Inputs {
        plan,
        previous: None,
        renstra: None,
        scale: None,
        narratives: Default::default(),
        progress: vec![],
        above: None,
        date: Some(Date::new(2024, 1, 11).unwrap()),
    }
}

/// The hand-made unit's RAK: eight actions over two indicators, by month, with executors.
pub fn rak() -> kinerja_documents::doc::Document {
    rak_repeated(1)
}

/// The hand-made unit's RAK with its eight actions `times` over (numbered apart): a long RAK of
/// several pages.
pub fn rak_repeated(times: usize) -> kinerja_documents::doc::Document {
    let mut plan = plan();
    let actions: [(i64, i64, &str, &[u8]); 8] = [
        (1, 100, "Penyusunan revisi DIPA", &[1, 4, 7, 10]),
        (2, 100, "Rapat koordinasi perencanaan", &[2]),
        (3, 100, "Penyusunan RKA tahun berikutnya", &[5, 6]),
        (4, 100, "Reviu rencana kerja bersama sekretaris", &[3, 9]),
        (5, 101, "Penyusunan laporan monev", &[3, 6, 9, 12]),
        (
            6,
            101,
            "Pengumpulan data realisasi kinerja",
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        ),
        (7, 101, "Penyusunan LKj", &[1, 2]),
        (8, 101, "Evaluasi SAKIP internal", &[11]),
    ];
    let all = (0..times).flat_map(|round| {
        actions.iter().map(move |&(id, indicator, text, months)| {
            let text = if round == 0 {
                text.to_string()
            } else {
                format!("{text} tahap {}", round + 1)
            };
            (id + 8 * round as i64, indicator, text, months)
        })
    });
    for (id, indicator, text, months) in all {
        plan.actions.push(Action {
            id: ActionId(id),
            indicator: IndicatorId(indicator),
            ord: id as i32,
            text,
            schedule: Schedule {
                kind: kinerja_domain::period::PeriodKind::Month,
                periods: months.to_vec(),
            },
            executor: Some("Subbag Rendatin".into()),
            executor_unit: Some(UnitId(1)),
            budget: None,
            target: None,
            note: None,
        });
    }
    let inputs = inputs(plan);
    kinerja_documents::rak::document(&inputs, &inputs.plan.units[0]).unwrap()
}
