//! Properties of the parser, the formatter, the roll-ups and the scales.

use kinerja_domain::Decimal;
use kinerja_domain::achievement::{Rolled, combine};
use kinerja_domain::format;
use kinerja_domain::indicator::Rollup;
use kinerja_domain::scale::{Band, Bound, CategoryScale};
use kinerja_domain::value::{Bounds, Measure, Value, ValueErrorKind, ValueKind};
use proptest::prelude::*;

/// Decimals with up to two places, as offices write them.
fn decimal() -> impl Strategy<Value = Decimal> {
    (0i64..10_000_000_000, 0u32..=2).prop_map(|(n, dp)| Decimal::new(n, dp))
}

proptest! {
    #[test]
    fn parsing_never_panics(s in "\\PC{0,40}") {
        let _ = Value::parse(&s);
        let _ = Value::parse_money(&s);
    }

    #[test]
    fn formatted_numbers_parse_back(x in decimal()) {
        // A percentage within its bounds reads back; beyond them it is refused, saying so.
        match Value::parse(&format::percent(x)) {
            Ok(pct) => prop_assert_eq!(pct.measure(), &Measure::Percent(format::round_half_up(x, 2).normalize())),
            Err(e) => {
                prop_assert!(format::round_half_up(x, 2) > Bounds::PERCENT.max);
                prop_assert_eq!(e.kind, ValueErrorKind::OutOfRange(ValueKind::Percent));
            }
        }
        let money = Value::parse(&format::rupiah(x)).unwrap();
        prop_assert_eq!(money.number().unwrap(), x);
        let q = Value::parse(&format!("{} Laporan", format::number(x, 4))).unwrap();
        prop_assert_eq!(q.number().unwrap(), x);
    }

    #[test]
    fn canonical_form_is_a_fixed_point(x in decimal(), unit in "[a-z]{2,8}( [a-z]{2,8})?") {
        for raw in [format!("{}%", format::number(x, 2)), format!("{} {unit}", format::number(x, 2))] {
            let Ok(v) = Value::parse(&raw) else {
                prop_assert!(x > Bounds::PERCENT.max, "{}", raw);
                continue;
            };
            let again = Value::parse(&v.canonical()).unwrap();
            prop_assert_eq!(again.measure(), v.measure());
        }
    }

    #[test]
    fn a_mean_lies_between_its_parts(parts in prop::collection::vec((decimal(), 1i64..10), 1..20)) {
        let rolled = Rolled::mean(parts.iter().map(|(v, w)| (Some(*v), Decimal::from(*w))));
        let min = parts.iter().map(|p| p.0).min().unwrap();
        let max = parts.iter().map(|p| p.0).max().unwrap();
        let mean = rolled.achievement.unwrap();
        prop_assert!(mean >= min && mean <= max);
        prop_assert_eq!(rolled.counted, parts.len());
    }

    #[test]
    fn equal_weight_means_ignore_order(mut parts in prop::collection::vec(decimal(), 1..20), none in 0usize..5) {
        let a = Rolled::mean(parts.iter().map(|v| (Some(*v), Decimal::ONE)).chain((0..none).map(|_| (None, Decimal::ONE))));
        parts.reverse();
        let b = Rolled::mean(parts.iter().map(|v| (Some(*v), Decimal::ONE)));
        prop_assert_eq!(a.achievement, b.achievement);
        prop_assert_eq!(a.left_out, none);
    }

    #[test]
    fn period_sums_and_maxima(amounts in prop::collection::vec(0i64..1000, 1..12)) {
        let values: Vec<Value> = amounts.iter().map(|a| Value::parse(&format!("{a} laporan")).unwrap()).collect();
        let refs: Vec<&Value> = values.iter().collect();
        prop_assert_eq!(combine(&refs, Rollup::Sum).unwrap().number(), Some(Decimal::from(amounts.iter().sum::<i64>())));
        prop_assert_eq!(combine(&refs, Rollup::Max).unwrap().number(), Some(Decimal::from(*amounts.iter().max().unwrap())));
        prop_assert_eq!(combine(&refs, Rollup::Last).unwrap().number(), Some(Decimal::from(*amounts.last().unwrap())));
    }

    #[test]
    fn contiguous_scales_are_whole_and_a_missing_band_is_a_gap(mut cuts in prop::collection::btree_set(0i64..200, 1..6), x in -50i64..300, drop in 0usize..7) {
        let cuts: Vec<i64> = std::mem::take(&mut cuts).into_iter().collect();
        let bound = |v: i64, inclusive| Some(Bound { value: Decimal::from(v), inclusive });
        let mut bands = Vec::new();
        let mut lower = None;
        for (i, c) in cuts.iter().enumerate() {
            bands.push(Band { label: format!("b{i}"), lower, upper: bound(*c, false), colour: None });
            lower = bound(*c, true);
        }
        bands.push(Band { label: "top".into(), lower, upper: None, colour: None });
        let scale = CategoryScale { code: "p".into(), name: "p".into(), bands: bands.clone(), domain_min: None, domain_max: None };
        prop_assert!(scale.validate().is_empty());
        let hits = scale.bands.iter().filter(|b| b.contains(Decimal::from(x))).count();
        prop_assert_eq!(hits, 1);
        if bands.len() > 1 {
            let mut broken = scale.clone();
            broken.bands.remove(drop % bands.len());
            prop_assert!(!broken.validate().is_empty());
        }
    }
}
