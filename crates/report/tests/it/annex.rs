//! The half-year annex produced from the demo registry, on SQLite and PostgreSQL.

use crate::snapshot::assert_snapshot;
use grenzeloos_app::annex::AnnexData;
use grenzeloos_app::{Actor, App};
use grenzeloos_domain::access::Role;
use grenzeloos_domain::instruments::{Development, DevelopmentInput};
use grenzeloos_domain::time::{HalfYear, parse_instant};
use grenzeloos_report::annex::{AnnexFormat, render};
use grenzeloos_store::testing::fresh_stores;

fn policy() -> Actor {
    Actor {
        user_id: "u-policy".into(),
        username: "test-policy".into(),
        display_name: "policy".into(),
        roles: vec![Role::Policy],
    }
}

async fn demo_apps() -> Vec<(String, App)> {
    let mut apps = Vec::new();
    for (backend, store) in fresh_stores().await {
        let app = App::new(store);
        assert!(app.load_demo().await.unwrap());
        apps.push((backend, app));
    }
    apps
}

/// The 2024-H1 annex with the reference date of the June 2024 annex, read "as recorded" at a
/// fixed future moment so that the output does not depend on when the test runs.
async fn annex_2024_h1(app: &App) -> AnnexData {
    app.annex_data(
        &policy(),
        HalfYear::parse("period", "2024-H1").unwrap(),
        "2024-04-17".parse().unwrap(),
        Some(parse_instant("t", "2100-01-01T00:00:00Z").unwrap()),
    )
    .await
    .unwrap()
}

fn text(data: &AnnexData, format: AnnexFormat) -> String {
    String::from_utf8(render(data, format).unwrap()).unwrap()
}

#[tokio::test]
async fn the_demo_annex_reads_like_the_june_2024_annex() {
    for (backend, app) in demo_apps().await {
        let data = annex_2024_h1(&app).await;
        let md = text(&data, AnnexFormat::Markdown);
        for expected in [
            "Overzicht uitgezonden politiefunctionarissen (peildatum 17 april 2024)",
            "| EUBAM Moldavië-Oekraïne | Moldavië en Oekraïne |",
            "| EUBAM Libië | Libië |",
            "| **Totaal** |  |  | **26** |",
            "Cartagena",
            "havens",
            "MAOC-N",
            "Werkafspraak bijstand NL-BE",
            "Samenwerkingsovereenkomst EU–Interpol",
            "Kamerstuk 22 112, nr. 3115",
            "Verkennen van grensoverschrijdende politieteams met België",
            "UEFA EURO 2024",
            "Olympische Spelen Parijs 2024",
            "Gentse Feesten 2024",
            "NAVO-top 2025",
            "Trainingen voor het Korps Politie Suriname (KPS)",
            "Blauwe Haven Rotterdam",
            "Specialised team Noord-Kosovo afgerond",
            "MoU's en letters of intent bieden geen rechtsbasis",
        ] {
            assert!(
                md.contains(expected),
                "{backend}: '{expected}' missing from\n{md}"
            );
        }
        // Developments outside the half year stay out.
        assert!(
            !md.contains("Algemene Vergadering van INTERPOL in Istanbul"),
            "{backend}"
        );
        // No officer's name in an annex.
        assert!(
            !md.contains("Verhoeven") && !md.contains("Dijkstra"),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn the_demo_annex_markdown_and_html_are_stable() {
    // The same on both backends: one snapshot serves both.
    for (backend, app) in demo_apps().await {
        let data = annex_2024_h1(&app).await;
        assert_snapshot("annex-2024-h1.md", &text(&data, AnnexFormat::Markdown));
        assert_snapshot("annex-2024-h1.html", &text(&data, AnnexFormat::Html));
        eprintln!("{backend}: snapshots equal");
    }
}

#[tokio::test]
async fn the_pdf_holds_the_overview_table_and_the_reference_date_on_every_page() {
    let (_, app) = demo_apps().await.into_iter().next().unwrap();
    let data = annex_2024_h1(&app).await;
    let pdf = render(&data, AnnexFormat::Pdf).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let extracted = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    let flat: String = extracted.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Internationale politiesamenwerking",
        "Overzicht uitgezonden politiefunctionarissen",
        "EUCAP Somalië",
        "Totaal",
        "26",
        "Pagina 1 van",
    ] {
        assert!(
            flat.contains(expected),
            "'{expected}' missing from the PDF text"
        );
    }
    let pages = flat.matches("Pagina ").count();
    assert!(pages >= 3, "{pages} pages");
    for page in 1..=pages {
        assert!(
            flat.contains(&format!("Pagina {page} van {pages}")),
            "page {page}"
        );
    }
    // On every page's footer, and once more in the title block.
    assert!(
        flat.matches("Peildatum 17 april 2024").count() >= pages,
        "the reference date is on every page"
    );
}

#[tokio::test]
async fn an_annex_produced_earlier_is_reproduced_after_the_data_changed() {
    for (backend, app) in demo_apps().await {
        let period = HalfYear::parse("period", "2024-H1").unwrap();
        let as_of = "2024-04-17".parse().unwrap();
        let sent_at = app.now();
        let sent = app
            .annex_data(&policy(), period, as_of, Some(sent_at))
            .await
            .unwrap();
        let sent_md = text(&sent, AnnexFormat::Markdown);
        app.save_instrument::<Development>(
            &policy(),
            None,
            &DevelopmentInput {
                date: "2024-06-01".into(),
                topic: "eu".into(),
                title: "Late toevoeging".into(),
                text: "Na verzending ingevoerd.".into(),
                partners: vec![],
            },
        )
        .await
        .unwrap();
        let now = text(
            &app.annex_data(&policy(), period, as_of, None)
                .await
                .unwrap(),
            AnnexFormat::Markdown,
        );
        assert!(now.contains("Late toevoeging"), "{backend}");
        let again = text(
            &app.annex_data(&policy(), period, as_of, Some(sent_at))
                .await
                .unwrap(),
            AnnexFormat::Markdown,
        );
        assert_eq!(again, sent_md, "{backend}");
    }
}
