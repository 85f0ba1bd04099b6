//! The facts Kinerja computes from an office's year, shown beside the LKE criteria they bear on
//! (which criterion shows which fact is data: [`super::Criterion::facts`]). A fact is evidence
//! for the person answering, never the answer: nothing here sets a value.

use serde::Serialize;

use crate::date::Date;
use crate::i18n::Text;
use crate::model::{Indicator, RealisationStatus, UnitId, YearPlan};
use crate::reporting::{Progress, UnitPeriod};

/// The facts Kinerja knows how to compute, by the code a criterion names them with: those of an
/// office's year ([`facts`]), then the follow-up of last year's recommendations
/// ([`super::review::followed_up`]) and the LKj's texts written ([`lkj_written`]).
pub const KINDS: [&str; 12] = [
    "pk_units",
    "pk_signed",
    "cascade",
    "indicators_defined",
    "rak_actions",
    "rak_scheduled",
    "budget_linked",
    "periods_reported",
    "periods_verified",
    "evidence",
    "recommendations_followed",
    "lkj_written",
];

/// A count of how many of a year's things meet something, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// One of [`KINDS`].
    pub kind: &'static str,
    pub count: usize,
    pub of: usize,
    pub text: Text,
}

impl Fact {
    /// The share met, in whole percent (half up); `None` when there is nothing to count.
    pub fn percent(&self) -> Option<u32> {
        (self.of > 0).then(|| ((self.count * 200 + self.of) / (2 * self.of)) as u32)
    }
}

fn fact(kind: &'static str, count: usize, of: usize, id: String, en: String) -> Fact {
    Fact {
        kind,
        count,
        of,
        text: Text::new(id, en),
    }
}

/// The fact on the year's LKj: how many of its required texts the office has written in Kinerja
/// (`written` of `of`), and on which day it last changed one.
pub fn lkj_written(year: crate::model::Year, written: usize, of: usize, last: Option<Date>) -> Fact {
    let (last_id, last_en) = match last {
        Some(d) => (
            format!(", terakhir diubah {}", crate::format::date(d, crate::i18n::Lang::Id)),
            format!(", last changed on {}", crate::format::date(d, crate::i18n::Lang::En)),
        ),
        None => (String::new(), String::new()),
    };
    fact(
        "lkj_written",
        written,
        of,
        format!("{written} dari {of} bagian wajib LKj {year} sudah ditulis di Kinerja{last_id}"),
        format!("{written} of {of} required parts of the {year} LKj written in Kinerja{last_en}"),
    )
}

/// Every fact of `plan` (an office's year) and its reporting `status` on `today` (a period
/// counts once its deadline has come), in the order of [`KINDS`].
pub fn facts(plan: &YearPlan, status: &[UnitPeriod], today: Date) -> Vec<Fact> {
    let with_pk = units_with_pk(plan);
    let mut out = unit_facts(plan, &with_pk);
    out.extend(content_facts(plan, &with_pk));
    out.extend(report_facts(plan, status, today));
    out
}

/// The unit an indicator's objective belongs to.
fn unit_of(plan: &YearPlan, i: &Indicator) -> Option<UnitId> {
    plan.objectives.iter().find(|o| o.id == i.objective).map(|o| o.unit)
}

/// The units whose PK has indicators, in the plan's order.
fn units_with_pk(plan: &YearPlan) -> Vec<UnitId> {
    plan.units
        .iter()
        .map(|u| u.id)
        .filter(|u| {
            plan.indicators
                .iter()
                .any(|i| i.in_pk() && unit_of(plan, i) == Some(*u))
        })
        .collect()
}

/// Units with a PK, PKs signed, units below the top that cascade.
fn unit_facts(plan: &YearPlan, with_pk: &[UnitId]) -> Vec<Fact> {
    let year = plan.year;
    let (n, units) = (with_pk.len(), plan.units.len());
    let signed = with_pk
        .iter()
        .filter(|u| plan.unit_years.iter().any(|y| y.unit == **u && y.pk_signed.is_some()))
        .count();
    let top: Vec<UnitId> = plan.units.iter().filter(|u| u.parent.is_none()).map(|u| u.id).collect();
    let below: Vec<&UnitId> = with_pk.iter().filter(|u| !top.contains(u)).collect();
    let cascades = |u: UnitId| {
        plan.indicators.iter().any(|i| {
            i.in_pk() && unit_of(plan, i) == Some(u) && (i.supports.is_some() || i.supports_objective.is_some())
        })
    };
    let cascaded = below.iter().filter(|u| cascades(***u)).count();
    let b = below.len();
    vec![
        fact(
            "pk_units",
            n,
            units,
            format!("{n} dari {units} unit memiliki Perjanjian Kinerja {year}"),
            format!("{n} of {units} units have a {year} performance agreement"),
        ),
        fact(
            "pk_signed",
            signed,
            n,
            format!("{signed} dari {n} Perjanjian Kinerja {year} sudah ditandatangani"),
            format!("{signed} of {n} {year} performance agreements are signed"),
        ),
        fact(
            "cascade",
            cascaded,
            b,
            format!(
                "{cascaded} dari {b} unit di bawah pimpinan menurunkan indikatornya dari indikator atasan (cascading)"
            ),
            format!("{cascaded} of {b} units below the top cascade their indicators from a superior's"),
        ),
    ]
}

