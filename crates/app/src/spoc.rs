//! The SPOC desk's use cases (issue 14, Directive (EU) 2023/977): record a case with its
//! deadline and cross-check, read it (audited with its purpose), and take the steps the law
//! allows — answer, refuse, notify a judicial delay, ask for and record a clarification. Each
//! writes the case, its communication, the message to the partner (in the outbox) and its
//! audit event in one transaction of the exchange domain.

use crate::spoc_registers::{listed_languages_in, on_call, transfer_row, within};
use crate::{Actor, App, AppError, Result, record};
use grenzeloos_domain::Violation;
use grenzeloos_domain::access::{Permission, Purpose};
use grenzeloos_domain::agreements::ExchangeKind;
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::data_domain::DataDomain;
use grenzeloos_domain::labels::Lang;
use grenzeloos_domain::spoc::case::{self, CaseFacts, Event, Origin, Provision, Status};
use grenzeloos_domain::spoc::crosscheck;
use grenzeloos_domain::spoc::deadline::{
    self, ClockState, CountingRule, Deadline, Suspension, amsterdam_text,
};
use grenzeloos_domain::spoc::intake::{
    AnswerInput, ClarificationInput, ClarificationRequestInput, JudicialDelayInput, NewCase,
    RefusalInput,
};
use grenzeloos_domain::spoc::message::{self, Content, LegalBasis, Message, Subject};
use grenzeloos_domain::spoc::registers::{self, effective_consent};
use grenzeloos_domain::spoc::statistics::{CaseCount, Statistics, count};
use grenzeloos_domain::spoc::vocabulary::{Direction, Language, RefusalGround, Urgency};
use grenzeloos_domain::time::{instant_text, parse_instant};
use grenzeloos_store::audit::OwnedEvent;
use grenzeloos_store::spoc::{self as repo, CaseRow, Communication, OutboxMessage, SubjectRow};
use grenzeloos_store::spoc_registers::{
    self as registry, ConsentRow, JudicialContact, TransferAssessment,
};
use grenzeloos_store::{Conn, Tx};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The node's own state in the messages it sends.
pub const OWN_STATE: &str = "NL";

/// The purpose recorded when the desk reads a case without stating another: handling the
/// request is why the case exists (SPOC-13 logs it all the same).
pub const HANDLING_PURPOSE: &str = "behandeling van het verzoek (Richtlijn (EU) 2023/977)";

/// A concluded case's personal data come up for review this many months later (SPOC-14).
pub const REVIEW_MONTHS: i64 = 6;

/// A case related to another by the cross-check, and on what (SPOC-04).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub id: String,
    pub reference: String,
    /// `person`, `vehicle_plate`, `vin`, `phone`, `document`, `reference`.
    pub matched_on: Vec<String>,
}

/// What recording a case answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseCreated {
    pub id: String,
    pub reference: String,
    /// RFC 3339 with the Amsterdam offset; `null` while no deadline runs.
    pub deadline: Option<String>,
    pub status: String,
    pub related: Vec<Related>,
}

/// What the case keeps as its content: the request as recorded and the id of the message it
/// came in (or went out) with, which replies name (`in_reply_to`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StoredContent {
    message_id: String,
    request: NewCase,
}

/// A case as the desk sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseView {
    pub id: String,
    pub reference: String,
    pub status: String,
    pub direction: String,
    pub partner: String,
    /// RFC 3339 with the Amsterdam offset.
    pub received_at: String,
    pub urgency: String,
    pub urgency_ground: Option<String>,
    pub availability: String,
    pub language: String,
    pub channel: String,
    pub channel_exception: Option<String>,
    pub europol_copy: bool,
    pub partner_reference: Option<String>,
    pub deadline: Option<String>,
    /// `running`, `stopped` (a clarification awaited) or `none` (no time limit runs).
    pub clock: String,
    /// `on_time`, `due_within_hour`, `overdue`, `stopped`; `null` once answered.
    pub standing: Option<String>,
    /// The Art 5(1) point the time limit comes from.
    pub article: Option<String>,
    pub answered_at: Option<String>,
    pub in_time: Option<bool>,
    pub refusal_grounds: Vec<String>,
    pub judicial_delay: bool,
    pub concluded_at: Option<String>,
    pub review_due: Option<String>,
    /// When its personal data were erased; the request and subjects are gone then.
    pub erased_at: Option<String>,
    /// The request as recorded (personal data); `null` once erased.
    pub request: Option<NewCase>,
    pub communications: Vec<Communication>,
    pub outbox: Vec<OutboxMessage>,
    pub related: Vec<Related>,
    /// The steps the case can take now (`answer`, `refuse`, …), for the buttons of a page.
    pub next_steps: Vec<String>,
    /// A Benelux oral request: where its written confirmation within 24 hours stands
    /// (BNL-02); `null` for a written request.
    pub oral_confirmation: Option<OralConfirmationView>,
    /// The states information on the case came from and their consent (BNL-01).
    pub consents: Vec<ConsentRow>,
    /// Whose consent is still missing (not asked, or asked and not given), and who refused:
    /// nothing from them can be passed on (Art 6(1)(h)).
    pub consent_missing: Vec<String>,
    pub consent_refused: Vec<String>,
    /// The languages the partner accepts for requests (Art 11, SPOC-08), English included.
    pub accepted_languages: Vec<String>,
    /// The partner is a third country: nothing goes out without a transfer assessment
    /// (LED-03).
    pub third_country: bool,
    pub transfer_assessments: Vec<TransferAssessment>,
    /// Who can give a judicial authorisation now (or next), shown while the case may need
    /// one (SPOC-15).
    pub judicial_contacts: Vec<JudicialContact>,
}

/// BNL-02: the written confirmation of an oral request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OralConfirmationView {
    /// `pending`, `overdue` or `confirmed`.
    pub state: String,
    /// 24 hours after the oral request (RFC 3339, Amsterdam offset).
    pub due: String,
    pub confirmed_at: Option<String>,
    /// Whether the confirmation came within the 24 hours.
    pub in_time: Option<bool>,
}

