//! The one error type of the domain: a broken rule, with the field it concerns.
//!
//! A validation reports every broken rule of its input at once, so that a form shows them all:
//! its independent checks run in a [`Checks`], and the refusal is the first [`Violation`]
//! carrying the others as `further`. Whoever reads only the first (the API's status, an import
//! line) reads what it always read.

use std::fmt;

/// One broken rule: a stable machine code, the input field it concerns (if any) and an
/// English message that tells the user what is wrong. Messages never contain personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub code: &'static str,
    pub field: Option<String>,
    pub message: String,
    /// What the message names, by key (`mission`, `start`, `end`, `deployment_id`), so that a
    /// page can say it in its own language and link to the record concerned. Never personal
    /// data, as the message.
    pub details: Vec<(&'static str, String)>,
    /// The further violations found in the same input, in the order of its checks; each has
    /// none of its own.
    pub further: Vec<Violation>,
}

impl Violation {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            field: None,
            message: message.into(),
            details: Vec::new(),
            further: Vec::new(),
        }
    }

    pub fn at(code: &'static str, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: Some(field.into()),
            ..Self::new(code, message)
        }
    }

    /// This violation naming `value` as `key` in its details.
    pub fn with(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.details.push((key, value.into()));
        self
    }

    /// This violation found inside the object at `path` (`transfer` + `necessity` =
    /// `transfer.necessity`).
    pub fn within(mut self, path: &str) -> Self {
        self.field = Some(match self.field.take() {
            Some(field) if !field.is_empty() => format!("{path}.{field}"),
            _ => path.to_string(),
        });
        self
    }

    /// The detail named `key`, if the violation has it.
    pub fn detail(&self, key: &str) -> Option<&str> {
        self.details
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The first of `violations` carrying the others, or `None` when there are none.
    pub fn first_of(violations: impl IntoIterator<Item = Violation>) -> Option<Violation> {
        let mut all = violations.into_iter().flat_map(Violation::into_all);
        let mut first = all.next()?;
        first.further = all.collect();
        Some(first)
    }

    /// This violation and its further ones, in order, each on its own.
    pub fn into_all(mut self) -> Vec<Violation> {
        let further = std::mem::take(&mut self.further);
        let mut all = vec![self];
        all.extend(further.into_iter().flat_map(Violation::into_all));
        all
    }

    /// This violation and its further ones, in order.
    pub fn all(&self) -> impl Iterator<Item = &Violation> {
        std::iter::once(self).chain(self.further.iter())
    }
}

/// The independent checks of one input: each runs, whatever the others found, and the input
/// is refused with every violation at once.
///
/// ```
/// use grenzeloos_domain::error::{Checks, Invalid, Violation};
/// fn named(field: &str, value: &str) -> Invalid<String> {
///     if value.is_empty() {
///         return Err(Violation::at("required", field, "is required"));
///     }
///     Ok(value.to_string())
/// }
/// let mut checks = Checks::new();
/// let given = checks.check(named("given_name", ""));
/// let family = checks.check(named("family_name", ""));
/// let refused = checks.finish(|| Some((given?, family?))).unwrap_err();
/// assert_eq!(refused.field.as_deref(), Some("given_name"));
/// assert_eq!(refused.further[0].field.as_deref(), Some("family_name"));
/// ```
#[derive(Debug, Default)]
#[must_use = "the violations the checks found are only reported by `finish`"]
pub struct Checks {
    found: Vec<Violation>,
}

impl Checks {
    pub fn new() -> Checks {
        Checks::default()
    }

    /// The value of a check that passed; `None` for one that failed, whose violations are kept.
    pub fn check<T>(&mut self, result: Invalid<T>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(violation) => {
                self.refuse(violation);
                None
            }
        }
    }

    /// Keeps a violation found by a check of several values.
    pub fn refuse(&mut self, violation: Violation) {
        self.found.extend(violation.into_all());
    }

    /// Whether every check so far passed.
    pub fn passed(&self) -> bool {
        self.found.is_empty()
    }

    /// What `build` makes of the checked values when every check passed, else the first
    /// violation carrying the others. `build` takes the values with `?`: each is there once
    /// the checks that gave it passed.
    pub fn finish<T>(self, build: impl FnOnce() -> Option<T>) -> Invalid<T> {
        match Violation::first_of(self.found) {
            Some(refused) => Err(refused),
            // Only a `build` that reads a value no check gave ends here: a fault of the
            // validation, reported as such rather than as the user's.
            None => build().ok_or_else(|| {
                Violation::new("incomplete_check", "the input could not be checked")
            }),
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

    fn required(field: &str, value: &str) -> Invalid<String> {
        if value.is_empty() {
            return Err(Violation::at("required", field, "is required"));
        }
        Ok(value.to_string())
    }

    #[test]
    fn every_check_runs_and_the_first_violation_carries_the_others_in_order() {
        let mut checks = Checks::new();
        let a = checks.check(required("a", ""));
        let b = checks.check(required("b", "filled"));
        let c = checks.check(required("c", ""));
        assert_eq!(b.as_deref(), Some("filled"));
        assert!(!checks.passed());
        checks.refuse(Violation::at("rule", "d", "breaks a rule of a and c"));
        let refused = checks.finish(|| Some((a?, b?, c?))).unwrap_err();
        let fields: Vec<_> = refused.all().map(|v| v.field.as_deref()).collect();
        assert_eq!(fields, [Some("a"), Some("c"), Some("d")]);
        assert!(refused.further.iter().all(|v| v.further.is_empty()));
    }

    #[test]
    fn checks_that_pass_build_the_value() {
        let mut checks = Checks::new();
        let a = checks.check(required("a", "x"));
        let b = checks.check(required("b", "y"));
        assert!(checks.passed());
        assert_eq!(
            checks.finish(|| Some(format!("{}{}", a?, b?))),
            Ok("xy".to_string())
        );
        // A build that reads a value no check gave is the validation's fault, never a panic.
        let refused = Checks::new().finish(|| None::<()>).unwrap_err();
        assert_eq!(refused.code, "incomplete_check");
    }

    #[test]
    fn violations_that_carry_others_are_flattened_once() {
        let inner =
            Violation::first_of([Violation::at("x", "a", "m"), Violation::at("y", "b", "m")])
                .unwrap();
        let mut checks = Checks::new();
        checks.refuse(inner);
        checks.refuse(Violation::at("z", "c", "m"));
        let refused = checks.finish(|| Some(())).unwrap_err();
        let codes: Vec<_> = refused.clone().into_all().iter().map(|v| v.code).collect();
        assert_eq!(codes, ["x", "y", "z"]);
        assert_eq!(refused.further.len(), 2);
        assert!(Violation::first_of(Vec::new()).is_none());
    }

    #[test]
    fn details_name_what_the_message_is_about() {
        let v = Violation::at("overlap", "start", "m").with("mission", "EULEX Kosovo");
        assert_eq!(v.detail("mission"), Some("EULEX Kosovo"));
        assert_eq!(v.detail("start"), None);
    }
}
