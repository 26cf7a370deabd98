//! The audit trail: append-only, hash-chained, cut into signed segments.
//!
//! Each data domain has its own chain. Each event's hash is SHA-256 over a canonical byte
//! encoding (documented in `docs/audit.md` and below), never over the database's text form, so
//! the chain verifies identically on both backends:
//!
//! ```text
//! "grenzeloos-audit-v1"
//! u64 big-endian seq
//! str at, str actor, str action, str object_type, str object_id, str outcome
//! opt purpose, opt details
//! 32 bytes previous hash (zeros for the first event)
//! where str = u32 big-endian byte length + UTF-8 bytes; opt = 0x00 | 0x01 str
//! ```
//!
//! The chain is cut into segments, one per calendar month (UTC). When a month is over its
//! segment is *sealed*: its first and last event, their number and its head are signed with
//! the node's Ed25519 audit key. The open segment's head is signed at least every minute (a
//! *checkpoint*). Retention removes whole sealed segments and leaves a signed *tombstone* in
//! their place, so [`verify`] still proves what is kept. The signed encodings are in
//! `docs/audit.md` too, each with its own tag.

use crate::{Conn, Domain, Result, StoreError, Tx};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use grenzeloos_domain::data_domain::Month;
use sha2::{Digest, Sha256};
use sqlx::Row;
use std::fmt;

const EVENT_TAG: &[u8] = b"grenzeloos-audit-v1";
const SEAL_TAG: &[u8] = b"grenzeloos-audit-seal-v1";
const CHECKPOINT_TAG: &[u8] = b"grenzeloos-audit-checkpoint-v1";
const TOMBSTONE_TAG: &[u8] = b"grenzeloos-audit-tombstone-v1";
const GENESIS: [u8; 32] = [0; 32];

/// Each domain's audit tables: the registry's keep the names they had before domains.
struct Tables {
    events: &'static str,
    segments: &'static str,
    checkpoints: &'static str,
    tombstones: &'static str,
}

fn tables(domain: Domain) -> Tables {
    match domain {
        Domain::Registry => Tables {
            events: "audit_events",
            segments: "audit_segments",
            checkpoints: "audit_checkpoints",
            tombstones: "audit_tombstones",
        },
        Domain::Exchange => Tables {
            events: "exchange_audit_events",
            segments: "exchange_audit_segments",
            checkpoints: "exchange_audit_checkpoints",
            tombstones: "exchange_audit_tombstones",
        },
        Domain::Forensic => Tables {
            events: "forensic_audit_events",
            segments: "forensic_audit_segments",
            checkpoints: "forensic_audit_checkpoints",
            tombstones: "forensic_audit_tombstones",
        },
    }
}

// -- the key ------------------------------------------------------------------------------------

/// The node's audit key (Ed25519). It lives outside the database, so that someone who can
/// change the database cannot re-sign what they changed. Never printed: `Debug` shows the
/// public half only.
pub struct AuditKey {
    signing: SigningKey,
}

impl AuditKey {
    pub fn from_seed(seed: [u8; 32]) -> AuditKey {
        AuditKey {
            signing: SigningKey::from_bytes(&seed),
        }
    }

    /// A new key from the operating system's random source.
    pub fn generate() -> AuditKey {
        use rand_core::RngCore;
        let mut seed = [0u8; 32];
        rand_core::OsRng.fill_bytes(&mut seed);
        let key = AuditKey::from_seed(seed);
        seed.fill(0);
        key
    }

    /// The secret seed, for writing the key file.
    pub fn seed(&self) -> [u8; 32] {
        self.signing.to_bytes()
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.signing.verifying_key())
    }

    fn sign(&self, message: &[u8]) -> String {
        hex::encode(self.signing.sign(message).to_bytes())
    }
}

impl fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AuditKey(public {})", self.public())
    }
}

/// The public half of an audit key: what a supervisor needs to check the signatures.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// The key as 64 lower-case hex digits (also the key id stored with each signature).
    pub fn hex(&self) -> String {
        hex::encode(self.0.as_bytes())
    }

    pub fn parse(text: &str) -> Option<PublicKey> {
        let bytes: [u8; 32] = hex::decode(text.trim()).ok()?.try_into().ok()?;
        VerifyingKey::from_bytes(&bytes).ok().map(PublicKey)
    }

    fn verifies(&self, message: &[u8], signature_hex: &str) -> bool {
        let Some(bytes) = hex::decode(signature_hex)
            .ok()
            .and_then(|b| <[u8; 64]>::try_from(b).ok())
        else {
            return false;
        };
        self.0
            .verify(message, &Signature::from_bytes(&bytes))
            .is_ok()
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.hex())
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.hex())
    }
}

// -- events -------------------------------------------------------------------------------------

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

fn put_u64(out: &mut Vec<u8>, value: i64) {
    out.extend_from_slice(&(value as u64).to_be_bytes());
}

