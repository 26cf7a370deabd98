//! Sign-in throttling: failed attempts per client address and per account, kept in memory.
//!
//! An attempt is admitted when neither its address nor its account (the typed username, known
//! or not, so that throttling does not reveal which accounts exist) has to wait by the rule in
//! `domain::sign_in`. An admitted attempt counts as a failure at once and is taken back when the
//! password proves right, so that attempts sent together cannot slip through side by side.
//!
//! The account's count is skipped for an address the account signed in from before (the use
//! case decides that): an attacker elsewhere can slow down the account for strangers, never
//! for its owner. The state lives in this process: several servers on one database each
//! throttle on their own, and a restart forgets it. Each map is bounded, so a flood of invented
//! usernames or addresses cannot grow the memory without end.

use grenzeloos_domain::sign_in::{Limits, forgotten, next_attempt};
use jiff::Timestamp;
use std::collections::HashMap;
use std::sync::Mutex;

/// Addresses and accounts each remembered at most (the oldest go first).
const MAX_ENTRIES: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Timestamp,
    /// Whether a refusal since the last admitted attempt is in the audit trail already: a flood
    /// of refused attempts is recorded once, not once per request.
    refusal_recorded: bool,
}

#[derive(Default)]
struct Keyed(HashMap<String, Failures>);

impl Keyed {
    /// The live failures of `key` (forgotten ones are dropped).
    fn live(&mut self, key: &str, now: Timestamp, limits: Limits) -> Option<&mut Failures> {
        if self
            .0
            .get(key)
            .is_some_and(|f| forgotten(f.last, now, limits))
        {
            self.0.remove(key);
        }
        self.0.get_mut(key)
    }

    fn waits(&mut self, key: &str, now: Timestamp, limits: Limits) -> bool {
        self.live(key, now, limits)
            .is_some_and(|f| next_attempt(f.count, f.last, limits) > now)
    }

    fn count(&mut self, key: &str, now: Timestamp, limits: Limits) {
        if !self.0.contains_key(key) && self.0.len() >= MAX_ENTRIES {
            self.0.retain(|_, f| !forgotten(f.last, now, limits));
            if self.0.len() >= MAX_ENTRIES
                && let Some(oldest) = self
                    .0
                    .iter()
                    .min_by_key(|(_, f)| f.last)
                    .map(|(k, _)| k.clone())
            {
                self.0.remove(&oldest);
            }
        }
        let entry = self.0.entry(key.to_string()).or_insert(Failures {
            count: 0,
            last: now,
            refusal_recorded: false,
        });
        entry.count = entry.count.saturating_add(1);
        entry.last = now;
        entry.refusal_recorded = false;
    }

    /// Marks a refusal of `key` as recorded; true when it was not yet.
    fn first_refusal(&mut self, key: &str) -> bool {
        match self.0.get_mut(key) {
            Some(f) if !f.refusal_recorded => {
                f.refusal_recorded = true;
                true
            }
            _ => false,
        }
    }
}

/// What the throttle says to an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admission {
    /// Check the password (the attempt is counted as failed until it proves right).
    Admitted,
    /// Refuse without checking; `record` when this refusal goes into the audit trail.
    Refused { record: bool },
}

#[derive(Default)]
pub(crate) struct Throttle {
    /// Both maps behind one lock: an admission looks at both and counts in both at once.
    state: Mutex<(Keyed, Keyed)>,
}

impl Throttle {
    /// Admits or refuses an attempt from `address` for `account` (None: the address is one the
    /// account signed in from before, and the account's count does not apply).
    pub(crate) fn admit(
        &self,
        address: &str,
        account: Option<&str>,
        now: Timestamp,
        limits: Limits,
    ) -> Admission {
        let Ok(mut state) = self.state.lock() else {
            // A panic while the lock was held: refuse rather than let guessing through.
            return Admission::Refused { record: false };
        };
        let (addresses, accounts) = &mut *state;
        let address_waits = addresses.waits(address, now, limits);
        let account_waits = account.is_some_and(|a| accounts.waits(a, now, limits));
        if address_waits || account_waits {
            let mut record = false;
            if address_waits {
                record |= addresses.first_refusal(address);
            }
            if let Some(account) = account.filter(|_| account_waits) {
                record |= accounts.first_refusal(account);
            }
            return Admission::Refused { record };
        }
        addresses.count(address, now, limits);
        if let Some(account) = account {
            accounts.count(account, now, limits);
        }
        Admission::Admitted
    }

