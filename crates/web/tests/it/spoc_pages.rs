//! The SPOC desk's pages over HTTP (issue 14): a case recorded in the form gets its deadline
//! and shows the cases it relates to; every error shows at its field; the dashboard orders
//! open cases by time left and filters them; the steps on a case follow the law. The test
//! clock stands at 2026-03-16T09:00:00Z (10:00 in Amsterdam).

use crate::{Node, desk_nodes as nodes};
use grenzeloos_domain::access::Role;

struct Answer {
    status: u16,
    location: String,
    html: String,
}

async fn answer(response: reqwest::Response) -> Answer {
    Answer {
        status: response.status().as_u16(),
        location: response
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string())
            .unwrap_or_default(),
        html: response.text().await.unwrap(),
    }
}

async fn get(node: &Node, role: Role, path: &str) -> Answer {
    answer(
        node.as_role(role, node.http.get(node.url(path)))
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn post(node: &Node, path: &str, form: &[(&str, &str)]) -> Answer {
    answer(
        node.as_role(Role::Spoc, node.http.post(node.url(path)).form(form))
            .send()
            .await
            .unwrap(),
    )
    .await
}

fn belgian<'a>(persons: &'a str, urgency: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("direction", "incoming"),
        ("partner", "BE"),
        ("received_at", "2026-03-16T08:30"),
        ("urgency", urgency),
        ("availability", "direct"),
        ("language", "en"),
        ("persons", persons),
        ("vehicles", "12-ABC-3"),
        ("information_requested", "Known to you?"),
    ];
    if urgency == "urgent" {
        form.push(("urgency_ground", "life_or_integrity"));
    }
    form
}

/// The case id a redirect after saving points to.
fn saved_case(answer: &Answer) -> String {
    assert_eq!(answer.status, 303, "{}", answer.html);
    answer
        .location
        .strip_prefix("/spoc/cases/")
        .and_then(|rest| rest.strip_suffix("?saved=1"))
        .unwrap_or_else(|| panic!("not a case: {}", answer.location))
        .to_string()
}

/// Whether the field `name` is marked invalid with its error.
fn invalid(html: &str, name: &str) -> bool {
    html.contains(&format!("id=\"e-{name}\""))
        && html.contains(&format!("aria-describedby=\"e-{name}\""))
}

