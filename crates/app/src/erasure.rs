//! Erasing a person's personal data irrevocably (SPOC-14, WPG-02; AVG Art 17), first the
//! deployed officer of the registry. The generic mechanism is the store's
//! (`grenzeloos_store::erasure`); this module decides what of an officer goes and what stays,
//! runs it in one transaction with the audit event, and then has the database files cleaned.
//!
//! What goes, in every recorded-time version: the officer's names, personnel number (replaced
//! by a unique pseudonym), rank and unit; every field of their contact record; the narrative
//! of their incidents. What stays, pseudonymous: the officer's id and gender (the annex
//! counts deployed officers by gender), their deployments (mission, function, period, status,
//! consent date: the overview of a date still counts them), the mission, kind and date of
//! their incidents, and the audit trail (which never held personal data). docs/data-protection.md
//! gives the reasons.

use crate::{Actor, App, AppError, Result};
use grenzeloos_domain::Violation;
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::data_domain::DataDomain;
use grenzeloos_domain::instruments::{Contact, Incident, Instrument};
use grenzeloos_domain::registry::{erased_personnel_number, personal_values};
use grenzeloos_domain::retention::{Category, ErasureInput, Reason};
use grenzeloos_store::erasure::{self, Blank, Erasure, Ground, Patience};
use grenzeloos_store::instruments as docs;
use grenzeloos_store::registry as repo;
use grenzeloos_store::retention as reviews;
use grenzeloos_store::{Conn, Store, Tx};
use grenzeloos_store::{spoc, spoc_registers};
use serde::Serialize;

/// The answer to an erasure: what was rewritten, and whether the old values are gone from the
/// database files too. No personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErasureOutcome {
    pub erasure_id: String,
    pub subject_type: String,
    pub subject_id: String,
    pub erased_at: String,
    /// Recorded-time versions rewritten, per table or document kind.
    pub versions: serde_json::Map<String, serde_json::Value>,
    /// True when the cleanup after the commit completed (the WAL checkpoint on SQLite,
    /// VACUUM FULL on PostgreSQL); what no database can reach is in docs/data-protection.md.
    pub physically_removed: bool,
    /// Why the cleanup did not complete yet; the node retries every minute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What one erasure inside a transaction did, before the cleanup.
pub(crate) struct Erased {
    pub record: Erasure,
    pub versions: serde_json::Map<String, serde_json::Value>,
}

/// The values a reason kept after erasing `officer_id`'s data may not contain: their names,
/// personnel number and every contact detail ever recorded.
pub(crate) async fn officer_values(tx: &mut Conn, officer_id: &str) -> Result<Vec<String>> {
    let mut values = Vec::new();
    if let Some(officer) = repo::officer(tx, officer_id).await? {
        values.extend(
            personal_values(&officer.officer)
                .into_iter()
                .map(str::to_string),
        );
    }
    for version in docs::history::<Contact>(tx, officer_id).await? {
        let c = version.value;
        values.push(c.phone);
        values.extend(c.email);
        values.extend(c.emergency_contact);
        values.extend(c.emergency_phone);
    }
    Ok(values)
}

fn reason(value: &str, personal: &[String]) -> Result<Reason> {
    let personal: Vec<&str> = personal.iter().map(String::as_str).collect();
    Ok(Reason::parse(value, &personal)?)
}

/// Erases officer `id`'s personal data from every recorded-time version, with its contact
/// record and the narrative of its incidents, and logs and audits the erasure (SPOC-14).
/// `reason` is checked to be meaningful and to name no one.
pub(crate) async fn erase_officer_in(
    tx: &mut Tx,
    actor: &Actor,
    id: &str,
    reason_text: &str,
    ground: Ground,
    category: Option<Category>,
) -> Result<Erased> {
    let officer = repo::officer(tx, id)
        .await?
        .ok_or_else(|| AppError::NotFound {
            what: "officer",
            id: id.to_string(),
        })?;
    if officer.erased_at.is_some() {
        return Err(AppError::Conflict(Violation::new(
            "already_erased",
            "this officer's personal data were erased already",
        )));
    }
    let reason = reason(reason_text, &officer_values(tx, id).await?)?;
    let officers = erasure::erase_versions(
        tx,
        "officers",
        &[("id", id)],
        &[
            ("personnel_number", Blank::Text(erased_personnel_number(id))),
            ("given_name", Blank::Empty),
            ("family_name", Blank::Empty),
            ("rank", Blank::Null),
            ("unit", Blank::Null),
        ],
    )
    .await?;
    let contacts =
        erasure::erase_documents::<Contact>(tx, |c| c.concerns_officer() == Some(id)).await?;
    let incidents =
        erasure::erase_documents::<Incident>(tx, |i| i.concerns_officer() == Some(id)).await?;
    let mut versions = serde_json::Map::new();
    versions.insert("officers".into(), officers.into());
    versions.insert(Contact::KIND.into(), contacts.into());
    versions.insert(Incident::KIND.into(), incidents.into());
    let mut tables = vec!["officers".to_string()];
    if contacts + incidents > 0 {
        tables.push("instruments".to_string());
    }
    let erased = log_and_audit(
        tx,
        actor,
        AuditAction::OfficerErase,
        ("officer", id),
        reason,
        ground,
        category,
        tables,
        versions,
    )
    .await?;
    // Whatever was still due for this officer is settled by the erasure.
    for category in [Category::DeployedOfficer, Category::OfficerContact] {
        lapse_open_review(tx, category, id).await?;
    }
    Ok(erased)
}

