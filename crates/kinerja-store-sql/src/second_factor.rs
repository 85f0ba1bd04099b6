//! The second factor of [`kinerja_store::PeopleStore`]: a user's TOTP secret, the step of the
//! last code accepted, recovery codes, and the roles an office requires it of.

use kinerja_domain::access::Role;
use kinerja_domain::model::OfficeId;
use kinerja_store::{Actor, Result, SecondFactor, StoreError, clock};

use crate::db::{query, query_as, query_scalar};
use crate::people::existing_user;
use crate::write::audit;
use crate::{Backend, SqlStore, db_err};

impl<B: Backend> SqlStore<B> {
    pub(crate) async fn load_second_factor(&self, user: i64) -> Result<Option<SecondFactor>> {
        let mut c = self.read().await?;
        let row: Option<(Option<String>, i64, Option<String>)> =
            query_as("SELECT totp_secret, totp_step, totp_since FROM users WHERE id = $1")
                .bind(user)
                .fetch_optional(&mut *c)
                .await
                .map_err(db_err)?;
        let Some((Some(secret), last_step, since)) = row else {
            return Ok(None);
        };
        let recovery_left: i64 =
            query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
                .bind(user)
                .fetch_one(&mut *c)
                .await
                .map_err(db_err)?;
        Ok(Some(SecondFactor {
            secret,
            last_step,
            since: since.unwrap_or_default(),
            recovery_left,
        }))
    }

    pub(crate) async fn write_second_factor(
        &self,
        actor: &Actor,
        user: i64,
        enrolment: Option<(&str, i64, &[String])>,
        reason: &str,
    ) -> Result<()> {
        kinerja_store::validate::reason(reason)?;
        let mut tx = self.begin().await?;
        let (before, _) = existing_user(&mut *tx, user).await?;
        let had: Option<String> = query_scalar("SELECT totp_since FROM users WHERE id = $1")
            .bind(user)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let now = clock::now_rfc3339();
        let (secret, step, since) = match enrolment {
            Some((secret, step, _)) => (Some(secret), step, Some(now.as_str())),
            None => (None, 0, None),
        };
        query(
            "UPDATE users SET totp_secret = $2, totp_step = $3, totp_since = $4, version = version + 1 WHERE id = $1",
        )
        .bind(user)
        .bind(secret)
        .bind(step)
        .bind(since)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        for hash in enrolment.map(|(_, _, h)| h).unwrap_or_default() {
            query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                .bind(user)
                .bind(hash)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        let state = |since: Option<&str>| match since {
            Some(s) => format!("{{\"second_factor\":\"since {s}\"}}"),
            None => "{\"second_factor\":null}".to_string(),
        };
        audit(
            &mut tx,
            actor,
            before.grants.first().map(|g| g.office.0),
            "user",
            Some(before.login.to_string()),
            if enrolment.is_some() {
                "enrol_second_factor"
            } else {
                "remove_second_factor"
            },
            Some(state(had.as_deref())),
            Some(state(since)),
            Some(reason),
        )
        .await?;
        tx.commit().await.map_err(db_err)
    }

    pub(crate) async fn accept_step(&self, user: i64, step: i64) -> Result<bool> {
        let done =
            query("UPDATE users SET totp_step = $2 WHERE id = $1 AND totp_secret IS NOT NULL AND totp_step < $2")
                .bind(user)
                .bind(step)
                .execute(&mut self.write().await?)
                .await
                .map_err(db_err)?;
        Ok(done.rows_affected() == 1)
    }

    pub(crate) async fn spend_recovery_code(&self, actor: &Actor, user: i64, hash: &str) -> Result<bool> {
        let mut tx = self.begin().await?;
        let (who, _) = existing_user(&mut *tx, user).await?;
        let done =
            query("UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL")
                .bind(user)
                .bind(hash)
                .bind(clock::now_rfc3339())
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        audit(
            &mut tx,
            actor,
            who.grants.first().map(|g| g.office.0),
            "user",
            Some(who.login.to_string()),
            "use_recovery_code",
            None,
            None,
            Some("masuk dengan kode pemulihan"),
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(true)
    }

    pub(crate) async fn office_second_factor_roles(&self, office: OfficeId) -> Result<Vec<Role>> {
        let codes: Vec<String> =
            query_scalar("SELECT role FROM second_factor_roles WHERE office_id = $1 ORDER BY role")
                .bind(office)
                .fetch_all(&mut *self.read().await?)
                .await
                .map_err(db_err)?;
        codes
            .iter()
            .map(|c| {
                c.parse::<Role>()
                    .map_err(|e| StoreError::Database(format!("second_factor_roles: {e}")))
            })
            .collect()
    }

    pub(crate) async fn write_second_factor_roles(
        &self,
        actor: &Actor,
        office: OfficeId,
        roles: &[Role],
        reason: &str,
    ) -> Result<()> {
        kinerja_store::validate::reason(reason)?;
        let before = self.office_second_factor_roles(office).await?;
        let mut tx = self.begin().await?;
        query("DELETE FROM second_factor_roles WHERE office_id = $1")
            .bind(office)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let mut after: Vec<&str> = roles.iter().map(|r| r.code()).collect();
        after.sort_unstable();
        after.dedup();
        for role in &after {
            query("INSERT INTO second_factor_roles (office_id, role) VALUES ($1, $2)")
                .bind(office)
                .bind(*role)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        let list = |r: Vec<&str>| serde_json::json!({ "roles": r }).to_string();
        audit(
            &mut tx,
            actor,
            Some(office.0),
            "office",
            Some(office.to_string()),
            "set_second_factor_roles",
            Some(list(before.iter().map(|r| r.code()).collect())),
            Some(list(after)),
            Some(reason),
        )
        .await?;
        tx.commit().await.map_err(db_err)
    }
}
