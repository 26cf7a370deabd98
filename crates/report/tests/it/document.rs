//! The document model and its renderers on a sample annex: Markdown and HTML against
//! checked-in snapshots, PDF by extracting its text again.

use grenzeloos_report::document::{
    Block, Chart, Column, Document, Section, Table, html, markdown, pdf, svg,
};
use jiff::civil::date;

use crate::snapshot::assert_snapshot;

/// Every character that means something in typst markup (and most in Markdown and HTML).
const MARKUP: &str = r"Let op: #set page(fill: red) *vet* _schuin_ $x^2$ @ref <label> `code` \ ] [ = - + / ~ & | en 100% zeker.";

fn sample() -> Document {
    let mut doc = Document::new(
        "Internationale politiesamenwerking",
        "Bijlage bij het eerste halfjaarbericht politie 2024",
        date(2024, 4, 17),
        "Peildatum 17 april 2024",
    );
    doc.metadata = vec![
        ("Datum".into(), "19 juni 2024".into()),
        ("Vastgelegd".into(), "2024-06-19T10:00Z".into()),
    ];
    doc.sections = vec![
        Section {
            heading: "Politiële bijdragen aan missies".into(),
            blocks: vec![
                Block::Paragraph(
                    "In het vorig halfjaarbericht heb ik uw Kamer geïnformeerd over de \
                     samenwerking met België."
                        .into(),
                ),
                Block::Subheading("Overzicht uitgezonden politiefunctionarissen".into()),
                Block::Table(Table {
                    caption: "Uitgezonden politiefunctionarissen per missie".into(),
                    columns: vec![
                        Column::text("Missienaam"),
                        Column::text("Land"),
                        Column::numeric("Aantal"),
                    ],
                    rows: vec![
                        vec!["EUCAP Sahel Mali".into(), "Mali".into(), "3".into()],
                        vec!["EULEX Kosovo".into(), "Kosovo".into(), "12".into()],
                        vec!["UNMISS | Juba".into(), "Zuid-Soedan".into(), "7".into()],
                    ],
                    total: Some(vec!["Totaal".into(), String::new(), "22".into()]),
                }),
                Block::Chart(Chart::Bars {
                    caption: "Vrouwen en mannen per missie".into(),
                    series: vec!["Vrouwen".into(), "Mannen".into()],
                    groups: vec![
                        ("EUCAP Sahel Mali".into(), vec![1.0, 2.0]),
                        ("EULEX Kosovo".into(), vec![5.0, 7.0]),
                        ("UNMISS | Juba".into(), vec![2.0, 5.0]),
                    ],
                }),
                Block::Chart(Chart::Lines {
                    caption: "Uitgezonden politiefunctionarissen per maand".into(),
                    x: vec!["jan".into(), "feb".into(), "mrt".into(), "apr".into()],
                    series: vec![
                        ("EULEX Kosovo".into(), vec![10.0, 11.0, 12.0, 12.0]),
                        ("UNMISS".into(), vec![6.0, 6.5, 7.0, 7.0]),
                    ],
                }),
            ],
        },
        Section {
            heading: "Opmerkingen & randgevallen".into(),
            blocks: vec![
                Block::Paragraph(MARKUP.into()),
                Block::List(vec![
                    "Benelux-politieverdrag".into(),
                    "Prüm <II> & SIENA".into(),
                ]),
                Block::Table(Table {
                    caption: "Verbindingsofficieren in opleiding".into(),
                    columns: vec![Column::text("Naam"), Column::numeric("Aantal")],
                    rows: vec![],
                    total: None,
                }),
                Block::Table(Table {
                    caption: "Lange tekst".into(),
                    columns: vec![Column::text("Omschrijving"), Column::numeric("Aantal")],
                    rows: vec![vec![
                        "Een zeer lange omschrijving die niet op één regel past en daarom in \
                         de cel moet afbreken zonder dat de tabel buiten de pagina loopt; \
                         ook een woord als grensoverschrijdendepolitiesamenwerkingsovereenkomst."
                            .into(),
                        "1".into(),
                    ]],
                    total: None,
                }),
                Block::Chart(Chart::Bars {
                    caption: "Nog geen bijstand".into(),
                    series: vec!["Gegeven".into(), "Ontvangen".into()],
                    groups: vec![("Duitsland".into(), vec![0.0, 0.0])],
                }),
            ],
        },
        Section {
            heading: "Lege paragraaf".into(),
            blocks: vec![],
        },
    ];
    doc
}

