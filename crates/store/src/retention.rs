//! What the retention rules made due (WPG-02, SPOC-14): one row per category of personal data
//! and subject while it awaits a decision, closed by the decision (keep until a date, erase)
//! or when the subject is no longer due.

use crate::{Conn, Result, Tx};
use serde::Serialize;
use sqlx::Row;
use std::collections::HashMap;

/// A subject due for review or erasure, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    pub id: String,
    pub category: String,
    pub subject_id: String,
    /// `review` or `erase`.
    pub due: String,
    /// The date from which it is due.
    pub due_since: String,
    /// The date the category's clock started for the subject.
    pub clock_start: String,
    /// When the daily job first listed it.
    pub listed_at: String,
    pub closed_at: Option<String>,
    /// `keep`, `erase`, `erased_automatically` or `lapsed`.
    pub outcome: Option<String>,
    pub keep_until: Option<String>,
    /// The decision's reason (checked to name no one: it outlives an erasure).
    pub reason: Option<String>,
    pub decided_by: Option<String>,
}

const COLUMNS: &str = "id, category, subject_id, due, due_since, clock_start, listed_at, closed_at, outcome, keep_until, reason, decided_by";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Review> {
    Ok(Review {
        id: row.try_get("id")?,
        category: row.try_get("category")?,
        subject_id: row.try_get("subject_id")?,
        due: row.try_get("due")?,
        due_since: row.try_get("due_since")?,
        clock_start: row.try_get("clock_start")?,
        listed_at: row.try_get("listed_at")?,
        closed_at: row.try_get("closed_at")?,
        outcome: row.try_get("outcome")?,
        keep_until: row.try_get("keep_until")?,
        reason: row.try_get("reason")?,
        decided_by: row.try_get("decided_by")?,
    })
}

/// Every open review, oldest due first.
pub async fn open(conn: &mut Conn) -> Result<Vec<Review>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM retention_reviews WHERE closed_at IS NULL ORDER BY due_since, category, subject_id"
    ))
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn one(conn: &mut Conn, id: &str) -> Result<Option<Review>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM retention_reviews WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The decisions of one subject in a category, newest first.
pub async fn history(conn: &mut Conn, category: &str, subject_id: &str) -> Result<Vec<Review>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM retention_reviews WHERE category = $1 AND subject_id = $2 ORDER BY listed_at DESC"
    ))
    .bind(category)
    .bind(subject_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Per subject of `category`, the date until which the latest decision to keep holds.
pub async fn kept_until(conn: &mut Conn, category: &str) -> Result<HashMap<String, String>> {
    let rows = sqlx::query(
        "SELECT subject_id, MAX(keep_until) AS keep_until FROM retention_reviews
         WHERE category = $1 AND outcome = 'keep' GROUP BY subject_id",
    )
    .bind(category)
    .fetch_all(conn)
    .await?;
    let mut kept = HashMap::new();
    for row in rows {
        let until: Option<String> = row.try_get("keep_until")?;
        if let Some(until) = until {
            kept.insert(row.try_get("subject_id")?, until);
        }
    }
    Ok(kept)
}

/// The open reviews of `category`, by subject.
pub async fn open_in(conn: &mut Conn, category: &str) -> Result<HashMap<String, Review>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM retention_reviews WHERE category = $1 AND closed_at IS NULL"
    ))
    .bind(category)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| from_row(row).map(|r| (r.subject_id.clone(), r)))
        .collect()
}

/// Lists a subject as due.
pub async fn list(tx: &mut Tx, review: &Review) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO retention_reviews ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, NULL, NULL, NULL)"
    ))
    .bind(&review.id)
    .bind(&review.category)
    .bind(&review.subject_id)
    .bind(&review.due)
    .bind(&review.due_since)
    .bind(&review.clock_start)
    .bind(&review.listed_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Updates what an open review is due for (a review became an erasure, the clock moved).
pub async fn update_due(
    tx: &mut Tx,
    id: &str,
    due: &str,
    due_since: &str,
    clock_start: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE retention_reviews SET due = $1, due_since = $2, clock_start = $3 WHERE id = $4 AND closed_at IS NULL",
    )
    .bind(due)
    .bind(due_since)
    .bind(clock_start)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// How a review was closed.
#[derive(Debug, Clone)]
pub struct Closing<'a> {
    pub outcome: &'a str,
    pub keep_until: Option<String>,
    pub reason: Option<&'a str>,
    pub decided_by: Option<&'a str>,
}

/// Closes an open review; false when it was not open (decided in the meantime).
pub async fn close(tx: &mut Tx, id: &str, closing: &Closing<'_>) -> Result<bool> {
    let now = tx.now_text();
    let done = sqlx::query(
        "UPDATE retention_reviews SET closed_at = $1, outcome = $2, keep_until = $3, reason = $4, decided_by = $5
         WHERE id = $6 AND closed_at IS NULL",
    )
    .bind(now)
    .bind(closing.outcome)
    .bind(&closing.keep_until)
    .bind(closing.reason)
    .bind(closing.decided_by)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}