/// Erases the contact record of officer `officer_id` (every version), the officer's record
/// staying as it is: the retention rule of `officer_contact` (WPG-02).
pub(crate) async fn erase_contact_in(
    tx: &mut Tx,
    actor: &Actor,
    officer_id: &str,
    reason_text: &str,
    ground: Ground,
    category: Option<Category>,
) -> Result<Erased> {
    let current =
        docs::one::<Contact>(tx, officer_id)
            .await?
            .ok_or_else(|| AppError::NotFound {
                what: "contact record",
                id: officer_id.to_string(),
            })?;
    if current.erased_at.is_some() {
        return Err(AppError::Conflict(Violation::new(
            "already_erased",
            "this contact record was erased already",
        )));
    }
    let reason = reason(reason_text, &officer_values(tx, officer_id).await?)?;
    let contacts =
        erasure::erase_documents::<Contact>(tx, |c| c.concerns_officer() == Some(officer_id))
            .await?;
    let mut versions = serde_json::Map::new();
    versions.insert(Contact::KIND.into(), contacts.into());
    let erased = log_and_audit(
        tx,
        actor,
        AuditAction::ContactErase,
        (Contact::KIND, officer_id),
        reason,
        ground,
        category,
        vec!["instruments".to_string()],
        versions,
    )
    .await?;
    lapse_open_review(tx, Category::OfficerContact, officer_id).await?;
    Ok(erased)
}

/// The values a reason kept after erasing SPOC case `id` may not contain: its subjects'
/// names, numbers and identifiers, and its partner's reference.
pub(crate) async fn spoc_case_values(conn: &mut Conn, id: &str) -> Result<Vec<String>> {
    const PERSONAL_FIELDS: [&str; 9] = [
        "family_name",
        "given_names",
        "name",
        "plate",
        "vin",
        "number",
        "alias",
        "aliases",
        "registration_number",
    ];
    fn collect(value: &serde_json::Value, key: Option<&str>, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    collect(v, Some(k), out);
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    collect(item, key, out);
                }
            }
            serde_json::Value::String(text)
                if key.is_some_and(|k| PERSONAL_FIELDS.contains(&k)) =>
            {
                out.push(text.clone());
            }
            _ => {}
        }
    }
    let mut values = Vec::new();
    for subject in spoc::subjects(conn, id).await? {
        if let Some(data) = subject.data.as_deref()
            && let Ok(value) = serde_json::from_str::<serde_json::Value>(data)
        {
            collect(&value, None, &mut values);
        }
    }
    if let Some(case) = spoc::case(conn, id).await?
        && let Some(reference) = case.partner_reference
    {
        values.push(reference);
    }
    values.retain(|v| !v.trim().is_empty());
    Ok(values)
}

