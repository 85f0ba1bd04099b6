//! Kinerja's store for national scale: PostgreSQL (`postgres://user@host/db`).

use std::time::Duration;

use kinerja_store::{Result, StoreError};
use kinerja_store_sql::{Backend, SqlStore};
use sqlx::postgres::{PgPool, PgPoolOptions};

/// This backend's migrations. A database that has applied migrations of a newer release is
/// opened all the same (`ignore_missing`): during a rolling upgrade the previous release runs
/// on the new schema, whose migrations are additive (checked by `tests/architecture.rs` of
/// the `kinerja` crate).
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate::Migrator {
    ignore_missing: true,
    ..sqlx::migrate!("./migrations")
};

/// Kinerja's store on PostgreSQL.
pub type PostgresStore = SqlStore<PgPools>;

/// The pool of a PostgreSQL store: write transactions take connections from the same pool
/// as reads (PostgreSQL runs writers side by side).
pub struct PgPools {
    pool: PgPool,
}

/// Connects to `url` and brings the schema up to date. A server that does not answer within
/// five seconds is an error.
pub async fn open(url: &str) -> Result<PostgresStore> {
    open_with(url, DEFAULT_CONNECTIONS).await
}

/// The connections a store opens at most, unless told otherwise.
pub const DEFAULT_CONNECTIONS: u32 = 8;

/// [`open`] with at most `connections` connections (at least 1). TLS as the URL asks
/// (`?sslmode=require`, `verify-full` with `sslrootcert=`…), by rustls.
pub async fn open_with(url: &str, connections: u32) -> Result<PostgresStore> {
    SqlStore::new(connect(url, connections).await?).await
}

/// Connects to `url`, the schema left as it is (`kinerja migrate --check`).
pub async fn open_unmigrated(url: &str) -> Result<PostgresStore> {
    Ok(SqlStore::unmigrated(connect(url, DEFAULT_CONNECTIONS).await?))
}

async fn connect(url: &str, connections: u32) -> Result<PgPools> {
    let pool = PgPoolOptions::new()
        .max_connections(connections.max(1))
        .acquire_timeout(Duration::from_secs(5))
        .connect(url)
        .await
        .map_err(|e| StoreError::Unavailable {
            url: redact(url),
            message: e.to_string(),
        })?;
    Ok(PgPools { pool })
}

impl Backend for PgPools {
    type Db = sqlx::Postgres;
    const NAME: &'static str = "postgres";
    const BEGIN: &'static str = "BEGIN";
    const PACK: (&'static str, &'static str) = ("json_agg(json_build_array(", "))::text");

    fn readers(&self) -> &PgPool {
        &self.pool
    }

    fn writer(&self) -> &PgPool {
        &self.pool
    }

    async fn migrate(&self) -> Result<()> {
        MIGRATOR
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Database(format!("migration failed: {e}")))
    }

    async fn snapshot(&self, _: &std::path::Path) -> Result<()> {
        Err(StoreError::Unsupported(
            "a PostgreSQL database is copied by pg_dump, not by the store".into(),
        ))
    }

    const COLUMNS: &'static str = "SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position";
    const MIGRATIONS_TABLE: &'static str =
        "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = '_sqlx_migrations'";

    fn migrations_known(&self) -> Vec<i64> {
        MIGRATOR.iter().map(|m| m.version).collect()
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
