use crate::{actor, audit_count, demo_apps};
use grenzeloos_app::AppError;
use grenzeloos_domain::access::Role;
use grenzeloos_domain::agreements::{AgreementInput, AgreementStatus, ExchangeKind, assess};
use grenzeloos_domain::assistance::{Assistance, AssistanceInput, check_legal_basis};
use grenzeloos_domain::instruments::Instrument;
use grenzeloos_domain::labels::Lang;
use grenzeloos_domain::status::{Revision, StatusChangeInput};
use jiff::civil::Date;
use std::collections::BTreeSet;

fn date(s: &str) -> Date {
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
        .map(|basis| basis.agreement.agreement.title)
        .collect()
}

const FRAMEWORK_DECISION: &str = "Kaderbesluit 2006/960/JBZ (Zweeds Kaderbesluit)";
const DIRECTIVE: &str = "Richtlijn (EU) 2023/977";

/// The legal basis by partner and date (no ID in the requirements checklist; source: Dir.
/// 2023/977 Arts 21–23, legal-requirements.md quick reference); the working arrangement with
/// Belgium is registered as an implementing agreement of the Benelux treaty (BNL-06).
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
        // The working arrangement with Belgium implements the treaty; it is no basis itself.
        assert_eq!(
            titles(&app, ExchangeKind::Assistance, "BE", "2024-06-01").await,
            vec!["Benelux-politieverdrag", "Prüm-besluit 2008/615/JBZ"],
            "{backend}"
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
        // Parties can be organisations: the EU–INTERPOL agreement names the EU and INTERPOL.
        let eu_interpol = all
            .iter()
            .find(|a| a.agreement.title == "Samenwerkingsovereenkomst EU-Interpol")
            .unwrap();
        assert_eq!(
            eu_interpol.agreement.parties,
            vec!["EU".to_string(), "INTERPOL".to_string()]
        );
        // The Benelux treaty was signed in 2018 and in force from 1 October 2023.
        assert_eq!(
            treaty.agreement.status_on(date("2021-12-02")),
            Some(AgreementStatus::Signed),
            "{backend}"
        );
        assert_eq!(
            treaty.agreement.status_on(date("2023-11-24")),
            Some(AgreementStatus::InForce),
            "{backend}"
        );
    }
}

/// Directive (EU) 2023/977 Arts 21–23: the Framework Decision governs until 11 December 2024,
/// the Directive from 12 December 2024, for the member states and the Schengen associated
/// states alike.
#[tokio::test]
async fn information_requests_rest_on_the_framework_decision_and_then_on_the_directive() {
    for (backend, app) in demo_apps().await {
        let kind = ExchangeKind::InformationRequest;
        for (partner, on, basis) in [
            ("FR", "2024-06-01", FRAMEWORK_DECISION),
            ("FR", "2024-12-11", FRAMEWORK_DECISION),
            ("FR", "2024-12-12", DIRECTIVE),
            ("FR", "2025-01-01", DIRECTIVE),
            ("NO", "2024-06-01", FRAMEWORK_DECISION),
            ("CH", "2025-01-01", DIRECTIVE),
            ("IS", "2025-01-01", DIRECTIVE),
        ] {
            assert_eq!(
                titles(&app, kind, partner, on).await,
                vec![basis],
                "{backend}: {partner} on {on}"
            );
        }
        // Belgium has the Benelux treaty besides.
        assert_eq!(
            titles(&app, kind, "BE", "2025-01-01").await,
            vec!["Benelux-politieverdrag", DIRECTIVE],
            "{backend}"
        );
        let answer = app
            .assess_legal_basis(
                &actor(Role::Policy),
                kind,
                "fr",
                date("2025-01-01"),
                Lang::En,
            )
            .await
            .unwrap();
        assert_eq!(answer.partner, "FR");
        assert_eq!(
            answer.bases[0].article.as_deref(),
            Some("art. 4 en 5"),
            "{backend}"
        );
        let repealed = answer
            .not_bases
            .iter()
            .find(|n| n.title == FRAMEWORK_DECISION)
            .unwrap();
        assert_eq!(repealed.verdict.code(), "ended", "{backend}");
        assert_eq!(
            repealed.explanation,
            format!("{FRAMEWORK_DECISION} applied until 2024-12-11; replaced by {DIRECTIVE}")
        );
        let early = app
            .assess_legal_basis(
                &actor(Role::Policy),
                kind,
                "FR",
                date("2024-06-01"),
                Lang::Nl,
            )
            .await
            .unwrap();
        let not_yet = early
            .not_bases
            .iter()
            .find(|n| n.title == DIRECTIVE)
            .unwrap();
        assert_eq!(
            not_yet.explanation,
            "Richtlijn (EU) 2023/977 is in werking maar pas van toepassing vanaf 12-12-2024"
        );
        // Why none with the Emirates: an MoU only.
        let emirates = app
            .assess_legal_basis(
                &actor(Role::Policy),
                kind,
                "AE",
                date("2024-06-01"),
                Lang::En,
            )
            .await
            .unwrap();
        assert!(emirates.bases.is_empty());
        let dubai = emirates
            .not_bases
            .iter()
            .find(|n| n.title == "MoU Dubai Police")
            .unwrap();
        assert_eq!(dubai.verdict.code(), "not_binding", "{backend}");
    }
}

