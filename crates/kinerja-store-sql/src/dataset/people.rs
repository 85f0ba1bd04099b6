//! A dataset's people and their positions, created or updated by code.

use super::*;

/// People, created or updated by code within their office.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn people<C: Conn + ?Sized>(
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
            id: PersonId(0),
            office: OfficeId(office),
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
            person.id = PersonId(
                query_scalar(
                    "INSERT INTO people (office_id, code, name, nip) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (office_id, code) DO UPDATE SET name = excluded.name, nip = excluded.nip RETURNING id",
                )
                .bind(office)
                .bind(&person.code)
                .bind(&person.name)
                .bind(&person.nip)
                .fetch_one(&mut *tx)
                .await
                .map_err(db_err)?,
            );
            audit_upsert(
                tx,
                actor,
                Some(office),
                "person",
                &person.code,
                before.as_ref().map(to_json),
                &person,
                why,
            )
            .await?;
        }
        ids.people.insert((office, person.code.clone()), person.id.0);
        summary.people += 1;
    }
    Ok(())
}

/// Positions: each person named in the dataset gets exactly the positions listed.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn positions<C: Conn + ?Sized>(
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
