//! One word for one level, status or act (issue 13): the annex to parliament — its model and
//! the text of its PDF — says what the pages say. The statuses and levels come from the one
//! vocabulary (`grenzeloos_domain::labels`), which the UI reads too; the column headers of
//! the agreements are the UI's own field names (`f.signed`, `f.in_force` in the web crate's
//! Dutch locale file).

use grenzeloos_app::{Actor, App};
use grenzeloos_domain::access::Role;
use grenzeloos_domain::labels::{GROUPS, Lang};
use grenzeloos_domain::time::{HalfYear, parse_instant};
use grenzeloos_report::annex::{AnnexFormat, build, render};
use grenzeloos_report::document::Block;
use grenzeloos_store::testing::fresh_stores;

/// The Dutch texts of the web UI, `key = text` per line.
const UI_NL: &str = include_str!("../../../web/locales/nl.txt");

fn ui(key: &str) -> &'static str {
    UI_NL
        .lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(" = "))
        .unwrap_or_else(|| panic!("{key} not in the UI's nl.txt"))
        .trim()
}

/// Every Dutch word of the lists whose name ends in `suffix` (`_status`, `security_level`).
fn words(suffix: &str) -> Vec<&'static str> {
    GROUPS
        .iter()
        .filter(|g| g.name.ends_with(suffix))
        .flat_map(|g| {
            (g.codes)()
                .into_iter()
                .filter_map(|code| (g.label)(code, Lang::Nl))
        })
        .collect()
}

/// Text as a reader sees it: one space between words, words broken at a line end joined.
fn flat(text: &str) -> String {
    text.replace("-\n", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test]
async fn the_annex_and_its_pdf_use_the_words_of_the_pages() {
    let (backend, store) = fresh_stores().await.into_iter().next().unwrap();
    let app = App::new(store);
    assert!(app.load_demo().await.unwrap());
    let data = app
        .annex_data(
            &Actor::person("u-policy", "test-policy", "policy", &[Role::Policy]),
            HalfYear::parse("period", "2024-H1").unwrap(),
            "2024-04-17".parse().unwrap(),
            Some(parse_instant("t", "2100-01-01T00:00:00Z").unwrap()),
        )
        .await
        .unwrap();

    // Every status a table prints is a word of the vocabulary ("ondertekend sinds …").
    let statuses = words("_status");
    let document = build(&data);
    let mut checked = 0;
    for section in &document.sections {
        for block in &section.blocks {
            let Block::Table(table) = block else { continue };
            let Some(column) = table
                .columns
                .iter()
                .position(|c| c.title.starts_with("Status"))
            else {
                continue;
            };
            for row in &table.rows {
                let cell = row[column].as_str();
                let word = cell.split(" sinds ").next().unwrap_or_default();
                if !word.is_empty() {
                    assert!(
                        statuses.contains(&word),
                        "{backend}: '{cell}' in '{}' is no status of the UI",
                        table.caption
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 10, "{backend}: only {checked} statuses");

    // The text of the PDF: the UI's words for the acts and the levels, never another.
    let pdf = render(&data, AnnexFormat::Pdf).unwrap();
    // For looking at the pages (pdftoppm): GRENZELOOS_ANNEX_PDF=/tmp/annex.pdf.
    if let Ok(path) = std::env::var("GRENZELOOS_ANNEX_PDF") {
        std::fs::write(path, &pdf).unwrap();
    }
    let text = flat(&pdf_extract::extract_text_from_mem(&pdf).unwrap());
    for word in [ui("f.signed"), ui("f.in_force")] {
        assert!(
            text.contains(word),
            "{backend}: '{word}' missing from the PDF"
        );
    }
    let extreme = grenzeloos_domain::labels::label("security_level", "extreme", Lang::Nl).unwrap();
    assert!(
        text.contains(&format!("EUAM Oekraïne: {extreme} sinds")),
        "{backend}: the level as the UI names it"
    );
    assert!(words("security_level").contains(&extreme));
    assert!(
        text.contains(&format!("{extreme} {}", ui("f.level").to_lowercase())),
        "{backend}: the UI's word for the level"
    );
    for other in [
        "Getekend",
        "getekend",
        "zeer hoog",
        "Zeer hoog",
        "dreigingsniveau",
    ] {
        assert!(!text.contains(other), "{backend}: '{other}' in the PDF");
    }
    // The period the way lists write it.
    assert!(text.contains("1e halfjaar 2024"), "{backend}");
}
