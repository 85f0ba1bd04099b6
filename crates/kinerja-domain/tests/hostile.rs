//! Values no office writes, and what achievement does with them: whatever the parser accepts,
//! against whatever target, computes without a panic; values stored before values had bounds
//! (as large as a `Decimal` holds) leave that one indicator "not computable" and every other
//! figure of the office, its province and the nation as it was.

use kinerja_domain::Decimal;
use kinerja_domain::achievement::{
    Basis, MAX_ACHIEVEMENT, NotComputable, Rolled, Span, achievement, combine, national, office_achievement,
};
use kinerja_domain::indicator::{IndicatorSettings, LowerFormula, Polarity, Rollup};
use kinerja_domain::model::*;
use kinerja_domain::period::Period;
use kinerja_domain::value::{Measure, Value};
use proptest::prelude::*;

/// A number as an office (or someone typing at random) might write it: ordinary, at the edges
/// of the bounds, beyond them, tiny, with up to twelve decimals.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u64..1_000_000).prop_map(|n| n.to_string()),
        Just("0".to_string()),
        Just("0,0000000001".to_string()),
        Just("10.000".to_string()),
        Just("10.001".to_string()),
        Just("1.000.000.000.000".to_string()),
        Just("10.000.000.000.000.000".to_string()),
        Just("99.999.999.999.999.999".to_string()),
        Just("9999999999999999999999999999".to_string()),
        (0u64..100_000, 0u32..12).prop_map(|(n, dp)| Decimal::new(n as i64, dp).to_string().replace('.', ",")),
        (1u64..1_000).prop_map(|n| format!("-{n}")),
    ]
}

/// A value string of every kind the parser reads.
fn value_string() -> impl Strategy<Value = String> {
    let unit = prop_oneof![
        Just("laporan"),
        Just("Lap"),
        Just("orang"),
        Just("dokumen"),
        Just("Bulan")
    ];
    prop_oneof![
        number().prop_map(|n| format!("{n}%")),
        number(),
        (number(), unit.clone()).prop_map(|(n, u)| format!("{n} {u}")),
        (number(), number()).prop_map(|(a, b)| format!("{a} Bulan/{b} triwulan")),
        number().prop_map(|n| format!("Rp {n}")),
        prop_oneof![
            Just("AA"),
            Just("A"),
            Just("BB"),
            Just("B"),
            Just("CC"),
            Just("C"),
            Just("D"),
            Just("WTP"),
            Just("TMP")
        ]
        .prop_map(str::to_string),
        "\\PC{0,30}",
    ]
}

fn polarity() -> impl Strategy<Value = Polarity> {
    prop_oneof![
        Just(Polarity::HigherIsBetter),
        Just(Polarity::LowerIsBetter),
        (0i64..1_000_000, 0i64..1_000_000, 0u32..6).prop_map(|(a, b, dp)| {
            let (a, b) = (Decimal::new(a.min(b), dp), Decimal::new(a.max(b), dp));
            Polarity::Band { lower: a, upper: b }
        }),
    ]
}

