//! A synthetic national year for benchmarks: KPU RI, 38 provinces and 514 regencies/cities
//! (553 offices). Each office has a top unit whose PK of 25 indicators is fed by cascades, and 6
//! sub-units of 25 indicators × 12 monthly realisations, each indicator supporting the top unit's
//! of the same place — about a million realisations, the last two months drafts (still
//! editable), the others verified. Deterministic: the same arguments give the same data.

use rust_decimal::Decimal;

use crate::indicator::{IndicatorSettings, LowerFormula, Polarity, Rollup};
use crate::model::*;
use crate::period::{Period, PeriodKind};
use crate::value::Value;

/// Sizes of a synthetic year.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub provinces: usize,
    pub regencies: usize,
    pub units_per_office: usize,
    pub indicators_per_unit: usize,
    pub months: u8,
}

impl Shape {
    /// 1 + 38 + 514 = 553 offices × (a top unit + 6 realising units × 25 × 12).
    pub const NATIONAL: Shape = Shape {
        provinces: 38,
        regencies: 514,
        units_per_office: 7,
        indicators_per_unit: 25,
        months: 12,
    };

    pub fn offices(&self) -> usize {
        1 + self.provinces + self.regencies
    }
}

/// The office tree: id 1 is KPU RI, 2..=provinces+1 the provinces, the rest regencies spread
/// over the provinces.
pub fn offices(shape: Shape) -> Vec<Office> {
    let mut out = Vec::with_capacity(shape.offices());
    let mk = |id: i64, level: OfficeLevel, parent: Option<i64>, name: String| Office {
        id: OfficeId(id),
        code: OfficeCode::made(format!("sx-{id:04}")),
        full_name: format!("Komisi Pemilihan Umum {name}"),
        name: format!("KPU {name}"),
        level,
        parent: parent.map(OfficeId),
        address: None,
        city: None,
        scale: Some("sakip-evaluasi".into()),
        lower_formula: LowerFormula::TwoTMinusR,
        time_zone: Default::default(),
        version: 1,
    };
    out.push(mk(1, OfficeLevel::National, None, "RI Sintetis".into()));
    for p in 0..shape.provinces {
        let id = 2 + p as i64;
        out.push(mk(
            id,
            OfficeLevel::Province,
            Some(1),
            format!("Provinsi Sintetis {}", p + 1),
        ));
    }
    for r in 0..shape.regencies {
        let id = 2 + shape.provinces as i64 + r as i64;
        let parent = 2 + (r % shape.provinces.max(1)) as i64;
        out.push(mk(
            id,
            OfficeLevel::Regency,
            Some(parent),
            format!("Kabupaten Sintetis {}", r + 1),
        ));
    }
    out
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One office's synthetic year. Ids are unique across offices.
pub fn office_year(office: &Office, year: Year, shape: Shape) -> YearPlan {
    let mut rng = Rng(office.id.0 as u64 * 7919 + year.get() as u64);
    let mut plan = YearPlan::empty(office.clone(), year);
    let base = office.id.0 * 1_000_000;
    let objectives_per_unit = 5usize;
    let per_objective = shape.indicators_per_unit.div_ceil(objectives_per_unit);
    let mut next_realisation = base * 20;
    for u in 0..shape.units_per_office {
        let unit_id = base + u as i64 + 1;
        push_unit(&mut plan, office, unit_id, u, year);
        let mut made = 0;
        for o in 0..objectives_per_unit {
            let objective_id = base + 1000 + (u * objectives_per_unit + o) as i64;
            plan.objectives.push(Objective {
                id: ObjectiveId(objective_id),
                unit: UnitId(unit_id),
                year,
                ord: o as i32,
                text: format!("Sasaran sintetis {u}.{o}"),
            });
            for k in 0..per_objective {
                if made == shape.indicators_per_unit {
                    break;
                }
                made += 1;
                let indicator_id = base + 100_000 + (u * shape.indicators_per_unit + made) as i64;
                let counted = rng.below(3) == 0;
                let (target, rollup) = if counted {
                    (
                        Value::quantity(Decimal::from(shape.months as u64), "laporan"),
                        Rollup::Sum,
                    )
                } else {
                    (Value::percent(Decimal::from(90 + rng.below(11))), Rollup::Last)
                };
                let lower = rng.below(10) == 0;
                // The top unit's indicators have no realisation of their own: each is fed by the
                // indicators of the same place in the units below (the cascade).
                let top_indicator = base + 100_000 + made as i64;
                plan.indicators.push(Indicator {
                    id: IndicatorId(indicator_id),
                    objective: ObjectiveId(objective_id),
                    ord: k as i32,
                    text: format!("Indikator sintetis {u}.{o}.{k}"),
                    pk_target: Some(target.clone()),
                    rak_target: Some(target),
                    activity_target: None,
                    period_targets: vec![],
                    settings: IndicatorSettings {
                        polarity: if lower && !counted {
                            Polarity::LowerIsBetter
                        } else {
                            Polarity::HigherIsBetter
                        },
                        rollup,
                        cap: None,
                        weight: None,
                    },
                    computation: None,
                    data_source: None,
                    supports: (u > 0).then_some(IndicatorId(top_indicator)),
                    supports_objective: None,
                    reported: None,
                    note: None,
                    version: 1,
                });
                if u == 0 {
                    continue;
                }
                for m in 1..=shape.months {
                    let value = if counted {
                        Value::quantity(Decimal::from(rng.below(3)), "laporan")
                    } else {
                        Value::percent(Decimal::new(700 + rng.below(400) as i64, 1))
                    };
                    next_realisation += 1;
                    plan.realisations.push(Realisation {
                        id: RealisationId(next_realisation),
                        indicator: IndicatorId(indicator_id),
                        period: Period::Month(m),
                        value,
                        // The last two months are still drafts, as a live year's recent months are.
                        status: if m + 2 > shape.months {
                            RealisationStatus::Draft
                        } else {
                            RealisationStatus::Verified
                        },
                        evidence: vec![],
                        obstacles: None,
                        follow_up: None,
                        return_reason: None,
                        version: 1,
                    });
                }
            }
        }
    }
    plan
}

/// The `u`-th unit of a synthetic office (the first is the commission, above the others) and
/// its year, with a PK and a monthly RAK.
fn push_unit(plan: &mut YearPlan, office: &Office, unit_id: i64, u: usize, year: Year) {
    plan.units.push(Unit {
        id: UnitId(unit_id),
        office: office.id,
        code: format!("unit-{u}"),
        name: if u == 0 {
            office.name.clone()
        } else {
            format!("Subbagian Sintetis {u}")
        },
        kind: if u == 0 {
            UnitKind::Commission
        } else {
            UnitKind::Subsection
        },
        parent: (u > 0).then_some(UnitId(office.id.0 * 1_000_000 + 1)),
        aliases: vec![],
        version: 1,
    });
    plan.unit_years.push(UnitYear {
        unit: UnitId(unit_id),
        year,
        has_pk: true,
        has_rak: true,
        rak_period_kind: PeriodKind::Month,
        stated_budget_total: None,
        pk_signed: None,
        rak_signed: None,
        pk_source: None,
        rak_source: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_shape_has_553_offices_and_a_million_realisations() {
        let shape = Shape::NATIONAL;
        let offices = offices(shape);
        assert_eq!(offices.len(), 553);
        assert_eq!(offices.iter().filter(|o| o.level == OfficeLevel::Province).count(), 38);
        let plan = office_year(&offices[100], Year::of(2024), shape);
        assert_eq!(plan.units.len(), 7);
        assert_eq!(plan.indicators.len(), 175);
        assert_eq!(plan.realisations.len(), 1800);
        assert_eq!(553 * 1800, 995_400);
        // The top unit's 25 indicators are each fed by the 6 units below.
        let top: Vec<_> = plan.indicators.iter().filter(|i| i.supports.is_none()).collect();
        assert_eq!(top.len(), 25);
        assert!(
            top.iter()
                .all(|t| plan.indicators.iter().filter(|i| i.supports == Some(t.id)).count() == 6)
        );
        let figure = crate::achievement::office_achievement(
            &plan,
            crate::achievement::Span::Year,
            crate::achievement::Basis::Entered,
            None,
            None,
        );
        assert_eq!(figure.own_unit, Some(plan.units[0].id));
        assert!(figure.rolled.achievement.is_some());
        // Deterministic.
        assert_eq!(office_year(&offices[100], Year::of(2024), shape), plan);
    }
}
