//! Page handlers: each reads its input, calls use cases, and renders a template.

use super::{Ctx, LANG_COOKIE, PURPOSE_COOKIE, app_error, charts, long_cookie, render};
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

pub async fn login_form(ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    let next = local_path(q.next.as_deref());
    render(&LoginPage {
        ctx,
        next,
        username: String::new(),
        error: String::new(),
    })
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
) -> Response {
    if !sign_in_from_this_site(&headers) {
        let message = ctx.t.get("error.forbidden_text").to_string();
        return super::error_page(
            ctx,
            axum::http::StatusCode::FORBIDDEN,
            "error.forbidden",
            message,
        );
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
            ([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response()
        }
        // One page for every refusal (see App::login): the same status and body whether the
        // account is unknown, the password wrong or the attempt has to wait.
        Err(AppError::Invalid(_)) => {
            let error = ctx.t.get("login.failed").to_string();
            (
                axum::http::StatusCode::UNAUTHORIZED,
                render(&LoginPage {
                    ctx,
                    next,
                    username: form.username,
                    error,
                }),
            )
                .into_response()
        }
        Err(other) => app_error(ctx, other),
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
    error: String,
}

const PURPOSE_CHOICES: [&str; 4] = [
    "purpose.staffing",
    "purpose.duty_of_care",
    "purpose.accountability",
    "purpose.data_subject",
];

pub async fn purpose_form(ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    let choices = PURPOSE_CHOICES.iter().map(|key| ctx.t.get(key)).collect();
    render(&PurposePage {
        next: local_path(q.next.as_deref()),
        choices,
        error: String::new(),
        ctx,
    })
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
) -> Response {
    let chosen = form.other.filter(|o| !o.trim().is_empty()).or(form.purpose);
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
            (
                [(header::SET_COOKIE, cookie)],
                Redirect::to(&local_path(form.next.as_deref())),
            )
                .into_response()
        }
        Err(v) => {
            let choices = PURPOSE_CHOICES.iter().map(|key| ctx.t.get(key)).collect();
            let error = ctx.message(v.code, &v.message);
            render(&PurposePage {
                next: local_path(form.next.as_deref()),
                choices,
                error,
                ctx,
            })
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

pub async fn dashboard(State(state): State<WebState>, ctx: Ctx) -> Response {
    let Some(actor) = ctx.actor.clone() else {
        return Redirect::to("/login").into_response();
    };
    let today = state.app.today();
    let overview = if actor.can(Permission::ReportRead) {
        match state.app.deployment_overview(&actor, today, None).await {
            Ok(overview) => Some(overview),
            Err(error) => return app_error(ctx, error),
        }
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
            Ok(purpose) => match state.app.attention(&actor, today, 30, &purpose).await {
                Ok(attention) => Some(attention),
                Err(error) => return app_error(ctx, error),
            },
            Err(_) => {
                needs_purpose = true;
                None
            }
        }
    } else {
        None
    };
    let agenda = if actor.can(Permission::RegistryRead) {
        match state.app.agenda(&actor, today, 90).await {
            Ok(agenda) => Some(agenda),
            Err(error) => return app_error(ctx, error),
        }
    } else {
        None
    };
    render(&DashboardPage {
        ctx,
        overview,
        chart,
        attention,
        needs_purpose,
        agenda,
    })
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
) -> Response {
    let Some(actor) = ctx.actor.clone() else {
        return Redirect::to("/login").into_response();
    };
    let show_station = q.column.as_deref() != Some("country");
    let as_of_input = q
        .as_of
        .clone()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| state.app.today().to_string());
    let (overview, error) = match parse_date("as_of", &as_of_input) {
        Ok(as_of) => match state.app.deployment_overview(&actor, as_of, None).await {
            Ok(overview) => (Some(overview), String::new()),
            Err(error) => return app_error(ctx, error),
        },
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
    (status, render(&page)).into_response()
}

#[derive(Template)]
#[template(path = "annex.html")]
struct AnnexPage {
    ctx: Ctx,
    periods: Vec<String>,
    period: String,
    as_of: String,
}

/// The half-year annex: choose the half year, the reference date and the format; the document
/// itself comes from the report API.
pub async fn annex(ctx: Ctx) -> Response {
    let _actor = signed_in!(ctx);
    // The half year just ended is the one being reported on; offer the last six.
    let mut half = grenzeloos_domain::time::HalfYear::of(ctx.today);
    let mut periods = Vec::new();
    for _ in 0..6 {
        periods.push(half.code());
        half = half.previous();
    }
    let period = periods.get(1).cloned().unwrap_or_default();
    let page = AnnexPage {
        ctx,
        periods,
        period,
        as_of: String::new(),
    };
    render(&page).into_response()
}
