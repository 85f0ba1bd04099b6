use kinerja_domain::model::*;
use kinerja_store::{Edited, Result};

use super::{Change, change, not_found, objective_at, text_of, unit_of_office};
use crate::db::{Conn, query, query_scalar};
use crate::db_err;
use crate::rows::*;
use crate::write::*;

pub(super) async fn add_objective<C: Conn + ?Sized>(
    tx: &mut C,
    office: i64,
    unit: &UnitId,
    year: &Year,
    text: &str,
) -> Result<Change> {
    let unit = &unit.0;
    let text = text_of(text)?;
    unit_of_office(tx, *unit, office).await?;
    let has: Option<bool> = query_scalar("SELECT has_pk FROM unit_years WHERE unit_id = $1 AND year = $2")
        .bind(unit)
        .bind(year)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
    match has {
        None => {
            query("INSERT INTO unit_years (unit_id, year, has_pk, has_rak, rak_period_kind) VALUES ($1, $2, TRUE, FALSE, 'month')")
                .bind(unit).bind(year).execute(&mut *tx).await.map_err(db_err)?;
        }
        Some(false) => {
            query("UPDATE unit_years SET has_pk = TRUE WHERE unit_id = $1 AND year = $2")
                .bind(unit)
                .bind(year)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        Some(true) => {}
    }
    let id: i64 = query_scalar(
        "INSERT INTO objectives (unit_id, year, ord, text) VALUES ($1, $2, (SELECT COALESCE(MAX(ord), -1) + 1 FROM objectives WHERE unit_id = $1 AND year = $2), $3) RETURNING id",
    )
    .bind(unit).bind(year).bind(&text).fetch_one(&mut *tx).await.map_err(db_err)?;
    change(
        "objective",
        id.to_string(),
        "create",
        None,
        Some(to_json(&text)),
        Edited { id },
    )
}

pub(super) async fn update_objective<C: Conn + ?Sized>(
    tx: &mut C,
    office: i64,
    id: &i64,
    text: &str,
) -> Result<Change> {
    let text = text_of(text)?;
    match objective_at(tx, *id).await? {
        Some((o, _, _)) if o == office => {}
        _ => return Err(not_found("objective", *id)),
    }
    let old: String = query_scalar("SELECT text FROM objectives WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
    query("UPDATE objectives SET text = $2 WHERE id = $1")
        .bind(id)
        .bind(&text)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    change(
        "objective",
        id.to_string(),
        "update",
        Some(to_json(&old)),
        Some(to_json(&text)),
        Edited { id: *id },
    )
}

pub(super) async fn delete_objective<C: Conn + ?Sized>(tx: &mut C, office: i64, id: &i64) -> Result<Change> {
    match objective_at(tx, *id).await? {
        Some((o, _, _)) if o == office => {}
        _ => return Err(not_found("objective", *id)),
    }
    let used: i64 = query_scalar(
        "SELECT (SELECT COUNT(*) FROM realisations r JOIN indicators i ON i.id = r.indicator_id WHERE i.objective_id = $1) \
         + (SELECT COUNT(*) FROM actions a JOIN indicators i ON i.id = a.indicator_id WHERE i.objective_id = $1) \
         + (SELECT COUNT(*) FROM indicators s JOIN indicators i ON i.id = s.supports_id WHERE i.objective_id = $1)",
    )
    .bind(id).fetch_one(&mut *tx).await.map_err(db_err)?;
    if used > 0 {
        return Err(invalid(
            "the objective's indicators have realisations, RAK actions or supporting indicators: remove those first"
                .into(),
        ));
    }
    // What goes (the objective and its indicators) is kept in the audit entry, to restore.
    let (text, unit, year): (String, i64, i64) =
        crate::db::query_as("SELECT text, unit_id, CAST(year AS BIGINT) FROM objectives WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
    let ids: Vec<i64> = crate::db::query_scalar("SELECT id FROM indicators WHERE objective_id = $1 ORDER BY ord, id")
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?;
    let mut indicators = Vec::with_capacity(ids.len());
    for i in ids {
        indicators.push(super::restore::indicator_snapshot(tx, office, i).await?);
    }
    let old = super::restore::DeletedObjective {
        text,
        unit: UnitId(unit),
        year: Year::new(year)
            .ok_or_else(|| kinerja_store::StoreError::Corrupt(format!("objective {id}: year {year}")))?,
        indicators,
    };
    query("UPDATE indicators SET supports_objective_id = NULL WHERE supports_objective_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    query("DELETE FROM indicators WHERE objective_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    query("DELETE FROM objectives WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    change(
        "objective",
        id.to_string(),
        "delete",
        Some(to_json(&old)),
        None,
        Edited { id: 0 },
    )
}
