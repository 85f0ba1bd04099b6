use std::collections::{HashMap, HashSet};

use kinerja_domain::Decimal;
use kinerja_domain::model::*;
use kinerja_domain::value::ParseContext;
use kinerja_store::{ActionFields, Edited, Result, StoreError};

use super::{Change, change, unit_of_office};
use crate::db::{Conn, query, query_as, query_scalar};
use crate::rows::*;
use crate::write::*;
use crate::{db_err, sql};

pub(super) async fn replace_renstra<C: Conn + ?Sized>(
    tx: &mut C,
    office: i64,
    read: &str,
    renstra: &Renstra,
) -> Result<Change> {
    let body: Option<String> = query_scalar("SELECT body FROM renstra WHERE office_id = $1")
        .bind(office)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
    let current: Option<Renstra> = body.as_deref().map(|b| json("renstra", office, b)).transpose()?;
    if kinerja_store::fingerprint(&current) != *read {
        return Err(StoreError::Conflict {
            entity: "renstra",
            id: office,
            expected: 0,
            current: 1,
        });
    }
    if renstra.vision.trim().is_empty() {
        return Err(invalid("the Renstra needs a vision".into()));
    }
    if renstra.from_year > renstra.to_year || renstra.to_year.get() - renstra.from_year.get() > 9 {
        return Err(invalid(format!(
            "the Renstra period {}–{} is not one of at most ten years",
            renstra.from_year, renstra.to_year
        )));
    }
    for (gi, g) in renstra.goals.iter().enumerate() {
        if g.text.trim().is_empty() {
            return Err(invalid(format!("goal {}: the text is empty", gi + 1)));
        }
        for ind in &g.indicators {
            if let Some((y, _)) = ind
                .targets
                .iter()
                .find(|(y, _)| *y < renstra.from_year || *y > renstra.to_year)
            {
                return Err(invalid(format!(
                    "goal {}: a target for {y}, outside {}–{}",
                    gi + 1,
                    renstra.from_year,
                    renstra.to_year
                )));
            }
        }
    }
    let after = to_json(renstra);
    query("DELETE FROM renstra WHERE office_id = $1")
        .bind(office)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    query("INSERT INTO renstra (office_id, body) VALUES ($1, $2)")
        .bind(office)
        .bind(&after)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    change(
        "renstra",
        office.to_string(),
        "replace",
        body,
        Some(after),
        Edited { id: office },
    )
}

pub(super) async fn replace_actions<C: Conn + ?Sized>(
    tx: &mut C,
    office: i64,
    unit: &UnitId,
    year: &Year,
    read: &str,
    rows: &[ActionFields],
) -> Result<Change> {
    let unit = &unit.0;
    unit_of_office(tx, *unit, office).await?;
    let (mine, current) = unit_actions(tx, office, UnitId(*unit), *year).await?;
    let refs: Vec<&Action> = current.iter().collect();
    let now = kinerja_store::actions_fingerprint(&refs);
    if now != read {
        return Err(StoreError::Conflict {
            entity: "RAK",
            id: *unit,
            expected: 0,
            current: 1,
        });
    }
    check_action_rows(rows, &mine, *year)?;
    // Rows naming an action of this unit update it in place (keeping what was
    // reported on it); the unit's actions no row names are deleted.
    let kept: HashSet<ActionId> = rows
        .iter()
        .filter_map(|r| r.id)
        .filter(|id| current.iter().any(|a| a.id == *id))
        .collect();
    for a in current.iter().filter(|a| !kept.contains(&a.id)) {
        query("DELETE FROM actions WHERE id = $1")
            .bind(a.id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
    }
    let mut ord: HashMap<IndicatorId, i64> = HashMap::new();
    for r in rows {
        let n = ord.entry(r.indicator).or_insert(0);
        let (tk, tr) = value_cols(r.target.as_ref());
        let executor = r.executor.as_deref().map(str::trim).filter(|e| !e.is_empty());
        match r.id.filter(|id| kept.contains(id)) {
            Some(id) => {
                query(
                    "UPDATE actions SET indicator_id = $2, ord = $3, text = $4, period_kind = $5, periods = $6, executor = $7, budget = $8, \
                     target_kind = $9, target_raw = $10 WHERE id = $1",
                )
                .bind(id).bind(r.indicator).bind(*n).bind(r.text.trim()).bind(r.schedule.kind.as_str()).bind(periods_text(&r.schedule.periods))
                .bind(executor).bind(r.budget.map(|b| b.to_string())).bind(tk).bind(tr)
                .execute(&mut *tx).await.map_err(db_err)?;
            }
            None => {
                query(
                    "INSERT INTO actions (indicator_id, ord, text, period_kind, periods, executor, budget, target_kind, target_raw) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(r.indicator).bind(*n).bind(r.text.trim()).bind(r.schedule.kind.as_str()).bind(periods_text(&r.schedule.periods))
                .bind(executor).bind(r.budget.map(|b| b.to_string())).bind(tk).bind(tr)
                .execute(&mut *tx).await.map_err(db_err)?;
            }
        }
        *n += 1;
    }
    query("UPDATE unit_years SET has_rak = TRUE WHERE unit_id = $1 AND year = $2 AND NOT has_rak")
        .bind(unit)
        .bind(year)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    let after: Vec<String> = rows
        .iter()
        .map(|r| format!("{}: {} {:?}", r.indicator, r.text.trim(), r.schedule.periods))
        .collect();
    change(
        "rak",
        format!("{unit}/{year}"),
        "replace",
        Some(to_json(&current)),
        Some(to_json(&after)),
        Edited { id: 0 },
    )
}

/// The ids of a unit's indicators of a year, and their actions as stored.
async fn unit_actions<C: Conn + ?Sized>(
    tx: &mut C,
    office: i64,
    unit: UnitId,
    year: Year,
) -> Result<(HashSet<IndicatorId>, Vec<Action>)> {
    let mine: HashSet<IndicatorId> = query_scalar::<i64>(sql::INDICATORS_OF_UNIT_YEAR)
        .bind(unit)
        .bind(year)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?
        .into_iter()
        .map(IndicatorId)
        .collect();
    let grades = grade_context(tx, office).await?;
    let ctx = ParseContext {
        ordinal_scales: &grades,
    };
    let current: Vec<Action> = query_as::<ActionRow>(&sql::actions(true))
        .bind(i64::from(year))
        .bind(office)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|r| r.into_domain(&ctx))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter(|a| mine.contains(&a.indicator))
        .collect();
    Ok((mine, current))
}

/// Each row of a RAK grid names an indicator of the unit's PK, a text, periods that exist and
/// a budget that is not negative.
fn check_action_rows(rows: &[ActionFields], mine: &HashSet<IndicatorId>, year: Year) -> Result<()> {
    for (n, r) in rows.iter().enumerate() {
        if !mine.contains(&r.indicator) {
            return Err(invalid(format!(
                "row {}: the indicator is not in this unit's PK for {year}",
                n + 1
            )));
        }
        if r.text.trim().is_empty() {
            return Err(invalid(format!("row {}: the action's text is empty", n + 1)));
        }
        let max = r.schedule.kind.count();
        if let Some(bad) = r.schedule.periods.iter().find(|p| **p == 0 || **p > max) {
            return Err(invalid(format!("row {}: period {bad} does not exist", n + 1)));
        }
        if r.budget.is_some_and(|b| b < Decimal::ZERO) {
            return Err(invalid(format!("row {}: the budget is negative", n + 1)));
        }
    }
    Ok(())
}
