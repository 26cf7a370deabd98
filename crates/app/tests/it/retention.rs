//! Retention rules per category of personal data and the daily review (WPG-02, SPOC-14):
//! what is due is listed, nothing is erased without a decision unless a rule says so, every
//! decision is audited.

use crate::actor;
use crate::erasure::{FAMILY, GIVEN, demo_nodes_with, found_of, person, settle};
use grenzeloos_app::jobs::{RETENTION_REVIEW, daily_jobs};
use grenzeloos_app::{Actor, App, AppError};
use grenzeloos_domain::access::{Permission, Role};
use grenzeloos_domain::instruments::Contact;
use grenzeloos_domain::retention::{Category, DecisionInput, Rule};
use grenzeloos_store::audit::Filter;
use grenzeloos_store::retention::Review;
use grenzeloos_store::testing::test_clock;

fn job() -> Actor {
    Actor::job(RETENTION_REVIEW, &[Permission::PersonalErase])
}

async fn due_for(app: &App, category: Category, subject: &str) -> Option<Review> {
    app.retention_list(&actor(Role::Deployment))
        .await
        .unwrap()
        .due
        .into_iter()
        .find(|r| r.category == category.as_str() && r.subject_id == subject)
}

async fn events(app: &App, action: &str) -> Vec<grenzeloos_store::audit::AuditEvent> {
    app.audit_events(
        &actor(Role::Supervisor),
        &Filter {
            action: Some(action.into()),
            limit: 50,
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

fn decision(decision: &str, reason: &str, keep_until: Option<&str>) -> DecisionInput {
    DecisionInput {
        decision: decision.into(),
        reason: reason.into(),
        keep_until: keep_until.map(Into::into),
    }
}

#[tokio::test]
async fn the_daily_review_lists_what_is_due_and_erases_only_what_a_rule_erases_by_itself() {
    for (backend, mut app, _) in demo_nodes_with(test_clock()).await {
        // The test clock stands at 2026-03-16; our officer's deployment ended 2024-06-30.
        let id = person(&app).await;
        let run = app.review_retention(&job()).await.unwrap();
        let officer = due_for(&app, Category::DeployedOfficer, &id).await.unwrap();
        assert_eq!(
            (
                officer.due.as_str(),
                officer.due_since.as_str(),
                officer.clock_start.as_str()
            ),
            ("review", "2025-06-30", "2024-06-30"),
            "{backend}: a year after the last deployment ended"
        );
        let contact = due_for(&app, Category::OfficerContact, &id).await.unwrap();
        assert_eq!(
            (contact.due.as_str(), contact.due_since.as_str()),
            ("erase", "2024-09-30"),
            "{backend}: three months after"
        );
        assert_eq!(run.categories["officer_contact"].erased_automatically, 0);
        // Due, but not erased: the default rule waits for a decision.
        let mut conn = app.store.read().await.unwrap();
        let record = grenzeloos_store::instruments::one::<Contact>(&mut conn, &id)
            .await
            .unwrap()
            .unwrap();
        assert!(record.erased_at.is_none() && !record.value.phone.is_empty());
        drop(conn);
        // A second run lists nothing twice.
        app.review_retention(&job()).await.unwrap();
        let list = app.retention_list(&actor(Role::Deployment)).await.unwrap();
        assert_eq!(
            list.due.iter().filter(|r| r.subject_id == id).count(),
            2,
            "{backend}"
        );

        // A rule that says so erases by itself, the contact record only.
        app.settings.retention.set(
            Category::OfficerContact,
            Rule {
                review_after_months: 1,
                erase_after_months: Some(3),
                automatic: true,
            },
        );
        let run = app.review_retention(&job()).await.unwrap();
        assert!(run.categories["officer_contact"].erased_automatically >= 1);
        settle(&app).await;
        let mut conn = app.store.read().await.unwrap();
        let record = grenzeloos_store::instruments::one::<Contact>(&mut conn, &id)
            .await
            .unwrap()
            .unwrap();
        assert!(
            record.erased_at.is_some() && record.value.phone.is_empty(),
            "{backend}"
        );
        let officer_row = grenzeloos_store::registry::officer(&mut conn, &id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                officer_row.officer.family_name.as_str(),
                officer_row.erased_at
            ),
            (FAMILY, None),
            "{backend}: the officer stays"
        );
        drop(conn);
        assert!(due_for(&app, Category::OfficerContact, &id).await.is_none());
        let erased = events(&app, "contact.erase").await;
        let ours = erased.iter().find(|e| e.object_id == id).unwrap();
        assert_eq!(ours.actor, "job:retention.review");
        assert!(
            ours.details
                .as_deref()
                .unwrap_or_default()
                .contains("\"ground\":\"retention_rule\""),
            "{backend}: {:?}",
            ours.details
        );
        crate::audit_count(&app).await;
    }
}

#[tokio::test]
async fn a_decision_keeps_the_data_until_a_date_or_erases_them_and_is_audited() {
    let clock = test_clock();
    for (backend, app, _) in demo_nodes_with(clock.clone()).await {
        clock.set("2026-03-16T09:00:00Z".parse().unwrap());
        let id = person(&app).await;
        app.review_retention(&job()).await.unwrap();
        let review = due_for(&app, Category::DeployedOfficer, &id).await.unwrap();
        let desk = actor(Role::Deployment);
        let reason = "nazorgtraject loopt nog";

        // Refused decisions say what is wrong and where, and change nothing.
        for (input, code, field) in [
            (
                decision("keep", reason, None),
                "keep_until_required",
                "keep_until",
            ),
            (
                decision("keep", reason, Some("2026-03-01")),
                "keep_until_past",
                "keep_until",
            ),
            (
                decision("keep", reason, Some("2026-02-30")),
                "invalid_date",
                "keep_until",
            ),
            (
                decision("keep", &format!("vraag van {GIVEN}"), Some("2027-01-01")),
                "personal_data_in_reason",
                "reason",
            ),
            (
                decision("maybe", reason, None),
                "invalid_choice",
                "decision",
            ),
        ] {
            match app.decide_retention(&desk, &review.id, &input).await {
                Err(AppError::Invalid(v)) => assert_eq!(
                    (v.code, v.field.as_deref()),
                    (code, Some(field)),
                    "{backend}: {input:?}"
                ),
                other => panic!("{backend}: {input:?}: {other:?}"),
            }
        }
        assert!(matches!(
            app.decide_retention(
                &actor(Role::Policy),
                &review.id,
                &decision("erase", reason, None)
            )
            .await,
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            app.decide_retention(&desk, "no-such-review", &decision("erase", reason, None))
                .await,
            Err(AppError::NotFound { .. })
        ));
        assert!(
            due_for(&app, Category::DeployedOfficer, &id)
                .await
                .is_some()
        );

        // Keep until 1 January 2027: off the list until then, back on it from that day.
        let kept = app
            .decide_retention(
                &desk,
                &review.id,
                &decision("keep", reason, Some("2027-01-01")),
            )
            .await
            .unwrap();
        assert_eq!(
            (
                kept.review.outcome.as_deref(),
                kept.review.keep_until.as_deref()
            ),
            (Some("keep"), Some("2027-01-01")),
            "{backend}"
        );
        assert!(kept.erasure.is_none());
        let again = app
            .decide_retention(&desk, &review.id, &decision("erase", reason, None))
            .await;
        assert!(
            matches!(&again, Err(AppError::Conflict(v)) if v.code == "already_decided"),
            "{backend}: {again:?}"
        );
        app.review_retention(&job()).await.unwrap();
        assert!(
            due_for(&app, Category::DeployedOfficer, &id)
                .await
                .is_none()
        );
        clock.set("2027-01-01T09:00:00Z".parse().unwrap());
        app.review_retention(&job()).await.unwrap();
        let back = due_for(&app, Category::DeployedOfficer, &id).await.unwrap();
        assert_eq!(
            (back.due.as_str(), back.due_since.as_str()),
            ("review", "2027-01-01"),
            "{backend}"
        );

        // Erase: the officer's data go from every version, the review records it.
        let erased = app
            .decide_retention(
                &desk,
                &back.id,
                &decision("erase", "geen uitzending meer voorzien", None),
            )
            .await
            .unwrap();
        let outcome = erased.erasure.unwrap();
        if !outcome.physically_removed {
            settle(&app).await;
        }
        assert_eq!(erased.review.outcome.as_deref(), Some("erase"));
        let mut conn = app.store.read().await.unwrap();
        let row = grenzeloos_store::registry::officer(&mut conn, &id)
            .await
            .unwrap()
            .unwrap();
        assert!(row.erased_at.is_some() && row.officer.family_name.is_empty());
        drop(conn);
        for action in ["retention.keep", "retention.erase", "officer.erase"] {
            let found = events(&app, action).await;
            assert!(
                found.iter().any(|e| e.actor == desk.username),
                "{backend}: {action}"
            );
        }
        // Every open review of the erased officer is settled.
        assert!(due_for(&app, Category::OfficerContact, &id).await.is_none());
        app.review_retention(&job()).await.unwrap();
        assert!(
            due_for(&app, Category::DeployedOfficer, &id)
                .await
                .is_none()
        );
        crate::audit_count(&app).await;
    }
}

#[tokio::test]
async fn the_list_is_for_whoever_decides_and_shows_the_rules_and_the_last_run() {
    let clock = test_clock();
    for (backend, app, _) in demo_nodes_with(clock.clone()).await {
        assert!(matches!(
            app.retention_list(&actor(Role::Policy)).await,
            Err(AppError::Forbidden(_))
        ));
        // The job runs from 04:00 Amsterdam time, by the node's clock.
        clock.set("2026-03-17T03:30:00Z".parse().unwrap());
        let runs = app.run_due_jobs(&daily_jobs()).await.unwrap();
        let run = runs.iter().find(|r| r.name == RETENTION_REVIEW).unwrap();
        assert!(
            run.ok && run.summary.contains("deployed_officer:"),
            "{backend}: {}",
            run.summary
        );
        let list = app.retention_list(&actor(Role::Admin)).await.unwrap();
        assert_eq!(
            list.last_run.map(|r| r.day),
            Some("2026-03-17".to_string()),
            "{backend}"
        );
        // The admin decides on the registry's categories; the SPOC cases are the desk's.
        let rules: Vec<Category> = list.rules.iter().map(|r| r.category).collect();
        assert_eq!(
            rules,
            [Category::DeployedOfficer, Category::OfficerContact],
            "{backend}"
        );
        assert!(
            list.due
                .iter()
                .all(|r| r.category == "deployed_officer" || r.category == "officer_contact"),
            "{backend}"
        );
        // The demo's officers whose last deployment ended more than a year ago are listed.
        assert!(!list.due.is_empty(), "{backend}");
    }
}

/// SPOC-14: a closed SPOC case comes up for review six months after its conclusion; the desk
/// (not the registry's staff) decides, and an erasure takes its personal data out of every
/// row and of the database files while the Art 18 statistics still count it.
#[tokio::test]
async fn a_concluded_spoc_case_comes_up_for_review_after_six_months_and_the_desk_erases_it() {
    use grenzeloos_domain::spoc::intake::{AnswerInput, NewCase};
    const NAME: &str = "Quintijn-Zx8Pq";
    const PLATE: &str = "QZ-871-WV";
    const ASKED: &str = "Verblijfplaats-Hq4Tn bekend?";
    let clock = test_clock();
    for (backend, app, path) in demo_nodes_with(clock.clone()).await {
        clock.set(grenzeloos_store::testing::TEST_EPOCH.parse().unwrap());
        let desk = actor(Role::Spoc);
        let input: NewCase = serde_json::from_value(serde_json::json!({
            "direction": "incoming", "partner": "BE", "received_at": "2026-03-16T08:30:00+01:00",
            "urgency": "non_urgent", "availability": "direct", "language": "en",
            "information_requested": ASKED,
            "subjects": [
                {"type": "person", "given_names": "Jan", "family_name": NAME, "date_of_birth": "1971-01-01"},
                {"type": "vehicle", "plate": PLATE}
            ]
        }))
        .unwrap();
        let case = app.create_case(&desk, &input).await.unwrap();
        let answer: AnswerInput =
            serde_json::from_value(serde_json::json!({"language": "en", "text": "Not known."}))
                .unwrap();
        app.answer_case(&desk, &case.id, &answer).await.unwrap();
        app.conclude_case(&desk, &case.id).await.unwrap();
        let before = app
            .spoc_statistics(&actor(Role::Policy), 2026)
            .await
            .unwrap();

        // Not yet due the day after; due six months after the conclusion.
        app.review_retention(&job()).await.unwrap();
        assert!(due_for_spoc(&app, &case.id).await.is_none(), "{backend}");
        clock.advance(jiff::SignedDuration::from_hours(24 * 184));
        app.review_retention(&job()).await.unwrap();
        let review = due_for_spoc(&app, &case.id)
            .await
            .expect("listed for the desk");
        assert_eq!(
            (
                review.due.as_str(),
                review.due_since.as_str(),
                review.clock_start.as_str()
            ),
            ("review", "2026-09-16", "2026-03-16"),
            "{backend}"
        );
        // The registry's staff neither see nor decide it.
        let staff = app.retention_list(&actor(Role::Deployment)).await.unwrap();
        assert!(
            staff.due.iter().all(|r| r.category != "spoc_case"),
            "{backend}"
        );
        let refused = app
            .decide_retention(
                &actor(Role::Deployment),
                &review.id,
                &decision("erase", "niet meer nodig na afronding", None),
            )
            .await;
        assert!(matches!(refused, Err(AppError::Forbidden(_))), "{backend}");
        // The reason outlives the data: it may not name the person.
        let named = app
            .decide_retention(
                &desk,
                &review.id,
                &decision("erase", &format!("{NAME} is niet meer nodig"), None),
            )
            .await;
        assert!(matches!(named, Err(AppError::Invalid(_))), "{backend}");
        let outcome = app
            .decide_retention(
                &desk,
                &review.id,
                &decision("erase", "uitwisseling afgerond, niet meer nodig", None),
            )
            .await
            .unwrap();
        assert!(outcome.erasure.is_some(), "{backend}");
        settle(&app).await;
        assert_eq!(
            found_of(&app, path.as_deref(), &[NAME, PLATE, ASKED]).await,
            Vec::<&str>::new(),
            "{backend}: nothing of the case's personal data is left in the database files"
        );
        let view = app.case(&desk, &case.id, None).await.unwrap();
        assert!(
            view.request.is_none() && view.erased_at.is_some(),
            "{backend}"
        );
        assert_eq!(
            app.spoc_statistics(&actor(Role::Policy), 2026)
                .await
                .unwrap(),
            before,
            "{backend}: the statistics still count it"
        );
        assert!(due_for_spoc(&app, &case.id).await.is_none(), "{backend}");
        let erased = events(&app, "retention.erase").await;
        assert!(erased.iter().any(|e| e.object_id == review.id), "{backend}");
    }
}

async fn due_for_spoc(app: &App, case_id: &str) -> Option<Review> {
    app.retention_list(&actor(Role::Spoc))
        .await
        .unwrap()
        .due
        .into_iter()
        .find(|r| r.category == Category::SpocCase.as_str() && r.subject_id == case_id)
}
