//! The demo's instruments beyond missions: liaison placements, assistance, security levels,
//! incidents and contacts, dossiers, commitments, programmes and the developments that the
//! half-year annexes of December 2021, December 2023 and June 2024 report.
//!
//! Facts come from the seed annexes; where the annexes give no date or detail (the exact day
//! of an event, the security level of areas they do not discuss, costs), the demo fills in a
//! plausible one — docs/user-guide.md says which. Every person is invented.

use crate::instruments::{Registered, save_instrument_in};
use crate::registry::create_officer_in;
use crate::{Actor, Result};
use grenzeloos_domain::assistance::Assistance;
use grenzeloos_domain::instruments::{
    Amendment, Commitment, Contact, Development, Dossier, Incident, Placement, Programme,
    SecurityAssessment,
};
use grenzeloos_domain::registry::OfficerInput;
use grenzeloos_store::Tx;
use serde_json::{Value, json};
use std::collections::HashMap;

async fn save<I: Registered>(tx: &mut Tx, actor: &Actor, input: Value) -> Result<String> {
    let input: I::Input = serde_json::from_value(input).map_err(|e| {
        grenzeloos_domain::Violation::new("demo_data", format!("demo {}: {e}", I::KIND))
    })?;
    Ok(save_instrument_in::<I>(tx, actor, None, &input).await?.id)
}

/// Liaison officers and placements (annex 2021 and 2024), with their invented officers.
const LIAISONS: &[(&str, &str, &str, &str)] = &[
    ("DEMO-0201", "Marloes", "Dijkstra", "female"),
    ("DEMO-0202", "Youssef", "Benali", "male"),
    ("DEMO-0203", "Pieter", "de Graaf", "male"),
    ("DEMO-0204", "Lotte", "Hendriks", "female"),
];

pub(crate) async fn load(
    tx: &mut Tx,
    actor: &Actor,
    missions: &HashMap<&str, String>,
    officers: &HashMap<&str, String>,
    agreements: &HashMap<&str, String>,
) -> Result<()> {
    let mut liaison = HashMap::new();
    for (number, given, family, gender) in LIAISONS {
        let input = OfficerInput {
            personnel_number: number.to_string(),
            given_name: given.to_string(),
            family_name: family.to_string(),
            gender: gender.to_string(),
            rank: Some("hoofdinspecteur".to_string()),
            unit: Some("Politie Nederland, Internationale Politiesamenwerking".to_string()),
        };
        liaison.insert(*number, create_officer_in(tx, actor, &input).await?.id);
    }
    placements(tx, actor, &liaison).await?;
    assistance(tx, actor, agreements).await?;
    care(tx, actor, missions, officers).await?;
    amendments(tx, actor, agreements).await?;
    dossiers(tx, actor).await?;
    commitments(tx, actor).await?;
    programmes(tx, actor).await?;
    developments(tx, actor).await?;
    Ok(())
}

async fn placements(tx: &mut Tx, actor: &Actor, officer: &HashMap<&str, String>) -> Result<()> {
    let records = [
        json!({"officer_id": officer["DEMO-0201"], "kind": "liaison", "host_country": "BR",
               "city": "Brasília", "function": "Politieliaison",
               "focus": "drugshandel en ondermijnende criminaliteit (upstream disruption)",
               "start": "2021-04-01", "status": "active"}),
        json!({"officer_id": officer["DEMO-0202"], "kind": "liaison", "host_country": "AL",
               "city": "Tirana", "function": "Politieliaison",
               "focus": "georganiseerde criminaliteit en drugshandel",
               "start": "2021-06-01", "status": "active"}),
        json!({"officer_id": officer["DEMO-0203"], "kind": "organisation", "host_country": "PT",
               "city": "Lissabon", "organisation": "MAOC-N", "function": "Directeur",
               "focus": "maritieme drugssmokkel",
               "start": "2021-11-01", "end": "2024-10-31", "status": "ended"}),
        json!({"officer_id": officer["DEMO-0204"], "kind": "liaison", "host_country": "CO",
               "city": "Cartagena", "function": "Politieliaison", "focus": "havens",
               "start": "2024-03-01", "status": "active"}),
    ];
    for input in records {
        save::<Placement>(tx, actor, input).await?;
    }
    Ok(())
}

