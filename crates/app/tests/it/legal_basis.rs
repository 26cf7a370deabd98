//! The partner of a legal-basis question, named as people name it (issue 13): "België",
//! "belgie" and "BE" are one partner, and a partner the node does not know is refused at the
//! field, never answered with "no legal basis" (source: Dir. 2023/977 Arts 21–23,
//! legal-requirements.md quick reference).

use crate::{actor, demo_apps};
use grenzeloos_app::AppError;
use grenzeloos_domain::access::Role;
use grenzeloos_domain::agreements::ExchangeKind;
use grenzeloos_domain::labels::Lang;
use jiff::civil::Date;

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

#[tokio::test]
async fn a_partner_is_found_by_code_or_name_whatever_the_case_and_accents() {
    for (backend, app) in demo_apps().await {
        let policy = actor(Role::Policy);
        for asked in [
            "BE",
            "be",
            "België",
            "belgie",
            " BELGIË ",
            "Belgium",
            "België (BE)",
        ] {
            let answer = app
                .assess_legal_basis(
                    &policy,
                    ExchangeKind::HotPursuit,
                    asked,
                    date("2024-01-01"),
                    Lang::Nl,
                )
                .await
                .unwrap_or_else(|e| panic!("{backend}: {asked}: {e:?}"));
            assert_eq!(
                (answer.partner.as_str(), answer.partner_name.as_str()),
                ("BE", "België"),
                "{backend}: {asked}"
            );
            assert_eq!(answer.date, date("2024-01-01"));
            let titles: Vec<&str> = answer
                .bases
                .iter()
                .map(|b| b.agreement.agreement.title.as_str())
                .collect();
            assert_eq!(titles, ["Benelux-politieverdrag"], "{backend}: {asked}");
            assert_eq!(answer.bases[0].article.as_deref(), Some("art. 21"));
        }
        // The name in the answer's language; an organisation by its name.
        let english = app
            .assess_legal_basis(
                &policy,
                ExchangeKind::HotPursuit,
                "belgie",
                date("2024-01-01"),
                Lang::En,
            )
            .await
            .unwrap();
        assert_eq!(english.partner_name, "Belgium", "{backend}");
        let interpol = app
            .assess_legal_basis(
                &policy,
                ExchangeKind::InformationRequest,
                "interpol",
                date("2024-01-01"),
                Lang::Nl,
            )
            .await
            .unwrap();
        assert_eq!(interpol.partner, "INTERPOL", "{backend}");
        // A state an agreement binds without being a registered partner: Norway, under the
        // Directive as a Schengen associated state.
        let norway = app
            .legal_bases(
                &policy,
                ExchangeKind::InformationRequest,
                "Noorwegen",
                date("2025-01-01"),
            )
            .await
            .unwrap();
        assert_eq!(
            norway
                .iter()
                .map(|b| b.agreement.agreement.title.as_str())
                .collect::<Vec<_>>(),
            ["Richtlijn (EU) 2023/977"],
            "{backend}"
        );
    }
}

#[tokio::test]
async fn an_unknown_partner_is_refused_at_the_field_and_never_reads_as_no_basis() {
    for (backend, app) in demo_apps().await {
        let policy = actor(Role::Policy);
        let long = "x".repeat(201);
        for (asked, code) in [
            ("Atlantis", "unknown_partner"),
            ("Belg", "unknown_partner"),
            ("Frankrijk (BE)", "unknown_partner"),
            ("  ", "required"),
            (long.as_str(), "too_long"),
        ] {
            for refused in [
                app.assess_legal_basis(
                    &policy,
                    ExchangeKind::HotPursuit,
                    asked,
                    date("2024-01-01"),
                    Lang::Nl,
                )
                .await
                .map(|_| ()),
                app.legal_bases(&policy, ExchangeKind::HotPursuit, asked, date("2024-01-01"))
                    .await
                    .map(|_| ()),
            ] {
                match refused {
                    Err(AppError::Invalid(v)) => assert_eq!(
                        (v.code, v.field.as_deref()),
                        (code, Some("partner")),
                        "{backend}: {asked}"
                    ),
                    other => panic!("{backend}: {asked}: {other:?}"),
                }
            }
        }
    }
}
