//! A dataset's offices and units, created or updated by code.

use super::*;

/// A position as stored: unit, title, acting, from, until.
pub(crate) type StoredPosition = (i64, String, String, Option<String>, Option<String>);

/// Offices, created or updated by code (parents first, as the dataset lists them).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn offices<C: Conn + ?Sized>(
    tx: &mut C,
    actor: &Actor,
    ds: &Dataset,
    why: Option<&str>,
    summary: &mut DatasetSummary,
    ids: &mut Ids,
) -> Result<()> {
    for o in &ds.offices {
        let parent = match &o.parent {
            Some(code) => Some(office_id(tx, &mut ids.offices, code).await?),
            None => None,
        };
        // An office not given a time zone lies in its parent's.
        let time_zone = match (o.time_zone, parent) {
            (Some(tz), _) => tz,
            (None, Some(p)) => {
                let code: Option<String> = query_scalar("SELECT time_zone FROM offices WHERE id = $1")
                    .bind(p)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_err)?;
                code.and_then(|c| c.parse().ok()).unwrap_or_default()
            }
            (None, None) => Default::default(),
        };
        let existing = query_as::<OfficeRow>(&sql::office_by_code())
            .bind(&o.code)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let mut office = Office {
            id: OfficeId(0),
            code: o.code.clone(),
            name: o.name.clone(),
            full_name: o.full_name.clone(),
            level: o.level,
            parent: parent.map(OfficeId),
            address: o.address.clone(),
            city: o.city.clone(),
            scale: o.scale.clone(),
            lower_formula: o.lower_formula,
            time_zone,
            version: 1,
        };
        let before = existing.map(OfficeRow::into_domain).transpose()?;
        let unchanged = before.as_ref().is_some_and(|b| {
            *b == Office {
                id: b.id,
                version: b.version,
                ..office.clone()
            }
        });
        if let Some(b) = &before {
            office.id = b.id;
            office.version = if unchanged { b.version } else { b.version + 1 };
        }
        if !unchanged {
            office.id = OfficeId(query_scalar(
                "INSERT INTO offices (code, name, full_name, level, parent_id, address, city, scale_code, lower_formula, time_zone, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, full_name = excluded.full_name, \
                 level = excluded.level, parent_id = excluded.parent_id, address = excluded.address, city = excluded.city, \
                 scale_code = excluded.scale_code, lower_formula = excluded.lower_formula, time_zone = excluded.time_zone, \
                 version = offices.version + 1 \
                 RETURNING id",
            )
            .bind(&office.code)
            .bind(&office.name)
            .bind(&office.full_name)
            .bind(office.level.code())
            .bind(office.parent)
            .bind(&office.address)
            .bind(&office.city)
            .bind(&office.scale)
            .bind(office.lower_formula.code())
            .bind(office.time_zone.code())
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?);
            audit_upsert(
                tx,
                actor,
                Some(office.id.0),
                "office",
                &office.code,
                before.as_ref().map(to_json),
                &office,
                why,
            )
            .await?;
        }
        ids.offices.insert(office.code.to_string(), office.id.0);
        summary.offices += 1;
    }
    Ok(())
}

/// Units, created or updated by code within their office.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn units<C: Conn + ?Sized>(
    tx: &mut C,
    actor: &Actor,
    ds: &Dataset,
    why: Option<&str>,
    summary: &mut DatasetSummary,
    ids: &mut Ids,
) -> Result<()> {
    for u in &ds.units {
        let office = office_id(tx, &mut ids.offices, &u.office).await?;
        let parent = match &u.parent {
            Some(code) => Some(keyed_id(tx, &mut ids.units, "units", "unit", office, code).await?),
            None => None,
        };
        let existing = query_as::<UnitRow>(
            "SELECT id, office_id, code, name, kind, parent_id, aliases, version FROM units WHERE office_id = $1 AND code = $2",
        )
        .bind(office)
        .bind(&u.code)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let mut unit = Unit {
            id: UnitId(0),
            office: OfficeId(office),
            code: u.code.clone(),
            name: u.name.clone(),
            kind: u.kind,
            parent: parent.map(UnitId),
            aliases: u.aliases.clone(),
            version: 1,
        };
        let before = existing.map(UnitRow::into_domain).transpose()?;
        let unchanged = before.as_ref().is_some_and(|b| {
            *b == Unit {
                id: b.id,
                version: b.version,
                ..unit.clone()
            }
        });
        if let Some(b) = &before {
            unit.id = b.id;
            unit.version = if unchanged { b.version } else { b.version + 1 };
        }
        if !unchanged {
            unit.id = UnitId(query_scalar(
                "INSERT INTO units (office_id, code, name, kind, parent_id, aliases, version) VALUES ($1, $2, $3, $4, $5, $6, 1) \
                 ON CONFLICT (office_id, code) DO UPDATE SET name = excluded.name, kind = excluded.kind, \
                 parent_id = excluded.parent_id, aliases = excluded.aliases, version = units.version + 1 RETURNING id",
            )
            .bind(office)
            .bind(&unit.code)
            .bind(&unit.name)
            .bind(unit.kind.code())
            .bind(unit.parent)
            .bind(to_json(&unit.aliases))
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?);
            audit_upsert(
                tx,
                actor,
                Some(office),
                "unit",
                &unit.code,
                before.as_ref().map(to_json),
                &unit,
                why,
            )
            .await?;
        }
        ids.units.insert((office, unit.code.clone()), unit.id.0);
        summary.units += 1;
    }
    Ok(())
}
