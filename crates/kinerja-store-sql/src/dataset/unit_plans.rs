//! A dataset's unit plans, each replacing its unit's year, and the cascade links made once every indicator exists.

use super::*;

/// A cascade link to make: (office, the linking indicator or objective, year, the unit code and
/// text of what it supports).
pub(crate) type Link = (i64, i64, Year, String, String);

/// The cascade links of the unit plans written, made once every indicator exists.
pub(crate) struct Links {
    /// The indicators each unit plan created, by (office, unit): (text, id).
    new_indicators: HashMap<(i64, i64), Vec<(String, i64)>>,
    links: Vec<Link>,
    objective_links: Vec<Link>,
}

/// Unit plans: each replaces the unit's year. Returns the cascade links to make once every
/// indicator of the dataset exists.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn plans<C: Conn + ?Sized>(
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
pub(crate) async fn links<C: Conn + ?Sized>(
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
pub(crate) async fn clear_unit_year<C: Conn + ?Sized>(tx: &mut C, unit: i64, year: i64) -> Result<()> {
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
pub(crate) async fn insert_realisations<C: Conn + ?Sized>(
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
