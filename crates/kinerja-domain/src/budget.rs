//! The office's budget, counted once. A unit's budget lines are part of the budget of the unit
//! above it when that unit has lines too (a sub-section's activities within the commission's
//! programmes): the office's total is that of its top-most budgeted units only. Every document
//! that states the office's budget (the RKT, the LKj's budget table, the PK of the top unit) takes
//! it from [`office_budget`], so no two can disagree.

use crate::Decimal;
use crate::achievement::{OfficeAchievement, Rolled, percent_of};
use crate::model::{BudgetLine, Unit, UnitId, YearPlan};

/// One budgeted unit: its lines, their sums, and whether they count in the office's total.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitBudget<'a> {
    pub unit: &'a Unit,
    pub lines: Vec<&'a BudgetLine>,
    pub ceiling: Decimal,
    /// The sum of the lines' realisations, when any line has one.
    pub realised: Option<Decimal>,
    /// False when a unit above it has lines of its own (these lines are inside those).
    pub counts: bool,
}

impl UnitBudget<'_> {
    /// Realised ÷ ceiling × 100.
    pub fn absorbed(&self) -> Option<Decimal> {
        self.realised.and_then(|r| percent_of(r, self.ceiling))
    }
}

/// The office's budget: every budgeted unit in tree order, and the office's total.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficeBudget<'a> {
    pub units: Vec<UnitBudget<'a>>,
    /// The total of the units that count (the DIPA of the office).
    pub ceiling: Decimal,
    pub realised: Option<Decimal>,
}

impl OfficeBudget<'_> {
    pub fn absorbed(&self) -> Option<Decimal> {
        self.realised.and_then(|r| percent_of(r, self.ceiling))
    }
    /// The lines that make up the office's total (those of the units that count).
    pub fn counted_lines(&self) -> impl Iterator<Item = (&Unit, &BudgetLine)> {
        self.units
            .iter()
            .filter(|u| u.counts)
            .flat_map(|u| u.lines.iter().map(move |l| (u.unit, *l)))
    }
}

/// What a budget line's achievement (and so its efficiency) is measured by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineBasis {
    /// The indicators linked to the line: how many were computable.
    Linked { counted: usize, linked: usize },
    /// The unit's only line: it funds the whole unit's PK, measured by the unit's figure.
    WholeUnit,
    /// One of several lines of a unit, linked to no indicator: not measurable on its own.
    Unlinked,
}

/// A budget line's achievement: the mean achievement of the indicators it funds; the unit's own
/// figure when it is the unit's only line; nothing otherwise (a programme's efficiency is never
/// the unit's average copied onto each of its lines).
pub fn line_achievement(
    plan: &YearPlan,
    line: &BudgetLine,
    result: &OfficeAchievement,
) -> (Option<Decimal>, LineBasis) {
    let indicators = || {
        result
            .units
            .iter()
            .flat_map(|u| &u.objectives)
            .flat_map(|o| &o.indicators)
    };
    let linked: Vec<_> = line
        .indicators
        .iter()
        .filter(|id| plan.indicators.iter().any(|i| i.id == **id))
        .collect();
    if !linked.is_empty() {
        let values: Vec<Decimal> = linked
            .iter()
            .filter_map(|id| indicators().find(|a| a.indicator == **id))
            .filter_map(|a| a.achievement.as_ref().ok().copied())
            .collect();
        let rolled = Rolled::mean(values.iter().map(|v| (Some(*v), Decimal::ONE)));
        return (
            rolled.achievement,
            LineBasis::Linked {
                counted: values.len(),
                linked: linked.len(),
            },
        );
    }
    let lines_of_unit = plan
        .budget
        .iter()
        .filter(|b| b.unit == line.unit && b.year == line.year)
        .count();
    if lines_of_unit == 1 {
        let figure = result
            .units
            .iter()
            .find(|u| u.unit == line.unit)
            .and_then(|u| u.rolled.achievement);
        return (figure, LineBasis::WholeUnit);
    }
    (None, LineBasis::Unlinked)
}

/// Efficiency = achievement ÷ absorption × 100 (above 100: more performance than budget spent).
pub fn efficiency(achievement: Option<Decimal>, absorbed: Option<Decimal>) -> Option<Decimal> {
    match (achievement, absorbed) {
        (Some(a), Some(s)) => percent_of(a, s),
        _ => None,
    }
}

