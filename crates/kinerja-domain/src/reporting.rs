//! Reporting deadlines (batas waktu pelaporan) and who has reported what.
//!
//! Every unit with a PK reports each of its PK indicators once per period of its RAK cut (month
//! or quarter). A period is due on its deadline: the office's own date when it set one, else the
//! default rule ([`default_due`]). A unit's period is *late* when its deadline has passed and not
//! every indicator has been submitted (or verified).

use std::collections::HashMap;

use serde::Serialize;

use crate::date::Date;
use crate::model::{IndicatorId, RealisationStatus, UnitId, YearPlan};
use crate::names::Year;
use crate::period::Period;

/// The day of the following month a month's or quarter's report is due when the office set no
/// date of its own.
pub const DEFAULT_DUE_DAY: u8 = 10;

/// An office's deadline for one period of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub period: Period,
    pub due: Date,
}

/// The default deadline: the 10th of the month after the period ends (B3 and TW1 → 10 April;
/// B12 and TW4 → 10 January of the next year). The yearly figure, which feeds the LKj, is due
/// with the LKj itself: the last day of February of the next year.
pub fn default_due(year: Year, period: Period) -> Date {
    // Every year is 2000–2100 and every date 1900–2999: the dates below exist (the next year of
    // 2100 is 2101, still a date); the fallback is never taken.
    let (this, next) = (year.get(), year.get() + 1);
    let due = match period {
        Period::Year => Date::new(next, 2, 29).or_else(|| Date::new(next, 2, 28)),
        p => {
            let end = p.end_month();
            if end == 12 {
                Date::new(next, 1, DEFAULT_DUE_DAY)
            } else {
                Date::new(this, end + 1, DEFAULT_DUE_DAY)
            }
        }
    };
    due.unwrap_or(Date::FALLBACK)
}

/// The deadline of `period`: the office's own, else the default.
pub fn due(year: Year, period: Period, own: &[Deadline]) -> Date {
    own.iter()
        .find(|d| d.period == period)
        .map(|d| d.due)
        .unwrap_or_else(|| default_due(year, period))
}

/// How far a unit has come with one period's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Progress {
    /// Nothing entered yet.
    Missing,
    /// Some figures entered (or returned), not all submitted.
    InProgress,
    /// Every indicator submitted or verified, some still waiting for the head.
    Submitted,
    /// Every indicator verified.
    Verified,
}

impl Progress {
    pub fn code(self) -> &'static str {
        match self {
            Progress::Missing => "missing",
            Progress::InProgress => "in_progress",
            Progress::Submitted => "submitted",
            Progress::Verified => "verified",
        }
    }
}

/// One unit's report for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitPeriod {
    pub unit: UnitId,
    pub period: Period,
    pub due: Date,
    /// PK indicators the unit reports.
    pub indicators: usize,
    /// Indicators with a figure in any state.
    pub entered: usize,
    /// Indicators submitted or verified.
    pub submitted: usize,
    pub verified: usize,
    pub returned: usize,
    pub progress: Progress,
    /// Whether the unit's plan asks for this period: an action of its PK indicators runs in it
    /// or one of them has a target for it (a unit whose plan schedules nothing reports every
    /// period).
    pub scheduled: bool,
    /// Scheduled, past its deadline on `today` and not fully submitted.
    pub late: bool,
}

