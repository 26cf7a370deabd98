//! The SPOC desk's cases in the exchange domain (issue 14): the case row with the columns the
//! dashboard and the Art 18 statistics read, its subjects, the cross-check index (SPOC-04),
//! its clarification suspensions, its communications (SPOC-03) and the outbox of messages to
//! partners. Every write goes through a [`Tx`] of the exchange domain, with its audit event.

use crate::{Conn, Result, Tx};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;

/// One case as stored. `content` (the request, JSON) is personal data and `None` once erased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseRow {
    pub id: String,
    pub reference: String,
    pub direction: String,
    pub partner: String,
    pub received_at: String,
    pub urgency: String,
    pub urgency_ground: Option<String>,
    pub availability: String,
    pub language: String,
    pub channel: String,
    pub channel_exception: Option<String>,
    pub europol_copy: bool,
    pub partner_reference: Option<String>,
    pub status: String,
    pub deadline: Option<String>,
    pub assignee: Option<String>,
    #[serde(skip)]
    pub content: Option<String>,
    pub answered_at: Option<String>,
    pub in_time: Option<bool>,
    pub refusal_grounds: Option<String>,
    pub refused_in_part: bool,
    pub judicial_delay: bool,
    pub concluded_at: Option<String>,
    pub review_due: Option<String>,
    pub erased_at: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    /// A Benelux request made orally (BNL-02), and when its written confirmation was recorded.
    pub oral: bool,
    pub oral_confirmed_at: Option<String>,
}

const CASE_COLUMNS: &str = "id, reference, direction, partner, received_at, urgency, urgency_ground, \
    availability, language, channel, channel_exception, europol_copy, partner_reference, status, \
    deadline, assignee, content, answered_at, in_time, refusal_grounds, refused_in_part, \
    judicial_delay, concluded_at, review_due, erased_at, created_at, created_by, updated_at, oral, oral_confirmed_at";

fn flag(row: &AnyRow, column: &str) -> Result<bool> {
    Ok(row.try_get::<i64, _>(column)? != 0)
}

fn case_from_row(row: &AnyRow) -> Result<CaseRow> {
    Ok(CaseRow {
        id: row.try_get("id")?,
        reference: row.try_get("reference")?,
        direction: row.try_get("direction")?,
        partner: row.try_get("partner")?,
        received_at: row.try_get("received_at")?,
        urgency: row.try_get("urgency")?,
        urgency_ground: row.try_get("urgency_ground")?,
        availability: row.try_get("availability")?,
        language: row.try_get("language")?,
        channel: row.try_get("channel")?,
        channel_exception: row.try_get("channel_exception")?,
        europol_copy: flag(row, "europol_copy")?,
        partner_reference: row.try_get("partner_reference")?,
        status: row.try_get("status")?,
        deadline: row.try_get("deadline")?,
        assignee: row.try_get("assignee")?,
        content: row.try_get("content")?,
        answered_at: row.try_get("answered_at")?,
        in_time: row.try_get::<Option<i64>, _>("in_time")?.map(|v| v != 0),
        refusal_grounds: row.try_get("refusal_grounds")?,
        refused_in_part: flag(row, "refused_in_part")?,
        judicial_delay: flag(row, "judicial_delay")?,
        concluded_at: row.try_get("concluded_at")?,
        review_due: row.try_get("review_due")?,
        erased_at: row.try_get("erased_at")?,
        created_at: row.try_get("created_at")?,
        created_by: row.try_get("created_by")?,
        updated_at: row.try_get("updated_at")?,
        oral: flag(row, "oral")?,
        oral_confirmed_at: row.try_get("oral_confirmed_at")?,
    })
}

/// The next number of `year`'s references (1, 2, …), counted in the transaction.
pub async fn next_number(tx: &mut Tx, year: i16) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO spoc_reference_numbers (year, last) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last = spoc_reference_numbers.last + 1
         RETURNING last",
    )
    .bind(i64::from(year))
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("last")?)
}

