//! The one error type of the domain: a broken rule, with the field it concerns.

use std::fmt;

/// One broken rule: a stable machine code, the input field it concerns (if any) and an
/// English message that tells the user what is wrong. Messages never contain personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub code: &'static str,
    pub field: Option<String>,
    pub message: String,
}

impl Violation {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            field: None,
            message: message.into(),
        }
    }

    pub fn at(code: &'static str, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code,
            field: Some(field.into()),
            message: message.into(),
        }
    }
}

/// The codes of violations about a value's form — its type, date format, length, choice from a
/// closed list, a required value missing, a purpose that says nothing — which the API's schema
/// describes, so a request that fits the schema never breaks them (HTTP 400 when one does).
/// Every other violation is a rule the value breaks in its context (HTTP 422).
pub const FORM_CODES: &[&str] = &[
    "required",
    "too_long",
    "invalid_date",
    "invalid_timestamp",
    "invalid_period",
    "invalid_choice",
    "unknown_domain",
    "invalid_number",
    "invalid_json",
    "invalid_query",
    "purpose_required",
    "purpose_too_long",
    "purpose_invalid_character",
];

impl Violation {
    /// Whether this is about the value's form (see [`FORM_CODES`]) rather than a rule.
    pub fn is_about_form(&self) -> bool {
        FORM_CODES.contains(&self.code)
    }

    /// The field without list positions: `capabilities[1].quantity` → `capabilities`, where a
    /// form shows the error.
    pub fn field_base(&self) -> &str {
        let field = self.field.as_deref().unwrap_or_default();
        field.split('[').next().unwrap_or(field)
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{field}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Violation {}

/// Shorthand for the result of a rule.
pub type Invalid<T> = Result<T, Violation>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_base_drops_list_positions() {
        let at = |field: &str| Violation::at("x", field, "m");
        assert_eq!(at("capabilities[1].quantity").field_base(), "capabilities");
        assert_eq!(at("title").field_base(), "title");
        assert_eq!(Violation::new("x", "m").field_base(), "");
    }
}
