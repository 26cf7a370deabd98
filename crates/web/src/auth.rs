//! Who is asking: a login session (cookie) or a personal API token (bearer). Also the gate in
//! front of every route, which applies the route table's access rule, and CSRF protection.

use crate::WebState;
use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use grenzeloos_app::Actor;
use grenzeloos_domain::access::Permission;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "grenzeloos_session";
/// The header a cookie-authenticated client sends with every change (the API's CSRF guard).
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user.
    SignedIn,
    /// A signed-in user one of whose roles grants this.
    Needs(Permission),
}

/// How the request was authenticated.
#[derive(Debug, Clone)]
pub struct Session {
    /// The cookie's secret when signed in by cookie; `None` for an API token.
    pub token: Option<String>,
    pub csrf_token: Option<String>,
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// The actor behind the request's credentials.
pub async fn authenticate(
    state: &WebState,
    headers: &HeaderMap,
) -> Result<(Actor, Session), ApiError> {
    if let Some(token) = bearer(headers) {
        let actor = state.app.token_actor(token).await?;
        return Ok((
            actor,
            Session {
                token: None,
                csrf_token: None,
            },
        ));
    }
    if let Some(token) = cookie(headers, SESSION_COOKIE) {
        let (actor, csrf) = state.app.session(&token).await?;
        return Ok((
            actor,
            Session {
                token: Some(token),
                csrf_token: Some(csrf),
            },
        ));
    }
    Err(ApiError::from(grenzeloos_app::AppError::Unauthenticated))
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Equal in constant time, so the comparison does not leak how much of a token was right.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The gate: applies `access`, checks CSRF for cookie sessions, and hands the actor on.
pub async fn gate(
    State(state): State<WebState>,
    access: Access,
    mut request: Request,
    next: Next,
) -> Response {
    if access == Access::Public {
        return next.run(request).await;
    }
    let (actor, session) = match authenticate(&state, request.headers()).await {
        Ok(found) => found,
        Err(error) => return error.into_response(),
    };
    if let Some(expected) = &session.csrf_token
        && changes_state(request.method())
    {
        let sent = request
            .headers()
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !same_secret(sent, expected) {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                "csrf",
                format!("a change made with a session cookie needs the {CSRF_HEADER} header from the login response"),
            )
            .into_response();
        }
    }
    if let Access::Needs(permission) = access {
        let action = format!("{} {}", request.method(), request.uri().path());
        if let Err(error) = state.app.authorize(&actor, permission, &action).await {
            return ApiError::from(error).into_response();
        }
    }
    request.extensions_mut().insert(actor);
    request.extensions_mut().insert(session);
    next.run(request).await
}

/// The Set-Cookie value that starts a session.
pub fn session_cookie(token: &str, max_age_seconds: i64, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_seconds}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The Set-Cookie value that ends it.
pub fn expired_cookie(secure: bool) -> String {
    session_cookie("", 0, secure)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; grenzeloos_session=abc; b=2"),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&headers, "c"), None);
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert!(!same_secret("", "a"));
    }

    #[test]
    fn the_session_cookie_is_locked_down() {
        let c = session_cookie("t", 60, true);
        for part in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
            assert!(c.contains(part), "{c}");
        }
        assert!(!session_cookie("t", 60, false).contains("Secure"));
    }
}
