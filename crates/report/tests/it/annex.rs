//! The half-year annex produced from the demo registry, on SQLite and PostgreSQL: the three
//! annexes of the seeds — December 2021 (2021-H2), December 2023 (2023-H2) and June 2024
//! (2024-H1) — each true for its own reference date.

use crate::snapshot::assert_snapshot;
use grenzeloos_app::annex::AnnexData;
use grenzeloos_app::{Actor, App};
use grenzeloos_domain::access::Role;
use grenzeloos_domain::agreements::AgreementStatus;
use grenzeloos_domain::assistance::AssistanceStatus;
use grenzeloos_domain::instruments::{Development, DevelopmentInput};
use grenzeloos_domain::labels::{Labelled, Lang};
use grenzeloos_domain::time::{DUTCH_MONTHS, HalfYear, parse_instant};
use grenzeloos_report::annex::{AnnexFormat, PLANNED_CAPTION, render};
use grenzeloos_store::testing::fresh_stores;
use jiff::civil::Date;

fn policy() -> Actor {
    Actor::person("u-policy", "test-policy", "policy", &[Role::Policy])
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

/// One of the seed annexes: its half year, its reference date, what it reports and what it
/// cannot know yet.
struct Seed {
    period: &'static str,
    as_of: &'static str,
    snapshot: &'static str,
    reports: &'static [&'static str],
    cannot_know: &'static [&'static str],
}

