//! The half-year annex "Internationale politiesamenwerking", in the structure of the annexes
//! the ministry sent to parliament: introduction, missions (with the overview of deployed
//! officers on the reference date), liaison officers and placements, agreements, EU and
//! international dossiers, commitments to parliament, bilateral cooperation, assistance at
//! events — each with the developments policy staff entered for the half year.

use crate::document::{
    Block, Chart, Column, Document, NO_ROWS, Section, Table, html, markdown, pdf,
};
use grenzeloos_app::annex::AnnexData;
use grenzeloos_domain::agreements::{AgreementKind, AgreementStatus};
use grenzeloos_domain::assistance::{AssistanceStatus, Capability, Direction};
use grenzeloos_domain::instruments::{
    CommitmentStatus, DossierStatus, ProgrammeKind, SecurityLevel, Topic,
};
use grenzeloos_domain::registry::Period;
use grenzeloos_domain::time::date_dutch;

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

fn agreement_kind(kind: AgreementKind) -> &'static str {
    match kind {
        AgreementKind::Treaty => "Verdrag",
        AgreementKind::EuInstrument => "EU-instrument",
        AgreementKind::Mou => "MoU",
        AgreementKind::LetterOfIntent => "Letter of Intent",
        AgreementKind::WorkingArrangement => "Werkafspraak",
    }
}

fn agreement_status(status: AgreementStatus) -> &'static str {
    match status {
        AgreementStatus::Exploring => "verkenning",
        AgreementStatus::Negotiating => "in onderhandeling / voorbereiding",
        AgreementStatus::Signed => "getekend",
        AgreementStatus::InForce => "in werking",
        AgreementStatus::Ended => "beëindigd",
    }
}

fn dossier_status(status: DossierStatus) -> &'static str {
    match status {
        DossierStatus::Announced => "aangekondigd",
        DossierStatus::Proposal => "voorstel",
        DossierStatus::Negotiating => "in onderhandeling",
        DossierStatus::Adopted => "vastgesteld",
        DossierStatus::Implementing => "in uitvoering",
        DossierStatus::Closed => "afgerond",
    }
}

fn commitment_status(status: CommitmentStatus) -> &'static str {
    match status {
        CommitmentStatus::Open => "open",
        CommitmentStatus::InProgress => "in uitvoering",
        CommitmentStatus::Fulfilled => "afgedaan",
        CommitmentStatus::Withdrawn => "vervallen",
    }
}

fn assistance_status(status: AssistanceStatus) -> &'static str {
    match status {
        AssistanceStatus::Draft => "in voorbereiding",
        AssistanceStatus::Requested => "aangevraagd",
        AssistanceStatus::Decided => "besloten",
        AssistanceStatus::Deployed => "ingezet",
        AssistanceStatus::Completed => "afgerond",
        AssistanceStatus::Reported => "gerapporteerd",
        AssistanceStatus::Settled => "afgewikkeld",
    }
}

fn capability(capability: Capability) -> &'static str {
    match capability {
        Capability::WaterCannon => "waterwerpers",
        Capability::LiaisonOfficers => "verbindingsofficieren",
        Capability::JointPatrols => "gezamenlijke patrouilles",
        Capability::ExplosivesDetectionDogs => "hondengeleiders explosievendetectie",
        Capability::RiotPolice => "ME-pelotons",
        Capability::MountedPolice => "bereden politie",
        Capability::Helicopter => "helikopters",
        Capability::SpecialIntervention => "speciale eenheden",
        Capability::Other => "overig",
    }
}

fn programme_kind(kind: ProgrammeKind) -> &'static str {
    match kind {
        ProgrammeKind::Training => "training",
        ProgrammeKind::StudyVisit => "studiebezoek",
        ProgrammeKind::Strategy => "strategie",
        ProgrammeKind::CapacityBuilding => "capaciteitsopbouw",
        ProgrammeKind::Exchange => "uitwisseling",
    }
}