async fn assistance(tx: &mut Tx, actor: &Actor, agreements: &HashMap<&str, String>) -> Result<()> {
    let arrangement = &agreements["Werkafspraak bijstand NL-BE"];
    let water_cannons = |partner: &str, event: &str, place: &str, day: &str, status: &str| {
        let mut input = json!({
            "direction": "requested", "partner": partner, "event": event, "place": place,
            "start": day, "end": day, "status": status,
            "capabilities": [{"capability": "water_cannon", "quantity": 2, "personnel": 8}],
            "nature": "Inzet van waterwerpers met bemanning",
            "objective": "Handhaving van de openbare orde; de Nederlandse waterwerpers zijn buiten dienst",
            "inventory": "2 waterwerpers met uitrusting en verbindingsmiddelen",
            "decision_date": day,
            "decision": "Schriftelijk besluit: onvoldoende eigen middelen door buitendienststelling van de Nederlandse waterwerpers",
            "report_date": day, "report_reference": "Evaluatieverslag inzet",
            "costs_eur": 0
        });
        if partner == "BE" && day >= "2024-03-01" {
            input["working_arrangement"] = json!(arrangement);
        }
        input
    };
    let records = [
        water_cannons(
            "DE",
            "Demonstratie Den Haag",
            "Den Haag",
            "2023-09-09",
            "settled",
        ),
        water_cannons(
            "BE",
            "Demonstratie Den Haag",
            "Den Haag",
            "2023-12-09",
            "settled",
        ),
        water_cannons(
            "DE",
            "Jaarwisseling 2023-2024",
            "Rotterdam",
            "2023-12-31",
            "settled",
        ),
        water_cannons(
            "BE",
            "Risicowedstrijd eredivisie",
            "Rotterdam",
            "2024-03-17",
            "settled",
        ),
        water_cannons(
            "BE",
            "Demonstratie Amsterdam",
            "Amsterdam",
            "2024-05-11",
            "reported",
        ),
        water_cannons(
            "DE",
            "Demonstratie Utrecht",
            "Utrecht",
            "2024-06-01",
            "completed",
        ),
        json!({
            "direction": "provided", "partner": "DE", "event": "UEFA EURO 2024",
            "place": "Duitsland (speelsteden)", "start": "2024-06-14", "end": "2024-07-14",
            "status": "reported",
            "capabilities": [
                {"capability": "liaison_officers", "quantity": 4},
                {"capability": "joint_patrols", "quantity": 5, "personnel": 20},
                {"capability": "explosives_detection_dogs", "quantity": 6, "personnel": 6}
            ],
            "nature": "Verbindingsofficieren, gezamenlijke surveillance en explosievendetectie in stadions",
            "objective": "Veiligheid van het toernooi en begeleiding van Nederlandse supporters",
            "decision_date": "2024-04-15", "decision": "Besluit korpsleiding op verzoek van Duitsland",
            "report_date": "2024-09-30", "report_reference": "Evaluatie EK 2024"
        }),
        json!({
            "direction": "provided", "partner": "FR", "event": "Olympische Spelen Parijs 2024",
            "place": "Parijs", "start": "2024-07-26", "end": "2024-08-11",
            "status": "reported",
            "capabilities": [
                {"capability": "liaison_officers", "quantity": 3},
                {"capability": "joint_patrols", "quantity": 4, "personnel": 16},
                {"capability": "explosives_detection_dogs", "quantity": 4, "personnel": 4}
            ],
            "nature": "Verbindingsofficieren, gezamenlijke surveillance en explosievendetectie",
            "objective": "Veiligheid van de Spelen (Besluit 2008/615/JBZ art. 17–18)",
            "decision_date": "2024-05-20", "decision": "Besluit op verzoek van Frankrijk",
            "report_date": "2024-10-15", "report_reference": "Evaluatie OS 2024"
        }),
        json!({
            "direction": "provided", "partner": "BE", "event": "Gentse Feesten 2024",
            "place": "Gent", "start": "2024-07-19", "end": "2024-07-28", "status": "settled",
            "capabilities": [{"capability": "joint_patrols", "quantity": 2, "personnel": 6}],
            "nature": "Meesurveilleren met de lokale politie",
            "objective": "Aanspreekpunt voor de vele Nederlandse bezoekers",
            "decision_date": "2024-06-10", "decision": "Schriftelijk besluit op verzoek van de Federale politie",
            "report_date": "2024-08-15", "report_reference": "Verslag art. 46",
            "costs_eur": 0
        }),
        json!({
            "direction": "provided", "partner": "FR", "event": "Tour de France 2024",
            "place": "Frankrijk", "start": "2024-06-29", "end": "2024-07-21", "status": "completed",
            "capabilities": [{"capability": "liaison_officers", "quantity": 2}],
            "nature": "Verbindingsofficieren bij de politie ter plaatse",
            "objective": "Aanspreekpunt voor Nederlandse toeschouwers",
            "decision_date": "2024-05-27"
        }),
        json!({
            "direction": "requested", "partner": "BE", "event": "NAVO-top 2025",
            "place": "Den Haag", "start": "2025-06-24", "end": "2025-06-25", "status": "draft",
            "capabilities": [{"capability": "riot_police", "quantity": 2, "personnel": 60}],
            "nature": "Politiële bijstand bij de NAVO-top"
        }),
        json!({
            "direction": "requested", "partner": "DE", "event": "NAVO-top 2025",
            "place": "Den Haag", "start": "2025-06-24", "end": "2025-06-25", "status": "draft",
            "capabilities": [{"capability": "water_cannon", "quantity": 2, "personnel": 8}],
            "nature": "Politiële bijstand bij de NAVO-top"
        }),
    ];
    for input in records {
        save::<Assistance>(tx, actor, input).await?;
    }
    Ok(())
}

