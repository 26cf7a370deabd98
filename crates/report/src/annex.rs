//! The half-year annex "Internationale politiesamenwerking", in the structure of the annexes
//! the ministry sent to parliament: introduction, missions (with the overview of deployed
//! officers on the reference date), liaison officers and placements, agreements, EU and
//! international dossiers, commitments to parliament, bilateral cooperation, assistance at
//! events — each with the developments policy staff entered for the half year.

use crate::document::{
    Block, Chart, Column, Document, NO_ROWS, Section, Table, html, markdown, pdf,
};
use grenzeloos_app::annex::AnnexData;
use grenzeloos_domain::agreements::{
    AgreementKind, AgreementStatus, EU_MEMBER_STATES, ExchangeKind, assess,
};
use grenzeloos_domain::assistance::{Assistance, Direction};
use grenzeloos_domain::instruments::{SecurityLevel, Topic};
use grenzeloos_domain::labels::{Labelled, Lang};
use grenzeloos_domain::registry::Period;
use grenzeloos_domain::status::StatusHistory;
use grenzeloos_domain::time::date_dutch;
use grenzeloos_store::instruments::Record;

/// The formats the annex is produced in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnexFormat {
    Markdown,
    Html,
    Pdf,
}

impl AnnexFormat {
    pub fn parse(value: &str) -> Option<AnnexFormat> {
        match value.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(AnnexFormat::Markdown),
            "html" => Some(AnnexFormat::Html),
            "pdf" => Some(AnnexFormat::Pdf),
            _ => None,
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            AnnexFormat::Markdown => "text/markdown; charset=utf-8",
            AnnexFormat::Html => "text/html; charset=utf-8",
            AnnexFormat::Pdf => "application/pdf",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            AnnexFormat::Markdown => "md",
            AnnexFormat::Html => "html",
            AnnexFormat::Pdf => "pdf",
        }
    }
}

/// The annex in `format`.
pub fn render(data: &AnnexData, format: AnnexFormat) -> Result<Vec<u8>, pdf::PdfError> {
    let document = build(data);
    Ok(match format {
        AnnexFormat::Markdown => markdown::render(&document).into_bytes(),
        AnnexFormat::Html => html::render(&document).into_bytes(),
        AnnexFormat::Pdf => pdf::render(&document)?,
    })
}

/// The word for a status or kind: the one vocabulary of the UI and the reports.
fn nl<T: Labelled>(value: T) -> &'static str {
    value.label(Lang::Nl)
}

/// The status a history gives on `date`, with its note when it has one.
fn status_on<S: Labelled>(history: &StatusHistory<S>, date: jiff::civil::Date) -> (String, String) {
    match history.on(date) {
        None => (String::new(), String::new()),
        Some(step) => (
            nl(step.status).to_string(),
            step.note.clone().unwrap_or_default(),
        ),
    }
}

fn day(date: jiff::civil::Date) -> String {
    date.strftime("%d-%m-%Y").to_string()
}

fn period(period: Period) -> String {
    match period.end {
        Some(end) if end == period.start => day(period.start),
        Some(end) => format!("{} t/m {}", day(period.start), day(end)),
        None => format!("vanaf {}", day(period.start)),
    }
}

fn table(caption: impl Into<String>, columns: Vec<Column>, rows: Vec<Vec<String>>) -> Block {
    Block::Table(Table {
        caption: caption.into(),
        columns,
        rows,
        total: None,
    })
}

impl AnnexView<'_> {
    fn partner(&self, code: &str) -> String {
        self.data
            .partner_names
            .get(code)
            .cloned()
            .or_else(|| grenzeloos_domain::countries::country(code).map(|c| c.name_nl.to_string()))
            .unwrap_or_else(|| code.to_string())
    }

    fn partners(&self, codes: &[String]) -> String {
        codes
            .iter()
            .map(|c| self.partner(c))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The developments of the half year on `topics`, each as a subheading and its text.
    fn developments(&self, topics: &[Topic]) -> Vec<Block> {
        self.data
            .developments
            .iter()
            .filter(|d| topics.contains(&d.value.topic))
            .flat_map(|d| {
                [
                    Block::Subheading(d.value.title.clone()),
                    Block::Paragraph(d.value.text.clone()),
                ]
            })
            .collect()
    }
}

struct AnnexView<'a> {
    data: &'a AnnexData,
}

