//! Deletions that can be undone: a deleted objective or indicator keeps in its audit entry's
//! `before` everything it took with it ([`DeletedObjective`], [`DeletedIndicator`]), and
//! [`restore`] puts it back — with new ids, once, within [`RESTORE_DAYS`] days.

use kinerja_domain::model::*;
use kinerja_domain::value::ParseContext;
use kinerja_store::{Edited, RESTORE_DAYS, Result, StoreError, clock};
use serde::{Deserialize, Serialize};

use super::{Change, change, not_found, objective_at, unit_of_office};
use crate::db::{Conn, query, query_as, query_scalar};
use crate::db_err;
use crate::rows::*;
use crate::sql;
use crate::write::{insert_indicator as insert_indicator_draft, *};

/// A deleted indicator and the RAK actions that went with it.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct DeletedIndicator {
    /// Its text, for the history's "what".
    pub text: String,
    pub indicator: Indicator,
    pub actions: Vec<Action>,
}

/// A deleted objective and the indicators that went with it.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct DeletedObjective {
    pub text: String,
    pub unit: UnitId,
    pub year: Year,
    pub indicators: Vec<DeletedIndicator>,
}

/// What deleting indicator `id` takes: the indicator and its actions.
pub(super) async fn indicator_snapshot<C: Conn + ?Sized>(tx: &mut C, office: i64, id: i64) -> Result<DeletedIndicator> {
    let grades = grade_context(tx, office).await?;
    let ctx = ParseContext {
        ordinal_scales: &grades,
    };
    let indicator = query_as::<IndicatorRow>(&sql::indicator_by_id())
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?
        .into_domain(&ctx)?;
    let actions = query_as::<ActionRow>(
        "SELECT u.office_id, a.id, a.indicator_id, a.ord, a.text, a.period_kind, a.periods, a.executor, \
         a.executor_unit_id, a.budget, a.target_kind, a.target_raw, a.note \
         FROM actions a JOIN indicators i ON i.id = a.indicator_id JOIN objectives o ON o.id = i.objective_id \
         JOIN units u ON u.id = o.unit_id WHERE a.indicator_id = $1 ORDER BY a.ord, a.id",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await
    .map_err(db_err)?
    .into_iter()
    .map(|r| r.into_domain(&ctx))
    .collect::<Result<Vec<_>>>()?;
    Ok(DeletedIndicator {
        text: indicator.text.clone(),
        indicator,
        actions,
    })
}

/// Puts back what the deletion recorded in audit entry `audit` (of `office`, within
/// [`RESTORE_DAYS`] days, not restored before). A link to an indicator or objective that is
/// gone since is left empty.
/// An audit entry as a deletion's restore reads it: office, entity, action, before, when.
type DeletionEntry = (Option<i64>, String, String, Option<String>, String, Option<String>);

pub(super) async fn restore<C: Conn + ?Sized>(tx: &mut C, office: i64, audit: i64) -> Result<Change> {
    let row: Option<DeletionEntry> =
        query_as("SELECT office_id, entity, action, before_json, at, imported_from FROM audit_log WHERE id = $1")
            .bind(audit)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
    let Some((Some(o), entity, action, Some(before), at, imported)) = row else {
        return Err(not_found("deletion", audit));
    };
    if let Some(source) = imported {
        return Err(StoreError::Invalid(format!(
            "this deletion was made on another Kinerja instance ({source}) and is history only: it cannot be restored here"
        )));
    }
    if o != office || action != "delete" || !matches!(entity.as_str(), "objective" | "indicator") {
        return Err(not_found("deletion", audit));
    }
    let oldest = clock::rfc3339(clock::now_unix() - RESTORE_DAYS * 86_400);
    if at < oldest {
        return Err(StoreError::Invalid(format!(
            "deleted on {}: more than {RESTORE_DAYS} days ago, it can no longer be restored",
            &at[..10.min(at.len())]
        )));
    }
    let claimed =
        query("INSERT INTO restores (audit_id, restored_at) VALUES ($1, $2) ON CONFLICT (audit_id) DO NOTHING")
            .bind(audit)
            .bind(clock::now_rfc3339())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
    if claimed.rows_affected() != 1 {
        return Err(StoreError::Invalid("this deletion was restored already".into()));
    }
    let old_format = || StoreError::Invalid("this deletion was recorded before deletions could be restored".into());
    let id = if entity == "objective" {
        let deleted: DeletedObjective = serde_json::from_str(&before).map_err(|_| old_format())?;
        unit_of_office(tx, deleted.unit.0, office).await?;
        let id: i64 = query_scalar(
            "INSERT INTO objectives (unit_id, year, ord, text) VALUES ($1, $2, \
             (SELECT COALESCE(MAX(ord), -1) + 1 FROM objectives WHERE unit_id = $1 AND year = $2), $3) RETURNING id",
        )
        .bind(deleted.unit)
        .bind(deleted.year)
        .bind(&deleted.text)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        query("UPDATE unit_years SET has_pk = TRUE WHERE unit_id = $1 AND year = $2")
            .bind(deleted.unit)
            .bind(deleted.year)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        for d in &deleted.indicators {
            insert_deleted(tx, id, d).await?;
        }
        id
    } else {
        let deleted: DeletedIndicator = serde_json::from_str(&before).map_err(|_| old_format())?;
        match objective_at(tx, deleted.indicator.objective.0).await? {
            Some(at) if at.0 == office => {}
            _ => {
                return Err(StoreError::Invalid(
                    "its objective was deleted since: restore the objective first".into(),
                ));
            }
        }
        insert_deleted(tx, deleted.indicator.objective.0, &deleted).await?
    };
    change(
        entity_of(&entity),
        id.to_string(),
        "restore",
        None,
        Some(before),
        Edited { id },
    )
}

fn entity_of(entity: &str) -> &'static str {
    if entity == "objective" {
        "objective"
    } else {
        "indicator"
    }
}

