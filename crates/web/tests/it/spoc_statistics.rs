//! The SPOC desk's statistics page over HTTP (issue 14, SPOC-12, Art 18(2) Directive (EU)
//! 2023/977): on the demo's traffic the page and its CSV show the numbers the API gives for the
//! same year; the roles without `CaseStatistics` are refused; a bad year is refused at the year
//! field. The test clock stands at 2026-03-16 (the demo's three weeks are all in 2026).

use crate::{Node, nodes};
use grenzeloos_domain::access::{Permission, Role, allows};
use grenzeloos_domain::countries::country;
use serde_json::Value;

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

async fn get_in(node: &Node, role: Role, path: &str, lang: &str) -> Answer {
    let response = node
        .as_role(role, node.http.get(node.url(path)))
        .header("cookie", format!("grenzeloos_lang={lang}"))
        .send()
        .await
        .unwrap();
    Answer {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap(),
    }
}

async fn get(node: &Node, role: Role, path: &str) -> Answer {
    get_in(node, role, path, "nl").await
}

async fn api(node: &Node, year: i16) -> Value {
    let response = node
        .get(
            Role::Policy,
            &format!("/api/v1/spoc/statistics?year={year}"),
        )
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// The text of an element by id (tags stripped, spaces folded).
fn by_id(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let rest = &html[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest.find("</").unwrap();
    text(&rest[open..close])
}

/// The page's own content, without the menu and the language switch (which name the address).
fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap();
    &html[start..html[start..].find("</main>").unwrap() + start]
}

fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rows of the table `id` (head, body and foot), each a list of its cells' texts.
fn table(html: &str, id: &str) -> Vec<Vec<String>> {
    let start = html
        .find(&format!("<table id=\"{id}\""))
        .unwrap_or_else(|| panic!("no table #{id}"));
    let end = start + html[start..].find("</table>").unwrap();
    html[start..end]
        .split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<t")
                .skip(1)
                .filter(|cell| ["h>", "h ", "d>", "d "].iter().any(|p| cell.starts_with(p)))
                .map(|cell| text(&format!("<t{cell}")))
                .collect()
        })
        .collect()
}

fn name_nl(code: &str) -> String {
    country(code).unwrap().name_nl.to_string()
}

fn n(value: &Value) -> u64 {
    value.as_u64().unwrap_or(0)
}

