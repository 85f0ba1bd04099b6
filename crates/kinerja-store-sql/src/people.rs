//! [`PeopleStore`]: users, grants, passwords, language.

use std::collections::HashSet;

use async_trait::async_trait;
use kinerja_domain::model::Login;
use kinerja_store::{Actor, NewUser, PeopleStore, Result, StoreError, User, clock};

use crate::db::{Conn, query, query_as, query_scalar};
use crate::rows::*;
use crate::write::*;
use crate::{Backend, SqlStore, db_err};

#[async_trait]
impl<B: Backend> PeopleStore for SqlStore<B> {
    async fn create_user(&self, actor: &Actor, user: &NewUser, reason: &str) -> Result<User> {
        kinerja_store::validate::new_user(user)?;
        kinerja_store::validate::reason(reason)?;
        if user.name.trim().is_empty() {
            return Err(invalid(format!("login '{}': the name is empty", user.login)));
        }
        for g in &user.grants {
            if g.role.needs_unit() != g.unit.is_some() {
                return Err(invalid(format!(
                    "login '{}': the role {} {} a unit",
                    user.login,
                    g.role.code(),
                    if g.role.needs_unit() { "needs" } else { "takes no" }
                )));
            }
        }
        let mut tx = self.begin().await?;
        let exists: Option<i64> = query_scalar("SELECT id FROM users WHERE login = $1")
            .bind(&user.login)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        if exists.is_some() {
            return Err(invalid(format!("login '{}' already exists", user.login)));
        }
        let id: i64 = query_scalar(
            "INSERT INTO users (login, name, password_hash, disabled, lang, created_at, version) VALUES ($1, $2, $3, FALSE, $4, $5, 1) RETURNING id",
        )
        .bind(&user.login)
        .bind(user.name.trim())
        .bind(&user.password_hash)
        .bind(match user.lang { kinerja_domain::i18n::Lang::Id => "id", kinerja_domain::i18n::Lang::En => "en" })
        .bind(clock::now_rfc3339())
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        for g in &user.grants {
            if let Some(unit) = g.unit {
                let of: Option<i64> = query_scalar("SELECT office_id FROM units WHERE id = $1")
                    .bind(unit)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_err)?;
                if of != Some(g.office.0) {
                    return Err(invalid(format!(
                        "login '{}': unit {unit} is not a unit of office {}",
                        user.login, g.office
                    )));
                }
            }
            query("INSERT INTO grants (user_id, role, office_id, unit_id) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(g.role.code())
                .bind(g.office)
                .bind(g.unit)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        let (created, _) = load_user(&mut *tx, "id", UserKey::Id(id))
            .await?
            .ok_or_else(|| invalid("the new user vanished".into()))?;
        for office in created.grants.iter().map(|g| g.office).collect::<HashSet<_>>() {
            audit(
                &mut tx,
                actor,
                Some(office.0),
                "user",
                Some(created.login.to_string()),
                "create",
                None,
                Some(to_json(&created)),
                Some(reason),
            )
            .await?;
        }
        if created.grants.is_empty() {
            audit(
                &mut tx,
                actor,
                None,
                "user",
                Some(created.login.to_string()),
                "create",
                None,
                Some(to_json(&created)),
                Some(reason),
            )
            .await?;
        }
        tx.commit().await.map_err(db_err)?;
        Ok(created)
    }

    async fn user(&self, id: i64) -> Result<Option<User>> {
        Ok(load_user(&mut self.read().await?, "id", UserKey::Id(id))
            .await?
            .map(|(u, _)| u))
    }

    async fn user_credentials(&self, login: &Login) -> Result<Option<(User, String)>> {
        load_user(&mut self.read().await?, "login", UserKey::Login(login.as_str())).await
    }

    async fn user_credentials_by_id(&self, id: i64) -> Result<Option<(User, String)>> {
        load_user(&mut self.read().await?, "id", UserKey::Id(id)).await
    }

    async fn users(&self) -> Result<Vec<User>> {
        let ids: Vec<i64> = query_scalar("SELECT id FROM users ORDER BY login")
            .fetch_all(&mut self.read().await?)
            .await
            .map_err(db_err)?;
        let mut users = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some((u, _)) = load_user(&mut self.read().await?, "id", UserKey::Id(id)).await? {
                users.push(u);
            }
        }
        Ok(users)
    }

    async fn office_users(&self, office: kinerja_domain::model::OfficeId) -> Result<Vec<User>> {
        let ids: Vec<i64> = query_scalar(
            "SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM grants g WHERE g.user_id = u.id AND g.office_id = $1) ORDER BY u.login",
        )
        .bind(office)
        .fetch_all(&mut self.read().await?)
        .await
        .map_err(db_err)?;
        let mut users = Vec::with_capacity(ids.len());
        let mut conn = self.read().await?;
        for id in ids {
            if let Some((u, _)) = load_user(&mut conn, "id", UserKey::Id(id)).await? {
                users.push(u);
            }
        }
        Ok(users)
    }

