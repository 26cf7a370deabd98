//! The index of the fast engine: it finds every profile that can be a hit of a query without
//! touching most of the others. Candidates are verified with the rule functions afterwards, so
//! the index only has to be *complete* (never miss a hit); extra candidates cost time only.
//!
//! **What a hit must fully match.** Profiles are grouped by the set M of indexed loci they have
//! fully designated. With F the query's fully designated loci, a hit's fully matched loci lie
//! in D = M ∩ F (a wildcard on either side means "not fully matched"), and a locus of D that is
//! not fully matched has an allele difference, because both genotypes are fully designated
//! there. At most `u` loci of D are therefore left unmatched, where
//! u = min(|D| − min_loci, max_mismatch) ≤ 1, and a group with |D| < min_loci has no hit.
//! So if u = 0 every part of D is fully matched, and if u = 1, of two disjoint parts of D at
//! least one is. Fully matched is turned into key equality by the tolerance buckets
//! ([`crate::buckets`]); a key over some loci is the sum of their bucket-pair codes.
//!
//! **Two lookups.**
//! - *Blocks* (for D = M, the usual case of a full reference query): each profile is filed
//!   under two disjoint blocks of its loci — the loci of M on each of two fixed sides of the
//!   indexed loci, or, when a side would hold fewer than three of them, the two halves of M.
//!   Looking up the query's keys on both blocks (one block when u = 0) finds every hit of the
//!   group. Blocks are shared by groups, so a query looks each up once.
//! - *Triples* (for D ≠ M: a stain query, or a query with a wildcard where the profile has
//!   none): every profile is also filed under every triple of loci within one side that it has
//!   fully designated (two sides of six give 40 triples). Any part of D holding three loci of a
//!   side contains such triples, and the profiles that fully match that part are found by
//!   intersecting the triples' lists. With six loci on two sides, every six loci hold a triple.
//! - A group for which neither applies (tiny groups, `min_loci` below 5) is verified whole.
//!
//! A *plan* — which blocks, triple lists and whole groups a query needs — depends only on the
//! query's fully designated loci and the settings, and is computed once for each such shape.
//!
//! The index numbers the profiles group by group, so that a group is a range of numbers and
//! every list is sorted by them: a triple list that only some small groups need is cut down to
//! their ranges before anything is verified.

use crate::buckets::{Bucket, LocusBuckets, POSITIONS, pair_codes, position};
use crate::compare::Settings;
use crate::engine::{Engine, Prepared};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// At most this many loci are indexed: the ones most often fully designated. Two sides of six
/// give 40 triples per full profile; more loci would grow the index faster than it gains.
pub(crate) const MAX_SLOTS: usize = 12;
/// A profile with more keys than this on one block (rare alleles between two common ones at
/// many loci) is not filed; it is verified for every query instead.
const MAX_KEYS: usize = 16;

/// A set of indexed loci ("slots") as bits.
type Slots = u32;

fn slots_of(set: Slots) -> impl Iterator<Item = usize> {
    (0..MAX_SLOTS).filter(move |i| set & (1 << i) != 0)
}

fn size(set: Slots) -> usize {
    set.count_ones() as usize
}

#[derive(Default)]
pub(crate) struct Index {
    /// Engine column of each slot (in locus order).
    pub(crate) slots: Vec<usize>,
    /// Per engine column: its slot, if indexed.
    pub(crate) slot_of: Vec<Option<usize>>,
    sides: [Slots; 2],
    buckets: Vec<LocusBuckets>,
    /// Per slot, per genotype number: the bucket-pair codes it is filed under (none when not
    /// fully designated).
    filing: Vec<Filing>,
    groups: Vec<Group>,
    /// Index number → engine row: the rows group by group, ascending within a group. Lists
    /// and tables hold index numbers.
    order: Vec<u32>,
    blocks: Table<Filed>,
    triples: Vec<Triple>,
    triple_ids: HashMap<Slots, usize>,
    /// Index numbers of profiles too ambiguous to file: candidates of every query.
    overflow: Vec<u32>,
    plans: RwLock<HashMap<PlanKey, Arc<Plan>>>,
}

/// Profiles with the same fully designated slots.
struct Group {
    mask: Slots,
    /// Its index numbers.
    range: Range,
    /// The two disjoint blocks its members are filed under (an empty block is no block).
    blocks: [Slots; 2],
}