fn settings() -> impl Strategy<Value = IndicatorSettings> {
    (
        polarity(),
        prop_oneof![
            Just(Rollup::Sum),
            Just(Rollup::Last),
            Just(Rollup::Mean),
            Just(Rollup::Max)
        ],
        prop::option::of((1i64..1_000_000, 0u32..4).prop_map(|(n, dp)| Decimal::new(n, dp))),
        prop::option::of((1i64..1_000_000, 0u32..4).prop_map(|(n, dp)| Decimal::new(n, dp))),
    )
        .prop_map(|(polarity, rollup, cap, weight)| IndicatorSettings {
            polarity,
            rollup,
            cap,
            weight,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn any_accepted_value_against_any_accepted_target_computes_without_panic(
        target in value_string(),
        realised in prop::collection::vec(value_string(), 1..6),
        settings in settings(),
    ) {
        let Ok(target) = Value::parse(&target) else { return Ok(()) };
        let values: Vec<Value> = realised.iter().filter_map(|r| Value::parse(r).ok()).collect();
        for formula in [LowerFormula::TwoTMinusR, LowerFormula::TOverR] {
            for v in &values {
                if let Ok(p) = achievement(&target, v, &settings, formula) {
                    // Every figure stays within what any roll-up of figures can add up.
                    prop_assert!(p.abs() <= MAX_ACHIEVEMENT, "{p}");
                }
            }
            let refs: Vec<&Value> = values.iter().collect();
            for rollup in [Rollup::Sum, Rollup::Last, Rollup::Mean, Rollup::Max] {
                if let Ok(year) = combine(&refs, rollup) {
                    let _ = achievement(&target, &year, &settings, formula);
                }
            }
        }
    }

    #[test]
    fn roll_ups_of_any_figures_never_panic(parts in prop::collection::vec((prop::option::of(any_decimal()), weight()), 0..30)) {
        let rolled = Rolled::mean(parts.iter().copied());
        prop_assert_eq!(rolled.counted + rolled.left_out, parts.len());
    }
}

/// Any decimal at all, the extremes included.
fn any_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::MAX),
        Just(Decimal::MIN),
        (any::<i64>(), 0u32..28).prop_map(|(n, dp)| Decimal::new(n, dp)),
    ]
}

fn weight() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::MAX),
        Just(Decimal::ZERO),
        Just(Decimal::ONE),
        (1i64..1_000_000).prop_map(Decimal::from),
    ]
}

fn office(id: i64, parent: Option<i64>) -> Office {
    let parent = parent.map(OfficeId);
    Office {
        id: OfficeId(id),
        code: format!("o{id}").parse().unwrap(),
        name: format!("KPU {id}"),
        full_name: format!("KPU {id}"),
        level: if parent.is_some() {
            OfficeLevel::Regency
        } else {
            OfficeLevel::Province
        },
        parent,
        address: None,
        city: None,
        scale: None,
        lower_formula: LowerFormula::TwoTMinusR,
        time_zone: Default::default(),
        version: 1,
    }
}

fn indicator(id: i64, objective: i64, target: Value, supports: Option<i64>) -> Indicator {
    let supports = supports.map(IndicatorId);
    Indicator {
        id: IndicatorId(id),
        objective: ObjectiveId(objective),
        ord: id as i32,
        text: format!("Indikator {id}"),
        pk_target: Some(target),
        rak_target: None,
        activity_target: None,
        period_targets: vec![],
        settings: IndicatorSettings::default(),
        computation: None,
        data_source: None,
        supports,
        supports_objective: None,
        reported: None,
        note: None,
        version: 1,
    }
}

fn realisation(id: i64, indicator: i64, period: Period, value: Value) -> Realisation {
    Realisation {
        id: RealisationId(id),
        indicator: IndicatorId(indicator),
        period,
        value,
        status: RealisationStatus::Verified,
        evidence: vec![],
        obstacles: None,
        follow_up: None,
        return_reason: None,
        version: 1,
    }
}

