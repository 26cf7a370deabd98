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

use grenzeloos_domain::clock::Clock;
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
    /// The node's one clock: the recorded time of every write, and "now" of every use case.
    clock: Arc<dyn Clock>,
}

impl Store {
    /// Connects to `sqlite://PATH` (created if missing) or `postgres://…`; every write is
    /// recorded at the time `clock` gives.
    pub async fn connect(url: &str, clock: Arc<dyn Clock>) -> Result<Store> {
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
            clock,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The clock this store records time by.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// Now, by the node's clock.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
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
            now: self.clock.now(),
            ids: 0,
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
    /// Identifiers handed out so far, so those of one transaction sort in creation order.
    ids: u32,
}

impl Tx {
    /// The recorded time of everything this transaction writes.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// The date in Amsterdam of this transaction's instant: "today" for the rules it applies
    /// (the default date of a change of status).
    pub fn today(&self) -> jiff::civil::Date {
        grenzeloos_domain::clock::amsterdam_date(self.now)
    }

    pub fn now_text(&self) -> String {
        grenzeloos_domain::time::instant_text(self.now)
    }

    /// A fresh identifier (UUIDv7 at this transaction's time), so ids sort by creation.
    pub fn new_id(&mut self) -> String {
        self.ids += 1;
        new_id_at(self.now, self.ids)
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

/// The `sequence`-th UUIDv7 identifier made at `instant` (RFC 9562, method 3): 48 bits of
/// milliseconds and 12 bits of the fraction of the millisecond, both from the node's clock,
/// then 22 bits of `sequence` and 40 random bits. Identifiers therefore sort by the instant
/// and, within it, by `sequence`.
pub fn new_id_at(instant: Timestamp, sequence: u32) -> String {
    let micros = instant.as_microsecond().max(0) as u64;
    let fraction = ((micros % 1000) * 4096 / 1000) as u16;
    let sequence = sequence & 0x3f_ffff;
    let mut bytes = [0u8; 10];
    bytes[0..2].copy_from_slice(&fraction.to_be_bytes());
    bytes[2] = (sequence >> 16) as u8;
    bytes[3..5].copy_from_slice(&(sequence as u16).to_be_bytes());
    bytes[5..].copy_from_slice(&uuid::Uuid::new_v4().as_bytes()[..5]);
    uuid::Builder::from_unix_timestamp_millis(micros / 1000, &bytes)
        .into_uuid()
        .to_string()
}

/// Reads a stored value back through a parser, reporting a malformed value as corruption.
pub(crate) fn parsed<T, E: std::fmt::Display>(
    what: &str,
    value: std::result::Result<T, E>,
) -> Result<T> {
    value.map_err(|error| StoreError::Corrupt(format!("{what}: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_sort_by_instant_then_by_sequence() {
        let t: Timestamp = "2026-03-16T09:00:00.000001Z".parse().unwrap();
        let later = t + jiff::SignedDuration::from_micros(1);
        let ids = [
            new_id_at(t, 1),
            new_id_at(t, 2),
            new_id_at(t, 300_000),
            new_id_at(later, 1),
            new_id_at(later + jiff::SignedDuration::from_millis(1), 1),
        ];
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(sorted, ids);
        let parsed = uuid::Uuid::parse_str(&ids[0]).unwrap();
        assert_eq!(parsed.get_version_num(), 7);
        let (seconds, _) = parsed.get_timestamp().unwrap().to_unix();
        assert_eq!(seconds as i64, t.as_second());
        assert_ne!(new_id_at(t, 1), new_id_at(t, 1), "the rest is random");
    }
}