struct Filing {
    starts: Vec<u32>,
    codes: Vec<u64>,
}

impl Filing {
    fn codes(&self, number: u16) -> &[u64] {
        let n = usize::from(number);
        &self.codes[self.starts[n] as usize..self.starts[n + 1] as usize]
    }
}

/// A block entry: the index number and 32 more bits of its key, so that profiles of other
/// keys in the same bucket are skipped without being verified.
#[derive(Clone, Copy, Default)]
struct Filed {
    fingerprint: u32,
    number: u32,
}

/// The profiles filed under one triple of slots, each list ascending.
struct Triple {
    mask: Slots,
    table: Table<u32>,
}

/// Values filed under 64-bit keys, grouped by the keys' top bits: a lookup reads one bucket.
/// Within a bucket, values keep the order they were filed in.
#[derive(Default)]
struct Table<T> {
    shift: u32,
    starts: Vec<u32>,
    entries: Vec<T>,
}

/// Directory bits for about `per_bucket` entries a bucket.
fn directory_bits(expected: usize, per_bucket: usize) -> u32 {
    (expected / per_bucket.max(1))
        .max(2)
        .next_power_of_two()
        .trailing_zeros()
        .clamp(1, 31)
}

/// The bucket of a key in a directory of `bits` bits: its top bits.
fn bucket_of(key: u64, bits: u32) -> u32 {
    (key >> (64 - bits)) as u32
}

impl<T: Copy + Default> Table<T> {
    /// Files the values under their buckets (see [`bucket_of`]) in a directory of `bits`
    /// bits. Values keep their order within a bucket.
    fn from_buckets(bits: u32, pairs: Vec<(u32, T)>) -> Self {
        // A stable two-pass radix sort: first by the top 8 bits (256 streams, so the writes
        // stay in cache), then each part by the rest of its bucket number.
        let high = bits.min(8);
        let low = bits - high;
        let parts = 1usize << high;
        let per_part = 1usize << low;
        let mut part_starts = vec![0usize; parts + 1];
        for &(bucket, _) in &pairs {
            part_starts[(bucket >> low) as usize + 1] += 1;
        }
        for i in 1..part_starts.len() {
            part_starts[i] += part_starts[i - 1];
        }
        let mut next = part_starts.clone();
        let mut parted = vec![(0u32, T::default()); pairs.len()];
        for &(bucket, value) in &pairs {
            let p = (bucket >> low) as usize;
            parted[next[p]] = (bucket, value);
            next[p] += 1;
        }
        drop(pairs);
        let mut starts = vec![0u32; (1usize << bits) + 1];
        let mut entries = vec![T::default(); parted.len()];
        let mut local = vec![0usize; per_part + 1];
        for p in 0..parts {
            let (from, to) = (part_starts[p], part_starts[p + 1]);
            let first_bucket = p * per_part;
            local.iter_mut().for_each(|c| *c = 0);
            for &(bucket, _) in &parted[from..to] {
                local[bucket as usize - first_bucket + 1] += 1;
            }
            for b in 0..per_part {
                local[b + 1] += local[b];
                starts[first_bucket + b] = (from + local[b]) as u32;
            }
            for &(bucket, value) in &parted[from..to] {
                let b = bucket as usize - first_bucket;
                entries[from + local[b]] = value;
                local[b] += 1;
            }
        }
        starts[1usize << bits] = entries.len() as u32;
        Table {
            shift: 64 - bits,
            starts,
            entries,
        }
    }

    fn bucket(&self, key: u64) -> &[T] {
        let (start, end) = self.bounds(key);
        &self.entries[start as usize..end as usize]
    }

    fn bounds(&self, key: u64) -> Range {
        let b = (key >> self.shift) as usize;
        (self.starts[b], self.starts[b + 1])
    }

    fn bytes(&self) -> usize {
        self.starts.capacity() * 4 + self.entries.capacity() * size_of::<T>()
    }
}

