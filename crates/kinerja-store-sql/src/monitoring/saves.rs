//! Saving a realisation: the update of a stored one, the first entry of a period, and the evidence files uploaded with it.

use super::*;

/// Changes a stored realisation: refused when another save came first or the period is locked.
pub(crate) async fn update<C: Conn + ?Sized>(
    tx: &mut C,
    actor: &Actor,
    office: i64,
    row: RealisationRow,
    input: &RealisationInput,
    expected_version: Option<i64>,
    reason: Option<&str>,
) -> Result<Realisation> {
    let grades = grade_context(tx, office).await?;
    let before = row.into_domain(&ParseContext {
        ordinal_scales: &grades,
    })?;
    if expected_version != Some(before.version) {
        return Err(StoreError::Conflict {
            entity: "realisation",
            id: before.id.0,
            expected: expected_version.unwrap_or(0),
            current: before.version,
        });
    }
    if !workflow::editable(before.status) {
        return Err(invalid(format!(
            "the realisation for {} is {}: it is locked; it must be returned or reopened before it can change",
            input.period,
            before.status.code()
        )));
    }
    let after = Realisation {
        value: input.value.clone(),
        evidence: input.evidence.clone(),
        obstacles: input.obstacles.clone(),
        follow_up: input.follow_up.clone(),
        version: before.version + 1,
        ..before.clone()
    };
    let done = query(
        "UPDATE realisations SET value_kind = $3, value_raw = $4, evidence = $5, obstacles = $6, follow_up = $7, version = version + 1 \
         WHERE id = $1 AND version = $2",
    )
    .bind(before.id)
    .bind(before.version)
    .bind(after.value.kind().as_str())
    .bind(after.value.raw())
    .bind(to_json(&after.evidence))
    .bind(&after.obstacles)
    .bind(&after.follow_up)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    if done.rows_affected() != 1 {
        return Err(StoreError::Conflict {
            entity: "realisation",
            id: before.id.0,
            expected: before.version,
            current: before.version + 1,
        });
    }
    audit(
        tx,
        actor,
        Some(office),
        "realisation",
        Some(format!("{}/{}", input.indicator, input.period)),
        "update",
        Some(to_json(&before)),
        Some(to_json(&after)),
        reason,
    )
    .await?;
    Ok(after)
}

/// Enters a period's first realisation: refused when a version was expected, or when another
/// first save of the same period came first.
pub(crate) async fn insert<C: Conn + ?Sized>(
    tx: &mut C,
    actor: &Actor,
    office: i64,
    input: &RealisationInput,
    expected_version: Option<i64>,
    reason: Option<&str>,
) -> Result<Realisation> {
    if let Some(v) = expected_version {
        return Err(StoreError::Conflict {
            entity: "realisation",
            id: 0,
            expected: v,
            current: 0,
        });
    }
    let inserted = query_scalar::<i64>(
        "INSERT INTO realisations (indicator_id, period, value_kind, value_raw, status, evidence, obstacles, follow_up, version) \
         VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, 1) RETURNING id",
    )
    .bind(input.indicator)
    .bind(input.period.to_string())
    .bind(input.value.kind().as_str())
    .bind(input.value.raw())
    .bind(to_json(&input.evidence))
    .bind(&input.obstacles)
    .bind(&input.follow_up)
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(StoreError::Conflict {
                entity: "realisation",
                id: 0,
                expected: 0,
                current: 1,
            });
        }
        Err(e) => return Err(db_err(e)),
    };
    let after = Realisation {
        id: RealisationId(id),
        indicator: input.indicator,
        period: input.period,
        value: input.value.clone(),
        status: RealisationStatus::Draft,
        evidence: input.evidence.clone(),
        obstacles: input.obstacles.clone(),
        follow_up: input.follow_up.clone(),
        return_reason: None,
        version: 1,
    };
    audit(
        tx,
        actor,
        Some(office),
        "realisation",
        Some(format!("{}/{}", input.indicator, input.period)),
        "create",
        None,
        Some(to_json(&after)),
        reason,
    )
    .await?;
    Ok(after)
}

/// Records the evidence files uploaded with a save: each must be of the realisation's office,
/// indicator and period, and among its evidence.
pub(crate) async fn evidence_files<C: Conn + ?Sized>(tx: &mut C, office: i64, input: &RealisationInput) -> Result<()> {
    for file in &input.new_files {
        if file.office.0 != office || file.indicator != input.indicator || file.period != input.period {
            return Err(invalid(format!(
                "evidence file {} belongs to another indicator or period",
                file.original_name
            )));
        }
        if !input.evidence.contains(&file.reference()) {
            return Err(invalid(format!(
                "evidence file {} is not among the realisation's evidence",
                file.original_name
            )));
        }
        query(
            "INSERT INTO evidence_files (name, office_id, indicator_id, period, original_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&file.name)
        .bind(office)
        .bind(input.indicator)
        .bind(input.period.to_string())
        .bind(&file.original_name)
        .bind(&file.content_type)
        .bind(file.size)
        .bind(&file.sha256)
        .bind(&file.uploaded_by)
        .bind(&file.uploaded_at)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    }
    Ok(())
}
