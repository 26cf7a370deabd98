//! The supervisor's view of the audit trail over real HTTP (issue 13; SPOC-13, BNL-03): the
//! filter of consultations of personal data, the actions by their words, the user picker,
//! "vandaag" and the time zone (page and export), the empty state, and the officer named by
//! personnel number.

use crate::{Node, nodes};
use grenzeloos_app::accounts::{Client, NewUser};
use grenzeloos_app::{Actor, App};
use grenzeloos_domain::access::{Permission, Role};
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::clock::SetClock;
use grenzeloos_domain::labels::{Labelled, Lang};
use grenzeloos_web::auth::Access;
use grenzeloos_web::routes::routes;
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

const PURPOSE: &str = "controle van de uitzendplanning";

/// A personal API token of a new account `username` holding `roles`.
async fn token(app: &App, username: &str, roles: &[Role]) -> String {
    let admin = Actor::person("test", "test", "test", &[Role::Admin]);
    let input = NewUser {
        username: username.into(),
        display_name: Some(format!("Toets {username}")),
        roles: roles.iter().map(Role::to_string).collect(),
        password: "test password 123".into(),
    };
    app.add_user(&admin, &input).await.unwrap();
    let session = app
        .login(username, "test password 123", &Client::default())
        .await
        .unwrap();
    app.create_token(
        &session.actor,
        Some(&session.token),
        &Client::default(),
        "test",
        Some(1),
    )
    .await
    .unwrap()
    .secret
}

/// A page or file as `token`'s holder sees it in `lang`, with the session's purpose set; the
/// characters askama escapes are read back, so that the assertions read as the page does.
async fn page(node: &Node, token: &str, path: &str, lang: &str) -> (u16, String) {
    let answer = node
        .http
        .get(node.url(path))
        .bearer_auth(token)
        .header(
            "cookie",
            format!(
                "grenzeloos_lang={lang}; grenzeloos_purpose={}",
                PURPOSE.replace(' ', "%20")
            ),
        )
        .header("x-purpose", PURPOSE)
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    let body = answer.text().await.unwrap();
    let body = ["&#34;\"", "&#39;'", "&#60;<", "&#62;>", "&#38;&"]
        .iter()
        .fold(body, |body, pair| {
            let (entity, c) = pair.split_at(pair.len() - 1);
            body.replace(entity, c)
        });
    (status, body)
}

async fn supervisor_page(node: &Node, path: &str, lang: &str) -> (u16, String) {
    page(node, &node.tokens[&Role::Supervisor], path, lang).await
}

/// The cells (inner HTML) of each row of the page's table of events; none when it has none.
fn rows(html: &str) -> Vec<Vec<String>> {
    let Some(start) = html.find("<th scope=\"col\">#</th>") else {
        return Vec::new();
    };
    let body = &html[start..];
    let body = &body[body.find("<tbody>").unwrap()..body.find("</tbody>").unwrap()];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let mut cells = Vec::new();
            let mut rest = row;
            while let Some(i) = rest.find("<td") {
                let open = i + rest[i..].find('>').unwrap() + 1;
                let close = open + rest[open..].find("</td>").unwrap();
                cells.push(rest[open..close].to_string());
                rest = &rest[close..];
            }
            cells
        })
        .collect()
}

/// The text of some HTML, without its tags.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The action code of a row (the hint beside the words, or the bare code).
fn action_of(row: &[String]) -> String {
    let cell = &row[3];
    match cell.find("<span class=\"hint\">") {
        Some(i) => text(&cell[i..]).trim().to_string(),
        None => text(cell).trim().to_string(),
    }
}

async fn json_of(node: &Node, role: Role, path: &str) -> Value {
    let answer = node.get(role, path).await;
    assert_eq!(answer.status(), 200, "{path}");
    answer.json().await.unwrap()
}

/// The trail's events by `actor` after sequence number `after`, as the API gives them.
async fn events_after(node: &Node, query: &str, after: i64) -> Vec<Value> {
    let events = json_of(
        node,
        Role::Supervisor,
        &format!("/api/v1/audit?limit=10000&{query}"),
    )
    .await;
    events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["seq"].as_i64().unwrap() > after)
        .cloned()
        .collect()
}

async fn last_seq(node: &Node) -> i64 {
    json_of(node, Role::Supervisor, "/api/v1/audit?limit=1").await[0]["seq"]
        .as_i64()
        .unwrap()
}

