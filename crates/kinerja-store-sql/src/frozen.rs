//! Final documents frozen as printed (see [`kinerja_store::ReportStore::freeze_document`]).

use kinerja_domain::model::{OfficeId, Year};
use kinerja_store::{Actor, FrozenDocument, NewFrozen, Result, StoreError, clock};

use crate::db::{query, query_as, query_scalar};
use crate::write::audit;
use crate::{Backend, SqlStore, db_err};

/// The columns of a [`FrozenDocument`].
const COLUMNS: &str = "id, office_id, year, kind, unit_code, title, file_name, code, sha256, frozen_at, frozen_by, signed_sha256, signed_at, signature, published";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    office_id: i64,
    year: i64,
    kind: String,
    unit_code: Option<String>,
    title: String,
    file_name: String,
    code: String,
    sha256: String,
    frozen_at: String,
    frozen_by: String,
    signed_sha256: Option<String>,
    signed_at: Option<String>,
    signature: Option<String>,
    published: bool,
}

impl Row {
    fn document(self) -> Result<FrozenDocument> {
        Ok(FrozenDocument {
            id: self.id,
            office: OfficeId(self.office_id),
            year: Year::new(self.year)
                .ok_or_else(|| StoreError::Database(format!("frozen document {}: year {}", self.id, self.year)))?,
            kind: self.kind,
            unit: self.unit_code,
            title: self.title,
            file_name: self.file_name,
            code: self.code,
            sha256: self.sha256,
            frozen_at: self.frozen_at,
            frozen_by: self.frozen_by,
            signed_sha256: self.signed_sha256,
            signed_at: self.signed_at,
            signature: self.signature,
            published: self.published,
        })
    }
}

impl<B: Backend> SqlStore<B> {
    async fn frozen_where(
        &self,
        condition: &str,
        key: impl FnOnce(crate::db::QueryAs<Row>) -> crate::db::QueryAs<Row>,
    ) -> Result<Vec<FrozenDocument>> {
        let q = query_as::<Row>(format!(
            "SELECT {COLUMNS} FROM frozen_documents WHERE {condition} ORDER BY id DESC"
        ));
        key(q)
            .fetch_all(&mut *self.read().await?)
            .await
            .map_err(db_err)?
            .into_iter()
            .map(Row::document)
            .collect()
    }

    pub(crate) async fn insert_frozen(&self, actor: &Actor, new: &NewFrozen, reason: &str) -> Result<FrozenDocument> {
        kinerja_store::validate::reason(reason)?;
        let mut tx = self.begin().await?;
        let taken: Option<i64> = query_scalar("SELECT id FROM frozen_documents WHERE code = $1")
            .bind(&new.code)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        if taken.is_some() {
            return Err(StoreError::Invalid(format!("verification code {} exists", new.code)));
        }
        let id: i64 = query_scalar(
            "INSERT INTO frozen_documents (office_id, year, kind, unit_code, title, file_name, code, sha256, pdf, frozen_at, frozen_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(new.office.0)
        .bind(i64::from(new.year.get()))
        .bind(&new.kind)
        .bind(&new.unit)
        .bind(&new.title)
        .bind(&new.file_name)
        .bind(&new.code)
        .bind(&new.sha256)
        .bind(&new.pdf)
        .bind(clock::now_rfc3339())
        .bind(&actor.name)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        let after = serde_json::json!({"title": new.title, "code": new.code, "sha256": new.sha256}).to_string();
        audit(
            &mut tx,
            actor,
            Some(new.office.0),
            "frozen_document",
            Some(id.to_string()),
            "freeze",
            None,
            Some(after),
            Some(reason),
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        self.one_frozen(id)
            .await?
            .ok_or_else(|| StoreError::Database("the frozen document vanished".into()))
    }

    pub(crate) async fn one_frozen(&self, id: i64) -> Result<Option<FrozenDocument>> {
        Ok(self.frozen_where("id = $1", |q| q.bind(id)).await?.pop())
    }

    pub(crate) async fn office_frozen(&self, office: OfficeId, year: Option<Year>) -> Result<Vec<FrozenDocument>> {
        match year {
            Some(y) => {
                self.frozen_where("office_id = $1 AND year = $2", |q| {
                    q.bind(office.0).bind(i64::from(y.get()))
                })
                .await
            }
            None => self.frozen_where("office_id = $1", |q| q.bind(office.0)).await,
        }
    }

    pub(crate) async fn frozen_with_code(&self, code: &str) -> Result<Option<FrozenDocument>> {
        Ok(self
            .frozen_where("code = $1", |q| q.bind(code.to_string()))
            .await?
            .pop())
    }

    pub(crate) async fn frozen_bytes(&self, id: i64, signed: bool) -> Result<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>, Option<Vec<u8>>)> =
            query_as("SELECT pdf, signed_pdf FROM frozen_documents WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *self.read().await?)
                .await
                .map_err(db_err)?;
        Ok(row.map(|(pdf, signed_pdf)| match (signed, signed_pdf) {
            (true, Some(s)) => s,
            _ => pdf,
        }))
    }

    /// Changes one frozen document by `sql` (its `$1` the id), audited as `action` with the
    /// fields it sets (`after`, JSON).
    #[allow(clippy::too_many_arguments)]
    async fn change_frozen(
        &self,
        actor: &Actor,
        id: i64,
        action: &str,
        change: impl FnOnce(crate::db::Query) -> crate::db::Query,
        sql: &str,
        after: String,
        reason: &str,
    ) -> Result<FrozenDocument> {
        kinerja_store::validate::reason(reason)?;
        let before = self.one_frozen(id).await?.ok_or_else(|| StoreError::NotFound {
            entity: "frozen document",
            key: id.to_string(),
        })?;
        let mut tx = self.begin().await?;
        change(query(sql).bind(id)).execute(&mut *tx).await.map_err(db_err)?;
        let state = |d: &FrozenDocument| {
            serde_json::json!({"signed_sha256": d.signed_sha256, "signature": d.signature, "published": d.published})
                .to_string()
        };
        audit(
            &mut tx,
            actor,
            Some(before.office.0),
            "frozen_document",
            Some(id.to_string()),
            action,
            Some(state(&before)),
            Some(after),
            Some(reason),
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        self.one_frozen(id)
            .await?
            .ok_or_else(|| StoreError::Database("the frozen document vanished".into()))
    }

    pub(crate) async fn sign_frozen(
        &self,
        actor: &Actor,
        id: i64,
        pdf: &[u8],
        sha256: &str,
        signature: &str,
        reason: &str,
    ) -> Result<FrozenDocument> {
        let now = clock::now_rfc3339();
        let after = serde_json::json!({"signed_sha256": sha256, "signature": signature}).to_string();
        let (pdf, sha256, signature) = (pdf.to_vec(), sha256.to_string(), signature.to_string());
        self.change_frozen(
            actor,
            id,
            "attach_signed",
            move |q| q.bind(pdf).bind(sha256).bind(now).bind(signature),
            "UPDATE frozen_documents SET signed_pdf = $2, signed_sha256 = $3, signed_at = $4, signature = $5 WHERE id = $1",
            after,
            reason,
        )
        .await
    }

    pub(crate) async fn publish_frozen(
        &self,
        actor: &Actor,
        id: i64,
        published: bool,
        reason: &str,
    ) -> Result<FrozenDocument> {
        self.change_frozen(
            actor,
            id,
            if published { "publish" } else { "withdraw" },
            move |q| q.bind(published),
            "UPDATE frozen_documents SET published = $2 WHERE id = $1",
            serde_json::json!({ "published": published }).to_string(),
            reason,
        )
        .await
    }
}
