//! The JSON Schema (draft 2020-12) of `grenzeloos.spoc.message/1`, generated from the same
//! code lists and bounds the parser uses, so that the published file cannot drift from them;
//! a test keeps docs/schemas/spoc-message-1.json equal to [`json_schema`] and checks that the
//! schema and the parser accept and refuse the same documents.
//!
//! Some rules are beyond what the schema says and only the parser checks them: texts that are
//! blank, control characters, an urgent request's ground, H3's conditions, a vehicle with a
//! plate or a VIN, subject links, phone numbers in international form, dates that exist,
//! requesting state = sender, the lengths counted in characters.

use super::{
    AuthorityKind, CopyRule, DocumentKind, Gender, LegalBasis, MAX_LIST, MAX_OFFENCES,
    MAX_PENALTY_MONTHS, MAX_SHORT, MAX_SUBJECTS, MAX_TEXT, MessageType, SCHEMA,
};
use crate::countries::COUNTRIES;
use crate::spoc::case::{ConsentState, MAX_JUDICIAL_DELAY_DAYS};
use crate::spoc::vocabulary::{
    Availability, Channel, ChannelException, HandlingCode, InformationAccuracy,
    MAX_HANDLING_CONDITIONS_CHARS, MAX_REASONS_CHARS, ObjectiveReason, RefusalGround,
    SourceReliability, SubjectCategory, Urgency, UrgencyGround,
};
use serde_json::{Map, Value, json};

fn short() -> Value {
    json!({"type": "string", "minLength": 1, "maxLength": MAX_SHORT})
}

fn text(max: usize) -> Value {
    json!({"type": "string", "minLength": 1, "maxLength": max})
}

fn codes(codes: Vec<&'static str>) -> Value {
    json!({"enum": codes})
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/$defs/{name}")})
}

fn nullable(schema: Value) -> Value {
    json!({"anyOf": [schema, {"type": "null"}]})
}

fn array(items: Value, max: usize) -> Value {
    json!({"type": "array", "items": items, "maxItems": max})
}

fn set(items: Value, min: usize, max: usize) -> Value {
    json!({"type": "array", "items": items, "minItems": min, "maxItems": max, "uniqueItems": true})
}

/// LED-03: the transfer assessment before anything goes to a third country.
fn transfer_assessment() -> Value {
    use crate::spoc::registers::{Derogation, TransferBasis};
    object(
        "A transfer to a third country under Chapter V of Directive (EU) 2016/680 (Wpg art. 17a): adequacy (instrument: the decision), safeguards (instrument: the binding agreement's id in the agreements registry, or the assessment of Art 37(1)(b)) or a derogation of Art 38(1) for the case; its necessity and who decided",
        &[
            ("basis", codes(TransferBasis::codes()), true),
            ("instrument", text(MAX_SHORT * 2), false),
            ("derogation", codes(Derogation::codes()), false),
            ("necessity", text(MAX_TEXT), true),
            ("decided_by", short(), true),
            ("decided_at", reference("instant"), false),
        ],
    )
}

