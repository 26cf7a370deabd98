use crate::{actor, apps, audit_count, demo_apps};
use grenzeloos_app::AppError;
use grenzeloos_domain::access::{Purpose, Role};
use grenzeloos_domain::registry::{DeploymentInput, MissionInput, OfficerInput};
use grenzeloos_store::audit::Filter;

fn purpose() -> Purpose {
    Purpose::parse(Some("staffing review")).unwrap()
}

async fn mission_id(app: &grenzeloos_app::App, name: &str) -> String {
    let today = "2024-04-17".parse().unwrap();
    app.missions(&actor(Role::Policy), today)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.mission.mission.name == name)
        .unwrap()
        .mission
        .id
}

async fn new_officer(app: &grenzeloos_app::App, number: &str) -> String {
    let input = OfficerInput {
        personnel_number: number.into(),
        given_name: "Test".into(),
        family_name: "Persoon".into(),
        gender: "x".into(),
        rank: None,
        unit: None,
    };
    app.create_officer(&actor(Role::Deployment), &input)
        .await
        .unwrap()
        .id
}

fn deployment(
    officer: &str,
    mission: &str,
    start: &str,
    end: &str,
    status: &str,
    consent: Option<&str>,
) -> DeploymentInput {
    DeploymentInput {
        officer_id: officer.into(),
        mission_id: mission.into(),
        function: "Adviseur".into(),
        start: start.into(),
        end: Some(end.into()),
        status: status.into(),
        consent_date: consent.map(Into::into),
        team_id: None,
    }
}

#[tokio::test]
async fn a_deployment_without_consent_is_refused_and_leaves_nothing() {
    for (backend, app) in demo_apps().await {
        let mission = mission_id(&app, "EULEX Kosovo").await;
        let officer = new_officer(&app, "T-1").await;
        let events = audit_count(&app).await;
        let refused = app
            .create_deployment(
                &actor(Role::Deployment),
                &deployment(
                    &officer,
                    &mission,
                    "2025-01-01",
                    "2025-12-31",
                    "deployed",
                    None,
                ),
            )
            .await;
        match refused {
            Err(AppError::Invalid(v)) => assert_eq!(
                (v.code, v.field.as_deref()),
                ("consent_missing", Some("consent_date")),
                "{backend}"
            ),
            other => panic!("{backend}: {other:?}"),
        }
        assert_eq!(
            audit_count(&app).await,
            events,
            "{backend}: a refused write left an audit event"
        );
        let detail = app
            .officer(&actor(Role::Deployment), &officer, &purpose())
            .await
            .unwrap();
        assert!(detail.deployments.is_empty(), "{backend}");
    }
}

