use super::*;
use std::str::FromStr;

use crate::model::{IndicatorId, ObjectiveId, RealisationId};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}
fn v(s: &str) -> Value {
    Value::parse(s).unwrap()
}
fn higher() -> IndicatorSettings {
    IndicatorSettings::default()
}
fn lower() -> IndicatorSettings {
    IndicatorSettings {
        polarity: Polarity::LowerIsBetter,
        ..Default::default()
    }
}
fn a(t: &str, r: &str, s: &IndicatorSettings, f: LowerFormula) -> Result<Decimal, NotComputable> {
    achievement(&v(t), &v(r), s, f)
}

#[test]
fn higher_is_better_by_hand() {
    // 5 of 3 people: 5 / 3 × 100 = 166,666…
    let x = a("3 Orang", "5 orang", &higher(), LowerFormula::TwoTMinusR).unwrap();
    assert_eq!(crate::format::number(x, 2), "166,67");
    // 87,5% of 100%
    assert_eq!(
        a("100%", "87,5%", &higher(), LowerFormula::TwoTMinusR).unwrap(),
        d("87.5")
    );
    // 12 of 10 units = 120%
    assert_eq!(
        a("10 unit", "12 unit", &higher(), LowerFormula::TwoTMinusR).unwrap(),
        d("120")
    );
    // 2 Lap of 2 Laporan: the same unit
    assert_eq!(
        a("2 Laporan", "2 Lap", &higher(), LowerFormula::TwoTMinusR).unwrap(),
        d("100")
    );
}

#[test]
fn lower_is_better_both_formulas_by_hand() {
    // target 10 disputes, realised 8: (20 − 8) / 10 = 120%; 10 / 8 = 125%
    assert_eq!(
        a("10 perkara", "8 perkara", &lower(), LowerFormula::TwoTMinusR).unwrap(),
        d("120")
    );
    assert_eq!(
        a("10 perkara", "8 perkara", &lower(), LowerFormula::TOverR).unwrap(),
        d("125")
    );
    // realised 15 of 10: (20 − 15) / 10 = 50%; 10 / 15 = 66,67%
    assert_eq!(
        a("10 perkara", "15 perkara", &lower(), LowerFormula::TwoTMinusR).unwrap(),
        d("50")
    );
    let t_over_r = a("10 perkara", "15 perkara", &lower(), LowerFormula::TOverR).unwrap();
    assert_eq!(crate::format::number(t_over_r, 2), "66,67");
    assert_eq!(
        a("10 perkara", "0 perkara", &lower(), LowerFormula::TOverR),
        Err(NotComputable::RealisationZero)
    );
    assert_eq!(
        a("0 perkara", "0 perkara", &lower(), LowerFormula::TwoTMinusR),
        Err(NotComputable::TargetZero)
    );
}

#[test]
fn band_polarity_by_hand() {
    let s = IndicatorSettings {
        polarity: Polarity::Band {
            lower: d("90"),
            upper: d("110"),
        },
        ..Default::default()
    };
    assert_eq!(a("100%", "95%", &s, LowerFormula::TwoTMinusR).unwrap(), d("100"));
    assert_eq!(a("100%", "81%", &s, LowerFormula::TwoTMinusR).unwrap(), d("90")); // 81/90
    assert_eq!(a("100%", "121%", &s, LowerFormula::TwoTMinusR).unwrap(), d("90")); // (220−121)/110
}

#[test]
fn grades_are_compared_by_position() {
    assert_eq!(a("B", "B", &higher(), LowerFormula::TwoTMinusR).unwrap(), d("100"));
    assert_eq!(a("B", "A", &higher(), LowerFormula::TwoTMinusR).unwrap(), d("100"));
    // CC is position 3, B position 4: 75%
    assert_eq!(a("B", "CC", &higher(), LowerFormula::TwoTMinusR).unwrap(), d("75"));
    assert!(matches!(
        a("B", "WTP", &higher(), LowerFormula::TwoTMinusR),
        Err(NotComputable::ScaleMismatch { .. })
    ));
    assert!(matches!(
        a("B", "90%", &higher(), LowerFormula::TwoTMinusR),
        Err(NotComputable::KindMismatch { .. })
    ));
}