/// A closed object: `fields` are (name, schema, required).
fn object(description: &str, fields: &[(&str, Value, bool)]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (name, schema, needed) in fields {
        // An optional field may also be written as null, which the parser reads as absent.
        let schema = if *needed
            || schema.get("type") == Some(&json!("array"))
            || schema.get("type") == Some(&json!("boolean"))
        {
            schema.clone()
        } else {
            nullable(schema.clone())
        };
        properties.insert((*name).to_string(), schema);
        if *needed {
            required.push(*name);
        }
    }
    json!({
        "description": description,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn subject(kind: &str, description: &str, fields: &[(&str, Value, bool)]) -> Value {
    let mut all = vec![
        ("type", json!({"const": kind}), true),
        ("id", short(), false),
    ];
    all.extend(fields.iter().cloned());
    object(description, &all)
}

fn handling() -> Vec<(&'static str, Value, bool)> {
    vec![
        (
            "handling_codes",
            set(codes(HandlingCode::codes()), 0, HandlingCode::ALL.len()),
            false,
        ),
        (
            "handling_conditions",
            text(MAX_HANDLING_CONDITIONS_CHARS),
            false,
        ),
        ("evaluation", reference("evaluation"), false),
    ]
}

fn subjects() -> Value {
    array(reference("subject"), MAX_SUBJECTS)
}

fn defs() -> Map<String, Value> {
    let mut defs = Map::new();
    let mut add = |name: &str, schema: Value| {
        defs.insert(name.to_string(), schema);
    };
    add(
        "country",
        json!({
            "description": "ISO 3166-1 alpha-2 code in capitals (XK for Kosovo)",
            "enum": COUNTRIES.iter().map(|c| c.code).collect::<Vec<_>>(),
        }),
    );
    add(
        "language",
        json!({"description": "ISO 639-1 code: two lower-case letters", "type": "string", "pattern": "^[a-z]{2}$"}),
    );
    add(
        "uuid",
        json!({"type": "string", "format": "uuid", "minLength": 36, "maxLength": 36}),
    );
    add(
        "instant",
        json!({"description": "RFC 3339 with an offset", "type": "string", "format": "date-time"}),
    );
    add(
        "date",
        json!({"description": "YYYY-MM-DD", "type": "string", "format": "date", "minLength": 10, "maxLength": 10}),
    );
    add(
        "evaluation",
        object(
            "Europol 4x4 evaluation: source reliability and information accuracy",
            &[
                ("source", codes(SourceReliability::codes()), true),
                ("information", codes(InformationAccuracy::codes()), true),
            ],
        ),
    );
    add(
        "offence",
        object(
            "An offence, with the maximum term of imprisonment in months (Art 6(1)(g))",
            &[
                ("description", short(), true),
                ("legal_provision", short(), false),
                (
                    "max_penalty_months",
                    json!({"type": "integer", "minimum": 0, "maximum": MAX_PENALTY_MONTHS}),
                    false,
                ),
            ],
        ),
    );
    add(
        "origin",
        object(
            "A state the information came from, and its consent to pass it on (Art 6(1)(h))",
            &[
                ("state", reference("country"), true),
                ("consent", codes(ConsentState::codes()), true),
            ],
        ),
    );
    add(
        "copy_of",
        object(
            "The copy rule this message follows (Arts 4(1), 5(3), 7(3))",
            &[
                ("rule", codes(CopyRule::codes()), true),
                ("addressee", short(), true),
            ],
        ),
    );
    add(
        "person",
        subject(
            "person",
            "A person, with the data-subject category (LED-02)",
            &[
                ("category", codes(SubjectCategory::codes()), false),
                ("given_names", short(), false),
                ("family_name", short(), true),
                ("birth_name", short(), false),
                ("aliases", array(short(), MAX_LIST), false),
                ("date_of_birth", reference("date"), false),
                ("place_of_birth", short(), false),
                ("country_of_birth", reference("country"), false),
                (
                    "nationalities",
                    array(reference("country"), MAX_LIST),
                    false,
                ),
                ("gender", codes(Gender::codes()), false),
            ],
        ),
    );
    add(
        "document",
        subject(
            "document",
            "An identity or travel document",
            &[
                ("kind", codes(DocumentKind::codes()), false),
                ("number", short(), true),
                ("issuing_country", reference("country"), false),
                ("holder", short(), false),
            ],
        ),
    );
    add(
        "vehicle",
        subject(
            "vehicle",
            "A vehicle, with a plate or a VIN",
            &[
                ("plate", short(), false),
                ("registration_country", reference("country"), false),
                ("vin", short(), false),
                ("make", short(), false),
                ("model", short(), false),
                ("colour", short(), false),
                ("keeper", short(), false),
            ],
        ),
    );
    add(
        "organisation",
        subject(
            "organisation",
            "A company or other organisation",
            &[
                ("name", short(), true),
                ("registration_number", short(), false),
                ("country", reference("country"), false),
            ],
        ),
    );
    add(
        "phone",
        subject(
            "phone",
            "A phone number: +31… or national form with its country",
            &[
                ("number", short(), true),
                ("country", reference("country"), false),
                ("holder", short(), false),
            ],
        ),
    );
    let kinds: Vec<Value> = ["person", "document", "vehicle", "organisation", "phone"]
        .map(reference)
        .to_vec();
    add("subject", json!({ "oneOf": kinds }));
    let mut request = vec![
        ("requesting_state", reference("country"), true),
        ("requested_state", reference("country"), true),
        (
            "requesting_authority",
            object(
                "Who asks",
                &[
                    ("name", short(), true),
                    ("kind", codes(AuthorityKind::codes()), true),
                ],
            ),
            true,
        ),
        (
            "offences",
            json!({"type": "array", "items": reference("offence"), "minItems": 1, "maxItems": MAX_OFFENCES}),
            true,
        ),
        ("facts", text(MAX_TEXT), true),
        ("assessment", text(MAX_TEXT), false),
        ("purpose", text(MAX_TEXT), true),
        ("information_requested", text(MAX_TEXT), true),
        ("subjects", subjects(), false),
        ("urgency", codes(Urgency::codes()), true),
        ("urgency_ground", codes(UrgencyGround::codes()), false),
        ("availability", codes(Availability::codes()), false),
    ];
    request.extend(handling());
    request.push(("confirms_oral_request_at", reference("instant"), false));
    add(
        "request",
        object("A request for information (Art 4)", &request),
    );
    let mut answer = vec![
        ("text", text(MAX_TEXT), true),
        ("subjects", subjects(), false),
        ("partial", json!({"type": "boolean"}), false),
    ];
    answer.extend(handling());
    answer.push(("origins", array(reference("origin"), MAX_LIST), false));
    add(
        "answer",
        object("Information provided on request (Art 5)", &answer),
    );
    add(
        "refusal",
        object(
            "A refusal on the grounds of Art 6(1)",
            &[
                (
                    "grounds",
                    set(codes(RefusalGround::codes()), 1, RefusalGround::ALL.len()),
                    true,
                ),
                (
                    "objective_reasons",
                    set(
                        codes(ObjectiveReason::codes()),
                        0,
                        ObjectiveReason::ALL.len(),
                    ),
                    false,
                ),
                ("reasons", text(MAX_REASONS_CHARS), true),
                ("partial", json!({"type": "boolean"}), false),
            ],
        ),
    );
    add(
        "clarification_request",
        object(
            "A request for clarification (Art 6(3))",
            &[("questions", text(MAX_TEXT), true)],
        ),
    );
    add(
        "clarification",
        object(
            "The clarification asked for",
            &[
                ("text", text(MAX_TEXT), true),
                ("subjects", subjects(), false),
            ],
        ),
    );
    add(
        "judicial_delay",
        object(
            "Notice of a delay for judicial authorisation (Art 5(2)(a))",
            &[
                (
                    "expected_days",
                    json!({"type": "integer", "minimum": 1, "maximum": MAX_JUDICIAL_DELAY_DAYS}),
                    true,
                ),
                ("reasons", text(MAX_REASONS_CHARS), true),
            ],
        ),
    );
    let mut provision = vec![
        ("facts", text(MAX_TEXT), true),
        ("offences", array(reference("offence"), MAX_OFFENCES), false),
        ("text", text(MAX_TEXT), true),
        ("subjects", subjects(), false),
    ];
    provision.extend(handling());
    provision.push(("origins", array(reference("origin"), MAX_LIST), false));
    add(
        "provision",
        object(
            "Information provided on the sender's own initiative (Art 7)",
            &provision,
        ),
    );
    defs
}

/// The message of one type: the envelope with that type's body.
fn message_of(kind: MessageType) -> Value {
    let reply = !matches!(kind, MessageType::Request | MessageType::Provision);
    object(
        &format!("A message of type {kind}"),
        &[
            ("schema", json!({"const": SCHEMA}), true),
            ("id", reference("uuid"), true),
            ("type", json!({"const": kind.as_str()}), true),
            ("sender", reference("country"), true),
            ("recipient", reference("country"), true),
            ("created_at", reference("instant"), true),
            ("legal_basis", codes(LegalBasis::codes()), true),
            ("language", reference("language"), true),
            ("channel", codes(Channel::codes()), true),
            ("channel_exception", codes(ChannelException::codes()), false),
            ("europol_copy", json!({"type": "boolean"}), true),
            ("reference", short(), true),
            ("partner_reference", short(), false),
            ("in_reply_to", reference("uuid"), reply),
            ("copy_of", reference("copy_of"), false),
            ("body", reference(kind.as_str()), true),
        ],
    )
}

/// The JSON Schema of [`SCHEMA`] messages.
pub fn json_schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:grenzeloos:schema:spoc-message:1",
        "title": SCHEMA,
        "description": "A message a SPOC case sends or receives (Directive (EU) 2023/977). See docs/spoc-message.md. Generated by grenzeloos_domain::spoc::message::schema; do not edit by hand.",
        "oneOf": MessageType::ALL.iter().map(|k| message_of(*k)).collect::<Vec<_>>(),
        "$defs": defs(),
    })
}

