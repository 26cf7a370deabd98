//! The SPOC desk's registers over HTTP (issue 14): the languages each partner accepts
//! (SPOC-08), whose consent is missing (BNL-01), the oral request's 24-hour confirmation
//! (BNL-02), the on-call judicial contacts (SPOC-15), the transfer assessment before anything
//! goes to a third country (LED-03), and the erasure of a closed case's personal data with its
//! statistics kept (SPOC-14). The test clock stands at 2026-03-16T09:00:00Z.

use super::{Node, desk_nodes as nodes};
use grenzeloos_domain::access::Role;
use reqwest::Method;
use serde_json::{Value, json};

const REQUESTS: &str = "/api/v1/spoc/requests";

async fn send(node: &Node, role: Role, method: Method, path: &str, body: Value) -> (u16, Value) {
    let response = node.send_json(role, method, path, body).await;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn post(node: &Node, path: &str, body: Value) -> (u16, Value) {
    send(node, Role::Spoc, Method::POST, path, body).await
}

async fn get(node: &Node, path: &str) -> Value {
    let response = node.get(Role::Spoc, path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

fn incoming(partner: &str, language: &str) -> Value {
    json!({
        "direction": "incoming", "partner": partner, "received_at": "2026-03-16T08:30:00+01:00",
        "urgency": "non_urgent", "availability": "direct", "language": language,
        "subjects": [{"type": "person", "given_names": "Pieter", "family_name": "Verbeke", "date_of_birth": "1975-06-01"}]
    })
}

fn outgoing(partner: &str, language: &str) -> Value {
    json!({
        "direction": "outgoing", "partner": partner, "urgency": "non_urgent",
        "availability": "direct", "language": language, "information_requested": "Known addresses?",
        "offences": [{"description": "Oplichting", "max_penalty_months": 48}],
        "facts": "A stolen car was sold with false papers.",
        "subjects": [{"type": "vehicle", "plate": "XK-123-Z"}]
    })
}

fn id_of(case: &Value) -> String {
    case["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn an_outgoing_request_is_written_in_a_language_the_partner_accepts_spoc_08() {
    for node in nodes().await {
        let b = &node.backend;
        // Without a list, only English is sure to be read.
        let (status, error) = post(&node, REQUESTS, outgoing("DE", "de")).await;
        assert_eq!(status, 422, "{b}: {error}");
        assert_eq!(error["error"], "language_not_accepted");
        assert_eq!(error["field"], "language");
        let (status, list) = send(
            &node,
            Role::Spoc,
            Method::PUT,
            "/api/v1/spoc/languages/de",
            json!({"languages": ["de", "en"]}),
        )
        .await;
        assert_eq!(status, 200, "{b}: {list}");
        assert_eq!(list["partner"], "DE");
        assert_eq!(
            list["languages"],
            json!(["de"]),
            "{b}: English is not stored"
        );
        let (status, created) = post(&node, REQUESTS, outgoing("DE", "de")).await;
        assert_eq!(status, 201, "{b}: {created}");
        let (status, error) = post(&node, REQUESTS, outgoing("DE", "fr")).await;
        assert_eq!(status, 422, "{b}: {error}");
        assert!(
            error["message"].as_str().unwrap().contains("de, en"),
            "{b}: {error}"
        );
        let view = get(&node, &format!("{REQUESTS}/{}", id_of(&created))).await;
        assert_eq!(view["accepted_languages"], json!(["de", "en"]));
        let all = get(&node, "/api/v1/spoc/languages").await;
        assert_eq!(all.as_array().unwrap().len(), 1, "{b}");
        // Bad input names its field; the policy role cannot change the list.
        let (status, error) = send(
            &node,
            Role::Spoc,
            Method::PUT,
            "/api/v1/spoc/languages/DE",
            json!({"languages": ["de", "de"]}),
        )
        .await;
        assert_eq!(
            (status, error["field"].as_str()),
            (422, Some("languages[1]"))
        );
        let (status, _) = send(
            &node,
            Role::Policy,
            Method::PUT,
            "/api/v1/spoc/languages/DE",
            json!({"languages": []}),
        )
        .await;
        assert_eq!(status, 403);
    }
}

#[tokio::test]
async fn the_operator_sees_whose_consent_is_missing_and_cannot_pass_it_on_bnl_01() {
    for node in nodes().await {
        let b = &node.backend;
        let (_, case) = post(&node, REQUESTS, incoming("BE", "en")).await;
        let id = id_of(&case);
        let at = |step: &str| format!("{REQUESTS}/{id}/{step}");
        // The information came partly from France; consent asked.
        let (status, view) = post(
            &node,
            &at("consent"),
            json!({"state": "FR", "consent": "requested"}),
        )
        .await;
        assert_eq!(status, 200, "{b}: {view}");
        assert_eq!(view["consent_missing"], json!(["FR"]));
        assert!(view["consents"][0]["asked_at"].is_string());
        let (status, error) = post(
            &node,
            &at("answer"),
            json!({"language": "en", "text": "Known."}),
        )
        .await;
        assert_eq!(status, 422, "{b}: {error}");
        assert_eq!(error["error"], "consent_missing");
        assert!(error["message"].as_str().unwrap().contains("FR"), "{error}");
        // France refuses: that part is refused on ground (h).
        let (_, view) = post(
            &node,
            &at("consent"),
            json!({"state": "FR", "consent": "refused"}),
        )
        .await;
        assert_eq!(view["consent_refused"], json!(["FR"]));
        let (status, error) = post(
            &node,
            &at("answer"),
            json!({"language": "en", "text": "Known."}),
        )
        .await;
        assert_eq!(
            (status, error["error"].as_str()),
            (422, Some("consent_refused")),
            "{b}"
        );
        // France consents after all.
        let (_, view) = post(
            &node,
            &at("consent"),
            json!({"state": "FR", "consent": "given"}),
        )
        .await;
        assert_eq!(view["consent_missing"], json!([]));
        let (status, answered) = post(
            &node,
            &at("answer"),
            json!({"language": "en", "text": "Known."}),
        )
        .await;
        assert_eq!(status, 200, "{b}: {answered}");
        assert_eq!(answered["status"], "answered");
        // The message carries where the information came from, with the consent.
        let mut conn = node
            .app
            .domain(grenzeloos_store::Domain::Exchange)
            .read()
            .await
            .unwrap();
        let outbox = grenzeloos_store::spoc::outbox(&mut conn, &id)
            .await
            .unwrap();
        let payload: Value = serde_json::from_str(outbox[0].payload.as_deref().unwrap()).unwrap();
        assert_eq!(
            payload["body"]["origins"],
            json!([{"state": "FR", "consent": "given"}]),
            "{b}: {payload}"
        );
        // Bad input: our own state, an unknown state.
        let (status, error) = post(&node, &at("consent"), json!({"state": "NL"})).await;
        assert_eq!((status, error["field"].as_str()), (422, Some("state")));
        let (status, error) = post(&node, &at("consent"), json!({"state": "XX"})).await;
        assert_eq!((status, error["field"].as_str()), (422, Some("state")));
    }
}

#[tokio::test]
async fn an_oral_benelux_request_shows_its_confirmation_due_until_it_is_confirmed_bnl_02() {
    for node in nodes().await {
        let b = &node.backend;
        let mut body = incoming("BE", "nl");
        body["oral"] = json!(true);
        body["channel"] = json!("telephone");
        body["channel_exception"] = json!("b");
        let (status, case) = post(&node, REQUESTS, body).await;
        assert_eq!(status, 201, "{b}: {case}");
        let id = id_of(&case);
        let view = get(&node, &format!("{REQUESTS}/{id}")).await;
        assert_eq!(view["oral_confirmation"]["state"], "pending", "{b}");
        assert_eq!(
            view["oral_confirmation"]["due"],
            "2026-03-17T08:30:00+01:00"
        );
        let open = get(&node, REQUESTS).await;
        let line = open
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["id"] == id.as_str())
            .unwrap();
        assert_eq!(line["oral_confirmation_due"], "2026-03-17T08:30:00+01:00");

        let (status, view) = post(
            &node,
            &format!("{REQUESTS}/{id}/oral-confirmation"),
            json!({"at": "2026-03-16T09:45:00+01:00"}),
        )
        .await;
        assert_eq!(status, 200, "{b}: {view}");
        assert_eq!(view["oral_confirmation"]["state"], "confirmed");
        assert_eq!(view["oral_confirmation"]["in_time"], true);
        let open = get(&node, REQUESTS).await;
        let line = open
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["id"] == id.as_str())
            .unwrap();
        assert_eq!(line["oral_confirmation_due"], Value::Null);
        let (status, error) = post(
            &node,
            &format!("{REQUESTS}/{id}/oral-confirmation"),
            json!({}),
        )
        .await;
        assert_eq!(
            (status, error["error"].as_str()),
            (409, Some("already_confirmed"))
        );

        // A written request has nothing to confirm; an oral one must have come by telephone.
        let (_, written) = post(&node, REQUESTS, incoming("BE", "en")).await;
        let (status, _) = post(
            &node,
            &format!("{REQUESTS}/{}/oral-confirmation", id_of(&written)),
            json!({}),
        )
        .await;
        assert_eq!(status, 409);
        let mut by_siena = incoming("BE", "en");
        by_siena["oral"] = json!(true);
        let (status, error) = post(&node, REQUESTS, by_siena).await;
        assert_eq!(
            (status, error["field"].as_str()),
            (422, Some("channel")),
            "{b}"
        );
    }
}

#[tokio::test]
async fn the_on_call_judicial_contacts_show_on_a_case_that_may_need_them_spoc_15() {
    for node in nodes().await {
        let b = &node.backend;
        let duty = json!({
            "name": "mr. J. Bakker", "authority": "Officier van justitie, Landelijk Parket",
            "phone": "+31 88 699 0000", "email": "piket@om.nl",
            "on_call_from": "2026-03-16T08:00:00+01:00", "on_call_until": "2026-03-23T08:00:00+01:00"
        });
        let (status, contact) = post(&node, "/api/v1/spoc/judicial-contacts", duty.clone()).await;
        assert_eq!(status, 201, "{b}: {contact}");
        let mut later = duty.clone();
        later["name"] = json!("mr. A. Smit");
        later["on_call_from"] = json!("2026-03-23T08:00:00+01:00");
        later["on_call_until"] = json!("2026-03-30T08:00:00+02:00");
        let (status, _) = post(&node, "/api/v1/spoc/judicial-contacts", later).await;
        assert_eq!(status, 201);
        assert_eq!(
            get(&node, "/api/v1/spoc/judicial-contacts")
                .await
                .as_array()
                .unwrap()
                .len(),
            2
        );

        // An open incoming case may need a judicial authorisation: who is on duty now shows.
        let (_, case) = post(&node, REQUESTS, incoming("BE", "en")).await;
        let view = get(&node, &format!("{REQUESTS}/{}", id_of(&case))).await;
        let shown: Vec<&str> = view["judicial_contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(shown, ["mr. J. Bakker"], "{b}");
        // An outgoing one does not.
        let (_, ours) = post(&node, REQUESTS, outgoing("BE", "en")).await;
        let view = get(&node, &format!("{REQUESTS}/{}", id_of(&ours))).await;
        assert_eq!(view["judicial_contacts"], json!([]));

        // Withdrawn: the next duty is shown instead.
        let path = format!(
            "/api/v1/spoc/judicial-contacts/{}/withdraw",
            contact["id"].as_str().unwrap()
        );
        let response = node
            .send_json(Role::Spoc, Method::POST, &path, json!({}))
            .await;
        assert_eq!(response.status(), 204);
        let view = get(&node, &format!("{REQUESTS}/{}", id_of(&case))).await;
        assert_eq!(view["judicial_contacts"][0]["name"], "mr. A. Smit", "{b}");

        // Bad input names its field; a duty over already is refused.
        let mut bad = duty.clone();
        bad["phone"] = json!("ask the desk");
        let (status, error) = post(&node, "/api/v1/spoc/judicial-contacts", bad).await;
        assert_eq!((status, error["field"].as_str()), (422, Some("phone")));
        let mut over = duty;
        over["on_call_from"] = json!("2026-03-01T08:00:00+01:00");
        over["on_call_until"] = json!("2026-03-08T08:00:00+01:00");
        let (status, error) = post(&node, "/api/v1/spoc/judicial-contacts", over).await;
        assert_eq!(
            (status, error["field"].as_str()),
            (422, Some("on_call_until"))
        );
        // The supervisor reads the audit, not the register.
        assert_eq!(
            node.get(Role::Supervisor, "/api/v1/spoc/judicial-contacts")
                .await
                .status(),
            403
        );
    }
}

#[tokio::test]
async fn nothing_goes_to_a_third_country_without_a_transfer_assessment_led_03() {
    for node in nodes().await {
        let b = &node.backend;
        // The demo registry holds a signed MoU with Dubai Police: never a basis.
        let (status, error) = post(&node, REQUESTS, outgoing("AE", "en")).await;
        assert_eq!(status, 422, "{b}: {error}");
        assert_eq!(error["error"], "transfer_assessment_required");
        assert_eq!(error["field"], "transfer");
        assert!(
            error["message"].as_str().unwrap().contains("MoU"),
            "{error}"
        );
        let registry: Value = node
            .get(Role::Spoc, "/api/v1/agreements")
            .await
            .json()
            .await
            .unwrap();
        let mou = registry
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == "MoU Dubai Police")
            .unwrap()["id"]
            .clone();
        let mut on_mou = outgoing("AE", "en");
        on_mou["transfer"] = json!({"basis": "safeguards", "instrument": mou, "necessity": "the suspect's car was seen in Dubai", "decided_by": "mr. A. de Vries, OvJ"});
        let (status, error) = post(&node, REQUESTS, on_mou).await;
        assert_eq!(status, 422, "{b}: {error}");
        assert_eq!(error["error"], "not_a_basis");
        assert_eq!(error["field"], "transfer.instrument");
        assert!(
            error["message"].as_str().unwrap().contains("not binding"),
            "{error}"
        );

        let mut derogation = outgoing("AE", "en");
        derogation["transfer"] = json!({"basis": "derogation", "derogation": "d", "necessity": "the suspect's car was seen in Dubai", "decided_by": "mr. A. de Vries, OvJ"});
        let (status, created) = post(&node, REQUESTS, derogation).await;
        assert_eq!(status, 201, "{b}: {created}");
        let view = get(&node, &format!("{REQUESTS}/{}", id_of(&created))).await;
        assert_eq!(view["third_country"], true);
        let assessment = &view["transfer_assessments"][0];
        assert_eq!(
            (
                assessment["basis"].as_str(),
                assessment["derogation"].as_str()
            ),
            (Some("derogation"), Some("d"))
        );
        assert_eq!(assessment["recipient"], "AE");
        assert_eq!(
            view["outbox"][0]["transfer_assessment_id"], assessment["id"],
            "{b}: Art 37(3)/38(3) documentation"
        );

        // An incoming request from a third country: no answer before the assessment.
        let (status, case) = post(&node, REQUESTS, incoming("AE", "en")).await;
        assert_eq!(status, 201, "{b}: {case}");
        let id = id_of(&case);
        let (status, error) = post(
            &node,
            &format!("{REQUESTS}/{id}/answer"),
            json!({"language": "en", "text": "Known."}),
        )
        .await;
        assert_eq!(
            (status, error["error"].as_str()),
            (422, Some("transfer_assessment_required")),
            "{b}"
        );
        let (status, error) = post(
            &node,
            &format!("{REQUESTS}/{id}/transfer-assessment"),
            json!({"basis": "derogation", "necessity": "x", "decided_by": "y"}),
        )
        .await;
        assert_eq!((status, error["field"].as_str()), (422, Some("derogation")));
        let (status, _) = post(&node, &format!("{REQUESTS}/{id}/transfer-assessment"), json!({"basis": "derogation", "derogation": "c", "necessity": "imminent threat", "decided_by": "mr. A. de Vries, OvJ"})).await;
        assert_eq!(status, 200);
        let (status, answered) = post(
            &node,
            &format!("{REQUESTS}/{id}/answer"),
            json!({"language": "en", "text": "Known."}),
        )
        .await;
        assert_eq!(status, 200, "{b}: {answered}");
        assert!(answered["outbox"][0]["transfer_assessment_id"].is_string());
        // A Member State needs none.
        let (_, belgian) = post(&node, REQUESTS, incoming("BE", "en")).await;
        let (status, error) = post(
            &node,
            &format!("{REQUESTS}/{}/transfer-assessment", id_of(&belgian)),
            json!({"basis": "derogation", "derogation": "c", "necessity": "x", "decided_by": "y"}),
        )
        .await;
        assert_eq!(
            (status, error["error"].as_str()),
            (422, Some("not_a_third_country"))
        );
    }
}

#[tokio::test]
async fn a_closed_case_s_personal_data_are_erased_and_its_statistics_stay_spoc_14() {
    for node in nodes().await {
        let b = &node.backend;
        let (_, case) = post(&node, REQUESTS, incoming("BE", "en")).await;
        let id = id_of(&case);
        // Open: not yet.
        let (status, error) = post(
            &node,
            &format!("{REQUESTS}/{id}/erase"),
            json!({"reason": "niet meer nodig na afronding"}),
        )
        .await;
        assert_eq!(
            (status, error["error"].as_str()),
            (409, Some("case_open")),
            "{b}"
        );
        post(
            &node,
            &format!("{REQUESTS}/{id}/answer"),
            json!({"language": "en", "text": "Known."}),
        )
        .await;
        let before = get(&node, "/api/v1/spoc/statistics?year=2026").await;
        // The reason outlives the data: it may not name the person.
        let (status, error) = post(
            &node,
            &format!("{REQUESTS}/{id}/erase"),
            json!({"reason": "Verbeke niet meer nodig"}),
        )
        .await;
        assert_eq!(status, 422, "{b}: {error}");
        let (status, outcome) = post(
            &node,
            &format!("{REQUESTS}/{id}/erase"),
            json!({"reason": "niet meer nodig na afronding"}),
        )
        .await;
        assert_eq!(status, 200, "{b}: {outcome}");
        assert_eq!(outcome["subject_type"], "spoc_case");
        let view = get(&node, &format!("{REQUESTS}/{id}")).await;
        assert_eq!(view["request"], Value::Null, "{b}");
        assert!(view["erased_at"].is_string());
        assert_eq!(view["status"], "answered");
        assert!(
            view["communications"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["text"].is_null())
        );
        // The statistics count it still; the cross-check finds it no more.
        assert_eq!(
            get(&node, "/api/v1/spoc/statistics?year=2026").await,
            before,
            "{b}"
        );
        let (_, again) = post(&node, REQUESTS, incoming("BE", "en")).await;
        assert_eq!(again["related"], json!([]), "{b}");
        // No byte of it left in the rows.
        let mut conn = node
            .app
            .domain(grenzeloos_store::Domain::Exchange)
            .read()
            .await
            .unwrap();
        let subjects = grenzeloos_store::spoc::subjects(&mut conn, &id)
            .await
            .unwrap();
        assert!(subjects.iter().all(|s| s.data.is_none()));
        let (status, error) = post(
            &node,
            &format!("{REQUESTS}/{id}/erase"),
            json!({"reason": "niet meer nodig na afronding"}),
        )
        .await;
        assert_eq!(
            (status, error["error"].as_str()),
            (409, Some("already_erased"))
        );
    }
}
