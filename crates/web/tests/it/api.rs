//! The API's answers: shapes, statuses and messages, including every kind of bad input.

use crate::{Node, nodes};
use grenzeloos_domain::access::Role;
use reqwest::Method;
use serde_json::{Value, json};

async fn error(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(
        response.status().as_u16(),
        status,
        "{:?}",
        response.text().await
    );
    response.json().await.unwrap()
}

async fn mission_id(node: &Node, name: &str) -> String {
    let missions: Value = node
        .get(Role::Policy, "/api/v1/missions")
        .await
        .json()
        .await
        .unwrap();
    missions
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == name)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn new_officer(node: &Node, number: &str) -> String {
    let body = json!({"personnel_number": number, "given_name": "Test", "family_name": "Persoon", "gender": "female"});
    let created: Value = node
        .send_json(Role::Deployment, Method::POST, "/api/v1/officers", body)
        .await
        .json()
        .await
        .unwrap();
    created["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_overview_answers_as_the_seeds_print_it() {
    for node in nodes().await {
        let body: Value = node
            .get(Role::Policy, "/api/v1/reports/deployments?as_of=2023-11-24")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            (
                body["total"].as_i64(),
                body["missions"].as_array().unwrap().len()
            ),
            (Some(28), 11),
            "{}",
            node.backend
        );
        let body: Value = node
            .get(
                Role::Policy,
                "/api/v1/reports/deployments?as_of=2024-04-17&format=json",
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            (
                body["total"].as_i64(),
                body["missions"].as_array().unwrap().len()
            ),
            (Some(26), 12),
            "{}",
            node.backend
        );
        let csv = node
            .get(
                Role::Policy,
                "/api/v1/reports/deployments?as_of=2024-04-17&format=csv",
            )
            .await;
        assert!(
            csv.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        assert!(csv.text().await.unwrap().ends_with("Totaal,,,26\n"));
        let md = node
            .get(
                Role::Policy,
                "/api/v1/reports/deployments?as_of=2024-04-17&format=md",
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(
            md.contains("(peildatum 17 april 2024)") && md.contains("| **Totaal** | | | **26** |"),
            "{md}"
        );
    }
}

#[tokio::test]
async fn bad_report_parameters_are_400_with_the_field() {
    for node in nodes().await {
        for (query, field) in [
            ("as_of=2024-02-30", "as_of"),
            ("as_of=2024-01-01&format=pdf", "format"),
            ("as_of=2024-01-01&as_recorded_at=later", "as_recorded_at"),
        ] {
            let body = error(
                node.get(
                    Role::Policy,
                    &format!("/api/v1/reports/deployments?{query}"),
                )
                .await,
                400,
            )
            .await;
            assert_eq!(body["field"], field, "{}: {query}", node.backend);
            assert!(body["message"].as_str().unwrap().len() > 10);
        }
    }
}

#[tokio::test]
async fn invalid_deployments_get_4xx_at_the_field_and_nothing_is_written() {
    for node in nodes().await {
        let kosovo = mission_id(&node, "EULEX Kosovo").await;
        let officer = new_officer(&node, "API-1").await;
        let base = json!({"officer_id": officer, "mission_id": kosovo, "function": "Adviseur", "start": "2025-01-01", "end": "2025-12-31", "status": "deployed", "consent_date": "2024-12-01"});
        let with = |key: &str, value: Value| {
            let mut body = base.clone();
            body[key] = value;
            body
        };
        let cases = [
            (
                with("consent_date", Value::Null),
                422,
                "consent_missing",
                "consent_date",
            ),
            (
                with("start", json!("01-01-2025")),
                400,
                "invalid_date",
                "start",
            ),
            (
                with("end", json!("2024-06-30")),
                422,
                "end_before_start",
                "end",
            ),
            (
                with("mission_id", json!("no-such-mission")),
                422,
                "unknown_mission",
                "mission_id",
            ),
            (
                with("status", json!("holiday")),
                400,
                "invalid_choice",
                "status",
            ),
        ];
        for (body, status, code, field) in cases {
            let answer = error(
                node.send_json(Role::Deployment, Method::POST, "/api/v1/deployments", body)
                    .await,
                status,
            )
            .await;
            assert_eq!(
                (answer["error"].as_str(), answer["field"].as_str()),
                (Some(code), Some(field)),
                "{}: {answer}",
                node.backend
            );
        }
        let missing_field = error(
            node.send_json(
                Role::Deployment,
                Method::POST,
                "/api/v1/deployments",
                json!({"officer_id": officer}),
            )
            .await,
            400,
        )
        .await;
        assert_eq!(missing_field["error"], "invalid_json");
        assert_eq!(
            missing_field["field"], "mission_id",
            "{}: {missing_field}",
            node.backend
        );
        let not_json = node
            .as_role(
                Role::Deployment,
                node.http
                    .post(node.url("/api/v1/deployments"))
                    .header("content-type", "application/json")
                    .body("{\"officer_id\": "),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(error(not_json, 400).await["error"], "invalid_json");
        // Nothing of the refused requests was stored.
        let detail: Value = node
            .get(
                Role::Deployment,
                &format!("/api/v1/officers/{officer}?purpose=api%20test"),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(detail["deployments"], json!([]), "{}", node.backend);
        // The valid one is created, and a second overlapping one is a conflict.
        assert_eq!(
            node.send_json(
                Role::Deployment,
                Method::POST,
                "/api/v1/deployments",
                base.clone()
            )
            .await
            .status(),
            201
        );
        let overlap = error(
            node.send_json(
                Role::Deployment,
                Method::POST,
                "/api/v1/deployments",
                with("start", json!("2025-06-01")),
            )
            .await,
            409,
        )
        .await;
        assert_eq!(
            overlap["error"], "overlapping_deployment",
            "{}",
            node.backend
        );
    }
}

#[tokio::test]
async fn personal_data_need_a_stated_purpose() {
    for node in nodes().await {
        let answer = error(node.get(Role::Deployment, "/api/v1/officers").await, 400).await;
        assert_eq!(answer["field"], "purpose", "{}", node.backend);
        let ok = node
            .as_role(
                Role::Deployment,
                node.http
                    .get(node.url("/api/v1/officers"))
                    .header("x-purpose", "rotation planning"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 200);
        let events: Value = node
            .get(Role::Supervisor, "/api/v1/audit?action=officer.list")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            events[0]["purpose"], "rotation planning",
            "{}",
            node.backend
        );
        assert_eq!(events[0]["actor"], "r-deployment");
    }
}

#[tokio::test]
async fn a_malformed_import_names_its_lines_and_writes_nothing() {
    for node in nodes().await {
        let csv = "mission,personnel_number,given_name,family_name,gender,rank,unit,function,start,end,status,consent_date\nAtlantis,X-1,A,B,male,,,F,2025-01-01,,planned,\nEULEX Kosovo,X-2,A,B,alien,,,F,2025-01-01,,planned,\n";
        let response = node
            .as_role(
                Role::Deployment,
                node.http
                    .post(node.url("/api/v1/imports/deployments"))
                    .header("content-type", "text/csv")
                    .body(csv),
            )
            .send()
            .await
            .unwrap();
        let body = error(response, 422).await;
        let lines: Vec<(i64, &str)> = body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["line"].as_i64().unwrap(), e["field"].as_str().unwrap()))
            .collect();
        assert_eq!(
            lines,
            vec![(2, "mission"), (3, "gender")],
            "{}",
            node.backend
        );
        let binary = node
            .as_role(
                Role::Deployment,
                node.http
                    .post(node.url("/api/v1/imports/deployments?dry_run=true"))
                    .body(vec![0xff, 0xfe, 0x00]),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(binary.status(), 400);
        let dry = node
            .as_role(
                Role::Deployment,
                node.http
                    .post(node.url("/api/v1/imports/deployments?dry_run=maybe"))
                    .body(""),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(error(dry, 400).await["error"], "invalid_query");
    }
}

#[tokio::test]
async fn cookie_sessions_need_the_csrf_token_for_changes() {
    for node in nodes().await {
        let login = node
            .http
            .post(node.url("/api/v1/session"))
            .json(&json!({"username": "r-policy", "password": "test password 123"}))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 200);
        let cookie = login.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let csrf = login.json::<Value>().await.unwrap()["csrf_token"]
            .as_str()
            .unwrap()
            .to_string();
        let partner = json!({"code": "AT", "kind": "state"});
        let without = node
            .http
            .post(node.url("/api/v1/partners"))
            .header("cookie", &cookie)
            .json(&partner)
            .send()
            .await
            .unwrap();
        assert_eq!(
            error(without, 403).await["error"],
            "csrf",
            "{}",
            node.backend
        );
        let wrong = node
            .http
            .post(node.url("/api/v1/partners"))
            .header("cookie", &cookie)
            .header("x-csrf-token", "0".repeat(64))
            .json(&partner)
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 403);
        let with = node
            .http
            .post(node.url("/api/v1/partners"))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .json(&partner)
            .send()
            .await
            .unwrap();
        assert_eq!(with.status(), 201, "{}", node.backend);
        // Reading needs no token; signing out ends the session.
        assert_eq!(
            node.http
                .get(node.url("/api/v1/partners"))
                .header("cookie", &cookie)
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        let out = node
            .http
            .delete(node.url("/api/v1/session"))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), 204);
        assert_eq!(
            node.http
                .get(node.url("/api/v1/partners"))
                .header("cookie", &cookie)
                .send()
                .await
                .unwrap()
                .status(),
            401
        );
    }
}

#[tokio::test]
async fn answers_carry_the_security_headers_and_operations_endpoints_work() {
    for node in nodes().await {
        let response = node.http.get(node.url("/healthz")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        for header in [
            "x-content-type-options",
            "x-frame-options",
            "content-security-policy",
            "referrer-policy",
            "cache-control",
        ] {
            assert!(
                response.headers().contains_key(header),
                "{}: {header}",
                node.backend
            );
        }
        // Without a metrics token the main listener does not serve the metrics (security::).
        let metrics = node.http.get(node.url("/metrics")).send().await.unwrap();
        assert_eq!(metrics.status(), 404, "{}", node.backend);
        let unknown = error(
            node.http
                .get(node.url("/api/v2/nothing"))
                .send()
                .await
                .unwrap(),
            404,
        )
        .await;
        assert_eq!(unknown["error"], "not_found");
    }
}

#[tokio::test]
async fn the_supervisor_verifies_the_chain_over_the_api() {
    for node in nodes().await {
        let body: Value = node
            .get(Role::Supervisor, "/api/v1/audit/verify")
            .await
            .json()
            .await
            .unwrap();
        assert!(body["broken"].is_null(), "{}: {body}", node.backend);
        assert!(body["events"].as_i64().unwrap() > 100);
        // The answer before segments (events, head, broken) and, per domain, what is new.
        assert_eq!(body["head"][0], body["domains"][0]["head"]["seq"]);
        assert_eq!(
            body["key"].as_str().unwrap(),
            node.app.store.audit_public_key().unwrap().hex()
        );
        let domains: Vec<&str> = body["domains"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["domain"].as_str().unwrap())
            .collect();
        assert_eq!(domains, ["registry", "exchange", "forensic"]);
        assert_eq!(body["domains"][0]["segments"][0]["period"], "2026-03");
        assert!(body["domains"][0]["purged"].as_array().unwrap().is_empty());
        let openapi: Value = node
            .http
            .get(node.url("/api/v1/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            openapi["paths"]["/api/v1/audit/verify"]["get"]["responses"]["200"]["content"]["application/json"]
                ["schema"]["$ref"],
            "#/components/schemas/Verification"
        );
        let schema = &openapi["components"]["schemas"]["Verification"];
        assert!(schema["properties"]["domains"].is_object(), "{schema}");
        assert!(
            openapi["components"]["schemas"]["Tombstone"]["properties"]["purged_by"].is_object()
        );
        // Each domain's trail is read on its own; reading the forensic one is logged there.
        let forensic: Value = node
            .get(Role::Supervisor, "/api/v1/audit?domain=forensic")
            .await
            .json()
            .await
            .unwrap();
        assert!(forensic.as_array().unwrap().is_empty(), "{forensic}");
        let again: Value = node
            .get(Role::Supervisor, "/api/v1/audit?domain=forensic")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(again[0]["action"], "audit.read");
        assert_eq!(
            error(
                node.get(Role::Supervisor, "/api/v1/audit?domain=spoc")
                    .await,
                400
            )
            .await["field"],
            "domain"
        );
        let events: Value = node
            .get(
                Role::Supervisor,
                "/api/v1/audit?limit=5&from=2000-01-01&until=2999-12-31",
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(events.as_array().unwrap().len(), 5);
        assert_eq!(
            error(
                node.get(Role::Supervisor, "/api/v1/audit?from=gisteren")
                    .await,
                400
            )
            .await["field"],
            "from"
        );
    }
}

#[tokio::test]
async fn page_forms_need_the_sessions_csrf_field_and_sign_in_refuses_other_sites() {
    for node in nodes().await {
        let form = [
            ("username", "r-policy"),
            ("password", "test password 123"),
            ("next", "/partners"),
        ];
        let cross = node
            .http
            .post(node.url("/login"))
            .header("sec-fetch-site", "cross-site")
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(cross.status(), 403, "{}", node.backend);
        assert!(cross.headers().get("set-cookie").is_none());
        let login = node
            .http
            .post(node.url("/login"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 303, "{}", node.backend);
        assert_eq!(login.headers()["location"], "/partners");
        let cookie = login.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let page = node
            .http
            .get(node.url("/partners"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = page
            .split("name=\"_csrf\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        assert_eq!(csrf.len(), 64);
        let partner = [("code", "IS"), ("kind", "state")];
        let without = node
            .http
            .post(node.url("/partners"))
            .header("cookie", &cookie)
            .form(&partner)
            .send()
            .await
            .unwrap();
        assert_eq!(without.status(), 403, "{}", node.backend);
        let mut with = partner.to_vec();
        with.push(("_csrf", &csrf));
        let saved = node
            .http
            .post(node.url("/partners"))
            .header("cookie", &cookie)
            .form(&with)
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), 303, "{}", node.backend);
        // A refused form comes back with the error at the field, in Dutch, and no 5xx.
        let bad = [
            ("code", "Atlantis"),
            ("kind", "state"),
            ("_csrf", csrf.as_str()),
        ];
        let refused = node
            .http
            .post(node.url("/partners"))
            .header("cookie", &cookie)
            .form(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 400);
        let html = refused.text().await.unwrap();
        assert!(
            html.contains("id=\"e-code\"") && html.contains("Geen geldige ISO-landcode"),
            "{}",
            node.backend
        );
    }
}

#[tokio::test]
async fn legal_bases_are_asked_by_kind_partner_and_date() {
    for node in nodes().await {
        let found: Value = node
            .get(
                Role::Policy,
                "/api/v1/legal-bases?kind=hot_pursuit&partner=be&date=2024-01-01",
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            found[0]["title"], "Benelux-politieverdrag",
            "{}",
            node.backend
        );
        let answer = error(
            node.get(Role::Policy, "/api/v1/legal-bases?kind=gossip&partner=BE")
                .await,
            400,
        )
        .await;
        assert_eq!(answer["field"], "kind");
        let answer = error(
            node.get(Role::Policy, "/api/v1/legal-bases?kind=anpr")
                .await,
            400,
        )
        .await;
        assert_eq!(answer["field"], "partner");
        let mou = json!({"title": "MoU X", "kind": "mou", "status": "signed", "parties": ["BR"], "subject": "x", "signed": "2025-01-01", "legal_basis_for": ["prum_dna"]});
        let refused = error(
            node.send_json(Role::Policy, Method::POST, "/api/v1/agreements", mou)
                .await,
            422,
        )
        .await;
        assert_eq!(refused["error"], "not_a_legal_basis", "{}", node.backend);
        assert!(
            refused["message"]
                .as_str()
                .unwrap()
                .contains("never a legal basis")
        );
    }
}

/// The template a user downloads imports as it is, and a file separated by `;` (what Excel
/// writes in Dutch) reads like one separated by commas; every error carries a code a page can
/// translate.
#[tokio::test]
async fn the_import_template_imports_and_semicolons_are_understood() {
    for node in nodes().await {
        let template = node
            .get(Role::Deployment, "/api/v1/imports/deployments/template")
            .await;
        assert_eq!(template.status(), 200, "{}", node.backend);
        assert_eq!(
            template.headers()["content-type"],
            "text/csv; charset=utf-8"
        );
        assert!(
            template.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains("import-deployments.csv")
        );
        let csv = template.text().await.unwrap();
        assert!(csv.starts_with('\u{feff}'));
        let report = node
            .as_role(
                Role::Deployment,
                node.http
                    .post(node.url("/api/v1/imports/deployments?dry_run=true"))
                    .header("content-type", "text/csv")
                    .body(csv.clone()),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(report.status(), 200, "{}", node.backend);
        let report: serde_json::Value = report.json().await.unwrap();
        assert_eq!(report["deployments_created"], 1);
        assert_eq!(report["dry_run"], true);
        // The same file with a mistake: the error names line, field and a code.
        let broken = csv.replace(";female;", ";alien;");
        let refused = node
            .as_role(
                Role::Deployment,
                node.http
                    .post(node.url("/api/v1/imports/deployments?dry_run=true"))
                    .header("content-type", "text/csv")
                    .body(broken),
            )
            .send()
            .await
            .unwrap();
        let body = error(refused, 422).await;
        assert_eq!(body["errors"][0]["line"], 2);
        assert_eq!(body["errors"][0]["field"], "gender");
        assert_eq!(body["errors"][0]["code"], "invalid_choice");
        let missions = node
            .get(Role::Policy, "/api/v1/imports/missions/template")
            .await;
        assert_eq!(missions.status(), 200);
        assert!(
            missions
                .text()
                .await
                .unwrap()
                .contains("name;acronym;mandated_by")
        );
    }
}
