//! Grenzeloos store: persistence on SQLite (embedded default) or PostgreSQL (production).
//!
//! One set of runtime queries serves both backends through sqlx's `Any` driver: the SQL is
//! portable (`$1` placeholders, TEXT dates, BIGINT integers) and each backend has its own
//! migration tree. Repositories are plain functions over a connection, so a use case composes
//! them inside one [`Tx`] together with its audit event.
//!
//! The node's data live in three data domains ([`Domain`]): registry, exchange and forensic.
//! Each has its own migration tree, its own tables and its own audit chain, and may sit in a
//! database of its own ([`Domains::connect`]); by default one SQLite file holds all three. A
//! [`Store`] is one domain's handle: its writes and their audit events go to that domain's
//! database and chain.

pub mod accounts;
pub mod agreements;
pub mod audit;
pub mod erasure;
pub mod instruments;
pub mod jobs;
pub mod registry;
pub mod retention;
pub mod spoc;
pub mod spoc_registers;
pub mod testing;

use audit::{AuditKey, PublicKey};
use grenzeloos_domain::clock::Clock;
use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Connection, Transaction};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use tokio::sync::{Mutex, OwnedMutexGuard};

pub use grenzeloos_domain::data_domain::DataDomain as Domain;
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
    /// Sealing or checking the audit chain needs the node's audit key, and this store has none.
    #[error("the audit key is needed to {0}")]
    NoAuditKey(&'static str),
    /// A table or column name given by the code is not a plain SQL name (a fault of ours).
    #[error("not a plain table or column name: {0}")]
    Identifier(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Maps a unique-constraint violation to [`StoreError::Conflict`] with the given message.
pub(crate) fn conflict_as(message: &str) -> impl FnOnce(sqlx::Error) -> StoreError + '_ {
    move |error| match error.as_database_error() {
        Some(db) if db.is_unique_violation() => StoreError::Conflict(message.to_string()),
        _ => StoreError::Database(error),
    }
}

/// The migration tree of `domain` on `backend`. Each domain's versions lie in a range of
/// their own (registry 1–999, exchange 1001–1999, forensic 2001–2999), so that the trees can
/// share one database (and its `_sqlx_migrations` table) without colliding.
pub(crate) fn migrator(domain: Domain, backend: Backend) -> sqlx::migrate::Migrator {
    use sqlx::migrate::{Migration, MigrationType, Migrator};
    use std::borrow::Cow;
    let tree = match (domain, backend) {
        (Domain::Registry, Backend::Sqlite) => embedded::REGISTRY_SQLITE,
        (Domain::Registry, Backend::Postgres) => embedded::REGISTRY_POSTGRES,
        (Domain::Exchange, Backend::Sqlite) => embedded::EXCHANGE_SQLITE,
        (Domain::Exchange, Backend::Postgres) => embedded::EXCHANGE_POSTGRES,
        (Domain::Forensic, Backend::Sqlite) => embedded::FORENSIC_SQLITE,
        (Domain::Forensic, Backend::Postgres) => embedded::FORENSIC_POSTGRES,
    };
    let migrations: Vec<Migration> = tree
        .iter()
        .map(|&(version, description, sql)| {
            // The same checksum (SHA-384 of the SQL) and transaction rule as `sqlx::migrate!`,
            // so databases migrated by earlier versions stay valid.
            Migration::new(
                version,
                Cow::Borrowed(description),
                MigrationType::Simple,
                Cow::Borrowed(sql),
                sql.starts_with("-- no-transaction"),
            )
        })
        .collect();
    Migrator {
        migrations: migrations.into(),
        // The other domains' versions in a shared database are theirs, not missing ones of
        // ours; `Store::migrate` checks our own range itself.
        ignore_missing: true,
        ..Migrator::DEFAULT
    }
}

/// The migration trees, embedded by `build.rs`.
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/migrations.rs"));
}

/// The migration versions that belong to `domain`.
fn versions(domain: Domain) -> std::ops::RangeInclusive<i64> {
    match domain {
        Domain::Registry => 1..=999,
        Domain::Exchange => 1001..=1999,
        Domain::Forensic => 2001..=2999,
    }
}

/// Arbitrary constant naming the PostgreSQL advisory lock that serialises the registry's
/// writers; the other domains take the next numbers, so their writers do not wait on it.
const WRITE_LOCK_KEY: i64 = 0x4772_656e_7a65;

fn domain_index(domain: Domain) -> usize {
    match domain {
        Domain::Registry => 0,
        Domain::Exchange => 1,
        Domain::Forensic => 2,
    }
}

