//! Writing a whole dataset (`kinerja load`, the demo, a restored export) in one transaction.

use std::collections::{HashMap, HashSet};

use kinerja_domain::model::*;
use kinerja_store::{Actor, Dataset, DatasetSummary, Result};

use crate::db::{Arg, Conn, query, query_as, query_scalar};
use crate::rows::*;
use crate::write::*;
use crate::{Backend, SqlStore, Tx, db_err, sql};

impl<B: Backend> SqlStore<B> {
    pub(crate) async fn apply(
        &self,
        tx: &mut Tx<B>,
        actor: &Actor,
        ds: &Dataset,
        reason: &str,
    ) -> Result<DatasetSummary> {
        let mut summary = DatasetSummary::default();
        let mut ids = Ids::default();
        let why = Some(reason);

        offices(tx, actor, ds, why, &mut summary, &mut ids).await?;
        units(tx, actor, ds, why, &mut summary, &mut ids).await?;
        people(tx, actor, ds, why, &mut summary, &mut ids).await?;
        positions(tx, actor, ds, why, &mut ids).await?;
        scales(tx, actor, ds, why, &mut summary, &mut ids).await?;
        ordinal_scales(tx, actor, ds, why, &mut summary, &mut ids).await?;
        renstra(tx, actor, ds, why, &mut ids).await?;
        let pending = plans(tx, actor, ds, why, &mut summary, &mut ids).await?;
        links(tx, &mut ids, pending).await?;
        Ok(summary)
    }
}

/// The codes of a dataset resolved to ids as it is written (each looked up once).
#[derive(Default)]
struct Ids {
    offices: HashMap<String, i64>,
    units: HashMap<(i64, String), i64>,
    people: HashMap<(i64, String), i64>,
}

/// A position as stored: unit, title, acting, from, until.
type StoredPosition = (i64, String, String, Option<String>, Option<String>);

/// A cascade link to make: (office, the linking indicator or objective, year, the unit code and
/// text of what it supports).
type Link = (i64, i64, i32, String, String);

/// The cascade links of the unit plans written, made once every indicator exists.
struct Links {
    /// The indicators each unit plan created, by (office, unit): (text, id).
    new_indicators: HashMap<(i64, i64), Vec<(String, i64)>>,
    links: Vec<Link>,
    objective_links: Vec<Link>,
}

/// Offices, created or updated by code (parents first, as the dataset lists them).
#[allow(clippy::too_many_arguments)]
async fn offices<C: Conn + ?Sized>(
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
            id: 0,
            code: o.code.clone(),
            name: o.name.clone(),
            full_name: o.full_name.clone(),
            level: o.level,
            parent,
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
            office.id = query_scalar(
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
            .map_err(db_err)?;
            let action = if before.is_some() { "update" } else { "create" };
            audit(
                tx,
                actor,
                Some(office.id),
                "office",
                Some(office.code.clone()),
                action,
                before.as_ref().map(to_json),
                Some(to_json(&office)),
                why,
            )
            .await?;
        }
        ids.offices.insert(office.code.clone(), office.id);
        summary.offices += 1;
    }
    Ok(())
}

/// Units, created or updated by code within their office.
#[allow(clippy::too_many_arguments)]
async fn units<C: Conn + ?Sized>(
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
            id: 0,
            office,
            code: u.code.clone(),
            name: u.name.clone(),
            kind: u.kind,
            parent,
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
            unit.id = query_scalar(
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
            .map_err(db_err)?;
            let action = if before.is_some() { "update" } else { "create" };
            audit(
                tx,
                actor,
                Some(office),
                "unit",
                Some(unit.code.clone()),
                action,
                before.as_ref().map(to_json),
                Some(to_json(&unit)),
                why,
            )
            .await?;
        }
        ids.units.insert((office, unit.code.clone()), unit.id);
        summary.units += 1;
    }
    Ok(())
}