pub async fn insert_case(tx: &mut Tx, case: &CaseRow) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO spoc_cases ({CASE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
         $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, \
         $29, $30)"
    ))
    .bind(&case.id)
    .bind(&case.reference)
    .bind(&case.direction)
    .bind(&case.partner)
    .bind(&case.received_at)
    .bind(&case.urgency)
    .bind(&case.urgency_ground)
    .bind(&case.availability)
    .bind(&case.language)
    .bind(&case.channel)
    .bind(&case.channel_exception)
    .bind(i64::from(case.europol_copy))
    .bind(&case.partner_reference)
    .bind(&case.status)
    .bind(&case.deadline)
    .bind(&case.assignee)
    .bind(&case.content)
    .bind(&case.answered_at)
    .bind(case.in_time.map(i64::from))
    .bind(&case.refusal_grounds)
    .bind(i64::from(case.refused_in_part))
    .bind(i64::from(case.judicial_delay))
    .bind(&case.concluded_at)
    .bind(&case.review_due)
    .bind(&case.erased_at)
    .bind(&case.created_at)
    .bind(&case.created_by)
    .bind(&case.updated_at)
    .bind(i64::from(case.oral))
    .bind(&case.oral_confirmed_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes what a step on the case changed: status, deadline, outcome and review.
pub async fn update_case(tx: &mut Tx, case: &CaseRow) -> Result<()> {
    sqlx::query(
        "UPDATE spoc_cases SET status = $2, deadline = $3, assignee = $4, answered_at = $5,
         in_time = $6, refusal_grounds = $7, refused_in_part = $8, judicial_delay = $9,
         concluded_at = $10, review_due = $11, updated_at = $12, oral_confirmed_at = $13
         WHERE id = $1",
    )
    .bind(&case.id)
    .bind(&case.status)
    .bind(&case.deadline)
    .bind(&case.assignee)
    .bind(&case.answered_at)
    .bind(case.in_time.map(i64::from))
    .bind(&case.refusal_grounds)
    .bind(i64::from(case.refused_in_part))
    .bind(i64::from(case.judicial_delay))
    .bind(&case.concluded_at)
    .bind(&case.review_due)
    .bind(&case.updated_at)
    .bind(&case.oral_confirmed_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn case(conn: &mut Conn, id: &str) -> Result<Option<CaseRow>> {
    let row = sqlx::query(&format!(
        "SELECT {CASE_COLUMNS} FROM spoc_cases WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(case_from_row).transpose()
}

/// The references of `ids`, as (id, reference), in the order of the references.
pub async fn references(conn: &mut Conn, ids: &[String]) -> Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IN_LIST) {
        let query = format!(
            "SELECT id, reference FROM spoc_cases WHERE id IN ({})",
            placeholders(chunk.len())
        );
        let rows = chunk
            .iter()
            .fold(sqlx::query(&query), |q, id| q.bind(id))
            .fetch_all(&mut *conn)
            .await?;
        for row in rows {
            out.push((row.try_get("id")?, row.try_get("reference")?));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// How many cases the desk holds.
pub async fn count(conn: &mut Conn) -> Result<i64> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM spoc_cases")
        .fetch_one(conn)
        .await?;
    Ok(row.try_get("n")?)
}

/// The condition of a case awaiting the desk or the partner (`Status::open`), as the partial
/// index `spoc_cases_open` holds it.
pub const OPEN: &str = "status IN ('received', 'in_progress', 'awaiting_clarification', 'awaiting_judicial_authorisation', 'sent')";

/// What the dashboard filters on; `None` is any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenFilter {
    pub partner: Option<String>,
    pub urgency: Option<String>,
    pub status: Option<String>,
    /// A username, or "" for the cases nobody has taken up.
    pub assignee: Option<String>,
}

/// A line of the dashboard: what says what is due, no personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenLine {
    pub id: String,
    pub reference: String,
    pub direction: String,
    pub partner: String,
    pub urgency: String,
    pub status: String,
    pub received_at: String,
    pub deadline: Option<String>,
    pub assignee: Option<String>,
    pub oral: bool,
    pub oral_confirmed_at: Option<String>,
}

/// The open cases, soonest deadline first, those without one (a clock stopped) last: only
/// the columns the dashboard shows (it is read twice a minute by every desk officer).
pub async fn open_cases(conn: &mut Conn, filter: &OpenFilter) -> Result<Vec<OpenLine>> {
    let mut conditions = vec![OPEN.to_string()];
    let mut binds: Vec<&str> = Vec::new();
    for (column, value) in [
        ("partner", &filter.partner),
        ("urgency", &filter.urgency),
        ("status", &filter.status),
    ] {
        if let Some(value) = value {
            binds.push(value);
            conditions.push(format!("{column} = ${}", binds.len()));
        }
    }
    match filter.assignee.as_deref() {
        Some("") => conditions.push("assignee IS NULL".to_string()),
        Some(who) => {
            binds.push(who);
            conditions.push(format!("assignee = ${}", binds.len()));
        }
        None => {}
    }
    let query = format!(
        "SELECT id, reference, direction, partner, urgency, status, received_at, deadline, \
         assignee, oral, oral_confirmed_at FROM spoc_cases WHERE {} \
         ORDER BY deadline IS NULL, deadline, received_at",
        conditions.join(" AND ")
    );
    let rows = binds
        .iter()
        .fold(sqlx::query(&query), |q, v| q.bind(*v))
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(OpenLine {
                id: row.try_get("id")?,
                reference: row.try_get("reference")?,
                direction: row.try_get("direction")?,
                partner: row.try_get("partner")?,
                urgency: row.try_get("urgency")?,
                status: row.try_get("status")?,
                received_at: row.try_get("received_at")?,
                deadline: row.try_get("deadline")?,
                assignee: row.try_get("assignee")?,
                oral: flag(row, "oral")?,
                oral_confirmed_at: row.try_get("oral_confirmed_at")?,
            })
        })
        .collect()
}

/// The cases received (or sent) in `[from, to)`, for the statistics: the columns without
/// personal data only (`content` is not read).
pub async fn cases_between(conn: &mut Conn, from: &str, to: &str) -> Result<Vec<CaseRow>> {
    let columns = CASE_COLUMNS.replace("content,", "NULL AS content,");
    let rows = sqlx::query(&format!(
        "SELECT {columns} FROM spoc_cases WHERE received_at >= $1 AND received_at < $2"
    ))
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    rows.iter().map(case_from_row).collect()
}

// -- subjects and the cross-check index -----------------------------------------------------

/// A subject of a case: the message schema's JSON (`None` once erased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectRow {
    pub case_id: String,
    pub ordinal: i64,
    pub kind: String,
    pub data: Option<String>,
}

