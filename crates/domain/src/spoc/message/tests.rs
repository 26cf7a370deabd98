//! The message parser, its documentation and its JSON Schema against one another.

use super::schema::{json_schema, json_schema_text};
use super::*;
use proptest::prelude::*;
use serde_json::json;

const DOC: &str = include_str!("../../../../../docs/spoc-message.md");
const SCHEMA_FILE: &str = "../../docs/schemas/spoc-message-1.json";

/// The JSON examples of docs/spoc-message.md: (valid, the field an invalid one names, text).
/// An invalid example is announced by `<!-- invalid: FIELD -->` on the line before it.
fn examples() -> Vec<(bool, Option<String>, String)> {
    let mut out = Vec::new();
    let mut lines = DOC.lines().peekable();
    let mut previous = "";
    while let Some(line) = lines.next() {
        if line.trim() == "```json" {
            let mut block = String::new();
            for l in lines.by_ref() {
                if l.trim() == "```" {
                    break;
                }
                block.push_str(l);
                block.push('\n');
            }
            let invalid = previous
                .trim()
                .strip_prefix("<!-- invalid: ")
                .and_then(|r| r.strip_suffix(" -->"))
                .map(str::to_string);
            out.push((invalid.is_none(), invalid, block));
        }
        if !line.trim().is_empty() {
            previous = line;
        }
    }
    out
}

// ---- a small JSON Schema validator, for the keywords the generated schema uses -------------

fn validate(root: &Value, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    let Some(schema) = schema.as_object() else {
        panic!("schema at {path} is not an object")
    };
    for (keyword, rule) in schema {
        match keyword.as_str() {
            "$schema" | "$id" | "title" | "description" | "$defs" | "format" => {}
            "$ref" => {
                let name = rule
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                    .expect("local $ref");
                validate(root, &root["$defs"][name], value, path, errors);
            }
            "type" => {
                let types: Vec<&str> = match rule {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                    _ => panic!("type"),
                };
                let ok = types.iter().any(|t| match *t {
                    "object" => value.is_object(),
                    "array" => value.is_array(),
                    "string" => value.is_string(),
                    "boolean" => value.is_boolean(),
                    "null" => value.is_null(),
                    "integer" => value.is_u64() || value.is_i64(),
                    "number" => value.is_number(),
                    other => panic!("type {other}"),
                });
                if !ok {
                    errors.push(format!("{path}: not {types:?}"));
                }
            }
            "enum" => {
                if !rule.as_array().is_some_and(|a| a.contains(value)) {
                    errors.push(format!("{path}: not in enum"));
                }
            }
            "const" => {
                if rule != value {
                    errors.push(format!("{path}: not {rule}"));
                }
            }
            "minLength" | "maxLength" => {
                if let Some(s) = value.as_str() {
                    let n = s.chars().count() as u64;
                    let bound = rule.as_u64().expect("length");
                    if (keyword == "minLength" && n < bound)
                        || (keyword == "maxLength" && n > bound)
                    {
                        errors.push(format!("{path}: {keyword} {bound}"));
                    }
                }
            }
            "pattern" => {
                assert_eq!(rule, "^[a-z]{2}$", "the only pattern the validator knows");
                if let Some(s) = value.as_str()
                    && !(s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase()))
                {
                    errors.push(format!("{path}: pattern"));
                }
            }
            "minimum" | "maximum" => {
                if let Some(n) = value.as_f64() {
                    let bound = rule.as_f64().expect("bound");
                    if (keyword == "minimum" && n < bound) || (keyword == "maximum" && n > bound) {
                        errors.push(format!("{path}: {keyword} {bound}"));
                    }
                }
            }
            "properties" => {
                if let Some(object) = value.as_object() {
                    for (name, sub) in rule.as_object().expect("properties") {
                        if let Some(v) = object.get(name) {
                            validate(root, sub, v, &format!("{path}.{name}"), errors);
                        }
                    }
                }
            }
            "required" => {
                if let Some(object) = value.as_object() {
                    for name in rule.as_array().expect("required") {
                        let name = name.as_str().expect("name");
                        if !object.contains_key(name) {
                            errors.push(format!("{path}: {name} required"));
                        }
                    }
                }
            }
            "additionalProperties" => {
                assert_eq!(rule, &Value::Bool(false));
                if let Some(object) = value.as_object() {
                    let known = schema["properties"].as_object().expect("properties");
                    for name in object.keys() {
                        if !known.contains_key(name) {
                            errors.push(format!("{path}: {name} unknown"));
                        }
                    }
                }
            }
            "items" => {
                if let Some(items) = value.as_array() {
                    for (i, v) in items.iter().enumerate() {
                        validate(root, rule, v, &format!("{path}[{i}]"), errors);
                    }
                }
            }
            "minItems" | "maxItems" => {
                if let Some(items) = value.as_array() {
                    let bound = rule.as_u64().expect("bound") as usize;
                    if (keyword == "minItems" && items.len() < bound)
                        || (keyword == "maxItems" && items.len() > bound)
                    {
                        errors.push(format!("{path}: {keyword} {bound}"));
                    }
                }
            }
            "uniqueItems" => {
                if let Some(items) = value.as_array()
                    && (1..items.len()).any(|i| items[..i].contains(&items[i]))
                {
                    errors.push(format!("{path}: items repeat"));
                }
            }
            "oneOf" | "anyOf" => {
                let passing = rule
                    .as_array()
                    .expect("alternatives")
                    .iter()
                    .filter(|alternative| {
                        let mut e = Vec::new();
                        validate(root, alternative, value, path, &mut e);
                        e.is_empty()
                    })
                    .count();
                if (keyword == "oneOf" && passing != 1) || (keyword == "anyOf" && passing == 0) {
                    errors.push(format!("{path}: {passing} alternatives of {keyword} fit"));
                }
            }
            other => panic!("the validator does not know the keyword {other}"),
        }
    }
}

