//! Extractors whose rejections speak the API's error format instead of plain text.

use crate::error::ApiError;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use grenzeloos_domain::text::shorten_quoted;
use serde::de::DeserializeOwned;

/// A JSON body; a malformed one is a 400 that says where.
pub struct Body<T>(pub T);

impl<S, T> FromRequest<S> for Body<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Body(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON with Content-Type: application/json",
            )),
            Err(rejection) => {
                // serde's message names the field and the position ("missing field `name` at
                // line 1 column 2"), and may quote the offending value ("invalid type: string
                // \"…\""): those quotes are cut short, so a huge value is never echoed.
                let detail = rejection.body_text();
                let detail = shorten_quoted(
                    detail
                        .split_once(": ")
                        .map_or(detail.as_str(), |(_, rest)| rest),
                );
                let mut error = ApiError::bad_request(
                    "invalid_json",
                    format!("the JSON body is not valid: {detail}"),
                );
                if let Some(field) = detail.split('`').nth(1) {
                    error = error.at(field);
                }
                Err(error)
            }
        }
    }
}

/// Query parameters; a malformed one is a 400 that names it.
pub struct Params<T>(pub T);

impl<S, T> FromRequestParts<S> for Params<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Params(value)),
            Err(rejection @ QueryRejection::FailedToDeserializeQueryString(_)) => {
                let detail = rejection.body_text();
                let detail = shorten_quoted(
                    detail
                        .split_once(": ")
                        .map_or(detail.as_str(), |(_, rest)| rest),
                );
                Err(ApiError::bad_request(
                    "invalid_query",
                    format!("the query string is not valid: {detail}"),
                ))
            }
            Err(rejection) => Err(ApiError::bad_request(
                "invalid_query",
                shorten_quoted(&rejection.body_text()),
            )),
        }
    }
}