/// Inserts a deleted indicator with its actions under `objective`; its id.
async fn insert_deleted<C: Conn + ?Sized>(tx: &mut C, objective: i64, d: &DeletedIndicator) -> Result<i64> {
    let i = &d.indicator;
    let supports = still_there(tx, "indicators", i.supports.map(|s| s.0)).await?;
    let supports_objective = still_there(tx, "objectives", i.supports_objective.map(|s| s.0)).await?;
    let ord: i64 = query_scalar("SELECT COALESCE(MAX(ord), -1) + 1 FROM indicators WHERE objective_id = $1")
        .bind(objective)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
    let draft = kinerja_store::IndicatorDraft {
        text: i.text.clone(),
        pk_target: i.pk_target.clone(),
        rak_target: i.rak_target.clone(),
        activity_target: i.activity_target.clone(),
        period_targets: i.period_targets.clone(),
        settings: i.settings.clone(),
        computation: i.computation.clone(),
        data_source: i.data_source.clone(),
        supports: None,
        supports_objective: None,
        reported: i.reported.clone(),
        note: i.note.clone(),
        actions: vec![],
        realisations: vec![],
    };
    let id = insert_indicator_draft(tx, objective, ord, &draft).await?;
    query("UPDATE indicators SET supports_id = $2, supports_objective_id = $3 WHERE id = $1")
        .bind(id)
        .bind(supports)
        .bind(supports_objective)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    for a in &d.actions {
        let (tk, tr) = value_cols(a.target.as_ref());
        query(
            "INSERT INTO actions (indicator_id, ord, text, period_kind, periods, executor, executor_unit_id, budget, \
             target_kind, target_raw, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(id)
        .bind(a.ord)
        .bind(&a.text)
        .bind(a.schedule.kind.as_str())
        .bind(periods_text(&a.schedule.periods))
        .bind(&a.executor)
        .bind(a.executor_unit)
        .bind(a.budget.map(|b| b.to_string()))
        .bind(tk)
        .bind(tr)
        .bind(&a.note)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    }
    Ok(id)
}

/// `id` when a row of `table` has it still.
async fn still_there<C: Conn + ?Sized>(tx: &mut C, table: &'static str, id: Option<i64>) -> Result<Option<i64>> {
    let Some(id) = id else { return Ok(None) };
    query_scalar(format!("SELECT id FROM {table} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)
}