/// The dates the walk visits: the first day of every quarter from 2005 to 2026, and each
/// date of every agreement with the days around it.
fn walk_dates(agreements: &[grenzeloos_store::agreements::AgreementRow]) -> BTreeSet<Date> {
    let mut dates = BTreeSet::new();
    for year in 2005..=2026 {
        for month in [1, 4, 7, 10] {
            dates.insert(Date::new(year, month, 1).unwrap());
        }
    }
    for a in agreements {
        let g = &a.agreement;
        for d in [g.signed, g.in_force, g.applies_from, g.ended]
            .into_iter()
            .flatten()
        {
            dates.insert(d);
            dates.extend(d.yesterday().ok());
            dates.extend(d.tomorrow().ok());
        }
    }
    dates
}

/// One rule for every caller: over every demo agreement, every kind of exchange, partners in
/// and outside the treaties, and a range of dates, the legal-basis lookup gives exactly the
/// agreements the rule accepts, and the assistance check accepts exactly those for assistance.
/// A working arrangement counts only through the treaty it implements (BNL-06).
#[tokio::test]
async fn the_lookup_and_the_assistance_check_agree_for_every_agreement_kind_and_date() {
    let partners = [
        "BE", "LU", "DE", "FR", "NO", "CH", "AE", "CO", "BR", "GB", "INTERPOL",
    ];
    for (backend, app) in demo_apps().await {
        let all = app.agreements(&actor(Role::Policy)).await.unwrap();
        let registry: Vec<(String, grenzeloos_domain::agreements::Agreement)> = all
            .iter()
            .map(|r| (r.id.clone(), r.agreement.clone()))
            .collect();
        let parent = |id: &str| {
            all.iter()
                .find(|r| r.id == id)
                .and_then(|r| r.implements.clone())
        };
        let dates = walk_dates(&all);
        let mut bases_seen = 0;
        for kind in ExchangeKind::ALL {
            for partner in partners {
                for &on in &dates {
                    let looked_up: BTreeSet<String> = app
                        .legal_bases(&actor(Role::Policy), *kind, partner, on)
                        .await
                        .unwrap()
                        .into_iter()
                        .map(|b| b.agreement.id)
                        .collect();
                    let by_rule: BTreeSet<String> = all
                        .iter()
                        .filter(|r| assess(&r.agreement, *kind, partner, on).is_basis())
                        .map(|r| r.id.clone())
                        .collect();
                    assert_eq!(looked_up, by_rule, "{backend}: {kind} {partner} {on}");
                    bases_seen += looked_up.len();
                    if *kind != ExchangeKind::Assistance || partner == "INTERPOL" {
                        continue;
                    }
                    for row in &all {
                        let mut request = Assistance::validate(
                            &AssistanceInput {
                                direction: "requested".into(),
                                partner: partner.into(),
                                event: "Walk".into(),
                                start: on.to_string(),
                                end: Some(on.to_string()),
                                status: "draft".into(),
                                legal_basis: Some(row.id.clone()),
                                ..Default::default()
                            },
                            &Revision::new(date("2026-03-16")),
                        )
                        .unwrap();
                        let accepted = check_legal_basis(&mut request, &registry, parent).is_ok();
                        assert_eq!(
                            accepted,
                            looked_up.contains(&row.id),
                            "{backend}: assistance with {partner} on {on} on {}",
                            row.agreement.title
                        );
                    }
                }
            }
        }
        assert!(bases_seen > 1000, "{backend}: the walk found {bases_seen}");
        // And through the use case itself, on the days that matter for Belgium.
        for on in ["2023-09-30", "2023-10-01", "2024-06-01"] {
            let looked_up: Vec<String> = app
                .legal_bases(
                    &actor(Role::Policy),
                    ExchangeKind::Assistance,
                    "BE",
                    date(on),
                )
                .await
                .unwrap()
                .into_iter()
                .map(|b| b.agreement.id)
                .collect();
            for row in &all {
                let saved = app
                    .save_instrument::<Assistance>(
                        &actor(Role::Policy),
                        None,
                        &AssistanceInput {
                            direction: "requested".into(),
                            partner: "BE".into(),
                            event: format!("Walk {on}"),
                            start: on.into(),
                            end: Some(on.into()),
                            status: "draft".into(),
                            legal_basis: Some(row.id.clone()),
                            ..Default::default()
                        },
                    )
                    .await;
                assert_eq!(
                    saved.is_ok(),
                    looked_up.contains(&row.id),
                    "{backend}: {on} {}: {saved:?}",
                    row.agreement.title
                );
            }
        }
    }
}

