//! A small hand-made unit of KPU Kota Metro: one objective, two indicators, a budget line.

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
