//! Irrevocable erasure of personal data (SPOC-14, WPG-02), for every data domain.
//!
//! A use case erases a subject's personal data inside its transaction, with its audit event:
//! [`erase_versions`] rewrites the named columns of a table in **every** recorded-time
//! version of the entity (not only the current row) and [`erase_documents`] does the same for
//! the documents of the `instruments` table, through each kind's own
//! [`Instrument::erase_personal`]. What must stay (references, dates, kinds: what the counts
//! and histories need) stays, pseudonymous. [`log`] records the erasure in the domain's
//! erasure table, with the tables it touched.
//!
//! After the commit the old values are gone from every row, but not yet from the database
//! files: [`scrub`] removes them there. On SQLite, `secure_delete` (on for every connection,
//! see `Database::connect`) has zeroed the old cells in the pages, and a checkpoint in
//! TRUNCATE mode copies the rewritten pages into the database file and empties the
//! write-ahead log, which still held the old pages. A reader in the middle of a read holds
//! the log: the checkpoint is retried, and when it still cannot complete the erasure stays
//! pending (the node's minute tries again) and the caller says so. On PostgreSQL an UPDATE
//! leaves the old row as a dead tuple, and even a plain VACUUM leaves its bytes in the page;
//! `VACUUM FULL` of the touched tables writes them anew and drops the old files. It silently
//! keeps the row versions an older transaction may still see, so it runs only once no
//! transaction older than the erasure is left; while one is, the erasure stays pending in the
//! same way. What neither
//! backend can undo (the bytes of dropped files and truncated logs on the disk, PostgreSQL's
//! WAL segments and archives, backups) is in docs/data-protection.md.
//!
//! A domain that erases adds its erasure table (`erasures`, `exchange_erasures`,
//! `forensic_erasures`, the columns of the registry's in migration 0011) and an `erased_at`
//! column to every table it rewrites.

use crate::{Backend, Conn, Domain, Result, Store, StoreError, Tx, parsed};
use grenzeloos_domain::instruments::Instrument;
use serde::Serialize;
use sqlx::{Executor, Row};
use std::time::Duration;

/// What an erased column holds afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blank {
    Null,
    /// The empty text, for a column that may not be NULL.
    Empty,
    /// A replacement that carries no personal data (a pseudonym made from an identifier).
    Text(String),
}

/// Refuses anything but a plain lower-case SQL name: table and column names are part of the
/// statement, so they must come from the code, never from input.
fn identifier(name: &str) -> Result<&str> {
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        Ok(name)
    } else {
        Err(StoreError::Identifier(name.to_string()))
    }
}

/// Rewrites `columns` in every recorded-time version of the entity whose rows match `key`
/// (column = value, all of them) in `table`, and marks each version erased at the
/// transaction's time (a version erased before keeps its first erasure time). Returns the
/// number of versions rewritten.
pub async fn erase_versions(
    tx: &mut Tx,
    table: &str,
    key: &[(&str, &str)],
    columns: &[(&str, Blank)],
) -> Result<u64> {
    let table = identifier(table)?;
    if key.is_empty() || columns.is_empty() {
        return Err(StoreError::Identifier(format!(
            "{table}: an erasure names its key and its columns"
        )));
    }
    let mut n = 0;
    let mut sets = Vec::new();
    let mut texts = Vec::new();
    for (column, blank) in columns {
        let column = identifier(column)?;
        match blank {
            Blank::Null => sets.push(format!("{column} = NULL")),
            Blank::Empty => sets.push(format!("{column} = ''")),
            Blank::Text(text) => {
                n += 1;
                sets.push(format!("{column} = ${n}"));
                texts.push(text.clone());
            }
        }
    }
    n += 1;
    sets.push(format!("erased_at = COALESCE(erased_at, ${n})"));
    texts.push(tx.now_text());
    let mut conditions = Vec::new();
    for (column, value) in key {
        n += 1;
        conditions.push(format!("{} = ${n}", identifier(column)?));
        texts.push(value.to_string());
    }
    let sql = format!(
        "UPDATE {table} SET {} WHERE {}",
        sets.join(", "),
        conditions.join(" AND ")
    );
    let mut query = sqlx::query(&sql);
    for text in texts {
        query = query.bind(text);
    }
    Ok(query.execute(&mut **tx).await?.rows_affected())
}