/// The annex as a document, in Dutch.
pub fn build(data: &AnnexData) -> Document {
    let view = AnnexView { data };
    let label = data.period.label_dutch();
    let mut document = Document::new(
        "Internationale politiesamenwerking",
        format!("Bijlage bij het halfjaarbericht politie over het {label}"),
        data.as_of,
        format!("Peildatum {}", date_dutch(data.as_of)),
    );
    document.metadata = vec![
        ("Periode".to_string(), data.period.short_dutch()),
        ("Peildatum".to_string(), date_dutch(data.as_of)),
        (
            "Registratiestand".to_string(),
            data.recorded_at.chars().take(19).collect::<String>() + " UTC",
        ),
    ];
    document.sections = vec![
        introduction(&view),
        missions(&view),
        placements(&view),
        agreements(&view),
        dossiers(&view),
        commitments(&view),
        bilateral(&view),
        assistance(&view),
    ];
    document
}

fn introduction(view: &AnnexView) -> Section {
    let data = view.data;
    let mut section = Section::new("Inleiding");
    section.blocks.push(Block::Paragraph(format!(
        "Criminele activiteiten stoppen niet bij de grenzen van Nederland. Deze bijlage geeft een overzicht van de belangrijkste ontwikkelingen in het instrumentarium van de internationale politiesamenwerking in het {}. De cijfers en de stand van zaken gelden op de peildatum {}.",
        data.period.label_dutch(),
        date_dutch(data.as_of)
    )));
    let given = data
        .assistance
        .iter()
        .filter(|a| a.value.direction == Direction::Provided)
        .count();
    let received = data.assistance.len() - given;
    let open = data
        .commitments
        .iter()
        .filter(|c| {
            c.value
                .status_history
                .status_on(data.as_of)
                .is_some_and(|s| s.open())
        })
        .count();
    section.blocks.push(Block::List(vec![
        format!(
            "{} uitgezonden politiefunctionarissen in {} missies",
            data.overview.total,
            data.overview.missions.len()
        ),
        format!(
            "{} verbindingsofficieren en internationale plaatsingen",
            data.placements.len()
        ),
        format!(
            "{given} bijstandsverleningen door Nederland en {received} bijstandsverzoeken van Nederland in de twaalf maanden tot de peildatum; {} gepland",
            data.planned.len()
        ),
        format!("{open} openstaande toezeggingen aan de Kamer"),
    ]));
    section
}

fn missions(view: &AnnexView) -> Section {
    let data = view.data;
    let mut section = Section::new("Politiële bijdrage aan missies");
    section.blocks.extend(view.developments(&[Topic::Missions]));
    section.blocks.push(Block::Table(Table {
        caption: format!(
            "Overzicht uitgezonden politiefunctionarissen (peildatum {})",
            date_dutch(data.as_of)
        ),
        columns: vec![
            Column::text("Missienaam"),
            Column::text("Land"),
            Column::text("Standplaats"),
            Column::numeric("Aantal uitgezonden politiefunctionarissen"),
        ],
        rows: data
            .overview
            .missions
            .iter()
            .map(|m| {
                vec![
                    m.mission.clone(),
                    m.country.clone(),
                    m.station.clone(),
                    m.officers.to_string(),
                ]
            })
            .collect(),
        total: Some(vec![
            "Totaal".to_string(),
            String::new(),
            String::new(),
            data.overview.total.to_string(),
        ]),
    }));
    let missions: Vec<String> = data
        .overview
        .missions
        .iter()
        .map(|m| m.mission.clone())
        .collect();
    section.blocks.push(Block::Chart(Chart::Lines {
        caption: "Uitgezonden politiefunctionarissen per missie, per maandeinde".to_string(),
        x: data
            .over_time
            .iter()
            .map(|c| c.date.strftime("%m-%y").to_string())
            .collect(),
        series: missions
            .iter()
            .map(|mission| {
                let values = data
                    .over_time
                    .iter()
                    .map(|c| {
                        c.missions
                            .iter()
                            .find(|(m, _)| m == mission)
                            .map_or(0.0, |(_, n)| *n as f64)
                    })
                    .collect();
                (mission.clone(), values)
            })
            .collect(),
    }));
    let (female, male): (i64, i64) = data
        .gender
        .iter()
        .fold((0, 0), |(f, m), g| (f + g.female, m + g.male));
    section
        .blocks
        .push(Block::Subheading("Gendergelijkheid".to_string()));
    section.blocks.push(Block::Paragraph(format!(
        "Stapsgewijs toewerken naar gendergelijkheid is een prioriteit voor de inzet in EU-missies. Op de peildatum waren {female} van de {} uitgezonden politiefunctionarissen vrouw en {male} man.",
        female + male + data.gender.iter().map(|g| g.other).sum::<i64>()
    )));
    section.blocks.push(Block::Chart(Chart::Bars {
        caption: format!(
            "Uitgezonden politiefunctionarissen naar gender per missie ({})",
            day(data.as_of)
        ),
        series: vec![
            nl(grenzeloos_domain::registry::Gender::Female).to_string(),
            nl(grenzeloos_domain::registry::Gender::Male).to_string(),
        ],
        groups: data
            .gender
            .iter()
            .map(|g| (g.mission.clone(), vec![g.female as f64, g.male as f64]))
            .collect(),
    }));
    if !data.risk_areas.is_empty() {
        section
            .blocks
            .push(Block::Subheading("Veiligheidssituatie".to_string()));
        // The levels by the words of the UI's care pages ("veiligheidsniveau", "extreem").
        section.blocks.push(Block::Paragraph(format!(
            "Uitgezonden worden is niet zonder risico's. Op de peildatum gold in deze missiegebieden een {} of {} veiligheidsniveau:",
            nl(SecurityLevel::High),
            nl(SecurityLevel::Extreme)
        )));
        section.blocks.push(Block::List(
            data.risk_areas
                .iter()
                .map(|a| {
                    format!(
                        "{}: {} sinds {} — {}",
                        a.mission,
                        nl(a.level),
                        date_dutch(a.since),
                        a.reason
                    )
                })
                .collect(),
        ));
    }
    section
}

