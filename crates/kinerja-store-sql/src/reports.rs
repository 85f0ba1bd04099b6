//! [`ReportStore`]: the LKj's narratives.

use async_trait::async_trait;
use kinerja_domain::model::*;
use kinerja_store::{Actor, ReportStore, Result, StoreError, clock};

use crate::db::{query, query_as, query_scalar};
use crate::rows::*;
use crate::write::*;
use crate::{Backend, SqlStore, db_err};

#[async_trait]
impl<B: Backend> ReportStore for SqlStore<B> {
    async fn narratives(&self, office: OfficeId, year: Year) -> Result<Vec<kinerja_store::Narrative>> {
        let office = office.0;
        let rows: Vec<(String, String, String, String)> = query_as(
            "SELECT key, body, updated_by, updated_at FROM narratives WHERE office_id = $1 AND year = $2 ORDER BY key",
        )
        .bind(office)
        .bind(year)
        .fetch_all(&mut self.read().await?)
        .await
        .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|(key, body, updated_by, updated_at)| kinerja_store::Narrative {
                key,
                body,
                updated_by,
                updated_at,
            })
            .collect())
    }

    async fn set_narratives(
        &self,
        actor: &Actor,
        office: OfficeId,
        year: Year,
        texts: &[(String, String)],
        reason: &str,
    ) -> Result<Vec<kinerja_store::Narrative>> {
        let office = office.0;
        for (key, body) in texts {
            kinerja_store::validate::text(kinerja_domain::input::Field::Code, key)?;
            kinerja_store::validate::text(kinerja_domain::input::Field::Narrative, body)?;
        }
        kinerja_store::validate::reason(reason)?;
        // Every text is checked before the transaction begins: all are written or none.
        let mut clean = Vec::with_capacity(texts.len());
        for (key, body) in texts {
            let key = key.trim();
            if key.is_empty() || key.len() > 100 {
                return Err(invalid(format!("narrative key {key:?}: 1 to 100 characters")));
            }
            let body = body.trim().replace("\r\n", "\n");
            let chars = body.chars().count();
            if chars > kinerja_store::NARRATIVE_MAX_CHARS {
                return Err(invalid(format!(
                    "the text for {key} has {chars} characters; at most {}",
                    kinerja_store::NARRATIVE_MAX_CHARS
                )));
            }
            clean.push((key.to_string(), body));
        }
        let mut tx = self.begin().await?;
        let exists: Option<i64> = query_scalar("SELECT id FROM offices WHERE id = $1")
            .bind(office)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        if exists.is_none() {
            return Err(StoreError::NotFound {
                entity: "office",
                key: office.to_string(),
            });
        }
        let at = clock::now_rfc3339();
        for (key, body) in &clean {
            let before: Option<String> =
                query_scalar("SELECT body FROM narratives WHERE office_id = $1 AND year = $2 AND key = $3")
                    .bind(office)
                    .bind(year)
                    .bind(key)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_err)?;
            if before.as_deref() == Some(body.as_str()) || (before.is_none() && body.is_empty()) {
                continue;
            }
            if body.is_empty() {
                query("DELETE FROM narratives WHERE office_id = $1 AND year = $2 AND key = $3")
                    .bind(office)
                    .bind(year)
                    .bind(key)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_err)?;
            } else {
                query(
                    "INSERT INTO narratives (office_id, year, key, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (office_id, year, key) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                )
                .bind(office)
                .bind(year)
                .bind(key)
                .bind(body)
                .bind(&actor.name)
                .bind(&at)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            }
            let after = (!body.is_empty()).then(|| body.clone());
            audit(
                &mut tx,
                actor,
                Some(office),
                "narrative",
                Some(format!("{year}/{key}")),
                "set",
                before.map(|b| to_json(&b)),
                after.map(|a| to_json(&a)),
                Some(reason),
            )
            .await?;
        }
        tx.commit().await.map_err(db_err)?;
        self.narratives(OfficeId(office), year).await
    }

    async fn freeze_document(
        &self,
        actor: &Actor,
        new: &kinerja_store::NewFrozen,
        reason: &str,
    ) -> Result<kinerja_store::FrozenDocument> {
        self.insert_frozen(actor, new, reason).await
    }

    async fn frozen_documents(
        &self,
        office: OfficeId,
        year: Option<Year>,
    ) -> Result<Vec<kinerja_store::FrozenDocument>> {
        self.office_frozen(office, year).await
    }

    async fn frozen_document(&self, id: i64) -> Result<Option<kinerja_store::FrozenDocument>> {
        self.one_frozen(id).await
    }

    async fn frozen_by_code(&self, code: &str) -> Result<Option<kinerja_store::FrozenDocument>> {
        self.frozen_with_code(code).await
    }

    async fn frozen_pdf(&self, id: i64, signed: bool) -> Result<Option<Vec<u8>>> {
        self.frozen_bytes(id, signed).await
    }

    async fn attach_signed(
        &self,
        actor: &Actor,
        id: i64,
        pdf: &[u8],
        sha256: &str,
        signature: &str,
        reason: &str,
    ) -> Result<kinerja_store::FrozenDocument> {
        self.sign_frozen(actor, id, pdf, sha256, signature, reason).await
    }

    async fn set_published(
        &self,
        actor: &Actor,
        id: i64,
        published: bool,
        reason: &str,
    ) -> Result<kinerja_store::FrozenDocument> {
        self.publish_frozen(actor, id, published, reason).await
    }
}