const SEEDS: [Seed; 3] = [
    // 002_…: the annex of 2 December 2021.
    Seed {
        period: "2021-H2",
        as_of: "2021-12-02",
        snapshot: "annex-2021-h2.md",
        reports: &[
            "Bijlage bij het halfjaarbericht politie over het tweede halfjaar 2021",
            "- Peildatum: 2 december 2021",
            "### Schengenpakket aangekondigd",
            "op 8 december een Schengenpakket",
            "### EMPACT: een nieuwe cyclus van vier jaar",
            "### Europol en de Europese Toezichthouder voor gegevensbescherming",
            "### Algemene Vergadering van INTERPOL in Istanbul",
            "### Mandaat voor een samenwerkingsovereenkomst EU–Interpol",
            "De onderhandelingen zijn nog niet gestart.",
            "Dinxperlo-Süderwick en Baarle-Hertog-Baarle-Nassau",
            "### Benelux-politieverdrag naar de Kamer",
            "### Informatieknooppunten in het Caribisch deel van het Koninkrijk",
            "### KPCN: inrichtingsplan en nieuwe meldkamer",
            "Recherchesamenwerkingsteam",
            "### Liaisons in Brazilië en Albanië",
            "### Nederlandse directeur MAOC-N",
            "| Brazilië | Brasília | Politieliaison |",
            "| Albanië | Tirana | Politieliaison |",
            "| Maritime Analysis and Operations Centre – Narcotics (MAOC-N) | Lissabon | Directeur | maritieme drugssmokkel | 01-11-2021 |",
            "### Samenwerking met Suriname",
            "### MoU met Dubai Police en Letter of Intent met Colombia",
            "| Benelux-politieverdrag | verdrag | België, Luxemburg | ondertekend sinds 23-07-2018 | 23-07-2018 |  | ja |",
            "| MoU Dubai Police | MoU | Verenigde Arabische Emiraten | ondertekend sinds 01-08-2021 | 01-08-2021 |  | nee |",
            "| Letter of Intent Colombia | Letter of Intent | Colombia | ondertekend sinds 01-01-2021 |",
            "| MoU Brazilië | MoU | Brazilië | verkenning sinds 01-11-2021 |",
            "| MoU Verenigde Arabische Emiraten | MoU | Verenigde Arabische Emiraten | verkenning sinds 01-11-2021 |",
            "| Samenwerkingsovereenkomst EU-Interpol | verdrag | Europese Unie, Interpol | verkenning sinds 19-07-2021 |",
            "- Kaderbesluit 2006/960/JBZ (Zweeds Kaderbesluit), art. 3 tot en met 5: rechtsgrondslag voor informatieverzoek (SPOC)",
            "Stand: aangekondigd. De Commissie presenteert op 8 december een Schengenpakket",
            "| De Kamer met BNC-fiches informeren over de voorstellen van het Schengenpakket | Tweede halfjaarbericht politie 2021 (02-12-2021) | open |",
        ],
        cannot_know: &[
            "Richtlijn (EU) 2023/977",
            "in werking getreden",
            "Werkafspraak",
            "Cartagena",
            "BNC-fiches over de EU-politiesamenwerkingscode en de modernisering van Prüm zijn aan de Kamer gezonden",
            "Interpol viert",
        ],
    },
    // 000_…: the annex of 7 December 2023, reference date 24 November 2023.
    Seed {
        period: "2023-H2",
        as_of: "2023-11-24",
        snapshot: "annex-2023-h2.md",
        reports: &[
            "Bijlage bij het halfjaarbericht politie over het tweede halfjaar 2023",
            "Overzicht uitgezonden politiefunctionarissen (peildatum 24 november 2023)",
            "| OVSE West-Balkan | Noord-Macedonië | Noord-Macedonië | 1 |",
            "| EULEX Kosovo | Kosovo | Kosovo | 4 |",
            "| EUBAM Libië | Libië | Tunesië | 1 |",
            "| EUPOL COPPS | Palestijnse gebieden | Palestijnse gebieden, Westelijke Jordaanoever | 3 |",
            "| EUAM Irak | Irak | Irak | 4 |",
            "| **Totaal** |  |  | **28** |",
            "### Specialised team met Zweden in Noord-Kosovo",
            "### Risico's in missiegebieden",
            "vier Nederlandse politiefunctionarissen",
            "MINUSMA",
            "### Interpol 100 jaar",
            "### Samenwerkingsovereenkomst EU–Interpol",
            "Stand: in onderhandeling. De onderhandelingen tussen de Commissie en Interpol lopen",
            "De Commissie verwacht dat de onderhandelingen medio 2024 tot resultaat kunnen komen",
            "### Benelux-politieverdrag in werking",
            "| Benelux-politieverdrag | verdrag | België, Luxemburg | in werking sinds 01-10-2023 | 23-07-2018 | 01-10-2023 | ja |",
            "| Verkennen van grensoverschrijdende politieteams met België | Eerste halfjaarbericht politie 2023 (30-06-2023) | in behandeling | In samenspraak met de politie zijn de eerste stappen in de verkenning gezet.",
            "### Verkenning samenwerking KPCN",
            "Stand: in uitvoering. Eerste stap gezet: de verantwoordelijkheidsverdeling",
            "- Kaderbesluit 2006/960/JBZ (Zweeds Kaderbesluit), art. 3 tot en met 5: rechtsgrondslag voor informatieverzoek (SPOC)",
            "| Gentse Feesten 2023 | verleend door Nederland | België |",
            "| Tour de France 2023 | verleend door Nederland | Frankrijk |",
        ],
        cannot_know: &[
            "EUBAM Moldavië-Oekraïne |",
            "Cartagena",
            "Werkafspraak",
            "in 2024 starten met de realisatie",
            "Studiebezoek",
            "Specialised team Noord-Kosovo afgerond",
            "Richtlijn (EU) 2023/977, art. 4 en 5",
        ],
    },
    // 003_…: the annex of 19 June 2024, reference date 17 April 2024.
    Seed {
        period: "2024-H1",
        as_of: "2024-04-17",
        snapshot: "annex-2024-h1.md",
        reports: &[
            "Overzicht uitgezonden politiefunctionarissen (peildatum 17 april 2024)",
            "| EUBAM Moldavië-Oekraïne | Moldavië en Oekraïne | Moldavië en Oekraïne | 1 |",
            "| EUBAM Libië | Libië | Tunesië | 1 |",
            "| EULEX Kosovo | Kosovo | Kosovo | 3 |",
            "| **Totaal** |  |  | **26** |",
            "### Specialised team Noord-Kosovo afgerond",
            "### Nieuwe bijdrage aan EUBAM Moldavië en Oekraïne",
            "### Prioriteiten voor EU-missies",
            "| Colombia | Cartagena | Politieliaison | havens | 01-03-2024 |",
            "MAOC-N",
            "| Werkafspraak bijstand NL-BE | werkafspraak | België | in werking sinds 01-03-2024 |",
            "| Samenwerkingsovereenkomst EU-Interpol | verdrag | Europese Unie, Interpol | in onderhandeling sinds 01-10-2022 |",
            "Kamerstuk 22 112, nr. 3115",
            "Verkennen van grensoverschrijdende politieteams met België",
            "Versterken van de samenwerking tussen KPCN en de Nederlandse politie",
            "### Verbindingsofficier in Cartagena",
            "### Studiebezoek Oekraïense politie",
            "Blauwe Haven Rotterdam",
            "| Operationele Strategie voor Latijns-Amerika en het Caribisch Gebied (OSLAC) |",
            "| Trainingen voor het Korps Politie Suriname (KPS) | Suriname | training | vanaf 01-01-2022 |",
            "### Werkafspraak over bijstand met België",
            "### Bijstand bij het EK en de Olympische Spelen",
            "| Risicowedstrijd eredivisie | gevraagd door Nederland | België | 17-03-2024 | 2 × waterwerper | Benelux-politieverdrag | verslag uitgebracht |",
            "| Gentse Feesten 2023 | verleend door Nederland | België | 14-07-2023 t/m 23-07-2023 | 2 × gezamenlijke patrouilles | Prüm-besluit 2008/615/JBZ | afgerekend |",
            "| UEFA EURO 2024 | verleend door Nederland | Duitsland | 14-06-2024 t/m 14-07-2024 |",
            "| Gentse Feesten 2024 | verleend door Nederland | België | 19-07-2024 t/m 28-07-2024 | 2 × gezamenlijke patrouilles | Benelux-politieverdrag | aangevraagd |",
            "| Olympische Spelen Parijs 2024 | verleend door Nederland | Frankrijk |",
            "| NAVO-top 2025 | gevraagd door Nederland | België | 24-06-2025 t/m 25-06-2025 | 2 × mobiele eenheid |  | in voorbereiding |",
            "MoU's en letters of intent bieden geen rechtsbasis",
            "- Kaderbesluit 2006/960/JBZ (Zweeds Kaderbesluit), art. 3 tot en met 5: rechtsgrondslag voor informatieverzoek (SPOC)",
        ],
        cannot_know: &[
            "Algemene Vergadering van INTERPOL in Istanbul",
            "Demonstratie Amsterdam",
            "Demonstratie Utrecht",
            "Verordening (EU) 2024/1717",
            "13 juni 2024",
            "Verordening in werking getreden",
        ],
    },
];

