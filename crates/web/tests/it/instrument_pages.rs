//! The instrument pages over real HTTP: lists, forms that save or come back refused at the
//! field, version histories, the purpose for personal pages, CSRF; and two tasks in a real
//! browser. Each test creates the records it needs (the demo data may change).

use crate::browser::browser;
use crate::{Node, nodes};
use fantoccini::Locator;
use grenzeloos_app::Actor;
use grenzeloos_domain::access::Role;
use grenzeloos_domain::registry::{MissionInput, OfficerInput};
use serde_json::Value;
use std::time::Duration;

const PURPOSE: &str = "grenzeloos_purpose=zorgplicht%20voor%20uitgezonden%20collega%27s";

struct Answer {
    status: u16,
    location: String,
    html: String,
}

async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    Answer {
        status,
        location,
        html: response.text().await.unwrap(),
    }
}

async fn page(node: &Node, role: Role, path: &str, purpose: bool) -> Answer {
    let mut request = node.as_role(role, node.http.get(node.url(path)));
    if purpose {
        request = request.header("cookie", PURPOSE);
    }
    answer(request.send().await.unwrap()).await
}

async fn post(node: &Node, role: Role, path: &str, form: &[(&str, &str)], purpose: bool) -> Answer {
    let mut request = node.as_role(role, node.http.post(node.url(path)).form(form));
    if purpose {
        request = request.header("cookie", PURPOSE);
    }
    answer(request.send().await.unwrap()).await
}

async fn count(node: &Node, path: &str) -> usize {
    let list: Vec<Value> = node
        .as_role(Role::Admin, node.http.get(node.url(path)))
        .header("x-purpose", "counting records in a test")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    list.len()
}

async fn new_mission(node: &Node, name: &str) -> String {
    let input = MissionInput {
        name: name.into(),
        acronym: None,
        mandated_by: "EU".into(),
        start: "2020-01-01".into(),
        end: None,
        countries: "ML".into(),
        station: "Bamako".into(),
    };
    node.app
        .create_mission(
            &Actor::person(
                "test",
                "test",
                "test",
                &[grenzeloos_domain::access::Role::Admin],
            ),
            &input,
        )
        .await
        .unwrap()
        .id
}