#[tokio::test]
async fn an_officer_cannot_be_deployed_twice_at_once() {
    for (backend, app) in demo_apps().await {
        let kosovo = mission_id(&app, "EULEX Kosovo").await;
        let iraq = mission_id(&app, "EUAM Irak").await;
        let officer = new_officer(&app, "T-2").await;
        let staff = actor(Role::Deployment);
        app.create_deployment(
            &staff,
            &deployment(
                &officer,
                &kosovo,
                "2025-01-01",
                "2025-12-31",
                "deployed",
                Some("2024-11-01"),
            ),
        )
        .await
        .unwrap();
        let clash = app
            .create_deployment(
                &staff,
                &deployment(&officer, &iraq, "2025-12-31", "2026-06-30", "planned", None),
            )
            .await;
        assert!(
            matches!(clash, Err(AppError::Conflict(ref v)) if v.code == "overlapping_deployment"),
            "{backend}: {clash:?}"
        );
        // A cancelled deployment does not occupy the officer.
        app.create_deployment(
            &staff,
            &deployment(
                &officer,
                &iraq,
                "2025-12-31",
                "2026-06-30",
                "cancelled",
                None,
            ),
        )
        .await
        .unwrap();
        app.create_deployment(
            &staff,
            &deployment(&officer, &iraq, "2026-01-01", "2026-06-30", "planned", None),
        )
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn unknown_references_name_their_field() {
    for (backend, app) in demo_apps().await {
        let officer = new_officer(&app, "T-3").await;
        let refused = app
            .create_deployment(
                &actor(Role::Deployment),
                &deployment(
                    &officer,
                    "no-such-mission",
                    "2025-01-01",
                    "2025-02-01",
                    "planned",
                    None,
                ),
            )
            .await;
        assert!(
            matches!(refused, Err(AppError::Invalid(ref v)) if v.field.as_deref() == Some("mission_id")),
            "{backend}: {refused:?}"
        );
        let missing = app
            .mission(&actor(Role::Policy), "nope", "2024-01-01".parse().unwrap())
            .await;
        assert!(
            matches!(missing, Err(AppError::NotFound { .. })),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn policy_sees_counts_but_no_officers_and_the_refusal_is_audited() {
    for (backend, app) in demo_apps().await {
        let policy = actor(Role::Policy);
        let refused = app.officers(&policy, &purpose()).await;
        assert!(matches!(refused, Err(AppError::Forbidden(_))), "{backend}");
        let mut conn = app.store.read().await.unwrap();
        let events = grenzeloos_store::audit::list(
            &mut conn,
            &Filter {
                actor: Some(policy.username.clone()),
                limit: 5,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(events[0].outcome, "denied", "{backend}");
        assert_eq!(events[0].action, "officer.list");
    }
}

#[tokio::test]
async fn every_read_of_personal_data_is_audited_with_its_purpose() {
    for (backend, app) in demo_apps().await {
        let staff = actor(Role::Deployment);
        let officers = app.officers(&staff, &purpose()).await.unwrap();
        app.officer(&staff, &officers[0].id, &purpose())
            .await
            .unwrap();
        app.deployments(&staff, &Default::default(), &purpose())
            .await
            .unwrap();
        let mut conn = app.store.read().await.unwrap();
        let events = grenzeloos_store::audit::list(
            &mut conn,
            &Filter {
                actor: Some(staff.username.clone()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            vec!["deployment.list", "officer.read", "officer.list"],
            "{backend}"
        );
        assert!(
            events
                .iter()
                .all(|e| e.purpose.as_deref() == Some("staffing review"))
        );
        assert_eq!(events[1].object_id, officers[0].id);
    }
}

#[tokio::test]
async fn a_report_can_be_reproduced_as_recorded_before_a_correction() {
    for (backend, app) in demo_apps().await {
        let as_of = "2023-11-24".parse().unwrap();
        let policy = actor(Role::Policy);
        let before = app.deployment_overview(&policy, as_of, None).await.unwrap();
        let produced_at = app.now();
        // A correction: one EUAM Irak deployment really started later.
        let staff = actor(Role::Deployment);
        let iraq = mission_id(&app, "EUAM Irak").await;
        let filter = grenzeloos_store::registry::DeploymentFilter {
            mission_id: Some(iraq.clone()),
            on: Some(as_of),
            ..Default::default()
        };
        let mut views = app.deployments(&staff, &filter, &purpose()).await.unwrap();
        let d = views.pop().unwrap().deployment;
        let corrected = DeploymentInput {
            officer_id: d.officer_id.clone(),
            mission_id: d.mission_id.clone(),
            function: d.deployment.function.clone(),
            start: "2023-12-01".into(),
            end: d.deployment.period.end.map(|e| e.to_string()),
            status: d.deployment.status.as_str().into(),
            consent_date: None,
            team_id: None,
        };
        app.update_deployment(&staff, &d.id, &corrected)
            .await
            .unwrap();
        let after = app.deployment_overview(&policy, as_of, None).await.unwrap();
        assert_eq!(after.total, 27, "{backend}");
        let reproduced = app
            .deployment_overview(&policy, as_of, Some(produced_at))
            .await
            .unwrap();
        assert_eq!(reproduced.missions, before.missions, "{backend}");
        assert_eq!(reproduced.total, 28);
    }
}

#[tokio::test]
async fn a_station_change_shows_from_its_date() {
    for (backend, app) in apps().await {
        let admin = grenzeloos_app::Actor::person(
            "test",
            "test",
            "test",
            &[grenzeloos_domain::access::Role::Admin],
        );
        app.create_partner(
            &admin,
            &grenzeloos_domain::registry::PartnerInput {
                code: "EU".into(),
                kind: "organisation".into(),
                name_nl: Some("EU".into()),
                name_en: Some("EU".into()),
            },
        )
        .await
        .unwrap();
        let mission = app
            .create_mission(
                &admin,
                &MissionInput {
                    name: "EUBAM Libië".into(),
                    acronym: None,
                    mandated_by: "EU".into(),
                    start: "2013-05-22".into(),
                    end: None,
                    countries: "LY".into(),
                    station: "Tripoli".into(),
                },
            )
            .await
            .unwrap();
        let location = grenzeloos_domain::registry::LocationInput {
            valid_from: "2014-08-01".into(),
            countries: "LY".into(),
            station: "Tunesië".into(),
        };
        app.record_location(&admin, &mission.id, &location)
            .await
            .unwrap();
        let at = |d: &str| d.parse().unwrap();
        assert_eq!(
            app.mission(&admin, &mission.id, at("2014-07-31"))
                .await
                .unwrap()
                .summary
                .station,
            "Tripoli",
            "{backend}"
        );
        assert_eq!(
            app.mission(&admin, &mission.id, at("2014-08-01"))
                .await
                .unwrap()
                .summary
                .station,
            "Tunesië",
            "{backend}"
        );
        let outside = grenzeloos_domain::registry::LocationInput {
            valid_from: "2010-01-01".into(),
            ..location
        };
        assert!(matches!(
            app.record_location(&admin, &mission.id, &outside).await,
            Err(AppError::Invalid(_))
        ));
        let unknown_partner = MissionInput {
            name: "X".into(),
            acronym: None,
            mandated_by: "NATO".into(),
            start: "2020-01-01".into(),
            end: None,
            countries: "XK".into(),
            station: "Pristina".into(),
        };
        let refused = app.create_mission(&admin, &unknown_partner).await;
        assert!(
            matches!(refused, Err(AppError::Invalid(ref v)) if v.field.as_deref() == Some("mandated_by")),
            "{backend}"
        );
    }
}
