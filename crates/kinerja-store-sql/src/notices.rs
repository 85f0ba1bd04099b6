//! [`NoticeStore`]: notifications, e-mail settings, jobs run once for all servers.

use async_trait::async_trait;
use kinerja_domain::model::{IndicatorId, OfficeId, RealisationId, UnitId};
use kinerja_domain::notice::Notice;
use kinerja_domain::workflow::Transition;
use kinerja_store::{Actor, MailSettings, NewReminder, NoticeStore, Notification, Outgoing, Result, StoreError, clock};

use crate::db::{Conn, query, query_as, query_scalar};
use crate::people::existing_user;
use crate::rows::*;
use crate::write::*;
use crate::{Backend, SqlStore, db_err};

/// Notifications older than this are not sent by e-mail any more (a server whose SMTP was just
/// turned on does not mail a backlog).
const MAIL_WITHIN_SECONDS: i64 = 24 * 60 * 60;

const NOTIFICATION_COLUMNS: &str = "n.id, n.user_id, n.kind, n.office_id, n.year, n.unit_id, n.indicator_id, n.period, n.actor, n.note, n.created_at, n.read_at";

#[derive(Debug, sqlx::FromRow)]
struct NotificationRow {
    id: i64,
    user_id: i64,
    kind: String,
    office_id: i64,
    year: i64,
    unit_id: Option<i64>,
    indicator_id: Option<i64>,
    period: Option<String>,
    actor: Option<String>,
    note: Option<String>,
    created_at: String,
    read_at: Option<String>,
}

