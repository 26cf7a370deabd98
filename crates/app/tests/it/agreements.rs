use crate::{actor, audit_count, demo_apps};
use grenzeloos_app::AppError;
use grenzeloos_domain::access::Role;
use grenzeloos_domain::agreements::{AgreementInput, ExchangeKind};

fn date(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

async fn titles(
    app: &grenzeloos_app::App,
    kind: ExchangeKind,
    partner: &str,
    on: &str,
) -> Vec<String> {
    app.legal_bases(&actor(Role::Policy), kind, partner, date(on))
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.agreement.title)
        .collect()
}

#[tokio::test]
async fn the_demo_answers_which_agreements_are_a_legal_basis() {
    for (backend, app) in demo_apps().await {
        assert_eq!(
            titles(&app, ExchangeKind::HotPursuit, "BE", "2024-01-01").await,
            vec!["Benelux-politieverdrag"],
            "{backend}"
        );
        // Before the Benelux treaty entered into force on 1 October 2023 it was no basis.
        assert!(
            titles(&app, ExchangeKind::HotPursuit, "LU", "2023-09-30")
                .await
                .is_empty(),
            "{backend}"
        );
        assert_eq!(
            titles(&app, ExchangeKind::Assistance, "BE", "2024-06-01").await,
            vec![
                "Benelux-politieverdrag",
                "Prüm-besluit 2008/615/JBZ",
                "Werkafspraak bijstand NL-BE"
            ],
            "{backend}"
        );
        assert_eq!(
            titles(&app, ExchangeKind::InformationRequest, "FR", "2024-06-01").await,
            vec!["Richtlijn (EU) 2023/977"]
        );
        // The MoU with Dubai Police is no basis for anything.
        assert!(
            titles(&app, ExchangeKind::InformationRequest, "AE", "2024-06-01")
                .await
                .is_empty(),
            "{backend}"
        );
        let all = app.agreements(&actor(Role::Policy)).await.unwrap();
        let arrangement = all
            .iter()
            .find(|a| a.agreement.title == "Werkafspraak bijstand NL-BE")
            .unwrap();
        let treaty = all
            .iter()
            .find(|a| a.agreement.title == "Benelux-politieverdrag")
            .unwrap();
        assert_eq!(arrangement.implements.as_deref(), Some(treaty.id.as_str()));
    }
}

#[tokio::test]
async fn an_mou_with_a_legal_basis_is_refused_and_nothing_is_written() {
    for (backend, app) in demo_apps().await {
        let events = audit_count(&app).await;
        let input = AgreementInput {
            title: "MoU Test".into(),
            kind: "mou".into(),
            status: "signed".into(),
            parties: vec!["BR".into()],
            subject: "police cooperation".into(),
            signed: Some("2025-01-01".into()),
            legal_basis_for: vec!["information_request".into()],
            ..Default::default()
        };
        match app.create_agreement(&actor(Role::Policy), &input).await {
            Err(AppError::Invalid(v)) => assert_eq!(
                (v.code, v.field.as_deref()),
                ("not_a_legal_basis", Some("legal_basis_for")),
                "{backend}"
            ),
            other => panic!("{backend}: {other:?}"),
        }
        assert_eq!(audit_count(&app).await, events, "{backend}");
        let all = app.agreements(&actor(Role::Policy)).await.unwrap();
        let mou = all
            .iter()
            .find(|a| a.agreement.title == "MoU Dubai Police")
            .unwrap();
        let under_mou = AgreementInput {
            title: "Werkafspraak onder MoU".into(),
            kind: "working_arrangement".into(),
            legal_basis_for: vec![],
            implements: Some(mou.id.clone()),
            ..input
        };
        let refused = app.create_agreement(&actor(Role::Policy), &under_mou).await;
        assert!(
            matches!(refused, Err(AppError::Invalid(ref v)) if v.field.as_deref() == Some("implements")),
            "{backend}: {refused:?}"
        );
    }
}
