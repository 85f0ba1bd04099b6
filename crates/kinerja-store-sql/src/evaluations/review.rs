//! The evaluators' review of an office's year and the report's recommendations with their
//! follow-up (the [`kinerja_store::EvaluationStore`] methods after the answers).

use kinerja_domain::evaluation::Template;
use kinerja_domain::evaluation::review::{self, FollowUp, ReviewState, ReviewStep};
use kinerja_domain::input::Field;
use kinerja_domain::model::{OfficeId, Year};
use kinerja_store::evaluations::{FollowUpEntry, NewRecommendation, Recommendation, Review};
use kinerja_store::{Actor, Result, StoreError, clock};

use super::{office_of, reason_ok, reason_required, rejected, stored};
use crate::db::{Conn, query, query_as};
use crate::rows::to_json;
use crate::write::audit;
use crate::{Backend, SqlStore, db_err};

#[derive(Debug, sqlx::FromRow)]
struct ReviewRow {
    state: String,
    proposed_by: Option<String>,
    proposed_at: Option<String>,
    response: Option<String>,
    responded_by: Option<String>,
    responded_at: Option<String>,
    approved_by: Option<String>,
    approved_at: Option<String>,
}

impl ReviewRow {
    fn into_review(self) -> Result<Review> {
        let state = ReviewState::parse(&self.state)
            .ok_or_else(|| StoreError::Corrupt(format!("LKE review state '{}'", self.state)))?;
        Ok(Review {
            state,
            proposed_by: self.proposed_by,
            proposed_at: self.proposed_at,
            response: self.response,
            responded_by: self.responded_by,
            responded_at: self.responded_at,
            approved_by: self.approved_by,
            approved_at: self.approved_at,
        })
    }
}

const REVIEW_COLUMNS: &str =
    "state, proposed_by, proposed_at, response, responded_by, responded_at, approved_by, approved_at";

pub(super) async fn review_in<C: Conn + ?Sized>(c: &mut C, office: OfficeId, year: Year) -> Result<Review> {
    let row = query_as::<ReviewRow>(format!(
        "SELECT {REVIEW_COLUMNS} FROM lke_reviews WHERE office_id = $1 AND year = $2"
    ))
    .bind(office.0)
    .bind(i64::from(year.get()))
    .fetch_optional(&mut *c)
    .await
    .map_err(db_err)?;
    row.map_or_else(|| Ok(Review::draft()), ReviewRow::into_review)
}

/// Refused once the team leader approved the year's final values.
pub(super) async fn still_open<C: Conn + ?Sized>(c: &mut C, office: OfficeId, year: Year) -> Result<()> {
    if review_in(&mut *c, office, year).await?.state.final_values_open() {
        return Ok(());
    }
    Err(rejected(
        format!(
            "evaluasi tahun {year} sudah disetujui ketua tim: nilai akhir dan rekomendasinya tidak dapat diubah lagi"
        ),
        format!(
            "the evaluation of {year} is approved by the team leader: its final values and recommendations can no longer change"
        ),
    ))
}

pub(super) async fn reviews_of_year<B: Backend>(store: &SqlStore<B>, year: Year) -> Result<Vec<(OfficeId, Review)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        office_id: i64,
        #[sqlx(flatten)]
        review: ReviewRow,
    }
    let rows = query_as::<Row>(format!(
        "SELECT office_id, {REVIEW_COLUMNS} FROM lke_reviews WHERE year = $1 ORDER BY office_id"
    ))
    .bind(i64::from(year.get()))
    .fetch_all(&mut *store.read().await?)
    .await
    .map_err(db_err)?;
    rows.into_iter()
        .map(|r| Ok((OfficeId(r.office_id), r.review.into_review()?)))
        .collect()
}

fn text_ok(field: Field, text: &str) -> Result<()> {
    kinerja_domain::input::check(field, text).map_err(|e| StoreError::Rejected(e.text()))
}

