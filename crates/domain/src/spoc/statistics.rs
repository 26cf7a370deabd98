//! The statistics the SPOC reports each year (SPOC-12, Art 18(2) Directive (EU) 2023/977): a
//! pure count over the year's cases, without personal data.
//!
//! - (a) `submitted`: the requests we sent;
//! - (b) `received`, per requesting state: requests received, urgent and non-urgent, and how
//!   many of each were answered — a request refused in part counts as answered (Art 18(2)(b));
//! - (c) `refused`, per requesting state and ground of Art 6(1): a request refused in full or
//!   in part counts under each ground given;
//! - (d) `judicial_deviations`, per requesting state: requests for which we notified a delay for
//!   judicial authorisation (Art 5(2));
//! - `answered_in_time`: of the requests we replied to (answer, partial or full refusal — the
//!   refusal too is due within the Art 5(1) limits, Art 6(2)), how many by the deadline.
//!
//! A case counts in the year (Europe/Amsterdam) it was received or sent.

use crate::spoc::vocabulary::{Direction, Urgency};
use serde::Serialize;
use std::collections::BTreeMap;

/// What the statistics read of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseCount<'a> {
    pub direction: Direction,
    pub partner: &'a str,
    pub urgency: Urgency,
    /// Answered in full or in part (an answer was sent).
    pub answered: bool,
    /// The Art 6(1) grounds of a refusal, full or partial.
    pub refusal_grounds: Vec<&'a str>,
    pub judicial_delay: bool,
    /// Whether the reply (answer or refusal) was sent by the deadline; `None` before a reply.
    pub replied_in_time: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Received {
    pub urgent: u64,
    pub non_urgent: u64,
    pub answered_urgent: u64,
    pub answered_non_urgent: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct InTime {
    pub answered: u64,
    pub in_time: u64,
}

/// The year's statistics, in the shape the API and `report spoc-statistics` give.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Statistics {
    pub year: i16,
    pub submitted: u64,
    pub received: BTreeMap<String, Received>,
    pub refused: BTreeMap<String, BTreeMap<String, u64>>,
    pub judicial_deviations: BTreeMap<String, u64>,
    pub answered_in_time: InTime,
}

/// Counts `cases` (those of `year`) into the Art 18(2) statistics.
pub fn count<'a>(year: i16, cases: impl IntoIterator<Item = CaseCount<'a>>) -> Statistics {
    let mut s = Statistics {
        year,
        ..Statistics::default()
    };
    for case in cases {
        match case.direction {
            Direction::Outgoing => s.submitted += 1,
            Direction::Incoming => {
                let r = s.received.entry(case.partner.to_string()).or_default();
                match case.urgency {
                    Urgency::Urgent => {
                        r.urgent += 1;
                        r.answered_urgent += u64::from(case.answered);
                    }
                    Urgency::NonUrgent => {
                        r.non_urgent += 1;
                        r.answered_non_urgent += u64::from(case.answered);
                    }
                }
                if !case.refusal_grounds.is_empty() {
                    let by_ground = s.refused.entry(case.partner.to_string()).or_default();
                    for ground in &case.refusal_grounds {
                        *by_ground.entry((*ground).to_string()).or_default() += 1;
                    }
                }
                if case.judicial_delay {
                    *s.judicial_deviations
                        .entry(case.partner.to_string())
                        .or_default() += 1;
                }
                if let Some(in_time) = case.replied_in_time {
                    s.answered_in_time.answered += 1;
                    s.answered_in_time.in_time += u64::from(in_time);
                }
            }
            // Provisions and copies are not requests: Art 18(2) does not count them.
            Direction::OwnInitiative
            | Direction::OwnInitiativeReceived
            | Direction::CopyReceived => {}
        }
    }
    s
}

impl Statistics {
    /// The header of [`Statistics::csv_rows`], the same for the CLI's and the page's CSV.
    pub const CSV_HEADER: [&'static str; 5] = ["year", "figure", "state", "ground", "count"];

    /// One row per requesting state and figure, for a spreadsheet (under
    /// [`Statistics::CSV_HEADER`]): `year;figure;state;ground;count`.
    pub fn csv_rows(&self) -> Vec<[String; 5]> {
        let year = self.year.to_string();
        let row = |figure: &str, state: &str, ground: &str, n: u64| {
            [
                year.clone(),
                figure.to_string(),
                state.to_string(),
                ground.to_string(),
                n.to_string(),
            ]
        };
        let mut rows = vec![row("submitted", "", "", self.submitted)];
        for (state, r) in &self.received {
            rows.push(row("received_urgent", state, "", r.urgent));
            rows.push(row("received_non_urgent", state, "", r.non_urgent));
            rows.push(row("answered_urgent", state, "", r.answered_urgent));
            rows.push(row("answered_non_urgent", state, "", r.answered_non_urgent));
        }
        for (state, grounds) in &self.refused {
            for (ground, n) in grounds {
                rows.push(row("refused", state, ground, *n));
            }
        }
        for (state, n) in &self.judicial_deviations {
            rows.push(row("judicial_deviations", state, "", *n));
        }
        rows.push(row("replied", "", "", self.answered_in_time.answered));
        rows.push(row(
            "replied_in_time",
            "",
            "",
            self.answered_in_time.in_time,
        ));
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incoming(partner: &str, urgency: Urgency) -> CaseCount<'_> {
        CaseCount {
            direction: Direction::Incoming,
            partner,
            urgency,
            answered: false,
            refusal_grounds: Vec::new(),
            judicial_delay: false,
            replied_in_time: None,
        }
    }

    #[test]
    fn a_partial_refusal_counts_as_answered_and_under_each_ground() {
        let cases = vec![
            CaseCount {
                answered: true,
                refusal_grounds: vec!["a", "g"],
                replied_in_time: Some(true),
                ..incoming("BE", Urgency::Urgent)
            },
            CaseCount {
                refusal_grounds: vec!["g"],
                replied_in_time: Some(false),
                judicial_delay: true,
                ..incoming("BE", Urgency::NonUrgent)
            },
            CaseCount {
                answered: true,
                replied_in_time: Some(true),
                ..incoming("DE", Urgency::NonUrgent)
            },
            incoming("DE", Urgency::Urgent),
            CaseCount {
                direction: Direction::Outgoing,
                ..incoming("FR", Urgency::Urgent)
            },
            CaseCount {
                direction: Direction::CopyReceived,
                ..incoming("FR", Urgency::Urgent)
            },
        ];
        let s = count(2025, cases);
        assert_eq!(s.submitted, 1);
        assert_eq!(
            s.received["BE"],
            Received {
                urgent: 1,
                non_urgent: 1,
                answered_urgent: 1,
                answered_non_urgent: 0
            }
        );
        assert_eq!(s.received["DE"].answered_non_urgent, 1);
        assert!(!s.received.contains_key("FR"));
        assert_eq!(s.refused["BE"]["g"], 2);
        assert_eq!(s.refused["BE"]["a"], 1);
        assert_eq!(s.judicial_deviations["BE"], 1);
        assert_eq!(
            s.answered_in_time,
            InTime {
                answered: 3,
                in_time: 2
            }
        );
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["received"]["BE"]["answered_urgent"], 1);
        assert_eq!(json["answered_in_time"]["in_time"], 2);
        assert!(
            s.csv_rows()
                .iter()
                .any(|r| r[1] == "refused" && r[2] == "BE" && r[3] == "g" && r[4] == "2")
        );
    }
}
