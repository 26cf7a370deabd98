//! The reference engine: compares the query with every profile, one after the other, with the
//! rules of [`crate::compare`]. Slow and obviously right; the fast engine must give exactly its
//! answers.

use crate::compare::{Comparison, Settings, compare};
use crate::profile::{Genotypes, Profile};

/// A hit: the candidate's position in the database and the comparison.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Found {
    pub candidate: u32,
    pub comparison: Comparison,
}

/// Every hit of `query` in `database`, in database order.
pub fn search(database: &[Profile], query: &Genotypes, settings: &Settings) -> Vec<Found> {
    database
        .iter()
        .enumerate()
        .filter_map(|(i, profile)| {
            let comparison = compare(query, &profile.genotypes, settings.microvariant);
            let candidate = u32::try_from(i).ok()?;
            comparison.is_hit(settings).then_some(Found {
                candidate,
                comparison,
            })
        })
        .collect()
}