/// Erases the personal fields ([`Instrument::erase_personal`]) of every recorded version of
/// the documents of kind `I` for which `concerns` holds, and marks those versions erased.
/// Versions of the same document that concern someone else are left as they are. Returns the
/// number of versions rewritten.
pub async fn erase_documents<I: Instrument>(
    tx: &mut Tx,
    concerns: impl Fn(&I) -> bool,
) -> Result<u64> {
    let rows = sqlx::query("SELECT version_id, id, body FROM instruments WHERE kind = $1")
        .bind(I::KIND)
        .fetch_all(&mut **tx)
        .await?;
    let now = tx.now_text();
    let mut rewritten = 0;
    for row in rows {
        let version: i64 = row.try_get("version_id")?;
        let id: String = row.try_get("id")?;
        let body: String = row.try_get("body")?;
        let mut value: I = parsed(
            &format!("{} '{id}'", I::KIND),
            serde_json::from_str::<I>(&body),
        )?;
        if !concerns(&value) {
            continue;
        }
        value.erase_personal();
        let body = serde_json::to_string(&value)
            .map_err(|e| StoreError::Corrupt(format!("{} cannot be written: {e}", I::KIND)))?;
        sqlx::query(
            "UPDATE instruments SET body = $1, erased_at = COALESCE(erased_at, $2) WHERE version_id = $3",
        )
        .bind(body)
        .bind(&now)
        .bind(version)
        .execute(&mut **tx)
        .await?;
        rewritten += 1;
    }
    Ok(rewritten)
}

/// The erasure table of `domain`.
fn table(domain: Domain) -> &'static str {
    match domain {
        Domain::Registry => "erasures",
        Domain::Exchange => "exchange_erasures",
        Domain::Forensic => "forensic_erasures",
    }
}

/// Why data were erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ground {
    /// Someone asked (the person under AVG Art 17, the staffing desk).
    Request,
    /// A retention review decided so (WPG-02).
    RetentionDecision,
    /// A retention rule erases by itself once due.
    RetentionRule,
}

impl Ground {
    pub fn as_str(self) -> &'static str {
        match self {
            Ground::Request => "request",
            Ground::RetentionDecision => "retention_decision",
            Ground::RetentionRule => "retention_rule",
        }
    }

    fn parse(value: &str) -> Option<Ground> {
        [
            Ground::Request,
            Ground::RetentionDecision,
            Ground::RetentionRule,
        ]
        .into_iter()
        .find(|g| g.as_str() == value)
    }
}

/// One erasure: what, why, by whom, and how far its physical cleanup got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Erasure {
    pub id: String,
    pub subject_type: String,
    pub subject_id: String,
    pub ground: Ground,
    pub category: Option<String>,
    /// Checked by the use case to name no one (it outlives the data).
    pub reason: String,
    pub erased_at: String,
    pub erased_by: String,
    /// Recorded-time versions rewritten, over all tables.
    pub versions: i64,
    /// The tables the erasure rewrote, which [`scrub`] cleans.
    pub tables: Vec<String>,
    /// When the old values were gone from the database files too; None while pending.
    pub scrubbed_at: Option<String>,
    pub scrub_attempts: i64,
    /// What kept the cleanup from completing, or what remains outside our reach.
    pub scrub_note: Option<String>,
}

const COLUMNS: &str = "id, subject_type, subject_id, ground, category, reason, erased_at, erased_by, versions, tables, scrubbed_at, scrub_attempts, scrub_note";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Erasure> {
    let ground: String = row.try_get("ground")?;
    let tables: String = row.try_get("tables")?;
    Ok(Erasure {
        id: row.try_get("id")?,
        subject_type: row.try_get("subject_type")?,
        subject_id: row.try_get("subject_id")?,
        ground: Ground::parse(&ground)
            .ok_or_else(|| StoreError::Corrupt(format!("erasure ground '{ground}'")))?,
        category: row.try_get("category")?,
        reason: row.try_get("reason")?,
        erased_at: row.try_get("erased_at")?,
        erased_by: row.try_get("erased_by")?,
        versions: row.try_get("versions")?,
        tables: tables
            .split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        scrubbed_at: row.try_get("scrubbed_at")?,
        scrub_attempts: row.try_get("scrub_attempts")?,
        scrub_note: row.try_get("scrub_note")?,
    })
}

