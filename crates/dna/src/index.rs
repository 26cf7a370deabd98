//! The index of the fast engine: it finds every profile that can be a hit without touching
//! most of the others. Candidates are then verified with the rule functions, so the index
//! only has to be *complete* (never miss a hit); extra candidates cost time, not correctness.
//!
//! **Why it is complete.** Profiles are grouped by the set M of loci they have fully
//! designated. A hit's fully matched loci lie in D = M ∩ F, F the query's fully designated
//! loci (a wildcard on either side means "not fully matched"). Every locus of D is compared
//! with both genotypes fully designated, so a locus of D that is not fully matched has an
//! allele difference; at most `max_mismatch` (≤ 1) of them exist. Hence a hit fully matches at
//! least T = max(min_loci, |D| − max_mismatch) loci of D, and a group with |D| < min_loci has no
//! hit at all. Split D into |D| − T + 1 (one or two) blocks: at least one block is fully
//! matched in every hit.
//!
//! - When D = M (the query is fully designated wherever the group is), the blocks are the two
//!   fixed halves of M, and each profile is filed under a hash of its genotype numbers on each
//!   half: looking up the query's (fully matching) genotypes on a half gives its candidates
//!   directly. With the microvariant tolerance a query genotype fully matches its one-base
//!   neighbours too; the common ones are looked up as key combinations, the rare ones (at most
//!   0.025 % of the database) through global per-locus posting lists, once per query — a
//!   profile that fully matches a half through a rare neighbour is in that neighbour's list.
//! - Otherwise the blocks are made of D at query time, and a block's candidates are the
//!   intersection of per-locus posting lists (profiles per genotype number).
//! - Small groups are simply verified whole.

use crate::compare::Settings;
use crate::engine::{Engine, Prepared};
use crate::locus::{LOCUS_COUNT, LocusSet};
use rayon::prelude::*;
use std::collections::HashMap;

/// Groups with fewer members are verified whole: cheaper than any lookup.
const SMALL_GROUP: usize = 16;
/// At most this many genotype combinations are looked up on one half; beyond it (many
/// microvariant neighbours) the posting lists are used instead.
const MAX_COMBINATIONS: usize = 256;

#[derive(Default)]
pub(crate) struct Index {
    groups: Vec<Group>,
}

/// Profiles with the same fully designated loci.
struct Group {
    mask: LocusSet,
    /// Rows, ascending.
    members: Vec<u32>,
    indexed: Option<GroupIndex>,
}

struct GroupIndex {
    halves: [Half; 2],
    /// Per locus of the mask (see `slot`).
    postings: Vec<Postings>,
    /// Locus index → position in `postings`.
    slot: [u8; LOCUS_COUNT],
}

/// One half of a group's loci: (key, member) sorted by key.
struct Half {
    columns: Vec<usize>,
    keys: Vec<(u64, u32)>,
}

/// Members per genotype number at one locus (compressed sparse rows).
pub(crate) struct Postings {
    numbers: Vec<u16>,
    starts: Vec<u32>,
    members: Vec<u32>,
}

impl Postings {
    pub(crate) fn count(&self, number: u16) -> usize {
        self.list(number).len()
    }

    pub(crate) fn bytes(&self) -> usize {
        self.numbers.capacity() * 2 + self.starts.capacity() * 4 + self.members.capacity() * 4
    }

    fn list(&self, number: u16) -> &[u32] {
        match self.numbers.binary_search(&number) {
            Ok(i) => &self.members[self.starts[i] as usize..self.starts[i + 1] as usize],
            Err(_) => &[],
        }
    }
}

