//! The message a SPOC case sends or receives: `grenzeloos.spoc.message/1`.
//!
//! One JSON object: the envelope the architecture prescribes for messages between nodes (id,
//! sender, recipient, type, creation time, schema version, legal basis relied on) and the
//! exchange's own fields (language, channel, Europol copy, references), with a `body` whose
//! shape depends on `type`. The subjects are modelled on the Universal Message Format's
//! entities: person, document, vehicle, organisation, phone, each with its identifiers.
//!
//! [`parse`] is strict: unknown fields are refused, every text is bounded, and an error names
//! the JSON path of what is wrong (`body.subjects[2].date_of_birth`). docs/spoc-message.md
//! describes the message; docs/schemas/spoc-message-1.json is its JSON Schema
//! ([`schema::json_schema`] generates it, and a test keeps the file equal to it).

pub mod schema;

use crate::countries::country;
use crate::error::{Invalid, Violation};
use crate::spoc::case::ConsentState;
use crate::spoc::crosscheck;
use crate::spoc::vocabulary::{
    Availability, Channel, Evaluation, HandlingCode, Language, Refusal, SubjectCategory, Urgency,
    UrgencyGround, check_channel, check_handling, check_text, check_urgency, first_repeat, join,
};
use crate::time::parse_date;
use jiff::Timestamp;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// The schema version every message names.
pub const SCHEMA: &str = "grenzeloos.spoc.message/1";

/// The largest message accepted, in bytes.
pub const MAX_MESSAGE_BYTES: usize = 1 << 20;
/// Names, references, authorities, document numbers: one line.
pub const MAX_SHORT: usize = 200;
/// Facts, requested information, answers.
pub const MAX_TEXT: usize = 20_000;
pub const MAX_SUBJECTS: usize = 500;
pub const MAX_OFFENCES: usize = 50;
pub const MAX_LIST: usize = 20;
/// A maximum penalty above 100 years is a typing error (life imprisonment: 1200).
pub const MAX_PENALTY_MONTHS: u16 = 1200;

codes! {
    /// What a message is.
    pub enum MessageType ("a message type") {
        /// A request for information (Art 4).
        Request = "request",
        /// Information provided on request (Art 5).
        Answer = "answer",
        /// A refusal of all or part of a request (Art 6(1), (2)).
        Refusal = "refusal",
        /// A request for clarification or specification (Art 6(3)).
        ClarificationRequest = "clarification_request",
        /// The clarification asked for.
        Clarification = "clarification",
        /// Notice of a delay for judicial authorisation (Art 5(2)).
        JudicialDelay = "judicial_delay",
        /// Information provided on the sender's own initiative (Art 7).
        Provision = "provision",
    }
}

codes! {
    /// The legal basis the sender relies on.
    pub enum LegalBasis ("a legal basis") {
        /// Directive (EU) 2023/977, from 12 December 2024.
        Directive2023_977 = "directive_2023_977",
        /// Framework Decision 2006/960/JHA, for exchanges until 11 December 2024.
        FrameworkDecision2006_960 = "framework_decision_2006_960",
        /// The Benelux police treaty of 2018 (in force 1 October 2023).
        BeneluxTreaty = "benelux_treaty",
        /// The Kingdom's arrangements with Aruba, Curaçao and Sint Maarten.
        KingdomArrangement = "kingdom_arrangement",
        /// A transfer to a third country or international organisation under Chapter V of
        /// Directive (EU) 2016/680 (Wpg art 17a, LED-03).
        LedChapterV = "led_chapter_v",
    }
}

codes! {
    /// Which copy rule a copy follows (SPOC-09).
    pub enum CopyRule ("a copy rule") {
        /// Art 4(1): a designated authority's request, copied to its own SPOC.
        LeaRequest = "lea_request",
        /// Art 5(3): an answer to a designated authority, copied to its state's SPOC.
        AnswerToLea = "answer_to_lea",
        /// Art 7(3): a provision to an authority, copied to that state's SPOC.
        ProvisionToLea = "provision_to_lea",
    }
}

codes! {
    /// Who asks.
    pub enum AuthorityKind ("a kind of authority") {
        Spoc = "spoc",
        /// A law enforcement authority designated under Art 4(1).
        DesignatedLea = "designated_lea",
        /// Another competent law enforcement authority.
        CompetentLea = "competent_lea",
    }
}

