//! The node's clock. Only the binary reads the system clock; everything below it takes time
//! from the [`Clock`] given here.

use anyhow::Context;
use grenzeloos_domain::clock::Clock;
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;

/// The system clock, optionally shifted so that the node's "now" started at a chosen instant
/// (`GRENZELOOS_NOW`, for demonstrations and acceptance tests); it then runs on in real time.
#[derive(Debug)]
pub struct SystemClock {
    offset: SignedDuration,
}

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let now = Timestamp::now();
        now.checked_add(self.offset).unwrap_or(now)
    }
}

/// The clock for this run: the system's, or the one `GRENZELOOS_NOW` (RFC 3339) starts.
pub fn from_env() -> anyhow::Result<Arc<dyn Clock>> {
    let offset = match std::env::var("GRENZELOOS_NOW")
        .ok()
        .filter(|v| !v.is_empty())
    {
        None => SignedDuration::ZERO,
        Some(value) => {
            let start: Timestamp = value.trim().parse().with_context(|| {
                format!("GRENZELOOS_NOW must be an instant such as 2026-03-28T23:30:00+01:00, not '{value}'")
            })?;
            start.duration_since(Timestamp::now())
        }
    };
    Ok(Arc::new(SystemClock { offset }))
}
