//! The demo data: the registry as the seed annexes describe it (missions, deployed officers on
//! 24 November 2023 and 17 April 2024, the NL + SE specialised team in North Kosovo) and one
//! account per role. Every officer is an invented person; personnel numbers start with DEMO-.
//!
//! The data go in through the same use cases as real data, so they obey the same rules, in one
//! transaction; loading twice changes nothing.

use crate::accounts::{NewUser, create_user_in};
use crate::agreements::save_agreement_in;
use crate::registry::{
    create_mission_in, create_officer_in, create_partner_in, save_deployment_in, save_team_in,
};
use crate::{Actor, App, Result};
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::agreements::AgreementInput;
use grenzeloos_domain::registry::{
    Contribution, DeploymentInput, LocationInput, MissionInput, OfficerInput, PartnerInput,
    TeamInput,
};
use grenzeloos_store::accounts::{meta, set_meta};
use grenzeloos_store::registry as repo;
use std::collections::HashMap;

/// The password of every demo account (printed by `grenzeloos demo`; demo use only).
pub const DEMO_PASSWORD: &str = "grenzeloos-demo";

/// Demo accounts: username, display name, role.
pub const DEMO_ACCOUNTS: &[(&str, &str, &str)] = &[
    ("admin", "Beheerder (demo)", "admin"),
    ("beleid", "Beleidsmedewerker JenV (demo)", "policy"),
    ("staf", "Staffing desk uitzendingen (demo)", "deployment"),
    ("spoc", "SPOC-medewerker (demo)", "spoc"),
    ("forensisch", "DNA-deskundige (demo)", "forensic"),
    ("liaison", "Liaison officer (demo)", "liaison"),
    (
        "toezicht",
        "Functionaris gegevensbescherming (demo)",
        "supervisor",
    ),
];

const PARTNERS: &[(&str, &str, &str, &str)] = &[
    // code, kind, Dutch name, English name (empty: the ISO names)
    ("EU", "organisation", "Europese Unie", "European Union"),
    ("UN", "organisation", "Verenigde Naties", "United Nations"),
    (
        "OSCE",
        "organisation",
        "Organisatie voor Veiligheid en Samenwerking in Europa (OVSE)",
        "Organization for Security and Co-operation in Europe",
    ),
    ("INTERPOL", "organisation", "Interpol", "INTERPOL"),
    ("EUROPOL", "organisation", "Europol", "Europol"),
    (
        "MAOC-N",
        "organisation",
        "Maritime Analysis and Operations Centre – Narcotics",
        "Maritime Analysis and Operations Centre – Narcotics",
    ),
    ("US", "state", "", ""),
    ("NL", "state", "", ""),
    ("SE", "state", "", ""),
    ("BE", "state", "", ""),
    ("DE", "state", "", ""),
    ("LU", "state", "", ""),
    ("FR", "state", "", ""),
    ("PT", "state", "", ""),
    ("BR", "state", "", ""),
    ("CO", "state", "", ""),
    ("AL", "state", "", ""),
    ("AE", "state", "", ""),
    ("SR", "state", "", ""),
    ("UA", "state", "", ""),
    ("AW", "kingdom_partner", "", ""),
    ("CW", "kingdom_partner", "", ""),
    ("SX", "kingdom_partner", "", ""),
    (
        "BQ",
        "kingdom_partner",
        "Caribisch Nederland",
        "Caribbean Netherlands",
    ),
];

