use crate::{actor, audit_count, demo_apps};
use grenzeloos_app::{App, AppError};
use grenzeloos_domain::access::{Purpose, Role};
use grenzeloos_domain::assistance::{Assistance, AssistanceInput, Direction, Settlement};
use grenzeloos_domain::instruments::{
    Commitment, Development, Dossier, DossierInput, DossierStatus, Incident, Placement,
    PlacementInput, Programme, SecurityLevel,
};

fn date(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

fn purpose() -> Purpose {
    Purpose::parse(Some("staffing desk duty of care")).unwrap()
}

async fn agreement_id(app: &App, title: &str) -> String {
    app.agreements(&actor(Role::Policy))
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.agreement.title == title)
        .unwrap()
        .id
}

#[tokio::test]
async fn the_demo_holds_the_liaisons_and_placements_of_the_seeds() {
    for (backend, app) in demo_apps().await {
        let placements = app
            .instruments::<Placement>(&actor(Role::Liaison), None)
            .await
            .unwrap();
        let filled = |on: &str| -> Vec<String> {
            let mut posts: Vec<String> = placements
                .iter()
                .filter(|p| p.value.filled_on(date(on)))
                .map(|p| p.value.post())
                .collect();
            posts.sort();
            posts
        };
        assert_eq!(
            filled("2021-12-02"),
            vec!["Brasília, BR", "MAOC-N", "Tirana, AL"],
            "{backend}"
        );
        assert_eq!(
            filled("2024-04-17"),
            vec!["Brasília, BR", "Cartagena, CO", "MAOC-N", "Tirana, AL"],
            "{backend}"
        );
        let cartagena = placements
            .iter()
            .find(|p| p.value.host_country == "CO")
            .unwrap();
        assert_eq!(cartagena.value.focus.as_deref(), Some("havens"));
        // The MAOC-N director served three years from 1 November 2021.
        assert!(!filled("2024-11-01").contains(&"MAOC-N".to_string()));
    }
}

#[tokio::test]
async fn demo_assistance_takes_its_legal_basis_from_the_agreements() {
    for (backend, app) in demo_apps().await {
        let benelux = agreement_id(&app, "Benelux-politieverdrag").await;
        let enschede = agreement_id(&app, "Verdrag van Enschede (NL-DE)").await;
        let prum = agreement_id(&app, "Prüm-besluit 2008/615/JBZ").await;
        let all = app
            .instruments::<Assistance>(&actor(Role::Policy), None)
            .await
            .unwrap();
        let basis = |partner: &str, direction: Direction| -> Vec<Option<String>> {
            all.iter()
                .filter(|a| {
                    a.value.partner == partner
                        && a.value.direction == direction
                        && a.value.status.as_str() != "draft"
                })
                .map(|a| a.value.legal_basis.clone())
                .collect()
        };
        let from_belgium = basis("BE", Direction::Requested);
        assert!(from_belgium.len() >= 3, "{backend}");
        assert!(from_belgium.iter().all(|b| b.as_ref() == Some(&benelux)));
        assert!(
            basis("DE", Direction::Requested)
                .iter()
                .all(|b| b.as_ref() == Some(&enschede))
        );
        assert!(
            basis("FR", Direction::Provided)
                .iter()
                .all(|b| b.as_ref() == Some(&prum))
        );
        let events: Vec<&str> = all
            .iter()
            .filter(|a| a.value.direction == Direction::Provided)
            .map(|a| a.value.event.as_str())
            .collect();
        for event in [
            "UEFA EURO 2024",
            "Olympische Spelen Parijs 2024",
            "Gentse Feesten 2024",
            "Tour de France 2024",
        ] {
            assert!(events.contains(&event), "{backend}: {event}");
        }
        // After the NL–BE working arrangement of March 2024 its terms settle the costs.
        let after = all
            .iter()
            .find(|a| a.value.partner == "BE" && a.value.period.start == date("2024-03-17"))
            .unwrap();
        assert_eq!(after.value.settlement, Settlement::PerArrangement);
        let before = all
            .iter()
            .find(|a| a.value.partner == "BE" && a.value.period.start == date("2023-12-09"))
            .unwrap();
        assert_eq!(before.value.settlement, Settlement::OwnCosts);
    }
}