#[test]
fn compound_quantities_match_by_unit() {
    let s = higher();
    let f = LowerFormula::TwoTMinusR;
    assert_eq!(
        a("12 Bulan/3 triwulan", "12 Bulan/3 triwulan", &s, f).unwrap(),
        d("100")
    );
    assert_eq!(
        a("4 unit sarana IT", "4 unit sarana IT dan 1 unit sarana printer", &s, f).unwrap(),
        d("100")
    );
    assert_eq!(
        a("1 Gedung dan 1 gudang", "1 Gedung/ 1 gudang", &s, f).unwrap(),
        d("100")
    );
    // 4 triwulan against 4 laporan: not the same thing
    assert!(matches!(
        a("4 triwulan", "4 laporan", &s, f),
        Err(NotComputable::UnitMismatch { .. })
    ));
    // 10 of 12 months and 3 of 4 quarters: (83,33… + 75) / 2 = 79,1666…
    let x = a("12 bulan/4 triwulan", "10 bulan/3 triwulan", &s, f).unwrap();
    assert_eq!(crate::format::number(x, 2), "79,17");
}

#[test]
fn cap_limits_achievement() {
    let s = IndicatorSettings {
        cap: Some(d("120")),
        ..Default::default()
    };
    assert_eq!(a("10 unit", "15 unit", &s, LowerFormula::TwoTMinusR).unwrap(), d("120"));
    assert_eq!(a("10 unit", "11 unit", &s, LowerFormula::TwoTMinusR).unwrap(), d("110"));
}

#[test]
fn text_and_zero_targets_are_explained() {
    let t = Value::text("sesuai jadwal");
    assert_eq!(
        achievement(&t, &v("1 laporan"), &higher(), LowerFormula::TwoTMinusR),
        Err(NotComputable::TextValue)
    );
    assert_eq!(
        a("0%", "10%", &higher(), LowerFormula::TwoTMinusR),
        Err(NotComputable::TargetZero)
    );
    assert!(NotComputable::TargetZero.text().get(Lang::Id).contains("nol"));
}

#[test]
fn periods_combine_by_rollup() {
    let months = [v("1 laporan"), v("2 laporan"), v("1 Lap")];
    let refs: Vec<&Value> = months.iter().collect();
    assert_eq!(combine(&refs, Rollup::Sum).unwrap().number(), Some(d("4")));
    assert_eq!(combine(&refs, Rollup::Max).unwrap().number(), Some(d("2")));
    assert_eq!(combine(&refs, Rollup::Last).unwrap().raw(), "1 Lap");
    let mean = combine(&refs, Rollup::Mean).unwrap().number().unwrap();
    assert_eq!(crate::format::number(mean, 2), "1,33");
    let pct = [v("80%"), v("90%")];
    let refs: Vec<&Value> = pct.iter().collect();
    assert_eq!(combine(&refs, Rollup::Mean).unwrap().number(), Some(d("85")));
    let mixed = [v("80%"), v("2 laporan")];
    let refs: Vec<&Value> = mixed.iter().collect();
    assert!(combine(&refs, Rollup::Sum).is_err());
    let grades = [v("B"), v("BB"), v("CC")];
    let refs: Vec<&Value> = grades.iter().collect();
    assert_eq!(combine(&refs, Rollup::Max).unwrap().raw(), "BB");
    assert!(combine(&refs, Rollup::Sum).is_err());
}

fn monthly(values: &[(u8, &str)]) -> Vec<Realisation> {
    values
        .iter()
        .enumerate()
        .map(|(i, (m, val))| Realisation {
            id: RealisationId(i as i64),
            indicator: IndicatorId(1),
            period: Period::Month(*m),
            value: v(val),
            status: RealisationStatus::Verified,
            evidence: vec![],
            obstacles: None,
            follow_up: None,
            return_reason: None,
            version: 1,
        })
        .collect()
}

fn indicator_with(target: &str, rollup: Rollup, period_targets: &[(Period, &str)]) -> Indicator {
    Indicator {
        id: IndicatorId(1),
        objective: ObjectiveId(1),
        ord: 0,
        text: "Jumlah laporan".into(),
        pk_target: Some(v(target)),
        rak_target: None,
        activity_target: None,
        period_targets: period_targets.iter().map(|(p, t)| (*p, v(t))).collect(),
        settings: IndicatorSettings {
            rollup,
            ..Default::default()
        },
        computation: None,
        data_source: None,
        supports: None,
        supports_objective: None,
        reported: None,
        note: None,
        version: 1,
    }
}

fn span(ind: &Indicator, rs: &[Realisation], span: Span) -> Result<String, NotComputable> {
    let refs: Vec<&Realisation> = rs.iter().collect();
    indicator_achievement(ind, &refs, span, LowerFormula::TwoTMinusR, None)
        .achievement
        .map(|p| crate::format::number(p, 2))
}

