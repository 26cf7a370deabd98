//! The Art 5(1) time limits of Directive (EU) 2023/977, to the hour (SPOC-05, SPOC-07).
//!
//! - 8 hours for an urgent request for directly available information (Art 5(1)(a));
//! - 3 calendar days for an urgent request for indirectly available information (5(1)(b));
//! - 7 calendar days for every other request (5(1)(c)).
//!
//! The limits start at the receipt of the request. They are counted under Regulation (EEC,
//! Euratom) No 1182/71 art 3, in Europe/Amsterdam, where the desk works:
//!
//! - an hour period starts at the receipt rounded up to the full hour (a receipt exactly on
//!   the hour starts there) and runs that many elapsed hours, so a DST change does not
//!   lengthen or shorten it;
//! - a day period does not count the day of receipt and ends at 24:00 local time of its last
//!   day; weekends and public holidays count and do not extend it (art 3(4) is not applied:
//!   the SPOC works 24/7, Art 14(3)).
//!
//! The setting [`CountingRule::Elapsed`] counts plainly "receipt + 8, 72 or 168 hours".
//!
//! A clarification request (Art 6(3)) stops the clock from the moment the requester receives
//! it until the clarification arrives: the deadline moves later by each such suspension that
//! begins before the deadline as it stands by then (a suspension can push the deadline past
//! the start of the next one); overlapping suspensions count once. While a suspension is open
//! the clock is stopped: there is no deadline, only the time that will remain when the
//! clarification arrives ([`ClockState::Stopped`]).
//!
//! A judicial-authorisation delay (Art 5(2)) does not move the deadline: the Directive allows
//! deviating from it as far as necessary, and the case records the deviation (Art 18(2)(d)).

use crate::clock::amsterdam;
use crate::error::{Invalid, Violation};
use crate::spoc::vocabulary::{Availability, Urgency};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};

codes! {
    /// How the time limits are counted: the node's setting.
    #[derive(Default)]
    pub enum CountingRule ("a counting rule") {
        /// Regulation 1182/71 art 3 in Europe/Amsterdam (the default).
        #[default]
        EuPeriods = "eu-periods",
        /// Receipt + 8, 72 or 168 elapsed hours.
        Elapsed = "elapsed",
    }
}

/// The time limit that applies to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Hours(u8),
    Days(u8),
}

impl Period {
    /// Art 5(1): which limit a request has.
    pub fn of(urgency: Urgency, availability: Availability) -> Period {
        match (urgency, availability) {
            (Urgency::Urgent, Availability::Direct) => Period::Hours(8),
            (Urgency::Urgent, Availability::Indirect) => Period::Days(3),
            (Urgency::NonUrgent, _) => Period::Days(7),
        }
    }

    /// The point of Art 5(1) the limit comes from.
    pub fn article(self) -> &'static str {
        match self {
            Period::Hours(_) => "Art 5(1)(a) Directive (EU) 2023/977",
            Period::Days(3) => "Art 5(1)(b) Directive (EU) 2023/977",
            Period::Days(_) => "Art 5(1)(c) Directive (EU) 2023/977",
        }
    }

    /// ISO 8601: `PT8H`, `P3D`, `P7D`.
    pub fn iso8601(self) -> String {
        match self {
            Period::Hours(h) => format!("PT{h}H"),
            Period::Days(d) => format!("P{d}D"),
        }
    }

    fn elapsed(self) -> SignedDuration {
        match self {
            Period::Hours(h) => SignedDuration::from_hours(i64::from(h)),
            Period::Days(d) => SignedDuration::from_hours(24 * i64::from(d)),
        }
    }
}

/// A clarification suspension (Art 6(3)): from the requester's receipt of the clarification
/// request until the clarification is provided; `to: None` while it is still awaited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suspension {
    pub from: Timestamp,
    pub to: Option<Timestamp>,
}

/// Whether the clock runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockState {
    /// The answer is due at this instant.
    Running { due: Timestamp },
    /// A clarification is awaited since `since`; `remaining` is what will be left of the time
    /// limit when it arrives.
    Stopped {
        since: Timestamp,
        remaining: SignedDuration,
    },
}

/// The deadline of a request and how it came about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub period: Period,
    pub rule: CountingRule,
    pub received: Timestamp,
    /// Where counting starts: the full hour, the next day's 00:00, or the receipt.
    pub counting_starts: Timestamp,
    /// The deadline without any suspension.
    pub unsuspended: Timestamp,
    pub clock: ClockState,
    /// The suspensions that moved the deadline, overlapping ones merged (the open one, if
    /// any, is in [`ClockState::Stopped`] instead).
    pub counted: Vec<(Timestamp, Timestamp)>,
    /// Suspensions that began when the deadline had already passed, merged.
    pub not_counted: Vec<Suspension>,
    /// The total of `counted`: how much later the deadline is for them.
    pub suspended: SignedDuration,
}

