//! A case as the desk records it: the body of `POST /api/v1/spoc/requests` and of the page's
//! form, read strictly (unknown fields refused, the JSON path of every error named) and
//! checked against the rules before anything is written (SPOC-01, SPOC-02).
//!
//! The subjects are the message's (`grenzeloos.spoc.message/1`): what the desk records is
//! what a message carries between nodes. The answers, refusals, delays and clarifications on
//! a case have their own small inputs here too.

use crate::error::{Invalid, Violation};
use crate::spoc::message::{
    Authority, MAX_TEXT, Offence, OriginConsent, Subject, check_offences, check_origins,
    check_short, check_state, check_subjects, read_at,
};
use crate::spoc::vocabulary::{
    Availability, Channel, ChannelException, Direction, HandlingCode, Language, ObjectiveReason,
    RefusalGround, Urgency, UrgencyGround, check_channel, check_handling, check_text,
    check_urgency,
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A new case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCase {
    pub direction: Direction,
    /// The other state (ISO 3166-1 alpha-2): the requesting state of an incoming request,
    /// the requested state of an outgoing one.
    pub partner: String,
    /// When the request arrived (incoming, received copies and provisions; RFC 3339 with its
    /// offset): the Art 5 clock starts here. For what we send, the moment it is recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<Timestamp>,
    pub urgency: Urgency,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency_ground: Option<UrgencyGround>,
    pub availability: Availability,
    /// The language of the request; every reply is in it (Art 11, SPOC-08).
    pub language: Language,
    /// SIENA unless an Art 13(1) exception is recorded (SPOC-11).
    #[serde(default = "siena")]
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_exception: Option<ChannelException>,
    /// Whether Europol receives a copy (Art 12, SPOC-10).
    #[serde(default)]
    pub europol_copy: bool,
    /// The partner's own reference of the case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requesting_authority: Option<Authority>,
    /// The offences, with their maximum penalty for ground (g) of Art 6(1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offences: Vec<Offence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub information_requested: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<Subject>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handling_codes: Vec<HandlingCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling_conditions: Option<String>,
    /// A Benelux request made orally, to be confirmed in writing within 24 hours (BNL-02).
    #[serde(default)]
    pub oral: bool,
    /// What we send to a third country needs its transfer assessment first (LED-03): for an
    /// outgoing request or provision to one, it comes with the case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer: Option<crate::spoc::registers::TransferAssessmentInput>,
}

fn siena() -> Channel {
    Channel::Siena
}

/// The states whose SPOCs exchange with ours under Directive (EU) 2023/977: the other Member
/// States and the Schengen associated states that apply it (Iceland, Liechtenstein, Norway,
/// Switzerland) — the partners the desk's form offers. The API takes any ISO code: a third
/// country is an exchange under Chapter V of Directive (EU) 2016/680, which the agreements
/// registry must cover.
pub const SPOC_STATES: [&str; 30] = [
    "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// The most subjects the desk records on one case.
pub const MAX_CASE_SUBJECTS: usize = 200;

impl NewCase {
    /// Reads a JSON body; the error names the path of what is wrong (`subjects[1].plate`).
    pub fn read(value: Value) -> Invalid<NewCase> {
        read_at(value, "")
    }

    /// Every rule beyond the JSON shape, checked against `now` (the node's clock).
    pub fn check(&self, now: Timestamp) -> Invalid<()> {
        check_state(&self.partner, "partner")?;
        if self.partner == "NL" {
            return Err(Violation::at(
                "own_state",
                "partner",
                "the partner is the other state, not the Netherlands",
            ));
        }
        match self.received_at {
            None if self.direction.received() => {
                return Err(Violation::at(
                    "receipt_required",
                    "received_at",
                    "when the request was received (RFC 3339 with offset, e.g. 2026-03-28T23:30:00+01:00): the time limit runs from it",
                ));
            }
            Some(at) if at > now => {
                return Err(Violation::at(
                    "in_the_future",
                    "received_at",
                    "the moment of receipt cannot be later than now",
                ));
            }
            _ => {}
        }
        check_urgency(self.urgency, self.urgency_ground, "urgency_ground")?;
        check_channel(self.channel, self.channel_exception, "channel_exception")?;
        if let Some(reference) = &self.partner_reference {
            check_short(reference, "partner_reference", true)?;
        }
        if let Some(authority) = &self.requesting_authority {
            check_short(&authority.name, "requesting_authority.name", true)?;
        }
        // What we send carries what Art 4(3) (a request) or Art 7 (a provision) requires: the
        // facts, what is asked or provided, and for a request the offences.
        let sends = matches!(
            self.direction,
            Direction::Outgoing | Direction::OwnInitiative
        );
        // A rule of what we send (422), not of the body's form: the schema leaves them optional.
        if self.direction == Direction::Outgoing && self.offences.is_empty() {
            return Err(Violation::at(
                "offences_required",
                "offences",
                "a request names the offence(s) it concerns (Art 4(3) Directive (EU) 2023/977)",
            ));
        }
        check_offences(&self.offences, "offences", false)?;
        for (text, field) in [
            (&self.facts, "facts"),
            (&self.information_requested, "information_requested"),
        ] {
            match text {
                Some(text) => check_text(text, field, MAX_TEXT, true)?,
                None if sends => {
                    return Err(Violation::at(
                        "required_to_send",
                        field,
                        "what we send states the facts and what is asked or provided (Arts 4(3) and 7 Directive (EU) 2023/977)",
                    ));
                }
                None => {}
            }
        }
        if self.subjects.len() > MAX_CASE_SUBJECTS {
            return Err(Violation::at(
                "too_many",
                "subjects",
                format!("at most {MAX_CASE_SUBJECTS} subjects on one case"),
            ));
        }
        check_subjects(&self.subjects, "subjects")?;
        check_handling(
            &self.handling_codes,
            self.handling_conditions.as_deref(),
            "",
        )?;
        if self.oral && self.channel != Channel::Telephone {
            return Err(Violation::at(
                "oral_not_by_telephone",
                "channel",
                "an oral request came by telephone: record the channel as telephone",
            ));
        }
        if let Some(transfer) = &self.transfer {
            transfer.check(now).map_err(|v| v.within("transfer"))?;
        }
        Ok(())
    }
}

/// An answer to an incoming request (Art 5), or the partner's answer to ours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    pub language: Language,
    pub text: String,
    /// When the answer went out, if it is recorded afterwards (an answer given by telephone);
    /// default now. It decides whether the answer was in time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<Timestamp>,
    /// Where information in the answer came from, and its consent (Art 6(1)(h), BNL-01).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origins: Vec<OriginConsent>,
}

impl AnswerInput {
    pub fn read(value: Value) -> Invalid<AnswerInput> {
        read_at(value, "")
    }

    pub fn check(&self, now: Timestamp) -> Invalid<()> {
        check_text(&self.text, "text", MAX_TEXT, true)?;
        check_not_future(self.sent_at, now, "sent_at")?;
        check_origins(&self.origins, "origins")
    }
}

/// A refusal of all or part of a request (Art 6(1), (2)); a partial one carries the answer to
/// the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefusalInput {
    pub grounds: Vec<RefusalGround>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objective_reasons: Vec<ObjectiveReason>,
    pub reasons: String,
    #[serde(default)]
    pub partial: bool,
    /// The language of the refusal: the request's (defaults to it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// For a partial refusal: what is provided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origins: Vec<OriginConsent>,
    /// When the refusal went out, if recorded afterwards; default now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<Timestamp>,
}