/// Calls `f` with the sum of one code from each list, for every combination. Returns false,
/// calling nothing, when there are more than `limit`; true (calling nothing) when a list is
/// empty.
fn for_each_key(lists: &[&[u64]], limit: usize, mut f: impl FnMut(u64)) -> bool {
    if lists.iter().all(|l| l.len() == 1) {
        f(lists.iter().fold(0u64, |sum, l| sum.wrapping_add(l[0])));
        return true;
    }
    let mut combinations = 1usize;
    for l in lists {
        combinations = combinations.saturating_mul(l.len());
    }
    if combinations > limit {
        return false;
    }
    if combinations == 0 {
        return true;
    }
    let mut at = [0usize; MAX_SLOTS];
    loop {
        f(lists
            .iter()
            .zip(&at)
            .fold(0u64, |sum, (l, &i)| sum.wrapping_add(l[i])));
        let mut wheel = 0;
        loop {
            if wheel == lists.len() {
                return true;
            }
            at[wheel] += 1;
            if at[wheel] < lists[wheel].len() {
                break;
            }
            at[wheel] = 0;
            wheel += 1;
        }
    }
}

/// [`for_each_key`] over the slots of `set`, with `codes` giving a slot's codes.
fn keys_on<'a>(
    set: Slots,
    codes: impl Fn(usize) -> &'a [u64],
    limit: usize,
    f: impl FnMut(u64),
) -> bool {
    let mut lists: [&[u64]; MAX_SLOTS] = [&[]; MAX_SLOTS];
    let mut n = 0;
    for s in slots_of(set) {
        lists[n] = codes(s);
        n += 1;
    }
    for_each_key(&lists[..n], limit, f)
}

/// Index numbers `start..end`.
type Range = (u32, u32);

/// What a plan depends on.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct PlanKey {
    fully: Slots,
    others: u8,
    min_loci: usize,
    max_mismatch: u8,
}

/// What one shape of query looks up.
#[derive(Default)]
struct Plan {
    blocks: Vec<Slots>,
    retrievals: Vec<Retrieval>,
    /// Groups verified whole.
    whole: Vec<Range>,
}

/// Profiles of some groups that fully match the query on a part of their loci.
struct Retrieval {
    /// Triples whose lists are intersected.
    triples: Vec<usize>,
    /// The groups that need it, ascending and merged.
    ranges: Vec<Range>,
}