codes! {
    pub enum Gender ("a gender") {
        Female = "female",
        Male = "male",
        Other = "other",
        Unknown = "unknown",
    }
}

codes! {
    pub enum DocumentKind ("a kind of document") {
        Passport = "passport",
        IdentityCard = "identity_card",
        DrivingLicence = "driving_licence",
        ResidencePermit = "residence_permit",
        Visa = "visa",
        VehicleRegistration = "vehicle_registration",
        Other = "other",
    }
}

/// One message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    /// Always [`SCHEMA`].
    pub schema: String,
    #[serde(with = "uuid_text")]
    pub id: Uuid,
    /// The sending state's node (ISO 3166-1 alpha-2).
    pub sender: String,
    pub recipient: String,
    pub created_at: Timestamp,
    pub legal_basis: LegalBasis,
    /// The language of the message; a reply is in the request's (Arts 4(6), 5(3), 6(4)).
    pub language: Language,
    pub channel: Channel,
    /// Art 13(1) exception for a channel other than SIENA (SPOC-11).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_exception: Option<crate::spoc::vocabulary::ChannelException>,
    /// Whether Europol receives a copy (Art 12, SPOC-10).
    pub europol_copy: bool,
    /// The sender's case reference.
    pub reference: String,
    /// The recipient's case reference, once known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_reference: Option<String>,
    /// The message this one answers.
    #[serde(skip_serializing_if = "Option::is_none", with = "uuid_text_option")]
    pub in_reply_to: Option<Uuid>,
    /// Set when this message is a copy under Arts 4(1), 5(3) or 7(3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy_of: Option<CopyOf>,
    #[serde(flatten)]
    pub content: Content,
}

/// The body, by message type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "body", rename_all = "snake_case")]
pub enum Content {
    Request(Box<Request>),
    Answer(Answer),
    Refusal(Refusal),
    ClarificationRequest(ClarificationRequest),
    Clarification(Clarification),
    JudicialDelay(JudicialDelayNotice),
    Provision(Provision),
}