/// Security levels: the seeds name Ukraine (war), Mali (after MINUSMA's withdrawal) and the
/// Palestinian territories (October 2023); the other areas' levels are illustrative.
const LEVELS: &[(&str, &str, &str, &str)] = &[
    (
        "EUAM Oekraïne",
        "substantial",
        "2014-12-01",
        "Conflict in Oost-Oekraïne",
    ),
    (
        "EUAM Oekraïne",
        "extreme",
        "2022-02-24",
        "Russische invasie van Oekraïne: oorlogsgebied",
    ),
    (
        "EUBAM Moldavië-Oekraïne",
        "high",
        "2022-02-24",
        "Oorlog in Oekraïne; missie werkt ook aan de Oekraïense grens",
    ),
    (
        "EUCAP SAHEL Mali",
        "substantial",
        "2015-01-15",
        "Instabiele veiligheidssituatie",
    ),
    (
        "EUCAP SAHEL Mali",
        "high",
        "2023-06-30",
        "Terugtrekking van MINUSMA en verslechtering van de veiligheidssituatie",
    ),
    (
        "EUPOL COPPS",
        "moderate",
        "2006-01-01",
        "Gespannen situatie",
    ),
    (
        "EUPOL COPPS",
        "high",
        "2023-10-07",
        "Uitbraak van het conflict in Gaza; spanningen op de Westelijke Jordaanoever",
    ),
    ("USSC", "moderate", "2005-03-01", "Gespannen situatie"),
    (
        "USSC",
        "high",
        "2023-10-07",
        "Uitbraak van het conflict in Gaza; spanningen op de Westelijke Jordaanoever",
    ),
    (
        "EUCAP Somalië",
        "high",
        "2012-07-16",
        "Dreiging van terroristische aanslagen",
    ),
    (
        "EUAM Irak",
        "substantial",
        "2017-11-01",
        "Dreiging van aanslagen en regionale spanningen",
    ),
    (
        "EUBAM Libië",
        "substantial",
        "2013-05-22",
        "Instabiel; de missie werkte lange tijd vanuit Tunesië",
    ),
    (
        "EULEX Kosovo",
        "moderate",
        "2008-02-16",
        "Spanningen in Noord-Kosovo",
    ),
    ("EUMM Georgië", "moderate", "2008-10-01", "Bestandslijn"),
    (
        "EUMA Armenië",
        "moderate",
        "2023-02-20",
        "Grensconflict met Azerbeidzjan",
    ),
    ("OVSE West-Balkan", "low", "2016-01-01", "Stabiel"),
];