impl Index {
    pub(crate) fn build(engine: &Engine) -> Index {
        let counts = genotype_counts(engine);
        let slots = choose_slots(engine, &counts);
        let mut slot_of = vec![None; engine.columns.len()];
        for (s, &c) in slots.iter().enumerate() {
            slot_of[c] = Some(s);
        }
        // Sides alternate, so that loci typed together tend to fall on both.
        let mut sides = [0, 0];
        for s in 0..slots.len() {
            sides[s % 2] |= 1 << s;
        }
        let buckets: Vec<LocusBuckets> = slots
            .iter()
            .map(|&c| locus_buckets(engine, c, &counts[c]))
            .collect();
        let filing: Vec<Filing> = slots
            .iter()
            .enumerate()
            .map(|(s, &c)| Filing::new(engine, c, s, &buckets[s]))
            .collect();
        let (groups, order) = group_rows(engine, &slots, &filing, sides);

        // The indexed cells, in index order: the tables below read them front to back.
        let width = slots.len();
        let mut cells = vec![0u16; order.len() * width];
        if width > 0 {
            cells
                .par_chunks_mut(width)
                .zip(order.par_iter())
                .for_each(|(mine, &row)| {
                    let row = engine.row(row as usize);
                    for (cell, &c) in mine.iter_mut().zip(&slots) {
                        *cell = row[c];
                    }
                });
        }
        // The keys of index number `i` on a set of slots; false (and none) when more than
        // `limit`.
        let keys = |i: u32, set: Slots, limit: usize, f: &mut dyn FnMut(u64)| -> bool {
            let mine = &cells[i as usize * width..][..width];
            keys_on(set, |s| filing[s].codes(mine[s]), limit, f)
        };
        let block_keys = |g: &Group, i: u32, f: &mut dyn FnMut(u64)| -> bool {
            g.blocks
                .iter()
                .all(|&b| b == 0 || keys(i, b, MAX_KEYS, &mut *f))
        };
        let overflow: Vec<u32> = groups
            .par_iter()
            .flat_map_iter(|g| (g.range.0..g.range.1).filter(|&i| !block_keys(g, i, &mut |_| {})))
            .collect();
        let mut filed = vec![true; order.len()];
        for &i in &overflow {
            filed[i as usize] = false;
        }
        let triple_masks = triples_of(sides);
        let size = |g: &Group| (g.range.1 - g.range.0) as usize;
        let (blocks, triples) = rayon::join(
            || {
                let expected = groups.iter().map(|g| size(g) * 2).sum();
                let bits = directory_bits(expected, 2);
                let pairs: Vec<(u32, Filed)> = groups
                    .par_iter()
                    .flat_map_iter(|g| {
                        let mut pairs = Vec::with_capacity(size(g) * 2);
                        for i in (g.range.0..g.range.1).filter(|&i| filed[i as usize]) {
                            block_keys(g, i, &mut |key| {
                                let fingerprint = key as u32;
                                let filed = Filed {
                                    fingerprint,
                                    number: i,
                                };
                                pairs.push((bucket_of(key, bits), filed));
                            });
                        }
                        pairs
                    })
                    .collect();
                Table::from_buckets(bits, pairs)
            },
            || {
                triple_masks
                    .par_iter()
                    .map(|&t| {
                        let mine: Vec<&Group> = groups.iter().filter(|g| g.mask & t == t).collect();
                        let expected = mine.iter().map(|g| size(g)).sum();
                        let bits = directory_bits(expected, 4);
                        let mut pairs = Vec::with_capacity(expected + expected / 8);
                        for g in mine {
                            for i in (g.range.0..g.range.1).filter(|&i| filed[i as usize]) {
                                // At most 4³ keys: every filed profile is filed under each of
                                // its triples.
                                keys(i, t, usize::MAX, &mut |key| {
                                    pairs.push((bucket_of(key, bits), i))
                                });
                            }
                        }
                        Triple {
                            mask: t,
                            table: Table::from_buckets(bits, pairs),
                        }
                    })
                    .collect::<Vec<_>>()
            },
        );
        let triple_ids = triple_masks
            .iter()
            .enumerate()
            .map(|(i, &t)| (t, i))
            .collect();
        Index {
            slots,
            slot_of,
            sides,
            buckets,
            filing,
            groups,
            order,
            blocks,
            triples,
            triple_ids,
            overflow,
            plans: RwLock::new(HashMap::new()),
        }
    }

    /// Adds the engine rows that may be hits of `query` to `out` (unsorted, possibly
    /// repeated).
    pub(crate) fn candidates(&self, query: &Prepared, settings: &Settings, out: &mut Vec<u32>) {
        let plan = self.plan(query, settings);
        let mut numbers = Vec::new();
        self.look_up_blocks(&plan.blocks, query, &mut numbers);
        let mut lists = vec![None; self.triples.len()];
        for retrieval in &plan.retrievals {
            self.retrieve(retrieval, query, &mut lists, &mut numbers);
        }
        for &(start, end) in &plan.whole {
            numbers.extend(start..end);
        }
        numbers.extend_from_slice(&self.overflow);
        out.extend(numbers.into_iter().map(|i| self.order[i as usize]));
    }

    fn plan(&self, query: &Prepared, settings: &Settings) -> Arc<Plan> {
        let key = PlanKey {
            fully: query.fully,
            others: query.others,
            min_loci: settings.min_loci,
            max_mismatch: settings.max_mismatch,
        };
        if let Some(plan) = self.plans.read().ok().and_then(|p| p.get(&key).cloned()) {
            return plan;
        }
        let plan = Arc::new(self.make_plan(key));
        if let Ok(mut plans) = self.plans.write() {
            plans.insert(key, plan.clone());
        }
        plan
    }

