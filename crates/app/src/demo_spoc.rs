//! The SPOC desk's demo traffic (issue 14): three weeks of requests relative to the node's
//! clock, recorded through the desk's own use cases, so that the dashboard always shows what a
//! desk sees on a working day — cases on time, one due within the hour, overdue ones, one
//! awaiting a clarification, one awaiting judicial authorisation, a Benelux oral request,
//! refused, answered and concluded ones, across several partners, and a person and a plate
//! that the cross-check relates. Every name, number and plate is made up.

use crate::{Actor, App, Result};
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::data_domain::DataDomain;
use grenzeloos_domain::spoc::deadline::{self, CountingRule};
use grenzeloos_domain::spoc::intake::{
    AnswerInput, ClarificationRequestInput, JudicialDelayInput, NewCase, RefusalInput,
};
use grenzeloos_domain::spoc::registers::{ConsentInput, JudicialContactInput, LanguagesInput};
use grenzeloos_domain::spoc::vocabulary::{Availability, Urgency};
use grenzeloos_store::spoc as repo;
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

/// What happens to a demo case after it is recorded.
enum Then {
    Nothing,
    Start,
    AskClarification {
        after_hours: i64,
    },
    JudicialDelay {
        after_hours: i64,
    },
    Answer {
        after_hours: i64,
        conclude: bool,
    },
    Refuse {
        after_hours: i64,
        grounds: &'static [&'static str],
        partial: bool,
    },
}

struct Demo {
    partner: &'static str,
    language: &'static str,
    /// Hours before now that it was received.
    hours_ago: i64,
    urgency: &'static str,
    availability: &'static str,
    subjects: Value,
    asked: &'static str,
    then: Then,
}

/// The demo's Art 11 lists (besides English): each partner's official languages.
const DEMO_LANGUAGES: [(&str, &[&str]); 9] = [
    ("AT", &["de"]),
    ("BE", &["nl", "fr", "de"]),
    ("DE", &["de"]),
    ("ES", &["es"]),
    ("FR", &["fr"]),
    ("IT", &["it"]),
    ("LU", &["fr", "de", "lb"]),
    ("PL", &["pl"]),
    ("SE", &["sv"]),
];

fn person(family: &str, given: &str, born: &str, category: &str) -> Value {
    json!({"type": "person", "family_name": family, "given_names": given, "date_of_birth": born, "category": category})
}

fn plate(plate: &str) -> Value {
    json!({"type": "vehicle", "plate": plate})
}

fn phone(number: &str) -> Value {
    json!({"type": "phone", "number": number})
}