#[test]
fn a_period_alone_and_the_year_to_date_by_hand() {
    let rs = monthly(&[(1, "1 laporan"), (2, "2 laporan"), (3, "1 laporan")]);
    let targets = [
        (Period::Month(1), "1 laporan"),
        (Period::Month(2), "1 laporan"),
        (Period::Month(3), "1 laporan"),
    ];
    let ind = indicator_with("12 laporan", Rollup::Sum, &targets);
    // The year: 1 + 2 + 1 = 4 of 12.
    assert_eq!(span(&ind, &rs, Span::Year).unwrap(), "33,33");
    // To February: 3 of the 1 + 1 planned.
    assert_eq!(span(&ind, &rs, Span::To(Period::Month(2))).unwrap(), "150");
    // February alone: 2 of 1.
    assert_eq!(span(&ind, &rs, Span::Only(Period::Month(2))).unwrap(), "200");
    // The first quarter alone: 4 of 3.
    assert_eq!(span(&ind, &rs, Span::Only(Period::Quarter(1))).unwrap(), "133,33");
    // Without period targets: progress against the year's 12, and no target for one month.
    let plain = indicator_with("12 laporan", Rollup::Sum, &[]);
    assert_eq!(span(&plain, &rs, Span::To(Period::Month(2))).unwrap(), "25");
    assert_eq!(
        span(&plain, &rs, Span::Only(Period::Month(2))),
        Err(NotComputable::NoPeriodTarget {
            period: Period::Month(2)
        })
    );
    // A status indicator is held to its yearly target in every period.
    let status = indicator_with("100%", Rollup::Last, &[]);
    let rs = monthly(&[(1, "80%"), (2, "90%")]);
    assert_eq!(span(&status, &rs, Span::Only(Period::Month(1))).unwrap(), "80");
    assert_eq!(span(&status, &rs, Span::To(Period::Month(2))).unwrap(), "90");
    assert_eq!(
        span(&status, &rs, Span::Only(Period::Month(3))),
        Err(NotComputable::NoRealisation)
    );
}

/// A commission (1) with one indicator supported by two sub-section (2, 3) indicators.
fn cascade_plan() -> YearPlan {
    use crate::model::*;
    let office = Office {
        id: OfficeId(1),
        code: "k".parse().unwrap(),
        name: "KPU K".into(),
        full_name: "KPU K".into(),
        level: OfficeLevel::Regency,
        parent: None,
        address: None,
        city: None,
        scale: None,
        lower_formula: LowerFormula::TwoTMinusR,
        time_zone: Default::default(),
        version: 1,
    };
    let mut plan = YearPlan::empty(office, Year::of(2024));
    for (id, parent) in [(1, None), (2, Some(1)), (3, Some(1))] {
        plan.units.push(Unit {
            id: UnitId(id),
            office: OfficeId(1),
            code: format!("u{id}"),
            name: format!("Unit {id}"),
            kind: UnitKind::Subsection,
            parent: parent.map(UnitId),
            aliases: vec![],
            version: 1,
        });
        plan.objectives.push(Objective {
            id: ObjectiveId(id * 10),
            unit: UnitId(id),
            year: Year::of(2024),
            ord: 0,
            text: format!("Sasaran {id}"),
        });
    }
    let mut top = indicator_with("100%", Rollup::Last, &[]);
    top.objective = ObjectiveId(10);
    let mut a = indicator_with("10 laporan", Rollup::Sum, &[]);
    (a.id, a.objective, a.supports) = (IndicatorId(2), ObjectiveId(20), Some(IndicatorId(1)));
    let mut b = indicator_with("10 laporan", Rollup::Sum, &[]);
    (b.id, b.objective, b.supports) = (IndicatorId(3), ObjectiveId(30), Some(IndicatorId(1)));
    // A second indicator of unit 3, weighted 3 to 1.
    let mut c = indicator_with("100%", Rollup::Last, &[]);
    (c.id, c.objective) = (IndicatorId(4), ObjectiveId(30));
    b.settings.weight = Some(d("1"));
    c.settings.weight = Some(d("3"));
    plan.indicators = vec![top, a, b, c];
    let mut rs = monthly(&[(12, "10 laporan"), (12, "5 laporan"), (12, "80%")]);
    (rs[0].indicator, rs[1].indicator, rs[2].indicator) = (IndicatorId(2), IndicatorId(3), IndicatorId(4));
    rs[1].status = RealisationStatus::Draft;
    plan.realisations = rs;
    plan
}

