//! Prometheus metrics: requests and their durations per route and status. Counts only, no
//! personal data (routes are the table's patterns, never concrete ids).
//!
//! Every label has a bounded set of values — a known method or `other`, a route template of
//! the table or `unmatched`, a status code — so that no request, signed in or not, can add
//! series: invented methods and paths once grew the metrics without end.

use crate::WebState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

/// Method, route pattern and status of answered requests.
type Key = (String, String, u16);

#[derive(Default)]
pub struct Metrics {
    /// Per key: how many requests, and the seconds spent on them.
    requests: Mutex<BTreeMap<Key, (u64, f64)>>,
}

impl Metrics {
    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        if let Ok(mut requests) = self.requests.lock() {
            let entry = requests
                .entry((method.to_string(), route.to_string(), status))
                .or_default();
            entry.0 += 1;
            entry.1 += seconds;
        }
    }

    pub fn text(&self) -> String {
        let mut out = String::from(
            "# HELP grenzeloos_http_requests_total HTTP requests by method, route and status.\n# TYPE grenzeloos_http_requests_total counter\n",
        );
        let requests = self.requests.lock().map(|r| r.clone()).unwrap_or_default();
        for ((method, route, status), (count, _)) in &requests {
            out.push_str(&format!("grenzeloos_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {count}\n"));
        }
        out.push_str("# HELP grenzeloos_http_request_duration_seconds_sum Time spent answering, by method, route and status.\n# TYPE grenzeloos_http_request_duration_seconds_sum counter\n");
        for ((method, route, status), (_, seconds)) in &requests {
            out.push_str(&format!(
                "grenzeloos_http_request_duration_seconds_sum{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {seconds:.6}\n"
            ));
        }
        out
    }
}

/// The method label: one of the standard methods, else `other`.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

pub async fn track(State(state): State<WebState>, request: Request, next: Next) -> Response {
    let method = method_label(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched".to_string(), |p| p.as_str().to_string());
    let started = Instant::now();
    let response = next.run(request).await;
    state.metrics.observe(
        method,
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

pub async fn render(State(state): State<WebState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.text(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invented_methods_share_one_label() {
        assert_eq!(method_label(&Method::GET), "GET");
        for invented in ["FOO", "get", "PROPFIND", "X".repeat(200).as_str()] {
            let method = Method::from_bytes(invented.as_bytes()).unwrap();
            assert_eq!(method_label(&method), "other", "{invented}");
        }
    }
}
