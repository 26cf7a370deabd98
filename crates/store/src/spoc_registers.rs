//! The SPOC desk's registers beside its cases (issue 14, migration 1003): the languages each
//! partner accepts (SPOC-08), the consent of the states information came from (BNL-01), the
//! on-call judicial contacts (SPOC-15), the transfer assessments for third countries (LED-03),
//! and what the erasure of a case's personal data needs (SPOC-14).

use crate::{Conn, Result, Tx};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

// -- Art 11 languages -------------------------------------------------------------------------

/// The languages a partner's SPOC accepts besides English (ISO 639-1 codes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerLanguages {
    pub partner: String,
    pub languages: Vec<String>,
    pub updated_at: String,
    pub updated_by: String,
}

fn languages_from_row(row: &AnyRow) -> Result<PartnerLanguages> {
    let languages: String = row.try_get("languages")?;
    Ok(PartnerLanguages {
        partner: row.try_get("partner")?,
        languages: languages
            .split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        updated_at: row.try_get("updated_at")?,
        updated_by: row.try_get("updated_by")?,
    })
}

pub async fn partner_languages(conn: &mut Conn, partner: &str) -> Result<Option<PartnerLanguages>> {
    let row = sqlx::query(
        "SELECT partner, languages, updated_at, updated_by FROM spoc_partner_languages WHERE partner = $1",
    )
    .bind(partner)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(languages_from_row).transpose()
}

pub async fn all_partner_languages(conn: &mut Conn) -> Result<Vec<PartnerLanguages>> {
    let rows = sqlx::query(
        "SELECT partner, languages, updated_at, updated_by FROM spoc_partner_languages ORDER BY partner",
    )
    .fetch_all(conn)
    .await?;
    rows.iter().map(languages_from_row).collect()
}

pub async fn set_partner_languages(tx: &mut Tx, list: &PartnerLanguages) -> Result<()> {
    sqlx::query(
        "INSERT INTO spoc_partner_languages (partner, languages, updated_at, updated_by)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (partner) DO UPDATE SET languages = $2, updated_at = $3, updated_by = $4",
    )
    .bind(&list.partner)
    .bind(list.languages.join(","))
    .bind(&list.updated_at)
    .bind(&list.updated_by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

// -- consent of the states information came from -----------------------------------------------

/// A state information on a case came from, and its consent to passing it on (`None`: not
/// asked yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentRow {
    #[serde(skip)]
    pub case_id: String,
    pub state: String,
    pub consent: Option<String>,
    pub asked_at: Option<String>,
    pub decided_at: Option<String>,
    pub updated_at: String,
    pub updated_by: String,
}

pub async fn consents(conn: &mut Conn, case_id: &str) -> Result<Vec<ConsentRow>> {
    let rows = sqlx::query(
        "SELECT case_id, state, consent, asked_at, decided_at, updated_at, updated_by
         FROM spoc_consents WHERE case_id = $1 ORDER BY state",
    )
    .bind(case_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(ConsentRow {
                case_id: row.try_get("case_id")?,
                state: row.try_get("state")?,
                consent: row.try_get("consent")?,
                asked_at: row.try_get("asked_at")?,
                decided_at: row.try_get("decided_at")?,
                updated_at: row.try_get("updated_at")?,
                updated_by: row.try_get("updated_by")?,
            })
        })
        .collect()
}

/// Records (or updates) a state's consent on a case.
pub async fn put_consent(tx: &mut Tx, c: &ConsentRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO spoc_consents (case_id, state, consent, asked_at, decided_at, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (case_id, state) DO UPDATE SET consent = $3, asked_at = $4, decided_at = $5,
             updated_at = $6, updated_by = $7",
    )
    .bind(&c.case_id)
    .bind(&c.state)
    .bind(&c.consent)
    .bind(&c.asked_at)
    .bind(&c.decided_at)
    .bind(&c.updated_at)
    .bind(&c.updated_by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

// -- on-call judicial contacts ----------------------------------------------------------------

/// Who can give a judicial authorisation in a period (SPOC-15).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JudicialContact {
    pub id: String,
    pub name: String,
    pub authority: String,
    pub phone: String,
    pub email: Option<String>,
    pub on_call_from: String,
    pub on_call_until: String,
    pub created_at: String,
    pub created_by: String,
    pub withdrawn_at: Option<String>,
}

const CONTACT_COLUMNS: &str = "id, name, authority, phone, email, on_call_from, on_call_until, created_at, created_by, withdrawn_at";

pub async fn insert_judicial_contact(tx: &mut Tx, c: &JudicialContact) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO spoc_judicial_contacts ({CONTACT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ))
    .bind(&c.id)
    .bind(&c.name)
    .bind(&c.authority)
    .bind(&c.phone)
    .bind(&c.email)
    .bind(&c.on_call_from)
    .bind(&c.on_call_until)
    .bind(&c.created_at)
    .bind(&c.created_by)
    .bind(&c.withdrawn_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The contacts whose duty has not ended by `at` and that were not withdrawn, soonest first.
pub async fn judicial_contacts(conn: &mut Conn, at: &str) -> Result<Vec<JudicialContact>> {
    let rows = sqlx::query(&format!(
        "SELECT {CONTACT_COLUMNS} FROM spoc_judicial_contacts
         WHERE on_call_until > $1 AND withdrawn_at IS NULL ORDER BY on_call_from, name, id"
    ))
    .bind(at)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(JudicialContact {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                authority: row.try_get("authority")?,
                phone: row.try_get("phone")?,
                email: row.try_get("email")?,
                on_call_from: row.try_get("on_call_from")?,
                on_call_until: row.try_get("on_call_until")?,
                created_at: row.try_get("created_at")?,
                created_by: row.try_get("created_by")?,
                withdrawn_at: row.try_get("withdrawn_at")?,
            })
        })
        .collect()
}