impl Seed {
    fn period(&self) -> HalfYear {
        HalfYear::parse("period", self.period).unwrap()
    }

    fn as_of(&self) -> Date {
        self.as_of.parse().unwrap()
    }

    /// The annex read "as recorded" at a fixed future moment, so that the output does not
    /// depend on when the test runs.
    async fn annex(&self, app: &App) -> AnnexData {
        app.annex_data(
            &policy(),
            self.period(),
            self.as_of(),
            Some(parse_instant("t", "2100-01-01T00:00:00Z").unwrap()),
        )
        .await
        .unwrap()
    }
}

fn text(data: &AnnexData, format: AnnexFormat) -> String {
    String::from_utf8(render(data, format).unwrap()).unwrap()
}

/// Each annex reports what its seed reports, as it stood on its reference date; the working
/// arrangement with Belgium, an implementing agreement of the Benelux treaty, appears only
/// from its own date (BNL-06).
#[tokio::test]
async fn each_annex_carries_what_its_seed_reports_and_nothing_it_could_not_know() {
    for (backend, app) in demo_apps().await {
        for seed in &SEEDS {
            let md = text(&seed.annex(&app).await, AnnexFormat::Markdown);
            for expected in seed.reports {
                assert!(
                    md.contains(expected),
                    "{backend} {}: '{expected}' missing from\n{md}",
                    seed.period
                );
            }
            for later in seed.cannot_know {
                assert!(
                    !md.contains(later),
                    "{backend} {}: '{later}' is from after the reference date",
                    seed.period
                );
            }
            // No officer's name in an annex.
            assert!(
                !md.contains("Verhoeven") && !md.contains("Dijkstra"),
                "{backend}"
            );
        }
    }
}

/// Reviewed snapshots: each Markdown annex was read line by line against its seed.
#[tokio::test]
async fn the_three_seed_annexes_are_stable() {
    // The same on both backends: one snapshot serves both.
    for (backend, app) in demo_apps().await {
        for seed in &SEEDS {
            let data = seed.annex(&app).await;
            assert_snapshot(seed.snapshot, &text(&data, AnnexFormat::Markdown));
            if seed.period == "2024-H1" {
                assert_snapshot("annex-2024-h1.html", &text(&data, AnnexFormat::Html));
            }
        }
        eprintln!("{backend}: snapshots equal");
    }
}

/// How an annex writes a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `17-04-2024`: the dates of tables (`day` in the annex).
    Day,
    /// `17 april 2024`: the reference date and running text.
    DutchDay,
    /// `04-24`: a column of the chart per month end (`%m-%y`), read as the month's first day.
    ChartMonth,
    /// `04-2024`: a month written in full; no annex writes it today, read so that a chart
    /// switched to `%m-%Y` stays checked.
    Month,
    /// `1e halfjaar 2024`, `eerste halfjaar 2024`: the period, read as its first day.
    HalfYear,
}