/// Records an erasure in the transaction's domain, pending its cleanup.
pub async fn log(tx: &mut Tx, erasure: &Erasure) -> Result<()> {
    for name in &erasure.tables {
        identifier(name)?;
    }
    sqlx::query(&format!(
        "INSERT INTO {} ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, 0, NULL)",
        table(tx.domain())
    ))
    .bind(&erasure.id)
    .bind(&erasure.subject_type)
    .bind(&erasure.subject_id)
    .bind(erasure.ground.as_str())
    .bind(&erasure.category)
    .bind(&erasure.reason)
    .bind(&erasure.erased_at)
    .bind(&erasure.erased_by)
    .bind(erasure.versions)
    .bind(erasure.tables.join(","))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The erasures of a subject, oldest first.
pub async fn of_subject(
    conn: &mut Conn,
    domain: Domain,
    subject_type: &str,
    subject_id: &str,
) -> Result<Vec<Erasure>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM {} WHERE subject_type = $1 AND subject_id = $2 ORDER BY erased_at",
        table(domain)
    ))
    .bind(subject_type)
    .bind(subject_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// One erasure by id.
pub async fn one(conn: &mut Conn, domain: Domain, id: &str) -> Result<Option<Erasure>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM {} WHERE id = $1",
        table(domain)
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The erasures whose cleanup has not completed, oldest first.
pub async fn pending(conn: &mut Conn, domain: Domain) -> Result<Vec<Erasure>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM {} WHERE scrubbed_at IS NULL ORDER BY erased_at",
        table(domain)
    ))
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// How far a cleanup got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scrub {
    /// The old values are gone from the database's files (within what the backend allows).
    pub complete: bool,
    pub attempts: u32,
    /// What kept it from completing (no personal data: codes and counts).
    pub note: Option<String>,
}

/// How often and how patiently a cleanup tries.
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    pub attempts: u32,
    /// The pause between attempts.
    pub pause: Duration,
    /// How long one attempt waits for readers (SQLite) or a table lock (PostgreSQL).
    pub wait: Duration,
}

impl Default for Patience {
    /// A few seconds at most: the cleanup runs while the person who erased waits for the
    /// answer; what does not complete is retried by the node's minute.
    fn default() -> Self {
        Patience {
            attempts: 3,
            pause: Duration::from_millis(200),
            wait: Duration::from_millis(1000),
        }
    }
}