#[test]
fn markdown_matches_snapshot() {
    assert_snapshot("sample.md", &markdown::render(&sample()));
}

#[test]
fn html_matches_snapshot() {
    assert_snapshot("sample.html", &html::render(&sample()));
}

#[test]
fn markdown_tables_align_numbers_and_escape_cells() {
    let md = markdown::render(&sample());
    assert!(md.contains("| Missienaam | Land | Aantal |\n| --- | --- | ---: |\n"));
    assert!(md.contains(r"| UNMISS \| Juba | Zuid-Soedan | 7 |"));
    assert!(md.contains("| **Totaal** |  | **22** |"));
    // Charts become their data.
    assert!(md.contains("| jan | 10 | 6 |"));
    assert!(md.contains("| feb | 11 | 6,5 |"));
    assert!(md.contains("| *geen* |  |"));
    assert!(md.contains(r"\#set page(fill: red) \*vet\* \_schuin\_ \$x^2\$ \@ref \<label\>"));
}

#[test]
fn html_is_self_contained_and_escaped() {
    let page = html::render(&sample());
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"nl\">"));
    for external in ["<script", "<link", "src=", "href=", "@import", "url("] {
        assert!(!page.contains(external), "{external} in the page");
    }
    assert!(
        page.contains("<p>Let op: #set page(fill: red) *vet* _schuin_ $x^2$ @ref &lt;label&gt;")
    );
    assert!(page.contains("<li>Prüm &lt;II&gt; &amp; SIENA</li>"));
    assert!(page.contains("<td class=\"num\">22</td>"));
    assert!(page.contains("<th scope=\"col\" class=\"num\">Aantal</th>"));
    assert!(page.contains("<td class=\"none\" colspan=\"2\">geen</td>"));
    // Each chart as SVG with its data in a table.
    assert_eq!(page.matches("<svg").count(), 3);
    assert_eq!(page.matches("<details>").count(), 3);
    assert!(
        page.contains(
            "@bottom-right { content: \"Pagina \" counter(page) \" van \" counter(pages)"
        )
    );
    assert!(page.contains("content: \"Peildatum 17 april 2024\""));
}

#[test]
fn svg_is_embedded_unchanged_in_html() {
    let doc = sample();
    let Block::Chart(chart) = &doc.sections[0].blocks[3] else {
        panic!("sample changed")
    };
    assert!(html::render(&doc).contains(&svg::render(chart)));
}

/// Text of each page, whitespace removed: how the PDF spaces words is typst's business.
fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(bytes)
        .unwrap()
        .iter()
        .map(|page| squash(page))
        .collect()
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn pdf_contains_the_text_literally_with_footer_on_every_page() {
    let bytes = pdf::render(&sample()).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let pages = pdf_pages(&bytes);
    let all = pages.concat();

    for expected in [
        "Internationale politiesamenwerking",
        "Bijlage bij het eerste halfjaarbericht politie 2024",
        "Datum",
        "19 juni 2024",
        "Politiële bijdragen aan missies",
        "geïnformeerd",
        "België",
        "Missienaam",
        "EUCAP Sahel Mali",
        "EULEX Kosovo",
        "UNMISS | Juba",
        "Zuid-Soedan",
        "Totaal",
        "22",
        "Prüm <II> & SIENA",
        "geen",
        // Chart data tables.
        "Gegevens bij de figuur",
        "Vrouwen",
        "6,5",
        MARKUP,
    ] {
        assert!(
            all.contains(&squash(expected)),
            "{expected:?} not in the PDF:\n{all}"
        );
    }

    // A long word in a table cell stays whole or breaks at a hyphen (table cells hyphenate, so
    // that a narrow column does not run into the next).
    assert!(
        all.replace('-', "")
            .contains("grensoverschrijdendepolitiesamenwerkingsovereenkomst"),
        "the long word is not in the PDF:\n{all}"
    );

    let count = pages.len();
    assert!(count >= 2, "sample should span pages, has {count}");
    for (i, page) in pages.iter().enumerate() {
        let number = format!("Pagina{}van{count}", i + 1);
        assert!(
            page.contains(&number),
            "page {}: no {number}:\n{page}",
            i + 1
        );
        assert!(
            page.contains("Peildatum17april2024"),
            "page {}: no footer",
            i + 1
        );
    }
}

