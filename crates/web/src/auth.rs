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

/// Whether a route answers with JSON (the API) or HTML (a page of the UI).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Api,
    Page,
}

/// The largest form body the gate reads to find its CSRF field.
const MAX_FORM: usize = 16 * 1024 * 1024;

/// The value of form field `name` in a URL-encoded or multipart body.
fn form_field(content_type: &str, body: &[u8], name: &str) -> Option<String> {
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
            .ok()?
            .into_iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value);
    }
    if content_type.starts_with("multipart/form-data") {
        let marker = format!("name=\"{name}\"\r\n\r\n");
        let start = body
            .windows(marker.len())
            .position(|w| w == marker.as_bytes())?
            + marker.len();
        let rest = &body[start..];
        let end = rest.windows(2).position(|w| w == b"\r\n")?;
        return String::from_utf8(rest[..end].to_vec()).ok();
    }
    None
}

/// The gate: applies `access`, checks CSRF for cookie sessions, and hands the actor on.
/// An API route answers a refusal with JSON; a page sends the browser to sign in, or shows
/// a page that explains the refusal.
pub async fn gate(
    State(state): State<WebState>,
    access: Access,
    kind: Kind,
    request: Request,
    next: Next,
) -> Response {
    if access == Access::Public {
        return next.run(request).await;
    }
    let (actor, session) = match authenticate(&state, request.headers()).await {
        Ok(found) => found,
        Err(error) if kind == Kind::Page => {
            let target: String = serde_urlencoded::to_string([(
                "next",
                request.uri().path_and_query().map_or("/", |p| p.as_str()),
            )])
            .unwrap_or_default();
            let _ = error;
            return axum::response::Redirect::to(&format!("/login?{target}")).into_response();
        }
        Err(error) => return error.into_response(),
    };
    let mut request = request;
    if let Some(expected) = session.csrf_token.clone()
        && changes_state(request.method())
    {
        let header = request
            .headers()
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let sent = match header {
            Some(sent) => sent,
            None if kind == Kind::Page => {
                let content_type = request
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                let (parts, body) = request.into_parts();
                let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM).await else {
                    return ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "too_large",
                        "the form is too large",
                    )
                    .into_response();
                };
                let sent = form_field(&content_type, &bytes, "_csrf").unwrap_or_default();
                request = Request::from_parts(parts, axum::body::Body::from(bytes));
                sent
            }
            None => String::new(),
        };
        if !same_secret(&sent, &expected) {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                "csrf",
                format!("a change made with a session cookie needs the {CSRF_HEADER} header (or the form's _csrf field) of this session"),
            )
            .into_response();
        }
    }
    if let Access::Needs(permission) = access {
        let action = format!("{} {}", request.method(), request.uri().path());
        if let Err(error) = state.app.authorize(&actor, permission, &action).await {
            if kind == Kind::Page {
                return crate::ui::forbidden(request.headers(), actor, session, state.app.today());
            }
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
    fn the_csrf_field_is_found_in_both_form_encodings() {
        assert_eq!(
            form_field(
                "application/x-www-form-urlencoded",
                b"a=1&_csrf=abc&b=2",
                "_csrf"
            )
            .as_deref(),
            Some("abc")
        );
        let multipart = b"--X\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc\r\n--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nx\r\n--X--\r\n";
        assert_eq!(
            form_field("multipart/form-data; boundary=X", multipart, "_csrf").as_deref(),
            Some("abc")
        );
        assert_eq!(form_field("application/json", b"{}", "_csrf"), None);
        assert_eq!(
            form_field("application/x-www-form-urlencoded", b"a=1", "_csrf"),
            None
        );
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
