//! The instruments of international police cooperation beyond missions and agreements:
//! liaison placements, annexes and amendments of agreements, the duty of care for deployed
//! officers (security levels, incidents, contacts), dossiers and commitments to parliament,
//! bilateral programmes and the "developments" that feed the report's narrative.
//!
//! Each is a typed record with one `validate` function; the store keeps them as versioned
//! documents (ADR 0004). Cross-border assistance has rules of its own in `assistance`.

use crate::countries::country;
use crate::error::{Checks, Invalid, Violation};
use crate::registry::{
    Period, is_organisation_code, optional_date, optional_text, required_lines, required_text,
};
use crate::status::{Revision, StatusChangeInput, StatusHistory, StatusRequest, revise};
use crate::time::parse_date;
use jiff::civil::Date;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A kind of record kept as a versioned document.
pub trait Instrument: Serialize + DeserializeOwned + Clone + Send + Sync + 'static {
    /// Stable code of the kind: the store, the audit trail and the API use it.
    const KIND: &'static str;
    /// Holds personal data: reading it needs the personal-data permission and a purpose.
    const PERSONAL: bool = false;
    /// Has a status history in valid time ([`Instrument::status_on`]).
    const HAS_STATUS: bool = false;
    /// The record as entered (JSON body or form).
    type Input: DeserializeOwned + Send + Sync;

    /// Checks the input and builds the record; `revision` says when (the default date of a
    /// change of status) and what the record was before (its status history continues).
    fn validate(input: &Self::Input, revision: &Revision<'_, Self>) -> Invalid<Self>;
    /// A short title for lists and timelines; never personal data.
    fn label(&self) -> String;
    /// The partners (ISO codes or organisation codes) it concerns.
    fn partners(&self) -> Vec<String> {
        Vec::new()
    }
    /// The valid time it covers, for timelines and calendars.
    fn period(&self) -> Option<Period> {
        None
    }
    /// For a kind with a status history: the status on `date` (its code) and since when.
    fn status_on(&self, _date: Date) -> Option<(&'static str, Date)> {
        None
    }
    /// The officer (id in the officers registry) whose personal data the record holds, if
    /// any: an erasure of that officer's data erases the record's personal fields (SPOC-14).
    fn concerns_officer(&self) -> Option<&str> {
        None
    }
    /// Blanks the personal fields in place, keeping what must stay (the references, kinds
    /// and dates that the registry's histories and counts need, pseudonymous).
    fn erase_personal(&mut self) {}
}

/// The status part of an input, for [`revise`].
pub(crate) fn status_request<'a>(
    status: &'a str,
    from: &'a Option<String>,
    note: &'a Option<String>,
    history: &'a Option<Vec<StatusChangeInput>>,
) -> StatusRequest<'a> {
    StatusRequest {
        status,
        from: from.as_deref(),
        note: note.as_deref(),
        history: history.as_deref(),
    }
}

/// The status on `date` of a history, as [`Instrument::status_on`] gives it.
pub(crate) fn code_on<S: crate::choice::Choice>(
    history: &StatusHistory<S>,
    date: Date,
) -> Option<(&'static str, Date)> {
    history.on(date).map(|c| (c.status.code(), c.from))
}

/// The longest narrative text we accept (a development, a summary).
pub const MAX_LONG_TEXT: usize = 10_000;

pub(crate) fn long_text(field: &str, value: &str) -> Invalid<String> {
    let value = value.trim();
    if value.chars().count() > MAX_LONG_TEXT {
        return Err(Violation::at(
            "too_long",
            field,
            format!("is longer than {MAX_LONG_TEXT} characters"),
        ));
    }
    crate::text::check_lines(field, value)?;
    Ok(value.to_string())
}

/// A partner code: an ISO 3166-1 country or an organisation code (2–16 capitals, digits or
/// hyphens, e.g. MAOC-N). Whether an organisation is registered is checked by the use case.
pub fn partner_code(field: &str, value: &str) -> Invalid<String> {
    let code = value.trim().to_uppercase();
    if country(&code).is_some() || is_organisation_code(&code) {
        Ok(code)
    } else {
        Err(Violation::at(
            "unknown_partner",
            field,
            format!(
                "{} is not a partner code: use an ISO country code (BE) or an organisation code (MAOC-N)",
                crate::text::echo(value.trim())
            ),
        ))
    }
}

fn optional_partner(field: &str, value: Option<&str>) -> Invalid<Option<String>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(value) => partner_code(field, value).map(Some),
    }
}

fn required_id(field: &str, value: &str) -> Invalid<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Violation::at("required", field, "is required"));
    }
    Ok(value.to_string())
}

