//! The JSON API's handlers: each parses its input, calls one use case, and shapes the answer.

pub mod accounts;
pub mod instruments;
pub mod registry;
pub mod reports;
pub mod retention;
pub mod spoc;
pub mod supervision;

use crate::error::ApiResult;
use grenzeloos_domain::access::Purpose;
use grenzeloos_domain::time::parse_date;
use jiff::civil::Date;

/// A reference date from the query; `today` (by the node's clock) when absent.
pub fn as_of(value: Option<&str>, today: Date) -> ApiResult<Date> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(today),
        Some(value) => Ok(parse_date("as_of", value)?),
    }
}

/// The stated purpose of a read of personal data: `?purpose=` or the `X-Purpose` header.
pub fn purpose(query: Option<&str>, headers: &axum::http::HeaderMap) -> ApiResult<Purpose> {
    let header = headers.get("x-purpose").and_then(|v| v.to_str().ok());
    Ok(Purpose::parse(query.or(header))?)
}