fn placements(view: &AnnexView) -> Section {
    let data = view.data;
    let mut section = Section::new("Verbindingsofficieren en internationale plaatsingen");
    section
        .blocks
        .extend(view.developments(&[Topic::Placements]));
    section.blocks.push(table(
        format!(
            "Verbindingsofficieren en internationale plaatsingen (peildatum {})",
            date_dutch(data.as_of)
        ),
        vec![
            Column::text("Land of organisatie"),
            Column::text("Standplaats"),
            Column::text("Functie"),
            Column::text("Focus"),
            Column::text("Sinds"),
        ],
        data.placements
            .iter()
            .map(|p| {
                let p = &p.value;
                vec![
                    p.organisation.as_deref().map_or_else(
                        || view.partner(&p.host_country),
                        |o| format!("{} ({o})", view.partner(o)),
                    ),
                    p.city
                        .clone()
                        .unwrap_or_else(|| view.partner(&p.host_country)),
                    p.function.clone(),
                    p.focus.clone().unwrap_or_default(),
                    day(p.period.start),
                ]
            })
            .collect(),
    ));
    section
}

/// A date of an agreement, printed only when it lies on or before the reference date: an
/// annex does not know what came after it.
fn known(date: Option<jiff::civil::Date>, as_of: jiff::civil::Date) -> String {
    date.filter(|d| *d <= as_of).map(day).unwrap_or_default()
}

