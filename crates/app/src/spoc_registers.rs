//! The SPOC desk's registers beside its cases (issue 14): the languages each partner accepts
//! (Art 11, SPOC-08), the consent of the states information came from (BNL-01), the written
//! confirmation of an oral Benelux request (BNL-02), the on-call judicial contacts (SPOC-15)
//! and the transfer assessments for third countries (LED-03). The rules are the domain's
//! (`domain::spoc::registers`); each change is audited in the exchange domain.

use crate::spoc::CaseView;
use crate::{Actor, App, AppError, Result, record};
use grenzeloos_domain::Violation;
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::agreements::ExchangeKind;
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::data_domain::DataDomain;
use grenzeloos_domain::labels::Lang;
use grenzeloos_domain::spoc::registers::{
    ConsentInput, JudicialContactInput, LanguagesInput, OralConfirmationInput,
    TransferAssessmentInput, TransferBasis, is_third_country, stored_languages,
};
use grenzeloos_domain::spoc::vocabulary::{Direction, Language};
use grenzeloos_domain::time::instant_text;
use grenzeloos_store::spoc::{self as repo, Communication};
use grenzeloos_store::spoc_registers::{
    self as registry, ConsentRow, JudicialContact, PartnerLanguages, TransferAssessment,
};
use grenzeloos_store::{Conn, Tx};
use jiff::Timestamp;

/// The languages `partner` listed besides English, as stored (unknown codes skipped).
pub(crate) async fn listed_languages_in(conn: &mut Conn, partner: &str) -> Result<Vec<Language>> {
    Ok(registry::partner_languages(conn, partner)
        .await?
        .map(|l| {
            l.languages
                .iter()
                .filter_map(|code| Language::parse("stored", code).ok())
                .collect()
        })
        .unwrap_or_default())
}

/// A violation found inside the object at `path` of the request body.
pub(crate) fn within(error: AppError, path: &str) -> AppError {
    match error {
        AppError::Invalid(v) => AppError::Invalid(v.within(path)),
        other => other,
    }
}

/// The row a transfer assessment is stored as.
pub(crate) fn transfer_row(
    tx: &mut Tx,
    case_id: &str,
    recipient: &str,
    input: &TransferAssessmentInput,
    actor: &Actor,
    now: Timestamp,
) -> TransferAssessment {
    TransferAssessment {
        id: tx.new_id(),
        case_id: case_id.to_string(),
        recipient: recipient.to_string(),
        basis: input.basis.as_str().to_string(),
        instrument: input.instrument.clone(),
        derogation: input.derogation.map(|d| d.as_str().to_string()),
        necessity: Some(input.necessity.clone()),
        decided_by: input.decided_by.clone(),
        decided_at: instant_text(input.decided_at.unwrap_or(now)),
        recorded_by: actor.username.clone(),
    }
}

/// The contacts on duty at `now`; when nobody is, the next one to come on duty.
pub(crate) fn on_call(contacts: Vec<JudicialContact>, now: Timestamp) -> Vec<JudicialContact> {
    let now = instant_text(now);
    let (current, later): (Vec<_>, Vec<_>) = contacts
        .into_iter()
        .partition(|c| c.on_call_from <= now && now < c.on_call_until);
    if current.is_empty() {
        later.into_iter().take(1).collect()
    } else {
        current
    }
}

impl App {
    pub(crate) async fn listed_languages(&self, partner: &str) -> Result<Vec<Language>> {
        let mut conn = self.domain(DataDomain::Exchange).read().await?;
        listed_languages_in(&mut conn, partner).await
    }

    /// LED-03: what the operator is told when a transfer assessment is missing — the third
    /// country, the three bases, and that an MoU is never one.
    pub(crate) fn transfer_missing(&self, partner: &str, field: &str) -> Violation {
        Violation::at(
            "transfer_assessment_required",
            field,
            format!(
                "{partner} is a third country: before anything is sent, record a transfer assessment under Chapter V of Directive (EU) 2016/680 (Wpg art. 17a) — an adequacy decision (Art 36), appropriate safeguards in a binding instrument (Art 37) or a derogation for this case (Art 38) — with its necessity and who decided; an MoU alone is never the basis"
            ),
        )
    }

