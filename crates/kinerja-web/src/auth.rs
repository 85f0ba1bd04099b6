//! Sign-in: sessions kept in the database (so several servers share them) and an axum-login
//! backend that checks argon2id passwords. Unknown logins and disabled users cost the same time
//! as a wrong password.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use axum_login::{AuthUser, AuthnBackend, UserId};
use kinerja_domain::model::Login;
use kinerja_store::{Store, StoreError, User, password};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// The signed-in user, with what invalidates their sessions (their password hash).
#[derive(Clone)]
pub struct WebUser {
    pub user: User,
    hash: Vec<u8>,
}

impl std::fmt::Debug for WebUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebUser")
            .field("login", &self.user.login)
            .finish_non_exhaustive()
    }
}

impl AuthUser for WebUser {
    type Id = i64;
    fn id(&self) -> i64 {
        self.user.id
    }
    /// A new password signs the user out everywhere.
    fn session_auth_hash(&self) -> &[u8] {
        &self.hash
    }
}

#[derive(Clone)]
pub struct Backend {
    pub store: Arc<dyn Store>,
}

#[derive(Clone, serde::Deserialize)]
pub struct Credentials {
    pub login: String,
    pub password: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("password check failed: {0}")]
    Task(String),
}

impl AuthnBackend for Backend {
    type User = WebUser;
    type Credentials = Credentials;
    type Error = AuthError;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<WebUser>, AuthError> {
        // A login that cannot exist (`Budi Santoso`) is looked up as no one: the same answer, and
        // the same time spent on a password, as an unknown one.
        let found = match creds.login.parse::<Login>() {
            Ok(login) => self.store.user_credentials(&login).await?,
            Err(_) => None,
        };
        let hash = found
            .as_ref()
            .map(|(_, h)| h.clone())
            .unwrap_or_else(|| password::dummy_hash().to_string());
        let matches = password::verify_async(creds.password, hash.clone()).await;
        Ok(match found {
            Some((user, hash)) if matches && !user.disabled => Some(WebUser {
                user,
                hash: hash.into_bytes(),
            }),
            _ => None,
        })
    }

    async fn get_user(&self, id: &UserId<Self>) -> Result<Option<WebUser>, AuthError> {
        let Some((user, hash)) = self.store.user_credentials_by_id(*id).await? else {
            return Ok(None);
        };
        if user.disabled {
            return Ok(None);
        }
        Ok(Some(WebUser {
            user,
            hash: hash.into_bytes(),
        }))
    }
}

/// tower-sessions' store over Kinerja's database.
#[derive(Clone)]
pub struct StoreSessions {
    pub store: Arc<dyn Store>,
}

impl std::fmt::Debug for StoreSessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoreSessions")
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

pub(crate) fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[async_trait]
impl SessionStore for StoreSessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A fresh id until it is unused (ids are 128 random bits: a second try is astronomically rare).
        while self
            .store
            .session_load(&record.id.to_string(), i64::MIN)
            .await
            .map_err(backend)?
            .is_some()
        {
            record.id = Id::default();
        }
        self.save(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        self.store
            .session_save(&record.id.to_string(), &data, record.expiry_date.unix_timestamp())
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(data) = self.store.session_load(&id.to_string(), now()).await.map_err(backend)? else {
            return Ok(None);
        };
        let data: HashMap<String, serde_json::Value> =
            serde_json::from_str(&data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        // The stored expiry is checked by the query; the layer sets a new one on save.
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(8),
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.store.session_delete(&id.to_string(), now()).await.map_err(backend)
    }
}
