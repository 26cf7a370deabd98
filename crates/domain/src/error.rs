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

impl Violation {
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
