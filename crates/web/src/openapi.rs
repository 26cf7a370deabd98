//! The OpenAPI 3.1 document, generated from the route table and the input types' schemas.

use crate::WebState;
use crate::auth::{Access, CSRF_HEADER, Kind, SESSION_COOKIE};
use crate::routes::routes;
use axum::Json;
use axum::extract::State;
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

fn schema<T: ToSchema>(schemas: &mut Map<String, Value>) {
    schemas.insert(
        T::name().into_owned(),
        serde_json::to_value(T::schema()).unwrap_or(Value::Null),
    );
    let mut nested = Vec::new();
    T::schemas(&mut nested);
    for (name, schema) in nested {
        schemas.insert(name, serde_json::to_value(schema).unwrap_or(Value::Null));
    }
}

fn components() -> Value {
    use crate::api::accounts::{Login, NewToken, NewUserBody, UserAccess};
    use grenzeloos_domain::registry::*;
    let mut schemas = Map::new();
    schema::<crate::error::ErrorBody>(&mut schemas);
    schema::<grenzeloos_store::audit::Verification>(&mut schemas);
    schema::<Login>(&mut schemas);
    schema::<NewToken>(&mut schemas);
    schema::<NewUserBody>(&mut schemas);
    schema::<UserAccess>(&mut schemas);
    schema::<PartnerInput>(&mut schemas);
    schema::<MissionInput>(&mut schemas);
    schema::<LocationInput>(&mut schemas);
    schema::<OfficerInput>(&mut schemas);
    schema::<DeploymentInput>(&mut schemas);
    schema::<TeamInput>(&mut schemas);
    schema::<Contribution>(&mut schemas);
    schema::<grenzeloos_domain::agreements::AgreementInput>(&mut schemas);
    schema::<grenzeloos_domain::retention::ErasureInput>(&mut schemas);
    schema::<grenzeloos_domain::retention::DecisionInput>(&mut schemas);
    {
        use grenzeloos_domain::assistance::AssistanceInput;
        use grenzeloos_domain::instruments::*;
        schema::<PlacementInput>(&mut schemas);
        schema::<AmendmentInput>(&mut schemas);
        schema::<AssistanceInput>(&mut schemas);
        schema::<SecurityAssessmentInput>(&mut schemas);
        schema::<IncidentInput>(&mut schemas);
        schema::<ContactInput>(&mut schemas);
        schema::<DossierInput>(&mut schemas);
        schema::<CommitmentInput>(&mut schemas);
        schema::<ProgrammeInput>(&mut schemas);
        schema::<DevelopmentInput>(&mut schemas);
    }
    for (name, schema) in grenzeloos_domain::spoc::message::schema::intake_schemas() {
        schemas.insert(name, schema);
    }
    describe_fields(&mut schemas);
    json!({
        "schemas": schemas,
        "securitySchemes": {
            "session": {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE,
                "description": format!("From POST /api/v1/session. Changes also need the {CSRF_HEADER} header.")},
            "token": {"type": "http", "scheme": "bearer", "description": "A personal API token (gzl_…) from POST /api/v1/tokens."},
            "metrics": {"type": "http", "scheme": "bearer", "description": "The node's metrics token (setting metrics_token), for /metrics."}
        }
    })
}

/// Fields the rules read as dates (`time::parse_date`; an optional one may also be empty).
const DATE_FIELDS: &[&str] = &[
    "from",
    "start",
    "end",
    "date",
    "valid_from",
    "made_on",
    "answered_on",
    "status_from",
    "signed",
    "published",
    "in_force",
    "applies_from",
    "ended",
    "consent_date",
    "decision_date",
    "report_date",
    "keep_until",
];

/// An optional field of form `value`: also empty (as a form sends it), and `null` where the
/// type allows it.
fn optional(property: &Value, value: Value) -> Value {
    let mut any = vec![value, json!({"type": "string", "pattern": BLANK})];
    if property["type"].is_array() {
        any.push(json!({"type": "null"}));
    }
    json!({"anyOf": any})
}

/// Lists that must hold at least one entry.
const MIN_ONE: &[(&str, &str)] = &[
    ("TeamInput", "contributions"),
    ("AgreementInput", "parties"),
    ("ProgrammeInput", "partners"),
];

/// The longest text a field takes, in characters: a name or a line 200, a status note 2,000, a
/// narrative 10,000.
fn max_length(schema: &str, field: &str) -> usize {
    use grenzeloos_domain::{instruments::MAX_LONG_TEXT, registry::MAX_TEXT, status::MAX_NOTE};
    match (schema, field) {
        ("IncidentInput", "summary") => MAX_TEXT,
        (_, "status_note" | "note") => MAX_NOTE,
        (
            _,
            "decision" | "description" | "follow_up" | "inventory" | "progress" | "subject"
            | "summary" | "text",
        ) => MAX_LONG_TEXT,
        (_, "reason") => grenzeloos_domain::retention::MAX_REASON,
        _ => MAX_TEXT,
    }
}

