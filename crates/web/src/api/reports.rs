use super::as_of;
use crate::WebState;
use crate::error::{ApiError, ApiResult};
use crate::extract::Params;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use grenzeloos_app::Actor;
use grenzeloos_app::import::{ImportKind, ImportReport};
use grenzeloos_domain::text::echo;
use grenzeloos_domain::time::parse_instant;
use grenzeloos_report::annex::{self, AnnexFormat};
use grenzeloos_report::{Format, deployments};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct OverviewQuery {
    pub as_of: Option<String>,
    pub as_recorded_at: Option<String>,
    pub format: Option<String>,
}

/// The overview of deployed officers per mission, as JSON, CSV (plain, or for Excel) or
/// Markdown.
pub async fn deployment_overview(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Params(q): Params<OverviewQuery>,
) -> ApiResult<Response> {
    let as_of = as_of(q.as_of.as_deref(), s.app.today())?;
    let recorded = match q.as_recorded_at.as_deref().filter(|v| !v.trim().is_empty()) {
        Some(value) => Some(parse_instant("as_recorded_at", value)?),
        None => None,
    };
    let format = match q.format.as_deref() {
        None => Format::Json,
        Some(name) => Format::parse(name).ok_or_else(|| {
            ApiError::bad_request(
                "invalid_choice",
                format!(
                    "{} is not a format; use json, csv, excel (CSV for Excel) or md",
                    echo(name)
                ),
            )
            .at("format")
        })?,
    };
    let overview = s.app.deployment_overview(&actor, as_of, recorded).await?;
    if format == Format::Json {
        let json = [(header::CONTENT_TYPE, "application/json")];
        let body = overview.to_json().map_err(|error| {
            tracing::error!(%error, "overview not serialisable");
            ApiError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "an internal error occurred; it has been logged",
            )
        })?;
        return Ok((json, body).into_response());
    }
    let filename = format!(
        "attachment; filename=\"uitgezonden-{}{}\"",
        overview.as_of,
        format.file_end()
    );
    Ok((
        [
            (header::CONTENT_TYPE, format.media_type().to_string()),
            (header::CONTENT_DISPOSITION, filename),
        ],
        deployments::render(&overview, format),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct ImportQuery {
    pub dry_run: Option<bool>,
}

fn csv_text(body: axum::body::Bytes) -> ApiResult<String> {
    String::from_utf8(body.to_vec()).map_err(|e| {
        ApiError::bad_request(
            "invalid_import",
            format!(
                "the file is not UTF-8 text (byte {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// An import: the body is refused with 413 past `max_import_bytes` before it is read whole;
/// the use case checks the file off the request threads.
async fn import(
    s: WebState,
    actor: Actor,
    kind: ImportKind,
    dry_run: Option<bool>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> ApiResult<Json<ImportReport>> {
    let bytes = crate::upload(&headers, body, s.config.max_import_bytes).await?;
    let text = csv_text(bytes)?;
    Ok(Json(
        s.app
            .import(&actor, kind, text, dry_run.unwrap_or(false))
            .await?,
    ))
}

pub async fn import_missions(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Params(q): Params<ImportQuery>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> ApiResult<Json<ImportReport>> {
    import(s, actor, ImportKind::Missions, q.dry_run, headers, body).await
}

pub async fn import_deployments(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Params(q): Params<ImportQuery>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> ApiResult<Json<ImportReport>> {
    import(s, actor, ImportKind::Deployments, q.dry_run, headers, body).await
}

/// A file to start an import from: the header and an example row, as Excel opens it.
fn import_template(kind: ImportKind) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"import-{}.csv\"", kind.as_str()),
            ),
        ],
        kind.template(),
    )
        .into_response()
}

pub async fn missions_template() -> Response {
    import_template(ImportKind::Missions)
}

pub async fn deployments_template() -> Response {
    import_template(ImportKind::Deployments)
}

#[derive(Deserialize)]
pub struct AnnexQuery {
    pub period: Option<String>,
    pub as_of: Option<String>,
    pub as_recorded_at: Option<String>,
    pub format: Option<String>,
}

/// The half-year annex "Internationale politiesamenwerking" as Markdown, HTML or PDF.
pub async fn annex(
    State(s): State<WebState>,
    Extension(actor): Extension<Actor>,
    Params(q): Params<AnnexQuery>,
) -> ApiResult<Response> {
    let period = grenzeloos_domain::time::HalfYear::parse(
        "period",
        q.period.as_deref().unwrap_or_default(),
    )?;
    // The reference date defaults to the last day of the half year.
    let as_of = match q.as_of.as_deref().filter(|v| !v.trim().is_empty()) {
        Some(value) => as_of(Some(value), s.app.today())?,
        None => period.last_day(),
    };
    let recorded = match q.as_recorded_at.as_deref().filter(|v| !v.trim().is_empty()) {
        Some(value) => Some(parse_instant("as_recorded_at", value)?),
        None => None,
    };
    let name = q.format.as_deref().unwrap_or("html");
    let format = AnnexFormat::parse(name).ok_or_else(|| {
        ApiError::bad_request(
            "invalid_choice",
            format!(
                "{} is not a format of the annex; use md, html or pdf",
                echo(name)
            ),
        )
        .at("format")
    })?;
    let data = s.app.annex_data(&actor, period, as_of, recorded).await?;
    // Typesetting a PDF takes CPU time: keep it off the request threads.
    let bytes = tokio::task::spawn_blocking(move || annex::render(&data, format))
        .await
        .map_err(|_| annex_failed())?
        .map_err(|error| {
            tracing::error!(%error, "annex rendering failed");
            annex_failed()
        })?;
    let disposition = if format == AnnexFormat::Html {
        "inline".to_string()
    } else {
        format!(
            "attachment; filename=\"bijlage-internationale-politiesamenwerking-{}.{}\"",
            period.code(),
            format.extension()
        )
    };
    Ok((
        [
            (header::CONTENT_TYPE, format.media_type().to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

fn annex_failed() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        "render_failed",
        "the annex could not be produced; the error is in the server log",
    )
}