#[test]
fn pdf_is_reproducible() {
    let doc = sample();
    assert_eq!(pdf::render(&doc).unwrap(), pdf::render(&doc).unwrap());
}

#[test]
fn pdf_of_an_empty_document_renders() {
    let doc = Document::new("", "", date(2024, 1, 1), "");
    let bytes = pdf::render(&doc).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert_eq!(pdf_pages(&bytes).len(), 1);
}

#[test]
fn pdf_of_a_long_document_numbers_every_page() {
    let mut doc = sample();
    let rows: Vec<Vec<String>> = (1..=400)
        .map(|i| vec![format!("Missie {i}"), "Land".into(), i.to_string()])
        .collect();
    doc.sections.push(Section {
        heading: "Lange tabel".into(),
        blocks: vec![Block::Table(Table {
            caption: "Vierhonderd rijen".into(),
            columns: vec![
                Column::text("Missienaam"),
                Column::text("Land"),
                Column::numeric("Aantal"),
            ],
            rows,
            total: Some(vec!["Totaal".into(), String::new(), "80200".into()]),
        })],
    });
    let pages = pdf_pages(&pdf::render(&doc).unwrap());
    let count = pages.len();
    assert!(count >= 8, "{count} pages");
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("Pagina{}van{count}", i + 1)));
        assert!(page.contains("Peildatum17april2024"));
    }
    let last = pages.last().unwrap();
    assert!(last.contains("Missie400") && last.contains("80200"));
    // The header row repeats on every page the table spans.
    let with_header = pages
        .iter()
        .filter(|p| p.contains("MissienaamLandAantal"))
        .count();
    assert!(with_header >= count - 2, "{with_header} of {count} pages");
}

/// Degenerate content: nothing panics, nothing fails, "geen" where a table has no rows.
#[test]
fn degenerate_blocks_render_in_every_format() {
    let mut doc = Document::new("T\u{0}itel", "", date(2024, 2, 29), "Peildatum");
    doc.sections = vec![
        Section::new(""),
        Section {
            heading: "Randgevallen".into(),
            blocks: vec![
                Block::Paragraph("   ".into()),
                Block::Subheading(String::new()),
                Block::List(vec![]),
                Block::Table(Table {
                    caption: String::new(),
                    columns: vec![],
                    rows: vec![],
                    total: None,
                }),
                Block::Table(Table {
                    caption: "Alleen een totaal".into(),
                    columns: vec![Column::text("Land"), Column::numeric("Aantal")],
                    rows: vec![],
                    total: Some(vec!["Totaal".into(), "0".into()]),
                }),
                Block::Table(Table {
                    caption: "Rafelig".into(),
                    columns: vec![Column::text("A")],
                    rows: vec![vec!["1".into(), "2".into(), "x".repeat(300)]],
                    total: None,
                }),
                Block::Chart(Chart::Bars {
                    caption: String::new(),
                    series: vec![],
                    groups: vec![],
                }),
                Block::Chart(Chart::Lines {
                    caption: "Eén punt".into(),
                    x: vec!["jan".into()],
                    series: vec![("A".into(), vec![f64::NAN])],
                }),
            ],
        },
    ];

    let md = markdown::render(&doc);
    assert!(
        md.starts_with("# Titel\n"),
        "control character dropped: {md}"
    );
    assert!(md.contains("| *geen* |  |"));
    assert!(md.contains("| A |  |  |\n| --- | --- | --- |\n| 1 | 2 | xxx"));

    let page = html::render(&doc);
    assert!(page.contains("<h1>Titel</h1>"));
    assert_eq!(page.matches(">geen</td>").count(), 3);

    let bytes = pdf::render(&doc).unwrap();
    let all = pdf_pages(&bytes).concat();
    assert!(all.contains("Randgevallen"));
    assert!(all.contains("Alleeneentotaal"));
    assert!(all.contains("geen"));
    assert!(all.contains("Totaal0"));
}
