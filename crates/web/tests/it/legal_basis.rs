//! The legal-basis question over real HTTP (issue 13): the partner by name or code on the page
//! and in the API, an unknown partner refused at its field (422 in the API), and an answer
//! that repeats the date and the partner and names the article of each basis (source: Dir.
//! 2023/977 Arts 21–23, legal-requirements.md quick reference).

use crate::{Node, nodes};
use grenzeloos_domain::access::Role;
use serde_json::Value;

async fn page(node: &Node, path: &str, lang: &str) -> (u16, String) {
    let response = node
        .as_role(Role::Spoc, node.http.get(node.url(path)))
        .header("cookie", format!("grenzeloos_lang={lang}"))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The part of a page from the element with `id` to the end of that element's first `</div>`
/// or `</p>`.
fn part<'a>(html: &'a str, id: &str, end: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in {html}"));
    let rest = &html[start..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[tokio::test]
async fn the_api_takes_the_partner_by_name_or_code_and_refuses_an_unknown_one_with_422() {
    for node in nodes().await {
        let b = node.backend.clone();
        for partner in ["BE", "be", "Belgi%C3%AB", "belgie", "Belgium"] {
            let found = node
                .get(
                    Role::Spoc,
                    &format!(
                        "/api/v1/legal-bases?kind=hot_pursuit&partner={partner}&date=2024-01-01"
                    ),
                )
                .await;
            assert_eq!(found.status(), 200, "{b}: {partner}");
            let found: Value = found.json().await.unwrap();
            assert_eq!(
                found[0]["title"], "Benelux-politieverdrag",
                "{b}: {partner}"
            );
            assert_eq!(found[0]["article"], "art. 21", "{b}: {partner}");
        }
        let answer: Value = node
            .get(
                Role::Spoc,
                "/api/v1/legal-bases/assessment?kind=hot_pursuit&partner=Belgi%C3%AB&date=2024-01-01",
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(answer["partner"], "BE", "{b}");
        assert_eq!(answer["partner_name"], "Belgium", "{b}");
        assert_eq!(answer["date"], "2024-01-01", "{b}");
        for path in ["/api/v1/legal-bases", "/api/v1/legal-bases/assessment"] {
            let refused = node
                .get(
                    Role::Spoc,
                    &format!("{path}?kind=hot_pursuit&partner=Atlantis&date=2024-01-01"),
                )
                .await;
            assert_eq!(refused.status(), 422, "{b}: {path}");
            let refused: Value = refused.json().await.unwrap();
            assert_eq!(refused["error"], "unknown_partner", "{b}: {path}");
            assert_eq!(refused["field"], "partner", "{b}: {path}");
            assert!(
                refused["message"].as_str().unwrap().contains("'Atlantis'"),
                "{b}: {refused}"
            );
        }
        // The contract says so.
        let document: Value = node
            .get(Role::Spoc, "/api/v1/openapi.json")
            .await
            .json()
            .await
            .unwrap();
        for path in ["/api/v1/legal-bases", "/api/v1/legal-bases/assessment"] {
            let operation = &document["paths"][path]["get"];
            assert!(operation["responses"]["422"].is_object(), "{b}: {path}");
            let partner = operation["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["name"] == "partner")
                .unwrap();
            assert!(
                partner["description"]
                    .as_str()
                    .unwrap()
                    .contains("unknown_partner"),
                "{b}: {partner}"
            );
        }
    }
}

#[tokio::test]
async fn the_page_picks_a_registered_partner_and_repeats_what_the_answer_is_about() {
    for node in nodes().await {
        let b = node.backend.clone();
        let (status, html) = page(&node, "/agreements", "nl").await;
        assert_eq!(status, 200, "{b}");
        // A native picker of the registered partners, by name with the code.
        let list = part(&html, "check_partners", "</datalist>");
        assert!(
            list.contains("<option value=\"België (BE)\">"),
            "{b}: {list}"
        );
        assert!(
            list.contains("<option value=\"Interpol (INTERPOL)\">"),
            "{b}"
        );
        assert!(html.contains("list=\"check_partners\""), "{b}");

        for asked in ["Belgi%C3%AB", "belgie", "BE", "Belgi%C3%AB+%28BE%29"] {
            let (status, html) = page(
                &node,
                &format!(
                    "/agreements?check_kind=hot_pursuit&check_partner={asked}&check_date=2024-01-01"
                ),
                "nl",
            )
            .await;
            assert_eq!(status, 200, "{b}: {asked}");
            let about = part(&html, "check-asked", "</p>");
            assert!(about.contains("1 januari 2024"), "{b}: {about}");
            assert!(about.contains("België (BE)"), "{b}: {about}");
            assert!(
                about.contains("grensoverschrijdende achtervolging"),
                "{b}: {about}"
            );
            let result = part(&html, "check-result", "</div>");
            assert!(
                result.contains("Benelux-politieverdrag</a>, art. 21"),
                "{b}: {result}"
            );
            // The field shows whom it understood.
            let field = part(&html, "check_partner", ">");
            assert!(field.contains("value=\"België (BE)\""), "{b}: {field}");
        }
        let (_, english) = page(
            &node,
            "/agreements?check_kind=hot_pursuit&check_partner=belgie&check_date=2024-01-01",
            "en",
        )
        .await;
        let about = part(&english, "check-asked", "</p>");
        assert!(
            about.contains("On <time datetime=\"2024-01-01\">1 January 2024</time>"),
            "{b}: {about}"
        );
        assert!(about.contains("Belgium (BE)"), "{b}: {about}");

        // An unknown partner is an error at the field, and no answer about the law at all.
        let (status, html) = page(
            &node,
            "/agreements?check_kind=hot_pursuit&check_partner=Atlantis&check_date=2024-01-01",
            "nl",
        )
        .await;
        assert_eq!(status, 400, "{b}");
        let error = part(&html, "e-check_partner", "</p>");
        assert!(
            error.contains("Geen geregistreerde partner of staat met deze naam of code"),
            "{b}: {error}"
        );
        assert!(html.contains("aria-invalid=\"true\" aria-describedby=\"e-check_partner\""));
        assert!(!html.contains("id=\"check-result\""), "{b}");
        assert!(!html.contains("rechtsgrondslag.</div>"), "{b}");
        assert!(
            part(&html, "check_partner", ">").contains("value=\"Atlantis\""),
            "{b}: the input is kept"
        );
    }
}
