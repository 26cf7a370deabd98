//! Dates and instants as the registry stores and prints them.
//!
//! Valid time is a calendar date (`YYYY-MM-DD`); recorded time is a UTC instant with
//! microsecond precision written in one fixed-width form (`YYYY-MM-DDTHH:MM:SS.ffffffZ`), so
//! that the text order of stored values is their time order on every database backend.

use crate::error::{Invalid, Violation};
use crate::text::echo;
use jiff::{Timestamp, civil::Date, tz::TimeZone};

/// Parses a calendar date in ISO form, naming the field on failure.
pub fn parse_date(field: &str, value: &str) -> Invalid<Date> {
    let value = value.trim();
    let strict = value.len() == 10 && value.as_bytes()[4] == b'-' && value.as_bytes()[7] == b'-';
    match value.parse::<Date>() {
        Ok(date) if strict => Ok(date),
        _ => Err(Violation::at(
            "invalid_date",
            field,
            format!(
                "{} is not a date; write it as YYYY-MM-DD, e.g. 2024-04-17",
                echo(value)
            ),
        )),
    }
}

/// Parses an instant: RFC 3339 (`2024-04-17T10:00:00Z`) or a date, meaning the end of that
/// day in UTC, which is what "as the data stood on that day" means to a reader.
pub fn parse_instant(field: &str, value: &str) -> Invalid<Timestamp> {
    let value = value.trim();
    if let Ok(ts) = value.parse::<Timestamp>() {
        return Ok(ts);
    }
    if let Ok(date) = parse_date(field, value) {
        let end_of_day = date.at(23, 59, 59, 999_999_000);
        if let Ok(zoned) = end_of_day.to_zoned(TimeZone::UTC) {
            return Ok(zoned.timestamp());
        }
    }
    Err(Violation::at(
        "invalid_timestamp",
        field,
        format!(
            "{} is not a moment in time; write it as 2024-04-17T10:00:00Z (RFC 3339) or as a date",
            echo(value)
        ),
    ))
}

/// The stored text form of an instant: fixed width, UTC, microseconds.
pub fn instant_text(ts: Timestamp) -> String {
    let micros = ts.as_microsecond();
    let whole =
        Timestamp::from_second(micros.div_euclid(1_000_000)).unwrap_or(Timestamp::UNIX_EPOCH);
    let dt = whole.to_zoned(TimeZone::UTC).datetime();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        micros.rem_euclid(1_000_000)
    )
}

/// The stored text form of a date.
pub fn date_text(date: Date) -> String {
    date.to_string()
}

/// The Dutch names of the months, January first.
pub const DUTCH_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// The Dutch way of writing a date: `17 april 2024`.
pub fn date_dutch(date: Date) -> String {
    format!(
        "{} {} {}",
        date.day(),
        DUTCH_MONTHS[(date.month() - 1) as usize],
        date.year()
    )
}

/// A half year of reporting, as the half-year reports to parliament cover them: `2024-H1` is
/// January to June 2024.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct HalfYear {
    pub year: i16,
    /// 1 or 2.
    pub half: i8,
}

impl HalfYear {
    pub fn parse(field: &str, value: &str) -> Invalid<HalfYear> {
        let value = value.trim();
        let refuse = || {
            Violation::at(
                "invalid_period",
                field,
                format!(
                    "{} is not a half year; write it as 2024-H1 or 2024-H2",
                    echo(value)
                ),
            )
        };
        let (year, half) = value.split_once("-H").ok_or_else(refuse)?;
        let year: i16 = year.parse().map_err(|_| refuse())?;
        let half: i8 = half.parse().map_err(|_| refuse())?;
        if !(1900..=9998).contains(&year) || !(1..=2).contains(&half) {
            return Err(refuse());
        }
        Ok(HalfYear { year, half })
    }

    pub fn first_day(self) -> Date {
        jiff::civil::date(self.year, if self.half == 1 { 1 } else { 7 }, 1)
    }

    pub fn last_day(self) -> Date {
        if self.half == 1 {
            jiff::civil::date(self.year, 6, 30)
        } else {
            jiff::civil::date(self.year, 12, 31)
        }
    }