/// How much time before the deadline a case counts as "due within the hour".
pub const DUE_SOON: SignedDuration = SignedDuration::from_hours(1);

/// Where a case stands against its deadline at a given instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// More than an hour left.
    OnTime { left: SignedDuration },
    /// An hour or less left (the deadline itself included).
    DueWithinHour { left: SignedDuration },
    /// The deadline has passed.
    Overdue { by: SignedDuration },
    /// A clarification is awaited; `remaining` is left when it arrives.
    Stopped { remaining: SignedDuration },
}

impl Standing {
    /// Where a running clock with `left` to go stands (negative: overdue).
    pub fn of_time_left(left: SignedDuration) -> Standing {
        if left.is_negative() {
            Standing::Overdue { by: -left }
        } else if left <= DUE_SOON {
            Standing::DueWithinHour { left }
        } else {
            Standing::OnTime { left }
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Standing::OnTime { .. } => "on_time",
            Standing::DueWithinHour { .. } => "due_within_hour",
            Standing::Overdue { .. } => "overdue",
            Standing::Stopped { .. } => "stopped",
        }
    }
}

impl Deadline {
    /// The instant the answer is due, unless the clock is stopped.
    pub fn due(&self) -> Option<Timestamp> {
        match self.clock {
            ClockState::Running { due } => Some(due),
            ClockState::Stopped { .. } => None,
        }
    }

    /// The time left at `at`: negative once overdue. While the clock is stopped it does not
    /// run down (before the stop it does, towards it).
    pub fn time_left(&self, at: Timestamp) -> SignedDuration {
        match self.clock {
            ClockState::Running { due } => due.duration_since(at),
            ClockState::Stopped { since, remaining } => {
                let before = since.duration_since(at);
                if before.is_positive() {
                    remaining.saturating_add(before)
                } else {
                    remaining
                }
            }
        }
    }

    /// For the dashboard: on time, due within the hour, overdue, or stopped.
    pub fn standing(&self, at: Timestamp) -> Standing {
        match self.clock {
            ClockState::Stopped { since, remaining } if at >= since => {
                Standing::Stopped { remaining }
            }
            _ => Standing::of_time_left(self.time_left(at)),
        }
    }

    /// Whether an answer (or a refusal, Art 6(2)) given at `at` met the time limit.
    pub fn met_by(&self, at: Timestamp) -> bool {
        !self.time_left(at).is_negative()
    }
}

/// The deadline of a request received at `received` (SPOC-05), with its clarification
/// suspensions (SPOC-07). Suspensions come in any order; each must begin at or after the
/// receipt and end at or after its beginning (the field named is `suspensions[i]`).
pub fn deadline(
    received: Timestamp,
    urgency: Urgency,
    availability: Availability,
    rule: CountingRule,
    suspensions: &[Suspension],
) -> Invalid<Deadline> {
    let period = Period::of(urgency, availability);
    let (counting_starts, unsuspended) = unsuspended(received, period, rule, &amsterdam())
        .ok_or_else(|| {
            Violation::at(
                "out_of_range",
                "received",
                "the deadline of a request received then lies beyond the calendar",
            )
        })?;
    for (i, s) in suspensions.iter().enumerate() {
        if s.from < received {
            return Err(Violation::at(
                "suspension_before_receipt",
                format!("suspensions[{i}]"),
                "the suspension begins before the request was received; a clarification can only be asked after the receipt",
            ));
        }
        if s.to.is_some_and(|to| to < s.from) {
            return Err(Violation::at(
                "suspension_reversed",
                format!("suspensions[{i}]"),
                "the suspension ends before it begins",
            ));
        }
    }
    let mut due = unsuspended;
    let mut counted = Vec::new();
    let mut not_counted = Vec::new();
    let mut suspended = SignedDuration::ZERO;
    let mut stopped = None;
    for s in merge(suspensions) {
        if stopped.is_some() || s.from >= due {
            not_counted.push(s);
            continue;
        }
        match s.to {
            None => stopped = Some((s.from, due.duration_since(s.from))),
            Some(to) => {
                let length = to.duration_since(s.from);
                due = due.checked_add(length).map_err(|_| {
                    Violation::at(
                        "out_of_range",
                        "suspensions",
                        "the suspensions push the deadline beyond the calendar",
                    )
                })?;
                suspended = suspended.saturating_add(length);
                counted.push((s.from, to));
            }
        }
    }
    let clock = match stopped {
        Some((since, remaining)) => ClockState::Stopped { since, remaining },
        None => ClockState::Running { due },
    };
    Ok(Deadline {
        period,
        rule,
        received,
        counting_starts,
        unsuspended,
        clock,
        counted,
        not_counted,
        suspended,
    })
}

