//! Statuses in valid time and the legal basis as it stood, over real HTTP: the API contract of
//! the legal-basis lookup, `status_on` for a reference date, refusals that name the field, and
//! the pages that show and edit a status history.

use crate::{Node, audit_events, nodes};
use grenzeloos_domain::access::Role;
use reqwest::Method;
use serde_json::{Value, json};

async fn body(response: reqwest::Response, status: u16) -> Value {
    let got = response.status().as_u16();
    let text = response.text().await.unwrap();
    assert_eq!(got, status, "{text}");
    serde_json::from_str(&text).unwrap()
}

fn titles(found: &Value) -> Vec<String> {
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect()
}

/// The contract: information requests with France rest on Framework Decision 2006/960/JHA on
/// 1 June 2024 and on Directive (EU) 2023/977 on 1 January 2025 (Arts 21–23; no ID in the
/// requirements checklist, see legal-requirements.md quick reference).
#[tokio::test]
async fn the_legal_basis_lookup_names_the_framework_decision_and_then_the_directive() {
    for node in nodes().await {
        let b = &node.backend;
        let june: Value = body(
            node.get(
                Role::Spoc,
                "/api/v1/legal-bases?kind=information_request&partner=FR&date=2024-06-01",
            )
            .await,
            200,
        )
        .await;
        assert_eq!(
            titles(&june),
            vec!["Kaderbesluit 2006/960/JBZ (Zweeds Kaderbesluit)"],
            "{b}"
        );
        assert_eq!(june[0]["article"], "art. 3 tot en met 5", "{b}");
        assert!(
            june[0]["explanation"]
                .as_str()
                .unwrap()
                .contains("legal basis for information request"),
            "{b}"
        );
        let january: Value = body(
            node.get(
                Role::Spoc,
                "/api/v1/legal-bases?kind=information_request&partner=FR&date=2025-01-01",
            )
            .await,
            200,
        )
        .await;
        assert_eq!(titles(&january), vec!["Richtlijn (EU) 2023/977"], "{b}");
        assert_eq!(january[0]["applies_from"], "2024-12-12");
        assert_eq!(january[0]["in_force"], "2023-06-11");
        assert_eq!(january[0]["published"], "2023-05-22");
        // A Schengen associated state counts as a party of both.
        let norway: Value = body(
            node.get(
                Role::Spoc,
                "/api/v1/legal-bases?kind=information_request&partner=NO&date=2024-06-01",
            )
            .await,
            200,
        )
        .await;
        assert_eq!(
            titles(&norway),
            vec!["Kaderbesluit 2006/960/JBZ (Zweeds Kaderbesluit)"],
            "{b}"
        );
        // The whole answer says why the others are none.
        let answer: Value = body(
            node.get(
                Role::Spoc,
                "/api/v1/legal-bases/assessment?kind=information_request&partner=fr&date=2025-01-01",
            )
            .await,
            200,
        )
        .await;
        assert_eq!(answer["partner"], "FR");
        let repealed = answer["not_bases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["title"] == "Kaderbesluit 2006/960/JBZ (Zweeds Kaderbesluit)")
            .unwrap();
        assert_eq!(repealed["verdict"], "ended", "{b}");
        assert_eq!(repealed["last_day"], "2024-12-11");
        assert!(
            repealed["explanation"]
                .as_str()
                .unwrap()
                .ends_with("replaced by Richtlijn (EU) 2023/977"),
            "{b}"
        );
        // An organisation is a partner too; a bad date names its field.
        assert_eq!(
            node.get(
                Role::Spoc,
                "/api/v1/legal-bases?kind=assistance&partner=INTERPOL"
            )
            .await
            .status(),
            200
        );
        let bad = body(
            node.get(
                Role::Spoc,
                "/api/v1/legal-bases/assessment?kind=assistance&partner=BE&date=juni",
            )
            .await,
            400,
        )
        .await;
        assert_eq!(bad["field"], "date", "{b}");
    }
}

#[tokio::test]
async fn records_carry_their_status_on_the_reference_date() {
    for node in nodes().await {
        let b = &node.backend;
        let status_of = |list: &Value, key: &str, title: &str| -> Value {
            list.as_array()
                .unwrap()
                .iter()
                .find(|a| a[key] == title)
                .unwrap_or_else(|| panic!("{title}"))["status_on"]
                .clone()
        };
        let in_2021: Value = body(
            node.get(Role::Policy, "/api/v1/agreements?as_of=2021-12-02")
                .await,
            200,
        )
        .await;
        assert_eq!(
            status_of(&in_2021, "title", "Benelux-politieverdrag"),
            json!({"date": "2021-12-02", "status": "signed", "since": "2018-07-23"}),
            "{b}"
        );
        assert_eq!(
            status_of(&in_2021, "title", "Richtlijn (EU) 2023/977"),
            json!({"date": "2021-12-02", "status": null, "since": null}),
            "{b}"
        );
        let eu_interpol = in_2021
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == "Samenwerkingsovereenkomst EU-Interpol")
            .unwrap();
        assert_eq!(eu_interpol["parties"], json!(["EU", "INTERPOL"]));
        let in_2023: Value = body(
            node.get(Role::Policy, "/api/v1/agreements?as_of=2023-11-24")
                .await,
            200,
        )
        .await;
        assert_eq!(
            status_of(&in_2023, "title", "Benelux-politieverdrag")["status"],
            "in_force",
            "{b}"
        );
        // The Gentse Feesten of July 2024 were requested, not settled, on 17 April 2024.
        let help: Value = body(
            node.get(Role::Policy, "/api/v1/assistance?as_of=2024-04-17")
                .await,
            200,
        )
        .await;
        let gent = status_of(&help, "event", "Gentse Feesten 2024");
        assert_eq!(
            (gent["status"].as_str(), gent["since"].as_str()),
            (Some("requested"), Some("2024-04-12")),
            "{b}"
        );
        let bad = body(
            node.get(Role::Policy, "/api/v1/placements?as_of=17-04-2024")
                .await,
            400,
        )
        .await;
        assert_eq!(bad["field"], "as_of", "{b}");
    }
}

