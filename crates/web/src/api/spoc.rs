//! The SPOC desk's API (issue 14): record a case, read it, and answer, refuse, notify a
//! judicial delay, ask for and record a clarification; the Art 18 statistics. Bodies are read
//! strictly by `spoc::intake` (unknown fields refused, the JSON path of every error named).

use super::purpose;
use crate::WebState;
use crate::error::ApiResult;
use crate::extract::{Body, Params};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::{Extension, Json};
use grenzeloos_app::Actor;
use grenzeloos_app::erasure::ErasureOutcome;
use grenzeloos_app::spoc::{CaseCreated, CaseView};
use grenzeloos_domain::Violation;
use grenzeloos_domain::retention::ErasureInput;
use grenzeloos_domain::spoc::intake::{
    AnswerInput, ClarificationInput, ClarificationRequestInput, JudicialDelayInput, NewCase,
    RefusalInput,
};
use grenzeloos_domain::spoc::registers::{
    ConsentInput, JudicialContactInput, LanguagesInput, OralConfirmationInput,
    TransferAssessmentInput,
};
use grenzeloos_domain::spoc::statistics::Statistics;
use grenzeloos_store::spoc_registers::{JudicialContact, PartnerLanguages};
use serde::Deserialize;
use serde_json::Value;

/// `POST /api/v1/spoc/requests`: 201 with id, reference, deadline, status and related cases.
pub async fn create(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Body(body): Body<Value>,
) -> ApiResult<(StatusCode, Json<CaseCreated>)> {
    let input = NewCase::read(body)?;
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_case(&actor, &input).await?),
    ))
}

#[derive(Deserialize)]
pub struct ReadQuery {
    pub purpose: Option<String>,
}

/// `GET /api/v1/spoc/requests/{id}`: the case with its status, deadline, related cases,
/// communications and outbox (audited with the purpose given, or the case's handling).
pub async fn one(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Params(q): Params<ReadQuery>,
) -> ApiResult<Json<CaseView>> {
    let stated = q.purpose.is_some() || headers.contains_key("x-purpose");
    let purpose = if stated {
        Some(purpose(q.purpose.as_deref(), &headers)?)
    } else {
        None
    };
    Ok(Json(s.app.case(&actor, &id, purpose.as_ref()).await?))
}

pub async fn answer(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(body): Body<Value>,
) -> ApiResult<Json<CaseView>> {
    let input = AnswerInput::read(body)?;
    Ok(Json(s.app.answer_case(&actor, &id, &input).await?))
}

pub async fn refusal(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(body): Body<Value>,
) -> ApiResult<Json<CaseView>> {
    let input = RefusalInput::read(body)?;
    Ok(Json(s.app.refuse_case(&actor, &id, &input).await?))
}

pub async fn judicial_delay(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(body): Body<Value>,
) -> ApiResult<Json<CaseView>> {
    let input = JudicialDelayInput::read(body)?;
    Ok(Json(s.app.judicial_delay(&actor, &id, &input).await?))
}

pub async fn clarification_request(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(body): Body<Value>,
) -> ApiResult<Json<CaseView>> {
    let input = ClarificationRequestInput::read(body)?;
    Ok(Json(s.app.ask_clarification(&actor, &id, &input).await?))
}

pub async fn clarification(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(body): Body<Value>,
) -> ApiResult<Json<CaseView>> {
    let input = ClarificationInput::read(body)?;
    Ok(Json(s.app.record_clarification(&actor, &id, &input).await?))
}

#[derive(Deserialize)]
pub struct YearQuery {
    pub year: Option<String>,
}

/// `GET /api/v1/spoc/statistics?year=YYYY` (SPOC-12).
pub async fn statistics(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Params(q): Params<YearQuery>,
) -> ApiResult<Json<Statistics>> {
    let year = match q.year.as_deref().map(str::trim) {
        None | Some("") => s.app.today().year(),
        Some(text) => text.parse::<i16>().map_err(|_| {
            Violation::at("invalid_year", "year", "the year as four digits, e.g. 2025")
        })?,
    };
    Ok(Json(s.app.spoc_statistics(&actor, year).await?))
}

#[derive(Deserialize)]
pub struct OpenQuery {
    pub partner: Option<String>,
    pub urgency: Option<String>,
    pub status: Option<String>,
    pub assignee: Option<String>,
}