    fn make_plan(&self, key: PlanKey) -> Plan {
        let mut blocks: Vec<Slots> = Vec::new();
        let mut retrievals: HashMap<Slots, Vec<Range>> = HashMap::new();
        let mut whole = Vec::new();
        // The loci of a part of D that the triples can check: its share of each side that
        // holds three or more of them.
        let checkable = |part: Slots| -> Slots {
            self.sides
                .iter()
                .map(|&side| part & side)
                .filter(|&p| size(p) >= 3)
                .fold(0, |a, p| a | p)
        };
        for group in &self.groups {
            let d = group.mask & key.fully;
            let most = size(d) + usize::from(key.others);
            if most < key.min_loci {
                continue;
            }
            let mut retrieve = |part: Slots| retrievals.entry(part).or_default().push(group.range);
            let unmatched = (most - key.min_loci).min(usize::from(key.max_mismatch));
            let within = |b: Slots| b != 0 && b & !d == 0;
            if unmatched == 0 {
                // Every locus of D is fully matched: one block or one checkable part will do.
                let block = group
                    .blocks
                    .iter()
                    .copied()
                    .filter(|&b| within(b))
                    .max_by_key(|&b| size(b));
                match block {
                    Some(b) if size(b) >= 3 || checkable(d) == 0 => blocks.push(b),
                    _ if checkable(d) != 0 => retrieve(checkable(d)),
                    _ => whole.push(group.range),
                }
                continue;
            }
            // One locus of D may be unmatched: two disjoint parts, or every D minus one locus.
            if group.blocks.iter().all(|&b| within(b)) {
                blocks.extend(group.blocks);
                continue;
            }
            // One block within D: that block, or the rest of D (whose checkable part finds a
            // superset of the profiles that fully match all of it).
            if let Some(&b) = group.blocks.iter().find(|&&b| within(b))
                && checkable(d & !b) != 0
            {
                blocks.push(b);
                retrieve(checkable(d & !b));
                continue;
            }
            let [x, y] = self.sides.map(|side| d & side);
            let split = if size(x) >= 3 && size(y) >= 3 {
                Some((x, y))
            } else {
                [x, y].into_iter().find(|p| size(*p) >= 6).map(|p| {
                    let first: Slots = slots_of(p).take(3).fold(0, |a, s| a | (1 << s));
                    let second: Slots = slots_of(p & !first).take(3).fold(0, |a, s| a | (1 << s));
                    (first, second)
                })
            };
            if let Some((x, y)) = split {
                retrieve(x);
                retrieve(y);
                continue;
            }
            let parts: Vec<Slots> = slots_of(d).map(|s| checkable(d & !(1 << s))).collect();
            if parts.iter().all(|&p| p != 0) {
                for p in parts {
                    retrieve(p);
                }
            } else {
                whole.push(group.range);
            }
        }
        blocks.sort_unstable();
        blocks.dedup();
        let mut retrievals: Vec<(Slots, Vec<Range>)> = retrievals.into_iter().collect();
        retrievals.sort_unstable_by_key(|r| r.0);
        Plan {
            blocks,
            retrievals: retrievals
                .into_iter()
                .map(|(part, ranges)| Retrieval {
                    triples: self.cover(part),
                    ranges: merged(ranges),
                })
                .collect(),
            whole: merged(whole),
        }
    }

    /// Triples whose union is `part` (three to six loci on each side it touches).
    fn cover(&self, part: Slots) -> Vec<usize> {
        let mut triples = Vec::new();
        for side in self.sides {
            let mine: Vec<usize> = slots_of(part & side).collect();
            let k = mine.len();
            if k < 3 {
                continue;
            }
            for window in [&mine[..3], &mine[k - 3..]] {
                let t: Slots = window.iter().fold(0, |a, s| a | (1 << s));
                if let Some(&id) = self.triple_ids.get(&t)
                    && !triples.contains(&id)
                {
                    triples.push(id);
                }
            }
        }
        triples
    }

    /// The index numbers filed under the query's keys on the blocks. The lookups are
    /// independent: first every key, then every bucket's bounds, then the buckets, so that
    /// the processor overlaps their cache misses instead of waiting for each in turn.
    fn look_up_blocks(&self, blocks: &[Slots], query: &Prepared, out: &mut Vec<u32>) {
        let mut keys = Vec::with_capacity(blocks.len() * 2);
        for &block in blocks {
            keys_on(
                block,
                |s| &query.probes[s],
                usize::MAX,
                |key| keys.push(key),
            );
        }
        let bounds: Vec<Range> = keys.iter().map(|&key| self.blocks.bounds(key)).collect();
        for (&key, &(start, end)) in keys.iter().zip(&bounds) {
            let fingerprint = key as u32;
            out.extend(
                self.blocks.entries[start as usize..end as usize]
                    .iter()
                    .filter(|f| f.fingerprint == fingerprint)
                    .map(|f| f.number),
            );
        }
    }