/// Every date a text names, in every form the annex writes, with the words as written.
fn dates_in(line: &str) -> Vec<(Date, String, Form)> {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || "|()[],;:*".contains(c))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let parts: Vec<&str> = word.split('-').collect();
        let numbers: Option<Vec<i16>> = parts.iter().map(|p| p.parse().ok()).collect();
        let lengths: Vec<usize> = parts.iter().map(|p| p.len()).collect();
        let date = match (numbers.as_deref(), lengths.as_slice()) {
            (Some(&[day, month, year]), [2, 2, 4]) => Date::new(year, month as i8, day as i8)
                .ok()
                .map(|d| (d, Form::Day)),
            (Some(&[month, year]), [2, 4]) => Date::new(year, month as i8, 1)
                .ok()
                .map(|d| (d, Form::Month)),
            (Some(&[month, year]), [2, 2]) => Date::new(2000 + year, month as i8, 1)
                .ok()
                .map(|d| (d, Form::ChartMonth)),
            _ => None,
        };
        if let Some((date, form)) = date {
            found.push((date, word.to_string(), form));
        }
        if let (Ok(day), Some(month), Some(year)) = (
            word.parse::<i8>(),
            words
                .get(i + 1)
                .and_then(|m| DUTCH_MONTHS.iter().position(|n| n == m)),
            words.get(i + 2).and_then(|y| y.parse::<i16>().ok()),
        ) && let Ok(date) = Date::new(year, month as i8 + 1, day)
        {
            found.push((
                date,
                format!("{day} {} {year}", DUTCH_MONTHS[month]),
                Form::DutchDay,
            ));
        }
        let half = match *word {
            "1e" | "eerste" => Some(1),
            "2e" | "tweede" => Some(2),
            _ => None,
        };
        if let (Some(half), Some(&"halfjaar"), Some(year)) = (
            half,
            words.get(i + 1),
            words.get(i + 2).and_then(|y| y.parse::<i16>().ok()),
        ) {
            let period = HalfYear { year, half };
            found.push((
                period.first_day(),
                format!("{word} halfjaar {year}"),
                Form::HalfYear,
            ));
        }
    }
    found
}

/// The annex of June 2024 as reviewed: the unit test reads its real lines.
const ANNEX_2024_H1: &str = include_str!("../snapshots/annex-2024-h1.md");

#[test]
fn dates_are_found_in_every_form_the_annex_writes() {
    let line = |start: &str| {
        ANNEX_2024_H1
            .lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line '{start}' in annex-2024-h1.md"))
    };
    let read = |start: &str| -> Vec<(String, Form)> {
        dates_in(line(start))
            .into_iter()
            .map(|(d, _, form)| (d.to_string(), form))
            .collect()
    };
    let day = |d: &str| (d.to_string(), Form::Day);
    let dutch = |d: &str| (d.to_string(), Form::DutchDay);
    let half = |d: &str| (d.to_string(), Form::HalfYear);
    assert_eq!(read("- Periode: "), vec![half("2024-01-01")]);
    assert_eq!(read("- Peildatum: "), vec![dutch("2024-04-17")]);
    assert_eq!(
        read("Criminele activiteiten stoppen niet"),
        vec![half("2024-01-01"), dutch("2024-04-17")]
    );
    // The chart's columns, one per month end (`%m-%y`).
    let months: Vec<(String, Form)> = [
        "2023-05", "2023-06", "2023-07", "2023-08", "2023-09", "2023-10", "2023-11", "2023-12",
        "2024-01", "2024-02", "2024-03", "2024-04",
    ]
    .iter()
    .map(|m| (format!("{m}-01"), Form::ChartMonth))
    .collect();
    assert_eq!(read("|  | 05-23 |"), months);
    assert_eq!(
        read("| Gentse Feesten 2023 |"),
        vec![day("2023-07-14"), day("2023-07-23")]
    );
    assert_eq!(
        read("| Benelux-politieverdrag | verdrag |"),
        vec![day("2023-10-01"), day("2018-07-23"), day("2023-10-01")]
    );
    assert_eq!(
        read("| Verkennen van grensoverschrijdende politieteams met België |"),
        vec![day("2023-06-30"), dutch("2023-10-01"), dutch("2023-10-20")]
    );
    assert_eq!(
        read("| Trainingen voor het Korps Politie Suriname (KPS) |"),
        vec![day("2022-01-01")]
    );
    // Numbers, years and ranges of years are no dates.
    assert_eq!(read("Referenties: Kamerstuk"), vec![]);
    assert_eq!(read("| **Totaal** |"), vec![]);
    assert_eq!(read("| EUAM Irak | 2 | 3 |"), vec![]);
    // A month written in full is read too, should an annex write one.
    assert_eq!(
        dates_in("| 04-2024 |")
            .into_iter()
            .map(|(d, _, form)| (d.to_string(), form))
            .collect::<Vec<_>>(),
        vec![("2024-04-01".to_string(), Form::Month)]
    );
}

