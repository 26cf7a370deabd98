//! Page handlers: each reads its input, calls use cases, and renders a template.

use super::{
    Ctx, LANG_COOKIE, OrPage, PURPOSE_COOKIE, PageError, PageResult, charts, long_cookie, render,
};
use crate::WebState;
use crate::auth::{Caller, Session, expired_cookie, session_cookie, sign_in_from_this_site};
use crate::redirect::local_path;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use grenzeloos_app::AppError;
use grenzeloos_app::agenda::Agenda;
use grenzeloos_app::overview::Overview;
use grenzeloos_app::registry::Attention;
use grenzeloos_domain::access::{Permission, Purpose};
use grenzeloos_domain::time::parse_date;
use serde::Deserialize;

// -- sign in and out ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    ctx: Ctx,
    next: String,
    username: String,
    error: String,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn login_form(ctx: Ctx, Query(q): Query<NextQuery>) -> PageResult {
    let next = local_path(q.next.as_deref());
    Ok(render(&LoginPage {
        ctx,
        next,
        username: String::new(),
        error: String::new(),
    }))
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

pub async fn login(
    State(state): State<WebState>,
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    Caller(client): Caller,
    Form(form): Form<LoginForm>,
) -> PageResult {
    if !sign_in_from_this_site(&headers) {
        let message = ctx.t.get("error.forbidden_text").to_string();
        return Err(PageError::from_response(super::error_page(
            ctx,
            axum::http::StatusCode::FORBIDDEN,
            "error.forbidden",
            message,
        )));
    }
    let next = local_path(form.next.as_deref());
    match state
        .app
        .login(&form.username, &form.password, &client)
        .await
    {
        Ok(session) => {
            let cookie = session_cookie(
                &session.token,
                state.app.settings.session_hours * 3600,
                state.config.secure_cookies,
            );
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response())
        }
        // One page for every refusal (see App::login): the same status and body whether the
        // account is unknown, the password wrong or the attempt has to wait.
        Err(AppError::Invalid(_)) => {
            let error = ctx.t.get("login.failed").to_string();
            Ok((
                axum::http::StatusCode::UNAUTHORIZED,
                render(&LoginPage {
                    ctx,
                    next,
                    username: form.username,
                    error,
                }),
            )
                .into_response())
        }
        Err(other) => Err(PageError::new(&ctx, other)),
    }
}

pub async fn logout(
    State(state): State<WebState>,
    axum::Extension(session): axum::Extension<Session>,
) -> Response {
    if let Some(token) = session.token {
        let _ = state.app.logout(&token).await;
    }
    let purpose = format!("{PURPOSE_COOKIE}=; Path=/; Max-Age=0");
    (
        [
            (
                header::SET_COOKIE,
                expired_cookie(state.config.secure_cookies),
            ),
            (header::SET_COOKIE, purpose),
        ],
        Redirect::to("/login"),
    )
        .into_response()
}

/// Switches the language (a cookie that sticks) and goes back.
pub async fn switch_language(
    State(state): State<WebState>,
    Path(code): Path<String>,
    Query(q): Query<NextQuery>,
) -> Response {
    let code = super::i18n::Lang::parse(&code)
        .unwrap_or(super::i18n::Lang::Nl)
        .code();
    (
        [long_cookie(LANG_COOKIE, code, state.config.secure_cookies)],
        Redirect::to(&local_path(q.next.as_deref())),
    )
        .into_response()
}

// -- the purpose of reading personal data ------------------------------------------------------

#[derive(Template)]
#[template(path = "purpose.html")]
struct PurposePage {
    ctx: Ctx,
    next: String,
    choices: Vec<&'static str>,
    /// What the user chose or wrote, when the page comes back refused.
    chosen: String,
    other: String,
    error: String,
    /// Whether the error is about the purpose written out (else about the choice).
    at_other: bool,
}

const PURPOSE_CHOICES: [&str; 4] = [
    "purpose.staffing",
    "purpose.duty_of_care",
    "purpose.accountability",
    "purpose.data_subject",
];

pub async fn purpose_form(ctx: Ctx, Query(q): Query<NextQuery>) -> PageResult {
    let choices = PURPOSE_CHOICES.iter().map(|key| ctx.t.get(key)).collect();
    Ok(render(&PurposePage {
        next: local_path(q.next.as_deref()),
        choices,
        chosen: String::new(),
        other: String::new(),
        error: String::new(),
        at_other: false,
        ctx,
    }))
}