/// One database: its pool and its writer locks, shared by the domains that live in it.
struct Database {
    pool: AnyPool,
    backend: Backend,
    /// Serialises write transactions within this process, per domain (SQLite has one writer
    /// per file anyway, so there the domains share one lock: waiting here avoids SQLITE_BUSY
    /// on lock upgrades).
    writers: [Arc<Mutex<()>>; 3],
    /// Audit events of reads waiting to be written together, per domain (group commit, see
    /// [`Store::log_read`]).
    reads: [Arc<std::sync::Mutex<audit::ReadBatch>>; 3],
}

/// One data domain's handle on its database. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: Arc<Database>,
    domain: Domain,
    /// The node's one clock: the recorded time of every write, and "now" of every use case.
    clock: Arc<dyn Clock>,
    /// The node's audit key, which seals the segments of this domain's chain.
    key: Option<Arc<AuditKey>>,
    /// The public half that verification checks signatures against.
    public: Option<PublicKey>,
}

impl Store {
    /// Connects the registry domain to `sqlite://PATH` (created if missing) or `postgres://…`;
    /// every write is recorded at the time `clock` gives.
    pub async fn connect(url: &str, clock: Arc<dyn Clock>) -> Result<Store> {
        Store::connect_domain(Domain::Registry, url, clock).await
    }

    /// Connects `domain` to the database at `url`.
    pub async fn connect_domain(domain: Domain, url: &str, clock: Arc<dyn Clock>) -> Result<Store> {
        let db = Arc::new(Database::connect(url).await?);
        Ok(Store {
            db,
            domain,
            clock,
            key: None,
            public: None,
        })
    }

    /// The same database seen as `domain` (the default layout: one database for all).
    pub fn in_domain(&self, domain: Domain) -> Store {
        Store {
            domain,
            ..self.clone()
        }
    }

    /// This store, sealing and signing its audit chain with `key`.
    pub fn with_audit_key(mut self, key: Arc<AuditKey>) -> Store {
        self.public = Some(key.public());
        self.key = Some(key);
        self
    }

    /// This store, checking signatures against `public` (a verifier without the secret key).
    pub fn with_audit_public_key(mut self, public: PublicKey) -> Store {
        if self.key.as_ref().is_none_or(|k| k.public() != public) {
            self.key = None;
        }
        self.public = Some(public);
        self
    }

    /// The public half of the audit key signatures are checked against.
    pub fn audit_public_key(&self) -> Option<&PublicKey> {
        self.public.as_ref()
    }

    pub fn domain(&self) -> Domain {
        self.domain
    }

    pub fn backend(&self) -> Backend {
        self.db.backend
    }

    /// Whether `other` reaches the same database (the same pool) as this store.
    pub fn shares_database_with(&self, other: &Store) -> bool {
        Arc::ptr_eq(&self.db, &other.db)
    }

    /// The clock this store records time by.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// Now, by the node's clock.
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Brings this domain's schema up to date. Safe to run at every start.
    pub async fn migrate(&self) -> Result<()> {
        migrator(self.domain, self.db.backend)
            .run(&self.db.pool)
            .await?;
        // With the other domains' versions ignored, a version of ours that this binary does not
        // know means the database was migrated by a newer Grenzeloos: refuse to run on it.
        let known: Vec<i64> = migrator(self.domain, self.db.backend)
            .iter()
            .map(|m| m.version)
            .collect();
        let range = versions(self.domain);
        let mut conn = self.read().await?;
        let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations")
            .fetch_all(&mut *conn)
            .await?;
        if let Some(unknown) = applied
            .iter()
            .find(|v| range.contains(v) && !known.contains(v))
        {
            return Err(StoreError::Migration(
                sqlx::migrate::MigrateError::VersionMissing(*unknown),
            ));
        }
        Ok(())
    }

    /// A connection for reads that need no transaction.
    pub async fn read(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>> {
        Ok(self.db.pool.acquire().await?)
    }

    /// Starts a write transaction in this domain. Writers are serialised (in process, and
    /// across processes on PostgreSQL by an advisory lock per domain), so rule checks inside it
    /// see no concurrent change and the domain's audit chain never forks.
    pub async fn write(&self) -> Result<Tx> {
        let guard = self.db.writers[domain_index(self.domain)]
            .clone()
            .lock_owned()
            .await;
        let mut tx = self.db.pool.begin().await?;
        if self.db.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(WRITE_LOCK_KEY + domain_index(self.domain) as i64)
                .execute(&mut *tx)
                .await?;
        }
        Ok(Tx {
            tx,
            _guard: guard,
            now: self.clock.now(),
            ids: 0,
            domain: self.domain,
            key: self.key.clone(),
        })
    }

