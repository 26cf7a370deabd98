//! The reports: the overview of deployed officers on a reference date, and the half-year annex.

use crate::WebState;
use crate::auth::Access::Needs;
use crate::routes::{Route, route};
use crate::ui::pages::dashboard::overview_chart;
use crate::ui::{Ctx, OrPage, PageError, PageResult, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::Method as M;
use axum::response::IntoResponse;
use grenzeloos_app::overview::Overview;
use grenzeloos_domain::time::parse_date;
use serde::Deserialize;

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    use grenzeloos_domain::access::Permission::*;
    let routes = vec![
        route(
            M::GET,
            "/annex",
            Needs(ReportRead),
            "The half-year annex: period, reference date, format",
            annex,
        ),
        route(
            M::GET,
            "/overview",
            Needs(ReportRead),
            "Overview of deployed officers with reference-date picker and chart",
            overview,
        ),
    ];
    routes
}

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    ctx: Ctx,
    as_of_input: String,
    show_station: bool,
    overview: Option<Overview>,
    chart: String,
    error: String,
}

#[derive(Deserialize)]
pub struct OverviewQuery {
    as_of: Option<String>,
    column: Option<String>,
}

pub async fn overview(
    State(state): State<WebState>,
    ctx: Ctx,
    Query(q): Query<OverviewQuery>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let show_station = q.column.as_deref() != Some("country");
    // No date asked for: today. A date the form sent empty is one the browser could not read
    // (an impossible day typed in the date field): refused at the field like any other.
    let as_of_input = q
        .as_of
        .clone()
        .unwrap_or_else(|| state.app.today().to_string());
    let (overview, error) = match parse_date("as_of", &as_of_input) {
        Ok(as_of) => (
            Some(
                state
                    .app
                    .deployment_overview(&actor, as_of, None)
                    .await
                    .or_page(&ctx)?,
            ),
            String::new(),
        ),
        Err(v) => (None, ctx.message(v.code, &v.message)),
    };
    let chart = overview
        .as_ref()
        .map(|o| overview_chart(&ctx, o))
        .unwrap_or_default();
    let page = OverviewPage {
        ctx,
        as_of_input,
        show_station,
        overview,
        chart,
        error,
    };
    let status = if page.error.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::BAD_REQUEST
    };
    Ok((status, render(&page)).into_response())
}

#[derive(Template)]
#[template(path = "annex.html")]
struct AnnexPage {
    ctx: Ctx,
    /// Code and label: `2024-H1`, "1e halfjaar 2024".
    periods: Vec<(String, String)>,
    period: String,
    as_of: String,
    as_recorded_at: String,
    errors: crate::ui::FieldErrors,
}

#[derive(Deserialize)]
pub struct AnnexPageQuery {
    period: Option<String>,
    as_of: Option<String>,
    as_recorded_at: Option<String>,
    format: Option<String>,
}

/// What the annex page asks, checked all at once: the half year, the reference date, the
/// moment of recording and the format (the report API checks them again, one by one).
fn annex_choices(q: &AnnexPageQuery) -> Result<(), grenzeloos_domain::Violation> {
    use grenzeloos_domain::time::{HalfYear, parse_instant};
    let given = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let mut checks = grenzeloos_domain::error::Checks::new();
    checks.check(HalfYear::parse(
        "period",
        q.period.as_deref().unwrap_or_default(),
    ));
    if let Some(as_of) = given(&q.as_of) {
        checks.check(parse_date("as_of", &as_of));
    }
    if let Some(moment) = given(&q.as_recorded_at) {
        checks.check(parse_instant("as_recorded_at", &moment));
    }
    if grenzeloos_report::annex::AnnexFormat::parse(q.format.as_deref().unwrap_or_default())
        .is_none()
    {
        checks.refuse(grenzeloos_domain::Violation::at(
            "invalid_choice",
            "format",
            "choose html, pdf or md",
        ));
    }
    checks.finish(|| Some(()))
}

/// The half-year annex: choose the half year, the reference date and the format. Asked for a
/// format, the page answers the document (made by the report API's handler) — or, when a choice
/// is refused, itself with the reason at the field, in the page's language: never the API's
/// JSON to a browser.
pub async fn annex(
    State(state): State<WebState>,
    ctx: Ctx,
    Query(q): Query<AnnexPageQuery>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let mut errors = crate::ui::FieldErrors::default();
    if q.format.is_some() {
        match annex_choices(&q) {
            Err(refused) => {
                for v in refused.all() {
                    errors.add(v.field_base(), crate::ui::forms::message(&ctx, "annex", v));
                }
            }
            Ok(()) => {
                let query = crate::api::reports::AnnexQuery {
                    period: q.period.clone(),
                    as_of: q.as_of.clone(),
                    as_recorded_at: q.as_recorded_at.clone(),
                    format: q.format.clone(),
                };
                let made = crate::api::reports::annex(
                    State(state),
                    axum::Extension(actor),
                    crate::extract::Params(query),
                )
                .await;
                match made {
                    Ok(document) => return Ok(document),
                    Err(refused) => {
                        let status = refused.status;
                        let message = ctx.message(&refused.body.error, &refused.body.message);
                        if !status.is_client_error() || status.as_u16() == 403 {
                            let title = if status.as_u16() == 403 {
                                "error.forbidden"
                            } else {
                                "error.internal"
                            };
                            return Err(PageError::from_response(crate::ui::error_page(
                                ctx, status, title, message,
                            )));
                        }
                        errors.add(refused.body.field.as_deref().unwrap_or_default(), message);
                    }
                }
            }
        }
        // Errors at fields the page does not have (the format) show at the top.
        if let Some(message) = errors.0.remove("format") {
            errors.add("", message);
        }
    }
    // The half year just ended is the one being reported on; offer the last six.
    let mut half = grenzeloos_domain::time::HalfYear::of(ctx.today);
    let mut periods = Vec::new();
    for _ in 0..6 {
        periods.push((half.code(), half.short(ctx.t.lang)));
        half = half.previous();
    }
    let period = q.period.clone().unwrap_or_else(|| {
        periods
            .get(1)
            .map(|(code, _)| code.clone())
            .unwrap_or_default()
    });
    let failed = !errors.is_empty();
    let page = render(&AnnexPage {
        ctx,
        periods,
        period,
        as_of: q.as_of.unwrap_or_default(),
        as_recorded_at: q.as_recorded_at.unwrap_or_default(),
        errors,
    });
    if failed {
        Ok((axum::http::StatusCode::BAD_REQUEST, page).into_response())
    } else {
        Ok(page)
    }
}