impl Content {
    pub fn kind(&self) -> MessageType {
        match self {
            Content::Request(_) => MessageType::Request,
            Content::Answer(_) => MessageType::Answer,
            Content::Refusal(_) => MessageType::Refusal,
            Content::ClarificationRequest(_) => MessageType::ClarificationRequest,
            Content::Clarification(_) => MessageType::Clarification,
            Content::JudicialDelay(_) => MessageType::JudicialDelay,
            Content::Provision(_) => MessageType::Provision,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopyOf {
    pub rule: CopyRule,
    /// The authority the original went to.
    pub addressee: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    pub name: String,
    pub kind: AuthorityKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offence {
    pub description: String,
    /// The provision of the requesting state's law.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_provision: Option<String>,
    /// The maximum term of imprisonment, in months (for ground (g) of Art 6(1)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_penalty_months: Option<u16>,
}

/// A request for information (Art 4(3): what it must contain).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub requesting_state: String,
    pub requested_state: String,
    pub requesting_authority: Authority,
    pub offences: Vec<Offence>,
    /// The facts (LED-02: facts apart from assessments).
    pub facts: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<String>,
    /// Why the information is asked and how it relates to the subjects (Art 4(3)).
    pub purpose: String,
    pub information_requested: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<Subject>,
    pub urgency: Urgency,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency_ground: Option<UrgencyGround>,
    /// As the sender sees it; the requested SPOC decides (it sets the deadline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Availability>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handling_codes: Vec<HandlingCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling_conditions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<Evaluation>,
    /// When the Benelux oral request this message confirms was made (BNL-02).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirms_oral_request_at: Option<Timestamp>,
}

/// Where information in an answer came from, and the consent to pass it on (BNL-01,
/// Art 6(1)(h)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OriginConsent {
    pub state: String,
    pub consent: ConsentState,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<Subject>,
    /// Part of the request is refused in a refusal message of its own.
    #[serde(default)]
    pub partial: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handling_codes: Vec<HandlingCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling_conditions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<Evaluation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origins: Vec<OriginConsent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClarificationRequest {
    pub questions: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clarification {
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<Subject>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JudicialDelayNotice {
    pub expected_days: u16,
    pub reasons: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    pub facts: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offences: Vec<Offence>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<Subject>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handling_codes: Vec<HandlingCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handling_conditions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<Evaluation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origins: Vec<OriginConsent>,
}

/// A subject of the exchange, after the Universal Message Format's entities. `id` names it
/// within the message, so that a document or phone can say whose it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Subject {
    Person(Person),
    Document(Document),
    Vehicle(Vehicle),
    Organisation(Organisation),
    Phone(Phone),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// LED-02: suspect, victim, witness … "Where applicable and as far as possible" (Art 6
    /// Directive (EU) 2016/680): a request may come without it, and the desk records it when
    /// it can.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<SubjectCategory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_names: Option<String>,
    pub family_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// YYYY-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_of_birth: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_of_birth: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nationalities: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DocumentKind>,
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuing_country: Option<String>,
    /// The `id` of the person it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vehicle {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub make: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    /// The `id` of the person or organisation keeping it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keeper: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phone {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// International form (`+31…`), or national form with `country`.
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The `id` of the person or organisation using it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
}

impl Subject {
    pub fn kind(&self) -> &'static str {
        match self {
            Subject::Person(_) => "person",
            Subject::Document(_) => "document",
            Subject::Vehicle(_) => "vehicle",
            Subject::Organisation(_) => "organisation",
            Subject::Phone(_) => "phone",
        }
    }

    fn id(&self) -> Option<&str> {
        match self {
            Subject::Person(s) => s.id.as_deref(),
            Subject::Document(s) => s.id.as_deref(),
            Subject::Vehicle(s) => s.id.as_deref(),
            Subject::Organisation(s) => s.id.as_deref(),
            Subject::Phone(s) => s.id.as_deref(),
        }
    }

    /// The subject as the cross-check sees it (SPOC-04): an organisation by its registration
    /// number only (its name is not indexed); a person without a date of birth gives no key.
    pub fn for_crosscheck(&self) -> Vec<crosscheck::Subject<'_>> {
        match self {
            Subject::Person(p) => vec![crosscheck::Subject::Person(crosscheck::Person {
                given_names: p.given_names.as_deref().unwrap_or_default(),
                family_name: &p.family_name,
                date_of_birth: p
                    .date_of_birth
                    .as_deref()
                    .and_then(|d| parse_date("date_of_birth", d).ok()),
            })],
            Subject::Document(d) => vec![crosscheck::Subject::Document { number: &d.number }],
            Subject::Vehicle(v) => vec![crosscheck::Subject::Vehicle {
                plate: v.plate.as_deref(),
                vin: v.vin.as_deref(),
            }],
            Subject::Phone(p) => vec![crosscheck::Subject::Phone {
                number: &p.number,
                country: p.country.as_deref(),
            }],
            Subject::Organisation(o) => o
                .registration_number
                .as_deref()
                .map(|number| crosscheck::Subject::Document { number })
                .into_iter()
                .collect(),
        }
    }
}

// Each subject is read through a JSON value so that the path inside it (`family_name`) is
// kept: serde's own internally tagged enums buffer the object and lose it.
impl<'de> Deserialize<'de> for Subject {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Subject, D::Error> {
        use serde::de::Error;
        let value = Value::deserialize(d)?;
        let Value::Object(mut map) = value else {
            return Err(D::Error::custom("a subject is a JSON object"));
        };
        let kind = match map.remove("type") {
            Some(Value::String(kind)) => kind,
            Some(_) => return Err(nested_error("type", "the type is a string")),
            None => {
                return Err(nested_error(
                    "type",
                    "missing field `type`: person, document, vehicle, organisation or phone",
                ));
            }
        };
        let value = Value::Object(map);
        match kind.as_str() {
            "person" => nested(value).map(Subject::Person),
            "document" => nested(value).map(Subject::Document),
            "vehicle" => nested(value).map(Subject::Vehicle),
            "organisation" => nested(value).map(Subject::Organisation),
            "phone" => nested(value).map(Subject::Phone),
            other => Err(nested_error(
                "type",
                &format!(
                    "unknown subject type `{other}`; use one of person, document, vehicle, organisation, phone"
                ),
            )),
        }
    }
}

/// Marks an error that carries its own path inside the value being read.
const NESTED: char = '\u{1}';

fn nested_error<E: serde::de::Error>(path: &str, message: &str) -> E {
    E::custom(format!("{NESTED}{path}{NESTED}{message}"))
}

fn nested<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let (inner_path, message) = split_nested(path_text(e.path()), e.inner().to_string());
        nested_error(&inner_path, &message)
    })
}

