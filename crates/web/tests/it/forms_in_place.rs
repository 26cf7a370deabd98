//! Errors where the user is looking (issue 13), over real HTTP on every backend: a form shows
//! every error of its input at once, each at its field, listed at the top, the first focused;
//! nothing is chosen for the user; after saving the user is back where they came from and told
//! so; an overlap names the deployment in the way; the overview and the annex answer a wrong
//! date or moment with their own page, the error at the field; and one task in a real browser
//! at a desktop's and a phone's width.

use crate::browser::browser;
use crate::{Node, nodes};
use fantoccini::Locator;
use grenzeloos_app::Actor;
use grenzeloos_domain::access::Role;
use grenzeloos_domain::registry::{DeploymentInput, MissionInput, OfficerInput};
use serde_json::{Value, json};
use std::time::Duration;

const PURPOSE: &str = "grenzeloos_purpose=personeelsplanning%20uitzendingen%20test";
const ENGLISH: &str = "grenzeloos_lang=en";

struct Answer {
    status: u16,
    location: String,
    content_type: String,
    html: String,
}

async fn answer(response: reqwest::Response) -> Answer {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let (status, location, content_type) = (
        response.status().as_u16(),
        header("location"),
        header("content-type"),
    );
    Answer {
        status,
        location,
        content_type,
        html: response.text().await.unwrap(),
    }
}

async fn page(node: &Node, role: Role, path: &str, cookie: &str) -> Answer {
    let request = node.as_role(role, node.http.get(node.url(path)));
    answer(request.header("cookie", cookie).send().await.unwrap()).await
}

async fn post(node: &Node, role: Role, path: &str, form: &[(&str, &str)]) -> Answer {
    let request = node.as_role(role, node.http.post(node.url(path)).form(form));
    answer(request.header("cookie", PURPOSE).send().await.unwrap()).await
}

fn admin() -> Actor {
    Actor::person("test", "test", "test", &[Role::Admin])
}

/// The opening tag of the element with `id`.
fn tag<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element {id}"));
    let start = html[..at].rfind('<').unwrap();
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}

/// The text of the element with `id` up to its first child or end.
fn text_of<'a>(html: &'a str, id: &str) -> &'a str {
    let opening = tag(html, id);
    let start = html.find(opening).unwrap() + opening.len();
    let end = start + html[start..].find('<').unwrap();
    &html[start..end]
}

/// The options of the select with `id`: (value, selected).
fn options(html: &str, id: &str) -> Vec<(String, bool)> {
    let opening = tag(html, id);
    let start = html.find(opening).unwrap();
    let end = start + html[start..].find("</select>").unwrap();
    html[start..end]
        .split("<option")
        .skip(1)
        .map(|o| {
            let value = o.split('"').nth(1).unwrap_or_default().to_string();
            let head = &o[..o.find('>').unwrap()];
            (value, head.contains("selected"))
        })
        .collect()
}

async fn mission(node: &Node, name: &str) -> String {
    let input = MissionInput {
        name: name.into(),
        acronym: None,
        mandated_by: "EU".into(),
        start: "2020-01-01".into(),
        end: None,
        countries: "ML".into(),
        station: "Bamako".into(),
    };
    node.app.create_mission(&admin(), &input).await.unwrap().id
}

async fn officer(node: &Node, number: &str) -> String {
    let input = OfficerInput {
        personnel_number: number.into(),
        given_name: "Fenna".into(),
        family_name: "Testers".into(),
        gender: "female".into(),
        rank: None,
        unit: None,
    };
    node.app.create_officer(&admin(), &input).await.unwrap().id
}