/// The canonical encoding of an event's content and its link to the previous event.
pub fn canonical_bytes(event: &AuditEvent, prev_hash: &[u8; 32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(EVENT_TAG);
    put_u64(&mut out, event.seq);
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

/// The hash an event must carry after `prev_hash`.
pub fn event_hash(event: &AuditEvent, prev_hash: &[u8; 32]) -> [u8; 32] {
    Sha256::digest(canonical_bytes(event, prev_hash)).into()
}

fn decode_hash(text: &str) -> Option<[u8; 32]> {
    hex::decode(text).ok()?.try_into().ok()
}

/// A stored hash, or an error naming what holds it.
fn stored_hash(text: &str, what: impl FnOnce() -> String) -> Result<[u8; 32]> {
    decode_hash(text).ok_or_else(|| StoreError::Corrupt(format!("{} has a malformed hash", what())))
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

// -- segments, checkpoints, tombstones ---------------------------------------------------------

#[derive(Debug, Clone)]
struct SegmentRow {
    first_seq: i64,
    period: String,
    prev_hash: String,
    last_seq: Option<i64>,
    events: Option<i64>,
    head_hash: Option<String>,
    sealed_at: Option<String>,
    signature: Option<String>,
}

impl SegmentRow {
    fn sealed(&self) -> bool {
        self.signature.is_some()
    }

    fn month(&self) -> Option<Month> {
        Month::parse(&self.period)
    }
}

const SEGMENT_COLUMNS: &str =
    "first_seq, period, prev_hash, last_seq, events, head_hash, sealed_at, signature";

fn segment_from_row(row: &sqlx::any::AnyRow) -> Result<SegmentRow> {
    Ok(SegmentRow {
        first_seq: row.try_get("first_seq")?,
        period: row.try_get("period")?,
        prev_hash: row.try_get("prev_hash")?,
        last_seq: row.try_get("last_seq")?,
        events: row.try_get("events")?,
        head_hash: row.try_get("head_hash")?,
        sealed_at: row.try_get("sealed_at")?,
        signature: row.try_get("signature")?,
    })
}

#[derive(Debug, Clone)]
struct CheckpointRow {
    seq: i64,
    hash: String,
    signed_at: String,
    signature: String,
}

fn checkpoint_from_row(row: &sqlx::any::AnyRow) -> Result<CheckpointRow> {
    Ok(CheckpointRow {
        seq: row.try_get("seq")?,
        hash: row.try_get("hash")?,
        signed_at: row.try_get("signed_at")?,
        signature: row.try_get("signature")?,
    })
}

/// What is left of a segment removed after its retention: enough to prove that the chain
/// after it continues from where it ended, and what went.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Tombstone {
    /// The month the removed segment covered, `YYYY-MM`.
    pub period: String,
    pub first_seq: i64,
    pub last_seq: i64,
    /// How many events were removed.
    pub events: i64,
    /// The hash the segment's first event linked to.
    pub prev_hash: String,
    /// The hash of the segment's last event: the next segment links to it.
    pub head_hash: String,
    /// The retention under which the segment was removed.
    pub retention_months: i64,
    pub purged_at: String,
    /// Who removed it: `cli:<user>`, or `job:audit.purge` for the daily job.
    pub purged_by: String,
    /// The public key that signed the tombstone (hex).
    pub key_id: String,
    /// Ed25519 over the tombstone's canonical encoding (docs/audit.md), hex.
    pub signature: String,
}

const TOMBSTONE_COLUMNS: &str = "first_seq, last_seq, period, events, prev_hash, head_hash, retention_months, purged_at, purged_by, key_id, signature";

fn tombstone_from_row(row: &sqlx::any::AnyRow) -> Result<Tombstone> {
    Ok(Tombstone {
        period: row.try_get("period")?,
        first_seq: row.try_get("first_seq")?,
        last_seq: row.try_get("last_seq")?,
        events: row.try_get("events")?,
        prev_hash: row.try_get("prev_hash")?,
        head_hash: row.try_get("head_hash")?,
        retention_months: row.try_get("retention_months")?,
        purged_at: row.try_get("purged_at")?,
        purged_by: row.try_get("purged_by")?,
        key_id: row.try_get("key_id")?,
        signature: row.try_get("signature")?,
    })
}

/// The signed encoding of a sealed segment.
#[allow(clippy::too_many_arguments)]
pub fn seal_bytes(
    domain: Domain,
    period: &str,
    first_seq: i64,
    last_seq: i64,
    events: i64,
    prev_hash: &[u8; 32],
    head_hash: &[u8; 32],
    sealed_at: &str,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(160);
    out.extend_from_slice(SEAL_TAG);
    put_str(&mut out, domain.as_str());
    put_str(&mut out, period);
    put_u64(&mut out, first_seq);
    put_u64(&mut out, last_seq);
    put_u64(&mut out, events);
    out.extend_from_slice(prev_hash);
    out.extend_from_slice(head_hash);
    put_str(&mut out, sealed_at);
    out
}

/// The signed encoding of a checkpoint: the open segment's head at a moment.
pub fn checkpoint_bytes(domain: Domain, seq: i64, hash: &[u8; 32], signed_at: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(100);
    out.extend_from_slice(CHECKPOINT_TAG);
    put_str(&mut out, domain.as_str());
    put_u64(&mut out, seq);
    out.extend_from_slice(hash);
    put_str(&mut out, signed_at);
    out
}

/// The signed encoding of a tombstone (`None` if a stored hash is malformed).
pub fn tombstone_bytes(domain: Domain, t: &Tombstone) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(200);
    out.extend_from_slice(TOMBSTONE_TAG);
    put_str(&mut out, domain.as_str());
    put_str(&mut out, &t.period);
    put_u64(&mut out, t.first_seq);
    put_u64(&mut out, t.last_seq);
    put_u64(&mut out, t.events);
    out.extend_from_slice(&decode_hash(&t.prev_hash)?);
    out.extend_from_slice(&decode_hash(&t.head_hash)?);
    put_u64(&mut out, t.retention_months);
    put_str(&mut out, &t.purged_at);
    put_str(&mut out, &t.purged_by);
    Some(out)
}

fn seal_signed_by(domain: Domain, s: &SegmentRow, key: &PublicKey) -> bool {
    let (Some(last), Some(events), Some(head), Some(at), Some(signature)) = (
        s.last_seq,
        s.events,
        s.head_hash.as_deref().and_then(decode_hash),
        s.sealed_at.as_deref(),
        s.signature.as_deref(),
    ) else {
        return false;
    };
    let Some(prev) = decode_hash(&s.prev_hash) else {
        return false;
    };
    key.verifies(
        &seal_bytes(
            domain,
            &s.period,
            s.first_seq,
            last,
            events,
            &prev,
            &head,
            at,
        ),
        signature,
    )
}

fn checkpoint_signed_by(domain: Domain, c: &CheckpointRow, key: &PublicKey) -> bool {
    decode_hash(&c.hash).is_some_and(|hash| {
        key.verifies(
            &checkpoint_bytes(domain, c.seq, &hash, &c.signed_at),
            &c.signature,
        )
    })
}

fn tombstone_signed_by(domain: Domain, t: &Tombstone, key: &PublicKey) -> bool {
    tombstone_bytes(domain, t).is_some_and(|bytes| key.verifies(&bytes, &t.signature))
}

async fn segments(conn: &mut Conn, t: &Tables) -> Result<Vec<SegmentRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {SEGMENT_COLUMNS} FROM {} ORDER BY first_seq",
        t.segments
    ))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(segment_from_row).collect()
}

async fn tombstones(conn: &mut Conn, t: &Tables) -> Result<Vec<Tombstone>> {
    let rows = sqlx::query(&format!(
        "SELECT {TOMBSTONE_COLUMNS} FROM {} ORDER BY first_seq",
        t.tombstones
    ))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(tombstone_from_row).collect()
}

