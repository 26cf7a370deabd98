//! The rule of sign-in throttling: how long a client address or an account waits after failed
//! sign-ins. Growing delays, never a lockout that an attacker can hold (ASVS 4.0.3 V2.2.1:
//! anti-automation that keeps failed attempts on one account well under 100 an hour, without
//! locking the user out).

use jiff::{SignedDuration, Timestamp};

/// The settings of the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Failed attempts in a row that need no wait.
    pub free: u32,
    /// The longest wait between two attempts.
    pub cap: SignedDuration,
}

/// The wait before the next attempt after `failures` failures in a row: none for the first
/// `free`, then one second, doubling with each further failure, at most `cap`.
pub fn delay(failures: u32, limits: Limits) -> SignedDuration {
    if failures < limits.free {
        return SignedDuration::ZERO;
    }
    let doublings = (failures - limits.free).min(30);
    SignedDuration::from_secs(1_i64 << doublings).min(limits.cap)
}

/// When the next attempt may be made, after `failures` failures the last of which was at `last`.
pub fn next_attempt(failures: u32, last: Timestamp, limits: Limits) -> Timestamp {
    last.checked_add(delay(failures, limits)).unwrap_or(last)
}

/// Failures are forgotten after a quiet period of twice the longest wait: someone who waited
/// that long is not guessing, and the record of them need not be kept.
pub fn forgotten(last: Timestamp, now: Timestamp, limits: Limits) -> bool {
    let quiet = limits.cap.checked_mul(2).unwrap_or(limits.cap);
    last.checked_add(quiet).is_ok_and(|until| now >= until)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        free: 5,
        cap: SignedDuration::from_mins(15),
    };

    #[test]
    fn the_first_failures_cost_nothing_then_the_wait_doubles_up_to_the_cap() {
        let waits: Vec<i64> = (0..20).map(|n| delay(n, LIMITS).as_secs()).collect();
        assert_eq!(
            waits,
            [
                0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900, 900
            ]
        );
        assert_eq!(delay(u32::MAX, LIMITS), LIMITS.cap);
    }

    #[test]
    fn a_failure_waits_from_the_last_attempt_and_is_forgotten_after_twice_the_cap() {
        let t: Timestamp = "2026-03-16T09:00:00Z".parse().unwrap();
        assert_eq!(next_attempt(3, t, LIMITS), t);
        assert_eq!(next_attempt(7, t, LIMITS), t + SignedDuration::from_secs(4));
        assert!(!forgotten(t, t + SignedDuration::from_mins(29), LIMITS));
        assert!(forgotten(t, t + SignedDuration::from_mins(30), LIMITS));
    }

    #[test]
    fn at_most_a_few_dozen_guesses_an_hour_get_through() {
        // An attacker who makes every attempt the moment it is allowed.
        let start: Timestamp = "2026-03-16T09:00:00Z".parse().unwrap();
        let (mut now, mut failures) = (start, 0);
        while now < start + SignedDuration::from_hours(1) {
            failures += 1;
            now = next_attempt(failures, now, LIMITS);
        }
        assert!(failures < 25, "{failures} attempts in an hour");
    }
}