impl RefusalInput {
    pub fn read(value: Value) -> Invalid<RefusalInput> {
        read_at(value, "")
    }

    pub fn refusal(&self) -> crate::spoc::vocabulary::Refusal {
        crate::spoc::vocabulary::Refusal {
            grounds: self.grounds.clone(),
            objective_reasons: self.objective_reasons.clone(),
            reasons: self.reasons.clone(),
            partial: self.partial,
        }
    }

    pub fn check(&self, now: Timestamp) -> Invalid<()> {
        self.refusal().check("")?;
        check_not_future(self.sent_at, now, "sent_at")?;
        match (&self.text, self.partial) {
            (Some(text), true) => check_text(text, "text", MAX_TEXT, true)?,
            (None, true) => {
                return Err(Violation::at(
                    "required",
                    "text",
                    "a partial refusal provides the rest of what was asked: write it here (Art 6(1) second subparagraph)",
                ));
            }
            (Some(_), false) => {
                return Err(Violation::at(
                    "text_without_partial",
                    "text",
                    "a full refusal provides nothing; mark the refusal partial to provide part",
                ));
            }
            (None, false) => {}
        }
        check_origins(&self.origins, "origins")
    }
}

/// The notice of a delay for judicial authorisation (Art 5(2)(a), SPOC-06).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JudicialDelayInput {
    pub expected_days: u16,
    pub reasons: String,
    /// When the notice went out, if recorded afterwards; default now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<Timestamp>,
}

impl JudicialDelayInput {
    pub fn read(value: Value) -> Invalid<JudicialDelayInput> {
        read_at(value, "")
    }
}

/// A clarification request (Art 6(3)): the questions, and when the requester received them
/// (defaults to now: SIENA delivers at once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClarificationRequestInput {
    pub questions: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<Timestamp>,
}

impl ClarificationRequestInput {
    pub fn read(value: Value) -> Invalid<ClarificationRequestInput> {
        read_at(value, "")
    }

    pub fn check(&self, now: Timestamp) -> Invalid<()> {
        check_text(&self.questions, "questions", MAX_TEXT, true)?;
        check_not_future(self.received_at, now, "received_at")
    }
}

/// The clarification that arrived, and when (defaults to now).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClarificationInput {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<Subject>,
}

