//! What the SQLite and PostgreSQL stores share: the SQL text (`$N` placeholders, which both
//! accept), the row types, how rows become a [`YearPlan`], and [`SqlStore`], the one
//! implementation of [`kinerja_store::Store`] over a [`Backend`]: a pair of connection pools and
//! the few facts that differ per database (how a write transaction begins, how rows are packed
//! into JSON, the migrations). Each backend crate keeps its own connection setup and migrations.
//!
//! Where to look: [`db`] runs statements; [`load`] reads a year; [`write`] holds the helpers
//! of every write (the audit entry first); the other modules implement one store capability
//! each, as `kinerja_store` splits them.

use std::future::Future;

use async_trait::async_trait;
use kinerja_store::{Result, Store, StoreError};
use sqlx::pool::PoolConnection;

mod audit;
mod dataset;
pub mod db;
mod edit;
mod evaluations;
mod frozen;
mod load;
mod merge;
mod monitoring;
mod notices;
mod people;
mod plans;
mod reports;
pub mod rows;
mod second_factor;
mod sessions;
mod transfer;
mod write;

/// What one database supplies to [`SqlStore`].
pub trait Backend: Send + Sync + 'static {
    /// The sqlx database; its connection runs [`db::Query`]s.
    type Db: sqlx::Database<Connection: db::Conn>;
    /// `sqlite` or `postgres`.
    const NAME: &'static str;
    /// The statement that opens a write transaction (`BEGIN IMMEDIATE` on SQLite, so two
    /// writers never deadlock on upgrade).
    const BEGIN: &'static str;
    /// The aggregate that packs each indicator's realisations into one JSON array of arrays:
    /// the text before and after the packed fields (see [`sql::realisations_packed`]).
    const PACK: (&'static str, &'static str);
    /// The pool reads use.
    fn readers(&self) -> &sqlx::Pool<Self::Db>;
    /// The pool write transactions use (on SQLite a pool of one connection).
    fn writer(&self) -> &sqlx::Pool<Self::Db>;
    /// Creates or upgrades the schema with this backend's migrations.
    fn migrate(&self) -> impl Future<Output = Result<()>> + Send;
    /// Writes a consistent copy of the database to the new file `to` (see
    /// [`Store::snapshot_to`]).
    fn snapshot(&self, to: &std::path::Path) -> impl Future<Output = Result<()>> + Send;
    /// A query counting the table of applied migrations (1 once the first migration ran).
    const MIGRATIONS_TABLE: &'static str;
    /// The versions of this backend's migrations this binary carries.
    fn migrations_known(&self) -> Vec<i64>;
    /// A query listing every (table, column) of the schema, for the export's check that it
    /// knows every column ([`transfer`]).
    const COLUMNS: &'static str;
}

/// A write transaction of backend `B`.
pub type Tx<B> = sqlx::Transaction<'static, <B as Backend>::Db>;

/// Kinerja's store over a SQL database: every capability of [`Store`], written once.
pub struct SqlStore<B> {
    db: B,
}

impl<B: Backend> SqlStore<B> {
    /// The store over `db`, its schema brought up to date.
    pub async fn new(db: B) -> Result<Self> {
        let store = SqlStore { db };
        store.db.migrate().await?;
        Ok(store)
    }

    /// The store over `db` as it is, its schema not brought up to date: for checking what
    /// an upgrade would apply (`kinerja migrate --check`); nothing else may use it.
    pub fn unmigrated(db: B) -> Self {
        SqlStore { db }
    }

    /// Closes the pools (on SQLite this checkpoints the WAL).
    pub async fn close(&self) {
        self.db.writer().close().await;
        self.db.readers().close().await;
    }

    /// The versions of the migrations the database has applied.
    async fn applied_versions(&self) -> Result<Vec<i64>> {
        let tables: i64 = db::query_scalar(B::MIGRATIONS_TABLE)
            .fetch_one(&mut *self.read().await?)
            .await
            .map_err(db_err)?;
        if tables == 0 {
            return Ok(vec![]);
        }
        db::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE ORDER BY version")
            .fetch_all(&mut *self.read().await?)
            .await
            .map_err(db_err)
    }

    /// Opens a write transaction.
    pub(crate) async fn begin(&self) -> Result<Tx<B>> {
        self.db.writer().begin_with(B::BEGIN).await.map_err(db_err)
    }

    /// A connection for reading.
    pub(crate) async fn read(&self) -> Result<PoolConnection<B::Db>> {
        self.db.readers().acquire().await.map_err(db_err)
    }

    /// A connection of the writer's pool, for a write outside a transaction (sessions).
    pub(crate) async fn write(&self) -> Result<PoolConnection<B::Db>> {
        self.db.writer().acquire().await.map_err(db_err)
    }
}

#[async_trait]
impl<B: Backend> Store for SqlStore<B> {
    fn backend(&self) -> &'static str {
        B::NAME
    }

    async fn migrate(&self) -> Result<()> {
        self.db.migrate().await
    }

    async fn pending_migrations(&self) -> Result<Vec<i64>> {
        let applied = self.applied_versions().await?;
        Ok(self
            .db
            .migrations_known()
            .into_iter()
            .filter(|v| !applied.contains(v))
            .collect())
    }

    async fn applied_migrations(&self) -> Result<Vec<i64>> {
        self.applied_versions().await
    }

    async fn unknown_migrations(&self) -> Result<Vec<i64>> {
        let known = self.db.migrations_known();
        Ok(self
            .applied_migrations()
            .await?
            .into_iter()
            .filter(|v| !known.contains(v))
            .collect())
    }

    async fn snapshot_to(&self, to: &std::path::Path) -> Result<()> {
        self.db.snapshot(to).await
    }

    async fn export_office(
        &self,
        office: &kinerja_domain::model::OfficeCode,
        year: Option<kinerja_domain::model::Year>,
    ) -> Result<kinerja_store::transfer::OfficeData> {
        self.export_office_rows(office, year).await
    }

    async fn import_office(
        &self,
        actor: &kinerja_store::Actor,
        data: &kinerja_store::transfer::OfficeData,
        options: &kinerja_store::transfer::ImportOptions,
    ) -> Result<kinerja_store::transfer::Imported> {
        self.import_office_rows(actor, data, options).await
    }

    fn pool_stats(&self) -> Vec<kinerja_store::PoolStats> {
        let stats = |pool: &'static str, p: &sqlx::Pool<B::Db>| kinerja_store::PoolStats {
            pool,
            open: p.size(),
            idle: u32::try_from(p.num_idle()).unwrap_or(u32::MAX),
            max: p.options().get_max_connections(),
        };
        let (readers, writer) = (self.db.readers(), self.db.writer());
        if std::ptr::eq(readers, writer) {
            vec![stats("shared", readers)]
        } else {
            vec![stats("read", readers), stats("write", writer)]
        }
    }
}

/// A database error as the store reports it.
pub fn db_err(e: sqlx::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

pub mod sql;
