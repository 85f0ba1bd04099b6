//! The PK attachment of a small hand-made unit: its markup (snapshot), and a PDF that compiles
//! with the embedded fonts and is the same bytes every time.

use kinerja_domain::date::Date;
use kinerja_domain::indicator::{IndicatorSettings, LowerFormula};
use kinerja_domain::model::*;
use kinerja_domain::value::Value;

fn plan() -> YearPlan {
    let office = Office {
        id: 1,
        code: "kpu-kota-metro".into(),
        name: "KPU Kota Metro".into(),
        full_name: "Komisi Pemilihan Umum Kota Metro".into(),
        level: OfficeLevel::Regency,
        parent: None,
        address: None,
        city: Some("Metro".into()),
        scale: None,
        lower_formula: LowerFormula::TwoTMinusR,
        version: 1,
    };
    let mut plan = YearPlan::empty(office, 2024);
    plan.units.push(Unit {
        id: 1,
        office: 1,
        code: "subbag-rendatin".into(),
        name: "Subbagian Perencanaan, Data dan Informasi".into(),
        kind: UnitKind::Subsection,
        parent: None,
        aliases: vec![],
        version: 1,
    });
    plan.unit_years.push(UnitYear {
        unit: 1,
        year: 2024,
        has_pk: true,
        ..Default::default()
    });
    plan.objectives.push(Objective {
        id: 10,
        unit: 1,
        year: 2024,
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
            id,
            objective: 10,
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
        unit: 1,
        year: 2024,
        ord: 0,
        name: "Perencanaan, Program dan Anggaran".into(),
        level: BudgetLevel::Activity,
        ceiling: "828483000".parse().unwrap(),
        realised: None,
    });
    plan
}

#[test]
fn the_pk_attachment_lists_every_objective_indicator_target_and_the_budget() {
    let plan = plan();
    let markup = kinerja_documents::pk::markup(&plan, &plan.units[0]).unwrap();
    // Text with typst's special characters stays text.
    assert!(markup.contains("\"Persentase laporan \\\"monev\\\" #1 [akuntabel]\""));
    assert!(markup.contains("\"Rp 828.483.000\"") && markup.contains("\"4 triwulan\""));
    insta::assert_snapshot!(markup);
    let date = Date::new(2024, 1, 11).unwrap();
    let pdf = kinerja_documents::pdf(&markup, date).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    assert!(pdf.len() > 2_000);
    assert_eq!(
        kinerja_documents::pdf(&markup, date).unwrap(),
        pdf,
        "the same data give the same bytes"
    );
    if let Ok(dir) = std::env::var("KINERJA_DOC_OUT") {
        std::fs::write(std::path::Path::new(&dir).join("pk.pdf"), &pdf).unwrap();
    }
}

#[test]
fn a_unit_without_objectives_is_named_not_rendered_empty() {
    let mut plan = plan();
    plan.objectives.clear();
    let err = kinerja_documents::pk::markup(&plan, &plan.units[0]).unwrap_err();
    assert!(
        err.to_string()
            .contains("Subbagian Perencanaan, Data dan Informasi has no PK objectives for 2024")
    );
}

#[test]
fn broken_markup_is_an_error_with_typsts_message() {
    let err = kinerja_documents::pdf("#let x = (", Date::new(2024, 1, 1).unwrap()).unwrap_err();
    assert!(
        err.to_string().starts_with("the document could not be typeset"),
        "{err}"
    );
}
