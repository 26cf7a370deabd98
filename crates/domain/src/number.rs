//! Whole numbers in JSON input as JSON Schema reads them: `2` and `2.0` are the same integer, so
//! a client that writes a count as `2.0` is not refused for the way its JSON library prints it.

use serde::Deserialize;
use serde::de::{Deserializer, Error};

/// The largest whole number read (2^53 − 1): every number up to it is exact in any JSON
/// library, also one that reads all numbers as floating point.
pub const MAX_WHOLE: i64 = 9_007_199_254_740_991;

fn whole<'de, D: Deserializer<'de>>(value: serde_json::Number) -> Result<i128, D::Error> {
    let n = if let Some(n) = value.as_i64() {
        i128::from(n)
    } else if let Some(n) = value.as_u64() {
        i128::from(n)
    } else {
        match value.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() <= MAX_WHOLE as f64 => f as i128,
            _ => return Err(D::Error::custom(format!("{value} is not a whole number"))),
        }
    };
    if n.abs() > i128::from(MAX_WHOLE) {
        return Err(D::Error::custom(format!(
            "{value} is larger than {MAX_WHOLE}"
        )));
    }
    Ok(n)
}

/// A `u32` written as `3` or `3.0`.
pub fn u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let n = whole::<D>(serde_json::Number::deserialize(deserializer)?)?;
    u32::try_from(n).map_err(|_| D::Error::custom(format!("{n} is not between 0 and {}", u32::MAX)))
}

/// An optional `i64` written as `3` or `3.0`.
pub fn optional_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    match Option::<serde_json::Number>::deserialize(deserializer)? {
        None => Ok(None),
        Some(number) => {
            let n = whole::<D>(number)?;
            i64::try_from(n)
                .map(Some)
                .map_err(|_| D::Error::custom(format!("{n} is too large")))
        }
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct Count {
        #[serde(deserialize_with = "super::u32")]
        n: u32,
        #[serde(default, deserialize_with = "super::optional_i64")]
        euros: Option<i64>,
    }

    fn read(json: &str) -> Result<Count, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// Issue 12: what the schema calls an integer, the API reads as one.
    #[test]
    fn whole_numbers_may_be_written_with_a_fraction_of_zero() {
        assert_eq!(read(r#"{"n": 3}"#).unwrap().n, 3);
        assert_eq!(read(r#"{"n": 3.0}"#).unwrap().n, 3);
        assert_eq!(
            read(r#"{"n": 1, "euros": -25.0}"#).unwrap().euros,
            Some(-25)
        );
        assert_eq!(read(r#"{"n": 1, "euros": null}"#).unwrap().euros, None);
        assert_eq!(read(r#"{"n": 1}"#).unwrap().euros, None);
        assert!(read(r#"{"n": 3.5}"#).is_err());
        assert!(read(r#"{"n": -1}"#).is_err());
        assert!(read(r#"{"n": 4294967296}"#).is_err());
        assert!(read(r#"{"n": 1, "euros": 1e300}"#).is_err());
        assert!(read(r#"{"n": 1, "euros": -9223372036854775808}"#).is_err());
        assert_eq!(
            read(r#"{"n": 1, "euros": -9007199254740991}"#)
                .unwrap()
                .euros,
            Some(-super::MAX_WHOLE)
        );
    }
}
