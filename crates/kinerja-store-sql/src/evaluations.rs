//! [`EvaluationStore`]: each year's LKE worksheet and each office's answers per stage.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use kinerja_domain::date::{Date, TimeZone};
use kinerja_domain::evaluation::review::ReviewStep;
use kinerja_domain::evaluation::{Answer, Template, Window, WindowState};
use kinerja_domain::format;
use kinerja_domain::i18n::{Lang, Text};
use kinerja_domain::input::Field;
use kinerja_domain::model::{Office, OfficeId, OfficeLevel, Year};
use kinerja_store::evaluations::{
    FollowUpEntry, LkeEvidence, MAX_NOTE, NewAnswer, NewLkeEvidence, NewRecommendation, Recommendation, Review, Stage,
    StoredAnswer, YearTemplate,
};
use kinerja_store::{Actor, EvaluationStore, Result, StoreError, clock};

use crate::db::{Conn, query, query_as, query_scalar};
use crate::rows::{OfficeRow, to_json};
use crate::write::audit;
use crate::{Backend, SqlStore, db_err};

mod evidence;
mod review;

#[derive(Debug, sqlx::FromRow)]
struct TemplateRow {
    body: String,
    frozen_at: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
struct WindowRow {
    level: String,
    opens: String,
    closes: String,
}

impl WindowRow {
    fn into_domain(self, year: Year) -> Result<(OfficeLevel, Window)> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("LKE window of {year} ({}): {what}", self.level));
        let level: OfficeLevel = self.level.parse().map_err(|_| corrupt("level"))?;
        let opens: Date = self.opens.parse().map_err(|_| corrupt("opens"))?;
        let closes: Date = self.closes.parse().map_err(|_| corrupt("closes"))?;
        Ok((
            level,
            Window::new(opens, closes).ok_or_else(|| corrupt("closes before it opens"))?,
        ))
    }
}

async fn windows<C: Conn + ?Sized>(c: &mut C, year: Year) -> Result<Vec<(OfficeLevel, Window)>> {
    query_as::<WindowRow>("SELECT level, opens, closes FROM lke_windows WHERE year = $1 ORDER BY level")
        .bind(i64::from(year.get()))
        .fetch_all(&mut *c)
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|r| r.into_domain(year))
        .collect()
}

/// Whether the office may give its self-assessment of `year` today (its own day): within its
/// level's window, or reopened for it up to today; refused saying when the window opens or closed.
async fn self_assessment_open<C: Conn + ?Sized>(c: &mut C, office: &Office, year: Year) -> Result<()> {
    let Some((_, window)) = windows(&mut *c, year)
        .await?
        .into_iter()
        .find(|(l, _)| *l == office.level)
    else {
        return Ok(());
    };
    let today = clock::today_in(office.time_zone);
    let day = |d: Date, lang: Lang| format::date(d, lang);
    match window.state(today) {
        WindowState::Open => Ok(()),
        WindowState::NotYet => Err(rejected(
            format!(
                "penilaian mandiri tahun {year} baru dibuka pada {}",
                day(window.opens, Lang::Id)
            ),
            format!("the self-assessment of {year} opens on {}", day(window.opens, Lang::En)),
        )),
        WindowState::Closed => {
            let until: Option<String> =
                query_scalar("SELECT until FROM lke_reopens WHERE office_id = $1 AND year = $2")
                    .bind(office.id.0)
                    .bind(i64::from(year.get()))
                    .fetch_optional(&mut *c)
                    .await
                    .map_err(db_err)?;
            if until.and_then(|u| u.parse::<Date>().ok()).is_some_and(|u| today <= u) {
                return Ok(());
            }
            Err(rejected(
                format!(
                    "penilaian mandiri tahun {year} ditutup pada {}: hanya evaluator yang dapat membukanya kembali",
                    day(window.closes, Lang::Id)
                ),
                format!(
                    "the self-assessment of {year} closed on {}: only an evaluator can reopen it",
                    day(window.closes, Lang::En)
                ),
            ))
        }
    }
}

