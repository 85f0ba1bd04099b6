//! Kinerja's default store: one SQLite file in WAL mode, created and migrated on first use.
//! Write transactions start with `BEGIN IMMEDIATE`, so two writers never deadlock on upgrade.
//! `synchronous=FULL`: a commit returns only once the WAL is on disk, so a save the user was
//! told about survives a power cut, not only a killed process (the cost is measured in
//! docs/BENCHMARKS.md).

use std::str::FromStr;
use std::time::Duration;

use kinerja_store::{Result, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

pub struct SqliteStore {
    /// Readers (WAL lets them run beside the writer).
    pool: SqlitePool,
    /// The one connection that writes. SQLite admits one writer at a time; queueing writers
    /// here (fairly, without sleeping) instead of in SQLite's busy handler (which polls with
    /// growing sleeps) multiplies write throughput under load.
    writer: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` (`sqlite://kinerja.db`, `sqlite:///abs/path.db`)
    /// and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Self> {
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
        let store = SqliteStore { pool, writer };
        kinerja_store::Store::migrate(&store).await?;
        Ok(store)
    }

    /// Closes the pool, checkpointing the WAL.
    pub async fn close(&self) {
        self.writer.close().await;
        self.pool.close().await;
    }
}

kinerja_store_sql::impl_store!(
    SqliteStore,
    sqlx::Sqlite,
    backend = "sqlite",
    begin = "BEGIN IMMEDIATE",
    migrator = MIGRATOR,
    pack = ("json_group_array(json_array(", "))")
);
