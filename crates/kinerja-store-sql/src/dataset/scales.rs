//! A dataset's category and ordinal scales and each office's Renstra.

use super::*;

/// Category scales, created or updated by code.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn scales<C: Conn + ?Sized>(
    tx: &mut C,
    actor: &Actor,
    ds: &Dataset,
    why: Option<&str>,
    summary: &mut DatasetSummary,
    ids: &mut Ids,
) -> Result<()> {
    for s in &ds.scales {
        let office = match &s.office {
            Some(code) => Some(office_id(tx, &mut ids.offices, code).await?),
            None => None,
        };
        let scale = &s.scale;
        let before: Option<ScaleRow> =
            query_as::<ScaleRow>("SELECT id, code, name, domain_min, domain_max, bands FROM scales WHERE code = $1")
                .bind(&scale.code)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
        let before = before.map(ScaleRow::into_domain).transpose()?;
        if before.as_ref() != Some(scale) {
            query("DELETE FROM scales WHERE code = $1")
                .bind(&scale.code)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            query("INSERT INTO scales (office_id, code, name, domain_min, domain_max, bands) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(office)
                .bind(&scale.code)
                .bind(&scale.name)
                .bind(scale.domain_min.map(|d| d.to_string()))
                .bind(scale.domain_max.map(|d| d.to_string()))
                .bind(to_json(&scale.bands))
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            audit_upsert(
                tx,
                actor,
                office,
                "scale",
                &scale.code,
                before.as_ref().map(to_json),
                scale,
                why,
            )
            .await?;
        }
        summary.scales += 1;
    }
    Ok(())
}

/// Ordinal scales, created or updated by code.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn ordinal_scales<C: Conn + ?Sized>(
    tx: &mut C,
    actor: &Actor,
    ds: &Dataset,
    why: Option<&str>,
    summary: &mut DatasetSummary,
    ids: &mut Ids,
) -> Result<()> {
    for s in &ds.ordinal_scales {
        let office = match &s.office {
            Some(code) => Some(office_id(tx, &mut ids.offices, code).await?),
            None => None,
        };
        let scale = &s.scale;
        if scale.levels.is_empty() {
            return Err(invalid(format!("ordinal scale '{}' has no levels", scale.code)));
        }
        let before =
            query_as::<OrdinalScaleRow>("SELECT id, office_id, code, name, levels FROM ordinal_scales WHERE code = $1")
                .bind(&scale.code)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?
                .map(OrdinalScaleRow::into_domain)
                .transpose()?;
        if before.as_ref() != Some(&(office, scale.clone())) {
            query(
                "INSERT INTO ordinal_scales (office_id, code, name, levels) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (code) DO UPDATE SET office_id = excluded.office_id, name = excluded.name, levels = excluded.levels",
            )
            .bind(office)
            .bind(&scale.code)
            .bind(&scale.name)
            .bind(to_json(&scale.levels))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
            let before = before.map(|(_, s)| to_json(&s));
            audit_upsert(tx, actor, office, "ordinal_scale", &scale.code, before, scale, why).await?;
        }
        summary.ordinal_scales += 1;
    }
    Ok(())
}

/// Each office's Renstra, replaced.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn renstra<C: Conn + ?Sized>(
    tx: &mut C,
    actor: &Actor,
    ds: &Dataset,
    why: Option<&str>,
    ids: &mut Ids,
) -> Result<()> {
    for r in &ds.renstra {
        let office = office_id(tx, &mut ids.offices, &r.office).await?;
        let before: Option<String> = query_scalar("SELECT body FROM renstra WHERE office_id = $1")
            .bind(office)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let after = to_json(&r.renstra);
        if before.as_deref() != Some(after.as_str()) {
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
            audit(
                tx,
                actor,
                Some(office),
                "renstra",
                Some(r.office.clone()),
                "replace",
                before,
                Some(after),
                why,
            )
            .await?;
        }
    }
    Ok(())
}