pub(crate) fn not_found(id: &str) -> AppError {
    AppError::NotFound {
        what: "case",
        id: id.to_string(),
    }
}

fn instant(text: &str) -> Result<Timestamp> {
    parse_instant("stored", text).map_err(|_| {
        AppError::Store(grenzeloos_store::StoreError::Corrupt(
            "a stored instant is not valid".to_string(),
        ))
    })
}

fn code<T>(parse: fn(&str, &str) -> grenzeloos_domain::Invalid<T>, value: &str) -> Result<T> {
    parse("stored", value).map_err(|_| {
        AppError::Store(grenzeloos_store::StoreError::Corrupt(
            "a stored code is not valid".to_string(),
        ))
    })
}

/// The Art 5 deadline of a stored case with its suspensions, if a time limit runs.
fn case_deadline(
    case: &CaseRow,
    suspensions: &[(String, Option<String>)],
    rule: CountingRule,
) -> Result<Option<Deadline>> {
    let direction = code(Direction::parse, &case.direction)?;
    if !matches!(direction, Direction::Incoming | Direction::Outgoing) {
        return Ok(None);
    }
    let suspensions = suspensions
        .iter()
        .map(|(from, to)| {
            Ok(Suspension {
                from: instant(from)?,
                to: to.as_deref().map(instant).transpose()?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let deadline = deadline::deadline(
        instant(&case.received_at)?,
        code(Urgency::parse, &case.urgency)?,
        code(
            grenzeloos_domain::spoc::vocabulary::Availability::parse,
            &case.availability,
        )?,
        rule,
        &suspensions,
    )?;
    Ok(Some(deadline))
}

fn due_text(deadline: &Option<Deadline>) -> Option<String> {
    deadline
        .as_ref()
        .and_then(Deadline::due)
        .map(amsterdam_text)
}

fn due_stored(deadline: &Option<Deadline>) -> Option<String> {
    deadline.as_ref().and_then(Deadline::due).map(instant_text)
}

/// The partner's legal basis for an exchange on `date`, from the agreements registry: the
/// message names the instrument relied on. Nothing leaves the node without one.
fn message_basis(date: jiff::civil::Date) -> LegalBasis {
    if date >= jiff::civil::date(2024, 12, 12) {
        LegalBasis::Directive2023_977
    } else {
        LegalBasis::FrameworkDecision2006_960
    }
}

impl App {
    fn spoc_rule(&self) -> CountingRule {
        self.settings.spoc_deadline_rule
    }

    /// Refuses an exchange with `partner` on `date` for which the agreements registry holds
    /// no legal basis (SPOC-02: every exchange checked against a legal basis valid on its
    /// date), naming what is missing.
    async fn require_legal_basis(
        &self,
        actor: &Actor,
        partner: &str,
        date: jiff::civil::Date,
    ) -> Result<()> {
        let assessment = self
            .assess_legal_basis(
                actor,
                ExchangeKind::InformationRequest,
                partner,
                date,
                Lang::En,
            )
            .await?;
        if assessment.bases.is_empty() {
            let why = assessment
                .not_bases
                .iter()
                .map(|n| format!("{}: {}", n.title, n.explanation))
                .collect::<Vec<_>>()
                .join("; ");
            return Err(AppError::Invalid(Violation::at(
                "no_legal_basis",
                "partner",
                format!(
                    "the agreements registry holds no legal basis for an information exchange with {partner} on {date}{}",
                    if why.is_empty() {
                        String::new()
                    } else {
                        format!(" ({why})")
                    }
                ),
            )));
        }
        Ok(())
    }

    /// Records a new case (SPOC-01, SPOC-02): its deadline (SPOC-05), the cross-check against
    /// every case (SPOC-04), and for an outgoing request the message in the outbox.
    pub async fn create_case(&self, actor: &Actor, input: &NewCase) -> Result<CaseCreated> {
        self.require_in(
            DataDomain::Exchange,
            actor,
            Permission::CaseWrite,
            AuditAction::SpocCaseCreate,
        )
        .await?;
        let now = self.now();
        input.check(now)?;
        let received = input.received_at.unwrap_or(now);
        let direction = input.direction;
        let sends = matches!(direction, Direction::Outgoing | Direction::OwnInitiative);
        if sends {
            let listed = self.listed_languages(&input.partner).await?;
            case::check_request_language(input.language, &input.partner, &listed, "language")?;
            if registers::is_third_country(&input.partner) {
                // LED-03: the transfer assessment is what allows it, recorded with the case.
                let transfer = input.transfer.as_ref().ok_or_else(|| {
                    AppError::Invalid(self.transfer_missing(&input.partner, "transfer"))
                })?;
                self.check_transfer_instrument(actor, &input.partner, transfer, now)
                    .await
                    .map_err(|e| within(e, "transfer"))?;
            } else {
                self.require_legal_basis(
                    actor,
                    &input.partner,
                    grenzeloos_domain::clock::amsterdam_date(now),
                )
                .await?;
            }
        }
        // SPOC-04: the related cases, before anyone answers — found before the writer is
        // taken (a new case's own reference relates to nothing yet).
        let partner_references: Vec<String> = input
            .partner_reference
            .iter()
            .flat_map(|r| crosscheck::keys(&crosscheck::Subject::Reference(r)))
            .collect();
        let related = {
            let mut conn = self.domain(DataDomain::Exchange).read().await?;
            related_cases(&mut conn, "", &input.subjects, &partner_references).await?
        };
        let mut tx = self.domain(DataDomain::Exchange).write().await?;
        let id = tx.new_id();
        let year = grenzeloos_domain::clock::amsterdam_date(now).year();
        let number = repo::next_number(&mut tx, year).await?;
        let reference = format!("SPOC-{year}-{number:06}");
        let message_id = Uuid::parse_str(&tx.new_id())
            .map_err(|e| AppError::Store(grenzeloos_store::StoreError::Corrupt(e.to_string())))?;
        let content = StoredContent {
            message_id: message_id.to_string(),
            // The transfer assessment is kept in its own register.
            request: NewCase {
                transfer: None,
                ..input.clone()
            },
        };
        let mut row = CaseRow {
            id: id.clone(),
            reference: reference.clone(),
            direction: direction.as_str().to_string(),
            partner: input.partner.clone(),
            received_at: instant_text(received),
            urgency: input.urgency.as_str().to_string(),
            urgency_ground: input.urgency_ground.map(|g| g.as_str().to_string()),
            availability: input.availability.as_str().to_string(),
            language: input.language.to_string(),
            channel: input.channel.as_str().to_string(),
            channel_exception: input.channel_exception.map(|e| e.as_str().to_string()),
            europol_copy: input.europol_copy,
            partner_reference: input.partner_reference.clone(),
            status: Status::initial(direction).as_str().to_string(),
            deadline: None,
            assignee: None,
            content: Some(serde_json::to_string(&content).map_err(|e| {
                AppError::Store(grenzeloos_store::StoreError::Corrupt(e.to_string()))
            })?),
            answered_at: None,
            in_time: None,
            refusal_grounds: None,
            refused_in_part: false,
            judicial_delay: false,
            concluded_at: None,
            review_due: None,
            erased_at: None,
            created_at: tx.now_text(),
            created_by: actor.username.clone(),
            updated_at: tx.now_text(),
            oral: input.oral,
            oral_confirmed_at: None,
        };
        let deadline = case_deadline(&row, &[], self.spoc_rule())?;
        row.deadline = due_stored(&deadline);
        repo::insert_case(&mut tx, &row).await?;

        // The subjects, and their keys in the cross-check index.
        let mut keys_of_case: Vec<String> = Vec::new();
        for (ordinal, subject) in input.subjects.iter().enumerate() {
            let ordinal = ordinal as i64;
            repo::insert_subject(
                &mut tx,
                &SubjectRow {
                    case_id: id.clone(),
                    ordinal,
                    kind: subject.kind().to_string(),
                    data: Some(subject_json(subject)?),
                },
            )
            .await?;
            let keys: Vec<String> = subject
                .for_crosscheck()
                .iter()
                .flat_map(crosscheck::keys)
                .collect();
            repo::insert_keys(&mut tx, &id, ordinal, &keys).await?;
            keys_of_case.extend(keys);
        }
        let own_references: Vec<String> =
            [Some(reference.as_str()), input.partner_reference.as_deref()]
                .into_iter()
                .flatten()
                .flat_map(|r| crosscheck::keys(&crosscheck::Subject::Reference(r)))
                .collect();
        repo::insert_keys(&mut tx, &id, -1, &own_references).await?;

        // What came in or went out, as the case's first communication (SPOC-03).
        let communication_id = tx.new_id();
        repo::add_communication(
            &mut tx,
            &Communication {
                id: communication_id,
                case_id: id.clone(),
                at: instant_text(received),
                kind: if sends {
                    "request"
                } else {
                    direction_kind(direction)
                }
                .to_string(),
                way: if sends { "out" } else { "in" }.to_string(),
                counterpart: input.partner.clone(),
                text: input.information_requested.clone(),
                recorded_by: actor.username.clone(),
            },
        )
        .await?;
        let mut transfer_id = None;
        if let (true, Some(transfer)) = (sends, &input.transfer) {
            if registers::is_third_country(&input.partner) {
                let assessment = transfer_row(&mut tx, &id, &input.partner, transfer, actor, now);
                registry::insert_transfer_assessment(&mut tx, &assessment).await?;
                transfer_id = Some(assessment.id);
            }
        }
        if sends {
            let message = self.message(&row, &content, message_id, None, request_content(input))?;
            enqueue(&mut tx, &row, &message, transfer_id).await?;
        }

        record(
            &mut tx,
            actor,
            AuditAction::SpocCaseCreate,
            ("spoc_case", &id),
            None,
            Some(serde_json::json!({
                "reference": reference,
                "direction": direction.as_str(),
                "partner": input.partner,
                "subjects": input.subjects.len(),
            })),
        )
        .await?;
        if !related.is_empty() {
            // Looking at other cases' subjects is a consultation of their personal data.
            record(
                &mut tx,
                actor,
                AuditAction::SpocCrossCheck,
                ("spoc_case", &id),
                Some("kruiscontrole van een nieuwe zaak (art. 16 lid 1 sub d Richtlijn (EU) 2023/977)"),
                Some(serde_json::json!({
                    "related": related.iter().map(|r| &r.id).collect::<Vec<_>>(),
                })),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(CaseCreated {
            id,
            reference,
            deadline: due_text(&deadline),
            status: row.status,
            related,
        })
    }

    /// One case with everything on it (SPOC-13: the read is audited with its purpose).
    pub async fn case(
        &self,
        actor: &Actor,
        id: &str,
        purpose: Option<&Purpose>,
    ) -> Result<CaseView> {
        self.require_in(
            DataDomain::Exchange,
            actor,
            Permission::CaseRead,
            AuditAction::SpocCaseRead,
        )
        .await?;
        // The view (with its cross-check) is read outside the writer, which the desk's every
        // change waits for; the writer is taken only to log the read before it is answered.
        let mut conn = self.domain(DataDomain::Exchange).read().await?;
        let row = repo::case(&mut conn, id)
            .await?
            .ok_or_else(|| not_found(id))?;
        let view = self.view(&mut conn, row).await?;
        drop(conn);
        // Logged before it is answered, together with the other reads waiting for the writer
        // (group commit: a read does not queue a transaction of its own).
        self.domain(DataDomain::Exchange)
            .log_read(OwnedEvent {
                actor: actor.username.clone(),
                action: AuditAction::SpocCaseRead.as_str().to_string(),
                object_type: "spoc_case".to_string(),
                object_id: id.to_string(),
                purpose: Some(
                    purpose
                        .map_or(HANDLING_PURPOSE, Purpose::as_str)
                        .to_string(),
                ),
                details: None,
            })
            .await?;
        Ok(view)
    }

    async fn view(&self, conn: &mut Conn, row: CaseRow) -> Result<CaseView> {
        let suspensions = repo::suspensions(conn, &row.id).await?;
        let deadline = case_deadline(&row, &suspensions, self.spoc_rule())?;
        let status = code(Status::parse, &row.status)?;
        let direction = code(Direction::parse, &row.direction)?;
        let now = self.now();
        let content: Option<StoredContent> = row
            .content
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(|e| AppError::Store(grenzeloos_store::StoreError::Corrupt(e.to_string())))?;
        let related = match &content {
            Some(content) => {
                let references: Vec<String> = [
                    Some(row.reference.as_str()),
                    row.partner_reference.as_deref(),
                ]
                .into_iter()
                .flatten()
                .flat_map(|r| crosscheck::keys(&crosscheck::Subject::Reference(r)))
                .collect();
                related_cases(conn, &row.id, &content.request.subjects, &references).await?
            }
            None => Vec::new(),
        };
        let open = status.open();
        let consents = registry::consents(conn, &row.id).await?;
        let consent_missing = consents
            .iter()
            .filter(|c| !matches!(c.consent.as_deref(), Some("given") | Some("refused")))
            .map(|c| c.state.clone())
            .collect();
        let consent_refused = consents
            .iter()
            .filter(|c| c.consent.as_deref() == Some("refused"))
            .map(|c| c.state.clone())
            .collect();
        let oral_confirmation = if row.oral {
            let confirmed = row.oral_confirmed_at.as_deref().map(instant).transpose()?;
            let received = instant(&row.received_at)?;
            let (state, in_time) = match deadline::oral_confirmation(received, confirmed, now) {
                deadline::OralConfirmation::Confirmed { in_time } => ("confirmed", Some(in_time)),
                deadline::OralConfirmation::Pending { .. } => ("pending", None),
                deadline::OralConfirmation::Overdue { .. } => ("overdue", None),
            };
            Some(OralConfirmationView {
                state: state.to_string(),
                due: amsterdam_text(
                    received
                        .saturating_add(deadline::ORAL_CONFIRMATION)
                        .unwrap_or(received),
                ),
                confirmed_at: confirmed.map(amsterdam_text),
                in_time,
            })
        } else {
            None
        };
        let next_steps: Vec<String> = case::EventKind::ALL
            .iter()
            .filter(|k| case::next(direction, status, **k).is_some())
            .map(|k| k.as_str().to_string())
            .collect();
        // Our judicial authorisation, for a request we answer.
        let needs_judge = direction == Direction::Incoming
            && (status == Status::AwaitingJudicialAuthorisation
                || next_steps.iter().any(|s| s == "judicial_delay"));
        let judicial_contacts = if needs_judge {
            on_call(
                registry::judicial_contacts(conn, &instant_text(now)).await?,
                now,
            )
        } else {
            Vec::new()
        };
        let listed = listed_languages_in(conn, &row.partner).await?;
        Ok(CaseView {
            oral_confirmation,
            consents,
            consent_missing,
            consent_refused,
            accepted_languages: case::accepted_languages(&listed)
                .iter()
                .map(|l| l.to_string())
                .collect(),
            third_country: registers::is_third_country(&row.partner),
            // Only a third country's case has any (the view is read on every step).
            transfer_assessments: if registers::is_third_country(&row.partner) {
                registry::transfer_assessments(conn, &row.id).await?
            } else {
                Vec::new()
            },
            judicial_contacts,
            clock: match deadline.as_ref().map(|d| &d.clock) {
                Some(ClockState::Running { .. }) => "running",
                Some(ClockState::Stopped { .. }) => "stopped",
                None => "none",
            }
            .to_string(),
            standing: deadline
                .as_ref()
                .filter(|_| open)
                .map(|d| d.standing(now).as_str().to_string()),
            article: deadline.as_ref().map(|d| d.period.article().to_string()),
            deadline: due_text(&deadline),
            received_at: amsterdam_text(instant(&row.received_at)?),
            refusal_grounds: row
                .refusal_grounds
                .as_deref()
                .map(|g| g.split(',').map(str::to_string).collect())
                .unwrap_or_default(),
            communications: repo::communications(conn, &row.id).await?,
            outbox: repo::outbox(conn, &row.id).await?,
            next_steps,
            request: content.map(|c| c.request),
            related,
            id: row.id,
            reference: row.reference,
            status: row.status,
            direction: row.direction,
            partner: row.partner,
            urgency: row.urgency,
            urgency_ground: row.urgency_ground,
            availability: row.availability,
            language: row.language,
            channel: row.channel,
            channel_exception: row.channel_exception,
            europol_copy: row.europol_copy,
            partner_reference: row.partner_reference,
            answered_at: row.answered_at,
            in_time: row.in_time,
            judicial_delay: row.judicial_delay,
            concluded_at: row.concluded_at,
            review_due: row.review_due,
            erased_at: row.erased_at,
        })
    }

    /// Answers an incoming request in the language of the request (SPOC-08), passing on
    /// information from another state only with its consent (BNL-01).
    pub async fn answer_case(
        &self,
        actor: &Actor,
        id: &str,
        input: &AnswerInput,
    ) -> Result<CaseView> {
        input.check(self.now())?;
        let origins = origins_of(&input.origins);
        let event = Event::Answer(Provision {
            language: input.language,
            origins: &origins,
        });
        let body = Content::Answer(message::Answer {
            text: input.text.clone(),
            subjects: Vec::new(),
            partial: false,
            handling_codes: Vec::new(),
            handling_conditions: None,
            evaluation: None,
            origins: input.origins.clone(),
        });
        self.step(
            actor,
            id,
            AuditAction::SpocCaseAnswer,
            &event,
            Step {
                kind: "answer",
                text: Some(input.text.clone()),
                message: Some(body),
                at: input.sent_at,
                origins_stated: Some(stated_origins(&input.origins)),
                ..Step::default()
            },
        )
        .await
    }

    /// Refuses all or part of an incoming request with one or more grounds of Art 6(1)
    /// (SPOC-07); a refusal without a ground is impossible.
    pub async fn refuse_case(
        &self,
        actor: &Actor,
        id: &str,
        input: &RefusalInput,
    ) -> Result<CaseView> {
        input.check(self.now())?;
        let refusal = input.refusal();
        let language = match input.language {
            Some(language) => language,
            None => self.case_language(id).await?,
        };
        let origins = origins_of(&input.origins);
        let event = if refusal.partial {
            Event::RefusePart {
                refusal: &refusal,
                provided: Provision {
                    language,
                    origins: &origins,
                },
            }
        } else {
            Event::Refuse {
                refusal: &refusal,
                language,
            }
        };
        let grounds: Vec<&str> = refusal
            .grounds
            .iter()
            .map(|g: &RefusalGround| g.as_str())
            .collect();
        let mut text = format!("{}: {}", grounds.join(", "), refusal.reasons);
        if let Some(provided) = &input.text {
            text.push_str("\n\n");
            text.push_str(provided);
        }
        self.step(
            actor,
            id,
            AuditAction::SpocCaseRefuse,
            &event,
            Step {
                kind: "refusal",
                text: Some(text),
                message: Some(Content::Refusal(refusal.clone())),
                refusal: Some((grounds.join(","), refusal.partial)),
                at: input.sent_at,
                origins_stated: refusal.partial.then(|| stated_origins(&input.origins)),
                ..Step::default()
            },
        )
        .await
    }

    /// Notifies the requester of a delay for judicial authorisation (Art 5(2), SPOC-06).
    pub async fn judicial_delay(
        &self,
        actor: &Actor,
        id: &str,
        input: &JudicialDelayInput,
    ) -> Result<CaseView> {
        let language = self.case_language(id).await?;
        let notice = case::JudicialDelay {
            expected_days: input.expected_days,
            reasons: input.reasons.clone(),
            language,
        };
        self.step(
            actor,
            id,
            AuditAction::SpocCaseJudicialDelay,
            &Event::JudicialDelay(&notice),
            Step {
                kind: "judicial_delay",
                text: Some(format!("{} d: {}", input.expected_days, input.reasons)),
                message: Some(Content::JudicialDelay(message::JudicialDelayNotice {
                    expected_days: input.expected_days,
                    reasons: input.reasons.clone(),
                })),
                judicial_delay: true,
                at: input.sent_at,
                ..Step::default()
            },
        )
        .await
    }

    /// Asks the requester for a clarification (Art 6(3)): the clock stops from the moment
    /// they receive it (SPOC-07).
    pub async fn ask_clarification(
        &self,
        actor: &Actor,
        id: &str,
        input: &ClarificationRequestInput,
    ) -> Result<CaseView> {
        input.check(self.now())?;
        let language = self.case_language(id).await?;
        let from = input.received_at.unwrap_or(self.now());
        self.step(
            actor,
            id,
            AuditAction::SpocCaseClarificationRequest,
            &Event::AskClarification { language },
            Step {
                kind: "clarification_request",
                text: Some(input.questions.clone()),
                message: Some(Content::ClarificationRequest(
                    message::ClarificationRequest {
                        questions: input.questions.clone(),
                    },
                )),
                suspend_from: Some(from),
                ..Step::default()
            },
        )
        .await
    }

    /// Records the clarification that arrived: the clock runs again, the deadline moved later
    /// by the suspension (SPOC-07).
    pub async fn record_clarification(
        &self,
        actor: &Actor,
        id: &str,
        input: &ClarificationInput,
    ) -> Result<CaseView> {
        input.check(self.now())?;
        let to = input.received_at.unwrap_or(self.now());
        self.step(
            actor,
            id,
            AuditAction::SpocCaseClarification,
            &Event::Clarified,
            Step {
                kind: "clarification",
                way_in: true,
                text: Some(input.text.clone()),
                suspend_to: Some(to),
                ..Step::default()
            },
        )
        .await
    }

    async fn case_language(&self, id: &str) -> Result<Language> {
        let mut conn = self.domain(DataDomain::Exchange).read().await?;
        let row = repo::case(&mut conn, id)
            .await?
            .ok_or_else(|| not_found(id))?;
        code(Language::parse, &row.language)
    }

    /// One step on a case: the transition the law allows, the communication, the message to
    /// the partner in the outbox, the new deadline, the audit event — in one transaction.
    async fn step(
        &self,
        actor: &Actor,
        id: &str,
        action: AuditAction,
        event: &Event<'_>,
        mut step: Step,
    ) -> Result<CaseView> {
        self.require_in(DataDomain::Exchange, actor, Permission::CaseWrite, action)
            .await?;
        let now = self.now();
        let mut transfer_id = None;
        // What we send needs a legal basis on this date (SPOC-02). It is looked up before the
        // write transaction: on SQLite the domains share one writer, and a read on another
        // connection while holding it could wait for a request that waits for this one.
        if step.message.is_some() {
            let mut conn = self.domain(DataDomain::Exchange).read().await?;
            let case = repo::case(&mut conn, id)
                .await?
                .ok_or_else(|| not_found(id))?;
            if case.direction == Direction::Incoming.as_str() {
                if registers::is_third_country(&case.partner) {
                    // LED-03: to a third country only under a recorded transfer assessment.
                    let assessments = registry::transfer_assessments(&mut conn, id).await?;
                    let last = assessments.last().ok_or_else(|| {
                        AppError::Invalid(self.transfer_missing(&case.partner, "case"))
                    })?;
                    transfer_id = Some(last.id.clone());
                } else {
                    drop(conn);
                    self.require_legal_basis(
                        actor,
                        &case.partner,
                        grenzeloos_domain::clock::amsterdam_date(now),
                    )
                    .await?;
                }
            }
        }
        let mut tx = self.domain(DataDomain::Exchange).write().await?;
        let mut row = repo::case(&mut tx, id)
            .await?
            .ok_or_else(|| not_found(id))?;
        let from = code(Status::parse, &row.status)?;
        let facts = CaseFacts {
            direction: code(Direction::parse, &row.direction)?,
            language: code(Language::parse, &row.language)?,
        };
        let to = case::transition(&facts, from, event)?;
        let ours = facts.direction == Direction::Incoming;
        if let Some(stated) = &step.origins_stated {
            // BNL-01: the consent register as it stands in this transaction, with what the
            // reply itself states; whose consent is missing is named.
            let register = registry::consents(&mut tx, id)
                .await?
                .into_iter()
                .map(|c| {
                    let consent = c
                        .consent
                        .as_deref()
                        .map(|v| code(case::ConsentState::parse, v))
                        .transpose()?;
                    Ok((c.state, consent))
                })
                .collect::<Result<Vec<_>>>()?;
            let effective = effective_consent(&register, stated);
            let origins: Vec<Origin<'_>> = effective
                .iter()
                .map(|(state, consent)| Origin {
                    state,
                    consent: *consent,
                })
                .collect();
            case::check_consent(&origins, "origins")?;
            if let Some(Content::Answer(answer)) = &mut step.message {
                answer.origins = effective
                    .iter()
                    .filter_map(|(state, consent)| {
                        consent.map(|consent| message::OriginConsent {
                            state: state.to_string(),
                            consent,
                        })
                    })
                    .collect();
            }
        }
        if let Some(at) = step.at {
            if at < instant(&row.received_at)? {
                return Err(AppError::Invalid(Violation::at(
                    "before_receipt",
                    "sent_at",
                    "a reply cannot go out before the request arrived",
                )));
            }
        }
        let at = step.at.unwrap_or(now);
        if let Some(from) = step.suspend_from {
            if from < instant(&row.received_at)? {
                return Err(AppError::Invalid(Violation::at(
                    "before_receipt",
                    "received_at",
                    "the clarification request cannot reach the requester before the request arrived",
                )));
            }
            repo::open_suspension(&mut tx, id, &instant_text(from)).await?;
        }
        if let Some(to) = step.suspend_to {
            let open = repo::suspensions(&mut tx, id).await?;
            if let Some((from, _)) = open.iter().find(|(_, to)| to.is_none()) {
                if to < instant(from)? {
                    return Err(AppError::Invalid(Violation::at(
                        "before_suspension",
                        "received_at",
                        "the clarification cannot arrive before the request for it",
                    )));
                }
            }
            repo::close_suspension(&mut tx, id, &instant_text(to)).await?;
        }
        let suspensions = repo::suspensions(&mut tx, id).await?;
        let deadline = case_deadline(&row, &suspensions, self.spoc_rule())?;
        row.deadline = due_stored(&deadline);
        row.status = to.as_str().to_string();
        if !to.open() && row.answered_at.is_none() && ours {
            row.answered_at = Some(instant_text(at));
            row.in_time = deadline.as_ref().map(|d| d.met_by(at));
        }
        if let Some((grounds, partial)) = &step.refusal {
            row.refusal_grounds = Some(grounds.clone());
            row.refused_in_part = *partial;
        }
        row.judicial_delay |= step.judicial_delay;
        if step.assign {
            row.assignee = Some(actor.username.clone());
        }
        if step.conclude {
            row.concluded_at = Some(instant_text(now));
            row.review_due = Some(
                (grenzeloos_domain::clock::amsterdam_date(now)
                    + jiff::Span::new().months(REVIEW_MONTHS))
                .to_string(),
            );
        }
        row.updated_at = instant_text(now);
        repo::update_case(&mut tx, &row).await?;
        let way_out = ours && !step.way_in;
        // Taking up and concluding change the case, not what was said on it.
        if !step.kind.is_empty() {
            let communication_id = tx.new_id();
            repo::add_communication(
                &mut tx,
                &Communication {
                    id: communication_id,
                    case_id: id.to_string(),
                    at: instant_text(step.suspend_from.or(step.suspend_to).unwrap_or(at)),
                    kind: step.kind.to_string(),
                    way: if way_out { "out" } else { "in" }.to_string(),
                    counterpart: row.partner.clone(),
                    text: step.text.clone(),
                    recorded_by: actor.username.clone(),
                },
            )
            .await?;
        }
        if let (Some(body), true) = (step.message, way_out) {
            let content: StoredContent =
                serde_json::from_str(row.content.as_deref().unwrap_or("null")).map_err(|_| {
                    AppError::Invalid(Violation::at(
                        "erased",
                        "case",
                        "the case's personal data are erased: nothing more can be sent on it",
                    ))
                })?;
            let in_reply_to = Uuid::parse_str(&content.message_id).ok();
            let id = Uuid::parse_str(&tx.new_id()).map_err(|e| {
                AppError::Store(grenzeloos_store::StoreError::Corrupt(e.to_string()))
            })?;
            let message = self.message(&row, &content, id, in_reply_to, body)?;
            enqueue(&mut tx, &row, &message, transfer_id).await?;
        }
        record(
            &mut tx,
            actor,
            action,
            ("spoc_case", id),
            None,
            Some(serde_json::json!({ "from": from.as_str(), "to": to.as_str() })),
        )
        .await?;
        tx.commit().await?;
        self.case_after_change(id).await
    }

    /// The case as it stands after a change by the actor, who just saw it (not audited
    /// again: the change is).
    pub(crate) async fn case_after_change(&self, id: &str) -> Result<CaseView> {
        let mut conn = self.domain(DataDomain::Exchange).read().await?;
        let row = repo::case(&mut conn, id)
            .await?
            .ok_or_else(|| not_found(id))?;
        self.view(&mut conn, row).await
    }

    /// The message a case sends: the envelope of `grenzeloos.spoc.message/1`, checked.
    fn message(
        &self,
        row: &CaseRow,
        content: &StoredContent,
        id: Uuid,
        in_reply_to: Option<Uuid>,
        body: Content,
    ) -> Result<Message> {
        let now = self.now();
        let message = Message {
            schema: message::SCHEMA.to_string(),
            id,
            sender: OWN_STATE.to_string(),
            recipient: row.partner.clone(),
            created_at: now,
            legal_basis: message_basis(grenzeloos_domain::clock::amsterdam_date(now)),
            language: content.request.language,
            channel: content.request.channel,
            channel_exception: content.request.channel_exception,
            europol_copy: content.request.europol_copy,
            reference: row.reference.clone(),
            partner_reference: row.partner_reference.clone(),
            in_reply_to,
            copy_of: None,
            content: body,
        };
        message.check()?;
        Ok(message)
    }
}

/// What a step writes besides the transition.
#[derive(Default)]
struct Step {
    /// The communication's kind; empty when the step records none.
    kind: &'static str,
    /// The communication came to us (a clarification received).
    way_in: bool,
    text: Option<String>,
    /// The message to the partner, for an incoming request we answer.
    message: Option<Content>,
    /// The refusal's grounds (comma-separated) and whether it is partial.
    refusal: Option<(String, bool)>,
    judicial_delay: bool,
    suspend_from: Option<Timestamp>,
    suspend_to: Option<Timestamp>,
    /// When the step happened, if recorded afterwards (default now).
    at: Option<Timestamp>,
    /// The case becomes the actor's.
    assign: bool,
    /// The case is concluded: the review of its personal data falls due in six months.
    conclude: bool,
    /// A reply that provides information: the origins it states with their consent, checked
    /// with the consent register (BNL-01).
    origins_stated: Option<Vec<(String, case::ConsentState)>>,
}

/// Where information in a reply came from, and its consent, as the transition rules see it.
fn origins_of(origins: &[message::OriginConsent]) -> Vec<Origin<'_>> {
    origins
        .iter()
        .map(|o| Origin {
            state: &o.state,
            consent: Some(o.consent),
        })
        .collect()
}

fn stated_origins(origins: &[message::OriginConsent]) -> Vec<(String, case::ConsentState)> {
    origins
        .iter()
        .map(|o| (o.state.clone(), o.consent))
        .collect()
}

fn direction_kind(direction: Direction) -> &'static str {
    match direction {
        Direction::Incoming => "request",
        Direction::OwnInitiativeReceived => "provision",
        Direction::CopyReceived => "copy",
        Direction::Outgoing => "request",
        Direction::OwnInitiative => "provision",
    }
}

fn request_content(input: &NewCase) -> Content {
    if input.direction == Direction::OwnInitiative {
        return Content::Provision(message::Provision {
            facts: input.facts.clone().unwrap_or_default(),
            offences: input.offences.clone(),
            text: input.information_requested.clone().unwrap_or_default(),
            subjects: input.subjects.clone(),
            handling_codes: input.handling_codes.clone(),
            handling_conditions: input.handling_conditions.clone(),
            evaluation: None,
            origins: Vec::new(),
        });
    }
    Content::Request(Box::new(message::Request {
        requesting_state: OWN_STATE.to_string(),
        requested_state: input.partner.clone(),
        requesting_authority: input
            .requesting_authority
            .clone()
            .unwrap_or(message::Authority {
                name: "Landelijk Internationaal Rechtshulp- en Informatiecentrum (SPOC)"
                    .to_string(),
                kind: message::AuthorityKind::Spoc,
            }),
        offences: input.offences.clone(),
        facts: input.facts.clone().unwrap_or_default(),
        assessment: None,
        purpose: input.information_requested.clone().unwrap_or_default(),
        information_requested: input.information_requested.clone().unwrap_or_default(),
        subjects: input.subjects.clone(),
        urgency: input.urgency,
        urgency_ground: input.urgency_ground,
        availability: Some(input.availability),
        handling_codes: input.handling_codes.clone(),
        handling_conditions: input.handling_conditions.clone(),
        evaluation: None,
        confirms_oral_request_at: None,
    }))
}

fn subject_json(subject: &Subject) -> Result<String> {
    serde_json::to_string(subject)
        .map_err(|e| AppError::Store(grenzeloos_store::StoreError::Corrupt(e.to_string())))
}

async fn enqueue(
    tx: &mut Tx,
    row: &CaseRow,
    message: &Message,
    transfer_assessment_id: Option<String>,
) -> Result<()> {
    repo::enqueue(
        tx,
        &OutboxMessage {
            id: message.id.to_string(),
            case_id: row.id.clone(),
            created_at: tx.now_text(),
            recipient: message.recipient.clone(),
            message_type: message.content.kind().as_str().to_string(),
            payload: Some(message.to_json()),
            state: "queued".to_string(),
            delivered_at: None,
            transfer_assessment_id,
        },
    )
    .await?;
    Ok(())
}

/// The cases that share a subject or a reference with `subjects` and `references`, each with
/// what matched (SPOC-04): candidates from the index, each confirmed by the verifier.
async fn related_cases(
    conn: &mut Conn,
    case_id: &str,
    subjects: &[Subject],
    references: &[String],
) -> Result<Vec<Related>> {
    let queries: Vec<crosscheck::Subject<'_>> =
        subjects.iter().flat_map(Subject::for_crosscheck).collect();
    let mut keys: Vec<String> = queries.iter().flat_map(crosscheck::keys).collect();
    keys.extend(references.iter().cloned());
    keys.sort();
    keys.dedup();
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let candidates = repo::candidates(conn, &keys, case_id).await?;
    let mut by_case: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for candidate in candidates {
        let mut on: Vec<String> = Vec::new();
        if candidate.ordinal < 0 {
            on.push("reference".to_string());
        } else if let Some(data) = &candidate.data {
            let Ok(subject) = serde_json::from_str::<Subject>(data) else {
                continue;
            };
            for theirs in subject.for_crosscheck() {
                for ours in &queries {
                    if let Some(found) = crosscheck::verify(ours, &theirs) {
                        on.push(found.on.to_string());
                    }
                }
            }
        }
        if !on.is_empty() {
            by_case.entry(candidate.case_id).or_default().extend(on);
        }
    }
    let ids: Vec<String> = by_case.keys().cloned().collect();
    let references = repo::references(conn, &ids).await?;
    Ok(references
        .into_iter()
        .map(|(id, reference)| {
            let mut matched_on = by_case.remove(&id).unwrap_or_default();
            matched_on.sort();
            matched_on.dedup();
            Related {
                id,
                reference,
                matched_on,
            }
        })
        .collect())
}

impl App {
    /// The Art 18(2) statistics of `year` (SPOC-12): counts only, no personal data read.
    pub async fn spoc_statistics(&self, actor: &Actor, year: i16) -> Result<Statistics> {
        self.require_in(
            DataDomain::Exchange,
            actor,
            Permission::CaseStatistics,
            AuditAction::SpocStatistics,
        )
        .await?;
        if !(2000..=2999).contains(&year) {
            return Err(AppError::Invalid(Violation::at(
                "out_of_range",
                "year",
                "a year from 2000 to 2999",
            )));
        }
        let bound = |y: i16| -> Result<String> {
            let start = jiff::civil::date(y, 1, 1)
                .to_zoned(grenzeloos_domain::clock::amsterdam())
                .map_err(|e| {
                    AppError::Store(grenzeloos_store::StoreError::Corrupt(e.to_string()))
                })?;
            Ok(instant_text(start.timestamp()))
        };
        let (from, to) = (bound(year)?, bound(year + 1)?);
        let mut tx = self.domain(DataDomain::Exchange).write().await?;
        let rows = repo::cases_between(&mut tx, &from, &to).await?;
        let mut counts = Vec::with_capacity(rows.len());
        for row in &rows {
            let grounds: Vec<&str> = row
                .refusal_grounds
                .as_deref()
                .map(|g| g.split(',').filter(|g| !g.is_empty()).collect())
                .unwrap_or_default();
            let refused_in_full = !grounds.is_empty() && !row.refused_in_part;
            counts.push(CaseCount {
                direction: code(Direction::parse, &row.direction)?,
                partner: &row.partner,
                urgency: code(Urgency::parse, &row.urgency)?,
                answered: row.answered_at.is_some() && !refused_in_full,
                refusal_grounds: grounds,
                judicial_delay: row.judicial_delay,
                replied_in_time: row.answered_at.as_ref().and(row.in_time),
            });
        }
        let statistics = count(year, counts);
        record(
            &mut tx,
            actor,
            AuditAction::SpocStatistics,
            ("spoc_statistics", &year.to_string()),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(statistics)
    }
}

/// One line of the desk's dashboard: no personal data, only what says what is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseLine {
    pub id: String,
    pub reference: String,
    pub direction: String,
    pub partner: String,
    pub urgency: String,
    pub status: String,
    /// RFC 3339 with the Amsterdam offset.
    pub received_at: String,
    pub deadline: Option<String>,
    /// `on_time`, `due_within_hour`, `overdue`, `stopped`, or `null` when no limit runs.
    pub standing: Option<String>,
    /// Minutes left until the deadline (negative when overdue).
    pub minutes_left: Option<i64>,
    pub assignee: Option<String>,
    /// An oral Benelux request not yet confirmed in writing: when the confirmation is due
    /// (BNL-02, RFC 3339 with the Amsterdam offset).
    pub oral_confirmation_due: Option<String>,
}

impl App {
    /// The open cases for the dashboard, the soonest due first (SPOC-05). They hold no
    /// personal data, so reading them is not a consultation; the dashboard refreshes itself
    /// every half minute and is not audited (each case opened is).
    pub async fn open_cases(
        &self,
        actor: &Actor,
        filter: &repo::OpenFilter,
    ) -> Result<Vec<CaseLine>> {
        self.require_in(
            DataDomain::Exchange,
            actor,
            Permission::CaseRead,
            AuditAction::SpocCaseRead,
        )
        .await?;
        let now = self.now();
        let mut conn = self.domain(DataDomain::Exchange).read().await?;
        let rows = repo::open_cases(&mut conn, filter).await?;
        rows.into_iter()
            .map(|row| {
                let due = row.deadline.as_deref().map(instant).transpose()?;
                let stopped = row.status == Status::AwaitingClarification.as_str()
                    && row.direction == Direction::Incoming.as_str();
                let left = due.map(|due| now.duration_until(due));
                // A stored deadline is a running clock (a stopped one is stored as none).
                let standing = if stopped {
                    Some("stopped")
                } else {
                    left.map(|left| deadline::Standing::of_time_left(left).as_str())
                };
                let received = instant(&row.received_at)?;
                Ok(CaseLine {
                    oral_confirmation_due: (row.oral && row.oral_confirmed_at.is_none()).then(
                        || {
                            amsterdam_text(
                                received
                                    .saturating_add(deadline::ORAL_CONFIRMATION)
                                    .unwrap_or(received),
                            )
                        },
                    ),
                    received_at: amsterdam_text(received),
                    deadline: due.map(amsterdam_text),
                    standing: standing.map(str::to_string),
                    // Whole minutes, rounded up: "7 h 0 min" at 6 h 59 min 59.9 s.
                    minutes_left: left.map(|l| (l.as_secs() + 59).div_euclid(60)),
                    id: row.id,
                    reference: row.reference,
                    direction: row.direction,
                    partner: row.partner,
                    urgency: row.urgency,
                    status: row.status,
                    assignee: row.assignee,
                })
            })
            .collect()
    }

    /// Takes up a received case: it becomes the actor's.
    pub async fn start_case(&self, actor: &Actor, id: &str) -> Result<CaseView> {
        self.step(
            actor,
            id,
            AuditAction::SpocCaseStart,
            &Event::Start,
            Step {
                assign: true,
                ..Step::default()
            },
        )
        .await
    }

    /// Concludes a case: its personal data come up for review six months later (SPOC-14).
    pub async fn conclude_case(&self, actor: &Actor, id: &str) -> Result<CaseView> {
        self.step(
            actor,
            id,
            AuditAction::SpocCaseConclude,
            &Event::Conclude,
            Step {
                conclude: true,
                ..Step::default()
            },
        )
        .await
    }
}
