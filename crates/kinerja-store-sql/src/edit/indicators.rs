use kinerja_domain::model::*;
use kinerja_domain::value::ParseContext;
use kinerja_store::{Edited, IndicatorFields, Result, StoreError};

use super::{Change, change, check_fields, indicator_at, not_found, objective_at};
use crate::db::{Conn, query, query_as, query_scalar};
use crate::rows::*;
use crate::write::*;
use crate::{db_err, sql};

pub(super) async fn add_indicator<C: Conn + ?Sized>(
    tx: &mut C,
    office: i64,
    objective: &ObjectiveId,
    fields: &IndicatorFields,
) -> Result<Change> {
    let (o, unit, year) = match objective_at(tx, objective.0).await? {
        Some(at) if at.0 == office => at,
        _ => return Err(not_found("objective", objective.0)),
    };
    let _ = o;
    check_fields(tx, office, unit, year, None, fields).await?;
    let (pk_k, pk_r) = value_cols(fields.pk_target.as_ref());
    let (rak_k, rak_r) = value_cols(fields.rak_target.as_ref());
    let id: i64 = query_scalar(
        "INSERT INTO indicators (objective_id, ord, text, pk_target_kind, pk_target_raw, rak_target_kind, rak_target_raw, \
         period_targets, settings, computation, data_source, supports_id, version) \
         VALUES ($1, (SELECT COALESCE(MAX(ord), -1) + 1 FROM indicators WHERE objective_id = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1) RETURNING id",
    )
    .bind(objective).bind(fields.text.trim()).bind(pk_k).bind(pk_r).bind(rak_k).bind(rak_r)
    .bind(to_json(&fields.period_targets)).bind(to_json(&fields.settings))
    .bind(&fields.computation).bind(&fields.data_source).bind(fields.supports)
    .fetch_one(&mut *tx).await.map_err(db_err)?;
    let after = query_as::<IndicatorRow>(&sql::indicator_by_id())
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
    let grades = grade_context(tx, office).await?;
    let after = after.into_domain(&ParseContext {
        ordinal_scales: &grades,
    })?;
    change(
        "indicator",
        id.to_string(),
        "create",
        None,
        Some(to_json(&after)),
        Edited { id },
    )
}

pub(super) async fn update_indicator<C: Conn + ?Sized>(
    tx: &mut C,
    office: i64,
    id: &i64,
    version: &i64,
    fields: &IndicatorFields,
) -> Result<Change> {
    let (_, unit, year, current) = match indicator_at(tx, *id).await? {
        Some(at) if at.0 == office => at,
        _ => return Err(not_found("indicator", *id)),
    };
    if current != *version {
        return Err(StoreError::Conflict {
            entity: "indicator",
            id: *id,
            expected: *version,
            current,
        });
    }
    check_fields(tx, office, unit, year, Some(IndicatorId(*id)), fields).await?;
    let grades = grade_context(tx, office).await?;
    let ctx = ParseContext {
        ordinal_scales: &grades,
    };
    let before = query_as::<IndicatorRow>(&sql::indicator_by_id())
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?
        .into_domain(&ctx)?;
    let (pk_k, pk_r) = value_cols(fields.pk_target.as_ref());
    let (rak_k, rak_r) = value_cols(fields.rak_target.as_ref());
    let done = query(
        "UPDATE indicators SET text = $3, pk_target_kind = $4, pk_target_raw = $5, rak_target_kind = $6, rak_target_raw = $7, \
         period_targets = $8, settings = $9, computation = $10, data_source = $11, supports_id = $12, version = version + 1 \
         WHERE id = $1 AND version = $2",
    )
    .bind(id).bind(version).bind(fields.text.trim()).bind(pk_k).bind(pk_r).bind(rak_k).bind(rak_r)
    .bind(to_json(&fields.period_targets)).bind(to_json(&fields.settings))
    .bind(&fields.computation).bind(&fields.data_source).bind(fields.supports)
    .execute(&mut *tx).await.map_err(db_err)?;
    if done.rows_affected() != 1 {
        return Err(StoreError::Conflict {
            entity: "indicator",
            id: *id,
            expected: *version,
            current: version + 1,
        });
    }
    let after = query_as::<IndicatorRow>(&sql::indicator_by_id())
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?
        .into_domain(&ctx)?;
    change(
        "indicator",
        id.to_string(),
        "update",
        Some(to_json(&before)),
        Some(to_json(&after)),
        Edited { id: *id },
    )
}

pub(super) async fn delete_indicator<C: Conn + ?Sized>(
    tx: &mut C,
    office: i64,
    id: &i64,
    version: &i64,
) -> Result<Change> {
    let current = match indicator_at(tx, *id).await? {
        Some(at) if at.0 == office => at.3,
        _ => return Err(not_found("indicator", *id)),
    };
    if current != *version {
        return Err(StoreError::Conflict {
            entity: "indicator",
            id: *id,
            expected: *version,
            current,
        });
    }
    let used: i64 = query_scalar(
        "SELECT (SELECT COUNT(*) FROM realisations WHERE indicator_id = $1) + (SELECT COUNT(*) FROM indicators WHERE supports_id = $1)",
    )
    .bind(id).fetch_one(&mut *tx).await.map_err(db_err)?;
    if used > 0 {
        return Err(invalid(
            "the indicator has realisations or supporting indicators below it: it cannot be deleted".into(),
        ));
    }
    // What goes (the indicator and its RAK actions) is kept in the audit entry, to restore.
    let before = super::restore::indicator_snapshot(tx, office, *id).await?;
    query("DELETE FROM actions WHERE indicator_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    query("DELETE FROM indicators WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    change(
        "indicator",
        id.to_string(),
        "delete",
        Some(to_json(&before)),
        None,
        Edited { id: 0 },
    )
}