/// The newest event (or, when every event went under tombstones, the last tombstone's head).
async fn chain_head(conn: &mut Conn, t: &Tables) -> Result<Option<(i64, [u8; 32])>> {
    let row = sqlx::query(&format!(
        "SELECT seq, hash FROM {} ORDER BY seq DESC LIMIT 1",
        t.events
    ))
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = row {
        let seq: i64 = row.try_get("seq")?;
        let hash: String = row.try_get("hash")?;
        return Ok(Some((
            seq,
            stored_hash(&hash, || format!("audit event {seq}"))?,
        )));
    }
    let row = sqlx::query(&format!(
        "SELECT last_seq, head_hash FROM {} ORDER BY last_seq DESC LIMIT 1",
        t.tombstones
    ))
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        None => Ok(None),
        Some(row) => {
            let seq: i64 = row.try_get("last_seq")?;
            let hash: String = row.try_get("head_hash")?;
            Ok(Some((
                seq,
                stored_hash(&hash, || format!("the tombstone ending at {seq}"))?,
            )))
        }
    }
}

/// The keys (public, hex) that signed anything in `domain`'s chain: a node refuses to start
/// with a key file that is not among them, rather than sign on with the wrong key.
pub async fn signing_keys(conn: &mut Conn, domain: Domain) -> Result<Vec<String>> {
    let t = tables(domain);
    let mut keys: Vec<String> = Vec::new();
    for table in [t.segments, t.checkpoints, t.tombstones] {
        let found: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT DISTINCT key_id FROM {table} WHERE key_id IS NOT NULL"
        ))
        .fetch_all(&mut *conn)
        .await?;
        for key in found {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    Ok(keys)
}

// -- appending ---------------------------------------------------------------------------------

/// An audit event owned, for the group commit of reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedEvent {
    pub actor: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub purpose: Option<String>,
    pub details: Option<String>,
}

impl OwnedEvent {
    fn as_new(&self) -> NewEvent<'_> {
        NewEvent {
            actor: &self.actor,
            action: &self.action,
            object_type: &self.object_type,
            object_id: &self.object_id,
            outcome: Outcome::Ok,
            purpose: self.purpose.as_deref(),
            details: self.details.clone(),
        }
    }
}

type Waiting = (OwnedEvent, tokio::sync::oneshot::Sender<Result<(), String>>);

/// The read events waiting for the domain's writer, and whether a flush is under way.
#[derive(Default)]
pub struct ReadBatch {
    waiting: Vec<Waiting>,
    flushing: bool,
}

impl crate::Store {
    /// Logs a read of personal data (SPOC-13, LED Art 25) before the caller shows it, by group
    /// commit: events that arrive while the domain's writer is busy are appended together in
    /// one transaction, so that a desk reading all day does not queue a transaction per read
    /// on the writer every change waits for. The call returns once its event is committed (or
    /// fails with it); the flush runs in its own task, so a caller that goes away never leaves
    /// the others waiting.
    pub async fn log_read(&self, event: OwnedEvent) -> Result<()> {
        let (done, wait) = tokio::sync::oneshot::channel();
        let batch = self.db.reads[crate::domain_index(self.domain)].clone();
        let lead = {
            let mut queue = batch.lock().unwrap_or_else(|p| p.into_inner());
            queue.waiting.push((event, done));
            !std::mem::replace(&mut queue.flushing, true)
        };
        if lead {
            let store = self.clone();
            tokio::spawn(async move { store.flush_reads(batch).await });
        }
        match wait.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => Err(StoreError::Corrupt(format!(
                "the audit event of a read was not written: {message}"
            ))),
            Err(_) => Err(StoreError::Corrupt(
                "the audit event of a read was not written".to_string(),
            )),
        }
    }

    async fn flush_reads(&self, batch: std::sync::Arc<std::sync::Mutex<ReadBatch>>) {
        loop {
            {
                let mut queue = batch.lock().unwrap_or_else(|p| p.into_inner());
                if queue.waiting.is_empty() {
                    queue.flushing = false;
                    return;
                }
            }
            // Whatever arrives while the writer is busy goes into this one transaction (only
            // the flushing task takes from the queue, so it is not empty here).
            let writer = self.write().await;
            let events = {
                let mut queue = batch.lock().unwrap_or_else(|p| p.into_inner());
                std::mem::take(&mut queue.waiting)
            };
            let outcome = match writer {
                Ok(mut tx) => {
                    let mut appended = Ok(());
                    for (event, _) in &events {
                        if let Err(e) = append(&mut tx, event.as_new()).await {
                            appended = Err(e);
                            break;
                        }
                    }
                    match appended {
                        Ok(()) => tx.commit().await,
                        Err(e) => Err(e),
                    }
                }
                Err(e) => Err(e),
            };
            let outcome = outcome.map_err(|e| e.to_string());
            if let Err(message) = &outcome {
                tracing::error!(error = %message, events = events.len(), "writing the audit events of reads failed");
            }
            for (_, done) in events {
                let _ = done.send(outcome.clone());
            }
        }
    }
}