/// People, created or updated by code within their office.
#[allow(clippy::too_many_arguments)]
async fn people<C: Conn + ?Sized>(
    tx: &mut C,
    actor: &Actor,
    ds: &Dataset,
    why: Option<&str>,
    summary: &mut DatasetSummary,
    ids: &mut Ids,
) -> Result<()> {
    for p in &ds.people {
        let office = office_id(tx, &mut ids.offices, &p.office).await?;
        let existing = query_as::<PersonRow>(
            "SELECT id, office_id, code, name, nip FROM people WHERE office_id = $1 AND code = $2",
        )
        .bind(office)
        .bind(&p.code)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let mut person = Person {
            id: 0,
            office,
            code: p.code.clone(),
            name: p.name.clone(),
            nip: p.nip.clone(),
        };
        let before = existing.map(PersonRow::into_domain);
        let unchanged = before.as_ref().is_some_and(|b| {
            *b == Person {
                id: b.id,
                ..person.clone()
            }
        });
        if let Some(b) = &before {
            person.id = b.id;
        }
        if !unchanged {
            person.id = query_scalar(
                "INSERT INTO people (office_id, code, name, nip) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (office_id, code) DO UPDATE SET name = excluded.name, nip = excluded.nip RETURNING id",
            )
            .bind(office)
            .bind(&person.code)
            .bind(&person.name)
            .bind(&person.nip)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
            let action = if before.is_some() { "update" } else { "create" };
            audit(
                tx,
                actor,
                Some(office),
                "person",
                Some(person.code.clone()),
                action,
                before.as_ref().map(to_json),
                Some(to_json(&person)),
                why,
            )
            .await?;
        }
        ids.people.insert((office, person.code.clone()), person.id);
        summary.people += 1;
    }
    Ok(())
}