/// An officer of our own, with a contact record.
async fn officer(node: &Node, number: &str) -> String {
    let body = json!({"personnel_number": number, "given_name": "Wilhelmina", "family_name": "Dijkgraaf", "gender": "female"});
    let created = node
        .send_json(Role::Deployment, Method::POST, "/api/v1/officers", body)
        .await;
    assert_eq!(created.status(), 201);
    let id = created.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let contact = json!({"officer_id": id, "phone": "+31 6 1000 2000"});
    let answer = node
        .send_json(Role::Deployment, Method::POST, "/api/v1/contacts", contact)
        .await;
    assert_eq!(answer.status(), 201, "{:?}", answer.text().await);
    id
}

/// Every GET that needs the personal-data permission (and the start page, which lists the
/// deployments needing attention by name) is walked by the staffing desk; each event these
/// reads record is a consultation, and the filter "consultations of personal data" gives
/// exactly those events. Every action in the trail is one of the list.
#[tokio::test]
async fn the_consultations_filter_covers_every_read_of_personal_data() {
    for node in nodes().await {
        let b = node.backend.clone();
        let officer_id = officer(&node, "PN-AUDIT-W1").await;
        let deployments = json_of(
            &node,
            Role::Deployment,
            &format!(
                "/api/v1/deployments?purpose={}",
                PURPOSE.replace(' ', "%20")
            ),
        )
        .await;
        let deployment_id = deployments[0]["id"].as_str().unwrap().to_string();
        let incidents = json_of(
            &node,
            Role::Deployment,
            &format!("/api/v1/incidents?purpose={}", PURPOSE.replace(' ', "%20")),
        )
        .await;
        let incident_id = incidents[0]["id"].as_str().unwrap().to_string();
        let walker = token(&node.app, "wandelaar", &[Role::Deployment]).await;
        let after = last_seq(&node).await;

        let mut walked = Vec::new();
        for route in routes() {
            let personal = route.access == Access::Needs(Permission::PersonalRead);
            if route.method != Method::GET || !(personal || route.path == "/") {
                continue;
            }
            let id = if !route.path.contains("{id}") {
                ""
            } else if route.path.contains("/officers/") || route.path.contains("/contacts/") {
                // A contact record's id is its officer's.
                &officer_id
            } else if route.path.contains("/deployments/") {
                &deployment_id
            } else if route.path.contains("/incidents/") {
                &incident_id
            } else {
                panic!("{}: which record does this route read?", route.path)
            };
            let path = route.path.replace("{id}", id);
            let (status, body) = page(&node, &walker, &path, "nl").await;
            assert_eq!(status, 200, "{b}: {path}: {body}");
            walked.push(path);
        }
        assert!(walked.len() >= 12, "{b}: only {walked:?}");

        let recorded = events_after(&node, "actor=wandelaar", after).await;
        let consultations = events_after(&node, "actor=wandelaar&consultations=true", after).await;
        let seqs = |events: &[Value]| -> BTreeSet<i64> {
            events.iter().map(|e| e["seq"].as_i64().unwrap()).collect()
        };
        assert!(!recorded.is_empty(), "{b}");
        assert_eq!(
            seqs(&recorded),
            seqs(&consultations),
            "{b}: every event of a read of personal data is a consultation: {recorded:#?}"
        );
        let actions: BTreeSet<&str> = recorded
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        for action in [
            "officer.list",
            "officer.read",
            "deployment.list",
            "deployment.read",
            "dashboard.read",
            "care.high_risk",
            "contact.list",
            "contact.read",
            "incident.list",
            "incident.read",
        ] {
            assert!(actions.contains(action), "{b}: {action} in {actions:?}");
        }
        for action in &actions {
            let action = AuditAction::parse("action", action).unwrap();
            assert!(action.is_personal_data_read(), "{b}: {action}");
        }

        // Changes and reads of what names no one stay out of the filter.
        let everything = events_after(&node, "", 0).await;
        let all = events_after(&node, "consultations=true", 0).await;
        assert!(everything.len() > all.len(), "{b}");
        for event in &all {
            let action = AuditAction::parse("action", event["action"].as_str().unwrap()).unwrap();
            assert!(action.is_personal_data_read(), "{b}: {event}");
        }
        // The demo, the accounts, the walk: every action the trail holds is one of the list.
        for event in &everything {
            let action = event["action"].as_str().unwrap();
            assert!(
                AuditAction::parse("action", action).is_ok(),
                "{b}: '{action}' is not in the list of actions"
            );
        }
    }
}