#[tokio::test]
async fn the_demo_holds_dossiers_commitments_programmes_and_developments() {
    for (backend, app) in demo_apps().await {
        let policy = actor(Role::Policy);
        let dossiers = app.instruments::<Dossier>(&policy, None).await.unwrap();
        let interpol = dossiers
            .iter()
            .find(|d| d.value.title.contains("EU–Interpol"))
            .unwrap();
        assert_eq!(
            interpol.value.status,
            DossierStatus::Negotiating,
            "{backend}"
        );
        assert!(
            interpol
                .value
                .references
                .iter()
                .any(|r| r.contains("22 112, nr. 3115"))
        );
        let commitments = app.instruments::<Commitment>(&policy, None).await.unwrap();
        assert!(
            commitments
                .iter()
                .any(|c| c.value.title.contains("België") && c.value.status.open())
        );
        let programmes = app.instruments::<Programme>(&policy, None).await.unwrap();
        for partner in ["SR", "UA", "CO"] {
            assert!(
                programmes
                    .iter()
                    .any(|p| p.value.partners.iter().any(|c| c == partner)),
                "{backend}: {partner}"
            );
        }
        let developments = app.instruments::<Development>(&policy, None).await.unwrap();
        let first_half_2024 = developments
            .iter()
            .filter(|d| d.value.date >= date("2024-01-01") && d.value.date <= date("2024-06-30"))
            .count();
        assert!(first_half_2024 >= 5, "{backend}: {first_half_2024}");
    }
}

#[tokio::test]
async fn a_change_is_a_new_version_and_an_audit_event() {
    for (backend, app) in demo_apps().await {
        let policy = actor(Role::Policy);
        let mut input = DossierInput {
            title: "Schengenevaluatie politiesamenwerking".into(),
            topic: "eu".into(),
            status: "announced".into(),
            ..Default::default()
        };
        let before = audit_count(&app).await;
        let created = app
            .save_instrument::<Dossier>(&policy, None, &input)
            .await
            .unwrap();
        input.status = "proposal".into();
        app.save_instrument::<Dossier>(&policy, Some(&created.id), &input)
            .await
            .unwrap();
        let (current, versions) = app
            .instrument::<Dossier>(&policy, &created.id, None)
            .await
            .unwrap();
        assert_eq!(current.value.status, DossierStatus::Proposal, "{backend}");
        assert_eq!(versions.len(), 2);
        assert_eq!(versions[0].value.status, DossierStatus::Announced);
        assert!(versions[0].recorded_to.is_some());
        assert_eq!(versions[1].recorded_by, "test-policy");
        assert_eq!(audit_count(&app).await, before + 2);
        // An unknown id is a 404, not a new record.
        let err = app
            .save_instrument::<Dossier>(&policy, Some("nope"), &input)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::NotFound { .. }));
    }
}

