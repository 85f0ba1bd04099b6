//! The evidence of an office's self-assessment: documents Kinerja holds, named by code, and
//! uploaded files (the [`kinerja_store::EvaluationStore`] evidence methods).

use kinerja_domain::evaluation::Template;
use kinerja_domain::evaluation::evidence::{MAX_PER_CRITERION, document};
use kinerja_domain::model::{OfficeId, Year};
use kinerja_store::evaluations::{EvidenceItem, LkeEvidence, NewLkeEvidence};
use kinerja_store::{Actor, Result, StoreError, clock};

use super::{office_of, reason_required, rejected, self_assessment_open, stored};
use crate::db::{Conn, query, query_as, query_scalar};
use crate::rows::to_json;
use crate::write::audit;
use crate::{Backend, SqlStore, db_err};

#[derive(Debug, sqlx::FromRow)]
struct EvidenceRow {
    id: i64,
    office_id: i64,
    year: i64,
    criterion: String,
    kind: String,
    reference: String,
    original_name: Option<String>,
    content_type: Option<String>,
    size: Option<i64>,
    sha256: Option<String>,
    added_by: String,
    added_at: String,
}

impl EvidenceRow {
    fn into_domain(self) -> Result<LkeEvidence> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("LKE evidence {}: {what}", self.id));
        let year = Year::new(self.year).ok_or_else(|| corrupt("year"))?;
        let item = match self.kind.as_str() {
            "document" => EvidenceItem::Document(self.reference.clone()),
            "file" => EvidenceItem::File {
                name: self.reference.clone(),
                original_name: self.original_name.clone().unwrap_or_default(),
                content_type: self.content_type.clone().ok_or_else(|| corrupt("content type"))?,
                size: self.size.unwrap_or(0),
                sha256: self.sha256.clone().unwrap_or_default(),
            },
            _ => return Err(corrupt("kind")),
        };
        Ok(LkeEvidence {
            id: self.id,
            office: OfficeId(self.office_id),
            year,
            criterion: self.criterion,
            item,
            added_by: self.added_by,
            added_at: self.added_at,
        })
    }
}

const COLUMNS: &str =
    "id, office_id, year, criterion, kind, reference, original_name, content_type, size, sha256, added_by, added_at";

