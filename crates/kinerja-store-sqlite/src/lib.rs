//! Kinerja's default store: one SQLite file in WAL mode, created and migrated on first use.
//! Write transactions start with `BEGIN IMMEDIATE`, so two writers never deadlock on upgrade.
//! `synchronous=FULL`: a commit returns only once the WAL is on disk, so a save the user was
//! told about survives a power cut, not only a killed process (the cost is measured in
//! docs/BENCHMARKS.md).

use std::str::FromStr;
use std::time::Duration;

use kinerja_store::{Result, StoreError};
use kinerja_store_sql::{Backend, SqlStore};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

/// This backend's migrations. A database that has applied migrations of a newer release is
/// opened all the same (`ignore_missing`): during a rolling upgrade the previous release runs
/// on the new schema, whose migrations are additive (checked by `tests/architecture.rs` of
/// the `kinerja` crate).
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate::Migrator {
    ignore_missing: true,
    ..sqlx::migrate!("./migrations")
};

/// Kinerja's store on SQLite.
pub type SqliteStore = SqlStore<SqlitePools>;

/// The two pools of a SQLite store.
pub struct SqlitePools {
    /// Readers (WAL lets them run beside the writer).
    pool: SqlitePool,
    /// The one connection that writes. SQLite admits one writer at a time; queueing writers
    /// here (fairly, without sleeping) instead of in SQLite's busy handler (which polls with
    /// growing sleeps) multiplies write throughput under load.
    writer: SqlitePool,
}

/// Opens (creating if needed) the database at `url` (`sqlite://kinerja.db`, `sqlite:///abs/path.db`)
/// and brings its schema up to date.
pub async fn open(url: &str) -> Result<SqliteStore> {
    SqlStore::new(connect(url).await?).await
}

/// Opens the database at `url` as it is, its schema not brought up to date (`kinerja migrate
/// --check`).
pub async fn open_unmigrated(url: &str) -> Result<SqliteStore> {
    Ok(SqlStore::unmigrated(connect(url).await?))
}

async fn connect(url: &str) -> Result<SqlitePools> {
    let unavailable = |message: String| StoreError::Unavailable {
        url: url.to_string(),
        message,
    };
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| unavailable(e.to_string()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options.clone())
        .await
        .map_err(|e| unavailable(e.to_string()))?;
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options)
        .await
        .map_err(|e| unavailable(e.to_string()))?;
    Ok(SqlitePools { pool, writer })
}

impl Backend for SqlitePools {
    type Db = sqlx::Sqlite;
    const NAME: &'static str = "sqlite";
    const BEGIN: &'static str = "BEGIN IMMEDIATE";
    const PACK: (&'static str, &'static str) = ("json_group_array(json_array(", "))");

    fn readers(&self) -> &SqlitePool {
        &self.pool
    }

    fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    async fn migrate(&self) -> Result<()> {
        MIGRATOR
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Database(format!("migration failed: {e}")))
    }

    async fn snapshot(&self, to: &std::path::Path) -> Result<()> {
        let Some(path) = to.to_str() else {
            return Err(StoreError::Unsupported(format!("{}: not a UTF-8 path", to.display())));
        };
        // A read transaction of its own: the copy is the database as one commit left it, while
        // the writer goes on.
        sqlx::query("VACUUM INTO $1")
            .bind(path)
            .execute(&self.pool)
            .await
            .map(drop)
            .map_err(|e| StoreError::Database(format!("snapshot to {path}: {e}")))
    }

    const COLUMNS: &'static str = "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid";
    const MIGRATIONS_TABLE: &'static str =
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'";

    fn migrations_known(&self) -> Vec<i64> {
        MIGRATOR.iter().map(|m| m.version).collect()
    }
}
