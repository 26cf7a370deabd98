//! The record of the node's daily jobs: which day each last ran, and how it ended.

use crate::{Conn, Result, Tx};
use sqlx::Row;

/// Claims `name` for `day` (a date, `YYYY-MM-DD`): true when it had not run that day, and is
/// now recorded as started, so that a second process or a restart does not run it again.
pub async fn claim(tx: &mut Tx, name: &str, day: &str) -> Result<bool> {
    let last: Option<String> = sqlx::query_scalar("SELECT day FROM job_runs WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut **tx)
        .await?;
    if last.as_deref().is_some_and(|last| last >= day) {
        return Ok(false);
    }
    let now = tx.now_text();
    sqlx::query(
        "INSERT INTO job_runs (name, day, started_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET day = $2, started_at = $3, finished_at = NULL, outcome = NULL, summary = NULL",
    )
    .bind(name)
    .bind(day)
    .bind(&now)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// Records how the run of `name` ended; `summary` holds counts and codes, no personal data.
pub async fn finish(tx: &mut Tx, name: &str, ok: bool, summary: &str) -> Result<()> {
    let now = tx.now_text();
    sqlx::query("UPDATE job_runs SET finished_at = $1, outcome = $2, summary = $3 WHERE name = $4")
        .bind(&now)
        .bind(if ok { "ok" } else { "failed" })
        .bind(summary)
        .bind(name)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The last run of a job.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct JobRecord {
    pub name: String,
    pub day: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub outcome: Option<String>,
    pub summary: Option<String>,
}

/// The last run of every job that ever ran.
pub async fn last_runs(conn: &mut Conn) -> Result<Vec<JobRecord>> {
    let rows = sqlx::query(
        "SELECT name, day, started_at, finished_at, outcome, summary FROM job_runs ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(JobRecord {
                name: row.try_get("name")?,
                day: row.try_get("day")?,
                started_at: row.try_get("started_at")?,
                finished_at: row.try_get("finished_at")?,
                outcome: row.try_get("outcome")?,
                summary: row.try_get("summary")?,
            })
        })
        .collect()
}