    /// The index numbers, within the retrieval's ranges, filed under the query's keys on
    /// every one of its triples. `lists` keeps each triple's list for the rest of the query.
    fn retrieve<'a>(
        &'a self,
        retrieval: &Retrieval,
        query: &Prepared,
        lists: &mut [Option<Cow<'a, [u32]>>],
        out: &mut Vec<u32>,
    ) {
        for &t in &retrieval.triples {
            if lists[t].is_none() {
                lists[t] = Some(self.triple_list(t, query));
            }
        }
        let mut mine: Vec<&[u32]> = retrieval
            .triples
            .iter()
            .filter_map(|&t| lists[t].as_deref())
            .collect();
        mine.sort_by_key(|l| l.len());
        let Some((first, rest)) = mine.split_first() else {
            return;
        };
        let mut survivors = within_ranges(first, &retrieval.ranges);
        for list in rest {
            if survivors.is_empty() {
                return;
            }
            survivors = intersect(&survivors, list);
        }
        out.extend_from_slice(&survivors);
    }

    /// The index numbers filed under the query's keys on one triple, ascending.
    fn triple_list(&self, t: usize, query: &Prepared) -> Cow<'_, [u32]> {
        let triple = &self.triples[t];
        let mut keys = Vec::new();
        keys_on(
            triple.mask,
            |s| &query.probes[s],
            usize::MAX,
            |key| keys.push(key),
        );
        if let [key] = keys[..] {
            return Cow::Borrowed(triple.table.bucket(key));
        }
        let mut union: Vec<u32> = keys
            .iter()
            .flat_map(|&key| triple.table.bucket(key))
            .copied()
            .collect();
        union.sort_unstable();
        union.dedup();
        Cow::Owned(union)
    }

    /// The slot's bucket-pair codes a query genotype probes.
    pub(crate) fn probe_codes(
        &self,
        slot: usize,
        alleles: [Option<usize>; 2],
        microvariant: bool,
    ) -> Vec<u64> {
        let [a, b] =
            alleles.map(|p| p.map_or(Bucket::NONE, |p| self.buckets[slot].probes(p, microvariant)));
        let mut codes = Vec::new();
        pair_codes(slot, a, b, &mut codes);
        codes
    }

    pub(crate) fn bytes(&self) -> usize {
        let filing: usize = self
            .filing
            .iter()
            .map(|f| f.starts.capacity() * 4 + f.codes.capacity() * 8)
            .sum();
        let groups = self.groups.capacity() * size_of::<Group>() + self.order.capacity() * 4;
        let triples: usize = self.triples.iter().map(|t| t.table.bytes()).sum();
        filing + groups + self.blocks.bytes() + triples + self.overflow.capacity() * 4
    }
}

impl Filing {
    /// The codes of every genotype number of column `c` (slot `slot`).
    fn new(engine: &Engine, c: usize, slot: usize, buckets: &LocusBuckets) -> Filing {
        let unit = engine.columns[c].repeat_unit();
        let mut starts = vec![0u32, 0u32];
        let mut codes = Vec::new();
        let mut pairs = Vec::new();
        for g in &engine.dictionaries[c].genotypes {
            if g.is_fully_designated() {
                let [a, b] = g
                    .alleles()
                    .map(|a| position(a, unit).map_or(Bucket::NONE, |p| buckets.filed(p)));
                pair_codes(slot, a, b, &mut pairs);
                codes.extend_from_slice(&pairs);
            }
            starts.push(codes.len() as u32);
        }
        Filing { starts, codes }
    }
}

/// Per column: how many profiles have each genotype number.
fn genotype_counts(engine: &Engine) -> Vec<Vec<u32>> {
    let sizes: Vec<usize> = engine
        .dictionaries
        .iter()
        .map(|d| d.genotypes.len() + 1)
        .collect();
    let chunk = 1 << 16;
    (0..engine.len())
        .into_par_iter()
        .step_by(chunk)
        .map(|from| {
            let mut counts: Vec<Vec<u32>> = sizes.iter().map(|&n| vec![0; n]).collect();
            for row in from..(from + chunk).min(engine.len()) {
                for (c, &number) in engine.row(row).iter().enumerate() {
                    counts[c][usize::from(number)] += 1;
                }
            }
            counts
        })
        .reduce(
            || sizes.iter().map(|&n| vec![0; n]).collect(),
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    x.iter_mut().zip(y).for_each(|(x, y)| *x += y);
                }
                a
            },
        )
}

