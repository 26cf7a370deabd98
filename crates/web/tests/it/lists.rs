//! Lists people work with (issue 13), over real HTTP: column headers that sort on the server
//! and keep the filters, names the Dutch way ("de Graaf" under G), the high-risk list's CSV
//! exports (plain and for Excel, formulas shown as text, audited), Excel CSV of the overview,
//! and the officer picker's search box in a real browser.

use crate::browser::browser;
use crate::{Node, audit_events, nodes};
use fantoccini::Locator;
use grenzeloos_app::Actor;
use grenzeloos_domain::access::Role;
use grenzeloos_domain::instruments::{SecurityAssessment, SecurityAssessmentInput};
use grenzeloos_domain::registry::{DeploymentInput, MissionInput, OfficerInput};
use std::time::Duration;

const PURPOSE: &str = "grenzeloos_purpose=zorgplicht%20voor%20uitgezonden%20collega%27s";

fn admin() -> Actor {
    Actor::person("test", "test", "test", &[Role::Admin])
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

async fn get(node: &Node, role: Role, path: &str) -> Answer {
    let response = node
        .as_role(role, node.http.get(node.url(path)))
        .header("cookie", PURPOSE)
        .send()
        .await
        .unwrap();
    Answer {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap(),
    }
}

async fn officer(node: &Node, number: &str, given: &str, family: &str) -> String {
    let input = OfficerInput {
        personnel_number: number.into(),
        given_name: given.into(),
        family_name: family.into(),
        gender: "female".into(),
        rank: None,
        unit: None,
    };
    node.app.create_officer(&admin(), &input).await.unwrap().id
}

/// Where each of `needles` stands in `haystack`, in their order there.
fn order_of<'a>(haystack: &str, needles: &[&'a str]) -> Vec<&'a str> {
    let mut found: Vec<(usize, &str)> = needles
        .iter()
        .map(|n| {
            (
                haystack
                    .find(n)
                    .unwrap_or_else(|| panic!("'{n}' not on the page")),
                *n,
            )
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, n)| n).collect()
}

/// The `<th>` of the column whose sort link names `column`.
fn header<'a>(html: &'a str, column: &str) -> &'a str {
    let link = html
        .find(&format!("sort={column}&#38;"))
        .unwrap_or_else(|| {
            let head = html
                .find("<thead>")
                .map_or("", |i| &html[i..(i + 900).min(html.len())]);
            panic!("no header sorting by {column}: {head}")
        });
    let start = html[..link].rfind("<th").unwrap();
    let end = link + html[link..].find("</th>").unwrap();
    &html[start..end]
}

