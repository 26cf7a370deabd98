//! Walks every route of the table: anonymous requests and requests by each role without the
//! route's permission are refused; roles with it get past the gate.

use crate::nodes;
use grenzeloos_domain::access::{Role, allows};
use grenzeloos_web::auth::Access;
use grenzeloos_web::routes::routes;

fn concrete(path: &str) -> String {
    path.replace("{id}", "00000000-0000-0000-0000-000000000000")
}

#[tokio::test]
async fn every_route_refuses_whoever_lacks_its_permission() {
    for node in nodes().await {
        let mut walked = 0;
        for route in routes() {
            let url = node.url(&concrete(route.path));
            let method = reqwest::Method::from_bytes(route.method.as_str().as_bytes()).unwrap();
            let anonymous = node
                .http
                .request(method.clone(), &url)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            let permission = match route.access {
                Access::Public => {
                    assert_ne!(
                        anonymous, 401,
                        "{}: {} {} is public",
                        node.backend, route.method, route.path
                    );
                    continue;
                }
                Access::SignedIn => None,
                Access::Needs(permission) => Some(permission),
            };
            assert_eq!(
                anonymous, 401,
                "{}: anonymous {} {}",
                node.backend, route.method, route.path
            );
            for role in Role::ALL {
                let status = node
                    .as_role(role, node.http.request(method.clone(), &url))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16();
                let allowed = permission.is_none_or(|p| allows(&[role], p));
                if allowed {
                    assert!(
                        status != 401 && status != 403,
                        "{}: {role} was refused {} {} ({status})",
                        node.backend,
                        route.method,
                        route.path
                    );
                } else {
                    assert_eq!(
                        status, 403,
                        "{}: {role} reached {} {}",
                        node.backend, route.method, route.path
                    );
                }
                assert!(
                    status < 500,
                    "{}: {role} {} {} gave {status}",
                    node.backend,
                    route.method,
                    route.path
                );
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
        for route in routes() {
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
    }
}