#[tokio::test]
async fn a_refused_form_shows_every_error_at_its_field_listed_at_the_top_with_the_first_focused() {
    for node in nodes().await {
        let b = &node.backend;
        let form = [
            ("personnel_number", "12 34"),
            ("given_name", " "),
            ("family_name", "Jansen"),
            ("gender", ""),
            ("return_to", "/officers"),
        ];
        let refused = post(&node, Role::Deployment, "/officers", &form).await;
        assert_eq!(refused.status, 400, "{b}");
        let html = &refused.html;
        // Each error at its field, tied to it for a screen reader, in Dutch.
        for field in ["personnel_number", "given_name", "gender"] {
            let control = tag(html, &format!("f-{field}"));
            assert!(
                control.contains("aria-invalid=\"true\"")
                    && control.contains(&format!("aria-describedby=\"e-{field}\"")),
                "{b}: {control}"
            );
            assert!(html.contains(&format!("id=\"e-{field}\"")), "{b}: {field}");
        }
        assert_eq!(
            text_of(html, "e-given_name"),
            "Dit veld is verplicht.",
            "{b}"
        );
        assert_eq!(html.matches("aria-invalid=\"true\"").count(), 3, "{b}");
        // Listed at the top, in the order of the form, each linking to its field.
        let summary = &html[html.find("class=\"error-summary\"").unwrap()..];
        let links: Vec<usize> = ["personnel_number", "given_name", "gender"]
            .iter()
            .map(|f| summary.find(&format!("href=\"#f-{f}\"")).unwrap())
            .collect();
        assert!(links.windows(2).all(|w| w[0] < w[1]), "{b}: {links:?}");
        // The first invalid field has the focus, and only it.
        assert_eq!(html.matches(" autofocus").count(), 1, "{b}");
        assert!(tag(html, "f-personnel_number").contains("autofocus"), "{b}");
        // What was entered stays; required fields are marked and the mark is explained.
        assert!(
            tag(html, "f-family_name").contains("value=\"Jansen\""),
            "{b}"
        );
        assert!(tag(html, "f-given_name").contains("required"), "{b}");
        assert!(!tag(html, "f-rank").contains("required"), "{b}");
        assert!(html.contains("Velden met een * zijn verplicht."), "{b}");
        assert!(html.matches("class=\"required-mark\"").count() >= 4, "{b}");

        // The team form: its own fields and the rows of countries, all at once, each at its row.
        let team = [
            ("name", ""),
            ("mission_id", ""),
            ("task", "Vertrouwen in de lokale politie"),
            ("start", "2024-01-01"),
            ("partner_1", "NL"),
            ("officers_1", "2"),
            ("partner_2", "XX"),
            ("officers_2", "0"),
        ];
        let refused = post(&node, Role::Policy, "/teams", &team).await;
        assert_eq!(refused.status, 400, "{b}");
        for field in ["name", "mission_id", "partner_2", "officers_2"] {
            assert!(
                refused.html.contains(&format!("id=\"e-{field}\"")),
                "{b}: {field}"
            );
        }
        assert!(!refused.html.contains("id=\"e-partner_1\""), "{b}");
        assert!(tag(&refused.html, "f-name").contains("autofocus"), "{b}");
    }
}