pub async fn insert_subject(tx: &mut Tx, subject: &SubjectRow) -> Result<()> {
    sqlx::query("INSERT INTO spoc_subjects (case_id, ordinal, kind, data) VALUES ($1, $2, $3, $4)")
        .bind(&subject.case_id)
        .bind(subject.ordinal)
        .bind(&subject.kind)
        .bind(&subject.data)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn subjects(conn: &mut Conn, case_id: &str) -> Result<Vec<SubjectRow>> {
    let rows = sqlx::query(
        "SELECT case_id, ordinal, kind, data FROM spoc_subjects WHERE case_id = $1 ORDER BY ordinal",
    )
    .bind(case_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(subject_from_row).collect()
}

fn subject_from_row(row: &AnyRow) -> Result<SubjectRow> {
    Ok(SubjectRow {
        case_id: row.try_get("case_id")?,
        ordinal: row.try_get("ordinal")?,
        kind: row.try_get("kind")?,
        data: row.try_get("data")?,
    })
}

/// Indexes a subject's keys (`ordinal` -1: a reference of the case itself), in multi-row
/// statements (a person has a dozen or two keys).
pub async fn insert_keys(tx: &mut Tx, case_id: &str, ordinal: i64, keys: &[String]) -> Result<()> {
    for chunk in keys.chunks(IN_LIST / 3) {
        let values = (0..chunk.len())
            .map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
            .collect::<Vec<_>>()
            .join(", ");
        let query = format!(
            "INSERT INTO spoc_match_keys (match_key, case_id, ordinal) VALUES {values} ON CONFLICT DO NOTHING"
        );
        chunk
            .iter()
            .fold(sqlx::query(&query), |q, key| {
                q.bind(key).bind(case_id).bind(ordinal)
            })
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// How many parameters one `IN (…)` list binds.
const IN_LIST: usize = 500;

fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The subjects (case, ordinal) that share one of `keys`, other than those of `except`, with
/// their data: the cross-check's candidates, found by equality on the index, in one query per
/// `IN` list (not one per candidate: each query is a round trip while the desk waits).
pub async fn candidates(conn: &mut Conn, keys: &[String], except: &str) -> Result<Vec<SubjectRow>> {
    let mut found: BTreeMap<(String, i64), SubjectRow> = BTreeMap::new();
    for chunk in keys.chunks(IN_LIST) {
        let query = format!(
            "SELECT k.case_id, k.ordinal, s.kind, s.data \
             FROM (SELECT DISTINCT case_id, ordinal FROM spoc_match_keys WHERE match_key IN ({})) k \
             LEFT JOIN spoc_subjects s ON s.case_id = k.case_id AND s.ordinal = k.ordinal",
            placeholders(chunk.len())
        );
        let rows = chunk
            .iter()
            .fold(sqlx::query(&query), |q, key| q.bind(key))
            .fetch_all(&mut *conn)
            .await?;
        for row in rows {
            let case_id: String = row.try_get("case_id")?;
            let ordinal: i64 = row.try_get("ordinal")?;
            let kind: Option<String> = row.try_get("kind")?;
            let kind = match (ordinal < 0, kind) {
                (true, _) => "reference".to_string(),
                (false, Some(kind)) => kind,
                // A key whose subject is gone: nothing to compare with.
                (false, None) => continue,
            };
            if case_id != except {
                found.insert(
                    (case_id.clone(), ordinal),
                    SubjectRow {
                        case_id,
                        ordinal,
                        kind,
                        data: if ordinal < 0 {
                            None
                        } else {
                            row.try_get("data")?
                        },
                    },
                );
            }
        }
    }
    Ok(found.into_values().collect())
}

// -- suspensions ------------------------------------------------------------------------------

/// The case's clarification suspensions as (from, to), in order.
pub async fn suspensions(conn: &mut Conn, case_id: &str) -> Result<Vec<(String, Option<String>)>> {
    let rows = sqlx::query(
        "SELECT from_at, to_at FROM spoc_suspensions WHERE case_id = $1 ORDER BY ordinal",
    )
    .bind(case_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("from_at")?, row.try_get("to_at")?)))
        .collect()
}

pub async fn open_suspension(tx: &mut Tx, case_id: &str, from: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO spoc_suspensions (case_id, ordinal, from_at, to_at)
         SELECT $1, COALESCE(MAX(ordinal), 0) + 1, $2, NULL FROM spoc_suspensions WHERE case_id = $1",
    )
    .bind(case_id)
    .bind(from)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Ends the open suspension of the case at `to`.
pub async fn close_suspension(tx: &mut Tx, case_id: &str, to: &str) -> Result<()> {
    sqlx::query("UPDATE spoc_suspensions SET to_at = $2 WHERE case_id = $1 AND to_at IS NULL")
        .bind(case_id)
        .bind(to)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

// -- communications and the outbox ------------------------------------------------------------

/// A communication on a case (SPOC-03): `way` is `in` or `out`; `text` is personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Communication {
    pub id: String,
    #[serde(skip)]
    pub case_id: String,
    pub at: String,
    pub kind: String,
    pub way: String,
    pub counterpart: String,
    pub text: Option<String>,
    pub recorded_by: String,
}

pub async fn add_communication(tx: &mut Tx, c: &Communication) -> Result<()> {
    sqlx::query(
        "INSERT INTO spoc_communications (id, case_id, at, kind, way, counterpart, text, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&c.id)
    .bind(&c.case_id)
    .bind(&c.at)
    .bind(&c.kind)
    .bind(&c.way)
    .bind(&c.counterpart)
    .bind(&c.text)
    .bind(&c.recorded_by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn communications(conn: &mut Conn, case_id: &str) -> Result<Vec<Communication>> {
    let rows = sqlx::query(
        "SELECT id, case_id, at, kind, way, counterpart, text, recorded_by
         FROM spoc_communications WHERE case_id = $1 ORDER BY at, id",
    )
    .bind(case_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Communication {
                id: row.try_get("id")?,
                case_id: row.try_get("case_id")?,
                at: row.try_get("at")?,
                kind: row.try_get("kind")?,
                way: row.try_get("way")?,
                counterpart: row.try_get("counterpart")?,
                text: row.try_get("text")?,
                recorded_by: row.try_get("recorded_by")?,
            })
        })
        .collect()
}

/// A message waiting in the outbox, or delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxMessage {
    pub id: String,
    #[serde(skip)]
    pub case_id: String,
    pub created_at: String,
    pub recipient: String,
    pub message_type: String,
    #[serde(skip)]
    pub payload: Option<String>,
    /// `queued` until an exchange adapter delivers it.
    pub state: String,
    pub delivered_at: Option<String>,
    /// For a third country or an international organisation: the transfer assessment the
    /// message went out under (LED-03).
    pub transfer_assessment_id: Option<String>,
}

pub async fn enqueue(tx: &mut Tx, m: &OutboxMessage) -> Result<()> {
    sqlx::query(
        "INSERT INTO spoc_outbox (id, case_id, created_at, recipient, message_type, payload, state, delivered_at, transfer_assessment_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&m.id)
    .bind(&m.case_id)
    .bind(&m.created_at)
    .bind(&m.recipient)
    .bind(&m.message_type)
    .bind(&m.payload)
    .bind(&m.state)
    .bind(&m.delivered_at)
    .bind(&m.transfer_assessment_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn outbox(conn: &mut Conn, case_id: &str) -> Result<Vec<OutboxMessage>> {
    let rows = sqlx::query(
        "SELECT id, case_id, created_at, recipient, message_type, payload, state, delivered_at, transfer_assessment_id
         FROM spoc_outbox WHERE case_id = $1 ORDER BY created_at, id",
    )
    .bind(case_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(OutboxMessage {
                id: row.try_get("id")?,
                case_id: row.try_get("case_id")?,
                created_at: row.try_get("created_at")?,
                recipient: row.try_get("recipient")?,
                message_type: row.try_get("message_type")?,
                payload: row.try_get("payload")?,
                state: row.try_get("state")?,
                delivered_at: row.try_get("delivered_at")?,
                transfer_assessment_id: row.try_get("transfer_assessment_id")?,
            })
        })
        .collect()
}
