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

fn error_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}})
}

/// Builds the document from the route table.
pub fn build() -> Value {
    let mut paths = Map::new();
    for route in routes().into_iter().filter(|r| r.kind == Kind::Api) {
        let openapi_path = route.path.to_string();
        let mut parameters: Vec<Value> = route
            .path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        parameters.extend(route.query.iter().map(|(name, description)| {
            json!({"name": name, "in": "query", "required": false, "description": description, "schema": {"type": "string"}})
        }));
        let mut responses = Map::new();
        responses.insert(
            "200".into(),
            match route.returns {
                Some(schema) => json!({"description": "Success", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}}),
                None => json!({"description": "Success"}),
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
        match route.access {
            Access::Public => {
                operation["security"] = json!([]);
            }
            Access::MetricsToken => {
                operation["security"] = json!([{"metrics": []}]);
                responses.insert("401".into(), error_response("Without the metrics token"));
                responses.insert(
                    "404".into(),
                    error_response("Not served on this listener (no metrics token configured)"),
                );
            }
            Access::SignedIn | Access::Needs(_) => {
                operation["security"] = json!([{"session": []}, {"token": []}]);
                responses.insert("401".into(), error_response("Not signed in"));
            }
        }
        if let Access::Needs(permission) = route.access {
            operation["description"] = json!(format!(
                "Requires the permission `{}`.",
                permission.as_str()
            ));
            responses.insert("403".into(), error_response("Your roles do not allow this"));
        }
        if route.path.contains('{') {
            responses.insert("404".into(), error_response("No such object"));
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
            "description": "The JSON API of a Grenzeloos node: the registry of international police cooperation. Errors are {\"error\", \"message\", \"field\"}."
        },
        "paths": paths,
        "components": components(),
    })
}

pub async fn document(State(state): State<WebState>) -> Json<Value> {
    Json(state.openapi.as_ref().clone())
}
