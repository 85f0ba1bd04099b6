//! [`MonitoringStore`]: realisations and their workflow, action progress, comments, evidence, deadlines.

use std::collections::HashSet;

use async_trait::async_trait;
use kinerja_domain::model::*;
use kinerja_domain::value::ParseContext;
use kinerja_domain::workflow::{self, Transition};
use kinerja_store::{Actor, MonitoringStore, Owner, RealisationInput, Result, StoreError, clock};

use crate::db::{Arg, Conn, query, query_as, query_scalar};
use crate::rows::*;
use crate::write::*;
use crate::{Backend, SqlStore, db_err, sql};
mod saves;
use saves::*;

#[async_trait]
impl<B: Backend> MonitoringStore for SqlStore<B> {
    async fn save_realisation(
        &self,
        actor: &Actor,
        input: &RealisationInput,
        expected_version: Option<i64>,
        reason: Option<&str>,
    ) -> Result<Realisation> {
        kinerja_store::validate::realisation(input)?;
        kinerja_store::validate::opt(kinerja_domain::input::Field::Reason, reason)?;
        let mut tx = self.begin().await?;
        let office: Option<i64> = query_scalar(
            "SELECT u.office_id FROM indicators i JOIN objectives o ON o.id = i.objective_id JOIN units u ON u.id = o.unit_id WHERE i.id = $1",
        )
        .bind(input.indicator)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let office = office.ok_or_else(|| StoreError::NotFound {
            entity: "indicator",
            key: input.indicator.to_string(),
        })?;
        let period = input.period.to_string();
        let existing = query_as::<RealisationRow>(&sql::realisation_by_period())
            .bind(input.indicator)
            .bind(&period)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let saved = match existing {
            Some(row) => update(&mut tx, actor, office, row, input, expected_version, reason).await?,
            None => insert(&mut tx, actor, office, input, expected_version, reason).await?,
        };
        evidence_files(&mut tx, office, input).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(saved)
    }