#[derive(Deserialize)]
pub struct PurposeForm {
    purpose: Option<String>,
    other: Option<String>,
    next: Option<String>,
}

pub async fn set_purpose(
    State(state): State<WebState>,
    ctx: Ctx,
    Form(form): Form<PurposeForm>,
) -> PageResult {
    let other = form.other.clone().unwrap_or_default();
    let at_other = !other.trim().is_empty();
    let chosen = form
        .other
        .filter(|o| !o.trim().is_empty())
        .or(form.purpose.clone());
    match Purpose::parse(chosen.as_deref()) {
        Ok(purpose) => {
            let value: String =
                serde_urlencoded::to_string([("v", purpose.as_str())]).unwrap_or_default();
            let value = value.trim_start_matches("v=");
            let cookie = format!(
                "{PURPOSE_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict{}",
                if state.config.secure_cookies {
                    "; Secure"
                } else {
                    ""
                }
            );
            Ok((
                [(header::SET_COOKIE, cookie)],
                Redirect::to(&local_path(form.next.as_deref())),
            )
                .into_response())
        }
        Err(v) => {
            let choices = PURPOSE_CHOICES.iter().map(|key| ctx.t.get(key)).collect();
            let error = ctx.message(v.code, &v.message);
            let page = render(&PurposePage {
                next: local_path(form.next.as_deref()),
                choices,
                chosen: form.purpose.unwrap_or_default(),
                other,
                error,
                at_other,
                ctx,
            });
            Ok((axum::http::StatusCode::BAD_REQUEST, page).into_response())
        }
    }
}

/// The purpose stated for this session, or a redirect to state one first.
pub fn purpose_or_ask(ctx: &Ctx) -> Result<Purpose, Redirect> {
    Purpose::parse(ctx.purpose.as_deref()).map_err(|_| {
        let next: String =
            serde_urlencoded::to_string([("next", ctx.path.as_str())]).unwrap_or_default();
        Redirect::to(&format!("/purpose?{next}"))
    })
}

// -- dashboard and overview --------------------------------------------------------------------

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    ctx: Ctx,
    overview: Option<Overview>,
    chart: String,
    attention: Option<Attention>,
    needs_purpose: bool,
    agenda: Option<Agenda>,
}

fn overview_chart(ctx: &Ctx, overview: &Overview) -> String {
    let rows: Vec<(String, i64)> = overview
        .missions
        .iter()
        .map(|m| (m.mission.clone(), m.officers))
        .collect();
    charts::bars(ctx.t.get("overview.chart_title"), &rows)
}

pub async fn dashboard(State(state): State<WebState>, ctx: Ctx) -> PageResult {
    let actor = ctx.signed_in()?;
    let today = state.app.today();
    let overview = if actor.can(Permission::ReportRead) {
        Some(
            state
                .app
                .deployment_overview(&actor, today, None)
                .await
                .or_page(&ctx)?,
        )
    } else {
        None
    };
    let chart = overview
        .as_ref()
        .map(|o| overview_chart(&ctx, o))
        .unwrap_or_default();
    let mut needs_purpose = false;
    let attention = if actor.can(Permission::PersonalRead) {
        match Purpose::parse(ctx.purpose.as_deref()) {
            Ok(purpose) => Some(
                state
                    .app
                    .attention(&actor, today, 30, &purpose)
                    .await
                    .or_page(&ctx)?,
            ),
            Err(_) => {
                needs_purpose = true;
                None
            }
        }
    } else {
        None
    };
    let agenda = if actor.can(Permission::RegistryRead) {
        Some(state.app.agenda(&actor, today, 90).await.or_page(&ctx)?)
    } else {
        None
    };
    Ok(render(&DashboardPage {
        ctx,
        overview,
        chart,
        attention,
        needs_purpose,
        agenda,
    }))
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
    errors: super::FieldErrors,
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
    let mut errors = super::FieldErrors::default();
    if q.format.is_some() {
        match annex_choices(&q) {
            Err(refused) => {
                for v in refused.all() {
                    errors.add(v.field_base(), super::forms::message(&ctx, "annex", v));
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
                            return Err(PageError::from_response(super::error_page(
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