/// The budget of the plan's office, each rupiah counted once.
pub fn office_budget(plan: &YearPlan) -> OfficeBudget<'_> {
    let budgeted: Vec<UnitId> = plan
        .units
        .iter()
        .filter(|u| plan.budget.iter().any(|b| b.unit == u.id))
        .map(|u| u.id)
        .collect();
    let within_budgeted = |unit: &Unit| {
        let mut parent = unit.parent;
        let mut steps = 0;
        while let Some(p) = parent {
            if budgeted.contains(&p) {
                return true;
            }
            steps += 1;
            if steps > plan.units.len() {
                return false;
            }
            parent = plan.unit(p).and_then(|u| u.parent);
        }
        false
    };
    let mut units = vec![];
    let (mut ceiling, mut realised, mut any) = (Decimal::ZERO, Decimal::ZERO, false);
    for unit in plan.units_in_tree_order() {
        if !budgeted.contains(&unit.id) {
            continue;
        }
        let mut lines: Vec<&BudgetLine> = plan.budget.iter().filter(|b| b.unit == unit.id).collect();
        lines.sort_by_key(|l| l.ord);
        let unit_ceiling = crate::achievement::saturating_sum(lines.iter().map(|l| l.ceiling));
        let unit_realised = lines
            .iter()
            .any(|l| l.realised.is_some())
            .then(|| crate::achievement::saturating_sum(lines.iter().filter_map(|l| l.realised)));
        let counts = !within_budgeted(unit);
        if counts {
            ceiling = ceiling.saturating_add(unit_ceiling);
            if let Some(r) = unit_realised {
                realised = realised.saturating_add(r);
                any = true;
            }
        }
        units.push(UnitBudget {
            unit,
            lines,
            ceiling: unit_ceiling,
            realised: unit_realised,
            counts,
        });
    }
    OfficeBudget {
        units,
        ceiling,
        realised: any.then_some(realised),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BudgetLevel, Office, OfficeLevel, UnitKind};
    use crate::model::{IndicatorId, ObjectiveId, OfficeId, RealisationId};
    use crate::names::Year;

    fn unit(id: i64, parent: Option<i64>) -> Unit {
        Unit {
            id: UnitId(id),
            office: OfficeId(1),
            code: format!("u{id}"),
            name: format!("Unit {id}"),
            kind: UnitKind::Subsection,
            parent: parent.map(UnitId),
            aliases: vec![],
            version: 1,
        }
    }

    fn line(unit: i64, ord: i32, ceiling: i64, realised: Option<i64>) -> BudgetLine {
        BudgetLine {
            unit: UnitId(unit),
            year: Year::of(2024),
            ord,
            name: format!("Kegiatan {unit}.{ord}"),
            level: BudgetLevel::Activity,
            ceiling: Decimal::from(ceiling),
            realised: realised.map(Decimal::from),
            indicators: vec![],
        }
    }

    /// The demo's shape: the commission's two programmes (12.692.171.000 + 2.842.223.000 =
    /// 15.534.394.000) hold the sub-sections' activities (828.483.000 + 8.263.716.000); the
    /// office's budget is 15.534.394.000, not the 24.626.593.000 of every line added up.
    #[test]
    fn nested_lines_are_counted_once() {
        let office = Office {
            id: OfficeId(1),
            code: "k".parse().unwrap(),
            name: "K".into(),
            full_name: "K".into(),
            level: OfficeLevel::Regency,
            parent: None,
            address: None,
            city: None,
            scale: None,
            lower_formula: Default::default(),
            time_zone: Default::default(),
            version: 1,
        };
        let mut plan = YearPlan::empty(office, Year::of(2024));
        plan.units = vec![unit(1, None), unit(2, Some(1)), unit(3, Some(2)), unit(4, Some(2))];
        plan.budget = vec![
            line(1, 0, 12_692_171_000, Some(12_000_000_000)),
            line(1, 1, 2_842_223_000, None),
            line(3, 0, 828_483_000, Some(800_000_000)),
            line(4, 0, 8_263_716_000, None),
        ];
        let b = office_budget(&plan);
        assert_eq!(b.ceiling, Decimal::from(15_534_394_000_i64));
        assert_eq!(b.realised, Some(Decimal::from(12_000_000_000_i64)));
        assert_eq!(b.units.len(), 3, "unit 2 has no lines");
        assert!(b.units[0].counts && !b.units[1].counts && !b.units[2].counts);
        assert_eq!(b.counted_lines().count(), 2);
        // 12.000.000.000 ÷ 15.534.394.000 × 100 = 77,2477…%
        assert_eq!(
            crate::format::round_half_up(b.absorbed().unwrap(), 2),
            "77.25".parse::<Decimal>().unwrap()
        );
        // A sub-section alone: 800.000.000 ÷ 828.483.000 = 96,5620…%
        assert_eq!(
            crate::format::round_half_up(b.units[1].absorbed().unwrap(), 2),
            "96.56".parse::<Decimal>().unwrap()
        );
        assert_eq!(b.units[2].absorbed(), None, "nothing realised");
    }

    /// Line efficiency from the indicators each line funds, by hand. Unit 1 (top) holds
    /// indicator 1 (90% of 100%: 90%); unit 2 below it indicators 2 (12 of 10 laporan: 120%)
    /// and 3 (3 of 4 dokumen: 75%) under one objective, and indicator 4 with no realisation.
    /// - unit 1, line 0 funds 2 and 3: (120 + 75) ÷ 2 = 97,5%; spent 800.000 of 1.000.000 =
    ///   80% absorbed; efficiency 97,5 ÷ 80 × 100 = 121,875 → 121,88%;
    /// - line 1 funds 1 and 4: only 1 is computable, so 90% (1 of 2 counted);
    /// - line 2 funds nothing: no figure, never the unit's average copied onto it;
    /// - unit 2's only line funds the whole unit: its figure, (120 + 75) ÷ 2 = 97,5%.
    #[test]
    fn a_line_is_measured_by_the_indicators_it_funds() {
        use crate::achievement::{Basis, Span, office_achievement};
        use crate::indicator::IndicatorSettings;
        use crate::model::{Indicator, Objective, Realisation, RealisationStatus, UnitYear};
        use crate::period::Period;
        use crate::value::Value;
        let office = Office {
            id: OfficeId(1),
            code: "k".parse().unwrap(),
            name: "K".into(),
            full_name: "K".into(),
            level: OfficeLevel::Regency,
            parent: None,
            address: None,
            city: None,
            scale: None,
            lower_formula: Default::default(),
            time_zone: Default::default(),
            version: 1,
        };
        let mut plan = YearPlan::empty(office, Year::of(2024));
        plan.units = vec![unit(1, None), unit(2, Some(1))];
        for id in [1, 2] {
            plan.unit_years.push(UnitYear {
                has_pk: true,
                ..UnitYear::new(UnitId(id), Year::of(2024))
            });
            plan.objectives.push(Objective {
                id: ObjectiveId(id * 10),
                unit: UnitId(id),
                year: Year::of(2024),
                ord: 0,
                text: format!("Sasaran {id}"),
            });
        }
        let indicator = |id: i64, objective: i64, target: &str| Indicator {
            id: IndicatorId(id),
            objective: ObjectiveId(objective),
            ord: id as i32,
            text: format!("Jumlah keluaran {id}"),
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
        };
        plan.indicators = vec![
            indicator(1, 10, "100%"),
            indicator(2, 20, "10 laporan"),
            indicator(3, 20, "4 dokumen"),
            indicator(4, 20, "2 kegiatan"),
        ];
        let realised = |id: i64, indicator: i64, value: &str| Realisation {
            id: RealisationId(id),
            indicator: IndicatorId(indicator),
            period: Period::Year,
            value: Value::parse(value).unwrap(),
            status: RealisationStatus::Verified,
            evidence: vec![],
            obstacles: None,
            follow_up: None,
            return_reason: None,
            version: 1,
        };
        plan.realisations = vec![
            realised(1, 1, "90%"),
            realised(2, 2, "12 laporan"),
            realised(3, 3, "3 dokumen"),
        ];
        let linked = |ord: i32, ids: Vec<i64>, realised: Option<i64>| BudgetLine {
            indicators: ids.into_iter().map(IndicatorId).collect(),
            ..line(1, ord, 1_000_000, realised)
        };
        plan.budget = vec![
            linked(0, vec![2, 3], Some(800_000)),
            linked(1, vec![1, 4], None),
            linked(2, vec![], None),
            line(2, 0, 500_000, None),
        ];
        let result = office_achievement(&plan, Span::Year, Basis::Verified, None, None);
        let figure = |p: &BudgetLine| line_achievement(&plan, p, &result);
        let pct = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            figure(&plan.budget[0]),
            (Some(pct("97.5")), LineBasis::Linked { counted: 2, linked: 2 })
        );
        let absorbed = percent_of(Decimal::from(800_000), Decimal::from(1_000_000));
        assert_eq!(absorbed, Some(pct("80")));
        assert_eq!(
            crate::format::round_half_up(efficiency(Some(pct("97.5")), absorbed).unwrap(), 2),
            pct("121.88")
        );
        assert_eq!(
            figure(&plan.budget[1]),
            (Some(pct("90")), LineBasis::Linked { counted: 1, linked: 2 })
        );
        assert_eq!(figure(&plan.budget[2]), (None, LineBasis::Unlinked));
        assert_eq!(figure(&plan.budget[3]), (Some(pct("97.5")), LineBasis::WholeUnit));
        assert_eq!(efficiency(None, absorbed), None, "no figure, no efficiency");
    }
}