fn codes<C: grenzeloos_domain::choice::Choice>() -> Vec<&'static str> {
    C::all().iter().map(|c| c.code()).collect()
}

/// The closed list a field's value comes from, by input type and field.
fn choices(schema: &str, field: &str) -> Option<Vec<&'static str>> {
    use grenzeloos_domain::agreements::{AgreementKind, AgreementStatus, ExchangeKind};
    use grenzeloos_domain::assistance::{AssistanceStatus, Capability, Direction, Settlement};
    use grenzeloos_domain::instruments::{
        AmendmentKind, CommitmentStatus, DossierStatus, IncidentKind, PlacementKind,
        PlacementStatus, ProgrammeKind, SecurityLevel, Topic,
    };
    use grenzeloos_domain::registry::{DeploymentStatus, Gender, PartnerKind};
    use grenzeloos_domain::retention::Decision;
    Some(match (schema, field) {
        ("AgreementInput", "kind") => codes::<AgreementKind>(),
        ("AgreementInput", "status") => codes::<AgreementStatus>(),
        ("AgreementInput", "legal_basis_for") => codes::<ExchangeKind>(),
        ("AmendmentInput", "kind") => codes::<AmendmentKind>(),
        ("AssistanceInput", "direction") => codes::<Direction>(),
        ("AssistanceInput", "status") => codes::<AssistanceStatus>(),
        ("AssistanceInput", "settlement") => codes::<Settlement>(),
        ("CapabilityInput", "capability") => codes::<Capability>(),
        ("CommitmentInput", "status") => codes::<CommitmentStatus>(),
        ("DeploymentInput", "status") => codes::<DeploymentStatus>(),
        ("DevelopmentInput" | "DossierInput" | "ProgrammeInput", "topic") => codes::<Topic>(),
        ("DossierInput", "status") => codes::<DossierStatus>(),
        ("IncidentInput", "kind") => codes::<IncidentKind>(),
        ("OfficerInput", "gender") => codes::<Gender>(),
        ("PartnerInput", "kind") => codes::<PartnerKind>(),
        ("PlacementInput", "kind") => codes::<PlacementKind>(),
        ("PlacementInput", "status") => codes::<PlacementStatus>(),
        ("ProgrammeInput", "kind") => codes::<ProgrammeKind>(),
        ("SecurityAssessmentInput", "level") => codes::<SecurityLevel>(),
        ("DecisionInput", "decision") => codes::<Decision>(),
        ("NewUserBody" | "UserAccess", "roles") => grenzeloos_domain::access::Role::ALL
            .iter()
            .map(|r| r.as_str())
            .collect(),
        _ => return None,
    })
}

/// Writes into the input types' schemas what the rules require of their fields: a date where a
/// date is read, and a required text that is more than spaces. The types keep their fields as
/// text (a form sends text), so these are not in their derived schemas.
fn describe_fields(schemas: &mut Map<String, Value>) {
    for (schema_name, schema) in schemas.iter_mut() {
        // Only what clients send; the answers' schemas (the error body, the audit
        // verification and its parts) describe what we write and stay as derived.
        let input = schema_name.ends_with("Input")
            || matches!(
                schema_name.as_str(),
                "Login" | "NewToken" | "NewUserBody" | "UserAccess" | "Contribution"
            );
        if !input {
            continue;
        }
        let required: Vec<String> = schema["required"]
            .as_array()
            .map(|names| {
                names
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
            continue;
        };
        let mut newly_required = Vec::new();
        for (name, property) in properties.iter_mut() {
            let is_required = required.contains(name);
            let text = property["type"] == "string";
            if let Some(values) = choices(schema_name, name) {
                let list = property["type"] == "array";
                let one = json!({"type": "string", "enum": values});
                *property = match (list, is_required) {
                    (true, _) => {
                        json!({"type": "array", "items": one, "minItems": u8::from(is_required)})
                    }
                    (false, true) => one,
                    (false, false) => optional(property, one),
                };
            } else if DATE_FIELDS.contains(&name.as_str()) && (text || property["type"].is_array())
            {
                let date = json!({"type": "string", "format": "date"});
                *property = if is_required {
                    date
                } else {
                    optional(property, date)
                };
            } else if text || property["type"] == json!(["string", "null"]) {
                property["maxLength"] = json!(max_length(schema_name, name));
                if is_required {
                    property["pattern"] = json!(if name == "countries" {
                        // A list of codes: at least one character that is not a separator.
                        "[^\\t-\\r ,\\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]"
                    } else {
                        NOT_BLANK
                    });
                }
            } else if property["type"] == "array"
                && MIN_ONE.contains(&(schema_name.as_str(), name.as_str()))
            {
                property["minItems"] = json!(1);
                if !is_required {
                    newly_required.push(name.clone());
                }
            } else if name == "status_history" {
                if let Some(values) = choices(schema_name, "status") {
                    *property = status_history(property, values);
                }
            } else if property["type"] == "integer"
                || property["type"] == json!(["integer", "null"])
            {
                // The whole range the JSON is read into (`number::u32`, `optional_i64`).
                let (min, max) = match property["format"].as_str() {
                    Some("int64") => (
                        -grenzeloos_domain::number::MAX_WHOLE,
                        grenzeloos_domain::number::MAX_WHOLE,
                    ),
                    _ => (0, i64::from(u32::MAX)),
                };
                property["minimum"] = json!(min);
                property["maximum"] = json!(max);
            }
        }
        if !newly_required.is_empty() {
            let mut all = required;
            all.extend(newly_required);
            schema["required"] = json!(all);
        }
    }
}

/// A status history of a record whose statuses are `values`: each step a status of that list
/// from a date.
fn status_history(property: &Value, values: Vec<&'static str>) -> Value {
    let step = json!({
        "type": "object",
        "required": ["status", "from"],
        "properties": {
            "status": {"type": "string", "enum": values},
            "from": {"type": "string", "format": "date"},
            "note": {"type": ["string", "null"], "maxLength": 2_000}
        }
    });
    let list = json!({"type": "array", "items": step});
    if property["type"].is_array() {
        json!({"anyOf": [list, {"type": "null"}]})
    } else {
        list
    }
}

fn error_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}})
}

