//! Merging imported unit plans into what an office already has.

use std::collections::{HashMap, HashSet};

use kinerja_domain::Decimal;
use kinerja_domain::model::*;
use kinerja_store::{Actor, KeptValue, MergeSummary, Result, StoreError, UnitPlanDraft};

use crate::db::{Conn, query, query_as, query_scalar};
use crate::rows::*;
use crate::write::*;
use crate::{Backend, SqlStore, db_err};

impl<B: Backend> SqlStore<B> {
    pub(crate) async fn merge(
        &self,
        actor: &Actor,
        office: OfficeId,
        plans: &[UnitPlanDraft],
        reason: &str,
        mode: kinerja_store::MergeMode,
    ) -> Result<MergeSummary> {
        let office = office.0;
        kinerja_store::validate::unit_plans(plans)?;
        kinerja_store::validate::reason(reason)?;
        let mut summary = MergeSummary::default();
        let mut tx = self.begin().await?;
        let code: Option<String> = query_scalar("SELECT code FROM offices WHERE id = $1")
            .bind(office)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let code = code.ok_or_else(|| StoreError::NotFound {
            entity: "office",
            key: office.to_string(),
        })?;
        let mut units: HashMap<(i64, String), i64> = HashMap::new();
        let mut people: HashMap<(i64, String), i64> = HashMap::new();
        for p in plans {
            let place = format!("{}/{}", p.unit, p.year);
            mergeable(&place, p, &code)?;
            let unit = keyed_id(&mut tx, &mut units, "units", "unit", office, &p.unit).await?;
            let at = Target {
                office,
                unit,
                year: i64::from(p.year),
                place: &place,
            };
            let (bo, bi, br) = plan_counts(&mut tx, unit, at.year).await?;
            let stored = year_row(&mut tx, unit, at.year).await?;
            let changes_before = summary.changes();
            unit_year(&mut tx, &at, p, stored.clone(), &mut people, &mut summary).await?;
            budget_lines(&mut tx, &at, p, &mut summary).await?;
            objectives(&mut tx, &at, p, &mut units, &mut summary).await?;
            summary.plans += 1;
            // A plan the file adds nothing to is not changed, so not audited.
            let changed = stored != year_row(&mut tx, unit, at.year).await? || summary.changes() != changes_before;
            if changed {
                summary.plans_changed += 1;
                let (ao, ai, ar) = plan_counts(&mut tx, unit, at.year).await?;
                let before = (bo + bi + br > 0)
                    .then(|| format!(r#"{{"objectives":{bo},"indicators":{bi},"realisations":{br}}}"#));
                let after = format!(r#"{{"objectives":{ao},"indicators":{ai},"realisations":{ar}}}"#);
                audit(
                    &mut tx,
                    actor,
                    Some(office),
                    "unit_plan",
                    Some(place),
                    "merge",
                    before,
                    Some(after),
                    Some(reason),
                )
                .await?;
            }
        }
        match mode {
            kinerja_store::MergeMode::Apply => tx.commit().await.map_err(db_err)?,
            kinerja_store::MergeMode::Preview => tx.rollback().await.map_err(db_err)?,
        }
        Ok(summary)
    }
}

/// Where a unit plan is merged.
struct Target<'a> {
    office: i64,
    unit: i64,
    year: i64,
    /// `unit/year`, for messages and kept values.
    place: &'a str,
}

/// Takes the first of `stored` (id, text) not yet taken whose text reads as `text`'s.
fn take(stored: &[(i64, String)], taken: &mut HashSet<i64>, text: &str) -> Option<i64> {
    let wanted = normalise_text(text);
    let found = stored
        .iter()
        .find(|(id, t)| !taken.contains(id) && normalise_text(t) == wanted)
        .map(|(id, _)| *id);
    if let Some(id) = found {
        taken.insert(id);
    }
    found
}

/// A merge takes plans of this office only, and no realisations or cascade links.
fn mergeable(place: &str, p: &UnitPlanDraft, code: &str) -> Result<()> {
    if p.office != code {
        return Err(invalid(format!(
            "{place}: the plan names office '{}', not '{code}'",
            p.office
        )));
    }
    for o in &p.objectives {
        for ind in &o.indicators {
            if !ind.realisations.is_empty() || ind.supports.is_some() || ind.supports_objective.is_some() {
                return Err(invalid(format!(
                    "{place}: indicator '{}': a merge takes plans only, not realisations or cascade links",
                    ind.text
                )));
            }
        }
    }
    Ok(())
}

/// The unit's year: created, or its PK/RAK flags, sources and signatures completed (a stored
/// signature is kept, and a different one in the file reported).
async fn unit_year<C: Conn + ?Sized>(
    tx: &mut C,
    at: &Target<'_>,
    p: &UnitPlanDraft,
    stored: Option<YearRow>,
    people: &mut HashMap<(i64, String), i64>,
    summary: &mut MergeSummary,
) -> Result<()> {
    let (office, unit, year, place) = (at.office, at.unit, at.year, at.place);
    let mut signed: Vec<Option<String>> = Vec::with_capacity(2);
    for s in [&p.pk_signed, &p.rak_signed] {
        signed.push(match s {
            None => None,
            Some(s) => Some(to_json(&signature(tx, people, office, s).await?)),
        });
    }
    match stored.map(|r| (r.1, r.4, r.5)) {
        None => {
            insert_unit_year(tx, unit, year, p, &signed).await?;
        }
        Some((had_rak, pk_signed, rak_signed)) => {
            for (field, new, old) in [
                ("pk_signature", &signed[0], &pk_signed),
                ("rak_signature", &signed[1], &rak_signed),
            ] {
                if let (Some(new), Some(old)) = (new, old)
                    && new != old
                {
                    let stored = signature_text(tx, old).await?;
                    let file = signature_text(tx, new).await?;
                    summary.kept.push(KeptValue::new(place, field, "", stored, file));
                }
            }
            let kind = if had_rak {
                None
            } else {
                Some(p.rak_period_kind.as_str())
            };
            query(
                "UPDATE unit_years SET has_pk = (has_pk OR $3), has_rak = (has_rak OR $4), \
                 rak_period_kind = COALESCE($5, rak_period_kind), stated_budget_total = COALESCE(stated_budget_total, $6), \
                 pk_signed = COALESCE(pk_signed, $7), rak_signed = COALESCE(rak_signed, $8), \
                 pk_source = COALESCE(pk_source, $9), rak_source = COALESCE(rak_source, $10) \
                 WHERE unit_id = $1 AND year = $2",
            )
            .bind(unit)
            .bind(year)
            .bind(p.has_pk)
            .bind(p.has_rak)
            .bind(kind)
            .bind(p.stated_budget_total.map(|d| d.to_string()))
            .bind(signed[0].clone())
            .bind(signed[1].clone())
            .bind(&p.pk_source)
            .bind(&p.rak_source)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        }
    }
    Ok(())
}

/// Budget lines by name: a line there keeps its ceiling (a different one is reported), a new
/// one is added at the end.
async fn budget_lines<C: Conn + ?Sized>(
    tx: &mut C,
    at: &Target<'_>,
    p: &UnitPlanDraft,
    summary: &mut MergeSummary,
) -> Result<()> {
    let (unit, year, place) = (at.unit, at.year, at.place);
    let lines: Vec<(i64, String, i64, String)> =
        query_as("SELECT id, name, ord, ceiling FROM budget_lines WHERE unit_id = $1 AND year = $2 ORDER BY ord, id")
            .bind(unit)
            .bind(year)
            .fetch_all(&mut *tx)
            .await
            .map_err(db_err)?;
    let mut next = lines.iter().map(|l| l.2 + 1).max().unwrap_or(0);
    let names: Vec<(i64, String)> = lines.iter().map(|l| (l.0, l.1.clone())).collect();
    let mut taken = HashSet::new();
    for b in &p.budget {
        match take(&names, &mut taken, &b.name) {
            Some(id) => {
                summary.budget_lines_present += 1;
                let stored = lines
                    .iter()
                    .find(|l| l.0 == id)
                    .map(|l| l.3.as_str())
                    .unwrap_or_default();
                if stored.parse::<Decimal>().ok() != Some(b.ceiling) {
                    summary.kept.push(KeptValue::new(
                        place,
                        "budget_ceiling",
                        &b.name,
                        stored,
                        b.ceiling.to_string(),
                    ));
                }
            }
            None => {
                insert_budget_line(tx, unit, year, next, b).await?;
                next += 1;
                summary.budget_lines_added += 1;
            }
        }
    }
    Ok(())
}

/// Objectives by their text (one not there is added at the end), each with its indicators.
async fn objectives<C: Conn + ?Sized>(
    tx: &mut C,
    at: &Target<'_>,
    p: &UnitPlanDraft,
    units: &mut HashMap<(i64, String), i64>,
    summary: &mut MergeSummary,
) -> Result<()> {
    let (unit, year) = (at.unit, at.year);
    let objectives: Vec<(i64, String)> =
        query_as("SELECT id, text FROM objectives WHERE unit_id = $1 AND year = $2 ORDER BY ord, id")
            .bind(unit)
            .bind(year)
            .fetch_all(&mut *tx)
            .await
            .map_err(db_err)?;
    let mut next_objective: i64 =
        query_scalar::<Option<i64>>("SELECT MAX(ord) + 1 FROM objectives WHERE unit_id = $1 AND year = $2")
            .bind(unit)
            .bind(year)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?
            .unwrap_or(0);
    let mut objectives_taken = HashSet::new();
    for o in &p.objectives {
        let objective = match take(&objectives, &mut objectives_taken, &o.text) {
            Some(id) => {
                summary.objectives_present += 1;
                id
            }
            None => {
                let id: i64 = query_scalar(
                    "INSERT INTO objectives (unit_id, year, ord, text) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(unit)
                .bind(year)
                .bind(next_objective)
                .bind(&o.text)
                .fetch_one(&mut *tx)
                .await
                .map_err(db_err)?;
                next_objective += 1;
                summary.objectives_added += 1;
                id
            }
        };
        indicators(tx, at, objective, o, units, summary).await?;
    }
    Ok(())
}

/// A stored indicator: id, text, ord, PK, RAK and activity targets, computation, data source,
/// period targets (JSON).
type IndicatorText = (
    i64,
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// An objective's indicators by their text: one there has its empty fields filled, a new one is
/// added at the end; then each indicator's actions.
async fn indicators<C: Conn + ?Sized>(
    tx: &mut C,
    at: &Target<'_>,
    objective: i64,
    o: &kinerja_store::ObjectiveDraft,
    units: &mut HashMap<(i64, String), i64>,
    summary: &mut MergeSummary,
) -> Result<()> {
    let indicators = query_as::<IndicatorText>(
        "SELECT id, text, ord, pk_target_raw, rak_target_raw, activity_target_raw, computation, data_source, period_targets \
         FROM indicators WHERE objective_id = $1 ORDER BY ord, id",
    )
    .bind(objective)
    .fetch_all(&mut *tx)
    .await
    .map_err(db_err)?;
    let mut next_indicator = indicators.iter().map(|i| i.2 + 1).max().unwrap_or(0);
    let texts: Vec<(i64, String)> = indicators.iter().map(|i| (i.0, i.1.clone())).collect();
    let mut indicators_taken = HashSet::new();
    for ind in &o.indicators {
        let indicator = match take(&texts, &mut indicators_taken, &ind.text) {
            Some(id) => {
                summary.indicators_present += 1;
                let Some(row) = indicators.iter().find(|i| i.0 == id) else {
                    continue;
                };
                complete_indicator(tx, at.place, row, ind, summary).await?;
                id
            }
            None => {
                let id = insert_indicator(tx, objective, next_indicator, ind).await?;
                next_indicator += 1;
                summary.indicators_added += 1;
                id
            }
        };
        actions(tx, at, indicator, ind, units, summary).await?;
    }
    Ok(())
}

/// Fills an indicator's empty targets, formula, data source and period targets from the file;
/// a stored value the file contradicts is kept and reported.
async fn complete_indicator<C: Conn + ?Sized>(
    tx: &mut C,
    place: &str,
    row: &IndicatorText,
    ind: &kinerja_store::IndicatorDraft,
    summary: &mut MergeSummary,
) -> Result<()> {
    let id = row.0;
    let mut filled = false;
    let mut fill = |field: &'static str, stored: &Option<String>, file: Option<String>| -> bool {
        match (stored.as_deref().map(str::trim).filter(|s| !s.is_empty()), file) {
            (None, Some(f)) if !f.trim().is_empty() => {
                filled = true;
                true
            }
            (Some(st), Some(f)) if normalise_text(st) != normalise_text(&f) => {
                summary.kept.push(KeptValue::new(place, field, &ind.text, st, f));
                false
            }
            _ => false,
        }
    };
    let pk = fill("pk_target", &row.3, ind.pk_target.as_ref().map(|v| v.raw().to_string()));
    let rak = fill(
        "rak_target",
        &row.4,
        ind.rak_target.as_ref().map(|v| v.raw().to_string()),
    );
    let act = fill(
        "activity_target",
        &row.5,
        ind.activity_target.as_ref().map(|v| v.raw().to_string()),
    );
    let comp = fill("computation", &row.6, ind.computation.clone());
    let source = fill("data_source", &row.7, ind.data_source.clone());
    let periods = row.8 == "[]" && !ind.period_targets.is_empty();
    if filled || periods {
        let (pk_k, pk_r) = value_cols(ind.pk_target.as_ref().filter(|_| pk));
        let (rak_k, rak_r) = value_cols(ind.rak_target.as_ref().filter(|_| rak));
        let (act_k, act_r) = value_cols(ind.activity_target.as_ref().filter(|_| act));
        query(
            "UPDATE indicators SET \
             pk_target_kind = COALESCE($2, pk_target_kind), pk_target_raw = COALESCE($3, pk_target_raw), \
             rak_target_kind = COALESCE($4, rak_target_kind), rak_target_raw = COALESCE($5, rak_target_raw), \
             activity_target_kind = COALESCE($6, activity_target_kind), activity_target_raw = COALESCE($7, activity_target_raw), \
             computation = COALESCE($8, computation), data_source = COALESCE($9, data_source), \
             period_targets = COALESCE($10, period_targets), version = version + 1 WHERE id = $1",
        )
        .bind(id)
        .bind(pk_k)
        .bind(pk_r)
        .bind(rak_k)
        .bind(rak_r)
        .bind(act_k)
        .bind(act_r)
        .bind(ind.computation.clone().filter(|_| comp))
        .bind(ind.data_source.clone().filter(|_| source))
        .bind(periods.then(|| to_json(&ind.period_targets)))
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        summary.indicators_completed += 1;
    }
    Ok(())
}

/// An indicator's actions by their text: one there gets the file's schedule or executor only
/// where it has none (a different one is kept and reported), a new one is added at the end.
async fn actions<C: Conn + ?Sized>(
    tx: &mut C,
    at: &Target<'_>,
    indicator: i64,
    ind: &kinerja_store::IndicatorDraft,
    units: &mut HashMap<(i64, String), i64>,
    summary: &mut MergeSummary,
) -> Result<()> {
    let (office, place) = (at.office, at.place);
    let actions: Vec<(i64, String, i64, String, Option<String>)> =
        query_as("SELECT id, text, ord, periods, executor FROM actions WHERE indicator_id = $1 ORDER BY ord, id")
            .bind(indicator)
            .fetch_all(&mut *tx)
            .await
            .map_err(db_err)?;
    let mut next_action = actions.iter().map(|a| a.2 + 1).max().unwrap_or(0);
    let texts: Vec<(i64, String)> = actions.iter().map(|a| (a.0, a.1.clone())).collect();
    let mut actions_taken = HashSet::new();
    for a in &ind.actions {
        let executor_unit = match &a.executor_unit {
            Some(c) => Some(keyed_id(tx, units, "units", "unit", office, c).await?),
            None => None,
        };
        if let Some(id) = take(&texts, &mut actions_taken, &a.text) {
            summary.actions_present += 1;
            // An action named without its months (an RKT) gets them from a RAK, and an
            // executor where none is stored; a schedule or executor there is kept.
            let Some((_, _, _, periods, executor)) = actions.iter().find(|x| x.0 == id) else {
                continue;
            };
            let file_periods = periods_text(&a.schedule.periods);
            let schedule = periods.is_empty() && !file_periods.is_empty();
            if !periods.is_empty() && !file_periods.is_empty() && *periods != file_periods {
                summary.kept.push(KeptValue::new(
                    place,
                    "schedule",
                    &a.text,
                    periods.as_str(),
                    file_periods.as_str(),
                ));
            }
            let stored_executor = executor.as_deref().map(str::trim).filter(|e| !e.is_empty());
            let fill_executor = stored_executor.is_none() && a.executor.is_some();
            if let (Some(st), Some(f)) = (stored_executor, a.executor.as_deref())
                && normalise_text(st) != normalise_text(f)
            {
                summary.kept.push(KeptValue::new(place, "executor", &a.text, st, f));
            }
            if schedule || fill_executor {
                query(
                    "UPDATE actions SET period_kind = COALESCE($2, period_kind), periods = COALESCE($3, periods), \
                     executor = COALESCE($4, executor), executor_unit_id = COALESCE($5, executor_unit_id) WHERE id = $1",
                )
                .bind(id)
                .bind(schedule.then(|| a.schedule.kind.as_str()))
                .bind(schedule.then_some(file_periods))
                .bind(a.executor.clone().filter(|_| fill_executor))
                .bind(executor_unit.filter(|_| fill_executor))
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
                summary.actions_completed += 1;
            }
            continue;
        }
        insert_action(tx, indicator, next_action, a, executor_unit).await?;
        next_action += 1;
        summary.actions_added += 1;
    }
    Ok(())
}
