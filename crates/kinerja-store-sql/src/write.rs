//! Helpers of the write paths: the audit entry every change writes, codes resolved to ids, signatures, and
//! the inserts a plan draft is made of. Each takes the connection or transaction it runs on.

use std::collections::HashMap;

use kinerja_domain::grade::OrdinalScale;
use kinerja_domain::model::*;
use kinerja_store::{Actor, Owner, Result, SignatureDraft, StoreError, clock};

use crate::db::{Conn, query, query_as, query_scalar};
use crate::rows::*;
use crate::{db_err, sql};

pub(crate) fn invalid(msg: String) -> StoreError {
    StoreError::Invalid(msg)
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn audit<C: Conn + ?Sized>(
    tx: &mut C,
    actor: &Actor,
    office: Option<i64>,
    entity: &str,
    entity_id: Option<String>,
    action: &str,
    before: Option<String>,
    after: Option<String>,
    reason: Option<&str>,
) -> Result<()> {
    query(sql::INSERT_AUDIT)
        .bind(clock::now_rfc3339())
        .bind(&actor.name)
        .bind(office)
        .bind(entity)
        .bind(entity_id)
        .bind(action)
        .bind(before)
        .bind(after)
        .bind(reason)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    if let Some(office) = office {
        query("UPDATE offices SET data_version = data_version + 1 WHERE id = $1")
            .bind(office)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

/// The audit entry of a record written by its code: `create` when there was none `before`,
/// `update` otherwise, with the record before (JSON) and after.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn audit_upsert<C: Conn + ?Sized, T: serde::Serialize + ?Sized>(
    tx: &mut C,
    actor: &Actor,
    office: Option<i64>,
    entity: &str,
    code: &str,
    before: Option<String>,
    after: &T,
    why: Option<&str>,
) -> Result<()> {
    let action = if before.is_some() { "update" } else { "create" };
    audit(
        tx,
        actor,
        office,
        entity,
        Some(code.to_string()),
        action,
        before,
        Some(to_json(after)),
        why,
    )
    .await
}

pub(crate) async fn office_id<C: Conn + ?Sized>(
    tx: &mut C,
    cache: &mut HashMap<String, i64>,
    code: &str,
) -> Result<i64> {
    if let Some(id) = cache.get(code) {
        return Ok(*id);
    }
    let id: Option<i64> = query_scalar("SELECT id FROM offices WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
    let id = id.ok_or_else(|| invalid(format!("office '{code}' does not exist")))?;
    cache.insert(code.to_string(), id);
    Ok(id)
}

pub(crate) async fn keyed_id<C: Conn + ?Sized>(
    tx: &mut C,
    cache: &mut HashMap<(i64, String), i64>,
    table: &str,
    what: &str,
    office: i64,
    code: &str,
) -> Result<i64> {
    let key = (office, code.to_string());
    if let Some(id) = cache.get(&key) {
        return Ok(*id);
    }
    let id: Option<i64> = query_scalar(format!("SELECT id FROM {table} WHERE office_id = $1 AND code = $2"))
        .bind(office)
        .bind(code)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
    let id = id.ok_or_else(|| invalid(format!("{what} '{code}' does not exist in this office")))?;
    cache.insert(key, id);
    Ok(id)
}

pub(crate) async fn signature<C: Conn + ?Sized>(
    tx: &mut C,
    people: &mut HashMap<(i64, String), i64>,
    office: i64,
    s: &SignatureDraft,
) -> Result<Signature> {
    let first = match &s.first {
        Some(c) => Some(keyed_id(tx, people, "people", "person", office, c).await?),
        None => None,
    };
    // Pihak Kedua may be of the office above (its Ketua signs the commission's PK).
    let second = match &s.second {
        Some(c) => match keyed_id(tx, people, "people", "person", office, c).await {
            Ok(id) => Some(id),
            Err(e) => {
                let parent: Option<i64> = query_scalar("SELECT parent_id FROM offices WHERE id = $1")
                    .bind(office)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_err)?
                    .flatten();
                match parent {
                    Some(p) => Some(keyed_id(tx, people, "people", "person", p, c).await.map_err(|_| e)?),
                    None => return Err(e),
                }
            }
        },
        None => None,
    };
    Ok(Signature {
        place: s.place.clone(),
        date: s.date,
        first: first.map(PersonId),
        second: second.map(PersonId),
    })
}

/// The unit's year of a plan draft: PK/RAK flags, period kind, sources and the
/// signatures (`signed`: PK and RAK, as stored JSON).
pub(crate) async fn insert_unit_year<C: Conn + ?Sized>(
    tx: &mut C,
    unit: i64,
    year: i64,
    p: &kinerja_store::UnitPlanDraft,
    signed: &[Option<String>],
) -> Result<()> {
    query(
        "INSERT INTO unit_years (unit_id, year, has_pk, has_rak, rak_period_kind, stated_budget_total, pk_signed, rak_signed, pk_source, rak_source) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(unit)
    .bind(year)
    .bind(p.has_pk)
    .bind(p.has_rak)
    .bind(p.rak_period_kind.as_str())
    .bind(p.stated_budget_total.map(|d| d.to_string()))
    .bind(signed.first().cloned().flatten())
    .bind(signed.get(1).cloned().flatten())
    .bind(&p.pk_source)
    .bind(&p.rak_source)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Inserts an indicator of a plan draft (without its actions, realisations or links).
pub(crate) async fn insert_indicator<C: Conn + ?Sized>(
    tx: &mut C,
    objective: i64,
    ord: i64,
    ind: &kinerja_store::IndicatorDraft,
) -> Result<i64> {
    let (pk_k, pk_r) = value_cols(ind.pk_target.as_ref());
    let (rak_k, rak_r) = value_cols(ind.rak_target.as_ref());
    let (act_k, act_r) = value_cols(ind.activity_target.as_ref());
    query_scalar(
        "INSERT INTO indicators (objective_id, ord, text, pk_target_kind, pk_target_raw, rak_target_kind, rak_target_raw, \
         activity_target_kind, activity_target_raw, period_targets, settings, computation, data_source, reported, note, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1) RETURNING id",
    )
    .bind(objective)
    .bind(ord)
    .bind(&ind.text)
    .bind(pk_k)
    .bind(pk_r)
    .bind(rak_k)
    .bind(rak_r)
    .bind(act_k)
    .bind(act_r)
    .bind(to_json(&ind.period_targets))
    .bind(to_json(&ind.settings))
    .bind(&ind.computation)
    .bind(&ind.data_source)
    .bind(ind.reported.as_ref().map(to_json))
    .bind(&ind.note)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)
}

/// Inserts an action of a plan draft under `indicator`.
pub(crate) async fn insert_action<C: Conn + ?Sized>(
    tx: &mut C,
    indicator: i64,
    ord: i64,
    a: &kinerja_store::ActionDraft,
    executor_unit: Option<i64>,
) -> Result<()> {
    let (tk, tr) = value_cols(a.target.as_ref());
    query(
        "INSERT INTO actions (indicator_id, ord, text, period_kind, periods, executor, executor_unit_id, budget, target_kind, target_raw, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(indicator)
    .bind(ord)
    .bind(&a.text)
    .bind(a.schedule.kind.as_str())
    .bind(periods_text(&a.schedule.periods))
    .bind(&a.executor)
    .bind(executor_unit)
    .bind(a.budget.map(|d| d.to_string()))
    .bind(tk)
    .bind(tr)
    .bind(&a.note)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

pub(crate) async fn insert_budget_line<C: Conn + ?Sized>(
    tx: &mut C,
    unit: i64,
    year: i64,
    ord: i64,
    b: &kinerja_store::BudgetLineDraft,
) -> Result<()> {
    query("INSERT INTO budget_lines (unit_id, year, ord, name, level, ceiling, realised) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(unit)
        .bind(year)
        .bind(ord)
        .bind(&b.name)
        .bind(b.level.code())
        .bind(b.ceiling.to_string())
        .bind(b.realised.map(|d| d.to_string()))
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

pub(crate) type YearRow = (
    bool,
    bool,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// A unit's year as stored (flags, period kind, budget total, signatures, sources).
pub(crate) async fn year_row<C: Conn + ?Sized>(tx: &mut C, unit: i64, year: i64) -> Result<Option<YearRow>> {
    query_as::<YearRow>(
        "SELECT has_pk, has_rak, rak_period_kind, stated_budget_total, pk_signed, rak_signed, pk_source, rak_source \
         FROM unit_years WHERE unit_id = $1 AND year = $2",
    )
    .bind(unit)
    .bind(year)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)
}

/// A stored signature as people read it: `Metro, 2024-01-11: FIRST / SECOND`.
pub(crate) async fn signature_text<C: Conn + ?Sized>(tx: &mut C, json: &str) -> Result<String> {
    let s: Signature = serde_json::from_str(json).map_err(|e| invalid(format!("stored signature: {e}")))?;
    let mut names = Vec::new();
    for id in [s.first, s.second] {
        let name: Option<String> = match id {
            Some(id) => query_scalar("SELECT name FROM people WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?,
            None => None,
        };
        names.push(name.unwrap_or_else(|| "-".into()));
    }
    let place = s.place.unwrap_or_default();
    let date = s.date.map(|d| d.to_string()).unwrap_or_default();
    Ok(format!("{place} {date}: {}", names.join(" / ")).trim().to_string())
}

/// (objectives, indicators, realisations) of a unit's year, for the audit log.
pub(crate) async fn plan_counts<C: Conn + ?Sized>(tx: &mut C, unit: i64, year: i64) -> Result<(i64, i64, i64)> {
    query_as::<(i64, i64, i64)>(
        "SELECT (SELECT COUNT(*) FROM objectives WHERE unit_id = $1 AND year = $2), \
         (SELECT COUNT(*) FROM indicators i JOIN objectives o ON o.id = i.objective_id WHERE o.unit_id = $1 AND o.year = $2), \
         (SELECT COUNT(*) FROM realisations r JOIN indicators i ON i.id = r.indicator_id JOIN objectives o ON o.id = i.objective_id WHERE o.unit_id = $1 AND o.year = $2)",
    )
    .bind(unit)
    .bind(year)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)
}

/// The scales grades of `office` are read against (built-in, shared, the office's).
pub(crate) async fn grade_context<C: Conn + ?Sized>(tx: &mut C, office: i64) -> Result<Vec<OrdinalScale>> {
    let rows = query_as::<OrdinalScaleRow>(sql::ORDINAL_SCALES_FOR)
        .bind(office)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?;
    let all = rows
        .into_iter()
        .map(OrdinalScaleRow::into_domain)
        .collect::<Result<Vec<_>>>()?;
    Ok(grade_scales(&all, office))
}

pub(crate) async fn owner<C: Conn + ?Sized>(pool: &mut C, sql: &str, id: i64) -> Result<Option<Owner>> {
    let row = query_as::<OwnerRow>(sql)
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    Ok(row.map(|r| Owner {
        office: OfficeId(r.office_id),
        unit: UnitId(r.unit_id),
        indicator: IndicatorId(r.indicator_id),
    }))
}

pub(crate) async fn realisation_row<C: Conn + ?Sized>(tx: &mut C, id: i64) -> Result<RealisationRow> {
    query_as::<RealisationRow>(&sql::realisation_by_id())
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?
        .ok_or_else(|| StoreError::NotFound {
            entity: "realisation",
            key: id.to_string(),
        })
}
