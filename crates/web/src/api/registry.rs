use super::{as_of, purpose};
use crate::WebState;
use crate::error::ApiResult;
use crate::extract::{Body, Params};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::{Extension, Json};
use grenzeloos_app::Actor;
use grenzeloos_app::agreements::{Assessment, LegalBasis};
use grenzeloos_app::registry::{DeploymentView, MissionDetail, MissionSummary, OfficerDetail};
use grenzeloos_domain::agreements::{AgreementInput, ExchangeKind};
use grenzeloos_domain::labels::Lang;
use grenzeloos_domain::registry::{
    DeploymentInput, LocationInput, MissionInput, OfficerInput, PartnerInput, TeamInput,
};
use grenzeloos_domain::time::parse_date;
use grenzeloos_store::agreements::AgreementRow;
use grenzeloos_store::registry::{
    DeploymentFilter, DeploymentRow, LocationRow, MissionRow, OfficerRow, PartnerRow, TeamRow,
};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

type Created<T> = ApiResult<(StatusCode, Json<T>)>;

#[derive(Deserialize)]
pub struct AsOf {
    pub as_of: Option<String>,
}

#[derive(Deserialize)]
pub struct WithPurpose {
    pub purpose: Option<String>,
}

pub async fn partners(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
) -> ApiResult<Json<Vec<PartnerRow>>> {
    Ok(Json(s.app.partners(&actor).await?))
}

pub async fn create_partner(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Body(input): Body<PartnerInput>,
) -> Created<PartnerRow> {
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_partner(&actor, &input).await?),
    ))
}

pub async fn missions(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Params(q): Params<AsOf>,
) -> ApiResult<Json<Vec<MissionSummary>>> {
    Ok(Json(
        s.app
            .missions(&actor, as_of(q.as_of.as_deref(), s.app.today())?)
            .await?,
    ))
}

pub async fn mission(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Params(q): Params<AsOf>,
) -> ApiResult<Json<MissionDetail>> {
    Ok(Json(
        s.app
            .mission(&actor, &id, as_of(q.as_of.as_deref(), s.app.today())?)
            .await?,
    ))
}

pub async fn create_mission(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Body(input): Body<MissionInput>,
) -> Created<MissionRow> {
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_mission(&actor, &input).await?),
    ))
}

pub async fn update_mission(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(input): Body<MissionInput>,
) -> ApiResult<Json<MissionRow>> {
    Ok(Json(s.app.update_mission(&actor, &id, &input).await?))
}

pub async fn record_location(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(input): Body<LocationInput>,
) -> Created<LocationRow> {
    Ok((
        StatusCode::CREATED,
        Json(s.app.record_location(&actor, &id, &input).await?),
    ))
}

pub async fn officers(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    headers: HeaderMap,
    Params(q): Params<WithPurpose>,
) -> ApiResult<Json<Vec<OfficerRow>>> {
    let purpose = purpose(q.purpose.as_deref(), &headers)?;
    Ok(Json(s.app.officers(&actor, &purpose).await?))
}

pub async fn officer(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Params(q): Params<WithPurpose>,
) -> ApiResult<Json<OfficerDetail>> {
    let purpose = purpose(q.purpose.as_deref(), &headers)?;
    Ok(Json(s.app.officer(&actor, &id, &purpose).await?))
}

pub async fn create_officer(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Body(input): Body<OfficerInput>,
) -> Created<OfficerRow> {
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_officer(&actor, &input).await?),
    ))
}

pub async fn update_officer(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(input): Body<OfficerInput>,
) -> ApiResult<Json<OfficerRow>> {
    Ok(Json(s.app.update_officer(&actor, &id, &input).await?))
}

#[derive(Deserialize)]
pub struct DeploymentQuery {
    pub purpose: Option<String>,
    pub mission_id: Option<String>,
    pub officer_id: Option<String>,
    /// Only deployments running on this date.
    pub on: Option<String>,
}

pub async fn deployments(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    headers: HeaderMap,
    Params(q): Params<DeploymentQuery>,
) -> ApiResult<Json<Vec<DeploymentView>>> {
    let purpose = purpose(q.purpose.as_deref(), &headers)?;
    let on = match q.on.as_deref().filter(|v| !v.trim().is_empty()) {
        Some(on) => Some(parse_date("on", on)?),
        None => None,
    };
    let filter = DeploymentFilter {
        mission_id: q.mission_id,
        officer_id: q.officer_id,
        on,
    };
    Ok(Json(s.app.deployments(&actor, &filter, &purpose).await?))
}

pub async fn deployment(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Params(q): Params<WithPurpose>,
) -> ApiResult<Json<DeploymentView>> {
    let purpose = purpose(q.purpose.as_deref(), &headers)?;
    Ok(Json(s.app.deployment(&actor, &id, &purpose).await?))
}

pub async fn create_deployment(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Body(input): Body<DeploymentInput>,
) -> Created<DeploymentRow> {
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_deployment(&actor, &input).await?),
    ))
}

