//! One change to an office's plan, as the web's planning pages make it: [`SqlStore::edit`]
//! checks it, hands it to the function of its kind (one module per part of the plan) and writes
//! the audit entry of what that function changed.

mod budget;
mod documents;
mod indicators;
mod objectives;
pub(crate) mod restore;

use std::collections::HashSet;

use kinerja_domain::Decimal;
use kinerja_domain::model::*;
use kinerja_store::{Actor, Edited, IndicatorFields, PlanEdit, Result, StoreError};

use crate::db::{Conn, query_as, query_scalar};
use crate::write::*;
use crate::{Backend, SqlStore, db_err};

impl<B: Backend> SqlStore<B> {
    pub(crate) async fn edit(
        &self,
        actor: &Actor,
        office: OfficeId,
        edit: &kinerja_store::PlanEdit,
        reason: &str,
    ) -> Result<kinerja_store::Edited> {
        let office = office.0;
        kinerja_store::validate::plan_edit(edit)?;
        kinerja_store::validate::reason(reason)?;

        let mut tx = self.begin().await?;
        let Change {
            entity,
            entity_id,
            action,
            before,
            after,
            edited,
        } = match edit {
            PlanEdit::AddObjective { unit, year, text } => {
                objectives::add_objective(&mut tx, office, unit, year, text).await?
            }
            PlanEdit::UpdateObjective { id, text } => {
                objectives::update_objective(&mut tx, office, &id.0, text).await?
            }
            PlanEdit::DeleteObjective { id } => objectives::delete_objective(&mut tx, office, &id.0).await?,
            PlanEdit::AddIndicator { objective, fields } => {
                indicators::add_indicator(&mut tx, office, objective, fields).await?
            }
            PlanEdit::UpdateIndicator { id, version, fields } => {
                indicators::update_indicator(&mut tx, office, &id.0, version, fields).await?
            }
            PlanEdit::DeleteIndicator { id, version } => {
                indicators::delete_indicator(&mut tx, office, &id.0, version).await?
            }
            PlanEdit::SetBudgetRealised { unit, year, realised } => {
                budget::set_budget_realised(&mut tx, office, unit, year, realised).await?
            }
            PlanEdit::SetBudgetLinks { unit, year, links } => {
                budget::set_budget_links(&mut tx, office, unit, year, links).await?
            }
            PlanEdit::SignPk { unit, year, signature } => {
                budget::sign_pk(&mut tx, office, unit, year, signature).await?
            }
            PlanEdit::ReplaceRenstra { read, renstra } => {
                documents::replace_renstra(&mut tx, office, read, renstra).await?
            }
            PlanEdit::Restore { audit } => restore::restore(&mut tx, office, *audit).await?,
            PlanEdit::ReplaceActions { unit, year, read, rows } => {
                documents::replace_actions(&mut tx, office, unit, year, read, rows).await?
            }
        };
        audit(
            &mut tx,
            actor,
            Some(office),
            entity,
            Some(entity_id),
            action,
            before,
            after,
            Some(reason),
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(edited)
    }
}

/// What an edit changed, for its audit entry.
pub(super) struct Change {
    entity: &'static str,
    entity_id: String,
    action: &'static str,
    before: Option<String>,
    after: Option<String>,
    edited: Edited,
}

pub(super) fn change(
    entity: &'static str,
    entity_id: String,
    action: &'static str,
    before: Option<String>,
    after: Option<String>,
    edited: Edited,
) -> Result<Change> {
    Ok(Change {
        entity,
        entity_id,
        action,
        before,
        after,
        edited,
    })
}

/// The unit exists and is the office's; otherwise it is "not found" (an id of another office
/// reveals nothing).
pub(super) async fn unit_of_office<C: Conn + ?Sized>(tx: &mut C, unit: i64, office: i64) -> Result<()> {
    let owner: Option<i64> = query_scalar("SELECT office_id FROM units WHERE id = $1")
        .bind(unit)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
    if owner != Some(office) {
        return Err(not_found("unit", unit));
    }
    Ok(())
}

pub(super) fn not_found(entity: &'static str, id: i64) -> StoreError {
    StoreError::NotFound {
        entity,
        key: id.to_string(),
    }
}

/// A text as stored: trimmed, and not empty.
pub(super) fn text_of(s: &str) -> Result<String> {
    let t = s.trim();
    if t.is_empty() {
        Err(invalid("the text is empty".into()))
    } else {
        Ok(t.to_string())
    }
}

// (office, unit, year) of an objective, and of an indicator with its version.
pub(super) async fn objective_at<C: Conn + ?Sized>(tx: &mut C, id: i64) -> Result<Option<(i64, i64, i64)>> {
    query_as::<(i64, i64, i64)>("SELECT u.office_id, o.unit_id, CAST(o.year AS BIGINT) FROM objectives o JOIN units u ON u.id = o.unit_id WHERE o.id = $1")
        .bind(id).fetch_optional(&mut *tx).await.map_err(db_err)
}
pub(super) async fn indicator_at<C: Conn + ?Sized>(tx: &mut C, id: i64) -> Result<Option<(i64, i64, i64, i64)>> {
    query_as::<(i64, i64, i64, i64)>(
        "SELECT u.office_id, o.unit_id, CAST(o.year AS BIGINT), i.version FROM indicators i JOIN objectives o ON o.id = i.objective_id JOIN units u ON u.id = o.unit_id WHERE i.id = $1",
    )
    .bind(id).fetch_optional(&mut *tx).await.map_err(db_err)
}
pub(super) async fn check_fields<C: Conn + ?Sized>(
    tx: &mut C,
    office: i64,
    unit: i64,
    year: i64,
    me: Option<IndicatorId>,
    f: &IndicatorFields,
) -> Result<()> {
    if f.text.trim().is_empty() {
        return Err(StoreError::Invalid("the indicator's text is empty".into()));
    }
    if let Some(cap) = f.settings.cap
        && cap <= Decimal::ZERO
    {
        return Err(StoreError::Invalid(format!("the cap must be above 0%, not {cap}%")));
    }
    let mut seen = HashSet::new();
    for (p, _) in &f.period_targets {
        if !seen.insert(*p) {
            return Err(StoreError::Invalid(format!("two targets for {p}")));
        }
    }
    if let Some(sup) = f.supports {
        if Some(sup) == me {
            return Err(StoreError::Invalid("an indicator cannot support itself".into()));
        }
        let Some((o, u, y, _)) = indicator_at(tx, sup.0).await? else {
            return Err(StoreError::Invalid(format!(
                "the supported indicator {sup} does not exist"
            )));
        };
        if o != office || y != year {
            return Err(StoreError::Invalid(
                "the supported indicator must be of this office and year".into(),
            ));
        }
        // The supported indicator's unit must be above this one.
        let mut at = Some(unit);
        let mut above = false;
        while let Some(current) = at {
            let parent: Option<i64> = query_scalar("SELECT parent_id FROM units WHERE id = $1")
                .bind(current)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?
                .flatten();
            if parent == Some(u) {
                above = true;
                break;
            }
            at = parent;
        }
        if !above {
            return Err(StoreError::Invalid(
                "an indicator supports an indicator of a unit above its own".into(),
            ));
        }
    }
    Ok(())
}