async fn office_of<C: Conn + ?Sized>(c: &mut C, office: OfficeId) -> Result<Office> {
    query_as::<OfficeRow>(&crate::sql::office_by_id())
        .bind(office.0)
        .fetch_optional(&mut *c)
        .await
        .map_err(db_err)?
        .ok_or_else(|| StoreError::NotFound {
            entity: "office",
            key: office.0.to_string(),
        })?
        .into_domain()
}

#[derive(Debug, sqlx::FromRow)]
struct AnswerRow {
    criterion: String,
    answer: String,
    note: Option<String>,
    updated_by: String,
    updated_at: String,
}

impl AnswerRow {
    fn into_stored(self) -> Result<StoredAnswer> {
        let answer = Answer::parse(&self.answer)
            .ok_or_else(|| StoreError::Corrupt(format!("LKE answer '{}' of {}", self.answer, self.criterion)))?;
        Ok(StoredAnswer {
            criterion: self.criterion,
            answer,
            note: self.note,
            by: self.updated_by,
            at: self.updated_at,
        })
    }
}

fn rejected(id: String, en: String) -> StoreError {
    StoreError::Rejected(Text::new(id, en))
}

/// The year's stored worksheet, read in `c`.
async fn stored<C: Conn + ?Sized>(c: &mut C, year: Year) -> Result<Option<YearTemplate>> {
    let row = query_as::<TemplateRow>("SELECT body, frozen_at FROM lke_templates WHERE year = $1")
        .bind(i64::from(year.get()))
        .fetch_optional(&mut *c)
        .await
        .map_err(db_err)?;
    row.map(|r| {
        let template: Template =
            serde_json::from_str(&r.body).map_err(|e| StoreError::Corrupt(format!("LKE worksheet of {year}: {e}")))?;
        Ok(YearTemplate {
            year,
            template,
            frozen: r.frozen_at.is_some(),
        })
    })
    .transpose()
}

/// Writes the year's worksheet (not frozen) and its audit entry: `before` the one it replaces.
async fn put_template<C: Conn + ?Sized>(
    c: &mut C,
    actor: &Actor,
    year: Year,
    template: &Template,
    before: Option<Template>,
    reason: &str,
) -> Result<()> {
    let body = to_json(template);
    query(
        "INSERT INTO lke_templates (year, body, frozen_at, updated_at) VALUES ($1, $2, NULL, $3) \
         ON CONFLICT (year) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
    )
    .bind(i64::from(year.get()))
    .bind(&body)
    .bind(clock::now_rfc3339())
    .execute(&mut *c)
    .await
    .map_err(db_err)?;
    audit(
        &mut *c,
        actor,
        None,
        "lke_template",
        Some(year.to_string()),
        if before.is_some() { "update" } else { "create" },
        before.map(|b| to_json(&b)),
        Some(body),
        Some(reason),
    )
    .await
}

/// A reason as the audit log keeps it: checked like every reason (length, characters).
fn reason_ok(reason: Option<&str>) -> Result<()> {
    kinerja_domain::input::check_opt(Field::Reason, reason).map_err(|e| StoreError::Rejected(e.text()))
}

/// A reason that must be given (`what`: what it is for, in both languages), then checked like
/// every reason.
fn reason_required(reason: &str, what_id: &str, what_en: &str) -> Result<()> {
    if reason.trim().is_empty() {
        return Err(rejected(
            format!("{what_id} memerlukan alasan"),
            format!("{what_en} needs a reason"),
        ));
    }
    reason_ok(Some(reason))
}