/// Positions: each person named in the dataset gets exactly the positions listed.
#[allow(clippy::too_many_arguments)]
async fn positions<C: Conn + ?Sized>(
    tx: &mut C,
    actor: &Actor,
    ds: &Dataset,
    why: Option<&str>,
    ids: &mut Ids,
) -> Result<()> {
    // Positions: each person named in the dataset gets exactly the positions listed.
    let mut by_person: Vec<((i64, i64), Vec<&kinerja_store::PositionDraft>)> = Vec::new();
    for q in &ds.positions {
        let office = office_id(tx, &mut ids.offices, &q.office).await?;
        let person = keyed_id(tx, &mut ids.people, "people", "person", office, &q.person).await?;
        match by_person.iter_mut().find(|(k, _)| *k == (office, person)) {
            Some((_, list)) => list.push(q),
            None => by_person.push(((office, person), vec![q])),
        }
    }
    for ((office, person), list) in by_person {
        let before: Vec<StoredPosition> = query_as(
            "SELECT unit_id, title, acting, from_date, until_date FROM positions WHERE person_id = $1 ORDER BY id",
        )
        .bind(person)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?;
        let mut after = Vec::with_capacity(list.len());
        for q in list {
            let unit = keyed_id(tx, &mut ids.units, "units", "unit", office, &q.unit).await?;
            after.push((
                unit,
                q.title.clone(),
                q.acting.code().to_string(),
                q.from.map(|d| d.to_string()),
                q.until.map(|d| d.to_string()),
            ));
        }
        if before == after {
            continue;
        }
        query("DELETE FROM positions WHERE person_id = $1")
            .bind(person)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        for (unit, title, acting, from, until) in &after {
            query("INSERT INTO positions (person_id, unit_id, title, acting, from_date, until_date) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(person)
                .bind(unit)
                .bind(title)
                .bind(acting)
                .bind(from)
                .bind(until)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        let before_json = (!before.is_empty()).then(|| to_json(&before));
        audit(
            tx,
            actor,
            Some(office),
            "positions",
            Some(person.to_string()),
            "replace",
            before_json,
            Some(to_json(&after)),
            why,
        )
        .await?;
    }
    Ok(())
}

/// Category scales, created or updated by code.
#[allow(clippy::too_many_arguments)]
async fn scales<C: Conn + ?Sized>(
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
            let action = if before.is_some() { "update" } else { "create" };
            audit(
                tx,
                actor,
                office,
                "scale",
                Some(scale.code.clone()),
                action,
                before.as_ref().map(to_json),
                Some(to_json(scale)),
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
async fn ordinal_scales<C: Conn + ?Sized>(
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
            let action = if before.is_some() { "update" } else { "create" };
            let before = before.map(|(_, s)| to_json(&s));
            audit(
                tx,
                actor,
                office,
                "ordinal_scale",
                Some(scale.code.clone()),
                action,
                before,
                Some(to_json(scale)),
                why,
            )
            .await?;
        }
        summary.ordinal_scales += 1;
    }
    Ok(())
}

/// Each office's Renstra, replaced.
#[allow(clippy::too_many_arguments)]
async fn renstra<C: Conn + ?Sized>(
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

/// Unit plans: each replaces the unit's year. Returns the cascade links to make once every
/// indicator of the dataset exists.
#[allow(clippy::too_many_arguments)]
async fn plans<C: Conn + ?Sized>(
    tx: &mut C,
    actor: &Actor,
    ds: &Dataset,
    why: Option<&str>,
    summary: &mut DatasetSummary,
    ids: &mut Ids,
) -> Result<Links> {
    let mut new_indicators: HashMap<(i64, i64), Vec<(String, i64)>> = HashMap::new();
    let mut links: Vec<Link> = Vec::new();
    let mut objective_links: Vec<Link> = Vec::new();
    for p in &ds.plans {
        let office = office_id(tx, &mut ids.offices, &p.office).await?;
        let unit = keyed_id(tx, &mut ids.units, "units", "unit", office, &p.unit).await?;
        let year = i64::from(p.year);
        let place = format!("{}/{}", p.unit, p.year);
        let (bo, bi, br) = plan_counts(tx, unit, year).await?;
        clear_unit_year(tx, unit, year).await?;
        let mut signed: Vec<Option<String>> = Vec::with_capacity(2);
        for s in [&p.pk_signed, &p.rak_signed] {
            signed.push(match s {
                None => None,
                Some(s) => Some(to_json(&signature(tx, &mut ids.people, office, s).await?)),
            });
        }
        insert_unit_year(tx, unit, year, p, &signed).await?;
        for (i, b) in p.budget.iter().enumerate() {
            insert_budget_line(tx, unit, year, i as i64, b).await?;
            summary.budget_lines += 1;
        }
        let mut realisation_rows: Vec<(i64, &kinerja_store::RealisationDraft)> = Vec::new();
        for (oi, o) in p.objectives.iter().enumerate() {
            let objective: i64 =
                query_scalar("INSERT INTO objectives (unit_id, year, ord, text) VALUES ($1, $2, $3, $4) RETURNING id")
                    .bind(unit)
                    .bind(year)
                    .bind(oi as i64)
                    .bind(&o.text)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(db_err)?;
            summary.objectives += 1;
            for (ii, ind) in o.indicators.iter().enumerate() {
                let id = insert_indicator(tx, objective, ii as i64, ind).await?;
                summary.indicators += 1;
                new_indicators
                    .entry((unit, year))
                    .or_default()
                    .push((normalise_text(&ind.text), id));
                if let Some(link) = &ind.supports {
                    links.push((office, id, p.year, link.unit.clone(), link.indicator.clone()));
                }
                if let Some(link) = &ind.supports_objective {
                    objective_links.push((office, id, p.year, link.unit.clone(), link.objective.clone()));
                }
                for (ai, a) in ind.actions.iter().enumerate() {
                    let executor_unit = match &a.executor_unit {
                        Some(code) => Some(keyed_id(tx, &mut ids.units, "units", "unit", office, code).await?),
                        None => None,
                    };
                    insert_action(tx, id, ai as i64, a, executor_unit).await?;
                    summary.actions += 1;
                }
                let mut seen = HashSet::new();
                for r in &ind.realisations {
                    if !seen.insert(r.period) {
                        return Err(invalid(format!(
                            "{place}: indicator '{}' has two realisations for {}",
                            ind.text, r.period
                        )));
                    }
                    realisation_rows.push((id, r));
                }
            }
        }
        insert_realisations(tx, &realisation_rows).await?;
        summary.realisations += realisation_rows.len();
        let (ao, ai, ar) = plan_counts(tx, unit, year).await?;
        let before =
            (bo + bi + br > 0).then(|| format!(r#"{{"objectives":{bo},"indicators":{bi},"realisations":{br}}}"#));
        let after = format!(r#"{{"objectives":{ao},"indicators":{ai},"realisations":{ar}}}"#);
        let action = if before.is_some() { "replace" } else { "create" };
        audit(
            tx,
            actor,
            Some(office),
            "unit_plan",
            Some(place),
            action,
            before,
            Some(after),
            why,
        )
        .await?;
        summary.plans += 1;
    }
    Ok(Links {
        new_indicators,
        links,
        objective_links,
    })
}

/// Cascade links, now that every indicator of the dataset exists.
#[allow(clippy::too_many_arguments)]
async fn links<C: Conn + ?Sized>(
    tx: &mut C,
    ids: &mut Ids,
    Links {
        new_indicators,
        links,
        objective_links,
    }: Links,
) -> Result<()> {
    // Cascade links, now that every indicator of the dataset exists.
    for (office, id, year, unit_code, text) in links {
        let unit = keyed_id(tx, &mut ids.units, "units", "unit", office, &unit_code).await?;
        let wanted = normalise_text(&text);
        let year = i64::from(year);
        let mut found = new_indicators
            .get(&(unit, year))
            .and_then(|v| v.iter().find(|(t, _)| *t == wanted).map(|(_, id)| *id));
        if found.is_none() {
            let existing: Vec<(i64, String)> = query_as(
                "SELECT i.id, i.text FROM indicators i JOIN objectives o ON o.id = i.objective_id WHERE o.unit_id = $1 AND o.year = $2",
            )
            .bind(unit)
            .bind(year)
            .fetch_all(&mut *tx)
            .await
            .map_err(db_err)?;
            found = existing
                .into_iter()
                .find(|(_, t)| normalise_text(t) == wanted)
                .map(|(id, _)| id);
        }
        let target = found.ok_or_else(|| {
            invalid(format!(
                "cascade link to '{text}' of unit '{unit_code}' in {year}: that unit has no such indicator"
            ))
        })?;
        query("UPDATE indicators SET supports_id = $1 WHERE id = $2")
            .bind(target)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
    }
    for (office, id, year, unit_code, text) in objective_links {
        let unit = keyed_id(tx, &mut ids.units, "units", "unit", office, &unit_code).await?;
        let wanted = normalise_text(&text);
        let candidates: Vec<(i64, String)> =
            query_as("SELECT id, text FROM objectives WHERE unit_id = $1 AND year = $2")
                .bind(unit)
                .bind(i64::from(year))
                .fetch_all(&mut *tx)
                .await
                .map_err(db_err)?;
        let target = candidates.into_iter().find(|(_, t)| normalise_text(t) == wanted).map(|(id, _)| id).ok_or_else(|| {
            invalid(format!("cascade link to objective '{text}' of unit '{unit_code}' in {year}: that unit has no such objective"))
        })?;
        query("UPDATE indicators SET supports_objective_id = $1 WHERE id = $2")
            .bind(target)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

/// Removes a unit's year (its objectives, indicators, actions, realisations, budget lines and
/// the links others made to them) before the dataset's plan replaces it.
async fn clear_unit_year<C: Conn + ?Sized>(tx: &mut C, unit: i64, year: i64) -> Result<()> {
    let under = sql::INDICATORS_OF_UNIT_YEAR;
    for stmt in [
        format!("DELETE FROM realisations WHERE indicator_id IN ({under})"),
        format!("DELETE FROM actions WHERE indicator_id IN ({under})"),
        format!("UPDATE indicators SET supports_id = NULL WHERE supports_id IN ({under})"),
        "UPDATE indicators SET supports_objective_id = NULL WHERE supports_objective_id IN \
         (SELECT id FROM objectives WHERE unit_id = $1 AND year = $2)"
            .to_string(),
        "DELETE FROM indicators WHERE objective_id IN (SELECT id FROM objectives WHERE unit_id = $1 AND year = $2)"
            .to_string(),
        "DELETE FROM objectives WHERE unit_id = $1 AND year = $2".to_string(),
        "DELETE FROM budget_lines WHERE unit_id = $1 AND year = $2".to_string(),
        "DELETE FROM unit_years WHERE unit_id = $1 AND year = $2".to_string(),
    ] {
        query(&stmt)
            .bind(unit)
            .bind(year)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

/// Inserts realisations of new indicators, 500 rows a statement.
async fn insert_realisations<C: Conn + ?Sized>(
    tx: &mut C,
    rows: &[(i64, &kinerja_store::RealisationDraft)],
) -> Result<()> {
    for chunk in rows.chunks(500) {
        let mut q = query(
            "INSERT INTO realisations (indicator_id, period, value_kind, value_raw, status, evidence, obstacles, follow_up, version) VALUES ",
        );
        for (n, (id, r)) in chunk.iter().enumerate() {
            q.push_sql(if n == 0 { "(" } else { ", (" });
            q.push_list([
                Arg::from(*id),
                r.period.to_string().into(),
                r.value.kind().as_str().into(),
                r.value.raw().to_string().into(),
                r.status.code().into(),
                to_json(&r.evidence).into(),
                r.obstacles.clone().into(),
                r.follow_up.clone().into(),
                1_i64.into(),
            ]);
            q.push_sql(")");
        }
        q.execute(&mut *tx).await.map_err(db_err)?;
    }
    Ok(())
}