/// Every reporting unit's periods of the year, in unit tree order then period order, as of
/// `today`. Units without PK indicators report nothing and are left out.
pub fn status(plan: &YearPlan, own: &[Deadline], today: Date) -> Vec<UnitPeriod> {
    let mut by_indicator: HashMap<(IndicatorId, Period), RealisationStatus> = HashMap::new();
    for r in &plan.realisations {
        by_indicator.insert((r.indicator, r.period), r.status);
    }
    let mut out = Vec::new();
    for unit in plan.units_in_tree_order() {
        let Some(year) = plan.unit_year(unit.id).filter(|y| y.has_pk) else {
            continue;
        };
        let indicators: Vec<IndicatorId> = plan
            .objectives_of(unit.id)
            .flat_map(|o| plan.indicators_of(o.id))
            .filter(|i| i.in_pk())
            .map(|i| i.id)
            .collect();
        if indicators.is_empty() {
            continue;
        }
        let kind = year.rak_period_kind;
        let overlaps = |a: Period, b: Period| a.start_month() <= b.end_month() && b.start_month() <= a.end_month();
        let asks_for = |period: Period| {
            plan.actions
                .iter()
                .any(|a| indicators.contains(&a.indicator) && a.schedule.runs_in(period))
                || plan.indicators.iter().any(|i| {
                    indicators.contains(&i.id)
                        && i.period_targets
                            .iter()
                            .any(|(p, _)| *p != Period::Year && overlaps(*p, period))
                })
        };
        let periods: Vec<Period> = (1..=kind.count()).filter_map(|n| kind.period(n)).collect();
        let schedules_any = periods.iter().any(|p| asks_for(*p));
        for period in periods {
            let scheduled = !schedules_any || asks_for(period);
            let states: Vec<RealisationStatus> = indicators
                .iter()
                .filter_map(|i| by_indicator.get(&(*i, period)).copied())
                .collect();
            let count = |s: RealisationStatus| states.iter().filter(|x| **x == s).count();
            let verified = count(RealisationStatus::Verified);
            let submitted = verified + count(RealisationStatus::Submitted);
            let progress = if verified == indicators.len() {
                Progress::Verified
            } else if submitted == indicators.len() {
                Progress::Submitted
            } else if states.is_empty() {
                Progress::Missing
            } else {
                Progress::InProgress
            };
            let due = due(plan.year, period, own);
            out.push(UnitPeriod {
                unit: unit.id,
                period,
                due,
                indicators: indicators.len(),
                entered: states.len(),
                submitted,
                verified,
                returned: count(RealisationStatus::Returned),
                progress,
                scheduled,
                late: scheduled && today > due && progress < Progress::Submitted,
            });
        }
    }
    out
}

/// How many days ahead a deadline counts as due soon ("jatuh tempo minggu ini").
pub const DUE_SOON_DAYS: i64 = 7;

/// What a user has to do about an office's reports ("Tugas saya"), from its [`status`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tasks {
    /// Periods of units the user verifies with figures waiting for them ("menunggu verifikasi").
    pub to_verify: Vec<UnitPeriod>,
    /// Periods of the user's own units with figures returned to them.
    pub returned: Vec<UnitPeriod>,
    /// Scheduled periods of the user's units due in the next [`DUE_SOON_DAYS`] days, not all
    /// submitted yet.
    pub due_soon: Vec<UnitPeriod>,
    /// Late periods: of the user's units, and of every unit for who plans or runs the office.
    pub late: Vec<UnitPeriod>,
}

impl Tasks {
    /// How many things are waiting (a period counts once per list it is in).
    pub fn count(&self) -> usize {
        self.to_verify.len() + self.returned.len() + self.due_soon.len() + self.late.len()
    }
}

/// What the user does in the office: the units whose figures they enter, the units they verify,
/// and whether they chase every unit's reports (planners, admins).
pub struct Duties<'a> {
    pub enters: &'a dyn Fn(UnitId) -> bool,
    pub verifies: &'a dyn Fn(UnitId) -> bool,
    pub chases_all: bool,
}

/// The user's tasks among `status` (one office's, as of `today`).
pub fn tasks(status: &[UnitPeriod], today: Date, duties: &Duties<'_>) -> Tasks {
    let soon = today.plus_days(DUE_SOON_DAYS).unwrap_or(today);
    let mut out = Tasks::default();
    for s in status {
        let own = (duties.enters)(s.unit);
        if (duties.verifies)(s.unit) && s.submitted > s.verified {
            out.to_verify.push(s.clone());
        }
        if own && s.returned > 0 {
            out.returned.push(s.clone());
        }
        if own && s.scheduled && !s.late && s.due >= today && s.due <= soon && s.submitted < s.indicators {
            out.due_soon.push(s.clone());
        }
        if s.late && (own || duties.chases_all) {
            out.late.push(s.clone());
        }
    }
    out
}