#[tokio::test]
async fn nothing_is_chosen_for_the_user() {
    for node in nodes().await {
        let b = &node.backend;
        let chosen = |html: &str, id: &str| {
            let options = options(html, id);
            assert_eq!(options[0].0, "", "{b}: {id} starts with 'choose'");
            options.iter().any(|(_, selected)| *selected)
        };
        let form = page(&node, Role::Deployment, "/officers/new", "").await;
        assert!(!chosen(&form.html, "f-gender"), "{b}");
        assert!(form.html.contains(">— kies —</option>"), "{b}");
        let form = page(&node, Role::Deployment, "/deployments/new", PURPOSE).await;
        assert_eq!(form.status, 200, "{b}");
        for id in ["f-status", "f-officer_id", "f-mission_id", "f-team_id"] {
            assert!(!chosen(&form.html, id), "{b}: {id}");
        }
        let form = page(&node, Role::Policy, "/placements/new", "").await;
        assert!(
            !chosen(&form.html, "f-kind") && !chosen(&form.html, "f-status"),
            "{b}"
        );
        let form = page(&node, Role::Policy, "/agreements/new", "").await;
        assert!(
            !chosen(&form.html, "f-kind") && !chosen(&form.html, "f-status"),
            "{b}"
        );
        // The purpose of reading personal data is what the user says it is: none is ticked,
        // and stating none is refused at the choice.
        let form = page(&node, Role::Deployment, "/purpose?next=/officers", "").await;
        assert!(!form.html.contains("checked"), "{b}");
        let refused = post(
            &node,
            Role::Deployment,
            "/purpose",
            &[("next", "/officers")],
        )
        .await;
        assert_eq!(refused.status, 400, "{b}");
        assert!(refused.html.contains("id=\"e-purpose\""), "{b}");
        assert!(tag(&refused.html, "purpose-1").contains("autofocus"), "{b}");

        // A required choice left at "choose" is refused at its field.
        let form = [
            ("personnel_number", "T-100"),
            ("given_name", "Fenna"),
            ("family_name", "Testers"),
        ];
        let refused = post(&node, Role::Deployment, "/officers", &form).await;
        assert_eq!(refused.status, 400, "{b}");
        assert!(
            text_of(&refused.html, "e-gender").contains("Kies een van de mogelijkheden"),
            "{b}"
        );
    }
}

#[tokio::test]
async fn after_saving_the_user_is_back_where_they_came_from_and_told_so() {
    for node in nodes().await {
        let b = &node.backend;
        // The form carries where the user came from; "Annuleren" goes there.
        let form = page(
            &node,
            Role::Deployment,
            "/officers/new?return_to=%2Fofficers%3Fq%3Dtesters",
            "",
        )
        .await;
        assert!(
            form.html
                .contains("name=\"return_to\" value=\"/officers?q=testers\""),
            "{b}"
        );
        assert!(
            form.html
                .contains("<a href=\"/officers?q=testers\">Annuleren</a>"),
            "{b}"
        );
        let mut officer = vec![
            ("personnel_number", "T-200"),
            ("given_name", "Fenna"),
            ("family_name", "Testers"),
            ("gender", "x"),
            ("return_to", "/officers?q=testers"),
        ];
        let saved = post(&node, Role::Deployment, "/officers", &officer).await;
        assert_eq!(saved.status, 303, "{b}: {}", saved.html);
        assert_eq!(saved.location, "/officers?q=testers&saved=1", "{b}");
        let back = page(&node, Role::Deployment, &saved.location, PURPOSE).await;
        assert_eq!(
            text_of(&back.html, "saved"),
            "De gegevens zijn opgeslagen.",
            "{b}"
        );
        let plain = page(&node, Role::Deployment, "/officers?q=testers", PURPOSE).await;
        assert!(!plain.html.contains("id=\"saved\""), "{b}");

        // Never to another site: a return path that is not a path here is not followed.
        let form = page(
            &node,
            Role::Deployment,
            "/officers/new?return_to=https%3A%2F%2Fevil.example%2F",
            "",
        )
        .await;
        assert!(
            form.html.contains("name=\"return_to\" value=\"/officers\""),
            "{b}"
        );
        officer[0] = ("personnel_number", "T-201");
        officer[4] = ("return_to", "//evil.example/officers");
        let saved = post(&node, Role::Deployment, "/officers", &officer).await;
        assert_eq!(saved.status, 303, "{b}");
        assert!(
            saved.location.starts_with("/officers/") && saved.location.ends_with("?saved=1"),
            "{b}: {}",
            saved.location
        );
        // A change goes back to the record by default.
        let id = saved.location.trim_start_matches("/officers/");
        let id = id.trim_end_matches("?saved=1");
        let edit = page(
            &node,
            Role::Deployment,
            &format!("/officers/{id}/edit"),
            PURPOSE,
        )
        .await;
        assert!(
            edit.html
                .contains(&format!("name=\"return_to\" value=\"/officers/{id}\"")),
            "{b}"
        );

        // The instruments' forms do the same: a new dossier from its list goes back to it.
        let form = page(&node, Role::Policy, "/dossiers/new", "").await;
        assert!(
            form.html.contains("name=\"return_to\" value=\"/dossiers\""),
            "{b}"
        );
        let dossier = [
            ("title", "Testdossier terugkeer"),
            ("topic", "eu"),
            ("status", "announced"),
            ("return_to", "/dossiers"),
        ];
        let saved = post(&node, Role::Policy, "/dossiers", &dossier).await;
        assert_eq!(saved.location, "/dossiers?saved=1", "{b}: {}", saved.html);
        let list = page(&node, Role::Policy, &saved.location, "").await;
        assert!(list.html.contains("id=\"saved\""), "{b}");
    }
}