/// Appends an event to the chain of the transaction's domain. Writers are serialised by
/// [`crate::Store::write`], so reading the head and appending cannot interleave with another
/// writer. The first event of a new month opens a new segment and seals the one before.
pub async fn append(tx: &mut Tx, event: NewEvent<'_>) -> Result<AuditEvent> {
    let t = tables(tx.domain);
    let at = tx.now_text();
    let (prev_seq, prev_hash) = chain_head(tx, &t).await?.unwrap_or((0, GENESIS));
    let seq = prev_seq + 1;
    let open = sqlx::query(&format!(
        "SELECT {SEGMENT_COLUMNS} FROM {} ORDER BY first_seq DESC LIMIT 1",
        t.segments
    ))
    .fetch_optional(&mut **tx)
    .await?
    .map(|row| segment_from_row(&row))
    .transpose()?;
    // A clock set back never reopens a month that is over: an event belongs to the open month
    // or a later one.
    let month = Month::of(tx.now());
    let month = open
        .as_ref()
        .and_then(SegmentRow::month)
        .map_or(month, |open| open.max(month));
    let new_segment = match &open {
        None => true,
        Some(open) => open.sealed() || open.month() != Some(month),
    };
    if new_segment {
        if let Some(open) = open.filter(|s| !s.sealed()) {
            seal(tx, &open, prev_seq).await?;
        }
        sqlx::query(&format!(
            "INSERT INTO {} (first_seq, period, prev_hash) VALUES ($1, $2, $3)",
            t.segments
        ))
        .bind(seq)
        .bind(month.to_string())
        .bind(hex::encode(prev_hash))
        .execute(&mut **tx)
        .await?;
    }
    let mut stored = AuditEvent {
        seq,
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
    sqlx::query(&format!(
        "INSERT INTO {} ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        t.events
    ))
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

// -- walking the chain -------------------------------------------------------------------------

/// The outcome of walking a run of the chain.
struct Walk {
    /// Events that verified.
    checked: i64,
    /// The last event that verified (or where the walk started).
    last: (i64, [u8; 32]),
    broken: Option<(i64, String)>,
}

/// Checks the events `from.0 + 1 ..= to` in order: none missing, each linked to the one before,
/// each hash matching its content. `each` may refuse an event that verified (a signed head
/// that does not match it). Stops at the first break; an event missing at the end is the
/// caller's to judge (it knows whether `to` must exist).
async fn walk(
    conn: &mut Conn,
    events: &str,
    from: (i64, [u8; 32]),
    to: i64,
    mut each: impl FnMut(&AuditEvent) -> Option<(i64, String)>,
) -> Result<Walk> {
    const PAGE: i64 = 5_000;
    let mut walked = Walk {
        checked: 0,
        last: from,
        broken: None,
    };
    loop {
        let expected = walked.last.0 + 1;
        if expected > to {
            return Ok(walked);
        }
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM {events} WHERE seq >= $1 AND seq <= $2 ORDER BY seq LIMIT $3"
        ))
        .bind(expected)
        .bind(to)
        .bind(PAGE)
        .fetch_all(&mut *conn)
        .await?;
        if rows.is_empty() {
            return Ok(walked);
        }
        for row in &rows {
            let event = from_row(row)?;
            let expected = walked.last.0 + 1;
            let hash = decode_hash(&event.hash);
            let problem = if event.seq != expected {
                Some((
                    expected,
                    format!(
                        "event {expected} is missing (deleted); the chain continues at {}",
                        event.seq
                    ),
                ))
            } else if decode_hash(&event.prev_hash) != Some(walked.last.1) {
                Some((
                    expected,
                    "it does not link to the event before it: an event was inserted here, or the one before it was changed and re-hashed"
                        .to_string(),
                ))
            } else if hash != Some(event_hash(&event, &walked.last.1)) {
                Some((
                    expected,
                    "its content was changed after it was written".to_string(),
                ))
            } else {
                each(&event)
            };
            if let Some(problem) = problem {
                walked.broken = Some(problem);
                return Ok(walked);
            }
            walked.last = (event.seq, hash.unwrap_or(GENESIS));
            walked.checked += 1;
        }
    }
}

/// Checks that segment `s` starts where the piece before it (a sealed segment or a
/// tombstone, both signed) ended, or starts the chain. `None` when it does.
async fn check_start(
    conn: &mut Conn,
    domain: Domain,
    s: &SegmentRow,
    key: &PublicKey,
) -> Result<Option<String>> {
    let t = tables(domain);
    let before = sqlx::query(&format!(
        "SELECT {SEGMENT_COLUMNS} FROM {} WHERE first_seq < $1 ORDER BY first_seq DESC LIMIT 1",
        t.segments
    ))
    .bind(s.first_seq)
    .fetch_optional(&mut *conn)
    .await?
    .map(|row| segment_from_row(&row))
    .transpose()?;
    let tomb = sqlx::query(&format!(
        "SELECT {TOMBSTONE_COLUMNS} FROM {} WHERE first_seq < $1 ORDER BY first_seq DESC LIMIT 1",
        t.tombstones
    ))
    .bind(s.first_seq)
    .fetch_optional(&mut *conn)
    .await?
    .map(|row| tombstone_from_row(&row))
    .transpose()?;
    let end = match (before, tomb) {
        (Some(b), Some(t)) if t.first_seq > b.first_seq => Some(Err(t)),
        (Some(b), _) => Some(Ok(b)),
        (None, Some(t)) => Some(Err(t)),
        (None, None) => None,
    };
    let (last, head, signed) = match end {
        None => (0, hex::encode(GENESIS), true),
        Some(Ok(b)) => (
            b.last_seq.unwrap_or(-1),
            b.head_hash.clone().unwrap_or_default(),
            seal_signed_by(domain, &b, key),
        ),
        Some(Err(t)) => (
            t.last_seq,
            t.head_hash.clone(),
            tombstone_signed_by(domain, &t, key),
        ),
    };
    Ok(if !signed {
        Some(format!(
            "the segment before {} is not sealed with the audit key",
            s.period
        ))
    } else if last + 1 != s.first_seq || head != s.prev_hash {
        Some(format!(
            "segment {} does not continue from the end of the one before it",
            s.period
        ))
    } else {
        None
    })
}

/// The newest point of segment `s` up to `to` that a signature vouches for: its latest valid
/// checkpoint, or its start when that links to the signed end of the piece before it. An
/// error names what fails.
async fn anchor(
    conn: &mut Conn,
    domain: Domain,
    s: &SegmentRow,
    to: i64,
    key: &PublicKey,
) -> Result<std::result::Result<(i64, [u8; 32]), String>> {
    let t = tables(domain);
    let checkpoint = sqlx::query(&format!(
        "SELECT seq, hash, signed_at, signature FROM {} WHERE seq >= $1 AND seq <= $2 ORDER BY seq DESC LIMIT 1",
        t.checkpoints
    ))
    .bind(s.first_seq)
    .bind(to)
    .fetch_optional(&mut *conn)
    .await?
    .map(|row| checkpoint_from_row(&row))
    .transpose()?;
    if let Some(c) = checkpoint {
        if !checkpoint_signed_by(domain, &c, key) {
            return Ok(Err(format!(
                "the signed head at event {} is not signed by the audit key",
                c.seq
            )));
        }
        return Ok(Ok((c.seq, decode_hash(&c.hash).unwrap_or(GENESIS))));
    }
    if let Some(problem) = check_start(conn, domain, s, key).await? {
        return Ok(Err(problem));
    }
    Ok(decode_hash(&s.prev_hash)
        .map(|prev| (s.first_seq - 1, prev))
        .ok_or_else(|| format!("segment {} has a malformed start", s.period)))
}

