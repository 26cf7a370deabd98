//! Lookup buckets that turn "fully matched, with the microvariant tolerance" into key equality.
//!
//! Two alleles are equivalent when their lengths in bases (their *positions*, see
//! [`Allele::position`]) differ by at most one. That relation is not transitive (9.3 ≡ 10 ≡ 10.1
//! but 9.3 ≢ 10.1), so no single canonical value per allele can serve as a lookup key. Instead,
//! per locus, some positions are **anchors** — chosen so that no two anchors are adjacent and
//! as much of the database as possible sits on an anchor (a maximum-weight independent set on
//! the line of positions, weighted by how often each occurs). Then:
//!
//! - a database allele is **filed** under the anchors within one base of it: an anchor under
//!   itself, a position between two anchors under both (the rare `10.1` between `10` and
//!   `10.2`), a position with no anchor beside it under its own position;
//! - a query allele **probes** a smallest set of buckets that meets the filing of every database
//!   position equivalent to it. For an anchor — most alleles — that is the anchor alone: its
//!   equivalent positions are filed under it. Other positions need two probes at most.
//!
//! So a database genotype fully matched by the query genotype always shares a bucket pair with
//! it (the property tests below check it for arbitrary positions), and a common query genotype
//! costs one lookup. Which anchors are chosen only affects speed, never what is found.

use crate::allele::Allele;
use crate::locus::LONGEST_UNIT;

/// Every position [`Allele::position`] can give: `repeats × unit + variant`, for any `u8`
/// repeats and variant (a file holds at most 98 repeats, but code can make any allele, and
/// the index must find those too).
pub(crate) const POSITIONS: usize = u8::MAX as usize * LONGEST_UNIT as usize + u8::MAX as usize + 1;

/// The buckets of one locus.
pub(crate) struct LocusBuckets {
    /// Allele occurrences per position in the database.
    count: Vec<u32>,
    anchor: Vec<bool>,
}

impl LocusBuckets {
    /// Chooses the anchors for the positions seen in the database, `count[p]` times each.
    pub(crate) fn new(mut count: Vec<u32>) -> LocusBuckets {
        count.resize(POSITIONS, 0);
        // Maximum-weight independent set on a path: best[i] = the best weight over 0..i.
        let mut best = vec![0u64; POSITIONS + 1];
        for p in 0..POSITIONS {
            let take = u64::from(count[p]) + if p > 0 { best[p - 1] } else { 0 };
            best[p + 1] = best[p].max(take);
        }
        let mut anchor = vec![false; POSITIONS];
        let mut p = POSITIONS;
        while p > 0 {
            let i = p - 1;
            let take = u64::from(count[i]) + if i > 0 { best[i - 1] } else { 0 };
            if count[i] > 0 && take >= best[i] {
                anchor[i] = true;
                p = p.saturating_sub(2);
            } else {
                p -= 1;
            }
        }
        LocusBuckets { count, anchor }
    }

    fn is_anchor(&self, p: usize) -> bool {
        self.anchor.get(p).copied().unwrap_or(false)
    }

    fn in_database(&self, p: usize) -> bool {
        self.count.get(p).is_some_and(|c| *c > 0)
    }

    /// The buckets a database allele at position `p` is filed under (one or two).
    pub(crate) fn filed(&self, p: usize) -> Bucket {
        if self.is_anchor(p) {
            return Bucket::one(p);
        }
        let below = p.checked_sub(1).filter(|&b| self.is_anchor(b));
        let above = Some(p + 1).filter(|&a| self.is_anchor(a));
        match (below, above) {
            (Some(b), Some(a)) => Bucket::two(b, a),
            (Some(x), None) | (None, Some(x)) => Bucket::one(x),
            (None, None) => Bucket::one(p),
        }
    }

    /// The fewest buckets that meet the filing of every database position a query allele at
    /// `q` fully matches: `q` itself, and with the tolerance its neighbours one base away.
    pub(crate) fn probes(&self, q: usize, microvariant: bool) -> Bucket {
        let mut targets: Vec<Bucket> = Vec::with_capacity(3);
        let range = if microvariant {
            q.saturating_sub(1)..=q + 1
        } else {
            q..=q
        };
        for p in range {
            if self.in_database(p) {
                targets.push(self.filed(p));
            }
        }
        // The candidates are the buckets of the targets (at most six); try one, then two.
        let options: Vec<u16> = {
            let mut o: Vec<u16> = targets.iter().flat_map(|b| b.iter()).collect();
            o.sort_unstable();
            o.dedup();
            o
        };
        if targets.is_empty() {
            return Bucket::NONE;
        }
        for &x in &options {
            if targets.iter().all(|t| t.contains(x)) {
                return Bucket::one(usize::from(x));
            }
        }
        for (i, &x) in options.iter().enumerate() {
            for &y in &options[i + 1..] {
                if targets.iter().all(|t| t.contains(x) || t.contains(y)) {
                    return Bucket::two(usize::from(x), usize::from(y));
                }
            }
        }
        // Three targets with pairwise disjoint buckets: cannot happen on a line (the middle
        // target's buckets touch both sides), but stay complete anyway.
        let mut all = Bucket::NONE;
        for x in options {
            all.push(x);
        }
        all
    }
}