#[tokio::test]
async fn an_overlap_names_and_links_the_deployment_in_the_way() {
    for node in nodes().await {
        let b = &node.backend;
        let mission = mission(&node, "Testmissie overlap").await;
        let officer = officer(&node, "T-300").await;
        let first = node
            .app
            .create_deployment(
                &admin(),
                &DeploymentInput {
                    officer_id: officer.clone(),
                    mission_id: mission.clone(),
                    function: "Adviseur".into(),
                    start: "2024-03-01".into(),
                    end: Some("2024-08-31".into()),
                    status: "planned".into(),
                    consent_date: None,
                    team_id: None,
                },
            )
            .await
            .unwrap()
            .id;
        let form = [
            ("officer_id", officer.as_str()),
            ("mission_id", mission.as_str()),
            ("function", "Adviseur"),
            ("status", "planned"),
            ("start", "2024-06-01"),
            ("end", "2024-12-31"),
            ("return_to", "/"),
        ];
        let refused = post(&node, Role::Deployment, "/deployments", &form).await;
        assert_eq!(refused.status, 400, "{b}: {}", refused.location);
        let error = &refused.html[refused.html.find("id=\"e-start\"").unwrap()..];
        let error = &error[..error.find("</p>").unwrap()];
        assert!(error.contains("al een andere uitzending"), "{b}: {error}");
        assert!(
            error.contains(&format!(
                "<a href=\"/deployments/{first}/edit\">Testmissie overlap, 01-03-2024 – 31-08-2024</a>"
            )),
            "{b}: {error}"
        );
        // The API names it too, in its message.
        let body = json!({
            "officer_id": officer,
            "mission_id": mission,
            "function": "Adviseur",
            "status": "planned",
            "start": "2024-06-01",
            "end": null,
        });
        let answer = node
            .send_json(
                Role::Deployment,
                reqwest::Method::POST,
                "/api/v1/deployments",
                body,
            )
            .await;
        assert_eq!(answer.status(), 409, "{b}");
        let body: Value = answer.json().await.unwrap();
        assert_eq!(body["error"], "overlapping_deployment", "{b}");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("Testmissie overlap from 2024-03-01 to 2024-08-31"),
            "{b}: {body}"
        );
    }
}

