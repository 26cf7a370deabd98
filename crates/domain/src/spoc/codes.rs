//! Closed code lists whose codes are not snake-case identifiers (`H0`, `A`, `1`, `eu-periods`).
//!
//! Like [`crate::choice!`], but each variant's JSON name is its code itself, so the API, the
//! message schema, the store and the statistics all write the one code the law or SIENA
//! practice uses.

/// Declares a closed list: the enum, `ALL`, `as_str`, a `parse` that names the field and the
/// valid codes when it refuses, `Display`, and serde under the same codes.
macro_rules! codes {
    ($(#[$meta:meta])* $vis:vis enum $name:ident ($what:literal) { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        $vis enum $name { $($(#[$vmeta])* #[serde(rename = $code)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(field: &str, value: &str) -> $crate::Invalid<$name> {
                let value = value.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|code| code.as_str() == value)
                    .ok_or_else(|| {
                        $crate::Violation::at(
                            "invalid_choice",
                            field,
                            format!(
                                "'{value}' is not {}; use one of {}",
                                $what,
                                $name::codes().join(", ")
                            ),
                        )
                    })
            }

            /// Every code, in declaration order (for help texts and the JSON Schema).
            pub fn codes() -> Vec<&'static str> {
                $name::ALL.iter().map(|c| c.as_str()).collect()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    codes! {
        enum Handling ("a handling code") { H0 = "H0", EuPeriods = "eu-periods" }
    }

    #[test]
    fn codes_are_the_json_names_and_a_refusal_names_field_and_choices() {
        assert_eq!(Handling::parse("h", " H0 "), Ok(Handling::H0));
        assert_eq!(
            serde_json::to_string(&Handling::EuPeriods).unwrap(),
            "\"eu-periods\""
        );
        assert_eq!(
            serde_json::from_str::<Handling>("\"H0\"").unwrap(),
            Handling::H0
        );
        let err = Handling::parse("handling", "h0").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("handling"));
        assert_eq!(
            err.message,
            "'h0' is not a handling code; use one of H0, eu-periods"
        );
    }
}
