//! Errors as the API returns them: `{"error": code, "message": text, "field": optional}` with
//! the right status, and the further errors of the same input in `further` when it breaks more
//! than one rule. Bad input is always a 4xx; a 500 means a fault of ours, and its details
//! go to the log (never personal data), not to the client.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use grenzeloos_app::AppError;
use grenzeloos_app::import::LineError;
use serde::Serialize;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A stable machine-readable code, e.g. `consent_missing`.
    pub error: String,
    /// What is wrong, for a person.
    pub message: String,
    /// The input field concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Per-line problems of an import: the first 100, by line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    pub errors: Vec<LineError>,
    /// How many problems the import has in all (`errors` lists the first 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_count: Option<usize>,
    /// The other rules the same input breaks, in the order they were checked; the status and
    /// `error` are the first one's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub further: Vec<FurtherError>,
}

/// One more rule an input breaks.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FurtherError {
    /// A stable machine-readable code, e.g. `required`.
    pub error: String,
    /// What is wrong, for a person.
    pub message: String,
    /// The input field concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl FurtherError {
    fn list(further: Vec<grenzeloos_domain::Violation>) -> Vec<FurtherError> {
        further
            .into_iter()
            .map(|v| FurtherError {
                error: v.code.to_string(),
                message: v.message,
                field: v.field,
            })
            .collect()
    }
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    /// Boxed: handlers return `Result<_, ApiError>` everywhere, and the body is large.
    pub body: Box<ErrorBody>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: Box::new(ErrorBody {
                error: code.to_string(),
                message: message.into(),
                field: None,
                errors: Vec::new(),
                error_count: None,
                further: Vec::new(),
            }),
        }
    }

    pub fn at(mut self, field: impl Into<String>) -> ApiError {
        self.body.field = Some(field.into());
        self
    }

    pub fn bad_request(code: &str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> ApiError {
        let message = error.to_string();
        match error {
            AppError::Unauthenticated => {
                ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", message)
            }
            AppError::Forbidden(_) => ApiError::new(StatusCode::FORBIDDEN, "forbidden", message),
            AppError::Invalid(v) if v.code == "login_failed" => {
                ApiError::new(StatusCode::UNAUTHORIZED, v.code, v.message)
            }
            // A value of the wrong form is a request the schema does not allow (400); a
            // well-formed one that breaks a rule is unprocessable (422).
            AppError::Invalid(v) => {
                let status = if v.is_about_form() {
                    StatusCode::BAD_REQUEST
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                };
                let mut e = ApiError::new(status, v.code, v.message);
                e.body.field = v.field;
                e.body.further = FurtherError::list(v.further);
                e
            }
            AppError::Conflict(v) => {
                let mut e = ApiError::new(StatusCode::CONFLICT, v.code, v.message);
                e.body.field = v.field;
                e.body.further = FurtherError::list(v.further);
                e
            }
            AppError::NotFound { .. } => ApiError::new(StatusCode::NOT_FOUND, "not_found", message),
            AppError::NeedsSession(_) => {
                ApiError::new(StatusCode::FORBIDDEN, "session_required", message)
            }
            AppError::Import(errors) => {
                // The request is well-formed; the file's rows break rules.
                let mut e =
                    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_import", message);
                e.body.field = errors.errors.first().and_then(|e| e.field.clone());
                e.body.error_count = Some(errors.total);
                e.body.errors = errors.errors;
                e
            }
            AppError::Store(store) => {
                tracing::error!(error = %store, "store failure");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "an internal error occurred; it has been logged",
                )
            }
        }
    }
}

impl From<grenzeloos_domain::Violation> for ApiError {
    fn from(v: grenzeloos_domain::Violation) -> ApiError {
        ApiError::from(AppError::Invalid(v))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(*self.body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
