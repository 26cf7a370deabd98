//! The audit trail: append-only and hash-chained.
//!
//! Each event's hash is SHA-256 over a canonical byte encoding (documented in `docs/audit.md`
//! and below), never over the database's text form, so the chain verifies identically on both
//! backends:
//!
//! ```text
//! "grenzeloos-audit-v1"
//! u64 big-endian seq
//! str at, str actor, str action, str object_type, str object_id, str outcome
//! opt purpose, opt details
//! 32 bytes previous hash (zeros for the first event)
//! where str = u32 big-endian byte length + UTF-8 bytes; opt = 0x00 | 0x01 str
//! ```

use crate::{Conn, Result, StoreError, Tx};
use sha2::{Digest, Sha256};
use sqlx::Row;

const DOMAIN_TAG: &[u8] = b"grenzeloos-audit-v1";
const GENESIS: [u8; 32] = [0; 32];

/// How an audited action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Refused for lack of permission.
    Denied,
    /// Refused for another reason (wrong password, locked account).
    Failed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Denied => "denied",
            Outcome::Failed => "failed",
        }
    }
}

/// An event to append. `details` holds no personal data: identifiers and field names only.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: &'a str,
    pub outcome: Outcome,
    /// The stated purpose of a read of personal data.
    pub purpose: Option<&'a str>,
    pub details: Option<String>,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEvent {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub outcome: String,
    pub purpose: Option<String>,
    pub details: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

fn put_str(out: &mut Vec<u8>, value: &str) {
    out.extend_from_slice(&(value.len() as u32).to_be_bytes());
    out.extend_from_slice(value.as_bytes());
}

fn put_opt(out: &mut Vec<u8>, value: Option<&str>) {
    match value {
        None => out.push(0),
        Some(value) => {
            out.push(1);
            put_str(out, value);
        }
    }
}

/// The canonical encoding of an event's content and its link to the previous event.
pub fn canonical_bytes(event: &AuditEvent, prev_hash: &[u8; 32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(DOMAIN_TAG);
    out.extend_from_slice(&(event.seq as u64).to_be_bytes());
    for field in [
        &event.at,
        &event.actor,
        &event.action,
        &event.object_type,
        &event.object_id,
        &event.outcome,
    ] {
        put_str(&mut out, field);
    }
    put_opt(&mut out, event.purpose.as_deref());
    put_opt(&mut out, event.details.as_deref());
    out.extend_from_slice(prev_hash);
    out
}

fn event_hash(event: &AuditEvent, prev_hash: &[u8; 32]) -> [u8; 32] {
    Sha256::digest(canonical_bytes(event, prev_hash)).into()
}

fn decode_hash(text: &str) -> Option<[u8; 32]> {
    hex::decode(text).ok()?.try_into().ok()
}

const COLUMNS: &str =
    "seq, at, actor, action, object_type, object_id, outcome, purpose, details, prev_hash, hash";

fn from_row(row: &sqlx::any::AnyRow) -> Result<AuditEvent> {
    Ok(AuditEvent {
        seq: row.try_get("seq")?,
        at: row.try_get("at")?,
        actor: row.try_get("actor")?,
        action: row.try_get("action")?,
        object_type: row.try_get("object_type")?,
        object_id: row.try_get("object_id")?,
        outcome: row.try_get("outcome")?,
        purpose: row.try_get("purpose")?,
        details: row.try_get("details")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

/// Appends an event inside the transaction. Writers are serialised by [`crate::Store::write`],
/// so reading the head and appending cannot interleave with another writer.
pub async fn append(tx: &mut Tx, event: NewEvent<'_>) -> Result<AuditEvent> {
    let at = tx.now_text();
    let head = sqlx::query("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
        .fetch_optional(&mut **tx)
        .await?;
    let (prev_seq, prev_hash) = match head {
        None => (0, GENESIS),
        Some(row) => {
            let seq: i64 = row.try_get("seq")?;
            let hash: String = row.try_get("hash")?;
            let hash = decode_hash(&hash).ok_or_else(|| {
                StoreError::Corrupt(format!("audit event {seq} has a malformed hash"))
            })?;
            (seq, hash)
        }
    };
    let mut stored = AuditEvent {
        seq: prev_seq + 1,
        at,
        actor: event.actor.to_string(),
        action: event.action.to_string(),
        object_type: event.object_type.to_string(),
        object_id: event.object_id.to_string(),
        outcome: event.outcome.as_str().to_string(),
        purpose: event.purpose.map(str::to_string),
        details: event.details,
        prev_hash: hex::encode(prev_hash),
        hash: String::new(),
    };
    stored.hash = hex::encode(event_hash(&stored, &prev_hash));
    sqlx::query(
        "INSERT INTO audit_events (seq, at, actor, action, object_type, object_id, outcome, purpose, details, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(stored.seq)
    .bind(&stored.at)
    .bind(&stored.actor)
    .bind(&stored.action)
    .bind(&stored.object_type)
    .bind(&stored.object_id)
    .bind(&stored.outcome)
    .bind(&stored.purpose)
    .bind(&stored.details)
    .bind(&stored.prev_hash)
    .bind(&stored.hash)
    .execute(&mut **tx)
    .await?;
    Ok(stored)
}

/// The result of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Verification {
    /// Events checked before the first break (all of them when intact).
    pub events: i64,
    /// Sequence number and hash of the last intact event: write it down elsewhere to detect a
    /// later truncation or a rewrite of the whole chain.
    pub head: Option<(i64, String)>,
    pub broken: Option<Break>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Break {
    /// The first event that does not verify.
    pub seq: i64,
    pub problem: String,
}

/// Walks the chain from the first event and reports the first one that does not verify.
pub async fn verify(conn: &mut Conn) -> Result<Verification> {
    const PAGE: i64 = 5_000;
    let mut expected_seq = 1;
    let mut prev_hash = GENESIS;
    let mut checked = 0;
    let mut head = None;
    loop {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM audit_events WHERE seq >= $1 ORDER BY seq LIMIT $2"
        ))
        .bind(expected_seq)
        .bind(PAGE)
        .fetch_all(&mut *conn)
        .await?;
        if rows.is_empty() {
            return Ok(Verification {
                events: checked,
                head,
                broken: None,
            });
        }
        for row in &rows {
            let event = from_row(row)?;
            let problem = if event.seq != expected_seq {
                Some(format!(
                    "event {expected_seq} is missing (deleted); the chain continues at {}",
                    event.seq
                ))
            } else if decode_hash(&event.prev_hash) != Some(prev_hash) {
                Some(
                    "it does not link to the event before it: an event was inserted here, or the one before it was changed and re-hashed"
                        .to_string(),
                )
            } else if decode_hash(&event.hash) != Some(event_hash(&event, &prev_hash)) {
                Some("its content was changed after it was written".to_string())
            } else {
                None
            };
            if let Some(problem) = problem {
                return Ok(Verification {
                    events: checked,
                    head,
                    broken: Some(Break {
                        seq: expected_seq,
                        problem,
                    }),
                });
            }
            prev_hash = decode_hash(&event.hash).unwrap_or(GENESIS);
            head = Some((event.seq, event.hash));
            expected_seq += 1;
            checked += 1;
        }
    }
}

/// Filters for reading the trail; all optional, combined with AND.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    /// Inclusive lower bound on `at` (stored text form or a prefix such as a date).
    pub from: Option<String>,
    /// Exclusive upper bound on `at`.
    pub until: Option<String>,
    pub limit: i64,
    /// Only events with a sequence number below this (for paging backwards).
    pub before_seq: Option<i64>,
}

/// Newest first.
pub async fn list(conn: &mut Conn, filter: &Filter) -> Result<Vec<AuditEvent>> {
    let mut sql = format!("SELECT {COLUMNS} FROM audit_events WHERE 1 = 1");
    let mut binds: Vec<String> = Vec::new();
    let mut add = |sql: &mut String, clause: &str, value: &Option<String>| {
        if let Some(value) = value {
            binds.push(value.clone());
            sql.push_str(&format!(" AND {clause} ${}", binds.len()));
        }
    };
    add(&mut sql, "actor =", &filter.actor);
    add(&mut sql, "action =", &filter.action);
    add(&mut sql, "object_type =", &filter.object_type);
    add(&mut sql, "object_id =", &filter.object_id);
    add(&mut sql, "at >=", &filter.from);
    add(&mut sql, "at <", &filter.until);
    let mut n = binds.len();
    if filter.before_seq.is_some() {
        n += 1;
        sql.push_str(&format!(" AND seq < ${n}"));
    }
    sql.push_str(&format!(" ORDER BY seq DESC LIMIT ${}", n + 1));
    let mut query = sqlx::query(&sql);
    for value in &binds {
        query = query.bind(value);
    }
    if let Some(before) = filter.before_seq {
        query = query.bind(before);
    }
    let rows = query
        .bind(filter.limit.clamp(1, 10_000))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> AuditEvent {
        AuditEvent {
            seq: 1,
            at: "2024-04-17T10:00:00.000000Z".into(),
            actor: "admin".into(),
            action: "mission.create".into(),
            object_type: "mission".into(),
            object_id: "0192".into(),
            outcome: "ok".into(),
            purpose: None,
            details: None,
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn the_encoding_separates_fields_unambiguously() {
        let a = event();
        let mut b = event();
        b.actor = "admi".into();
        b.action = "nmission.create".into();
        assert_ne!(canonical_bytes(&a, &GENESIS), canonical_bytes(&b, &GENESIS));
        let mut c = event();
        c.purpose = Some(String::new());
        assert_ne!(canonical_bytes(&a, &GENESIS), canonical_bytes(&c, &GENESIS));
    }

    #[test]
    fn the_hash_covers_every_field_and_the_link() {
        let base = event_hash(&event(), &GENESIS);
        let mut changed = event();
        changed.outcome = "denied".into();
        assert_ne!(base, event_hash(&changed, &GENESIS));
        assert_ne!(base, event_hash(&event(), &[1; 32]));
        let mut renumbered = event();
        renumbered.seq = 2;
        assert_ne!(base, event_hash(&renumbered, &GENESIS));
    }

    #[test]
    fn the_hash_is_stable() {
        // Pins the documented encoding: a change here would break every existing chain.
        assert_eq!(
            hex::encode(event_hash(&event(), &GENESIS)),
            "f5b58c55ec3342f6ca0db360539238d6925e66862919b86e2f416664529df74d"
        );
    }
}