/// Each answer checked against the worksheet, in order: the first fault named with its place.
fn checked(template: &Template, answers: &[NewAnswer]) -> Result<()> {
    let mut seen = HashSet::new();
    for (n, a) in answers.iter().enumerate() {
        let place = n + 1;
        let Some(criterion) = template.criterion(&a.criterion) else {
            return Err(rejected(
                format!(
                    "jawaban ke-{place}: kriteria “{}” tidak ada dalam lembar kerja tahun ini",
                    a.criterion
                ),
                format!(
                    "answer {place}: criterion “{}” is not in this year's worksheet",
                    a.criterion
                ),
            ));
        };
        if !seen.insert(a.criterion.as_str()) {
            return Err(rejected(
                format!("jawaban ke-{place}: kriteria {} dijawab dua kali", a.criterion),
                format!("answer {place}: criterion {} is answered twice", a.criterion),
            ));
        }
        if !a.answer.fits(criterion.kind) {
            let allowed: Vec<&str> = Answer::all(criterion.kind).iter().map(|a| a.code()).collect();
            return Err(rejected(
                format!(
                    "jawaban ke-{place}: kriteria {} dijawab {}, semestinya salah satu dari {}",
                    a.criterion,
                    a.answer.code(),
                    allowed.join("/")
                ),
                format!(
                    "answer {place}: criterion {} is answered {}, it takes one of {}",
                    a.criterion,
                    a.answer.code(),
                    allowed.join("/")
                ),
            ));
        }
        if let Err(e) = kinerja_domain::input::check_opt(Field::Note, a.note.as_deref()) {
            let why = e.text();
            return Err(rejected(
                format!("jawaban ke-{place}: catatan kriteria {}: {}", a.criterion, why.id),
                format!("answer {place}: the note of criterion {}: {}", a.criterion, why.en),
            ));
        }
        if a.note.as_deref().is_some_and(|n| n.chars().count() > MAX_NOTE) {
            return Err(rejected(
                format!(
                    "jawaban ke-{place}: catatan kriteria {} lebih dari {MAX_NOTE} karakter",
                    a.criterion
                ),
                format!(
                    "answer {place}: the note of criterion {} is over {MAX_NOTE} characters",
                    a.criterion
                ),
            ));
        }
    }
    Ok(())
}

#[async_trait]
impl<B: Backend> EvaluationStore for SqlStore<B> {
    async fn lke_template(&self, year: Year) -> Result<Option<YearTemplate>> {
        stored(&mut *self.read().await?, year).await
    }

    async fn save_lke_template(
        &self,
        actor: &Actor,
        year: Year,
        template: &Template,
        reason: &str,
    ) -> Result<YearTemplate> {
        if let Some(first) = template.check().into_iter().next() {
            return Err(StoreError::Rejected(first));
        }
        let mut tx = self.begin().await?;
        let before = stored(&mut *tx, year).await?;
        let today = clock::today_in(TimeZone::default());
        let opened = windows(&mut *tx, year).await?.iter().any(|(_, w)| w.opens <= today);
        if opened || before.as_ref().is_some_and(|b| b.frozen) {
            return Err(rejected(
                format!("lembar kerja evaluasi tahun {year} sudah dibuka atau dijawab: tidak dapat diubah lagi"),
                format!("the evaluation worksheet of {year} is open or answered: it can no longer change"),
            ));
        }
        put_template(&mut *tx, actor, year, template, before.map(|b| b.template), reason).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(YearTemplate {
            year,
            template: template.clone(),
            frozen: false,
        })
    }

