//! The SPOC desk's API over HTTP (issue 14): a request gets its deadline to the hour
//! (SPOC-05) and the cases it relates to (SPOC-04); answers, refusals, delays and
//! clarifications follow the law (SPOC-06 … SPOC-08); every step lands in the outbox and the
//! exchange domain's audit trail (SPOC-13); bad input names its field and writes nothing.
//! The test clock stands at 2026-03-16T09:00:00Z (10:00 in Amsterdam).

use super::{Node, desk_nodes as nodes};
use grenzeloos_domain::access::Role;
use grenzeloos_store::Domain;
use reqwest::Method;
use serde_json::{Value, json};

const REQUESTS: &str = "/api/v1/spoc/requests";

fn belgian_request() -> Value {
    json!({
        "direction": "incoming", "partner": "BE", "received_at": "2026-03-16T08:30:00+01:00",
        "urgency": "urgent", "urgency_ground": "life_or_integrity", "availability": "direct",
        "language": "en",
        "subjects": [
            {"type": "person", "given_names": "Jan", "family_name": "Jansen", "date_of_birth": "1980-02-29"},
            {"type": "vehicle", "plate": "12-ABC-3"},
            {"type": "phone", "number": "+32 470 12 34 56"},
            {"type": "document", "number": "NX12 3456"}
        ]
    })
}