/// The tasks of one person in `office`, from their `grants`: they enter the units they are the
/// operator of, verify the units they head and those below (`unit_parents`), and chase every
/// unit's late reports when they plan or administer the office. The "Tugas saya" page and the
/// daily reminder both ask this.
pub fn tasks_of_person(
    status: &[UnitPeriod],
    today: Date,
    office: crate::model::OfficeId,
    grants: &[crate::access::Grant],
    unit_parents: &std::collections::HashMap<UnitId, Option<UnitId>>,
) -> Tasks {
    use crate::access::{Permission, Scope};
    let scope = Scope::new(grants, &[], unit_parents);
    let enters = |u| crate::notice::enters(grants, office, u);
    let verifies = |u| scope.allows(Permission::Verify(office, u));
    let duties = Duties {
        enters: &enters,
        verifies: &verifies,
        chases_all: scope.allows(Permission::EditPlan(office)) || scope.allows(Permission::Administer(office)),
    };
    tasks(status, today, &duties)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::indicator::{IndicatorSettings, LowerFormula};
    use crate::model::*;
    use crate::model::{ObjectiveId, OfficeId};
    use crate::period::PeriodKind;
    use crate::value::Value;

    /// Unit 1 reports two indicators monthly; unit 2 (under it) one indicator by quarter; unit 3
    /// has no PK. B1 of unit 1: one verified, one submitted; B2: one draft; TW1 of unit 2:
    /// returned.
    pub(crate) fn plan_with_two_units() -> YearPlan {
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
        for (id, parent, kind, has_pk) in [
            (1, None, PeriodKind::Month, true),
            (2, Some(1), PeriodKind::Quarter, true),
            (3, Some(1), PeriodKind::Month, false),
        ] {
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
            plan.unit_years.push(UnitYear {
                has_pk,
                rak_period_kind: kind,
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
        let indicator = |id: i64, objective: i64| Indicator {
            id: IndicatorId(id),
            objective: ObjectiveId(objective),
            ord: id as i32,
            text: format!("Indikator {id}"),
            pk_target: Some(Value::parse("12 laporan").unwrap()),
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
        plan.indicators = vec![indicator(1, 10), indicator(2, 10), indicator(3, 20)];
        let realisation = |id: i64, indicator: i64, period: Period, status: RealisationStatus| Realisation {
            id: RealisationId(id),
            indicator: IndicatorId(indicator),
            period,
            value: Value::parse("1 laporan").unwrap(),
            status,
            evidence: vec![],
            obstacles: None,
            follow_up: None,
            return_reason: None,
            version: 1,
        };
        plan.realisations = vec![
            realisation(1, 1, Period::Month(1), RealisationStatus::Verified),
            realisation(2, 2, Period::Month(1), RealisationStatus::Submitted),
            realisation(3, 1, Period::Month(2), RealisationStatus::Draft),
            realisation(4, 3, Period::Quarter(1), RealisationStatus::Returned),
        ];
        plan
    }

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn default_deadlines_by_hand() {
        assert_eq!(default_due(Year::of(2024), Period::Month(1)), d("2024-02-10"));
        assert_eq!(default_due(Year::of(2024), Period::Month(3)), d("2024-04-10"));
        assert_eq!(default_due(Year::of(2024), Period::Quarter(1)), d("2024-04-10"));
        assert_eq!(default_due(Year::of(2024), Period::Month(12)), d("2025-01-10"));
        assert_eq!(default_due(Year::of(2024), Period::Quarter(4)), d("2025-01-10"));
        // 2025 is not a leap year, 2028 is.
        assert_eq!(default_due(Year::of(2024), Period::Year), d("2025-02-28"));
        assert_eq!(default_due(Year::of(2027), Period::Year), d("2028-02-29"));
    }

    #[test]
    fn an_offices_own_deadline_wins() {
        let own = [Deadline {
            period: Period::Month(2),
            due: d("2024-03-05"),
        }];
        assert_eq!(due(Year::of(2024), Period::Month(2), &own), d("2024-03-05"));
        assert_eq!(due(Year::of(2024), Period::Month(3), &own), d("2024-04-10"));
    }

    #[test]
    fn progress_and_lateness() {
        // Unit A reports 2 indicators monthly; unit B 1 indicator by quarter (see tests_support).
        let plan = plan_with_two_units();
        let rows = status(&plan, &[], d("2024-02-11"));
        let a: Vec<&UnitPeriod> = rows.iter().filter(|r| r.unit == UnitId(1)).collect();
        let b: Vec<&UnitPeriod> = rows.iter().filter(|r| r.unit == UnitId(2)).collect();
        assert_eq!((a.len(), b.len()), (12, 4));
        // B1 of A: one verified, one submitted → submitted, not late although due 10 February.
        assert_eq!(a[0].period, Period::Month(1));
        assert_eq!((a[0].entered, a[0].submitted, a[0].verified), (2, 2, 1));
        assert_eq!(a[0].progress, Progress::Submitted);
        assert!(!a[0].late);
        // B2 of A: one draft → in progress; due 10 March, not late on 11 February.
        assert_eq!(a[1].progress, Progress::InProgress);
        assert!(!a[1].late);
        // TW1 of B: returned → in progress; due 10 April.
        assert_eq!((b[0].progress, b[0].returned), (Progress::InProgress, 1));
        // On 11 March, B2 of A is late; B3 (nothing) is not due until 10 April.
        let rows = status(&plan, &[], d("2024-03-11"));
        let late: Vec<(UnitId, Period)> = rows.iter().filter(|r| r.late).map(|r| (r.unit, r.period)).collect();
        assert_eq!(late, vec![(UnitId(1), Period::Month(2))]);
        assert_eq!(rows[2].progress, Progress::Missing);
        // The whole year later: every period of both units that is not submitted is late.
        let rows = status(&plan, &[], d("2025-06-01"));
        assert_eq!(rows.iter().filter(|r| r.late).count(), 11 + 4);
    }

    #[test]
    fn each_role_finds_its_own_tasks() {
        // See plan_with_two_units: unit 1 B1 one verified + one submitted, B2 one draft; unit 2
        // (under unit 1) TW1 returned. On 5 March: B2 of unit 1 is due 10 March (in 5 days).
        let plan = plan_with_two_units();
        let today = d("2024-03-05");
        let rows = status(&plan, &[], today);
        let run = |rows: &[UnitPeriod],
                   day: Date,
                   enters: &dyn Fn(UnitId) -> bool,
                   verifies: &dyn Fn(UnitId) -> bool,
                   chases_all: bool| {
            tasks(
                rows,
                day,
                &Duties {
                    enters,
                    verifies,
                    chases_all,
                },
            )
        };
        let periods = |v: &[UnitPeriod]| v.iter().map(|s| (s.unit.0, s.period)).collect::<Vec<_>>();
        // The head of unit 1 verifies units 1 and 2: B1 of unit 1 waits for them.
        let head = run(&rows, today, &|_| false, &|_| true, false);
        assert_eq!(periods(&head.to_verify), vec![(1, Period::Month(1))]);
        assert_eq!(head.count(), 1);
        // The operator of unit 2: TW1 was returned; due 10 April, not soon, not late.
        let unit2 = |u: UnitId| u == UnitId(2);
        let op2 = run(&rows, today, &unit2, &|_| false, false);
        assert_eq!(periods(&op2.returned), vec![(2, Period::Quarter(1))]);
        assert!(op2.due_soon.is_empty() && op2.late.is_empty() && op2.to_verify.is_empty());
        // The operator of unit 1: B2 due on 10 March, within 7 days; B3 (10 April) is not.
        let unit1 = |u: UnitId| u == UnitId(1);
        let op1 = run(&rows, today, &unit1, &|_| false, false);
        assert_eq!(periods(&op1.due_soon), vec![(1, Period::Month(2))]);
        // On 11 March B2 is late, no longer due soon; the planner chases it too, the operator
        // of unit 2 does not.
        let later = d("2024-03-11");
        let rows = status(&plan, &[], later);
        let op1 = run(&rows, later, &unit1, &|_| false, false);
        assert_eq!(
            (periods(&op1.late), op1.due_soon.len()),
            (vec![(1, Period::Month(2))], 0)
        );
        let planner = run(&rows, later, &|_| false, &|_| false, true);
        assert_eq!(periods(&planner.late), vec![(1, Period::Month(2))]);
        let op2 = run(&rows, later, &unit2, &|_| false, false);
        assert!(op2.late.is_empty());
    }

    #[test]
    fn only_the_periods_the_plan_asks_for_are_due() {
        let mut plan = plan_with_two_units();
        // Unit 1's first indicator has an action in January, February and June.
        plan.actions.push(Action {
            id: ActionId(1),
            indicator: IndicatorId(1),
            ord: 1,
            text: "Rapat".into(),
            schedule: Schedule {
                kind: PeriodKind::Month,
                periods: vec![1, 2, 6],
            },
            executor: None,
            executor_unit: None,
            budget: None,
            target: None,
            note: None,
        });
        // Unit 2's indicator has a target for the second quarter only (and its yearly one,
        // which asks for no quarter).
        let target = Value::parse("2 laporan").unwrap();
        let third = plan.indicators.iter_mut().find(|i| i.id == IndicatorId(3)).unwrap();
        third.period_targets = vec![(Period::Quarter(2), target.clone()), (Period::Year, target)];
        let rows = status(&plan, &[], d("2025-06-01"));
        let scheduled: Vec<(i64, Period)> = rows
            .iter()
            .filter(|r| r.scheduled)
            .map(|r| (r.unit.0, r.period))
            .collect();
        assert_eq!(
            scheduled,
            [
                (1, Period::Month(1)),
                (1, Period::Month(2)),
                (1, Period::Month(6)),
                (2, Period::Quarter(2))
            ]
        );
        // By hand: B1 submitted (not late); B2 a draft and B6 nothing (late); TW2 nothing (late).
        let late: Vec<(i64, Period)> = rows.iter().filter(|r| r.late).map(|r| (r.unit.0, r.period)).collect();
        assert_eq!(
            late,
            [(1, Period::Month(2)), (1, Period::Month(6)), (2, Period::Quarter(2))]
        );
        // The periods not asked for are still listed (the grid shows them), never late.
        assert_eq!(rows.len(), 12 + 4);
    }
}
