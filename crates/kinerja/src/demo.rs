//! The demo's illustrative year: KPU Kota Metro's 2024 plan copied into the current year, and its
//! figures entered through the monitoring workflow period by period up to today, so that
//! `serve --demo` opens on an office in the middle of its cycle — most periods verified, the
//! last one waiting for the head, one returned to its operator, one late, the next one due.
//! The figures are invented from each indicator's target (README: "illustrative"); the 2024
//! year keeps the real documents' figures.

use anyhow::{Context, Result};
use kinerja_domain::Decimal;
use kinerja_domain::date::Date;
use kinerja_domain::format;
use kinerja_domain::indicator::Rollup;
use kinerja_domain::model::{Indicator, Office, RealisationStatus, UnitId, Year, YearPlan};
use kinerja_domain::period::Period;
use kinerja_domain::reporting;
use kinerja_domain::value::{Measure, Value};
use kinerja_domain::workflow::Transition;
use kinerja_store::{Actor, RealisationInput, Store};

/// Who enters and verifies the illustrative figures (demo users).
const OPERATOR: &str = "operator.rendatin";
const OPERATOR_UNIT: &str = "subbag-rendatin";
const PLANNER: &str = "perencana.metro";
const HEAD: &str = "sekretaris.metro";

/// What [`load`] wrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Cycle {
    pub verified: usize,
    pub waiting: usize,
    pub returned: usize,
    pub late: usize,
}

/// Loads the illustrative `year` of `office` as of `today`, unless it has a plan already (what
/// was entered since is never replaced). `None` when it was there.
pub(crate) async fn load(
    store: &dyn Store,
    office: &Office,
    from: Year,
    year: Year,
    today: Date,
) -> Result<Option<Cycle>> {
    if !store.year_plan(office.id, year).await?.objectives.is_empty() {
        return Ok(None);
    }
    let reason = format!("Demo: rencana {year} disalin dari {from} sebagai ilustrasi tahun berjalan");
    store
        .copy_plan(&Actor::new(PLANNER), office.id, from, year, &reason)
        .await
        .with_context(|| format!("copying the demo plan into {year}"))?;
    let plan = store.year_plan(office.id, year).await?;
    let mut past: Vec<(UnitId, Vec<Period>)> = Vec::new();
    for row in reporting::status(&plan, &[], today) {
        if !(row.scheduled && row.due < today) {
            continue;
        }
        match past.last_mut() {
            Some((unit, periods)) if *unit == row.unit => periods.push(row.period),
            _ => past.push((row.unit, vec![row.period])),
        }
    }
    let mut cycle = Cycle::default();
    // One unit, not the operator's, leaves its last period unreported: it is late.
    let late_unit = past
        .iter()
        .map(|(u, _)| *u)
        .find(|u| plan.unit(*u).is_some_and(|unit| unit.code != OPERATOR_UNIT));
    for (unit, periods) in &past {
        let own = plan.unit(*unit).is_some_and(|u| u.code == OPERATOR_UNIT);
        let enters = Actor::new(if own { OPERATOR } else { PLANNER });
        let count = periods.len();
        for (n, period) in periods.iter().enumerate() {
            let last = n + 1 == count;
            if last && Some(*unit) == late_unit {
                cycle.late += 1;
                continue;
            }
            let end = if !last {
                RealisationStatus::Verified
            } else if own {
                RealisationStatus::Returned
            } else {
                RealisationStatus::Submitted
            };
            enter_period(store, &plan, *unit, *period, &enters, end).await?;
            match end {
                RealisationStatus::Verified => cycle.verified += 1,
                RealisationStatus::Returned => cycle.returned += 1,
                _ => cycle.waiting += 1,
            }
        }
    }
    Ok(Some(cycle))
}