impl NotificationRow {
    fn into_domain(self) -> Result<Notification> {
        let id = self.id;
        let corrupt = |why: String| StoreError::Corrupt(format!("notification {id}: {why}"));
        Ok(Notification {
            id,
            user: self.user_id,
            notice: Notice::parse(&self.kind).ok_or_else(|| corrupt(format!("kind '{}'", self.kind)))?,
            office: OfficeId(self.office_id),
            year: kinerja_domain::model::Year::new(self.year).ok_or_else(|| corrupt(format!("year {}", self.year)))?,
            unit: self.unit_id.map(UnitId),
            indicator: self.indicator_id.map(IndicatorId),
            period: match self.period {
                Some(p) => Some(
                    p.parse()
                        .map_err(|e: kinerja_domain::period::PeriodError| corrupt(e.to_string()))?,
                ),
                None => None,
            },
            actor: self.actor,
            note: self.note,
            created_at: self.created_at,
            read: self.read_at.is_some(),
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
struct MailRow {
    email: Option<String>,
    by_email: bool,
}

#[derive(Debug, sqlx::FromRow)]
struct RecipientRow {
    email: String,
    name: String,
    lang: String,
}

/// Notifies each of `tell` of `transition` on realisation `id`, inside the transition's
/// transaction (see `MonitoringStore::transition_realisation_telling`).
pub(crate) async fn tell<C: Conn + ?Sized>(
    tx: &mut C,
    actor: &Actor,
    id: RealisationId,
    transition: &Transition,
    tell: &[i64],
) -> Result<()> {
    let now = clock::now_rfc3339();
    // What the step answers is done: a figure verified or returned was dealt with by the heads
    // told of its submission; one submitted again, by the operators told of its return.
    let answered = match transition {
        Transition::Verify | Transition::Return { .. } => Some(Notice::Submitted),
        Transition::Submit => Some(Notice::Returned),
        Transition::Reopen { .. } => None,
    };
    if let Some(kind) = answered {
        query(
            "UPDATE notifications SET read_at = $3 WHERE kind = $2 AND read_at IS NULL \
             AND indicator_id = (SELECT indicator_id FROM realisations WHERE id = $1) \
             AND period = (SELECT period FROM realisations WHERE id = $1)",
        )
        .bind(id)
        .bind(kind.code())
        .bind(&now)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    }
    let Some(notice) = Notice::of_transition(transition) else {
        return Ok(());
    };
    let note = match transition {
        Transition::Return { reason } | Transition::Reopen { reason } => Some(reason.as_str()),
        _ => None,
    };
    for user in tell {
        query(
            "INSERT INTO notifications (user_id, kind, office_id, year, unit_id, indicator_id, period, actor, note, created_at) \
             SELECT $1, $2, u.office_id, o.year, o.unit_id, r.indicator_id, r.period, $3, $4, $5 \
             FROM realisations r JOIN indicators i ON i.id = r.indicator_id JOIN objectives o ON o.id = i.objective_id \
             JOIN units u ON u.id = o.unit_id WHERE r.id = $6",
        )
        .bind(*user)
        .bind(notice.code())
        .bind(&actor.name)
        .bind(note)
        .bind(&now)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    }
    Ok(())
}

#[async_trait]
impl<B: Backend> NoticeStore for SqlStore<B> {
    async fn remind(&self, reminders: &[NewReminder]) -> Result<()> {
        let mut tx = self.begin().await?;
        let now = clock::now_rfc3339();
        for r in reminders {
            query(
                "INSERT INTO notifications (user_id, kind, office_id, year, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(r.user)
            .bind(Notice::Reminder.code())
            .bind(r.office)
            .bind(i64::from(r.year.get()))
            .bind(r.counts.encode())
            .bind(&now)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        }
        tx.commit().await.map_err(db_err)
    }

    async fn notifications(&self, user: i64, before: Option<i64>, limit: i64) -> Result<Vec<Notification>> {
        query_as::<NotificationRow>(&format!(
            "SELECT {NOTIFICATION_COLUMNS} FROM notifications n WHERE n.user_id = $1 AND n.id < $2 ORDER BY n.id DESC LIMIT $3"
        ))
        .bind(user)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit.clamp(0, 500))
        .fetch_all(&mut self.read().await?)
        .await
        .map_err(db_err)?
        .into_iter()
        .map(NotificationRow::into_domain)
        .collect()
    }

    async fn unread_notifications(&self, user: i64) -> Result<i64> {
        query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
            .bind(user)
            .fetch_one(&mut self.read().await?)
            .await
            .map_err(db_err)
    }

    async fn mark_notifications_read(&self, user: i64, up_to: i64) -> Result<u64> {
        let done = query("UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND id <= $2 AND read_at IS NULL")
            .bind(user)
            .bind(up_to)
            .bind(clock::now_rfc3339())
            .execute(&mut self.write().await?)
            .await
            .map_err(db_err)?;
        Ok(done.rows_affected())
    }

    async fn mail_settings(&self, user: i64) -> Result<MailSettings> {
        let row = query_as::<MailRow>("SELECT email, by_email FROM user_mail WHERE user_id = $1")
            .bind(user)
            .fetch_optional(&mut self.read().await?)
            .await
            .map_err(db_err)?;
        Ok(row.map_or_else(MailSettings::default, |r| MailSettings {
            email: r.email,
            by_email: r.by_email,
        }))
    }

    async fn set_mail_settings(&self, actor: &Actor, user: i64, settings: &MailSettings) -> Result<MailSettings> {
        let email = match settings.email.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(e) => Some(kinerja_domain::input::email(e).map_err(StoreError::Rejected)?),
        };
        let after = MailSettings {
            email,
            by_email: settings.by_email,
        };
        let mut tx = self.begin().await?;
        let (who, _) = existing_user(&mut *tx, user).await?;
        let before = query_as::<MailRow>("SELECT email, by_email FROM user_mail WHERE user_id = $1")
            .bind(user)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        query(
            "INSERT INTO user_mail (user_id, email, by_email) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, by_email = excluded.by_email",
        )
        .bind(user)
        .bind(after.email.clone())
        .bind(after.by_email)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let json = |email: &Option<String>, by_email: bool| {
            to_json(&serde_json::json!({"email": email, "by_email": by_email}))
        };
        audit(
            &mut tx,
            actor,
            who.grants.first().map(|g| g.office.0),
            "user",
            Some(who.login.to_string()),
            "set_mail",
            before.map(|b| json(&b.email, b.by_email)),
            Some(json(&after.email, after.by_email)),
            None,
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(after)
    }

    async fn claim_mail(&self, limit: i64, stale_after_seconds: i64) -> Result<Vec<Outgoing>> {
        let now_unix = clock::now_unix();
        let now = clock::rfc3339(now_unix);
        let stale = clock::rfc3339(now_unix - stale_after_seconds.max(0));
        let since = clock::rfc3339(now_unix - MAIL_WITHIN_SECONDS);
        // Who has no address or turned e-mail off when the notice is first looked at: never
        // mailed, not even after they turn it on again.
        query(
            "UPDATE notifications SET mail_error = 'off' WHERE mailed_at IS NULL AND mail_error IS NULL \
             AND user_id NOT IN (SELECT user_id FROM user_mail WHERE by_email AND email IS NOT NULL)",
        )
        .execute(&mut self.write().await?)
        .await
        .map_err(db_err)?;
        let ids: Vec<i64> = query_scalar(
            "SELECT n.id FROM notifications n JOIN user_mail m ON m.user_id = n.user_id JOIN users u ON u.id = n.user_id \
             WHERE n.mailed_at IS NULL AND n.mail_error IS NULL AND m.by_email AND m.email IS NOT NULL \
             AND NOT u.disabled AND n.read_at IS NULL AND n.created_at >= $1 AND (n.mail_claimed_at IS NULL OR n.mail_claimed_at < $2) \
             ORDER BY n.id LIMIT $3",
        )
        .bind(&since)
        .bind(&stale)
        .bind(limit.clamp(0, 500))
        .fetch_all(&mut self.read().await?)
        .await
        .map_err(db_err)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            // Another server may claim the same row meanwhile: the one whose update changes it
            // sends it.
            let claimed = query(
                "UPDATE notifications SET mail_claimed_at = $2 \
                 WHERE id = $1 AND mailed_at IS NULL AND mail_error IS NULL AND (mail_claimed_at IS NULL OR mail_claimed_at < $3)",
            )
            .bind(id)
            .bind(&now)
            .bind(&stale)
            .execute(&mut self.write().await?)
            .await
            .map_err(db_err)?;
            if claimed.rows_affected() != 1 {
                continue;
            }
            let mut conn = self.read().await?;
            let row = query_as::<NotificationRow>(&format!(
                "SELECT {NOTIFICATION_COLUMNS} FROM notifications n WHERE n.id = $1"
            ))
            .bind(id)
            .fetch_one(&mut conn)
            .await
            .map_err(db_err)?;
            let to = query_as::<RecipientRow>(
                "SELECT m.email, u.name, u.lang FROM user_mail m JOIN users u ON u.id = m.user_id WHERE m.user_id = $1 AND m.email IS NOT NULL",
            )
            .bind(row.user_id)
            .fetch_optional(&mut conn)
            .await
            .map_err(db_err)?;
            let Some(to) = to else { continue };
            out.push(Outgoing {
                notification: row.into_domain()?,
                email: to.email,
                name: to.name,
                lang: if to.lang == "en" {
                    kinerja_domain::i18n::Lang::En
                } else {
                    kinerja_domain::i18n::Lang::Id
                },
            });
        }
        Ok(out)
    }

    async fn mail_done(&self, id: i64, error: Option<&str>) -> Result<()> {
        let error = error.map(|e| e.chars().take(500).collect::<String>());
        let sent = error.is_none().then(clock::now_rfc3339);
        query("UPDATE notifications SET mailed_at = $2, mail_error = $3 WHERE id = $1")
            .bind(id)
            .bind(sent)
            .bind(error)
            .execute(&mut self.write().await?)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn claim_job(&self, job: &str) -> Result<bool> {
        let done = query("INSERT INTO job_runs (job, started_at) VALUES ($1, $2) ON CONFLICT (job) DO NOTHING")
            .bind(job)
            .bind(clock::now_rfc3339())
            .execute(&mut self.write().await?)
            .await
            .map_err(db_err)?;
        Ok(done.rows_affected() == 1)
    }

    async fn forget_jobs(&self, before: &str) -> Result<u64> {
        let done = query("DELETE FROM job_runs WHERE started_at < $1")
            .bind(before)
            .execute(&mut self.write().await?)
            .await
            .map_err(db_err)?;
        Ok(done.rows_affected())
    }
}