    /// A transfer on appropriate safeguards that names an agreement of the registry rests on
    /// it only if the registry's one rule says it is a basis on that date (an MoU never is).
    pub(crate) async fn check_transfer_instrument(
        &self,
        actor: &Actor,
        partner: &str,
        input: &TransferAssessmentInput,
        now: Timestamp,
    ) -> Result<()> {
        input.check(now)?;
        let (TransferBasis::Safeguards, Some(instrument)) = (input.basis, &input.instrument) else {
            return Ok(());
        };
        let date = grenzeloos_domain::clock::amsterdam_date(input.decided_at.unwrap_or(now));
        let assessment = self
            .assess_legal_basis(
                actor,
                ExchangeKind::InformationRequest,
                partner,
                date,
                Lang::En,
            )
            .await?;
        if assessment
            .bases
            .iter()
            .any(|b| &b.agreement.id == instrument)
        {
            return Ok(());
        }
        if let Some(not) = assessment.not_bases.iter().find(|n| &n.id == instrument) {
            return Err(AppError::Invalid(Violation::at(
                "not_a_basis",
                "instrument",
                format!(
                    "{}; record the safeguards of another instrument, an adequacy decision or a derogation for this case",
                    not.explanation
                ),
            )));
        }
        // Not an agreement of the registry: the controller's own assessment of the
        // safeguards (Art 37(1)(b)), described in the text.
        Ok(())
    }

    /// The Art 11 language lists of the partners (no personal data).
    pub async fn partner_languages(&self, actor: &Actor) -> Result<Vec<PartnerLanguages>> {
        self.require_in(
            DataDomain::Exchange,
            actor,
            Permission::CaseRead,
            AuditAction::SpocLanguages,
        )
        .await?;
        let mut conn = self.domain(DataDomain::Exchange).read().await?;
        Ok(registry::all_partner_languages(&mut conn).await?)
    }

    /// Records the languages `partner` accepts for requests besides English (SPOC-08).
    pub async fn set_partner_languages(
        &self,
        actor: &Actor,
        partner: &str,
        input: &LanguagesInput,
    ) -> Result<PartnerLanguages> {
        self.require_in(
            DataDomain::Exchange,
            actor,
            Permission::CaseWrite,
            AuditAction::SpocLanguages,
        )
        .await?;
        input.check()?;
        grenzeloos_domain::countries::country(partner).ok_or_else(|| {
            Violation::at(
                "unknown_state",
                "partner",
                "an ISO 3166-1 alpha-2 code of a state, such as BE",
            )
        })?;
        let mut tx = self.domain(DataDomain::Exchange).write().await?;
        let list = PartnerLanguages {
            partner: partner.to_string(),
            languages: stored_languages(&input.languages),
            updated_at: tx.now_text(),
            updated_by: actor.username.clone(),
        };
        registry::set_partner_languages(&mut tx, &list).await?;
        record(
            &mut tx,
            actor,
            AuditAction::SpocLanguages,
            ("spoc_partner_languages", partner),
            None,
            Some(serde_json::json!({ "languages": list.languages })),
        )
        .await?;
        tx.commit().await?;
        Ok(list)
    }