#[test]
fn office_rollup_with_cascade_weights_and_basis_by_hand() {
    let plan = cascade_plan();
    let result = office_achievement(&plan, Span::Year, Basis::Entered, None, None);
    let unit = |id: i64| result.units.iter().find(|u| u.unit == UnitId(id)).unwrap();
    // Unit 2: 10 of 10 = 100. Unit 3: 5 of 10 = 50 (weight 1) and 80 of 100 = 80 (weight 3):
    // (50 + 240) / 4 = 72,5.
    assert_eq!(unit(2).rolled.achievement, Some(d("100")));
    assert_eq!(unit(3).rolled.achievement, Some(d("72.5")));
    // The commission's indicator has no realisation: the mean of its supporters, 100 and 50.
    let top = &unit(1).objectives[0].indicators[0];
    assert_eq!((top.achievement.clone(), top.from_supporting), (Ok(d("75")), 2));
    // The office is its own PK, the commission's: 75. Never (75 + 100 + 72,5) / 3 = 82,5,
    // which would count the sub-sections twice (they already fed the 75).
    assert_eq!(result.rolled.achievement, Some(d("75")));
    assert_eq!((result.own_unit, result.reason), (Some(UnitId(1)), None));
    assert_eq!((result.own_objectives, result.own_indicators), (1, 1));
    // Counting only verified realisations leaves out the draft 5 laporan.
    let verified = office_achievement(&plan, Span::Year, Basis::Verified, None, None);
    let unit3 = verified.units.iter().find(|u| u.unit == UnitId(3)).unwrap();
    assert_eq!(unit3.rolled.achievement, Some(d("80")));
    assert_eq!(unit3.objectives[0].rolled.left_out, 1);
    let top = &verified.units[0].objectives[0].indicators[0];
    assert_eq!((top.achievement.clone(), top.from_supporting), (Ok(d("100")), 1));
    // One unit only: its own PK's figure.
    let only = office_achievement(&plan, Span::Year, Basis::Entered, None, Some(UnitId(3)));
    assert_eq!(only.units.len(), 1);
    assert_eq!(only.rolled.achievement, Some(d("72.5")));
}

#[test]
fn offices_roll_up_their_tree() {
    use crate::model::{Office, OfficeLevel};
    let office = |id: i64, parent: Option<i64>| Office {
        id: OfficeId(id),
        code: format!("o{id}").parse().unwrap(),
        name: format!("O{id}"),
        full_name: String::new(),
        level: OfficeLevel::Regency,
        parent: parent.map(OfficeId),
        address: None,
        city: None,
        scale: None,
        lower_formula: LowerFormula::TwoTMinusR,
        time_zone: Default::default(),
        version: 1,
    };
    // National 1 ← province 2 ← regencies 3 (90) and 4 (70); province 5 ← regency 6 (none).
    let offices = vec![
        office(1, None),
        office(2, Some(1)),
        office(3, Some(2)),
        office(4, Some(2)),
        office(5, Some(1)),
        office(6, Some(5)),
    ];
    let own: HashMap<OfficeId, Option<Decimal>> = [
        (1, None),
        (2, Some(d("100"))),
        (3, Some(d("90"))),
        (4, Some(d("70"))),
        (5, None),
        (6, None),
    ]
    .into_iter()
    .map(|(id, a)| (OfficeId(id), a))
    .collect();
    let rolled = rollup_offices(&offices, &own);
    // Province 2: its own 100 and its regencies 90 and 70 → 86,66…
    assert_eq!(
        crate::format::number(rolled[&OfficeId(2)].achievement.unwrap(), 2),
        "86,67"
    );
    assert_eq!(rolled[&OfficeId(5)].achievement, None);
    assert_eq!(
        rolled[&OfficeId(1)].achievement,
        rolled[&OfficeId(2)].achievement,
        "a province with nothing is left out"
    );
}

#[test]
fn weighted_and_plain_means() {
    let r = Rolled::mean([(Some(d("100")), d("1")), (Some(d("50")), d("1")), (None, d("1"))]);
    assert_eq!((r.achievement, r.counted, r.left_out), (Some(d("75")), 2, 1));
    // weights 3 and 1: (3 × 100 + 1 × 60) / 4 = 90
    let w = Rolled::mean([(Some(d("100")), d("3")), (Some(d("60")), d("1"))]);
    assert_eq!(w.achievement, Some(d("90")));
    assert_eq!(Rolled::mean([(None, d("1"))]).achievement, None);
}
