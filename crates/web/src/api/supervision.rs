use crate::WebState;
use crate::error::ApiResult;
use crate::extract::Params;
use axum::extract::State;
use axum::{Extension, Json};
use grenzeloos_app::Actor;
use grenzeloos_app::supervision::AuditQuery;
use grenzeloos_store::audit::{AuditEvent, Verification};

pub async fn events(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Params(q): Params<AuditQuery>,
) -> ApiResult<Json<Vec<AuditEvent>>> {
    let domain = q.domain()?;
    Ok(Json(
        s.app
            .audit_events_in(&actor, domain, &q.filter(200)?)
            .await?,
    ))
}

pub async fn verify(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
) -> ApiResult<Json<Verification>> {
    Ok(Json(s.app.verify_audit(&actor).await?))
}