/// Where counting starts and where the period ends, without suspensions.
fn unsuspended(
    received: Timestamp,
    period: Period,
    rule: CountingRule,
    tz: &TimeZone,
) -> Option<(Timestamp, Timestamp)> {
    match (rule, period) {
        (CountingRule::Elapsed, _) => {
            Some((received, received.checked_add(period.elapsed()).ok()?))
        }
        (CountingRule::EuPeriods, Period::Hours(_)) => {
            // Art 3(1) reg. 1182/71: the hour of the event does not count; the issue makes a
            // receipt exactly on the hour start there. The next full hour is found in
            // elapsed time with the offset at the receipt, not by rounding the civil time:
            // in the hour repeated at the end of summer time, 02:59:59 CEST rounds to 03:00
            // civil, which is 03:00 CET, an hour too far.
            let offset = i128::from(tz.to_offset(received).seconds()) * 1_000_000_000;
            let hour = 3_600 * 1_000_000_000i128;
            let into_hour = (received.as_nanosecond() + offset).rem_euclid(hour);
            let start = if into_hour == 0 {
                received
            } else {
                let wait = i64::try_from(hour - into_hour).ok()?;
                received
                    .checked_add(SignedDuration::from_nanos(wait))
                    .ok()?
            };
            Some((start, start.checked_add(period.elapsed()).ok()?))
        }
        (CountingRule::EuPeriods, Period::Days(days)) => {
            // Art 3(1) second subparagraph: the day of the event does not count; 3(2)(b): the
            // period ends at the end of its last day.
            let day = received.to_zoned(tz.clone()).date();
            let start = day.checked_add(1.day()).ok()?.to_zoned(tz.clone()).ok()?;
            let end = day
                .checked_add((i64::from(days) + 1).days())
                .ok()?
                .to_zoned(tz.clone())
                .ok()?;
            Some((start.timestamp(), end.timestamp()))
        }
    }
}

/// The suspensions as disjoint intervals in time order: overlapping or touching ones joined.
fn merge(suspensions: &[Suspension]) -> Vec<Suspension> {
    let mut sorted: Vec<Suspension> = suspensions.to_vec();
    sorted.sort_by_key(|s| s.from);
    let mut merged: Vec<Suspension> = Vec::with_capacity(sorted.len());
    for s in sorted {
        match merged.last_mut() {
            Some(last) if last.to.is_none_or(|to| s.from <= to) => {
                last.to = match (last.to, s.to) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
            _ => merged.push(s),
        }
    }
    merged
}

/// An instant as the desk reads it: RFC 3339 with the Amsterdam offset of that instant
/// (`2026-04-01T00:00:00+02:00`).
pub fn amsterdam_text(instant: Timestamp) -> String {
    let tz = amsterdam();
    instant
        .display_with_offset(tz.to_offset(instant))
        .to_string()
}

/// A duration in ISO 8601, in hours, minutes and seconds (`PT71H30M`, `-PT2H`, `PT0S`).
pub fn duration_text(duration: SignedDuration) -> String {
    let sign = if duration.is_negative() { "-" } else { "" };
    let total = duration.as_secs().unsigned_abs();
    let nanos = duration.subsec_nanos().unsigned_abs();
    let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60);
    let mut text = format!("{sign}PT");
    if h > 0 {
        text.push_str(&format!("{h}H"));
    }
    if m > 0 {
        text.push_str(&format!("{m}M"));
    }
    if s > 0 || nanos > 0 || (h == 0 && m == 0) {
        if nanos > 0 {
            let fraction = format!("{nanos:09}");
            text.push_str(&format!("{s}.{}S", fraction.trim_end_matches('0')));
        } else {
            text.push_str(&format!("{s}S"));
        }
    }
    text
}

/// A Benelux oral request is confirmed in writing or electronically within 24 hours
/// (Benelux police treaty art 12(2), BNL-02).
pub const ORAL_CONFIRMATION: SignedDuration = SignedDuration::from_hours(24);

/// Where the written confirmation of an oral request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OralConfirmation {
    Confirmed {
        in_time: bool,
    },
    Pending {
        due: Timestamp,
        left: SignedDuration,
    },
    Overdue {
        due: Timestamp,
        by: SignedDuration,
    },
}