fn schema_errors(value: &Value) -> Vec<String> {
    let root = json_schema();
    let mut errors = Vec::new();
    validate(&root, &root, value, "", &mut errors);
    errors
}

// ---- the tests ----------------------------------------------------------------------------

#[test]
fn the_published_json_schema_is_the_generated_one() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA_FILE);
    if std::env::var_os("GRENZELOOS_BLESS").is_some() {
        std::fs::write(&path, json_schema_text()).unwrap();
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == json_schema_text(),
        "docs/schemas/spoc-message-1.json differs from the generated schema; regenerate it with GRENZELOOS_BLESS=1 cargo test -p grenzeloos-domain published_json_schema"
    );
}

#[test]
fn every_example_in_the_docs_parses_validates_and_reads_back_the_same() {
    let examples = examples();
    assert!(
        examples.iter().filter(|e| e.0).count() >= 7,
        "the docs show every message type"
    );
    let mut types = std::collections::BTreeSet::new();
    for (valid, field, text) in examples {
        let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        let parsed = parse(text.as_bytes());
        let errors = schema_errors(&value);
        if valid {
            let message = parsed.unwrap_or_else(|v| panic!("{v}: {text}"));
            assert!(errors.is_empty(), "{errors:?}: {text}");
            types.insert(message.content.kind());
            let again = parse(message.to_json().as_bytes()).unwrap();
            assert_eq!(again, message);
            assert!(schema_errors(&serde_json::from_str(&message.to_json()).unwrap()).is_empty());
        } else {
            let err = parsed.expect_err(&text);
            assert_eq!(err.field, field, "{err}: {text}");
        }
    }
    assert_eq!(
        types.len(),
        MessageType::ALL.len(),
        "an example of each type"
    );
}

/// Codes of rules the parser checks beyond the JSON Schema (docs/spoc-message.md lists them).
const BEYOND_THE_SCHEMA: &[&str] = &[
    "urgency_ground_missing",
    "urgency_ground_not_urgent",
    "handling_conditions_missing",
    "handling_conditions_without_h3",
    "handling_h0_with_restrictions",
    "objective_reason_missing",
    "objective_reason_without_f",
    "vehicle_unidentified",
    "unknown_subject",
    "invalid_phone",
    "channel_exception_missing",
    "channel_exception_for_siena",
    "requesting_state_not_sender",
    "requested_state_not_recipient",
];