    pub fn contains(self, date: Date) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }

    /// "1e halfjaar 2024": how a period reads in lists, pickers and table cells.
    pub fn short_dutch(self) -> String {
        format!("{}e halfjaar {}", self.half, self.year)
    }

    /// "H1 2024": how an English reader writes the half year.
    pub fn short_english(self) -> String {
        format!("H{} {}", self.half, self.year)
    }

    /// The period as lists and pickers show it in `lang`: "1e halfjaar 2024" / "H1 2024".
    pub fn short(self, lang: crate::labels::Lang) -> String {
        match lang {
            crate::labels::Lang::Nl => self.short_dutch(),
            crate::labels::Lang::En => self.short_english(),
        }
    }

    /// "eerste halfjaar 2024": how a period reads in running text.
    pub fn label_dutch(self) -> String {
        let which = if self.half == 1 { "eerste" } else { "tweede" };
        format!("{which} halfjaar {}", self.year)
    }

    /// The half year containing `date`.
    pub fn of(date: Date) -> HalfYear {
        HalfYear {
            year: date.year(),
            half: if date.month() <= 6 { 1 } else { 2 },
        }
    }

    /// The half year before this one.
    pub fn previous(self) -> HalfYear {
        if self.half == 2 {
            HalfYear {
                year: self.year,
                half: 1,
            }
        } else {
            HalfYear {
                year: self.year - 1,
                half: 2,
            }
        }
    }

    /// "2024-H1".
    pub fn code(self) -> String {
        format!("{}-H{}", self.year, self.half)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            parse_date("as_of", "2024-04-17").unwrap().to_string(),
            "2024-04-17"
        );
        for bad in [
            "2024-4-17",
            "17-04-2024",
            "2024-02-30",
            "",
            "yesterday",
            "2024-04-17T00:00",
        ] {
            let err = parse_date("as_of", bad).unwrap_err();
            assert_eq!(err.code, "invalid_date");
            assert_eq!(err.field.as_deref(), Some("as_of"));
        }
    }

    #[test]
    fn instants_have_one_fixed_width_text_form_in_time_order() {
        let a = parse_instant("t", "2024-04-17T10:00:00Z").unwrap();
        let b = parse_instant("t", "2024-04-17T10:00:00.5+02:00").unwrap();
        assert_eq!(instant_text(a), "2024-04-17T10:00:00.000000Z");
        assert_eq!(instant_text(b), "2024-04-17T08:00:00.500000Z");
        assert!(instant_text(b) < instant_text(a));
        let day = parse_instant("t", "2024-04-17").unwrap();
        assert_eq!(instant_text(day), "2024-04-17T23:59:59.999999Z");
        assert!(parse_instant("t", "soon").is_err());
    }

    #[test]
    fn dutch_dates() {
        assert_eq!(
            date_dutch(parse_date("d", "2023-11-24").unwrap()),
            "24 november 2023"
        );
    }

    #[test]
    fn half_years_parse_and_span_their_months() {
        let h1 = HalfYear::parse("period", " 2024-H1 ").unwrap();
        assert_eq!(h1.first_day().to_string(), "2024-01-01");
        assert_eq!(h1.last_day().to_string(), "2024-06-30");
        assert_eq!(h1.label_dutch(), "eerste halfjaar 2024");
        assert_eq!(h1.short_dutch(), "1e halfjaar 2024");
        assert_eq!(h1.short_english(), "H1 2024");
        assert_eq!(h1.short(crate::labels::Lang::Nl), "1e halfjaar 2024");
        assert_eq!(
            HalfYear::parse("p", "2023-H2")
                .unwrap()
                .short(crate::labels::Lang::En),
            "H2 2023"
        );
        let h2 = HalfYear::parse("period", "2023-H2").unwrap();
        assert_eq!(h2.last_day().to_string(), "2023-12-31");
        assert!(h2.contains("2023-11-24".parse().unwrap()));
        assert!(!h2.contains("2024-01-01".parse().unwrap()));
        assert_eq!(HalfYear::of("2024-04-17".parse().unwrap()), h1);
        assert_eq!(h1.previous(), h2);
        assert_eq!(h2.previous().code(), "2023-H1");
        for bad in ["2024", "2024-H3", "H1-2024", "2024-h1", "abcd-H1"] {
            let err = HalfYear::parse("period", bad).unwrap_err();
            assert_eq!(err.field.as_deref(), Some("period"), "{bad}");
        }
    }
}