/// BNL-02: the confirmation of an oral request received at `received`, seen at `at`.
pub fn oral_confirmation(
    received: Timestamp,
    confirmed: Option<Timestamp>,
    at: Timestamp,
) -> OralConfirmation {
    let due = received
        .saturating_add(ORAL_CONFIRMATION)
        .unwrap_or(received);
    match confirmed {
        Some(when) => OralConfirmation::Confirmed {
            in_time: when <= due,
        },
        None if at <= due => OralConfirmation::Pending {
            due,
            left: due.duration_since(at),
        },
        None => OralConfirmation::Overdue {
            due,
            by: at.duration_since(due),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ts(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn due(
        received: &str,
        urgency: Urgency,
        availability: Availability,
        rule: CountingRule,
        suspensions: &[(&str, Option<&str>)],
    ) -> Deadline {
        let suspensions: Vec<Suspension> = suspensions
            .iter()
            .map(|(from, to)| Suspension {
                from: ts(from),
                to: to.map(ts),
            })
            .collect();
        deadline(ts(received), urgency, availability, rule, &suspensions).unwrap()
    }

    fn due_text(d: &Deadline) -> String {
        amsterdam_text(d.due().unwrap())
    }

    use Availability::{Direct, Indirect};
    use CountingRule::{Elapsed, EuPeriods};
    use Urgency::{NonUrgent, Urgent};

    #[test]
    fn the_issues_example_urgent_indirect_across_the_spring_dst_change() {
        // Received Saturday 28 March 2026 23:30 CET; the day of receipt does not count; the
        // three days are 29 (DST starts), 30 and 31 March; the period ends at 24:00 CEST.
        let d = due(
            "2026-03-28T23:30:00+01:00",
            Urgent,
            Indirect,
            EuPeriods,
            &[],
        );
        assert_eq!(due_text(&d), "2026-04-01T00:00:00+02:00");
        assert_eq!(
            amsterdam_text(d.counting_starts),
            "2026-03-29T00:00:00+01:00"
        );
        assert_eq!(d.period, Period::Days(3));
        assert_eq!(d.period.article(), "Art 5(1)(b) Directive (EU) 2023/977");
        // The same request counted in plain elapsed hours: 72 h after the receipt.
        let d = due("2026-03-28T23:30:00+01:00", Urgent, Indirect, Elapsed, &[]);
        assert_eq!(due_text(&d), "2026-04-01T00:30:00+02:00");
    }

    #[test]
    fn spoc_05_eight_hours_from_the_next_full_hour() {
        let d = due("2026-03-16T10:20:00+01:00", Urgent, Direct, EuPeriods, &[]);
        assert_eq!(
            amsterdam_text(d.counting_starts),
            "2026-03-16T11:00:00+01:00"
        );
        assert_eq!(due_text(&d), "2026-03-16T19:00:00+01:00");
        // Exactly on the hour: counting starts there.
        let d = due("2026-03-16T10:00:00+01:00", Urgent, Direct, EuPeriods, &[]);
        assert_eq!(due_text(&d), "2026-03-16T18:00:00+01:00");
        // One second past the hour already waits for the next one.
        let d = due("2026-03-16T10:00:01+01:00", Urgent, Direct, EuPeriods, &[]);
        assert_eq!(due_text(&d), "2026-03-16T19:00:00+01:00");
        assert_eq!(d.period.iso8601(), "PT8H");
        let d = due("2026-03-16T10:20:00+01:00", Urgent, Direct, Elapsed, &[]);
        assert_eq!(due_text(&d), "2026-03-16T18:20:00+01:00");
    }

    #[test]
    fn hour_periods_are_elapsed_hours_over_dst_changes() {
        // Spring: 02:00 CET becomes 03:00 CEST, the local clock shows 9 hours later.
        let d = due("2026-03-29T00:30:00+01:00", Urgent, Direct, EuPeriods, &[]);
        assert_eq!(due_text(&d), "2026-03-29T10:00:00+02:00");
        // Autumn: 03:00 CEST becomes 02:00 CET, the local clock shows 7 hours later.
        let d = due("2026-10-25T00:30:00+02:00", Urgent, Direct, EuPeriods, &[]);
        assert_eq!(due_text(&d), "2026-10-25T08:00:00+01:00");
        // Received in the repeated hour, the first time (CEST): the next full hour is 02:00 CET.
        let d = due("2026-10-25T02:59:59+02:00", Urgent, Direct, EuPeriods, &[]);
        assert_eq!(
            amsterdam_text(d.counting_starts),
            "2026-10-25T02:00:00+01:00"
        );
        assert_eq!(due_text(&d), "2026-10-25T10:00:00+01:00");
        // Received in the repeated hour, the second time (CET).
        let d = due("2026-10-25T02:15:00+01:00", Urgent, Direct, EuPeriods, &[]);
        assert_eq!(
            amsterdam_text(d.counting_starts),
            "2026-10-25T03:00:00+01:00"
        );
        assert_eq!(due_text(&d), "2026-10-25T11:00:00+01:00");
    }

    #[test]
    fn spoc_05_seven_calendar_days_over_weekends_holidays_and_year_end() {
        // Received on Sunday 28 December; 29, 30, 31 December, New Year's Day (a holiday),
        // 2, 3 (Saturday), 4 (Sunday) January: the period ends at 24:00 on a Sunday and is not
        // extended.
        let d = due(
            "2025-12-28T15:00:00+01:00",
            NonUrgent,
            Direct,
            EuPeriods,
            &[],
        );
        assert_eq!(due_text(&d), "2026-01-05T00:00:00+01:00");
        assert_eq!(d.period.article(), "Art 5(1)(c) Directive (EU) 2023/977");
        // Non-urgent is seven days whatever the availability.
        let d = due(
            "2025-12-28T15:00:00+01:00",
            NonUrgent,
            Indirect,
            EuPeriods,
            &[],
        );
        assert_eq!(due_text(&d), "2026-01-05T00:00:00+01:00");
        // A receipt at 00:00:00 local: that day still does not count.
        let d = due(
            "2026-06-01T00:00:00+02:00",
            NonUrgent,
            Direct,
            EuPeriods,
            &[],
        );
        assert_eq!(due_text(&d), "2026-06-09T00:00:00+02:00");
        // 23:59:59 on the last day of the year.
        let d = due(
            "2026-12-31T23:59:59+01:00",
            Urgent,
            Indirect,
            EuPeriods,
            &[],
        );
        assert_eq!(due_text(&d), "2027-01-04T00:00:00+01:00");
    }

    #[test]
    fn day_periods_over_leap_days_and_the_autumn_dst_change() {
        let d = due(
            "2028-02-26T12:00:00+01:00",
            Urgent,
            Indirect,
            EuPeriods,
            &[],
        );
        assert_eq!(due_text(&d), "2028-03-01T00:00:00+01:00");
        let d = due(
            "2027-02-26T12:00:00+01:00",
            Urgent,
            Indirect,
            EuPeriods,
            &[],
        );
        assert_eq!(due_text(&d), "2027-03-02T00:00:00+01:00");
        // 25 October 2026 has 25 hours; 24:00 of the last day is still local midnight.
        let d = due(
            "2026-10-23T09:00:00+02:00",
            Urgent,
            Indirect,
            EuPeriods,
            &[],
        );
        assert_eq!(due_text(&d), "2026-10-27T00:00:00+01:00");
    }

    #[test]
    fn spoc_07_a_clarification_moves_the_deadline_by_its_length() {
        // 8 h from 11:00 = 19:00; asked at 12:00, clarified at 14:30: 21:30.
        let d = due(
            "2026-03-16T10:20:00+01:00",
            Urgent,
            Direct,
            EuPeriods,
            &[(
                "2026-03-16T12:00:00+01:00",
                Some("2026-03-16T14:30:00+01:00"),
            )],
        );
        assert_eq!(due_text(&d), "2026-03-16T21:30:00+01:00");
        assert_eq!(duration_text(d.suspended), "PT2H30M");
        assert_eq!(amsterdam_text(d.unsuspended), "2026-03-16T19:00:00+01:00");
    }

    #[test]
    fn several_clarifications_overlapping_ones_count_once_and_late_ones_not_at_all() {
        let d = due(
            "2026-03-16T10:00:00+01:00",
            Urgent,
            Direct,
            EuPeriods,
            &[
                // Two that overlap: together 12:00–15:00, three hours.
                (
                    "2026-03-16T13:00:00+01:00",
                    Some("2026-03-16T15:00:00+01:00"),
                ),
                (
                    "2026-03-16T12:00:00+01:00",
                    Some("2026-03-16T14:00:00+01:00"),
                ),
                // Begins after 18:00 but before the moved deadline 21:00: counts, 1 h.
                (
                    "2026-03-16T20:00:00+01:00",
                    Some("2026-03-16T21:00:00+01:00"),
                ),
                // Begins exactly at the deadline (22:00): too late.
                (
                    "2026-03-16T22:00:00+01:00",
                    Some("2026-03-16T23:00:00+01:00"),
                ),
            ],
        );
        assert_eq!(due_text(&d), "2026-03-16T22:00:00+01:00");
        assert_eq!(d.counted.len(), 2);
        assert_eq!(d.not_counted.len(), 1);
        assert_eq!(duration_text(d.suspended), "PT4H");
    }

    #[test]
    fn an_open_clarification_stops_the_clock() {
        let d = due(
            "2026-03-16T10:00:00+01:00",
            Urgent,
            Direct,
            EuPeriods,
            &[("2026-03-16T13:00:00+01:00", None)],
        );
        assert_eq!(d.due(), None);
        let ClockState::Stopped { since, remaining } = d.clock else {
            panic!("the clock should be stopped")
        };
        assert_eq!(amsterdam_text(since), "2026-03-16T13:00:00+01:00");
        assert_eq!(remaining, SignedDuration::from_hours(5));
        // Before the stop the clock ran towards it; after, it stands.
        assert_eq!(
            d.time_left(ts("2026-03-16T11:00:00+01:00")),
            SignedDuration::from_hours(7)
        );
        assert_eq!(
            d.standing(ts("2026-03-20T11:00:00+01:00")),
            Standing::Stopped {
                remaining: SignedDuration::from_hours(5)
            }
        );
        assert!(d.met_by(ts("2026-03-25T00:00:00+01:00")));
    }

    #[test]
    fn the_dashboard_sees_on_time_due_within_the_hour_and_overdue() {
        let d = due("2026-03-16T10:00:00+01:00", Urgent, Direct, EuPeriods, &[]);
        let at = |t: &str| d.standing(ts(t));
        assert_eq!(at("2026-03-16T16:59:59+01:00").as_str(), "on_time");
        assert_eq!(
            at("2026-03-16T17:00:00+01:00"),
            Standing::DueWithinHour {
                left: SignedDuration::from_hours(1)
            }
        );
        assert_eq!(at("2026-03-16T18:00:00+01:00").as_str(), "due_within_hour");
        assert_eq!(
            at("2026-03-16T18:30:00+01:00"),
            Standing::Overdue {
                by: SignedDuration::from_mins(30)
            }
        );
        assert!(d.met_by(ts("2026-03-16T18:00:00+01:00")));
        assert!(!d.met_by(ts("2026-03-16T18:00:01+01:00")));
    }

    #[test]
    fn suspensions_that_make_no_sense_are_refused_naming_which() {
        let received = ts("2026-03-16T10:00:00+01:00");
        let ok = Suspension {
            from: ts("2026-03-16T11:00:00+01:00"),
            to: None,
        };
        let early = Suspension {
            from: ts("2026-03-16T09:00:00+01:00"),
            to: None,
        };
        let err = deadline(received, Urgent, Direct, EuPeriods, &[ok, early]).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("suspension_before_receipt", Some("suspensions[1]"))
        );
        let reversed = Suspension {
            from: ts("2026-03-16T12:00:00+01:00"),
            to: Some(ts("2026-03-16T11:00:00+01:00")),
        };
        let err = deadline(received, Urgent, Direct, EuPeriods, &[reversed]).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("suspensions[0]"));
        let err = deadline(
            ts("9999-12-30T00:00:00Z"),
            NonUrgent,
            Direct,
            EuPeriods,
            &[],
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("received"));
    }

    #[test]
    fn durations_in_iso_8601() {
        assert_eq!(duration_text(SignedDuration::from_hours(72)), "PT72H");
        assert_eq!(duration_text(SignedDuration::ZERO), "PT0S");
        assert_eq!(duration_text(SignedDuration::from_secs(-5400)), "-PT1H30M");
        assert_eq!(duration_text(SignedDuration::from_millis(1500)), "PT1.5S");
    }

    #[test]
    fn bnl_02_an_oral_request_is_confirmed_within_24_hours() {
        let received = ts("2026-03-16T22:00:00+01:00");
        assert_eq!(
            oral_confirmation(received, None, ts("2026-03-17T20:00:00+01:00")),
            OralConfirmation::Pending {
                due: ts("2026-03-17T22:00:00+01:00"),
                left: SignedDuration::from_hours(2)
            }
        );
        assert!(matches!(
            oral_confirmation(received, None, ts("2026-03-17T23:00:00+01:00")),
            OralConfirmation::Overdue { by, .. } if by == SignedDuration::from_hours(1)
        ));
        assert_eq!(
            oral_confirmation(
                received,
                Some(ts("2026-03-17T21:59:00+01:00")),
                ts("2026-03-20T00:00:00Z")
            ),
            OralConfirmation::Confirmed { in_time: true }
        );
        assert_eq!(
            oral_confirmation(
                received,
                Some(ts("2026-03-17T22:01:00+01:00")),
                ts("2026-03-20T00:00:00Z")
            ),
            OralConfirmation::Confirmed { in_time: false }
        );
    }

    // ---- property tests -------------------------------------------------------------------

    /// Instants where counting is easy to get wrong: DST changes (last Sundays of March and
    /// October), leap days, year ends.
    const ANCHORS: &[&str] = &[
        "2026-03-29T01:00:00Z",
        "2026-10-25T01:00:00Z",
        "2027-03-28T01:00:00Z",
        "2024-10-27T01:00:00Z",
        "2024-02-29T12:00:00Z",
        "2028-02-28T23:00:00Z",
        "2025-12-31T23:00:00Z",
        "2026-12-31T22:59:59Z",
        "2026-03-16T09:00:00Z",
    ];

    fn received_strategy(align_minutes: bool) -> impl Strategy<Value = Timestamp> {
        // Half of them within three hours of an anchor, where the DST hour is.
        let offsets = prop_oneof![-10 * 24 * 3600i64..10 * 24 * 3600, -3 * 3600i64..3 * 3600];
        (0..ANCHORS.len(), offsets).prop_map(move |(a, offset)| {
            let offset = if align_minutes {
                offset / 60 * 60
            } else {
                offset
            };
            ts(ANCHORS[a]) + SignedDuration::from_secs(offset)
        })
    }

    fn class_strategy() -> impl Strategy<Value = (Urgency, Availability, CountingRule)> {
        (
            prop::sample::select(Urgency::ALL),
            prop::sample::select(Availability::ALL),
            prop::sample::select(CountingRule::ALL),
        )
    }

    /// Suspensions in whole minutes after `received`, some open.
    fn suspensions_strategy(received: Timestamp) -> impl Strategy<Value = Vec<Suspension>> {
        prop::collection::vec(
            (0i64..12_000, 0i64..3_000, prop::bool::weighted(0.15)),
            0..6,
        )
        .prop_map(move |raw| {
            raw.into_iter()
                .map(|(start, length, open)| {
                    let from = received + SignedDuration::from_mins(start);
                    Suspension {
                        from,
                        to: (!open).then(|| from + SignedDuration::from_mins(length)),
                    }
                })
                .collect()
        })
    }

    /// An independent model of Art 6(3): let the clock run from the receipt, stand still in
    /// every suspension, and stop when the time limit (as elapsed time) is used up.
    fn simulate(
        received: Timestamp,
        limit: SignedDuration,
        suspensions: &[Suspension],
    ) -> ClockState {
        let mut t = received;
        let mut budget = limit;
        loop {
            let mut entered = None;
            // Stand still while inside a suspension (several may follow one another).
            while let Some(s) = suspensions
                .iter()
                .find(|s| s.from <= t && s.to.is_none_or(|to| t < to))
            {
                if budget.is_zero() {
                    break;
                }
                entered.get_or_insert(t);
                match s.to {
                    None => {
                        return ClockState::Stopped {
                            since: entered.unwrap_or(t),
                            remaining: budget,
                        };
                    }
                    Some(to) => t = to,
                }
            }
            if budget.is_zero() {
                return ClockState::Running { due: t };
            }
            let next = suspensions
                .iter()
                .map(|s| s.from)
                .filter(|&from| from > t)
                .min();
            let step = match next {
                Some(next) => budget.min(next.duration_since(t)),
                None => budget,
            };
            t += step;
            budget -= step;
        }
    }

    proptest! {
        #[test]
        fn the_deadline_is_where_the_clock_running_outside_suspensions_uses_up_the_limit(
            (received, suspensions) in received_strategy(true)
                .prop_flat_map(|r| (Just(r), suspensions_strategy(r))),
            (urgency, availability, rule) in class_strategy(),
        ) {
            let d = deadline(received, urgency, availability, rule, &suspensions).unwrap();
            let limit = d.unsuspended.duration_since(received);
            prop_assert_eq!(d.clock, simulate(received, limit, &suspensions));
            if let ClockState::Running { due } = d.clock {
                prop_assert_eq!(due.duration_since(d.unsuspended), d.suspended);
                prop_assert!(due >= d.unsuspended);
            }
        }

        #[test]
        fn order_repetition_and_splitting_of_suspensions_change_nothing(
            (received, suspensions) in received_strategy(true)
                .prop_flat_map(|r| (Just(r), suspensions_strategy(r))),
            (urgency, availability, rule) in class_strategy(),
            seed in any::<u64>(),
        ) {
            let d = deadline(received, urgency, availability, rule, &suspensions).unwrap();
            let mut shuffled = suspensions.clone();
            shuffled.reverse();
            if !shuffled.is_empty() {
                let k = (seed as usize) % shuffled.len();
                shuffled.rotate_left(k);
                shuffled.push(shuffled[0]);
            }
            let again = deadline(received, urgency, availability, rule, &shuffled).unwrap();
            prop_assert_eq!(d.clock, again.clock);
            // A closed suspension told as two touching halves is the same suspension.
            let split: Vec<Suspension> = suspensions
                .iter()
                .flat_map(|s| match s.to {
                    Some(to) => {
                        let middle = s.from + to.duration_since(s.from) / 2;
                        vec![Suspension { from: s.from, to: Some(middle) }, Suspension { from: middle, to: Some(to) }]
                    }
                    None => vec![*s],
                })
                .collect();
            let split = deadline(received, urgency, availability, rule, &split).unwrap();
            prop_assert_eq!(d.clock, split.clock);
        }

        #[test]
        fn a_suspension_that_begins_at_or_after_the_deadline_changes_nothing(
            received in received_strategy(false),
            (urgency, availability, rule) in class_strategy(),
            // Exactly at the deadline is the edge that matters most.
            after_minutes in prop_oneof![Just(0i64), 0i64..5_000],
            length in 0i64..5_000,
        ) {
            let d = deadline(received, urgency, availability, rule, &[]).unwrap();
            let due = d.due().unwrap();
            let late = Suspension {
                from: due + SignedDuration::from_mins(after_minutes),
                to: Some(due + SignedDuration::from_mins(after_minutes + length)),
            };
            let again = deadline(received, urgency, availability, rule, &[late]).unwrap();
            prop_assert_eq!(again.due(), Some(due));
            prop_assert_eq!(again.not_counted.len(), 1);
        }

        #[test]
        fn hour_periods_start_at_the_next_full_local_hour_and_run_eight_elapsed_hours(
            received in received_strategy(false),
        ) {
            let d = deadline(received, Urgency::Urgent, Availability::Direct, CountingRule::EuPeriods, &[]).unwrap();
            let start = d.counting_starts.to_zoned(amsterdam());
            prop_assert_eq!((start.minute(), start.second(), start.subsec_nanosecond()), (0, 0, 0));
            prop_assert!(d.counting_starts >= received);
            prop_assert!(d.counting_starts.duration_since(received) < SignedDuration::from_hours(1));
            prop_assert_eq!(d.due().unwrap().duration_since(d.counting_starts), SignedDuration::from_hours(8));
        }

        #[test]
        fn day_periods_end_at_local_midnight_after_the_last_counted_day(
            received in received_strategy(false),
            urgency in prop::sample::select(Urgency::ALL),
        ) {
            let d = deadline(received, urgency, Availability::Indirect, CountingRule::EuPeriods, &[]).unwrap();
            let days: i64 = if urgency == Urgency::Urgent { 3 } else { 7 };
            let due = d.due().unwrap().to_zoned(amsterdam());
            prop_assert_eq!((due.hour(), due.minute(), due.second()), (0, 0, 0));
            let receipt_day = received.to_zoned(amsterdam()).date();
            prop_assert_eq!(due.date(), receipt_day.checked_add((days + 1).days()).unwrap());
            let start = d.counting_starts.to_zoned(amsterdam());
            prop_assert_eq!(start.date(), receipt_day.tomorrow().unwrap());
            prop_assert_eq!(start.hour(), 0);
            // Whole local days, 23- or 25-hour ones included.
            let length = d.due().unwrap().duration_since(d.counting_starts);
            prop_assert!((length - SignedDuration::from_hours(24 * days)).abs() <= SignedDuration::from_hours(1));
        }

        #[test]
        fn elapsed_counting_is_receipt_plus_n_hours(
            received in received_strategy(false),
            (urgency, availability, _) in class_strategy(),
        ) {
            let d = deadline(received, urgency, availability, CountingRule::Elapsed, &[]).unwrap();
            let hours = match (urgency, availability) {
                (Urgency::Urgent, Availability::Direct) => 8,
                (Urgency::Urgent, Availability::Indirect) => 72,
                _ => 168,
            };
            prop_assert_eq!(d.due().unwrap().duration_since(received), SignedDuration::from_hours(hours));
        }

        #[test]
        fn a_later_receipt_never_has_an_earlier_deadline(
            received in received_strategy(false),
            later in 0i64..4 * 24 * 3600,
            (urgency, availability, rule) in class_strategy(),
        ) {
            let a = deadline(received, urgency, availability, rule, &[]).unwrap();
            let b = deadline(received + SignedDuration::from_secs(later), urgency, availability, rule, &[]).unwrap();
            prop_assert!(b.due().unwrap() >= a.due().unwrap());
        }
    }
}