/// The indexed columns: the ones most often fully designated, at most [`MAX_SLOTS`], in
/// locus order.
fn choose_slots(engine: &Engine, counts: &[Vec<u32>]) -> Vec<usize> {
    let fully = |c: usize| -> u64 {
        engine.dictionaries[c]
            .genotypes
            .iter()
            .zip(&counts[c][1..])
            .filter(|(g, _)| g.is_fully_designated())
            .map(|(_, &n)| u64::from(n))
            .sum()
    };
    let mut ranked: Vec<usize> = (0..engine.columns.len()).collect();
    ranked.sort_by_key(|&c| (std::cmp::Reverse(fully(c)), c));
    ranked.truncate(MAX_SLOTS);
    ranked.sort_unstable();
    ranked
}

/// The buckets of column `c`, from how often each allele occurs there.
fn locus_buckets(engine: &Engine, c: usize, counts: &[u32]) -> LocusBuckets {
    let unit = engine.columns[c].repeat_unit();
    let mut count = vec![0u32; POSITIONS];
    for (g, &n) in engine.dictionaries[c].genotypes.iter().zip(&counts[1..]) {
        if g.is_fully_designated() {
            for a in g.alleles() {
                if let Some(p) = position(a, unit).filter(|p| *p < POSITIONS) {
                    count[p] += n;
                }
            }
        }
    }
    LocusBuckets::new(count)
}

/// The groups (by fully designated slots, in mask order) and the index order: engine rows
/// group by group, ascending within each.
fn group_rows(
    engine: &Engine,
    slots: &[usize],
    filing: &[Filing],
    sides: [Slots; 2],
) -> (Vec<Group>, Vec<u32>) {
    let masks: Vec<Slots> = (0..engine.len())
        .into_par_iter()
        .map(|row| {
            let cells = engine.row(row);
            let mut mask = 0;
            for (s, &c) in slots.iter().enumerate() {
                if !filing[s].codes(cells[c]).is_empty() {
                    mask |= 1 << s;
                }
            }
            mask
        })
        .collect();
    // Slots are at most 12: a mask is a small number.
    let mut sizes = vec![0u32; 1 << slots.len()];
    for &mask in &masks {
        sizes[mask as usize] += 1;
    }
    let mut groups = Vec::new();
    let mut first = vec![0u32; sizes.len()];
    let mut start = 0;
    for (mask, &size) in sizes.iter().enumerate().filter(|(_, n)| **n > 0) {
        first[mask] = start;
        groups.push(Group {
            mask: mask as Slots,
            range: (start, start + size),
            blocks: blocks_of(mask as Slots, sides),
        });
        start += size;
    }
    let mut order = vec![0u32; engine.len()];
    for (row, &mask) in masks.iter().enumerate() {
        let next = &mut first[mask as usize];
        order[*next as usize] = row as u32;
        *next += 1;
    }
    (groups, order)
}

/// Every triple of slots within one side.
fn triples_of(sides: [Slots; 2]) -> Vec<Slots> {
    sides
        .iter()
        .flat_map(|&side| {
            let mine: Vec<usize> = slots_of(side).collect();
            let mut triples = Vec::new();
            for i in 0..mine.len() {
                for j in i + 1..mine.len() {
                    for k in j + 1..mine.len() {
                        triples.push((1 << mine[i]) | (1 << mine[j]) | (1 << mine[k]));
                    }
                }
            }
            triples
        })
        .collect()
}

/// The two disjoint blocks a group is filed under: its loci on each side, unless a side holds
/// fewer than three of seven or more loci — then the two halves, so that both blocks stay
/// selective when one unmatched locus must be allowed for.
fn blocks_of(mask: Slots, sides: [Slots; 2]) -> [Slots; 2] {
    let [a, b] = sides.map(|side| mask & side);
    if (size(a) >= 3 && size(b) >= 3) || size(mask) <= 6 {
        return [a, b];
    }
    let first: Slots = slots_of(mask)
        .take(size(mask).div_ceil(2))
        .fold(0, |acc, s| acc | (1 << s));
    [first, mask & !first]
}