/// Removes what the committed erasures left in the database files of `store`'s domain:
/// on SQLite a WAL checkpoint (TRUNCATE), retried while readers hold the log; on PostgreSQL
/// `VACUUM (FULL, ANALYZE)` of `tables`, once no transaction older than the call is left. Runs outside any transaction, holding the domain's writer lock
/// so that no writer of this process queues behind it.
pub async fn scrub(store: &Store, tables: &[String], patience: Patience) -> Result<Scrub> {
    for name in tables {
        identifier(name)?;
    }
    let _writer = store.db.writers[crate::domain_index(store.domain)]
        .clone()
        .lock_owned()
        .await;
    let mut conn = store.db.pool.acquire().await?;
    // This connection's settings change for the cleanup: it is not given back to the pool.
    conn.close_on_drop();
    let wait_ms = patience.wait.as_millis().max(1);
    let mut attempts = 0;
    let mut note = None;
    match store.backend() {
        Backend::Sqlite => {
            sqlx::query(&format!("PRAGMA busy_timeout = {wait_ms}"))
                .execute(&mut *conn)
                .await?;
            while attempts < patience.attempts.max(1) {
                attempts += 1;
                let row = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .fetch_one(&mut *conn)
                    .await?;
                let busy: i64 = row.try_get(0)?;
                let log: i64 = row.try_get(1)?;
                if busy == 0 && log <= 0 {
                    return Ok(Scrub {
                        complete: true,
                        attempts,
                        note: None,
                    });
                }
                note = Some(format!(
                    "sqlite_wal_busy: a reader holds the write-ahead log ({log} page(s) in it); the old pages stay in it until the checkpoint completes"
                ));
                tokio::time::sleep(patience.pause).await;
            }
        }
        Backend::Postgres => {
            (&mut *conn)
                .execute(sqlx::raw_sql(&format!("SET lock_timeout = '{wait_ms}ms'")))
                .await?;
            // VACUUM FULL keeps, silently, every row version that some snapshot may still
            // see. So it runs only once no snapshot can: every transaction that ends before
            // `next` (the first transaction id not yet handed out) is over, the erasures
            // included, and no snapshot older than it is left.
            let next: String = sqlx::query_scalar(
                "SELECT CAST(txid_snapshot_xmax(txid_current_snapshot()) % 4294967296 AS TEXT)",
            )
            .fetch_one(&mut *conn)
            .await?;
            let mut remaining: Vec<&String> = tables.iter().collect();
            while attempts < patience.attempts.max(1) && !remaining.is_empty() {
                attempts += 1;
                let older = older_transactions(&mut conn, &next).await?;
                if older > 0 {
                    note = Some(format!(
                        "postgres_snapshot_held: {older} transaction(s) older than the erasure may still see the old row versions, which stay in the table's pages until they end"
                    ));
                    tokio::time::sleep(patience.wait).await;
                    continue;
                }
                let mut failed = Vec::new();
                for name in remaining {
                    // The simple query protocol (VACUUM cannot be prepared), through
                    // `Executor::execute`, whose boxed future stays `Send`. ANALYZE too: the
                    // table's statistics may hold sampled values.
                    let vacuum = format!("VACUUM (FULL, ANALYZE) {name}");
                    if let Err(error) = (&mut *conn).execute(sqlx::raw_sql(&vacuum)).await {
                        let code = error
                            .as_database_error()
                            .and_then(|e| e.code().map(|c| c.into_owned()))
                            .unwrap_or_default();
                        note = Some(format!(
                            "postgres_vacuum_failed: VACUUM FULL {name} did not complete (SQLSTATE {code}); its dead row versions stay in the table's pages until it does"
                        ));
                        failed.push(name);
                    }
                }
                remaining = failed;
                if remaining.is_empty() {
                    return Ok(Scrub {
                        complete: true,
                        attempts,
                        note: None,
                    });
                }
                tokio::time::sleep(patience.pause).await;
            }
            if remaining.is_empty() {
                return Ok(Scrub {
                    complete: true,
                    attempts,
                    note: None,
                });
            }
        }
    }
    Ok(Scrub {
        complete: false,
        attempts,
        note,
    })
}

/// How many transactions or snapshots may still see row versions that a transaction before
/// `next` (a 32-bit transaction id) deleted: a running transaction of any database with an
/// older id (a snapshot taken now would include it), a snapshot of this database older than
/// it, a standby's feedback, a prepared transaction or a replication slot that holds one.
/// The database role needs `pg_read_all_stats` to see other roles' sessions
/// (docs/data-protection.md).
async fn older_transactions(conn: &mut Conn, next: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT
           (SELECT COUNT(*) FROM pg_stat_activity
             WHERE pid <> pg_backend_pid()
               AND ((backend_xid IS NOT NULL AND age(backend_xid) > age(CAST($1 AS xid)))
                 OR (backend_xmin IS NOT NULL AND age(backend_xmin) > age(CAST($1 AS xid))
                     AND (datname = current_database() OR datname IS NULL))))
         + (SELECT COUNT(*) FROM pg_prepared_xacts WHERE age(transaction) > age(CAST($1 AS xid)))
         + (SELECT COUNT(*) FROM pg_replication_slots
             WHERE xmin IS NOT NULL AND age(xmin) > age(CAST($1 AS xid)))",
    )
    .bind(next)
    .fetch_one(conn)
    .await?)
}

/// Records the outcome of a cleanup for the erasures `ids`.
pub async fn scrubbed(tx: &mut Tx, ids: &[String], scrub: &Scrub) -> Result<()> {
    let now = tx.now_text();
    for id in ids {
        sqlx::query(&format!(
            "UPDATE {} SET scrubbed_at = $1, scrub_attempts = scrub_attempts + $2, scrub_note = $3 WHERE id = $4",
            table(tx.domain())
        ))
        .bind(scrub.complete.then(|| now.clone()))
        .bind(i64::from(scrub.attempts))
        .bind(&scrub.note)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_reach_the_statement() {
        assert_eq!(identifier("officers").ok(), Some("officers"));
        assert_eq!(identifier("exchange_cases2").ok(), Some("exchange_cases2"));
        for bad in ["", "Officers", "officers;drop", "o.name", "2x", "a b"] {
            assert!(identifier(bad).is_err(), "{bad}");
        }
    }
}