fn optional_id(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

fn period(start: &str, end: Option<&str>) -> Invalid<Period> {
    Period::parse("start", start, "end", end)
}

crate::choice! {
    /// Whether a placement is a liaison post in a country or a post at an organisation.
    pub enum PlacementKind ("kind of placement") {
        /// A liaison officer posted in a country (at an embassy, in a city).
        Liaison = "liaison",
        /// A post at a multilateral organisation (MAOC-N, Europol, INTERPOL …).
        Organisation = "organisation",
    }
}

crate::choice! {
    pub enum PlacementStatus ("placement status") {
        Planned = "planned",
        Active = "active",
        Ended = "ended",
        Cancelled = "cancelled",
    }
}

// ---------------------------------------------------------------------------------------------
// Liaison officers and international placements

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlacementInput {
    /// The officer placed (id in the officers registry); may be empty while a post is planned.
    #[serde(default)]
    pub officer_id: Option<String>,
    pub kind: String,
    /// The host country (ISO code); for an organisation, the country where it sits.
    pub host_country: String,
    #[serde(default)]
    pub city: Option<String>,
    /// The host organisation's partner code (e.g. MAOC-N), for a placement at one.
    #[serde(default)]
    pub organisation: Option<String>,
    /// Function, e.g. "liaison officer" or "director".
    pub function: String,
    /// Focus of the post, e.g. "ports" or "drug trafficking".
    #[serde(default)]
    pub focus: Option<String>,
    pub start: String,
    #[serde(default)]
    pub end: Option<String>,
    /// Its status now; may be left empty when `status_history` is given.
    #[serde(default)]
    pub status: String,
    /// The date the status took effect; default: the start for "active", the day after the end
    /// for "ended", else today.
    #[serde(default)]
    pub status_from: Option<String>,
    #[serde(default)]
    pub status_note: Option<String>,
    /// The whole history of statuses, replacing the recorded one.
    #[serde(default)]
    pub status_history: Option<Vec<StatusChangeInput>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub officer_id: Option<String>,
    pub kind: PlacementKind,
    pub host_country: String,
    pub city: Option<String>,
    pub organisation: Option<String>,
    pub function: String,
    pub focus: Option<String>,
    pub period: Period,
    /// The last status of its history.
    pub status: PlacementStatus,
    pub status_history: StatusHistory<PlacementStatus>,
}

impl Placement {
    /// Whether the post is filled on `date` (annex 3a): within its period, and active then.
    pub fn filled_on(&self, date: Date) -> bool {
        self.period.contains(date)
            && self.status_history.status_on(date) == Some(PlacementStatus::Active)
    }

    /// Where the officer works, for people: "Cartagena, CO" or "MAOC-N".
    pub fn post(&self) -> String {
        match (&self.organisation, &self.city) {
            (Some(org), _) => org.clone(),
            (None, Some(city)) => format!("{city}, {}", self.host_country),
            (None, None) => self.host_country.clone(),
        }
    }
}

impl Instrument for Placement {
    const KIND: &'static str = "placement";
    const HAS_STATUS: bool = true;
    type Input = PlacementInput;

    fn validate(input: &PlacementInput, revision: &Revision<'_, Placement>) -> Invalid<Placement> {
        let mut checks = Checks::new();
        let kind = checks.check(PlacementKind::parse("kind", &input.kind));
        let host_country = input.host_country.trim().to_uppercase();
        if country(&host_country).is_none() {
            checks.refuse(Violation::at(
                "unknown_country",
                "host_country",
                format!(
                    "{} is not an ISO 3166-1 country code",
                    crate::text::echo(input.host_country.trim())
                ),
            ));
        }
        let organisation = checks.check(optional_partner(
            "organisation",
            input.organisation.as_deref(),
        ));
        if kind == Some(PlacementKind::Organisation) && organisation == Some(None) {
            checks.refuse(Violation::at(
                "required_by_rule",
                "organisation",
                "a placement at an organisation names the organisation",
            ));
        }
        let period = checks.check(period(&input.start, input.end.as_deref()));
        // The status history reads the period: it is checked once the period is valid.
        let revised = period.and_then(|period| {
            checks.check(revise(
                revision.previous.map(|p| &p.status_history),
                status_request(
                    &input.status,
                    &input.status_from,
                    &input.status_note,
                    &input.status_history,
                ),
                revision.today,
                |status| match status {
                    PlacementStatus::Active => Some(period.start),
                    PlacementStatus::Ended => period.end.and_then(|end| end.tomorrow().ok()),
                    _ => None,
                },
            ))
        });
        let status = revised
            .as_ref()
            .map(|r| r.latest().unwrap_or(PlacementStatus::Planned));
        let officer_id = optional_id(input.officer_id.as_deref());
        if matches!(
            status,
            Some(PlacementStatus::Active | PlacementStatus::Ended)
        ) && officer_id.is_none()
        {
            checks.refuse(Violation::at(
                "required_by_rule",
                "officer_id",
                "an active or ended placement names the officer placed",
            ));
        }
        if status == Some(PlacementStatus::Ended) && period.is_some_and(|p| p.end.is_none()) {
            checks.refuse(Violation::at(
                "date_required",
                "end",
                "an ended placement has an end date",
            ));
        }
        let city = checks.check(optional_text("city", input.city.as_deref()));
        let function = checks.check(required_text("function", &input.function));
        let focus = checks.check(optional_text("focus", input.focus.as_deref()));
        checks.finish(|| {
            Some(Placement {
                officer_id,
                kind: kind?,
                host_country,
                city: city?,
                organisation: organisation?,
                function: function?,
                focus: focus?,
                period: period?,
                status: status?,
                status_history: revised?.history(),
            })
        })
    }

    fn label(&self) -> String {
        format!("{} — {}", self.function, self.post())
    }

    fn partners(&self) -> Vec<String> {
        let mut partners = vec![self.host_country.clone()];
        partners.extend(self.organisation.clone());
        partners
    }

    fn period(&self) -> Option<Period> {
        Some(self.period)
    }

    fn status_on(&self, date: Date) -> Option<(&'static str, Date)> {
        code_on(&self.status_history, date)
    }
}

// ---------------------------------------------------------------------------------------------
// Annexes and amendments of agreements

crate::choice! {
    pub enum AmendmentKind ("kind of change") {
        Annex = "annex",
        Amendment = "amendment",
        Protocol = "protocol",
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AmendmentInput {
    pub agreement_id: String,
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub signed: Option<String>,
    #[serde(default)]
    pub in_force: Option<String>,
    #[serde(default)]
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amendment {
    pub agreement_id: String,
    pub kind: AmendmentKind,
    pub title: String,
    pub signed: Option<Date>,
    pub in_force: Option<Date>,
    pub summary: String,
}

impl Instrument for Amendment {
    const KIND: &'static str = "amendment";
    type Input = AmendmentInput;

    fn validate(input: &AmendmentInput, _: &Revision<'_, Amendment>) -> Invalid<Amendment> {
        let mut checks = Checks::new();
        let signed = checks.check(optional_date("signed", input.signed.as_deref()));
        let in_force = checks.check(optional_date("in_force", input.in_force.as_deref()));
        if let (Some(Some(signed)), Some(Some(in_force))) = (signed, in_force)
            && in_force < signed
        {
            checks.refuse(Violation::at(
                "before_signature",
                "in_force",
                "a change cannot enter into force before it is signed",
            ));
        }
        let agreement_id = checks.check(required_id("agreement_id", &input.agreement_id));
        let kind = checks.check(AmendmentKind::parse("kind", &input.kind));
        let title = checks.check(required_text("title", &input.title));
        let summary = checks.check(long_text("summary", &input.summary));
        checks.finish(|| {
            Some(Amendment {
                agreement_id: agreement_id?,
                kind: kind?,
                title: title?,
                signed: signed?,
                in_force: in_force?,
                summary: summary?,
            })
        })
    }

    fn label(&self) -> String {
        self.title.clone()
    }

    fn period(&self) -> Option<Period> {
        self.in_force.map(|start| Period { start, end: None })
    }
}

// ---------------------------------------------------------------------------------------------
// Duty of care: security levels, incidents, contacts

crate::choice! {
    /// The security level of a mission area, as the staffing desk assesses it.
    pub enum SecurityLevel ("security level") {
        Low = "low",
        Moderate = "moderate",
        Substantial = "substantial",
        High = "high",
        Extreme = "extreme",
    }
}

impl SecurityLevel {
    /// Officers in an area at this level are on the staffing desk's high-risk list.
    pub fn high_risk(self) -> bool {
        self >= SecurityLevel::High
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecurityAssessmentInput {
    pub mission_id: String,
    pub level: String,
    /// The date from which this level applies.
    pub valid_from: String,
    /// Why: the event or report behind the assessment.
    pub reason: String,
}

/// A mission area's security level from a date on; the history is the list of assessments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityAssessment {
    pub mission_id: String,
    pub level: SecurityLevel,
    pub valid_from: Date,
    pub reason: String,
}

impl Instrument for SecurityAssessment {
    const KIND: &'static str = "security_assessment";
    type Input = SecurityAssessmentInput;

    fn validate(
        input: &SecurityAssessmentInput,
        _: &Revision<'_, SecurityAssessment>,
    ) -> Invalid<SecurityAssessment> {
        let mut checks = Checks::new();
        let mission_id = checks.check(required_id("mission_id", &input.mission_id));
        let level = checks.check(SecurityLevel::parse("level", &input.level));
        let valid_from = checks.check(parse_date("valid_from", &input.valid_from));
        let reason = checks.check(required_lines("reason", &input.reason));
        checks.finish(|| {
            Some(SecurityAssessment {
                mission_id: mission_id?,
                level: level?,
                valid_from: valid_from?,
                reason: reason?,
            })
        })
    }

    fn label(&self) -> String {
        format!("{} ({})", self.level, self.valid_from)
    }

    fn period(&self) -> Option<Period> {
        Some(Period {
            start: self.valid_from,
            end: None,
        })
    }
}

/// The level in force for a mission on `date`: the latest assessment on or before it.
pub fn level_on<'a>(
    assessments: impl IntoIterator<Item = &'a SecurityAssessment>,
    mission_id: &str,
    date: Date,
) -> Option<&'a SecurityAssessment> {
    assessments
        .into_iter()
        .filter(|a| a.mission_id == mission_id && a.valid_from <= date)
        .max_by_key(|a| a.valid_from)
}

crate::choice! {
    pub enum IncidentKind ("kind of incident") {
        /// A security incident that touched the officer.
        Security = "security",
        /// The officer was evacuated from the mission area.
        Evacuation = "evacuation",
        /// Illness or injury.
        Medical = "medical",
        /// Relocation within the area (shelter, move to another station).
        Relocation = "relocation",
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentInput {
    pub mission_id: String,
    /// The officer concerned; empty for an incident that concerns the whole contingent.
    #[serde(default)]
    pub officer_id: Option<String>,
    pub kind: String,
    pub date: String,
    pub summary: String,
    /// What was done: care, debriefing, return.
    #[serde(default)]
    pub follow_up: String,
}

/// An incident or evacuation, per officer and mission. Personal data: health and safety.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    pub mission_id: String,
    pub officer_id: Option<String>,
    pub kind: IncidentKind,
    pub date: Date,
    pub summary: String,
    pub follow_up: String,
}

impl Instrument for Incident {
    const KIND: &'static str = "incident";
    const PERSONAL: bool = true;
    type Input = IncidentInput;

    fn validate(input: &IncidentInput, _: &Revision<'_, Incident>) -> Invalid<Incident> {
        let mut checks = Checks::new();
        let mission_id = checks.check(required_id("mission_id", &input.mission_id));
        let kind = checks.check(IncidentKind::parse("kind", &input.kind));
        let date = checks.check(parse_date("date", &input.date));
        let summary = checks.check(required_lines("summary", &input.summary));
        let follow_up = checks.check(long_text("follow_up", &input.follow_up));
        checks.finish(|| {
            Some(Incident {
                mission_id: mission_id?,
                officer_id: optional_id(input.officer_id.as_deref()),
                kind: kind?,
                date: date?,
                summary: summary?,
                follow_up: follow_up?,
            })
        })
    }

    fn label(&self) -> String {
        format!("{} {}", self.kind, self.date)
    }

    fn period(&self) -> Option<Period> {
        Some(Period {
            start: self.date,
            end: Some(self.date),
        })
    }

    fn concerns_officer(&self) -> Option<&str> {
        self.officer_id.as_deref()
    }

    /// The narrative goes (it tells what happened to the person, health included); the
    /// mission, kind and date stay, so the mission's history still shows that an officer was
    /// evacuated on that day.
    fn erase_personal(&mut self) {
        self.summary.clear();
        self.follow_up.clear();
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactInput {
    pub officer_id: String,
    /// Phone number in the mission area.
    pub phone: String,
    #[serde(default)]
    pub email: Option<String>,
    /// Who the staffing desk informs in an emergency, and how.
    #[serde(default)]
    pub emergency_contact: Option<String>,
    #[serde(default)]
    pub emergency_phone: Option<String>,
}

/// How the staffing desk reaches a deployed officer and their next of kin. Personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub officer_id: String,
    pub phone: String,
    pub email: Option<String>,
    pub emergency_contact: Option<String>,
    pub emergency_phone: Option<String>,
}

fn phone(field: &str, value: &str) -> Invalid<String> {
    let value = required_text(field, value)?;
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let allowed = value
        .chars()
        .all(|c| c.is_ascii_digit() || " +-()".contains(c));
    if !allowed || digits < 6 {
        return Err(Violation::at(
            "invalid_phone",
            field,
            "write a phone number with digits, spaces, + - ( ), e.g. +31 70 123 4567",
        ));
    }
    Ok(value)
}

impl Instrument for Contact {
    const KIND: &'static str = "contact";
    const PERSONAL: bool = true;
    type Input = ContactInput;

    fn validate(input: &ContactInput, _: &Revision<'_, Contact>) -> Invalid<Contact> {
        let mut checks = Checks::new();
        let email = checks.check(optional_text("email", input.email.as_deref()).and_then(
            |email| match email {
                Some(email) if !email.contains('@') => Err(Violation::at(
                    "invalid_email",
                    "email",
                    "an e-mail address has an @",
                )),
                email => Ok(email),
            },
        ));
        let emergency_phone = checks.check(match input.emergency_phone.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(value) => phone("emergency_phone", value).map(Some),
        });
        let officer_id = checks.check(required_id("officer_id", &input.officer_id));
        let phone = checks.check(phone("phone", &input.phone));
        let emergency_contact = checks.check(optional_text(
            "emergency_contact",
            input.emergency_contact.as_deref(),
        ));
        checks.finish(|| {
            Some(Contact {
                officer_id: officer_id?,
                phone: phone?,
                email: email?,
                emergency_contact: emergency_contact?,
                emergency_phone: emergency_phone?,
            })
        })
    }

    fn label(&self) -> String {
        "contact".to_string()
    }

    fn concerns_officer(&self) -> Option<&str> {
        Some(&self.officer_id)
    }

    /// Everything but the reference to the officer goes.
    fn erase_personal(&mut self) {
        self.phone.clear();
        self.email = None;
        self.emergency_contact = None;
        self.emergency_phone = None;
    }
}

// ---------------------------------------------------------------------------------------------
// Dossiers and commitments to parliament

crate::choice! {
    /// The topics the annex is organised by; developments, dossiers and programmes use them.
    pub enum Topic ("topic") {
        Eu = "eu",
        Interpol = "interpol",
        Neighbours = "neighbours",
        Kingdom = "kingdom",
        Missions = "missions",
        Placements = "placements",
        Bilateral = "bilateral",
        Assistance = "assistance",
    }
}

crate::choice! {
    pub enum DossierStatus ("dossier status") {
        /// Announced by the Commission or an organisation, no proposal yet.
        Announced = "announced",
        Proposal = "proposal",
        Negotiating = "negotiating",
        Adopted = "adopted",
        Implementing = "implementing",
        Closed = "closed",
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MilestoneInput {
    pub date: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub date: Date,
    pub text: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierInput {
    pub title: String,
    pub topic: String,
    /// Its status now; may be left empty when `status_history` is given.
    #[serde(default)]
    pub status: String,
    /// The date the status took effect; default: today.
    #[serde(default)]
    pub status_from: Option<String>,
    #[serde(default)]
    pub status_note: Option<String>,
    /// The whole history of statuses, replacing the recorded one.
    #[serde(default)]
    pub status_history: Option<Vec<StatusChangeInput>>,
    #[serde(default)]
    pub summary: String,
    /// References: BNC-fiches, Kamerstukken ("Kamerstuk 22 112, nr. 3115"), CELEX numbers.
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub milestones: Vec<MilestoneInput>,
    /// Partner codes it concerns (EU, INTERPOL …).
    #[serde(default)]
    pub partners: Vec<String>,
}

/// An EU or international file the annex reports on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dossier {
    pub title: String,
    pub topic: Topic,
    /// The last status of its history.
    pub status: DossierStatus,
    /// Its statuses in valid time; a step's note is the state of play the annex reports.
    pub status_history: StatusHistory<DossierStatus>,
    pub summary: String,
    pub references: Vec<String>,
    /// In date order.
    pub milestones: Vec<Milestone>,
    pub partners: Vec<String>,
}

fn references(field: &str, values: &[String]) -> Invalid<Vec<String>> {
    let mut checks = Checks::new();
    let references: Vec<String> = values
        .iter()
        .map(|r| r.trim())
        .filter(|r| !r.is_empty())
        .enumerate()
        .filter_map(|(i, r)| checks.check(required_text(&format!("{field}[{i}]"), r)))
        .collect();
    checks.finish(|| Some(references))
}

fn partner_list(field: &str, values: &[String]) -> Invalid<Vec<String>> {
    let mut checks = Checks::new();
    let mut partners = Vec::new();
    for (i, value) in values.iter().enumerate() {
        if let Some(code) = checks.check(partner_code(&format!("{field}[{i}]"), value))
            && !partners.contains(&code)
        {
            partners.push(code);
        }
    }
    checks.finish(|| Some(partners))
}

impl Instrument for Dossier {
    const KIND: &'static str = "dossier";
    const HAS_STATUS: bool = true;
    type Input = DossierInput;

    fn validate(input: &DossierInput, revision: &Revision<'_, Dossier>) -> Invalid<Dossier> {
        let mut checks = Checks::new();
        let revised = checks.check(revise(
            revision.previous.map(|d| &d.status_history),
            status_request(
                &input.status,
                &input.status_from,
                &input.status_note,
                &input.status_history,
            ),
            revision.today,
            |_| None,
        ));
        let mut milestones = Vec::new();
        for (i, m) in input.milestones.iter().enumerate() {
            let date = checks.check(parse_date(&format!("milestones[{i}].date"), &m.date));
            let text = checks.check(required_text(&format!("milestones[{i}].text"), &m.text));
            if let (Some(date), Some(text)) = (date, text) {
                milestones.push(Milestone { date, text });
            }
        }
        milestones.sort_by_key(|m| m.date);
        let title = checks.check(required_text("title", &input.title));
        let topic = checks.check(Topic::parse("topic", &input.topic));
        let summary = checks.check(long_text("summary", &input.summary));
        let references = checks.check(references("references", &input.references));
        let partners = checks.check(partner_list("partners", &input.partners));
        checks.finish(|| {
            let revised = revised?;
            Some(Dossier {
                title: title?,
                topic: topic?,
                status: revised.latest().unwrap_or(DossierStatus::Announced),
                status_history: revised.history(),
                summary: summary?,
                references: references?,
                milestones,
                partners: partners?,
            })
        })
    }

    fn label(&self) -> String {
        self.title.clone()
    }

    fn partners(&self) -> Vec<String> {
        self.partners.clone()
    }

    fn period(&self) -> Option<Period> {
        let first = self.milestones.first()?;
        Some(Period {
            start: first.date,
            end: match self.status {
                DossierStatus::Closed => self.milestones.last().map(|m| m.date),
                _ => None,
            },
        })
    }

    fn status_on(&self, date: Date) -> Option<(&'static str, Date)> {
        code_on(&self.status_history, date)
    }
}

crate::choice! {
    pub enum CommitmentStatus ("commitment status") {
        Open = "open",
        InProgress = "in_progress",
        Fulfilled = "fulfilled",
        Withdrawn = "withdrawn",
    }
}

impl CommitmentStatus {
    /// Whether the annex still has to report on it.
    pub fn open(self) -> bool {
        matches!(self, CommitmentStatus::Open | CommitmentStatus::InProgress)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommitmentInput {
    pub title: String,
    /// When it was made.
    pub made_on: String,
    /// Where: a debate, a letter, a half-year report ("Halfjaarbericht politie 2023-I").
    pub made_in: String,
    /// Its status now; may be left empty when `status_history` is given.
    #[serde(default)]
    pub status: String,
    /// The date the status took effect; default: the day it was made for "open", the day it was answered for "fulfilled", else today.
    #[serde(default)]
    pub status_from: Option<String>,
    #[serde(default)]
    pub status_note: Option<String>,
    /// The whole history of statuses, replacing the recorded one.
    #[serde(default)]
    pub status_history: Option<Vec<StatusChangeInput>>,
    /// What has happened to it so far, as it stands now (an annex for an earlier date prints
    /// the note of the status it had then).
    #[serde(default)]
    pub progress: String,
    /// The report or letter that answers it.
    #[serde(default)]
    pub answered_in: Option<String>,
    #[serde(default)]
    pub answered_on: Option<String>,
    #[serde(default)]
    pub partners: Vec<String>,
}

/// A commitment to parliament ("toezegging").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    pub title: String,
    pub made_on: Date,
    pub made_in: String,
    /// The last status of its history.
    pub status: CommitmentStatus,
    /// Its statuses in valid time; a step's note says what it meant then.
    pub status_history: StatusHistory<CommitmentStatus>,
    pub progress: String,
    pub answered_in: Option<String>,
    pub answered_on: Option<Date>,
    pub partners: Vec<String>,
}

impl Instrument for Commitment {
    const KIND: &'static str = "commitment";
    const HAS_STATUS: bool = true;
    type Input = CommitmentInput;

    fn validate(
        input: &CommitmentInput,
        revision: &Revision<'_, Commitment>,
    ) -> Invalid<Commitment> {
        let mut checks = Checks::new();
        let made_on = checks.check(parse_date("made_on", &input.made_on));
        let answered_in = checks.check(optional_text("answered_in", input.answered_in.as_deref()));
        let answered_on = checks.check(optional_date("answered_on", input.answered_on.as_deref()));
        if let (Some(made_on), Some(Some(answered_on))) = (made_on, answered_on)
            && answered_on < made_on
        {
            checks.refuse(Violation::at(
                "end_before_start",
                "answered_on",
                "a commitment cannot be answered before it was made",
            ));
        }
        // The status history reads the dates: it is checked once they are valid.
        let revised = match (made_on, answered_on) {
            (Some(made_on), Some(answered_on)) => checks.check(
                revise(
                    revision.previous.map(|c| &c.status_history),
                    status_request(
                        &input.status,
                        &input.status_from,
                        &input.status_note,
                        &input.status_history,
                    ),
                    revision.today,
                    |status| match status {
                        CommitmentStatus::Open => Some(made_on),
                        CommitmentStatus::Fulfilled => answered_on,
                        _ => None,
                    },
                )
                .and_then(|revised| {
                    revised.not_before(
                        CommitmentStatus::ALL,
                        Some(made_on),
                        "before_made",
                        |c, made| {
                            format!(
                                "the commitment was made on {made}; it cannot be '{}' from {}",
                                c.status, c.from
                            )
                        },
                    )?;
                    Ok(revised)
                }),
            ),
            _ => None,
        };
        let status = revised
            .as_ref()
            .map(|r| r.latest().unwrap_or(CommitmentStatus::Open));
        if status == Some(CommitmentStatus::Fulfilled) && answered_in == Some(None) {
            checks.refuse(Violation::at(
                "required_by_rule",
                "answered_in",
                "a fulfilled commitment names the report or letter that answered it",
            ));
        }
        let title = checks.check(required_text("title", &input.title));
        let made_in = checks.check(required_text("made_in", &input.made_in));
        let progress = checks.check(long_text("progress", &input.progress));
        let partners = checks.check(partner_list("partners", &input.partners));
        checks.finish(|| {
            Some(Commitment {
                title: title?,
                made_on: made_on?,
                made_in: made_in?,
                status: status?,
                status_history: revised?.history(),
                progress: progress?,
                answered_in: answered_in?,
                answered_on: answered_on?,
                partners: partners?,
            })
        })
    }

    fn label(&self) -> String {
        self.title.clone()
    }

    fn partners(&self) -> Vec<String> {
        self.partners.clone()
    }

    fn period(&self) -> Option<Period> {
        Some(Period {
            start: self.made_on,
            end: self.answered_on,
        })
    }

    fn status_on(&self, date: Date) -> Option<(&'static str, Date)> {
        code_on(&self.status_history, date)
    }
}

// ---------------------------------------------------------------------------------------------
// Programmes and developments

crate::choice! {
    pub enum ProgrammeKind ("kind of programme") {
        Training = "training",
        StudyVisit = "study_visit",
        Strategy = "strategy",
        CapacityBuilding = "capacity_building",
        Exchange = "exchange",
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeInput {
    pub title: String,
    pub kind: String,
    /// Partner codes: a state, a Kingdom partner, a region's organisation.
    pub partners: Vec<String>,
    #[serde(default)]
    pub topic: String,
    pub start: String,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub description: String,
}

/// Bilateral cooperation with a partner: trainings, study visits, strategies (OSLAC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Programme {
    pub title: String,
    pub kind: ProgrammeKind,
    pub partners: Vec<String>,
    pub topic: String,
    pub period: Period,
    pub description: String,
}

impl Instrument for Programme {
    const KIND: &'static str = "programme";
    type Input = ProgrammeInput;

    fn validate(input: &ProgrammeInput, _: &Revision<'_, Programme>) -> Invalid<Programme> {
        let mut checks = Checks::new();
        let partners = checks.check(partner_list("partners", &input.partners));
        if partners.as_ref().is_some_and(Vec::is_empty) {
            checks.refuse(Violation::at(
                "required",
                "partners",
                "name the partner of the programme",
            ));
        }
        let title = checks.check(required_text("title", &input.title));
        let kind = checks.check(ProgrammeKind::parse("kind", &input.kind));
        let topic = checks.check(long_text("topic", &input.topic));
        let period = checks.check(period(&input.start, input.end.as_deref()));
        let description = checks.check(long_text("description", &input.description));
        checks.finish(|| {
            Some(Programme {
                title: title?,
                kind: kind?,
                partners: partners?,
                topic: topic?,
                period: period?,
                description: description?,
            })
        })
    }

    fn label(&self) -> String {
        self.title.clone()
    }

    fn partners(&self) -> Vec<String> {
        self.partners.clone()
    }

    fn period(&self) -> Option<Period> {
        Some(self.period)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DevelopmentInput {
    pub date: String,
    pub topic: String,
    pub title: String,
    pub text: String,
    #[serde(default)]
    pub partners: Vec<String>,
}

/// A dated text entry by policy staff; the report's narrative is built from them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Development {
    pub date: Date,
    pub topic: Topic,
    pub title: String,
    pub text: String,
    pub partners: Vec<String>,
}

impl Instrument for Development {
    const KIND: &'static str = "development";
    type Input = DevelopmentInput;

    fn validate(input: &DevelopmentInput, _: &Revision<'_, Development>) -> Invalid<Development> {
        let mut checks = Checks::new();
        let text = checks.check(long_text("text", &input.text).and_then(|text| {
            if text.is_empty() {
                return Err(Violation::at("required", "text", "is required"));
            }
            Ok(text)
        }));
        let date = checks.check(parse_date("date", &input.date));
        let topic = checks.check(Topic::parse("topic", &input.topic));
        let title = checks.check(required_text("title", &input.title));
        let partners = checks.check(partner_list("partners", &input.partners));
        checks.finish(|| {
            Some(Development {
                date: date?,
                topic: topic?,
                title: title?,
                text: text?,
                partners: partners?,
            })
        })
    }

    fn label(&self) -> String {
        self.title.clone()
    }

    fn partners(&self) -> Vec<String> {
        self.partners.clone()
    }

    fn period(&self) -> Option<Period> {
        Some(Period {
            start: self.date,
            end: Some(self.date),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// A new record, entered on the tests' day.
    fn v<I: Instrument>(input: &I::Input) -> Invalid<I> {
        I::validate(input, &Revision::new(date("2026-03-16")))
    }

    fn placement(status: &str, officer: Option<&str>, end: Option<&str>) -> PlacementInput {
        PlacementInput {
            officer_id: officer.map(Into::into),
            kind: "liaison".into(),
            host_country: "co".into(),
            city: Some("Cartagena".into()),
            organisation: None,
            function: "liaison officer".into(),
            focus: Some("ports".into()),
            start: "2024-02-01".into(),
            end: end.map(Into::into),
            status: status.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_placement_is_filled_within_its_period_once_active() {
        let p = v::<Placement>(&placement("active", Some("o1"), None)).unwrap();
        assert_eq!(p.host_country, "CO");
        assert_eq!(p.post(), "Cartagena, CO");
        assert!(p.filled_on(date("2024-04-17")));
        assert!(!p.filled_on(date("2024-01-31")));
        let planned = v::<Placement>(&placement("planned", None, None)).unwrap();
        assert!(!planned.filled_on(date("2024-04-17")));
    }

    #[test]
    fn a_placement_is_filled_only_while_its_history_says_active() {
        let today = date("2026-03-16");
        let mut input = placement("planned", None, Some("2024-10-31"));
        input.status_from = Some("2023-12-01".into());
        let planned = Placement::validate(&input, &Revision::new(today)).unwrap();
        input.status = "active".into();
        input.status_from = None;
        input.officer_id = Some("o1".into());
        let active = Placement::validate(&input, &Revision::of(today, &planned)).unwrap();
        input.status = "ended".into();
        let ended = Placement::validate(&input, &Revision::of(today, &active)).unwrap();
        let steps: Vec<(PlacementStatus, String)> = ended
            .status_history
            .changes()
            .iter()
            .map(|c| (c.status, c.from.to_string()))
            .collect();
        // Active from its start, ended the day after its end.
        assert_eq!(
            steps,
            vec![
                (PlacementStatus::Planned, "2023-12-01".to_string()),
                (PlacementStatus::Active, "2024-02-01".to_string()),
                (PlacementStatus::Ended, "2024-11-01".to_string()),
            ]
        );
        assert!(!ended.filled_on(date("2024-01-15")));
        assert!(ended.filled_on(date("2024-04-17")));
        assert!(ended.filled_on(date("2024-10-31")));
        assert!(!ended.filled_on(date("2024-11-01")));
        assert_eq!(
            ended.status_on(date("2024-04-17")),
            Some(("active", date("2024-02-01")))
        );
        // Registered late, a step before the previous one is refused at its date.
        input.status = "cancelled".into();
        input.status_from = Some("2023-01-01".into());
        let err = Placement::validate(&input, &Revision::of(today, &ended)).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("history_goes_back", Some("status_from"))
        );
    }

    #[test]
    fn a_commitment_has_no_status_before_it_was_made() {
        let input = CommitmentInput {
            title: "Verkennen grensoverschrijdende politieteams met België".into(),
            made_on: "2023-06-30".into(),
            made_in: "Eerste halfjaarbericht politie 2023".into(),
            status_history: Some(vec![
                StatusChangeInput {
                    status: "open".into(),
                    from: "2023-06-30".into(),
                    note: None,
                },
                StatusChangeInput {
                    status: "in_progress".into(),
                    from: "2023-10-15".into(),
                    note: Some("Eerste stappen gezet".into()),
                },
            ]),
            ..Default::default()
        };
        let c = v::<Commitment>(&input).unwrap();
        assert_eq!(c.status, CommitmentStatus::InProgress);
        assert_eq!(
            c.status_history.status_on(date("2023-09-01")),
            Some(CommitmentStatus::Open)
        );
        assert_eq!(c.status_history.status_on(date("2023-06-29")), None);
        let mut early = input.clone();
        if let Some(h) = early.status_history.as_mut() {
            h[0].from = "2023-06-01".into();
        }
        let err = v::<Commitment>(&early).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("before_made", Some("status_history[0].from"))
        );
        // Open from the day it was made, when nothing else is said.
        let plain = CommitmentInput {
            status: "open".into(),
            status_history: None,
            ..input
        };
        assert_eq!(
            v::<Commitment>(&plain).unwrap().status_history.first_date(),
            Some(date("2023-06-30"))
        );
    }

    #[test]
    fn a_placement_names_its_officer_organisation_and_end_when_the_status_says_so() {
        let err = v::<Placement>(&placement("active", None, None)).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("officer_id"));
        let err = v::<Placement>(&placement("ended", Some("o1"), None)).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("date_required", Some("end"))
        );
        let mut at_org = placement("active", Some("o1"), None);
        at_org.kind = "organisation".into();
        let err = v::<Placement>(&at_org).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("organisation"));
        at_org.organisation = Some("maoc-n".into());
        at_org.host_country = "PT".into();
        let p = v::<Placement>(&at_org).unwrap();
        assert_eq!(p.post(), "MAOC-N");
        assert_eq!(p.partners(), vec!["PT".to_string(), "MAOC-N".to_string()]);
        let mut nowhere = placement("planned", None, None);
        nowhere.host_country = "Atlantis".into();
        assert_eq!(
            v::<Placement>(&nowhere).unwrap_err().field.as_deref(),
            Some("host_country")
        );
    }

    #[test]
    fn the_security_level_on_a_date_is_the_latest_assessment_before_it() {
        let assess = |mission: &str, level: &str, from: &str| {
            v::<SecurityAssessment>(&SecurityAssessmentInput {
                mission_id: mission.into(),
                level: level.into(),
                valid_from: from.into(),
                reason: "assessment".into(),
            })
            .unwrap()
        };
        let history = [
            assess("mali", "substantial", "2022-01-01"),
            assess("mali", "high", "2023-06-30"),
            assess("iraq", "extreme", "2023-01-01"),
        ];
        assert_eq!(level_on(&history, "mali", date("2021-12-31")), None);
        assert_eq!(
            level_on(&history, "mali", date("2023-06-29")).map(|a| a.level),
            Some(SecurityLevel::Substantial)
        );
        assert_eq!(
            level_on(&history, "mali", date("2023-11-24")).map(|a| a.level),
            Some(SecurityLevel::High)
        );
        assert!(SecurityLevel::High.high_risk());
        assert!(!SecurityLevel::Substantial.high_risk());
    }

    #[test]
    fn an_erasure_blanks_the_personal_fields_and_keeps_the_references() {
        // SPOC-14: what must stay stays, pseudonymous (the officer's id, mission, kind, date).
        let mut contact = Contact {
            officer_id: "o1".into(),
            phone: "+31 6 1234 5678".into(),
            email: Some("a@b.invalid".into()),
            emergency_contact: Some("Partner".into()),
            emergency_phone: Some("+31 6 8765 4321".into()),
        };
        contact.erase_personal();
        assert_eq!(
            contact,
            Contact {
                officer_id: "o1".into(),
                phone: String::new(),
                email: None,
                emergency_contact: None,
                emergency_phone: None,
            }
        );
        assert_eq!(contact.concerns_officer(), Some("o1"));
        let mut incident = Incident {
            mission_id: "m".into(),
            officer_id: Some("o1".into()),
            kind: IncidentKind::Medical,
            date: date("2024-01-02"),
            summary: "injured".into(),
            follow_up: "hospital".into(),
        };
        incident.erase_personal();
        assert_eq!(
            (
                incident.summary.as_str(),
                incident.follow_up.as_str(),
                incident.kind,
                incident.concerns_officer()
            ),
            ("", "", IncidentKind::Medical, Some("o1"))
        );
    }

    fn fields(err: &Violation) -> Vec<&str> {
        err.all()
            .map(|v| v.field.as_deref().unwrap_or(""))
            .collect()
    }

    #[test]
    fn the_kinds_report_every_broken_rule_of_their_input_at_once() {
        let contact = ContactInput {
            officer_id: " ".into(),
            phone: "call me".into(),
            email: Some("nobody".into()),
            ..Default::default()
        };
        assert_eq!(
            fields(&v::<Contact>(&contact).unwrap_err()),
            ["email", "officer_id", "phone"]
        );
        // A placement: the kind, the country, the period and its own text, all at once; the
        // status history, which reads the period, once the period is valid.
        let placement = PlacementInput {
            kind: "embassy".into(),
            host_country: "XX".into(),
            function: "".into(),
            start: "2024-02-30".into(),
            status: "active".into(),
            ..Default::default()
        };
        assert_eq!(
            fields(&v::<Placement>(&placement).unwrap_err()),
            ["kind", "host_country", "start", "function"]
        );
        let placement = PlacementInput {
            kind: "organisation".into(),
            host_country: "NL".into(),
            function: "Liaison".into(),
            start: "2024-01-01".into(),
            status: "ended".into(),
            ..Default::default()
        };
        assert_eq!(
            fields(&v::<Placement>(&placement).unwrap_err()),
            ["organisation", "officer_id", "end"]
        );
        let dossier = DossierInput {
            title: "".into(),
            topic: "weather".into(),
            status: "announced".into(),
            milestones: vec![MilestoneInput {
                date: "1 mei".into(),
                text: "".into(),
            }],
            partners: vec!["EU".into(), "??".into()],
            ..Default::default()
        };
        assert_eq!(
            fields(&v::<Dossier>(&dossier).unwrap_err()),
            [
                "milestones[0].date",
                "milestones[0].text",
                "title",
                "topic",
                "partners[1]"
            ]
        );
    }

    #[test]
    fn contacts_need_a_phone_number_that_looks_like_one() {
        let mut input = ContactInput {
            officer_id: "o1".into(),
            phone: "+31 6 1234 5678".into(),
            ..Default::default()
        };
        assert!(v::<Contact>(&input).is_ok());
        input.phone = "call me".into();
        assert_eq!(v::<Contact>(&input).unwrap_err().code, "invalid_phone");
        input.phone = "+31 6 1234 5678".into();
        input.email = Some("nobody".into());
        assert_eq!(
            v::<Contact>(&input).unwrap_err().field.as_deref(),
            Some("email")
        );
    }

    #[test]
    fn a_fulfilled_commitment_names_its_answer() {
        let mut input = CommitmentInput {
            title: "Verkennen grensoverschrijdende politieteams met België".into(),
            made_on: "2023-06-15".into(),
            made_in: "Eerste halfjaarbericht politie 2023".into(),
            status: "fulfilled".into(),
            partners: vec!["be".into()],
            ..Default::default()
        };
        assert_eq!(
            v::<Commitment>(&input).unwrap_err().field.as_deref(),
            Some("answered_in")
        );
        input.answered_in = Some("Tweede halfjaarbericht politie 2023".into());
        input.answered_on = Some("2023-01-01".into());
        assert_eq!(
            v::<Commitment>(&input).unwrap_err().code,
            "end_before_start"
        );
        input.answered_on = Some("2023-12-07".into());
        let c = v::<Commitment>(&input).unwrap();
        assert_eq!(c.partners, vec!["BE".to_string()]);
        assert!(!c.status.open());
    }

    #[test]
    fn dossier_milestones_are_kept_in_date_order_and_errors_name_the_item() {
        let mut input = DossierInput {
            title: "Samenwerkingsovereenkomst EU–INTERPOL".into(),
            topic: "interpol".into(),
            status: "negotiating".into(),
            references: vec!["Kamerstuk 22 112, nr. 3115".into(), " ".into()],
            milestones: vec![
                MilestoneInput {
                    date: "2021-07-19".into(),
                    text: "Mandaat".into(),
                },
                MilestoneInput {
                    date: "2021-05-01".into(),
                    text: "Aanbeveling".into(),
                },
            ],
            partners: vec!["EU".into(), "INTERPOL".into()],
            ..Default::default()
        };
        let d = v::<Dossier>(&input).unwrap();
        assert_eq!(d.milestones[0].text, "Aanbeveling");
        assert_eq!(d.references.len(), 1);
        assert_eq!(d.period().unwrap().start, date("2021-05-01"));
        input.milestones[1].date = "mei 2021".into();
        assert_eq!(
            v::<Dossier>(&input).unwrap_err().field.as_deref(),
            Some("milestones[1].date")
        );
        input.milestones.clear();
        input.partners.push("not a partner".into());
        assert_eq!(
            v::<Dossier>(&input).unwrap_err().field.as_deref(),
            Some("partners[2]")
        );
    }

    #[test]
    fn partner_codes_are_countries_or_organisations() {
        assert_eq!(partner_code("p", " sr ").unwrap(), "SR");
        assert_eq!(partner_code("p", "maoc-n").unwrap(), "MAOC-N");
        assert!(partner_code("p", "x").is_err());
        assert!(partner_code("p", "two words").is_err());
    }

    #[test]
    fn a_programme_needs_a_partner_and_a_development_a_text() {
        let input = ProgrammeInput {
            title: "Trainingen KPS".into(),
            kind: "training".into(),
            partners: vec![],
            start: "2022-01-01".into(),
            ..Default::default()
        };
        assert_eq!(
            v::<Programme>(&input).unwrap_err().field.as_deref(),
            Some("partners")
        );
        let err = v::<Development>(&DevelopmentInput {
            date: "2024-03-01".into(),
            topic: "assistance".into(),
            title: "Werkafspraak".into(),
            text: "  ".into(),
            partners: vec![],
        })
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("text"));
    }
}
