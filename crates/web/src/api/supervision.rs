use crate::WebState;
use crate::error::ApiResult;
use crate::extract::Params;
use axum::extract::State;
use axum::{Extension, Json};
use grenzeloos_app::Actor;
use grenzeloos_domain::time::parse_date;
use grenzeloos_store::audit::{AuditEvent, Filter, Verification};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    /// First day (inclusive), YYYY-MM-DD.
    pub from: Option<String>,
    /// Last day (inclusive), YYYY-MM-DD.
    pub until: Option<String>,
    pub limit: Option<i64>,
    pub before_seq: Option<i64>,
}

fn nonempty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

pub async fn events(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Params(q): Params<AuditQuery>,
) -> ApiResult<Json<Vec<AuditEvent>>> {
    let from = match nonempty(q.from) {
        Some(day) => Some(parse_date("from", &day)?.to_string()),
        None => None,
    };
    let until = match nonempty(q.until) {
        Some(day) => Some(
            parse_date("until", &day)?
                .tomorrow()
                .map_err(|_| {
                    grenzeloos_domain::Violation::at("invalid_date", "until", "is out of range")
                })?
                .to_string(),
        ),
        None => None,
    };
    let filter = Filter {
        actor: nonempty(q.actor),
        action: nonempty(q.action),
        object_type: nonempty(q.object_type),
        object_id: nonempty(q.object_id),
        from,
        until,
        limit: q.limit.unwrap_or(200),
        before_seq: q.before_seq,
    };
    Ok(Json(s.app.audit_events(&actor, &filter).await?))
}

pub async fn verify(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
) -> ApiResult<Json<Verification>> {
    Ok(Json(s.app.verify_audit(&actor).await?))
}