/// Erases SPOC case `id`'s personal data irrevocably (SPOC-14, Dir. 2023/977 Art 16(3)-(4)):
/// the request with its facts and subjects, the texts of its communications, the messages'
/// payloads, the transfer assessments' reasons and its cross-check keys. What stays, without
/// personal data: the case's reference, partner, dates, status, outcome and grounds (the
/// Art 18 statistics count it), the kinds and moments of its communications and messages, its
/// consents and transfer bases. Logged and audited in the exchange domain.
pub(crate) async fn erase_spoc_case_in(
    tx: &mut Tx,
    actor: &Actor,
    id: &str,
    reason_text: &str,
    ground: Ground,
    category: Option<Category>,
) -> Result<Erased> {
    let case = spoc::case(tx, id)
        .await?
        .ok_or_else(|| AppError::NotFound {
            what: "case",
            id: id.to_string(),
        })?;
    if case.erased_at.is_some() {
        return Err(AppError::Conflict(Violation::new(
            "already_erased",
            "this case's personal data were erased already",
        )));
    }
    let open = grenzeloos_domain::spoc::case::Status::parse("status", &case.status)
        .map(|s| s.open())
        .unwrap_or(true);
    if open {
        return Err(AppError::Conflict(Violation::at(
            "case_open",
            "case",
            "the case is still open: conclude it (or answer or refuse it) before its personal data are erased",
        )));
    }
    let reason = reason(reason_text, &spoc_case_values(tx, id).await?)?;
    let mut versions = serde_json::Map::new();
    let mut tables = Vec::new();
    for (table, key, columns) in [
        ("spoc_cases", "id", &["content"][..]),
        ("spoc_subjects", "case_id", &["data"][..]),
        ("spoc_communications", "case_id", &["text"][..]),
        ("spoc_outbox", "case_id", &["payload"][..]),
        ("spoc_transfer_assessments", "case_id", &["necessity"][..]),
    ] {
        let blanks: Vec<(&str, Blank)> = columns.iter().map(|c| (*c, Blank::Null)).collect();
        let n = erasure::erase_versions(tx, table, &[(key, id)], &blanks).await?;
        versions.insert(table.into(), n.into());
        tables.push(table.to_string());
    }
    let keys = spoc_registers::delete_keys(tx, id).await?;
    versions.insert("spoc_match_keys".into(), keys.into());
    tables.push("spoc_match_keys".to_string());
    log_and_audit(
        tx,
        actor,
        AuditAction::SpocCaseErase,
        ("spoc_case", id),
        reason,
        ground,
        category,
        tables,
        versions,
    )
    .await
}