#[tokio::test]
async fn officers_are_listed_the_dutch_way_and_sorted_by_a_header_that_keeps_the_filter() {
    for node in nodes().await {
        let b = &node.backend;
        officer(&node, "LST-1", "Anna", "Hendriks").await;
        officer(&node, "LST-2", "Jan", "de Graaf").await;
        officer(&node, "LST-3", "Piet", "van der Berg").await;
        officer(&node, "LST-4", "Kees", "Aalders").await;
        officer(&node, "LST-5", "Émile", "Zuidema").await;
        let names = [
            "Aalders, Kees",
            "van der Berg, Piet",
            "de Graaf, Jan",
            "Hendriks, Anna",
            "Zuidema, Émile",
        ];

        // The list's own order: family names without their particles.
        let page = get(&node, Role::Deployment, "/officers?q=LST-").await;
        assert_eq!(page.status, 200, "{b}");
        assert_eq!(order_of(&page.body, &names), names, "{b}");

        // A header sorts the other way round and keeps the search; aria-sort says how.
        let page = get(
            &node,
            Role::Deployment,
            "/officers?q=LST-&sort=name&dir=desc",
        )
        .await;
        assert_eq!(page.status, 200, "{b}");
        let mut reversed = names;
        reversed.reverse();
        assert_eq!(order_of(&page.body, &names), reversed, "{b}");
        let name = header(&page.body, "name");
        assert!(name.contains("aria-sort=\"descending\""), "{b}: {name}");
        assert!(
            name.contains("href=\"/officers?q=LST-&#38;sort=name&#38;dir=asc\""),
            "{b}: {name}"
        );
        let number = header(&page.body, "personnel_number");
        assert!(!number.contains("aria-sort"), "{b}: {number}");
        assert!(
            number.contains("q=LST-&#38;sort=personnel_number&#38;dir=asc"),
            "{b}"
        );
        // The search form carries the order along.
        assert!(
            page.body
                .contains("<input type=\"hidden\" name=\"sort\" value=\"name\">")
                && page
                    .body
                    .contains("<input type=\"hidden\" name=\"dir\" value=\"desc\">"),
            "{b}"
        );

        // By personnel number, descending: LST-5 first.
        let page = get(
            &node,
            Role::Deployment,
            "/officers?q=LST-&sort=personnel_number&dir=desc",
        )
        .await;
        assert_eq!(
            order_of(&page.body, &names),
            [
                "Zuidema, Émile",
                "Aalders, Kees",
                "van der Berg, Piet",
                "de Graaf, Jan",
                "Hendriks, Anna"
            ],
            "{b}"
        );

        // After saving, the list says so once; its headers do not carry the notice along.
        let page = get(&node, Role::Deployment, "/officers?q=LST-&saved=1").await;
        assert!(page.body.contains("id=\"saved\""), "{b}: no notice");
        let name = header(&page.body, "name");
        assert!(
            name.contains("href=\"/officers?q=LST-&#38;sort=name&#38;dir=asc\""),
            "{b}: {name}"
        );

        // A column the list does not have, or a direction that is none: 400, saying which.
        let bad = get(&node, Role::Deployment, "/officers?sort=salary").await;
        assert_eq!(bad.status, 400, "{b}");
        assert!(
            bad.body.contains("sort: &#39;salary&#39;") && bad.body.contains("personnel_number"),
            "{b}: {}",
            bad.body
        );
        let bad = get(&node, Role::Deployment, "/officers?sort=name&dir=up").await;
        assert_eq!(bad.status, 400, "{b}");
        assert!(bad.body.contains("dir: &#39;up&#39;"), "{b}: {}", bad.body);
    }
}

/// The `<td>`s of column `index` (0 first) of the table with `id`, as text without tags.
fn column(html: &str, id: &str, index: usize) -> Vec<String> {
    let table = &html[html.find(&format!("<table id=\"{id}\"")).unwrap()..];
    let body = &table[table.find("<tbody>").unwrap()..table.find("</tbody>").unwrap()];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let cell = row.split("<td").nth(index + 1).unwrap_or_default();
            let cell = &cell[cell.find('>').map_or(0, |i| i + 1)..];
            let cell = &cell[..cell.find("</td>").unwrap_or(cell.len())];
            let mut text = String::new();
            let mut in_tag = false;
            for c in cell.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.trim().to_string()
        })
        .collect()
}

/// `24-11-2023` as a date.
fn dutch_date(text: &str) -> jiff::civil::Date {
    let parts: Vec<i16> = text.split('-').map(|p| p.parse().unwrap()).collect();
    jiff::civil::date(parts[2], parts[1] as i8, parts[0] as i8)
}