fn cases() -> Vec<Demo> {
    use Then::*;
    let d = |partner, language, hours_ago, urgency, availability, subjects, asked, then| Demo {
        partner,
        language,
        hours_ago,
        urgency,
        availability,
        subjects,
        asked,
        then,
    };
    vec![
        // Three weeks ago: answered and concluded; the person and plate come back below.
        d(
            "BE",
            "fr",
            20 * 24 + 5,
            "non_urgent",
            "indirect",
            json!([
                person("Jansen", "Jan", "1980-02-29", "suspect"),
                plate("1-ABC-123")
            ]),
            "Antécédents et adresse connue de la personne.",
            Answer {
                after_hours: 50,
                conclude: true,
            },
        ),
        d(
            "DE",
            "de",
            19 * 24,
            "urgent",
            "direct",
            json!([plate("B-XY 1234")]),
            "Halterabfrage zum Fahrzeug.",
            Answer {
                after_hours: 3,
                conclude: true,
            },
        ),
        d(
            "FR",
            "fr",
            18 * 24 + 2,
            "non_urgent",
            "indirect",
            json!([person("Lefèvre", "Camille", "1975-06-12", "witness")]),
            "Coordonnées du témoin.",
            Refuse {
                after_hours: 70,
                grounds: &["a"],
                partial: false,
            },
        ),
        d(
            "PL",
            "en",
            17 * 24,
            "non_urgent",
            "direct",
            json!([phone("+48 601 234 567")]),
            "Subscriber of the number.",
            Answer {
                after_hours: 30,
                conclude: true,
            },
        ),
        d(
            "IT",
            "en",
            15 * 24 + 7,
            "urgent",
            "indirect",
            json!([person("Rossi", "Marco", "1969-11-03", "suspect")]),
            "Criminal records and known associates.",
            Answer {
                after_hours: 60,
                conclude: false,
            },
        ),
        d(
            "ES",
            "en",
            14 * 24,
            "non_urgent",
            "indirect",
            json!([person("García López", "Ana", "1990-01-20", "victim")]),
            "Residence history in the Netherlands.",
            Refuse {
                after_hours: 100,
                grounds: &["g"],
                partial: false,
            },
        ),
        d(
            "SE",
            "en",
            12 * 24 + 3,
            "non_urgent",
            "direct",
            json!([plate("ABC 123")]),
            "Registered keeper and insurance.",
            Answer {
                after_hours: 200,
                conclude: false,
            },
        ),
        d(
            "AT",
            "de",
            10 * 24,
            "non_urgent",
            "indirect",
            json!([
                person("Huber", "Stefan", "1985-04-17", "suspect"),
                phone("+43 664 1234567")
            ]),
            "Aufenthaltsort und Kontakte.",
            Refuse {
                after_hours: 90,
                grounds: &["a", "f"],
                partial: true,
            },
        ),
        d(
            "DE",
            "de",
            8 * 24 + 6,
            "non_urgent",
            "direct",
            json!([person("Müller", "Lena", "1993-08-08", "witness")]),
            "Meldeadresse der Zeugin.",
            Answer {
                after_hours: 20,
                conclude: true,
            },
        ),
        d(
            "FR",
            "fr",
            6 * 24,
            "urgent",
            "direct",
            json!([plate("AB-123-CD")]),
            "Propriétaire du véhicule.",
            Answer {
                after_hours: 5,
                conclude: false,
            },
        ),
        d(
            "LU",
            "fr",
            5 * 24 + 4,
            "non_urgent",
            "indirect",
            json!([person("Schmit", "Paul", "1978-12-01", "suspect")]),
            "Antécédents judiciaires.",
            Answer {
                after_hours: 40,
                conclude: false,
            },
        ),
        // Open: a judicial authorisation awaited, a clarification awaited.
        d(
            "ES",
            "en",
            4 * 24,
            "non_urgent",
            "indirect",
            json!([person("Fernández", "Luis", "1982-03-15", "suspect")]),
            "Bank account holder details (need a court order).",
            JudicialDelay { after_hours: 6 },
        ),
        d(
            "PL",
            "en",
            3 * 24,
            "non_urgent",
            "indirect",
            json!([person("Nowak", "Piotr", "1988-07-22", "suspect")]),
            "Whereabouts of the person.",
            AskClarification { after_hours: 20 },
        ),
        // On time, related to the first case by person and plate (SPOC-04).
        d(
            "BE",
            "nl",
            26,
            "urgent",
            "indirect",
            json!([
                person("JANSSEN", "Jan", "1980-02-29", "suspect"),
                plate("1ABC123")
            ]),
            "Recente verblijfplaats en voertuiggebruik.",
            Start,
        ),
        d(
            "IT",
            "en",
            30,
            "non_urgent",
            "direct",
            json!([phone("+39 347 123 4567")]),
            "Subscriber of the number.",
            Nothing,
        ),
        // Overdue: urgent and directly available, received eleven hours ago.
        d(
            "FR",
            "fr",
            11,
            "urgent",
            "direct",
            json!([person("Bernard", "Hugo", "2001-05-30", "suspect")]),
            "Vérification d'identité urgente.",
            Start,
        ),
        d(
            "SE",
            "en",
            10,
            "urgent",
            "direct",
            json!([plate("XYZ 987")]),
            "Vehicle keeper, urgent.",
            Nothing,
        ),
    ]
}

/// When an urgent request for directly available information must have been received to be
/// due within the hour now (hour periods end on a full hour, so 1 to 60 minutes from now):
/// the first such minute from 9 hours back.
fn due_soon_receipt(now: Timestamp, rule: CountingRule) -> Timestamp {
    (420..=540)
        .rev()
        .map(|minutes| now - SignedDuration::from_mins(minutes))
        .find(|received| {
            deadline::deadline(*received, Urgency::Urgent, Availability::Direct, rule, &[])
                .ok()
                .and_then(|d| d.due())
                .is_some_and(|due| {
                    let left = now.duration_until(due);
                    left >= SignedDuration::from_mins(1) && left <= deadline::DUE_SOON
                })
        })
        .unwrap_or(now - SignedDuration::from_mins(460))
}