#[tokio::test]
async fn refused_input_names_the_field_and_writes_nothing() {
    for (backend, app) in demo_apps().await {
        let staff = actor(Role::Deployment);
        let before = audit_count(&app).await;
        let placement = PlacementInput {
            officer_id: Some("no-such-officer".into()),
            kind: "liaison".into(),
            host_country: "CO".into(),
            function: "Politieliaison".into(),
            start: "2024-01-01".into(),
            status: "active".into(),
            ..Default::default()
        };
        let err = app
            .save_instrument::<Placement>(&staff, None, &placement)
            .await
            .unwrap_err();
        let AppError::Invalid(violation) = err else {
            panic!("{backend}: {err:?}")
        };
        assert_eq!(violation.field.as_deref(), Some("officer_id"));
        let dossier = DossierInput {
            title: "x".into(),
            topic: "eu".into(),
            status: "proposal".into(),
            partners: vec!["NOT-REGISTERED".into()],
            ..Default::default()
        };
        let err = app
            .save_instrument::<Dossier>(&staff, None, &dossier)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Invalid(v) if v.field.as_deref() == Some("partners[0]")));
        // Assistance from Belgium before any treaty allowed it, with no basis in the registry.
        let request = AssistanceInput {
            direction: "requested".into(),
            partner: "GB".into(),
            event: "Demonstratie".into(),
            start: "2024-01-01".into(),
            end: Some("2024-01-01".into()),
            capabilities: vec![grenzeloos_domain::assistance::CapabilityInput {
                capability: "water_cannon".into(),
                quantity: 1,
                personnel: 4,
            }],
            status: "requested".into(),
            ..Default::default()
        };
        let err = app
            .save_instrument::<Assistance>(&staff, None, &request)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, AppError::Invalid(v) if v.code == "no_legal_basis"),
            "{backend}: {err:?}"
        );
        assert_eq!(audit_count(&app).await, before, "{backend}");
    }
}

#[tokio::test]
async fn personal_kinds_need_the_permission_and_a_purpose_and_are_audited() {
    for (backend, app) in demo_apps().await {
        let err = app
            .instruments::<Incident>(&actor(Role::Policy), Some(&purpose()))
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Forbidden(_)), "{backend}");
        let err = app
            .instruments::<Incident>(&actor(Role::Deployment), None)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Invalid(v) if v.code == "purpose_required"));
        let before = audit_count(&app).await;
        let incidents = app
            .instruments::<Incident>(&actor(Role::Deployment), Some(&purpose()))
            .await
            .unwrap();
        assert_eq!(incidents.len(), 5, "{backend}");
        assert_eq!(audit_count(&app).await, before + 1);
        let events = app
            .audit_events(
                &actor(Role::Supervisor),
                &grenzeloos_app::supervision::AuditQuery {
                    action: "incident.list".into(),
                    ..Default::default()
                }
                .filter(10)
                .unwrap(),
            )
            .await
            .unwrap();
        let last = events.iter().find(|e| e.action == "incident.list").unwrap();
        assert_eq!(last.purpose.as_deref(), Some("staffing desk duty of care"));
    }
}

#[tokio::test]
async fn the_high_risk_list_shows_who_is_where_with_their_contacts() {
    for (backend, app) in demo_apps().await {
        let staff = actor(Role::Deployment);
        let list = app
            .high_risk(&staff, date("2023-11-24"), &purpose())
            .await
            .unwrap();
        let in_mission = |name: &str| list.iter().filter(|r| r.mission == name).count();
        assert_eq!(in_mission("EUPOL COPPS"), 3, "{backend}");
        assert_eq!(in_mission("USSC"), 1);
        assert_eq!(in_mission("EUCAP SAHEL Mali"), 1);
        assert_eq!(in_mission("EUAM Oekraïne"), 2);
        assert_eq!(in_mission("OVSE West-Balkan"), 0);
        assert!(list.iter().all(|r| r.level.high_risk()));
        assert!(list.iter().all(|r| r.contact.is_some()));
        assert_eq!(list[0].level, SecurityLevel::Extreme);
        // Before MINUSMA's withdrawal Mali was not yet high-risk.
        let earlier = app
            .high_risk(&staff, date("2023-06-01"), &purpose())
            .await
            .unwrap();
        assert!(!earlier.iter().any(|r| r.mission == "EUCAP SAHEL Mali"));
        // Policy staff see the levels, not the people.
        let levels = app
            .security_levels(&actor(Role::Policy), date("2023-11-24"))
            .await
            .unwrap();
        let copps = levels.iter().find(|l| l.mission == "EUPOL COPPS").unwrap();
        assert_eq!(copps.level, Some(SecurityLevel::High));
        assert_eq!(copps.officers, 3);
        assert!(matches!(
            app.high_risk(&actor(Role::Policy), date("2023-11-24"), &purpose())
                .await,
            Err(AppError::Forbidden(_))
        ));
    }
}