/// name, acronym, mandated by, start, countries, station
const MISSIONS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "OVSE West-Balkan",
        "OSCE",
        "OSCE",
        "2016-01-01",
        "MK",
        "Noord-Macedonië",
    ),
    ("EULEX Kosovo", "EULEX", "EU", "2008-02-16", "XK", "Kosovo"),
    ("EUMM Georgië", "EUMM", "EU", "2008-10-01", "GE", "Georgië"),
    ("EUMA Armenië", "EUMA", "EU", "2023-02-20", "AM", "Armenië"),
    (
        "EUCAP Somalië",
        "EUCAP Somalia",
        "EU",
        "2012-07-16",
        "SO",
        "Somalië",
    ),
    (
        "EUBAM Moldavië-Oekraïne",
        "EUBAM",
        "EU",
        "2005-11-30",
        "MD,UA",
        "Moldavië en Oekraïne",
    ),
    (
        "EUCAP SAHEL Mali",
        "EUCAP Sahel",
        "EU",
        "2015-01-15",
        "ML",
        "Mali",
    ),
    (
        "EUAM Oekraïne",
        "EUAM Ukraine",
        "EU",
        "2014-12-01",
        "UA",
        "Oekraïne",
    ),
    (
        "EUBAM Libië",
        "EUBAM Libya",
        "EU",
        "2013-05-22",
        "LY",
        "Libië (Tripoli)",
    ),
    (
        "EUPOL COPPS",
        "EUPOL COPPS",
        "EU",
        "2006-01-01",
        "PS",
        "Palestijnse gebieden, Westelijke Jordaanoever",
    ),
    ("EUAM Irak", "EUAM Iraq", "EU", "2017-10-16", "IQ", "Irak"),
    (
        "USSC",
        "USSC",
        "US",
        "2005-03-01",
        "PS",
        "Palestijnse gebieden, Westelijke Jordaanoever",
    ),
];

/// Station changes: mission, from, countries, station. EUBAM Libya moved to Tunis in 2014.
const MOVES: &[(&str, &str, &str, &str)] = &[("EUBAM Libië", "2014-08-01", "LY", "Tunesië")];

/// personnel number, given name, family name, gender, rank
const OFFICERS: &[(&str, &str, &str, &str, &str)] = &[
    ("DEMO-0101", "Anouk", "Verhoeven", "female", "inspecteur"),
    ("DEMO-0102", "Bram", "Kuijpers", "male", "hoofdinspecteur"),
    ("DEMO-0103", "Fatima", "El Amrani", "female", "inspecteur"),
    ("DEMO-0104", "Joris", "van Leeuwen", "male", "brigadier"),
    ("DEMO-0105", "Sanne", "Bosman", "female", "inspecteur"),
    ("DEMO-0106", "Ruben", "Dijkstra", "male", "hoofdinspecteur"),
    ("DEMO-0107", "Maarten", "Hoekstra", "male", "inspecteur"),
    ("DEMO-0108", "Lotte", "Meijer", "female", "brigadier"),
    ("DEMO-0109", "Daan", "Willems", "male", "inspecteur"),
    ("DEMO-0110", "Priya", "Ramdin", "female", "hoofdinspecteur"),
    ("DEMO-0111", "Thijs", "van der Berg", "male", "inspecteur"),
    ("DEMO-0112", "Ingrid", "Postma", "female", "commissaris"),
    ("DEMO-0113", "Koen", "Smits", "male", "brigadier"),
    ("DEMO-0114", "Merel", "de Groot", "female", "inspecteur"),
    ("DEMO-0115", "Yusuf", "Aydın", "male", "inspecteur"),
    (
        "DEMO-0116",
        "Esther",
        "Wouters",
        "female",
        "hoofdinspecteur",
    ),
    ("DEMO-0117", "Niels", "Brouwer", "male", "inspecteur"),
    ("DEMO-0118", "Hanneke", "Visser", "female", "brigadier"),
    ("DEMO-0119", "Stefan", "Mulder", "male", "hoofdinspecteur"),
    ("DEMO-0120", "Sophie", "Jansen", "female", "inspecteur"),
    ("DEMO-0121", "Wouter", "de Haan", "male", "inspecteur"),
    (
        "DEMO-0122",
        "Marloes",
        "Bakker",
        "female",
        "hoofdinspecteur",
    ),
    ("DEMO-0123", "Jeroen", "Koster", "male", "commissaris"),
    ("DEMO-0124", "Ayla", "Kaya", "female", "inspecteur"),
    ("DEMO-0125", "Pieter", "Schouten", "male", "brigadier"),
    ("DEMO-0126", "Rik", "Vermeulen", "male", "inspecteur"),
    (
        "DEMO-0127",
        "Charlotte",
        "Peters",
        "female",
        "hoofdinspecteur",
    ),
    ("DEMO-0128", "Mohamed", "Bouzid", "male", "inspecteur"),
    ("DEMO-0129", "Evelien", "Hendriks", "female", "inspecteur"),
    (
        "DEMO-0130",
        "Gert-Jan",
        "Timmermans",
        "male",
        "hoofdinspecteur",
    ),
    ("DEMO-0131", "Naomi", "Sedney", "female", "brigadier"),
    ("DEMO-0132", "Lars", "Veenstra", "male", "inspecteur"),
    ("DEMO-0133", "Iris", "van Dam", "female", "inspecteur"),
    ("DEMO-0134", "Tom", "Kramer", "male", "hoofdinspecteur"),
    ("DEMO-0135", "Roos", "Maas", "female", "inspecteur"),
];