fn read<T: serde::de::DeserializeOwned>(value: Value) -> Result<T> {
    serde_json::from_value(value).map_err(|e| {
        grenzeloos_domain::Violation::new("demo_data", format!("demo SPOC case: {e}")).into()
    })
}

impl App {
    /// Records the desk's demo traffic unless the desk holds cases already; true when it did.
    pub(crate) async fn load_demo_spoc(&self) -> Result<bool> {
        let mut conn = self.domain(DataDomain::Exchange).read().await?;
        if repo::count(&mut conn).await? > 0 {
            return Ok(false);
        }
        drop(conn);
        // The demo desk officer (the demo account `spoc`), holding only what recording the
        // traffic needs: the cases taken up are theirs ("Mijn zaken").
        let mut actor = Actor::person("", "spoc", "SPOC-medewerker (demo)", &[]);
        actor.limited_to = Some(vec![
            Permission::CaseWrite,
            Permission::CaseRead,
            Permission::RegistryRead,
        ]);
        let now = self.now();
        let at = |hours_ago: i64| now - SignedDuration::from_hours(hours_ago);
        // The partners' Art 11 lists (SPOC-08; demo data: each state's official languages),
        // and the on-call judicial contacts of this week and the next (SPOC-15).
        for (partner, languages) in DEMO_LANGUAGES {
            let input: LanguagesInput = read(json!({ "languages": languages }))?;
            self.set_partner_languages(&actor, partner, &input).await?;
        }
        let week = SignedDuration::from_hours(7 * 24);
        for (i, (name, phone)) in [
            ("mr. E. Visser (demo)", "+31 88 699 1001"),
            ("mr. K. de Boer (demo)", "+31 88 699 1002"),
        ]
        .into_iter()
        .enumerate()
        {
            let from = at(24) + week * i as i32;
            let input: JudicialContactInput = read(json!({
                "name": name, "authority": "Officier van justitie, Landelijk Parket (piket)",
                "phone": phone, "email": "piket-lp@demo.invalid",
                "on_call_from": from.to_string(), "on_call_until": (from + week).to_string(),
            }))?;
            self.add_judicial_contact(&actor, &input).await?;
        }
        let mut demos = cases();
        // The one due within the hour.
        let soon = due_soon_receipt(now, self.settings.spoc_deadline_rule);
        for demo in demos.iter_mut().chain(std::iter::once(&mut Demo {
            partner: "DE",
            language: "de",
            hours_ago: 0,
            urgency: "urgent",
            availability: "direct",
            subjects: json!([
                person("Schneider", "Jonas", "1997-10-10", "suspect"),
                phone("+49 171 2345678")
            ]),
            asked: "Identität und Aufenthaltsort, dringend.",
            then: Then::Start,
        })) {
            let received = if demo.hours_ago == 0 {
                soon
            } else {
                at(demo.hours_ago)
            };
            let mut body = json!({
                "direction": "incoming", "partner": demo.partner, "received_at": received.to_string(),
                "urgency": demo.urgency, "availability": demo.availability, "language": demo.language,
                "subjects": demo.subjects, "information_requested": demo.asked,
                "facts": "Onderzoek naar een strafbaar feit in de verzoekende staat (demogegevens).",
                "offences": [{"description": "Diefstal met geweld", "max_penalty_months": 108}],
                "requesting_authority": {"name": format!("SPOC {}", demo.partner), "kind": "spoc"},
            });
            if demo.urgency == "urgent" {
                body["urgency_ground"] = json!("life_or_integrity");
            }
            let created = self.create_case(&actor, &read::<NewCase>(body)?).await?;
            let later = |hours: i64| received + SignedDuration::from_hours(hours);
            match &demo.then {
                Then::Nothing => {}
                Then::Start => {
                    self.start_case(&actor, &created.id).await?;
                }
                Then::AskClarification { after_hours } => {
                    let input: ClarificationRequestInput = read(json!({
                        "questions": "Please give the date of birth and the last known address.",
                        "received_at": later(*after_hours).to_string(),
                    }))?;
                    self.ask_clarification(&actor, &created.id, &input).await?;
                }
                Then::JudicialDelay { after_hours } => {
                    let input: JudicialDelayInput = read(json!({
                        "expected_days": 10,
                        "reasons": "Dutch law requires the authorisation of an examining judge for bank data.",
                        "sent_at": later(*after_hours).to_string(),
                    }))?;
                    self.judicial_delay(&actor, &created.id, &input).await?;
                }
                Then::Answer {
                    after_hours,
                    conclude,
                } => {
                    let input: AnswerInput = read(json!({
                        "language": demo.language,
                        "text": "Gegevens uit de politieregisters (demogegevens).",
                        "sent_at": later(*after_hours).to_string(),
                    }))?;
                    self.answer_case(&actor, &created.id, &input).await?;
                    if *conclude {
                        self.conclude_case(&actor, &created.id).await?;
                    }
                }
                Then::Refuse {
                    after_hours,
                    grounds,
                    partial,
                } => {
                    let mut body = json!({
                        "grounds": grounds, "reasons": "Zie de gronden (demogegevens).",
                        "partial": partial, "language": demo.language,
                        "sent_at": later(*after_hours).to_string(),
                    });
                    if grounds.contains(&"f") {
                        body["objective_reasons"] = json!(["ongoing_investigation"]);
                    }
                    if *partial {
                        body["text"] =
                            json!("Het adres is bekend; de contacten worden niet verstrekt.");
                    }
                    self.refuse_case(&actor, &created.id, &read::<RefusalInput>(body)?)
                        .await?;
                }
            }
        }
        // A Benelux request made by telephone three hours ago, its written confirmation awaited
        // (BNL-02), with information that came from France, whose consent is asked (BNL-01).
        let oral: NewCase = read(json!({
            "direction": "incoming", "partner": "BE", "received_at": at(3).to_string(),
            "urgency": "non_urgent", "availability": "direct", "language": "nl",
            "channel": "telephone", "channel_exception": "b", "oral": true,
            "subjects": [person("Claes", "Lotte", "1988-04-12", "witness")],
            "information_requested": "Bevestiging van de verblijfplaats van de getuige.",
            "facts": "Getuige van een overval in Antwerpen (demogegevens).",
            "requesting_authority": {"name": "Federale Politie, SPOC (telefonisch)", "kind": "spoc"},
        }))?;
        let created = self.create_case(&actor, &oral).await?;
        self.start_case(&actor, &created.id).await?;
        let consent: ConsentInput = read(json!({"state": "FR", "consent": "requested"}))?;
        self.record_consent(&actor, &created.id, &consent).await?;
        // A request from a third country: nothing goes back before a transfer assessment
        // (LED-03); the registry holds only an MoU with Dubai Police, which is no basis.
        let third: NewCase = read(json!({
            "direction": "incoming", "partner": "AE", "received_at": at(30).to_string(),
            "urgency": "non_urgent", "availability": "indirect", "language": "en",
            "channel": "interpol", "channel_exception": "a",
            "subjects": [person("Haddad", "Omar", "1979-08-30", "suspect"), plate("KL-456-P")],
            "information_requested": "Registered keeper and travel movements.",
            "facts": "Money laundering investigation of Dubai Police (demo data).",
            "requesting_authority": {"name": "Dubai Police (via INTERPOL)", "kind": "competent_lea"},
        }))?;
        self.create_case(&actor, &third).await?;
        // A request of ours to Luxembourg, waiting for the answer.
        let ours: NewCase = read(json!({
            "direction": "outgoing", "partner": "LU", "urgency": "non_urgent",
            "availability": "indirect", "language": "fr",
            "subjects": [person("Weber", "Claude", "1970-02-14", "suspect")],
            "information_requested": "Antécédents et adresse actuelle.",
            "facts": "Enquête néerlandaise sur une fraude (données de démonstration).",
            "offences": [{"description": "Oplichting", "max_penalty_months": 48}],
        }))?;
        self.create_case(&actor, &ours).await?;
        Ok(true)
    }
}