/// PK indicators defined, units with a RAK, activities scheduled, budget lines linked.
fn content_facts(plan: &YearPlan, with_pk: &[UnitId]) -> Vec<Fact> {
    let pk = plan.indicators.iter().filter(|i| i.in_pk()).count();
    let defined = plan
        .indicators
        .iter()
        .filter(|i| i.in_pk() && i.computation.is_some() && i.data_source.is_some())
        .count();
    // A unit's action plan hangs on its own indicators (a RAK's often worded apart from its PK's).
    let acted_unit = |a: &crate::model::Action| {
        plan.indicators
            .iter()
            .find(|i| i.id == a.indicator)
            .and_then(|i| unit_of(plan, i))
    };
    let with_actions = with_pk
        .iter()
        .filter(|u| plan.actions.iter().any(|a| acted_unit(a) == Some(**u)))
        .count();
    let n = with_pk.len();
    let scheduled = plan.actions.iter().filter(|a| !a.schedule.periods.is_empty()).count();
    let actions = plan.actions.len();
    let linked = plan.budget.iter().filter(|b| !b.indicators.is_empty()).count();
    let lines = plan.budget.len();
    vec![
        fact(
            "indicators_defined",
            defined,
            pk,
            format!("{defined} dari {pk} indikator PK memiliki formula dan sumber data"),
            format!("{defined} of {pk} PK indicators have a formula and a data source"),
        ),
        fact(
            "rak_actions",
            with_actions,
            n,
            format!("{with_actions} dari {n} unit yang memiliki PK juga memiliki Rencana Aksi"),
            format!("{with_actions} of {n} units with a performance agreement have an action plan"),
        ),
        fact(
            "rak_scheduled",
            scheduled,
            actions,
            format!("{scheduled} dari {actions} kegiatan RAK memiliki jadwal"),
            format!("{scheduled} of {actions} action plan activities are scheduled"),
        ),
        fact(
            "budget_linked",
            linked,
            lines,
            format!("{linked} dari {lines} baris anggaran PK terkait indikator"),
            format!("{linked} of {lines} PK budget lines are linked to indicators"),
        ),
    ]
}

