//! The instruments' API and the annex over real HTTP.

use crate::{audit_events, nodes};
use grenzeloos_domain::access::Role;
use reqwest::Method;
use serde_json::{Value, json};

async fn status_json(response: reqwest::Response, status: u16) -> Value {
    let got = response.status().as_u16();
    let body = response.text().await.unwrap();
    assert_eq!(got, status, "{body}");
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn assistance_is_recorded_with_its_legal_basis_and_refused_at_the_field() {
    for node in nodes().await {
        let request = json!({
            "direction": "requested", "partner": "be", "event": "Demonstratie Maastricht",
            "start": "2024-09-14", "end": "2024-09-14", "status": "requested",
            "capabilities": [{"capability": "water_cannon", "quantity": 1, "personnel": 4}],
            "nature": "Waterwerper met bemanning"
        });
        let before = audit_events(&node).await;
        let refused = status_json(
            node.send_json(
                Role::Policy,
                Method::POST,
                "/api/v1/assistance",
                request.clone(),
            )
            .await,
            422,
        )
        .await;
        assert_eq!(refused["field"], "objective", "{}", node.backend);
        assert!(refused["message"].as_str().unwrap().contains("art. 18"));
        assert_eq!(audit_events(&node).await, before, "nothing written");

        let mut complete = request.clone();
        complete["objective"] = json!("Handhaving openbare orde");
        complete["inventory"] = json!("1 waterwerper");
        let created = status_json(
            node.send_json(
                Role::Policy,
                Method::POST,
                "/api/v1/assistance",
                complete.clone(),
            )
            .await,
            201,
        )
        .await;
        let id = created["id"].as_str().unwrap().to_string();
        assert_eq!(created["regime"], "benelux");
        let bases: Value = node
            .get(
                Role::Policy,
                "/api/v1/legal-bases?kind=assistance&partner=BE&date=2024-09-14",
            )
            .await
            .json()
            .await
            .unwrap();
        let benelux = bases
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == "Benelux-politieverdrag")
            .unwrap();
        assert_eq!(created["legal_basis"], benelux["id"], "{}", node.backend);

        // The request was recorded as requested today; the decision of 10 September 2024 lies
        // before that, so the history would go back in time: refused at the date, nothing
        // written.
        complete["status"] = json!("decided");
        complete["decision_date"] = json!("2024-09-10");
        complete["decision"] = json!("Besluit: eigen waterwerpers buiten dienst");
        let before = audit_events(&node).await;
        let back = status_json(
            node.send_json(
                Role::Policy,
                Method::PUT,
                &format!("/api/v1/assistance/{id}"),
                complete.clone(),
            )
            .await,
            422,
        )
        .await;
        assert_eq!(
            (back["error"].as_str(), back["field"].as_str()),
            (Some("history_goes_back"), Some("status_from")),
            "{}",
            node.backend
        );
        assert_eq!(audit_events(&node).await, before, "nothing written");
        // Registered late: the whole history with its dates.
        complete["status_history"] = json!([
            {"status": "requested", "from": "2024-09-01"},
            {"status": "decided", "from": "2024-09-10", "note": "Besluit op het verzoek"}
        ]);
        status_json(
            node.send_json(
                Role::Policy,
                Method::PUT,
                &format!("/api/v1/assistance/{id}"),
                complete,
            )
            .await,
            200,
        )
        .await;
        let one = status_json(
            node.get(
                Role::Policy,
                &format!("/api/v1/assistance/{id}?as_of=2024-09-05"),
            )
            .await,
            200,
        )
        .await;
        assert_eq!(one["status"], "decided");
        assert_eq!(
            one["status_on"],
            json!({"date": "2024-09-05", "status": "requested", "since": "2024-09-01"})
        );
        assert_eq!(one["status_history"][1]["note"], "Besluit op het verzoek");
        assert_eq!(one["versions"].as_array().unwrap().len(), 2);
        assert_eq!(one["versions"][0]["value"]["status"], "requested");

        // A malformed body names the field; an unknown kind of capability too.
        let broken = status_json(
            node.send_json(
                Role::Policy,
                Method::POST,
                "/api/v1/assistance",
                json!({"direction": "requested", "partner": "BE", "event": "x",
                       "start": "2024-01-01", "status": "draft",
                       "capabilities": [{"capability": "tanks", "quantity": 1}]}),
            )
            .await,
            400,
        )
        .await;
        assert_eq!(broken["field"], "capabilities[0].capability");
        // Liaison officers read the registry but do not write it.
        let forbidden = node
            .send_json(Role::Liaison, Method::POST, "/api/v1/assistance", request)
            .await;
        assert_eq!(forbidden.status(), 403);
        assert_eq!(
            node.get(Role::Liaison, "/api/v1/assistance").await.status(),
            200
        );
    }
}