/// Nothing in the annex of `period` is dated after its reference date, except the planned
/// assistance, whose table says so in its caption; the moment the registry was read is not an
/// entry. Every form the annex writes a date in is read, the chart's month columns included.
async fn no_entry_is_dated_after_the_reference_date(period: &str) {
    let seed = SEEDS
        .iter()
        .find(|s| s.period == period)
        .unwrap_or_else(|| panic!("no seed {period}"));
    for (backend, app) in demo_apps().await {
        let md = text(&seed.annex(&app).await, AnnexFormat::Markdown);
        let as_of = seed.as_of();
        let mut in_planned = false;
        let mut checked: Vec<Form> = Vec::new();
        for line in md.lines() {
            if line.contains(PLANNED_CAPTION) {
                in_planned = true;
                continue;
            }
            if in_planned {
                if line.starts_with('|') || line.is_empty() {
                    continue;
                }
                in_planned = false;
            }
            if line.starts_with("- Registratiestand:") {
                continue;
            }
            for (date, written, form) in dates_in(line) {
                checked.push(form);
                assert!(
                    date <= as_of,
                    "{backend} {period}: '{written}' lies after the reference date in\n{line}",
                );
            }
        }
        let count = |form: Form| checked.iter().filter(|f| **f == form).count();
        assert!(checked.len() > 20, "{backend} {period}: {checked:?}");
        assert!(count(Form::Day) >= 10, "{backend} {period}: {checked:?}");
        assert_eq!(count(Form::ChartMonth), 12, "{backend} {period}: the chart");
        assert!(count(Form::DutchDay) >= 2, "{backend} {period}");
        assert!(count(Form::HalfYear) >= 2, "{backend} {period}");
    }
}

/// A test per annex (issue 11): no entry in the annex of December 2021 is dated after
/// 2 December 2021.
#[tokio::test]
async fn no_entry_in_the_annex_of_december_2021_is_dated_after_its_reference_date() {
    no_entry_is_dated_after_the_reference_date("2021-H2").await;
}

/// No entry in the annex of December 2023 is dated after 24 November 2023.
#[tokio::test]
async fn no_entry_in_the_annex_of_december_2023_is_dated_after_its_reference_date() {
    no_entry_is_dated_after_the_reference_date("2023-H2").await;
}

/// No entry in the annex of June 2024 is dated after 17 April 2024.
#[tokio::test]
async fn no_entry_in_the_annex_of_june_2024_is_dated_after_its_reference_date() {
    no_entry_is_dated_after_the_reference_date("2024-H1").await;
}

/// An event after the reference date is never shown as settled or in force on it.
#[tokio::test]
async fn nothing_after_the_reference_date_is_settled_or_in_force_on_it() {
    for (backend, app) in demo_apps().await {
        for seed in &SEEDS {
            let data = seed.annex(&app).await;
            let as_of = seed.as_of();
            for a in data.assistance.iter().chain(&data.planned) {
                let status = a.value.status_history.status_on(as_of).unwrap();
                if a.value.period.start > as_of {
                    assert!(
                        status <= AssistanceStatus::Decided,
                        "{backend} {}: {} is {status} before it began",
                        seed.period,
                        a.value.event
                    );
                }
                if a.value.period.end.unwrap_or(a.value.period.start) > as_of {
                    assert!(status < AssistanceStatus::Completed, "{backend}");
                }
            }
            for a in &data.agreements {
                let status = a.agreement.status_on(as_of).unwrap();
                if a.agreement.in_force.is_none_or(|d| d > as_of) {
                    assert_ne!(
                        status,
                        AgreementStatus::InForce,
                        "{backend}: {}",
                        a.agreement.title
                    );
                }
                if a.agreement.signed.is_none_or(|d| d > as_of) {
                    assert!(
                        status < AgreementStatus::Signed,
                        "{backend}: {}",
                        a.agreement.title
                    );
                }
            }
            for d in &data.developments {
                assert!(d.value.date <= as_of, "{backend}: {}", d.value.title);
            }
            for c in &data.commitments {
                assert!(c.value.made_on <= as_of, "{backend}: {}", c.value.title);
            }
            assert!(
                data.planned.iter().all(|a| a.value.period.start > as_of),
                "{backend}"
            );
        }
    }
}