#[tokio::test]
async fn the_api_lists_every_error_of_an_input_and_its_schema_says_so() {
    for node in nodes().await {
        let b = &node.backend;
        let body = json!({
            "personnel_number": "12 34",
            "given_name": "",
            "family_name": "Jansen",
            "gender": "female",
            "unit": "a\u{202e}b",
        });
        let answer = node
            .send_json(
                Role::Deployment,
                reqwest::Method::POST,
                "/api/v1/officers",
                body,
            )
            .await;
        // The first decides the status (a rule broken: 422) and is where it always was; the
        // others follow, in the order of the input.
        assert_eq!(answer.status(), 422, "{b}");
        let body: Value = answer.json().await.unwrap();
        assert_eq!(body["error"], "invalid_code", "{b}: {body}");
        assert_eq!(body["field"], "personnel_number", "{b}");
        let further: Vec<(&str, &str)> = body["further"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["error"].as_str().unwrap(), e["field"].as_str().unwrap()))
            .collect();
        assert_eq!(
            further,
            [("required", "given_name"), ("invalid_character", "unit")],
            "{b}"
        );
        // One error: no list.
        let body = json!({
            "personnel_number": "T-400",
            "given_name": "Fenna",
            "family_name": "",
            "gender": "female",
        });
        let answer = node
            .send_json(
                Role::Deployment,
                reqwest::Method::POST,
                "/api/v1/officers",
                body,
            )
            .await;
        let body: Value = answer.json().await.unwrap();
        assert!(body.get("further").is_none(), "{b}: {body}");

        let document: Value = node
            .get(Role::Policy, "/api/v1/openapi.json")
            .await
            .json()
            .await
            .unwrap();
        let schemas = &document["components"]["schemas"];
        let further = &schemas["ErrorBody"]["properties"]["further"];
        assert_eq!(further["type"], "array", "{b}: {further}");
        let item = further["items"]["$ref"].as_str().unwrap();
        let name = item.rsplit('/').next().unwrap();
        let properties = &schemas[name]["properties"];
        for property in ["error", "message", "field"] {
            assert!(properties.get(property).is_some(), "{b}: {property}");
        }
    }
}

#[tokio::test]
async fn the_overview_and_the_annex_answer_a_wrong_date_at_the_field_in_the_page_language() {
    for node in nodes().await {
        let b = &node.backend;
        // The overview, as htmx asks for it: the page with the error at the date, no table.
        for query in ["as_of=2023-02-30", "as_of="] {
            let request = node
                .as_role(
                    Role::Policy,
                    node.http.get(node.url(&format!("/overview?{query}"))),
                )
                .header("hx-request", "true");
            let answer = answer(request.send().await.unwrap()).await;
            assert_eq!(answer.status, 400, "{b}: {query}");
            let field = tag(&answer.html, "as_of");
            assert!(
                field.contains("aria-invalid=\"true\"")
                    && field.contains("aria-describedby=\"e-as_of\"")
                    && field.contains("autofocus"),
                "{b}: {field}"
            );
            assert!(
                text_of(&answer.html, "e-as_of").starts_with("Geen geldige datum"),
                "{b}"
            );
            assert!(!answer.html.contains("overview-total"), "{b}");
        }
        let english = page(&node, Role::Policy, "/overview?as_of=2023-02-30", ENGLISH).await;
        assert!(
            !text_of(&english.html, "e-as_of").contains("Geen"),
            "{b}: in English"
        );
        // Every page tells htmx to show a refusal in place rather than keep the old page.
        assert!(
            english
                .html
                .contains(r#"{"code": "4..", "swap": true, "error": false}"#),
            "{b}"
        );

        // The annex: a wrong moment (and a wrong date with it) comes back as the page, never
        // as JSON, each error at its field.
        let answer = page(
            &node,
            Role::Policy,
            "/annex?period=2024-H1&as_of=2024-06-31&as_recorded_at=gisteren&format=pdf",
            "",
        )
        .await;
        assert_eq!(answer.status, 400, "{b}");
        assert!(answer.content_type.starts_with("text/html"), "{b}");
        assert!(
            text_of(&answer.html, "e-as_recorded_at").starts_with("Geen geldig moment"),
            "{b}"
        );
        assert!(answer.html.contains("id=\"e-as_of\""), "{b}");
        assert!(tag(&answer.html, "as_of").contains("autofocus"), "{b}");
        assert!(
            tag(&answer.html, "as_recorded_at").contains("value=\"gisteren\""),
            "{b}"
        );
        let english = page(
            &node,
            Role::Policy,
            "/annex?period=2024-H1&as_recorded_at=gisteren&format=md",
            ENGLISH,
        )
        .await;
        assert_eq!(english.status, 400, "{b}");
        assert!(
            text_of(&english.html, "e-as_recorded_at").starts_with("Not a moment"),
            "{b}"
        );
        // Chosen well, the page answers the document itself.
        let document = page(
            &node,
            Role::Policy,
            "/annex?period=2024-H1&as_recorded_at=&format=md",
            "",
        )
        .await;
        assert_eq!(document.status, 200, "{b}");
        assert!(
            document.content_type.starts_with("text/markdown"),
            "{b}: {}",
            document.content_type
        );
        // Without a format it is the page, its form sending here rather than to the API.
        let form = page(&node, Role::Policy, "/annex", "").await;
        assert!(form.html.contains("action=\"/annex\""), "{b}");
        assert!(!form.html.contains("target=\"_blank\""), "{b}");
    }
}

/// Whether the page scrolls sideways.
async fn too_wide(b: &crate::browser::Browser) -> bool {
    b.client
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth;",
            vec![],
        )
        .await
        .unwrap()
        == json!(true)
}

