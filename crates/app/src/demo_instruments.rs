//! The demo's instruments beyond missions: liaison placements, assistance, security levels,
//! incidents and contacts, dossiers, commitments, programmes and the developments that the
//! half-year annexes of December 2021, December 2023 and June 2024 report.
//!
//! Facts come from the seed annexes; where the annexes give no date or detail (the exact day
//! of an event, the security level of areas they do not discuss, costs), the demo fills in a
//! plausible one — docs/user-guide.md says which. Every person is invented.
//!
//! Statuses are histories in valid time, dated as the annexes tell them (or, where they do
//! not, plausibly): an annex for any of the three half years reads each status as it was on
//! its reference date, and every entry of the narrative lies on or before the reference date
//! of the annex it belongs to (2 December 2021, 24 November 2023, 17 April 2024).

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
use jiff::civil::Date;
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
    agreements: &HashMap<String, String>,
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

/// A status history as JSON: (status, from) steps, oldest first.
fn steps(steps: &[(&str, &str)]) -> Value {
    Value::Array(
        steps
            .iter()
            .map(|(status, from)| json!({"status": status, "from": from}))
            .collect(),
    )
}

async fn placements(tx: &mut Tx, actor: &Actor, officer: &HashMap<&str, String>) -> Result<()> {
    // Planned from the (invented) day the post was decided, active from its start.
    let records = [
        json!({"officer_id": officer["DEMO-0201"], "kind": "liaison", "host_country": "BR",
               "city": "Brasília", "function": "Politieliaison",
               "focus": "drugshandel en ondermijnende criminaliteit (upstream disruption)",
               "start": "2021-04-01",
               "status_history": steps(&[("planned", "2021-01-15"), ("active", "2021-04-01")])}),
        json!({"officer_id": officer["DEMO-0202"], "kind": "liaison", "host_country": "AL",
               "city": "Tirana", "function": "Politieliaison",
               "focus": "georganiseerde criminaliteit en drugshandel",
               "start": "2021-06-01",
               "status_history": steps(&[("planned", "2021-03-01"), ("active", "2021-06-01")])}),
        // The management board of MAOC-N selected a Dutch director for three years; he started
        // on 1 November 2021 (annex December 2021).
        json!({"officer_id": officer["DEMO-0203"], "kind": "organisation", "host_country": "PT",
               "city": "Lissabon", "organisation": "MAOC-N", "function": "Directeur",
               "focus": "maritieme drugssmokkel",
               "start": "2021-11-01", "end": "2024-10-31",
               "status_history": steps(&[("planned", "2021-09-15"), ("active", "2021-11-01"),
                   ("ended", "2024-11-01")])}),
        json!({"officer_id": officer["DEMO-0204"], "kind": "liaison", "host_country": "CO",
               "city": "Cartagena", "function": "Politieliaison", "focus": "havens",
               "start": "2024-03-01",
               "status_history": steps(&[("planned", "2023-11-01"), ("active", "2024-03-01")])}),
    ];
    for input in records {
        save::<Placement>(tx, actor, input).await?;
    }
    Ok(())
}

fn day(date: &str, days: i64) -> String {
    date.parse::<Date>()
        .ok()
        .and_then(|d| d.checked_add(jiff::Span::new().days(days)).ok())
        .map_or_else(|| date.to_string(), |d| d.to_string())
}

/// The life of a request for water cannons on `date`, up to `status`: requested a week
/// before, decided four days before, deployed and completed on the day, reported eleven days
/// and settled five weeks after (the intervals are the demo's).
fn water_cannon_history(date: &str, status: &str) -> Value {
    let all = [
        ("requested", day(date, -8)),
        ("decided", day(date, -4)),
        ("deployed", date.to_string()),
        ("completed", date.to_string()),
        ("reported", day(date, 11)),
        ("settled", day(date, 36)),
    ];
    let upto = all.iter().position(|(s, _)| *s == status).unwrap_or(0);
    Value::Array(
        all[..=upto]
            .iter()
            .map(|(status, from)| json!({"status": status, "from": from}))
            .collect(),
    )
}