#[tokio::test]
async fn the_partner_page_gathers_everything_with_a_partner() {
    for (backend, app) in demo_apps().await {
        let profile = app
            .partner_profile(&actor(Role::Liaison), "be")
            .await
            .unwrap();
        assert_eq!(profile.name_nl, "België", "{backend}");
        let titles: Vec<&str> = profile
            .agreements
            .iter()
            .map(|a| a.agreement.title.as_str())
            .collect();
        assert!(titles.contains(&"Benelux-politieverdrag"));
        assert!(titles.contains(&"Werkafspraak bijstand NL-BE"));
        assert!(profile.assistance.len() >= 4);
        assert!(
            profile
                .commitments
                .iter()
                .any(|c| c.value.title.contains("België"))
        );
        assert!(
            profile
                .timeline
                .windows(2)
                .all(|w| w[0].period.start <= w[1].period.start)
        );
        let ukraine = app
            .partner_profile(&actor(Role::Liaison), "UA")
            .await
            .unwrap();
        assert!(
            ukraine
                .missions
                .iter()
                .any(|m| m.mission.name == "EUAM Oekraïne")
        );
        assert!(!ukraine.programmes.is_empty());
        let err = app
            .partner_profile(&actor(Role::Liaison), "ATLANTIS")
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::NotFound { .. }));
    }
}

#[tokio::test]
async fn an_agreements_history_shows_every_version() {
    for (backend, app) in demo_apps().await {
        let policy = actor(Role::Policy);
        let id = agreement_id(&app, "MoU Brazilië").await;
        let current = app.agreement(&policy, &id).await.unwrap();
        let input = grenzeloos_domain::agreements::AgreementInput {
            title: current.agreement.title.clone(),
            kind: "mou".into(),
            status: "signed".into(),
            parties: vec!["BR".into()],
            subject: current.agreement.subject.clone(),
            signed: Some("2025-03-01".into()),
            ..Default::default()
        };
        app.update_agreement(&policy, &id, &input).await.unwrap();
        let versions = app.agreement_history(&policy, &id).await.unwrap();
        assert_eq!(versions.len(), 2, "{backend}");
        assert_eq!(versions[0].row.agreement.signed, None);
        assert_eq!(versions[1].row.agreement.signed, Some(date("2025-03-01")));
        assert!(versions[0].recorded_to.is_some() && versions[1].recorded_to.is_none());
        assert!(matches!(
            app.agreement_history(&policy, "nope").await,
            Err(AppError::NotFound { .. })
        ));
    }
}

#[tokio::test]
async fn the_agenda_shows_what_is_coming_up() {
    for (backend, app) in demo_apps().await {
        let agenda = app
            .agenda(&actor(Role::Liaison), date("2024-06-01"), 90)
            .await
            .unwrap();
        let events: Vec<&str> = agenda
            .assistance
            .iter()
            .map(|a| a.value.event.as_str())
            .collect();
        assert_eq!(
            events,
            vec![
                "Demonstratie Utrecht",
                "UEFA EURO 2024",
                "Tour de France 2024",
                "Gentse Feesten 2024",
                "Olympische Spelen Parijs 2024"
            ],
            "{backend}"
        );
        assert_eq!(agenda.commitments.len(), 2);
        assert!(agenda.placements_ending.is_empty());
        assert!(
            agenda
                .risk_areas
                .iter()
                .any(|a| a.mission == "EUAM Oekraïne")
        );
        let later = app
            .agenda(&actor(Role::Liaison), date("2024-08-15"), 90)
            .await
            .unwrap();
        assert_eq!(
            later.placements_ending.len(),
            1,
            "the MAOC-N director's term"
        );
    }
}
