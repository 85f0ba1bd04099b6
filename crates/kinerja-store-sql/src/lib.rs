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
mod load;
mod merge;
mod monitoring;
mod notices;
mod people;
mod plans;
mod reports;
pub mod rows;
mod sessions;
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
    /// The versions of this backend's migrations this binary carries.
    fn migrations_known(&self) -> Vec<i64>;
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

    /// Closes the pools (on SQLite this checkpoints the WAL).
    pub async fn close(&self) {
        self.db.writer().close().await;
        self.db.readers().close().await;
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
        let applied: Vec<i64> =
            db::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE ORDER BY version")
                .fetch_all(&mut *self.read().await?)
                .await
                .map_err(db_err)?;
        Ok(self
            .db
            .migrations_known()
            .into_iter()
            .filter(|v| !applied.contains(v))
            .collect())
    }
}

/// A database error as the store reports it.
pub fn db_err(e: sqlx::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

pub mod sql;