/// Enters a figure for every PK indicator of `unit` in `period`, submits it, and takes it on
/// to `end` as its head would.
async fn enter_period(
    store: &dyn Store,
    plan: &YearPlan,
    unit: UnitId,
    period: Period,
    enters: &Actor,
    end: RealisationStatus,
) -> Result<()> {
    let head = Actor::new(HEAD);
    let kind = plan.unit_year(unit).map(|y| y.rak_period_kind).unwrap_or_default();
    let indicators: Vec<&Indicator> = plan
        .objectives_of(unit)
        .flat_map(|o| plan.indicators_of(o.id))
        .filter(|i| i.in_pk())
        .collect();
    for indicator in indicators {
        let Some(value) = figure(indicator, period, kind.count()) else {
            continue;
        };
        let input = RealisationInput {
            indicator: indicator.id,
            period,
            evidence: vec![format!(
                "Laporan {} (ilustrasi)",
                period.label(kinerja_domain::i18n::Lang::Id)
            )],
            value,
            new_files: vec![],
            obstacles: None,
            follow_up: None,
        };
        let saved = store.save_realisation(enters, &input, None, None).await?;
        let submitted = store
            .transition_realisation_telling(
                enters,
                saved.id,
                saved.version,
                &Transition::Submit,
                &told(store, plan, unit, &Transition::Submit, enters, end).await?,
            )
            .await?;
        let then = match end {
            RealisationStatus::Verified => Transition::Verify,
            RealisationStatus::Returned => Transition::Return {
                reason: "Lampirkan notula rapat evaluasi sebagai bukti dukung".into(),
            },
            _ => continue,
        };
        let tell = told(store, plan, unit, &then, &head, end).await?;
        store
            .transition_realisation_telling(&head, submitted.id, submitted.version, &then, &tell)
            .await?;
    }
    Ok(())
}

/// Who a step of the demo tells, as the web would: the periods still open tell their people
/// (the demo's heads and operators find them under Pemberitahuan); the verified ones are history.
async fn told(
    store: &dyn Store,
    plan: &YearPlan,
    unit: UnitId,
    transition: &Transition,
    by: &Actor,
    end: RealisationStatus,
) -> Result<Vec<i64>> {
    if end == RealisationStatus::Verified {
        return Ok(vec![]);
    }
    let actor = store.user_credentials(&by.name.parse()?).await?.map(|(u, _)| u.id);
    Ok(kinerja_store::notices::told_of(store, plan.office.id, unit, transition, actor).await?)
}

/// An illustrative figure for the `period` of an indicator, from the target it is measured
/// against (`Indicator::measure_target`): a count that adds up spread over the year's `periods`
/// (each part of a compound count on its own), a percentage a point or two about its target
/// (never above 100%), anything else as its target reads.
/// The part of a yearly `amount` done in the period ending in month `end`, of `periods` in the
/// year, so that the periods up to any one add up to its share of the year, in whole units:
/// round(A·k/P) − round(A·(k−1)/P) for the k-th period (4 a year by month: 0, 0, 1, 0, 0, 1, …).
fn share(amount: Decimal, end: u8, periods: u8) -> Decimal {
    let p = Decimal::from(periods);
    let k = Decimal::from(u32::from(end) * u32::from(periods) / 12);
    let upto = |k: Decimal| format::round_half_up(amount * k / p, 0);
    upto(k) - upto(k - Decimal::ONE)
}