async fn create(node: &Node, body: Value) -> (u16, Value) {
    let response = node
        .send_json(Role::Spoc, Method::POST, REQUESTS, body)
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn post(node: &Node, path: &str, body: Value) -> (u16, Value) {
    let response = node.send_json(Role::Spoc, Method::POST, path, body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn exchange_actions(node: &Node) -> Vec<(String, Option<String>)> {
    let store = node.app.domain(Domain::Exchange);
    let mut conn = store.read().await.unwrap();
    let report = grenzeloos_store::audit::verify(
        &mut conn,
        Domain::Exchange,
        store.audit_public_key().unwrap(),
    )
    .await
    .unwrap();
    assert!(report.broken.is_none(), "the exchange trail verifies");
    let filter = grenzeloos_store::audit::Filter {
        limit: 1000,
        ..Default::default()
    };
    let mut events = grenzeloos_store::audit::list_in(&mut conn, Domain::Exchange, &filter)
        .await
        .unwrap();
    events.reverse();
    events.into_iter().map(|e| (e.action, e.purpose)).collect()
}

async fn cases_stored(node: &Node) -> i64 {
    let mut conn = node.app.domain(Domain::Exchange).read().await.unwrap();
    grenzeloos_store::spoc::count(&mut conn).await.unwrap()
}

#[tokio::test]
async fn a_request_gets_its_deadline_to_the_hour_and_the_cases_it_relates_to() {
    for node in nodes().await {
        let b = &node.backend;
        let (status, first) = create(&node, belgian_request()).await;
        assert_eq!(status, 201, "{b}: {first}");
        assert_eq!(first["reference"], "SPOC-2026-000001", "{b}");
        // Received 08:30 CET, urgent and directly available: from 09:00, 8 hours (SPOC-05).
        assert_eq!(first["deadline"], "2026-03-16T17:00:00+01:00", "{b}");
        assert_eq!(first["status"], "received");
        assert_eq!(first["related"], json!([]));

        // The same person spelt with one typing error and in capitals, the plate without
        // separators, the phone in 0032 form: found through the index (SPOC-04).
        let mut second = belgian_request();
        second["partner"] = json!("DE");
        second["language"] = json!("de");
        second["urgency"] = json!("non_urgent");
        second["urgency_ground"] = Value::Null;
        second["received_at"] = json!("2026-03-16T09:15:00+01:00");
        second["subjects"] = json!([
            {"type": "person", "family_name": "JANSSEN", "date_of_birth": "1980-02-29", "category": "suspect"},
            {"type": "vehicle", "plate": "12abc3"},
            {"type": "phone", "number": "0032470123456"}
        ]);
        let (status, created) = create(&node, second).await;
        assert_eq!(status, 201, "{b}: {created}");
        assert_eq!(created["reference"], "SPOC-2026-000002");
        // Non-urgent: 7 calendar days, the day of receipt not counted, to 24:00.
        assert_eq!(created["deadline"], "2026-03-24T00:00:00+01:00", "{b}");
        let related = created["related"].as_array().unwrap();
        assert_eq!(related.len(), 1, "{b}: {created}");
        assert_eq!(related[0]["id"], first["id"]);
        assert_eq!(related[0]["reference"], "SPOC-2026-000001");
        assert_eq!(
            related[0]["matched_on"],
            json!(["person", "phone", "vehicle_plate"]),
            "{b}"
        );

        // GET returns the same fields and the status; the read is audited with its purpose.
        let id = created["id"].as_str().unwrap();
        let response = node
            .as_role(
                Role::Spoc,
                node.http.get(node.url(&format!("{REQUESTS}/{id}"))),
            )
            .header("x-purpose", "beantwoording verzoek Duitsland")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let case: Value = response.json().await.unwrap();
        for field in ["id", "reference", "deadline", "related", "status"] {
            assert_eq!(case[field], created[field], "{b}: {field}");
        }
        assert_eq!(case["clock"], "running");
        assert_eq!(case["standing"], "on_time");
        assert_eq!(case["request"]["subjects"][0]["family_name"], "JANSSEN");
        assert_eq!(case["communications"][0]["kind"], "request");
        assert!(
            case["next_steps"]
                .as_array()
                .unwrap()
                .contains(&json!("answer"))
        );

        let actions = exchange_actions(&node).await;
        let codes: Vec<&str> = actions.iter().map(|(a, _)| a.as_str()).collect();
        assert_eq!(
            codes,
            [
                "spoc.case.create",
                "spoc.case.create",
                "spoc.case.crosscheck",
                "spoc.case.read"
            ],
            "{b}"
        );
        assert_eq!(
            actions[3].1.as_deref(),
            Some("beantwoording verzoek Duitsland")
        );
        assert!(actions[2].1.is_some(), "the cross-check names its purpose");
    }
}

#[tokio::test]
async fn answering_refusing_and_clarifying_follow_the_law_and_fill_the_outbox() {
    for node in nodes().await {
        let b = &node.backend;
        let (_, case) = create(&node, belgian_request()).await;
        let id = case["id"].as_str().unwrap().to_string();
        let at = |step: &str| format!("{REQUESTS}/{id}/{step}");

        // SPOC-08: the reply is in the request's language.
        let (status, error) =
            post(&node, &at("answer"), json!({"language": "nl", "text": "x"})).await;
        assert_eq!(status, 422, "{b}: {error}");
        assert_eq!(error["field"], "language");
        // SPOC-07: no refusal without a ground.
        let (status, error) = post(
            &node,
            &at("refusal"),
            json!({"grounds": [], "reasons": "r"}),
        )
        .await;
        assert_eq!(status, 422, "{b}: {error}");
        assert_eq!(error["error"], "refusal_ground_missing");
        // BNL-01: information from another state only with its consent.
        let (status, error) = post(
            &node,
            &at("answer"),
            json!({"language": "en", "text": "x", "origins": [{"state": "FR", "consent": "requested"}]}),
        )
        .await;
        assert_eq!(status, 422, "{b}: {error}");

        // A clarification asked at 08:45 CET and received 09:15 CET stops the clock for 30
        // minutes (SPOC-07): the deadline moves from 17:00 to 17:30.
        let (status, waiting) = post(
            &node,
            &at("clarification-request"),
            json!({"questions": "Which vehicle?", "received_at": "2026-03-16T08:45:00+01:00"}),
        )
        .await;
        assert_eq!(status, 200, "{b}: {waiting}");
        assert_eq!(waiting["status"], "awaiting_clarification");
        assert_eq!(waiting["clock"], "stopped");
        assert_eq!(waiting["deadline"], Value::Null);
        let (status, clarified) = post(
            &node,
            &at("clarification"),
            json!({"text": "The Audi.", "received_at": "2026-03-16T09:15:00+01:00"}),
        )
        .await;
        assert_eq!(status, 200, "{b}: {clarified}");
        assert_eq!(clarified["status"], "in_progress");
        assert_eq!(clarified["deadline"], "2026-03-16T17:30:00+01:00", "{b}");

        let (status, answered) = post(
            &node,
            &at("answer"),
            json!({"language": "en", "text": "Known to us."}),
        )
        .await;
        assert_eq!(status, 200, "{b}: {answered}");
        assert_eq!(answered["status"], "answered");
        assert_eq!(answered["in_time"], true);
        let queued: Vec<(&str, &str)> = answered["outbox"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["message_type"].as_str().unwrap(),
                    m["state"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            queued,
            [("clarification_request", "queued"), ("answer", "queued")],
            "{b}"
        );
        let kinds: Vec<&str> = answered["communications"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "request",
                "clarification_request",
                "clarification",
                "answer"
            ]
        );
        // Nothing more to answer.
        let (status, error) =
            post(&node, &at("answer"), json!({"language": "en", "text": "x"})).await;
        assert_eq!(status, 422, "{b}: {error}");
        assert_eq!(error["error"], "transition_not_allowed");

        // Judicial authorisation: the notice needs its length, and no answer meanwhile (Art 9).
        let (_, second) = create(&node, belgian_request()).await;
        let second_at =
            |step: &str| format!("{REQUESTS}/{}/{step}", second["id"].as_str().unwrap());
        let (status, error) = post(
            &node,
            &second_at("judicial-delay"),
            json!({"expected_days": 0, "reasons": "court order"}),
        )
        .await;
        assert_eq!(status, 422, "{b}: {error}");
        assert_eq!(error["field"], "expected_days");
        let (status, delayed) = post(
            &node,
            &second_at("judicial-delay"),
            json!({"expected_days": 5, "reasons": "a court order is needed"}),
        )
        .await;
        assert_eq!(status, 200, "{b}: {delayed}");
        assert_eq!(delayed["status"], "awaiting_judicial_authorisation");
        assert_eq!(delayed["judicial_delay"], true);
        let (status, _) = post(
            &node,
            &second_at("answer"),
            json!({"language": "en", "text": "x"}),
        )
        .await;
        assert_eq!(status, 422);
        let (status, refused) = post(
            &node,
            &second_at("refusal"),
            json!({"grounds": ["c", "g"], "reasons": "the court refused"}),
        )
        .await;
        assert_eq!(status, 200, "{b}: {refused}");
        assert_eq!(refused["status"], "refused");
        assert_eq!(refused["refusal_grounds"], json!(["c", "g"]));

        // SPOC-12: the year's statistics count both.
        let response = node
            .get(Role::Policy, "/api/v1/spoc/statistics?year=2026")
            .await;
        assert_eq!(response.status(), 200);
        let s: Value = response.json().await.unwrap();
        assert_eq!(
            s,
            json!({
                "year": 2026, "submitted": 0,
                "received": {"BE": {"urgent": 2, "non_urgent": 0, "answered_urgent": 1, "answered_non_urgent": 0}},
                "refused": {"BE": {"c": 1, "g": 1}},
                "judicial_deviations": {"BE": 1},
                "answered_in_time": {"answered": 2, "in_time": 2}
            }),
            "{b}"
        );
    }
}

#[tokio::test]
async fn bad_input_names_its_field_and_writes_nothing() {
    for node in nodes().await {
        let b = &node.backend;
        let cases: Vec<(Value, &str)> = vec![
            (json!({"direction": "incoming"}), "partner"),
            (
                {
                    let mut v = belgian_request();
                    v["colour"] = json!("red");
                    v
                },
                "colour",
            ),
            (
                {
                    let mut v = belgian_request();
                    v.as_object_mut().unwrap().remove("received_at");
                    v
                },
                "received_at",
            ),
            (
                {
                    let mut v = belgian_request();
                    v["received_at"] = json!("2026-03-17T08:00:00+01:00");
                    v
                },
                "received_at",
            ),
            (
                {
                    let mut v = belgian_request();
                    v["urgency_ground"] = Value::Null;
                    v
                },
                "urgency_ground",
            ),
            (
                {
                    let mut v = belgian_request();
                    v["partner"] = json!("Belgium");
                    v
                },
                "partner",
            ),
            (
                {
                    let mut v = belgian_request();
                    v["subjects"][0]["date_of_birth"] = json!("1981-02-29");
                    v
                },
                "subjects[0].date_of_birth",
            ),
            (
                {
                    let mut v = belgian_request();
                    v["subjects"][1] = json!({"type": "vehicle"});
                    v
                },
                "subjects[1]",
            ),
        ];
        for (body, field) in cases {
            let (status, error) = create(&node, body).await;
            // 400 for a value of the wrong form, 422 for a rule broken.
            assert!([400, 422].contains(&status), "{b}: {status} {error}");
            assert!(
                error["field"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with(field),
                "{b}: expected the field {field}: {error}"
            );
            assert!(!error["message"].as_str().unwrap().is_empty());
        }
        let response = node
            .as_role(
                Role::Spoc,
                node.http
                    .post(node.url(REQUESTS))
                    .header("content-type", "application/json")
                    .body("{\"direction\": "),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400);
        assert_eq!(cases_stored(&node).await, 0, "{b}: nothing half-written");
        let (status, _) = post(
            &node,
            &format!("{REQUESTS}/no-such-case/answer"),
            json!({"language": "en", "text": "x"}),
        )
        .await;
        assert_eq!(status, 404);
    }
}

#[tokio::test]
async fn only_the_desk_works_cases_and_the_supervisor_reads_the_audit_not_the_content() {
    for node in nodes().await {
        let b = &node.backend;
        let (_, case) = create(&node, belgian_request()).await;
        let path = format!("{REQUESTS}/{}", case["id"].as_str().unwrap());
        for role in [Role::Policy, Role::Admin, Role::Supervisor, Role::Forensic] {
            assert_eq!(node.get(role, &path).await.status(), 403, "{b}: {role}");
            let response = node
                .send_json(role, Method::POST, REQUESTS, belgian_request())
                .await;
            assert_eq!(response.status(), 403, "{b}: {role}");
        }
        assert_eq!(
            node.get(Role::Supervisor, "/api/v1/spoc/statistics")
                .await
                .status(),
            403
        );
        assert_eq!(cases_stored(&node).await, 1);
    }
}
