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