/// A small set of bucket ids (positions), at most six.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Bucket {
    ids: [u16; 6],
    len: u8,
}

impl Bucket {
    pub(crate) const NONE: Bucket = Bucket {
        ids: [0; 6],
        len: 0,
    };

    fn one(p: usize) -> Bucket {
        let mut b = Bucket::NONE;
        b.push(p as u16);
        b
    }

    fn two(x: usize, y: usize) -> Bucket {
        let mut b = Bucket::one(x);
        b.push(y as u16);
        b
    }

    fn push(&mut self, id: u16) {
        if !self.contains(id) && usize::from(self.len) < self.ids.len() {
            self.ids[usize::from(self.len)] = id;
            self.len += 1;
        }
    }

    pub(crate) fn contains(&self, id: u16) -> bool {
        self.ids[..usize::from(self.len)].contains(&id)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = u16> + '_ {
        self.ids[..usize::from(self.len)].iter().copied()
    }
}

/// The allele's position, for a fully designated allele.
pub(crate) fn position(a: Allele, unit: u8) -> Option<usize> {
    a.position(unit).map(usize::from)
}

/// A 64-bit code for the unordered bucket pair {x, y} at index locus `slot`. A key over several
/// loci is the wrapping sum of their codes: equal genotypes give equal keys, and different
/// ones collide with probability 2⁻⁶⁴ (a collision only adds a candidate).
pub(crate) fn pair_code(slot: usize, x: u16, y: u16) -> u64 {
    let (lo, hi) = (x.min(y), x.max(y));
    mix((slot as u64) << 40 | u64::from(lo) << 20 | u64::from(hi))
}

/// The SplitMix64 finaliser: a bijection that spreads every input bit over the output.
pub(crate) fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The codes of every bucket pair a genotype with alleles in buckets `a` and `b` has; empty
/// when either is. Deduplicated, at most 36.
pub(crate) fn pair_codes(slot: usize, a: Bucket, b: Bucket, out: &mut Vec<u64>) {
    out.clear();
    for x in a.iter() {
        for y in b.iter() {
            let code = pair_code(slot, x, y);
            if !out.contains(&code) {
                out.push(code);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn buckets(counts: &[(usize, u32)]) -> LocusBuckets {
        let mut count = vec![0; POSITIONS];
        for &(p, c) in counts {
            count[p] = c;
        }
        LocusBuckets::new(count)
    }

    #[test]
    fn common_alleles_are_anchors_and_rare_neighbours_are_filed_beside_them() {
        // TH01: 9 (36), 9.3 (39) and 11 (44) common; 10 (40) rarer; 10.1 (41) seen once.
        let b = buckets(&[(36, 300), (39, 500), (40, 40), (41, 1), (44, 100)]);
        assert!(b.is_anchor(36) && b.is_anchor(39) && b.is_anchor(44));
        assert!(!b.is_anchor(40));
        // 10.1 has no anchor beside it, so it is one; 10 lies between 9.3 and 10.1.
        assert!(b.is_anchor(41));
        assert_eq!(b.filed(40), Bucket::two(39, 41));
        // A query 9.3 probes 9.3 alone: 10 is filed there too.
        assert_eq!(b.probes(39, true), Bucket::one(39));
        // A query 10 must meet 9.3 (39), 10 (39 or 41) and 10.1 (41).
        assert_eq!(b.probes(40, true), Bucket::two(39, 41));
        // Without the tolerance only 10 itself counts: one of its buckets will do.
        assert_eq!(b.probes(40, false), Bucket::one(39));
        // A position absent from the database with no neighbour there probes nothing.
        assert_eq!(b.probes(60, true), Bucket::NONE);
    }

    #[test]
    fn a_position_between_two_anchors_is_filed_under_both() {
        let b = buckets(&[(40, 100), (41, 1), (42, 100)]);
        assert_eq!(b.filed(41), Bucket::two(40, 42));
        assert_eq!(b.probes(40, true), Bucket::one(40));
        assert_eq!(b.probes(42, true), Bucket::one(42));
    }

    proptest! {
        /// Completeness: a database allele equivalent to the query allele always shares a
        /// bucket with the query's probes, whatever the database's positions and counts.
        #[test]
        fn every_equivalent_position_is_found(
            counts in proptest::collection::vec((30usize..60, 0u32..50), 0..20),
            q in 28usize..62,
            delta in 0usize..3,
            microvariant in any::<bool>(),
        ) {
            let b = buckets(&counts);
            let p = (q + delta).saturating_sub(1);
            let equivalent = if microvariant { p.abs_diff(q) <= 1 } else { p == q };
            if equivalent && b.in_database(p) {
                let filed = b.filed(p);
                let probes = b.probes(q, microvariant);
                prop_assert!(filed.iter().any(|x| probes.contains(x)),
                    "p {} filed {:?}, q {} probes {:?}", p, filed, q, probes);
            }
            // No two anchors are adjacent, and probes need at most two buckets.
            for x in 1..POSITIONS {
                prop_assert!(!(b.is_anchor(x) && b.is_anchor(x - 1)));
            }
            prop_assert!(b.probes(q, microvariant).iter().count() <= 2);
        }
    }
}
