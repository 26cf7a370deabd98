//! The repository of agreements, versioned in recorded time like the registry.

use crate::{Conn, Result, StoreError, conflict_as, parsed};
use grenzeloos_domain::agreements::{Agreement, AgreementKind, AgreementStatus, ExchangeKind};
use jiff::civil::Date;
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AgreementRow {
    pub id: String,
    /// The agreement this one implements, if any.
    pub implements: Option<String>,
    /// The agreement that replaced this one, if any.
    pub replaced_by: Option<String>,
    #[serde(flatten)]
    pub agreement: Agreement,
}

const COLUMNS: &str = "id, title, kind, status, status_history, parties, subject, signed, published, in_force, applies_from, ended, legal_basis_for, articles, implements, replaced_by";

fn list(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn opt_date(row: &AnyRow, column: &str) -> Result<Option<Date>> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| parsed(column, t.parse::<Date>())).transpose()
}

fn json<T: serde::de::DeserializeOwned>(row: &AnyRow, column: &str) -> Result<T> {
    let text: String = row.try_get(column)?;
    parsed(column, serde_json::from_str(&text))
}

fn from_row(row: &AnyRow) -> Result<AgreementRow> {
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    let bases: String = row.try_get("legal_basis_for")?;
    Ok(AgreementRow {
        id: row.try_get("id")?,
        implements: row.try_get("implements")?,
        replaced_by: row.try_get("replaced_by")?,
        agreement: Agreement {
            title: row.try_get("title")?,
            kind: parsed("kind", AgreementKind::parse("kind", &kind))?,
            status: parsed("status", AgreementStatus::parse("status", &status))?,
            status_history: json(row, "status_history")?,
            parties: list(&row.try_get::<String, _>("parties")?),
            subject: row.try_get("subject")?,
            signed: opt_date(row, "signed")?,
            published: opt_date(row, "published")?,
            in_force: opt_date(row, "in_force")?,
            applies_from: opt_date(row, "applies_from")?,
            ended: opt_date(row, "ended")?,
            articles: json(row, "articles")?,
            legal_basis_for: list(&bases)
                .iter()
                .map(|k| parsed("legal_basis_for", ExchangeKind::parse("legal_basis_for", k)))
                .collect::<Result<_>>()?,
        },
    })
}

/// Writes a new version of agreement `row.id`.
pub async fn save(conn: &mut Conn, row: &AgreementRow, now: &str, by: &str) -> Result<()> {
    sqlx::query("UPDATE agreements SET recorded_to = $1 WHERE id = $2 AND recorded_to IS NULL")
        .bind(now)
        .bind(&row.id)
        .execute(&mut *conn)
        .await?;
    let a = &row.agreement;
    let bases: Vec<&str> = a.legal_basis_for.iter().map(|k| k.as_str()).collect();
    let encode = |what: &str, value: serde_json::Result<String>| {
        value.map_err(|e| StoreError::Corrupt(format!("agreement {what} cannot be written: {e}")))
    };
    let history = encode("history", serde_json::to_string(&a.status_history))?;
    let articles = encode("articles", serde_json::to_string(&a.articles))?;
    let day = |d: Option<Date>| d.map(|d| d.to_string());
    sqlx::query(
        "INSERT INTO agreements (id, title, kind, status, status_history, parties, subject, signed, published, in_force, applies_from, ended, legal_basis_for, articles, implements, replaced_by, recorded_from, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(&row.id)
    .bind(&a.title)
    .bind(a.kind.as_str())
    .bind(a.status.as_str())
    .bind(history)
    .bind(a.parties.join(","))
    .bind(&a.subject)
    .bind(day(a.signed))
    .bind(day(a.published))
    .bind(day(a.in_force))
    .bind(day(a.applies_from))
    .bind(day(a.ended))
    .bind(bases.join(","))
    .bind(articles)
    .bind(&row.implements)
    .bind(&row.replaced_by)
    .bind(now)
    .bind(by)
    .execute(conn)
    .await
    .map_err(conflict_as("an agreement with this title already exists"))?;
    Ok(())
}

/// All agreements as known at `known_at` (current knowledge when None), by title.
pub async fn all(conn: &mut Conn, known_at: Option<&str>) -> Result<Vec<AgreementRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM agreements WHERE recorded_from <= $1 AND (recorded_to IS NULL OR recorded_to > $1) ORDER BY title"
    ))
    .bind(known_at.unwrap_or("9999-12-31T23:59:59.999999Z"))
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn one(conn: &mut Conn, id: &str) -> Result<Option<AgreementRow>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM agreements WHERE id = $1 AND recorded_to IS NULL"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// One recorded version of an agreement.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AgreementVersion {
    pub recorded_from: String,
    pub recorded_to: Option<String>,
    pub recorded_by: String,
    pub row: AgreementRow,
}

/// Every version of agreement `id`, oldest first.
pub async fn history(conn: &mut Conn, id: &str) -> Result<Vec<AgreementVersion>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS}, recorded_from, recorded_to, recorded_by FROM agreements WHERE id = $1 ORDER BY recorded_from"
    ))
    .bind(id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(AgreementVersion {
                recorded_from: row.try_get("recorded_from")?,
                recorded_to: row.try_get("recorded_to")?,
                recorded_by: row.try_get("recorded_by")?,
                row: from_row(row)?,
            })
        })
        .collect()
}