#[tokio::test]
async fn instrument_lists_sort_dates_as_dates_and_numbers_as_numbers() {
    for node in nodes().await {
        let b = &node.backend;
        // Developments: the date is the second column, written 24-11-2023 — as text the
        // days would decide, as dates the years do.
        let page = get(&node, Role::Policy, "/developments?sort=date&dir=asc").await;
        assert_eq!(page.status, 200, "{b}");
        let dates: Vec<_> = column(&page.body, "records", 1)
            .iter()
            .map(|d| dutch_date(d))
            .collect();
        assert!(dates.len() > 3, "{b}: {dates:?}");
        assert!(dates.is_sorted(), "{b}: {dates:?}");
        assert!(
            header(&page.body, "date").contains("aria-sort=\"ascending\""),
            "{b}"
        );
        let page = get(&node, Role::Policy, "/developments?sort=date&dir=desc").await;
        let mut descending: Vec<_> = column(&page.body, "records", 1)
            .iter()
            .map(|d| dutch_date(d))
            .collect();
        descending.reverse();
        assert_eq!(descending, dates, "{b}");

        // A filter stays in the header links of a kind's list.
        let page = get(&node, Role::Policy, "/developments?topic=eu").await;
        assert!(
            header(&page.body, "title")
                .contains("href=\"/developments?topic=eu&#38;sort=title&#38;dir=asc\""),
            "{b}"
        );

        // Missions by the number of officers, most first.
        let page = get(
            &node,
            Role::Policy,
            "/missions?state=all&sort=officers&dir=desc",
        )
        .await;
        assert_eq!(page.status, 200, "{b}");
        let table = page.body.replacen("<table>", "<table id=\"missions\">", 1);
        let officers: Vec<i64> = column(&table, "missions", 5)
            .iter()
            .map(|n| n.parse().unwrap())
            .collect();
        assert!(officers.len() > 3 && officers[0] > 0, "{b}: {officers:?}");
        assert!(
            officers.windows(2).all(|w| w[0] >= w[1]),
            "{b}: {officers:?}"
        );

        // A kind's list refuses a column it does not have.
        let bad = get(&node, Role::Policy, "/dossiers?sort=colour").await;
        assert_eq!(bad.status, 400, "{b}");
        assert!(bad.body.contains("sort: &#39;colour&#39;"), "{b}");
    }
}

/// A mission in an area of level "extreme" with one officer there, whose name and function
/// a spreadsheet would run as formulas if they were not neutralised.
async fn high_risk_case(node: &Node) -> (String, String) {
    let mission = node
        .app
        .create_mission(
            &admin(),
            &MissionInput {
                name: "=HYPERLINK(\"http://evil.example\")".into(),
                acronym: None,
                mandated_by: "EU".into(),
                start: "2020-01-01".into(),
                end: None,
                countries: "ML".into(),
                station: "Bamako".into(),
            },
        )
        .await
        .unwrap()
        .id;
    node.app
        .save_instrument::<SecurityAssessment>(
            &admin(),
            None,
            &SecurityAssessmentInput {
                mission_id: mission.clone(),
                level: "extreme".into(),
                valid_from: "2025-01-01".into(),
                reason: "Gevechten rond de hoofdstad".into(),
            },
        )
        .await
        .unwrap();
    let first = officer(node, "HR-1", "Jan", "de Graaf").await;
    let second = officer(node, "HR-2", "Anna", "Hendriks").await;
    for (who, function) in [(&first, "@SUM(A1:A9)"), (&second, "adviseur")] {
        node.app
            .create_deployment(
                &admin(),
                &DeploymentInput {
                    officer_id: who.clone(),
                    mission_id: mission.clone(),
                    function: function.into(),
                    start: "2026-01-01".into(),
                    end: Some("2026-12-31".into()),
                    status: "deployed".into(),
                    consent_date: Some("2025-12-01".into()),
                    team_id: None,
                },
            )
            .await
            .unwrap();
    }
    (mission, first)
}

