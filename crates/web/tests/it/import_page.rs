//! The import page over real HTTP (issue 13): it offers the two templates and the values a
//! closed column allows, says every problem of a line by its code in the page's language, and
//! says so when a file is separated by something the import does not read.

use crate::{Node, nodes};
use grenzeloos_domain::access::Role;

/// Uploads `file` as a dry run of `kind` from the import page, in `lang`.
async fn upload(node: &Node, kind: &str, file: &str, lang: &str) -> (u16, String) {
    let form = format!(
        "--X\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n--X\r\nContent-Disposition: form-data; name=\"dry_run\"\r\n\r\ntrue\r\n--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"upload.csv\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n--X--\r\n"
    );
    let response = node
        .as_role(
            Role::Deployment,
            node.http
                .post(node.url("/import"))
                .header("content-type", "multipart/form-data; boundary=X")
                .header("cookie", format!("grenzeloos_lang={lang}"))
                .body(form),
        )
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The row of the error table for `line`.
fn row(html: &str, line: u64) -> &str {
    let table = &html[html.find("id=\"import-errors\"").expect("an error table")..];
    let at = table
        .find(&format!("<td class=\"num\">{line}</td>"))
        .unwrap_or_else(|| panic!("no line {line} in {table}"));
    &table[at..at + table[at..].find("</tr>").unwrap()]
}

#[tokio::test]
async fn the_page_offers_the_templates_and_the_allowed_values() {
    for node in nodes().await {
        let b = node.backend.clone();
        let html = node
            .get(Role::Deployment, "/import")
            .await
            .text()
            .await
            .unwrap();
        for kind in ["deployments", "missions"] {
            let href = format!("/api/v1/imports/{kind}/template");
            assert!(html.contains(&format!("href=\"{href}\" download")), "{b}");
            // The link leads to the file, for whoever may open the page.
            let file = node.get(Role::Deployment, &href).await;
            assert_eq!(file.status(), 200, "{b}: {href}");
            assert!(file.text().await.unwrap().starts_with('\u{feff}'), "{b}");
        }
        // The deployments template, uploaded as it is, passes the dry run (its example row;
        // the missions template's example is a mission the demo has already).
        let template = node
            .get(Role::Deployment, "/api/v1/imports/deployments/template")
            .await
            .text()
            .await
            .unwrap();
        let (status, answer) = upload(&node, "deployments", &template, "nl").await;
        assert_eq!(status, 200, "{b}: {answer}");
        assert!(answer.contains("Proefrun geslaagd"), "{b}");
        assert!(html.contains("<code>female</code> (vrouw)"), "{b}");
        assert!(html.contains("<code>planned</code> (gepland)"), "{b}");
        assert!(html.contains("mission,personnel_number,given_name"), "{b}");
    }
}

#[tokio::test]
async fn every_problem_of_a_line_is_said_by_its_code_in_the_pages_language() {
    let header = "mission;personnel_number;given_name;family_name;gender;rank;unit;function;start;end;status;consent_date";
    for node in nodes().await {
        let b = node.backend.clone();
        // Two columns missing: two problems of line 1, both shown with it.
        let (status, html) = upload(
            &node,
            "deployments",
            "mission;personnel_number;given_name;family_name;gender;rank;unit;function;start;end\r\nX;1;A;B;female;;;f;2024-01-01;\r\n",
            "nl",
        )
        .await;
        assert_eq!(status, 400, "{b}");
        let first = row(&html, 1);
        for column in ["status", "consent_date"] {
            assert!(
                first.contains(&format!(
                    "<code>{column}</code>: In de kopregel ontbreekt deze kolom."
                )),
                "{b}: {first}"
            );
        }
        assert!(!html.contains("the header lacks"), "{b}: no English");
        assert!(!html.contains("id=\"import-separator\""), "{b}");

        // Problems of several kinds, each in Dutch; none of the domain's English words.
        let file = format!(
            "{header}\r\nEULEX Kosovo;T-1;Anna;Smit;alien;;;adviseur;2024-01-15;2024-12-31;planned;\r\nGeen missie;T-2;Piet;Smit;male;;;adviseur;2024-01-15;2024-12-31;planned;\r\nEULEX Kosovo;T-3;Els;Smit;female;;;adviseur;15-01-2024;2024-12-31;planned;\r\n"
        );
        let (status, html) = upload(&node, "deployments", &file, "nl").await;
        assert_eq!(status, 400, "{b}");
        assert!(
            row(&html, 2).contains("<code>gender</code>: Kies een van de mogelijkheden."),
            "{b}: {html}"
        );
        assert!(
            row(&html, 3)
                .contains("<code>mission</code>: Er is geen missie met deze naam of afkorting."),
            "{b}: {html}"
        );
        assert!(
            row(&html, 4).contains("<code>start</code>: Geen geldige datum"),
            "{b}: {html}"
        );
        assert!(!html.contains("there is no mission"), "{b}: no English");
        assert!(html.contains("3 fouten"), "{b}");

        // The same in English.
        let (_, english) = upload(&node, "deployments", &file, "en").await;
        assert!(
            row(&english, 3).contains("There is no mission with this name or acronym."),
            "{b}: {english}"
        );
    }
}

#[tokio::test]
async fn a_file_separated_by_tabs_is_refused_with_the_hint() {
    for node in nodes().await {
        let b = node.backend.clone();
        let tabbed = "name\tacronym\tmandated_by\tstart\tend\tcountries\tstation\r\nTestmissie gescheiden\t\tEU\t2013-05-22\t\tLY\tTunis\r\n";
        let (status, html) = upload(&node, "missions", tabbed, "nl").await;
        assert_eq!(status, 400, "{b}");
        let hint = &html[html.find("id=\"import-separator\"").expect("the hint")..];
        let hint = &hint[..hint.find("</p>").unwrap()];
        assert!(
            hint.contains("lijkt niet gescheiden door komma"),
            "{b}: {hint}"
        );
        assert!(hint.contains("<code>tabs</code>"), "{b}: {hint}");
        // Separated by semicolons, as Dutch Excel writes it, the file is read.
        let (status, html) = upload(&node, "missions", &tabbed.replace('\t', ";"), "nl").await;
        assert_eq!(status, 200, "{b}: {html}");
        assert!(!html.contains("id=\"import-separator\""), "{b}");
    }
}