fn every_object(value: &Value, path: Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => {
            out.push(path.clone());
            for (k, v) in map {
                let mut p = path.clone();
                p.push(k.clone());
                every_object(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let mut p = path.clone();
                p.push(i.to_string());
                every_object(v, p, out);
            }
        }
        _ => {}
    }
}

fn at<'a>(value: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(value, |v, step| match v {
        Value::Array(items) => &mut items[step.parse::<usize>().unwrap()],
        other => &mut other[step.as_str()],
    })
}

/// The schema and the parser judge a document alike, or the parser refuses it for a rule
/// beyond the schema.
fn judged_alike(document: &Value, what: &str) {
    let schema_ok = schema_errors(document).is_empty();
    let parsed = parse(document.to_string().as_bytes());
    match (&parsed, schema_ok) {
        (Ok(_), true) | (Err(_), false) => {}
        (Ok(_), false) => panic!(
            "{what}: the schema refuses what the parser accepts: {:?}",
            schema_errors(document)
        ),
        (Err(v), true) => assert!(
            BEYOND_THE_SCHEMA.contains(&v.code),
            "{what}: the parser refuses ({v}) what the schema accepts"
        ),
    }
}

#[test]
fn the_schema_and_the_parser_agree_on_every_field_of_the_examples() {
    for (_, _, text) in examples().into_iter().filter(|e| e.0) {
        let original: Value = serde_json::from_str(&text).unwrap();
        let mut objects = Vec::new();
        every_object(&original, Vec::new(), &mut objects);
        for path in objects {
            let keys: Vec<String> = at(&mut original.clone(), &path)
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            for key in &keys {
                // Leave each field out: required in both or optional in both.
                let mut without = original.clone();
                at(&mut without, &path).as_object_mut().unwrap().remove(key);
                judged_alike(&without, &format!("without {path:?}.{key}"));
                // A value of the wrong JSON type.
                let mut wrong = original.clone();
                let slot = &mut at(&mut wrong, &path)[key.as_str()];
                *slot = match slot {
                    Value::String(_) => json!(7),
                    _ => json!("7"),
                };
                judged_alike(&wrong, &format!("{path:?}.{key} of the wrong type"));
                // Null: the schema allows it where the parser reads it as absent.
                let mut null = original.clone();
                at(&mut null, &path)[key.as_str()] = Value::Null;
                judged_alike(&null, &format!("{path:?}.{key} null"));
            }
            // A field nobody knows.
            let mut extra = original.clone();
            at(&mut extra, &path)
                .as_object_mut()
                .unwrap()
                .insert("colour_of_the_sky".into(), json!("blue"));
            let schema_ok = schema_errors(&extra).is_empty();
            assert!(
                !schema_ok,
                "the schema accepts an unknown field at {path:?}"
            );
            let err = parse(extra.to_string().as_bytes()).unwrap_err();
            assert!(err.message.contains("colour_of_the_sky"), "{err}");
        }
    }
}

fn request_with_subjects(subjects: Value) -> Value {
    let first = examples()
        .into_iter()
        .find(|e| e.0 && e.2.contains("\"type\": \"request\""))
        .unwrap();
    let mut message: Value = serde_json::from_str(&first.2).unwrap();
    message["body"]["subjects"] = subjects;
    message
}