fn path_text(path: &serde_path_to_error::Path) -> String {
    let text = path.to_string();
    if text == "." { String::new() } else { text }
}

/// Joins `outer` with the path a nested error carried, if it carried one.
fn split_nested(outer: String, message: String) -> (String, String) {
    let Some(rest) = message.strip_prefix(NESTED) else {
        return (outer, message);
    };
    let Some((inner, message)) = rest.split_once(NESTED) else {
        return (outer, message);
    };
    let path = match (outer.is_empty(), inner.is_empty()) {
        (_, true) => outer,
        (true, false) => inner.to_string(),
        (false, false) if inner.starts_with('[') => format!("{outer}{inner}"),
        (false, false) => format!("{outer}.{inner}"),
    };
    (path, message.to_string())
}

/// Reads a `T` out of `value`, naming the JSON path under `path` on failure.
pub(crate) fn read_at<T: DeserializeOwned>(value: Value, path: &str) -> Invalid<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let inner = path_text(e.path());
        let outer = match (path.is_empty(), inner.is_empty()) {
            (_, true) => path.to_string(),
            (true, false) => inner,
            (false, false) => format!("{path}.{inner}"),
        };
        let (field, message) = split_nested(outer, e.inner().to_string());
        // serde names a missing field in its message, not in the path: the error points at
        // that field itself.
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next());
        let field = match missing {
            Some(name) if field.is_empty() => name.to_string(),
            Some(name) if !field.ends_with(name) => format!("{field}.{name}"),
            _ => field,
        };
        Violation::at("invalid_message", field, message)
    })
}

/// The envelope as read, before the body is read by its type.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    schema: String,
    #[serde(with = "uuid_text")]
    id: Uuid,
    #[serde(rename = "type")]
    kind: MessageType,
    sender: String,
    recipient: String,
    created_at: Timestamp,
    legal_basis: LegalBasis,
    language: Language,
    channel: Channel,
    #[serde(default)]
    channel_exception: Option<crate::spoc::vocabulary::ChannelException>,
    europol_copy: bool,
    reference: String,
    #[serde(default)]
    partner_reference: Option<String>,
    #[serde(default, with = "uuid_text_option")]
    in_reply_to: Option<Uuid>,
    #[serde(default)]
    copy_of: Option<CopyOf>,
    body: Value,
}

/// Reads and checks a message (bytes of JSON); the error names the JSON path.
pub fn parse(bytes: &[u8]) -> Invalid<Message> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(Violation::new(
            "too_large",
            format!("a message has at most {MAX_MESSAGE_BYTES} bytes"),
        ));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        Violation::new(
            "invalid_json",
            format!("not JSON: {e} (line {}, column {})", e.line(), e.column()),
        )
    })?;
    if !value.is_object() {
        return Err(Violation::new(
            "invalid_message",
            "a message is a JSON object",
        ));
    }
    // The version first, so that a message of another version is told so and not that its
    // fields are unknown.
    match value.get("schema") {
        Some(Value::String(s)) if s == SCHEMA => {}
        Some(Value::String(s)) => {
            return Err(Violation::at(
                "unsupported_schema",
                "schema",
                format!("'{s}' is not a version this node reads; it reads {SCHEMA}"),
            ));
        }
        _ => {
            return Err(Violation::at(
                "unsupported_schema",
                "schema",
                format!("a message names its schema: \"schema\": \"{SCHEMA}\""),
            ));
        }
    }
    let raw: Raw = read_at(value, "")?;
    let content = match raw.kind {
        MessageType::Request => Content::Request(Box::new(read_at(raw.body, "body")?)),
        MessageType::Answer => Content::Answer(read_at(raw.body, "body")?),
        MessageType::Refusal => Content::Refusal(read_at(raw.body, "body")?),
        MessageType::ClarificationRequest => {
            Content::ClarificationRequest(read_at(raw.body, "body")?)
        }
        MessageType::Clarification => Content::Clarification(read_at(raw.body, "body")?),
        MessageType::JudicialDelay => Content::JudicialDelay(read_at(raw.body, "body")?),
        MessageType::Provision => Content::Provision(read_at(raw.body, "body")?),
    };
    let message = Message {
        schema: raw.schema,
        id: raw.id,
        sender: raw.sender,
        recipient: raw.recipient,
        created_at: raw.created_at,
        legal_basis: raw.legal_basis,
        language: raw.language,
        channel: raw.channel,
        channel_exception: raw.channel_exception,
        europol_copy: raw.europol_copy,
        reference: raw.reference,
        partner_reference: raw.partner_reference,
        in_reply_to: raw.in_reply_to,
        copy_of: raw.copy_of,
        content,
    };
    message.check()?;
    Ok(message)
}