/// One vocabulary: every status and kind the annex prints is the word of `labels`, the
/// same the UI shows.
#[tokio::test]
async fn the_annex_prints_every_status_and_kind_in_the_one_vocabulary() {
    let (backend, app) = demo_apps().await.into_iter().next().unwrap();
    for seed in &SEEDS {
        let data = seed.annex(&app).await;
        let md = text(&data, AnnexFormat::Markdown);
        let as_of = seed.as_of();
        let mut words = 0;
        for a in &data.agreements {
            let g = &a.agreement;
            let status = g.status_on(as_of).unwrap();
            if g.kind == grenzeloos_domain::agreements::AgreementKind::EuInstrument
                && status == AgreementStatus::InForce
            {
                continue;
            }
            let row = format!("| {} | {} |", g.title, g.kind.label(Lang::Nl));
            let line = md
                .lines()
                .find(|l| l.starts_with(&row))
                .unwrap_or_else(|| panic!("{backend} {}: no row '{row}'", seed.period));
            assert!(
                line.contains(&format!("| {} sinds ", status.label(Lang::Nl))),
                "{line}"
            );
            words += 2;
        }
        for a in data.assistance.iter().chain(&data.planned) {
            let status = a.value.status_history.status_on(as_of).unwrap();
            let partner = &data.partner_names[&a.value.partner];
            let row = format!(
                "| {} | {} | {partner} |",
                a.value.event,
                a.value.direction.label(Lang::Nl)
            );
            let line = md
                .lines()
                .find(|l| l.starts_with(&row))
                .unwrap_or_else(|| panic!("{backend}: {row}"));
            assert!(
                line.ends_with(&format!("| {} |", status.label(Lang::Nl))),
                "{line}"
            );
            for c in &a.value.capabilities {
                assert!(line.contains(c.capability.label(Lang::Nl)), "{line}");
            }
            words += 2;
        }
        for d in &data.dossiers {
            let status = d.value.status_history.status_on(as_of).unwrap();
            assert!(
                md.contains(&format!("Stand: {}.", status.label(Lang::Nl))),
                "{backend}: {}",
                d.value.title
            );
            words += 1;
        }
        for c in &data.commitments {
            let status = c.value.status_history.status_on(as_of).unwrap();
            let line = md
                .lines()
                .find(|l| l.starts_with(&format!("| {} |", c.value.title)))
                .unwrap();
            assert!(
                line.contains(&format!("| {} |", status.label(Lang::Nl))),
                "{line}"
            );
            words += 1;
        }
        for p in &data.programmes {
            assert!(md.contains(&format!("| {} |", p.value.kind.label(Lang::Nl))));
            words += 1;
        }
        for r in &data.risk_areas {
            assert!(md.contains(&format!("{}: {} sinds", r.mission, r.level.label(Lang::Nl))));
            words += 1;
        }
        assert!(words > 10, "{} words checked", seed.period);
    }
}

#[tokio::test]
async fn the_pdf_holds_the_overview_table_and_the_reference_date_on_every_page() {
    let (_, app) = demo_apps().await.into_iter().next().unwrap();
    let data = SEEDS[2].annex(&app).await;
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
        for seed in &SEEDS {
            let (period, as_of) = (seed.period(), seed.as_of());
            let sent_at = app.now();
            let sent = app
                .annex_data(&policy(), period, as_of, Some(sent_at))
                .await
                .unwrap();
            let sent_md = text(&sent, AnnexFormat::Markdown);
            let title = format!("Late toevoeging {}", seed.period);
            app.save_instrument::<Development>(
                &policy(),
                None,
                &DevelopmentInput {
                    date: as_of.to_string(),
                    topic: "eu".into(),
                    title: title.clone(),
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
            assert!(now.contains(&title), "{backend}");
            let again = text(
                &app.annex_data(&policy(), period, as_of, Some(sent_at))
                    .await
                    .unwrap(),
                AnnexFormat::Markdown,
            );
            assert_eq!(again, sent_md, "{backend} {}", seed.period);
        }
    }
}