#[tokio::test]
async fn the_page_shows_the_numbers_the_api_gives_for_the_year() {
    for node in nodes().await {
        let b = &node.backend;
        let year = node.app.today().year();
        let json = api(&node, year).await;
        // The demo gives every figure something to show.
        for figure in ["received", "refused", "judicial_deviations"] {
            assert!(
                !json[figure].as_object().unwrap().is_empty(),
                "{b}: {figure} in the demo: {json}"
            );
        }
        // Without a year: this year by the node's clock.
        let page = get(&node, Role::Policy, "/spoc/statistics").await;
        assert_eq!(page.status, 200, "{b}");
        let html = &page.body;
        assert!(
            html.contains(&format!("<h1>SPOC-statistieken {year}</h1>")),
            "{b}"
        );
        let asked = get(
            &node,
            Role::Policy,
            &format!("/spoc/statistics?year={year}"),
        )
        .await;
        assert!(main_of(&asked.body) == main_of(html), "{b}: the same year");

        // The tiles.
        let received = json["received"].as_object().unwrap();
        let sum = |key: &str| received.values().map(|r| n(&r[key])).sum::<u64>();
        let (urgent, non_urgent) = (sum("urgent"), sum("non_urgent"));
        let answered = sum("answered_urgent") + sum("answered_non_urgent");
        let (replied, in_time) = (
            n(&json["answered_in_time"]["answered"]),
            n(&json["answered_in_time"]["in_time"]),
        );
        assert_eq!(
            by_id(html, "stat-submitted"),
            json["submitted"].to_string(),
            "{b}"
        );
        assert_eq!(
            by_id(html, "stat-received"),
            (urgent + non_urgent).to_string()
        );
        assert_eq!(by_id(html, "stat-answered"), answered.to_string());
        assert_eq!(
            by_id(html, "stat-in-time-count"),
            format!("{in_time} van {replied}")
        );
        assert_eq!(
            by_id(html, "stat-in-time"),
            format!("{} %", in_time * 100 / replied)
        );

        // (b) per requesting state: the table beside the chart, a bar per state and figure.
        let rows = table(html, "table-received");
        assert_eq!(rows.len(), received.len() + 2, "{b}: head, states, foot");
        for (code, r) in received {
            let row = rows
                .iter()
                .find(|row| row[0] == name_nl(code))
                .unwrap_or_else(|| panic!("{b}: no row for {code}"));
            let expected: Vec<String> = [
                n(&r["urgent"]),
                n(&r["answered_urgent"]),
                n(&r["non_urgent"]),
                n(&r["answered_non_urgent"]),
                n(&r["urgent"]) + n(&r["non_urgent"]),
                n(&r["answered_urgent"]) + n(&r["answered_non_urgent"]),
            ]
            .iter()
            .map(u64::to_string)
            .collect();
            assert_eq!(row[1..], expected[..], "{b}: {code}");
            if n(&r["urgent"]) > 0 {
                assert!(
                    html.contains(&format!(
                        "<title>{} · ontvangen – Urgent: {}</title>",
                        name_nl(code),
                        r["urgent"]
                    )),
                    "{b}: {code}'s bar"
                );
            }
        }
        let foot = rows.last().unwrap();
        assert_eq!(foot[0], "Totaal");
        assert_eq!(foot[5], (urgent + non_urgent).to_string());
        assert!(html.contains("aria-labelledby=\"chart-received\""), "{b}");

        // (c) per ground (rows) and requesting state (columns), with the article.
        let rows = table(html, "table-refused");
        let states = &rows[0][1..rows[0].len() - 1];
        let refused = json["refused"].as_object().unwrap();
        assert_eq!(states.len(), refused.len(), "{b}");
        for (code, grounds) in refused {
            let column = 1 + states.iter().position(|s| *s == name_nl(code)).unwrap();
            for ground in ["a", "b", "c", "d", "e", "f", "g", "h"] {
                let row = rows
                    .iter()
                    .find(|row| row[0].starts_with(&format!("Art 6(1)({ground})")))
                    .unwrap();
                assert_eq!(
                    row[column],
                    n(&grounds[ground]).to_string(),
                    "{b}: {code} on ({ground})"
                );
            }
        }
        let total_refusals: u64 = refused
            .values()
            .flat_map(|g| g.as_object().unwrap().values())
            .map(n)
            .sum();
        assert_eq!(
            rows.last().unwrap().last().unwrap(),
            &total_refusals.to_string()
        );
        assert!(html.contains("aria-labelledby=\"chart-refused\""), "{b}");

        // (d) per requesting state.
        let rows = table(html, "table-deviations");
        let deviations = json["judicial_deviations"].as_object().unwrap();
        for (code, count) in deviations {
            assert!(
                rows.contains(&vec![name_nl(code), count.to_string()]),
                "{b}: {code}: {rows:?}"
            );
        }
        assert!(html.contains("aria-labelledby=\"chart-deviations\""), "{b}");

        // Downloads of the same year; the desk's entry stays in the menu (here policy's own).
        assert!(html.contains(&format!("href=\"/spoc/statistics.csv?year={year}\"")));
        assert!(html.contains(&format!("href=\"/api/v1/spoc/statistics?year={year}\"")));
        assert!(html.contains("<a href=\"/spoc/statistics\" aria-current=\"page\">"));
        let desk = get(&node, Role::Spoc, "/spoc/statistics").await;
        assert_eq!(desk.status, 200, "{b}");
        assert!(
            desk.body
                .contains("<a href=\"/spoc\" aria-current=\"page\">")
        );
        assert!(
            !desk
                .body
                .contains("<a href=\"/spoc/statistics\" aria-current")
        );
        let dashboard = get(&node, Role::Spoc, "/spoc").await;
        assert!(dashboard.body.contains("href=\"/spoc/statistics\""), "{b}");

        // In English, the same numbers.
        let english = get_in(&node, Role::Policy, "/spoc/statistics", "en").await;
        assert!(
            english
                .body
                .contains(&format!("<h1>SPOC statistics {year}</h1>")),
            "{b}"
        );
        assert!(english.body.contains("requests submitted"));
        assert_eq!(
            by_id(&english.body, "stat-in-time-count"),
            format!("{in_time} of {replied}")
        );

        // A year without cases says so, and draws no empty charts.
        let empty = get(&node, Role::Policy, "/spoc/statistics?year=2020").await;
        assert_eq!(empty.status, 200);
        assert_eq!(by_id(&empty.body, "no-cases"), "Geen zaken in 2020.");
        assert!(!empty.body.contains("<svg"), "{b}");
        assert!(empty.body.contains("href=\"/spoc/statistics?year=2021\""));
    }
}