impl ClarificationInput {
    pub fn read(value: Value) -> Invalid<ClarificationInput> {
        read_at(value, "")
    }

    pub fn check(&self, now: Timestamp) -> Invalid<()> {
        check_text(&self.text, "text", MAX_TEXT, true)?;
        check_subjects(&self.subjects, "subjects")?;
        check_not_future(self.received_at, now, "received_at")
    }
}

pub(crate) fn check_not_future(at: Option<Timestamp>, now: Timestamp, field: &str) -> Invalid<()> {
    match at {
        Some(at) if at > now => Err(Violation::at(
            "in_the_future",
            field,
            "this moment cannot be later than now",
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> Timestamp {
        "2026-03-30T12:00:00Z".parse().unwrap()
    }

    fn minimal() -> Value {
        json!({
            "direction": "incoming", "partner": "BE", "received_at": "2026-03-28T23:30:00+01:00",
            "urgency": "urgent", "urgency_ground": "life_or_integrity", "availability": "direct",
            "language": "en",
            "subjects": [
                {"type": "person", "given_names": "Jan", "family_name": "Jansen", "date_of_birth": "1980-02-29"},
                {"type": "vehicle", "plate": "12-ABC-3"},
                {"type": "phone", "number": "+32470123456"},
                {"type": "document", "number": "NX12 3456"}
            ]
        })
    }

    fn refused(body: Value) -> Violation {
        match NewCase::read(body) {
            Ok(case) => case.check(now()).unwrap_err(),
            Err(v) => v,
        }
    }

    fn with(key: &str, value: Value) -> Value {
        let mut body = minimal();
        body[key] = value;
        body
    }

    #[test]
    fn the_issues_minimal_request_is_accepted_with_siena_by_default() {
        let case = NewCase::read(minimal()).unwrap();
        case.check(now()).unwrap();
        assert_eq!(case.channel, Channel::Siena);
        assert_eq!(case.subjects.len(), 4);
    }

    #[test]
    fn each_broken_rule_names_its_field() {
        let cases = [
            (with("partner", json!("XX")), "partner"),
            (with("partner", json!("NL")), "partner"),
            (with("urgency_ground", Value::Null), "urgency_ground"),
            (
                with("received_at", json!("2027-01-01T00:00:00Z")),
                "received_at",
            ),
            (with("received_at", json!("yesterday")), "received_at"),
            (with("language", json!("English")), "language"),
            (with("channel", json!("interpol")), "channel_exception"),
            (with("colour", json!("red")), "colour"),
            (
                with(
                    "subjects",
                    json!([{"type": "person", "family_name": "Jansen", "date_of_birth": "1980-02-30"}]),
                ),
                "subjects[0].date_of_birth",
            ),
            (
                with("subjects", json!([{"type": "ship"}])),
                "subjects[0].type",
            ),
        ];
        for (body, field) in cases {
            let v = refused(body);
            assert_eq!(v.field.as_deref(), Some(field), "{v:?}");
        }
        let mut body = minimal();
        body.as_object_mut().unwrap().remove("received_at");
        assert_eq!(refused(body).field.as_deref(), Some("received_at"));
    }

    #[test]
    fn an_outgoing_request_needs_no_receipt_and_an_oral_one_came_by_telephone() {
        let mut body = minimal();
        body["direction"] = json!("outgoing");
        body.as_object_mut().unwrap().remove("received_at");
        // What we send states the offences, the facts and what is asked (Art 4(3)).
        assert_eq!(refused(body.clone()).field.as_deref(), Some("offences"));
        body["offences"] = json!([{"description": "Oplichting", "max_penalty_months": 48}]);
        assert_eq!(refused(body.clone()).field.as_deref(), Some("facts"));
        body["facts"] = json!("A car sold with false papers.");
        body["information_requested"] = json!("The buyer's address.");
        NewCase::read(body.clone()).unwrap().check(now()).unwrap();
        body["oral"] = json!(true);
        assert_eq!(refused(body.clone()).field.as_deref(), Some("channel"));
        body["channel"] = json!("telephone");
        body["channel_exception"] = json!("b");
        NewCase::read(body).unwrap().check(now()).unwrap();
    }

    #[test]
    fn a_refusal_has_a_ground_and_a_partial_one_provides_the_rest() {
        let read = |v: Value| RefusalInput::read(v).and_then(|r| r.check(now()).map(|_| r));
        assert_eq!(
            read(json!({"grounds": [], "reasons": "r"}))
                .unwrap_err()
                .code,
            "refusal_ground_missing"
        );
        assert_eq!(
            read(json!({"grounds": ["a"], "reasons": "r", "partial": true}))
                .unwrap_err()
                .field
                .as_deref(),
            Some("text")
        );
        read(json!({"grounds": ["a"], "reasons": "r", "partial": true, "text": "the rest"}))
            .unwrap();
        read(json!({"grounds": ["g"], "reasons": "r"})).unwrap();
    }
}