/// The action filter lists every action by its words, in Dutch and in English; it filters;
/// an unknown code is refused with the field named. The user picker names the accounts, and
/// the gate's refusals show the route asked for.
#[tokio::test]
async fn the_page_filters_by_action_user_and_consultations_in_both_languages() {
    for node in nodes().await {
        let b = node.backend.clone();
        let officer_id = officer(&node, "PN-AUDIT-F1").await;
        let read = format!("/api/v1/officers/{officer_id}?purpose=dienstrooster%20controleren");
        assert_eq!(node.get(Role::Deployment, &read).await.status(), 200);
        assert_eq!(node.get(Role::Policy, "/officers").await.status(), 403);

        for (lang, code) in [(Lang::Nl, "nl"), (Lang::En, "en")] {
            let (status, html) = supervisor_page(&node, "/audit", code).await;
            assert_eq!(status, 200, "{b}");
            for action in AuditAction::ALL {
                let option = format!(
                    "<option value=\"{}\">{} ({})</option>",
                    action.as_str(),
                    action.label(lang),
                    action.as_str()
                );
                assert!(html.contains(&option), "{b} {code}: {option}");
            }
            let (status, html) = supervisor_page(&node, "/audit?action=officer.read", code).await;
            assert_eq!(status, 200, "{b}");
            let found = rows(&html);
            assert!(!found.is_empty(), "{b} {code}");
            for row in &found {
                assert_eq!(action_of(row), "officer.read", "{b} {code}");
                assert!(
                    text(&row[3]).starts_with(AuditAction::OfficerRead.label(lang)),
                    "{b} {code}: {}",
                    row[3]
                );
            }
            assert!(html.contains("<option value=\"officer.read\" selected>"));
        }
        let (_, html) = supervisor_page(&node, "/audit?action=officer.read", "en").await;
        assert!(html.contains("read an officer <span class=\"hint\">officer.read</span>"));
        let (_, html) = supervisor_page(&node, "/audit?action=officer.read", "nl").await;
        assert!(html.contains("functionaris inzien <span class=\"hint\">officer.read</span>"));

        // A code that is no action: refused, naming the field, listing what is.
        let (status, html) = supervisor_page(&node, "/audit?action=GET%20%2Fofficers", "nl").await;
        assert_eq!(status, 400, "{b}");
        assert!(
            html.contains("Handeling: Kies een van de mogelijkheden."),
            "{b}"
        );
        let answer = node
            .get(Role::Supervisor, "/api/v1/audit?action=officer.lees")
            .await;
        assert_eq!(answer.status(), 400, "{b}");
        let answer: Value = answer.json().await.unwrap();
        assert_eq!(answer["field"], "action", "{b}: {answer}");
        assert!(
            answer["message"]
                .as_str()
                .unwrap()
                .contains("use one of login, logout"),
            "{b}: {answer}"
        );

        // The user picker: every account by its name, the node's jobs; picking one filters.
        let (_, html) = supervisor_page(&node, "/audit", "nl").await;
        let admin = Actor::person("test", "test", "test", &[Role::Admin]);
        let accounts = node.app.users(&admin).await.unwrap();
        assert!(accounts.len() > 7, "{b}");
        for account in &accounts {
            let option = format!(
                "<option value=\"{}\">{} ({})</option>",
                account.username, account.display_name, account.username
            );
            assert!(html.contains(&option), "{b}: {option}");
        }
        assert!(
            html.contains("<option value=\"job:retention.review\">"),
            "{b}"
        );
        assert!(html.contains("<option value=\"\">Alle gebruikers</option>"));
        let (_, html) = supervisor_page(&node, "/audit?actor=r-policy", "nl").await;
        assert!(
            html.contains("<option value=\"r-policy\" selected>"),
            "{b}: the pick is kept"
        );
        let found = rows(&html);
        assert!(!found.is_empty(), "{b}");
        for row in &found {
            assert!(text(&row[2]).contains("r-policy"), "{b}: {row:?}");
        }
        // The gate's refusal names the route, under the words for it.
        let refused = found
            .iter()
            .find(|row| action_of(row) == "route.open")
            .unwrap_or_else(|| panic!("{b}: no refusal in {found:?}"));
        assert!(refused[3].starts_with("pagina of API-pad openen"), "{b}");
        assert!(refused[4].contains("<code>GET /officers</code>"), "{b}");
        assert!(refused[5].contains("geweigerd"), "{b}");

        // All consultations of personal data at once: the checkbox stays ticked.
        let (status, html) = supervisor_page(&node, "/audit?consultations=true", "nl").await;
        assert_eq!(status, 200, "{b}");
        assert!(html.contains(
            "<input type=\"checkbox\" id=\"consultations\" name=\"consultations\" value=\"true\" checked>"
        ));
        assert!(html.contains("Alleen raadplegingen van persoonsgegevens"));
        let found = rows(&html);
        let actions: BTreeSet<String> = found.iter().map(|r| action_of(r)).collect();
        assert!(actions.contains("officer.read"), "{b}: {actions:?}");
        for action in &actions {
            let action = AuditAction::parse("action", action).unwrap();
            assert!(action.is_personal_data_read(), "{b}: {action}");
        }
        let (_, html) = supervisor_page(&node, "/audit", "nl").await;
        let all: BTreeSet<String> = rows(&html).iter().map(|r| action_of(r)).collect();
        assert!(all.contains("audit.read"), "{b}: {all:?}");
        let (status, html) = supervisor_page(&node, "/audit?consultations=misschien", "nl").await;
        assert_eq!(status, 400, "{b}");
        assert!(html.contains("Alleen raadplegingen van persoonsgegevens: "));
        // Combined with a user: only theirs.
        let (_, html) =
            supervisor_page(&node, "/audit?consultations=true&actor=r-policy", "nl").await;
        assert!(
            rows(&html).is_empty(),
            "{b}: the policy desk read no personal data"
        );
    }
}

