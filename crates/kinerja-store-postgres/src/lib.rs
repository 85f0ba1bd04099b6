//! Kinerja's store for national scale: PostgreSQL (`postgres://user@host/db`).

use std::time::Duration;

use kinerja_store::{Result, StoreError};
use sqlx::postgres::{PgPool, PgPoolOptions};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

pub struct PostgresStore {
    pool: PgPool,
    /// Write transactions take connections from the same pool (PostgreSQL runs writers side by
    /// side).
    writer: PgPool,
}

impl PostgresStore {
    /// Connects to `url` and brings the schema up to date. A server that does not answer within
    /// five seconds is an error.
    pub async fn open(url: &str) -> Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await
            .map_err(|e| StoreError::Unavailable {
                url: redact(url),
                message: e.to_string(),
            })?;
        let store = PostgresStore {
            writer: pool.clone(),
            pool,
        };
        kinerja_store::Store::migrate(&store).await?;
        Ok(store)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

kinerja_store_sql::impl_store!(
    PostgresStore,
    sqlx::Postgres,
    backend = "postgres",
    begin = "BEGIN",
    migrator = MIGRATOR,
    pack = ("json_agg(json_build_array(", "))::text")
);

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            super::redact("postgres://kinerja:rahasia@localhost/kinerja"),
            "postgres://kinerja:***@localhost/kinerja"
        );
        assert_eq!(
            super::redact("postgres://localhost/kinerja"),
            "postgres://localhost/kinerja"
        );
    }
}