    pub async fn close(&self) {
        self.db.pool.close().await;
    }

    /// Checks that the database answers (for `/healthz`).
    pub async fn ping(&self) -> Result<()> {
        let mut conn = self.db.pool.acquire().await?;
        conn.ping().await?;
        Ok(())
    }
}

impl Database {
    async fn connect(url: &str) -> Result<Database> {
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
                            // Deleted and overwritten content is zeroed in the pages, so that an
                            // erasure (SPOC-14) and every earlier change leave no old values in
                            // the file's free space; temporary tables and statement journals
                            // stay in memory rather than in files that outlive them.
                            "PRAGMA secure_delete = ON",
                            "PRAGMA temp_store = MEMORY",
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
        let writers = if backend == Backend::Sqlite {
            let one = Arc::new(Mutex::new(()));
            [one.clone(), one.clone(), one]
        } else {
            [(); 3].map(|_| Arc::new(Mutex::new(())))
        };
        Ok(Database {
            reads: Default::default(),
            pool,
            backend,
            writers,
        })
    }
}

/// The stores of all three data domains of a node.
#[derive(Clone)]
pub struct Domains {
    stores: [Store; 3],
}

impl Domains {
    /// Every domain on `store`'s database (the default layout).
    pub fn shared(store: &Store) -> Domains {
        Domains {
            stores: Domain::ALL.map(|d| store.in_domain(d)),
        }
    }

    /// Connects each domain to its database URL; domains with the same URL share one
    /// database, its pool and (on SQLite) its writer lock.
    pub async fn connect(urls: &[(Domain, String)], clock: Arc<dyn Clock>) -> Result<Domains> {
        let mut opened: Vec<(String, Store)> = Vec::new();
        let mut stores: Vec<Store> = Vec::new();
        for domain in Domain::ALL {
            let url = urls
                .iter()
                .find(|(d, _)| *d == domain)
                .map(|(_, url)| url.clone())
                .ok_or_else(|| {
                    StoreError::Url(format!("no database URL for the {domain} domain"))
                })?;
            let store = match opened.iter().find(|(u, _)| *u == url) {
                Some((_, store)) => store.in_domain(domain),
                None => {
                    let store = Store::connect_domain(domain, &url, clock.clone()).await?;
                    opened.push((url, store.clone()));
                    store
                }
            };
            stores.push(store);
        }
        let stores: [Store; 3] = stores
            .try_into()
            .map_err(|_| StoreError::Url("three domains expected".to_string()))?;
        Ok(Domains { stores })
    }

    /// The store of `domain`.
    pub fn get(&self, domain: Domain) -> &Store {
        &self.stores[domain_index(domain)]
    }

    pub fn iter(&self) -> impl Iterator<Item = &Store> {
        self.stores.iter()
    }

    /// Every domain sealing and signing with `key`.
    pub fn with_audit_key(self, key: Arc<AuditKey>) -> Domains {
        Domains {
            stores: self.stores.map(|s| s.with_audit_key(key.clone())),
        }
    }

    /// Every domain checking signatures against `public`.
    pub fn with_audit_public_key(self, public: PublicKey) -> Domains {
        Domains {
            stores: self.stores.map(|s| s.with_audit_public_key(public.clone())),
        }
    }

    /// Brings every domain's schema up to date, each in its own database.
    pub async fn migrate(&self) -> Result<()> {
        for store in &self.stores {
            store.migrate().await?;
        }
        Ok(())
    }

    pub async fn close(&self) {
        for store in &self.stores {
            store.close().await;
        }
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
    /// The domain whose database this transaction writes, and whose audit chain it appends to.
    domain: Domain,
    key: Option<Arc<AuditKey>>,
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

    /// The data domain this transaction writes.
    pub fn domain(&self) -> Domain {
        self.domain
    }

    pub fn now_text(&self) -> String {
        grenzeloos_domain::time::instant_text(self.now)
    }

    /// A fresh identifier (UUIDv7 at this transaction's time), so ids sort by creation.
    pub fn new_id(&mut self) -> String {
        self.ids += 1;
        new_id_at(self.now, self.ids)
    }

    pub async fn commit(mut self) -> Result<()> {
        if self.domain == Domain::Registry {
            // Whatever this transaction wrote, answers cached from the registry are now stale.
            sqlx::query("UPDATE registry_revision SET revision = revision + 1 WHERE id = 1")
                .execute(&mut *self.tx)
                .await?;
        }
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