/// The schema as the published file holds it.
pub fn json_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&json_schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// The schemas of the desk's inputs (`spoc::intake`) for the API's OpenAPI document: each
/// (name, schema), the message's definitions among them as `Spoc_<name>`, every reference
/// pointing into `#/components/schemas/`.
pub fn intake_schemas() -> Vec<(String, Value)> {
    use crate::spoc::vocabulary::Direction;
    let mut out: Vec<(String, Value)> = Vec::new();
    let mut add = |name: &str, schema: Value| out.push((name.to_string(), schema));
    add(
        "SpocNewCase",
        object(
            "A new SPOC case (Directive (EU) 2023/977): a request received or sent, an own-initiative provision, a copy received. received_at is required for what is received; an urgent request states its urgency_ground; a channel other than siena needs its channel_exception.",
            &[
                ("direction", codes(Direction::codes()), true),
                ("partner", reference("country"), true),
                ("received_at", reference("instant"), false),
                ("urgency", codes(Urgency::codes()), true),
                ("urgency_ground", codes(UrgencyGround::codes()), false),
                ("availability", codes(Availability::codes()), true),
                ("language", reference("language"), true),
                ("channel", codes(Channel::codes()), false),
                ("channel_exception", codes(ChannelException::codes()), false),
                ("europol_copy", json!({"type": "boolean"}), false),
                ("partner_reference", short(), false),
                (
                    "requesting_authority",
                    object(
                        "Who asks",
                        &[
                            ("name", short(), true),
                            ("kind", codes(AuthorityKind::codes()), true),
                        ],
                    ),
                    false,
                ),
                ("offences", array(reference("offence"), MAX_OFFENCES), false),
                ("facts", text(MAX_TEXT), false),
                ("information_requested", text(MAX_TEXT), false),
                (
                    "subjects",
                    array(reference("subject"), crate::spoc::intake::MAX_CASE_SUBJECTS),
                    false,
                ),
                (
                    "handling_codes",
                    set(codes(HandlingCode::codes()), 0, HandlingCode::ALL.len()),
                    false,
                ),
                (
                    "handling_conditions",
                    text(MAX_HANDLING_CONDITIONS_CHARS),
                    false,
                ),
                ("oral", json!({"type": "boolean"}), false),
                ("transfer", transfer_assessment(), false),
            ],
        ),
    );
    add("SpocTransferAssessment", transfer_assessment());
    add(
        "SpocAnswer",
        object(
            "An answer, in the language of the request (Art 11); information from another state only with its consent (Art 6(1)(h))",
            &[
                ("language", reference("language"), true),
                ("text", text(MAX_TEXT), true),
                ("origins", array(reference("origin"), MAX_LIST), false),
                ("sent_at", reference("instant"), false),
            ],
        ),
    );
    add(
        "SpocRefusal",
        object(
            "A refusal with one or more grounds of Art 6(1); a partial one provides the rest in text",
            &[
                (
                    "grounds",
                    set(codes(RefusalGround::codes()), 1, RefusalGround::ALL.len()),
                    true,
                ),
                (
                    "objective_reasons",
                    set(
                        codes(ObjectiveReason::codes()),
                        0,
                        ObjectiveReason::ALL.len(),
                    ),
                    false,
                ),
                ("reasons", text(MAX_REASONS_CHARS), true),
                ("partial", json!({"type": "boolean"}), false),
                ("language", reference("language"), false),
                ("text", text(MAX_TEXT), false),
                ("origins", array(reference("origin"), MAX_LIST), false),
                ("sent_at", reference("instant"), false),
            ],
        ),
    );
    add(
        "SpocJudicialDelay",
        object(
            "The notice of a delay for judicial authorisation (Art 5(2)): its expected length and the reasons",
            &[
                (
                    "expected_days",
                    json!({"type": "integer", "minimum": 1, "maximum": MAX_JUDICIAL_DELAY_DAYS}),
                    true,
                ),
                ("reasons", text(MAX_REASONS_CHARS), true),
                ("sent_at", reference("instant"), false),
            ],
        ),
    );
    add(
        "SpocClarificationRequest",
        object(
            "A request for clarification (Art 6(3)); received_at: when the requester received it (default now)",
            &[
                ("questions", text(MAX_TEXT), true),
                ("received_at", reference("instant"), false),
            ],
        ),
    );
    add(
        "SpocClarification",
        object(
            "The clarification received; received_at: when (default now)",
            &[
                ("text", text(MAX_TEXT), true),
                ("received_at", reference("instant"), false),
                ("subjects", array(reference("subject"), MAX_SUBJECTS), false),
            ],
        ),
    );
    add(
        "SpocConsent",
        object(
            "The consent of a state information on the case came from (Art 6(1)(h), Benelux treaty arts 9–11): requested, given or refused; absent: the origin noted, consent not asked yet",
            &[
                ("state", reference("country"), true),
                ("consent", codes(ConsentState::codes()), false),
                ("at", reference("instant"), false),
            ],
        ),
    );
    add(
        "SpocOralConfirmation",
        object(
            "The written confirmation of an oral Benelux request (treaty art 12(2)); at: when (default now)",
            &[("at", reference("instant"), false)],
        ),
    );
    add(
        "SpocLanguages",
        object(
            "The languages a partner's SPOC accepts (Art 11 Directive (EU) 2023/977); English is always accepted",
            &[("languages", set(reference("language"), 0, MAX_LIST), true)],
        ),
    );
    add(
        "SpocJudicialContact",
        object(
            "Who can give a judicial authorisation in a period, around the clock (Art 14(3))",
            &[
                ("name", short(), true),
                ("authority", short(), true),
                ("phone", short(), true),
                ("email", short(), false),
                ("on_call_from", reference("instant"), true),
                ("on_call_until", reference("instant"), true),
            ],
        ),
    );
    for (name, schema) in defs() {
        out.push((format!("Spoc_{name}"), schema));
    }
    out.into_iter()
        .map(|(name, schema)| {
            let text = schema
                .to_string()
                .replace("\"#/$defs/", "\"#/components/schemas/Spoc_");
            (name, serde_json::from_str(&text).unwrap_or(schema))
        })
        .collect()
}