impl Message {
    /// The message as JSON text (what [`parse`] reads back to the same message).
    pub fn to_json(&self) -> String {
        // Serialising these types cannot fail: no maps with non-string keys, no floats.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Every rule beyond the JSON shape, naming the path of the first one broken.
    pub fn check(&self) -> Invalid<()> {
        if self.schema != SCHEMA {
            return Err(Violation::at(
                "unsupported_schema",
                "schema",
                format!("the schema is {SCHEMA}"),
            ));
        }
        check_state(&self.sender, "sender")?;
        check_state(&self.recipient, "recipient")?;
        if self.sender == self.recipient {
            return Err(Violation::at(
                "same_sender_and_recipient",
                "recipient",
                "a message goes to another state than its sender",
            ));
        }
        check_channel(self.channel, self.channel_exception, "channel_exception")?;
        check_short(&self.reference, "reference", true)?;
        if let Some(r) = &self.partner_reference {
            check_short(r, "partner_reference", true)?;
        }
        if let Some(copy) = &self.copy_of {
            check_short(&copy.addressee, "copy_of.addressee", true)?;
        }
        let kind = self.content.kind();
        let is_reply = !matches!(kind, MessageType::Request | MessageType::Provision);
        if is_reply && self.in_reply_to.is_none() {
            return Err(Violation::at(
                "in_reply_to_missing",
                "in_reply_to",
                format!("a message of type {kind} names the message it replies to"),
            ));
        }
        match &self.content {
            Content::Request(r) => self.check_request(r),
            Content::Answer(a) => {
                check_text(&a.text, "body.text", MAX_TEXT, true)?;
                check_subjects(&a.subjects, "body.subjects")?;
                check_handling(&a.handling_codes, a.handling_conditions.as_deref(), "body")?;
                check_origins(&a.origins, "body.origins")
            }
            Content::Refusal(r) => r.check("body"),
            Content::ClarificationRequest(c) => {
                check_text(&c.questions, "body.questions", MAX_TEXT, true)
            }
            Content::Clarification(c) => {
                check_text(&c.text, "body.text", MAX_TEXT, true)?;
                check_subjects(&c.subjects, "body.subjects")
            }
            Content::JudicialDelay(j) => crate::spoc::case::JudicialDelay {
                expected_days: j.expected_days,
                reasons: j.reasons.clone(),
                language: self.language,
            }
            .check("body"),
            Content::Provision(p) => {
                check_text(&p.facts, "body.facts", MAX_TEXT, true)?;
                check_text(&p.text, "body.text", MAX_TEXT, true)?;
                check_offences(&p.offences, "body.offences", false)?;
                check_subjects(&p.subjects, "body.subjects")?;
                check_handling(&p.handling_codes, p.handling_conditions.as_deref(), "body")?;
                check_origins(&p.origins, "body.origins")
            }
        }
    }

    fn check_request(&self, r: &Request) -> Invalid<()> {
        check_state(&r.requesting_state, "body.requesting_state")?;
        check_state(&r.requested_state, "body.requested_state")?;
        if self.copy_of.is_none() {
            if r.requesting_state != self.sender {
                return Err(Violation::at(
                    "requesting_state_not_sender",
                    "body.requesting_state",
                    "the requesting state is the sender (unless the message is a copy)",
                ));
            }
            if r.requested_state != self.recipient {
                return Err(Violation::at(
                    "requested_state_not_recipient",
                    "body.requested_state",
                    "the requested state is the recipient (unless the message is a copy)",
                ));
            }
        }
        check_short(
            &r.requesting_authority.name,
            "body.requesting_authority.name",
            true,
        )?;
        check_offences(&r.offences, "body.offences", true)?;
        check_text(&r.facts, "body.facts", MAX_TEXT, true)?;
        if let Some(a) = &r.assessment {
            check_text(a, "body.assessment", MAX_TEXT, true)?;
        }
        check_text(&r.purpose, "body.purpose", MAX_TEXT, true)?;
        check_text(
            &r.information_requested,
            "body.information_requested",
            MAX_TEXT,
            true,
        )?;
        check_urgency(r.urgency, r.urgency_ground, "body.urgency_ground")?;
        check_handling(&r.handling_codes, r.handling_conditions.as_deref(), "body")?;
        check_subjects(&r.subjects, "body.subjects")
    }
}

pub(crate) fn check_short(text: &str, field: &str, required: bool) -> Invalid<()> {
    check_text(text, field, MAX_SHORT, required)?;
    if text.contains(['\n', '\r', '\t']) {
        return Err(Violation::at(
            "line_break",
            field,
            "this is one line of text",
        ));
    }
    Ok(())
}

pub(crate) fn check_state(code: &str, field: &str) -> Invalid<()> {
    if country(code).is_some() {
        Ok(())
    } else {
        Err(Violation::at(
            "invalid_country",
            field,
            format!(
                "'{code}' is not a country code; use ISO 3166-1 alpha-2 in capitals, e.g. NL, BE"
            ),
        ))
    }
}

fn check_list<T>(items: &[T], field: &str, max: usize) -> Invalid<()> {
    if items.len() > max {
        return Err(Violation::at(
            "too_many",
            field,
            format!("at most {max} (there are {})", items.len()),
        ));
    }
    Ok(())
}

pub(crate) fn check_offences(offences: &[Offence], field: &str, required: bool) -> Invalid<()> {
    if required && offences.is_empty() {
        return Err(Violation::at(
            "required",
            field,
            "a request names the offence(s) it concerns (Art 4(3))",
        ));
    }
    check_list(offences, field, MAX_OFFENCES)?;
    for (i, o) in offences.iter().enumerate() {
        let at = format!("{field}[{i}]");
        check_short(&o.description, &join(&at, "description"), true)?;
        if let Some(p) = &o.legal_provision {
            check_short(p, &join(&at, "legal_provision"), true)?;
        }
        if o.max_penalty_months.is_some_and(|m| m > MAX_PENALTY_MONTHS) {
            return Err(Violation::at(
                "out_of_range",
                join(&at, "max_penalty_months"),
                format!("at most {MAX_PENALTY_MONTHS} months (life imprisonment)"),
            ));
        }
    }
    Ok(())
}

pub(crate) fn check_origins(origins: &[OriginConsent], field: &str) -> Invalid<()> {
    check_list(origins, field, MAX_LIST)?;
    for (i, o) in origins.iter().enumerate() {
        check_state(&o.state, &format!("{field}[{i}].state"))?;
    }
    if let Some(i) = first_repeat(&origins.iter().map(|o| &o.state).collect::<Vec<_>>()) {
        return Err(Violation::at(
            "repeated",
            format!("{field}[{i}].state"),
            "each state once",
        ));
    }
    Ok(())
}

pub(crate) fn check_subjects(subjects: &[Subject], field: &str) -> Invalid<()> {
    check_list(subjects, field, MAX_SUBJECTS)?;
    let ids: Vec<&str> = subjects.iter().filter_map(Subject::id).collect();
    for (i, subject) in subjects.iter().enumerate() {
        let at = format!("{field}[{i}]");
        if let Some(id) = subject.id() {
            check_short(id, &join(&at, "id"), true)?;
            if ids.iter().filter(|x| **x == id).count() > 1 {
                return Err(Violation::at(
                    "repeated",
                    join(&at, "id"),
                    format!("the id '{id}' names two subjects"),
                ));
            }
        }
        let refers = |link: &Option<String>, name: &str| -> Invalid<()> {
            match link {
                Some(target)
                    if !ids.contains(&target.as_str()) || Some(target.as_str()) == subject.id() =>
                {
                    Err(Violation::at(
                        "unknown_subject",
                        join(&at, name),
                        "names the id of another subject of this message",
                    ))
                }
                _ => Ok(()),
            }
        };
        let optional_short = |text: &Option<String>, name: &str| -> Invalid<()> {
            match text {
                Some(t) => check_short(t, &join(&at, name), true),
                None => Ok(()),
            }
        };
        let optional_state = |code: &Option<String>, name: &str| -> Invalid<()> {
            match code {
                Some(c) => check_state(c, &join(&at, name)),
                None => Ok(()),
            }
        };
        match subject {
            Subject::Person(p) => {
                check_short(&p.family_name, &join(&at, "family_name"), true)?;
                optional_short(&p.given_names, "given_names")?;
                optional_short(&p.birth_name, "birth_name")?;
                optional_short(&p.place_of_birth, "place_of_birth")?;
                optional_state(&p.country_of_birth, "country_of_birth")?;
                check_list(&p.aliases, &join(&at, "aliases"), MAX_LIST)?;
                for (j, alias) in p.aliases.iter().enumerate() {
                    check_short(alias, &format!("{}[{j}]", join(&at, "aliases")), true)?;
                }
                check_list(&p.nationalities, &join(&at, "nationalities"), MAX_LIST)?;
                for (j, n) in p.nationalities.iter().enumerate() {
                    check_state(n, &format!("{}[{j}]", join(&at, "nationalities")))?;
                }
                if let Some(d) = &p.date_of_birth {
                    parse_date(&join(&at, "date_of_birth"), d)?;
                }
            }
            Subject::Document(d) => {
                check_short(&d.number, &join(&at, "number"), true)?;
                optional_state(&d.issuing_country, "issuing_country")?;
                refers(&d.holder, "holder")?;
            }
            Subject::Vehicle(v) => {
                if v.plate.is_none() && v.vin.is_none() {
                    return Err(Violation::at(
                        "vehicle_unidentified",
                        join(&at, "plate"),
                        "a vehicle has a plate or a VIN",
                    ));
                }
                optional_short(&v.plate, "plate")?;
                optional_short(&v.vin, "vin")?;
                optional_short(&v.make, "make")?;
                optional_short(&v.model, "model")?;
                optional_short(&v.colour, "colour")?;
                optional_state(&v.registration_country, "registration_country")?;
                refers(&v.keeper, "keeper")?;
            }
            Subject::Organisation(o) => {
                check_short(&o.name, &join(&at, "name"), true)?;
                optional_short(&o.registration_number, "registration_number")?;
                optional_state(&o.country, "country")?;
            }
            Subject::Phone(p) => {
                check_short(&p.number, &join(&at, "number"), true)?;
                optional_state(&p.country, "country")?;
                crosscheck::international_phone(&p.number, p.country.as_deref()).map_err(
                    |mut v| {
                        v.field = Some(join(&at, v.field.as_deref().unwrap_or("number")));
                        v
                    },
                )?;
                refers(&p.holder, "holder")?;
            }
        }
    }
    Ok(())
}

/// UUIDs as their hyphenated text.
mod uuid_text {
    use serde::{Deserialize, Deserializer, Serializer};
    use uuid::Uuid;

    pub fn serialize<S: Serializer>(id: &Uuid, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&id.hyphenated().to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Uuid, D::Error> {
        let text = String::deserialize(d)?;
        if text.len() != 36 {
            return Err(serde::de::Error::custom(
                "an id is a UUID in hyphenated form, e.g. 0195f6a0-7c1e-7d3a-9b2e-4f5a6b7c8d9e",
            ));
        }
        Uuid::parse_str(&text).map_err(|_| {
            serde::de::Error::custom(
                "an id is a UUID in hyphenated form, e.g. 0195f6a0-7c1e-7d3a-9b2e-4f5a6b7c8d9e",
            )
        })
    }
}

mod uuid_text_option {
    use serde::{Deserializer, Serializer};
    use uuid::Uuid;

    pub fn serialize<S: Serializer>(id: &Option<Uuid>, s: S) -> Result<S::Ok, S::Error> {
        match id {
            Some(id) => super::uuid_text::serialize(id, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Uuid>, D::Error> {
        use serde::Deserialize;
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(text) => {
                super::uuid_text::deserialize(serde::de::value::StringDeserializer::new(text))
                    .map(Some)
            }
        }
    }
}

#[cfg(test)]
mod tests;