#[tokio::test]
async fn the_high_risk_list_exports_as_csv_and_as_csv_for_excel_with_formulas_as_text() {
    for node in nodes().await {
        let b = &node.backend;
        high_risk_case(&node).await;
        let on = "as_of=2026-06-01";

        // The page: export links above the list, carrying date and order; sorted by name.
        let page = get(
            &node,
            Role::Deployment,
            &format!("/care/high-risk?{on}&sort=officer&dir=asc"),
        )
        .await;
        assert_eq!(page.status, 200, "{b}");
        assert!(
            page.body.contains("href=\"/care/high-risk/export?as_of=2026-06-01&#38;sort=officer&#38;dir=asc&amp;format=excel\""),
            "{b}"
        );
        assert!(page.body.find("format=csv").unwrap() < page.body.find("id=\"at-risk\"").unwrap());
        assert_eq!(
            order_of(&page.body, &["Jan de Graaf", "Anna Hendriks"]),
            ["Jan de Graaf", "Anna Hendriks"],
            "{b}: G before H"
        );

        // Plain CSV: commas, no byte order mark; the export is audited like the page.
        let before = audit_events(&node).await;
        let plain = get(
            &node,
            Role::Deployment,
            &format!("/care/high-risk/export?{on}&format=csv"),
        )
        .await;
        assert_eq!(plain.status, 200, "{b}: {}", plain.body);
        assert!(
            audit_events(&node).await > before,
            "{b}: the export is audited"
        );
        assert!(
            plain.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        assert_eq!(plain.headers["cache-control"], "no-store", "{b}");
        let disposition = plain.headers["content-disposition"].to_str().unwrap();
        assert!(
            disposition.contains("hoog-risicogebieden-2026-06-01.csv"),
            "{b}: {disposition}"
        );
        assert!(!plain.body.starts_with('\u{feff}'), "{b}");
        let lines: Vec<&str> = plain.body.lines().collect();
        assert!(
            lines[0].starts_with("Functionaris,Missie,"),
            "{b}: {}",
            lines[0]
        );
        let graaf = lines.iter().find(|l| l.contains("Jan de Graaf")).unwrap();
        assert!(
            graaf.contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\"")
                && graaf.contains(",'@SUM(A1:A9),")
                && graaf.contains(",extreem,"),
            "{b}: {graaf}"
        );

        // For Excel: a byte order mark, semicolons and CRLF; the same cells, neutralised alike.
        let excel = get(
            &node,
            Role::Deployment,
            &format!("/care/high-risk/export?{on}&format=excel"),
        )
        .await;
        assert_eq!(excel.status, 200, "{b}");
        let disposition = excel.headers["content-disposition"].to_str().unwrap();
        assert!(
            disposition.contains("hoog-risicogebieden-2026-06-01-excel.csv"),
            "{b}"
        );
        assert!(
            excel.body.starts_with("\u{feff}Functionaris;Missie;"),
            "{b}"
        );
        assert!(excel.body.contains("\r\n"), "{b}");
        let graaf = excel
            .body
            .lines()
            .find(|l| l.contains("Jan de Graaf"))
            .unwrap();
        assert!(
            graaf.contains(";'@SUM(A1:A9);") && graaf.contains(";extreem;"),
            "{b}: {graaf}"
        );

        // A format the list does not have is refused, naming it; no purpose, no file.
        let bad = get(
            &node,
            Role::Deployment,
            &format!("/care/high-risk/export?{on}&format=xls"),
        )
        .await;
        assert_eq!(bad.status, 400, "{b}");
        assert!(bad.body.contains("format: &#39;xls&#39;"), "{b}");
        let without = node
            .as_role(
                Role::Deployment,
                node.http.get(node.url("/care/high-risk/export")),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(
            without.status().as_u16(),
            303,
            "{b}: asks for the purpose first"
        );
        // Roles that may not read personal data get no export.
        let policy = get(&node, Role::Policy, &format!("/care/high-risk/export?{on}")).await;
        assert_eq!(policy.status, 403, "{b}");
    }
}

/// The cells of a CSV text (RFC 4180 quoting) with `separator`.
fn csv_rows(text: &str, separator: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == separator && !quoted => row.push(std::mem::take(&mut cell)),
            '\r' if !quoted => {}
            '\n' if !quoted => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            c => cell.push(c),
        }
    }
    rows
}