#[tokio::test]
async fn the_csv_has_the_clis_header_and_the_numbers_of_the_api() {
    for node in nodes().await {
        let b = &node.backend;
        let json = api(&node, 2026).await;
        let csv = get(&node, Role::Policy, "/spoc/statistics.csv?year=2026").await;
        assert_eq!(csv.status, 200, "{b}: {}", csv.body);
        assert_eq!(
            csv.headers["content-disposition"],
            "attachment; filename=\"spoc-statistics-2026.csv\""
        );
        assert!(
            csv.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let mut lines = csv.body.lines();
        assert_eq!(lines.next(), Some("year,figure,state,ground,count"), "{b}");
        let mut rows = 0;
        for line in lines {
            let cells: Vec<&str> = line.split(',').collect();
            let [year, figure, state, ground, count] = cells[..] else {
                panic!("{b}: {line}")
            };
            assert_eq!(year, "2026");
            let expected = match figure {
                "submitted" => &json["submitted"],
                "received_urgent" => &json["received"][state]["urgent"],
                "received_non_urgent" => &json["received"][state]["non_urgent"],
                "answered_urgent" => &json["received"][state]["answered_urgent"],
                "answered_non_urgent" => &json["received"][state]["answered_non_urgent"],
                "refused" => &json["refused"][state][ground],
                "judicial_deviations" => &json["judicial_deviations"][state],
                "replied" => &json["answered_in_time"]["answered"],
                "replied_in_time" => &json["answered_in_time"]["in_time"],
                other => panic!("{b}: figure {other}"),
            };
            assert_eq!(count, expected.to_string(), "{b}: {line}");
            rows += 1;
        }
        let in_json = |figure: &str| json[figure].as_object().unwrap();
        let refusals: usize = in_json("refused")
            .values()
            .map(|g| g.as_object().unwrap().len())
            .sum();
        assert_eq!(
            rows,
            3 + 4 * in_json("received").len() + refusals + in_json("judicial_deviations").len(),
            "{b}: every figure once"
        );
    }
}

#[tokio::test]
async fn only_the_roles_with_case_statistics_see_them_and_a_bad_year_is_refused_at_its_field() {
    for node in nodes().await {
        let b = &node.backend;
        for role in Role::ALL {
            let allowed = allows(&[role], Permission::CaseStatistics);
            for path in ["/spoc/statistics", "/spoc/statistics.csv"] {
                let status = get(&node, role, path).await.status;
                assert_eq!(
                    status,
                    if allowed { 200 } else { 403 },
                    "{b}: {role} {path}"
                );
            }
        }
        for bad in ["abc", "1800", "2027"] {
            let page = get(&node, Role::Policy, &format!("/spoc/statistics?year={bad}")).await;
            assert_eq!(page.status, 400, "{b}: {bad}");
            let html = &page.body;
            assert!(html.contains("name=\"year\""), "{b}");
            assert!(html.contains(&format!("value=\"{bad}\"")), "{b}: kept");
            assert!(html.contains("aria-describedby=\"e-year\""), "{b}");
            assert!(
                by_id(html, "e-year").starts_with("Geen geldig jaar"),
                "{b}: {html}"
            );
            assert!(!html.contains("<svg"), "{b}");
            let csv = get(
                &node,
                Role::Policy,
                &format!("/spoc/statistics.csv?year={bad}"),
            )
            .await;
            assert_eq!(csv.status, 400, "{b}: {bad}");
        }
    }
}