    async fn lke_answers(&self, office: OfficeId, year: Year, stage: Stage) -> Result<Vec<StoredAnswer>> {
        let rows = query_as::<AnswerRow>(
            "SELECT criterion, answer, note, updated_by, updated_at FROM lke_answers \
             WHERE office_id = $1 AND year = $2 AND stage = $3 ORDER BY criterion",
        )
        .bind(office.0)
        .bind(i64::from(year.get()))
        .bind(stage.code())
        .fetch_all(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        rows.into_iter().map(AnswerRow::into_stored).collect()
    }

    async fn save_lke_answers(
        &self,
        actor: &Actor,
        office: OfficeId,
        year: Year,
        stage: Stage,
        answers: &[NewAnswer],
        reason: Option<&str>,
    ) -> Result<usize> {
        reason_ok(reason)?;
        let mut tx = self.begin().await?;
        let the_office = office_of(&mut *tx, office).await?;
        match stage {
            Stage::SelfAssessment => self_assessment_open(&mut *tx, &the_office, year).await?,
            Stage::Final => review::still_open(&mut *tx, office, year).await?,
        }
        // Nothing to write: the year's worksheet is neither stored nor frozen by it.
        if answers.is_empty() {
            return Ok(0);
        }
        // The year's worksheet: the stored one, or the shipped one stored as the year's now.
        let template = match stored(&mut *tx, year).await? {
            Some(t) => t.template,
            None => {
                let shipped = Template::shipped();
                put_template(
                    &mut *tx,
                    actor,
                    year,
                    &shipped,
                    None,
                    "lembar kerja bawaan (PermenPANRB 88/2021)",
                )
                .await?;
                shipped
            }
        };
        checked(&template, answers)?;
        let before: HashMap<String, AnswerRow> = query_as::<AnswerRow>(
            "SELECT criterion, answer, note, updated_by, updated_at FROM lke_answers \
             WHERE office_id = $1 AND year = $2 AND stage = $3",
        )
        .bind(office.0)
        .bind(i64::from(year.get()))
        .bind(stage.code())
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?
        .into_iter()
        .map(|r| (r.criterion.clone(), r))
        .collect();
        let now = clock::now_rfc3339();
        let mut changed = 0;
        for a in answers {
            let note = a.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
            let old = before.get(&a.criterion);
            if old.is_some_and(|o| o.answer == a.answer.code() && o.note.as_deref() == note) {
                continue;
            }
            query(
                "INSERT INTO lke_answers (office_id, year, stage, criterion, answer, note, updated_by, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (office_id, year, stage, criterion) \
                 DO UPDATE SET answer = excluded.answer, note = excluded.note, updated_by = excluded.updated_by, \
                 updated_at = excluded.updated_at",
            )
            .bind(office.0)
            .bind(i64::from(year.get()))
            .bind(stage.code())
            .bind(&a.criterion)
            .bind(a.answer.code())
            .bind(note)
            .bind(&actor.name)
            .bind(&now)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
            let json = |answer: &str, note: Option<&str>| to_json(&serde_json::json!({"answer": answer, "note": note}));
            audit(
                &mut *tx,
                actor,
                Some(office.0),
                "lke_answer",
                Some(format!("{year}:{}:{}", stage.code(), a.criterion)),
                if old.is_some() { "update" } else { "create" },
                old.map(|o| json(&o.answer, o.note.as_deref())),
                Some(json(a.answer.code(), note)),
                reason,
            )
            .await?;
            changed += 1;
        }
        query("UPDATE lke_templates SET frozen_at = $2 WHERE year = $1 AND frozen_at IS NULL")
            .bind(i64::from(year.get()))
            .bind(&now)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(changed)
    }

    async fn lke_answers_of_year(&self, year: Year, stage: Stage) -> Result<Vec<(OfficeId, Vec<StoredAnswer>)>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            office_id: i64,
            #[sqlx(flatten)]
            answer: AnswerRow,
        }
        let rows = query_as::<Row>(
            "SELECT office_id, criterion, answer, note, updated_by, updated_at FROM lke_answers \
             WHERE year = $1 AND stage = $2 ORDER BY office_id, criterion",
        )
        .bind(i64::from(year.get()))
        .bind(stage.code())
        .fetch_all(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        let mut out: Vec<(OfficeId, Vec<StoredAnswer>)> = vec![];
        for r in rows {
            let answer = r.answer.into_stored()?;
            match out.last_mut() {
                Some((o, list)) if o.0 == r.office_id => list.push(answer),
                _ => out.push((OfficeId(r.office_id), vec![answer])),
            }
        }
        Ok(out)
    }

    async fn lke_windows(&self, year: Year) -> Result<Vec<(OfficeLevel, Window)>> {
        windows(&mut *self.read().await?, year).await
    }

