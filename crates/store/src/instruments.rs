//! The repository of instruments kept as typed documents (ADR 0004): one table, the domain
//! value serialised as JSON, every change a new version in recorded time.

use crate::{Conn, Result, StoreError};
use grenzeloos_domain::instruments::Instrument;
use serde::Serialize;
use sqlx::Row;

/// One instrument with its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record<T> {
    pub id: String,
    #[serde(flatten)]
    pub value: T,
    /// When its personal fields were erased (SPOC-14); they are blank then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub erased_at: Option<String>,
}

/// One version of an instrument: when it was recorded, by whom, and until when it held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version<T> {
    pub recorded_from: String,
    pub recorded_to: Option<String>,
    pub recorded_by: String,
    pub value: T,
    /// When this version's personal fields were erased (SPOC-14).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub erased_at: Option<String>,
}

/// Recorded-time bound standing for "current knowledge" (the latest of every record).
const CURRENT: &str = "9999-12-31T23:59:59.999999Z";

fn decode<I: Instrument>(id: &str, body: &str) -> Result<I> {
    serde_json::from_str(body)
        .map_err(|e| StoreError::Corrupt(format!("{} '{id}' cannot be read back: {e}", I::KIND)))
}

fn encode<I: Instrument>(value: &I) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Corrupt(format!("{} cannot be written: {e}", I::KIND)))
}

/// Writes a new version of instrument `id`, closing the current one if there is one.
pub async fn save<I: Instrument>(
    conn: &mut Conn,
    id: &str,
    value: &I,
    now: &str,
    by: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE instruments SET recorded_to = $1 WHERE kind = $2 AND id = $3 AND recorded_to IS NULL",
    )
    .bind(now)
    .bind(I::KIND)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO instruments (kind, id, body, recorded_from, recorded_by) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(I::KIND)
    .bind(id)
    .bind(encode(value)?)
    .bind(now)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every instrument of kind `I` as known at `known_at` (current knowledge when None), in the
/// order they were first recorded.
pub async fn all<I: Instrument>(conn: &mut Conn, known_at: Option<&str>) -> Result<Vec<Record<I>>> {
    let rows = sqlx::query(
        "SELECT id, body, erased_at FROM instruments
         WHERE kind = $1 AND recorded_from <= $2 AND (recorded_to IS NULL OR recorded_to > $2)
         ORDER BY id",
    )
    .bind(I::KIND)
    .bind(known_at.unwrap_or(CURRENT))
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            let body: String = row.try_get("body")?;
            Ok(Record {
                value: decode(&id, &body)?,
                id,
                erased_at: row.try_get("erased_at")?,
            })
        })
        .collect()
}

/// The current version of instrument `id`.
pub async fn one<I: Instrument>(conn: &mut Conn, id: &str) -> Result<Option<Record<I>>> {
    let row = sqlx::query(
        "SELECT body, erased_at FROM instruments WHERE kind = $1 AND id = $2 AND recorded_to IS NULL",
    )
    .bind(I::KIND)
    .bind(id)
    .fetch_optional(conn)
    .await?;
    match row {
        None => Ok(None),
        Some(row) => {
            let body: String = row.try_get("body")?;
            Ok(Some(Record {
                id: id.to_string(),
                value: decode(id, &body)?,
                erased_at: row.try_get("erased_at")?,
            }))
        }
    }
}

/// Every version of instrument `id`, oldest first.
pub async fn history<I: Instrument>(conn: &mut Conn, id: &str) -> Result<Vec<Version<I>>> {
    let rows = sqlx::query(
        "SELECT body, recorded_from, recorded_to, recorded_by, erased_at FROM instruments
         WHERE kind = $1 AND id = $2 ORDER BY recorded_from",
    )
    .bind(I::KIND)
    .bind(id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let body: String = row.try_get("body")?;
            Ok(Version {
                recorded_from: row.try_get("recorded_from")?,
                recorded_to: row.try_get("recorded_to")?,
                recorded_by: row.try_get("recorded_by")?,
                value: decode(id, &body)?,
                erased_at: row.try_get("erased_at")?,
            })
        })
        .collect()
}

/// When each document of kind `I` was first recorded.
pub async fn first_recorded<I: Instrument>(
    conn: &mut Conn,
) -> Result<std::collections::HashMap<String, String>> {
    let rows = sqlx::query(
        "SELECT id, MIN(recorded_from) AS first FROM instruments WHERE kind = $1 GROUP BY id",
    )
    .bind(I::KIND)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("first")?)))
        .collect()
}