async fn care(
    tx: &mut Tx,
    actor: &Actor,
    missions: &HashMap<&str, String>,
    officers: &HashMap<&str, String>,
) -> Result<()> {
    for (mission, level, from, reason) in LEVELS {
        let input = json!({"mission_id": missions[mission], "level": level,
                           "valid_from": from, "reason": reason});
        save::<SecurityAssessment>(tx, actor, input).await?;
    }
    // The four officers in the Palestinian territories in October 2023 (annex December 2023).
    for (mission, officer) in [
        ("EUPOL COPPS", "DEMO-0125"),
        ("EUPOL COPPS", "DEMO-0126"),
        ("EUPOL COPPS", "DEMO-0127"),
        ("USSC", "DEMO-0131"),
    ] {
        let input = json!({"mission_id": missions[mission], "officer_id": officers[officer],
            "kind": "security", "date": "2023-10-07",
            "summary": "Uitbraak van het conflict; functionaris in veiligheid, contact met de staffing desk",
            "follow_up": "Dagelijks contact; nazorggesprek na terugkeer"});
        save::<Incident>(tx, actor, input).await?;
    }
    let input = json!({"mission_id": missions["EUAM Oekraïne"], "officer_id": officers["DEMO-0121"],
        "kind": "evacuation", "date": "2022-02-13",
        "summary": "Geëvacueerd uit Oekraïne vóór de Russische invasie",
        "follow_up": "Herplaatst bij EUAM Irak"});
    save::<Incident>(tx, actor, input).await?;
    let mut numbers: Vec<&&str> = officers.keys().collect();
    numbers.sort();
    for (i, number) in numbers.into_iter().enumerate() {
        let input = json!({"officer_id": officers[*number],
            "phone": format!("+31 6 5550 {:04}", 100 + i),
            "email": format!("{}@politie.demo.invalid", number.to_lowercase()),
            "emergency_contact": "Partner (demo)",
            "emergency_phone": format!("+31 6 5551 {:04}", 100 + i)});
        save::<Contact>(tx, actor, input).await?;
    }
    Ok(())
}

async fn amendments(tx: &mut Tx, actor: &Actor, agreements: &HashMap<&str, String>) -> Result<()> {
    let input = json!({"agreement_id": agreements["Prüm-besluit 2008/615/JBZ"], "kind": "annex",
        "title": "Uitvoeringsbesluit 2008/616/JBZ met technische bijlage (DNA, dactyloscopie, kentekens)",
        "signed": "2008-06-23", "in_force": "2008-08-26",
        "summary": "Regels voor de geautomatiseerde bevraging: DNA-matchregels, dactyloscopische kwaliteit, kentekengegevens."});
    save::<Amendment>(tx, actor, input).await?;
    Ok(())
}

