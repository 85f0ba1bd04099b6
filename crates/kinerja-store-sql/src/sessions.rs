//! [`SessionStore`]: web sessions, API tokens, the servers' shared secrets.

use async_trait::async_trait;
use kinerja_store::{Actor, PeopleStore, Result, SessionStore, StoreError, User, clock};

use crate::db::{query, query_as, query_scalar};
use crate::people::existing_user;
use crate::rows::*;
use crate::write::*;
use crate::{Backend, SqlStore, db_err};

#[async_trait]
impl<B: Backend> SessionStore for SqlStore<B> {
    async fn session_save(&self, id: &str, data: &str, expires_at: i64) -> Result<()> {
        query(
            "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
        )
        .bind(id)
        .bind(data)
        .bind(expires_at)
        .execute(&mut self.write().await?)
        .await
        .map_err(db_err)?;
        Ok(())
    }

    async fn session_load(&self, id: &str, now: i64) -> Result<Option<String>> {
        query_scalar("SELECT data FROM sessions WHERE id = $1 AND expires_at > $2")
            .bind(id)
            .bind(now)
            .fetch_optional(&mut self.read().await?)
            .await
            .map_err(db_err)
    }

    async fn session_delete(&self, id: &str, now: i64) -> Result<()> {
        query("DELETE FROM sessions WHERE id = $1 OR expires_at <= $2")
            .bind(id)
            .bind(now)
            .execute(&mut self.write().await?)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn session_purge(&self, now: i64) -> Result<u64> {
        let done = query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut self.write().await?)
            .await
            .map_err(db_err)?;
        Ok(done.rows_affected())
    }

    async fn server_secret(&self, name: &str) -> Result<Vec<u8>> {
        let fresh = kinerja_store::token::random_hex(32);
        query("INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(name)
            .bind(&fresh)
            .execute(&mut self.write().await?)
            .await
            .map_err(db_err)?;
        let hex: String = query_scalar("SELECT value FROM server_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(&mut self.read().await?)
            .await
            .map_err(db_err)?;
        kinerja_store::token::from_hex(&hex)
            .ok_or_else(|| StoreError::Corrupt(format!("server secret '{name}' is not hex")))
    }

    async fn create_api_token(
        &self,
        actor: &Actor,
        user: i64,
        name: &str,
        digest: &str,
    ) -> Result<kinerja_store::token::ApiToken> {
        kinerja_store::validate::text(kinerja_domain::input::Field::TokenName, name)?;
        if name.trim().is_empty() {
            return Err(invalid("a token needs a name (what uses it)".into()));
        }
        let mut tx = self.begin().await?;
        let (owner, _) = existing_user(&mut *tx, user).await?;
        let created_at = clock::now_rfc3339();
        let id: i64 = query_scalar(
            "INSERT INTO api_tokens (user_id, name, digest, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(user)
        .bind(name.trim())
        .bind(digest)
        .bind(&created_at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        let token = kinerja_store::token::ApiToken {
            id,
            user,
            name: name.trim().to_string(),
            created_at,
            revoked: false,
        };
        let office = owner.grants.first().map(|g| g.office);
        audit(
            &mut tx,
            actor,
            office.map(|o| o.0),
            "api_token",
            Some(format!("{}/{}", owner.login, id)),
            "create",
            None,
            Some(to_json(&token)),
            None,
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(token)
    }

    async fn user_by_token(&self, digest: &str) -> Result<Option<User>> {
        let user: Option<i64> = query_scalar("SELECT user_id FROM api_tokens WHERE digest = $1 AND NOT revoked")
            .bind(digest)
            .fetch_optional(&mut self.read().await?)
            .await
            .map_err(db_err)?;
        let Some(user) = user else { return Ok(None) };
        Ok(self.user(user).await?.filter(|u| !u.disabled))
    }

    async fn api_tokens(&self, user: i64) -> Result<Vec<kinerja_store::token::ApiToken>> {
        let rows: Vec<(i64, i64, String, String, bool)> = query_as(
            "SELECT id, user_id, name, created_at, revoked FROM api_tokens WHERE user_id = $1 ORDER BY id DESC",
        )
        .bind(user)
        .fetch_all(&mut self.read().await?)
        .await
        .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(|(id, user, name, created_at, revoked)| kinerja_store::token::ApiToken {
                id,
                user,
                name,
                created_at,
                revoked,
            })
            .collect())
    }

    async fn revoke_api_token(&self, actor: &Actor, id: i64, reason: &str) -> Result<kinerja_store::token::ApiToken> {
        kinerja_store::validate::reason(reason)?;
        let mut tx = self.begin().await?;
        let row: Option<(i64, i64, String, String, bool)> =
            query_as("SELECT id, user_id, name, created_at, revoked FROM api_tokens WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
        let (id, user, name, created_at, revoked) = row.ok_or_else(|| StoreError::NotFound {
            entity: "api token",
            key: id.to_string(),
        })?;
        let before = kinerja_store::token::ApiToken {
            id,
            user,
            name,
            created_at,
            revoked,
        };
        query("UPDATE api_tokens SET revoked = TRUE WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let after = kinerja_store::token::ApiToken {
            revoked: true,
            ..before.clone()
        };
        let (owner, _) = existing_user(&mut *tx, user).await?;
        let office = owner.grants.first().map(|g| g.office);
        audit(
            &mut tx,
            actor,
            office.map(|o| o.0),
            "api_token",
            Some(format!("{}/{}", owner.login, id)),
            "revoke",
            Some(to_json(&before)),
            Some(to_json(&after)),
            Some(reason),
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(after)
    }
}
