//! Erasure and retention over real HTTP (SPOC-14, WPG-02): `POST /api/v1/officers/{id}/erase`,
//! the retention list and decisions, the officer page's erase button; and the whole task in a
//! real browser.

use crate::browser::browser;
use crate::{Node, nodes};
use fantoccini::Locator;
use grenzeloos_app::Actor;
use grenzeloos_domain::access::{Permission, Role};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

const PURPOSE: &str = "personeelsdossier bijwerken";

/// An officer of our own with a contact record and a deployment that ended in 2024.
async fn officer(node: &Node, number: &str, family: &str) -> String {
    let body = json!({"personnel_number": number, "given_name": "Geertruida", "family_name": family, "gender": "female", "rank": "inspecteur"});
    let created: Value = node
        .send_json(Role::Deployment, Method::POST, "/api/v1/officers", body)
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    let contact = json!({"officer_id": id, "phone": "+31 6 1212 3434", "email": format!("{number}@politie.demo.invalid")});
    let answer = node
        .send_json(Role::Deployment, Method::POST, "/api/v1/contacts", contact)
        .await;
    assert_eq!(answer.status(), 201, "{:?}", answer.text().await);
    id
}

async fn erase(node: &Node, role: Role, id: &str, body: Value) -> (u16, Value) {
    let answer = node
        .send_json(
            role,
            Method::POST,
            &format!("/api/v1/officers/{id}/erase"),
            body,
        )
        .await;
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

/// Waits for the node's cleanup when a transaction of another test on the shared server held
/// it up (the answer says so).
async fn settle(node: &Node) {
    for _ in 0..30 {
        if node.app.finish_erasures().await.unwrap() == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("the cleanup did not complete");
}

#[tokio::test]
async fn the_erase_endpoint_erases_with_a_reason_and_refuses_with_the_field() {
    for node in nodes().await {
        let b = node.backend.clone();
        let id = officer(&node, "PN-HTTP-1", "Oosterhuis-Kq4").await;
        for (body, status, field) in [
            (json!({}), 400, Some("reason")),
            (json!({"reason": "weg"}), 422, Some("reason")),
            (
                json!({"reason": "verzoek van Oosterhuis-Kq4 zelf"}),
                422,
                Some("reason"),
            ),
        ] {
            let (got, answer) = erase(&node, Role::Deployment, &id, body.clone()).await;
            assert_eq!(got, status, "{b}: {body}: {answer}");
            assert_eq!(answer["field"].as_str(), field, "{b}: {body}: {answer}");
            assert!(
                !answer["message"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("Oosterhuis"),
                "{b}: no personal data in error messages"
            );
        }
        let not_json = node
            .as_role(
                Role::Deployment,
                node.http
                    .post(node.url(&format!("/api/v1/officers/{id}/erase")))
                    .body("reason=x"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(not_json.status(), 415, "{b}");
        let reason = json!({"reason": "verzoek AVG art. 17, uit dienst"});
        for role in [Role::Policy, Role::Supervisor, Role::Spoc] {
            assert_eq!(
                erase(&node, role, &id, reason.clone()).await.0,
                403,
                "{b}: {role}"
            );
        }
        assert_eq!(
            erase(&node, Role::Deployment, "no-such-officer", reason.clone())
                .await
                .0,
            404,
            "{b}"
        );

        let (status, answer) = erase(&node, Role::Deployment, &id, reason.clone()).await;
        assert_eq!(status, 200, "{b}: {answer}");
        assert_eq!(answer["subject_type"], "officer");
        assert_eq!(answer["subject_id"], id.as_str());
        assert_eq!(answer["versions"]["officers"], 1, "{b}: {answer}");
        assert_eq!(answer["versions"]["contact"], 1, "{b}: {answer}");
        assert!(answer["erasure_id"].as_str().is_some_and(|e| !e.is_empty()));
        if answer["physically_removed"] != true {
            assert!(answer["note"].is_string(), "{b}: {answer}");
            settle(&node).await;
        }
        let read: Value = node
            .as_role(
                Role::Deployment,
                node.http.get(node.url(&format!("/api/v1/officers/{id}"))),
            )
            .header("x-purpose", PURPOSE)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(read["erased_at"].is_string(), "{b}: {read}");
        assert_eq!(read["family_name"], "", "{b}");
        assert!(
            read["personnel_number"]
                .as_str()
                .is_some_and(|n| n.starts_with("ERASED-"))
        );
        let (status, again) = erase(&node, Role::Deployment, &id, reason.clone()).await;
        assert_eq!(
            (status, again["error"].as_str()),
            (409, Some("already_erased")),
            "{b}"
        );
        // The admin may erase too.
        let other = officer(&node, "PN-HTTP-2", "Veldhuis-Zt8").await;
        assert_eq!(erase(&node, Role::Admin, &other, reason).await.0, 200);

        // The supervisor sees the erasure in the audit trail, without the reason.
        let events: Value = node
            .get(Role::Supervisor, "/api/v1/audit?action=officer.erase")
            .await
            .json()
            .await
            .unwrap();
        let events = events.as_array().unwrap();
        assert_eq!(events.len(), 2, "{b}: {events:?}");
        assert!(
            events
                .iter()
                .all(|e| !e.to_string().contains("AVG") && !e.to_string().contains("Oosterhuis")),
            "{b}"
        );
    }
}

#[tokio::test]
async fn the_retention_list_and_decisions_over_http() {
    for node in nodes().await {
        let b = node.backend.clone();
        let id = officer(&node, "PN-HTTP-3", "Brinkman-Wd2").await;
        let mission: Value = node
            .get(Role::Policy, "/api/v1/missions?as_of=2024-04-17")
            .await
            .json()
            .await
            .unwrap();
        let mission = mission
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == "EULEX Kosovo")
            .unwrap()["id"]
            .clone();
        let deployment = json!({"officer_id": id, "mission_id": mission, "function": "adviseur",
            "start": "2023-01-01", "end": "2023-12-31", "status": "ended", "consent_date": "2022-12-01"});
        let answer = node
            .send_json(
                Role::Deployment,
                Method::POST,
                "/api/v1/deployments",
                deployment,
            )
            .await;
        assert_eq!(answer.status(), 201, "{b}: {:?}", answer.text().await);
        assert_eq!(
            node.get(Role::Policy, "/api/v1/retention").await.status(),
            403
        );
        node.app
            .review_retention(&Actor::job(
                "retention.review",
                &[Permission::PersonalErase],
            ))
            .await
            .unwrap();
        let list: Value = node
            .get(Role::Deployment, "/api/v1/retention")
            .await
            .json()
            .await
            .unwrap();
        let review = list["due"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["subject_id"] == id.as_str() && r["category"] == "deployed_officer")
            .unwrap_or_else(|| panic!("{b}: {list}"))
            .clone();
        assert_eq!(review["due"], "review", "{b}");
        assert_eq!(review["clock_start"], "2023-12-31", "{b}");
        let rules: Value = node
            .get(Role::Admin, "/api/v1/retention/rules")
            .await
            .json()
            .await
            .unwrap();
        assert!(
            rules
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["category"] == "officer_contact" && r["regime"] == "avg"),
            "{b}: {rules}"
        );
        let path = format!(
            "/api/v1/retention/{}/decision",
            review["id"].as_str().unwrap()
        );
        // A value of the wrong form is a 400, a rule it breaks a 422 (issue 12).
        for (body, status, field) in [
            (
                json!({"decision": "keep", "reason": "nazorg loopt nog"}),
                422,
                "keep_until",
            ),
            (
                json!({"decision": "keep", "reason": "nazorg loopt nog", "keep_until": "morgen"}),
                400,
                "keep_until",
            ),
            (
                json!({"decision": "later", "reason": "nazorg loopt nog"}),
                400,
                "decision",
            ),
            (json!({"decision": "keep"}), 400, "reason"),
        ] {
            let answer = node
                .send_json(Role::Deployment, Method::POST, &path, body.clone())
                .await;
            assert_eq!(answer.status(), status, "{b}: {body}");
            let answer: Value = answer.json().await.unwrap();
            assert_eq!(answer["field"], field, "{b}: {body}: {answer}");
        }
        let answer = node
            .send_json(
                Role::Policy,
                Method::POST,
                &path,
                json!({"decision": "erase", "reason": "geen uitzending meer"}),
            )
            .await;
        assert_eq!(answer.status(), 403);
        let answer = node
            .send_json(
                Role::Deployment,
                Method::POST,
                &path,
                json!({"decision": "keep", "reason": "nazorg loopt nog", "keep_until": "2027-01-01"}),
            )
            .await;
        assert_eq!(answer.status(), 200, "{b}: {:?}", answer.text().await);
        let kept: Value = answer.json().await.unwrap();
        assert_eq!(kept["review"]["outcome"], "keep");
        assert!(kept.get("erasure").is_none());
        let answer = node
            .send_json(
                Role::Deployment,
                Method::POST,
                &path,
                json!({"decision": "erase", "reason": "geen uitzending meer"}),
            )
            .await;
        assert_eq!(answer.status(), 409, "{b}: already decided");
        let events: Value = node
            .get(Role::Supervisor, "/api/v1/audit?action=retention.keep")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(events.as_array().unwrap().len(), 1, "{b}");
    }
}

#[tokio::test]
async fn the_officer_page_erases_only_with_the_box_ticked() {
    for node in nodes().await {
        let b = node.backend.clone();
        let id = officer(&node, "PN-PAGE-1", "Hofstede-Nb6").await;
        let cookie = format!("grenzeloos_purpose={}", PURPOSE.replace(' ', "%20"));
        let page = node
            .as_role(
                Role::Deployment,
                node.http.get(node.url(&format!("/officers/{id}"))),
            )
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains(&format!("action=\"/officers/{id}/erase\"")),
            "{b}"
        );
        // Policy staff have no such button (and no access to the page at all).
        let post = |role: Role, form: Vec<(&'static str, &'static str)>| {
            node.as_role(
                role,
                node.http
                    .post(node.url(&format!("/officers/{id}/erase")))
                    .form(&form),
            )
            .header("cookie", &cookie)
            .send()
        };
        let refused = post(
            Role::Deployment,
            vec![("reason", "verzoek AVG art. 17, uit dienst")],
        )
        .await
        .unwrap();
        assert_eq!(refused.status(), 400, "{b}: no confirmation");
        assert!(
            refused
                .text()
                .await
                .unwrap()
                .contains("Vink aan dat het wissen niet ongedaan kan worden gemaakt")
        );
        let refused = post(
            Role::Deployment,
            vec![("reason", "weg"), ("confirm", "yes")],
        )
        .await
        .unwrap();
        assert_eq!(refused.status(), 400, "{b}: no reason");
        assert_eq!(
            post(
                Role::Policy,
                vec![("reason", "verzoek AVG art. 17"), ("confirm", "yes")]
            )
            .await
            .unwrap()
            .status(),
            403
        );
        let mut conn = node.app.store.read().await.unwrap();
        let still = grenzeloos_store::registry::officer(&mut conn, &id)
            .await
            .unwrap()
            .unwrap();
        assert!(
            still.erased_at.is_none(),
            "{b}: refused means nothing erased"
        );
        drop(conn);
        let done = post(
            Role::Deployment,
            vec![
                ("reason", "verzoek AVG art. 17, uit dienst"),
                ("confirm", "yes"),
            ],
        )
        .await
        .unwrap();
        assert_eq!(done.status(), 303, "{b}");
        assert_eq!(
            done.headers()["location"].to_str().unwrap(),
            format!("/officers/{id}")
        );
        let page = node
            .as_role(
                Role::Deployment,
                node.http.get(node.url(&format!("/officers/{id}"))),
            )
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Gewiste functionaris"), "{b}");
        assert!(!page.contains("Hofstede-Nb6") && !page.contains("PN-PAGE-1"));
        assert!(!page.contains("/erase\""), "{b}: no second erasure");
        let list = node
            .as_role(Role::Deployment, node.http.get(node.url("/retention")))
            .send()
            .await
            .unwrap();
        assert_eq!(list.status(), 200, "{b}");
        assert!(list.text().await.unwrap().contains("Bewaartermijnen"));
    }
}

// -- in a real browser ----------------------------------------------------------------------------

#[tokio::test]
async fn the_staffing_desk_erases_an_officer_in_the_browser() {
    let node = nodes().await.into_iter().next().unwrap();
    let id = officer(&node, "PN-BROWSER-1", "Dijkstra-Rf5").await;
    let b = browser().await;
    let base = node.base.clone();
    b.sign_in(&base, "r-deployment", "test password 123").await;
    b.client
        .goto(&format!("{base}/officers/{id}"))
        .await
        .unwrap();
    // First the purpose of consulting personal data (none is chosen for the user), then the
    // page.
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#purpose-1"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.client
        .find(Locator::Css("form[action='/purpose'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let form = b
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(&format!(
            "form[action='/officers/{id}/erase']"
        )))
        .await
        .unwrap();
    assert!(b.text("h1").await.contains("Dijkstra-Rf5"));
    let reason = form.find(Locator::Id("f-reason")).await.unwrap();
    reason
        .send_keys("verzoek AVG art. 17, uit dienst")
        .await
        .unwrap();
    // Without the box ticked the page comes back with the reason kept and says why.
    b.client
        .find(Locator::Id("erase-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("e-confirm"))
        .await
        .unwrap();
    assert!(b.text("h1").await.contains("Dijkstra-Rf5"));
    b.client
        .find(Locator::Id("f-confirm"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.screenshot("officer-erase").await;
    b.client
        .find(Locator::Id("erase-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("erasure-notice"))
        .await
        .unwrap();
    assert!(b.text("h1").await.contains("Gewiste functionaris"));
    let main = b.text("main").await;
    assert!(!main.contains("Dijkstra-Rf5"), "{main}");
    assert!(main.contains("Persoonsgegevens gewist op"), "{main}");
}