/// A hash of genotype numbers; collisions only add candidates.
fn key(numbers: impl Iterator<Item = u16>) -> u64 {
    let mut h: u64 = 0x243F_6A88_85A3_08D3;
    for n in numbers {
        h = (h ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^= h >> 29;
    }
    h
}

impl Index {
    pub(crate) fn build(engine: &Engine) -> Index {
        let fully_designated: Vec<Vec<bool>> = engine
            .dictionaries
            .iter()
            .map(|d| {
                std::iter::once(false)
                    .chain(d.genotypes.iter().map(|g| g.is_fully_designated()))
                    .collect()
            })
            .collect();
        let masks: Vec<u32> = (0..engine.len())
            .into_par_iter()
            .map(|row| {
                let mut mask = LocusSet::EMPTY;
                for (c, &number) in engine.row(row).iter().enumerate() {
                    if fully_designated[c][usize::from(number)] {
                        mask.insert(engine.columns[c]);
                    }
                }
                mask.0
            })
            .collect();
        let mut by_mask: HashMap<u32, Vec<u32>> = HashMap::new();
        for (row, mask) in masks.into_iter().enumerate() {
            by_mask.entry(mask).or_default().push(row as u32);
        }
        let mut groups: Vec<(u32, Vec<u32>)> = by_mask.into_iter().collect();
        groups.sort_unstable_by_key(|g| g.0);
        let groups = groups
            .into_par_iter()
            .map(|(mask, members)| {
                let mask = LocusSet(mask);
                let indexed = (members.len() >= SMALL_GROUP)
                    .then(|| GroupIndex::build(engine, mask, &members));
                Group {
                    mask,
                    members,
                    indexed,
                }
            })
            .collect();
        Index { groups }
    }

    /// Adds the rows that may be hits of `query` to `out` (unsorted, possibly repeated).
    pub(crate) fn candidates(
        &self,
        engine: &Engine,
        query: &Prepared,
        settings: &Settings,
        out: &mut Vec<u32>,
    ) {
        // Profiles that fully match the query at some locus only through a rare neighbour
        // genotype: the halves below look up common genotypes only, so these are added here,
        // once, from the global posting lists.
        for (c, numbers) in query.full_numbers.iter().enumerate() {
            for &n in numbers {
                if !query.common_numbers[c].contains(&n) {
                    out.extend_from_slice(engine.postings[c].list(n));
                }
            }
        }
        for group in &self.groups {
            let d = group.mask.intersection(query.fully);
            if d.len() < settings.min_loci {
                continue;
            }
            let Some(index) = &group.indexed else {
                out.extend_from_slice(&group.members);
                continue;
            };
            let t = settings
                .min_loci
                .max(d.len().saturating_sub(usize::from(settings.max_mismatch)));
            let blocks = d.len() - t + 1;
            let before = out.len();
            if d == group.mask
                && blocks <= 2
                && index.halves[..blocks]
                    .iter()
                    .all(|h| h.probe(query, &group.members, out))
            {
                continue;
            }
            out.truncate(before);
            index.intersect(engine, query, d, blocks, &group.members, out);
        }
    }

    pub(crate) fn bytes(&self) -> usize {
        self.groups
            .iter()
            .map(|g| {
                g.members.capacity() * 4
                    + g.indexed.as_ref().map_or(0, |i| {
                        i.halves
                            .iter()
                            .map(|h| h.keys.capacity() * 16 + h.columns.capacity() * 8)
                            .sum::<usize>()
                            + i.postings
                                .iter()
                                .map(|p| {
                                    p.numbers.capacity() * 2
                                        + p.starts.capacity() * 4
                                        + p.members.capacity() * 4
                                })
                                .sum::<usize>()
                    })
            })
            .sum()
    }
}

impl GroupIndex {
    fn build(engine: &Engine, mask: LocusSet, members: &[u32]) -> GroupIndex {
        let columns: Vec<usize> = engine
            .columns
            .iter()
            .enumerate()
            .filter(|(_, l)| mask.contains(**l))
            .map(|(c, _)| c)
            .collect();
        let middle = columns.len().div_ceil(2);
        let (first, second) = columns.split_at(middle);
        let ((a, b), postings) = rayon::join(
            || {
                rayon::join(
                    || Half::build(engine, first.to_vec(), members),
                    || Half::build(engine, second.to_vec(), members),
                )
            },
            || {
                columns
                    .par_iter()
                    .map(|&c| Postings::build(engine, c, members))
                    .collect::<Vec<_>>()
            },
        );
        let mut slot = [u8::MAX; LOCUS_COUNT];
        for (i, &c) in columns.iter().enumerate() {
            slot[engine.columns[c].index()] = i as u8;
        }
        GroupIndex {
            halves: [a, b],
            postings,
            slot,
        }
    }

    /// Candidates through posting lists: `blocks` blocks of `d`, each the intersection of its
    /// loci's lists (a list being the union over the fully matching genotype numbers).
    fn intersect(
        &self,
        engine: &Engine,
        query: &Prepared,
        d: LocusSet,
        blocks: usize,
        members: &[u32],
        out: &mut Vec<u32>,
    ) {
        let mut lists: Vec<std::borrow::Cow<'_, [u32]>> = Vec::with_capacity(d.len());
        for locus in d.iter() {
            let Some(c) = engine.columns.iter().position(|l| *l == locus) else {
                continue;
            };
            let postings = &self.postings[usize::from(self.slot[locus.index()])];
            let numbers = &query.full_numbers[c];
            lists.push(match numbers.as_slice() {
                [one] => std::borrow::Cow::Borrowed(postings.list(*one)),
                several => {
                    let mut union: Vec<u32> = several
                        .iter()
                        .flat_map(|n| postings.list(*n).iter().copied())
                        .collect();
                    union.sort_unstable();
                    std::borrow::Cow::Owned(union)
                }
            });
        }
        lists.sort_by_key(|l| l.len());
        for block in 0..blocks {
            // Round robin over the lists by size keeps the blocks equally selective.
            let mut mine = lists.iter().skip(block).step_by(blocks);
            let Some(first) = mine.next() else {
                continue;
            };
            let mut survivors: Vec<u32> = first.to_vec();
            for list in mine {
                survivors = intersect(&survivors, list);
                if survivors.is_empty() {
                    break;
                }
            }
            out.extend(survivors.into_iter().map(|local| members[local as usize]));
        }
    }
}

/// Sorted intersection: walks the short list and gallops through the long one.
fn intersect(short: &[u32], long: &[u32]) -> Vec<u32> {
    let mut result = Vec::with_capacity(short.len().min(long.len()));
    let mut from = 0;
    for &x in short {
        // Gallop: find a bound, then binary search inside it.
        let mut step = 1;
        let mut hi = from;
        while hi < long.len() && long[hi] < x {
            from = hi;
            hi += step;
            step *= 2;
        }
        let hi = hi.min(long.len());
        from += long[from..hi].partition_point(|&y| y < x);
        if from == long.len() {
            break;
        }
        if long[from] == x {
            result.push(x);
        }
    }
    result
}

impl Half {
    fn build(engine: &Engine, columns: Vec<usize>, members: &[u32]) -> Half {
        let mut keys: Vec<(u64, u32)> = members
            .par_iter()
            .enumerate()
            .map(|(local, &row)| {
                let cells = engine.row(row as usize);
                (key(columns.iter().map(|&c| cells[c])), local as u32)
            })
            .collect();
        keys.par_sort_unstable();
        Half { columns, keys }
    }

    /// Adds the members filed under the query's fully matching genotypes on this half.
    /// Returns false (adding nothing) when there are too many combinations to look up.
    fn probe(&self, query: &Prepared, members: &[u32], out: &mut Vec<u32>) -> bool {
        // The common case — one fully matching genotype per locus — without allocating.
        if self
            .columns
            .iter()
            .all(|&c| query.common_numbers[c].len() == 1)
        {
            let k = key(self.columns.iter().map(|&c| query.common_numbers[c][0]));
            self.push_filed(k, members, out);
            return true;
        }
        let choices: Vec<&[u16]> = self
            .columns
            .iter()
            .map(|&c| query.common_numbers[c].as_slice())
            .collect();
        let mut combinations: usize = 1;
        for c in &choices {
            combinations = combinations.saturating_mul(c.len());
        }
        if combinations == 0 {
            return true;
        }
        if combinations > MAX_COMBINATIONS {
            return false;
        }
        // An odometer over the choices.
        let mut at = vec![0usize; choices.len()];
        loop {
            let k = key(choices.iter().zip(&at).map(|(c, &i)| c[i]));
            self.push_filed(k, members, out);
            let mut wheel = 0;
            loop {
                if wheel == at.len() {
                    return true;
                }
                at[wheel] += 1;
                if at[wheel] < choices[wheel].len() {
                    break;
                }
                at[wheel] = 0;
                wheel += 1;
            }
        }
    }
}

impl Half {
    /// Adds the members filed under key `k`.
    fn push_filed(&self, k: u64, members: &[u32], out: &mut Vec<u32>) {
        let start = self.keys.partition_point(|(x, _)| *x < k);
        for &(x, local) in &self.keys[start..] {
            if x != k {
                break;
            }
            out.push(members[local as usize]);
        }
    }
}

impl Postings {
    pub(crate) fn build(engine: &Engine, column: usize, members: &[u32]) -> Postings {
        // Counting sort of the members by genotype number keeps each list sorted.
        let size = engine.dictionaries[column].genotypes.len() + 1;
        let mut counts = vec![0u32; size + 1];
        for &row in members {
            counts[usize::from(engine.row(row as usize)[column]) + 1] += 1;
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let mut next = counts.clone();
        let mut sorted = vec![0u32; members.len()];
        for (local, &row) in members.iter().enumerate() {
            let n = usize::from(engine.row(row as usize)[column]);
            sorted[next[n] as usize] = local as u32;
            next[n] += 1;
        }
        let mut numbers = Vec::new();
        let mut starts = Vec::new();
        for n in 0..size {
            if counts[n + 1] > counts[n] {
                numbers.push(n as u16);
                starts.push(counts[n]);
            }
        }
        starts.push(members.len() as u32);
        Postings {
            numbers,
            starts,
            members: sorted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn galloping_intersection_is_the_intersection() {
        let a = [1, 5, 9, 12, 40, 41, 100];
        let b: Vec<u32> = (0..60).collect();
        assert_eq!(intersect(&a, &b), vec![1, 5, 9, 12, 40, 41]);
        assert_eq!(intersect(&b, &a), vec![1, 5, 9, 12, 40, 41]);
        assert_eq!(intersect(&[], &b), Vec::<u32>::new());
        assert_eq!(intersect(&a, &[]), Vec::<u32>::new());
        assert_eq!(intersect(&[100, 200], &a), vec![100]);
    }
}