const TEAM: &str = "Specialised Team Noord-Kosovo";

/// The agreements the annexes mention, as JSON inputs; `implements` and `replaced_by` name
/// another agreement by its title. Dates of EU instruments are those of the Official Journal;
/// where an annex gives only a month, the first of that month; the dates of talks that the
/// annexes only mention (MoUs "being worked on", the EU–INTERPOL negotiations) are invented.
/// The later steps of each history (signed, in force, ended) follow from the dates.
fn demo_agreements() -> Vec<serde_json::Value> {
    use serde_json::json;
    vec![
        json!({"title": "Benelux-politieverdrag", "kind": "treaty", "status": "in_force",
            "parties": ["BE", "LU"],
            "subject": "Politiële samenwerking tussen België, Luxemburg en Nederland",
            "signed": "2018-07-23", "in_force": "2023-10-01",
            "legal_basis_for": ["information_request", "anpr", "hot_pursuit",
                "cross_border_observation", "joint_operation", "assistance"],
            "articles": {"hot_pursuit": "art. 21", "cross_border_observation": "art. 22",
                "assistance": "art. 18"}}),
        json!({"title": "Werkafspraak bijstand NL-BE", "kind": "working_arrangement",
            "status": "in_force", "parties": ["BE"],
            "subject": "Procedurele en financiële afspraken over bijstand met waterwerpers",
            "signed": "2024-03-01", "in_force": "2024-03-01",
            "implements": "Benelux-politieverdrag"}),
        json!({"title": "Verdrag van Enschede (NL-DE)", "kind": "treaty", "status": "in_force",
            "parties": ["DE"],
            "subject": "Grensoverschrijdende politiële samenwerking Nederland-Duitsland",
            "signed": "2005-03-02", "in_force": "2006-10-01",
            "legal_basis_for": ["information_request", "hot_pursuit",
                "cross_border_observation", "joint_operation", "assistance"]}),
        json!({"title": "Prüm-besluit 2008/615/JBZ", "kind": "eu_instrument",
            "status": "in_force", "parties": ["EU"],
            "subject": "Intensivering van de grensoverschrijdende samenwerking (DNA, vingerafdrukken, kentekens, gezamenlijke optredens)",
            "signed": "2008-06-23", "published": "2008-08-06", "in_force": "2008-08-26",
            "legal_basis_for": ["prum_dna", "prum_dactyloscopy", "prum_vehicle",
                "joint_operation", "assistance"],
            "articles": {"prum_dna": "art. 3 en 4", "prum_dactyloscopy": "art. 9",
                "prum_vehicle": "art. 12", "joint_operation": "art. 17", "assistance": "art. 18"}}),
        // The Directive first: the Framework Decision names it as the instrument that
        // replaced it. Both bind the member states and the Schengen associated states.
        json!({"title": "Richtlijn (EU) 2023/977", "kind": "eu_instrument", "status": "in_force",
            "parties": ["EU", "IS", "NO", "CH", "LI"],
            "subject": "Informatie-uitwisseling tussen de rechtshandhavingsinstanties van de lidstaten; vervangt Kaderbesluit 2006/960/JBZ",
            "status_history": [
                {"status": "negotiating", "from": "2021-12-08",
                 "note": "Voorstel van de Commissie als deel van de EU-politiesamenwerkingscode"}],
            "signed": "2023-05-10", "published": "2023-05-22", "in_force": "2023-06-11",
            "applies_from": "2024-12-12",
            "legal_basis_for": ["information_request"],
            "articles": {"information_request": "art. 4 en 5"}}),
        json!({"title": "Kaderbesluit 2006/960/JBZ (Zweeds Kaderbesluit)", "kind": "eu_instrument",
            "status": "ended", "parties": ["EU", "IS", "NO", "CH", "LI"],
            "subject": "Vereenvoudiging van de uitwisseling van gegevens en inlichtingen tussen de rechtshandhavingsautoriteiten",
            "signed": "2006-12-18", "published": "2006-12-29", "in_force": "2006-12-30",
            "ended": "2024-12-11", "replaced_by": "Richtlijn (EU) 2023/977",
            "legal_basis_for": ["information_request"],
            "articles": {"information_request": "art. 3 tot en met 5"}}),
        json!({"title": "MoU Dubai Police", "kind": "mou", "status": "signed", "parties": ["AE"],
            "subject": "Samenwerking tegen financieel-economische criminaliteit, terrorisme en georganiseerde criminaliteit",
            "signed": "2021-08-01"}),
        json!({"title": "Letter of Intent Colombia", "kind": "letter_of_intent", "status": "signed",
            "parties": ["CO"], "subject": "Intensivering van de politiesamenwerking",
            "signed": "2021-01-01"}),
        json!({"title": "MoU Brazilië", "kind": "mou", "status": "exploring", "parties": ["BR"],
            "subject": "Politiesamenwerking", "status_from": "2021-11-01",
            "status_note": "In voorbereiding"}),
        json!({"title": "MoU Verenigde Arabische Emiraten", "kind": "mou", "status": "exploring",
            "parties": ["AE"], "subject": "Politiesamenwerking op federaal niveau",
            "status_from": "2021-11-01", "status_note": "In voorbereiding"}),
        json!({"title": "Samenwerkingsovereenkomst EU-Interpol", "kind": "treaty",
            "status": "negotiating", "parties": ["EU", "INTERPOL"],
            "subject": "Brede samenwerking en informatie-uitwisseling tussen de EU en Interpol",
            "status_history": [
                {"status": "exploring", "from": "2021-07-19",
                 "note": "Mandaat aangenomen; de onderhandelingen zijn nog niet gestart"},
                {"status": "negotiating", "from": "2022-10-01",
                 "note": "Onderhandelingen tussen de Europese Commissie en Interpol"}]}),
    ]
}