    async fn transition_realisation_telling(
        &self,
        actor: &Actor,
        id: RealisationId,
        expected_version: i64,
        transition: &Transition,
        tell: &[i64],
    ) -> Result<Realisation> {
        if let Transition::Return { reason } | Transition::Reopen { reason } = transition {
            kinerja_store::validate::reason(reason)?;
        }
        let mut tx = self.begin().await?;
        let row = realisation_row(&mut tx, id.0).await?;
        let office = row.office_id;
        let grades = grade_context(&mut tx, office).await?;
        let before = row.into_domain(&ParseContext {
            ordinal_scales: &grades,
        })?;
        if before.version != expected_version {
            return Err(StoreError::Conflict {
                entity: "realisation",
                id: id.0,
                expected: expected_version,
                current: before.version,
            });
        }
        let status = workflow::apply(before.status, transition).map_err(|e| invalid(e.0.en))?;
        let (return_reason, reason) = match transition {
            Transition::Return { reason } => (Some(reason.clone()), Some(reason.as_str())),
            Transition::Reopen { reason } => (before.return_reason.clone(), Some(reason.as_str())),
            _ => (before.return_reason.clone(), None),
        };
        let after = Realisation {
            status,
            return_reason,
            version: before.version + 1,
            ..before.clone()
        };
        let done = query("UPDATE realisations SET status = $3, return_reason = $4, version = version + 1 WHERE id = $1 AND version = $2")
            .bind(id)
            .bind(before.version)
            .bind(after.status.code())
            .bind(&after.return_reason)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict {
                entity: "realisation",
                id: id.0,
                expected: before.version,
                current: before.version + 1,
            });
        }
        let entity_id = format!("{}/{}", before.indicator, before.period);
        audit(
            &mut tx,
            actor,
            Some(office),
            "realisation",
            Some(entity_id),
            transition.code(),
            Some(to_json(&before)),
            Some(to_json(&after)),
            reason,
        )
        .await?;
        crate::notices::tell(&mut *tx, actor, id, transition, tell).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(after)
    }

    async fn realisation(
        &self,
        indicator: IndicatorId,
        period: kinerja_domain::period::Period,
    ) -> Result<Option<Realisation>> {
        let row = query_as::<RealisationRow>(&sql::realisation_by_period())
            .bind(indicator)
            .bind(period.to_string())
            .fetch_optional(&mut self.read().await?)
            .await
            .map_err(db_err)?;
        let Some(row) = row else { return Ok(None) };
        let rows = query_as::<OrdinalScaleRow>(sql::ORDINAL_SCALES_FOR)
            .bind(row.office_id)
            .fetch_all(&mut self.read().await?)
            .await
            .map_err(db_err)?;
        let all = rows
            .into_iter()
            .map(OrdinalScaleRow::into_domain)
            .collect::<Result<Vec<_>>>()?;
        let grades = grade_scales(&all, row.office_id);
        Ok(Some(row.into_domain(&ParseContext {
            ordinal_scales: &grades,
        })?))
    }

    async fn realisation_owner(&self, id: RealisationId) -> Result<Option<Owner>> {
        owner(
            &mut self.read().await?,
            "SELECT u.office_id, u.id AS unit_id, i.id AS indicator_id FROM realisations r JOIN indicators i ON i.id = r.indicator_id \
             JOIN objectives o ON o.id = i.objective_id JOIN units u ON u.id = o.unit_id WHERE r.id = $1",
            id.0,
        )
        .await
    }

    async fn action_progress(&self, office: OfficeId, year: Year) -> Result<Vec<kinerja_store::ActionProgress>> {
        let office = office.0;
        let rows: Vec<(i64, String, bool, Option<String>, String, String)> = query_as(
            "SELECT p.action_id, p.period, p.done, p.note, p.updated_by, p.updated_at FROM action_progress p \
             JOIN actions a ON a.id = p.action_id JOIN indicators i ON i.id = a.indicator_id JOIN objectives o ON o.id = i.objective_id \
             JOIN units u ON u.id = o.unit_id WHERE u.office_id = $1 AND +o.year = $2 ORDER BY p.action_id, p.period",
        )
        .bind(office)
        .bind(year)
        .fetch_all(&mut self.read().await?)
        .await
        .map_err(db_err)?;
        rows.into_iter()
            .map(|(action, period, done, note, updated_by, updated_at)| {
                Ok(kinerja_store::ActionProgress {
                    action: ActionId(action),
                    period: period
                        .parse()
                        .map_err(|e| StoreError::Corrupt(format!("action progress {action}: {e}")))?,
                    done,
                    note,
                    updated_by,
                    updated_at,
                })
            })
            .collect()
    }

    async fn set_action_progress(
        &self,
        actor: &Actor,
        action: ActionId,
        period: kinerja_domain::period::Period,
        done: bool,
        note: Option<&str>,
    ) -> Result<kinerja_store::ActionProgress> {
        kinerja_store::validate::opt(kinerja_domain::input::Field::Note, note)?;
        let mut tx = self.begin().await?;
        let office: Option<i64> = query_scalar(
            "SELECT u.office_id FROM actions a JOIN indicators i ON i.id = a.indicator_id JOIN objectives o ON o.id = i.objective_id \
             JOIN units u ON u.id = o.unit_id WHERE a.id = $1",
        )
        .bind(action)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let office = office.ok_or_else(|| StoreError::NotFound {
            entity: "action",
            key: action.to_string(),
        })?;
        let before: Option<(bool, Option<String>)> =
            query_as("SELECT done, note FROM action_progress WHERE action_id = $1 AND period = $2")
                .bind(action)
                .bind(period.to_string())
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
        let note = note.map(str::trim).filter(|n| !n.is_empty()).map(String::from);
        let after = kinerja_store::ActionProgress {
            action,
            period,
            done,
            note: note.clone(),
            updated_by: actor.name.clone(),
            updated_at: clock::now_rfc3339(),
        };
        query(
            "INSERT INTO action_progress (action_id, period, done, note, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (action_id, period) DO UPDATE SET done = excluded.done, note = excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(action)
        .bind(period.to_string())
        .bind(done)
        .bind(&note)
        .bind(&after.updated_by)
        .bind(&after.updated_at)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        audit(
            &mut tx,
            actor,
            Some(office),
            "action_progress",
            Some(format!("{action}/{period}")),
            "set",
            before.map(|b| to_json(&b)),
            Some(to_json(&(done, &note))),
            None,
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(after)
    }

    async fn add_comment(
        &self,
        actor: &Actor,
        indicator: IndicatorId,
        period: kinerja_domain::period::Period,
        body: &str,
    ) -> Result<kinerja_store::Comment> {
        kinerja_store::validate::text(kinerja_domain::input::Field::Comment, body)?;
        let body = body.trim();
        if body.is_empty() {
            return Err(invalid("the comment is empty".into()));
        }
        let mut tx = self.begin().await?;
        let office: Option<i64> = query_scalar(
            "SELECT u.office_id FROM indicators i JOIN objectives o ON o.id = i.objective_id JOIN units u ON u.id = o.unit_id WHERE i.id = $1",
        )
        .bind(indicator)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let office = office.ok_or_else(|| StoreError::NotFound {
            entity: "indicator",
            key: indicator.to_string(),
        })?;
        let at = clock::now_rfc3339();
        let id: i64 = query_scalar(
            "INSERT INTO comments (office_id, indicator_id, period, author, body, at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(office)
        .bind(indicator)
        .bind(period.to_string())
        .bind(&actor.name)
        .bind(body)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        let comment = kinerja_store::Comment {
            id,
            indicator,
            period,
            author: actor.name.clone(),
            body: body.to_string(),
            at,
        };
        audit(
            &mut tx,
            actor,
            Some(office),
            "comment",
            Some(format!("{indicator}/{period}")),
            "create",
            None,
            Some(to_json(&comment)),
            None,
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(comment)
    }

    async fn comments(&self, office: OfficeId) -> Result<Vec<kinerja_store::Comment>> {
        let office = office.0;
        let rows: Vec<(i64, i64, String, String, String, String)> = query_as(
            "SELECT id, indicator_id, period, author, body, at FROM comments WHERE office_id = $1 ORDER BY id",
        )
        .bind(office)
        .fetch_all(&mut self.read().await?)
        .await
        .map_err(db_err)?;
        rows.into_iter()
            .map(|(id, indicator, period, author, body, at)| {
                Ok(kinerja_store::Comment {
                    id,
                    indicator: IndicatorId(indicator),
                    period: period
                        .parse()
                        .map_err(|e| StoreError::Corrupt(format!("comment {id}: {e}")))?,
                    author,
                    body,
                    at,
                })
            })
            .collect()
    }

    async fn evidence_files(&self, names: &[String]) -> Result<Vec<kinerja_store::EvidenceFile>> {
        if names.is_empty() {
            return Ok(vec![]);
        }
        let mut q = query(
            "SELECT name, office_id, indicator_id, period, original_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at \
             FROM evidence_files WHERE name IN (",
        );
        q.push_list(names.iter().map(Arg::from));
        q.push_sql(") ORDER BY uploaded_at, name");
        let rows: Vec<EvidenceRow> = q.decode_as().fetch_all(&mut self.read().await?).await.map_err(db_err)?;
        rows.into_iter().map(EvidenceRow::into_domain).collect()
    }

    async fn deadlines(&self, office: OfficeId, year: Year) -> Result<Vec<kinerja_domain::reporting::Deadline>> {
        let office = office.0;
        let rows: Vec<DeadlineRow> =
            query_as("SELECT period, due FROM report_deadlines WHERE office_id = $1 AND year = $2")
                .bind(office)
                .bind(year)
                .fetch_all(&mut self.read().await?)
                .await
                .map_err(db_err)?;
        let mut out = rows
            .into_iter()
            .map(DeadlineRow::into_domain)
            .collect::<Result<Vec<_>>>()?;
        out.sort_by_key(|d| (d.period.end_month(), d.period));
        Ok(out)
    }

    async fn set_deadlines(
        &self,
        actor: &Actor,
        office: OfficeId,
        year: Year,
        deadlines: &[kinerja_domain::reporting::Deadline],
        reason: &str,
    ) -> Result<Vec<kinerja_domain::reporting::Deadline>> {
        let office = office.0;
        kinerja_store::validate::reason(reason)?;
        let mut seen = HashSet::new();
        for d in deadlines {
            if !seen.insert(d.period) {
                return Err(invalid(format!("deadline for {} given twice", d.period)));
            }
        }
        let mut tx = self.begin().await?;
        let rows: Vec<DeadlineRow> =
            query_as("SELECT period, due FROM report_deadlines WHERE office_id = $1 AND year = $2")
                .bind(office)
                .bind(year)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_err)?;
        let mut before = rows
            .into_iter()
            .map(DeadlineRow::into_domain)
            .collect::<Result<Vec<_>>>()?;
        before.sort_by_key(|d| (d.period.end_month(), d.period));
        query("DELETE FROM report_deadlines WHERE office_id = $1 AND year = $2")
            .bind(office)
            .bind(year)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        for d in deadlines {
            query("INSERT INTO report_deadlines (office_id, year, period, due) VALUES ($1, $2, $3, $4)")
                .bind(office)
                .bind(year)
                .bind(d.period.to_string())
                .bind(d.due.to_string())
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        let mut after = deadlines.to_vec();
        after.sort_by_key(|d| (d.period.end_month(), d.period));
        audit(
            &mut tx,
            actor,
            Some(office),
            "deadlines",
            Some(year.to_string()),
            "set",
            Some(to_json(&before)),
            Some(to_json(&after)),
            Some(reason),
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(after)
    }
}
