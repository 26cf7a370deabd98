//! One clock for every use case, job and deadline.
//!
//! Nothing below the binary reads the system clock: the binary gives the store a clock that
//! does, and tests and the demo give it one they set. So a deadline, a retention job or a
//! session expiry can be tested at any moment, DST changes and year ends included.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use std::fmt;
use std::sync::Mutex;

/// The source of "now".
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current instant.
    fn now(&self) -> Timestamp;

    /// Today's date in Amsterdam, where the node's users work: the default reference date.
    fn today(&self) -> Date {
        amsterdam_date(self.now())
    }
}

/// Europe/Amsterdam, in which dates are shown and deadlines are counted.
pub fn amsterdam() -> TimeZone {
    // The tz database is bundled into the binary (jiff's `tzdb-bundle-always`), so deadlines do
    // not depend on the machine's copy; UTC only if the bundle were somehow missing it. Looked
    // up once: the dashboard converts two instants per open case on every refresh.
    static AMSTERDAM: std::sync::LazyLock<TimeZone> =
        std::sync::LazyLock::new(|| TimeZone::get("Europe/Amsterdam").unwrap_or(TimeZone::UTC));
    AMSTERDAM.clone()
}

/// The calendar date of `instant` in Amsterdam.
pub fn amsterdam_date(instant: Timestamp) -> Date {
    instant.to_zoned(amsterdam()).date()
}

/// A clock that tests and the demo set. It stands still except that each reading is one
/// microsecond after the previous one, so successive transactions are strictly ordered in
/// recorded time, as they would be in real life.
#[derive(Debug)]
pub struct SetClock {
    next: Mutex<Timestamp>,
}

impl SetClock {
    pub fn at(instant: Timestamp) -> SetClock {
        SetClock {
            next: Mutex::new(instant),
        }
    }

    /// Moves the clock to `instant` (also backwards, e.g. to replay a past day).
    pub fn set(&self, instant: Timestamp) {
        *self.lock() = instant;
    }

    /// Moves the clock forward by `duration`.
    pub fn advance(&self, duration: SignedDuration) {
        let mut next = self.lock();
        *next = next.checked_add(duration).unwrap_or(*next);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Timestamp> {
        // A panic while holding this lock cannot leave the instant half-written.
        self.next
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Clock for SetClock {
    fn now(&self) -> Timestamp {
        let mut next = self.lock();
        let now = *next;
        *next = now
            .checked_add(SignedDuration::from_micros(1))
            .unwrap_or(now);
        now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_clock_moves_only_when_told_and_orders_its_readings() {
        let start: Timestamp = "2026-03-28T22:30:00Z".parse().unwrap();
        let clock = SetClock::at(start);
        let first = clock.now();
        let second = clock.now();
        assert_eq!(first, start);
        assert!(second > first);
        assert_eq!(second.duration_since(first), SignedDuration::from_micros(1));
        clock.advance(SignedDuration::from_hours(2));
        assert!(clock.now() >= start + SignedDuration::from_hours(2));
        clock.set(start);
        assert_eq!(clock.now(), start);
    }

    #[test]
    fn today_is_the_date_in_amsterdam() {
        // 23:30 UTC on 31 December is already New Year's Day in Amsterdam.
        let clock = SetClock::at("2025-12-31T23:30:00Z".parse().unwrap());
        assert_eq!(clock.today().to_string(), "2026-01-01");
        // In summer Amsterdam is two hours ahead.
        let clock = SetClock::at("2026-07-01T21:59:00Z".parse().unwrap());
        assert_eq!(clock.today().to_string(), "2026-07-01");
        let clock = SetClock::at("2026-07-01T22:00:00Z".parse().unwrap());
        assert_eq!(clock.today().to_string(), "2026-07-02");
    }
}
