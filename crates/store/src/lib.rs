//! Grenzeloos store: persistence on SQLite (embedded default) or PostgreSQL (production).
//!
//! One set of runtime queries serves both backends through sqlx's `Any` driver: the SQL is
//! portable (`$1` placeholders, TEXT dates, BIGINT integers) and each backend has its own
//! migration tree. Repositories are plain functions over a connection, so a use case composes
//! them inside one [`Tx`] together with its audit event.

pub mod accounts;
pub mod agreements;
pub mod audit;
pub mod instruments;
pub mod registry;
pub mod testing;

use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Connection, Transaction};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use tokio::sync::{Mutex, OwnedMutexGuard};

pub use sqlx::AnyConnection as Conn;

/// The database behind a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database URL: {0}")]
    Url(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// A uniqueness rule of the database refused the write.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A stored value could not be read back (someone wrote it outside the application).
    #[error("stored data is malformed: {0}")]
    Corrupt(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Maps a unique-constraint violation to [`StoreError::Conflict`] with the given message.
pub(crate) fn conflict_as(message: &str) -> impl FnOnce(sqlx::Error) -> StoreError + '_ {
    move |error| match error.as_database_error() {
        Some(db) if db.is_unique_violation() => StoreError::Conflict(message.to_string()),
        _ => StoreError::Database(error),
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Arbitrary constant naming the PostgreSQL advisory lock that serialises writers.
const WRITE_LOCK_KEY: i64 = 0x4772_656e_7a65;

/// The database of one Grenzeloos node.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Serialises write transactions within this process (SQLite has one writer anyway;
    /// waiting here avoids SQLITE_BUSY on lock upgrades).
    writer: Arc<Mutex<()>>,
}

impl Store {
    /// Connects to `sqlite://PATH` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (backend, url) = if let Some(rest) = url.strip_prefix("sqlite:") {
            let with_mode = if rest.contains("mode=") {
                url.to_string()
            } else if rest.contains('?') {
                format!("{url}&mode=rwc")
            } else {
                format!("{url}?mode=rwc")
            };
            (Backend::Sqlite, with_mode)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_string())
        } else {
            return Err(StoreError::Url(
                "use sqlite://PATH or postgres://USER@HOST/DATABASE".to_string(),
            ));
        };
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 10 })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        for pragma in [
                            "PRAGMA foreign_keys = ON",
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA synchronous = NORMAL",
                            "PRAGMA busy_timeout = 10000",
                            // 32 MiB of page cache per connection and memory-mapped reads:
                            // the overview reads most of the deployments table.
                            "PRAGMA cache_size = -32768",
                            "PRAGMA mmap_size = 268435456",
                        ] {
                            sqlx::query(pragma).execute(&mut *conn).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        Ok(Store {
            pool,
            backend,
            writer: Arc::new(Mutex::new(())),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Brings the schema up to date. Safe to run at every start.
    pub async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// A connection for reads that need no transaction.
    pub async fn read(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>> {
        Ok(self.pool.acquire().await?)
    }

    /// Starts a write transaction. Writers are serialised (in process, and across processes on
    /// PostgreSQL by an advisory lock), so rule checks inside it see no concurrent change and
    /// the audit chain never forks.
    pub async fn write(&self) -> Result<Tx> {
        let guard = self.writer.clone().lock_owned().await;
        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(WRITE_LOCK_KEY)
                .execute(&mut *tx)
                .await?;
        }
        Ok(Tx {
            tx,
            _guard: guard,
            now: Timestamp::now(),
        })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Checks that the database answers (for `/healthz`).
    pub async fn ping(&self) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        conn.ping().await?;
        Ok(())
    }
}

/// One write transaction with the instant it records. Dropping it without [`Tx::commit`]
/// rolls everything back, so a failed use case leaves nothing behind.
pub struct Tx {
    tx: Transaction<'static, sqlx::Any>,
    _guard: OwnedMutexGuard<()>,
    now: Timestamp,
}

impl Tx {
    /// The recorded time of everything this transaction writes.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    pub fn now_text(&self) -> String {
        grenzeloos_domain::time::instant_text(self.now)
    }

    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl Deref for Tx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

/// Reads a stored value back through a parser, reporting a malformed value as corruption.
pub(crate) fn parsed<T, E: std::fmt::Display>(
    what: &str,
    value: std::result::Result<T, E>,
) -> Result<T> {
    value.map_err(|error| StoreError::Corrupt(format!("{what}: {error}")))
}