/// Checks the events of `s` from its signed anchor to `last`, so that the node never signs
/// what it has not verified. The head at `last`, or what breaks.
async fn checked_head(
    conn: &mut Conn,
    domain: Domain,
    s: &SegmentRow,
    last: i64,
    key: &PublicKey,
) -> Result<std::result::Result<[u8; 32], String>> {
    let from = match anchor(conn, domain, s, last, key).await? {
        Ok(from) => from,
        Err(problem) => return Ok(Err(problem)),
    };
    let walked = walk(conn, tables(domain).events, from, last, |_| None).await?;
    Ok(match walked.broken {
        Some((seq, problem)) => Err(format!("event {seq}: {problem}")),
        None if walked.last.0 != last => Err(format!("event {} is missing", walked.last.0 + 1)),
        None => Ok(walked.last.1),
    })
}

/// Seals segment `s`, whose last event is `last`, with the transaction's key. A segment whose
/// events do not verify is left unsealed (and the break logged): `verify` reports it.
async fn seal(tx: &mut Tx, s: &SegmentRow, last: i64) -> Result<bool> {
    let key = tx
        .key
        .clone()
        .ok_or(StoreError::NoAuditKey("seal a segment of the audit trail"))?;
    let domain = tx.domain;
    let head = match checked_head(tx, domain, s, last, &key.public()).await? {
        Ok(head) => head,
        Err(problem) => {
            tracing::error!(%domain, period = %s.period, %problem, "the audit chain does not verify: segment not sealed");
            return Ok(false);
        }
    };
    let prev = stored_hash(&s.prev_hash, || format!("audit segment {}", s.period))?;
    let events = last - s.first_seq + 1;
    let sealed_at = tx.now_text();
    let signature = key.sign(&seal_bytes(
        domain,
        &s.period,
        s.first_seq,
        last,
        events,
        &prev,
        &head,
        &sealed_at,
    ));
    sqlx::query(&format!(
        "UPDATE {} SET last_seq = $1, events = $2, head_hash = $3, sealed_at = $4, key_id = $5, signature = $6
         WHERE first_seq = $7 AND signature IS NULL",
        tables(domain).segments
    ))
    .bind(last)
    .bind(events)
    .bind(hex::encode(head))
    .bind(&sealed_at)
    .bind(key.public().hex())
    .bind(&signature)
    .bind(s.first_seq)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// What one round of signing did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signing {
    /// The periods of the segments sealed.
    pub sealed: Vec<String>,
    /// The event whose head was signed in a checkpoint.
    pub checkpoint: Option<i64>,
    /// Why something could not be signed: the chain does not verify there.
    pub refused: Vec<String>,
}

/// Signs what is due in the transaction's domain: seals every segment whose month is over
/// (one written before segments existed included), and signs the open segment's head when it
/// moved since its last checkpoint. Run at least every minute (`serve`), after every command,
/// and at shutdown: the events after the newest signature are the ones that could be dropped
/// unnoticed.
pub async fn sign(tx: &mut Tx) -> Result<Signing> {
    let key = tx
        .key
        .clone()
        .ok_or(StoreError::NoAuditKey("sign the audit trail"))?;
    let public = key.public();
    let domain = tx.domain;
    let t = tables(domain);
    let mut done = Signing::default();
    let all = segments(tx, &t).await?;
    let now = Month::of(tx.now());
    for (i, s) in all.iter().enumerate() {
        if s.sealed() {
            continue;
        }
        let next = all.get(i + 1);
        let Some((head_seq, _)) = chain_head(tx, &t).await? else {
            break;
        };
        let last = match next {
            Some(next) => next.first_seq - 1,
            None if s.month().is_none_or(|m| m < now) => head_seq,
            None => {
                // The open segment: a checkpoint if its head moved.
                let signed: Option<i64> = sqlx::query_scalar(&format!(
                    "SELECT MAX(seq) FROM {} WHERE seq >= $1",
                    t.checkpoints
                ))
                .bind(s.first_seq)
                .fetch_one(&mut **tx)
                .await?;
                if signed == Some(head_seq) || head_seq < s.first_seq {
                    continue;
                }
                match checked_head(tx, domain, s, head_seq, &public).await? {
                    Ok(hash) => {
                        let signed_at = tx.now_text();
                        let signature =
                            key.sign(&checkpoint_bytes(domain, head_seq, &hash, &signed_at));
                        sqlx::query(&format!(
                            "INSERT INTO {} (seq, hash, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5)",
                            t.checkpoints
                        ))
                        .bind(head_seq)
                        .bind(hex::encode(hash))
                        .bind(&signed_at)
                        .bind(public.hex())
                        .bind(&signature)
                        .execute(&mut **tx)
                        .await?;
                        done.checkpoint = Some(head_seq);
                    }
                    Err(problem) => {
                        tracing::error!(%domain, period = %s.period, %problem, "the audit chain does not verify: head not signed");
                        done.refused.push(format!("{}: {problem}", s.period));
                    }
                }
                continue;
            }
        };
        if seal(tx, s, last).await? {
            done.sealed.push(s.period.clone());
        } else {
            done.refused.push(format!("{}: not sealed", s.period));
            // A later segment cannot be sealed on top of one that is not.
            break;
        }
    }
    Ok(done)
}

// -- retention ---------------------------------------------------------------------------------

/// A sealed segment past its retention.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DueSegment {
    pub domain: Domain,
    pub period: String,
    pub first_seq: i64,
    pub last_seq: i64,
    pub events: i64,
}

/// The sealed segments of `domain` whose every event is older than `retention_months` at
/// `now` (oldest first).
pub async fn due_for_purge(
    conn: &mut Conn,
    domain: Domain,
    retention_months: u32,
    now: jiff::Timestamp,
) -> Result<Vec<DueSegment>> {
    let t = tables(domain);
    Ok(segments(conn, &t)
        .await?
        .into_iter()
        .filter(|s| s.sealed())
        .filter(|s| {
            s.month()
                .is_some_and(|m| m.past_retention(retention_months, now))
        })
        .map(|s| DueSegment {
            domain,
            first_seq: s.first_seq,
            last_seq: s.last_seq.unwrap_or(s.first_seq),
            events: s.events.unwrap_or(0),
            period: s.period,
        })
        .collect())
}