/// Bad input about time: a 4xx that names the field, and nothing written.
#[tokio::test]
async fn a_status_history_that_does_not_fit_is_refused_at_its_field() {
    for node in nodes().await {
        let b = &node.backend;
        let before = audit_events(&node).await;
        let agreements: Value = body(node.get(Role::Policy, "/api/v1/agreements").await, 200).await;
        let interpol = agreements
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == "Samenwerkingsovereenkomst EU-Interpol")
            .unwrap()
            .clone();
        let id = interpol["id"].as_str().unwrap();
        let base = json!({"title": interpol["title"], "kind": "treaty",
            "parties": ["EU", "INTERPOL"], "subject": interpol["subject"]});
        let refused = |mut change: Value, code: &'static str, field: &'static str| {
            let base = base.clone();
            let node = &node;
            async move {
                for (k, v) in base.as_object().unwrap() {
                    change
                        .as_object_mut()
                        .unwrap()
                        .entry(k.clone())
                        .or_insert(v.clone());
                }
                let answer = body(
                    node.send_json(
                        Role::Policy,
                        Method::PUT,
                        &format!("/api/v1/agreements/{id}"),
                        change,
                    )
                    .await,
                    422,
                )
                .await;
                assert_eq!(
                    (answer["error"].as_str(), answer["field"].as_str()),
                    (Some(code), Some(field)),
                    "{b}: {answer}"
                );
            }
        };
        refused(
            json!({"status": "in_force", "status_from": "2024-01-01", "signed": "2024-06-01"}),
            "before_signature",
            "status_from",
        )
        .await;
        refused(
            json!({"status": "in_force", "signed": "2024-05-01", "in_force": "2024-06-01",
                   "applies_from": "2024-05-31"}),
            "before_entry_into_force",
            "applies_from",
        )
        .await;
        refused(
            json!({"status_history": [
                {"status": "exploring", "from": "2021-07-19"},
                {"status": "negotiating", "from": "2020-01-01"}]}),
            "history_goes_back",
            "status_history[1].from",
        )
        .await;
        let commitments: Value =
            body(node.get(Role::Policy, "/api/v1/commitments").await, 200).await;
        let teams = commitments
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["title"] == "Verkennen van grensoverschrijdende politieteams met België")
            .unwrap();
        let answer = body(
            node.send_json(
                Role::Policy,
                Method::PUT,
                &format!("/api/v1/commitments/{}", teams["id"].as_str().unwrap()),
                json!({"title": teams["title"], "made_on": "2023-06-30",
                       "made_in": teams["made_in"], "status": "fulfilled",
                       "status_from": "2023-09-01", "answered_in": "Brief aan de Kamer"}),
            )
            .await,
            422,
        )
        .await;
        assert_eq!(
            (answer["error"].as_str(), answer["field"].as_str()),
            (Some("history_goes_back"), Some("status_from")),
            "{b}"
        );
        assert_eq!(audit_events(&node).await, before, "{b}: nothing written");
    }
}