    async fn set_password(
        &self,
        actor: &Actor,
        user: i64,
        password_hash: &str,
        revoke_tokens: bool,
        reason: &str,
    ) -> Result<User> {
        kinerja_store::validate::reason(reason)?;
        let mut tx = self.begin().await?;
        let (before, _) = existing_user(&mut *tx, user).await?;
        query("UPDATE users SET password_hash = $2, version = version + 1 WHERE id = $1")
            .bind(user)
            .bind(password_hash)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let after = User {
            version: before.version + 1,
            ..before.clone()
        };
        let office = before.grants.first().map(|g| g.office);
        let revoked = if revoke_tokens {
            query("UPDATE api_tokens SET revoked = TRUE WHERE user_id = $1 AND NOT revoked")
                .bind(user)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?
                .rows_affected()
        } else {
            0
        };
        let note = revoke_tokens.then(|| format!("{{\"api_tokens_revoked\":{revoked}}}"));
        audit(
            &mut tx,
            actor,
            office.map(|o| o.0),
            "user",
            Some(before.login.to_string()),
            "set_password",
            None,
            note,
            Some(reason),
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(after)
    }

    async fn set_user_disabled(&self, actor: &Actor, user: i64, disabled: bool, reason: &str) -> Result<User> {
        kinerja_store::validate::reason(reason)?;
        let mut tx = self.begin().await?;
        let (before, _) = existing_user(&mut *tx, user).await?;
        query("UPDATE users SET disabled = $2, version = version + 1 WHERE id = $1")
            .bind(user)
            .bind(disabled)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let after = User {
            disabled,
            version: before.version + 1,
            ..before.clone()
        };
        let office = before.grants.first().map(|g| g.office);
        let action = if disabled { "disable" } else { "enable" };
        audit(
            &mut tx,
            actor,
            office.map(|o| o.0),
            "user",
            Some(before.login.to_string()),
            action,
            Some(to_json(&before)),
            Some(to_json(&after)),
            Some(reason),
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(after)
    }

    async fn set_user_lang(&self, actor: &Actor, user: i64, lang: kinerja_domain::i18n::Lang) -> Result<User> {
        let mut tx = self.begin().await?;
        let (before, _) = existing_user(&mut *tx, user).await?;
        let code = match lang {
            kinerja_domain::i18n::Lang::Id => "id",
            kinerja_domain::i18n::Lang::En => "en",
        };
        query("UPDATE users SET lang = $2, version = version + 1 WHERE id = $1")
            .bind(user)
            .bind(code)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let after = User {
            lang,
            version: before.version + 1,
            ..before.clone()
        };
        let office = before.grants.first().map(|g| g.office);
        audit(
            &mut tx,
            actor,
            office.map(|o| o.0),
            "user",
            Some(before.login.to_string()),
            "set_lang",
            Some(to_json(&before.lang)),
            Some(to_json(&after.lang)),
            None,
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(after)
    }

    async fn second_factor(&self, user: i64) -> Result<Option<kinerja_store::SecondFactor>> {
        self.load_second_factor(user).await
    }

    async fn enrol_second_factor(
        &self,
        actor: &Actor,
        user: i64,
        secret: &str,
        step: i64,
        recovery_hashes: &[String],
        reason: &str,
    ) -> Result<()> {
        if kinerja_store::second_factor::code_at(secret, 0).is_none() {
            return Err(invalid("the second factor's secret is not base32".into()));
        }
        self.write_second_factor(actor, user, Some((secret, step, recovery_hashes)), reason)
            .await
    }

    async fn accept_second_factor_step(&self, user: i64, step: i64) -> Result<bool> {
        self.accept_step(user, step).await
    }

    async fn use_recovery_code(&self, actor: &Actor, user: i64, hash: &str) -> Result<bool> {
        self.spend_recovery_code(actor, user, hash).await
    }

    async fn remove_second_factor(&self, actor: &Actor, user: i64, reason: &str) -> Result<()> {
        self.write_second_factor(actor, user, None, reason).await
    }

    async fn second_factor_roles(
        &self,
        office: kinerja_domain::model::OfficeId,
    ) -> Result<Vec<kinerja_domain::access::Role>> {
        self.office_second_factor_roles(office).await
    }

    async fn set_second_factor_roles(
        &self,
        actor: &Actor,
        office: kinerja_domain::model::OfficeId,
        roles: &[kinerja_domain::access::Role],
        reason: &str,
    ) -> Result<()> {
        self.write_second_factor_roles(actor, office, roles, reason).await
    }
}

/// A user who must exist (and their password hash); otherwise "not found".
pub(crate) async fn existing_user<C: Conn + ?Sized>(conn: &mut C, id: i64) -> Result<(User, String)> {
    load_user(conn, "id", UserKey::Id(id))
        .await?
        .ok_or_else(|| StoreError::NotFound {
            entity: "user",
            key: id.to_string(),
        })
}

/// A user and their password hash, by `column` (`id` or `login`).
pub(crate) async fn load_user<C: Conn + ?Sized>(
    conn: &mut C,
    column: &str,
    key: UserKey<'_>,
) -> Result<Option<(User, String)>> {
    let sql = format!("SELECT id, login, name, password_hash, disabled, lang, version FROM users WHERE {column} = $1");
    let row = match key {
        UserKey::Id(id) => query_as::<UserRow>(&sql).bind(id).fetch_optional(&mut *conn).await,
        UserKey::Login(login) => query_as::<UserRow>(&sql).bind(login).fetch_optional(&mut *conn).await,
    }
    .map_err(db_err)?;
    let Some(row) = row else { return Ok(None) };
    let grants =
        query_as::<GrantRow>("SELECT user_id, role, office_id, unit_id FROM grants WHERE user_id = $1 ORDER BY id")
            .bind(row.id)
            .fetch_all(&mut *conn)
            .await
            .map_err(db_err)?
            .into_iter()
            .map(GrantRow::into_domain)
            .collect::<Result<Vec<_>>>()?;
    row.into_domain(grants).map(Some)
}

#[derive(Clone, Copy)]
pub(crate) enum UserKey<'k> {
    Id(i64),
    Login(&'k str),
}