/// Removes segment `due` and leaves a signed tombstone, after checking that the segment
/// verifies: a purge never hides tampering. Refused (with the break) when it does not.
pub async fn purge(
    tx: &mut Tx,
    due: &DueSegment,
    retention_months: u32,
    by: &str,
) -> Result<std::result::Result<Tombstone, Break>> {
    let key = tx
        .key
        .clone()
        .ok_or(StoreError::NoAuditKey("purge the audit trail"))?;
    let public = key.public();
    let domain = tx.domain;
    let t = tables(domain);
    let refuse = |seq: i64, problem: String| {
        Ok(Err(Break {
            domain,
            seq,
            segment: Some(due.period.clone()),
            problem,
        }))
    };
    let Some(s) = segments(tx, &t)
        .await?
        .into_iter()
        .find(|s| s.first_seq == due.first_seq)
    else {
        return refuse(due.first_seq, "the segment is gone".to_string());
    };
    if !seal_signed_by(domain, &s, &public) || s.last_seq != Some(due.last_seq) {
        return refuse(
            s.first_seq,
            "its seal is not signed by the audit key".to_string(),
        );
    }
    if let Some(problem) = check_start(tx, domain, &s, &public).await? {
        return refuse(s.first_seq, problem);
    }
    let prev = stored_hash(&s.prev_hash, || format!("audit segment {}", s.period))?;
    let walked = walk(tx, t.events, (s.first_seq - 1, prev), due.last_seq, |_| {
        None
    })
    .await?;
    if let Some((seq, problem)) = walked.broken {
        return refuse(seq, problem);
    }
    if walked.last.0 != due.last_seq
        || Some(hex::encode(walked.last.1)) != s.head_hash
        || walked.checked != due.last_seq - s.first_seq + 1
    {
        return refuse(
            walked.last.0 + 1,
            "its events do not match its seal".to_string(),
        );
    }
    let mut tombstone = Tombstone {
        period: s.period.clone(),
        first_seq: s.first_seq,
        last_seq: due.last_seq,
        events: walked.checked,
        prev_hash: s.prev_hash.clone(),
        head_hash: hex::encode(walked.last.1),
        retention_months: i64::from(retention_months),
        purged_at: tx.now_text(),
        purged_by: by.to_string(),
        key_id: public.hex(),
        signature: String::new(),
    };
    let bytes = tombstone_bytes(domain, &tombstone)
        .ok_or_else(|| StoreError::Corrupt(format!("audit segment {}", s.period)))?;
    tombstone.signature = key.sign(&bytes);
    sqlx::query(&format!(
        "INSERT INTO {} ({TOMBSTONE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        t.tombstones
    ))
    .bind(tombstone.first_seq)
    .bind(tombstone.last_seq)
    .bind(&tombstone.period)
    .bind(tombstone.events)
    .bind(&tombstone.prev_hash)
    .bind(&tombstone.head_hash)
    .bind(tombstone.retention_months)
    .bind(&tombstone.purged_at)
    .bind(&tombstone.purged_by)
    .bind(&tombstone.key_id)
    .bind(&tombstone.signature)
    .execute(&mut **tx)
    .await?;
    // The guards let these go only now that a tombstone covers them.
    for (table, column) in [
        (t.checkpoints, "seq"),
        (t.events, "seq"),
        (t.segments, "first_seq"),
    ] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE {column} >= $1 AND {column} <= $2"
        ))
        .bind(tombstone.first_seq)
        .bind(tombstone.last_seq)
        .execute(&mut **tx)
        .await?;
    }
    Ok(Ok(tombstone))
}

// -- verifying ---------------------------------------------------------------------------------

/// The first thing in a chain that does not verify.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Break {
    /// The domain whose chain breaks.
    #[schema(value_type = String, example = "registry")]
    pub domain: Domain,
    /// The first event that does not verify, or from which on the events cannot be trusted.
    pub seq: i64,
    /// The segment (month, `YYYY-MM`) it lies in, when known.
    pub segment: Option<String>,
    pub problem: String,
}

/// An event of the chain: its sequence number and hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

/// The newest head the audit key vouches for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct SignedHead {
    pub seq: i64,
    pub hash: String,
    pub signed_at: String,
    /// `checkpoint` (the open segment's head, signed every minute), `seal` (a month's end) or
    /// `tombstone` (the end of a removed segment).
    pub by: String,
}

/// One segment kept in the chain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct SegmentSummary {
    /// The month, `YYYY-MM`.
    pub period: String,
    pub first_seq: i64,
    pub last_seq: i64,
    pub events: i64,
    /// Sealed (its month is over and its head signed), or open.
    pub sealed: bool,
    pub sealed_at: Option<String>,
}

/// What verifying one domain's chain found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct DomainVerification {
    #[schema(value_type = String, example = "registry")]
    pub domain: Domain,
    /// Events checked before the first break (all kept events when intact).
    pub events: i64,
    /// The last intact event: write it down elsewhere to detect a later rollback.
    pub head: Option<Head>,
    /// The newest signature over the chain.
    pub signed_head: Option<SignedHead>,
    /// Events after the newest signature: at most the last minute's, which could be dropped
    /// unnoticed.
    pub unsigned: i64,
    pub segments: Vec<SegmentSummary>,
    /// The periods removed after their retention, each with its signed tombstone.
    pub purged: Vec<Tombstone>,
    pub broken: Option<Break>,
}

/// What verifying every domain found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Verification {
    /// Events checked in all domains before the first break.
    pub events: i64,
    /// `[seq, hash]` of the registry chain's last intact event (as before domains existed;
    /// each domain's head is in `domains`).
    #[schema(value_type = Option<Vec<Object>>)]
    pub head: Option<(i64, String)>,
    /// The first break, in the first domain that has one; null when everything verifies.
    pub broken: Option<Break>,
    /// The public audit key the signatures were checked against (hex).
    pub key: String,
    pub domains: Vec<DomainVerification>,
}

impl Verification {
    /// The verdict over several domains, in the order given.
    pub fn of(key: &PublicKey, domains: Vec<DomainVerification>) -> Verification {
        Verification {
            events: domains.iter().map(|d| d.events).sum(),
            head: domains
                .iter()
                .find(|d| d.domain == Domain::Registry)
                .and_then(|d| d.head.as_ref())
                .map(|h| (h.seq, h.hash.clone())),
            broken: domains.iter().find_map(|d| d.broken.clone()),
            key: key.hex(),
            domains,
        }
    }
}

enum Piece {
    Segment(SegmentRow),
    Tombstone(Tombstone),
}

