//! Data domains and the retention of their audit trails.
//!
//! The node holds data under different regimes (architecture.md, "Data domains"): the
//! registry (ministry and HR data, AVG/GDPR), exchange (SPOC cases and messages, Wpg /
//! Directive 2016/680) and forensic data (DNA, fingerprints). Each domain has its own tables,
//! migrations and audit chain, and its audit chain is cut into one segment per calendar month,
//! so that retention can remove whole months of events.

use crate::error::{Invalid, Violation};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One data domain of the node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum DataDomain {
    /// The registry of cooperation instruments, with the accounts of the node's users.
    Registry,
    /// SPOC cases and messages under Directive (EU) 2023/977.
    Exchange,
    /// DNA profiles and fingerprints (Prüm).
    Forensic,
}

impl DataDomain {
    pub const ALL: [DataDomain; 3] = [
        DataDomain::Registry,
        DataDomain::Exchange,
        DataDomain::Forensic,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DataDomain::Registry => "registry",
            DataDomain::Exchange => "exchange",
            DataDomain::Forensic => "forensic",
        }
    }

    pub fn parse(field: &str, value: &str) -> Invalid<DataDomain> {
        DataDomain::ALL
            .into_iter()
            .find(|d| d.as_str() == value.trim())
            .ok_or_else(|| {
                Violation::at(
                    "unknown_domain",
                    field,
                    format!(
                        "'{}' is not a data domain; the domains are: registry, exchange, forensic",
                        value.trim()
                    ),
                )
            })
    }

    /// How long the domain's audit events are kept by default, in months.
    ///
    /// - forensic: 3 years, the erasure term of Prüm logs (PRUM-08; Reg. 2024/982 Arts 18(2),
    ///   40(3), 45).
    /// - exchange: 5 years. LED Art 25 leaves the term to national law (SPOC-13); the
    ///   disclosure history a data subject may ask for covers 4 years (WPG-03, Wpg Art 25), so
    ///   the log of disclosures must outlive it, with a year's margin for a complaint that
    ///   follows the answer.
    /// - registry: 5 years: who read or changed an officer's data and the registry behind the
    ///   half-year reports to parliament stays answerable for as long as a parliamentary or
    ///   Ombudsman question about a past report is likely (AVG: no fixed term; our choice).
    pub fn default_audit_retention_months(self) -> u32 {
        match self {
            DataDomain::Registry => 60,
            DataDomain::Exchange => 60,
            DataDomain::Forensic => 36,
        }
    }
}

impl fmt::Display for DataDomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The longest audit retention a setting may ask for (a century: "keep").
pub const MAX_AUDIT_RETENTION_MONTHS: u32 = 1200;

/// Checks a retention setting: at least one month (a segment is a month), at most a century.
pub fn audit_retention(field: &str, months: i64) -> Invalid<u32> {
    if (1..=i64::from(MAX_AUDIT_RETENTION_MONTHS)).contains(&months) {
        Ok(months as u32)
    } else {
        Err(Violation::at(
            "invalid_retention",
            field,
            format!(
                "the retention is a number of months from 1 to {MAX_AUDIT_RETENTION_MONTHS}, not {months}"
            ),
        ))
    }
}

/// A calendar month in UTC: the period of one audit segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i16,
    month: i8,
}

impl Month {
    /// The month of `instant`, in UTC (stored instants are UTC; a segment's bounds must not
    /// move with daylight saving time).
    pub fn of(instant: Timestamp) -> Month {
        let date = instant.to_zoned(TimeZone::UTC).date();
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Parses `YYYY-MM`.
    pub fn parse(value: &str) -> Option<Month> {
        let (year, month) = value.split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let year: i16 = year.parse().ok()?;
        let month: i8 = month.parse().ok()?;
        Date::new(year, month, 1).ok()?;
        Some(Month { year, month })
    }

    pub fn first_day(self) -> Date {
        Date::new(self.year, self.month, 1).unwrap_or(Date::MIN)
    }

    /// The first instant after the month (UTC midnight of the next month's first day).
    pub fn end(self) -> Timestamp {
        self.first_day()
            .checked_add(1.month())
            .and_then(|d| d.to_zoned(TimeZone::UTC))
            .map(|z| z.timestamp())
            .unwrap_or(Timestamp::MAX)
    }

    /// The moment from which a segment of this month may be removed: when the newest event it
    /// can hold is `retention_months` old. A segment is never removed before every event in
    /// it is past retention, so events are kept up to one month longer than the term
    /// (PRUM-08's three years become at most three years and one month, and a day for the
    /// daily job).
    pub fn purge_from(self, retention_months: u32) -> Timestamp {
        self.first_day()
            .checked_add((i64::from(retention_months) + 1).months())
            .and_then(|d| d.to_zoned(TimeZone::UTC))
            .map(|z| z.timestamp())
            .unwrap_or(Timestamp::MAX)
    }

    /// Whether a segment of this month is past `retention_months` at `now`.
    pub fn past_retention(self, retention_months: u32, now: Timestamp) -> bool {
        now >= self.purge_from(retention_months)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn a_month_is_a_utc_calendar_month() {
        let m = Month::of(at("2026-03-31T23:30:00Z"));
        assert_eq!(m.to_string(), "2026-03");
        // 00:30 in Amsterdam on 1 April is still March in UTC.
        assert_eq!(Month::of(at("2026-03-31T22:30:00Z")), m);
        assert_eq!(m.end(), at("2026-04-01T00:00:00Z"));
        assert_eq!(Month::parse("2026-03"), Some(m));
        assert_eq!(
            Month::of(at("2026-12-05T00:00:00Z")).end(),
            at("2027-01-01T00:00:00Z")
        );
        for bad in ["2026-3", "2026-13", "26-03", "2026/03", ""] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
        assert!(Month::parse("2025-12") < Month::parse("2026-01"));
    }

    #[test]
    fn prum_logs_are_kept_three_years_and_removed_within_a_month_after() {
        // PRUM-08: a segment of March 2026 holds events up to 31 March 2026 24:00; each must
        // be three years old before the segment goes.
        let march = Month::parse("2026-03").unwrap();
        let months = DataDomain::Forensic.default_audit_retention_months();
        assert_eq!(months, 36);
        assert_eq!(march.purge_from(months), at("2029-04-01T00:00:00Z"));
        assert!(!march.past_retention(months, at("2029-03-31T23:59:59Z")));
        assert!(march.past_retention(months, at("2029-04-01T00:00:00Z")));
    }

    #[test]
    fn exchange_logs_outlive_the_disclosure_history() {
        // WPG-03: a data subject may ask for the disclosures of the last four years.
        assert!(DataDomain::Exchange.default_audit_retention_months() >= 48);
    }

    #[test]
    fn retention_settings_are_whole_months_within_bounds() {
        assert_eq!(audit_retention("r", 36), Ok(36));
        for bad in [0, -1, 1201] {
            let refused = audit_retention("forensic_audit_retention_months", bad).unwrap_err();
            assert_eq!(
                refused.field.as_deref(),
                Some("forensic_audit_retention_months")
            );
        }
    }

    #[test]
    fn domains_parse_by_name() {
        for d in DataDomain::ALL {
            assert_eq!(DataDomain::parse("domain", d.as_str()), Ok(d));
        }
        assert_eq!(
            DataDomain::parse("domain", "spoc")
                .unwrap_err()
                .field
                .as_deref(),
            Some("domain")
        );
    }
}
