//! Allele values: a repeat number with an optional microvariant (`9`, `9.3`, `22.2`), or the
//! wildcard `*`. `9.3` is "9 repeats and 3 bases", a value and not a float.

use crate::locus::Locus;
use std::fmt;

/// The largest repeat number we store. `99` is the Prüm code for "not designated" and becomes
/// the wildcard; a larger number is a typing error, not an allele.
pub const MAX_REPEATS: u8 = 98;

/// One allele. Ordered so that values sort by repeats then microvariant and the wildcard last.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Allele {
    Value { repeats: u8, variant: u8 },
    Wildcard,
}

/// Why a cell value is not an allele.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum AlleleError {
    #[error("repeat number {0} is out of range (at most {MAX_REPEATS})")]
    OutOfRange(String),
    #[error("microvariant .{variant} does not exist at {locus} (a {unit}-base repeat has .1 to .{max})", max = unit - 1)]
    Microvariant { variant: u8, locus: Locus, unit: u8 },
    #[error("a microvariant has one digit after the point")]
    VariantDigits,
}

impl Allele {
    /// A value allele; `None` when it cannot exist at `locus`.
    pub fn value(repeats: u8, variant: u8, locus: Locus) -> Option<Allele> {
        (repeats <= MAX_REPEATS && variant < locus.repeat_unit())
            .then_some(Allele::Value { repeats, variant })
    }

    /// Reads one allele as written in a profile, applying the Prüm conversions:
    /// any non-numeric value (`o`, `f`, `na`, `<8` …) and the values `0`, `1` and `99` become the
    /// wildcard. A numeric value that cannot be an allele at `locus` is an error, not a
    /// wildcard: a typing error must not silently widen a search.
    pub fn parse(text: &str, locus: Locus) -> Result<Allele, AlleleError> {
        let text = text.trim();
        let (whole, fraction) = match text.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (text, None),
        };
        let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !numeric(whole) || !fraction.is_none_or(numeric) {
            return Ok(Allele::Wildcard);
        }
        let digits = whole.trim_start_matches('0');
        let repeats: u32 = if digits.is_empty() {
            0
        } else if digits.len() > 3 {
            return Err(AlleleError::OutOfRange(whole.to_string()));
        } else {
            digits
                .parse()
                .map_err(|_| AlleleError::OutOfRange(whole.to_string()))?
        };
        let variant = match fraction {
            None => 0,
            Some(f) if f.len() == 1 => f.as_bytes()[0] - b'0',
            Some(_) => return Err(AlleleError::VariantDigits),
        };
        if variant == 0 && matches!(repeats, 0 | 1 | 99) {
            return Ok(Allele::Wildcard);
        }
        let repeats = u8::try_from(repeats)
            .ok()
            .filter(|r| *r <= MAX_REPEATS)
            .ok_or_else(|| AlleleError::OutOfRange(whole.to_string()))?;
        Allele::value(repeats, variant, locus).ok_or(AlleleError::Microvariant {
            variant,
            locus,
            unit: locus.repeat_unit(),
        })
    }

    pub fn is_wildcard(self) -> bool {
        self == Allele::Wildcard
    }

    /// The length in bases above a common origin (`repeats × unit + variant`); `None` for the
    /// wildcard. Microvariant tolerance relates alleles whose positions differ by one base.
    pub fn position(self, unit: u8) -> Option<u16> {
        match self {
            Allele::Value { repeats, variant } => {
                Some(u16::from(repeats) * u16::from(unit) + u16::from(variant))
            }
            Allele::Wildcard => None,
        }
    }

    /// The allele at a position (the inverse of [`Allele::position`]).
    pub fn at_position(position: u16, unit: u8) -> Option<Allele> {
        let unit16 = u16::from(unit);
        let repeats = u8::try_from(position / unit16).ok()?;
        let variant = u8::try_from(position % unit16).ok()?;
        (repeats <= MAX_REPEATS).then_some(Allele::Value { repeats, variant })
    }
}

impl fmt::Display for Allele {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Allele::Value {
                repeats,
                variant: 0,
            } => write!(f, "{repeats}"),
            Allele::Value { repeats, variant } => write!(f, "{repeats}.{variant}"),
            Allele::Wildcard => f.write_str("*"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(repeats: u8, variant: u8) -> Allele {
        Allele::Value { repeats, variant }
    }

    #[test]
    fn values_and_microvariants_are_read_as_values() {
        assert_eq!(Allele::parse("9", Locus::TH01), Ok(v(9, 0)));
        assert_eq!(Allele::parse("9.3", Locus::TH01), Ok(v(9, 3)));
        assert_eq!(Allele::parse(" 22.2 ", Locus::FGA), Ok(v(22, 2)));
        assert_eq!(Allele::parse("12.0", Locus::FGA), Ok(v(12, 0)));
        assert_eq!(Allele::parse("15.4", Locus::PentaE), Ok(v(15, 4)));
        assert_eq!(v(9, 3).to_string(), "9.3");
        assert_eq!(v(12, 0).to_string(), "12");
    }

    #[test]
    fn non_numeric_values_and_0_1_99_become_the_wildcard() {
        for text in [
            "*", "o", "f", "r", "na", "nr", "un", "X", "<8", "12a", "-1", "", "0", "1", "99", "00",
            "99.0", ".3", "9.",
        ] {
            assert_eq!(
                Allele::parse(text, Locus::D3S1358),
                Ok(Allele::Wildcard),
                "{text:?}"
            );
        }
    }

    #[test]
    fn impossible_numbers_are_errors_not_wildcards() {
        assert!(matches!(
            Allele::parse("150", Locus::FGA),
            Err(AlleleError::OutOfRange(_))
        ));
        assert!(matches!(
            Allele::parse("99999999999999999999", Locus::FGA),
            Err(AlleleError::OutOfRange(_))
        ));
        assert!(matches!(
            Allele::parse("9.4", Locus::TH01),
            Err(AlleleError::Microvariant { .. })
        ));
        assert!(matches!(
            Allele::parse("9.31", Locus::TH01),
            Err(AlleleError::VariantDigits)
        ));
    }

    #[test]
    fn positions_count_bases() {
        assert_eq!(v(9, 3).position(4), Some(39));
        assert_eq!(v(10, 0).position(4), Some(40));
        assert_eq!(v(15, 4).position(5), Some(79));
        assert_eq!(Allele::at_position(39, 4), Some(v(9, 3)));
        assert_eq!(Allele::Wildcard.position(4), None);
    }
}