async fn lapse_open_review(tx: &mut Tx, category: Category, subject_id: &str) -> Result<()> {
    if let Some(open) = reviews::open_in(tx, category.as_str())
        .await?
        .remove(subject_id)
    {
        crate::retention::close_lapsed(tx, &open.id).await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn log_and_audit(
    tx: &mut Tx,
    actor: &Actor,
    action: AuditAction,
    subject: (&str, &str),
    reason: Reason,
    ground: Ground,
    category: Option<Category>,
    tables: Vec<String>,
    versions: serde_json::Map<String, serde_json::Value>,
) -> Result<Erased> {
    let total: i64 = versions
        .values()
        .filter_map(serde_json::Value::as_i64)
        .sum();
    let record = Erasure {
        id: tx.new_id(),
        subject_type: subject.0.to_string(),
        subject_id: subject.1.to_string(),
        ground,
        category: category.map(|c| c.as_str().to_string()),
        reason: reason.as_str().to_string(),
        erased_at: tx.now_text(),
        erased_by: actor.username.clone(),
        versions: total,
        tables,
        scrubbed_at: None,
        scrub_attempts: 0,
        scrub_note: None,
    };
    erasure::log(tx, &record).await?;
    // Identifiers, codes and counts only: the reason stays in the erasure log (the chain keeps
    // no text that a person typed).
    record_erasure(tx, actor, action, &record, &versions).await?;
    Ok(Erased { record, versions })
}

async fn record_erasure(
    tx: &mut Tx,
    actor: &Actor,
    action: AuditAction,
    record: &Erasure,
    versions: &serde_json::Map<String, serde_json::Value>,
) -> Result<()> {
    crate::record(
        tx,
        actor,
        action,
        (&record.subject_type, &record.subject_id),
        None,
        Some(serde_json::json!({
            "erasure": record.id,
            "ground": record.ground.as_str(),
            "category": record.category,
            "versions": versions,
        })),
    )
    .await
}

impl App {
    /// Erases officer `id`'s personal data from every recorded-time version, at someone's
    /// request (`POST /api/v1/officers/{id}/erase`): names, personnel number, rank, unit,
    /// contact record, the narrative of incidents. The deployments stay and still count.
    pub async fn erase_officer(
        &self,
        actor: &Actor,
        id: &str,
        input: &ErasureInput,
    ) -> Result<ErasureOutcome> {
        self.require(actor, Permission::PersonalErase, AuditAction::OfficerErase)
            .await?;
        let mut tx = self.store.write().await?;
        let erased =
            erase_officer_in(&mut tx, actor, id, &input.reason, Ground::Request, None).await?;
        tx.commit().await?;
        Ok(self.clean_up(&self.store, erased).await)
    }

    /// Erases a concluded SPOC case's personal data at once, when they are no longer needed
    /// (SPOC-14; `POST /api/v1/spoc/requests/{id}/erase`). Its statistics stay; an open
    /// retention review of the case is settled.
    pub async fn erase_case(
        &self,
        actor: &Actor,
        id: &str,
        input: &ErasureInput,
    ) -> Result<ErasureOutcome> {
        self.require_in(
            DataDomain::Exchange,
            actor,
            Category::SpocCase.decided_with(),
            AuditAction::SpocCaseErase,
        )
        .await?;
        let store = self.domain(DataDomain::Exchange).clone();
        let mut tx = store.write().await?;
        let erased =
            erase_spoc_case_in(&mut tx, actor, id, &input.reason, Ground::Request, None).await?;
        tx.commit().await?;
        let mut tx = self.store.write().await?;
        lapse_open_review(&mut tx, Category::SpocCase, id).await?;
        tx.commit().await?;
        Ok(self.clean_up(&store, erased).await)
    }

    /// After an erasure's commit: removes the old values from the database files and records
    /// how far that got (the node's minute retries what did not complete).
    pub(crate) async fn clean_up(&self, store: &Store, erased: Erased) -> ErasureOutcome {
        let record = erased.record;
        let scrub = self
            .scrub(store, std::slice::from_ref(&record.id), &record.tables)
            .await;
        ErasureOutcome {
            erasure_id: record.id,
            subject_type: record.subject_type,
            subject_id: record.subject_id,
            erased_at: record.erased_at,
            versions: erased.versions,
            physically_removed: scrub.complete,
            note: scrub.note,
        }
    }

    async fn scrub(&self, store: &Store, ids: &[String], tables: &[String]) -> erasure::Scrub {
        let scrub = match erasure::scrub(store, tables, Patience::default()).await {
            Ok(scrub) => scrub,
            Err(error) => {
                tracing::error!(%error, "cleaning up after an erasure failed");
                erasure::Scrub {
                    complete: false,
                    attempts: 1,
                    note: Some("cleanup_failed: the cleanup after the erasure failed; the error is in the server log".to_string()),
                }
            }
        };
        if !scrub.complete {
            tracing::warn!(
                erasures = ids.len(),
                note = scrub.note.as_deref().unwrap_or_default(),
                "the old values of an erasure are still in the database files; retrying every minute"
            );
        }
        let recorded = async {
            let mut tx = store.write().await?;
            erasure::scrubbed(&mut tx, ids, &scrub).await?;
            tx.commit().await?;
            Ok::<(), grenzeloos_store::StoreError>(())
        };
        if let Err(error) = recorded.await {
            tracing::error!(%error, "recording the cleanup of an erasure failed");
        }
        scrub
    }

    /// Retries the cleanup of every erasure whose old values are still in the database files
    /// (the node's minute). Returns how many erasures are still pending.
    pub async fn finish_erasures(&self) -> Result<usize> {
        // The domains that erase so far.
        let domains = [DataDomain::Registry, DataDomain::Exchange];
        let mut left = 0;
        for domain in domains {
            let store = self.domain(domain).clone();
            let pending = {
                let mut conn = store.read().await?;
                erasure::pending(&mut conn, domain).await?
            };
            if pending.is_empty() {
                continue;
            }
            let ids: Vec<String> = pending.iter().map(|e| e.id.clone()).collect();
            let mut tables: Vec<String> = pending.iter().flat_map(|e| e.tables.clone()).collect();
            tables.sort();
            tables.dedup();
            if !self.scrub(&store, &ids, &tables).await.complete {
                left += ids.len();
            }
        }
        Ok(left)
    }

    /// The erasures of officer `id`, oldest first (for the officer's page; no personal data).
    pub async fn officer_erasures(&self, actor: &Actor, id: &str) -> Result<Vec<Erasure>> {
        self.require(
            actor,
            Permission::PersonalRead,
            AuditAction::OfficerErasures,
        )
        .await?;
        let mut conn = self.store.read().await?;
        Ok(erasure::of_subject(&mut conn, DataDomain::Registry, "officer", id).await?)
    }
}