#[tokio::test]
async fn a_case_from_the_form_gets_its_deadline_and_shows_the_cases_it_relates_to() {
    for node in nodes().await {
        let b = &node.backend;
        let first = saved_case(
            &post(
                &node,
                "/spoc/cases",
                &belgian("Jansen; Jan; 1980-02-29; suspect", "urgent"),
            )
            .await,
        );
        let page = get(&node, Role::Spoc, &format!("/spoc/cases/{first}?saved=1")).await;
        assert_eq!(page.status, 200, "{b}");
        assert!(page.html.contains("SPOC-2026-000001"), "{b}");
        // Received 08:30, urgent and directly available: 8 hours from 09:00.
        assert!(
            page.html.contains("<strong>16-03-2026 17:00</strong>"),
            "{b}"
        );
        assert!(page.html.contains("binnen termijn"), "{b}");
        assert!(
            page.html.contains("Jansen, Jan, 1980-02-29, verdachte"),
            "{b}"
        );
        assert!(page.html.contains("De gegevens zijn opgeslagen."), "{b}");
        assert!(!page.html.contains("Gerelateerde zaken"), "{b}");

        let second = saved_case(
            &post(
                &node,
                "/spoc/cases",
                &belgian("JANSSEN; ; 1980-02-29", "non_urgent"),
            )
            .await,
        );
        let page = get(&node, Role::Spoc, &format!("/spoc/cases/{second}")).await;
        assert!(
            page.html.contains("Gerelateerde zaken (kruiscontrole)"),
            "{b}"
        );
        assert!(
            page.html.contains(&format!(
                "<a href=\"/spoc/cases/{first}\">SPOC-2026-000001</a>: persoon, kenteken"
            )),
            "{b}: {}",
            page.html
        );

        // The dashboard: soonest due first, the figures at a glance, filters.
        let desk = get(&node, Role::Spoc, "/spoc").await;
        assert_eq!(desk.status, 200, "{b}");
        let one = desk.html.find("SPOC-2026-000001").unwrap();
        let two = desk.html.find("SPOC-2026-000002").unwrap();
        assert!(one < two, "{b}: the urgent case first");
        assert!(
            desk.html.contains("hx-trigger=\"every 30s\""),
            "{b}: refreshes itself"
        );
        assert!(
            desk.html.contains("7 u 0 min"),
            "{b}: 17:00 is 7 hours from 10:00"
        );
        let urgent = get(&node, Role::Spoc, "/spoc?urgency=urgent").await;
        assert!(urgent.html.contains("SPOC-2026-000001"), "{b}");
        assert!(!urgent.html.contains("SPOC-2026-000002"), "{b}");
        let mine = get(&node, Role::Spoc, "/spoc?assignee=mine").await;
        assert!(mine.html.contains("Geen openstaande zaken"), "{b}");

        // Steps: taking up makes it mine; a refusal without a ground stays on the page with
        // the error; the answer lands in the outbox.
        saved_case(&post(&node, &format!("/spoc/cases/{first}/start"), &[]).await);
        let mine = get(&node, Role::Spoc, "/spoc?assignee=mine").await;
        assert!(mine.html.contains("SPOC-2026-000001"), "{b}");
        let refused = post(
            &node,
            &format!("/spoc/cases/{first}/refusal"),
            &[("language", "en"), ("reasons", "no")],
        )
        .await;
        assert_eq!(refused.status, 400, "{b}");
        assert!(refused.html.contains("Deze stap is niet gezet"), "{b}");
        assert!(
            refused.html.contains("<details open><summary>Weigeren"),
            "{b}"
        );
        saved_case(
            &post(
                &node,
                &format!("/spoc/cases/{first}/answer"),
                &[("language", "en"), ("text", "Known to us.")],
            )
            .await,
        );
        let page = get(&node, Role::Spoc, &format!("/spoc/cases/{first}")).await;
        assert!(page.html.contains("badge answered"), "{b}");
        assert!(
            page.html
                .contains("antwoord → BE: <span class=\"badge queued\">in de wachtrij</span>"),
            "{b}"
        );
        assert!(page.html.contains("Binnen de termijn beantwoord."), "{b}");
    }
}

#[tokio::test]
async fn every_error_of_the_form_shows_at_its_field_and_nothing_is_written() {
    for node in nodes().await {
        let b = &node.backend;
        let mut form = belgian("Jansen; Jan; 1980-02-30", "urgent");
        form.retain(|(k, _)| *k != "urgency_ground");
        let refused = post(&node, "/spoc/cases", &form).await;
        assert_eq!(refused.status, 400, "{b}: {}", refused.html);
        assert!(
            invalid(&refused.html, "urgency_ground"),
            "{b}: {}",
            refused.html
        );
        // The values stay.
        assert!(refused.html.contains("Jansen; Jan; 1980-02-30"), "{b}");
        let mut form = belgian("Jansen; Jan; 1980-02-30", "urgent");
        form.retain(|(k, _)| *k != "received_at");
        let refused = post(&node, "/spoc/cases", &form).await;
        assert!(invalid(&refused.html, "received_at"), "{b}");
        let refused = post(
            &node,
            "/spoc/cases",
            &belgian("Jansen; Jan; 1980-02-30", "urgent"),
        )
        .await;
        assert!(invalid(&refused.html, "persons"), "{b}: {}", refused.html);
        let desk = get(&node, Role::Spoc, "/spoc").await;
        assert!(
            desk.html.contains("Geen openstaande zaken"),
            "{b}: nothing written"
        );
    }
}