pub(super) async fn step<B: Backend>(
    store: &SqlStore<B>,
    actor: &Actor,
    office: OfficeId,
    year: Year,
    step: &ReviewStep,
) -> Result<Review> {
    let words = match step {
        ReviewStep::Respond { text } => Some(text.trim()),
        ReviewStep::Return { reason } => Some(reason.trim()),
        ReviewStep::Propose | ReviewStep::Approve => None,
    };
    if let Some(w) = words.filter(|w| !w.is_empty()) {
        text_ok(Field::Note, w)?;
    }
    let mut tx = store.begin().await?;
    office_of(&mut *tx, office).await?;
    let before = review_in(&mut *tx, office, year).await?;
    let state = review::apply(before.state, step).map_err(StoreError::Rejected)?;
    let now = Some(clock::now_rfc3339());
    let by = Some(actor.name.clone());
    let mut after = Review {
        state,
        ..before.clone()
    };
    match step {
        ReviewStep::Propose => (after.proposed_by, after.proposed_at) = (by, now),
        ReviewStep::Respond { text } => {
            (after.response, after.responded_by, after.responded_at) = (Some(text.trim().to_string()), by, now)
        }
        ReviewStep::Approve => (after.approved_by, after.approved_at) = (by, now),
        ReviewStep::Return { .. } => (after.approved_by, after.approved_at) = (None, None),
    }
    query(format!(
        "INSERT INTO lke_reviews (office_id, year, {REVIEW_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (office_id, year) DO UPDATE SET state = excluded.state, proposed_by = excluded.proposed_by, \
         proposed_at = excluded.proposed_at, response = excluded.response, responded_by = excluded.responded_by, \
         responded_at = excluded.responded_at, approved_by = excluded.approved_by, approved_at = excluded.approved_at"
    ))
    .bind(office.0)
    .bind(i64::from(year.get()))
    .bind(after.state.code())
    .bind(&after.proposed_by)
    .bind(&after.proposed_at)
    .bind(&after.response)
    .bind(&after.responded_by)
    .bind(&after.responded_at)
    .bind(&after.approved_by)
    .bind(&after.approved_at)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    audit(
        &mut *tx,
        actor,
        Some(office.0),
        "lke_review",
        Some(year.to_string()),
        step.code(),
        Some(to_json(&before)),
        Some(to_json(&after)),
        words,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(after)
}

#[derive(Debug, sqlx::FromRow)]
struct RecommendationRow {
    id: i64,
    office_id: i64,
    year: i64,
    component: String,
    finding: String,
    recommendation: String,
    action: Option<String>,
    due: Option<String>,
    status: String,
    evidence: Option<String>,
    updated_by: String,
    updated_at: String,
}

impl RecommendationRow {
    fn into_domain(self) -> Result<Recommendation> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("LKE recommendation {}: {what}", self.id));
        let year = Year::new(self.year).ok_or_else(|| corrupt("year"))?;
        let due = match &self.due {
            Some(d) => Some(d.parse().map_err(|_| corrupt("due"))?),
            None => None,
        };
        let status = FollowUp::parse(&self.status).ok_or_else(|| corrupt("status"))?;
        Ok(Recommendation {
            id: self.id,
            office: OfficeId(self.office_id),
            year,
            component: self.component,
            finding: self.finding,
            recommendation: self.recommendation,
            follow_up: FollowUpEntry {
                action: self.action,
                due,
                status,
                evidence: self.evidence,
            },
            updated_by: self.updated_by,
            updated_at: self.updated_at,
        })
    }
}

const RECOMMENDATION_COLUMNS: &str = "id, office_id, year, component, finding, recommendation, action, due, status, \
     evidence, updated_by, updated_at";