impl Piece {
    fn first_seq(&self) -> i64 {
        match self {
            Piece::Segment(s) => s.first_seq,
            Piece::Tombstone(t) => t.first_seq,
        }
    }
    fn period(&self) -> &str {
        match self {
            Piece::Segment(s) => &s.period,
            Piece::Tombstone(t) => &t.period,
        }
    }
    fn prev_hash(&self) -> &str {
        match self {
            Piece::Segment(s) => &s.prev_hash,
            Piece::Tombstone(t) => &t.prev_hash,
        }
    }
}

/// Checks `domain`'s whole chain against `key`: every segment and the links between them,
/// every event, every seal, checkpoint and tombstone. Reports the first thing that does not
/// verify.
pub async fn verify(
    conn: &mut Conn,
    domain: Domain,
    key: &PublicKey,
) -> Result<DomainVerification> {
    let t = tables(domain);
    let segment_rows = segments(conn, &t).await?;
    let purged = tombstones(conn, &t).await?;
    let checkpoints: Vec<CheckpointRow> = sqlx::query(&format!(
        "SELECT seq, hash, signed_at, signature FROM {} ORDER BY seq",
        t.checkpoints
    ))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(checkpoint_from_row)
    .collect::<Result<_>>()?;
    let newest: Option<i64> = sqlx::query_scalar(&format!("SELECT MAX(seq) FROM {}", t.events))
        .fetch_one(&mut *conn)
        .await?;

    let mut pieces: Vec<Piece> = segment_rows
        .iter()
        .cloned()
        .map(Piece::Segment)
        .chain(purged.iter().cloned().map(Piece::Tombstone))
        .collect();
    pieces.sort_by_key(Piece::first_seq);

    let mut report = DomainVerification {
        domain,
        events: 0,
        head: None,
        signed_head: None,
        unsigned: 0,
        segments: Vec::new(),
        purged,
        broken: None,
    };
    let mut at = (0i64, GENESIS);
    // The newest point a signature vouches for, and how many events lay before it.
    let mut vouched = (0i64, 0i64);
    let mut checkpoints = checkpoints.iter().peekable();
    let broken = |seq: i64, segment: Option<&str>, problem: String| Break {
        domain,
        seq,
        segment: segment.map(str::to_string),
        problem,
    };

    let last_piece = pieces.len().saturating_sub(1);
    for (i, piece) in pieces.iter().enumerate() {
        let expected = at.0 + 1;
        let period = piece.period().to_string();
        if piece.first_seq() > expected {
            report.broken = Some(broken(
                expected,
                None,
                format!(
                    "events {expected}–{} are missing: a segment was removed without a tombstone",
                    piece.first_seq() - 1
                ),
            ));
            break;
        }
        if piece.first_seq() < expected {
            report.broken = Some(broken(
                piece.first_seq(),
                Some(&period),
                format!("segment {period} overlaps the one before it"),
            ));
            break;
        }
        if decode_hash(piece.prev_hash()) != Some(at.1) {
            report.broken = Some(broken(
                piece.first_seq(),
                Some(&period),
                format!("segment {period} does not link to the end of the one before it"),
            ));
            break;
        }
        match piece {
            Piece::Tombstone(tomb) => {
                if !tombstone_signed_by(domain, tomb, key) {
                    report.broken = Some(broken(
                        tomb.first_seq,
                        Some(&period),
                        format!("the tombstone of {period} is not signed by the audit key"),
                    ));
                    break;
                }
                let left: i64 = sqlx::query_scalar(&format!(
                    "SELECT COUNT(*) FROM {} WHERE seq >= $1 AND seq <= $2",
                    t.events
                ))
                .bind(tomb.first_seq)
                .bind(tomb.last_seq)
                .fetch_one(&mut *conn)
                .await?;
                if left > 0 || tomb.events != tomb.last_seq - tomb.first_seq + 1 {
                    report.broken = Some(broken(
                        tomb.first_seq,
                        Some(&period),
                        format!("the tombstone of {period} does not match what is stored"),
                    ));
                    break;
                }
                while checkpoints.next_if(|c| c.seq <= tomb.last_seq).is_some() {}
                at = (
                    tomb.last_seq,
                    decode_hash(&tomb.head_hash).unwrap_or(GENESIS),
                );
                vouched = (tomb.last_seq, report.events);
                report.signed_head = Some(SignedHead {
                    seq: tomb.last_seq,
                    hash: tomb.head_hash.clone(),
                    signed_at: tomb.purged_at.clone(),
                    by: "tombstone".to_string(),
                });
            }
            Piece::Segment(s) => {
                let sealed = s.sealed();
                if sealed && !seal_signed_by(domain, s, key) {
                    report.broken = Some(broken(
                        s.first_seq,
                        Some(&period),
                        format!("the seal of segment {period} is not signed by the audit key"),
                    ));
                    break;
                }
                if !sealed && i != last_piece {
                    report.broken = Some(broken(
                        s.first_seq,
                        Some(&period),
                        format!(
                            "segment {period} was closed (the next begins at event {}) but never sealed",
                            pieces[i + 1].first_seq()
                        ),
                    ));
                    break;
                }
                let end = if sealed {
                    s.last_seq.unwrap_or(s.first_seq)
                } else {
                    newest.unwrap_or(at.0).max(at.0)
                };
                let before = report.events;
                let mut rewritten: Option<Break> = None;
                let mut signed_head = report.signed_head.clone();
                let mut vouched_here = vouched;
                let walked = walk(conn, t.events, at, end, |event| {
                    if let Some(c) = checkpoints.next_if(|c| c.seq < event.seq) {
                        // A checkpoint at an event the walk never met: that event is gone.
                        return Some((
                            c.seq,
                            "event is missing (deleted) although its head was signed".to_string(),
                        ));
                    }
                    let c = checkpoints.next_if(|c| c.seq == event.seq)?;
                    if !checkpoint_signed_by(domain, c, key) {
                        return Some((
                            event.seq,
                            format!(
                                "the signed head at event {} is not signed by the audit key",
                                c.seq
                            ),
                        ));
                    }
                    if c.hash != event.hash {
                        rewritten = Some(broken(
                            vouched_here.0 + 1,
                            Some(&period),
                            format!(
                                "the chain was rewritten after event {}: the head signed at {} (event {}) does not match it",
                                vouched_here.0, c.signed_at, c.seq
                            ),
                        ));
                        return Some((event.seq, String::new()));
                    }
                    vouched_here = (event.seq, before + (event.seq - s.first_seq) + 1);
                    signed_head = Some(SignedHead {
                        seq: c.seq,
                        hash: c.hash.clone(),
                        signed_at: c.signed_at.clone(),
                        by: "checkpoint".to_string(),
                    });
                    None
                })
                .await?;
                report.signed_head = signed_head;
                vouched = vouched_here;
                if let Some(rewrite) = rewritten {
                    report.events = vouched.1;
                    report.broken = Some(rewrite);
                    break;
                }
                report.events += walked.checked;
                if let Some((seq, problem)) = walked.broken {
                    report.broken = Some(broken(seq, Some(&period), problem));
                    break;
                }
                if walked.last.0 < end {
                    report.broken = Some(broken(
                        walked.last.0 + 1,
                        Some(&period),
                        format!("event {} is missing (deleted)", walked.last.0 + 1),
                    ));
                    break;
                }
                if sealed {
                    if s.head_hash.as_deref() != Some(hex::encode(walked.last.1).as_str())
                        || s.events != Some(end - s.first_seq + 1)
                    {
                        report.events = vouched.1;
                        report.broken = Some(broken(
                            vouched.0 + 1,
                            Some(&period),
                            format!(
                                "the chain was rewritten after event {}: the seal of segment {period} does not match it",
                                vouched.0
                            ),
                        ));
                        break;
                    }
                    vouched = (end, report.events);
                    report.signed_head = Some(SignedHead {
                        seq: end,
                        hash: hex::encode(walked.last.1),
                        signed_at: s.sealed_at.clone().unwrap_or_default(),
                        by: "seal".to_string(),
                    });
                }
                if walked.last.0 >= s.first_seq {
                    report.segments.push(SegmentSummary {
                        period: period.clone(),
                        first_seq: s.first_seq,
                        last_seq: walked.last.0,
                        events: walked.last.0 - s.first_seq + 1,
                        sealed,
                        sealed_at: s.sealed_at.clone(),
                    });
                }
                at = walked.last;
            }
        }
    }
    if report.broken.is_none() {
        if let Some(newest) = newest.filter(|n| *n > at.0) {
            report.broken = Some(broken(
                at.0 + 1,
                None,
                format!("events {}–{newest} belong to no segment", at.0 + 1),
            ));
        } else if let Some(c) = checkpoints.next() {
            report.broken = Some(broken(
                at.0 + 1,
                None,
                format!(
                    "the newest events were deleted: a head was signed at event {} ({}), but the chain ends at event {}",
                    c.seq, c.signed_at, at.0
                ),
            ));
        }
    }
    if report.broken.is_none() {
        report.head = (at.0 > 0).then(|| Head {
            seq: at.0,
            hash: hex::encode(at.1),
        });
        report.unsigned = at.0 - vouched.0;
    }
    Ok(report)
}