pub async fn update_deployment(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(input): Body<DeploymentInput>,
) -> ApiResult<Json<DeploymentRow>> {
    Ok(Json(s.app.update_deployment(&actor, &id, &input).await?))
}

pub async fn teams(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
) -> ApiResult<Json<Vec<TeamRow>>> {
    Ok(Json(s.app.teams(&actor).await?))
}

pub async fn team(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> ApiResult<Json<TeamRow>> {
    Ok(Json(s.app.team(&actor, &id).await?))
}

pub async fn create_team(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Body(input): Body<TeamInput>,
) -> Created<TeamRow> {
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_team(&actor, &input).await?),
    ))
}

pub async fn update_team(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(input): Body<TeamInput>,
) -> ApiResult<Json<TeamRow>> {
    Ok(Json(s.app.update_team(&actor, &id, &input).await?))
}

/// A record with its status on the reference date of the request (default today): pages,
/// the API and the reports all read the status in valid time.
#[derive(Serialize)]
pub struct WithStatusOn<T: Serialize> {
    #[serde(flatten)]
    pub record: T,
    pub status_on: StatusOn,
}

/// The status a record had on a date, and since when; both empty before its first status.
#[derive(Serialize)]
pub struct StatusOn {
    pub date: Date,
    pub status: Option<&'static str>,
    pub since: Option<Date>,
}

impl StatusOn {
    pub fn of(date: Date, step: Option<(&'static str, Date)>) -> StatusOn {
        StatusOn {
            date,
            status: step.map(|(s, _)| s),
            since: step.map(|(_, d)| d),
        }
    }
}

fn dated(row: AgreementRow, date: Date) -> WithStatusOn<AgreementRow> {
    let step = row
        .agreement
        .status_history
        .on(date)
        .map(|c| (c.status.as_str(), c.from));
    WithStatusOn {
        status_on: StatusOn::of(date, step),
        record: row,
    }
}

pub async fn agreements(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Params(q): Params<AsOf>,
) -> ApiResult<Json<Vec<WithStatusOn<AgreementRow>>>> {
    let date = as_of(q.as_of.as_deref(), s.app.today())?;
    let rows = s.app.agreements(&actor).await?;
    Ok(Json(rows.into_iter().map(|r| dated(r, date)).collect()))
}

pub async fn agreement(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Params(q): Params<AsOf>,
) -> ApiResult<Json<WithStatusOn<AgreementRow>>> {
    let date = as_of(q.as_of.as_deref(), s.app.today())?;
    Ok(Json(dated(s.app.agreement(&actor, &id).await?, date)))
}

pub async fn create_agreement(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Body(input): Body<AgreementInput>,
) -> Created<AgreementRow> {
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_agreement(&actor, &input).await?),
    ))
}

pub async fn update_agreement(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(input): Body<AgreementInput>,
) -> ApiResult<Json<AgreementRow>> {
    Ok(Json(s.app.update_agreement(&actor, &id, &input).await?))
}

#[derive(Deserialize)]
pub struct LegalBasisQuery {
    pub kind: Option<String>,
    pub partner: Option<String>,
    pub date: Option<String>,
}

impl LegalBasisQuery {
    /// The kind, partner and date asked about (the date defaults to today).
    fn parse(&self, today: Date) -> ApiResult<(ExchangeKind, String, Date)> {
        let kind = ExchangeKind::parse("kind", self.kind.as_deref().unwrap_or_default())?;
        let partner = self.partner.clone().unwrap_or_default();
        if partner.trim().is_empty() {
            return Err(grenzeloos_domain::Violation::at(
                "required",
                "partner",
                "name the partner by its code or name, e.g. BE, België or INTERPOL",
            )
            .into());
        }
        let date = match self.date.as_deref().filter(|d| !d.trim().is_empty()) {
            Some(d) => parse_date("date", d)?,
            None => today,
        };
        Ok((kind, partner, date))
    }
}

/// Which agreements are the legal basis for exchange `kind` with `partner` on `date`
/// (default today), each with its article and the answer in words.
pub async fn legal_bases(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Params(q): Params<LegalBasisQuery>,
) -> ApiResult<Json<Vec<LegalBasis>>> {
    let (kind, partner, date) = q.parse(s.app.today())?;
    Ok(Json(s.app.legal_bases(&actor, kind, &partner, date).await?))
}

/// The whole answer: the bases, and why each other agreement with the partner or for the
/// exchange is none (an MoU only, not yet applicable, applied until …).
pub async fn legal_basis_assessment(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Params(q): Params<LegalBasisQuery>,
) -> ApiResult<Json<Assessment>> {
    let (kind, partner, date) = q.parse(s.app.today())?;
    Ok(Json(
        s.app
            .assess_legal_basis(&actor, kind, &partner, date, Lang::En)
            .await?,
    ))
}
