//! The JSON API's handlers: each parses its input, calls one use case, and shapes the answer.

pub mod accounts;
pub mod instruments;
pub mod registry;
pub mod reports;
pub mod supervision;

use crate::error::ApiResult;
use grenzeloos_domain::access::Purpose;
use grenzeloos_domain::time::parse_date;
use jiff::civil::Date;

/// Today in Amsterdam, the default reference date.
pub fn today() -> Date {
    jiff::Zoned::now()
        .with_time_zone(
            jiff::tz::TimeZone::get("Europe/Amsterdam").unwrap_or(jiff::tz::TimeZone::UTC),
        )
        .date()
}

/// A reference date from the query, today when absent.
pub fn as_of(value: Option<&str>) -> ApiResult<Date> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(today()),
        Some(value) => Ok(parse_date("as_of", value)?),
    }
}

/// The stated purpose of a read of personal data: `?purpose=` or the `X-Purpose` header.
pub fn purpose(query: Option<&str>, headers: &axum::http::HeaderMap) -> ApiResult<Purpose> {
    let header = headers.get("x-purpose").and_then(|v| v.to_str().ok());
    Ok(Purpose::parse(query.or(header))?)
}