/// Withdraws a contact (a duty cancelled); false when there is no such current contact.
pub async fn withdraw_judicial_contact(tx: &mut Tx, id: &str, at: &str) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE spoc_judicial_contacts SET withdrawn_at = $2 WHERE id = $1 AND withdrawn_at IS NULL",
    )
    .bind(id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

// -- transfer assessments ---------------------------------------------------------------------

/// A transfer to a third country or an international organisation, assessed before anything
/// is sent (LED-03). `necessity` is personal data (`None` once erased).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransferAssessment {
    pub id: String,
    #[serde(skip)]
    pub case_id: String,
    pub recipient: String,
    pub basis: String,
    pub instrument: Option<String>,
    pub derogation: Option<String>,
    pub necessity: Option<String>,
    pub decided_by: String,
    pub decided_at: String,
    pub recorded_by: String,
}

const TRANSFER_COLUMNS: &str = "id, case_id, recipient, basis, instrument, derogation, necessity, decided_by, decided_at, recorded_by";

pub async fn insert_transfer_assessment(tx: &mut Tx, t: &TransferAssessment) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO spoc_transfer_assessments ({TRANSFER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ))
    .bind(&t.id)
    .bind(&t.case_id)
    .bind(&t.recipient)
    .bind(&t.basis)
    .bind(&t.instrument)
    .bind(&t.derogation)
    .bind(&t.necessity)
    .bind(&t.decided_by)
    .bind(&t.decided_at)
    .bind(&t.recorded_by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The case's transfer assessments, oldest first.
pub async fn transfer_assessments(
    conn: &mut Conn,
    case_id: &str,
) -> Result<Vec<TransferAssessment>> {
    let rows = sqlx::query(&format!(
        "SELECT {TRANSFER_COLUMNS} FROM spoc_transfer_assessments WHERE case_id = $1 ORDER BY decided_at, id"
    ))
    .bind(case_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(TransferAssessment {
                id: row.try_get("id")?,
                case_id: row.try_get("case_id")?,
                recipient: row.try_get("recipient")?,
                basis: row.try_get("basis")?,
                instrument: row.try_get("instrument")?,
                derogation: row.try_get("derogation")?,
                necessity: row.try_get("necessity")?,
                decided_by: row.try_get("decided_by")?,
                decided_at: row.try_get("decided_at")?,
                recorded_by: row.try_get("recorded_by")?,
            })
        })
        .collect()
}

// -- retention (SPOC-14) ----------------------------------------------------------------------

/// The cases whose exchange is over and whose personal data are not erased, with the instant
/// their retention clock starts: the conclusion, or the answer or refusal of a case nobody
/// concluded.
pub async fn closed_cases(conn: &mut Conn) -> Result<Vec<(String, String)>> {
    let rows = sqlx::query(
        "SELECT id, COALESCE(concluded_at, answered_at) AS closed_at FROM spoc_cases
         WHERE erased_at IS NULL
           AND (status = 'concluded' OR (status IN ('answered', 'partly_refused', 'refused') AND answered_at IS NOT NULL))",
    )
    .fetch_all(conn)
    .await?;
    let mut closed = Vec::with_capacity(rows.len());
    for row in &rows {
        if let Some(at) = row.try_get::<Option<String>, _>("closed_at")? {
            closed.push((row.try_get("id")?, at));
        }
    }
    Ok(closed)
}

/// Deletes the case's cross-check keys (its names, numbers and references in folded form):
/// an erased case relates to nothing. Returns how many went.
pub async fn delete_keys(tx: &mut Tx, case_id: &str) -> Result<u64> {
    Ok(
        sqlx::query("DELETE FROM spoc_match_keys WHERE case_id = $1")
            .bind(case_id)
            .execute(&mut **tx)
            .await?
            .rows_affected(),
    )
}
