//! [`AuditStore`]: the audit log and data versions.

use async_trait::async_trait;
use kinerja_domain::model::*;
use kinerja_store::{Actor, AuditEntry, AuditStore, Result, StoreError};

use crate::db::{query_as, query_scalar};
use crate::rows::*;
use crate::write::*;
use crate::{Backend, SqlStore, db_err, sql};

#[async_trait]
impl<B: Backend> AuditStore for SqlStore<B> {
    async fn audit_log(&self, office: Option<OfficeId>, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows = match office {
            Some(o) => {
                query_as::<AuditRow>(&format!(
                    "SELECT {} FROM audit_log WHERE office_id = $1 ORDER BY id DESC LIMIT $2",
                    sql::AUDIT_COLUMNS
                ))
                .bind(o)
                .bind(limit)
                .fetch_all(&mut self.read().await?)
                .await
            }
            None => {
                query_as::<AuditRow>(&format!(
                    "SELECT {} FROM audit_log ORDER BY id DESC LIMIT $1",
                    sql::AUDIT_COLUMNS
                ))
                .bind(limit)
                .fetch_all(&mut self.read().await?)
                .await
            }
        }
        .map_err(db_err)?;
        Ok(rows.into_iter().map(AuditRow::into_domain).collect())
    }

    async fn audit_search(&self, q: &kinerja_store::AuditQuery) -> Result<Vec<AuditEntry>> {
        use crate::db::Arg;
        // Each condition with its `?` numbered as the arguments go.
        let mut clauses: Vec<String> = Vec::new();
        let mut args: Vec<Arg> = Vec::new();
        let mut cond = |sql: &str, values: Vec<Arg>| {
            let mut text = String::new();
            let mut values = values.into_iter();
            for (n, part) in sql.split('?').enumerate() {
                if n > 0 {
                    args.extend(values.next());
                    text.push_str(&format!("${}", args.len()));
                }
                text.push_str(part);
            }
            clauses.push(text);
        };
        if let Some(o) = q.office {
            cond("office_id = ?", vec![o.into()]);
        }
        if !q.entities.is_empty() {
            let marks = vec!["?"; q.entities.len()].join(", ");
            cond(
                &format!("entity IN ({marks})"),
                q.entities.iter().map(|e| e.as_str().into()).collect(),
            );
        }
        if !q.records.is_empty() {
            let records = &q.records[..q.records.len().min(500)];
            let each = vec!["(entity = ? AND entity_id = ?)"; records.len()].join(" OR ");
            cond(
                &format!("({each})"),
                records
                    .iter()
                    .flat_map(|(e, id)| [e.as_str().into(), id.as_str().into()])
                    .collect(),
            );
        }
        if let Some(prefix) = &q.entity_id_prefix {
            // Its first characters, not LIKE: a prefix holding % or _ means itself, and no
            // collation orders it differently on the two databases.
            cond(
                "substr(entity_id, 1, length(?)) = ?",
                vec![prefix.as_str().into(), prefix.as_str().into()],
            );
        }
        if let Some(actor) = &q.actor {
            cond("actor = ?", vec![actor.as_str().into()]);
        }
        if let Some(from) = q.from {
            cond("at >= ?", vec![from.to_string().into()]);
        }
        if let Some(to) = q.to.and_then(|d| d.plus_days(1)) {
            cond("at < ?", vec![to.to_string().into()]);
        }
        if let Some(before) = q.before {
            cond("id < ?", vec![before.into()]);
        }
        args.push(q.limit.clamp(0, 500).into());
        let filter = if clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", clauses.join(" AND "))
        };
        let sql = format!(
            "SELECT {} FROM audit_log{filter} ORDER BY id DESC LIMIT ${}",
            sql::AUDIT_COLUMNS,
            args.len()
        );
        let mut statement = query_as::<AuditRow>(&sql);
        for a in args {
            statement = statement.bind(a);
        }
        let rows = statement.fetch_all(&mut self.read().await?).await.map_err(db_err)?;
        Ok(rows.into_iter().map(AuditRow::into_domain).collect())
    }

    async fn restored(&self, audit_ids: &[i64]) -> Result<Vec<i64>> {
        let mut out = Vec::new();
        for chunk in audit_ids.chunks(200) {
            let marks = (1..=chunk.len())
                .map(|n| format!("${n}"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut statement =
                query_scalar::<i64>(&format!("SELECT audit_id FROM restores WHERE audit_id IN ({marks})"));
            for id in chunk {
                statement = statement.bind(*id);
            }
            out.extend(statement.fetch_all(&mut self.read().await?).await.map_err(db_err)?);
        }
        Ok(out)
    }

    async fn record(
        &self,
        actor: &Actor,
        office: Option<OfficeId>,
        entity: &str,
        entity_id: Option<&str>,
        action: &str,
        reason: &str,
    ) -> Result<()> {
        kinerja_store::validate::reason(reason)?;
        let mut tx = self.begin().await?;
        audit(
            &mut tx,
            actor,
            office.map(|o| o.0),
            entity,
            entity_id.map(String::from),
            action,
            None,
            None,
            Some(reason),
        )
        .await?;
        tx.commit().await.map_err(db_err)
    }

    async fn data_versions(&self) -> Result<kinerja_store::DataVersions> {
        let rows: Vec<(i64, i64)> = query_as("SELECT id, data_version FROM offices")
            .fetch_all(&mut self.read().await?)
            .await
            .map_err(db_err)?;
        let latest: Option<i64> = query_scalar("SELECT MAX(id) FROM audit_log")
            .fetch_one(&mut self.read().await?)
            .await
            .map_err(db_err)?;
        Ok(kinerja_store::DataVersions {
            latest: latest.unwrap_or(0),
            offices: rows.into_iter().map(|(o, v)| (OfficeId(o), v)).collect(),
        })
    }

    async fn office_version(&self, office: OfficeId) -> Result<i64> {
        let office = office.0;
        let v: Option<i64> = query_scalar("SELECT data_version FROM offices WHERE id = $1")
            .bind(office)
            .fetch_optional(&mut self.read().await?)
            .await
            .map_err(db_err)?;
        v.ok_or_else(|| StoreError::NotFound {
            entity: "office",
            key: office.to_string(),
        })
    }

    async fn latest_change(&self) -> Result<i64> {
        let latest: Option<i64> = query_scalar("SELECT MAX(id) FROM audit_log")
            .fetch_one(&mut self.read().await?)
            .await
            .map_err(db_err)?;
        Ok(latest.unwrap_or(0))
    }

    async fn office_list_version(&self) -> Result<i64> {
        let latest: Option<i64> = query_scalar("SELECT MAX(id) FROM audit_log WHERE entity = 'office'")
            .fetch_one(&mut self.read().await?)
            .await
            .map_err(db_err)?;
        Ok(latest.unwrap_or(0))
    }
}