fn agreements(view: &AnnexView) -> Section {
    let data = view.data;
    let as_of = data.as_of;
    let mut section = Section::new("Memoranda of Understanding en verdragen");
    section.blocks.push(Block::Paragraph(
        "De politie sluit MoU's en soortgelijke niet-bindende afspraken om de relatie met buitenlandse partners te initiëren, te verbeteren of uit te bouwen. MoU's en letters of intent bieden geen rechtsbasis voor de uitwisseling van politiegegevens; verdragen en EU-instrumenten wel.".to_string(),
    ));
    // The EU instruments in force bind every member state alike; the table lists the
    // agreements with partners, and the instruments that were still being made.
    let relevant = data.agreements.iter().filter(|a| {
        a.agreement.kind != AgreementKind::EuInstrument
            || a.agreement.status_on(as_of) != Some(AgreementStatus::InForce)
    });
    section.blocks.push(table(
        "Overeenkomsten met partners",
        vec![
            Column::text("Overeenkomst"),
            Column::text("Soort"),
            Column::text("Partijen"),
            Column::text("Status op de peildatum"),
            // The words of the UI's fields (f.signed, f.in_force): one word for one act.
            Column::text("Ondertekend op"),
            Column::text("In werking op"),
            Column::text("Bindend"),
        ],
        relevant
            .map(|a| {
                let a = &a.agreement;
                let step = a.status_history.on(as_of);
                vec![
                    a.title.clone(),
                    nl(a.kind).to_string(),
                    view.partners(&a.parties),
                    step.map_or_else(String::new, |s| {
                        format!("{} sinds {}", nl(s.status), day(s.from))
                    }),
                    known(a.signed, as_of),
                    known(a.in_force, as_of),
                    if a.kind.binding() { "ja" } else { "nee" }.to_string(),
                ]
            })
            .collect(),
    ));
    // The legal basis of information requests with the other member states on the reference
    // date, by the one rule that the lookup and the SPOC desk use.
    let kind = ExchangeKind::InformationRequest;
    let mut lines: Vec<String> = data
        .agreements
        .iter()
        .filter(|a| a.agreement.kind == AgreementKind::EuInstrument)
        .filter(|a| {
            EU_MEMBER_STATES
                .iter()
                .filter(|c| **c != "NL")
                .all(|c| assess(&a.agreement, kind, c, as_of).is_basis())
        })
        .map(|a| {
            assess(&a.agreement, kind, "DE", as_of).explain(
                Lang::Nl,
                &a.agreement,
                kind,
                "DE",
                None,
            )
        })
        .collect();
    lines.sort();
    if !lines.is_empty() {
        section.blocks.push(Block::Subheading(
            "Rechtsgrondslag voor informatie-uitwisseling met de EU-lidstaten".to_string(),
        ));
        section.blocks.push(Block::List(lines));
    }
    if !data.amendments.is_empty() {
        section
            .blocks
            .push(Block::Subheading("Bijlagen en wijzigingen".to_string()));
        section.blocks.push(Block::List(
            data.amendments
                .iter()
                .map(|a| {
                    let parent = data
                        .agreement_titles
                        .get(&a.value.agreement_id)
                        .map_or("", String::as_str);
                    format!("{parent}: {}", a.value.title)
                })
                .collect(),
        ));
    }
    section
}

fn dossiers(view: &AnnexView) -> Section {
    let data = view.data;
    let mut section = Section::new("Europese en internationale dossiers");
    section
        .blocks
        .extend(view.developments(&[Topic::Eu, Topic::Interpol]));
    if data.dossiers.is_empty() {
        section.blocks.push(Block::Paragraph(NO_ROWS.to_string()));
    }
    for dossier in &data.dossiers {
        let d = &dossier.value;
        let (status, note) = status_on(&d.status_history, data.as_of);
        section.blocks.push(Block::Subheading(d.title.clone()));
        let stand = format!("Stand: {status}.");
        section.blocks.push(Block::Paragraph(
            [stand.as_str(), note.as_str(), d.summary.as_str()]
                .into_iter()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
        ));
        let milestones: Vec<String> = d
            .milestones
            .iter()
            .filter(|m| m.date <= data.as_of)
            .map(|m| format!("{}: {}", date_dutch(m.date), m.text))
            .collect();
        if !milestones.is_empty() {
            section.blocks.push(Block::List(milestones));
        }
        if !d.references.is_empty() {
            section.blocks.push(Block::Paragraph(format!(
                "Referenties: {}.",
                d.references.join("; ")
            )));
        }
    }
    section
}

fn commitments(view: &AnnexView) -> Section {
    let data = view.data;
    let as_of = data.as_of;
    let mut section = Section::new("Toezeggingen aan de Kamer");
    section.blocks.push(table(
        "Openstaande en in deze periode afgedane toezeggingen",
        vec![
            Column::text("Toezegging"),
            Column::text("Gedaan"),
            Column::text("Status"),
            Column::text("Stand van zaken"),
        ],
        data.commitments
            .iter()
            .map(|c| {
                let c = &c.value;
                let (status, note) = status_on(&c.status_history, as_of);
                // The progress text describes the commitment as it stands now; an annex for
                // an earlier date prints what the status said then.
                let current = c.status_history.on(as_of) == c.status_history.latest();
                let mut progress = if note.is_empty() && current {
                    c.progress.clone()
                } else {
                    note
                };
                if let (Some(answer), Some(on)) = (&c.answered_in, c.answered_on)
                    && on <= as_of
                {
                    progress = format!("{progress} Beantwoord in: {answer} ({}).", day(on))
                        .trim()
                        .to_string();
                }
                vec![
                    c.title.clone(),
                    format!("{} ({})", c.made_in, day(c.made_on)),
                    status,
                    progress,
                ]
            })
            .collect(),
    ));
    section
}