#[tokio::test]
async fn the_desk_is_the_spoc_roles_only() {
    for node in nodes().await {
        for role in [Role::Supervisor, Role::Policy, Role::Admin] {
            assert_eq!(get(&node, role, "/spoc").await.status, 403, "{role}");
            assert_eq!(
                get(&node, role, "/spoc/cases/new").await.status,
                403,
                "{role}"
            );
        }
        let form = get(&node, Role::Spoc, "/spoc/cases/new").await;
        assert_eq!(form.status, 200);
        assert!(form.html.contains("<option value=\"BE\">België</option>"));
        assert!(form.html.contains("type=\"datetime-local\""));
    }
}

/// In a real browser, as the desk works on a day of the demo: what is due at a glance, the
/// case due within the hour opened, answered in the request's language, the year's statistics
/// (SPOC-12), and the pages at a phone's width (screenshots for the user guide with GRENZELOOS_SCREENSHOTS).
#[tokio::test]
async fn in_a_browser_the_desk_sees_what_is_due_and_answers_the_case_due_within_the_hour() {
    use fantoccini::Locator;
    let node = crate::nodes().await.into_iter().next().unwrap();
    let b = crate::browser::browser().await;
    let base = node.base.clone();
    b.sign_in(&base, "spoc", "grenzeloos-demo").await;
    b.client.goto(&format!("{base}/spoc")).await.unwrap();
    let tiles = b.text("ul.tiles").await;
    assert!(tiles.contains("termijn verstreken"), "{tiles}");
    for standing in ["overdue", "due_within_hour", "on_time"] {
        b.client
            .find(Locator::Css(&format!("#results tr.{standing}")))
            .await
            .unwrap_or_else(|_| panic!("a case {standing} on the dashboard"));
    }
    b.screenshot("spoc-dashboard").await;

    // The first line is the one due soonest: the overdue ones, then the one within the hour.
    let due_soon = b
        .client
        .find(Locator::Css("tr.due_within_hour a"))
        .await
        .unwrap();
    due_soon.click().await.unwrap();
    b.client
        .wait()
        .at_most(std::time::Duration::from_secs(10))
        .for_element(Locator::Css("section[aria-labelledby=deadline]"))
        .await
        .unwrap();
    assert!(b.text("h1").await.contains("SPOC-"), "a case page");
    assert!(b.text(".deadline").await.contains("binnen het uur"));
    b.screenshot("spoc-case").await;

    let summary = b
        .client
        .find(Locator::XPath("//summary[contains(., 'Beantwoorden')]"))
        .await
        .unwrap();
    summary.click().await.unwrap();
    let form = b
        .client
        .form(Locator::Css("form[action$='/answer']"))
        .await
        .unwrap();
    form.set_by_name("text", "Bekend in de politieregisters.")
        .await
        .unwrap();
    form.submit().await.unwrap();
    b.client
        .wait()
        .at_most(std::time::Duration::from_secs(10))
        .for_element(Locator::Css("p.notice.ok"))
        .await
        .unwrap();
    assert!(b.text("h1").await.contains("Beantwoord"));
    assert!(
        b.text("section[aria-labelledby=deadline]")
            .await
            .contains("Binnen de termijn beantwoord")
    );

    // The year's statistics (SPOC-12) from the desk's link: tiles, three charts each with its
    // table, the desk still highlighted in the menu.
    b.client.goto(&format!("{base}/spoc")).await.unwrap();
    b.client
        .find(Locator::Css("main a[href='/spoc/statistics']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.client
        .wait()
        .at_most(std::time::Duration::from_secs(10))
        .for_element(Locator::Css("#stat-received"))
        .await
        .unwrap();
    assert!(b.text("h1").await.contains("SPOC-statistieken 2026"));
    assert_eq!(b.text("nav.main a[aria-current=page]").await, "SPOC-loket");
    assert_eq!(
        b.client
            .find_all(Locator::Css("main svg.chart[role=img]"))
            .await
            .unwrap()
            .len(),
        3
    );
    for table in ["table-received", "table-refused", "table-deviations"] {
        b.client
            .find(Locator::Css(&format!("table#{table} caption")))
            .await
            .unwrap_or_else(|_| panic!("{table} beside its chart"));
    }
    b.screenshot("spoc-statistics").await;
    b.client
        .execute(
            "document.getElementById('refused').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    b.screenshot("spoc-statistics-refusals").await;

    b.client.set_window_size(400, 900).await.unwrap();
    b.client.goto(&format!("{base}/spoc")).await.unwrap();
    let overflow = b.scrolls_sideways().await;
    assert!(!overflow, "the page does not scroll sideways at 400 px");
    b.screenshot("spoc-dashboard-phone").await;

    // The statistics on a phone: the charts shrink, the tables scroll within their cards.
    b.client
        .goto(&format!("{base}/spoc/statistics"))
        .await
        .unwrap();
    let overflow = b.scrolls_sideways().await;
    assert!(!overflow, "the statistics do not scroll sideways at 400 px");
    b.screenshot("spoc-statistics-phone").await;
}

/// What a case still needs shows on it, and the desk does it there (BNL-01, BNL-02, LED-03);
/// the registers have their pages (SPOC-08, SPOC-15).
#[tokio::test]
async fn in_a_browser_a_case_shows_what_it_still_needs_and_the_desk_does_it_there() {
    use fantoccini::Locator;
    use std::time::Duration;
    let node = crate::nodes().await.into_iter().next().unwrap();
    let b = crate::browser::browser().await;
    let base = node.base.clone();
    b.sign_in(&base, "spoc", "grenzeloos-demo").await;
    let saved = || async {
        b.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("p.notice.ok"))
            .await
            .unwrap();
    };

    // The oral Benelux request: its confirmation due shows on the dashboard and on the case.
    b.client.goto(&format!("{base}/spoc")).await.unwrap();
    b.client
        .find(Locator::XPath("//tr[.//span[contains(., 'mondeling')]]//a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("section[aria-labelledby=oral]"))
        .await
        .unwrap();
    assert!(
        b.text("section[aria-labelledby=oral]")
            .await
            .contains("24 uur")
    );
    let notice = b.text("p.notice.bad").await;
    assert!(
        notice.contains("Toestemming ontbreekt van Frankrijk"),
        "{notice}"
    );
    b.screenshot("spoc-case-oral").await;

    // France consents: the warning goes.
    b.client
        .find(Locator::XPath(
            "//summary[contains(., 'toestemming vastleggen')]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let form = b
        .client
        .form(Locator::Css("form[action$='/consent']"))
        .await
        .unwrap();
    form.set_by_name("state", "fr").await.unwrap();
    form.set_by_name("consent", "given").await.unwrap();
    form.submit().await.unwrap();
    saved().await;
    let consent = b.text("section[aria-labelledby=consent]").await;
    assert!(consent.contains("gegeven"), "{consent}");
    assert!(
        b.client
            .find(Locator::XPath("//p[contains(., 'Toestemming ontbreekt')]"))
            .await
            .is_err()
    );
    // The written confirmation arrives.
    b.client
        .form(Locator::Css("form[action$='/oral-confirmation']"))
        .await
        .unwrap()
        .submit()
        .await
        .unwrap();
    saved().await;
    assert!(
        b.text("section[aria-labelledby=facts]")
            .await
            .contains("schriftelijk bevestigd op")
    );

    // The request from a third country: nothing goes back before the transfer assessment.
    b.client
        .goto(&format!("{base}/spoc?partner=AE"))
        .await
        .unwrap();
    b.client
        .find(Locator::Css("#results tbody a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("section[aria-labelledby=transfer]"))
        .await
        .unwrap();
    assert!(b.text("p.notice.bad").await.contains("derde land"));
    b.screenshot("spoc-case-transfer").await;
    let form = b
        .client
        .form(Locator::Css("form[action$='/transfer-assessment']"))
        .await
        .unwrap();
    form.set_by_name("basis", "derogation").await.unwrap();
    form.set_by_name("necessity", "").await.unwrap();
    form.set_by_name("decided_by", "mr. A. de Vries, officier van justitie")
        .await
        .unwrap();
    form.submit().await.unwrap();
    // Refused in place: the ground and the necessity are named at their fields.
    b.client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#step-errors"))
        .await
        .unwrap();
    let form = b
        .client
        .form(Locator::Css("form[action$='/transfer-assessment']"))
        .await
        .unwrap();
    assert_eq!(
        b.client
            .find(Locator::Css("#transfer-decided-by"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("mr. A. de Vries, officier van justitie"),
        "what was typed stays"
    );
    form.set_by_name("derogation", "d").await.unwrap();
    form.set_by_name("necessity", "Witwasonderzoek; de verdachte woont in Dubai.")
        .await
        .unwrap();
    form.submit().await.unwrap();
    saved().await;
    let transfer = b.text("section[aria-labelledby=transfer]").await;
    assert!(transfer.contains("afwijking voor deze zaak"), "{transfer}");

    // The registers.
    b.client
        .goto(&format!("{base}/spoc/judicial-contacts"))
        .await
        .unwrap();
    assert!(b.text("main table").await.contains("nu van dienst"));
    b.screenshot("spoc-judicial-contacts").await;
    b.client
        .goto(&format!("{base}/spoc/languages"))
        .await
        .unwrap();
    assert!(b.text("main table").await.contains("Luxemburg"));
    let form = b
        .client
        .form(Locator::Css("form[action='/spoc/languages']"))
        .await
        .unwrap();
    form.set_by_name("partner", "CZ").await.unwrap();
    form.set_by_name("languages", "cs").await.unwrap();
    form.submit().await.unwrap();
    saved().await;
    assert!(b.text("main table").await.contains("Tsjechië"));
    b.screenshot("spoc-languages").await;

    b.client.set_window_size(400, 900).await.unwrap();
    b.client.back().await.unwrap();
    for path in ["/spoc/judicial-contacts", "/spoc/languages"] {
        b.client.goto(&format!("{base}{path}")).await.unwrap();
        let overflow = b.scrolls_sideways().await;
        assert!(!overflow, "{path} does not scroll sideways at 400 px");
    }
}

/// LED-03 in the form: a request of ours to a third country needs its transfer assessment,
/// each error at its field; with one it is recorded and goes out under it.
#[tokio::test]
async fn a_request_to_a_third_country_from_the_form_needs_its_transfer_assessment() {
    for node in nodes().await {
        let b = &node.backend;
        let mut form = vec![
            ("direction", "outgoing"),
            ("partner", "AE"),
            ("urgency", "non_urgent"),
            ("availability", "direct"),
            ("language", "en"),
            ("offences", "Witwassen; 96"),
            ("facts", "Proceeds of fraud moved to Dubai."),
            ("information_requested", "Account holder?"),
            ("persons", "Haddad; Omar; 1979-08-30; suspect"),
        ];
        let refused = post(&node, "/spoc/cases", &form).await;
        assert_eq!(refused.status, 400, "{b}");
        assert!(invalid(&refused.html, "transfer_basis"), "{b}");
        form.push(("transfer_basis", "derogation"));
        form.push(("transfer_decided_by", "mr. A. de Vries, OvJ"));
        form.push((
            "transfer_necessity",
            "Only Dubai Police holds the account data.",
        ));
        let refused = post(&node, "/spoc/cases", &form).await;
        assert!(invalid(&refused.html, "transfer_derogation"), "{b}");
        form.push(("transfer_derogation", "d"));
        let id = saved_case(&post(&node, "/spoc/cases", &form).await);
        let page = get(&node, Role::Spoc, &format!("/spoc/cases/{id}")).await;
        assert!(page.html.contains("afwijking voor deze zaak"), "{b}");
    }
}