/// An MoU is no legal basis, and no implementing agreement can hang under one (BNL-06: the
/// implementing agreements of the instrument registry implement a treaty or EU instrument).
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

/// Bad input about time is refused at its field and leaves nothing behind: a status change
/// dated before the signature, a history that goes back in time, an applicability date
/// before the entry into force, an unknown organisation as a party.
#[tokio::test]
async fn a_history_that_does_not_fit_the_dates_is_refused_at_its_field() {
    for (backend, app) in demo_apps().await {
        let policy = actor(Role::Policy);
        let all = app.agreements(&policy).await.unwrap();
        let interpol = all
            .iter()
            .find(|a| a.agreement.title == "Samenwerkingsovereenkomst EU-Interpol")
            .unwrap()
            .clone();
        let base = AgreementInput {
            title: interpol.agreement.title.clone(),
            kind: "treaty".into(),
            status: "negotiating".into(),
            parties: interpol.agreement.parties.clone(),
            subject: interpol.agreement.subject.clone(),
            ..Default::default()
        };
        let events = audit_count(&app).await;
        let refuse = |input: AgreementInput, code: &'static str, field: &'static str| {
            let app = app.clone();
            let policy = policy.clone();
            let id = interpol.id.clone();
            let backend = backend.clone();
            async move {
                match app.update_agreement(&policy, &id, &input).await {
                    Err(AppError::Invalid(v)) => assert_eq!(
                        (v.code, v.field.as_deref()),
                        (code, Some(field)),
                        "{backend}: {}",
                        v.message
                    ),
                    other => panic!("{backend}: {other:?}"),
                }
            }
        };
        // Signed on a date, with its status change dated before it.
        refuse(
            AgreementInput {
                status: "in_force".into(),
                status_from: Some("2024-01-01".into()),
                signed: Some("2024-06-01".into()),
                ..base.clone()
            },
            "before_signature",
            "status_from",
        )
        .await;
        // A step back before the negotiations began (1 October 2022).
        refuse(
            AgreementInput {
                status: "exploring".into(),
                status_from: Some("2022-01-01".into()),
                ..base.clone()
            },
            "history_goes_back",
            "status_from",
        )
        .await;
        refuse(
            AgreementInput {
                status_history: Some(vec![
                    StatusChangeInput {
                        status: "exploring".into(),
                        from: "2021-07-19".into(),
                        note: None,
                    },
                    StatusChangeInput {
                        status: "negotiating".into(),
                        from: "2021-01-01".into(),
                        note: None,
                    },
                ]),
                ..base.clone()
            },
            "history_goes_back",
            "status_history[1].from",
        )
        .await;
        refuse(
            AgreementInput {
                status: "in_force".into(),
                signed: Some("2024-05-01".into()),
                in_force: Some("2024-06-01".into()),
                applies_from: Some("2024-05-31".into()),
                ..base.clone()
            },
            "before_entry_into_force",
            "applies_from",
        )
        .await;
        refuse(
            AgreementInput {
                parties: vec!["EU".into(), "NOBODY".into()],
                ..base.clone()
            },
            "unknown_partner",
            "parties[1]",
        )
        .await;
        assert_eq!(
            audit_count(&app).await,
            events,
            "{backend}: nothing written"
        );
        let after = app.agreement(&policy, &interpol.id).await.unwrap();
        assert_eq!(after, interpol, "{backend}");
        // Signing it later records the step from its date.
        let signed = app
            .update_agreement(
                &policy,
                &interpol.id,
                &AgreementInput {
                    status: "signed".into(),
                    status_from: Some("2025-02-03".into()),
                    ..base
                },
            )
            .await
            .unwrap();
        assert_eq!(signed.agreement.signed, Some(date("2025-02-03")));
        assert_eq!(
            signed.agreement.status_on(date("2024-04-17")),
            Some(AgreementStatus::Negotiating),
            "{backend}"
        );
        assert_eq!(
            signed.agreement.status_on(date("2025-02-03")),
            Some(AgreementStatus::Signed)
        );
    }
}