/// mission, officer, function, start, end, status, consent date, in the team
type DemoDeployment = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
);

const DEPLOYMENTS: &[DemoDeployment] = &[
    // Deployments before the seeds' tables (invented: the annex of December 2021 gives no
    // figures), so that an overview of 2021 shows a plausible contribution. Each ends before
    // the same officer's next one, and before the months the 2023 and 2024 tables chart.
    (
        "OVSE West-Balkan",
        "DEMO-0101",
        "Adviseur community policing",
        "2019-09-01",
        "2022-08-31",
        "ended",
        "2019-06-03",
        false,
    ),
    (
        "EULEX Kosovo",
        "DEMO-0102",
        "Strategisch adviseur",
        "2019-03-01",
        "2022-02-28",
        "ended",
        "2018-12-03",
        false,
    ),
    (
        "EULEX Kosovo",
        "DEMO-0113",
        "Adviseur",
        "2020-06-01",
        "2022-05-31",
        "ended",
        "2020-03-02",
        false,
    ),
    (
        "EUMM Georgië",
        "DEMO-0108",
        "Monitor",
        "2020-10-01",
        "2022-09-30",
        "ended",
        "2020-07-06",
        false,
    ),
    (
        "EUMM Georgië",
        "DEMO-0109",
        "Monitor",
        "2021-04-01",
        "2022-11-30",
        "ended",
        "2021-01-11",
        false,
    ),
    (
        "EUCAP Somalië",
        "DEMO-0114",
        "Adviseur maritieme politie",
        "2020-05-01",
        "2022-04-30",
        "ended",
        "2020-02-10",
        false,
    ),
    (
        "EUCAP Somalië",
        "DEMO-0116",
        "Adviseur rechtsstaat",
        "2020-02-01",
        "2022-01-31",
        "ended",
        "2019-11-04",
        false,
    ),
    (
        "EUCAP SAHEL Mali",
        "DEMO-0120",
        "Trainer community policing",
        "2021-01-11",
        "2022-11-30",
        "ended",
        "2020-10-05",
        false,
    ),
    (
        "EUAM Oekraïne",
        "DEMO-0122",
        "Adviseur recherche",
        "2020-08-01",
        "2022-02-13",
        "evacuated",
        "2020-05-11",
        false,
    ),
    (
        "EUBAM Libië",
        "DEMO-0124",
        "Adviseur grensbeheer",
        "2021-02-01",
        "2022-11-30",
        "ended",
        "2020-11-02",
        false,
    ),
    (
        "EUPOL COPPS",
        "DEMO-0125",
        "Adviseur",
        "2020-09-01",
        "2022-08-31",
        "ended",
        "2020-06-08",
        false,
    ),
    (
        "EUAM Irak",
        "DEMO-0128",
        "Adviseur georganiseerde misdaad",
        "2020-02-01",
        "2022-11-30",
        "ended",
        "2019-11-11",
        false,
    ),
    (
        "USSC",
        "DEMO-0131",
        "Adviseur",
        "2019-07-01",
        "2022-06-30",
        "ended",
        "2019-04-01",
        false,
    ),
    (
        "OVSE West-Balkan",
        "DEMO-0101",
        "Adviseur community policing",
        "2022-09-01",
        "2024-08-31",
        "ended",
        "2022-06-20",
        false,
    ),
    (
        "OVSE West-Balkan",
        "DEMO-0134",
        "Adviseur community policing",
        "2024-09-01",
        "2027-08-31",
        "deployed",
        "2024-06-03",
        false,
    ),
    (
        "EULEX Kosovo",
        "DEMO-0102",
        "Strategisch adviseur",
        "2022-03-01",
        "2025-02-28",
        "ended",
        "2021-12-10",
        false,
    ),
    (
        "EULEX Kosovo",
        "DEMO-0103",
        "Teamlid Specialised Team",
        "2023-06-01",
        "2024-01-31",
        "ended",
        "2023-04-12",
        true,
    ),
    (
        "EULEX Kosovo",
        "DEMO-0104",
        "Teamlid Specialised Team",
        "2023-06-01",
        "2024-01-31",
        "ended",
        "2023-04-12",
        true,
    ),
    (
        "EULEX Kosovo",
        "DEMO-0105",
        "Teamleider Specialised Team",
        "2023-06-01",
        "2024-01-31",
        "ended",
        "2023-04-11",
        true,
    ),
    (
        "EULEX Kosovo",
        "DEMO-0106",
        "Permanent politieadviseur",
        "2024-02-01",
        "2026-01-31",
        "ended",
        "2023-11-30",
        false,
    ),
    (
        "EULEX Kosovo",
        "DEMO-0107",
        "Permanent politieadviseur",
        "2024-02-15",
        "2027-02-14",
        "deployed",
        "2023-12-05",
        false,
    ),
    (
        "EUMM Georgië",
        "DEMO-0108",
        "Monitor",
        "2022-10-01",
        "2024-09-30",
        "ended",
        "2022-07-15",
        false,
    ),
    (
        "EUMM Georgië",
        "DEMO-0109",
        "Monitor",
        "2023-04-01",
        "2025-03-31",
        "ended",
        "2023-01-20",
        false,
    ),
    (
        "EUMM Georgië",
        "DEMO-0110",
        "Hoofd veldkantoor",
        "2023-01-15",
        "2024-07-14",
        "ended",
        "2022-10-28",
        false,
    ),
    (
        "EUMM Georgië",
        "DEMO-0135",
        "Monitor",
        "2025-01-10",
        "2027-01-09",
        "deployed",
        "2024-10-14",
        false,
    ),
    (
        "EUMA Armenië",
        "DEMO-0111",
        "Monitor",
        "2023-03-01",
        "2025-02-28",
        "ended",
        "2023-02-21",
        false,
    ),
    (
        "EUMA Armenië",
        "DEMO-0112",
        "Plaatsvervangend hoofd operaties",
        "2023-03-01",
        "2024-08-31",
        "ended",
        "2023-02-21",
        false,
    ),
    (
        "EUMA Armenië",
        "DEMO-0113",
        "Monitor",
        "2023-06-01",
        "2025-05-31",
        "ended",
        "2023-03-30",
        false,
    ),
    (
        "EUCAP Somalië",
        "DEMO-0114",
        "Adviseur maritieme politie",
        "2022-05-01",
        "2024-04-30",
        "ended",
        "2022-02-14",
        false,
    ),
    (
        "EUCAP Somalië",
        "DEMO-0115",
        "Trainer",
        "2022-11-01",
        "2024-10-31",
        "ended",
        "2022-08-01",
        false,
    ),
    (
        "EUCAP Somalië",
        "DEMO-0116",
        "Adviseur rechtsstaat",
        "2023-02-01",
        "2025-01-31",
        "ended",
        "2022-11-07",
        false,
    ),
    (
        "EUCAP Somalië",
        "DEMO-0117",
        "Trainer",
        "2023-08-01",
        "2025-07-31",
        "ended",
        "2023-05-02",
        false,
    ),
    (
        "EUCAP Somalië",
        "DEMO-0118",
        "Adviseur gender",
        "2023-09-15",
        "2024-09-14",
        "ended",
        "2023-06-19",
        false,
    ),
    (
        "EUCAP Somalië",
        "DEMO-0133",
        "Trainer",
        "2027-01-15",
        "2028-01-14",
        "planned",
        "",
        false,
    ),
    (
        "EUBAM Moldavië-Oekraïne",
        "DEMO-0119",
        "Adviseur grensbeheer",
        "2024-03-18",
        "2026-03-17",
        "ended",
        "2024-01-08",
        false,
    ),
    (
        "EUBAM Moldavië-Oekraïne",
        "DEMO-0132",
        "Adviseur grensbeheer",
        "2026-04-01",
        "2028-03-31",
        "deployed",
        "2026-01-12",
        false,
    ),
    (
        "EUCAP SAHEL Mali",
        "DEMO-0120",
        "Trainer community policing",
        "2023-01-09",
        "2024-12-31",
        "ended",
        "2022-10-03",
        false,
    ),
    (
        "EUAM Oekraïne",
        "DEMO-0121",
        "Adviseur",
        "2021-09-01",
        "2022-02-13",
        "evacuated",
        "2021-06-14",
        false,
    ),
    (
        "EUAM Oekraïne",
        "DEMO-0122",
        "Adviseur recherche",
        "2022-08-01",
        "2024-07-31",
        "ended",
        "2022-05-16",
        false,
    ),
    (
        "EUAM Oekraïne",
        "DEMO-0123",
        "Adviseur strategie",
        "2023-05-01",
        "2025-04-30",
        "ended",
        "2023-02-06",
        false,
    ),
    (
        "EUBAM Libië",
        "DEMO-0124",
        "Adviseur grensbeheer",
        "2023-02-01",
        "2025-01-31",
        "ended",
        "2022-11-21",
        false,
    ),
    (
        "EUPOL COPPS",
        "DEMO-0125",
        "Adviseur",
        "2022-09-01",
        "2024-01-31",
        "ended",
        "2022-06-13",
        false,
    ),
    (
        "EUPOL COPPS",
        "DEMO-0126",
        "Adviseur",
        "2023-03-01",
        "2025-02-28",
        "ended",
        "2022-12-05",
        false,
    ),
    (
        "EUPOL COPPS",
        "DEMO-0127",
        "Adviseur gender",
        "2023-07-01",
        "2025-06-30",
        "ended",
        "2023-04-03",
        false,
    ),
    (
        "EUAM Irak",
        "DEMO-0121",
        "Adviseur",
        "2022-12-01",
        "2024-02-29",
        "ended",
        "2022-09-05",
        false,
    ),
    (
        "EUAM Irak",
        "DEMO-0128",
        "Adviseur georganiseerde misdaad",
        "2023-02-01",
        "2025-01-31",
        "ended",
        "2022-11-14",
        false,
    ),
    (
        "EUAM Irak",
        "DEMO-0129",
        "Adviseur",
        "2023-06-15",
        "2025-06-14",
        "ended",
        "2023-03-20",
        false,
    ),
    (
        "EUAM Irak",
        "DEMO-0130",
        "Adviseur",
        "2023-09-01",
        "2025-08-31",
        "ended",
        "2023-06-05",
        false,
    ),
    (
        "USSC",
        "DEMO-0131",
        "Adviseur",
        "2022-07-01",
        "2025-06-30",
        "ended",
        "2022-04-11",
        false,
    ),
];