/// Period reports due submitted and verified, figures past draft with evidence.
fn report_facts(plan: &YearPlan, status: &[UnitPeriod], today: Date) -> Vec<Fact> {
    let due: Vec<&UnitPeriod> = status.iter().filter(|p| p.scheduled && p.due <= today).collect();
    let d = due.len();
    let reported = due
        .iter()
        .filter(|p| matches!(p.progress, Progress::Submitted | Progress::Verified))
        .count();
    let verified = due.iter().filter(|p| p.progress == Progress::Verified).count();
    let entered: Vec<_> = plan
        .realisations
        .iter()
        .filter(|r| r.status != RealisationStatus::Draft)
        .collect();
    let e = entered.len();
    let evidenced = entered.iter().filter(|r| !r.evidence.is_empty()).count();
    vec![
        fact(
            "periods_reported",
            reported,
            d,
            format!("{reported} dari {d} laporan periode unit yang jatuh tempo sudah diajukan"),
            format!("{reported} of {d} unit period reports due are submitted"),
        ),
        fact(
            "periods_verified",
            verified,
            d,
            format!("{verified} dari {d} laporan periode unit yang jatuh tempo sudah diverifikasi atasan"),
            format!("{verified} of {d} unit period reports due are verified by the head"),
        ),
        fact(
            "evidence",
            evidenced,
            e,
            format!("{evidenced} dari {e} capaian yang diajukan memiliki bukti dukung"),
            format!("{evidenced} of {e} figures submitted carry evidence"),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::period::PeriodKind;

    /// The reporting tests' office (units 1 and 2 with PK indicators 1, 2 and 3, unit 3
    /// without), given: unit 2's PK signed, indicator 3 cascading from 1, indicator 1 defined
    /// (formula and source) and 2 half, actions for indicators 1 (B1, B2) and 3 (no months), two
    /// budget lines of which one is linked, evidence on the verified figure. On 15 March 2024 by
    /// hand: PK 2 of 3 units, signed 1 of 2, cascade 1 of 1 (unit 2), defined 1 of 3, units with a
    /// RAK 2 of 2, scheduled 1 of 2, budget 1 of 2; due: unit 1's B1 and B2 (its actions run in them;
    /// unit 2 schedules nothing, so every quarter, and TW1 is due on 10 April): B1 submitted, B2
    /// not, none verified; 3 figures past draft, 1 with evidence (33%).
    #[test]
    fn facts_by_hand() {
        let mut plan = crate::reporting::tests::plan_with_two_units();
        plan.unit_years[1].pk_signed = Some(Signature {
            place: None,
            date: None,
            first: None,
            second: None,
        });
        plan.indicators[2].supports = Some(IndicatorId(1));
        plan.indicators[0].computation = Some("jumlah laporan".into());
        plan.indicators[0].data_source = Some("arsip".into());
        plan.indicators[1].computation = Some("jumlah".into());
        let action = |id: i64, indicator: i64, periods: Vec<u8>| Action {
            id: ActionId(id),
            indicator: IndicatorId(indicator),
            ord: 0,
            text: format!("Kegiatan {id}"),
            schedule: Schedule {
                kind: PeriodKind::Month,
                periods,
            },
            executor: None,
            executor_unit: None,
            budget: None,
            target: None,
            note: None,
        };
        plan.actions = vec![action(1, 1, vec![1, 2]), action(2, 3, vec![])];
        let line = |ord: i32, indicators: Vec<IndicatorId>| BudgetLine {
            unit: UnitId(1),
            year: Year::of(2024),
            ord,
            name: format!("Baris {ord}"),
            level: BudgetLevel::Program,
            ceiling: 1_000_000.into(),
            realised: None,
            indicators,
        };
        plan.budget = vec![line(1, vec![IndicatorId(1)]), line(2, vec![])];
        plan.realisations[0].evidence = vec!["bukti.pdf".into()];
        let today: Date = "2024-03-15".parse().unwrap();
        let status = crate::reporting::status(&plan, &[], today);
        let got: Vec<(&str, usize, usize)> = facts(&plan, &status, today)
            .iter()
            .map(|f| (f.kind, f.count, f.of))
            .collect();
        assert_eq!(
            got,
            [
                ("pk_units", 2, 3),
                ("pk_signed", 1, 2),
                ("cascade", 1, 1),
                ("indicators_defined", 1, 3),
                ("rak_actions", 2, 2),
                ("rak_scheduled", 1, 2),
                ("budget_linked", 1, 2),
                ("periods_reported", 1, 2),
                ("periods_verified", 0, 2),
                ("evidence", 1, 3),
            ]
        );
        let all = facts(&plan, &status, today);
        assert_eq!(all.iter().map(|f| f.kind).collect::<Vec<_>>(), KINDS[..10]);
        let lkj = lkj_written(crate::model::Year::of(2024), 5, 7, Date::new(2025, 1, 6));
        assert_eq!(
            (lkj.text.id.as_str(), lkj.percent()),
            (
                "5 dari 7 bagian wajib LKj 2024 sudah ditulis di Kinerja, terakhir diubah 6 Januari 2025",
                Some(71)
            )
        );
        assert_eq!(all[0].text.id, "2 dari 3 unit memiliki Perjanjian Kinerja 2024");
        assert_eq!(all[9].percent(), Some(33));
        assert_eq!(all[1].percent(), Some(50));
        // Nothing to count: no share.
        let empty = YearPlan::empty(plan.office.clone(), Year::of(2024));
        let none = facts(&empty, &[], today);
        assert!(none.iter().all(|f| f.of == 0 && f.percent().is_none()));
    }

    /// Two thirds is 67%, one sixth 17% (half up), all 100%.
    #[test]
    fn percentages_round_half_up() {
        let share = |count, of| fact("evidence", count, of, String::new(), String::new()).percent();
        assert_eq!(share(2, 3), Some(67));
        assert_eq!(share(1, 6), Some(17));
        assert_eq!(share(1, 8), Some(13));
        assert_eq!(share(4, 4), Some(100));
        assert_eq!(share(0, 4), Some(0));
    }
}