    async fn set_lke_window(
        &self,
        actor: &Actor,
        year: Year,
        level: OfficeLevel,
        window: Window,
        reason: &str,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let before = windows(&mut *tx, year).await?.into_iter().find(|(l, _)| *l == level);
        query(
            "INSERT INTO lke_windows (year, level, opens, closes) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (year, level) DO UPDATE SET opens = excluded.opens, closes = excluded.closes",
        )
        .bind(i64::from(year.get()))
        .bind(level.code())
        .bind(window.opens.to_string())
        .bind(window.closes.to_string())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let json =
            |w: &Window| to_json(&serde_json::json!({"opens": w.opens.to_string(), "closes": w.closes.to_string()}));
        audit(
            &mut *tx,
            actor,
            None,
            "lke_window",
            Some(format!("{year}:{}", level.code())),
            if before.is_some() { "update" } else { "create" },
            before.map(|(_, w)| json(&w)),
            Some(json(&window)),
            Some(reason),
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(())
    }

    async fn reopen_lke(&self, actor: &Actor, office: OfficeId, year: Year, until: Date, reason: &str) -> Result<()> {
        reason_required(
            reason,
            "membuka kembali penilaian mandiri",
            "reopening a self-assessment",
        )?;
        let mut tx = self.begin().await?;
        let the_office = office_of(&mut *tx, office).await?;
        let before: Option<String> = query_scalar("SELECT until FROM lke_reopens WHERE office_id = $1 AND year = $2")
            .bind(office.0)
            .bind(i64::from(year.get()))
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        query(
            "INSERT INTO lke_reopens (office_id, year, until) VALUES ($1, $2, $3) \
             ON CONFLICT (office_id, year) DO UPDATE SET until = excluded.until",
        )
        .bind(office.0)
        .bind(i64::from(year.get()))
        .bind(until.to_string())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let json = |u: &str| to_json(&serde_json::json!({"until": u}));
        audit(
            &mut *tx,
            actor,
            Some(the_office.id.0),
            "lke_reopen",
            Some(year.to_string()),
            if before.is_some() { "update" } else { "create" },
            before.as_deref().map(json),
            Some(json(&until.to_string())),
            Some(reason),
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(())
    }

    async fn lke_review(&self, office: OfficeId, year: Year) -> Result<Review> {
        review::review_in(&mut *self.read().await?, office, year).await
    }

    async fn lke_reviews_of_year(&self, year: Year) -> Result<Vec<(OfficeId, Review)>> {
        review::reviews_of_year(self, year).await
    }

    async fn step_lke_review(&self, actor: &Actor, office: OfficeId, year: Year, step: &ReviewStep) -> Result<Review> {
        review::step(self, actor, office, year, step).await
    }

    async fn lke_recommendations(&self, office: OfficeId, year: Year) -> Result<Vec<Recommendation>> {
        review::recommendations(self, office, year).await
    }

    async fn lke_recommendation_owner(&self, id: i64) -> Result<Option<(OfficeId, Year)>> {
        review::owner(self, id).await
    }

    async fn add_lke_recommendation(
        &self,
        actor: &Actor,
        office: OfficeId,
        year: Year,
        new: &NewRecommendation,
    ) -> Result<Recommendation> {
        review::add(self, actor, office, year, new).await
    }

    async fn remove_lke_recommendation(&self, actor: &Actor, id: i64, reason: &str) -> Result<()> {
        review::remove(self, actor, id, reason).await
    }

    async fn follow_up_lke_recommendation(
        &self,
        actor: &Actor,
        id: i64,
        entry: &FollowUpEntry,
        reason: Option<&str>,
    ) -> Result<Recommendation> {
        review::follow_up(self, actor, id, entry, reason).await
    }

    async fn lke_evidence(&self, office: OfficeId, year: Year) -> Result<Vec<LkeEvidence>> {
        evidence::list(self, office, year).await
    }

    async fn lke_evidence_file(&self, name: &str) -> Result<Option<LkeEvidence>> {
        evidence::file(self, name).await
    }

    async fn add_lke_evidence(
        &self,
        actor: &Actor,
        office: OfficeId,
        year: Year,
        new: &NewLkeEvidence,
    ) -> Result<LkeEvidence> {
        evidence::add(self, actor, office, year, new).await
    }

    async fn remove_lke_evidence(&self, actor: &Actor, id: i64, reason: &str) -> Result<()> {
        evidence::remove(self, actor, id, reason).await
    }
}