    /// Records where information on a case came from and that state's consent to passing
    /// it on (BNL-01, Art 6(1)(h)). State codes and dates only.
    pub async fn record_consent(
        &self,
        actor: &Actor,
        id: &str,
        input: &ConsentInput,
    ) -> Result<CaseView> {
        self.require_in(
            DataDomain::Exchange,
            actor,
            Permission::CaseWrite,
            AuditAction::SpocCaseConsent,
        )
        .await?;
        let now = self.now();
        input.check(now)?;
        let at = instant_text(input.at.unwrap_or(now));
        let mut tx = self.domain(DataDomain::Exchange).write().await?;
        repo::case(&mut tx, id)
            .await?
            .ok_or_else(|| crate::spoc::not_found(id))?;
        let earlier = registry::consents(&mut tx, id)
            .await?
            .into_iter()
            .find(|c| c.state == input.state);
        let consent = input.consent.map(|c| c.as_str().to_string());
        let asked_at = match input.consent.map(|c| c.as_str()) {
            Some("requested") => Some(at.clone()),
            _ => earlier.as_ref().and_then(|c| c.asked_at.clone()),
        };
        let decided_at = match input.consent.map(|c| c.as_str()) {
            Some("given") | Some("refused") => Some(at.clone()),
            _ => None,
        };
        let row = ConsentRow {
            case_id: id.to_string(),
            state: input.state.clone(),
            consent: consent.clone(),
            asked_at,
            decided_at,
            updated_at: tx.now_text(),
            updated_by: actor.username.clone(),
        };
        registry::put_consent(&mut tx, &row).await?;
        record(
            &mut tx,
            actor,
            AuditAction::SpocCaseConsent,
            ("spoc_case", id),
            None,
            Some(serde_json::json!({ "state": input.state, "consent": consent })),
        )
        .await?;
        tx.commit().await?;
        self.case_after_change(id).await
    }