/// A value that is empty once trimmed, as the rules trim (Rust's `White_Space`, spelled out:
/// the regular expressions of other languages disagree on what `\\s` holds).
const BLANK: &str =
    "^[\\t-\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]*$";

/// A value that holds more than white space.
const NOT_BLANK: &str =
    "[^\\t-\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]";

/// The schema of a query parameter, by its name (the API uses each name with one meaning), and
/// whether it must be given.
fn query_parameter(path: &str, name: &str) -> (Value, bool) {
    // An empty value means the default, as a form sends it.
    let date = json!({"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "pattern": BLANK}]});
    match name {
        "as_of" | "date" | "on" | "from" | "until" | "check_date" => (date, false),
        "as_recorded_at" => (
            json!({"anyOf": [{"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}, {"type": "string", "pattern": BLANK}]}),
            false,
        ),
        "dry_run" => (json!({"type": "boolean"}), false),
        // The desk reads a case to handle it: without a purpose, that is the one recorded.
        "purpose" if path.starts_with("/api/v1/spoc/") => (purpose_schema(), false),
        "purpose" => (purpose_schema(), true),
        "year" => (
            json!({"anyOf": [{"type": "string", "pattern": "^[0-9]{4}$"}, {"type": "string", "pattern": BLANK}]}),
            false,
        ),
        "period" => (json!({"type": "string", "pattern": PERIOD_PATTERN}), true),
        // Only the legal-basis questions take them, and need both.
        "kind" => (
            json!({"type": "string", "enum": codes::<grenzeloos_domain::agreements::ExchangeKind>()}),
            true,
        ),
        "partner" if path.starts_with("/api/v1/spoc/") => (
            json!({"anyOf": [{"type": "string", "pattern": "^[A-Za-z]{2}$"}, {"type": "string", "pattern": BLANK}]}),
            false,
        ),
        "urgency" => (
            json!({"anyOf": [{"type": "string", "enum": grenzeloos_domain::spoc::vocabulary::Urgency::codes()}, {"type": "string", "pattern": BLANK}]}),
            false,
        ),
        "status" => (
            json!({"anyOf": [{"type": "string", "enum": grenzeloos_domain::spoc::case::Status::codes()}, {"type": "string", "pattern": BLANK}]}),
            false,
        ),
        "assignee" => (json!({"type": "string", "maxLength": 200}), false),
        "partner" => (
            json!({"type": "string", "pattern": NOT_BLANK, "maxLength": grenzeloos_domain::registry::MAX_TEXT}),
            true,
        ),
        "domain" => (
            json!({"type": "string", "enum": grenzeloos_domain::data_domain::DataDomain::ALL.map(|d| d.as_str())}),
            false,
        ),
        "limit" => (
            json!({"type": "integer", "minimum": 1, "maximum": 1000}),
            false,
        ),
        "before_seq" => (json!({"type": "integer", "minimum": 1}), false),
        "format" if path.ends_with("/annex") => (
            json!({"type": "string", "enum": ["html", "md", "pdf"]}),
            false,
        ),
        "format" => (
            json!({"type": "string", "enum": ["json", "csv", "excel", "md"]}),
            false,
        ),
        _ => (json!({"type": "string"}), false),
    }
}

/// A half year from 1900 to 9998 (`time::HalfYear`): `2024-H1`.
const PERIOD_PATTERN: &str =
    "^(19[0-9]{2}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-H[12]$";

/// The stated purpose of a read of personal data, as `Purpose::parse` accepts it.
fn purpose_schema() -> Value {
    use grenzeloos_domain::access::{PURPOSE_MAX_CHARS, PURPOSE_PATTERN};
    json!({"type": "string", "pattern": PURPOSE_PATTERN, "maxLength": PURPOSE_MAX_CHARS})
}

/// Builds the document from the route table.
pub fn build() -> Value {
    let mut paths = Map::new();
    for route in routes()
        .into_iter()
        .filter(|r| r.kind == Kind::Api && r.access != Access::MetricsToken)
    {
        let openapi_path = route.path.to_string();
        let mut parameters: Vec<Value> = route
            .path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        parameters.extend(route.query.iter().map(|(name, description)| {
            let (schema, required) = query_parameter(route.path, name);
            json!({"name": name, "in": "query", "required": required, "description": description, "schema": schema})
        }));
        let mut responses = Map::new();
        let success = route.success.to_string();
        responses.insert(
            success.clone(),
            match (route.success, route.returns) {
                (204, _) => json!({"description": "Done; no content"}),
                (_, Some(schema)) => json!({"description": "Success", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}}),
                (_, None) => json!({"description": "Success"}),
            },
        );
        responses.insert(
            "400".into(),
            error_response("Bad input: the message says what is wrong and where"),
        );
        let mut operation = json!({
            "summary": route.summary,
            "operationId": format!("{}{}", route.method.as_str().to_lowercase(), route.path.replace(['/', '{', '}', '.'], "_")),
            "parameters": parameters,
        });
        let changes = route.method != axum::http::Method::GET;
        match route.access {
            Access::Public | Access::MetricsToken => {
                operation["security"] = json!([]);
                if changes {
                    // Signing in: a wrong or throttled attempt.
                    responses.insert("401".into(), error_response("Not signed in: the username or password is wrong, or sign-ins from here must wait"));
                    responses.insert("403".into(), error_response("Sent from another site"));
                }
            }
            Access::SignedIn | Access::Needs(_) | Access::NeedsAny(_) => {
                operation["security"] = json!([{"session": []}, {"token": []}]);
                responses.insert("401".into(), error_response("Not signed in"));
                if changes {
                    responses.insert(
                        "403".into(),
                        error_response("A change with the session cookie lacks the CSRF token, or needs a password session"),
                    );
                }
            }
        }
        if let Access::Needs(permission) = route.access {
            operation["description"] = json!(format!(
                "Requires the permission `{}`.",
                permission.as_str()
            ));
            responses.insert("403".into(), error_response("Your roles do not allow this"));
        }
        if let Access::NeedsAny(any) = route.access {
            let names: Vec<String> = any.iter().map(|p| format!("`{}`", p.as_str())).collect();
            operation["description"] = json!(format!(
                "Requires one of the permissions {}.",
                names.join(", ")
            ));
            responses.insert("403".into(), error_response("Your roles do not allow this"));
        }
        if route.path.contains('{') {
            responses.insert("404".into(), error_response("No such object"));
        }
        if !route.query.is_empty() {
            responses.insert(
                "422".into(),
                error_response("Well-formed, but names what does not exist or breaks a rule"),
            );
        }
        if route.body.is_some() {
            responses.insert(
                "413".into(),
                error_response("The body is larger than this node accepts"),
            );
            responses.insert(
                "415".into(),
                error_response("The body is not sent with the content type this operation takes"),
            );
        }
        match route.body {
            Some("text/csv") => {
                operation["requestBody"] = json!({"required": true, "content": {"text/csv": {"schema": {"type": "string"}}}});
            }
            Some(schema) => {
                operation["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}});
                responses.insert(
                    "409".into(),
                    error_response("Conflicts with existing data (duplicate, overlap)"),
                );
                responses.insert(
                    "422".into(),
                    error_response("Well-formed, but breaks a rule of the registry or the law: the message names the rule and the field"),
                );
            }
            None => {}
        }
        operation["responses"] = Value::Object(responses);
        let item = paths.entry(openapi_path).or_insert_with(|| json!({}));
        item[route.method.as_str().to_lowercase()] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Grenzeloos API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The JSON API of a Grenzeloos node: the registry of international police cooperation. Errors are {\"error\", \"message\", \"field\"}: 400 when the request does not fit this document, 422 when it fits but breaks a rule. /metrics (Prometheus) is not part of it."
        },
        "paths": paths,
        "components": components(),
    })
}

pub async fn document(State(state): State<WebState>) -> Json<Value> {
    Json(state.openapi.as_ref().clone())
}