async fn new_officer(node: &Node, number: &str) -> String {
    let input = OfficerInput {
        personnel_number: number.into(),
        given_name: "Fenna".into(),
        family_name: "Testers".into(),
        gender: "female".into(),
        rank: None,
        unit: None,
    };
    node.app
        .create_officer(
            &Actor::person(
                "test",
                "test",
                "test",
                &[grenzeloos_domain::access::Role::Admin],
            ),
            &input,
        )
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn a_dossier_made_through_the_form_is_listed_and_shows_its_history() {
    for node in nodes().await {
        let b = &node.backend;
        assert_eq!(
            page(&node, Role::Policy, "/dossiers/new", false)
                .await
                .status,
            200,
            "{b}"
        );
        let form = [
            ("title", "Herziening Prüm-kader testdossier"),
            ("topic", "eu"),
            ("status", "negotiating"),
            ("summary", "Onderhandelingen in de Raad."),
            (
                "milestones",
                "2022-07-01 Voorstel Commissie\n2021-12-08 Aankondiging",
            ),
            ("references", "Kamerstuk 32 317, nr. 700\nBNC-fiche 2022/12"),
            ("partners", "EU"),
        ];
        let saved = post(&node, Role::Policy, "/dossiers", &form, false).await;
        assert_eq!(saved.status, 303, "{b}: {}", saved.html);
        assert!(saved.location.starts_with("/dossiers/"), "{b}");
        let list = page(
            &node,
            Role::Policy,
            "/dossiers?topic=eu&status=negotiating",
            false,
        )
        .await;
        assert!(
            list.html.contains("Herziening Prüm-kader testdossier"),
            "{b}"
        );
        let other = page(&node, Role::Policy, "/dossiers?status=closed", false).await;
        assert!(
            !other.html.contains("Herziening Prüm-kader testdossier"),
            "{b}"
        );
        // Read-only roles see it too.
        let spoc = page(&node, Role::Spoc, &saved.location, false).await;
        assert_eq!(spoc.status, 200, "{b}");
        assert!(spoc.html.contains("Voorstel Commissie") && spoc.html.contains("id=\"versions\""));
        assert!(
            !spoc.html.contains("/edit\""),
            "{b}: no edit link for a read-only role"
        );

        // The edit form comes prefilled; a change is a new version with what changed.
        let edit = page(
            &node,
            Role::Policy,
            &format!("{}/edit", saved.location),
            false,
        )
        .await;
        assert!(edit.html.contains("2021-12-08 Aankondiging"), "{b}");
        let mut changed = form.to_vec();
        changed[2] = ("status", "adopted");
        let updated = post(&node, Role::Policy, &saved.location, &changed, false).await;
        assert_eq!(updated.status, 303, "{b}: {}", updated.html);
        let record = page(&node, Role::Policy, &saved.location, false).await;
        assert!(record.html.contains("r-policy"), "{b}");
        assert!(record.html.contains("gewijzigd: Status"), "{b}");
        assert!(record.html.contains("vastgelegd"), "{b}");
    }
}

#[tokio::test]
async fn a_refused_assistance_form_shows_the_treaty_at_the_field_and_saves_nothing() {
    for node in nodes().await {
        let b = &node.backend;
        let before = count(&node, "/api/v1/assistance").await;
        let mut form = vec![
            ("direction", "requested"),
            ("partner", "BE"),
            ("event", "Testdemonstratie Maastricht"),
            ("start", "2031-03-09"),
            ("end", "2031-03-10"),
            ("status", "requested"),
            ("capabilities", "water_cannon 2 8"),
            ("nature", "waterwerpers met bemanning"),
            ("objective", ""),
            ("inventory", "2 waterwerpers"),
        ];
        let refused = post(&node, Role::Policy, "/assistance", &form, false).await;
        assert_eq!(refused.status, 400, "{b}");
        assert!(refused.html.contains("id=\"e-objective\""), "{b}");
        assert!(
            refused
                .html
                .contains("Het Benelux-politieverdrag (art. 18) vraagt om het doel"),
            "{b}"
        );
        // What was typed stays in the form.
        assert!(refused.html.contains("Testdemonstratie Maastricht"), "{b}");
        // A capability line the domain refuses shows at the textarea.
        form[6] = ("capabilities", "water_cannon 0");
        let refused = post(&node, Role::Policy, "/assistance", &form, false).await;
        assert_eq!(refused.status, 400, "{b}");
        assert!(refused.html.contains("id=\"e-capabilities\""), "{b}");
        form[6] = ("capabilities", "water_cannon twee");
        let refused = post(&node, Role::Policy, "/assistance", &form, false).await;
        assert_eq!(refused.status, 400, "{b}");
        assert!(refused.html.contains("id=\"e-capabilities\""), "{b}");
        // Nonsense where a number belongs is a 400 at the field, never a 500.
        let costs = [("costs_eur", "veel"), ("direction", "provided")];
        let refused = post(&node, Role::Policy, "/assistance", &costs, false).await;
        assert_eq!(refused.status, 400, "{b}");
        assert!(refused.html.contains("id=\"e-costs_eur\""), "{b}");
        assert_eq!(count(&node, "/api/v1/assistance").await, before, "{b}");
    }
}

#[tokio::test]
async fn an_mou_is_refused_as_legal_basis_at_the_field_and_the_check_finds_treaties() {
    for node in nodes().await {
        let b = &node.backend;
        let before = count(&node, "/api/v1/agreements").await;
        let mou = [
            ("title", "MoU testpolitie Noorwegen"),
            ("kind", "mou"),
            ("status", "signed"),
            ("parties", "NO"),
            ("signed", "2024-01-01"),
            ("legal_basis_for", "information_request"),
            ("legal_basis_for", "anpr"),
        ];
        let refused = post(&node, Role::Policy, "/agreements", &mou, false).await;
        assert_eq!(refused.status, 400, "{b}");
        assert!(refused.html.contains("id=\"e-legal_basis_for\""), "{b}");
        assert!(refused.html.contains("nooit een rechtsgrondslag"), "{b}");
        assert_eq!(count(&node, "/api/v1/agreements").await, before, "{b}");

        // Without a legal basis it is a good record, listed with its badge.
        let saved = post(&node, Role::Policy, "/agreements", &mou[..5], false).await;
        assert_eq!(saved.status, 303, "{b}: {}", saved.html);
        let treaty = [
            ("title", "Testverdrag Nederland–Noorwegen"),
            ("kind", "treaty"),
            ("status", "in_force"),
            ("parties", "NO"),
            ("signed", "2019-06-01"),
            ("in_force", "2020-01-01"),
            ("legal_basis_for", "anpr"),
        ];
        let saved = post(&node, Role::Policy, "/agreements", &treaty, false).await;
        assert_eq!(saved.status, 303, "{b}: {}", saved.html);
        let list = page(&node, Role::Spoc, "/agreements?partner=NO", false).await;
        assert!(list.html.contains("MoU testpolitie Noorwegen"), "{b}");
        assert!(list.html.contains("geen rechtsgrondslag"), "{b}");
        assert!(list.html.contains("Testverdrag Nederland–Noorwegen"), "{b}");
        let check = page(
            &node,
            Role::Spoc,
            "/agreements?check_kind=anpr&check_partner=no&check_date=2024-05-01",
            false,
        )
        .await;
        assert_eq!(check.status, 200, "{b}");
        let result = check.html.split("id=\"check-result\"").nth(1).unwrap();
        let (result, why) = result.split_once("</div>").unwrap();
        assert!(result.contains("Testverdrag Nederland–Noorwegen"), "{b}");
        assert!(!result.contains("MoU testpolitie"), "{b}");
        // The answer explains why the MoU is none.
        assert!(
            why.contains("MoU testpolitie Noorwegen is een MoU en niet bindend"),
            "{b}: {why}"
        );
        let bad = page(
            &node,
            Role::Spoc,
            "/agreements?check_kind=gossip&check_partner=NO",
            false,
        )
        .await;
        assert_eq!(bad.status, 400, "{b}");
        assert!(bad.html.contains("id=\"e-check_kind\""), "{b}");

        // An annex added on the agreement's page shows there.
        let annex = [
            ("kind", "annex"),
            ("title", "Bijlage testprocedure ANPR"),
            ("signed", "2021-02-01"),
            ("_ignored", "x"),
        ];
        let added = post(
            &node,
            Role::Policy,
            &format!("{}/amendments", saved.location),
            &annex,
            false,
        )
        .await;
        assert_eq!(added.status, 303, "{b}: {}", added.html);
        let detail = page(&node, Role::Spoc, &saved.location, false).await;
        assert!(detail.html.contains("Bijlage testprocedure ANPR"), "{b}");
        let refused = post(
            &node,
            Role::Policy,
            &format!("{}/amendments", saved.location),
            &[("kind", "annex"), ("title", "")],
            false,
        )
        .await;
        assert_eq!(refused.status, 400, "{b}");
        assert!(refused.html.contains("id=\"e-title\""), "{b}");
    }
}

#[tokio::test]
async fn personal_pages_need_a_purpose_and_placements_show_the_posts_filled_on_a_date() {
    for node in nodes().await {
        let b = &node.backend;
        let officer = new_officer(
            &node,
            &format!("T{}", &uuid::Uuid::now_v7().simple().to_string()[..8]),
        )
        .await;
        let mission = new_mission(&node, "Testmissie zorgplicht").await;
        for path in [
            "/incidents",
            "/contacts",
            "/care/high-risk",
            "/placements/new",
            "/incidents/new",
        ] {
            let asked = page(&node, Role::Deployment, path, false).await;
            assert_eq!(asked.status, 303, "{b}: {path}");
            assert!(asked.location.starts_with("/purpose?"), "{b}: {path}");
            assert_eq!(
                page(&node, Role::Deployment, path, true).await.status,
                200,
                "{b}: {path}"
            );
            let policy = if path == "/placements/new" { 200 } else { 403 };
            assert_eq!(
                page(&node, Role::Policy, path, true).await.status,
                policy,
                "{b}: {path}"
            );
        }
        // Without personal data the officer is a text input; with them, a select.
        let form = page(&node, Role::Policy, "/placements/new", false).await;
        assert!(form.html.contains("<input id=\"f-officer_id\""), "{b}");
        let form = page(&node, Role::Deployment, "/placements/new", true).await;
        assert!(form.html.contains("<select id=\"f-officer_id\""), "{b}");

        let placement = [
            ("function", "Testliaison havens"),
            ("kind", "liaison"),
            ("host_country", "co"),
            ("city", "Cartagena"),
            ("officer_id", officer.as_str()),
            ("status", "active"),
            ("start", "2030-02-01"),
        ];
        let saved = post(&node, Role::Policy, "/placements", &placement, false).await;
        assert_eq!(saved.status, 303, "{b}: {}", saved.html);
        let on = page(&node, Role::Policy, "/placements?as_of=2030-06-01", false).await;
        let filled = on
            .html
            .split("id=\"filled\"")
            .nth(1)
            .unwrap()
            .split("</table>")
            .next()
            .unwrap();
        assert!(filled.contains("Testliaison havens"), "{b}");
        let before = page(&node, Role::Policy, "/placements?as_of=2030-01-01", false).await;
        let filled = before
            .html
            .split("id=\"filled\"")
            .nth(1)
            .unwrap()
            .split("</table>")
            .next()
            .unwrap();
        assert!(!filled.contains("Testliaison havens"), "{b}");

        // Incidents and contacts, with the purpose; the level of an area from the care page.
        let incident = [
            ("mission_id", mission.as_str()),
            ("officer_id", officer.as_str()),
            ("kind", "evacuation"),
            ("date", "2030-03-01"),
            ("summary", "Geëvacueerd na onrust"),
        ];
        let saved = post(&node, Role::Deployment, "/incidents", &incident, true).await;
        assert_eq!(saved.status, 303, "{b}: {}", saved.html);
        let record = page(&node, Role::Deployment, &saved.location, true).await;
        assert!(
            record.html.contains("Geëvacueerd na onrust") && record.html.contains("Testers"),
            "{b}"
        );
        let contact = [("officer_id", officer.as_str()), ("phone", "bel me")];
        let refused = post(&node, Role::Deployment, "/contacts", &contact, true).await;
        assert_eq!(refused.status, 400, "{b}");
        assert!(refused.html.contains("id=\"e-phone\""), "{b}");
        let contact = [
            ("officer_id", officer.as_str()),
            ("phone", "+223 20 22 00 00"),
            ("email", "f.testers@example.org"),
        ];
        let saved = post(&node, Role::Deployment, "/contacts", &contact, true).await;
        assert_eq!(saved.status, 303, "{b}: {}", saved.html);
        assert_eq!(saved.location, format!("/contacts/{officer}"), "{b}");
        let level = [
            ("mission_id", mission.as_str()),
            ("level", "extreme"),
            ("valid_from", "2030-01-01"),
            ("reason", "Staatsgreep"),
        ];
        let saved = post(&node, Role::Policy, "/care/assessments", &level, false).await;
        assert_eq!(saved.status, 303, "{b}: {}", saved.html);
        let care = page(&node, Role::Liaison, "/care?as_of=2030-06-01", false).await;
        assert!(
            care.html.contains("Testmissie zorgplicht") && care.html.contains("level-extreme"),
            "{b}"
        );
        let refused = post(
            &node,
            Role::Policy,
            "/care/assessments",
            &[("mission_id", mission.as_str()), ("level", "scary")],
            false,
        )
        .await;
        assert_eq!(refused.status, 400, "{b}");
        assert!(refused.html.contains("id=\"e-level\""), "{b}");
    }
}

#[tokio::test]
async fn forms_need_the_sessions_csrf_field() {
    for node in nodes().await {
        let b = &node.backend;
        let login = node
            .http
            .post(node.url("/login"))
            .form(&[
                ("username", "r-policy"),
                ("password", "test password 123"),
                ("next", "/developments/new"),
            ])
            .send()
            .await
            .unwrap();
        let cookie = login.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let html = node
            .http
            .get(node.url("/developments/new"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = html
            .split("name=\"_csrf\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let form = vec![
            ("date", "2031-01-15"),
            ("topic", "neighbours"),
            ("title", "Testontwikkeling werkafspraak"),
            ("text", "Een werkafspraak met België."),
            ("partners", "BE"),
        ];
        let without = node
            .http
            .post(node.url("/developments"))
            .header("cookie", &cookie)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(without.status(), 403, "{b}");
        let mut with = form.clone();
        with.push(("_csrf", csrf.as_str()));
        let saved = node
            .http
            .post(node.url("/developments"))
            .header("cookie", &cookie)
            .form(&with)
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), 303, "{b}");
        let list = page(
            &node,
            Role::Spoc,
            "/developments?topic=neighbours&from=2031-01-01",
            false,
        )
        .await;
        assert!(list.html.contains("Testontwikkeling werkafspraak"), "{b}");
        let partner = page(&node, Role::Spoc, "/partners/BE", false).await;
        assert_eq!(partner.status, 200, "{b}");
        assert!(
            partner.html.contains("Testontwikkeling werkafspraak"),
            "{b}"
        );
        assert_eq!(
            page(&node, Role::Spoc, "/partners/NOWHERE-9", false)
                .await
                .status,
            404,
            "{b}"
        );
        assert_eq!(
            page(
                &node,
                Role::Spoc,
                "/dossiers/00000000-0000-0000-0000-000000000000",
                false
            )
            .await
            .status,
            404,
            "{b}"
        );
    }
}

// -- in a real browser ----------------------------------------------------------------------------

#[tokio::test]
async fn policy_staff_record_assistance_and_see_it_in_the_calendar_and_on_the_partner_page() {
    let node = nodes().await.into_iter().next().unwrap();
    let b = browser().await;
    let base = node.base.clone();
    b.sign_in(&base, "r-policy", "test password 123").await;
    b.client
        .goto(&format!("{base}/assistance/new"))
        .await
        .unwrap();
    let form = b.client.form(Locator::Css("#record-form")).await.unwrap();
    for (name, value) in [
        ("direction", "provided"),
        ("partner", "FR"),
        ("event", "Browsertest Tour de France"),
        ("place", "Lyon"),
        ("start", "2032-07-02"),
        ("end", "2032-07-20"),
        ("status", "draft"),
        ("capabilities", "mounted_police 6 8\njoint_patrols 4"),
    ] {
        form.set_by_name(name, value).await.unwrap();
    }
    b.screenshot("assistance-form").await;
    form.submit().await.unwrap();
    // Back on the list the form came from, which says it was saved; the record is on it.
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("saved"))
        .await
        .unwrap();
    b.client
        .find(Locator::LinkText("Browsertest Tour de France"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("versions"))
        .await
        .unwrap();
    assert!(b.text("h1").await.contains("Browsertest Tour de France"));
    assert!(b.text("main").await.contains("bereden politie"));

    b.client
        .goto(&format!("{base}/assistance/calendar?year=2032"))
        .await
        .unwrap();
    let row = b
        .client
        .find(Locator::XPath(
            "//table[@id='calendar']//tr[th/a[contains(., 'Browsertest Tour de France')]]",
        ))
        .await
        .unwrap();
    let on = row
        .find_all(Locator::Css("td.cal-on.cal-provided"))
        .await
        .unwrap();
    assert_eq!(on.len(), 1, "July only");
    b.screenshot("assistance-calendar").await;

    b.client.goto(&format!("{base}/partners/FR")).await.unwrap();
    let svg = b.client.find(Locator::Css("#timeline svg")).await.unwrap();
    let title = svg
        .find(Locator::Css("title"))
        .await
        .unwrap()
        .html(true)
        .await
        .unwrap();
    assert!(title.contains("Tijdlijn"), "{title}");
    let bars = b
        .client
        .find_all(Locator::Css("#timeline rect.tl-assistance"))
        .await
        .unwrap();
    assert!(!bars.is_empty());
    b.screenshot("partner-timeline").await;
}
