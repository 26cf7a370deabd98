//! The JSON API of the instruments kept as documents: one generic handler per verb, routed
//! once per kind in the route table.

use super::registry::StatusOn;
use super::{as_of, purpose};
use crate::WebState;
use crate::error::ApiResult;
use crate::extract::{Body, Params};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::{Extension, Json};
use grenzeloos_app::Actor;
use grenzeloos_app::care::{AreaLevel, AtRisk};
use grenzeloos_app::instruments::Registered;
use grenzeloos_app::partners::PartnerProfile;
use grenzeloos_domain::access::Purpose;
use grenzeloos_store::instruments::{Record, Version};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct Query {
    pub purpose: Option<String>,
    pub as_of: Option<String>,
}

/// The purpose a personal kind needs; none for the others.
fn purpose_for<I: Registered>(q: &Query, headers: &HeaderMap) -> ApiResult<Option<Purpose>> {
    if I::PERSONAL {
        Ok(Some(purpose(q.purpose.as_deref(), headers)?))
    } else {
        Ok(None)
    }
}

/// A record with, for a kind with a status history, its status on the reference date.
#[derive(Serialize)]
pub struct Listed<I: Serialize> {
    #[serde(flatten)]
    pub record: Record<I>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_on: Option<StatusOn>,
}

fn listed<I: Registered>(record: Record<I>, date: jiff::civil::Date) -> Listed<I> {
    let status_on = I::HAS_STATUS.then(|| StatusOn::of(date, record.value.status_on(date)));
    Listed { record, status_on }
}

pub async fn list<I: Registered>(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    headers: HeaderMap,
    Params(q): Params<Query>,
) -> ApiResult<Json<Vec<Listed<I>>>> {
    let purpose = purpose_for::<I>(&q, &headers)?;
    let date = as_of(q.as_of.as_deref(), s.app.today())?;
    let records = s.app.instruments::<I>(&actor, purpose.as_ref()).await?;
    Ok(Json(records.into_iter().map(|r| listed(r, date)).collect()))
}

/// A record with every recorded version of it.
#[derive(Serialize)]
pub struct WithHistory<I: Serialize> {
    #[serde(flatten)]
    pub record: Listed<I>,
    pub versions: Vec<Version<I>>,
}

pub async fn one<I: Registered>(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Params(q): Params<Query>,
) -> ApiResult<Json<WithHistory<I>>> {
    let purpose = purpose_for::<I>(&q, &headers)?;
    let date = as_of(q.as_of.as_deref(), s.app.today())?;
    let (record, versions) = s.app.instrument::<I>(&actor, &id, purpose.as_ref()).await?;
    Ok(Json(WithHistory {
        record: listed(record, date),
        versions,
    }))
}

pub async fn create<I: Registered>(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Body(input): Body<I::Input>,
) -> ApiResult<(StatusCode, Json<Record<I>>)> {
    let record = s.app.save_instrument::<I>(&actor, None, &input).await?;
    Ok((StatusCode::CREATED, Json(record)))
}

pub async fn update<I: Registered>(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(input): Body<I::Input>,
) -> ApiResult<Json<Record<I>>> {
    Ok(Json(
        s.app
            .save_instrument::<I>(&actor, Some(&id), &input)
            .await?,
    ))
}

/// Mission areas with their security level on a date.
pub async fn security_levels(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Params(q): Params<Query>,
) -> ApiResult<Json<Vec<AreaLevel>>> {
    let date = as_of(q.as_of.as_deref(), s.app.today())?;
    Ok(Json(s.app.security_levels(&actor, date).await?))
}

/// Officers in high-risk areas on a date, with their contacts.
pub async fn high_risk(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    headers: HeaderMap,
    Params(q): Params<Query>,
) -> ApiResult<Json<Vec<AtRisk>>> {
    let date = as_of(q.as_of.as_deref(), s.app.today())?;
    let purpose = purpose(q.purpose.as_deref(), &headers)?;
    Ok(Json(s.app.high_risk(&actor, date, &purpose).await?))
}

pub async fn partner_profile(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(code): Path<String>,
) -> ApiResult<Json<PartnerProfile>> {
    Ok(Json(s.app.partner_profile(&actor, &code).await?))
}