fn figure(indicator: &Indicator, period: Period, periods: u8) -> Option<Value> {
    let target = indicator.measure_target()?;
    let n = period.end_month();
    let raw = match (target.measure(), indicator.settings.rollup) {
        (Measure::Percent(t), _) => {
            let step = if n.is_multiple_of(3) {
                Decimal::from(-2)
            } else {
                Decimal::ONE
            };
            let v = (*t + step).clamp(Decimal::ZERO, Decimal::ONE_HUNDRED);
            format!("{}%", format::number(v, 0))
        }
        (Measure::Quantity(parts), Rollup::Sum) if periods > 0 => parts
            .iter()
            .map(|q| format!("{} {}", format::number(share(q.amount, n, periods), 0), q.unit.written))
            .collect::<Vec<_>>()
            .join("/"),
        (Measure::Money(m), Rollup::Sum) if periods > 0 => {
            format!("Rp {}", format::number(share(*m, n, periods), 0))
        }
        _ => return Some(target.clone()),
    };
    Value::parse(&raw).ok().or_else(|| Some(target.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kinerja_domain::achievement::{self, Basis, Span};

    /// On 3 December 2026 the demo office is in the middle of its cycle: every unit's periods
    /// up to October (due 10 November) entered; the last of them waiting for the head, one
    /// returned to the demo operator, one unit late; November (due 10 December) is due this
    /// week; the office's figure is a plausible one, not a page of red.
    #[tokio::test]
    async fn the_illustrative_year_is_an_office_in_the_middle_of_its_cycle() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("demo.db").display());
        let opened = kinerja_store_sqlite::open(&url).await.unwrap();
        let store: &dyn Store = &opened;
        crate::load_demo(store, &Actor::new("test")).await.unwrap();
        let office = store.find_office("kpu-kota-metro").await.unwrap().unwrap();
        let today: Date = "2026-12-03".parse().unwrap();
        let year = Year::of(2026);
        let cycle = load(store, &office, Year::of(2024), year, today)
            .await
            .unwrap()
            .unwrap();
        assert!(
            cycle.verified > 20 && cycle.waiting >= 1 && cycle.returned == 1 && cycle.late == 1,
            "{cycle:?}"
        );
        // Loaded once: a second start keeps what was entered since.
        // A count of 4 a year, by month and by quarter.
        let by_month: Vec<Decimal> = (1..=12).map(|m| share(Decimal::from(4), m, 12)).collect();
        let d = |v: &[i64]| v.iter().map(|x| Decimal::from(*x)).collect::<Vec<_>>();
        assert_eq!(
            by_month,
            d(&[0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0]),
            "round(4k/12): 0,33→0 0,67→1 1→1 1,33→1 1,67→2 …"
        );
        let by_quarter: Vec<Decimal> = [3, 6, 9, 12].iter().map(|m| share(Decimal::from(4), *m, 4)).collect();
        assert_eq!(by_quarter, d(&[1, 1, 1, 1]));
        assert_eq!(load(store, &office, Year::of(2024), year, today).await.unwrap(), None);

        let plan = store.year_plan(office.id, year).await.unwrap();
        let status = reporting::status(&plan, &[], today);
        let late: Vec<_> = status.iter().filter(|s| s.late).collect();
        // The unreported unit and the returned period (returned is not yet submitted again).
        assert_eq!(late.len(), 2, "{late:?}");
        let due_soon: Vec<_> = status
            .iter()
            .filter(|s| s.scheduled && s.due >= today && s.due <= today.plus_days(7).unwrap())
            .collect();
        assert!(
            !due_soon.is_empty() && due_soon.iter().all(|s| s.period.end_month() == 11),
            "{due_soon:?}"
        );
        let rendatin = plan.find_unit(OPERATOR_UNIT).unwrap().id;
        assert!(plan.realisations.iter().any(|r| r.status == RealisationStatus::Returned
            && plan.indicators.iter().any(|i| {
                i.id == r.indicator
                    && plan
                        .objectives
                        .iter()
                        .any(|o| o.id == i.objective && o.unit == rendatin)
            })));
        let result = achievement::office_achievement(&plan, Span::To(Period::Month(11)), Basis::Entered, None, None);
        // Every indicator with figures of its own is measured, and none absurdly.
        for unit in &result.units {
            for i in unit.objectives.iter().flat_map(|o| &o.indicators) {
                if i.realisation.is_none() || i.from_supporting > 0 {
                    continue;
                }
                let text = &plan.indicators.iter().find(|x| x.id == i.indicator).unwrap().text;
                let a = i
                    .achievement
                    .as_ref()
                    .unwrap_or_else(|e| panic!("{text}: {e:?} ({:?} of {:?})", i.realisation, i.target));
                assert!(
                    *a <= Decimal::from(130),
                    "{text}: {a}% ({:?} of {:?})",
                    i.realisation,
                    i.target
                );
            }
        }
        let figure = result.rolled.achievement.expect("the office has a figure");
        assert!(
            (Decimal::from(80)..=Decimal::from(110)).contains(&figure),
            "the office's figure {figure}% is plausible"
        );
        // Every figure was entered through the workflow: the audit names the demo's people.
        let audit = store.audit_log(Some(office.id), 2000).await.unwrap();
        assert!(
            audit.iter().any(|e| e.actor == HEAD) && audit.iter().any(|e| e.actor == OPERATOR),
            "{:?}",
            &audit[..3]
        );
    }
}