async fn dossiers(tx: &mut Tx, actor: &Actor) -> Result<()> {
    let records = [
        json!({"title": "EU-politiesamenwerkingscode: richtlijn informatie-uitwisseling (herziening Zweeds Kaderbesluit)",
            "topic": "eu", "status": "implementing", "partners": ["EU"],
            "summary": "De richtlijn moderniseert de informatie-uitwisseling tussen rechtshandhavingsinstanties en vervangt het Zweeds Kaderbesluit; elke lidstaat richt een 24/7 SPOC in.",
            "references": ["Richtlijn (EU) 2023/977", "BNC-fiche EU-politiesamenwerkingscode"],
            "milestones": [
                {"date": "2021-12-08", "text": "Commissie presenteert het Schengenpakket met de EU-politiesamenwerkingscode"},
                {"date": "2023-05-10", "text": "Richtlijn (EU) 2023/977 vastgesteld"},
                {"date": "2024-12-12", "text": "Uiterste datum omzetting"}]}),
        json!({"title": "Modernisering van de Prüm-besluiten (Prüm II)", "topic": "eu",
            "status": "implementing", "partners": ["EU"],
            "summary": "Geautomatiseerde uitwisseling van DNA-profielen, vingerafdrukken en voertuiggegevens via een centrale router; gezichtsopnamen en politieregisters worden toegevoegd.",
            "references": ["Verordening (EU) 2024/982"],
            "milestones": [
                {"date": "2021-12-08", "text": "Voorstel als deel van het Schengenpakket"},
                {"date": "2024-03-13", "text": "Verordening (EU) 2024/982 vastgesteld"}]}),
        json!({"title": "Aanbeveling grensoverschrijdende operationele samenwerking", "topic": "eu",
            "status": "adopted", "partners": ["EU"],
            "summary": "Aanbeveling van de Raad over grensoverschrijdende achtervolging, observatie, gezamenlijke patrouilles en onderzoeksinstrumenten.",
            "references": ["Aanbeveling (EU) 2022/915 van de Raad"],
            "milestones": [
                {"date": "2021-12-08", "text": "Voorstel van de Commissie"},
                {"date": "2022-06-09", "text": "Aanbeveling aangenomen"}]}),
        json!({"title": "Herziening Schengengrenscode", "topic": "eu", "status": "adopted",
            "partners": ["EU"],
            "summary": "Herziene Schengengrenscode als deel van het Schengenpakket.",
            "references": ["Verordening (EU) 2024/1717"],
            "milestones": [
                {"date": "2021-12-14", "text": "Voorstel van de Commissie"},
                {"date": "2024-06-13", "text": "Verordening vastgesteld"}]}),
        json!({"title": "Samenwerkingsovereenkomst EU–Interpol", "topic": "interpol",
            "status": "negotiating", "partners": ["EU", "INTERPOL"],
            "summary": "Brede samenwerkingsovereenkomst waarmee de informatie van Interpol beter betrokken wordt bij de EU-aanpak van georganiseerde criminaliteit en terrorisme, met behoud van waarborgen. Nederland steunt de onderhandelingen; de Commissie verwachtte een resultaat medio 2024.",
            "references": ["BNC-fiche aanbeveling mandaat onderhandelingen samenwerkingsovereenkomst EU-Interpol (Kamerstuk 22 112, nr. 3115)", "Besluit (EU) 2021/1312 van de Raad"],
            "milestones": [
                {"date": "2021-07-19", "text": "Raad machtigt de Commissie tot onderhandelingen"},
                {"date": "2023-11-28", "text": "Onderhandelingen lopen; Interpol viert 100-jarig bestaan"}]}),
        json!({"title": "Europol: verwerking van grote datasets", "topic": "eu",
            "status": "adopted", "partners": ["EU", "EUROPOL"],
            "summary": "Gesprek tussen Europol en de EDPS over geautomatiseerde analyse en dataretentie van grote datasets; de herziene Europol-verordening geeft een rechtsbasis.",
            "references": ["Verordening (EU) 2022/991"],
            "milestones": [
                {"date": "2021-12-02", "text": "Kamer geïnformeerd over het gesprek Europol–EDPS"},
                {"date": "2022-06-08", "text": "Herziene Europol-verordening vastgesteld"}]}),
        json!({"title": "Herzien Benelux-politieverdrag: goedkeuring en inwerkingtreding", "topic": "neighbours",
            "status": "implementing", "partners": ["BE", "LU"],
            "summary": "Ruimere grensoverschrijdende achtervolging, rechtstreekse toegang tot elkaars databanken bij gezamenlijke acties en in gemeenschappelijke posten, uitwisseling van ANPR-gegevens, inzet van speciale eenheden bij crises.",
            "references": ["Kamerstuk 35 692, nr. 6", "Kamerstuk 35 692, nr. 7", "Kamerstukken II, 2019-2020, 29 628, nr. 895"],
            "milestones": [
                {"date": "2018-07-23", "text": "Verdrag ondertekend"},
                {"date": "2021-11-23", "text": "Nota naar aanleiding van het verslag en nota van wijziging"},
                {"date": "2023-10-01", "text": "Verdrag in werking getreden"},
                {"date": "2023-10-20", "text": "Kamer per brief geïnformeerd"}]}),
        json!({"title": "Doorontwikkeling uitzending politiepersoneel naar missies", "topic": "missions",
            "status": "implementing", "partners": ["EU"],
            "summary": "Verantwoordelijkheidsverdeling tussen de minister van JenV (eigenaar, opdrachtgever) en de korpschef (opdrachtnemer) nader geduid; prioriteiten uit het Nationaal Implementatieplan voor het CSDP Compact: gendergelijkheid, een fair share aan missiepersoneel en schaalbare inzet met specialised teams.",
            "references": ["EU Civilian CSDP Compact 2023", "Nationaal Implementatieplan"],
            "milestones": [
                {"date": "2023-12-07", "text": "Basis gelegd voor de beleidsmatige doorontwikkeling"},
                {"date": "2024-06-19", "text": "Doorontwikkeling in de implementatiefase"}]}),
    ];
    for input in records {
        save::<Dossier>(tx, actor, input).await?;
    }
    Ok(())
}