async fn assistance(
    tx: &mut Tx,
    actor: &Actor,
    agreements: &HashMap<String, String>,
) -> Result<()> {
    let arrangement = &agreements["Werkafspraak bijstand NL-BE"];
    let water_cannons = |partner: &str, event: &str, place: &str, date: &str, status: &str| {
        let mut input = json!({
            "direction": "requested", "partner": partner, "event": event, "place": place,
            "start": date, "end": date,
            "status_history": water_cannon_history(date, status),
            "capabilities": [{"capability": "water_cannon", "quantity": 2, "personnel": 8}],
            "nature": "Inzet van waterwerpers met bemanning",
            "objective": "Handhaving van de openbare orde; de Nederlandse waterwerpers zijn buiten dienst",
            "inventory": "2 waterwerpers met uitrusting en verbindingsmiddelen",
            "decision_date": day(date, -4),
            "decision": "Schriftelijk besluit: onvoldoende eigen middelen door buitendienststelling van de Nederlandse waterwerpers",
            "report_date": day(date, 11), "report_reference": "Evaluatieverslag inzet",
            "costs_eur": 0
        });
        if partner == "BE" && date >= "2024-03-01" {
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
        // Every year other countries ask for Dutch assistance at events with many Dutch
        // visitors, such as the Gentse Feesten and the Tour de France (annex June 2024).
        json!({
            "direction": "provided", "partner": "BE", "event": "Gentse Feesten 2023",
            "place": "Gent", "start": "2023-07-14", "end": "2023-07-23",
            "status_history": steps(&[("requested", "2023-05-15"), ("decided", "2023-06-12"),
                ("deployed", "2023-07-14"), ("completed", "2023-07-23"),
                ("reported", "2023-08-14"), ("settled", "2023-09-01")]),
            "capabilities": [{"capability": "joint_patrols", "quantity": 2, "personnel": 6}],
            "nature": "Meesurveilleren met de lokale politie",
            "objective": "Aanspreekpunt voor de vele Nederlandse bezoekers",
            "decision_date": "2023-06-12", "decision": "Schriftelijk besluit op verzoek van de Federale politie",
            "report_date": "2023-08-14", "report_reference": "Verslag na de inzet",
            "costs_eur": 0
        }),
        json!({
            "direction": "provided", "partner": "FR", "event": "Tour de France 2023",
            "place": "Frankrijk", "start": "2023-07-01", "end": "2023-07-23",
            "status_history": steps(&[("requested", "2023-05-02"), ("decided", "2023-05-30"),
                ("deployed", "2023-07-01"), ("completed", "2023-07-23")]),
            "capabilities": [{"capability": "liaison_officers", "quantity": 2}],
            "nature": "Verbindingsofficieren bij de politie ter plaatse",
            "objective": "Aanspreekpunt voor Nederlandse toeschouwers",
            "decision_date": "2023-05-30"
        }),
        json!({
            "direction": "provided", "partner": "DE", "event": "UEFA EURO 2024",
            "place": "Duitsland (speelsteden)", "start": "2024-06-14", "end": "2024-07-14",
            "status_history": steps(&[("requested", "2024-02-15"), ("decided", "2024-04-15"),
                ("deployed", "2024-06-14"), ("completed", "2024-07-14"),
                ("reported", "2024-09-30")]),
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
            "status_history": steps(&[("requested", "2024-03-01"), ("decided", "2024-05-20"),
                ("deployed", "2024-07-26"), ("completed", "2024-08-11"),
                ("reported", "2024-10-15")]),
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
            "place": "Gent", "start": "2024-07-19", "end": "2024-07-28",
            "status_history": steps(&[("requested", "2024-04-12"), ("decided", "2024-06-10"),
                ("deployed", "2024-07-19"), ("completed", "2024-07-28"),
                ("reported", "2024-08-15"), ("settled", "2024-09-02")]),
            "capabilities": [{"capability": "joint_patrols", "quantity": 2, "personnel": 6}],
            "nature": "Meesurveilleren met de lokale politie",
            "objective": "Aanspreekpunt voor de vele Nederlandse bezoekers",
            "decision_date": "2024-06-10", "decision": "Schriftelijk besluit op verzoek van de Federale politie",
            "report_date": "2024-08-15", "report_reference": "Verslag art. 46",
            "costs_eur": 0
        }),
        json!({
            "direction": "provided", "partner": "FR", "event": "Tour de France 2024",
            "place": "Frankrijk", "start": "2024-06-29", "end": "2024-07-21",
            "status_history": steps(&[("requested", "2024-03-15"), ("decided", "2024-05-27"),
                ("deployed", "2024-06-29"), ("completed", "2024-07-21")]),
            "capabilities": [{"capability": "liaison_officers", "quantity": 2}],
            "nature": "Verbindingsofficieren bij de politie ter plaatse",
            "objective": "Aanspreekpunt voor Nederlandse toeschouwers",
            "decision_date": "2024-05-27"
        }),
        // In 2025 the Netherlands expects to ask its neighbours for assistance at the NATO
        // summit (annex June 2024): requests in preparation.
        json!({
            "direction": "requested", "partner": "BE", "event": "NAVO-top 2025",
            "place": "Den Haag", "start": "2025-06-24", "end": "2025-06-25",
            "status": "draft", "status_from": "2024-04-10",
            "capabilities": [{"capability": "riot_police", "quantity": 2, "personnel": 60}],
            "nature": "Politiële bijstand bij de NAVO-top"
        }),
        json!({
            "direction": "requested", "partner": "DE", "event": "NAVO-top 2025",
            "place": "Den Haag", "start": "2025-06-24", "end": "2025-06-25",
            "status": "draft", "status_from": "2024-04-10",
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

async fn amendments(
    tx: &mut Tx,
    actor: &Actor,
    agreements: &HashMap<String, String>,
) -> Result<()> {
    let input = json!({"agreement_id": agreements["Prüm-besluit 2008/615/JBZ"], "kind": "annex",
        "title": "Uitvoeringsbesluit 2008/616/JBZ met technische bijlage (DNA, dactyloscopie, kentekens)",
        "signed": "2008-06-23", "in_force": "2008-08-26",
        "summary": "Regels voor de geautomatiseerde bevraging: DNA-matchregels, dactyloscopische kwaliteit, kentekengegevens."});
    save::<Amendment>(tx, actor, input).await?;
    Ok(())
}

/// A status history with notes as JSON: (status, from, note) steps, oldest first. A note is
/// the state of play the annex of a half year prints while that status holds.
fn noted(steps: &[(&str, &str, &str)]) -> Value {
    Value::Array(
        steps
            .iter()
            .map(|(status, from, note)| {
                if note.is_empty() {
                    json!({"status": status, "from": from})
                } else {
                    json!({"status": status, "from": from, "note": note})
                }
            })
            .collect(),
    )
}

async fn dossiers(tx: &mut Tx, actor: &Actor) -> Result<()> {
    // References are the dossier's standing ones; an act adopted later (a regulation's number)
    // is named in the dated milestone that records it, so no annex names it before its time.
    // The Commission announced the Schengen package in its work programme for 2022 (19 October
    // 2021) and presented it on 8 December 2021, after the annex of 2 December 2021.
    let records = [
        json!({"title": "EU-politiesamenwerkingscode: richtlijn informatie-uitwisseling (herziening Zweeds Kaderbesluit)",
            "topic": "eu", "partners": ["EU"],
            "summary": "Modernisering van de informatie-uitwisseling en communicatie tussen de rechtshandhavingsinstanties van de lidstaten, ter vervanging van het Zweeds Kaderbesluit; elke lidstaat richt een 24/7 SPOC in.",
            "references": [],
            "status_history": noted(&[
                ("announced", "2021-10-19", "De Commissie presenteert op 8 december een Schengenpakket met de EU-politiesamenwerkingscode, naar verwachting met een richtlijn die de informatie-uitwisseling en het Zweeds Kaderbesluit moderniseert. De Kamer wordt met BNC-fiches geïnformeerd."),
                ("proposal", "2021-12-08", "Voorstel van de Commissie als deel van het Schengenpakket."),
                ("negotiating", "2022-06-10", "Algemene oriëntatie van de Raad; onderhandelingen met het Europees Parlement."),
                ("adopted", "2023-05-10", ""),
                ("implementing", "2023-06-11", "De richtlijn is in werking; omzetting in nationaal recht en inrichting van het 24/7 SPOC.")]),
            "milestones": [
                {"date": "2021-12-08", "text": "Commissie presenteert het Schengenpakket met de EU-politiesamenwerkingscode"},
                {"date": "2022-01-28", "text": "BNC-fiche EU-politiesamenwerkingscode naar de Kamer"},
                {"date": "2023-05-10", "text": "Richtlijn (EU) 2023/977 vastgesteld"},
                {"date": "2023-06-11", "text": "Richtlijn in werking getreden"},
                {"date": "2024-12-12", "text": "Uiterste datum omzetting; Kaderbesluit 2006/960/JBZ vervalt"}]}),
        json!({"title": "Modernisering van de Prüm-besluiten (Prüm II)", "topic": "eu",
            "partners": ["EU"],
            "summary": "Geautomatiseerde uitwisseling van DNA-profielen, vingerafdrukken en voertuiggegevens via een centrale router; gezichtsopnamen en politieregisters worden toegevoegd.",
            "references": [],
            "status_history": noted(&[
                ("announced", "2021-10-19", "Bij het Schengenpakket wordt een voorstel verwacht voor de modernisering van de Prüm-besluiten over de uitwisseling van DNA-profielen, vingerafdrukken en voertuiggegevens."),
                ("proposal", "2021-12-08", "Voorstel van de Commissie als deel van het Schengenpakket."),
                ("negotiating", "2022-06-10", "Algemene oriëntatie van de Raad; onderhandelingen met het Europees Parlement."),
                ("adopted", "2024-03-13", ""),
                ("implementing", "2024-04-25", "Verordening in werking; de router wordt gebouwd.")]),
            "milestones": [
                {"date": "2021-12-08", "text": "Voorstel als deel van het Schengenpakket"},
                {"date": "2024-03-13", "text": "Verordening (EU) 2024/982 vastgesteld"},
                {"date": "2024-04-25", "text": "Verordening in werking getreden"}]}),
        json!({"title": "Aanbeveling grensoverschrijdende operationele samenwerking", "topic": "eu",
            "partners": ["EU"],
            "summary": "Aanbeveling van de Raad over grensoverschrijdende achtervolging, observatie, gezamenlijke patrouilles en onderzoeksinstrumenten.",
            "references": [],
            "status_history": noted(&[
                ("announced", "2021-10-19", "De Commissie stelt mogelijk een Aanbeveling van de Raad voor, die naast grensoverschrijdende achtervolgingen, observaties en patrouilles ook onderzoeksinstrumenten beslaat."),
                ("proposal", "2021-12-08", "Voorstel van de Commissie."),
                ("adopted", "2022-06-09", "")]),
            "milestones": [
                {"date": "2021-12-08", "text": "Voorstel van de Commissie"},
                {"date": "2022-06-09", "text": "Aanbeveling (EU) 2022/915 van de Raad aangenomen"}]}),
        json!({"title": "Herziening Schengengrenscode", "topic": "eu", "partners": ["EU"],
            "summary": "Herziene Schengengrenscode als deel van het Schengenpakket.",
            "references": [],
            "status_history": noted(&[
                ("announced", "2021-10-19", "Onderdeel van het aangekondigde Schengenpakket."),
                ("proposal", "2021-12-14", "Voorstel van de Commissie."),
                ("negotiating", "2022-06-10", "Algemene oriëntatie van de Raad; onderhandelingen met het Europees Parlement."),
                ("adopted", "2024-06-13", "")]),
            "milestones": [
                {"date": "2021-12-14", "text": "Voorstel van de Commissie"},
                {"date": "2024-06-13", "text": "Verordening (EU) 2024/1717 vastgesteld"}]}),
        json!({"title": "Samenwerkingsovereenkomst EU–Interpol", "topic": "interpol",
            "partners": ["EU", "INTERPOL"],
            "summary": "Brede samenwerkingsovereenkomst waarmee de informatie en mogelijkheden van Interpol beter betrokken worden bij de EU-aanpak van georganiseerde criminaliteit en terrorisme, met behoud van de noodzakelijke waarborgen.",
            "references": ["BNC-fiche aanbeveling mandaat onderhandelingen samenwerkingsovereenkomst EU-Interpol (Kamerstuk 22 112, nr. 3115)", "Besluit (EU) 2021/1312 van de Raad"],
            "status_history": noted(&[
                ("proposal", "2020-12-09", "Aanbeveling van de Commissie voor een mandaat om te onderhandelen over een samenwerkingsovereenkomst tussen de EU en Interpol."),
                ("negotiating", "2022-10-01", "De onderhandelingen tussen de Commissie en Interpol lopen; Nederland steunt een brede samenwerkingsovereenkomst.")]),
            "milestones": [
                {"date": "2020-12-09", "text": "Aanbeveling van de Commissie voor een onderhandelingsmandaat"},
                {"date": "2021-07-19", "text": "Raad machtigt de Commissie tot onderhandelingen"},
                {"date": "2023-06-01", "text": "De Commissie verwacht dat de onderhandelingen medio 2024 tot resultaat kunnen komen"}]}),
        json!({"title": "Europol: verwerking van grote datasets", "topic": "eu",
            "partners": ["EU", "EUROPOL"],
            "summary": "Gesprek tussen Europol en de Europese Toezichthouder voor gegevensbescherming (EDPS) over geautomatiseerde analyse, dataretentie en de verwerking van grote datasets, en de herziening van de Europol-verordening.",
            "references": [],
            "status_history": noted(&[
                ("proposal", "2020-12-09", "Voorstel van de Commissie tot herziening van de Europol-verordening."),
                ("negotiating", "2021-06-08", "Europol en de EDPS bespreken het aanvangen van geautomatiseerde analyse, dataretentie en of de huidige verordening voldoende rechtsbasis biedt om grote datasets te verwerken; een werkbaar proces laat zich niet gemakkelijk vinden."),
                ("adopted", "2022-06-08", "")]),
            "milestones": [
                {"date": "2020-12-09", "text": "Voorstel van de Commissie"},
                {"date": "2021-12-02", "text": "Kamer geïnformeerd over het gesprek Europol–EDPS"},
                {"date": "2022-06-08", "text": "Herziene Europol-verordening (EU) 2022/991 vastgesteld"}]}),
        json!({"title": "Herzien Benelux-politieverdrag: goedkeuring en inwerkingtreding", "topic": "neighbours",
            "partners": ["BE", "LU"],
            "summary": "Ruimere grensoverschrijdende achtervolging, rechtstreekse toegang tot elkaars databanken bij gezamenlijke acties en in gemeenschappelijke posten, uitwisseling van ANPR-gegevens, grensoverschrijdende opsporingshandelingen, inzet van speciale eenheden bij crises.",
            "references": ["Kamerstuk 35 692, nr. 6", "Kamerstuk 35 692, nr. 7", "Kamerstukken II, 2019-2020, 29 628, nr. 895"],
            "status_history": noted(&[
                ("proposal", "2021-01-15", "De goedkeurings- en uitvoeringswet ligt bij de Kamer; het verdrag moet nog in werking treden."),
                ("implementing", "2023-10-01", "Het verdrag is op 1 oktober 2023 in werking getreden.")]),
            "milestones": [
                {"date": "2018-07-23", "text": "Verdrag ondertekend"},
                {"date": "2021-11-23", "text": "Nota naar aanleiding van het verslag en nota van wijziging naar de Kamer"},
                {"date": "2023-10-01", "text": "Verdrag in werking getreden"},
                {"date": "2023-10-20", "text": "Kamer per brief geïnformeerd"}]}),
        json!({"title": "Doorontwikkeling uitzending politiepersoneel naar missies", "topic": "missions",
            "partners": ["EU"],
            "summary": "Beleidsmatige doorontwikkeling van de uitzending van politiepersoneel: beleidsprioriteiten, meer gelijktijdig uitgezonden politiefunctionarissen, sterkere samenhang met de bestrijding van grensoverschrijdende criminaliteit, in samenhang met Buitenlandse Zaken en Defensie.",
            "references": ["EU Civilian CSDP Compact 2023"],
            "status_history": noted(&[
                ("announced", "2023-07-01", "Het ministerie zet de komende jaren met de politie in op de beleidsmatige doorontwikkeling van de uitzending van politiepersoneel."),
                ("implementing", "2023-11-15", "Eerste stap gezet: de verantwoordelijkheidsverdeling tussen de minister van Justitie en Veiligheid (eigenaar, opdrachtgever) en de korpschef (opdrachtnemer) is nader geduid.")]),
            "milestones": [
                {"date": "2023-11-15", "text": "Verantwoordelijkheidsverdeling minister en korpschef nader geduid"},
                {"date": "2024-04-01", "text": "Doorontwikkeling in de implementatiefase"}]}),
    ];
    for input in records {
        save::<Dossier>(tx, actor, input).await?;
    }
    Ok(())
}

async fn commitments(tx: &mut Tx, actor: &Actor) -> Result<()> {
    let records = [
        json!({"title": "De Kamer met BNC-fiches informeren over de voorstellen van het Schengenpakket",
            "made_on": "2021-12-02", "made_in": "Tweede halfjaarbericht politie 2021",
            "partners": ["EU"],
            "status_history": noted(&[
                ("open", "2021-12-02", "Zodra de voorstellen van het Schengenpakket bekend zijn, wordt de Kamer met BNC-fiches geïnformeerd."),
                ("fulfilled", "2022-01-28", "BNC-fiches over de EU-politiesamenwerkingscode en de modernisering van Prüm zijn aan de Kamer gezonden.")]),
            "progress": "BNC-fiches over de EU-politiesamenwerkingscode en de modernisering van Prüm zijn aan de Kamer gezonden.",
            "answered_in": "BNC-fiches Schengenpakket", "answered_on": "2022-01-28"}),
        json!({"title": "Verkennen van grensoverschrijdende politieteams met België",
            "made_on": "2023-06-30", "made_in": "Eerste halfjaarbericht politie 2023",
            "partners": ["BE"],
            "status_history": noted(&[
                ("open", "2023-06-30", "Aangekondigd is de mogelijkheden voor grensoverschrijdende politieteams met België te verkennen."),
                ("in_progress", "2023-10-25", "In samenspraak met de politie zijn de eerste stappen in de verkenning gezet. Het op 1 oktober 2023 in werking getreden Benelux-politieverdrag biedt mogelijkheden; de Kamer is daarover per brief geïnformeerd op 20 oktober 2023.")]),
            "progress": "In samenspraak met de politie zijn de eerste stappen in de verkenning gezet. Het op 1 oktober 2023 in werking getreden Benelux-politieverdrag biedt mogelijkheden; de Kamer is daarover per brief geïnformeerd op 20 oktober 2023."}),
        json!({"title": "Versterken van de samenwerking tussen KPCN en de Nederlandse politie; in 2024 starten met de realisatie",
            "made_on": "2023-12-07", "made_in": "Tweede halfjaarbericht politie 2023",
            "partners": ["BQ"],
            "status_history": noted(&[
                ("open", "2023-12-07", "Verkenning tussen KPCN, de Nederlandse politie en het ministerie naar versterking van de beheersmatige en bedrijfsmatige samenwerking; in 2024 start de realisatie.")]),
            "progress": "Verkenning tussen KPCN, de Nederlandse politie en het ministerie naar versterking van de beheersmatige en bedrijfsmatige samenwerking; in 2024 start de realisatie."}),
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
            "description": "Opleidingstraject in het kader van een EU-traject; de subsidieaanvraag was in december 2021 in behandeling."}),
        json!({"title": "Studiebezoek Oekraïense delegatie aan de Blauwe Haven Rotterdam", "kind": "study_visit",
            "partners": ["UA"], "topic": "opvang van politiefunctionarissen met PTSS",
            "start": "2024-04-08", "end": "2024-04-09",
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

/// Dated entries per topic: the narrative of the three annexes, each dated on or before the
/// reference date of its annex (the exact days are the demo's where the annexes give none).
const DEVELOPMENTS: &[(&str, &str, &str, &str, &str)] = &[
    // date, topic, partners, title, text
    // -- the annex of 2 December 2021 (second half of 2021)
    (
        "2021-07-19",
        "interpol",
        "EU,INTERPOL",
        "Mandaat voor een samenwerkingsovereenkomst EU–Interpol",
        "Met het mandaat voor onderhandelingen over een samenwerkingsovereenkomst tussen de EU en Interpol beoogt de Commissie een versterkte samenwerking en informatie-uitwisseling tussen de EU als geheel en Interpol. Het mandaat is aangenomen; de bevoegdheden waarover het kabinet vragen had gesteld (toegang van beveiligingsdiensten van EU-organen tot Interpoldatabanken en het notificeren van EU-laissez-passers) zijn verwijderd. De onderhandelingen zijn nog niet gestart.",
    ),
    (
        "2021-08-31",
        "bilateral",
        "AE,CO,BR",
        "MoU met Dubai Police en Letter of Intent met Colombia",
        "In augustus sloot de politie een MoU met de politie van Dubai over samenwerking en uitwisseling van kennis en expertise bij de bestrijding van financieel-economische criminaliteit, terrorisme en ondermijnende criminaliteit. Met de Colombiaanse autoriteiten is een Letter of Intent afgesloten. MoU's bieden geen rechtsbasis voor informatie-uitwisseling. In de komende periode wordt gewerkt aan MoU's met Brazilië en de Verenigde Arabische Emiraten.",
    ),
    (
        "2021-09-30",
        "kingdom",
        "AW,CW,SX,BQ",
        "Informatieknooppunten in het Caribisch deel van het Koninkrijk",
        "De politiekorpsen binnen het Koninkrijk verankeren hun samenwerking sinds de gezamenlijke verklaring van 2016. De informatiecoördinatie in het Caribisch deel is doorontwikkeld: de lokale informatieknooppunten en het interinsulaire informatieknooppunt, gefaciliteerd door het Recherchesamenwerkingsteam. Het plan daarvoor wordt de komende periode geïmplementeerd.",
    ),
    (
        "2021-10-05",
        "kingdom",
        "AW,CW,SX,BQ",
        "Regionale politiesamenwerking en de aanpak van ondermijning",
        "Sinds 2020 is er een portefeuillehouder regionale politiesamenwerking, gekoppeld aan het College van Korpschefs. Van 2022 tot 2025 komen structureel extra middelen vrij voor onder meer het Recherchesamenwerkingsteam, om de aanpak van ondermijning op Curaçao te intensiveren en uit te breiden naar Aruba.",
    ),
    (
        "2021-10-12",
        "kingdom",
        "BQ",
        "KPCN: inrichtingsplan en nieuwe meldkamer",
        "De gemandateerd korpsbeheerder keurde in januari het nieuwe inrichtingsplan van het Korps Politie Caribisch Nederland goed en de financiering is gerealiseerd. Voor de hulpdiensten en de crisisstructuur in Caribisch Nederland is een nieuwe meldkamer cruciaal; de bouw en de aanbesteding van de netwerkcommunicatie starten op korte termijn.",
    ),
    (
        "2021-10-15",
        "placements",
        "BR,AL",
        "Liaisons in Brazilië en Albanië",
        "In lijn met upstream disruption zijn het afgelopen jaar liaisons geplaatst in Brazilië en Albanië.",
    ),
    (
        "2021-11-01",
        "placements",
        "MAOC-N",
        "Nederlandse directeur MAOC-N",
        "De managementboard van MAOC-N, waar Nederland met zes andere landen deel van uitmaakt, selecteerde een Nederlandse kandidaat als directeur voor drie jaar. Hij is per 1 november 2021 gestart. In de periode 2019-2021 leidde MAOC-N tot honderden tonnen inbeslaggenomen verdovende middelen en bijna 350 arrestaties.",
    ),
    (
        "2021-11-10",
        "eu",
        "EU,EUROPOL",
        "EMPACT: een nieuwe cyclus van vier jaar",
        "De Nederlandse politie, andere opsporings- en handhavingsorganisaties en het Openbaar Ministerie droegen bij aan de Europese operationele aanpak van door de EU geprioriteerde criminele fenomenen in EMPACT-verband, met opsporingsonderzoeken, aanhoudingen en inbeslagnames. In 2021 stemden de ministers van Justitie en Binnenlandse Zaken in met een nieuwe cyclus van vier jaar, op basis van prioriteiten die mede zijn bepaald aan de hand van de SOCTA van Europol.",
    ),
    (
        "2021-11-15",
        "neighbours",
        "BE,DE",
        "Gemeenschappelijke politiebureaus en grenzeloze samenwerking",
        "Er wordt gewerkt aan het verdiepen van de grensoverschrijdende politiesamenwerking met de buurlanden: structurele samenwerking op de grote thema's en de commune delicten in de grensstreek, als ware er geen grenzen. Voorbeelden zijn de gemeenschappelijke bureaus Dinxperlo-Süderwick en Baarle-Hertog-Baarle-Nassau.",
    ),
    (
        "2021-11-18",
        "bilateral",
        "SR",
        "Samenwerking met Suriname",
        "De Nederlandse politie zal de komende jaren trainingen verzorgen voor het Korps Politie Suriname, onder meer in leiderschapsontwikkeling van het middenkader, buurtmanagement, recherchevaardigheden en financieel rechercheren, en de samenwerking tussen KPS, de Nederlandse politie en de Caribische korpsen verkennen. Voor een opleidingstraject voor de leiding van KPS in een EU-traject is de subsidieaanvraag nog in behandeling.",
    ),
    (
        "2021-11-23",
        "neighbours",
        "BE,LU",
        "Benelux-politieverdrag naar de Kamer",
        "De Kamer ontving de nota naar aanleiding van het verslag en de nota van wijziging bij de goedkeurings- en uitvoeringswet van het herziene Benelux-politieverdrag, dat nog in werking moet treden. Het verdrag verruimt de grensoverschrijdende achtervolging, de informatie-uitwisseling en de opsporingsbevoegdheden.",
    ),
    (
        "2021-11-25",
        "interpol",
        "INTERPOL",
        "Algemene Vergadering van INTERPOL in Istanbul",
        "Van 23 tot 25 november vond voor het eerst sinds 2019 een Algemene Vergadering van INTERPOL plaats, in Istanbul, met onder meer het Strategisch Kader 2022-2025. De Nederlandse politie draagt bij aan het versterken van het juridisch raamwerk en het nalevingsmechanisme van INTERPOL, dat inmiddels 194 lidstaten telt.",
    ),
    (
        "2021-11-29",
        "eu",
        "EU,EUROPOL",
        "Europol en de Europese Toezichthouder voor gegevensbescherming",
        "Europol en de EDPS spreken over het aanvangen van geautomatiseerde gegevensanalyse, dataretentie en de vraag of de Europolverordening voldoende rechtsbasis biedt om grote datasets te verwerken, zoals in onderzoeken naar versleutelde communicatie (EncroChat, ANOM). Europol kan zulke onderzoeken ondersteunen met een instrumentarium onder strikte controle van toezichthouders.",
    ),
    (
        "2021-12-01",
        "eu",
        "EU",
        "Schengenpakket aangekondigd",
        "De Europese Commissie kondigde aan op 8 december een Schengenpakket te presenteren met een herziene Schengengrenscode en een EU-politiesamenwerkingscode, waaronder een richtlijn die het Zweeds Kaderbesluit moderniseert, mogelijk een Aanbeveling over grensoverschrijdende operationele samenwerking en een voorstel tot modernisering van de Prüm-besluiten.",
    ),
    // -- the annex of 7 December 2023, reference date 24 November 2023
    (
        "2023-09-07",
        "interpol",
        "INTERPOL,EU",
        "Interpol 100 jaar",
        "Interpol viert haar 100-jarig bestaan. Het kabinet wil dat Interpol een apolitieke, technocratische samenwerkingsorganisatie blijft en steunt de lopende onderhandelingen over een brede samenwerkingsovereenkomst tussen de EU en Interpol.",
    ),
    (
        "2023-10-20",
        "neighbours",
        "BE,LU",
        "Benelux-politieverdrag in werking",
        "Het Benelux-politieverdrag is op 1 oktober 2023 in werking getreden; de Kamer is op 20 oktober 2023 per brief geïnformeerd. Het verdrag biedt ook mogelijkheden voor grensoverschrijdende politieteams met België.",
    ),
    (
        "2023-11-01",
        "kingdom",
        "BQ",
        "Verkenning samenwerking KPCN",
        "Er loopt een verkenning tussen KPCN, de Nederlandse politie en het ministerie over de versterking van de beheersmatige en bedrijfsmatige samenwerking; de Raad voor de Rechtshandhaving wees er eerder op. In 2024 moet de realisatie beginnen.",
    ),
    (
        "2023-11-15",
        "missions",
        "",
        "Risico's in missiegebieden",
        "Uitgezonden worden is niet zonder risico's: in Oekraïne werken politiefunctionarissen in oorlogsgebied, in Mali verslechterde de veiligheidssituatie na de terugtrekking van MINUSMA, en in de Palestijnse gebieden ondervonden vier Nederlandse politiefunctionarissen hoe dichtbij een conflict kan komen.",
    ),
    (
        "2023-11-20",
        "missions",
        "SE,XK",
        "Specialised team met Zweden in Noord-Kosovo",
        "Nederlandse politiefunctionarissen nemen deel aan een samengesteld team met Zweden om de politie in Noord-Kosovo te ondersteunen: zij vergroten het vertrouwen van de bevolking in de lokale politie en verzorgen trainingen in het gebruik van politiebevoegdheden.",
    ),
    // -- the annex of 19 June 2024, reference date 17 April 2024
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
        "2024-03-28",
        "assistance",
        "BE",
        "Werkafspraak over bijstand met België",
        "De Nederlandse politie en de Federale politie van België tekenden in maart een werkafspraak met procedurele en financiële afspraken over bijstand. Nederland vroeg het afgelopen jaar meermaals waterwerpers aan België en Duitsland; de Nederlandse waterwerpers zijn buiten dienst en de nieuwe worden naar verwachting vanaf de herfst van 2024 tot begin 2025 in gebruik genomen.",
    ),
    (
        "2024-04-02",
        "bilateral",
        "CO",
        "Verbindingsofficier in Cartagena",
        "Onder OSLAC is recent een politieverbindingsofficier in Cartagena, Colombia geplaatst, met een focus op havens. De samenwerking leidde tot operationele successen, zoals het oprollen van een internationaal drugsnetwerk met de Colombiaanse autoriteiten.",
    ),
    (
        "2024-04-09",
        "bilateral",
        "UA",
        "Studiebezoek Oekraïense politie",
        "Een Oekraïense delegatie van de Nationale politie, het ministerie van Binnenlandse Zaken en EUAM Ukraine bezocht de Blauwe Haven Rotterdam om ervaringen te delen over de opvang van politiefunctionarissen met PTSS.",
    ),
    (
        "2024-04-10",
        "missions",
        "EU",
        "Prioriteiten voor EU-missies",
        "Via het Nationaal Implementatieplan voor het CSDP Compact 2023 heeft Nederland drie prioriteiten: stapsgewijs naar gendergelijkheid, een fair share aan EU-missiepersoneel en schaalbare inzet met modulaire specialised teams.",
    ),
    (
        "2024-04-15",
        "assistance",
        "DE,FR",
        "Bijstand bij het EK en de Olympische Spelen",
        "Duitsland en Frankrijk vroegen hun buitenlandse partners om hulp bij het EK voetbal en de Olympische Spelen. Nederland zal bijstand verlenen met verbindingsofficieren, gezamenlijke surveillance en hondengeleiders voor explosievendetectie. In 2025 verwacht Nederland de buurlanden om bijstand te vragen bij de NAVO-top.",
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