    /// The password was right: the attempt no longer counts for the address, and the account
    /// starts afresh.
    pub(crate) fn succeeded(&self, address: &str, account: &str) {
        if let Ok(mut state) = self.state.lock() {
            let (addresses, accounts) = &mut *state;
            if let Some(f) = addresses.0.get_mut(address) {
                f.count = f.count.saturating_sub(1);
            }
            accounts.0.remove(account);
        }
    }

    /// Forgets the account's failures (an admin unlocks it).
    pub(crate) fn clear_account(&self, account: &str) {
        if let Ok(mut state) = self.state.lock() {
            state.1.0.remove(account);
        }
    }

    /// Until when attempts for `account` from addresses it has not signed in from must wait.
    pub(crate) fn account_waits_until(
        &self,
        account: &str,
        now: Timestamp,
        limits: Limits,
    ) -> Option<Timestamp> {
        let mut state = self.state.lock().ok()?;
        let failures = *state.1.live(account, now, limits)?;
        Some(next_attempt(failures.count, failures.last, limits)).filter(|until| *until > now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::SignedDuration;

    const LIMITS: Limits = Limits {
        free: 3,
        cap: SignedDuration::from_mins(15),
    };

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + seconds).unwrap()
    }

    #[test]
    fn attempts_beyond_the_free_ones_wait_and_a_success_starts_the_account_afresh() {
        let throttle = Throttle::default();
        for _ in 0..3 {
            assert_eq!(
                throttle.admit("a", Some("bert"), at(0), LIMITS),
                Admission::Admitted
            );
        }
        assert_eq!(
            throttle.admit("a", Some("bert"), at(0), LIMITS),
            Admission::Refused { record: true }
        );
        // A flood of refusals is recorded once.
        assert_eq!(
            throttle.admit("a", Some("bert"), at(0), LIMITS),
            Admission::Refused { record: false }
        );
        assert_eq!(
            throttle.account_waits_until("bert", at(0), LIMITS),
            Some(at(1))
        );
        // Another address still waits for the account, unless the account knows it.
        assert!(matches!(
            throttle.admit("b", Some("bert"), at(0), LIMITS),
            Admission::Refused { .. }
        ));
        assert_eq!(
            throttle.admit("b", None, at(0), LIMITS),
            Admission::Admitted
        );
        assert_eq!(
            throttle.admit("a", Some("bert"), at(1), LIMITS),
            Admission::Admitted
        );
        throttle.succeeded("a", "bert");
        assert_eq!(throttle.account_waits_until("bert", at(1), LIMITS), None);
    }

    #[test]
    fn the_address_waits_whatever_account_it_tries() {
        let throttle = Throttle::default();
        for name in ["a1", "a2", "a3"] {
            assert_eq!(
                throttle.admit("x", Some(name), at(0), LIMITS),
                Admission::Admitted
            );
        }
        assert!(matches!(
            throttle.admit("x", Some("a4"), at(0), LIMITS),
            Admission::Refused { .. }
        ));
        // A success on an account of one's own does not wipe the address's failures.
        assert_eq!(
            throttle.admit("x", None, at(1), LIMITS),
            Admission::Admitted
        );
        throttle.succeeded("x", "mine");
        assert!(matches!(
            throttle.admit("x", Some("a5"), at(1), LIMITS),
            Admission::Refused { .. }
        ));
    }

    #[test]
    fn an_admin_clears_the_account_and_quiet_periods_forget() {
        let throttle = Throttle::default();
        for _ in 0..5 {
            throttle.admit(&format!("ip{}", 0), Some("carla"), at(0), LIMITS);
        }
        assert!(
            throttle
                .account_waits_until("carla", at(0), LIMITS)
                .is_some()
        );
        throttle.clear_account("carla");
        assert_eq!(throttle.account_waits_until("carla", at(0), LIMITS), None);
        assert_eq!(
            throttle.admit("ip0", None, at(30 * 60), LIMITS),
            Admission::Admitted,
            "forgotten after twice the cap"
        );
    }

    #[test]
    fn the_memory_is_bounded() {
        let throttle = Throttle::default();
        for i in 0..(MAX_ENTRIES + 50) {
            throttle.admit(&format!("ip{i}"), Some(&format!("user{i}")), at(0), LIMITS);
        }
        let state = throttle.state.lock().unwrap();
        assert!(state.0.0.len() <= MAX_ENTRIES && state.1.0.len() <= MAX_ENTRIES);
    }
}
