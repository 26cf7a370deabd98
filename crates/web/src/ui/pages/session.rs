//! Signing in and out, the language, and the purpose stated before reading personal data.

use crate::WebState;
use crate::auth::Access::{Public, SignedIn};
use crate::auth::{Caller, Session, expired_cookie, session_cookie, sign_in_from_this_site};
use crate::redirect::local_path;
use crate::routes::{Route, route};
use crate::ui::{Ctx, LANG_COOKIE, PURPOSE_COOKIE, PageError, PageResult, long_cookie, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::Method as M;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use grenzeloos_app::AppError;
use grenzeloos_domain::access::Purpose;
use serde::Deserialize;

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    let routes = vec![
        route(M::GET, "/login", Public, "Sign-in page", login_form),
        route(M::POST, "/login", Public, "Sign in", login),
        route(M::POST, "/logout", SignedIn, "Sign out", logout),
        route(
            M::GET,
            "/lang/{code}",
            Public,
            "Switch the language (nl, en)",
            switch_language,
        ),
        route(
            M::GET,
            "/purpose",
            SignedIn,
            "State the purpose of reading personal data",
            purpose_form,
        ),
        route(
            M::POST,
            "/purpose",
            SignedIn,
            "Set the purpose for this session",
            set_purpose,
        ),
    ];
    routes
}

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
        return Err(PageError::from_response(crate::ui::error_page(
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
    let code = crate::ui::i18n::Lang::parse(&code)
        .unwrap_or(crate::ui::i18n::Lang::Nl)
        .code();
    (
        [long_cookie(LANG_COOKIE, code, state.config.secure_cookies)],
        Redirect::to(&local_path(q.next.as_deref())),
    )
        .into_response()
}

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