async fn html(node: &Node, path: &str) -> String {
    let response = node.get(Role::Policy, path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

/// An agreement's page shows its statuses and dates; the working arrangement with Belgium, an
/// implementing agreement of the Benelux treaty, is not listed before its own date (BNL-06).
#[tokio::test]
async fn the_pages_show_and_edit_the_status_history_and_the_dates_of_an_agreement() {
    for node in nodes().await {
        let b = &node.backend;
        let agreements: Value = body(node.get(Role::Policy, "/api/v1/agreements").await, 200).await;
        let id_of = |title: &str| {
            agreements
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["title"] == title)
                .unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let benelux = html(
            &node,
            &format!("/agreements/{}", id_of("Benelux-politieverdrag")),
        )
        .await;
        let history = benelux.split("id=\"status-history\"").nth(1).unwrap();
        let history = history.split("</ol>").next().unwrap();
        assert!(
            history.contains("<time>23-07-2018</time> ondertekend")
                && history.contains("<time>01-10-2023</time> in werking"),
            "{b}: {history}"
        );
        let directive = html(
            &node,
            &format!("/agreements/{}", id_of("Richtlijn (EU) 2023/977")),
        )
        .await;
        assert!(directive.contains("Van toepassing vanaf"), "{b}");
        assert!(directive.contains("12-12-2024"), "{b}");
        assert!(directive.contains("Vervangt"), "{b}");
        let framework = html(
            &node,
            &format!(
                "/agreements/{}",
                id_of("Kaderbesluit 2006/960/JBZ (Zweeds Kaderbesluit)")
            ),
        )
        .await;
        assert!(framework.contains("Vervangen door"), "{b}");
        let eu_interpol = html(
            &node,
            &format!(
                "/agreements/{}",
                id_of("Samenwerkingsovereenkomst EU-Interpol")
            ),
        )
        .await;
        assert!(eu_interpol.contains("href=\"/partners/INTERPOL\""), "{b}");
        // The list shows the status on the reference date asked for.
        let in_2021 = html(&node, "/agreements?as_of=2021-12-02&status=signed").await;
        assert!(in_2021.contains("Benelux-politieverdrag"), "{b}");
        assert!(!in_2021.contains("Werkafspraak bijstand NL-BE"), "{b}");
        // The legal-basis check explains why an agreement is none.
        let check = html(
            &node,
            "/agreements?check_kind=information_request&check_partner=FR&check_date=2024-06-01",
        )
        .await;
        assert!(
            check.contains(
                "Richtlijn (EU) 2023/977 is in werking maar pas van toepassing vanaf 12-12-2024"
            ),
            "{b}"
        );

        // A commitment's history on its page, and a change of status with its date.
        let commitments: Value =
            body(node.get(Role::Policy, "/api/v1/commitments").await, 200).await;
        let teams = commitments
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["title"] == "Verkennen van grensoverschrijdende politieteams met België")
            .unwrap()
            .clone();
        let path = format!("/commitments/{}", teams["id"].as_str().unwrap());
        let record = html(&node, &path).await;
        assert!(
            record
                .contains("<time>25-10-2023</time> in behandeling — In samenspraak met de politie"),
            "{b}"
        );
        let form = |status_from: &'static str| {
            vec![
                ("title", teams["title"].as_str().unwrap().to_string()),
                ("made_on", "2023-06-30".to_string()),
                ("made_in", teams["made_in"].as_str().unwrap().to_string()),
                ("status", "fulfilled".to_string()),
                ("status_from", status_from.to_string()),
                (
                    "status_note",
                    "Beantwoord in het halfjaarbericht".to_string(),
                ),
                ("progress", teams["progress"].as_str().unwrap().to_string()),
                (
                    "answered_in",
                    "Tweede halfjaarbericht politie 2024".to_string(),
                ),
                ("answered_on", "2024-12-05".to_string()),
                ("partners", "BE".to_string()),
            ]
        };
        let back = node
            .as_role(
                Role::Policy,
                node.http.post(node.url(&path)).form(&form("2023-01-01")),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(back.status(), 400, "{b}");
        let page = back.text().await.unwrap();
        assert!(page.contains("id=\"e-status_from\""), "{b}");
        assert!(page.contains("gaat niet terug in de tijd"), "{b}");
        let saved = node
            .as_role(
                Role::Policy,
                node.http.post(node.url(&path)).form(&form("2024-12-05")),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), 303, "{b}");
        let record = html(&node, &path).await;
        assert!(
            record.contains("<time>05-12-2024</time> afgedaan — Beantwoord in het halfjaarbericht"),
            "{b}"
        );
        assert!(
            record.contains("<time>25-10-2023</time> in behandeling"),
            "{b}: the earlier steps stay"
        );
    }
}