/// A node per backend whose clock the test sets, with the demo data and the tokens of the
/// staffing desk and the supervisor.
async fn clocked_nodes(clock: Arc<SetClock>) -> Vec<Node> {
    let mut nodes = Vec::new();
    for (backend, store) in grenzeloos_store::testing::fresh_stores_with(clock.clone()).await {
        let app = App::new(store);
        app.load_demo().await.unwrap();
        let mut tokens = HashMap::new();
        for role in [Role::Deployment, Role::Supervisor] {
            tokens.insert(role, token(&app, &format!("r-{role}"), &[role]).await);
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let served = app.clone();
        tokio::spawn(async move {
            grenzeloos_web::serve(listener, served, grenzeloos_web::WebConfig::default()).await
        });
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        nodes.push(Node {
            backend,
            base,
            app,
            tokens,
            http,
        });
    }
    nodes
}

/// "Vandaag" is today in Amsterdam: at 23:30 UTC on 16 March it is 00:30 on the 17th there,
/// and the events of the 16th (the demo's, at 09:00 UTC) are not today's. The page shows the
/// times in Amsterdam and names the zone; so does the export, beside the stored UTC.
#[tokio::test]
async fn vandaag_and_the_times_are_amsterdams_on_the_page_and_in_the_export() {
    let clock = grenzeloos_store::testing::test_clock();
    let nodes = clocked_nodes(clock.clone()).await;
    clock.set("2026-03-16T23:30:00Z".parse().unwrap());
    for node in nodes {
        let b = node.backend.clone();
        let list = format!("/api/v1/officers?purpose={}", PURPOSE.replace(' ', "%20"));
        assert_eq!(node.get(Role::Deployment, &list).await.status(), 200);

        let (status, html) = supervisor_page(&node, "/audit?actor=r-deployment", "nl").await;
        assert_eq!(status, 200, "{b}");
        assert!(
            html.contains("Tijden in de tijdzone Europe/Amsterdam"),
            "{b}: the zone is named"
        );
        let today = html
            .split("id=\"audit-today\" href=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_string();
        assert!(today.contains("from=2026-03-17"), "{b}: {today}");
        assert!(today.contains("until=2026-03-17"), "{b}: {today}");
        assert!(
            today.contains("actor=r-deployment"),
            "{b}: the other filters stay"
        );
        let found = rows(&html);
        assert!(
            found.iter().any(|r| r[1].starts_with("16-03-2026 10:00:")),
            "{b}: the desk's sign-in at 09:00 UTC is 10:00 in Amsterdam: {found:?}"
        );

        let (status, html) = supervisor_page(&node, &today, "nl").await;
        assert_eq!(status, 200, "{b}");
        let found = rows(&html);
        assert_eq!(found.len(), 1, "{b}: only tonight's read: {found:?}");
        assert_eq!(found[0][1], "17-03-2026 00:30:00 CET", "{b}");
        assert_eq!(action_of(&found[0]), "officer.list");
        let (_, html) = supervisor_page(&node, &today, "en").await;
        assert_eq!(rows(&html)[0][1], "2026-03-17 00:30:00 CET", "{b}");
        assert!(html.contains("Times in the time zone Europe/Amsterdam"));

        // The whole day in Amsterdam, not in UTC: the 16th ends at 23:00 UTC.
        let (_, html) = supervisor_page(
            &node,
            "/audit?actor=r-deployment&from=2026-03-16&until=2026-03-16",
            "nl",
        )
        .await;
        let found = rows(&html);
        assert!(!found.is_empty(), "{b}");
        assert!(found.iter().all(|r| r[1].starts_with("16-03-2026")), "{b}");

        let (status, csv) = supervisor_page(
            &node,
            "/audit/export.csv?actor=r-deployment&from=2026-03-17&until=2026-03-17",
            "nl",
        )
        .await;
        assert_eq!(status, 200, "{b}");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 2, "{b}: {csv}");
        assert!(
            lines[0].starts_with("seq,at_utc,at_europe_amsterdam,actor,action,action_label,"),
            "{b}: {}",
            lines[0]
        );
        assert!(
            lines[1].contains(",2026-03-16T23:30:00.")
                && lines[1].contains(",2026-03-17 00:30:00 +01:00,r-deployment,officer.list,functionarissen opvragen,"),
            "{b}: {}",
            lines[1]
        );
        // The same for Excel: `;`, CRLF and the byte order mark; an unknown format is refused.
        let answer = node
            .http
            .get(node.url(
                "/audit/export.csv?actor=r-deployment&from=2026-03-17&until=2026-03-17&format=excel",
            ))
            .bearer_auth(&node.tokens[&Role::Supervisor])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 200, "{b}");
        // Bytes, not text: a text decoder would take the byte order mark away.
        let excel = String::from_utf8(answer.bytes().await.unwrap().to_vec()).unwrap();
        assert!(
            excel.starts_with("\u{feff}seq;at_utc;at_europe_amsterdam;actor;action;action_label;"),
            "{b}: {excel}"
        );
        assert!(
            excel.contains("\r\n") && excel.contains(";officer.list;"),
            "{b}"
        );
        let (status, _) = supervisor_page(&node, "/audit/export.csv?format=xlsx", "nl").await;
        assert_eq!(status, 400, "{b}");
        let (_, page) = supervisor_page(&node, "/audit?actor=r-deployment", "nl").await;
        assert!(
            page.contains("href=\"/audit/export.csv?") && page.contains("format=excel\""),
            "{b}: no Excel export on the page"
        );

        // A day whose end comes before its start is no period.
        let (status, html) =
            supervisor_page(&node, "/audit?from=2026-03-17&until=2026-03-16", "nl").await;
        assert_eq!(status, 400, "{b}");
        assert!(html.contains("Tot en met: De laatste dag ligt vóór de eerste dag."));
    }
}