// -- reading -----------------------------------------------------------------------------------

/// Filters for reading the trail; all optional, combined with AND.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub actor: Option<String>,
    pub action: Option<String>,
    /// Only events whose action is one of these (the supervisor's "consultations of personal
    /// data"); empty: any action.
    pub actions: Vec<String>,
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

/// The registry's events, newest first.
pub async fn list(conn: &mut Conn, filter: &Filter) -> Result<Vec<AuditEvent>> {
    list_in(conn, Domain::Registry, filter).await
}

/// `domain`'s events, newest first.
pub async fn list_in(conn: &mut Conn, domain: Domain, filter: &Filter) -> Result<Vec<AuditEvent>> {
    let mut sql = format!(
        "SELECT {COLUMNS} FROM {} WHERE 1 = 1",
        tables(domain).events
    );
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
    if !filter.actions.is_empty() {
        let first = binds.len() + 1;
        binds.extend(filter.actions.iter().cloned());
        let places: Vec<String> = (first..=binds.len()).map(|i| format!("${i}")).collect();
        sql.push_str(&format!(" AND action IN ({})", places.join(", ")));
    }
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

    /// Pins the signed encodings of docs/audit.md (the digests were computed independently from
    /// the document): a change here would make every stored seal, checkpoint and tombstone fail
    /// to verify.
    #[test]
    fn the_signed_encodings_are_stable() {
        let key = AuditKey::from_seed([7; 32]);
        let public = key.public();
        assert_eq!(
            public.hex(),
            "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c"
        );
        let seal = seal_bytes(
            Domain::Forensic,
            "2026-03",
            1,
            10,
            10,
            &GENESIS,
            &[0xab; 32],
            "2026-04-01T00:00:05.000000Z",
        );
        assert_eq!(
            hex::encode(Sha256::digest(&seal)),
            "154ecd8c2115660f44376e446fe974e07d00a00a40e07e9cfcc340996d28fc97"
        );
        let checkpoint = checkpoint_bytes(
            Domain::Registry,
            42,
            &[0xcd; 32],
            "2026-03-16T09:01:00.000000Z",
        );
        assert_eq!(
            hex::encode(Sha256::digest(&checkpoint)),
            "8ac90211e272835b17d60b819d9c48f8aeb336197eea458f02a5287871823049"
        );
        let tombstone = Tombstone {
            period: "2023-01".into(),
            first_seq: 1,
            last_seq: 3,
            events: 3,
            prev_hash: hex::encode(GENESIS),
            head_hash: hex::encode([0xef; 32]),
            retention_months: 36,
            purged_at: "2026-03-16T09:00:00.000000Z".into(),
            purged_by: "job:audit.purge".into(),
            key_id: public.hex(),
            signature: String::new(),
        };
        let bytes = tombstone_bytes(Domain::Forensic, &tombstone).unwrap();
        assert_eq!(
            hex::encode(Sha256::digest(&bytes)),
            "b8884e68f96030f7076a1b3ae4b416cb913596b9ca2311e7a11786794d208151"
        );
        // Ed25519 is deterministic: the same key signs the same bytes the same way.
        let signature = key.sign(&bytes);
        assert_eq!(signature, key.sign(&bytes));
        assert!(public.verifies(&bytes, &signature));
        assert!(!public.verifies(&seal, &signature));
        assert!(
            !AuditKey::from_seed([8; 32])
                .public()
                .verifies(&bytes, &signature)
        );
    }

    #[test]
    fn the_key_is_never_shown() {
        let key = AuditKey::from_seed([7; 32]);
        let shown = format!("{key:?}");
        assert!(!shown.contains(&hex::encode([7u8; 32])), "{shown}");
        assert!(shown.contains(&key.public().hex()));
        assert_eq!(PublicKey::parse(&key.public().hex()), Some(key.public()));
        assert_eq!(PublicKey::parse("abc"), None);
    }
}