async fn commitments(tx: &mut Tx, actor: &Actor) -> Result<()> {
    let records = [
        json!({"title": "Verkennen van grensoverschrijdende politieteams met België",
            "made_on": "2023-06-30", "made_in": "Eerste halfjaarbericht politie 2023",
            "status": "in_progress", "partners": ["BE"],
            "progress": "In samenspraak met de politie zijn de eerste stappen in de verkenning gezet. Het op 1 oktober 2023 in werking getreden Benelux-politieverdrag biedt mogelijkheden; de Kamer is daarover per brief geïnformeerd op 20 oktober 2023."}),
        json!({"title": "De Kamer met BNC-fiches informeren over de voorstellen van het Schengenpakket",
            "made_on": "2021-12-02", "made_in": "Tweede halfjaarbericht politie 2021",
            "status": "fulfilled", "partners": ["EU"],
            "progress": "BNC-fiches over de EU-politiesamenwerkingscode en de modernisering van Prüm zijn aan de Kamer gezonden.",
            "answered_in": "BNC-fiches Schengenpakket", "answered_on": "2022-01-28"}),
        json!({"title": "Versterken van de samenwerking tussen KPCN en de Nederlandse politie; in 2024 starten met de realisatie",
            "made_on": "2023-12-07", "made_in": "Tweede halfjaarbericht politie 2023",
            "status": "open", "partners": ["BQ"],
            "progress": "Verkenning tussen KPCN, de Nederlandse politie en het ministerie naar beheersmatige en bedrijfsmatige samenwerking."}),
    ];
    for input in records {
        save::<Commitment>(tx, actor, input).await?;
    }
    Ok(())
}

async fn programmes(tx: &mut Tx, actor: &Actor) -> Result<()> {
    let records = [
        json!({"title": "Operationele Strategie voor Latijns-Amerika en het Caribisch Gebied (OSLAC)",
            "kind": "strategy", "partners": ["CO", "BR"], "topic": "georganiseerde en druggerelateerde criminaliteit",
            "start": "2022-01-01",
            "description": "Gecoördineerd optreden met internationale partners: informatiepositie, operationele samenwerking, capaciteitsopbouw, situationele preventie en anti-corruptie."}),
        json!({"title": "Trainingen voor het Korps Politie Suriname (KPS)", "kind": "training",
            "partners": ["SR"], "topic": "leiderschap, buurtmanagement, recherche, financieel rechercheren",
            "start": "2022-01-01", "end": "2025-12-31",
            "description": "Trainingen ter versterking van KPS; verkenning van samenwerking met KPS en de Caribische korpsen (KPA, KPSM, KPC, KPCN)."}),
        json!({"title": "Opleidingstraject voor de leiding van KPS (EU-traject)", "kind": "training",
            "partners": ["SR", "EU"], "topic": "leiderschapsontwikkeling", "start": "2022-06-01",
            "description": "Opleidingstraject in het kader van een EU-traject; subsidieaanvraag in behandeling (december 2021)."}),
        json!({"title": "Studiebezoek Oekraïense delegatie aan de Blauwe Haven Rotterdam", "kind": "study_visit",
            "partners": ["UA"], "topic": "opvang van politiefunctionarissen met PTSS",
            "start": "2024-05-14", "end": "2024-05-15",
            "description": "Delegatie van de Oekraïense Nationale politie, het Oekraïense ministerie van Binnenlandse Zaken en EUAM Ukraine; ervaringen delen over opvang en behandeling van politiefunctionarissen met PTSS."}),
        json!({"title": "Versterking samenwerking KPCN en Nederlandse politie", "kind": "capacity_building",
            "partners": ["BQ"], "topic": "beheer en bedrijfsvoering", "start": "2024-01-01",
            "description": "Politiespecifieke kennis en kunde in beheer en bedrijfsvoering die voor een korps van de omvang van KPCN lastig te dragen zijn."}),
    ];
    for input in records {
        save::<Programme>(tx, actor, input).await?;
    }
    Ok(())
}