/// The part of `page` from the row, item or fact that holds `marker` up to its end (`until`).
fn part<'a>(page: &'a str, start: &str, marker: &str, until: &str) -> &'a str {
    let at = page
        .find(marker)
        .unwrap_or_else(|| panic!("'{marker}' not on the page"));
    let from = page[..at + marker.len()].rfind(start).unwrap_or(0);
    let to = page[at..].find(until).map_or(page.len(), |i| at + i);
    &page[from..to]
}

/// Issue 11: a status that lies ahead is never shown as today's. On the test clock's day
/// (16-03-2026) an assistance request whose history begins on 01-04-2026 and is settled from
/// 01-07-2026, and a treaty signed on 01-06-2026 and in force from 01-09-2026, have no status
/// yet: every page says so and names what is planned, never "afgerekend" or "in werking".
#[tokio::test]
async fn a_status_that_lies_ahead_is_not_shown_as_todays() {
    for node in nodes().await {
        let b = &node.backend;
        let created = body(
            node.send_json(
                Role::Policy,
                Method::POST,
                "/api/v1/assistance",
                json!({"direction": "requested", "partner": "DE",
                       "event": "Demonstratie Keulen 2026",
                       "start": "2026-06-10", "end": "2026-06-12",
                       "capabilities": [{"capability": "water_cannon", "quantity": 2,
                                         "personnel": 8}],
                       "nature": "waterwerpers met bemanning",
                       "objective": "handhaving openbare orde",
                       "inventory": "2 waterwerpers",
                       "decision_date": "2026-05-15", "decision": "Besluit 2026/3",
                       "report_date": "2026-06-20", "costs_eur": 0,
                       "status": "settled",
                       "status_history": [{"status": "requested", "from": "2026-04-01"},
                                          {"status": "settled", "from": "2026-07-01"}]}),
            )
            .await,
            201,
        )
        .await;
        let id = created["id"].as_str().unwrap();
        assert_eq!(created["status"], "settled", "{b}: the latest step, ahead");
        let planned = "nog geen status (gepland: aangevraagd vanaf 01-04-2026)";

        let list = html(&node, "/assistance").await;
        let row = part(&list, "<tr>", "Demonstratie Keulen 2026", "</tr>");
        assert!(
            row.contains(planned) && !row.contains("afgerekend"),
            "{b}: {row}"
        );
        let settled = html(&node, "/assistance?status=settled").await;
        assert!(!settled.contains("Demonstratie Keulen 2026"), "{b}");
        let record = html(&node, &format!("/assistance/{id}")).await;
        let status = part(&record, "<dt>", "<dt>Status</dt>", "</dd>");
        assert!(
            status.contains(planned) && !status.contains("afgerekend"),
            "{b}: {status}"
        );
        // The history beside it still names every step with its date.
        assert!(record.contains("<time>01-07-2026</time> afgerekend"), "{b}");
        let calendar = html(&node, "/assistance/calendar?year=2026").await;
        let row = part(&calendar, "<tr", "Demonstratie Keulen 2026", "</tr>");
        assert!(
            row.contains(planned) && !row.contains("afgerekend"),
            "{b}: {row}"
        );

        body(
            node.send_json(
                Role::Policy,
                Method::POST,
                "/api/v1/agreements",
                json!({"title": "Aanvullend politieverdrag NL-DE (test)", "kind": "treaty",
                       "status": "in_force", "parties": ["DE"],
                       "subject": "Grensoverschrijdende politiële samenwerking",
                       "signed": "2026-06-01", "in_force": "2026-09-01"}),
            )
            .await,
            201,
        )
        .await;
        let planned = "nog geen status (gepland: ondertekend vanaf 01-06-2026)";
        let partner = html(&node, "/partners/DE").await;
        let item = part(
            &partner,
            "<li>",
            "Aanvullend politieverdrag NL-DE (test)",
            "</li>",
        );
        assert!(
            item.contains(planned) && !item.contains("in werking"),
            "{b}: {item}"
        );
        let item = part(&partner, "<li>", "Demonstratie Keulen 2026", "</li>");
        assert!(
            item.contains("nog geen status") && !item.contains("afgerekend"),
            "{b}: {item}"
        );
        let list = html(&node, "/agreements").await;
        let row = part(
            &list,
            "<tr>",
            "Aanvullend politieverdrag NL-DE (test)",
            "</tr>",
        );
        assert!(
            row.contains(planned) && !row.contains("in werking"),
            "{b}: {row}"
        );
        let in_force = html(&node, "/agreements?status=in_force").await;
        assert!(
            !in_force.contains("Aanvullend politieverdrag NL-DE (test)"),
            "{b}"
        );
    }
}