const LOADED_KEY: &str = "demo_loaded";

fn text(value: &str) -> Option<String> {
    Some(value.to_string()).filter(|v| !v.is_empty())
}

impl App {
    /// Loads the demo data unless they are there already — the registry, then the SPOC
    /// desk's traffic relative to the node's clock; true when it loaded any.
    pub async fn load_demo(&self) -> Result<bool> {
        let registry = self.load_demo_registry().await?;
        let desk = self.load_demo_spoc().await?;
        Ok(registry || desk)
    }

    /// The registry's demo data only (partners, agreements, missions, officers, instruments,
    /// accounts): for tests of the desk that start from an empty case registry.
    pub async fn load_demo_registry(&self) -> Result<bool> {
        let actor = Actor::operator(
            "demo",
            &[
                Permission::RegistryWrite,
                Permission::PersonalWrite,
                Permission::UsersManage,
            ],
        );
        if meta(&mut *self.store.read().await?, LOADED_KEY)
            .await?
            .is_some()
        {
            return Ok(false);
        }
        // The accounts' password hashes are made before the write lock is taken.
        let mut hashes = Vec::new();
        for _ in DEMO_ACCOUNTS {
            hashes.push(self.hash_password(DEMO_PASSWORD).await?);
        }
        let mut tx = self.store.write().await?;
        if meta(&mut tx, LOADED_KEY).await?.is_some() {
            return Ok(false);
        }
        for (code, kind, name_nl, name_en) in PARTNERS {
            let input = PartnerInput {
                code: code.to_string(),
                kind: kind.to_string(),
                name_nl: text(name_nl),
                name_en: text(name_en),
            };
            create_partner_in(&mut tx, &actor, &input).await?;
        }
        let mut agreements: HashMap<String, String> = HashMap::new();
        for mut json in demo_agreements() {
            // Another agreement is named by its title; it is entered before.
            for field in ["implements", "replaced_by"] {
                if let Some(title) = json[field].as_str() {
                    json[field] = agreements.get(title).cloned().into();
                }
            }
            let input: AgreementInput = serde_json::from_value(json).map_err(|e| {
                grenzeloos_domain::Violation::new("demo_data", format!("demo agreement: {e}"))
            })?;
            let row = save_agreement_in(&mut tx, &actor, None, &input).await?;
            agreements.insert(input.title.clone(), row.id);
        }
        let mut missions = HashMap::new();
        for (name, acronym, mandated_by, start, countries, station) in MISSIONS {
            let input = MissionInput {
                name: name.to_string(),
                acronym: text(acronym),
                mandated_by: mandated_by.to_string(),
                start: start.to_string(),
                end: None,
                countries: countries.to_string(),
                station: station.to_string(),
            };
            missions.insert(*name, create_mission_in(&mut tx, &actor, &input).await?.id);
        }
        for (mission, from, countries, station) in MOVES {
            let location = grenzeloos_domain::registry::validate_location(&LocationInput {
                valid_from: from.to_string(),
                countries: countries.to_string(),
                station: station.to_string(),
            })?;
            let (now, by) = (tx.now_text(), actor.username.clone());
            let location_id = tx.new_id();
            repo::save_location(
                &mut tx,
                &location_id,
                &missions[mission],
                &location,
                &now,
                &by,
            )
            .await?;
        }
        let team = save_team_in(
            &mut tx,
            &actor,
            None,
            &TeamInput {
                name: TEAM.to_string(),
                mission_id: missions["EULEX Kosovo"].clone(),
                task: "Vergroten van het vertrouwen van de bevolking in de lokale politie in Noord-Kosovo en trainingen in het gebruik van politiebevoegdheden".to_string(),
                start: "2023-06-01".to_string(),
                end: Some("2024-01-31".to_string()),
                contributions: vec![
                    Contribution { partner: "NL".to_string(), officers: 3 },
                    Contribution { partner: "SE".to_string(), officers: 3 },
                ],
            },
        )
        .await?;
        let mut officers = HashMap::new();
        for (number, given, family, gender, rank) in OFFICERS {
            let input = OfficerInput {
                personnel_number: number.to_string(),
                given_name: given.to_string(),
                family_name: family.to_string(),
                gender: gender.to_string(),
                rank: text(rank),
                unit: Some("Politie Nederland, Internationale Politiesamenwerking".to_string()),
            };
            officers.insert(
                *number,
                create_officer_in(&mut tx, &actor, &input).await?.id,
            );
        }
        for (mission, officer, function, start, end, status, consent, in_team) in DEPLOYMENTS {
            let input = DeploymentInput {
                officer_id: officers[officer].clone(),
                mission_id: missions[mission].clone(),
                function: function.to_string(),
                start: start.to_string(),
                end: text(end),
                status: status.to_string(),
                consent_date: text(consent),
                team_id: in_team.then(|| team.id.clone()),
            };
            save_deployment_in(&mut tx, &actor, None, &input).await?;
        }
        crate::demo_instruments::load(&mut tx, &actor, &missions, &officers, &agreements).await?;
        for ((username, display_name, role), hash) in DEMO_ACCOUNTS.iter().zip(&hashes) {
            let input = NewUser {
                username: username.to_string(),
                display_name: Some(display_name.to_string()),
                roles: vec![role.to_string()],
                password: DEMO_PASSWORD.to_string(),
            };
            create_user_in(
                &mut tx,
                &actor,
                &input,
                hash,
                self.settings.min_password_length,
            )
            .await?;
        }
        let loaded_at = tx.now_text();
        set_meta(&mut tx, LOADED_KEY, &loaded_at).await?;
        tx.commit().await?;
        Ok(true)
    }
}
