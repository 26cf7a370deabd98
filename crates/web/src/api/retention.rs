//! Erasure and retention (SPOC-14, WPG-02): erase an officer's personal data, the list of what
//! the retention rules make due, and the decisions on it.

use crate::WebState;
use crate::error::ApiResult;
use crate::extract::Body;
use axum::extract::{Path, State};
use axum::{Extension, Json};
use grenzeloos_app::Actor;
use grenzeloos_app::erasure::ErasureOutcome;
use grenzeloos_app::retention::{CategoryRule, DecisionOutcome, RetentionList};
use grenzeloos_domain::retention::{DecisionInput, ErasureInput};

/// `POST /api/v1/officers/{id}/erase` with `{"reason": "…"}`.
pub async fn erase_officer(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(input): Body<ErasureInput>,
) -> ApiResult<Json<ErasureOutcome>> {
    Ok(Json(s.app.erase_officer(&actor, &id, &input).await?))
}

pub async fn list(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
) -> ApiResult<Json<RetentionList>> {
    Ok(Json(s.app.retention_list(&actor).await?))
}

pub async fn rules(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
) -> ApiResult<Json<Vec<CategoryRule>>> {
    Ok(Json(s.app.retention_list(&actor).await?.rules))
}

pub async fn decide(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(input): Body<DecisionInput>,
) -> ApiResult<Json<DecisionOutcome>> {
    Ok(Json(s.app.decide_retention(&actor, &id, &input).await?))
}