async fn recommendation_in<C: Conn + ?Sized>(c: &mut C, id: i64) -> Result<Recommendation> {
    query_as::<RecommendationRow>(format!(
        "SELECT {RECOMMENDATION_COLUMNS} FROM lke_recommendations WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *c)
    .await
    .map_err(db_err)?
    .ok_or_else(|| StoreError::NotFound {
        entity: "recommendation",
        key: id.to_string(),
    })?
    .into_domain()
}

pub(super) async fn recommendations<B: Backend>(
    store: &SqlStore<B>,
    office: OfficeId,
    year: Year,
) -> Result<Vec<Recommendation>> {
    query_as::<RecommendationRow>(format!(
        "SELECT {RECOMMENDATION_COLUMNS} FROM lke_recommendations WHERE office_id = $1 AND year = $2 ORDER BY id"
    ))
    .bind(office.0)
    .bind(i64::from(year.get()))
    .fetch_all(&mut *store.read().await?)
    .await
    .map_err(db_err)?
    .into_iter()
    .map(RecommendationRow::into_domain)
    .collect()
}

pub(super) async fn owner<B: Backend>(store: &SqlStore<B>, id: i64) -> Result<Option<(OfficeId, Year)>> {
    match recommendation_in(&mut *store.read().await?, id).await {
        Ok(r) => Ok(Some((r.office, r.year))),
        Err(StoreError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

pub(super) async fn add<B: Backend>(
    store: &SqlStore<B>,
    actor: &Actor,
    office: OfficeId,
    year: Year,
    new: &NewRecommendation,
) -> Result<Recommendation> {
    for (field, text, id, en) in [
        (Field::Note, &new.finding, "temuan", "the finding"),
        (Field::Note, &new.recommendation, "rekomendasi", "the recommendation"),
    ] {
        if text.trim().is_empty() {
            return Err(rejected(format!("{id} wajib diisi"), format!("{en} is required")));
        }
        text_ok(field, text)?;
    }
    let mut tx = store.begin().await?;
    office_of(&mut *tx, office).await?;
    still_open(&mut *tx, office, year).await?;
    let template = stored(&mut *tx, year)
        .await?
        .map_or_else(Template::shipped, |t| t.template);
    if !template.components.iter().any(|c| c.code == new.component) {
        let codes: Vec<&str> = template.components.iter().map(|c| c.code.as_str()).collect();
        return Err(rejected(
            format!(
                "komponen “{}” tidak ada dalam lembar kerja tahun {year} (salah satu dari {})",
                new.component,
                codes.join(", ")
            ),
            format!(
                "component “{}” is not in the worksheet of {year} (one of {})",
                new.component,
                codes.join(", ")
            ),
        ));
    }
    let now = clock::now_rfc3339();
    let id: i64 = crate::db::query_scalar(
        "INSERT INTO lke_recommendations (office_id, year, component, finding, recommendation, status, created_by, \
         updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, 'open', $6, $6, $7) RETURNING id",
    )
    .bind(office.0)
    .bind(i64::from(year.get()))
    .bind(&new.component)
    .bind(new.finding.trim())
    .bind(new.recommendation.trim())
    .bind(&actor.name)
    .bind(&now)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    let made = recommendation_in(&mut *tx, id).await?;
    audit(
        &mut *tx,
        actor,
        Some(office.0),
        "lke_recommendation",
        Some(id.to_string()),
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
    reason_required(reason, "menghapus rekomendasi", "removing a recommendation")?;
    let mut tx = store.begin().await?;
    let before = recommendation_in(&mut *tx, id).await?;
    still_open(&mut *tx, before.office, before.year).await?;
    query("DELETE FROM lke_recommendations WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    audit(
        &mut *tx,
        actor,
        Some(before.office.0),
        "lke_recommendation",
        Some(id.to_string()),
        "delete",
        Some(to_json(&before)),
        None,
        Some(reason),
    )
    .await?;
    tx.commit().await.map_err(db_err)
}

pub(super) async fn follow_up<B: Backend>(
    store: &SqlStore<B>,
    actor: &Actor,
    id: i64,
    entry: &FollowUpEntry,
    reason: Option<&str>,
) -> Result<Recommendation> {
    reason_ok(reason)?;
    let clean = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let (action, evidence) = (clean(&entry.action), clean(&entry.evidence));
    kinerja_domain::input::check_opt(Field::FollowUp, action.as_deref()).map_err(|e| StoreError::Rejected(e.text()))?;
    kinerja_domain::input::check_opt(Field::Evidence, evidence.as_deref())
        .map_err(|e| StoreError::Rejected(e.text()))?;
    if entry.status == FollowUp::Done && evidence.is_none() {
        return Err(rejected(
            "tindak lanjut yang selesai memerlukan bukti dukung".into(),
            "a follow-up that is done needs its evidence".into(),
        ));
    }
    let mut tx = store.begin().await?;
    let before = recommendation_in(&mut *tx, id).await?;
    query(
        "UPDATE lke_recommendations SET action = $2, due = $3, status = $4, evidence = $5, updated_by = $6, \
         updated_at = $7 WHERE id = $1",
    )
    .bind(id)
    .bind(&action)
    .bind(entry.due.map(|d| d.to_string()))
    .bind(entry.status.code())
    .bind(&evidence)
    .bind(&actor.name)
    .bind(clock::now_rfc3339())
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    let after = recommendation_in(&mut *tx, id).await?;
    audit(
        &mut *tx,
        actor,
        Some(before.office.0),
        "lke_follow_up",
        Some(id.to_string()),
        "update",
        Some(to_json(&before.follow_up)),
        Some(to_json(&after.follow_up)),
        reason,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(after)
}
