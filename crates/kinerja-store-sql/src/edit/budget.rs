use kinerja_domain::Decimal;
use kinerja_domain::model::*;
use kinerja_store::{Edited, Result};

use super::{Change, change, unit_of_office};
use crate::db::{Conn, query, query_as, query_scalar};
use crate::db_err;
use crate::rows::*;
use crate::write::*;

pub(super) async fn set_budget_realised<C: Conn + ?Sized>(
    tx: &mut C,
    office: i64,
    unit: &UnitId,
    year: &Year,
    realised: &[(i32, Option<Decimal>)],
) -> Result<Change> {
    let unit = &unit.0;
    unit_of_office(tx, *unit, office).await?;
    let lines: Vec<(i64, String, String, Option<String>)> =
        query_as("SELECT ord, name, ceiling, realised FROM budget_lines WHERE unit_id = $1 AND year = $2 ORDER BY ord")
            .bind(unit)
            .bind(year)
            .fetch_all(&mut *tx)
            .await
            .map_err(db_err)?;
    for (ord, value) in realised {
        let Some((_, name, _, _)) = lines.iter().find(|(o, ..)| *o == i64::from(*ord)) else {
            return Err(invalid(format!(
                "budget line {ord} does not exist for this unit and year"
            )));
        };
        if value.is_some_and(|v| v < Decimal::ZERO) {
            return Err(invalid(format!("{name}: the realisation cannot be negative")));
        }
        query("UPDATE budget_lines SET realised = $4 WHERE unit_id = $1 AND year = $2 AND ord = $3")
            .bind(unit)
            .bind(year)
            .bind(i64::from(*ord))
            .bind(value.map(|v| v.to_string()))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
    }
    let after: Vec<(i32, Option<String>)> = realised.iter().map(|(o, v)| (*o, v.map(|v| v.to_string()))).collect();
    change(
        "budget",
        format!("{unit}/{year}"),
        "set_realised",
        Some(to_json(&lines)),
        Some(to_json(&after)),
        Edited { id: *unit },
    )
}

pub(super) async fn set_budget_links<C: Conn + ?Sized>(
    tx: &mut C,
    office: i64,
    unit: &UnitId,
    year: &Year,
    links: &[(i32, Vec<IndicatorId>)],
) -> Result<Change> {
    let unit = &unit.0;
    unit_of_office(tx, *unit, office).await?;
    // The unit and every unit below it: a programme of the commission
    // funds the indicators its sub-sections carry too.
    let units: Vec<(i64, Option<i64>)> = query_as("SELECT id, parent_id FROM units WHERE office_id = $1")
        .bind(office)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?;
    let mut subtree = vec![*unit];
    let mut k = 0;
    while k < subtree.len() && subtree.len() <= units.len() {
        let parent = subtree[k];
        subtree.extend(units.iter().filter(|(_, p)| *p == Some(parent)).map(|(id, _)| *id));
        k += 1;
    }
    let lines: Vec<(i64, String, Option<String>)> =
        query_as("SELECT ord, name, indicators FROM budget_lines WHERE unit_id = $1 AND year = $2 ORDER BY ord")
            .bind(unit)
            .bind(year)
            .fetch_all(&mut *tx)
            .await
            .map_err(db_err)?;
    for (ord, indicators) in links {
        let Some((_, name, _)) = lines.iter().find(|(o, ..)| *o == i64::from(*ord)) else {
            return Err(invalid(format!(
                "budget line {ord} does not exist for this unit and year"
            )));
        };
        for id in indicators {
            let of: Option<(i64, i64)> = query_as(
                "SELECT o.unit_id, o.year FROM indicators i JOIN objectives o ON o.id = i.objective_id WHERE i.id = $1",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
            match of {
                Some((u, y)) if subtree.contains(&u) && y == i64::from(*year) => {}
                _ => {
                    return Err(invalid(format!(
                        "{name}: indicator {id} is not of this unit (or one below it) in {year}"
                    )));
                }
            }
        }
        let mut ids = indicators.clone();
        ids.sort_unstable();
        ids.dedup();
        let stored = (!ids.is_empty()).then(|| to_json(&ids));
        query("UPDATE budget_lines SET indicators = $4 WHERE unit_id = $1 AND year = $2 AND ord = $3")
            .bind(unit)
            .bind(year)
            .bind(i64::from(*ord))
            .bind(stored)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
    }
    let before: Vec<(i64, Option<String>)> = lines.iter().map(|(o, _, i)| (*o, i.clone())).collect();
    change(
        "budget",
        format!("{unit}/{year}"),
        "set_links",
        Some(to_json(&before)),
        Some(to_json(links)),
        Edited { id: *unit },
    )
}

pub(super) async fn sign_pk<C: Conn + ?Sized>(
    tx: &mut C,
    office: i64,
    unit: &UnitId,
    year: &Year,
    signature: &Signature,
) -> Result<Change> {
    let unit = &unit.0;
    unit_of_office(tx, *unit, office).await?;
    // Pihak Pertama is of the office; Pihak Kedua of the office or of the
    // office above it (the province's Ketua signs the commission's PK).
    let parent: Option<i64> = query_scalar("SELECT parent_id FROM offices WHERE id = $1")
        .bind(office)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?
        .flatten();
    for (person, may_be_above) in [(signature.first, false), (signature.second, true)] {
        let Some(person) = person else { continue };
        let of: Option<i64> = query_scalar("SELECT office_id FROM people WHERE id = $1")
            .bind(person)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        if of != Some(office) && !(may_be_above && of.is_some() && of == parent) {
            return Err(invalid(format!(
                "person {person} is not of this office{}",
                if may_be_above { " or the office above it" } else { "" }
            )));
        }
    }
    if signature.date.is_none() || signature.first.is_none() {
        return Err(invalid(
            "a signature needs its date and the unit head (Pihak Pertama)".into(),
        ));
    }
    if let Some(d) = signature
        .date
        .filter(|d| d.year() > year.get() || d.year() < year.get() - 1)
    {
        return Err(invalid(format!(
            "a PK of {year} is signed in {} or {year}, not on {d}",
            year.get() - 1
        )));
    }
    let before: Option<(bool, Option<String>)> =
        query_as("SELECT has_pk, pk_signed FROM unit_years WHERE unit_id = $1 AND year = $2")
            .bind(unit)
            .bind(year)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
    let Some((true, before)) = before else {
        return Err(invalid(format!("the unit has no PK for {year} to sign")));
    };
    let after = to_json(signature);
    query("UPDATE unit_years SET pk_signed = $3 WHERE unit_id = $1 AND year = $2")
        .bind(unit)
        .bind(year)
        .bind(&after)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    change(
        "pk_signature",
        format!("{unit}/{year}"),
        "sign",
        before,
        Some(after),
        Edited { id: *unit },
    )
}
