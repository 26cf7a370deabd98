//! Grenzeloos web: the HTML interface and the JSON API under `/api/v1`, over the use cases.
//!
//! Every route is declared once in [`routes::routes`]; the router, the access gate in front of
//! each route, the OpenAPI document and the access test are built from that table.

pub mod api;
pub mod auth;
pub mod error;
pub mod extract;
pub mod metrics;
pub mod openapi;
pub mod redirect;
pub mod routes;
pub mod ui;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::MethodRouter;
use grenzeloos_app::App;
use std::collections::BTreeMap;
use std::future::IntoFuture;
use std::sync::Arc;
use tower_http::set_header::SetResponseHeaderLayer;

/// Settings of the web adapter.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` and send HSTS: set when the node is served over HTTPS.
    pub secure_cookies: bool,
    /// Proxies whose `X-Forwarded-For` names the client (for sign-in throttling); from any
    /// other peer the header is ignored.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The bearer token that opens `/metrics` on the main listener; without one it is not
    /// served there (only on a separate metrics listener, if any).
    pub metrics_token: Option<Secret>,
    /// The largest CSV file an import accepts, in bytes; a larger one is refused with 413
    /// before it is read.
    pub max_import_bytes: usize,
}

/// The default of [`WebConfig::max_import_bytes`]: 10 MiB, room for the largest import
/// (50,000 rows) at 200 bytes a row.
pub const DEFAULT_MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: false,
            trusted_proxies: Vec::new(),
            metrics_token: None,
            max_import_bytes: DEFAULT_MAX_IMPORT_BYTES,
        }
    }
}

/// A secret setting: compared, never printed (its `Debug` shows `***`).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

#[derive(Clone)]
pub struct WebState {
    pub app: App,
    pub config: WebConfig,
    pub metrics: Arc<metrics::Metrics>,
    pub openapi: Arc<serde_json::Value>,
}

/// The largest request body the extractors accept (JSON, forms); an import has its own
/// limit, [`WebConfig::max_import_bytes`].
const MAX_BODY: usize = 16 * 1024 * 1024;

/// The body of an upload of at most `limit` bytes: refused with 413 at once when its
/// Content-Length says it is larger, else as soon as the bytes streamed in pass the limit
/// (a chunked upload has no length to check first).
pub(crate) async fn upload(
    headers: &axum::http::HeaderMap,
    body: axum::body::Body,
    limit: usize,
) -> error::ApiResult<axum::body::Bytes> {
    if declared_length(headers).is_some_and(|length| length > limit) {
        return Err(too_large(limit));
    }
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => Ok(bytes),
        Err(error) if past_limit(&error) => Err(too_large(limit)),
        Err(_) => Err(error::ApiError::bad_request(
            "invalid_upload",
            "the upload broke off or is not valid HTTP",
        )),
    }
}

/// The Content-Length a request declares.
pub(crate) fn declared_length(headers: &axum::http::HeaderMap) -> Option<usize> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Whether reading a body stopped because it passed its limit.
pub(crate) fn past_limit(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(e) = cause {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = e.source();
    }
    false
}

pub(crate) fn too_large(limit: usize) -> error::ApiError {
    error::ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        format!(
            "the file is larger than this node accepts ({} bytes; setting max_import_bytes); split it",
            limit
        ),
    )
}

fn state(app: App, config: WebConfig) -> WebState {
    WebState {
        app,
        config,
        metrics: Arc::new(metrics::Metrics::default()),
        openapi: Arc::new(openapi::build()),
    }
}

/// Builds the complete router of a node.
pub fn router(app: App, config: WebConfig) -> Router {
    router_of(state(app, config))
}

/// The router of the separate metrics listener: the routes of the table that need the metrics
/// token, served there without it (the listener's address is the access control), with the
/// main router's counts.
fn metrics_router(state: WebState) -> Router {
    let mut router = Router::new();
    for route in routes::routes()
        .into_iter()
        .filter(|r| r.access == auth::Access::MetricsToken)
    {
        router = router.route(route.path, route.handler);
    }
    router.fallback(not_found).with_state(state)
}

fn router_of(state: WebState) -> Router {
    let config = state.config.clone();
    let mut by_path: BTreeMap<&'static str, MethodRouter<WebState>> = BTreeMap::new();
    for route in routes::routes() {
        let (access, kind) = (route.access, route.kind);
        let gated = route
            .handler
            .route_layer(axum::middleware::from_fn_with_state(
                state.clone(),
                move |state, request, next| auth::gate(state, access, kind, request, next),
            ));
        let merged = match by_path.remove(route.path) {
            Some(existing) => existing.merge(gated),
            None => gated,
        };
        by_path.insert(route.path, merged);
    }
    let mut router = Router::new();
    for (path, method_router) in by_path {
        router = router.route(path, method_router);
    }
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    let mut router = router
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ))
        .layer(header(HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()"))
        .layer(header(HeaderName::from_static("cross-origin-opener-policy"), "same-origin"))
        .layer(header(header::CACHE_CONTROL, "no-store"));
    if config.secure_cookies {
        router = router.layer(header(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ));
    }
    router.with_state(state)
}

pub(crate) async fn not_found() -> error::ApiError {
    error::ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "there is no such page or endpoint",
    )
}

/// Liveness: 200 when every domain's database answers.
pub async fn healthz(State(state): State<WebState>) -> impl IntoResponse {
    for store in state.app.domains().iter() {
        if let Err(error) = store.ping().await {
            let domain = store.domain();
            tracing::error!(%error, %domain, "health check: database does not answer");
            return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n");
        }
    }
    (StatusCode::OK, "ok\n")
}

/// Serves the node on `listener` until Ctrl-C or SIGTERM.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: App,
    config: WebConfig,
) -> std::io::Result<()> {
    serve_with_metrics(listener, None, app, config).await
}

/// Serves the node on `listener`, and its metrics without a token on `metrics` (an address
/// only the monitoring can reach), until Ctrl-C or SIGTERM.
pub async fn serve_with_metrics(
    listener: tokio::net::TcpListener,
    metrics: Option<tokio::net::TcpListener>,
    app: App,
    config: WebConfig,
) -> std::io::Result<()> {
    let state = state(app, config);
    // The peer's address goes with each request, for the sign-in throttle.
    let main = axum::serve(
        listener,
        router_of(state.clone()).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal());
    match metrics {
        None => main.await,
        Some(metrics) => {
            let metrics = axum::serve(metrics, metrics_router(state))
                .with_graceful_shutdown(shutdown_signal());
            tokio::try_join!(main.into_future(), metrics.into_future()).map(|_| ())
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