/// A filter nothing matches says so and how to widen it; an empty trail with no filter says
/// only that it is empty.
#[tokio::test]
async fn a_filter_that_matches_nothing_says_so_and_how_to_widen_it() {
    for node in nodes().await {
        let b = node.backend.clone();
        let (status, html) =
            supervisor_page(&node, "/audit?actor=r-liaison&action=officer.read", "nl").await;
        assert_eq!(status, 200, "{b}");
        assert!(rows(&html).is_empty(), "{b}");
        assert!(
            html.contains("Geen gebeurtenissen gevonden die aan dit filter voldoen."),
            "{b}"
        );
        assert!(html.contains("Verruim het filter"), "{b}");
        assert!(
            html.contains("<a href=\"/audit\">toon de hele audittrail van dit domein</a>"),
            "{b}"
        );
        assert!(
            !html.contains("gebeurtenissen getoond"),
            "{b}: no empty table"
        );
        let (_, html) = supervisor_page(&node, "/audit?domain=exchange&actor=nobody", "en").await;
        assert!(html.contains("No events match this filter."), "{b}");
        assert!(
            html.contains(
                "<a href=\"/audit?domain=exchange\">show this domain's whole audit trail</a>"
            ),
            "{b}: the reset keeps the domain"
        );
        // The forensic trail of a new node is empty until it is read (the read is logged there).
        let (status, html) = supervisor_page(&node, "/audit?domain=forensic", "nl").await;
        assert_eq!(status, 200, "{b}");
        assert!(html.contains("Geen gebeurtenissen gevonden"), "{b}");
        assert!(
            !html.contains("Verruim het filter"),
            "{b}: nothing to widen"
        );
    }
}