/// An office with a top unit and a sub-section: the sub-section's two indicators support the
/// top unit's; one of them holds `bad` (a value stored before bounds existed).
fn plan_with(office_id: i64, parent: Option<i64>, bad: Option<Value>) -> YearPlan {
    let mut plan = YearPlan::empty(office(office_id, parent), Year::of(2024));
    let office_id = OfficeId(office_id);
    for (id, parent) in [(1, None), (2, Some(1))] {
        plan.units.push(Unit {
            id: UnitId(id),
            office: office_id,
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
    let pct = |s: &str| Value::parse(s).unwrap();
    plan.indicators = vec![
        indicator(1, 10, pct("100%"), None),
        indicator(2, 20, pct("100%"), Some(1)),
        indicator(3, 20, pct("100%"), Some(1)),
        indicator(4, 20, pct("12 laporan"), None),
    ];
    plan.indicators[3].settings.rollup = Rollup::Sum;
    plan.realisations = vec![
        realisation(1, 2, Period::Month(12), pct("80%")),
        realisation(2, 4, Period::Month(1), pct("6 laporan")),
        realisation(3, 4, Period::Month(2), pct("6 laporan")),
    ];
    if let Some(bad) = bad {
        plan.realisations.push(realisation(9, 3, Period::Month(12), bad));
    }
    plan
}

#[test]
fn a_stored_value_beyond_the_bounds_leaves_one_indicator_not_computable() {
    let huge = [
        Value::from_measure(Measure::Percent(Decimal::MAX)),
        Value::from_measure(Measure::Percent(Decimal::MIN)),
        Value::from_measure(Measure::Percent(
            Decimal::from_str_exact("9999999999999999999999999999").unwrap(),
        )),
    ];
    for bad in huge {
        let plan = plan_with(1, None, Some(bad.clone()));
        let result = office_achievement(&plan, Span::Year, Basis::Entered, None, None);
        let by_id = |id| {
            result
                .units
                .iter()
                .flat_map(|u| &u.objectives)
                .flat_map(|o| &o.indicators)
                .find(|i| i.indicator == IndicatorId(id))
                .unwrap()
                .achievement
                .clone()
        };
        assert_eq!(by_id(3), Err(NotComputable::OutOfRange), "{}", bad.raw());
        // The others as they were: 80 / 100; 6 + 6 of 12; the top unit from its one computable supporter.
        assert_eq!(by_id(2), Ok(Decimal::from(80)));
        assert_eq!(by_id(4), Ok(Decimal::from(100)));
        assert_eq!(by_id(1), Ok(Decimal::from(80)));
        assert!(result.rolled.achievement.is_some());
        assert_eq!(
            NotComputable::OutOfRange.text().id,
            "tidak dapat dihitung: angka target atau realisasi di luar batas hitung"
        );
    }
}

#[test]
fn a_huge_target_or_period_sum_is_not_computable_too() {
    let mut plan = plan_with(1, None, None);
    plan.indicators[3].pk_target = Some(Value::from_measure(Measure::Score(Decimal::MAX)));
    plan.indicators[1].pk_target = Some(Value::from_measure(Measure::Percent(Decimal::new(1, 28))));
    let mut sum = plan_with(2, None, None);
    for (i, m) in (3u8..=5).enumerate() {
        sum.realisations.push(realisation(
            20 + i as i64,
            4,
            Period::Month(m),
            Value::from_measure(Measure::Quantity(vec![kinerja_domain::value::Quantity {
                amount: Decimal::MAX,
                unit: kinerja_domain::value::Unit::new("laporan"),
            }])),
        ));
    }
    // In the first office nothing else is computable (indicator 4's target is a score against
    // counted reports), so it has no figure, and says how many parts were left out; the second
    // still has indicator 2's 80%.
    for (p, figure) in [(&plan, None), (&sum, Some(Decimal::from(80)))] {
        let result = office_achievement(p, Span::Year, Basis::Entered, None, None);
        assert_eq!(result.rolled.achievement, figure);
        let bad: Vec<_> = result
            .units
            .iter()
            .flat_map(|u| &u.objectives)
            .flat_map(|o| &o.indicators)
            .filter(|i| i.achievement == Err(NotComputable::OutOfRange))
            .collect();
        assert!(!bad.is_empty(), "{:#?}", result.units);
        assert!(
            result
                .units
                .iter()
                .flat_map(|u| &u.objectives)
                .map(|o| o.rolled.left_out)
                .sum::<usize>()
                > 0
        );
    }
}

#[test]
fn one_office_with_a_huge_value_does_not_change_its_neighbours_or_fail_the_nation() {
    let offices = vec![office(1, None), office(2, Some(1)), office(3, Some(1))];
    let healthy = plan_with(3, Some(1), None);
    let broken = plan_with(2, Some(1), Some(Value::from_measure(Measure::Percent(Decimal::MAX))));
    let alone = national(&offices, std::slice::from_ref(&healthy), None);
    let both = national(&offices, &[healthy, broken], None);
    assert_eq!(
        both[&OfficeId(3)],
        alone[&OfficeId(3)],
        "the neighbour's own figure is unchanged"
    );
    assert!(
        both[&OfficeId(2)].achievement.is_some(),
        "the broken office still has a figure from what computes"
    );
    assert!(both[&OfficeId(1)].achievement.is_some(), "and so has the province");
}