    /// Records the written confirmation of an oral Benelux request (BNL-02).
    pub async fn confirm_oral_request(
        &self,
        actor: &Actor,
        id: &str,
        input: &OralConfirmationInput,
    ) -> Result<CaseView> {
        self.require_in(
            DataDomain::Exchange,
            actor,
            Permission::CaseWrite,
            AuditAction::SpocCaseOralConfirmation,
        )
        .await?;
        let now = self.now();
        input.check(now)?;
        let at = input.at.unwrap_or(now);
        let mut tx = self.domain(DataDomain::Exchange).write().await?;
        let mut row = repo::case(&mut tx, id)
            .await?
            .ok_or_else(|| crate::spoc::not_found(id))?;
        if !row.oral {
            return Err(AppError::Conflict(Violation::at(
                "not_oral",
                "case",
                "this request was made in writing: there is no oral request to confirm",
            )));
        }
        if row.oral_confirmed_at.is_some() {
            return Err(AppError::Conflict(Violation::at(
                "already_confirmed",
                "case",
                "the written confirmation of this oral request is recorded already",
            )));
        }
        if instant_text(at) < row.received_at {
            return Err(AppError::Invalid(Violation::at(
                "before_receipt",
                "at",
                "the confirmation cannot come before the oral request was made",
            )));
        }
        row.oral_confirmed_at = Some(instant_text(at));
        row.updated_at = tx.now_text();
        repo::update_case(&mut tx, &row).await?;
        // Our own oral request is confirmed by us; a partner's by them.
        let received = row.direction != Direction::Outgoing.as_str();
        let communication_id = tx.new_id();
        repo::add_communication(
            &mut tx,
            &Communication {
                id: communication_id,
                case_id: id.to_string(),
                at: instant_text(at),
                kind: "oral_confirmation".to_string(),
                way: if received { "in" } else { "out" }.to_string(),
                counterpart: row.partner.clone(),
                text: None,
                recorded_by: actor.username.clone(),
            },
        )
        .await?;
        record(
            &mut tx,
            actor,
            AuditAction::SpocCaseOralConfirmation,
            ("spoc_case", id),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        self.case_after_change(id).await
    }

    /// Records a transfer assessment on a case with a third country (LED-03), before anything
    /// goes to it.
    pub async fn record_transfer_assessment(
        &self,
        actor: &Actor,
        id: &str,
        input: &TransferAssessmentInput,
    ) -> Result<CaseView> {
        self.require_in(
            DataDomain::Exchange,
            actor,
            Permission::CaseWrite,
            AuditAction::SpocCaseTransfer,
        )
        .await?;
        let now = self.now();
        let partner = {
            let mut conn = self.domain(DataDomain::Exchange).read().await?;
            repo::case(&mut conn, id)
                .await?
                .ok_or_else(|| crate::spoc::not_found(id))?
                .partner
        };
        if !is_third_country(&partner) {
            return Err(AppError::Invalid(Violation::at(
                "not_a_third_country",
                "case",
                format!(
                    "{partner} is not a third country: the exchange rests on Directive (EU) 2023/977 or the Kingdom's arrangements, not on a transfer under Chapter V of Directive (EU) 2016/680"
                ),
            )));
        }
        self.check_transfer_instrument(actor, &partner, input, now)
            .await?;
        let mut tx = self.domain(DataDomain::Exchange).write().await?;
        let assessment = transfer_row(&mut tx, id, &partner, input, actor, now);
        registry::insert_transfer_assessment(&mut tx, &assessment).await?;
        record(
            &mut tx,
            actor,
            AuditAction::SpocCaseTransfer,
            ("spoc_case", id),
            None,
            Some(serde_json::json!({
                "assessment": assessment.id,
                "recipient": partner,
                "basis": assessment.basis,
                "derogation": assessment.derogation,
            })),
        )
        .await?;
        tx.commit().await?;
        self.case_after_change(id).await
    }

    /// The on-call judicial contacts whose duty has not ended (SPOC-15): the officials' work
    /// contact data, read by the desk; audited as a consultation.
    pub async fn judicial_contacts(&self, actor: &Actor) -> Result<Vec<JudicialContact>> {
        self.require_in(
            DataDomain::Exchange,
            actor,
            Permission::CaseRead,
            AuditAction::SpocJudicialContacts,
        )
        .await?;
        let mut conn = self.domain(DataDomain::Exchange).read().await?;
        let contacts = registry::judicial_contacts(&mut conn, &instant_text(self.now())).await?;
        drop(conn);
        let mut tx = self.domain(DataDomain::Exchange).write().await?;
        record(
            &mut tx,
            actor,
            AuditAction::SpocJudicialContacts,
            ("spoc_judicial_contacts", "*"),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(contacts)
    }

    /// Adds a duty to the on-call register (SPOC-15).
    pub async fn add_judicial_contact(
        &self,
        actor: &Actor,
        input: &JudicialContactInput,
    ) -> Result<JudicialContact> {
        self.require_in(
            DataDomain::Exchange,
            actor,
            Permission::CaseWrite,
            AuditAction::SpocJudicialContactAdd,
        )
        .await?;
        input.check(self.now())?;
        let mut tx = self.domain(DataDomain::Exchange).write().await?;
        let contact = JudicialContact {
            id: tx.new_id(),
            name: input.name.trim().to_string(),
            authority: input.authority.trim().to_string(),
            phone: input.phone.trim().to_string(),
            email: input.email.as_deref().map(|e| e.trim().to_string()),
            on_call_from: instant_text(input.on_call_from),
            on_call_until: instant_text(input.on_call_until),
            created_at: tx.now_text(),
            created_by: actor.username.clone(),
            withdrawn_at: None,
        };
        registry::insert_judicial_contact(&mut tx, &contact).await?;
        record(
            &mut tx,
            actor,
            AuditAction::SpocJudicialContactAdd,
            ("spoc_judicial_contact", &contact.id),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(contact)
    }

    /// Withdraws a duty from the on-call register (a cancelled duty).
    pub async fn withdraw_judicial_contact(&self, actor: &Actor, id: &str) -> Result<()> {
        self.require_in(
            DataDomain::Exchange,
            actor,
            Permission::CaseWrite,
            AuditAction::SpocJudicialContactWithdraw,
        )
        .await?;
        let mut tx = self.domain(DataDomain::Exchange).write().await?;
        let now = tx.now_text();
        if !registry::withdraw_judicial_contact(&mut tx, id, &now).await? {
            return Err(AppError::NotFound {
                what: "judicial contact",
                id: id.to_string(),
            });
        }
        record(
            &mut tx,
            actor,
            AuditAction::SpocJudicialContactWithdraw,
            ("spoc_judicial_contact", id),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
