//! Bulk search: all profiles of A against all of B, and A against itself (as Prüm II requires
//! when a state joins the router), in parallel, reporting progress.

use crate::compare::Settings;
use crate::engine::Engine;
use crate::profile::Profile;
use crate::scan::Found;
use crate::stats::{FrequencyTable, Statistics};
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

/// Queries handled between two progress reports.
const REPORT_EVERY: usize = 1024;

/// A hit between two profiles of a bulk search: indexes into the query set and the database.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Pair {
    pub query: u32,
    pub found: Found,
}

/// Runs `search` for every query index in parallel; `progress` gets the number of queries
/// done so far (now and then, from any thread). Pairs come out in query order, then
/// database order.
fn run(
    queries: usize,
    search: impl Fn(usize) -> Vec<Found> + Sync,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<Pair> {
    let done = AtomicU64::new(0);
    let chunks: Vec<Vec<Pair>> = (0..queries)
        .into_par_iter()
        .chunks(REPORT_EVERY)
        .map(|chunk| {
            let mut pairs = Vec::new();
            for &q in &chunk {
                pairs.extend(search(q).into_iter().map(|found| Pair {
                    query: q as u32,
                    found,
                }));
            }
            let now = done.fetch_add(chunk.len() as u64, Ordering::Relaxed) + chunk.len() as u64;
            progress(now);
            pairs
        })
        .collect();
    chunks.into_iter().flatten().collect()
}

/// Every profile of `queries` against the database `engine` holds.
pub fn search_all(
    engine: &Engine,
    queries: &[Profile],
    settings: &Settings,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<Pair> {
    run(
        queries.len(),
        |q| engine.search(&queries[q].genotypes, settings),
        progress,
    )
}

/// Every profile of the database against all the others: each pair once, the profile that
/// comes first in the database as the query, never a profile against itself. (The hit rule
/// and the quality are symmetric, so nothing is lost.)
pub fn search_self(
    engine: &Engine,
    settings: &Settings,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<Pair> {
    run(
        engine.len(),
        |q| engine.search_from(&engine.genotypes(q), settings, q + 1),
        progress,
    )
}

/// The reference scan over many queries, in parallel (for measuring and checking).
pub fn scan_all(database: &[Profile], queries: &[Profile], settings: &Settings) -> Vec<Pair> {
    run(
        queries.len(),
        |q| crate::scan::search(database, &queries[q].genotypes, settings),
        &|_| {},
    )
}

/// The statistics of every pair, in parallel; `queries` and `database` are the profile sets
/// the pairs index into, `database_size` the size of the database searched.
pub fn statistics(
    pairs: &[Pair],
    queries: &[Profile],
    database: &[Profile],
    table: &FrequencyTable,
    settings: &Settings,
    theta: f64,
) -> Vec<Statistics> {
    pairs
        .par_iter()
        .map(|pair| {
            let query = &queries[pair.query as usize];
            let candidate = &database[pair.found.candidate as usize];
            crate::stats::statistics(
                table,
                &query.genotypes,
                &candidate.genotypes,
                &pair.found.comparison,
                settings,
                theta,
                database.len(),
            )
        })
        .collect()
}