/// Dated entries per topic: the narrative of the three annexes.
const DEVELOPMENTS: &[(&str, &str, &str, &str, &str)] = &[
    // date, topic, partners, title, text
    (
        "2021-11-25",
        "interpol",
        "INTERPOL",
        "Algemene Vergadering van INTERPOL in Istanbul",
        "Van 23 tot 25 november vond voor het eerst sinds 2019 een Algemene Vergadering van INTERPOL plaats, in Istanbul, met onder meer het Strategisch Kader 2022-2025. De Nederlandse politie draagt bij aan het versterken van het juridisch raamwerk en het nalevingsmechanisme van INTERPOL.",
    ),
    (
        "2021-11-23",
        "neighbours",
        "BE,LU",
        "Benelux-politieverdrag naar de Kamer",
        "De Kamer ontving de nota naar aanleiding van het verslag en de nota van wijziging bij de goedkeurings- en uitvoeringswet van het herziene Benelux-politieverdrag. Het verdrag verruimt de grensoverschrijdende achtervolging en de informatie-uitwisseling.",
    ),
    (
        "2021-11-01",
        "placements",
        "MAOC-N",
        "Nederlandse directeur MAOC-N",
        "De managementboard van MAOC-N, waar Nederland met zes andere landen deel van uitmaakt, selecteerde een Nederlandse kandidaat als directeur voor drie jaar. Hij is per 1 november 2021 gestart. In de periode 2019-2021 leidde MAOC-N tot honderden tonnen inbeslaggenomen verdovende middelen en bijna 350 arrestaties.",
    ),
    (
        "2021-10-15",
        "placements",
        "BR,AL",
        "Liaisons in Brazilië en Albanië",
        "In lijn met upstream disruption zijn het afgelopen jaar liaisons geplaatst in Brazilië en Albanië.",
    ),
    (
        "2021-12-01",
        "eu",
        "EU",
        "Schengenpakket aangekondigd",
        "De Europese Commissie kondigde aan op 8 december een Schengenpakket te presenteren met een herziene Schengengrenscode en een EU-politiesamenwerkingscode, waaronder een richtlijn die het Zweeds Kaderbesluit moderniseert en een voorstel tot modernisering van de Prüm-besluiten.",
    ),
    (
        "2021-08-31",
        "bilateral",
        "AE,CO",
        "MoU met Dubai Police en Letter of Intent met Colombia",
        "In augustus sloot de politie een MoU met de politie van Dubai over financieel-economische criminaliteit, terrorisme en ondermijnende criminaliteit. Met de Colombiaanse autoriteiten is een Letter of Intent afgesloten. MoU's bieden geen rechtsbasis voor informatie-uitwisseling.",
    ),
    (
        "2021-09-30",
        "kingdom",
        "AW,CW,SX,BQ",
        "Samenwerking binnen het Koninkrijk",
        "De korpsen binnen het Koninkrijk verankeren hun samenwerking; de informatiecoördinatie in het Caribisch deel is doorontwikkeld met lokale en een interinsulair informatieknooppunt. KPCN heeft een nieuw inrichtingsplan en een nieuwe meldkamer in voorbereiding.",
    ),
    (
        "2023-10-20",
        "neighbours",
        "BE,LU",
        "Benelux-politieverdrag in werking",
        "Het Benelux-politieverdrag is op 1 oktober 2023 in werking getreden; de Kamer is op 20 oktober 2023 per brief geïnformeerd. Het verdrag biedt ook mogelijkheden voor grensoverschrijdende politieteams met België.",
    ),
    (
        "2023-11-15",
        "missions",
        "",
        "Risico's in missiegebieden",
        "Uitgezonden worden is niet zonder risico's: in Oekraïne werken politiefunctionarissen in oorlogsgebied, in Mali verslechterde de veiligheidssituatie na de terugtrekking van MINUSMA, en in de Palestijnse gebieden ondervonden vier Nederlandse politiefunctionarissen hoe dichtbij een conflict kan komen.",
    ),
    (
        "2023-11-28",
        "interpol",
        "INTERPOL,EU",
        "Interpol 100 jaar",
        "Interpol viert haar 100-jarig bestaan. Het kabinet wil dat Interpol een apolitieke, technocratische organisatie blijft en steunt de onderhandelingen over een samenwerkingsovereenkomst tussen de EU en Interpol.",
    ),
    (
        "2023-12-01",
        "kingdom",
        "BQ",
        "Verkenning samenwerking KPCN",
        "Er loopt een verkenning tussen KPCN, de Nederlandse politie en het ministerie over de versterking van de beheersmatige en bedrijfsmatige samenwerking; in 2024 start de realisatie.",
    ),
    (
        "2024-01-31",
        "missions",
        "SE,XK",
        "Specialised team Noord-Kosovo afgerond",
        "Het gecombineerde Specialised Team van drie Nederlandse en drie Zweedse politiefunctionarissen in Noord-Kosovo vergrootte in korte tijd het vertrouwen in de lokale politie en is vervangen door permanente politieadviseurs, waaraan Nederland eveneens bijdraagt.",
    ),
    (
        "2024-03-18",
        "missions",
        "MD,UA",
        "Nieuwe bijdrage aan EUBAM Moldavië en Oekraïne",
        "Nederland neemt met één politiefunctionaris deel aan EUBAM, dat het grensbeheer tussen Moldavië en Oekraïne in lijn brengt met de EU-standaarden en zich richt op grensoverschrijdende criminaliteit, met nadruk op Transnistrië.",
    ),
    (
        "2024-04-10",
        "missions",
        "EU",
        "Prioriteiten voor EU-missies",
        "Via het Nationaal Implementatieplan voor het CSDP Compact 2023 heeft Nederland drie prioriteiten: stapsgewijs naar gendergelijkheid, een fair share aan EU-missiepersoneel en schaalbare inzet met modulaire specialised teams.",
    ),
    (
        "2024-03-28",
        "assistance",
        "BE",
        "Werkafspraak over bijstand met België",
        "De Nederlandse politie en de Federale politie van België tekenden in maart een werkafspraak met procedurele en financiële afspraken over bijstand. Nederland vroeg het afgelopen jaar meermaals waterwerpers aan België en Duitsland; de Nederlandse waterwerpers zijn buiten dienst en de nieuwe worden naar verwachting vanaf de herfst van 2024 tot begin 2025 in gebruik genomen.",
    ),
    (
        "2024-05-30",
        "assistance",
        "DE,FR",
        "Bijstand bij het EK en de Olympische Spelen",
        "Nederland verleent bijstand aan Duitsland (EK voetbal) en Frankrijk (Olympische Spelen) met verbindingsofficieren, gezamenlijke surveillance en hondengeleiders voor explosievendetectie. In 2025 verwacht Nederland de buurlanden om bijstand te vragen bij de NAVO-top.",
    ),
    (
        "2024-04-02",
        "bilateral",
        "CO",
        "Verbindingsofficier in Cartagena",
        "Onder OSLAC is recent een politieverbindingsofficier in Cartagena, Colombia geplaatst, met een focus op havens. De samenwerking leidde tot operationele successen, zoals het oprollen van een internationaal drugsnetwerk met de Colombiaanse autoriteiten.",
    ),
    (
        "2024-05-20",
        "bilateral",
        "UA",
        "Studiebezoek Oekraïense politie",
        "Een Oekraïense delegatie bezocht de Blauwe Haven Rotterdam om ervaringen te delen over de opvang van politiefunctionarissen met PTSS.",
    ),
];

async fn developments(tx: &mut Tx, actor: &Actor) -> Result<()> {
    for (date, topic, partners, title, text) in DEVELOPMENTS {
        let partners: Vec<&str> = partners.split(',').filter(|p| !p.is_empty()).collect();
        let input = json!({"date": date, "topic": topic, "partners": partners,
                           "title": title, "text": text});
        save::<Development>(tx, actor, input).await?;
    }
    Ok(())
}
