//! Closed lists of choices (statuses, kinds, topics) with one stable code per value.
//!
//! The codes are what the API, the forms, the store and the audit trail use; the words for
//! people — Dutch and English, the same in the UI and in the reports — live in `labels`.

use crate::Invalid;

/// A closed list of choices with one stable code per value: what the generic rules (status
/// histories) and the one vocabulary (`labels`) need to know of any such list.
pub trait Choice: Copy + Eq + std::fmt::Debug + Send + Sync + 'static {
    /// Every value, in the list's order.
    fn all() -> &'static [Self];
    /// The stable code of a value.
    fn code(self) -> &'static str;
    /// The value of a code, or a refusal that names `field` and the valid codes.
    fn parse_at(field: &str, value: &str) -> Invalid<Self>;
}

/// Declares a closed list of choices: the enum, its codes, `ALL`, `as_str` and a `parse` that
/// names the field and lists the valid codes when it refuses.
#[macro_export]
macro_rules! choice {
    ($(#[$meta:meta])* $vis:vis enum $name:ident ($what:literal) { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        $vis enum $name { $($(#[$vmeta])* $variant),+ }

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
                    .find(|choice| choice.as_str() == value)
                    .ok_or_else(|| {
                        $crate::Violation::at(
                            "invalid_choice",
                            field,
                            format!(
                                "{} is not a {}; use one of {}",
                                $crate::text::echo(value),
                                $what,
                                $name::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
                            ),
                        )
                    })
            }
        }

        impl $crate::choice::Choice for $name {
            fn all() -> &'static [$name] {
                $name::ALL
            }

            fn code(self) -> &'static str {
                self.as_str()
            }

            fn parse_at(field: &str, value: &str) -> $crate::Invalid<$name> {
                $name::parse(field, value)
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
    use super::Choice;

    choice! {
        enum Colour ("colour") { Red = "red", DarkBlue = "dark_blue" }
    }

    #[test]
    fn parses_codes_and_names_the_field_and_the_choices_when_it_refuses() {
        assert_eq!(Colour::parse("c", " dark_blue "), Ok(Colour::DarkBlue));
        let err = Colour::parse("colour", "green").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("colour"));
        assert_eq!(
            err.message,
            "'green' is not a colour; use one of red, dark_blue"
        );
        assert_eq!(Colour::ALL.len(), 2);
        assert_eq!(Colour::all(), Colour::ALL);
        assert_eq!(Colour::parse_at("c", "red").map(Colour::code), Ok("red"));
    }
}