/// Ranges sorted, with touching ones joined.
fn merged(mut ranges: Vec<Range>) -> Vec<Range> {
    ranges.sort_unstable();
    let mut out: Vec<Range> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if last.1 >= r.0 => last.1 = last.1.max(r.1),
            _ => out.push(r),
        }
    }
    out
}

/// The part of a sorted list that lies in the (sorted, disjoint) ranges.
fn within_ranges(list: &[u32], ranges: &[Range]) -> Vec<u32> {
    let mut out = Vec::new();
    // Few ranges: binary searches; many: one walk through both.
    let searches = ranges.len() * 2 * (usize::BITS - list.len().leading_zeros()) as usize;
    if searches > list.len() + ranges.len() {
        let mut r = 0;
        for &x in list {
            while r < ranges.len() && ranges[r].1 <= x {
                r += 1;
            }
            if r == ranges.len() {
                break;
            }
            if x >= ranges[r].0 {
                out.push(x);
            }
        }
        return out;
    }
    let mut rest = list;
    for &(start, end) in ranges {
        rest = &rest[rest.partition_point(|&x| x < start)..];
        let inside = rest.partition_point(|&x| x < end);
        out.extend_from_slice(&rest[..inside]);
        rest = &rest[inside..];
        if rest.is_empty() {
            break;
        }
    }
    out
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

    #[test]
    fn a_table_files_every_value_under_its_bucket_in_order() {
        let mut rng = crate::generate::Rng::new(5);
        for bits in [1, 3, 8, 9, 12] {
            let pairs: Vec<(u32, u32)> = (0..5000)
                .map(|i| (bucket_of(rng.next_u64(), bits), i))
                .collect();
            let table = Table::from_buckets(bits, pairs.clone());
            for b in 0..(1u32 << bits) {
                let key = u64::from(b) << (64 - bits);
                let expected: Vec<u32> = pairs.iter().filter(|p| p.0 == b).map(|p| p.1).collect();
                assert_eq!(table.bucket(key), &expected[..], "bits {bits}, bucket {b}");
            }
        }
    }

    #[test]
    fn ranges_merge_and_cut_lists() {
        assert_eq!(
            merged(vec![(5, 8), (0, 2), (2, 4), (7, 9)]),
            [(0, 4), (5, 9)]
        );
        let list = [0, 1, 3, 4, 7, 9, 12, 15];
        assert_eq!(within_ranges(&list, &[(1, 4), (9, 13)]), [1, 3, 9, 12]);
        assert_eq!(within_ranges(&list, &[(16, 20)]), Vec::<u32>::new());
        assert_eq!(within_ranges(&[], &[(0, 5)]), Vec::<u32>::new());
        // Many ranges against a short list take the walk; same answer.
        let ranges: Vec<Range> = (0..40).map(|i| (i * 4, i * 4 + 2)).collect();
        assert_eq!(within_ranges(&list, &ranges), [0, 1, 4, 9, 12]);
    }

    #[test]
    fn keys_combine_one_code_per_list() {
        let mut keys = Vec::new();
        assert!(for_each_key(&[&[1, 2], &[10, 20]], 4, |k| keys.push(k)));
        keys.sort_unstable();
        assert_eq!(keys, [11, 12, 21, 22]);
        assert!(!for_each_key(&[&[1, 2], &[10, 20]], 3, |_| panic!()));
        assert!(for_each_key(&[&[1, 2], &[]], 3, |_| panic!()));
    }

    #[test]
    fn blocks_are_disjoint_and_selective() {
        let sides = [0b0101_0101_0101, 0b1010_1010_1010];
        // Both sides hold three or more: the sides.
        let [a, b] = blocks_of(0b1111_1111_1111, sides);
        assert_eq!((a, b), (sides[0], sides[1]));
        // Seven loci, five on one side: the halves (4 + 3).
        let mask = 0b0001_0101_1111;
        let [a, b] = blocks_of(mask, sides);
        assert_eq!(a & b, 0);
        assert_eq!(a | b, mask);
        assert_eq!((size(a), size(b)), (4, 3));
        // Six or fewer: the sides, even when one is small.
        let [a, b] = blocks_of(0b0000_0101_0111, sides);
        assert_eq!((size(a), size(b)), (4, 1));
    }
}