async fn focused(b: &crate::browser::Browser) -> String {
    b.client
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn in_a_browser_two_errors_show_at_once_and_a_wrong_date_shows_in_place() {
    let node = nodes().await.into_iter().next().unwrap();
    let b = browser().await;
    let base = node.base.clone();
    b.sign_in(&base, "staf", "grenzeloos-demo").await;
    for (width, name) in [(1400, "desktop"), (400, "phone")] {
        b.client.set_window_size(width, 900).await.unwrap();

        // A new officer with two errors: no first name, no gender chosen.
        b.client
            .goto(&format!("{base}/officers/new"))
            .await
            .unwrap();
        let submit = b
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("#record-form button[type=submit]"))
            .await
            .unwrap();
        for (field, value) in [("personnel_number", "B-1"), ("family_name", "Testers")] {
            b.client
                .find(Locator::Css(&format!("#f-{field}")))
                .await
                .unwrap()
                .send_keys(value)
                .await
                .unwrap();
        }
        submit.click().await.unwrap();
        b.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("#e-given_name"))
            .await
            .unwrap();
        assert_eq!(
            b.text("#e-given_name").await,
            "Dit veld is verplicht.",
            "{name}"
        );
        assert!(
            b.text("#e-gender")
                .await
                .contains("Kies een van de mogelijkheden"),
            "{name}"
        );
        assert_eq!(
            b.client
                .find_all(Locator::Css(".error-summary a"))
                .await
                .unwrap()
                .len(),
            2,
            "{name}"
        );
        assert_eq!(focused(&b).await, "f-given_name", "{name}");
        assert_eq!(
            b.client
                .find(Locator::Css("#f-family_name"))
                .await
                .unwrap()
                .prop("value")
                .await
                .unwrap()
                .as_deref(),
            Some("Testers"),
            "{name}"
        );
        assert!(!too_wide(&b).await, "{name}: the form scrolls sideways");
        b.screenshot(&format!("form-errors-{name}")).await;

        // The overview with an impossible date (as a browser shows a date field as text):
        // the error appears at the field in place, the page is not reloaded.
        b.client.goto(&format!("{base}/overview")).await.unwrap();
        b.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("#overview-total"))
            .await
            .unwrap();
        b.client
            .execute(
                "window.notReloaded = true;
                 const field = document.getElementById('as_of');
                 field.type = 'text';
                 field.value = '2023-02-30';",
                vec![],
            )
            .await
            .unwrap();
        b.client
            .find(Locator::Css("form.filters button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        b.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("#e-as_of"))
            .await
            .unwrap();
        assert!(
            b.text("#e-as_of").await.starts_with("Geen geldige datum"),
            "{name}"
        );
        assert_eq!(
            b.client
                .execute("return window.notReloaded === true;", vec![])
                .await
                .unwrap(),
            json!(true),
            "{name}: htmx showed the answer in place"
        );
        assert!(
            b.client
                .find(Locator::Css("#overview-total"))
                .await
                .is_err(),
            "{name}: the old table is gone"
        );
        assert_eq!(focused(&b).await, "as_of", "{name}");
        assert!(!too_wide(&b).await, "{name}: the overview scrolls sideways");
        b.screenshot(&format!("overview-error-{name}")).await;
    }
}
