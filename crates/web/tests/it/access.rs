//! Walks every route of the table: anonymous requests and requests by each role without the
//! route's permission are refused; roles with it get past the gate.

use crate::nodes;
use grenzeloos_domain::access::{Role, allows};
use grenzeloos_web::auth::{Access, Kind};
use grenzeloos_web::routes::routes;

fn concrete(path: &str) -> String {
    path.replace("{id}", "00000000-0000-0000-0000-000000000000")
}

#[tokio::test]
async fn every_route_refuses_whoever_lacks_its_permission() {
    for node in nodes().await {
        let mut walked = 0;
        for route in routes() {
            let (label, url) = (
                format!("{}: {} {}", node.backend, route.method, route.path),
                node.url(&concrete(route.path)),
            );
            let method = reqwest::Method::from_bytes(route.method.as_str().as_bytes()).unwrap();
            let answer = node
                .http
                .request(method.clone(), &url)
                .send()
                .await
                .unwrap();
            let anonymous = answer.status().as_u16();
            let location = answer
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_string())
                .unwrap_or_default();
            let permission = match route.access {
                Access::Public => {
                    assert_ne!(anonymous, 401, "{label} is public");
                    continue;
                }
                // Without a metrics token configured (these nodes have none) it is not served
                // here at all, to anyone (the security tests configure one).
                Access::MetricsToken => {
                    assert_eq!(anonymous, 404, "{label}: anonymous");
                    for role in Role::ALL {
                        let status = node
                            .as_role(role, node.http.request(method.clone(), &url))
                            .send()
                            .await
                            .unwrap()
                            .status()
                            .as_u16();
                        assert_eq!(status, 404, "{label}: {role}");
                    }
                    continue;
                }
                Access::SignedIn => None,
                Access::Needs(permission) => Some(vec![permission]),
                Access::NeedsAny(any) => Some(any.to_vec()),
            };
            match route.kind {
                Kind::Api => assert_eq!(anonymous, 401, "{label}: anonymous"),
                // A page sends the browser to sign in first.
                Kind::Page => assert!(
                    anonymous == 303 && location.starts_with("/login?next="),
                    "{label}: anonymous got {anonymous}"
                ),
            }
            for role in Role::ALL {
                let status = node
                    .as_role(role, node.http.request(method.clone(), &url))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16();
                let allowed = permission
                    .as_ref()
                    .is_none_or(|any| any.iter().any(|p| allows(&[role], *p)));
                if allowed {
                    assert!(
                        status != 401 && status != 403,
                        "{label}: {role} was refused ({status})"
                    );
                } else {
                    assert_eq!(status, 403, "{label}: {role} got past the gate");
                }
                assert!(status < 500, "{label}: {role} got {status}");
            }
            walked += 1;
        }
        assert!(walked >= 30, "only {walked} protected routes were walked");
    }
}

#[tokio::test]
async fn a_forged_or_missing_credential_is_refused() {
    for node in nodes().await {
        let url = node.url("/api/v1/missions");
        for auth in [
            "Bearer gzl_0000",
            "Bearer nonsense",
            "Basic YWRtaW46YWRtaW4=",
        ] {
            let status = node
                .http
                .get(&url)
                .header("authorization", auth)
                .send()
                .await
                .unwrap()
                .status();
            assert_eq!(status, 401, "{}: {auth}", node.backend);
        }
        let status = node
            .http
            .get(&url)
            .header("cookie", "grenzeloos_session=deadbeef")
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 401, "{}", node.backend);
    }
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    for node in nodes().await {
        let doc: serde_json::Value = node
            .http
            .get(node.url("/api/v1/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        // `/metrics` is Prometheus text for the monitoring, not part of the JSON API.
        assert!(doc["paths"]["/metrics"].is_null());
        for route in routes().into_iter().filter(|r| {
            r.kind == grenzeloos_web::auth::Kind::Api
                && r.access != grenzeloos_web::auth::Access::MetricsToken
        }) {
            let operation = &doc["paths"][route.path][route.method.as_str().to_lowercase()];
            assert!(
                operation.is_object(),
                "{} {} missing from the OpenAPI document",
                route.method,
                route.path
            );
        }
        let input = &doc["components"]["schemas"]["DeploymentInput"]["properties"];
        assert!(input["consent_date"].is_object(), "{}", node.backend);
        // The status of a record changes with its date, or as a whole history.
        let agreement = &doc["components"]["schemas"]["AgreementInput"]["properties"];
        for field in [
            "status_from",
            "status_history",
            "applies_from",
            "replaced_by",
            "articles",
        ] {
            assert!(agreement[field].is_object(), "{}: {field}", node.backend);
        }
        let step = &doc["components"]["schemas"]["StatusChangeInput"]["properties"];
        assert!(
            step["from"].is_object() && step["status"].is_object(),
            "{step}"
        );
    }
}