#[tokio::test]
async fn the_overview_offers_a_csv_for_excel_beside_the_plain_one_above_its_chart() {
    for node in nodes().await {
        let b = &node.backend;
        let page = get(&node, Role::Policy, "/overview?as_of=2023-11-24").await;
        assert_eq!(page.status, 200, "{b}");
        let excel = page.body.find("format=excel").expect("an Excel download");
        assert!(
            excel < page.body.find("<svg").unwrap(),
            "{b}: downloads above the chart"
        );
        assert!(page.body.contains("CSV downloaden"), "{b}: Dutch words");

        let plain = get(
            &node,
            Role::Policy,
            "/api/v1/reports/deployments?as_of=2023-11-24&format=csv",
        )
        .await;
        let excel = get(
            &node,
            Role::Policy,
            "/api/v1/reports/deployments?as_of=2023-11-24&format=excel",
        )
        .await;
        assert_eq!(excel.status, 200, "{b}");
        let disposition = excel.headers["content-disposition"].to_str().unwrap();
        assert!(
            disposition.contains("uitgezonden-2023-11-24-excel.csv"),
            "{b}: {disposition}"
        );
        assert!(
            excel
                .body
                .starts_with("\u{feff}Missienaam;Land;Standplaats;"),
            "{b}"
        );
        // The same rows: only the separators, the quoting and the line ends differ.
        assert_eq!(
            csv_rows(&plain.body, ','),
            csv_rows(excel.body.trim_start_matches('\u{feff}'), ';'),
            "{b}"
        );
        assert!(csv_rows(&plain.body, ',').len() > 3, "{b}");
        assert!(excel.body.ends_with(";28\r\n"), "{b}: the total");
        let bad = get(
            &node,
            Role::Policy,
            "/api/v1/reports/deployments?format=xlsx",
        )
        .await;
        assert_eq!(bad.status, 400, "{b}");
    }
}

/// The officer picker of a form: typing part of a name narrows the list; Enter takes the
/// first match, the form saves with it.
#[tokio::test]
async fn the_officer_picker_narrows_as_you_type_and_enter_picks() {
    let node = nodes().await.into_iter().next().unwrap();
    let graaf = officer(&node, "PK-1", "Jan", "de Graaf").await;
    officer(&node, "PK-2", "Anna", "Graafland").await;
    let b = browser().await;
    let base = node.base.clone();
    b.sign_in(&base, "r-deployment", "test password 123").await;
    b.client
        .goto(&format!("{base}/purpose?next=/incidents/new"))
        .await
        .unwrap();
    // Nothing is chosen for the user: they choose the purpose.
    b.client
        .find(Locator::Css("#purpose-1"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.client
        .find(Locator::Css("form[action='/purpose'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    if let Err(error) = b
        .client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("f-officer_id-search"))
        .await
    {
        let url = b.client.current_url().await.unwrap();
        let source = b.client.source().await.unwrap();
        let at = source.find("f-officer_id").unwrap_or(0);
        panic!(
            "{error}: {url}: {}",
            &source[at.saturating_sub(200)..(at + 600).min(source.len())]
        );
    }
    let search = b
        .client
        .find(Locator::Id("f-officer_id-search"))
        .await
        .unwrap();
    assert_eq!(
        search.attr("aria-label").await.unwrap().as_deref(),
        Some("Zoek een functionaris op naam of personeelsnummer")
    );
    search.send_keys("graaf jan").await.unwrap();
    let visible = b
        .client
        .find_all(Locator::Css(
            "#f-officer_id option:not([hidden]):not([value=''])",
        ))
        .await
        .unwrap();
    assert_eq!(visible.len(), 1, "only Jan de Graaf is left");
    // Enter picks the match and moves to the list, without sending the form.
    search.send_keys("\u{E007}").await.unwrap();
    let select = b.client.find(Locator::Id("f-officer_id")).await.unwrap();
    assert_eq!(
        select.prop("value").await.unwrap().as_deref(),
        Some(graaf.as_str())
    );
    assert_eq!(
        b.client
            .active_element()
            .await
            .unwrap()
            .attr("id")
            .await
            .unwrap()
            .as_deref(),
        Some("f-officer_id")
    );
    assert!(
        b.client
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/incidents/new")
    );
    b.screenshot("officer-picker").await;
}