fn level(level: SecurityLevel) -> &'static str {
    match level {
        SecurityLevel::Low => "laag",
        SecurityLevel::Moderate => "matig",
        SecurityLevel::Substantial => "aanzienlijk",
        SecurityLevel::High => "hoog",
        SecurityLevel::Extreme => "zeer hoog",
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
        ("Periode".to_string(), label.clone()),
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
        "Criminele activiteiten stoppen niet bij de grenzen van Nederland. Deze bijlage geeft een overzicht van de belangrijkste ontwikkelingen in het instrumentarium van de internationale politiesamenwerking in het {}. De cijfers gelden op de peildatum {}.",
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
        .filter(|c| c.value.status.open())
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
        format!("{given} bijstandsverleningen door Nederland en {received} bijstandsverzoeken van Nederland"),
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
            .map(|c| c.date.strftime("%m-%Y").to_string())
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
        series: vec!["vrouw".to_string(), "man".to_string()],
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
        section.blocks.push(Block::Paragraph(
            "Uitgezonden worden is niet zonder risico's. Op de peildatum gold in deze missiegebieden een hoog of zeer hoog dreigingsniveau:".to_string(),
        ));
        section.blocks.push(Block::List(
            data.risk_areas
                .iter()
                .map(|a| {
                    format!(
                        "{}: {} sinds {} — {}",
                        a.mission,
                        level(a.level),
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

fn agreements(view: &AnnexView) -> Section {
    let data = view.data;
    let mut section = Section::new("Memoranda of Understanding en verdragen");
    section.blocks.push(Block::Paragraph(
        "De politie sluit MoU's en soortgelijke niet-bindende afspraken om de relatie met buitenlandse partners te initiëren, te verbeteren of uit te bouwen. MoU's en letters of intent bieden geen rechtsbasis voor de uitwisseling van politiegegevens; verdragen en EU-instrumenten wel.".to_string(),
    ));
    let relevant = data.agreements.iter().filter(|a| {
        a.agreement.kind != AgreementKind::EuInstrument
            || a.agreement.status != AgreementStatus::InForce
    });
    section.blocks.push(table(
        "Overeenkomsten met partners",
        vec![
            Column::text("Overeenkomst"),
            Column::text("Soort"),
            Column::text("Partijen"),
            Column::text("Status"),
            Column::text("Getekend"),
            Column::text("In werking"),
            Column::text("Bindend"),
        ],
        relevant
            .map(|a| {
                let a = &a.agreement;
                vec![
                    a.title.clone(),
                    agreement_kind(a.kind).to_string(),
                    view.partners(&a.parties),
                    agreement_status(a.status).to_string(),
                    a.signed.map(day).unwrap_or_default(),
                    a.in_force.map(day).unwrap_or_default(),
                    if a.kind.binding() { "ja" } else { "nee" }.to_string(),
                ]
            })
            .collect(),
    ));
    if !data.amendments.is_empty() {
        section
            .blocks
            .push(Block::Subheading("Bijlagen en wijzigingen".to_string()));
        section.blocks.push(Block::List(
            data.amendments
                .iter()
                .map(|a| {
                    let parent = data
                        .agreements
                        .iter()
                        .find(|g| g.id == a.value.agreement_id)
                        .map_or("", |g| g.agreement.title.as_str());
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
        section.blocks.push(Block::Subheading(d.title.clone()));
        section.blocks.push(Block::Paragraph(format!(
            "Stand: {}. {}",
            dossier_status(d.status),
            d.summary
        )));
        let milestones: Vec<String> = d
            .milestones
            .iter()
            .filter(|m| m.date <= data.period.last_day())
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
                let mut progress = c.progress.clone();
                if let Some(answer) = &c.answered_in {
                    progress = format!("{progress} Beantwoord in: {answer}.")
                        .trim()
                        .to_string();
                }
                vec![
                    c.title.clone(),
                    format!("{} ({})", c.made_in, day(c.made_on)),
                    commitment_status(c.status).to_string(),
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
                vec![
                    p.title.clone(),
                    view.partners(&p.partners),
                    programme_kind(p.kind).to_string(),
                    period(p.period),
                ]
            })
            .collect(),
    ));
    section
}

fn assistance(view: &AnnexView) -> Section {
    let data = view.data;
    let mut section = Section::new("Bijstand bij grote evenementen");
    section
        .blocks
        .extend(view.developments(&[Topic::Assistance]));
    let basis = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| data.agreements.iter().find(|a| &a.id == id))
            .map_or_else(String::new, |a| a.agreement.title.clone())
    };
    section.blocks.push(table(
        "Bijstand in en na deze periode",
        vec![
            Column::text("Evenement"),
            Column::text("Richting"),
            Column::text("Partner"),
            Column::text("Periode"),
            Column::text("Inzet"),
            Column::text("Rechtsgrondslag"),
            Column::text("Status"),
        ],
        data.assistance
            .iter()
            .map(|a| {
                let a = &a.value;
                vec![
                    a.event.clone(),
                    match a.direction {
                        Direction::Provided => "verleend door NL",
                        Direction::Requested => "gevraagd door NL",
                    }
                    .to_string(),
                    view.partner(&a.partner),
                    period(a.period),
                    a.capabilities
                        .iter()
                        .map(|c| format!("{} {}", c.quantity, capability(c.capability)))
                        .collect::<Vec<_>>()
                        .join(", "),
                    basis(&a.legal_basis),
                    assistance_status(a.status).to_string(),
                ]
            })
            .collect(),
    ));
    let mut partners: Vec<String> = data
        .assistance
        .iter()
        .map(|a| a.value.partner.clone())
        .collect();
    partners.sort();
    partners.dedup();
    section.blocks.push(Block::Chart(Chart::Bars {
        caption: "Bijstand per partner: verleend en ontvangen (aantal inzetten)".to_string(),
        series: vec![
            "verleend door NL".to_string(),
            "ontvangen door NL".to_string(),
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