impl OpenQuery {
    /// The filter, an empty value meaning any (as a form sends it); `assignee=-` is the cases
    /// nobody has taken up. A value that is no code of its list is refused, naming it.
    pub fn filter(self) -> Result<grenzeloos_store::spoc::OpenFilter, Violation> {
        use grenzeloos_domain::spoc::case::Status;
        use grenzeloos_domain::spoc::vocabulary::Urgency;
        let given = |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let partner = given(self.partner).map(|p| p.to_uppercase());
        if let Some(p) = &partner {
            if p.len() != 2 || !p.chars().all(|c| c.is_ascii_alphabetic()) {
                return Err(Violation::at(
                    "invalid_choice",
                    "partner",
                    "a state's two-letter code, e.g. BE",
                ));
            }
        }
        let urgency = given(self.urgency)
            .map(|u| Urgency::parse("urgency", &u).map(|u| u.as_str().to_string()))
            .transpose()?;
        let status = given(self.status)
            .map(|u| Status::parse("status", &u).map(|u| u.as_str().to_string()))
            .transpose()?;
        let assignee = given(self.assignee);
        if assignee.as_ref().is_some_and(|a| a.chars().count() > 200) {
            return Err(Violation::at(
                "too_long",
                "assignee",
                "a username has at most 200 characters",
            ));
        }
        Ok(grenzeloos_store::spoc::OpenFilter {
            partner,
            urgency,
            status,
            assignee: assignee.map(|a| if a == "-" { String::new() } else { a }),
        })
    }
}

/// `GET /api/v1/spoc/requests`: the open cases, soonest due first (no personal data).
pub async fn open(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Params(q): Params<OpenQuery>,
) -> ApiResult<Json<Vec<grenzeloos_app::spoc::CaseLine>>> {
    let filter = q.filter()?;
    Ok(Json(s.app.open_cases(&actor, &filter).await?))
}

pub async fn start(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> ApiResult<Json<CaseView>> {
    Ok(Json(s.app.start_case(&actor, &id).await?))
}

pub async fn conclude(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> ApiResult<Json<CaseView>> {
    Ok(Json(s.app.conclude_case(&actor, &id).await?))
}

// -- the registers beside the cases (SPOC-08, SPOC-14, SPOC-15, BNL-01, BNL-02, LED-03) ------

/// `POST /api/v1/spoc/requests/{id}/consent`: a state information came from, and its consent.
pub async fn consent(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(body): Body<Value>,
) -> ApiResult<Json<CaseView>> {
    let input = ConsentInput::read(body)?;
    Ok(Json(s.app.record_consent(&actor, &id, &input).await?))
}

/// `POST /api/v1/spoc/requests/{id}/oral-confirmation` (BNL-02).
pub async fn oral_confirmation(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(body): Body<Value>,
) -> ApiResult<Json<CaseView>> {
    let input = OralConfirmationInput::read(body)?;
    Ok(Json(s.app.confirm_oral_request(&actor, &id, &input).await?))
}

/// `POST /api/v1/spoc/requests/{id}/transfer-assessment` (LED-03).
pub async fn transfer_assessment(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(body): Body<Value>,
) -> ApiResult<Json<CaseView>> {
    let input = TransferAssessmentInput::read(body)?;
    Ok(Json(
        s.app
            .record_transfer_assessment(&actor, &id, &input)
            .await?,
    ))
}

/// `POST /api/v1/spoc/requests/{id}/erase` (SPOC-14): the case's personal data, irrevocably.
pub async fn erase(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(input): Body<ErasureInput>,
) -> ApiResult<Json<ErasureOutcome>> {
    Ok(Json(s.app.erase_case(&actor, &id, &input).await?))
}

/// `GET /api/v1/spoc/languages`: the partners' Art 11 lists.
pub async fn languages(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
) -> ApiResult<Json<Vec<PartnerLanguages>>> {
    Ok(Json(s.app.partner_languages(&actor).await?))
}

/// `PUT /api/v1/spoc/languages/{partner}`.
pub async fn set_languages(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(partner): Path<String>,
    Body(body): Body<Value>,
) -> ApiResult<Json<PartnerLanguages>> {
    let input = LanguagesInput::read(body)?;
    Ok(Json(
        s.app
            .set_partner_languages(&actor, &partner.to_uppercase(), &input)
            .await?,
    ))
}

/// `GET /api/v1/spoc/judicial-contacts`: the on-call register, duties not yet over.
pub async fn judicial_contacts(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
) -> ApiResult<Json<Vec<JudicialContact>>> {
    Ok(Json(s.app.judicial_contacts(&actor).await?))
}

/// `POST /api/v1/spoc/judicial-contacts`: 201 with the duty recorded.
pub async fn add_judicial_contact(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Body(body): Body<Value>,
) -> ApiResult<(StatusCode, Json<JudicialContact>)> {
    let input = JudicialContactInput::read(body)?;
    Ok((
        StatusCode::CREATED,
        Json(s.app.add_judicial_contact(&actor, &input).await?),
    ))
}

/// `POST /api/v1/spoc/judicial-contacts/{id}/withdraw`: 204.
pub async fn withdraw_judicial_contact(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    s.app.withdraw_judicial_contact(&actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