#[tokio::test]
async fn personal_instruments_need_a_purpose() {
    for node in nodes().await {
        let answer = status_json(node.get(Role::Deployment, "/api/v1/contacts").await, 400).await;
        assert_eq!(answer["error"], "purpose_required", "{}", node.backend);
        let contacts: Value = node
            .get(
                Role::Deployment,
                "/api/v1/contacts?purpose=bereikbaarheid%20check",
            )
            .await
            .json()
            .await
            .unwrap();
        assert!(!contacts.as_array().unwrap().is_empty());
        assert_eq!(
            node.get(
                Role::Policy,
                "/api/v1/contacts?purpose=bereikbaarheid%20check"
            )
            .await
            .status(),
            403
        );
        let list: Value = node
            .get(
                Role::Deployment,
                "/api/v1/care/high-risk?as_of=2023-11-24&purpose=dagelijkse%20controle",
            )
            .await
            .json()
            .await
            .unwrap();
        assert!(list.as_array().unwrap().len() >= 7, "{}", node.backend);
        assert!(list[0]["contact"]["phone"].is_string());
        let levels: Value = node
            .get(Role::Policy, "/api/v1/care/levels?as_of=2023-11-24")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(levels[0]["level"], "extreme");
    }
}

#[tokio::test]
async fn the_annex_comes_as_markdown_html_and_pdf() {
    for node in nodes().await {
        let md = node
            .get(
                Role::Policy,
                "/api/v1/reports/annex?period=2024-H1&as_of=2024-04-17&format=md",
            )
            .await;
        assert_eq!(md.status(), 200, "{}", node.backend);
        assert!(
            md.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains("2024-H1.md")
        );
        let text = md.text().await.unwrap();
        assert!(text.contains("peildatum 17 april 2024"));
        let html = node
            .get(Role::Policy, "/api/v1/reports/annex?period=2024-H1")
            .await;
        assert_eq!(
            html.headers()["content-type"].to_str().unwrap(),
            "text/html; charset=utf-8"
        );
        assert!(html.text().await.unwrap().contains("30 juni 2024"));
        let bad = status_json(
            node.get(Role::Policy, "/api/v1/reports/annex?period=2024-H3")
                .await,
            400,
        )
        .await;
        assert_eq!(bad["field"], "period");
        let bad = status_json(
            node.get(
                Role::Policy,
                "/api/v1/reports/annex?period=2024-H1&format=docx",
            )
            .await,
            400,
        )
        .await;
        assert_eq!(bad["field"], "format");
        assert_eq!(
            node.get(Role::Liaison, "/api/v1/reports/annex?period=2024-H1")
                .await
                .status(),
            403
        );
    }
    // The page that asks for the period and format.
    let node = nodes().await.into_iter().next().unwrap();
    let page = node.get(Role::Policy, "/annex").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    // The page answers its own form (the document, or itself with the error at the field).
    assert!(html.contains(r#"action="/annex""#), "{html}");
    let previous = grenzeloos_domain::time::HalfYear::of(node.app.today()).previous();
    assert!(html.contains(&format!(r#"value="{}" selected"#, previous.code())));
    // The PDF once (typesetting takes a moment).
    let pdf = node
        .get(
            Role::Policy,
            "/api/v1/reports/annex?period=2023-H2&as_of=2023-11-24&format=pdf",
        )
        .await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
}

#[tokio::test]
async fn the_partner_profile_lists_what_we_have_with_a_partner() {
    for node in nodes().await {
        let profile = status_json(
            node.get(Role::Liaison, "/api/v1/partners/co/profile").await,
            200,
        )
        .await;
        assert_eq!(profile["name_nl"], "Colombia", "{}", node.backend);
        assert!(
            profile["agreements"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["title"] == "Letter of Intent Colombia")
        );
        assert!(
            profile["placements"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["city"] == "Cartagena")
        );
        assert_eq!(
            node.get(Role::Liaison, "/api/v1/partners/XX-NONE/profile")
                .await
                .status(),
            404
        );
    }
}