/// An event about an officer names them by personnel number, linked: to the officer's page
/// for whoever may read it, else to the trail about that officer; an erased officer by their
/// pseudonym. The internal id is no longer what the supervisor reads.
#[tokio::test]
async fn an_officer_is_named_by_personnel_number_with_a_link() {
    for node in nodes().await {
        let b = node.backend.clone();
        let id = officer(&node, "PN-AUDIT-L1").await;
        let read = format!("/api/v1/officers/{id}?purpose=dienstrooster%20controleren");
        assert_eq!(node.get(Role::Deployment, &read).await.status(), 200);

        let (_, html) = supervisor_page(&node, "/audit?action=officer.read", "nl").await;
        let found = rows(&html);
        let row = found
            .iter()
            .find(|r| r[4].contains(">PN-AUDIT-L1</a>"))
            .unwrap_or_else(|| panic!("{b}: {found:?}"));
        assert!(
            row[4].contains(&format!(
                "<a class=\"officer\" href=\"/audit?object_type=officer&object_id={id}\">"
            )),
            "{b}: {}",
            row[4]
        );
        assert_eq!(text(&row[4]), "functionaris PN-AUDIT-L1", "{b}");
        // Following the link: the trail about this officer.
        let (status, about) = supervisor_page(
            &node,
            &format!("/audit?object_type=officer&object_id={id}"),
            "nl",
        )
        .await;
        assert_eq!(status, 200, "{b}");
        let actions: BTreeSet<String> = rows(&about).iter().map(|r| action_of(r)).collect();
        assert_eq!(
            actions,
            BTreeSet::from(["officer.create".to_string(), "officer.read".to_string()]),
            "{b}"
        );

        // A supervisor who may also read personal data goes to the officer's page.
        let both = token(
            &node.app,
            "toezicht-plus",
            &[Role::Supervisor, Role::Deployment],
        )
        .await;
        let (_, html) = page(&node, &both, "/audit?action=officer.read", "nl").await;
        assert!(
            html.contains(&format!(
                "<a class=\"officer\" href=\"/officers/{id}\">PN-AUDIT-L1</a>"
            )),
            "{b}"
        );
        let (status, _) = page(&node, &both, &format!("/officers/{id}"), "nl").await;
        assert_eq!(status, 200, "{b}");

        // Erased: the pseudonym, also in the events from before the erasure.
        let erase = node
            .send_json(
                Role::Deployment,
                Method::POST,
                &format!("/api/v1/officers/{id}/erase"),
                json!({"reason": "verzoek AVG art. 17, uit dienst"}),
            )
            .await;
        assert_eq!(erase.status(), 200, "{b}");
        for _ in 0..30 {
            if node.app.finish_erasures().await.unwrap() == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
        let (_, html) = supervisor_page(
            &node,
            &format!("/audit?object_type=officer&object_id={id}"),
            "nl",
        )
        .await;
        let found = rows(&html);
        assert_eq!(found.len(), 4, "{b}: create, two reads, erase");
        for row in &found {
            assert!(
                row[4].contains(&format!(">ERASED-{id}</a>")),
                "{b}: {}",
                row[4]
            );
            assert!(!row[4].contains("PN-AUDIT-L1"), "{b}");
        }
        assert_eq!(action_of(&found[0]), "officer.erase");
        // The contact record's erasure is about the same officer.
        let (_, html) = supervisor_page(&node, "/audit?action=contact.create", "nl").await;
        assert!(
            rows(&html)
                .iter()
                .any(|r| r[4].contains(&format!(">ERASED-{id}</a>"))),
            "{b}"
        );
    }
}
