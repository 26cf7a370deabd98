//! Who is asking: a login session (cookie) or a personal API token (bearer). Also the gate in
//! front of every route, which applies the route table's access rule, and CSRF protection.

use crate::WebState;
use crate::error::ApiError;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use grenzeloos_app::Actor;
use grenzeloos_app::accounts::{Channel, Client};
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::audit::AuditAction;
use std::net::{IpAddr, SocketAddr};

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
    /// A signed-in user one of whose roles grants one of these (the retention list: each
    /// category's decider sees its own; the use case checks per category).
    NeedsAny(&'static [Permission]),
    /// Operations (Prometheus): only with the configured `metrics_token` as bearer token, and
    /// not served at all on this listener without one (the separate `metrics_listen`
    /// address serves it without a token).
    MetricsToken,
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

/// What a form may carry beside an import's file (its other fields, the multipart framing).
const FORM_SLACK: usize = 64 * 1024;

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
    if access == Access::MetricsToken {
        return match &state.config.metrics_token {
            None => crate::not_found().await.into_response(),
            Some(expected)
                if bearer(request.headers())
                    .is_some_and(|sent| same_secret(sent, expected.expose())) =>
            {
                next.run(request).await
            }
            Some(_) => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "the metrics need the metrics token as bearer token",
            )
            .into_response(),
        };
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
                // The largest form is the import's: refused before it is read when larger.
                let limit = state.config.max_import_bytes.saturating_add(FORM_SLACK);
                let (parts, body) = request.into_parts();
                let bytes = match crate::upload(&parts.headers, body, limit).await {
                    Ok(bytes) => bytes,
                    Err(error) => return error.into_response(),
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
    let needed = match access {
        Access::Needs(permission) => Some(permission),
        // Refused with the first when the actor holds none of them.
        Access::NeedsAny(any) => any
            .iter()
            .all(|p| !actor.can(*p))
            .then(|| any.first().copied())
            .flatten(),
        _ => None,
    };
    if let Some(permission) = needed {
        // The path only (ids, never the query, which may hold a typed purpose).
        let route = format!("{} {}", request.method(), request.uri().path());
        if let Err(error) = state
            .app
            .authorize(&actor, permission, AuditAction::RouteOpen, &route)
            .await
        {
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

// -- who is asking, and from where --------------------------------------------------------------

/// The client behind a request, for the sign-in throttle and a token's origin.
///
/// The address is the TCP peer's. Only when the peer is one of the configured trusted proxies
/// does `X-Forwarded-For` count: its right-most address that is not itself a trusted proxy (the
/// left part is whatever the client wrote). Anyone else could write any address there.
pub struct Caller(pub Client);

impl FromRequestParts<WebState> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip().to_canonical());
        let address =
            peer.map(|peer| client_address(peer, &parts.headers, &state.config.trusted_proxies));
        let agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| agent_family(ua).to_string());
        Ok(Caller(Client {
            address,
            agent,
            channel: Channel::Browser,
        }))
    }
}

/// The client's address: `peer`, or what a trusted proxy says in `X-Forwarded-For`.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in forwarded.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(address) => {
                client = address.to_canonical();
                if !trusted.contains(&client) {
                    break;
                }
            }
            // A hop that is not an address: what lies left of it cannot be trusted either.
            Err(_) => break,
        }
    }
    client
}

/// The family of a user agent, for the tokens list: enough to recognise one's own browser or
/// script, without keeping the full header (which fingerprints a person).
pub fn agent_family(user_agent: &str) -> &'static str {
    // The order matters: Edge and Opera also say Chrome, and Chrome also says Safari.
    const FAMILIES: &[(&str, &str)] = &[
        ("Edg/", "Edge"),
        ("Edge/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
        ("Wget/", "Wget"),
        ("python-requests/", "Python"),
        ("python-httpx/", "Python"),
        ("Python-urllib/", "Python"),
        ("PowerShell/", "PowerShell"),
        ("Go-http-client/", "Go"),
        ("reqwest", "reqwest"),
    ];
    FAMILIES
        .iter()
        .find(|(marker, _)| user_agent.contains(marker))
        .map_or("other", |(_, family)| family)
}

/// Whether a sign-in comes from this site's own page or from no web page at all (a script):
/// the sign-in form has no session yet to carry a CSRF token, so a form posted from another
/// site, which would sign the user in to the attacker's account, is told apart by the
/// browser's own headers. `Sec-Fetch-Site` when the browser sends it; otherwise `Origin`, and
/// failing that `Referer`, must name the host the request was sent to. Browsers send `Origin`
/// with every cross-origin POST, so a request with neither comes from no page.
pub fn sign_in_from_this_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(source) = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
    else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let authority = source
        .to_str()
        .ok()
        .and_then(|url| url.split_once("://"))
        .and_then(|(_, rest)| rest.split(['/', '?', '#']).next());
    matches!((authority, host), (Some(a), Some(h)) if a.eq_ignore_ascii_case(h))
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
    fn forwarded_addresses_count_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 203.0.113.7, 10.0.0.3"),
        );
        let other: IpAddr = "198.51.100.1".parse().unwrap();
        assert_eq!(client_address(other, &headers, &[proxy]), other);
        let trusted = [proxy, "10.0.0.3".parse().unwrap()];
        assert_eq!(
            client_address(proxy, &headers, &trusted),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("junk, 203.0.113.9"),
        );
        assert_eq!(
            client_address(proxy, &headers, &trusted),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("203.0.113.9, junk"),
        );
        assert_eq!(client_address(proxy, &headers, &trusted), proxy);
    }

    #[test]
    fn user_agents_are_known_by_their_family() {
        for (ua, family) in [
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
                "Firefox",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0",
                "Edge",
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0 Safari/537.36",
                "Chrome",
            ),
            (
                "Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
                "Safari",
            ),
            ("curl/8.5.0", "curl"),
            ("python-requests/2.31", "Python"),
            ("my script", "other"),
        ] {
            assert_eq!(agent_family(ua), family, "{ua}");
        }
    }

    #[test]
    fn sign_in_is_accepted_from_this_site_or_from_no_page() {
        let with = |pairs: &[(&'static str, &'static str)]| {
            let mut headers = HeaderMap::new();
            headers.insert(header::HOST, HeaderValue::from_static("node.example:8080"));
            for (name, value) in pairs {
                headers.insert(*name, HeaderValue::from_static(value));
            }
            sign_in_from_this_site(&headers)
        };
        assert!(with(&[]));
        assert!(with(&[("sec-fetch-site", "same-origin")]));
        assert!(with(&[("sec-fetch-site", "none")]));
        assert!(!with(&[("sec-fetch-site", "cross-site")]));
        assert!(!with(&[("sec-fetch-site", "same-site")]));
        assert!(with(&[("origin", "https://node.example:8080")]));
        assert!(!with(&[("origin", "https://evil.example")]));
        assert!(!with(&[("origin", "null")]));
        assert!(!with(&[(
            "origin",
            "https://node.example:8080.evil.example"
        )]));
        assert!(with(&[(
            "referer",
            "https://node.example:8080/login?next=/"
        )]));
        assert!(!with(&[(
            "referer",
            "https://evil.example/node.example:8080"
        )]));
        // Origin decides over Referer.
        assert!(!with(&[
            ("origin", "https://evil.example"),
            ("referer", "https://node.example:8080/login")
        ]));
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