async fn one<C: Conn + ?Sized>(c: &mut C, id: i64) -> Result<LkeEvidence> {
    query_as::<EvidenceRow>(format!("SELECT {COLUMNS} FROM lke_evidence WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *c)
        .await
        .map_err(db_err)?
        .ok_or_else(|| StoreError::NotFound {
            entity: "evidence",
            key: id.to_string(),
        })?
        .into_domain()
}

pub(super) async fn list<B: Backend>(store: &SqlStore<B>, office: OfficeId, year: Year) -> Result<Vec<LkeEvidence>> {
    query_as::<EvidenceRow>(format!(
        "SELECT {COLUMNS} FROM lke_evidence WHERE office_id = $1 AND year = $2 ORDER BY id"
    ))
    .bind(office.0)
    .bind(i64::from(year.get()))
    .fetch_all(&mut *store.read().await?)
    .await
    .map_err(db_err)?
    .into_iter()
    .map(EvidenceRow::into_domain)
    .collect()
}

pub(super) async fn file<B: Backend>(store: &SqlStore<B>, name: &str) -> Result<Option<LkeEvidence>> {
    if !kinerja_store::valid_file_name(name) {
        return Ok(None);
    }
    query_as::<EvidenceRow>(format!(
        "SELECT {COLUMNS} FROM lke_evidence WHERE kind = 'file' AND reference = $1"
    ))
    .bind(name)
    .fetch_optional(&mut *store.read().await?)
    .await
    .map_err(db_err)?
    .map(EvidenceRow::into_domain)
    .transpose()
}

/// The item checked: a known document code, a generated file name with its details in bounds.
fn checked(item: &EvidenceItem) -> Result<()> {
    match item {
        EvidenceItem::Document(code) if document(code).is_none() => Err(rejected(
            format!("“{code}” bukan dokumen yang dikenal Kinerja"),
            format!("“{code}” is not a document Kinerja knows"),
        )),
        EvidenceItem::File {
            name, original_name, ..
        } => {
            if !kinerja_store::valid_file_name(name) {
                return Err(StoreError::Invalid(format!("evidence file name {name:?}")));
            }
            kinerja_domain::input::check(kinerja_domain::input::Field::FileName, original_name)
                .map_err(|e| StoreError::Rejected(e.text()))
        }
        EvidenceItem::Document(_) => Ok(()),
    }
}

pub(super) async fn add<B: Backend>(
    store: &SqlStore<B>,
    actor: &Actor,
    office: OfficeId,
    year: Year,
    new: &NewLkeEvidence,
) -> Result<LkeEvidence> {
    checked(&new.item)?;
    let mut tx = store.begin().await?;
    let the_office = office_of(&mut *tx, office).await?;
    self_assessment_open(&mut *tx, &the_office, year).await?;
    let template = stored(&mut *tx, year)
        .await?
        .map_or_else(Template::shipped, |t| t.template);
    if template.criterion(&new.criterion).is_none() {
        return Err(rejected(
            format!("kriteria “{}” tidak ada dalam lembar kerja tahun {year}", new.criterion),
            format!("criterion “{}” is not in the worksheet of {year}", new.criterion),
        ));
    }
    let existing = query_as::<EvidenceRow>(format!(
        "SELECT {COLUMNS} FROM lke_evidence WHERE office_id = $1 AND year = $2 AND criterion = $3"
    ))
    .bind(office.0)
    .bind(i64::from(year.get()))
    .bind(&new.criterion)
    .fetch_all(&mut *tx)
    .await
    .map_err(db_err)?;
    if existing.len() >= MAX_PER_CRITERION {
        return Err(rejected(
            format!(
                "kriteria {} sudah memiliki {MAX_PER_CRITERION} bukti dukung",
                new.criterion
            ),
            format!(
                "criterion {} already has {MAX_PER_CRITERION} pieces of evidence",
                new.criterion
            ),
        ));
    }
    // A document already named for the criterion is the evidence asked for.
    if let EvidenceItem::Document(code) = &new.item
        && let Some(named) = existing
            .into_iter()
            .find(|e| e.kind == "document" && e.reference == *code)
    {
        return named.into_domain();
    }
    let (kind, reference, original, content_type, size, sha) = match &new.item {
        EvidenceItem::Document(code) => ("document", code.clone(), None, None, None, None),
        EvidenceItem::File {
            name,
            original_name,
            content_type,
            size,
            sha256,
        } => (
            "file",
            name.clone(),
            Some(original_name.clone()),
            Some(content_type.clone()),
            Some(*size),
            Some(sha256.clone()),
        ),
    };
    let id: i64 = query_scalar(
        "INSERT INTO lke_evidence (office_id, year, criterion, kind, reference, original_name, content_type, size, \
         sha256, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(office.0)
    .bind(i64::from(year.get()))
    .bind(&new.criterion)
    .bind(kind)
    .bind(reference)
    .bind(original)
    .bind(content_type)
    .bind(size)
    .bind(sha)
    .bind(&actor.name)
    .bind(clock::now_rfc3339())
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    let made = one(&mut *tx, id).await?;
    audit(
        &mut *tx,
        actor,
        Some(office.0),
        "lke_evidence",
        Some(format!("{year}:{}", new.criterion)),
        "create",
        None,
        Some(to_json(&made)),
        None,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(made)
}

pub(super) async fn remove<B: Backend>(store: &SqlStore<B>, actor: &Actor, id: i64, reason: &str) -> Result<()> {
    reason_required(reason, "menghapus bukti dukung", "removing evidence")?;
    let mut tx = store.begin().await?;
    let before = one(&mut *tx, id).await?;
    let the_office = office_of(&mut *tx, before.office).await?;
    self_assessment_open(&mut *tx, &the_office, before.year).await?;
    query("DELETE FROM lke_evidence WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    audit(
        &mut *tx,
        actor,
        Some(before.office.0),
        "lke_evidence",
        Some(format!("{}:{}", before.year, before.criterion)),
        "delete",
        Some(to_json(&before)),
        None,
        Some(reason),
    )
    .await?;
    tx.commit().await.map_err(db_err)
}