fn bilateral(view: &AnnexView) -> Section {
    let data = view.data;
    let mut section = Section::new("Bilaterale samenwerking, buurlanden en het Koninkrijk");
    section.blocks.extend(view.developments(&[
        Topic::Neighbours,
        Topic::Kingdom,
        Topic::Bilateral,
    ]));
    section.blocks.push(table(
        "Bilaterale programma's",
        vec![
            Column::text("Programma"),
            Column::text("Partner"),
            Column::text("Soort"),
            Column::text("Periode"),
        ],
        data.programmes
            .iter()
            .map(|p| {
                let p = &p.value;
                // The end of a programme that runs on past the reference date is not known
                // to the annex yet; it runs on.
                let shown = Period {
                    start: p.period.start,
                    end: p.period.end.filter(|e| *e <= data.as_of),
                };
                vec![
                    p.title.clone(),
                    view.partners(&p.partners),
                    nl(p.kind).to_string(),
                    period(shown),
                ]
            })
            .collect(),
    ));
    section
}

impl AnnexView<'_> {
    /// Rows of assistance: event, direction, partner, period, what, legal basis, status on
    /// the reference date.
    fn assistance_rows(&self, records: &[Record<Assistance>]) -> Vec<Vec<String>> {
        let data = self.data;
        records
            .iter()
            .map(|a| {
                let a = &a.value;
                let (status, _) = status_on(&a.status_history, data.as_of);
                // What runs on past the reference date is shown as running: its end is a plan.
                let shown = match a.period.start <= data.as_of {
                    true => Period {
                        start: a.period.start,
                        end: a.period.end.filter(|e| *e <= data.as_of),
                    },
                    false => a.period,
                };
                vec![
                    a.event.clone(),
                    nl(a.direction).to_string(),
                    self.partner(&a.partner),
                    period(shown),
                    a.capabilities
                        .iter()
                        .map(|c| format!("{} × {}", c.quantity, nl(c.capability)))
                        .collect::<Vec<_>>()
                        .join(", "),
                    a.legal_basis
                        .as_ref()
                        .and_then(|id| data.agreement_titles.get(id))
                        .cloned()
                        .unwrap_or_default(),
                    status,
                ]
            })
            .collect()
    }
}

fn assistance_columns() -> Vec<Column> {
    vec![
        Column::text("Evenement"),
        Column::text("Richting"),
        Column::text("Partner"),
        Column::text("Periode"),
        Column::text("Inzet"),
        Column::text("Rechtsgrondslag"),
        Column::text("Status op de peildatum"),
    ]
}

/// The caption of the table of planned assistance: the one table whose dates lie after the
/// reference date (they are planned, and known on it).
pub const PLANNED_CAPTION: &str = "Geplande bijstand, bekend op de peildatum";

fn assistance(view: &AnnexView) -> Section {
    let data = view.data;
    let mut section = Section::new("Bijstand bij grote evenementen");
    section
        .blocks
        .extend(view.developments(&[Topic::Assistance]));
    section.blocks.push(table(
        "Bijstand in de twaalf maanden tot de peildatum",
        assistance_columns(),
        view.assistance_rows(&data.assistance),
    ));
    section.blocks.push(table(
        PLANNED_CAPTION,
        assistance_columns(),
        view.assistance_rows(&data.planned),
    ));
    let mut partners: Vec<String> = data
        .assistance
        .iter()
        .map(|a| a.value.partner.clone())
        .collect();
    partners.sort();
    partners.dedup();
    section.blocks.push(Block::Chart(Chart::Bars {
        caption: "Bijstand per partner in de twaalf maanden tot de peildatum: verleend en ontvangen (aantal inzetten)".to_string(),
        series: vec![
            nl(Direction::Provided).to_string(),
            nl(Direction::Requested).to_string(),
        ],
        groups: partners
            .iter()
            .map(|p| {
                let count = |direction: Direction| {
                    data.assistance
                        .iter()
                        .filter(|a| &a.value.partner == p && a.value.direction == direction)
                        .count() as f64
                };
                (
                    view.partner(p),
                    vec![count(Direction::Provided), count(Direction::Requested)],
                )
            })
            .collect(),
    }));
    section
}