#[test]
fn errors_name_the_json_path_inside_subjects() {
    for (subjects, field, needle) in [
        (
            json!([{"type": "person", "category": "suspect", "family_name": "Jansen", "date_of_birth": 19800229}]),
            "body.subjects[0].date_of_birth",
            "string",
        ),
        (
            json!([{"type": "vehicle", "plate": "12-ABC-3"}, {"type": "person", "category": "witness", "family_name": "x".repeat(201)}]),
            "body.subjects[1].family_name",
            "at most 200",
        ),
        (
            json!([{"type": "person", "category": "suspect", "family_name": "Jansen", "shoe_size": 44}]),
            "body.subjects[0].shoe_size",
            "unknown field",
        ),
        (
            json!([{"type": "person", "category": "neighbour", "family_name": "Jansen"}]),
            "body.subjects[0].category",
            "suspect",
        ),
        (
            json!([{"type": "spaceship", "name": "x"}]),
            "body.subjects[0].type",
            "person",
        ),
        (
            json!([{"category": "suspect", "family_name": "Jansen"}]),
            "body.subjects[0].type",
            "missing",
        ),
        (
            json!([{"type": "person", "category": "suspect", "family_name": "Jansen", "date_of_birth": "1980-02-30"}]),
            "body.subjects[0].date_of_birth",
            "YYYY-MM-DD",
        ),
        (
            json!([{"type": "phone", "number": "06 12345678"}]),
            "body.subjects[0].number",
            "country",
        ),
        (
            json!([{"type": "document", "kind": "passport", "number": "NX123", "holder": "p9"}]),
            "body.subjects[0].holder",
            "another subject",
        ),
        (
            json!([{"type": "person", "category": "suspect", "family_name": "Jansen", "nationalities": ["NL", "Dutch"]}]),
            "body.subjects[0].nationalities[1]",
            "country code",
        ),
    ] {
        let message = request_with_subjects(subjects);
        let err = parse(message.to_string().as_bytes()).unwrap_err();
        assert_eq!(err.field.as_deref(), Some(field), "{err}");
        assert!(err.message.contains(needle), "{field}: {err}");
        // No personal data in the message: the name itself is not repeated.
        assert!(!err.message.contains("Jansen"), "{err}");
    }
}

#[test]
fn a_message_of_another_version_or_no_json_is_told_so() {
    let err = parse(br#"{"schema": "grenzeloos.spoc.message/2", "id": 1}"#).unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        ("unsupported_schema", Some("schema"))
    );
    assert_eq!(parse(b"{\"id\": ").unwrap_err().code, "invalid_json");
    assert_eq!(parse(b"[]").unwrap_err().code, "invalid_message");
    let big = vec![b' '; MAX_MESSAGE_BYTES + 1];
    assert_eq!(parse(&big).unwrap_err().code, "too_large");
}

#[test]
fn subjects_give_their_crosscheck_keys() {
    let message = request_with_subjects(json!([
        {"type": "person", "id": "p1", "category": "suspect", "given_names": "Jan", "family_name": "de Vries", "date_of_birth": "1980-02-29"},
        {"type": "phone", "number": "06 12345678", "country": "NL", "holder": "p1"},
        {"type": "organisation", "name": "Transport BV", "registration_number": "KVK 1234 5678"},
    ]));
    let message = parse(message.to_string().as_bytes()).unwrap();
    let Content::Request(request) = &message.content else {
        panic!("a request")
    };
    let keys: Vec<String> = request
        .subjects
        .iter()
        .flat_map(|s| s.for_crosscheck())
        .flat_map(|s| crosscheck::keys(&s))
        .collect();
    assert!(keys.contains(&"p:1980-02-29:vries".to_string()), "{keys:?}");
    assert!(keys.contains(&"t:+31612345678".to_string()));
    assert!(keys.contains(&"d:KVK12345678".to_string()));
}

proptest! {
    #[test]
    fn the_parser_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse(&bytes);
    }

    #[test]
    fn the_parser_never_panics_on_mangled_examples(which in 0usize..7, cut in 0usize..4000, insert in ".{0,8}") {
        let valid: Vec<String> = examples().into_iter().filter(|e| e.0).map(|e| e.2).collect();
        let text = &valid[which % valid.len()];
        let mut at = cut % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mangled = format!("{}{}{}", &text[..at], insert, &text[at..]);
        if let Ok(message) = parse(mangled.as_bytes()) {
            prop_assert_eq!(parse(message.to_json().as_bytes()), Ok(message));
        }
    }
}
